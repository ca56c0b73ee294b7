use super::storage::{SQL_LIBRARIES, first_use, is_pure_library, production_imports};
use crate::classify::{Language, Role};
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::{Ecosystem, Project};
use crate::rules::util::{find_in_production_code, is_string_kind, uses_in_production};
use crate::rules::{ProjectContext, Rule, Scope};
use std::time::Duration;

declare_rule! {
    /// ## What it finds
    /// Projects that use a SQL database (Rust sqlx, diesel, rusqlite, sea-orm, tokio-postgres,
    /// postgres; Go `database/sql`, gorm, pgx, sqlx; npm pg, mysql2, knex, prisma, typeorm,
    /// sequelize, drizzle-orm, better-sqlite3; Python SQLAlchemy, psycopg, sqlite3, Django,
    /// peewee, asyncpg) without managed schema migrations: no `migrations/` (or `migration/`,
    /// `migrate/`, `alembic/`) folder anywhere, no `sqlx::migrate!`/`embed_migrations!`, no
    /// migration tool (refinery, sea-orm-migration, diesel_migrations, golang-migrate, goose,
    /// atlas, sql-migrate, dbmate, umzug, node-pg-migrate, db-migrate, drizzle-kit, alembic,
    /// yoyo, Flask-Migrate) and no migration files (`alembic.ini`, `knexfile.*`,
    /// `.sequelizerc`, `flyway.conf`, `liquibase.properties`, `V1__*.sql`, `*.up.sql`,
    /// `atlas.hcl`). When the schema is created ad hoc (`CREATE TABLE` in a string literal of
    /// production code) the finding points there; otherwise at the database dependency.
    ///
    /// ## Why it matters
    /// Without versioned migrations, every environment's schema is whatever the code happened
    /// to create when it first ran: changes to columns and indexes are applied by hand, drift
    /// between staging and production goes unnoticed, and a rollback cannot restore the schema.
    ///
    /// ## How to fix
    /// Adopt the migration tool of your stack, commit one migration per schema change, and run
    /// migrations as a deploy step (or at startup, once, under a lock).
    ///
    /// ## Example
    /// ```rust
    /// sqlx::query("CREATE TABLE IF NOT EXISTS users (id BIGINT PRIMARY KEY)").execute(&pool).await?;
    /// ```
    /// Use instead:
    /// ```rust
    /// sqlx::migrate!("./migrations").run(&pool).await?;
    /// ```
    ///
    /// ## Does not flag
    /// Projects without a SQL database, database crates declared only as dev dependencies or
    /// only to forward a feature (no code of the package names them), pure libraries (their
    /// users own the schema), migration tools themselves (`sqlx::migrate::Migrator`), numbered
    /// schema deltas (`schema/delta/48/*.sql`), `CREATE TABLE` in comments or test code (only
    /// evidence for the message, never a finding by itself).
    pub struct NoMigrations {
        id: "no-migrations",
        category: Category::Data,
        severity: Severity::High,
        effort_hours: 4.0,
        summary: "SQL database used without managed schema migrations",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const MIGRATION_TOOLS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Cargo, "refinery"),
    (Ecosystem::Cargo, "sea-orm-migration"),
    (Ecosystem::Cargo, "diesel_migrations"),
    (Ecosystem::Go, "github.com/golang-migrate/migrate"),
    (Ecosystem::Go, "github.com/pressly/goose"),
    (Ecosystem::Go, "ariga.io/atlas"),
    (Ecosystem::Go, "github.com/rubenv/sql-migrate"),
    (Ecosystem::Go, "github.com/amacneil/dbmate"),
    (Ecosystem::Npm, "umzug"),
    (Ecosystem::Npm, "node-pg-migrate"),
    (Ecosystem::Npm, "db-migrate"),
    (Ecosystem::Npm, "drizzle-kit"),
    (Ecosystem::Python, "alembic"),
    (Ecosystem::Python, "yoyo-migrations"),
    (Ecosystem::Python, "flask-migrate"),
];

const MIGRATION_DIRS: &[&str] = &["migrations", "migration", "migrate", "alembic"];

fn is_migration_file(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    let name = parts.pop().unwrap_or("");
    parts.iter().any(|p| MIGRATION_DIRS.contains(p))
        // Numbered schema deltas (`schema/delta/48/*.sql`, synapse's own migration runner).
        || (parts.contains(&"schema") && parts.iter().any(|p| matches!(*p, "delta" | "deltas")))
        || name == "alembic.ini"
        || name.starts_with("knexfile.")
        || name == ".sequelizerc"
        || name == "flyway.conf"
        || name == "liquibase.properties"
        || name == "atlas.hcl"
        || name.ends_with(".up.sql")
        || (name.starts_with('v') && name.contains("__") && name.ends_with(".sql"))
}

fn has_migrations(p: &Project) -> bool {
    p.files
        .iter()
        .any(|f| f.role != Role::Test && is_migration_file(&f.rel_path))
        || MIGRATION_TOOLS
            .iter()
            .any(|(e, n)| uses_in_production(p, *e, n))
        // `sqlx::migrate::Migrator` (sqlx-cli is the migration tool).
        || find_in_production_code(
            p,
            &[Language::Rust],
            &["migrate!", "embed_migrations!", "sqlx::migrate::"],
        )
        .is_some()
}

/// The first `CREATE TABLE` inside a string literal of production code: file and line.
pub(super) fn ad_hoc_schema(p: &Project) -> Option<(String, u32)> {
    for language in [
        Language::Rust,
        Language::Go,
        Language::JavaScript,
        Language::TypeScript,
        Language::Python,
    ] {
        for (file, text) in p.production_sources(language) {
            if !text.to_ascii_uppercase().contains("CREATE TABLE") {
                continue;
            }
            let Ok(tree) = crate::parse::parse(language, text, Duration::from_secs(2)) else {
                continue;
            };
            let nodes = crate::rules::util::named_descendants(tree.root_node());
            let hit = nodes.iter().find(|n| {
                is_string_kind(n.kind())
                    && text
                        .get(n.byte_range())
                        .is_some_and(|s| s.to_ascii_uppercase().contains("CREATE TABLE"))
            });
            if let Some(n) = hit {
                let line = u32::try_from(n.start_position().row + 1).unwrap_or(u32::MAX);
                return Some((file.rel_path.clone(), line));
            }
        }
    }
    None
}

impl Rule for NoMigrations {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let p = ctx.project;
        if is_pure_library(p) {
            return;
        }
        let imports = production_imports(p);
        let Some(db) = first_use(p, &imports, SQL_LIBRARIES) else {
            return;
        };
        if has_migrations(p) {
            return;
        }
        let finding = match ad_hoc_schema(p) {
            Some((path, line)) => ctx.finding_in(
                &Self::META,
                &path,
                Some(line),
                format!(
                    "the schema is created ad hoc in code (`CREATE TABLE`) and `{}` is used without managed migrations",
                    db.name
                ),
            ),
            None => ctx.finding_in(
                &Self::META,
                &db.path,
                db.line,
                format!(
                    "`{}` is used but the project has no managed schema migrations",
                    db.name
                ),
            ),
        };
        out.push(finding);
    }
}
