//! model: the project profile built once, before any rule runs, and shared by all of them.
//!
//! It holds every walked file (with its text), language statistics, the kinds of project
//! (service, cli, …), and facts several rules need (Rust binary targets, Go functions that
//! return errors).

pub mod ci_scan;
pub mod code_text;
mod facts;
pub use facts::is_ci_file;
pub mod imports;
mod kinds;
pub mod manifests;
pub mod test_modules;
pub mod yaml;

pub use kinds::{Kind, is_go_opt_in_file};
pub use manifests::{DepKind, Dependency, Ecosystem, Manifest};

use crate::classify::{Language, Role, classify_role, is_distributed_js_build, is_generated_text};
use crate::walk::{Content, WalkedFile};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// A walked file with its classification.
#[derive(Debug)]
pub struct ProjectFile {
    pub rel_path: String,
    pub language: Option<Language>,
    pub role: Role,
    pub size: u64,
    pub lines: usize,
    pub tracked: bool,
    pub content: Content,
    /// Modules this file imports (see [`imports::scan`]); empty for generated files and
    /// non-code. Scanned once here, in parallel, for the project set and the rules.
    pub imports: BTreeSet<(Ecosystem, String)>,
}

/// `module`, or a sub-package / sub-module of it, is in an import set.
fn imports_module(set: &BTreeSet<(Ecosystem, String)>, ecosystem: Ecosystem, module: &str) -> bool {
    set.range((ecosystem, module.to_string())..)
        .take_while(|(e, m)| *e == ecosystem && m.starts_with(module))
        .any(|(_, m)| m.len() == module.len() || matches!(m.as_bytes()[module.len()], b'/' | b'.'))
}

impl ProjectFile {
    /// This file imports `module` or one of its sub-modules (see [`Project::imports`]).
    pub fn imports(&self, ecosystem: Ecosystem, module: &str) -> bool {
        imports_module(&self.imports, ecosystem, module)
    }

    /// A tracked text file that was never walked (a snippet, a test input): classified as given,
    /// with no imports scanned.
    pub fn from_text(
        rel_path: impl Into<String>,
        language: Option<Language>,
        role: Role,
        text: impl Into<String>,
    ) -> Self {
        let text = text.into();
        ProjectFile {
            rel_path: rel_path.into(),
            language,
            role,
            size: text.len() as u64,
            lines: text.lines().count(),
            tracked: true,
            content: Content::Text(text),
            imports: BTreeSet::new(),
        }
    }

