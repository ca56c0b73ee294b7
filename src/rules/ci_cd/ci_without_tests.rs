use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::ci_scan::primary_ci_file;
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// CI configuration in which no job runs the tests: no `cargo test`/`cargo nextest`,
    /// `go test`, `npm test`/`npm run test`/`yarn test`/`pnpm test`, jest/vitest/mocha,
    /// pytest/tox/nox, `make test`, `just test` (and a few other ecosystems' runners). Commands
    /// are also followed one level (and up to three) into what a step runs: a repository
    /// script (`./ci.sh`, `bash .ci/run`), a Makefile target (`make ci`), a justfile recipe or
    /// a package.json script (`npm run ci`).
    ///
    /// ## Why it matters
    /// A pipeline that only builds gives a green check to code whose behaviour is broken: the
    /// tests exist but nobody is forced to run them before merging.
    ///
    /// ## How to fix
    /// Add a test step to the pipeline (or to the script it runs).
    ///
    /// ## Example
    /// ```yaml
    /// steps:
    ///   - uses: actions/checkout@v4
    ///   - run: cargo build --release
    /// ```
    /// Use instead:
    /// ```yaml
    /// steps:
    ///   - uses: actions/checkout@v4
    ///   - run: cargo test --locked
    /// ```
    ///
    /// ## Does not flag
    /// Test commands reached through a script, make target, just recipe or package.json script
    /// the CI runs; `actions-rs/cargo` (or a `…/cargo-action` fork) with `command: test`; CI that
    /// calls another repository's reusable workflow (`uses: org/workflows/.github/workflows/ci.yml@…`:
    /// its steps cannot be read here; local `./.github/workflows/…` ones are). Commented-out commands, `echo
    /// "cargo test"`, and step names such as `name: Run tests` do not count as running tests.
    /// Projects without CI are left to `no-ci`.
    pub struct CiWithoutTests {
        id: "ci-without-tests",
        category: Category::CiCd,
        severity: Severity::High,
        effort_hours: 1.0,
        languages: &[
            Language::Rust,
            Language::Go,
            Language::TypeScript,
            Language::Tsx,
            Language::JavaScript,
            Language::Python,
        ],
        summary: "CI never runs the test suite",
        since: "2026.2",
        scope: Scope::Project,
    }
}

impl Rule for CiWithoutTests {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let Some(ci) = primary_ci_file(ctx.project) else {
            return;
        };
        // A reusable workflow of another repository may run them: not "never".
        if !ctx.project.ci().runs_tests() && !ctx.project.ci().delegates_to_remote_workflow() {
            out.push(ctx.finding_in(
                &Self::META,
                ci,
                None,
                format!("CI (`{ci}`) never runs the tests: no job or script it calls runs a test command"),
            ));
        }
    }
}
