use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::{ancestor_of_kind, is_comment_kind, is_string_kind};
use crate::rules::{FileContext, Rule};
use regex::Regex;
use std::sync::LazyLock;
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Code that stands in for an implementation and fails when reached:
    /// - Rust `todo!()` anywhere, and `unimplemented!()` as the body of a function (also a
    ///   trait default method) or with a message saying the work is pending (`"TODO"`);
    /// - Python `raise NotImplementedError` as the whole body of a function that is not
    ///   abstract, or with a message such as `"TODO"`/`"not yet implemented"` anywhere;
    /// - JavaScript/TypeScript `throw new Error("not implemented")` (any `…Error`, any case,
    ///   with extra words: `"Not implemented yet"`, `"Method not implemented."`, `"TODO"`);
    /// - Go `panic("not implemented")`, `panic("TODO")`, `panic("implement me")`, with or
    ///   without extra words (`"not implemented: Foo"`, `fmt.Sprintf`/`fmt.Errorf` messages).
    ///
    /// ## Why it matters
    /// A stub compiles, passes review at a glance and ships; the first request that reaches it
    /// crashes the process (Rust, Go) or fails with an unhelpful error. It marks a feature that
    /// callers believe exists and does not.
    ///
    /// ## How to fix
    /// Implement the code path, or remove it from the public surface. When the operation is
    /// deliberately unsupported, return a typed error that says so (`Err(Error::Unsupported)`,
    /// `status.Error(codes.Unimplemented, …)`) instead of panicking.
    ///
    /// ## Example
    /// ```rust
    /// pub fn export(&self, format: Format) -> Result<Vec<u8>> {
    ///     todo!()
    /// }
    /// ```
    /// Use instead:
    /// ```rust
    /// pub fn export(&self, format: Format) -> Result<Vec<u8>> {
    ///     match format {
    ///         Format::Json => Ok(serde_json::to_vec(&self.items)?),
    ///         other => Err(Error::UnsupportedFormat(other)),
    ///     }
    /// }
    /// ```
    ///
    /// ## Does not flag
    /// Abstract methods: Python `@abstractmethod`, methods of classes inheriting `ABC`,
    /// `Protocol` or with an `ABCMeta` metaclass, of classes named `Base…`/`Abstract…`/
    /// `…Interface`/`…Mixin` (in JS/TS also any class of an `abstract/` folder or an
    /// `abstract…`/`base.…` module), of classes subclassed in the project (also under an import
    /// alias, `import StatsdLogger as Base`), methods a project base class declares
    /// `@abstractmethod` (also through intermediate bases), and whose message or
    /// docstring says subclasses must implement them or spells out their contract at length
    /// (eight lines or more), of classes whose every method is such a stub (an interface);
    /// TypeScript abstract classes; Python
    /// `NotImplementedError` raised in one branch of a real function or with a message saying
    /// the operation is refused (`"not supported"`, `"not defined for MultiIndex"`,
    /// `"… is immutable"`, `"does not exist for GridOutCursor"`, `"use start_worker"`, a
    /// Python method annotated `-> NoReturn`, `"unavailable because boto3 is not installed"`, `"not valid for
    /// clustered instances"`, `"not needed in this context"`; implicitly concatenated and `%`-formatted messages are read
    /// whole), and in dunder methods; Rust `unimplemented!()` in one
    /// `match` arm or branch (`_ => unimplemented!()`) or saying what to use instead, and Go
    /// `panic("unimplemented")` in a `default:` case: deliberate limitations; platform stubs
    /// (`#[cfg(target_os = …)]`/`#[cfg(windows)]` items, `wasm.rs`/`unsupported.rs` modules, Go
    /// `_windows.go`/`_noasm.go` files and files with a `//go:build` constraint); helpers named
    /// `todo`/`unimplemented`; test code and test doubles (`Mock…`,
    /// `Fake…`, `Stub…` types, `mocks/`/`fakes/` folders); the words in comments and ordinary
    /// strings; Go gRPC `Unimplemented…Server` stubs (they return `codes.Unimplemented`); JS
    /// methods whose message says the operation is refused, or whose comment gives the reason they
    /// are left out ("not implementing this because a public thumbnail is used instead"; a
    /// `TODO` comment is no reason); JS throws in a `switch`'s `default:`, right after a call
    /// that warns the user to replace a library default (`mustChange(…)`), worded `TODO:` under a
    /// condition (validation whose wording is unfinished), and in a descriptor object (data
    /// fields beside methods) whose every method only throws (a result-only data type).
    pub struct StubImplementation {
        id: "stub-implementation",
        category: Category::CodeQuality,
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
        summary: "Stub (`todo!()`, `NotImplementedError`, \"not implemented\") reachable in production",
        literals: &[
            "todo", "TODO", "Todo", "mplemented", "MPLEMENTED", "mplement me", "mplement Me",
            "MPLEMENT ME",
        ],
    }
}

