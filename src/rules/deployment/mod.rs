mod dockerfile;
pub(crate) mod k8s;

super::category_rules! {
    container_runs_as_root::ContainerRunsAsRoot,
    unpinned_base_image::UnpinnedBaseImage,
    docker_no_healthcheck::DockerNoHealthcheck,
    k8s_no_resource_limits::K8sNoResourceLimits,
    k8s_no_probes::K8sNoProbes,
    no_deployment_artifact::NoDeploymentArtifact,
}
