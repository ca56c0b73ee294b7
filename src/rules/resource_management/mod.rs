super::category_rules! {
    unbounded_channel::UnboundedChannel,
    response_body_not_closed::ResponseBodyNotClosed,
    server_without_timeouts::ServerWithoutTimeouts,
    db_pool_without_limits::DbPoolWithoutLimits,
    unbounded_collection::UnboundedCollection,
}
