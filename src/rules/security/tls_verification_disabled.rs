use super::support::{
    Binding, bindings, call_arguments, callee_name, inside_branch_on, is_production, string_value,
};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::ancestor_of_kind;
use crate::rules::{FileContext, Rule};
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Code that turns off TLS certificate or host name verification:
    /// - Go: `InsecureSkipVerify: true` (in a `tls.Config` literal or assigned);
    /// - Rust: `.danger_accept_invalid_certs(true)`, `.danger_accept_invalid_hostnames(true)`;
    /// - JavaScript/TypeScript: `rejectUnauthorized: false`, and
    ///   `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'` (or the same key in an `env` object);
    /// - Python: `verify=False` (also `verify_ssl=`, `verify_certs=`, `ssl_verify=`) passed to a
    ///   call, `session.verify = False`, `ssl._create_unverified_context`, and `ssl.CERT_NONE`
    ///   assigned to `verify_mode` or passed as `cert_reqs`/`ssl_cert_reqs`.
    ///
    /// ## Why it matters
    /// Without verification, TLS still encrypts but no longer authenticates: anyone on the path
    /// (a proxy, a compromised router, a hostile Wi-Fi) can present their own certificate and read
    /// or alter the traffic, credentials included. Switches added "just for staging" routinely
    /// reach production.
    ///
    /// ## How to fix
    /// Keep verification on. For an internal or self-signed CA, add that CA to the trust store of
    /// the client (`RootCAs` in Go, `add_root_certificate` in reqwest, `ca` in Node.js,
    /// `verify="/path/to/ca.pem"` in requests) instead of disabling the check.
    ///
    /// ## Example
    /// ```go
    /// client := &http.Client{Transport: &http.Transport{
    ///     TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
    /// }}
    /// ```
    /// Use instead:
    /// ```go
    /// pool := x509.NewCertPool()
    /// pool.AppendCertsFromPEM(internalCA)
    /// client := &http.Client{Transport: &http.Transport{
    ///     TLSClientConfig: &tls.Config{RootCAs: pool},
    /// }}
    /// ```
    ///
    /// ## Does not flag
    /// The safe values (`InsecureSkipVerify: false`, `verify=True`, `rejectUnauthorized: true`,
    /// `verify="/etc/ssl/ca.pem"`), values taken from configuration (`InsecureSkipVerify:
    /// cfg.Insecure`, `danger_accept_invalid_certs(opts.insecure)`, an unexported Go variable used
    /// only under an opt-in switch: `if endpoint.InsecureSkipTLS { return insecureClient }`, an
    /// exported option named for the switch: `func WithInsecure() Option`), Go functions that verify the
    /// peer themselves (they also set `VerifyPeerCertificate`/`VerifyConnection`, or read
    /// `PeerCertificates` or call `VerifyHostname` after the handshake, also in a closure's outer
    /// function or in a function of the file it calls; request client certificates to pin peers
    /// by them, `ClientAuth:
    /// tls.RequestClientCert`; or compare `sha256.Sum256(cert.Raw)` with a fingerprint), JS
    /// `rejectUnauthorized: false` in a project that checks the peer itself (code that compares
    /// `getPeerCertificate()`'s fingerprint; not a `checkServerIdentity`), comparisons such as
    /// `ctx.verify_mode == ssl.CERT_NONE`, JWT decoding options (`jwt.decode(…, verify=False)` is
    /// about signatures, not TLS), the same words in comments and strings, and test code.
    pub struct TlsVerificationDisabled {
        id: "tls-verification-disabled",
        category: Category::Security,
        severity: Severity::Critical,
        effort_hours: 1.0,
        languages: &[
            Language::Go,
            Language::Rust,
            Language::JavaScript,
            Language::TypeScript,
            Language::Tsx,
            Language::Python,
        ],
        summary: "TLS certificate verification turned off",
        literals: &[
            "InsecureSkipVerify",
            "danger_accept_invalid",
            "rejectUnauthorized",
            "NODE_TLS_REJECT_UNAUTHORIZED",
            "verify",
            "_create_unverified_context",
            "CERT_NONE",
        ],
    }
}

