//! Small tree helpers shared by rules. Traversals are iterative: deeply nested input must not
//! overflow the stack.

use tree_sitter::Node;

/// All named descendants of `root` (itself included), in document order.
pub fn named_descendants<'t>(root: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.is_named() {
            out.push(node);
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
        }
    }
}

/// Calls `visit` on every named descendant of `node` (not `node` itself), skipping the subtrees
/// for which `descend` returns false. Iterative.
pub fn visit_descendants<'t>(
    node: Node<'t>,
    mut descend: impl FnMut(Node<'t>) -> bool,
    mut visit: impl FnMut(Node<'t>),
) {
    let mut cursor = node.walk();
    if !cursor.goto_first_child() {
        return;
    }
    loop {
        let current = cursor.node();
        if current.is_named() {
            visit(current);
        }
        if descend(current) && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() || cursor.node() == node {
                return;
            }
        }
    }
}

/// True if any descendant satisfies `pred`.
pub fn any_descendant<'t>(node: Node<'t>, mut pred: impl FnMut(Node<'t>) -> bool) -> bool {
    let found = std::cell::Cell::new(false);
    visit_descendants(
        node,
        |_| !found.get(),
        |n| {
            if !found.get() && pred(n) {
                found.set(true);
            }
        },
    );
    found.get()
}

/// The nearest ancestor (not `node` itself) whose kind is one of `kinds`.
pub fn ancestor_of_kind<'t>(node: Node<'t>, kinds: &[&str]) -> Option<Node<'t>> {
    let mut current = node.parent();
    while let Some(n) = current {
        if kinds.contains(&n.kind()) {
            return Some(n);
        }
        current = n.parent();
    }
    None
}

/// Node kinds that hold comments in the supported grammars.
pub fn is_comment_kind(kind: &str) -> bool {
    matches!(kind, "comment" | "line_comment" | "block_comment")
}

/// Node kinds that hold string literals in the supported grammars.
pub fn is_string_kind(kind: &str) -> bool {
    matches!(
        kind,
        "string_literal"
            | "raw_string_literal"
            | "interpreted_string_literal"
            | "string"
            | "template_string"
            | "concatenated_string"
    )
}

/// The content of a string literal without quotes, when it has no interpolation.
pub fn literal_string_value<'s>(node: Node<'_>, text: &'s str) -> Option<&'s str> {
    let raw = text.get(node.byte_range())?;
    match node.kind() {
        "string_literal" | "interpreted_string_literal" => {
            Some(raw.get(1..raw.len().saturating_sub(1)).unwrap_or(""))
        }
        "raw_string_literal" => {
            let start = raw.find('"')? + 1;
            let end = raw.rfind('"')?;
            raw.get(start..end)
        }
        "string" => {
            // Python f-strings and JS strings: no interpolation children allowed.
            let mut cursor = node.walk();
            if node
                .named_children(&mut cursor)
                .any(|c| c.kind() == "interpolation")
            {
                return None;
            }
            let body = raw.trim_start_matches(|c: char| c.is_ascii_alphabetic());
            let quote_len = if body.starts_with("\"\"\"") || body.starts_with("'''") {
                3
            } else {
                1
            };
            body.get(quote_len..body.len().saturating_sub(quote_len))
        }
        "template_string" => {
            let mut cursor = node.walk();
            if node
                .named_children(&mut cursor)
                .any(|c| c.kind() == "template_substitution")
            {
                return None;
            }
            raw.get(1..raw.len().saturating_sub(1))
        }
        _ => None,
    }
}

