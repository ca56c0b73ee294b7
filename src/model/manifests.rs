//! Package manifests and the dependencies they declare: `Cargo.toml`, `go.mod`, `package.json`,
//! `pyproject.toml`, `setup.cfg`, `setup.py`, `requirements*.txt`. Parsed leniently: a manifest
//! that does not parse is noted and yields what could be read.

use super::ProjectFile;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ecosystem {
    Cargo,
    Go,
    Npm,
    Python,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DepKind {
    Normal,
    Dev,
    Build,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependency {
    /// Name as declared (Python names normalised: lower case, `_` → `-`).
    pub name: String,
    pub ecosystem: Ecosystem,
    /// Manifest it is declared in (relative path).
    pub manifest: String,
    /// 1-based line of the declaration, when found.
    pub line: Option<u32>,
    pub kind: DepKind,
    /// A local path the dependency points at (`path = …`, `file:…`, go.mod `replace … => ../x`).
    pub local_path: Option<String>,
    /// Fully pinned (`==1.2.3`, `=1.2.3`): used to judge requirements files as lockfiles.
    pub pinned: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Manifest {
    pub path: String,
    pub ecosystem: Option<Ecosystem>,
    pub name: Option<String>,
    /// Rust: has a library target; npm: `main`/`exports`; Python: a distributable package.
    pub has_lib: bool,
    /// Binary targets / executables (`[[bin]]`, `src/main.rs`, package.json `bin`, console scripts).
    pub bins: Vec<String>,
    /// Workspace members (Cargo `[workspace] members`, npm `workspaces`).
    pub workspace_members: Vec<String>,
    pub license: Option<String>,
    /// npm `scripts`.
    pub scripts: BTreeMap<String, String>,
    /// npm: a package published for other code to import: not private, and either no `bin`
    /// nor `start` script and type declarations (`types`/`typings`), peer dependencies,
    /// several entry points in `exports` or a scoped name (`@scope/core`); or type declarations
    /// with several entry points or peers, whatever its commands. A framework, adapter, SDK or
    /// component, not an application.
    pub published_library: bool,
    /// Rust: the package's build script when it exists (`build.rs` beside the manifest, or the
    /// file `package.build` names; none with `build = false`).
    #[serde(skip)]
    pub build_script: Option<String>,
    /// A parse problem, if any (the manifest was read partially).
    pub error: Option<String>,
}

/// Manifests recognised by file name.
pub fn is_manifest(file_name: &str) -> bool {
    matches!(
        file_name,
        "Cargo.toml"
            | "go.mod"
            | "package.json"
            | "pyproject.toml"
            | "setup.cfg"
            | "setup.py"
            | "Pipfile"
    ) || (file_name.starts_with("requirements") && file_name.ends_with(".txt"))
}

pub fn parse(file: &ProjectFile, all_files: &dyn Fn(&str) -> bool) -> (Manifest, Vec<Dependency>) {
    let text = file.text().unwrap_or("");
    let mut m = Manifest {
        path: file.rel_path.clone(),
        ..Default::default()
    };
    let mut deps = Vec::new();
    match file.file_name() {
        "Cargo.toml" => cargo(text, &mut m, &mut deps, all_files),
        "go.mod" => go_mod(text, &mut m, &mut deps),
        "package.json" => package_json(text, &mut m, &mut deps, all_files),
        "pyproject.toml" => pyproject(text, &mut m, &mut deps),
        "setup.cfg" | "setup.py" => setup_py_cfg(text, &mut m, &mut deps),
        "Pipfile" => pipfile(text, &mut m, &mut deps),
        name if name.starts_with("requirements") => requirements(text, &mut m, &mut deps),
        _ => {}
    }
    (m, deps)
}

/// 1-based line of the first line whose trimmed start is `key` followed by `=`, `.`, `:` or a
/// quote, searching from `from_line` (0-based).
pub fn line_of_key(text: &str, key: &str, from_line: usize) -> Option<u32> {
    let key = key.trim_matches(['"', '\'']);
    for (i, line) in text.lines().enumerate().skip(from_line) {
        let t = line.trim_start().trim_start_matches(['"', '\'']);
        if let Some(rest) = t.strip_prefix(key) {
            let rest = rest.trim_start_matches(['"', '\'']).trim_start();
            if rest.starts_with('=')
                || rest.starts_with('.')
                || rest.starts_with(':')
                || rest.is_empty()
            {
                return Some(i as u32 + 1);
            }
        }
    }
    None
}

/// 0-based line of a TOML/INI section header such as `[dependencies]`.
fn section_line(text: &str, header: &str) -> usize {
    text.lines().position(|l| l.trim() == header).unwrap_or(0)
}

fn cargo(text: &str, m: &mut Manifest, deps: &mut Vec<Dependency>, exists: &dyn Fn(&str) -> bool) {
    m.ecosystem = Some(Ecosystem::Cargo);
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            m.error = Some(e.message().to_string());
            return;
        }
    };
    let dir = m.path.strip_suffix("Cargo.toml").unwrap_or("").to_string();
    if let Some(pkg) = table.get("package").and_then(|p| p.as_table()) {
        m.name = pkg.get("name").and_then(|v| v.as_str()).map(str::to_string);
        m.license = pkg
            .get("license")
            .or_else(|| pkg.get("license-file"))
            .and_then(|v| v.as_str())
            .map(str::to_string);
        m.has_lib = table.contains_key("lib") || exists(&format!("{dir}src/lib.rs"));
        m.build_script = match pkg.get("build") {
            Some(toml::Value::String(script)) => {
                Some(format!("{dir}{}", script.trim_start_matches("./")))
            }
            // `build = false`, or a value Cargo would reject.
            Some(_) => None,
            None => Some(format!("{dir}build.rs")),
        }
        .filter(|script| exists(script));
        if exists(&format!("{dir}src/main.rs")) {
            m.bins.push(m.name.clone().unwrap_or_else(|| "main".into()));
        }
    }
    if let Some(bins) = table.get("bin").and_then(|b| b.as_array()) {
        for b in bins {
            if let Some(name) = b.get("name").and_then(|n| n.as_str())
                && !m.bins.iter().any(|x| x == name)
            {
                m.bins.push(name.to_string());
            }
        }
    }
    if let Some(ws) = table.get("workspace").and_then(|w| w.as_table()) {
        if let Some(members) = ws.get("members").and_then(|v| v.as_array()) {
            m.workspace_members = members
                .iter()
                .filter_map(|v| v.as_str())
                .map(str::to_string)
                .collect();
        }
        if let Some(d) = ws.get("dependencies").and_then(|v| v.as_table()) {
            cargo_deps(
                text,
                "[workspace.dependencies]",
                d,
                DepKind::Normal,
                m,
                deps,
            );
        }
    }
    for (section, kind) in [
        ("dependencies", DepKind::Normal),
        ("dev-dependencies", DepKind::Dev),
        ("build-dependencies", DepKind::Build),
    ] {
        if let Some(d) = table.get(section).and_then(|v| v.as_table()) {
            cargo_deps(text, &format!("[{section}]"), d, kind, m, deps);
        }
    }
    if let Some(target) = table.get("target").and_then(|v| v.as_table()) {
        for (_, t) in target {
            if let Some(d) = t.get("dependencies").and_then(|v| v.as_table()) {
                cargo_deps(text, "", d, DepKind::Normal, m, deps);
            }
        }
    }
    if let Some(patch) = table.get("patch").and_then(|v| v.as_table()) {
        for (registry, t) in patch {
            if let Some(d) = t.as_table() {
                cargo_deps(
                    text,
                    &format!("[patch.{registry}]"),
                    d,
                    DepKind::Normal,
                    m,
                    deps,
                );
            }
        }
    }
}

fn cargo_deps(
    text: &str,
    header: &str,
    table: &toml::Table,
    kind: DepKind,
    m: &Manifest,
    deps: &mut Vec<Dependency>,
) {
    let from = if header.is_empty() {
        0
    } else {
        section_line(text, header)
    };
    for (name, spec) in table {
        let real_name = spec.get("package").and_then(|p| p.as_str()).unwrap_or(name);
        let local_path = spec
            .get("path")
            .and_then(|p| p.as_str())
            .map(str::to_string);
        let pinned = spec
            .as_str()
            .or_else(|| spec.get("version").and_then(|v| v.as_str()))
            .is_some_and(|v| v.starts_with('='));
        let line = line_of_key(text, name, from).or_else(|| {
            // `[dependencies.name]` tables.
            text.lines()
                .position(|l| l.trim().ends_with(&format!(".{name}]")))
                .map(|i| i as u32 + 1)
        });
        deps.push(Dependency {
            name: real_name.to_string(),
            ecosystem: Ecosystem::Cargo,
            manifest: m.path.clone(),
            line,
            kind,
            local_path,
            pinned,
        });
    }
}

fn go_mod(text: &str, m: &mut Manifest, deps: &mut Vec<Dependency>) {
    m.ecosystem = Some(Ecosystem::Go);
    let mut block: Option<&str> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split("//").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if line == ")" {
            block = None;
            continue;
        }
        let (directive, rest) = match block {
            Some(d) => (d, line),
            None => {
                let (d, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
                let rest = rest.trim();
                if rest == "(" {
                    block = Some(d);
                    continue;
                }
                (d, rest)
            }
        };
        let lineno = Some(i as u32 + 1);
        match directive {
            "module" => m.name = Some(rest.trim_matches('"').to_string()),
            // `// indirect`: needed by a dependency, imported by no package of this module; it
            // says nothing about what the module does (gorilla/mux there is not a server).
            "require" if raw.contains("// indirect") => {}
            "require" => {
                if let Some(path) = rest.split_whitespace().next() {
                    deps.push(Dependency {
                        name: path.to_string(),
                        ecosystem: Ecosystem::Go,
                        manifest: m.path.clone(),
                        line: lineno,
                        kind: DepKind::Normal,
                        local_path: None,
                        pinned: true,
                    });
                }
            }
            "replace" => {
                if let Some((from, to)) = rest.split_once("=>") {
                    let target = to.split_whitespace().next().unwrap_or("");
                    if target.starts_with("./")
                        || target.starts_with("../")
                        || target.starts_with('/')
                    {
                        deps.push(Dependency {
                            name: from.split_whitespace().next().unwrap_or("").to_string(),
                            ecosystem: Ecosystem::Go,
                            manifest: m.path.clone(),
                            line: lineno,
                            kind: DepKind::Normal,
                            local_path: Some(target.to_string()),
                            pinned: true,
                        });
                    }
                }
            }
            _ => {}
        }
    }
}

fn package_json(
    text: &str,
    m: &mut Manifest,
    deps: &mut Vec<Dependency>,
    exists: &dyn Fn(&str) -> bool,
) {
    m.ecosystem = Some(Ecosystem::Npm);
    let v: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            m.error = Some(e.to_string());
            return;
        }
    };
    m.name = v.get("name").and_then(|n| n.as_str()).map(str::to_string);
    m.license = v
        .get("license")
        .and_then(|n| n.as_str())
        .map(str::to_string);
    m.has_lib = v.get("main").is_some() || v.get("exports").is_some() || v.get("module").is_some();
    match v.get("bin") {
        Some(serde_json::Value::String(s)) => m.bins.push(s.clone()),
        Some(serde_json::Value::Object(o)) => m
            .bins
            .extend(o.values().filter_map(|p| p.as_str()).map(str::to_string)),
        _ => {}
    }
    match v.get("workspaces") {
        Some(serde_json::Value::Array(a)) => {
            m.workspace_members = a
                .iter()
                .filter_map(|x| x.as_str())
                .map(str::to_string)
                .collect()
        }
        Some(serde_json::Value::Object(o)) => {
            if let Some(a) = o.get("packages").and_then(|p| p.as_array()) {
                m.workspace_members = a
                    .iter()
                    .filter_map(|x| x.as_str())
                    .map(str::to_string)
                    .collect();
            }
        }
        _ => {}
    }
    if let Some(scripts) = v.get("scripts").and_then(|s| s.as_object()) {
        for (k, s) in scripts {
            if let Some(s) = s.as_str() {
                m.scripts.insert(k.clone(), s.to_string());
            }
        }
    }
    // Without `main`, npm loads `index.js` beside the manifest: a package with no command and
    // no `start` script that ships one has an entry point to import (express-session).
    let dir = m
        .path
        .strip_suffix("package.json")
        .unwrap_or("")
        .to_string();
    if !m.has_lib
        && m.bins.is_empty()
        && !m.scripts.contains_key("start")
        && exists(&format!("{dir}index.js"))
    {
        m.has_lib = true;
    }
    let private = v.get("private").and_then(|p| p.as_bool()) == Some(true);
    let entry_points = v.get("exports").and_then(|e| e.as_object()).map_or(0, |o| {
        o.keys()
            .filter(|k| k.starts_with("./") && *k != "./package.json")
            .count()
    });
    let peers = v
        .get("peerDependencies")
        .and_then(|d| d.as_object())
        .is_some_and(|o| !o.is_empty());
    let types = v.get("types").is_some() || v.get("typings").is_some();
    let no_command = m.bins.is_empty() && !m.scripts.contains_key("start");
    m.published_library = m.has_lib
        && !private
        && ((no_command
            // `@node-red/runtime`: a scoped package without a command is a component of its
            // scope's application, imported by it.
            && (types || peers || entry_points >= 2 || m.name.as_deref().is_some_and(|n| n.starts_with('@'))))
            // Types and several entry points (or peers) are an API made for importing: its
            // `bin` is a tool shipped beside it (telegraf's, the Anthropic SDK's `migrate`), and
            // a `start` script runs the developers' own server.
            || (types && (entry_points >= 2 || peers)));
    for (section, kind) in [
        ("dependencies", DepKind::Normal),
        ("devDependencies", DepKind::Dev),
        ("peerDependencies", DepKind::Normal),
        ("optionalDependencies", DepKind::Normal),
    ] {
        let Some(obj) = v.get(section).and_then(|d| d.as_object()) else {
            continue;
        };
        let from = text
            .lines()
            .position(|l| l.contains(&format!("\"{section}\"")))
            .unwrap_or(0);
        for (name, spec) in obj {
            let spec = spec.as_str().unwrap_or("");
            let local_path = spec
                .strip_prefix("file:")
                .or_else(|| spec.strip_prefix("link:"))
                .map(str::to_string);
            deps.push(Dependency {
                name: name.clone(),
                ecosystem: Ecosystem::Npm,
                manifest: m.path.clone(),
                line: line_of_key(text, &format!("\"{name}\""), from),
                kind,
                local_path,
                pinned: spec.chars().next().is_some_and(|c| c.is_ascii_digit()),
            });
        }
    }
}

