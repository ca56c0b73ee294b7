//! Functions found by name, in every code language: declarations, methods, and anonymous
//! functions bound to a name (`const verifyClient = () => true`, `CheckOrigin: func(...) {...}`,
//! `check_origin = lambda o: True`, `let allowed = |u| true;`). Shared by the security rules that
//! judge a function by what its name promises.

use crate::classify::Language;
use crate::parse::FieldExt;
use crate::rules::FileContext;
use crate::rules::util::ancestor_of_kind;
use tree_sitter::Node;

/// A function with the name it is known by.
pub(super) struct NamedFunction<'t> {
    /// The name as written (quotes removed for object keys).
    pub name: &'t str,
    /// The node holding the name: findings point at its line.
    pub name_node: Node<'t>,
    /// The function node itself.
    pub function: Node<'t>,
    /// The body: a block, or an expression for expression-bodied closures, arrows and lambdas.
    pub body: Node<'t>,
    /// Parameters other than `self`/`cls`.
    pub params: usize,
    /// The enclosing class, impl type or Go receiver type, when there is one.
    pub container: Option<&'t str>,
    /// A Rust trait's default method, a Python `@abstractmethod`, or a method of an abstract
    /// class: an overridable default, not a decision.
    pub overridable_default: bool,
}

/// Node kinds that open a new function scope, in every supported grammar.
pub(super) fn is_function_kind(kind: &str) -> bool {
    matches!(
        kind,
        "function_item"
            | "closure_expression"
            | "function_declaration"
            | "method_declaration"
            | "func_literal"
            | "function_expression"
            | "function"
            | "arrow_function"
            | "method_definition"
            | "generator_function_declaration"
            | "generator_function"
            | "function_definition"
            | "lambda"
    )
}

/// Every named function of the file, in document order.
pub(super) fn named_functions<'t>(ctx: &FileContext<'t>) -> Vec<NamedFunction<'t>> {
    let mut out = Vec::new();
    for (node, kind) in ctx.nodes_with_kinds() {
        let found = match ctx.language {
            Language::Rust => rust_function(ctx, node, kind),
            Language::Go => go_function(ctx, node, kind),
            Language::Python => python_function(ctx, node, kind),
            l if l.is_js_family() => js_function(ctx, node, kind),
            _ => None,
        };
        if let Some(f) = found {
            out.push(f);
        }
    }
    out
}

fn make<'t>(
    ctx: &FileContext<'t>,
    name_node: Node<'t>,
    function: Node<'t>,
    body: Node<'t>,
) -> NamedFunction<'t> {
    let raw = ctx.text_of(name_node);
    let name = raw.trim_matches(|c| c == '"' || c == '\'' || c == '`');
    NamedFunction {
        name,
        name_node,
        function,
        body,
        params: count_params(ctx, function),
        container: None,
        overridable_default: false,
    }
}

fn rust_function<'t>(
    ctx: &FileContext<'t>,
    node: Node<'t>,
    kind: &str,
) -> Option<NamedFunction<'t>> {
    let (name_node, body) = match kind {
        "function_item" => (node.field("name")?, node.field("body")?),
        "closure_expression" => {
            let parent = node.parent()?;
            let name_node = match parent.kind() {
                "let_declaration" => parent
                    .field("pattern")
                    .filter(|p| p.kind() == "identifier")?,
                "field_initializer" => parent.field("field")?,
                "assignment_expression" => last_name_of(parent.field("left")?)?,
                _ => return None,
            };
            (name_node, node.field("body")?)
        }
        _ => return None,
    };
    let mut f = make(ctx, name_node, node, body);
    if node.kind() == "function_item"
        && let Some(owner) = ancestor_of_kind(node, &["impl_item", "trait_item"])
    {
        if owner.kind() == "trait_item" {
            f.overridable_default = true;
        } else if let Some(t) = owner.field("type") {
            let text = ctx.text_of(t);
            f.container = Some(text.split('<').next().unwrap_or(text).trim());
        }
    }
    Some(f)
}