/// A Rust file that is a module declared under `#[cfg(test)]` by its parent (`#[cfg(test)]
/// mod test_helpers;` in `lib.rs` makes all of `src/test_helpers/**` test code). Parses the
/// parent module files; call it only when about to report something in a Rust file.
pub fn rust_file_is_test_module(ctx: &crate::rules::FileContext<'_>) -> bool {
    let path = ctx.rel_path();
    let parts: Vec<&str> = path.split('/').collect();
    let Some(src) = parts.iter().rposition(|p| *p == "src") else {
        return false;
    };
    let Some((crate_parts, rest)) = parts.split_at_checked(src + 1) else {
        return false;
    };
    let crate_src = crate_parts.join("/");
    // Module path from `src/`: `a/b/mod.rs` and `a/b.rs` are both module `a::b`.
    let mut modules: Vec<&str> = rest.to_vec();
    match modules.pop() {
        Some("mod.rs" | "lib.rs" | "main.rs") | None => {}
        Some(file) => modules.push(file.strip_suffix(".rs").unwrap_or(file)),
    }
    if rest.last() == Some(&"lib.rs") || rest.last() == Some(&"main.rs") {
        return false;
    }
    // From the innermost module outwards: is its declaration in the parent a test item?
    while let Some((name, parents)) = modules.split_last() {
        let candidates: Vec<String> = if parents.is_empty() {
            vec![
                format!("{crate_src}/lib.rs"),
                format!("{crate_src}/main.rs"),
            ]
        } else {
            let dir = parents.join("/");
            vec![
                format!("{crate_src}/{dir}.rs"),
                format!("{crate_src}/{dir}/mod.rs"),
            ]
        };
        for parent in candidates {
            let Some(text) = ctx.project.file(&parent).and_then(|f| f.text()) else {
                continue;
            };
            let Ok(tree) = crate::parse::parse(
                crate::classify::Language::Rust,
                text,
                std::time::Duration::from_secs(1),
            ) else {
                continue;
            };
            let tests = crate::parse::find_test_ranges(&tree, text);
            let root = tree.root_node();
            let mut cursor = root.walk();
            let declared_in_test = root.named_children(&mut cursor).any(|item| {
                item.kind() == "mod_item"
                    && item.child_by_field_name("body").is_none()
                    && item
                        .child_by_field_name("name")
                        .and_then(|n| text.get(n.byte_range()))
                        == Some(*name)
                    && tests.iter().any(|r| r.contains(&item.start_byte()))
            });
            if declared_in_test {
                return true;
            }
        }
        modules.pop();
    }
    false
}

/// A Go file left out of normal builds by its build constraint: `//go:build ignore` (a
/// generator run with `go run`), or a single opt-in tag such as `gofuzz`, `tools`,
/// `integration` or `debug`.
pub fn go_file_is_build_ignored(ctx: &crate::rules::FileContext<'_>) -> bool {
    let Some(root) = ctx.tree.map(|t| t.root_node()) else {
        return false;
    };
    let mut cursor = root.walk();
    for child in root.named_children(&mut cursor) {
        if child.kind() != "comment" {
            return false;
        }
        let text = ctx.text_of(child);
        let Some(expr) = text
            .strip_prefix("//go:build")
            .or_else(|| text.strip_prefix("// +build"))
        else {
            continue;
        };
        return matches!(
            expr.trim(),
            "ignore" | "gofuzz" | "tools" | "integration" | "e2e" | "debug" | "example" | "manual"
        );
    }
    false
}

/// Test support outside the usual test folders: Go `…testing` packages (`awstesting`),
/// `httptest`-style packages, `testutil`, `test_helpers`, `testsupport`, `mocks`/`fakes`.
pub fn is_test_support_path(rel_path: &str) -> bool {
    let mut dirs: Vec<&str> = rel_path.split('/').collect();
    dirs.pop();
    dirs.iter().any(|d| {
        let d = d.to_ascii_lowercase();
        let d = d.trim_start_matches('_');
        d.ends_with("testing")
            || ["_test", "-test", "_tests", "-tests"]
                .iter()
                .any(|s| d.ends_with(s))
            || matches!(
                d,
                "httptest"
                    | "iotest"
                    | "fstest"
                    | "testenv"
                    | "testkit"
                    | "mock"
                    | "mocks"
                    | "fake"
                    | "fakes"
            )
            || [
                "testutil",
                "test_util",
                "testhelper",
                "test_helper",
                "testsupport",
                "test_support",
            ]
            .iter()
            .any(|p| d.starts_with(p))
    })
}

