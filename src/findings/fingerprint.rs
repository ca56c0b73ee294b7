//! Baseline fingerprints: stable across lines moving and unrelated edits in the same file.
//!
//! A fingerprint is derived from the rule, the path, the whitespace-folded text of the flagged
//! construct, and the occurrence index among identical constructs of that rule in that file —
//! never from the line number.

use super::Finding;
use std::collections::HashMap;

/// FNV-1a, 64 bits: tiny, stable across platforms and releases (unlike `DefaultHasher`).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(std::iter::once(&0xff)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// Sets `fingerprint` on every finding. Findings must be in report order (path, line), so that
/// the occurrence index counts identical constructs from the top of the file.
pub fn assign(findings: &mut [Finding]) {
    let mut seen: HashMap<(String, Option<String>, String), usize> = HashMap::new();
    for f in findings.iter_mut() {
        let key = (f.rule.clone(), f.path.clone(), f.construct.clone());
        let index = seen.entry(key).or_insert(0);
        let idx = index.to_string();
        let path = f.path.as_deref().unwrap_or("");
        // Project findings without a construct are identified by rule, path and index alone:
        // their messages carry counts ("23 lines of Rust") that change with unrelated edits.
        let what = f.construct.as_str();
        f.fingerprint = format!("{:016x}", fnv1a(&[&f.rule, path, what, &idx]));
        *index += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Category, Severity};

    fn finding(line: u32, construct: &str) -> Finding {
        Finding {
            rule: "unwrap-outside-tests".into(),
            category: Category::ErrorHandling,
            severity: Severity::Medium,
            path: Some("src/lib.rs".into()),
            line: Some(line),
            column: Some(1),
            end_line: Some(line),
            message: "m".into(),
            snippet: None,
            effort_hours: 0.25,
            construct: construct.into(),
            fingerprint: String::new(),
            status: None,
        }
    }

    #[test]
    fn survives_moving_lines_and_tells_identical_constructs_apart() {
        let mut before = vec![
            finding(3, "x.unwrap()"),
            finding(9, "x.unwrap()"),
            finding(12, "y.unwrap()"),
        ];
        let mut after = vec![
            finding(30, "x.unwrap()"),
            finding(41, "x.unwrap()"),
            finding(50, "y.unwrap()"),
        ];
        assign(&mut before);
        assign(&mut after);
        let fp = |v: &[Finding]| v.iter().map(|f| f.fingerprint.clone()).collect::<Vec<_>>();
        assert_eq!(fp(&before), fp(&after));
        assert_ne!(before[0].fingerprint, before[1].fingerprint);
        assert_eq!(before[0].fingerprint.len(), 16);
    }
}
