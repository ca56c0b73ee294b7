use super::support::{
    bindings, call_arguments, callee_name, callee_receiver, code_children, is_production,
    is_test_support_path, string_value,
};
use crate::classify::{Language, Role};
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::is_string_kind;
use crate::rules::{FileContext, Rule};
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// An iframe sandbox that holds both `allow-scripts` and `allow-same-origin`: in an HTML
    /// `sandbox="…"` attribute, a JSX `sandbox` prop, an object property `sandbox: "…"`, or set
    /// from code (`iframe.sandbox = "…"`, `setAttribute("sandbox", "…")`,
    /// `iframe.sandbox.add("allow-scripts", "allow-same-origin")`, also across several `add`
    /// calls on the same element).
    ///
    /// ## Why it matters
    /// With both tokens, a framed document served from the embedding page's origin can run
    /// script that reaches into its parent, removes the `sandbox` attribute from its own
    /// `<iframe>` and reloads itself unsandboxed: the sandbox no longer contains anything. Browsers
    /// warn about this combination for that reason.
    ///
    /// ## How to fix
    /// Drop one of the two tokens. Content that needs scripts should be served from a separate
    /// origin (a sandbox domain) with `allow-scripts` only; content that needs its origin should
    /// not run scripts.
    ///
    /// ## Example
    /// ```html
    /// <iframe src="/preview" sandbox="allow-scripts allow-same-origin allow-forms"></iframe>
    /// ```
    /// Use instead:
    /// ```html
    /// <iframe src="https://preview.usercontent.example" sandbox="allow-scripts allow-forms"></iframe>
    /// ```
    ///
    /// ## Does not flag
    /// Either token alone, sandboxes without them, the tokens in HTML comments (`<!-- … -->`), in
    /// `<script>`/`<style>` text and in JavaScript comments or unrelated strings, and test code.
    pub struct IframeSandboxEscape {
        id: "iframe-sandbox-escape",
        category: Category::Security,
        severity: Severity::High,
        effort_hours: 0.5,
        languages: &[
            Language::Html,
            Language::JavaScript,
            Language::TypeScript,
            Language::Tsx,
        ],
        summary: "iframe sandbox with both `allow-scripts` and `allow-same-origin`",
        literals: &["allow-same-origin"],
    }
}

const MESSAGE: &str = "iframe sandbox holds both `allow-scripts` and `allow-same-origin`; the framed page can remove its own sandbox";

impl Rule for IframeSandboxEscape {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        if ctx.language == Language::Html {
            if matches!(ctx.role, Role::Production | Role::Config)
                && !is_test_support_path(ctx.rel_path())
            {
                for range in html_sandbox_escapes(ctx.text) {
                    out.push(ctx.finding_at(&Self::META, range, MESSAGE));
                }
            }
            return;
        }
        if ctx.tree.is_none() {
            return;
        }
        let mut found: Vec<Node<'_>> = Vec::new();
        // `sandbox: "…"`, `iframe.sandbox = "…"`, `iframe.sandbox.value = "…"`.
        for b in bindings(ctx) {
            let sandbox_value = b.name == "sandbox"
                || (b.name == "value"
                    && b.key
                        .parent()
                        .and_then(|m| m.field("object"))
                        .is_some_and(|o| ctx.text_of(o).ends_with("sandbox")));
            if sandbox_value && string_value(ctx, b.value).is_some_and(escapes) {
                found.push(b.key);
            }
        }
        // JSX: `<iframe sandbox="…" />`, `sandbox={"…"}`.
        for attr in ctx.nodes_of_kind("jsx_attribute") {
            let children = code_children(attr);
            let (Some(name), Some(value)) = (children.first(), children.get(1)) else {
                continue;
            };
            if ctx.text_of(*name) != "sandbox" {
                continue;
            }
            let value = if value.kind() == "jsx_expression" {
                match value.named_child(0) {
                    Some(v) => v,
                    None => continue,
                }
            } else {
                *value
            };
            if string_value(ctx, value).is_some_and(escapes) {
                found.push(attr);
            }
        }
        // `setAttribute("sandbox", "…")` and `iframe.sandbox.add(…)`.
        let mut added: Vec<(String, bool, bool)> = Vec::new();
        for call in ctx.nodes_of_kind("call_expression") {
            let Some(method) = callee_name(ctx, call) else {
                continue;
            };
            let args = call_arguments(call);
            if method == "setAttribute" {
                let is_sandbox = args
                    .first()
                    .and_then(|a| string_value(ctx, *a))
                    .is_some_and(|s| s.eq_ignore_ascii_case("sandbox"));
                if is_sandbox
                    && args
                        .get(1)
                        .and_then(|a| string_value(ctx, *a))
                        .is_some_and(escapes)
                {
                    found.push(call);
                }
                continue;
            }
            if method != "add" {
                continue;
            }
            let Some(receiver) = callee_receiver(call) else {
                continue;
            };
            let on_sandbox = receiver.kind() == "member_expression"
                && receiver
                    .field("property")
                    .is_some_and(|p| ctx.text_of(p) == "sandbox");
            if !on_sandbox {
                continue;
            }
            let key = ctx.text_of(receiver).to_string();
            let mut scripts = false;
            let mut same_origin = false;
            for arg in &args {
                if is_string_kind(arg.kind()) {
                    match string_value(ctx, *arg).map(|s| s.trim().to_ascii_lowercase()) {
                        Some(t) if t == "allow-scripts" => scripts = true,
                        Some(t) if t == "allow-same-origin" => same_origin = true,
                        _ => {}
                    }
                }
            }
            let entry = match added.iter_mut().find(|(k, _, _)| *k == key) {
                Some(e) => e,
                None => {
                    added.push((key, false, false));
                    match added.last_mut() {
                        Some(e) => e,
                        None => continue,
                    }
                }
            };
            let before = entry.1 && entry.2;
            entry.1 |= scripts;
            entry.2 |= same_origin;
            if !before && entry.1 && entry.2 {
                found.push(call);
            }
        }
        for node in found {
            if is_production(ctx, node) {
                let mut finding = ctx.finding(&Self::META, node, MESSAGE);
                finding.end_line = finding.line;
                out.push(finding);
            }
        }
    }
}

