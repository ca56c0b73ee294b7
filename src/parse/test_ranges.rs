//! In-file test code: Rust items marked `#[cfg(test)]`, `#[test]` or an async runtime's test
//! attribute. Everything inside them is test code, whatever the file's role.

use crate::parse::FieldExt;
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// Byte ranges of test items, attributes included; sorted and non-overlapping at top level.
pub fn find_test_ranges(tree: &Tree, text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(container) = stack.pop() {
        let mut pending_start: Option<usize> = None;
        let mut pending_test = false;
        let mut cursor = container.walk();
        for child in container.named_children(&mut cursor) {
            match child.kind() {
                "attribute_item" => {
                    pending_start.get_or_insert(child.start_byte());
                    if is_test_attribute(node_text(child, text)) {
                        pending_test = true;
                    }
                }
                "line_comment" | "block_comment" => {}
                _ => {
                    if pending_test {
                        out.push(pending_start.unwrap_or(child.start_byte())..child.end_byte());
                    } else if matches!(child.kind(), "mod_item" | "impl_item" | "trait_item")
                        && let Some(body) = child.field("body")
                    {
                        stack.push(body);
                    }
                    pending_start = None;
                    pending_test = false;
                }
            }
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

fn node_text<'a>(node: Node, text: &'a str) -> &'a str {
    text.get(node.byte_range()).unwrap_or("")
}

/// `#[test]`, `#[tokio::test]`, `#[rstest]`, `#[cfg(test)]`, `#[cfg(all(test, …))]`; not
/// `#[cfg(not(test))]`.
fn is_test_attribute(attr: &str) -> bool {
    let inner: String = attr.chars().filter(|c| !c.is_whitespace()).collect();
    let inner = inner.trim_start_matches("#[").trim_end_matches(']');
    if inner == "test"
        || inner.ends_with("::test")
        || inner.starts_with("test(")
        || inner == "rstest"
    {
        return true;
    }
    if let Some(cfg) = inner.strip_prefix("cfg(") {
        return !cfg.contains("not(test")
            && (cfg.starts_with("test") || cfg.contains("(test") || cfg.contains(",test"));
    }
    inner.ends_with("::test(") || inner.contains("::test(") && !inner.starts_with("cfg")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Language;
    use std::time::Duration;

    fn ranges(src: &str) -> Vec<&str> {
        let tree =
            crate::parse::parse(Language::Rust, src, Duration::from_secs(5)).expect("parses");
        find_test_ranges(&tree, src)
            .into_iter()
            .map(|r| &src[r])
            .collect()
    }

    #[test]
    fn finds_cfg_test_modules_and_test_functions() {
        let src = "fn a() {}\n#[cfg(test)]\nmod tests { fn b() {} }\n#[tokio::test]\nasync fn c() {}\n#[cfg(not(test))]\nfn d() {}\nmod m {\n    #[test]\n    fn e() {}\n}\n";
        let found = ranges(src);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("#[cfg(test)]"));
        assert!(found[1].starts_with("#[tokio::test]"));
        assert!(found[2].starts_with("#[test]"));
    }
}
