//! Helpers shared by the security rules: "name = value" bindings in code, `key: value` pairs in
//! config files, string values, and what a file's name says about its role.

use crate::classify::Language;
use crate::parse::FieldExt;
use crate::rules::FileContext;
pub(super) use crate::rules::util::{call_arguments, code_children};
use crate::rules::util::{is_string_kind, literal_string_value};
use tree_sitter::Node;

/// Literals one of which occurs in every file holding a secret-named key, in the spellings
/// `crate::secrets::is_secret_name` folds together (`password`, `DB_PASSWORD`, `apiKey`, …).
pub(super) const SECRET_NAME_LITERALS: &[&str] = &[
    "assw",
    "ASSW",
    "pwd",
    "Pwd",
    "PWD",
    "ecret",
    "ECRET",
    "oken",
    "OKEN",
    "_key",
    "-key",
    ".key",
    "Key",
    "_KEY",
    "-KEY",
    ".KEY",
    "pikey",
    "PIKEY",
    "redential",
    "REDENTIAL",
    "assphrase",
    "ASSPHRASE",
];

/// A value bound to a name: a variable, constant, field, object key, keyword argument or map
/// entry.
#[derive(Clone, Copy)]
pub(crate) struct Binding<'t> {
    /// The name as written (`db_password`, `apiKey`, `"client_secret"` without quotes).
    pub name: &'t str,
    /// The node that holds the name.
    pub key: Node<'t>,
    /// The bound value, with wrappers (`literal_element`, parentheses, `as` casts) removed.
    pub value: Node<'t>,
}

/// Every binding of the file, in document order. Function parameters, type annotations and
/// destructuring patterns are not bindings. Collected once per file: six rules read them.
pub(super) fn bindings<'c, 'a>(ctx: &'c FileContext<'a>) -> &'c [Binding<'a>] {
    ctx.bindings_with(collect_bindings)
}

fn collect_bindings<'a>(ctx: &FileContext<'a>) -> Vec<Binding<'a>> {
    let mut out = Vec::new();
    for (node, kind) in ctx.nodes_with_kinds() {
        match ctx.language {
            Language::Rust => rust_binding(ctx, node, kind, &mut out),
            Language::Go => go_binding(ctx, node, kind, &mut out),
            Language::Python => python_binding(ctx, node, kind, &mut out),
            l if l.is_js_family() => js_binding(ctx, node, kind, &mut out),
            _ => {}
        }
    }
    out
}

fn push<'a>(ctx: &FileContext<'a>, key: Node<'a>, value: Node<'a>, out: &mut Vec<Binding<'a>>) {
    if let Some(name) = name_of(ctx, key) {
        out.push(Binding {
            name,
            key,
            value: unwrap_value(value),
        });
    }
}

fn rust_binding<'a>(ctx: &FileContext<'a>, node: Node<'a>, kind: &str, out: &mut Vec<Binding<'a>>) {
    let (key, value) = match kind {
        "let_declaration" => (node.field("pattern"), node.field("value")),
        "const_item" | "static_item" => (node.field("name"), node.field("value")),
        "field_initializer" => (node.field("field"), node.field("value")),
        "assignment_expression" => (node.field("left").map(assign_target), node.field("right")),
        _ => return,
    };
    if let (Some(key), Some(value)) = (key, value) {
        push(ctx, key, value, out);
    }
}

fn go_binding<'a>(ctx: &FileContext<'a>, node: Node<'a>, kind: &str, out: &mut Vec<Binding<'a>>) {
    match kind {
        "short_var_declaration" | "assignment_statement" => {
            let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
                return;
            };
            let lefts = code_children(left);
            let rights = code_children(right);
            if lefts.len() == rights.len() {
                for (l, r) in lefts.into_iter().zip(rights) {
                    push(ctx, assign_target(l), r, out);
                }
            }
        }
        "var_spec" | "const_spec" => {
            let mut cursor = node.walk();
            let names: Vec<Node<'a>> = node
                .children_by_field_name("name", &mut cursor)
                .filter(|n| n.kind() == "identifier")
                .collect();
            let Some(value) = node.field("value") else {
                return;
            };
            let values = code_children(value);
            if names.len() == values.len() {
                for (n, v) in names.into_iter().zip(values) {
                    push(ctx, n, v, out);
                }
            }
        }
        "keyed_element" => {
            let (Some(key), Some(value)) = (node.field("key"), node.field("value")) else {
                return;
            };
            push(ctx, unwrap_value(key), value, out);
        }
        _ => {}
    }
}

fn python_binding<'a>(
    ctx: &FileContext<'a>,
    node: Node<'a>,
    kind: &str,
    out: &mut Vec<Binding<'a>>,
) {
    let (key, value) = match kind {
        "assignment" => (node.field("left").map(assign_target), node.field("right")),
        "keyword_argument" => (node.field("name"), node.field("value")),
        "pair" => (node.field("key"), node.field("value")),
        _ => return,
    };
    if let (Some(key), Some(value)) = (key, value) {
        push(ctx, key, value, out);
    }
}

fn js_binding<'a>(ctx: &FileContext<'a>, node: Node<'a>, kind: &str, out: &mut Vec<Binding<'a>>) {
    let (key, value) = match kind {
        "variable_declarator" | "public_field_definition" => {
            (node.field("name"), node.field("value"))
        }
        "field_definition" => (node.field("property"), node.field("value")),
        "pair" => (node.field("key"), node.field("value")),
        "assignment_expression" => (node.field("left").map(assign_target), node.field("right")),
        _ => return,
    };
    if let (Some(key), Some(value)) = (key, value) {
        push(ctx, key, value, out);
    }
}

