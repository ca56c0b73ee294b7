//! Per-language parts of `test-without-assertion`: which functions are tests, and what their
//! bodies do (assert, skip, call which helpers).

use super::test_without_assertion::{FileFacts, TestCase};
use crate::classify::Role;
use crate::parse::FieldExt;
use crate::rules::FileContext;
use crate::rules::util::{is_string_kind, visit_descendants};
use tree_sitter::Node;

/// What a function body does, as far as assertions go.
#[derive(Debug, Default, Clone)]
pub struct Scan {
    /// Asserts directly (assertion macro, `t.Errorf`, `assert`, `expect(`, `?`, `.unwrap()`…).
    pub asserts: bool,
    /// Skips itself (`t.Skip`, `pytest.skip`): a disabled test, not an assertion-free one.
    pub skipped: bool,
    /// Free functions called by name (`helper(x)`).
    pub calls: Vec<String>,
    /// Methods and path-qualified functions called (`self.check()`, `Self::run()`): matched
    /// against local helpers and assertion-like names, never against glob imports.
    pub methods: Vec<String>,
    /// First segment of module-qualified calls (`common::setup()`, `helpers.check()`).
    pub qualified_calls: Vec<String>,
}

impl Scan {
    pub fn all_calls(&self) -> impl Iterator<Item = &String> {
        self.calls.iter().chain(self.methods.iter())
    }
}

fn text<'a>(ctx: &FileContext<'a>, node: Option<Node<'_>>) -> &'a str {
    node.map(|n| ctx.text_of(n)).unwrap_or("")
}

fn shorten(s: &str, max: usize) -> String {
    let folded: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() > max {
        let short: String = folded.chars().take(max).collect();
        format!("{short}…")
    } else {
        folded
    }
}

/// A module name that says it holds test support code (`tests_util`, `common`, `helpers`).
pub fn is_helper_module_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    HELPER_MODULES.contains(&lower.as_str())
        || ["test", "util", "helper", "support", "harness", "fixture"]
            .iter()
            .any(|w| lower.contains(w))
}

/// Module names that hold test support code.
const HELPER_MODULES: &[&str] = &[
    "common",
    "helpers",
    "helper",
    "support",
    "util",
    "utils",
    "harness",
    "testutil",
    "testutils",
    "test_utils",
    "test_helpers",
    "test_support",
    "fixtures",
    "fixture",
    "testing",
    "tests",
    "test",
    "conftest",
];

// ---------------------------------------------------------------------------------------------
// Rust

pub fn rust_tests<'t>(ctx: &FileContext<'t>) -> Vec<TestCase<'t>> {
    let mut out = Vec::new();
    for f in ctx.nodes_of_kind("function_item") {
        let attrs = crate::rules::util::rust_attributes(ctx, f);
        // `#[template]`: an rstest template, expanded into the real tests elsewhere.
        if !attrs.iter().any(|a| is_rust_test_attribute(a))
            || attrs
                .iter()
                .any(|a| a == "template" || a.ends_with("::template"))
        {
            continue;
        }
        let Some(name) = f.field("name") else {
            continue;
        };
        let mut scan = f
            .field("body")
            .map(|b| rust_scan(ctx, b))
            .unwrap_or_default();
        let returns = text(ctx, f.field("return_type"));
        if attrs.iter().any(|a| a.starts_with("should_panic"))
            || returns == "bool"
            || returns.contains("TestResult")
            // `#[test_case(input => expected)]` compares the return value.
            || attrs.iter().any(|a| a.starts_with("test_case(") && a.contains("=>"))
            || f.field("body").is_some_and(|b| rust_is_compile_test(ctx, b))
            || rust_named_to_pass_by_running(ctx.text_of(name))
        {
            scan.asserts = true;
        }
        if attrs
            .iter()
            .any(|a| a.starts_with("ignore") || a.contains(",ignore)"))
        {
            scan.skipped = true;
        }
        out.push(TestCase {
            anchor: name,
            scan,
            message: format!(
                "test `{}` asserts nothing: no `assert*!`, `panic!`, `.unwrap()`/`.expect()` or `?`",
                ctx.text_of(name)
            ),
        });
    }
    out
}

/// A test named for passing by running: a smoke test (`fn smoke()`), a type check that fails
/// by not compiling (`…_type_check_or_fail_compile`), or one that must not panic.
fn rust_named_to_pass_by_running(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower
        .split('_')
        .any(|w| matches!(w, "smoke" | "compile" | "compiles"))
        || [
            "type_check",
            "typecheck",
            "no_panic",
            "not_panic",
            "doesnt_panic",
        ]
        .iter()
        .any(|p| lower.contains(p))
}

/// `test`, `tokio::test(…)`, `rstest`, `test_case(…)`, `wasm_bindgen_test`.
fn is_rust_test_attribute(attr: &str) -> bool {
    let head = attr.split('(').next().unwrap_or(attr);
    head == "test"
        || head.ends_with("::test")
        || head.ends_with("::rstest")
        || matches!(
            head,
            "rstest" | "test_case" | "wasm_bindgen_test" | "quickcheck" | "test_log::test"
        )
}

/// Macros that never assert: printing, formatting, logging, collection literals, quoting.
fn is_rust_plain_macro(name: &str) -> bool {
    matches!(
        name,
        "print"
            | "println"
            | "eprint"
            | "eprintln"
            | "format"
            | "format_args"
            | "vec"
            | "write"
            | "writeln"
            | "dbg"
            | "matches"
            | "concat"
            | "stringify"
            | "include"
            | "include_str"
            | "include_bytes"
            | "env"
            | "option_env"
            | "cfg"
            | "line"
            | "column"
            | "file"
            | "module_path"
            | "compile_error"
            | "thread_local"
            | "json"
            | "quote"
            | "quote_spanned"
            | "parse_quote"
            | "parse_quote_spanned"
            | "hashmap"
            | "btreemap"
            | "hashset"
            | "select"
            | "join"
            | "try_join"
            | "pin"
            | "pin_mut"
            | "lazy_static"
            | "addr_of"
            | "addr_of_mut"
            | "trace"
            | "debug"
            | "info"
            | "warn"
            | "error"
            | "event"
            | "span"
            | "trace_span"
            | "debug_span"
            | "info_span"
            | "warn_span"
            | "error_span"
            | "log"
            | "offset_of"
            | "const_format"
    )
}

/// Macros whose arguments are not code run by the test (`quote! { x.unwrap() }`).
fn is_rust_quoting_macro(name: &str) -> bool {
    matches!(
        name,
        "quote"
            | "quote_spanned"
            | "parse_quote"
            | "parse_quote_spanned"
            | "stringify"
            | "concat"
            | "include"
            | "include_str"
            | "include_bytes"
            | "compile_error"
    )
}

/// The last segment of a macro invocation's path.
fn rust_macro_name<'a>(ctx: &FileContext<'a>, mac: Node<'_>) -> &'a str {
    match mac.field("macro") {
        Some(p) if p.kind() == "scoped_identifier" => text(ctx, p.field("name")),
        other => text(ctx, other),
    }
}

