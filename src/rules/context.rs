//! What a rule sees: one parsed file ([`FileContext`]) or the whole project ([`ProjectContext`]).

use super::RuleMeta;
use crate::classify::{Language, Role};
use crate::findings::{Finding, redact_secrets};
use crate::model::{Project, ProjectFile};
use crate::parse::LineIndex;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// Longest snippet kept, in characters.
const SNIPPET_MAX_CHARS: usize = 200;

pub struct FileContext<'a> {
    pub file: &'a ProjectFile,
    pub language: Language,
    pub role: Role,
    pub text: &'a str,
    /// The syntax tree; `None` for formats that are not parsed with tree-sitter (config files).
    pub tree: Option<&'a Tree>,
    pub lines: &'a LineIndex,
    /// In-file test code (Rust `#[cfg(test)]` items), sorted by start.
    pub test_ranges: &'a [Range<usize>],
    pub project: &'a Project,
    nodes: OnceCell<NodeIndex<'a>>,
    /// Positions in `nodes` per kind, built on the first [`Self::nodes_of_kind`] call.
    by_kind: OnceCell<HashMap<&'a str, Vec<u32>>>,
    /// [`super::util::is_support_code`], computed once per file: several rules ask, and the Rust
    /// case parses the parent module.
    support_code: OnceCell<bool>,
    /// The file's name-value bindings, shared by the security rules (see `security::support`).
    bindings: OnceCell<Vec<super::security::Binding<'a>>>,
}

impl<'a> FileContext<'a> {
    pub fn new(
        file: &'a ProjectFile,
        text: &'a str,
        tree: Option<&'a Tree>,
        lines: &'a LineIndex,
        test_ranges: &'a [Range<usize>],
        project: &'a Project,
    ) -> Self {
        FileContext {
            file,
            language: file.language.unwrap_or(Language::Markdown),
            role: file.role,
            text,
            tree,
            lines,
            test_ranges,
            project,
            nodes: OnceCell::new(),
            by_kind: OnceCell::new(),
            support_code: OnceCell::new(),
            bindings: OnceCell::new(),
        }
    }