/// The part of an assignment target that names what is assigned: `cfg.password` → `password`,
/// `cfg["password"]` → `"password"`.
fn assign_target(left: Node<'_>) -> Node<'_> {
    let field = match left.kind() {
        "field_expression" => "field",
        "selector_expression" => "field",
        "member_expression" => "property",
        "attribute" => "attribute",
        "subscript_expression" => "index",
        "subscript" => "subscript",
        "index_expression" => "index",
        _ => return left,
    };
    left.field(field).unwrap_or(left)
}

/// The name a key node spells: an identifier, or a string literal's content. `None` for
/// computed keys and patterns.
pub(super) fn name_of<'a>(ctx: &FileContext<'a>, key: Node<'a>) -> Option<&'a str> {
    match key.kind() {
        "identifier"
        | "field_identifier"
        | "property_identifier"
        | "private_property_identifier"
        | "shorthand_field_identifier"
        | "type_identifier" => Some(ctx.text_of(key).trim_start_matches('#')),
        k if is_string_kind(k) => string_value(ctx, key),
        _ => None,
    }
}

/// Removes wrappers that do not change a value: Go's `literal_element`, parentheses, TypeScript
/// `as`/`satisfies`/`!`.
pub(super) fn unwrap_value(node: Node<'_>) -> Node<'_> {
    let mut current = node;
    for _ in 0..8 {
        let next = match current.kind() {
            "literal_element"
            | "parenthesized_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression" => current.named_child(0),
            _ => None,
        };
        match next {
            Some(n) => current = n,
            None => break,
        }
    }
    current
}

/// The content of a string literal without interpolation; Go raw strings included.
pub(super) fn string_value<'a>(ctx: &FileContext<'a>, node: Node<'_>) -> Option<&'a str> {
    if !is_string_kind(node.kind()) {
        return None;
    }
    let raw = ctx.text_of(node);
    if node.kind() == "raw_string_literal" && raw.starts_with('`') {
        return raw.get(1..raw.len().saturating_sub(1));
    }
    literal_string_value(node, ctx.text)
}

/// A string literal value, also when wrapped in a conversion that keeps it: Rust
/// `"x".to_string()`, `String::from("x")`, Go `[]byte("x")`. Returns the literal node and its
/// content.
pub(super) fn literal_value<'a>(
    ctx: &FileContext<'a>,
    value: Node<'a>,
) -> Option<(Node<'a>, &'a str)> {
    let value = unwrap_value(value);
    if is_string_kind(value.kind()) {
        return string_value(ctx, value).map(|s| (value, s));
    }
    let inner = match value.kind() {
        // Rust: `"x".to_string()`, `"x".into()`, `String::from("x")`, `Secret::new("x")`.
        "call_expression" if ctx.language == Language::Rust => {
            let function = value.field("function")?;
            let args = code_children(value.field("arguments")?);
            match function.kind() {
                "field_expression" => {
                    let method = ctx.text_of(function.field("field")?);
                    let receiver = function.field("value")?;
                    (args.is_empty()
                        && matches!(method, "to_string" | "to_owned" | "into" | "as_bytes"))
                    .then_some(receiver)?
                }
                "scoped_identifier" => {
                    let name = ctx.text_of(function.field("name")?);
                    (args.len() == 1 && matches!(name, "from" | "new"))
                        .then(|| args.first().copied())
                        .flatten()?
                }
                _ => return None,
            }
        }
        // Go: `[]byte("x")`.
        "type_conversion_expression" => value.field("operand")?,
        _ => return None,
    };
    let inner = unwrap_value(inner);
    if is_string_kind(inner.kind()) {
        string_value(ctx, inner).map(|s| (inner, s))
    } else {
        None
    }
}

/// The last segment of a call's callee: `w.Header().Set` → `Set`, `cors` → `cors`,
/// `CorsLayer::permissive` → `permissive`.
pub(super) fn callee_name<'a>(ctx: &FileContext<'a>, call: Node<'_>) -> Option<&'a str> {
    let function = call
        .field("function")
        .or_else(|| call.field("constructor"))?;
    let last = match function.kind() {
        "field_expression" | "selector_expression" => function.field("field")?,
        "member_expression" => function.field("property")?,
        "attribute" => function.field("attribute")?,
        "scoped_identifier" => function.field("name")?,
        "generic_function" => function.field("function")?,
        _ => function,
    };
    Some(ctx.text_of(last))
}

/// The receiver of a method call (`res` in `res.setHeader(…)`), if the callee is a member.
pub(super) fn callee_receiver<'a>(call: Node<'a>) -> Option<Node<'a>> {
    let function = call.field("function")?;
    match function.kind() {
        "field_expression" => function.field("value"),
        "selector_expression" => function.field("operand"),
        "member_expression" | "attribute" => function.field("object"),
        "scoped_identifier" => function.field("path"),
        _ => None,
    }
}

/// Test-support packages the path classifier does not know: Go's `…test` helper packages
/// (`httptest`, `acmetest`, `eventstreamtest`) and `testutil`/`testhelpers`/`mocks`/`fakes`
/// folders in any language.
pub(super) fn is_test_support_path(rel_path: &str) -> bool {
    let lower = rel_path.to_ascii_lowercase();
    let go = lower.ends_with(".go");
    let mut dirs: Vec<&str> = lower.split('/').collect();
    dirs.pop();
    dirs.iter().any(|d| {
        matches!(
            *d,
            "testutil"
                | "testutils"
                | "testhelper"
                | "testhelpers"
                | "testsupport"
                | "mocks"
                | "mock"
                | "fakes"
                | "fake"
                | "stubs"
                | "integration_tests"
                | "internal_test"
        ) || (go && d.len() > 4 && d.ends_with("test") && !matches!(*d, "latest" | "contest"))
    })
}

/// Production code in the sense of these rules: `FileContext::is_production_code`, outside
/// test-support packages and vendored code.
pub(super) fn is_production(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    ctx.is_production_code(node)
        && !is_test_support_path(ctx.rel_path())
        && !crate::rules::util::is_vendored_path(ctx.rel_path())
}