    pub fn text(&self) -> Option<&str> {
        match &self.content {
            Content::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn file_name(&self) -> &str {
        self.rel_path.rsplit('/').next().unwrap_or(&self.rel_path)
    }
}

#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct LanguageStats {
    pub files: usize,
    pub lines: usize,
    pub test_files: usize,
    pub test_lines: usize,
}

/// What configuration changes about the model.
#[derive(Debug, Clone, Default)]
pub struct ModelOptions {
    /// Globs of extra paths that count as test code.
    pub test_paths: Vec<String>,
    /// Replaces the detected kinds.
    pub kinds: Option<BTreeSet<Kind>>,
    /// Rule options from `readiness.toml` (`[rules.<id>]`), by rule id.
    pub rule_options: BTreeMap<String, BTreeMap<String, toml::Value>>,
}

#[derive(Debug, Default)]
pub struct Project {
    pub root: PathBuf,
    pub files: Vec<ProjectFile>,
    index: HashMap<String, usize>,
    /// Source languages only (code), keyed by language.
    pub languages: BTreeMap<Language, LanguageStats>,
    pub kinds: BTreeSet<Kind>,
    pub in_git: bool,
    pub manifests: Vec<Manifest>,
    pub dependencies: Vec<Dependency>,
    /// Modules imported by production and test code, per ecosystem (see [`imports::scan`]).
    pub imports: BTreeSet<(Ecosystem, String)>,
    pub facts: facts::Facts,
    /// Kinds were set by configuration rather than detected.
    pub kinds_configured: bool,
    pub rule_options: BTreeMap<String, BTreeMap<String, toml::Value>>,
    /// Rust modules declared under a test-only `cfg`, by parent file (computed on demand).
    pub test_modules: test_modules::TestModuleDeclarations,
}

/// A compiled copy of a module whose source or primary build sits beside it: `x.js` next to
/// `x.ts` (tsc's emit), `x.cjs` next to `x.js` or `x.mjs` (a dual ESM/CommonJS package),
/// `x.d.ts` next to `x.ts` or with the `x.d.ts.map` of tsc's `declarationMap`, `x.d.cts` next
/// to `x.d.ts`. Auditing both would report every finding twice, the second time in code nobody
/// edits.
fn is_build_twin(rel_path: &str, exists: impl Fn(&str) -> bool) -> bool {
    const TWINS: &[(&str, &[&str])] = &[
        (".d.cts", &[".d.ts"]),
        (".d.mts", &[".d.ts"]),
        (".d.ts", &[".ts", ".tsx"]),
        (".cjs", &[".js", ".mjs", ".ts", ".cts"]),
        (".mjs", &[".ts", ".mts"]),
        (".jsx", &[".tsx"]),
        (".js", &[".ts", ".tsx"]),
    ];
    let Some((suffix, primaries)) = TWINS.iter().find(|(s, _)| rel_path.ends_with(s)) else {
        return false;
    };
    let stem = &rel_path[..rel_path.len() - suffix.len()];
    // `index.d.ts` is not `index.ts`'s twin because of `.d`: the stem must be the same.
    !stem.is_empty()
        && !stem.ends_with('/')
        && (primaries.iter().any(|p| exists(&format!("{stem}{p}")))
            || has_source_tree_twin(stem, &exists)
            || mirrors_a_build(rel_path, &exists)
            // `types.d.ts` with the `types.d.ts.map` tsc's `declarationMap` writes beside it.
            || (suffix.starts_with(".d.") && exists(&format!("{rel_path}.map"))))
}

/// A second build of the same package in a platform or module-format folder: typeorm's
/// `browser/driver/x.js` beside the package's own `driver/x.js`.
fn mirrors_a_build(rel_path: &str, exists: impl Fn(&str) -> bool) -> bool {
    const MIRROR_DIRS: &[&str] = &["browser", "esm", "cjs", "umd", "commonjs"];
    let parts: Vec<&str> = rel_path.split('/').collect();
    (0..parts.len().saturating_sub(1)).any(|i| {
        MIRROR_DIRS.contains(&parts[i]) && {
            let mut primary = parts.clone();
            primary.remove(i);
            exists(&primary.join("/"))
        }
    })
}

/// A data-driven test suite: a JSON document whose top level holds a `tests` array of cases
/// (`{"tests": [{"description": …, "valid": true, …}]}`), as specification test suites are
/// written. Its passwords and URIs are inputs of tests.
fn is_test_suite_json(text: &str) -> bool {
    if !text.contains("\"tests\"") {
        return false;
    }
    let Ok(serde_json::Value::Object(top)) = serde_json::from_str::<serde_json::Value>(text) else {
        return false;
    };
    top.get("tests").is_some_and(|t| {
        t.as_array()
            .is_some_and(|cases| !cases.is_empty() && cases.iter().all(|c| c.is_object()))
    })
}

/// The build-output tree of a package that ships its sources too: `lib/server/app.js` (Babel or
/// tsc output) when `src/server/app.js` or `app.ts` exists, and a build emitted to the package
/// root: zod's `v4/core/schemas.d.ts` beside `src/v4/core/schemas.ts`.
fn has_source_tree_twin(stem: &str, exists: impl Fn(&str) -> bool) -> bool {
    const OUTPUT_DIRS: &[&str] = &["lib", "es", "esm", "cjs"];
    const SOURCES: &[&str] = &[".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts"];
    let parts: Vec<&str> = stem.split('/').collect();
    let source_exists = |source: Vec<&str>| {
        let source = source.join("/");
        SOURCES.iter().any(|ext| exists(&format!("{source}{ext}")))
    };
    let in_output_dir = (0..parts.len().saturating_sub(1)).any(|i| {
        OUTPUT_DIRS.contains(&parts[i]) && {
            let mut source = parts.clone();
            source[i] = "src";
            source_exists(source)
        }
    });
    // Emitted beside `src/`: the same path with `src/` inserted, at any depth (a monorepo's
    // `packages/zod/v4/…` beside `packages/zod/src/v4/…`).
    in_output_dir
        || (0..parts.len().saturating_sub(1)).any(|i| {
            parts[i] != "src" && {
                let mut source = parts.clone();
                source.insert(i, "src");
                source_exists(source)
            }
        })
}

impl Project {
    /// Every command the CI runs, directly or through scripts, make targets and package
    /// scripts: read from the CI files on first use, once per run.
    pub fn ci(&self) -> &ci_scan::CiScan {
        self.facts
            .lazy
            .ci
            .get_or_init(|| ci_scan::CiScan::collect(self))
    }

