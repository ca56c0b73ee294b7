use crate::classify::Role;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::ProjectFile;
use crate::rules::{ProjectContext, Rule, Scope};
use crate::walk::Content;

declare_rule! {
    /// ## What it finds
    /// Executables and compiled libraries committed to git: files whose first bytes are an ELF,
    /// Mach-O, PE (`MZ`) or WebAssembly header, and binary files named `*.exe`, `*.dll`, `*.so`
    /// (`*.so.1.2`), `*.dylib`, `*.jar`, `*.class`, `*.pyc`, `*.o`, `*.a`. One finding per
    /// file. Outside a git repository every file found counts as committed.
    ///
    /// ## Why it matters
    /// A committed binary cannot be reviewed or rebuilt from the source next to it: nobody can
    /// tell what it contains or which code it was built from, it bloats every clone forever,
    /// and it is a classic way to smuggle malicious code into a build.
    ///
    /// ## How to fix
    /// Build the artifact in CI from source and publish it as a release asset or to a package
    /// registry; delete it from the repository and ignore the build output.
    ///
    /// ## Example
    /// A committed `bin/server` (ELF) or `lib/libcrypto.so`.
    ///
    /// Use instead: build `server` in the pipeline and attach it to the release; list `bin/` in
    /// `.gitignore`.
    ///
    /// ## Does not flag
    /// Text files with those extensions (linker scripts named `*.so`, `*.a` notes), untracked
    /// build output, the Gradle and Maven wrapper jars (`gradle-wrapper.jar`,
    /// `maven-wrapper.jar`), images, archives and other data files, and binaries under test or
    /// fixture folders (`tests/`, `testdata/`, `fixtures/`: parsers need sample binaries). Folders
    /// the audit never walks (`dist/`, `build/`, `target/`, `vendor/`, `node_modules/`) are not
    /// looked at.
    pub struct CommittedBinary {
        id: "committed-binary",
        category: Category::CiCd,
        severity: Severity::Medium,
        effort_hours: 0.5,
        summary: "Executable or compiled library committed to the repository",
        since: "2026.2",
        scope: Scope::Project,
    }
}

impl Rule for CommittedBinary {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let in_git = ctx.project.in_git;
        for f in ctx.files() {
            if (in_git && !f.tracked) || f.role == Role::Test {
                continue;
            }
            if let Some(what) = binary_kind(f) {
                out.push(ctx.finding_in(
                    &Self::META,
                    &f.rel_path,
                    None,
                    format!("`{}` is a committed {what}", f.rel_path),
                ));
            }
        }
    }
}

fn binary_kind(f: &ProjectFile) -> Option<&'static str> {
    let name = f.file_name().to_ascii_lowercase();
    if name == "gradle-wrapper.jar" || name == "maven-wrapper.jar" {
        return None;
    }
    let head: &[u8] = match &f.content {
        Content::Binary { head } => head,
        Content::NotRead => &[],
        // Text: whatever its name, not a compiled artifact.
        Content::Text(_) => return None,
    };
    if let Some(kind) = magic(head) {
        return Some(kind);
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let versioned_so = name.split('.').skip(1).any(|p| p == "so")
        && name
            .rsplit('.')
            .next()
            .is_some_and(|last| last.bytes().all(|b| b.is_ascii_digit()));
    match ext {
        "exe" => Some("Windows executable"),
        "dll" => Some("Windows library (DLL)"),
        "so" | "dylib" => Some("shared library"),
        "jar" => Some("Java archive"),
        "class" => Some("Java class file"),
        "pyc" => Some("compiled Python file"),
        "o" => Some("object file"),
        "a" => Some("static library"),
        _ if versioned_so => Some("shared library"),
        _ => None,
    }
}

/// Executable formats recognised by their first bytes.
fn magic(head: &[u8]) -> Option<&'static str> {
    const MACHO: [[u8; 4]; 4] = [
        [0xfe, 0xed, 0xfa, 0xce],
        [0xfe, 0xed, 0xfa, 0xcf],
        [0xce, 0xfa, 0xed, 0xfe],
        [0xcf, 0xfa, 0xed, 0xfe],
    ];
    if head.starts_with(b"\x7fELF") {
        Some("ELF executable or library")
    } else if MACHO.iter().any(|m| head.starts_with(m)) {
        Some("Mach-O executable or library")
    } else if head.starts_with(b"MZ") {
        Some("Windows (PE) executable or library")
    } else if head.starts_with(b"\0asm") {
        Some("WebAssembly module")
    } else {
        None
    }
}
