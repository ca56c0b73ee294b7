use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::is_comment_kind;
use crate::rules::{FileContext, Rule};
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Blanket lint suppressions in production code:
    /// - Rust inner attributes `#![allow(…)]` (crate- or module-wide; an `#[allow]` on one item
    ///   is targeted and fine);
    /// - Go `//nolint` without a linter list (every linter) or with `:all`, and any `//nolint`
    ///   on the `package` clause or the line before it (golangci-lint then skips the whole file);
    /// - JavaScript/TypeScript `/* eslint-disable */` without a rule list (it silences every rule
    ///   for the rest of the file), `@ts-ignore`, and `@ts-nocheck` at the top of a file (in
    ///   JavaScript only when it is type-checked: `// @ts-check`, or `checkJs` in a
    ///   `tsconfig`/`jsconfig`);
    /// - Python `# noqa` without codes, `# flake8: noqa`, and `# type: ignore` without an error
    ///   code in brackets.
    ///
    /// ## Why it matters
    /// A blanket suppression hides every current and future warning of its scope, not only the
    /// one it was added for: new bugs of the same file or crate are never reported.
    ///
    /// ## How to fix
    /// Fix the warning. If it is a false positive, suppress only that lint on that item or line
    /// and say why: `#[allow(clippy::too_many_arguments)] // builder would obscure…`,
    /// `//nolint:errcheck // best-effort close`, `// eslint-disable-next-line no-console`,
    /// `# noqa: E501`, `# type: ignore[attr-defined]`, `@ts-expect-error`.
    ///
    /// ## Example
    /// ```rust,ignore
    /// #![allow(dead_code, unused_variables)]
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// #[allow(dead_code)] // used only by the FFI layer
    /// fn exported_for_ffi() {}
    /// ```
    ///
    /// ## Does not flag
    /// Item-level `#[allow]` (also `#![allow]` at the top of a function, `impl` or `trait` body),
    /// `#![allow]` that gives its reason (`reason = "…"`, a comment inside it, after it or on the
    /// line above; not a `//!` doc line), lints whose subject is the module
    /// (`clippy::duplicate_mod`, `module_inception`, `module_name_repetitions`),
    /// `#![allow]` of clippy's opt-in lints only (groups `pedantic`, `nursery`, `restriction`,
    /// `cargo`: tuning a stricter setup),
    /// `#![allow(unsafe_code)]` (a module opting in to unsafe code), `#![allow(unknown_lints)]`
    /// and `renamed_and_removed_lints` (lints about lint names, not about the code),
    /// `#![cfg_attr(…)]`, `#![deny]`/`#![warn]`; `eslint-disable` with a
    /// rule list, `eslint-disable-line`/`eslint-disable-next-line`, `@ts-expect-error`,
    /// `@ts-ignore` whose reason (after it or in a comment on the line above) says the error
    /// exists only in some environments (`// @ts-ignore - not all envs have native support for
    /// cause yet`, an optional peer dependency: `@ts-expect-error` would fail the other
    /// builds; other reasons stay flagged), `@ts-ignore` in JavaScript that is not
    /// type-checked (a `// @ts-check` counts only before the first statement);
    /// `//nolint:errcheck` on a statement or declaration, `# noqa: E501`, `# type: ignore[import]` (also `# type: ignore [import]`); the markers in strings or docstrings, prose
    /// comments that only mention them (`// nolint is discouraged`), and test, example,
    /// generated or vendored code (`vendor/`, `_vendor/`, `third_party/`, a folder with its own
    /// licence whose README says it is vendored or a copy; `src/test_helpers/`).
    pub struct LintSuppression {
        id: "lint-suppression",
        category: Category::CodeQuality,
        severity: Severity::Low,
        effort_hours: 0.5,
        languages: &Language::CODE,
        summary: "Blanket lint suppression (`#![allow]`, `//nolint`, `eslint-disable`, bare `# noqa`, `@ts-ignore`)",
        since: "2026.2",
        literals: &[
            "#![allow",
            "nolint",
            "eslint-disable",
            "@ts-ignore",
            "@ts-nocheck",
            "noqa",
            "type: ignore",
            "type:ignore",
        ],
    }
}

