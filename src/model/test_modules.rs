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
    let root = tree.root_node();
    let mut cursor = root.walk();
    root.named_children(&mut cursor)
        .filter(|item| {
            item.kind() == "mod_item"
                && item.field("body").is_none()
                && tests.iter().any(|r| r.contains(&item.start_byte()))
        })
        .filter_map(|item| item.field("name"))
        .filter_map(|n| text.get(n.byte_range()))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_test_only_declarations_once() {
        let cache = TestModuleDeclarations::default();
        let lib = "mod a;\n#[cfg(test)]\nmod helpers;\n#[cfg(any(test, feature = \"test-util\"))]\nmod util;\n#[cfg(test)]\nmod inline { fn f() {} }\n";
        assert_eq!(*cache.of("src/lib.rs", lib), vec!["helpers", "util"]);
        // Cached by path: a second call does not look at the text again.
        assert_eq!(*cache.of("src/lib.rs", ""), vec!["helpers", "util"]);
        assert!(cache.of("src/other.rs", "mod a;\n").is_empty());
    }
}
