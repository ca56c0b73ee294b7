use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::{resolve_rust_path, rust_call_path, rust_use_map};
use crate::rules::{FileContext, Rule};
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Blocking calls inside an `async fn` or an `async` block in Rust production code:
    /// `std::thread::sleep`, blocking file-system calls of `std::fs` (`fs::read_to_string`,
    /// `fs::write`, `File::open`, …, when the path resolves to `std::fs` through a `use` or is
    /// written in full) and anything from `reqwest::blocking`.
    ///
    /// ## Why it matters
    /// An async runtime runs many tasks on a few worker threads. A blocking call holds its
    /// worker for the whole duration: every other task scheduled there stalls, timers fire late
    /// and, on a single-threaded runtime, the whole service freezes. `reqwest::blocking` inside a
    /// runtime even panics when its internal runtime is dropped.
    ///
    /// ## How to fix
    /// Use the async equivalent (`tokio::time::sleep(d).await`, `tokio::fs`, the async
    /// `reqwest::Client`), or move the blocking work off the runtime with
    /// `tokio::task::spawn_blocking`.
    ///
    /// ## Example
    /// ```rust,ignore
    /// async fn reload(path: &Path) -> Result<Config> {
    ///     std::thread::sleep(Duration::from_millis(100));
    ///     let text = std::fs::read_to_string(path)?;
    ///     Ok(toml::from_str(&text)?)
    /// }
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// async fn reload(path: &Path) -> Result<Config> {
    ///     tokio::time::sleep(Duration::from_millis(100)).await;
    ///     let text = tokio::fs::read_to_string(path).await?;
    ///     Ok(toml::from_str(&text)?)
    /// }
    /// ```
    ///
    /// ## Does not flag
    /// The same calls in sync code, including sync closures and nested non-async functions
    /// inside an `async fn`, and so code inside `spawn_blocking`/`block_in_place` closures;
    /// `tokio::time::sleep`, `tokio::fs`, `async_std::fs`; a `File::open` whose `File` is not
    /// known to be `std::fs::File`; `std::fs` calls in `async fn main` or in the entry future
    /// under another name (`#[tokio::main] async fn run`, `rt.block_on(run(opts))`) or inline
    /// (`rt.block_on(async { … })`, not the tasks it spawns): startup,
    /// before the service runs; calls in comments or strings, and test code.
    pub struct BlockingCallInAsync {
        id: "blocking-call-in-async",
        category: Category::Concurrency,
        severity: Severity::Medium,
        effort_hours: 1.0,
        languages: &[Language::Rust],
        summary: "Blocking call (`thread::sleep`, `std::fs`, `reqwest::blocking`) in async code",
        literals: &["async"],
    }
}

/// Blocking functions of `std::fs` (relative to `std::fs::`).
const STD_FS_BLOCKING: [&str; 23] = [
    "read",
    "read_to_string",
    "write",
    "read_dir",
    "create_dir",
    "create_dir_all",
    "remove_file",
    "remove_dir",
    "remove_dir_all",
    "copy",
    "rename",
    "metadata",
    "symlink_metadata",
    "canonicalize",
    "hard_link",
    "read_link",
    "set_permissions",
    "exists",
    "soft_link",
    "File::open",
    "File::create",
    "File::create_new",
    "File::open_buffered",
];

#[derive(Clone, Copy, PartialEq)]
enum Blocking {
    Sleep,
    Fs,
    Reqwest,
}

impl Rule for BlockingCallInAsync {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let mut uses = None;
        for call in ctx.nodes_of_kind("call_expression") {
            let Some(path) = rust_call_path(call) else {
                continue;
            };
            let text = ctx.text_of(path);
            let uses = uses.get_or_insert_with(|| {
                rust_use_map(ctx.nodes_of_kind("use_declaration"), ctx.text)
            });
            let Some(full) = resolve_rust_path(text, uses) else {
                continue;
            };
            let full = full.strip_prefix("::").unwrap_or(&full);
            let kind = if full == "std::thread::sleep" {
                Blocking::Sleep
            } else if full
                .strip_prefix("std::fs::")
                .is_some_and(|rest| STD_FS_BLOCKING.contains(&rest))
            {
                Blocking::Fs
            } else if full.starts_with("reqwest::blocking::") {
                Blocking::Reqwest
            } else {
                continue;
            };
            let Some(context) = async_context(ctx, call) else {
                continue;
            };
            if kind == Blocking::Fs && context.is_main {
                continue;
            }
            if !ctx.is_production_code(call) {
                continue;
            }
            let shown: String = text.split_whitespace().collect();
            let fix = match kind {
                Blocking::Sleep => "use `tokio::time::sleep(…).await`",
                Blocking::Fs => "use `tokio::fs` or `spawn_blocking`",
                Blocking::Reqwest => "use the async `reqwest::Client`",
            };
            out.push(ctx.finding(
                &Self::META,
                call,
                format!(
                    "`{shown}` blocks the runtime's worker thread inside {}; {fix}",
                    context.name
                ),
            ));
        }
    }
}

