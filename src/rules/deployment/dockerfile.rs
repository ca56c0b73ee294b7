//! A small Dockerfile reader shared by the container rules: instructions with their 1-based
//! line, continuation lines joined, comments and parser directives skipped, grouped by stage.

pub use crate::rules::util::line_finding;

/// One instruction (`FROM`, `USER`, …) with its arguments on one logical line.
#[derive(Debug, Clone)]
pub struct Instruction {
    /// Upper-cased keyword.
    pub keyword: String,
    /// Everything after the keyword, continuation lines joined with a space.
    pub args: String,
    /// 1-based line of the keyword.
    pub line: u32,
}

/// A build stage: its `FROM` and the instructions up to the next `FROM`.
#[derive(Debug, Clone)]
pub struct Stage {
    /// The image or stage the stage starts from (flags such as `--platform=` removed).
    pub base: String,
    /// `AS name`, lower-cased.
    pub alias: Option<String>,
    pub from_line: u32,
    pub instructions: Vec<Instruction>,
}

#[derive(Debug, Default)]
pub struct Dockerfile {
    /// `ARG`s declared before the first `FROM`: name and default value.
    pub global_args: Vec<(String, Option<String>)>,
    pub stages: Vec<Stage>,
}

impl Dockerfile {
    pub fn parse(text: &str) -> Dockerfile {
        let mut out = Dockerfile::default();
        for ins in instructions(text) {
            if ins.keyword == "FROM" {
                let mut words = ins.args.split_whitespace().filter(|w| !w.starts_with("--"));
                let base = words.next().unwrap_or("").to_string();
                let alias = match (words.next(), words.next()) {
                    (Some(as_kw), Some(name)) if as_kw.eq_ignore_ascii_case("as") => {
                        Some(name.to_ascii_lowercase())
                    }
                    _ => None,
                };
                out.stages.push(Stage {
                    base,
                    alias,
                    from_line: ins.line,
                    instructions: Vec::new(),
                });
            } else if let Some(stage) = out.stages.last_mut() {
                stage.instructions.push(ins);
            } else if ins.keyword == "ARG" {
                let decl = ins.args.trim();
                let (name, default) = match decl.split_once('=') {
                    Some((n, v)) => (
                        n.trim().to_string(),
                        Some(v.trim().trim_matches(|c| c == '"' || c == '\'').to_string()),
                    ),
                    None => (decl.to_string(), None),
                };
                out.global_args.push((name, default));
            }
        }
        out
    }

    /// The index of the stage named `name` (an earlier `AS name`), if any, before `before`.
    pub fn stage_named(&self, name: &str, before: usize) -> Option<usize> {
        let lower = name.to_ascii_lowercase();
        self.stages
            .iter()
            .take(before)
            .position(|s| s.alias.as_deref() == Some(lower.as_str()))
    }

    /// The chain of stages the final image is built from: the final stage, then the earlier
    /// stage it starts `FROM`, and so on.
    pub fn final_chain(&self) -> Vec<&Stage> {
        let mut chain = Vec::new();
        let mut current = self.stages.len().checked_sub(1);
        while let Some(i) = current {
            let Some(stage) = self.stages.get(i) else {
                break;
            };
            chain.push(stage);
            current = self.stage_named(&stage.base, i);
            if chain.len() > self.stages.len() {
                break;
            }
        }
        chain
    }

    /// The default of a global `ARG`.
    pub fn arg_default(&self, name: &str) -> Option<&str> {
        self.global_args
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// Logical instructions of a Dockerfile.
pub fn instructions(text: &str) -> Vec<Instruction> {
    let mut out: Vec<Instruction> = Vec::new();
    let mut pending: Option<Instruction> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let trimmed = raw.trim();
        if trimmed.starts_with('#') {
            // Comments (and parser directives) may sit between continuation lines.
            continue;
        }
        let (body, continues) = match trimmed.strip_suffix('\\') {
            Some(b) => (b.trim_end(), true),
            None => (trimmed, false),
        };
        match pending.as_mut() {
            Some(p) => {
                p.args.push(' ');
                p.args.push_str(body);
            }
            None => {
                if body.is_empty() {
                    continue;
                }
                let (kw, args) = body
                    .split_once(|c: char| c.is_whitespace())
                    .unwrap_or((body, ""));
                pending = Some(Instruction {
                    keyword: kw.to_ascii_uppercase(),
                    args: args.trim().to_string(),
                    line: line_no,
                });
            }
        }
        if !continues && let Some(p) = pending.take() {
            out.push(p);
        }
    }
    if let Some(p) = pending {
        out.push(p);
    }
    out
}

/// Whether a Dockerfile is one an audit should judge as a deliverable image: not a dev
/// container, not test or example material.
pub fn is_deliverable(rel_path: &str, role: crate::classify::Role) -> bool {
    use crate::classify::{Role, in_folder, is_dev_folder};
    // Development images: `.devcontainer/`, `docker/dev/Dockerfile`, `Dockerfile.dev`.
    let dev_folder = in_folder(rel_path, |p| p == ".devcontainer" || is_dev_folder(p));
    let name = rel_path
        .rsplit('/')
        .next()
        .unwrap_or(rel_path)
        .to_ascii_lowercase();
    let dev_name = name
        .split(['.', '-', '_'])
        .any(|w| is_dev_folder(w) || w == "devcontainer");
    matches!(role, Role::Production | Role::Config) && !dev_folder && !dev_name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_and_continuations() {
        let text = "ARG BASE=alpine:3.19\n# comment\nFROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN a \\\n  # inner\n  b\nFROM ${BASE}\nCOPY --from=build /x /x\nUSER app\n";
        let d = Dockerfile::parse(text);
        assert_eq!(d.arg_default("BASE"), Some("alpine:3.19"));
        assert_eq!(d.stages.len(), 2);
        assert_eq!(d.stages[0].base, "golang:1.22");
        assert_eq!(d.stages[0].alias.as_deref(), Some("build"));
        assert_eq!(d.stages[0].instructions[0].args, "a b");
        assert_eq!(d.stages[1].from_line, 7);
        assert_eq!(d.stages[1].instructions[1].line, 9);
        assert_eq!(d.final_chain().len(), 1);
    }
}
