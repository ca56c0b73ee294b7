use super::dockerfile::{Dockerfile, is_deliverable, line_finding};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::rules::{FileContext, Rule};

declare_rule! {
    /// ## What it finds
    /// `FROM` lines whose image has no tag or the `:latest` tag, at the `FROM` line.
    ///
    /// ## Why it matters
    /// An unpinned base image changes under you: the same commit builds a different image next
    /// week, with a new OS release, new library versions or a broken entrypoint, and a rollback
    /// does not bring the old image back.
    ///
    /// ## How to fix
    /// Pin a version tag (`python:3.12-slim`), ideally with its digest
    /// (`python:3.12-slim@sha256:…`), and update it deliberately (Dependabot, Renovate).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20.11-bookworm-slim
    /// ```
    ///
    /// ## Does not flag
    /// Tagged images, `@sha256:` digests, `FROM scratch`, `FROM builder` naming an earlier
    /// stage, `--platform=` flags, images given by an `ARG` whose default is pinned or that has
    /// no default (decided at build time), commented-out `FROM` lines, dev containers,
    /// development images (`docker/dev/Dockerfile`, `Dockerfile.dev`) and Dockerfiles under test
    /// or example folders.
    pub struct UnpinnedBaseImage {
        id: "unpinned-base-image",
        category: Category::Deployment,
        severity: Severity::Medium,
        effort_hours: 0.25,
        languages: &[Language::Dockerfile],
        summary: "base image without a version tag or with `:latest`",
        since: "2026.2",
    }
}

/// Why an image reference is unpinned, if it is.
fn unpinned(image: &str) -> Option<&'static str> {
    if image.is_empty() || image.eq_ignore_ascii_case("scratch") || image.contains('@') {
        return None;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        None => Some("has no tag"),
        Some((_, "latest")) => Some("uses the `latest` tag"),
        Some((_, "")) => Some("has no tag"),
        Some(_) => None,
    }
}

impl Rule for UnpinnedBaseImage {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        if !is_deliverable(ctx.rel_path(), ctx.role) {
            return;
        }
        let doc = Dockerfile::parse(ctx.text);
        for (i, stage) in doc.stages.iter().enumerate() {
            if doc.stage_named(&stage.base, i).is_some() {
                continue;
            }
            let image = if stage.base.contains('$') {
                // Only judge a variable whose default is known and is the whole image name.
                let var = stage
                    .base
                    .trim_start_matches('$')
                    .trim_start_matches('{')
                    .trim_end_matches('}');
                if var.contains(['$', ':', '/', '@', '{', '}']) {
                    continue;
                }
                match doc.arg_default(var) {
                    Some(default) if !default.contains('$') => default.to_string(),
                    _ => continue,
                }
            } else {
                stage.base.clone()
            };
            if let Some(why) = unpinned(&image) {
                out.push(line_finding(
                    ctx,
                    &Self::META,
                    stage.from_line,
                    format!("base image `{image}` {why}: builds are not reproducible"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::unpinned;

    #[test]
    fn image_refs() {
        assert!(unpinned("ubuntu").is_some());
        assert!(unpinned("node:latest").is_some());
        assert!(unpinned("localhost:5000/app").is_some());
        assert!(unpinned("localhost:5000/app:1.2").is_none());
        assert!(unpinned("alpine@sha256:abc").is_none());
        assert!(unpinned("scratch").is_none());
    }
}
