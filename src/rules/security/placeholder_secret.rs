use super::support::{
    SECRET_NAME_LITERALS, bindings, config_pairs, in_dev_or_test_context,
    in_documented_example_folder, is_ci_or_dev_stack_config, is_example_file, is_production,
    is_test_named_file, is_test_support_path, is_translation_file, literal_value,
};
use crate::classify::Role;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::rules::{FileContext, Rule};
use crate::secrets::{is_placeholder_value, is_reference_value, is_secret_name};

declare_rule! {
    /// ## What it finds
    /// A secret-named key (`password`, `secret`, `token`, `api_key`, `client_secret`, …) whose
    /// value is a placeholder, in a config file that is not an example, sample, template or test
    /// file (`changeme`, `CHANGE-ME-…`, `replace-me`, `your-…-here`, `YOUR_API_KEY`, `xxx`,
    /// `<…>`, `default`, `secret`, `password`, `todo`), and in production code the unmistakable
    /// placeholders (`changeme`, `replace-me`, `your-…`, `YOUR_API_KEY`, `todo`).
    ///
    /// ## Why it matters
    /// A placeholder in a real config is a credential waiting to be deployed: when nobody
    /// overrides it, the service runs with a secret that is published in the repository and easy
    /// to guess (`changeme` is in every wordlist). It also means the deployment has no single
    /// source for that secret.
    ///
    /// ## How to fix
    /// Leave the value out of the committed config and read it from the environment or a secret
    /// store, failing at start-up when it is missing; keep placeholders only in
    /// `.example`/`.sample`/`.template` files that document which variables to set.
    ///
    /// ## Example
    /// ```yaml
    /// # config/production.yaml
    /// database:
    ///   password: changeme
    /// ```
    /// Use instead:
    /// ```yaml
    /// database:
    ///   password: ${DATABASE_PASSWORD}
    /// ```
    ///
    /// ## Does not flag
    /// Example, sample, template and test configs (`.env.example`, `config.sample.yaml`,
    /// `settings.template.json`, `.env.test`), CI pipeline files and configs of a development
    /// stack (under `dev/`, `development/` or `ci/`, or beside a compose file that mounts the
    /// source tree or a `dev.sh`/`start-local…` script that runs compose: throwaway containers),
    /// configs in a folder whose README calls them examples ("Examples for different
    /// configuration files…"), test code, references
    /// with a fallback
    /// (`${DB_PASSWORD:-changeme}`), empty and null values, real-looking values (reported by
    /// `hardcoded-secret`), names about a secret rather than holding it (`password_hint`,
    /// `secret_name`, `pad_token`), settings inside a development or test branch or class,
    /// vendored code, and in code the words that double as identifiers (`"password"` as a grant
    /// type, `"secret"`, `"default"`) and masks such as `"****"`, `"xxxx"`, `"<secret>"` or
    /// `"[REDACTED]"`.
    pub struct PlaceholderSecret {
        id: "placeholder-secret",
        category: Category::Security,
        severity: Severity::Medium,
        effort_hours: 0.5,
        languages: &[],
        summary: "Secret set to a placeholder such as `changeme` in a real config",
        literals: SECRET_NAME_LITERALS,
    }
}

impl Rule for PlaceholderSecret {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let path = ctx.rel_path();
        if is_example_file(path)
            || is_test_named_file(path)
            || is_test_support_path(path)
            || crate::rules::util::is_vendored_path(path)
            || is_translation_file(path)
        {
            return;
        }
        if ctx.tree.is_some() {
            check_code(ctx, out);
        } else if ctx.language.is_config()
            && ctx.role == Role::Config
            && !is_ci_or_dev_stack_config(ctx.project, path)
            && !in_documented_example_folder(ctx.project, path)
        {
            check_config(ctx, out);
        }
    }
}

/// Placeholders in config files: the shared list, minus the values that mean "unset".
fn is_config_placeholder(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    is_placeholder_value(v)
        && !is_reference_value(v)
        && !matches!(lower.as_str(), "none" | "null" | "nil" | "~")
}

/// Placeholders in code: only the unmistakable ones. Words such as `"password"`, `"secret"` or
/// `"default"` are identifiers in code (grant types, field names), and `"****"`, `"xxxx"`,
/// `"<secret>"` and `"[REDACTED]"` are masks a sanitiser writes.
fn is_code_placeholder(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    if lower.is_empty() || !is_placeholder_value(v) || is_reference_value(v) {
        return false;
    }
    let marker = [
        "changeme",
        "change_me",
        "change-me",
        "replaceme",
        "replace_me",
        "replace-me",
        "your-",
        "your_",
        "your.",
        "insert",
        "enter",
        "put",
    ]
    .iter()
    .any(|m| lower.starts_with(m));
    let word = matches!(
        lower.as_str(),
        "todo" | "fixme" | "tbd" | "placeholder" | "your_password" | "mypassword"
    );
    marker || word
}

fn check_code(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    if ctx.role != Role::Production {
        return;
    }
    for binding in bindings(ctx) {
        if !is_secret_name(binding.name) {
            continue;
        }
        let Some((literal, value)) = literal_value(ctx, binding.value) else {
            continue;
        };
        if !is_production(ctx, literal)
            || !is_code_placeholder(value)
            || in_dev_or_test_context(ctx, literal)
        {
            continue;
        }
        let name: String = binding.name.chars().take(60).collect();
        out.push(ctx.finding(
            &PlaceholderSecret::META,
            literal,
            format!(
                "`{name}` is set to a placeholder; read the real value from the environment or a secret store"
            ),
        ));
    }
}

fn check_config(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let mut pending_name: Option<(&str, usize)> = None;
    for pair in config_pairs(ctx.language, ctx.text) {
        let line = ctx.lines.line_of(pair.range.start);
        let key_lower = pair.key.to_ascii_lowercase();
        let named = match pending_name.take() {
            Some((name, name_line)) if key_lower == "value" && line <= name_line + 2 => Some(name),
            _ => None,
        };
        if key_lower == "name" && is_secret_name(pair.value) {
            pending_name = Some((pair.value, line));
            continue;
        }
        let name = match named {
            Some(name) => name,
            None if is_secret_name(pair.key) => pair.key,
            None => continue,
        };
        if !is_config_placeholder(pair.value) {
            continue;
        }
        let name: String = name.chars().take(60).collect();
        out.push(ctx.finding_at(
            &PlaceholderSecret::META,
            pair.range.clone(),
            format!(
                "`{name}` is set to a placeholder; a deploy that does not override it runs with a guessable secret"
            ),
        ));
    }
}
