//! End to end: the real binary on fixture repositories. Output formats are pinned by snapshots;
//! exit codes by explicit assertions.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/repos")
        .join(name)
}

fn readiness() -> Command {
    let mut cmd = Command::cargo_bin("readiness").expect("binary is built");
    cmd.env_remove("GITHUB_STEP_SUMMARY").env("NO_COLOR", "1");
    cmd
}

/// Runs `audit` on a fixture from inside its folder so that the reported root is stable.
fn audit(name: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    readiness()
        .current_dir(fixture(name))
        .arg("audit")
        .arg(".")
        .args(args)
        .assert()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

#[test]
fn json_report_matches_snapshot() {
    let a = audit("polyglot", &["--format", "json"]).success();
    let value: serde_json::Value = serde_json::from_str(&stdout(&a)).expect("valid JSON");
    assert_eq!(value["schema_version"], 1);
    insta::assert_json_snapshot!("polyglot_json", value, { ".stats.duration_ms" => "[ms]" });
}

#[test]
fn markdown_report_matches_snapshot() {
    let a = audit("polyglot", &["--format", "markdown"]).success();
    let text = stdout(&a);
    let text = regex::Regex::new(r"in \d+ ms")
        .expect("regex")
        .replace(&text, "in [ms] ms")
        .into_owned();
    insta::assert_snapshot!("polyglot_markdown", text);
}

#[test]
fn terminal_report_has_grade_bars_and_locations() {
    let a = audit("polyglot", &[]).success();
    let out = stdout(&a);
    assert!(out.contains("Grade "), "{out}");
    assert!(out.contains("Error handling"), "{out}");
    let location = regex::Regex::new(r"(?m)^  \w+\s+[\w./-]+:\d+  ").expect("regex");
    assert!(
        out.contains("Worst findings:") && location.is_match(&out),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "no colour when not a TTY");
}

#[test]
fn secrets_never_reach_any_report() {
    for format in ["terminal", "markdown", "json"] {
        let a = audit("polyglot", &["--format", format]).success();
        let out = stdout(&a);
        assert!(
            !out.contains("Tr0ub4dor"),
            "{format} leaks the password:\n{out}"
        );
    }
}

#[test]
fn output_flag_writes_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("audit.md");
    audit(
        "polyglot",
        &[
            "--format",
            "markdown",
            "--output",
            out.to_str().expect("utf8 path"),
        ],
    )
    .success();
    let text = std::fs::read_to_string(&out).expect("report written");
    assert!(text.starts_with("# Production readiness audit"));
}

#[test]
fn fail_on_gates_by_severity() {
    audit("polyglot", &["--fail-on", "medium"]).code(1);
    let clean = tempfile::tempdir().expect("tempdir");
    std::fs::write(clean.path().join("lib.rs"), "pub fn f() -> u8 { 1 }\n").expect("write");
    // A clean project has CI that lints and tests.
    let workflows = clean.path().join(".github/workflows");
    std::fs::create_dir_all(&workflows).expect("mkdir");
    std::fs::write(
        workflows.join("ci.yml"),
        "on: push\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo clippy -- -D warnings\n      - run: cargo test\n",
    )
    .expect("write");
    readiness()
        .arg("audit")
        .arg(clean.path())
        // Project-level rules (README, LICENSE, tests…) flag any one-file directory: gate on a
        // file rule only.
        .args(["--fail-on", "low", "--only", "unwrap-outside-tests"])
        .assert()
        .code(0);
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    readiness()
        .args(["audit", "/definitely/not/here"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a readable directory"));
    readiness()
        .args(["audit", ".", "--format", "yaml"])
        .assert()
        .code(2);
    readiness()
        .args(["audit", ".", "--only", "unwrap-outside-test"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "did you mean `unwrap-outside-tests`",
        ));
}

#[test]
fn a_broken_config_exits_2_naming_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("readiness.toml"),
        "[profile]\nexclude = 3\n",
    )
    .expect("write");
    readiness()
        .arg("audit")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("readiness.toml:2:11"));
}

#[test]
fn explain_prints_docs_and_suggests_close_ids() {
    let a = readiness()
        .args(["explain", "unwrap-outside-tests"])
        .assert()
        .success();
    let out = stdout(&a);
    assert!(
        out.contains("## Why it matters") && out.contains("## Does not flag"),
        "{out}"
    );
    readiness()
        .args(["explain", "unwrap"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unwrap-outside-tests"));
}

#[test]
fn rules_lists_every_rule_as_json() {
    let a = readiness()
        .args(["rules", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).expect("valid JSON");
    let ids: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(ids.contains(&"unwrap-outside-tests"), "{ids:?}");
}

#[test]
fn a_published_package_is_noted_as_such() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("src")).expect("mkdir");
    std::fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"kv\"\nversion = \"1.0.0\"\n",
    )
    .expect("write");
    std::fs::write(root.join("src/lib.rs"), "pub fn get() -> u8 {\n    1\n}\n").expect("write");
    let json = |root: &std::path::Path| {
        let out = readiness()
            .args([
                "audit",
                root.to_str().expect("utf8 path"),
                "--format",
                "json",
            ])
            .assert()
            .success();
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json report");
        v["notes"].clone()
    };
    // A checkout outside git: nothing to say.
    assert_eq!(json(root), serde_json::json!([]));
    // What `cargo package` writes beside the manifest.
    std::fs::write(
        root.join(".cargo_vcs_info.json"),
        "{\"git\": {\"sha1\": \"abc\"}}\n",
    )
    .expect("write");
    let notes = json(root);
    assert_eq!(notes.as_array().map(Vec::len), Some(1), "{notes}");
    assert_eq!(notes[0]["path"], "");
    let message = notes[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("this is a crate as cargo publishes it, not a repository checkout"),
        "{message}"
    );
    let terminal = readiness()
        .args(["audit", root.to_str().expect("utf8 path")])
        .assert()
        .success();
    assert!(stdout(&terminal).contains("note: this is a crate as cargo publishes it"));
}
