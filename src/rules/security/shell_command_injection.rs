use super::string_flow::{Flow, Source, callee_name, scope_of};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::call_arguments;
use crate::rules::util::{is_comment_kind, literal_string_value};
use crate::rules::{FileContext, Rule};
use std::collections::{HashMap, HashSet};
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// A shell run with a command string built from non-literal data: Rust
    /// `Command::new("sh"/"bash").arg("-c").arg(cmd)` (or `.args(["-c", cmd])`, also on a
    /// `let mut cmd = Command::new("sh")` variable), Go `exec.Command("sh", "-c", cmd)` and
    /// `exec.CommandContext(ctx, "bash", "-c", cmd)`, JS/TS `child_process` `exec`/`execSync`
    /// (and `spawn`/`execFile` with `shell: true`), Python `subprocess.run/call/Popen/
    /// check_output/check_call(…, shell=True)`, `subprocess.getoutput`, `os.system`, `os.popen`
    /// and `asyncio.create_subprocess_shell`, where the command is built by `format!`,
    /// `fmt.Sprintf`, an f-string, `%`, `.format()`, a template literal or `+` — directly, or in
    /// a local variable of the same function. The finding points where the string is built.
    ///
    /// ## Why it matters
    /// The shell parses the whole string: a file name such as `x; rm -rf ~` or `$(curl evil|sh)`
    /// spliced into it runs as a command with the service's privileges. Command injection is
    /// one of the most direct paths from a request parameter to a compromised host.
    ///
    /// ## How to fix
    /// Run the program directly with an argument vector and no shell
    /// (`Command::new("convert").arg(path)`, `exec.Command("convert", path)`,
    /// `execFile("convert", [path])`, `subprocess.run(["convert", path])`). If a shell is truly
    /// needed, pass data as positional parameters (`sh -c 'convert "$1"' _ path`) or quote every
    /// value (`shlex.quote`, `shell_escape::escape`).
    ///
    /// ## Example
    /// ```python
    /// subprocess.run(f"convert {upload_path} out.png", shell=True)
    /// ```
    /// Use instead:
    /// ```python
    /// subprocess.run(["convert", upload_path, "out.png"], check=True)
    /// ```
    ///
    /// ## Does not flag
    /// Literal commands and commands built only from literals and ALL_CAPS constants or numeric
    /// parameters; values wrapped in a quoting function (`shlex.quote`, `shell_escape::escape`,
    /// `shellescape.Quote`); argument vectors without a shell (`execFile`, `spawn` without
    /// `shell: true`, `Command::new("git").arg(x)`, `subprocess.run([...])`, `shell=False`);
    /// `RegExp.prototype.exec` and other `exec` methods not imported from `child_process`; a
    /// command passed through unchanged from a parameter or configuration (hook and task
    /// runners do this by design; where it came from is outside the function); comments,
    /// strings, and test code.
    pub struct ShellCommandInjection {
        id: "shell-command-injection",
        category: Category::Security,
        severity: Severity::High,
        effort_hours: 1.0,
        languages: &[
            Language::Rust,
            Language::Go,
            Language::Python,
            Language::JavaScript,
            Language::TypeScript,
            Language::Tsx,
        ],
        summary: "a shell command built from non-literal data",
        literals: &["-c", "-Command", "/C", "/c", "exec", "shell", "system", "popen", "getoutput", "spawn"],
    }
}

impl Rule for ShellCommandInjection {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let mut reported: HashSet<usize> = HashSet::new();
        // Python and JS find their commands without the assignment index: build it only when
        // there is one.
        let (flow, commands) = match ctx.language {
            Language::Rust => {
                let flow = Flow::new(ctx);
                let commands = rust_commands(ctx, &flow);
                (flow, commands)
            }
            Language::Go => {
                let flow = Flow::new(ctx);
                let commands = go_commands(ctx, &flow);
                (flow, commands)
            }
            l => {
                let commands = match l {
                    Language::Python => python_commands(ctx),
                    l if l.is_js_family() => js_commands(ctx),
                    _ => Vec::new(),
                };
                if commands.is_empty() {
                    return;
                }
                (Flow::new(ctx), commands)
            }
        };
        for (runner, command) in commands {
            if !ctx.is_production_code(command) {
                continue;
            }
            report(ctx, &flow, &runner, command, &mut reported, out);
        }
    }
}

