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

/// Lines added or changed since `rev`, per file (relative to `root`). `None` for a file means
/// every line counts (a file that is new or untracked).
pub type ChangedLines = std::collections::HashMap<String, Option<Vec<(u32, u32)>>>;

/// Reads `git diff REV` (working tree against REV) and the untracked files, with hooks,
/// fsmonitor, external diff drivers and text conversion disabled.
pub fn changed_lines(root: &Path, rev: &str) -> anyhow::Result<ChangedLines> {
    if rev.starts_with('-') {
        anyhow::bail!("invalid revision `{rev}`");
    }
    let output = hardened_git(root)
        .args([
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--unified=0",
            "--relative",
            rev,
            "--",
            ".",
        ])
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| anyhow::anyhow!("cannot run git: {e}"))?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        anyhow::bail!("git diff {rev} failed: {}", err.trim());
    }
    let mut out = parse_unified_diff(&String::from_utf8_lossy(&output.stdout));
    let untracked = hardened_git(root)
        .args([
            "ls-files",
            "-z",
            "--others",
            "--exclude-standard",
            "--",
            ".",
        ])
        .output()
        .map_err(|e| anyhow::anyhow!("cannot run git: {e}"))?;
    for raw in untracked
        .stdout
        .split(|&b| b == 0)
        .filter(|r| !r.is_empty())
    {
        out.insert(String::from_utf8_lossy(raw).into_owned(), None);
    }
    Ok(out)
}

/// Added line ranges per new-side path from `git diff --unified=0` output.
pub fn parse_unified_diff(diff: &str) -> ChangedLines {
    let mut out = ChangedLines::new();
    let mut current: Option<String> = None;
    let mut new_file = false;
    for line in diff.lines() {
        if line.starts_with("diff --git ") {
            current = None;
            new_file = false;
        } else if line.starts_with("new file mode") {
            new_file = true;
        } else if let Some(path) = line.strip_prefix("+++ ") {
            current = path.strip_prefix("b/").map(|p| unquote(p).to_string());
            if let Some(p) = &current {
                out.insert(p.clone(), if new_file { None } else { Some(Vec::new()) });
            }
        } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), &current) {
            // `@@ -a,b +c,d @@`: lines c .. c+d-1 are new (d = 0: a pure deletion).
            let Some(plus) = hunk.split_whitespace().find(|p| p.starts_with('+')) else {
                continue;
            };
            let mut parts = plus[1..].split(',');
            let start: u32 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let count: u32 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(1);
            if count > 0
                && let Some(Some(ranges)) = out.get_mut(path)
            {
                ranges.push((start, start + count - 1));
            }
        }
    }
    out
}

fn unquote(p: &str) -> &str {
    p.trim_matches('"')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unified_diff_ranges() {
        let diff = "diff --git a/src/a.rs b/src/a.rs\nindex 1..2 100644\n--- a/src/a.rs\n+++ b/src/a.rs\n@@ -3,0 +4,2 @@\n+x\n+y\n@@ -10 +12 @@\n-a\n+b\n@@ -20,3 +22,0 @@\n-c\ndiff --git a/new.rs b/new.rs\nnew file mode 100644\n--- /dev/null\n+++ b/new.rs\n@@ -0,0 +1,3 @@\n+a\n";
        let c = parse_unified_diff(diff);
        assert_eq!(c.get("src/a.rs"), Some(&Some(vec![(4, 5), (12, 12)])));
        assert_eq!(c.get("new.rs"), Some(&None));
    }
}