/// Inside a branch (`if`, `elif`, ternary, `switch`/`match` case) of the enclosing function whose
/// condition or case label mentions one of `words`: the code implements a configurable switch
/// (`if not verify:`, `case 'no-verify':`), and the configuration decides, not this line.
pub(super) fn inside_branch_on(ctx: &FileContext<'_>, node: Node<'_>, words: &[&str]) -> bool {
    let mut current = node.parent();
    while let Some(n) = current {
        if matches!(
            n.kind(),
            "function_definition"
                | "function_declaration"
                | "method_declaration"
                | "func_literal"
                | "function_item"
                | "closure_expression"
                | "function_expression"
                | "arrow_function"
                | "method_definition"
                | "lambda"
        ) {
            return false;
        }
        let condition = match n.kind() {
            "if_statement" | "elif_clause" | "if_expression" | "ternary_expression" => {
                n.field("condition")
            }
            // Python `a if condition else b`.
            "conditional_expression" => n.named_child(1),
            // The label of the case holding the node: `case 'no-verify':` (JS), `case
            // "insecure":` (Go), `SslMode::NoVerify =>` (Rust), `case "skip-verify":` (Python).
            "switch_case" | "expression_case" => n.field("value"),
            "match_arm" => n.field("pattern"),
            "case_clause" => n.named_child(0),
            _ => None,
        };
        if let Some(condition) = condition {
            let text = ctx.text_of(condition).to_ascii_lowercase();
            if words.iter().any(|w| text.contains(w)) {
                return true;
            }
        }
        current = n.parent();
    }
    false
}

/// Settings for development or tests inside production files: a branch on a debug or
/// development flag (`if settings.DEBUG:`, `if (isDev)`), or a class named for it
/// (`class DevelopmentConfig`, `class TestingConfig`).
pub(super) fn in_dev_or_test_context(ctx: &FileContext<'_>, node: Node<'_>) -> bool {
    const WORDS: &[&str] = &[
        "debug", "dev", "test", "local", "example", "sample", "mock", "fake",
    ];
    if inside_branch_on(ctx, node, WORDS) {
        return true;
    }
    let mut current = node.parent();
    while let Some(n) = current {
        if matches!(n.kind(), "class_definition" | "class_declaration" | "class") {
            let name = n
                .field("name")
                .map(|c| ctx.text_of(c).to_ascii_lowercase())
                .unwrap_or_default();
            if WORDS.iter().any(|w| name.contains(w)) {
                return true;
            }
        }
        current = n.parent();
    }
    false
}

/// File name components (split on `.`, `-`, `_`), lower case.
fn name_parts(rel_path: &str) -> Vec<String> {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    name.to_ascii_lowercase()
        .split(['.', '-', '_'])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// `config.example.yaml`, `.env.sample`, `settings.template.json`, `.env.dist`.
pub(super) fn is_example_file(rel_path: &str) -> bool {
    name_parts(rel_path)
        .iter()
        .enumerate()
        .any(|(i, p)| match p.as_str() {
            "example" | "examples" | "sample" | "samples" | "tmpl" | "tpl" | "dist" => true,
            // `template.yaml` is a CloudFormation/SAM template, not an example of one.
            "template" | "templates" => i > 0,
            _ => false,
        })
}

/// Configuration of a CI pipeline (its service containers' `POSTGRES_PASSWORD: password`) or
/// of a development stack (`docker/dev/docker-compose.yml`, `dev/garage.toml`): credentials of
/// throwaway containers, like test configs.
pub(super) fn is_ci_or_dev_stack_config(project: &crate::model::Project, rel_path: &str) -> bool {
    crate::model::is_ci_file(rel_path)
        || crate::classify::in_folder(rel_path, |d| crate::classify::is_dev_folder(d) || d == "ci")
        || mounts_the_source_tree(project, rel_path.rsplit_once('/').map_or("", |(d, _)| d))
}

/// A config file in a folder (or one or two levels below it) whose README calls its files
/// examples (rustic's `config/README.md`: "Examples for different configuration files can be
/// found here"): profiles for users to copy, not a deployment's configuration.
pub(super) fn in_documented_example_folder(
    project: &crate::model::Project,
    rel_path: &str,
) -> bool {
    const SAYS: &[&str] = &[
        "examples for",
        "examples of",
        "examples how",
        "example config",
        "example profile",
        "sample config",
        "are examples",
        "these examples",
    ];
    let mut dir = rel_path.rsplit_once('/').map_or("", |(d, _)| d);
    for _ in 0..3 {
        if dir.is_empty() {
            return false;
        }
        let documented = ["README.md", "README", "README.txt", "README.rst"]
            .iter()
            .filter_map(|r| project.file(&format!("{dir}/{r}")).and_then(|f| f.text()))
            .any(|t| {
                let lower = t.to_ascii_lowercase();
                SAYS.iter().any(|s| lower.contains(s))
            });
        if documented {
            return true;
        }
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
    }
    false
}

/// A folder whose compose file mounts the repository itself into a container
/// (`- ../../:/opt/app`), or whose `dev.sh`/`start-local…` script brings it up with compose: a
/// local development stack (pict-rs's `docker/object-storage/`, lemmy's `docker/federation/`),
/// whatever the folder is called. A production compose file runs a published or built image
/// and mounts data, not the source tree.
fn mounts_the_source_tree(project: &crate::model::Project, dir: &str) -> bool {
    // Once per run: every config file of every folder asks.
    !dir.is_empty()
        && project
            .facts
            .lazy
            .dev_stack_dirs
            .get_or_init(|| {
                project
                    .files
                    .iter()
                    .filter_map(|f| {
                        let (dir, name) = f.rel_path.rsplit_once('/')?;
                        starts_dev_stack(f, name).then(|| dir.to_string())
                    })
                    .collect()
            })
            .contains(dir)
}

/// A compose file that mounts the repository itself, or a local script that runs compose.
fn starts_dev_stack(f: &crate::model::ProjectFile, name: &str) -> bool {
    let local_script = (name.starts_with("dev.")
        || name.starts_with("start-local")
        || name.starts_with("run-local"))
        && f.text()
            .is_some_and(|t| t.contains("docker-compose up") || t.contains("docker compose up"));
    let compose = (name.starts_with("docker-compose") || name.starts_with("compose"))
        && (name.ends_with(".yml") || name.ends_with(".yaml"));
    local_script
        || (compose
            && f.text().is_some_and(|t| {
                t.lines().any(|l| {
                    let item = l.trim_start().trim_start_matches('-').trim_start();
                    let item = item.trim_start_matches(['"', '\'']);
                    item.split_once(':').is_some_and(|(host, _)| {
                        let host = host.trim_end_matches('/');
                        !host.is_empty() && host.split('/').all(|seg| seg == "..")
                    })
                })
            }))
}

/// `.env.test`, `config.testing.yaml`, `application-test.yml`.
pub(super) fn is_test_named_file(rel_path: &str) -> bool {
    name_parts(rel_path).iter().any(|p| {
        matches!(
            p.as_str(),
            "test" | "tests" | "testing" | "fixture" | "fixtures" | "mock" | "mocks"
        )
    })
}

/// A `key: value` pair read from a config file line.
pub(super) struct ConfigPair<'t> {
    pub key: &'t str,
    /// The value without quotes and trailing comment.
    pub value: &'t str,
    /// Byte range of the value in the file.
    pub range: std::ops::Range<usize>,
}

