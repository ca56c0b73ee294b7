super::category_rules! {
    no_structured_logging::NoStructuredLogging,
    no_metrics::NoMetrics,
    no_health_endpoint::NoHealthEndpoint,
    no_tracing::NoTracing,
    debug_print::DebugPrint,
}

/// A file whose job is to print (a CLI front end, `package main`, an output module): also what
/// `log-leaks-secret` needs to tell a command's output from a log.
pub(crate) use debug_print::is_cli_file;
