use crate::classify::Role;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::{DepKind, Ecosystem, Kind, Manifest, Project};
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// An application (service, CLI, desktop app) with a manifest that declares third-party
    /// dependencies but no committed lockfile for that ecosystem, in the manifest's folder or
    /// above it (a workspace root): `Cargo.lock`; `go.sum` (a go.mod without any `require`
    /// needs none); `package-lock.json`, `npm-shrinkwrap.json`, `yarn.lock`, `pnpm-lock.yaml`,
    /// `bun.lockb`/`bun.lock`; `poetry.lock`, `uv.lock`, `Pipfile.lock`, `pdm.lock`,
    /// `requirements.lock`, `pylock.toml`, or a `requirements*.txt` in which every requirement
    /// is pinned with `==`. Points at the manifest (one finding per Python folder). Outside
    /// git, "committed" means "present".
    ///
    /// ## Why it matters
    /// Without a lockfile every build resolves dependency versions anew: two builds of the same
    /// commit can ship different code, a bad release of a transitive dependency breaks
    /// production without any change in the repository, and a vulnerability scan audits
    /// versions that may not be the ones deployed.
    ///
    /// ## How to fix
    /// Commit the lockfile the package manager writes (`cargo generate-lockfile`, `go mod
    /// tidy`, `npm install`, `poetry lock`/`uv lock`) and build with it (`cargo build --locked`,
    /// `npm ci`).
    ///
    /// ## Example
    /// A service with `package.json` declaring `express` and `package-lock.json` in
    /// `.gitignore`.
    ///
    /// Use instead: commit `package-lock.json` and install with `npm ci` in CI and in the
    /// Dockerfile.
    ///
    /// ## Does not flag
    /// Libraries (which should not pin their users' versions; a Rust package without a binary
    /// target is one even inside an application repository, and so is a non-private npm package
    /// without `bin` that declares `exports`, `types`, `files` or `publishConfig`), manifests
    /// without third-party runtime dependencies (only dev tooling or local paths), members of a
    /// workspace whose root holds the lockfile, fully pinned requirements files, and manifests
    /// in test, example and documentation folders.
    pub struct NoLockfile {
        id: "no-lockfile",
        category: Category::CiCd,
        severity: Severity::Medium,
        effort_hours: 0.25,
        kinds: &[Kind::Service, Kind::Cli, Kind::Desktop],
        summary: "Application without a committed dependency lockfile",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const CARGO_LOCKS: &[&str] = &["Cargo.lock"];
const GO_LOCKS: &[&str] = &["go.sum"];
const NPM_LOCKS: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lockb",
    "bun.lock",
];
const PYTHON_LOCKS: &[&str] = &[
    "poetry.lock",
    "uv.lock",
    "Pipfile.lock",
    "pdm.lock",
    "requirements.lock",
    "pylock.toml",
    "pixi.lock",
];
/// Python manifests, the one to point at first.
const PYTHON_ORDER: &[&str] = &[
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "Pipfile",
    "requirements.txt",
];

