use super::best_effort::{
    inside_rethrowing_handler, only_assignments, only_cleanup, parse_with_fallback, raises_next,
};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::{ancestor_of_kind, is_comment_kind};
use crate::rules::{FileContext, Rule};
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Python exception handlers that catch everything and do nothing: `except:`,
    /// `except Exception:` or `except BaseException:` (also with `as e`, or inside a tuple such
    /// as `except (ValueError, Exception):`) whose body is only `pass` or `...`.
    ///
    /// ## Why it matters
    /// Such a handler hides every failure of the `try` block, bugs included (`NameError`,
    /// `TypeError`, `KeyError`): the program continues in a state nobody planned for and the
    /// logs are silent. A bare `except:` also catches `KeyboardInterrupt` and `SystemExit`, so
    /// the process cannot even be stopped cleanly.
    ///
    /// ## How to fix
    /// Catch the specific exceptions the block can raise and handle them; if swallowing is
    /// really correct, catch the narrowest type, log at debug level, and say why.
    ///
    /// ## Example
    /// ```python
    /// try:
    ///     cache.set(key, value)
    /// except:
    ///     pass
    /// ```
    /// Use instead:
    /// ```python
    /// try:
    ///     cache.set(key, value)
    /// except (ConnectionError, TimeoutError):
    ///     log.warning("cache write failed for %s", key, exc_info=True)
    /// ```
    ///
    /// ## Does not flag
    /// Specific exception types (`except KeyError: pass`); handlers that act (log, re-raise,
    /// return, assign a fallback); `except Exception:` handlers whose body carries a comment
    /// saying why the error is ignored, or whose `try` body only assigns (`value = parse(raw)`
    /// keeps the default, also in every branch of an `if`/`elif`/`else`; with the imports of an
    /// optional dependency it probes) or only cleans up (`sock.close()`, `self._close_all()`,
    /// `request.finish()`, `protocol.connection_lost(None)`, `os.remove(tmp)`,
    /// `tr.rollback()`, `os.killpg(…)`, `await writer.wait_closed()`, also under an `if` or after
    /// the import it needs: best effort), or that
    /// are a best-effort step inside a handler that re-raises or right before a `raise`, or
    /// whose `try` only returns a parse of its input with a `return` of the fallback
    /// after it (`try: return int(s)` … `return default`) (a
    /// bare `except:` or `except BaseException:` is flagged even then: it still swallows
    /// `KeyboardInterrupt`); handlers inside `__del__` (exceptions there are
    /// ignored by Python anyway); `except` in comments, strings and docstrings; test files and
    /// test-support directories (`testutil/`, `test_helpers/`).
    pub struct BareExcept {
        id: "bare-except",
        category: Category::ErrorHandling,
        severity: Severity::Medium,
        effort_hours: 0.25,
        languages: &[Language::Python],
        summary: "`except:` / `except Exception: pass` silently swallows every error",
        literals: &["except"],
    }
}

/// What an `except` clause catches, when it catches everything.
enum Broad {
    /// `except:`
    Bare,
    /// `except Exception:` and the like; the text of the caught type(s).
    Named(String),
}

