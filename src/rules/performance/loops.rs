//! Loop helpers shared by the performance rules, for every code grammar.

use crate::rules::FileContext;
use crate::rules::util::visit_descendants;
use std::collections::HashSet;
use tree_sitter::Node;

/// Loops whose `body` field runs once per iteration.
pub fn is_loop_kind(kind: &str) -> bool {
    matches!(
        kind,
        // Rust
        "for_expression" | "while_expression" | "loop_expression"
        // Go, Python, JS/TS
        | "for_statement" | "while_statement" | "for_in_statement" | "do_statement"
    )
}

/// Definitions whose body does not run where it is written: functions, closures, classes,
/// and Rust `const`/`static` initialisers.
pub fn is_definition_boundary(kind: &str) -> bool {
    matches!(
        kind,
        // Rust
        "function_item" | "closure_expression" | "const_item" | "static_item"
        // Go
        | "function_declaration" | "method_declaration" | "func_literal"
        // Python
        | "function_definition" | "lambda" | "class_definition"
        // JS/TS
        | "function_expression" | "function" | "arrow_function" | "method_definition"
        | "generator_function" | "generator_function_declaration" | "class_declaration"
        | "class" | "class_body" | "class_static_block" | "abstract_class_declaration"
    )
}

/// Loops that only test a condition (`while`, `loop`, Go's `for cond {}`): they do not name
/// what they iterate over.
pub fn is_condition_loop(node: Node<'_>) -> bool {
    match node.kind() {
        "while_expression" | "loop_expression" | "while_statement" | "do_statement" => true,
        // Go: `for {}` and `for cond {}` have neither a range nor a three-part clause.
        "for_statement" => {
            let mut cursor = node.walk();
            let plain = !node
                .named_children(&mut cursor)
                .any(|c| matches!(c.kind(), "range_clause" | "for_clause"));
            // JS/Python `for` statements always have a header of their own.
            plain
                && node.child_by_field_name("left").is_none()
                && node.child_by_field_name("initializer").is_none()
                && node.child_by_field_name("condition").is_none()
                && node.child_by_field_name("increment").is_none()
        }
        _ => false,
    }
}

/// The innermost loop whose body (not header) contains `node`, within the same function.
/// `None` when `node` is not in a loop body, or leaves it through `return`/`break`
/// (then it runs at most once).
pub fn enclosing_loop_body<'t>(node: Node<'t>) -> Option<Node<'t>> {
    let mut child = node;
    let mut current = node.parent();
    while let Some(n) = current {
        let kind = n.kind();
        if is_definition_boundary(kind) {
            return None;
        }
        if matches!(
            kind,
            "return_expression" | "return_statement" | "break_expression" | "break_statement"
        ) {
            return None;
        }
        if is_loop_kind(kind)
            && n.child_by_field_name("body")
                .is_some_and(|b| b.id() == child.id())
        {
            return Some(n);
        }
        child = n;
        current = n.parent();
    }
    None
}

/// Named nodes under `node` (itself excluded) in the same function: nested definitions are
/// skipped.
pub fn descendants_in_function<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    visit_descendants(node, |n| !is_definition_boundary(n.kind()), |n| out.push(n));
    out
}

/// Identifier-like leaves under `node` (itself included).
pub fn identifiers<'a>(ctx: &FileContext<'a>, node: Node<'_>) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut push = |n: Node<'_>| {
        if matches!(
            n.kind(),
            "identifier" | "shorthand_property_identifier_pattern"
        ) {
            out.push(ctx.text_of(n));
        }
    };
    push(node);
    visit_descendants(node, |_| true, &mut push);
    out
}

/// Names (re)bound anywhere inside `scope`: loop variables, declarations, assignments,
/// increments, in every grammar. Over-approximates: any identifier inside a binding target
/// counts.
pub fn bound_names<'a>(ctx: &FileContext<'a>, scope: Node<'_>) -> HashSet<&'a str> {
    let mut names = HashSet::new();
    let mut nodes = vec![scope];
    visit_descendants(scope, |_| true, |n| nodes.push(n));
    for n in nodes {
        let targets: &[&str] = match n.kind() {
            // Rust
            "let_declaration" | "for_expression" | "let_condition" | "match_arm" => &["pattern"],
            "assignment_expression"
            | "compound_assignment_expr"
            | "augmented_assignment_expression"
            | "short_var_declaration"
            | "assignment_statement"
            | "range_clause"
            | "assignment"
            | "augmented_assignment"
            | "for_in_statement"
            | "for_in_clause" => &["left"],
            "for_statement" => &["left", "initializer"],
            "var_spec" | "variable_declarator" | "named_expression" => &["name"],
            "as_pattern" => &["alias"],
            "update_expression" => &["argument"],
            "inc_statement" | "dec_statement" | "closure_parameters" | "parameters" => {
                names.extend(identifiers(ctx, n));
                continue;
            }
            _ => continue,
        };
        for field in targets {
            let mut cursor = n.walk();
            for t in n.children_by_field_name(field, &mut cursor) {
                names.extend(identifiers(ctx, t));
            }
        }
    }
    names
}

/// Text with runs of whitespace folded, for comparing expressions.
pub fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
