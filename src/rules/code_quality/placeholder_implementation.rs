use super::comment_scan::{BREAK, production_comment_runs};
use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::rules::{FileContext, Rule};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it finds
    /// Comments in production code admitting that the code around them is a stand-in for the
    /// real thing: "in a real implementation …", "in a real-world app …", "in production, this
    /// would …", "in production, use a proper …", "replace with a real …", "for now, return
    /// …"/"for now we just accept …"/"return an empty list for now", "for demo purposes",
    /// "for simplicity, we return a static …", "simulate … (in production …)", "simplified … in
    /// production use …", "placeholder implementation", and a comment that introduces a
    /// "mock/dummy/stub implementation" (case-insensitive, tolerant of small variations and of
    /// a phrase wrapped over two comment lines).
    ///
    /// ## Why it matters
    /// Such a comment documents that the code does not do what its callers believe: a check
    /// that accepts everything, a hard-coded answer, an in-memory store that loses data on
    /// restart. It is typical of generated or prototype code that shipped as is, and it is
    /// invisible to anyone who only reads the function signature.
    ///
    /// ## How to fix
    /// Write the real implementation the comment describes, or make the limitation explicit and
    /// safe: fail closed (return an error) instead of accepting, and track the work in an issue.
    ///
    /// ## Example
    /// ```python
    /// def verify_token(token):
    ///     # In a real implementation, we would verify the signature.
    ///     return True
    /// ```
    /// Use instead:
    /// ```python
    /// def verify_token(token):
    ///     return jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"]) is not None
    /// ```
    ///
    /// ## Does not flag
    /// The same words in Markdown and files under `docs/`, in test code and examples, inside
    /// string literals, quoted in backticks or quotes within a comment (a comment that mentions
    /// the phrase, such as rule documentation), inside fenced code blocks of doc comments, and a
    /// doc comment describing a mock, fake or null type ("`FakeClock` is a fake implementation
    /// of `Clock`", a comment right above a `Mock…`/`Fake…`/`Null…`/`noop` declaration), and a
    /// comment right above a platform fallback (`#[cfg(not(any(windows, unix)))]`), advice about
    /// production use ("be careful about using this sampler in a production application"), a
    /// sentence introducing commented-out code, Go files
    /// built for some platforms only (`sysinfo_windows.go`, a `//go:build` line), and type
    /// declaration files (`.d.ts`, `.pyi`), whose comments describe code that lives elsewhere.
    pub struct PlaceholderImplementation {
        id: "placeholder-implementation",
        category: Category::CodeQuality,
        severity: Severity::High,
        effort_hours: 2.0,
        languages: &[
            Language::Rust,
            Language::Go,
            Language::TypeScript,
            Language::Tsx,
            Language::JavaScript,
            Language::Python,
        ],
        summary: "A comment admits the code is a placeholder for the real implementation",
        literals: &[
            "real", "Real", "REAL", "full", "Full", "FULL", "proper", "Proper", "PROPER",
            "complete", "Complete", "COMPLETE", "production", "Production", "PRODUCTION", "now",
            "Now", "NOW", "implified", "IMPLIFIED", "laceholder", "LACEHOLDER", "ummy", "UMMY",
            "ock", "OCK", "ake", "AKE", "tub", "TUB",
        ],
    }
}

