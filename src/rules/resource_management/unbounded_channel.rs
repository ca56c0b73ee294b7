use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::{resolve_rust_path, rust_call_path, rust_use_map};
use crate::rules::{FileContext, Rule};

declare_rule! {
    /// ## What it finds
    /// Unbounded channels in Rust production code: `tokio::sync::mpsc::unbounded_channel()`,
    /// `crossbeam_channel::unbounded()` (also `crossbeam::channel::unbounded()`),
    /// `flume::unbounded()`, `async_channel::unbounded()`, `futures::channel::mpsc::unbounded()`
    /// and `std::sync::mpsc::channel()` (reported as low: it is the standard library's default
    /// channel), whether called by full path or through a `use`.
    ///
    /// ## Why it matters
    /// An unbounded channel has no backpressure: when the consumer is slower than the producers
    /// (a slow database, a burst of requests, a stuck task) the queue grows until the process
    /// runs out of memory, and latency grows with it long before that. A bounded channel makes
    /// the producers wait (or fail fast) instead.
    ///
    /// ## How to fix
    /// Use a bounded channel sized for the expected burst and decide what a full channel means:
    /// wait (`send().await`), shed load (`try_send`) or report an error.
    ///
    /// ## Example
    /// ```rust,ignore
    /// let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// let (tx, rx) = tokio::sync::mpsc::channel(1024);
    /// ```
    ///
    /// ## Does not flag
    /// Bounded channels (`mpsc::channel(16)`, `bounded(…)`, `sync_channel(n)`),
    /// `tokio::sync::oneshot::channel()`, `broadcast::channel(n)`, `watch::channel(v)`, a bare
    /// `unbounded()` whose crate is not known from the file's imports, signal channels of `()`
    /// (`mpsc::channel::<()>()`, or `let (tx, rx): (Sender<()>, Receiver<()>) = channel()`: the
    /// messages carry no data), channels in comments or strings,
    /// and test code.
    pub struct UnboundedChannel {
        id: "unbounded-channel",
        category: Category::ResourceManagement,
        severity: Severity::Medium,
        effort_hours: 1.0,
        languages: &[Language::Rust],
        summary: "Unbounded channel: no backpressure, memory grows with a slow consumer",
        literals: &["unbounded", "channel"],
    }
}

/// Crates whose `unbounded()` makes an unbounded channel.
const UNBOUNDED_FNS: [&str; 6] = [
    "crossbeam_channel::unbounded",
    "crossbeam::channel::unbounded",
    "flume::unbounded",
    "async_channel::unbounded",
    "futures::channel::mpsc::unbounded",
    "futures_channel::mpsc::unbounded",
];

/// `mpsc::channel::<()>()`: a signal channel (stop, wake-up) whose messages carry nothing; a
/// zero-sized message queues no data.
fn carries_unit<'t>(ctx: &FileContext<'t>, call: tree_sitter::Node<'t>) -> bool {
    let turbofish = call
        .field("function")
        .filter(|f| f.kind() == "generic_function")
        .and_then(|g| g.field("type_arguments"))
        .is_some_and(|t| {
            let compact: String = ctx.text_of(t).split_whitespace().collect();
            compact == "<()>"
        });
    // `let (tx, rx): (Sender<()>, Receiver<()>) = channel();`: the annotation says it, and every
    // end it names carries `()`.
    let annotated = ctx
        .parent(call)
        .filter(|p| p.kind() == "let_declaration")
        .filter(|p| p.field("value").is_some_and(|v| v.id() == call.id()))
        .and_then(|p| p.field("type"))
        .is_some_and(|t| {
            let compact: String = ctx.text_of(t).split_whitespace().collect();
            let ends = compact.matches('<').count();
            ends > 0 && compact.matches("<()>").count() == ends
        });
    turbofish || annotated
}

impl Rule for UnboundedChannel {
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
            let last = text.rsplit("::").next().unwrap_or("").trim();
            if !matches!(last, "unbounded_channel" | "unbounded" | "channel") {
                continue;
            }
            let no_args = call
                .field("arguments")
                .is_some_and(|a| a.named_child_count() == 0);
            if !no_args || !ctx.is_production_code(call) || carries_unit(ctx, call) {
                continue;
            }
            let uses = uses.get_or_insert_with(|| {
                rust_use_map(ctx.nodes_of_kind("use_declaration"), ctx.text)
            });
            let Some(full) = resolve_rust_path(text, uses) else {
                continue;
            };
            let full = full.strip_prefix("::").unwrap_or(&full);
            let shown: String = text.split_whitespace().collect();
            let (message, severity) = if last == "unbounded_channel" {
                // Tokio's; a glob import can hide the crate, the name is distinctive enough.
                if full.contains("::") && !full.ends_with("mpsc::unbounded_channel") {
                    continue;
                }
                if !full.contains("::") && defines_function(ctx, "unbounded_channel") {
                    continue;
                }
                (
                    format!("`{shown}()` creates an unbounded channel: no backpressure"),
                    Severity::Medium,
                )
            } else if last == "unbounded" {
                if !UNBOUNDED_FNS.contains(&full) {
                    continue;
                }
                (
                    format!("`{shown}()` creates an unbounded channel: no backpressure"),
                    Severity::Medium,
                )
            } else {
                // `channel()` with no capacity: only std's mpsc (tokio's and futures' take one,
                // oneshot's is for a single value).
                if full != "std::sync::mpsc::channel" && full != "mpsc::channel" {
                    continue;
                }
                (
                    format!(
                        "`{shown}()` is std's unbounded channel: no backpressure (consider `sync_channel(n)`)"
                    ),
                    Severity::Low,
                )
            };
            let mut finding = ctx.finding(&Self::META, call, message);
            finding.severity = severity;
            out.push(finding);
        }
    }
}

/// Whether the file declares a function of this name (a local wrapper shadows the import).
fn defines_function(ctx: &FileContext<'_>, name: &str) -> bool {
    ctx.nodes_of_kind("function_item")
        .any(|f| f.field("name").is_some_and(|n| ctx.text_of(n) == name))
}
