//! What `unwrap-outside-tests` and `expect-outside-tests` both exempt: build scripts, and
//! calls whose failure no input can trigger.

use crate::parse::FieldExt;
use crate::rules::FileContext;
use tree_sitter::Node;

/// A Cargo build script (see `Facts::rust_build_scripts` in the model): a panic is
/// how a build script reports failure, so panicking there is the convention, not a defect. A
/// `build.rs` module under `src/` is ordinary code.
pub(super) fn is_build_script(ctx: &FileContext<'_>) -> bool {
    ctx.project
        .facts
        .rust_build_scripts
        .contains(ctx.rel_path())
}

/// Whether the receiver is a call on constants only (`Regex::new(r"^\d+$")`,
/// `"127.0.0.1:80".parse::<SocketAddr>()`, `NonZeroU32::new(8)`): its failure is a bug caught on
/// the first run, not something input can trigger.
/// A receiver whose `Err`/`None` no input can cause: a call with constant input, a lock
/// acquisition (`PoisonError` only follows another thread's panic, and re-panicking is the
/// standard library's advice), or `write!` into memory (`String`, `Vec<u8>`: infallible).
pub(super) fn cannot_fail_on_input(ctx: &FileContext<'_>, receiver: Node<'_>) -> bool {
    first_of_split(ctx, receiver)
        || has_constant_input(ctx, receiver)
        || acquires_lock(ctx, receiver)
        || writes_to_memory(ctx, receiver)
        || checked_just_before(ctx, receiver)
        || clap_guarantees(ctx, receiver)
        || widens_a_length(ctx, receiver)
}

/// `u64::try_from(buf.len())`: a `usize` fits in `u64`, `u128` and `i128` on every platform
/// Rust supports.
fn widens_a_length(ctx: &FileContext<'_>, receiver: Node<'_>) -> bool {
    receiver.kind() == "call_expression"
        && receiver.field("function").is_some_and(|f| {
            matches!(
                ctx.text_of(f),
                "u64::try_from" | "u128::try_from" | "i128::try_from"
            )
        })
        && matches!(crate::rules::util::call_arguments(receiver).as_slice(), [arg]
            if arg.kind() == "call_expression"
                && arg.field("function").is_some_and(|m| {
                    m.kind() == "field_expression"
                        && m.field("field").is_some_and(|n| ctx.text_of(n) == "len")
                })
                && crate::rules::util::call_arguments(*arg).is_empty())
}

/// `m.get_one::<T>("ID")` (or `get_many`, `remove_one`, `value_of`) of an argument the project
/// declares with `Arg::new("ID")` and `.required(true)` or a default: clap rejects the command
/// line before the code runs, so the value is always there.
fn clap_guarantees(ctx: &FileContext<'_>, receiver: Node<'_>) -> bool {
    const ACCESSORS: &[&str] = &[
        "get_one",
        "get_many",
        "remove_one",
        "remove_many",
        "get_raw",
        "value_of",
        "values_of",
    ];
    if receiver.kind() != "call_expression" {
        return false;
    }
    let Some(function) = receiver.field("function") else {
        return false;
    };
    let method = match function.kind() {
        "field_expression" => function.field("field"),
        "generic_function" => function
            .field("function")
            .filter(|f| f.kind() == "field_expression")
            .and_then(|f| f.field("field")),
        _ => None,
    };
    if !method.is_some_and(|m| ACCESSORS.contains(&ctx.text_of(m))) {
        return false;
    }
    let Some(id) = crate::rules::util::call_arguments(receiver)
        .first()
        .map(|a| ctx.text_of(*a))
        .filter(|a| a.starts_with('"') && a.ends_with('"') && a.len() > 2)
    else {
        return false;
    };
    let declaration = format!("Arg::new({id})");
    let guaranteed = |text: &str| {
        text.match_indices(declaration.as_str()).any(|(at, _)| {
            let rest = &text[at + declaration.len()..];
            let chain = rest.split("Arg::new(").next().unwrap_or(rest);
            let chain = chain.get(..chain.len().min(1_500)).unwrap_or(chain);
            [
                ".required(true)",
                ".default_value(",
                ".default_values(",
                ".default_missing_value(",
            ]
            .iter()
            .any(|g| chain.contains(g))
        })
    };
    if guaranteed(ctx.text) {
        return true;
    }
    // Other files of the project: their texts that declare clap arguments, gathered once.
    let declaring = ctx.project.facts.lazy.rust_clap_sources.get_or_init(|| {
        ctx.project
            .files
            .iter()
            .filter(|f| f.language == Some(crate::classify::Language::Rust))
            .filter(|f| f.text().is_some_and(|t| t.contains("Arg::new(")))
            .map(|f| f.rel_path.clone())
            .collect()
    });
    declaring.iter().any(|path| {
        path != ctx.rel_path()
            && ctx
                .project
                .file(path)
                .and_then(|f| f.text())
                .is_some_and(|t| t.contains(declaration.as_str()) && guaranteed(t))
    })
}

