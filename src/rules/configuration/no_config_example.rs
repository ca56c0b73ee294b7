use crate::classify::{Language, Role};
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::code_text::strip_comments_and_strings;
use crate::model::{DepKind, Ecosystem, Kind, Project};
use crate::rules::project_helpers::{
    has_doc_extension, headings, line_of_offset, lower_stem, parent_dir, readme, words,
};
use crate::rules::{ProjectContext, Rule, Scope};
use std::time::Duration;

declare_rule! {
    /// ## What it finds
    /// A service, CLI or desktop application that reads its configuration from the environment
    /// (`std::env::var("X")`, `os.Getenv("X")`, `process.env.X`, `os.environ["X"]`,
    /// `os.getenv("X")`) or through a configuration library (`config`, `figment`, `envy`,
    /// `dotenvy`, viper, envconfig, godotenv, dotenv, convict, `@nestjs/config`,
    /// pydantic-settings, python-dotenv, environs, dynaconf…), while the repository ships no
    /// example: no `.env.example`/`.env.sample`/`.env.template`, no `config.example.*` or
    /// `*.example.{toml,yaml,json}`, no configuration document (`docs/configuration.md`,
    /// `CONFIGURATION.md`), no README section titled Configuration/Environment/Settings, no
    /// compose file or Helm values setting the variables, and no document naming any of the
    /// variables read. The finding points at the first read.
    ///
    /// ## Why it matters
    /// Whoever deploys or develops the program must discover its settings by reading the code;
    /// a missing variable shows up as a crash or, worse, a silent default in production.
    ///
    /// ## How to fix
    /// Commit a `.env.example` (or `config.example.toml`) listing every setting with a safe
    /// placeholder and a comment, or document the settings in a Configuration section.
    ///
    /// ## Example
    /// ```rust,ignore
    /// let url = std::env::var("DATABASE_URL")?;
    /// ```
    /// Use instead:
    /// ```sh
    /// # .env.example
    /// # PostgreSQL connection string
    /// DATABASE_URL=postgres://user:password@localhost:5432/app
    /// ```
    ///
    /// ## Does not flag
    /// Libraries; reads of standard variables (`HOME`, `PATH`, `NO_COLOR`, `TERM`, `RUST_LOG`,
    /// `NODE_ENV`, `NODE_OPTIONS`, `CI`, `XDG_*`, `CARGO_*`, proxies…) and of variables the shell or a library
    /// sets for the program (`COMP_LINE`, `_CLAP_COMPLETE_INDEX`, `MSYSTEM`) or its platform does
    /// (snapd's `SNAP_*`, `KUBERNETES_*`, systemd's `LISTEN_FDS`), test hooks named so
    /// (`PUEUED_TEST_ENV_VARIABLE`, `APP_TESTING`), or the program sets itself
    /// for a child or a library (`cmd.Env = append(…, "LOGLEVEL=…")`, `os.Setenv`,
    /// `Command::env`); names computed at
    /// run time; writes such
    /// as `os.environ.setdefault(…)` or `os.environ["X"] = …`, and `del os.environ[…]`; WSGI
    /// `environ[…]`; reads in Go files behind an opt-in build tag (`//go:build testmode`), in
    /// tests, examples, build scripts or comments and strings; configuration libraries that are
    /// only development dependencies. Outside git, every file present counts as committed.
    pub struct NoConfigExample {
        id: "no-config-example",
        category: Category::Configuration,
        severity: Severity::Low,
        effort_hours: 0.5,
        kinds: &[Kind::Service, Kind::Cli, Kind::Desktop],
        summary: "Configuration read from the environment, but no .env.example or config docs",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const STANDARD_VARS: &[&str] = &[
    "HOME",
    "USER",
    "USERNAME",
    "LOGNAME",
    "PATH",
    "PWD",
    "SHELL",
    "TERM",
    "COLORTERM",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "FORCE_COLOR",
    "EDITOR",
    "VISUAL",
    "PAGER",
    "LANG",
    "LANGUAGE",
    "TZ",
    "TMPDIR",
    "TEMP",
    "TMP",
    "HOSTNAME",
    "COLUMNS",
    "LINES",
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "CI",
    "DEBUG",
    "NODE_ENV",
    "NODE_OPTIONS",
    "NODE_PATH",
    "NODE_DEBUG",
    "NODE_EXTRA_CA_CERTS",
    "NODE_NO_WARNINGS",
    "NODE_TLS_REJECT_UNAUTHORIZED",
    "APPDATA",
    "LOCALAPPDATA",
    "USERPROFILE",
    "PROGRAMDATA",
    "SYSTEMROOT",
    "COMSPEC",
    "PATHEXT",
    "SSH_AUTH_SOCK",
    "KUBECONFIG",
    "RUST_LOG",
    "RUST_BACKTRACE",
    "RUST_LIB_BACKTRACE",
    "OUT_DIR",
    "TARGET",
    "HOST",
    "PROFILE",
    "OPT_LEVEL",
    "NUM_JOBS",
    "DOCS_RS",
    "PYTHONPATH",
    "PYTHONUNBUFFERED",
    "VIRTUAL_ENV",
    "GOPATH",
    "GOROOT",
    "GOOS",
    "GOARCH",
    "GOFLAGS",
    "JAVA_HOME",
    "SUDO_USER",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "all_proxy",
    "SOURCE_DATE_EPOCH",
    "TERM_PROGRAM",
    "WSL_DISTRO_NAME",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "DJANGO_SETTINGS_MODULE",
    "SNAP",
    "NOTIFY_SOCKET",
    "INVOCATION_ID",
    // Set by the MSYS2/Git-for-Windows shell.
    "MSYSTEM",
    "WINDIR",
    // Set by Windows Terminal, by cargo for its subcommands, by ts-node-dev for the program it
    // runs; read by TLS libraries to log session keys for debugging.
    "WT_SESSION",
    "CARGO",
    "TS_NODE_DEV",
    "SSLKEYLOGFILE",
    "GOBIN",
];
const STANDARD_PREFIXES: &[&str] = &[
    "XDG_",
    "LC_",
    "CARGO_",
    "GITHUB_",
    "RUNNER_",
    "npm_",
    "PYTEST_",
    "RUSTC",
    "RUSTDOC",
    "DEP_",
    "GIT_",
    // Set for the program by its platform: snapd (`SNAP_INSTANCE_NAME`), Kubernetes
    // (`KUBERNETES_SERVICE_HOST`), systemd socket activation (`LISTEN_FDS`).
    "SNAP_",
    "KUBERNETES_",
    "LISTEN_FD",
    "LISTEN_PID",
    // Set for a pluggable transport by the tor process that launches it (pt-spec).
    "TOR_PT_",
];

const CONFIG_LIBS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Cargo, "config"),
    (Ecosystem::Cargo, "figment"),
    (Ecosystem::Cargo, "envy"),
    (Ecosystem::Cargo, "dotenv"),
    (Ecosystem::Cargo, "dotenvy"),
    (Ecosystem::Cargo, "envconfig"),
    (Ecosystem::Cargo, "confique"),
    (Ecosystem::Go, "github.com/spf13/viper"),
    (Ecosystem::Go, "github.com/kelseyhightower/envconfig"),
    (Ecosystem::Go, "github.com/caarlos0/env"),
    (Ecosystem::Go, "github.com/joho/godotenv"),
    (Ecosystem::Go, "github.com/ilyakaznacheev/cleanenv"),
    (Ecosystem::Go, "github.com/knadh/koanf"),
    (Ecosystem::Go, "github.com/sethvargo/go-envconfig"),
    (Ecosystem::Npm, "dotenv"),
    (Ecosystem::Npm, "@nestjs/config"),
    (Ecosystem::Npm, "convict"),
    (Ecosystem::Npm, "config"),
    (Ecosystem::Npm, "env-var"),
    (Ecosystem::Npm, "envalid"),
    (Ecosystem::Npm, "dotenv-flow"),
    (Ecosystem::Npm, "@t3-oss/env-core"),
    (Ecosystem::Npm, "@t3-oss/env-nextjs"),
    (Ecosystem::Python, "python-dotenv"),
    (Ecosystem::Python, "pydantic-settings"),
    (Ecosystem::Python, "environs"),
    (Ecosystem::Python, "python-decouple"),
    (Ecosystem::Python, "dynaconf"),
    (Ecosystem::Python, "django-environ"),
];

