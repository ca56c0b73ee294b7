//! Project kinds: what the repository is (a service, a CLI, a library…). Each project rule says
//! which kinds it is about; the report says which kinds were judged.

use super::code_text::strip_comments_and_strings;
use super::{Ecosystem, Project};
use crate::classify::{Language, Role};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Service,
    Cli,
    Library,
    Desktop,
    WebFrontend,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Service,
        Kind::Cli,
        Kind::Library,
        Kind::Desktop,
        Kind::WebFrontend,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::Cli => "cli",
            Kind::Library => "library",
            Kind::Desktop => "desktop",
            Kind::WebFrontend => "web-frontend",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }
}

const RUST_SERVER_CRATES: &[&str] = &[
    "axum",
    "actix-web",
    "warp",
    "rocket",
    "poem",
    "salvo",
    "tide",
    "tonic",
];
const GO_SERVER_MODULES: &[&str] = &[
    "github.com/gin-gonic/gin",
    "github.com/labstack/echo",
    "github.com/gofiber/fiber",
    "github.com/go-chi/chi",
    "github.com/gorilla/mux",
];
const JS_SERVER_PACKAGES: &[&str] = &[
    "express",
    "fastify",
    "koa",
    "@nestjs/core",
    "@hapi/hapi",
    "hono",
    "restify",
    "@koa/router",
];
const PY_SERVER_PACKAGES: &[&str] = &[
    "flask",
    "fastapi",
    "django",
    "aiohttp",
    "uvicorn",
    "gunicorn",
    "tornado",
    "starlette",
    "sanic",
    "falcon",
    "pyramid",
    "bottle",
    "cherrypy",
    "quart",
    "litestar",
];

const RUST_CLI_CRATES: &[&str] = &[
    "clap",
    "argh",
    "structopt",
    "pico-args",
    "lexopt",
    "gumdrop",
    "bpaf",
];
const GO_CLI_MODULES: &[&str] = &[
    "flag",
    "github.com/spf13/cobra",
    "github.com/urfave/cli",
    "github.com/alecthomas/kingpin",
    "github.com/spf13/pflag",
];
const PY_CLI_MODULES: &[&str] = &["argparse", "click", "typer", "fire", "docopt"];

const DESKTOP: &[(Ecosystem, &str)] = &[
    (Ecosystem::Npm, "electron"),
    (Ecosystem::Npm, "@tauri-apps/api"),
    (Ecosystem::Cargo, "tauri"),
    (Ecosystem::Cargo, "eframe"),
    (Ecosystem::Cargo, "egui"),
    (Ecosystem::Cargo, "iced"),
    (Ecosystem::Cargo, "gtk"),
    (Ecosystem::Cargo, "gtk4"),
    (Ecosystem::Cargo, "relm4"),
    (Ecosystem::Cargo, "slint"),
    (Ecosystem::Cargo, "druid"),
    (Ecosystem::Cargo, "qmetaobject"),
    (Ecosystem::Go, "fyne.io/fyne"),
    (Ecosystem::Go, "github.com/wailsapp/wails"),
    (Ecosystem::Python, "pyqt5"),
    (Ecosystem::Python, "pyqt6"),
    (Ecosystem::Python, "pyside6"),
    (Ecosystem::Python, "PyQt5"),
    (Ecosystem::Python, "PyQt6"),
    (Ecosystem::Python, "PySide6"),
    (Ecosystem::Python, "wx"),
    (Ecosystem::Python, "kivy"),
];
const FRONTEND_PACKAGES: &[&str] = &[
    "react",
    "vue",
    "svelte",
    "@angular/core",
    "solid-js",
    "preact",
    "lit",
];

pub fn detect(p: &Project) -> BTreeSet<Kind> {
    let mut kinds = BTreeSet::new();
    let cli = is_cli(p);
    // A command-line tool that opens the user's browser serves a local viewer (`mdbook serve
    // --open`, pprof's `-http`, `trunk serve --open`): nobody deploys it, drains it or puts a
    // rate limiter in front of it.
    if is_service(p) && !(cli && opens_a_browser(p)) {
        kinds.insert(Kind::Service);
    }
    if cli {
        kinds.insert(Kind::Cli);
    }
    if DESKTOP.iter().any(|(e, n)| p.uses(*e, n)) {
        kinds.insert(Kind::Desktop);
    }
    if !kinds.contains(&Kind::Service)
        && !kinds.contains(&Kind::Desktop)
        && FRONTEND_PACKAGES.iter().any(|n| p.uses(Ecosystem::Npm, n))
    {
        kinds.insert(Kind::WebFrontend);
    }
    if is_library(p, &kinds) {
        kinds.insert(Kind::Library);
    }
    kinds
}

