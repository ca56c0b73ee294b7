//! The pipeline: walk → classify/model → parse → rules → findings. Scoring and reporting take
//! the [`Audit`] this produces.

use crate::classify::{Language, Role};
use crate::findings::suppress::{self, Suppressed};
use crate::findings::{Finding, redact_secrets};
use crate::model::{Project, ProjectFile};
use crate::parse::{LineIndex, find_test_ranges};
use crate::rules::code_quality::{SuppressionWithoutReason, UnusedSuppression};
use crate::rules::{FileContext, ProjectContext, Rule, RuleMeta, Scope};
use crate::walk::{self, Note, Skipped, WalkOptions};
use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use std::cell::Cell;
use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct AuditOptions {
    pub root: PathBuf,
    pub walk: WalkOptions,
    /// Per-file parse time budget; past it the file is skipped with a reason.
    pub parse_budget: Duration,
    /// Run only these rule ids (all when `None`).
    pub only_rules: Option<Vec<String>>,
    pub model: crate::model::ModelOptions,
}

impl AuditOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        AuditOptions {
            root: root.into(),
            walk: WalkOptions::default(),
            parse_budget: Duration::from_secs(3),
            only_rules: None,
            model: crate::model::ModelOptions::default(),
        }
    }
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Stats {
    pub files: usize,
    pub bytes: u64,
    pub lines: usize,
    pub duration_ms: u64,
}

/// Everything an audit found, before scoring.
pub struct Audit {
    pub project: Project,
    /// Rules that ran (after `only_rules`), in registry order.
    pub rules: Vec<&'static dyn Rule>,
    /// Ids of the rules that applied to this project (languages and kinds).
    pub applied: Vec<&'static str>,
    pub findings: Vec<Finding>,
    /// Findings waved through by a suppression, with the reason.
    pub suppressed: Vec<Suppressed>,
    pub skipped: Vec<Skipped>,
    pub notes: Vec<Note>,
    pub stats: Stats,
}

impl Audit {
    pub fn rule_meta(&self, id: &str) -> Option<&'static RuleMeta> {
        self.rules.iter().map(|r| r.meta()).find(|m| m.id == id)
    }
}

thread_local! {
    static IN_RULE: Cell<bool> = const { Cell::new(false) };
}

/// True while a rule runs on this thread: the binary's panic hook stays quiet then, because the
/// engine reports the panic in `skipped` itself.
pub fn panicking_inside_rule() -> bool {
    IN_RULE.with(|c| c.get())
}

