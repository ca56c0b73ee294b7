super::category_rules! {
    readme_incomplete::ReadmeIncomplete,
    no_license::NoLicense,
    no_changelog::NoChangelog,
}
