//! Inline suppressions: `readiness-ignore: RULE[, RULE…] -- reason` in a comment on the flagged
//! line or on the line above. A suppression without a reason does not suppress (and is itself a
//! finding); one that matches nothing is a finding too. Suppressed findings are not scored but
//! every report lists them with their reasons.

use crate::classify::Language;
use crate::rules::util::is_comment_kind;
use tree_sitter::Tree;

pub const MARKER: &str = "readiness-ignore:";

/// One marker found in a comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// 1-based line of the marker.
    pub line: u32,
    pub rules: Vec<String>,
    /// `None` when no reason follows `--`.
    pub reason: Option<String>,
    /// The marker's byte offset, for findings about it.
    pub offset: usize,
}

impl Marker {
    /// A marker covers its own line (trailing comment) and the next one (comment above).
    pub fn covers(&self, rule: &str, line: u32) -> bool {
        (line == self.line || line == self.line + 1) && self.rules.iter().any(|r| r == rule)
    }
}

/// A finding waved through by a suppression, with the reason given.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Suppressed {
    #[serde(flatten)]
    pub finding: super::Finding,
    pub reason: String,
    /// Where the suppression is: `inline` or the config file.
    pub source: String,
}

/// Markers in `text` that sit inside comments. Code languages use the syntax tree; config
/// formats need a `#` (or `//`, `;`, `<!--`) before the marker on its line.
pub fn find_markers(language: Language, text: &str, tree: Option<&Tree>) -> Vec<Marker> {
    let mut out = Vec::new();
    for (offset, _) in text.match_indices(MARKER) {
        let in_comment = match tree {
            Some(tree) => tree
                .root_node()
                .descendant_for_byte_range(offset, offset + MARKER.len())
                .and_then(|n| {
                    if is_comment_kind(n.kind()) {
                        Some(n)
                    } else {
                        n.parent().filter(|p| is_comment_kind(p.kind()))
                    }
                })
                .is_some_and(|comment| {
                    // Doc comments document; a marker there is an example, not a suppression.
                    let mut cursor = comment.walk();
                    let is_doc = comment
                        .children(&mut cursor)
                        .any(|c| c.kind().contains("doc_comment"));
                    !is_doc && starts_comment(&text[comment.start_byte()..offset])
                }),
            None => {
                let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
                let before = &text[line_start..offset];
                let lead = match language {
                    Language::Markdown | Language::Html => "<!--",
                    Language::Json => "//",
                    Language::Ini => ";",
                    _ => "#",
                };
                // The comment leader must not sit inside a quoted value.
                let outside_quotes = |i: usize| {
                    before[..i].matches('"').count().is_multiple_of(2)
                        && before[..i].matches('\'').count().is_multiple_of(2)
                };
                before
                    .rfind(lead)
                    .or_else(|| before.rfind('#'))
                    .is_some_and(|i| outside_quotes(i) && starts_comment(&before[i..]))
            }
        };
        if !in_comment {
            continue;
        }
        let line = text[..offset].matches('\n').count() as u32 + 1;
        let rest_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let rest = &text[offset + MARKER.len()..rest_end];
        let rest = rest
            .trim_end()
            .trim_end_matches("*/")
            .trim_end_matches("-->")
            .trim_end();
        let (ids, reason) = match rest.split_once("--") {
            Some((ids, reason)) => (
                ids,
                Some(reason.trim().to_string()).filter(|r| !r.is_empty()),
            ),
            None => (rest, None),
        };
        let rules: Vec<String> = ids
            .split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        out.push(Marker {
            line,
            rules,
            reason,
            offset,
        });
    }
    out
}

/// The marker must open its comment (only comment punctuation and spaces before it on its line),
/// so prose that mentions `readiness-ignore:` is not a suppression.
fn starts_comment(before_marker_in_comment: &str) -> bool {
    let line = before_marker_in_comment.rsplit('\n').next().unwrap_or("");
    line.chars()
        .all(|c| c.is_whitespace() || matches!(c, '/' | '*' | '#' | '-' | ';' | '<' | '!'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_markers_need_a_comment() {
        let text = "password: x # readiness-ignore: hardcoded-secret -- fixture value\nmsg: \"readiness-ignore: x -- y\"\n";
        let m = find_markers(Language::Yaml, text, None);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].rules, vec!["hardcoded-secret"]);
        assert_eq!(m[0].reason.as_deref(), Some("fixture value"));
        assert!(m[0].covers("hardcoded-secret", 1) && m[0].covers("hardcoded-secret", 2));
        assert!(!m[0].covers("hardcoded-secret", 3));
    }

    #[test]
    fn mentions_and_doc_comments_are_not_markers() {
        let text = "/// Example:\n/// // readiness-ignore: a -- b\n// Write `readiness-ignore: RULE -- reason` above the line.\nfn f() {}\n# not a yaml comment here\n";
        let tree = crate::parse::parse(Language::Rust, text, std::time::Duration::from_secs(5))
            .expect("parses");
        assert!(find_markers(Language::Rust, text, Some(&tree)).is_empty());
        let yaml =
            "note: \"see # readiness-ignore: x -- y\"\n# A mention: `readiness-ignore: x -- y`\n";
        assert!(find_markers(Language::Yaml, yaml, None).is_empty());
    }

    #[test]
    fn code_markers_only_in_comments_and_reasons_are_required() {
        let text = "// readiness-ignore: unwrap-outside-tests\nlet s = \"readiness-ignore: a -- b\";\n/* readiness-ignore: a, b -- why */\n";
        let tree = crate::parse::parse(Language::Rust, text, std::time::Duration::from_secs(5))
            .expect("parses");
        let m = find_markers(Language::Rust, text, Some(&tree));
        assert_eq!(m.len(), 2, "{m:?}");
        assert_eq!(m[0].reason, None);
        assert_eq!(m[1].rules, vec!["a", "b"]);
        assert_eq!(m[1].reason.as_deref(), Some("why"));
    }
}
