super::category_rules! {
    lint_suppression::LintSuppression,
}
