super::category_rules! {
    server_without_timeouts::ServerWithoutTimeouts,
    db_pool_without_limits::DbPoolWithoutLimits,
    unbounded_collection::UnboundedCollection,
}