impl Rule for TlsVerificationDisabled {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        for binding in bindings(ctx) {
            if let Some(message) = binding_message(ctx, binding)
                && is_production(ctx, binding.key)
                && !inside_branch_on(ctx, binding.key, OPT_OUT_WORDS)
                && !(ctx.language == Language::Go
                    && (verifies_itself(ctx, binding.key)
                        || held_for_opt_in(ctx, binding.key)
                        || in_opt_in_option(ctx, binding.key)))
            {
                out.push(ctx.finding(&Self::META, binding.key, message));
            }
        }
        match ctx.language {
            Language::Rust => rust_calls(ctx, out),
            Language::Python => python_unverified_context(ctx, out),
            _ => {}
        }
    }
}

/// Conditions that mark the branch implementing an opt-out switch (`if not verify:`,
/// `if cfg.Insecure {`, `if (options.strictSSL === false)`): the switch's default is what
/// matters, not the switch itself.
const OPT_OUT_WORDS: &[&str] = &[
    "verif", "secure", "ssl", "tls", "cert", "strict", "reject", "skip", "debug", "dev", "local",
    "unsafe", "check",
];

/// Go documents `InsecureSkipVerify` for use "in combination with VerifyConnection or
/// VerifyPeerCertificate": the function that sets it also installs one of those callbacks, or
/// checks the peer's certificates itself after the handshake (`PeerCertificates`,
/// `VerifyHostname`), as certificate inspectors and manual chain checks do.
///
/// The scope is the outermost function: a closure may build the config for the method that
/// checks the peer (pion's `prepareTransport`). A config that asks for the client's certificate
/// without verifying it (`ClientAuth: tls.RequestClientCert`), or a comparison with the
/// certificate's `sha256.Sum256(cert.Raw)`, pins peers by their own identity (syncthing's device
/// IDs, trust-on-fingerprint bootstraps).
fn verifies_itself(ctx: &FileContext<'_>, key: Node<'_>) -> bool {
    let Some(scope) = ancestor_of_kind(key, &["function_declaration", "method_declaration"])
        .or_else(|| crate::rules::util::go_enclosing_function(key))
    else {
        return false;
    };
    if checks_peer(ctx, scope) {
        return true;
    }
    // One call deep: a function of the same file that reads the peer's certificate
    // (syncthing's `deviceID(conn)`).
    let checkers: Vec<&str> = ctx
        .nodes_of_kind("function_declaration")
        .filter(|f| f.id() != scope.id() && checks_peer(ctx, *f))
        .filter_map(|f| f.field("name").map(|n| ctx.text_of(n)))
        .collect();
    // Called on every path: lib/pq checks the CA only `if verifyCaOnly`, so its default
    // `sslmode=require` still trusts any certificate.
    !checkers.is_empty()
        && ctx.nodes_starting_in(scope.byte_range()).any(|(n, kind)| {
            kind == "call_expression"
                && n.field("function")
                    .is_some_and(|f| checkers.contains(&ctx.text_of(f)))
                && !under_condition(n, scope)
        })
}

/// `node` sits in a branch (an `if`, a `switch` case) between itself and `scope`.
fn under_condition(node: Node<'_>, scope: Node<'_>) -> bool {
    let mut current = node.parent();
    while let Some(n) = current {
        if n.id() == scope.id() {
            return false;
        }
        if matches!(
            n.kind(),
            "if_statement"
                | "expression_case"
                | "type_case"
                | "communication_case"
                | "default_case"
        ) {
            return true;
        }
        current = n.parent();
    }
    false
}

/// Code in `scope` that checks the peer itself.
fn checks_peer(ctx: &FileContext<'_>, scope: Node<'_>) -> bool {
    ctx.nodes_starting_in(scope.byte_range()).any(|(n, kind)| {
        if kind == "call_expression" {
            let callee = n.field("function").map_or("", |f| ctx.text_of(f));
            return matches!(callee, "sha256.Sum256" | "sha1.Sum" | "sha512.Sum512")
                && n.field("arguments")
                    .is_some_and(|a| ctx.text_of(a).ends_with(".Raw)"));
        }
        if (kind == "identifier" || kind == "field_identifier")
            && matches!(ctx.text_of(n), "RequestClientCert" | "RequireAnyClientCert")
        {
            return true;
        }
        // A key of a composite literal is an `identifier` in a `literal_element`.
        let field = kind == "field_identifier"
            || (kind == "identifier"
                && ctx.parent(n).is_some_and(|p| p.kind() == "literal_element"));
        field
            && matches!(
                ctx.text_of(n),
                "VerifyPeerCertificate"
                    | "VerifyConnection"
                    | "PeerCertificates"
                    | "VerifyHostname"
            )
    })
}

