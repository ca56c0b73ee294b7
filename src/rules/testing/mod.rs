mod assertion_scan;

super::category_rules! {
    no_tests::NoTests,
    no_integration_tests::NoIntegrationTests,
    no_fuzzing::NoFuzzing,
    ignored_test::IgnoredTest,
    test_without_assertion::TestWithoutAssertion,
}