impl Rule for NoLockfile {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let p = ctx.project;
        let mut python_dirs_done: Vec<String> = Vec::new();
        for m in &p.manifests {
            let Some(eco) = m.ecosystem else { continue };
            let in_scope = p.file(&m.path).is_some_and(|f| {
                !matches!(
                    f.role,
                    Role::Test | Role::Example | Role::Docs | Role::Generated
                )
            });
            if !in_scope {
                continue;
            }
            let dir = folder(&m.path);
            let (locks, ancestors) = match eco {
                Ecosystem::Cargo => (CARGO_LOCKS, true),
                Ecosystem::Go => (GO_LOCKS, false),
                Ecosystem::Npm => (NPM_LOCKS, true),
                Ecosystem::Python => (PYTHON_LOCKS, true),
            };
            if eco == Ecosystem::Python {
                if python_dirs_done.contains(&dir) {
                    continue;
                }
                python_dirs_done.push(dir.clone());
                let in_dir: Vec<&Manifest> = p
                    .manifests
                    .iter()
                    .filter(|x| x.ecosystem == Some(Ecosystem::Python) && folder(&x.path) == dir)
                    .collect();
                if !in_dir.iter().any(|x| has_runtime_deps(p, x))
                    || has_lock(p, &dir, locks, ancestors)
                    || pinned_requirements(p, &dir)
                {
                    continue;
                }
                let shown = PYTHON_ORDER
                    .iter()
                    .find_map(|n| {
                        in_dir
                            .iter()
                            .find(|x| x.path.ends_with(n) && file_name(&x.path) == *n)
                    })
                    .or_else(|| in_dir.first())
                    .map(|x| x.path.as_str())
                    .unwrap_or(m.path.as_str());
                out.push(ctx.finding_in(
                    &Self::META,
                    shown,
                    None,
                    format!(
                        "`{shown}` declares dependencies but no lockfile (poetry.lock, uv.lock, Pipfile.lock, pinned requirements) is committed: each install resolves versions anew"
                    ),
                ));
                continue;
            }
            // A Rust package without a binary target is a library, even inside an application
            // repository: only packages that build executables (or workspaces holding one) need
            // the lock.
            let workspace_with_bins = !m.workspace_members.is_empty()
                && p.manifests.iter().any(|x| {
                    x.ecosystem == Some(Ecosystem::Cargo)
                        && !x.bins.is_empty()
                        && x.path.starts_with(&dir)
                });
            let cargo_library =
                eco == Ecosystem::Cargo && m.bins.is_empty() && !workspace_with_bins;
            if cargo_library
                || (eco == Ecosystem::Npm && npm_library(p, m))
                || !has_runtime_deps(p, m)
                || has_lock(p, &dir, locks, ancestors)
            {
                continue;
            }
            let expected = match eco {
                Ecosystem::Cargo => "`Cargo.lock`",
                Ecosystem::Go => "`go.sum`",
                _ => "`package-lock.json`, `yarn.lock` or `pnpm-lock.yaml`",
            };
            out.push(ctx.finding_in(
                &Self::META,
                &m.path,
                None,
                format!(
                    "`{}` declares dependencies but no {expected} is committed: each build resolves versions anew",
                    m.path
                ),
            ));
        }
    }
}

/// The folder of a relative path, with a trailing `/` (empty for the root).
fn folder(rel: &str) -> String {
    rel.rsplit_once('/')
        .map(|(d, _)| format!("{d}/"))
        .unwrap_or_default()
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

fn committed(p: &Project, rel: &str) -> bool {
    p.file(rel).is_some_and(|f| !p.in_git || f.tracked)
}

fn has_runtime_deps(p: &Project, m: &Manifest) -> bool {
    p.dependencies
        .iter()
        .any(|d| d.manifest == m.path && d.kind == DepKind::Normal && d.local_path.is_none())
}

/// A lockfile in `dir` or, when `ancestors`, in a folder above it.
fn has_lock(p: &Project, dir: &str, locks: &[&str], ancestors: bool) -> bool {
    let mut d = dir.to_string();
    loop {
        if locks.iter().any(|l| committed(p, &format!("{d}{l}"))) {
            return true;
        }
        if !ancestors || d.is_empty() {
            return false;
        }
        let trimmed = d.trim_end_matches('/');
        d = trimmed
            .rsplit_once('/')
            .map(|(up, _)| format!("{up}/"))
            .unwrap_or_default();
    }
}

/// A committed requirements file in `dir` pinning every requirement with `==`.
fn pinned_requirements(p: &Project, dir: &str) -> bool {
    p.manifests.iter().any(|m| {
        let name = file_name(&m.path);
        folder(&m.path) == dir
            && name.starts_with("requirements")
            && name.ends_with(".txt")
            && committed(p, &m.path)
            && {
                let mut deps = p.dependencies.iter().filter(|d| d.manifest == m.path);
                let mut any = false;
                let all = deps.all(|d| {
                    any = true;
                    d.pinned
                });
                any && all
            }
    })
}

/// A package published for others to import (see
/// [`crate::model::manifests::Manifest::published_library`]), or one that is not private, has
/// no `bin`, and an `exports`, `types`, `files` or `publishConfig` field. Its lockfile would not
/// reach its users.
fn npm_library(p: &Project, m: &Manifest) -> bool {
    let Some(v) = p
        .file(&m.path)
        .and_then(|f| f.text())
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
    else {
        return false;
    };
    let private = v.get("private").and_then(|x| x.as_bool()) == Some(true);
    m.published_library
        || !private
            && m.bins.is_empty()
            && ["exports", "types", "typings", "files", "publishConfig"]
                .iter()
                .any(|k| v.get(k).is_some())
}
