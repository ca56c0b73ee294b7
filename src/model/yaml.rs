//! A small owned YAML tree with line numbers, so rules about Kubernetes manifests and CI files
//! can point at the offending line. Built on `saphyr`; multi-document files give one tree per
//! document. Anchors/aliases are not resolved (an alias reads as null).

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

#[derive(Debug, Clone, PartialEq)]
pub enum YamlValue {
    Null,
    /// Every scalar as text (`true`, `8080`, `nginx:1.25`).
    Scalar(String),
    Seq(Vec<YamlNode>),
    Map(Vec<(String, YamlNode)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct YamlNode {
    /// 1-based line where the node starts (for map values: the value's line).
    pub line: u32,
    pub value: YamlValue,
}

impl YamlNode {
    /// The value under `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&YamlNode> {
        match &self.value {
            YamlValue::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Follows a path of keys (`["spec", "template", "spec"]`).
    pub fn path(&self, keys: &[&str]) -> Option<&YamlNode> {
        keys.iter().try_fold(self, |node, k| node.get(k))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            YamlValue::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> &[YamlNode] {
        match &self.value {
            YamlValue::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn entries(&self) -> &[(String, YamlNode)] {
        match &self.value {
            YamlValue::Map(entries) => entries,
            _ => &[],
        }
    }

    /// `true`/`True`/`yes`… as YAML 1.1 tools (Kubernetes) read them.
    pub fn is_true(&self) -> bool {
        self.as_str()
            .is_some_and(|s| matches!(s, "true" | "True" | "TRUE" | "yes" | "on"))
    }
}

/// Parses every document in `text`. Errors carry the parser's message with its position.
pub fn parse_documents(text: &str) -> Result<Vec<YamlNode>, String> {
    let docs = MarkedYaml::load_from_str(text).map_err(|e| e.to_string())?;
    Ok(docs.iter().map(|d| convert(d, 0)).collect())
}

/// Depth beyond which nested values are dropped: hostile input must not exhaust the stack.
const MAX_DEPTH: usize = 64;

fn convert(node: &MarkedYaml<'_>, depth: usize) -> YamlNode {
    let line = node.span.start.line() as u32;
    if depth > MAX_DEPTH {
        return YamlNode {
            line,
            value: YamlValue::Null,
        };
    }
    let value = match &node.data {
        YamlData::Value(s) => match s {
            Scalar::Null => YamlValue::Null,
            Scalar::Boolean(b) => YamlValue::Scalar(b.to_string()),
            Scalar::Integer(i) => YamlValue::Scalar(i.to_string()),
            Scalar::FloatingPoint(f) => YamlValue::Scalar(f.to_string()),
            Scalar::String(s) => YamlValue::Scalar(s.to_string()),
        },
        YamlData::Representation(s, _, _) => YamlValue::Scalar(s.to_string()),
        YamlData::Sequence(items) => {
            YamlValue::Seq(items.iter().map(|i| convert(i, depth + 1)).collect())
        }
        YamlData::Mapping(map) => YamlValue::Map(
            map.iter()
                .map(|(k, v)| {
                    let key = match &k.data {
                        YamlData::Value(Scalar::String(s)) => s.to_string(),
                        YamlData::Value(other) => format!("{other:?}"),
                        YamlData::Representation(s, _, _) => s.to_string(),
                        _ => String::new(),
                    };
                    (key, convert(v, depth + 1))
                })
                .collect(),
        ),
        YamlData::Tagged(_, inner) => return convert(inner, depth),
        _ => YamlValue::Null,
    };
    YamlNode { line, value }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_document_with_lines() {
        let text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: nginx\n---\nkind: Service\n";
        let docs = parse_documents(text).expect("valid yaml");
        assert_eq!(docs.len(), 2);
        let c = &docs[0]
            .path(&["spec", "containers"])
            .expect("containers")
            .as_seq()[0];
        assert_eq!(c.get("image").and_then(|i| i.as_str()), Some("nginx"));
        assert_eq!(c.get("image").map(|i| i.line), Some(6));
        assert_eq!(
            docs[1].get("kind").and_then(|k| k.as_str()),
            Some("Service")
        );
    }

    #[test]
    fn invalid_yaml_is_an_error_not_a_panic() {
        assert!(parse_documents("a: [1, 2\nb: {").is_err());
    }
}