    pub fn rel_path(&self) -> &'a str {
        &self.file.rel_path
    }

    /// Every named node in document order, computed once per file and shared by all rules.
    pub fn nodes(&self) -> &[Node<'a>] {
        &self.index().nodes
    }

    /// Every named node with its kind, in document order. The kinds were read once per file:
    /// `Node::kind` measures and validates a C string on every call, and rules that match on the
    /// kind of every node would otherwise pay that per rule.
    pub fn nodes_with_kinds(&self) -> impl Iterator<Item = (Node<'a>, &'a str)> + '_ {
        let index = self.index();
        index.nodes.iter().copied().zip(index.kinds.iter().copied())
    }

    /// The named nodes that start inside `range`, with their kinds, in document order. Found by
    /// binary search: document order is also start-byte order.
    pub fn nodes_starting_in(
        &self,
        range: Range<usize>,
    ) -> impl Iterator<Item = (Node<'a>, &'a str)> + '_ {
        let index = self.index();
        let from = index
            .nodes
            .partition_point(|n| n.start_byte() < range.start);
        let to = from + index.nodes[from..].partition_point(|n| n.start_byte() < range.end);
        index.nodes[from..to]
            .iter()
            .copied()
            .zip(index.kinds[from..to].iter().copied())
    }

    /// Calls `visit` with every named descendant of `node` (not `node` itself) and its kind, in
    /// document order: [`super::util::visit_descendants`] with no subtree skipped, read from the
    /// per-file index instead of walking the tree again (the descendants are the nodes after
    /// `node` that start before its end).
    pub fn visit_all_descendants<'t>(
        &self,
        node: Node<'t>,
        mut visit: impl FnMut(Node<'t>, &'t str),
    ) where
        'a: 't,
    {
        let index = self.index();
        let Some(at) = index.position(node) else {
            // Not a named node of this file's tree: walk it instead.
            return super::util::visit_descendants(node, |_| true, |n| visit(n, n.kind()));
        };
        for (&n, &kind) in index.nodes[at + 1..].iter().zip(&index.kinds[at + 1..]) {
            if n.start_byte() >= node.end_byte() {
                break;
            }
            visit(n, kind);
        }
    }

    /// `node.parent()` from the per-file index: tree-sitter finds a parent by descending from
    /// the root, which made walks up the tree quadratic in its depth.
    pub fn parent(&self, node: Node<'a>) -> Option<Node<'a>> {
        let index = self.index();
        match index.position(node).map(|i| index.parents[i]) {
            Some(NO_PARENT) => None,
            Some(ANONYMOUS_PARENT) | None => node.parent(),
            Some(p) => Some(index.nodes[p as usize]),
        }
    }

    /// The ancestors of `node`, innermost first, through [`Self::parent`].
    pub fn ancestors(&self, node: Node<'a>) -> impl Iterator<Item = Node<'a>> + '_ {
        std::iter::successors(self.parent(node), move |&n| self.parent(n))
    }

    fn index(&self) -> &NodeIndex<'a> {
        self.nodes.get_or_init(|| match self.tree {
            Some(tree) => NodeIndex::new(tree.root_node()),
            None => NodeIndex::default(),
        })
    }

    /// The file's bindings, collected by `collect` on the first call.
    pub(crate) fn bindings_with(
        &self,
        collect: impl FnOnce(&Self) -> Vec<super::security::Binding<'a>>,
    ) -> &[super::security::Binding<'a>] {
        self.bindings.get_or_init(|| collect(self))
    }

    /// Test-support or build-output code that the path-based role misses (see
    /// [`super::util::is_support_code`]); cached for the file.
    pub fn is_support_code(&self) -> bool {
        *self
            .support_code
            .get_or_init(|| super::util::compute_support_code(self))
    }

    /// Named nodes of one kind, in document order (from a per-file index by kind).
    pub fn nodes_of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = Node<'a>> + 's {
        let index = self.index();
        let by_kind = self.by_kind.get_or_init(|| index.by_kind());
        by_kind
            .get(kind)
            .map(|v| v.as_slice())
            .unwrap_or(&[])
            .iter()
            .map(move |&i| index.nodes[i as usize])
    }

    pub fn text_of(&self, node: Node<'_>) -> &'a str {
        self.text.get(node.byte_range()).unwrap_or("")
    }

    /// Test code: a test file, or inside an in-file test item.
    pub fn is_test_offset(&self, offset: usize) -> bool {
        if self.role == Role::Test {
            return true;
        }
        let i = self.test_ranges.partition_point(|r| r.start <= offset);
        i > 0
            && self.test_ranges[..i]
                .iter()
                .rev()
                .any(|r| r.contains(&offset))
    }

    pub fn is_test_code(&self, node: Node<'_>) -> bool {
        self.is_test_offset(node.start_byte())
    }

    /// Production code: a production file, outside in-file test items.
    pub fn is_production_code(&self, node: Node<'_>) -> bool {
        self.role == Role::Production && !self.is_test_offset(node.start_byte())
    }

    /// A finding at a node.
    pub fn finding(&self, meta: &RuleMeta, node: Node<'_>, message: impl Into<String>) -> Finding {
        self.finding_at(meta, node.byte_range(), message)
    }

    /// A finding at a byte range of the file.
    pub fn finding_at(
        &self,
        meta: &RuleMeta,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Finding {
        let (line, column) = self.lines.position(range.start, self.text);
        let (end_line, _) = self
            .lines
            .position(range.end.saturating_sub(1).max(range.start), self.text);
        let line_text = &self.text[self.lines.line_range(line as usize - 1, self.text)];
        let construct = self.text.get(range).unwrap_or("");
        Finding {
            rule: meta.id.to_string(),
            category: meta.category,
            severity: meta.severity,
            path: Some(self.file.rel_path.clone()),
            line: Some(line),
            column: Some(column),
            end_line: Some(end_line),
            message: message.into(),
            snippet: Some(make_snippet(line_text)),
            effort_hours: meta.effort_hours,
            construct: normalise_construct(construct),
            fingerprint: String::new(),
            status: None,
        }
    }
}

/// The named nodes of a tree in document order, with their kinds.
#[derive(Default)]
struct NodeIndex<'a> {
    nodes: Vec<Node<'a>>,
    kinds: Vec<&'a str>,
    /// The grammar's numeric kind of each node: grouping by it needs no string hashing.
    kind_ids: Vec<u16>,
    /// The name of each numeric kind seen, by id.
    kind_names: Vec<Option<&'a str>>,
    /// Position in `nodes` of each node's parent, or [`NO_PARENT`] / [`ANONYMOUS_PARENT`].
    parents: Vec<u32>,
}

