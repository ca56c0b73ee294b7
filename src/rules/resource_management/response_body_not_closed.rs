use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::{
    any_descendant, go_declaration_hint, go_enclosing_function, go_imports, go_list_items,
    go_package_call,
};
use crate::rules::{FileContext, Rule};
use std::collections::HashMap;
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// In Go production code, an HTTP response from `http.Get`, `http.Post`,
    /// `http.PostForm` or an `http.Client`'s `Do`/`Get`/`Post`/`PostForm` whose
    /// `Body.Close()` is never called in the function, and that is not handed on (returned,
    /// passed to another function, stored in a struct or variable, sent on a channel). A
    /// response thrown away with `_` is reported too. The finding points at the call.
    ///
    /// ## Why it matters
    /// Until its body is closed, a response holds its connection: the transport cannot reuse it
    /// and opens new ones. Under load the process runs out of file descriptors or ephemeral
    /// ports, memory grows with each leaked read buffer and goroutine, and requests start
    /// failing with "too many open files".
    ///
    /// ## How to fix
    /// Right after checking the error, `defer resp.Body.Close()`. To let the connection be
    /// reused, read the body to the end (`io.Copy(io.Discard, resp.Body)`) before closing it.
    ///
    /// ## Example
    /// ```go
    /// resp, err := http.Get(url)
    /// if err != nil {
    ///     return err
    /// }
    /// if resp.StatusCode != http.StatusOK {
    ///     return fmt.Errorf("status %d", resp.StatusCode)
    /// }
    /// return json.NewDecoder(resp.Body).Decode(&out)
    /// ```
    /// Use instead:
    /// ```go
    /// resp, err := http.Get(url)
    /// if err != nil {
    ///     return err
    /// }
    /// defer resp.Body.Close()
    /// if resp.StatusCode != http.StatusOK {
    ///     return fmt.Errorf("status %d", resp.StatusCode)
    /// }
    /// return json.NewDecoder(resp.Body).Decode(&out)
    /// ```
    ///
    /// ## Does not flag
    /// HEAD requests (`http.Head`, `client.Do(req)` of a `NewRequest(http.MethodHead, …)`: the
    /// body is `http.NoBody` and the connection is reused without a close); bodies closed
    /// anywhere in the function (deferred or not, also in a closure); responses
    /// returned, passed to another function (`closeBody(resp)`, `drain(resp.Body)`), stored or
    /// sent on a channel; the error-only path (`if err != nil { return err }`); `Do`/`Get` on
    /// receivers that are not known to be HTTP clients (a cache's `Get`, a Redis `Do`, an
    /// `httputil.ClientConn`, closed as a whole); responses assigned inside a closure to a
    /// variable of the enclosing function (a retry wrapper) and closed or returned there; calls in
    /// comments or strings, and test files.
    pub struct ResponseBodyNotClosed {
        id: "response-body-not-closed",
        category: Category::ResourceManagement,
        severity: Severity::High,
        effort_hours: 0.25,
        languages: &[Language::Go],
        summary: "Go HTTP response body never closed: the connection leaks",
        literals: &["http", "lient"],
    }
}

/// Functions that read a body without closing it: passing `resp.Body` to them is not handing
/// the response on.
const BODY_READERS: &[&str] = &[
    "ReadAll",
    "ReadFull",
    "ReadAtLeast",
    "Copy",
    "CopyN",
    "CopyBuffer",
    "NewDecoder",
    "NewReader",
    "NewReaderSize",
    "NewScanner",
    "LimitReader",
    "TeeReader",
    "MultiReader",
    "Parse",
    "NewDocumentFromReader",
    "Decode",
];

/// `client.Do(req)` where the function builds `req` for a HEAD request on one line
/// (`req, err := http.NewRequest(http.MethodHead, …)`, `"HEAD"`).
fn sends_head(ctx: &FileContext<'_>, call: Node<'_>) -> bool {
    let Some(function) = crate::rules::util::ancestor_of_kind(
        call,
        &["function_declaration", "method_declaration", "func_literal"],
    ) else {
        return false;
    };
    let Some(request) = crate::rules::util::call_arguments(call)
        .first()
        .filter(|a| a.kind() == "identifier")
        .map(|a| ctx.text_of(*a))
    else {
        return false;
    };
    // The line that builds the request: `req, err := http.NewRequest(http.MethodHead, …)`.
    ctx.text_of(function).lines().any(|line| {
        let line = line.trim_start();
        line.strip_prefix(request)
            .is_some_and(|rest| rest.starts_with([',', ' ', '=', ':']))
            && line.contains("NewRequest")
            && (line.contains("http.MethodHead") || line.contains("\"HEAD\""))
    })
}

