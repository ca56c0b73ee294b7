use crate::classify::Language;
use crate::declare_rule;
use crate::findings::{Category, Finding, Severity};
use crate::parse::FieldExt;
use crate::rules::util::{
    any_descendant, go_declaration_hint, go_enclosing_function, go_imports,
    go_list_items as list_items,
};
use crate::rules::{FileContext, Rule};
use std::collections::HashMap;
use tree_sitter::Node;

declare_rule! {
    /// ## What it finds
    /// Go errors thrown away with the blank identifier: `_ = f()`, `v, _ := f()`,
    /// `_, _ = w.Write(b)`, where the callee is known to return an error in that position:
    /// standard-library functions and methods from a built-in table (`json.Unmarshal`,
    /// `strconv.Atoi`, `io.Copy`, `os.Remove`, `(*json.Decoder).Decode`, `Close`, `Write`, …) or
    /// functions and methods declared in the audited code whose last result is `error`.
    ///
    /// ## Why it matters
    /// A discarded error turns a failure into silently wrong data: an `Atoi` that failed yields
    /// `0`, an `Unmarshal` that failed leaves a half-filled struct, a `Close` or `Flush` that
    /// failed loses the end of a file that the program then reports as written. Nothing is
    /// logged, so the bug surfaces far from its cause.
    ///
    /// ## How to fix
    /// Handle the error: return it with context (`fmt.Errorf("parsing %q: %w", s, err)`), log
    /// it, or fall back explicitly with a comment saying why the failure is harmless.
    ///
    /// ## Example
    /// ```go
    /// port, _ := strconv.Atoi(os.Getenv("PORT"))
    /// _ = json.Unmarshal(body, &cfg)
    /// ```
    /// Use instead:
    /// ```go
    /// port, err := strconv.Atoi(os.Getenv("PORT"))
    /// if err != nil {
    ///     return fmt.Errorf("PORT: %w", err)
    /// }
    /// if err := json.Unmarshal(body, &cfg); err != nil {
    ///     return fmt.Errorf("decoding config: %w", err)
    /// }
    /// ```
    ///
    /// ## Does not flag
    /// `v, ok := m[k]`, type assertions, channel receives, functions returning `(value, bool)`,
    /// parsers given constant input only (`url.Parse(defaultURL)` with a `const`,
    /// `strconv.Atoi("80")`, `regexp.MatchString("[^a-z]", name)`),
    /// a result checked for `nil`, `""` or the zero a failure leaves right away (`c, _ := find(id)`
    /// then `if c != nil`, `if n, _ := strconv.Atoi(v); n > 0`,
    /// `sum, _ := src.Hash(…)` then `if sum == ""`), calls given
    /// an error collector (`parse(v, errs)` with `errs *[]error`),
    /// `_` in a position that is not the error, unknown callees (third-party packages, names
    /// declared both with and without an error result, exported methods on another package's
    /// types), printing (`fmt.Println`, `fmt.Fprintf`), writes that cannot fail or cannot be
    /// handled (`bytes.Buffer`, `strings.Builder`, hashes (also any writer the function then
    /// `Sum`s), `io.Discard`, `http.ResponseWriter`,
    /// `os.Stdout`), closing a response body or a file opened read-only, cleanup (`Close`,
    /// `release`, `cleanup`, `os.Remove`, `Unlock`, `Stop`, reaping a child with `wait`…) in a
    /// deferred function, closing in a function that is itself a cleanup (`func (tx *Tx) close()`),
    /// inside `if err != nil { … }` or a `switch err.(type)` case, or on a path
    /// that returns another error (also from inside an `if` block before that `return`),
    /// `tx.Rollback()`, a body read only to word the error being returned or logged (`b, _ :=
    /// io.ReadAll(resp.Body)` then `return fmt.Errorf("status %d: %s", code, b)`), a value that
    /// only goes into log calls (`params, _ := json.Marshal(p)` then
    /// `logger.Printf("--> %s", params)`; not `fmt.Print…`, which may be the program's output), a
    /// `bool` result that is the condition itself (`if off, _ := strconv.ParseBool(v); off`;
    /// not a `regexp` match),
    /// a discard explained by a comment at the end of the line or by the comment lines above
    /// saying so (`// ignore …`, `//nolint:errcheck`, `// cannot fail`, `// cannot return an
    /// error here`, `// don't propagate`,
    /// `// silently …`; one comment covers the run of discards right below it) or by
    /// the function's documentation (`// … Ignores errors.`), `json.NewEncoder(w).Encode(v)` (or
    /// `enc := json.NewEncoder(buf)` then `enc.Encode(v)`) to a writer whose errors have nowhere
    /// to go (`http.ResponseWriter`, `bytes.Buffer`), comments, strings and test files.
    pub struct DiscardedError {
        id: "discarded-error",
        category: Category::ErrorHandling,
        severity: Severity::Medium,
        effort_hours: 0.25,
        languages: &[Language::Go],
        summary: "Go error discarded with `_`",
        literals: &["_ =", "_ :=", "_=", "_:="],
    }
}

