use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::code_text::strip_comments;
use crate::model::{Ecosystem, Kind};
use crate::rules::project_helpers::{first_lib_in_use, has_production_code};
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// A service that exports no metrics: no Rust `prometheus`, `metrics`, `opentelemetry`,
    /// `autometrics`, `cadence`; Go `prometheus/client_golang`, `expvar`, OpenTelemetry,
    /// VictoriaMetrics, go-metrics, DataDog statsd; JavaScript `prom-client`,
    /// `@opentelemetry/*`, `hot-shots`; Python `prometheus_client`, `statsd`, `opentelemetry`,
    /// `datadog`, Django/FastAPI Prometheus integrations.
    ///
    /// ## Why it matters
    /// Without metrics nobody sees latency, error rates, saturation or queue depth until users
    /// complain; alerts and capacity planning have nothing to work from.
    ///
    /// ## How to fix
    /// Expose RED metrics (rate, errors, duration) per endpoint and the main resource gauges
    /// with the ecosystem's Prometheus or OpenTelemetry client, usually through the web
    /// framework's middleware, and scrape them.
    ///
    /// ## Example
    /// ```go
    /// http.Handle("/api", api)
    /// ```
    /// Use instead:
    /// ```go
    /// http.Handle("/api", otelhttp.NewHandler(api, "api"))
    /// http.Handle("/metrics", promhttp.Handler())
    /// ```
    ///
    /// ## Does not flag
    /// Projects that are not services, and services that declare or import any of the metrics
    /// libraries above (including bridges such as `metrics-exporter-prometheus`,
    /// `express-prom-bundle`, `prometheus-fastapi-instrumentator`, `django-prometheus`), and
    /// services that serve metrics without one: a `/metrics` route, a Prometheus or OpenMetrics
    /// exposition written by hand, a StatsD client of their own (`class Statsd`). A comment
    /// that mentions `"/metrics"` is not a route.
    pub struct NoMetrics {
        id: "no-metrics",
        category: Category::Observability,
        severity: Severity::Medium,
        effort_hours: 4.0,
        kinds: &[Kind::Service],
        summary: "Service exports no metrics (Prometheus, OpenTelemetry, StatsD)",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const METRICS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Cargo, "prometheus"),
    (Ecosystem::Cargo, "prometheus-client"),
    (Ecosystem::Cargo, "metrics"),
    (Ecosystem::Cargo, "metrics-exporter-prometheus"),
    (Ecosystem::Cargo, "opentelemetry*"),
    (Ecosystem::Cargo, "autometrics"),
    (Ecosystem::Cargo, "cadence"),
    (Ecosystem::Cargo, "statsd"),
    (Ecosystem::Cargo, "dipstick"),
    (Ecosystem::Cargo, "axum-prometheus"),
    (Ecosystem::Cargo, "actix-web-prom"),
    (Ecosystem::Go, "github.com/prometheus/client_golang"),
    (Ecosystem::Go, "expvar"),
    (Ecosystem::Go, "go.opentelemetry.io/otel"),
    (Ecosystem::Go, "go.opentelemetry.io/contrib"),
    (Ecosystem::Go, "github.com/VictoriaMetrics/metrics"),
    (Ecosystem::Go, "github.com/rcrowley/go-metrics"),
    (Ecosystem::Go, "github.com/armon/go-metrics"),
    (Ecosystem::Go, "github.com/hashicorp/go-metrics"),
    (Ecosystem::Go, "github.com/DataDog/datadog-go"),
    (Ecosystem::Go, "github.com/cactus/go-statsd-client"),
    (Ecosystem::Go, "go.opencensus.io"),
    (Ecosystem::Npm, "prom-client"),
    (Ecosystem::Npm, "@opentelemetry/*"),
    (Ecosystem::Npm, "hot-shots"),
    (Ecosystem::Npm, "node-statsd"),
    (Ecosystem::Npm, "statsd-client"),
    (Ecosystem::Npm, "express-prom-bundle"),
    (Ecosystem::Npm, "@willsoto/nestjs-prometheus"),
    (Ecosystem::Npm, "datadog-metrics"),
    (Ecosystem::Npm, "fastify-metrics"),
    (Ecosystem::Python, "prometheus-client"),
    (Ecosystem::Python, "prometheus_client"),
    (Ecosystem::Python, "statsd"),
    (Ecosystem::Python, "opentelemetry*"),
    (Ecosystem::Python, "datadog"),
    (Ecosystem::Python, "prometheus-fastapi-instrumentator"),
    (Ecosystem::Python, "prometheus_fastapi_instrumentator"),
    (Ecosystem::Python, "django-prometheus"),
    (Ecosystem::Python, "django_prometheus"),
    (Ecosystem::Python, "prometheus-flask-exporter"),
    (Ecosystem::Python, "prometheus_flask_exporter"),
    (Ecosystem::Python, "aioprometheus"),
    (Ecosystem::Python, "starlette-exporter"),
    (Ecosystem::Python, "starlette_exporter"),
];

/// Metrics without a library: a `/metrics` route (`re_path(r'^metrics$', serve_metrics)`,
/// `app.get("/metrics", …)`), a Prometheus/OpenMetrics exposition content type written by hand,
/// or a StatsD client of the project's own (`class Statsd(Logger)`, gunicorn's).
fn serves_own_metrics(project: &crate::model::Project) -> bool {
    const ROUTES_AND_FORMATS: &[&str] = &[
        "\"/metrics\"",
        "'/metrics'",
        "`/metrics`",
        "\"/metrics/\"",
        "'/metrics/'",
        "^metrics$",
        "^metrics/$",
        "application/openmetrics-text",
        "text/plain; version=0.0.4",
        "text/plain;version=0.0.4",
    ];
    let found = |text: &str| {
        ROUTES_AND_FORMATS.iter().any(|m| text.contains(m))
            || OWN_STATSD.as_ref().is_some_and(|re| re.is_match(text))
    };
    // A comment that mentions the route (`// TODO: serve "/metrics"`) serves nothing.
    Language::CODE.iter().any(|&l| {
        project
            .production_sources(l)
            .any(|(_, text)| found(text) && found(&strip_comments(l, text)))
    })
}

static OWN_STATSD: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?m)^\s*(?:pub\s+)?(?:class|struct|type)\s+Stats[dD](?:Client)?\b").ok()
});

impl Rule for NoMetrics {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let project = ctx.project;
        if !has_production_code(project)
            || first_lib_in_use(project, METRICS).is_some()
            || serves_own_metrics(project)
        {
            return;
        }
        out.push(ctx.finding(
            &Self::META,
            "this service exports no metrics (no Prometheus, OpenTelemetry or StatsD client): latency and error rates are invisible",
        ));
    }
}
