//! What each command does. Returns the process exit code; errors become exit code 2.

use crate::cli::{AuditArgs, ColorChoice, Command, ListFormat, OutputFormat};
use crate::config::apply::{self, ManualItem};
use crate::engine::{self, AuditOptions};
use crate::findings::Severity;
use crate::findings::baseline::{Baseline, Comparison};
use crate::report::{self, Format, Report};
use crate::rules::{self, RuleMeta};
use crate::score::{self, ScoreInput};
use anyhow::Context;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

pub const EXIT_OK: i32 = 0;
pub const EXIT_GATE_FAILED: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

pub fn run(command: Command) -> anyhow::Result<i32> {
    match command {
        Command::Audit(args) => audit(args),
        Command::Baseline {
            path,
            output,
            config,
        } => baseline(&path, &output, config.as_deref()),
        Command::Init { path, yes, force } => crate::init::run(&path, yes, force),
        Command::CheckConfig { path, config } => check_config(&path, config.as_deref()),
        Command::Signoff {
            role,
            by,
            path,
            override_reason,
            config,
        } => signoff(
            &path,
            &role,
            &by,
            override_reason.as_deref(),
            config.as_deref(),
        ),
        Command::Rules { format } => list_rules(format),
        Command::Explain { rule } => explain(&rule),
    }
}

/// An audit with its score and, when asked for, its comparison with a baseline.
pub struct Outcome {
    pub audit: engine::Audit,
    pub card: score::ScoreCard,
    pub comparison: Option<Comparison>,
    /// Which mode ran, in words, for every report.
    pub mode: String,
    /// Manual checklist items from `readiness.toml`.
    pub manual: Vec<ManualItem>,
    /// The configuration file used, if any.
    pub config_path: Option<std::path::PathBuf>,
    /// Said in the reports when configured weights do not sum to 1.
    pub weights_note: Option<String>,
    pub config: crate::config::Config,
    /// Findings of rules newer than the pinned rule set: reported, not scored, not gating.
    pub preview: Vec<crate::findings::Finding>,
    pub signoffs: Vec<crate::config::signoff::SignoffStatus>,
}

/// The rule-set version of this build: the newest `since` of the built-in rules.
pub fn current_ruleset() -> String {
    rules::builtin_rules()
        .iter()
        .map(|r| r.meta().since)
        .max_by_key(|v| ruleset_key(v))
        .unwrap_or("2026.1")
        .to_string()
}

/// `2026.3` → (2026, 3); anything else sorts first.
pub fn ruleset_key(v: &str) -> (u32, u32) {
    let (y, n) = v.split_once('.').unwrap_or(("0", "0"));
    (y.parse().unwrap_or(0), n.parse().unwrap_or(0))
}

/// What a run needs besides the path.
#[derive(Default)]
pub struct RunSettings<'a> {
    pub config: Option<&'a Path>,
    pub max_file_size: Option<u64>,
    pub parse_timeout_ms: Option<u64>,
    pub only: Option<Vec<String>>,
    pub since: Option<&'a str>,
    pub baseline: Option<&'a Path>,
}

