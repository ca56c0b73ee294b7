use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::{go_import_name, go_import_paths, go_package_name, literal_string_value};
use crate::rules::{FileContext, Rule};
use std::time::Duration;
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Debug output left in production code:
    /// - Rust: `dbg!` anywhere (high severity); `println!`, `eprintln!`, `print!`, `eprint!` in
    ///   library code;
    /// - JS/TS: `console.log` and `console.debug` in server or library code;
    /// - Go: `fmt.Print`/`Printf`/`Println` and the builtins `print`/`println` outside
    ///   `package main`;
    /// - Python: `print(…)` in library modules.
    ///
    /// ## Why it matters
    /// Prints bypass the logging pipeline: no level, no timestamp, no request id, no structured
    /// fields, no way to turn them off. In a library they write into the host program's
    /// stdout, which may be a protocol stream (a CLI's JSON output, an LSP server, a CGI
    /// response). `dbg!` is a leftover by definition and also prints source paths.
    ///
    /// ## How to fix
    /// Remove leftovers; log what is worth keeping through the project's logger (`tracing` /
    /// `log`, `slog`/`zap`, `logging.getLogger(__name__)`, `pino`/`winston`) at the right
    /// level; return data to the caller instead of printing it.
    ///
    /// ## Example
    /// ```python
    /// def charge(order):
    ///     print("charging", order.id, order.total)
    ///     return gateway.charge(order.total)
    /// ```
    /// Use instead:
    /// ```python
    /// log = logging.getLogger(__name__)
    ///
    /// def charge(order):
    ///     log.info("charging order %s for %s", order.id, order.total)
    ///     return gateway.charge(order.total)
    /// ```
    ///
    /// ## Does not flag
    /// Programs whose job is to print: Rust binary targets (`src/main.rs`, `src/bin/**`,
    /// `build.rs`, packages without a library, `[[bin]]`/`[[example]]` paths of `Cargo.toml`,
    /// modules declared only from `main.rs` or beside a `[[bin]]` path in a folder of its own,
    /// library modules that import `clap`, `crate::cli` (or `opt`, `args`, `cmd`) or read the
    /// terminal (`stdin().read_line`) in a package with a binary (also a `[[bin]]` outside
    /// `src/`), and every
    /// module of such a package whose `lib.rs` imports `clap`); Go `package main`, files that import a
    /// command-line framework (cobra, urfave/cli, kingpin, kong, mitchellh/cli, ff) and functions
    /// that read the terminal (`os.Stdin`, `fmt.Scanln`, `term.ReadPassword`); Python `__main__.py`,
    /// modules with an `if __name__ == "__main__":` block, and `.py` files outside a package (no
    /// `__init__.py` beside them: scripts, `setup.py`, `manage.py`), modules that import
    /// `setuptools`/`distutils` (build commands) or build a command line (click, typer,
    /// argparse, docopt, fire), and, with console scripts, modules that render for a terminal
    /// (prompt_toolkit, readline, curses, rich's console, pygments formatters); Go subcommand
    /// packages that parse their own flags (`flag.NewFlagSet`); JS/TS files named in
    /// `package.json` `bin` (or the source with the same name), starting with a `#!` line,
    /// modules of a package with a `bin` that import a terminal output or prompt package
    /// (`chalk`, `ora`, `inquirer`…), or build configuration (`*.config.js`, `gulpfile.js`); in every language files under
    /// `cli/`, `bin/`, `cmd/`, `scripts/`, `tools/`, `commands/`, `management/` or `debug/`,
    /// entry points and front ends (`cli.*`, `cmdline.*`, `main.*`, `shell.*`), and output or
    /// diagnostics modules (`output.*`, `formats.*`, `display.*`, `logger.*`, `progress.*`, `*_stdout_*`,
    /// `*_snippets.*`). Also not flagged: a print that echoes the logger call beside it
    /// (`logger.info(msg)` then `print(msg)`, also `log.error("failed: %s", ex)` then
    /// `print("failed: %s" % ex)`); styled browser-console messages
    /// (`console.log("%c…", "color: red", …)`); blank lines (`console.log()`,
    /// `console.log('')`); prints inside functions, classes or objects whose name says they print
    /// or log (`print_summary`, `showHelp`, `usage`, `promptUser`, `askConfirmation`, `generateBashCompletion`, `Logger`,
    /// `main`); prints guarded by a switch (`if verbose`, `if self.debuglevel > 0`,
    /// `if (process.env.DEBUG)`, `if args.stdout`, `debug && console.log(…)`, `if false`,
    /// `#[cfg(debug_assertions)]` or a custom `cfg` flag); prompts in Python functions or modules
    /// that call `input()`/`getpass()`; last words before `exit`/`abort`/`raise SystemExit`/Go `log.Fatal`; functions that only
    /// print fixed text, three lines or more (a help or banner routine); Cargo build-script directives
    /// (`println!("cargo:…")`) and terminal escape sequences; prints a linter was told to allow
    /// (`// eslint-disable-next-line no-console`, a blanket `// eslint-disable-line`, `# noqa`,
    /// `//nolint`,
    /// `#[allow(clippy::print_stdout)]`); `fmt.Fprintf(os.Stderr, …)`/`fmt.Sprintf`/
    /// `fmt.Errorf`, `print(…, file=…)`, `console.error`/`console.warn`; comments and strings;
    /// test code, including Rust modules declared under `#[cfg(test)]`, test-support
    /// directories (`testutil/`, `…testing/`), Go files with `//go:build ignore`, and bundled
    /// `dist/` output. `dbg!` is flagged even in binaries.
    pub struct DebugPrint {
        id: "debug-print",
        category: Category::Observability,
        severity: Severity::Low,
        effort_hours: 0.1,
        summary: "debug print (`dbg!`, `println!`, `console.log`, `print`) in production code",
        literals: &["dbg!", "print", "Print", "console."],
    }
}

