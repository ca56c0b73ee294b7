use super::named_functions::{
    NamedFunction, is_deliberately_permissive, is_function_kind, named_functions, split_words,
};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::{is_comment_kind, visit_descendants};
use crate::rules::{FileContext, Rule};
use std::collections::HashMap;
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// A function whose name says it checks or grants access (`authorize`, `has_permission`,
    /// `is_allowed`, `check_origin`/`CheckOrigin`, `verify_token`, `can_edit`, `is_admin`,
    /// `has_access`, `validate_signature`…) that returns `true` on every path: `return true`,
    /// a Rust tail `true`, an arrow function `() => true`, a lambda `lambda o: True`, or a local
    /// variable set to `true` and never reassigned. Anonymous functions count under the name they
    /// are bound to (`CheckOrigin: func(r *http.Request) bool { return true }`,
    /// `verifyClient: () => true`). The finding points at the function's name.
    ///
    /// `validate_*`, `check_*` and `is_*` count only with a security noun (token, signature,
    /// password, session, origin, certificate, csrf, role, scope, admin, owner…): `validate_email_format`
    /// is about data, not access. `can_*` counts with an access verb (`can_edit`, `canActivate`)
    /// when it judges someone: it takes a parameter, or it is a method of a guard, auth or
    /// policy type (Angular's parameterless `canActivate()` on an `AuthGuard`).
    ///
    /// ## Why it matters
    /// An access check that always says yes is an open door that looks locked: every caller
    /// believes requests are being filtered, reviews skim past it, and any user (or any website,
    /// for an origin check) gets through. Such stubs are typically left over from development.
    ///
    /// ## How to fix
    /// Implement the check (compare the origin against an allow-list, verify the token, look up
    /// the user's role) and deny by default. If allowing everything is really intended, say so in
    /// the name (`AllowAll`, `PermitAnyOrigin`) so readers and tools know.
    ///
    /// ## Example
    /// ```go
    /// var upgrader = websocket.Upgrader{
    ///     CheckOrigin: func(r *http.Request) bool { return true },
    /// }
    /// ```
    /// Use instead:
    /// ```go
    /// var upgrader = websocket.Upgrader{
    ///     CheckOrigin: func(r *http.Request) bool {
    ///         return allowedOrigins[r.Header.Get("Origin")]
    ///     },
    /// }
    /// ```
    ///
    /// ## Does not flag
    /// Functions that compute their result (any path returning something else, a single path
    /// returning a computed value), checks that deny by raising/throwing/panicking
    /// (`verify_token` that calls `jwt.decode` and then returns `True`), names unrelated to
    /// access (`is_even`, `is_empty`, `validate_email_format`, `verify_connection`,
    /// `database_verify`), names where `true` is the
    /// restrictive answer (`requires_auth`, `is_denied`, `auth_enabled`), trait/interface
    /// declarations and Rust trait default methods, `@abstractmethod`s and methods of abstract or
    /// base classes, methods of zope/ckan plugin `Interface`s, Python methods whose docstring
    /// invites subclasses to override them or says what they do "when implemented", a
    /// `verify_request` override of a `socketserver`/`wsgiref` server (the standard library's
    /// default accepts too), `CanAuthorize…` on a type that has its own `Authorize…` method (a
    /// credential describing what it can sign), types whose name says permissive is the point (`AllowAny`, `NoopAuthorizer`, `OpenAuthorizer`,
    /// `InsecureVerifier`, `NoChecksum`, `FullAccessProfile`, `UserWithStaffSession`, mocks and
    /// stubs), `is_admin` on an `AdminUser` type,
    /// fallbacks compiled only in some builds (a Rust item under `#[cfg(...)]`, a Go file with a
    /// `//go:build` line or a platform suffix such as `_windows.go`), comments, strings, and test code. An explanatory comment does not
    /// excuse the function: "allow all origins" is exactly what gets flagged.
    pub struct AlwaysTrueAuthorization {
        id: "always-true-authorization",
        category: Category::Security,
        severity: Severity::High,
        effort_hours: 2.0,
        languages: &[
            Language::Rust,
            Language::Go,
            Language::Python,
            Language::JavaScript,
            Language::TypeScript,
            Language::Tsx,
        ],
        summary: "an authorization check that returns `true` on every path",
        literals: &["true", "True"],
    }
}

