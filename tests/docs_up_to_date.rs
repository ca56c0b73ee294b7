//! `docs/rules.md` is generated from the rule sources; this fails when it is stale.
//! Regenerate with `UPDATE_DOCS=1 cargo test --test docs_up_to_date`.

use std::path::Path;

#[test]
fn rules_md_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let generated = readiness::rules::catalogue::markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("write docs/rules.md");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "docs/rules.md is out of date: run `UPDATE_DOCS=1 cargo test --test docs_up_to_date`"
    );
}
