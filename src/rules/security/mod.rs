super::category_rules! {
    k8s_privileged::K8sPrivileged,
    no_rate_limiting::NoRateLimiting,
    log_leaks_secret::LogLeaksSecret,
}
