//! `readiness init`: the first-run experience. Audits the project, shows what was detected,
//! asks (on a terminal) which kinds are right, which preset of manual checklist items to start
//! from and which sign-off roles apply, and writes a commented `readiness.toml`.

use crate::app::{RunSettings, current_ruleset, run_pipeline};
use crate::model::Kind;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::Path;

/// A preset of manual checklist items, with the public checklists it draws on.
pub struct Preset {
    pub name: &'static str,
    pub sources: &'static [&'static str],
    /// (id, title, category, tier, effort hours)
    pub items: &'static [(&'static str, &'static str, &'static str, &'static str, f64)],
    pub roles: &'static [&'static str],
}

pub const PRESETS: &[Preset] = &[
    Preset {
        name: "service",
        sources: &[
            "Google SRE book, Launch Coordination Checklist (Appendix E)",
            "The Twelve-Factor App",
            "OWASP Application Security Verification Standard (ASVS)",
        ],
        items: &[
            (
                "load-test",
                "Load tested at 10x expected capacity",
                "performance",
                "P1",
                16.0,
            ),
            (
                "runbooks",
                "Runbooks written for every alert",
                "observability",
                "P1",
                8.0,
            ),
            (
                "on-call",
                "On-call rotation set up and paged in a drill",
                "observability",
                "P1",
                4.0,
            ),
            (
                "slo",
                "SLOs defined and dashboards in place",
                "observability",
                "P2",
                8.0,
            ),
            (
                "security-review",
                "Security review signed off by the security team",
                "security",
                "P0",
                16.0,
            ),
            (
                "backup-restore",
                "Backup restored in a drill",
                "data",
                "P1",
                8.0,
            ),
            (
                "rollback",
                "Rollback tested in staging",
                "deployment",
                "P1",
                4.0,
            ),
            (
                "capacity-plan",
                "Capacity plan for the next 12 months",
                "performance",
                "P3",
                4.0,
            ),
        ],
        roles: &[
            "engineering-lead",
            "security",
            "operations",
            "product-owner",
        ],
    },
    Preset {
        name: "library",
        sources: &[
            "Rust API Guidelines checklist",
            "Semantic Versioning 2.0.0",
            "Keep a Changelog",
        ],
        items: &[
            (
                "api-review",
                "Public API reviewed for naming and stability",
                "code-quality",
                "P1",
                8.0,
            ),
            (
                "semver-policy",
                "Versioning and deprecation policy documented",
                "documentation",
                "P2",
                2.0,
            ),
            (
                "msrv",
                "Minimum supported toolchain/runtime documented and tested",
                "ci-cd",
                "P2",
                2.0,
            ),
            (
                "security-contact",
                "Security contact and disclosure process published",
                "security",
                "P2",
                1.0,
            ),
        ],
        roles: &["engineering-lead", "security"],
    },
    Preset {
        name: "cli",
        sources: &[
            "Command Line Interface Guidelines (clig.dev)",
            "Semantic Versioning 2.0.0",
        ],
        items: &[
            (
                "exit-codes",
                "Exit codes documented and stable",
                "documentation",
                "P2",
                1.0,
            ),
            (
                "release-artifacts",
                "Release binaries built reproducibly and signed",
                "deployment",
                "P1",
                8.0,
            ),
            (
                "help-text",
                "Help text and examples reviewed",
                "documentation",
                "P3",
                2.0,
            ),
            (
                "security-review",
                "Handling of untrusted input reviewed",
                "security",
                "P1",
                8.0,
            ),
        ],
        roles: &["engineering-lead", "security"],
    },
    Preset {
        name: "desktop",
        sources: &[
            "Electron security checklist",
            "OWASP Desktop App Security Top 10",
        ],
        items: &[
            (
                "code-signing",
                "Installers code-signed and notarised",
                "deployment",
                "P0",
                8.0,
            ),
            (
                "auto-update",
                "Auto-update channel tested, including rollback",
                "deployment",
                "P1",
                8.0,
            ),
            (
                "crash-reporting",
                "Crash reporting with symbolication in place",
                "observability",
                "P1",
                4.0,
            ),
            (
                "security-review",
                "Security review of IPC and web content",
                "security",
                "P0",
                16.0,
            ),
        ],
        roles: &["engineering-lead", "security", "product-owner"],
    },
];