impl Rule for DebugPrint {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let mut cli: Option<bool> = None;
        let mut allowances: Option<Allowances> = None;
        let mut module_asks: Option<bool> = None;
        let mut is_cli = || *cli.get_or_insert_with(|| is_cli_file(ctx));
        for (node, kind) in ctx.nodes_with_kinds() {
            let Some(print) = debug_print(ctx, node, kind) else {
                continue;
            };
            if !ctx.is_production_code(node) {
                continue;
            }
            if print.always {
                if print_allowed_explicitly(ctx, node, &mut allowances) {
                    continue;
                }
                let mut f = ctx.finding(&Self::META, node, print.message);
                f.severity = Severity::High;
                out.push(f);
                continue;
            }
            if is_cli()
                || in_printing_function(ctx, node)
                || guarded_by_debug_switch(ctx, node)
                || behind_debug_cfg(ctx, node)
                || prints_protocol_output(ctx, node)
                || last_words_before_exit(ctx, node)
                || prompts_user(ctx, node, &mut module_asks)
                || echoes_a_log_call(ctx, node)
                || prints_fixed_text_block(ctx, node, kind)
                || print_allowed_explicitly(ctx, node, &mut allowances)
            {
                continue;
            }
            out.push(ctx.finding(&Self::META, node, print.message));
        }
    }
}

/// `console.log()` / `console.log('')`: a blank line between messages prints no data.
fn prints_blank_line(ctx: &FileContext<'_>, call: Node<'_>) -> bool {
    call.field("arguments").is_some_and(|a| {
        let mut cursor = a.walk();
        a.named_children(&mut cursor)
            .filter(|c| !crate::rules::util::is_comment_kind(c.kind()))
            .all(|c| matches!(c.kind(), "string" | "template_string") && ctx.text_of(c).len() == 2)
    })
}

/// A function that does nothing but print fixed text, three lines or more
/// (`function deployHelper() { console.log('Commands:'); console.log('  setup …'); … }`): a help
/// or banner routine writing to the terminal on purpose. A debug print shows a value.
fn prints_fixed_text_block(ctx: &FileContext<'_>, node: Node<'_>, kind: &str) -> bool {
    const FUNCTIONS: &[&str] = &[
        "function_item",
        "function_declaration",
        "method_declaration",
        "function_definition",
        "method_definition",
        "function_expression",
        "arrow_function",
        "func_literal",
    ];
    let Some(body) =
        crate::rules::util::ancestor_of_kind(node, FUNCTIONS).and_then(|f| f.field("body"))
    else {
        return false;
    };
    let statements = crate::rules::util::block_statements(body);
    let fixed_print = |statement: &Node<'_>| {
        statement.kind() == "expression_statement"
            && statement.named_child(0).is_some_and(|call| {
                call.kind() == kind
                    && (debug_print(ctx, call, kind).is_some()
                        || (kind == "call_expression" && prints_blank_line(ctx, call)))
                    && !crate::rules::util::any_descendant(call, |d| {
                        matches!(
                            d.kind(),
                            "template_substitution"
                                | "interpolation"
                                | "format_expression"
                                | "call_expression"
                                | "call"
                                | "binary_expression"
                        ) || (d.kind() == "identifier"
                            && !call
                                .field("function")
                                .or_else(|| call.field("macro"))
                                .is_some_and(|f| f.byte_range().contains(&d.start_byte())))
                    })
            })
    };
    statements.len() >= 3 && statements.iter().all(fixed_print)
}

struct Print {
    message: String,
    /// `dbg!`: flagged wherever it is, at high severity.
    always: bool,
}

