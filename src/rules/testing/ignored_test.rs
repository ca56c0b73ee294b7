use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::ancestor_of_kind;
use crate::rules::{FileContext, Rule};
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Tests switched off unconditionally, in test code: Rust `#[ignore]` (with or without a
    /// reason) on a test function; Go `t.Skip(…)`, `t.SkipNow()`, `t.Skipf(…)` outside any
    /// condition; JavaScript/TypeScript `it.skip`, `test.skip`, `describe.skip` (with a title),
    /// `xit`, `xtest`, `xdescribe`; Python `@pytest.mark.skip` and `@unittest.skip`. One finding
    /// per skipped test, at the marker.
    ///
    /// ## Why it matters
    /// A skipped test is a test that passes whatever the code does. Skips added "for now" stay
    /// for years; the behaviour they covered silently stops being checked.
    ///
    /// ## How to fix
    /// Fix the test or delete it. When it must not run everywhere, make the condition explicit
    /// (`#[cfg_attr(not(feature = "net"), ignore)]`, `if testing.Short() { t.Skip(…) }`, a
    /// `t.Skip` after guard clauses that return (`if dsn != "" { return }`),
    /// `@pytest.mark.skipif(sys.platform == "win32", …)`) and run the skipped set somewhere in CI.
    ///
    /// ## Example
    /// ```python
    /// @pytest.mark.skip(reason="flaky")
    /// def test_checkout():
    ///     ...
    /// ```
    /// Use instead:
    /// ```python
    /// @pytest.mark.skipif(not os.getenv("PAYMENTS_SANDBOX"), reason="needs the sandbox")
    /// def test_checkout():
    ///     ...
    /// ```
    ///
    /// ## Does not flag
    /// Conditional skips: `skipif`/`skipIf`/`skipUnless`, `#[cfg_attr(…, ignore)]`, Go skips
    /// inside an `if`/`switch`/`select`, Playwright's `test.skip(condition, …)`, `it.skipIf`;
    /// methods named `Skip` on values that are not a `*testing.T`/`B`/`F`, Go skips in helper
    /// functions (not named `Test…`/`Benchmark…`/`Fuzz…`); markers in comments or
    /// strings; Python tests defined inside a function (data of the enclosing test, never
    /// collected); production code (`#[ignore]` is only judged in test code); Rust ignored tests
    /// that CI (in a step, or a script, make target or recipe a step runs), the justfile, the
    /// Makefile or cargo-make's `Makefile.toml` (an `args` list with `"--ignored"`, its
    /// multi-phase test flow) runs on purpose (`cargo test -- --ignored`, `--include-ignored`,
    /// `cargo nextest run --run-ignored`; with `--test NAME`, only that integration test).
    /// Commented-out CI lines do not count.
    pub struct IgnoredTest {
        id: "ignored-test",
        category: Category::Testing,
        severity: Severity::Low,
        effort_hours: 0.5,
        languages: &Language::CODE,
        summary: "Test disabled unconditionally (`#[ignore]`, `t.Skip`, `it.skip`, `@pytest.mark.skip`)",
        since: "2026.2",
        literals: &["ignore", "Skip", "skip", "xit", "xtest", "xdescribe", "xcontext"],
        // Tests, wherever they are, are what it reads.
        reads_support_code: true,
    }
}

const JS_SKIP_OBJECTS: &[&str] = &[
    "it",
    "test",
    "describe",
    "context",
    "suite",
    "specify",
    "test.describe",
];
const JS_X_FUNCTIONS: &[&str] = &[
    "xit",
    "xtest",
    "xdescribe",
    "xcontext",
    "xspecify",
    "xsuite",
];
const PY_SKIPS: &[&str] = &["pytest.mark.skip", "mark.skip", "unittest.skip"];

