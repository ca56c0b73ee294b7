use crate::classify::{Language, Role};
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::Ecosystem;
use crate::rules::project_helpers::{
    find_in_code, first_lib_in_use, has_dir_component, has_production_code,
};
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// A project without benchmarks: no Rust `criterion`, `divan`, `iai`/`iai-callgrind` or
    /// `#[bench]`, no `benches/`/`benchmarks/` folder with code, no Go benchmark
    /// (`func BenchmarkXxx(b *testing.B)`), no Python `pytest-benchmark`, `asv` or `pyperf`, no
    /// JavaScript `tinybench`, `mitata`, `benchmark` (benchmark.js), `benny` or Vitest bench
    /// files (`*.bench.ts`).
    ///
    /// ## Why it matters
    /// Without benchmarks, performance regressions are found by users, and optimisation work
    /// cannot show it helped. A benchmark of the hot path is the baseline every change is
    /// measured against.
    ///
    /// ## How to fix
    /// Add benchmarks for the hot paths (request handling, parsing, serialisation) with the
    /// ecosystem's harness, and run them in CI or before releases to compare against the
    /// previous version.
    ///
    /// ## Example
    /// ```text
    /// src/  tests/
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// // benches/parse.rs
    /// fn parse(c: &mut criterion::Criterion) {
    ///     c.bench_function("parse 1 KiB", |b| b.iter(|| tool::parse(INPUT)));
    /// }
    /// ```
    ///
    /// ## Does not flag
    /// Repositories without production code; any benchmark harness among dependencies or
    /// imports; `benches/`, `bench/`, `benchmarks/` folders with code; Go `Benchmark` functions
    /// taking `*testing.B`; `#[bench]` in code. The words in comments or strings do not count,
    /// nor does the program's own code in a folder so named (a `src/Benchmark/` module that
    /// times builds at run time).
    pub struct NoBenchmarks {
        id: "no-benchmarks",
        category: Category::Performance,
        severity: Severity::Low,
        effort_hours: 2.0,
        summary: "No benchmarks to catch performance regressions",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const LIBS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Cargo, "criterion"),
    (Ecosystem::Cargo, "divan"),
    (Ecosystem::Cargo, "iai"),
    (Ecosystem::Cargo, "iai-callgrind"),
    (Ecosystem::Cargo, "codspeed-criterion-compat"),
    (Ecosystem::Cargo, "brunch"),
    (Ecosystem::Python, "pytest-benchmark"),
    (Ecosystem::Python, "pytest_benchmark"),
    (Ecosystem::Python, "asv"),
    (Ecosystem::Python, "pyperf"),
    (Ecosystem::Python, "pytest-codspeed"),
    (Ecosystem::Npm, "tinybench"),
    (Ecosystem::Npm, "mitata"),
    (Ecosystem::Npm, "benchmark"),
    (Ecosystem::Npm, "benny"),
    (Ecosystem::Npm, "@codspeed/tinybench-plugin"),
    (Ecosystem::Npm, "@codspeed/vitest-plugin"),
];

impl Rule for NoBenchmarks {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let project = ctx.project;
        if !has_production_code(project) || first_lib_in_use(project, LIBS).is_some() {
            return;
        }
        // Any runnable file in a benchmark folder (harness code, a benchmark script), not notes.
        // Not the program's own code (Eleventy's `src/Benchmark/` times its builds at run time).
        let bench_files = project.files.iter().any(|f| {
            let runnable = f.language != Some(Language::Markdown)
                && f.role != Role::Docs
                && f.role != Role::Production;
            let code = f.language.is_some_and(|l| l.is_code());
            (runnable
                && has_dir_component(
                    &f.rel_path,
                    &["benches", "bench", "benchmarks", "benchmark"],
                ))
                || (code && f.file_name().contains(".bench."))
        });
        let asv = project.file("asv.conf.json").is_some();
        if bench_files || asv {
            return;
        }
        let roles = [Role::Test, Role::Production, Role::Example];
        let rust = find_in_code(project, &[Language::Rust], &roles, &["#[bench]"]);
        let go = find_in_code(project, &[Language::Go], &[Role::Test], &["*testing.B)"]);
        if rust.is_some() || go.is_some() {
            return;
        }
        out.push(ctx.finding(
            &Self::META,
            "no benchmarks (criterion, Go `Benchmark` functions, pytest-benchmark, tinybench…): performance regressions go unnoticed",
        ));
    }
}
