//! What each command does. Returns the process exit code; errors become exit code 2.

use crate::cli::{AuditArgs, ColorChoice, Command, ListFormat, OutputFormat};
use crate::engine::{self, AuditOptions};
use crate::findings::Severity;
use crate::report::{self, Format, Report};
use crate::rules::{self, RuleMeta};
use crate::score::{self, ScoreInput};
use anyhow::Context;
use std::io::{IsTerminal, Write};
use std::time::Duration;

pub const EXIT_OK: i32 = 0;
pub const EXIT_GATE_FAILED: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

pub fn run(command: Command) -> anyhow::Result<i32> {
    match command {
        Command::Audit(args) => audit(args),
        Command::Rules { format } => list_rules(format),
        Command::Explain { rule } => explain(&rule),
    }
}

/// Runs the whole pipeline and returns the audit with its score.
pub fn audit_and_score(
    options: &AuditOptions,
) -> anyhow::Result<(engine::Audit, score::ScoreCard)> {
    let audit = engine::run(options, rules::builtin_rules())?;
    let applied: Vec<&RuleMeta> = audit
        .applied
        .iter()
        .filter_map(|id| audit.rule_meta(id))
        .collect();
    let project = &audit.project;
    let lines = |m: &RuleMeta| project.production_lines(m.languages);
    let card = score::score(&ScoreInput {
        applied: &applied,
        findings: &audit.findings,
        production_lines: &lines,
        weights: &score::default_weight,
    });
    Ok((audit, card))
}

fn audit(args: AuditArgs) -> anyhow::Result<i32> {
    if let Some(ids) = &args.only {
        for id in ids {
            if rules::find_rule(id).is_none() {
                anyhow::bail!("unknown rule `{id}`{}", suggestion(id));
            }
        }
    }
    if let Some(jobs) = args.jobs {
        // Fails only if the global pool was already built, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global();
    }
    if !args.path.is_dir() {
        anyhow::bail!("{} is not a readable directory", args.path.display());
    }
    let (config, _config_path) = crate::config::load(&args.path, args.config.as_deref())?;
    let mut options = AuditOptions::new(&args.path);
    options.walk.exclude = config.profile.exclude.clone();
    options.walk.max_file_size = args.max_file_size;
    options.parse_budget = Duration::from_millis(args.parse_timeout_ms);
    options.only_rules = args.only.clone();

    let (audit, card) = audit_and_score(&options)?;
    let report = Report::new(&audit, &card, root_display(&args.path));

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let format: Box<dyn Format> = match args.format {
        OutputFormat::Terminal => Box::new(report::Terminal {
            color,
            max_findings: 15,
        }),
        OutputFormat::Markdown => Box::new(report::Markdown),
        OutputFormat::Json => Box::new(report::Json),
    };
    let mut buffer = Vec::new();
    format.render(&report, &mut buffer)?;
    match &args.output {
        Some(path) => std::fs::write(path, &buffer)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            if let Err(e) = stdout.write_all(&buffer).and_then(|_| stdout.flush())
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                return Err(e.into());
            }
        }
    }

    if let Some(threshold) = args.fail_on {
        let threshold: Severity = threshold.into();
        let failing = audit
            .findings
            .iter()
            .filter(|f| f.severity >= threshold)
            .count();
        if failing > 0 {
            eprintln!("readiness: gate failed: {failing} finding(s) at or above {threshold}");
            return Ok(EXIT_GATE_FAILED);
        }
    }
    Ok(EXIT_OK)
}

/// The root as the user named it, `/`-separated.
fn root_display(path: &std::path::Path) -> String {
    let shown = path.to_string_lossy().replace('\\', "/");
    if shown.is_empty() { ".".into() } else { shown }
}

fn list_rules(format: ListFormat) -> anyhow::Result<i32> {
    let all = rules::builtin_rules();
    let mut out = std::io::stdout().lock();
    match format {
        ListFormat::Json => {
            let v: Vec<serde_json::Value> = all.iter().map(|r| rule_json(r.meta())).collect();
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        ListFormat::Text => {
            for r in &all {
                let m = r.meta();
                writeln!(
                    out,
                    "{:<34} {:<20} {:<8} {:<28} {:<22} {}",
                    m.id,
                    m.category.id(),
                    m.severity.id(),
                    list_or_all(m.languages.iter().map(|l| l.id())),
                    list_or_all(m.kinds.iter().map(|k| k.id())),
                    m.summary
                )?;
            }
        }
    }
    Ok(EXIT_OK)
}

pub fn rule_json(m: &RuleMeta) -> serde_json::Value {
    serde_json::json!({
        "id": m.id,
        "category": m.category.id(),
        "severity": m.severity.id(),
        "effort_hours": m.effort_hours,
        "languages": m.languages.iter().map(|l| l.id()).collect::<Vec<_>>(),
        "kinds": m.kinds.iter().map(|k| k.id()).collect::<Vec<_>>(),
        "summary": m.summary,
        "since": m.since,
        "literals": m.literals,
    })
}

fn list_or_all<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = items.collect();
    if v.is_empty() {
        "all".into()
    } else {
        v.join(",")
    }
}

fn explain(id: &str) -> anyhow::Result<i32> {
    let Some(rule) = rules::find_rule(id) else {
        anyhow::bail!("unknown rule `{id}`{}", suggestion(id));
    };
    let m = rule.meta();
    let mut out = std::io::stdout().lock();
    writeln!(out, "# {}\n", m.id)?;
    writeln!(out, "{}\n", m.summary)?;
    writeln!(
        out,
        "Category: {} · Severity: {} · Effort: {} h · Languages: {} · Applies to: {}\n",
        m.category.id(),
        m.severity.id(),
        m.effort_hours,
        list_or_all(m.languages.iter().map(|l| l.id())),
        list_or_all(m.kinds.iter().map(|k| k.id()))
    )?;
    write!(out, "{}", m.docs_markdown())?;
    Ok(EXIT_OK)
}

/// ", did you mean `x`?" for the closest known ids.
pub fn suggestion(id: &str) -> String {
    let ids: Vec<&str> = rules::builtin_rules().iter().map(|r| r.meta().id).collect();
    let close: Vec<String> = closest(id, &ids)
        .into_iter()
        .map(|s| format!("`{s}`"))
        .collect();
    if close.is_empty() {
        "; run `readiness rules` for the list".into()
    } else {
        format!("; did you mean {}?", close.join(" or "))
    }
}

/// Up to three known ids close to `wanted`: containing it, or within a small edit distance.
pub fn closest<'a>(wanted: &str, known: &[&'a str]) -> Vec<&'a str> {
    let wanted = wanted.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = known
        .iter()
        .map(|&k| {
            let d = if k.contains(wanted.as_str()) && wanted.len() >= 3 {
                0
            } else {
                edit_distance(&wanted, k)
            };
            (d, k)
        })
        .filter(|(d, _)| *d <= wanted.len().max(4) / 2 + 1)
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}

pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
