//! Command-line definitions (clap). Behaviour lives in `app`.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  the audit ran and no gate failed (whatever it found)
  1  a gate failed (--fail-on, --fail-under, --fail-on-new)
  2  usage error, unreadable PATH, invalid configuration or baseline, or internal failure";

#[derive(Debug, Parser)]
#[command(name = "readiness", version, about = "Audits a repository for production readiness.", after_help = EXIT_CODES_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit a repository and write the report.
    #[command(after_help = EXIT_CODES_HELP)]
    Audit(AuditArgs),
    /// Record today's findings as a baseline for `audit --baseline`.
    Baseline {
        /// Repository to audit.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Where to write the baseline.
        #[arg(
            long,
            short,
            default_value = ".readiness-baseline.json",
            value_name = "FILE"
        )]
        output: PathBuf,
        /// Configuration file (default: PATH/readiness.toml when present).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Write a commented readiness.toml: audits, shows what was detected, and asks.
    Init {
        /// Repository to configure.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Accept the detected defaults without asking (no terminal needed).
        #[arg(long)]
        yes: bool,
        /// Overwrite an existing readiness.toml.
        #[arg(long)]
        force: bool,
    },
    /// Record a sign-off in readiness.toml (refused while P0 items are open, unless --override).
    Signoff {
        /// The role signing off, e.g. security.
        role: String,
        /// Who signs off.
        #[arg(long)]
        by: String,
        /// Repository to audit.
        #[arg(long, default_value = ".")]
        path: PathBuf,
        /// Record the sign-off despite open P0 items, with this reason.
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
        /// Configuration file (default: PATH/readiness.toml).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Validate readiness.toml and run the custom rules' examples.
    CheckConfig {
        /// Repository whose readiness.toml to check.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Configuration file (default: PATH/readiness.toml).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// List every rule: id, category, severity, languages, kinds, summary.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print a rule's documentation.
    Explain {
        /// Rule id, e.g. unwrap-outside-tests.
        rule: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// Repository to audit.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Report format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Terminal)]
    pub format: OutputFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 if any finding is at least this severe.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<SeverityArg>,
    /// Exit 1 if the grade is worse than GRADE (A–F) or the score is below SCORE (0–100).
    #[arg(long, value_name = "GRADE|SCORE")]
    pub fail_under: Option<String>,
    /// Exit 1 if a finding new since the baseline is at least this severe (needs --baseline).
    #[arg(long, value_enum, value_name = "SEVERITY", requires = "baseline")]
    pub fail_on_new: Option<SeverityArg>,
    /// Compare with a baseline: mark findings new or existing, list resolved ones.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Report file findings only on lines added or changed since REV (project rules always run).
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    /// Skip files larger than this many bytes.
    #[arg(long, default_value_t = 1_000_000, value_name = "BYTES")]
    pub max_file_size: u64,
    /// Per-file parse time budget in milliseconds.
    #[arg(long, default_value_t = 3_000, value_name = "MS")]
    pub parse_timeout_ms: u64,
    /// Run only these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub only: Option<Vec<String>>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Configuration file (default: PATH/readiness.toml when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Colour in the terminal report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Terminal,
    Markdown,
    Json,
    Sarif,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Critical,
    High,
    Medium,
    Low,
}

impl From<SeverityArg> for crate::findings::Severity {
    fn from(s: SeverityArg) -> Self {
        use crate::findings::Severity;
        match s {
            SeverityArg::Critical => Severity::Critical,
            SeverityArg::High => Severity::High,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::Low => Severity::Low,
        }
    }
}