impl Rule for IgnoredTest {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        match ctx.language {
            Language::Rust => rust(self, ctx, out),
            Language::Go => go(ctx, out),
            Language::Python => python(ctx, out),
            l if l.is_js_family() => js(ctx, out),
            _ => {}
        }
    }
}

/// The item an attribute is attached to: the next named sibling that is not an attribute or a
/// comment.
fn attributed_item(attr: Node<'_>) -> Option<Node<'_>> {
    let mut next = attr.next_named_sibling();
    while let Some(n) = next {
        if n.kind() != "attribute_item" && !crate::rules::util::is_comment_kind(n.kind()) {
            return Some(n);
        }
        next = n.next_named_sibling();
    }
    None
}

fn rust(_rule: &IgnoredTest, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    // Read from the CI files once per file, and only when there is an ignored test.
    let mut ci_runs_ignored: Option<bool> = None;
    for item in ctx.nodes_of_kind("attribute_item") {
        let Some(attr) = item.named_child(0).filter(|a| a.kind() == "attribute") else {
            continue;
        };
        let Some(path) = attr.named_child(0) else {
            continue;
        };
        if path.kind() != "identifier" || ctx.text_of(path) != "ignore" {
            continue;
        }
        if attr.field("arguments").is_some() || !ctx.is_test_code(item) {
            continue;
        }
        let Some(func) = attributed_item(item).filter(|f| f.kind() == "function_item") else {
            continue;
        };
        // An ignored `#[bench]` is skipped by `cargo bench`, not by `cargo test`.
        if crate::rules::util::rust_attributes(ctx, func)
            .iter()
            .any(|a| a == "bench")
        {
            continue;
        }
        if *ci_runs_ignored.get_or_insert_with(|| ci_runs_ignored_tests(ctx)) {
            return;
        }
        let name = func.field("name").map(|n| ctx.text_of(n)).unwrap_or("?");
        out.push(ctx.finding(
            &IgnoredTest::META,
            item,
            format!("test `{name}` is `#[ignore]`d: `cargo test` never runs it"),
        ));
    }
}

/// CI (or the project's justfile/Makefile) runs the ignored tests of this file on purpose:
/// `cargo test -- --ignored`, `--include-ignored`, `cargo nextest run --run-ignored …`, in a CI
/// step or in a script, make target or recipe a step reaches. With `--test NAME` on that command
/// line, only the integration test `tests/NAME.rs` counts.
fn ci_runs_ignored_tests(ctx: &FileContext<'_>) -> bool {
    let path = ctx.rel_path();
    let runs_this_file = |line: &str| {
        let runs_ignored = (line.contains("cargo test") || line.contains("cargo nextest"))
            && (line.contains("--ignored")
                || line.contains("--include-ignored")
                || line.contains("--run-ignored"));
        if !runs_ignored {
            return false;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let targets: Vec<&str> = words
            .windows(2)
            .filter(|w| w[0] == "--test")
            .map(|w| w[1])
            .collect();
        targets.is_empty()
            || targets.iter().any(|t| {
                path.ends_with(&format!("tests/{t}.rs")) || path.contains(&format!("tests/{t}/"))
            })
    };
    // Recipes a developer runs by hand count as well as what CI reaches.
    let local_scripts = ["justfile", "Justfile", "Makefile", "makefile"]
        .into_iter()
        .filter_map(|s| ctx.project.file(s).and_then(|f| f.text()))
        .flat_map(str::lines)
        .map(|l| l.split('#').next().unwrap_or(""));
    ctx.project.ci().any_line(runs_this_file)
        || local_scripts.into_iter().any(runs_this_file)
        || cargo_make_runs_ignored(ctx)
}

/// cargo-make's `Makefile.toml` runs the ignored tests: a task whose `args` hold `--ignored`
/// (`args = ["test", "--", "--ignored"]`), or its multi-phase test flow, whose single-threaded
/// phase is `cargo test -- --ignored`.
fn cargo_make_runs_ignored(ctx: &FileContext<'_>) -> bool {
    ctx.project
        .file("Makefile.toml")
        .and_then(|f| f.text())
        .is_some_and(|t| {
            t.lines()
                .map(|l| l.split('#').next().unwrap_or(""))
                .any(|l| {
                    l.contains("\"--ignored\"")
                        || l.contains("\"--include-ignored\"")
                        || l.contains("multi-phase-tests")
                        || l.contains("CARGO_MAKE_TEST_USE_MULTI_TEST_PHASES")
                })
        })
}

const GO_FUNCS: &[&str] = &["func_literal", "function_declaration", "method_declaration"];

/// Whether `name` is a parameter of type `*testing.X`/`testing.TB` of `func` or an enclosing
/// function.
fn is_testing_param(ctx: &FileContext<'_>, mut func: Option<Node<'_>>, name: &str) -> bool {
    while let Some(f) = func {
        if let Some(params) = f.field("parameters") {
            let mut cursor = params.walk();
            for decl in params.named_children(&mut cursor) {
                let Some(ty) = decl.field("type") else {
                    continue;
                };
                let mut c2 = decl.walk();
                let named = decl
                    .children_by_field_name("name", &mut c2)
                    .any(|n| ctx.text_of(n) == name);
                if named {
                    return ctx.text_of(ty).contains("testing.");
                }
            }
        }
        func = ancestor_of_kind(f, GO_FUNCS);
    }
    false
}

/// Whether a node runs under a condition inside its function.
fn is_conditional(node: Node<'_>, conditions: &[&str], functions: &[&str]) -> bool {
    let mut current = node.parent();
    while let Some(n) = current {
        if functions.contains(&n.kind()) {
            return false;
        }
        if conditions.contains(&n.kind()) {
            return true;
        }
        current = n.parent();
    }
    false
}

/// An earlier statement of the same block returns under a condition (`if dsn != "" { return }`
/// then `t.Skip("no database")`): the skip runs only when the guards let it through.
fn after_guard_clause(ctx: &FileContext<'_>, call: Node<'_>) -> bool {
    let Some(statement) = call.parent().filter(|p| p.kind() == "expression_statement") else {
        return false;
    };
    std::iter::successors(statement.prev_named_sibling(), |s| s.prev_named_sibling()).any(|s| {
        s.kind() == "if_statement"
            && s.field("consequence").is_some_and(|block| {
                crate::rules::util::block_statements(block)
                    .last()
                    .is_some_and(|l| l.kind() == "return_statement")
            })
            // A failure path (`if err != nil { t.Fatal(err); return }`) is no guard: the skip
            // still runs whenever the test gets that far.
            && !s.field("consequence").is_some_and(|block| {
                crate::rules::util::any_descendant(block, |n| {
                    n.kind() == "field_identifier"
                        && matches!(
                            ctx.text_of(n),
                            "Fatal" | "Fatalf" | "Error" | "Errorf" | "FailNow" | "Fail"
                        )
                })
            })
    })
}

fn go(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for call in ctx.nodes_of_kind("call_expression") {
        let Some(function) = call.field("function") else {
            continue;
        };
        if function.kind() != "selector_expression" {
            continue;
        }
        let (Some(operand), Some(field)) = (function.field("operand"), function.field("field"))
        else {
            continue;
        };
        let method = ctx.text_of(field);
        if !matches!(method, "Skip" | "SkipNow" | "Skipf") || operand.kind() != "identifier" {
            continue;
        }
        if !ctx.is_test_code(call) {
            continue;
        }
        let receiver = ctx.text_of(operand);
        let func = ancestor_of_kind(call, GO_FUNCS);
        if !is_testing_param(ctx, func, receiver) {
            continue;
        }
        let conditions = [
            "if_statement",
            "expression_switch_statement",
            "type_switch_statement",
            "select_statement",
            "for_statement",
        ];
        if is_conditional(call, &conditions, GO_FUNCS) || after_guard_clause(ctx, call) {
            continue;
        }
        // A skip in a helper (`func testSearch(t *testing.T, tls bool)`) switches off the tests
        // that call it, and not always: those tests are what counts.
        let named = ancestor_of_kind(call, &["function_declaration", "method_declaration"]);
        let name = named.and_then(|f| f.field("name")).map(|n| ctx.text_of(n));
        if name.is_some_and(|n| {
            !["Test", "Benchmark", "Fuzz"]
                .iter()
                .any(|p| n.starts_with(p))
        }) {
            continue;
        }
        let test = func
            .and_then(|f| f.field("name"))
            .map(|n| ctx.text_of(n))
            .unwrap_or("this test");
        out.push(ctx.finding(
            &IgnoredTest::META,
            call,
            format!("`{receiver}.{method}` skips `{test}` unconditionally"),
        ));
    }
}

fn first_argument_is_title(call: Node<'_>) -> Option<bool> {
    let args = call.field("arguments")?;
    let first = args.named_child(0)?;
    Some(matches!(first.kind(), "string" | "template_string"))
}

fn js(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    const JS_FUNCS: &[&str] = &[
        "function_declaration",
        "function_expression",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
    ];
    for call in ctx.nodes_of_kind("call_expression") {
        let Some(function) = call.field("function") else {
            continue;
        };
        let shown = match function.kind() {
            "member_expression" => {
                let (Some(object), Some(property)) =
                    (function.field("object"), function.field("property"))
                else {
                    continue;
                };
                if ctx.text_of(property) != "skip"
                    || !JS_SKIP_OBJECTS.contains(&ctx.text_of(object))
                {
                    continue;
                }
                match first_argument_is_title(call) {
                    Some(true) => {}
                    // `test.skip()` inside a test body: unconditional unless under an `if`.
                    None if !is_conditional(
                        call,
                        &["if_statement", "ternary_expression", "switch_statement"],
                        JS_FUNCS,
                    ) => {}
                    _ => continue,
                }
                ctx.text_of(function)
            }
            "identifier" if JS_X_FUNCTIONS.contains(&ctx.text_of(function)) => {
                if first_argument_is_title(call) != Some(true) {
                    continue;
                }
                ctx.text_of(function)
            }
            _ => continue,
        };
        if !ctx.is_test_code(call) {
            continue;
        }
        let title = call
            .field("arguments")
            .and_then(|a| a.named_child(0))
            .filter(|a| a.kind() == "string")
            .map(|a| ctx.text_of(a).trim_matches(['"', '\'']).to_string());
        let message = match title {
            Some(t) => format!("`{shown}` disables \"{t}\""),
            None => format!("`{shown}()` skips this test unconditionally"),
        };
        out.push(ctx.finding(&IgnoredTest::META, call, message));
    }
}

fn python(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for decorator in ctx.nodes_of_kind("decorator") {
        let Some(expr) = decorator.named_child(0) else {
            continue;
        };
        let callee = if expr.kind() == "call" {
            expr.field("function")
        } else {
            Some(expr)
        };
        let Some(callee) = callee else { continue };
        let name = ctx.text_of(callee);
        if !PY_SKIPS.contains(&name) || !ctx.is_test_code(decorator) {
            continue;
        }
        // A test or test class defined inside a function is never collected by the runner: it
        // is data of the enclosing test (the tests of a test framework's own skip support).
        if ancestor_of_kind(decorator, &["function_definition"]).is_some() {
            continue;
        }
        let target = decorator
            .parent()
            .and_then(|d| d.field("definition"))
            .and_then(|d| d.field("name"))
            .map(|n| ctx.text_of(n))
            .unwrap_or("?");
        out.push(ctx.finding(
            &IgnoredTest::META,
            decorator,
            format!("`@{name}` disables `{target}` unconditionally"),
        ));
    }
}
