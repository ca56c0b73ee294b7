use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::Kind;
use crate::parse::FieldExt;
use crate::rules::util::ancestor_of_kind;
use crate::rules::{FileContext, Rule};
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Go HTTP servers without read timeouts: calls to `http.ListenAndServe(`,
    /// `http.ListenAndServeTLS(`, `http.Serve(listener, h)` or `http.ServeTLS(…)` (the default
    /// server has no timeouts at all), and `http.Server{…}`
    /// literals that set neither `ReadTimeout` nor `ReadHeaderTimeout` (and whose variable does
    /// not get one assigned later in the file). The finding is at the call or the literal.
    ///
    /// ## Why it matters
    /// A server without a read timeout keeps a connection and a goroutine for every client that
    /// sends its headers slowly (Slowloris): a handful of cheap clients exhaust file descriptors
    /// and memory.
    ///
    /// ## How to fix
    /// Build an `http.Server` with at least `ReadHeaderTimeout` (and usually `ReadTimeout`,
    /// `WriteTimeout`, `IdleTimeout`) and call its `ListenAndServe`.
    ///
    /// ## Example
    /// ```go
    /// log.Fatal(http.ListenAndServe(":8080", mux))
    /// ```
    /// Use instead:
    /// ```go
    /// srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
    /// log.Fatal(srv.ListenAndServe())
    /// ```
    ///
    /// ## Does not flag
    /// `srv.ListenAndServe()` on a configured server, `http.Server{…}` with `ReadTimeout` or
    /// `ReadHeaderTimeout`, a literal whose variable gets `srv.ReadHeaderTimeout = …` later,
    /// the calls in comments or strings, test files, and projects that are not services.
    pub struct ServerWithoutTimeouts {
        id: "server-without-timeouts",
        category: Category::ResourceManagement,
        severity: Severity::Medium,
        effort_hours: 0.5,
        languages: &[Language::Go],
        kinds: &[Kind::Service],
        summary: "Go HTTP server without read timeouts (Slowloris)",
        since: "2026.2",
        literals: &["http."],
    }
}

const TIMEOUT_FIELDS: &[&str] = &["ReadTimeout", "ReadHeaderTimeout"];

/// The variable a composite literal is assigned to (`srv := &http.Server{…}`, `var srv = …`).
fn assigned_variable<'a>(ctx: &FileContext<'a>, literal: Node<'a>) -> Option<&'a str> {
    let decl = ancestor_of_kind(
        literal,
        &[
            "short_var_declaration",
            "assignment_statement",
            "var_spec",
            "block",
        ],
    )?;
    let left = match decl.kind() {
        "short_var_declaration" | "assignment_statement" => decl.field("left")?,
        "var_spec" => decl.field("name")?,
        _ => return None,
    };
    let text = ctx.text_of(left);
    (!text.contains(',')).then(|| text.trim())
}

impl Rule for ServerWithoutTimeouts {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        for call in ctx.nodes_of_kind("call_expression") {
            let Some(f) = call.field("function") else {
                continue;
            };
            let name = ctx.text_of(f);
            if matches!(
                name,
                "http.ListenAndServe" | "http.ListenAndServeTLS" | "http.Serve" | "http.ServeTLS"
            ) && ctx.is_production_code(call)
            {
                out.push(ctx.finding(
                    &Self::META,
                    call,
                    format!(
                        "`{name}` uses the default server, which has no read or write timeouts"
                    ),
                ));
            }
        }
        // Fields assigned after construction: `srv.ReadHeaderTimeout = …`.
        let assigned: Vec<&str> = ctx
            .nodes_of_kind("selector_expression")
            .filter(|s| {
                s.field("field")
                    .is_some_and(|f| TIMEOUT_FIELDS.contains(&ctx.text_of(f)))
            })
            .filter_map(|s| s.field("operand").map(|o| ctx.text_of(o)))
            .collect();
        for lit in ctx.nodes_of_kind("composite_literal") {
            let Some(ty) = lit.field("type") else {
                continue;
            };
            if ctx.text_of(ty) != "http.Server" || !ctx.is_production_code(lit) {
                continue;
            }
            let Some(body) = lit.field("body") else {
                continue;
            };
            let mut cursor = body.walk();
            let has_timeout = body.named_children(&mut cursor).any(|e| {
                e.kind() == "keyed_element"
                    && e.field("key")
                        .is_some_and(|k| TIMEOUT_FIELDS.contains(&ctx.text_of(k).trim()))
            });
            if has_timeout {
                continue;
            }
            let var = assigned_variable(ctx, lit);
            if var.is_some_and(|v| assigned.contains(&v)) {
                continue;
            }
            out.push(ctx.finding(
                &Self::META,
                lit,
                format!(
                    "`http.Server{{…}}`{} sets neither `ReadTimeout` nor `ReadHeaderTimeout`",
                    var.map(|v| format!(" (`{v}`)")).unwrap_or_default()
                ),
            ));
        }
    }
}
