//! Prints the tree-sitter tree of a file, for rule authors:
//! `cargo run --example dump_tree -- path/to/file.go`.

use readiness::classify::Language;
use std::time::Duration;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: dump_tree FILE"))?;
    let language =
        Language::from_path(&path).ok_or_else(|| anyhow::anyhow!("unknown language: {path}"))?;
    let text = std::fs::read_to_string(&path)?;
    let tree = readiness::parse::parse(language, &text, Duration::from_secs(10))?;
    let mut cursor = tree.walk();
    let mut depth = 0usize;
    loop {
        let node = cursor.node();
        if node.is_named() {
            let field = cursor
                .field_name()
                .map(|f| format!("{f}: "))
                .unwrap_or_default();
            let p = node.start_position();
            let snippet: String = text[node.byte_range()]
                .chars()
                .take(50)
                .collect::<String>()
                .replace('\n', "⏎");
            println!(
                "{}{field}{} [{}:{}] {snippet:?}",
                "  ".repeat(depth),
                node.kind(),
                p.row + 1,
                p.column + 1
            );
        }
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return Ok(());
            }
            depth -= 1;
        }
    }
}
