//! Small tree helpers shared by rules. Traversals are iterative: deeply nested input must not
//! overflow the stack.

use super::FileContext;
use crate::parse::FieldExt;
use std::collections::HashMap;
use tree_sitter::Node;

/// All named descendants of `root` (itself included), in document order.
pub fn named_descendants<'t>(root: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    walk_preorder(root, (), |node, ()| {
        if node.is_named() {
            out.push(node);
        }
    });
    out
}

/// Calls `enter(node, parent_token)` on `root` and every visible node below it (named or
/// anonymous), in document order. `enter` returns the token its children receive; `root` gets
/// `root_token`. Iterative.
pub fn walk_preorder<'t, T: Copy>(
    root: Node<'t>,
    root_token: T,
    mut enter: impl FnMut(Node<'t>, T) -> T,
) {
    // The token of each open level of the cursor.
    let mut tokens: Vec<T> = Vec::new();
    let mut cursor = root.walk();
    loop {
        let token = enter(cursor.node(), tokens.last().copied().unwrap_or(root_token));
        if cursor.goto_first_child() {
            tokens.push(token);
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
            tokens.pop();
        }
    }
}

/// Calls `visit` on every named descendant of `node` (not `node` itself), skipping the subtrees
/// for which `descend` returns false. Iterative.
pub fn visit_descendants<'t>(
    node: Node<'t>,
    mut descend: impl FnMut(Node<'t>) -> bool,
    mut visit: impl FnMut(Node<'t>),
) {
    let mut cursor = node.walk();
    if !cursor.goto_first_child() {
        return;
    }
    loop {
        let current = cursor.node();
        if current.is_named() {
            visit(current);
        }
        if descend(current) && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() || cursor.node() == node {
                return;
            }
        }
    }
}

/// True if any descendant satisfies `pred`.
pub fn any_descendant<'t>(node: Node<'t>, mut pred: impl FnMut(Node<'t>) -> bool) -> bool {
    let found = std::cell::Cell::new(false);
    visit_descendants(
        node,
        |_| !found.get(),
        |n| {
            if !found.get() && pred(n) {
                found.set(true);
            }
        },
    );
    found.get()
}

/// The nearest ancestor (not `node` itself) whose kind is one of `kinds`.
pub fn ancestor_of_kind<'t>(node: Node<'t>, kinds: &[&str]) -> Option<Node<'t>> {
    let mut current = node.parent();
    while let Some(n) = current {
        if kinds.contains(&n.kind()) {
            return Some(n);
        }
        current = n.parent();
    }
    None
}

/// Node kinds that hold comments in the supported grammars.
pub fn is_comment_kind(kind: &str) -> bool {
    matches!(kind, "comment" | "line_comment" | "block_comment")
}

/// Node kinds that hold string literals in the supported grammars.
pub fn is_string_kind(kind: &str) -> bool {
    matches!(
        kind,
        "string_literal"
            | "raw_string_literal"
            | "interpreted_string_literal"
            | "string"
            | "template_string"
            | "concatenated_string"
    )
}

