//! `readiness.toml`: the documented example is valid, and every kind of mistake is an error that
//! names the file, line and column and suggests a fix.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn readiness() -> Command {
    Command::cargo_bin("readiness").expect("binary")
}

/// The TOML block of docs/configuration.md.
fn documented_example() -> String {
    let doc =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/configuration.md"))
            .expect("doc");
    let start = doc.find("```toml\n").expect("example block") + "```toml\n".len();
    let end = doc[start..].find("```").expect("block end") + start;
    doc[start..end].to_string()
}

#[test]
fn the_documented_example_is_valid_and_its_examples_pass() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("readiness.toml"), documented_example()).expect("write");
    let out = readiness()
        .arg("check-config")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("2 custom rules with 3 passing examples"),
        "{said}"
    );
    // And an audit with it runs and reports the manual items.
    let out = readiness()
        .arg("audit")
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["manual_checklist"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["profile"]["kinds"][0], "service");
}

fn check(config: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("readiness.toml"), config).expect("write");
    let out = readiness()
        .arg("check-config")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "must fail: {config}");
    // `audit` refuses the same file the same way.
    let audit = readiness()
        .arg("audit")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(audit.status.code(), Some(2));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn mistakes_are_located_explained_and_corrected() {
    let cases: &[(&str, &[&str])] = &[
        (
            "[profil]\n",
            &["readiness.toml:1:2", "did you mean `profile`"],
        ),
        (
            "[profile]\nkinds = [\"servce\"]\n",
            &[
                "readiness.toml:2:10",
                "unknown project kind",
                "did you mean `service`",
            ],
        ),
        (
            "[profile]\nkinds = \"service\"\n",
            &["readiness.toml:2:9", "expected a sequence"],
        ),
        (
            "[rules.unwrap-outside-test]\nseverity = \"high\"\n",
            &[
                "readiness.toml:1:8",
                "unknown rule",
                "did you mean `unwrap-outside-tests`",
            ],
        ),
        (
            "[rules.unwrap-outside-tests]\nseverity = \"hihg\"\n",
            &["readiness.toml:2:12", "did you mean `high`"],
        ),
        (
            "[rules.unwrap-outside-tests]\nlimit = 3\n",
            &["readiness.toml:2:1", "unknown option `limit`"],
        ),
        (
            "[weights]\nsecurty = 0.2\n",
            &["readiness.toml:2:1", "did you mean `security`"],
        ),
        (
            "[[suppress]]\nrule = \"unwrap-outside-tests\"\n",
            &["readiness.toml:2:8", "needs a `reason`"],
        ),
        (
            "[[suppress]]\nrule = \"unwrap-outside-tests\"\nreason = \"x\"\npaths = [\"src/[\"]\n",
            &["readiness.toml:4:10", "invalid glob"],
        ),
        (
            "[[custom_rule]]\nid = \"a\"\ncategory = \"security\"\nseverity = \"low\"\nmessage = \"m\"\nregex = '('\n",
            &["readiness.toml:6:9", "invalid regex"],
        ),
        (
            "[[custom_rule]]\nid = \"a\"\ncategory = \"security\"\nseverity = \"low\"\nmessage = \"m\"\nregex = '\\w{1000}\\w{1000}\\w{1000}'\n",
            &["readiness.toml:6:9", "too large"],
        ),
        (
            "[[custom_rule]]\nid = \"a\"\ncategory = \"security\"\nseverity = \"low\"\nmessage = \"m\"\nlanguages = [\"rust\"]\nquery = '(no_such_node)'\n",
            &["readiness.toml:7:9", "invalid tree-sitter query"],
        ),
        (
            "[[custom_rule]]\nid = \"a\"\ncategory = \"security\"\nseverity = \"low\"\nmessage = \"m\"\nregex = 'x'\n[[custom_rule]]\nid = \"a\"\ncategory = \"secrity\"\nseverity = \"low\"\nmessage = \"m\"\nregex = 'x'\n",
            &[
                "readiness.toml:8:6",
                "duplicate custom rule id",
                "did you mean `security`",
            ],
        ),
        (
            "[[checklist]]\nid = \"x\"\ntitle = \"t\"\ncategory = \"data\"\ntier = \"P1\"\nstatus = \"not-applicable\"\n",
            &["readiness.toml:6:10", "without a `reason`"],
        ),
        (
            "[[checklist]]\nid = \"x\"\ntitle = \"t\"\ncategory = \"data\"\ntier = \"P5\"\nstatus = \"done\"\nevidence = \"docs/missing.md\"\n",
            &["tier must be P0", "readiness.toml:7:12", "does not exist"],
        ),
        (
            "ruleset = \"2026\"\n",
            &["readiness.toml:1:11", "ruleset must look like"],
        ),
    ];
    for (config, wanted) in cases {
        let msg = check(config);
        for w in *wanted {
            assert!(
                msg.contains(w),
                "for config:\n{config}\nexpected `{w}` in:\n{msg}"
            );
        }
        assert!(msg.contains("  | "), "shows the offending line: {msg}");
    }
}