impl Rule for ResponseBodyNotClosed {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let mut imports: Option<HashMap<String, String>> = None;
        for call in ctx.nodes_of_kind("call_expression") {
            let Some(name) = method_or_function_name(ctx, call) else {
                continue;
            };
            // A HEAD response has no body (`http.NoBody`): the transport reuses the
            // connection without a `Close`.
            if !matches!(name, "Get" | "Post" | "PostForm" | "Do") || sends_head(ctx, call) {
                continue;
            }
            let imports = imports
                .get_or_insert_with(|| go_imports(ctx.nodes_of_kind("import_spec"), ctx.text));
            let Some(callee) = response_call(ctx, call, imports) else {
                continue;
            };
            if !ctx.is_production_code(call) {
                continue;
            }
            let Some(parent) = call.parent() else {
                continue;
            };
            let message = match parent.kind() {
                // The response is thrown away with the rest of the results.
                "expression_statement" => {
                    format!("the response from `{callee}` is discarded: its body is never closed")
                }
                "expression_list" => {
                    let Some(statement) = parent.parent() else {
                        continue;
                    };
                    if !matches!(
                        statement.kind(),
                        "short_var_declaration" | "assignment_statement"
                    ) || statement.field("right") != Some(parent)
                    {
                        // Returned (`return client.Do(req)`) or otherwise handed on.
                        continue;
                    }
                    let lefts = go_list_items(statement.field("left"));
                    if lefts.len() != 2 || go_list_items(Some(parent)).len() != 1 {
                        continue;
                    }
                    let Some(resp) = lefts.first() else { continue };
                    let resp_text = ctx.text_of(*resp);
                    if resp_text == "_" {
                        format!(
                            "the response from `{callee}` is discarded with `_`: its body is never closed"
                        )
                    } else if resp.kind() != "identifier" {
                        // Stored straight into a field (`c.resp, err = …`): handed on.
                        continue;
                    } else {
                        // `resp, err = client.Do(req)` inside a retry closure assigns a
                        // variable of the function around it: its fate is decided there.
                        let scope = if statement.kind() == "assignment_statement" {
                            crate::rules::util::ancestor_of_kind(
                                call,
                                &["function_declaration", "method_declaration"],
                            )
                            .or_else(|| go_enclosing_function(call))
                        } else {
                            go_enclosing_function(call)
                        };
                        let Some(function) = scope else {
                            continue;
                        };
                        if closed_or_handed_on(ctx, function, call, resp_text) {
                            continue;
                        }
                        format!(
                            "`{resp_text}` from `{callee}` is never closed: add `defer {resp_text}.Body.Close()` after the error check"
                        )
                    }
                }
                _ => continue,
            };
            out.push(ctx.finding(&Self::META, call, message));
        }
    }
}

/// The called name: `Get` in `http.Get(…)` and `c.Get(…)`.
fn method_or_function_name<'a>(ctx: &FileContext<'a>, call: Node<'_>) -> Option<&'a str> {
    let function = call.field("function")?;
    if function.kind() != "selector_expression" {
        return None;
    }
    Some(ctx.text_of(function.field("field")?))
}

/// The callee's display name when the call returns an `*http.Response`.
fn response_call(
    ctx: &FileContext<'_>,
    call: Node<'_>,
    imports: &HashMap<String, String>,
) -> Option<String> {
    let function = call.field("function")?;
    let name = ctx.text_of(function.field("field")?);
    if let Some((path, name)) = go_package_call(call, imports, ctx.text) {
        return (path == "net/http" && name != "Do").then(|| format!("http.{name}"));
    }
    let args = crate::rules::util::call_arguments(call);
    let arity = match name {
        "Do" | "Get" | "Head" => 1,
        "PostForm" => 2,
        "Post" => 3,
        _ => return None,
    };
    if args.len() != arity {
        return None;
    }
    let receiver = function.field("operand")?;
    let receiver_text = ctx.text_of(receiver);
    let http_names: Vec<&str> = imports
        .iter()
        .filter(|(_, path)| path.as_str() == "net/http")
        .map(|(n, _)| n.as_str())
        .collect();
    // `httputil.NewClientConn`: a hijackable connection the caller closes as a whole.
    if go_declaration_hint(ctx, call, receiver).is_some_and(|h| h.contains("NewClientConn")) {
        return None;
    }
    let first = args.first().copied();
    let is_client = is_http_client(ctx, call, receiver, &http_names)
        || (name == "Do" && first.is_some_and(|a| is_http_request(ctx, call, a, &http_names)))
        || (name != "Do"
            && names_a_client(receiver_text)
            && !http_names.is_empty()
            && first.is_some_and(|a| looks_like_url(ctx.text_of(a))));
    let shown: String = receiver_text.split_whitespace().collect();
    is_client.then(|| format!("{shown}.{name}"))
}