pub fn run(options: &AuditOptions, rules: Vec<&'static dyn Rule>) -> anyhow::Result<Audit> {
    let started = Instant::now();
    // Ids a suppression may name: every rule passed in, and every built-in one (a rule disabled
    // by configuration is still a known id).
    let mut known: HashSet<&'static str> = rules.iter().map(|r| r.meta().id).collect();
    known.extend(crate::rules::builtin_rules().iter().map(|r| r.meta().id));
    let rules: Vec<&'static dyn Rule> = match &options.only_rules {
        Some(ids) => rules
            .into_iter()
            .filter(|r| ids.iter().any(|id| id == r.meta().id))
            .collect(),
        None => rules,
    };
    let walked = walk::walk(&options.root, &options.walk)?;
    let root = options
        .root
        .canonicalize()
        .unwrap_or_else(|_| options.root.clone());
    let mut skipped = walked.skipped;
    let mut notes = walked.notes;
    let project = Project::build(root, walked.files, walked.in_git, &options.model);
    if let Some(note) = published_package_note(&project) {
        notes.push(note);
    }

    let file_rules: Vec<&'static dyn Rule> = rules
        .iter()
        .copied()
        .filter(|r| r.meta().scope == Scope::File && applies(r.meta(), &project))
        .collect();
    let prefilter = Prefilter::new(&file_rules);

    let enabled: HashSet<&'static str> = rules.iter().map(|r| r.meta().id).collect();
    let suppression = SuppressionScope {
        known: &known,
        enabled: &enabled,
    };
    // File rules and project rules are independent: both run at once, each in parallel.
    let ctx = ProjectContext { project: &project };
    let project_rules: Vec<&'static dyn Rule> = rules
        .iter()
        .copied()
        .filter(|r| r.meta().scope == Scope::Project && applies(r.meta(), &project))
        .collect();
    let (per_file, per_project): (Vec<RuleOutput>, Vec<RuleOutput>) = rayon::join(
        || {
            project
                .files
                .par_iter()
                // One job per file: rayon's adaptive splitting otherwise leaves one thread with a
                // long sequential run of files at the end while the others idle.
                .with_max_len(1)
                .map(|file| {
                    audit_file(
                        file,
                        &project,
                        &file_rules,
                        &prefilter,
                        options.parse_budget,
                        &suppression,
                    )
                })
                .collect()
        },
        || {
            project_rules
                .par_iter()
                .map(|rule| {
                    let mut result = RuleOutput::default();
                    let mut out = Vec::new();
                    match guarded(|| rule.check_project(&ctx, &mut out)) {
                        Ok(()) => result.findings = out,
                        Err(msg) => result.skipped.push(Skipped {
                            path: String::new(),
                            reason: format!("rule {} failed on the project: {msg}", rule.meta().id),
                        }),
                    }
                    result
                })
                .collect()
        },
    );
    let mut findings = Vec::new();
    let mut suppressed = Vec::new();
    for r in per_file.into_iter().chain(per_project) {
        findings.extend(r.findings);
        suppressed.extend(r.suppressed);
        skipped.extend(r.skipped);
    }

    for f in &mut findings {
        f.message = redact_secrets(&f.message).into_owned();
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
    crate::findings::fingerprint::assign(&mut findings);
    for s in &mut suppressed {
        s.finding.message = redact_secrets(&s.finding.message).into_owned();
        s.reason = redact_secrets(&s.reason).into_owned();
    }
    suppressed.sort_by(|a, b| a.finding.sort_key().cmp(&b.finding.sort_key()));
    let mut suppressed_findings: Vec<Finding> =
        suppressed.iter().map(|s| s.finding.clone()).collect();
    crate::findings::fingerprint::assign(&mut suppressed_findings);
    for (s, f) in suppressed.iter_mut().zip(suppressed_findings) {
        s.finding.fingerprint = f.fingerprint;
    }
    skipped.sort();
    skipped.dedup();

    let applied = rules
        .iter()
        .map(|r| r.meta())
        .filter(|m| applies(m, &project))
        .map(|m| m.id)
        .collect();
    let stats = Stats {
        files: project.files.len(),
        bytes: project.files.iter().map(|f| f.size).sum(),
        lines: project.files.iter().map(|f| f.lines).sum(),
        duration_ms: started.elapsed().as_millis() as u64,
    };
    Ok(Audit {
        project,
        rules,
        applied,
        findings,
        suppressed,
        skipped,
        notes,
        stats,
    })
}

/// A rule applies when the project has a file it can read and is of a kind it is about.
pub fn applies(meta: &RuleMeta, project: &Project) -> bool {
    let kind_ok = meta.kinds.is_empty() || meta.kinds.iter().any(|k| project.kinds.contains(k));
    let language_ok = match meta.scope {
        Scope::File => project.files.iter().any(|f| {
            f.role != Role::Generated && f.language.is_some_and(|l| reads_language(meta, l))
        }),
        Scope::Project => {
            meta.languages.is_empty() || meta.languages.iter().any(|&l| project.has_language(l))
        }
    };
    kind_ok && language_ok
}

/// Rules without a language list read code and config; docs and other formats only when named.
fn reads_language(meta: &RuleMeta, language: Language) -> bool {
    if meta.languages.is_empty() {
        language.is_code() || language.is_config()
    } else {
        meta.languages.contains(&language)
    }
}

/// Runs `f`, turning a panic into its message.
fn guarded(f: impl FnOnce()) -> Result<(), String> {
    IN_RULE.with(|c| c.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    IN_RULE.with(|c| c.set(false));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string())
    })
}

