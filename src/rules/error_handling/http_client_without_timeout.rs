use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::{any_descendant, go_import_name};
use crate::rules::{FileContext, Rule};
use std::collections::HashSet;
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// HTTP clients and calls that never time out:
    /// - Rust: `reqwest::Client::new()`, `reqwest::get(…)`, and `Client::builder()` chains that
    ///   reach `.build()` without `.timeout(…)` (or `.read_timeout(…)`);
    /// - Go: `http.Get`/`Post`/`PostForm`/`Head` and `http.DefaultClient.Do`/`Get`/`Post`/…
    ///   (they use `http.DefaultClient`, which has no timeout) and `http.Client{…}` literals
    ///   (also `&http.Client{}`) without a `Timeout`;
    /// - Python: module-level `requests.get/post/put/patch/delete/head/request(…)` calls
    ///   without a `timeout=` keyword.
    ///
    /// ## Why it matters
    /// Without a timeout a request to a slow or stalled server waits forever: the worker,
    /// goroutine or thread is stuck, connection pools drain, and one sick dependency takes the
    /// whole service down with it instead of failing fast.
    ///
    /// ## How to fix
    /// Set an overall timeout on the client (or on every request), sized to the dependency's
    /// expected latency.
    ///
    /// ## Example
    /// ```go
    /// resp, err := http.Get(url)
    /// ```
    /// Use instead:
    /// ```go
    /// client := &http.Client{Timeout: 10 * time.Second}
    /// resp, err := client.Get(url)
    /// ```
    ///
    /// ## Does not flag
    /// Clients that set a timeout (`Client::builder().timeout(…)`, `http.Client{Timeout: …}`,
    /// `requests.get(url, timeout=5)`), `reqwest::blocking` clients and calls (30 s by default),
    /// Rust files that set a per-request `.timeout(…)` or wrap
    /// calls in `tokio::time::timeout`, builders that escape before `.build()`, Go clients whose
    /// `Timeout` is assigned afterwards in the same function or whose literal configures other
    /// timeouts (also through a `Transport:` variable declared with `…Timeout` fields or a
    /// `Dial` function), Go files that bind requests to a context (`http.NewRequestWithContext`,
    /// `req.WithContext(ctx)`, `req.Clone(ctx)`, `req.Cancel = …`, `ctxhttp.Do`) with a deadline set
    /// in the file (`context.WithTimeout`/`WithDeadline`) or by callers that pass a
    /// `context.Context` in, `http.DefaultClient.Timeout` set in the file, a
    /// local variable shadowing `http`, `requests` calls passing `**kwargs` (which may carry a
    /// timeout), `requests.Session()` calls, projects that patch a default timeout into
    /// `requests` at start-up (`HTTPAdapter.send = send_with_timeout`), `httpx` (it has a
    /// default timeout), look-alikes
    /// from other crates or modules, comments and strings, test code (including Rust modules
    /// declared under `#[cfg(test)]`, test-support directories and `…test` Go packages), and Go
    /// generators excluded from builds (`//go:build ignore`).
    pub struct HttpClientWithoutTimeout {
        id: "http-client-without-timeout",
        category: Category::ErrorHandling,
        severity: Severity::Medium,
        effort_hours: 0.25,
        languages: &[Language::Rust, Language::Go, Language::Python],
        summary: "HTTP client or request without a timeout can hang forever",
        literals: &["reqwest", "net/http", "requests"],
    }
}

impl Rule for HttpClientWithoutTimeout {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        match ctx.language {
            Language::Rust => check_rust(ctx, out),
            Language::Go => check_go(ctx, out),
            Language::Python => check_python(ctx, out),
            _ => {}
        }
    }
}

const META: &crate::rules::RuleMeta = &HttpClientWithoutTimeout::META;

// ---------------------------------------------------------------------------------------------
// Rust: reqwest

