use super::best_effort::{
    inside_rethrowing_handler, only_assignments, only_cleanup, parse_with_fallback, raises_next,
    statements,
};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::is_comment_kind;
use crate::rules::{FileContext, Rule};
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// `catch` blocks in JavaScript and TypeScript production code that contain no statement and
    /// no comment: `try { … } catch (err) {}`.
    ///
    /// ## Why it matters
    /// An empty `catch` swallows every error thrown in the `try` block, expected or not: a
    /// failed write, a bug, a `TypeError` from a typo. The program carries on with half-done
    /// work and nothing in the logs says why.
    ///
    /// ## How to fix
    /// Handle the error (log it with context, return a fallback, rethrow a wrapped error), or,
    /// when ignoring it is really correct, say why in a comment inside the block.
    ///
    /// ## Example
    /// ```ts
    /// try {
    ///   await cache.set(key, value);
    /// } catch (err) {}
    /// ```
    /// Use instead:
    /// ```ts
    /// try {
    ///   await cache.set(key, value);
    /// } catch (err) {
    ///   logger.warn({ err, key }, "cache write failed; serving uncached");
    /// }
    /// ```
    ///
    /// ## Does not flag
    /// A `catch` that handles, rethrows or returns; a `try` that returns the first success of a
    /// loop over candidates whose failure is thrown after the loop; a `catch` explained by a
    /// comment (inside the
    /// block, after it on the same line, right before `catch` at the end of the `try` block, or
    /// right above the `try` when it talks about the failure: `// IE throws on bad input`,
    /// `// eslint-disable-next-line no-empty`); a binding named to be ignored (`catch (_)`,
    /// `catch (_err)`, `catch (ignored)`, `catch (errIgnore)`, `catch (unusedErr)`); `try` blocks
    /// whose failure the following code sees anyway: only assignments (also destructuring,
    /// `({ length } = x)`), possibly conditional (in
    /// every branch of an `if`/`else if`/`else`) and with the locals they need (`value = JSON.parse(raw)` keeps the default), only cleanup
    /// calls, possibly under an `if` (`fs.unlinkSync(tmp)`, `socket.destroy()`,
    /// `qr.rollbackTransaction()`: best-effort cleanup) or ending by recording success (`ok =
    /// true`, `return true`); a best-effort step inside a `catch` that rethrows its error
    /// (`catch (e) { try { await tx.rollback() } catch {} throw e }`) or right before a `throw`;
    /// a `try` that only returns
    /// what a parser makes of its input, followed by a `return` of the fallback (`try { return
    /// new URL(s).origin } catch {} return base`: the same as a handler returning a default);
    /// promise `.catch(() => {})` calls (a
    /// different construct); `catch` in comments or strings; test files, test-support
    /// directories and bundled `dist/` output.
    pub struct EmptyCatch {
        id: "empty-catch",
        category: Category::ErrorHandling,
        severity: Severity::Medium,
        effort_hours: 0.25,
        languages: &[Language::JavaScript, Language::TypeScript, Language::Tsx],
        summary: "empty `catch` block silently swallows errors",
        literals: &["catch"],
    }
}

impl Rule for EmptyCatch {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let mut comments: Option<Vec<Node<'_>>> = None;
        for clause in ctx.nodes_of_kind("catch_clause") {
            let Some(body) = clause.field("body") else {
                continue;
            };
            if body.named_child_count() != 0 || !ctx.is_production_code(clause) {
                continue;
            }
            let parameter = clause.field("parameter");
            if parameter.is_some_and(|p| named_as_ignored(ctx.text_of(p))) {
                continue;
            }
            let try_stmt = clause.parent().filter(|p| p.kind() == "try_statement");
            let comments = comments.get_or_insert_with(|| {
                ctx.nodes()
                    .iter()
                    .copied()
                    .filter(|n| is_comment_kind(n.kind()))
                    .collect()
            });
            if explained_by_comment(ctx, clause, try_stmt, comments)
                || try_stmt.is_some_and(|t| failure_is_implied(ctx, t))
            {
                continue;
            }
            let caught = match parameter {
                Some(p) => format!("`catch ({})`", ctx.text_of(p)),
                None => "`catch`".to_string(),
            };
            let origin = try_stmt
                .map(|t| format!(" at line {}", t.start_position().row + 1))
                .unwrap_or_default();
            out.push(ctx.finding(
                &Self::META,
                clause,
                format!(
                    "empty {caught} block silently swallows every error from the `try`{origin}"
                ),
            ));
        }
    }
}

