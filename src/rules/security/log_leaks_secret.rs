use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::{is_comment_kind, is_string_kind};
use crate::rules::{FileContext, Rule};
use crate::secrets::{is_secret_name, normalise_name};
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Log and print calls whose arguments include a variable or field named like a secret
    /// (`password`, `passwd`, `token`, `secret`, `api_key`/`apiKey`, `credentials`,
    /// `private_key`, …): Rust `info!`/`warn!`/`error!`/`debug!`/`trace!`/`println!`/
    /// `eprintln!`/`log::*`/`tracing::*` (inline `{password}` format arguments included); Go
    /// `log.*`, `fmt.Print*`, `fmt.Fprint*(os.Stderr|os.Stdout, …)`, slog, and logger objects
    /// (`logger.Info`, zap, logrus); JavaScript `console.*` and logger objects (`logger.info`);
    /// Python `print`, `logging.*` and logger objects. The finding is at the call.
    ///
    /// ## Why it matters
    /// Logs are copied to terminals, files, log shippers, third-party services and support
    /// tickets, and kept for months with far weaker access control than a secret store. A
    /// password or token written to a log is a leaked credential.
    ///
    /// ## How to fix
    /// Log that the value exists, its length, or a redacted form — never the value. Wrap
    /// secrets in a type whose `Debug`/`toString` prints `[REDACTED]` (`secrecy::SecretString`).
    ///
    /// ## Example
    /// ```rust
    /// info!("connecting as {user} with password {password}");
    /// ```
    /// Use instead:
    /// ```rust
    /// info!("connecting as {user}");
    /// ```
    ///
    /// ## Does not flag
    /// Secret words only in the message text (`"password reset for {}", email`), names that
    /// describe a secret rather than hold it (`token_count`, `password_len`, `token_url`,
    /// `password_hash`, `is_token`), values passed through a function first (`len(token)`,
    /// `redact(password)`, `token.len()`), values a printf-style format prints as numbers
    /// (`"tokens left: %d", bucket.tokens`), a field or method of a secret (`token.expires_at`),
    /// what is known about one (`token_info`, `id_token_claims`, `token_label`), constants naming
    /// the environment variable that holds one (`KRILL_ENV_ADMIN_TOKEN`),
    /// a secret only tested in a condition (`token ? "yes" : "no"`, `"set" if token else "unset"`),
    /// a bare `tokens` in code that counts a language model's tokens (`input_tokens`), shortened
    /// or masked forms (`shortToken`, `masked_password`), modes and lookups named after the secret
    /// they use (`collection_by_token`, `auth_via_password`),
    /// `fmt.Fprintf` to an HTTP response, output of a Go command-line program to stdout
    /// (`fmt.Print*` in `package main`, a cobra/urfave command or an output module:
    /// `step oauth --bare` prints the token it was asked for; its logger calls are still
    /// flagged), calls in comments or strings, and test code.
    pub struct LogLeaksSecret {
        id: "log-leaks-secret",
        category: Category::Security,
        severity: Severity::Medium,
        effort_hours: 0.25,
        languages: &Language::CODE,
        summary: "a secret-named value is written to logs or stdout",
        since: "2026.2",
        literals: &[
            "assword", "ASSWORD", "asswd", "ASSWD", "ecret", "ECRET", "oken", "OKEN", "pi_key",
            "piKey", "PI_KEY", "pikey", "PIKEY", "ccess_key", "ccessKey", "CCESS_KEY",
            "rivate_key", "rivateKey", "RIVATE_KEY", "uth_key", "uthKey", "UTH_KEY",
            "redentials", "REDENTIALS", "assphrase", "ASSPHRASE", "pwd", "Pwd", "PWD",
        ],
    }
}

const RUST_LOG_MACROS: &[&str] = &[
    "info", "warn", "error", "debug", "trace", "println", "eprintln", "print", "eprint", "log",
    "event",
];
/// Calls that only format their arguments: what goes in comes out.
const FORMATTERS: &[&str] = &[
    "Sprintf",
    "Sprint",
    "Sprintln",
    "format",
    "str",
    "repr",
    "String",
    "stringify",
    "dumps",
    "join",
    "concat",
    "f",
];
/// Methods whose result is the receiver's value (or all of it, as text).
const PASSTHROUGH_METHODS: &[&str] = &[
    "to_string",
    "toString",
    "as_str",
    "to_owned",
    "clone",
    "expose_secret",
    "unwrap",
    "as_ref",
    "String",
    "trim",
    "strip",
];