/// A Go panic message that is only the stub phrase, possibly with a prefix or a name:
/// `not implemented`, `TODO: x`, `implement me`, `pkg: not implemented: Foo`, `Foo not
/// implemented`. Longer sentences describe a deliberate limitation.
static GO_STUB_MESSAGE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r#"(?i)^["`]\s*(?:[\w.]+:\s*)?(?:(?:not\s+(?:yet\s+)?implemented|unimplemented|todo|fixme|implement\s+me)(?:\s+yet)?\b\s*[.!]*\s*(?::.*)?|(?:[\w.()*%]+\s+){1,3}(?:is\s+)?not\s+(?:yet\s+)?implemented(?:\s+yet)?\s*[.!]*\s*(?::.*)?)["`]$"#)
        .ok()
});

/// A message that says the code is not written yet.
static STUB_MESSAGE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\bnot\s+(?:yet\s+)?implemented\b|^\W*(?:todo|unimplemented|fixme)\b|\bimplement\s+me\b")
        .ok()
});

/// A message that says the code is not written *yet* (Python branches are flagged only then).
static TODO_MESSAGE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\btodo\b|\bfixme\b|not\s+yet\s+implemented|not\s+implemented\s+yet|implement\s+me|coming\s+soon")
        .ok()
});

/// A message that says someone else implements the method: an abstract method.
static ABSTRACT_MESSAGE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)sub-?class|overrid|abstract|derived|(?:must|should|needs?\s+to)\s+(?:be\s+)?implement|implemented\s+by|to\s+be\s+implemented\s+in|child\s+class|concrete|(?:must|should|can|may)\s+(?:re-?implement|rewrite|override)|implement\s+this\s+method")
        .ok()
});

/// A message that says the operation is refused on purpose.
static UNSUPPORTED_MESSAGE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    // "not defined for MultiIndex", "not a real task", "makes no sense for…": the operation is
    // refused on purpose, not waiting to be written.
    Regex::new(r"(?i)not\s+supported|unsupported|does\s+not\s+support|doesn't\s+support|cannot|can't|not\s+available|not\s+allowed|read[- ]only|not\s+defined|unavailable|not\s+installed|not\s+applicable|not\s+meaningful|makes\s+no\s+sense|(?:does|do)\s+not\s+make\s+sense|not\s+possible|not\s+permitted|no\s+longer|not\s+a\s+real\b|immutable|not\s+retrievable|not\s+valid\s+for|does\s+not\s+utili[sz]e|not\s+(?:meant|intended)\s+to|does\s+not\s+exist|^\W*use\s+[\w.]+(?:\(\))?\W*$|\binstead\b|\b(?:should|please)\s+use\b|\bhas\s+no\b[^.]*\bcounterpart\b|does\s+not\s+use\b|\bis\s+not\s+used\b|\bnot\s+(?:needed|used|required)\s+(?:in|for|here|by)\b").ok()
});

/// A comment that gives the reason a method is left out: "not implementing this because a public
/// thumbnail will be used instead", "intentionally unsupported".
static REFUSAL_REASON: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\bbecause\b|\bintentional|\bdeliberate|\bon\s+purpose\b|\bby\s+design\b").ok()
});

/// A comment in the function before `node` that explains why the method refuses (and does not
/// say the work is pending, as `TODO: implement this because …` does).
fn comment_explains_refusal(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    let Some(func) = ancestor_of_kind(node, JS_FUNCTION_KINDS) else {
        return false;
    };
    ctx.nodes_starting_in(func.start_byte()..node.start_byte())
        .filter(|(_, kind)| crate::rules::util::is_comment_kind(kind))
        .map(|(c, _)| ctx.text_of(c))
        .any(|text| {
            (matches(&REFUSAL_REASON, text) || matches(&UNSUPPORTED_MESSAGE, text))
                && !matches(&TODO_MESSAGE, text)
        })
}

fn matches(re: &LazyLock<Option<Regex>>, text: &str) -> bool {
    re.as_ref().is_some_and(|r| r.is_match(text))
}

impl Rule for StubImplementation {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        if is_test_double_path(ctx.rel_path()) {
            return;
        }
        match ctx.language {
            Language::Rust => check_rust(ctx, out),
            Language::Go => check_go(ctx, out),
            Language::Python => check_python(ctx, out),
            l if l.is_js_family() => check_js(ctx, out),
            _ => {}
        }
    }
}

/// Folders and files that hold test doubles (`mocks/`, `fake/`, `mock_store.go`).
fn is_test_double_path(rel_path: &str) -> bool {
    let lower = rel_path.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    let name = parts.pop().unwrap_or("");
    let stem = name.split('.').next().unwrap_or(name);
    const DIRS: &[&str] = &[
        "mock",
        "mocks",
        "fake",
        "fakes",
        "stub",
        "stubs",
        "testutil",
        "testutils",
        "testhelpers",
        "testhelper",
        "testsupport",
    ];
    parts.iter().any(|p| DIRS.contains(p))
        || ["mock", "mocks", "fake", "fakes", "stub", "stubs"].contains(&stem)
        || ["mock_", "fake_", "stub_", "mocks_", "fakes_"]
            .iter()
            .any(|p| stem.starts_with(p))
        || ["_mock", "_fake", "_stub", "_mocks", "_fakes"]
            .iter()
            .any(|s| stem.ends_with(s))
}

/// `MockStore`, `fakeClient`, `UnimplementedGreeterServer`: test doubles and gRPC stubs.
fn is_test_double_name(name: &str) -> bool {
    let lower = name
        .trim_start_matches(['*', '&', '_'])
        .to_ascii_lowercase();
    ["mock", "fake", "stub", "dummy", "unimplemented", "noop"]
        .iter()
        .any(|p| lower.starts_with(p))
}

