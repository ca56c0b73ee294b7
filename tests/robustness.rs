//! Bad input never stops the run: each problem is reported with the file it concerns, and
//! everything else is still audited.

mod common;

use common::{git, git_repo};
use readiness::engine::{self, AuditOptions};
use readiness::findings::{Category, Finding, Severity};
use readiness::rules::{FileContext, Rule, RuleMeta, builtin_rules};
use std::fs;
use std::path::Path;
use std::time::Duration;

fn audit(root: &Path) -> engine::Audit {
    let mut options = AuditOptions::new(root);
    options.only_rules = Some(vec!["unwrap-outside-tests".into()]);
    engine::run(&options, builtin_rules()).expect("audit runs")
}

fn unwrap_lines(audit: &engine::Audit, path: &str) -> Vec<u32> {
    audit
        .findings
        .iter()
        .filter(|f| f.path.as_deref() == Some(path))
        .filter_map(|f| f.line)
        .collect()
}

const UNWRAP_SRC: &str = "pub fn f() -> u8 {\n    Some(1).unwrap()\n}\n";

#[test]
fn binary_files_are_known_but_not_read_as_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("blob.rs"), b"\x7fELF\x00\x00unwrap()").expect("write");
    fs::write(dir.path().join("ok.rs"), UNWRAP_SRC).expect("write");
    let a = audit(dir.path());
    assert_eq!(a.stats.files, 2, "the binary file stays known");
    assert!(unwrap_lines(&a, "blob.rs").is_empty());
    assert_eq!(unwrap_lines(&a, "ok.rs"), vec![2]);
}

#[test]
fn binary_formats_without_an_early_nul_are_binary_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A PDF header is text-like; its streams are not UTF-8.
    let mut pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n".to_vec();
    pdf.extend_from_slice(b"password = \"hunter2hunter2\"\n");
    fs::write(dir.path().join("guide.pdf"), &pdf).expect("write");
    fs::write(dir.path().join("ok.rs"), UNWRAP_SRC).expect("write");
    let a = audit(dir.path());
    assert_eq!(a.stats.files, 2, "the PDF stays known");
    assert!(
        a.notes.iter().all(|n| n.path != "guide.pdf"),
        "not read as text, so no invalid-UTF-8 note: {:?}",
        a.notes
    );
    assert!(
        a.findings
            .iter()
            .all(|f| f.path.as_deref() != Some("guide.pdf"))
    );
}

#[test]
fn invalid_utf8_is_read_lossily_and_noted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = b"// caf\xe9 latin-1 comment\n".to_vec();
    bytes.extend_from_slice(UNWRAP_SRC.as_bytes());
    fs::write(dir.path().join("latin1.rs"), bytes).expect("write");
    let a = audit(dir.path());
    assert_eq!(unwrap_lines(&a, "latin1.rs"), vec![3]);
    assert!(
        a.notes
            .iter()
            .any(|n| n.path == "latin1.rs" && n.message.contains("invalid UTF-8")),
        "{:?}",
        a.notes
    );
}

#[test]
fn files_over_the_size_cap_are_skipped_with_a_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("big.rs"), UNWRAP_SRC.repeat(1000)).expect("write");
    fs::write(dir.path().join("small.rs"), UNWRAP_SRC).expect("write");
    let mut options = AuditOptions::new(dir.path());
    options.walk.max_file_size = 10_000;
    options.only_rules = Some(vec!["unwrap-outside-tests".into()]);
    let a = engine::run(&options, builtin_rules()).expect("audit runs");
    let skip = a
        .skipped
        .iter()
        .find(|s| s.path == "big.rs")
        .expect("big.rs is skipped");
    assert!(
        skip.reason.contains("larger than 10000 bytes"),
        "{}",
        skip.reason
    );
    assert_eq!(unwrap_lines(&a, "small.rs"), vec![2]);
}

#[test]
fn minified_files_are_treated_as_generated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let line = "var a=1;try{f()}catch(e){}".repeat(200);
    fs::write(dir.path().join("bundle.js"), &line).expect("write");
    let mut options = AuditOptions::new(dir.path());
    options.only_rules = None;
    let a = engine::run(&options, builtin_rules()).expect("audit runs");
    assert!(
        a.findings
            .iter()
            .all(|f| f.path.as_deref() != Some("bundle.js"))
    );
    assert_eq!(a.stats.files, 1);
}

