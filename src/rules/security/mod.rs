super::category_rules! {
    committed_env_file::CommittedEnvFile,
    ci_without_dependency_audit::CiWithoutDependencyAudit,
    unpinned_ci_actions::UnpinnedCiActions,
    no_security_policy::NoSecurityPolicy,
}
