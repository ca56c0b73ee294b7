//! What a secret looks like. Shared by the redactor (every report) and the secret rules, so that
//! whatever a rule recognises as a secret is also what every output hides.

use regex::Regex;
use std::sync::LazyLock;

/// A credential format issued by a provider: recognisable without context.
pub struct ProviderKey {
    pub name: &'static str,
    pub regex: &'static LazyLock<Regex>,
}

macro_rules! provider_regex {
    ($name:ident, $re:literal) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| {
            // The pattern is a literal checked by the `provider_patterns_compile` test.
            Regex::new($re).expect("static provider pattern")
        });
    };
}

provider_regex!(AWS, r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b");
provider_regex!(
    GITHUB,
    r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b"
);
provider_regex!(SLACK, r"\bxox[abposr]-[A-Za-z0-9-]{10,}");
provider_regex!(STRIPE, r"\b[sr]k_live_[0-9A-Za-z]{16,}\b");
provider_regex!(GOOGLE, r"\bAIza[0-9A-Za-z_\-]{35}\b");
provider_regex!(
    PEM,
    r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----"
);

pub static PROVIDER_KEYS: [ProviderKey; 6] = [
    ProviderKey {
        name: "AWS access key",
        regex: &AWS,
    },
    ProviderKey {
        name: "GitHub token",
        regex: &GITHUB,
    },
    ProviderKey {
        name: "Slack token",
        regex: &SLACK,
    },
    ProviderKey {
        name: "Stripe live key",
        regex: &STRIPE,
    },
    ProviderKey {
        name: "Google API key",
        regex: &GOOGLE,
    },
    ProviderKey {
        name: "private key",
        regex: &PEM,
    },
];

/// Literal prefixes of the provider formats, for cheap prefiltering.
pub const PROVIDER_LITERALS: &[&str] = &[
    "AKIA",
    "ASIA",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "xox",
    "sk_live_",
    "rk_live_",
    "AIza",
    "PRIVATE KEY",
];

/// Documentation keys that providers publish as examples; never real.
pub const KNOWN_EXAMPLE_KEYS: &[&str] = &["AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE"];

/// Keys in a provider's format that are documentation or test values, not credentials: the
/// providers' published examples, bodies that spell a placeholder (`EXAMPLE`, `xxxx`, `your…`),
/// and bodies too regular to be random (few distinct characters, `ABCDEF`/`123456` runs).
pub fn is_example_key(key: &str) -> bool {
    if KNOWN_EXAMPLE_KEYS.contains(&key) {
        return true;
    }
    let lower = key.to_ascii_lowercase();
    const MARKERS: &[&str] = &[
        "example",
        "xxxx",
        "your",
        "fake",
        "dummy",
        "sample",
        "placeholder",
        "redacted",
        "test",
        "0000",
        "1234",
    ];
    if MARKERS.iter().any(|m| lower.contains(m)) {
        return true;
    }
    let prefix = PROVIDER_LITERALS
        .iter()
        .filter(|p| key.starts_with(**p))
        .map(|p| p.len())
        .max()
        .unwrap_or(0);
    let body = key
        .get(prefix..)
        .unwrap_or("")
        .trim_start_matches(['_', '-']);
    let mut distinct: Vec<char> = body.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 6 {
        return true;
    }
    // A run of six consecutive characters (`ABCDEF`, `456789`).
    let bytes = body.as_bytes();
    let mut run = 1;
    for pair in bytes.windows(2) {
        if pair[1] == pair[0].wrapping_add(1) {
            run += 1;
            if run >= 6 {
                return true;
            }
        } else {
            run = 1;
        }
    }
    false
}

/// Words that make a key name secret-bearing. Matched against a normalised name
/// (lower case, `-`/`.`/camelCase folded to `_`).
const SECRET_NAME_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "access_key",
    "private_key",
    "client_secret",
    "auth_key",
    "secret_key",
    "credentials",
    "passphrase",
];

