//! Try blocks whose failure needs no handler, shared by `empty-catch` (JS/TS) and
//! `bare-except` (Python).

use crate::parse::FieldExt;
use crate::rules::FileContext;
use crate::rules::util::is_comment_kind;
use tree_sitter::Node;

/// Calls that release or remove something. Failing to close a socket that is being dropped, or
/// to delete a temporary file, leaves nothing for the caller to do: ignoring the error is the
/// usual best-effort cleanup.
const CLEANUP_CALLS: &[&str] = &[
    "close",
    "shutdown",
    "unlink",
    "unlinkSync",
    "rmSync",
    "rmdirSync",
    "remove",
    "rmtree",
    "kill",
    "killpg",
    "terminate",
    "cancel",
    "disconnect",
    "release",
    "destroy",
    "dispose",
    "abort",
    "rollback",
    "rollbackTransaction",
    "stop",
    // asyncio streams and h2 connections, curses.
    "wait_closed",
    "write_eof",
    "close_connection",
    "endwin",
    // Teardown of a connection or a registration.
    "finish",
    "connection_lost",
    "discard",
    "unregister",
    "unsubscribe",
    "detach",
    "cleanup",
    "teardown",
];

/// A cleanup call by name: one of [`CLEANUP_CALLS`], also behind a leading `_` (`self._close()`),
/// or a `close…` variant (`close_all`, `closeQuietly`, `_close_sockets`).
fn is_cleanup_name(name: &str) -> bool {
    let bare = name.trim_start_matches('_');
    CLEANUP_CALLS.contains(&bare) || (bare.starts_with("close") && !bare.starts_with("closest"))
}

/// The statements of a try body, comments left out.
pub(super) use crate::rules::util::code_children as statements;

fn is_assignment(n: Node<'_>) -> bool {
    n.kind() == "expression_statement"
        && n.named_child(0).is_some_and(|e| {
            // `({ length } = Object.entries(x));`: a destructuring assignment must be wrapped.
            let e = if e.kind() == "parenthesized_expression" {
                e.named_child(0).unwrap_or(e)
            } else {
                e
            };
            matches!(
                e.kind(),
                "assignment_expression"
                    | "augmented_assignment_expression"
                    | "assignment"
                    | "augmented_assignment"
            )
        })
}

/// Every statement assigns (`x = parse(s)` keeps `x`'s default when `parse` fails), declares a
/// local for those assignments, or assigns under a condition (`if (m) this.native = m`): the
/// code after the block sees the failure. At least one statement assigns.
pub(super) fn only_assignments(body: Node<'_>) -> bool {
    let stmts = statements(body);
    let assigns_under_condition = |n: Node<'_>| n.kind() == "if_statement" && branches_assign(n);
    stmts
        .iter()
        .any(|n| is_assignment(*n) || assigns_under_condition(*n))
        && stmts.iter().all(|n| {
            is_assignment(*n)
                || assigns_under_condition(*n)
                // Locals for the assignments, and imports probing an optional dependency.
                || matches!(
                    n.kind(),
                    "lexical_declaration"
                        | "variable_declaration"
                        | "import_statement"
                        | "import_from_statement"
                )
        })
}

/// Every branch of an `if`/`elif`/`else` chain only assigns (`if kind == "a": x = f(v) elif
/// …: x = g(v)`); a missing `else` keeps the value from before.
fn branches_assign(if_stmt: Node<'_>) -> bool {
    // Assignments, with the locals they need (`const route = …; url.hash = …`).
    let block_assigns = |b: Node<'_>| {
        if matches!(b.kind(), "statement_block" | "block") {
            let inner = statements(b);
            inner.iter().any(|s| is_assignment(*s))
                && inner.iter().all(|s| {
                    is_assignment(*s)
                        || matches!(s.kind(), "lexical_declaration" | "variable_declaration")
                })
        } else {
            is_assignment(b)
        }
    };
    let Some(consequence) = if_stmt.field("consequence") else {
        return false;
    };
    if !block_assigns(consequence) {
        return false;
    }
    let mut cursor = if_stmt.walk();
    let alternatives: Vec<Node<'_>> = if_stmt
        .children_by_field_name("alternative", &mut cursor)
        .collect();
    alternatives.into_iter().all(|alt| match alt.kind() {
        // Python `elif c: …` (its own consequence), `else: …` (a body).
        "elif_clause" => alt.field("consequence").is_some_and(block_assigns),
        "else_clause" => match alt.field("body") {
            Some(body) => block_assigns(body),
            // JavaScript `else …`: one statement, maybe another `if`.
            None => alt.named_child(0).is_some_and(|s| {
                if s.kind() == "if_statement" {
                    branches_assign(s)
                } else {
                    block_assigns(s)
                }
            }),
        },
        _ => false,
    })
}

/// Parsers and conversions that fail only on malformed input and touch nothing else.
const PURE_PARSERS: &[&str] = &[
    "JSON.parse",
    "JSON.stringify",
    "URL",
    "Date",
    "Date.parse",
    "decodeURIComponent",
    "decodeURI",
    "atob",
    "parseInt",
    "parseFloat",
    "Number",
    "BigInt",
    "RegExp",
    "int",
    "float",
    "complex",
    "Decimal",
    "json.loads",
    "datetime.strptime",
    "datetime.fromisoformat",
    "date.fromisoformat",
    "urlparse",
    "urllib.parse.urlparse",
    "uuid.UUID",
    "UUID",
    "ipaddress.ip_address",
    "ipaddress.ip_network",
    "base64.b64decode",
    "ast.literal_eval",
    "literal_eval",
];

