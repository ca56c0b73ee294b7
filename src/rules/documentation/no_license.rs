use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::rules::project_helpers::{files_in_dirs, has_doc_extension, lower_stem};
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// A repository with no license: no `LICENSE`, `LICENCE`, `COPYING` or `UNLICENSE` file at
    /// the root (any extension or suffix: `LICENSE.md`, `LICENSE-MIT`, `COPYING.txt`) and no
    /// license declared in a package manifest (`license`/`license-file` in `Cargo.toml`,
    /// `license` in `package.json` or `pyproject.toml`, a `License ::` classifier).
    ///
    /// ## Why it matters
    /// Without a license nobody may legally use, change or redistribute the code, and a company's
    /// legal review blocks it. For internal code a license file still states who owns it and
    /// under which terms it may be shared.
    ///
    /// ## How to fix
    /// Add a `LICENSE` file at the root (choosealicense.com helps) and declare it in the manifest.
    ///
    /// ## Example
    /// ```toml
    /// [package]
    /// name = "tool"
    /// ```
    /// Use instead:
    /// ```toml
    /// [package]
    /// name = "tool"
    /// license = "MIT OR Apache-2.0"
    /// ```
    ///
    /// ## Does not flag
    /// A license file at the root under any of the usual names (`LICENSE-APACHE`, `COPYING`,
    /// `license.txt`), or a license in any manifest of the repository (workspace members
    /// included). Proprietary markers such as `"license": "UNLICENSED"` count as a decision.
    /// A built Python distribution counts too: the licence files of a wheel's `*.dist-info/`,
    /// or `License:`/`License-Expression:`/`Classifier: License ::` in its `METADATA` or an
    /// sdist's `PKG-INFO` (not `License: UNKNOWN`).
    pub struct NoLicense {
        id: "no-license",
        category: Category::Documentation,
        severity: Severity::Medium,
        effort_hours: 0.25,
        summary: "The repository has no license file and no license in its manifests",
        since: "2026.2",
        scope: Scope::Project,
    }
}

/// A license file by its name.
fn is_license_name(file_name: &str) -> bool {
    let stem = lower_stem(file_name);
    has_doc_extension(file_name)
        && ["license", "licence", "copying", "unlicense"]
            .iter()
            .any(|n| {
                stem == *n
                    || stem.starts_with(&format!("{n}-"))
                    || stem.starts_with(&format!("{n}_"))
            })
}

/// A built Python distribution (a wheel's `*.dist-info/`, an sdist's `PKG-INFO`) that ships its
/// licence text or declares one in its metadata (`License-Expression: MIT`, `License: BSD`,
/// `Classifier: License :: …`).
fn distribution_declares_license(project: &crate::model::Project) -> bool {
    project.files.iter().any(|f| {
        let mut dirs: Vec<&str> = f.rel_path.split('/').collect();
        let name = dirs.pop().unwrap_or("");
        let in_dist_info = dirs.iter().any(|d| d.ends_with(".dist-info"));
        let lower = name.to_ascii_lowercase();
        let licence_text = in_dist_info
            && (lower.starts_with("licen")
                || lower.starts_with("copying")
                || dirs.last() == Some(&"licenses"));
        let metadata =
            (in_dist_info && name == "METADATA") || (dirs.len() <= 1 && name == "PKG-INFO");
        licence_text
            || (metadata
                && f.text().is_some_and(|t| {
                    t.lines().any(|l| {
                        let value = |key: &str| {
                            l.strip_prefix(key)
                                .is_some_and(|v| !matches!(v.trim(), "" | "UNKNOWN"))
                        };
                        value("License:")
                            || value("License-Expression:")
                            || l.starts_with("Classifier: License ::")
                    })
                }))
    })
}

impl Rule for NoLicense {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let project = ctx.project;
        if files_in_dirs(project, &[""]).any(|f| is_license_name(f.file_name())) {
            return;
        }
        if project.manifests.iter().any(|m| m.license.is_some()) {
            return;
        }
        let classifier = project.files.iter().any(|f| {
            matches!(f.file_name(), "pyproject.toml" | "setup.cfg" | "setup.py")
                && f.text().is_some_and(|t| t.contains("License ::"))
        });
        if classifier || distribution_declares_license(project) {
            return;
        }
        out.push(ctx.finding(
            &Self::META,
            "no LICENSE/COPYING file at the root and no license in any manifest: nobody may legally reuse this code",
        ));
    }
}
