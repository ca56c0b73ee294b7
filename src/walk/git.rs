//! The git index, read through `git ls-files` with everything that could run repository code
//! switched off (hooks, fsmonitor) and no optional locks taken.

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};

/// Paths tracked in the index, relative to `root` and `/`-separated; `None` when `root` is not in
/// a git work tree or git is unavailable.
pub fn tracked_files(root: &Path) -> Option<HashSet<String>> {
    let output = hardened_git(root)
        .args(["ls-files", "-z", "--full-name", "--", "."])
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let prefix = String::from_utf8(
        hardened_git(root)
            .args(["rev-parse", "--show-prefix"])
            .output()
            .ok()?
            .stdout,
    )
    .ok()?;
    let prefix = prefix.trim();
    let mut out = HashSet::new();
    for raw in output.stdout.split(|&b| b == 0) {
        if raw.is_empty() {
            continue;
        }
        let full = String::from_utf8_lossy(raw);
        if let Some(rel) = full.strip_prefix(prefix) {
            out.insert(rel.to_string());
        }
    }
    Some(out)
}

/// A git command that never runs repository-controlled code.
pub fn hardened_git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .args([
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.hooksPath=/dev/null",
            "-c",
            "core.untrackedCache=false",
            "-c",
            "protocol.allow=never",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    cmd
}