/// An extra for working on the project rather than running it: `test`, `tests`, `dev`,
/// `docs`, `lint`, `typing`, `benchmark`… (also in compounds: `test-postgres`, `dev_tools`).
fn is_development_extra(name: &str) -> bool {
    name.to_ascii_lowercase().split(['-', '_', '.']).any(|w| {
        matches!(
            w,
            "test"
                | "tests"
                | "testing"
                | "dev"
                | "develop"
                | "development"
                | "doc"
                | "docs"
                | "lint"
                | "linting"
                | "typing"
                | "types"
                | "mypy"
                | "style"
                | "ci"
                | "coverage"
                | "cov"
                | "bench"
                | "benchmark"
                | "benchmarks"
                | "build"
                | "release"
                | "fuzz"
                | "qa"
                | "check"
                | "pre"
        )
    })
}

/// `requests>=2.0 ; python_version…` → `requests`.
fn python_requirement_name(spec: &str) -> Option<(String, bool)> {
    let spec = spec.trim();
    if spec.is_empty() || spec.starts_with('#') || spec.starts_with('-') {
        return None;
    }
    let end = spec
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(spec.len());
    let name = &spec[..end];
    if name.is_empty() {
        return None;
    }
    let pinned = spec[end..].trim_start().starts_with("==") && !spec.contains('*');
    Some((name.to_ascii_lowercase().replace('_', "-"), pinned))
}

