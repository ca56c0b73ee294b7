use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::ci_scan::primary_ci_file;
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// CI configuration with no lint or format step: no clippy, rustfmt/`cargo fmt`,
    /// golangci-lint, `go vet`, staticcheck, gofmt, eslint, prettier, biome, ruff, flake8,
    /// black, pylint, mypy (or a linting action such as `golangci/golangci-lint-action`).
    /// Scripts, make targets, just recipes and package.json scripts the CI runs are followed as
    /// for `ci-without-tests` (`bash .ci/run` running `cargo clippy` counts).
    ///
    /// ## Why it matters
    /// Linters catch whole classes of bugs (unused results, shadowed errors, suspicious
    /// comparisons) and formatting checks keep reviews about behaviour; run by hand they drift.
    ///
    /// ## How to fix
    /// Add the ecosystem's linter and format check to CI, failing the build on warnings.
    ///
    /// ## Example
    /// ```yaml
    /// steps:
    ///   - run: go test ./...
    /// ```
    /// Use instead:
    /// ```yaml
    /// steps:
    ///   - run: go vet ./...
    ///   - uses: golangci/golangci-lint-action@v6
    ///   - run: go test ./...
    /// ```
    ///
    /// ## Does not flag
    /// Lint steps reached through scripts or task runners, linting actions, `make lint` /
    /// `npm run lint` targets, CI that calls another repository's reusable workflow (its steps
    /// cannot be read here). Commented-out lint steps, tools that are only installed
    /// (`pip install ruff`) and step names do not count. Projects without CI are left to `no-ci`.
    pub struct CiWithoutLint {
        id: "ci-without-lint",
        category: Category::CiCd,
        severity: Severity::Low,
        effort_hours: 1.0,
        languages: &[
            Language::Rust,
            Language::Go,
            Language::TypeScript,
            Language::Tsx,
            Language::JavaScript,
            Language::Python,
        ],
        summary: "CI runs no linter or format check",
        since: "2026.2",
        scope: Scope::Project,
    }
}

impl Rule for CiWithoutLint {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let Some(ci) = primary_ci_file(ctx.project) else {
            return;
        };
        // A reusable workflow of another repository may run them: not "never".
        if !ctx.project.ci().runs_lint() && !ctx.project.ci().delegates_to_remote_workflow() {
            out.push(ctx.finding_in(
                &Self::META,
                ci,
                None,
                format!("CI (`{ci}`) runs no linter or format check"),
            ));
        }
    }
}
