use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::{Ecosystem, Kind};
use crate::rules::project_helpers::{first_lib_in_use, has_production_code, production_languages};
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// A service, CLI or desktop application that uses no logging library at all: none of Rust
    /// `tracing`, `log`, `slog`, `fern`, `env_logger` (and friends); Go `log/slog`, zap, zerolog,
    /// logrus, go-kit/log, logr, hclog, klog; JavaScript pino, winston, bunyan, log4js,
    /// loglevel, consola, NestJS's `Logger`; Python `logging`, structlog, loguru.
    ///
    /// ## Why it matters
    /// Without a logging library, diagnostics are `println!`/`fmt.Println`/`console.log`: no
    /// levels to turn noise down in production or up while debugging, no timestamps, no fields
    /// to search by request or user, nothing a log pipeline can parse.
    ///
    /// ## How to fix
    /// Pick the ecosystem's structured logger (`tracing` + `tracing-subscriber`, `log/slog`,
    /// pino, `logging`/structlog), initialise it once at start-up with a level from the
    /// environment, and log events with fields rather than formatted strings.
    ///
    /// ## Example
    /// ```rust,ignore
    /// println!("user {} logged in", id);
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// tracing::info!(user_id = %id, "user logged in");
    /// ```
    ///
    /// ## Does not flag
    /// Libraries (only services, CLIs and desktop applications are judged), repositories without
    /// production code, and any project that declares or imports one of the libraries above in
    /// any of its languages, or that has its own levelled logger (a module named `log`, `logger`
    /// or `logging` defining three or more of `debug`/`info`/`warn`/`error`, as functions or
    /// methods). Go's plain `log` package is not structured and does not count.
    pub struct NoStructuredLogging {
        id: "no-structured-logging",
        category: Category::Observability,
        severity: Severity::Medium,
        effort_hours: 2.0,
        kinds: &[Kind::Service, Kind::Cli, Kind::Desktop],
        summary: "No logging library: diagnostics have no levels, fields or timestamps",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const LOGGERS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Cargo, "tracing"),
    (Ecosystem::Cargo, "tracing-subscriber"),
    (Ecosystem::Cargo, "log"),
    (Ecosystem::Cargo, "slog"),
    (Ecosystem::Cargo, "fern"),
    (Ecosystem::Cargo, "env_logger"),
    (Ecosystem::Cargo, "pretty_env_logger"),
    (Ecosystem::Cargo, "simplelog"),
    (Ecosystem::Cargo, "flexi_logger"),
    (Ecosystem::Cargo, "log4rs"),
    (Ecosystem::Cargo, "femme"),
    (Ecosystem::Cargo, "stderrlog"),
    (Ecosystem::Cargo, "simple_logger"),
    (Ecosystem::Go, "log/slog"),
    (Ecosystem::Go, "go.uber.org/zap"),
    (Ecosystem::Go, "github.com/rs/zerolog"),
    (Ecosystem::Go, "github.com/sirupsen/logrus"),
    (Ecosystem::Go, "github.com/go-kit/log"),
    (Ecosystem::Go, "github.com/go-kit/kit/log"),
    (Ecosystem::Go, "github.com/go-logr/logr"),
    (Ecosystem::Go, "github.com/hashicorp/go-hclog"),
    (Ecosystem::Go, "github.com/apex/log"),
    (Ecosystem::Go, "github.com/charmbracelet/log"),
    (Ecosystem::Go, "github.com/inconshreveable/log15"),
    (Ecosystem::Go, "k8s.io/klog"),
    (Ecosystem::Go, "github.com/golang/glog"),
    (Ecosystem::Go, "github.com/juju/loggo"),
    (Ecosystem::Go, "github.com/op/go-logging"),
    (Ecosystem::Go, "github.com/cihub/seelog"),
    (Ecosystem::Go, "github.com/gologme/log"),
    (Ecosystem::Go, "github.com/anacrolix/log"),
    (Ecosystem::Go, "github.com/tideland/golib/logger"),
    (Ecosystem::Npm, "pino"),
    (Ecosystem::Npm, "winston"),
    (Ecosystem::Npm, "bunyan"),
    (Ecosystem::Npm, "log4js"),
    (Ecosystem::Npm, "loglevel"),
    (Ecosystem::Npm, "consola"),
    (Ecosystem::Npm, "signale"),
    (Ecosystem::Npm, "tslog"),
    (Ecosystem::Npm, "roarr"),
    (Ecosystem::Npm, "npmlog"),
    (Ecosystem::Npm, "electron-log"),
    (Ecosystem::Npm, "@logtape/logtape"),
    (Ecosystem::Npm, "pino-http"),
    (Ecosystem::Npm, "nestjs-pino"),
    (Ecosystem::Npm, "captains-log"),
    (Ecosystem::Python, "logging"),
    (Ecosystem::Python, "structlog"),
    (Ecosystem::Python, "loguru"),
    (Ecosystem::Python, "logbook"),
    (Ecosystem::Python, "eliot"),
];