/// Names built on a secret word that are not secrets: pagination and protocol tokens, tokenizer
/// special tokens, token counts.
const NON_SECRET_COMPOUNDS: &[&str] = &[
    "next_token",
    "starting_token",
    // Token counts of language-model calls.
    "token_usage",
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "final_tokens",
    "initial_tokens",
    "output_tokens",
    "input_tokens",
    // Actions on a secret, not the secret (`"reset_password": "20/m/ip"` rate limits, routes).
    "reset_password",
    "change_password",
    "forgot_password",
    "update_password",
    // Pieces of a parsed path or source text (go-restful's `routeToken`).
    "route_token",
    "path_token",
    "segment_token",
    "current_token",
    "prev_token",
    "previous_token",
    // A semaphore's permit (s3transfer's `acquire_token`).
    "acquire_token",
    "page_token",
    "input_token",
    "output_token",
    "continuation_token",
    "pagination_token",
    "cursor_token",
    "sync_token",
    "resume_token",
    "cancel_token",
    "cancellation_token",
    "csrf_token",
    "xsrf_token",
    "max_token",
    "max_tokens",
    "num_token",
    "num_tokens",
    "eos_token",
    "bos_token",
    "pad_token",
    "unk_token",
    "sep_token",
    "cls_token",
    "mask_token",
    "start_token",
    "end_token",
    "special_token",
    "special_tokens",
    "update_token",
    "client_token",
    "idempotency_token",
    "change_token",
    "verification_token",
    // Stream and pagination positions (Matrix's `since_token`, `batch_token`): a place in a
    // stream, not a credential.
    "since_token",
    "from_token",
    "to_token",
    "now_token",
    "batch_token",
    "stream_token",
    "upto_token",
];

/// Name parts that make a secret-looking name something else (`token_url`, `password_field`).
const NON_SECRET_SUFFIXES: &[&str] = &[
    "url",
    "uri",
    "endpoint",
    "path",
    "file",
    "dir",
    "name",
    "field",
    "label",
    "type",
    "kind",
    "id",
    "length",
    "len",
    "size",
    "bytes",
    "chars",
    "limit",
    "count",
    "prefix",
    "header",
    "param",
    "policy",
    "hint",
    "placeholder",
    "env",
    "var",
    "key_name",
    "regex",
    "pattern",
    "format",
    "min",
    "max",
    "expiry",
    "expires",
    "ttl",
    "timeout",
    "hash",
    "salt_rounds",
    "rounds",
    "reset",
    "required",
    "enabled",
    "mode",
    "method",
    "prompt",
    "query",
    "template",
    "message",
    "error",
    "class",
    "style",
    "input",
    "description",
    "provider",
    "store",
    "manager",
    "service",
    "validator",
    "source",
    "location",
    "strategy",
    "scheme",
    "ref",
    "key",
    "algorithm",
    "algo",
    "alg",
    "hasher",
    "backend",
    "storage",
    "cookie",
    "column",
    "attr",
    "attribute",
    "version",
    "scope",
    "audience",
    "issuer",
    "encoding",
    "separator",
    "route",
    "lifetime",
    "duration",
    "text",
    "title",
    "tooltip",
    "help",
    "expression",
    "selection",
    // Where a lexer's or parser's token is: `token_pos`, `token_range`, `token_offset`.
    "pos",
    "position",
    "range",
    "offset",
    "span",
    "index",
    "idx",
];

/// Folds `apiKey`, `API-KEY`, `api.key` to `api_key`.
pub fn normalise_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    let mut prev_upper = false;
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_uppercase() {
            // `apiKey` → `api_key`; `TTLHeader` → `ttl_header`.
            let next_lower = chars.peek().is_some_and(|n| n.is_ascii_lowercase());
            if prev_lower || (prev_upper && next_lower) {
                out.push('_');
            }
            prev_upper = true;
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c == '-' || c == '.' || c == ' ' {
            out.push('_');
            prev_lower = false;
            prev_upper = false;
        } else {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            prev_upper = false;
        }
    }
    out
}

