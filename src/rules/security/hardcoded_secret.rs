use super::support::{
    bindings, config_pairs, in_dev_or_test_context, is_ci_or_dev_stack_config, is_example_file,
    is_non_secret_value, is_production, is_test_named_file, is_test_support_path,
    is_translation_file, literal_value, url_with_password,
};
use crate::classify::Language;
use crate::classify::Role;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity, redact_value};
use crate::parse::FieldExt;
use crate::rules::context::{make_snippet, normalise_construct};
use crate::rules::util::{is_comment_kind, is_string_kind};
use crate::rules::{FileContext, Rule};
use crate::secrets::{PROVIDER_KEYS, is_example_key, is_placeholder_value, is_reference_value};
use std::ops::Range;
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Credentials written into the repository:
    /// - provider-format keys (AWS access keys, GitHub tokens, Slack tokens, Stripe live keys,
    ///   Google API keys, PEM private keys) anywhere in code or config, test code and example
    ///   files included (critical);
    /// - a literal assigned to a secret-named variable, constant, field, object key, keyword
    ///   argument or config key (`password`, `secret`, `token`, `api_key`, `access_key`,
    ///   `private_key`, `client_secret`, …) in production code or config (TOML, YAML, JSON,
    ///   `.env`, INI, Dockerfile `ENV`), including Kubernetes `- name: DB_PASSWORD` /
    ///   `value: …` pairs (high);
    /// - a connection URL with an embedded password (`postgres://app:…@db.internal/app`) (high).
    ///
    /// The message names the key or the provider, never the value.
    ///
    /// ## Why it matters
    /// Whatever is committed is readable by everyone with access to the repository, its forks,
    /// its CI logs and its history, forever: deleting the line later does not un-leak it. Leaked
    /// provider keys are harvested by bots within minutes of a push to a public repository.
    ///
    /// ## How to fix
    /// Revoke and rotate the credential first, then load it at run time from the environment or a
    /// secret store (Vault, AWS Secrets Manager, Kubernetes Secrets, the CI's secret variables),
    /// and keep only a placeholder in example files.
    ///
    /// ## Example
    /// ```python
    /// DATABASE_PASSWORD = "k9#Qz!vR2m"
    /// stripe.api_key = "sk_live_…"
    /// ```
    /// Use instead:
    /// ```python
    /// DATABASE_PASSWORD = os.environ["DATABASE_PASSWORD"]
    /// stripe.api_key = os.environ["STRIPE_API_KEY"]
    /// ```
    ///
    /// ## Does not flag
    /// References to the environment or a secret store (`${VAR}`, `{{ .Values.x }}`,
    /// `env::var`, `os.Getenv`, `process.env`, `os.environ`), values encrypted in the file
    /// (SOPS `ENC[…]`, Cirrus CI `ENCRYPTED[…]`, Ansible Vault), empty values, placeholders
    /// (reported by `placeholder-secret`), values that cannot be secrets (booleans, numbers,
    /// sentences, paths, plain URLs, regular expressions, names of other keys, headers or
    /// environment variables, words without a digit or symbol such as `postgres` or
    /// `NextMarker` (an escaped line break around it is framing: `b'READY\n'`),
    /// namespaces shaped like a Go import path (`github.com/acme/auth/ctxCredentials`, a
    /// context key), values shorter than six characters), names that describe a secret rather
    /// than hold it (`token_url`, `password_field`, `secret_name`, `TOKEN_KEY`, pagination and
    /// tokenizer tokens such as `next_token` or `eos_token`), type annotations and function
    /// parameters, URLs whose host is local or an example (or that are regular expressions,
    /// `ssh://(?:[^@]*@)?…`), path parameters of a URL being built (`reverse("order",
    /// kwargs={"secret": …})`), translation files, settings inside a
    /// development or test branch or class (`if DEBUG:`, `class DevelopmentConfig`), vendored
    /// code (`_vendor/`, `third_party/`), and, except for provider-format keys, test code,
    /// test-support packages, test configs, CI pipeline files and configs of a development stack
    /// (under `dev/`, `development/` or `ci/`, or beside a compose file that mounts the source
    /// tree, `- ../../:/opt/app`, or a `dev.sh`/`start-local…` script that runs compose), and `.example`/`.sample`/`.template` files. The
    /// providers' documented example keys (`AKIAIOSFODNN7EXAMPLE`) and keys spelling a
    /// placeholder (`ghp_xxxx…`) are never reported; PEM headers without key material (quoted in
    /// documentation) neither.
    pub struct HardcodedSecret {
        id: "hardcoded-secret",
        category: Category::Security,
        severity: Severity::Critical,
        effort_hours: 1.0,
        languages: &[],
        summary: "Credentials committed in code or config",
        literals: &[
            // Provider formats.
            "AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox",
            "sk_live_", "rk_live_", "AIza", "PRIVATE KEY",
            // Secret-bearing names, in the spellings `is_secret_name` folds together.
            "assw", "ASSW", "pwd", "Pwd", "PWD", "ecret", "ECRET", "oken", "OKEN",
            "_key", "-key", ".key", "Key", "_KEY", "-KEY", ".KEY", "pikey", "PIKEY",
            "redential", "REDENTIAL", "assphrase", "ASSPHRASE",
            // URLs with credentials.
            "://",
        ],
        // Provider keys are reported in test code too; its own checks skip the rest.
        reads_support_code: true,
    }
}