/// The content of a string literal without quotes, when it has no interpolation.
pub fn literal_string_value<'s>(node: Node<'_>, text: &'s str) -> Option<&'s str> {
    let raw = text.get(node.byte_range())?;
    match node.kind() {
        "string_literal" | "interpreted_string_literal" => {
            Some(raw.get(1..raw.len().saturating_sub(1)).unwrap_or(""))
        }
        "raw_string_literal" => {
            let start = raw.find('"')? + 1;
            let end = raw.rfind('"')?;
            raw.get(start..end)
        }
        "string" => {
            // Python f-strings and JS strings: no interpolation children allowed.
            let mut cursor = node.walk();
            if node
                .named_children(&mut cursor)
                .any(|c| c.kind() == "interpolation")
            {
                return None;
            }
            let body = raw.trim_start_matches(|c: char| c.is_ascii_alphabetic());
            let quote_len = if body.starts_with("\"\"\"") || body.starts_with("'''") {
                3
            } else {
                1
            };
            body.get(quote_len..body.len().saturating_sub(quote_len))
        }
        "template_string" => {
            let mut cursor = node.walk();
            if node
                .named_children(&mut cursor)
                .any(|c| c.kind() == "template_substitution")
            {
                return None;
            }
            raw.get(1..raw.len().saturating_sub(1))
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Rust paths and Go imports: which item a call names, through the file's `use`/`import`s.

/// Names brought into scope by a Rust file's `use` declarations: local name → full path
/// (`use std::fs::{self, File as F};` gives `fs` → `std::fs` and `F` → `std::fs::File`). A name
/// imported from different paths (in different modules or blocks of the file) maps to `None`:
/// ambiguous. Glob imports are ignored.
pub fn rust_use_map<'t>(
    uses: impl Iterator<Item = Node<'t>>,
    text: &str,
) -> HashMap<String, Option<String>> {
    let mut map: HashMap<String, Option<String>> = HashMap::new();
    let mut insert = |name: &str, full: String| {
        if name.is_empty() || name == "_" {
            return;
        }
        map.entry(name.to_string())
            .and_modify(|v| {
                if v.as_deref() != Some(full.as_str()) {
                    *v = None;
                }
            })
            .or_insert(Some(full));
    };
    let path_text = |n: Node<'_>| -> String {
        text.get(n.byte_range())
            .unwrap_or("")
            .split_whitespace()
            .collect::<String>()
    };
    let join = |prefix: &str, rest: &str| -> String {
        let rest = rest.trim_start_matches("::");
        if prefix.is_empty() {
            rest.to_string()
        } else {
            format!("{prefix}::{rest}")
        }
    };
    for decl in uses {
        let Some(arg) = decl.field("argument") else {
            continue;
        };
        let mut stack: Vec<(String, Node<'t>)> = vec![(String::new(), arg)];
        while let Some((prefix, node)) = stack.pop() {
            match node.kind() {
                "identifier" | "scoped_identifier" | "crate" | "super" => {
                    let full = join(&prefix, &path_text(node));
                    let name = full.rsplit("::").next().unwrap_or("").to_string();
                    insert(&name, full);
                }
                "self" => {
                    let name = prefix.rsplit("::").next().unwrap_or("").to_string();
                    insert(&name, prefix.clone());
                }
                "use_as_clause" => {
                    let (Some(path), Some(alias)) = (node.field("path"), node.field("alias"))
                    else {
                        continue;
                    };
                    insert(&path_text(alias), join(&prefix, &path_text(path)));
                }
                "scoped_use_list" => {
                    let inner = match node.field("path") {
                        Some(path) => join(&prefix, &path_text(path)),
                        None => prefix.clone(),
                    };
                    if let Some(list) = node.field("list") {
                        stack.push((inner, list));
                    }
                }
                "use_list" => {
                    let mut cursor = node.walk();
                    for child in node.named_children(&mut cursor) {
                        stack.push((prefix.clone(), child));
                    }
                }
                _ => {}
            }
        }
    }
    map
}

/// The full path a Rust path names through the file's `use` map (`fs::read` → `std::fs::read`
/// after `use std::fs;`); unchanged when its first segment is not imported. `None` when the
/// first segment is ambiguous.
pub fn resolve_rust_path(path: &str, uses: &HashMap<String, Option<String>>) -> Option<String> {
    let path: String = path.split_whitespace().collect();
    let path = path.trim_start_matches("::");
    let (first, rest) = match path.split_once("::") {
        Some((first, rest)) => (first, Some(rest)),
        None => (path, None),
    };
    let base = match uses.get(first) {
        Some(Some(full)) => full.as_str(),
        Some(None) => return None,
        None => first,
    };
    Some(match rest {
        Some(rest) => format!("{base}::{rest}"),
        None => base.to_string(),
    })
}

/// The path node a Rust call calls: `fs::read` in `fs::read(p)`, `mpsc::channel` in
/// `mpsc::channel::<T>()`, `sleep` in `sleep(d)`. `None` for method calls and other callees.
pub fn rust_call_path(call: Node<'_>) -> Option<Node<'_>> {
    let mut function = call.field("function")?;
    if function.kind() == "generic_function" {
        function = function.field("function")?;
    }
    matches!(function.kind(), "identifier" | "scoped_identifier").then_some(function)
}

/// A Go file's imports: local package name → import path (`h "net/http"` gives `h`, a plain
/// `"encoding/json"` gives `json`). Blank (`_`) and dot imports are left out.
pub fn go_imports<'t>(
    specs: impl Iterator<Item = Node<'t>>,
    text: &str,
) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for spec in specs {
        let Some(path) = spec
            .field("path")
            .and_then(|p| literal_string_value(p, text))
        else {
            continue;
        };
        let name = match spec.field("name") {
            Some(n) => text.get(n.byte_range()).unwrap_or("").to_string(),
            None => go_default_package_name(path).to_string(),
        };
        if !name.is_empty() && name != "_" && name != "." {
            map.insert(name, path.to_string());
        }
    }
    map
}

/// The import paths of a Go file, aliased and blank imports included.
pub fn go_import_paths<'s, 'a>(ctx: &'s FileContext<'a>) -> impl Iterator<Item = &'a str> + 's {
    ctx.nodes_of_kind("import_spec").filter_map(|spec| {
        spec.field("path")
            .and_then(|p| literal_string_value(p, ctx.text))
    })
}

/// The name a Go file uses for an import path (`http` for `"net/http"`, or its alias); `None`
/// when it is not imported, or imported blank (`_`) or into the file's scope (`.`).
pub fn go_import_name<'a>(ctx: &FileContext<'a>, path: &str) -> Option<&'a str> {
    for spec in ctx.nodes_of_kind("import_spec") {
        let Some(p) = spec.field("path") else {
            continue;
        };
        let Some(value) = literal_string_value(p, ctx.text).filter(|v| *v == path) else {
            continue;
        };
        return match spec.field("name").map(|n| ctx.text_of(n)) {
            Some("_" | ".") => None,
            Some(alias) => Some(alias),
            None => value.rsplit('/').next(),
        };
    }
    None
}

/// The name in the Go file's `package` clause.
pub fn go_package_name<'a>(ctx: &FileContext<'a>) -> Option<&'a str> {
    let clause = ctx.nodes_of_kind("package_clause").next()?;
    let mut c = clause.walk();
    let name = clause
        .named_children(&mut c)
        .find(|n| n.kind() == "package_identifier")?;
    Some(ctx.text_of(name))
}