fn one_line(text: &str, max: usize) -> String {
    let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() > max {
        let short: String = folded.chars().take(max).collect();
        format!("{short}…")
    } else {
        folded
    }
}

fn name_text<'a>(ctx: &FileContext<'a>, node: Node<'_>) -> &'a str {
    node.field("name").map(|n| ctx.text_of(n)).unwrap_or("")
}

// ---------------------------------------------------------------------------------------------
// Rust

fn check_rust(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    if is_rust_platform_file(ctx.file.file_name()) {
        return;
    }
    for mac in ctx.nodes_of_kind("macro_invocation") {
        let Some(path) = mac.field("macro") else {
            continue;
        };
        let name = match path.kind() {
            "identifier" => ctx.text_of(path),
            "scoped_identifier" => {
                let prefix = path.field("path").map(|p| ctx.text_of(p)).unwrap_or("");
                if !matches!(prefix, "std" | "core" | "::std" | "::core") {
                    continue;
                }
                name_text(ctx, path)
            }
            _ => continue,
        };
        if !matches!(name, "todo" | "unimplemented") || !ctx.is_production_code(mac) {
            continue;
        }
        if let Some(imp) = ancestor_of_kind(mac, &["impl_item"]) {
            let ty = imp.field("type").map(|t| ctx.text_of(t)).unwrap_or("");
            if is_test_double_name(ty) {
                continue;
            }
        }
        let func = ancestor_of_kind(mac, &["function_item"]);
        let func_name = func.map(|f| name_text(ctx, f)).unwrap_or("");
        // `fn todo() -> !`: a helper wrapping the macro, not a stub.
        if matches!(func_name, "todo" | "unimplemented") || rust_platform_gated(ctx, mac) {
            continue;
        }
        if name == "unimplemented" {
            let args = ctx.text_of(mac);
            let stub_body = func.is_some_and(|f| rust_body_is_only(ctx, f, mac));
            // `_ => unimplemented!()` in one arm, or `unimplemented!("use X instead")`: a
            // deliberate limitation, unless the message says the work is pending.
            if matches(&TODO_MESSAGE, args) {
                // flagged below
            } else if !stub_body || matches(&UNSUPPORTED_MESSAGE, args) || args.contains("instead")
            {
                continue;
            }
        }
        let shown = one_line(ctx.text_of(mac), 60);
        let message = if func_name.is_empty() {
            format!("`{shown}` panics when reached: the code is not written")
        } else {
            format!("`{shown}` in `fn {func_name}` panics when reached: the code is not written")
        };
        out.push(ctx.finding(&StubImplementation::META, mac, message));
    }
}

/// Modules that exist to fill a platform or build gap (`wasm.rs`, `unsupported.rs`): their
/// stubs are unreachable on the platforms that matter.
fn is_rust_platform_file(name: &str) -> bool {
    let stem = name.strip_suffix(".rs").unwrap_or(name);
    matches!(
        stem,
        "wasm"
            | "wasm32"
            | "wasi"
            | "windows"
            | "unix"
            | "linux"
            | "macos"
            | "darwin"
            | "ios"
            | "android"
            | "freebsd"
            | "redox"
            | "hermit"
            | "fuchsia"
            | "sgx"
            | "uefi"
            | "solid"
            | "unsupported"
            | "not_implemented"
            | "unimplemented"
            | "fallback"
            | "dummy"
            | "doctests"
    )
}

/// The macro sits in an item or statement compiled only for some targets (`#[cfg(windows)]`,
/// `#[cfg(target_arch = …)]`), or under `if cfg!(…)`.
fn rust_platform_gated(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    const PLATFORM_WORDS: &[&str] = &[
        "target_",
        "windows",
        "unix",
        "wasm",
        "(doc",
        "doc)",
        "miri",
        "probe",
        "not(feature",
    ];
    let mut current = node.parent();
    while let Some(n) = current {
        let mut prev = n.prev_named_sibling();
        while let Some(p) = prev {
            match p.kind() {
                "attribute_item" => {
                    let t: String = ctx.text_of(p).split_whitespace().collect();
                    if t.starts_with("#[cfg(") && PLATFORM_WORDS.iter().any(|w| t.contains(w)) {
                        return true;
                    }
                }
                "line_comment" | "block_comment" => {}
                _ => break,
            }
            prev = p.prev_named_sibling();
        }
        if n.kind() == "if_expression" {
            let cond = n.field("condition").map(|c| ctx.text_of(c)).unwrap_or("");
            if cond.contains("cfg!") {
                return true;
            }
        }
        current = n.parent();
    }
    false
}

/// The function's body is the macro, possibly after `let _ = …;` statements.
fn rust_body_is_only(ctx: &FileContext<'_>, func: Node<'_>, mac: Node<'_>) -> bool {
    let Some(body) = func.field("body") else {
        return false;
    };
    let mut cursor = body.walk();
    body.named_children(&mut cursor).all(|stmt| {
        stmt == mac
            || matches!(stmt.kind(), "line_comment" | "block_comment")
            || (stmt.kind() == "expression_statement" && stmt.named_child(0) == Some(mac))
            || (stmt.kind() == "let_declaration"
                && stmt.field("pattern").is_some_and(|p| ctx.text_of(p) == "_"))
    })
}

