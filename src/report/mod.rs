//! report: one view model ([`Report`]) built from the audit and its score, rendered by one
//! [`Format`] per output file (terminal, Markdown, JSON).

pub mod escape;
mod html;
mod json;
mod markdown;
pub mod sarif;
mod summary;
mod terminal;

pub use html::Html;
pub use json::Json;
pub use markdown::Markdown;
pub use sarif::Sarif;
pub use summary::StepSummary;
pub use terminal::Terminal;

use crate::config::apply::ManualItem;
use crate::config::signoff::SignoffStatus;
use crate::engine::{Audit, Stats};
use crate::findings::baseline::Comparison;
use crate::findings::suppress::Suppressed;
use crate::findings::{Category, Finding, Severity};
use crate::model::{Kind, LanguageStats};
use crate::rules::RuleMeta;
use crate::score::ScoreCard;
use crate::walk::{Note, Skipped};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Assumptions behind effort estimates, shown with the roadmap.
pub const EFFORT_ASSUMPTIONS: &[&str] = &[
    "Effort is per occurrence: the rule's typical fix time times the number of findings.",
    "It covers the change, a test for it and review; not design work a finding may reveal.",
    "Occurrences of the same rule are often fixed faster in bulk; treat totals as an upper bound.",
];

/// A rendered output format.
pub trait Format {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// One line of the checklist: a rule that applied, passed or failed.
#[derive(Debug, Clone)]
pub struct ChecklistItem {
    pub rule: &'static RuleMeta,
    pub findings: usize,
}

/// One roadmap item: a rule's findings of one severity.
#[derive(Debug, Clone)]
pub struct RoadmapItem {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub findings: usize,
    pub effort_hours: f64,
}

pub struct Report<'a> {
    pub audit: &'a Audit,
    pub score: &'a ScoreCard,
    pub root_display: String,
    pub checklist: Vec<ChecklistItem>,
    /// Tiers P0..P3 in order, each with its items (most findings first).
    pub roadmap: Vec<(Severity, Vec<RoadmapItem>)>,
    /// Which mode ran ("full audit", "diff-aware since …"), said in every report.
    pub mode: String,
    /// Against a baseline: counts of new and existing findings, and the resolved ones.
    pub comparison: Option<Comparison>,
    /// Manual checklist items from `readiness.toml`.
    pub manual: Vec<ManualItem>,
    /// Said when configured weights had to be normalised.
    pub weights_note: Option<String>,
    /// Findings of rules newer than the pinned rule set (not scored).
    pub preview: Vec<Finding>,
    pub signoffs: Vec<SignoffStatus>,
}

