//! `--format sarif`: structure, GitHub code scanning limits, and validation against the
//! official SARIF 2.1.0 schema and Microsoft's validator (`@microsoft/sarif-multitool`) when
//! they are installed. CI installs them under `target/tools` (see `.ci/run`).

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn sarif(root: &Path, extra: &[&str]) -> (Value, usize) {
    let out = Command::cargo_bin("readiness")
        .expect("binary")
        .env_remove("GITHUB_STEP_SUMMARY")
        .arg("audit")
        .arg(root)
        .args(["--format", "sarif"])
        .args(extra)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        serde_json::from_slice(&out.stdout).expect("valid JSON"),
        out.stdout.len(),
    )
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/repos")
        .join(name)
}

fn tools_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/tools/node_modules/@microsoft/sarif-multitool-linux")
}

#[test]
fn results_carry_locations_levels_and_fingerprints() {
    let (v, _) = sarif(&fixture("polyglot"), &[]);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    for rule in rules {
        assert!(
            rule["helpUri"]
                .as_str()
                .is_some_and(|u| u.ends_with(&format!(
                    "docs/rules.md#{}",
                    rule["id"].as_str().unwrap_or("")
                )))
        );
        assert!(
            rule["shortDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        assert!(
            rule["help"]["text"].as_str().is_some_and(|t| !t.is_empty()),
            "{rule:#}"
        );
        assert!(rule["properties"]["tags"][0].is_string());
    }
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for r in results {
        let id = r["ruleId"].as_str().expect("ruleId");
        assert!(ids.contains(&id), "{id} not in driver rules");
        assert!(matches!(
            r["level"].as_str(),
            Some("error" | "warning" | "note")
        ));
        assert_eq!(
            r["partialFingerprints"]["readiness/v1"]
                .as_str()
                .map(str::len),
            Some(16)
        );
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(
            loc["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| !u.is_empty())
        );
        assert!(loc["region"]["startLine"].as_u64().is_some_and(|l| l >= 1));
    }
    let unwrap = results
        .iter()
        .find(|r| r["ruleId"] == "unwrap-outside-tests")
        .expect("unwrap result");
    assert_eq!(unwrap["level"], "warning");
}

#[test]
fn beyond_code_scanning_limits_the_most_severe_are_kept_and_the_cut_is_said() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 30,000 findings: more results than GitHub accepts in one run.
    let mut src = String::from("pub fn f(x: Option<u8>) {\n");
    for _ in 0..30_000 {
        src.push_str("    x.unwrap();\n");
    }
    src.push_str("}\n");
    fs::write(dir.path().join("lib.rs"), src).expect("write");
    let (v, bytes) = sarif(dir.path(), &["--max-file-size", "10000000"]);
    let results = v["runs"][0]["results"].as_array().expect("results");
    assert!(
        results.len() <= 25_000 && !results.is_empty(),
        "{}",
        results.len()
    );
    assert!(bytes <= 10_000_000, "{bytes} bytes");
    let notes = v["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert!(
        notes.iter().any(|n| n["message"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("were left out"))),
        "{notes:?}"
    );
}

#[test]
fn validates_against_the_official_schema_when_installed() {
    let schema_path = tools_dir().join("sarif-2.1.0.json");
    let Ok(schema_text) = fs::read_to_string(&schema_path) else {
        eprintln!(
            "SARIF schema not installed at {}; run .ci/run to install it",
            schema_path.display()
        );
        return;
    };
    let schema: Value = serde_json::from_str(&schema_text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for repo in ["polyglot", "axum-service", "monorepo"] {
        let (v, _) = sarif(&fixture(repo), &[]);
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{repo}: {errors:#?}");
    }
}

#[test]
fn microsoft_validator_accepts_the_output_when_installed() {
    let tool = tools_dir().join("Sarif.Multitool");
    if !tool.is_file() {
        eprintln!(
            "sarif-multitool not installed at {}; run .ci/run to install it",
            tool.display()
        );
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("polyglot.sarif");
    let (v, _) = sarif(&fixture("polyglot"), &[]);
    fs::write(&input, serde_json::to_vec_pretty(&v).expect("serialise")).expect("write");
    let output = dir.path().join("validation.sarif");
    let status = std::process::Command::new(&tool)
        .arg("validate")
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .arg("--json-schema")
        .arg(tools_dir().join("sarif-2.1.0.json"))
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
        .status()
        .expect("validator runs");
    assert!(status.success(), "validator exit status {status}");
    let report: Value =
        serde_json::from_slice(&fs::read(&output).expect("validator output")).expect("JSON");
    let problems: Vec<&Value> = report["runs"][0]["results"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter(|x| matches!(x["level"].as_str(), Some("error") | Some("warning")))
                .collect()
        })
        .unwrap_or_default();
    assert!(problems.is_empty(), "{problems:#?}");
}