/// Production Rust or Go code opens a URL in the user's browser: the `open`, `opener` or
/// `webbrowser` crates, Go's `browser.OpenURL`, an `openBrowser` helper, or `xdg-open`.
fn opens_a_browser(p: &Project) -> bool {
    any_production_text(
        p,
        Language::Rust,
        &["open::that", "opener::open", "webbrowser::open"],
    ) || any_production_text(p, Language::Go, &["browser.OpenURL(", "openBrowser("])
        || [Language::Rust, Language::Go].into_iter().any(|l| {
            p.production_sources(l)
                .any(|(_, t)| t.contains("\"xdg-open\""))
        })
}

/// A needle in production code itself (not in a comment or string literal).
fn any_production_text(p: &Project, language: Language, needles: &[&str]) -> bool {
    p.production_sources(language).any(|(_, t)| {
        needles.iter().any(|n| t.contains(n)) && {
            let code = strip_comments_and_strings(language, t);
            needles.iter().any(|n| code.contains(n))
        }
    })
}

/// A Rust package with a binary target that binds a listener in production code: not inside
/// `#[cfg(test)]` items (a framework's tests bind sockets), and not in a crate that builds no
/// program (a `[lib]`-only framework binds for its callers).
fn is_rust_program_serving(p: &Project) -> bool {
    const NEEDLES: [&str; 3] = ["TcpListener::bind", "hyper::server", "Server::bind("];
    let has_program = p
        .manifests
        .iter()
        .any(|m| m.ecosystem == Some(Ecosystem::Cargo) && !m.bins.is_empty());
    has_program
        && p.production_sources(Language::Rust).any(|(_, t)| {
            if !NEEDLES.iter().any(|n| t.contains(n)) {
                return false;
            }
            let code = strip_comments_and_strings(Language::Rust, t);
            // A bind to an ephemeral loopback port (`TcpListener::bind("127.0.0.1:0")`) is a
            // handshake with a child process or a test peer, not a listener for clients.
            let ephemeral = |i: usize| {
                let line = t.get(i..).unwrap_or("").lines().next().unwrap_or("");
                ["127.0.0.1:0\"", "localhost:0\"", "[::1]:0\""]
                    .iter()
                    .any(|a| line.contains(a))
            };
            let at: Vec<usize> = NEEDLES
                .iter()
                .flat_map(|n| code.match_indices(n).map(|(i, _)| i))
                .filter(|i| !ephemeral(*i))
                .collect();
            if at.is_empty() {
                return false;
            }
            // Parsed only when a needle is there: few files.
            let tests = crate::parse::parse(Language::Rust, t, std::time::Duration::from_secs(2))
                .map(|tree| crate::parse::find_test_ranges(&tree, t))
                .unwrap_or_default();
            at.iter().any(|i| !tests.iter().any(|r| r.contains(i)))
        })
}

fn is_service(p: &Project) -> bool {
    // Not `[dev-dependencies]`: an axum there serves the tests (a load tester's mock server).
    // And only in a package that builds a program: a `[lib]`-only framework (tonic, whose
    // optional `axum` backs its router) serves through its callers.
    let builds_program = |manifest: &str| {
        p.manifests
            .iter()
            .any(|m| m.path == manifest && !m.bins.is_empty())
    };
    // tonic is a gRPC client as much as a server (tokio-console): only its `Server` serves.
    let tonic_serves = || {
        any_production_text(
            p,
            Language::Rust,
            &["Server::builder()", "transport::Server"],
        )
    };
    RUST_SERVER_CRATES.iter().any(|c| {
        p.dependencies.iter().any(|d| {
            d.ecosystem == Ecosystem::Cargo
                && d.name == *c
                && d.kind != super::manifests::DepKind::Dev
                && builds_program(&d.manifest)
        }) && (*c != "tonic" || tonic_serves())
    }) || is_rust_program_serving(p)
        || is_go_service(p)
        || is_js_service(p)
        || is_python_service(p)
}