impl Rule for HardcodedSecret {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let provider_ranges = provider_keys(ctx, out);
        if ctx.tree.is_some() {
            check_code(ctx, &provider_ranges, out);
        } else if ctx.language.is_config() {
            check_config(ctx, &provider_ranges, out);
        }
    }
}

/// Provider-format keys anywhere in the file (code: inside string literals and comments).
/// Returns the byte ranges reported, so the other checks do not report them again.
fn provider_keys(ctx: &FileContext<'_>, out: &mut Vec<Finding>) -> Vec<Range<usize>> {
    let mut reported = Vec::new();
    for key in &PROVIDER_KEYS {
        for m in key.regex.find_iter(ctx.text) {
            let range = if m.as_str().starts_with("-----") {
                match pem_body_end(ctx.text, m.end()) {
                    Some(end) => m.start()..end,
                    None => continue,
                }
            } else if !is_example_key(m.as_str()) && slack_shape_ok(m.as_str()) {
                m.range()
            } else {
                continue;
            };
            let place = match ctx.tree {
                Some(tree) => {
                    let Some(node) = tree
                        .root_node()
                        .descendant_for_byte_range(m.start(), m.end())
                    else {
                        continue;
                    };
                    match enclosing_text_kind(node) {
                        Some(TextKind::Comment) => "a comment",
                        Some(TextKind::String) => "a string literal",
                        None => continue,
                    }
                }
                None => "a config file",
            };
            // In test code the key is usually a fixture: revoking it is moot unless it was ever
            // used elsewhere, but anyone can still read it, so it stays critical.
            let advice = if ctx.role == crate::classify::Role::Test {
                "if it only signs test data, generate it when the test runs; if it was ever used for anything else, revoke it"
            } else {
                "revoke it and load it from a secret store"
            };
            let mut finding = ctx.finding_at(
                &HardcodedSecret::META,
                range.clone(),
                format!("{} committed in {place}; {advice}", key.name),
            );
            finding.severity = Severity::Critical;
            // Point at the key's first line; hide the whole key in the snippet.
            finding.end_line = finding.line;
            redact(ctx, &mut finding, &range);
            out.push(finding);
            reported.push(range);
        }
    }
    reported
}

enum TextKind {
    String,
    Comment,
}

/// Whether `node` lies in a string literal or a comment.
fn enclosing_text_kind(node: Node<'_>) -> Option<TextKind> {
    let mut current = Some(node);
    while let Some(n) = current {
        if is_comment_kind(n.kind()) {
            return Some(TextKind::Comment);
        }
        if is_string_kind(n.kind()) {
            return Some(TextKind::String);
        }
        current = n.parent();
    }
    None
}

/// Slack tokens have digits right after the `xox?-` prefix; `xoxb-your-token` is a placeholder.
fn slack_shape_ok(key: &str) -> bool {
    if !key.starts_with("xox") {
        return true;
    }
    key.get(5..6)
        .is_some_and(|c| c.chars().all(|c| c.is_ascii_digit()))
}

