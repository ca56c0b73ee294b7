//! Which child modules a Rust file declares under a test-only `cfg` (`#[cfg(test)] mod
//! helpers;` makes all of `helpers.rs` test code). Asked for every Rust file with findings, about
//! the same few parent files (`lib.rs`, `mod.rs`): each parent is parsed at most once per run and
//! the answer shared by all threads.

use crate::parse::FieldExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Debug, Default)]
pub struct TestModuleDeclarations(Mutex<HashMap<String, Arc<Vec<String>>>>);

impl TestModuleDeclarations {
    /// The names of the modules that `text` (the file `rel_path`) declares without a body
    /// (`mod name;`) inside a test-only item or under a test-only attribute.
    pub fn of(&self, rel_path: &str, text: &str) -> Arc<Vec<String>> {
        // A poisoned lock only means another thread panicked mid-insert: the map is still a
        // valid cache.
        if let Some(names) = self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(rel_path)
        {
            return Arc::clone(names);
        }
        // Parsed outside the lock: two threads may both parse a parent once, never more.
        let names = Arc::new(declared_under_test(text));
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel_path.to_string(), Arc::clone(&names));
        names
    }
}

fn declared_under_test(text: &str) -> Vec<String> {
    // Without `test` in the text no attribute can make a module test-only.
    if !text.contains("test") {
        return Vec::new();
    }
    let Ok(tree) = crate::parse::parse(
        crate::classify::Language::Rust,
        text,
        std::time::Duration::from_secs(1),
    ) else {
        return Vec::new();
    };
    let tests = crate::parse::find_test_ranges(&tree, text);
    let mut out = Vec::new();
    collect_declared(tree.root_node(), text, &tests, "", 0, &mut out);
    out
}

/// Test-only `mod name;` declarations among the items of `container`, as paths from the file
/// (`client::test` for `pub mod client { #[cfg(test)] mod test; }`): inline modules are followed,
/// a few levels deep.
fn collect_declared(
    container: tree_sitter::Node<'_>,
    text: &str,
    tests: &[std::ops::Range<usize>],
    prefix: &str,
    depth: usize,
    out: &mut Vec<String>,
) {
    let mut cursor = container.walk();
    for item in container.named_children(&mut cursor) {
        if item.kind() != "mod_item" {
            continue;
        }
        let Some(name) = item.field("name").and_then(|n| text.get(n.byte_range())) else {
            continue;
        };
        match item.field("body") {
            None if tests.iter().any(|r| r.contains(&item.start_byte())) => {
                out.push(format!("{prefix}{name}"));
                // `#[cfg(test)] #[path = "condition_test.rs"] mod condition_test;`: the file
                // is named by the attribute, relative to the declaring file's folder.
                if let Some(path) = path_attribute(item, text) {
                    out.push(format!("{PATH_PREFIX}{path}"));
                }
            }
            Some(body) if depth < 8 => {
                collect_declared(
                    body,
                    text,
                    tests,
                    &format!("{prefix}{name}::"),
                    depth + 1,
                    out,
                );
            }
            _ => {}
        }
    }
}

/// Marks a declared file path (from `#[path = "…"]`) among the module names.
pub const PATH_PREFIX: &str = "path:";

/// The value of a `#[path = "…"]` attribute in front of `item`.
fn path_attribute(item: tree_sitter::Node<'_>, text: &str) -> Option<String> {
    let mut current = item.prev_named_sibling();
    while let Some(n) = current.filter(|n| matches!(n.kind(), "attribute_item" | "line_comment")) {
        let attr: String = text
            .get(n.byte_range())
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if let Some(value) = attr
            .strip_prefix("#[path=\"")
            .and_then(|r| r.strip_suffix("\"]"))
        {
            return Some(value.to_string());
        }
        current = n.prev_named_sibling();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_test_only_declarations_once() {
        let cache = TestModuleDeclarations::default();
        let lib = "mod a;\n#[cfg(test)]\nmod helpers;\n#[cfg(any(test, feature = \"test-util\"))]\nmod util;\n#[cfg(test)]\nmod inline { fn f() {} }\npub mod client {\n    mod conn;\n    #[cfg(test)]\n    mod test;\n}\n";
        let found = vec!["helpers", "util", "client::test"];
        assert_eq!(*cache.of("src/lib.rs", lib), found);
        // Cached by path: a second call does not look at the text again.
        assert_eq!(*cache.of("src/lib.rs", ""), found);
        assert!(cache.of("src/other.rs", "mod a;\n").is_empty());
        let with_path = "#[cfg(test)]\n#[path = \"condition_test.rs\"]\nmod condition_test;\n";
        assert_eq!(
            *cache.of("src/lib/condition.rs", with_path),
            vec!["condition_test", "path:condition_test.rs"]
        );
    }
}
