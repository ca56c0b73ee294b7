//! Comment text for the rules that read comments (`todo-comment`, `placeholder-implementation`).
//!
//! Comments of production code are grouped into runs (a block comment, or line comments on
//! consecutive lines, each alone on its line), stripped of their delimiters (`//`, `///`, `#`,
//! `/*`, a leading `*`) and joined with `\n`. What a comment only *mentions* is blanked with
//! spaces, byte for byte so offsets stay valid: spans in backticks, in double or single quotes
//! (also when they wrap onto the next line), and fenced code blocks (doc comment examples),
//! which are replaced by a [`BREAK`] so no phrase spans them.

use crate::rules::FileContext;
use crate::rules::util::is_comment_kind;
use tree_sitter::Node;

/// Separates lines that must not be read as one sentence (a skipped fenced block).
pub const BREAK: char = '\u{1}';

/// A piece of the joined text and where it comes from in the file.
struct Segment {
    joined: usize,
    file: usize,
    len: usize,
}

/// Consecutive comment lines, delimiters stripped and mentions blanked.
pub struct CommentRun {
    pub text: String,
    /// File offset just past the run's last comment (its closing `*/` included).
    pub end: usize,
    segments: Vec<Segment>,
}

impl CommentRun {
    fn segment(&self, joined: usize) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.joined <= joined);
        i.checked_sub(1).and_then(|i| self.segments.get(i))
    }

    /// The file offset of a byte of `text`.
    pub fn file_offset(&self, joined: usize) -> usize {
        match self.segment(joined) {
            Some(s) => s.file + joined.saturating_sub(s.joined).min(s.len),
            None => self.segments.first().map_or(0, |s| s.file),
        }
    }

    /// The file range of a range of `text`.
    pub fn file_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let from = self.file_offset(start);
        let to = self.file_offset(end.saturating_sub(1).max(start)) + 1;
        from..to.max(from + 1)
    }
}

/// Comment runs of the file's production code, in document order.
pub fn production_comment_runs(ctx: &FileContext<'_>) -> Vec<CommentRun> {
    let mut runs: Vec<CommentRun> = Vec::new();
    let mut current: Option<CommentRun> = None;
    let mut in_fence = false;
    let mut prev_end_row: Option<usize> = None;
    for (node, kind) in ctx.nodes_with_kinds() {
        if !is_comment_kind(kind) {
            continue;
        }
        if !ctx.is_production_code(node) {
            if let Some(run) = current.take() {
                runs.push(run);
            }
            prev_end_row = None;
            continue;
        }
        let own_line = alone_on_line(ctx.text, node.start_byte());
        let start_row = node.start_position().row;
        let joins = own_line && prev_end_row.is_some_and(|r| start_row <= r + 1);
        if !joins {
            if let Some(run) = current.take() {
                runs.push(run);
            }
            in_fence = false;
        }
        let run = current.get_or_insert_with(|| CommentRun {
            text: String::new(),
            end: 0,
            segments: Vec::new(),
        });
        add_comment(ctx.text, node, run, &mut in_fence);
        run.end = node.end_byte();
        // A trailing comment (after code) never joins the next one.
        prev_end_row = own_line.then(|| end_row(node));
        if !own_line && let Some(run) = current.take() {
            runs.push(run);
        }
    }
    if let Some(run) = current.take() {
        runs.push(run);
    }
    runs.retain(|r| !r.segments.is_empty());
    // Masked over the whole run: a quotation may wrap onto the next comment line.
    for run in &mut runs {
        run.text = mask_mentions(&run.text);
    }
    runs
}

/// The last row holding text of the node (Rust line comments include their newline).
fn end_row(node: Node<'_>) -> usize {
    let end = node.end_position();
    if end.column == 0 && end.row > node.start_position().row {
        end.row - 1
    } else {
        end.row
    }
}

/// Only whitespace precedes `offset` on its line.
fn alone_on_line(text: &str, offset: usize) -> bool {
    let before = text.get(..offset).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before
        .get(line_start..)
        .is_some_and(|s| s.chars().all(char::is_whitespace))
}

fn add_comment(text: &str, node: Node<'_>, run: &mut CommentRun, in_fence: &mut bool) {
    let start = node.start_byte();
    let raw = text.get(node.byte_range()).unwrap_or("");
    let mut offset = start;
    for (i, line) in raw.split('\n').enumerate() {
        let line_start = offset;
        offset += line.len() + 1;
        let (content, rel) = strip_delimiters(line, i == 0);
        let file = line_start + rel;
        let trimmed = content.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            *in_fence = !*in_fence;
            push_break(run);
            continue;
        }
        if *in_fence {
            push_break(run);
            continue;
        }
        if content.is_empty() {
            push_separator(run);
            continue;
        }
        push_separator(run);
        run.segments.push(Segment {
            joined: run.text.len(),
            file,
            len: content.len(),
        });
        run.text.push_str(content);
    }
}

