use crate::classify::{Language, Role};
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::code_text::strip_comments_and_strings;
use crate::model::{Ecosystem, Kind, Project, ProjectFile};
use crate::rules::project_helpers::{first_lib_in_use, has_dir_component, has_production_code};
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// A service or CLI with no test that drives it from outside: no Rust integration test
    /// (`tests/*.rs`), no Go external test package (`package foo_test`) or test using
    /// `httptest`/`exec.Command` or a real listener or dial (`net.Listen`, `net.Dial`,
    /// `grpc.Dial`, `ListenAndServe`), no JavaScript/TypeScript test under `e2e/`/`integration/` or
    /// using supertest, Playwright, Cypress, Puppeteer or `light-my-request`, no Python test under
    /// `tests/integration`/`e2e`/`functional` or using a test client (`TestClient`,
    /// `app.test_client()`, `self.client`, `client.get`, click's `CliRunner`) or `subprocess`.
    ///
    /// ## Why it matters
    /// Unit tests check the parts; only a test through the real entry point (HTTP routes,
    /// command-line arguments, the public API) catches wiring mistakes: a route not registered,
    /// a flag not parsed, middleware in the wrong order, a configuration never read.
    ///
    /// ## How to fix
    /// Add a few end-to-end tests: start the router in-process (axum's `oneshot`, `httptest`,
    /// supertest, FastAPI's `TestClient`) or run the built binary (`assert_cmd`, `exec.Command`,
    /// `subprocess`) and assert on responses and exit codes.
    ///
    /// ## Example
    /// ```text
    /// src/handlers.rs   (with #[cfg(test)] unit tests only)
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// // tests/api.rs
    /// #[tokio::test]
    /// async fn create_order_returns_201() {
    ///     let response = app().oneshot(post("/orders", body)).await.unwrap();
    ///     assert_eq!(response.status(), 201);
    /// }
    /// ```
    ///
    /// ## Does not flag
    /// Libraries and front-ends (only services and CLIs are judged); projects without any test
    /// (`no-tests` reports the one fix); any of the test shapes above. Test-client names in production code, comments or strings do not count.
    pub struct NoIntegrationTests {
        id: "no-integration-tests",
        category: Category::Testing,
        severity: Severity::Medium,
        effort_hours: 4.0,
        kinds: &[Kind::Service, Kind::Cli],
        summary: "No integration or end-to-end test drives the program from outside",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const INTEGRATION_DIRS: &[&str] = &[
    "e2e",
    "integration",
    "integration-tests",
    "integration_tests",
    "integrationtests",
    "__integration__",
    "functional",
    "acceptance",
    "end-to-end",
    "end_to_end",
    "cypress",
    "playwright",
];

const JS_LIBS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Npm, "supertest"),
    (Ecosystem::Npm, "@playwright/test"),
    (Ecosystem::Npm, "playwright"),
    (Ecosystem::Npm, "cypress"),
    (Ecosystem::Npm, "puppeteer"),
    (Ecosystem::Npm, "light-my-request"),
    (Ecosystem::Npm, "@nestjs/testing"),
    (Ecosystem::Npm, "testcontainers"),
    (Ecosystem::Cargo, "assert_cmd"),
    (Ecosystem::Cargo, "trycmd"),
    (Ecosystem::Cargo, "snapbox"),
    (Ecosystem::Python, "pytest-django"),
    (Ecosystem::Python, "webtest"),
];

/// Code of a test file that shows it drives the program from outside.
fn drives_from_outside(file: &ProjectFile, language: Language, text: &str) -> bool {
    let code = || strip_comments_and_strings(language, text);
    match language {
        Language::Rust => {
            // Cargo integration tests: Rust files under a `tests/` folder beside `src/` (a
            // `src/tests/` module is unit-test code).
            has_dir_component(&file.rel_path, &["tests"])
                && !has_dir_component(&file.rel_path, &["src"])
        }
        Language::Go => {
            let external = text.lines().any(|l| {
                let l = l.trim();
                l.starts_with("package ") && l.trim_end().ends_with("_test")
            });
            external || {
                let c = code();
                // A real listener or a dial to one: the program's servers peer over the network
                // in the test (gobgp's two BgpServers, exporter-toolkit's ListenAndServe).
                [
                    "httptest.",
                    "exec.Command",
                    "net.Listen(",
                    "net.Dial(",
                    "grpc.Dial(",
                    "grpc.NewClient(",
                    "ListenAndServe(",
                ]
                .iter()
                .any(|n| c.contains(n))
            }
        }
        Language::Python => {
            let c = code();
            [
                "TestClient(",
                "test_client(",
                "self.client.",
                "client.get(",
                "client.post(",
                "CliRunner(",
                "subprocess.",
                "AsyncClient(",
                "LiveServerTestCase",
            ]
            .iter()
            .any(|n| c.contains(n))
        }
        l if l.is_js_family() => {
            let c = code();
            ["request(app", ".inject(", "page.goto(", "cy.visit("]
                .iter()
                .any(|n| c.contains(n))
        }
        _ => false,
    }
}

fn has_integration_test(project: &Project) -> bool {
    project.files.iter().any(|f| {
        let Some(language) = f.language.filter(|l| l.is_code()) else {
            return false;
        };
        if f.role != Role::Test {
            return false;
        }
        if has_dir_component(&f.rel_path, INTEGRATION_DIRS)
            || f.file_name().contains(".e2e.")
            || f.file_name().contains("integration")
        {
            return true;
        }
        f.text()
            .is_some_and(|t| drives_from_outside(f, language, t))
    })
}

impl Rule for NoIntegrationTests {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let project = ctx.project;
        // Without any test, `no-tests` reports the one fix.
        if !has_production_code(project)
            || !super::no_tests::has_test_code(project)
            || has_integration_test(project)
            || first_lib_in_use(project, JS_LIBS).is_some()
        {
            return;
        }
        let kind = if project.kinds.contains(&Kind::Service) {
            "service (no test sends it requests)"
        } else {
            "CLI (no test runs the command)"
        };
        out.push(ctx.finding(
            &Self::META,
            format!("no integration or end-to-end test drives this {kind}"),
        ));
    }
}