fn check_rust(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let imported = reqwest_imports(ctx);
    let blocking_imports = reqwest_blocking_imports(ctx);
    // A per-request `.timeout(…)` or a `tokio::time::timeout(…)` somewhere in the file: the
    // client may be bounded per call, so clients are not flagged here.
    let file_bounds_requests = ctx
        .nodes_of_kind("call_expression")
        .any(|c| matches!(rust_callee_name(ctx, c), "timeout" | "read_timeout"));
    for call in ctx.nodes_of_kind("call_expression") {
        let Some(function) = call.field("function") else {
            continue;
        };
        if function.kind() != "scoped_identifier" {
            continue;
        }
        let segments = path_segments(ctx, function);
        let Some((&name, path)) = segments.split_last() else {
            continue;
        };
        let from_reqwest = path
            .first()
            .is_some_and(|root| *root == "reqwest" || imported.contains(*root));
        if !from_reqwest || !ctx.is_production_code(call) {
            continue;
        }
        // `reqwest::blocking` clients time out after 30 s unless told otherwise.
        let blocking = path.contains(&"blocking")
            || path
                .first()
                .is_some_and(|root| blocking_imports.contains(*root));
        if blocking {
            continue;
        }
        let ty = path.last().copied().unwrap_or("");
        let shown = segments.join("::");
        match (ty, name) {
            // `reqwest::get(url)` / `reqwest::blocking::get(url)`.
            ("reqwest" | "blocking", "get") if !inside_timeout_call(ctx, call) => {
                out.push(ctx.finding(
                    META,
                    call,
                    format!("`{shown}(…)` uses a client without a timeout"),
                ));
            }
            ("Client", "new") if !file_bounds_requests => {
                out.push(ctx.finding(
                    META,
                    call,
                    format!("`{shown}()` builds a client without a timeout"),
                ));
            }
            ("Client", "builder") | ("ClientBuilder", "new")
                if !file_bounds_requests && builder_chain_lacks_timeout(ctx, call) =>
            {
                out.push(ctx.finding(
                    META,
                    call,
                    format!("`{shown}()` chain reaches `.build()` without `.timeout(…)`"),
                ));
            }
            _ => {}
        }
    }
}

/// Names a file binds from `reqwest::blocking` (`use reqwest::blocking::Client;`,
/// `use reqwest::blocking::{self, Client as Http}`): their clients have a default timeout.
fn reqwest_blocking_imports<'a>(ctx: &FileContext<'a>) -> HashSet<&'a str> {
    let mut names = HashSet::new();
    for decl in ctx.nodes_of_kind("use_declaration") {
        let Some(arg) = decl.field("argument") else {
            continue;
        };
        let text = ctx.text_of(arg);
        if !text.starts_with("reqwest::blocking") {
            continue;
        }
        ctx.visit_all_descendants(arg, |n, kind| match kind {
            "identifier" if !matches!(ctx.text_of(n), "reqwest" | "self") => {
                names.insert(ctx.text_of(n));
            }
            "self" => {
                names.insert("blocking");
            }
            _ => {}
        });
        if text == "reqwest::blocking" {
            names.insert("blocking");
        }
    }
    names
}

/// Names a file binds from `reqwest` with `use` (`Client`, `blocking`, aliases).
fn reqwest_imports<'a>(ctx: &FileContext<'a>) -> HashSet<&'a str> {
    let mut names = HashSet::new();
    for decl in ctx.nodes_of_kind("use_declaration") {
        let Some(arg) = decl.field("argument") else {
            continue;
        };
        let root = leftmost_identifier(ctx, arg);
        if root != Some("reqwest") {
            continue;
        }
        let mut stack = vec![arg];
        while let Some(n) = stack.pop() {
            match n.kind() {
                "use_as_clause" => {
                    if let Some(alias) = n.field("alias") {
                        names.insert(ctx.text_of(alias));
                    }
                }
                "scoped_identifier" => {
                    if let Some(name) = n.field("name") {
                        names.insert(ctx.text_of(name));
                    }
                }
                "identifier" => {
                    names.insert(ctx.text_of(n));
                }
                "scoped_use_list" => {
                    if let Some(list) = n.field("list") {
                        stack.push(list);
                    }
                }
                "use_list" => {
                    let mut c = n.walk();
                    stack.extend(n.named_children(&mut c));
                }
                _ => {}
            }
        }
    }
    names.remove("reqwest");
    names
}

fn leftmost_identifier<'a>(ctx: &FileContext<'a>, node: Node<'_>) -> Option<&'a str> {
    let mut n = node;
    loop {
        match n.kind() {
            "identifier" => return Some(ctx.text_of(n)),
            "scoped_identifier" | "scoped_use_list" | "use_as_clause" | "use_wildcard" => {
                n = n.field("path").or_else(|| n.named_child(0))?;
            }
            _ => return None,
        }
    }
}

