//! score: a pure function from findings and project facts to category scores, an overall score
//! and a grade. Documented in `docs/scoring.md`; every constant here is explained there.
//!
//! - Each rule that applied costs points in its category, by severity.
//! - File rules are normalised by code size: the cost grows with findings per 1,000 lines of
//!   production code (`1 - exp(-density / DENSITY_SCALE)`), so one `unwrap` in 100k lines
//!   weighs far less than one in 100 lines.
//! - Every critical finding costs at least [`CRITICAL_FLOOR`] points, whatever the code size.
//! - A category's score is 100 minus its costs, at least 0; a category where no rule applied is
//!   not assessed (`None`) and left out of the overall score.
//! - Any open critical finding caps the grade at C.
//! - Removing a finding never lowers a score: every cost is monotonic in the findings.

use crate::findings::{Category, Finding, Severity};
use crate::rules::{RuleMeta, Scope};
use serde::Serialize;
use std::collections::BTreeMap;

/// Full cost of a rule at saturation, per severity.
pub fn severity_cost(severity: Severity) -> f64 {
    match severity {
        Severity::Critical => 40.0,
        Severity::High => 25.0,
        Severity::Medium => 12.0,
        Severity::Low => 4.0,
    }
}

/// Findings per 1,000 production lines at which a file rule reaches 63% of its full cost.
pub const DENSITY_SCALE: f64 = 1.0;
/// The least a single critical finding costs its category.
pub const CRITICAL_FLOOR: f64 = 10.0;
/// Each further finding of a project rule adds this share of its cost, up to twice the cost.
pub const PROJECT_REPEAT_SHARE: f64 = 0.25;

