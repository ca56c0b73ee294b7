super::category_rules! {
    unwrap_outside_tests::UnwrapOutsideTests,
    no_graceful_shutdown::NoGracefulShutdown,
}
