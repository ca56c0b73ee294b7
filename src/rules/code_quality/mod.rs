mod comment_scan;

super::category_rules! {
    suppression_expired::SuppressionExpired,
    suppression_without_reason::SuppressionWithoutReason,
    unused_suppression::UnusedSuppression,
    lint_suppression::LintSuppression,
    todo_comment::TodoComment,
    placeholder_implementation::PlaceholderImplementation,
    stub_implementation::StubImplementation,
}

pub use suppression_expired::SuppressionExpired;
pub use suppression_without_reason::SuppressionWithoutReason;
pub use unused_suppression::UnusedSuppression;