impl Rule for BareExcept {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let mut comment_rows: Option<Vec<usize>> = None;
        for clause in ctx.nodes_of_kind("except_clause") {
            if !ctx.is_production_code(clause) {
                continue;
            }
            let Some(broad) = broad_catch(ctx, clause) else {
                continue;
            };
            let Some(body) = last_named_child(clause).filter(|b| b.kind() == "block") else {
                continue;
            };
            let Some(silent) = silent_body(ctx, body) else {
                continue;
            };
            if in_del_method(ctx, clause) {
                continue;
            }
            // `try: sock.close()` / `try: value = parse(raw)`: best-effort cleanup, or a
            // fallback the code after the block keeps. Not for `BaseException`, which, like a
            // bare `except:`, also swallows `KeyboardInterrupt` and `SystemExit`.
            let try_stmt = clause.parent().filter(|t| t.kind() == "try_statement");
            let try_body = try_stmt.and_then(|t| t.field("body"));
            if matches!(&broad, Broad::Named(caught) if !caught.contains("BaseException"))
                && (try_body.is_some_and(|b| only_assignments(b) || only_cleanup(ctx, b))
                    || try_stmt.is_some_and(|t| {
                        inside_rethrowing_handler(t)
                            || parse_with_fallback(ctx, t)
                            || raises_next(t)
                    }))
            {
                continue;
            }
            let message = match broad {
                Broad::Bare => format!(
                    "bare `except:` with only `{silent}` swallows every exception, \
                     `KeyboardInterrupt` and `SystemExit` included"
                ),
                Broad::Named(caught) => {
                    // A comment inside the handler explains a deliberate ignore.
                    let rows = comment_rows.get_or_insert_with(|| {
                        ctx.nodes()
                            .iter()
                            .filter(|n| is_comment_kind(n.kind()))
                            .map(|n| n.start_position().row)
                            .collect()
                    });
                    let first = clause.start_position().row;
                    let last = clause.end_position().row;
                    if rows.iter().any(|&r| r >= first && r <= last) {
                        continue;
                    }
                    format!("`except {caught}:` with only `{silent}` silently swallows every error")
                }
            };
            out.push(ctx.finding(&Self::META, clause, message));
        }
    }
}

/// `Bare` for `except:`, `Named` for `Exception`/`BaseException` (alone or in a tuple).
fn broad_catch(ctx: &FileContext<'_>, clause: Node<'_>) -> Option<Broad> {
    let mut cursor = clause.walk();
    let values: Vec<Node<'_>> = clause
        .children_by_field_name("value", &mut cursor)
        .collect();
    let Some(&first) = values.first() else {
        return Some(Broad::Bare);
    };
    // `except Exception as e:` is an `as_pattern` whose first child is the type.
    let caught = if first.kind() == "as_pattern" {
        first.named_child(0)?
    } else {
        first
    };
    let is_broad = |n: Node<'_>| {
        let t = ctx.text_of(n);
        matches!(
            t,
            "Exception" | "BaseException" | "builtins.Exception" | "builtins.BaseException"
        )
    };
    let broad = match caught.kind() {
        "identifier" | "attribute" => is_broad(caught),
        "tuple" | "parenthesized_expression" => {
            let mut c = caught.walk();
            caught.named_children(&mut c).any(is_broad)
        }
        _ => false,
    };
    broad.then(|| Broad::Named(ctx.text_of(caught).to_string()))
}

fn last_named_child(node: Node<'_>) -> Option<Node<'_>> {
    let count = node.named_child_count();
    (0..count)
        .rev()
        .filter_map(|i| node.named_child(i as u32))
        .find(|c| !is_comment_kind(c.kind()))
}

/// `Some("pass")` or `Some("...")` when every statement of the block is `pass` or `...`.
fn silent_body(ctx: &FileContext<'_>, block: Node<'_>) -> Option<&'static str> {
    let mut shown = None;
    let mut cursor = block.walk();
    for stmt in block.named_children(&mut cursor) {
        match stmt.kind() {
            k if is_comment_kind(k) => {}
            "pass_statement" => shown = shown.or(Some("pass")),
            "expression_statement" if ctx.text_of(stmt).trim() == "..." => {
                shown = shown.or(Some("..."));
            }
            _ => return None,
        }
    }
    shown
}

/// Handlers inside `__del__`: Python ignores exceptions raised there anyway.
fn in_del_method(ctx: &FileContext<'_>, clause: Node<'_>) -> bool {
    ancestor_of_kind(clause, &["function_definition"])
        .and_then(|f| f.field("name"))
        .is_some_and(|n| ctx.text_of(n) == "__del__")
}