fn push_python(
    deps: &mut Vec<Dependency>,
    m: &Manifest,
    spec: &str,
    line: Option<u32>,
    kind: DepKind,
) {
    if let Some((name, pinned)) = python_requirement_name(spec) {
        deps.push(Dependency {
            name,
            ecosystem: Ecosystem::Python,
            manifest: m.path.clone(),
            line,
            kind,
            local_path: None,
            pinned,
        });
    }
}

/// Line of a quoted requirement string, for list-style declarations.
fn line_of_text(text: &str, needle: &str) -> Option<u32> {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i as u32 + 1)
}

fn pyproject(text: &str, m: &mut Manifest, deps: &mut Vec<Dependency>) {
    m.ecosystem = Some(Ecosystem::Python);
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            m.error = Some(e.message().to_string());
            return;
        }
    };
    if let Some(project) = table.get("project").and_then(|p| p.as_table()) {
        m.name = project
            .get("name")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        m.has_lib = true;
        m.license = match project.get("license") {
            Some(toml::Value::String(s)) => Some(s.clone()),
            Some(toml::Value::Table(t)) => t
                .get("text")
                .or_else(|| t.get("file"))
                .and_then(|v| v.as_str())
                .map(str::to_string),
            _ => None,
        };
        if let Some(list) = project.get("dependencies").and_then(|d| d.as_array()) {
            for spec in list.iter().filter_map(|s| s.as_str()) {
                push_python(deps, m, spec, line_of_text(text, spec), DepKind::Normal);
            }
        }
        if let Some(optional) = project
            .get("optional-dependencies")
            .and_then(|d| d.as_table())
        {
            for (extra, list) in optional {
                // `test`, `dev`, `docs` extras serve development; others (`server`,
                // `postgres`, httpbin's `mainapp`) are optional parts of the program.
                let kind = if is_development_extra(extra) {
                    DepKind::Dev
                } else {
                    DepKind::Normal
                };
                for spec in list
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.as_str())
                {
                    push_python(deps, m, spec, line_of_text(text, spec), kind);
                }
            }
        }
        if let Some(scripts) = project.get("scripts").and_then(|s| s.as_table()) {
            m.bins.extend(scripts.keys().cloned());
        }
    }
    if let Some(poetry) = table
        .get("tool")
        .and_then(|t| t.get("poetry"))
        .and_then(|p| p.as_table())
    {
        m.name = m.name.clone().or_else(|| {
            poetry
                .get("name")
                .and_then(|v| v.as_str())
                .map(str::to_string)
        });
        m.license = m.license.clone().or_else(|| {
            poetry
                .get("license")
                .and_then(|v| v.as_str())
                .map(str::to_string)
        });
        m.has_lib = true;
        for (section, kind) in [
            ("dependencies", DepKind::Normal),
            ("dev-dependencies", DepKind::Dev),
        ] {
            if let Some(d) = poetry.get(section).and_then(|v| v.as_table()) {
                let from = section_line(text, &format!("[tool.poetry.{section}]"));
                for name in d.keys().filter(|k| k.as_str() != "python") {
                    push_python(deps, m, name, line_of_key(text, name, from), kind);
                }
            }
        }
        if let Some(scripts) = poetry.get("scripts").and_then(|s| s.as_table()) {
            m.bins.extend(scripts.keys().cloned());
        }
    }
}

