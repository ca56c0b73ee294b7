//! Strings built at run time, and where they flow inside one function. Shared by
//! `sql-string-building` and `shell-command-injection`.
//!
//! A *build* is an expression that makes a string from literal text and values: Rust
//! `format!`, Go `fmt.Sprintf`, Python f-strings, `%` and `.format()`, JS template literals, and
//! `+` concatenation in every language. Data flow is local: an identifier is followed to its
//! nearest preceding assignment in the same function (then the enclosing ones), `+=` appends
//! included.

use super::named_functions::is_function_kind;
use crate::classify::Language;
use crate::parse::FieldExt;
use crate::rules::FileContext;
use crate::rules::util::call_arguments;
use crate::rules::util::{is_comment_kind, is_string_kind, literal_string_value};
use std::cell::Cell;
use std::collections::HashMap;
use tree_sitter::Node;

/// How far identifiers are followed through assignments.
const MAX_HOPS: usize = 6;

/// A string built from literal text and values.
pub(super) struct Build<'t> {
    /// The building expression: findings point at it.
    pub node: Node<'t>,
    /// `format!`, `fmt.Sprintf`, `f-string`, `template literal`, `concatenation`…
    pub how: &'static str,
    /// The literal text, with ` ? ` where a value goes; identifiers bound to literal strings are
    /// included as text.
    pub literal: String,
    /// The inserted values.
    pub values: Vec<Inserted<'t>>,
}

/// A value inserted into a build.
pub(super) struct Inserted<'t> {
    /// The expression, or `None` for a Rust inline capture (`format!("{id}")`).
    pub node: Option<Node<'t>>,
    /// The expression's text (the captured name for inline captures).
    pub text: String,
    /// The literal text right before the value.
    pub prefix: String,
    /// Formatted with a numeric verb (`%d`, `%f`): cannot carry text.
    pub numeric: bool,
    /// The build the value is inserted into: where names without a node are looked up.
    pub anchor: Node<'t>,
}

/// Where a value reaching a sink came from.
pub(super) enum Source<'t> {
    /// Built here, or at the nearest assignment of a variable.
    Built(Build<'t>),
    /// A literal string, directly or through a variable.
    Literal(String),
    /// `q += name` / `q = q + name`: a bare value appended to a variable.
    Appended { at: Node<'t>, value: Node<'t> },
    /// Anything else (a parameter, a call result): provenance unknown here.
    Opaque,
}

/// One assignment of a name.
struct Assignment<'t> {
    scope: usize,
    start: usize,
    node: Node<'t>,
    value: Option<Node<'t>>,
    append: bool,
}

/// Per-file index of assignments and function parameters.
pub(super) struct Flow<'c, 'a> {
    pub ctx: &'c FileContext<'a>,
    assignments: HashMap<&'a str, Vec<Assignment<'a>>>,
    /// Nesting of `build_of`/`is_safe_expr` calls: nested builds (a template inside a template
    /// inside a concatenation…) are followed only this deep, so hostile input cannot exhaust
    /// the stack.
    nesting: Cell<usize>,
}

/// How deeply nested builds and safety checks are followed.
const MAX_NESTING: usize = 24;

/// Counts one level of nesting for as long as it lives.
struct Nested<'f> {
    counter: &'f Cell<usize>,
}

impl<'f> Nested<'f> {
    fn enter(counter: &'f Cell<usize>) -> Option<Self> {
        let depth = counter.get();
        if depth >= MAX_NESTING {
            return None;
        }
        counter.set(depth + 1);
        Some(Nested { counter })
    }
}

impl Drop for Nested<'_> {
    fn drop(&mut self) {
        self.counter.set(self.counter.get().saturating_sub(1));
    }
}

impl<'c, 'a> Flow<'c, 'a> {
    pub fn new(ctx: &'c FileContext<'a>) -> Self {
        let mut assignments: HashMap<&'a str, Vec<Assignment<'a>>> = HashMap::new();
        for (node, kind) in ctx.nodes_with_kinds() {
            for (target, value, append) in assignment_parts(ctx, node, kind) {
                let name = ctx.text_of(target);
                if name.is_empty() {
                    continue;
                }
                let scope = scope_of(ctx, node).map(|s| s.id()).unwrap_or(0);
                assignments.entry(name).or_default().push(Assignment {
                    scope,
                    start: node.start_byte(),
                    node,
                    value,
                    append,
                });
            }
        }
        Flow {
            ctx,
            assignments,
            nesting: Cell::new(0),
        }
    }