/// `reqwest::blocking::Client::new` → `["reqwest", "blocking", "Client", "new"]`.
fn path_segments<'a>(ctx: &FileContext<'a>, node: Node<'_>) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut n = Some(node);
    while let Some(cur) = n {
        match cur.kind() {
            "scoped_identifier" => {
                if let Some(name) = cur.field("name") {
                    out.push(ctx.text_of(name));
                }
                n = cur.field("path");
            }
            "identifier" => {
                out.push(ctx.text_of(cur));
                n = None;
            }
            _ => {
                // Generic or unusual paths (`<T>::x`, `crate::`): not a reqwest call we know.
                out.push("");
                n = None;
            }
        }
    }
    out.reverse();
    out
}

/// Last segment of a call's callee: `timeout` for `x.timeout(d)` and `tokio::time::timeout(d, f)`.
fn rust_callee_name<'a>(ctx: &FileContext<'a>, call: Node<'_>) -> &'a str {
    let Some(f) = call.field("function") else {
        return "";
    };
    let name = match f.kind() {
        "field_expression" => f.field("field"),
        "scoped_identifier" => f.field("name"),
        "identifier" => Some(f),
        _ => None,
    };
    name.map(|n| ctx.text_of(n)).unwrap_or("")
}

fn inside_timeout_call(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    let mut current = node.parent();
    while let Some(n) = current {
        match n.kind() {
            "function_item" | "closure_expression" => return false,
            "call_expression" if rust_callee_name(ctx, n) == "timeout" => return true,
            _ => {}
        }
        current = n.parent();
    }
    false
}

