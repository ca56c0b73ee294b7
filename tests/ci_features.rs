//! End to end with the real binary: baselines, diff-aware runs, gates, suppressions, and the
//! GitHub step summary.

mod common;

use assert_cmd::Command;
use common::{git, git_repo};
use serde_json::Value;
use std::fs;
use std::path::Path;

fn readiness() -> Command {
    let mut cmd = Command::cargo_bin("readiness").expect("binary is built");
    cmd.env_remove("GITHUB_STEP_SUMMARY").env("NO_COLOR", "1");
    cmd
}

fn audit_json(root: &Path, extra: &[&str]) -> Value {
    let out = readiness()
        .arg("audit")
        .arg(root)
        .args([
            "--format",
            "json",
            "--only",
            "unwrap-outside-tests,suppression-without-reason,unused-suppression",
        ])
        .args(extra)
        .output()
        .expect("runs");
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn statuses(v: &Value) -> Vec<(u64, String)> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or(0),
                f["status"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

const LIB: &str =
    "pub fn a() -> u8 {\n    Some(1).unwrap()\n}\n\npub fn b() -> u8 {\n    Some(2).unwrap()\n}\n";

#[test]
fn baseline_survives_moved_and_reformatted_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    fs::create_dir(root.join("src")).expect("mkdir");
    fs::write(root.join("src/lib.rs"), LIB).expect("write");
    let baseline = root.join("base.json");
    readiness()
        .arg("baseline")
        .arg(root)
        .arg("--output")
        .arg(&baseline)
        .args(["--config", "/dev/null"])
        .assert()
        .success();

    // Code added above, the other function reformatted, nothing new flagged.
    let moved = "use std::fmt;\n\n/// Docs.\npub fn c() -> u8 { 3 }\n\npub fn b() -> u8 {\n    Some(2)\n        .unwrap()\n}\n\npub fn a() -> u8 {\n    Some(1).unwrap()\n}\n";
    fs::write(root.join("src/lib.rs"), moved).expect("write");
    let v = audit_json(root, &["--baseline", baseline.to_str().expect("utf8")]);
    assert_eq!(v["baseline"]["new"], 0, "{v:#}");
    assert_eq!(v["baseline"]["existing"], 2);
    assert_eq!(v["baseline"]["resolved"], 0);
    assert!(statuses(&v).iter().all(|(_, s)| s == "existing"));

    // One fixed, one added: one new, one resolved; --fail-on-new gates on the new one only.
    let changed = "pub fn a() -> u8 {\n    Some(1).unwrap_or(0)\n}\n\npub fn b() -> u8 {\n    Some(2).unwrap()\n}\n\npub fn d() -> u8 {\n    Some(4).unwrap()\n}\n";
    fs::write(root.join("src/lib.rs"), changed).expect("write");
    let v = audit_json(root, &["--baseline", baseline.to_str().expect("utf8")]);
    assert_eq!(
        (
            v["baseline"]["new"].as_u64(),
            v["baseline"]["resolved"].as_u64()
        ),
        (Some(1), Some(1)),
        "{v:#}"
    );
    assert_eq!(
        statuses(&v),
        vec![(6, "existing".into()), (10, "new".into())]
    );
    assert_eq!(v["resolved"][0]["rule"], "unwrap-outside-tests");
    readiness()
        .arg("audit")
        .arg(root)
        .args([
            "--baseline",
            baseline.to_str().expect("utf8"),
            "--fail-on-new",
            "medium",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("new finding"));
    readiness()
        .arg("audit")
        .arg(root)
        .args([
            "--baseline",
            baseline.to_str().expect("utf8"),
            "--fail-on-new",
            "high",
        ])
        .assert()
        .code(0);
}

#[test]
fn fail_on_new_requires_a_baseline_and_bad_baselines_exit_2() {
    readiness()
        .args(["audit", ".", "--fail-on-new", "low"])
        .assert()
        .code(2);
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("b.json");
    fs::write(&bad, "{not json").expect("write");
    readiness()
        .args(["audit"])
        .arg(dir.path())
        .arg("--baseline")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("invalid baseline"));
}

#[test]
fn since_reports_only_changed_lines_and_says_so() {
    let Some(dir) = git_repo() else { return };
    let root = dir.path();
    fs::create_dir(root.join("src")).expect("mkdir");
    fs::write(root.join("src/lib.rs"), LIB).expect("write");
    assert!(git(root, &["add", "."]) && git(root, &["commit", "-qm", "base"]));
    let edited = format!("{LIB}\npub fn e() -> u8 {{\n    Some(5).unwrap()\n}}\n");
    fs::write(root.join("src/lib.rs"), edited).expect("write");
    fs::write(
        root.join("src/new.rs"),
        "pub fn n() -> u8 { Some(9).unwrap() }\n",
    )
    .expect("write");
    let v = audit_json(root, &["--since", "HEAD"]);
    let found: Vec<(String, u64)> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("src/lib.rs".to_string(), 10),
            ("src/new.rs".to_string(), 1)
        ]
    );
    assert!(
        v["mode"].as_str().is_some_and(|m| m.contains("since HEAD")),
        "{}",
        v["mode"]
    );
    readiness()
        .arg("audit")
        .arg(root)
        .args(["--since", "no-such-rev"])
        .assert()
        .code(2);
}

