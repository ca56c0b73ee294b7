mod named_functions;
mod string_flow;

super::category_rules! {
    committed_env_file::CommittedEnvFile,
    ci_without_dependency_audit::CiWithoutDependencyAudit,
    unpinned_ci_actions::UnpinnedCiActions,
    no_security_policy::NoSecurityPolicy,
    always_true_authorization::AlwaysTrueAuthorization,
    base64_as_encryption::Base64AsEncryption,
    sql_string_building::SqlStringBuilding,
    shell_command_injection::ShellCommandInjection,
    k8s_privileged::K8sPrivileged,
    no_rate_limiting::NoRateLimiting,
    log_leaks_secret::LogLeaksSecret,
}
