mod support;

super::category_rules! {
    hardcoded_secret::HardcodedSecret,
    placeholder_secret::PlaceholderSecret,
    tls_verification_disabled::TlsVerificationDisabled,
    wildcard_origin::WildcardOrigin,
    iframe_sandbox_escape::IframeSandboxEscape,
    electron_insecure_web_preferences::ElectronInsecureWebPreferences,
}