// ---------------------------------------------------------------------------------------------
// Go

fn check_go(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    if crate::rules::util::is_go_platform_file(ctx) {
        return;
    }
    for call in ctx.nodes_of_kind("call_expression") {
        let Some(function) = call.field("function") else {
            continue;
        };
        if function.kind() != "identifier" || ctx.text_of(function) != "panic" {
            continue;
        }
        let Some(args) = call.field("arguments") else {
            continue;
        };
        let Some(message) = go_message(ctx, args) else {
            continue;
        };
        if !matches(&GO_STUB_MESSAGE, message) || !ctx.is_production_code(call) {
            continue;
        }
        // `default: panic("unimplemented")`: the cases nobody expects, like a Python `raise` in
        // one branch; flagged only when the message says the work is pending.
        let in_default = ancestor_of_kind(
            call,
            &[
                "default_case",
                "expression_case",
                "type_case",
                "communication_case",
                "func_literal",
                "function_declaration",
                "method_declaration",
            ],
        )
        .is_some_and(|a| a.kind() == "default_case");
        if in_default && !matches(&TODO_MESSAGE, message) {
            continue;
        }
        let owner = ancestor_of_kind(call, &["method_declaration", "function_declaration"]);
        let mut shown_name = String::new();
        if let Some(decl) = owner {
            let name = name_text(ctx, decl);
            let receiver = decl
                .field("receiver")
                .map(|r| go_receiver_type(ctx, r))
                .unwrap_or("");
            // `func unimplemented(what string) { panic(…) }`: the helper, not a stub.
            let lower = name.to_ascii_lowercase();
            if is_test_double_name(receiver)
                || lower.contains("unimplemented")
                || lower.contains("notimplemented")
            {
                continue;
            }
            shown_name = if receiver.is_empty() {
                name.to_string()
            } else {
                format!("{receiver}.{name}")
            };
        }
        let shown = one_line(ctx.text_of(call), 60);
        let message = if shown_name.is_empty() {
            format!("`{shown}` is a stub: it crashes the program when reached")
        } else {
            format!("`{shown}` in `{shown_name}` is a stub: it crashes the program when reached")
        };
        out.push(ctx.finding(&StubImplementation::META, call, message));
    }
}

/// The string the panic carries: a literal, or the format of `fmt.Sprintf`/`fmt.Errorf`/
/// `errors.New`.
fn go_message<'a>(ctx: &FileContext<'a>, args: Node<'_>) -> Option<&'a str> {
    let first = args.named_child(0)?;
    match first.kind() {
        "interpreted_string_literal" | "raw_string_literal" => Some(ctx.text_of(first)),
        "call_expression" => {
            let f = ctx.text_of(first.field("function")?);
            if !matches!(f, "fmt.Sprintf" | "fmt.Errorf" | "errors.New") {
                return None;
            }
            let inner = first.field("arguments")?.named_child(0)?;
            matches!(
                inner.kind(),
                "interpreted_string_literal" | "raw_string_literal"
            )
            .then(|| ctx.text_of(inner))
        }
        _ => None,
    }
}

/// `(s *Server)` → `Server`.
fn go_receiver_type<'a>(ctx: &FileContext<'a>, receiver: Node<'_>) -> &'a str {
    let Some(param) = receiver.named_child(0) else {
        return "";
    };
    let Some(ty) = param.field("type") else {
        return "";
    };
    let text = ctx.text_of(ty).trim_start_matches('*');
    text.split('[').next().unwrap_or(text)
}

// ---------------------------------------------------------------------------------------------
// Python

fn check_python(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let mut subclassed = SubclassCache::default();
    for raise in ctx.nodes_of_kind("raise_statement") {
        let Some(exc) = raise.named_child(0) else {
            continue;
        };
        let (is_nie, message) = match exc.kind() {
            "identifier" => (ctx.text_of(exc) == "NotImplementedError", ""),
            "call" => {
                let f = exc.field("function");
                let is = f.is_some_and(|f| ctx.text_of(f) == "NotImplementedError");
                // The message: a string, implicitly concatenated strings, or the format
                // string of `"…%s…" % x`.
                let msg = exc
                    .field("arguments")
                    .and_then(|a| a.named_child(0))
                    .map(|a| match a.kind() {
                        "binary_operator" => a.field("left").unwrap_or(a),
                        _ => a,
                    })
                    .filter(|a| is_string_kind(a.kind()) || a.kind() == "concatenated_string")
                    .map(|a| ctx.text_of(a))
                    .unwrap_or("");
                (is, msg)
            }
            _ => (false, ""),
        };
        if !is_nie || !ctx.is_production_code(raise) {
            continue;
        }
        let Some(func) = ancestor_of_kind(raise, &["function_definition"]) else {
            continue;
        };
        let func_name = name_text(ctx, func);
        let todo = matches(&TODO_MESSAGE, message);
        let stub_body = python_body_is_only(ctx, func, raise);
        let dunder = func_name.starts_with("__") && func_name.ends_with("__");
        // `-> NoReturn`: never returning is the declared contract (an operation refused).
        let never_returns = func.field("return_type").is_some_and(|t| {
            let t = ctx.text_of(t);
            t.ends_with("NoReturn") || t.ends_with("Never")
        });
        let refused = matches(&UNSUPPORTED_MESSAGE, message) || never_returns;
        let flag = todo || (stub_body && !dunder && !refused);
        // The abstract check last: it may search the project for subclasses.
        if !flag
            || matches(&ABSTRACT_MESSAGE, message)
            || python_is_abstract(ctx, func, &mut subclassed)
            || (!todo && opts_out_of_abstract_method(ctx, func))
        {
            continue;
        }
        let msg = if message.is_empty() {
            format!("`{func_name}` is a stub: it only raises `NotImplementedError`")
        } else {
            format!(
                "`{func_name}` is a stub: it raises `NotImplementedError({})`",
                one_line(message, 60)
            )
        };
        out.push(ctx.finding(&StubImplementation::META, raise, msg));
    }
}

