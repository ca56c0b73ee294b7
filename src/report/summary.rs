//! The short Markdown summary appended to `$GITHUB_STEP_SUMMARY` when it is set.

use super::escape::{markdown_code, markdown_text};
use super::{Format, Report, hours};
use std::io::{self, Write};

pub struct StepSummary;

impl Format for StepSummary {
    fn render(&self, r: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "### readiness: grade {} ({:.1}/100)\n",
            r.score.grade, r.score.score
        )?;
        writeln!(
            out,
            "{}. Mode: {}.\n",
            markdown_text(&r.profile_line()),
            markdown_text(&r.mode)
        )?;
        writeln!(out, "| Tier | Findings | Effort |\n|---|---:|---:|")?;
        for (sev, items) in &r.roadmap {
            let n: usize = items.iter().map(|i| i.findings).sum();
            writeln!(
                out,
                "| {} ({}) | {n} | {} h |",
                sev.tier(),
                sev,
                hours(r.tier_effort(*sev))
            )?;
        }
        if let Some(c) = &r.comparison {
            writeln!(
                out,
                "\nAgainst the baseline: **{} new**, {} existing, {} resolved.",
                c.new,
                c.existing,
                c.resolved.len()
            )?;
            let new: Vec<_> = r
                .worst_findings()
                .into_iter()
                .filter(|f| f.status == Some(crate::findings::Status::New))
                .take(10)
                .collect();
            for f in new {
                let loc = match (&f.path, f.line) {
                    (Some(p), Some(l)) => format!("{p}:{l}"),
                    (Some(p), None) => p.clone(),
                    _ => "project".into(),
                };
                writeln!(
                    out,
                    "- {} {} {} — {}",
                    f.severity,
                    markdown_code(&f.rule),
                    markdown_code(&loc),
                    markdown_text(&f.message)
                )?;
            }
        }
        if !r.suppressed().is_empty() {
            writeln!(
                out,
                "\n{} finding(s) suppressed with a reason (listed in the full report).",
                r.suppressed().len()
            )?;
        }
        writeln!(out)
    }
}
