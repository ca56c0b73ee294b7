mod named_functions;
mod string_flow;

super::category_rules! {
    always_true_authorization::AlwaysTrueAuthorization,
    base64_as_encryption::Base64AsEncryption,
    sql_string_building::SqlStringBuilding,
    shell_command_injection::ShellCommandInjection,
}