impl Rule for LintSuppression {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        if is_vendored_or_test_support(ctx.rel_path()) {
            return;
        }
        if ctx.language == Language::Rust {
            rust(ctx, out);
        }
        for comment in ctx
            .nodes_with_kinds()
            .filter(|(_, k)| is_comment_kind(k))
            .map(|(n, _)| n)
        {
            if !ctx.is_production_code(comment) {
                continue;
            }
            let text = ctx.text_of(comment);
            let message = match ctx.language {
                Language::Go => go(ctx, comment, text),
                Language::Python => python(text),
                l if l.is_js_family() => js(ctx, comment, text),
                _ => None,
            };
            if let Some(message) = message {
                out.push(ctx.finding(&Self::META, comment, message));
            }
        }
    }
}

/// `#![allow(x, reason = "…")]` (Rust 1.81 lint reasons), a comment inside the list or after
/// it on the same line (`dead_code, // generated bindings`), or a plain comment on the line
/// right above: the suppression is a documented decision, not a blanket one.
fn gives_a_reason(ctx: &FileContext<'_>, item: Node<'_>, lints: &str) -> bool {
    if lints.contains("reason =") || lints.contains("reason=") {
        return true;
    }
    let line = ctx.lines.line_range(item.end_position().row, ctx.text);
    let own = item.start_byte()..line.end.max(item.end_byte());
    if ctx
        .nodes_starting_in(own)
        .any(|(_, kind)| is_comment_kind(kind))
    {
        return true;
    }
    let row = item.start_position().row;
    row > 0 && {
        let above = ctx.lines.line_range(row - 1, ctx.text);
        let text = ctx.text.get(above).unwrap_or("").trim_start();
        let lower = text.to_ascii_lowercase();
        // Not a licence header that happens to end above the attribute.
        text.starts_with("//")
            && !text.starts_with("//!")
            && !text.starts_with("///")
            && !["copyright", "license", "licence", "spdx"]
                .iter()
                .any(|w| lower.contains(w))
    }
}

/// Clippy's opt-in lints, one per line (`#` starts a comment line).
const CLIPPY_OPT_IN_LINTS: &str = include_str!("clippy_opt_in_lints.txt");

/// `#![allow(clippy::missing_errors_doc, clippy::similar_names)]`: every lint belongs to an
/// opt-in group (`pedantic`, `nursery`, `restriction`, `cargo`). A crate that turned the group
/// on is stricter than default clippy minus these lints; one that did not allows nothing.
fn tunes_opt_in_groups(lints: &str) -> bool {
    let names: Vec<&str> = lints
        .trim_matches(['(', ')'])
        .split(',')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    !names.is_empty()
        && names.iter().all(|l| {
            l.strip_prefix("clippy::").is_some_and(|name| {
                CLIPPY_OPT_IN_LINTS
                    .lines()
                    .any(|known| !known.starts_with('#') && known == name)
            })
        })
}

fn rust(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for item in ctx.nodes_of_kind("inner_attribute_item") {
        let Some(attr) = item.named_child(0).filter(|a| a.kind() == "attribute") else {
            continue;
        };
        let is_allow = attr
            .named_child(0)
            .is_some_and(|p| p.kind() == "identifier" && ctx.text_of(p) == "allow");
        if !is_allow || !ctx.is_production_code(item) {
            continue;
        }
        let lints: String = attr
            .field("arguments")
            .map(|a| ctx.text_of(a))
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // `#![allow(unsafe_code)]` in a module is how a crate that denies unsafe code opts one
        // module in: a scoped decision, not a blanket suppression.
        // Lints about lint names (`unknown_lints`, `renamed_and_removed_lints`) hide no
        // diagnostic about the code: they let newer lint names pass older compilers.
        let scoped_or_meta = lints.trim_matches(['(', ')']).split(',').all(|l| {
            matches!(
                l.trim(),
                "unsafe_code"
                    | "unknown_lints"
                    | "renamed_and_removed_lints"
                    | "unknown_clippy_lints"
                    // Lints whose subject is the module itself can only be allowed there.
                    | "clippy::duplicate_mod"
                    | "clippy::module_inception"
                    | "clippy::module_name_repetitions"
            )
        });
        if scoped_or_meta || tunes_opt_in_groups(&lints) || gives_a_reason(ctx, item, &lints) {
            continue;
        }
        // An inner attribute at the top of a function, block, `impl` or `trait` body covers
        // that body only: item-level, like `#[allow]` on the item.
        let module_level = ctx.parent(item).is_some_and(|p| {
            p.kind() == "source_file"
                || (p.kind() == "declaration_list"
                    && ctx.parent(p).is_some_and(|m| m.kind() == "mod_item"))
        });
        if !module_level {
            continue;
        }
        let name = ctx.file.file_name();
        let scope = if item.parent().is_some_and(|p| p.kind() == "source_file")
            && matches!(name, "lib.rs" | "main.rs")
        {
            "the whole crate"
        } else {
            "the whole module"
        };
        out.push(ctx.finding(
            &LintSuppression::META,
            item,
            format!("`#![allow{lints}]` silences these lints for {scope}"),
        ));
    }
}