/// Runs the whole pipeline: config → engine → config suppressions → diff filter → baseline →
/// score.
pub fn run_pipeline(path: &Path, settings: &RunSettings<'_>) -> anyhow::Result<Outcome> {
    if !path.is_dir() {
        anyhow::bail!("{} is not a readable directory", path.display());
    }
    let loaded = crate::config::load(path, settings.config)?;
    let config = loaded.config;
    let rule_set = apply::rules(&config).map_err(|e| anyhow::anyhow!("{e}"))?;
    if let Some(ids) = &settings.only {
        let known: Vec<&str> = rule_set.iter().map(|r| r.meta().id).collect();
        for id in ids {
            if !known.contains(&id.as_str()) {
                anyhow::bail!("unknown rule `{id}`{}", suggestion(id));
            }
        }
    }
    let mut options = AuditOptions::new(path);
    options.walk.exclude = config.profile.exclude.clone();
    options.model = apply::model_options(&config);
    if let Some(max) = settings.max_file_size {
        options.walk.max_file_size = max;
    }
    if let Some(ms) = settings.parse_timeout_ms {
        options.parse_budget = Duration::from_millis(ms);
    }
    options.only_rules = settings.only.clone();
    let baseline = match settings.baseline {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read baseline {}", file.display()))?;
            Some(
                Baseline::parse(&text)
                    .map_err(|e| anyhow::anyhow!("{}: invalid baseline: {e}", file.display()))?,
            )
        }
        None => None,
    };

    let mut audit = engine::run(&options, rule_set)?;
    let today = crate::config::today();
    let config_label = loaded
        .path
        .as_ref()
        .map(|p| {
            p.strip_prefix(path)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/")
        })
        .unwrap_or_else(|| crate::config::FILE_NAME.to_string());
    let expired_enabled = audit
        .rules
        .iter()
        .any(|r| r.meta().id == "suppression-expired");
    apply::apply_to_findings(
        &config,
        &config_label,
        &loaded.text,
        today,
        &mut audit.findings,
        &mut audit.suppressed,
        expired_enabled,
    );

    let mut mode = "full audit".to_string();
    let mut changed_files: Option<std::collections::HashSet<String>> = None;
    if let Some(rev) = settings.since {
        let changed = crate::walk::git::changed_lines(path, rev)?;
        changed_files = Some(changed.keys().cloned().collect());
        let keep = |f: &crate::findings::Finding| on_changed_lines(f, &changed);
        audit.findings.retain(|f| keep(f));
        audit.suppressed.retain(|s| keep(&s.finding));
        mode = format!(
            "diff-aware: file findings on lines added or changed since {rev}; project rules evaluated in full"
        );
    }
    let ran: std::collections::HashSet<&str> = audit.rules.iter().map(|r| r.meta().id).collect();
    let judged = |e: &crate::findings::baseline::BaselineEntry| {
        ran.contains(e.rule.as_str())
            && match (&changed_files, &e.path, e.line) {
                (Some(files), Some(path), Some(_)) => files.contains(path),
                _ => true,
            }
    };
    let comparison = baseline.as_ref().map(|b| {
        let suppressed: Vec<_> = audit.suppressed.iter().map(|s| s.finding.clone()).collect();
        crate::findings::baseline::compare(b, &mut audit.findings, &suppressed, &judged)
    });
    if let Some(file) = settings.baseline {
        mode.push_str(&format!("; compared with baseline {}", file.display()));
    }

    // Rules newer than the pinned rule set run as preview: reported, not scored, not gating.
    let mut preview = Vec::new();
    if let Some(pin) = config.ruleset.as_ref().map(|p| ruleset_key(p.get_ref())) {
        let newer: Vec<&'static str> = audit
            .rules
            .iter()
            .map(|r| r.meta())
            .filter(|m| !m.since.is_empty() && ruleset_key(m.since) > pin)
            .map(|m| m.id)
            .collect();
        let (p, keep): (Vec<_>, Vec<_>) = std::mem::take(&mut audit.findings)
            .into_iter()
            .partition(|f| newer.contains(&f.rule.as_str()));
        audit.findings = keep;
        preview = p;
        audit.applied.retain(|id| !newer.contains(id));
        mode.push_str(&format!(
            "; rule set pinned at {}: {} preview finding(s) from newer rules are not scored",
            config
                .ruleset
                .as_ref()
                .map(|p| p.get_ref().as_str())
                .unwrap_or(""),
            preview.len()
        ));
    }
    let manual = apply::manual_items(&config, today);
    let weights = apply::weights(&config);
    let sum: f64 = weights.values().sum();
    let weights_note = (!config.weights.is_empty() && (sum - 1.0).abs() > 1e-6)
        .then(|| format!("configured weights sum to {sum:.2}; they are normalised to 1"));
    let card = score_with(
        &audit,
        &|c| weights.get(&c).copied().unwrap_or(0.0),
        &manual,
    );
    let signoffs = crate::config::signoff::statuses(&config, card.score, today);
    Ok(Outcome {
        audit,
        card,
        comparison,
        mode,
        manual,
        config_path: loaded.path,
        weights_note,
        config,
        preview,
        signoffs,
    })
}

/// Scores an audit's open findings with the given weights and manual items.
pub fn score_with(
    audit: &engine::Audit,
    weights: &dyn Fn(crate::findings::Category) -> f64,
    manual: &[ManualItem],
) -> score::ScoreCard {
    let applied: Vec<&RuleMeta> = audit
        .applied
        .iter()
        .filter_map(|id| audit.rule_meta(id))
        .collect();
    let project = &audit.project;
    let lines = |m: &RuleMeta| project.production_lines(m.languages);
    let manual: Vec<_> = manual
        .iter()
        .map(|m| (m.category, m.severity, m.is_open()))
        .collect();
    score::score(&ScoreInput {
        applied: &applied,
        findings: &audit.findings,
        production_lines: &lines,
        weights,
        manual: &manual,
    })
}