/// `catch (_)`, `catch (_err)`, `catch (ignored)`: the name says the error is ignored on
/// purpose.
fn named_as_ignored(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('_') || lower.contains("ignore") || lower.contains("unused")
}

/// A comment that explains the empty block: inside the clause or after it on its last line,
/// after the last statement of the `try` block (right before `catch`), or right above the
/// `try` when it talks about the failure (`// IE throws on invalid input`).
fn explained_by_comment(
    ctx: &FileContext<'_>,
    clause: Node<'_>,
    try_stmt: Option<Node<'_>>,
    comments: &[Node<'_>],
) -> bool {
    let last_row = clause.end_position().row;
    let in_clause = |c: &Node<'_>| {
        c.start_byte() >= clause.start_byte()
            && (c.start_byte() < clause.end_byte() || c.start_position().row == last_row)
    };
    if comments.iter().any(in_clause) {
        return true;
    }
    let Some(try_stmt) = try_stmt else {
        return false;
    };
    // After the `try` block's last statement.
    let tail_start = try_stmt
        .field("body")
        .and_then(|b| statements(b).last().map(|n| n.end_byte()))
        .unwrap_or(try_stmt.start_byte());
    if comments
        .iter()
        .any(|c| c.start_byte() >= tail_start && c.start_byte() < clause.start_byte())
    {
        return true;
    }
    // Right above the `try`, about the failure.
    let try_row = try_stmt.start_position().row;
    comments.iter().any(|c| {
        c.end_position().row + 1 == try_row && {
            let text = ctx.text_of(*c).to_ascii_lowercase();
            [
                "throw",
                "error",
                "fail",
                "ignor",
                "exception",
                "catch",
                "swallow",
                "best effort",
                "best-effort",
                "optional",
                "fallback",
                "no-empty",
            ]
            .iter()
            .any(|w| text.contains(w))
        }
    })
}

/// `for (const key of candidates) try { return await verify(key) } catch {}` followed by
/// `throw new VerificationFailed()`: each candidate may fail, the first success returns, and
/// the failure of all is reported after the loop.
fn first_success_wins(try_stmt: Node<'_>, body: Node<'_>) -> bool {
    let returns = statements(body).last().is_some_and(|s| {
        s.kind() == "return_statement"
            || (s.kind() == "expression_statement"
                && s.named_child(0)
                    .is_some_and(|e| e.kind() == "yield_expression"))
    });
    if !returns {
        return false;
    }
    let loop_kinds = [
        "for_statement",
        "for_in_statement",
        "while_statement",
        "do_statement",
    ];
    let mut node = try_stmt;
    for _ in 0..2 {
        let Some(parent) = node.parent() else {
            return false;
        };
        if loop_kinds.contains(&parent.kind()) {
            return parent
                .next_named_sibling()
                .is_some_and(|n| n.kind() == "throw_statement");
        }
        node = parent;
    }
    false
}

/// Try blocks whose failure needs no handling: every statement assigns (`x = parse(s)` keeps
/// `x`'s default on failure) or is a cleanup call (`fs.unlinkSync(tmp)`), or the block ends by
/// recording success (`ok = true`, `return true`).
fn failure_is_implied(ctx: &FileContext<'_>, try_stmt: Node<'_>) -> bool {
    let Some(body) = try_stmt.field("body") else {
        return false;
    };
    if only_assignments(body)
        || only_cleanup(ctx, body)
        || inside_rethrowing_handler(try_stmt)
        || raises_next(try_stmt)
        || parse_with_fallback(ctx, try_stmt)
        || first_success_wins(try_stmt, body)
    {
        return true;
    }
    let Some(last) = statements(body).last().copied() else {
        return false;
    };
    let value = match last.kind() {
        "return_statement" => last.named_child(0),
        "expression_statement" => last
            .named_child(0)
            .filter(|e| e.kind() == "assignment_expression")
            .and_then(|e| e.field("right")),
        _ => None,
    };
    value.is_some_and(|v| matches!(v.kind(), "true" | "false"))
}
