use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::Kind;
use crate::parse::FieldExt;
use crate::rules::util::any_descendant;
use crate::rules::{FileContext, Rule};
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Collections in long-lived state that the code only grows. Rust: a struct field whose
    /// type is a `HashMap`, `BTreeMap`, `HashSet`, `BTreeSet`, `Vec`, `VecDeque` or `DashMap`,
    /// in a struct that is shared (`Arc<…>`, `Mutex<…>`, `RwLock<…>` or a `static` of it in the
    /// same file) or whose field is itself behind a `Mutex`/`RwLock` or is a `DashMap`. Go: a
    /// map or slice field of a struct that also holds a `sync.Mutex`/`sync.RWMutex`. The field
    /// is flagged when the file grows it (`insert`, `push`, `entry`, `extend`; Go `m[k] = v`,
    /// `s = append(s, …)`) and never shrinks or bounds it (`remove`, `retain`, `pop`,
    /// `truncate`, `clear`, `drain`, a `len()` check, reassignment; Go `delete`, `clear`, a
    /// `len(…)` check, reassignment), directly or through a lock guard bound from the field.
    /// One finding at the field declaration, naming where it grows.
    /// Only collections whose struct or field name says they hold run-time data (`cache`,
    /// `sessions`, `seen`, `pending`, `clients`, `by_id`, `items`, …) are considered, so
    /// registries and configuration filled once at startup are left alone. JavaScript,
    /// TypeScript and Python classes are not analysed yet.
    ///
    /// ## Why it matters
    /// A cache, registry or session map that only grows is a memory leak with a delay: the
    /// service runs fine for days, then is killed for running out of memory, and every
    /// restart hides the cause.
    ///
    /// ## How to fix
    /// Bound the collection (an LRU or TTL cache such as `moka`, `lru`,
    /// `hashicorp/golang-lru`), evict entries when their owner goes away, or check the length
    /// before inserting.
    ///
    /// ## Example
    /// ```rust
    /// struct Sessions { by_id: Mutex<HashMap<String, Session>> }
    /// // only ever: self.by_id.lock().unwrap().insert(id, s);
    /// ```
    /// Use instead:
    /// ```rust
    /// struct Sessions { by_id: moka::sync::Cache<String, Session> }
    /// ```
    ///
    /// ## Does not flag
    /// Collections that are also removed from, cleared, drained, truncated, reassigned or
    /// length-checked (a `len()`/`is_empty()` compared or used as a condition; a length that is
    /// only reported is no bound) anywhere in the file (directly or through a guard variable),
    /// structs that
    /// are not shared, Go structs without a mutex, collections only grown in comments or test
    /// code, registries and configuration (`services`, `handlers`, `fields`), Go test doubles
    /// (`MockHandler`, `FakeStore`), callbacks and listeners registered by setup code
    /// (`[]func(*Config) error`, `[]net.Listener`), caches keyed by `reflect.Type` or Rust maps
    /// keyed by `&'static str` (one entry per literal of the program), and projects that
    /// are neither services nor desktop applications.
    pub struct UnboundedCollection {
        id: "unbounded-collection",
        category: Category::ResourceManagement,
        severity: Severity::Medium,
        effort_hours: 1.0,
        languages: &[Language::Rust, Language::Go],
        kinds: &[Kind::Service, Kind::Desktop],
        summary: "long-lived collection that only grows (memory leak)",
        since: "2026.2",
        literals: &["Mutex", "RwLock", "DashMap", "static"],
    }
}

const RUST_COLLECTIONS: &[&str] = &[
    "HashMap", "BTreeMap", "HashSet", "BTreeSet", "Vec", "VecDeque", "DashMap", "IndexMap",
];
const RUST_GROW: &[&str] = &[
    "insert",
    "push",
    "push_back",
    "push_front",
    "entry",
    "extend",
    "append",
];
const RUST_SHRINK: &[&str] = &[
    "remove",
    "retain",
    "pop",
    "pop_front",
    "pop_back",
    "truncate",
    "clear",
    "drain",
    "split_off",
    "swap_remove",
    "shift_remove",
    "remove_entry",
    "len",
    "is_empty",
    "shrink_to_fit",
];
/// Calls between a field and the collection method (`self.m.lock().unwrap().insert`).
const RUST_PASSTHROUGH: &[&str] = &["lock", "write", "unwrap", "expect", "borrow_mut", "as_mut"];

