//! What the CI runs: the commands of every CI configuration file, plus the commands they reach
//! through repository scripts (`./ci.sh`, `bash .ci/run`), Makefile targets (`make ci`),
//! justfile recipes (`just ci`) and package.json scripts (`npm run ci`). Shared by the
//! `ci-without-*` rules and `ignored-test`; computed once per run (see [`Project::ci`]).
//!
//! Commented-out lines never count: YAML comments are dropped by the parser, and shell/Jenkins
//! comment lines (`# cargo test`, `// sh 'go test'`) are skipped.

use super::yaml::{YamlNode, YamlValue, parse_documents};
use super::{Ecosystem, Project};
use regex::Regex;
use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

/// How many hops of indirection are followed (a CI step, a script it runs, what that runs).
const MAX_DEPTH: usize = 3;

/// Keys whose values are labels or conditions, not commands.
const LABEL_KEYS: &[&str] = &[
    "name",
    "description",
    "if",
    "on",
    "needs",
    "runs-on",
    "displayName",
    "display_name",
    "label",
    "stage",
    "stages",
    "when",
    "rules",
    "only",
    "except",
];

/// A `uses:` of a GitHub Action (or reusable workflow): lower-cased name without the ref, and the
/// `with:` inputs as text.
#[derive(Debug, Clone)]
pub struct ActionUse {
    pub name: String,
    pub with: BTreeMap<String, String>,
}

/// Every command line the CI reaches, and the actions it uses.
#[derive(Debug, Default)]
pub struct CiScan {
    pub lines: Vec<String>,
    pub actions: Vec<ActionUse>,
}

/// A CI file to point findings at: the first one, preferring a file named like the main
/// pipeline.
pub fn primary_ci_file(project: &Project) -> Option<&str> {
    let files = &project.facts.ci_files;
    let rank = |f: &str| {
        let name = f.rsplit('/').next().unwrap_or(f).to_ascii_lowercase();
        let stem = name.split('.').next().unwrap_or("").to_string();
        if [
            "ci", "main", "build", "test", "tests", "check", "checks", "rust", "go", "node",
            "python", "pr",
        ]
        .contains(&stem.as_str())
        {
            0
        } else if [
            "release", "publish", "deploy", "docs", "pages", "stale", "labeler",
        ]
        .iter()
        .any(|w| stem.contains(w))
        {
            2
        } else {
            1
        }
    };
    files.iter().min_by_key(|f| rank(f)).map(String::as_str)
}

impl CiScan {
    pub fn collect(project: &Project) -> CiScan {
        let mut scan = CiScan::default();
        let mut roots: Vec<String> = Vec::new();
        let mut sources: Vec<&str> = project.facts.ci_files.iter().map(String::as_str).collect();
        // Composite actions of the repository hold steps too.
        for f in &project.files {
            let lower = f.rel_path.to_ascii_lowercase();
            if lower.starts_with(".github/")
                && (lower.ends_with("/action.yml") || lower.ends_with("/action.yaml"))
            {
                sources.push(&f.rel_path);
            }
        }
        for rel in sources {
            let Some(text) = project.file(rel).and_then(|f| f.text()) else {
                continue;
            };
            let lower = rel.to_ascii_lowercase();
            let is_yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
            match is_yaml.then(|| parse_documents(text)) {
                Some(Ok(docs)) => {
                    for doc in &docs {
                        collect_yaml(doc, &mut roots, &mut scan.actions);
                    }
                }
                _ => {
                    // Jenkinsfile, Kotlin DSL, or YAML that does not parse: its lines.
                    let comment = if is_yaml { "#" } else { "//" };
                    roots.extend(
                        text.lines()
                            .filter(|l| !l.trim_start().starts_with(comment))
                            .map(str::to_string),
                    );
                }
            }
        }
        // Travis runs a default script per language when none is given.
        if let Some(text) = project.file(".travis.yml").and_then(|f| f.text())
            && !text.lines().any(|l| l.trim_start().starts_with("script:"))
        {
            let language = text
                .lines()
                .find_map(|l| l.strip_prefix("language:"))
                .map(|l| l.trim().to_string())
                .unwrap_or_default();
            let default = match language.as_str() {
                "rust" => "cargo test --verbose",
                "go" => "go test ./...",
                "node_js" => "npm test",
                _ => "",
            };
            if !default.is_empty() {
                roots.push(default.to_string());
            }
        }
        // `actions-rs/cargo` (and its forks, `…/cargo-action`) with `command: test` runs
        // `cargo test`.
        for a in &scan.actions {
            let cargo_action = a.name == "actions-rs/cargo" || a.name.ends_with("/cargo-action");
            if cargo_action && let Some(cmd) = a.with.get("command") {
                let args = a.with.get("args").map(String::as_str).unwrap_or("");
                roots.push(format!("cargo {cmd} {args}"));
            }
        }
        scan.lines = expand(project, roots);
        scan
    }