/// Follows `builder().a(…).b(…)…` upwards; true when it reaches `.build()` with no timeout.
fn builder_chain_lacks_timeout(ctx: &FileContext<'_>, start: Node<'_>) -> bool {
    let mut node = start;
    loop {
        let Some(field) = node.parent().filter(|p| p.kind() == "field_expression") else {
            // The builder escapes (stored in a variable, passed on): cannot tell.
            return false;
        };
        let Some(call) = field.parent().filter(|p| p.kind() == "call_expression") else {
            return false;
        };
        let method = field.field("field").map(|f| ctx.text_of(f)).unwrap_or("");
        match method {
            "timeout" | "read_timeout" => return false,
            "build" => return true,
            _ => node = call,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Go: net/http

fn check_go(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let Some(http) = go_import_name(ctx, "net/http") else {
        return;
    };
    // Requests carry a context (`NewRequestWithContext`, `req.WithContext(ctx)`, `req.Clone(ctx)`,
    // `req.Cancel = ctx.Done()`, `ctxhttp.Do(ctx, …)`) whose deadline is set here or by the caller
    // that passes `ctx context.Context` in.
    let binds_context = ctx.nodes_of_kind("call_expression").any(|c| {
        go_selector(ctx, c).is_some_and(|(pkg, f)| {
            (pkg == http && f == "NewRequestWithContext")
                || (pkg == "ctxhttp" && f == "Do")
                || (matches!(f, "WithContext" | "Clone")
                    && c.field("arguments")
                        .and_then(|a| a.named_child(0))
                        .is_some_and(|a| ctx.text_of(a).to_ascii_lowercase().contains("ctx")))
        })
    }) || ctx.nodes_of_kind("selector_expression").any(|s| {
        s.field("field").is_some_and(|f| ctx.text_of(f) == "Cancel") && is_assignment_target(s)
    });
    let deadline_known = ctx.nodes_of_kind("call_expression").any(|c| {
        go_selector(ctx, c)
            .is_some_and(|(pkg, f)| pkg == "context" && matches!(f, "WithTimeout" | "WithDeadline"))
    }) || ctx.nodes_of_kind("parameter_declaration").any(|p| {
        p.field("type")
            .is_some_and(|t| ctx.text_of(t) == "context.Context")
    });
    let bounded_by_context = binds_context && deadline_known;
    let default_timeout_set = ctx.nodes_of_kind("selector_expression").any(|s| {
        ctx.text_of(s).replace(char::is_whitespace, "") == format!("{http}.DefaultClient.Timeout")
            && is_assignment_target(s)
    });
    for call in ctx.nodes_of_kind("call_expression") {
        let Some((pkg, func)) = go_selector(ctx, call) else {
            continue;
        };
        if pkg != http || !matches!(func, "Get" | "Post" | "PostForm" | "Head") {
            continue;
        }
        if default_timeout_set || !ctx.is_production_code(call) || go_shadowed(ctx, call, http) {
            continue;
        }
        out.push(ctx.finding(
            META,
            call,
            format!("`{pkg}.{func}` uses `http.DefaultClient`, which has no timeout"),
        ));
    }
    // `http.DefaultClient.Do(req)`: the same client, named. A request bound to a context with a
    // deadline is bounded by it.
    for call in ctx.nodes_of_kind("call_expression") {
        let Some(function) = call.field("function") else {
            continue;
        };
        let text: String = ctx.text_of(function).split_whitespace().collect();
        let Some(method) = text.strip_prefix(&format!("{http}.DefaultClient.")) else {
            continue;
        };
        if !matches!(method, "Do" | "Get" | "Post" | "PostForm" | "Head")
            || (method == "Do" && bounded_by_context)
            || default_timeout_set
            || !ctx.is_production_code(call)
            || go_shadowed(ctx, call, http)
        {
            continue;
        }
        out.push(ctx.finding(
            META,
            call,
            format!("`{text}` sends through the default client, which has no timeout"),
        ));
    }
    if bounded_by_context {
        return;
    }
    for lit in ctx.nodes_of_kind("composite_literal") {
        let Some(ty) = lit.field("type") else {
            continue;
        };
        if ty.kind() != "qualified_type" {
            continue;
        }
        let pkg = ty.field("package").map(|p| ctx.text_of(p));
        let name = ty.field("name").map(|p| ctx.text_of(p));
        if pkg != Some(http) || name != Some("Client") || !ctx.is_production_code(lit) {
            continue;
        }
        let Some(body) = lit.field("body") else {
            continue;
        };
        // Any `…Timeout:` key inside (the client's own, or a transport's): timeouts were
        // thought about.
        let mentions_timeout = any_descendant(body, |n| {
            n.kind() == "keyed_element"
                && n.field("key")
                    .is_some_and(|k| ctx.text_of(k).ends_with("Timeout"))
        });
        // `Transport: tr` with `tr := &http.Transport{ResponseHeaderTimeout: …}` declared above.
        let transport_has_timeouts = {
            let mut cursor = body.walk();
            body.named_children(&mut cursor).any(|el| {
                el.kind() == "keyed_element"
                    && el
                        .field("key")
                        .is_some_and(|k| ctx.text_of(k) == "Transport")
                    && el
                        .field("value")
                        .and_then(|v| v.named_child(0).or(Some(v)))
                        .filter(|v| v.kind() == "identifier")
                        .and_then(|v| crate::rules::util::go_declaration_hint(ctx, lit, v))
                        .is_some_and(|hint| hint.contains("Timeout") || hint.contains("Dial"))
            })
        };
        if mentions_timeout || transport_has_timeouts || timeout_assigned_later(ctx, lit) {
            continue;
        }
        out.push(ctx.finding(
            META,
            lit,
            format!("`{http}.Client{{…}}` has no `Timeout`: requests through it can hang forever"),
        ));
    }
}

/// `pkg.Func(…)` → `(pkg, Func)`.
fn go_selector<'a>(ctx: &FileContext<'a>, call: Node<'_>) -> Option<(&'a str, &'a str)> {
    let f = call.field("function")?;
    if f.kind() != "selector_expression" {
        return None;
    }
    let operand = f.field("operand")?;
    if operand.kind() != "identifier" {
        return None;
    }
    let field = f.field("field")?;
    Some((ctx.text_of(operand), ctx.text_of(field)))
}

/// A local variable or parameter named like the package hides it (`var http fakeClient`).
fn go_shadowed(ctx: &FileContext<'_>, node: Node<'_>, name: &str) -> bool {
    let mut current = node.parent();
    while let Some(scope) = current {
        if matches!(
            scope.kind(),
            "function_declaration" | "method_declaration" | "func_literal"
        ) {
            let binds = any_descendant(scope, |n| {
                let target = match n.kind() {
                    "var_spec" | "parameter_declaration" | "const_spec" => n.field("name"),
                    "short_var_declaration" | "range_clause" => n.field("left"),
                    _ => None,
                };
                target.is_some_and(|t| {
                    t.start_byte() < node.start_byte()
                        && (ctx.text_of(t) == name
                            || any_descendant(t, |i| {
                                i.kind() == "identifier" && ctx.text_of(i) == name
                            }))
                })
            });
            if binds {
                return true;
            }
        }
        current = scope.parent();
    }
    false
}

fn is_assignment_target(node: Node<'_>) -> bool {
    let Some(list) = node.parent().filter(|p| p.kind() == "expression_list") else {
        return false;
    };
    list.parent().is_some_and(|a| {
        a.kind() == "assignment_statement" && a.field("left").is_some_and(|l| l.id() == list.id())
    })
}

/// `c := &http.Client{}` followed by `c.Timeout = …` in the same function (or file, at
/// package level).
fn timeout_assigned_later(ctx: &FileContext<'_>, lit: Node<'_>) -> bool {
    let scope = crate::rules::util::go_enclosing_function(lit);
    let check = |n: Node<'_>| {
        n.kind() == "selector_expression"
            && n.field("field")
                .is_some_and(|f| ctx.text_of(f) == "Timeout")
            && is_assignment_target(n)
    };
    match scope {
        Some(s) => any_descendant(s, check),
        None => ctx.nodes_of_kind("selector_expression").any(check),
    }
}

// ---------------------------------------------------------------------------------------------
// Python: requests

/// The project gives every `requests` call a default timeout by patching the library at
/// start-up (`HTTPAdapter.send = send_with_timeout`, `requests.Session.request = …`), as pretix
/// does: a production module assigns one of those attributes.
fn requests_default_timeout_patched(ctx: &FileContext<'_>) -> bool {
    *ctx.project
        .facts
        .lazy
        .requests_timeout_patched
        .get_or_init(|| requests_patched_in(ctx.project))
}

fn requests_patched_in(project: &crate::model::Project) -> bool {
    const PATCHED: &[&str] = &[
        "HTTPAdapter.send",
        "adapters.HTTPAdapter.send",
        "Session.request",
        "Session.send",
        "requests.request",
    ];
    project
        .production_sources(Language::Python)
        .any(|(_, text)| {
            text.contains("HTTPAdapter.send") || text.contains("Session.request")
                || text.contains("Session.send") || text.contains("requests.request")
        }
            && text.lines().any(|line| {
                let line = line.trim_start();
                !line.starts_with('#')
                    && line.split_once('=').is_some_and(|(target, value)| {
                    !value.starts_with('=')
                        && !target.ends_with(['!', '<', '>', '='])
                        && PATCHED.iter().any(|p| target.trim_end().ends_with(p))
                })
            }))
}

fn check_python(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let Some(module) = python_import_name(ctx, "requests") else {
        return;
    };
    if requests_default_timeout_patched(ctx) {
        return;
    }
    for call in ctx.nodes_of_kind("call") {
        let Some(f) = call.field("function") else {
            continue;
        };
        if f.kind() != "attribute" {
            continue;
        }
        let (Some(obj), Some(attr)) = (f.field("object"), f.field("attribute")) else {
            continue;
        };
        if obj.kind() != "identifier" || ctx.text_of(obj) != module {
            continue;
        }
        let method = ctx.text_of(attr);
        if !matches!(
            method,
            "get" | "post" | "put" | "patch" | "delete" | "head" | "request"
        ) {
            continue;
        }
        let Some(args) = call.field("arguments") else {
            continue;
        };
        let mut cursor = args.walk();
        let sets_timeout = args.named_children(&mut cursor).any(|a| match a.kind() {
            "keyword_argument" => a.field("name").is_some_and(|n| ctx.text_of(n) == "timeout"),
            // `**kwargs` may carry the timeout.
            "dictionary_splat" => true,
            _ => false,
        });
        if sets_timeout || !ctx.is_production_code(call) {
            continue;
        }
        out.push(ctx.finding(
            META,
            call,
            format!("`{module}.{method}(…)` has no `timeout=`: it can wait forever"),
        ));
    }
}

/// The name a Python file binds a top-level module to with `import`.
fn python_import_name<'a>(ctx: &FileContext<'a>, module: &str) -> Option<&'a str> {
    for stmt in ctx.nodes_of_kind("import_statement") {
        let mut cursor = stmt.walk();
        for name in stmt.children_by_field_name("name", &mut cursor) {
            match name.kind() {
                // `import requests` and `import requests.adapters` both bind `requests`.
                "dotted_name" => {
                    let text = ctx.text_of(name);
                    if text == module
                        || text
                            .strip_prefix(module)
                            .is_some_and(|r| r.starts_with('.'))
                    {
                        return text.get(..module.len());
                    }
                }
                "aliased_import" => {
                    let target = name.field("name").map(|n| ctx.text_of(n));
                    if target == Some(module) {
                        return name.field("alias").map(|a| ctx.text_of(a));
                    }
                }
                _ => {}
            }
        }
    }
    None
}