/// The package name an import path gets by default: its last element, skipping a major
/// version suffix (`…/redis/v9` → `redis`) and dropping a `.vN` suffix (`gopkg.in/yaml.v3` →
/// `yaml`) and a `go-` prefix (`…/go-redis` → `redis`).
fn go_default_package_name(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    let mut last = parts.next().unwrap_or(path);
    let is_major = |s: &str| {
        s.strip_prefix('v')
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    };
    if is_major(last) {
        last = parts.next().unwrap_or(last);
    }
    let last = match last.rsplit_once('.') {
        Some((base, suffix)) if is_major(suffix) => base,
        _ => last,
    };
    last.strip_prefix("go-").unwrap_or(last)
}

/// For a Go call of a package function (`json.Unmarshal(…)`, `h.Get(…)`): the package's import
/// path and the function's name, through the file's imports.
pub fn go_package_call<'i, 's>(
    call: Node<'_>,
    imports: &'i HashMap<String, String>,
    text: &'s str,
) -> Option<(&'i str, &'s str)> {
    let function = call.field("function")?;
    if function.kind() != "selector_expression" {
        return None;
    }
    let operand = function.field("operand")?;
    if operand.kind() != "identifier" {
        return None;
    }
    let path = imports.get(text.get(operand.byte_range())?)?;
    let field = function.field("field")?;
    Some((path.as_str(), text.get(field.byte_range())?))
}

/// The function a Go node belongs to: the nearest function declaration, method declaration or
/// function literal.
pub fn go_enclosing_function(node: Node<'_>) -> Option<Node<'_>> {
    ancestor_of_kind(
        node,
        &["function_declaration", "method_declaration", "func_literal"],
    )
}

/// The named children of a node, comments left out (a grammar puts comments among them).
pub fn code_children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| !is_comment_kind(c.kind()))
        .collect()
}

/// The binding and the iterated collection of a for-each loop: Python `for x in xs`, JS
/// `for (const x of xs)`, Rust `for x in xs`, Go `for _, x := range xs`.
pub fn for_each_parts<'t>(ctx: &FileContext<'_>, node: Node<'t>) -> Option<(Node<'t>, Node<'t>)> {
    use crate::classify::Language;
    match node.kind() {
        "for_statement" if ctx.language == Language::Python => {
            Some((node.field("left")?, node.field("right")?))
        }
        "for_in_statement" => Some((node.field("left")?, node.field("right")?)),
        "for_expression" => Some((node.field("pattern")?, node.field("value")?)),
        "for_statement" if ctx.language == Language::Go => {
            let mut cursor = node.walk();
            let range = node
                .named_children(&mut cursor)
                .find(|c| c.kind() == "range_clause")?;
            Some((range.field("left")?, range.field("right")?))
        }
        _ => None,
    }
}

/// The statements of a block, comments left out, also through the `statement_list` in which
/// the Go grammar wraps them.
pub fn block_statements(block: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = block.walk();
    let list = block
        .named_children(&mut cursor)
        .find(|c| c.kind() == "statement_list");
    code_children(list.unwrap_or(block))
}

/// The arguments of a call (the `arguments` field of every grammar), comments left out.
pub fn call_arguments(call: Node<'_>) -> Vec<Node<'_>> {
    call.field("arguments")
        .map(code_children)
        .unwrap_or_default()
}

/// The named items of a Go `expression_list` (or the node itself when it is a single
/// expression), comments left out.
pub fn go_list_items(node: Option<Node<'_>>) -> Vec<Node<'_>> {
    let Some(node) = node else { return Vec::new() };
    if node.kind() != "expression_list" {
        return vec![node];
    }
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|n| !is_comment_kind(n.kind()))
        .collect()
}

/// Text that tells what a Go expression used at `at` is, read from its declaration: for a
/// variable, the types and initialisers of the parameters and variables of that name in the
/// enclosing functions, else at the top level (`*http.Client`, `&bytes.Buffer{}`); `None` when
/// there is none. For `x.field`, the types of fields of that name declared in this file. For
/// other expressions, their own text.
/// `word` as a whole identifier in `text` (`client` in `c.client.Do`, not in `clients`).
pub fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .any(|w| w == word)
}

/// A per-thread memo of answers about one file at a time: the file's fingerprint (see
/// [`file_fingerprint`]) and the answers by (scope start byte, name).
pub type FileMemo<V> = std::cell::RefCell<(usize, HashMap<(usize, String), V>)>;

/// The file, by what identifies it even when a later audit in the same process reuses the
/// memory of an earlier one: its path, length and ends. Keys per-file memos.
pub fn file_fingerprint(ctx: &FileContext<'_>) -> usize {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ctx.rel_path().hash(&mut h);
    ctx.text.len().hash(&mut h);
    ctx.text.as_bytes()[..ctx.text.len().min(256)].hash(&mut h);
    ctx.text.as_bytes()[ctx.text.len().saturating_sub(256)..].hash(&mut h);
    h.finish() as usize
}

/// The answer for `(scope, name)` in this file, computed once: questions a rule asks per call
/// (a declaration, a shadowing local) stay linear in a function of thousands of calls. The memo
/// forgets everything when the thread moves on to another file.
pub fn remembered_in_file<V: Clone>(
    memo: &'static std::thread::LocalKey<FileMemo<V>>,
    ctx: &FileContext<'_>,
    scope: usize,
    name: &str,
    compute: impl FnOnce() -> V,
) -> V {
    let file = file_fingerprint(ctx);
    let key = (scope, name.to_string());
    if let Some(hit) = memo.with(|m| {
        let m = m.borrow();
        (m.0 == file).then(|| m.1.get(&key).cloned()).flatten()
    }) {
        return hit;
    }
    let value = compute();
    memo.with(|m| {
        let mut m = m.borrow_mut();
        if m.0 != file {
            m.0 = file;
            m.1.clear();
        }
        m.1.insert(key, value.clone());
    });
    value
}

