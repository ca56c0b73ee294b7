super::category_rules! {
    suppression_without_reason::SuppressionWithoutReason,
    unused_suppression::UnusedSuppression,
}

pub use suppression_without_reason::SuppressionWithoutReason;
pub use unused_suppression::UnusedSuppression;
