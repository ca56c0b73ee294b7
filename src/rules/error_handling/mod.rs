mod best_effort;
mod rust_panics;

super::category_rules! {
    unwrap_outside_tests::UnwrapOutsideTests,
    expect_outside_tests::ExpectOutsideTests,
    request_without_context::RequestWithoutContext,
    discarded_error::DiscardedError,
    no_graceful_shutdown::NoGracefulShutdown,
    empty_catch::EmptyCatch,
    bare_except::BareExcept,
    http_client_without_timeout::HttpClientWithoutTimeout,
}