/// How many statements back an early-exit guard may be.
const GUARD_LOOKBACK: usize = 8;

/// The code has just checked what the `unwrap` relies on: inside `if x.is_some() { … }`, or after
/// `if x.is_none() { return … }` in the same block; likewise `!v.is_empty()` before `v.last()`,
/// `s.starts_with(p)` before `s.strip_prefix(p)`, `m.contains_key(k)` before `m.get(k)`.
fn checked_just_before(ctx: &FileContext<'_>, receiver: Node<'_>) -> bool {
    let squeeze = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_whitespace() && *c != '&')
            .collect()
    };
    let r = squeeze(ctx.text_of(receiver));
    let mut holds: Vec<String> = Vec::new();
    let mut fails: Vec<String> = Vec::new();
    let base = [
        ".take()",
        ".as_ref()",
        ".as_mut()",
        ".clone()",
        ".as_deref()",
    ]
    .iter()
    .find_map(|s| r.strip_suffix(s))
    .unwrap_or(&r)
    .to_string();
    for b in [&base, &r] {
        holds.push(format!("{b}.is_some()"));
        holds.push(format!("{b}.is_ok()"));
        fails.push(format!("{b}.is_none()"));
        fails.push(format!("{b}.is_err()"));
    }
    let call_on = |method: &str| -> Option<(String, String)> {
        let open = r.rfind(&format!(".{method}("))?;
        let args = r[open + method.len() + 2..].strip_suffix(')')?;
        Some((r[..open].to_string(), args.to_string()))
    };
    for method in ["last", "first", "last_mut", "first_mut", "pop"] {
        if let Some((v, _)) = call_on(method).filter(|(_, a)| a.is_empty()) {
            holds.push(format!("!{v}.is_empty()"));
            fails.push(format!("{v}.is_empty()"));
        }
    }
    // `v.iter().next()` under `!v.is_empty()`.
    if let Some(v) = r.strip_suffix(".iter().next()") {
        holds.push(format!("!{v}.is_empty()"));
        fails.push(format!("{v}.is_empty()"));
    }
    for (method, test) in [
        ("strip_prefix", "starts_with"),
        ("strip_suffix", "ends_with"),
    ] {
        if let Some((v, p)) = call_on(method) {
            holds.push(format!("{v}.{test}({p})"));
            fails.push(format!("!{v}.{test}({p})"));
        }
    }
    for method in ["get", "get_mut"] {
        if let Some((m, k)) = call_on(method) {
            holds.push(format!("{m}.contains_key({k})"));
            fails.push(format!("!{m}.contains_key({k})"));
        }
    }
    // A test must not be negated: `!x.is_some()` states the opposite.
    let states = |condition: &str, tests: &[String]| {
        tests.iter().any(|t| {
            condition
                .match_indices(t.as_str())
                .any(|(i, _)| t.starts_with('!') || !condition[..i].ends_with('!'))
        })
    };
    let condition_states = |n: Node<'_>, tests: &[String]| {
        n.field("condition")
            .is_some_and(|c| states(&squeeze(ctx.text_of(c)), tests))
    };
    let mut child = receiver;
    let mut current = receiver.parent();
    while let Some(n) = current {
        match n.kind() {
            "function_item" | "closure_expression" => return false,
            "if_expression"
                if n.field("consequence").is_some_and(|c| c.id() == child.id())
                    && condition_states(n, &holds) =>
            {
                return true;
            }
            "block" => {
                // An earlier `if x.is_none() { return … }` in this block: "just before" is a
                // few statements, which also keeps a block of 30,000 unwraps linear.
                let mut prev = child.prev_named_sibling();
                for _ in 0..GUARD_LOOKBACK {
                    let Some(p) = prev else { break };
                    let guard = if p.kind() == "expression_statement" {
                        p.named_child(0)
                    } else {
                        Some(p)
                    };
                    if let Some(g) = guard.filter(|g| g.kind() == "if_expression")
                        && condition_states(g, &fails)
                        && [
                            "return", "?", "break", "continue", "bail!", "panic!", "exit(",
                        ]
                        .iter()
                        .any(|x| ctx.text_of(p).contains(x))
                    {
                        return true;
                    }
                    prev = p.prev_named_sibling();
                }
            }
            _ => {}
        }
        child = n;
        current = n.parent();
    }
    false
}