fn setup_py_cfg(text: &str, m: &mut Manifest, deps: &mut Vec<Dependency>) {
    m.ecosystem = Some(Ecosystem::Python);
    m.has_lib = true;
    let mut in_requires = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.contains("install_requires") {
            in_requires = true;
        } else if in_requires
            && (t.starts_with('[') && !t.starts_with("[\"")
                || t.contains('=') && !t.starts_with(['"', '\'']))
        {
            in_requires = t.starts_with("[\"") || t.starts_with("['");
        }
        if t.contains("console_scripts") || t.contains("gui_scripts") {
            m.bins.push("console_scripts".into());
        }
        if t.starts_with("license")
            && let Some((_, v)) = t.split_once(['=', ':'])
        {
            let v = v.trim().trim_matches(['"', '\'', ',']);
            if !v.is_empty() {
                m.license = Some(v.to_string());
            }
        }
        if in_requires {
            for part in t.split(',') {
                let spec = part
                    .trim()
                    .trim_start_matches("install_requires")
                    .trim_start_matches(['=', ' ', '[']);
                let spec =
                    spec.trim_matches(|c: char| c == '"' || c == '\'' || c == ']' || c == ' ');
                if !spec.is_empty() && !spec.contains('(') && !spec.contains('=')
                    || spec.contains("==")
                    || spec.contains(">=")
                {
                    push_python(deps, m, spec, Some(i as u32 + 1), DepKind::Normal);
                }
            }
        }
    }
}