/// A Python server framework declared, or imported at the top of a module that is not an
/// adapter for it. An SDK's integration modules are named after the framework they plug into
/// (`sentry_sdk/integrations/flask.py`, `…/integrations/django/__init__.py`), and its optional
/// hooks import the framework inside a function or a `try:` (`from django.conf import settings`
/// when Django is there): the service is the application that installs the integration.
fn is_python_service(p: &Project) -> bool {
    let owns = |name: &str| {
        [
            format!("{name}/__init__.py"),
            format!("src/{name}/__init__.py"),
        ]
        .iter()
        .any(|init| p.file(init).is_some())
    };
    // A server framework's own code (gunicorn's tornado worker, aiohttp's gunicorn worker)
    // adapts the others: the service is the application it hosts.
    if PY_SERVER_PACKAGES.iter().any(|name| owns(name)) {
        return false;
    }
    PY_SERVER_PACKAGES.iter().any(|name| {
        // A distribution named after the framework (`fastapi-users`, `flask-login`) that ships
        // that package is an extension: it plugs into the application that uses it.
        let extension = p.manifests.iter().any(|m| {
            m.ecosystem == Some(Ecosystem::Python)
                && m.name.as_deref().is_some_and(|dist| {
                    let package = dist.to_ascii_lowercase().replace(['-', '.'], "_");
                    package
                        .strip_prefix(*name)
                        .is_some_and(|r| r.starts_with('_') && r.len() > 1)
                        && owns(&package)
                })
        });
        if extension {
            return false;
        }
        // A Django project has an entry point and settings; a reusable Django app (wagtail, a
        // `django-*` package) is imported by one.
        if *name == "django" && !has_django_project(p) {
            return false;
        }
        // Production code: a test suite that serves an app (sanic's tests import uvicorn)
        // says nothing about what the project is.
        // aiohttp is an HTTP client as much as a server (scrapy, aiogram): only its `web`
        // module serves.
        if *name == "aiohttp" {
            return p.files.iter().any(|f| {
                f.role == Role::Production
                    && f.language == Some(Language::Python)
                    && !is_adapter_module(&f.rel_path, name)
                    && f.text().is_some_and(|t| {
                        t.lines().any(|l| {
                            let l = l.trim_start();
                            l.starts_with("from aiohttp import web")
                                || l.starts_with("from aiohttp.web")
                                || l.starts_with("import aiohttp.web")
                        })
                    })
            });
        }
        p.has_dependency(Ecosystem::Python, name)
            || p.files.iter().any(|f| {
                f.role == Role::Production
                    && f.imports(Ecosystem::Python, name)
                    && !is_adapter_module(&f.rel_path, name)
                    && f.text().is_some_and(|t| imports_at_top_level(t, name))
            })
    })
}

/// `manage.py`, a `wsgi.py`/`asgi.py`, or a settings module (one that sets `INSTALLED_APPS`) in
/// the project's own code (not in a scaffold or test folder). A `settings.py` of views or of a
/// settings feature (wagtail's `contrib/settings/`) is not the project's configuration.
fn has_django_project(p: &Project) -> bool {
    p.files.iter().any(|f| {
        matches!(f.role, Role::Production | Role::Config)
            && f.language == Some(Language::Python)
            && (matches!(f.file_name(), "manage.py" | "wsgi.py" | "asgi.py")
                || f.text().is_some_and(|t| {
                    t.lines().any(|l| {
                        l.strip_prefix("INSTALLED_APPS")
                            .is_some_and(|r| r.trim_start().starts_with(['=', '+']))
                    })
                }))
    })
}

/// An unindented `import flask` / `from flask… import` line.
fn imports_at_top_level(text: &str, module: &str) -> bool {
    text.lines().any(|l| {
        let rest = l
            .strip_prefix("import ")
            .or_else(|| l.strip_prefix("from "))
            .unwrap_or("");
        rest.strip_prefix(module)
            .is_some_and(|r| r.is_empty() || r.starts_with(['.', ' ', ',']))
    })
}

