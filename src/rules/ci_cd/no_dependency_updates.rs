use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::DepKind;
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// A project with third-party dependencies and no automated dependency updates: no
    /// Dependabot configuration (`.github/dependabot.yml`) and no Renovate configuration
    /// (`renovate.json`, `renovate.json5`, `.renovaterc*`, `.github/renovate.json*`,
    /// `.gitlab/renovate.json*`, or a `"renovate"` key in the root `package.json`).
    ///
    /// ## Why it matters
    /// Dependencies age silently: security fixes are never picked up, and when an upgrade is
    /// finally forced it spans years of breaking changes at once. Update bots keep the gap to
    /// one small, tested pull request at a time.
    ///
    /// ## How to fix
    /// Add `.github/dependabot.yml` with one entry per ecosystem (and `github-actions`), or a
    /// `renovate.json`.
    ///
    /// ## Example
    /// A repository with `Cargo.toml` and `Cargo.lock` and nothing under `.github/` but
    /// workflows.
    ///
    /// Use instead:
    /// ```yaml
    /// # .github/dependabot.yml
    /// version: 2
    /// updates:
    ///   - package-ecosystem: cargo
    ///     directory: /
    ///     schedule:
    ///       interval: weekly
    /// ```
    ///
    /// ## Does not flag
    /// Projects without third-party dependencies (none declared, or local paths only), and any
    /// of the Dependabot or Renovate configuration files above.
    pub struct NoDependencyUpdates {
        id: "no-dependency-updates",
        category: Category::CiCd,
        severity: Severity::Low,
        effort_hours: 0.5,
        summary: "No Dependabot or Renovate configuration: dependencies are never updated automatically",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const CONFIG_FILES: &[&str] = &[
    ".github/dependabot.yml",
    ".github/dependabot.yaml",
    "renovate.json",
    "renovate.json5",
    ".renovaterc",
    ".renovaterc.json",
    ".renovaterc.json5",
    ".github/renovate.json",
    ".github/renovate.json5",
    ".gitlab/renovate.json",
    ".gitlab/renovate.json5",
];

impl Rule for NoDependencyUpdates {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let p = ctx.project;
        let mut third_party = p.dependencies.iter().filter(|d| d.local_path.is_none());
        let Some(dep) = p
            .dependencies
            .iter()
            .find(|d| d.local_path.is_none() && d.kind == DepKind::Normal)
            .or_else(|| third_party.next())
        else {
            return;
        };
        if CONFIG_FILES.iter().any(|f| p.file(f).is_some()) {
            return;
        }
        let renovate_in_package_json = p
            .file("package.json")
            .and_then(|f| f.text())
            .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
            .is_some_and(|v| v.get("renovate").is_some());
        if renovate_in_package_json {
            return;
        }
        out.push(ctx.finding(
            &Self::META,
            format!(
                "no Dependabot or Renovate configuration: dependencies (`{}` in `{}`, …) are never updated automatically",
                dep.name, dep.manifest
            ),
        ));
    }
}
