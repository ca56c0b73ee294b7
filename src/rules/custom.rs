//! Custom rules from `readiness.toml` (`[[custom_rule]]`): a regular expression (linear time,
//! size-limited) or a tree-sitter query, with the same reporting as built-in rules.
//!
//! Regex rules on source code never match inside comments or string literals, like built-in
//! rules; on config files they match the text. Query rules report the capture named `@match`,
//! or the whole match.

use super::{FileContext, Rule, RuleMeta, Scope};
use crate::classify::{Language, Role};
use crate::config::CustomRuleConfig;
use crate::findings::{Category, Finding, Severity};
use crate::rules::util::{is_comment_kind, is_string_kind};
use regex::{Regex, RegexBuilder};
use std::collections::HashMap;
use tree_sitter::{Query, QueryCursor, StreamingIterator};

/// Compiled-size limits: a pattern that would need more is rejected with a clear error.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

pub fn compile_regex(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => {
                format!("pattern too large (compiled size over {limit} bytes); simplify it")
            }
            other => other.to_string(),
        })
}

pub fn compile_query(language: Language, source: &str) -> Result<Query, String> {
    let grammar = crate::parse::grammar(language)
        .ok_or_else(|| format!("{} is not a code language", language.id()))?;
    Query::new(&grammar, source).map_err(|e| {
        format!(
            "{} at row {}, column {}",
            e.message.trim(),
            e.row + 1,
            e.column + 1
        )
    })
}

enum Matcher {
    Regex(Regex),
    Query(HashMap<Language, Query>),
}

pub struct CustomRule {
    meta: &'static RuleMeta,
    message: String,
    matcher: Matcher,
    paths: Option<globset::GlobSet>,
    not_paths: Option<globset::GlobSet>,
    include_tests: bool,
}

fn globset(globs: &[toml::Spanned<String>]) -> Result<Option<globset::GlobSet>, String> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut b = globset::GlobSetBuilder::new();
    for g in globs {
        b.add(globset::Glob::new(g.get_ref()).map_err(|e| e.to_string())?);
    }
    b.build().map(Some).map_err(|e| e.to_string())
}

/// Builds the custom rules of a validated configuration. Metadata is leaked on purpose: rules
/// live for the whole process, like the built-in ones.
pub fn build(configs: &[CustomRuleConfig]) -> Result<Vec<&'static dyn Rule>, String> {
    let mut out: Vec<&'static dyn Rule> = Vec::new();
    for c in configs {
        let rule = build_one(c)?;
        out.push(Box::leak(Box::new(rule)));
    }
    Ok(out)
}

pub fn build_one(c: &CustomRuleConfig) -> Result<CustomRule, String> {
    let languages: Vec<Language> = c
        .languages
        .iter()
        .filter_map(|l| Language::from_id(l.get_ref()))
        .collect();
    let matcher = match (&c.regex, &c.query) {
        (Some(re), _) => Matcher::Regex(compile_regex(re.get_ref())?),
        (None, Some(q)) => {
            let mut queries = HashMap::new();
            for &l in &languages {
                queries.insert(l, compile_query(l, q.get_ref())?);
            }
            Matcher::Query(queries)
        }
        (None, None) => return Err(format!("custom rule `{}` has no matcher", c.id.get_ref())),
    };
    let id: &'static str = Box::leak(c.id.get_ref().clone().into_boxed_str());
    let summary: &'static str = Box::leak(
        c.summary
            .clone()
            .unwrap_or_else(|| c.message.clone())
            .into_boxed_str(),
    );
    let docs: &'static str = Box::leak(
        format!(
            " ## What it finds\n Custom rule from readiness.toml: {}\n\n ## Why it matters\n Defined by this project's team.\n\n ## How to fix\n See the project's own guidelines.\n\n ## Example\n See the rule's examples in readiness.toml.\n\n ## Does not flag\n Comments and string literals (regex rules on code), paths outside `paths` or in `not_paths`.\n",
            c.message
        )
        .into_boxed_str(),
    );
    let meta: &'static RuleMeta = Box::leak(Box::new(RuleMeta {
        id,
        category: Category::from_id(c.category.get_ref()).unwrap_or(Category::CodeQuality),
        severity: Severity::from_id(c.severity.get_ref()).unwrap_or(Severity::Medium),
        effort_hours: c.effort_hours.unwrap_or(0.5),
        languages: Box::leak(languages.into_boxed_slice()),
        summary,
        docs,
        scope: Scope::File,
        reads_support_code: c.include_tests,
        ..RuleMeta::DEFAULT
    }));
    Ok(CustomRule {
        meta,
        message: c.message.clone(),
        matcher,
        paths: globset(&c.paths)?,
        not_paths: globset(&c.not_paths)?,
        include_tests: c.include_tests,
    })
}