    /// Some command (one of its shell commands, split into words) satisfies `pred`.
    pub fn any_command(&self, pred: impl Fn(&[String]) -> bool) -> bool {
        self.lines
            .iter()
            .any(|line| commands(line).iter().any(|words| pred(words)))
    }

    /// A job calls another repository's reusable workflow (`uses:
    /// fastify/workflows/.github/workflows/plugins-ci.yml@…`): its steps are not in this
    /// repository, so what CI runs cannot be known from here. Local ones (`./.github/…`) are read.
    pub fn delegates_to_remote_workflow(&self) -> bool {
        self.actions
            .iter()
            .any(|a| !a.name.starts_with("./") && a.name.contains("/.github/workflows/"))
    }

    pub fn any_action(&self, pred: impl Fn(&ActionUse) -> bool) -> bool {
        self.actions.iter().any(pred)
    }

    pub fn any_line(&self, pred: impl Fn(&str) -> bool) -> bool {
        self.lines.iter().any(|l| pred(l))
    }
}

/// Walks a YAML document iteratively: scalars become command lines (labels excepted), `uses:`
/// become actions.
fn collect_yaml(doc: &YamlNode, lines: &mut Vec<String>, actions: &mut Vec<ActionUse>) {
    let mut stack: Vec<&YamlNode> = vec![doc];
    while let Some(node) = stack.pop() {
        match &node.value {
            YamlValue::Scalar(s) => push_script(s, lines),
            YamlValue::Seq(items) => stack.extend(items.iter()),
            YamlValue::Map(entries) => {
                if let Some(uses) = node.get("uses").and_then(|u| u.as_str()) {
                    let name = uses
                        .split('@')
                        .next()
                        .unwrap_or(uses)
                        .trim()
                        .to_ascii_lowercase();
                    let mut with = BTreeMap::new();
                    if let Some(w) = node.get("with") {
                        for (k, v) in w.entries() {
                            if let Some(s) = v.as_str() {
                                with.insert(k.clone(), s.to_string());
                            }
                        }
                    }
                    actions.push(ActionUse { name, with });
                }
                for (k, v) in entries {
                    if LABEL_KEYS.contains(&k.as_str()) || k == "uses" {
                        continue;
                    }
                    stack.push(v);
                }
            }
            YamlValue::Null => {}
        }
    }
}

/// The lines of a shell script, without comment lines and trailing comments.
fn push_script(text: &str, out: &mut Vec<String>) {
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("//") || t.starts_with("REM ") {
            continue;
        }
        let code = t.split(" #").next().unwrap_or(t);
        out.push(code.to_string());
    }
}

/// Follows scripts, make targets, just recipes and package.json scripts from the CI lines.
fn expand(project: &Project, roots: Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut queue: Vec<(String, usize)> = roots.into_iter().map(|l| (l, 0)).collect();
    queue.reverse();
    while let Some((line, depth)) = queue.pop() {
        if depth < MAX_DEPTH {
            let mut found = Vec::new();
            for words in commands(&line) {
                references(project, &words, &mut seen, &mut found);
            }
            for l in found.into_iter().rev() {
                queue.push((l, depth + 1));
            }
        }
        out.push(line);
    }
    out
}