/// [`go_declaration_hint`] for a variable known by name: the text of its declarations in the
/// functions around `at`, else at the top level of the file.
pub fn go_declaration_hint_of(ctx: &FileContext<'_>, at: Node<'_>, name: &str) -> Option<String> {
    thread_local! {
        static MEMO: FileMemo<Option<String>> = FileMemo::default();
    }
    let scope = go_enclosing_function(at).map_or(usize::MAX, |f| f.start_byte());
    remembered_in_file(&MEMO, ctx, scope, name, || {
        go_declaration_hint_uncached(ctx, at, name)
    })
}

fn go_declaration_hint_uncached(ctx: &FileContext<'_>, at: Node<'_>, name: &str) -> Option<String> {
    let mut function = go_enclosing_function(at);
    let mut hints = Vec::new();
    while let Some(f) = function {
        collect_declarations(ctx, f, name, &mut hints);
        function = go_enclosing_function(f);
    }
    if hints.is_empty() {
        let root = ctx.tree.map(|t| t.root_node())?;
        collect_declarations(ctx, root, name, &mut hints);
    }
    (!hints.is_empty()).then(|| hints.join(" "))
}

pub fn go_declaration_hint(
    ctx: &FileContext<'_>,
    at: Node<'_>,
    receiver: Node<'_>,
) -> Option<String> {
    match receiver.kind() {
        "identifier" => go_declaration_hint_of(ctx, at, ctx.text_of(receiver)),
        "selector_expression" => {
            let field = ctx.text_of(receiver.field("field")?);
            let hints: Vec<&str> = ctx
                .nodes_of_kind("field_declaration")
                .filter(|d| {
                    let mut cursor = d.walk();
                    d.children_by_field_name("name", &mut cursor)
                        .any(|n| ctx.text_of(n) == field)
                })
                .filter_map(|d| d.field("type").map(|t| ctx.text_of(t)))
                .collect();
            if hints.is_empty() {
                Some(ctx.text_of(receiver).to_string())
            } else {
                Some(hints.join(" "))
            }
        }
        _ => Some(ctx.text_of(receiver).to_string()),
    }
}

/// Types and initialisers of the declarations of `name` under `scope`.
fn collect_declarations<'a>(
    ctx: &FileContext<'a>,
    scope: Node<'_>,
    name: &str,
    hints: &mut Vec<&'a str>,
) {
    visit_descendants(
        scope,
        |_| true,
        |n| match n.kind() {
            "parameter_declaration" | "var_spec" => {
                let mut cursor = n.walk();
                let declares = n
                    .children_by_field_name("name", &mut cursor)
                    .any(|c| ctx.text_of(c) == name);
                if declares {
                    if let Some(t) = n.field("type") {
                        hints.push(ctx.text_of(t));
                    }
                    if let Some(v) = n.field("value") {
                        hints.push(ctx.text_of(v));
                    }
                }
            }
            "short_var_declaration" => {
                let lefts = go_list_items(n.field("left"));
                let rights = go_list_items(n.field("right"));
                if let Some(i) = lefts.iter().position(|c| ctx.text_of(*c) == name) {
                    let value = if rights.len() == lefts.len() {
                        rights.get(i)
                    } else {
                        rights.first()
                    };
                    if let Some(v) = value {
                        hints.push(ctx.text_of(*v));
                    }
                }
            }
            _ => {}
        },
    );
}

/// A finding on a whole 1-based line of a file read as text.
pub fn line_finding(
    ctx: &crate::rules::FileContext<'_>,
    meta: &crate::rules::RuleMeta,
    line: u32,
    message: String,
) -> crate::findings::Finding {
    let range = ctx
        .lines
        .line_range((line as usize).saturating_sub(1), ctx.text);
    let mut f = ctx.finding_at(meta, range, message);
    f.end_line = f.line;
    f
}

/// The first place (file and 1-based line) where production code of one of `languages`
/// contains one of `needles` outside comments and string literals.
pub fn find_in_production_code(
    project: &crate::model::Project,
    languages: &[crate::classify::Language],
    needles: &[&str],
) -> Option<(String, u32)> {
    find_in_production_code_where(project, languages, needles, |_| true)
}

/// [`find_in_production_code`] in the files whose text `accept` takes (a Go `package main`).
pub fn find_in_production_code_where(
    project: &crate::model::Project,
    languages: &[crate::classify::Language],
    needles: &[&str],
    accept: impl Fn(&str) -> bool,
) -> Option<(String, u32)> {
    for &language in languages {
        for (file, text) in project.production_sources(language) {
            if !needles.iter().any(|n| text.contains(n)) || !accept(text) {
                continue;
            }
            let code = crate::model::code_text::strip_comments_and_strings(language, text);
            let first = needles.iter().filter_map(|n| code.find(n)).min();
            if let Some(at) = first {
                let line = code.get(..at).map_or(0, |s| s.matches('\n').count()) + 1;
                return Some((
                    file.rel_path.clone(),
                    u32::try_from(line).unwrap_or(u32::MAX),
                ));
            }
        }
    }
    None
}