/// The `key = value` pairs of a config file (TOML, YAML, JSON, .env, INI, Dockerfile `ENV`/`ARG`),
/// read line by line. Comment lines yield nothing.
pub(super) fn config_pairs<'a>(language: Language, text: &'a str) -> Vec<ConfigPair<'a>> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut yaml = YamlScope::default();
    for raw_line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        if trimmed.is_empty()
            || trimmed.starts_with('#')
            || trimmed.starts_with("//")
            || (trimmed.starts_with(';') && language == Language::Ini)
        {
            continue;
        }
        if language == Language::Yaml && !yaml.holds_settings(line) {
            continue;
        }
        let base = line_start + (line.len() - trimmed.len());
        let mut pairs: Vec<(usize, &'a str, usize, &'a str)> = Vec::new();
        match language {
            Language::Env => env_pair(trimmed, &mut pairs),
            Language::Dockerfile => dockerfile_pairs(trimmed, &mut pairs),
            Language::Yaml => yaml_pair(trimmed, &mut pairs),
            Language::Json => json_pairs(trimmed, &mut pairs),
            Language::Toml => toml_pairs(trimmed, &mut pairs),
            Language::Ini => ini_pair(trimmed, &mut pairs),
            _ => {}
        }
        for (_, key, value_at, value) in pairs {
            let start = base + value_at;
            out.push(ConfigPair {
                key,
                value,
                range: start..start + value.len(),
            });
        }
    }
    out
}

/// Position and text of a value that starts at `at` in `line`: quoted values end at the
/// closing quote, bare values at an inline comment (` #`, ` ;` when `semicolon`) or line end.
fn value_at(line: &str, at: usize, semicolon: bool) -> Option<(usize, &str)> {
    let rest = line.get(at..)?;
    let skipped = rest.len() - rest.trim_start().len();
    let rest = rest.trim_start();
    let start = at + skipped;
    let mut chars = rest.chars();
    match chars.next() {
        Some(q @ ('"' | '\'')) => {
            let body = rest.get(1..)?;
            let end = body.find(q)?;
            Some((start + 1, body.get(..end)?))
        }
        Some(_) => {
            let mut end = rest.len();
            for pat in [" #", "\t#"] {
                if let Some(i) = rest.find(pat) {
                    end = end.min(i);
                }
            }
            if semicolon {
                for pat in [" ;", "\t;"] {
                    if let Some(i) = rest.find(pat) {
                        end = end.min(i);
                    }
                }
            }
            Some((start, rest.get(..end)?.trim_end()))
        }
        None => Some((start, "")),
    }
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

type RawPair<'a> = (usize, &'a str, usize, &'a str);

fn env_pair<'a>(line: &'a str, out: &mut Vec<RawPair<'a>>) {
    let (line, shift) = match line.strip_prefix("export ") {
        Some(rest) => (rest, "export ".len()),
        None => (line, 0),
    };
    let Some(eq) = line.find('=') else { return };
    let key = line.get(..eq).unwrap_or("").trim();
    if key.is_empty() || !key.chars().all(is_key_char) {
        return;
    }
    if let Some((at, value)) = value_at(line, eq + 1, false) {
        out.push((shift, key, shift + at, value));
    }
}

fn dockerfile_pairs<'a>(line: &'a str, out: &mut Vec<RawPair<'a>>) {
    let upper: String = line
        .chars()
        .take(4)
        .collect::<String>()
        .to_ascii_uppercase();
    if upper != "ENV " && upper != "ARG " {
        return;
    }
    let rest_at = 4;
    let rest = line.get(rest_at..).unwrap_or("");
    if rest.contains('=') {
        // `ENV A=1 B="two words"`
        let bytes = rest.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let key_start = i;
            while i < bytes.len() && bytes[i] != b'=' && !bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] != b'=' {
                // `ARG NAME` without a value, or a continuation.
                continue;
            }
            let key = rest.get(key_start..i).unwrap_or("");
            i += 1;
            let value_start = i;
            let quote = bytes.get(i).copied().filter(|b| *b == b'"' || *b == b'\'');
            let (vs, ve) = if let Some(q) = quote {
                let body = value_start + 1;
                let mut j = body;
                while j < bytes.len() && bytes[j] != q {
                    j += 1;
                }
                i = (j + 1).min(bytes.len());
                (body, j)
            } else {
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                (value_start, i)
            };
            if !key.is_empty()
                && key.chars().all(is_key_char)
                && let Some(value) = rest.get(vs..ve)
            {
                out.push((rest_at + key_start, key, rest_at + vs, value));
            }
        }
    } else {
        // `ENV NAME value`
        let trimmed = rest.trim_start();
        let key_at = rest_at + (rest.len() - trimmed.len());
        let Some(space) = trimmed.find(char::is_whitespace) else {
            return;
        };
        let key = trimmed.get(..space).unwrap_or("");
        if key.chars().all(is_key_char)
            && let Some((at, value)) = value_at(line, key_at + space, false)
        {
            out.push((key_at, key, at, value));
        }
    }
}

