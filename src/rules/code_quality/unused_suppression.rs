use crate::declare_rule;
use crate::findings::{Category, Severity};
use crate::rules::{Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// An inline `readiness-ignore: RULE -- reason` comment that suppresses nothing: the rule
    /// ran and found nothing on that line or the next, or the rule id is unknown. Evaluated by the
    /// engine while it applies suppressions; a suppression naming a rule that did not run in this
    /// audit (`--only`) is not judged.
    ///
    /// ## Why it matters
    /// Stale suppressions hide the next real finding on that line, and a misspelled rule id
    /// suppresses nothing while looking as if it did.
    ///
    /// ## How to fix
    /// Delete the comment, or correct the rule id.
    ///
    /// ## Example
    /// ```rust
    /// // readiness-ignore: unwrap-outside-test -- typo: suppresses nothing
    /// let v = parse().unwrap();
    /// ```
    /// Use instead:
    /// ```rust
    /// // readiness-ignore: unwrap-outside-tests -- input validated above
    /// let v = parse().unwrap();
    /// ```
    ///
    /// ## Does not flag
    /// Suppressions that matched a finding; suppressions without a reason (those are
    /// `suppression-without-reason`); suppressions of rules left out with `--only`.
    pub struct UnusedSuppression {
        id: "unused-suppression",
        category: Category::CodeQuality,
        severity: Severity::Low,
        effort_hours: 0.1,
        summary: "an inline suppression matches no finding",
        since: "2026.3",
        literals: &["readiness-ignore"],
    }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