/// An unexported Go variable that holds the insecure config or client and is used only in the
/// branch of an opt-in switch (`if endpoint.InsecureSkipTLS { return insecureClient, nil }`):
/// the same as `InsecureSkipVerify: opts.Insecure`. Another file of the package that names the
/// variable could use it unconditionally, so then it is still flagged.
fn held_for_opt_in(ctx: &FileContext<'_>, key: Node<'_>) -> bool {
    let mut current = key.parent();
    let declaration = loop {
        match current {
            Some(n) if matches!(n.kind(), "var_spec" | "short_var_declaration") => break n,
            Some(n)
                if matches!(
                    n.kind(),
                    "function_declaration" | "method_declaration" | "source_file"
                ) =>
            {
                return false;
            }
            Some(n) => current = n.parent(),
            None => return false,
        }
    };
    let names: Vec<&str> = match declaration.kind() {
        "var_spec" => declaration
            .children_by_field_name("name", &mut declaration.walk())
            .map(|n| ctx.text_of(n))
            .collect(),
        _ => declaration
            .field("left")
            .map(|left| {
                let mut cursor = left.walk();
                left.named_children(&mut cursor)
                    .filter(|n| n.kind() == "identifier")
                    .map(|n| ctx.text_of(n))
                    .collect()
            })
            .unwrap_or_default(),
    };
    let [name] = names.as_slice() else {
        return false;
    };
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_uppercase()) || *name == "_" {
        return false;
    }
    let uses: Vec<Node<'_>> = ctx
        .nodes_of_kind("identifier")
        .filter(|n| ctx.text_of(*n) == *name && !within(*n, declaration))
        .collect();
    !uses.is_empty()
        && uses.iter().all(|u| inside_branch_on(ctx, *u, OPT_IN_WORDS))
        && !named_in_package_siblings(ctx, name)
}

/// An exported function named for the switch it is (`func WithInsecure() ClientOption`,
/// `InsecureSkipVerifyClient()`): callers opt in by calling it, as with `opts.Insecure`.
fn in_opt_in_option(ctx: &FileContext<'_>, key: Node<'_>) -> bool {
    let Some(func) = ancestor_of_kind(key, &["function_declaration", "method_declaration"]) else {
        return false;
    };
    let name = func.field("name").map_or("", |n| ctx.text_of(n));
    let lower = name.to_ascii_lowercase();
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && OPT_IN_WORDS.iter().any(|w| lower.contains(w))
}

/// Conditions of a branch that turns verification off on request: an `Insecure…`/`…SkipTLS`
/// option, not any condition that mentions TLS.
const OPT_IN_WORDS: &[&str] = &[
    "insecure",
    "skiptls",
    "skipverify",
    "noverify",
    "skip_verify",
];

fn within(node: Node<'_>, outer: Node<'_>) -> bool {
    outer.start_byte() <= node.start_byte() && node.end_byte() <= outer.end_byte()
}

/// Another Go file of the same package (same folder, not a test) that names `name`.
fn named_in_package_siblings(ctx: &FileContext<'_>, name: &str) -> bool {
    let path = ctx.rel_path();
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    ctx.project.files.iter().any(|f| {
        f.rel_path != path
            && f.rel_path.rsplit_once('/').map_or("", |(d, _)| d) == dir
            && f.rel_path.ends_with(".go")
            && !f.rel_path.ends_with("_test.go")
            && f.text()
                .is_some_and(|t| crate::rules::util::has_word(t, name))
    })
}

