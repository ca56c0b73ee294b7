use super::loops::{
    bound_names, descendants_in_function, folded, header_bound_names, identifiers,
    is_condition_loop, is_definition_boundary, is_loop_kind,
};
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::{FileContext, Rule};
use std::collections::HashSet;
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Sorting written by hand: two nested loops over the same sequence that compare its
    /// elements (`<`, `>`, `<=`, `>=`) and swap or shift them (`a.swap(i, j)`,
    /// `a[i], a[j] = a[j], a[i]`, `[a[i], a[j]] = [a[j], a[i]]`, `a[j + 1] = a[j]`,
    /// `swap(a, i, j)`): bubble, selection, insertion and exchange sorts. The finding points at
    /// the outer loop.
    ///
    /// ## Why it matters
    /// These sorts are O(n²): fine for ten items, a stall for ten thousand. They are also easy
    /// to get subtly wrong (off-by-one bounds, unstable order, a missed early exit), while the
    /// standard library's sort is O(n log n), tested, and often faster even on tiny inputs.
    ///
    /// ## How to fix
    /// Use the standard library's sort with a key or comparator: `v.sort_by_key(|x| x.score)`,
    /// `sort.Slice(a, func(i, j int) bool { … })` / `slices.SortFunc`, `items.sort(key=…)` /
    /// `sorted(…)`, `arr.sort((a, b) => a - b)`.
    ///
    /// ## Example
    /// ```python
    /// for i in range(len(items)):
    ///     for j in range(len(items) - 1 - i):
    ///         if items[j].price > items[j + 1].price:
    ///             items[j], items[j + 1] = items[j + 1], items[j]
    /// ```
    /// Use instead:
    /// ```python
    /// items.sort(key=lambda item: item.price)
    /// ```
    ///
    /// ## Does not flag
    /// Calls to the standard library's sort; nested loops that compare but never swap
    /// (searching, counting); swaps without an ordering comparison (transposing a matrix,
    /// shuffling, reversing); loops over different sequences (one bubble pass over each row
    /// of a table); comparisons of the elements' own sub-elements (pivot search in Gaussian
    /// elimination); swaps at positions the loops do not walk (moving one element to the
    /// front of a run); loops that yield each arrangement (permutation generators such as
    /// `more_itertools.distinct_permutations`); sorts documented as deliberate by a comment
    /// mentioning sorting right above the loop or its function (`// insertion sort: n <= 8, no
    /// allocation`); loops in comments and strings; test code, test-support directories and Go generators excluded
    /// from builds.
    pub struct HandRolledSort {
        id: "hand-rolled-sort",
        category: Category::Performance,
        severity: Severity::Low,
        effort_hours: 0.5,
        summary: "hand-written O(n²) sort instead of the standard library's",
        // Every swap or move writes an indexed element (`a[i] =`, `(a[i], a[j]) =`) or calls
        // a swap (`v.swap(i, j)`, `swap(a, i, j)`).
        literals: &["swap", "Swap", "] =", "]=", ") =", ")="],
    }
}

impl Rule for HandRolledSort {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        // Cheap first pass: most files never swap two elements of a sequence.
        let swaps: Vec<Swap<'_>> = ctx
            .nodes_with_kinds()
            .filter_map(|(n, kind)| swapped_sequence(ctx, n, kind))
            .collect();
        if swaps.is_empty() {
            return;
        }
        let mut flagged: Vec<(Node<'_>, String)> = Vec::new();
        for (outer, _) in ctx.nodes_with_kinds().filter(|(_, k)| is_loop_kind(k)) {
            let has_swap = swaps.iter().any(|sw| {
                sw.node.start_byte() >= outer.start_byte() && sw.node.end_byte() <= outer.end_byte()
            });
            if !has_swap || !ctx.is_production_code(outer) {
                continue;
            }
            // Loops that yield each arrangement (the loop or one around it in the same
            // function) generate permutations; a sort yields nothing until it is done.
            if yields_each_arrangement(ctx, outer) {
                continue;
            }
            if let Some(seq) = sorted_sequence(ctx, outer)
                && !documented_as_sort(ctx, outer)
            {
                flagged.push((outer, seq));
            }
        }
        // Three nested loops can qualify twice: keep the innermost outer loop.
        for (i, (outer, seq)) in flagged.iter().enumerate() {
            let contains_other = flagged.iter().enumerate().any(|(j, (other, _))| {
                i != j
                    && other.start_byte() >= outer.start_byte()
                    && other.end_byte() <= outer.end_byte()
            });
            if contains_other {
                continue;
            }
            out.push(ctx.finding(
                &Self::META,
                *outer,
                format!("nested loops sort `{seq}` by hand (compare and swap, O(n²)); use the standard library's sort"),
            ));
        }
    }
}