/// The function's body is `raise` plus at most a docstring, `pass` or `...`.
fn python_body_is_only(ctx: &FileContext<'_>, func: Node<'_>, raise: Node<'_>) -> bool {
    let Some(body) = func.field("body") else {
        return false;
    };
    let mut cursor = body.walk();
    body.named_children(&mut cursor).all(|stmt| {
        if stmt == raise || matches!(stmt.kind(), "comment" | "pass_statement") {
            return true;
        }
        stmt.kind() == "expression_statement"
            && stmt
                .named_child(0)
                .is_some_and(|e| e.kind() == "string" || ctx.text_of(e) == "...")
    })
}

/// The function's docstring, or "".
fn python_docstring<'a>(ctx: &FileContext<'a>, def: Node<'_>) -> &'a str {
    crate::rules::util::python_docstring(ctx, def).unwrap_or("")
}

/// Whether a class of the file is subclassed in the project, by class name: each class is
/// looked up once per file.
type SubclassCache = std::collections::HashMap<String, bool>;

fn subclassed_cached(ctx: &FileContext<'_>, name: &str, cache: &mut SubclassCache) -> bool {
    if let Some(&known) = cache.get(name) {
        return known;
    }
    let found = subclassed_in_project(ctx, name);
    cache.insert(name.to_string(), found);
    found
}

/// Abstract method or a method of an interface-like class.
fn python_is_abstract(ctx: &FileContext<'_>, func: Node<'_>, cache: &mut SubclassCache) -> bool {
    let decorated = func.parent().filter(|p| p.kind() == "decorated_definition");
    if let Some(d) = decorated {
        let mut cursor = d.walk();
        let abstract_decorator = d.named_children(&mut cursor).any(|c| {
            c.kind() == "decorator" && {
                let t = ctx.text_of(c);
                t.contains("abstract") || t.contains("overload")
            }
        });
        if abstract_decorator {
            return true;
        }
    }
    if matches(&ABSTRACT_MESSAGE, python_docstring(ctx, func)) {
        return true;
    }
    let Some(class) = python_method_class(func) else {
        return false;
    };
    // A method whose long docstring spells out the contract (arguments, return value, an
    // example for implementers) is an interface method of a plugin base class, not a feature
    // left unwritten.
    if python_docstring(ctx, func).lines().count() >= 8 {
        return true;
    }
    let class_name = name_text(ctx, class);
    if is_interface_like_name(class_name) || is_test_double_name(class_name) {
        return true;
    }
    if let Some(bases) = class.field("superclasses") {
        let mut cursor = bases.walk();
        for base in bases.named_children(&mut cursor) {
            let text = ctx.text_of(base);
            let last = python_base_name(text);
            if matches!(last, "ABC" | "Protocol" | "ABCMeta")
                || text.contains("ABCMeta")
                || is_interface_like_name(last)
            {
                return true;
            }
        }
    }
    let class_doc = python_docstring(ctx, class);
    if class_doc.contains("bstract") || class_doc.contains("nterface") {
        return true;
    }
    if every_method_is_a_stub(ctx, class) {
        return true;
    }
    subclassed_in_file(ctx, class_name, "class_definition", "superclasses")
        || subclassed_cached(ctx, class_name, cache)
}

/// The method's class derives from a project class that declares it `@abstractmethod`.
fn opts_out_of_abstract_method(ctx: &FileContext<'_>, func: Node<'_>) -> bool {
    let method = name_text(ctx, func);
    let Some(bases) = python_method_class(func).and_then(|c| c.field("superclasses")) else {
        return false;
    };
    let mut cursor = bases.walk();
    bases
        .named_children(&mut cursor)
        .any(|base| base_declares_abstract(ctx, python_base_name(ctx.text_of(base)), method))
}

