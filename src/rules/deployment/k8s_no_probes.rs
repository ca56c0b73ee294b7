use super::k8s::{container_name, workloads};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::rules::util::line_finding;
use crate::rules::{FileContext, Rule};

declare_rule! {
    /// ## What it finds
    /// Containers of long-running Kubernetes workloads (Deployment, StatefulSet, DaemonSet,
    /// ReplicaSet, Pod) without a `livenessProbe` or without a `readinessProbe`, at the
    /// container's `name:` line; the message names the missing probe(s).
    ///
    /// ## Why it matters
    /// Without a readiness probe, traffic reaches pods that are still starting or have lost a
    /// dependency, and rolling updates proceed over broken pods. Without a liveness probe, a
    /// deadlocked process is never restarted.
    ///
    /// ## How to fix
    /// Add a `readinessProbe` that checks the service can serve, and a `livenessProbe` that only
    /// checks the process is alive (no dependency checks), with a `startupProbe` for slow starts.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: api:1.4.2
    /// ```
    /// Use instead:
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: api:1.4.2
    ///     readinessProbe: { httpGet: { path: /ready, port: 8080 } }
    ///     livenessProbe: { httpGet: { path: /live, port: 8080 } }
    /// ```
    ///
    /// ## Does not flag
    /// Jobs and CronJobs (they run to completion), init containers, containers with both probes,
    /// non-workload objects, YAML that does not parse (Helm templates), commented-out YAML, and
    /// manifests under test or example folders.
    pub struct K8sNoProbes {
        id: "k8s-no-probes",
        category: Category::Deployment,
        severity: Severity::Medium,
        effort_hours: 0.5,
        languages: &[Language::Yaml],
        summary: "long-running Kubernetes container without liveness or readiness probe",
        since: "2026.2",
        literals: &["containers"],
    }
}

impl Rule for K8sNoProbes {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        for w in workloads(ctx) {
            if !w.is_long_running() {
                continue;
            }
            for c in w.containers() {
                let liveness = c.get("livenessProbe").is_some();
                let readiness = c.get("readinessProbe").is_some();
                let missing = match (liveness, readiness) {
                    (true, true) => continue,
                    (false, false) => "a livenessProbe and a readinessProbe",
                    (false, true) => "a livenessProbe",
                    (true, false) => "a readinessProbe",
                };
                let (name, line) = container_name(c);
                out.push(line_finding(
                    ctx,
                    &Self::META,
                    line,
                    format!(
                        "container `{name}` of {} `{}` has no {missing}",
                        w.kind, w.name
                    ),
                ));
            }
        }
    }
}