/// The phrases, each a separate pattern so the message can say which one matched. Word gaps are
/// `\s+`, which spans the `\n` between two lines of a comment but not a [`BREAK`].
static PHRASES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // `in a real implementation`, `in a real-world app`, `in a full implementation`
        r"\bin\s+an?\s+(?:real|full|proper|complete|more\s+complete|fully[- ]featured|production(?:[- ](?:ready|grade|quality))?|real[- ]world|real[- ]life)\s+(?:world\s+)?(?:implementation|impl|app|application|system|scenario|version|codebase|program|service|product|deployment|setup|use[- ]case|world)\b",
        // `a real implementation would …`
        r"\ban?\s+(?:real|full|proper|complete|production(?:[- ](?:ready|grade|quality))?|real[- ]world)\s+implementation\s+(?:would|should|will|must|might|could|needs?\s+to)\b",
        // `in production, this would …`, `in production code we'd …`, `in production you would …`
        r"\bin\s+(?:a\s+)?production(?:\s+(?:code|builds?|mode|environments?|systems?|deployments?|settings?|apps?))?\s*[,:]?\s+(?:this|it|that|these|we|i|you|this\s+code|the\s+\w+)(?:'d\b|\s+(?:would|should|must|ought)\b|\s+will\s+(?:need|have|be)\b|\s+needs?\s+to\b)",
        // `in production, use a proper queue`, `replace with real payment processing`
        r"\bin\s+production\b\s*[,:]?\s+(?:use|replace\s+(?:this\s+)?with|swap\s+(?:this\s+)?(?:out\s+)?for|switch\s+to|integrate\s+(?:with\s+)?)\s*(?:a\s+|an\s+|the\s+)?(?:proper|real|actual|persistent|dedicated|robust|secure)\b",
        r"\b(?:replace|swap)\s+(?:this\s+|it\s+)?(?:out\s+)?(?:with|for)\s+(?:a\s+|an\s+|the\s+)?(?:real|actual|proper)\s+(?:implementation|impl|api|call|logic|service|database|db|payment|check|verification|authentication|auth)\b",
        // `For demo purposes, accept any password`, `for simplicity, we return a static list`
        r"(?m)(?:^|[.!?;:(]\s*)for\s+(?:demo|demonstration)\s+purposes\b[,:]?\s+\w",
        r"\b(?:hard-?coded|fake|mock|dummy|static|stubbed|canned)\b[^.\n\x01]{0,30}?\bfor\s+(?:demo|demonstration)\s+purposes\b",
        r"\bfor\s+(?:simplicity|brevity|the\s+(?:sake\s+of\s+(?:simplicity|brevity)|demo))\b,?\s+(?:(?:we|i|this|it)\s+)?(?:(?:just|simply|only|always)\s+)?(?:return(?:s)?\s+(?:a\s+|an\s+)?(?:static|hard-?coded|fixed|fake|dummy|mock|canned|sample|empty|true|false|null|nil|none)|accept(?:s)?\s+(?:any|all|every)|allow(?:s)?\s+(?:any|all|every)|hard-?cod\w*|use\s+(?:a\s+|an\s+)?(?:static|hard-?coded|fixed|fake|dummy|mock|in-memory)|store\s+\w+\s+in\s+memory|skip\s+(?:the\s+)?(?:validation|verification|auth\w*|check\w*))",
        // `Simulate sending email (in production, integrate with SendGrid)`
        r"\bsimulat(?:e|es|ed|ing)\b[^.\n\x01]{0,60}?(?:\bin\s+production\b|\bfor\s+now\b|\bfor\s+(?:the\s+)?demo\b|\bin\s+a\s+real\b)",
        // `for now, return true`, `for now we just accept any token`, `for now, auto-approve`
        r"(?m)(?:^|[.!?;:(]\s*|\b(?:and|but|so)\s+|\x01)for\s+now\b[,:]?\s+(?:(?:we|i|it|this|we'll|let's|lets|will)\s+)?(?:(?:just|simply|always|only)\s+)?(?:(?:return(?:s|ing)?|respond(?:s|ing)?\s+with)\s+(?:a\s+|an\s+)?(?:true|false|nil|null|none|undefined|empty|0|-1|ok|success|\[\]|\{\}|dummy|fake|mock|placeholder|hard-?coded|static|fixed|canned|sample|default|stub)\b|(?:accept|allow|approve|trust|authorize|authorise|pass|grant)(?:s|ing)?\s+(?:all|any|every|everything|anything|everyone|anyone)\b|auto(?:matically)?[- ]?(?:approv|accept|allow|verif|succeed|pass|grant|authori)\w*|hard-?cod\w*|fake\b|stub\b|mock\b|pretend|bypass|skip\s+(?:the\s+)?(?:validation|verification|auth\w*|check\w*|signature))",
        // `return an empty list for now`, `accept any token for now`, `hardcoded for now`
        r"\b(?:return(?:s|ing)?\s+(?:a\s+|an\s+)?(?:true|false|nil|null|none|undefined|empty|0|-1|ok|success|\[\]|\{\}|dummy|fake|mock|placeholder|hard-?coded|static|fixed|canned|sample|default|stub)|(?:accept|allow|approve|trust|authorize|pass)(?:s|ing)?\s+(?:all|any|every|everything|anything|everyone|anyone)|hard-?cod\w*|fake[ds]?|stub(?:bed|s)?|mock(?:ed|s)?|bypass(?:es|ed)?)\b[^.;!?\n\x01]{0,40}?\bfor\s+now\b",
        // `simplified … in production use …`
        r"\bsimplified\b[^\x01]{0,120}?\b(?:in\s+production|for\s+production|production\s+use|in\s+an?\s+real|real[- ]world)\b",
        r"\bsimplified\s+(?:\w+\s+){0,2}?for\s+(?:now|demo(?:nstration)?|the\s+demo|this\s+example|illustration|brevity|simplicity)\b",
        // `placeholder implementation`
        r"\bplaceholder\s+(?:implementation|impl|logic|code)\b",
    ]
    .iter()
    .filter_map(|p| Regex::new(&format!("(?i){p}")).ok())
    .collect()
});

