super::category_rules! {
    no_benchmarks::NoBenchmarks,
    query_in_loop::QueryInLoop,
}
