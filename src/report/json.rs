//! `--format json`: the machine contract, schema_version 1, documented in `docs/json-report.md`.

use super::{Format, Report};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::io::{self, Write};

pub const SCHEMA_VERSION: u32 = 1;

pub struct Json;

#[derive(Serialize)]
struct CategoryOut<'a> {
    id: &'a str,
    title: &'a str,
    score: Option<f64>,
    weight: f64,
    findings: usize,
}

impl Format for Json {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let value = to_value(report);
        serde_json::to_writer_pretty(&mut *out, &value)?;
        writeln!(out)
    }
}

pub fn to_value(report: &Report<'_>) -> Value {
    let mut languages = Map::new();
    for (lang, stats) in report.languages() {
        languages.insert(lang.id().to_string(), json!(stats));
    }
    let kinds: Vec<&str> = report.kinds().map(|k| k.id()).collect();
    let categories: Vec<CategoryOut> = report
        .score
        .categories
        .iter()
        .map(|c| CategoryOut {
            id: c.category.id(),
            title: c.category.title(),
            score: c.score,
            weight: c.weight,
            findings: c.findings,
        })
        .collect();
    let checklist: Vec<Value> = report
        .checklist
        .iter()
        .map(|i| json!({"rule": i.rule.id, "passed": i.findings == 0, "findings": i.findings}))
        .collect();
    let roadmap: Vec<Value> = report
        .roadmap
        .iter()
        .map(|(sev, items)| {
            json!({
                "tier": sev.tier(),
                "severity": sev.id(),
                "effort_hours": round1(items.iter().map(|i| i.effort_hours).sum()),
                "items": items.iter().map(|i| json!({
                    "rule": i.rule.id,
                    "findings": i.findings,
                    "effort_hours": round1(i.effort_hours),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "readiness", "version": env!("CARGO_PKG_VERSION")},
        "root": report.root_display,
        "profile": {"languages": languages, "kinds": kinds},
        "score": report.score.score,
        "grade": report.score.grade.to_string(),
        "categories": categories,
        "findings": report.findings(),
        "checklist": checklist,
        "roadmap": roadmap,
        "mode": report.mode,
        "manual_checklist": report.manual,
        "weights_note": report.weights_note,
        "preview": report.preview,
        "signoffs": report.signoffs,
        "baseline": report.comparison.as_ref().map(|c| json!({
            "new": c.new,
            "existing": c.existing,
            "resolved": c.resolved.len(),
        })),
        "resolved": report.comparison.as_ref().map(|c| &c.resolved),
        "suppressed": report.suppressed(),
        "skipped": report.skipped(),
        "notes": report.notes(),
        "stats": report.stats(),
    })
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
