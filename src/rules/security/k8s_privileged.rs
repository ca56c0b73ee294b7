use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::yaml::YamlNode;
use crate::rules::deployment::k8s::{container_name, workloads};
use crate::rules::util::line_finding;
use crate::rules::{FileContext, Rule};

declare_rule! {
    /// ## What it finds
    /// Kubernetes workload containers (init containers included) that run `privileged: true`,
    /// allow `allowPrivilegeEscalation: true`, or are not required to run as non-root: neither
    /// the container's nor the pod's `securityContext` sets `runAsNonRoot: true` or a non-zero
    /// `runAsUser`. The finding points at the offending line, or at the container's `name:`
    /// line when `runAsNonRoot` is missing.
    ///
    /// ## Why it matters
    /// A privileged container is root on the node: any compromise of the application is a
    /// compromise of the node and of every pod on it. Running as root inside the container
    /// makes container escapes and writable host mounts far more dangerous.
    ///
    /// ## How to fix
    /// Remove `privileged`, set `allowPrivilegeEscalation: false`, and set `runAsNonRoot: true`
    /// (with a numeric `runAsUser`) in the pod or container `securityContext`. Grant single
    /// capabilities (`capabilities.add`) where something is really needed.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     securityContext:
    ///       privileged: true
    /// ```
    /// Use instead:
    /// ```yaml
    /// securityContext:
    ///   runAsNonRoot: true
    ///   runAsUser: 10001
    /// containers:
    ///   - name: api
    ///     securityContext:
    ///       allowPrivilegeEscalation: false
    /// ```
    ///
    /// ## Does not flag
    /// `privileged: false`, `allowPrivilegeEscalation: false`, `runAsNonRoot: true` at pod level
    /// (unless a container overrides it with `false`), a non-zero `runAsUser`, the words in
    /// comments, non-workload objects, YAML that does not parse (Helm templates), and
    /// manifests under test or example folders.
    pub struct K8sPrivileged {
        id: "k8s-privileged",
        category: Category::Security,
        severity: Severity::High,
        effort_hours: 0.5,
        languages: &[Language::Yaml],
        summary: "Kubernetes container that is privileged or may run as root",
        since: "2026.2",
        literals: &["containers"],
    }
}

/// `Some(true)` when the security context requires a non-root user, `Some(false)` when it
/// explicitly allows root, `None` when it does not say.
fn non_root(security_context: Option<&YamlNode>) -> Option<bool> {
    let sc = security_context?;
    let user = sc.get("runAsUser").and_then(|u| u.as_str());
    if user == Some("0") {
        return Some(false);
    }
    match sc.get("runAsNonRoot") {
        Some(v) if v.is_true() => return Some(true),
        Some(v) if v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("false")) => {
            return Some(false);
        }
        _ => {}
    }
    user.and_then(|u| u.parse::<u64>().ok())
        .filter(|&n| n > 0)
        .map(|_| true)
}

impl Rule for K8sPrivileged {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        for w in workloads(ctx) {
            let pod_non_root = non_root(w.pod_spec.get("securityContext"));
            for c in w.containers().iter().chain(w.init_containers()) {
                let (name, name_line) = container_name(c);
                let sc = c.get("securityContext");
                if let Some(p) = sc.and_then(|s| s.get("privileged"))
                    && p.is_true()
                {
                    out.push(line_finding(
                        ctx,
                        &Self::META,
                        p.line,
                        format!(
                            "container `{name}` of {} `{}` is privileged",
                            w.kind, w.name
                        ),
                    ));
                }
                if let Some(p) = sc.and_then(|s| s.get("allowPrivilegeEscalation"))
                    && p.is_true()
                {
                    out.push(line_finding(
                        ctx,
                        &Self::META,
                        p.line,
                        format!(
                            "container `{name}` of {} `{}` allows privilege escalation",
                            w.kind, w.name
                        ),
                    ));
                }
                if non_root(sc).or(pod_non_root) != Some(true) {
                    out.push(line_finding(
                        ctx,
                        &Self::META,
                        name_line,
                        format!(
                            "container `{name}` of {} `{}` may run as root: no `runAsNonRoot: true` in its or the pod's securityContext",
                            w.kind, w.name
                        ),
                    ));
                }
            }
        }
    }
}