/// golangci-lint reads `//nolint:errcheck,gosec` (spaces around the names allowed, a `//` ends
/// the list) as those linters for that line or declaration; `//nolint`, `//nolint:all` or a list
/// it cannot read silences every linter.
fn go(ctx: &FileContext<'_>, comment: Node<'_>, text: &str) -> Option<String> {
    let rest = text.strip_prefix("//nolint")?;
    if !(rest.is_empty() || rest.starts_with([':', ' ', '\t', '/'])) {
        return None;
    }
    let linters: Option<Vec<&str>> = rest.strip_prefix(':').map(|list| {
        let list = list.split("//").next().unwrap_or("");
        list.split(',').map(str::trim).collect()
    });
    let targeted = linters.as_ref().is_some_and(|names| {
        names
            .iter()
            .all(|n| !n.is_empty() && *n != "all" && !n.contains(char::is_whitespace))
    });
    let directive = match &linters {
        Some(names) if targeted => format!("//nolint:{}", names.join(",")),
        _ => text.split(" //").next().unwrap_or(text).trim().to_string(),
    };
    let row = comment.start_position().row;
    let on_package = ctx
        .nodes_of_kind("package_clause")
        .next()
        .is_some_and(|p| p.start_position().row == row || p.start_position().row == row + 1);
    if on_package {
        return Some(format!(
            "`{directive}` on the package clause silences linters for the whole file"
        ));
    }
    (!targeted).then(|| format!("`{directive}` silences every linter for this line or declaration"))
}

/// The comment's content without its markers.
fn comment_body(text: &str) -> &str {
    let t = text.trim();
    if let Some(b) = t.strip_prefix("/*") {
        b.strip_suffix("*/")
            .unwrap_or(b)
            .trim()
            .trim_start_matches('*')
            .trim()
    } else {
        t.trim_start_matches('/').trim()
    }
}

fn js(ctx: &FileContext<'_>, comment: Node<'_>, text: &str) -> Option<String> {
    let body = comment_body(text);
    if text.starts_with("/*")
        && let Some(rest) = body.strip_prefix("eslint-disable")
        && (rest.is_empty() || rest.starts_with(char::is_whitespace))
    {
        let rules = rest.split("--").next().unwrap_or("").trim();
        if !rules.is_empty() {
            return None;
        }
        // Until a blanket `/* eslint-enable */` further down, or to the end of the file.
        let enabled_at = ctx
            .nodes_with_kinds()
            .filter(|(n, k)| is_comment_kind(k) && n.start_byte() > comment.end_byte())
            .find(|(n, _)| {
                let t = ctx.text_of(*n);
                t.starts_with("/*")
                    && comment_body(t).split("--").next().map(str::trim) == Some("eslint-enable")
            })
            .map(|(n, _)| n.start_position().row + 1);
        return Some(match enabled_at {
            Some(line) => format!(
                "`/* eslint-disable */` turns every ESLint rule off until the `eslint-enable` on line {line}"
            ),
            None => "`/* eslint-disable */` turns every ESLint rule off for the rest of the file"
                .to_string(),
        });
    }
    if (body.starts_with("@ts-ignore") || body.starts_with("@ts-nocheck")) && !is_type_checked(ctx)
    {
        return None;
    }
    if let Some(rest) = body.strip_prefix("@ts-ignore") {
        // `@ts-expect-error` is the fix unless the error exists only in some consumers'
        // environments (an optional peer dependency, a newer `lib`): there it would fail the
        // other builds, and a reason saying so marks a reviewed exception.
        if error_depends_on_environment(rest) || reason_on_line_above(ctx, comment) {
            return None;
        }
        return Some("`@ts-ignore` hides any type error on the next line".to_string());
    }
    if body.starts_with("@ts-nocheck") {
        // Only honoured before the first statement.
        let first = ctx
            .tree
            .and_then(|t| {
                let root = t.root_node();
                let mut cursor = root.walk();
                root.named_children(&mut cursor)
                    .find(|n| !is_comment_kind(n.kind()) && n.kind() != "hash_bang_line")
            })
            .map_or(usize::MAX, |n| n.start_byte());
        if comment.start_byte() < first {
            return Some("`@ts-nocheck` turns type checking off for the whole file".to_string());
        }
    }
    None
}

