//! Semantic checks of a parsed configuration. Each problem is a [`Diagnostic`] with the file,
//! line and column, the offending line, and the closest valid key or id when there is one.

use super::{Config, Date};
use crate::classify::Language;
use crate::findings::{Category, Severity};
use crate::model::Kind;
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub snippet: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn at(
        path: &Path,
        text: &str,
        offset: usize,
        message: String,
        hint: Option<String>,
    ) -> Self {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before
            .get(line_start..)
            .map_or(1, |s| s.chars().count() + 1);
        let snippet = text
            .get(line_start..)
            .and_then(|s| s.lines().next())
            .unwrap_or("")
            .to_string();
        Diagnostic {
            path: path.to_path_buf(),
            line,
            column,
            message,
            snippet,
            hint,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )?;
        if !self.snippet.is_empty() {
            write!(f, "\n  | {}", self.snippet)?;
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  = help: {h}")?;
        }
        Ok(())
    }
}

/// `unknown field `exclud`, expected one of `exclude`, `kinds`` → "did you mean `exclude`?".
pub fn suggest_for_serde_message(message: &str) -> Option<String> {
    let unknown = message.strip_prefix("unknown field `")?.split('`').next()?;
    let expected: Vec<&str> = message
        .split("expected")
        .nth(1)?
        .split('`')
        .skip(1)
        .step_by(2)
        .collect();
    did_you_mean(unknown, &expected)
}

/// "did you mean `x`?" for the closest candidates.
pub fn did_you_mean(wanted: &str, candidates: &[&str]) -> Option<String> {
    let close = crate::app::closest(wanted, candidates);
    match close.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        many => Some(format!(
            "did you mean {}?",
            many.iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        )),
    }
}

struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, offset: usize, message: String, hint: Option<String>) {
        self.out
            .push(Diagnostic::at(self.path, self.text, offset, message, hint));
    }

    /// Offset of the first occurrence of `needle` after `from`, for values without spans.
    fn find(&self, needle: &str) -> usize {
        self.text.find(needle).unwrap_or(0)
    }

    fn glob(&mut self, glob: &str, offset: usize) {
        if let Err(e) = globset::Glob::new(glob) {
            self.error(offset, format!("invalid glob `{glob}`: {}", e.kind()), None);
        }
    }

    fn date(&mut self, d: &toml::Spanned<toml::value::Datetime>, what: &str) -> Option<Date> {
        let date = Date::from_toml(d.get_ref());
        if date.is_none() {
            self.error(
                d.span().start,
                format!("{what} must be a date like 2027-01-31"),
                None,
            );
        }
        date
    }
}

fn category_ids() -> Vec<&'static str> {
    Category::ALL.iter().map(|c| c.id()).collect()
}

