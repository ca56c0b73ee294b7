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
                // `#![cfg(test)]` at the top of a file: the whole module is test code.
                "inner_attribute_item"
                    if container.kind() == "source_file"
                        && is_test_attribute(&node_text(child, text).replacen("#![", "#[", 1)) =>
                {
                    // Bound first: clippy reads a literal `vec![0..n]` as a mistaken range.
                    let whole = 0..text.len();
                    return vec![whole];
                }
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

/// `#[test]`, `#[bench]`, `#[tokio::test]`, `#[rstest]`, `#[cfg(test)]`, `#[cfg(bench)]`,
/// `#[cfg(all(test, …))]`; not
/// `#[cfg(not(test))]`, nor `#[cfg(any(feature = "std", test))]`, which also builds without
/// `test`.
fn is_test_attribute(attr: &str) -> bool {
    let inner: String = attr.chars().filter(|c| !c.is_whitespace()).collect();
    let inner = inner.trim_start_matches("#[").trim_end_matches(']');
    if inner == "test"
        || inner == "bench"
        || inner.ends_with("::test")
        || inner.starts_with("test(")
        || inner == "rstest"
    {
        return true;
    }
    if let Some(cfg) = inner.strip_prefix("cfg(").and_then(|c| c.strip_suffix(')')) {
        return cfg_requires_test(cfg);
    }
    inner.ends_with("::test(") || inner.contains("::test(") && !inner.starts_with("cfg")
}

/// The configuration predicate (whitespace removed) holds only in builds for tests: `test`,
/// benchmarks (`bench`, nightly's `cargo bench` cfg), fuzzing (`fuzzing`), proofs (`kani`), or a feature that exists for tests (`feature =
/// "test-util"`, `"mocks"`). `any(test, feature = "test-util")` is code for this crate's tests
/// and for the tests of crates that enable the feature.
fn cfg_requires_test(predicate: &str) -> bool {
    if matches!(predicate, "test" | "bench" | "fuzzing" | "kani") {
        return true;
    }
    if let Some(feature) = predicate
        .strip_prefix("feature=\"")
        .and_then(|f| f.strip_suffix('"'))
    {
        return ["test", "mock", "fuzz"].iter().any(|w| feature.contains(w));
    }
    let Some((op, args)) = predicate
        .split_once('(')
        .and_then(|(op, rest)| Some((op, rest.strip_suffix(')')?)))
    else {
        return false;
    };
    let args = split_top_level(args);
    match op {
        "all" => args.iter().any(|a| cfg_requires_test(a)),
        "any" => !args.is_empty() && args.iter().all(|a| cfg_requires_test(a)),
        _ => false,
    }
}

/// `a,b(c,d),e="f,g"` → `a`, `b(c,d)`, `e="f,g"`.
fn split_top_level(list: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quoted, mut start) = (0usize, false, 0);
    for (i, c) in list.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            ',' if !quoted && depth == 0 => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&list[start..]);
    parts.retain(|p| !p.is_empty());
    parts
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

    #[test]
    fn cfg_predicates_that_also_build_without_test_are_production() {
        for (attr, test) in [
            ("#[cfg(test)]", true),
            ("#[cfg(all(test, feature = \"std\"))]", true),
            ("#[cfg(all(unix, any(test, windows)))]", false),
            ("#[cfg(any(test, all(test, unix)))]", true),
            ("#[cfg(any(feature = \"std\", test))]", false),
            ("#[cfg(any(test, feature = \"test-util\"))]", true),
            ("#[cfg(any(test, fuzzing))]", true),
            ("#[cfg(bench)]", true),
            ("#[cfg(all(test, bench))]", true),
            ("#[bench]", true),
            ("#[cfg(any(bench, feature = \"std\"))]", false),
            ("#[cfg(any(test, all(kani, feature = \"derive\")))]", true),
            ("#[cfg(feature = \"derive\")]", false),
            ("#[cfg(not(test))]", false),
            ("#[cfg_attr(test, derive(Debug))]", false),
        ] {
            assert_eq!(is_test_attribute(attr), test, "{attr}");
        }
    }
}
