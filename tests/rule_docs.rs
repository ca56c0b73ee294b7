//! Every rule documents itself: id format, summary, and the required doc headings in order.

use readiness::rules::{REQUIRED_DOC_HEADINGS, builtin_rules};
use std::collections::HashSet;

#[test]
fn every_rule_has_complete_metadata_and_docs() {
    let mut failures = Vec::new();
    let mut seen = HashSet::new();
    let rules = builtin_rules();
    assert!(!rules.is_empty());
    for rule in rules {
        let m = rule.meta();
        if !seen.insert(m.id) {
            failures.push(format!("{}: duplicate id", m.id));
        }
        if m.id.is_empty()
            || !m
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            failures.push(format!("{:?}: id must be kebab-case", m.id));
        }
        if m.summary.trim().is_empty() {
            failures.push(format!("{}: empty summary", m.id));
        }
        if m.effort_hours <= 0.0 {
            failures.push(format!("{}: effort_hours must be positive", m.id));
        }
        let docs = m.docs_markdown();
        let mut last = 0;
        for heading in REQUIRED_DOC_HEADINGS {
            match docs.lines().position(|l| l.trim() == heading) {
                Some(pos) if pos >= last => {
                    let body: String = docs
                        .lines()
                        .skip(pos + 1)
                        .take_while(|l| !l.starts_with("## "))
                        .collect();
                    if body.trim().is_empty() {
                        failures.push(format!("{}: `{heading}` is empty", m.id));
                    }
                    last = pos;
                }
                Some(_) => failures.push(format!("{}: `{heading}` out of order", m.id)),
                None => failures.push(format!("{}: missing `{heading}`", m.id)),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
