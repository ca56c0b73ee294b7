//! What a project stores data in, shared by the data rules: SQL databases and embedded
//! key-value stores, found in manifests (normal and build dependencies, not dev ones) and in
//! the imports of production code.

use crate::classify::Language;
use crate::model::{DepKind, Ecosystem, Kind, Project};
use std::collections::BTreeMap;

/// (ecosystem, declared name, import path or module; empty when there is no import to look for).
pub type Lib = (Ecosystem, &'static str, &'static str);

pub const SQL_LIBRARIES: &[Lib] = &[
    (Ecosystem::Cargo, "sqlx", "sqlx"),
    (Ecosystem::Cargo, "diesel", "diesel"),
    (Ecosystem::Cargo, "rusqlite", "rusqlite"),
    (Ecosystem::Cargo, "sea-orm", "sea_orm"),
    (Ecosystem::Cargo, "tokio-postgres", "tokio_postgres"),
    (Ecosystem::Cargo, "postgres", "postgres"),
    (Ecosystem::Cargo, "mysql", "mysql"),
    (Ecosystem::Cargo, "mysql_async", "mysql_async"),
    (Ecosystem::Go, "", "database/sql"),
    (Ecosystem::Go, "gorm.io/gorm", "gorm.io/gorm"),
    (
        Ecosystem::Go,
        "github.com/jinzhu/gorm",
        "github.com/jinzhu/gorm",
    ),
    (
        Ecosystem::Go,
        "github.com/jackc/pgx",
        "github.com/jackc/pgx",
    ),
    (
        Ecosystem::Go,
        "github.com/jmoiron/sqlx",
        "github.com/jmoiron/sqlx",
    ),
    (Ecosystem::Npm, "pg", "pg"),
    (Ecosystem::Npm, "mysql2", "mysql2"),
    (Ecosystem::Npm, "mysql", "mysql"),
    (Ecosystem::Npm, "knex", "knex"),
    (Ecosystem::Npm, "prisma", ""),
    (Ecosystem::Npm, "@prisma/client", "@prisma/client"),
    (Ecosystem::Npm, "typeorm", "typeorm"),
    (Ecosystem::Npm, "sequelize", "sequelize"),
    (Ecosystem::Npm, "drizzle-orm", "drizzle-orm"),
    (Ecosystem::Npm, "better-sqlite3", "better-sqlite3"),
    (Ecosystem::Npm, "sqlite3", "sqlite3"),
    (Ecosystem::Python, "sqlalchemy", "sqlalchemy"),
    (Ecosystem::Python, "sqlmodel", "sqlmodel"),
    (Ecosystem::Python, "psycopg", "psycopg"),
    (Ecosystem::Python, "psycopg2", "psycopg2"),
    (Ecosystem::Python, "psycopg2-binary", ""),
    (Ecosystem::Python, "", "sqlite3"),
    (Ecosystem::Python, "django", "django.db"),
    (Ecosystem::Python, "peewee", "peewee"),
    (Ecosystem::Python, "asyncpg", "asyncpg"),
    (Ecosystem::Python, "pymysql", "pymysql"),
];

pub const EMBEDDED_STORES: &[Lib] = &[
    (Ecosystem::Cargo, "sled", "sled"),
    (Ecosystem::Cargo, "rocksdb", "rocksdb"),
    (Ecosystem::Cargo, "redb", "redb"),
    (Ecosystem::Cargo, "heed", "heed"),
    (Ecosystem::Cargo, "lmdb", "lmdb"),
    (
        Ecosystem::Go,
        "github.com/dgraph-io/badger",
        "github.com/dgraph-io/badger",
    ),
    (
        Ecosystem::Go,
        "github.com/boltdb/bolt",
        "github.com/boltdb/bolt",
    ),
    (Ecosystem::Go, "go.etcd.io/bbolt", "go.etcd.io/bbolt"),
    (
        Ecosystem::Go,
        "github.com/syndtr/goleveldb",
        "github.com/syndtr/goleveldb",
    ),
    (
        Ecosystem::Go,
        "github.com/cockroachdb/pebble",
        "github.com/cockroachdb/pebble",
    ),
    (Ecosystem::Npm, "level", "level"),
    (Ecosystem::Npm, "lmdb", "lmdb"),
    (Ecosystem::Python, "plyvel", "plyvel"),
    (Ecosystem::Python, "lmdb", "lmdb"),
];

/// Where a storage library was found: the dependency line in a manifest, or the first
/// production file importing it.
#[derive(Debug, Clone)]
pub struct Use {
    pub name: &'static str,
    pub path: String,
    pub line: Option<u32>,
}

/// Imports of production code, each with the first file importing it.
pub fn production_imports(p: &Project) -> BTreeMap<(Ecosystem, String), String> {
    let mut out = BTreeMap::new();
    for language in Language::CODE {
        for (file, _) in p.production_sources(language) {
            for key in &file.imports {
                out.entry(key.clone())
                    .or_insert_with(|| file.rel_path.clone());
            }
        }
    }
    out
}

fn import_matches(imported: &str, module: &str) -> bool {
    imported == module
        || imported
            .strip_prefix(module)
            .is_some_and(|rest| rest.starts_with('/') || rest.starts_with('.'))
}

/// The first library of `libs` the project uses in production.
pub fn first_use(
    p: &Project,
    imports: &BTreeMap<(Ecosystem, String), String>,
    libs: &[Lib],
) -> Option<Use> {
    for &(ecosystem, dep, module) in libs {
        if !dep.is_empty() {
            let declared = p.dependencies.iter().find(|d| {
                d.ecosystem == ecosystem
                    && d.kind != DepKind::Dev
                    && (d.name == dep
                        || (ecosystem == Ecosystem::Go && import_matches(&d.name, dep)))
            });
            // A crate declared only to forward a feature (`sqlite = ["dep:rusqlite",
            // "server/sqlite"]`) that no code of the package names is not used here.
            let named_in_code = |name: &str| {
                let module = name.replace('-', "_");
                let path = format!("{module}::");
                p.production_sources(crate::classify::Language::Rust)
                    .any(|(_, t)| t.contains(&path) || t.contains(&format!("use {module}")))
            };
            if let Some(d) = declared.filter(|d| {
                d.ecosystem != Ecosystem::Cargo
                    || p.production_sources(crate::classify::Language::Rust)
                        .next()
                        .is_none()
                    || named_in_code(&d.name)
            }) {
                return Some(Use {
                    name: if module.is_empty() { dep } else { module },
                    path: d.manifest.clone(),
                    line: d.line,
                });
            }
            if p.dependencies
                .iter()
                .any(|d| d.ecosystem == ecosystem && d.name == dep)
            {
                // Declared only for development.
                continue;
            }
        }
        if module.is_empty() {
            continue;
        }
        let found = imports
            .range((ecosystem, module.to_string())..)
            .take_while(|((e, m), _)| *e == ecosystem && m.starts_with(module))
            .find(|((_, m), _)| import_matches(m, module));
        if let Some((_, file)) = found {
            let line = p
                .file(file)
                .and_then(|f| f.text())
                .and_then(|t| t.find(module).map(|at| t[..at].matches('\n').count() + 1))
                .and_then(|l| u32::try_from(l).ok());
            return Some(Use {
                name: module,
                path: file.clone(),
                line,
            });
        }
    }
    None
}

/// A pure library: data management is its users' business.
pub fn is_pure_library(p: &Project) -> bool {
    p.kinds.contains(&Kind::Library)
        && !p.kinds.contains(&Kind::Service)
        && !p.kinds.contains(&Kind::Cli)
        && !p.kinds.contains(&Kind::Desktop)
}