fn report<'a>(
    ctx: &FileContext<'a>,
    flow: &Flow<'_, 'a>,
    runner: &str,
    command: Node<'a>,
    reported: &mut HashSet<usize>,
    out: &mut Vec<Finding>,
) {
    for source in flow.sources(command) {
        let (at, how, value) = match source {
            Source::Built(b) => {
                let Some(bad) = b.values.iter().find(|v| flow.is_unsafe(v, false)) else {
                    continue;
                };
                (b.node, b.how, bad.text.clone())
            }
            Source::Appended { at, value } => {
                if flow.is_safe_node(value, false) {
                    continue;
                }
                (at, "`+=`", ctx.text_of(value).to_string())
            }
            Source::Literal(_) | Source::Opaque => continue,
        };
        if !ctx.is_production_code(at) || !reported.insert(at.start_byte()) {
            continue;
        }
        let value: String = value.split_whitespace().collect::<Vec<_>>().join(" ");
        let value: String = value.chars().take(60).collect();
        let mut finding = ctx.finding(
            &ShellCommandInjection::META,
            at,
            format!(
                "shell command built with {how} from `{value}` runs through {runner}: pass \
                 arguments without a shell or quote them"
            ),
        );
        finding.end_line = finding.line;
        out.push(finding);
    }
}

/// `sh`, `/bin/bash`, `cmd.exe`, `pwsh`…
fn shell_kind(program: &str) -> Option<&'static str> {
    let base = program.rsplit(['/', '\\']).next().unwrap_or(program);
    let base = base.to_ascii_lowercase();
    let base = base.strip_suffix(".exe").unwrap_or(&base);
    match base {
        "sh" | "bash" | "zsh" | "dash" | "ksh" | "ash" | "fish" => Some("sh"),
        "cmd" => Some("cmd"),
        "powershell" | "pwsh" => Some("powershell"),
        _ => None,
    }
}

/// The flag after which the shell reads a command string: `-c`, `-lc`, `-ec`; `/C` for cmd;
/// `-Command` for PowerShell.
fn is_command_flag(shell: &str, flag: &str) -> bool {
    match shell {
        "cmd" => matches!(flag, "/c" | "/C" | "/k" | "/K"),
        "powershell" => {
            let f = flag.to_ascii_lowercase();
            f == "-c" || f == "-command"
        }
        _ => {
            flag.len() >= 2
                && !flag.starts_with("--")
                && flag.strip_prefix('-').is_some_and(|rest| {
                    rest.chars().all(|c| c.is_ascii_alphabetic()) && rest.contains('c')
                })
        }
    }
}

fn literal<'a>(ctx: &FileContext<'a>, node: Node<'_>) -> Option<&'a str> {
    let mut n = node;
    while n.kind() == "reference_expression" {
        n = last_child(n)?;
    }
    literal_string_value(n, ctx.text)
}

/// Given the arguments after the program, the command string's node when a command flag
/// precedes it.
fn command_after_flag<'a>(
    ctx: &FileContext<'a>,
    shell: &str,
    args: &[Option<Node<'a>>],
) -> Option<Node<'a>> {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let Some(arg) = arg else { return None };
        if literal(ctx, *arg).is_some_and(|f| is_command_flag(shell, f)) {
            return iter.next().copied().flatten();
        }
    }
    None
}

fn last_child(node: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| !is_comment_kind(c.kind()))
        .last()
}

// ---- Rust -------------------------------------------------------------------------------------

