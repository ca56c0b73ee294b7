use super::loops::{
    bound_names, enclosing_loop_body, folded, followed_by_loop_exit, guarded_by_literal_key,
    identifiers,
};
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::any_descendant;
use crate::rules::{FileContext, Rule};
use std::collections::HashSet;
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// A regular expression compiled inside a loop body, from a pattern that does not change
    /// between iterations: Rust `Regex::new`/`RegexBuilder::new`/`RegexSet::new`, Go
    /// `regexp.Compile`/`MustCompile` (and the POSIX variants), Python `re.compile`, JS/TS
    /// `new RegExp(…)`.
    ///
    /// ## Why it matters
    /// Compiling a regex parses the pattern and builds an automaton: microseconds to
    /// milliseconds each time, often far more than the match itself. Done per iteration of a
    /// loop over requests, lines or records, it turns a cheap scan into a CPU hot spot (and in
    /// Rust and Go, an allocation storm).
    ///
    /// In Python the finding is low: CPython caches compiled patterns (512 of them), so a
    /// constant pattern costs a call and a cache lookup per iteration, and a compile again only
    /// once the cache has evicted it.
    ///
    /// ## How to fix
    /// Compile once, before the loop, or at package/module level (`static … LazyLock<Regex>`,
    /// `once_cell::sync::Lazy`, a package-level `var re = regexp.MustCompile(…)`, a module-level
    /// `re.compile`, a regex literal or a top-level `const` in JS), and reuse it.
    ///
    /// ## Example
    /// ```python
    /// for line in lines:
    ///     m = re.compile(r"^(\w+)=(.*)$").match(line)
    /// ```
    /// Use instead:
    /// ```python
    /// ASSIGN = re.compile(r"^(\w+)=(.*)$")
    ///
    /// for line in lines:
    ///     m = ASSIGN.match(line)
    /// ```
    ///
    /// ## Does not flag
    /// Regexes compiled once (static, lazy, `once_cell`, package or module level, before the
    /// loop); JS regex literals `/…/`; compilation inside a closure or function defined in the
    /// loop (not run per iteration by itself); compilation in a loop header (`for m in
    /// Regex::new(…)?.find_iter(s)` runs once); compilation on a path that leaves the loop
    /// (`return Regex::new(…)`, or followed by `return`/`break` in its block); compilation for
    /// one key of a loop over keys (`switch key { case "hosts": … }`, `if name == "exclude":`);
    /// patterns built from the loop's own data (compiling a list of user patterns one by one
    /// is necessary, and patterns built with `format!` are assumed to be); comments and
    /// strings; test code, test-support directories and Go generators excluded from builds.
    pub struct RegexCompiledInLoop {
        id: "regex-compiled-in-loop",
        category: Category::Performance,
        severity: Severity::Medium,
        effort_hours: 0.25,
        summary: "regular expression compiled on every loop iteration",
        literals: &["Regex", "regexp.", "re.compile", "RegExp"],
    }
}

impl Rule for RegexCompiledInLoop {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        for (node, kind) in ctx.nodes_with_kinds() {
            let Some((callee, pattern)) = regex_compilation(ctx, node, kind) else {
                continue;
            };
            let Some(lp) = enclosing_loop_body(node) else {
                continue;
            };
            if !ctx.is_production_code(node) || followed_by_loop_exit(node, lp) {
                continue;
            }
            let bound = bound_names(ctx, lp);
            if depends_on_loop(ctx, pattern, &bound)
                || guarded_by_literal_key(ctx, node, lp, &bound)
            {
                continue;
            }
            let loop_line = lp.start_position().row + 1;
            if kind == "call" {
                // CPython keeps recently compiled patterns in `re`'s cache: a constant pattern is
                // compiled once, and each later iteration pays a call and a cache lookup.
                let mut finding = ctx.finding(
                    &Self::META,
                    node,
                    format!(
                        "`{callee}` looks the same pattern up in `re`'s cache on every iteration of \
                         the loop at line {loop_line} (a call and a lookup, not a compile, while \
                         the pattern stays cached)"
                    ),
                );
                finding.severity = Severity::Low;
                out.push(finding);
                continue;
            }
            out.push(ctx.finding(
                &Self::META,
                node,
                format!(
                    "`{callee}` compiles the same pattern on every iteration of the loop at line \
                     {loop_line}"
                ),
            ));
        }
    }
}

