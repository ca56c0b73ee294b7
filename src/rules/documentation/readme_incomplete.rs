use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::model::Kind;
use crate::rules::project_helpers::{headings, readme, words};
use crate::rules::{ProjectContext, Rule, Scope};

declare_rule! {
    /// ## What it finds
    /// A repository with no README at the root (or in `.github/`, `docs/`), or a README without
    /// an install or getting-started section (a heading such as Install, Installation, Getting
    /// started, Quick start, Setup, Build, Deployment) or without a usage section (Usage,
    /// Examples, Samples, How to use, Running, CLI, Commands, API, Documentation, Configure).
    /// Headings are Markdown
    /// (`#`), setext/reStructuredText underlines, AsciiDoc (`==`) or a line in bold. Sentences
    /// count too: "you can install …", "see the guide for installation and usage".
    /// Tutorials and "The gist" sections count as both.
    ///
    /// ## Why it matters
    /// The README is the first thing a new user, contributor or on-call engineer opens. Without
    /// install and usage instructions they reverse-engineer the build and the command line from
    /// the code, or give up.
    ///
    /// ## How to fix
    /// Add an `## Install` section (how to get or build it, prerequisites) and a `## Usage`
    /// section (the main commands or an API example).
    ///
    /// ## Example
    /// ```markdown
    /// # tool
    /// A fast tool.
    /// ```
    /// Use instead:
    /// ````markdown
    /// # tool
    /// A fast tool.
    /// ## Install
    /// ```sh
    /// cargo install tool
    /// ```
    /// ## Usage
    /// ```sh
    /// tool check .
    /// ```
    /// ````
    ///
    /// ## Does not flag
    /// Headings at any level and in any case, in Markdown, reStructuredText or AsciiDoc; a
    /// "Getting started" or "Quick start" section counts as both install and usage; install
    /// commands in a code block (`cargo install`, `pip install`, `npm install`, `go install`,
    /// `brew install`, `docker run`, a `[dependencies]` snippet) count as install instructions.
    /// A library (and nothing else: no service, CLI or desktop app) needs only a usage section,
    /// since its package manager installs it. A "Hello, World" section is a usage section. Words
    /// inside code blocks are not headings.
    pub struct ReadmeIncomplete {
        id: "readme-incomplete",
        category: Category::Documentation,
        severity: Severity::Medium,
        effort_hours: 1.0,
        summary: "README missing, or without install and usage sections",
        since: "2026.2",
        scope: Scope::Project,
    }
}

const BOTH: &[&str] = &[
    "getting started",
    "get started",
    "quick start",
    "quickstart",
    "quick-start",
    "tutorial",
    "tutorials",
    "the gist",
];
/// Sentences that give or point to install instructions outside an install heading ("You can
/// install the packages from the releases page", "see the User Guide for installation and
/// usage information").
const INSTALL_SENTENCES: &[&str] = &[
    "to install",
    "you can install",
    "can be installed",
    "installed with",
    "installed from",
    "installation and usage",
    "install and use",
];
const INSTALL: &[&str] = &[
    "install",
    "installation",
    "installing",
    "setup",
    "set up",
    "build",
    "building",
    "compile",
    "compiling",
    "download",
    "downloads",
    "deploy",
    "deployment",
    "deploying",
    "development",
];
const USAGE: &[&str] = &[
    "usage",
    "use",
    "using",
    "example",
    "examples",
    "how to use",
    "running",
    "run",
    "cli",
    "command line",
    "commands",
    "api",
    "documentation",
    "docs",
    "guide",
    "user guide",
    "samples",
    "sample",
    // A plugin's usage is its configuration.
    "configure",
    "configuration",
    // The first program written with it.
    "hello world",
];
const INSTALL_COMMANDS: &[&str] = &[
    "cargo install",
    "cargo add",
    "pip install",
    "pipx install",
    "uv add",
    "poetry add",
    "npm install",
    "npm i ",
    "yarn add",
    "pnpm add",
    "go install",
    "go get",
    "brew install",
    "docker run",
    "docker pull",
    "apt install",
    "apt-get install",
    "[dependencies]",
];

/// Whether a heading's words contain one of `phrases` (each a run of whole words).
fn heading_has(heading: &str, phrases: &[&str]) -> bool {
    let w = words(heading);
    phrases.iter().any(|p| {
        let pw: Vec<&str> = p.split([' ', '-']).collect();
        !pw.is_empty() && w.windows(pw.len()).any(|win| win == pw.as_slice())
    })
}

impl Rule for ReadmeIncomplete {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_project(&self, ctx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let Some(file) = readme(ctx.project) else {
            out.push(ctx.finding(
                &Self::META,
                "no README: nothing tells a newcomer what this is, how to install it or how to use it",
            ));
            return;
        };
        let text = file.text().unwrap_or("");
        let hs = headings(text);
        let both = hs.iter().any(|(_, h)| heading_has(h, BOTH));
        let lower = text.to_ascii_lowercase();
        let install = both
            || hs.iter().any(|(_, h)| heading_has(h, INSTALL))
            || INSTALL_COMMANDS.iter().any(|c| text.contains(c))
            || INSTALL_SENTENCES.iter().any(|s| lower.contains(s));
        let usage = both
            || hs.iter().any(|(_, h)| heading_has(h, USAGE))
            || lower.contains("installation and usage")
            || lower.contains("install and use");
        // A library is installed by its package manager (`cargo add`, `npm i`): its README
        // needs usage; programs (services, CLIs, apps) also need install instructions.
        let kinds = &ctx.project.kinds;
        let library_only = kinds.contains(&Kind::Library)
            && ![Kind::Service, Kind::Cli, Kind::Desktop]
                .iter()
                .any(|k| kinds.contains(k));
        let install = install || (library_only && usage);
        let missing = match (install, usage) {
            (true, true) => return,
            (false, false) => "install/getting-started section and no usage section",
            (false, true) => "install/getting-started section",
            (true, false) => "usage section",
        };
        out.push(ctx.finding_in(
            &Self::META,
            &file.rel_path,
            None,
            format!("`{}` has no {missing}", file.rel_path),
        ));
    }
}