/// Like [`crate::model::Project::uses`], but a library declared only as a dev dependency does
/// not count: declared as a normal or build dependency, or imported without being declared
/// (Go standard library, Python standard library, undeclared transitive use).
pub fn uses_in_production(
    project: &crate::model::Project,
    ecosystem: crate::model::Ecosystem,
    name: &str,
) -> bool {
    let matches = |d: &&crate::model::Dependency| {
        d.ecosystem == ecosystem
            && (d.name == name
                || (ecosystem == crate::model::Ecosystem::Go
                    && d.name.starts_with(name)
                    && d.name.get(name.len()..).is_some_and(|r| r.starts_with('/'))))
    };
    let declared: Vec<&crate::model::Dependency> =
        project.dependencies.iter().filter(matches).collect();
    if declared.is_empty() {
        project.uses(ecosystem, name)
    } else {
        declared
            .iter()
            .any(|d| d.kind != crate::model::DepKind::Dev)
    }
}

/// A Rust file that is a module declared under `#[cfg(test)]` by its parent (`#[cfg(test)]
/// mod test_helpers;` in `lib.rs` makes all of `src/test_helpers/**` test code). Reads the
/// parent module files through the project's shared cache, each parsed at most once per run.
pub fn rust_file_is_test_module(ctx: &crate::rules::FileContext<'_>) -> bool {
    let path = ctx.rel_path();
    let parts: Vec<&str> = path.split('/').collect();
    let Some(src) = parts.iter().rposition(|p| *p == "src") else {
        return false;
    };
    let Some((crate_parts, rest)) = parts.split_at_checked(src + 1) else {
        return false;
    };
    let crate_src = crate_parts.join("/");
    // Module path from `src/`: `a/b/mod.rs` and `a/b.rs` are both module `a::b`.
    let mut modules: Vec<&str> = rest.to_vec();
    match modules.pop() {
        Some("mod.rs" | "lib.rs" | "main.rs") | None => {}
        Some(file) => modules.push(file.strip_suffix(".rs").unwrap_or(file)),
    }
    if rest.last() == Some(&"lib.rs") || rest.last() == Some(&"main.rs") {
        return false;
    }
    // `#[cfg(test)] #[path = "condition_test.rs"] mod condition_test;` in a file of the same
    // folder. The files such attributes name are indexed once per run.
    if let Some((_, file)) = path.rsplit_once('/') {
        let marker = format!("{}{file}", crate::model::test_modules::PATH_PREFIX);
        let targets = ctx
            .project
            .facts
            .lazy
            .rust_path_targets
            .get_or_init(|| rust_path_targets(ctx.project));
        let declared_by_path = targets.get(path).is_some_and(|declaring| {
            declaring.iter().any(|d| {
                ctx.project
                    .file(d)
                    .and_then(|f| f.text())
                    .is_some_and(|t| ctx.project.test_modules.of(d, t).contains(&marker))
            })
        });
        if declared_by_path {
            return true;
        }
    }
    // For each file that may declare part of the module path (`lib.rs` for `a`, `a.rs` or
    // `a/mod.rs` for `a::b`…): does it declare, test-only, a module on the way to this file?
    // Inline modules count (`pub mod client { #[cfg(test)] mod test; }` in `lib.rs` declares
    // `client::test`).
    for j in (0..modules.len()).rev() {
        let parents = &modules[..j];
        let candidates: Vec<String> = if parents.is_empty() {
            vec![
                format!("{crate_src}/lib.rs"),
                format!("{crate_src}/main.rs"),
            ]
        } else {
            let dir = parents.join("/");
            vec![
                format!("{crate_src}/{dir}.rs"),
                format!("{crate_src}/{dir}/mod.rs"),
            ]
        };
        for parent in candidates {
            let Some(text) = ctx.project.file(&parent).and_then(|f| f.text()) else {
                continue;
            };
            let declared = ctx.project.test_modules.of(&parent, text);
            let on_the_way = (j + 1..=modules.len())
                .any(|t| declared.iter().any(|m| *m == modules[j..t].join("::")));
            if on_the_way {
                return true;
            }
        }
    }
    false
}

/// A Go file left out of normal builds by its build constraint: `//go:build ignore` (a
/// generator run with `go run`), or an opt-in tag such as `gofuzz`, `tools`, `integration` or
/// `debug`, alone or required by a conjunction (`!cgo && upgrade && ignore`).
pub fn go_file_is_build_ignored(ctx: &crate::rules::FileContext<'_>) -> bool {
    let Some(root) = ctx.tree.map(|t| t.root_node()) else {
        return false;
    };
    let mut cursor = root.walk();
    for child in root.named_children(&mut cursor) {
        if child.kind() != "comment" {
            return false;
        }
        let text = ctx.text_of(child);
        let Some(expr) = text
            .strip_prefix("//go:build")
            .or_else(|| text.strip_prefix("// +build"))
        else {
            continue;
        };
        let expr = expr.trim();
        let terms: Vec<&str> = if expr.contains("||") {
            vec![expr]
        } else {
            expr.split("&&")
                .map(|t| t.trim().trim_matches(['(', ')']))
                .collect()
        };
        return terms.iter().any(|t| {
            matches!(
                *t,
                "ignore"
                    | "gofuzz"
                    | "tools"
                    | "integration"
                    | "e2e"
                    | "debug"
                    | "example"
                    | "manual"
            )
        });
    }
    false
}

