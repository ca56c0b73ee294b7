//! Escaping for text taken from the audited repository. Nothing from the repository reaches a
//! report unescaped: a file name or snippet must never become markup.

/// Escapes Markdown inline syntax and raw HTML.
pub fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '!' | '|' | '~' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A Markdown code span that holds `s` literally, safe inside a table cell.
pub fn markdown_code(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    // A code span's fence must be longer than any backtick run inside it.
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let body = s.replace('|', "\\|");
    let pad = if body.starts_with('`') || body.ends_with('`') || body.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// Escapes HTML text and attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Removes terminal control characters (ANSI escapes in file names or snippets).
pub fn terminal(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_neutralises_html_and_links() {
        assert_eq!(
            markdown_text("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(markdown_text("[a](http://x)"), "\\[a\\]\\(http://x\\)");
    }

    #[test]
    fn code_spans_survive_backticks_and_pipes() {
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("a|b"), "`a\\|b`");
        assert_eq!(markdown_code("`x`"), "`` `x` ``");
    }

    #[test]
    fn html_escapes_attribute_breakers() {
        assert_eq!(
            html(r#""><img src=x onerror=alert(1)>"#),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
        );
    }

    #[test]
    fn terminal_strips_escape_sequences() {
        assert_eq!(terminal("a\u{1b}[31mb"), "a\u{FFFD}[31mb");
    }
}
