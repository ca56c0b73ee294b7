use super::rust_panics::{
    cannot_fail_on_input, invariant_documented, is_build_script, lint_allowed,
};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::{FileContext, Rule};
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// `.expect("…")` calls on `Option` or `Result` in Rust production code.
    ///
    /// ## Why it matters
    /// `expect` is `unwrap` with a message: a `None` or an `Err` still panics and takes the
    /// process (or the request's task) down. The message helps whoever reads the crash, but the
    /// caller gets no chance to recover, retry or report the error properly.
    ///
    /// ## How to fix
    /// Propagate the error with `?` and context (`anyhow::Context::context`, a `thiserror`
    /// variant), or handle the `None`/`Err` case. Keep `expect` only where the value provably
    /// exists, and say why in the message.
    ///
    /// ## Example
    /// ```rust,ignore
    /// let config = std::fs::read_to_string(path).expect("config file");
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// let config = std::fs::read_to_string(path)
    ///     .with_context(|| format!("reading {}", path.display()))?;
    /// ```
    ///
    /// ## Does not flag
    /// `expect_err`, methods named `expect` called on `self` or with no or several arguments or
    /// with a non-string argument (parsers' `self.expect(Token::Comma)`, `p.expect(b'{')`),
    /// `expect` on a call with constant input only (`Regex::new(r"^\d+$").expect("valid")`,
    /// `"127.0.0.1:80".parse::<SocketAddr>().expect("valid")`, `u16::try_from(MAX_LEN)`, a
    /// chain of constants such as `ProgressStyle::with_template("…")`; not calls that touch the
    /// environment, as for `unwrap-outside-tests`), lock
    /// acquisition (`m.lock().expect("poisoned")`), `write!` into a `String` or `Vec<u8>`, a
    /// value checked just before (`if x.is_some() { x.expect(…) }`), clap arguments that are
    /// required or have a default, a call whose comment says why it cannot fail (on its lines
    /// or right above: "cannot fail", "guaranteed", "invariant"; not one that doubts it), calls
    /// in an item or statement that allows `clippy::expect_used`,
    /// `expect` in comments or strings, build scripts (`build.rs`, where a panic is how a build
    /// fails), and test code (`#[cfg(test)]`, `#[test]`, `tests/`, `benches/`, `examples/`).
    pub struct ExpectOutsideTests {
        id: "expect-outside-tests",
        category: Category::ErrorHandling,
        severity: Severity::Low,
        effort_hours: 0.25,
        languages: &[Language::Rust],
        summary: "`.expect()` in production code panics on bad input",
        literals: &["expect"],
    }
}

impl Rule for ExpectOutsideTests {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        if is_build_script(ctx) {
            return;
        }
        for call in ctx.nodes_of_kind("call_expression") {
            let Some(function) = call.field("function") else {
                continue;
            };
            if function.kind() != "field_expression" {
                continue;
            }
            let Some(field) = function.field("field") else {
                continue;
            };
            if ctx.text_of(field) != "expect" {
                continue;
            }
            let Some(receiver) = function.field("value") else {
                continue;
            };
            // `self.expect(…)` is a method of the type itself (a parser), not `Option::expect`.
            if receiver.kind() == "self" {
                continue;
            }
            let named = crate::rules::util::call_arguments(call);
            let [arg] = named.as_slice() else { continue };
            if !could_be_message(ctx, *arg)
                || cannot_fail_on_input(ctx, receiver)
                || invariant_documented(ctx, call)
                || lint_allowed(ctx, call, "clippy::expect_used")
                || !ctx.is_production_code(call)
            {
                continue;
            }
            let receiver: String = ctx
                .text_of(receiver)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let shown: String = receiver.chars().take(60).collect();
            let mut finding = ctx.finding(
                &Self::META,
                field,
                format!("`{shown}.expect(…)` panics on `None`/`Err`"),
            );
            // Point at `.expect(` itself, not at the start of a long receiver chain; identify
            // the finding by the whole call, so baselines tell `a.expect(…)` from `b.expect(…)`.
            finding.end_line = finding.line;
            finding.construct = crate::rules::context::normalise_construct(ctx.text_of(call));
            out.push(finding);
        }
    }
}

/// Whether an argument can be the `&str` message of `Option::expect`/`Result::expect`: string
/// literals, references, `format!`-like macros, and names or calls that may hold a `&str`.
/// Character, number and boolean literals, closures and enum-variant-like paths cannot.
fn could_be_message(ctx: &FileContext<'_>, arg: Node<'_>) -> bool {
    match arg.kind() {
        "string_literal"
        | "raw_string_literal"
        | "reference_expression"
        | "identifier"
        | "field_expression"
        | "call_expression"
        | "index_expression"
        | "parenthesized_expression"
        | "if_expression"
        | "match_expression"
        | "block" => true,
        "scoped_identifier" => {
            // `Token::Comma` is an enum variant; `messages::NOT_EMPTY` may be a `&str` const.
            let name = arg.field("name").map(|n| ctx.text_of(n)).unwrap_or("");
            !name.chars().any(|c| c.is_ascii_lowercase())
        }
        "macro_invocation" => {
            let name = arg.field("macro").map(|n| ctx.text_of(n)).unwrap_or("");
            matches!(
                name,
                "concat" | "stringify" | "env" | "include_str" | "std::concat"
            )
        }
        _ => false,
    }
}