/// A name that holds a secret (`pwd` alone is usually a working directory). A bare `token`
/// is a lexer token, a poll token or a cancellation token as often as a credential: it counts
/// only in files that talk about authentication.
fn secret_name(ctx: &FileContext<'_>, name: &str) -> bool {
    let n = name.trim_start_matches(['_', '$', '#']);
    if n.eq_ignore_ascii_case("pwd") || !is_secret_name(n) {
        return false;
    }
    let bare_token = matches!(n.to_ascii_lowercase().as_str(), "token" | "tokens");
    if by_means_of_a_secret(n) || describes_a_secret(n) {
        return false;
    }
    !bare_token || (auth_context(ctx.text) && !counts_model_tokens(ctx.text))
}

/// `token_info`, `token_identification`, `id_token_claims`, `token_label`: what is known about a
/// secret (a PKCS#11 token's label and model, verified claims), not the secret; and
/// `KRILL_ENV_ADMIN_TOKEN`, a constant naming the environment variable that holds it.
fn describes_a_secret(name: &str) -> bool {
    let words = normalise_name(name);
    let words: Vec<&str> = words.split('_').filter(|w| !w.is_empty()).collect();
    let last = words.last().copied().unwrap_or("");
    let names_a_variable = name
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && words.iter().any(|w| matches!(*w, "env" | "var"));
    (words.len() >= 2
        && matches!(
            last,
            "info" | "identification" | "claims" | "label" | "labels" | "model" | "vendor"
        ))
        || names_a_variable
}

/// `collection_by_token`, `auth_via_password`, `lookupByToken`: a mode or a lookup named after
/// the secret it uses, not the secret.
fn by_means_of_a_secret(name: &str) -> bool {
    let words = normalise_name(name);
    let words: Vec<&str> = words.split('_').filter(|w| !w.is_empty()).collect();
    words.len() >= 2
        && words
            .get(words.len() - 2)
            .is_some_and(|w| matches!(*w, "by" | "via" | "with" | "using" | "per" | "from"))
}

/// The file counts a language model's tokens (`input_tokens`, `max_tokens`): a bare `tokens`
/// there is a number, even beside the provider's API key.
fn counts_model_tokens(text: &str) -> bool {
    [
        "input_tokens",
        "output_tokens",
        "prompt_tokens",
        "completion_tokens",
        "max_tokens",
        "total_tokens",
    ]
    .iter()
    .any(|w| text.contains(w))
}

