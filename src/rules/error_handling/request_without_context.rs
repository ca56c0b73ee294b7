use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::{any_descendant, go_enclosing_function, go_imports, go_package_call};
use crate::rules::{FileContext, Rule};
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Go requests built with `http.NewRequest(…)` in production code, which gives them
    /// `context.Background()`: no cancellation and no deadline.
    ///
    /// ## Why it matters
    /// A request without a context keeps running when the caller has given up: the client
    /// disconnected, the handler timed out, the service is shutting down. Against a slow or
    /// hanging upstream each such call holds a goroutine and a connection for as long as the
    /// client's timeout allows (forever with `http.DefaultClient`), and cancellations never
    /// propagate.
    ///
    /// ## How to fix
    /// Build the request with `http.NewRequestWithContext(ctx, …)`, passing the caller's
    /// context (the incoming request's `r.Context()` in a handler), with a deadline where the
    /// caller has none.
    ///
    /// ## Example
    /// ```go
    /// req, err := http.NewRequest(http.MethodGet, url, nil)
    /// ```
    /// Use instead:
    /// ```go
    /// req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
    /// ```
    ///
    /// ## Does not flag
    /// `http.NewRequestWithContext`, a request that gets a context right after with
    /// `req.WithContext(ctx)` or `req.Clone(ctx)`, `httptest.NewRequest`, other packages'
    /// `NewRequest`, the call in comments or strings, and test files. A request sent through a
    /// client the package builds with a `Timeout` is reported at low severity: it has a deadline,
    /// only cancellation is missing.
    pub struct RequestWithoutContext {
        id: "request-without-context",
        category: Category::ErrorHandling,
        severity: Severity::Medium,
        effort_hours: 0.25,
        languages: &[Language::Go],
        summary: "`http.NewRequest` without a context: no cancellation, no deadline",
        literals: &["NewRequest"],
    }
}

impl Rule for RequestWithoutContext {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let mut imports = None;
        for call in ctx.nodes_of_kind("call_expression") {
            let imports = imports
                .get_or_insert_with(|| go_imports(ctx.nodes_of_kind("import_spec"), ctx.text));
            let Some(("net/http", "NewRequest")) = go_package_call(call, imports, ctx.text) else {
                continue;
            };
            if !ctx.is_production_code(call) || gets_context_later(ctx, call) {
                continue;
            }
            let callee = call
                .field("function")
                .map(|f| ctx.text_of(f))
                .unwrap_or("http.NewRequest");
            if client_has_timeout(ctx, call) {
                // The client's `Timeout` bounds it; what is missing is cancellation.
                let mut finding = ctx.finding(
                    &Self::META,
                    call,
                    format!(
                        "`{callee}` builds a request with no context: the client's `Timeout` bounds it, but it cannot be cancelled when the caller gives up or the server shuts down; use `NewRequestWithContext(ctx, …)`"
                    ),
                );
                finding.severity = crate::findings::Severity::Low;
                out.push(finding);
                continue;
            }
            out.push(ctx.finding(
                &Self::META,
                call,
                format!(
                    "`{callee}` builds a request with no context: it cannot be cancelled and has no deadline; use `NewRequestWithContext(ctx, …)`"
                ),
            ));
        }
    }
}

/// Whether the request the call builds gets a context later in the same function
/// (`req = req.WithContext(ctx)`, `req.Clone(ctx)`, passed along with a context as in
/// `client.Do(ctx, req)`), or leaves the function (returned, stored in a composite literal), so
/// that attaching a context is its receiver's job.
fn gets_context_later(ctx: &FileContext<'_>, call: Node<'_>) -> bool {
    let Some(target) = assigned_target(ctx, call) else {
        return false;
    };
    let Some(function) = go_enclosing_function(call) else {
        return false;
    };
    any_descendant(function, |n| {
        if n.start_byte() < call.end_byte()
            || !matches!(n.kind(), "identifier" | "selector_expression")
            || ctx.text_of(n) != target
        {
            return false;
        }
        let Some(parent) = n.parent() else {
            return false;
        };
        match parent.kind() {
            "selector_expression" => parent
                .field("field")
                .is_some_and(|f| matches!(ctx.text_of(f), "WithContext" | "Clone" | "Cancel")),
            "expression_list" => parent
                .parent()
                .is_some_and(|p| p.kind() == "return_statement"),
            "literal_element" => true,
            "argument_list" => {
                let mut cursor = parent.walk();
                parent
                    .named_children(&mut cursor)
                    .any(|a| looks_like_context(ctx.text_of(a)))
            }
            _ => false,
        }
    })
}

/// `ctx`, `r.ctx`, `reqCtx`, `r.Context()`, `context.Background()`…
fn looks_like_context(text: &str) -> bool {
    let last = text.rsplit('.').next().unwrap_or(text);
    let lower = last.to_ascii_lowercase();
    lower.ends_with("ctx") || lower.starts_with("context") || text.starts_with("context.")
}

/// What a call's first result is assigned to: `req` in `req, err := f()`, `r.Raw` in
/// `r.Raw, err = f()`.
fn assigned_target<'a>(ctx: &FileContext<'a>, call: Node<'_>) -> Option<&'a str> {
    let list = call.parent().filter(|p| p.kind() == "expression_list")?;
    let statement = list.parent()?;
    let left = match statement.kind() {
        "short_var_declaration" | "assignment_statement" => {
            statement.field("left")?.named_child(0)?
        }
        "var_spec" => statement.field("name")?,
        _ => return None,
    };
    let name = ctx.text_of(left);
    (matches!(left.kind(), "identifier" | "selector_expression") && name != "_").then_some(name)
}

/// The function sends with `.Do(req)` through a client, not `http.DefaultClient`, and its
/// package builds its clients with a `Timeout` (`&http.Client{Timeout: providerTimeout}`).
fn client_has_timeout(ctx: &FileContext<'_>, call: tree_sitter::Node<'_>) -> bool {
    let Some(function) = crate::rules::util::go_enclosing_function(call) else {
        return false;
    };
    let body = ctx.text_of(function);
    if !body.contains(".Do(") || body.contains("http.DefaultClient") {
        return false;
    }
    let sets_timeout = |text: &str| {
        text.match_indices("http.Client{").any(|(at, _)| {
            let literal = &text[at..];
            let literal = literal.split("\n}").next().unwrap_or(literal);
            literal
                .get(..literal.len().min(400))
                .unwrap_or(literal)
                .contains("Timeout:")
        })
    };
    let dir = ctx.rel_path().rsplit_once('/').map_or("", |(d, _)| d);
    sets_timeout(ctx.text)
        || ctx.project.files.iter().any(|f| {
            f.rel_path.ends_with(".go")
                && !f.rel_path.ends_with("_test.go")
                && f.rel_path.rsplit_once('/').map_or("", |(d, _)| d) == dir
                && f.text().is_some_and(sets_timeout)
        })
}
