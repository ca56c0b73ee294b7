//! Helpers shared by project-scoped rules: which libraries a project uses, where code (not
//! comments or strings) mentions something, and which repository files exist.

use crate::classify::{Language, Role};
use crate::model::code_text::strip_comments_and_strings;
use crate::model::{Ecosystem, Project, ProjectFile};

/// Languages with production code, largest first, as display names with their line counts.
pub fn production_languages(project: &Project) -> Vec<(Language, usize)> {
    let mut v: Vec<(Language, usize)> = project
        .languages
        .iter()
        .filter(|(_, s)| s.files > 0)
        .map(|(l, s)| (*l, s.lines))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// Whether the project has production code at all.
pub fn has_production_code(project: &Project) -> bool {
    project.languages.values().any(|s| s.files > 0)
}

/// A library in use: `name` declared or imported in `ecosystem`. A trailing `*` makes `name` a
/// prefix (`@opentelemetry/*`, `opentelemetry-*`).
pub fn uses_lib(project: &Project, ecosystem: Ecosystem, name: &str) -> bool {
    match name.strip_suffix('*') {
        Some(prefix) => {
            project
                .dependencies
                .iter()
                .any(|d| d.ecosystem == ecosystem && d.name.starts_with(prefix))
                || project
                    .imports
                    .iter()
                    .any(|(e, m)| *e == ecosystem && m.starts_with(prefix))
        }
        None => project.uses(ecosystem, name),
    }
}

/// The first library of `libs` in use, as `name`.
pub fn first_lib_in_use<'n>(project: &Project, libs: &[(Ecosystem, &'n str)]) -> Option<&'n str> {
    libs.iter()
        .find(|(e, n)| uses_lib(project, *e, n))
        .map(|(_, n)| n.trim_end_matches('*'))
}

/// Code files (any of `roles`) whose code, comments and strings removed, contains one of
/// `needles`: the first such file, with the byte offset of the match.
pub fn find_in_code<'p>(
    project: &'p Project,
    languages: &[Language],
    roles: &[Role],
    needles: &[&str],
) -> Option<(&'p ProjectFile, usize)> {
    project.files.iter().find_map(|f| {
        let language = f.language.filter(|l| languages.contains(l))?;
        if !roles.contains(&f.role) {
            return None;
        }
        let text = f.text()?;
        if !needles.iter().any(|n| text.contains(n)) {
            return None;
        }
        let code = strip_comments_and_strings(language, text);
        needles
            .iter()
            .filter_map(|n| code.find(n))
            .min()
            .map(|offset| (f, offset))
    })
}

/// 1-based line of a byte offset.
pub fn line_of_offset(text: &str, offset: usize) -> u32 {
    let prefix = text.get(..offset).unwrap_or(text);
    prefix.bytes().filter(|&b| b == b'\n').count() as u32 + 1
}

/// The folder of a relative path (`""` at the root).
pub fn parent_dir(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The file name up to its first dot, lower-cased (`CHANGELOG.md` → `changelog`).
pub fn lower_stem(file_name: &str) -> String {
    let name = file_name.trim_start_matches('.');
    name.split('.').next().unwrap_or(name).to_ascii_lowercase()
}

/// Files directly in one of `dirs` (`""` is the root), case-insensitive folder match.
pub fn files_in_dirs<'p>(
    project: &'p Project,
    dirs: &'p [&'p str],
) -> impl Iterator<Item = &'p ProjectFile> + 'p {
    project.files.iter().filter(move |f| {
        let dir = parent_dir(&f.rel_path).to_ascii_lowercase();
        dirs.contains(&dir.as_str())
    })
}

/// Whether a path has a folder component equal to one of `names` (case-insensitive).
pub fn has_dir_component(rel_path: &str, names: &[&str]) -> bool {
    let lower = rel_path.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    parts.pop();
    parts.iter().any(|p| names.contains(p))
}

/// Markdown, reStructuredText and AsciiDoc headings of a document, lower-cased, with their
/// 1-based lines: `# Title`, `== Title`, setext/RST underlines, and whole-line bold text.
pub fn headings(text: &str) -> Vec<(u32, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut in_fence = false;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let lineno = i as u32 + 1;
        if let Some(rest) = line.strip_prefix('#') {
            let title = rest.trim_start_matches('#');
            if title.starts_with(' ') {
                out.push((lineno, title.trim().to_ascii_lowercase()));
                continue;
            }
        }
        if let Some(rest) = line.strip_prefix("==") {
            let title = rest.trim_start_matches('=');
            if title.starts_with(' ') {
                out.push((lineno, title.trim().to_ascii_lowercase()));
                continue;
            }
        }
        let bold = line
            .strip_prefix("**")
            .and_then(|l| l.strip_suffix("**").or_else(|| l.strip_suffix("**:")));
        if let Some(b) = bold
            && !b.is_empty()
            && !b.contains("**")
        {
            out.push((lineno, b.trim().to_ascii_lowercase()));
            continue;
        }
        let is_underline = |l: &str| {
            let l = l.trim();
            l.len() >= 3
                && l.chars()
                    .next()
                    .is_some_and(|c| matches!(c, '=' | '-' | '~' | '^' | '*' | '+'))
                && l.chars().all(|c| l.starts_with(c))
        };
        if !line.is_empty()
            && !is_underline(line)
            && lines.get(i + 1).is_some_and(|next| is_underline(next))
        {
            out.push((lineno, line.to_ascii_lowercase()));
        }
    }
    out
}

/// The words of a heading (alphanumeric runs).
pub fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The README at the root (or `.github/`, `docs/`), preferring the root.
pub fn readme(project: &Project) -> Option<&ProjectFile> {
    ["", ".github", "docs"].into_iter().find_map(|dir| {
        project
            .files
            .iter()
            .filter(|f| parent_dir(&f.rel_path).eq_ignore_ascii_case(dir))
            .filter(|f| lower_stem(f.file_name()) == "readme")
            .min_by_key(|f| {
                let lower = f.file_name().to_ascii_lowercase();
                (!lower.ends_with(".md"), lower)
            })
    })
}

/// A documentation-like file name: no extension, or a text/markup one (`md`, `rst`, `txt`,
/// `adoc`, `org`, `html`), so `news.py` or `license.rs` do not count as `NEWS` or `LICENSE`.
pub fn has_doc_extension(file_name: &str) -> bool {
    let name = file_name.trim_start_matches('.');
    match name.split_once('.') {
        None => true,
        Some((_, ext)) => matches!(
            ext.to_ascii_lowercase().as_str(),
            "md" | "markdown" | "rst" | "txt" | "adoc" | "asciidoc" | "org" | "html" | "textile"
        ),
    }
}
