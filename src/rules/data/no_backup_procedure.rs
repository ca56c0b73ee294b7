use super::storage::{
    EMBEDDED_STORES, SQL_LIBRARIES, Use, first_use, is_pure_library, production_imports,
};
use crate::classify::{Language, Role};
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::Project;
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// Projects that store data (a SQL database as for `no-migrations`, SQLite database files
    /// in the repository, or an embedded store: sled, RocksDB, redb, LMDB, Badger, Bolt/bbolt,
    /// LevelDB, Pebble) with no backup or restore procedure: no file or folder named
    /// `*backup*`/`*restore*`, no documentation that mentions both backup and restore, no
    /// backup tool in scripts, CI or manifests (`pg_dump`, `mysqldump`, `pg_basebackup`,
    /// `mongodump`, Litestream, restic, Velero, Barman, pgBackRest, WAL-G), and no `backup`
    /// command or function in production code. The finding points at the storage dependency.
    ///
    /// ## Why it matters
    /// Data outlives code. Without a tested backup and restore path, one bad migration, deleted
    /// volume or ransomware incident loses users' data for good, and nobody knows how long a
    /// restore would take.
    ///
    /// ## How to fix
    /// Automate backups (managed snapshots, `pg_dump` on a schedule, Litestream for SQLite),
    /// store them off the host, and document — and rehearse — the restore procedure.
    ///
    /// ## Example
    /// ```text
    /// Cargo.toml: rusqlite = "0.31"   (no backup script, no docs)
    /// ```
    /// Use instead:
    /// ```text
    /// scripts/backup.sh   docs/operations.md ("Backup and restore")
    /// ```
    ///
    /// ## Does not flag
    /// Projects that store nothing, storage libraries declared only as dev dependencies, pure
    /// libraries, and projects with any of the evidence above; the words in comments of code
    /// do not count as a backup command.
    pub struct NoBackupProcedure {
        id: "no-backup-procedure",
        category: Category::Data,
        severity: Severity::Medium,
        effort_hours: 4.0,
        summary: "data is stored but no backup/restore procedure exists",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const BACKUP_TOOLS: &[&str] = &[
    "pg_dump",
    "pg_dumpall",
    "pg_basebackup",
    "mysqldump",
    "mariadb-dump",
    "mongodump",
    "litestream",
    "restic",
    "velero",
    "barman",
    "pgbackrest",
    "wal-g",
];

fn sqlite_files(p: &Project) -> Option<Use> {
    p.files
        .iter()
        .find(|f| {
            let n = f.file_name().to_ascii_lowercase();
            !matches!(f.role, Role::Test | Role::Example)
                && (n.ends_with(".sqlite") || n.ends_with(".sqlite3") || n.ends_with(".db"))
        })
        .map(|f| Use {
            name: "SQLite database file",
            path: f.rel_path.clone(),
            line: None,
        })
}

fn has_backup_procedure(p: &Project) -> bool {
    let named = p.files.iter().any(|f| {
        let lower = f.rel_path.to_ascii_lowercase();
        f.role != Role::Test && (lower.contains("backup") || lower.contains("restore"))
    });
    if named {
        return true;
    }
    let documented = p.facts.docs_files.iter().any(|d| {
        p.file(d).and_then(|f| f.text()).is_some_and(|t| {
            let lower = t.to_ascii_lowercase();
            lower.contains("backup") && lower.contains("restor")
        })
    });
    if documented {
        return true;
    }
    let tool = p.files.iter().any(|f| {
        let ops = match f.language {
            None => true,
            Some(l) => !l.is_code() || l == Language::Shell,
        };
        ops && f.role != Role::Test
            && f.text().is_some_and(|t| {
                let lower = t.to_ascii_lowercase();
                BACKUP_TOOLS.iter().any(|tool| lower.contains(tool))
            })
    });
    if tool {
        return true;
    }
    [
        Language::Rust,
        Language::Go,
        Language::JavaScript,
        Language::TypeScript,
        Language::Python,
    ]
    .into_iter()
    .any(|l| {
        p.production_sources(l).any(|(_, t)| {
            let lower = t.to_ascii_lowercase();
            lower.contains("backup")
                && crate::model::code_text::strip_comments_and_strings(l, t)
                    .to_ascii_lowercase()
                    .contains("backup")
        })
    })
}

impl Rule for NoBackupProcedure {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let p = ctx.project;
        if is_pure_library(p) {
            return;
        }
        let imports = production_imports(p);
        let Some(store) = first_use(p, &imports, SQL_LIBRARIES)
            .or_else(|| first_use(p, &imports, EMBEDDED_STORES))
            .or_else(|| sqlite_files(p))
        else {
            return;
        };
        if has_backup_procedure(p) {
            return;
        }
        out.push(ctx.finding_in(
            &Self::META,
            &store.path,
            store.line,
            format!(
                "data is stored with `{}` but there is no backup/restore script, command or documentation",
                store.name
            ),
        ));
    }
}
