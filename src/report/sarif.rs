//! `--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps).
//!
//! One run; every rule that applied is in `tool.driver.rules`; every finding is a result with a
//! physical location and a `partialFingerprints` entry (the baseline fingerprint). Project
//! findings without a file point at the root manifest (or README, or the first file). GitHub's
//! limits are respected: at most [`MAX_RESULTS`] results and about [`MAX_BYTES`] bytes; beyond
//! them the most severe findings are kept and a notification says what was cut.

use super::{Format, Report};
use crate::findings::{Finding, Severity};
use crate::rules::RuleMeta;
use serde_json::{Value, json};
use std::io::{self, Write};

pub const MAX_RESULTS: usize = 25_000;
pub const MAX_BYTES: usize = 10_000_000;
/// Files not audited are listed as notifications, up to this many.
const MAX_SKIP_NOTIFICATIONS: usize = 100;
/// Where rule documentation is published; `helpUri` must be absolute.
pub const DOCS_BASE: &str = "https://readiness.invalid/docs/rules.md";

pub struct Sarif;

pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// `unwrap-outside-tests` → `UnwrapOutsideTests`.
fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The first paragraph under a `## heading` of a rule's docs.
fn section(docs: &str, heading: &str) -> String {
    let mut lines = docs.lines().skip_while(|l| l.trim() != heading).skip(1);
    let mut out = Vec::new();
    for l in lines.by_ref() {
        if l.starts_with("## ") {
            break;
        }
        out.push(l);
    }
    out.join("\n").trim().to_string()
}

fn rule_descriptor(m: &RuleMeta) -> Value {
    let docs = m.docs_markdown();
    let what = section(&docs, "## What it finds");
    let fix = section(&docs, "## How to fix");
    json!({
        "id": m.id,
        "name": pascal(m.id),
        "shortDescription": {"text": m.summary},
        "fullDescription": {"text": if what.is_empty() { m.summary.to_string() } else { what }},
        "help": {"text": fix.clone(), "markdown": docs},
        "helpUri": format!("{DOCS_BASE}#{}", m.id),
        "defaultConfiguration": {"level": level(m.severity)},
        "properties": {
            "tags": [m.category.id()],
            "problem.severity": level(m.severity),
            "readiness/severity": m.severity.id(),
        },
    })
}

/// Where a project finding without a file is shown.
fn fallback_path(r: &Report<'_>) -> String {
    let p = &r.audit.project;
    for name in [
        "Cargo.toml",
        "go.mod",
        "package.json",
        "pyproject.toml",
        "setup.py",
        "README.md",
    ] {
        if p.file(name).is_some() {
            return name.to_string();
        }
    }
    p.files
        .first()
        .map(|f| f.rel_path.clone())
        .unwrap_or_else(|| "README.md".into())
}

fn result(f: &Finding, rule_index: Option<usize>, fallback: &str) -> Value {
    let uri = f.path.clone().unwrap_or_else(|| fallback.to_string());
    let mut region = serde_json::Map::new();
    region.insert("startLine".into(), json!(f.line.unwrap_or(1)));
    if let Some(c) = f.column {
        region.insert("startColumn".into(), json!(c));
    }
    if let Some(e) = f.end_line {
        region.insert("endLine".into(), json!(e));
    }
    if let Some(s) = &f.snippet {
        region.insert("snippet".into(), json!({"text": s}));
    }
    let mut message = f.message.clone();
    if f.path.is_none() {
        message.push_str(" (project-wide finding)");
    }
    let mut v = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": {"text": message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": percent_encode_path(&uri), "uriBaseId": "%SRCROOT%"},
                "region": Value::Object(region),
            }
        }],
        "partialFingerprints": {"readiness/v1": f.fingerprint},
        "properties": {"severity": f.severity.id(), "category": f.category.id(), "effortHours": f.effort_hours},
    });
    if let (Some(i), Some(obj)) = (rule_index, v.as_object_mut()) {
        obj.insert("ruleIndex".into(), json!(i));
    }
    if let (Some(status), Some(obj)) = (f.status, v.as_object_mut()) {
        obj.insert(
            "baselineState".into(),
            json!(match status {
                crate::findings::Status::New => "new",
                crate::findings::Status::Existing => "unchanged",
            }),
        );
    }
    v
}

/// Relative URI references: keep `/`, escape what URIs do not allow.
fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn to_value(r: &Report<'_>) -> Value {
    let applied: Vec<&RuleMeta> = r
        .audit
        .applied
        .iter()
        .filter_map(|id| r.audit.rule_meta(id))
        .collect();
    let rules: Vec<Value> = applied.iter().map(|m| rule_descriptor(m)).collect();
    let fallback = fallback_path(r);

    // Most severe first, so that a cut keeps what matters.
    let ordered = r.worst_findings();
    let mut results = Vec::new();
    let mut bytes = 0usize;
    let mut cut = 0usize;
    for f in &ordered {
        let index = applied.iter().position(|m| m.id == f.rule);
        let v = result(f, index, &fallback);
        let size = v.to_string().len();
        if results.len() >= MAX_RESULTS || bytes + size > MAX_BYTES - 1_000_000 {
            cut += 1;
            continue;
        }
        bytes += size;
        results.push(v);
    }
    let mut notifications = Vec::new();
    if cut > 0 {
        notifications.push(json!({
            "level": "warning",
            "message": {"text": format!(
                "{cut} of {} findings were left out to stay within code scanning limits ({MAX_RESULTS} results, {} MB); the most severe were kept. Use --format json for all.",
                ordered.len(), MAX_BYTES / 1_000_000)},
        }));
    }
    for s in r.skipped().iter().take(MAX_SKIP_NOTIFICATIONS) {
        notifications.push(json!({
            "level": "note",
            "message": {"text": format!("not audited: {}", s.reason)},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": percent_encode_path(if s.path.is_empty() { &fallback } else { &s.path }), "uriBaseId": "%SRCROOT%"}}}],
        }));
    }
    let root_uri = format!(
        "file://{}/",
        percent_encode_path(&r.audit.project.root.to_string_lossy())
    );
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "readiness",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://readiness.invalid/",
                "rules": rules,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
            "properties": {"score": r.score.score, "grade": r.score.grade.to_string(), "mode": r.mode_description()},
        }],
    })
}

impl Format for Sarif {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        // Compact: the size budget is measured on this form, and SARIF is read by tools.
        serde_json::to_writer(&mut *out, &to_value(report))?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_levels_and_uris() {
        assert_eq!(pascal("unwrap-outside-tests"), "UnwrapOutsideTests");
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Low), "note");
        assert_eq!(percent_encode_path("a b/<x>.rs"), "a%20b/%3Cx%3E.rs");
    }
}
