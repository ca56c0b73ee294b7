//! Kubernetes workloads and their containers, read from the project's manifests with
//! `crate::model::yaml`. Documents that do not parse (Helm templates with `{{ }}`) are skipped.

use crate::classify::Role;
use crate::model::yaml::{YamlNode, parse_documents};
use crate::rules::FileContext;

/// Workload kinds that run containers.
pub const WORKLOAD_KINDS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Pod",
    "Job",
    "CronJob",
];

/// One workload object of a manifest.
pub struct Workload {
    pub kind: String,
    pub name: String,
    /// The pod spec (`spec`, `spec.template.spec` or the CronJob's job template's).
    pub pod_spec: YamlNode,
}

impl Workload {
    /// Regular containers (not init or ephemeral containers).
    pub fn containers(&self) -> &[YamlNode] {
        self.pod_spec
            .get("containers")
            .map(|c| c.as_seq())
            .unwrap_or(&[])
    }

    pub fn init_containers(&self) -> &[YamlNode] {
        self.pod_spec
            .get("initContainers")
            .map(|c| c.as_seq())
            .unwrap_or(&[])
    }

    /// Long-running workloads (not run-to-completion Jobs).
    pub fn is_long_running(&self) -> bool {
        !matches!(self.kind.as_str(), "Job" | "CronJob")
    }
}

/// The name of a container and the line to point at (its `name:`, or where it starts).
pub fn container_name(container: &YamlNode) -> (String, u32) {
    match container.get("name") {
        Some(n) => (n.as_str().unwrap_or("?").to_string(), n.line),
        None => ("(unnamed)".to_string(), container.line),
    }
}

/// The workloads of the current file, when it is a Kubernetes manifest of the project that is
/// not test or example material.
pub fn workloads(ctx: &FileContext<'_>) -> Vec<Workload> {
    if !matches!(ctx.role, Role::Production | Role::Config)
        || !ctx
            .project
            .facts
            .k8s_manifests
            .iter()
            .any(|m| m == ctx.rel_path())
    {
        return Vec::new();
    }
    workloads_in(ctx.text)
}

pub fn workloads_in(text: &str) -> Vec<Workload> {
    let Ok(docs) = parse_documents(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack: Vec<YamlNode> = docs;
    while let Some(doc) = stack.pop() {
        // `kind: List` holds objects under `items`.
        if let Some(items) = doc.get("items") {
            stack.extend(items.as_seq().iter().cloned());
        }
        let Some(kind) = doc.get("kind").and_then(|k| k.as_str()) else {
            continue;
        };
        if !WORKLOAD_KINDS.contains(&kind) {
            continue;
        }
        let path: &[&str] = match kind {
            "Pod" => &["spec"],
            "CronJob" => &["spec", "jobTemplate", "spec", "template", "spec"],
            _ => &["spec", "template", "spec"],
        };
        let Some(pod_spec) = doc.path(path) else {
            continue;
        };
        let name = doc
            .path(&["metadata", "name"])
            .and_then(|n| n.as_str())
            .unwrap_or("?")
            .to_string();
        out.push(Workload {
            kind: kind.to_string(),
            name,
            pod_spec: pod_spec.clone(),
        });
    }
    out.sort_by_key(|w| w.pod_spec.line);
    out
}