impl CustomRule {
    fn wanted(&self, ctx: &FileContext<'_>) -> bool {
        let path = ctx.rel_path();
        let role_ok = match ctx.role {
            Role::Production | Role::Config => true,
            Role::Test => self.include_tests,
            _ => false,
        };
        role_ok
            && self.paths.as_ref().is_none_or(|g| g.is_match(path))
            && !self.not_paths.as_ref().is_some_and(|g| g.is_match(path))
    }
}

impl Rule for CustomRule {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        if !self.wanted(ctx) {
            return;
        }
        match &self.matcher {
            Matcher::Regex(re) => {
                for m in re.find_iter(ctx.text) {
                    if let Some(tree) = ctx.tree {
                        // Only code counts: skip matches that start in a comment or a string.
                        let node = tree
                            .root_node()
                            .descendant_for_byte_range(m.start(), m.start());
                        let in_literal = node.is_some_and(|n| {
                            let mut cur = Some(n);
                            while let Some(x) = cur {
                                if is_comment_kind(x.kind()) || is_string_kind(x.kind()) {
                                    return true;
                                }
                                cur = x.parent();
                            }
                            false
                        });
                        if in_literal || (!self.include_tests && ctx.is_test_offset(m.start())) {
                            continue;
                        }
                    }
                    out.push(ctx.finding_at(
                        self.meta,
                        m.start()..m.end().max(m.start() + 1),
                        self.message.clone(),
                    ));
                }
            }
            Matcher::Query(queries) => {
                let (Some(tree), Some(query)) = (ctx.tree, queries.get(&ctx.language)) else {
                    return;
                };
                let target = query.capture_index_for_name("match");
                let mut cursor = QueryCursor::new();
                let mut matches = cursor.matches(query, tree.root_node(), ctx.text.as_bytes());
                while let Some(m) = matches.next() {
                    let node = m
                        .captures()
                        .iter()
                        .find(|c| Some(c.index) == target)
                        .or_else(|| m.captures().first())
                        .map(|c| c.node);
                    let Some(node) = node else { continue };
                    if !self.include_tests && ctx.is_test_code(node) {
                        continue;
                    }
                    out.push(ctx.finding(self.meta, node, self.message.clone()));
                }
            }
        }
    }
}

/// Runs a custom rule's `[[custom_rule.examples]]`: each must be flagged or not, as it says.
/// Returns one message per failing example.
pub fn check_examples(c: &CustomRuleConfig) -> Vec<String> {
    let rule = match build_one(c) {
        Ok(r) => r,
        Err(e) => return vec![e],
    };
    let mut failures = Vec::new();
    for (i, ex) in c.examples.iter().enumerate() {
        let language = ex
            .language
            .as_deref()
            .and_then(Language::from_id)
            .or_else(|| rule.meta.languages.first().copied());
        let Some(language) = language else {
            failures.push(format!(
                "example {}: give `language` (the rule names none)",
                i + 1
            ));
            continue;
        };
        let findings = run_on_snippet(&rule, language, &ex.code);
        if findings.is_empty() == ex.flags {
            failures.push(format!(
                "example {} should {}be flagged but was {}:\n    {}",
                i + 1,
                if ex.flags { "" } else { "not " },
                if ex.flags { "not" } else { "flagged" },
                ex.code.trim().replace('\n', "\n    ")
            ));
        }
    }
    failures
}

fn run_on_snippet(rule: &CustomRule, language: Language, code: &str) -> Vec<Finding> {
    super::context::with_snippet_context(language, code, |ctx| {
        // The path filters are about the repository, not about examples.
        let unfiltered = CustomRule {
            meta: rule.meta,
            message: rule.message.clone(),
            matcher: match &rule.matcher {
                Matcher::Regex(r) => Matcher::Regex(r.clone()),
                Matcher::Query(_) => return query_on_snippet(rule, ctx),
            },
            paths: None,
            not_paths: None,
            include_tests: true,
        };
        let mut out = Vec::new();
        unfiltered.check_file(ctx, &mut out);
        out
    })
}

fn query_on_snippet(rule: &CustomRule, ctx: &FileContext<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let Matcher::Query(queries) = &rule.matcher else {
        return out;
    };
    let (Some(tree), Some(query)) = (ctx.tree, queries.get(&ctx.language)) else {
        return out;
    };
    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(query, tree.root_node(), ctx.text.as_bytes());
    while let Some(m) = matches.next() {
        if let Some(c) = m.captures().first() {
            out.push(ctx.finding(rule.meta, c.node, rule.message.clone()));
        }
    }
    out
}
