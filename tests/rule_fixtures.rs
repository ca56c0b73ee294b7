//! Every rule has fixtures: mini repositories under `tests/fixtures/rules/<rule-id>/<case>/`,
//! each with `<case>.expected` beside it listing the findings the rule must report there, one
//! per line as `path:line [severity]` (or `-` for a project finding without a file). Anything the
//! rule reports that is not listed, or lists but does not report, fails the test. Every rule
//! needs a case that flags something and a `traps` case of look-alikes it must not flag.
//! An optional `<case>.rules` lists further rule ids to run in that case (not compared).

use readiness::app::{RunSettings, run_pipeline};
use readiness::rules::builtin_rules;
use std::fs;
use std::path::{Path, PathBuf};

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

fn read_expected(path: &Path) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap_or_default();
    let mut v: Vec<String> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    v.sort();
    v
}

/// Runs one rule on one case and renders its findings in the `.expected` format, with the
/// severity only where the expectation names one.
fn actual(rule: &str, case_dir: &Path, expected: &[String]) -> Vec<String> {
    // `<case>.rules` may list more rules to run beside the one under test (rules that judge
    // other rules' findings, such as `unused-suppression`); only `rule`'s findings are compared.
    // A case may carry its own `readiness.toml`: the whole pipeline runs, configuration included.
    let mut only = vec![rule.to_string()];
    if let Ok(text) = fs::read_to_string(case_dir.with_extension("rules")) {
        only.extend(text.split_whitespace().map(str::to_string));
    }
    let settings = RunSettings {
        only: Some(only),
        ..RunSettings::default()
    };
    let outcome = run_pipeline(case_dir, &settings).expect("fixture audit runs");
    let audit = outcome.audit;
    let with_severity = expected
        .iter()
        .any(|e| e.split_whitespace().nth(1).is_some());
    let mut v: Vec<String> = audit
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            let loc = match (&f.path, f.line) {
                (Some(p), Some(l)) => format!("{p}:{l}"),
                (Some(p), None) => p.clone(),
                _ => "-".to_string(),
            };
            if with_severity {
                format!("{loc} {}", f.severity)
            } else {
                loc
            }
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_rule_matches_its_fixtures_exactly() {
    let mut failures = Vec::new();
    for rule in builtin_rules() {
        let id = rule.meta().id;
        let dir = fixtures_root().join(id);
        let Ok(entries) = fs::read_dir(&dir) else {
            failures.push(format!("{id}: no fixtures at {}", dir.display()));
            continue;
        };
        let mut cases: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        cases.sort();
        let mut flagged_somewhere = false;
        let mut has_traps = false;
        for case in cases {
            let name = case
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string();
            let expected_path = dir.join(format!("{name}.expected"));
            if !expected_path.exists() {
                failures.push(format!("{id}/{name}: missing {name}.expected"));
                continue;
            }
            let expected = read_expected(&expected_path);
            if name == "traps" {
                has_traps = true;
                if !expected.is_empty() {
                    failures.push(format!("{id}/traps: a traps case must expect nothing"));
                }
            }
            flagged_somewhere |= !expected.is_empty();
            let got = actual(id, &case, &expected);
            if got != expected {
                failures.push(format!(
                    "{id}/{name}:\n  expected {expected:?}\n  got      {got:?}"
                ));
            }
        }
        if !flagged_somewhere {
            failures.push(format!("{id}: no fixture case expects a finding"));
        }
        if !has_traps {
            failures.push(format!("{id}: no `traps` case"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Runs a single rule's fixtures; handy while writing a rule:
/// `RULE=unwrap-outside-tests cargo test --test rule_fixtures one_rule -- --nocapture`.
#[test]
fn one_rule() {
    let Ok(id) = std::env::var("RULE") else {
        return;
    };
    let dir = fixtures_root().join(&id);
    for entry in fs::read_dir(&dir)
        .expect("fixture dir")
        .filter_map(|e| e.ok())
    {
        if entry.path().is_dir() {
            let name = entry.file_name().to_string_lossy().to_string();
            let expected = read_expected(&dir.join(format!("{name}.expected")));
            let got = actual(&id, &entry.path(), &expected);
            println!("{name}: got {got:?}");
            assert_eq!(got, expected, "{id}/{name}");
        }
    }
}