fn debug_print(ctx: &FileContext<'_>, node: Node<'_>, kind: &str) -> Option<Print> {
    let plain = |message: String| {
        Some(Print {
            message,
            always: false,
        })
    };
    match (ctx.language, kind) {
        (Language::Rust, "macro_invocation") => {
            let m = node.field("macro")?;
            let name = match m.kind() {
                "scoped_identifier" => ctx.text_of(m.field("name")?),
                _ => ctx.text_of(m),
            };
            match name {
                "dbg" => Some(Print {
                    message: "`dbg!` left in production code".into(),
                    always: true,
                }),
                "println" | "eprintln" | "print" | "eprint" => plain(format!(
                    "`{name}!` in library code writes to the host program's {}; use `log`/`tracing`",
                    if name.starts_with('e') {
                        "stderr"
                    } else {
                        "stdout"
                    }
                )),
                _ => None,
            }
        }
        (Language::Go, "call_expression") => {
            let f = node.field("function")?;
            match f.kind() {
                "selector_expression" => {
                    let operand = f.field("operand")?;
                    let field = ctx.text_of(f.field("field")?);
                    let pkg = ctx.text_of(operand);
                    if operand.kind() != "identifier"
                        || Some(pkg) != go_import_name(ctx, "fmt")
                        || !matches!(field, "Print" | "Printf" | "Println")
                    {
                        return None;
                    }
                    plain(format!(
                        "`{pkg}.{field}` in package `{}` writes to stdout; use a logger",
                        go_package_name(ctx).unwrap_or("?")
                    ))
                }
                "identifier" => {
                    let name = ctx.text_of(f);
                    let declared = ctx
                        .project
                        .facts
                        .go_functions_returning_error
                        .contains_key(name);
                    if !matches!(name, "print" | "println") || declared {
                        return None;
                    }
                    plain(format!(
                        "builtin `{name}` in package `{}` writes to stderr unformatted; use a logger",
                        go_package_name(ctx).unwrap_or("?")
                    ))
                }
                _ => None,
            }
        }
        (Language::Python, "call") => {
            let f = node.field("function")?;
            if f.kind() != "identifier" || ctx.text_of(f) != "print" {
                return None;
            }
            let args = node.field("arguments")?;
            let mut c = args.walk();
            let to_stream = args.named_children(&mut c).any(|a| {
                a.kind() == "keyword_argument"
                    && a.field("name").is_some_and(|n| ctx.text_of(n) == "file")
            });
            if to_stream {
                return None;
            }
            plain(format!(
                "`print()` in library module `{}`; use `logging`",
                ctx.rel_path()
            ))
        }
        (l, "call_expression") if l.is_js_family() => {
            let f = node.field("function")?;
            if f.kind() != "member_expression" {
                return None;
            }
            let object = f.field("object")?;
            let property = ctx.text_of(f.field("property")?);
            if object.kind() != "identifier"
                || ctx.text_of(object) != "console"
                || !matches!(property, "log" | "debug")
            {
                return None;
            }
            // `console.log("%c%s", "color: red; font-size: 40px", "Stop!")`: a styled message
            // for whoever opens the browser console (a self-XSS warning), written on purpose.
            let styled = node
                .field("arguments")
                .and_then(|a| a.named_child(0))
                .is_some_and(|first| {
                    matches!(first.kind(), "string" | "template_string")
                        && ctx.text_of(first).contains("%c")
                });
            if styled {
                return None;
            }
            if prints_blank_line(ctx, node) {
                return None;
            }
            plain(format!(
                "`console.{property}` in server/library code; use a logger with levels"
            ))
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Entry points whose job is to print.

/// Directories that hold command-line programs and scripts, in every language.
const CLI_DIRS: &[&str] = &[
    "cli",
    "bin",
    "cmd",
    "scripts",
    "script",
    "tools",
    "commands",
    "management",
];

/// Directories of debugging and diagnostic tooling.
const DIAGNOSTIC_DIRS: &[&str] = &["debug", "debugging", "profiling", "diagnostics", "devtools"];

/// File stems of entry points and interactive front ends.
const CLI_STEMS: &[&str] = &[
    "cli", "cmdline", "main", "__main__", "shell", "repl", "manage", "setup",
];

pub(crate) fn is_cli_file(ctx: &FileContext<'_>) -> bool {
    let path = ctx.rel_path();
    let (dirs, name) = match path.rsplit_once('/') {
        Some((d, n)) => (d, n),
        None => ("", path),
    };
    let stem = name.split('.').next().unwrap_or(name);
    if CLI_STEMS.contains(&stem) || dirs.split('/').any(|d| CLI_DIRS.contains(&d)) {
        return true;
    }
    if dirs.split('/').any(|d| DIAGNOSTIC_DIRS.contains(&d)) {
        return true;
    }
    // Modules whose job is output or diagnostics: `output.rs`, `display.py`, `logger.ts`.
    if words(stem)
        .iter()
        .any(|w| OUTPUT_MODULE_WORDS.contains(&w.as_str()))
    {
        return true;
    }
    match ctx.language {
        Language::Rust => {
            name == "build.rs"
                || ctx.project.facts.rust_bin_files.contains(path)
                || ctx.project.facts.rust_non_lib_target_files.contains(path)
                || rust_bin_only_module(ctx)
                || rust_cli_front_end(ctx)
        }
        Language::Go => go_package_name(ctx) == Some("main") || go_cli_front_end(ctx),
        Language::Python => {
            let dir_prefix = if dirs.is_empty() {
                String::new()
            } else {
                format!("{dirs}/")
            };
            name == "__main__.py"
                || ctx
                    .project
                    .file(&format!("{dir_prefix}__init__.py"))
                    .is_none()
                || has_main_guard(ctx)
                // setuptools commands (`class BuildDocs(Command)`) report to the person running
                // the build.
                || ["setuptools", "distutils"]
                    .iter()
                    .any(|m| ctx.file.imports(crate::model::Ecosystem::Python, m))
                || python_cli_front_end(ctx)
        }
        l if l.is_js_family() => {
            ctx.text.starts_with("#!")
                || name.contains(".config.")
                || matches!(stem, "gulpfile" | "Gulpfile" | "Gruntfile" | "gruntfile")
                || named_in_package_bin(ctx, dirs, stem)
                || js_cli_front_end(ctx, dirs)
        }
        _ => false,
    }
}

/// Command-line frameworks of Go: a file that builds commands with one of them is the front end
/// of a program, like a Rust module that imports `clap`.
const GO_CLI_FRAMEWORKS: &[&str] = &[
    "github.com/spf13/cobra",
    "github.com/urfave/cli",
    "gopkg.in/urfave/cli",
    "github.com/alecthomas/kingpin",
    "gopkg.in/alecthomas/kingpin",
    "github.com/alecthomas/kong",
    "github.com/mitchellh/cli",
    "github.com/peterbourgon/ff",
];

fn go_cli_front_end(ctx: &FileContext<'_>) -> bool {
    go_import_paths(ctx).any(|path| {
        GO_CLI_FRAMEWORKS.iter().any(|f| {
            path.strip_prefix(f)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '.']))
        })
        // A subcommand that parses its own flags (`fs := flag.NewFlagSet("uuid", …)`).
        || (path == "flag" && ctx.text.contains("flag.NewFlagSet("))
    })
}