/// The file is about authentication.
fn auth_context(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "authoriz",
        "authentic",
        "oauth",
        "bearer",
        "jwt",
        "login",
        "credential",
        "api_key",
        "apikey",
        "password",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn last_segment(text: &str) -> &str {
    text.rsplit(['.', ':']).next().unwrap_or(text).trim()
}

/// Whether a receiver expression looks like a logger (`log`, `logger`, `self.log`, `LOGGER`).
fn is_logger_name(receiver: &str) -> bool {
    let last = last_segment(receiver.trim_end_matches("()"));
    normalise_name(last).split('_').any(|w| {
        matches!(
            w,
            "log"
                | "logger"
                | "logging"
                | "slog"
                | "logrus"
                | "zap"
                | "sugar"
                | "klog"
                | "glog"
                | "winston"
                | "pino"
                | "bunyan"
                | "console"
        )
    })
}

fn is_log_method(language: Language, method: &str) -> bool {
    match language {
        Language::Go => [
            "Print", "Info", "Warn", "Error", "Debug", "Trace", "Fatal", "Panic", "Log",
        ]
        .iter()
        .any(|p| method.starts_with(p)),
        Language::Python => matches!(
            method,
            "debug"
                | "info"
                | "warning"
                | "warn"
                | "error"
                | "exception"
                | "critical"
                | "log"
                | "fatal"
        ),
        _ => matches!(
            method,
            "log" | "info" | "warn" | "error" | "debug" | "trace" | "fatal" | "verbose" | "silly"
        ),
    }
}

/// Names of what a member access reads (its last field).
fn member_field<'a>(ctx: &FileContext<'a>, node: Node<'a>) -> Option<Node<'a>> {
    let field = match node.kind() {
        "selector_expression" => "field",
        "member_expression" => "property",
        "attribute" => "attribute",
        "field_expression" => "field",
        _ => return None,
    };
    let _ = ctx;
    node.field(field)
}

/// The receiver (object) of a member access.
fn member_object(node: Node<'_>) -> Option<Node<'_>> {
    let field = match node.kind() {
        "selector_expression" => "operand",
        "member_expression" => "object",
        "attribute" => "object",
        "field_expression" => "value",
        _ => return None,
    };
    node.field(field)
}

/// The first secret-named value among the expressions under `args`.
fn secret_in<'a>(ctx: &FileContext<'a>, args: Node<'a>) -> Option<&'a str> {
    let mut stack: Vec<Node<'a>> = Vec::new();
    let list = crate::rules::util::code_children(args);
    // `log.trace("tokens left: %d", bucket.tokens)`: a value printed as a number is a count.
    let verbs = list
        .first()
        .filter(|f| is_string_kind(f.kind()))
        .map(|f| printf_verbs(ctx.text_of(*f)))
        .unwrap_or_default();
    for (i, arg) in list.iter().enumerate() {
        let numeric = i > 0 && verbs.get(i - 1).is_some_and(|v| "difegu".contains(*v));
        if !numeric {
            stack.push(*arg);
        }
    }
    while let Some(n) = stack.pop() {
        let kind = n.kind();
        if is_comment_kind(kind) {
            continue;
        }
        match kind {
            "identifier" | "shorthand_property_identifier" => {
                let name = ctx.text_of(n);
                if secret_name(ctx, name) {
                    return Some(name);
                }
            }
            "selector_expression" | "member_expression" | "attribute" | "field_expression" => {
                if let Some(f) = member_field(ctx, n) {
                    let name = ctx.text_of(f);
                    if secret_name(ctx, name) {
                        return Some(name);
                    }
                }
            }
            "call_expression" | "call" => {
                let Some(callee) = n.field("function") else {
                    continue;
                };
                let name = last_segment(ctx.text_of(callee));
                if FORMATTERS.contains(&name)
                    && let Some(a) = n.field("arguments")
                {
                    let mut c = a.walk();
                    stack.extend(a.named_children(&mut c));
                }
                if PASSTHROUGH_METHODS.contains(&name)
                    && let Some(obj) = member_object(callee)
                {
                    stack.push(obj);
                }
            }
            "keyword_argument" | "pair" => {
                if let Some(v) = n.field("value") {
                    stack.push(v);
                }
            }
            "subscript_expression" | "subscript" | "index_expression" => {}
            // `token ? 'yes' : 'no'`, `"set" if token else "unset"`: only the branches are
            // logged; the secret in the condition is only tested.
            "ternary_expression" => {
                stack.extend(n.field("consequence"));
                stack.extend(n.field("alternative"));
            }
            "conditional_expression" => {
                stack.extend(n.named_child(0));
                stack.extend(n.named_child(2));
            }
            "string"
            | "template_string"
            | "string_literal"
            | "interpreted_string_literal"
            | "raw_string_literal" => {
                let mut c = n.walk();
                for child in n.named_children(&mut c) {
                    if matches!(child.kind(), "interpolation" | "template_substitution") {
                        stack.push(child);
                    }
                }
            }
            // Closures and functions passed to a logger are not logged values.
            "arrow_function"
            | "function_expression"
            | "lambda"
            | "func_literal"
            | "closure_expression" => {}
            _ => {
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c));
            }
        }
    }
    None
}

/// The conversion letters of a printf-style format, in order (`"%s: %5.2f%%"` → `s`, `f`).
fn printf_verbs(format: &str) -> Vec<char> {
    super::string_flow::parse_percent(format)
        .into_iter()
        .filter_map(|p| match p {
            super::string_flow::Percent::Verb { verb, .. } => Some(verb),
            super::string_flow::Percent::Text(_) => None,
        })
        .collect()
}