/// Names of data accumulated at run time (per request, per client, per event), as opposed to
/// registries and configuration filled once at startup.
const RUNTIME_WORDS: &[&str] = &[
    "cache",
    "cached",
    "session",
    "sessions",
    "seen",
    "visited",
    "history",
    "pending",
    "inflight",
    "conns",
    "connections",
    "clients",
    "peers",
    "requests",
    "results",
    "events",
    "records",
    "subscribers",
    "subscriptions",
    "listeners",
    "waiters",
    "queue",
    "backlog",
    "recent",
    "memo",
    "by",
    "ids",
    "users",
    "tokens",
    "entries",
    "items",
    "buffers",
];

/// Whether the struct or field name says the collection holds run-time data.
fn runtime_data(struct_name: &str, field: &str) -> bool {
    [struct_name, field].iter().any(|n| {
        crate::secrets::normalise_name(n)
            .split('_')
            .any(|w| RUNTIME_WORDS.contains(&w))
    })
}

/// Go collections whose size the program's structure bounds: test doubles (`MockHandler`),
/// callbacks and listeners registered by setup code (`[]func(*Config) error`,
/// `[]net.Listener`), caches keyed by type (`map[reflect.Type]…`, one entry per type).
fn go_bounded_by_design(ctx: &FileContext<'_>, struct_name: &str, ty: Node<'_>) -> bool {
    let double = ["Mock", "Fake", "Stub"]
        .iter()
        .any(|p| struct_name.starts_with(p));
    let element = ty.field("element").or_else(|| ty.field("value"));
    let registered = element
        .is_some_and(|e| e.kind() == "function_type" || ctx.text_of(e).ends_with("Listener"));
    let keyed_by_type = ty.kind() == "map_type"
        && ty
            .field("key")
            .is_some_and(|k| ctx.text_of(k) == "reflect.Type");
    double || registered || keyed_by_type
}

impl UnboundedCollection {
    fn check_rust(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        // Types shared in this file: named inside Arc/Mutex/RwLock or by a static.
        let mut shared: Vec<&str> = Vec::new();
        for g in ctx.nodes_of_kind("generic_type") {
            let base = g.field("type").map(|t| ctx.text_of(t)).unwrap_or("");
            let base = base.rsplit("::").next().unwrap_or(base);
            if matches!(base, "Arc" | "Mutex" | "RwLock")
                && let Some(args) = g.field("type_arguments")
            {
                let mut c = args.walk();
                for a in args.named_children(&mut c) {
                    shared.push(ctx.text_of(a).rsplit("::").next().unwrap_or(""));
                }
            }
        }
        for s in ctx.nodes_of_kind("static_item") {
            if let Some(t) = s.field("type") {
                shared.push(ctx.text_of(t));
            }
        }
        for item in ctx.nodes_of_kind("struct_item") {
            if !ctx.is_production_code(item) {
                continue;
            }
            let Some(name) = item.field("name").map(|n| ctx.text_of(n)) else {
                continue;
            };
            let struct_shared = shared.iter().any(|t| crate::rules::util::has_word(t, name));
            let Some(body) = item.field("body") else {
                continue;
            };
            let mut c = body.walk();
            for field in body.named_children(&mut c) {
                if field.kind() != "field_declaration" {
                    continue;
                }
                let (Some(fname), Some(ty)) = (
                    field.field("name").map(|n| ctx.text_of(n)),
                    field.field("type").map(|t| ctx.text_of(t)),
                ) else {
                    continue;
                };
                let Some(coll) = RUST_COLLECTIONS
                    .iter()
                    .find(|c| crate::rules::util::has_word(ty, c))
                else {
                    continue;
                };
                let field_shared = crate::rules::util::has_word(ty, "Mutex")
                    || crate::rules::util::has_word(ty, "RwLock")
                    || *coll == "DashMap";
                if !(struct_shared || field_shared) || !runtime_data(name, fname) {
                    continue;
                }
                // Keyed by `&'static str`: the keys are literals of the program, so the map
                // holds at most one entry per literal (a notifier per queue name).
                let compact: String = ty.split_whitespace().collect();
                if *coll != "Vec"
                    && *coll != "VecDeque"
                    && compact.contains(&format!("{coll}<&'static"))
                {
                    continue;
                }
                if let Some(line) = self.rust_grows_only(ctx, fname) {
                    out.push(ctx.finding(
                        &Self::META,
                        field,
                        format!("`{name}.{fname}` ({coll}) grows at line {line} but is never removed from, cleared or bounded"),
                    ));
                }
            }
        }
    }

