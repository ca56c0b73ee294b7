//! rules: one file per rule, grouped in one folder per category.
//!
//! # Adding a rule
//! 1. Write `src/rules/<category>/<rule_id>.rs` with [`declare_rule!`] (metadata and the doc
//!    comment with the headings in [`REQUIRED_DOC_HEADINGS`]) and an `impl Rule`.
//! 2. Add one line to the `category_rules!` list in that folder's `mod.rs`.
//! 3. Add fixtures under `tests/fixtures/rules/<rule-id>/` (see `tests/rule_fixtures.rs`): a case
//!    that must be flagged and a `traps` case that must not be.
//!
//! Rules never panic on purpose and never fail the run: they push findings. The engine still
//! catches a panic per rule and file, reports it in `skipped`, and keeps everything else.

pub mod catalogue;
pub mod context;
pub mod custom;
pub mod util;

pub(crate) mod project_helpers;

mod ci_cd;
pub mod code_quality;
mod concurrency;
mod configuration;
mod data;
mod deployment;
mod documentation;
mod error_handling;
mod observability;
mod performance;
mod resource_management;
mod security;
mod testing;

pub use context::{FileContext, ProjectContext};

use crate::classify::Language;
use crate::findings::{Category, Finding, Severity};
use crate::model::Kind;

/// The headings every rule's documentation must have, in this order.
pub const REQUIRED_DOC_HEADINGS: [&str; 5] = [
    "## What it finds",
    "## Why it matters",
    "## How to fix",
    "## Example",
    "## Does not flag",
];

/// Whether a rule looks at files one by one or at the project as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    File,
    Project,
}

/// Static description of a rule: everything the catalogue, the scorer and the reports need.
#[derive(Debug)]
pub struct RuleMeta {
    /// Public, stable id (`unwrap-outside-tests`).
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// Typical effort to fix one occurrence, in hours.
    pub effort_hours: f64,
    /// Languages whose files the rule reads; empty means every language.
    pub languages: &'static [Language],
    /// Project kinds the rule applies to; empty means every kind.
    pub kinds: &'static [Kind],
    pub summary: &'static str,
    /// Markdown documentation, taken from the rule's doc comment.
    pub docs: &'static str,
    /// The rule can only match files containing at least one of these literals (ASCII,
    /// case-sensitive). Empty: the rule must see every file of its languages.
    pub literals: &'static [&'static str],
    pub scope: Scope,
    /// Rule-set version that introduced the rule (`YYYY.N`).
    pub since: &'static str,
    /// Options the rule takes in `readiness.toml` (`[rules.<id>]`): name and description.
    pub options: &'static [(&'static str, &'static str)],
    /// The rule reports in support code too: test harnesses and helpers outside the test
    /// folders, Go files left out of builds, Rust modules declared under `#[cfg(test)]`, bundled
    /// JS output ([`FileContext::is_support_code`]). False for rules about production
    /// code: the engine drops their findings in such files.
    pub reads_support_code: bool,
}

impl RuleMeta {
    /// Defaults for the fields most rules leave alone.
    pub const DEFAULT: RuleMeta = RuleMeta {
        id: "",
        category: Category::CodeQuality,
        severity: Severity::Medium,
        effort_hours: 0.5,
        languages: &[],
        kinds: &[],
        summary: "",
        docs: "",
        literals: &[],
        scope: Scope::File,
        since: "2026.1",
        options: &[],
        reads_support_code: false,
    };

    pub fn applies_to_language(&self, language: Language) -> bool {
        self.languages.is_empty() || self.languages.contains(&language)
    }

    /// The documentation with rustdoc's leading space removed from each line.
    pub fn docs_markdown(&self) -> String {
        let mut out = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }
}

pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// A cheap whole-text check run after the literal prefilter and before parsing: `false`
    /// means the rule cannot match this file, so it need not be parsed for this rule. For rules
    /// whose literals are too common to filter well (comment phrases).
    fn may_match(&self, _text: &str) -> bool {
        true
    }

    /// Called for every file of the rule's languages that passed the literal prefilter.
    fn check_file(&self, _ctx: &FileContext<'_>, _out: &mut Vec<Finding>) {}

    /// Called once per audit for project-scoped rules.
    fn check_project(&self, _ctx: &ProjectContext<'_>, _out: &mut Vec<Finding>) {}
}

/// Declares a rule type and its metadata; the doc comment becomes `META.docs`.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it finds
///     /// ...
///     pub struct UnwrapOutsideTests {
///         id: "unwrap-outside-tests",
///         category: Category::ErrorHandling,
///         severity: Severity::Medium,
///         summary: "`.unwrap()` in production code",
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident { $($field:ident : $value:expr),* $(,)? }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                docs: concat!($($doc, "\n"),*),
                $($field: $value,)*
                ..$crate::rules::RuleMeta::DEFAULT
            };
        }
    };
}

/// Declares a category's rule modules and lists them, one line per rule.
macro_rules! category_rules {
    ($($module:ident :: $rule:ident),* $(,)?) => {
        $(mod $module;)*

        pub(super) fn rules() -> Vec<&'static dyn $crate::rules::Rule> {
            vec![$(&$module::$rule),*]
        }
    };
}
pub(crate) use category_rules;

/// Every built-in rule, in a stable order (category, then registration order).
pub fn builtin_rules() -> Vec<&'static dyn Rule> {
    let mut all = Vec::new();
    all.extend(error_handling::rules());
    all.extend(security::rules());
    all.extend(configuration::rules());
    all.extend(concurrency::rules());
    all.extend(resource_management::rules());
    all.extend(performance::rules());
    all.extend(observability::rules());
    all.extend(testing::rules());
    all.extend(ci_cd::rules());
    all.extend(deployment::rules());
    all.extend(documentation::rules());
    all.extend(data::rules());
    all.extend(code_quality::rules());
    all
}

/// The registry, built once: lookups by id happen per finding in some reports.
static REGISTRY: std::sync::LazyLock<Vec<&'static dyn Rule>> =
    std::sync::LazyLock::new(builtin_rules);

/// Looks a rule up by id.
pub fn find_rule(id: &str) -> Option<&'static dyn Rule> {
    REGISTRY.iter().copied().find(|r| r.meta().id == id)
}