/// A PEM header followed by key material (64+ base64 characters, across line breaks, `\n`
/// escapes and string concatenation), not just the header quoted in documentation. Returns where
/// the key material ends.
fn pem_body_end(text: &str, from: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    let mut count = 0;
    let mut end = from;
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=') {
            count += 1;
            end = from + i + 1;
        } else if c == '\\' {
            // `\n`, `\r` escapes inside a string literal.
            if !matches!(chars.next(), Some((_, 'n' | 'r'))) {
                break;
            }
        } else if !(c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '+' | ',')) {
            break;
        }
    }
    (count >= 64).then_some(end)
}

/// The engine redacts snippets by their key names; a secret under another name (`value:` in a
/// Kubernetes env entry, a literal inside a URL) would slip through, so the flagged range is cut
/// to its first characters in the snippet and the construct here, whatever the line looks like.
fn redact(ctx: &FileContext<'_>, finding: &mut Finding, range: &Range<usize>) {
    let line = ctx.lines.line_of(range.start);
    let line_range = ctx.lines.line_range(line, ctx.text);
    let start = range.start.max(line_range.start);
    let end = range.end.min(line_range.end).max(start);
    let (Some(before), Some(secret), Some(after)) = (
        ctx.text.get(line_range.start..start),
        ctx.text.get(start..end),
        ctx.text.get(end..line_range.end),
    ) else {
        finding.snippet = None;
        finding.construct = finding.rule.clone();
        return;
    };
    let hidden = redact_value(secret);
    finding.snippet = Some(make_snippet(&format!("{before}{hidden}{after}")));
    finding.construct = normalise_construct(&format!("{}{hidden}", before.trim_start()));
}

/// Byte range of `part`, a slice of `text`, in `text`.
fn content_range(text: &str, part: &str) -> Option<Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let end = start + part.len();
    (end <= text.len()).then_some(start..end)
}

fn overlaps(ranges: &[Range<usize>], range: &Range<usize>) -> bool {
    ranges
        .iter()
        .any(|r| r.start < range.end && range.start < r.end)
}

/// Secret-looking literal: not a placeholder, a reference, a value that cannot be a secret, or
/// a dummy (`sk-xxxxxxxx`, `your-token`, `test1234`, a provider's documented example key).
fn is_secret_value(value: &str) -> bool {
    !value.trim().is_empty()
        && !is_placeholder_value(value)
        && !is_reference_value(value)
        && !is_non_secret_value(value)
        && !is_example_key(value.trim())
}

/// A path parameter of a URL being built, `reverse("order", kwargs={"secret": "6zzj…"})`: the
/// order's link secret in a sample URL (an e-mail preview), a route argument, not a credential
/// of the program.
fn is_url_route_argument<'a>(ctx: &FileContext<'a>, literal: Node<'a>) -> bool {
    if ctx.language != Language::Python {
        return false;
    }
    let mut ancestors = ctx.ancestors(literal);
    let (Some(pair), Some(dict), Some(keyword), Some(_args), Some(call)) = (
        ancestors.next(),
        ancestors.next(),
        ancestors.next(),
        ancestors.next(),
        ancestors.next(),
    ) else {
        return false;
    };
    pair.kind() == "pair"
        && dict.kind() == "dictionary"
        && keyword.kind() == "keyword_argument"
        && keyword
            .field("name")
            .is_some_and(|n| ctx.text_of(n) == "kwargs")
        && call.kind() == "call"
        && call.field("function").is_some_and(|f| {
            let name = ctx.text_of(f);
            name.rsplit('.').next().unwrap_or(name).contains("reverse")
        })
}

/// Python docstrings and other bare string statements document; they are not values.
fn is_bare_string_statement<'a>(ctx: &FileContext<'a>, node: Node<'a>) -> bool {
    ctx.parent(node)
        .is_some_and(|p| p.kind() == "expression_statement" && p.named_child_count() == 1)
}