/// Default category weights; they sum to 1. Rationale in `docs/scoring.md`.
pub fn default_weight(category: Category) -> f64 {
    match category {
        Category::Security => 0.15,
        Category::ErrorHandling => 0.12,
        Category::Testing => 0.10,
        Category::CiCd => 0.08,
        Category::Observability => 0.08,
        Category::Concurrency => 0.07,
        Category::ResourceManagement => 0.07,
        Category::Deployment => 0.07,
        Category::Data => 0.06,
        Category::Configuration => 0.05,
        Category::Performance => 0.05,
        Category::Documentation => 0.05,
        Category::CodeQuality => 0.05,
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RuleCost {
    pub rule: String,
    pub findings: usize,
    pub cost: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CategoryScore {
    pub category: Category,
    /// 0–100, or `None` when no rule of the category applied.
    pub score: Option<f64>,
    pub weight: f64,
    pub findings: usize,
    /// What each rule cost, for the report's "how the score was computed".
    pub costs: Vec<RuleCost>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScoreCard {
    pub score: f64,
    pub grade: char,
    /// The grade the score alone would give, when a critical finding capped it.
    pub uncapped_grade: Option<char>,
    pub categories: Vec<CategoryScore>,
}

/// What the scorer needs to know about the project.
pub struct ScoreInput<'a> {
    /// Metadata of the rules that applied.
    pub applied: &'a [&'a RuleMeta],
    /// Findings that count (suppressed and preview findings excluded by the caller).
    pub findings: &'a [Finding],
    /// Production lines in the languages a rule reads (all code when the rule names none).
    pub production_lines: &'a dyn Fn(&RuleMeta) -> usize,
    pub weights: &'a dyn Fn(Category) -> f64,
    /// Manual checklist items (category, severity of their tier, open?): an open item costs
    /// like a project finding of that severity; any item makes its category assessed.
    pub manual: &'a [(Category, Severity, bool)],
}

pub fn grade_for(score: f64) -> char {
    match score {
        s if s >= 90.0 => 'A',
        s if s >= 80.0 => 'B',
        s if s >= 70.0 => 'C',
        s if s >= 60.0 => 'D',
        _ => 'F',
    }
}

/// Cost of one rule's findings of one severity.
pub fn rule_cost(scope: Scope, severity: Severity, count: usize, production_lines: usize) -> f64 {
    if count == 0 {
        return 0.0;
    }
    let full = severity_cost(severity);
    let cost = match scope {
        Scope::File => {
            let density = count as f64 * 1000.0 / production_lines.max(1) as f64;
            full * (1.0 - (-density / DENSITY_SCALE).exp())
        }
        Scope::Project => {
            (full * (1.0 + PROJECT_REPEAT_SHARE * (count as f64 - 1.0))).min(2.0 * full)
        }
    };
    if severity == Severity::Critical {
        cost.max(CRITICAL_FLOOR * count as f64)
    } else {
        cost
    }
}

pub fn score(input: &ScoreInput<'_>) -> ScoreCard {
    let mut categories = Vec::new();
    for category in Category::ALL {
        let rules: Vec<&RuleMeta> = input
            .applied
            .iter()
            .copied()
            .filter(|m| m.category == category)
            .collect();
        let in_category: Vec<&Finding> = input
            .findings
            .iter()
            .filter(|f| f.category == category)
            .collect();
        let weight = (input.weights)(category);
        let manual: Vec<&(Category, Severity, bool)> = input
            .manual
            .iter()
            .filter(|(c, _, _)| *c == category)
            .collect();
        if rules.is_empty() && in_category.is_empty() && manual.is_empty() {
            categories.push(CategoryScore {
                category,
                score: None,
                weight,
                findings: 0,
                costs: Vec::new(),
            });
            continue;
        }
        // Group by rule, then severity (a rule may report several severities).
        let mut by_rule: BTreeMap<&str, BTreeMap<Severity, usize>> = BTreeMap::new();
        for f in &in_category {
            *by_rule
                .entry(f.rule.as_str())
                .or_default()
                .entry(f.severity)
                .or_default() += 1;
        }
        let mut costs = Vec::new();
        let mut total = 0.0;
        for (rule, severities) in by_rule {
            let meta = rules.iter().find(|m| m.id == rule);
            let scope = meta.map_or(Scope::Project, |m| m.scope);
            let lines = meta.map_or(1, |m| (input.production_lines)(m));
            let mut cost = 0.0;
            let mut count = 0;
            for (severity, n) in severities {
                cost += rule_cost(scope, severity, n, lines);
                count += n;
            }
            total += cost;
            costs.push(RuleCost {
                rule: rule.to_string(),
                findings: count,
                cost: round1(cost),
            });
        }
        let open_manual: Vec<Severity> = manual.iter().filter(|m| m.2).map(|m| m.1).collect();
        if !open_manual.is_empty() {
            let cost: f64 = open_manual
                .iter()
                .map(|&sev| rule_cost(Scope::Project, sev, 1, 1))
                .sum();
            total += cost;
            costs.push(RuleCost {
                rule: "manual checklist".into(),
                findings: open_manual.len(),
                cost: round1(cost),
            });
        }
        let score = (100.0 - total).clamp(0.0, 100.0);
        categories.push(CategoryScore {
            category,
            score: Some(round1(score)),
            weight,
            findings: in_category.len(),
            costs,
        });
    }

    let assessed: Vec<&CategoryScore> = categories.iter().filter(|c| c.score.is_some()).collect();
    let weight_sum: f64 = assessed.iter().map(|c| c.weight).sum();
    let overall = if weight_sum > 0.0 {
        assessed
            .iter()
            .map(|c| c.weight * c.score.unwrap_or(0.0))
            .sum::<f64>()
            / weight_sum
    } else {
        100.0
    };
    let overall = round1(overall);
    let raw_grade = grade_for(overall);
    let has_critical = input
        .findings
        .iter()
        .any(|f| f.severity == Severity::Critical);
    let (grade, uncapped_grade) = if has_critical && raw_grade < 'C' {
        ('C', Some(raw_grade))
    } else {
        (raw_grade, None)
    };
    ScoreCard {
        score: overall,
        grade,
        uncapped_grade,
        categories,
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleMeta;

    const UNWRAP: RuleMeta = RuleMeta {
        id: "unwrap-outside-tests",
        category: Category::ErrorHandling,
        severity: Severity::Medium,
        ..RuleMeta::DEFAULT
    };
    const SECRET: RuleMeta = RuleMeta {
        id: "hardcoded-secret",
        category: Category::Security,
        severity: Severity::Critical,
        ..RuleMeta::DEFAULT
    };
    const NO_CI: RuleMeta = RuleMeta {
        id: "no-ci",
        category: Category::CiCd,
        severity: Severity::High,
        scope: Scope::Project,
        ..RuleMeta::DEFAULT
    };

    fn finding(meta: &RuleMeta, severity: Severity) -> Finding {
        Finding {
            rule: meta.id.into(),
            category: meta.category,
            severity,
            path: None,
            line: None,
            column: None,
            end_line: None,
            message: String::new(),
            snippet: None,
            effort_hours: 0.5,
            construct: String::new(),
            fingerprint: String::new(),
            status: None,
        }
    }

    fn run(applied: &[&RuleMeta], findings: &[Finding], lines: usize) -> ScoreCard {
        let lines_fn = move |_: &RuleMeta| lines;
        score(&ScoreInput {
            applied,
            findings,
            production_lines: &lines_fn,
            weights: &default_weight,
            manual: &[],
        })
    }

    #[test]
    fn default_weights_sum_to_one() {
        let sum: f64 = Category::ALL.iter().map(|&c| default_weight(c)).sum();
        assert!((sum - 1.0).abs() < 1e-9, "{sum}");
    }

    #[test]
    fn grades_have_documented_thresholds() {
        assert_eq!(grade_for(90.0), 'A');
        assert_eq!(grade_for(89.9), 'B');
        assert_eq!(grade_for(80.0), 'B');
        assert_eq!(grade_for(70.0), 'C');
        assert_eq!(grade_for(60.0), 'D');
        assert_eq!(grade_for(59.9), 'F');
    }

    #[test]
    fn unassessed_categories_are_null_not_free_points() {
        let card = run(&[&UNWRAP], &[], 1000);
        let cat = |c| {
            card.categories
                .iter()
                .find(|s| s.category == c)
                .and_then(|s| s.score)
        };
        assert_eq!(cat(Category::ErrorHandling), Some(100.0));
        assert_eq!(cat(Category::Security), None);
        assert_eq!(card.score, 100.0);
    }

    #[test]
    fn per_occurrence_cost_is_normalised_by_code_size() {
        let one = [finding(&UNWRAP, Severity::Medium)];
        let small = run(&[&UNWRAP], &one, 100);
        let large = run(&[&UNWRAP], &one, 100_000);
        assert!(
            small.score < 90.0,
            "one unwrap in 100 lines: {}",
            small.score
        );
        assert!(
            large.score > 99.5,
            "one unwrap in 100k lines: {}",
            large.score
        );
    }

    #[test]
    fn every_critical_finding_costs_and_caps_the_grade() {
        let one = [finding(&SECRET, Severity::Critical)];
        let card = run(&[&SECRET, &UNWRAP], &one, 1_000_000);
        let sec = card
            .categories
            .iter()
            .find(|c| c.category == Category::Security)
            .and_then(|c| c.score);
        assert_eq!(sec, Some(100.0 - CRITICAL_FLOOR));
        assert_eq!(card.grade, 'C');
        assert_eq!(card.uncapped_grade, Some('A'));
        let two = [
            finding(&SECRET, Severity::Critical),
            finding(&SECRET, Severity::Critical),
        ];
        let card2 = run(&[&SECRET, &UNWRAP], &two, 1_000_000);
        assert!(card2.score < card.score);
    }

    #[test]
    fn fixing_a_finding_never_lowers_the_score() {
        let mut findings: Vec<Finding> = Vec::new();
        for _ in 0..5 {
            findings.push(finding(&UNWRAP, Severity::Medium));
            findings.push(finding(&SECRET, Severity::Critical));
            findings.push(finding(&NO_CI, Severity::High));
        }
        let applied = [&UNWRAP, &SECRET, &NO_CI];
        let mut previous = run(&applied, &findings, 2_000).score;
        while !findings.is_empty() {
            findings.pop();
            let now = run(&applied, &findings, 2_000).score;
            assert!(
                now >= previous,
                "{now} < {previous} after removing a finding"
            );
            previous = now;
        }
        assert_eq!(previous, 100.0);
    }

    #[test]
    fn project_findings_are_not_size_normalised() {
        let one = [finding(&NO_CI, Severity::High)];
        let card = run(&[&NO_CI], &one, 1_000_000);
        assert_eq!(card.score, 75.0);
    }

    #[test]
    fn open_manual_items_cost_and_assess_their_category() {
        let lines_fn = |_: &RuleMeta| 1000;
        let manual = [
            (Category::Performance, Severity::High, true),
            (Category::Data, Severity::Low, false),
        ];
        let card = score(&ScoreInput {
            applied: &[],
            findings: &[],
            production_lines: &lines_fn,
            weights: &default_weight,
            manual: &manual,
        });
        let cat = |c| {
            card.categories
                .iter()
                .find(|s| s.category == c)
                .and_then(|s| s.score)
        };
        assert_eq!(cat(Category::Performance), Some(75.0));
        assert_eq!(
            cat(Category::Data),
            Some(100.0),
            "a done item assesses its category"
        );
        assert_eq!(cat(Category::Security), None);
    }

    #[test]
    fn deterministic() {
        let f = [
            finding(&UNWRAP, Severity::Medium),
            finding(&NO_CI, Severity::High),
        ];
        assert_eq!(
            run(&[&UNWRAP, &NO_CI], &f, 500),
            run(&[&UNWRAP, &NO_CI], &f, 500)
        );
    }
}
