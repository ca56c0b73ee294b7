//! What a validated configuration changes in a run: the model, the rule set, the findings
//! (severity overrides, `[[suppress]]`), the weights, and the manual checklist items.

use super::{Config, Date};
use crate::findings::suppress::Suppressed;
use crate::findings::{Category, Finding, Severity};
use crate::model::{Kind, ModelOptions};
use crate::rules::Rule;
use crate::rules::code_quality::SuppressionExpired;
use serde::Serialize;
use std::collections::BTreeMap;

pub fn model_options(config: &Config) -> ModelOptions {
    ModelOptions {
        test_paths: config
            .profile
            .test_paths
            .iter()
            .map(|g| g.get_ref().clone())
            .collect(),
        kinds: config.profile.kinds.as_ref().map(|ks| {
            ks.iter()
                .filter_map(|k| Kind::from_id(k.get_ref()))
                .collect()
        }),
        rule_options: config
            .rules
            .iter()
            .filter(|(_, r)| !r.options.is_empty())
            .map(|(id, r)| (id.get_ref().clone(), r.options.clone()))
            .collect(),
    }
}

/// Built-in rules minus the disabled ones, plus the custom rules.
pub fn rules(config: &Config) -> Result<Vec<&'static dyn Rule>, String> {
    let disabled = |id: &str| {
        config
            .rules
            .iter()
            .any(|(k, r)| k.get_ref() == id && r.enabled == Some(false))
    };
    let mut out: Vec<&'static dyn Rule> = crate::rules::builtin_rules()
        .into_iter()
        .filter(|r| !disabled(r.meta().id))
        .collect();
    for r in crate::rules::custom::build(&config.custom_rule)? {
        if !disabled(r.meta().id) {
            out.push(r);
        }
    }
    Ok(out)
}

/// Severity overrides, then `[[suppress]]` entries: matching findings move to `suppressed`
/// (source: the config file and line); an expired entry suppresses nothing and is reported.
pub fn apply_to_findings(
    config: &Config,
    config_label: &str,
    text: &str,
    today: Date,
    findings: &mut Vec<Finding>,
    suppressed: &mut Vec<Suppressed>,
    expired_enabled: bool,
) {
    for (id, rule) in &config.rules {
        if let Some(sev) = rule
            .severity
            .as_ref()
            .and_then(|s| Severity::from_id(s.get_ref()))
        {
            for f in findings.iter_mut().filter(|f| &f.rule == id.get_ref()) {
                f.severity = sev;
            }
            for s in suppressed
                .iter_mut()
                .filter(|s| &s.finding.rule == id.get_ref())
            {
                s.finding.severity = sev;
            }
        }
    }
    let mut expired_findings = Vec::new();
    for entry in &config.suppress {
        let line = text
            .get(..entry.rule.span().start)
            .map_or(1, |t| t.matches('\n').count() + 1);
        let expires = entry
            .expires
            .as_ref()
            .and_then(|e| Date::from_toml(e.get_ref()));
        if let Some(date) = expires.filter(|d| *d < today) {
            if expired_enabled {
                let mut f = Finding {
                    rule: SuppressionExpired::META.id.to_string(),
                    category: SuppressionExpired::META.category,
                    severity: SuppressionExpired::META.severity,
                    path: Some(config_label.to_string()),
                    line: Some(line as u32),
                    column: Some(1),
                    end_line: Some(line as u32),
                    message: format!(
                        "suppression of `{}` expired on {date}; its findings count again",
                        entry.rule.get_ref()
                    ),
                    snippet: text
                        .lines()
                        .nth(line - 1)
                        .map(crate::rules::context::make_snippet),
                    effort_hours: SuppressionExpired::META.effort_hours,
                    construct: format!("suppress:{}", entry.rule.get_ref()),
                    fingerprint: String::new(),
                    status: None,
                };
                f.construct.push_str(
                    &entry
                        .paths
                        .iter()
                        .map(|p| p.get_ref().as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                );
                expired_findings.push(f);
            }
            continue;
        }
        let globs = crate::walk::build_excludes(
            &entry
                .paths
                .iter()
                .map(|p| p.get_ref().clone())
                .collect::<Vec<_>>(),
        )
        .ok();
        let reason = entry
            .reason
            .as_ref()
            .map(|r| r.get_ref().clone())
            .unwrap_or_default();
        let matches = |f: &Finding| {
            f.rule == *entry.rule.get_ref()
                && (entry.paths.is_empty()
                    || f.path
                        .as_deref()
                        .is_some_and(|p| globs.as_ref().is_some_and(|g| g.is_match(p))))
        };
        let (hit, keep): (Vec<Finding>, Vec<Finding>) = std::mem::take(findings)
            .into_iter()
            .partition(|f| matches(f));
        *findings = keep;
        suppressed.extend(hit.into_iter().map(|finding| Suppressed {
            finding,
            reason: reason.clone(),
            source: format!("{config_label}:{line}"),
        }));
    }
    findings.extend(expired_findings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    crate::findings::fingerprint::assign(findings);
}

/// Category weights: configured ones replace the defaults; the scorer renormalises.
pub fn weights(config: &Config) -> BTreeMap<Category, f64> {
    Category::ALL
        .iter()
        .map(|&c| {
            let w = config
                .weights
                .iter()
                .find(|(k, _)| k.get_ref() == c.id())
                .map_or(crate::score::default_weight(c), |(_, w)| *w);
            (c, w)
        })
        .collect()
}

/// A manual checklist item as the reports and the scorer see it.
#[derive(Debug, Clone, Serialize)]
pub struct ManualItem {
    pub id: String,
    pub title: String,
    pub category: Category,
    pub tier: String,
    pub severity: Severity,
    pub effort_hours: f64,
    /// `todo`, `done` or `not-applicable` after expiry is applied.
    pub status: String,
    pub reason: Option<String>,
    pub owner: Option<String>,
    pub evidence: Option<String>,
    pub expires: Option<String>,
    /// Why a `done` item counts as `todo` again.
    pub note: Option<String>,
}

impl ManualItem {
    pub fn is_open(&self) -> bool {
        self.status == "todo"
    }
}

pub fn tier_severity(tier: &str) -> Severity {
    match tier {
        "P0" => Severity::Critical,
        "P1" => Severity::High,
        "P2" => Severity::Medium,
        _ => Severity::Low,
    }
}

pub fn manual_items(config: &Config, today: Date) -> Vec<ManualItem> {
    config
        .checklist
        .iter()
        .map(|c| {
            let expires = c
                .expires
                .as_ref()
                .and_then(|e| Date::from_toml(e.get_ref()));
            let mut status = c.status.get_ref().clone();
            let mut note = None;
            if let Some(d) = expires.filter(|d| *d < today)
                && status == "done"
            {
                status = "todo".into();
                note = Some(format!("done until {d}; the evidence has expired"));
            }
            ManualItem {
                id: c.id.get_ref().clone(),
                title: c.title.clone(),
                category: Category::from_id(c.category.get_ref()).unwrap_or(Category::CodeQuality),
                tier: c.tier.get_ref().clone(),
                severity: tier_severity(c.tier.get_ref()),
                effort_hours: c.effort_hours.unwrap_or(4.0),
                status,
                reason: c.reason.clone(),
                owner: c.owner.clone(),
                evidence: c.evidence.as_ref().map(|e| e.get_ref().clone()),
                expires: expires.map(|d| d.to_string()),
                note,
            }
        })
        .collect()
}