/// `s.split(':').next()` (also `rsplit`, `splitn`, `rsplitn`): the first item of a split always
/// exists, even for an empty string. Not `split_whitespace()` or `lines()`, which yield nothing
/// for an empty string.
fn first_of_split(ctx: &FileContext<'_>, receiver: Node<'_>) -> bool {
    method_call(ctx, receiver).is_some_and(|(method, split, args)| {
        method == "next"
            && args == 0
            && method_call(ctx, split).is_some_and(|(method, _, _)| {
                matches!(method, "split" | "rsplit" | "splitn" | "rsplitn")
            })
    })
}

/// `value.method(args…)`: the method's name, the value it is called on, and how many
/// arguments it is given.
fn method_call<'a, 't>(
    ctx: &FileContext<'a>,
    node: Node<'t>,
) -> Option<(&'a str, Node<'t>, usize)> {
    if node.kind() != "call_expression" {
        return None;
    }
    let function = node
        .field("function")
        .filter(|f| f.kind() == "field_expression")?;
    let args = node.field("arguments").map_or(0, |a| a.named_child_count());
    Some((
        ctx.text_of(function.field("field")?),
        function.field("value")?,
        args,
    ))
}

/// The call sits in an item or statement that allows the lint by name
/// (`#[allow(clippy::unwrap_used)]` on the function or the `let`): a reviewed exception under a
/// crate that denies it.
pub(super) fn lint_allowed<'a>(ctx: &FileContext<'a>, call: Node<'a>, lint: &str) -> bool {
    // Sibling walks are linear in tree-sitter: only where the lint is named at all.
    if !ctx.text.contains(lint) {
        return false;
    }
    ctx.ancestors(call)
        .filter(|n| {
            matches!(
                n.kind(),
                "function_item"
                    | "impl_item"
                    | "let_declaration"
                    | "expression_statement"
                    | "mod_item"
                    | "const_item"
                    | "static_item"
            )
        })
        .take(8)
        .any(|item| {
            crate::rules::util::rust_attributes(ctx, item)
                .iter()
                .any(|a| (a.starts_with("allow(") || a.starts_with("expect(")) && a.contains(lint))
        })
}

/// `m.lock()`, `rw.read()`, `rw.write()` with no arguments (`file.read(&mut buf)` takes one;
/// `try_lock()` fails when the lock is busy).
fn acquires_lock(ctx: &FileContext<'_>, receiver: Node<'_>) -> bool {
    method_call(ctx, receiver)
        .is_some_and(|(method, _, args)| args == 0 && matches!(method, "lock" | "read" | "write"))
}