/// Project findings (no line) always count; file findings only when a flagged line changed.
fn on_changed_lines(
    f: &crate::findings::Finding,
    changed: &crate::walk::git::ChangedLines,
) -> bool {
    let (Some(path), Some(line)) = (&f.path, f.line) else {
        return true;
    };
    let end = f.end_line.unwrap_or(line).max(line);
    match changed.get(path) {
        None => false,
        Some(None) => true,
        Some(Some(ranges)) => ranges.iter().any(|&(a, b)| a <= end && line <= b),
    }
}

fn audit(args: AuditArgs) -> anyhow::Result<i32> {
    if let Some(jobs) = args.jobs {
        // Fails only if the global pool was already built, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global();
    }
    let fail_under = args
        .fail_under
        .as_deref()
        .map(parse_fail_under)
        .transpose()?;
    let settings = RunSettings {
        config: args.config.as_deref(),
        max_file_size: Some(args.max_file_size),
        parse_timeout_ms: Some(args.parse_timeout_ms),
        only: args.only.clone(),
        since: args.since.as_deref(),
        baseline: args.baseline.as_deref(),
    };
    let outcome = run_pipeline(&args.path, &settings)?;
    let report = Report::new(&outcome.audit, &outcome.card, root_display(&args.path))
        .with_mode(outcome.mode.clone())
        .with_comparison(outcome.comparison.clone())
        .with_manual(outcome.manual.clone(), outcome.weights_note.clone())
        .with_governance(outcome.preview.clone(), outcome.signoffs.clone());

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
        OutputFormat::Sarif => Box::new(report::Sarif),
        OutputFormat::Html => Box::new(report::Html),
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
    if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|s| !s.is_empty()) {
        let mut text = Vec::new();
        report::StepSummary.render(&report, &mut text)?;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&summary)
            .with_context(|| {
                format!(
                    "cannot open GITHUB_STEP_SUMMARY {}",
                    Path::new(&summary).display()
                )
            })?;
        file.write_all(&text)?;
    }

    let gates = Gates {
        fail_on: args.fail_on.map(Into::into),
        fail_under,
        fail_on_new: args.fail_on_new.map(Into::into),
    };
    let failures = gates.check(&outcome);
    for f in &failures {
        eprintln!("readiness: gate failed: {f}");
    }
    Ok(if failures.is_empty() {
        EXIT_OK
    } else {
        EXIT_GATE_FAILED
    })
}

/// A `--fail-under` threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FailUnder {
    Grade(char),
    Score(f64),
}

pub fn parse_fail_under(s: &str) -> anyhow::Result<FailUnder> {
    let t = s.trim();
    if t.len() == 1 {
        let g = t
            .chars()
            .next()
            .map(|c| c.to_ascii_uppercase())
            .unwrap_or('?');
        if ('A'..='F').contains(&g) && g != 'E' {
            return Ok(FailUnder::Grade(g));
        }
    }
    match t.parse::<f64>() {
        Ok(n) if (0.0..=100.0).contains(&n) => Ok(FailUnder::Score(n)),
        _ => anyhow::bail!(
            "--fail-under takes a grade (A, B, C, D, F) or a score from 0 to 100, not `{s}`"
        ),
    }
}

/// The CI gates; each failed one is reported in words.
pub struct Gates {
    pub fail_on: Option<Severity>,
    pub fail_under: Option<FailUnder>,
    pub fail_on_new: Option<Severity>,
}

impl Gates {
    pub fn check(&self, o: &Outcome) -> Vec<String> {
        let mut failed = Vec::new();
        if let Some(t) = self.fail_on {
            let n = o.audit.findings.iter().filter(|f| f.severity >= t).count();
            if n > 0 {
                failed.push(format!("{n} finding(s) at or above {t} (--fail-on {t})"));
            }
        }
        match self.fail_under {
            // Grades compare as letters: 'A' < 'B', so a worse grade is a greater char.
            Some(FailUnder::Grade(g)) if o.card.grade > g => failed.push(format!(
                "grade {} is worse than {g} (--fail-under {g})",
                o.card.grade
            )),
            Some(FailUnder::Score(s)) if o.card.score < s => failed.push(format!(
                "score {:.1} is below {s} (--fail-under {s})",
                o.card.score
            )),
            _ => {}
        }
        if let Some(t) = self.fail_on_new {
            let n = o
                .audit
                .findings
                .iter()
                .filter(|f| f.status == Some(crate::findings::Status::New) && f.severity >= t)
                .count();
            if n > 0 {
                failed.push(format!(
                    "{n} new finding(s) at or above {t} since the baseline (--fail-on-new {t})"
                ));
            }
        }
        failed
    }
}

