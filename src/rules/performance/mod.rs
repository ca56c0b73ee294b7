super::category_rules! {
    query_in_loop::QueryInLoop,
}