fn go_function<'t>(ctx: &FileContext<'t>, node: Node<'t>, kind: &str) -> Option<NamedFunction<'t>> {
    match kind {
        "function_declaration" | "method_declaration" => {
            let name = node.field("name")?;
            let body = node.field("body")?;
            let mut f = make(ctx, name, node, body);
            if let Some(receiver) = node.field("receiver") {
                let text = ctx.text_of(receiver);
                // `(s *Server)` or `(Server)`: the last word, without `*` and type arguments.
                let inner = text.trim_matches(|c| c == '(' || c == ')');
                let ty = inner.split_whitespace().last().unwrap_or("");
                let ty = ty.trim_start_matches('*');
                f.container = Some(ty.split('[').next().unwrap_or(ty));
            }
            Some(f)
        }
        "func_literal" => {
            let body = node.field("body")?;
            let parent = node.parent()?;
            let name_node = match parent.kind() {
                "literal_element" => {
                    let keyed = parent.parent().filter(|p| p.kind() == "keyed_element")?;
                    if keyed.field("value") != Some(parent) {
                        return None;
                    }
                    let key = keyed.field("key")?;
                    key.named_child(0).unwrap_or(key)
                }
                "expression_list" => {
                    let holder = parent.parent()?;
                    let index = child_index(parent, node)?;
                    match holder.kind() {
                        "short_var_declaration" | "assignment_statement" => {
                            let left = holder.field("left")?;
                            last_name_of(left.named_child(u32::try_from(index).ok()?)?)?
                        }
                        "var_spec" | "const_spec" => {
                            let mut cursor = holder.walk();
                            let names: Vec<Node<'t>> =
                                holder.children_by_field_name("name", &mut cursor).collect();
                            *names.get(index)?
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            };
            Some(make(ctx, name_node, node, body))
        }
        _ => None,
    }
}

fn js_function<'t>(ctx: &FileContext<'t>, node: Node<'t>, kind: &str) -> Option<NamedFunction<'t>> {
    let name_node = match kind {
        "function_declaration" | "generator_function_declaration" | "method_definition" => {
            node.field("name")?
        }
        "arrow_function" | "function_expression" | "function" | "generator_function" => {
            let parent = node.parent()?;
            match parent.kind() {
                "variable_declarator" => {
                    parent.field("name").filter(|n| n.kind() == "identifier")?
                }
                "pair" => parent.field("key")?,
                "assignment_expression" => last_name_of(parent.field("left")?)?,
                "public_field_definition" | "field_definition" => {
                    parent.field("name").or_else(|| parent.field("property"))?
                }
                _ => return None,
            }
        }
        _ => return None,
    };
    let body = node.field("body")?;
    let mut f = make(ctx, name_node, node, body);
    if let Some(class) = ancestor_of_kind(
        node,
        &["class_declaration", "class", "abstract_class_declaration"],
    ) {
        f.container = class.field("name").map(|n| ctx.text_of(n));
        f.overridable_default = class.kind() == "abstract_class_declaration";
    }
    Some(f)
}

fn python_function<'t>(
    ctx: &FileContext<'t>,
    node: Node<'t>,
    kind: &str,
) -> Option<NamedFunction<'t>> {
    let name_node = match kind {
        "function_definition" => node.field("name")?,
        "lambda" => {
            let parent = node.parent()?;
            match parent.kind() {
                "assignment" => last_name_of(parent.field("left")?)?,
                "keyword_argument" => parent.field("name")?,
                _ => return None,
            }
        }
        _ => return None,
    };
    let body = node.field("body")?;
    let mut f = make(ctx, name_node, node, body);
    if node.kind() == "function_definition" {
        if let Some(class) = ancestor_of_kind(node, &["class_definition"]) {
            f.container = class.field("name").map(|n| ctx.text_of(n));
            // Methods of an ABC or a Protocol are defaults or interface documentation.
            let bases = class
                .field("superclasses")
                .map(|b| ctx.text_of(b))
                .unwrap_or("");
            // zope/ckan plugin `Interface`s document what implementations may do.
            if bases
                .split(['(', ')', ',', ' ', '\n'])
                .map(|b| b.rsplit('.').next().unwrap_or(b))
                .any(|b| matches!(b, "ABC" | "Protocol" | "metaclass=ABCMeta" | "Interface"))
            {
                f.overridable_default = true;
            }
            // A standard-library server hook whose own default already accepts every request
            // (`socketserver.BaseServer.verify_request`): an override restates it.
            let stdlib_server = ["socketserver.", "wsgiref.", "http.server."]
                .iter()
                .any(|m| bases.contains(m));
            if stdlib_server && f.name == "verify_request" {
                f.overridable_default = true;
            }
        }
        if let Some(decorated) = node.parent().filter(|p| p.kind() == "decorated_definition") {
            let mut cursor = decorated.walk();
            f.overridable_default |= decorated
                .named_children(&mut cursor)
                .filter(|c| c.kind() == "decorator")
                .any(|d| ctx.text_of(d).contains("abstractmethod"));
        }
        // A hook whose docstring invites subclasses to override it ("Subclasses can override
        // this method to disallow…"): the permissive default is documented as the extension
        // point, and the decision is the subclass's.
        let docstring = crate::rules::util::python_docstring(ctx, node);
        if f.container.is_some() && docstring.is_some_and(invites_override) {
            f.overridable_default = true;
        }
    }
    Some(f)
}

/// Docstring wording that makes a method an extension point: "subclasses can override this",
/// "override this method", "meant to be overridden".
fn invites_override(doc: &str) -> bool {
    static INVITES: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\bsub-?class(?:es)?\b[^.]{0,40}\boverrid|\boverride\s+this\b|\bto\s+be\s+overridden\b|\bwhen\s+implemented\b|\bplugins?\s+(?:can|may|should)\s+implement\b",
        )
        .ok()
    });
    INVITES.as_ref().is_some_and(|re| re.is_match(doc))
}