/// A compile test: `#![deny(…)]` inside the body, a body made only of macro invocations
/// (`event!(…); span!(…);` in a macro crate's tests) other than printing, or a body that runs
/// nothing but declarations and calls of its own empty generic functions
/// (`fn require_zero<T: Zero>(_: &T) {} require_zero(&Wrapping(42));`,
/// `type T1 = <SetBitOut<U2, U0, B0> as Same<U2>>::Output;`): it passes by compiling.
fn rust_is_compile_test(ctx: &FileContext<'_>, body: Node<'_>) -> bool {
    let mut cursor = body.walk();
    let stmts: Vec<Node<'_>> = body
        .named_children(&mut cursor)
        .filter(|s| !matches!(s.kind(), "line_comment" | "block_comment"))
        .collect();
    if rust_only_declarations_and_bound_checks(ctx, &stmts) {
        return true;
    }
    if stmts.iter().any(|s| {
        s.kind() == "inner_attribute_item" && {
            let t = ctx.text_of(*s);
            t.contains("deny(") || t.contains("forbid(")
        }
    }) {
        return true;
    }
    !stmts.is_empty()
        && stmts.iter().all(|s| {
            let mac = if s.kind() == "expression_statement" {
                s.named_child(0)
            } else {
                Some(*s)
            };
            mac.is_some_and(|m| {
                m.kind() == "macro_invocation"
                    && !matches!(
                        rust_macro_name(ctx, m),
                        "print" | "println" | "eprint" | "eprintln" | "dbg" | "format" | "vec"
                    )
            })
        })
}

/// Items declared in a function body: they run nothing.
fn is_rust_item(kind: &str) -> bool {
    matches!(
        kind,
        "function_item"
            | "struct_item"
            | "enum_item"
            | "union_item"
            | "impl_item"
            | "trait_item"
            | "type_item"
            | "use_declaration"
            | "const_item"
            | "static_item"
            | "mod_item"
            | "macro_definition"
            | "attribute_item"
            | "empty_statement"
    )
}

/// Every statement declares an item or calls a generic function of the same body whose own
/// body is empty (a trait-bound check the compiler performs).
fn rust_only_declarations_and_bound_checks(ctx: &FileContext<'_>, stmts: &[Node<'_>]) -> bool {
    let empty_generic_fns: Vec<&str> = stmts
        .iter()
        .filter(|s| s.kind() == "function_item" && s.field("type_parameters").is_some())
        .filter(|f| f.field("body").is_some_and(|b| b.named_child_count() == 0))
        .filter_map(|f| f.field("name").map(|n| ctx.text_of(n)))
        .collect();
    let bound_check = |s: &Node<'_>| {
        s.kind() == "expression_statement"
            && s.named_child(0)
                .filter(|c| c.kind() == "call_expression")
                .and_then(|c| c.field("function"))
                .is_some_and(|f| {
                    f.kind() == "identifier" && empty_generic_fns.contains(&ctx.text_of(f))
                })
    };
    !stmts.is_empty()
        && stmts
            .iter()
            .all(|s| is_rust_item(s.kind()) || bound_check(s))
}

/// Testing crates whose functions check things (`trybuild::TestCases`, `macrotest::expand`).
const RUST_TESTING_CRATES: &[&str] = &[
    "trybuild",
    "macrotest",
    "insta",
    "expect_test",
    "snapbox",
    "trycmd",
    "assert_cmd",
    "assert_fs",
    "tokio_test",
    "googletest",
    "static_assertions",
    "pretty_assertions",
    "similar_asserts",
    "proptest",
    "quickcheck",
];

fn is_rust_assert_macro(name: &str) -> bool {
    name.contains("assert")
        || matches!(
            name,
            "panic" | "unreachable" | "todo" | "unimplemented" | "bail" | "ensure" | "fail"
        )
        || name.starts_with("expect")
        || name.starts_with("check")
        || name.starts_with("verify")
}

/// Methods that panic or fail the test on a bad value.
fn is_rust_failing_method(name: &str) -> bool {
    matches!(name, "unwrap" | "expect" | "unwrap_err" | "expect_err")
        || name.starts_with("assert")
        // clap's `Cli::command().debug_assert()` panics on a bad definition.
        || name.ends_with("_assert")
        || name.contains("_assert_")
}

fn rust_scan(ctx: &FileContext<'_>, body: Node<'_>) -> Scan {
    let mut scan = Scan::default();
    visit_descendants(
        body,
        |n| !(n.kind() == "macro_invocation" && is_rust_quoting_macro(rust_macro_name(ctx, n))),
        |n| match n.kind() {
            "macro_invocation" => {
                let name = rust_macro_name(ctx, n);
                // A macro of the project or of a test crate (`parses_to!`, `snapshot!`) may
                // assert; only well-known plain macros do not.
                if is_rust_assert_macro(name) || !is_rust_plain_macro(name) {
                    scan.asserts = true;
                }
            }
            // Inside macro arguments the tokens are not parsed: `assert_eq`, `unwrap` tokens.
            // Read each token tree's own tokens in order (no `parent()` walks: they are slow).
            "token_tree" => {
                let mut cursor = n.walk();
                let tokens: Vec<Node<'_>> = n.children(&mut cursor).collect();
                for (i, tok) in tokens.iter().enumerate() {
                    if tok.kind() != "identifier" {
                        continue;
                    }
                    let name = ctx.text_of(*tok);
                    let next_bang = tokens.get(i + 1).is_some_and(|t| t.kind() == "!");
                    let prev_dot = i
                        .checked_sub(1)
                        .and_then(|j| tokens.get(j))
                        .is_some_and(|t| t.kind() == ".");
                    if (next_bang && (is_rust_assert_macro(name) || !is_rust_plain_macro(name)))
                        || (prev_dot && is_rust_failing_method(name))
                    {
                        scan.asserts = true;
                    }
                }
            }
            "try_expression" => scan.asserts = true,
            "call_expression" => {
                let mut function = n.field("function");
                if let Some(g) = function.filter(|f| f.kind() == "generic_function") {
                    // `is_unpin::<T>()`, `assert_send::<T>()`: a compile-time check of `T`.
                    if n.field("arguments")
                        .is_some_and(|a| a.named_child_count() == 0)
                    {
                        scan.asserts = true;
                    }
                    function = g.field("function");
                }
                let Some(function) = function else { return };
                match function.kind() {
                    "identifier" => scan.calls.push(ctx.text_of(function).to_string()),
                    "scoped_identifier" => {
                        let name = text(ctx, function.field("name"));
                        let path = text(ctx, function.field("path"));
                        let first = path
                            .split("::")
                            .find(|s| !matches!(*s, "crate" | "super" | "self" | ""));
                        if let Some(first) = first {
                            if RUST_TESTING_CRATES.contains(&first) {
                                scan.asserts = true;
                            }
                            scan.qualified_calls.push(first.to_string());
                        }
                        scan.methods.push(name.to_string());
                    }
                    "field_expression" => {
                        let name = text(ctx, function.field("field"));
                        if is_rust_failing_method(name) {
                            scan.asserts = true;
                        }
                        scan.methods.push(name.to_string());
                    }
                    _ => {}
                }
            }
            _ => {}
        },
    );
    scan
}

fn rust_file_facts(ctx: &FileContext<'_>) -> FileFacts {
    let mut facts = FileFacts::default();
    for f in ctx.nodes_of_kind("function_item") {
        let name = text(ctx, f.field("name")).to_string();
        let scan = f
            .field("body")
            .map(|b| rust_scan(ctx, b))
            .unwrap_or_default();
        facts.defined.insert(name.clone());
        facts.functions.push((name, scan));
    }
    facts.helper_module_by_name = true;
    for u in ctx.nodes_of_kind("use_declaration") {
        let t = ctx.text_of(u);
        let from_helper = t
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|seg| HELPER_MODULES.contains(&seg));
        if !from_helper {
            continue;
        }
        if t.contains('*') {
            facts.glob_helper_import = true;
        }
        ctx.visit_all_descendants(u, |n, kind| {
            if kind == "identifier" {
                let name = ctx.text_of(n);
                if !HELPER_MODULES.contains(&name) {
                    facts.imported_helpers.insert(name.to_string());
                }
            }
        });
    }
    facts
}

// ---------------------------------------------------------------------------------------------
// Go

