mod dockerfile;

super::category_rules! {
    container_runs_as_root::ContainerRunsAsRoot,
    unpinned_base_image::UnpinnedBaseImage,
    docker_no_healthcheck::DockerNoHealthcheck,
}
