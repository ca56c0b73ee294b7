//! `--format markdown`: the audit document a senior reviewer would write.

use super::escape::{markdown_code, markdown_text};
use super::{EFFORT_ASSUMPTIONS, Format, Report, hours};
use crate::findings::Severity;
use crate::score::{CRITICAL_FLOOR, DENSITY_SCALE};
use std::io::{self, Write};

pub struct Markdown;

/// Where rule documentation lives, relative to the repository's docs.
const RULES_DOC: &str = "docs/rules.md";

impl Format for Markdown {
    fn render(&self, r: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "# Production readiness audit: {}\n",
            markdown_text(&r.root_display)
        )?;
        writeln!(out, "{}\n", markdown_text(&r.profile_line()))?;
        writeln!(out, "Mode: {}.\n", markdown_text(&r.mode))?;

        writeln!(out, "## Executive summary\n")?;
        write!(
            out,
            "**Grade {} — score {:.1}/100.**",
            r.score.grade, r.score.score
        )?;
        if let Some(raw) = r.score.uncapped_grade {
            write!(
                out,
                " The score alone gives {raw}; open critical findings cap the grade at C."
            )?;
        }
        writeln!(out)?;
        let counts = r.severity_counts();
        writeln!(
            out,
            "\n{} findings: {} critical, {} high, {} medium, {} low.\n",
            r.findings().len(),
            counts[0],
            counts[1],
            counts[2],
            counts[3]
        )?;
        let top = r.top_three();
        if top.is_empty() {
            writeln!(out, "No rule found anything to fix.\n")?;
        } else {
            writeln!(out, "Fix first:\n")?;
            for (i, item) in top.iter().enumerate() {
                writeln!(
                    out,
                    "{}. **{}** ({}, {} finding{}): {} — about {} h.",
                    i + 1,
                    rule_link(item.rule.id),
                    item.severity,
                    item.findings,
                    plural(item.findings),
                    item.rule.summary,
                    hours(item.effort_hours)
                )?;
            }
            writeln!(out)?;
        }

        writeln!(out, "## Scores by category\n")?;
        writeln!(out, "| Category | Score | Weight | Weighted | Findings |")?;
        writeln!(out, "|---|---:|---:|---:|---:|")?;
        let weight_sum: f64 = r
            .score
            .categories
            .iter()
            .filter(|c| c.score.is_some())
            .map(|c| c.weight)
            .sum();
        for c in &r.score.categories {
            match c.score {
                Some(s) => writeln!(
                    out,
                    "| {} | {:.1} | {:.2} | {:.1} | {} |",
                    c.category.title(),
                    s,
                    c.weight,
                    if weight_sum > 0.0 {
                        s * c.weight / weight_sum
                    } else {
                        0.0
                    },
                    c.findings
                )?,
                None => writeln!(
                    out,
                    "| {} | not assessed | {:.2} | — | — |",
                    c.category.title(),
                    c.weight
                )?,
            }
        }
        writeln!(
            out,
            "| **Overall** | **{:.1}** | {:.2} | **{:.1}** | {} |\n",
            r.score.score,
            weight_sum,
            r.score.score,
            r.findings().len()
        )?;

        writeln!(out, "### How the score was computed\n")?;
        if let Some(note) = &r.weights_note {
            writeln!(out, "Note: {}.\n", markdown_text(note))?;
        }
        writeln!(
            out,
            "Each category starts at 100. Every rule that applied and found something subtracts points by severity \
             (critical 40, high 25, medium 12, low 4 at most). Findings in code are weighed by density: the cost is \
             `full × (1 − e^(−d/{DENSITY_SCALE}))` where d is findings per 1,000 lines of production code, so one \
             finding in a large codebase costs little; yet each critical finding costs at least {CRITICAL_FLOOR} points. \
             Project-level findings cost their full amount. Categories where no rule applied are not assessed and \
             left out; the overall score is the weighted mean of the assessed ones (weights renormalised to sum \
             to {weight_sum:.2} → 1). An open critical finding caps the grade at C.\n"
        )?;
        let costs: Vec<String> = r
            .score
            .categories
            .iter()
            .flat_map(|c| c.costs.iter().map(move |k| (c, k)))
            .filter(|(_, k)| k.cost > 0.0)
            .map(|(c, k)| {
                format!(
                    "- {}: {} × {} → −{:.1}",
                    c.category.title(),
                    k.findings,
                    rule_link(&k.rule),
                    k.cost
                )
            })
            .collect();
        if !costs.is_empty() {
            writeln!(out, "{}\n", costs.join("\n"))?;
        }