const GO_T_TYPES: &[&str] = &["*testing.T", "testing.TB", "*testing.B", "*testing.F"];

pub fn go_tests<'t>(ctx: &FileContext<'t>) -> Vec<TestCase<'t>> {
    let mut out = Vec::new();
    if ctx.role != Role::Test {
        return out;
    }
    for f in ctx.nodes_of_kind("function_declaration") {
        let Some(name) = f.field("name") else {
            continue;
        };
        let fname = ctx.text_of(name);
        let Some(rest) = fname.strip_prefix("Test") else {
            continue;
        };
        if rest.chars().next().is_some_and(|c| c.is_lowercase()) {
            continue;
        }
        let Some(params) = f.field("parameters") else {
            continue;
        };
        let mut cursor = params.walk();
        let decls: Vec<Node<'_>> = params
            .named_children(&mut cursor)
            .filter(|p| p.kind() == "parameter_declaration")
            .collect();
        let [param] = decls.as_slice() else { continue };
        if text(ctx, param.field("type")) != "*testing.T" {
            continue;
        }
        let mut scan = go_scan(ctx, f);
        if !scan.asserts && go_passes_by_running(ctx, f, rest) {
            scan.asserts = true;
        }
        out.push(TestCase {
            anchor: name,
            scan,
            message: format!(
                "test `{fname}` never reports a failure: no `t.Error*`/`t.Fatal*`, assertion \
                 library, or helper receiving `t`"
            ),
        });
    }
    out
}

/// Go tests whose check is that they compile or run to the end:
/// - only `var _ Interface = (*Impl)(nil)` declarations: the compiler checks the conformance;
/// - race tests (`TestLoggerRace`, or a comment about races) that start goroutines: `go test
///   -race` fails them;
/// - regression tests whose comment or name says the call must not panic or crash, and smoke
///   tests: a panic fails a Go test.
fn go_passes_by_running(ctx: &FileContext<'_>, func: Node<'_>, name: &str) -> bool {
    let Some(body) = func.field("body") else {
        return false;
    };
    let statements = crate::rules::util::block_statements(body);
    let blank_var = |n: &Node<'_>| {
        n.kind() == "var_declaration" && {
            let mut c = n.walk();
            let specs: Vec<Node<'_>> = n.named_children(&mut c).collect();
            !specs.is_empty()
                && specs.iter().all(|spec| {
                    spec.kind() == "var_spec"
                        && spec.field("name").is_some_and(|id| ctx.text_of(id) == "_")
                })
        }
    };
    // `_ = (outbound.Handler)(new(Handler))`: the same compile-time check as a conversion.
    let blank_conversion = |n: &Node<'_>| {
        n.kind() == "assignment_statement"
            && n.field("left").is_some_and(|l| ctx.text_of(l) == "_")
            && n.field("right").is_some_and(|r| {
                let value = r.named_child(0).unwrap_or(r);
                value.kind() == "call_expression"
                    && value
                        .field("function")
                        .is_some_and(|f| f.kind() == "parenthesized_expression")
            })
    };
    if !statements.is_empty()
        && statements
            .iter()
            .all(|s| blank_var(s) || blank_conversion(s))
    {
        return true;
    }
    // A coverage harness behind an opt-in tag (`//go:build testrunmain`) that runs `main`:
    // `go test` builds it only on request, and the program's exit is the result.
    if crate::model::is_go_opt_in_file(ctx.text)
        && crate::rules::util::any_descendant(body, |n| {
            n.kind() == "identifier" && ctx.text_of(n) == "main"
        })
    {
        return true;
    }
    let mut comments = String::new();
    let mut starts_goroutines = false;
    ctx.visit_all_descendants(body, |n, kind| match kind {
        "comment" => comments.push_str(&ctx.text_of(n).to_ascii_lowercase()),
        "go_statement" => starts_goroutines = true,
        _ => {}
    });
    if let Some(doc) = func.prev_named_sibling().filter(|c| c.kind() == "comment") {
        comments.push_str(&ctx.text_of(doc).to_ascii_lowercase());
    }
    let named_race = [
        "Race",
        "Concurren",
        "Parallel",
        "Stress",
        "Deadlock",
        "ThreadSafe",
    ]
    .iter()
    .any(|w| name.contains(w));
    let words: Vec<&str> = comments
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let says = |options: &[&str]| words.iter().any(|w| options.contains(w));
    if starts_goroutines && (named_race || says(&["race", "races", "racy"])) {
        return true;
    }
    // `TestFuzzCrashers`, `TestDecodeDoesNotPanic`: named after what must not happen.
    if ["Crash", "Panic"].iter().any(|w| name.contains(w)) {
        return true;
    }
    says(&[
        "smoke",
        "panic",
        "panics",
        "panicking",
        "crash",
        "crashes",
        "segfault",
        "bomb",
        "hang",
        "hangs",
    ])
}

/// Names of the `*testing.T` (and `testing.TB`) parameters of a function and its closures.
fn go_t_names(ctx: &FileContext<'_>, func: Node<'_>) -> Vec<String> {
    let mut names = Vec::new();
    ctx.visit_all_descendants(func, |n, kind| {
        if kind == "parameter_declaration" && GO_T_TYPES.contains(&text(ctx, n.field("type"))) {
            let mut cursor = n.walk();
            for id in n.children_by_field_name("name", &mut cursor) {
                names.push(ctx.text_of(id).to_string());
            }
        }
    });
    names
}

fn go_scan(ctx: &FileContext<'_>, func: Node<'_>) -> Scan {
    let mut scan = Scan::default();
    let t_names = go_t_names(ctx, func);
    let is_t = |name: &str| t_names.iter().any(|t| t == name);
    let Some(body) = func.field("body") else {
        return scan;
    };
    ctx.visit_all_descendants(body, |n, kind| match kind {
        "call_expression" => {
            let Some(function) = n.field("function") else {
                return;
            };
            match function.kind() {
                "selector_expression" => {
                    let operand = text(ctx, function.field("operand"));
                    let field = text(ctx, function.field("field"));
                    if is_t(operand) {
                        if ["Error", "Fatal", "Fail"]
                            .iter()
                            .any(|p| field.starts_with(p))
                        {
                            scan.asserts = true;
                        }
                        if field.starts_with("Skip") {
                            scan.skipped = true;
                        }
                        // `t.Run(name, tc.check)`: `t` goes to a named subtest function.
                        if field == "Run"
                            && n.field("arguments")
                                .and_then(|a| a.named_child(1))
                                .is_some_and(|f| {
                                    matches!(f.kind(), "identifier" | "selector_expression")
                                })
                        {
                            scan.asserts = true;
                        }
                    } else if matches!(operand, "assert" | "require" | "is" | "gomega")
                        || (operand == "log"
                            && (field.starts_with("Fatal") || field.starts_with("Panic")))
                        || (operand == "os" && field == "Exit")
                        || matches!(field, "Expect" | "Ω" | "Eventually" | "Consistently")
                    {
                        scan.asserts = true;
                    }
                    scan.methods.push(field.to_string());
                }
                "identifier" => {
                    let name = ctx.text_of(function);
                    if matches!(
                        name,
                        "panic" | "Expect" | "Ω" | "Eventually" | "Consistently"
                    ) {
                        scan.asserts = true;
                    }
                    scan.calls.push(name.to_string());
                }
                _ => {}
            }
        }
        // `t` handed to a helper (`checkUser(t, u)`, `suite.Run(t, s)`, `&env{t: t}`).
        "identifier"
            if is_t(ctx.text_of(n))
                && n.parent().is_some_and(|p| {
                    matches!(
                        p.kind(),
                        "argument_list" | "literal_element" | "keyed_element" | "expression_list"
                    )
                }) =>
        {
            scan.asserts = true;
        }
        _ => {}
    });
    scan
}