/// Python modules that build a command line (click, typer, argparse, docopt, fire), and, in a
/// project with console scripts, modules that render for a terminal (prompt_toolkit, readline,
/// curses, blessed, rich's console, pygments' terminal formatters; not colorama or termcolor,
/// which log formatters use too): their prints are the program's output.
fn python_cli_front_end(ctx: &FileContext<'_>) -> bool {
    use crate::model::Ecosystem::Python;
    const CLI: &[&str] = &["click", "typer", "argparse", "docopt", "fire"];
    const TERMINAL: &[&str] = &[
        "prompt_toolkit",
        "readline",
        "curses",
        "blessed",
        "rich.console",
        "rich.prompt",
        "pygments.formatters",
    ];
    if CLI.iter().any(|m| ctx.file.imports(Python, m)) {
        return true;
    }
    let has_scripts = ctx
        .project
        .manifests
        .iter()
        .any(|m| m.ecosystem == Some(Python) && !m.bins.is_empty());
    has_scripts && TERMINAL.iter().any(|m| ctx.file.imports(Python, m))
}

/// A top-level `if __name__ == "__main__":` block.
fn has_main_guard(ctx: &FileContext<'_>) -> bool {
    let Some(root) = ctx.tree.map(|t| t.root_node()) else {
        return false;
    };
    let mut c = root.walk();
    root.named_children(&mut c).any(|stmt| {
        stmt.kind() == "if_statement"
            && stmt.field("condition").is_some_and(|cond| {
                let mut cc = cond.walk();
                let parts: Vec<Node<'_>> = cond.named_children(&mut cc).collect();
                cond.kind() == "comparison_operator"
                    && parts.iter().any(|p| ctx.text_of(*p) == "__name__")
                    && parts
                        .iter()
                        .any(|p| literal_string_value(*p, ctx.text) == Some("__main__"))
            })
    })
}

/// The nearest `package.json` at or above `dirs`: its folder and its parsed content (`None`
/// when there is none or it does not parse).
fn nearest_package_json<'d>(
    ctx: &FileContext<'_>,
    dirs: &'d str,
) -> Option<(&'d str, serde_json::Value)> {
    let mut dir = dirs;
    loop {
        let manifest = if dir.is_empty() {
            "package.json".to_string()
        } else {
            format!("{dir}/package.json")
        };
        if let Some(text) = ctx.project.file(&manifest).and_then(|f| f.text()) {
            return serde_json::from_str(text).ok().map(|json| (dir, json));
        }
        if dir.is_empty() {
            return None;
        }
        dir = dir.rsplit_once('/').map_or("", |(parent, _)| parent);
    }
}