pub fn validate(config: &Config, text: &str, path: &Path, root: &Path) -> Vec<Diagnostic> {
    let mut c = Checker {
        path,
        text,
        out: Vec::new(),
    };
    let builtin: Vec<&'static str> = crate::rules::builtin_rules()
        .iter()
        .map(|r| r.meta().id)
        .collect();
    let custom_ids: Vec<String> = config
        .custom_rule
        .iter()
        .map(|r| r.id.get_ref().clone())
        .collect();
    let mut all_ids: Vec<&str> = builtin.clone();
    all_ids.extend(custom_ids.iter().map(String::as_str));
    let severities = ["critical", "high", "medium", "low"];

    if let Some(rs) = &config.ruleset {
        let ok = rs.get_ref().split_once('.').is_some_and(|(y, n)| {
            y.len() == 4
                && y.chars().all(|c| c.is_ascii_digit())
                && !n.is_empty()
                && n.chars().all(|c| c.is_ascii_digit())
        });
        if !ok {
            c.error(
                rs.span().start,
                format!("ruleset must look like `2026.1`, not `{}`", rs.get_ref()),
                None,
            );
        }
    }

    let kind_ids: Vec<&str> = Kind::ALL.iter().map(|k| k.id()).collect();
    for k in config.profile.kinds.iter().flatten() {
        if Kind::from_id(k.get_ref()).is_none() {
            c.error(
                k.span().start,
                format!("unknown project kind `{}`", k.get_ref()),
                did_you_mean(k.get_ref(), &kind_ids),
            );
        }
    }
    for g in &config.profile.test_paths {
        c.glob(g.get_ref(), g.span().start);
    }
    for g in &config.profile.exclude {
        let at = c.find(g);
        c.glob(g, at);
    }

    for (cat, weight) in &config.weights {
        if Category::from_id(cat.get_ref()).is_none() {
            c.error(
                cat.span().start,
                format!("unknown category `{}`", cat.get_ref()),
                did_you_mean(cat.get_ref(), &category_ids()),
            );
        }
        if !(weight.is_finite() && *weight >= 0.0) {
            c.error(
                cat.span().start,
                format!("weight of `{}` must be a number ≥ 0", cat.get_ref()),
                None,
            );
        }
    }

    for (id, rule) in &config.rules {
        let known = all_ids.contains(&id.get_ref().as_str());
        if !known {
            c.error(
                id.span().start,
                format!("unknown rule `{}`", id.get_ref()),
                did_you_mean(id.get_ref(), &all_ids),
            );
            continue;
        }
        if let Some(s) = &rule.severity
            && Severity::from_id(s.get_ref()).is_none()
        {
            c.error(
                s.span().start,
                format!("unknown severity `{}`", s.get_ref()),
                did_you_mean(s.get_ref(), &severities),
            );
        }
        let allowed: Vec<&str> = crate::rules::find_rule(id.get_ref())
            .map(|r| r.meta().options.iter().map(|o| o.0).collect())
            .unwrap_or_default();
        for key in rule.options.keys() {
            if !allowed.contains(&key.as_str()) {
                let mut valid = vec!["enabled", "severity"];
                valid.extend(allowed.iter().copied());
                let at = c.find(&format!("{key} ="));
                let hint = did_you_mean(key, &valid)
                    .or_else(|| Some(format!("`{}` takes: {}", id.get_ref(), valid.join(", "))));
                c.error(
                    at,
                    format!("unknown option `{key}` for rule `{}`", id.get_ref()),
                    hint,
                );
            }
        }
    }

    for s in &config.suppress {
        if !all_ids.contains(&s.rule.get_ref().as_str()) {
            c.error(
                s.rule.span().start,
                format!("unknown rule `{}`", s.rule.get_ref()),
                did_you_mean(s.rule.get_ref(), &all_ids),
            );
        }
        match &s.reason {
            Some(r) if !r.get_ref().trim().is_empty() => {}
            Some(r) => c.error(
                r.span().start,
                "a suppression needs a non-empty `reason`".into(),
                None,
            ),
            None => c.error(
                s.rule.span().start,
                "a suppression needs a `reason`".into(),
                Some("add reason = \"why this is acceptable\"".into()),
            ),
        }
        for g in &s.paths {
            c.glob(g.get_ref(), g.span().start);
        }
        if let Some(e) = &s.expires {
            c.date(e, "expires");
        }
    }

    let mut seen = HashSet::new();
    for r in &config.custom_rule {
        let id = r.id.get_ref();
        if !seen.insert(id.clone()) {
            c.error(
                r.id.span().start,
                format!("duplicate custom rule id `{id}`"),
                None,
            );
        }
        if builtin.contains(&id.as_str()) {
            c.error(
                r.id.span().start,
                format!("custom rule id `{id}` is a built-in rule id"),
                None,
            );
        }
        if id.is_empty()
            || !id
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
        {
            c.error(
                r.id.span().start,
                format!("rule id `{id}` must be kebab-case (a-z, 0-9, -)"),
                None,
            );
        }
        if Category::from_id(r.category.get_ref()).is_none() {
            c.error(
                r.category.span().start,
                format!("unknown category `{}`", r.category.get_ref()),
                did_you_mean(r.category.get_ref(), &category_ids()),
            );
        }
        if Severity::from_id(r.severity.get_ref()).is_none() {
            c.error(
                r.severity.span().start,
                format!("unknown severity `{}`", r.severity.get_ref()),
                did_you_mean(r.severity.get_ref(), &severities),
            );
        }
        let lang_ids: Vec<&str> = Language::ALL.iter().map(|l| l.id()).collect();
        let mut langs = Vec::new();
        for l in &r.languages {
            match Language::from_id(l.get_ref()) {
                Some(lang) => langs.push(lang),
                None => c.error(
                    l.span().start,
                    format!("unknown language `{}`", l.get_ref()),
                    did_you_mean(l.get_ref(), &lang_ids),
                ),
            }
        }
        for g in r.paths.iter().chain(&r.not_paths) {
            c.glob(g.get_ref(), g.span().start);
        }
        if r.effort_hours.is_some_and(|h| h.is_nan() || h <= 0.0) {
            let at = r.id.span().start;
            c.error(at, "effort_hours must be positive".into(), None);
        }
        match (&r.regex, &r.query) {
            (Some(_), Some(q)) => c.error(
                q.span().start,
                "give either `regex` or `query`, not both".into(),
                None,
            ),
            (None, None) => c.error(
                r.id.span().start,
                format!("custom rule `{id}` needs a `regex` or a `query`"),
                None,
            ),
            (Some(re), None) => {
                if let Err(e) = crate::rules::custom::compile_regex(re.get_ref()) {
                    c.error(re.span().start, format!("invalid regex: {e}"), None);
                }
            }
            (None, Some(q)) => {
                if langs.is_empty() || langs.iter().any(|l| !l.is_code()) {
                    c.error(q.span().start, "a `query` rule needs `languages` naming code languages (rust, go, typescript, tsx, javascript, python)".into(), None);
                }
                for lang in &langs {
                    if let Err(e) = crate::rules::custom::compile_query(*lang, q.get_ref()) {
                        c.error(
                            q.span().start,
                            format!("invalid tree-sitter query for {}: {e}", lang.id()),
                            None,
                        );
                    }
                }
            }
        }
    }

    let mut seen = HashSet::new();
    for item in &config.checklist {
        let id = item.id.get_ref();
        if !seen.insert(id.clone()) {
            c.error(
                item.id.span().start,
                format!("duplicate checklist id `{id}`"),
                None,
            );
        }
        if Category::from_id(item.category.get_ref()).is_none() {
            c.error(
                item.category.span().start,
                format!("unknown category `{}`", item.category.get_ref()),
                did_you_mean(item.category.get_ref(), &category_ids()),
            );
        }
        if !matches!(item.tier.get_ref().as_str(), "P0" | "P1" | "P2" | "P3") {
            c.error(
                item.tier.span().start,
                format!(
                    "tier must be P0, P1, P2 or P3, not `{}`",
                    item.tier.get_ref()
                ),
                None,
            );
        }
        match item.status.get_ref().as_str() {
            "todo" | "done" => {}
            "not-applicable" => {
                if item.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                    c.error(
                        item.status.span().start,
                        format!("checklist item `{id}` is not-applicable without a `reason`"),
                        None,
                    );
                }
            }
            other => c.error(
                item.status.span().start,
                format!("status must be todo, done or not-applicable, not `{other}`"),
                did_you_mean(other, &["todo", "done", "not-applicable"]),
            ),
        }
        if let Some(e) = &item.evidence {
            let ev = e.get_ref();
            let is_link = ev.contains("://");
            if !is_link && !root.join(ev).exists() {
                c.error(
                    e.span().start,
                    format!("evidence `{ev}` does not exist in the repository"),
                    None,
                );
            }
        }
        if let Some(e) = &item.expires {
            c.date(e, "expires");
        }
    }
    c.out
}
