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
                .is_some_and(|n| {
                    is_comment_kind(n.kind())
                        || n.parent().is_some_and(|p| is_comment_kind(p.kind()))
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
                before.contains(lead) || before.contains('#')
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