fn go_file_facts(ctx: &FileContext<'_>) -> FileFacts {
    let mut facts = FileFacts::default();
    for kind in ["function_declaration", "method_declaration"] {
        for f in ctx.nodes_of_kind(kind) {
            let name = text(ctx, f.field("name")).to_string();
            facts.defined.insert(name.clone());
            facts.functions.push((name, go_scan(ctx, f)));
        }
    }
    facts
}

// ---------------------------------------------------------------------------------------------
// Python

pub fn python_tests<'t>(ctx: &FileContext<'t>) -> Vec<TestCase<'t>> {
    let mut out = Vec::new();
    if ctx.role != Role::Test || python_is_benchmark_module(ctx) {
        return out;
    }
    let collected = python_collects(ctx);
    let defined: Vec<&str> = ctx
        .nodes_of_kind("function_definition")
        .map(|f| text(ctx, f.field("name")))
        .collect();
    for f in ctx.nodes_of_kind("function_definition") {
        let Some(name) = f.field("name") else {
            continue;
        };
        let fname = ctx.text_of(name);
        if !is_python_test_name(fname) {
            continue;
        }
        let decorated = f.parent().filter(|p| p.kind() == "decorated_definition");
        let outer = decorated.unwrap_or(f);
        let Some(parent) = outer.parent() else {
            continue;
        };
        let class = match parent.kind() {
            "module" => None,
            "block" => match parent.parent() {
                Some(c) if c.kind() == "class_definition" => Some(c),
                _ => continue,
            },
            _ => continue,
        };
        if let Some(d) = decorated {
            let mut cursor = d.walk();
            // Skipped tests, benchmarks, and fixtures named `test_*` (not tests at all).
            let skipped = d.named_children(&mut cursor).any(|c| {
                c.kind() == "decorator" && {
                    let t = ctx.text_of(c);
                    t.contains("skip")
                        || t.contains("xfail")
                        || t.contains("benchmark")
                        || t.contains("fixture")
                }
            });
            if skipped {
                continue;
            }
        }
        // A test case defined inside another test is that test's fixture (a runner's own tests
        // run it and check the result); it is judged with the enclosing test.
        if class.is_some_and(|c| {
            crate::rules::util::ancestor_of_kind(c, &["function_definition"]).is_some()
        }) {
            continue;
        }
        let params = text(ctx, f.field("parameters"));
        if params
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|p| p == "benchmark")
        {
            continue;
        }
        let Some(body) = f.field("body") else {
            continue;
        };
        // Outside a collected module, a `test_*` that returns a value is a helper
        // (`test_client()` in `tests/helpers.py`, `test_keys()`); base classes there still
        // hold tests that collected subclasses inherit.
        if !collected && returns_a_value(body) {
            continue;
        }
        if class.is_some() && python_body_is_trivial(ctx, body) {
            // An empty method overriding an inherited test to disable it.
            continue;
        }
        let (mut scan, self_calls) = python_scan(ctx, body);
        if python_passes_by_running(ctx, f, body)
            || decorated.is_some_and(|d| checks_a_property(ctx, d))
            || decorated.is_some_and(|d| awaits_under_test_timeout(ctx, d, body))
        {
            scan.asserts = true;
        }
        // `self.check_all()` inherited from a project base class: may assert.
        if let Some(class) = class
            && python_has_custom_base(ctx, class)
            && self_calls.iter().any(|c| !defined.contains(&c.as_str()))
        {
            scan.asserts = true;
        }
        out.push(TestCase {
            anchor: name,
            scan,
            message: format!(
                "test `{fname}` asserts nothing: no `assert`, `pytest.raises` or `self.assert*`"
            ),
        });
    }
    out
}

/// Python tests whose check is that the code runs, which pytest fails on any exception:
/// - a body that only imports (`from app.compat import old_name`: the import error is the
///   failure);
/// - a comment or docstring saying the call must not raise or crash (`# should not raise`,
///   `"""… nothing bad happens"""`), as for Go.
fn python_passes_by_running(ctx: &FileContext<'_>, func: Node<'_>, body: Node<'_>) -> bool {
    let statements: Vec<Node<'_>> = crate::rules::util::block_statements(body)
        .into_iter()
        .filter(|s| {
            !(s.kind() == "pass_statement"
                || (s.kind() == "expression_statement"
                    && s.named_child(0).is_some_and(|e| e.kind() == "string")))
        })
        .collect();
    let imports = |s: &Node<'_>| match s.kind() {
        "import_statement" | "import_from_statement" => true,
        "expression_statement" => s
            .named_child(0)
            .filter(|e| e.kind() == "call")
            .and_then(|c| c.field("function"))
            .is_some_and(|f| {
                matches!(
                    ctx.text_of(f),
                    "__import__" | "importlib.import_module" | "import_module"
                )
            }),
        _ => false,
    };
    if !statements.is_empty() && statements.iter().all(imports) {
        return true;
    }
    let mut notes = String::new();
    // The whole function: a comment right after `def …:` is the function's child, not the
    // block's.
    ctx.visit_all_descendants(func, |n, kind| {
        if kind == "comment" {
            notes.push_str(ctx.text_of(n));
            notes.push('\n');
        }
    });
    if let Some(doc) = crate::rules::util::python_docstring(ctx, func) {
        notes.push_str(doc);
    }
    let notes = notes.to_ascii_lowercase().replace('\n', " ");
    let notes: String = notes.split_whitespace().collect::<Vec<_>>().join(" ");
    says_it_must_not_fail(&notes)
        || func
            .field("name")
            .map(|n| ctx.text_of(n).to_ascii_lowercase())
            .is_some_and(|name| {
                [
                    "does_not_raise",
                    "doesnt_raise",
                    "not_raise",
                    "no_raise",
                    "does_not_crash",
                    "no_crash",
                    "does_not_fail",
                    "doesnt_fail",
                    "not_throw",
                ]
                .iter()
                .any(|p| name.contains(p))
            })
}

/// The decorators of a decorated definition, as text.
fn decorator_texts<'t>(ctx: &FileContext<'t>, decorated: Node<'_>) -> Vec<&'t str> {
    let mut cursor = decorated.walk();
    decorated
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "decorator")
        .map(|c| ctx.text_of(c).trim_start_matches('@').trim())
        .collect()
}

/// A hypothesis property (`@given(st.binary())`): the property is that no unexpected exception
/// escapes for any generated input, which hypothesis reports as a failure.
fn checks_a_property(ctx: &FileContext<'_>, decorated: Node<'_>) -> bool {
    decorator_texts(ctx, decorated)
        .iter()
        .any(|t| t.starts_with("given(") || t.starts_with("hypothesis.given("))
}

/// Tornado's `@gen_test` fails a test that runs past its timeout (5 s by default), so a test
/// that waits for a future (`yield self.close_future`, `await event.wait()`) asserts that the
/// future resolves. Waiting only on `gen.sleep` asserts nothing.
fn awaits_under_test_timeout(ctx: &FileContext<'_>, decorated: Node<'_>, body: Node<'_>) -> bool {
    let under_timeout = decorator_texts(ctx, decorated).iter().any(|t| {
        matches!(*t, "gen_test" | "tornado.testing.gen_test") || t.starts_with("gen_test(")
    });
    if !under_timeout {
        return false;
    }
    let mut waits = false;
    ctx.visit_all_descendants(body, |n, kind| {
        if matches!(kind, "yield" | "await") {
            let awaited = n.named_child(0).map_or("", |e| ctx.text_of(e));
            let sleeps = awaited.contains("sleep(");
            waits |= !awaited.is_empty() && !sleeps;
        }
    });
    waits
}

