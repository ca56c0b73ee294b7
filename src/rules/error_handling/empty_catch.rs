use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::rules::util::is_comment_kind;
use crate::rules::{FileContext, Rule};

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
    /// A `catch` that handles, rethrows or returns; a `catch` whose block (or the line it closes
    /// on) holds a comment explaining why the error is ignored; promise `.catch(() => {})`
    /// calls (a different construct); `catch` in comments or strings; test files.
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
        let mut comments: Option<Vec<(usize, usize)>> = None;
        for clause in ctx.nodes_of_kind("catch_clause") {
            let Some(body) = clause.child_by_field_name("body") else { continue };
            if body.named_child_count() != 0 || !ctx.is_production_code(clause) {
                continue;
            }
            // A comment anywhere in the clause, or after its closing brace on the same line,
            // explains the empty block.
            let comments = comments.get_or_insert_with(|| {
                ctx.nodes()
                    .iter()
                    .filter(|n| is_comment_kind(n.kind()))
                    .map(|n| (n.start_byte(), n.start_position().row))
                    .collect()
            });
            let last_row = clause.end_position().row;
            let explained = comments.iter().any(|&(start, row)| {
                start >= clause.start_byte() && (start < clause.end_byte() || row == last_row)
            });
            if explained {
                continue;
            }
            let caught = match clause.child_by_field_name("parameter") {
                Some(p) => format!("`catch ({})`", ctx.text_of(p)),
                None => "`catch`".to_string(),
            };
            let origin = clause
                .parent()
                .filter(|p| p.kind() == "try_statement")
                .map(|t| format!(" at line {}", t.start_position().row + 1))
                .unwrap_or_default();
            out.push(ctx.finding(
                &Self::META,
                clause,
                format!("empty {caught} block silently swallows every error from the `try`{origin}"),
            ));
        }
    }
}
