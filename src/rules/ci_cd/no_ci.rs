use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// A repository with code but no CI configuration of any known system (GitHub Actions,
    /// GitLab CI, CircleCI, Jenkins, Azure Pipelines, Buildkite, Drone, Woodpecker, Bitbucket,
    /// Travis, AppVeyor, Cirrus, Gitea/Forgejo Actions, SourceHut, Semaphore, Cloud Build).
    ///
    /// ## Why it matters
    /// Without CI nothing checks that the main branch builds and its tests pass: breakages are
    /// found by users or by the next person to deploy, and every other quality gate (lint,
    /// dependency audit) depends on someone remembering to run it.
    ///
    /// ## How to fix
    /// Add a pipeline that builds, tests and lints on every push and pull request.
    ///
    /// ## Example
    /// A repository with `Cargo.toml` and `src/` but no `.github/workflows/`.
    ///
    /// Use instead:
    /// ```yaml
    /// # .github/workflows/ci.yml
    /// on: [push, pull_request]
    /// jobs:
    ///   test:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - uses: actions/checkout@v4
    ///       - run: cargo test --locked
    /// ```
    ///
    /// ## Does not flag
    /// Repositories with a CI file of any supported system, and repositories without code
    /// (documentation or configuration only).
    pub struct NoCi {
        id: "no-ci",
        category: Category::CiCd,
        severity: Severity::High,
        effort_hours: 2.0,
        languages: &[
            Language::Rust,
            Language::Go,
            Language::TypeScript,
            Language::Tsx,
            Language::JavaScript,
            Language::Python,
        ],
        summary: "No CI configuration: nothing checks that the code builds and passes its tests",
        since: "2026.2",
        scope: Scope::Project,
    }
}

impl Rule for NoCi {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        if ctx.project.facts.ci_files.is_empty() {
            out.push(ctx.finding(
                &Self::META,
                "no CI configuration found: no pipeline builds or tests this repository on push",
            ));
        }
    }
}
