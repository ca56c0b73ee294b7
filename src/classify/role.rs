use super::Language;
use serde::Serialize;

/// What a file is for. Rules about production code skip the other roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Production,
    Test,
    /// Examples and benchmarks: shown to users, not run in production.
    Example,
    Generated,
    Docs,
    Config,
}

impl Role {
    pub fn id(self) -> &'static str {
        match self {
            Role::Production => "production",
            Role::Test => "test",
            Role::Example => "example",
            Role::Generated => "generated",
            Role::Docs => "docs",
            Role::Config => "config",
        }
    }
}

/// Folder names that hold tests or test data in any language.
const TEST_DIRS: &[&str] = &[
    "tests",
    "test",
    "__tests__",
    "testdata",
    "testing",
    "fixtures",
    "__fixtures__",
    "__mocks__",
    "spec",
    "e2e",
];
/// `tests/`, `fixtures/`…, and test-input folders named for it: `testfiles/`,
/// `testfiles-negative/`, `testfile-line/` (a parser's inputs), `test-fixtures/`, `test_data/`,
/// `testcases/`. Not `testify/` or `latest/`.
fn is_test_dir(part: &str) -> bool {
    TEST_DIRS.contains(&part)
        || part.starts_with("testfile")
        || part.starts_with("test-")
        || part.starts_with("test_")
        || matches!(part, "testcases" | "testinputs")
        || is_named_test_suite_dir(part)
}

/// `integrationtests/`, `integration-tests/`, `e2e_tests/`, `unittests/`: a suite named for its
/// kind of test.
fn is_named_test_suite_dir(part: &str) -> bool {
    // `unittest/` alone may be a package (Python's own): a singular suffix needs a separator.
    let kind = part.strip_suffix("tests").or_else(|| {
        part.strip_suffix("test")
            .filter(|k| k.ends_with(['-', '_']))
    });
    let Some(kind) = kind.map(|k| k.trim_end_matches(['-', '_'])) else {
        return false;
    };
    matches!(
        kind,
        "integration"
            | "e2e"
            | "unit"
            | "system"
            | "acceptance"
            | "functional"
            | "smoke"
            | "regression"
            | "conformance"
            | "interop"
    )
}

const EXAMPLE_DIRS: &[&str] = &["examples", "example", "benches", "bench", "benchmarks"];

/// A `benchmark/` folder of scripts (fastify's `benchmark/`), not a module of the sources
/// (hyperfine's `src/benchmark/` is the program).
fn in_benchmark_dir(parts: &[&str]) -> bool {
    parts
        .iter()
        .position(|p| *p == "benchmark")
        .is_some_and(|at| !parts[..at].contains(&"src"))
}
/// Folders of documentation: `docs/`, `doc/`, `documentation/` and named ones (`ai-docs/`,
/// `api-docs/`), whose code is sample code for readers. Not `api_docs/`: that can be an
/// importable package (a Django app serving the docs), a hyphen cannot.
fn is_doc_dir(part: &str) -> bool {
    matches!(part, "docs" | "doc" | "documentation") || part.ends_with("-docs")
}

/// `examples/`, `benches/`…, and named ones (`client-examples/`, `dqlite-demo/`, `example_x/`;
/// not a bare `demo/`: `mlflow/demo/` is a package).
fn is_example_dir(part: &str) -> bool {
    EXAMPLE_DIRS.contains(&part)
        || part.ends_with("-examples")
        || part.ends_with("-example")
        || part.ends_with("-demo")
        || part.ends_with("-demos")
        // Importable, yet named for what they are: ckan's `ckanext/example_iauthfunctions/`
        // plugins document the plugin interfaces.
        || part.starts_with("example_")
        || part.ends_with("_example")
        || part.ends_with("_examples")
        // Scaffolds a generator copies for new projects: Django's `startproject` template,
        // cookiecutter's `{{cookiecutter.project_slug}}/`.
        || matches!(part, "project_template" | "app_template")
        || part.contains("{{")
}