/// A lower-cased comment, docstring or test title saying the test passes by not failing: "does
/// not raise", "should not crash", "doesn't throw".
fn says_it_must_not_fail(notes: &str) -> bool {
    [
        "not raise",
        "not raising",
        "n't raise",
        "no exception",
        "without raising",
        "without an exception",
        "without error",
        "not crash",
        "n't crash",
        "without crashing",
        "nothing bad happens",
        "must not fail",
        "should not fail",
        "does not fail",
        "doesn't fail",
        "not throw",
        "n't throw",
        "without throwing",
        "no infinite recursion",
        "must not stop",
        "not result in an error",
        "should not error",
        "not explode",
        "n't explode",
        "not blow up",
        "n't blow up",
        "will succeed",
        "should succeed",
    ]
    .iter()
    .any(|p| notes.contains(p))
        || names_no_error(notes)
}

/// "No errors.", "no exception", "# No TimeoutError.": a note that the outcome is the absence
/// of an error. A bare "no error" is left out ("no error handling yet").
fn names_no_error(notes: &str) -> bool {
    notes.match_indices("no ").any(|(at, _)| {
        let word_start = at == 0 || !notes.as_bytes()[at - 1].is_ascii_alphanumeric();
        let word: String = notes[at + 3..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        word_start && (word == "errors" || (word.len() > 5 && word.ends_with("error")))
    })
}

/// A `return <value>` in `body`, outside nested functions.
fn returns_a_value(body: Node<'_>) -> bool {
    let mut found = false;
    crate::rules::util::visit_descendants(
        body,
        |n| {
            !matches!(
                n.kind(),
                "function_definition" | "lambda" | "class_definition"
            )
        },
        |n| found |= n.kind() == "return_statement" && n.named_child_count() > 0,
    );
    found
}

/// A module the test runners collect: `test*.py` (unittest's pattern, pytest's `test_*.py`,
/// Django's `tests.py`) or `*_test(s).py`, unless the project sets pytest's `python_files`.
fn python_collects(ctx: &FileContext<'_>) -> bool {
    let name = ctx.rel_path().rsplit('/').next().unwrap_or("");
    let stem = name.strip_suffix(".py").unwrap_or(name);
    stem.starts_with("test")
        || stem.ends_with("_test")
        || stem.ends_with("_tests")
        || *ctx.project.facts.lazy.pytest_python_files.get_or_init(|| {
            ctx.project.files.iter().any(|f| {
                matches!(
                    f.file_name(),
                    "pytest.ini" | "setup.cfg" | "tox.ini" | "pyproject.toml"
                ) && f.text().is_some_and(|t| t.contains("python_files"))
            })
        })
}

/// Benchmarks collected by pytest: under `bench/`/`benchmarks/`, or marked for the whole module
/// (`pytestmark = pytest.mark.benchmark()`).
fn python_is_benchmark_module(ctx: &FileContext<'_>) -> bool {
    if ctx
        .rel_path()
        .split('/')
        .any(|p| matches!(p, "bench" | "benches" | "benchmark" | "benchmarks"))
    {
        return true;
    }
    ctx.nodes_of_kind("assignment").any(|a| {
        a.parent()
            .and_then(|p| p.parent())
            .is_some_and(|m| m.kind() == "module")
            && text(ctx, a.field("left")) == "pytestmark"
            && text(ctx, a.field("right")).contains("benchmark")
    })
}

/// `test_x` and unittest's `testX`.
fn is_python_test_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("test") else {
        return false;
    };
    rest.is_empty() || rest.starts_with('_') || rest.starts_with(|c: char| c.is_uppercase())
}

/// Only a docstring, `pass` or `...`.
fn python_body_is_trivial(ctx: &FileContext<'_>, body: Node<'_>) -> bool {
    let mut cursor = body.walk();
    body.named_children(&mut cursor).all(|s| match s.kind() {
        "pass_statement" | "comment" => true,
        "expression_statement" => s
            .named_child(0)
            .is_some_and(|e| e.kind() == "string" || ctx.text_of(e) == "..."),
        _ => false,
    })
}

/// The class derives from something other than `TestCase`/`object`: a project base class whose
/// methods the test may call.
fn python_has_custom_base(ctx: &FileContext<'_>, class: Node<'_>) -> bool {
    let Some(bases) = class.field("superclasses") else {
        return false;
    };
    let mut cursor = bases.walk();
    bases.named_children(&mut cursor).any(|b| {
        let t = ctx.text_of(b);
        !matches!(
            t,
            "object"
                | "TestCase"
                | "unittest.TestCase"
                | "IsolatedAsyncioTestCase"
                | "unittest.IsolatedAsyncioTestCase"
        ) && b.kind() != "keyword_argument"
    })
}

fn python_scan(ctx: &FileContext<'_>, body: Node<'_>) -> (Scan, Vec<String>) {
    let mut scan = Scan::default();
    let mut self_calls = Vec::new();
    ctx.visit_all_descendants(body, |n, kind| match kind {
        "assert_statement" | "raise_statement" => scan.asserts = true,
        "call" => {
            let Some(function) = n.field("function") else {
                return;
            };
            let name = match function.kind() {
                "identifier" => {
                    let name = ctx.text_of(function);
                    scan.calls.push(name.to_string());
                    name
                }
                "attribute" => {
                    let name = text(ctx, function.field("attribute"));
                    let object = text(ctx, function.field("object"));
                    // `super().test_diff(data)`: runs the inherited test, judged where it is
                    // defined.
                    if object == "super()" && name.starts_with("test") {
                        scan.asserts = true;
                    }
                    if matches!(object, "self" | "cls") {
                        self_calls.push(name.to_string());
                    } else if let Some(first) = object.split('.').next() {
                        scan.qualified_calls.push(first.to_string());
                    }
                    scan.methods.push(name.to_string());
                    name
                }
                _ => return,
            };
            // `pytest.raises`, `pytest.warns`, and wrappers named like them (pandas'
            // `tm.external_error_raised`).
            // Twisted trial's `successResultOf`/`failureResultOf` (and the `get_success` /
            // `get_failure` of test cases built on it) fail the test when the Deferred has no
            // result or the wrong failure.
            if name.starts_with("assert")
                || matches!(
                    name,
                    "fail"
                        | "deprecated_call"
                        | "successResultOf"
                        | "failureResultOf"
                        | "get_success"
                        | "get_failure"
                )
                || name.ends_with("raises")
                || name.ends_with("raised")
                || name.ends_with("warns")
            {
                scan.asserts = true;
            }
            if matches!(name, "skip" | "skipTest" | "xfail") {
                scan.skipped = true;
            }
            if (is_http_verb(name) && checks_status(ctx, n))
                || states_expected_outcome(ctx, n)
                || (name == "wait_for" && has_timeout(ctx, n))
                || fails_when_too_slow(ctx, function)
            {
                scan.asserts = true;
            }
        }
        _ => {}
    });
    scan.methods.extend(self_calls.iter().cloned());
    (scan, self_calls)
}

/// A test client's request method: `get`, `post_json`, `delete`…
fn is_http_verb(name: &str) -> bool {
    let verb = name.strip_suffix("_json").unwrap_or(name);
    matches!(
        verb,
        "get" | "post" | "put" | "patch" | "delete" | "head" | "options" | "request"
    )
}

/// A request that states the status it expects (`app.get(url, status=404)`): WebTest's
/// `TestApp` and clients modelled on it raise when the response differs. `status=None` and
/// `status="*"` accept anything.
fn checks_status(ctx: &FileContext<'_>, call: Node<'_>) -> bool {
    keyword_arguments(ctx, call)
        .into_iter()
        .any(|(name, value)| name == "status" && !matches!(value, "None" | "'*'" | "\"*\""))
}