/// Standard-library functions whose last result is an error: import path, name, number of
/// results.
const STD_FUNCS: &[(&str, &str, usize)] = &[
    ("encoding/json", "Unmarshal", 1),
    ("encoding/json", "Marshal", 2),
    ("encoding/json", "MarshalIndent", 2),
    ("encoding/json", "Indent", 1),
    ("encoding/json", "Compact", 1),
    ("encoding/xml", "Unmarshal", 1),
    ("encoding/xml", "Marshal", 2),
    ("encoding/xml", "MarshalIndent", 2),
    ("encoding/hex", "DecodeString", 2),
    ("encoding/hex", "Decode", 2),
    ("encoding/binary", "Read", 1),
    ("encoding/binary", "Write", 1),
    ("io", "Copy", 2),
    ("io", "CopyN", 2),
    ("io", "CopyBuffer", 2),
    ("io", "ReadAll", 2),
    ("io", "ReadFull", 2),
    ("io", "ReadAtLeast", 2),
    ("io", "WriteString", 2),
    ("io/ioutil", "ReadAll", 2),
    ("io/ioutil", "ReadFile", 2),
    ("io/ioutil", "WriteFile", 1),
    ("io/ioutil", "ReadDir", 2),
    ("io/ioutil", "TempFile", 2),
    ("io/ioutil", "TempDir", 2),
    ("io/fs", "ReadFile", 2),
    ("io/fs", "ReadDir", 2),
    ("io/fs", "Stat", 2),
    ("io/fs", "WalkDir", 1),
    ("io/fs", "Glob", 2),
    ("io/fs", "Sub", 2),
    ("os", "Remove", 1),
    ("os", "RemoveAll", 1),
    ("os", "Mkdir", 1),
    ("os", "MkdirAll", 1),
    ("os", "WriteFile", 1),
    ("os", "ReadFile", 2),
    ("os", "Rename", 1),
    ("os", "Chmod", 1),
    ("os", "Chown", 1),
    ("os", "Chdir", 1),
    ("os", "Chtimes", 1),
    ("os", "Setenv", 1),
    ("os", "Unsetenv", 1),
    ("os", "Open", 2),
    ("os", "Create", 2),
    ("os", "OpenFile", 2),
    ("os", "Stat", 2),
    ("os", "Lstat", 2),
    ("os", "Symlink", 1),
    ("os", "Link", 1),
    ("os", "Truncate", 1),
    ("os", "Getwd", 2),
    ("os", "Hostname", 2),
    ("os", "Executable", 2),
    ("os", "ReadDir", 2),
    ("os", "MkdirTemp", 2),
    ("os", "CreateTemp", 2),
    ("os", "UserHomeDir", 2),
    ("os", "UserConfigDir", 2),
    ("os", "UserCacheDir", 2),
    ("os", "Readlink", 2),
    ("strconv", "Atoi", 2),
    ("strconv", "ParseInt", 2),
    ("strconv", "ParseUint", 2),
    ("strconv", "ParseFloat", 2),
    ("strconv", "ParseBool", 2),
    ("strconv", "ParseComplex", 2),
    ("strconv", "Unquote", 2),
    ("net/url", "Parse", 2),
    ("net/url", "ParseRequestURI", 2),
    ("net/url", "ParseQuery", 2),
    ("net/url", "QueryUnescape", 2),
    ("net/url", "PathUnescape", 2),
    ("time", "Parse", 2),
    ("time", "ParseInLocation", 2),
    ("time", "ParseDuration", 2),
    ("time", "LoadLocation", 2),
    ("net/http", "NewRequest", 2),
    ("net/http", "NewRequestWithContext", 2),
    ("net/http", "Get", 2),
    ("net/http", "Post", 2),
    ("net/http", "Head", 2),
    ("net/http", "PostForm", 2),
    ("net/http", "ListenAndServe", 1),
    ("net/http", "ListenAndServeTLS", 1),
    ("net/http", "Serve", 1),
    ("net/http", "ServeTLS", 1),
    ("path/filepath", "Abs", 2),
    ("path/filepath", "Rel", 2),
    ("path/filepath", "Walk", 1),
    ("path/filepath", "WalkDir", 1),
    ("path/filepath", "Glob", 2),
    ("path/filepath", "EvalSymlinks", 2),
    ("path/filepath", "Match", 2),
    ("path", "Match", 2),
    ("regexp", "Compile", 2),
    ("regexp", "CompilePOSIX", 2),
    ("regexp", "MatchString", 2),
    ("os/exec", "LookPath", 2),
    ("net", "Dial", 2),
    ("net", "DialTimeout", 2),
    ("net", "Listen", 2),
    ("net", "ListenPacket", 2),
    ("net", "ResolveTCPAddr", 2),
    ("net", "ResolveUDPAddr", 2),
    ("net", "SplitHostPort", 3),
    ("net", "LookupHost", 2),
    ("net", "LookupIP", 2),
    ("net", "ParseCIDR", 3),
    ("net", "ParseMAC", 2),
    ("net/mail", "ParseAddress", 2),
    ("mime", "ParseMediaType", 3),
    ("database/sql", "Open", 2),
    ("compress/gzip", "NewReader", 2),
    ("compress/gzip", "NewWriterLevel", 2),
    ("compress/zlib", "NewReader", 2),
    ("archive/zip", "OpenReader", 2),
    ("archive/zip", "NewReader", 2),
    ("crypto/tls", "LoadX509KeyPair", 2),
    ("crypto/tls", "X509KeyPair", 2),
    ("crypto/tls", "Dial", 2),
    ("crypto/tls", "Listen", 2),
    ("crypto/x509", "ParseCertificate", 2),
    ("crypto/x509", "ParseCertificates", 2),
    ("crypto/x509", "ParsePKCS1PrivateKey", 2),
    ("crypto/x509", "ParsePKCS8PrivateKey", 2),
    ("crypto/x509", "ParsePKIXPublicKey", 2),
    ("crypto/x509", "ParseECPrivateKey", 2),
    ("crypto/x509", "SystemCertPool", 2),
    ("crypto/x509", "CreateCertificate", 2),
    ("crypto/x509", "MarshalPKCS8PrivateKey", 2),
    ("crypto/x509", "MarshalPKIXPublicKey", 2),
    ("crypto/rand", "Read", 2),
    ("crypto/rand", "Int", 2),
    ("crypto/rand", "Prime", 2),
    ("os/user", "Current", 2),
    ("os/user", "Lookup", 2),
    ("os/user", "LookupId", 2),
    ("os/user", "LookupGroup", 2),
    ("fmt", "Sscanf", 2),
    ("fmt", "Sscan", 2),
    ("fmt", "Sscanln", 2),
    ("fmt", "Fscan", 2),
    ("fmt", "Fscanf", 2),
    ("fmt", "Fscanln", 2),
    ("text/template", "ParseFiles", 2),
    ("text/template", "ParseGlob", 2),
    ("text/template", "ParseFS", 2),
    ("html/template", "ParseFiles", 2),
    ("html/template", "ParseGlob", 2),
    ("html/template", "ParseFS", 2),
    ("image", "Decode", 3),
    ("image/png", "Decode", 2),
    ("image/png", "Encode", 1),
    ("image/jpeg", "Decode", 2),
    ("image/jpeg", "Encode", 1),
    ("plugin", "Open", 2),
];

