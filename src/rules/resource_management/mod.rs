super::category_rules! {
    unbounded_channel::UnboundedChannel,
}
