mod loops;

super::category_rules! {
    no_benchmarks::NoBenchmarks,
    query_in_loop::QueryInLoop,
    regex_compiled_in_loop::RegexCompiledInLoop,
    hand_rolled_sort::HandRolledSort,
}