#[test]
fn deep_nesting_finishes_within_the_parse_budget() {
    let dir = tempfile::tempdir().expect("tempdir");
    let deep = format!(
        "pub fn f() -> u8 {{ {}1{} }}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    fs::write(dir.path().join("deep.rs"), deep).expect("write");
    fs::write(dir.path().join("ok.rs"), UNWRAP_SRC).expect("write");
    let mut options = AuditOptions::new(dir.path());
    options.parse_budget = Duration::from_millis(200);
    options.only_rules = Some(vec!["unwrap-outside-tests".into()]);
    let a = engine::run(&options, builtin_rules()).expect("audit runs");
    // Parsed in time or skipped with a reason: either way the run finishes and keeps the rest.
    assert_eq!(unwrap_lines(&a, "ok.rs"), vec![2]);
}

#[cfg(unix)]
#[test]
fn symlinks_are_never_followed_and_loops_cannot_hang() {
    let outside = tempfile::tempdir().expect("tempdir");
    fs::write(outside.path().join("secret.rs"), UNWRAP_SRC).expect("write");
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join("sub")).expect("mkdir");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).expect("symlink");
    std::os::unix::fs::symlink(
        outside.path().join("secret.rs"),
        dir.path().join("escape.rs"),
    )
    .expect("symlink");
    fs::write(dir.path().join("ok.rs"), UNWRAP_SRC).expect("write");
    let a = audit(dir.path());
    assert!(
        unwrap_lines(&a, "escape.rs").is_empty(),
        "a link out of the root is not read"
    );
    assert!(
        a.skipped
            .iter()
            .any(|s| s.path == "escape.rs" && s.reason.contains("symbolic link"))
    );
    assert!(
        a.skipped
            .iter()
            .any(|s| s.path == "sub/loop" && s.reason.contains("symbolic link"))
    );
    assert_eq!(unwrap_lines(&a, "ok.rs"), vec![2]);
}

#[cfg(unix)]
#[test]
fn non_utf8_file_names_are_audited_and_noted() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let name = std::ffi::OsStr::from_bytes(b"bad\xffname.rs");
    fs::write(dir.path().join(name), UNWRAP_SRC).expect("write");
    let a = audit(dir.path());
    assert_eq!(a.findings.len(), 1, "{:?}", a.findings);
    assert!(
        a.notes
            .iter()
            .any(|n| n.message.contains("not valid UTF-8")),
        "{:?}",
        a.notes
    );
}

#[cfg(unix)]
#[test]
fn unreadable_folders_are_reported_and_the_rest_is_audited() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).expect("mkdir");
    fs::write(locked.join("x.rs"), UNWRAP_SRC).expect("write");
    fs::write(dir.path().join("ok.rs"), UNWRAP_SRC).expect("write");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    let readable_anyway = fs::read_dir(&locked).is_ok(); // root ignores permissions
    let a = audit(dir.path());
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod back");
    assert_eq!(unwrap_lines(&a, "ok.rs"), vec![2]);
    if readable_anyway {
        assert_eq!(unwrap_lines(&a, "locked/x.rs"), vec![2]);
    } else {
        assert!(
            a.skipped
                .iter()
                .any(|s| s.path == "locked" && s.reason.starts_with("unreadable")),
            "{:?}",
            a.skipped
        );
    }
}

/// A rule that panics on every file, to prove one broken rule loses nothing else.
struct Panicky;
impl Rule for Panicky {
    fn meta(&self) -> &'static RuleMeta {
        const META: RuleMeta = RuleMeta {
            id: "panicky",
            category: Category::CodeQuality,
            severity: Severity::Low,
            summary: "panics",
            ..RuleMeta::DEFAULT
        };
        &META
    }
    fn check_file(&self, ctx: &FileContext<'_>, _out: &mut Vec<Finding>) {
        panic!("boom in {}", ctx.rel_path());
    }
}