/// The project checks the server's certificate itself once the handshake is done: production
/// code reads the peer's certificate and compares its fingerprint (MariaDB's
/// zero-configuration TLS authenticates the self-signed certificate by a hash derived from the
/// password), as Go's `VerifyPeerCertificate` does. Not a `checkServerIdentity` callback: Node
/// calls it only for a chain that verified, and ignores its answer without
/// `rejectUnauthorized`.
fn js_verifies_peer_itself(ctx: &FileContext<'_>) -> bool {
    ctx.project.files.iter().any(|f| {
        f.role == crate::classify::Role::Production
            && f.language.is_some_and(|l| l.is_js_family())
            && f.text()
                .is_some_and(|t| t.contains("getPeerCertificate(") && t.contains("fingerprint"))
    })
}

fn is_kind(node: Node<'_>, kinds: &[&str]) -> bool {
    kinds.contains(&node.kind())
}

/// The message for a binding that disables verification, if it does.
fn binding_message(ctx: &FileContext<'_>, b: &Binding<'_>) -> Option<String> {
    let value = b.value;
    match ctx.language {
        Language::Go => (b.name == "InsecureSkipVerify" && value.kind() == "true").then(|| {
            "`InsecureSkipVerify: true` accepts any certificate; the connection can be intercepted"
                .to_string()
        }),
        l if l.is_js_family() => {
            if b.name == "rejectUnauthorized"
                && value.kind() == "false"
                && !js_verifies_peer_itself(ctx)
            {
                return Some(
                    "`rejectUnauthorized: false` accepts any certificate; the connection can be intercepted"
                        .to_string(),
                );
            }
            let zero = match value.kind() {
                "number" => ctx.text_of(value) == "0",
                "string" | "template_string" => string_value(ctx, value) == Some("0"),
                _ => false,
            };
            (b.name == "NODE_TLS_REJECT_UNAUTHORIZED" && zero).then(|| {
                "`NODE_TLS_REJECT_UNAUTHORIZED` set to `0` turns off certificate checks for every request of the process"
                    .to_string()
            })
        }
        Language::Python => python_binding_message(ctx, b),
        _ => None,
    }
}

fn python_binding_message(ctx: &FileContext<'_>, b: &Binding<'_>) -> Option<String> {
    let value = b.value;
    let is_keyword = b
        .key
        .parent()
        .is_some_and(|p| p.kind() == "keyword_argument");
    let is_assignment = b.key.parent().is_some_and(|p| {
        p.kind() == "attribute" && p.parent().is_some_and(|a| a.kind() == "assignment")
    });
    let name = b.name;
    if matches!(
        name,
        "verify" | "verify_ssl" | "verify_certs" | "ssl_verify"
    ) && value.kind() == "false"
    {
        if is_keyword {
            let call = ancestor_of_kind(b.key, &["call"])?;
            let function = call.field("function")?;
            let callee = ctx.text_of(function);
            let lower = callee.to_ascii_lowercase();
            // `jwt.decode(token, verify=False)` is about signatures, not TLS, and
            // `findroot(…, verify=False)` about numbers: `verify` counts only on HTTP/TLS calls.
            if name == "verify" && !is_http_call(&lower) {
                return None;
            }
            let shown: String = callee.chars().take(60).collect();
            return Some(format!(
                "`{name}=False` in `{shown}(…)` turns off certificate verification"
            ));
        }
        if is_assignment && name == "verify" {
            // `session.verify = False` on a requests/httpx session or client.
            let object = b.key.parent()?.field("object")?;
            if is_http_session(ctx, object) {
                return Some(format!(
                    "`{}.verify = False` turns off certificate verification for every request",
                    ctx.text_of(object)
                ));
            }
        }
        return None;
    }
    let cert_none = match value.kind() {
        "attribute" => value
            .field("attribute")
            .is_some_and(|a| ctx.text_of(a) == "CERT_NONE"),
        "identifier" => ctx.text_of(value) == "CERT_NONE",
        "string" => string_value(ctx, value)
            .is_some_and(|s| s == "CERT_NONE" || s.eq_ignore_ascii_case("none")),
        _ => false,
    };
    if !cert_none {
        return None;
    }
    let target = matches!(name, "verify_mode" | "cert_reqs" | "ssl_cert_reqs");
    target.then(|| format!("`{name}` set to `CERT_NONE` turns off certificate verification"))
}