pub const ALL_ROLES: &[&str] = &[
    "engineering-lead",
    "security",
    "operations",
    "product-owner",
];

/// What `init` decided, by prompt or default.
#[derive(Debug, Clone, PartialEq)]
pub struct Choices {
    pub kinds: Vec<Kind>,
    pub preset: &'static Preset,
    pub roles: Vec<&'static str>,
}

impl std::fmt::Debug for Preset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl PartialEq for Preset {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

pub fn default_preset(kinds: &[Kind]) -> &'static Preset {
    let name = if kinds.contains(&Kind::Service) {
        "service"
    } else if kinds.contains(&Kind::Desktop) {
        "desktop"
    } else if kinds.contains(&Kind::Cli) {
        "cli"
    } else {
        "library"
    };
    PRESETS
        .iter()
        .find(|p| p.name == name)
        .unwrap_or(&PRESETS[0])
}

pub fn run(path: &Path, yes: bool, force: bool) -> anyhow::Result<i32> {
    let target = path.join(crate::config::FILE_NAME);
    if target.exists() && !force {
        anyhow::bail!(
            "{} already exists; pass --force to overwrite it",
            target.display()
        );
    }
    let interactive = !yes;
    if interactive && !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        anyhow::bail!("no terminal to ask on: pass --yes to accept the detected defaults");
    }
    // Audit without any existing configuration: init describes the project as detected.
    let settings = RunSettings {
        config: Some(Path::new("/dev/null")),
        ..RunSettings::default()
    };
    let outcome = run_pipeline(path, &settings)?;
    let detected: Vec<Kind> = outcome.audit.project.kinds.iter().copied().collect();
    let report =
        crate::report::Report::new(&outcome.audit, &outcome.card, path.display().to_string());
    eprintln!("Detected: {}", report.profile_line());
    eprintln!(
        "Grade {} ({:.1}/100) before any configuration.",
        outcome.card.grade, outcome.card.score
    );

    let choices = if interactive {
        ask(&detected)?
    } else {
        defaults(&detected)
    };
    let text = render(&choices, &current_ruleset());
    // The file we write must itself be valid: check before writing.
    crate::config::parse(&text, &target)
        .map_err(|e| anyhow::anyhow!("internal error: generated config is invalid: {e}"))?;
    std::fs::write(&target, text)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", target.display()))?;
    eprintln!(
        "Wrote {} ({} preset, {} checklist items, sign-off by {}). Edit it, then run `readiness check-config`.",
        target.display(),
        choices.preset.name,
        choices.preset.items.len(),
        if choices.roles.is_empty() {
            "nobody".to_string()
        } else {
            choices.roles.join(", ")
        }
    );
    Ok(crate::app::EXIT_OK)
}

pub fn defaults(detected: &[Kind]) -> Choices {
    let preset = default_preset(detected);
    Choices {
        kinds: detected.to_vec(),
        preset,
        roles: preset.roles.to_vec(),
    }
}

fn ask(detected: &[Kind]) -> anyhow::Result<Choices> {
    use dialoguer::{MultiSelect, Select};
    let kind_names: Vec<&str> = Kind::ALL.iter().map(|k| k.id()).collect();
    let kind_defaults: Vec<bool> = Kind::ALL.iter().map(|k| detected.contains(k)).collect();
    let picked = MultiSelect::new()
        .with_prompt("Which kinds describe this project? (space toggles, enter accepts)")
        .items(&kind_names)
        .defaults(&kind_defaults)
        .interact()?;
    let kinds: Vec<Kind> = picked
        .into_iter()
        .filter_map(|i| Kind::ALL.get(i).copied())
        .collect();
    let default = default_preset(&kinds);
    let preset_names: Vec<String> = PRESETS
        .iter()
        .map(|p| format!("{} — from {}", p.name, p.sources.join("; ")))
        .collect();
    let default_index = PRESETS
        .iter()
        .position(|p| p.name == default.name)
        .unwrap_or(0);
    let preset_index = Select::new()
        .with_prompt("Start the manual checklist from which preset?")
        .items(&preset_names)
        .default(default_index)
        .interact()?;
    let preset = PRESETS.get(preset_index).unwrap_or(default);
    let role_defaults: Vec<bool> = ALL_ROLES.iter().map(|r| preset.roles.contains(r)).collect();
    let roles_picked = MultiSelect::new()
        .with_prompt("Which roles must sign off before the project counts as ready?")
        .items(ALL_ROLES)
        .defaults(&role_defaults)
        .interact()?;
    let roles = roles_picked
        .into_iter()
        .filter_map(|i| ALL_ROLES.get(i).copied())
        .collect();
    Ok(Choices {
        kinds,
        preset,
        roles,
    })
}