        writeln!(out, "## Critical and high findings\n")?;
        let serious: Vec<_> = r
            .worst_findings()
            .into_iter()
            .filter(|f| f.severity >= Severity::High)
            .collect();
        if serious.is_empty() {
            writeln!(out, "None.\n")?;
        }
        for f in serious {
            let location = match (&f.path, f.line) {
                (Some(p), Some(l)) => format!("{}:{l}", markdown_code(p)),
                (Some(p), None) => markdown_code(p),
                _ => "project".to_string(),
            };
            writeln!(
                out,
                "- **{}** {} {} — {}",
                f.severity,
                rule_link(&f.rule),
                location,
                markdown_text(&f.message)
            )?;
            if let Some(s) = &f.snippet {
                writeln!(out, "  {}", markdown_code(s))?;
            }
        }
        writeln!(out)?;

        if let Some(c) = &r.comparison {
            writeln!(out, "## Against the baseline\n")?;
            writeln!(
                out,
                "{} new, {} existing, {} resolved.\n",
                c.new,
                c.existing,
                c.resolved.len()
            )?;
            let new: Vec<_> = r
                .worst_findings()
                .into_iter()
                .filter(|f| f.status == Some(crate::findings::Status::New))
                .collect();
            if !new.is_empty() {
                writeln!(out, "New findings:\n")?;
                for f in new {
                    writeln!(
                        out,
                        "- **{}** {} {} — {}",
                        f.severity,
                        rule_link(&f.rule),
                        location(f),
                        markdown_text(&f.message)
                    )?;
                }
                writeln!(out)?;
            }
            if !c.resolved.is_empty() {
                writeln!(out, "Resolved since the baseline:\n")?;
                for e in &c.resolved {
                    let loc = match (&e.path, e.line) {
                        (Some(p), Some(l)) => format!("{}:{l}", markdown_code(p)),
                        (Some(p), None) => markdown_code(p),
                        _ => "project".to_string(),
                    };
                    writeln!(
                        out,
                        "- {} {} {} — {}",
                        e.severity,
                        rule_link(&e.rule),
                        loc,
                        markdown_text(&e.message)
                    )?;
                }
                writeln!(out)?;
            }
        }

        writeln!(out, "## Checklist\n")?;
        for item in &r.checklist {
            if item.findings == 0 {
                writeln!(
                    out,
                    "- [x] {} — {}",
                    rule_link(item.rule.id),
                    item.rule.summary
                )?;
            } else {
                writeln!(
                    out,
                    "- [ ] {} — {} ({} finding{})",
                    rule_link(item.rule.id),
                    item.rule.summary,
                    item.findings,
                    plural(item.findings)
                )?;
            }
        }
        for m in &r.manual {
            let mut line = match m.status.as_str() {
                "done" => format!(
                    "- [x] {} ({}, {})",
                    markdown_text(&m.title),
                    m.tier,
                    markdown_code(&m.id)
                ),
                "not-applicable" => format!(
                    "- [x] ~~{}~~ ({}, {}) — not applicable: {}",
                    markdown_text(&m.title),
                    m.tier,
                    markdown_code(&m.id),
                    markdown_text(m.reason.as_deref().unwrap_or(""))
                ),
                _ => format!(
                    "- [ ] {} ({}, {}, manual)",
                    markdown_text(&m.title),
                    m.tier,
                    markdown_code(&m.id)
                ),
            };
            if let Some(o) = &m.owner {
                line.push_str(&format!(" — owner: {}", markdown_text(o)));
            }
            if let Some(e) = &m.evidence {
                line.push_str(&format!(" — evidence: {}", markdown_code(e)));
            }
            if let Some(n) = &m.note {
                line.push_str(&format!(" — {}", markdown_text(n)));
            }
            writeln!(out, "{line}")?;
        }
        writeln!(out)?;

        writeln!(out, "## Roadmap\n")?;
        for (sev, items) in &r.roadmap {
            writeln!(
                out,
                "### {} — {} ({} h)\n",
                sev.tier(),
                tier_title(*sev),
                hours(r.tier_effort(*sev))
            )?;
            for m in r.manual_open(*sev) {
                writeln!(
                    out,
                    "- manual {}: {} — owner: {}, {} h",
                    markdown_code(&m.id),
                    markdown_text(&m.title),
                    markdown_text(m.owner.as_deref().unwrap_or("unassigned")),
                    hours(m.effort_hours)
                )?;
            }
            if items.is_empty() && r.manual_open(*sev).next().is_none() {
                writeln!(out, "Nothing.\n")?;
                continue;
            }
            for i in items {
                writeln!(
                    out,
                    "- {}: {} — {} finding{}, {} h",
                    rule_link(i.rule.id),
                    i.rule.summary,
                    i.findings,
                    plural(i.findings),
                    hours(i.effort_hours)
                )?;
            }
            writeln!(out)?;
        }
        writeln!(out, "Assumptions behind the estimates:\n")?;
        for a in EFFORT_ASSUMPTIONS {
            writeln!(out, "- {a}")?;
        }
        writeln!(out)?;

