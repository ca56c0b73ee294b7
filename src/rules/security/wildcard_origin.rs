use super::support::{
    Binding, bindings, call_arguments, callee_name, callee_receiver, code_children,
    inside_branch_on, is_production, string_value, unwrap_value,
};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::{is_string_kind, visit_descendants};
use crate::rules::{FileContext, Rule};
use crate::secrets::normalise_name;
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Server code that lets every origin in:
    /// - a WebSocket `CheckOrigin` (Go, gorilla/websocket) or an `AllowOriginFunc` that returns
    ///   `true` on every path;
    /// - `Access-Control-Allow-Origin` set to `*` by server code (`w.Header().Set(…)`,
    ///   `res.setHeader(…)`, `response.headers[…] = "*"`, a Lambda response's `headers`, Rust
    ///   `(ACCESS_CONTROL_ALLOW_ORIGIN, "*")`);
    /// - CORS middleware configured for any origin: tower-http `CorsLayer::permissive()`,
    ///   `CorsLayer::very_permissive()`, `.allow_origin(Any)`, `AllowOrigin::any()`, actix-cors
    ///   `Cors::permissive()`/`.allow_any_origin()`, gin `AllowAllOrigins: true`,
    ///   `cors.Default()`/`cors.AllowAll()`, echo `middleware.CORS()`, express/koa/hono `cors()`
    ///   without an `origin` or with `origin: '*'`/`true`, socket.io `cors: { origin: '*' }`, a
    ///   `corsOptions = { origin: '*' }` object,
    ///   NestJS `enableCors()`, flask-cors `CORS(app)` without `origins` or with `"*"`,
    ///   `CORS_ALLOW_ALL_ORIGINS = True`;
    /// - `postMessage(message, '*')`;
    /// - a list of allowed or trusted origins (a name with `origin` and `allow`/`trust`, such as
    ///   `AllowedOrigins`, `allow_origins`, `CORS_ALLOWED_ORIGINS`) that contains `"*"`.
    ///
    /// ## Why it matters
    /// The same-origin policy is what stops another site, opened in the same browser, from
    /// reading your API's responses or talking to your WebSocket with the user's cookies. A
    /// wildcard switches it off: any page the user visits can call the API on their behalf and
    /// read the answer (cross-site WebSocket hijacking for `CheckOrigin`), and `postMessage(…,
    /// '*')` hands the message to whatever page the target window now shows.
    ///
    /// ## How to fix
    /// List the origins that may call the service, from configuration, and compare the request's
    /// `Origin` against that list (`AllowOrigins: cfg.Origins`, `cors({ origin: allowed })`,
    /// `AllowOrigin::list(...)`); in `CheckOrigin`, compare `r.Header.Get("Origin")` with the
    /// list. Give `postMessage` the exact target origin.
    ///
    /// ## Example
    /// ```go
    /// var upgrader = websocket.Upgrader{
    ///     CheckOrigin: func(r *http.Request) bool { return true },
    /// }
    /// ```
    /// Use instead:
    /// ```go
    /// var upgrader = websocket.Upgrader{
    ///     CheckOrigin: func(r *http.Request) bool {
    ///         return allowedOrigins[r.Header.Get("Origin")]
    ///     },
    /// }
    /// ```
    ///
    /// ## Does not flag
    /// Origin checks with conditions (`return origin == cfg.Origin`), named origins
    /// (`AllowOrigins: []string{"https://app.example.com"}`), options read from a variable
    /// (`cors(corsOptions)`, `cors({ origin })`), an `{ origin: true }` preset beside an
    /// `{ origin: false }` one (the answers of a per-request options delegate),
    /// `*` set only for a request that proved an API key in a header (`if
    /// validKey(r.Header.Get("X-API-Key"))`) or on a preflight answer (`if r.Method ==
    /// "OPTIONS"`; a session cookie is no such proof),
    /// `Access-Control-Allow-Origin` set on an outgoing request (client
    /// code), `postMessage` to a named origin or to the window itself, the branch of a CORS
    /// library that implements its allow-all setting (`if allow_all_origins:`) and the function
    /// defining such a preset (`fn permissive()`, a Go library's `func Default()` or `var
    /// DefaultCORSConfig = …`), a `*` list in an object that switches CORS off beside it
    /// (`{ allowOrigins: '*', allRoutes: false }`), a framework's class calling its own
    /// `this.enableCors()` to apply its `cors: true` option, the same text in comments and strings, and
    /// test code. A project whose `readiness.toml` sets `[rules.wildcard-origin] allowed_origins`
    /// to a list containing `"*"` (a deliberately public API) is not flagged for CORS wildcards;
    /// open WebSocket origin checks and `postMessage(…, '*')` are still flagged.
    pub struct WildcardOrigin {
        id: "wildcard-origin",
        category: Category::Security,
        severity: Severity::High,
        effort_hours: 1.0,
        languages: &[
            Language::Go,
            Language::Rust,
            Language::JavaScript,
            Language::TypeScript,
            Language::Tsx,
            Language::Python,
        ],
        summary: "Every origin may call the service (CORS `*`, open WebSocket origin check)",
        literals: &["rigin", "RIGIN", "cors", "CORS", "Cors", "postMessage"],
        options: &[(
            "allowed_origins",
            "origins the project deliberately allows; include \"*\" for a public API whose CORS wildcard is intended",
        )],
    }
}

