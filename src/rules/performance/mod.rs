mod loops;

super::category_rules! {
    regex_compiled_in_loop::RegexCompiledInLoop,
    hand_rolled_sort::HandRolledSort,
}
