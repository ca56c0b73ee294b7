use serde::Serialize;

/// Languages and formats `readiness` knows. Source languages are parsed with tree-sitter;
/// config formats are read as text or with their own parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Rust,
    Go,
    TypeScript,
    Tsx,
    JavaScript,
    Python,
    Toml,
    Yaml,
    Json,
    Env,
    Ini,
    Dockerfile,
    Html,
    Markdown,
    Sql,
    Shell,
}

impl Language {
    pub const ALL: [Language; 16] = [
        Language::Rust,
        Language::Go,
        Language::TypeScript,
        Language::Tsx,
        Language::JavaScript,
        Language::Python,
        Language::Toml,
        Language::Yaml,
        Language::Json,
        Language::Env,
        Language::Ini,
        Language::Dockerfile,
        Language::Html,
        Language::Markdown,
        Language::Sql,
        Language::Shell,
    ];

    pub fn from_id(id: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.id() == id)
    }

    pub fn id(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::Go => "go",
            Language::TypeScript => "typescript",
            Language::Tsx => "tsx",
            Language::JavaScript => "javascript",
            Language::Python => "python",
            Language::Toml => "toml",
            Language::Yaml => "yaml",
            Language::Json => "json",
            Language::Env => "env",
            Language::Ini => "ini",
            Language::Dockerfile => "dockerfile",
            Language::Html => "html",
            Language::Markdown => "markdown",
            Language::Sql => "sql",
            Language::Shell => "shell",
        }
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Language::Rust => "Rust",
            Language::Go => "Go",
            Language::TypeScript => "TypeScript",
            Language::Tsx => "TSX",
            Language::JavaScript => "JavaScript",
            Language::Python => "Python",
            Language::Toml => "TOML",
            Language::Yaml => "YAML",
            Language::Json => "JSON",
            Language::Env => ".env",
            Language::Ini => "INI",
            Language::Dockerfile => "Dockerfile",
            Language::Html => "HTML",
            Language::Markdown => "Markdown",
            Language::Sql => "SQL",
            Language::Shell => "Shell",
        }
    }

    /// The source languages ([`Self::is_code`]), for project rules that search all code.
    pub const CODE: [Language; 6] = [
        Language::Rust,
        Language::Go,
        Language::JavaScript,
        Language::TypeScript,
        Language::Tsx,
        Language::Python,
    ];

    /// Source languages parsed with tree-sitter.
    pub fn is_code(self) -> bool {
        matches!(
            self,
            Language::Rust
                | Language::Go
                | Language::TypeScript
                | Language::Tsx
                | Language::JavaScript
                | Language::Python
        )
    }

    /// Formats that hold configuration (read by config rules such as `hardcoded-secret`).
    pub fn is_config(self) -> bool {
        matches!(
            self,
            Language::Toml
                | Language::Yaml
                | Language::Json
                | Language::Env
                | Language::Ini
                | Language::Dockerfile
        )
    }

    /// TypeScript, TSX and JavaScript share most rules.
    pub fn is_js_family(self) -> bool {
        matches!(
            self,
            Language::TypeScript | Language::Tsx | Language::JavaScript
        )
    }

    /// Detects the language from the file name alone.
    pub fn from_path(rel_path: &str) -> Option<Language> {
        let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
        let lower = name.to_ascii_lowercase();
        if lower == "dockerfile"
            || lower.starts_with("dockerfile.")
            || lower.ends_with(".dockerfile")
            || lower == "containerfile"
        {
            return Some(Language::Dockerfile);
        }
        if lower == ".env" || lower.starts_with(".env.") || lower.ends_with(".env") {
            return Some(Language::Env);
        }
        let (stem, ext) = lower.rsplit_once('.')?;
        // `config.yaml.sample`, `settings.toml.example`, `app.ini.dist`: a configuration
        // template is read as the format it templates (a real secret in a sample is still
        // committed). Only configuration formats: a `main.py.example` is not code that runs.
        if matches!(ext, "sample" | "example" | "dist" | "template" | "tpl") {
            return Language::from_path(stem).filter(|l| l.is_config());
        }
        Some(match ext {
            "rs" => Language::Rust,
            "go" => Language::Go,
            "ts" | "mts" | "cts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
            "py" | "pyi" => Language::Python,
            "toml" => Language::Toml,
            "yaml" | "yml" => Language::Yaml,
            "json" | "jsonc" => Language::Json,
            "ini" | "cfg" | "conf" | "properties" => Language::Ini,
            "html" | "htm" => Language::Html,
            "md" | "markdown" | "mdx" => Language::Markdown,
            "sql" => Language::Sql,
            "sh" | "bash" | "zsh" => Language::Shell,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn code_lists_the_code_languages() {
        let code: Vec<Language> = Language::ALL.into_iter().filter(|l| l.is_code()).collect();
        let mut listed = Language::CODE.to_vec();
        listed.sort_by_key(|l| Language::ALL.iter().position(|a| a == l));
        assert_eq!(listed, code);
    }

    use super::*;

    #[test]
    fn detects_by_name() {
        assert_eq!(Language::from_path("src/main.rs"), Some(Language::Rust));
        assert_eq!(
            Language::from_path("a/Dockerfile"),
            Some(Language::Dockerfile)
        );
        assert_eq!(
            Language::from_path("Dockerfile.prod"),
            Some(Language::Dockerfile)
        );
        assert_eq!(Language::from_path(".env.local"), Some(Language::Env));
        assert_eq!(Language::from_path("x/App.tsx"), Some(Language::Tsx));
        assert_eq!(Language::from_path("x/a.cjs"), Some(Language::JavaScript));
        assert_eq!(Language::from_path("setup.cfg"), Some(Language::Ini));
        assert_eq!(Language::from_path("LICENSE"), None);
    }

    #[test]
    fn configuration_templates_are_read_as_their_format() {
        let cases = [
            ("config/app.yaml.sample", Some(Language::Yaml)),
            ("settings.toml.example", Some(Language::Toml)),
            ("app.ini.dist", Some(Language::Ini)),
            ("secrets.json.template", Some(Language::Json)),
            (".env.sample", Some(Language::Env)),
            // Code templates are not code that runs; unknown inner formats stay unknown.
            ("local_settings.py.example", None),
            ("main.rs.tpl", None),
            ("notes.txt.sample", None),
            ("file.sample", None),
            // A copy of a sample is still the format.
            ("a.yaml.sample.orig.sample", None),
            ("a.yaml.sample.sample", Some(Language::Yaml)),
        ];
        for (path, language) in cases {
            assert_eq!(Language::from_path(path), language, "{path}");
        }
    }
}