/// A module of an integrations folder named after `framework`, or inside a folder so named
/// (`integrations/flask.py`, `contrib/django/views.py`, `ext/flask_login.py`), or a helper
/// module named for it anywhere (`playhouse/flask_utils.py`). Outside such a folder a
/// `django_project/` is the application itself.
fn is_adapter_module(rel_path: &str, framework: &str) -> bool {
    const ADAPTER_DIRS: &[&str] = &[
        "integrations",
        "integration",
        "contrib",
        "ext",
        "extensions",
    ];
    let lower = rel_path.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    let file = parts.pop().unwrap_or("");
    let stem = file.strip_suffix(".py").unwrap_or(file);
    let named = |part: &str| {
        part == framework
            || part
                .strip_prefix(framework)
                .is_some_and(|r| r.starts_with('_'))
            || part
                .strip_suffix(framework)
                .is_some_and(|r| r.ends_with('_'))
    };
    // `playhouse/flask_utils.py`: helpers for using the library from that framework, wherever
    // they live.
    let helper = [
        "utils",
        "ext",
        "helpers",
        "integration",
        "support",
        "compat",
    ]
    .iter()
    .any(|h| stem == format!("{framework}_{h}"));
    if helper {
        return true;
    }
    let Some(at) = parts.iter().position(|p| ADAPTER_DIRS.contains(p)) else {
        return false;
    };
    named(stem) || parts[at + 1..].iter().any(|p| named(p))
}

/// A Go server framework in use or a server started in code, in a module that builds a program:
/// a Go service is a `package main`. Libraries define `ListenAndServe` methods, build
/// `http.Server{…}` for their callers and adapt gin or echo (middleware, SDK integrations).
fn is_go_service(p: &Project) -> bool {
    let programs = go_program_dirs(p);
    if programs.is_empty() {
        return false;
    }
    let needles = [
        "ListenAndServe",
        "http.Server{",
        "grpc.NewServer(",
        "http.Serve(",
        "http.ServeTLS(",
    ];
    p.production_sources(Language::Go)
        .filter(|(f, _)| programs.contains(parent_dir(&f.rel_path)))
        .any(|(f, t)| {
            GO_SERVER_MODULES
                .iter()
                .any(|m| f.imports(Ecosystem::Go, m))
                || (needles.iter().any(|n| t.contains(n)) && {
                    let code = strip_comments_and_strings(Language::Go, t);
                    needles.iter().any(|n| code.contains(n))
                })
        })
}

fn parent_dir(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The folders of Go packages a program of the project builds: each serving `package main`
/// and the module's packages it imports, transitively. A server in a package no program
/// imports (grpc-go's own `grpc.NewServer`, next to its `protoc-gen-go-grpc` plugin) is for
/// callers.
fn go_program_dirs(p: &Project) -> std::collections::HashSet<&str> {
    use std::collections::{HashMap, HashSet};
    // Module path → folder of its go.mod.
    let modules: Vec<(&str, &str)> = p
        .manifests
        .iter()
        .filter(|m| m.ecosystem == Some(Ecosystem::Go))
        .filter_map(|m| Some((m.name.as_deref()?, parent_dir(&m.path))))
        .collect();
    let mut imports_by_dir: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut mains: Vec<&str> = Vec::new();
    for (f, t) in p.production_sources(Language::Go) {
        let dir = parent_dir(&f.rel_path);
        if is_go_main_package(t) {
            mains.push(dir);
        }
        let entry = imports_by_dir.entry(dir).or_default();
        entry.extend(
            f.imports
                .iter()
                .filter(|(e, _)| *e == Ecosystem::Go)
                .map(|(_, m)| m.as_str()),
        );
    }
    let gopath_dirs: HashMap<&str, &str> = imports_by_dir
        .keys()
        .filter_map(|d| {
            let at = d
                .rfind("src/")
                .filter(|&i| i == 0 || d[..i].ends_with('/'))?;
            Some((&d[at + 4..], *d))
        })
        .collect();
    // GOPATH-era code has no go.mod: its imports name the folder the audit starts in
    // (`github.com/influxdata/influxdb/services/httpd` from `…/influxdata/influxdb`).
    let root_name = p
        .root
        .file_name()
        .and_then(|n| n.to_str())
        .map(|n| format!("/{n}/"));
    let folder_of = |import: &str| -> Option<String> {
        let in_module = modules.iter().find_map(|(module, dir)| {
            let rest = import.strip_prefix(module)?;
            let rest = rest.strip_prefix('/').or(rest.is_empty().then_some(""))?;
            Some(match (dir.is_empty(), rest.is_empty()) {
                (true, _) => rest.to_string(),
                (false, true) => dir.to_string(),
                (false, false) => format!("{dir}/{rest}"),
            })
        });
        in_module
            .or_else(|| {
                let marker = root_name.as_deref().filter(|_| modules.is_empty())?;
                let at = import.find(marker)?;
                Some(import[at + marker.len()..].to_string())
            })
            // …or a GOPATH tree audited from above it: `usr/share/gocode/src/<import path>`.
            .or_else(|| {
                gopath_dirs
                    .get(import)
                    .filter(|_| modules.is_empty())
                    .map(|d| d.to_string())
            })
    };
    let mut seen: HashSet<&str> = HashSet::new();
    let mut queue: Vec<&str> = mains;
    while let Some(dir) = queue.pop() {
        if !seen.insert(dir) {
            continue;
        }
        for import in imports_by_dir.get(dir).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(folder) = folder_of(import)
                && let Some((&known, _)) = imports_by_dir.get_key_value(folder.as_str())
            {
                queue.push(known);
            }
        }
    }
    seen
}

