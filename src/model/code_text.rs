//! Code without its comments and string literals, for the few whole-file text checks done
//! before parsing (project kinds). A small lexer: good enough to keep a rule catalogue's own
//! strings ("ListenAndServe") from making it look like a server.

use crate::classify::Language;

/// Replaces comments and string literal contents with spaces (line breaks kept, so offsets and
/// line numbers stay valid).
pub fn strip_comments_and_strings(language: Language, text: &str) -> String {
    strip(language, text, true)
}

/// Replaces comments with spaces and keeps string literals: for text checks that look for a
/// string in code (a `"/metrics"` route) but not in a comment that mentions it.
pub fn strip_comments(language: Language, text: &str) -> String {
    strip(language, text, false)
}

/// Replaces comments and template literals (JS backtick strings) with spaces, keeping quoted
/// strings: static import specifiers are always quoted, and code that a template only writes
/// out (a project generator's `` `import express from "express"` ``) is not imported.
pub fn strip_comments_and_templates(language: Language, text: &str) -> String {
    strip_with(language, text, false, true)
}

fn strip(language: Language, text: &str, strings: bool) -> String {
    strip_with(language, text, strings, strings)
}

fn strip_with(language: Language, text: &str, strings: bool, templates: bool) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let hash_comments = language == Language::Python;
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, bytes: &[u8]| {
        out.extend(bytes.iter().map(|&c| if c == b'\n' { b'\n' } else { b' ' }));
    };
    // A string literal: blanked, or copied when only comments go.
    let literal = |out: &mut Vec<u8>, bytes: &[u8]| {
        if strings || (templates && bytes.first() == Some(&b'`')) {
            blank(out, bytes);
        } else {
            out.extend_from_slice(bytes);
        }
    };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        // Line comments.
        if (!hash_comments && c == b'/' && next == Some(b'/')) || (hash_comments && c == b'#') {
            let end = b[i..]
                .iter()
                .position(|&x| x == b'\n')
                .map_or(b.len(), |p| i + p);
            blank(&mut out, &b[i..end]);
            i = end;
            continue;
        }
        // Block comments.
        if !hash_comments && c == b'/' && next == Some(b'*') {
            let end = find(b, i + 2, b"*/").map_or(b.len(), |p| p + 2);
            blank(&mut out, &b[i..end]);
            i = end;
            continue;
        }
        // Rust raw strings r"…", r#"…"#.
        if language == Language::Rust && c == b'r' && matches!(next, Some(b'"') | Some(b'#')) {
            let hashes = b[i + 1..].iter().take_while(|&&x| x == b'#').count();
            if b.get(i + 1 + hashes) == Some(&b'"') {
                let mut close = vec![b'"'];
                close.extend(std::iter::repeat_n(b'#', hashes));
                let start = i + 2 + hashes;
                let end = find(b, start, &close).map_or(b.len(), |p| p + close.len());
                out.extend_from_slice(&b[i..start]);
                literal(&mut out, &b[start..end]);
                i = end;
                continue;
            }
        }
        // Python triple-quoted strings.
        if language == Language::Python
            && (c == b'"' || c == b'\'')
            && next == Some(c)
            && b.get(i + 2) == Some(&c)
        {
            let close = [c, c, c];
            let end = find(b, i + 3, &close).map_or(b.len(), |p| p + 3);
            literal(&mut out, &b[i..end]);
            i = end;
            continue;
        }
        let is_quote = c == b'"'
            || (c == b'`' && (language.is_js_family() || language == Language::Go))
            || (c == b'\'' && language != Language::Rust);
        if is_quote {
            let mut j = i + 1;
            while j < b.len() && b[j] != c {
                if b[j] == b'\\' && c != b'`' {
                    j += 1;
                } else if b[j] == b'\n' && c != b'`' {
                    break;
                }
                j += 1;
            }
            let end = (j + 1).min(b.len());
            literal(&mut out, &b[i..end]);
            i = end;
            continue;
        }
        out.push(c);
        i += 1;
    }
    // Only ASCII bytes were replaced by ASCII spaces; multi-byte characters outside literals are
    // copied whole, so the result is valid UTF-8. Lossy conversion keeps this panic-free anyway.
    String::from_utf8_lossy(&out).into_owned()
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_per_language() {
        let rust =
            "let a = \"ListenAndServe\"; // TcpListener::bind\nTcpListener::bind(x);\nlet c = 'x';";
        let s = strip_comments_and_strings(Language::Rust, rust);
        assert_eq!(s.matches("TcpListener::bind").count(), 1);
        assert!(!s.contains("ListenAndServe"));
        assert_eq!(s.lines().count(), 3);
        let py = "x = '''flask\nimport'''\n# fastapi\nimport os\n";
        let s = strip_comments_and_strings(Language::Python, py);
        assert!(!s.contains("flask") && !s.contains("fastapi") && s.contains("import os"));
        let go = "s := `http.Server{`\nsrv := &http.Server{}\n";
        assert_eq!(
            strip_comments_and_strings(Language::Go, go)
                .matches("http.Server{")
                .count(),
            1
        );
    }

    #[test]
    fn templates_go_with_comments() {
        let js = "import a from 'a'; // import b from 'b'\nconst t = `import c from \"c\"`;\n";
        let s = strip_comments_and_templates(Language::JavaScript, js);
        assert!(s.contains("import a from 'a';"));
        assert!(!s.contains("'b'") && !s.contains("\"c\""), "{s}");
        assert_eq!(s.len(), js.len());
    }

    #[test]
    fn strip_comments_keeps_strings() {
        let js =
            "// GET \"/metrics\"\napp.get(\"/metrics\", h); /* '/metrics' */\nlet s = `a // b`;";
        let s = strip_comments(Language::JavaScript, js);
        assert_eq!(s.matches("/metrics").count(), 1);
        assert!(s.contains("app.get(\"/metrics\", h);"));
        assert!(
            s.contains("`a // b`"),
            "a `//` inside a string is not a comment: {s}"
        );
        let py =
            "# route '/metrics'\nurl = '/metrics'  # same\ndoc = \"\"\"# not a comment\"\"\"\n";
        let s = strip_comments(Language::Python, py);
        assert_eq!(s.matches("/metrics").count(), 1);
        assert!(s.contains("# not a comment"));
        assert_eq!(s.lines().count(), 3);
    }
}
