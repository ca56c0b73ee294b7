use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::rules::project_helpers::{files_in_dirs, has_doc_extension, lower_stem};
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// A repository with no security policy: no `SECURITY.md` (any case or extension:
    /// `SECURITY.rst`, `security.txt`) at the root, in `.github/` or in `docs/`.
    ///
    /// ## Why it matters
    /// Someone who finds a vulnerability needs a private way to report it. Without a policy they
    /// open a public issue (disclosing it to everyone) or give up; GitHub's private vulnerability
    /// reporting and the "Security" tab are driven by this file.
    ///
    /// ## How to fix
    /// Add `SECURITY.md` with the supported versions, a private contact (an address or GitHub's
    /// private reporting) and the expected response time.
    ///
    /// ## Example
    /// ```text
    /// README.md  LICENSE  src/
    /// ```
    /// Use instead:
    /// ```text
    /// README.md  LICENSE  SECURITY.md  src/
    /// ```
    ///
    /// ## Does not flag
    /// `SECURITY.md` in `.github/` or `docs/`, any case or extension. An organisation-wide policy
    /// in a separate `.github` repository cannot be seen from here: if that is where yours lives,
    /// disable the rule in `readiness.toml`.
    pub struct NoSecurityPolicy {
        id: "no-security-policy",
        category: Category::Security,
        severity: Severity::Low,
        effort_hours: 0.25,
        summary: "No SECURITY.md telling how to report a vulnerability privately",
        since: "2026.2",
        scope: Scope::Project,
    }
}

impl Rule for NoSecurityPolicy {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        if files_in_dirs(ctx.project, &["", ".github", "docs"])
            .any(|f| has_doc_extension(f.file_name()) && lower_stem(f.file_name()) == "security")
        {
            return;
        }
        out.push(ctx.finding(
            &Self::META,
            "no SECURITY.md (root, .github/ or docs/): reporters have no private channel for vulnerabilities",
        ));
    }
}
