use super::comment_scan::{CommentRun, production_comment_runs};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::rules::{FileContext, Rule};

/// The markers, upper case only.
const MARKERS: [&str; 4] = ["TODO", "FIXME", "HACK", "XXX"];

declare_rule! {
    /// ## What it finds
    /// Work-left-to-do markers in comments of production code: the upper-case words `TODO`,
    /// `FIXME`, `HACK` and `XXX` at the start of a comment line or followed by `:`, `(` or ` -`
    /// (`TODO: retry`, `TODO(ana)`, `FIXME - leaks`); `FIXME` anywhere in a comment.
    ///
    /// ## Why it matters
    /// Each marker is a known gap the author chose to ship: missing error handling, a shortcut
    /// that breaks at scale, a workaround for a bug. Unlike an issue in the tracker, nobody owns
    /// it, nobody schedules it, and it is invisible to whoever operates the service.
    ///
    /// ## How to fix
    /// Do the work, or move it to the issue tracker and reference the issue from the comment
    /// (`see #1234`), rewording it as a description of the current behaviour.
    ///
    /// ## Example
    /// ```go
    /// // TODO: handle the timeout
    /// resp, err := client.Do(req)
    /// ```
    /// Use instead:
    /// ```go
    /// // The client's 10 s timeout bounds this call; slow upstreams are tracked in #1234.
    /// resp, err := client.Do(req)
    /// ```
    ///
    /// ## Does not flag
    /// Markdown and files under `docs/`, test code, examples, identifiers such as `todos` or
    /// `TODOS` (code is never read, only comments), lower-case `todo`/`xxx`, the marker inside a
    /// string literal, a marker quoted in backticks or quotes inside a comment (a comment that
    /// documents the word), look-alikes such as `TODO.md`, `TODO-list`, `XXX-XXX` and a
    /// mid-sentence `TODO` that is not followed by `:`, code examples in fenced blocks of doc
    /// comments. Consecutive comment lines that each open with the same marker (a block of
    /// commented-out code with `//TODO` on every line) are one finding, spanning the block.
    pub struct TodoComment {
        id: "todo-comment",
        category: Category::CodeQuality,
        severity: Severity::Low,
        effort_hours: 0.5,
        languages: &[
            Language::Rust,
            Language::Go,
            Language::TypeScript,
            Language::Tsx,
            Language::JavaScript,
            Language::Python,
        ],
        summary: "`TODO`/`FIXME`/`HACK`/`XXX` markers left in production code",
        literals: &["TODO", "FIXME", "HACK", "XXX"],
    }
}

impl Rule for TodoComment {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let mut last_line = None;
        // The finding a marker on the next line continues: a block of commented-out code with
        // `//TODO` on every line is one marker, not one per line.
        let mut block: Option<(usize, &str)> = None;
        for run in production_comment_runs(ctx) {
            let mut hits: Vec<(usize, &str)> = Vec::new();
            for marker in MARKERS {
                for (at, _) in run.text.match_indices(marker) {
                    if is_marker(&run, at, marker) {
                        hits.push((at, marker));
                    }
                }
            }
            hits.sort_unstable();
            for (at, marker) in hits {
                let file_at = run.file_offset(at);
                let range = file_at..file_at + marker.len();
                let (line, _) = ctx.lines.position(file_at, ctx.text);
                if last_line == Some(line) {
                    continue;
                }
                let continues = last_line.is_some_and(|l| l + 1 == line)
                    && at_comment_line_start(&run, at)
                    && block.is_some_and(|(_, m)| m == marker)
                    && prefixes_code(ctx.text, range.end);
                last_line = Some(line);
                if continues && let Some((index, _)) = block {
                    if let Some(f) = out.get_mut(index) {
                        f.end_line = Some(line);
                    }
                    continue;
                }
                let rest = rest_of_line(ctx.text, range.end);
                let message = if rest.is_empty() {
                    format!("`{marker}` marker left in the code, with no details")
                } else {
                    format!("`{marker}` left in the code: \"{rest}\"")
                };
                out.push(ctx.finding_at(&Self::META, range, message));
                block = at_comment_line_start(&run, at).then_some((out.len() - 1, marker));
            }
        }
    }
}