/// Lines reached from one command: a repository script it runs, the make targets / just
/// recipes / package scripts it names.
fn references(
    project: &Project,
    words: &[String],
    seen: &mut HashSet<String>,
    out: &mut Vec<String>,
) {
    let sub = subcommands(words);
    // Repository scripts: `./ci.sh`, `bash .ci/run`, `sh scripts/test.sh`.
    for w in words {
        let looks_like_path = w.starts_with("./")
            || w.contains('/')
            || w.ends_with(".sh")
            || w.ends_with(".bash")
            || w.ends_with(".ps1");
        if !looks_like_path || w.starts_with('-') || w.contains("://") || w.contains('$') {
            continue;
        }
        let rel = w.trim_start_matches("./");
        if let Some(text) = project.file(rel).and_then(|f| f.text())
            && seen.insert(format!("file:{rel}"))
        {
            push_script(text, out);
        }
    }
    // `cargo xtask ci`, `cargo run -p xtask`, `cargo make ci`: Rust code or a Makefile.toml
    // whose commands cannot be read as shell lines. What they mention stands for what they run;
    // when the sources are not in the audited tree, nothing can be concluded, so all is assumed.
    let xtask = words.iter().any(|w| w == "xtask" || w == "--package=xtask")
        && sub.first().is_some_and(|t| t == "cargo");
    let cargo_make = sub.first().is_some_and(|t| t == "cargo")
        && sub.get(1).is_some_and(|s| s == "make")
        || sub.first().is_some_and(|t| t == "makers");
    if (xtask || cargo_make) && seen.insert(format!("opaque:{xtask}")) {
        let texts: Vec<&str> = project
            .files
            .iter()
            .filter(|f| {
                if xtask {
                    (f.rel_path.starts_with("xtask/") || f.rel_path.contains("/xtask/"))
                        && f.rel_path.ends_with(".rs")
                } else {
                    f.file_name() == "Makefile.toml"
                }
            })
            .filter_map(|f| f.text())
            .collect();
        for (needle, line) in OPAQUE_KEYWORDS {
            if texts.is_empty() || texts.iter().any(|t| t.contains(needle)) {
                out.push((*line).to_string());
            }
        }
    }
    match sub.first().map(String::as_str) {
        Some("make" | "gmake") => {
            for target in sub.iter().skip(1) {
                for mk in ["Makefile", "makefile", "GNUmakefile"] {
                    if let Some(text) = project.file(mk).and_then(|f| f.text()) {
                        make_target(text, target, seen, out);
                    }
                }
            }
        }
        Some("just") => {
            for recipe in sub.iter().skip(1) {
                for jf in ["justfile", "Justfile", ".justfile"] {
                    if let Some(text) = project.file(jf).and_then(|f| f.text()) {
                        just_recipe(text, recipe, seen, out);
                    }
                }
            }
        }
        Some("npm" | "yarn" | "pnpm" | "bun") => {
            if let Some(script) = package_script_name(&sub) {
                for m in &project.manifests {
                    if m.ecosystem == Some(Ecosystem::Npm)
                        && let Some(s) = m.scripts.get(script)
                        && seen.insert(format!("npm:{}:{script}", m.path))
                    {
                        out.push(s.clone());
                    }
                }
            }
        }
        _ => {}
    }
}

/// Words in task-runner sources and the command each stands for.
const OPAQUE_KEYWORDS: &[(&str, &str)] = &[
    ("test", "cargo test"),
    ("nextest", "cargo nextest"),
    ("clippy", "cargo clippy"),
    ("fmt", "cargo fmt"),
    ("audit", "cargo audit"),
    ("deny", "cargo deny"),
];

/// The package.json script an npm/yarn/pnpm/bun command runs.
pub fn package_script_name(sub: &[String]) -> Option<&str> {
    let tool = sub.first()?.as_str();
    let first = sub.get(1)?.as_str();
    match first {
        "run" | "run-script" => sub.get(2).map(String::as_str),
        "test" | "t" | "tst" => Some("test"),
        "start" | "stop" | "restart" => Some(first),
        // yarn, pnpm and bun run scripts by name.
        _ if tool != "npm" && !PM_BUILTINS.contains(&first) => Some(first),
        _ => None,
    }
}

const PM_BUILTINS: &[&str] = &[
    "install",
    "i",
    "add",
    "remove",
    "ci",
    "exec",
    "dlx",
    "x",
    "why",
    "link",
    "publish",
    "pack",
    "init",
    "create",
    "audit",
    "outdated",
    "upgrade",
    "up",
    "global",
    "config",
    "set",
    "cache",
    "workspace",
    "workspaces",
    "info",
    "list",
    "ls",
    "npm",
    "build",
];