/// A helper call told the outcome it must see (`helper.send_state(…, expect_code=403)`,
/// `expected_status=…`): such helpers raise `AssertionError` when it differs.
fn states_expected_outcome(ctx: &FileContext<'_>, call: Node<'_>) -> bool {
    keyword_arguments(ctx, call)
        .into_iter()
        .any(|(name, value)| {
            matches!(
                name,
                "expect_code" | "expected_code" | "expect_status" | "expected_status"
            ) && value != "None"
        })
}

/// `asyncio.wait_for(aw, timeout=1)` (or a second positional argument): the timeout fails the
/// test when the awaited work does not finish.
fn has_timeout(ctx: &FileContext<'_>, call: Node<'_>) -> bool {
    let positional = call.field("arguments").map_or(0, |a| {
        let mut cursor = a.walk();
        a.named_children(&mut cursor)
            .filter(|c| c.kind() != "keyword_argument" && c.kind() != "comment")
            .count()
    });
    positional >= 2
        || keyword_arguments(ctx, call)
            .into_iter()
            .any(|(name, value)| name == "timeout" && value != "None")
}

/// Deadlines that raise when the work inside does not finish: tornado's
/// `gen.with_timeout(delta, future)`, `asyncio.timeout(1)`, `async_timeout.timeout(1)`, anyio's
/// and trio's `fail_after(1)` (not `move_on_after`, which gives up silently).
fn fails_when_too_slow(ctx: &FileContext<'_>, function: Node<'_>) -> bool {
    matches!(
        ctx.text_of(function),
        "gen.with_timeout"
            | "tornado.gen.with_timeout"
            | "with_timeout"
            | "asyncio.timeout"
            | "async_timeout.timeout"
            | "anyio.fail_after"
            | "trio.fail_after"
            | "fail_after"
    )
}

/// The `name=value` arguments of a Python call, as text.
fn keyword_arguments<'t>(ctx: &FileContext<'t>, call: Node<'_>) -> Vec<(&'t str, &'t str)> {
    let Some(args) = call.field("arguments") else {
        return Vec::new();
    };
    let mut cursor = args.walk();
    args.named_children(&mut cursor)
        .filter(|arg| arg.kind() == "keyword_argument")
        .filter_map(|arg| {
            Some((
                ctx.text_of(arg.field("name")?),
                ctx.text_of(arg.field("value")?),
            ))
        })
        .collect()
}

/// External packages whose module paths contain `test` but are not the project's helpers.
const PY_EXTERNAL: &[&str] = &[
    "unittest",
    "django",
    "pytest",
    "_pytest",
    "numpy",
    "pandas",
    "flask",
    "hypothesis",
    "asyncio",
    "rest_framework",
    "starlette",
    "fastapi",
    "aiohttp",
    "tornado",
    "twisted",
    "sqlalchemy",
];

fn is_python_helper_module(module: &str) -> bool {
    if module.starts_with('.') {
        return true;
    }
    let mut parts = module.split('.');
    let first = parts.next().unwrap_or("");
    if PY_EXTERNAL.contains(&first) {
        return false;
    }
    module
        .split('.')
        .any(|seg| HELPER_MODULES.contains(&seg) || seg.starts_with("test"))
}

fn python_file_facts(ctx: &FileContext<'_>) -> FileFacts {
    let mut facts = FileFacts::default();
    for f in ctx.nodes_of_kind("function_definition") {
        let name = text(ctx, f.field("name")).to_string();
        let scan = f
            .field("body")
            .map(|b| python_scan(ctx, b).0)
            .unwrap_or_default();
        facts.defined.insert(name.clone());
        facts.functions.push((name, scan));
    }
    for imp in ctx.nodes_of_kind("import_from_statement") {
        let module = text(ctx, imp.field("module_name"));
        if !is_python_helper_module(module) {
            continue;
        }
        let mut cursor = imp.walk();
        for name in imp.children_by_field_name("name", &mut cursor) {
            let shown = match name.kind() {
                "aliased_import" => text(ctx, name.field("alias")),
                _ => ctx.text_of(name),
            };
            facts.imported_helpers.insert(shown.to_string());
        }
        if imp
            .children_by_field_name("name", &mut imp.walk())
            .next()
            .is_none()
        {
            // `from .helpers import *`
            facts.glob_helper_import = true;
        }
    }
    for imp in ctx.nodes_of_kind("import_statement") {
        let mut cursor = imp.walk();
        for name in imp.children_by_field_name("name", &mut cursor) {
            let (module, bound) = match name.kind() {
                "aliased_import" => (
                    text(ctx, name.field("name")),
                    text(ctx, name.field("alias")),
                ),
                _ => {
                    let m = ctx.text_of(name);
                    (m, m.split('.').next().unwrap_or(m))
                }
            };
            if is_python_helper_module(module) {
                facts.helper_modules.insert(bound.to_string());
            }
        }
    }
    facts
}

// ---------------------------------------------------------------------------------------------
// JavaScript / TypeScript

enum JsTestCall {
    Test,
    Skipped,
}

pub fn js_tests<'t>(ctx: &FileContext<'t>) -> Vec<TestCase<'t>> {
    let mut out = Vec::new();
    if ctx.role != Role::Test {
        return out;
    }
    for call in ctx.nodes_of_kind("call_expression") {
        let Some(kind) = call.field("function").and_then(|f| js_test_call(ctx, f)) else {
            continue;
        };
        let Some(args) = call.field("arguments") else {
            continue;
        };
        if args.named_child_count() < 2 {
            continue;
        }
        let last = u32::try_from(args.named_child_count().saturating_sub(1)).unwrap_or(0);
        let Some(callback) = args.named_child(last) else {
            continue;
        };
        if !matches!(
            callback.kind(),
            "arrow_function" | "function_expression" | "function"
        ) {
            continue;
        }
        let mut scan = js_scan(ctx, callback);
        if matches!(kind, JsTestCall::Skipped) {
            scan.skipped = true;
        }
        let full_title = args
            .named_child(0)
            .filter(|a| is_string_kind(a.kind()))
            .map(|a| ctx.text_of(a).trim_matches(['"', '\'', '`']))
            .unwrap_or_default();
        // `test('does not crash if stdout has no fd', …)`: a smoke test by its own title.
        if says_it_must_not_fail(&full_title.to_lowercase()) {
            scan.asserts = true;
        }
        let title = shorten(full_title, 60);
        let message = if title.is_empty() {
            "test asserts nothing: no `expect`, `assert` or `should` in its callback".to_string()
        } else {
            format!(
                "test \"{title}\" asserts nothing: no `expect`, `assert` or `should` in its callback"
            )
        };
        out.push(TestCase {
            anchor: call,
            scan,
            message,
        });
    }
    out
}

/// The root identifier of a member chain and the property names, outermost last.
fn js_member_chain<'a>(ctx: &FileContext<'a>, node: Node<'_>) -> (&'a str, Vec<&'a str>) {
    let mut props = Vec::new();
    let mut current = node;
    loop {
        match current.kind() {
            "member_expression" => {
                props.push(text(ctx, current.field("property")));
                let Some(object) = current.field("object") else {
                    break;
                };
                current = object;
            }
            "call_expression" => {
                let Some(f) = current.field("function") else {
                    break;
                };
                current = f;
            }
            "identifier" | "this" => {
                props.reverse();
                return (ctx.text_of(current), props);
            }
            _ => break,
        }
    }
    props.reverse();
    ("", props)
}