#[test]
fn a_panicking_rule_is_reported_and_other_results_stay() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("ok.rs"), UNWRAP_SRC).expect("write");
    let mut rules = builtin_rules();
    rules.insert(0, &Panicky);
    let mut options = AuditOptions::new(dir.path());
    options.only_rules = Some(vec!["panicky".into(), "unwrap-outside-tests".into()]);
    let a = engine::run(&options, rules).expect("audit runs");
    assert_eq!(unwrap_lines(&a, "ok.rs"), vec![2]);
    let skip = a
        .skipped
        .iter()
        .find(|s| s.path == "ok.rs")
        .expect("panic reported");
    assert!(
        skip.reason.contains("rule panicky failed") && skip.reason.contains("boom in ok.rs"),
        "{}",
        skip.reason
    );
}

#[test]
fn gitignored_files_are_skipped_but_tracked_ones_are_audited() {
    let Some(dir) = git_repo() else { return };
    let root = dir.path();
    let git = |args: &[&str]| git(root, args);
    fs::write(root.join(".gitignore"), "*.gen.rs\nlocal/\n").expect("write");
    fs::write(root.join("kept.gen.rs"), UNWRAP_SRC).expect("write");
    fs::create_dir(root.join("local")).expect("mkdir");
    fs::write(root.join("local/ignored.rs"), UNWRAP_SRC).expect("write");
    assert!(git(&["add", "-f", "kept.gen.rs"]));
    let a = audit(root);
    assert_eq!(
        unwrap_lines(&a, "kept.gen.rs"),
        vec![2],
        "tracked despite the ignore pattern"
    );
    assert!(
        unwrap_lines(&a, "local/ignored.rs").is_empty(),
        "ignored and untracked"
    );
}

#[test]
fn virtualenvs_and_installed_packages_are_not_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    // A virtualenv under an ordinary name, marked by its `pyvenv.cfg`.
    fs::create_dir_all(root.join("env/lib")).expect("mkdir");
    fs::write(root.join("env/pyvenv.cfg"), "home = /usr/bin\n").expect("write");
    fs::write(root.join("env/lib/dep.rs"), UNWRAP_SRC).expect("write");
    // Installed packages outside any virtualenv marker.
    fs::create_dir_all(root.join("lib/python3.11/site-packages/pkg")).expect("mkdir");
    fs::write(
        root.join("lib/python3.11/site-packages/pkg/dep.rs"),
        UNWRAP_SRC,
    )
    .expect("write");
    // A folder named like a virtualenv but without the marker is the project's code.
    fs::create_dir_all(root.join("venv")).expect("mkdir");
    fs::write(root.join("venv/own.rs"), UNWRAP_SRC).expect("write");
    let a = audit(root);
    assert!(unwrap_lines(&a, "env/lib/dep.rs").is_empty());
    assert!(unwrap_lines(&a, "lib/python3.11/site-packages/pkg/dep.rs").is_empty());
    assert_eq!(unwrap_lines(&a, "venv/own.rs"), vec![2]);
    assert!(
        a.project
            .files
            .iter()
            .all(|f| !f.rel_path.starts_with("env/")),
        "the virtualenv is not walked at all"
    );
}

#[test]
fn a_virtualenv_committed_to_git_stays_out() {
    let Some(dir) = git_repo() else { return };
    let root = dir.path();
    let git = |args: &[&str]| git(root, args);
    // Ignored, yet tracked: tracked files are audited even when ignored, but not a virtualenv.
    fs::write(root.join(".gitignore"), "env/\n").expect("write");
    fs::create_dir_all(root.join("env/bin")).expect("mkdir");
    fs::write(root.join("env/pyvenv.cfg"), "home = /usr/bin\n").expect("write");
    fs::write(root.join("env/bin/tool.rs"), UNWRAP_SRC).expect("write");
    fs::write(root.join("own.rs"), UNWRAP_SRC).expect("write");
    assert!(git(&["add", "-f", "env/bin/tool.rs", "own.rs"]));
    let a = audit(root);
    assert!(unwrap_lines(&a, "env/bin/tool.rs").is_empty());
    assert_eq!(unwrap_lines(&a, "own.rs"), vec![2]);
}
