use crate::classify::Role;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::Kind;
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// Services with no deployment artifact at all: no Dockerfile or Containerfile, no
    /// Kubernetes manifest, Helm chart (`Chart.yaml`) or Kustomization, no systemd unit
    /// (`*.service`), SysV init script, launchd job or supervisord program, no `Procfile`, no
    /// Compose file, and no platform configuration (`fly.toml`,
    /// Google App Engine `app.yaml`, `render.yaml`, `railway.json`/`railway.toml`,
    /// `vercel.json`, `netlify.toml`, `serverless.yml`, Terraform `*.tf`, Heroku `app.json`,
    /// `nixpacks.toml`, `skaffold.yaml`, Nomad `*.nomad`).
    ///
    /// ## Why it matters
    /// How the service is built, configured and run then lives in someone's head or shell
    /// history: deployments are not reproducible, reviewable or repeatable by anyone else.
    ///
    /// ## How to fix
    /// Commit the way the service is deployed: a Dockerfile, manifests or a chart, a systemd
    /// unit, or the platform's configuration file.
    ///
    /// ## Example
    /// ```text
    /// src/main.rs  Cargo.toml  README.md
    /// ```
    /// Use instead:
    /// ```text
    /// src/main.rs  Cargo.toml  README.md  Dockerfile  deploy/k8s/deployment.yaml
    /// ```
    ///
    /// ## Does not flag
    /// Projects that are not services (libraries, CLIs), and artifacts anywhere in the
    /// repository except under test or example folders (a Dockerfile under `tests/` does not
    /// count as the deployment).
    pub struct NoDeploymentArtifact {
        id: "no-deployment-artifact",
        category: Category::Deployment,
        severity: Severity::Low,
        effort_hours: 2.0,
        kinds: &[Kind::Service],
        summary: "service without any deployment artifact (Dockerfile, manifests, unit, platform config)",
        since: "2026.2",
        scope: Scope::Project,
    }
}

/// Whether a file name is a deployment artifact.
fn is_artifact_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let yaml = |stem: &str| n == format!("{stem}.yml") || n == format!("{stem}.yaml");
    n == "dockerfile"
        || n.starts_with("dockerfile.")
        || n.ends_with(".dockerfile")
        || n == "containerfile"
        || n == "chart.yaml"
        || yaml("kustomization")
        || yaml("skaffold")
        || n.ends_with(".service")
        || n == "procfile"
        || n.starts_with("docker-compose")
        || yaml("compose")
        || n == "fly.toml"
        || yaml("app")
        || yaml("render")
        || n == "railway.json"
        || n == "railway.toml"
        || n == "vercel.json"
        || n == "netlify.toml"
        || yaml("serverless")
        || n.ends_with(".tf")
        || n == "app.json"
        || n == "nixpacks.toml"
        || n.ends_with(".nomad")
        || n.ends_with(".nomad.hcl")
        // SysV init scripts and supervisord programs.
        || n.ends_with(".init")
        || n.ends_with(".init.sh")
        || n == "supervisord.conf"
}

/// Deployment artifacts known by their content: a SysV init script under `init.d/`, a launchd
/// job (`*.plist` with `ProgramArguments`), a supervisord `[program:…]` section.
fn is_artifact_file(f: &crate::model::ProjectFile) -> bool {
    let n = f.file_name().to_ascii_lowercase();
    let text = || f.text().unwrap_or("");
    f.rel_path.contains("init.d/")
        || (n.ends_with(".plist") && text().contains("<key>ProgramArguments</key>"))
        || (n.ends_with(".conf")
            && text()
                .lines()
                .any(|l| l.trim_start().starts_with("[program:")))
}

impl Rule for NoDeploymentArtifact {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let p = ctx.project;
        let counts = |rel: &str| {
            p.file(rel)
                .is_some_and(|f| !matches!(f.role, Role::Test | Role::Example))
        };
        let found = p.facts.dockerfiles.iter().any(|f| counts(f))
            || p.facts.k8s_manifests.iter().any(|f| counts(f))
            || p.files.iter().any(|f| {
                !matches!(f.role, Role::Test | Role::Example)
                    && (is_artifact_name(f.file_name()) || is_artifact_file(f))
            });
        if !found {
            out.push(ctx.finding(
                &Self::META,
                "no Dockerfile, Kubernetes/Helm manifest, systemd unit, Procfile, Compose file or platform config: how this service is deployed is not in the repository",
            ));
        }
    }
}
