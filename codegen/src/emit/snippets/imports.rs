//! A snippet is first written with full paths (`::graphgen_runtime::Int64`,
//! `krate::microsoft_graph::Message`), then each path is shortened to its
//! type's name with a `use` line, as a person writes it. Two types of one
//! name keep the second's path; so does a name the prelude has.

use std::collections::{BTreeMap, BTreeSet};

/// Names a snippet relies on from the prelude: an import must not hide them.
const PRELUDE: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Box", "Default", "From",
    "Into",
];

/// The code with its paths shortened, and the `use` lines it needs.
pub(super) fn shorten(code: &str, roots: &[&str]) -> (String, Vec<String>) {
    let mut out = String::with_capacity(code.len());
    let mut by_name: BTreeMap<String, String> = BTreeMap::new();
    let mut i = 0;
    let bytes = code.as_bytes();
    while i < code.len() {
        let rest = &code[i..];
        if rest.starts_with('"') {
            let end = string_end(rest);
            out.push_str(&rest[..end]);
            i += end;
            continue;
        }
        let after_ident = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let root = roots.iter().find(|r| rest.starts_with(*r));
        match root.filter(|_| !after_ident).and_then(|_| item_path(rest)) {
            Some((len, module, name)) => {
                let full = format!("{module}::{name}");
                let taken = by_name.get(&name).is_some_and(|f| *f != full);
                if taken || PRELUDE.contains(&name.as_str()) {
                    out.push_str(full.trim_start_matches("::"));
                } else {
                    by_name.insert(name.clone(), full);
                    out.push_str(&name);
                }
                i += len;
            }
            None => {
                let c = rest.chars().next().unwrap_or(' ');
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    (out, use_lines(&by_name))
}

/// The length of a string literal at the start of `text`, quotes included.
fn string_end(text: &str) -> usize {
    let mut escaped = false;
    for (k, c) in text.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return k + 1,
            _ => escaped = false,
        }
    }
    text.len()
}

/// A path to an item at the start of `text`: up to its first segment that
/// names a type (upper camel case) or a macro (followed by `!`). Its
/// length, its module and its name.
fn item_path(text: &str) -> Option<(usize, String, String)> {
    let mut segments: Vec<&str> = Vec::new();
    let mut i = usize::from(text.starts_with("::")) * 2;
    loop {
        let rest = &text[i..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len == 0 {
            return None;
        }
        let segment = &rest[..len];
        i += len;
        let is_macro = text[i..].starts_with('!');
        if segment.starts_with(|c: char| c.is_ascii_uppercase()) || is_macro {
            let module = format!(
                "{}{}",
                if text.starts_with("::") { "::" } else { "" },
                segments.join("::")
            );
            return (!segments.is_empty()).then(|| (i, module, segment.to_string()));
        }
        segments.push(segment);
        if !text[i..].starts_with("::") {
            return None;
        }
        i += 2;
    }
}

/// `use a::b::{C, D};`, one line per module, sorted.
fn use_lines(by_name: &BTreeMap<String, String>) -> Vec<String> {
    let mut modules: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for full in by_name.values() {
        if let Some((module, name)) = full.rsplit_once("::") {
            modules
                .entry(module.trim_start_matches("::"))
                .or_default()
                .insert(name);
        }
    }
    modules
        .into_iter()
        .map(|(module, names)| match names.len() {
            1 => format!(
                "use {module}::{};",
                names.iter().copied().collect::<String>()
            ),
            _ => format!(
                "use {module}::{{{}}};",
                names.iter().copied().collect::<Vec<_>>().join(", ")
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_names_with_use_lines() {
        let code = r#"let m = v1::microsoft_graph::Message::default().size(::graphgen_runtime::Int64(5)).note("::graphgen_runtime::X").extra(::graphgen_runtime::serde_json::json!({"a": 1})); let o = v1::microsoft_graph::Option::default(); let c = v1::calls::Graph::new();"#;
        let (short, uses) = shorten(code, &["::graphgen_runtime::", "v1::"]);
        assert_eq!(
            short,
            r#"let m = Message::default().size(Int64(5)).note("::graphgen_runtime::X").extra(json!({"a": 1})); let o = v1::microsoft_graph::Option::default(); let c = Graph::new();"#
        );
        assert_eq!(
            uses,
            [
                "use graphgen_runtime::Int64;",
                "use graphgen_runtime::serde_json::json;",
                "use v1::calls::Graph;",
                "use v1::microsoft_graph::Message;"
            ]
        );
    }
}