fn push_separator(run: &mut CommentRun) {
    if !run.text.is_empty() && !run.text.ends_with('\n') && !run.text.ends_with(BREAK) {
        run.text.push('\n');
    }
}

fn push_break(run: &mut CommentRun) {
    if !run.text.ends_with(BREAK) {
        run.text.push(BREAK);
    }
}

/// The comment text of one line without delimiters, trimmed, and its offset in `line`.
fn strip_delimiters(line: &str, first: bool) -> (&str, usize) {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut start = line.len() - line.trim_start().len();
    let mut rest = line.trim_start();
    let prefixes: &[&str] = if first {
        &["///", "//!", "//", "/**", "/*!", "/*", "#"]
    } else {
        &["*"]
    };
    for p in prefixes {
        if let Some(r) = rest.strip_prefix(p) {
            start += p.len();
            rest = r;
            break;
        }
    }
    // `##`, `#!`, `****`: repeated delimiter characters.
    let extra = rest.len() - rest.trim_start_matches(['#', '*', '/', '!']).len();
    if !rest.starts_with("*/") {
        start += extra;
        rest = rest.get(extra..).unwrap_or("");
    }
    let rest = rest.strip_suffix("*/").unwrap_or(rest);
    let lead = rest.len() - rest.trim_start().len();
    let content = rest.trim();
    (content, start + lead)
}

/// Blanks what the comment quotes: backtick spans, double-quoted spans (straight and curly) and
/// single-quoted spans (not apostrophes). Same byte length as the input.
pub fn mask_mentions(line: &str) -> String {
    let mut bytes: Vec<u8> = line.as_bytes().to_vec();
    blank_pairs(&mut bytes, b'`');
    blank_pairs(&mut bytes, b'"');
    blank_curly(&mut bytes);
    blank_single_quotes(&mut bytes);
    String::from_utf8(bytes).unwrap_or_else(|_| " ".repeat(line.len()))
}

/// Blanks from each opening `quote` to its closing one, both included.
fn blank_pairs(bytes: &mut [u8], quote: u8) {
    let positions: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == quote)
        .map(|(i, _)| i)
        .collect();
    for pair in positions.chunks(2) {
        if let [open, close] = pair {
            blank(bytes, *open, *close + 1);
        }
    }
}

/// `“…”` spans.
fn blank_curly(bytes: &mut [u8]) {
    const OPEN: &[u8] = "“".as_bytes();
    const CLOSE: &[u8] = "”".as_bytes();
    let mut i = 0;
    while i + OPEN.len() <= bytes.len() {
        if bytes.get(i..i + OPEN.len()) == Some(OPEN) {
            let from = i + OPEN.len();
            let close = (from..bytes.len().saturating_sub(CLOSE.len() - 1))
                .find(|&j| bytes.get(j..j + CLOSE.len()) == Some(CLOSE));
            if let Some(c) = close {
                blank(bytes, i, c + CLOSE.len());
                i = c + CLOSE.len();
                continue;
            }
        }
        i += 1;
    }
}

/// `'quoted'` spans: the opening quote follows a non-word character and precedes a non-space,
/// the closing one the reverse, so apostrophes (`don't`, `users'`) stay.
fn blank_single_quotes(bytes: &mut [u8]) {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    let mut i = 0;
    while i < bytes.len() {
        let opens = bytes.get(i) == Some(&b'\'')
            && (i == 0 || bytes.get(i - 1).is_some_and(|&b| !is_word(b)))
            && bytes.get(i + 1).is_some_and(|&b| b != b' ' && b != b'\'');
        if opens {
            let close = (i + 2..bytes.len()).find(|&j| {
                bytes.get(j) == Some(&b'\'')
                    && bytes.get(j - 1).is_some_and(|&b| b != b' ')
                    && bytes.get(j + 1).is_none_or(|&b| !is_word(b))
            });
            if let Some(c) = close {
                blank(bytes, i, c + 1);
                i = c + 1;
                continue;
            }
        }
        i += 1;
    }
}

fn blank(bytes: &mut [u8], from: usize, to: usize) {
    for b in bytes.iter_mut().take(to).skip(from) {
        *b = b' ';
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_quoted_mentions() {
        assert_eq!(mask_mentions("a `TODO` b"), "a        b");
        assert_eq!(mask_mentions("say \"for now\" ok"), "say           ok");
        assert_eq!(mask_mentions("don't 'x' it's"), "don't     it's");
        assert_eq!(mask_mentions("users' data"), "users' data");
        assert_eq!(mask_mentions("odd ` tick"), "odd ` tick");
    }

    #[test]
    fn strips_delimiters() {
        assert_eq!(strip_delimiters("// TODO: x", true), ("TODO: x", 3));
        assert_eq!(strip_delimiters("/// doc", true), ("doc", 4));
        assert_eq!(strip_delimiters("   * FIXME */", false), ("FIXME", 5));
        assert_eq!(strip_delimiters("## HACK", true), ("HACK", 3));
        assert_eq!(strip_delimiters("/* XXX */", true), ("XXX", 3));
    }
}
