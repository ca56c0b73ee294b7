//! `docs/rules.md`, generated from the rules' own metadata and docs so it cannot drift.

use super::{Rule, builtin_rules};
use crate::findings::Category;
use std::fmt::Write;

pub fn markdown() -> String {
    let rules = builtin_rules();
    let mut out = String::new();
    out.push_str("# Rules\n\n");
    out.push_str("<!-- Generated from the rule sources by `UPDATE_DOCS=1 cargo test --test docs_up_to_date`. Do not edit. -->\n\n");
    out.push_str("Every rule `readiness` runs, by category. `readiness explain RULE` prints the same text.\n\n");
    out.push_str("| Rule | Category | Severity | Languages | Applies to | Summary |\n|---|---|---|---|---|---|\n");
    for r in &rules {
        let m = r.meta();
        let _ = writeln!(
            out,
            "| [`{id}`](#{id}) | {} | {} | {} | {} | {} |",
            m.category.id(),
            m.severity.id(),
            join_or_all(m.languages.iter().map(|l| l.display_name())),
            join_or_all(m.kinds.iter().map(|k| k.id())),
            m.summary.replace('|', "\\|"),
            id = m.id,
        );
    }
    out.push('\n');
    for category in Category::ALL {
        let in_cat: Vec<&&dyn Rule> = rules
            .iter()
            .filter(|r| r.meta().category == category)
            .collect();
        if in_cat.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {}\n", category.title());
        for r in in_cat {
            let m = r.meta();
            let _ = writeln!(out, "<a id=\"{}\"></a>\n### `{}`\n", m.id, m.id);
            let _ = writeln!(
                out,
                "{} · severity **{}** · effort {} h per finding · languages: {} · applies to: {} · since {}\n",
                m.summary,
                m.severity.id(),
                m.effort_hours,
                join_or_all(m.languages.iter().map(|l| l.display_name())),
                join_or_all(m.kinds.iter().map(|k| k.id())),
                m.since,
            );
            // Rule docs use `##` headings; nest them under the rule's `###`.
            for line in m.docs_markdown().lines() {
                if let Some(h) = line.strip_prefix("## ") {
                    let _ = writeln!(out, "#### {h}");
                } else {
                    let _ = writeln!(out, "{line}");
                }
            }
            out.push('\n');
        }
    }
    out
}

fn join_or_all<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = items.collect();
    if v.is_empty() {
        "all".into()
    } else {
        v.join(", ")
    }
}