/// A path inside a documentation or example folder (`docs/`, `ai-docs/`, `examples/`,
/// `benches/`): sample code and sample manifests, not the project itself.
pub fn is_in_sample_dir(rel_path: &str) -> bool {
    in_folder(rel_path, |p| is_doc_dir(p) || is_example_dir(p))
}

/// Whether one of the folders of `rel_path` (lower case, its file name left out) satisfies
/// `folder`.
pub fn in_folder(rel_path: &str, folder: impl Fn(&str) -> bool) -> bool {
    let lower = rel_path.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    parts.pop();
    parts.into_iter().any(folder)
}

/// A folder of a development stack (`docker/dev/`, `development/`): throwaway containers and
/// configs for working on the project, not for running it.
pub fn is_dev_folder(part: &str) -> bool {
    matches!(part, "dev" | "development")
}

/// Role from the path (relative, `/`-separated) and the language. In-file test code
/// (Rust `#[cfg(test)]` modules) is found later by the parser.
pub fn classify_role(rel_path: &str, language: Option<Language>) -> Role {
    let lower = rel_path.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    let name = parts.pop().unwrap_or("");

    // Content hashes are case-sensitive (`index-Bmm3Xeuw.mjs`): the name as written.
    let written_name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    // `generated/`, `__generated__/`: codegen output folders (GraphQL, OpenAPI, Relay).
    let in_generated_dir = language.is_some_and(|l| l.is_code())
        && parts
            .iter()
            .any(|p| matches!(*p, "generated" | "__generated__"));
    if is_generated_name(name)
        || in_generated_dir
        || is_served_asset_build(&parts, written_name, language)
    {
        return Role::Generated;
    }
    // Fuzz harnesses: `fuzzing/`, `fuzz_targets/`, `fuzzers/`, and cargo-fuzz's `fuzz/` crate
    // (a Go package named `fuzz` can be a library's own code).
    let fuzz_dir = parts.iter().any(|p| {
        matches!(*p, "fuzzing" | "fuzz_targets" | "fuzzers")
            || (*p == "fuzz" && language == Some(Language::Rust))
    });
    // Harnesses other implementations or a protocol suite run against: quic-go's `interop/`
    // client and server, a `conformance/` suite, sockjs' `testserver/`. At the root only for the
    // first two: a package deeper down may be named so (`core/interop/` converting arrays).
    let harness_dir = parts
        .first()
        .is_some_and(|p| matches!(*p, "interop" | "conformance"))
        || parts
            .iter()
            .any(|p| matches!(*p, "testserver" | "testservers"));
    if is_test_file_name(name, language)
        || parts.iter().any(|p| is_test_dir(p))
        || fuzz_dir
        || harness_dir
    {
        return Role::Test;
    }
    if parts.iter().any(|p| is_example_dir(p)) || in_benchmark_dir(&parts) {
        return Role::Example;
    }
    // The Go tool ignores folders starting with `_` or `.` (`_examples/`): not part of the build.
    if language == Some(Language::Go)
        && parts
            .iter()
            .any(|p| p.starts_with('_') || (p.starts_with('.') && p.len() > 1))
    {
        return Role::Example;
    }
    match language {
        Some(Language::Markdown) => Role::Docs,
        Some(l) if l.is_config() => Role::Config,
        Some(l) if l.is_code() => {
            if parts.iter().any(|p| is_doc_dir(p)) {
                Role::Docs
            } else {
                Role::Production
            }
        }
        _ => {
            if parts.iter().any(|p| is_doc_dir(p))
                || name.ends_with(".txt")
                || name.ends_with(".rst")
            {
                Role::Docs
            } else {
                Role::Config
            }
        }
    }
}

