super::category_rules! {
    unwrap_outside_tests::UnwrapOutsideTests,
}