/// Where a YAML line stands, read line by line: inside a block scalar (`description: |`), whose
/// lines are text, or under an `example`/`examples` key (OpenAPI, JSON Schema), whose values
/// illustrate a request rather than configure anything.
#[derive(Default)]
struct YamlScope<'a> {
    /// The keys enclosing the current line, with the column of each.
    keys: Vec<(usize, &'a str)>,
    /// Lines indented deeper than this column belong to a block scalar.
    block_scalar_above: Option<usize>,
}

impl<'a> YamlScope<'a> {
    /// Reads one non-blank, non-comment line; false when its pairs are not settings.
    fn holds_settings(&mut self, line: &'a str) -> bool {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = self.block_scalar_above {
            if indent > parent {
                return false;
            }
            self.block_scalar_above = None;
        }
        if line.starts_with("---") || line.starts_with("...") {
            self.keys.clear();
            return true;
        }
        // `- - key: value`: the key's column is after the dashes.
        let mut column = indent;
        let mut rest = line.trim_start_matches(' ');
        let mut listed = false;
        while let Some(r) = rest
            .strip_prefix('-')
            .filter(|r| r.is_empty() || r.starts_with(' '))
        {
            let r2 = r.trim_start_matches(' ');
            column += rest.len() - r2.len();
            rest = r2;
            listed = true;
        }
        while self.keys.last().is_some_and(|(c, _)| *c >= column) {
            self.keys.pop();
        }
        let (key, value) = match rest.split_once(':') {
            Some((k, v)) if v.is_empty() || v.starts_with([' ', '\t']) => {
                (Some(k.trim_matches(['"', '\''])), v.trim())
            }
            _ => (None, rest),
        };
        let value = value.split(" #").next().unwrap_or("").trim();
        if value.starts_with(['|', '>']) {
            // The block's text is indented deeper than its key (or the dash of a list item).
            self.block_scalar_above = Some(if key.is_some() || !listed {
                column
            } else {
                indent
            });
        }
        let inside_example = self.keys.iter().any(|(_, k)| is_example_key(k));
        if let Some(key) = key {
            self.keys.push((column, key));
        }
        !inside_example
    }
}

fn is_example_key(key: &str) -> bool {
    matches!(key, "example" | "examples" | "x-example" | "x-examples")
}

fn yaml_pair<'a>(line: &'a str, out: &mut Vec<RawPair<'a>>) {
    let mut at = 0;
    let mut rest = line;
    while let Some(r) = rest.strip_prefix("- ") {
        let r2 = r.trim_start();
        at += rest.len() - r2.len();
        rest = r2;
    }
    let listed = at > 0;
    // Compose list entries in quotes: `- "KEY=value"`.
    if listed
        && let Some(q @ ('"' | '\'')) = rest.chars().next()
        && let Some(inner) = rest
            .get(1..)
            .and_then(|b| b.find(q).and_then(|e| b.get(..e)))
        && let Some(eq) = inner.find('=')
        && !inner.contains(": ")
    {
        let key = inner.get(..eq).unwrap_or("");
        let value = inner.get(eq + 1..).unwrap_or("");
        if !key.is_empty() && key.chars().all(is_key_char) {
            out.push((at + 1, key, at + 2 + eq, value));
        }
        return;
    }
    // `key: value`, `"key": value`
    let (key, after_key) = if let Some(q @ ('"' | '\'')) = rest.chars().next() {
        let Some(end) = rest.get(1..).and_then(|b| b.find(q)) else {
            return;
        };
        (rest.get(1..end + 1).unwrap_or(""), end + 2)
    } else {
        let end = rest
            .find(|c: char| c == ':' || c.is_whitespace() || c == '=')
            .unwrap_or(rest.len());
        (rest.get(..end).unwrap_or(""), end)
    };
    if key.is_empty() || !key.chars().all(|c| is_key_char(c) || c == ' ') {
        return;
    }
    let tail = rest.get(after_key..).unwrap_or("");
    if let Some(value_part) = tail.strip_prefix(':') {
        if !value_part.is_empty() && !value_part.starts_with([' ', '\t']) {
            return;
        }
        let value_at_line = at + after_key + 1;
        if let Some((vat, value)) = value_at(line, value_at_line, false) {
            if value.is_empty() || value.starts_with(['|', '>', '&', '*', '!', '[', '{']) {
                return;
            }
            out.push((at, key, vat, value));
        }
    } else if listed && tail.starts_with('=') {
        // Compose `environment:` list entries: `- KEY=value`.
        if let Some((vat, value)) = value_at(line, at + after_key + 1, false) {
            out.push((at, key, vat, value));
        }
    }
}

fn json_pairs<'a>(line: &'a str, out: &mut Vec<RawPair<'a>>) {
    // `"key": "value"` pairs, several per line allowed; values that are not strings are skipped.
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let Some(key_end) = json_string_end(bytes, i) else {
            return;
        };
        let key = line.get(i + 1..key_end).unwrap_or("");
        let mut j = key_end + 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b':' {
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'"' {
                let Some(value_end) = json_string_end(bytes, j) else {
                    return;
                };
                if let Some(value) = line.get(j + 1..value_end) {
                    out.push((i + 1, key, j + 1, value));
                }
                i = value_end + 1;
                continue;
            }
        }
        i = key_end + 1;
    }
}

/// Index of the closing quote of the JSON string opening at `start`.
fn json_string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut j = start + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'"' => return Some(j),
            _ => j += 1,
        }
    }
    None
}