/// A swap or move of elements of `seq`, with the identifiers its indices use.
struct Swap<'t> {
    node: Node<'t>,
    seq: String,
    index_names: Vec<&'t str>,
}

/// `lp` or a loop around it in the same function holds a `yield`.
fn yields_each_arrangement<'t>(ctx: &FileContext<'t>, lp: Node<'t>) -> bool {
    let yields = |n: Node<'_>| {
        crate::rules::util::any_descendant(n, |d| {
            matches!(d.kind(), "yield" | "yield_expression" | "yield_statement")
        })
    };
    yields(lp)
        || ctx
            .ancestors(lp)
            .take_while(|a| !is_definition_boundary(a.kind()))
            .any(|a| is_loop_kind(a.kind()) && yields(a))
}

/// The sequence `outer` sorts with an inner loop, if it does.
fn sorted_sequence<'t>(ctx: &FileContext<'t>, outer: Node<'t>) -> Option<String> {
    let inside = descendants_in_function(outer);
    let swaps: Vec<Swap<'_>> = inside
        .iter()
        .filter_map(|&n| swapped_sequence(ctx, n, n.kind()))
        .collect();
    if swaps.is_empty() {
        return None;
    }
    let outer_vars = header_bound_names(ctx, outer);
    let aliases_scope = enclosing_function(outer);
    for &inner in inside.iter().filter(|n| is_loop_kind(n.kind())) {
        let mut compared: Vec<String> = Vec::new();
        if let Some(ops) = ordering_operands(ctx, inner) {
            compared.extend(ops);
        }
        for n in descendants_in_function(inner) {
            if let Some(ops) = ordering_operands(ctx, n) {
                compared.extend(ops);
            }
        }
        if compared.is_empty() {
            continue;
        }
        let inner_vars = bound_names(ctx, inner);
        // A sort moves elements at the positions its loops walk: inside the inner loop, at
        // the inner loop's index (`swap(j, j + 1)`); after it, at the outer loop's index
        // (`swap(i, min)`).
        let walked = |sw: &Swap<'_>| {
            let in_inner = sw.node.start_byte() >= inner.start_byte()
                && sw.node.end_byte() <= inner.end_byte();
            let vars: &HashSet<&str> = if in_inner { &inner_vars } else { &outer_vars };
            sw.index_names.iter().any(|n| vars.contains(n))
        };
        for seq in compared.iter() {
            if !swaps.iter().any(|sw| sw.seq == *seq && walked(sw)) {
                continue;
            }
            let aliases = length_aliases(ctx, aliases_scope, seq);
            if iterates_over(ctx, outer, seq, &aliases) && iterates_over(ctx, inner, seq, &aliases)
            {
                return Some(seq.clone());
            }
        }
    }
    None
}