/// Both escape tokens in a space-separated sandbox value.
fn escapes(value: &str) -> bool {
    let mut scripts = false;
    let mut same_origin = false;
    for token in value.split_ascii_whitespace() {
        if token.eq_ignore_ascii_case("allow-scripts") {
            scripts = true;
        } else if token.eq_ignore_ascii_case("allow-same-origin") {
            same_origin = true;
        }
    }
    scripts && same_origin
}

/// Byte ranges of `sandbox` attributes holding both tokens, in HTML markup (comments and
/// `<script>`/`<style>` contents left out).
fn html_sandbox_escapes(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = lower.get(i..).and_then(|s| s.find('<')) {
        let start = i + rel;
        let rest = lower.get(start..).unwrap_or("");
        if rest.starts_with("<!--") {
            i = match rest.find("-->") {
                Some(end) => start + end + 3,
                None => return out,
            };
            continue;
        }
        let name_len = rest
            .get(1..)
            .unwrap_or("")
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(0);
        if name_len == 0 {
            i = start + 1;
            continue;
        }
        let tag = rest.get(1..1 + name_len).unwrap_or("");
        let (attrs, end) = html_attributes(text, bytes, start + 1 + name_len);
        for (name, value, range) in attrs {
            if name.eq_ignore_ascii_case("sandbox") && escapes(value) {
                out.push(range);
            }
        }
        i = end;
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            i = match lower.get(end..).and_then(|s| s.find(&close)) {
                Some(c) => end + c,
                None => return out,
            };
        }
    }
    out
}

type HtmlAttribute<'a> = (&'a str, &'a str, std::ops::Range<usize>);

/// The attributes of a tag whose name ends at `at`, and the offset after the tag's `>`.
fn html_attributes<'a>(text: &'a str, bytes: &[u8], at: usize) -> (Vec<HtmlAttribute<'a>>, usize) {
    let mut attrs = Vec::new();
    let mut i = at;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (attrs, i);
        }
        if bytes[i] == b'>' {
            return (attrs, i + 1);
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let name = text.get(name_start..i).unwrap_or("");
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b'=' {
            if name.is_empty() {
                i += 1;
            }
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let (value_start, value_end) = match bytes.get(i) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let body = i + 1;
                let mut j = body;
                while j < bytes.len() && bytes[j] != q {
                    j += 1;
                }
                i = (j + 1).min(bytes.len());
                (body, j)
            }
            _ => {
                let body = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                (body, i)
            }
        };
        let value = text.get(value_start..value_end).unwrap_or("");
        attrs.push((name, value, name_start..value_end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_attributes_outside_comments_and_scripts() {
        let html = r#"<!-- <iframe sandbox="allow-scripts allow-same-origin"> -->
<iframe src="/a" sandbox='allow-same-origin allow-forms allow-scripts'></iframe>
<script>const s = '<iframe sandbox="allow-scripts allow-same-origin">';</script>
<iframe sandbox="allow-scripts"></iframe>
<iframe SANDBOX=allow-scripts data-x="allow-same-origin"></iframe>"#;
        let found: Vec<&str> = html_sandbox_escapes(html)
            .into_iter()
            .map(|r| &html[r])
            .collect();
        assert_eq!(
            found,
            vec!["sandbox='allow-same-origin allow-forms allow-scripts"]
        );
    }
}