fn toml_pairs<'a>(line: &'a str, out: &mut Vec<RawPair<'a>>) {
    if line.starts_with('[') {
        return;
    }
    // `key = value` and inline tables `{ user = "a", password = "b" }`.
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Read a key.
        while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'{' || bytes[i] == b',') {
            i += 1;
        }
        let key_start = i;
        let quoted = bytes.get(i).copied().filter(|b| *b == b'"' || *b == b'\'');
        let (ks, ke) = if let Some(q) = quoted {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != q {
                j += 1;
            }
            i = j + 1;
            (key_start + 1, j)
        } else {
            while i < bytes.len() && (is_key_char(bytes[i] as char)) {
                i += 1;
            }
            (key_start, i)
        };
        let key = line.get(ks..ke.min(line.len())).unwrap_or("");
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        if key.is_empty() || i >= bytes.len() || bytes[i] != b'=' {
            return;
        }
        i += 1;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        match bytes.get(i).copied() {
            Some(q @ (b'"' | b'\'')) => {
                let body = i + 1;
                let mut j = body;
                while j < bytes.len() && bytes[j] != q {
                    if bytes[j] == b'\\' && q == b'"' {
                        j += 1;
                    }
                    j += 1;
                }
                if let Some(value) = line.get(body..j.min(line.len())) {
                    out.push((ks, key, body, value));
                }
                i = j + 1;
            }
            Some(b'{') => {
                // Inline table: read its keys.
                i += 1;
                continue;
            }
            _ => {
                // Numbers, booleans, arrays: not string values; skip to the next key.
                let mut depth = 0i32;
                while i < bytes.len() {
                    match bytes[i] {
                        b'[' | b'{' => depth += 1,
                        b']' | b'}' => depth -= 1,
                        b',' if depth <= 0 => break,
                        _ => {}
                    }
                    i += 1;
                }
            }
        }
        while i < bytes.len() && bytes[i] != b',' {
            if bytes[i] == b'#' {
                return;
            }
            i += 1;
        }
    }
}

fn ini_pair<'a>(line: &'a str, out: &mut Vec<RawPair<'a>>) {
    if line.starts_with('[') {
        return;
    }
    let sep = line.find('=').or_else(|| line.find(':'));
    let Some(sep) = sep else { return };
    let key = line.get(..sep).unwrap_or("").trim();
    if key.is_empty() || !key.chars().all(is_key_char) {
        return;
    }
    if let Some((at, value)) = value_at(line, sep + 1, true) {
        out.push((0, key, at, value));
    }
}

/// Values that cannot be a secret, whatever the key says: booleans and null words, numbers,
/// sentences, paths and plain URLs, templates, identifiers that name a secret (`"access_token"`,
/// `"X-Api-Key"`, `"GITHUB_TOKEN"`), single capitalised words (UI labels and translations) and
/// very short values. Placeholders and references are judged separately.
pub(super) fn is_non_secret_value(value: &str) -> bool {
    // Line-protocol markers end in an escaped line break (`b'READY\n'`): it is framing, not a
    // character of the value.
    let mut v = value.trim();
    while let Some(rest) = ["\\r", "\\n", "\\t", "\\0"]
        .iter()
        .find_map(|e| v.strip_suffix(e).or_else(|| v.strip_prefix(e)))
    {
        v = rest.trim();
    }
    if v.chars().count() < MIN_SECRET_LEN {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "null",
        "none",
        "nil",
        "undefined",
        "inherit",
        "required",
        "optional",
        "enabled",
        "disabled",
        "auto",
        "hidden",
        "masked",
        "string",
        "boolean",
        "number",
        "integer",
        "bearer",
        "basic",
        "digest",
        "plain",
        "plaintext",
        "base64",
        "random",
        "unknown",
        "invalid",
        "missing",
        "empty",
        "sha256",
        "sha512",
        "argon2",
        "bcrypt",
        "scrypt",
        "pbkdf2",
        "password",
        "secret",
        "token",
    ];
    if WORDS.contains(&lower.as_str()) {
        return true;
    }
    // Sentences, numbers, dates and versions, and words or names without a digit or symbol
    // (`position`, `NextMarker`, `DistributionList.NextMarker`, `_sa_default`).
    if v.chars().any(char::is_whitespace)
        || v.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '_')
        || v.chars()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, '.' | '-' | '_' | ':' | '/' | ','))
        || (v.starts_with(['v', 'V'])
            && v.len() > 1
            && v.get(1..)
                .is_some_and(|r| r.chars().all(|c| c.is_ascii_digit() || c == '.')))
        || !v.is_ascii()
    {
        return true;
    }
    // A namespace in the shape of a Go import path (`github.com/jcmturner/gokrb5/v8/ctxCredentials`,
    // a context key): a host name, then path segments.
    if let Some((host, path)) = v.split_once('/') {
        let host_like = host.contains('.')
            && host.split('.').all(|l| {
                !l.is_empty()
                    && l.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            })
            && host
                .rsplit('.')
                .next()
                .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_lowercase()));
        let segments_ok = path.split('/').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '~'))
        });
        if host_like && segments_ok {
            return true;
        }
    }
    // Paths, URLs without credentials, templates and format strings.
    // Regular expressions: `[^\W\d]\w*`, `(?=\s)`.
    if ["\\w", "\\d", "\\s", "\\b", "[^", "(?", ".*", ".+"]
        .iter()
        .any(|m| v.contains(m))
    {
        return true;
    }
    // A character class with a range (`[!#$%&'*+.^_|~0-9a-zA-Z]+`, HTTP's token grammar), or
    // only punctuation (`!#$%&'*+-.^_|~`): a pattern or a character set, not a credential.
    let has_range_class = v.split('[').skip(1).any(|inside| {
        inside
            .split(']')
            .next()
            .is_some_and(|class| ["0-9", "a-z", "A-Z"].iter().any(|r| class.contains(r)))
    });
    if has_range_class || !v.chars().any(|c| c.is_ascii_alphanumeric()) {
        return true;
    }
    if v.starts_with(['/', '~', '.', '$'])
        || v.contains("::")
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("file:")
        || v.contains("${")
        || v.contains("{{")
        || v.contains("<%")
        || v.contains("%s")
        || v.contains("%d")
        || v.contains("%(")
        || (v.contains('{') && v.contains('}'))
    {
        return true;
    }
    const FILE_ENDINGS: &[&str] = &[
        ".pem", ".key", ".crt", ".cer", ".p12", ".pfx", ".jks", ".json", ".txt", ".yaml", ".yml",
        ".toml", ".env", ".conf", ".cfg", ".ini", ".gpg", ".asc",
    ];
    if FILE_ENDINGS.iter().any(|e| lower.ends_with(e)) && v.contains(['/', '.']) {
        return true;
    }
    // A reference to a file in a repository or store: `owner/repo#assets/credentials`.
    if v.contains('/')
        && v.split(['/', '#', ':', '@']).all(|seg| {
            seg.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_')
            })
        })
    {
        return true;
    }
    // One character repeated.
    let first = v.chars().next().unwrap_or(' ');
    if v.chars().all(|c| c == first) {
        return true;
    }
    let identifier_like = v
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'));
    if identifier_like {
        // An environment variable's name: `GITHUB_TOKEN`, `DB_PASSWORD`.
        let env_name = v.contains('_')
            && v.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        // A key, header or field name that itself names a secret: `access_token`, `X-Api-Key`,
        // `auth.password`, `session:token`.
        let names_secret = v.split(':').any(crate::secrets::is_secret_name);
        // A single capitalised word: a label or a translation (`Passwort`, `Token`).
        let mut chars = v.chars();
        let capitalised = chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.all(|c| c.is_ascii_lowercase());
        // A header name: `X-Amz-Security-Token-TTL-2`.
        let header = lower.starts_with("x-");
        if env_name || names_secret || capitalised || header {
            return true;
        }
    }
    false
}