/// Standard variables, and protocol variables that the shell or a library sets for the
/// program itself (`COMP_LINE` of bash completion, clap's `_CLAP_COMPLETE_INDEX`; a leading `_`
/// marks such private variables): nothing a user configures.
fn is_standard(name: &str) -> bool {
    STANDARD_VARS.contains(&name)
        || STANDARD_PREFIXES.iter().any(|p| name.starts_with(p))
        || name.starts_with("COMP_")
        || name.starts_with('_')
        || is_test_hook(name)
}

/// `PUEUED_TEST_ENV_VARIABLE`, `APP_TESTING`: a switch the test suite sets, not a setting a
/// user configures.
fn is_test_hook(name: &str) -> bool {
    name.split('_')
        .any(|seg| matches!(seg, "TEST" | "TESTS" | "TESTING"))
}

/// One place production code reads a named environment variable.
struct EnvRead {
    path: String,
    line: u32,
    name: String,
}

/// The literal name right after `offset` in `text`: `"NAME"`/`'NAME'` (skipping spaces) or, for
/// `ident` mode, an identifier.
fn name_at(text: &str, offset: usize, ident: bool) -> Option<String> {
    let rest = text.get(offset..)?.trim_start();
    if ident {
        let n: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // `process.env.hasOwnProperty(key)` calls a method of the object: no variable is read.
        let called = rest
            .get(n.len()..)
            .is_some_and(|r| r.trim_start().starts_with('('));
        return (!n.is_empty() && !called).then_some(n);
    }
    let quote = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let body = rest.get(1..)?;
    let end = body.find(quote)?;
    let name = body.get(..end)?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| name.to_string())
}

