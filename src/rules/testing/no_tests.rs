use crate::classify::{Language, Role};
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::rules::project_helpers::{find_in_code, production_languages};
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// A project with production code and no test code at all: no test file (`tests/`,
    /// `*_test.go`, `test_*.py`, `*.test.ts`, `__tests__/`, …) and no Rust in-file tests
    /// (`#[test]`, `#[cfg(test)]`, `#[tokio::test]`). The message gives the size of the untested
    /// code per language.
    ///
    /// ## Why it matters
    /// Without tests every change is verified by hand or in production. Refactoring becomes
    /// risky, regressions ship silently, and nobody can tell whether a dependency upgrade broke
    /// anything.
    ///
    /// ## How to fix
    /// Start with tests of the most important behaviour (the public API, the main command, the
    /// main endpoints), run them in CI, and add a test with every bug fix.
    ///
    /// ## Example
    /// ```rust,ignore
    /// pub fn parse_price(s: &str) -> Option<u64> { /* … */ }
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// pub fn parse_price(s: &str) -> Option<u64> { /* … */ }
    ///
    /// #[cfg(test)]
    /// mod tests {
    ///     #[test]
    ///     fn parses_cents() {
    ///         assert_eq!(super::parse_price("1.50"), Some(150));
    ///     }
    /// }
    /// ```
    ///
    /// ## Does not flag
    /// Repositories without production code (docs, configuration); any test file in any
    /// language; Rust in-file tests. `#[test]` written in a comment or a string does not count
    /// as a test.
    pub struct NoTests {
        id: "no-tests",
        category: Category::Testing,
        severity: Severity::High,
        effort_hours: 8.0,
        summary: "No tests at all",
        since: "2026.2",
        scope: Scope::Project,
    }
}

/// Rust attributes that make in-file test code.
pub(crate) const RUST_TEST_ATTRIBUTES: &[&str] = &[
    "#[test]",
    "#[cfg(test)]",
    "::test]",
    "::test(",
    "#[rstest]",
    "#[test_case(",
];

/// Any test code: a test file, or Rust tests inside production files. Also asked by
/// `no-integration-tests`, which leaves a project without any test to this rule.
pub fn has_test_code(project: &crate::model::Project) -> bool {
    project
        .files
        .iter()
        .any(|f| f.role == Role::Test && f.language.is_some_and(|l| l.is_code()))
        || find_in_code(
            project,
            &[Language::Rust],
            &[Role::Production, Role::Example],
            RUST_TEST_ATTRIBUTES,
        )
        .is_some()
}

impl Rule for NoTests {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let project = ctx.project;
        let langs = production_languages(project);
        if langs.is_empty() {
            return;
        }
        if has_test_code(project) {
            return;
        }
        let sizes: Vec<String> = langs
            .iter()
            .map(|(l, lines)| {
                let test_lines = project.languages.get(l).map_or(0, |s| s.test_lines);
                format!(
                    "{lines} lines of {} and {test_lines} of tests",
                    l.display_name()
                )
            })
            .collect();
        out.push(ctx.finding(
            &Self::META,
            format!("no test code at all: {}", sizes.join("; ")),
        ));
    }
}
