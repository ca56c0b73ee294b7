//! One fixture repository per project kind (a Rust axum service, a Go CLI, a TS library, a
//! Python Flask app, an Electron app, a monorepo with a Cargo and a JS workspace): their profile
//! and findings are pinned by snapshots, so a change in detection or in any rule shows up here.

use assert_cmd::Command;
use serde_json::{Value, json};
use std::path::Path;

fn summary(name: &str) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/repos")
        .join(name);
    let out = Command::cargo_bin("readiness")
        .expect("binary")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("READINESS_TODAY", "2026-11-22")
        .current_dir(&root)
        .args(["audit", ".", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let findings: Vec<String> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let loc = match (f["path"].as_str(), f["line"].as_u64()) {
                (Some(p), Some(l)) => format!("{p}:{l}"),
                (Some(p), None) => p.to_string(),
                _ => "-".to_string(),
            };
            format!(
                "{} {} {} — {}",
                f["severity"].as_str().unwrap_or(""),
                f["rule"].as_str().unwrap_or(""),
                loc,
                f["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    json!({
        "profile": v["profile"],
        "grade": v["grade"],
        "score": v["score"],
        "findings": findings,
    })
}

#[test]
fn axum_service() {
    insta::assert_json_snapshot!(summary("axum-service"));
}

#[test]
fn go_cli() {
    insta::assert_json_snapshot!(summary("go-cli"));
}

#[test]
fn ts_library() {
    insta::assert_json_snapshot!(summary("ts-library"));
}

#[test]
fn flask_app() {
    insta::assert_json_snapshot!(summary("flask-app"));
}

#[test]
fn electron_app() {
    insta::assert_json_snapshot!(summary("electron-app"));
}

#[test]
fn monorepo() {
    insta::assert_json_snapshot!(summary("monorepo"));
}