/// A reason saying the type error exists only in some environments (`- not all envs have
/// native support for cause yet`, `For users with undici`, `optional peer dependency`).
fn error_depends_on_environment(reason: &str) -> bool {
    let reason = reason.to_ascii_lowercase();
    [
        "environment",
        "envs",
        "peer dep",
        "optional",
        "in some ",
        "not all ",
        "users with",
        "version",
        "could be missing",
        "may be missing",
        "might be missing",
        "may not exist",
        "depending on",
        // Older compilers: `@ts-ignore - for backward compatibility with TypeScript 4.x`.
        "backward compat",
        "backwards compat",
        "older typescript",
        "older versions of typescript",
    ]
    .iter()
    .any(|p| reason.contains(p))
}

/// Such a reason in a plain comment ending on the line above `comment`.
fn reason_on_line_above(ctx: &FileContext<'_>, comment: Node<'_>) -> bool {
    let row = comment.start_position().row;
    let Some(above) = comment.prev_sibling() else {
        return false;
    };
    if !is_comment_kind(above.kind()) || above.end_position().row + 1 != row {
        return false;
    }
    error_depends_on_environment(comment_body(ctx.text_of(above)))
}

/// TypeScript is type-checked; JavaScript only when the file opts in (`// @ts-check`) or a
/// `tsconfig`/`jsconfig` of the project sets `checkJs`. In other JavaScript (often the compiled
/// output of TypeScript, which keeps the source's comments) a `@ts-ignore` suppresses nothing.
fn is_type_checked(ctx: &FileContext<'_>) -> bool {
    if ctx.language != Language::JavaScript || opts_in_to_type_checking(ctx) {
        return true;
    }
    // Once per run: every `@ts-ignore` of every JavaScript file asks.
    *ctx.project.facts.lazy.js_type_checked.get_or_init(|| {
        ctx.project.files.iter().any(|f| {
            let name = f.file_name();
            (name.starts_with("tsconfig") || name.starts_with("jsconfig"))
                && name.ends_with(".json")
                && f.text().is_some_and(sets_check_js)
        })
    })
}

/// A `// @ts-check` pragma among the comments before the first statement (where TypeScript
/// reads it), not the words in a string further down.
fn opts_in_to_type_checking(ctx: &FileContext<'_>) -> bool {
    let Some(tree) = ctx.tree else {
        return false;
    };
    let root = tree.root_node();
    let mut cursor = root.walk();
    root.named_children(&mut cursor)
        .take_while(|n| is_comment_kind(n.kind()) || n.kind() == "hash_bang_line")
        .any(|n| comment_body(ctx.text_of(n)).starts_with("@ts-check"))
}

/// `"checkJs": true` in a compiler-options file.
fn sets_check_js(config: &str) -> bool {
    config.match_indices("\"checkJs\"").any(|(at, key)| {
        let rest = config[at + key.len()..].trim_start();
        rest.strip_prefix(':')
            .is_some_and(|v| v.trim_start().starts_with("true"))
    })
}

/// The byte after `needle` when it follows `#` and optional spaces in `text`.
fn after_hash_marker<'t>(text: &'t str, needle: &str) -> Option<&'t str> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower.get(from..).and_then(|s| s.find(needle)) {
        let at = from + pos;
        let before = lower.get(..at).unwrap_or("").trim_end_matches([' ', '\t']);
        if before.ends_with('#') {
            return text.get(at + needle.len()..);
        }
        from = at + needle.len();
    }
    None
}

