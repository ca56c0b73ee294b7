use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::{Ecosystem, Kind};
use crate::rules::util::{find_in_production_code, uses_in_production};
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// Services with no sign of graceful shutdown: nothing handles `SIGTERM`/`SIGINT` to stop
    /// accepting connections and drain in-flight requests. Accepted evidence: Rust
    /// `tokio::signal`, `signal-hook`, `ctrlc`, `with_graceful_shutdown`/`graceful_shutdown`,
    /// or a framework that handles signals itself (actix-web, Rocket); Go `signal.Notify` or
    /// `signal.NotifyContext` together with a `.Shutdown(`/`.GracefulStop(` call, or a `package
    /// main` that, once a termination signal arrives, stops its components (`n.core.Stop()`,
    /// `srv.Close()`) or forwards the signal to a child (`.Signal(sig)`), not deferred and not
    /// after `os.Exit`; Rust `nix::sys::signal` (a thread waiting on a `SigSet`); JavaScript
    /// `process.on(…'SIGTERM'|'SIGINT'…)`, `enableShutdownHooks()`, terminus, http-terminator,
    /// stoppable, lightship, close-with-grace; Python `signal.signal(`, `add_signal_handler(`, or
    /// a managed server that handles signals (uvicorn, gunicorn, hypercorn, daphne, waitress,
    /// Django). Code is searched with comments and string literals removed.
    ///
    /// ## Why it matters
    /// Every deploy, scale-down and node drain sends `SIGTERM`. A server that dies on the spot
    /// drops the requests it is serving, leaves transactions half done and returns errors to
    /// users on every release.
    ///
    /// ## How to fix
    /// Listen for `SIGTERM` and `SIGINT`, stop accepting new connections, let in-flight requests
    /// finish within a deadline, then close pools and flush telemetry.
    ///
    /// ## Example
    /// ```rust
    /// axum::serve(listener, app).await?;
    /// ```
    /// Use instead:
    /// ```rust
    /// axum::serve(listener, app)
    ///     .with_graceful_shutdown(async { tokio::signal::ctrl_c().await.ok(); })
    ///     .await?;
    /// ```
    ///
    /// ## Does not flag
    /// Projects that are not services; signal handling mentioned only in comments or strings
    /// does not count as handling (those projects are flagged); Go code that calls
    /// `signal.Notify` without `Shutdown` is flagged, not excused: the finding then points at the
    /// handler of a termination signal (a SIGHUP-only `Notify` reloads, and is not pointed at).
    pub struct NoGracefulShutdown {
        id: "no-graceful-shutdown",
        category: Category::ErrorHandling,
        severity: Severity::High,
        effort_hours: 2.0,
        kinds: &[Kind::Service],
        summary: "service that does not drain in-flight requests on SIGTERM",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const RUST_CRATES: &[&str] = &[
    "signal-hook",
    "signal-hook-tokio",
    "ctrlc",
    "actix-web",
    "rocket",
    "tokio-graceful-shutdown",
];
const RUST_CODE: &[&str] = &[
    "tokio::signal",
    "signal::ctrl_c",
    "signal::unix::signal",
    "graceful_shutdown",
    "signal_hook::",
    "ctrlc::set_handler",
    // `nix::sys::signal::{SIGTERM, SigSet}` … `set.wait()`: a signal-waiting thread.
    "nix::sys::signal",
];
const JS_PACKAGES: &[&str] = &[
    "@godaddy/terminus",
    "http-terminator",
    "stoppable",
    "lightship",
    "close-with-grace",
];
const PY_PACKAGES: &[&str] = &[
    "uvicorn",
    "gunicorn",
    "hypercorn",
    "daphne",
    "waitress",
    "django",
];

fn handles_shutdown(p: &crate::model::Project, go_handlers: &[GoHandler]) -> bool {
    if RUST_CRATES
        .iter()
        .any(|n| uses_in_production(p, Ecosystem::Cargo, n))
        || find_in_production_code(p, &[Language::Rust], RUST_CODE).is_some()
    {
        return true;
    }
    if find_in_production_code(
        p,
        &[Language::Go],
        &["signal.Notify(", "signal.NotifyContext("],
    )
    .is_some()
        && find_in_production_code(p, &[Language::Go], &[".Shutdown(", ".GracefulStop("]).is_some()
    {
        return true;
    }
    if go_handlers.iter().any(|h| h.stops_after) {
        return true;
    }
    let js = [Language::JavaScript, Language::TypeScript, Language::Tsx];
    if JS_PACKAGES
        .iter()
        .any(|n| uses_in_production(p, Ecosystem::Npm, n))
        || find_in_production_code(p, &js, &["enableShutdownHooks("]).is_some()
    {
        return true;
    }
    let js_signal = js.iter().any(|&l| {
        p.production_sources(l).any(|(_, text)| {
            (text.contains("SIGTERM") || text.contains("SIGINT"))
                && text.contains("process.on")
                && has_js_signal_listener(
                    text,
                    &crate::model::code_text::strip_comments_and_strings(l, text),
                )
        })
    });
    if js_signal {
        return true;
    }
    PY_PACKAGES
        .iter()
        .any(|n| uses_in_production(p, Ecosystem::Python, n))
        || find_in_production_code(
            p,
            &[Language::Python],
            &["signal.signal(", "add_signal_handler("],
        )
        .is_some()
}

/// A `signal.Notify`/`NotifyContext` of a `package main` that subscribes a termination signal
/// (`SIGTERM`, `SIGINT`, `os.Interrupt`, or every signal): where it is, and whether the lines
/// after the signal is received stop something (`n.core.Stop()`, `server.Close()`) or forward
/// the signal to a child (`.Signal(sig)`). A SIGHUP-only `Notify` reloads; it is not shutdown.
struct GoHandler {
    path: String,
    line: u32,
    stops_after: bool,
}

fn go_termination_handlers(p: &crate::model::Project) -> Vec<GoHandler> {
    const TERMINATION: &[&str] = &["SIGTERM", "SIGINT", "Interrupt", "os.Kill"];
    const STOPS: &[&str] = &[
        ".Stop()",
        ".Close()",
        ".Shutdown(",
        ".GracefulStop(",
        ".Signal(",
    ];
    let mut out = Vec::new();
    for (file, text) in p.production_sources(Language::Go) {
        if !text.contains("signal.Notify") || !text.lines().any(|l| l.trim() == "package main") {
            continue;
        }
        let code = crate::model::code_text::strip_comments(Language::Go, text);
        let lines: Vec<&str> = code.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(at) = line
                .find("signal.Notify(")
                .or_else(|| line.find("signal.NotifyContext("))
            else {
                continue;
            };
            let args = &line[at..];
            // `signal.Notify(c)` with no signal listed relays every signal.
            let relays_all = args
                .split_once('(')
                .map(|(_, a)| !a.contains(','))
                .unwrap_or(false);
            if !relays_all && !TERMINATION.iter().any(|t| args.contains(t)) {
                continue;
            }
            // The lines right after the signal is received (`<-sigs`, `<-ctx.Done()`), in the
            // same function (before the next top-level declaration).
            let rest: Vec<&str> = lines[i + 1..]
                .iter()
                .take_while(|l| !l.starts_with("func "))
                .copied()
                .collect();
            // A deferred call or one after `os.Exit` does not run on the signal's path.
            let stops_after = rest.iter().position(|l| l.contains("<-")).is_some_and(|r| {
                let after_receive = rest[r].split_once("<-").map_or("", |(_, a)| a);
                std::iter::once(after_receive)
                    .chain(rest[r + 1..].iter().copied())
                    .take(12)
                    .map(str::trim)
                    .take_while(|l| !l.contains("os.Exit(") && !l.contains("log.Fatal"))
                    .any(|l| !l.starts_with("defer ") && STOPS.iter().any(|s| l.contains(s)))
            });
            out.push(GoHandler {
                path: file.rel_path.clone(),
                line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                stops_after,
            });
        }
    }
    out
}