/// The recipe lines of a make target and of its prerequisites.
fn make_target(text: &str, target: &str, seen: &mut HashSet<String>, out: &mut Vec<String>) {
    let mut pending = vec![target.to_string()];
    while let Some(t) = pending.pop() {
        if !seen.insert(format!("make:{t}")) {
            continue;
        }
        let mut in_recipe = false;
        for line in text.lines() {
            if let Some(body) = line.strip_prefix('\t') {
                if in_recipe {
                    let body = body.trim_start_matches(['@', '-', '+']);
                    push_script(&make_vars(body), out);
                }
                continue;
            }
            in_recipe = false;
            if line.trim_start().starts_with('#') {
                continue;
            }
            let Some((names, rest)) = line.split_once(':') else {
                continue;
            };
            if rest.starts_with('=') || names.contains('=') {
                continue;
            }
            if names.split_whitespace().any(|n| n == t) {
                in_recipe = true;
                let (prereqs, inline) = rest.split_once(';').unwrap_or((rest, ""));
                pending.extend(prereqs.split_whitespace().map(str::to_string));
                if !inline.trim().is_empty() {
                    push_script(&make_vars(inline), out);
                }
                // The target names themselves (`ci: lint test`) say what runs.
                out.push(format!("make {}", prereqs.trim()));
            }
        }
    }
}

static VARIABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\$\{\{\s*(?:env|matrix|inputs|vars)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)",
    )
    .expect("static variable pattern")
});

/// Variables named after the tool they hold become the tool: `${{ env.CARGO }} test`,
/// `$CARGO test` → `cargo test`.
fn substitute_vars(line: &str) -> String {
    if !line.contains('$') {
        return line.to_string();
    }
    VARIABLE
        .replace_all(line, |c: &regex::Captures<'_>| {
            c.get(1)
                .or_else(|| c.get(2))
                .or_else(|| c.get(3))
                .map(|m| m.as_str().to_ascii_lowercase())
                .unwrap_or_default()
        })
        .into_owned()
}

/// `$(CARGO) test` → `cargo test`.
fn make_vars(line: &str) -> String {
    let mut s = line.to_string();
    for (open, close) in [("$(", ")"), ("${", "}")] {
        while let Some(start) = s.find(open) {
            let Some(len) = s.get(start + 2..).and_then(|r| r.find(close)) else {
                break;
            };
            let name = s
                .get(start + 2..start + 2 + len)
                .unwrap_or("")
                .to_ascii_lowercase();
            s.replace_range(start..start + 2 + len + 1, &name);
        }
    }
    s
}

/// The body lines of a just recipe and of its dependencies.
fn just_recipe(text: &str, recipe: &str, seen: &mut HashSet<String>, out: &mut Vec<String>) {
    let mut pending = vec![recipe.to_string()];
    while let Some(r) = pending.pop() {
        if !seen.insert(format!("just:{r}")) {
            continue;
        }
        let mut in_recipe = false;
        for line in text.lines() {
            if line.starts_with([' ', '\t']) {
                if in_recipe {
                    push_script(line.trim_start_matches(['@', '-', ' ', '\t']), out);
                }
                continue;
            }
            in_recipe = false;
            let t = line.trim();
            if t.starts_with('#') || t.starts_with('[') || t.contains(":=") {
                continue;
            }
            let Some((head, deps)) = t.split_once(':') else {
                continue;
            };
            let name = head
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_start_matches('@');
            if name == r {
                in_recipe = true;
                pending.extend(deps.split_whitespace().map(str::to_string));
                out.push(format!("just {}", deps.trim()));
            }
        }
    }
}