/// Methods whose last result is an error wherever they are found in the standard library
/// (`io.Closer`, `io.Writer`, `*json.Decoder`, `*bufio.Writer`, `*sql.DB`, `net.Conn`, …):
/// name, numbers of results.
const STD_METHODS: &[(&str, &[usize])] = &[
    ("Close", &[1]),
    ("Flush", &[1]),
    ("Sync", &[1]),
    ("Shutdown", &[1]),
    ("Decode", &[1, 2]),
    ("Encode", &[1]),
    ("Write", &[2]),
    ("WriteString", &[2]),
    ("WriteByte", &[1]),
    ("WriteRune", &[2]),
    ("WriteAll", &[1]),
    ("WriteTo", &[2]),
    ("Read", &[2]),
    ("ReadFrom", &[2]),
    ("ReadString", &[2]),
    ("ReadBytes", &[2]),
    ("ReadByte", &[2]),
    ("ReadRune", &[3]),
    ("ReadLine", &[3]),
    ("ReadAll", &[2]),
    ("Seek", &[2]),
    ("Truncate", &[1]),
    ("Chmod", &[1]),
    ("SetDeadline", &[1]),
    ("SetReadDeadline", &[1]),
    ("SetWriteDeadline", &[1]),
    ("Execute", &[1]),
    ("ExecuteTemplate", &[1]),
    ("Exec", &[2]),
    ("ExecContext", &[2]),
    ("Ping", &[1]),
    ("PingContext", &[1]),
    ("Commit", &[1]),
    ("Err", &[1]),
    ("Kill", &[1]),
    ("Signal", &[1]),
    ("Serve", &[1]),
    ("ListenAndServe", &[1]),
    ("ListenAndServeTLS", &[1]),
    ("Accept", &[2]),
    ("Dial", &[2]),
    ("DialContext", &[2]),
    ("Do", &[2]),
    ("MarshalJSON", &[2]),
    ("MarshalText", &[2]),
    ("MarshalBinary", &[2]),
    ("UnmarshalJSON", &[1]),
    ("UnmarshalText", &[1]),
    ("UnmarshalBinary", &[1]),
];

/// Method names that commonly return `(value, bool)` or no error in the standard library
/// (`sync.Map`, `reflect`, `bufio.Scanner`, `context`): never trusted from the audited code's
/// declarations, which are keyed by name only.
const COMMA_OK_METHODS: &[&str] = &[
    "Load",
    "LoadOrStore",
    "LoadAndDelete",
    "Swap",
    "CompareAndSwap",
    "Lookup",
    "Get",
    "Value",
    "Next",
    "Scan",
    "Deadline",
    "Done",
    "Rollback",
    "Zone",
    "Date",
    "Clock",
    "ISOWeek",
];

/// Receivers whose writes cannot fail (in-memory buffers, hashes) or whose write errors have
/// nobody to go to (`http.ResponseWriter`, standard streams), as seen in their declaration.
const UNFAILING_WRITERS: &[&str] = &[
    "bytes.Buffer",
    "bytes.NewBuffer",
    "strings.Builder",
    "hash.Hash",
    "sha256.New",
    "sha1.New",
    "sha512.New",
    "md5.New",
    "fnv.New",
    "crc32.New",
    "crc64.New",
    "hmac.New",
    "maphash.Hash",
    "http.ResponseWriter",
    "os.Stdout",
    "os.Stderr",
    "tabwriter.",
    "io.Discard",
    "ioutil.Discard",
];

/// Standard-library functions whose first argument is the writer they write to.
const WRITER_FIRST: &[(&str, &str)] = &[
    ("io", "WriteString"),
    ("io", "Copy"),
    ("io", "CopyN"),
    ("io", "CopyBuffer"),
    ("encoding/binary", "Write"),
    ("image/png", "Encode"),
    ("image/jpeg", "Encode"),
];

impl Rule for DiscardedError {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &Self::META
    }

    fn check_file(&self, ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
        let mut resolver = None;
        for (node, kind) in ctx.nodes_with_kinds() {
            let (lefts, rights) = match kind {
                "assignment_statement" => {
                    let is_plain = node
                        .field("operator")
                        .is_some_and(|o| ctx.text_of(o) == "=");
                    if !is_plain {
                        continue;
                    }
                    (
                        list_items(node.field("left")),
                        list_items(node.field("right")),
                    )
                }
                "short_var_declaration" => (
                    list_items(node.field("left")),
                    list_items(node.field("right")),
                ),
                "var_spec" => {
                    let mut cursor = node.walk();
                    let names: Vec<Node<'_>> =
                        node.children_by_field_name("name", &mut cursor).collect();
                    (names, list_items(node.field("value")))
                }
                _ => continue,
            };
            let is_blank = |n: &Node<'_>| n.kind() == "identifier" && ctx.text_of(*n) == "_";
            if !lefts.iter().any(is_blank) || !ctx.is_production_code(node) {
                continue;
            }
            // (call, number of results it must have for the statement to compile)
            let mut discarded: Vec<(Node<'_>, usize)> = Vec::new();
            if let [right] = rights.as_slice() {
                if lefts.last().is_some_and(is_blank) {
                    discarded.push((*right, lefts.len()));
                }
            } else if rights.len() == lefts.len() {
                for (l, r) in lefts.iter().zip(&rights) {
                    if is_blank(l) {
                        discarded.push((*r, 1));
                    }
                }
            }
            if discarded.is_empty()
                || has_justification(ctx, node)
                || result_checked_for_nil(ctx, node, &lefts)
            {
                continue;
            }
            for (call, results) in discarded {
                if call.kind() != "call_expression" {
                    continue;
                }
                let resolver = resolver.get_or_insert_with(|| Resolver::new(ctx));
                let Some(callee) = resolver.error_returning_callee(ctx, call, results) else {
                    continue;
                };
                // Judged only for callees known to fail: they look up declarations.
                if (is_cleanup(&callee)
                    && (cleans_up_after_failure(ctx, node)
                        || on_failure_path(ctx, node)
                        || (closes(&callee) && inside_cleanup_function(ctx, node))))
                    || reads_for_the_error_message(ctx, node, &callee, &lefts)
                    // The names bind this call's results only when it is the one value.
                    || (rights.len() == 1 && only_printed(ctx, node, &lefts))
                    || has_constant_arguments(ctx, call)
                    || collects_errors(ctx, call)
                {
                    continue;
                }
                out.push(ctx.finding(
                    &Self::META,
                    call,
                    format!("the error from `{callee}` is discarded with `_`"),
                ));
            }
        }
    }
}

