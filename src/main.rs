use clap::Parser;
use readiness::{app, cli::Cli, engine};
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Panics inside a rule are caught and reported by the engine; keep them off stderr.
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if !engine::panicking_inside_rule() {
            default_hook(info);
        }
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                app::EXIT_ERROR as u8
            } else {
                0
            });
        }
    };
    let code = match panic::catch_unwind(AssertUnwindSafe(|| app::run(cli.command))) {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("readiness: error: {e:#}");
            app::EXIT_ERROR
        }
        Err(_) => {
            eprintln!("readiness: internal error (a bug: please report it with the command line)");
            app::EXIT_ERROR
        }
    };
    ExitCode::from(code as u8)
}

// An audit allocates and frees millions of small objects per second (syntax-tree nodes, node
// lists, strings) on every core; mimalloc's thread-local free lists make that markedly cheaper
// than the system allocator (see bench/run).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