/// Mock/dummy/fake/stub wording: not flagged right above the declaration of a test double.
static MOCK_PHRASES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // `Mock implementation.`, `this is just a dummy implementation`, `fake data for now`
        r"(?m)(?:^|[.!?:;]\s+|\b(?:this\s+is|it's|its|here's|uses?|using|returns?)\s+(?:just\s+|only\s+)?an?\s+|\bjust\s+an?\s+|\btemporary\s+|\btemp\s+)(?:simple\s+|basic\s+|quick\s+)?(?:dummy|mock|fake|stub(?:bed)?)\s+(?:implementation|impl|logic)\b",
        r"\b(?:dummy|mock|fake|stub(?:bed)?)\s+(?:implementation|impl|logic|data|response|value)s?\b[^.\n\x01]{0,30}?(?:\bfor\s+now\b|\buntil\b)",
    ]
    .iter()
    .filter_map(|p| Regex::new(&format!("(?i){p}")).ok())
    .collect()
});

/// Every phrase in one case-insensitive set: a file none of them matches anywhere cannot hold a
/// placeholder comment, and need not be parsed for this rule.
///
/// Its word boundaries are ASCII ones (`(?-u:\b)`): a Unicode `\b` makes the lazy DFA give up on
/// the first non-ASCII byte of a file and fall back to the much slower PikeVM, which cost a third
/// of a whole audit. Next to the ASCII letters the phrases start and end with, an ASCII boundary
/// holds wherever a Unicode one does, so the set still accepts every file the phrases match.
static ANY_PHRASE: LazyLock<Option<regex::RegexSet>> = LazyLock::new(|| {
    let patterns = PHRASES
        .iter()
        .chain(MOCK_PHRASES.iter())
        .map(|r| ascii_word_boundaries(r.as_str()));
    regex::RegexSet::new(patterns).ok()
});

/// `\b` → `(?-u:\b)`, leaving an escaped backslash (`\\b`) alone.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str("(?-u:\\b)"),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// A phrase split over two comment lines (`in a real` / `// implementation`) only matches once
/// the comment run is joined; a line ending in a phrase's first words keeps the file in.
static SPLIT_PHRASE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?im)(?-u:\b)(?:in\s+an?\s+(?:real|full|proper|complete|production|more)|an?\s+(?:real|full|proper|complete)|in\s+production|for|simplified|placeholder|replace|swap|simulat\w*|dummy|mock|fake|stub|just\s+an?|this\s+is|return\w*|accept\w*|allow\w*|hard-?cod\w*)\s*[,:]?\s*$").ok()
});

impl Rule for PlaceholderImplementation {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn may_match(&self, text: &str) -> bool {
        match (ANY_PHRASE.as_ref(), SPLIT_PHRASE.as_ref()) {
            (Some(all), Some(split)) => all.is_match(text) || split.is_match(text),
            _ => true,
        }
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        // Declaration files, and Go files built for one platform (`sysinfo_windows.go`: "returns
        // an empty SysInfo for windows for now" is the platform's answer, not a stand-in).
        if crate::rules::util::is_type_declaration_file(ctx.rel_path())
            || (ctx.language == crate::classify::Language::Go
                && crate::rules::util::is_go_platform_file(ctx))
        {
            return;
        }
        for run in production_comment_runs(ctx) {
            let (attributes, declaration) = following_code(ctx, &run);
            // `#[cfg(not(any(windows, unix)))]`: a platform fallback, not a stand-in.
            if attributes.iter().any(|a| {
                a.starts_with("#[cfg(")
                    && ["windows", "unix", "target_", "wasm"]
                        .iter()
                        .any(|w| a.contains(w))
            }) {
                continue;
            }
            let test_double = declaration.is_some_and(names_test_double);
            let mock_phrases = if test_double {
                &[][..]
            } else {
                &MOCK_PHRASES[..]
            };
            let first = PHRASES
                .iter()
                .chain(mock_phrases)
                .filter_map(|re| re.find(&run.text).map(|m| (m.start(), m.end())))
                .min();
            let Some((start, end)) = first else { continue };
            // Skip the sentence separator the mock pattern may have consumed.
            let start = start
                + run.text.get(start..end).map_or(0, |m| {
                    m.len()
                        - m.trim_start_matches(|c: char| ".!?:;".contains(c) || c.is_whitespace())
                            .len()
                });
            if warns_against_production_use(&run.text, start)
                || describes_commented_out_code(&run.text, end)
            {
                continue;
            }
            let excerpt = excerpt(&run.text, start);
            out.push(ctx.finding_at(
                &Self::META,
                run.file_range(start, end),
                format!("comment says this code is a stand-in: \"{excerpt}\""),
            ));
        }
    }
}