fn is_test_file_name(name: &str, language: Option<Language>) -> bool {
    match language {
        Some(Language::Go) => name.ends_with("_test.go"),
        Some(Language::Python) => {
            (name.starts_with("test_") && name.ends_with(".py"))
                || name.ends_with("_test.py")
                || name == "conftest.py"
                // Django's per-app test module.
                || name == "tests.py"
        }
        Some(l) if l.is_js_family() => {
            let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
            // `.test-d.ts` (tsd, vitest typecheck) and `.tst.ts` (tstyche): type tests.
            [".test", ".spec", ".e2e", ".test-d", ".spec-d", ".tst"]
                .iter()
                .any(|s| stem.ends_with(s))
                // The runner's setup files (`jest.setup.js`, `test-setup.ts`, `globalSetup.js`).
                || matches!(
                    stem.to_ascii_lowercase().as_str(),
                    "test-setup"
                        | "test_setup"
                        | "setup-tests"
                        | "setuptests"
                        | "jest.setup"
                        | "vitest.setup"
                        | "global-setup"
                        | "globalsetup"
                        | "global-teardown"
                        | "globalteardown"
                )
        }
        _ => false,
    }
}

/// Static files collected or compressed for serving (Django's `collectstatic` and
/// django-compressor output: `static.dist/`, `staticfiles/`, `CACHE/js/`), and assets whose name
/// carries a content hash (`presale.89fc5419e752.js`): build output, not source.
fn is_served_asset_build(parts: &[&str], name: &str, language: Option<Language>) -> bool {
    if !language.is_some_and(|l| l.is_js_family()) {
        return false;
    }
    let collected = parts.iter().any(|p| {
        matches!(
            *p,
            "static.dist" | "staticfiles" | "static_root" | "collected_static" | "collectstatic"
        )
    }) || parts
        .windows(2)
        .any(|w| w[0] == "cache" && matches!(w[1], "js" | "css"));
    let mut pieces: Vec<&str> = name.split('.').collect();
    pieces.pop();
    let hex_hash = |h: &str| {
        h.len() >= 8
            && h.bytes().all(|b| b.is_ascii_hexdigit())
            && h.bytes().any(|b| b.is_ascii_digit())
            && h.bytes().any(|b| b.is_ascii_alphabetic())
    };
    // `presale.89fc5419e752.js` (webpack, django-compressor).
    let dotted = pieces.len() >= 2 && pieces.last().is_some_and(|h| hex_hash(h));
    // `index-Bmm3Xeuw.mjs` (Vite/Rollup: 8 base64url characters), `app-0d7a9129…b6.js` (a
    // long hex hash). Words are not hashes: `auth-handler.js`, `use-MyWidget.js`.
    let dashed = pieces
        .first()
        .and_then(|stem| stem.rsplit_once('-'))
        .is_some_and(|(_, h)| {
            (h.len() >= 16 && hex_hash(h)) || (h.len() == 8 && is_base64url_hash(h))
        });
    collected || dotted || dashed
}

/// Eight base64url characters with both cases and a digit or two capitals in a row: what
/// Rollup's `[hash]` looks like, and what a CamelCase word does not.
fn is_base64url_hash(h: &str) -> bool {
    let b = h.as_bytes();
    b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
        && b.iter().any(u8::is_ascii_uppercase)
        && b.iter().any(u8::is_ascii_lowercase)
        && (b.iter().any(u8::is_ascii_digit)
            || b.windows(2)
                .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase()))
}

fn is_generated_name(name: &str) -> bool {
    name.ends_with(".pb.go")
        || name.ends_with("_pb2.py")
        || name.ends_with("_pb2_grpc.py")
        || name.ends_with(".min.js")
        || name.ends_with(".min.mjs")
        || name.ends_with("-min.js")
        || name.ends_with("-min.mjs")
        || name.ends_with(".bundle.js")
        // GWT's compiler output: `app.nocache.js` and `<32 hex digits>.cache.js` permutations.
        || name.ends_with(".nocache.js")
        || name.strip_suffix(".cache.js").is_some_and(|h| {
            h.len() == 32 && h.bytes().all(|b| b.is_ascii_hexdigit())
        })
        || name.ends_with(".generated.ts")
        || name.ends_with(".gen.go")
        || name.ends_with("_generated.go")
        || name.ends_with(".g.dart")
        || name == "package-lock.json"
        || name == "yarn.lock"
        || name == "pnpm-lock.yaml"
        || name == "cargo.lock"
        || name == "go.sum"
        || name == "poetry.lock"
        || name == "uv.lock"
}

