use crate::classify::{Language, Role};
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::{Ecosystem, Kind, Project};
use crate::rules::project_helpers::{first_lib_in_use, has_production_code};
use crate::rules::util::{is_string_kind, literal_string_value, named_descendants};
use crate::rules::{ProjectContext, Rule, Scope};
use std::time::Duration;

declare_rule! {
    /// ## What it finds
    /// A service with no health endpoint: no string literal in production code that looks like
    /// a health route (`/health`, `/healthz`, `/healthcheck`, `/livez`, `/readyz`, `/ready`,
    /// `/live`, `/liveness`, `/readiness`, `/ping`, `/status`, `/alive`, a static `/health.json`,
    /// `/online` or `/online.txt` at the root (not `/users/online`), Dockerflow's
    /// `/__heartbeat__` and `/__lbheartbeat__`, also under a prefix such
    /// as `/api/v1/health`, `/-/healthy` or a template (`f"{base_path}/status"`,
    /// `` `${prefix}/healthz` ``), and Django-style `health/`), no gRPC health service
    /// (`tonic-health`, `google.golang.org/grpc/health`, `grpc_health`, `grpc-health-check`), no
    /// health-check library (`@godaddy/terminus`, `@nestjs/terminus`, `lightship`, juju's
    /// `debugstatus`,
    /// `django-health-check`, …) and no container `HEALTHCHECK`.
    ///
    /// ## Why it matters
    /// Orchestrators and load balancers decide from a health check whether to send traffic to an
    /// instance and whether to restart it. Without one, a wedged process keeps receiving
    /// requests and a slow start receives them too early.
    ///
    /// ## How to fix
    /// Serve a cheap liveness route (`/healthz`: the process answers) and a readiness route
    /// (`/readyz`: dependencies such as the database are reachable), and point the
    /// orchestrator's probes at them.
    ///
    /// ## Example
    /// ```rust,ignore
    /// let app = Router::new().route("/orders", post(create_order));
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// let app = Router::new()
    ///     .route("/orders", post(create_order))
    ///     .route("/healthz", get(|| async { "ok" }));
    /// ```
    ///
    /// ## Does not flag
    /// Projects that are not services; a health route in any production file, whatever the
    /// framework; gRPC health services and health-check libraries; a Dockerfile `HEALTHCHECK`.
    /// Route strings are the evidence here, so a health path that appears only in a comment or
    /// in test code does not count, and the rule then reports the service.
    pub struct NoHealthEndpoint {
        id: "no-health-endpoint",
        category: Category::Observability,
        severity: Severity::Medium,
        effort_hours: 1.0,
        kinds: &[Kind::Service],
        summary: "Service exposes no health or readiness endpoint",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const HEALTH_SEGMENTS: &[&str] = &[
    "health",
    "healthz",
    "healthy",
    "healthcheck",
    "health-check",
    "health_check",
    "livez",
    "readyz",
    "ready",
    "live",
    "liveness",
    "readiness",
    "ping",
    "status",
    "alive",
    // Mozilla's Dockerflow convention: `/__heartbeat__`, `/__lbheartbeat__`.
    "heartbeat",
    "lbheartbeat",
];

/// Substrings one of which a file must contain to hold a health route.
const PREFILTER: &[&str] = &[
    "/health",
    "health/",
    "/live",
    "live/",
    "/ready",
    "ready/",
    "/ping",
    "ping/",
    "/status",
    "status/",
    "/alive",
    "/online",
    "heartbeat",
];

const HEALTH_LIBS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Cargo, "tonic-health"),
    (Ecosystem::Cargo, "grpc-health-check"),
    (Ecosystem::Go, "google.golang.org/grpc/health"),
    (Ecosystem::Go, "github.com/heptiolabs/healthcheck"),
    (Ecosystem::Go, "github.com/hellofresh/health-go"),
    (Ecosystem::Go, "github.com/alexliesenfeld/health"),
    (Ecosystem::Go, "github.com/InVisionApp/go-health"),
    (Ecosystem::Go, "github.com/dimiro1/health"),
    // Serves `/debug/status` with the checks the service registers.
    (Ecosystem::Go, "github.com/juju/utils/v2/debugstatus"),
    (Ecosystem::Go, "github.com/juju/utils/debugstatus"),
    (Ecosystem::Npm, "grpc-health-check"),
    (Ecosystem::Npm, "@godaddy/terminus"),
    (Ecosystem::Npm, "@nestjs/terminus"),
    (Ecosystem::Npm, "lightship"),
    (Ecosystem::Npm, "express-healthcheck"),
    (Ecosystem::Npm, "fastify-healthcheck"),
    (Ecosystem::Npm, "@cloudnative/health-connect"),
    (Ecosystem::Python, "grpcio-health-checking"),
    (Ecosystem::Python, "grpc_health"),
    (Ecosystem::Python, "django-health-check"),
    (Ecosystem::Python, "health_check"),
    (Ecosystem::Python, "fastapi-health"),
    (Ecosystem::Python, "flask-healthz"),
    (Ecosystem::Python, "py-healthcheck"),
    (Ecosystem::Python, "healthcheck"),
];

