//! What the code imports, per ecosystem: a cheap line scan (no parse) of production and test
//! code, used to tell which libraries a project really uses (Go's standard library and Python's
//! have no manifest entry).

use super::manifests::Ecosystem;
use crate::classify::Language;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

static RUST_USE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*(?:pub(?:\([^)]*\))?\s+)?(?:use|extern\s+crate)\s+(?:::)?([A-Za-z_][A-Za-z0-9_]*)")
        .expect("static regex")
});
static GO_IMPORT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^\s*(?:import\s+)?(?:[A-Za-z_.]+\s+)?"([^"\s]+)"\s*$"#).expect("static regex")
});
// ASCII word boundaries: with Unicode ones the regex engine gives up its fast path at the
// first non-ASCII byte of a file and scans the rest with a much slower one.
static JS_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:(?-u:\b)from\s*|(?-u:\b)import\s*\(?\s*|(?-u:\b)require\s*\(\s*|^\s*import\s+)["']([^"'\s]+)["']"#,
    )
    .expect("static regex")
});
static PY_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*(?:from\s+([A-Za-z_][A-Za-z0-9_.]*)\s+import|import\s+([A-Za-z_][A-Za-z0-9_.]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_.]*)*))")
        .expect("static regex")
});

/// Adds the modules `text` imports to `out` as `(ecosystem, module)`. Go: full import paths;
/// JS: package names (`@scope/name`, `node:` stripped); Python: full dotted paths and their
/// top-level package; Rust: crate roots (`-` spelled `_`).
pub fn scan(language: Language, text: &str, out: &mut BTreeSet<(Ecosystem, String)>) {
    match language {
        Language::Rust => {
            for c in RUST_USE.captures_iter(text) {
                let name = &c[1];
                if !matches!(name, "crate" | "self" | "super" | "std" | "core" | "alloc") {
                    out.insert((Ecosystem::Cargo, name.to_string()));
                }
            }
        }
        Language::Go => {
            // Only lines inside import declarations: from `import` to the end of its block.
            let mut in_block = false;
            for line in text.lines() {
                let t = line.trim();
                if t.starts_with("import (") {
                    in_block = true;
                    continue;
                }
                if in_block && t.starts_with(')') {
                    in_block = false;
                    continue;
                }
                if (in_block || t.starts_with("import "))
                    && let Some(c) = GO_IMPORT_LINE.captures(t)
                {
                    out.insert((Ecosystem::Go, c[1].to_string()));
                }
                if t.starts_with("func ") || t.starts_with("type ") {
                    break;
                }
            }
        }
        l if l.is_js_family() => {
            // Only imports in code: not in comments (a JSDoc `@example`) or template literals.
            if !JS_IMPORT.is_match(text) {
                return;
            }
            let code = super::code_text::strip_comments_and_templates(l, text);
            for c in JS_IMPORT.captures_iter(&code) {
                let spec = c[1].trim_start_matches("node:");
                if spec.starts_with('.') || spec.starts_with('/') {
                    continue;
                }
                let mut parts = spec.split('/');
                let first = parts.next().unwrap_or("");
                let name = if first.starts_with('@') {
                    format!("{first}/{}", parts.next().unwrap_or(""))
                } else {
                    first.to_string()
                };
                out.insert((Ecosystem::Npm, name));
            }
        }
        Language::Python => {
            for c in PY_IMPORT.captures_iter(text) {
                let modules = c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str());
                for module in modules.split(',') {
                    let module = module.split_whitespace().next().unwrap_or("");
                    if module.is_empty() {
                        continue;
                    }
                    out.insert((Ecosystem::Python, module.to_string()));
                    if let Some((top, _)) = module.split_once('.') {
                        out.insert((Ecosystem::Python, top.to_string()));
                    }
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imports(language: Language, text: &str) -> Vec<String> {
        let mut out = BTreeSet::new();
        scan(language, text, &mut out);
        out.into_iter().map(|(_, m)| m).collect()
    }

    #[test]
    fn js_imports_in_comments_and_templates_are_not_imports() {
        let text = "/**\n * @example\n * import { batch } from 'solid-js'\n */\nconst tpl = `import express from \"express\"\napp.listen(3000)`;\nconst ws = require('ws');\n";
        assert_eq!(imports(Language::JavaScript, text), vec!["ws"]);
    }

    #[test]
    fn each_language() {
        assert_eq!(
            imports(
                Language::Rust,
                "use axum::Router;\nuse std::fs;\npub use tracing;\n"
            ),
            vec!["axum", "tracing"]
        );
        assert_eq!(
            imports(
                Language::Go,
                "package x\nimport (\n\t\"net/http\"\n\tlog \"github.com/sirupsen/logrus\"\n)\nimport \"fmt\"\nfunc f() { s := \"a/b\" }\n"
            ),
            vec!["fmt", "github.com/sirupsen/logrus", "net/http"]
        );
        assert_eq!(
            imports(
                Language::TypeScript,
                "import express from 'express';\nconst p = require(\"@fastify/rate-limit\");\nimport './local';\nimport fs from 'node:fs';\n"
            ),
            vec!["@fastify/rate-limit", "express", "fs"]
        );
        // Non-ASCII text around the imports (the reason for ASCII word boundaries).
        assert_eq!(
            imports(
                Language::JavaScript,
                "// café ☕\nconst m = require('moment'); // «ça»\nimport y from 'ünï';\n"
            ),
            vec!["moment", "ünï"]
        );
        assert_eq!(
            imports(
                Language::Python,
                "import os, logging\nfrom flask_limiter.util import x\n"
            ),
            vec!["flask_limiter", "flask_limiter.util", "logging", "os"]
        );
    }
}
