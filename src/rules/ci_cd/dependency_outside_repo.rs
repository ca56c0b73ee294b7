use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::Ecosystem;
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// Local dependencies that point outside the repository: a Cargo `path = "../…"`
    /// dependency (also in `[workspace.dependencies]`, `[dev-dependencies]`, target tables and
    /// `[patch]`), a go.mod `replace … => ../…`, or a package.json `file:`/`link:` dependency,
    /// whose path, resolved against the manifest's folder, leaves the audited root (or is
    /// absolute). Resolution is lexical: symbolic links are not followed. Points at the
    /// manifest line.
    ///
    /// ## Why it matters
    /// The build only works on the machine where the sibling folder happens to exist: a clean
    /// clone, a CI runner or a Docker build cannot compile the project at all.
    ///
    /// ## How to fix
    /// Publish the dependency (crates.io, a private registry, a Go module path, npm), depend on
    /// it by git URL and revision, or move it into the repository (a workspace member).
    ///
    /// ## Example
    /// ```toml
    /// [dependencies]
    /// shared = { path = "../shared" }
    /// ```
    /// Use instead:
    /// ```toml
    /// [dependencies]
    /// shared = { git = "https://github.com/acme/shared", rev = "4f2a9c1" }
    /// ```
    ///
    /// ## Does not flag
    /// Path dependencies inside the repository (`path = "crates/core"`, `../core` from a member
    /// folder that stays inside the root), go.mod `replace` to module versions, `file:` paths
    /// inside the repository, and manifests in test fixtures.
    pub struct DependencyOutsideRepo {
        id: "dependency-outside-repo",
        category: Category::CiCd,
        severity: Severity::Critical,
        effort_hours: 1.0,
        summary: "Local dependency outside the repository: a clean clone cannot build",
        since: "2026.2",
        scope: Scope::Project,
    }
}

impl Rule for DependencyOutsideRepo {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        for dep in &ctx.project.dependencies {
            let Some(local) = &dep.local_path else {
                continue;
            };
            let dir = dep.manifest.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            if !escapes_root(dir, local) {
                continue;
            }
            let how = match dep.ecosystem {
                Ecosystem::Cargo => "path dependency",
                Ecosystem::Go => "`replace` target",
                Ecosystem::Npm => "`file:`/`link:` dependency",
                Ecosystem::Python => "local dependency",
            };
            out.push(ctx.finding_in(
                &Self::META,
                &dep.manifest,
                dep.line,
                format!(
                    "{how} `{}` points at `{local}`, outside the repository: a clean clone cannot build",
                    dep.name
                ),
            ));
        }
    }
}

/// Whether `path`, relative to the folder `dir` (relative to the root), leaves the root.
fn escapes_root(dir: &str, path: &str) -> bool {
    let path = path.trim().replace('\\', "/");
    let is_absolute =
        path.starts_with('/') || path.starts_with('~') || path.as_bytes().get(1) == Some(&b':');
    if is_absolute {
        return true;
    }
    let mut depth: i64 = 0;
    for part in dir.split('/').chain(path.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                depth -= 1;
                if depth < 0 {
                    return true;
                }
            }
            _ => depth += 1,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::escapes_root;

    #[test]
    fn lexical_resolution() {
        assert!(escapes_root("", "../x"));
        assert!(!escapes_root("crates/a", "../b"));
        assert!(escapes_root("crates/a", "../../../b"));
        assert!(!escapes_root("", "./crates/core"));
        assert!(escapes_root("", "/opt/lib"));
        assert!(escapes_root("", "C:\\lib"));
        assert!(escapes_root("", "x/../../y"));
    }
}
