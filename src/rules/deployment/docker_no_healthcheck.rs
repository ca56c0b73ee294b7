use super::dockerfile::{Dockerfile, is_deliverable, line_finding};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::Kind;
use crate::model::yaml::parse_documents;
use crate::rules::{FileContext, Rule};

declare_rule! {
    /// ## What it finds
    /// A service's Dockerfile whose final image defines no `HEALTHCHECK` (or disables it with
    /// `HEALTHCHECK NONE`), when no Kubernetes manifest of the project defines probes and no
    /// Compose file defines a `healthcheck:`. The finding points at the final `FROM` line.
    ///
    /// ## Why it matters
    /// Without a health check, Docker, Compose and Swarm only know whether the process exists:
    /// a server that is deadlocked or lost its database keeps receiving traffic and is never
    /// restarted.
    ///
    /// ## How to fix
    /// Add a `HEALTHCHECK` that calls a cheap health endpoint, or define liveness and readiness
    /// probes where the image is deployed (Kubernetes).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["gunicorn", "app:app"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// HEALTHCHECK --interval=30s CMD curl -fsS http://localhost:8000/health || exit 1
    /// CMD ["gunicorn", "app:app"]
    /// ```
    ///
    /// ## Does not flag
    /// A `HEALTHCHECK` in the final stage or in the earlier stage it starts from, projects whose
    /// Kubernetes manifests define `livenessProbe`/`readinessProbe` or whose Compose files
    /// define an enabled `healthcheck:`, commented-out `HEALTHCHECK` lines (they are flagged as
    /// missing), projects that are not services, dev containers and development images (`.devcontainer/`,
    /// `docker/dev/Dockerfile`, `Dockerfile.dev`) and
    /// Dockerfiles under test or example folders.
    pub struct DockerNoHealthcheck {
        id: "docker-no-healthcheck",
        category: Category::Deployment,
        severity: Severity::Low,
        effort_hours: 0.5,
        languages: &[Language::Dockerfile],
        kinds: &[Kind::Service],
        summary: "service image without a HEALTHCHECK or orchestrator probes",
        since: "2026.2",
    }
}

/// Whether the project checks health elsewhere: Kubernetes probes or a Compose healthcheck.
fn health_checked_elsewhere(project: &crate::model::Project) -> bool {
    let k8s = project.facts.k8s_manifests.iter().any(|rel| {
        project.file(rel).and_then(|f| f.text()).is_some_and(|t| {
            t.lines().any(|l| {
                let l = l.trim_start();
                !l.starts_with('#')
                    && (l.starts_with("livenessProbe:") || l.starts_with("readinessProbe:"))
            })
        })
    });
    k8s || project.files.iter().any(|f| {
        let name = f.file_name().to_ascii_lowercase();
        (name.starts_with("docker-compose") || name.starts_with("compose"))
            && (name.ends_with(".yml") || name.ends_with(".yaml"))
            && f.text().is_some_and(|t| {
                parse_documents(t).is_ok_and(|docs| {
                    docs.iter().any(|d| {
                        d.get("services").is_some_and(|s| {
                            s.entries().iter().any(|(_, svc)| {
                                svc.get("healthcheck")
                                    .is_some_and(|h| h.get("disable").is_none_or(|d| !d.is_true()))
                            })
                        })
                    })
                })
            })
    })
}

impl Rule for DockerNoHealthcheck {
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
        let last = chain.iter().find_map(|s| {
            s.instructions
                .iter()
                .rev()
                .find(|i| i.keyword == "HEALTHCHECK")
        });
        let (line, message) = match last {
            Some(h) if h.args.trim().eq_ignore_ascii_case("none") => (
                h.line,
                "`HEALTHCHECK NONE` disables the image's health check".to_string(),
            ),
            Some(_) => return,
            None => (
                final_stage.from_line,
                format!(
                    "the final image (`FROM {}`) has no `HEALTHCHECK` and no orchestrator probes",
                    final_stage.base
                ),
            ),
        };
        if health_checked_elsewhere(ctx.project) {
            return;
        }
        out.push(line_finding(ctx, &Self::META, line, message));
    }
}
