//! Helpers shared by the integration tests that need a git repository.

use std::path::Path;

/// Runs git in `root` with hooks, fsmonitor and commit signing off and a throwaway identity;
/// false when git is missing or fails. Never runs anything from the repository under test.
pub fn git(root: &Path, args: &[&str]) -> bool {
    std::process::Command::new("git")
        .current_dir(root)
        .args([
            "-c",
            "core.hooksPath=/dev/null",
            "-c",
            "core.fsmonitor=false",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(["-c", "user.email=t@e", "-c", "user.name=t"])
        .args(args)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// A fresh folder with `git init` run in it; `None` (the test then skips) when git is missing.
pub fn git_repo() -> Option<tempfile::TempDir> {
    let dir = tempfile::tempdir().expect("tempdir");
    if !git(dir.path(), &["init", "-q"]) {
        eprintln!("git unavailable; skipping");
        return None;
    }
    Some(dir)
}