/// The class a Python function is a method of (through its decorators).
fn python_method_class(func: Node<'_>) -> Option<Node<'_>> {
    func.parent()
        .filter(|p| p.kind() == "decorated_definition")
        .unwrap_or(func)
        .parent()
        .filter(|b| b.kind() == "block")
        .and_then(|b| b.parent())
        .filter(|c| c.kind() == "class_definition")
}

/// `abc.ABC` → `ABC`, `Generic[T]` → `Generic`.
fn python_base_name(text: &str) -> &str {
    let head = text.split('[').next().unwrap_or(text);
    head.rsplit('.').next().unwrap_or(head).trim()
}

/// A base class of the project declares the method `@abstractmethod`: every subclass must
/// define it, and one that cannot support it says so by raising (a channels backend without
/// history). Found by the text of the file that defines the base class.
fn base_declares_abstract(ctx: &FileContext<'_>, base: &str, method: &str) -> bool {
    base_declares_abstract_within(ctx, base, method, 3)
}

/// [`base_declares_abstract`], through up to `depth` levels of the project's base classes
/// (`RedisPubSubBackend(RedisBackend)`, `RedisBackend(ChannelsBackend, ABC)`, the abstract
/// method declared by `ChannelsBackend`).
fn base_declares_abstract_within(
    ctx: &FileContext<'_>,
    base: &str,
    method: &str,
    depth: usize,
) -> bool {
    if base.is_empty() || method.is_empty() {
        return false;
    }
    if declares_abstract(ctx, base, method) {
        return true;
    }
    if depth == 0 {
        return false;
    }
    let class_open = format!("class {base}(");
    let grandparents: Vec<String> = ctx
        .project
        .files
        .iter()
        .filter(|f| f.language == Some(Language::Python))
        .filter_map(|f| f.text())
        .filter_map(|t| {
            let at = t.find(&class_open)? + class_open.len();
            let list = t[at..].split(')').next()?;
            Some(
                list.split(',')
                    .map(|b| python_base_name(b).to_string())
                    .filter(|b| !b.is_empty() && b != base)
                    .collect::<Vec<_>>(),
            )
        })
        .flatten()
        .collect();
    grandparents
        .iter()
        .any(|g| base_declares_abstract_within(ctx, g, method, depth - 1))
}

/// The file that defines class `base` declares `method` with `@abstractmethod`.
fn declares_abstract(ctx: &FileContext<'_>, base: &str, method: &str) -> bool {
    let class_open = format!("class {base}(");
    let class_bare = format!("class {base}:");
    let def = format!("def {method}(");
    ctx.project.files.iter().any(|f| {
        f.language == Some(Language::Python)
            && f.text().is_some_and(|t| {
                (t.contains(&class_open) || t.contains(&class_bare))
                    && t.contains("abstractmethod")
                    && {
                        let lines: Vec<&str> = t.lines().collect();
                        lines.iter().enumerate().any(|(i, l)| {
                            let l = l.trim_start();
                            (l.starts_with(&def) || l.starts_with(&format!("async {def}")))
                                && lines[i.saturating_sub(3)..i].iter().any(|d| {
                                    d.trim_start().starts_with('@') && d.contains("abstractmethod")
                                })
                        })
                    }
            })
    })
}

/// Every method of the class only raises `NotImplementedError` (starlette's
/// `AuthenticationBackend`): the class declares an interface, and no part of it pretends to work.
/// A class with one working method and one stub is not one.
fn every_method_is_a_stub(ctx: &FileContext<'_>, class: Node<'_>) -> bool {
    let Some(body) = class.field("body") else {
        return false;
    };
    let mut cursor = body.walk();
    let methods: Vec<Node<'_>> = body
        .named_children(&mut cursor)
        .filter_map(|item| match item.kind() {
            "function_definition" => Some(item),
            "decorated_definition" => item
                .field("definition")
                .filter(|d| d.kind() == "function_definition"),
            _ => None,
        })
        .filter(|m| {
            let name = name_text(ctx, *m);
            !(name.starts_with("__") && name.ends_with("__"))
        })
        .collect();
    !methods.is_empty()
        && methods.iter().all(|m| {
            m.field("body").is_some_and(|b| {
                let mut cursor = b.walk();
                let statements: Vec<Node<'_>> = b
                    .named_children(&mut cursor)
                    .filter(|s| !crate::rules::util::is_comment_kind(s.kind()))
                    .collect();
                statements.last().is_some_and(|last| {
                    last.kind() == "raise_statement"
                        && ctx.text_of(*last).contains("NotImplementedError")
                        && python_body_is_only(ctx, *m, *last)
                })
            })
        })
}

/// Another file of the project derives from `name` (`class Flask(App)`, `class B extends A`):
/// the class is a base whose stubs the subclasses fill in. A text search, run only for the rare
/// candidate stubs.
fn subclassed_in_project(ctx: &FileContext<'_>, name: &str) -> bool {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    {
        return false;
    }
    let escaped = regex::escape(name);
    let pattern = if ctx.language == Language::Python {
        format!(r"class\s+\w+\s*\((?:[^()]|\([^()]*\))*\b{escaped}\b")
    } else {
        format!(r"\bextends\s+(?:[\w$]+\.)*{escaped}\b")
    };
    let Ok(re) = Regex::new(&pattern) else {
        return false;
    };
    let same_family = |l: Language| {
        if ctx.language == Language::Python {
            l == Language::Python
        } else {
            l.is_js_family()
        }
    };
    // `from ..statsd import StatsdLogger as Base` then `class StatsdLogger(Base)`.
    let alias = Regex::new(&format!(r"\b{escaped}\s+as\s+(\w+)")).ok();
    let subclasses_alias = |t: &str| {
        ctx.language == Language::Python
            && alias.as_ref().is_some_and(|alias| {
                alias.captures_iter(t).any(|c| {
                    c.get(1).is_some_and(|a| {
                        let a = regex::escape(a.as_str());
                        Regex::new(&format!(r"class\s+\w+\s*\((?:[^()]|\([^()]*\))*\b{a}\b"))
                            .is_ok_and(|re| re.is_match(t))
                    })
                })
            })
    };
    ctx.project.files.iter().any(|f| {
        f.rel_path != ctx.file.rel_path
            && f.language.is_some_and(same_family)
            && f.text()
                .is_some_and(|t| t.contains(name) && (re.is_match(t) || subclasses_alias(t)))
    })
}

