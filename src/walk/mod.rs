//! walk: find every file the audit should see, read it once, and say why any file was passed over.
//!
//! Git semantics: what `.gitignore`/`.git/info/exclude` ignore is skipped, except files tracked in
//! the index (a committed `.env.local` is exactly what an audit must see). Symlinks are never
//! followed, so nothing outside the root is read and symlink loops cannot happen.

pub mod git;

use ignore::{WalkBuilder, WalkState};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Folders never audited: dependencies, build output, caches.
pub const ALWAYS_SKIPPED_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    "target",
    "vendor",
    "dist",
    "build",
    ".venv",
    "__pycache__",
    // Installed Python packages, whatever the virtualenv around them is called.
    "site-packages",
];

/// A Python virtualenv of any name (`venv/`, `env/`, `.tox/py311/`): `python -m venv` and
/// virtualenv write `pyvenv.cfg` at its root. Its contents are installed dependencies.
fn is_virtualenv(dir: &Path) -> bool {
    dir.join("pyvenv.cfg").is_file()
}

/// Bytes looked at for a NUL to decide that a file is binary.
const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// Binary formats whose header has no NUL early on (a PDF starts with `%PDF-` and text-like
/// lines): recognised by their magic number instead.
const BINARY_MAGIC: &[&[u8]] = &[
    b"%PDF-",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"wOFF",
    b"wOF2",
];

/// A NUL byte early in the file, or the magic number of a binary format.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(BINARY_SNIFF_LEN)].contains(&0)
        || BINARY_MAGIC.iter().any(|m| bytes.starts_with(m))
}

#[derive(Debug, Clone)]
pub struct WalkOptions {
    pub max_file_size: u64,
    /// Relative-path globs excluded by configuration.
    pub exclude: Vec<String>,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            max_file_size: 1_000_000,
            exclude: Vec::new(),
        }
    }
}

/// What was read of a file.
#[derive(Debug, Clone)]
pub enum Content {
    Text(String),
    /// A NUL byte early in the file or a binary format's magic number; `head` keeps the first
    /// bytes for magic-number checks.
    Binary {
        head: Vec<u8>,
    },
    /// Not read (too large, unreadable); the reason is in the skipped list.
    NotRead,
}

#[derive(Debug, Clone)]
pub struct WalkedFile {
    /// Relative to the root, `/`-separated.
    pub rel_path: String,
    pub abs_path: PathBuf,
    pub size: u64,
    pub content: Content,
    /// Tracked in the git index (false when the root is not in a git repository).
    pub tracked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Note {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct WalkOutput {
    pub files: Vec<WalkedFile>,
    pub skipped: Vec<Skipped>,
    pub notes: Vec<Note>,
    /// Whether the root is inside a git work tree whose index could be read.
    pub in_git: bool,
}

pub fn walk(root: &Path, options: &WalkOptions) -> anyhow::Result<WalkOutput> {
    let root = root
        .canonicalize()
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", root.display()))?;
    if !root.is_dir() {
        anyhow::bail!("{} is not a directory", root.display());
    }
    let excludes = build_excludes(&options.exclude)?;
    let tracked = git::tracked_files(&root);

    let collected = Mutex::new(WalkOutput::default());
    let mut builder = WalkBuilder::new(&root);
    builder
        .hidden(false)
        .ignore(false)
        .git_global(false)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .parents(true)
        .follow_links(false)
        .filter_entry(|e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            !(is_dir
                && e.depth() > 0
                && (ALWAYS_SKIPPED_DIRS.contains(&&*e.file_name().to_string_lossy())
                    || is_virtualenv(e.path())))
        });

    builder.build_parallel().run(|| {
        let collected = &collected;
        let root = &root;
        let excludes = &excludes;
        let tracked = &tracked;
        Box::new(move |entry| {
            match entry {
                Ok(entry) => {
                    if entry.depth() == 0 {
                        return WalkState::Continue;
                    }
                    let Some(rel) = relative(root, entry.path(), collected) else {
                        return WalkState::Continue;
                    };
                    let ft = entry.file_type();
                    if ft.is_some_and(|t| t.is_dir()) {
                        return if excludes.is_match(&rel) {
                            WalkState::Skip
                        } else {
                            WalkState::Continue
                        };
                    }
                    if excludes.is_match(&rel) {
                        return WalkState::Continue;
                    }
                    if ft.is_some_and(|t| t.is_symlink()) {
                        push_skip(collected, rel, "symbolic link (not followed)".into());
                        return WalkState::Continue;
                    }
                    if !ft.is_some_and(|t| t.is_file()) {
                        push_skip(collected, rel, "not a regular file".into());
                        return WalkState::Continue;
                    }
                    let is_tracked = tracked.as_ref().is_some_and(|t| t.contains(&rel));
                    let file = read_file(entry.path(), rel, is_tracked, options, collected);
                    lock(collected).files.push(file);
                }
                Err(err) => {
                    let (path, msg) = describe_walk_error(root, &err);
                    push_skip(collected, path, msg);
                }
            }
            WalkState::Continue
        })
    });

    let mut out = collected.into_inner().unwrap_or_else(|p| p.into_inner());
    out.in_git = tracked.is_some();

    // Tracked files that an ignore pattern hid from the walk.
    if let Some(tracked) = &tracked {
        let seen: BTreeSet<String> = out.files.iter().map(|f| f.rel_path.clone()).collect();
        let seen_skips: BTreeSet<String> = out.skipped.iter().map(|s| s.path.clone()).collect();
        let collected = Mutex::new(WalkOutput::default());
        // Whether each folder is a virtualenv, asked once per folder.
        let mut virtualenv: std::collections::HashMap<String, bool> = Default::default();
        for rel in tracked {
            if seen.contains(rel) || seen_skips.contains(rel) || excludes.is_match(rel) {
                continue;
            }
            if rel
                .split('/')
                .any(|part| ALWAYS_SKIPPED_DIRS.contains(&part))
            {
                continue;
            }
            let in_virtualenv = rel.match_indices('/').any(|(i, _)| {
                let dir = &rel[..i];
                *virtualenv
                    .entry(dir.to_string())
                    .or_insert_with(|| is_virtualenv(&root.join(dir)))
            });
            if in_virtualenv {
                continue;
            }
            let abs = root.join(rel);
            match std::fs::symlink_metadata(&abs) {
                Ok(meta) if meta.file_type().is_symlink() => push_skip(
                    &collected,
                    rel.clone(),
                    "symbolic link (not followed)".into(),
                ),
                Ok(meta) if meta.is_file() => {
                    let file = read_file(&abs, rel.clone(), true, options, &collected);
                    lock(&collected).files.push(file);
                }
                // Deleted in the work tree but still in the index: nothing to read.
                _ => {}
            }
        }
        let extra = collected.into_inner().unwrap_or_else(|p| p.into_inner());
        out.files.extend(extra.files);
        out.skipped.extend(extra.skipped);
        out.notes.extend(extra.notes);
    }

    out.files.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    out.skipped.sort();
    out.skipped.dedup();
    out.notes.sort();
    Ok(out)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A poisoned lock only means another thread panicked while pushing; the data is still usable.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn push_skip(collected: &Mutex<WalkOutput>, path: String, reason: String) {
    lock(collected).skipped.push(Skipped { path, reason });
}

fn relative(root: &Path, path: &Path, collected: &Mutex<WalkOutput>) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut out = String::new();
    let mut lossy = false;
    for (i, comp) in rel.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        let s = comp.as_os_str();
        match s.to_str() {
            Some(s) => out.push_str(s),
            None => {
                lossy = true;
                out.push_str(&s.to_string_lossy());
            }
        }
    }
    if lossy {
        lock(collected).notes.push(Note {
            path: out.clone(),
            message: "file name is not valid UTF-8; shown with replacement characters".into(),
        });
    }
    Some(out)
}