fn check_code(ctx: &FileContext<'_>, provider_ranges: &[Range<usize>], out: &mut Vec<Finding>) {
    if ctx.role != Role::Production || is_example_file(ctx.rel_path()) {
        return;
    }
    let mut reported: Vec<Range<usize>> = provider_ranges.to_vec();
    for binding in bindings(ctx) {
        if !crate::secrets::is_secret_name(binding.name) {
            continue;
        }
        let Some((literal, value)) = literal_value(ctx, binding.value) else {
            continue;
        };
        let range = literal.byte_range();
        let content = content_range(ctx.text, value).unwrap_or_else(|| range.clone());
        if !is_production(ctx, literal)
            || !is_secret_value(value)
            || overlaps(&reported, &range)
            || in_dev_or_test_context(ctx, literal)
            || is_url_route_argument(ctx, literal)
        {
            continue;
        }
        let name: String = binding.name.chars().take(60).collect();
        let mut finding = ctx.finding(
            &HardcodedSecret::META,
            literal,
            format!(
                "`{name}` is assigned a hard-coded secret; load it from the environment or a secret store"
            ),
        );
        finding.severity = Severity::High;
        redact(ctx, &mut finding, &content);
        out.push(finding);
        reported.push(range);
    }
    for (node, kind) in ctx.nodes_with_kinds() {
        if !is_string_kind(kind)
            || ctx.parent(node).is_some_and(|p| is_string_kind(p.kind()))
            || is_bare_string_statement(ctx, node)
            || !is_production(ctx, node)
        {
            continue;
        }
        let text = ctx.text_of(node);
        let Some((scheme, url)) = url_with_password(text) else {
            continue;
        };
        if in_dev_or_test_context(ctx, node) {
            continue;
        }
        let base = node.start_byte();
        let range = base + url.url.start..base + url.url.end;
        let password = base + url.password.start..base + url.password.end;
        if overlaps(&reported, &node.byte_range()) {
            continue;
        }
        let scheme = scheme.to_ascii_lowercase();
        let mut finding = ctx.finding_at(
            &HardcodedSecret::META,
            range.clone(),
            format!(
                "`{scheme}` URL with an embedded password; build it from configuration at run time"
            ),
        );
        finding.severity = Severity::High;
        redact(ctx, &mut finding, &password);
        out.push(finding);
        reported.push(range);
    }
}

fn check_config(ctx: &FileContext<'_>, provider_ranges: &[Range<usize>], out: &mut Vec<Finding>) {
    let path = ctx.rel_path();
    if ctx.role != Role::Config
        || is_example_file(path)
        || is_test_named_file(path)
        || is_test_support_path(path)
        || is_ci_or_dev_stack_config(ctx.project, path)
        || crate::rules::util::is_vendored_path(path)
        || is_translation_file(path)
    {
        return;
    }
    let line_of = |offset: usize| ctx.lines.line_of(offset);
    // Kubernetes-style `- name: DB_PASSWORD` followed by `value: …`.
    let mut pending_name: Option<(&str, usize)> = None;
    for pair in config_pairs(ctx.language, ctx.text) {
        let line = line_of(pair.range.start);
        let key_lower = pair.key.to_ascii_lowercase();
        let named = match pending_name.take() {
            Some((name, name_line)) if key_lower == "value" && line <= name_line + 2 => Some(name),
            _ => None,
        };
        if key_lower == "name" && crate::secrets::is_secret_name(pair.value) {
            pending_name = Some((pair.value, line));
            continue;
        }
        if overlaps(provider_ranges, &pair.range) {
            continue;
        }
        if let Some((scheme, url)) = url_with_password(pair.value) {
            let password =
                pair.range.start + url.password.start..pair.range.start + url.password.end;
            let key: String = pair.key.chars().take(60).collect();
            let scheme = scheme.to_ascii_lowercase();
            let mut finding = ctx.finding_at(
                &HardcodedSecret::META,
                pair.range.clone(),
                format!(
                    "`{key}` holds a `{scheme}` URL with an embedded password; inject it at deploy time"
                ),
            );
            finding.severity = Severity::High;
            redact(ctx, &mut finding, &password);
            out.push(finding);
            continue;
        }
        let name = match named {
            Some(name) => name,
            None if crate::secrets::is_secret_name(pair.key) => pair.key,
            None => continue,
        };
        if !is_secret_value(pair.value) {
            continue;
        }
        let name: String = name.chars().take(60).collect();
        let mut finding = ctx.finding_at(
            &HardcodedSecret::META,
            pair.range.clone(),
            format!(
                "`{name}` holds a hard-coded secret; inject it at deploy time (environment, secret store)"
            ),
        );
        finding.severity = Severity::High;
        redact(ctx, &mut finding, &pair.range);
        out.push(finding);
    }
}