/// A marker used as one: a whole upper-case word at the start of a comment line, or followed by
/// `:`, `(`, `!` or ` -`; `FIXME` anywhere.
fn is_marker(run: &CommentRun, at: usize, marker: &str) -> bool {
    let text = run.text.as_str();
    let before = text.get(..at).and_then(|s| s.chars().next_back());
    // `$XXX(FP)`, `fooTODO`, `x.TODO`: part of a name or an expression.
    if before.is_some_and(|c| !(c.is_whitespace() || "([*@-/,;:".contains(c))) {
        return false;
    }
    let after_text = text.get(at + marker.len()..).unwrap_or("");
    let mut after = after_text.chars();
    let next = after.next();
    if next.is_some_and(|c| c.is_alphanumeric() || c == '_') {
        return false;
    }
    // `TODO.md`, `TODO-list`, `XXX-XXX`, `HACK/WORKAROUND`: a name, not a marker.
    if matches!(next, Some('.' | '-' | '/' | '\'' | '"'))
        && after.next().is_some_and(|c| c.is_alphanumeric())
    {
        return false;
    }
    let trimmed_after = after_text.trim_start_matches([' ', '\t']);
    let followed = matches!(next, Some(':' | '(' | '!'))
        || (next == Some(' ')
            && (trimmed_after.starts_with("- ") || trimmed_after.starts_with(':')));
    let at_line_start = at_comment_line_start(run, at);
    followed || at_line_start || marker == "FIXME"
}

/// The marker is the first thing of its comment line (bullets and `@` aside).
fn at_comment_line_start(run: &CommentRun, at: usize) -> bool {
    let before = run.text.get(..at).unwrap_or("");
    let line = before
        .rsplit(['\n', super::comment_scan::BREAK])
        .next()
        .unwrap_or(before);
    line.chars()
        .all(|c| c.is_whitespace() || matches!(c, '-' | '*' | '@' | '[' | '('))
}

/// The marker prefixes commented-out code (`//TODO for _, ix := range t.indices {`,
/// `//TODO continue`, `//TODO }`), not another task (`TODO: add metrics`, `TODO(ann) …`,
/// `TODO support pagination`): only code continues the block above.
fn prefixes_code(text: &str, marker_end: usize) -> bool {
    let after = text.get(marker_end..).unwrap_or("");
    if after.starts_with([':', '(', '!']) {
        return false;
    }
    let rest = after.lines().next().unwrap_or("").trim();
    rest.is_empty()
        || rest.ends_with(['{', '}', ';', ','])
        || rest.contains(" := ")
        || rest.contains(" = ")
        || matches!(rest, "continue" | "break" | "else" | "return" | "pass")
}

/// What follows the marker on its line, without the `:`/`-` separator, shortened.
fn rest_of_line(text: &str, from: usize) -> String {
    let rest = text.get(from..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("");
    // A block comment can end mid-line (`None /* TODO */))`): the code after it is not the note.
    let line = line.split("*/").next().unwrap_or(line).trim();
    // `TODO(ana): x` → `x`
    let line = match line.strip_prefix('(').and_then(|r| r.split_once(')')) {
        Some((_, after)) => after,
        None => line,
    };
    let line = line.trim_start_matches([':', '-', '!', ',', ' ', '\t']);
    let short: String = line.chars().take(80).collect();
    if short.len() < line.len() {
        format!("{}…", short.trim_end())
    } else {
        short.trim_end().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::context::snippet_findings;

    #[test]
    fn the_note_ends_with_its_comment() {
        let code = "fn f() -> Option<u8> {\n    g(None /* TODO */, 1);\n    g(None /* TODO: pick one */);\n    None\n}\n";
        let messages: Vec<_> = snippet_findings(&TodoComment, Language::Rust, code)
            .into_iter()
            .map(|f| f.message)
            .collect();
        assert_eq!(
            messages,
            [
                "`TODO` marker left in the code, with no details",
                "`TODO` left in the code: \"pick one\"",
            ]
        );
    }
}
