mod support;

super::category_rules! {
    hardcoded_secret::HardcodedSecret,
}