fn check_config(path: &Path, explicit: Option<&Path>) -> anyhow::Result<i32> {
    let loaded = crate::config::load(path, explicit)?;
    let Some(file) = &loaded.path else {
        println!(
            "no {} at {}: the defaults apply",
            crate::config::FILE_NAME,
            path.display()
        );
        return Ok(EXIT_OK);
    };
    let mut failures = Vec::new();
    let mut examples = 0;
    for rule in &loaded.config.custom_rule {
        examples += rule.examples.len();
        for f in crate::rules::custom::check_examples(rule) {
            failures.push(format!("custom rule `{}`: {f}", rule.id.get_ref()));
        }
    }
    if !failures.is_empty() {
        anyhow::bail!(
            "{}: {} custom rule example(s) failed:\n{}",
            file.display(),
            failures.len(),
            failures.join("\n")
        );
    }
    let c = &loaded.config;
    println!(
        "{}: valid ({} rule settings, {} suppressions, {} custom rules with {examples} passing examples, {} checklist items)",
        file.display(),
        c.rules.len(),
        c.suppress.len(),
        c.custom_rule.len(),
        c.checklist.len()
    );
    Ok(EXIT_OK)
}

fn signoff(
    path: &Path,
    role: &str,
    by: &str,
    override_reason: Option<&str>,
    config: Option<&Path>,
) -> anyhow::Result<i32> {
    let settings = RunSettings {
        config,
        ..RunSettings::default()
    };
    let outcome = run_pipeline(path, &settings)?;
    let required: Vec<&str> = outcome
        .config
        .signoff
        .as_ref()
        .map(|s| s.required.iter().map(String::as_str).collect())
        .unwrap_or_default();
    if !required.is_empty() && !required.contains(&role) {
        let hint = crate::config::validate::did_you_mean(role, &required)
            .unwrap_or_else(|| format!("required roles: {}", required.join(", ")));
        anyhow::bail!("`{role}` is not a required sign-off role; {hint}");
    }
    let open_p0 = outcome
        .audit
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Critical)
        .count()
        + outcome
            .manual
            .iter()
            .filter(|m| m.is_open() && m.tier == "P0")
            .count();
    if open_p0 > 0 && override_reason.is_none() {
        eprintln!(
            "readiness: refusing to record the {role} sign-off: {open_p0} P0 item(s) are open; fix them or pass --override \"reason\" (the reason is recorded)"
        );
        return Ok(EXIT_GATE_FAILED);
    }
    let commit = crate::walk::git::hardened_git(path)
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let file = outcome
        .config_path
        .clone()
        .unwrap_or_else(|| path.join(crate::config::FILE_NAME));
    let block = crate::config::signoff::record_block(
        role,
        by,
        crate::config::today(),
        outcome.card.score,
        outcome.card.grade,
        commit.as_deref(),
        override_reason.filter(|_| open_p0 > 0),
    );
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)
        .with_context(|| format!("cannot write {}", file.display()))?;
    f.write_all(block.as_bytes())?;
    eprintln!(
        "readiness: recorded the {role} sign-off by {by} at grade {} ({:.1}) in {}",
        outcome.card.grade,
        outcome.card.score,
        file.display()
    );
    Ok(EXIT_OK)
}

fn baseline(path: &Path, output: &Path, config: Option<&Path>) -> anyhow::Result<i32> {
    let settings = RunSettings {
        config,
        ..RunSettings::default()
    };
    let outcome = run_pipeline(path, &settings)?;
    let b = Baseline::from_findings(&outcome.audit.findings);
    let text = serde_json::to_string_pretty(&b)?;
    std::fs::write(output, text + "\n")
        .with_context(|| format!("cannot write {}", output.display()))?;
    eprintln!(
        "readiness: recorded {} findings in {}",
        b.findings.len(),
        output.display()
    );
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