/// The `bin` targets of a `package.json`.
fn package_bins(json: &serde_json::Value) -> Vec<&str> {
    match json.get("bin") {
        Some(serde_json::Value::String(s)) => vec![s.as_str()],
        Some(serde_json::Value::Object(m)) => m.values().filter_map(|v| v.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// The file, or a source file with the same stem, is a `bin` of the nearest `package.json`.
fn named_in_package_bin(ctx: &FileContext<'_>, dirs: &str, stem: &str) -> bool {
    let Some((dir, json)) = nearest_package_json(ctx, dirs) else {
        return false;
    };
    let rel = ctx
        .rel_path()
        .strip_prefix(dir)
        .map(|r| r.trim_start_matches('/'))
        .unwrap_or("");
    package_bins(&json).iter().any(|t| {
        let t = t.trim_start_matches("./");
        let t_name = t.rsplit('/').next().unwrap_or(t);
        let t_stem = t_name.split('.').next().unwrap_or(t_name);
        t == rel || (!t_stem.is_empty() && t_stem == stem && stem != "index")
    })
}

/// Packages for terminal output and prompts: a module that imports one writes to a terminal
/// on purpose.
const TERMINAL_UI_PACKAGES: &[&str] = &[
    "chalk",
    "ansis",
    "kleur",
    "picocolors",
    "colorette",
    "yoctocolors",
    "colors",
    "@colors/colors",
    "cli-color",
    "ansi-colors",
    "ora",
    "cli-table",
    "cli-table3",
    "boxen",
    "inquirer",
    "@inquirer/prompts",
    "prompts",
    "enquirer",
    "@clack/prompts",
    "listr",
    "listr2",
    "ink",
    "log-symbols",
    "cli-progress",
];

/// The command-line front end of a JS/TS package with a `bin`, kept beside its library code: it
/// imports a terminal output or prompt package (`chalk`, `ora`, `inquirer`…). The JavaScript
/// counterpart of [`rust_cli_front_end`].
fn js_cli_front_end(ctx: &FileContext<'_>, dirs: &str) -> bool {
    let styles_terminal = ctx.file.imports.iter().any(|(ecosystem, name)| {
        *ecosystem == crate::model::Ecosystem::Npm && TERMINAL_UI_PACKAGES.contains(&name.as_str())
    });
    styles_terminal
        && nearest_package_json(ctx, dirs).is_some_and(|(_, json)| !package_bins(&json).is_empty())
}

/// The command-line front end of a package with a binary, kept in the library: it imports
/// the argument parser (`use clap::…`, `use crate::cli::…`).
fn rust_cli_front_end(ctx: &FileContext<'_>) -> bool {
    let path = ctx.rel_path();
    let Some(idx) = path.rfind("src/") else {
        return false;
    };
    let src = &path[..idx + "src/".len()];
    let package = &path[..idx];
    // `src/main.rs`, `src/bin/*`, or a `[[bin]]` anywhere in the package (`bin/sslocal.rs`):
    // the package manifest lists its binaries.
    let manifest = format!("{package}Cargo.toml");
    let bin_dir = format!("{src}bin/");
    let has_bin = ctx.project.file(&format!("{src}main.rs")).is_some()
        || ctx
            .project
            .facts
            .rust_bin_files
            .iter()
            .any(|f| f.starts_with(&bin_dir))
        || ctx
            .project
            .manifests
            .iter()
            .any(|m| m.path == manifest && !m.bins.is_empty());
    // A module that reads the terminal (`stdin().read_line(…)`) is interactive program code.
    let reads_terminal = ctx.text.contains("stdin()") && ctx.text.contains(".read_line(");
    has_bin
        && (lib_imports_clap(ctx, src)
            || reads_terminal
            || ctx.nodes_of_kind("use_declaration").any(|u| {
                let Some(arg) = u.field("argument") else {
                    return false;
                };
                let mut segments = Vec::new();
                let mut n = Some(arg);
                while let Some(cur) = n {
                    match cur.kind() {
                        "use_as_clause" => n = cur.field("path"),
                        "scoped_identifier" | "scoped_use_list" => {
                            n = cur.field("path");
                            if let Some(name) = cur.field("name") {
                                segments.push(ctx.text_of(name));
                            }
                        }
                        "identifier" | "crate" | "super" | "self" => {
                            segments.push(ctx.text_of(cur));
                            n = None;
                        }
                        _ => n = None,
                    }
                }
                segments.reverse();
                match segments.as_slice() {
                    ["clap", ..] => true,
                    // The program's argument module, whatever its name (`crate::opt`).
                    ["crate" | "super", module, ..] => {
                        matches!(*module, "cli" | "opt" | "opts" | "args" | "cmd")
                    }
                    _ => false,
                }
            }))
}

/// The package's `lib.rs` itself imports `clap`: the library is the program's implementation
/// behind a thin `main.rs`, and its modules share the imports through `use super::*`/`use
/// crate::*` (just's layout), so printing is what the program does.
fn lib_imports_clap(ctx: &FileContext<'_>, src: &str) -> bool {
    let cache = &ctx.project.facts.lazy.rust_lib_imports_clap;
    if let Some(&known) = cache.lock().ok().as_ref().and_then(|c| c.get(src)) {
        return known;
    }
    let imports = lib_rs_imports_clap(ctx, src);
    if let Ok(mut c) = cache.lock() {
        c.insert(src.to_string(), imports);
    }
    imports
}

fn lib_rs_imports_clap(ctx: &FileContext<'_>, src: &str) -> bool {
    let Some(lib) = ctx
        .project
        .file(&format!("{src}lib.rs"))
        .and_then(|f| f.text())
    else {
        return false;
    };
    if !lib.contains("clap::") {
        return false;
    }
    let code = crate::model::code_text::strip_comments_and_strings(Language::Rust, lib);
    code.match_indices("clap::").any(|(at, _)| {
        !code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
    })
}

/// A Rust module declared from `src/main.rs` (`mod output;`) and not from `src/lib.rs`: part
/// of the binary, even though the package also has a library.
fn rust_bin_only_module(ctx: &FileContext<'_>) -> bool {
    let path = ctx.rel_path();
    let Some(idx) = path.rfind("src/") else {
        return false;
    };
    let (crate_dir, rest) = path.split_at(idx);
    let rest = &rest["src/".len()..];
    let top = rest.split('/').next().unwrap_or(rest);
    let module = top.strip_suffix(".rs").unwrap_or(top);
    if module.is_empty() || matches!(module, "main" | "lib" | "bin") {
        return false;
    }
    let declares = |file: &str| -> bool {
        let Some(text) = ctx
            .project
            .file(&format!("{crate_dir}src/{file}"))
            .and_then(|f| f.text())
        else {
            return false;
        };
        let Ok(tree) = crate::parse::parse(Language::Rust, text, Duration::from_secs(1)) else {
            return false;
        };
        let root = tree.root_node();
        let mut c = root.walk();
        root.named_children(&mut c).any(|item| {
            item.kind() == "mod_item"
                && item.field("body").is_none()
                && item.field("name").and_then(|n| text.get(n.byte_range())) == Some(module)
        })
    };
    declares("main.rs") && !declares("lib.rs")
}

// ---------------------------------------------------------------------------------------------
// Prints that are the point, or switched off by default.

/// The print repeats, next to it, what a logger call logs (`logger.info(msg)` then
/// `print(msg)`): a deliberate echo to the console of a message that also goes to the log.
fn echoes_a_log_call<'a>(ctx: &FileContext<'a>, print: Node<'a>) -> bool {
    // The message: the first argument, or the format string of `"…%s" % x` / `"…" + x`
    // (`log.error("failed: %s", ex)` then `print("failed: %s" % ex)` say the same).
    let first_arg = |call: Node<'_>| {
        call.field("arguments")
            .and_then(|a| a.named_child(0))
            .map(|a| {
                let formatted = matches!(a.kind(), "binary_operator" | "binary_expression")
                    && a.field("operator")
                        .is_some_and(|o| matches!(ctx.text_of(o), "%" | "+"));
                match a.field("left").filter(|_| formatted) {
                    Some(format) => ctx.text_of(format),
                    None => ctx.text_of(a),
                }
            })
    };
    let Some(printed) = first_arg(print) else {
        return false;
    };
    let Some(statement) = ctx
        .parent(print)
        .filter(|p| p.kind() == "expression_statement")
    else {
        return false;
    };
    let logged_here = |s: Node<'_>| {
        s.kind() == "expression_statement"
            && s.named_child(0)
                .filter(|c| matches!(c.kind(), "call" | "call_expression"))
                .is_some_and(|call| {
                    let logger = call
                        .field("function")
                        .and_then(|f| f.field("object").or_else(|| f.field("value")));
                    logger.is_some_and(|o| {
                        let name = ctx.text_of(o).rsplit('.').next().unwrap_or("");
                        LOGGER_WORDS.contains(&name.to_ascii_lowercase().as_str())
                    }) && first_arg(call) == Some(printed)
                })
    };
    let before = std::iter::successors(statement.prev_named_sibling(), |s| s.prev_named_sibling());
    let after = std::iter::successors(statement.next_named_sibling(), |s| s.next_named_sibling());
    before.take(2).chain(after.take(2)).any(logged_here)
}