fn rust_commands<'a>(ctx: &FileContext<'a>, flow: &Flow<'_, 'a>) -> Vec<(String, Node<'a>)> {
    let mut out = Vec::new();
    for call in ctx.nodes_of_kind("call_expression") {
        let Some(function) = call.field("function") else {
            continue;
        };
        if function.kind() != "scoped_identifier" {
            continue;
        }
        let is_new = function
            .field("name")
            .is_some_and(|n| ctx.text_of(n) == "new");
        let is_command = function
            .field("path")
            .is_some_and(|p| ctx.text_of(p).rsplit("::").next() == Some("Command"));
        if !is_new || !is_command {
            continue;
        }
        let Some(program) = call_arguments(call)
            .first()
            .and_then(|a| flow.resolved_literal(*a))
        else {
            continue;
        };
        let Some(shell) = shell_kind(&program) else {
            continue;
        };

        let (mut calls, top) = method_chain(ctx, call);
        // `let mut cmd = Command::new("sh"); cmd.arg("-c").arg(x);`
        if let Some(var) = top
            .parent()
            .filter(|p| p.kind() == "let_declaration")
            .and_then(|p| p.field("pattern"))
            .filter(|p| p.kind() == "identifier")
        {
            let name = ctx.text_of(var);
            let scope = scope_of(ctx, top);
            for later in ctx.nodes_of_kind("call_expression") {
                if later.start_byte() <= top.end_byte()
                    || scope_of(ctx, later).map(|s| s.id()) != scope.map(|s| s.id())
                {
                    continue;
                }
                let Some(f) = later.field("function") else {
                    continue;
                };
                let rooted = f.kind() == "field_expression"
                    && f.field("value")
                        .is_some_and(|v| v.kind() == "identifier" && ctx.text_of(v) == name);
                if !rooted {
                    continue;
                }
                if let Some(field) = f.field("field") {
                    calls.push((ctx.text_of(field), later));
                }
                let (more, _) = method_chain(ctx, later);
                calls.extend(more);
            }
        }
        let mut args: Vec<Option<Node<'_>>> = Vec::new();
        for (method, c) in calls {
            let call_args = call_arguments(c);
            match method {
                "arg" => args.push(call_args.first().copied()),
                "args" => match call_args.first().map(|a| array_items(ctx, *a)) {
                    Some(Some(items)) => args.extend(items.into_iter().map(Some)),
                    _ => args.push(None),
                },
                _ => {}
            }
        }
        if let Some(command) = command_after_flag(ctx, shell, &args) {
            out.push((format!("`Command::new(\"{program}\")`"), command));
        }
    }
    out
}

/// The method calls chained on `start` (`start.arg(..).args(..)`), and the chain's top node.
fn method_chain<'a>(
    ctx: &FileContext<'a>,
    start: Node<'a>,
) -> (Vec<(&'a str, Node<'a>)>, Node<'a>) {
    let mut calls = Vec::new();
    let mut current = start;
    while let Some(parent) = ctx.parent(current) {
        if parent.kind() != "field_expression" || parent.field("value") != Some(current) {
            break;
        }
        let Some(grand) = ctx.parent(parent) else {
            break;
        };
        if grand.kind() != "call_expression" || grand.field("function") != Some(parent) {
            break;
        }
        if let Some(field) = parent.field("field") {
            calls.push((ctx.text_of(field), grand));
        }
        current = grand;
    }
    (calls, current)
}

/// The items of `["-c", x]`, `&["-c", x]`, `vec!["-c", x]`.
fn array_items<'a>(ctx: &FileContext<'a>, node: Node<'a>) -> Option<Vec<Node<'a>>> {
    let mut n = node;
    while n.kind() == "reference_expression" {
        n = last_child(n)?;
    }
    match n.kind() {
        "array_expression" => {
            let mut cursor = n.walk();
            Some(
                n.named_children(&mut cursor)
                    .filter(|c| !is_comment_kind(c.kind()))
                    .collect(),
            )
        }
        "macro_invocation" => {
            let name = ctx.text_of(n.field("macro")?);
            if name != "vec" {
                return None;
            }
            let tree = last_child(n)?;
            let mut cursor = tree.walk();
            let tokens: Vec<Node<'a>> = tree.children(&mut cursor).collect();
            let inner = tokens.get(1..tokens.len().saturating_sub(1)).unwrap_or(&[]);
            let mut items = Vec::new();
            let mut current: Vec<Node<'a>> = Vec::new();
            for t in inner {
                if t.kind() == "," {
                    items.push(std::mem::take(&mut current));
                } else {
                    current.push(*t);
                }
            }
            items.push(current);
            // Only single-token items can be followed; anything else stops the walk.
            items
                .into_iter()
                .filter(|i| !i.is_empty())
                .map(|i| match i.as_slice() {
                    [single] => Some(*single),
                    _ => None,
                })
                .collect()
        }
        _ => None,
    }
}