/// Which rule ids exist and which run, to judge inline suppressions.
struct SuppressionScope<'a> {
    known: &'a HashSet<&'static str>,
    enabled: &'a HashSet<&'static str>,
}

/// What the rules produced on one file, or what one project rule produced.
#[derive(Default)]
struct RuleOutput {
    findings: Vec<Finding>,
    suppressed: Vec<Suppressed>,
    skipped: Vec<Skipped>,
}

fn audit_file(
    file: &ProjectFile,
    project: &Project,
    rules: &[&'static dyn Rule],
    prefilter: &Prefilter,
    budget: Duration,
    suppression: &SuppressionScope<'_>,
) -> RuleOutput {
    let mut result = RuleOutput::default();
    let (Some(language), Some(text)) = (file.language, file.text()) else {
        return result;
    };
    if file.role == Role::Generated {
        return result;
    }
    let candidates: Vec<&'static dyn Rule> = {
        let present = prefilter.present(text);
        rules
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                reads_language(r.meta(), language)
                    && prefilter.may_match(*i, &present)
                    && r.may_match(text)
            })
            .map(|(_, r)| *r)
            .collect()
    };
    let has_markers = text.contains(suppress::MARKER);
    if candidates.is_empty() && !has_markers {
        return result;
    }

    let tree = if language.is_code() {
        match crate::parse::parse(language, text, budget) {
            Ok(tree) => Some(tree),
            Err(e) => {
                result.skipped.push(Skipped {
                    path: file.rel_path.clone(),
                    reason: format!("not parsed: {e}"),
                });
                return result;
            }
        }
    } else {
        None
    };
    let test_ranges = match (&tree, language) {
        (Some(tree), Language::Rust) => find_test_ranges(tree, text),
        _ => Vec::new(),
    };
    let lines = LineIndex::new(text);
    let ctx = FileContext::new(file, text, tree.as_ref(), &lines, &test_ranges, project);
    for rule in &candidates {
        let mut out = Vec::new();
        match guarded(|| rule.check_file(&ctx, &mut out)) {
            // Support code is judged only once a rule has findings: for Rust it costs a parse.
            Ok(())
                if !out.is_empty() && !rule.meta().reads_support_code && ctx.is_support_code() => {}
            Ok(()) => result.findings.extend(out),
            Err(msg) => result.skipped.push(Skipped {
                path: file.rel_path.clone(),
                reason: format!(
                    "rule {} failed on this file ({msg}); other rules' results kept",
                    rule.meta().id
                ),
            }),
        }
    }
    if has_markers {
        apply_inline_suppressions(&ctx, suppression, &mut result);
    }
    result
}

/// Moves findings covered by a reasoned marker to `suppressed`, and reports markers without a
/// reason or that match nothing.
fn apply_inline_suppressions(
    ctx: &FileContext<'_>,
    scope: &SuppressionScope<'_>,
    result: &mut RuleOutput,
) {
    let markers = suppress::find_markers(ctx.language, ctx.text, ctx.tree);
    let mut used = vec![false; markers.len()];
    let findings = std::mem::take(&mut result.findings);
    for f in findings {
        let line = f.line.unwrap_or(0);
        let by = markers
            .iter()
            .position(|m| m.reason.is_some() && m.covers(&f.rule, line));
        match by {
            Some(i) => {
                used[i] = true;
                let reason = markers[i].reason.clone().unwrap_or_default();
                result.suppressed.push(Suppressed {
                    finding: f,
                    reason,
                    source: "inline".into(),
                });
            }
            None => result.findings.push(f),
        }
    }
    for (m, used) in markers.iter().zip(used) {
        let at = m.offset..m.offset + suppress::MARKER.len();
        if m.reason.is_none() {
            if scope.enabled.contains(SuppressionWithoutReason::META.id) {
                result.findings.push(ctx.finding_at(
                    &SuppressionWithoutReason::META,
                    at,
                    format!(
                        "suppression of {} has no reason after `--`, so it suppresses nothing",
                        m.rules.join(", ")
                    ),
                ));
            }
            continue;
        }
        if used || !scope.enabled.contains(UnusedSuppression::META.id) {
            continue;
        }
        // Judge only rules that ran in this audit (or ids no rule has).
        let judged: Vec<&String> = m
            .rules
            .iter()
            .filter(|r| !scope.known.contains(r.as_str()) || scope.enabled.contains(r.as_str()))
            .collect();
        if judged.is_empty() {
            continue;
        }
        let unknown: Vec<&str> = judged
            .iter()
            .filter(|r| !scope.known.contains(r.as_str()))
            .map(|r| r.as_str())
            .collect();
        let message = if unknown.is_empty() {
            let ids: Vec<&str> = judged.iter().map(|s| s.as_str()).collect();
            format!(
                "suppression of {} matches no finding on this line or the next",
                ids.join(", ")
            )
        } else {
            format!("suppression names unknown rule {}", unknown.join(", "))
        };
        result
            .findings
            .push(ctx.finding_at(&UnusedSuppression::META, at, message));
    }
}

