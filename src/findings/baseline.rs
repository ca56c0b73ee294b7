//! Baselines: today's findings recorded by fingerprint, so later runs can tell `new` findings
//! from `existing` ones and list the `resolved`.

use super::{Finding, Severity, Status};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub const DEFAULT_FILE: &str = ".readiness-baseline.json";
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule: String,
    pub severity: Severity,
    pub path: Option<String>,
    pub line: Option<u32>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    pub schema_version: u32,
    pub tool_version: String,
    pub findings: Vec<BaselineEntry>,
}

impl Baseline {
    pub fn from_findings(findings: &[Finding]) -> Self {
        Baseline {
            schema_version: SCHEMA_VERSION,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            findings: findings
                .iter()
                .map(|f| BaselineEntry {
                    fingerprint: f.fingerprint.clone(),
                    rule: f.rule.clone(),
                    severity: f.severity,
                    path: f.path.clone(),
                    line: f.line,
                    message: f.message.clone(),
                })
                .collect(),
        }
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if b.schema_version != SCHEMA_VERSION {
            return Err(format!(
                "unsupported baseline schema_version {}",
                b.schema_version
            ));
        }
        Ok(b)
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Comparison {
    pub new: usize,
    pub existing: usize,
    pub resolved: Vec<BaselineEntry>,
}

/// Marks each finding `new` or `existing`; baseline entries matched by neither a finding nor a
/// suppressed finding are `resolved` — but only entries this run could have seen again
/// (`judged`): a rule left out with `--only`, or a file outside a `--since` diff, resolves nothing.
pub fn compare(
    baseline: &Baseline,
    findings: &mut [Finding],
    suppressed: &[Finding],
    judged: &dyn Fn(&BaselineEntry) -> bool,
) -> Comparison {
    let known: HashSet<&str> = baseline
        .findings
        .iter()
        .map(|e| e.fingerprint.as_str())
        .collect();
    let mut c = Comparison::default();
    for f in findings.iter_mut() {
        if known.contains(f.fingerprint.as_str()) {
            f.status = Some(Status::Existing);
            c.existing += 1;
        } else {
            f.status = Some(Status::New);
            c.new += 1;
        }
    }
    let present: HashSet<&str> = findings
        .iter()
        .chain(suppressed)
        .map(|f| f.fingerprint.as_str())
        .collect();
    c.resolved = baseline
        .findings
        .iter()
        .filter(|e| !present.contains(e.fingerprint.as_str()) && judged(e))
        .cloned()
        .collect();
    c
}
