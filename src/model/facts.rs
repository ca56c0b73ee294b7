//! Facts several rules share, computed once per audit from the files' text.

use super::Project;
use crate::classify::{Language, Role};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

#[derive(Debug, Default)]
pub struct Facts {
    /// Rust files that belong to binary targets (their job may be to print).
    pub rust_bin_files: HashSet<String>,
    /// Rust files that no Cargo target of their package compiles: helper scripts kept beside a
    /// crate (`scripts/build-pages.rs`), files of a virtual workspace's root folder. Only
    /// `src/`, `tests/`, `benches/`, `examples/`, the build script and the folders of the
    /// targets the manifest names (`[lib]`/`[[bin]]`/… `path`) are built.
    pub rust_unbuilt_files: HashSet<String>,
    /// Rust files that their nearest `Cargo.toml` names as a `[[bin]]`, `[[example]]`,
    /// `[[test]]` or `[[bench]]` path or as the build script, and modules beside such a target
    /// in a folder of its own.
    pub rust_non_lib_target_files: HashSet<String>,
    /// Cargo build scripts: `build.rs` beside a `Cargo.toml`, or the file its `package.build`
    /// names (`build = false` turns the default off).
    pub rust_build_scripts: HashSet<String>,
    /// Go functions and methods declared in the audited code, by name: whether their last
    /// result is `error`. A name declared both ways maps to `false` (ambiguous: do not flag).
    pub go_functions_returning_error: HashMap<String, bool>,
    /// CI configuration files (GitHub Actions, GitLab, CircleCI, Jenkins, Azure, Buildkite,
    /// Drone, Woodpecker, Bitbucket, Travis, AppVeyor, Cirrus, Gitea/Forgejo, SourceHut, Semaphore,
    /// Cloud Build).
    pub ci_files: Vec<String>,
    /// Dockerfiles and Containerfiles.
    pub dockerfiles: Vec<String>,
    /// YAML files holding Kubernetes objects (`apiVersion:` and `kind:` at the top level), Helm
    /// templates included.
    pub k8s_manifests: Vec<String>,
    /// Documentation: README*, files under docs/, Markdown anywhere.
    pub docs_files: Vec<String>,
    /// Facts a rule computes on first use over the whole project, once per run instead of once
    /// per file that asks.
    pub lazy: LazyFacts,
}

/// See [`Facts::lazy`]: each is computed by the rule that needs it, at most once.
#[derive(Debug, Default)]
pub struct LazyFacts {
    /// Production Python patches a default timeout into `requests` (see
    /// `http-client-without-timeout`).
    pub requests_timeout_patched: std::sync::OnceLock<bool>,
    /// A `tsconfig`/`jsconfig` sets `checkJs` (see `lint-suppression`).
    pub js_type_checked: std::sync::OnceLock<bool>,
    /// Rust files that declare clap arguments (`Arg::new(`), for `unwrap-outside-tests`.
    pub rust_clap_sources: std::sync::OnceLock<Vec<String>>,
    /// A pytest configuration sets `python_files` (see `test-without-assertion`).
    pub pytest_python_files: std::sync::OnceLock<bool>,
    /// What the CI runs (see [`super::Project::ci`]).
    pub ci: std::sync::OnceLock<super::ci_scan::CiScan>,
    /// Rust files named by a `#[path = "x_test.rs"]` attribute, each with the files that name
    /// it (see [`crate::rules::util::rust_file_is_test_module`]).
    pub rust_path_targets: std::sync::OnceLock<std::collections::HashMap<String, Vec<String>>>,
    /// Folders of a local development stack: a compose file there mounts the source tree, or a
    /// `dev.sh`-like script brings it up (see `hardcoded-secret`'s dev-stack configs).
    pub dev_stack_dirs: std::sync::OnceLock<std::collections::HashSet<String>>,
    /// Folders holding a copy of another project: their own licence beside a README that says
    /// so (see [`crate::rules::util::in_vendored_folder`]).
    pub vendored_dirs: std::sync::OnceLock<Vec<String>>,
    /// Per Rust `src/` folder: its `lib.rs` imports `clap` (see `debug-print`); asked by every
    /// file of the package, computed once.
    pub rust_lib_imports_clap: std::sync::Mutex<std::collections::HashMap<String, bool>>,
}

