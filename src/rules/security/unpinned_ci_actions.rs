use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::yaml::{YamlNode, YamlValue, parse_documents};
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// `uses:` of a third-party GitHub Action or reusable workflow pinned to a tag or branch
    /// (`@v4`, `@main`) instead of a full 40-character commit SHA, in workflows
    /// (`.github/workflows/*.yml`) and the repository's composite actions
    /// (`.github/actions/*/action.yml`). One finding per `uses:` line.
    ///
    /// ## Why it matters
    /// Tags and branches are mutable: whoever controls the action's repository (or steals its
    /// maintainer's token) can move `v4` to malicious code that then runs with the workflow's
    /// secrets and write token, as happened with `tj-actions/changed-files` in 2025.
    ///
    /// ## How to fix
    /// Pin to the full commit SHA and keep the version in a comment; Dependabot and Renovate
    /// update pinned SHAs.
    ///
    /// ## Example
    /// ```yaml
    /// - uses: dtolnay/rust-toolchain@stable
    /// ```
    /// Use instead:
    /// ```yaml
    /// - uses: dtolnay/rust-toolchain@b3b07ba8b418998c39fb20f53e8b695cdcc8de1b # stable
    /// ```
    ///
    /// ## Does not flag
    /// First-party actions of the `actions/` and `github/` organisations (GitHub maintains
    /// them), local actions (`./.github/actions/x`), Docker actions pinned by digest
    /// (`docker://image@sha256:…`), and `uses:` in YAML comments.
    pub struct UnpinnedCiActions {
        id: "unpinned-ci-actions",
        category: Category::Security,
        severity: Severity::Low,
        effort_hours: 0.1,
        summary: "Third-party GitHub Action not pinned to a commit SHA",
        since: "2026.2",
        scope: Scope::Project,
    }
}

impl Rule for UnpinnedCiActions {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        for f in ctx.files() {
            let lower = f.rel_path.to_ascii_lowercase();
            let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
            let workflow = lower.starts_with(".github/workflows/") && yaml;
            let composite = lower.starts_with(".github/")
                && (lower.ends_with("/action.yml") || lower.ends_with("/action.yaml"));
            if !(workflow || composite) {
                continue;
            }
            let Some(text) = f.text() else { continue };
            if !text.contains("uses") {
                continue;
            }
            let Ok(docs) = parse_documents(text) else {
                continue;
            };
            for doc in &docs {
                for (uses, line) in uses_values(doc) {
                    if let Some(problem) = unpinned(uses) {
                        out.push(ctx.finding_in(
                            &Self::META,
                            &f.rel_path,
                            Some(line),
                            format!("`{uses}` {problem}"),
                        ));
                    }
                }
            }
        }
    }
}

/// Every `uses:` scalar with its line, found iteratively.
fn uses_values(doc: &YamlNode) -> Vec<(&str, u32)> {
    let mut out = Vec::new();
    let mut stack = vec![doc];
    while let Some(node) = stack.pop() {
        match &node.value {
            YamlValue::Map(entries) => {
                for (k, v) in entries {
                    if k == "uses" {
                        if let Some(s) = v.as_str() {
                            out.push((s.trim(), v.line));
                        }
                    } else {
                        stack.push(v);
                    }
                }
            }
            YamlValue::Seq(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    out.sort_by_key(|(_, line)| *line);
    out
}

/// Why a `uses:` reference is not pinned, or `None` when it is pinned or exempt.
fn unpinned(uses: &str) -> Option<String> {
    if uses.starts_with("./") || uses.starts_with("../") {
        return None;
    }
    if let Some(image) = uses.strip_prefix("docker://") {
        return (!image.contains("@sha256:"))
            .then(|| "is a Docker image not pinned by digest (`@sha256:…`)".to_string());
    }
    let (name, reference) = match uses.split_once('@') {
        Some((n, r)) => (n, r),
        None => (uses, ""),
    };
    let owner = name.split('/').next().unwrap_or("").to_ascii_lowercase();
    if owner == "actions" || owner == "github" {
        return None;
    }
    if reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    if reference.is_empty() {
        return Some("has no version: pin it to a full commit SHA".to_string());
    }
    Some(format!(
        "is pinned to the mutable ref `{reference}`, not a full commit SHA"
    ))
}

#[cfg(test)]
mod tests {
    use super::unpinned;

    #[test]
    fn pinning() {
        assert!(unpinned("actions/checkout@v4").is_none());
        assert!(unpinned("github/codeql-action/init@v3").is_none());
        assert!(unpinned("./.github/actions/setup").is_none());
        assert!(unpinned("docker://alpine@sha256:abc").is_none());
        assert!(
            unpinned("dtolnay/rust-toolchain@b3b07ba8b418998c39fb20f53e8b695cdcc8de1b").is_none()
        );
        assert!(unpinned("dtolnay/rust-toolchain@stable").is_some());
        assert!(unpinned("docker://alpine:3").is_some());
        assert!(unpinned("org/repo/.github/workflows/x.yml@main").is_some());
    }
}