/// A generated-code marker in the first lines (Go's convention, `@generated`, the headers of
/// rust-bindgen, ucd-generate and schema generators, …), or a minified file (very long lines).
pub fn is_generated_text(text: &str) -> bool {
    let head: String = text.lines().take(5).collect::<Vec<_>>().join("\n");
    let lower = head.to_ascii_lowercase();
    if lower.contains("code generated") && lower.contains("do not edit")
        || lower.contains("@generated")
        || lower.contains("autogenerated")
        || lower.contains("auto-generated")
        || lower.contains("this file is generated")
        || lower.contains("this file was generated")
    {
        return true;
    }
    // Broader phrases count only in a comment: a docstring or a string may describe generated
    // things without being generated.
    let comments: Vec<&str> = lower.lines().filter(|l| is_comment_line(l)).collect();
    let comment_says = |phrase: &str| comments.iter().any(|line| line.contains(phrase));
    if comment_says("automatically generated")
        || comment_says("this is generated code")
        // A comment that opens with the claim: "File generated from our OpenAPI spec by
        // Stainless.", "Generated by the protocol buffer compiler."
        || comments.iter().any(|line| {
            let claim = line.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '/' | '*' | '#' | '-' | '!')
            });
            claim.starts_with("file generated ") || claim.starts_with("generated by ")
        })
        || (comment_says("generated") && comment_says("do not edit"))
    {
        return true;
    }
    is_minified(text)
}

/// A JavaScript library's distributed build, copied into the project (`static/jquery/…`): it
/// opens with the `/*!` banner that minifiers preserve, naming the library and its version
/// (`/*! jQuery v3.6.4 | (c) OpenJS Foundation */`, `/*! * Vue.js v2.7.14`). Sources do not carry
/// a released version number in their banner; builds do.
pub fn is_distributed_js_build(text: &str) -> bool {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    let has_version = |banner: &str| {
        let banner = banner.get(..banner.len().min(2_000)).unwrap_or(banner);
        banner
            .split(|c: char| c.is_whitespace() || matches!(c, '|' | ',' | '(' | ')' | '@' | '*'))
            .any(is_version)
    };
    if let Some(body) = head
        .strip_prefix("/**!")
        .or_else(|| head.strip_prefix("/*!"))
    {
        return has_version(body.split("*/").next().unwrap_or(body));
    }
    // `//! moment.js` / `//! version : 2.29.1` / `//! license : MIT`: a banner of `//!` lines.
    if head.starts_with("//!") {
        let banner: String = head
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| l.replace(':', " "))
            .collect::<Vec<_>>()
            .join("\n");
        return has_version(&banner);
    }
    // `/** lunr - http://lunrjs.com - … - 2.3.9 … @license MIT */`: a licence with a release.
    if let Some(body) = head.strip_prefix("/**") {
        let banner = body.split("*/").next().unwrap_or(body);
        return banner.contains("@license") && has_version(banner);
    }
    // `// https://d3js.org v6.7.0 Copyright 2021 Mike Bostock`: a one-line banner needs the
    // project's address and a copyright besides the version.
    if let Some(line) = head.strip_prefix("//") {
        let line = line.lines().next().unwrap_or("").to_ascii_lowercase();
        return line.contains("://") && line.contains("copyright") && has_version(&line);
    }
    false
}