/// A regex compilation: the callee as written and the pattern argument.
fn regex_compilation<'t>(
    ctx: &FileContext<'_>,
    node: Node<'t>,
    kind: &str,
) -> Option<(String, Node<'t>)> {
    let (callee, args) = match kind {
        // Rust `Regex::new(p)`, Go `regexp.MustCompile(p)`.
        "call_expression" => {
            let f = node.field("function")?;
            let ok = match f.kind() {
                "scoped_identifier" => {
                    let name = f.field("name").map(|n| ctx.text_of(n));
                    let ty = f
                        .field("path")
                        .map(|p| match p.kind() {
                            "scoped_identifier" => {
                                p.field("name").map(|n| ctx.text_of(n)).unwrap_or("")
                            }
                            _ => ctx.text_of(p),
                        })
                        .unwrap_or("");
                    name == Some("new") && matches!(ty, "Regex" | "RegexBuilder" | "RegexSet")
                }
                "selector_expression" => {
                    let operand = f.field("operand").map(|n| ctx.text_of(n));
                    let field = f.field("field").map(|n| ctx.text_of(n));
                    operand == Some("regexp")
                        && matches!(
                            field,
                            Some("Compile" | "MustCompile" | "CompilePOSIX" | "MustCompilePOSIX")
                        )
                }
                _ => false,
            };
            if !ok {
                return None;
            }
            (ctx.text_of(f), node.field("arguments")?)
        }
        // Python `re.compile(p)`.
        "call" => {
            let f = node.field("function")?;
            if f.kind() != "attribute" {
                return None;
            }
            let obj = f.field("object")?;
            let attr = f.field("attribute")?;
            if obj.kind() != "identifier"
                || ctx.text_of(obj) != "re"
                || ctx.text_of(attr) != "compile"
            {
                return None;
            }
            (ctx.text_of(f), node.field("arguments")?)
        }
        // JS/TS `new RegExp(p, flags)`.
        "new_expression" => {
            let ctor = node.field("constructor")?;
            if ctx.text_of(ctor) != "RegExp" {
                return None;
            }
            ("new RegExp", node.field("arguments")?)
        }
        _ => return None,
    };
    // The first argument that is not a comment (`new RegExp(/** @type {RegExp} */ (val))`).
    let mut cursor = args.walk();
    let pattern = args
        .named_children(&mut cursor)
        .find(|a| !crate::rules::util::is_comment_kind(a.kind()))?;
    Some((folded(callee), pattern))
}

/// Whether the pattern may differ between iterations: it mentions a name the loop binds, or
/// is built by a Rust macro (`format!` interpolates names we cannot see as nodes).
fn depends_on_loop(ctx: &FileContext<'_>, pattern: Node<'_>, bound: &HashSet<&str>) -> bool {
    if pattern.kind() == "macro_invocation"
        || any_descendant(pattern, |n| n.kind() == "macro_invocation")
    {
        return true;
    }
    identifiers(ctx, pattern).iter().any(|u| bound.contains(u))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Language;
    use crate::rules::context::snippet_findings;

    #[test]
    fn message_names_the_constructor_as_written() {
        let code = "function f(xs) {\n  for (const x of xs) {\n    g(x, new RegExp(\"a+\", \"g\"));\n  }\n}\n";
        let messages: Vec<_> = snippet_findings(&RegexCompiledInLoop, Language::JavaScript, code)
            .into_iter()
            .map(|f| (f.line, f.message))
            .collect();
        assert_eq!(
            messages,
            vec![(
                Some(3),
                "`new RegExp` compiles the same pattern on every iteration of the loop at line 2"
                    .to_string()
            )]
        );
    }
}