/// Calls that release, remove or stop something: on a failure path or in a deferred cleanup
/// their own error is secondary (`defer func() { _ = proc.Kill() }()`).
fn is_cleanup(callee: &str) -> bool {
    const VERBS: &[&str] = &[
        "close", "release", "cleanup", "remove", "unlock", "decrref", "rollback", "abort", "kill",
        "signal", "stop", "shutdown", "unmount", "destroy", "discard", "wait", "reap",
    ];
    let name = lower_method_name(callee);
    VERBS.iter().any(|v| name.starts_with(v))
}

/// The method or function name, any case: `s.close()`, `guard.release()`, `c.Close()`.
fn lower_method_name(callee: &str) -> String {
    callee
        .rsplit('.')
        .next()
        .unwrap_or(callee)
        .to_ascii_lowercase()
}

/// `c.Close()`, `p.closeConn()`: the call releases a handle (not `Kill`, whose failure leaves a
/// process running).
fn closes(callee: &str) -> bool {
    lower_method_name(callee).starts_with("close")
}

/// A close inside a function that is itself a cleanup (`func (p *Pool) remove(cn)` closing
/// the connection it drops, `func (tx *Tx) close()` closing its statements): best effort by
/// purpose, and the caller is already letting the resource go.
fn inside_cleanup_function(ctx: &FileContext<'_>, statement: Node<'_>) -> bool {
    crate::rules::util::go_enclosing_function(statement)
        .filter(|f| f.kind() != "func_literal")
        .and_then(|f| f.field("name"))
        .is_some_and(|name| is_cleanup(ctx.text_of(name)))
}

/// Whether a statement runs while another failure is being handled: in a deferred function
/// literal, or in a block that then returns an error (`_ = f.Close(); return nil, err`).
fn cleans_up_after_failure(ctx: &FileContext<'_>, statement: Node<'_>) -> bool {
    let in_defer = go_enclosing_function(statement).is_some_and(|f| {
        f.kind() == "func_literal"
            && f.parent()
                .and_then(|call| call.parent())
                .is_some_and(|p| p.kind() == "defer_statement")
    });
    if in_defer {
        return true;
    }
    // The statements after it, then after the `if` blocks it is nested in
    // (`if c, ok := x.(io.Closer); ok { _ = c.Close() }` then `return nil, err`).
    let mut at = statement;
    for _ in 0..3 {
        // The few statements that follow: the `return` of a failure path comes soon, and a
        // bound keeps a function of thousands of such blocks linear.
        let mut next = at.next_named_sibling();
        for _ in 0..16 {
            let Some(n) = next else { break };
            if n.kind() == "return_statement" {
                let returned = ctx.text_of(n).to_ascii_lowercase();
                return returned.contains("err");
            }
            next = n.next_named_sibling();
        }
        match enclosing_block(at).and_then(|b| b.parent()) {
            Some(outer) if outer.kind() == "if_statement" => at = outer,
            _ => break,
        }
    }
    false
}

/// Inside the handling of another error: the `then` block of `if err != nil` (any name ending in
/// `err`), or a case of `switch err.(type)` / `switch { case err != nil:`. Cleanup there is
/// secondary whatever follows it (`continue`, a retry, a bare `return` after `handleError`).
fn on_failure_path(ctx: &FileContext<'_>, statement: Node<'_>) -> bool {
    let tests_an_error = |condition: Node<'_>| {
        let text: String = ctx.text_of(condition).split_whitespace().collect();
        text.match_indices("!=nil").any(|(i, _)| {
            text[..i]
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                .next()
                .is_some_and(|name| name.to_ascii_lowercase().ends_with("err"))
        })
    };
    let mut child = statement;
    let mut current = statement.parent();
    while let Some(n) = current {
        match n.kind() {
            "function_declaration" | "method_declaration" | "func_literal" => return false,
            "if_statement"
                if n.field("consequence").is_some_and(|c| c.id() == child.id())
                    && n.field("condition").is_some_and(tests_an_error) =>
            {
                return true;
            }
            "type_switch_statement" | "expression_switch_statement" => {
                let header = ctx
                    .text_of(n)
                    .split('{')
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if header.contains("err") {
                    return true;
                }
            }
            "expression_case" if n.field("value").is_some_and(tests_an_error) => return true,
            _ => {}
        }
        child = n;
        current = n.parent();
    }
    false
}

