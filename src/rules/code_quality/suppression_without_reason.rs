use crate::declare_rule;
use crate::findings::{Category, Severity};
use crate::rules::{Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// An inline `readiness-ignore: RULE` comment with no reason after `--`. Such a comment does
    /// not suppress anything. Evaluated by the engine while it applies suppressions.
    ///
    /// ## Why it matters
    /// A suppression is a decision to accept a risk. Without a reason, the next reviewer cannot
    /// tell a considered exception from a silenced alarm, and cannot tell when it stops holding.
    ///
    /// ## How to fix
    /// Say why the finding is acceptable, after `--`.
    ///
    /// ## Example
    /// ```rust
    /// // readiness-ignore: unwrap-outside-tests
    /// let v = parse().unwrap();
    /// ```
    /// Use instead:
    /// ```rust
    /// // readiness-ignore: unwrap-outside-tests -- input validated by the schema above
    /// let v = parse().unwrap();
    /// ```
    ///
    /// ## Does not flag
    /// Suppressions with a reason; the marker text inside string literals (only comments count).
    pub struct SuppressionWithoutReason {
        id: "suppression-without-reason",
        category: Category::CodeQuality,
        severity: Severity::Low,
        effort_hours: 0.1,
        summary: "an inline suppression gives no reason",
        since: "2026.3",
        literals: &["readiness-ignore"],
    }
}

impl Rule for SuppressionWithoutReason {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