fn pipfile(text: &str, m: &mut Manifest, deps: &mut Vec<Dependency>) {
    m.ecosystem = Some(Ecosystem::Python);
    let Ok(table) = text.parse::<toml::Table>() else {
        return;
    };
    for (section, kind) in [
        ("packages", DepKind::Normal),
        ("dev-packages", DepKind::Dev),
    ] {
        if let Some(d) = table.get(section).and_then(|v| v.as_table()) {
            let from = section_line(text, &format!("[{section}]"));
            for name in d.keys() {
                push_python(deps, m, name, line_of_key(text, name, from), kind);
            }
        }
    }
}

fn requirements(text: &str, m: &mut Manifest, deps: &mut Vec<Dependency>) {
    m.ecosystem = Some(Ecosystem::Python);
    let kind = if m.path.contains("dev") || m.path.contains("test") {
        DepKind::Dev
    } else {
        DepKind::Normal
    };
    for (i, line) in text.lines().enumerate() {
        let spec = line.split('#').next().unwrap_or("");
        push_python(deps, m, spec, Some(i as u32 + 1), kind);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Role;

    fn file(path: &str, text: &str) -> ProjectFile {
        ProjectFile::from_text(path, None, Role::Config, text)
    }

    #[test]
    fn cargo_manifest_with_path_and_workspace_deps() {
        let text = "[package]\nname = \"svc\"\nlicense = \"MIT\"\n\n[dependencies]\naxum = \"0.7\"\nlocal = { path = \"../outside\" }\n\n[workspace.dependencies]\nserde = \"1\"\n";
        let (m, deps) = parse(&file("Cargo.toml", text), &|p| p == "src/main.rs");
        assert_eq!(m.name.as_deref(), Some("svc"));
        assert_eq!(m.bins, vec!["svc"]);
        assert_eq!(m.license.as_deref(), Some("MIT"));
        let local = deps.iter().find(|d| d.name == "local").expect("local dep");
        assert_eq!(local.local_path.as_deref(), Some("../outside"));
        assert_eq!(local.line, Some(7));
        assert_eq!(
            deps.iter().find(|d| d.name == "serde").and_then(|d| d.line),
            Some(10)
        );
    }

    #[test]
    fn go_mod_requires_and_local_replaces() {
        let text = "module example.com/x\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.0\n\tgithub.com/gorilla/mux v1.8.0 // indirect\n)\nrequire go.uber.org/zap v1.27.0 // indirect\nreplace example.com/y => ../y\n";
        let (m, deps) = parse(&file("go.mod", text), &|_| false);
        assert_eq!(m.name.as_deref(), Some("example.com/x"));
        assert_eq!(
            deps.len(),
            2,
            "indirect requires are not the module's dependencies"
        );
        assert_eq!(deps[0].name, "github.com/gin-gonic/gin");
        assert_eq!(deps[0].line, Some(4));
        assert_eq!(deps[1].local_path.as_deref(), Some("../y"));
        assert_eq!(deps[1].line, Some(8));
    }

    #[test]
    fn package_json_bins_workspaces_and_file_deps() {
        let text = "{\n  \"name\": \"app\",\n  \"bin\": {\"app\": \"bin/app.js\"},\n  \"workspaces\": [\"packages/*\"],\n  \"dependencies\": {\n    \"express\": \"^4\",\n    \"shared\": \"file:../shared\"\n  }\n}\n";
        let (m, deps) = parse(&file("package.json", text), &|_| false);
        assert_eq!(m.bins, vec!["bin/app.js"]);
        assert_eq!(m.workspace_members, vec!["packages/*"]);
        assert_eq!(
            deps.iter()
                .find(|d| d.name == "express")
                .and_then(|d| d.line),
            Some(6)
        );
        assert_eq!(
            deps.iter()
                .find(|d| d.name == "shared")
                .and_then(|d| d.local_path.clone())
                .as_deref(),
            Some("../shared")
        );
    }

    #[test]
    fn python_requirements_and_pyproject() {
        let (_, deps) = parse(
            &file("requirements.txt", "Flask==2.3.0\n# c\nrequests>=2\n"),
            &|_| false,
        );
        assert_eq!(deps.len(), 2);
        assert_eq!((deps[0].name.as_str(), deps[0].pinned), ("flask", true));
        assert!(!deps[1].pinned);
        let text = "[project]\nname = \"x\"\ndependencies = [\n  \"fastapi>=0.100\",\n]\n[project.scripts]\nx = \"x.cli:main\"\n";
        let (m, deps) = parse(&file("pyproject.toml", text), &|_| false);
        assert_eq!(deps[0].name, "fastapi");
        assert_eq!(deps[0].line, Some(4));
        assert_eq!(m.bins, vec!["x"]);
    }
}