/// After the closing bracket of `os.environ["X"]`: an assignment writes, it does not read.
fn is_assignment_after(code: &str, offset: usize) -> bool {
    let Some(rest) = code.get(offset..) else {
        return false;
    };
    let Some(close) = rest.find(']') else {
        return false;
    };
    let after = rest.get(close + 1..).unwrap_or("").trim_start();
    after.starts_with('=') && !after.starts_with("==")
}

fn env_reads(project: &Project) -> Vec<EnvRead> {
    let mut out = Vec::new();
    for f in &project.files {
        let Some(language) = f.language.filter(|l| l.is_code()) else {
            continue;
        };
        if f.role != Role::Production || f.file_name() == "build.rs" {
            continue;
        }
        let Some(text) = f.text() else { continue };
        // A Go file behind an opt-in tag (`//go:build testmode`) is not in the normal build.
        if language == Language::Go && crate::model::is_go_opt_in_file(text) {
            continue;
        }
        // (needle, name is an identifier, check for assignment)
        let needles: &[(&str, bool, bool)] = match language {
            Language::Rust => &[("env::var(", false, false), ("env::var_os(", false, false)],
            Language::Go => &[
                ("os.Getenv(", false, false),
                ("os.LookupEnv(", false, false),
            ],
            Language::Python => &[
                ("os.environ[", false, true),
                ("os.environ.get(", false, false),
                ("os.getenv(", false, false),
            ],
            _ => &[("process.env.", true, false), ("process.env[", false, true)],
        };
        if !needles.iter().any(|(n, _, _)| text.contains(n)) {
            continue;
        }
        let code = strip_comments_and_strings(language, text);
        let mut found: Vec<(usize, String)> = Vec::new();
        for (needle, ident, check_assign) in needles {
            let mut from = 0;
            while let Some(pos) = code.get(from..).and_then(|s| s.find(needle)) {
                let at = from + pos;
                from = at + needle.len();
                // `std::env::var(` but not `my_env::var(`.
                let before = code.get(..at).and_then(|b| b.chars().last());
                if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                    continue;
                }
                if *check_assign && is_assignment_after(&code, from) {
                    continue;
                }
                // `del os.environ["X"]` removes the variable; it reads nothing.
                if language == Language::Python && ends_with_word(&code[..at], "del") {
                    continue;
                }
                if let Some(name) = name_at(text, from, *ident)
                    && !is_standard(&name)
                {
                    found.push((at, name));
                }
            }
        }
        if found.is_empty() {
            continue;
        }
        if language == Language::Rust
            && let Ok(tree) = crate::parse::parse(language, text, Duration::from_secs(2))
        {
            let ranges = crate::parse::find_test_ranges(&tree, text);
            found.retain(|(at, _)| !ranges.iter().any(|r| r.contains(at)));
        }
        found.sort();
        for (at, name) in found {
            out.push(EnvRead {
                path: f.rel_path.clone(),
                line: line_of_offset(text, at),
                name,
            });
        }
    }
    out
}