/// `write!(s, …)`/`writeln!(s, …)` where `s` is a `String` or `Vec<u8>` of the function: a local
/// made with `String::new()`, `format!`, `Vec::new()`…, or a `&mut String`/`&mut Vec<u8>`
/// parameter. Writing to memory only fails when allocation does, which aborts anyway.
fn writes_to_memory(ctx: &FileContext<'_>, receiver: Node<'_>) -> bool {
    if receiver.kind() != "macro_invocation" {
        return false;
    }
    let name = receiver.field("macro").map_or("", |m| ctx.text_of(m));
    if !matches!(name, "write" | "writeln") {
        return false;
    }
    let Some(args) = receiver.named_child(1).filter(|a| a.kind() == "token_tree") else {
        return false;
    };
    let inner = ctx.text_of(args).trim_start_matches(['(', '[', '{']);
    let target = inner.split(',').next().unwrap_or("").trim();
    let target = target.strip_prefix("&mut ").unwrap_or(target).trim();
    // `self.content`, `target.buf`: a field, whose type a struct of the file declares.
    if let Some((_, field)) = target.rsplit_once('.')
        && !field.is_empty()
        && field.chars().all(|c| c.is_alphanumeric() || c == '_')
        && target
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    {
        // Every field of that name in the file is in memory (another struct's `buf: File`
        // would make it ambiguous).
        let mut types = ctx
            .nodes_of_kind("field_declaration")
            .filter(|d| d.field("name").is_some_and(|n| ctx.text_of(n) == field))
            .map(|d| {
                d.field("type")
                    .map(|t| ctx.text_of(t).split_whitespace().collect::<String>())
                    .unwrap_or_default()
            })
            .peekable();
        return types.peek().is_some()
            && types.all(|t| matches!(t.as_str(), "String" | "Vec<u8>" | "std::string::String"));
    }
    if target.is_empty() || !target.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return false;
    }
    let Some(function) = crate::rules::util::ancestor_of_kind(receiver, &["function_item"]) else {
        return false;
    };
    // The signature, and the code shortly before the macro: where `s` is declared. Bounded, so
    // a function of thousands of writes stays linear.
    let signature_end = function
        .field("body")
        .map_or(function.end_byte(), |b| b.start_byte());
    let mut window_start = receiver
        .start_byte()
        .saturating_sub(8_192)
        .max(signature_end);
    while window_start < receiver.start_byte() && !ctx.text.is_char_boundary(window_start) {
        window_start += 1;
    }
    let squeeze = |range: std::ops::Range<usize>| -> String {
        ctx.text
            .get(range)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let code = format!(
        "{} {}",
        squeeze(function.start_byte()..signature_end),
        squeeze(window_start..receiver.start_byte())
    );
    const MADE_IN_MEMORY: &[&str] = &[
        "String::new()",
        "String::with_capacity(",
        "String::from(",
        "format!(",
        "Vec::new()",
        "Vec::with_capacity(",
        "vec![",
    ];
    let local = ["let mut ", "let "].iter().any(|l| {
        [": String = ", " = "].iter().any(|sep| {
            MADE_IN_MEMORY
                .iter()
                .any(|m| code.contains(&format!("{l}{target}{sep}{m}")))
        })
    });
    let parameter = [
        format!("{target}: &mut String"),
        format!("{target}: &mut Vec<u8>"),
        format!("mut {target}: String"),
    ]
    .iter()
    .any(|p| code.contains(p.as_str()));
    local || parameter
}

fn has_constant_input(ctx: &FileContext<'_>, receiver: Node<'_>) -> bool {
    if receiver.kind() != "call_expression" {
        return false;
    }
    let mut literal = false;
    if constant_call(ctx, receiver, &mut literal) && literal {
        return true;
    }
    let args = crate::rules::util::call_arguments(receiver);
    if !args.iter().all(|a| is_constant(ctx, *a)) {
        return false;
    }
    let Some(function) = callee(receiver) else {
        return false;
    };
    match function.kind() {
        // `Regex::new("…")`, `Url::parse("…")`: a pure parser or constructor of constants (not
        // `env::var("PORT")` or `File::open("app.toml")`, which read the environment).
        "scoped_identifier" => {
            let (owner, name) = owner_and_name(ctx.text_of(function));
            !args.is_empty()
                && (matches!(
                    name,
                    "parse" | "from_str" | "from_static" | "try_from" | "compile"
                ) || (name == "new"
                    && (matches!(owner, "Regex" | "RegexSet" | "Glob")
                        || owner.starts_with("NonZero"))))
        }
        // `"…".parse()`: a method on a literal.
        // `"…".parse()` on a literal, and a pure conversion of a constant
        // (`NUMBER_OF_SECTIONS.try_into()`). Not other methods of constants: `CACHE.get()` or
        // `GLOBAL.lock()` on a static depend on run-time state.
        "field_expression" => function.field("value").is_some_and(|v| {
            is_literal(v)
                || (is_constant(ctx, v)
                    && function
                        .field("field")
                        .is_some_and(|m| matches!(ctx.text_of(m), "parse" | "try_into")))
        }),
        _ => false,
    }
}

