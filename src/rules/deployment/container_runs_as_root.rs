use super::dockerfile::{Dockerfile, is_deliverable, line_finding};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::rules::{FileContext, Rule};

declare_rule! {
    /// ## What it finds
    /// Dockerfiles whose final image runs as root: the final stage (and the earlier stages it is
    /// built `FROM`) sets no `USER`, or the last `USER` is `root`, `0` or `0:0`. The finding
    /// points at the final `FROM` line, or at the offending `USER` line.
    ///
    /// ## Why it matters
    /// A process running as root inside the container turns any code-execution bug into root in
    /// the container, and a container escape or a writable host mount into root on the node.
    ///
    /// ## How to fix
    /// Create an unprivileged user and switch to it at the end of the final stage, or start from
    /// an image that already runs as non-root (distroless `:nonroot`, Chainguard).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// COPY app /usr/local/bin/app
    /// CMD ["app"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN useradd --system --uid 10001 app
    /// COPY app /usr/local/bin/app
    /// USER app
    /// CMD ["app"]
    /// ```
    ///
    /// ## Does not flag
    /// A `USER` in an earlier build stage only when the final stage does not inherit from it,
    /// `USER root` followed by a later `USER app`, `USER` set via a variable, `FROM scratch`,
    /// distroless `:nonroot` and Chainguard base images, `USER` inherited from an earlier stage
    /// the final stage starts from, commented-out `USER` lines, dev containers and development
    /// images (`.devcontainer/`, `docker/dev/Dockerfile`, `Dockerfile.dev`) and Dockerfiles under test or example folders.
    pub struct ContainerRunsAsRoot {
        id: "container-runs-as-root",
        category: Category::Deployment,
        severity: Severity::Medium,
        effort_hours: 0.5,
        languages: &[Language::Dockerfile],
        summary: "the container's final image runs as root",
        since: "2026.2",
    }
}

/// Base images that do not run as root by default.
pub(super) fn base_runs_as_non_root(image: &str) -> bool {
    let lower = image.to_ascii_lowercase();
    lower == "scratch" || lower.contains("nonroot") || lower.starts_with("cgr.dev/chainguard/")
}

impl Rule for ContainerRunsAsRoot {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        if !is_deliverable(ctx.rel_path(), ctx.role) {
            return;
        }
        let doc = Dockerfile::parse(ctx.text);
        let chain = doc.final_chain();
        let Some(final_stage) = chain.first() else {
            return;
        };
        let last_user = chain.iter().find_map(|stage| {
            stage
                .instructions
                .iter()
                .rev()
                .find(|i| i.keyword == "USER")
        });
        match last_user {
            Some(user) => {
                let name = user.args.split(':').next().unwrap_or("").trim();
                if name == "root" || name == "0" {
                    out.push(line_finding(
                        ctx,
                        &Self::META,
                        user.line,
                        format!("the final image runs as root (`USER {}`)", user.args.trim()),
                    ));
                }
            }
            None => {
                let Some(root_stage) = chain.last() else {
                    return;
                };
                let mut base = root_stage.base.clone();
                if let Some(var) = base
                    .strip_prefix("${")
                    .and_then(|b| b.split_once('}'))
                    .map(|(v, rest)| (v.to_string(), rest.to_string()))
                    .or_else(|| {
                        base.strip_prefix('$')
                            .map(|v| (v.to_string(), String::new()))
                    })
                {
                    match doc.arg_default(&var.0) {
                        Some(default) => base = format!("{default}{}", var.1),
                        // Unknown at build time: nothing to judge.
                        None => return,
                    }
                }
                if base_runs_as_non_root(&base) {
                    return;
                }
                out.push(line_finding(
                    ctx,
                    &Self::META,
                    final_stage.from_line,
                    format!(
                        "the final stage (`FROM {}`) sets no `USER`: the container runs as root",
                        final_stage.base
                    ),
                ));
            }
        }
    }
}
