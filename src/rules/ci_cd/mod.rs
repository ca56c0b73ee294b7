super::category_rules! {
    committed_binary::CommittedBinary,
    dependency_outside_repo::DependencyOutsideRepo,
    no_lockfile::NoLockfile,
    no_ci::NoCi,
    ci_without_tests::CiWithoutTests,
    ci_without_lint::CiWithoutLint,
    no_dependency_updates::NoDependencyUpdates,
}