/// Words in a function name that announce printing or logging.
const PRINTING_WORDS: &[&str] = &[
    "print",
    "println",
    "printf",
    "pprint",
    "show",
    "display",
    "dump",
    "echo",
    "usage",
    "help",
    "log",
    "logger",
    "logging",
    "debug",
    "trace",
    "info",
    "warn",
    "verbose",
    "report",
    "banner",
    "prompt",
    "ask",
    "completion",
    "completions",
    "profiling",
    "profiler",
    "benchmark",
    "bench",
];

/// Words in a file name that make the module an output or diagnostics module.
const OUTPUT_MODULE_WORDS: &[&str] = &[
    "output", "outputs", "formats", "stdout", "stderr", "display", "report", "reporter", "printer",
    "print", "console", "term", "terminal", "tty", "ui", "debug", "log", "logger", "logging",
    "trace", "progress", "example", "examples", "snippet", "snippets", "demo",
];

/// Words in a class or object name that make it a logger.
const LOGGER_WORDS: &[&str] = &[
    "log",
    "logger",
    "logging",
    // Logging libraries used as the logger object (`winston.error(err.stack)`).
    "winston",
    "bunyan",
    "pino",
    "log4js",
    "printer",
    "console",
    "profiling",
    "profiler",
    "benchmark",
];

/// Words in a condition that switch debugging output on.
const SWITCH_WORDS: &[&str] = &[
    "debug",
    "verbose",
    "trace",
    "quiet",
    "silent",
    "dev",
    "development",
    "production",
    "bench",
    "benchmark",
    "profile",
    "profiling",
    "stdout",
    "print",
    "show",
    "echo",
    "dry",
];

fn in_printing_function(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    if documented_as_printing(ctx, node) {
        return true;
    }
    enclosing_names(ctx, node)
        .into_iter()
        .any(|(name, is_type)| {
            let vocabulary = if is_type {
                LOGGER_WORDS
            } else {
                PRINTING_WORDS
            };
            // `tracef`, `debugf`, `logln`: printf-style variants count too.
            let known = |w: &str| {
                vocabulary.contains(&w)
                    || w.strip_suffix('f').is_some_and(|b| vocabulary.contains(&b))
                    || w.strip_suffix("ln")
                        .is_some_and(|b| vocabulary.contains(&b))
            };
            (!is_type && name == "main") || words(name).iter().any(|w| known(w))
        })
}

/// The innermost function around `node` says in its documentation that it prints:
/// a docstring or a comment right above it starting with "Print", "Display", "Show", …
fn documented_as_printing(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    let Some(function) = crate::rules::util::ancestor_of_kind(
        node,
        &[
            "function_item",
            "function_declaration",
            "method_declaration",
            "function_definition",
            "method_definition",
        ],
    ) else {
        return false;
    };
    let mut docs: Vec<&str> = Vec::new();
    // Python docstring: the body's first statement is a string.
    if let Some(doc) = crate::rules::util::python_docstring(ctx, function) {
        docs.push(doc);
    }
    // Comments right above the function (doc comments, JSDoc, Go doc).
    let mut above = function;
    if let Some(p) = function
        .parent()
        .filter(|p| p.kind() == "decorated_definition")
    {
        above = p;
    }
    // Only the summary line counts: the topmost comment of the block.
    let mut topmost = None;
    let mut prev = above.prev_named_sibling();
    while let Some(c) = prev
        .filter(|c| crate::rules::util::is_comment_kind(c.kind()) || c.kind() == "attribute_item")
    {
        if crate::rules::util::is_comment_kind(c.kind()) {
            topmost = Some(ctx.text_of(c));
        }
        prev = c.prev_named_sibling();
    }
    docs.extend(topmost);
    docs.iter().any(|d| {
        let first_word: String = d
            .trim_start_matches(|ch: char| !ch.is_ascii_alphabetic())
            .chars()
            .take_while(|ch| ch.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase();
        matches!(
            first_word.as_str(),
            "print"
                | "prints"
                | "display"
                | "displays"
                | "show"
                | "shows"
                | "dump"
                | "dumps"
                | "echo"
                | "echoes"
                | "output"
                | "outputs"
        )
    })
}

/// Names of the functions, methods, classes and object literals around `node`, innermost
/// first (`info` and `logger` for `const logger = { info: (m) => console.log(m) }`), each
/// with whether it names a type or object rather than a function.
fn enclosing_names<'a>(ctx: &FileContext<'a>, node: Node<'_>) -> Vec<(&'a str, bool)> {
    let mut out = Vec::new();
    let mut current = node.parent();
    while let Some(n) = current {
        let name = match n.kind() {
            "function_item"
            | "function_declaration"
            | "method_declaration"
            | "function_definition"
            | "method_definition"
            | "generator_function_declaration"
            | "class_declaration"
            | "class_definition"
            | "abstract_class_declaration"
            | "struct_item"
            | "trait_item" => n.field("name"),
            "impl_item" => n.field("type"),
            "arrow_function"
            | "function_expression"
            | "function"
            | "func_literal"
            | "object"
            | "class" => n.field("name").or_else(|| {
                n.parent().and_then(|p| match p.kind() {
                    "variable_declarator" => p.field("name"),
                    "pair" => p.field("key"),
                    "assignment_expression" => p.field("left"),
                    _ => None,
                })
            }),
            _ => None,
        };
        if let Some(name) = name {
            let text = ctx.text_of(name);
            let is_type = matches!(
                n.kind(),
                "class_declaration"
                    | "class_definition"
                    | "abstract_class_declaration"
                    | "struct_item"
                    | "trait_item"
                    | "impl_item"
                    | "object"
                    | "class"
            );
            // `obj.prop = function…`: the property name.
            out.push((text.rsplit('.').next().unwrap_or(text), is_type));
        }
        current = n.parent();
    }
    out
}

