super::category_rules! {
    blocking_call_in_async::BlockingCallInAsync,
}