/// Shorter values are too short to be a credential worth reporting (`root`, `test`, `pass`).
pub(super) const MIN_SECRET_LEN: usize = 6;

/// Paths of translation files (`locales/de.json`, `i18n/fr.yaml`, `en-US.json`): their values
/// are labels such as `"password": "Passwort"`.
pub(super) fn is_translation_file(rel_path: &str) -> bool {
    let lower = rel_path.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    let name = parts.pop().unwrap_or("");
    if parts.iter().any(|p| {
        matches!(
            *p,
            "locale"
                | "locales"
                | "i18n"
                | "l10n"
                | "lang"
                | "langs"
                | "language"
                | "languages"
                | "translations"
                | "messages"
                | "intl"
        )
    }) {
        return true;
    }
    let stem = name.split('.').next().unwrap_or("");
    let mut segments = stem.split(['-', '_']);
    let first = segments.next().unwrap_or("");
    let rest: Vec<&str> = segments.collect();
    const LANGUAGES: &[&str] = &[
        "ar", "bg", "ca", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr", "he", "hi",
        "hr", "hu", "it", "ja", "ko", "lt", "lv", "ms", "nb", "nl", "pl", "pt", "ro", "ru", "sk",
        "sl", "sv", "th", "tr", "uk", "vi", "zh",
    ];
    LANGUAGES.contains(&first) && rest.len() <= 1 && rest.iter().all(|r| (2..=4).contains(&r.len()))
}

/// Where an URL and its password are in the text searched.
pub(super) struct UrlRanges {
    pub url: std::ops::Range<usize>,
    pub password: std::ops::Range<usize>,
}

static URL_WITH_PASSWORD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    // A literal pattern, exercised by the tests below.
    regex::Regex::new(
        r"(?i)\b([a-z][a-z0-9+.\-]*)://([^\s:/@'\x22`]*):([^\s@/'\x22`]+)@([^\s/:?#'\x22`]+)",
    )
    .expect("static URL pattern")
});