// ---- Go ---------------------------------------------------------------------------------------

fn go_commands<'a>(ctx: &FileContext<'a>, flow: &Flow<'_, 'a>) -> Vec<(String, Node<'a>)> {
    let mut out = Vec::new();
    for call in ctx.nodes_of_kind("call_expression") {
        let Some(function) = call.field("function") else {
            continue;
        };
        let callee = ctx.text_of(function);
        let skip = match callee {
            "exec.Command" => 0,
            "exec.CommandContext" => 1,
            _ => continue,
        };
        let args = call_arguments(call);
        let Some(program) = args.get(skip).and_then(|a| flow.resolved_literal(*a)) else {
            continue;
        };
        let Some(shell) = shell_kind(&program) else {
            continue;
        };
        let rest: Vec<Option<Node<'a>>> = args.iter().skip(skip + 1).map(|a| Some(*a)).collect();
        if let Some(command) = command_after_flag(ctx, shell, &rest) {
            out.push((format!("`{callee}(\"{program}\", …)`"), command));
        }
    }
    out
}

// ---- JavaScript / TypeScript ------------------------------------------------------------------

/// Names bound to `child_process` in this file: module aliases and imported functions.
#[derive(Default)]
struct ChildProcess<'a> {
    modules: HashSet<&'a str>,
    /// Local name → `child_process` function name.
    functions: HashMap<&'a str, &'a str>,
}

fn is_child_process_module(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    literal_string_value(node, ctx.text)
        .is_some_and(|m| matches!(m, "child_process" | "node:child_process" | "shelljs"))
}

/// `require('child_process')`.
fn is_require_child_process(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    node.kind() == "call_expression"
        && node
            .field("function")
            .is_some_and(|f| ctx.text_of(f) == "require")
        && call_arguments(node)
            .first()
            .is_some_and(|a| is_child_process_module(ctx, *a))
}

