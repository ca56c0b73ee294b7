super::category_rules! {
    no_structured_logging::NoStructuredLogging,
    no_metrics::NoMetrics,
    no_health_endpoint::NoHealthEndpoint,
    no_tracing::NoTracing,
    debug_print::DebugPrint,
}
