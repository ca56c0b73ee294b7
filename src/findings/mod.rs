//! Findings: what a rule reports, and the vocabulary (category, severity) shared by every stage.

pub mod baseline;
pub mod fingerprint;
mod redact;
pub mod suppress;

pub use redact::{redact_secrets, redact_value};

use serde::{Deserialize, Serialize};
use std::fmt;

/// The thirteen audit categories. Their ids are a public contract (JSON, SARIF, config).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    ErrorHandling,
    Security,
    Configuration,
    Concurrency,
    ResourceManagement,
    Performance,
    Observability,
    Testing,
    CiCd,
    Deployment,
    Documentation,
    Data,
    CodeQuality,
}

impl Category {
    pub const ALL: [Category; 13] = [
        Category::ErrorHandling,
        Category::Security,
        Category::Configuration,
        Category::Concurrency,
        Category::ResourceManagement,
        Category::Performance,
        Category::Observability,
        Category::Testing,
        Category::CiCd,
        Category::Deployment,
        Category::Documentation,
        Category::Data,
        Category::CodeQuality,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Category::ErrorHandling => "error-handling",
            Category::Security => "security",
            Category::Configuration => "configuration",
            Category::Concurrency => "concurrency",
            Category::ResourceManagement => "resource-management",
            Category::Performance => "performance",
            Category::Observability => "observability",
            Category::Testing => "testing",
            Category::CiCd => "ci-cd",
            Category::Deployment => "deployment",
            Category::Documentation => "documentation",
            Category::Data => "data",
            Category::CodeQuality => "code-quality",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Category::ErrorHandling => "Error handling",
            Category::Security => "Security",
            Category::Configuration => "Configuration",
            Category::Concurrency => "Concurrency",
            Category::ResourceManagement => "Resource management",
            Category::Performance => "Performance",
            Category::Observability => "Observability",
            Category::Testing => "Testing",
            Category::CiCd => "CI/CD",
            Category::Deployment => "Deployment",
            Category::Documentation => "Documentation",
            Category::Data => "Data",
            Category::CodeQuality => "Code quality",
        }
    }

    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == id)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Severity, ordered from least to most severe so `>=` reads as "at least as severe".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL_DESCENDING: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// Roadmap tier: P0 = critical … P3 = low.
    pub fn tier(self) -> &'static str {
        match self {
            Severity::Critical => "P0",
            Severity::High => "P1",
            Severity::Medium => "P2",
            Severity::Low => "P3",
        }
    }

    pub fn from_id(id: &str) -> Option<Severity> {
        match id.to_ascii_lowercase().as_str() {
            "low" => Some(Severity::Low),
            "medium" => Some(Severity::Medium),
            "high" => Some(Severity::High),
            "critical" => Some(Severity::Critical),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A 1-based source location. `end_line` is inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Location {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
}

/// One reported problem, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
    /// Path relative to the audited root, with `/` separators; `None` for project-wide findings.
    pub path: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub end_line: Option<u32>,
    pub message: String,
    /// The flagged line, trimmed and with secrets redacted.
    pub snippet: Option<String>,
    pub effort_hours: f64,
    /// Normalised text of the flagged construct; feeds baseline fingerprints (not line-based).
    #[serde(skip)]
    pub construct: String,
    /// Stable identity for baselines (see [`fingerprint`]).
    pub fingerprint: String,
    /// Against a baseline: `new` or `existing`; absent without a baseline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

/// A finding's standing against a baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    New,
    Existing,
}

impl Finding {
    /// Sort key that makes report order deterministic: path, line, column, rule.
    pub fn sort_key(&self) -> (Option<&str>, Option<u32>, Option<u32>, &str, &str) {
        (
            self.path.as_deref(),
            self.line,
            self.column,
            self.rule.as_str(),
            self.message.as_str(),
        )
    }
}