/// `it`, `test`, `it.only`, `test.concurrent`, `test.each(table)`, `it.skip` (skipped).
fn js_test_call(ctx: &FileContext<'_>, function: Node<'_>) -> Option<JsTestCall> {
    match function.kind() {
        "identifier" => match ctx.text_of(function) {
            "it" | "test" | "specify" => Some(JsTestCall::Test),
            "xit" | "xtest" | "xspecify" => Some(JsTestCall::Skipped),
            _ => None,
        },
        "member_expression" | "call_expression" => {
            if function.kind() == "call_expression" {
                // `test.each(table)(name, fn)`
                let inner = function.field("function")?;
                let (_, props) = js_member_chain(ctx, inner);
                if props.last() != Some(&"each") {
                    return None;
                }
            }
            let (root, props) = js_member_chain(ctx, function);
            if !matches!(root, "it" | "test" | "specify") {
                return None;
            }
            if props.iter().any(|p| matches!(*p, "skip" | "todo")) {
                return Some(JsTestCall::Skipped);
            }
            props
                .iter()
                .all(|p| {
                    matches!(
                        *p,
                        "only"
                            | "concurrent"
                            | "failing"
                            | "serial"
                            | "sequential"
                            | "fails"
                            | "each"
                            | "fixme"
                            | "slow"
                            | "retry"
                    )
                })
                .then_some(JsTestCall::Test)
        }
        _ => None,
    }
}

/// Test context methods that do not assert.
const JS_CONTEXT_NON_ASSERTING: &[&str] = &[
    "plan",
    "end",
    "log",
    "teardown",
    "timeout",
    "context",
    "diagnostic",
    "after",
    "before",
    "beforeEach",
    "afterEach",
    "mock",
    "test",
    "name",
    "signal",
    "runOnly",
    "comment",
    "title",
    "retry",
    "slow",
    "todo",
    "done",
];

fn js_first_param<'a>(ctx: &FileContext<'a>, func: Node<'_>) -> Option<&'a str> {
    let param = match func.field("parameters") {
        Some(params) => params.named_child(0)?,
        // `t => …`
        None => func.field("parameter")?,
    };
    let ident = match param.kind() {
        "identifier" => param,
        "required_parameter" | "optional_parameter" => param.field("pattern")?,
        _ => return None,
    };
    (ident.kind() == "identifier").then(|| ctx.text_of(ident))
}

/// Names of test context parameters: the callback's first parameter (not `done`), and those
/// of nested subtest callbacks (`t.test(name, function (st) { st.ok(…) })`).
fn js_test_contexts<'a>(ctx: &FileContext<'a>, func: Node<'_>) -> Vec<&'a str> {
    let usable = |p: &&str| !matches!(*p, "done" | "cb" | "callback" | "next" | "_" | "finish");
    let mut contexts: Vec<&'a str> = js_first_param(ctx, func)
        .filter(usable)
        .into_iter()
        .collect();
    ctx.visit_all_descendants(func, |n, kind| {
        if !matches!(kind, "arrow_function" | "function_expression" | "function") {
            return;
        }
        let Some(param) = js_first_param(ctx, n).filter(usable) else {
            return;
        };
        let subtest = n
            .parent()
            .and_then(|a| a.parent())
            .and_then(|c| c.field("function"))
            .is_some_and(|f| {
                f.kind() == "member_expression" && text(ctx, f.field("property")) == "test"
            });
        if subtest || matches!(param, "t" | "st" | "tt" | "t2" | "subt" | "subtest") {
            contexts.push(param);
        }
    });
    // `const plan = tspl(t, { plan: 2 })`: a wrapper around the context asserts like it.
    let mut wrappers = Vec::new();
    ctx.visit_all_descendants(func, |n, kind| {
        if kind != "variable_declarator" {
            return;
        }
        let value = n.field("value").map(|v| {
            if v.kind() == "await_expression" {
                v.named_child(0).unwrap_or(v)
            } else {
                v
            }
        });
        let wraps_context = value
            .filter(|v| v.kind() == "call_expression")
            .is_some_and(|call| {
                call.field("arguments")
                    .and_then(|a| a.named_child(0))
                    .is_some_and(|a| a.kind() == "identifier" && contexts.contains(&ctx.text_of(a)))
            });
        if wraps_context && let Some(name) = n.field("name").filter(|m| m.kind() == "identifier") {
            wrappers.push(ctx.text_of(name));
        }
    });
    contexts.extend(wrappers);
    contexts
}

/// Assertions of a tape/node:test/tap context, called by name when the callback destructures
/// them: `test('x', ({ same, end }) => { same(a, b); end() })`.
const JS_CONTEXT_ASSERTIONS: &[&str] = &[
    "ok",
    "notOk",
    "is",
    "isNot",
    "equal",
    "equals",
    "notEqual",
    "same",
    "notSame",
    "strictSame",
    "deepEqual",
    "deepEquals",
    "notDeepEqual",
    "strictEqual",
    "notStrictEqual",
    "deepStrictEqual",
    "throws",
    "doesNotThrow",
    "rejects",
    "resolves",
    "match",
    "notMatch",
    "fail",
    "error",
    "ifError",
    "ifErr",
    "has",
    "hasStrict",
    "notHas",
    "type",
    "assert",
    "pass",
];