/// `v3.6.4`, `1.10.1`, `4.1.0-beta.1`, `v2.7`: a released version.
fn is_version(word: &str) -> bool {
    let w = word.strip_prefix(['v', 'V']).unwrap_or(word);
    let core = w.split(['-', '+']).next().unwrap_or(w);
    let parts: Vec<&str> = core.split('.').collect();
    let numeric = parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    numeric && (parts.len() >= 3 || (parts.len() == 2 && w.len() < word.len()))
}

fn is_comment_line(line: &str) -> bool {
    let line = line.trim_start();
    ["//", "/*", "*", "#", "--", "<!--"]
        .iter()
        .any(|p| line.starts_with(p))
}

/// Minified: few lines, very long on average. Such files are bundles, not source.
fn is_minified(text: &str) -> bool {
    if text.len() < 2_000 {
        return false;
    }
    let lines = text.as_bytes().iter().filter(|&&b| b == b'\n').count() + 1;
    text.len() / lines > 500
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(p: &str) -> Role {
        classify_role(p, Language::from_path(p))
    }

    #[test]
    fn library_builds_by_banner() {
        assert!(is_distributed_js_build(
            "/*! jQuery v3.6.4 | (c) OpenJS Foundation | jquery.org/license */\n!function(){}"
        ));
        assert!(is_distributed_js_build(
            "/*!\n * Vue.js v2.7.14\n * (c) 2014-2022 Evan You\n */\n(function(){})"
        ));
        assert!(is_distributed_js_build(
            "/**!\n * Sortable 1.10.1\n * @author RubaXa\n */"
        ));
        assert!(is_distributed_js_build(
            "// https://d3js.org v6.7.0 Copyright 2021 Mike Bostock\n(function (global) {})"
        ));
        assert!(!is_distributed_js_build(
            "// Ported from https://example.org/algo v2.0.0\nexport function f() {}"
        ));
        // A source file's banner has no released version; a plain comment is no banner.
        assert!(!is_distributed_js_build(
            "/*! Copyright (c) 2024 Acme. MIT licence. */\nexport function f() {}"
        ));
        assert!(!is_distributed_js_build(
            "/* jQuery v3.6.4 */\nexport function f() {}"
        ));
        assert!(!is_distributed_js_build(
            "/*! Retries 3.5 times on average */\nexport function f() {}"
        ));
        assert!(is_distributed_js_build(
            "//! moment.js\n//! version : 2.29.1\n//! license : MIT\n;(function (global) {})"
        ));
        assert!(is_distributed_js_build(
            "/**\n * lunr - http://lunrjs.com - A bit like Solr - 2.3.9\n * @license MIT\n */\n;(function(){})"
        ));
        // The project's own header: a licence without a release, or a version without a licence.
        assert!(!is_distributed_js_build(
            "/**\n * @license MIT\n * Copyright Acme\n */\nexport function f() {}"
        ));
        assert!(!is_distributed_js_build(
            "/**\n * Parses v2.0.0 manifests.\n */\nexport function f() {}"
        ));
        assert!(!is_distributed_js_build(
            "//! Helpers for reading manifests\nexport function f() {}"
        ));
    }

    #[test]
    fn served_asset_builds_by_path() {
        assert_eq!(role("pretix/static.dist/d3/d3.v6.js"), Role::Generated);
        assert_eq!(role("app/CACHE/js/output.fe542fe9995c.js"), Role::Generated);
        assert_eq!(role("web/presale.89fc5419e752.js"), Role::Generated);
        assert_eq!(role("web/presale.deadbeef.js"), Role::Production);
        assert_eq!(
            role("static/js/mootools-core-1.4.5-min.js"),
            Role::Generated
        );
        assert_eq!(
            role("ckanext/example_idatastorebackend/plugin.py"),
            Role::Example
        );
        assert_eq!(role("pkg/server_example/main.go"), Role::Example);
        assert_eq!(role("ckanext/datastore/plugin.py"), Role::Production);
        assert_eq!(role("pkg/examplesvc/main.go"), Role::Production);
        assert_eq!(role("web/cache/js_utils.js"), Role::Production);
    }

    #[test]
    fn roles_by_path() {
        assert_eq!(role("src/lib.rs"), Role::Production);
        assert_eq!(role("tests/it.rs"), Role::Test);
        assert_eq!(role("benches/b.rs"), Role::Example);
        assert_eq!(role("examples/demo.rs"), Role::Example);
        assert_eq!(role("pkg/x_test.go"), Role::Test);
        assert_eq!(role("types/index.tst.ts"), Role::Test);
        assert_eq!(role("integrationtests/gomodvendor/main.go"), Role::Test);
        assert_eq!(role("src/test-setup.js"), Role::Test);
        assert_eq!(role("fuzzing/handshake/fuzz.go"), Role::Test);
        assert_eq!(role("fuzz/fuzz_targets/parse.rs"), Role::Test);
        assert_eq!(role("internal/fuzz/worker.go"), Role::Production);
        assert_eq!(role("jest.setup.ts"), Role::Test);
        assert_eq!(role("src/setup.ts"), Role::Production);
        assert_eq!(role("e2e-tests/login.spec.ts"), Role::Test);
        assert_eq!(role("contests/score.go"), Role::Production);
        assert_eq!(role("interop/server/main.go"), Role::Test);
        assert_eq!(role("conformance/runner.go"), Role::Test);
        assert_eq!(role("testserver/server.go"), Role::Test);
        assert_eq!(role("pandas/core/interop/arrow.py"), Role::Production);
        assert_eq!(role("unittest/runner.py"), Role::Production);
        assert_eq!(role("integration_test/runner.py"), Role::Test);
        assert_eq!(role("types/index.test-d.ts"), Role::Test);
        assert_eq!(role("src/latest.ts"), Role::Production);
        assert_eq!(role("benchmark/generateId.js"), Role::Example);
        assert_eq!(role("src/benchmark/executor.rs"), Role::Production);
        assert_eq!(role("src/generated/operations.d.ts"), Role::Generated);
        assert_eq!(role("src/__generated__/query.graphql.ts"), Role::Generated);
        assert_eq!(role("src/generator/emit.ts"), Role::Production);
        // A parser's inputs, named for what they are.
        assert_eq!(
            role("dockerfile/parser/testfiles/consul/Dockerfile"),
            Role::Test
        );
        assert_eq!(role("parser/testfiles-negative/env/Dockerfile"), Role::Test);
        assert_eq!(role("parser/testfile-line/Dockerfile"), Role::Test);
        assert_eq!(role("pkg/test-fixtures/app.yaml"), Role::Test);
        assert_eq!(role("deploy/Dockerfile"), Role::Config);
        assert_eq!(role("latest/server.go"), Role::Production);
        assert_eq!(role("testify/assert.go"), Role::Production);
        assert_eq!(role("pkg/x.go"), Role::Production);
        assert_eq!(role("src/a.test.ts"), Role::Test);
        assert_eq!(role("src/a.spec.tsx"), Role::Test);
        assert_eq!(role("src/__tests__/a.js"), Role::Test);
        assert_eq!(role("app/test_views.py"), Role::Test);
        assert_eq!(role("app/views_test.py"), Role::Test);
        assert_eq!(role("conftest.py"), Role::Test);
        assert_eq!(role("contrib/table_block/tests.py"), Role::Test);
        assert_eq!(role("contrib/table_block/contests.py"), Role::Production);
        assert_eq!(role("api/x.pb.go"), Role::Generated);
        assert_eq!(role("config/app.yaml"), Role::Config);
        assert_eq!(role("README.md"), Role::Docs);
        assert_eq!(role("ai-docs/src/01_basics.ts"), Role::Docs);
        assert_eq!(role("documentation/sample.py"), Role::Docs);
        assert_eq!(role("api_docs/views.py"), Role::Production);
        assert_eq!(role("client-examples/javascript/client.js"), Role::Example);
        assert_eq!(role("src/latest.rs"), Role::Production);
        assert_eq!(role("src/contest.py"), Role::Production);
        assert_eq!(role("_examples/main.go"), Role::Example);
        assert_eq!(role("pkg/_old/x.go"), Role::Example);
        assert_eq!(role("cmd/dqlite-demo/dqlite-demo.go"), Role::Example);
        assert_eq!(
            role("wagtail/project_template/project_name/settings/base.py"),
            Role::Example
        );
        assert_eq!(role("{{cookiecutter.slug}}/app/main.py"), Role::Example);
        assert_eq!(role("built/assets/index-Bmm3Xeuw.mjs"), Role::Generated);
        assert_eq!(role("built/assets/index-DUhmXSBR.mjs"), Role::Generated);
        assert_eq!(
            role("assets/codemirror-0d7a91292682d6a788d7422f9d9388b6.js"),
            Role::Generated
        );
        assert_eq!(role("src/auth-handler.js"), Role::Production);
        assert_eq!(role("djvu_worker/djvu_worker.nocache.js"), Role::Generated);
        assert_eq!(
            role("djvu_worker/81EB501BD7AB47786C30D3175CE1EA2B.cache.js"),
            Role::Generated
        );
        assert_eq!(role("src/query.cache.js"), Role::Production);
        assert_eq!(role("src/use-MyWidget.ts"), Role::Production);
        assert_eq!(role("src/sha-deadbeef.js"), Role::Production);
        assert_eq!(role("src/index-Bmm3Xeuw.py"), Role::Production);
        assert_eq!(role("mlflow/demo/generators/traces.py"), Role::Production);
        assert_eq!(role("src/demos.rs"), Role::Production);
        assert_eq!(role("src/demo_mode/flags.rs"), Role::Production);
    }

    #[test]
    fn generated_markers() {
        assert!(is_generated_text(
            "// Code generated by protoc-gen-go. DO NOT EDIT.\npackage x"
        ));
        assert!(is_generated_text("# @generated by tool\n"));
        assert!(!is_generated_text("fn main() {}\n"));
        assert!(is_generated_text(&"a".repeat(5000)));
        // rust-bindgen, ucd-generate, typenum's build script, schema-utils.
        assert!(is_generated_text(
            "/* automatically generated by rust-bindgen 0.72.1 */\n\npub type __s8 = i8;\n"
        ));
        assert!(is_generated_text(
            "// DO NOT EDIT THIS FILE. IT WAS AUTOMATICALLY GENERATED BY:\n//\n//   ucd-generate\n"
        ));
        assert!(is_generated_text(
            "// THIS IS GENERATED CODE\nuse core::ops::*;\n"
        ));
        assert!(is_generated_text(
            "/*\n * This file was automatically generated.\n * DO NOT MODIFY BY HAND.\n */\n"
        ));
        assert!(is_generated_text(
            "// Generated by build.rs from schema.json.\n// Do not edit.\nfn f() {}\n"
        ));
        assert!(is_generated_text(
            "// File generated from our OpenAPI spec by Stainless. See CONTRIBUTING.md for details.\n\nimport x from 'y';\n"
        ));
    }

    #[test]
    fn generated_look_alikes_are_source() {
        // The phrases outside a comment, or without the claim that this file is generated.
        assert!(!is_generated_text(
            "\"\"\"Ids are automatically generated by the database.\"\"\"\nimport os\n"
        ));
        assert!(!is_generated_text(
            "const HELP = \"this is generated code\";\nfn f() {}\n"
        ));
        assert!(!is_generated_text(
            "// Used from generated code to buffer the contents.\nuse crate::lib::*;\n"
        ));
        assert!(!is_generated_text(
            "// The generated tables live elsewhere.\nfn f() {}\n"
        ));
        assert!(!is_generated_text(
            "// Reads the config file generated by `app init`.\nimport x from 'y';\n"
        ));
        // Past the first five lines a marker is about something else.
        assert!(!is_generated_text(
            "fn a() {}\n\n\n\n\n// automatically generated ids below\n"
        ));
    }
}