/// `try { return new URL(s).origin } catch {} return fallback`: the `try` only returns the
/// result of parsing, and the code after the handler returns the fallback. The same as a
/// handler that returns a default.
pub(super) fn parse_with_fallback(ctx: &FileContext<'_>, try_stmt: Node<'_>) -> bool {
    let Some(body) = try_stmt.field("body") else {
        return false;
    };
    let [only] = statements(body)[..] else {
        return false;
    };
    let Some(value) = only
        .named_child(0)
        .filter(|_| only.kind() == "return_statement")
    else {
        return false;
    };
    let mut calls = 0;
    let mut pure = true;
    crate::rules::util::visit_descendants(
        value,
        |_| true,
        |n| {
            let callee = match n.kind() {
                "call_expression" | "call" => n.field("function"),
                "new_expression" => n.field("constructor"),
                _ => return,
            };
            calls += 1;
            let name = callee.map(|c| ctx.text_of(c)).unwrap_or("");
            pure &= PURE_PARSERS.contains(&name);
        },
    );
    let root_is_call = matches!(value.kind(), "call_expression" | "call" | "new_expression");
    if root_is_call {
        let callee = value
            .field("function")
            .or_else(|| value.field("constructor"))
            .map(|c| ctx.text_of(c))
            .unwrap_or("");
        calls += 1;
        pure &= PURE_PARSERS.contains(&callee);
    }
    if calls == 0 || !pure {
        return false;
    }
    let mut next = try_stmt.next_named_sibling();
    while let Some(n) = next.filter(|n| is_comment_kind(n.kind())) {
        next = n.next_named_sibling();
    }
    next.is_some_and(|n| n.kind() == "return_statement")
}

/// The statement after the `try` raises (`try: conn.close_connection() except Exception: pass`
/// then `raise ProtocolError(…)`): a best-effort step on the way to failing anyway, whose own
/// error would only hide the one raised.
pub(super) fn raises_next(try_stmt: Node<'_>) -> bool {
    let mut next = try_stmt.next_named_sibling();
    while let Some(n) = next.filter(|n| is_comment_kind(n.kind())) {
        next = n.next_named_sibling();
    }
    next.is_some_and(|n| matches!(n.kind(), "raise_statement" | "throw_statement"))
}

/// The `try` is a best-effort step inside a handler that rethrows the original error
/// (`catch (e) { try { await tx.rollback() } catch {} throw e }`).
pub(super) fn inside_rethrowing_handler(try_stmt: Node<'_>) -> bool {
    let handler = std::iter::successors(try_stmt.parent(), |n| n.parent())
        .take_while(|n| !n.kind().contains("function") && !n.kind().contains("method"))
        .find(|n| matches!(n.kind(), "catch_clause" | "except_clause"));
    let Some(handler) = handler else {
        return false;
    };
    let body = handler.field("body").or_else(|| {
        let mut c = handler.walk();
        handler.named_children(&mut c).find(|n| n.kind() == "block")
    });
    body.and_then(|b| statements(b).last().copied())
        .is_some_and(|s| matches!(s.kind(), "throw_statement" | "raise_statement"))
}

/// Every statement is a cleanup call (`sock.close()`, `fs.unlinkSync(tmp)`, `os.remove(path)`,
/// `await conn.disconnect()`).
pub(super) fn only_cleanup(ctx: &FileContext<'_>, body: Node<'_>) -> bool {
    // `from cps import web_server` before `web_server.stop()`: the import serves the cleanup.
    let stmts: Vec<Node<'_>> = statements(body)
        .into_iter()
        .filter(|s| !matches!(s.kind(), "import_statement" | "import_from_statement"))
        .collect();
    !stmts.is_empty()
        && stmts.iter().all(|s| {
            // `if (conn) conn.close()`
            let s = match s.kind() {
                "if_statement" if s.field("alternative").is_none() => {
                    match s.field("consequence") {
                        Some(c) if matches!(c.kind(), "statement_block" | "block") => {
                            return only_cleanup(ctx, c);
                        }
                        Some(c) => c,
                        None => return false,
                    }
                }
                _ => *s,
            };
            let mut expr = match s.kind() {
                "expression_statement" => s.named_child(0),
                _ => None,
            };
            while let Some(e) = expr.filter(|e| matches!(e.kind(), "await_expression" | "await")) {
                expr = e.named_child(0);
            }
            let Some(call) = expr.filter(|e| matches!(e.kind(), "call_expression" | "call")) else {
                return false;
            };
            let Some(function) = call.field("function") else {
                return false;
            };
            let name = match function.kind() {
                "member_expression" => function.field("property"),
                "attribute" => function.field("attribute"),
                "identifier" => Some(function),
                _ => None,
            };
            name.is_some_and(|n| is_cleanup_name(ctx.text_of(n)))
        })
}
