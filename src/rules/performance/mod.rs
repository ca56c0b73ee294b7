super::category_rules! {
    no_benchmarks::NoBenchmarks,
}
