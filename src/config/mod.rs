//! config: `readiness.toml` at the root of the audited path (or `--config FILE`).
//!
//! Strict: unknown keys and wrong types are errors naming the file, line and column; a broken
//! config never silently falls back to defaults.

use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "readiness.toml";

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub profile: ProfileConfig,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileConfig {
    /// Paths (globs relative to the root) not audited at all, e.g. deliberately bad fixtures.
    #[serde(default)]
    pub exclude: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}\n  | {snippet}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        snippet: String,
    },
}

/// Loads the configuration: `explicit` if given, else `<root>/readiness.toml` if present, else
/// the defaults.
pub fn load(
    root: &Path,
    explicit: Option<&Path>,
) -> Result<(Config, Option<PathBuf>), ConfigError> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let p = root.join(FILE_NAME);
            if !p.is_file() {
                return Ok((Config::default(), None));
            }
            p
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
        path: path.clone(),
        source,
    })?;
    let config = parse(&text, &path)?;
    Ok((config, Some(path)))
}

pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    toml::from_str::<Config>(text).map_err(|e| {
        let (line, column, snippet) = match e.span() {
            Some(span) => {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let column = before[line_start..].chars().count() + 1;
                let snippet = text[line_start..].lines().next().unwrap_or("").to_string();
                (line, column, snippet)
            }
            None => (1, 1, String::new()),
        };
        ConfigError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message: e.message().to_string(),
            snippet,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_a_position() {
        let err = parse(
            "[profile]\nexclude = []\nexclud = [\"x\"]\n",
            Path::new("readiness.toml"),
        )
        .expect_err("unknown key must fail");
        let msg = err.to_string();
        assert!(msg.starts_with("readiness.toml:3:1:"), "{msg}");
        assert!(msg.contains("exclud"), "{msg}");
    }

    #[test]
    fn empty_file_means_defaults() {
        let c = parse("", Path::new("readiness.toml")).expect("empty config is valid");
        assert!(c.profile.exclude.is_empty());
    }
}
