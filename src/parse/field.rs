//! Field lookups with the field id cached. `Node::child_by_field_name` looks the name up in the
//! grammar's field table (a string comparison per field) on every call; rules make millions of
//! such calls per audit.

use std::cell::RefCell;
use std::num::NonZeroU16;
use tree_sitter::Node;

/// Slots of the per-thread cache. A slot holds one (grammar, name) pair; a collision only
/// costs a fresh lookup, because the whole key is compared.
const SLOTS: usize = 256;

#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    grammar: (usize, usize),
    name_ptr: usize,
    name_len: usize,
}

/// A cached lookup: the key and the grammar's answer (`None`: no such field).
type Entry = Option<(Key, Option<NonZeroU16>)>;

thread_local! {
    static FIELD_IDS: RefCell<[Entry; SLOTS]> = const { RefCell::new([None; SLOTS]) };
}

pub trait FieldExt<'t> {
    /// The child in field `name`: `Node::child_by_field_name` with the id lookup cached.
    fn field(&self, name: &'static str) -> Option<Node<'t>>;
}

impl<'t> FieldExt<'t> for Node<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>> {
        let id = field_id(self, name)?;
        self.child_by_field_id(id.get())
    }
}

fn field_id(node: &Node<'_>, name: &'static str) -> Option<NonZeroU16> {
    let language = node.language();
    let key = Key {
        grammar: grammar_key(&language),
        // A `&'static str` never changes behind its address, so address and length name it.
        name_ptr: name.as_ptr() as usize,
        name_len: name.len(),
    };
    let slot = (key.name_ptr ^ (key.name_ptr >> 9) ^ key.grammar.0) % SLOTS;
    FIELD_IDS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((cached, id)) = cache[slot]
            && cached == key
        {
            return id;
        }
        let id = language.field_id_for_name(name);
        cache[slot] = Some((key, id));
        id
    })
}

/// Tells the grammars apart without their address (which safe code cannot read): the numbers
/// of node kinds and of fields. `grammar_keys_are_distinct` checks that every grammar we parse
/// with has its own.
fn grammar_key(language: &tree_sitter::Language) -> (usize, usize) {
    (language.node_kind_count(), language.field_count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Language;

    #[test]
    fn grammar_keys_are_distinct() {
        let code: Vec<Language> = Language::ALL.into_iter().filter(|l| l.is_code()).collect();
        let keys: Vec<(usize, usize)> = code
            .iter()
            .filter_map(|&l| crate::parse::grammar(l))
            .map(|g| grammar_key(&g))
            .collect();
        assert_eq!(keys.len(), code.len(), "every code language has a grammar");
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b, "two grammars share a cache key");
            }
        }
    }

    #[test]
    fn cached_field_is_the_named_field() {
        let samples = [
            (Language::Rust, "fn f(a: u8) -> u8 { g(a) }"),
            (Language::Go, "package p\nfunc f(a int) int { return g(a) }"),
            (
                Language::TypeScript,
                "function f(a: number) { return g(a); }",
            ),
            (
                Language::Tsx,
                "function f(a: number) { return <b>{g(a)}</b>; }",
            ),
            (Language::JavaScript, "function f(a) { return g(a); }"),
            (Language::Python, "def f(a):\n    return g(a)\n"),
        ];
        let fields = [
            "name",
            "parameters",
            "body",
            "function",
            "arguments",
            "nope",
        ];
        // Twice, so the second round reads the cache filled by the first, across grammars.
        for _ in 0..2 {
            for (language, code) in samples {
                let tree = crate::parse::parse(language, code, std::time::Duration::from_secs(5))
                    .expect("sample parses");
                let mut checked = 0;
                crate::rules::util::walk_preorder(tree.root_node(), (), |node, ()| {
                    for field in fields {
                        assert_eq!(
                            node.field(field).map(|n| n.id()),
                            node.child_by_field_name(field).map(|n| n.id()),
                            "{language:?} {} .{field}",
                            node.kind()
                        );
                        checked += 1;
                    }
                });
                assert!(checked > 20);
            }
        }
    }
}
