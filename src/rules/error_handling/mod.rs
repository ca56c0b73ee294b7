super::category_rules! {
    unwrap_outside_tests::UnwrapOutsideTests,
    empty_catch::EmptyCatch,
    bare_except::BareExcept,
    http_client_without_timeout::HttpClientWithoutTimeout,
}