#[test]
fn fail_under_by_grade_and_score() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("lib.rs"), LIB.repeat(3)).expect("write");
    let only = ["--only", "unwrap-outside-tests"];
    readiness()
        .arg("audit")
        .arg(dir.path())
        .args(only)
        .args(["--fail-under", "A"])
        .assert()
        .code(1);
    readiness()
        .arg("audit")
        .arg(dir.path())
        .args(only)
        .args(["--fail-under", "F"])
        .assert()
        .code(0);
    readiness()
        .arg("audit")
        .arg(dir.path())
        .args(only)
        .args(["--fail-under", "99.5"])
        .assert()
        .code(1);
    readiness()
        .arg("audit")
        .arg(dir.path())
        .args(only)
        .args(["--fail-under", "10"])
        .assert()
        .code(0);
    readiness()
        .arg("audit")
        .arg(dir.path())
        .args(["--fail-under", "Z"])
        .assert()
        .code(2);
}

#[test]
fn suppressed_findings_are_listed_with_reasons_and_not_scored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = "pub fn a() -> u8 {\n    // readiness-ignore: unwrap-outside-tests -- constant, cannot fail\n    Some(1).unwrap()\n}\n";
    fs::write(dir.path().join("lib.rs"), src).expect("write");
    let v = audit_json(dir.path(), &[]);
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(0), "{v:#}");
    assert_eq!(v["suppressed"][0]["reason"], "constant, cannot fail");
    assert_eq!(v["suppressed"][0]["line"], 3);
    assert_eq!(v["score"], 100.0);
    let md = readiness()
        .arg("audit")
        .arg(dir.path())
        .args(["--format", "markdown"])
        .output()
        .expect("runs");
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(
        md.contains("## Suppressed findings") && md.contains("constant, cannot fail"),
        "{md}"
    );
}

#[test]
fn step_summary_is_appended_when_set() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("lib.rs"), LIB).expect("write");
    let summary = dir.path().join("summary.md");
    fs::write(&summary, "previous step\n").expect("write");
    readiness()
        .env("GITHUB_STEP_SUMMARY", &summary)
        .arg("audit")
        .arg(dir.path())
        .args(["--only", "unwrap-outside-tests"])
        .assert()
        .success();
    let text = fs::read_to_string(&summary).expect("summary");
    assert!(
        text.starts_with("previous step\n### readiness: grade "),
        "{text}"
    );
    assert!(text.contains("| P2 (medium) | 2 |"), "{text}");
}