/// A Go file of `package main` that the normal build compiles: not a generator or tool behind
/// an opt-in build tag (`//go:build ignore`, `//go:build genhostinfo`).
fn is_go_main_package(text: &str) -> bool {
    go_header(text).is_some_and(|(opt_in, package)| !opt_in && package == "main")
}

/// A Go file of an importable package in the normal build: not `main`, not the `tools.go`
/// that pins tool dependencies, not behind an opt-in build tag.
fn is_go_library_package(text: &str) -> bool {
    go_header(text)
        .is_some_and(|(opt_in, package)| !opt_in && !matches!(package, "main" | "tools" | ""))
}

/// A Go file whose build constraint is an opt-in tag (`//go:build testrunmain`): `go build` and
/// `go test` leave it out unless asked.
pub fn is_go_opt_in_file(text: &str) -> bool {
    go_header(text).is_some_and(|(opt_in, _)| opt_in)
}

/// What a Go file's header says before its `package` clause: whether a build constraint makes
/// it opt-in (see [`is_opt_in_build_tag`]), and the package name. `None` without a clause.
fn go_header(text: &str) -> Option<(bool, &str)> {
    let mut opt_in = false;
    for line in text.lines().map(str::trim) {
        if let Some(expr) = line.strip_prefix("//go:build ") {
            opt_in = is_opt_in_build_tag(expr.trim());
        } else if let Some(expr) = line.strip_prefix("// +build ") {
            opt_in |= is_opt_in_build_tag(expr.trim());
        } else if let Some(rest) = line.strip_prefix("package ") {
            return Some((opt_in, rest.split_whitespace().next().unwrap_or("")));
        }
    }
    None
}

/// A build constraint of one positive custom tag: the file is built only on request. Platform,
/// architecture, `cgo` and Go-version tags are part of a normal build somewhere.
fn is_opt_in_build_tag(expr: &str) -> bool {
    const PLATFORM: &str = "linux darwin windows freebsd openbsd netbsd dragonfly solaris \
        illumos aix android ios js wasip1 plan9 hurd zos unix cgo amd64 arm64 386 arm wasm \
        riscv64 ppc64 ppc64le s390x mips mipsle mips64 mips64le loong64 gc gccgo";
    !expr.is_empty()
        && expr
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        && !PLATFORM.split_whitespace().any(|t| t == expr)
        && !expr.starts_with("go1")
}