impl<'a> Report<'a> {
    pub fn new(audit: &'a Audit, score: &'a ScoreCard, root_display: String) -> Self {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &audit.findings {
            *counts.entry(f.rule.as_str()).or_default() += 1;
        }
        let checklist = audit
            .applied
            .iter()
            .filter_map(|id| audit.rule_meta(id))
            .map(|rule| ChecklistItem {
                rule,
                findings: counts.get(rule.id).copied().unwrap_or(0),
            })
            .collect();

        let mut by_tier: BTreeMap<(Severity, &str), (usize, f64)> = BTreeMap::new();
        for f in &audit.findings {
            let e = by_tier.entry((f.severity, f.rule.as_str())).or_default();
            e.0 += 1;
            e.1 += f.effort_hours;
        }
        let roadmap = Severity::ALL_DESCENDING
            .iter()
            .map(|&sev| {
                let mut items: Vec<RoadmapItem> = by_tier
                    .iter()
                    .filter(|((s, _), _)| *s == sev)
                    .filter_map(|((_, id), (n, hours))| {
                        audit.rule_meta(id).map(|rule| RoadmapItem {
                            rule,
                            severity: sev,
                            findings: *n,
                            effort_hours: *hours,
                        })
                    })
                    .collect();
                items.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.rule.id.cmp(b.rule.id)));
                (sev, items)
            })
            .collect();
        Report {
            audit,
            score,
            root_display,
            checklist,
            roadmap,
            mode: "full audit".into(),
            comparison: None,
            manual: Vec::new(),
            weights_note: None,
            preview: Vec::new(),
            signoffs: Vec::new(),
        }
    }

    pub fn with_governance(mut self, preview: Vec<Finding>, signoffs: Vec<SignoffStatus>) -> Self {
        self.preview = preview;
        self.signoffs = signoffs;
        self
    }

    pub fn with_manual(mut self, manual: Vec<ManualItem>, weights_note: Option<String>) -> Self {
        self.manual = manual;
        self.weights_note = weights_note;
        self
    }

    pub fn with_mode(mut self, mode: String) -> Self {
        self.mode = mode;
        self
    }

    pub fn with_comparison(mut self, comparison: Option<Comparison>) -> Self {
        self.comparison = comparison;
        self
    }

    pub fn mode_description(&self) -> &str {
        &self.mode
    }

    /// Findings waved through by suppressions, with their reasons.
    pub fn suppressed(&self) -> &[Suppressed] {
        &self.audit.suppressed
    }

    /// Open findings per severity: critical, high, medium, low.
    pub fn severity_counts(&self) -> [usize; 4] {
        let mut c = [0; 4];
        for f in self.findings() {
            c[3 - f.severity as usize] += 1;
        }
        c
    }

    pub fn findings(&self) -> &[Finding] {
        &self.audit.findings
    }

    pub fn skipped(&self) -> &[Skipped] {
        &self.audit.skipped
    }

    pub fn notes(&self) -> &[Note] {
        &self.audit.notes
    }

    pub fn stats(&self) -> &Stats {
        &self.audit.stats
    }

    pub fn languages(&self) -> &BTreeMap<crate::classify::Language, LanguageStats> {
        &self.audit.project.languages
    }

    pub fn kinds(&self) -> impl Iterator<Item = Kind> + '_ {
        self.audit.project.kinds.iter().copied()
    }

    /// Findings ordered worst first (severity, then location).
    pub fn worst_findings(&self) -> Vec<&Finding> {
        let mut v: Vec<&Finding> = self.audit.findings.iter().collect();
        v.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.sort_key().cmp(&b.sort_key()))
        });
        v
    }

    /// The three roadmap items to fix first: the most severe, then the most frequent.
    pub fn top_three(&self) -> Vec<&RoadmapItem> {
        self.roadmap
            .iter()
            .flat_map(|(_, items)| items.iter())
            .take(3)
            .collect()
    }

    /// Effort of a tier: its findings plus its open manual items.
    pub fn tier_effort(&self, severity: Severity) -> f64 {
        let findings: f64 = self
            .roadmap
            .iter()
            .filter(|(s, _)| *s == severity)
            .flat_map(|(_, items)| items.iter())
            .map(|i| i.effort_hours)
            .sum();
        let manual: f64 = self.manual_open(severity).map(|m| m.effort_hours).sum();
        findings + manual
    }

    /// Open manual checklist items of a tier.
    pub fn manual_open(&self, severity: Severity) -> impl Iterator<Item = &ManualItem> {
        self.manual
            .iter()
            .filter(move |m| m.is_open() && m.severity == severity)
    }

    /// "Rust + Go service, 3 packages, 12.3k lines of code, 0.4 test lines per line" — what
    /// was audited and as what, in one line.
    pub fn profile_line(&self) -> String {
        let langs: Vec<&str> = self
            .languages()
            .iter()
            .filter(|(_, s)| s.files + s.test_files > 0)
            .map(|(l, _)| l.display_name())
            .collect();
        let kinds: Vec<&str> = self.kinds().map(|k| k.id()).collect();
        let code: usize = self.languages().values().map(|s| s.lines).sum();
        let tests: usize = self.languages().values().map(|s| s.test_lines).sum();
        let mut out = if langs.is_empty() {
            "No source code".to_string()
        } else {
            langs.join(" + ")
        };
        if !kinds.is_empty() {
            out.push(' ');
            out.push_str(&kinds.join(" + "));
        } else if !langs.is_empty() {
            out.push_str(" project");
        }
        let packages = self
            .audit
            .project
            .manifests
            .iter()
            .filter(|m| m.name.is_some())
            .count();
        if packages > 0 {
            out.push_str(&format!(
                ", {packages} package{}",
                if packages == 1 { "" } else { "s" }
            ));
        }
        out.push_str(&format!(", {} lines of code", human_count(code)));
        if code > 0 {
            out.push_str(&format!(
                ", {:.2} test lines per line of code",
                tests as f64 / code as f64
            ));
        }
        out
    }

    pub fn category_title(c: Category) -> &'static str {
        c.title()
    }
}

/// 12345 → "12.3k".
pub fn human_count(n: usize) -> String {
    if n >= 10_000 {
        format!("{:.1}k", n as f64 / 1000.0)
    } else {
        n.to_string()
    }
}

/// `2.0` → "2", `0.5` → "0.5", `-0.0` → "0".
pub fn hours(h: f64) -> String {
    // `+ 0.0` turns the -0.0 that summing an empty iterator of floats gives into 0.
    let r = (h * 10.0).round() / 10.0 + 0.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_short_and_never_negative_zero() {
        assert_eq!(hours(2.0), "2");
        assert_eq!(hours(0.25), "0.3");
        assert_eq!(hours(std::iter::empty::<f64>().sum()), "0");
    }

    #[test]
    fn counts_are_human() {
        assert_eq!(human_count(999), "999");
        assert_eq!(human_count(12_345), "12.3k");
    }
}