/// The identifier a target names: `x`, `obj.field`, `up.CheckOrigin`, `self.x`.
fn last_name_of(target: Node<'_>) -> Option<Node<'_>> {
    match target.kind() {
        "identifier" | "field_identifier" | "property_identifier" => Some(target),
        "field_expression" => target.field("field"),
        "selector_expression" => target.field("field"),
        "member_expression" => target.field("property"),
        "attribute" => target.field("attribute"),
        _ => None,
    }
}

fn child_index(parent: Node<'_>, child: Node<'_>) -> Option<usize> {
    let mut cursor = parent.walk();
    parent
        .named_children(&mut cursor)
        .position(|c| c.id() == child.id())
}

fn count_params(ctx: &FileContext<'_>, function: Node<'_>) -> usize {
    let Some(params) = function
        .field("parameters")
        .or_else(|| function.field("parameter"))
    else {
        return 0;
    };
    if params.kind() == "identifier" {
        // `x => ...`
        return 1;
    }
    let mut cursor = params.walk();
    params
        .named_children(&mut cursor)
        .filter(|p| {
            let kind = p.kind();
            let text = ctx.text_of(*p);
            !(kind == "self_parameter"
                || kind.contains("comment")
                || kind == "attribute_item"
                || (kind == "identifier" && (text == "self" || text == "cls")))
        })
        .count()
}

/// Lower-case words of an identifier: `CheckOrigin` → `check`, `origin`; `is_authorized` →
/// `is`, `authorized`; `HTTPServer` → `http`, `server`.
pub(super) fn split_words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_uppercase() && !current.is_empty() {
            let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let boundary = prev.is_some_and(|p| {
                p.is_lowercase() || p.is_ascii_digit() || (p.is_uppercase() && next_lower)
            });
            if boundary {
                words.push(std::mem::take(&mut current));
            }
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Names that say the permissive behaviour is the point: `AllowAll`, `NoopAuthorizer`,
/// `InsecureVerifier`, `DummyPolicy`, `BasePermission`, `DefaultChecker`, test doubles.
pub(super) fn is_deliberately_permissive(name: &str) -> bool {
    let words = split_words(name);
    const MARKERS: &[&str] = &[
        "noop",
        "nop",
        "null",
        "dummy",
        "fake",
        "mock",
        "stub",
        "permissive",
        // wagtail's `BlanketPermissionPolicy`: one answer for every user, on purpose.
        "blanket",
        "insecure",
        "unrestricted",
        "anonymous",
        "dangerous",
        "danger",
        "disabled",
        "passthrough",
        "unsafe",
        "public",
        "always",
        "trivial",
        "test",
        "testing",
        "unchecked",
        "unverified",
    ];
    if words.iter().any(|w| MARKERS.contains(&w.as_str())) {
        return true;
    }
    if words
        .first()
        .is_some_and(|w| matches!(w.as_str(), "base" | "abstract" | "default" | "no" | "none"))
    {
        return true;
    }
    // influxdb's `openAuthorizer`, "used when authorization is disabled"; not `OpenFile`.
    if words.first().is_some_and(|w| w == "open")
        && words.get(1).is_some_and(|w| {
            matches!(
                w.as_str(),
                "authorizer" | "authorization" | "policy" | "access" | "acl" | "auth" | "guard"
            )
        })
    {
        return true;
    }
    let joined: String = words.concat();
    [
        "noverif",
        "skipverif",
        "nocheck",
        "noauth",
        "allowall",
        "allowany",
        "alloweveryone",
        "permitall",
        "permitany",
        "acceptall",
        "acceptany",
        "trustall",
        "trustany",
        // Holders of unrestricted rights: `FullAccessSecurityProfile`, `SuperuserContext`,
        // `UserWithStaffSession` (an administrator's elevated session).
        "fullaccess",
        "superuser",
        "staffsession",
    ]
    .iter()
    .any(|m| joined.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_identifiers_into_words() {
        assert_eq!(split_words("CheckOrigin"), ["check", "origin"]);
        assert_eq!(split_words("is_authorized"), ["is", "authorized"]);
        assert_eq!(split_words("HTTPServer"), ["http", "server"]);
        assert_eq!(split_words("canActivate"), ["can", "activate"]);
        assert_eq!(split_words("verify_JWT2"), ["verify", "jwt2"]);
    }

    #[test]
    fn permissive_names() {
        assert!(is_deliberately_permissive("AllowAny"));
        assert!(is_deliberately_permissive("NoopAuthorizer"));
        assert!(is_deliberately_permissive("BasePermission"));
        assert!(is_deliberately_permissive("BlanketPermissionPolicy"));
        assert!(!is_deliberately_permissive("AuthMiddleware"));
        assert!(!is_deliberately_permissive("Policy"));
    }
}