/// True when a key or variable name says it holds a secret (`db_password`, `apiKey`,
/// `GITHUB_TOKEN`) and nothing in it says it holds something about a secret (`token_url`).
pub fn is_secret_name(name: &str) -> bool {
    // Keys with other characters are types, paths or labels (`AWS::MSK::Secret`, `a/b`).
    if name.contains("::")
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
    {
        return false;
    }
    let norm = normalise_name(name);
    let norm = norm.trim_matches('_');
    if norm.is_empty() {
        return false;
    }
    // Most names hold no secret word: look for one before the longer list of exceptions.
    let Some(pos) = SECRET_NAME_WORDS
        .iter()
        .filter_map(|w| find_word(norm, w).map(|p| p + w.len()))
        .max()
    else {
        return false;
    };
    if NON_SECRET_COMPOUNDS
        .iter()
        .any(|c| find_word(norm, c).is_some())
    {
        return false;
    }
    // Whatever follows the secret word must not turn the name into metadata about it.
    let rest: Vec<&str> = norm[pos..].split('_').filter(|s| !s.is_empty()).collect();
    !rest.iter().any(|part| {
        NON_SECRET_SUFFIXES.contains(part)
            || part
                .strip_suffix('s')
                .is_some_and(|singular| NON_SECRET_SUFFIXES.contains(&singular))
    }) && !norm.split('_').any(|p| {
        matches!(
            p,
            "is" | "has"
                | "use"
                | "no"
                | "show"
                | "permit"
                | "allow"
                | "can"
                | "create"
                // A switch about the secret (`SSHAuthEnablePassword = flag.Bool(…)`).
                | "enable"
                | "enabled"
                | "disable"
                | "disabled"
                // A shortened or masked form (`shortToken`, `masked_password`) is not the secret.
                | "short"
                | "masked"
                | "redacted"
                | "truncated"
                | "obfuscated"
        )
    })
}

/// Position of `word` in `name` on `_` boundaries.
fn find_word(name: &str, word: &str) -> Option<usize> {
    let mut start = 0;
    while let Some(i) = name[start..].find(word) {
        let at = start + i;
        let before_ok = at == 0 || name.as_bytes()[at - 1] == b'_';
        let end = at + word.len();
        let boundary = |i: usize| i == name.len() || name.as_bytes()[i] == b'_';
        let after_ok = boundary(end) || (name.as_bytes()[end] == b's' && boundary(end + 1));
        if before_ok && after_ok {
            return Some(at);
        }
        start = at + 1;
    }
    None
}

/// Values that stand in for a secret to be filled in later.
pub fn is_placeholder_value(value: &str) -> bool {
    let v = value.trim().trim_matches(|c| c == '"' || c == '\'');
    let lower = v.to_ascii_lowercase();
    if lower.is_empty() {
        return false;
    }
    const EXACT: &[&str] = &[
        "changeme",
        "change_me",
        "change-me",
        "replaceme",
        "replace_me",
        "replace-me",
        "xxx",
        "default",
        "secret",
        "password",
        "todo",
        "tbd",
        "placeholder",
        "your_password",
        "mypassword",
        "example",
        "dummy",
        "redacted",
        "none",
        "null",
        "fixme",
    ];
    EXACT.contains(&lower.as_str())
        || lower.starts_with("change-me")
        || lower.starts_with("changeme")
        || lower.starts_with("change_me")
        || lower.starts_with("replace-me")
        || lower.starts_with("replace_me")
        || lower.starts_with("your-")
        || lower.starts_with("your_")
        || lower.starts_with("your.")
        || lower.starts_with("insert-your")
        || lower.starts_with("insert_your")
        || lower.starts_with("enter-your")
        || lower.starts_with("enter_your")
        || lower.starts_with("put-your")
        || lower.starts_with("put_your")
        || (lower.starts_with('<') && lower.ends_with('>'))
        || (lower.len() >= 3 && lower.chars().all(|c| c == 'x' || c == '*'))
}

