use super::k8s::{container_name, workloads};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::rules::util::line_finding;
use crate::rules::{FileContext, Rule};

declare_rule! {
    /// ## What it finds
    /// Containers of Kubernetes workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod,
    /// Job, CronJob), init containers included, without `resources.requests` or
    /// `resources.limits`. One finding per container, at its `name:` line, naming what is
    /// missing.
    ///
    /// ## Why it matters
    /// Without requests the scheduler packs pods blindly onto nodes; without limits one leaking
    /// or busy container starves every other pod on the node, and the kubelet evicts the
    /// wrong ones first.
    ///
    /// ## How to fix
    /// Set `requests` from observed usage and a memory `limit` (and a CPU limit if your policy
    /// asks for one) on every container.
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
    ///     resources:
    ///       requests: { cpu: 100m, memory: 128Mi }
    ///       limits: { memory: 256Mi }
    /// ```
    ///
    /// ## Does not flag
    /// Containers with both requests and limits, Services, ConfigMaps and other non-workload
    /// objects, commented-out YAML, files that do not parse as YAML (Helm templates), and
    /// manifests under test or example folders.
    pub struct K8sNoResourceLimits {
        id: "k8s-no-resource-limits",
        category: Category::Deployment,
        severity: Severity::Medium,
        effort_hours: 0.25,
        languages: &[Language::Yaml],
        summary: "Kubernetes container without resource requests and limits",
        since: "2026.2",
        literals: &["containers"],
    }
}

fn has_entries(node: Option<&crate::model::yaml::YamlNode>) -> bool {
    node.is_some_and(|n| !n.entries().is_empty())
}

impl Rule for K8sNoResourceLimits {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        for w in workloads(ctx) {
            for c in w.containers().iter().chain(w.init_containers()) {
                let resources = c.get("resources");
                let requests = has_entries(resources.and_then(|r| r.get("requests")));
                let limits = has_entries(resources.and_then(|r| r.get("limits")));
                let missing = match (requests, limits) {
                    (true, true) => continue,
                    (false, false) => "resource requests and limits",
                    (false, true) => "resource requests",
                    (true, false) => "resource limits",
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