/// A JS server framework in use, or a server created in code. A published npm library
/// (see [`super::manifests::Manifest::published_library`]) that does so is a framework,
/// adapter or SDK (`@trpc/server`, `@feathersjs/express`): the service is the application that
/// uses it. When the project holds such a library, only a manifest that is not one and
/// depends on a server framework makes it a service (the server package of a monorepo).
/// Manifests in documentation and example folders describe sample apps, and count for neither.
fn is_js_service(p: &Project) -> bool {
    let npm = || {
        p.manifests.iter().filter(|m| {
            m.ecosystem == Some(Ecosystem::Npm) && !crate::classify::is_in_sample_dir(&m.path)
        })
    };
    // Declared as a dependency (not a devDependency: express there serves the tests of a
    // middleware package) outside docs and examples, or imported by production code (not by
    // a `.d.ts`: a plugin's types import the framework's types).
    let signals = JS_SERVER_PACKAGES.iter().any(|n| {
        p.dependencies.iter().any(|d| {
            d.ecosystem == Ecosystem::Npm
                && d.name == *n
                && d.kind != super::manifests::DepKind::Dev
                && !crate::classify::is_in_sample_dir(&d.manifest)
        }) || p.files.iter().any(|f| {
            f.role == Role::Production
                && !f.rel_path.ends_with(".d.ts")
                && f.imports(Ecosystem::Npm, n)
        })
    }) || [Language::JavaScript, Language::TypeScript]
        .into_iter()
        .any(|l| any_production_text(p, l, &["http.createServer(", "https.createServer("]));
    if !signals {
        return false;
    }
    if !npm().any(|m| m.published_library) {
        return true;
    }
    npm().filter(|m| !m.published_library).any(|m| {
        p.dependencies.iter().any(|d| {
            d.ecosystem == Ecosystem::Npm
                && d.manifest == m.path
                && d.kind != super::manifests::DepKind::Dev
                && JS_SERVER_PACKAGES.contains(&d.name.as_str())
        })
    })
}

fn is_cli(p: &Project) -> bool {
    let rust_bins = p
        .manifests
        .iter()
        .any(|m| m.ecosystem == Some(Ecosystem::Cargo) && !m.bins.is_empty());
    let rust_cli = rust_bins
        && (RUST_CLI_CRATES
            .iter()
            .any(|c| p.has_dependency(Ecosystem::Cargo, c))
            || any_production_text(p, Language::Rust, &["std::env::args", "env::args()"]));
    let go_cli = p.production_sources(Language::Go).any(|(_, t)| {
        is_go_main_package(t) && GO_CLI_MODULES.iter().any(|m| t.contains(&format!("\"{m}")))
    });
    let npm_cli = p
        .manifests
        .iter()
        .any(|m| m.ecosystem == Some(Ecosystem::Npm) && !m.bins.is_empty());
    let py_cli = p
        .manifests
        .iter()
        .any(|m| m.ecosystem == Some(Ecosystem::Python) && !m.bins.is_empty())
        || p.production_sources(Language::Python).any(|(f, t)| {
            (f.file_name() == "__main__.py"
                || t.contains("__name__ == \"__main__\"")
                || t.contains("__name__ == '__main__'"))
                && PY_CLI_MODULES
                    .iter()
                    .any(|m| t.contains(&format!("import {m}")))
        });
    rust_cli || go_cli || npm_cli || py_cli
}

fn is_library(p: &Project, kinds: &BTreeSet<Kind>) -> bool {
    let rust_lib = p
        .manifests
        .iter()
        .any(|m| m.ecosystem == Some(Ecosystem::Cargo) && m.has_lib);
    // Without a go.mod (GOPATH-era code), Go sources and no other manifest make a Go package.
    let go_module = p
        .manifests
        .iter()
        .any(|m| m.ecosystem == Some(Ecosystem::Go))
        || (p.manifests.iter().all(|m| m.ecosystem.is_none())
            && p.production_sources(Language::Go).next().is_some());
    // A module whose root package is a library stays one with tools under `cmd/` (grpc-go and
    // its protoc plugin).
    let go_mod_dirs: Vec<&str> = p
        .manifests
        .iter()
        .filter(|m| m.ecosystem == Some(Ecosystem::Go))
        .map(|m| parent_dir(&m.path))
        .collect();
    let go_lib = go_module
        && (!p
            .production_sources(Language::Go)
            .any(|(_, t)| is_go_main_package(t))
            || p.production_sources(Language::Go).any(|(f, t)| {
                go_mod_dirs.contains(&parent_dir(&f.rel_path)) && is_go_library_package(t)
            }));
    let npm_lib = p.files.iter().any(|f| {
        f.file_name() == "package.json"
            && f.text().is_some_and(|t| {
                !t.contains("\"private\": true") && !t.contains("\"private\":true")
            })
    }) && p
        .manifests
        .iter()
        .any(|m| m.ecosystem == Some(Ecosystem::Npm) && m.has_lib);
    let py_lib = p
        .manifests
        .iter()
        .any(|m| m.ecosystem == Some(Ecosystem::Python) && m.has_lib)
        && !kinds.contains(&Kind::Service);
    rust_lib || go_lib || npm_lib || py_lib
}
