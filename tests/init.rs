//! `readiness init`: the `--yes` path, overwrite protection, and the interactive flow driven
//! through a pseudo-terminal with arrow keys.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn service_repo(root: &Path) {
    fs::create_dir_all(root.join("src")).expect("mkdir");
    fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"svc\"\nversion = \"0.1.0\"\n\n[dependencies]\naxum = \"0.7\"\n",
    )
    .expect("write");
    fs::write(root.join("src/main.rs"), "fn main() {}\n").expect("write");
}

fn readiness() -> Command {
    Command::cargo_bin("readiness").expect("binary")
}

#[test]
fn yes_writes_a_valid_commented_config_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    service_repo(dir.path());
    readiness()
        .arg("init")
        .arg(dir.path())
        .arg("--yes")
        .assert()
        .success();
    let text = fs::read_to_string(dir.path().join("readiness.toml")).expect("written");
    assert!(text.contains("kinds = [\"service\"]"), "{text}");
    assert!(
        text.contains("Google SRE book"),
        "cites its sources: {text}"
    );
    assert!(text.contains("id = \"load-test\""));
    assert!(text.contains(
        "required = [\"engineering-lead\", \"security\", \"operations\", \"product-owner\"]"
    ));
    readiness()
        .arg("check-config")
        .arg(dir.path())
        .assert()
        .success();

    readiness()
        .arg("init")
        .arg(dir.path())
        .arg("--yes")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("already exists"));
    fs::write(dir.path().join("readiness.toml"), "# mine\n").expect("write");
    readiness()
        .arg("init")
        .arg(dir.path())
        .arg("--yes")
        .assert()
        .code(2);
    assert_eq!(
        fs::read_to_string(dir.path().join("readiness.toml")).expect("kept"),
        "# mine\n"
    );
    readiness()
        .arg("init")
        .arg(dir.path())
        .args(["--yes", "--force"])
        .assert()
        .success();
    assert!(
        fs::read_to_string(dir.path().join("readiness.toml"))
            .expect("rewritten")
            .contains("ruleset = ")
    );
}

#[test]
fn without_a_terminal_init_asks_for_yes() {
    let dir = tempfile::tempdir().expect("tempdir");
    service_repo(dir.path());
    readiness()
        .arg("init")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--yes"));
    assert!(!dir.path().join("readiness.toml").exists());
}

#[cfg(unix)]
#[test]
fn interactive_flow_through_a_pseudo_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    service_repo(dir.path());
    let bin = assert_cmd::cargo::cargo_bin("readiness");
    let mut cmd = std::process::Command::new(bin);
    cmd.arg("init")
        .arg(dir.path())
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn in a pty");
    p.exp_string("Detected: Rust service")
        .expect("shows what was detected");
    p.exp_string("Which kinds").expect("kinds prompt");
    p.send("\r").expect("accept detected kinds");
    p.flush().expect("flush");
    p.exp_string("Start the manual checklist")
        .expect("preset prompt");
    // Default is the service preset; one step down picks the library preset.
    p.send("\x1b[B").expect("arrow down");
    p.send("\r").expect("choose");
    p.flush().expect("flush");
    p.exp_string("Which roles").expect("roles prompt");
    // Toggle the first role (engineering-lead) off, keep the library preset's other default.
    p.send(" ").expect("toggle");
    p.send("\r").expect("accept");
    p.flush().expect("flush");
    p.exp_string("Wrote").expect("file written");
    p.exp_eof().expect("exits");
    let text = fs::read_to_string(dir.path().join("readiness.toml")).expect("written");
    assert!(text.contains("kinds = [\"service\"]"), "{text}");
    assert!(
        text.contains("id = \"api-review\""),
        "library preset chosen: {text}"
    );
    assert!(text.contains("required = [\"security\"]"), "{text}");
}
