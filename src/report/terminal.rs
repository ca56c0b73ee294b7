//! The default terminal report: grade, a bar per category, counts per rule, worst findings.

use super::escape::terminal as clean;
use super::{Format, Report};
use crate::findings::Severity;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub struct Terminal {
    pub color: bool,
    /// How many of the worst findings to list.
    pub max_findings: usize,
}

const BAR_WIDTH: usize = 20;

impl Terminal {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn severity(&self, s: Severity) -> String {
        let code = match s {
            Severity::Critical => "1;31",
            Severity::High => "31",
            Severity::Medium => "33",
            Severity::Low => "36",
        };
        self.paint(code, &format!("{:<8}", s.id()))
    }
}

impl Format for Terminal {
    fn render(&self, r: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", clean(&r.profile_line()))?;
        let grade = format!("Grade {}  {:.1}/100", r.score.grade, r.score.score);
        writeln!(out, "{}", self.paint("1", &grade))?;
        if let Some(raw) = r.score.uncapped_grade {
            writeln!(
                out,
                "(score alone gives {raw}; capped at C by open critical findings)"
            )?;
        }
        if r.mode != "full audit" {
            writeln!(out, "Mode: {}", clean(&r.mode))?;
        }
        if let Some(c) = &r.comparison {
            writeln!(
                out,
                "Baseline: {} new, {} existing, {} resolved",
                c.new,
                c.existing,
                c.resolved.len()
            )?;
        }
        writeln!(out)?;
        for c in &r.score.categories {
            match c.score {
                Some(s) => {
                    let filled = ((s / 100.0) * BAR_WIDTH as f64).round() as usize;
                    let bar = format!(
                        "{}{}",
                        "█".repeat(filled),
                        "░".repeat(BAR_WIDTH - filled.min(BAR_WIDTH))
                    );
                    let code = if s >= 80.0 {
                        "32"
                    } else if s >= 60.0 {
                        "33"
                    } else {
                        "31"
                    };
                    writeln!(
                        out,
                        "  {:<20} {} {:>5.1}  ({} findings)",
                        c.category.title(),
                        self.paint(code, &bar),
                        s,
                        c.findings
                    )?;
                }
                None => writeln!(
                    out,
                    "  {:<20} {:<width$}   n/a",
                    c.category.title(),
                    "not assessed",
                    width = BAR_WIDTH
                )?,
            }
        }

        let mut per_rule: BTreeMap<(std::cmp::Reverse<Severity>, &str), usize> = BTreeMap::new();
        for f in r.findings() {
            *per_rule
                .entry((std::cmp::Reverse(f.severity), f.rule.as_str()))
                .or_default() += 1;
        }
        if !per_rule.is_empty() {
            writeln!(out, "\nFindings by rule:")?;
            for ((sev, rule), n) in &per_rule {
                writeln!(out, "  {} {:>5}  {}", self.severity(sev.0), n, rule)?;
            }
        }

        let worst = r.worst_findings();
        if !worst.is_empty() {
            writeln!(out, "\nWorst findings:")?;
            for f in worst.iter().take(self.max_findings) {
                let location = match (&f.path, f.line) {
                    (Some(p), Some(l)) => format!("{}:{l}", clean(p)),
                    (Some(p), None) => clean(p),
                    _ => "(project)".to_string(),
                };
                writeln!(
                    out,
                    "  {} {}  {}  {}",
                    self.severity(f.severity),
                    location,
                    f.rule,
                    clean(&f.message)
                )?;
            }
            if worst.len() > self.max_findings {
                writeln!(
                    out,
                    "  … and {} more (use --format markdown or json for all)",
                    worst.len() - self.max_findings
                )?;
            }
        }
        if !r.suppressed().is_empty() {
            writeln!(
                out,
                "\n{} finding(s) suppressed with a reason (see --format markdown).",
                r.suppressed().len()
            )?;
        }
        if !r.skipped().is_empty() {
            writeln!(
                out,
                "\n{} files not audited (see --format json `skipped`).",
                r.skipped().len()
            )?;
        }
        for n in r.notes().iter().filter(|n| n.path.is_empty()) {
            writeln!(out, "\nnote: {}", super::escape::terminal(&n.message))?;
        }
        let st = r.stats();
        writeln!(
            out,
            "\n{} files, {} lines in {} ms",
            st.files, st.lines, st.duration_ms
        )
    }
}
