super::category_rules! {
    blocking_call_in_async::BlockingCallInAsync,
    return_while_locked::ReturnWhileLocked,
}
