//! The API examples of the corpus: every `blockType: response` body whose
//! `@odata.type` names a model type.

use graphgen::page::{parse_page, Block};
use serde_json::Value;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Example {
    pub page: String,
    /// Qualified type name as the annotation spells it.
    pub odata_type: String,
    pub json: Value,
}

#[derive(Debug, Default)]
pub struct Examples {
    pub typed: Vec<Example>,
    /// Response bodies that are not valid JSON (truncated, elided with `...`).
    pub invalid_json: usize,
    /// Valid bodies whose `@odata.type` names no model type.
    pub untyped: usize,
}

/// Reads every response example of the method pages under `dir`.
pub fn examples(dir: &Path, is_model_type: impl Fn(&str) -> bool) -> Examples {
    let mut out = Examples::default();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let page = parse_page(&name, &text);
        for pair in page.blocks.windows(2) {
            let (
                Block::Comment {
                    text: annotation, ..
                },
                Block::Code { text: body, .. },
            ) = (&pair[0], &pair[1])
            else {
                continue;
            };
            let Ok(annotation) = serde_json::from_str::<Value>(annotation.trim()) else {
                continue;
            };
            if annotation.get("blockType").and_then(Value::as_str) != Some("response") {
                continue;
            }
            let Some(odata_type) = annotation.get("@odata.type").and_then(Value::as_str) else {
                continue;
            };
            let is_collection = annotation
                .get("isCollection")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let Some(start) = body.find('{') else {
                continue;
            };
            let Ok(json) = serde_json::from_str::<Value>(&body[start..]) else {
                out.invalid_json += 1;
                continue;
            };
            let odata_type = odata_type.trim_start_matches('#').to_string();
            if !is_model_type(&odata_type) {
                out.untyped += 1;
                continue;
            }
            let items = if is_collection {
                match json.get("value") {
                    Some(Value::Array(items)) => items.clone(),
                    _ => continue,
                }
            } else {
                vec![json]
            };
            for json in items.into_iter().filter(Value::is_object) {
                out.typed.push(Example {
                    page: name.clone(),
                    odata_type: odata_type.clone(),
                    json,
                });
            }
        }
    }
    out
}

/// The value at a serde_path_to_error path (`value[0].start.dateTime`).
pub fn value_at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut current = root;
    for part in path.split('.').filter(|p| !p.is_empty() && *p != "?") {
        let (key, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            current = current.get(key)?;
        }
        for index in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
            current = current.get(index.parse::<usize>().ok()?)?;
        }
    }
    Some(current)
}

/// Why a value of a page is not a value of its type, when the page put a
/// placeholder where a value belongs (`"datetime-value"`, `"String"`).
pub fn placeholder(value: &Value) -> bool {
    let Value::String(s) = value else {
        return false;
    };
    let lower = s.to_ascii_lowercase();
    lower.contains("-value")
        || lower.contains("value-")
        || lower.contains("{")
        || lower.contains("<")
        || lower.contains("...")
        || [
            "string",
            "guid",
            "datetime",
            "date",
            "timestamp",
            "int32",
            "int64",
            "boolean",
            "binary",
            "duration",
            "double",
            "id",
        ]
        .iter()
        .any(|w| {
            lower
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|p| p == *w)
        })
}