    fn text(&self, n: Node<'_>) -> &'a str {
        self.ctx.text_of(n)
    }

    /// The assignments that give `name` its value at `at`: the nearest preceding one in the
    /// innermost function that assigns or declares it, with the `+=` appends that follow a
    /// plain assignment. Empty when the name is a parameter or unknown.
    fn reaching(&self, name: &str, at: Node<'a>) -> Vec<&Assignment<'a>> {
        let Some(all) = self.assignments.get(name) else {
            return Vec::new();
        };
        let mut scope = scope_of(self.ctx, at);
        loop {
            let id = scope.map(|s| s.id()).unwrap_or(0);
            let before: Vec<&Assignment<'a>> = all
                .iter()
                .filter(|a| {
                    a.scope == id
                        && a.start < at.start_byte()
                        && a.node.end_byte() <= at.start_byte()
                })
                .collect();
            if !before.is_empty() {
                let mut chain = Vec::new();
                for a in before.iter().rev() {
                    chain.push(*a);
                    if !a.append {
                        break;
                    }
                }
                return chain;
            }
            let Some(s) = scope else {
                return Vec::new();
            };
            if has_param(self.ctx, s, name) {
                return Vec::new();
            }
            scope = scope_of(self.ctx, s);
        }
    }

    /// Where the value of `expr` comes from, following variables. `unwrap` strips references,
    /// `.as_str()` and similar, and wrapper calls such as `text(...)`.
    pub fn sources(&self, expr: Node<'a>) -> Vec<Source<'a>> {
        let mut out = Vec::new();
        let mut stack = vec![(expr, 0usize)];
        while let Some((node, hops)) = stack.pop() {
            let node = self.unwrap(node);
            if let Some(b) = self.build_of(node) {
                out.push(Source::Built(b));
                continue;
            }
            if let Some(s) = self.literal_text(node) {
                out.push(Source::Literal(s));
                continue;
            }
            if matches!(node.kind(), "ternary_expression" | "conditional_expression") {
                // Either branch may be the value: `c ? a + x : b + x`, `a if c else b`.
                let mut cursor = node.walk();
                let parts: Vec<Node<'a>> = node.named_children(&mut cursor).collect();
                let branches = if node.kind() == "conditional_expression" {
                    [parts.first(), parts.get(2)]
                } else {
                    [parts.get(1), parts.get(2)]
                };
                for b in branches.into_iter().flatten() {
                    stack.push((*b, hops));
                }
                continue;
            }
            if node.kind() != "identifier" || hops >= MAX_HOPS {
                out.push(Source::Opaque);
                continue;
            }
            let chain = self.reaching(self.text(node), node);
            if chain.is_empty() {
                out.push(Source::Opaque);
                continue;
            }
            for a in chain {
                let Some(value) = a.value else {
                    out.push(Source::Opaque);
                    continue;
                };
                if a.append {
                    let v = self.unwrap(value);
                    if self.build_of(v).is_some() || self.literal_text(v).is_some() {
                        stack.push((v, hops + 1));
                    } else {
                        out.push(Source::Appended {
                            at: a.node,
                            value: v,
                        });
                    }
                } else if let Some(base) = self.self_concat(value, self.text(node)) {
                    // `q = q + " AND x = " + y`: an append written out. The appended part is
                    // the build; `q` itself is resolved as the base.
                    if let Some(mut b) = self.build_of(value) {
                        b.values
                            .retain(|v| v.node.map(|n| n.id()) != Some(base.id()));
                        out.push(Source::Built(b));
                    }
                    stack.push((base, hops + 1));
                } else {
                    stack.push((value, hops + 1));
                }
            }
        }
        out
    }

    /// `q + …` assigned to `q`: the leading `q` operand.
    fn self_concat(&self, value: Node<'a>, name: &str) -> Option<Node<'a>> {
        if !is_plus(self.ctx, value) {
            return None;
        }
        let operands = plus_operands(self.ctx, value);
        let first = self.unwrap(*operands.first()?);
        (first.kind() == "identifier" && self.text(first) == name).then_some(first)
    }

    /// Removes wrappers that do not change the string: `&x`, `(x)`, `x.as_str()`,
    /// `x.to_string()`, `String::from(x)`, `text(x)`, `sql.SQL(x)`.
    pub fn unwrap(&self, mut node: Node<'a>) -> Node<'a> {
        for _ in 0..8 {
            let next = match node.kind() {
                "reference_expression" | "parenthesized_expression" | "await_expression" => {
                    last_named(node)
                }
                "call_expression" | "call" => {
                    let callee = node.field("function");
                    let method_receiver = callee.and_then(|c| match c.kind() {
                        "field_expression" => c.field("value"),
                        _ => None,
                    });
                    let last = callee_name(self.ctx, node).unwrap_or("");
                    let no_args = node
                        .field("arguments")
                        .is_some_and(|a| a.named_child_count() == 0);
                    if let Some(recv) = method_receiver.filter(|_| {
                        no_args
                            && matches!(
                                last,
                                "as_str"
                                    | "as_ref"
                                    | "to_string"
                                    | "to_owned"
                                    | "clone"
                                    | "into"
                                    | "as_bytes"
                            )
                    }) {
                        Some(recv)
                    } else if matches!(last, "text" | "SQL" | "sql" | "from" | "String" | "str")
                        && !(last == "from"
                            && callee.is_some_and(|c| !self.text(c).starts_with("String")))
                        && first_arg(node).is_some()
                    {
                        first_arg(node)
                    } else {
                        None
                    }
                }
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => return node,
            }
        }
        node
    }

    /// The text of a literal string (no interpolation), or of a variable bound to one.
    pub fn literal_text(&self, node: Node<'a>) -> Option<String> {
        let node = self.unwrap(node);
        if is_string_kind(node.kind()) {
            if node.kind() == "concatenated_string" {
                let mut cursor = node.walk();
                let mut s = String::new();
                for c in node.named_children(&mut cursor) {
                    s.push_str(literal_string_value(c, self.ctx.text)?);
                }
                return Some(s);
            }
            return literal_string_value(node, self.ctx.text).map(str::to_string);
        }
        None
    }

    /// A literal string through variables: `let table = "users"` … `table`.
    pub fn resolved_literal(&self, node: Node<'a>) -> Option<String> {
        let mut node = self.unwrap(node);
        for _ in 0..MAX_HOPS {
            if let Some(s) = self.literal_text(node) {
                return Some(s);
            }
            if node.kind() != "identifier" {
                return None;
            }
            let chain = self.reaching(self.text(node), node);
            let [only] = chain.as_slice() else {
                return None;
            };
            node = self.unwrap(only.value?);
        }
        None
    }

    /// The build an expression is, if it is one.
    pub fn build_of(&self, node: Node<'a>) -> Option<Build<'a>> {
        let _guard = Nested::enter(&self.nesting)?;
        let lang = self.ctx.language;
        match node.kind() {
            "macro_invocation" if lang == Language::Rust => self.rust_format(node),
            "call_expression" if lang == Language::Go => self.go_sprintf(node),
            "call" if lang == Language::Python => self.python_format_call(node),
            "string" | "concatenated_string" if lang == Language::Python => {
                self.python_fstring(node)
            }
            "binary_operator" if lang == Language::Python => {
                let op = node.field("operator").map(|o| self.text(o));
                match op {
                    Some("%") => self.python_percent(node),
                    Some("+") => self.concatenation(node),
                    _ => None,
                }
            }
            "template_string" if lang.is_js_family() => self.template(node),
            "binary_expression" if is_plus(self.ctx, node) => self.concatenation(node),
            _ => None,
        }
    }

    /// Whether an inserted value could carry outside text. Literals, ALL_CAPS constants,
    /// numbers (typed parameters, numeric verbs, lengths), placeholders (`$1`, `?`) and quoted
    /// values (`shlex.quote(x)`) cannot.
    pub fn is_unsafe(&self, v: &Inserted<'a>, placeholders_are_safe: bool) -> bool {
        if v.numeric {
            return false;
        }
        if placeholders_are_safe && is_placeholder_prefix(&v.prefix) {
            return false;
        }
        match v.node {
            Some(n) => !self.is_safe_expr(n, placeholders_are_safe, 0),
            None => {
                let name = v.text.trim();
                if self.is_safe_name(name, Some(v.anchor)) || is_length(name) {
                    return false;
                }
                // `shell_escape::escape(x)`, `quote(&x)` as macro tokens.
                if let Some((callee, _)) = name.split_once('(') {
                    let last = last_segment(callee).to_ascii_lowercase();
                    if is_quoting_name(&last) {
                        return false;
                    }
                }
                // Rust `format!("… {}", values.join(", "))`: the tokens of a method call.
                if let Some(collection) = name
                    .strip_suffix(')')
                    .and_then(|t| t.split_once(".join("))
                    .map(|(c, _)| c.trim())
                    .filter(|c| c.chars().all(|ch| ch.is_alphanumeric() || ch == '_'))
                {
                    return !self.is_safe_collection(
                        collection,
                        v.anchor,
                        placeholders_are_safe,
                        0,
                    );
                }
                if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    return true;
                }
                let chain = self.reaching(name, v.anchor);
                match chain.as_slice() {
                    [only] => only
                        .value
                        .is_none_or(|value| !self.is_safe_expr(value, placeholders_are_safe, 0)),
                    _ => true,
                }
            }
        }
    }

    /// Whether a bare expression cannot carry outside text (see [`Flow::is_unsafe`]).
    pub fn is_safe_node(&self, node: Node<'a>, placeholders_are_safe: bool) -> bool {
        self.is_safe_expr(node, placeholders_are_safe, 0)
    }

    /// A list whose every element is safe: its initializer is empty or safe literals, and every
    /// `push`/`append`/`extend` (Go: `x = append(x, …)`, `x[i] = …`) adds safe values. The
    /// common way to build `WHERE` clauses and `VALUES` placeholders.
    fn is_safe_collection(
        &self,
        name: &str,
        anchor: Node<'a>,
        placeholders_are_safe: bool,
        depth: usize,
    ) -> bool {
        if depth > 2 {
            return false;
        }
        if self.reaching(name, anchor).is_empty() {
            return false;
        }
        // Go's `append` re-assigns: the nearest assignment may be an append; find the initializer.
        let scope = scope_of(self.ctx, anchor);
        let (lo, hi) = scope
            .map(|s| (s.start_byte(), s.end_byte()))
            .unwrap_or((0, self.ctx.text.len()));
        let mut values: Vec<Node<'a>> = Vec::new();
        let mut init_ok = false;
        if let Some(all) = self.assignments.get(name) {
            for a in all.iter().filter(|a| a.start >= lo && a.start < hi) {
                let Some(v) = a.value else {
                    // Go `var conds []string`: starts empty.
                    if a.node.kind() == "var_spec" {
                        init_ok = true;
                        continue;
                    }
                    return false;
                };
                if let Some(appended) = self.go_append_args(v, name) {
                    values.extend(appended);
                } else if !a.append {
                    if self.is_empty_collection(v, placeholders_are_safe, depth) {
                        init_ok = true;
                    } else {
                        return false;
                    }
                } else {
                    values.push(v);
                }
            }
        }
        if !init_ok {
            return false;
        }
        for (n, kind) in self.ctx.nodes_starting_in(lo..hi) {
            match kind {
                "call_expression" | "call" => {
                    let Some(callee) = n.field("function") else {
                        continue;
                    };
                    let object = match callee.kind() {
                        "field_expression" => callee.field("value"),
                        "member_expression" | "attribute" => callee.field("object"),
                        "selector_expression" => callee.field("operand"),
                        _ => None,
                    };
                    if !object.is_some_and(|o| o.kind() == "identifier" && self.text(o) == name) {
                        continue;
                    }
                    let method = callee_name(self.ctx, n).unwrap_or("");
                    if matches!(
                        method,
                        "push"
                            | "append"
                            | "extend"
                            | "insert"
                            | "add"
                            | "unshift"
                            | "push_str"
                            | "push_back"
                            | "extend_from_slice"
                    ) {
                        values.extend(call_arguments(n));
                    }
                }
                "assignment_statement" | "assignment" | "assignment_expression" => {
                    // `sets[i] = …`
                    let left = n.field("left");
                    let left = left
                        .filter(|l| l.kind() == "expression_list")
                        .and_then(|l| l.named_child(0))
                        .or(left);
                    let indexed = left.is_some_and(|l| {
                        matches!(l.kind(), "index_expression" | "subscript")
                            && l.named_child(0)
                                .is_some_and(|o| o.kind() == "identifier" && self.text(o) == name)
                    });
                    if indexed {
                        values.extend(list_items(n.field("right")));
                    }
                }
                _ => {}
            }
        }
        values
            .into_iter()
            .all(|v| self.is_safe_expr(v, placeholders_are_safe, depth + 1))
    }

    /// `append(name, a, b)` assigned back to `name`: the appended values.
    fn go_append_args(&self, value: Node<'a>, name: &str) -> Option<Vec<Node<'a>>> {
        if value.kind() != "call_expression"
            || value.field("function").map(|f| self.text(f)) != Some("append")
        {
            return None;
        }
        let args = call_arguments(value);
        let (first, rest) = args.split_first()?;
        (first.kind() == "identifier" && self.text(*first) == name).then(|| rest.to_vec())
    }

    /// `Vec::new()`, `vec![]`, `[]`, `make([]string, n)`, `list()`, or a list of safe values.
    fn is_empty_collection(
        &self,
        value: Node<'a>,
        placeholders_are_safe: bool,
        depth: usize,
    ) -> bool {
        let text: String = self
            .text(value)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if [
            "Vec::new(",
            "Vec::with_capacity(",
            "vec![]",
            "make(",
            "list()",
            "[]",
            "newArray(",
            "Array(",
        ]
        .iter()
        .any(|p| text.starts_with(p))
        {
            return true;
        }
        if matches!(value.kind(), "array_expression" | "list" | "array") {
            let mut cursor = value.walk();
            let items: Vec<Node<'a>> = value
                .named_children(&mut cursor)
                .filter(|c| !is_comment_kind(c.kind()))
                .collect();
            return items
                .into_iter()
                .all(|i| self.is_safe_expr(i, placeholders_are_safe, depth + 1));
        }
        false
    }

    /// Literal-valued, constant, numeric or quoted expressions. Iterative over conditional
    /// branches and variables.
    fn is_safe_expr(&self, expr: Node<'a>, placeholders_are_safe: bool, depth: usize) -> bool {
        let Some(_guard) = Nested::enter(&self.nesting) else {
            return false;
        };
        let mut stack = vec![(expr, 0usize)];
        while let Some((node, hops)) = stack.pop() {
            let node = self.unwrap(node);
            let kind = node.kind();
            let text = self.text(node);
            if is_string_kind(kind) && self.literal_text(node).is_some() {
                continue;
            }
            if matches!(
                kind,
                "integer_literal"
                    | "float_literal"
                    | "int_literal"
                    | "integer"
                    | "float"
                    | "number"
                    | "boolean_literal"
                    | "true"
                    | "false"
                    | "none"
                    | "null"
                    | "nil"
                    | "undefined"
                    // Python comparisons and `not` are booleans: in `v >= 8 and "a" or "b"` the
                    // `and` yields `False` or `"a"`.
                    | "comparison_operator"
                    | "not_operator"
            ) {
                continue;
            }
            if is_constant_path(text)
                || is_length(text)
                || is_process_id(text)
                || is_quoted(self.ctx, node)
                || (placeholders_are_safe && is_parameter_binding(self.ctx, node))
            {
                continue;
            }
            match kind {
                "conditional_expression" | "ternary_expression" => {
                    // Python `a if c else b`, JS `c ? a : b`: both branches must be safe.
                    let mut cursor = node.walk();
                    let parts: Vec<Node<'a>> = node.named_children(&mut cursor).collect();
                    let branches: Vec<Node<'a>> = if kind == "conditional_expression" {
                        // body, condition, alternative
                        parts
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| *i != 1)
                            .map(|(_, n)| *n)
                            .collect()
                    } else {
                        parts.iter().skip(1).copied().collect()
                    };
                    if branches.is_empty() {
                        return false;
                    }
                    for b in branches {
                        stack.push((b, hops));
                    }
                }
                // Arithmetic with a number: Python's `page_size + 1` (a `str + int` would raise),
                // and `n - 1` in any language: a number.
                "binary_operator" | "binary_expression"
                    if node.field("operator").is_some_and(|o| {
                        let op = self.text(o);
                        op == "-" || (op == "+" && kind == "binary_operator")
                    }) && ["left", "right"].iter().any(|side| {
                        node.field(side).is_some_and(|n| {
                            matches!(n.kind(), "integer" | "float" | "number" | "int_literal")
                        })
                    }) => {}
                "boolean_operator" => {
                    // Python `where or "TRUE"`.
                    for side in ["left", "right"] {
                        match node.field(side) {
                            Some(n) => stack.push((n, hops)),
                            None => return false,
                        }
                    }
                }
                "binary_expression"
                    if node
                        .field("operator")
                        .is_some_and(|o| matches!(self.text(o), "||" | "??")) =>
                {
                    for side in ["left", "right"] {
                        match node.field(side) {
                            Some(n) => stack.push((n, hops)),
                            None => return false,
                        }
                    }
                }
                "if_expression" => {
                    // Rust `if c { "ASC" } else { "DESC" }`.
                    let mut tails = Vec::new();
                    let mut current = Some(node);
                    while let Some(n) = current {
                        current = None;
                        if let Some(tail) = n.field("consequence").and_then(last_named) {
                            tails.push(tail);
                        } else {
                            return false;
                        }
                        match n.field("alternative").and_then(last_named) {
                            Some(alt) if alt.kind() == "if_expression" => current = Some(alt),
                            Some(alt) if alt.kind() == "block" => match last_named(alt) {
                                Some(t) => tails.push(t),
                                None => return false,
                            },
                            _ => return false,
                        }
                    }
                    for t in tails {
                        stack.push((t, hops));
                    }
                }
                "identifier" => {
                    if self.is_safe_name(text, Some(node)) {
                        continue;
                    }
                    if hops >= MAX_HOPS {
                        return false;
                    }
                    if let Some(iterable) = loop_iterable(self.ctx, text, node) {
                        // `for table in TABLES:`: safe when what it iterates is.
                        stack.push((iterable, hops + 1));
                        continue;
                    }
                    let chain = self.reaching(text, node);
                    let [only] = chain.as_slice() else {
                        return false;
                    };
                    let Some(value) = only.value else {
                        return false;
                    };
                    if is_placeholder_list(self, value) {
                        continue;
                    }
                    stack.push((value, hops + 1));
                }
                // Go `[]string{"system.peers", "system.local"}`: safe when every element is.
                "composite_literal" => {
                    let Some(body) = node.field("body") else {
                        return false;
                    };
                    let mut cursor = body.walk();
                    for item in body.named_children(&mut cursor) {
                        match item.kind() {
                            "literal_element" => match item.named_child(0) {
                                Some(e) => stack.push((e, hops)),
                                None => return false,
                            },
                            k if is_comment_kind(k) => {}
                            _ => return false,
                        }
                    }
                }
                "list" | "tuple" | "array" | "array_expression" | "set" => {
                    let mut cursor = node.walk();
                    for item in node.named_children(&mut cursor) {
                        if !is_comment_kind(item.kind()) {
                            stack.push((item, hops));
                        }
                    }
                }
                _ => {
                    if let Some(b) = self.build_of(node) {
                        if b.values
                            .iter()
                            .any(|v| self.is_unsafe(v, placeholders_are_safe))
                        {
                            return false;
                        }
                        continue;
                    }
                    if is_numeric_conversion(self.ctx, node)
                        || is_placeholder_list(self, node)
                        || self.is_charset_filter(node)
                    {
                        continue;
                    }
                    if hops < MAX_HOPS
                        && let Some(values) = self.python_self_attribute_values(node)
                    {
                        // `self.table_task`, set in `__init__` from a filtered prefix: safe
                        // when every value assigned to it in the file is.
                        for v in values {
                            stack.push((v, hops + 1));
                        }
                        continue;
                    }
                    if let Some(element) = self.joined_element(node) {
                        stack.push((element, hops));
                        continue;
                    }
                    if let Some(collection) = self.joined_collection(node)
                        && (is_constant_path(self.text(collection))
                            || self.is_safe_collection(
                                self.text(collection),
                                collection,
                                placeholders_are_safe,
                                depth,
                            ))
                    {
                        continue;
                    }
                    return false;
                }
            }
        }
        true
    }

    /// The values assigned to a Python `self.name` anywhere in the file (`self.table_kv = prefix
    /// + '_kv'` in `__init__`), or `None` when it is not such an attribute, is never assigned,
    /// or is changed in place (`self.name += …`).
    fn python_self_attribute_values(&self, node: Node<'a>) -> Option<Vec<Node<'a>>> {
        if self.ctx.language != Language::Python || node.kind() != "attribute" {
            return None;
        }
        let text = self.text(node);
        let attribute = text.strip_prefix("self.")?;
        if !attribute.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        if self
            .ctx
            .nodes_of_kind("augmented_assignment")
            .any(|a| a.field("left").is_some_and(|l| self.text(l) == text))
        {
            return None;
        }
        let values: Vec<Node<'a>> = self
            .ctx
            .nodes_of_kind("assignment")
            .filter(|a| a.field("left").is_some_and(|l| self.text(l) == text))
            .map(|a| a.field("right"))
            .collect::<Option<Vec<_>>>()?;
        (!values.is_empty() && values.len() <= 8).then_some(values)
    }

    /// `re.sub('[^A-Za-z0-9_]', '', value)`: what is left is letters, digits and underscores,
    /// which cannot end a literal or start a clause.
    fn is_charset_filter(&self, node: Node<'a>) -> bool {
        if node.kind() != "call"
            || !node
                .field("function")
                .is_some_and(|f| matches!(self.text(f), "re.sub" | "regex.sub"))
        {
            return false;
        }
        let args = call_arguments(node);
        let (Some(pattern), Some(replacement)) = (args.first(), args.get(1)) else {
            return false;
        };
        let (Some(pattern), Some(replacement)) =
            (self.literal_text(*pattern), self.literal_text(*replacement))
        else {
            return false;
        };
        let class = pattern
            .trim_end_matches(['+', '*'])
            .strip_prefix("[^")
            .and_then(|c| c.strip_suffix(']'));
        replacement.is_empty()
            && (matches!(pattern.as_str(), "\\W" | "\\W+")
                || class.is_some_and(|c| {
                    // Letters, digits, `_` and ranges of them: a lone `-` would let `--` through.
                    let c = c.replace("\\w", "").replace("\\d", "");
                    let chars: Vec<char> = c.chars().collect();
                    !chars.is_empty()
                        && chars.iter().enumerate().all(|(i, ch)| {
                            ch.is_ascii_alphanumeric()
                                || *ch == '_'
                                || (*ch == '-'
                                    && i > 0
                                    && chars[i - 1].is_ascii_alphanumeric()
                                    && chars.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric()))
                        })
                }))
    }

    /// The list a join call joins: `", ".join(x)`, `x.join(", ")`, `strings.Join(x, ",")`.
    fn joined_collection(&self, call: Node<'a>) -> Option<Node<'a>> {
        if !matches!(call.kind(), "call" | "call_expression") {
            return None;
        }
        let callee = call.field("function")?;
        let name = callee_name(self.ctx, call)?;
        if !matches!(name, "join" | "Join") {
            return None;
        }
        let args = call_arguments(call);
        let candidate = match callee.kind() {
            // Python `", ".join(conditions)`
            "attribute" => args.first().copied(),
            // Go `strings.Join(conds, " AND ")`
            "selector_expression" => args.first().copied(),
            // JS `conditions.join(" AND ")`, Rust `values.join(", ")`
            "member_expression" => callee.field("object"),
            "field_expression" => callee.field("value"),
            _ => None,
        }?;
        (candidate.kind() == "identifier").then_some(candidate)
    }

    /// The element expression of a join over a comprehension or a map:
    /// `", ".join(quote(c) for c in cols)`, `cols.map((c) => quote(c)).join(", ")`.
    fn joined_element(&self, call: Node<'a>) -> Option<Node<'a>> {
        if !matches!(call.kind(), "call" | "call_expression") {
            return None;
        }
        if !matches!(callee_name(self.ctx, call)?, "join" | "Join") {
            return None;
        }
        let callee = call.field("function")?;
        let joined = match callee.kind() {
            "attribute" => {
                let args = call.field("arguments")?;
                if args.kind() == "generator_expression" {
                    args
                } else {
                    call_arguments(call).first().copied()?
                }
            }
            "member_expression" => callee.field("object")?,
            _ => return None,
        };
        match joined.kind() {
            "generator_expression" | "list_comprehension" => joined.field("body"),
            "call_expression" if callee_name(self.ctx, joined) == Some("map") => {
                let f = call_arguments(joined).first().copied()?;
                let body = f.field("body")?;
                (f.kind() == "arrow_function" && body.kind() != "statement_block").then_some(body)
            }
            _ => None,
        }
    }

    /// A name that cannot carry text: an ALL_CAPS constant, a numerically typed parameter or
    /// local, or a placeholder list by name.
    fn is_safe_name(&self, name: &str, at: Option<Node<'a>>) -> bool {
        if is_constant_path(name) || is_process_id(name) {
            return true;
        }
        let lower = name.to_ascii_lowercase();
        if lower.contains("placeholder") || lower.contains("qmarks") {
            return true;
        }
        let Some(at) = at else {
            return false;
        };
        numeric_param(self.ctx, at, name)
    }

    fn rust_format(&self, node: Node<'a>) -> Option<Build<'a>> {
        let name = self.text(node.field("macro")?);
        if !matches!(last_segment(name), "format" | "format_args") {
            return None;
        }
        let tree = last_named(node).filter(|t| t.kind() == "token_tree")?;
        let args = split_token_args(tree);
        let (fmt_arg, rest) = args.split_first()?;
        let [fmt_node] = fmt_arg.as_slice() else {
            return None;
        };
        let template = literal_string_value(*fmt_node, self.ctx.text)?;
        let mut positional: Vec<Option<Node<'a>>> = Vec::new();
        let mut positional_text: Vec<String> = Vec::new();
        let mut named: HashMap<String, (Option<Node<'a>>, String)> = HashMap::new();
        for arg in rest {
            let Some(first) = arg.first() else { continue };
            let is_named = arg.len() >= 3
                && first.kind() == "identifier"
                && arg.get(1).is_some_and(|t| self.text(*t) == "=");
            if is_named {
                let value: Vec<Node<'a>> = arg.get(2..).unwrap_or(&[]).to_vec();
                named.insert(self.text(*first).to_string(), self.token_value(&value));
            } else {
                let (n, t) = self.token_value(arg);
                positional.push(n);
                positional_text.push(t);
            }
        }
        let mut literal = String::new();
        let mut values = Vec::new();
        let mut next = 0usize;
        for piece in parse_braces(template) {
            match piece {
                Piece::Text(t) => literal.push_str(&t),
                Piece::Hole(selector) => {
                    let selector = selector.split(':').next().unwrap_or("").trim().to_string();
                    let (value, text) = if selector.is_empty() {
                        let i = next;
                        next += 1;
                        (
                            positional.get(i).copied().flatten(),
                            positional_text.get(i).cloned().unwrap_or_default(),
                        )
                    } else if let Ok(i) = selector.parse::<usize>() {
                        (
                            positional.get(i).copied().flatten(),
                            positional_text.get(i).cloned().unwrap_or_default(),
                        )
                    } else if let Some((n, t)) = named.get(&selector) {
                        (*n, t.clone())
                    } else {
                        (None, selector.clone())
                    };
                    self.insert(node, &mut literal, &mut values, value, text, false);
                }
            }
        }
        Some(Build {
            node,
            how: "`format!`",
            literal,
            values,
        })
    }

    /// A macro argument's tokens as one expression: the node when it is a single token.
    fn token_value(&self, tokens: &[Node<'a>]) -> (Option<Node<'a>>, String) {
        match tokens {
            [single] => (Some(*single), self.text(*single).to_string()),
            [first, .., last] => {
                let text = self
                    .ctx
                    .text
                    .get(first.start_byte()..last.end_byte())
                    .unwrap_or("")
                    .to_string();
                (None, text)
            }
            [] => (None, String::new()),
        }
    }

    /// Appends a value: literal-valued ones become text, the others a hole.
    #[allow(clippy::too_many_arguments)]
    fn insert(
        &self,
        anchor: Node<'a>,
        literal: &mut String,
        values: &mut Vec<Inserted<'a>>,
        node: Option<Node<'a>>,
        text: String,
        numeric: bool,
    ) {
        if let Some(s) = node.and_then(|n| self.resolved_literal(n)) {
            literal.push_str(&s);
            return;
        }
        let prefix = literal.clone();
        literal.push_str(" ? ");
        values.push(Inserted {
            node,
            text,
            prefix,
            numeric,
            anchor,
        });
    }

    fn go_sprintf(&self, node: Node<'a>) -> Option<Build<'a>> {
        let callee = self.text(node.field("function")?);
        if !matches!(callee, "fmt.Sprintf" | "fmt.Sprint" | "fmt.Sprintln") {
            return None;
        }
        let args = call_arguments(node);
        let (first, rest) = args.split_first()?;
        if callee != "fmt.Sprintf" {
            // Sprint concatenates its operands.
            let mut literal = String::new();
            let mut values = Vec::new();
            for a in &args {
                match self.literal_text(*a) {
                    Some(s) => literal.push_str(&s),
                    None => self.insert(
                        node,
                        &mut literal,
                        &mut values,
                        Some(*a),
                        self.text(*a).to_string(),
                        false,
                    ),
                }
            }
            return Some(Build {
                node,
                how: "`fmt.Sprint`",
                literal,
                values,
            });
        }
        let template = self.resolved_literal(*first)?;
        let mut literal = String::new();
        let mut values = Vec::new();
        let mut next = 0usize;
        for piece in parse_percent(&template) {
            match piece {
                Percent::Text(t) => literal.push_str(&t),
                Percent::Verb { verb, .. } => {
                    let arg = rest.get(next).copied();
                    next += 1;
                    let numeric = !matches!(verb, 's' | 'v' | 'q');
                    let text = arg.map(|a| self.text(a).to_string()).unwrap_or_default();
                    self.insert(node, &mut literal, &mut values, arg, text, numeric);
                }
            }
        }
        Some(Build {
            node,
            how: "`fmt.Sprintf`",
            literal,
            values,
        })
    }

    fn python_fstring(&self, node: Node<'a>) -> Option<Build<'a>> {
        let strings: Vec<Node<'a>> = if node.kind() == "concatenated_string" {
            let mut cursor = node.walk();
            node.named_children(&mut cursor).collect()
        } else {
            vec![node]
        };
        let mut literal = String::new();
        let mut values = Vec::new();
        let mut any_interpolation = false;
        for s in strings {
            let mut cursor = s.walk();
            for part in s.named_children(&mut cursor) {
                match part.kind() {
                    "string_content" | "escape_sequence" => literal.push_str(self.text(part)),
                    "interpolation" => {
                        any_interpolation = true;
                        let expr = part.field("expression").or_else(|| part.named_child(0));
                        let text = expr.map(|e| self.text(e).to_string()).unwrap_or_default();
                        self.insert(node, &mut literal, &mut values, expr, text, false);
                    }
                    _ => {}
                }
            }
        }
        any_interpolation.then_some(Build {
            node,
            how: "an f-string",
            literal,
            values,
        })
    }

    fn python_percent(&self, node: Node<'a>) -> Option<Build<'a>> {
        let left = node.field("left")?;
        let template = self.resolved_literal(left)?;
        let right = self.unwrap(node.field("right")?);
        let mut literal = String::new();
        let mut values = Vec::new();
        let positional: Vec<Node<'a>> = match right.kind() {
            "tuple" => {
                let mut cursor = right.walk();
                right
                    .named_children(&mut cursor)
                    .filter(|c| !is_comment_kind(c.kind()))
                    .collect()
            }
            "dictionary" => Vec::new(),
            _ => vec![right],
        };
        let mut keyed: HashMap<String, Node<'a>> = HashMap::new();
        if right.kind() == "dictionary" {
            let mut cursor = right.walk();
            for pair in right
                .named_children(&mut cursor)
                .filter(|c| c.kind() == "pair")
            {
                if let (Some(k), Some(v)) = (pair.field("key"), pair.field("value"))
                    && let Some(k) = self.literal_text(k)
                {
                    keyed.insert(k, v);
                }
            }
        }
        let mut next = 0usize;
        for piece in parse_percent(&template) {
            match piece {
                Percent::Text(t) => literal.push_str(&t),
                Percent::Verb { verb, key } => {
                    let arg = match key {
                        Some(k) => keyed.get(&k).copied(),
                        None => {
                            let a = positional.get(next).copied();
                            next += 1;
                            a
                        }
                    };
                    let numeric = !matches!(verb, 's' | 'r' | 'a');
                    if right.kind() == "dictionary" && arg.is_none() {
                        // `% params` with a dict variable: unknown value.
                        self.insert(
                            node,
                            &mut literal,
                            &mut values,
                            Some(right),
                            self.text(right).to_string(),
                            numeric,
                        );
                        continue;
                    }
                    let text = arg
                        .map(|a| self.text(a).to_string())
                        .unwrap_or_else(|| self.text(right).to_string());
                    self.insert(
                        node,
                        &mut literal,
                        &mut values,
                        arg.or(Some(right)),
                        text,
                        numeric,
                    );
                }
            }
        }
        Some(Build {
            node,
            how: "`%` formatting",
            literal,
            values,
        })
    }

    fn python_format_call(&self, node: Node<'a>) -> Option<Build<'a>> {
        let callee = node.field("function")?;
        if callee.kind() != "attribute"
            || callee.field("attribute").map(|a| self.text(a)) != Some("format")
        {
            return None;
        }
        let template = self.resolved_literal(callee.field("object")?)?;
        let mut positional = Vec::new();
        let mut keyed: HashMap<String, Node<'a>> = HashMap::new();
        let mut splat: Option<Node<'a>> = None;
        for a in call_arguments(node) {
            match a.kind() {
                "keyword_argument" => {
                    if let (Some(k), Some(v)) = (a.field("name"), a.field("value")) {
                        keyed.insert(self.text(k).to_string(), v);
                    }
                }
                "list_splat" | "dictionary_splat" => splat = Some(a),
                _ => positional.push(a),
            }
        }
        let mut literal = String::new();
        let mut values = Vec::new();
        let mut next = 0usize;
        for piece in parse_braces(&template) {
            match piece {
                Piece::Text(t) => literal.push_str(&t),
                Piece::Hole(selector) => {
                    let field = selector
                        .split([':', '!', '.', '['])
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string();
                    let arg = if field.is_empty() {
                        let a = positional.get(next).copied();
                        next += 1;
                        a
                    } else if let Ok(i) = field.parse::<usize>() {
                        positional.get(i).copied()
                    } else {
                        keyed.get(&field).copied()
                    };
                    let arg = arg.or(splat);
                    let text = arg.map(|a| self.text(a).to_string()).unwrap_or(field);
                    self.insert(node, &mut literal, &mut values, arg, text, false);
                }
            }
        }
        Some(Build {
            node,
            how: "`.format()`",
            literal,
            values,
        })
    }

    fn template(&self, node: Node<'a>) -> Option<Build<'a>> {
        // A tagged template (sql`...${id}`) is the tag's business: usually parameterised.
        if node
            .parent()
            .is_some_and(|p| p.kind() == "call_expression" && p.field("arguments") == Some(node))
        {
            return None;
        }
        let mut literal = String::new();
        let mut values = Vec::new();
        let mut any = false;
        let mut cursor = node.walk();
        for part in node.named_children(&mut cursor) {
            match part.kind() {
                "string_fragment" | "escape_sequence" => literal.push_str(self.text(part)),
                "template_substitution" => {
                    any = true;
                    let expr = part.named_child(0);
                    let text = expr.map(|e| self.text(e).to_string()).unwrap_or_default();
                    self.insert(node, &mut literal, &mut values, expr, text, false);
                }
                _ => {}
            }
        }
        any.then_some(Build {
            node,
            how: "a template literal",
            literal,
            values,
        })
    }

    fn concatenation(&self, node: Node<'a>) -> Option<Build<'a>> {
        // Only the outermost `+` of a chain is a build.
        if node.parent().is_some_and(|p| is_plus(self.ctx, p)) {
            return None;
        }
        let operands = plus_operands(self.ctx, node);
        let mut literal = String::new();
        let mut values = Vec::new();
        let mut has_string = false;
        for op in operands {
            let op = self.unwrap(op);
            if let Some(s) = self.literal_text(op) {
                has_string = true;
                literal.push_str(&s);
            } else if let Some(inner) = self.build_of(op) {
                has_string = true;
                for v in inner.values {
                    let prefix = format!("{literal}{}", v.prefix);
                    values.push(Inserted { prefix, ..v });
                }
                literal.push_str(&inner.literal);
            } else {
                self.insert(
                    node,
                    &mut literal,
                    &mut values,
                    Some(op),
                    self.text(op).to_string(),
                    false,
                );
            }
        }
        has_string.then_some(Build {
            node,
            how: "concatenation",
            literal,
            values,
        })
    }
}

/// (target, value, is_append) of an assignment-like node.
fn assignment_parts<'a>(
    ctx: &FileContext<'a>,
    node: Node<'a>,
    kind: &str,
) -> Vec<(Node<'a>, Option<Node<'a>>, bool)> {
    let ident = |n: Option<Node<'a>>| n.filter(|n| n.kind() == "identifier");
    let mut out = Vec::new();
    match kind {
        "let_declaration" | "const_item" | "static_item" => {
            let target = ident(node.field("pattern").or_else(|| node.field("name")));
            if let Some(t) = target {
                out.push((t, node.field("value"), false));
            }
        }
        "assignment_expression" | "assignment" => {
            if let Some(t) = ident(node.field("left")) {
                out.push((t, node.field("right"), false));
            }
        }
        "compound_assignment_expr" | "augmented_assignment_expression" | "augmented_assignment" => {
            let op = node.field("operator").map(|o| ctx.text_of(o));
            if let Some(t) = ident(node.field("left")) {
                out.push((t, node.field("right"), op == Some("+=")));
            }
        }
        // Rust `sql.push_str(&x)`: an append.
        "call_expression" if ctx.language == Language::Rust => {
            let function = node.field("function");
            let receiver = function
                .filter(|f| f.kind() == "field_expression")
                .filter(|f| {
                    f.field("field")
                        .is_some_and(|m| ctx.text_of(m) == "push_str")
                })
                .and_then(|f| ident(f.field("value")));
            if let Some(t) = receiver {
                out.push((t, first_arg(node), true));
            }
        }
        "variable_declarator" => {
            if let Some(t) = ident(node.field("name")) {
                out.push((t, node.field("value"), false));
            }
        }
        "short_var_declaration" | "assignment_statement" => {
            let left = list_items(node.field("left"));
            let right = list_items(node.field("right"));
            let op = node.field("operator").map(|o| ctx.text_of(o));
            let append = op == Some("+=");
            for (i, l) in left.iter().enumerate() {
                if l.kind() == "identifier" {
                    let v = if left.len() == right.len() {
                        right.get(i).copied()
                    } else {
                        None
                    };
                    out.push((*l, v, append));
                }
            }
        }
        "var_spec" | "const_spec" => {
            let mut cursor = node.walk();
            let names: Vec<Node<'a>> = node.children_by_field_name("name", &mut cursor).collect();
            let values = list_items(node.field("value"));
            for (i, n) in names.iter().enumerate() {
                let v = if names.len() == values.len() {
                    values.get(i).copied()
                } else {
                    None
                };
                out.push((*n, v, false));
            }
        }
        _ => {}
    }
    out
}

fn list_items(list: Option<Node<'_>>) -> Vec<Node<'_>> {
    let Some(list) = list else {
        return Vec::new();
    };
    if list.kind() != "expression_list" {
        return vec![list];
    }
    let mut cursor = list.walk();
    list.named_children(&mut cursor)
        .filter(|c| !is_comment_kind(c.kind()))
        .collect()
}

/// The innermost function around a node (not the node itself).
pub(super) fn scope_of<'a>(ctx: &FileContext<'a>, node: Node<'a>) -> Option<Node<'a>> {
    ctx.ancestors(node).find(|n| is_function_kind(n.kind()))
}

/// The iterable of the innermost loop around `at` that binds `name`: Python `for x in xs`,
/// JS `for (const x of xs)`, Rust `for x in xs`, Go `for _, x := range xs`.
fn loop_iterable<'a>(ctx: &FileContext<'a>, name: &str, at: Node<'a>) -> Option<Node<'a>> {
    for n in ctx.ancestors(at) {
        // A closure inside the loop (`for _, t := range tables { run(func() { q(t) }) }`) sees
        // the loop variable unless it binds the name itself.
        let closure = matches!(
            n.kind(),
            "func_literal"
                | "closure_expression"
                | "arrow_function"
                | "lambda"
                | "function_expression"
        );
        if is_function_kind(n.kind()) || n.kind() == "lambda" {
            if closure && !has_param(ctx, n, name) && !declares_locally(ctx, n, name) {
                continue;
            }
            return None;
        }
        if let Some((binding, iterable)) = crate::rules::util::for_each_parts(ctx, n) {
            let binds = (binding.kind() == "identifier" && ctx.text_of(binding) == name)
                || crate::rules::util::any_descendant(binding, |d| {
                    d.kind() == "identifier" && ctx.text_of(d) == name
                });
            // Go `for i, x := range xs`: only the value (second) binds an element.
            let go_index = ctx.language == Language::Go
                && binding
                    .named_child(0)
                    .is_some_and(|f| ctx.text_of(f) == name)
                && binding.named_child_count() > 1;
            if binds && !go_index {
                return Some(iterable);
            }
        }
    }
    None
}

/// Whether `scope` declares a local named `name` (`name := …`, `var name`, `let name`,
/// `const name`, `name = …` in Python).
fn declares_locally(ctx: &FileContext<'_>, scope: Node<'_>, name: &str) -> bool {
    crate::rules::util::any_descendant(scope, |d| {
        d.kind() == "identifier"
            && ctx.text_of(d) == name
            && d.parent().is_some_and(|p| {
                matches!(
                    p.kind(),
                    "var_spec" | "variable_declarator" | "let_declaration" | "const_spec"
                ) || (matches!(p.kind(), "expression_list")
                    && p.parent().is_some_and(|g| {
                        matches!(g.kind(), "short_var_declaration" | "range_clause")
                            && g.field("left").is_some_and(|l| l.id() == p.id())
                    }))
                    || (p.kind() == "assignment"
                        && p.field("left").is_some_and(|l| l.id() == d.id()))
            })
    })
}

/// Whether a function declares `name` as a parameter.
fn has_param(ctx: &FileContext<'_>, function: Node<'_>, name: &str) -> bool {
    let Some(params) = function
        .field("parameters")
        .or_else(|| function.field("parameter"))
    else {
        return false;
    };
    if params.kind() == "identifier" {
        return ctx.text_of(params) == name;
    }
    crate::rules::util::any_descendant(params, |n| {
        n.kind() == "identifier" && ctx.text_of(n) == name
    })
}

/// A parameter (or typed local) of the enclosing function with a numeric or boolean type.
fn numeric_param<'a>(ctx: &FileContext<'a>, at: Node<'a>, name: &str) -> bool {
    let mut scope = scope_of(ctx, at);
    while let Some(function) = scope {
        if let Some(params) = function.field("parameters") {
            let mut cursor = params.walk();
            for p in params.named_children(&mut cursor) {
                if let Some(ty) = param_type_if_named(ctx, p, name) {
                    return is_numeric_type(ty);
                }
            }
        }
        scope = scope_of(ctx, function);
    }
    false
}

/// The type text of parameter `p` if it declares `name`.
fn param_type_if_named<'a>(ctx: &FileContext<'a>, p: Node<'_>, name: &str) -> Option<&'a str> {
    match p.kind() {
        // Rust `n: usize`, TS `n: number` (pattern + type).
        "parameter" | "required_parameter" | "optional_parameter" => {
            let pattern = p.field("pattern")?;
            if ctx.text_of(pattern) != name {
                return None;
            }
            let ty = p.field("type")?;
            Some(ctx.text_of(ty).trim_start_matches(':').trim())
        }
        // Go `a, b int`.
        "parameter_declaration" => {
            let mut cursor = p.walk();
            let named = p
                .children_by_field_name("name", &mut cursor)
                .any(|n| ctx.text_of(n) == name);
            if !named {
                return None;
            }
            Some(ctx.text_of(p.field("type")?))
        }
        // Python `n: int`, `n: int = 10`.
        "typed_parameter" | "typed_default_parameter" => {
            let declared = p
                .field("name")
                .or_else(|| p.named_child(0))
                .map(|n| ctx.text_of(n));
            if declared != Some(name) {
                return None;
            }
            Some(ctx.text_of(p.field("type")?))
        }
        _ => None,
    }
}

fn is_numeric_type(ty: &str) -> bool {
    let ty = ty.trim_start_matches('&').trim();
    matches!(
        ty,
        "i8" | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
            | "u8"
            | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "f32"
            | "f64"
            | "bool"
            | "int"
            | "int8"
            | "int16"
            | "int32"
            | "int64"
            | "uint"
            | "uint8"
            | "uint16"
            | "uint32"
            | "uint64"
            | "float32"
            | "float64"
            | "float"
            | "number"
            | "boolean"
            | "bigint"
            | "byte"
            | "rune"
    )
}

/// `Self::TABLE`, `config.MAX_ROWS`, `TABLE_NAME`: a constant by naming convention. Also a
/// Django model's table name (`Voucher._meta.db_table`), fixed by the model's definition.
pub(super) fn is_constant_path(text: &str) -> bool {
    if text.ends_with("._meta.db_table")
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
    {
        return true;
    }
    let last = last_segment(text);
    last.len() >= 2
        && last.chars().any(|c| c.is_ascii_uppercase())
        && last
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | ':'))
}

/// `pid`, `child.pid`, `process.ppid`: a process id, always a number.
fn is_process_id(text: &str) -> bool {
    let t = text.trim();
    t.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
        && matches!(
            t.rsplit('.')
                .next()
                .unwrap_or(t)
                .to_ascii_lowercase()
                .as_str(),
            "pid" | "ppid" | "pgid"
        )
}

/// `ids.len()`, `len(ids)`, `rows.length`, `items.count()`: a number.
fn is_length(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    t.ends_with(".len()")
        || t.ends_with(".length")
        || t.ends_with(".count()")
        || t.ends_with(".size()")
        || t.ends_with(".Len()")
        || (t.starts_with("len(") && t.ends_with(')') && t.matches('(').count() == 1)
}

/// `int(x)`, `str(int(x))`, `Number(x)`, `parseInt(x)`, `strconv.Itoa(n)`: a number as text.
fn is_numeric_conversion(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    if !matches!(node.kind(), "call" | "call_expression") {
        return false;
    }
    let Some(callee) = node.field("function") else {
        return false;
    };
    let callee = ctx.text_of(callee);
    if matches!(
        callee,
        "int"
            | "float"
            | "Number"
            | "parseInt"
            | "parseFloat"
            | "strconv.Itoa"
            | "strconv.FormatInt"
            | "strconv.FormatUint"
            | "strconv.FormatFloat"
            | "strconv.FormatBool"
            | "Math.floor"
            | "Math.round"
    ) {
        return true;
    }
    // `str(int(x))`
    callee == "str"
        && first_arg(node).is_some_and(|a| {
            matches!(a.kind(), "call" | "integer" | "float") && is_numeric_conversion(ctx, a)
        })
}

/// `shlex.quote(x)`, `shell_escape::escape(x)`, `conn.escape(x)`, `quote_ident(x)`.
fn is_quoted(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    if !matches!(node.kind(), "call" | "call_expression") {
        return false;
    }
    let name = callee_name(ctx, node).unwrap_or("");
    is_quoting_name(&name.to_ascii_lowercase()) || defines_quoting_function(ctx, name)
}

/// A function of the file named `name` whose body quotes its input: it calls a quoting
/// function (typeorm's `getTableName` mapping `this.escape`) or doubles a quote character
/// (ckan's `identifier(s)`: `'"' + s.replace('"', '""') + '"'`).
fn defines_quoting_function(ctx: &FileContext<'_>, name: &str) -> bool {
    const DEFINITIONS: &[&str] = &[
        "function_definition",
        "function_declaration",
        "method_definition",
        "method_declaration",
        "function_item",
    ];
    if name.is_empty() {
        return false;
    }
    DEFINITIONS.iter().any(|kind| {
        ctx.nodes_of_kind(kind).any(|def| {
            def.field("name").is_some_and(|n| ctx.text_of(n) == name)
                && def.field("body").is_some_and(|body| {
                    ctx.nodes_starting_in(body.byte_range()).any(|(n, k)| {
                        matches!(k, "call" | "call_expression")
                            && (callee_name(ctx, n)
                                .is_some_and(|c| is_quoting_name(&c.to_ascii_lowercase()))
                                || doubles_a_quote(ctx, n))
                    })
                })
        })
    })
}

/// `s.replace("'", "''")`, `strings.ReplaceAll(s, `"`, `""`)`: the SQL way to escape a quote.
fn doubles_a_quote(ctx: &FileContext<'_>, call: Node<'_>) -> bool {
    let callee = callee_name(ctx, call).unwrap_or("");
    if !matches!(callee, "replace" | "replaceAll" | "ReplaceAll" | "Replace") {
        return false;
    }
    let literal = |n: &Node<'_>| {
        let raw = ctx.text_of(*n).trim_start_matches(['u', 'r', 'b']);
        raw.get(1..raw.len().saturating_sub(1))
            .unwrap_or("")
            .to_string()
    };
    let strings: Vec<String> = crate::rules::util::call_arguments(call)
        .iter()
        .filter(|a| is_string_kind(a.kind()) || a.kind() == "string_literal")
        .map(literal)
        .collect();
    strings.windows(2).any(|w| {
        matches!(w[0].as_str(), "'" | "\"" | "\\'" | "\\\"")
            && w[1].len() == 2 * w[0].len()
            && w[1].starts_with(w[0].as_str())
    })
}

/// `scope.AddToVars(v)`, `q.bindParam(v)`: a query builder's call that stores the value as a bound
/// parameter and returns its placeholder (`?`, `$3`).
fn is_parameter_binding(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    if !matches!(node.kind(), "call" | "call_expression") {
        return false;
    }
    let name: String = callee_name(ctx, node)
        .unwrap_or("")
        .chars()
        .filter(|c| *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        name.as_str(),
        "createparameter"
            | "addtovars"
            | "addvar"
            | "addvars"
            | "addarg"
            | "addparam"
            | "bindvar"
            | "bindparam"
            | "bindarg"
            | "bindvalue"
    )
}

/// `quote`, `shlex.quote`, `escape`, `quote_ident`, `qesc`, `sanitize_identifier`: a function
/// whose name says it quotes or escapes its argument (lower-cased).
fn is_quoting_name(last: &str) -> bool {
    last.contains("quote")
        || last.contains("escape")
        || last.ends_with("esc")
        || last.contains("sanitize")
        || last.contains("sanitise")
}

/// The value of a placeholder list: `", ".join(["%s"] * len(ids))`, `strings.Repeat("?,", n)`,
/// `vec!["?"; n].join(",")`, `(1..=n).map(|i| format!("${i}"))`.
fn is_placeholder_list(flow: &Flow<'_, '_>, value: Node<'_>) -> bool {
    let mut found_placeholder = false;
    let mut all_ok = true;
    let mut check = |n: Node<'_>| {
        if is_string_kind(n.kind()) || n.kind() == "string_literal" {
            let raw = flow.ctx.text_of(n);
            let body = raw.trim_start_matches(['f', 'r', 'b', 'F', 'R', 'B']);
            for piece in body.split(['"', '\'', '`', ',', '(', ')']) {
                let piece: String = piece.chars().filter(|c| !c.is_whitespace()).collect();
                if piece.is_empty() {
                    continue;
                }
                if is_placeholder_token(&piece) {
                    found_placeholder = true;
                } else {
                    all_ok = false;
                }
            }
        }
    };
    check(value);
    crate::rules::util::visit_descendants(value, |_| true, &mut check);
    found_placeholder && all_ok
}

/// `?`, `%s`, `$1`, `${}`, `$${i + 1}`, `?{}`, `:p{}`, `@p1`, `$%d`: one bind-parameter marker,
/// possibly with a generated index.
fn is_placeholder_token(token: &str) -> bool {
    if token == "%s" {
        return true;
    }
    let Some(rest) = token
        .strip_prefix('?')
        .or_else(|| token.strip_prefix('$'))
        .or_else(|| {
            token
                .strip_prefix(':')
                .map(|r| r.strip_prefix('p').unwrap_or(r))
        })
        .or_else(|| {
            token
                .strip_prefix('@')
                .map(|r| r.strip_prefix('p').unwrap_or(r))
        })
    else {
        return false;
    };
    let braced = |r: &str| r.starts_with('{') && r.ends_with('}') && r.matches('{').count() == 1;
    rest.is_empty()
        || rest == "%d"
        || rest.chars().all(|c| c.is_ascii_digit())
        || braced(rest)
        || rest.strip_prefix('$').is_some_and(braced)
}

/// Text before a hole that makes it a placeholder index: `$`, `?`, `:p`, `@p`.
fn is_placeholder_prefix(prefix: &str) -> bool {
    if prefix.ends_with('$') || prefix.ends_with('?') {
        return true;
    }
    let trimmed = prefix.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    trimmed.len() < prefix.len()
        && (trimmed.ends_with(':') || trimmed.ends_with('@'))
        && !trimmed.ends_with("::")
}

/// The called function's or method's own name: `query` in `db.query(...)`, `exec` in
/// `exec(...)`, `query_as` in `sqlx::query_as::<_, T>(...)`.
pub(super) fn callee_name<'a>(ctx: &FileContext<'a>, call: Node<'_>) -> Option<&'a str> {
    let mut f = call.field("function")?;
    if f.kind() == "generic_function" {
        f = f.field("function")?;
    }
    let n = match f.kind() {
        "field_expression" | "selector_expression" => f.field("field"),
        "member_expression" => f.field("property"),
        "attribute" => f.field("attribute"),
        "scoped_identifier" => f.field("name"),
        "identifier" => Some(f),
        _ => None,
    }?;
    Some(ctx.text_of(n))
}

pub(super) fn last_segment(text: &str) -> &str {
    let t = text.trim();
    let t = t.split('(').next().unwrap_or(t);
    t.rsplit(['.', ':']).next().unwrap_or(t).trim()
}

fn last_named(node: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| !is_comment_kind(c.kind()))
        .last()
}

fn first_arg(call: Node<'_>) -> Option<Node<'_>> {
    call_arguments(call).into_iter().next()
}

pub(super) fn is_plus(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    matches!(node.kind(), "binary_expression" | "binary_operator")
        && node
            .field("operator")
            .is_some_and(|o| ctx.text_of(o) == "+")
}

/// The operands of a `+` chain, left to right. Iterative.
fn plus_operands<'t>(ctx: &FileContext<'_>, node: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if is_plus(ctx, n) {
            if let Some(r) = n.field("right") {
                stack.push(r);
            }
            if let Some(l) = n.field("left") {
                stack.push(l);
            }
        } else {
            out.push(n);
        }
    }
    out
}

/// A Rust macro's arguments: the token tree's tokens split at top-level commas.
fn split_token_args(tree: Node<'_>) -> Vec<Vec<Node<'_>>> {
    let mut args = vec![Vec::new()];
    let mut cursor = tree.walk();
    let children: Vec<Node<'_>> = tree.children(&mut cursor).collect();
    let inner = children
        .get(1..children.len().saturating_sub(1))
        .unwrap_or(&[]);
    for child in inner {
        if child.kind() == "," {
            args.push(Vec::new());
        } else if !is_comment_kind(child.kind())
            && let Some(last) = args.last_mut()
        {
            last.push(*child);
        }
    }
    args.retain(|a| !a.is_empty());
    args
}

enum Piece {
    Text(String),
    Hole(String),
}

/// `{}`-style templates (Rust, Python `.format`): text and holes; `{{`/`}}` are literal braces.
fn parse_braces(template: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut hole = String::new();
                for h in chars.by_ref() {
                    if h == '}' {
                        break;
                    }
                    hole.push(h);
                }
                if !text.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut text)));
                }
                out.push(Piece::Hole(hole));
            }
            _ => text.push(c),
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

pub(super) enum Percent {
    Text(String),
    Verb { verb: char, key: Option<String> },
}

/// `%`-style templates (Go `Sprintf`, Python `%`): text and verbs; `%%` is a literal `%`.
pub(super) fn parse_percent(template: &str) -> Vec<Percent> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            text.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            text.push('%');
            continue;
        }
        let mut key = None;
        if chars.peek() == Some(&'(') {
            chars.next();
            let mut k = String::new();
            for h in chars.by_ref() {
                if h == ')' {
                    break;
                }
                k.push(h);
            }
            key = Some(k);
        }
        // Flags, width, precision, Go's explicit argument index.
        let mut verb = None;
        for v in chars.by_ref() {
            if v.is_ascii_alphabetic() {
                verb = Some(v);
                break;
            }
            if !(v.is_ascii_digit() || matches!(v, '-' | '+' | '#' | ' ' | '.' | '*' | '[' | ']')) {
                text.push('%');
                text.push(v);
                break;
            }
        }
        match verb {
            Some(verb) => {
                if !text.is_empty() {
                    out.push(Percent::Text(std::mem::take(&mut text)));
                }
                out.push(Percent::Verb { verb, key });
            }
            None => text.push('%'),
        }
    }
    if !text.is_empty() {
        out.push(Percent::Text(text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_prefixes() {
        assert!(is_placeholder_prefix("WHERE id = $"));
        assert!(is_placeholder_prefix("WHERE id = ?"));
        assert!(is_placeholder_prefix("WHERE id = :p"));
        assert!(!is_placeholder_prefix("WHERE id = "));
        assert!(!is_placeholder_prefix("FROM users::"));
    }

    #[test]
    fn percent_templates() {
        let pieces = parse_percent("a %s b %5.2f c %% %(name)s");
        let verbs: Vec<char> = pieces
            .iter()
            .filter_map(|p| match p {
                Percent::Verb { verb, .. } => Some(*verb),
                Percent::Text(_) => None,
            })
            .collect();
        assert_eq!(verbs, vec!['s', 'f', 's']);
    }

    #[test]
    fn constants() {
        assert!(is_constant_path("TABLE_NAME"));
        assert!(is_constant_path("Self::TABLE"));
        assert!(is_constant_path("config.MAX_ROWS"));
        assert!(!is_constant_path("table"));
        assert!(!is_constant_path("A"));
    }
}