/// `body, _ := io.ReadAll(resp.Body)` whose value only goes into the error being returned or
/// the line being logged (`return fmt.Errorf("status %d: %s", code, body)`): a best-effort
/// detail for a failure already being reported.
fn reads_for_the_error_message(
    ctx: &FileContext<'_>,
    statement: Node<'_>,
    callee: &str,
    lefts: &[Node<'_>],
) -> bool {
    if !callee.ends_with("ReadAll") {
        return false;
    }
    let Some(name) = lefts.first().map(|l| ctx.text_of(*l)).filter(|n| *n != "_") else {
        return false;
    };
    let mut next = statement.next_named_sibling();
    let mut used = false;
    // The statements right after it: where the error is worded.
    for _ in 0..8 {
        let Some(n) = next else { break };
        let text = ctx.text_of(n);
        let mentions = crate::rules::util::has_word(text, name);
        if mentions {
            let reports = [
                "fmt.Errorf(",
                "errors.New(",
                "log.",
                "logger.",
                "Errorf(",
                ".Error(",
            ]
            .iter()
            .any(|r| text.contains(r));
            if !reports {
                return false;
            }
            used = true;
        }
        next = n.next_named_sibling();
    }
    used
}

/// The names a statement binds, the blank `_` left out.
fn bound_names<'t>(ctx: &FileContext<'t>, lefts: &[Node<'_>]) -> Vec<&'t str> {
    lefts
        .iter()
        .map(|l| ctx.text_of(*l))
        .filter(|n| *n != "_")
        .collect()
}

/// `params, _ := json.Marshal(req.Params)` whose value only goes into log calls
/// (`logger.Printf("--> %s: %s", method, params)`): a failure costs a diagnostic line its
/// detail, nothing else.
fn only_printed(ctx: &FileContext<'_>, statement: Node<'_>, lefts: &[Node<'_>]) -> bool {
    let names = bound_names(ctx, lefts);
    let [name] = names.as_slice() else {
        return false;
    };
    let prints = |call: Node<'_>| {
        call.field("function").is_some_and(|f| {
            let callee = ctx.text_of(f);
            let method = callee.rsplit('.').next().unwrap_or(callee);
            // Not `fmt.Print…`: what a program prints may be its output, and an empty one is
            // the bug.
            !callee.starts_with("fmt.")
                && (callee.starts_with("log.")
                    || [
                        "Print", "Printf", "Println", "Debug", "Debugf", "Info", "Infof", "Warn",
                        "Warnf", "Warning", "Warningf", "Trace", "Tracef",
                    ]
                    .contains(&method))
        })
    };
    let mut used = false;
    let mut next = statement.next_named_sibling();
    while let Some(n) = next {
        let mut escapes = false;
        crate::rules::util::visit_descendants(
            n,
            |_| true,
            |id| {
                if id.kind() != "identifier" || ctx.text_of(id) != *name {
                    return;
                }
                // The nearest call around the use must print it; anything else (an assignment,
                // a return, another call) lets the value escape.
                let mut up = id.parent();
                let mut printed = false;
                while let Some(p) = up {
                    // `string(b)` is a conversion, not a use.
                    let converts = p
                        .field("function")
                        .is_some_and(|f| matches!(ctx.text_of(f), "string" | "[]byte"));
                    if p.kind() == "call_expression" && !converts {
                        printed = prints(p);
                        break;
                    }
                    if p.id() == n.id() {
                        break;
                    }
                    up = p.parent();
                }
                used |= printed;
                escapes |= !printed;
            },
        );
        if escapes {
            return false;
        }
        next = n.next_named_sibling();
    }
    used
}

/// The Go grammar wraps a block's statements in this node.
const STATEMENT_LIST: &str = "statement_list";

/// The `block` a statement is in, through the grammar's `statement_list`.
fn enclosing_block(statement: Node<'_>) -> Option<Node<'_>> {
    let parent = statement.parent()?;
    let block = if parent.kind() == STATEMENT_LIST {
        parent.parent()?
    } else {
        parent
    };
    (block.kind() == "block").then_some(block)
}

/// Whether a comment says the error is dropped on purpose: any comment ending the statement's
/// line (`n, _ := strconv.Atoi(s) // zero if unset`), or a comment on the line above that says
/// so (`// ignore the error: best effort`, `//nolint:errcheck`, `// cannot fail`).
fn has_justification(ctx: &FileContext<'_>, statement: Node<'_>) -> bool {
    const REASONS: &[&str] = &[
        "silent",
        "not check",
        "no need to check",
        "never return",
        "never set",
        "already checked",
        "already validated",
        "#nosec",
        "ignor",
        "nolint",
        "discard",
        "best effort",
        "best-effort",
        "fail",
        "succeed",
        "harmless",
        "on purpose",
        "propagate",
        "don't care",
        "cannot return",
        "can't return",
        "no error",
    ];
    let line = statement.start_position().row;
    let says_so = |c: Node<'_>| {
        let text = ctx.text_of(c).to_ascii_lowercase();
        REASONS.iter().any(|r| text.contains(r))
    };
    // The comment ending the line is a following sibling of the statement (or of the statement
    // holding it, for `if v, _ := f(); …`), the one above a preceding sibling.
    let mut current = Some(statement);
    while let Some(n) = current {
        if n.start_position().row < line {
            break;
        }
        let trailing = n.next_sibling().is_some_and(|c| {
            crate::rules::util::is_comment_kind(c.kind())
                && c.start_position().row == n.end_position().row
        });
        // The comment lines right above, as one block (`// … we don't\n// propagate …`).
        let above = comment_block_above(n).into_iter().any(says_so);
        if trailing || above {
            return true;
        }
        current = n
            .parent()
            .filter(|p| !matches!(p.kind(), "block" | "source_file"));
    }
    // One comment above a run of such statements covers the run (`// checked by the regexp
    // above` over `min, _ := …` and `max, _ := …`).
    let discards = |n: Node<'_>| {
        matches!(n.kind(), "short_var_declaration" | "assignment_statement")
            && n.field("left").is_some_and(|l| {
                let mut c = l.walk();
                l.named_children(&mut c).any(|x| ctx.text_of(x) == "_")
            })
    };
    // A run of a few lines: bounded, because each step back costs tree-sitter a scan of the
    // siblings (a function of thousands of discards would otherwise take minutes).
    let mut first = statement;
    for _ in 0..32 {
        let Some(prev) = first.prev_named_sibling() else {
            break;
        };
        if !discards(prev) || prev.end_position().row + 1 != first.start_position().row {
            break;
        }
        first = prev;
    }
    // The first statement of a block: the comment above it precedes the `statement_list`.
    let anchor = match first.parent() {
        Some(list) if list.kind() == STATEMENT_LIST && first.prev_sibling().is_none() => list,
        _ => first,
    };
    if first.id() != statement.id() && comment_block_above(anchor).into_iter().any(says_so) {
        return true;
    }
    // The function's documentation says it drops errors (`// Apply … Ignores errors.`).
    let function = go_enclosing_function(statement)
        .filter(|f| matches!(f.kind(), "function_declaration" | "method_declaration"));
    let doc: String = function
        .map(comment_block_above)
        .unwrap_or_default()
        .into_iter()
        .map(|c| ctx.text_of(c).to_ascii_lowercase())
        .collect();
    doc.contains("ignor") && doc.contains("error")
}

/// `c, _ := lookup(id)` followed by `if c != nil` (or `if c, _ := lookup(id); c != nil`): the
/// error only says "not found", and the nil check handles that. The same for `""` and for a
/// number compared with the zero a failure leaves.
fn result_checked_for_nil(ctx: &FileContext<'_>, statement: Node<'_>, lefts: &[Node<'_>]) -> bool {
    let names = bound_names(ctx, lefts);
    if names.is_empty() || lefts.len() < 2 {
        return false;
    }
    let compares = |condition: Option<Node<'_>>| {
        condition.is_some_and(|c| {
            let text: String = ctx.text_of(c).split_whitespace().collect();
            // A condition that is the result itself can only be a `bool`, which a failure leaves
            // `false` (`if disable, _ := strconv.ParseBool(v); disable`).
            // Not a regular expression's match: a bad pattern would then never match, unseen.
            let matches_pattern = ctx.text_of(statement).contains("regexp.");
            if !matches_pattern
                && names
                    .iter()
                    .any(|name| text == *name || text.strip_prefix('!') == Some(name))
            {
                return true;
            }
            // A string result checked for empty is the same check: `sum, _ := src.Hash(…)`
            // then `if sum == ""`; so is a number checked against the zero a failure leaves
            // (`if n, _ := strconv.ParseInt(v, 10, 64); n > 0`, `if level == 0 { return … }`).
            names.iter().any(|name| {
                [
                    "!=nil", "==nil", "==\"\"", "!=\"\"", "==0", "!=0", ">0", "<=0", "<1", ">=1",
                ]
                .iter()
                .any(|check| {
                    text.match_indices(&format!("{name}{check}"))
                        .any(|(at, m)| {
                            // `n>0` but not `n>0.5` or `n==01`: the zero ends there.
                            !text[at + m.len()..]
                                .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '.')
                                && !text[..at].ends_with(|c: char| {
                                    c.is_ascii_alphanumeric() || c == '_' || c == '.'
                                })
                        })
                })
            })
        })
    };
    // `if sm, _, _ := fetch(seq); sm != nil`, `for sm, _ = next(); sm != nil; …`
    let parent = statement.parent();
    if parent.is_some_and(|p| {
        matches!(p.kind(), "if_statement" | "for_clause")
            && [p.field("initializer"), p.field("update")]
                .iter()
                .any(|i| i.is_some_and(|i| i.id() == statement.id()))
    }) {
        return compares(parent.and_then(|p| p.field("condition")));
    }
    statement
        .next_named_sibling()
        .filter(|n| n.kind() == "if_statement")
        .is_some_and(|n| compares(n.field("condition")))
}