/// `showHelpText` → `[show, help, text]`; `print_summary` → `[print, summary]`.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if !ch.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = ch.is_ascii_lowercase() || ch.is_ascii_digit();
        cur.push(ch.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Output that is a protocol, not a debug message: Cargo build-script directives
/// (`println!("cargo:rerun-if-changed=…")`) and terminal control sequences (`"\x1b]0;…"`).
fn prints_protocol_output(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    let first_string = match ctx.language {
        Language::Rust => node
            .named_child(node.named_child_count().saturating_sub(1) as u32)
            .filter(|t| t.kind() == "token_tree")
            .and_then(|t| t.named_child(0)),
        _ => node.field("arguments").and_then(|a| a.named_child(0)),
    };
    let Some(first) = first_string else {
        return false;
    };
    if !crate::rules::util::is_string_kind(first.kind()) {
        return false;
    }
    let raw = ctx.text_of(first);
    let body = raw.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '#');
    let body = body.trim_start_matches(['"', '\'', '`']);
    body.starts_with("cargo:")
        || ["\\x1b", "\\u{1b}", "\\u001b", "\\033", "\\e["]
            .iter()
            .any(|esc| body.starts_with(esc))
}

/// A message printed right before the process exits or aborts (`eprintln!(…);
/// std::process::abort();`): the last words of a dying program have no logger to go to.
fn last_words_before_exit(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    // From the print's statement outwards, block by block up to the function: an
    // unconditional exit after it at any level.
    let mut stmt = node;
    while let Some(p) = stmt.parent() {
        let kind = p.kind();
        if kind.contains("function") || kind == "closure_expression" || kind == "lambda" {
            return false;
        }
        if matches!(
            kind,
            "block" | "statement_block" | "statement_list" | "module"
        ) {
            let mut next = stmt.next_named_sibling();
            while let Some(s) = next {
                if is_exit_statement(ctx, s) {
                    return true;
                }
                next = s.next_named_sibling();
            }
        }
        stmt = p;
    }
    false
}

/// `std::process::exit(1);`, `process::abort()`, `os.Exit(1)`, `sys.exit(1)`,
/// `process.exit(1)`, Python `raise SystemExit(1)`, Go `log.Fatal(…)`, and the Go runtime's
/// `throw("…")` (which takes no formatted message).
/// Not `panic!`/`panic(…)`/`unreachable!`: their message is where the details belong.
fn is_exit_statement(ctx: &FileContext<'_>, stmt: Node<'_>) -> bool {
    // Python's `raise SystemExit(1)` is `sys.exit(1)`.
    if stmt.kind() == "raise_statement" {
        return stmt.named_child(0).is_some_and(|e| {
            let raised = match e.kind() {
                "call" => e.field("function").map_or("", |f| ctx.text_of(f)),
                _ => ctx.text_of(e),
            };
            raised == "SystemExit"
        });
    }
    let expr = match stmt.kind() {
        "expression_statement" => stmt.named_child(0),
        "call_expression" => Some(stmt),
        _ => None,
    };
    let Some(expr) = expr.filter(|e| matches!(e.kind(), "call_expression" | "call")) else {
        return false;
    };
    expr.field("function").is_some_and(|c| {
        let text = ctx.text_of(c);
        let last = text.rsplit(['.', ':']).next().unwrap_or(text);
        // Go's `log.Fatal*` (and loggers named after it) print and exit.
        matches!(
            last,
            "exit" | "Exit" | "abort" | "_exit" | "throw" | "Fatal" | "Fatalf" | "Fatalln"
        )
    })
}

/// A Python function or module that also reads the user's answer (`input()`, `getpass()`): its
/// prints are the prompts of an interactive exchange.
/// `module_asks` remembers the module-wide answer for the file.
fn prompts_user(ctx: &FileContext<'_>, node: Node<'_>, module_asks: &mut Option<bool>) -> bool {
    if ctx.language == Language::Go {
        return go_reads_terminal(ctx, node);
    }
    if ctx.language != Language::Python {
        return false;
    }
    let reads_answer = |n: Node<'_>| {
        n.kind() == "call"
            && n.field("function").is_some_and(|f| {
                let name = match f.kind() {
                    "attribute" => f.field("attribute"),
                    _ => Some(f),
                };
                name.is_some_and(|n| matches!(ctx.text_of(n), "input" | "getpass" | "raw_input"))
            })
    };
    // The function itself, or its module: sopel's configuration wizard prints its sections in
    // one function and asks in the next.
    crate::rules::util::ancestor_of_kind(node, &["function_definition"])
        .is_some_and(|function| crate::rules::util::any_descendant(function, reads_answer))
        || *module_asks.get_or_insert_with(|| ctx.nodes_of_kind("call").any(reads_answer))
}

/// A Go function that reads the terminal (`os.Stdin`, `fmt.Scanln`, `term.ReadPassword`) prints
/// its questions.
fn go_reads_terminal(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    let Some(function) = crate::rules::util::go_enclosing_function(node) else {
        return false;
    };
    ctx.nodes_starting_in(function.byte_range())
        .any(|(n, kind)| {
            kind == "selector_expression"
                && matches!(
                    ctx.text_of(n),
                    "os.Stdin"
                        | "fmt.Scan"
                        | "fmt.Scanln"
                        | "fmt.Scanf"
                        | "term.ReadPassword"
                        | "terminal.ReadPassword"
                )
        })
}