fn describe_walk_error(root: &Path, err: &ignore::Error) -> (String, String) {
    fn find_path(err: &ignore::Error) -> Option<&Path> {
        match err {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                find_path(err)
            }
            ignore::Error::Loop { child, .. } => Some(child),
            _ => None,
        }
    }
    let path = find_path(err)
        .map(|p| {
            p.strip_prefix(root)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/")
        })
        .unwrap_or_default();
    let msg = match err {
        ignore::Error::WithPath { err, .. } => err.to_string(),
        other => other.to_string(),
    };
    (path, format!("unreadable: {msg}"))
}

fn read_file(
    abs: &Path,
    rel: String,
    tracked: bool,
    options: &WalkOptions,
    collected: &Mutex<WalkOutput>,
) -> WalkedFile {
    let mut file = WalkedFile {
        rel_path: rel,
        abs_path: abs.to_path_buf(),
        size: 0,
        content: Content::NotRead,
        tracked,
    };
    let mut handle = match std::fs::File::open(abs) {
        Ok(h) => h,
        Err(e) => {
            push_skip(collected, file.rel_path.clone(), format!("unreadable: {e}"));
            return file;
        }
    };
    file.size = handle.metadata().map(|m| m.len()).unwrap_or(0);
    if file.size > options.max_file_size {
        // Still read the head: magic numbers tell whether a large file is a committed binary.
        let mut head = vec![0u8; 16];
        let n = handle.read(&mut head).unwrap_or(0);
        head.truncate(n);
        push_skip(
            collected,
            file.rel_path.clone(),
            format!(
                "larger than {} bytes ({} bytes)",
                options.max_file_size, file.size
            ),
        );
        file.content = if looks_binary(&head) {
            Content::Binary { head }
        } else {
            Content::NotRead
        };
        return file;
    }
    let mut bytes = Vec::with_capacity(file.size as usize);
    if let Err(e) = handle.read_to_end(&mut bytes) {
        push_skip(collected, file.rel_path.clone(), format!("unreadable: {e}"));
        return file;
    }
    file.size = bytes.len() as u64;
    if looks_binary(&bytes) {
        bytes.truncate(16);
        file.content = Content::Binary { head: bytes };
        return file;
    }
    file.content = Content::Text(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            lock(collected).notes.push(Note {
                path: file.rel_path.clone(),
                message: format!("invalid UTF-8 at byte {at}; audited with replacement characters"),
            });
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    });
    file
}

/// Matches relative paths against configured exclusion globs (and everything below them).
pub struct Excludes(globset::GlobSet);

impl Excludes {
    pub fn is_match(&self, rel: &str) -> bool {
        !self.0.is_empty() && self.0.is_match(rel)
    }
}

pub fn build_excludes(globs: &[String]) -> anyhow::Result<Excludes> {
    let mut b = globset::GlobSetBuilder::new();
    for g in globs {
        let g = g.trim_end_matches('/');
        let glob = globset::GlobBuilder::new(g)
            .literal_separator(true)
            .build()
            .map_err(|e| anyhow::anyhow!("invalid exclude glob `{g}`: {e}"))?;
        b.add(glob);
        // `dir` also excludes `dir/**`.
        if let Ok(below) = globset::GlobBuilder::new(&format!("{g}/**"))
            .literal_separator(true)
            .build()
        {
            b.add(below);
        }
    }
    Ok(Excludes(b.build()?))
}