/// A Go test-helper package by convention: `package eventstreamtest` in a directory of the
/// same name, like the standard library's `httptest` and `iotest`.
fn go_test_helper_package(ctx: &crate::rules::FileContext<'_>) -> bool {
    let Some(root) = ctx.tree.map(|t| t.root_node()) else {
        return false;
    };
    let mut cursor = root.walk();
    let Some(clause) = root
        .named_children(&mut cursor)
        .find(|c| c.kind() == "package_clause")
    else {
        return false;
    };
    let mut c = clause.walk();
    let name = clause
        .named_children(&mut c)
        .find(|n| n.kind() == "package_identifier")
        .map(|n| ctx.text_of(n))
        .unwrap_or("");
    let dir = ctx.rel_path().rsplit('/').nth(1).unwrap_or("");
    name.len() > 4 && name.ends_with("test") && name == dir
}

/// Bundles and compiled JavaScript shipped next to the sources: `dist/`, `client-dist/`.
pub fn is_js_build_output(rel_path: &str) -> bool {
    let mut dirs: Vec<&str> = rel_path.split('/').collect();
    dirs.pop();
    dirs.iter()
        .any(|d| *d == "dist" || d.starts_with("dist-") || d.ends_with("-dist"))
}

/// Code that the path-based roles classify as production but is not: Rust modules declared
/// under `#[cfg(test)]`, Go files excluded from builds, test-support directories, bundled JS
/// build output. Costs a parse
/// for Rust: call it only once a file has findings.
pub fn is_support_code(ctx: &crate::rules::FileContext<'_>) -> bool {
    use crate::classify::Language;
    is_test_support_path(ctx.rel_path())
        || (ctx.language.is_js_family() && is_js_build_output(ctx.rel_path()))
        || (ctx.language == Language::Go
            && (go_file_is_build_ignored(ctx) || go_test_helper_package(ctx)))
        || (ctx.language == Language::Rust && rust_file_is_test_module(ctx))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Language;
    use std::time::Duration;

    #[test]
    fn descendants_are_in_document_order() {
        let src = "fn a() { b(); }";
        let tree =
            crate::parse::parse(Language::Rust, src, Duration::from_secs(5)).expect("parses");
        let kinds: Vec<&str> = named_descendants(tree.root_node())
            .iter()
            .map(|n| n.kind())
            .collect();
        assert_eq!(kinds[0], "source_file");
        assert_eq!(kinds[1], "function_item");
        assert!(kinds.contains(&"call_expression"));
    }

    #[test]
    fn visit_skips_pruned_subtrees() {
        let src = "fn a() { b(); } fn c() { d(); }";
        let tree =
            crate::parse::parse(Language::Rust, src, Duration::from_secs(5)).expect("parses");
        let mut calls = 0;
        visit_descendants(
            tree.root_node(),
            |n| !(n.kind() == "function_item" && n.start_byte() == 0),
            |n| calls += usize::from(n.kind() == "call_expression"),
        );
        assert_eq!(calls, 1);
    }

    #[test]
    fn literal_values() {
        let src = "x = f'a{b}'\ny = 'plain'\n";
        let tree =
            crate::parse::parse(Language::Python, src, Duration::from_secs(5)).expect("parses");
        let strings: Vec<Option<&str>> = named_descendants(tree.root_node())
            .into_iter()
            .filter(|n| n.kind() == "string")
            .map(|n| literal_string_value(n, src))
            .collect();
        assert_eq!(strings, vec![None, Some("plain")]);
    }

    #[test]
    fn test_support_and_build_output_paths() {
        assert!(is_test_support_path("aws/awstesting/client.go"));
        assert!(is_test_support_path("internal/testutil/server.go"));
        assert!(is_test_support_path("src/test_helpers/mod.rs"));
        assert!(is_test_support_path("pkg/mocks/store.go"));
        assert!(!is_test_support_path("api/latest/handler.go"));
        assert!(!is_test_support_path("src/contest.rs"));
        assert!(!is_test_support_path("testutil.go"));
        assert!(is_js_build_output("package/dist/index.js"));
        assert!(is_js_build_output("client-dist/socket.io.js"));
        assert!(!is_js_build_output("src/distance.js"));
    }
}