/// A route-like string whose last path segment names a health check.
pub(crate) fn is_health_route(value: &str) -> bool {
    let v = value.trim().trim_start_matches('^').trim_end_matches('$');
    if !v.contains('/') || v.contains(' ') || v.len() > 80 {
        return false;
    }
    let path = v.trim_end_matches('/');
    let raw_segment = path.rsplit('/').next().unwrap_or("");
    // `/online` at the root answers "the server is up"; `/users/online` lists users.
    let at_root = path.len() == raw_segment.len() + 1;
    // A static answer: `/health.json`, OctoPrint's `/online.txt`; Dockerflow's `/__heartbeat__`.
    let segment = raw_segment.trim_matches('_');
    let last = segment
        .strip_suffix(".txt")
        .or_else(|| segment.strip_suffix(".json"))
        .unwrap_or(segment)
        .to_ascii_lowercase();
    HEALTH_SEGMENTS.contains(&last.as_str()) || (last == "online" && at_root)
}

/// The first production file holding a health route literal, with its 1-based line.
fn health_route(project: &Project) -> Option<(String, u32)> {
    project.files.iter().find_map(|f| {
        let language = f.language.filter(|l| l.is_code())?;
        if f.role != Role::Production {
            return None;
        }
        let text = f.text()?;
        if !PREFILTER.iter().any(|p| text.contains(p)) {
            return None;
        }
        let tree = crate::parse::parse(language, text, Duration::from_secs(2)).ok()?;
        let test_ranges = if language == Language::Rust {
            crate::parse::find_test_ranges(&tree, text)
        } else {
            Vec::new()
        };
        named_descendants(tree.root_node())
            .into_iter()
            // Template pieces too: JS `${base}/healthz`, Python `f"{base_path}/status"`.
            .filter(|n| {
                is_string_kind(n.kind()) || matches!(n.kind(), "string_fragment" | "string_content")
            })
            .filter(|n| !test_ranges.iter().any(|r| r.contains(&n.start_byte())))
            .find(|n| {
                let value = literal_string_value(*n, text).or_else(|| {
                    text.get(n.byte_range())
                        .filter(|_| matches!(n.kind(), "string_fragment" | "string_content"))
                });
                value.is_some_and(is_health_route)
            })
            .map(|n| (f.rel_path.clone(), n.start_position().row as u32 + 1))
    })
}

impl Rule for NoHealthEndpoint {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let project = ctx.project;
        if !has_production_code(project) || first_lib_in_use(project, HEALTH_LIBS).is_some() {
            return;
        }
        let docker_healthcheck = project.facts.dockerfiles.iter().any(|d| {
            project.file(d).and_then(|f| f.text()).is_some_and(|t| {
                t.lines().any(|l| {
                    let l = l.trim_start();
                    l.starts_with("HEALTHCHECK") && !l.contains("NONE")
                })
            })
        });
        if docker_healthcheck || health_route(project).is_some() {
            return;
        }
        out.push(ctx.finding(
            &Self::META,
            "this service serves no health route (`/healthz`, `/readyz`, `/health`…) and no gRPC health service: orchestrators cannot tell a wedged instance from a healthy one",
        ));
    }
}