fn python(text: &str) -> Option<String> {
    if let Some(rest) = after_hash_marker(text, "noqa") {
        let coded = rest
            .strip_prefix(':')
            .map(|r| r.trim_start())
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_uppercase()));
        if !coded && !rest.starts_with(|c: char| c.is_alphanumeric()) {
            return Some("bare `# noqa` silences every flake8/ruff rule on this line".to_string());
        }
    }
    if let Some(rest) = after_hash_marker(text, "flake8:") {
        let rest = rest.trim_start();
        if rest.to_ascii_lowercase().starts_with("noqa")
            && !rest.get(4..).unwrap_or("").trim_start().starts_with(':')
        {
            return Some("`# flake8: noqa` turns flake8 off for the whole file".to_string());
        }
    }
    if let Some(rest) = after_hash_marker(text, "type:") {
        let rest = rest.trim_start();
        // mypy accepts a space before the codes: `# type: ignore [attr-defined]`.
        if let Some(after) = rest.strip_prefix("ignore")
            && !after.trim_start().starts_with('[')
            && !after.starts_with(|c: char| c.is_alphanumeric() || c == '_')
        {
            return Some(
                "`# type: ignore` without an error code hides every type error on this line"
                    .to_string(),
            );
        }
    }
    None
}

/// Vendored code (`vendor/`, `vendored/`, `third_party/`) and test-support modules kept among
/// the sources (`src/test_helpers/`, `src/testutil.rs`): not the project's production code.
fn is_vendored_or_test_support(rel_path: &str) -> bool {
    if crate::rules::util::is_vendored_path(rel_path) {
        return true;
    }
    let lower = rel_path.to_ascii_lowercase();
    lower.split('/').any(|part| {
        let stem = part.split('.').next().unwrap_or(part);
        stem.starts_with("test_")
            || stem.starts_with("testutil")
            || stem.starts_with("test-")
            || stem == "test_helpers"
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::context::snippet_findings;

    fn messages(language: Language, code: &str) -> Vec<(Option<u32>, String)> {
        snippet_findings(&LintSuppression, language, code)
            .into_iter()
            .map(|f| (f.line, f.message))
            .collect()
    }

    #[test]
    fn a_disabled_region_is_named_by_its_end() {
        let code = "/* eslint-disable */\nvar a = 1;\n/* eslint-enable */\nvar b = 2;\n/* eslint-disable */\nvar c = 3;\n";
        assert_eq!(
            messages(Language::JavaScript, code),
            vec![
                (
                    Some(1),
                    "`/* eslint-disable */` turns every ESLint rule off until the `eslint-enable` on line 3"
                        .to_string()
                ),
                (
                    Some(5),
                    "`/* eslint-disable */` turns every ESLint rule off for the rest of the file"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn ts_comments_in_javascript_count_only_when_it_is_type_checked() {
        let plain = "// @ts-ignore\nconst a = require('a');\n";
        assert_eq!(messages(Language::JavaScript, plain), vec![]);
        let checked = "// @ts-check\n// @ts-ignore\nconst a = require('a');\n";
        assert_eq!(
            messages(Language::JavaScript, checked),
            vec![(
                Some(2),
                "`@ts-ignore` hides any type error on the next line".to_string()
            )]
        );
        assert!(sets_check_js(r#"{"compilerOptions": {"checkJs" :true}}"#));
        assert!(!sets_check_js(r#"{"compilerOptions": {"checkJs": false}}"#));
    }

    #[test]
    fn go_messages_name_the_scope() {
        let code = "package x //nolint:revive\n\nfunc f() {\n\tg() //nolint\n\th() //nolint: errcheck\n}\n";
        assert_eq!(
            messages(Language::Go, code),
            vec![
                (
                    Some(1),
                    "`//nolint:revive` on the package clause silences linters for the whole file"
                        .to_string()
                ),
                (
                    Some(4),
                    "`//nolint` silences every linter for this line or declaration".to_string()
                ),
            ]
        );
    }
}