/// In [`NodeIndex::parents`]: the node is the root.
const NO_PARENT: u32 = u32::MAX;
/// In [`NodeIndex::parents`]: the parent is an anonymous node, which the index does not hold.
const ANONYMOUS_PARENT: u32 = u32::MAX - 1;

impl<'a> NodeIndex<'a> {
    /// One walk of the tree collects the named nodes, their kinds and their parents.
    fn new(root: Node<'a>) -> Self {
        let mut index = NodeIndex::default();
        super::util::walk_preorder(root, NO_PARENT, |node, parent| {
            if !node.is_named() {
                return ANONYMOUS_PARENT;
            }
            // `Node::kind` measures and checks a C string; read it once per numeric kind.
            let id = node.kind_id();
            let slot = usize::from(id);
            if index.kind_names.len() <= slot {
                index.kind_names.resize(slot + 1, None);
            }
            let kind = *index.kind_names[slot].get_or_insert_with(|| node.kind());
            index.nodes.push(node);
            index.kinds.push(kind);
            index.kind_ids.push(id);
            index.parents.push(parent);
            (index.nodes.len() - 1) as u32
        });
        index
    }

    /// Positions of the nodes of each kind name, in document order. Grouped by numeric kind
    /// first. `kind_id` is tree-sitter's public symbol, one per name among named nodes in the
    /// grammars we ship; should a grammar ever give two ids one name, their lists are merged.
    fn by_kind(&self) -> HashMap<&'a str, Vec<u32>> {
        let mut by_id: Vec<Vec<u32>> = vec![Vec::new(); self.kind_names.len()];
        for (i, &id) in self.kind_ids.iter().enumerate() {
            by_id[usize::from(id)].push(i as u32);
        }
        let mut map: HashMap<&'a str, Vec<u32>> = HashMap::new();
        for (positions, name) in by_id.into_iter().zip(&self.kind_names) {
            let Some(name) = name else { continue };
            if positions.is_empty() {
                continue;
            }
            match map.entry(name) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(positions);
                }
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    let merged = e.get_mut();
                    merged.extend(positions);
                    merged.sort_unstable();
                }
            }
        }
        map
    }

    /// Position of `node` in `nodes`: binary search on the start, then the few nodes that
    /// start at the same byte.
    fn position(&self, node: Node<'_>) -> Option<usize> {
        let from = self
            .nodes
            .partition_point(|n| n.start_byte() < node.start_byte());
        self.nodes[from..]
            .iter()
            .take_while(|n| n.start_byte() == node.start_byte())
            .position(|n| n.id() == node.id())
            .map(|at| from + at)
    }
}

/// What `rule` reports on `code` as a snippet file (see [`with_snippet_context`]): for rule
/// unit tests that look at messages.
#[cfg(test)]
pub fn snippet_findings(rule: &dyn super::Rule, language: Language, code: &str) -> Vec<Finding> {
    with_snippet_context(language, code, |ctx| {
        let mut out = Vec::new();
        rule.check_file(ctx, &mut out);
        out
    })
}