impl Rule for WildcardOrigin {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let start = out.len();
        self.check(ctx, out);
        if public_api(ctx) {
            // Keep what a public API still must not do: accept any WebSocket origin, post to any.
            let kept: Vec<Finding> = out
                .drain(start..)
                .filter(|f| {
                    f.message.contains("WebSocket")
                        || f.message.contains("postMessage")
                        || f.message.contains("CheckOrigin")
                })
                .collect();
            out.extend(kept);
        }
    }
}

/// `allowed_origins = ["*"]` in `readiness.toml`: the team declared a deliberately public API.
fn public_api(ctx: &FileContext<'_>) -> bool {
    ctx.project
        .rule_option("wildcard-origin", "allowed_origins")
        .and_then(|v| v.as_array())
        .is_some_and(|a| a.iter().any(|o| o.as_str() == Some("*")))
}

impl WildcardOrigin {
    fn check(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let mut found: Vec<(Node<'_>, String)> = Vec::new();
        let cors_names = js_cors_imports(ctx);
        let flask_cors = python_imports_flask_cors(ctx);
        for binding in bindings(ctx) {
            if let Some(message) = binding_message(ctx, binding) {
                found.push((binding.key, message));
            }
        }
        for (node, kind) in ctx.nodes_with_kinds() {
            let message = match kind {
                "call_expression" | "call" => call_message(ctx, node, &cors_names, flask_cors),
                "tuple_expression" if ctx.language == Language::Rust => {
                    header_pair_message(ctx, &code_children(node))
                }
                _ => None,
            };
            if let Some(message) = message {
                found.push((method_name_node(node).unwrap_or(node), message));
            }
        }
        for (node, message) in found {
            if is_production(ctx, node)
                && !inside_branch_on(ctx, node, SWITCH_WORDS)
                && !inside_branch_on(ctx, node, GATED_WORDS)
                && !defines_a_preset(ctx, node)
            {
                let mut finding = ctx.finding(&Self::META, node, message);
                finding.end_line = finding.line;
                out.push(finding);
            }
        }
    }
}

/// Conditions of the branch that implements a CORS library's "allow all" setting
/// (`if allow_all_origins:`), which is configuration, not a policy.
const SWITCH_WORDS: &[&str] = &["origin", "cors", "allow", "wildcard", "any"];

/// Conditions under which `*` exposes nothing to an arbitrary site: the request proved an API
/// key sent in a header (browsers never attach it cross-site on their own), or it is a CORS
/// preflight (`OPTIONS`), whose answer carries no data.
const GATED_WORDS: &[&str] = &[
    "apikey",
    "api_key",
    "x-api-key",
    "\"options\"",
    "methodoptions",
];

/// For a method call spanning several lines (`Self::new()\n.allow_origin(Any)`), the method's
/// name, so the finding points at the line that says it.
fn method_name_node(call: Node<'_>) -> Option<Node<'_>> {
    let function = call.field("function")?;
    match function.kind() {
        "field_expression" | "selector_expression" => function.field("field"),
        "member_expression" => function.field("property"),
        "attribute" => function.field("attribute"),
        _ => None,
    }
}

/// Inside the function that defines an allow-all preset (tower-http's
/// `CorsLayer::permissive`, a Go library's `func Default()`), or the value of a Go package
/// variable that holds one (echo's `DefaultCORSConfig`): the library offering the option, not a
/// service using it.
fn defines_a_preset(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    let mut current = node.parent();
    while let Some(n) = current {
        if matches!(
            n.kind(),
            "function_item" | "function_declaration" | "method_declaration" | "function_definition"
        ) {
            let name = n
                .field("name")
                .map(|c| normalise_name(ctx.text_of(c)))
                .unwrap_or_default();
            return ["permissive", "allow_all", "any_origin", "wildcard"]
                .iter()
                .any(|w| name.contains(w))
                || (ctx.language == Language::Go && name == "default");
        }
        if matches!(
            n.kind(),
            "func_literal" | "closure_expression" | "arrow_function"
        ) {
            return false;
        }
        if n.kind() == "var_spec"
            && n.field("name")
                .is_some_and(|id| ctx.text_of(id).starts_with("Default"))
        {
            return true;
        }
        current = n.parent();
    }
    false
}

const ACAO: &str = "access-control-allow-origin";

/// `"Access-Control-Allow-Origin"` or a constant for it (`header::ACCESS_CONTROL_ALLOW_ORIGIN`,
/// `echo.HeaderAccessControlAllowOrigin`).
fn is_acao(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    let node = unwrap_value(node);
    if is_string_kind(node.kind()) {
        return string_value(ctx, node).is_some_and(|s| s.eq_ignore_ascii_case(ACAO));
    }
    let text = ctx.text_of(node);
    let last = text.rsplit([':', '.']).next().unwrap_or(text);
    last == "ACCESS_CONTROL_ALLOW_ORIGIN" || last == "HeaderAccessControlAllowOrigin"
}

/// `"*"`, or Rust `HeaderValue::from_static("*")`.
fn is_star(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    let node = unwrap_value(node);
    if is_string_kind(node.kind()) {
        return string_value(ctx, node) == Some("*");
    }
    if node.kind() == "call_expression" && ctx.language == Language::Rust {
        let args = call_arguments(node);
        return args.len() == 1
            && callee_name(ctx, node).is_some_and(|n| n.starts_with("from_"))
            && args.first().is_some_and(|a| is_star(ctx, *a));
    }
    false
}

/// A collection literal (or a single string) that holds `"*"`.
fn holds_star(ctx: &FileContext<'_>, value: Node<'_>) -> bool {
    let value = unwrap_value(value);
    if is_string_kind(value.kind()) {
        return string_value(ctx, value) == Some("*");
    }
    let collection = matches!(
        value.kind(),
        "composite_literal"
            | "list"
            | "tuple"
            | "set"
            | "array"
            | "array_expression"
            | "reference_expression"
            | "macro_invocation"
            | "expression_list"
    );
    if !collection {
        return false;
    }
    let mut star = false;
    visit_descendants(
        value,
        |n| !matches!(n.kind(), "func_literal" | "closure_expression" | "lambda"),
        |n| {
            if is_string_kind(n.kind()) && string_value(ctx, n) == Some("*") {
                star = true;
            }
        },
    );
    star
}

fn is_true(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    matches!(node.kind(), "true" | "boolean_literal")
        && ctx.text_of(node).eq_ignore_ascii_case("true")
}

fn binding_message(ctx: &FileContext<'_>, b: &Binding<'_>) -> Option<String> {
    let name = b.name;
    let norm = normalise_name(name);
    // Go: `CheckOrigin: func(r *http.Request) bool { return true }`.
    if ctx.language == Language::Go
        && matches!(
            name,
            "CheckOrigin" | "AllowOriginFunc" | "AllowOriginRequestFunc"
        )
        && b.value.kind() == "func_literal"
        && always_returns_true(b.value)
    {
        return Some(format!(
            "`{name}` returns true for every request; any web page can connect with the user's cookies"
        ));
    }
    // `response.headers["Access-Control-Allow-Origin"] = "*"` (Python, Go header maps) and header
    // map literals: reported only where they are a response's headers.
    if name.eq_ignore_ascii_case(ACAO) {
        return holds_star(ctx, b.value)
            .then(|| acao_binding_message(ctx, b))
            .flatten();
    }
    let has = |w: &str| {
        norm.split('_')
            .any(|p| p == w || p == format!("{w}s") || p == format!("{w}ed"))
    };
    let origin = norm.contains("origin");
    // `AllowAllOrigins: true`, `CORS_ALLOW_ALL_ORIGINS = True`, `CORS_ORIGIN_ALLOW_ALL = True`.
    if origin && has("allow") && has("all") && is_true(ctx, b.value) {
        return Some(format!("`{name}` lets every origin call the service"));
    }
    // `AllowedOrigins: []string{"*"}`, `allow_origins=["*"]`, `trustedOrigins = ['*']`.
    if origin
        && (has("allow") || has("trust"))
        && holds_star(ctx, b.value)
        && !switched_off_beside(ctx, b.key)
    {
        return Some(format!(
            "`{name}` contains `*`; every origin may call the service"
        ));
    }
    // socket.io and friends: `cors: { origin: "*" }`.
    if ctx.language.is_js_family()
        && name == "origin"
        && (holds_star(ctx, b.value) || is_true(ctx, b.value))
        && enclosing_pair_name(ctx, b.key).is_some_and(|n| n.to_ascii_lowercase().contains("cors"))
        // `ENABLE_CORS = {origin: true}` beside `DISABLE_CORS = {origin: false}`: two answers of
        // a per-request options delegate, which picks one after checking the origin.
        && !(is_true(ctx, b.value) && has_disabled_origin_preset(ctx))
    {
        return Some("CORS `origin` set to allow every origin".to_string());
    }
    // NestJS: `NestFactory.create(AppModule, { cors: true })`.
    if ctx.language.is_js_family() && name == "cors" && is_true(ctx, b.value) {
        let call = enclosing_call(b.key)?;
        let callee = call.field("function")?;
        if ctx.text_of(callee).contains("NestFactory") {
            return Some("`cors: true` enables CORS for every origin".to_string());
        }
    }
    None
}

/// The object holding this entry also switches CORS off (sails' defaults `{ allowOrigins: '*',
/// allRoutes: false }`, `{ enabled: false, … }`): the `*` applies only where an application
/// turns CORS on, with its own settings.
fn switched_off_beside(ctx: &FileContext<'_>, key: Node<'_>) -> bool {
    let Some(object) = key
        .parent()
        .filter(|p| p.kind() == "pair")
        .and_then(|p| p.parent())
    else {
        return false;
    };
    let mut cursor = object.walk();
    object.named_children(&mut cursor).any(|pair| {
        pair.kind() == "pair"
            && pair.field("key").is_some_and(|k| {
                matches!(
                    ctx.text_of(k).trim_matches(['"', '\'']),
                    "allRoutes" | "enabled" | "enable" | "active"
                )
            })
            && pair
                .field("value")
                .is_some_and(|v| ctx.text_of(v) == "false")
    })
}

/// Where an `Access-Control-Allow-Origin: *` entry sits decides whether it is a response header.
fn acao_binding_message(ctx: &FileContext<'_>, b: &Binding<'_>) -> Option<String> {
    let parent = b.key.parent()?;
    let message = || {
        Some(
            "sets `Access-Control-Allow-Origin` to `*`; any site can read the response".to_string(),
        )
    };
    match parent.kind() {
        // `response["Access-Control-Allow-Origin"] = "*"`, `w.Header()["…"] = []string{"*"}`.
        "subscript" | "index_expression" | "subscript_expression" => {
            let object = parent
                .field("value")
                .or_else(|| parent.field("operand"))
                .or_else(|| parent.field("object"))?;
            if mentions_request(ctx.text_of(object)) {
                return None;
            }
            message()
        }
        // A header map literal: only when it is a response's headers.
        "pair" | "keyed_element" | "literal_element" => {
            let map = ancestor_map(parent)?;
            response_headers_map(ctx, map).then(message).flatten()
        }
        _ => None,
    }
}

/// The object/dict literal holding a pair.
fn ancestor_map(pair: Node<'_>) -> Option<Node<'_>> {
    let mut current = pair.parent();
    for _ in 0..3 {
        let n = current?;
        if matches!(n.kind(), "object" | "dictionary" | "literal_value") {
            return Some(n);
        }
        current = n.parent();
    }
    None
}

/// A header map that a server sends: the `headers` of a Lambda-style response (next to a
/// `statusCode`), the headers argument of `writeHead`/`set`/`header`/`update`, or the `headers`
/// of a `Response` being built.
fn response_headers_map(ctx: &FileContext<'_>, map: Node<'_>) -> bool {
    let Some(parent) = map.parent() else {
        return false;
    };
    // `{ statusCode: 200, headers: { … } }`
    if matches!(parent.kind(), "pair") {
        let key = parent.field("key").map(|k| key_text(ctx, k));
        if key.as_deref() != Some("headers") {
            return false;
        }
        let Some(outer) = parent.parent() else {
            return false;
        };
        let has_status = code_children(outer).iter().any(|p| {
            p.kind() == "pair"
                && p.field("key")
                    .is_some_and(|k| matches!(key_text(ctx, k).as_str(), "statusCode" | "status"))
        });
        if has_status {
            return true;
        }
        // `new Response(body, { headers: { … } })`, `NextResponse.json(data, { headers })`.
        return enclosing_call(outer).is_some_and(|call| is_response_constructor(ctx, call));
    }
    // `headers={…}` keyword argument of `Response(…)`/`JSONResponse(…)`.
    if parent.kind() == "keyword_argument" {
        let name = parent.field("name").map(|n| ctx.text_of(n)).unwrap_or("");
        return name == "headers"
            && enclosing_call(parent).is_some_and(|call| is_response_constructor(ctx, call));
    }
    // `res.writeHead(200, { … })`, `res.set({ … })`, `response.headers.update({ … })`.
    if parent.kind() == "arguments" || parent.kind() == "argument_list" {
        let Some(call) = parent.parent() else {
            return false;
        };
        let method = callee_name(ctx, call).unwrap_or("");
        let receiver = callee_receiver(call).map(|r| ctx.text_of(r)).unwrap_or("");
        return matches!(
            method,
            "writeHead" | "set" | "header" | "setHeaders" | "update"
        ) && !mentions_request(receiver);
    }
    false
}

fn key_text(ctx: &FileContext<'_>, key: Node<'_>) -> String {
    if is_string_kind(key.kind()) {
        return string_value(ctx, key).unwrap_or("").to_string();
    }
    ctx.text_of(key).to_string()
}

fn is_response_constructor(ctx: &FileContext<'_>, call: Node<'_>) -> bool {
    let function = call.field("function").or_else(|| call.field("constructor"));
    function.is_some_and(|f| ctx.text_of(f).contains("Response"))
}

fn enclosing_call(node: Node<'_>) -> Option<Node<'_>> {
    let mut current = node.parent();
    for _ in 0..6 {
        let n = current?;
        if matches!(n.kind(), "call_expression" | "call" | "new_expression") {
            return Some(n);
        }
        current = n.parent();
    }
    None
}

/// The name of the pair whose value is the object holding `key`'s pair.
fn enclosing_pair_name<'a>(ctx: &FileContext<'a>, key: Node<'_>) -> Option<&'a str> {
    let pair = key.parent()?;
    let object = pair.parent()?;
    let outer = object.parent()?;
    if object.kind() != "object" {
        return None;
    }
    match outer.kind() {
        "pair" => outer.field("key").map(|k| ctx.text_of(k)),
        // `const corsOptions = { origin: "*" }`
        "variable_declarator" => outer.field("name").map(|n| ctx.text_of(n)),
        _ => None,
    }
}

/// An `origin: false` options object in the file's code (not a comment that mentions one).
fn has_disabled_origin_preset(ctx: &FileContext<'_>) -> bool {
    if !ctx.text.contains("false") {
        return false;
    }
    let code = crate::model::code_text::strip_comments_and_strings(ctx.language, ctx.text);
    let text = code.as_str();
    text.match_indices("origin").any(|(at, _)| {
        text[at + "origin".len()..]
            .trim_start()
            .strip_prefix(':')
            .is_some_and(|r| r.trim_start().starts_with("false"))
    })
}

/// Receivers that are requests being sent, not responses (`req.Header`, `xhr`, `axios`).
fn mentions_request(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["req", "request", "xhr", "axios", "fetch", "client"]
        .iter()
        .any(|w| lower.contains(w))
}

/// True if every `return` of the Go function literal returns the constant `true` (and there is
/// at least one); nested function literals are not looked into.
fn always_returns_true(func: Node<'_>) -> bool {
    let Some(body) = func.field("body") else {
        return false;
    };
    let mut returns = 0;
    let mut all_true = true;
    visit_descendants(
        body,
        |n| n.kind() != "func_literal",
        |n| {
            if n.kind() == "return_statement" {
                returns += 1;
                let values: Vec<Node<'_>> = n.named_child(0).map(code_children).unwrap_or_default();
                let ok = values.len() == 1 && values.first().is_some_and(|v| v.kind() == "true");
                all_true &= ok;
            }
        },
    );
    returns > 0 && all_true
}

fn call_message(
    ctx: &FileContext<'_>,
    call: Node<'_>,
    cors_names: &[String],
    flask_cors: bool,
) -> Option<String> {
    let name = callee_name(ctx, call)?;
    let args = call_arguments(call);
    // Header set calls: `w.Header().Set("Access-Control-Allow-Origin", "*")`.
    if let (Some(first), Some(second)) = (args.first(), args.get(1))
        && is_acao(ctx, *first)
        && is_star(ctx, *second)
        && is_response_header_call(ctx, call, name)
    {
        return Some(
            "sets `Access-Control-Allow-Origin` to `*`; any site can read the response".to_string(),
        );
    }
    // `postMessage(data, "*")`.
    // A window posting to itself (`window.postMessage(token, "*")`, a setImmediate polyfill)
    // knows its own origin.
    let to_self = callee_receiver(call).is_none_or(|r| {
        matches!(
            ctx.text_of(r),
            "window" | "self" | "globalThis" | "global" | "_global" | "this"
        )
    });
    if ctx.language.is_js_family()
        && name == "postMessage"
        && !to_self
        && args.get(1).is_some_and(|a| is_star(ctx, *a))
    {
        return Some(
            "`postMessage` with target origin `*` hands the message to whatever page the window shows"
                .to_string(),
        );
    }
    match ctx.language {
        Language::Rust => rust_cors_call(ctx, call, name, &args),
        Language::Go => go_cors_call(ctx, call, name, &args),
        Language::Python if flask_cors => python_cors_call(ctx, call, name, &args),
        l if l.is_js_family() => js_cors_call(ctx, call, name, &args, cors_names),
        _ => None,
    }
}

/// A header set on a response, not on an outgoing request.
fn is_response_header_call(ctx: &FileContext<'_>, call: Node<'_>, method: &str) -> bool {
    let receiver = callee_receiver(call);
    let receiver_text = receiver.map(|r| ctx.text_of(r)).unwrap_or("");
    match ctx.language {
        Language::Go => {
            // `req.Header.Set(…)` is a request header; `w.Header().Set(…)` a response one.
            let request_field = receiver.is_some_and(|r| {
                r.kind() == "selector_expression"
                    && r.field("field").is_some_and(|f| ctx.text_of(f) == "Header")
            });
            matches!(method, "Set" | "Add" | "Header" | "Append")
                && !request_field
                && !mentions_request(receiver_text)
        }
        Language::Rust => {
            matches!(
                method,
                "header" | "insert_header" | "append_header" | "insert" | "append" | "typed_insert"
            ) && !mentions_request(receiver_text)
        }
        Language::Python => {
            matches!(
                method,
                "add" | "set" | "setdefault" | "add_header" | "__setitem__"
            ) && !mentions_request(receiver_text)
        }
        _ => {
            let bare_headers = receiver.is_some_and(|r| {
                r.kind() == "identifier" && ctx.text_of(r).to_ascii_lowercase().ends_with("headers")
            });
            matches!(
                method,
                "setHeader" | "header" | "set" | "append" | "setHeaders"
            ) && !bare_headers
                && !mentions_request(receiver_text)
        }
    }
}

/// `(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")` in Rust: axum response tuples, actix
/// `insert_header`.
fn header_pair_message(ctx: &FileContext<'_>, elements: &[Node<'_>]) -> Option<String> {
    match elements {
        [k, v] if is_acao(ctx, *k) && is_star(ctx, *v) => Some(
            "sets `Access-Control-Allow-Origin` to `*`; any site can read the response".to_string(),
        ),
        _ => None,
    }
}

fn rust_cors_call(
    ctx: &FileContext<'_>,
    call: Node<'_>,
    name: &str,
    args: &[Node<'_>],
) -> Option<String> {
    let function = call.field("function")?;
    if function.kind() == "scoped_identifier" {
        let path = function.field("path").map(|p| ctx.text_of(p)).unwrap_or("");
        let ty = path.rsplit("::").next().unwrap_or(path);
        let permissive = matches!(
            (ty, name),
            ("CorsLayer", "permissive" | "very_permissive")
                | ("Cors", "permissive")
                | ("AllowOrigin", "any")
                | ("AllowedOrigins", "all")
        );
        return permissive.then(|| format!("`{ty}::{name}()` lets every origin call the service"));
    }
    if function.kind() != "field_expression" {
        return None;
    }
    if name == "allow_any_origin" && args.is_empty() {
        return Some("`allow_any_origin()` lets every origin call the service".to_string());
    }
    if name == "allow_origin" && args.len() == 1 {
        let arg = args.first().map(|a| ctx.text_of(*a)).unwrap_or("");
        if arg == "Any" || arg.ends_with("::Any") {
            return Some(format!(
                "`allow_origin({arg})` lets every origin call the service"
            ));
        }
    }
    None
}

fn go_cors_call(
    ctx: &FileContext<'_>,
    call: Node<'_>,
    name: &str,
    args: &[Node<'_>],
) -> Option<String> {
    let receiver = callee_receiver(call)?;
    if receiver.kind() != "identifier" || !args.is_empty() {
        return None;
    }
    let package = ctx.text_of(receiver);
    let wildcard = matches!(
        (package, name),
        ("cors", "AllowAll" | "Default" | "New") | ("middleware", "CORS")
    );
    wildcard.then(|| {
        format!("`{package}.{name}()` uses the default CORS policy, which allows every origin")
    })
}

/// `from flask_cors import CORS` / `import flask_cors`.
fn python_imports_flask_cors(ctx: &FileContext<'_>) -> bool {
    ctx.language == Language::Python
        && ctx.nodes().iter().any(|n| {
            matches!(n.kind(), "import_from_statement" | "import_statement")
                && ctx.text_of(*n).contains("flask_cors")
        })
}

fn python_cors_call(
    ctx: &FileContext<'_>,
    _call: Node<'_>,
    name: &str,
    args: &[Node<'_>],
) -> Option<String> {
    if name != "CORS" && name != "cross_origin" {
        return None;
    }
    let keyword = |k: &str| {
        args.iter().find_map(|a| {
            (a.kind() == "keyword_argument" && a.field("name").map(|n| ctx.text_of(n)) == Some(k))
                .then(|| a.field("value"))
                .flatten()
        })
    };
    if let Some(origins) = keyword("origins") {
        return holds_star(ctx, origins)
            .then(|| format!("`{name}(origins=\"*\")` lets every origin call the service"));
    }
    if let Some(resources) = keyword("resources") {
        let mut star = false;
        visit_descendants(
            resources,
            |_| true,
            |n| {
                if n.kind() == "pair"
                    && n.field("key")
                        .is_some_and(|k| string_value(ctx, k) == Some("origins"))
                    && n.field("value").is_some_and(|v| holds_star(ctx, v))
                {
                    star = true;
                }
            },
        );
        return star.then(|| format!("`{name}` resources allow every origin"));
    }
    // Origins may come from the app config (`CORS_ORIGINS`).
    if ctx.text.contains("CORS_ORIGINS") {
        return None;
    }
    Some(format!(
        "`{name}(…)` without `origins` allows every origin (flask-cors defaults to `*`)"
    ))
}

/// Local names bound to a CORS middleware module: `import cors from "cors"`,
/// `const cors = require("@koa/cors")`, `import { cors } from "hono/cors"`.
fn js_cors_imports(ctx: &FileContext<'_>) -> Vec<String> {
    let mut names = Vec::new();
    if !ctx.language.is_js_family() {
        return names;
    }
    let is_cors_module = |s: Node<'_>| {
        string_value(ctx, s)
            .is_some_and(|m| m == "cors" || m.ends_with("/cors") || m.ends_with("-cors"))
    };
    for (node, kind) in ctx.nodes_with_kinds() {
        match kind {
            "import_statement" => {
                if !node.field("source").is_some_and(is_cors_module) {
                    continue;
                }
                visit_descendants(
                    node,
                    |_| true,
                    |n| {
                        let local = match n.kind() {
                            "import_clause" => None,
                            "identifier" => {
                                let parent = n.parent().map(|p| p.kind()).unwrap_or("");
                                matches!(parent, "import_clause" | "namespace_import")
                                    .then(|| ctx.text_of(n))
                            }
                            "import_specifier" => n
                                .field("alias")
                                .or_else(|| n.field("name"))
                                .map(|a| ctx.text_of(a)),
                            _ => None,
                        };
                        if let Some(local) = local {
                            names.push(local.to_string());
                        }
                    },
                );
            }
            "variable_declarator" => {
                let (Some(name), Some(value)) = (node.field("name"), node.field("value")) else {
                    continue;
                };
                if name.kind() == "identifier" && is_require_of(ctx, value, &is_cors_module) {
                    names.push(ctx.text_of(name).to_string());
                }
            }
            _ => {}
        }
    }
    names
}

/// `require("<module>")`, possibly followed by `.default`.
fn is_require_of(
    ctx: &FileContext<'_>,
    value: Node<'_>,
    module: &dyn Fn(Node<'_>) -> bool,
) -> bool {
    let value = if value.kind() == "member_expression" {
        match value.field("object") {
            Some(o) => o,
            None => return false,
        }
    } else {
        value
    };
    value.kind() == "call_expression"
        && value
            .field("function")
            .is_some_and(|f| ctx.text_of(f) == "require")
        && call_arguments(value).first().is_some_and(|a| module(*a))
}

/// The verdict on CORS options: `None` when they name origins, a reason when they allow all.
fn js_options_allow_all(ctx: &FileContext<'_>, options: Option<&Node<'_>>) -> Option<&'static str> {
    let Some(options) = options else {
        return Some("without options");
    };
    let options = unwrap_value(*options);
    if options.kind() != "object" {
        return None;
    }
    // `{ origin }`: the origins come from a variable, set elsewhere.
    if code_children(options)
        .iter()
        .any(|p| p.kind() == "shorthand_property_identifier" && ctx.text_of(*p) == "origin")
    {
        return None;
    }
    let origin = code_children(options).into_iter().find(|p| {
        p.kind() == "pair" && p.field("key").is_some_and(|k| key_text(ctx, k) == "origin")
    });
    match origin {
        None => {
            // A spread (`{ ...defaults }`) may bring an origin in.
            let spread = code_children(options)
                .iter()
                .any(|c| c.kind() == "spread_element");
            (!spread).then_some("without an `origin`")
        }
        Some(pair) => {
            let value = pair.field("value")?;
            if holds_star(ctx, value) {
                Some("with `origin: '*'`")
            } else if is_true(ctx, value) {
                Some("with `origin: true` (reflects any origin)")
            } else {
                None
            }
        }
    }
}

/// `this.<method>(…)` inside a class body that defines `method`.
fn calls_own_method(ctx: &FileContext<'_>, member: Node<'_>, method: &str) -> bool {
    if member.field("object").is_none_or(|o| o.kind() != "this") {
        return false;
    }
    let Some(class) = crate::rules::util::ancestor_of_kind(member, &["class_body"]) else {
        return false;
    };
    let mut cursor = class.walk();
    class.named_children(&mut cursor).any(|m| {
        m.kind() == "method_definition" && m.field("name").is_some_and(|n| ctx.text_of(n) == method)
    })
}

fn js_cors_call(
    ctx: &FileContext<'_>,
    call: Node<'_>,
    name: &str,
    args: &[Node<'_>],
    cors_names: &[String],
) -> Option<String> {
    let function = call.field("function")?;
    // `cors()`, `cors({ origin: "*" })`.
    if function.kind() == "identifier" && cors_names.iter().any(|n| n == name) {
        let why = js_options_allow_all(ctx, args.first())?;
        return Some(format!("`{name}()` {why} allows every origin"));
    }
    // Fastify: `app.register(cors, { origin: "*" })`.
    if name == "register"
        && args.first().is_some_and(|a| {
            a.kind() == "identifier" && cors_names.iter().any(|n| n == ctx.text_of(*a))
        })
    {
        let why = js_options_allow_all(ctx, args.get(1))?;
        return Some(format!(
            "`register` of the CORS plugin {why} allows every origin"
        ));
    }
    // NestJS: `app.enableCors()`. Not `this.enableCors()` inside the class that defines
    // `enableCors`: that is the framework forwarding its own option, not an application
    // choosing one.
    if name == "enableCors"
        && function.kind() == "member_expression"
        && !calls_own_method(ctx, function, "enableCors")
    {
        let why = js_options_allow_all(ctx, args.first())?;
        return Some(format!("`enableCors()` {why} allows every origin"));
    }
    None
}