/// Whether a path is CI configuration of a known system.
pub fn is_ci_file(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    (lower.starts_with(".github/workflows/") && yaml)
        || lower == ".gitlab-ci.yml"
        || (lower.starts_with(".gitlab/ci/") && yaml)
        || lower == ".circleci/config.yml"
        || name == "jenkinsfile"
        || lower == "azure-pipelines.yml"
        || (lower.starts_with(".azure-pipelines/") && yaml)
        || (lower.starts_with(".buildkite/") && yaml)
        || lower == ".drone.yml"
        || lower == ".woodpecker.yml"
        || (lower.starts_with(".woodpecker/") && yaml)
        || lower == "bitbucket-pipelines.yml"
        || lower == ".travis.yml"
        || lower == "appveyor.yml"
        || lower == ".appveyor.yml"
        || lower == ".cirrus.yml"
        || ((lower.starts_with(".gitea/workflows/") || lower.starts_with(".forgejo/workflows/"))
            && yaml)
        || (lower.starts_with(".builds/") && yaml)
        || lower == ".semaphore/semaphore.yml"
        || lower == "cloudbuild.yaml"
        || lower == "cloudbuild.yml"
}

static GO_FUNC: LazyLock<Regex> = LazyLock::new(|| {
    // `func (r *T) Name(args) (T, error) {` or `func Name(args) error {`: the result list is what
    // follows the parameter list on the same line.
    Regex::new(r"(?m)^func\s*(?:\([^)]*\)\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[[^\]]*\])?\s*\((?:[^()]|\([^()]*\))*\)\s*([^{\n]*)\{")
        .expect("static Go func pattern")
});

impl Facts {
    pub fn collect(project: &Project) -> Facts {
        let rust_build_scripts = rust_build_scripts(project);
        let mut facts = Facts {
            rust_bin_files: rust_bin_files(project, &rust_build_scripts),
            rust_build_scripts,
            ..Facts::default()
        };
        (facts.rust_unbuilt_files, facts.rust_non_lib_target_files) =
            rust_target_files(project, &facts.rust_build_scripts);
        for f in &project.files {
            let rel = f.rel_path.as_str();
            if is_ci_file(rel) {
                facts.ci_files.push(f.rel_path.clone());
            }
            if f.language == Some(Language::Dockerfile) {
                facts.dockerfiles.push(f.rel_path.clone());
            }
            if f.language == Some(Language::Yaml)
                && f.role != Role::Test
                && !is_ci_file(rel)
                && let Some(text) = f.text()
            {
                let top_level = |k: &str| text.lines().any(|l| l.starts_with(k));
                if top_level("apiVersion:") && top_level("kind:") {
                    facts.k8s_manifests.push(f.rel_path.clone());
                }
            }
            let lower = rel.to_ascii_lowercase();
            if lower
                .rsplit('/')
                .next()
                .is_some_and(|n| n.starts_with("readme"))
                || lower.starts_with("docs/")
                || f.language == Some(Language::Markdown)
            {
                facts.docs_files.push(f.rel_path.clone());
            }
        }
        // What production code can call: not test doubles of `_test.go` files (a fake's
        // `write() error` is not the production `write`), nor sample programs.
        for f in &project.files {
            if f.language != Some(Language::Go)
                || matches!(f.role, Role::Generated | Role::Test | Role::Example)
            {
                continue;
            }
            let Some(text) = f.text() else { continue };
            for cap in GO_FUNC.captures_iter(text) {
                let results = cap[2].trim();
                let returns_error = results == "error"
                    || results.ends_with(", error)")
                    || results.ends_with(" error)")
                    || results.ends_with(",error)");
                facts
                    .go_functions_returning_error
                    .entry(cap[1].to_string())
                    .and_modify(|v| *v = *v && returns_error)
                    .or_insert(returns_error);
            }
        }
        facts
    }
}

/// `src/main.rs`, `src/bin/**`, `build.rs`, and every file of a package without a library; each
/// Rust file belongs to the package of its nearest `Cargo.toml`.
fn rust_bin_files(project: &Project, build_scripts: &HashSet<String>) -> HashSet<String> {
    let mut out = build_scripts.clone();
    for f in &project.files {
        if f.language != Some(Language::Rust) {
            continue;
        }
        let Some((dir, manifest)) = nearest_manifest(project, &f.rel_path) else {
            continue;
        };
        let rel = &f.rel_path[dir.len()..];
        let has_lib = project.file(&format!("{dir}src/lib.rs")).is_some()
            || manifest.text().is_some_and(|t| t.contains("[lib]"));
        if rel == "src/main.rs"
            || rel.starts_with("src/bin/")
            || rel == "build.rs"
            || (!has_lib && rel.starts_with("src/"))
        {
            out.insert(f.rel_path.clone());
        }
    }
    out
}