/// For an ordering comparison (`<`, `>`, `<=`, `>=`), the sequences whose elements its
/// operands read (`a` for `a[j] > a[j + 1]` or `a[j].price < key`).
fn ordering_operands(ctx: &FileContext<'_>, node: Node<'_>) -> Option<Vec<String>> {
    let ordering = |t: &str| matches!(t, "<" | ">" | "<=" | ">=");
    let is_cmp = match node.kind() {
        "binary_expression" => node
            .field("operator")
            .is_some_and(|o| ordering(ctx.text_of(o))),
        "comparison_operator" => {
            let mut c = node.walk();
            node.children_by_field_name("operators", &mut c)
                .any(|o| ordering(ctx.text_of(o)))
        }
        _ => false,
    };
    if !is_cmp {
        return None;
    }
    let mut seqs = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if let Some(obj) = indexed_object(n) {
            // `a[i][k]` compares elements of the row `a[i]`, not of `a`.
            let nested = n
                .parent()
                .and_then(indexed_object)
                .is_some_and(|o| o.id() == n.id());
            if !nested {
                seqs.push(folded(ctx.text_of(obj)));
            }
        }
        if is_definition_boundary(n.kind()) {
            continue;
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    Some(seqs)
}

/// The indexed sequence of `s[i]` in every grammar.
fn indexed_object(node: Node<'_>) -> Option<Node<'_>> {
    match node.kind() {
        "index_expression" => node.field("operand").or_else(|| node.named_child(0)),
        "subscript" => node.field("value"),
        "subscript_expression" => node.field("object"),
        _ => None,
    }
}

/// The swap or move of elements `node` performs, if it does.
fn swapped_sequence<'t>(ctx: &FileContext<'t>, node: Node<'t>, kind: &str) -> Option<Swap<'t>> {
    let swap = |seq: &str, indices: &[Node<'_>]| {
        Some(Swap {
            node,
            seq: folded(seq),
            index_names: indices.iter().flat_map(|i| identifiers(ctx, *i)).collect(),
        })
    };
    match kind {
        // Rust `v.swap(i, j)`; `swap(a, i, j)` helpers in any language.
        "call_expression" | "call" => {
            let f = node.field("function")?;
            // Most calls are not swaps: the arguments are collected only for a `swap` call.
            let args = || {
                let args = node.field("arguments")?;
                let mut c = args.walk();
                Some(args.named_children(&mut c).collect::<Vec<Node<'_>>>())
            };
            match f.kind() {
                "field_expression" => {
                    let field = f.field("field")?;
                    if ctx.text_of(field) != "swap" {
                        return None;
                    }
                    let args = args()?;
                    if args.len() != 2 {
                        return None;
                    }
                    swap(ctx.text_of(f.field("value")?), &args)
                }
                "identifier" if ctx.text_of(f).eq_ignore_ascii_case("swap") => {
                    let args = args()?;
                    let (first, indices) = args.split_first()?;
                    if indices.len() != 2 {
                        return None;
                    }
                    let text = ctx.text_of(*first);
                    swap(
                        text.trim_start_matches("&mut ").trim_start_matches('&'),
                        indices,
                    )
                }
                _ => None,
            }
        }
        // `a[i], a[j] = a[j], a[i]`, `a[j + 1] = a[j]`, `[a[i], a[j]] = [a[j], a[i]]`.
        "assignment_expression" | "assignment_statement" | "assignment" => {
            let left = node.field("left")?;
            let right = node.field("right")?;
            let targets = unpack(left);
            let values = unpack(right);
            if targets.is_empty() || targets.len() != values.len() {
                return None;
            }
            let seq_of = |n: Node<'_>| indexed_object(n).map(|o| folded(ctx.text_of(o)));
            let seq = seq_of(*targets.first()?)?;
            let all_same = targets
                .iter()
                .chain(values.iter())
                .all(|&n| seq_of(n).as_deref() == Some(seq.as_str()));
            if !all_same {
                return None;
            }
            // A single move is part of a sort only as a shift (`a[j + 1] = a[j]`) or as the
            // middle of a swap through a temporary (`t = a[i]; a[i] = a[j]; a[j] = t`); not a
            // relaxation (`best[w] = best[u]`) or a compaction (`buf[off] = buf[i]`).
            if let ([target], [value]) = (targets.as_slice(), values.as_slice()) {
                let (Some(ti), Some(vi)) = (index_of(*target), index_of(*value)) else {
                    return None;
                };
                let shared = identifiers(ctx, ti)
                    .iter()
                    .any(|t| identifiers(ctx, vi).contains(t));
                if !shared && !completes_swap(ctx, node, &seq, &folded(ctx.text_of(vi))) {
                    return None;
                }
            }
            let indices: Vec<Node<'_>> = targets
                .iter()
                .chain(values.iter())
                .filter_map(|&n| index_of(n))
                .collect();
            swap(&seq, &indices)
        }
        _ => None,
    }
}

/// After the move `a[i] = a[j]`, one of the next statements writes `a[j]` back from a
/// temporary: the move is the middle of a swap.
fn completes_swap(ctx: &FileContext<'_>, assignment: Node<'_>, seq: &str, index: &str) -> bool {
    let stmt = match assignment.parent() {
        Some(p) if p.kind() == "expression_statement" => p,
        _ => assignment,
    };
    let mut next = stmt.next_named_sibling();
    for _ in 0..3 {
        let Some(s) = next else { return false };
        let a = if s.kind() == "expression_statement" {
            s.named_child(0)
        } else {
            Some(s)
        };
        let writes_back = a
            .filter(|a| {
                matches!(
                    a.kind(),
                    "assignment_expression" | "assignment_statement" | "assignment"
                )
            })
            .and_then(|a| a.field("left"))
            .and_then(|l| unpack(l).first().copied())
            .is_some_and(|t| {
                indexed_object(t).is_some_and(|o| folded(ctx.text_of(o)) == seq)
                    && index_of(t).is_some_and(|i| folded(ctx.text_of(i)) == index)
            });
        if writes_back {
            return true;
        }
        next = s.next_named_sibling();
    }
    false
}

/// The index of `s[i]` in every grammar.
fn index_of(node: Node<'_>) -> Option<Node<'_>> {
    match node.kind() {
        "index_expression" => node.field("index").or_else(|| node.named_child(1)),
        "subscript" => node.field("subscript"),
        "subscript_expression" => node.field("index"),
        _ => None,
    }
}

/// The elements of a tuple/list on either side of an assignment, or the side itself.
fn unpack(node: Node<'_>) -> Vec<Node<'_>> {
    let mut n = node;
    while n.kind() == "parenthesized_expression" && n.named_child_count() == 1 {
        match n.named_child(0) {
            Some(inner) => n = inner,
            None => break,
        }
    }
    match n.kind() {
        "tuple_expression" | "expression_list" | "pattern_list" | "tuple_pattern" | "tuple"
        | "array_pattern" | "array" => {
            let mut c = n.walk();
            n.named_children(&mut c).collect()
        }
        _ => vec![n],
    }
}

/// The function (or file) a loop lives in.
fn enclosing_function(node: Node<'_>) -> Node<'_> {
    let mut current = node;
    while let Some(p) = current.parent() {
        if is_definition_boundary(p.kind()) {
            return p;
        }
        current = p;
    }
    current
}

/// Names assigned from an expression that mentions `seq` (`n := len(a)`, `let n = v.len()`).
fn length_aliases<'a>(ctx: &FileContext<'a>, scope: Node<'_>, seq: &str) -> HashSet<&'a str> {
    let mut out = HashSet::new();
    for n in descendants_in_function(scope) {
        let (target, value) = match n.kind() {
            "let_declaration" => (n.field("pattern"), n.field("value")),
            "short_var_declaration" | "assignment" | "assignment_statement" => {
                (n.field("left"), n.field("right"))
            }
            "variable_declarator" => (n.field("name"), n.field("value")),
            _ => continue,
        };
        let (Some(target), Some(value)) = (target, value) else {
            continue;
        };
        if mentions(ctx, value, seq) {
            out.extend(identifiers(ctx, target));
        }
    }
    out
}

/// Whether `node` or one of its descendants is the expression `seq`.
fn mentions(ctx: &FileContext<'_>, node: Node<'_>, seq: &str) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if folded(ctx.text_of(n)) == seq {
            return true;
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    false
}

/// A loop over `seq`: its header mentions `seq` or one of its length aliases, or it is a
/// condition-only loop (`while swapped`, `loop`).
fn iterates_over(ctx: &FileContext<'_>, lp: Node<'_>, seq: &str, aliases: &HashSet<&str>) -> bool {
    if is_condition_loop(lp) {
        return true;
    }
    header_parts(lp)
        .into_iter()
        .any(|h| mentions(ctx, h, seq) || identifiers(ctx, h).iter().any(|i| aliases.contains(i)))
}

/// What a loop iterates over: its header without the body and without the loop variable
/// (`for row in grid` iterates over `grid`, not `row`).
fn header_parts(lp: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut cursor = lp.walk();
    if !cursor.goto_first_child() {
        return out;
    }
    loop {
        let node = cursor.node();
        let field = cursor.field_name();
        if node.is_named() && !matches!(field, Some("body" | "pattern" | "left")) {
            if node.kind() == "range_clause" {
                out.extend(node.field("right"));
            } else {
                out.push(node);
            }
        }
        if !cursor.goto_next_sibling() {
            return out;
        }
    }
}

/// A comment right above the loop, or above its function, that talks about sorting: the sort
/// is hand-written on purpose (`// insertion sort: no allocation, n <= 8`).
fn documented_as_sort(ctx: &FileContext<'_>, outer: Node<'_>) -> bool {
    let mut targets = vec![statement_of(outer)];
    let function = enclosing_function(outer);
    if is_definition_boundary(function.kind()) {
        targets.push(statement_of(function));
    }
    targets.into_iter().any(|t| {
        let mut above = t;
        loop {
            // Go wraps a block's statements in a `statement_list`; a leading comment sits
            // before it.
            let prev = match above.prev_named_sibling() {
                Some(p) => p,
                None => match above.parent().filter(|p| p.kind() == "statement_list") {
                    Some(list) => {
                        above = list;
                        continue;
                    }
                    None => break,
                },
            };
            let adjacent = prev.end_position().row + 1 >= above.start_position().row;
            if !adjacent {
                break;
            }
            match prev.kind() {
                k if crate::rules::util::is_comment_kind(k) => {
                    if ctx.text_of(prev).to_ascii_lowercase().contains("sort") {
                        return true;
                    }
                }
                "attribute_item" | "decorator" => {}
                _ => break,
            }
            above = prev;
        }
        false
    })
}

/// The statement or item a node stands for (`for` loops are wrapped in an
/// `expression_statement` in Rust, functions in a `decorated_definition` in Python).
fn statement_of(node: Node<'_>) -> Node<'_> {
    let mut n = node;
    while let Some(p) = n.parent() {
        if matches!(p.kind(), "expression_statement" | "decorated_definition") {
            n = p;
        } else {
            break;
        }
    }
    n
}
