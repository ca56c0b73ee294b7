super::category_rules! {
    unwrap_outside_tests::UnwrapOutsideTests,
    expect_outside_tests::ExpectOutsideTests,
    request_without_context::RequestWithoutContext,
    discarded_error::DiscardedError,
}
