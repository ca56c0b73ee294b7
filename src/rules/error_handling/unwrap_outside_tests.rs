use super::rust_panics::{
    cannot_fail_on_input, invariant_documented, is_build_script, lint_allowed,
};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::{FileContext, Rule};

declare_rule! {
    /// ## What it finds
    /// `.unwrap()` calls on `Option` or `Result` in Rust production code.
    ///
    /// ## Why it matters
    /// `unwrap` turns every `None` or `Err` into a panic: a malformed request, a missing file or
    /// a network blip takes the whole process (or the request's task) down with a message that
    /// names neither the input nor the cause.
    ///
    /// ## How to fix
    /// Propagate the error with `?` and context (`anyhow::Context`, `thiserror`), handle the
    /// `None` case, or use `unwrap_or`/`unwrap_or_else`/`unwrap_or_default` when a fallback is
    /// correct. Where the value provably exists, prefer `expect("why it cannot fail")`.
    ///
    /// ## Example
    /// ```rust,ignore
    /// let port: u16 = std::env::var("PORT").unwrap().parse().unwrap();
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// let port: u16 = std::env::var("PORT").context("PORT is not set")?.parse()?;
    /// ```
    ///
    /// ## Does not flag
    /// `unwrap_or`, `unwrap_or_else`, `unwrap_or_default`, `unwrap_err` in tests, methods named
    /// `unwrap` that take arguments, `unwrap` in comments or strings, `unwrap` on a call with
    /// constant input only (`Regex::new(r"^\d+$").unwrap()`, `"0.0.0.0:80".parse().unwrap()`,
    /// `NUM_SECTIONS.try_into().unwrap()`, text fixed at compile time
    /// (`Version::parse(env!("CARGO_PKG_VERSION"))`), `u64::try_from(buf.len())`,
    /// `Backlog::new(1)`, a
    /// `Response::builder().status(401).header(…, "text/plain").body(Body::from("…"))` chain of
    /// constants; not calls that touch the environment whatever their arguments,
    /// `TcpListener::bind("0.0.0.0:80")`, `Command::new("git")…output()`, `….build()`,
    /// `Tera::new("templates/**")`, nor other methods of statics, `CACHE.get()`), lock
    /// acquisition (`m.lock().unwrap()`, `rw.read().unwrap()`: a poisoned lock means another
    /// thread already panicked, and re-panicking is the standard library's advice; not
    /// `try_lock()`), `write!`/`writeln!` into a `String` or `Vec<u8>` of the function (or a field that
    /// the file's structs declare as one, `self.line`), a value
    /// checked just before (inside `if x.is_some()`, after `if x.is_none() { return … }`,
    /// `v.last()`/`v.pop()`/`v.iter().next()` under `!v.is_empty()`, `s.strip_prefix(p)` under `s.starts_with(p)`, `m.get(k)`
    /// under `m.contains_key(k)`), clap arguments declared `.required(true)` or with a default
    /// (`m.get_one::<String>("config").unwrap()`), a call whose comment says why it cannot fail
    /// (on its lines or right above: "cannot fail", "guaranteed", "invariant", "checked above";
    /// not one that doubts it with `TODO`, "may fail", "not safe"), the first item of a split
    /// (`s.split(':').next().unwrap()`), calls in an item or statement that allows
    /// `clippy::unwrap_used` (a reviewed exception under a crate-wide deny),
    /// build scripts (`build.rs` beside `Cargo.toml`, where a panic is how a build fails), and
    /// test code (`#[cfg(test)]`, `#[test]`, `tests/`, `benches/`, `examples/`).
    pub struct UnwrapOutsideTests {
        id: "unwrap-outside-tests",
        category: Category::ErrorHandling,
        severity: Severity::Medium,
        effort_hours: 0.25,
        languages: &[Language::Rust],
        summary: "`.unwrap()` in production code panics on bad input",
        literals: &["unwrap"],
    }
}

impl Rule for UnwrapOutsideTests {
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
            if ctx.text_of(field) != "unwrap" {
                continue;
            }
            let no_args = call
                .field("arguments")
                .is_some_and(|a| a.named_child_count() == 0);
            if !no_args || !ctx.is_production_code(call) {
                continue;
            }
            let receiver = function.field("value");
            if receiver.is_some_and(|r| cannot_fail_on_input(ctx, r))
                || invariant_documented(ctx, call)
                || lint_allowed(ctx, call, "clippy::unwrap_used")
            {
                continue;
            }
            let receiver = receiver.map(|v| ctx.text_of(v)).unwrap_or_default();
            let receiver: String = receiver.split_whitespace().collect::<Vec<_>>().join(" ");
            let shown: String = receiver.chars().take(60).collect();
            let mut finding = ctx.finding(
                &Self::META,
                field,
                format!("`{shown}.unwrap()` panics on `None`/`Err`"),
            );
            // Point at `.unwrap()` itself, not at the start of a long receiver chain; identify
            // the finding by the whole call, so baselines tell `a.unwrap()` from `b.unwrap()`.
            finding.end_line = finding.line;
            finding.construct = crate::rules::context::normalise_construct(ctx.text_of(call));
            out.push(finding);
        }
    }
}