impl Rule for AlwaysTrueAuthorization {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        // `CanAccess` in `idtools_windows.go`: the platform has no such check to make.
        if ctx.language == Language::Go && crate::rules::util::is_go_platform_file(ctx) {
            return;
        }
        let functions = named_functions(ctx);
        for f in &functions {
            if !ctx.is_production_code(f.function)
                || f.overridable_default
                || is_conditional_stub(ctx, f.function)
            {
                continue;
            }
            let words = split_words(f.name);
            // Angular guards take no parameters: `canActivate(): boolean` on an `AuthGuard`.
            let guard_type = f.container.is_some_and(|c| {
                split_words(c).iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "guard"
                            | "auth"
                            | "authorization"
                            | "permission"
                            | "permissions"
                            | "policy"
                            | "access"
                            | "acl"
                            | "security"
                    )
                })
            });
            if !is_access_name(&words, f.params > 0 || guard_type) {
                continue;
            }
            if is_deliberately_permissive(f.name)
                || f.container.is_some_and(is_deliberately_permissive)
            {
                continue;
            }
            if is_role_of_its_type(&words, f.container)
                || describes_its_own_ability(&words, f, &functions)
            {
                continue;
            }
            if !always_true(ctx, f) {
                continue;
            }
            let mut finding = ctx.finding(
                &Self::META,
                f.name_node,
                format!(
                    "`{}` returns `true` on every path: the check never denies anything",
                    f.name
                ),
            );
            finding.end_line = finding.line;
            out.push(finding);
        }
    }
}

/// Words that make `true` the restrictive answer, or say the permissive answer is deliberate.
const RESTRICTIVE_WORDS: &[&str] = &[
    "require",
    "requires",
    "required",
    "need",
    "needs",
    "must",
    "should",
    "deny",
    "denies",
    "denied",
    "forbid",
    "forbids",
    "forbidden",
    "block",
    "blocks",
    "blocked",
    "reject",
    "rejects",
    "rejected",
    "disallow",
    "disallows",
    "disallowed",
    "revoke",
    "revokes",
    "revoked",
    "skip",
    "skips",
    "not",
    "no",
    "without",
    "ignore",
    "ignores",
    "disable",
    "disables",
    "disabled",
    "enable",
    "enables",
    "enabled",
    "exempt",
    "public",
    "anonymous",
    "expired",
    "expire",
    "expires",
    "invalid",
    "banned",
    "locked",
    "limited",
    "throttled",
    "suspicious",
    "malicious",
    "spam",
    "bot",
    "protected",
    "restricted",
    "configured",
    "supported",
    "supports",
    "present",
    "set",
    "missing",
    "empty",
];

/// Words that name an access decision wherever they appear.
const ACCESS_WORDS: &[&str] = &[
    "authorize",
    "authorise",
    "authorized",
    "authorised",
    "authorizes",
    "authorises",
    "authorization",
    "authorisation",
    "authz",
    "permission",
    "permissions",
    "permitted",
    "authenticate",
    "acl",
];

/// Security nouns: with `check_`, `validate_`, `ensure_`, `is_valid_` they name an access check.
const SECURITY_NOUNS: &[&str] = &[
    "token",
    "tokens",
    "signature",
    "signatures",
    "sig",
    "password",
    "passwd",
    "passphrase",
    "credential",
    "credentials",
    "creds",
    "auth",
    "authn",
    "authentication",
    "session",
    "jwt",
    "origin",
    "cert",
    "certificate",
    "certificates",
    "hmac",
    "apikey",
    "access",
    "acl",
    "role",
    "roles",
    "scope",
    "scopes",
    "csrf",
    "xsrf",
    "otp",
    "totp",
    "mfa",
    "nonce",
    "claims",
    "audience",
    "issuer",
    "webhook",
    "secret",
    "admin",
    "owner",
    "ownership",
    "privilege",
    "privileges",
    "policy",
    "login",
    "principal",
    "identity",
    "captcha",
    "recaptcha",
    "referer",
    "referrer",
    "cors",
    "grant",
    "perm",
    "perms",
];