    pub fn build(
        root: PathBuf,
        walked: Vec<WalkedFile>,
        in_git: bool,
        options: &ModelOptions,
    ) -> Project {
        let test_globs = crate::walk::build_excludes(&options.test_paths).ok();
        let mut files: Vec<ProjectFile> = walked
            .into_par_iter()
            .map(|w| {
                let language = Language::from_path(&w.rel_path);
                let mut role = classify_role(&w.rel_path, language);
                if test_globs.as_ref().is_some_and(|g| g.is_match(&w.rel_path))
                    && role != Role::Generated
                {
                    role = Role::Test;
                }
                let mut file_imports = BTreeSet::new();
                let lines = match &w.content {
                    Content::Text(t) => {
                        if role == Role::Production
                            && language.is_some_and(|l| l.is_code())
                            && (is_generated_text(t)
                                || (language.is_some_and(|l| l.is_js_family())
                                    && is_distributed_js_build(t)))
                        {
                            role = Role::Generated;
                        }
                        if role == Role::Config
                            && language == Some(Language::Json)
                            && is_test_suite_json(t)
                        {
                            role = Role::Test;
                        }
                        // Production and test code: what sample code in `docs/` and
                        // `examples/` imports says nothing about the project.
                        if let Some(lang) = language
                            && lang.is_code()
                            && matches!(role, Role::Production | Role::Test)
                        {
                            imports::scan(lang, t, &mut file_imports);
                        }
                        t.lines().count()
                    }
                    _ => 0,
                };
                ProjectFile {
                    rel_path: w.rel_path,
                    language,
                    role,
                    size: w.size,
                    lines,
                    tracked: w.tracked,
                    content: w.content,
                    imports: file_imports,
                }
            })
            .collect();
        files.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
        let index: HashMap<String, usize> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.rel_path.clone(), i))
            .collect();
        for i in 0..files.len() {
            let f = &files[i];
            if matches!(f.role, Role::Production | Role::Test | Role::Example)
                && is_build_twin(&f.rel_path, |p| index.contains_key(p))
            {
                files[i].role = Role::Generated;
            }
            // The YAML edition of a JSON test suite (the MongoDB specifications ship both).
            let f = &files[i];
            if f.role == Role::Config
                && f.language == Some(Language::Yaml)
                && let Some(stem) = f
                    .rel_path
                    .strip_suffix(".yml")
                    .or_else(|| f.rel_path.strip_suffix(".yaml"))
                && index
                    .get(&format!("{stem}.json"))
                    .is_some_and(|&j| files[j].role == Role::Test)
            {
                files[i].role = Role::Test;
            }
        }

        let mut languages: BTreeMap<Language, LanguageStats> = BTreeMap::new();
        for f in &files {
            let Some(lang) = f.language.filter(|l| l.is_code()) else {
                continue;
            };
            if f.role == Role::Generated || f.role == Role::Docs {
                continue;
            }
            let stats = languages.entry(lang).or_default();
            if f.role == Role::Test {
                stats.test_files += 1;
                stats.test_lines += f.lines;
            } else {
                stats.files += 1;
                stats.lines += f.lines;
            }
        }