#[test]
fn failing_custom_rule_examples_fail_check_config() {
    let config = "[[custom_rule]]\nid = \"no-dbg\"\ncategory = \"observability\"\nseverity = \"low\"\nmessage = \"m\"\nlanguages = [\"rust\"]\nregex = 'dbg!'\n[[custom_rule.examples]]\ncode = 'fn f() { let s = \"dbg!\"; }'\nflags = true\n";
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("readiness.toml"), config).expect("write");
    let out = readiness()
        .arg("check-config")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let msg = String::from_utf8_lossy(&out.stderr);
    assert!(
        msg.contains("example 1 should be flagged but was not"),
        "{msg}"
    );
    // Examples are check-config's tests; an audit with the same (valid) file runs.
    readiness().arg("audit").arg(dir.path()).assert().code(0);
}

#[test]
fn configuration_changes_the_audit() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("src/legacy")).expect("mkdir");
    fs::create_dir_all(dir.path().join("qa")).expect("mkdir");
    let unwrap = "pub fn f() -> u8 { Some(1).unwrap() }\n";
    fs::write(dir.path().join("src/lib.rs"), unwrap).expect("write");
    fs::write(dir.path().join("src/legacy/old.rs"), unwrap).expect("write");
    fs::write(dir.path().join("qa/check.rs"), unwrap).expect("write");
    fs::write(
        dir.path().join("readiness.toml"),
        "[profile]\ntest_paths = [\"qa/**\"]\n[rules.unwrap-outside-tests]\nseverity = \"high\"\n[[suppress]]\nrule = \"unwrap-outside-tests\"\npaths = [\"src/legacy/**\"]\nreason = \"legacy\"\n",
    )
    .expect("write");
    let out = readiness()
        .arg("audit")
        .arg(dir.path())
        .args(["--format", "json", "--only", "unwrap-outside-tests"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let findings = v["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{v:#}");
    assert_eq!(
        (
            findings[0]["path"].as_str(),
            findings[0]["severity"].as_str()
        ),
        (Some("src/lib.rs"), Some("high"))
    );
    assert_eq!(v["suppressed"][0]["path"], "src/legacy/old.rs");
    assert_eq!(v["suppressed"][0]["source"], "readiness.toml:6");
}

#[test]
fn ruleset_pin_turns_newer_rules_into_preview() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("lib.rs"), "pub fn f() -> u8 {\n    // readiness-ignore: unwrap-outside-tests\n    Some(1).unwrap()\n}\n").expect("write");
    fs::write(dir.path().join("readiness.toml"), "ruleset = \"2026.1\"\n").expect("write");
    let out = readiness()
        .arg("audit")
        .arg(dir.path())
        .args(["--format", "json", "--fail-on", "low"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let preview: Vec<&str> = v["preview"]
        .as_array()
        .expect("preview")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(preview.contains(&"suppression-without-reason"), "{v:#}");
    assert!(
        v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .all(|f| f["rule"] != "suppression-without-reason")
    );
    assert!(
        v["mode"]
            .as_str()
            .is_some_and(|m| m.contains("pinned at 2026.1"))
    );
}

#[test]
fn signoff_is_refused_on_open_p0_unless_overridden_and_recorded() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("lib.rs"), "pub fn f() {}\n").expect("write");
    fs::write(
        dir.path().join("readiness.toml"),
        "[[checklist]]\nid = \"sec\"\ntitle = \"Security review\"\ncategory = \"security\"\ntier = \"P0\"\nstatus = \"todo\"\n\n[signoff]\nrequired = [\"security\", \"operations\"]\n",
    )
    .expect("write");
    readiness()
        .args(["signoff", "security", "--by", "Carol", "--path"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("P0 item(s) are open"));
    readiness()
        .args(["signoff", "securty", "--by", "Carol", "--path"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean `security`"));
    readiness()
        .args([
            "signoff",
            "security",
            "--by",
            "Carol",
            "--override",
            "accepted for the beta",
            "--path",
        ])
        .arg(dir.path())
        .env("READINESS_TODAY", "2026-11-22")
        .assert()
        .success();
    let text = fs::read_to_string(dir.path().join("readiness.toml")).expect("config");
    assert!(
        text.contains("role = \"security\"\nby = \"Carol\"\non = 2026-11-22"),
        "{text}"
    );
    assert!(
        text.contains("override = \"accepted for the beta\""),
        "{text}"
    );
    let out = readiness()
        .arg("audit")
        .arg(dir.path())
        .args(["--format", "json"])
        .env("READINESS_TODAY", "2026-11-22")
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let states: Vec<(String, String)> = v["signoffs"]
        .as_array()
        .expect("signoffs")
        .iter()
        .map(|s| {
            (
                s["role"].as_str().unwrap_or("").into(),
                s["state"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert_eq!(
        states,
        vec![
            ("security".into(), "valid".into()),
            ("operations".into(), "missing".into())
        ]
    );
    // Months later the sign-off is stale.
    let out = readiness()
        .arg("audit")
        .arg(dir.path())
        .args(["--format", "json"])
        .env("READINESS_TODAY", "2027-11-22")
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        v["signoffs"][0]["state"], "valid",
        "no max_age_days configured: age alone does not stale it"
    );
}
