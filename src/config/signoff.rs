//! Sign-offs: the roles that must approve before the project counts as ready, and whether each
//! recorded approval still holds.

use super::{Config, Date};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SignoffStatus {
    pub role: String,
    pub by: Option<String>,
    pub on: Option<String>,
    pub score: Option<f64>,
    pub commit: Option<String>,
    pub override_reason: Option<String>,
    /// `valid`, `stale` or `missing`.
    pub state: String,
    /// Why a sign-off is stale or missing.
    pub detail: Option<String>,
}

/// One line per required role (and per recorded role not in the list), latest record first.
pub fn statuses(config: &Config, current_score: f64, today: Date) -> Vec<SignoffStatus> {
    let Some(s) = &config.signoff else {
        return Vec::new();
    };
    let mut roles: Vec<String> = s.required.clone();
    for r in &s.records {
        if !roles.contains(&r.role) {
            roles.push(r.role.clone());
        }
    }
    roles
        .into_iter()
        .map(|role| {
            let latest = s
                .records
                .iter()
                .filter(|r| r.role == role)
                .max_by_key(|r| Date::from_toml(&r.on).map(Date::days).unwrap_or(i64::MIN));
            match latest {
                None => SignoffStatus {
                    role,
                    by: None,
                    on: None,
                    score: None,
                    commit: None,
                    override_reason: None,
                    state: "missing".into(),
                    detail: Some("required, not signed off".into()),
                },
                Some(r) => {
                    let on = Date::from_toml(&r.on);
                    let age = on.map(|d| today.days() - d.days());
                    let too_old = match (s.max_age_days, age) {
                        (Some(max), Some(a)) => a > i64::from(max),
                        _ => false,
                    };
                    let score_moved = r.score.is_some_and(|sc| (sc - current_score).abs() >= 0.05);
                    let detail = if too_old {
                        Some(format!("older than {} days", s.max_age_days.unwrap_or(0)))
                    } else if score_moved {
                        Some(format!(
                            "score changed since: {:.1} then, {current_score:.1} now",
                            r.score.unwrap_or(0.0)
                        ))
                    } else {
                        None
                    };
                    SignoffStatus {
                        role,
                        by: Some(r.by.clone()),
                        on: on.map(|d| d.to_string()),
                        score: r.score,
                        commit: r.commit.clone(),
                        override_reason: r.override_reason.clone(),
                        state: if detail.is_some() {
                            "stale".into()
                        } else {
                            "valid".into()
                        },
                        detail,
                    }
                }
            }
        })
        .collect()
}

/// The TOML block `readiness signoff` appends to the configuration file.
pub fn record_block(
    role: &str,
    by: &str,
    on: Date,
    score: f64,
    grade: char,
    commit: Option<&str>,
    override_reason: Option<&str>,
) -> String {
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = format!(
        "\n[[signoff.records]]\nrole = {}\nby = {}\non = {on}\nscore = {score:.1}\ngrade = {}\n",
        q(role),
        q(by),
        q(&grade.to_string())
    );
    if let Some(c) = commit {
        out.push_str(&format!("commit = {}\n", q(c)));
    }
    if let Some(o) = override_reason {
        out.push_str(&format!("override = {}\n", q(o)));
    }
    out
}