/// The call is given an error collector (`parseArray(v, errors, warnings)` with `errors
/// *[]error`): the callee appends its errors there before returning them.
fn collects_errors(ctx: &FileContext<'_>, call: Node<'_>) -> bool {
    crate::rules::util::call_arguments(call)
        .into_iter()
        .any(|a| {
            let a = if a.kind() == "unary_expression" {
                a.field("operand").unwrap_or(a)
            } else {
                a
            };
            a.kind() == "identifier"
                && go_declaration_hint(ctx, call, a).is_some_and(|hint| {
                    let hint: String = hint.split_whitespace().collect();
                    hint.contains("[]error")
                })
        })
}

/// Parsers whose result depends on their arguments only.
const PURE_PARSERS: &[&str] = &[
    "url.Parse",
    "url.ParseRequestURI",
    "url.ParseQuery",
    "strconv.Atoi",
    "strconv.ParseInt",
    "strconv.ParseUint",
    "strconv.ParseFloat",
    "strconv.ParseBool",
    "strconv.Unquote",
    "time.Parse",
    "time.ParseDuration",
    "net.ParseCIDR",
    "netip.ParseAddr",
    "netip.ParsePrefix",
    "regexp.Compile",
    "hex.DecodeString",
    "mail.ParseAddress",
];