        let mut project = Project {
            root,
            files,
            index,
            languages,
            in_git,
            ..Default::default()
        };
        for f in &project.files {
            if manifests::is_manifest(f.file_name()) && f.role != Role::Test {
                let exists = |p: &str| project.index.contains_key(p);
                let (m, deps) = manifests::parse(f, &exists);
                project.manifests.push(m);
                project.dependencies.extend(deps);
            }
            project.imports.extend(f.imports.iter().cloned());
        }
        project.facts = facts::Facts::collect(&project);
        project.kinds = match &options.kinds {
            Some(k) => {
                project.kinds_configured = true;
                k.clone()
            }
            None => kinds::detect(&project),
        };
        project.rule_options = options.rule_options.clone();
        project
    }

    /// Declared as a dependency (any manifest outside docs and examples, any kind) in
    /// `ecosystem`. For Go, a module path prefix matches (`github.com/go-chi/chi` matches
    /// `github.com/go-chi/chi/v5`).
    pub fn has_dependency(&self, ecosystem: Ecosystem, name: &str) -> bool {
        // A manifest in `docs/` or `examples/` belongs to a docs site or a sample app (ent's
        // `doc/website/package.json` with React): not what the project uses.
        self.dependencies.iter().any(|d| {
            d.ecosystem == ecosystem
                && !crate::classify::is_in_sample_dir(&d.manifest)
                && (d.name == name
                    || (ecosystem == Ecosystem::Go
                        && d.name.starts_with(name)
                        && d.name[name.len()..].starts_with('/')))
        })
    }

    /// Imported by code in `ecosystem` (Go: the path or a sub-package of it; Python: the dotted
    /// module or any of its sub-modules).
    pub fn imports(&self, ecosystem: Ecosystem, module: &str) -> bool {
        imports_module(&self.imports, ecosystem, module)
    }

    /// Declared or imported: the library is in use.
    pub fn uses(&self, ecosystem: Ecosystem, name: &str) -> bool {
        let import_name = if ecosystem == Ecosystem::Cargo {
            name.replace('-', "_")
        } else {
            name.to_string()
        };
        self.has_dependency(ecosystem, name) || self.imports(ecosystem, &import_name)
    }

    /// The first of `names` in use in `ecosystem`.
    pub fn uses_any<'n>(&self, ecosystem: Ecosystem, names: &[&'n str]) -> Option<&'n str> {
        names.iter().copied().find(|n| self.uses(ecosystem, n))
    }

    /// Production code files of a language, with their text.
    pub fn production_sources(
        &self,
        language: Language,
    ) -> impl Iterator<Item = (&ProjectFile, &str)> {
        self.files
            .iter()
            .filter(move |f| f.language == Some(language) && f.role == Role::Production)
            .filter_map(|f| f.text().map(|t| (f, t)))
    }

    pub fn file(&self, rel_path: &str) -> Option<&ProjectFile> {
        self.index.get(rel_path).map(|&i| &self.files[i])
    }

    /// Whether any file of `language` exists (any role but generated).
    pub fn has_language(&self, language: Language) -> bool {
        self.files
            .iter()
            .any(|f| f.language == Some(language) && f.role != Role::Generated)
    }

    /// A rule option from `readiness.toml`, e.g. `allowed_origins` of `wildcard-origin`.
    pub fn rule_option(&self, rule: &str, key: &str) -> Option<&toml::Value> {
        self.rule_options.get(rule).and_then(|o| o.get(key))
    }

    /// Lines of production code in the given languages (all code languages when empty); at
    /// least 1, so densities are defined.
    pub fn production_lines(&self, languages: &[Language]) -> usize {
        self.languages
            .iter()
            .filter(|(l, _)| languages.is_empty() || languages.contains(l))
            .map(|(_, s)| s.lines)
            .sum::<usize>()
            .max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::is_build_twin;

    #[test]
    fn compiled_copies_beside_their_source_are_twins() {
        let files = [
            "src/a.ts",
            "src/a.js",
            "src/a.d.ts",
            "lib/b.js",
            "lib/b.cjs",
            "lib/b.d.ts",
            "lib/b.d.cts",
            "lib/c.cjs",
            "web/App.tsx",
            "web/App.jsx",
            "pkg/src/server/app.js",
            "pkg/lib/server/app.js",
            "pkg/lib/server/only-built.js",
            "pkg/src/lib/util.ts",
            "zod/src/v4/core/schemas.ts",
            "zod/v4/core/schemas.d.ts",
            "zod/v4/core/schemas.js",
            "zod/types/globals.d.ts",
            "orm/driver/query.js",
            "orm/browser/driver/query.js",
            "orm/browser/platform/shim.js",
            "wp/lib/NormalModule.js",
            "wp/lib/module/NormalModule.js",
            "i18n/es/index.js",
            "i18n/index.js",
            "auth/types.d.ts",
            "auth/types.d.ts.map",
            "auth/handwritten.d.ts",
        ];
        let exists = |p: &str| files.contains(&p);
        let twins: Vec<&str> = files
            .iter()
            .copied()
            .filter(|f| is_build_twin(f, exists))
            .collect();
        assert_eq!(
            twins,
            [
                "src/a.js",
                "src/a.d.ts",
                "lib/b.cjs",
                "lib/b.d.cts",
                "web/App.jsx",
                "pkg/lib/server/app.js",
                "zod/v4/core/schemas.d.ts",
                "zod/v4/core/schemas.js",
                "orm/browser/driver/query.js",
                "auth/types.d.ts",
            ]
        );
    }
}