/// The shell commands of a line (split at `&&`, `||`, `;`, `|`, parentheses), each as words with
/// quotes trimmed. `echo`/`printf` commands are dropped: what they print does not run.
pub fn commands(line: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let line = substitute_vars(line);
    for part in line.split(['&', '|', ';', '(', ')', '`', '{', '}']) {
        // `if [ … ]; then npm run lint; fi`: the command after a shell keyword runs too.
        const KEYWORDS: &[&str] = &[
            "then", "else", "elif", "if", "do", "while", "until", "fi", "done", "!",
        ];
        let words: Vec<String> = part
            .split_whitespace()
            .skip_while(|w| KEYWORDS.contains(w))
            .map(|w| w.trim_matches(['"', '\'', ',', '[', ']']).to_string())
            .filter(|w| !w.is_empty())
            .collect();
        match words.first().map(String::as_str) {
            None | Some("echo" | "printf" | "print" | "Write-Host" | "#") => {}
            _ => out.push(words),
        }
    }
    out
}

/// A word as a command name: `./node_modules/.bin/eslint` → `eslint`,
/// `govulncheck@latest` → `govulncheck`, lower case.
pub fn command_name(word: &str) -> String {
    let base = word.rsplit(['/', '\\']).next().unwrap_or(word);
    let base = base.split('@').next().unwrap_or(base);
    base.trim_end_matches(".exe").to_ascii_lowercase()
}

/// The words of a command that are neither flags nor toolchain selectors, as command names
/// for the first one and as-is (lower case) for the rest: `cargo +nightly --locked test -p x`
/// → `cargo test x`. Values of a few global flags that take one (`-C dir`, `--manifest-path p`)
/// are dropped too.
pub fn subcommands(words: &[String]) -> Vec<String> {
    const VALUE_FLAGS: &[&str] = &[
        "-C",
        "-f",
        "--file",
        "--manifest-path",
        "--config",
        "-Z",
        "--color",
        "--prefix",
        "--cwd",
        "--dir",
        "--filter",
        "-F",
        "--directory",
        "-j",
        "--jobs",
        "--justfile",
        "--workspace-root",
    ];
    let mut out: Vec<String> = Vec::new();
    let mut skip_next = false;
    for w in words {
        if skip_next {
            skip_next = false;
            continue;
        }
        if w.starts_with('-') {
            skip_next = VALUE_FLAGS.contains(&w.as_str());
            continue;
        }
        if w.starts_with('+') || (out.is_empty() && w.contains('=') && !w.contains('/')) {
            // `+nightly`, or an environment assignment before the command.
            continue;
        }
        out.push(if out.is_empty() {
            command_name(w)
        } else {
            w.to_ascii_lowercase()
        });
    }
    out
}

/// Whether a command installs tools rather than running them (`pip install ruff`).
pub fn is_install(sub: &[String]) -> bool {
    sub.iter().take(4).any(|w| {
        matches!(
            w.as_str(),
            "install" | "add" | "i" | "binstall" | "download" | "setup" | "get"
        )
    })
}

/// The position of `tool` among the subcommand words and what follows it
/// (`["sudo", "cargo", "test"]`, `cargo` → `["test"]`).
pub fn after<'s>(sub: &'s [String], tool: &str) -> Option<&'s [String]> {
    let i = sub.iter().position(|w| command_name(w) == tool)?;
    sub.get(i + 1..)
}

/// A command runs `tool` (as a program name anywhere in it, not when installing it).
pub fn runs_tool(sub: &[String], tools: &[&str]) -> bool {
    !is_install(sub)
        && sub
            .iter()
            .any(|w| tools.contains(&command_name(w).as_str()))
}

/// A `make`/`just`/package-manager command runs a target or script whose name starts with one of
/// `prefixes` (`make test-unit`, `npm run lint:ci`).
pub fn runs_named_task(sub: &[String], prefixes: &[&str]) -> bool {
    let names: Vec<&str> = match sub.first().map(String::as_str) {
        Some("npm" | "yarn" | "pnpm" | "bun") => package_script_name(sub).into_iter().collect(),
        Some(runner) if TASK_RUNNERS.contains(&runner) => {
            sub.iter().skip(1).map(String::as_str).collect()
        }
        _ => Vec::new(),
    };
    // `lint:ci`, `check/clippy`, `+lint`: any segment of the task name.
    names.iter().any(|n| {
        n.split(['/', ':', '+'])
            .any(|seg| prefixes.iter().any(|p| seg.starts_with(p)))
    })
}

/// Programs that run named tasks (`task lint`, `tox -e lint`, `garden check/clippy`).
const TASK_RUNNERS: &[&str] = &[
    "make", "gmake", "just", "task", "mage", "garden", "earthly", "nx", "turbo", "invoke", "inv",
    "poe", "hatch", "tox", "nox", "mise", "rake", "doit", "moon",
];

