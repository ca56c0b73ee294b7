//! config: `readiness.toml` — readiness as code.
//!
//! Found at the root of the audited path, or given with `--config FILE`. Every key is optional;
//! an absent file means the defaults. Parsing is strict: unknown keys, wrong types, unknown rule
//! ids, bad globs, invalid regexes or queries, duplicate ids and missing reasons are errors that
//! name the file, line and column, show the line, and suggest the closest valid key or id. A
//! broken config never silently falls back to defaults. See `docs/configuration.md`.

pub mod apply;
mod date;
pub mod signoff;
pub mod validate;

pub use date::{Date, today};
pub use validate::{Diagnostic, validate};

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "readiness.toml";

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Rule-set version (`YYYY.N`): rules introduced later run as preview.
    pub ruleset: Option<toml::Spanned<String>>,
    #[serde(default)]
    pub profile: ProfileConfig,
    /// Per-category weights, by category id.
    #[serde(default)]
    pub weights: BTreeMap<toml::Spanned<String>, f64>,
    /// Per-rule settings, by rule id.
    #[serde(default)]
    pub rules: BTreeMap<toml::Spanned<String>, RuleConfig>,
    #[serde(default)]
    pub suppress: Vec<SuppressConfig>,
    #[serde(default)]
    pub custom_rule: Vec<CustomRuleConfig>,
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
    pub signoff: Option<SignoffConfig>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileConfig {
    /// Replaces the detected project kinds.
    pub kinds: Option<Vec<toml::Spanned<String>>>,
    /// Globs of paths that count as test code, beside the built-in conventions.
    #[serde(default)]
    pub test_paths: Vec<toml::Spanned<String>>,
    /// Globs of paths not audited at all, e.g. deliberately bad fixtures.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// Unknown keys here are rule options; `validate` checks them against the rule's declared options
/// (serde cannot combine `deny_unknown_fields` with the flattened options map).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct RuleConfig {
    pub enabled: Option<bool>,
    pub severity: Option<toml::Spanned<String>>,
    /// Rule-specific options (e.g. `allowed_origins` for `wildcard-origin`).
    #[serde(flatten)]
    pub options: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuppressConfig {
    pub rule: toml::Spanned<String>,
    #[serde(default)]
    pub paths: Vec<toml::Spanned<String>>,
    pub reason: Option<toml::Spanned<String>>,
    pub expires: Option<toml::Spanned<toml::value::Datetime>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRuleConfig {
    pub id: toml::Spanned<String>,
    pub category: toml::Spanned<String>,
    pub severity: toml::Spanned<String>,
    pub message: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub languages: Vec<toml::Spanned<String>>,
    #[serde(default)]
    pub paths: Vec<toml::Spanned<String>>,
    #[serde(default)]
    pub not_paths: Vec<toml::Spanned<String>>,
    pub effort_hours: Option<f64>,
    /// A regular expression (linear time, size-limited) matched on code lines.
    pub regex: Option<toml::Spanned<String>>,
    /// A tree-sitter query; the finding points at the capture `@match` (or the whole match).
    pub query: Option<toml::Spanned<String>>,
    /// Look at test code too (default: production code only).
    #[serde(default)]
    pub include_tests: bool,
    #[serde(default)]
    pub examples: Vec<CustomRuleExample>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRuleExample {
    pub code: String,
    pub flags: bool,
    /// Language of the example (default: the rule's first language).
    pub language: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub id: toml::Spanned<String>,
    pub title: String,
    pub category: toml::Spanned<String>,
    pub tier: toml::Spanned<String>,
    pub effort_hours: Option<f64>,
    pub status: toml::Spanned<String>,
    /// Required when `status = "not-applicable"`.
    pub reason: Option<String>,
    pub owner: Option<String>,
    /// A link, or a path in the repository (checked to exist).
    pub evidence: Option<toml::Spanned<String>>,
    pub expires: Option<toml::Spanned<toml::value::Datetime>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignoffConfig {
    /// Roles that must sign off before the project counts as ready.
    #[serde(default)]
    pub required: Vec<String>,
    /// A sign-off older than this many days is stale.
    pub max_age_days: Option<u32>,
    #[serde(default)]
    pub records: Vec<SignoffRecord>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SignoffRecord {
    pub role: String,
    pub by: String,
    pub on: toml::value::Datetime,
    pub score: Option<f64>,
    pub grade: Option<String>,
    pub commit: Option<String>,
    /// Why the sign-off was recorded despite open P0 items.
    #[serde(rename = "override")]
    pub override_reason: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", render(.0))]
    Invalid(Vec<Diagnostic>),
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A loaded configuration with where it came from.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    pub path: Option<PathBuf>,
    pub text: String,
}

/// Loads and validates the configuration: `explicit` if given, else `<root>/readiness.toml` if
/// present, else the defaults.
pub fn load(root: &Path, explicit: Option<&Path>) -> Result<Loaded, ConfigError> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let p = root.join(FILE_NAME);
            if !p.is_file() {
                return Ok(Loaded::default());
            }
            p
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
        path: path.clone(),
        source,
    })?;
    let config = parse(&text, &path)?;
    let diagnostics = validate(&config, &text, &path, root);
    if !diagnostics.is_empty() {
        return Err(ConfigError::Invalid(diagnostics));
    }
    Ok(Loaded {
        config,
        path: Some(path),
        text,
    })
}

/// Parses without the semantic checks (those are in [`validate`]).
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    toml::from_str::<Config>(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().to_string();
        let hint = validate::suggest_for_serde_message(&message);
        ConfigError::Invalid(vec![Diagnostic::at(path, text, span.start, message, hint)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_a_position_and_a_suggestion() {
        let err = parse(
            "[profile]\nexclude = []\nexclud = [\"x\"]\n",
            Path::new("readiness.toml"),
        )
        .expect_err("unknown key must fail");
        let msg = err.to_string();
        assert!(msg.starts_with("readiness.toml:3:1:"), "{msg}");
        assert!(
            msg.contains("exclud") && msg.contains("did you mean `exclude`"),
            "{msg}"
        );
        assert!(msg.contains("exclud = [\"x\"]"), "shows the line: {msg}");
    }

    #[test]
    fn empty_file_means_defaults() {
        let c = parse("", Path::new("readiness.toml")).expect("empty config is valid");
        assert!(c.profile.exclude.is_empty() && c.rules.is_empty());
    }
}