/// With `verify`, who is authenticated: `verify_client`, `verify_request`, `verifyPeer`.
/// Not `connection` (`verify_connection` is a liveness probe).
const VERIFIED_PARTIES: &[&str] = &[
    "request", "req", "user", "client", "peer", "sender", "caller", "origin", "host", "hostname",
    "account", "member", "tenant", "subject",
];

/// With `allow`/`permit`/`grant`, words naming who or what is let in.
const ACTOR_NOUNS: &[&str] = &[
    "request",
    "req",
    "user",
    "origin",
    "host",
    "hostname",
    "ip",
    "client",
    "action",
    "access",
    "connection",
    "conn",
    "peer",
    "domain",
    "sender",
    "caller",
    "principal",
    "role",
    "operation",
    "url",
    "uri",
    "resource",
    "subject",
    "tenant",
    "account",
    "member",
    "is",
    "to",
];

const CAN_VERBS: &[&str] = &[
    "access",
    "activate",
    "view",
    "edit",
    "read",
    "write",
    "delete",
    "modify",
    "manage",
    "update",
    "create",
    "admin",
    "administer",
    "login",
    "execute",
    "invoke",
    "approve",
    "publish",
    "see",
    "perform",
    "act",
    "moderate",
    "upload",
    "download",
    "share",
    "impersonate",
    "enter",
    "join",
    "post",
    "comment",
    "remove",
];

