//! The HTML report escapes everything from the audited repository. A hostile fixture (file
//! names and code holding `<script>`, attribute breakouts and Markdown/HTML mixes) is audited,
//! and the page is loaded in headless Chromium when it is installed (CI installs Debian's
//! `chromium`): the grade renders, our own filter script runs, and no injected script does.
//! A screenshot is kept at `target/test-artifacts/html-report.png`.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

const PAYLOAD_IMG: &str =
    r#""><img src=x onerror="document.body.setAttribute('data-pwned','img')">"#;
const PAYLOAD_SCRIPT: &str = "<script>document.body.setAttribute('data-pwned','script')</script>";

fn hostile_repo(root: &Path) {
    // A file name that tries to break out of an attribute.
    let name = "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','name')\">.rs";
    fs::write(root.join(name), "pub fn f() -> u8 { Some(1).unwrap() }\n").expect("write");
    let code = format!(
        "// {PAYLOAD_SCRIPT}\npub fn g(x: Option<u8>) -> u8 {{ let _s = \"{}\"; x.unwrap() }}\n/// [link](javascript:alert(1)) **bold** <b>html</b> | pipe\npub fn h(y: Option<u8>) -> u8 {{ y.unwrap() /* {} */ }}\n",
        PAYLOAD_SCRIPT.replace('"', "\\\""),
        PAYLOAD_IMG
    );
    fs::write(root.join("lib.rs"), code).expect("write");
}

fn render(root: &Path, format: &str) -> String {
    let out = Command::cargo_bin("readiness")
        .expect("binary")
        .env_remove("GITHUB_STEP_SUMMARY")
        .arg("audit")
        .arg(root)
        .args(["--format", format])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

#[test]
fn html_escapes_repository_content() {
    let dir = tempfile::tempdir().expect("tempdir");
    hostile_repo(dir.path());
    let html = render(dir.path(), "html");
    assert!(html.contains("Content-Security-Policy"));
    assert!(!html.contains("<img src=x"), "unescaped attribute breakout");
    assert!(!html.contains(PAYLOAD_SCRIPT), "unescaped script");
    assert_eq!(html.matches("<script>").count(), 1, "only our own script");
    assert!(
        html.contains("&lt;script&gt;") || html.contains("&quot;&gt;&lt;img"),
        "payload shown as text"
    );
    for fetch in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "@import",
        "src=\"//",
        "href=\"//",
    ] {
        assert!(
            !html.contains(fetch),
            "network reference `{fetch}` in a self-contained report"
        );
    }
}

#[test]
fn markdown_escapes_repository_content() {
    let dir = tempfile::tempdir().expect("tempdir");
    hostile_repo(dir.path());
    let md = render(dir.path(), "markdown");
    // Outside code spans, raw HTML must not survive.
    for line in md.lines() {
        let outside_code: String = line.split('`').step_by(2).collect();
        assert!(
            !outside_code.contains("<img") && !outside_code.contains("<script"),
            "raw HTML in: {line}"
        );
    }
}

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|p| p.join(name))
                    .find(|p| p.is_file())
            })
        })
}

fn run_chromium(browser: &Path, profile: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium runs")
}

#[test]
fn html_renders_in_chromium_and_nothing_injected_executes() {
    let Some(browser) = chromium() else {
        eprintln!("chromium not installed; the escaping tests above still ran");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("repo");
    fs::create_dir(&repo).expect("mkdir");
    hostile_repo(&repo);
    let html = render(&repo, "html");
    let page = dir.path().join("report.html");
    fs::write(&page, &html).expect("write");
    let url = format!("file://{}", page.display());
    let profile = dir.path().join("profile");

    let dom = run_chromium(&browser, &profile, &["--dump-dom", &url]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("id=\"grade\""),
        "grade missing from rendered DOM:\n{dom}"
    );
    // The payloads are shown as text; had one run, it would have set an attribute on <body>.
    let body_tag = dom
        .split("<body")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap_or("");
    assert!(
        !body_tag.contains("data-pwned"),
        "injected script executed: <body{body_tag}>"
    );
    // Our own filter script ran: it rewrote the shown-count from the rows it found.
    let findings = html.matches("<tr data-category=").count();
    assert!(
        findings >= 3,
        "expected the hostile findings, got {findings}"
    );
    assert!(
        dom.contains(&format!("<span id=\"shown\">{findings}</span>")),
        "filter script did not run"
    );

    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    fs::create_dir_all(&artifacts).expect("artifacts dir");
    let shot = artifacts.join("html-report.png");
    let _ = fs::remove_file(&shot);
    run_chromium(
        &browser,
        &profile,
        &[
            "--window-size=1200,1800",
            &format!("--screenshot={}", shot.display()),
            &url,
        ],
    );
    assert!(shot.is_file(), "screenshot not written");
}