/// The variables the program sets itself, for a child process or a library it calls: Go
/// `cmd.Env = append(…, "LOGLEVEL=…")` or `os.Setenv("X", …)`, Rust `.env("X", …)` or
/// `env::set_var("X", …)`, JS `process.env.X = …`. Reading one back is plumbing, not a setting
/// users configure. One pass over the production code.
fn names_set_by_the_program(project: &Project) -> std::collections::HashSet<String> {
    let mut names = std::collections::HashSet::new();
    let ident = |rest: &str| -> String {
        rest.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    const CALLS: [&str; 3] = ["Setenv(\"", ".env(\"", "set_var(\""];
    for &language in &Language::CODE {
        for (_, raw) in project.production_sources(language) {
            let candidate = CALLS.iter().any(|c| raw.contains(c))
                || raw.contains("process.env.")
                || raw.contains("Env")
                || raw.contains("os.environ")
                || raw.contains("os.putenv");
            if !candidate {
                continue;
            }
            // A comment that shows the call (`// os.Setenv("DEBUG", "1") to trace`) sets nothing;
            // the strings stay, at the same offsets.
            let stripped = crate::model::code_text::strip_comments(language, raw);
            let text = stripped.as_str();
            for call in CALLS {
                for (at, _) in text.match_indices(call) {
                    let name = ident(&text[at + call.len()..]);
                    let closed = text[at + call.len() + name.len()..].starts_with('"');
                    if !name.is_empty() && closed {
                        names.insert(name);
                    }
                }
            }
            for (at, _) in text.match_indices("process.env.") {
                let rest = &text[at + "process.env.".len()..];
                let name = ident(rest);
                let after = rest[name.len()..].trim_start();
                if !name.is_empty() && after.starts_with('=') && !after.starts_with("==") {
                    names.insert(name);
                }
            }
            if language == Language::Python {
                python_setters(text, &mut names);
            }
            // `"LOGLEVEL=debug"` in an environment handed to a child (`cmd.Env`, `os.Environ`).
            if text.contains("Env") {
                for (at, _) in text.match_indices('"') {
                    let rest = &text[at + 1..];
                    let name = ident(rest);
                    if name.len() > 1
                        && rest[name.len()..].starts_with('=')
                        && name.starts_with(|c: char| c.is_ascii_uppercase())
                        && !name.bytes().any(|b| b.is_ascii_lowercase())
                    {
                        names.insert(name);
                    }
                }
            }
        }
    }
    names
}

/// Names a Python program sets itself: `os.environ["X"] = …`, `os.environ.setdefault("X", …)`,
/// `os.putenv("X", …)`.
fn python_setters(text: &str, names: &mut std::collections::HashSet<String>) {
    for call in ["os.environ[", "os.environ.setdefault(", "os.putenv("] {
        for (at, _) in text.match_indices(call) {
            let rest = &text[at + call.len()..];
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let name: String = rest[1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let after = &rest[1 + name.len()..];
            if name.is_empty() || !after.starts_with(quote) {
                continue;
            }
            let assigned = call != "os.environ[" || is_assignment_after(rest, 0);
            if assigned {
                names.insert(name);
            }
        }
    }
}

/// `code` ends with `word` as a whole word, spaces after it allowed (`del `).
fn ends_with_word(code: &str, word: &str) -> bool {
    let trimmed = code.trim_end();
    trimmed.len() < code.len()
        && trimmed.ends_with(word)
        && !trimmed[..trimmed.len() - word.len()]
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// A file that is an example or sample of configuration.
fn is_example_file(rel_path: &str) -> bool {
    let name = rel_path
        .rsplit('/')
        .next()
        .unwrap_or(rel_path)
        .to_ascii_lowercase();
    let marked = [
        ".example",
        ".sample",
        ".template",
        ".dist",
        ".defaults",
        ".default",
        "example.",
        "sample.",
        "-example.",
        "_example.",
    ]
    .iter()
    .any(|m| name.contains(m));
    let configish = [
        "env",
        "config",
        "conf",
        "settings",
        ".toml",
        ".yaml",
        ".yml",
        ".json",
        ".ini",
        ".cfg",
        ".properties",
    ]
    .iter()
    .any(|m| name.contains(m));
    marked && configish
}

const DOC_STEMS: &[&str] = &[
    "configuration",
    "config",
    "configuring",
    "environment",
    "env",
    "settings",
];

fn has_example(project: &Project, reads: &[EnvRead]) -> bool {
    let files = project.files.iter().filter(|f| f.role != Role::Test);
    for f in files {
        let name = f.file_name();
        let lower = name.to_ascii_lowercase();
        if is_example_file(&f.rel_path) {
            return true;
        }
        if has_doc_extension(name)
            && lower.contains('.')
            && DOC_STEMS.contains(&lower_stem(name).as_str())
        {
            return true;
        }
        let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
        if yaml
            && (lower.starts_with("docker-compose") || lower.starts_with("compose"))
            && f.text()
                .is_some_and(|t| t.contains("environment:") || t.contains("env_file:"))
        {
            return true;
        }
        if yaml
            && (lower == "values.yaml" || lower == "values.yml")
            && project
                .file(&format!("{}/Chart.yaml", parent_dir(&f.rel_path)))
                .is_some()
        {
            return true;
        }
    }
    if let Some(r) = readme(project).and_then(|f| f.text()) {
        let section = headings(r).iter().any(|(_, h)| {
            words(h).iter().any(|w| {
                matches!(
                    *w,
                    "configuration" | "config" | "configuring" | "environment" | "env" | "settings"
                )
            })
        });
        if section {
            return true;
        }
    }
    // A document that names a variable the code reads documents it.
    project.facts.docs_files.iter().any(|d| {
        project
            .file(d)
            .and_then(|f| f.text())
            .is_some_and(|t| reads.iter().any(|r| t.contains(&r.name)))
    })
}

impl Rule for NoConfigExample {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let project = ctx.project;
        let mut reads = env_reads(project);
        if !reads.is_empty() {
            let own = names_set_by_the_program(project);
            reads.retain(|r| !own.contains(&r.name));
        }
        let lib = CONFIG_LIBS.iter().find_map(|(e, n)| {
            project
                .dependencies
                .iter()
                .find(|d| d.ecosystem == *e && d.name == *n && d.kind == DepKind::Normal)
        });
        if reads.is_empty() && lib.is_none() {
            return;
        }
        if has_example(project, &reads) {
            return;
        }
        let finding = match (reads.first(), lib) {
            (Some(first), _) => {
                let mut names: Vec<&str> = reads.iter().map(|r| r.name.as_str()).collect();
                names.sort_unstable();
                names.dedup();
                let others = names.len().saturating_sub(1);
                let more = if others == 0 {
                    String::new()
                } else {
                    format!(" (and {others} other variable{})", if others == 1 { "" } else { "s" })
                };
                ctx.finding_in(
                    &Self::META,
                    &first.path,
                    Some(first.line),
                    format!(
                        "`{}` is read from the environment here{more}, but no `.env.example`, sample config or configuration docs list the settings",
                        first.name
                    ),
                )
            }
            (None, Some(dep)) => ctx.finding_in(
                &Self::META,
                &dep.manifest,
                dep.line,
                format!(
                    "configuration is loaded with `{}`, but no `.env.example`, sample config or configuration docs list the settings",
                    dep.name
                ),
            ),
            (None, None) => return,
        };
        out.push(finding);
    }
}