/// The program's entry future under another name: marked with a runtime's entry attribute
/// (`#[tokio::main]`, `#[actix_web::main]`, `#[async_std::main]` on `async fn run`), or
/// handed to `block_on` in the file (`rt.block_on(run(opts))`). It runs once, at startup.
fn is_entry_future(ctx: &FileContext<'_>, function: Node<'_>, name: &str) -> bool {
    let mut previous = function.prev_named_sibling();
    while let Some(p) = previous.filter(|p| p.kind() == "attribute_item") {
        let path = ctx
            .text_of(p)
            .trim_start_matches("#[")
            .split(['(', ']'])
            .next()
            .unwrap_or("")
            .trim();
        if path.ends_with("::main") {
            return true;
        }
        previous = p.prev_named_sibling();
    }
    // `rt.block_on(oha::run(opts))` in the binary, `run` in the library.
    let called_from_a_binary = ctx
        .project
        .facts
        .rust_bin_files
        .iter()
        .filter(|f| f.as_str() != ctx.rel_path())
        .filter_map(|f| ctx.project.file(f).and_then(|f| f.text()))
        .any(|text| {
            text.match_indices("block_on(").any(|(at, m)| {
                let callee = text[at + m.len()..].split('(').next().unwrap_or("").trim();
                callee == name || callee.ends_with(&format!("::{name}"))
            })
        });
    called_from_a_binary
        || ctx.nodes_of_kind("call_expression").any(|call| {
            let callee = call.field("function").map_or("", |f| ctx.text_of(f));
            callee.ends_with("block_on")
                && call
                    .field("arguments")
                    .and_then(|a| a.named_child(0))
                    .filter(|arg| arg.kind() == "call_expression")
                    .and_then(|arg| arg.field("function"))
                    .is_some_and(|f| {
                        let f = ctx.text_of(f);
                        f == name || f.ends_with(&format!("::{name}"))
                    })
        })
}

struct AsyncContext {
    /// `async fn handle` or `an async block`.
    name: String,
    /// Directly in the body of `async fn main`.
    is_main: bool,
}

/// The async function or block a node runs in, if its nearest enclosing function-like item is
/// async: a sync closure or a nested sync `fn` ends the search.
fn async_context(ctx: &FileContext<'_>, node: Node<'_>) -> Option<AsyncContext> {
    let mut current = node.parent();
    while let Some(n) = current {
        match n.kind() {
            "async_block" => {
                // `rt.block_on(async { … })`: the entry future, written inline (a task spawned
                // inside it is its own async block).
                let entry = n
                    .parent()
                    .filter(|a| a.kind() == "arguments")
                    .and_then(|a| a.parent())
                    .filter(|c| c.kind() == "call_expression")
                    .and_then(|c| c.field("function"))
                    .is_some_and(|f| ctx.text_of(f).ends_with("block_on"));
                return Some(AsyncContext {
                    name: "an async block".to_string(),
                    is_main: entry,
                });
            }
            "closure_expression" => {
                let mut cursor = n.walk();
                let is_async = n.children(&mut cursor).any(|c| c.kind() == "async");
                return is_async.then(|| AsyncContext {
                    name: "an async closure".to_string(),
                    is_main: false,
                });
            }
            "function_item" => {
                let mut cursor = n.walk();
                let is_async = n.children(&mut cursor).any(|c| {
                    c.kind() == "function_modifiers"
                        && ctx.text_of(c).split_whitespace().any(|w| w == "async")
                });
                if !is_async {
                    return None;
                }
                let name = n.field("name").map(|x| ctx.text_of(x)).unwrap_or("");
                let top_level = n.parent().is_some_and(|p| p.kind() == "source_file");
                return Some(AsyncContext {
                    name: format!("`async fn {name}`"),
                    is_main: top_level && (name == "main" || is_entry_future(ctx, n, name)),
                });
            }
            "const_item" | "static_item" => return None,
            _ => {}
        }
        current = n.parent();
    }
    None
}
