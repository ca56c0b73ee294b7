use super::assertion_scan::{self, Scan};
use crate::classify::{Language, Role};
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::rules::{FileContext, Rule};
use std::collections::HashSet;

declare_rule! {
    /// ## What it finds
    /// Tests that cannot fail because they check nothing:
    /// - Rust `#[test]`/`#[tokio::test]`/`#[rstest]` functions without an assertion macro
    ///   (any macro whose name contains `assert`: `assert_eq!`, `assert_matches!`,
    ///   `prop_assert!`, insta's `assert_snapshot!`…), `panic!`, `.unwrap()`/`.expect()`, `?`
    ///   or `#[should_panic]`;
    /// - Go `func TestXxx(t *testing.T)` that never calls `t.Error*`/`t.Fatal*`/`t.Fail*`, an
    ///   assertion library (testify `assert.`/`require.`, `is.`, gomega `Expect(`/`Ω(`), and
    ///   never passes `t` to a helper;
    /// - JavaScript/TypeScript `it(…)`/`test(…)` whose callback has no `expect`/`assert`/
    ///   `should` (chai, jest, vitest, node:assert, supertest `.expect(…)`) and no assertion on
    ///   its test context (`t.is`, `t.true`, `t.equal`…), and no type-level assertion the
    ///   compiler checks (`// @ts-expect-error`, `x satisfies T`, `const _x: T = value`,
    ///   `type _T = z.infer<typeof s>`);
    /// - Python `def test_*` functions and methods without `assert`, `pytest.raises`,
    ///   `self.assert*`, `self.fail`/`pytest.fail` or mock `assert_called*`.
    ///
    /// Calls of helpers count as assertions when the helper is named like one (`check_*`,
    /// `assert_*`, `verify_*`, `expect*`), when it is defined in the same file and asserts, or
    /// when it is imported from a test-support module (`common`, `helpers`, `./test-utils`…).
    ///
    /// ## Why it matters
    /// A test without an assertion passes whatever the code does: it adds coverage numbers and
    /// confidence without protecting anything. A refactoring that breaks the behaviour it was
    /// meant to pin ships green.
    ///
    /// ## How to fix
    /// Assert on the result or the side effect the test is about. When the point is that the
    /// call does not fail, say so explicitly (`assert!(result.is_ok())`, `.unwrap()`,
    /// `expect(() => f()).not.toThrow()`, `require.NoError(t, err)`).
    ///
    /// ## Example
    /// ```python
    /// def test_create_user(client):
    ///     client.post("/users", json={"name": "ana"})
    /// ```
    /// Use instead:
    /// ```python
    /// def test_create_user(client):
    ///     resp = client.post("/users", json={"name": "ana"})
    ///     assert resp.status_code == 201
    /// ```
    ///
    /// ## Does not flag
    /// Tests that assert in any of the ways above, through a local helper that asserts, a
    /// helper that receives Go's `t`, or a Go `Must…` helper (`common.Must(err)`,
    /// `MustParseSchema(s)`: its panic fails the test); functions that are not tests (Python functions not named
    /// `test*`, Go functions not `TestXxx(t *testing.T)`, Rust functions without a test
    /// attribute); `it.todo(…)`, `it.skip(…)` and tests without a callback; skipped tests
    /// (`t.Skip`, `pytest.skip`, `@pytest.mark.skip`); `#[should_panic]` tests and quickcheck
    /// properties returning `bool`; Rust compile-time checks (a body that only declares items
    /// or calls its own empty generic functions, `fn require_send<T: Send>(_: &T) {}`), Rust
    /// tests named for passing by running (`smoke`, `…_type_check_or_fail_compile`,
    /// `…_no_panic`); Go tests that only declare `var _ Iface = (*Impl)(nil)` or assign
    /// `_ = (Iface)(new(Impl))`, coverage harnesses behind an opt-in build tag that run `main`
    /// (`//go:build testrunmain`), race and deadlock tests (named
    /// `…Race…`/`…Deadlock…`, or a comment about races) that start goroutines, tests whose comment
    /// says the call must not panic, crash or hang or that it is a smoke test, tests named
    /// `…Crash…`/`…Panic…`, and `t.Run(name, tc.check)` handing `t` to a
    /// named subtest function; JS tests that call QUnit 1's global assertions (`deepEqual(a, b)`,
    /// `ok(x)`), whose callback destructures the context's assertions
    /// (`({ same, end }) => …`), whose title says the call must not crash or throw, wrap the
    /// context (`const plan = tspl(t)`), or report through
    /// Mocha's `done` (`done(err)`, `done` passed as a callback, `done()` only under a
    /// condition), or run Cypress commands that fail the test themselves (`cy.visit`, `cy.get`,
    /// `cy.contains`, `cy.request`);
    /// Python tests that only import (the import error is the failure), whose name, comment or
    /// docstring says the call must not raise, throw, fail or crash (`test_x_does_not_raise`,
    /// `# No TimeoutError.`), that use Twisted trial's `successResultOf`/`failureResultOf`, pass
    /// a helper the outcome it must see (`expect_code=403`), await with a deadline
    /// (`asyncio.wait_for(aw, timeout=1)`, `gen.with_timeout`, `asyncio.timeout`, `fail_after`)
    /// or wait for a future under tornado's `@gen_test` (not just `gen.sleep`), hypothesis
    /// properties (`@given`), test cases defined inside a test (its fixture), or send a
    /// request with
    /// the status it expects (WebTest's `app.get(url, status=404)` raises otherwise; not
    /// `status=None` or `expect_errors=True`); pytest-benchmark tests;
    /// empty methods that disable an inherited test; `test_*` functions that return a value in
    /// modules the runners do not collect (a `test_client()` factory in `tests/helpers.py`, unless
    /// pytest's `python_files` says otherwise; base-class tests there still count);
    /// demo tests under `examples/` or `docs/`;
    /// production code.
    pub struct TestWithoutAssertion {
        id: "test-without-assertion",
        category: Category::Testing,
        severity: Severity::Medium,
        effort_hours: 0.5,
        languages: &[
            Language::Rust,
            Language::Go,
            Language::TypeScript,
            Language::Tsx,
            Language::JavaScript,
            Language::Python,
        ],
        summary: "Test that asserts nothing and passes whatever the code does",
        // Tests, wherever they are, are what it reads.
        reads_support_code: true,
        // Rust test attributes, Go's `*testing.T`, Python's `def test…`, JS `it(`/`test(`.
        literals: &[
            "test]", "test(", "rstest", "test_case", "quickcheck", "wasm_bindgen_test",
            "testing.T", "def test", "it(\"", "it('", "it(`", "it.only", "it.each",
            "it.concurrent", "it.failing", "it (", "test.", "test (", "specify",
        ],
    }
}