/// Test support outside the usual test folders: Go `…testing` packages (`awstesting`),
/// `httptest`-style packages, `testutil`, `test_helpers`, `testsupport`, `mocks`/`fakes`.
pub fn is_test_support_path(rel_path: &str) -> bool {
    let mut dirs: Vec<&str> = rel_path.split('/').collect();
    dirs.pop();
    dirs.iter().any(|d| {
        let d = d.to_ascii_lowercase();
        let d = d.trim_start_matches('_');
        d.ends_with("testing")
            || ["_test", "-test", "_tests", "-tests"]
                .iter()
                .any(|s| d.ends_with(s))
            || matches!(
                d,
                "httptest"
                    | "iotest"
                    | "fstest"
                    | "testenv"
                    | "testkit"
                    | "mock"
                    | "mocks"
                    | "fake"
                    | "fakes"
            )
            || [
                "testutil",
                "test_util",
                "testhelper",
                "test_helper",
                "testsupport",
                "test_support",
            ]
            .iter()
            .any(|p| d.starts_with(p))
    })
}

/// A module named for test support: `test_utils.rs`, `testing.rs` (a `#[doc(hidden)] pub mod
/// testing;` that only tests use), `_testing.py`, `test-helpers.ts`. Not Go: a `testing.go` is an
/// ordinary file of its package there (Go helpers are found by their `testing` import).
fn is_test_support_module_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    let stem = stem.trim_start_matches('_').replace('-', "_");
    matches!(
        stem.as_str(),
        "testing"
            | "test_utils"
            | "test_util"
            | "testutils"
            | "testutil"
            | "test_helpers"
            | "test_helper"
            | "testhelpers"
            | "test_support"
            | "testsupport"
    )
}

/// A Go test-helper package by convention: `package eventstreamtest` or `package testserver` in
/// a directory of the same name, like the standard library's `httptest` and `iotest`.
fn go_test_helper_package(ctx: &crate::rules::FileContext<'_>) -> bool {
    let name = go_package_name(ctx).unwrap_or("");
    let dir = ctx.rel_path().rsplit('/').nth(1).unwrap_or("");
    name.len() > 4 && (name.ends_with("test") || name.starts_with("test")) && name == dir
}

/// Go files built only for some platforms (`_windows.go`, `_s390x.go`, `//go:build`): their
/// stubs and fallbacks stand for "not available on this platform", reached only through a guard.
pub fn is_go_platform_file(ctx: &crate::rules::FileContext<'_>) -> bool {
    const SUFFIXES: &[&str] = &[
        "_windows",
        "_linux",
        "_darwin",
        "_freebsd",
        "_openbsd",
        "_netbsd",
        "_dragonfly",
        "_solaris",
        "_illumos",
        "_aix",
        "_plan9",
        "_js",
        "_wasm",
        "_wasip1",
        "_ios",
        "_android",
        "_unix",
        "_386",
        "_amd64",
        "_arm",
        "_arm64",
        "_s390x",
        "_ppc64",
        "_ppc64le",
        "_mips",
        "_mipsle",
        "_mips64",
        "_mips64le",
        "_riscv64",
        "_loong64",
        "_noasm",
        "_nocgo",
        "_cgo",
        "_other",
        "_generic",
        "_stub",
        "_stubs",
        "_unsupported",
        "_unimplemented",
    ];
    let name = ctx.file.file_name();
    let stem = name.strip_suffix(".go").unwrap_or(name);
    if SUFFIXES.iter().any(|s| stem.ends_with(s)) {
        return true;
    }
    ctx.nodes()
        .iter()
        .take_while(|n| n.kind() != "package_clause" || n.parent().is_none())
        .filter(|n| n.kind() == "comment")
        .any(|c| {
            let t = ctx.text_of(*c);
            t.starts_with("//go:build") || t.starts_with("// +build")
        })
}

/// Hand-written Go test doubles: `event_handler_mock.go`, `mock_store.go`, `clock_fake.go`.
fn is_go_test_double_file(name: &str) -> bool {
    let stem = name.strip_suffix(".go").unwrap_or(name);
    ["_mock", "_mocks", "_fake", "_fakes"]
        .iter()
        .any(|s| stem.ends_with(s))
        || stem.starts_with("mock_")
        || stem.starts_with("fake_")
}

/// A Go file outside `_test.go` that imports `testing` holds helpers for tests (a cluster
/// harness, assertion helpers): production code has no use for the test framework.
fn go_imports_testing(ctx: &crate::rules::FileContext<'_>) -> bool {
    go_import_paths(ctx).any(|p| p == "testing")
}

/// Code copied in from elsewhere (`pip/_vendor/`, `third_party/`, the `static/js/lib/` of a web
/// application's assets): not the project's to fix. (`vendor/` and `node_modules/` are never
/// walked.)
pub fn is_vendored_path(rel_path: &str) -> bool {
    let lower = rel_path.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    parts.pop();
    let copied = parts.iter().any(|d| {
        matches!(
            *d,
            "_vendor"
                | "vendored"
                | "vendor"
                | "third_party"
                | "thirdparty"
                | "third-party"
                | "bower_components"
        )
    });
    // `cps/static/js/libs/viewer.js`, `octoprint/static/js/lib/lodash.js`: a `lib` folder of
    // served assets holds libraries dropped in, not the application's own scripts.
    let asset_libs = parts
        .iter()
        .position(|d| matches!(*d, "static" | "assets" | "public" | "www"))
        .is_some_and(|at| parts[at + 1..].iter().any(|d| matches!(*d, "lib" | "libs")));
    copied || asset_libs
}

