super::category_rules! {
    k8s_privileged::K8sPrivileged,
}