/// An URL with a real-looking embedded password (`postgres://app:Zx81kq@db.internal/app`):
/// returns the scheme and the byte ranges of the URL and of its password in `text`. Placeholders, references,
/// templates, the user's name repeated, and local or example hosts are not reported.
pub(super) fn url_with_password(text: &str) -> Option<(&str, UrlRanges)> {
    for cap in URL_WITH_PASSWORD.captures_iter(text) {
        let (Some(all), Some(scheme), Some(user), Some(password), Some(host)) =
            (cap.get(0), cap.get(1), cap.get(2), cap.get(3), cap.get(4))
        else {
            continue;
        };
        let pw = password.as_str();
        let pw_lower = pw.to_ascii_lowercase();
        let host = host.as_str().to_ascii_lowercase();
        const DUMMY: &[&str] = &[
            "pass",
            "password",
            "passwd",
            "pwd",
            "secret",
            "user",
            "username",
            "test",
            "example",
            "pw",
            "pass123",
            "password123",
            "foo",
            "bar",
            "foobar",
        ];
        let fake_password = DUMMY.contains(&pw_lower.as_str())
            || pw == user.as_str()
            || crate::secrets::is_placeholder_value(pw)
            || crate::secrets::is_reference_value(pw)
            || pw.contains(['$', '{', '}', '<', '>', '%', '*', '+'])
            // Regular-expression syntax (`ssh://(?:[^@]*@)?…`): a pattern for URLs, not one.
            // Userinfo cannot hold these characters unencoded.
            || pw.contains(['[', ']', '^', '(', ')', '\\'])
            || user.as_str().contains(['[', ']', '^', '(', ')', '\\'])
            || pw.chars().all(|c| c == 'x' || c == 'X');
        let local_host = matches!(
            host.as_str(),
            "localhost" | "0.0.0.0" | "host" | "hostname" | "server" | "example" | "domain"
        ) || host.starts_with("127.")
            || host.starts_with("example.")
            || host.contains(".example.")
            || host.ends_with(".example")
            || host.ends_with(".invalid")
            || host.ends_with(".test")
            || host.ends_with(".localhost")
            || host.contains(['$', '{', '<', '%']);
        if fake_password || local_host {
            continue;
        }
        return Some((
            scheme.as_str(),
            UrlRanges {
                url: all.start()..all.end(),
                password: password.start()..password.end(),
            },
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(language: Language, text: &str) -> Vec<(String, String)> {
        config_pairs(language, text)
            .into_iter()
            .map(|p| {
                assert_eq!(&text[p.range.clone()], p.value);
                (p.key.to_string(), p.value.to_string())
            })
            .collect()
    }

    fn owned(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn env_and_dockerfile() {
        assert_eq!(
            pairs(
                Language::Env,
                "# c\nexport A=1\nB=\"two words\" # c\nC=x #y\n"
            ),
            owned(&[("A", "1"), ("B", "two words"), ("C", "x")])
        );
        assert_eq!(
            pairs(
                Language::Dockerfile,
                "FROM x\nENV A=1 B=\"x y\"\nENV C value here\nARG D\nARG E=e\n"
            ),
            owned(&[("A", "1"), ("B", "x y"), ("C", "value here"), ("E", "e")])
        );
    }

    #[test]
    fn yaml_json_toml_ini() {
        assert_eq!(
            pairs(
                Language::Yaml,
                "a:\n  b: 'q' # c\n  - c: d\n  - E=f\n  g: |\n  \"h\": i\nurl: http://x\n  - \"K=v w\"\n"
            ),
            owned(&[
                ("b", "q"),
                ("c", "d"),
                ("E", "f"),
                ("h", "i"),
                ("url", "http://x"),
                ("K", "v w")
            ])
        );
        assert_eq!(
            pairs(Language::Json, r#"{"a": "b", "c": 1, "d": "e\"f"}"#),
            owned(&[("a", "b"), ("d", r#"e\"f"#)])
        );
        assert_eq!(
            pairs(
                Language::Toml,
                "[x]\na = \"b\"\nc = 1\ndb = { user = \"u\", password = 'p' } # c\n"
            ),
            owned(&[("a", "b"), ("user", "u"), ("password", "p")])
        );
        assert_eq!(
            pairs(Language::Ini, "[s]\n; c\na = b ; c\nc: d\n"),
            owned(&[("a", "b"), ("c", "d")])
        );
    }

    #[test]
    fn yaml_block_scalars_and_examples_hold_no_settings() {
        let text = "a:\n  d: |\n    k: in-block\n\n    j: still\n  e: after\n- >-\n  l: listed\n- f: g\nex:\n  example:\n    p: q\n  r: s\n---\nexamples: x\nt: u\n";
        assert_eq!(
            pairs(Language::Yaml, text),
            owned(&[
                ("e", "after"),
                ("f", "g"),
                ("r", "s"),
                ("examples", "x"),
                ("t", "u")
            ])
        );
    }

    #[test]
    fn values() {
        for no in [
            "",
            "abc",
            "true",
            "8080",
            "Enter your password",
            "/run/secrets/db",
            "GITHUB_TOKEN",
            "access_token",
            "X-Api-Key",
            "Passwort",
            "${DB_PASSWORD}",
            "{password}",
            "inherit",
            "auth.password",
            "https://auth.example.com/token",
            "xxxxxxxx",
            // gunicorn's HTTP token grammar and its special characters.
            "[!#$%&'*+\\-.^_`|~0-9a-zA-Z]+",
            "!#$%&'*+-.^_`|~",
        ] {
            assert!(is_non_secret_value(no), "{no}");
        }
        for yes in [
            "hunter22",
            "s3cr3t-Value",
            "django-insecure-9x!k2",
            "Zx9!wq2LmR",
            // Brackets and a dash in a password are not a character class with a range.
            "p[a-9]Qx!7",
            "x-z9[Q]w!2",
        ] {
            assert!(!is_non_secret_value(yes), "{yes}");
        }
    }

    #[test]
    fn urls() {
        assert!(url_with_password("postgres://app:Zx81kqP@db.internal:5432/app").is_some());
        assert!(url_with_password("redis://:Zx81kqP@cache:6379").is_some());
        for no in [
            "postgres://user:password@db/app",
            "postgres://app:${DB_PASSWORD}@db/app",
            "postgres://app:Zx81kqP@localhost/app",
            "postgres://postgres:postgres@db/app",
            "https://example.com/a:b@c",
            "mysql://root:<password>@db/app",
            r"ssh://(?:[^@]*@)?([^.]*).git.sourceforge.net/gitroot/(?P<repo>.*)$",
        ] {
            assert!(url_with_password(no).is_none(), "{no}");
        }
    }

    #[test]
    fn translations() {
        assert!(is_translation_file("src/locales/de.json"));
        assert!(is_translation_file("public/language/en-GB/register.json"));
        assert!(is_translation_file("public/en-US.json"));
        assert!(!is_translation_file("config/app.json"));
        assert!(!is_translation_file("config/db.yml"));
    }

    #[test]
    fn file_names() {
        assert!(is_example_file(".env.example"));
        assert!(is_example_file("config/settings.sample.yaml"));
        assert!(is_example_file("app.template.json"));
        assert!(!is_example_file("config/production.yaml"));
        assert!(!is_example_file("template.yaml"));
        assert!(is_example_file(".env.template"));
        assert!(is_test_named_file(".env.test"));
        assert!(is_test_named_file("application-test.yml"));
        assert!(!is_test_named_file("latest.yaml"));
        assert!(is_test_support_path("internal/acmetest/ca.go"));
        assert!(is_test_support_path("src/testutil/server.ts"));
        assert!(!is_test_support_path("docs/latest/main.go"));
        assert!(!is_test_support_path("pkg/server/server.go"));
    }
}