/// Values that refer to a secret held elsewhere (environment, vault, template).
pub fn is_reference_value(value: &str) -> bool {
    let v = value.trim().trim_matches(|c| c == '"' || c == '\'');
    v.starts_with("${")
        || v.starts_with("$(")
        || v.starts_with("<%")
        || v.starts_with("{{")
        || (v.starts_with('$')
            && v[1..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_'))
        || v.starts_with("%(")
        || v.starts_with("env:")
        || v.starts_with("vault:")
        || v.starts_with("secret:")
        || v.starts_with("arn:aws:secretsmanager")
        // Encrypted in the file, decrypted by the platform: Cirrus CI `ENCRYPTED[…]`, SOPS
        // `ENC[AES256_GCM,…]`, Ansible Vault.
        || v.starts_with("ENCRYPTED[")
        || v.starts_with("ENC[")
        || v.starts_with("$ANSIBLE_VAULT;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_patterns_compile() {
        for key in &PROVIDER_KEYS {
            assert!(!key.regex.as_str().is_empty(), "{}", key.name);
        }
    }

    #[test]
    fn secret_names() {
        for yes in [
            "password",
            "db_password",
            "apiKey",
            "API_KEY",
            "GITHUB_TOKEN",
            "client-secret",
            "secrets",
            "new_token",
            "access_token",
        ] {
            assert!(is_secret_name(yes), "{yes}");
        }
        for no in [
            "token_url",
            "password_field",
            "is_secret",
            "tokenizer",
            "secretary",
            "passwordLength",
            "TOKEN_ENV",
            "name",
            // Pagination tokens (boto's `StartingToken`, `NextToken`) point into a listing.
            "_starting_token",
            "StartingToken",
            "nextToken",
            // Lexer positions and semaphore permits.
            "token_pos",
            "token_range",
            "acquire_token",
            "routeToken",
            "prompt_tokens",
            "new_token_usage",
            "reset_password",
            "pathToken",
            "currentToken",
            // Stream positions and switches about a secret.
            "since_token",
            "batchToken",
            "SSHAuthEnablePassword",
            "enable_password_auth",
            // Shortened or masked forms.
            "shortToken",
            "masked_password",
            "redactedSecret",
            // Limits: numbers about a secret.
            "BCRYPT_MAX_PASSWORD_BYTES",
            "token_limit",
            // Settings about a secret feature: `permit_create_token`, `can_reset_token`.
            "permit_create_token",
            "default_permissions_create_token",
            "can_rotate_secret",
        ] {
            assert!(!is_secret_name(no), "{no}");
        }
    }

    #[test]
    fn placeholders_and_references() {
        for yes in [
            "changeme",
            "CHANGE-ME-please",
            "<your key>",
            "your-api-key-here",
            "xxxx",
            "default",
            "YOUR_API_KEY",
            "insert_your_token",
        ] {
            assert!(is_placeholder_value(yes), "{yes}");
        }
        for no in ["hunter2", "s3cr3t-Value", ""] {
            assert!(!is_placeholder_value(no), "{no}");
        }
        for yes in [
            "${DB_PASSWORD}",
            "$SECRET",
            "{{ .Values.pw }}",
            "ENCRYPTED[a1b2c3d4e5f6]",
            "ENC[AES256_GCM,data:Zm9v,iv:YmFy,tag:YmF6,type:str]",
        ] {
            assert!(is_reference_value(yes), "{yes}");
        }
        assert!(!is_reference_value("hunter2"));
        assert!(is_reference_value("<%= ENV['DB_PASSWORD'] %>"));
    }

    #[test]
    fn example_keys() {
        for yes in [
            "AKIAIOSFODNN7EXAMPLE",
            "AKIAXXXXXXXXXXXXXXXX",
            "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "AKIAABCDEFGHIJKLMNOP",
            "xoxb-your-token-here",
            "sk_live_0000000000000000",
        ] {
            assert!(is_example_key(yes), "{yes}");
        }
        // Built at run time so that this file holds no key-shaped literal.
        for (prefix, body) in [
            ("AKIA", "Q4ZRX7N2LWPT5HJD"),
            ("ghp_", "R8kqZ2mT5vXw9LpN3cYb7HdF1sJg6QaE4uKo"),
            ("sk_live_", "51HqLyjWDarjtT1zdp7dc"),
        ] {
            let key = format!("{prefix}{body}");
            assert!(!is_example_key(&key), "{key}");
        }
    }

    #[test]
    fn metadata_names_are_not_secrets() {
        for no in [
            "TOKEN_KEY",
            "secretKeyRef",
            "jwt_token_algorithm",
            "password_hasher",
            "secretsmanager",
            "output_token",
            "NextToken",
            "eos_token",
            "tokenRequestTTLHeader",
            "AWS::MSK::BatchScramSecret",
            "ApiKeySelectionExpression",
            "ClientToken",
            "GithubTokenScopes",
        ] {
            assert!(!is_secret_name(no), "{no}");
        }
        for yes in [
            "SECRET_KEY",
            "aws_secret_access_key",
            "PRIVATE_KEY",
            "api_key",
            "APIKey",
            "DBPassword",
        ] {
            assert!(is_secret_name(yes), "{yes}");
        }
    }
}
