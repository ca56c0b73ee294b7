super::category_rules! {
    debug_print::DebugPrint,
}