/// Whether a name (split into words) promises an access decision.
/// `CanAuthorizeForUser` on a type that itself has an `Authorize…` method: the credentials
/// saying whether they can sign requests for that user (snapd's store auth), not a decision on
/// the caller's access.
fn describes_its_own_ability(
    words: &[String],
    f: &NamedFunction<'_>,
    functions: &[NamedFunction<'_>],
) -> bool {
    let verb = |w: &String| matches!(w.as_str(), "authorize" | "authenticate");
    words.first().is_some_and(|w| w == "can")
        && words.get(1).is_some_and(verb)
        && f.container.is_some()
        && functions
            .iter()
            .any(|g| g.container == f.container && split_words(g.name).first().is_some_and(verb))
}

fn is_access_name(words: &[String], judges_someone: bool) -> bool {
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if words.is_empty() || has(RESTRICTIVE_WORDS) {
        return false;
    }
    if has(ACCESS_WORDS) {
        return true;
    }
    // `verify`, `must_verify`, `verify_token`, `verify_client`: access checks; `verify_connection`
    // and `verify_solution` check something else.
    let verify_at = words
        .iter()
        .position(|w| matches!(w.as_str(), "verify" | "verifies"));
    let api_key = words
        .windows(2)
        .any(|w| w.first().is_some_and(|a| a == "api") && w.get(1).is_some_and(|b| b == "key"));
    if let Some(i) = verify_at {
        let before = words.get(..i).unwrap_or(&[]);
        let after = words.get(i + 1..).unwrap_or(&[]);
        // `verify`, `must_verify`, `token_verify`; not `database_verify` (a storage check).
        let party_before = before.iter().all(|w| {
            matches!(
                w.as_str(),
                "must" | "should" | "can" | "do" | "need" | "needs"
            ) || SECURITY_NOUNS.contains(&w.as_str())
                || VERIFIED_PARTIES.contains(&w.as_str())
        }) || api_key;
        return (after.is_empty() && party_before)
            || api_key
            || after.iter().any(|w| {
                SECURITY_NOUNS.contains(&w.as_str()) || VERIFIED_PARTIES.contains(&w.as_str())
            });
    }
    let first = words.first().map(String::as_str).unwrap_or("");
    let rest = words.get(1..).unwrap_or(&[]);
    let rest_has = |list: &[&str]| rest.iter().any(|w| list.contains(&w.as_str()));
    const ALLOW_WORDS: &[&str] = &[
        "allow", "allows", "allowed", "permit", "permits", "grant", "grants", "granted",
    ];
    if has(ALLOW_WORDS) {
        let others: Vec<&String> = words
            .iter()
            .filter(|w| !ALLOW_WORDS.contains(&w.as_str()))
            .collect();
        return others.is_empty()
            || others.iter().all(|w| {
                ACTOR_NOUNS.contains(&w.as_str()) || SECURITY_NOUNS.contains(&w.as_str())
            });
    }
    match first {
        "check" | "checks" | "validate" | "validates" | "ensure" | "assert" => {
            rest_has(SECURITY_NOUNS) || api_key
        }
        "is" | "are" => {
            rest_has(&[
                "admin",
                "administrator",
                "superuser",
                "owner",
                "trusted",
                "privileged",
            ]) || (rest_has(&["valid", "authentic", "genuine", "legit", "correct"])
                && (rest_has(SECURITY_NOUNS) || api_key))
        }
        "has" | "have" => rest_has(&[
            "access",
            "permission",
            "permissions",
            "perm",
            "perms",
            "role",
            "roles",
            "scope",
            "scopes",
            "privilege",
            "privileges",
            "right",
            "rights",
            "grant",
            "admin",
            "acl",
            "authority",
            "capability",
            "capabilities",
        ]),
        "can" => {
            judges_someone
                && rest
                    .first()
                    .is_some_and(|w| CAN_VERBS.contains(&w.as_str()))
        }
        _ => false,
    }
}

/// A fallback compiled only in some builds: a Rust item under `#[cfg(...)]` (a feature or
/// platform stub, such as "without the `idna` feature every hostname is accepted"), or a Go
/// file with a `//go:build` constraint.
fn is_conditional_stub(ctx: &FileContext<'_>, function: Node<'_>) -> bool {
    match ctx.language {
        Language::Rust => {
            let mut sibling = function.prev_named_sibling();
            while let Some(s) = sibling {
                match s.kind() {
                    "attribute_item" => {
                        if ctx.text_of(s).replace(' ', "").starts_with("#[cfg(") {
                            return true;
                        }
                    }
                    k if is_comment_kind(k) => {}
                    _ => break,
                }
                sibling = s.prev_named_sibling();
            }
            false
        }
        Language::Go => ctx
            .text
            .lines()
            .take_while(|l| !l.starts_with("package "))
            .any(|l| l.starts_with("//go:build") || l.starts_with("// +build")),
        _ => false,
    }
}

/// `is_admin` on `AdminUser`, `is_superuser` on `SuperUser`: a subclass answering for its role,
/// true by construction.
fn is_role_of_its_type(words: &[String], container: Option<&str>) -> bool {
    let Some(container) = container else {
        return false;
    };
    if words.first().is_none_or(|w| w != "is") {
        return false;
    }
    let type_words = split_words(container);
    words.get(1..).unwrap_or(&[]).iter().any(|w| {
        type_words.contains(w)
            || (w == "superuser" && type_words.iter().any(|t| t == "super" || t == "root"))
    })
}

/// Whether every path of the function returns `true`, with no exit that could deny (a throw, a
/// raise, a panic, `?`, a call that may raise in Python/JS).
fn always_true(ctx: &FileContext<'_>, f: &NamedFunction<'_>) -> bool {
    let lang = ctx.language;
    let body = f.body;
    if !is_block(body) {
        // Expression body: `() => true`, `lambda o: True`, `|u| true`.
        return is_true_literal(ctx, body);
    }
    let truthy = truthy_locals(ctx, body);
    let is_truthy = |n: Node<'_>| value_is_true(ctx, n, &truthy);

    // The function must end by returning true, so it cannot fall off the end with anything else.
    let Some(last) = last_statement(body) else {
        return false;
    };
    let ends_true = match lang {
        Language::Rust => {
            if last.kind() == "expression_statement" {
                last.named_child(0)
                    .filter(|r| r.kind() == "return_expression")
                    .is_some_and(|r| return_value(r).is_some_and(is_truthy))
            } else {
                is_truthy(last)
            }
        }
        _ => last.kind() == "return_statement" && return_value(last).is_some_and(is_truthy),
    };
    if !ends_true {
        return false;
    }

    let ok = std::cell::Cell::new(true);
    visit_descendants(
        body,
        |n| ok.get() && !is_function_kind(n.kind()),
        |n| {
            if !ok.get() {
                return;
            }
            let kind = n.kind();
            let fine = match kind {
                _ if is_function_kind(kind) => false,
                "return_expression" | "return_statement" => return_value(n).is_some_and(is_truthy),
                "try_expression" | "throw_statement" | "raise_statement" | "assert_statement"
                | "yield" | "yield_expression" | "await" | "await_expression"
                | "new_expression" => false,
                "macro_invocation" => n
                    .field("macro")
                    .is_some_and(|m| is_logging_macro(ctx.text_of(m))),
                "call_expression" | "call" => call_cannot_deny(ctx, n),
                _ => true,
            };
            ok.set(fine);
        },
    );
    ok.get()
}

fn is_block(n: Node<'_>) -> bool {
    matches!(n.kind(), "block" | "statement_block")
}

fn last_statement(body: Node<'_>) -> Option<Node<'_>> {
    crate::rules::util::block_statements(body).last().copied()
}

/// The returned expression: `return x` in every grammar (Go: its expression list).
fn return_value(ret: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = ret.walk();
    ret.named_children(&mut cursor)
        .find(|c| !is_comment_kind(c.kind()))
}

fn is_true_literal(ctx: &FileContext<'_>, n: Node<'_>) -> bool {
    matches!(n.kind(), "boolean_literal" | "true") && matches!(ctx.text_of(n), "true" | "True")
}

/// `true`, a truthy local, Go `true, nil`, Rust `Ok(true)`.
fn value_is_true(ctx: &FileContext<'_>, n: Node<'_>, truthy: &HashMap<String, usize>) -> bool {
    match n.kind() {
        "identifier" => truthy.get(ctx.text_of(n)) == Some(&1),
        "expression_list" => {
            let mut cursor = n.walk();
            let items: Vec<Node<'_>> = n.named_children(&mut cursor).collect();
            match items.split_first() {
                Some((first, rest)) => {
                    value_is_true(ctx, *first, truthy) && rest.iter().all(|r| r.kind() == "nil")
                }
                None => false,
            }
        }
        "call_expression" if ctx.language == Language::Rust => {
            let callee_ok = n.field("function").is_some_and(|f| ctx.text_of(f) == "Ok");
            let args = n.field("arguments");
            callee_ok
                && args.is_some_and(|a| {
                    a.named_child_count() == 1
                        && a.named_child(0).is_some_and(|v| is_true_literal(ctx, v))
                })
        }
        _ => is_true_literal(ctx, n),
    }
}

/// Locals of the body assigned `true`, by name, with how many times any value is bound or
/// assigned to that name (a truthy local is bound exactly once).
fn truthy_locals(ctx: &FileContext<'_>, body: Node<'_>) -> HashMap<String, usize> {
    let mut set_true: Vec<String> = Vec::new();
    let mut writes: HashMap<String, usize> = HashMap::new();
    let mut note = |name: &str, is_true: bool, writes: &mut HashMap<String, usize>| {
        *writes.entry(name.to_string()).or_insert(0) += 1;
        if is_true {
            set_true.push(name.to_string());
        }
    };
    visit_descendants(
        body,
        |n| !is_function_kind(n.kind()),
        |n| {
            let pairs: Vec<(Node<'_>, Option<Node<'_>>)> = match n.kind() {
                "let_declaration" => n
                    .field("pattern")
                    .map(|p| vec![(p, n.field("value"))])
                    .unwrap_or_default(),
                "assignment_expression"
                | "compound_assignment_expr"
                | "augmented_assignment_expression"
                | "augmented_assignment"
                | "assignment" => n
                    .field("left")
                    .map(|l| {
                        let right = if matches!(n.kind(), "assignment_expression" | "assignment") {
                            n.field("right")
                        } else {
                            None
                        };
                        vec![(l, right)]
                    })
                    .unwrap_or_default(),
                "variable_declarator" => n
                    .field("name")
                    .map(|p| vec![(p, n.field("value"))])
                    .unwrap_or_default(),
                "short_var_declaration" | "assignment_statement" => {
                    let left = list_items(n.field("left"));
                    let right = list_items(n.field("right"));
                    let same = left.len() == right.len();
                    left.iter()
                        .enumerate()
                        .map(|(i, l)| (*l, if same { right.get(i).copied() } else { None }))
                        .collect()
                }
                "var_spec" | "const_spec" => {
                    let mut cursor = n.walk();
                    let names: Vec<Node<'_>> =
                        n.children_by_field_name("name", &mut cursor).collect();
                    let values = list_items(n.field("value"));
                    let same = names.len() == values.len();
                    names
                        .iter()
                        .enumerate()
                        .map(|(i, l)| (*l, if same { values.get(i).copied() } else { None }))
                        .collect()
                }
                "inc_statement" | "dec_statement" | "update_expression" => n
                    .named_child(0)
                    .map(|l| vec![(l, None)])
                    .unwrap_or_default(),
                "reference_expression" | "unary_expression"
                    if ctx.text_of(n).starts_with("&mut") || ctx.text_of(n).starts_with('&') =>
                {
                    // Borrowed mutably or by address: it may be written through the pointer.
                    n.named_children(&mut n.walk())
                        .filter(|c| c.kind() == "identifier")
                        .map(|c| (c, None))
                        .collect()
                }
                _ => Vec::new(),
            };
            for (target, value) in pairs {
                if target.kind() == "identifier" {
                    let is_true = value.is_some_and(|v| is_true_literal(ctx, v));
                    note(ctx.text_of(target), is_true, &mut writes);
                }
            }
        },
    );
    let mut out = HashMap::new();
    for name in set_true {
        let count = writes.get(&name).copied().unwrap_or(0);
        out.insert(name, count);
    }
    out
}

fn list_items(list: Option<Node<'_>>) -> Vec<Node<'_>> {
    let Some(list) = list else {
        return Vec::new();
    };
    if list.kind() != "expression_list" {
        return vec![list];
    }
    let mut cursor = list.walk();
    list.named_children(&mut cursor)
        .filter(|c| !is_comment_kind(c.kind()))
        .collect()
}

fn is_logging_macro(name: &str) -> bool {
    let last = name.rsplit("::").next().unwrap_or(name);
    matches!(
        last,
        "trace"
            | "debug"
            | "info"
            | "warn"
            | "error"
            | "event"
            | "println"
            | "eprintln"
            | "print"
            | "eprint"
            | "dbg"
    )
}

/// A call that cannot be how the function says no. Go and Rust report failures through return
/// values, so only panicking/exiting calls can; in Python and JS any call may raise, so only
/// logging is harmless.
fn call_cannot_deny(ctx: &FileContext<'_>, call: Node<'_>) -> bool {
    let Some(callee) = call.field("function") else {
        return false;
    };
    let text = ctx.text_of(callee);
    let last = text.rsplit(['.', ':']).next().unwrap_or(text).trim();
    match ctx.language {
        Language::Rust => !matches!(last, "unwrap" | "expect" | "exit" | "abort" | "panic_any"),
        Language::Go => {
            !(last == "panic"
                || last.starts_with("Fatal")
                || last.starts_with("Panic")
                || last == "Exit"
                || last.starts_with("Must")
                || last.starts_with("must"))
        }
        _ => {
            let root = text.split('.').next().unwrap_or(text);
            matches!(
                root,
                "console" | "logger" | "log" | "logging" | "print" | "warnings"
            ) || text.starts_with("this.logger.")
                || text.starts_with("this.log.")
                || text.starts_with("self.logger.")
                || text.starts_with("self.log.")
                || text.starts_with("self._logger.")
                || text.starts_with("this._logger.")
        }
    }
}
