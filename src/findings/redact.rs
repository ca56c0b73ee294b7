//! Redaction applied to everything a report shows from the audited code.

use crate::secrets::{PROVIDER_KEYS, is_secret_name};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// `name = "value"`, `name: value`, `"name": "value"`, `NAME=value`.
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    // A literal pattern; covered by the tests below.
    Regex::new(r#"(?i)([A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*(?::=|=>|[:=])\s*(?:[A-Za-z]*\()?\s*["'`]?([^"'`\s,;)}]{3,})"#)
        .expect("static assignment pattern")
});

/// `scheme://user:password@host`.
static URL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]*:)([^\s@/]{1,})@")
        .expect("static url pattern")
});

/// Keeps at most the first four characters of a secret value.
pub fn redact_value(value: &str) -> String {
    let keep: String = value.chars().take(4).collect();
    format!("{keep}…")
}

/// Hides provider keys, values assigned to secret-named keys, and URL passwords.
pub fn redact_secrets(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    for key in &PROVIDER_KEYS {
        if key.regex.is_match(&out) {
            let replaced = key
                .regex
                .replace_all(&out, |c: &regex::Captures| redact_value(&c[0]))
                .into_owned();
            out = Cow::Owned(replaced);
        }
    }
    if URL_PASSWORD.is_match(&out) {
        let replaced = URL_PASSWORD
            .replace_all(&out, |c: &regex::Captures| {
                format!("{}{}@", &c[1], redact_value(&c[2]))
            })
            .into_owned();
        out = Cow::Owned(replaced);
    }
    if ASSIGNMENT.is_match(&out) {
        let replaced = ASSIGNMENT
            .replace_all(&out, |c: &regex::Captures| {
                let whole = &c[0];
                let value = &c[2];
                if is_secret_name(&c[1]) && !value.ends_with('…') && !looks_like_code(value) {
                    let start =
                        c.get(2).map_or(0, |m| m.start()) - c.get(0).map_or(0, |m| m.start());
                    format!("{}{}", &whole[..start], redact_value(value))
                } else {
                    whole.to_string()
                }
            })
            .into_owned();
        out = Cow::Owned(replaced);
    }
    out
}

/// `password = get_password(...)` or `token = env::var(...)`: a call or path, not a value.
fn looks_like_code(value: &str) -> bool {
    value.contains("::")
        || value.starts_with("os.")
        || value.starts_with("process.")
        || value.starts_with("env")
        || value.starts_with("${")
        || value.starts_with('$')
        || value.starts_with("{{")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_keys_are_cut_to_four_characters() {
        let s = redact_secrets(r#"let k = "AKIAABCDEFGHIJKLMNOP";"#);
        assert_eq!(s, r#"let k = "AKIA…";"#);
    }

    #[test]
    fn secret_assignments_are_redacted() {
        assert_eq!(
            redact_secrets(r#"password = "hunter22""#),
            r#"password = "hunt…""#
        );
        assert_eq!(
            redact_secrets("DB_PASSWORD=s3cretvalue"),
            "DB_PASSWORD=s3cr…"
        );
        assert_eq!(
            redact_secrets(r#""api_key": "abcdef123""#),
            r#""api_key": "abcd…""#
        );
    }

    #[test]
    fn url_passwords_are_redacted() {
        assert_eq!(
            redact_secrets("postgres://app:supersecret@db:5432/x"),
            "postgres://app:supe…@db:5432/x"
        );
    }

    #[test]
    fn non_secrets_are_kept() {
        let line = r#"let name = "readiness"; let token_url = "https://x";"#;
        assert_eq!(redact_secrets(line), line);
        assert_eq!(
            redact_secrets("password = env::var(\"PW\")"),
            "password = env::var(\"PW\")"
        );
    }
}