/// Runs `f` on `code` as a production file `example.<ext>` of an empty project, parsed when
/// `language` is code (`ctx.tree` is `None` if the parse fails): for rule examples and tests.
pub fn with_snippet_context<R>(
    language: Language,
    code: &str,
    f: impl FnOnce(&FileContext<'_>) -> R,
) -> R {
    let file = ProjectFile::from_text(
        format!("example.{}", language.id()),
        Some(language),
        Role::Production,
        code,
    );
    let project = Project::default();
    let tree = if language.is_code() {
        crate::parse::parse(language, code, std::time::Duration::from_secs(5)).ok()
    } else {
        None
    };
    let lines = LineIndex::new(code);
    let ctx = FileContext::new(&file, code, tree.as_ref(), &lines, &[], &project);
    f(&ctx)
}

/// Everything project rules see.
pub struct ProjectContext<'a> {
    pub project: &'a Project,
}

impl<'a> ProjectContext<'a> {
    pub fn files(&self) -> &'a [ProjectFile] {
        &self.project.files
    }

    pub fn file(&self, rel_path: &str) -> Option<&'a ProjectFile> {
        self.project.file(rel_path)
    }

    /// A project-wide finding with no location.
    pub fn finding(&self, meta: &RuleMeta, message: impl Into<String>) -> Finding {
        Finding {
            rule: meta.id.to_string(),
            category: meta.category,
            severity: meta.severity,
            path: None,
            line: None,
            column: None,
            end_line: None,
            message: message.into(),
            snippet: None,
            effort_hours: meta.effort_hours,
            construct: String::new(),
            fingerprint: String::new(),
            status: None,
        }
    }

    /// A finding about a file, at a 1-based line when there is one.
    pub fn finding_in(
        &self,
        meta: &RuleMeta,
        rel_path: &str,
        line: Option<u32>,
        message: impl Into<String>,
    ) -> Finding {
        let mut f = self.finding(meta, message);
        f.path = Some(rel_path.to_string());
        if let Some(line) = line {
            f.line = Some(line);
            f.column = Some(1);
            f.end_line = Some(line);
            if let Some(text) = self.file(rel_path).and_then(|f| f.text())
                && let Some(l) = text.lines().nth(line as usize - 1)
            {
                f.snippet = Some(make_snippet(l));
                f.construct = normalise_construct(l);
            }
        }
        if f.construct.is_empty() {
            f.construct = rel_path.to_string();
        }
        f
    }
}

/// The flagged line, trimmed, shortened and with secrets redacted.
pub fn make_snippet(line: &str) -> String {
    let trimmed = line.trim();
    let short: String = if trimmed.chars().count() > SNIPPET_MAX_CHARS {
        let mut s: String = trimmed.chars().take(SNIPPET_MAX_CHARS).collect();
        s.push('…');
        s
    } else {
        trimmed.to_string()
    };
    redact_secrets(&short).into_owned()
}