fn child_process_bindings<'a>(ctx: &FileContext<'a>) -> ChildProcess<'a> {
    let mut cp = ChildProcess::default();
    for (node, kind) in ctx.nodes_with_kinds() {
        match kind {
            "import_statement" => {
                let Some(source) = node.field("source") else {
                    continue;
                };
                if !is_child_process_module(ctx, source) {
                    continue;
                }
                crate::rules::util::visit_descendants(
                    node,
                    |_| true,
                    |n| match n.kind() {
                        "import_specifier" => {
                            let name = n.field("name").map(|x| ctx.text_of(x));
                            let alias = n.field("alias").map(|x| ctx.text_of(x));
                            if let Some(name) = name {
                                cp.functions.insert(alias.unwrap_or(name), name);
                            }
                        }
                        "namespace_import" => {
                            if let Some(id) = n.named_child(0) {
                                cp.modules.insert(ctx.text_of(id));
                            }
                        }
                        "import_clause" => {
                            if let Some(id) = n.named_child(0).filter(|c| c.kind() == "identifier")
                            {
                                cp.modules.insert(ctx.text_of(id));
                            }
                        }
                        _ => {}
                    },
                );
            }
            "variable_declarator" => {
                let (Some(name), Some(value)) = (node.field("name"), node.field("value")) else {
                    continue;
                };
                // `var execSync = require('child_process').execSync`, `var exec = cp.exec`.
                if name.kind() == "identifier" && value.kind() == "member_expression" {
                    let object = value.field("object");
                    let property = value.field("property").map(|p| ctx.text_of(p));
                    let from_module = object.is_some_and(|o| {
                        is_require_child_process(ctx, o)
                            || (o.kind() == "identifier" && cp.modules.contains(ctx.text_of(o)))
                    });
                    if let (true, Some(property)) = (from_module, property) {
                        cp.functions.insert(ctx.text_of(name), property);
                    }
                    continue;
                }
                if is_require_child_process(ctx, value) {
                    match name.kind() {
                        "identifier" => {
                            cp.modules.insert(ctx.text_of(name));
                        }
                        "object_pattern" => {
                            let mut cursor = name.walk();
                            for p in name.named_children(&mut cursor) {
                                match p.kind() {
                                    "shorthand_property_identifier_pattern" => {
                                        let t = ctx.text_of(p);
                                        cp.functions.insert(t, t);
                                    }
                                    "pair_pattern" => {
                                        if let (Some(k), Some(v)) =
                                            (p.field("key"), p.field("value"))
                                        {
                                            cp.functions.insert(ctx.text_of(v), ctx.text_of(k));
                                        }
                                    }
                                    _ => {}
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    // `const run = promisify(exec)` / `util.promisify(cp.execSync)`.
    for node in ctx.nodes_of_kind("variable_declarator") {
        let (Some(name), Some(value)) = (node.field("name"), node.field("value")) else {
            continue;
        };
        if name.kind() != "identifier" || value.kind() != "call_expression" {
            continue;
        }
        if callee_name(ctx, value) != Some("promisify") {
            continue;
        }
        if let Some(target) = call_arguments(value)
            .first()
            .and_then(|a| js_cp_function(ctx, &cp, *a))
        {
            cp.functions.insert(ctx.text_of(name), target);
        }
    }
    cp
}

/// The `child_process` function a callee expression names, if any.
fn js_cp_function<'a>(
    ctx: &FileContext<'a>,
    cp: &ChildProcess<'a>,
    callee: Node<'a>,
) -> Option<&'a str> {
    match callee.kind() {
        "identifier" => cp.functions.get(ctx.text_of(callee)).copied(),
        "member_expression" => {
            let object = callee.field("object")?;
            let property = ctx.text_of(callee.field("property")?);
            let from_module = (object.kind() == "identifier"
                && cp.modules.contains(ctx.text_of(object)))
                || is_require_child_process(ctx, object);
            from_module.then_some(property)
        }
        _ => None,
    }
}

fn has_shell_true(ctx: &FileContext<'_>, options: Node<'_>) -> bool {
    if options.kind() != "object" {
        return false;
    }
    let mut cursor = options.walk();
    options.named_children(&mut cursor).any(|p| {
        p.kind() == "pair"
            && p.field("key").is_some_and(|k| ctx.text_of(k) == "shell")
            && p.field("value").is_some_and(|v| v.kind() == "true")
    })
}

fn js_commands<'a>(ctx: &FileContext<'a>) -> Vec<(String, Node<'a>)> {
    let cp = child_process_bindings(ctx);
    if cp.modules.is_empty() && cp.functions.is_empty() && !ctx.text.contains("child_process") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for call in ctx.nodes_of_kind("call_expression") {
        let Some(callee) = call.field("function") else {
            continue;
        };
        let Some(function) = js_cp_function(ctx, &cp, callee) else {
            continue;
        };
        let args = call_arguments(call);
        let shell = match function {
            "exec" | "execSync" => true,
            "spawn" | "spawnSync" | "execFile" | "execFileSync" => {
                args.iter().skip(1).any(|a| has_shell_true(ctx, *a))
            }
            _ => false,
        };
        if !shell {
            continue;
        }
        if let Some(command) = args.first() {
            out.push((format!("`{function}`"), *command));
        }
    }
    out
}

// ---- Python -----------------------------------------------------------------------------------

fn python_commands<'a>(ctx: &FileContext<'a>) -> Vec<(String, Node<'a>)> {
    // Module aliases (`import subprocess as sp`) and names imported from the modules.
    let mut modules: HashMap<&'a str, &'a str> = HashMap::new();
    for m in ["subprocess", "os", "asyncio"] {
        modules.insert(m, m);
    }
    let mut imported: HashMap<&'a str, (&'a str, &'a str)> = HashMap::new();
    for (node, kind) in ctx.nodes_with_kinds() {
        match kind {
            "aliased_import" => {
                let (Some(name), Some(alias)) = (node.field("name"), node.field("alias")) else {
                    continue;
                };
                let module = ctx.text_of(name);
                if matches!(module, "subprocess" | "os" | "asyncio") {
                    modules.insert(ctx.text_of(alias), module);
                }
            }
            "import_from_statement" => {
                let Some(module) = node.field("module_name").map(|m| ctx.text_of(m)) else {
                    continue;
                };
                if !matches!(module, "subprocess" | "os" | "asyncio") {
                    continue;
                }
                let mut cursor = node.walk();
                for n in node.children_by_field_name("name", &mut cursor) {
                    match n.kind() {
                        "dotted_name" => {
                            let t = ctx.text_of(n);
                            imported.insert(t, (module, t));
                        }
                        "aliased_import" => {
                            if let (Some(name), Some(alias)) = (n.field("name"), n.field("alias")) {
                                imported.insert(ctx.text_of(alias), (module, ctx.text_of(name)));
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for call in ctx.nodes_of_kind("call") {
        let Some(callee) = call.field("function") else {
            continue;
        };
        let target = match callee.kind() {
            "attribute" => {
                let object = callee.field("object").map(|o| ctx.text_of(o));
                let attr = callee.field("attribute").map(|a| ctx.text_of(a));
                match (object.and_then(|o| modules.get(o)), attr) {
                    (Some(m), Some(a)) => Some((*m, a)),
                    _ => None,
                }
            }
            "identifier" => imported.get(ctx.text_of(callee)).copied(),
            _ => None,
        };
        let Some((module, function)) = target else {
            continue;
        };
        let args = call_arguments(call);
        let always_shell = matches!(
            (module, function),
            ("subprocess", "getoutput" | "getstatusoutput")
                | ("os", "system" | "popen")
                | ("asyncio", "create_subprocess_shell")
        );
        let shell_keyword = matches!(
            (module, function),
            (
                "subprocess",
                "run" | "call" | "Popen" | "check_output" | "check_call"
            )
        ) && args.iter().any(|a| {
            a.kind() == "keyword_argument"
                && a.field("name").is_some_and(|n| ctx.text_of(n) == "shell")
                && a.field("value").is_some_and(|v| v.kind() == "true")
        });
        if !(always_shell || shell_keyword) {
            continue;
        }
        let command = args
            .iter()
            .find(|a| {
                !matches!(
                    a.kind(),
                    "keyword_argument" | "list_splat" | "dictionary_splat"
                )
            })
            .copied()
            .or_else(|| {
                args.iter()
                    .filter(|a| a.kind() == "keyword_argument")
                    .find(|a| {
                        a.field("name")
                            .is_some_and(|n| matches!(ctx.text_of(n), "args" | "cmd" | "command"))
                    })
                    .and_then(|a| a.field("value"))
            });
        if let Some(command) = command {
            out.push((format!("`{module}.{function}`"), command));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shells_and_flags() {
        assert_eq!(shell_kind("/bin/sh"), Some("sh"));
        assert_eq!(shell_kind("bash"), Some("sh"));
        assert_eq!(shell_kind("cmd.exe"), Some("cmd"));
        assert_eq!(shell_kind("git"), None);
        assert!(is_command_flag("sh", "-c"));
        assert!(is_command_flag("sh", "-lc"));
        assert!(!is_command_flag("sh", "--norc"));
        assert!(!is_command_flag("sh", "-x"));
        assert!(is_command_flag("cmd", "/C"));
    }
}
