//! parse: one tree-sitter parse per source file, with a time budget, plus the facts every rule
//! needs about positions (line index) and in-file test code (Rust `#[cfg(test)]`, `#[test]`).

mod field;
mod test_ranges;

pub use field::FieldExt;
pub use test_ranges::find_test_ranges;

use crate::classify::Language;
use std::cell::RefCell;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};
use tree_sitter::{Parser, Tree};

#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("parse time budget of {0:?} exceeded")]
    Timeout(Duration),
    #[error("no tree-sitter grammar for {0}")]
    NoGrammar(&'static str),
    #[error("grammar failed to load: {0}")]
    Grammar(String),
}

/// The tree-sitter grammar of a code language.
pub fn grammar(language: Language) -> Option<tree_sitter::Language> {
    Some(match language {
        Language::Rust => tree_sitter_rust::LANGUAGE.into(),
        Language::Go => tree_sitter_go::LANGUAGE.into(),
        Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        Language::Python => tree_sitter_python::LANGUAGE.into(),
        _ => return None,
    })
}

thread_local! {
    /// One parser per thread and language: creating parsers per file is measurable overhead.
    static PARSERS: RefCell<Vec<(Language, Parser)>> = const { RefCell::new(Vec::new()) };
}

/// Parses `text` as `language`, giving up after `budget` (deeply nested or pathological input).
pub fn parse(language: Language, text: &str, budget: Duration) -> Result<Tree, ParseError> {
    let grammar = grammar(language).ok_or(ParseError::NoGrammar(language.id()))?;
    PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        let index = match parsers.iter().position(|(l, _)| *l == language) {
            Some(i) => i,
            None => {
                let mut parser = Parser::new();
                parser
                    .set_language(&grammar)
                    .map_err(|e| ParseError::Grammar(e.to_string()))?;
                parsers.push((language, parser));
                parsers.len() - 1
            }
        };
        let parser = &mut parsers[index].1;
        let start = Instant::now();
        let mut timed_out = false;
        let mut progress = |_: &tree_sitter::ParseState| {
            if start.elapsed() > budget {
                timed_out = true;
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let bytes = text.as_bytes();
        let mut input = |offset: usize, _: tree_sitter::Point| -> &[u8] {
            if offset < bytes.len() {
                &bytes[offset..]
            } else {
                &[]
            }
        };
        let options = tree_sitter::ParseOptions::new().progress_callback(&mut progress);
        let tree = parser.parse_with_options(&mut input, None, Some(options));
        match tree {
            Some(tree) => Ok(tree),
            None => {
                // A cancelled parse leaves state behind; the next parse must start clean.
                parser.reset();
                Err(ParseError::Timeout(budget))
            }
        }
    })
}

/// Byte offset ↔ line/column conversion for one file.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()));
        LineIndex { starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte range of a 0-based line, without its line break.
    pub fn line_range(&self, line: usize, text: &str) -> std::ops::Range<usize> {
        let start = self.starts.get(line).copied().unwrap_or(text.len());
        let end = self
            .starts
            .get(line + 1)
            .map(|s| s.saturating_sub(1))
            .unwrap_or(text.len())
            .max(start);
        let end = if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        start..end.min(text.len())
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    pub fn position(&self, offset: usize, text: &str) -> (u32, u32) {
        let line = self.line_of(offset);
        let start = self.starts[line];
        let offset = offset.min(text.len()).max(start);
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line as u32 + 1, column as u32 + 1)
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_characters() {
        let text = "ab\nçd x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(0, text), (1, 1));
        assert_eq!(idx.position(3, text), (2, 1));
        // `x` sits after a two-byte character: column counts characters, not bytes.
        assert_eq!(idx.position(text.find('x').unwrap_or(0), text), (2, 4));
        assert_eq!(&text[idx.line_range(1, text)], "çd x");
    }

    #[test]
    fn every_grammar_loads_with_this_tree_sitter() {
        for lang in [
            Language::Rust,
            Language::Go,
            Language::TypeScript,
            Language::Tsx,
            Language::JavaScript,
            Language::Python,
        ] {
            let tree = parse(lang, "x", Duration::from_secs(5));
            assert!(tree.is_ok(), "{lang:?}: {:?}", tree.err());
        }
    }

    #[test]
    fn deep_nesting_is_parsed_or_times_out_without_crashing() {
        let text = format!(
            "fn f() {{ let x = {}1{}; }}",
            "(".repeat(50_000),
            ")".repeat(50_000)
        );
        // Either outcome is fine; what matters is no stack overflow and a bounded time.
        let _ = parse(Language::Rust, &text, Duration::from_millis(500));
        let ok = parse(Language::Rust, "fn main() {}", Duration::from_secs(5));
        assert!(ok.is_ok(), "parser must be usable after a cancelled parse");
    }
}
