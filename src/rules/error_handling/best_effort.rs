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
    "terminate",
    "cancel",
    "disconnect",
    "release",
    "destroy",
    "dispose",
    "abort",
];

/// The statements of a try body, comments left out.
pub(super) fn statements(body: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = body.walk();
    body.named_children(&mut cursor)
        .filter(|n| !is_comment_kind(n.kind()))
        .collect()
}

/// Every statement assigns (`x = parse(s)` keeps `x`'s default when `parse` fails): the code
/// after the block sees the failure.
pub(super) fn only_assignments(body: Node<'_>) -> bool {
    let stmts = statements(body);
    !stmts.is_empty()
        && stmts.iter().all(|n| {
            n.kind() == "expression_statement"
                && n.named_child(0).is_some_and(|e| {
                    matches!(
                        e.kind(),
                        "assignment_expression"
                            | "augmented_assignment_expression"
                            | "assignment"
                            | "augmented_assignment"
                    )
                })
        })
}

/// Every statement is a cleanup call (`sock.close()`, `fs.unlinkSync(tmp)`, `os.remove(path)`,
/// `await conn.disconnect()`).
pub(super) fn only_cleanup(ctx: &FileContext<'_>, body: Node<'_>) -> bool {
    let stmts = statements(body);
    !stmts.is_empty()
        && stmts.iter().all(|s| {
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
            name.is_some_and(|n| CLEANUP_CALLS.contains(&ctx.text_of(n)))
        })
}