/// A pure parser given only literals or constants (`url.Parse(DefaultURL)` with a `const`), or a
/// `regexp.Match*` of a constant pattern: it gives the same answer on every run, and the
/// package's tests see it.
fn has_constant_arguments(ctx: &FileContext<'_>, call: Node<'_>) -> bool {
    let callee = call.field("function").map(|f| ctx.text_of(f));
    let pure = callee.is_some_and(|f| PURE_PARSERS.contains(&f));
    let mut args = crate::rules::util::call_arguments(call);
    // `regexp.MatchString("[^a-z]", name)`: only compiling the pattern can fail.
    if callee.is_some_and(|f| {
        matches!(
            f,
            "regexp.MatchString" | "regexp.Match" | "regexp.MatchReader"
        )
    }) {
        args.truncate(1);
    } else if !pure {
        return false;
    }
    !args.is_empty()
        && args.iter().all(|a| match a.kind() {
            "interpreted_string_literal"
            | "raw_string_literal"
            | "int_literal"
            | "float_literal"
            | "rune_literal"
            | "true"
            | "false" => true,
            "identifier" => {
                let name = ctx.text_of(*a);
                ctx.nodes_of_kind("const_spec").any(|spec| {
                    let mut c = spec.walk();
                    spec.children_by_field_name("name", &mut c)
                        .any(|n| ctx.text_of(n) == name)
                })
            }
            _ => false,
        })
}