/// Text of a construct without any whitespace, so fingerprints survive reformatting (a call
/// split over lines is the same call).
pub fn normalise_construct(text: &str) -> String {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(SNIPPET_MAX_CHARS)
        .collect();
    redact_secrets(&compact).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCES: &[(Language, &str)] = &[
        (
            Language::Rust,
            "fn f(v: &mut Vec<i32>) -> i32 {\n    let x = v.iter().map(|a| a + 1).sum();\n    #[cfg(test)]\n    mod t { #[test] fn g() { assert!(true); } }\n    x\n}\nstruct S { a: u8 }\n",
        ),
        (
            Language::Python,
            "class C:\n    def m(self, x):\n        return [y for y in x if y]\n\ndef test_a():\n    assert C().m([1])\n",
        ),
        (
            Language::JavaScript,
            "const a = (x) => { if (x) { return `t${x}` } };\nfunction b() { try { a(1) } catch (e) {} }\n",
        ),
        (
            Language::Go,
            "package main\n\nfunc main() {\n\tx, _ := f()\n\tfor i := range x { _ = i }\n}\n",
        ),
    ];

    fn with_context(language: Language, text: &str, check: impl FnOnce(&FileContext<'_>)) {
        with_snippet_context(language, text, |ctx| {
            assert!(ctx.tree.is_some(), "{language:?} parses");
            check(ctx);
        });
    }

    #[test]
    fn the_kind_index_agrees_with_a_scan_of_every_node() {
        for &(language, text) in SOURCES {
            with_context(language, text, |ctx| {
                assert!(ctx.nodes().len() > 10, "{language:?}: a real tree");
                for (node, kind) in ctx.nodes_with_kinds() {
                    assert_eq!(node.kind(), kind);
                    let scanned: Vec<usize> = ctx
                        .nodes()
                        .iter()
                        .filter(|n| n.kind() == kind)
                        .map(|n| n.id())
                        .collect();
                    let indexed: Vec<usize> = ctx.nodes_of_kind(kind).map(|n| n.id()).collect();
                    assert_eq!(scanned, indexed, "{language:?} {kind}");
                }
                assert_eq!(ctx.nodes_of_kind("no_such_kind").count(), 0);
            });
        }
    }

    #[test]
    fn indexed_descendants_are_the_walked_descendants() {
        for &(language, text) in SOURCES {
            with_context(language, text, |ctx| {
                for &node in ctx.nodes() {
                    let mut walked = Vec::new();
                    crate::rules::util::visit_descendants(node, |_| true, |n| walked.push(n.id()));
                    let mut indexed = Vec::new();
                    ctx.visit_all_descendants(node, |n, kind| {
                        assert_eq!(n.kind(), kind);
                        indexed.push(n.id());
                    });
                    assert_eq!(walked, indexed, "{language:?} {}", node.kind());
                }
                // An anonymous node is not in the index: its (named) descendants are walked.
                let root = ctx.nodes()[0];
                let mut cursor = root.walk();
                let anonymous: Vec<Node<'_>> = root
                    .children(&mut cursor)
                    .filter(|n| !n.is_named())
                    .collect();
                for node in anonymous {
                    let mut indexed = 0;
                    ctx.visit_all_descendants(node, |_, _| indexed += 1);
                    let mut walked = 0;
                    crate::rules::util::visit_descendants(node, |_| true, |_| walked += 1);
                    assert_eq!(walked, indexed);
                }
            });
        }
    }

    #[test]
    fn indexed_parents_are_tree_sitter_parents() {
        for &(language, text) in SOURCES {
            with_context(language, text, |ctx| {
                for &node in ctx.nodes() {
                    assert_eq!(
                        ctx.parent(node).map(|p| p.id()),
                        node.parent().map(|p| p.id()),
                        "{language:?} {}",
                        node.kind()
                    );
                    let walked: Vec<usize> = std::iter::successors(node.parent(), |n| n.parent())
                        .map(|n| n.id())
                        .collect();
                    let indexed: Vec<usize> = ctx.ancestors(node).map(|n| n.id()).collect();
                    assert_eq!(walked, indexed);
                }
            });
        }
    }

    #[test]
    fn nodes_starting_in_a_range_are_found_by_binary_search() {
        for &(language, text) in SOURCES {
            with_context(language, text, |ctx| {
                for (lo, hi) in [
                    (0, text.len()),
                    (5, 40),
                    (text.len() / 2, text.len()),
                    (7, 7),
                ] {
                    let expected: Vec<usize> = ctx
                        .nodes()
                        .iter()
                        .filter(|n| n.start_byte() >= lo && n.start_byte() < hi)
                        .map(|n| n.id())
                        .collect();
                    let found: Vec<usize> =
                        ctx.nodes_starting_in(lo..hi).map(|(n, _)| n.id()).collect();
                    assert_eq!(expected, found, "{language:?} {lo}..{hi}");
                }
            });
        }
    }
}
