use crate::declare_rule;
use crate::findings::{Category, Severity};
use crate::rules::{Rule, RuleMeta, Scope};

declare_rule! {
    /// ## What it finds
    /// A `[[suppress]]` entry in `readiness.toml` whose `expires` date has passed. It no longer
    /// suppresses anything: its findings count again. Evaluated while the configuration is
    /// applied.
    ///
    /// ## Why it matters
    /// Accepted risks are accepted for a time ("until the Q3 rewrite"). When the date passes, the
    /// decision needs to be made again, not silently extended.
    ///
    /// ## How to fix
    /// Fix the findings and delete the entry, or renew it with a new date and an updated reason.
    ///
    /// ## Example
    /// ```toml
    /// [[suppress]]
    /// rule = "unwrap-outside-tests"
    /// paths = ["src/legacy/**"]
    /// reason = "legacy module, rewrite planned"
    /// expires = 2025-06-30
    /// ```
    /// Use instead: a date in the future, or no entry once the findings are fixed.
    ///
    /// ## Does not flag
    /// Entries without `expires`, or whose date is today or later.
    pub struct SuppressionExpired {
        id: "suppression-expired",
        category: Category::CodeQuality,
        severity: Severity::Low,
        effort_hours: 0.25,
        summary: "a configured suppression has expired",
        since: "2026.3",
        scope: Scope::Project,
    }
}

impl Rule for SuppressionExpired {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