/// A call to an HTTP or TLS client: `requests.get`, `httpx.Client`, `session.post`,
/// `aiohttp.TCPConnector`, `boto3.client`, `urlopen`.
fn is_http_call(callee_lower: &str) -> bool {
    if callee_lower.contains("jwt") || callee_lower.contains("decode") {
        return false;
    }
    let last = callee_lower.rsplit('.').next().unwrap_or(callee_lower);
    const METHODS: &[&str] = &[
        "get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream",
        "urlopen", "fetch",
    ];
    const CLIENTS: &[&str] = &[
        "requests",
        "httpx",
        "aiohttp",
        "urllib",
        "session",
        "client",
        "http",
        "boto",
        "ssl",
        "tls",
        "connector",
        "transport",
        "adapter",
        "pool",
        "elasticsearch",
        "opensearch",
    ];
    METHODS.contains(&last) || CLIENTS.iter().any(|c| callee_lower.contains(c))
}

/// `session`, `self.http_client`, or a variable assigned from `requests.Session()` /
/// `httpx.Client()` in the same function.
fn is_http_session(ctx: &FileContext<'_>, object: Node<'_>) -> bool {
    const WORDS: [&str; 4] = ["session", "client", "http", "requests"];
    let text = ctx.text_of(object).to_ascii_lowercase();
    if WORDS.iter().any(|w| text.contains(w)) {
        return true;
    }
    if object.kind() != "identifier" {
        return false;
    }
    let name = ctx.text_of(object);
    let scope = ancestor_of_kind(object, &["function_definition", "module"]);
    let Some(scope) = scope else { return false };
    let range = scope.byte_range();
    ctx.nodes_of_kind("assignment")
        .filter(|a| range.contains(&a.start_byte()))
        .any(|a| {
            let left = a.field("left");
            let right = a.field("right");
            match (left, right) {
                (Some(l), Some(r)) => {
                    ctx.text_of(l) == name
                        && r.kind() == "call"
                        && r.field("function").is_some_and(|f| {
                            let callee = ctx.text_of(f).to_ascii_lowercase();
                            WORDS.iter().any(|w| callee.contains(w))
                        })
                }
                _ => false,
            }
        })
}

fn rust_calls(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for call in ctx.nodes_of_kind("call_expression") {
        let Some(function) = call.field("function") else {
            continue;
        };
        if function.kind() != "field_expression" {
            continue;
        }
        let Some(method) = callee_name(ctx, call) else {
            continue;
        };
        if !matches!(
            method,
            "danger_accept_invalid_certs" | "danger_accept_invalid_hostnames"
        ) {
            continue;
        }
        let args = call_arguments(call);
        let is_true = args.len() == 1
            && args
                .first()
                .is_some_and(|a| is_kind(*a, &["boolean_literal"]) && ctx.text_of(*a) == "true");
        if !is_true || !is_production(ctx, call) || inside_branch_on(ctx, call, OPT_OUT_WORDS) {
            continue;
        }
        let at = function.field("field").unwrap_or(call);
        let what = if method.ends_with("certs") {
            "accepts any certificate"
        } else {
            "accepts certificates for any host name"
        };
        let mut finding = ctx.finding(
            &TlsVerificationDisabled::META,
            at,
            format!("`{method}(true)` {what}; the connection can be intercepted"),
        );
        finding.end_line = finding.line;
        out.push(finding);
    }
}

fn python_unverified_context(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for node in ctx.nodes() {
        let hit = match node.kind() {
            "attribute" => node
                .field("attribute")
                .is_some_and(|a| ctx.text_of(a) == "_create_unverified_context"),
            // `from ssl import _create_unverified_context`
            "dotted_name" => {
                ctx.text_of(*node) == "_create_unverified_context"
                    && node
                        .parent()
                        .is_some_and(|p| p.kind() == "import_from_statement")
            }
            _ => false,
        };
        if hit && is_production(ctx, *node) && !inside_branch_on(ctx, *node, OPT_OUT_WORDS) {
            out.push(ctx.finding(
                &TlsVerificationDisabled::META,
                *node,
                "`ssl._create_unverified_context` builds a TLS context that checks neither certificate nor host name",
            ));
        }
    }
}