/// The commented configuration file.
pub fn render(c: &Choices, ruleset: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# readiness configuration, written by `readiness init`. Reference: docs/configuration.md"
    );
    let _ = writeln!(
        out,
        "\n# Rules introduced after this rule set run as preview (reported, not scored, not gating),"
    );
    let _ = writeln!(
        out,
        "# so upgrading readiness never breaks CI. Move the pin deliberately."
    );
    let _ = writeln!(out, "ruleset = \"{ruleset}\"");
    let _ = writeln!(
        out,
        "\n[profile]\n# What this project is; decides which project rules apply."
    );
    let kinds: Vec<String> = c.kinds.iter().map(|k| format!("\"{}\"", k.id())).collect();
    let _ = writeln!(out, "kinds = [{}]", kinds.join(", "));
    let _ = writeln!(
        out,
        "# Paths that count as test code beside the usual conventions, and paths not audited."
    );
    let _ = writeln!(
        out,
        "# test_paths = [\"qa/**\"]\n# exclude = [\"third_party/**\"]"
    );
    let _ = writeln!(
        out,
        "\n# Category weights (normalised to sum to 1). Defaults in docs/scoring.md.\n[weights]\n# security = 0.15"
    );
    let _ = writeln!(
        out,
        "\n# Per-rule settings: enabled, severity, and rule options.\n# [rules.unwrap-outside-tests]\n# severity = \"high\""
    );
    let _ = writeln!(
        out,
        "\n# Accepted findings, with a reason and an expiry date.\n# [[suppress]]\n# rule = \"unwrap-outside-tests\"\n# paths = [\"src/legacy/**\"]\n# reason = \"legacy module, rewrite planned\"\n# expires = 2027-06-30"
    );
    let _ = writeln!(
        out,
        "\n# Manual checklist: the {} preset, drawn from:",
        c.preset.name
    );
    for s in c.preset.sources {
        let _ = writeln!(out, "#   - {s}");
    }
    let _ = writeln!(
        out,
        "# status: todo | done | not-applicable (with reason). A done item with a past `expires` is todo again."
    );
    for (id, title, category, tier, hours) in c.preset.items {
        let _ = writeln!(
            out,
            "\n[[checklist]]\nid = \"{id}\"\ntitle = \"{title}\"\ncategory = \"{category}\"\ntier = \"{tier}\"\neffort_hours = {hours:.1}\nstatus = \"todo\"\n# owner = \"name\"\n# evidence = \"docs/...\"   # a link, or a path in this repository\n# expires = 2027-06-30"
        );
    }
    let roles: Vec<String> = c.roles.iter().map(|r| format!("\"{r}\"")).collect();
    let _ = writeln!(
        out,
        "\n# Who must sign off; record with `readiness signoff ROLE --by NAME`.\n[signoff]\nrequired = [{}]\nmax_age_days = 90",
        roles.join(", ")
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_renders_a_valid_config() {
        for preset in PRESETS {
            let c = Choices {
                kinds: vec![Kind::Service],
                preset,
                roles: preset.roles.to_vec(),
            };
            let text = render(&c, "2026.1");
            let config = crate::config::parse(&text, Path::new("readiness.toml")).expect("valid");
            assert_eq!(config.checklist.len(), preset.items.len());
            let d = crate::config::validate(
                &config,
                &text,
                Path::new("readiness.toml"),
                Path::new("."),
            );
            assert!(d.is_empty(), "{preset:?}: {d:?}");
        }
    }
}
