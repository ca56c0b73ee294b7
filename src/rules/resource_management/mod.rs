super::category_rules! {
    unbounded_channel::UnboundedChannel,
    response_body_not_closed::ResponseBodyNotClosed,
}
