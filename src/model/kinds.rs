//! Project kinds: what the repository is (a service, a CLI, a library…), which decides which
//! project rules apply.

use super::Project;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Service,
    Cli,
    Library,
    Desktop,
    WebFrontend,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Service,
        Kind::Cli,
        Kind::Library,
        Kind::Desktop,
        Kind::WebFrontend,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::Cli => "cli",
            Kind::Library => "library",
            Kind::Desktop => "desktop",
            Kind::WebFrontend => "web-frontend",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// Detection lands with the project model; until then no kind is claimed.
pub fn detect(_project: &Project) -> BTreeSet<Kind> {
    BTreeSet::new()
}