/// A file under a folder that holds a copy of another project: the folder has its own
/// `LICENSE`/`COPYING` and a README saying it is vendored or a copy (`src/internal/qs/`:
/// "This is a vendored version of neoqs"). The project root itself never counts.
pub fn in_vendored_folder(ctx: &crate::rules::FileContext<'_>) -> bool {
    let dirs = ctx.project.facts.lazy.vendored_dirs.get_or_init(|| {
        let files = &ctx.project.files;
        let has_licence = |dir: &str| {
            files.iter().any(|f| {
                f.rel_path.rsplit_once('/').map(|(d, _)| d) == Some(dir) && {
                    let name = f.file_name().to_ascii_uppercase();
                    name.starts_with("LICENSE")
                        || name.starts_with("LICENCE")
                        || name.starts_with("COPYING")
                }
            })
        };
        files
            .iter()
            .filter(|f| f.file_name().to_ascii_lowercase().starts_with("readme"))
            .filter_map(|f| {
                let (dir, _) = f.rel_path.rsplit_once('/')?;
                let head: String = f
                    .text()?
                    .chars()
                    .take(1_000)
                    .collect::<String>()
                    .to_lowercase();
                let says_copied = ["vendored", "a copy of", "copied from"]
                    .iter()
                    .any(|p| head.contains(p));
                (says_copied && has_licence(dir)).then(|| format!("{dir}/"))
            })
            .collect()
    });
    !dirs.is_empty() && dirs.iter().any(|d| ctx.rel_path().starts_with(d.as_str()))
}

/// The docstring of a Python function or class: the first statement of its body, when that is
/// a string.
pub fn python_docstring<'a>(ctx: &crate::rules::FileContext<'a>, def: Node<'_>) -> Option<&'a str> {
    def.field("body")
        .and_then(|b| b.named_child(0))
        .filter(|s| s.kind() == "expression_statement")
        .and_then(|s| s.named_child(0))
        .filter(|e| e.kind() == "string")
        .map(|e| ctx.text_of(e))
}

/// Type declarations without behaviour: TypeScript `.d.ts` and Python `.pyi` stubs. Their
/// comments describe code that lives elsewhere (and "stub" is their name for themselves).
pub fn is_type_declaration_file(rel_path: &str) -> bool {
    let lower = rel_path.to_ascii_lowercase();
    lower.ends_with(".d.ts")
        || lower.ends_with(".d.mts")
        || lower.ends_with(".d.cts")
        || lower.ends_with(".pyi")
}

/// Bundles and compiled JavaScript shipped next to the sources: `dist/`, `client-dist/`.
pub fn is_js_build_output(rel_path: &str) -> bool {
    let mut dirs: Vec<&str> = rel_path.split('/').collect();
    dirs.pop();
    dirs.iter()
        .any(|d| *d == "dist" || d.starts_with("dist-") || d.ends_with("-dist"))
}

/// Code that the path-based roles classify as production but is not: Rust modules declared
/// under `#[cfg(test)]` and files no Cargo target compiles, code vendored from elsewhere
/// (`_vendor/`, `vendored/`, `third_party/`), Go files excluded from builds or importing `testing`, test-support
/// directories, bundled JS build output. Read through
/// [`crate::rules::FileContext::is_support_code`], which caches it; costs a parse for Rust, so
/// the engine asks only once a rule has findings.
pub(crate) fn compute_support_code(ctx: &crate::rules::FileContext<'_>) -> bool {
    use crate::classify::Language;
    is_test_support_path(ctx.rel_path())
        || is_vendored_path(ctx.rel_path())
        || in_vendored_folder(ctx)
        || (ctx.language != Language::Go && is_test_support_module_name(ctx.file.file_name()))
        || (ctx.language.is_js_family() && is_js_build_output(ctx.rel_path()))
        || (ctx.language == Language::Go
            && (go_file_is_build_ignored(ctx)
                || go_test_helper_package(ctx)
                || go_imports_testing(ctx)
                || is_go_test_double_file(ctx.file.file_name())))
        || (ctx.language == Language::Rust
            && (ctx
                .project
                .facts
                .rust_unbuilt_files
                .contains(ctx.rel_path())
                || rust_file_is_test_module(ctx)))
}

/// `folder/x_test.rs` → the Rust files of `folder/` whose `#[path = "x_test.rs"]` names it.
fn rust_path_targets(
    project: &crate::model::Project,
) -> std::collections::HashMap<String, Vec<String>> {
    let mut out: std::collections::HashMap<String, Vec<String>> = Default::default();
    for f in &project.files {
        let Some((dir, _)) = f.rel_path.rsplit_once('/') else {
            continue;
        };
        let Some(text) = f.text().filter(|t| t.contains("#[path")) else {
            continue;
        };
        if !f.rel_path.ends_with(".rs") {
            continue;
        }
        for (at, _) in text.match_indices("#[path") {
            let rest = text[at + "#[path".len()..].trim_start();
            let Some(value) = rest
                .strip_prefix('=')
                .map(str::trim_start)
                .and_then(|r| r.strip_prefix('"'))
                .and_then(|r| r.split('"').next())
            else {
                continue;
            };
            if !value.is_empty() && !value.contains('/') {
                out.entry(format!("{dir}/{value}"))
                    .or_default()
                    .push(f.rel_path.clone());
            }
        }
    }
    out
}