        if !r.signoffs.is_empty() {
            writeln!(out, "## Sign-offs\n")?;
            writeln!(
                out,
                "| Role | By | On | Score then | Commit | State |\n|---|---|---|---:|---|---|"
            )?;
            for s in &r.signoffs {
                let mut state = match &s.detail {
                    Some(d) => format!("{} ({})", s.state, markdown_text(d)),
                    None => s.state.clone(),
                };
                if let Some(o) = &s.override_reason {
                    state.push_str(&format!("; override: {}", markdown_text(o)));
                }
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} |",
                    markdown_text(&s.role),
                    markdown_text(s.by.as_deref().unwrap_or("—")),
                    s.on.as_deref().unwrap_or("—"),
                    s.score
                        .map(|v| format!("{v:.1}"))
                        .unwrap_or_else(|| "—".into()),
                    s.commit
                        .as_deref()
                        .map(|c| markdown_code(c.get(..12).unwrap_or(c)))
                        .unwrap_or_else(|| "—".into()),
                    state
                )?;
            }
            let holds = r.signoffs.iter().all(|s| s.state == "valid");
            writeln!(
                out,
                "\nThe project {} signed off.\n",
                if holds { "is" } else { "is **not**" }
            )?;
        }
        if !r.preview.is_empty() {
            writeln!(out, "## Preview findings\n")?;
            writeln!(
                out,
                "{} finding(s) from rules newer than the pinned rule set; not scored and not gating. Moving the pin to {} would add them.\n",
                r.preview.len(),
                crate::app::current_ruleset()
            )?;
            for f in &r.preview {
                writeln!(
                    out,
                    "- {} {} {} — {}",
                    f.severity,
                    rule_link(&f.rule),
                    location(f),
                    markdown_text(&f.message)
                )?;
            }
            writeln!(out)?;
        }

        writeln!(out, "## Suppressed findings\n")?;
        if r.suppressed().is_empty() {
            writeln!(out, "None.\n")?;
        } else {
            writeln!(
                out,
                "{} finding(s) were waved through with a reason; they are not scored.\n",
                r.suppressed().len()
            )?;
            for s in r.suppressed() {
                writeln!(
                    out,
                    "- {} {} {} — reason: {} ({})",
                    s.finding.severity,
                    rule_link(&s.finding.rule),
                    location(&s.finding),
                    markdown_text(&s.reason),
                    markdown_text(&s.source)
                )?;
            }
            writeln!(out)?;
        }

        // Notes about the whole audit (no path), then the files not audited or read with care.
        let (about, file_notes): (Vec<_>, Vec<_>) =
            r.notes().iter().partition(|n| n.path.is_empty());
        if !about.is_empty() {
            writeln!(out, "## Notes\n")?;
            for n in &about {
                writeln!(out, "- {}", markdown_text(&n.message))?;
            }
            writeln!(out)?;
        }
        if !r.skipped().is_empty() || !file_notes.is_empty() {
            writeln!(out, "## Files not audited\n")?;
            for s in r.skipped() {
                writeln!(
                    out,
                    "- {}: {}",
                    markdown_code(&s.path),
                    markdown_text(&s.reason)
                )?;
            }
            for n in &file_notes {
                writeln!(
                    out,
                    "- {} (audited): {}",
                    markdown_code(&n.path),
                    markdown_text(&n.message)
                )?;
            }
            writeln!(out)?;
        }
        let st = r.stats();
        writeln!(
            out,
            "---\nAudited {} files, {} lines, {} bytes in {} ms by readiness {}.",
            st.files,
            st.lines,
            st.bytes,
            st.duration_ms,
            env!("CARGO_PKG_VERSION")
        )
    }
}

fn location(f: &crate::findings::Finding) -> String {
    match (&f.path, f.line) {
        (Some(p), Some(l)) => format!("{}:{l}", markdown_code(p)),
        (Some(p), None) => markdown_code(p),
        _ => "project".to_string(),
    }
}

fn tier_title(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "critical, fix before release",
        Severity::High => "high, fix this iteration",
        Severity::Medium => "medium, plan it",
        Severity::Low => "low, when touching the code",
    }
}

fn rule_link(id: &str) -> String {
    // Built-in ids are ours (kebab-case ASCII) and documented in docs/rules.md; custom rules
    // come from the audited repository's config, so they are escaped and not linked.
    if crate::rules::find_rule(id).is_some() {
        format!("[`{id}`]({RULES_DOC}#{id})")
    } else {
        markdown_code(id)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