/// Inside `if debug {…}`, `if (process.env.DEBUG)`, `verbose && console.log(…)`, within the
/// same function.
fn guarded_by_debug_switch(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    let mut child = node;
    let mut current = node.parent();
    while let Some(n) = current {
        let condition = match n.kind() {
            "if_statement" | "if_expression" | "elif_clause" => n.field("condition"),
            "binary_expression" | "boolean_operator" => {
                let op = n.field("operator").map(|o| ctx.text_of(o));
                let right = n.field("right").map(|r| r.id());
                if matches!(op, Some("&&" | "and")) && right == Some(child.id()) {
                    n.field("left")
                } else {
                    None
                }
            }
            // Functions are not a boundary: `if TIMER_DEBUG: def start(): print(…)`.
            _ => None,
        };
        if condition.is_some_and(|c| condition_mentions_switch(ctx, c)) {
            return true;
        }
        child = n;
        current = n.parent();
    }
    false
}

fn condition_mentions_switch(ctx: &FileContext<'_>, condition: Node<'_>) -> bool {
    // `if false {…}`: dead code kept for debugging.
    let bare: String = ctx
        .text_of(condition)
        .chars()
        .filter(|c| !matches!(c, '(' | ')') && !c.is_whitespace())
        .collect();
    if matches!(bare.as_str(), "false" | "False" | "0") {
        return true;
    }
    let mut stack = vec![condition];
    while let Some(n) = stack.pop() {
        if n.named_child_count() == 0 || n.kind().starts_with("string") {
            let text = literal_string_value(n, ctx.text).unwrap_or_else(|| ctx.text_of(n));
            // `debuglevel`, `C_REMDEBUG`: debug and verbose also count inside a word.
            if words(text).iter().any(|w| {
                SWITCH_WORDS.contains(&w.as_str()) || w.contains("debug") || w.contains("verbose")
            }) {
                return true;
            }
            if n.named_child_count() == 0 {
                continue;
            }
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    false
}

/// Inside a Rust item compiled only for debugging: `#[cfg(debug_assertions)]`, or a custom
/// cfg flag (`#[cfg(tokio_internal_mt_counters)]`) that production builds do not set.
fn behind_debug_cfg(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    if ctx.language != Language::Rust {
        return false;
    }
    let mut current = node.parent();
    while let Some(n) = current {
        if item_has_debug_cfg(ctx, n) {
            return true;
        }
        current = n.parent();
    }
    false
}

fn item_has_debug_cfg(ctx: &FileContext<'_>, item: Node<'_>) -> bool {
    let mut prev = item.prev_named_sibling();
    while let Some(attr) = prev.filter(|a| matches!(a.kind(), "attribute_item" | "line_comment")) {
        let text: String = ctx
            .text_of(attr)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if let Some(pred) = text
            .strip_prefix("#[cfg(")
            .and_then(|t| t.strip_suffix(")]"))
        {
            let custom_flag = pred.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !matches!(pred, "unix" | "windows" | "test" | "doc" | "proc_macro");
            if custom_flag || (pred.contains("debug_assertions") && !pred.contains("not(")) {
                return true;
            }
        }
        prev = attr.prev_named_sibling();
    }
    false
}

/// Linter suppressions that allow printing, found once per file.
struct Allowances {
    /// Rows of comments that allow a print on their own line or the next one.
    rows: Vec<usize>,
    /// A file-wide allowance (`/* eslint-disable no-console */`, `#![allow(clippy::print_stdout)]`).
    whole_file: bool,
}

/// An explicit linter allowance: `// eslint-disable-next-line no-console`,
/// `print(x)  # noqa: T201`, `//nolint:forbidigo`, `#[allow(clippy::print_stdout)]`.
fn print_allowed_explicitly(
    ctx: &FileContext<'_>,
    node: Node<'_>,
    allowances: &mut Option<Allowances>,
) -> bool {
    let a = allowances.get_or_insert_with(|| {
        let mut rows = Vec::new();
        let mut whole_file = false;
        for n in ctx.nodes() {
            let kind = n.kind();
            if crate::rules::util::is_comment_kind(kind) {
                let text = ctx.text_of(*n);
                let lower = text.to_ascii_lowercase();
                // A blanket `// eslint-disable-line` (or `-next-line`) allows every rule there,
                // `no-console` included.
                let blanket_line = ["eslint-disable-line", "eslint-disable-next-line"]
                    .iter()
                    .any(|d| {
                        lower.split(d).nth(1).is_some_and(|rest| {
                            rest.trim().trim_end_matches("*/").trim().is_empty()
                        })
                    });
                let allows = lower.contains("no-console")
                    || blanket_line
                    || lower.contains("noqa")
                    || lower.contains("nolint")
                    || lower.contains("allow-print");
                if !allows {
                    continue;
                }
                if lower.contains("eslint-disable ") && !lower.contains("-line") {
                    whole_file = true;
                }
                rows.push(n.end_position().row);
            } else if kind == "attribute_item" || kind == "inner_attribute_item" {
                let text = ctx.text_of(*n);
                if text.contains("allow(")
                    && (text.contains("print_stdout")
                        || text.contains("print_stderr")
                        || text.contains("dbg_macro"))
                {
                    if kind == "inner_attribute_item" {
                        whole_file = true;
                    } else if let Some(item) = n.next_named_sibling() {
                        // The item the attribute applies to: mark all of its rows.
                        rows.extend(n.start_position().row..=item.end_position().row);
                    }
                }
            }
        }
        Allowances { rows, whole_file }
    });
    if a.whole_file {
        return true;
    }
    let row = node.start_position().row;
    a.rows.iter().any(|&r| r == row || r + 1 == row)
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn identifiers_split_into_words() {
        assert_eq!(words("showHelpText"), ["show", "help", "text"]);
        assert_eq!(words("print_summary"), ["print", "summary"]);
        assert_eq!(words("C_REMDEBUG"), ["c", "remdebug"]);
        assert_eq!(words("NODE_ENV"), ["node", "env"]);
        assert_eq!(words("login"), ["login"]);
    }
}