/// The attributes in front of a Rust item or statement, nearest first, whitespace removed,
/// without `#[` and `]` (`cfg(test)`, `allow(clippy::unwrap_used)`); comments between them are
/// skipped.
pub fn rust_attributes(ctx: &crate::rules::FileContext<'_>, item: Node<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = item.prev_named_sibling();
    while let Some(n) = current {
        match n.kind() {
            "attribute_item" => {
                let inner: String = ctx
                    .text_of(n)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let inner = inner.trim_start_matches("#[");
                let inner = inner.strip_suffix(']').unwrap_or(inner);
                out.push(inner.to_string());
            }
            "line_comment" | "block_comment" => {}
            _ => break,
        }
        current = n.prev_named_sibling();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Language;
    use std::time::Duration;

    #[test]
    fn descendants_are_in_document_order() {
        let src = "fn a() { b(); }";
        let tree =
            crate::parse::parse(Language::Rust, src, Duration::from_secs(5)).expect("parses");
        let kinds: Vec<&str> = named_descendants(tree.root_node())
            .iter()
            .map(|n| n.kind())
            .collect();
        assert_eq!(kinds[0], "source_file");
        assert_eq!(kinds[1], "function_item");
        assert!(kinds.contains(&"call_expression"));
    }

    #[test]
    fn visit_skips_pruned_subtrees() {
        let src = "fn a() { b(); } fn c() { d(); }";
        let tree =
            crate::parse::parse(Language::Rust, src, Duration::from_secs(5)).expect("parses");
        let mut calls = 0;
        visit_descendants(
            tree.root_node(),
            |n| !(n.kind() == "function_item" && n.start_byte() == 0),
            |n| calls += usize::from(n.kind() == "call_expression"),
        );
        assert_eq!(calls, 1);
    }

    #[test]
    fn literal_values() {
        let src = "x = f'a{b}'\ny = 'plain'\n";
        let tree =
            crate::parse::parse(Language::Python, src, Duration::from_secs(5)).expect("parses");
        let strings: Vec<Option<&str>> = named_descendants(tree.root_node())
            .into_iter()
            .filter(|n| n.kind() == "string")
            .map(|n| literal_string_value(n, src))
            .collect();
        assert_eq!(strings, vec![None, Some("plain")]);
    }

    #[test]
    fn rust_use_map_resolves_aliases_and_lists() {
        let src = "use std::{fs::{self, File as F}, thread};\nuse tokio::sync::mpsc;\nmod a { use std::sync::mpsc; }\nuse crossbeam_channel::*;\n";
        let tree =
            crate::parse::parse(Language::Rust, src, Duration::from_secs(5)).expect("parses");
        let uses = named_descendants(tree.root_node())
            .into_iter()
            .filter(|n| n.kind() == "use_declaration");
        let map = rust_use_map(uses, src);
        assert_eq!(map.get("fs"), Some(&Some("std::fs".to_string())));
        assert_eq!(map.get("F"), Some(&Some("std::fs::File".to_string())));
        assert_eq!(map.get("thread"), Some(&Some("std::thread".to_string())));
        // Imported from two paths: ambiguous.
        assert_eq!(map.get("mpsc"), Some(&None));
        assert_eq!(
            resolve_rust_path("fs::read_to_string", &map).as_deref(),
            Some("std::fs::read_to_string")
        );
        assert_eq!(
            resolve_rust_path("F::open", &map).as_deref(),
            Some("std::fs::File::open")
        );
        assert_eq!(resolve_rust_path("mpsc::channel", &map), None);
        assert_eq!(
            resolve_rust_path("::std::thread::sleep", &map).as_deref(),
            Some("std::thread::sleep")
        );
    }

    #[test]
    fn go_imports_name_packages() {
        let src = "package p\n\nimport (\n\th \"net/http\"\n\t\"encoding/json\"\n\t\"github.com/redis/go-redis/v9\"\n\t\"gopkg.in/yaml.v3\"\n\t_ \"embed\"\n)\n";
        let tree = crate::parse::parse(Language::Go, src, Duration::from_secs(5)).expect("parses");
        let specs = named_descendants(tree.root_node())
            .into_iter()
            .filter(|n| n.kind() == "import_spec");
        let map = go_imports(specs, src);
        assert_eq!(map.get("h").map(String::as_str), Some("net/http"));
        assert_eq!(map.get("json").map(String::as_str), Some("encoding/json"));
        assert_eq!(
            map.get("redis").map(String::as_str),
            Some("github.com/redis/go-redis/v9")
        );
        assert_eq!(
            map.get("yaml").map(String::as_str),
            Some("gopkg.in/yaml.v3")
        );
        assert!(!map.contains_key("_"));
    }
    #[test]
    fn test_support_and_build_output_paths() {
        assert!(is_test_support_path("aws/awstesting/client.go"));
        assert!(is_test_support_path("internal/testutil/server.go"));
        assert!(is_test_support_path("src/test_helpers/mod.rs"));
        assert!(is_test_support_path("pkg/mocks/store.go"));
        assert!(!is_test_support_path("api/latest/handler.go"));
        assert!(!is_test_support_path("src/contest.rs"));
        assert!(!is_test_support_path("testutil.go"));
        assert!(is_js_build_output("package/dist/index.js"));
        assert!(is_js_build_output("client-dist/socket.io.js"));
        assert!(!is_js_build_output("src/distance.js"));
    }
}
