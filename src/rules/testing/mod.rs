mod assertion_scan;

super::category_rules! {
    test_without_assertion::TestWithoutAssertion,
}