/// The comments on the lines right above `node`, without a blank line between them.
fn comment_block_above(node: Node<'_>) -> Vec<Node<'_>> {
    let mut block = Vec::new();
    let mut next_row = node.start_position().row;
    let mut comment = node.prev_named_sibling();
    while let Some(c) = comment.filter(|c| {
        crate::rules::util::is_comment_kind(c.kind()) && c.end_position().row + 1 >= next_row
    }) {
        block.push(c);
        next_row = c.start_position().row;
        comment = c.prev_named_sibling();
    }
    block
}

/// Tells what a call calls, through the file's imports and the project's declarations.
struct Resolver {
    imports: HashMap<String, String>,
    /// Module paths of the audited code (`module` lines of its `go.mod` files).
    modules: Vec<String>,
}

impl Resolver {
    fn new(ctx: &FileContext<'_>) -> Resolver {
        let modules = ctx
            .project
            .files
            .iter()
            .filter(|f| f.file_name() == "go.mod")
            .filter_map(|f| f.text())
            .filter_map(|t| {
                t.lines()
                    .find_map(|l| l.trim().strip_prefix("module "))
                    .map(|m| m.trim().trim_matches('"').to_string())
            })
            .filter(|m| !m.is_empty())
            .collect();
        Resolver {
            imports: go_imports(ctx.nodes_of_kind("import_spec"), ctx.text),
            modules,
        }
    }

    /// The callee's display name when it is known to return an error as its last result and
    /// has `results` results (when that is known).
    fn error_returning_callee(
        &self,
        ctx: &FileContext<'_>,
        call: Node<'_>,
        results: usize,
    ) -> Option<String> {
        let function = call.field("function")?;
        let facts = &ctx.project.facts.go_functions_returning_error;
        match function.kind() {
            "identifier" => {
                let name = ctx.text_of(function);
                let declared_error = facts.get(name).copied() == Some(true);
                (declared_error && !declared_locally(ctx, call, name)).then(|| name.to_string())
            }
            "selector_expression" => {
                let operand = function.field("operand")?;
                let name = ctx.text_of(function.field("field")?);
                let package = (operand.kind() == "identifier")
                    .then(|| self.imports.get(ctx.text_of(operand)))
                    .flatten();
                if let Some(path) = package
                    && !declared_locally(ctx, call, ctx.text_of(operand))
                {
                    return self.package_function(ctx, call, path, name, results);
                }
                self.method(ctx, call, operand, name, results)
            }
            _ => None,
        }
    }

    fn package_function(
        &self,
        ctx: &FileContext<'_>,
        call: Node<'_>,
        path: &str,
        name: &str,
        results: usize,
    ) -> Option<String> {
        // As the code writes it (`imap.ParseNumber`, an alias): the last segment of the import
        // path is not always the package name (`github.com/emersion/go-imap`).
        let shown = call
            .field("function")
            .map(|f| ctx.text_of(f).split_whitespace().collect::<String>())
            .unwrap_or_else(|| format!("{}.{name}", path.rsplit('/').next().unwrap_or(path)));
        let first = path.split('/').next().unwrap_or(path);
        if !first.contains('.') {
            // Standard library: only what the table knows.
            let known = STD_FUNCS
                .iter()
                .any(|(p, n, count)| *p == path && *n == name && *count == results);
            if !known {
                return None;
            }
            // `io.WriteString(os.Stderr, …)`, `io.Copy(&buf, r)`: the writer cannot fail.
            if WRITER_FIRST.contains(&(path, name)) {
                let dst = call.field("arguments").and_then(|a| a.named_child(0));
                if let Some(dst) = dst {
                    let dst = if dst.kind() == "unary_expression" {
                        dst.field("operand").unwrap_or(dst)
                    } else {
                        dst
                    };
                    let hint = go_declaration_hint(ctx, call, dst);
                    let hint = hint.as_deref().unwrap_or(ctx.text_of(dst));
                    if UNFAILING_WRITERS.iter().any(|w| hint.contains(w)) {
                        return None;
                    }
                }
            }
            return Some(shown);
        }
        let is_local = self.is_local_path(path);
        let declared_error = ctx
            .project
            .facts
            .go_functions_returning_error
            .get(name)
            .copied()
            == Some(true);
        (is_local && declared_error).then_some(shown)
    }

    fn is_local_path(&self, path: &str) -> bool {
        self.modules.iter().any(|m| {
            path == m
                || path
                    .strip_prefix(m.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
    }

    /// Whether a declaration's text names a type or function of a package outside the audited
    /// code (`time.Time`, `time.Now()`, `kv.Open(…)`).
    fn mentions_foreign_package(&self, hint: &str) -> bool {
        self.imports.iter().any(|(name, path)| {
            !self.is_local_path(path)
                && hint.match_indices(name.as_str()).any(|(i, _)| {
                    let before = hint.get(..i).and_then(|h| h.chars().next_back());
                    let after = hint.get(i + name.len()..).and_then(|h| h.chars().next());
                    after == Some('.')
                        && !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
                })
        })
    }

    fn method(
        &self,
        ctx: &FileContext<'_>,
        call: Node<'_>,
        receiver: Node<'_>,
        name: &str,
        results: usize,
    ) -> Option<String> {
        if COMMA_OK_METHODS.contains(&name) {
            return None;
        }
        let receiver_text = ctx.text_of(receiver);
        let std_counts = STD_METHODS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, counts)| *counts);
        let in_std_table = std_counts.is_some_and(|c| c.contains(&results));
        let returns_error = match ctx.project.facts.go_functions_returning_error.get(name) {
            // Declarations are known by name only: an exported method of that name on a type
            // of another package (`t.Zone()` on a `time.Time`) is someone else's.
            Some(true) => {
                name.starts_with(|c: char| c.is_ascii_lowercase())
                    || in_std_table
                    || !go_declaration_hint(ctx, call, receiver)
                        .is_some_and(|hint| self.mentions_foreign_package(&hint))
            }
            // Declared without an error: `_ = x.Close()` still calls a one-result `Close`, and a
            // local `Close()` with no result cannot be assigned, so it is another type's.
            Some(false) => std_counts == Some(&[1][..]) && results == 1,
            None => in_std_table,
        };
        if !returns_error {
            return None;
        }
        // `json.NewEncoder(w).Encode(v)` writes to `w`: judged like a write to it.
        if name == "Encode"
            && receiver.kind() == "call_expression"
            && let Some(dst) = receiver
                .field("function")
                .filter(|f| ctx.text_of(*f).ends_with("NewEncoder"))
                .and_then(|_| receiver.field("arguments"))
                .and_then(|a| a.named_child(0))
        {
            let hint = go_declaration_hint(ctx, call, dst);
            let hint = hint.as_deref().unwrap_or(ctx.text_of(dst));
            if UNFAILING_WRITERS.iter().any(|w| hint.contains(w)) {
                return None;
            }
        }
        // `enc := json.NewEncoder(buf)` then `_ = enc.Encode(v)`: the same, through the variable.
        if name == "Encode"
            && receiver.kind() == "identifier"
            && let Some(hint) = go_declaration_hint(ctx, call, receiver)
            && let Some((_, rest)) = hint.split_once("NewEncoder(")
        {
            let dst = rest
                .split([')', ','])
                .next()
                .unwrap_or("")
                .trim()
                .trim_start_matches('&');
            let is_name =
                !dst.is_empty() && dst.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            let dst_hint = if is_name {
                crate::rules::util::go_declaration_hint_of(ctx, call, dst)
            } else {
                None
            };
            let dst_hint = dst_hint.as_deref().unwrap_or(dst);
            if UNFAILING_WRITERS.iter().any(|w| dst_hint.contains(w)) {
                return None;
            }
        }
        let is_write = name.starts_with("Write") || name == "ReadFrom";
        if is_write || name == "Close" {
            let hint = go_declaration_hint(ctx, call, receiver);
            let hint = hint.as_deref().unwrap_or(receiver_text);
            if is_write
                && (UNFAILING_WRITERS.iter().any(|w| hint.contains(w))
                    || summed_as_a_hash(ctx, call, receiver_text))
            {
                return None;
            }
            // Closing a response body or a file opened read-only loses nothing.
            if name == "Close"
                && (receiver_text.ends_with("Body")
                    || hint.contains("os.Open(")
                    || hint.contains(".Body"))
            {
                return None;
            }
        }
        let shown: String = receiver_text.split_whitespace().collect();
        let shown: String = shown.chars().take(40).collect();
        Some(format!("{shown}.{name}"))
    }
}

/// A receiver the same function later sums (`h := alg.New(); _, _ = h.Write(b); h.Sum(nil)`,
/// an `*xxhash.Digest`'s `Sum64()`): a hash, whose writes cannot fail.
fn summed_as_a_hash(ctx: &FileContext<'_>, call: Node<'_>, receiver: &str) -> bool {
    if receiver.is_empty()
        || !receiver
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return false;
    }
    let Some(function) = go_enclosing_function(call) else {
        return false;
    };
    // From the write on, a bounded stretch: the `Sum` that ends the hashing follows soon.
    let mut end = (call.end_byte() + 8_192).min(function.end_byte());
    while end > call.end_byte() && !ctx.text.is_char_boundary(end) {
        end -= 1;
    }
    let code = ctx.text.get(call.end_byte()..end).unwrap_or("");
    ["Sum(", "Sum32(", "Sum64(", "Sum128("]
        .iter()
        .any(|m| code.contains(&format!("{receiver}.{m}")))
}

/// Whether `name` is a parameter or a local variable of the function around `node` (or of a
/// function enclosing it), which shadows a package or a top-level function of that name.
fn declared_locally(ctx: &FileContext<'_>, node: Node<'_>, name: &str) -> bool {
    // Asked per package call: one walk per function and name.
    thread_local! {
        static MEMO: crate::rules::util::FileMemo<bool> = Default::default();
    }
    let scope = go_enclosing_function(node).map_or(usize::MAX, |f| f.start_byte());
    crate::rules::util::remembered_in_file(&MEMO, ctx, scope, name, || {
        declared_locally_uncached(ctx, node, name)
    })
}

fn declared_locally_uncached(ctx: &FileContext<'_>, node: Node<'_>, name: &str) -> bool {
    let mut function = go_enclosing_function(node);
    while let Some(f) = function {
        let found = any_descendant(f, |n| match n.kind() {
            "parameter_declaration" | "var_spec" | "const_spec" => {
                let mut cursor = n.walk();
                n.children_by_field_name("name", &mut cursor)
                    .any(|c| ctx.text_of(c) == name)
            }
            "short_var_declaration" => list_items(n.field("left"))
                .iter()
                .any(|c| ctx.text_of(*c) == name),
            "range_clause" => list_items(n.field("left"))
                .iter()
                .any(|c| ctx.text_of(*c) == name),
            _ => false,
        });
        if found {
            return true;
        }
        function = go_enclosing_function(f);
    }
    false
}