    /// The line where `field` grows, when nothing in the file shrinks or bounds it.
    fn rust_grows_only(&self, ctx: &FileContext<'_>, field: &str) -> Option<usize> {
        // Guard variables bound from the field: `let mut g = self.map.lock().unwrap();`.
        let mut aliases: Vec<&str> = vec![field];
        for l in ctx.nodes_of_kind("let_declaration") {
            let (Some(p), Some(v)) = (l.field("pattern"), l.field("value")) else {
                continue;
            };
            if mentions_field(ctx, v, field) {
                aliases.push(ctx.text_of(p).trim_start_matches("mut ").trim());
            }
        }
        let mut grows = None;
        for call in ctx.nodes_of_kind("call_expression") {
            let Some(f) = call.field("function") else {
                continue;
            };
            if f.kind() != "field_expression" {
                // `std::mem::take(&mut self.map)` and friends empty it.
                let name = ctx.text_of(f);
                if (name.ends_with("take") || name.ends_with("replace") || name.ends_with("swap"))
                    && mentions_field(ctx, call, field)
                {
                    return None;
                }
                continue;
            }
            let (Some(recv), Some(method)) = (f.field("value"), f.field("field")) else {
                continue;
            };
            let method = ctx.text_of(method);
            let recv_text = ctx.text_of(recv);
            // `len()`/`is_empty()` bound the collection only when compared or tested; a length
            // that is merely reported (`metrics.gauge(map.len())`) bounds nothing.
            let bounds = !matches!(method, "len" | "is_empty") || is_tested(call);
            if RUST_SHRINK.contains(&method)
                && bounds
                && aliases
                    .iter()
                    .any(|a| crate::rules::util::has_word(recv_text, a))
            {
                return None;
            }
            // Grown through the field, or through a guard bound from it
            // (`let mut seen = state.seen.lock().unwrap(); seen.insert(…)`).
            let through_guard = recv.kind() == "identifier" && aliases[1..].contains(&recv_text);
            if grows.is_none()
                && RUST_GROW.contains(&method)
                && ctx.is_production_code(call)
                && (through_guard || is_field_receiver(ctx, recv, field))
            {
                grows = Some(call.start_position().row + 1);
            }
        }
        // Reassignment: `self.map = HashMap::new();`
        let reassigned = ctx.nodes_of_kind("assignment_expression").any(|a| {
            a.field("left").is_some_and(|l| {
                l.kind() == "field_expression"
                    && l.field("field").is_some_and(|f| ctx.text_of(f) == field)
            })
        });
        if reassigned { None } else { grows }
    }

    fn check_go(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        for spec in ctx.nodes_of_kind("type_spec") {
            let Some(st) = spec.field("type").filter(|t| t.kind() == "struct_type") else {
                continue;
            };
            if !ctx.is_production_code(spec) {
                continue;
            }
            let name = spec.field("name").map(|n| ctx.text_of(n)).unwrap_or("?");
            let Some(list) = st.named_child(0) else {
                continue;
            };
            let mut c = list.walk();
            let fields: Vec<Node<'_>> = list
                .named_children(&mut c)
                .filter(|f| f.kind() == "field_declaration")
                .collect();
            let has_mutex = fields.iter().any(|f| {
                f.field("type").is_some_and(|t| {
                    matches!(
                        ctx.text_of(t),
                        "sync.Mutex" | "sync.RWMutex" | "*sync.Mutex" | "*sync.RWMutex"
                    )
                })
            });
            if !has_mutex {
                continue;
            }
            for f in &fields {
                let Some(ty) = f.field("type") else {
                    continue;
                };
                if !matches!(ty.kind(), "map_type" | "slice_type")
                    || go_bounded_by_design(ctx, name, ty)
                {
                    continue;
                }
                let mut fc = f.walk();
                let names: Vec<&str> = f
                    .children_by_field_name("name", &mut fc)
                    .map(|n| ctx.text_of(n))
                    .collect();
                for fname in names {
                    if !runtime_data(name, fname) {
                        continue;
                    }
                    if let Some(line) = go_grows_only(ctx, fname, ty.kind() == "map_type") {
                        out.push(ctx.finding(
                            &Self::META,
                            *f,
                            format!("`{name}.{fname}` grows at line {line} but is never deleted from, reset or length-checked"),
                        ));
                    }
                }
            }
        }
    }
}