/// A receiver declared as an `http.Client` (or `http.DefaultClient`), or named like one
/// (`client`, `httpClient`, `s.client`).
fn is_http_client(ctx: &FileContext<'_>, at: Node<'_>, receiver: Node<'_>, http: &[&str]) -> bool {
    let text = ctx.text_of(receiver);
    let names_client = |hint: &str| {
        http.iter().any(|h| {
            hint.contains(&format!("{h}.Client")) || hint.contains(&format!("{h}.DefaultClient"))
        })
    };
    if names_client(text) {
        return true;
    }
    go_declaration_hint(ctx, at, receiver).is_some_and(|hint| names_client(&hint))
        || (!http.is_empty() && {
            let last = text.rsplit('.').next().unwrap_or(text).to_ascii_lowercase();
            last.contains("httpclient")
        })
}

/// `client`, `c.client`, `ts.Client()`, `httpClient`.
fn names_a_client(receiver: &str) -> bool {
    let last = receiver
        .rsplit('.')
        .next()
        .unwrap_or(receiver)
        .to_ascii_lowercase();
    matches!(last.as_str(), "client" | "client()" | "hc") || last.contains("httpclient")
}

/// A URL argument: `"https://…"`, `url`, `u.String()`, `s.baseURL + "/x"`, `endpoint`.
fn looks_like_url(arg: &str) -> bool {
    let lower = arg.to_ascii_lowercase();
    ["http", "url", "uri", "endpoint", "addr", "link"]
        .iter()
        .any(|w| lower.contains(w))
        || lower.ends_with(".string()")
}

/// An argument built by `http.NewRequest…` or declared as an `*http.Request`.
fn is_http_request(ctx: &FileContext<'_>, at: Node<'_>, arg: Node<'_>, http: &[&str]) -> bool {
    let hint = go_declaration_hint(ctx, at, arg);
    let hint = hint.as_deref().unwrap_or(ctx.text_of(arg));
    http.iter().any(|h| {
        hint.contains(&format!("{h}.NewRequest")) || hint.contains(&format!("{h}.Request"))
    })
}

/// Whether the function closes the response's body, or hands the response (or its body) on
/// after the call: returns it, passes it to a function, stores it, sends it on a channel.
fn closed_or_handed_on(
    ctx: &FileContext<'_>,
    function: Node<'_>,
    call: Node<'_>,
    resp: &str,
) -> bool {
    let body = format!("{resp}.Body");
    any_descendant(function, |n| {
        if n.start_byte() < call.end_byte() {
            return false;
        }
        let text = ctx.text_of(n);
        let is_resp = n.kind() == "identifier" && text == resp;
        let is_body = n.kind() == "selector_expression" && text == body;
        if !is_resp && !is_body {
            return false;
        }
        let Some(parent) = n.parent() else {
            return false;
        };
        match parent.kind() {
            // `resp.Body.Close()`
            "selector_expression" if is_body => parent
                .field("field")
                .is_some_and(|f| ctx.text_of(f) == "Close"),
            "argument_list" => {
                if is_resp {
                    return true;
                }
                // `resp.Body` given to a reader does not close it; to anything else it may.
                let callee = parent
                    .parent()
                    .and_then(|c| c.field("function"))
                    .map(|f| ctx.text_of(f))
                    .unwrap_or("");
                let callee_name = callee.rsplit('.').next().unwrap_or(callee);
                !BODY_READERS.contains(&callee_name)
            }
            // `return resp, nil`, `x := resp`, `c.last = resp.Body`, `ch <- resp`, `T{resp}`.
            "expression_list" => parent.parent().is_some_and(|p| match p.kind() {
                "return_statement" => true,
                "short_var_declaration" | "assignment_statement" | "var_spec" => {
                    p.field("right") == Some(parent) || p.field("value") == Some(parent)
                }
                _ => false,
            }),
            "return_statement" | "send_statement" | "literal_element" | "keyed_element" => true,
            "short_var_declaration" | "assignment_statement" | "var_spec" => {
                parent.field("right").is_some_and(|r| r.id() == n.id())
                    || parent.field("value").is_some_and(|r| r.id() == n.id())
            }
            _ => false,
        }
    })
}