/// "Be careful about using this sampler in a production application": advice to the reader
/// about production use, not an admission that the code is a stand-in.
fn warns_against_production_use(text: &str, start: usize) -> bool {
    static WARNING: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:careful|caution|beware|warning|avoid|not\s+recommended|do\s+not\s+use|don't\s+use|never\s+use|should\s+not\s+be\s+used)\b").ok()
    });
    let phrase = text.get(start..).unwrap_or("");
    if !phrase
        .get(..phrase.len().min(40))
        .is_some_and(|p| p.to_ascii_lowercase().contains("production"))
    {
        return false;
    }
    let before = text.get(..start).unwrap_or("");
    let sentence = before
        .rsplit(['.', '!', '?', BREAK])
        .next()
        .unwrap_or(before);
    WARNING.as_ref().is_some_and(|re| re.is_match(sentence))
}

/// "A real implementation would use their own types." above lines of commented-out code: the
/// sentence describes the disabled code, not the code that runs.
fn describes_commented_out_code(text: &str, end: usize) -> bool {
    let rest = text.get(end..).unwrap_or("");
    let after_sentence = rest.split_once('\n').map_or("", |(_, r)| r);
    let lines: Vec<&str> = after_sentence
        .split(['\n', BREAK])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let code = lines
        .iter()
        .filter(|l| {
            l.ends_with('{')
                || l.ends_with('}')
                || l.ends_with(';')
                || l.ends_with(':')
                || l.contains(":=")
                || l.starts_with("case ")
                || l.starts_with("return ")
                || l.starts_with("if ")
        })
        .count();
    lines.len() >= 2 && code * 2 >= lines.len()
}

/// The attribute/decorator lines and the first code line after the comment.
fn following_code<'a>(
    ctx: &FileContext<'a>,
    run: &super::comment_scan::CommentRun,
) -> (Vec<&'a str>, Option<&'a str>) {
    // From the end of the last comment: its closing `*/` is not the code after it.
    let after = ctx.text.get(run.end..).unwrap_or("");
    let mut attributes = Vec::new();
    for line in after.split('\n').map(str::trim) {
        if line.is_empty() {
            continue;
        }
        if line.starts_with("#[") || line.starts_with('@') {
            attributes.push(line);
            continue;
        }
        return (attributes, Some(line));
    }
    (attributes, None)
}

/// A declaration of a mock, fake, stub, dummy or no-op: the comment describes a test double or
/// a deliberate null object.
fn names_test_double(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    ["mock", "fake", "stub", "dummy", "noop", "nop", "null"]
        .iter()
        .any(|w| lower.contains(w))
}

/// The matched phrase and the rest of its sentence, on one line, shortened.
fn excerpt(text: &str, start: usize) -> String {
    let rest = text.get(start..).unwrap_or("");
    let sentence_end = rest
        .char_indices()
        .find(|&(i, c)| {
            c == BREAK
                || (c == '.'
                    && rest
                        .get(i + 1..)
                        .is_none_or(|r| r.is_empty() || r.starts_with(char::is_whitespace)))
        })
        .map_or(rest.len(), |(i, _)| i);
    let sentence = rest.get(..sentence_end).unwrap_or(rest);
    let folded: String = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = folded.chars().take(100).collect();
    if short.len() < folded.len() {
        format!("{}…", short.trim_end())
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_boundaries_replace_only_word_boundaries() {
        assert_eq!(
            ascii_word_boundaries(r"\bfor\s+now\b"),
            r"(?-u:\b)for\s+now(?-u:\b)"
        );
        assert_eq!(ascii_word_boundaries(r"a\\b"), r"a\\b");
    }

    #[test]
    fn prefilter_keeps_files_with_non_ascii_text_around_a_phrase() {
        let text = "// Überprüfung — café\n// In a real implementation, we would verify ✓\n";
        assert!(PlaceholderImplementation.may_match(text));
        assert!(!PlaceholderImplementation.may_match("// Überprüfung — café: all real code\n"));
    }
}
