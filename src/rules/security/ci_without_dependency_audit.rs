use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::DepKind;
use crate::model::ci_scan::primary_ci_file;
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// A project with third-party dependencies whose CI never scans them for known
    /// vulnerabilities: no `cargo audit`/`cargo deny check advisories`, `govulncheck`,
    /// `npm audit`/`yarn audit`/`pnpm audit`, `pip-audit`/`safety`, `osv-scanner`, `trivy`,
    /// `snyk`, `grype`, and no scanning action (`actions/dependency-review-action`,
    /// `rustsec/audit-check`, `EmbarkStudios/cargo-deny-action`, `aquasecurity/trivy-action`,
    /// `golang/govulncheck-action`, …) or GitLab `Dependency-Scanning` template. Scripts, make
    /// targets and package scripts the CI runs are followed.
    ///
    /// ## Why it matters
    /// Most exploited vulnerabilities are in dependencies, and advisories are published long
    /// after a version was locked. Without a scan in CI a vulnerable version stays in the build
    /// until someone happens to notice.
    ///
    /// ## How to fix
    /// Run the ecosystem's audit tool in CI (on pull requests and on a schedule), or add
    /// `actions/dependency-review-action` to pull requests.
    ///
    /// ## Example
    /// ```yaml
    /// steps:
    ///   - run: cargo test
    /// ```
    /// Use instead:
    /// ```yaml
    /// steps:
    ///   - run: cargo test
    ///   - uses: rustsec/audit-check@v2
    ///     with:
    ///       token: ${{ secrets.GITHUB_TOKEN }}
    /// ```
    ///
    /// ## Does not flag
    /// Projects without CI (left to `no-ci`: adding CI is the one fix), projects without
    /// third-party dependencies (local path dependencies only), scans reached
    /// through scripts or task runners, and `cargo deny check` with advisories. Dependabot
    /// security updates alone do not count as a scan; neither do commented-out audit steps or
    /// tools that are only installed.
    pub struct CiWithoutDependencyAudit {
        id: "ci-without-dependency-audit",
        category: Category::Security,
        severity: Severity::Medium,
        effort_hours: 1.0,
        summary: "Dependencies are never scanned for known vulnerabilities in CI",
        since: "2026.2",
        scope: Scope::Project,
    }
}

impl Rule for CiWithoutDependencyAudit {
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
        // Without CI there is one fix, adding CI, and `no-ci` reports it: saying here that the
        // missing CI also scans nothing would count the same gap twice.
        let Some(ci) = primary_ci_file(p) else {
            return;
        };
        if !p.ci().runs_dependency_audit() {
            out.push(ctx.finding_in(
                &Self::META,
                ci,
                None,
                format!(
                    "CI (`{ci}`) never scans the dependencies (`{}` in `{}`, …) for known vulnerabilities (cargo audit, govulncheck, npm audit, pip-audit, osv-scanner, …)",
                    dep.name, dep.manifest
                ),
            ));
        }
    }
}