/// Test runners run as a single program.
const TEST_TOOLS: &[&str] = &[
    "pytest",
    "py.test",
    "tox",
    "nox",
    "jest",
    "vitest",
    "mocha",
    "ava",
    "karma",
    "gotestsum",
    "ginkgo",
    "ctest",
    "rspec",
    "phpunit",
    "cargo-nextest",
    "cargo-tarpaulin",
    "unittest",
    "playwright",
    "cypress",
    "bats",
    "nextest",
];
/// `<tool> <subcommand>` pairs that run tests.
const TEST_PAIRS: &[(&str, &[&str])] = &[
    (
        "cargo",
        &["test", "nextest", "tarpaulin", "llvm-cov", "miri", "insta"],
    ),
    ("cross", &["test"]),
    ("go", &["test"]),
    ("deno", &["test"]),
    ("bun", &["test"]),
    ("dotnet", &["test"]),
    ("swift", &["test"]),
    ("mix", &["test"]),
    ("hatch", &["test"]),
    ("mvn", &["test", "verify", "install", "package"]),
    ("mvnw", &["test", "verify", "install", "package"]),
    ("gradle", &["test", "check", "build"]),
    ("gradlew", &["test", "check", "build"]),
    ("bazel", &["test"]),
    ("bazelisk", &["test"]),
];

const LINT_TOOLS: &[&str] = &[
    "clippy-driver",
    "cargo-clippy",
    "rustfmt",
    "golangci-lint",
    "staticcheck",
    "gofmt",
    "goimports",
    "revive",
    "golint",
    "eslint",
    "prettier",
    "biome",
    "ruff",
    "flake8",
    "black",
    "pylint",
    "mypy",
    "isort",
    "pyright",
    "xo",
    "stylelint",
    "dprint",
    "oxlint",
    "pre-commit",
    "rubocop",
    "ktlint",
    "gofumpt",
];
const LINT_PAIRS: &[(&str, &[&str])] = &[
    ("cargo", &["clippy", "fmt"]),
    ("go", &["vet", "fmt"]),
    ("deno", &["lint", "fmt"]),
];
/// Actions (by name fragment) that lint or check formatting.
const LINT_ACTIONS: &[&str] = &[
    "lint",
    "clippy",
    "rustfmt",
    "ruff",
    "psf/black",
    "pre-commit/action",
    "staticcheck",
    "reviewdog/",
    "trunk-io/trunk-action",
];

const AUDIT_TOOLS: &[&str] = &[
    "govulncheck",
    "pip-audit",
    "osv-scanner",
    "trivy",
    "grype",
    "snyk",
    "audit-ci",
    "better-npm-audit",
    "cargo-audit",
    "nancy",
    "bundler-audit",
    "dependency-check",
];
const AUDIT_PAIRS: &[(&str, &[&str])] = &[
    ("cargo", &["audit"]),
    ("npm", &["audit"]),
    ("yarn", &["audit"]),
    ("pnpm", &["audit"]),
    ("bun", &["audit"]),
    ("safety", &["check", "scan"]),
];
const AUDIT_ACTIONS: &[&str] = &[
    "dependency-review-action",
    "audit-check",
    "cargo-deny-action",
    "trivy-action",
    "snyk/actions",
    "osv-scanner",
    "govulncheck-action",
    "pip-audit",
    "anchore/scan-action",
    "grype",
];

/// `tool` is followed (after flags) by one of `subs`.
fn runs_pair(sub: &[String], pairs: &[(&str, &[&str])]) -> bool {
    !is_install(sub)
        && pairs.iter().any(|(tool, subs)| {
            after(sub, tool)
                .and_then(|rest| rest.first())
                .is_some_and(|next| subs.contains(&next.as_str()))
        })
}

