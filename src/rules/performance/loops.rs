//! Loop helpers shared by the performance rules, for every code grammar.

use crate::parse::FieldExt;
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
                && node.field("left").is_none()
                && node.field("initializer").is_none()
                && node.field("condition").is_none()
                && node.field("increment").is_none()
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
        if is_loop_kind(kind) && n.field("body").is_some_and(|b| b.id() == child.id()) {
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

/// Statements that leave the loop (or the function) unconditionally.
fn is_exit_statement(node: Node<'_>) -> bool {
    match node.kind() {
        "return_statement" | "break_statement" | "raise_statement" | "throw_statement"
        | "return_expression" | "break_expression" => true,
        "expression_statement" => node
            .named_child(0)
            .is_some_and(|c| matches!(c.kind(), "return_expression" | "break_expression")),
        _ => false,
    }
}

/// `node` is followed, in its block or an enclosing block up to the loop body, by an
/// unconditional `return`/`break`/`raise`/`throw`: it runs at most once per loop.
pub fn followed_by_loop_exit(node: Node<'_>, lp: Node<'_>) -> bool {
    let body = lp.field("body").map(|b| b.id());
    let mut current = node;
    while let Some(parent) = current.parent() {
        if matches!(
            parent.kind(),
            "block" | "statement_block" | "statement_list" | "declaration_list"
        ) {
            let mut next = current.next_named_sibling();
            while let Some(s) = next {
                if is_exit_statement(s) {
                    return true;
                }
                next = s.next_named_sibling();
            }
        }
        if Some(parent.id()) == body || parent.id() == lp.id() {
            return false;
        }
        current = parent;
    }
    false
}

fn is_literal(node: Node<'_>) -> bool {
    let n = if node.kind() == "match_pattern" {
        match node.named_child(0) {
            Some(c) => c,
            None => return false,
        }
    } else {
        node
    };
    crate::rules::util::is_string_kind(n.kind())
        || matches!(
            n.kind(),
            "int_literal" | "integer" | "number" | "integer_literal" | "char_literal"
        )
}

/// `node` only runs when a loop variable equals a literal (`switch key { case "tls": … }`,
/// `if name == "x" {…}`, `match k { "a" => … }`): once per distinct key, typically once.
pub fn guarded_by_literal_key(
    ctx: &FileContext<'_>,
    node: Node<'_>,
    lp: Node<'_>,
    bound: &HashSet<&str>,
) -> bool {
    let mentions_bound = |n: Node<'_>| identifiers(ctx, n).iter().any(|i| bound.contains(i));
    let body = lp.field("body").map(|b| b.id());
    let mut child = node;
    while let Some(n) = child.parent() {
        if Some(n.id()) == body || n.id() == lp.id() {
            return false;
        }
        let guarded = match n.kind() {
            // Go `case "a", "b":` in `switch key {}`.
            "expression_case" => {
                let mut c = n.walk();
                let values: Vec<Node<'_>> = n
                    .field("value")
                    .map(|v| v.named_children(&mut c).collect())
                    .unwrap_or_default();
                let switch_value = n.parent().and_then(|s| s.field("value"));
                !values.is_empty()
                    && values.iter().all(|v| is_literal(*v))
                    && switch_value.is_some_and(mentions_bound)
            }
            // JS `case "a":` in `switch (key) {}`.
            "switch_case" => {
                let value = n.field("value");
                let switch_value = n
                    .parent()
                    .and_then(|b| b.parent())
                    .and_then(|s| s.field("value"));
                value.is_some_and(is_literal) && switch_value.is_some_and(mentions_bound)
            }
            // Rust `"a" => …` in `match key {}`.
            "match_arm" => {
                let pattern = n.field("pattern");
                let value = n
                    .parent()
                    .and_then(|b| b.parent())
                    .and_then(|m| m.field("value"));
                pattern.is_some_and(is_literal) && value.is_some_and(mentions_bound)
            }
            "if_statement" | "if_expression" | "elif_clause" => {
                let in_consequence = n.field("consequence").is_some_and(|c| c.id() == child.id());
                in_consequence
                    && n.field("condition")
                        .is_some_and(|c| literal_equality(ctx, c, &mentions_bound))
            }
            _ => false,
        };
        if guarded {
            return true;
        }
        child = n;
    }
    false
}

/// `key == "literal"` (either order), possibly parenthesised.
fn literal_equality(
    ctx: &FileContext<'_>,
    condition: Node<'_>,
    mentions_bound: &dyn Fn(Node<'_>) -> bool,
) -> bool {
    let mut c = condition;
    while c.kind() == "parenthesized_expression" {
        match c.named_child(0) {
            Some(inner) => c = inner,
            None => return false,
        }
    }
    let (op, left, right) = match c.kind() {
        "binary_expression" => (
            c.field("operator").map(|o| ctx.text_of(o)),
            c.field("left"),
            c.field("right"),
        ),
        "comparison_operator" => {
            let mut cursor = c.walk();
            let op = c
                .children_by_field_name("operators", &mut cursor)
                .next()
                .map(|o| ctx.text_of(o));
            (op, c.named_child(0), c.named_child(1))
        }
        _ => return false,
    };
    let (Some(op), Some(left), Some(right)) = (op, left, right) else {
        return false;
    };
    matches!(op, "==" | "===")
        && ((is_literal(right) && mentions_bound(left))
            || (is_literal(left) && mentions_bound(right)))
}

/// Names a loop header binds: `i` in `for i in 0..n`, `for i := 0; …`, `for (let i = 0; …)`,
/// `for _, v := range xs`, `for k, v in d.items()`.
pub fn header_bound_names<'a>(ctx: &FileContext<'a>, lp: Node<'_>) -> HashSet<&'a str> {
    let mut names = HashSet::new();
    for field in ["pattern", "left", "initializer"] {
        if let Some(n) = lp.field(field) {
            names.extend(identifiers_in_targets(ctx, n));
        }
    }
    let mut cursor = lp.walk();
    for child in lp.named_children(&mut cursor) {
        let target = match child.kind() {
            "range_clause" => child.field("left"),
            "for_clause" => child.field("initializer"),
            _ => None,
        };
        if let Some(t) = target {
            names.extend(identifiers_in_targets(ctx, t));
        }
    }
    names
}

/// Identifiers bound by a target or declaration (`let i = 0` binds `i`, not the initial
/// value's names).
fn identifiers_in_targets<'a>(ctx: &FileContext<'a>, node: Node<'_>) -> Vec<&'a str> {
    let target = match node.kind() {
        "short_var_declaration" | "assignment_statement" => node.field("left"),
        "lexical_declaration" | "variable_declaration" => {
            let mut out = Vec::new();
            let mut c = node.walk();
            for d in node.named_children(&mut c) {
                if let Some(name) = d.field("name") {
                    out.extend(identifiers(ctx, name));
                }
            }
            return out;
        }
        _ => Some(node),
    };
    target.map(|t| identifiers(ctx, t)).unwrap_or_default()
}