/// `BaseAdapter`, `AbstractStore`, `StorageInterface`, `LoggingMixin`, `IOBase`.
fn is_interface_like_name(name: &str) -> bool {
    name.starts_with("Base")
        || name.starts_with("Abstract")
        || name.starts_with("_Base")
        || name.starts_with("_Abstract")
        || name.ends_with("Base")
        || name.ends_with("Interface")
        || name.ends_with("Mixin")
        || name.ends_with("Protocol")
        || name.ends_with("ABC")
}

/// Another class of the file lists `name` among its bases.
fn subclassed_in_file(
    ctx: &FileContext<'_>,
    name: &str,
    class_kind: &str,
    bases_field: &'static str,
) -> bool {
    if name.is_empty() {
        return false;
    }
    // The names in the file's base-class lists, gathered once per file and class kind: asked
    // for every stub, which in a file of thousands of classes would otherwise be quadratic.
    thread_local! {
        static MEMO: crate::rules::util::FileMemo<std::rc::Rc<std::collections::HashSet<String>>> =
            Default::default();
    }
    let key = format!("{class_kind}/{bases_field}");
    let bases = crate::rules::util::remembered_in_file(&MEMO, ctx, 0, &key, || {
        let mut names = std::collections::HashSet::new();
        for c in ctx.nodes_of_kind(class_kind) {
            let bases = match bases_field {
                "" => {
                    let mut cursor = c.walk();
                    c.named_children(&mut cursor)
                        .find(|n| n.kind() == "class_heritage")
                }
                field => c.field(field),
            };
            if let Some(b) = bases {
                crate::rules::util::visit_descendants(
                    b,
                    |_| true,
                    |n| {
                        if matches!(n.kind(), "identifier" | "type_identifier") {
                            names.insert(ctx.text_of(n).to_string());
                        }
                    },
                );
            }
        }
        std::rc::Rc::new(names)
    });
    bases.contains(name)
}

// ---------------------------------------------------------------------------------------------
// JavaScript / TypeScript

fn check_js(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let mut subclassed = SubclassCache::default();
    for throw in ctx.nodes_of_kind("throw_statement") {
        let Some(value) = throw.named_child(0) else {
            continue;
        };
        let (ctor, message) = match value.kind() {
            "new_expression" => {
                let ctor = value
                    .field("constructor")
                    .map(|c| ctx.text_of(c))
                    .unwrap_or("");
                let ctor_name = ctor.rsplit('.').next().unwrap_or(ctor);
                if !ctor_name.ends_with("Error") && !ctor_name.ends_with("Exception") {
                    continue;
                }
                let msg = value
                    .field("arguments")
                    .and_then(|a| a.named_child(0))
                    .filter(|a| is_string_kind(a.kind()))
                    .map(|a| ctx.text_of(a))
                    .unwrap_or("");
                (ctor_name, msg)
            }
            k if is_string_kind(k) => ("", ctx.text_of(value)),
            _ => continue,
        };
        let inner = message.trim_matches(['"', '\'', '`']);
        let stub = ctor.starts_with("NotImplemented") || matches(&STUB_MESSAGE, inner);
        if !stub || matches(&ABSTRACT_MESSAGE, inner) || !ctx.is_production_code(throw) {
            continue;
        }
        if js_is_abstract(ctx, throw, &mut subclassed)
            || matches(&UNSUPPORTED_MESSAGE, inner)
            || comment_explains_refusal(ctx, throw)
            || js_refuses_by_design(ctx, throw, inner)
        {
            continue;
        }
        let shown = one_line(ctx.text_of(value), 60);
        let func = js_function_name(ctx, throw);
        let msg = if func.is_empty() {
            format!("`throw {shown}` is a stub: the feature is not written")
        } else {
            format!("`throw {shown}` in `{func}` is a stub: the feature is not written")
        };
        out.push(ctx.finding(&StubImplementation::META, throw, msg));
    }
}

