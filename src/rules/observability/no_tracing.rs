use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::{Ecosystem, Kind};
use crate::rules::project_helpers::{first_lib_in_use, has_production_code};
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// A service with no distributed tracing: no OpenTelemetry (Rust `opentelemetry*` and
    /// `tracing-opentelemetry`, Go `go.opentelemetry.io/otel`, `@opentelemetry/*`, Python
    /// `opentelemetry-*`), no Datadog (`dd-trace`, `ddtrace`), Jaeger, Zipkin, OpenTracing,
    /// OpenCensus, Elastic APM, New Relic or AWS X-Ray client, and no auto-instrumentation in
    /// the container or deployment (`opentelemetry-instrument`, `ddtrace-run`, `OTEL_EXPORTER_OTLP_*`).
    ///
    /// ## Why it matters
    /// When a request crosses services, logs of each one cannot say where the time went or which
    /// hop failed. Traces connect the spans of one request across processes.
    ///
    /// ## How to fix
    /// Add the OpenTelemetry SDK with an OTLP exporter, instrument the HTTP/gRPC server and
    /// clients through the framework's middleware, and propagate the trace context on outgoing
    /// calls.
    ///
    /// ## Example
    /// ```toml
    /// [dependencies]
    /// tracing = "0.1"
    /// ```
    /// Use instead:
    /// ```toml
    /// [dependencies]
    /// tracing = "0.1"
    /// tracing-opentelemetry = "0.27"
    /// opentelemetry-otlp = "0.26"
    /// ```
    ///
    /// ## Does not flag
    /// Projects that are not services; services using any tracing client above; auto-instrumented
    /// services (an `opentelemetry-instrument`/`ddtrace-run` command or `OTEL_EXPORTER_OTLP_*`
    /// variables in a Dockerfile, Kubernetes manifest, compose or env file); Sentry's tracing
    /// turned on in code (`traces_sample_rate`, `tracesSampleRate`, a traces sampler). Rust's `tracing`
    /// alone is in-process instrumentation, not distributed tracing.
    pub struct NoTracing {
        id: "no-tracing",
        category: Category::Observability,
        severity: Severity::Low,
        effort_hours: 4.0,
        kinds: &[Kind::Service],
        summary: "Service has no distributed tracing (OpenTelemetry, Datadog, Jaeger)",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const TRACERS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Cargo, "opentelemetry*"),
    (Ecosystem::Cargo, "tracing-opentelemetry"),
    (Ecosystem::Cargo, "datadog-tracing"),
    (Ecosystem::Cargo, "rustracing"),
    (Ecosystem::Cargo, "fastrace"),
    (Ecosystem::Cargo, "minitrace"),
    (Ecosystem::Go, "go.opentelemetry.io/otel"),
    (Ecosystem::Go, "go.opentelemetry.io/contrib"),
    (Ecosystem::Go, "gopkg.in/DataDog/dd-trace-go.v1"),
    (Ecosystem::Go, "github.com/DataDog/dd-trace-go"),
    (Ecosystem::Go, "github.com/opentracing/opentracing-go"),
    (Ecosystem::Go, "github.com/uber/jaeger-client-go"),
    (Ecosystem::Go, "github.com/openzipkin/zipkin-go"),
    (Ecosystem::Go, "go.opencensus.io"),
    (Ecosystem::Go, "github.com/newrelic/go-agent"),
    (Ecosystem::Go, "go.elastic.co/apm"),
    (Ecosystem::Go, "github.com/aws/aws-xray-sdk-go"),
    (Ecosystem::Npm, "@opentelemetry/*"),
    (Ecosystem::Npm, "dd-trace"),
    (Ecosystem::Npm, "jaeger-client"),
    (Ecosystem::Npm, "zipkin"),
    (Ecosystem::Npm, "opentracing"),
    (Ecosystem::Npm, "elastic-apm-node"),
    (Ecosystem::Npm, "newrelic"),
    (Ecosystem::Npm, "@vercel/otel"),
    (Ecosystem::Npm, "@google-cloud/trace-agent"),
    (Ecosystem::Npm, "aws-xray-sdk"),
    (Ecosystem::Npm, "aws-xray-sdk-core"),
    (Ecosystem::Python, "opentelemetry*"),
    (Ecosystem::Python, "ddtrace"),
    (Ecosystem::Python, "jaeger-client"),
    (Ecosystem::Python, "jaeger_client"),
    (Ecosystem::Python, "opentracing"),
    (Ecosystem::Python, "elastic-apm"),
    (Ecosystem::Python, "elasticapm"),
    (Ecosystem::Python, "newrelic"),
    (Ecosystem::Python, "py-zipkin"),
    (Ecosystem::Python, "py_zipkin"),
    (Ecosystem::Python, "opencensus*"),
    (Ecosystem::Python, "aws-xray-sdk"),
    (Ecosystem::Python, "aws_xray_sdk"),
];

/// Auto-instrumentation set up outside the code.
const DEPLOY_MARKERS: &[&str] = &[
    "opentelemetry-instrument",
    "ddtrace-run",
    "OTEL_EXPORTER_OTLP_",
    "@opentelemetry/auto-instrumentations-node",
    "dd-trace/init",
];

/// Sentry's performance tracing, turned on in code by a sample rate or a sampler
/// (`sentry_sdk.init(traces_sample_rate=0.1)`, `Sentry.init({ tracesSampleRate })`, Go
/// `TracesSampleRate:`): it records spans and propagates the trace across services.
fn sentry_tracing(project: &crate::model::Project) -> bool {
    crate::rules::util::find_in_production_code(
        project,
        &Language::CODE,
        &[
            "traces_sample_rate",
            "traces_sampler",
            "tracesSampleRate",
            "tracesSampler",
            "TracesSampleRate",
            "TracesSampler",
        ],
    )
    .is_some()
}

impl Rule for NoTracing {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let project = ctx.project;
        if !has_production_code(project) || first_lib_in_use(project, TRACERS).is_some() {
            return;
        }
        let auto = project.files.iter().any(|f| {
            matches!(
                f.language,
                Some(Language::Dockerfile | Language::Yaml | Language::Env | Language::Json)
            ) && f
                .text()
                .is_some_and(|t| DEPLOY_MARKERS.iter().any(|m| t.contains(m)))
        });
        if auto || sentry_tracing(project) {
            return;
        }
        out.push(ctx.finding(
            &Self::META,
            "this service has no distributed tracing (no OpenTelemetry, Datadog, Jaeger or Zipkin client): a slow or failing request cannot be followed across services",
        ));
    }
}
