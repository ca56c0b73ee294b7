super::category_rules! {
    no_security_policy::NoSecurityPolicy,
}
