mod named_functions;
mod string_flow;
mod support;

pub(crate) use support::Binding;

super::category_rules! {
    hardcoded_secret::HardcodedSecret,
    placeholder_secret::PlaceholderSecret,
    tls_verification_disabled::TlsVerificationDisabled,
    wildcard_origin::WildcardOrigin,
    iframe_sandbox_escape::IframeSandboxEscape,
    electron_insecure_web_preferences::ElectronInsecureWebPreferences,
    always_true_authorization::AlwaysTrueAuthorization,
    base64_as_encryption::Base64AsEncryption,
    sql_string_building::SqlStringBuilding,
    shell_command_injection::ShellCommandInjection,
    committed_env_file::CommittedEnvFile,
    ci_without_dependency_audit::CiWithoutDependencyAudit,
    unpinned_ci_actions::UnpinnedCiActions,
    no_security_policy::NoSecurityPolicy,
    k8s_privileged::K8sPrivileged,
    no_rate_limiting::NoRateLimiting,
    log_leaks_secret::LogLeaksSecret,
}