/// Definitions of level functions or methods: Go `func (l *Logger) Infof(`, Rust `fn warn(`,
/// Python `def warning(`, JS/TS `warn(msg) {` / `function error(`. Group 1 is the level.
static LEVEL_DEFINITION: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(
    || {
        regex::Regex::new(
            r"(?mi)^\s*(?:func\s+(?:\([^)]*\)\s*)?|(?:pub(?:\([^)]*\))?\s+)?fn\s+|(?:async\s+)?def\s+|(?:export\s+)?(?:async\s+)?function\s+|(?:public\s+|static\s+)*)(debug|info|warn|warning|error)(?:f|ln)?\s*\([^)\n]*\)[^\n{:]*[{:]",
        )
        .ok()
    },
);

/// The project's own levelled logger: a production module named `log`, `logger` or `logging`
/// (the file, or its folder) that defines at least three level functions (`Debugf`, `Infof`,
/// `Warnf`, `Errorf`; a `Logger` class with `debug()/warn()/error()`). v2ray's `common/log`,
/// esbuild's `internal/logger` and knex's `lib/logger.js` are such loggers.
fn own_levelled_logger(project: &crate::model::Project) -> bool {
    let Some(re) = LEVEL_DEFINITION.as_ref() else {
        return false;
    };
    let named = |rel: &str| {
        let mut parts = rel.rsplit('/');
        let file = parts.next().unwrap_or("");
        let stem = file.split('.').next().unwrap_or("").to_ascii_lowercase();
        let dir = parts.next().unwrap_or("").to_ascii_lowercase();
        ["log", "logger", "logging", "logs"]
            .iter()
            .any(|n| stem == *n || dir == *n)
    };
    crate::classify::Language::CODE.iter().any(|&language| {
        project.production_sources(language).any(|(f, text)| {
            named(&f.rel_path) && {
                let levels: std::collections::HashSet<String> = re
                    .captures_iter(text)
                    .filter_map(|c| c.get(1))
                    .map(|m| m.as_str().to_ascii_lowercase().replace("warning", "warn"))
                    .collect();
                levels.len() >= 3
            }
        })
    })
}

impl Rule for NoStructuredLogging {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let project = ctx.project;
        if !has_production_code(project) || first_lib_in_use(project, LOGGERS).is_some() {
            return;
        }
        // NestJS ships its own levelled logger.
        let nest_logger = project.uses(Ecosystem::Npm, "@nestjs/common")
            && crate::rules::project_helpers::find_in_code(
                project,
                &[
                    crate::classify::Language::TypeScript,
                    crate::classify::Language::JavaScript,
                ],
                &[crate::classify::Role::Production],
                &["Logger"],
            )
            .is_some();
        if nest_logger || own_levelled_logger(project) {
            return;
        }
        let langs: Vec<&str> = production_languages(project)
            .iter()
            .map(|(l, _)| l.display_name())
            .collect();
        let kind = [Kind::Service, Kind::Cli, Kind::Desktop]
            .into_iter()
            .find(|k| project.kinds.contains(k))
            .map_or("application", |k| k.id());
        out.push(ctx.finding(
            &Self::META,
            format!(
                "this {} {kind} uses no logging library: diagnostics have no levels, timestamps or fields",
                langs.join("/")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::LEVEL_DEFINITION;

    fn levels(text: &str) -> Vec<String> {
        let Some(re) = LEVEL_DEFINITION.as_ref() else {
            panic!("the level pattern compiles");
        };
        re.captures_iter(text)
            .filter_map(|c| c.get(1))
            .map(|m| m.as_str().to_string())
            .collect()
    }

    #[test]
    fn level_definitions_in_each_language() {
        let js = "class Logger {\n  debug(message) {\n    this._debug(message);\n  }\n  warn(message) {\n  }\n  error(message) {\n  }\n}\n";
        assert_eq!(levels(js), ["debug", "warn", "error"]);
        let py = "def info(msg, *args):\n    pass\n\nasync def warning(msg):\n    pass\n";
        assert_eq!(levels(py), ["info", "warning"]);
        let rs = "pub fn error(msg: &str) {\n}\nfn debug(msg: &str) {}\n";
        assert_eq!(levels(rs), ["error", "debug"]);
        let go = "func (l *Logger) Infof(format string, args ...any) {\n}\n";
        assert_eq!(levels(go), ["Info"]);
        // Calls are not definitions.
        let calls = "  debug('x', { a: 1 });\n  error(err);\n  logger.warn(msg) \n";
        assert!(levels(calls).is_empty(), "{:?}", levels(calls));
    }
}