/// The raw first parameter of a function: an identifier, a pattern, or a typed parameter.
fn js_first_param_node(func: Node<'_>) -> Option<Node<'_>> {
    let param = match func.field("parameters") {
        Some(params) => params.named_child(0)?,
        None => func.field("parameter")?,
    };
    match param.kind() {
        "required_parameter" | "optional_parameter" => param.field("pattern"),
        _ => Some(param),
    }
}

/// Names an object-pattern first parameter binds to assertions of the test context.
fn js_destructured_assertions<'a>(ctx: &FileContext<'a>, func: Node<'_>) -> Vec<&'a str> {
    let mut names = Vec::new();
    let Some(pattern) = js_first_param_node(func).filter(|p| p.kind() == "object_pattern") else {
        return names;
    };
    let mut cursor = pattern.walk();
    for prop in pattern.named_children(&mut cursor) {
        let (key, bound) = match prop.kind() {
            "shorthand_property_identifier_pattern" => (ctx.text_of(prop), ctx.text_of(prop)),
            "pair_pattern" => (text(ctx, prop.field("key")), text(ctx, prop.field("value"))),
            _ => continue,
        };
        if JS_CONTEXT_ASSERTIONS.contains(&key) {
            names.push(bound);
        }
    }
    names
}

/// A Mocha-style `done` callback used as the failure channel: called with an error
/// (`done(new Error(…))`), handed on as an error-first callback (`app.load(opts, done)`), or
/// called only under a condition (the test times out otherwise).
fn js_done_reports_failure(ctx: &FileContext<'_>, func: Node<'_>) -> bool {
    let Some(done) = js_first_param(ctx, func)
        .filter(|p| matches!(*p, "done" | "cb" | "callback" | "next" | "finish"))
    else {
        return false;
    };
    let mut reports = false;
    ctx.visit_all_descendants(func, |n, kind| {
        if reports || kind != "identifier" || ctx.text_of(n) != done {
            return;
        }
        let Some(parent) = n.parent() else { return };
        match parent.kind() {
            "arguments" => reports = true,
            "call_expression" if parent.field("function").is_some_and(|f| f.id() == n.id()) => {
                let with_error = parent
                    .field("arguments")
                    .is_some_and(|a| a.named_child_count() > 0);
                let conditional = std::iter::successors(parent.parent(), |a| a.parent())
                    .take_while(|a| a.id() != func.id())
                    .any(|a| matches!(a.kind(), "if_statement" | "ternary_expression"));
                reports = with_error || conditional;
            }
            _ => {}
        }
    });
    reports
}

fn js_scan(ctx: &FileContext<'_>, func: Node<'_>) -> Scan {
    let mut scan = Scan::default();
    let contexts = js_test_contexts(ctx, func);
    let is_context = |name: &str| contexts.contains(&name);
    let destructured = js_destructured_assertions(ctx, func);
    if js_done_reports_failure(ctx, func) {
        scan.asserts = true;
    }
    ctx.visit_all_descendants(func, |n, kind| match kind {
        "call_expression" => {
            let Some(function) = n.field("function") else {
                return;
            };
            match function.kind() {
                "identifier" => {
                    let name = ctx.text_of(function);
                    let lower = name.to_ascii_lowercase();
                    // QUnit 1's global assertions (`deepEqual(a, b)`, `ok(x)`).
                    let qunit_global = matches!(
                        name,
                        "ok" | "equal"
                            | "notEqual"
                            | "deepEqual"
                            | "notDeepEqual"
                            | "strictEqual"
                            | "notStrictEqual"
                            | "propEqual"
                            | "throws"
                            | "raises"
                    ) && n
                        .field("arguments")
                        .is_some_and(|a| a.named_child_count() > 0);
                    if lower.starts_with("expect")
                        || lower.starts_with("assert")
                        || lower.starts_with("should")
                        || name == "fail"
                        || qunit_global
                        || destructured.contains(&name)
                    {
                        scan.asserts = true;
                    }
                    scan.calls.push(name.to_string());
                }
                "member_expression" => {
                    let (root, props) = js_member_chain(ctx, function);
                    let last = props.last().copied().unwrap_or("");
                    if matches!(root, "expect" | "assert" | "should" | "chai")
                        || props
                            .iter()
                            .any(|p| matches!(*p, "expect" | "assert" | "should"))
                        || last.starts_with("getBy")
                        || last.starts_with("getAllBy")
                        || last.starts_with("findBy")
                        || last.starts_with("findAllBy")
                        // Cypress commands fail the test themselves: a page that does not load,
                        // an element that never appears, a request answered with an error.
                        || (root == "cy"
                            && matches!(
                                props.first().copied(),
                                Some("visit" | "get" | "contains" | "request" | "find" | "wait")
                            ))
                    {
                        scan.asserts = true;
                    }
                    if is_context(root) && props.len() == 1 {
                        if last == "skip" {
                            scan.skipped = true;
                        } else if !JS_CONTEXT_NON_ASSERTING.contains(&last) {
                            scan.asserts = true;
                        }
                    }
                    if root == "this" && last == "skip" {
                        scan.skipped = true;
                    }
                    if !root.is_empty() && root != "this" {
                        scan.qualified_calls.push(root.to_string());
                    }
                    scan.methods.push(last.to_string());
                }
                // `t['throws'](…)`
                "subscript_expression" => {
                    let object = text(ctx, function.field("object"));
                    let index = text(ctx, function.field("index")).trim_matches(['"', '\'', '`']);
                    if is_context(object) && !JS_CONTEXT_NON_ASSERTING.contains(&index) {
                        scan.asserts = true;
                    }
                }
                _ => {}
            }
        }
        "member_expression" if text(ctx, n.field("property")) == "should" => {
            scan.asserts = true;
        }
        "throw_statement" => scan.asserts = true,
        // `// @ts-expect-error`: the type checker fails the build unless the next line is a
        // type error, a compile-time assertion.
        "comment" if ctx.text_of(n).contains("@ts-expect-error") => scan.asserts = true,
        // `x satisfies T` and `const _x: T = value`: the type checker fails the build unless
        // the value has the type, a compile-time assertion (the `_` says the name exists only
        // for its type; `const user: User = …` that is then used is an ordinary binding).
        "satisfies_expression" => scan.asserts = true,
        "variable_declarator"
            if n.field("type").is_some() && text(ctx, n.field("name")).starts_with('_') =>
        {
            scan.asserts = true
        }
        // `type _Inferred = z.infer<typeof schema>`: the same convention for a type-level test
        // (the build fails when the type does not resolve).
        "type_alias_declaration" if text(ctx, n.field("name")).starts_with('_') => {
            scan.asserts = true
        }
        _ => {}
    });
    scan
}

fn is_js_helper_source(source: &str) -> bool {
    let s = source.trim_matches(['"', '\'', '`']);
    if !s.starts_with('.') {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    [
        "test", "helper", "util", "common", "support", "fixture", "setup", "spec", "harness",
        "assert", "expect", "check",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn js_file_facts(ctx: &FileContext<'_>) -> FileFacts {
    let mut facts = FileFacts::default();
    for f in ctx.nodes_of_kind("function_declaration") {
        let name = text(ctx, f.field("name")).to_string();
        facts.defined.insert(name.clone());
        facts.functions.push((name, js_scan(ctx, f)));
    }
    for m in ctx.nodes_of_kind("method_definition") {
        let name = text(ctx, m.field("name")).to_string();
        facts.defined.insert(name.clone());
        facts.functions.push((name, js_scan(ctx, m)));
    }
    for d in ctx.nodes_of_kind("variable_declarator") {
        let Some(value) = d.field("value") else {
            continue;
        };
        let Some(name_node) = d.field("name") else {
            continue;
        };
        match value.kind() {
            "arrow_function" | "function_expression" | "function" => {
                let name = ctx.text_of(name_node).to_string();
                facts.defined.insert(name.clone());
                facts.functions.push((name, js_scan(ctx, value)));
            }
            "call_expression" => {
                // `const { check } = require("./helpers")`
                let is_require = text(ctx, value.field("function")) == "require";
                let source = value
                    .field("arguments")
                    .and_then(|a| a.named_child(0))
                    .map(|s| ctx.text_of(s))
                    .unwrap_or("");
                if !is_require || !is_js_helper_source(source) {
                    continue;
                }
                if name_node.kind() == "identifier" {
                    facts
                        .helper_modules
                        .insert(ctx.text_of(name_node).to_string());
                } else {
                    js_collect_bound_names(ctx, name_node, &mut facts);
                }
            }
            _ => {}
        }
    }
    for imp in ctx.nodes_of_kind("import_statement") {
        let source = text(ctx, imp.field("source"));
        if !is_js_helper_source(source) {
            continue;
        }
        ctx.visit_all_descendants(imp, |n, kind| match kind {
            "import_specifier" => {
                let bound = n.field("alias").or_else(|| n.field("name"));
                facts.imported_helpers.insert(text(ctx, bound).to_string());
            }
            "namespace_import" => {
                let mut cursor = n.walk();
                for id in n.named_children(&mut cursor) {
                    facts.helper_modules.insert(ctx.text_of(id).to_string());
                }
            }
            "identifier" if n.parent().is_some_and(|p| p.kind() == "import_clause") => {
                // default import: may be a helper function or a helper namespace
                let name = ctx.text_of(n).to_string();
                facts.helper_modules.insert(name.clone());
                facts.imported_helpers.insert(name);
            }
            _ => {}
        });
    }
    facts
}

fn js_collect_bound_names(ctx: &FileContext<'_>, pattern: Node<'_>, facts: &mut FileFacts) {
    ctx.visit_all_descendants(pattern, |n, kind| {
        if matches!(kind, "shorthand_property_identifier_pattern" | "identifier") {
            facts.imported_helpers.insert(ctx.text_of(n).to_string());
        }
    });
}

/// File-wide facts for the file's language.
pub fn file_facts(ctx: &FileContext<'_>) -> FileFacts {
    match ctx.language {
        crate::classify::Language::Rust => rust_file_facts(ctx),
        crate::classify::Language::Go => go_file_facts(ctx),
        crate::classify::Language::Python => python_file_facts(ctx),
        l if l.is_js_family() => js_file_facts(ctx),
        _ => FileFacts::default(),
    }
}
