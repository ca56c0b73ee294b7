super::category_rules! {
    no_config_example::NoConfigExample,
}