/// Rust macro arguments are a token tree: judge identifiers by their neighbours.
fn secret_in_token_tree<'a>(ctx: &FileContext<'a>, tree: Node<'a>) -> Option<String> {
    let mut stack = vec![tree];
    while let Some(tt) = stack.pop() {
        let mut cursor = tt.walk();
        let children: Vec<Node<'a>> = tt.children(&mut cursor).collect();
        for (i, child) in children.iter().enumerate() {
            let next = children.get(i + 1);
            let next_text = next.map(|n| ctx.text_of(*n)).unwrap_or("");
            match child.kind() {
                "token_tree" => {
                    // Arguments of a call (`redact(password)`) are not logged as they are,
                    // unless the call only formats them.
                    let callee = i
                        .checked_sub(1)
                        .and_then(|j| children.get(j))
                        .filter(|p| p.kind() == "identifier")
                        .map(|p| ctx.text_of(*p));
                    if callee.is_none_or(|c| FORMATTERS.contains(&c) || c == "Some") {
                        stack.push(*child);
                    }
                }
                "identifier" => {
                    let name = ctx.text_of(*child);
                    let passthrough = next_text == "."
                        && children
                            .get(i + 2)
                            .is_some_and(|m| PASSTHROUGH_METHODS.contains(&ctx.text_of(*m)));
                    let is_receiver_or_path =
                        (next_text == "." && !passthrough) || next_text == "::";
                    let is_callee = next.is_some_and(|n| {
                        n.kind() == "token_tree" && ctx.text_of(*n).starts_with('(')
                    }) || next_text == "!";
                    let key_of_literal = next_text == "="
                        && children
                            .get(i + 2)
                            .is_some_and(|v| v.kind().contains("string_literal"));
                    if !is_receiver_or_path
                        && !is_callee
                        && !key_of_literal
                        && secret_name(ctx, name)
                    {
                        return Some(name.to_string());
                    }
                }
                "string_literal" | "raw_string_literal" => {
                    if let Some(name) = inline_format_secret(ctx, ctx.text_of(*child)) {
                        return Some(name);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// `{password}` / `{password:?}` inline arguments of a Rust format string.
fn inline_format_secret(ctx: &FileContext<'_>, literal: &str) -> Option<String> {
    let mut rest = literal;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or("");
        if after.starts_with('{') {
            rest = after.get(1..).unwrap_or("");
            continue;
        }
        let end = after.find(['}', ':']).unwrap_or(after.len());
        let name = after.get(..end).unwrap_or("").trim();
        if !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && secret_name(ctx, name)
        {
            return Some(name.to_string());
        }
        rest = after;
    }
    None
}

impl LogLeaksSecret {
    fn check_rust(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        for m in ctx.nodes_of_kind("macro_invocation") {
            let Some(name_node) = m.field("macro") else {
                continue;
            };
            let full = ctx.text_of(name_node);
            let name = last_segment(full);
            let prefix_ok =
                !full.contains("::") || full.starts_with("log::") || full.starts_with("tracing::");
            if !RUST_LOG_MACROS.contains(&name) || !prefix_ok || !ctx.is_production_code(m) {
                continue;
            }
            let mut cursor = m.walk();
            let Some(tt) = m.children(&mut cursor).find(|c| c.kind() == "token_tree") else {
                continue;
            };
            if let Some(secret) = secret_in_token_tree(ctx, tt) {
                out.push(ctx.finding(
                    &Self::META,
                    m,
                    format!("`{secret}` is written by `{full}!`: secrets end up in logs"),
                ));
            }
        }
    }

    fn check_calls(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let call_kind = if ctx.language == Language::Python {
            "call"
        } else {
            "call_expression"
        };
        let mut cli: Option<bool> = None;
        for call in ctx.nodes_of_kind(call_kind) {
            let Some(callee) = call.field("function") else {
                continue;
            };
            let Some(args) = call.field("arguments") else {
                continue;
            };
            let callee_text = ctx.text_of(callee);
            // A command that prints to stdout hands its user what they asked for (`step oauth
            // --bare` prints the token): a log is what a server or library writes.
            let to_stdout = ctx.language == Language::Go
                && (callee_text.starts_with("fmt.Print")
                    || (callee_text.starts_with("fmt.Fprint")
                        && ctx.text_of(args).starts_with("(os.Stdout")));
            if to_stdout
                && *cli.get_or_insert_with(|| crate::rules::observability::is_cli_file(ctx))
            {
                continue;
            }
            let is_log = match callee.kind() {
                "identifier" => ctx.language == Language::Python && callee_text == "print",
                _ => {
                    let (Some(obj), Some(field)) =
                        (member_object(callee), member_field(ctx, callee))
                    else {
                        continue;
                    };
                    let receiver = ctx.text_of(obj);
                    let method = ctx.text_of(field);
                    if ctx.language == Language::Go && receiver == "fmt" {
                        method.starts_with("Print")
                            || (method.starts_with("Fprint") && {
                                let mut c = args.walk();
                                args.named_children(&mut c).next().is_some_and(|a| {
                                    matches!(ctx.text_of(a), "os.Stderr" | "os.Stdout")
                                })
                            })
                    } else {
                        is_logger_name(receiver) && is_log_method(ctx.language, method)
                    }
                }
            };
            if !is_log || !ctx.is_production_code(call) {
                continue;
            }
            if let Some(secret) = secret_in(ctx, args) {
                let shown: String = callee_text.split_whitespace().collect::<String>();
                out.push(ctx.finding(
                    &Self::META,
                    call,
                    format!("`{secret}` is passed to `{shown}`: secrets end up in logs"),
                ));
            }
        }
    }
}

impl Rule for LogLeaksSecret {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        if ctx.language == Language::Rust {
            self.check_rust(ctx, out);
        } else {
            self.check_calls(ctx, out);
        }
    }
}