/// The function a call calls, through a turbofish (`parse::<u16>` → `parse`).
fn callee(call: Node<'_>) -> Option<Node<'_>> {
    let function = call.field("function")?;
    if function.kind() == "generic_function" {
        function.field("function")
    } else {
        Some(function)
    }
}

/// `Regex::new` → (`Regex`, `new`); `regex::Regex::new` → (`Regex`, `new`).
fn owner_and_name(path: &str) -> (&str, &str) {
    let mut segments = path.rsplit("::");
    let name = segments.next().unwrap_or("");
    (segments.next().unwrap_or(""), name)
}

/// Calls that touch the world outside the program (files, sockets, processes, clocks, locks,
/// thread pools and runtimes being built), whatever their arguments.
const TOUCHES_ENVIRONMENT: &[&str] = &[
    "open",
    "create",
    "bind",
    "connect",
    "listen",
    "accept",
    "spawn",
    "output",
    "status",
    "run",
    "exec",
    "execute",
    "send",
    "recv",
    "read",
    "read_to_string",
    "read_dir",
    "write",
    "metadata",
    "canonicalize",
    "remove_file",
    "remove_dir",
    "remove_dir_all",
    "rename",
    "copy",
    "load",
    "save",
    "build",
    "build_global",
    "finish",
    "lock",
    "join",
    "wait",
    "init",
    "install",
    "install_default",
    "register",
    "start",
    "serve",
    "http",
    "https",
    "current_dir",
    "home_dir",
    "var",
    "from_env",
    "from_path",
    "from_file",
    "query",
    "get",
    "post",
    "duration_since",
    "elapsed",
    "now",
];

/// Types whose constructors open a resource (`Command::new("git")` runs later, but its chain
/// ends in a call that does).
const RESOURCE_TYPES: &[&str] = &[
    "Command",
    "File",
    "OpenOptions",
    "TcpListener",
    "TcpStream",
    "UdpSocket",
    "UnixListener",
    "UnixStream",
    "UnixDatagram",
    "Socket",
    "Runtime",
    "Connection",
    "Pool",
    "Database",
    "Repository",
    "Server",
    "Client",
    "Endpoint",
    "Channel",
    "Listener",
    "Watcher",
    "Terminal",
    "Process",
    "Thread",
    "SystemTime",
    "Instant",
    "Tera",
    "Handlebars",
    "Db",
    "Store",
    "Storage",
    "Keyring",
    "Device",
    "Mmap",
    "Transport",
];

/// `Backlog::new(1)`, `ProgressStyle::with_template("[{bar:40}] {pos}")`,
/// `Response::builder().status(401).header("Content-Type", "text/plain").body(Body::from("…"))`:
/// a chain of calls rooted at a type's associated function whose every argument is a constant
/// (a literal, a `CONSTANT`, `StatusCode::OK`, or such a call itself), and none of which touches
/// the environment: it fails on every run or on none. `literal` records whether a literal was
/// seen, which the top-level caller requires (`Uuid::new_v4()` holds none).
fn constant_call(ctx: &FileContext<'_>, call: Node<'_>, literal: &mut bool) -> bool {
    let mut node = call;
    for _ in 0..32 {
        if node.kind() != "call_expression" {
            return false;
        }
        for arg in crate::rules::util::call_arguments(node) {
            let arg = if arg.kind() == "reference_expression" {
                match arg.field("value") {
                    Some(v) => v,
                    None => return false,
                }
            } else {
                arg
            };
            if is_literal(arg) {
                *literal = true;
            } else if !(is_constant(ctx, arg)
                || (arg.kind() == "call_expression" && constant_call(ctx, arg, literal)))
            {
                return false;
            }
        }
        let Some(function) = callee(node) else {
            return false;
        };
        match function.kind() {
            "field_expression" => {
                let method = function.field("field").map_or("", |m| ctx.text_of(m));
                // `.status(401)` sets a builder's field; `.status()` runs a `Command`.
                let setter =
                    method == "status" && !crate::rules::util::call_arguments(node).is_empty();
                if TOUCHES_ENVIRONMENT.contains(&method) && !setter {
                    return false;
                }
                match function.field("value") {
                    Some(v) => node = v,
                    None => return false,
                }
            }
            "scoped_identifier" => {
                let (owner, name) = owner_and_name(ctx.text_of(function));
                return owner.starts_with(|c: char| c.is_ascii_uppercase())
                    && !RESOURCE_TYPES.contains(&owner)
                    && !TOUCHES_ENVIRONMENT.contains(&name);
            }
            _ => return false,
        }
    }
    false
}

/// A literal, or a constant by Rust's naming convention (`MAX_LEN`, `Self::SIZE`, `u32::MAX`):
/// the same value on every run.
fn is_constant(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    if is_literal(node) || is_compile_time_text(ctx, node) {
        return true;
    }
    let name = match node.kind() {
        "identifier" => ctx.text_of(node),
        "scoped_identifier" => node.field("name").map(|n| ctx.text_of(n)).unwrap_or(""),
        _ => return false,
    };
    name.len() > 1
        && name.chars().any(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// `env!("CARGO_PKG_VERSION")`, `crate_version!()`, `concat!(…)`, `include_str!(…)`: text fixed
/// when the program is compiled.
fn is_compile_time_text(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    node.kind() == "macro_invocation"
        && node.field("macro").is_some_and(|m| {
            let name = ctx.text_of(m);
            let name = name.rsplit("::").next().unwrap_or(name);
            matches!(
                name,
                "env"
                    | "concat"
                    | "include_str"
                    | "include_bytes"
                    | "stringify"
                    | "crate_version"
                    | "crate_name"
                    | "crate_authors"
                    | "crate_description"
            )
        })
}

fn is_literal(node: Node<'_>) -> bool {
    matches!(
        node.kind(),
        "string_literal"
            | "raw_string_literal"
            | "integer_literal"
            | "float_literal"
            | "boolean_literal"
            | "char_literal"
    )
}

/// Whether a comment states why the call cannot fail: on the lines of its statement up to the
/// call (`.unwrap() // cannot fail: checked above`), or in the comment lines right above the
/// statement. The project's own standard allows `unwrap`/`expect` with a comment that proves
/// the invariant. A comment that doubts the call (`TODO`, "may fail", "not safe") does not
/// count.
pub(super) fn invariant_documented<'a>(ctx: &FileContext<'a>, call: Node<'a>) -> bool {
    let statement = ctx
        .ancestors(call)
        .find(|n| {
            ctx.parent(*n).is_some_and(|p| {
                matches!(
                    p.kind(),
                    "block" | "source_file" | "declaration_list" | "match_block"
                )
            })
        })
        .unwrap_or(call);
    let first = statement.start_position().row;
    let last = call.end_position().row;
    let mut comments = String::new();
    for row in first..=last {
        comments.push_str(&comments_on_line(ctx, row, false));
    }
    // The comment lines right above, nearest first; a few lines at most.
    for row in (first.saturating_sub(6)..first).rev() {
        let own = comments_on_line(ctx, row, true);
        if own.is_empty() {
            break;
        }
        comments.push_str(&own);
    }
    states_invariant(&comments.to_lowercase())
}

/// The text of the comments that start on line `row` (0-based); with `whole_line`, only if the
/// line is nothing but comment.
fn comments_on_line(ctx: &FileContext<'_>, row: usize, whole_line: bool) -> String {
    let range = ctx.lines.line_range(row, ctx.text);
    let line = ctx.text.get(range.clone()).unwrap_or("");
    let indent = line.len() - line.trim_start().len();
    let mut out = String::new();
    for (node, kind) in ctx.nodes_starting_in(range.clone()) {
        if !crate::rules::util::is_comment_kind(kind) {
            continue;
        }
        if whole_line && node.start_byte() != range.start + indent {
            continue;
        }
        let comment = ctx.text_of(node);
        // A suppression marker keeps its own meaning: the finding is made, then suppressed (and
        // `unused-suppression` can tell whether it still applies).
        if comment.contains(crate::findings::suppress::MARKER) {
            if whole_line {
                out.push('\n');
            }
            continue;
        }
        out.push_str(comment);
        out.push('\n');
    }
    out
}

/// A lower-cased comment that says the call cannot fail, and does not doubt it.
fn states_invariant(comment: &str) -> bool {
    const DOUBTS: &[&str] = &[
        "todo",
        "fixme",
        "xxx",
        "hack",
        "not safe",
        "isn't safe",
        "may fail",
        "might fail",
        "could fail",
        "can fail",
        "may panic",
        "might panic",
        "could panic",
        "can panic",
        "not guaranteed",
        "isn't guaranteed",
        "no longer",
    ];
    const PROOFS: &[&str] = &[
        "cannot fail",
        "can't fail",
        "can not fail",
        "never fail",
        "won't fail",
        "will not fail",
        "cannot panic",
        "can't panic",
        "never panic",
        "won't panic",
        "will not panic",
        "infallible",
        "always succeed",
        "always valid",
        "always some",
        "always ok",
        "always present",
        "always exist",
        "always non-empty",
        "always set",
        "guaranteed",
        "safe to unwrap",
        "unwrap is safe",
        "unwrap() is safe",
        "unwrapping is safe",
        "is safe because",
        "safe since",
        "invariant",
        "checked above",
        "checked earlier",
        "already checked",
        "already validated",
        "validated above",
        "verified above",
    ];
    !DOUBTS.iter().any(|d| comment.contains(d)) && PROOFS.iter().any(|p| comment.contains(p))
}
