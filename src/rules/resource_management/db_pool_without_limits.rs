use crate::classify::{Language, Role};
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::{FileContext, Rule};

declare_rule! {
    /// ## What it finds
    /// Go `sql.Open(` calls in a package (the Go files of the same folder, tests excluded) that
    /// never calls `SetMaxOpenConns`. The finding is at `sql.Open`.
    ///
    /// ## Why it matters
    /// `database/sql` opens an unlimited number of connections by default: under load the
    /// service opens connections until the database refuses them (`too many connections`),
    /// taking every other client of the database down with it.
    ///
    /// ## How to fix
    /// Call `db.SetMaxOpenConns(n)` (and `SetMaxIdleConns`, `SetConnMaxLifetime`) right after
    /// opening, sized to the database's connection budget divided by the number of replicas.
    ///
    /// ## Example
    /// ```go
    /// db, err := sql.Open("postgres", dsn)
    /// ```
    /// Use instead:
    /// ```go
    /// db, err := sql.Open("postgres", dsn)
    /// db.SetMaxOpenConns(20)
    /// db.SetConnMaxLifetime(30 * time.Minute)
    /// ```
    ///
    /// ## Does not flag
    /// Packages where any file calls `SetMaxOpenConns`, exported wrappers that open the pool their
    /// caller names (`func Open(driver, dsn string)` passing both on to `sql.Open`), `sql.Open`
    /// in comments or strings,
    /// `SetMaxOpenConns` only in a comment does not count, and test files.
    pub struct DbPoolWithoutLimits {
        id: "db-pool-without-limits",
        category: Category::ResourceManagement,
        severity: Severity::Low,
        effort_hours: 0.25,
        languages: &[Language::Go],
        summary: "Go `sql.Open` without `SetMaxOpenConns` in the package",
        since: "2026.2",
        literals: &["sql.Open("],
    }
}

/// `func Open(driverName, dataSourceName string) (*DB, error) { db, err := sql.Open(driverName,
/// dataSourceName) … }`: an exported wrapper that opens the pool its caller asked for; sizing it is
/// the caller's decision.
fn opens_for_the_caller(ctx: &FileContext<'_>, call: tree_sitter::Node<'_>) -> bool {
    let Some(function) = crate::rules::util::go_enclosing_function(call) else {
        return false;
    };
    let exported = function
        .field("name")
        .is_some_and(|n| ctx.text_of(n).starts_with(|c: char| c.is_ascii_uppercase()));
    let mut params: Vec<&str> = Vec::new();
    if let Some(list) = function.field("parameters") {
        ctx.visit_all_descendants(list, |n, kind| {
            if kind == "identifier"
                && n.parent()
                    .is_some_and(|p| p.kind() == "parameter_declaration")
            {
                params.push(ctx.text_of(n));
            }
        });
    }
    let args: Vec<&str> = call
        .field("arguments")
        .map(|a| {
            let mut c = a.walk();
            a.named_children(&mut c).map(|n| ctx.text_of(n)).collect()
        })
        .unwrap_or_default();
    exported && args.len() == 2 && args.iter().all(|a| params.contains(a))
}

fn dir_of(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

impl Rule for DbPoolWithoutLimits {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let opens: Vec<_> = ctx
            .nodes_of_kind("call_expression")
            .filter(|c| {
                c.field("function")
                    .is_some_and(|f| ctx.text_of(f) == "sql.Open")
                    && ctx.is_production_code(*c)
                    && !opens_for_the_caller(ctx, *c)
            })
            .collect();
        if opens.is_empty() {
            return;
        }
        let dir = dir_of(ctx.rel_path());
        let limited = ctx.project.files.iter().any(|f| {
            f.language == Some(Language::Go)
                && f.role != Role::Test
                && dir_of(&f.rel_path) == dir
                && f.text().is_some_and(|t| {
                    t.contains("SetMaxOpenConns")
                        && crate::model::code_text::strip_comments_and_strings(Language::Go, t)
                            .contains("SetMaxOpenConns")
                })
        });
        if limited {
            return;
        }
        for call in opens {
            out.push(ctx.finding(
                &Self::META,
                call,
                "`sql.Open` pool has no `SetMaxOpenConns` in this package: connections are unlimited",
            ));
        }
    }
}
