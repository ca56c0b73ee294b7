use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::rules::project_helpers::{files_in_dirs, has_doc_extension, lower_stem, parent_dir};
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// A repository with no change log: no `CHANGELOG`, `CHANGES`, `HISTORY`, `NEWS`,
    /// `RELEASES` or `RELEASE_NOTES` file (any extension) at the root or in `docs/`, and no
    /// release-notes tooling (a `changelog.d/` or `.changeset/` folder, git-cliff's `cliff.toml`,
    /// release-please or semantic-release configuration, GitHub's `.github/release.yml`, Release
    /// Drafter's `.github/release-drafter.yml`).
    ///
    /// ## Why it matters
    /// Users and operators upgrading need to know what changed, what broke and what to migrate;
    /// without a change log they read commit history or upgrade blind.
    ///
    /// ## How to fix
    /// Keep a `CHANGELOG.md` (keepachangelog.com) updated with each release, or generate release
    /// notes from commits with git-cliff, release-please or changesets.
    ///
    /// ## Example
    /// ```text
    /// README.md  src/  Cargo.toml
    /// ```
    /// Use instead:
    /// ```text
    /// README.md  CHANGELOG.md  src/  Cargo.toml
    /// ```
    ///
    /// ## Does not flag
    /// Any of the usual names in any case and extension (`CHANGES.rst`, `History.md`, `NEWS`),
    /// change logs in `docs/`, fragment folders (`changelog.d/`, `.changeset/`) and release-notes
    /// generators' configuration. A change log in a sub-package only is not enough.
    pub struct NoChangelog {
        id: "no-changelog",
        category: Category::Documentation,
        severity: Severity::Low,
        effort_hours: 0.5,
        summary: "No CHANGELOG or release notes for users upgrading",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const NAMES: &[&str] = &[
    "changelog",
    "changes",
    "history",
    "news",
    "releases",
    "release_notes",
    "release-notes",
    "releasenotes",
];

const TOOLING: &[&str] = &[
    "cliff.toml",
    ".github/release.yml",
    ".github/release.yaml",
    "release-please-config.json",
    ".release-please-manifest.json",
    ".releaserc",
    ".releaserc.json",
    ".releaserc.yml",
    ".releaserc.yaml",
    ".releaserc.js",
    "release.config.js",
    "release.config.cjs",
    ".goreleaser.yml",
    ".goreleaser.yaml",
    // Release Drafter writes each release's notes from the merged pull requests.
    ".github/release-drafter.yml",
    ".github/release-drafter.yaml",
];

impl Rule for NoChangelog {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let project = ctx.project;
        if files_in_dirs(project, &["", "docs", "doc"]).any(|f| {
            has_doc_extension(f.file_name()) && NAMES.contains(&lower_stem(f.file_name()).as_str())
        }) {
            return;
        }
        let fragments = project.files.iter().any(|f| {
            let dir = parent_dir(&f.rel_path).to_ascii_lowercase();
            dir.starts_with("changelog.d")
                || dir.starts_with(".changeset")
                || dir.starts_with("changelogs")
                || dir.starts_with("changes/")
                || dir == "changes"
                || dir.starts_with("changelog/")
                || dir == "changelog"
                || dir.starts_with("newsfragments")
        });
        if fragments || TOOLING.iter().any(|t| project.file(t).is_some()) {
            return;
        }
        out.push(ctx.finding(
            &Self::META,
            "no CHANGELOG, CHANGES, HISTORY or NEWS file at the root or in docs/: users cannot tell what a release changes",
        ));
    }
}
