use crate::classify::{Language, Role};
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::{Ecosystem, Kind};
use crate::rules::project_helpers::{
    find_in_code, first_lib_in_use, has_dir_component, has_production_code,
};
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// A library, service or CLI with neither fuzz nor property-based tests: no cargo-fuzz
    /// project (`fuzz/` with `fuzz_target!`), no `proptest`, `quickcheck`, `bolero`,
    /// `arbitrary`, `afl` or `honggfuzz`; no Go fuzz test (`func FuzzXxx(f *testing.F)`),
    /// `testing/quick` or `rapid`; no Python `hypothesis`, `atheris` or `schemathesis`; no
    /// JavaScript `fast-check` or Jazzer.js.
    ///
    /// ## Why it matters
    /// Example-based tests only check the inputs someone thought of. Parsers, decoders and
    /// request handlers meet inputs nobody thought of; fuzzing and property tests find the
    /// panics, overflows and infinite loops that attackers and bad data would otherwise find.
    ///
    /// ## How to fix
    /// Write a property test for the functions that take untrusted input (round-trips,
    /// invariants), or a fuzz target for each parser, and run it in CI for a bounded time.
    ///
    /// ## Example
    /// ```go
    /// func TestParse(t *testing.T) { _, err := Parse("a=1"); … }
    /// ```
    /// Use instead:
    /// ```go
    /// func FuzzParse(f *testing.F) {
    ///     f.Add("a=1")
    ///     f.Fuzz(func(t *testing.T, s string) { _, _ = Parse(s) })
    /// }
    /// ```
    ///
    /// ## Does not flag
    /// Front-ends and desktop applications; projects with a `fuzz/` or `fuzz_targets/` folder,
    /// a fuzz/property library among their dependencies or imports, a Go `Fuzz` function taking
    /// `*testing.F`, or a go-fuzz target (`func Fuzz(data []byte) int`). A function merely named
    /// `Fuzz…` with neither signature does not count.
    pub struct NoFuzzing {
        id: "no-fuzzing",
        category: Category::Testing,
        severity: Severity::Low,
        effort_hours: 4.0,
        kinds: &[Kind::Library, Kind::Service, Kind::Cli],
        summary: "No fuzz or property-based tests for untrusted input",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const LIBS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Cargo, "proptest"),
    (Ecosystem::Cargo, "quickcheck"),
    (Ecosystem::Cargo, "bolero"),
    (Ecosystem::Cargo, "arbitrary"),
    (Ecosystem::Cargo, "libfuzzer-sys"),
    (Ecosystem::Cargo, "afl"),
    (Ecosystem::Cargo, "honggfuzz"),
    (Ecosystem::Cargo, "test-strategy"),
    (Ecosystem::Cargo, "proptest-derive"),
    (Ecosystem::Cargo, "quickcheck_macros"),
    (Ecosystem::Cargo, "arbtest"),
    (Ecosystem::Go, "testing/quick"),
    (Ecosystem::Go, "pgregory.net/rapid"),
    (Ecosystem::Go, "github.com/leanovate/gopter"),
    (Ecosystem::Go, "github.com/dvyukov/go-fuzz"),
    (Ecosystem::Go, "github.com/AdaLogics/go-fuzz-headers"),
    (Ecosystem::Npm, "fast-check"),
    (Ecosystem::Npm, "@fast-check/*"),
    (Ecosystem::Npm, "jsverify"),
    (Ecosystem::Npm, "@jazzer.js/core"),
    (Ecosystem::Python, "hypothesis"),
    (Ecosystem::Python, "atheris"),
    (Ecosystem::Python, "schemathesis"),
    (Ecosystem::Python, "pythonfuzz"),
];

impl Rule for NoFuzzing {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let project = ctx.project;
        if !has_production_code(project) || first_lib_in_use(project, LIBS).is_some() {
            return;
        }
        let fuzz_dir = project.files.iter().any(|f| {
            f.language
                .is_some_and(|l| l.is_code() || l == Language::Toml)
                && has_dir_component(&f.rel_path, &["fuzz", "fuzz_targets", "fuzzing", "fuzzers"])
        });
        if fuzz_dir {
            return;
        }
        let roles = [Role::Test, Role::Production, Role::Example];
        let rust_target = find_in_code(project, &[Language::Rust], &roles, &["fuzz_target!"]);
        let go_fuzz = find_in_code(project, &[Language::Go], &[Role::Test], &["*testing.F)"])
            // go-fuzz targets: `func Fuzz(data []byte) int`, often behind a `gofuzz` tag.
            .or_else(|| {
                find_in_code(
                    project,
                    &[Language::Go],
                    &roles,
                    &["func Fuzz(data []byte) int"],
                )
            });
        if rust_target.is_some() || go_fuzz.is_some() {
            return;
        }
        out.push(ctx.finding(
            &Self::META,
            "no fuzz or property-based tests (cargo-fuzz, proptest, Go `Fuzz` functions, hypothesis, fast-check): inputs nobody thought of are never tried",
        ));
    }
}
