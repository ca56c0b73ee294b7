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

/// A finding on a whole 1-based line of a file read as text.
pub fn line_finding(
    ctx: &crate::rules::FileContext<'_>,
    meta: &crate::rules::RuleMeta,
    line: u32,
    message: String,
) -> crate::findings::Finding {
    let range = ctx
        .lines
        .line_range((line as usize).saturating_sub(1), ctx.text);
    let mut f = ctx.finding_at(meta, range, message);
    f.end_line = f.line;
    f
}

/// The first place (file and 1-based line) where production code of one of `languages`
/// contains one of `needles` outside comments and string literals.
pub fn find_in_production_code(
    project: &crate::model::Project,
    languages: &[crate::classify::Language],
    needles: &[&str],
) -> Option<(String, u32)> {
    for &language in languages {
        for (file, text) in project.production_sources(language) {
            if !needles.iter().any(|n| text.contains(n)) {
                continue;
            }
            let code = crate::model::code_text::strip_comments_and_strings(language, text);
            let first = needles.iter().filter_map(|n| code.find(n)).min();
            if let Some(at) = first {
                let line = code.get(..at).map_or(0, |s| s.matches('\n').count()) + 1;
                return Some((
                    file.rel_path.clone(),
                    u32::try_from(line).unwrap_or(u32::MAX),
                ));
            }
        }
    }
    None
}

/// Like [`crate::model::Project::uses`], but a library declared only as a dev dependency does
/// not count: declared as a normal or build dependency, or imported without being declared
/// (Go standard library, Python standard library, undeclared transitive use).
pub fn uses_in_production(
    project: &crate::model::Project,
    ecosystem: crate::model::Ecosystem,
    name: &str,
) -> bool {
    let matches = |d: &&crate::model::Dependency| {
        d.ecosystem == ecosystem
            && (d.name == name
                || (ecosystem == crate::model::Ecosystem::Go
                    && d.name.starts_with(name)
                    && d.name.get(name.len()..).is_some_and(|r| r.starts_with('/'))))
    };
    let declared: Vec<&crate::model::Dependency> =
        project.dependencies.iter().filter(matches).collect();
    if declared.is_empty() {
        project.uses(ecosystem, name)
    } else {
        declared
            .iter()
            .any(|d| d.kind != crate::model::DepKind::Dev)
    }
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
}