/// Rust files that no target compiles ([`Facts::rust_unbuilt_files`]), and files named as a
/// non-library target or the build script in their manifest
/// ([`Facts::rust_non_lib_target_files`]). Each manifest is parsed once.
fn rust_target_files(
    project: &Project,
    build_scripts: &HashSet<String>,
) -> (HashSet<String>, HashSet<String>) {
    // Per manifest folder; `None` when the manifest cannot be read (then every file counts as
    // built, and none as a named target).
    let mut targets: HashMap<String, Option<CargoTargets>> = HashMap::new();
    let mut unbuilt = HashSet::new();
    let mut non_lib = HashSet::new();
    for f in &project.files {
        if f.language != Some(Language::Rust) {
            continue;
        }
        let Some((dir, manifest)) = nearest_manifest(project, &f.rel_path) else {
            continue;
        };
        let parsed = targets
            .entry(dir.clone())
            .or_insert_with(|| manifest.text().and_then(CargoTargets::parse));
        let Some(parsed) = parsed else {
            continue;
        };
        let rel = &f.rel_path[dir.len()..];
        if parsed.names_non_lib(rel) {
            non_lib.insert(f.rel_path.clone());
        }
        if !build_scripts.contains(&f.rel_path) && !parsed.builds(rel) {
            unbuilt.insert(f.rel_path.clone());
        }
    }
    (unbuilt, non_lib)
}

/// What a `Cargo.toml` says about where its targets are.
struct CargoTargets {
    /// The folders targets are compiled from: the conventional ones of a package, plus the
    /// folder of every target `path` (`""` = the whole folder). A virtual workspace (no
    /// `[package]`) builds nothing from its own folder.
    built_from: Vec<String>,
    /// The `path` of every `[[bin]]`/`[[example]]`/`[[test]]`/`[[bench]]`, and `package.build`.
    non_lib_paths: Vec<String>,
}

impl CargoTargets {
    fn parse(manifest: &str) -> Option<CargoTargets> {
        let doc: toml::Table = manifest.parse().ok()?;
        let path_of = |t: &toml::Value| {
            t.get("path")
                .and_then(|p| p.as_str())
                .map(|p| p.trim_start_matches("./").to_string())
        };
        let mut non_lib_paths: Vec<String> = ["bin", "example", "test", "bench"]
            .iter()
            .flat_map(|kind| {
                doc.get(*kind)
                    .and_then(|t| t.as_array())
                    .into_iter()
                    .flatten()
            })
            .filter_map(path_of)
            .collect();
        let built_from = if doc.contains_key("package") {
            let folder = |p: &String| p.rsplit_once('/').map_or(String::new(), |(d, _)| d.into());
            ["src", "tests", "benches", "examples"]
                .map(String::from)
                .into_iter()
                .chain(doc.get("lib").and_then(path_of).as_ref().map(folder))
                .chain(non_lib_paths.iter().map(folder))
                .collect()
        } else {
            Vec::new()
        };
        if let Some(build) = doc
            .get("package")
            .and_then(|p| p.get("build"))
            .and_then(|b| b.as_str())
        {
            non_lib_paths.push(build.trim_start_matches("./").to_string());
        }
        Some(CargoTargets {
            built_from,
            non_lib_paths,
        })
    }

    /// `rel` (relative to the manifest's folder) is compiled by some target.
    fn builds(&self, rel: &str) -> bool {
        self.built_from.iter().any(|folder| {
            folder.is_empty()
                || rel
                    .strip_prefix(folder.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
    }

    /// `rel` is a non-library target or the build script, or a module beside a target that
    /// has a folder of its own (`path = "src/cargo-deny/main.rs"` declares
    /// `src/cargo-deny/check.rs`).
    fn names_non_lib(&self, rel: &str) -> bool {
        self.non_lib_paths.iter().any(|p| {
            p == rel
                || p.rsplit_once('/').is_some_and(|(folder, _)| {
                    !matches!(folder, "src" | "src/bin")
                        && rel.strip_prefix(folder).is_some_and(|r| r.starts_with('/'))
                })
        })
    }
}

/// The build script of every Cargo package (read from the parsed manifests). A script counts
/// for the package whose manifest is nearest to it.
fn rust_build_scripts(project: &Project) -> HashSet<String> {
    project
        .manifests
        .iter()
        .filter_map(|m| {
            let script = m.build_script.as_ref()?;
            let dir = m.path.strip_suffix("Cargo.toml")?;
            let owned_here = nearest_manifest(project, script).is_some_and(|(d, _)| d == dir);
            owned_here.then(|| script.clone())
        })
        .collect()
}

/// The folder (with a trailing `/`, or empty for the root) and manifest of the nearest
/// `Cargo.toml` above `rel_path`.
fn nearest_manifest<'p>(
    project: &'p Project,
    rel_path: &str,
) -> Option<(String, &'p super::ProjectFile)> {
    let mut dir = rel_path;
    loop {
        dir = match dir.rfind('/') {
            Some(i) => &dir[..i],
            None => "",
        };
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        if let Some(m) = project.file(&format!("{prefix}Cargo.toml")) {
            return Some((prefix, m));
        }
        if dir.is_empty() {
            return None;
        }
    }
}
