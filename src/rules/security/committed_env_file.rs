use crate::classify::Role;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::ProjectFile;
use crate::rules::{ProjectContext, Rule, Scope};
use crate::walk::Content;

declare_rule! {
    /// ## What it finds
    /// Secret-bearing files committed to git: `.env` and `.env.*` files with at least one
    /// `KEY=value` setting, private keys (`*.pem` and `*.key` holding a `PRIVATE KEY` block or
    /// raw key material), key stores (`*.p12`, `*.pfx`, `*.keystore`, `*.jks`), SSH private keys
    /// (`id_rsa*`, `id_ed25519*`, `id_ecdsa*`, `id_dsa*`) and `credentials.json` (unless every
    /// secret-named value in it is a placeholder, as in a credential helper's fixture). One finding per
    /// file. Outside a git repository "committed" means "present": every file found counts.
    ///
    /// ## Why it matters
    /// Whatever is committed is in every clone, fork and CI cache, and stays in history after
    /// it is deleted. A committed key or `.env` has to be treated as leaked and rotated.
    ///
    /// ## How to fix
    /// Remove the file from the repository (`git rm --cached`), add it to `.gitignore`, rotate
    /// the secrets it held, and commit a `.env.example` with placeholder values instead. Load
    /// keys from a secret manager or the deployment environment.
    ///
    /// ## Example
    /// A committed `.env` containing `DATABASE_URL=postgres://app:s3cret@db/app`.
    ///
    /// Use instead: a committed `.env.example` with `DATABASE_URL=` and the real `.env` in
    /// `.gitignore`.
    ///
    /// ## Does not flag
    /// Templates (`.env.example`, `.env.sample`, `.env.template`, `.env.dist`,
    /// `.env.defaults`), `.env` files without any setting, dotenv-vault's encrypted
    /// `.env.vault`, code files such as `.env.d.ts`, public certificates and public keys
    /// (`*.pem` with only `BEGIN CERTIFICATE` / `BEGIN PUBLIC KEY`), `id_rsa.pub`, Android's
    /// shared `debug.keystore`, Keynote `.key` documents, untracked (ignored) files, and files
    /// under test, fixture, example and documentation folders (test keys are meant to be
    /// public).
    pub struct CommittedEnvFile {
        id: "committed-env-file",
        category: Category::Security,
        severity: Severity::High,
        effort_hours: 1.0,
        summary: "Secret file (.env, private key, key store) committed to the repository",
        since: "2026.2",
        scope: Scope::Project,
    }
}

impl Rule for CommittedEnvFile {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let in_git = ctx.project.in_git;
        for f in ctx.files() {
            if in_git && !f.tracked {
                continue;
            }
            if matches!(
                f.role,
                Role::Test | Role::Example | Role::Docs | Role::Generated
            ) {
                continue;
            }
            if let Some(what) = secret_file(f) {
                out.push(ctx.finding_in(
                    &Self::META,
                    &f.rel_path,
                    None,
                    format!("`{}` is committed: {what}", f.rel_path),
                ));
            }
        }
    }
}

/// What secret a file holds, judged by its name and, where the name is ambiguous, its content.
fn secret_file(f: &ProjectFile) -> Option<&'static str> {
    let name = f.file_name().to_ascii_lowercase();
    if name == ".env" || name.starts_with(".env.") {
        return env_file(&name, f);
    }
    if name == "credentials.json" && !only_placeholder_credentials(f) {
        return Some("a credentials file (service account or OAuth client secret)");
    }
    for prefix in ["id_rsa", "id_ed25519", "id_ecdsa", "id_dsa"] {
        if name.starts_with(prefix) && !name.ends_with(".pub") {
            return Some("an SSH private key");
        }
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "p12" | "pfx" => Some("a PKCS#12 key store (private key and certificate)"),
        "jks" | "keystore" if name != "debug.keystore" => Some("a Java/Android key store"),
        "pem" => match &f.content {
            Content::Text(t) if t.contains("PRIVATE KEY-----") => Some("a PEM private key"),
            _ => None,
        },
        "key" => match &f.content {
            Content::Text(t) => key_text(t),
            // Keynote documents are zip archives.
            Content::Binary { head } if head.starts_with(b"PK") => None,
            Content::Binary { .. } => Some("a binary (DER) private key"),
            Content::NotRead => None,
        },
        _ => None,
    }
}

/// A `credentials.json` whose secret-named values are all placeholders or too short to be keys
/// (`"SecretAccessKey": "secret"`, a fixture for a credential helper): nothing to revoke. A file
/// that is not valid JSON, or holds no secret-named value at all, is judged by its name.
fn only_placeholder_credentials(f: &ProjectFile) -> bool {
    let Some(value) = f
        .text()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
    else {
        return false;
    };
    let mut secrets: Vec<&str> = Vec::new();
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    match v {
                        serde_json::Value::String(s) if crate::secrets::is_secret_name(k) => {
                            secrets.push(s)
                        }
                        _ => stack.push(v),
                    }
                }
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    !secrets.is_empty()
        && secrets
            .iter()
            .all(|s| s.len() < 8 || crate::secrets::is_placeholder_value(s))
}

fn env_file(name: &str, f: &ProjectFile) -> Option<&'static str> {
    let suffix = name.strip_prefix(".env").unwrap_or("");
    const TEMPLATES: &[&str] = &[
        "example", "sample", "template", "tpl", "dist", "default", "defaults", "schema", "vault",
    ];
    if suffix
        .split(['.', '-', '_'])
        .any(|part| TEMPLATES.contains(&part))
    {
        return None;
    }
    // `.env.d.ts`, `.env.js`: code, not an environment file.
    const CODE: &[&str] = &[
        ".ts", ".js", ".mjs", ".cjs", ".tsx", ".jsx", ".py", ".rs", ".go", ".md",
    ];
    if CODE.iter().any(|ext| name.ends_with(ext)) {
        return None;
    }
    let text = f.text()?;
    let has_setting = text.lines().any(|l| {
        let t = l.trim();
        let t = t.strip_prefix("export ").unwrap_or(t);
        !t.starts_with('#')
            && t.split_once('=').is_some_and(|(k, v)| {
                !k.trim().is_empty()
                    && !k.trim().contains(' ')
                    && !v.trim().trim_matches(['"', '\'']).is_empty()
            })
    });
    has_setting.then_some("an environment file with settings (secrets belong outside git)")
}

/// A text `.key` file: a PEM private key, or raw key material (one long token, as Rails'
/// `master.key`). Public material and prose are not secrets.
fn key_text(text: &str) -> Option<&'static str> {
    if text.contains("PRIVATE KEY-----") {
        return Some("a PEM private key");
    }
    if text.contains("-----BEGIN") {
        return None;
    }
    let t = text.trim();
    let raw = t.len() >= 16
        && !t.contains(char::is_whitespace)
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'));
    raw.then_some("raw key material")
}
