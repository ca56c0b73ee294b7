//! What a rule sees: one parsed file ([`FileContext`]) or the whole project ([`ProjectContext`]).

use super::RuleMeta;
use crate::classify::{Language, Role};
use crate::findings::{Finding, redact_secrets};
use crate::model::{Project, ProjectFile};
use crate::parse::LineIndex;
use std::cell::OnceCell;
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
    nodes: OnceCell<Vec<Node<'a>>>,
    /// [`super::util::is_support_code`], computed once per file: several rules ask, and the Rust
    /// case parses the parent module.
    support_code: OnceCell<bool>,
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
            support_code: OnceCell::new(),
        }
    }

    pub fn rel_path(&self) -> &'a str {
        &self.file.rel_path
    }

    /// Every named node in document order, computed once per file and shared by all rules.
    pub fn nodes(&self) -> &[Node<'a>] {
        self.nodes.get_or_init(|| match self.tree {
            Some(tree) => super::util::named_descendants(tree.root_node()),
            None => Vec::new(),
        })
    }

    /// Test-support or build-output code that the path-based role misses (see
    /// [`super::util::is_support_code`]); cached for the file.
    pub fn is_support_code(&self) -> bool {
        *self
            .support_code
            .get_or_init(|| super::util::compute_support_code(self))
    }

    /// Named nodes of one kind, in document order.
    pub fn nodes_of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = Node<'a>> + 's {
        self.nodes()
            .iter()
            .copied()
            .filter(move |n| n.kind() == kind)
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
