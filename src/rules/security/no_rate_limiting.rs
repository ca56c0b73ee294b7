use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::{Ecosystem, Kind};
use crate::rules::{ProjectContext, Rule, Scope};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it finds
    /// Services with no rate limiting: no rate-limiting library (Rust `governor`,
    /// `tower_governor`, tower's `RateLimitLayer`, `actix-governor`, `actix-limitation`; Go
    /// `golang.org/x/time/rate`, tollbooth, `ulule/limiter`, `httprate`, `sethvargo/go-limiter`,
    /// `uber-go/ratelimit`; npm `express-rate-limit`, `rate-limiter-flexible`,
    /// `@fastify/rate-limit`, `koa-ratelimit`, `@nestjs/throttler`, `express-slow-down`; Python
    /// `slowapi`, `flask-limiter`, `django-ratelimit`, `fastapi-limiter`, `limits`) and no
    /// limiter type of the project's own (a struct, class, type or interface whose name contains
    /// `RateLimit`, `Ratelimit`, `Throttle`, `TokenBucket` or `LeakyBucket`), and no limiter
    /// imported from another crate or package of its own (`use app_utils::rate_limit::…`).
    ///
    /// ## Why it matters
    /// Without a limit, one client (a buggy script, a scraper, a credential-stuffing attack) can
    /// exhaust the service's CPU, connections or database for everyone, and brute-forcing login
    /// or token endpoints costs nothing.
    ///
    /// ## How to fix
    /// Add a rate limiter in front of the routes (per IP or per API key), at least on
    /// authentication and expensive endpoints, or enforce limits in the API gateway and
    /// document it.
    ///
    /// ## Example
    /// ```js
    /// app.post('/login', login);
    /// ```
    /// Use instead:
    /// ```js
    /// const rateLimit = require('express-rate-limit');
    /// app.post('/login', rateLimit({ windowMs: 60_000, limit: 10 }), login);
    /// ```
    ///
    /// ## Does not flag
    /// Projects that are not services, projects using any of the libraries above, or defining
    /// their own limiter type; limiter names that appear only in comments or strings do not
    /// count.
    pub struct NoRateLimiting {
        id: "no-rate-limiting",
        category: Category::Security,
        severity: Severity::Medium,
        effort_hours: 2.0,
        kinds: &[Kind::Service],
        summary: "service without rate limiting",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const LIBRARIES: &[(Ecosystem, &str)] = &[
    (Ecosystem::Cargo, "governor"),
    (Ecosystem::Cargo, "tower_governor"),
    (Ecosystem::Cargo, "tower-governor"),
    (Ecosystem::Cargo, "actix-governor"),
    (Ecosystem::Cargo, "actix-limitation"),
    (Ecosystem::Go, "golang.org/x/time/rate"),
    (Ecosystem::Go, "github.com/didip/tollbooth"),
    (Ecosystem::Go, "github.com/ulule/limiter"),
    (Ecosystem::Go, "github.com/go-chi/httprate"),
    (Ecosystem::Go, "github.com/sethvargo/go-limiter"),
    (Ecosystem::Go, "go.uber.org/ratelimit"),
    (Ecosystem::Npm, "express-rate-limit"),
    (Ecosystem::Npm, "rate-limiter-flexible"),
    (Ecosystem::Npm, "@fastify/rate-limit"),
    (Ecosystem::Npm, "fastify-rate-limit"),
    (Ecosystem::Npm, "koa-ratelimit"),
    (Ecosystem::Npm, "@nestjs/throttler"),
    (Ecosystem::Npm, "express-slow-down"),
    (Ecosystem::Python, "slowapi"),
    (Ecosystem::Python, "flask-limiter"),
    (Ecosystem::Python, "flask_limiter"),
    (Ecosystem::Python, "django-ratelimit"),
    (Ecosystem::Python, "django_ratelimit"),
    (Ecosystem::Python, "fastapi-limiter"),
    (Ecosystem::Python, "fastapi_limiter"),
    (Ecosystem::Python, "limits"),
];

static OWN_LIMITER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:struct|enum|class|interface|type|trait)\s+[A-Za-z0-9_]*(?:RateLimit|Ratelimit|Throttle|TokenBucket|LeakyBucket)[A-Za-z0-9_]*",
    )
    .ok()
});

/// A limiter imported from another crate or package of the project's (`use
/// lemmy_utils::rate_limit::RateLimitCell;`, `from core.throttling import Throttle`).
static IMPORTED_LIMITER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^\s*(?:pub(?:\([a-z]+\))?\s+)?(?:use|import|from)\b[^\n;]*(?:RateLimit|Ratelimit|rate_limit|ratelimit|Throttl|throttl)",
    )
    .ok()
});

fn has_rate_limiting(p: &crate::model::Project) -> bool {
    if LIBRARIES
        .iter()
        .any(|(e, n)| crate::rules::util::uses_in_production(p, *e, n))
    {
        return true;
    }
    if crate::rules::util::find_in_production_code(
        p,
        &[Language::Rust],
        &["RateLimitLayer", "tower::limit::RateLimit"],
    )
    .is_some()
    {
        return true;
    }
    let (Some(own), Some(imported)) = (OWN_LIMITER.as_ref(), IMPORTED_LIMITER.as_ref()) else {
        return true;
    };
    Language::CODE.iter().any(|&l| {
        p.production_sources(l).any(|(_, text)| {
            (own.is_match(text) || imported.is_match(text)) && {
                let code = crate::model::code_text::strip_comments_and_strings(l, text);
                own.is_match(&code) || imported.is_match(&code)
            }
        })
    })
}

impl Rule for NoRateLimiting {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        if !has_rate_limiting(ctx.project) {
            out.push(ctx.finding(
                &Self::META,
                "no rate limiter (library or own limiter type): one client can exhaust the service or brute-force its endpoints",
            ));
        }
    }
}
