//! Values that stand for their type rather than being one: `String
//! (timestamp)`, `datetime-value`, `{id}`.

use serde_json::Value;

/// Every string of a body that is a placeholder, with its JSON path
/// (annotations such as `@odata.type` name types by right).
pub(super) fn placeholders_in(value: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(s) if is_placeholder(s) => out.push((path.to_string(), s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                placeholders_in(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(o) => {
            for (k, v) in o.iter().filter(|(k, _)| !k.contains('@')) {
                placeholders_in(v, &format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

/// A value that stands for its type rather than being one: `String
/// (timestamp)`, `@odata.type: microsoft.graph.alertSeverity`,
/// `datetime-value`, `{id}`, `<guid>`. Markup (`<html>...`), message ids
/// (`<a@b>`), braced GUIDs and JSON in a string are values.
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    lower.starts_with("@odata.type")
        || lower.ends_with("-value")
        || is_fill_in(t)
        || crate::typeref::parse_type_text(t).is_some_and(|spec| match spec.target {
            crate::typeref::TypeRef::Primitive(_) => true,
            crate::typeref::TypeRef::Name(n) => {
                n.to_ascii_lowercase().starts_with("microsoft.graph.") && !n.contains(' ')
            }
            crate::typeref::TypeRef::Link { .. } => false,
        })
}

/// The words between `open` and `close` when that is all the text and they
/// are a name (letters, digits, spaces, `-`, `_`), not markup or data.
pub(super) fn bracketed_name(text: &str, open: char, close: char) -> Option<&str> {
    let inner = text.strip_prefix(open)?.strip_suffix(close)?;
    let is_name = !inner.trim().is_empty()
        && inner
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'));
    is_name.then_some(inner)
}

/// A bracketed name (`{user-id}`, `<password>`): a marker for a value the
/// reader supplies.
pub(super) fn is_fill_in(text: &str) -> bool {
    let t = text.trim();
    bracketed_name(t, '{', '}').is_some_and(|inner| !is_guid(inner))
        || bracketed_name(t, '<', '>').is_some()
}

/// `97A21473-8339-4BF0-BCB6-F55E4909FFB8`: a GUID, which braces do not make
/// a placeholder.
pub(super) fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Whether a property's description names `value` as one of its values
/// (`Possible values are: None, Single, Double`): then a value that reads
/// like a type name (`String`, `Single`) is that value, not a placeholder.
pub(in crate::drift) fn description_names(description: &str, value: &str) -> bool {
    description
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|word| word == value)
}