/// Whether a value is compared or used as a condition: `map.len() >= MAX`,
/// `if set.is_empty()`, `while !queue.is_empty()`, Go `if len(m) > n`.
fn is_tested(node: Node<'_>) -> bool {
    let mut child = node;
    let mut current = node.parent();
    while let Some(n) = current {
        match n.kind() {
            "parenthesized_expression" | "unary_expression" | "try_expression" => {}
            "binary_expression" => {
                let op = n.field("operator").map(|o| o.kind()).unwrap_or("");
                return matches!(op, "<" | ">" | "<=" | ">=" | "==" | "!=" | "&&" | "||");
            }
            "if_expression" | "while_expression" | "if_statement" | "for_statement" => {
                return n.field("condition").is_some_and(|c| c.id() == child.id());
            }
            "let_condition" | "match_expression" => return true,
            _ => return false,
        }
        child = n;
        current = n.parent();
    }
    false
}

/// A field access `x.field` anywhere under `node`.
fn mentions_field(ctx: &FileContext<'_>, node: Node<'_>, field: &str) -> bool {
    let is = |n: Node<'_>| {
        matches!(n.kind(), "field_expression" | "selector_expression")
            && n.field("field").is_some_and(|f| ctx.text_of(f) == field)
    };
    is(node) || any_descendant(node, is)
}

/// `self.field`, possibly behind `.lock()`, `.unwrap()`, `?`, `.await`.
fn is_field_receiver(ctx: &FileContext<'_>, mut node: Node<'_>, field: &str) -> bool {
    loop {
        match node.kind() {
            "field_expression" => {
                return node.field("field").is_some_and(|f| ctx.text_of(f) == field);
            }
            "try_expression" | "await_expression" | "parenthesized_expression" => {
                match node.named_child(0) {
                    Some(n) => node = n,
                    None => return false,
                }
            }
            "call_expression" => {
                let Some(f) = node
                    .field("function")
                    .filter(|f| f.kind() == "field_expression")
                else {
                    return false;
                };
                let passthrough = f
                    .field("field")
                    .is_some_and(|m| RUST_PASSTHROUGH.contains(&ctx.text_of(m)));
                match (passthrough, f.field("value")) {
                    (true, Some(v)) => node = v,
                    _ => return false,
                }
            }
            _ => return false,
        }
    }
}

fn is_go_field(ctx: &FileContext<'_>, node: Node<'_>, field: &str) -> bool {
    node.kind() == "selector_expression"
        && node.field("field").is_some_and(|f| ctx.text_of(f) == field)
}

/// The line where a Go struct field grows, when nothing in the file shrinks or bounds it. An
/// index assignment grows a map; on a slice it overwrites an element (`s.clients[i] = nil`).
fn go_grows_only(ctx: &FileContext<'_>, field: &str, is_map: bool) -> Option<usize> {
    for call in ctx.nodes_of_kind("call_expression") {
        let Some(f) = call.field("function") else {
            continue;
        };
        let name = ctx.text_of(f);
        if (matches!(name, "delete" | "clear") || (name == "len" && is_tested(call)))
            && call
                .field("arguments")
                .and_then(|a| a.named_child(0))
                .is_some_and(|a| is_go_field(ctx, a, field))
        {
            return None;
        }
    }
    let mut grows = None;
    for a in ctx.nodes_of_kind("assignment_statement") {
        let (Some(left), Some(right)) = (a.field("left"), a.field("right")) else {
            continue;
        };
        let Some(target) = left.named_child(0) else {
            continue;
        };
        if target.kind() == "index_expression"
            && is_map
            && target
                .field("operand")
                .is_some_and(|o| is_go_field(ctx, o, field))
        {
            grows = grows.or(Some(a.start_position().row + 1));
            continue;
        }
        if is_go_field(ctx, target, field) {
            let value = ctx.text_of(right).trim_start();
            if value.starts_with("append(") {
                grows = grows.or(Some(a.start_position().row + 1));
            } else {
                // Reset or re-sliced: bounded somewhere.
                return None;
            }
        }
    }
    grows
}

impl Rule for UnboundedCollection {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        match ctx.language {
            Language::Rust => self.check_rust(ctx, out),
            Language::Go => self.check_go(ctx, out),
            _ => {}
        }
    }
}