impl CiScan {
    /// Some job runs the test suite.
    pub fn runs_tests(&self) -> bool {
        self.any_command(|words| {
            let sub = subcommands(words);
            let cargo_no_run = after(&sub, "cargo").is_some_and(|r| {
                r.first().is_some_and(|s| s == "test") && words.iter().any(|w| w == "--no-run")
            });
            if cargo_no_run {
                return false;
            }
            runs_tool(&sub, TEST_TOOLS)
                || runs_pair(&sub, TEST_PAIRS)
                || (after(&sub, "cargo").is_some_and(|r| {
                    matches!(r.first().map(String::as_str), Some("hack" | "make" | "cmd"))
                        && r.iter()
                            .skip(1)
                            .any(|w| w.starts_with("test") || w == "nextest")
                }))
                || runs_named_task(&sub, &["test"])
                || (command_name(words.first().map(String::as_str).unwrap_or("")) == "python"
                    && words.iter().any(|w| w == "unittest"))
        })
    }

    /// Some job lints or checks formatting.
    pub fn runs_lint(&self) -> bool {
        self.any_command(|words| {
            let sub = subcommands(words);
            runs_tool(&sub, LINT_TOOLS)
                || runs_pair(&sub, LINT_PAIRS)
                || runs_named_task(
                    &sub,
                    &[
                        "lint",
                        "fmt",
                        "format",
                        "check-fmt",
                        "check-format",
                        "clippy",
                        "vet",
                        "prettier",
                        "eslint",
                    ],
                )
        }) || self.any_action(|a| LINT_ACTIONS.iter().any(|n| a.name.contains(n)))
    }

    /// Some job scans dependencies for known vulnerabilities.
    pub fn runs_dependency_audit(&self) -> bool {
        self.any_command(|words| {
            let sub = subcommands(words);
            let cargo_deny_advisories = after(&sub, "cargo").is_some_and(|r| {
                r.first().is_some_and(|s| s == "deny") && {
                    let checks: Vec<&String> = r.iter().skip(2).collect();
                    checks.is_empty()
                        || checks.iter().any(|c| c.as_str() == "advisories" || c.as_str() == "all")
                }
            });
            runs_tool(&sub, AUDIT_TOOLS)
                || runs_pair(&sub, AUDIT_PAIRS)
                || cargo_deny_advisories
                || runs_named_task(&sub, &["audit", "vuln"])
        }) || self.any_action(|a| AUDIT_ACTIONS.iter().any(|n| a.name.contains(n)))
            // GitLab's dependency scanning template.
            || self.any_line(|l| l.contains("Dependency-Scanning"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(line: &str) -> Vec<String> {
        subcommands(commands(line).first().map(Vec::as_slice).unwrap_or(&[]))
    }

    #[test]
    fn words_and_subcommands() {
        assert_eq!(
            sub("cargo +nightly --locked test -p x"),
            ["cargo", "test", "x"]
        );
        assert_eq!(
            sub("RUST_LOG=1 ~/.cargo/bin/cargo clippy"),
            ["cargo", "clippy"]
        );
        assert_eq!(sub("make -C sub test"), ["make", "test"]);
        assert!(commands("echo cargo test").is_empty());
        assert_eq!(commands("cargo fmt --check && cargo test").len(), 2);
        // The command after a shell keyword is a command: sails' `test` script.
        let words = commands("if [ $v != 0 ]; then npm run lint; fi && mocha");
        assert!(words.contains(&vec!["npm".into(), "run".into(), "lint".into()]));
        assert!(words.contains(&vec!["mocha".into()]));
        assert!(
            commands("for f in *.go; do gofmt -l x.go; done")
                .iter()
                .any(|w| w.first().is_some_and(|c| c == "gofmt"))
        );
        assert_eq!(make_vars("$(CARGO) test ${GO}"), "cargo test go");
        assert_eq!(
            package_script_name(&sub("npm run lint:ci")),
            Some("lint:ci")
        );
        assert_eq!(package_script_name(&sub("yarn test")), Some("test"));
        assert_eq!(package_script_name(&sub("npm install")), None);
    }

    #[test]
    fn make_targets_and_prerequisites() {
        let mk = "# comment\nci: lint test\n\nlint:\n\t@$(CARGO) clippy\n\ntest:\n\tcargo test\nx := 1\n";
        let mut out = Vec::new();
        make_target(mk, "ci", &mut HashSet::new(), &mut out);
        assert!(out.iter().any(|l| l == "cargo clippy"));
        assert!(out.iter().any(|l| l == "cargo test"));
    }
}