/// Throws that refuse on purpose rather than stand in for unwritten code:
/// - the `default:` of a `switch` (an exhaustiveness guard, like Go's and Rust's);
/// - a method of a descriptor object (data fields beside its methods) whose every method only
///   throws (tedious' result-only data types: an interface half deliberately refused; a class
///   of stubs alone is unwritten code);
/// - a throw right after a call that warns the user to replace it (a library's default hook:
///   `mustChange('features.x', …); throw new Error('features.x not implemented')`);
/// - a `TODO:`-worded error under a condition (input validation whose wording is unfinished).
fn js_refuses_by_design<'t>(ctx: &FileContext<'t>, throw: Node<'t>, message: &str) -> bool {
    if ctx
        .parent(throw)
        .is_some_and(|p| p.kind() == "switch_default")
    {
        return true;
    }
    if let Some(method) = ancestor_of_kind(throw, JS_FUNCTION_KINDS)
        && let Some(container) = js_method_container(ctx, method)
        && js_every_member_only_throws(ctx, container)
    {
        return true;
    }
    let warned = throw.prev_named_sibling().is_some_and(|p| {
        p.kind() == "expression_statement"
            && p.named_child(0)
                .filter(|c| c.kind() == "call_expression")
                .and_then(|c| c.field("function"))
                .is_some_and(|f| {
                    let name = ctx.text_of(f);
                    let last = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
                    last.contains("warn")
                        || last.starts_with("mustchange")
                        || last.contains("deprecat")
                })
    });
    if warned {
        return true;
    }
    matches(&TODO_MESSAGE, message)
        && ctx
            .ancestors(throw)
            .take_while(|a| !JS_FUNCTION_KINDS.contains(&a.kind()))
            .any(|a| a.kind() == "if_statement")
}

/// The object literal a method or function-valued property belongs to.
fn js_method_container<'t>(ctx: &FileContext<'t>, method: Node<'t>) -> Option<Node<'t>> {
    let parent = ctx.parent(method)?;
    match parent.kind() {
        "object" => Some(parent),
        "pair" => ctx.parent(parent).filter(|o| o.kind() == "object"),
        _ => None,
    }
}

/// The object holds data fields (`id: 0x68`) and at least two methods, and each method's body
/// is a single `throw`.
fn js_every_member_only_throws(ctx: &FileContext<'_>, container: Node<'_>) -> bool {
    let mut fields = container.walk();
    let has_data = container.named_children(&mut fields).any(|m| {
        m.kind() == "pair"
            && m.field("value").is_some_and(|v| {
                !matches!(
                    v.kind(),
                    "function_expression" | "function" | "arrow_function"
                )
            })
    });
    if !has_data {
        return false;
    }
    let mut cursor = container.walk();
    let functions: Vec<Node<'_>> = container
        .named_children(&mut cursor)
        .filter_map(|m| match m.kind() {
            "method_definition" => Some(m),
            "pair" => m.field("value").filter(|v| {
                matches!(
                    v.kind(),
                    "function_expression" | "function" | "arrow_function"
                )
            }),
            _ => None,
        })
        .filter(|f| {
            // Constructors and accessors are not the interface's operations.
            let name = f.field("name").map_or("", |n| ctx.text_of(n));
            name != "constructor"
        })
        .collect();
    functions.len() >= 2
        && functions.iter().all(|f| {
            f.field("body").is_some_and(|b| {
                let mut c = b.walk();
                let statements: Vec<Node<'_>> = b
                    .named_children(&mut c)
                    .filter(|s| !is_comment_kind(s.kind()))
                    .collect();
                matches!(statements.as_slice(), [only] if only.kind() == "throw_statement")
            })
        })
}

const JS_CLASS_KINDS: &[&str] = &["class_declaration", "class", "abstract_class_declaration"];

/// A method of an abstract, interface-like, test-double or subclassed-in-file class.
fn js_is_abstract(ctx: &FileContext<'_>, node: Node<'_>, cache: &mut SubclassCache) -> bool {
    let Some(class) = ancestor_of_kind(node, JS_CLASS_KINDS) else {
        return false;
    };
    if class.kind() == "abstract_class_declaration" {
        return true;
    }
    let name = name_text(ctx, class);
    if is_interface_like_name(name) || is_test_double_name(name) || in_abstract_module(ctx) {
        return true;
    }
    JS_CLASS_KINDS
        .iter()
        .any(|kind| subclassed_in_file(ctx, name, kind, ""))
        || subclassed_cached(ctx, name, cache)
}

/// A module of an `abstract/` folder or named `abstract…`/`base…` (sequelize's
/// `dialects/abstract/query-generator.js`, whose class each dialect extends under another
/// name): its classes are bases by where they live.
fn in_abstract_module(ctx: &FileContext<'_>) -> bool {
    let lower = ctx.rel_path().to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    let file = parts.pop().unwrap_or("");
    parts.contains(&"abstract")
        || file.starts_with("abstract")
        || file.starts_with("base.")
        || file.starts_with("base-")
        || file.starts_with("base_")
}

/// The name of the function or method around `node`.
const JS_FUNCTION_KINDS: &[&str] = &[
    "function_declaration",
    "method_definition",
    "function_expression",
    "function",
    "arrow_function",
    "generator_function_declaration",
];

fn js_function_name<'a>(ctx: &FileContext<'a>, node: Node<'_>) -> &'a str {
    let Some(func) = ancestor_of_kind(node, JS_FUNCTION_KINDS) else {
        return "";
    };
    let own = name_text(ctx, func);
    if !own.is_empty() {
        return own;
    }
    func.parent()
        .and_then(|p| match p.kind() {
            "variable_declarator" => p.field("name"),
            "pair" => p.field("key"),
            "assignment_expression" => p.field("left"),
            _ => None,
        })
        .map(|n| ctx.text_of(n))
        .unwrap_or("")
}