/// One Aho-Corasick pass per file tells which rules could possibly match it.
struct Prefilter {
    matcher: Option<AhoCorasick>,
    /// For each pattern, the rules that require it.
    pattern_rules: Vec<Vec<usize>>,
    /// Rules with no literal requirement.
    always: Vec<bool>,
}

impl Prefilter {
    fn new(rules: &[&'static dyn Rule]) -> Self {
        let mut patterns: Vec<&'static str> = Vec::new();
        let mut pattern_rules: Vec<Vec<usize>> = Vec::new();
        let mut always = vec![false; rules.len()];
        for (i, rule) in rules.iter().enumerate() {
            let lits = rule.meta().literals;
            if lits.is_empty() {
                always[i] = true;
            }
            for &lit in lits {
                match patterns.iter().position(|p| *p == lit) {
                    Some(p) => pattern_rules[p].push(i),
                    None => {
                        patterns.push(lit);
                        pattern_rules.push(vec![i]);
                    }
                }
            }
        }
        // If the automaton cannot be built every rule runs: slower, never wrong.
        // A full DFA: the fastest search for a few hundred short literals, run over every file.
        let matcher = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .or_else(|_| AhoCorasick::new(&patterns))
            .ok();
        if matcher.is_none() {
            always.iter_mut().for_each(|a| *a = true);
        }
        Prefilter {
            matcher,
            pattern_rules,
            always,
        }
    }

    /// Which rules have a required literal in `text`.
    fn present(&self, text: &str) -> Vec<bool> {
        let mut present = self.always.clone();
        if let Some(m) = &self.matcher {
            let mut seen = vec![false; self.pattern_rules.len()];
            for mat in m.find_overlapping_iter(text) {
                let p = mat.pattern().as_usize();
                if !seen[p] {
                    seen[p] = true;
                    for &r in &self.pattern_rules[p] {
                        present[r] = true;
                    }
                }
            }
        }
        present
    }

    fn may_match(&self, rule: usize, present: &[bool]) -> bool {
        present.get(rule).copied().unwrap_or(true)
    }
}

/// A published package rather than a repository checkout (outside git, with the files that
/// `cargo package` or a Python build writes): its publisher left CI, tests and policies out,
/// so the repository-level findings describe the archive. Said once, so that a reader does not
/// take them for the project's.
fn published_package_note(project: &Project) -> Option<Note> {
    if project.in_git {
        return None;
    }
    let at_root = |name: &str| project.file(name).is_some();
    let kind = if at_root(".cargo_vcs_info.json") || at_root("Cargo.toml.orig") {
        "a crate as cargo publishes it"
    } else if at_root("PKG-INFO") {
        "a Python source distribution"
    } else if project.files.iter().any(|f| {
        f.rel_path
            .split_once('/')
            .is_some_and(|(dir, rest)| dir.ends_with(".dist-info") && rest == "METADATA")
    }) {
        "an unpacked Python wheel"
    } else {
        return None;
    };
    Some(Note {
        path: String::new(),
        message: format!(
            "this is {kind}, not a repository checkout: findings about what a repository holds (CI, tests, changelog, security policy, dependency updates) describe what the package ships"
        ),
    })
}