impl Rule for TestWithoutAssertion {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        if ctx.role != Role::Test && ctx.test_ranges.is_empty() {
            return;
        }
        // Demo programs in `examples/` and `docs/` are not part of the suite.
        if crate::classify::is_in_sample_dir(ctx.rel_path()) {
            return;
        }
        // Sample inputs (`testdata/` is ignored by `go test`; fixtures are data, not tests).
        if ctx.rel_path().split('/').any(|p| {
            matches!(
                p.to_ascii_lowercase().as_str(),
                "testdata" | "fixtures" | "__fixtures__" | "fixture" | "test-data" | "test_data"
            )
        }) {
            return;
        }
        let tests = match ctx.language {
            Language::Rust => assertion_scan::rust_tests(ctx),
            Language::Go => assertion_scan::go_tests(ctx),
            Language::Python => assertion_scan::python_tests(ctx),
            l if l.is_js_family() => assertion_scan::js_tests(ctx),
            _ => return,
        };
        // Tests that assert in their own body need no facts about the rest of the file, and
        // gathering those (every function's body) is most of this rule's cost.
        let undecided: Vec<TestCase<'_>> = tests
            .into_iter()
            .filter(|t| ctx.is_test_code(t.anchor) && !t.scan.skipped && !t.scan.asserts)
            .collect();
        if undecided.is_empty() {
            return;
        }
        let file = assertion_scan::file_facts(ctx);
        let helpers = asserting_helpers(&file.functions, &file);
        for test in undecided {
            if asserts(&test.scan, &helpers, &file) {
                continue;
            }
            out.push(ctx.finding(&Self::META, test.anchor, test.message));
        }
    }
}

/// What a test found, and where to report it.
pub struct TestCase<'t> {
    /// The node whose line is reported: the function name, or the `it(`/`test(` call.
    pub anchor: tree_sitter::Node<'t>,
    pub scan: Scan,
    pub message: String,
}

/// Facts about the whole file that decide whether a call asserts.
#[derive(Default)]
pub struct FileFacts {
    /// Every function of the file, by name, with what its body does.
    pub functions: Vec<(String, Scan)>,
    /// Names imported from test-support modules (`from tests.helpers import check`).
    pub imported_helpers: HashSet<String>,
    /// Path prefixes of test-support modules (`common::`, `helpers.`).
    pub helper_modules: HashSet<String>,
    /// Module-qualified calls go to a helper when the module is named like one (Rust paths).
    pub helper_module_by_name: bool,
    /// A glob import from a test-support module: unknown free functions may come from it.
    pub glob_helper_import: bool,
    /// Names of the functions defined in the file.
    pub defined: HashSet<String>,
}

/// Names of the file's functions that assert, directly or through other local functions.
fn asserting_helpers(functions: &[(String, Scan)], file: &FileFacts) -> HashSet<String> {
    let mut asserting: HashSet<String> = HashSet::new();
    // Each round adds at least one function or stops: bounded by the number of functions.
    for _ in 0..=functions.len() {
        let before = asserting.len();
        for (name, scan) in functions {
            if !asserting.contains(name) && asserts(scan, &asserting, file) {
                asserting.insert(name.clone());
            }
        }
        if asserting.len() == before {
            break;
        }
    }
    asserting
}

fn asserts(scan: &Scan, helpers: &HashSet<String>, file: &FileFacts) -> bool {
    scan.asserts
        || scan.all_calls().any(|c| {
            helpers.contains(c) || is_assertion_like_name(c) || file.imported_helpers.contains(c)
        })
        || (file.glob_helper_import && scan.calls.iter().any(|c| !file.defined.contains(c)))
        || scan.qualified_calls.iter().any(|q| {
            // `check.equal(a, b)` (pytest-check), `verify.that(…)`
            is_assertion_like_name(q)
                || file.helper_modules.contains(q)
                || (file.helper_module_by_name && assertion_scan::is_helper_module_name(q))
        })
}

/// `check_output`, `assert_valid`, `verifyResponse`, `expectOk`, and Go's panicking `Must…`
/// helpers (`common.Must(err)`, `MustParseSchema(s)`: a panic fails the test); not values named
/// like `expected`, `checksum`, `checkout`, `mustache`.
pub fn is_assertion_like_name(name: &str) -> bool {
    let lower = name.trim_start_matches('_').to_ascii_lowercase();
    if name.starts_with("Must") && !lower.starts_with("mustache") {
        return true;
    }
    ["assert", "check", "verify", "expect"]
        .iter()
        .any(|p| lower.starts_with(p))
        && ![
            "expected",
            "checksum",
            "checkout",
            "checkpoint",
            "checked",
            "checkbox",
            "verified",
        ]
        .iter()
        .any(|w| lower.starts_with(w))
}