/// `process.on('SIGTERM'` / `process.once("SIGINT"` in code: `code` is `text` with comments
/// and strings blanked (same offsets), so a call in a comment does not count.
fn has_js_signal_listener(text: &str, code: &str) -> bool {
    ["process.on(", "process.once("].iter().any(|needle| {
        code.match_indices(needle).any(|(at, _)| {
            let rest = text.get(at + needle.len()..).unwrap_or("").trim_start();
            let rest = rest.trim_start_matches(['\'', '"', '`']);
            rest.starts_with("SIGTERM") || rest.starts_with("SIGINT")
        })
    })
}

impl Rule for NoGracefulShutdown {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let go_handlers = go_termination_handlers(ctx.project);
        if handles_shutdown(ctx.project, &go_handlers) {
            return;
        }
        // A Go program's signal handler that stops without draining: point at it, and say what
        // it lacks. Handlers in other packages (a password prompt restoring the terminal) are not
        // the server's.
        let go_handler = go_handlers.into_iter().next().map(|h| (h.path, h.line));
        out.push(match go_handler {
            Some((path, line)) => ctx.finding_in(
                &Self::META,
                &path,
                Some(line),
                "SIGTERM/SIGINT is caught here, but no `Shutdown`/`GracefulStop` drains the server: in-flight requests are dropped on every deploy",
            ),
            None => ctx.finding(
                &Self::META,
                "no SIGTERM/SIGINT handling that drains the server: in-flight requests are dropped on every deploy",
            ),
        });
    }
}
