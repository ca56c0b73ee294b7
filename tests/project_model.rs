//! The project model on one fixture repository per kind: languages, kinds, manifests.

use readiness::engine::{self, AuditOptions};
use readiness::model::{Ecosystem, Kind};
use readiness::rules::builtin_rules;
use std::path::Path;

fn project(name: &str) -> readiness::model::Project {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/repos")
        .join(name);
    let mut options = AuditOptions::new(root);
    options.only_rules = Some(Vec::new());
    engine::run(&options, builtin_rules())
        .expect("audit runs")
        .project
}

fn kinds(name: &str) -> Vec<Kind> {
    project(name).kinds.into_iter().collect()
}

#[test]
fn kinds_per_fixture() {
    assert_eq!(kinds("axum-service"), vec![Kind::Service]);
    assert_eq!(kinds("go-cli"), vec![Kind::Cli]);
    assert_eq!(kinds("ts-library"), vec![Kind::Library]);
    assert_eq!(kinds("flask-app"), vec![Kind::Service]);
    assert_eq!(kinds("electron-app"), vec![Kind::Desktop]);
    assert_eq!(kinds("monorepo"), vec![Kind::Service, Kind::Library]);
    // A published library that uses a server framework is an adapter, not a service…
    assert_eq!(kinds("express-adapter"), vec![Kind::Library]);
    // …and one with type declarations and several entry points stays a library with its
    // `bin` and a developer's `start` script (telegraf, the MCP SDK): the bin is a tool.
    assert_eq!(
        kinds("npm-framework-with-bin"),
        vec![Kind::Cli, Kind::Library]
    );
    // So is a scoped package without a command: a component its application imports.
    assert_eq!(kinds("npm-app-component"), vec![Kind::Library]);
    // A server framework among the dev-dependencies serves the tests only.
    assert_eq!(kinds("rust-load-tester"), vec![Kind::Cli]);
    // …in npm too (express-session's tests mount it in express); `main` defaults to index.js.
    assert_eq!(kinds("npm-middleware"), vec![Kind::Library]);
    // A CLI whose `serve` subcommand opens the browser on a local preview server is no service.
    assert_eq!(kinds("rust-docs-preview"), vec![Kind::Cli]);
    // A `[lib]`-only framework with an optional server-framework dependency serves through
    // its callers; a CLI that binds an ephemeral loopback port for a child is no service.
    assert_eq!(kinds("rust-grpc-framework"), vec![Kind::Library]);
    assert_eq!(kinds("rust-watcher-cli"), vec![Kind::Cli]);
    // aiohttp used as an HTTP client, and an ORM's Flask helper module, make no service.
    assert!(!kinds("python-aiohttp-client").contains(&Kind::Service));
    assert!(!kinds("python-orm-flask-helper").contains(&Kind::Service));
    // tonic as a gRPC client only (a console that subscribes to a stream).
    assert_eq!(kinds("rust-grpc-client"), vec![Kind::Cli]);
    // A `[lib]`-only crate whose listeners are bound in its `#[cfg(test)]` module.
    assert_eq!(kinds("rust-framework-lib"), vec![Kind::Library]);
    // A Go library with its own `ListenAndServe` method, an `// indirect` router in go.mod and a
    // `//go:build ignore` generator of `package main` (importing "flag") is a library: a Go
    // service builds a program that serves.
    assert_eq!(kinds("go-server-library"), vec![Kind::Library]);
    assert_eq!(kinds("go-service-serve"), vec![Kind::Service]);
    // A framework with its code generator under `cmd/`: the command builds no server, and the
    // root package is still a library.
    assert_eq!(
        kinds("go-library-with-plugin"),
        vec![Kind::Cli, Kind::Library]
    );
    // GOPATH-era code without a go.mod is still a Go package.
    assert_eq!(kinds("gopath-library"), vec![Kind::Library]);
    // The React of its documentation site (`doc/website/package.json`) is not the project's.
    assert_eq!(kinds("go-library-docs-site"), vec![Kind::Library]);
    // An SDK whose framework imports are integration modules or lazy hooks is no service.
    assert_eq!(kinds("python-sdk-integrations"), vec![Kind::Library]);
    // A Flask extension (`Flask-SessionStore` shipping `flask_sessionstore`) plugs into an app.
    assert_eq!(kinds("flask-extension"), vec![Kind::Library]);
    // A server framework's adapter for another framework makes it no service.
    assert_eq!(
        kinds("python-server-framework"),
        vec![Kind::Cli, Kind::Library]
    );
    // A reusable Django app (settings only in its project scaffold) is a library.
    assert_eq!(kinds("django-reusable-app"), vec![Kind::Library]);
    // …but the application package beside such a library still is one.
    assert_eq!(
        kinds("express-monorepo"),
        vec![Kind::Service, Kind::Library]
    );
}

#[test]
fn manifests_and_dependencies() {
    let p = project("monorepo");
    let names: Vec<&str> = p.manifests.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "Cargo.toml",
            "crates/core/Cargo.toml",
            "crates/server/Cargo.toml",
            "package.json",
            "packages/ui/package.json",
            "packages/web/package.json"
        ]
    );
    let root = p
        .manifests
        .iter()
        .find(|m| m.path == "Cargo.toml")
        .expect("workspace manifest");
    assert_eq!(root.workspace_members, vec!["crates/core", "crates/server"]);
    let shared = p
        .dependencies
        .iter()
        .find(|d| d.name == "shared")
        .expect("path dependency");
    assert_eq!(
        (shared.manifest.as_str(), shared.line),
        ("crates/server/Cargo.toml", Some(8))
    );
    assert!(p.uses(Ecosystem::Npm, "react"));
    assert!(p.uses(Ecosystem::Cargo, "actix-web"));
}

#[test]
fn languages_with_test_ratio() {
    let p = project("ts-library");
    let ts = p
        .languages
        .get(&readiness::classify::Language::TypeScript)
        .expect("typescript");
    assert_eq!((ts.files, ts.test_files), (1, 1));
    assert_eq!((ts.lines, ts.test_lines), (10, 6));
}
