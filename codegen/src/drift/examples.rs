//! The method pages' request and response examples against the types the
//! pages document, the check Microsoft's ApiDoctor makes: every property an
//! example sends or receives must exist on its type (or on the derived type
//! its `@odata.type` names), and every value must be of the documented kind.
//! Each finding names the example's line and the value's JSON path.

use crate::diag::{Diagnostic, Severity};
use crate::extract::parse_example_body;
use crate::ir::{BindingKind, Example, ExampleKind, Ir, Kind, Operation, TypeDef, TypeLookup};
use serde_json::Value;

mod lines;
mod placeholders;
mod report;
use lines::line_of;
pub(super) use placeholders::description_names;
pub use placeholders::is_placeholder;
use placeholders::{is_fill_in, placeholders_in};
use report::{report_example, unknown_properties, Sightings};

pub mod codes {
    pub const UNKNOWN_PROPERTY: &str = "example-unknown-property";
    pub const WRONG_KIND: &str = "example-wrong-kind";
    pub const UNKNOWN_ENUM_MEMBER: &str = "example-unknown-enum-member";
    pub const BAD_VALUE: &str = "example-bad-value";
    pub const UNKNOWN_ODATA_TYPE: &str = "example-unknown-odata-type";
    pub const PLACEHOLDERS: &str = "example-placeholders";
    pub const CALLS_ANOTHER: &str = "example-calls-another";
}

/// The name a call's request examples call where the page's HTTP request
/// block names another (`names/add` above, `names/addFormulaLocal` in every
/// example): the page contradicts itself, and the examples' name with the
/// first example's line.
pub fn examples_call_another(op: &Operation) -> Option<(String, usize)> {
    // A page with no bound call in its HTTP request block
    // (`POST /workbook/worksheets/` for `worksheets/add`) names its path's
    // last segment.
    let unbound = || {
        let path = op.paths.first()?;
        let last = path.trim_end_matches('/').rsplit('/').next()?;
        Some(last.split('(').next()?.to_string())
    };
    let name = match &op.binding {
        Some(b) => b.name.clone(),
        None => unbound()?,
    };
    let name = &name;
    let called: Vec<(String, usize)> = op
        .examples
        .iter()
        .filter(|e| e.kind == ExampleKind::Request)
        .filter_map(|e| {
            let path = crate::extract::normalize_path(e.url.as_deref()?)?;
            let last = path.rsplit('/').next()?.split('(').next()?.to_string();
            Some((last, e.line))
        })
        .collect();
    let first = called.first()?.clone();
    let all_other = called
        .iter()
        .all(|(c, _)| !c.eq_ignore_ascii_case(name) && c.eq_ignore_ascii_case(&first.0));
    let named = first
        .0
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic());
    (all_other && named).then_some(first)
}

/// One misfit: where, the JSON path, and what was expected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Misfit {
    pub code: &'static str,
    pub json_path: String,
    pub message: String,
    /// The string the example shows, where it is one.
    pub shown: Option<String>,
    /// For an unknown property: the type it is not a property of, and the key.
    pub missing: Option<(String, String)>,
    /// For a value of the wrong kind: the page and the property whose
    /// table row it was held to.
    pub row: Option<(String, String)>,
}

/// Not a misfit: a string that reads like a placeholder where the
/// property's description names it as a value (`"type": "String"` of an
/// extension property) or its enum has it as a member (`"type": "string"`).
/// It keeps the JSON path out of the placeholders.
const DESCRIBED_VALUE: &str = "";

/// What an example's body should be.
enum Expected<'a> {
    /// A value of a type (`Edm.*` or a model type), maybe a collection.
    Type(String, bool),
    /// An action's parameters: an object whose keys are the parameters.
    Parameters(&'a Operation),
}

/// Checks every example of every operation.
pub fn check_examples(ir: &Ir) -> Vec<Diagnostic> {
    let types = TypeLookup::new(&ir.types);
    // A table row its own page's JSON contradicts (`table-json-mismatch`)
    // is no rule to hold examples to: the page's defect is reported there.
    let contradicted: std::collections::BTreeSet<(String, String)> = ir
        .diagnostics
        .iter()
        .filter(|d| d.code == crate::diag::codes::TABLE_JSON_MISMATCH)
        .filter_map(|d| {
            let name = d.message.strip_prefix('`')?.split('`').next()?;
            Some((d.path.clone(), name.to_string()))
        })
        .collect();
    let mut out = Vec::new();
    let mut unknown = Sightings::new();
    for op in &ir.operations {
        // `.../$value`: the body is the item's content (a page's HTML, a
        // file), not the item's JSON.
        let content = !op.paths.is_empty() && op.paths.iter().all(|p| p.ends_with("/$value"));
        if content {
            continue;
        }
        for example in &op.examples {
            let Some(body) = &example.body else { continue };
            // `$count` answers and downloads are not JSON payloads.
            let not_json = example.headers.iter().any(|(name, value)| {
                name.eq_ignore_ascii_case("content-type")
                    && !value.to_ascii_lowercase().contains("json")
            });
            if not_json {
                continue;
            }
            let Ok(value) = parse_example_body(body) else {
                continue;
            };
            let Some(expected) = expected(&types, op, example) else {
                continue;
            };
            let mut misfits = Vec::new();
            match expected {
                Expected::Type(t, collection) => {
                    check_top(&types, &value, &t, collection, &mut misfits);
                    // A key the page's own Request body table lists is
                    // documented there (an update page naming a field the
                    // type's page leaves out is another defect).
                    let request = example.kind == ExampleKind::Request;
                    misfits.retain(|m| {
                        !request
                            || m.code != codes::UNKNOWN_PROPERTY
                            || !op
                                .parameters
                                .iter()
                                .any(|p| m.json_path.strip_prefix("$.") == Some(p.name.as_str()))
                    });
                }
                Expected::Parameters(op) => check_parameters(&types, &value, op, &mut misfits),
            }
            let mut shown = Vec::new();
            placeholders_in(&value, "$", &mut shown);
            if example.kind == ExampleKind::Request {
                // `{new-parent-folder-id}`, `<password>`: in a request, the
                // reader's own value goes there, as in a path's `{id}`.
                shown.retain(|(_, text)| !is_fill_in(text));
            }
            misfits.retain(|m| m.row.as_ref().is_none_or(|row| !contradicted.contains(row)));
            report_example(example, body, misfits, shown, &mut out, &mut unknown);
        }
    }
    out.extend(unknown_properties(&types, unknown));
    for op in &ir.operations {
        if let (Some((called, line)), Some(b)) = (examples_call_another(op), &op.binding) {
            out.push(Diagnostic::new(
                Severity::Warning,
                codes::CALLS_ANOTHER,
                &op.source.path,
                line,
                format!(
                    "the request examples call `{called}`, but the HTTP request section names `{}`",
                    b.name
                ),
            ));
        }
    }
    out
}

fn expected<'a>(types: &TypeLookup, op: &'a Operation, e: &Example) -> Option<Expected<'a>> {
    match e.kind {
        ExampleKind::Request => {
            if op
                .binding
                .as_ref()
                .is_some_and(|b| b.kind == BindingKind::Action)
            {
                return (!op.parameters.is_empty()).then_some(Expected::Parameters(op));
            }
            let body = op.request_body.as_ref()?;
            // `.../format/font` where the page's paths end at `format`: the
            // example updates the `font` the body type holds.
            if let Some(p) = addressed_member(types, op, e, &body.type_name) {
                return Some(Expected::Type(p.type_name.clone(), p.collection));
            }
            Some(Expected::Type(body.type_name.clone(), body.collection))
        }
        ExampleKind::Response => {
            // The annotation names the payload's type; the IR's response is
            // the fallback.
            if let Some(name) = e.odata_type.as_deref() {
                let inner = name
                    .strip_prefix("Collection(")
                    .and_then(|n| n.strip_suffix(')'));
                let bare = inner.unwrap_or(name).trim_start_matches('#');
                let found = types
                    .get(bare)
                    .or_else(|| types.get(&format!("{}.{bare}", crate::ir::DEFAULT_NAMESPACE)));
                if let Some(t) = found {
                    // The call's response, where it is this type, says
                    // whether a collection comes back (an annotation that
                    // forgets `isCollection` is reported once, by resolve).
                    let ir_says = op.responses.first().is_some_and(|r| {
                        r.collection
                            && r.type_name
                                .as_deref()
                                .is_some_and(|n| n.eq_ignore_ascii_case(&t.qualified_name()))
                    });
                    return Some(Expected::Type(
                        t.qualified_name(),
                        e.is_collection || inner.is_some() || ir_says,
                    ));
                }
            }
            let r = op.responses.first()?;
            Some(Expected::Type(r.type_name.clone()?, r.collection))
        }
    }
}

/// The property of the body type a request example addresses one segment
/// past every path of its page.
fn addressed_member<'t>(
    types: &'t TypeLookup,
    op: &Operation,
    e: &Example,
    body_type: &str,
) -> Option<&'t crate::ir::Property> {
    let url = crate::extract::normalize_path(e.url.as_deref()?)?;
    let (_, last) = url.trim_end_matches('/').rsplit_once('/')?;
    let ends_there = op.paths.iter().any(|p| {
        p.trim_end_matches('/')
            .rsplit('/')
            .next()
            .is_some_and(|l| l.eq_ignore_ascii_case(last))
    });
    if ends_there {
        return None;
    }
    types
        .property(body_type, last)
        .filter(|p| types.get(&p.type_name).is_some())
}

/// A response or request body: a collection comes as `{"value": [...]}`
/// (or a bare array), a single value as the object itself.
fn check_top(types: &TypeLookup, value: &Value, t: &str, collection: bool, out: &mut Vec<Misfit>) {
    if collection {
        match value {
            Value::Object(o) => {
                if let Some(v) = o.get("value") {
                    check_value(types, v, t, true, "$.value", out)
                }
            }
            Value::Array(_) => check_value(types, value, t, true, "$", out),
            _ => out.push(wrong_kind("$", "a collection", value)),
        }
    } else if let Some(inner) = value
        .as_object()
        .and_then(|o| o.get("value"))
        .filter(|_| t.starts_with("Edm.") || types.get(t).is_some_and(|d| d.kind == Kind::Enum))
    {
        // OData wraps a primitive result: `{"value": true}`.
        check_value(types, inner, t, false, "$.value", out);
    } else if let Some(inner) = wrapped_where_one_is_documented(types, value, t) {
        // One defect of the example, at the example: not properties the
        // type's page leaves out.
        let (message, listed) = match inner.is_array() {
            true => (format!("a collection (`value` array) where the page documents one {t}"), true),
            false => (format!("one {t} wrapped in `value` (a collection's envelope) where the page documents the object itself as the body"), false),
        };
        out.push(Misfit {
            code: codes::WRONG_KIND,
            json_path: "$.value".to_string(),
            message,
            ..Misfit::default()
        });
        check_value(types, inner, t, listed, "$.value", out);
    } else {
        check_value(types, value, t, false, "$", out);
    }
}

/// `{"value": [...]}` or `{"value": {...}}` for a type that has no `value`
/// property.
fn wrapped_where_one_is_documented<'v>(
    types: &TypeLookup,
    value: &'v Value,
    t: &str,
) -> Option<&'v Value> {
    let object = value.as_object()?;
    let inner = object.get("value").filter(|v| {
        let keys = object.keys().filter(|k| !k.starts_with('@')).count();
        v.is_array() || (v.is_object() && keys == 1)
    })?;
    (types.get(t).is_some() && types.property(t, "value").is_none()).then_some(inner)
}

fn check_parameters(types: &TypeLookup, value: &Value, op: &Operation, out: &mut Vec<Misfit>) {
    let Value::Object(o) = value else {
        out.push(wrong_kind("$", "an object of parameters", value));
        return;
    };
    for (key, v) in o {
        if key.contains('@') {
            continue;
        }
        let path = format!("$.{key}");
        match op
            .parameters
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(key))
        {
            Some(p) => check_value(types, v, &p.type_name, p.collection, &path, out),
            None => out.push(Misfit {
                code: codes::UNKNOWN_PROPERTY,
                json_path: path,
                message: format!("`{key}` is not a parameter of `{}`", op.name),
                ..Misfit::default()
            }),
        }
    }
}

fn check_value(
    types: &TypeLookup,
    value: &Value,
    t: &str,
    collection: bool,
    path: &str,
    out: &mut Vec<Misfit>,
) {
    if value.is_null() {
        return;
    }
    if collection {
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    check_value(types, item, t, false, &format!("{path}[{i}]"), out);
                }
            }
            other => out.push(wrong_kind(path, &format!("a collection of {t}"), other)),
        }
        return;
    }
    if let Some(edm) = t.strip_prefix("Edm.") {
        if let Some(m) = check_primitive(edm, value, path) {
            out.push(m);
        }
        return;
    }
    let Some(def) = types.get(t) else { return };
    // A type whose page lists no property is free JSON (`Json`).
    if def.kind != Kind::Enum && types.chain(t).iter().all(|c| c.properties.is_empty()) {
        return;
    }
    match def.kind {
        Kind::Enum => check_enum(def, value, path, out),
        _ => check_object(types, def, value, path, out),
    }
}

fn check_enum(def: &TypeDef, value: &Value, path: &str, out: &mut Vec<Misfit>) {
    let Value::String(s) = value else {
        out.push(wrong_kind(path, &format!("a {} member", def.name), value));
        return;
    };
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if !def
            .members
            .iter()
            .any(|m| m.name.eq_ignore_ascii_case(part))
        {
            out.push(Misfit {
                code: codes::UNKNOWN_ENUM_MEMBER,
                json_path: path.to_string(),
                message: format!("`{part}` is not a member of `{}`", def.name),
                shown: Some(s.clone()),
                ..Misfit::default()
            });
        }
    }
}

fn check_object(
    types: &TypeLookup,
    def: &TypeDef,
    value: &Value,
    path: &str,
    out: &mut Vec<Misfit>,
) {
    let Value::Object(o) = value else {
        out.push(wrong_kind(path, &format!("a {} object", def.name), value));
        return;
    };
    // `@odata.type` may name a derived type, whose properties count too.
    let mut actual = def;
    // An `@odata.type` that names no known type is the finding: which
    // properties the object may have is then not known.
    let mut named_unknown = false;
    if let Some(Value::String(named)) = o.get("@odata.type") {
        let named = named.trim_start_matches('#');
        let found = types.get(named).or_else(|| {
            // `#educationLinkResource`: a short name in the default namespace.
            (!named.contains('.'))
                .then(|| types.get(&format!("{}.{named}", crate::ir::DEFAULT_NAMESPACE)))
                .flatten()
        });
        match found {
            Some(d) => actual = d,
            None => {
                named_unknown = true;
                out.push(Misfit {
                    code: codes::UNKNOWN_ODATA_TYPE,
                    json_path: format!("{path}.@odata.type"),
                    message: format!("`{named}` names no type the pages document"),
                    ..Misfit::default()
                })
            }
        }
    }
    let qualified = actual.qualified_name();
    let open = types.chain(&qualified).iter().any(|t| t.open_type);
    for (key, v) in o {
        if key.contains('@') {
            continue;
        }
        let here = format!("{path}.{key}");
        match types.property(&qualified, key) {
            Some(p) => {
                if let Value::String(text) = v {
                    let is_member = types.get(&p.type_name).is_some_and(|d| {
                        d.kind == Kind::Enum
                            && d.members.iter().any(|m| m.name.eq_ignore_ascii_case(text))
                    });
                    // `"baseType": "microsoft.graph.externalItem"`: a
                    // string property whose value is a type's name.
                    let names_a_type = p.type_name == "Edm.String"
                        && text.trim().starts_with("microsoft.graph.")
                        && !text.trim().contains(' ');
                    let described =
                        is_member || names_a_type || description_names(&p.description, text.trim());
                    if described && is_placeholder(text) {
                        out.push(Misfit {
                            code: DESCRIBED_VALUE,
                            json_path: here.clone(),
                            ..Misfit::default()
                        });
                    }
                }
                let before = out.len();
                check_value(types, v, &p.type_name, p.collection, &here, out);
                for m in &mut out[before..] {
                    if m.code == codes::WRONG_KIND && m.json_path == here {
                        m.row = Some((p.source.path.clone(), p.name.clone()));
                    }
                }
            }
            None if open || named_unknown => {}
            None => out.push(Misfit {
                code: codes::UNKNOWN_PROPERTY,
                json_path: here,
                message: format!("`{key}` is not a property of `{}`", actual.name),
                missing: Some((qualified.clone(), key.clone())),
                ..Misfit::default()
            }),
        }
    }
}

fn wrong_kind(path: &str, expected: &str, value: &Value) -> Misfit {
    let got = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    Misfit {
        code: codes::WRONG_KIND,
        json_path: path.to_string(),
        message: format!("expected {expected}, found {got}"),
        shown: value.as_str().map(str::to_string),
        ..Misfit::default()
    }
}

/// An Edm value: the JSON kind, and for text-encoded types, the format.
fn check_primitive(edm: &str, value: &Value, path: &str) -> Option<Misfit> {
    use crate::drift::wire_format as f;
    let expected = format!("Edm.{edm}");
    let bad = |what: &str| Misfit {
        code: codes::BAD_VALUE,
        json_path: path.to_string(),
        message: format!("`{value}` is not {what}"),
        shown: value.as_str().map(str::to_string),
        ..Misfit::default()
    };
    match (edm, value) {
        ("Untyped" | "Stream", _) => None,
        ("String", Value::String(_)) => None,
        ("Boolean", Value::Bool(_)) => None,
        ("Int32" | "Int16" | "Byte" | "SByte", Value::Number(n)) => {
            (!n.is_i64()).then(|| bad("an integer"))
        }
        ("Int64", Value::Number(n)) => (!n.is_i64() && !n.is_u64()).then(|| bad("an integer")),
        ("Int64" | "Decimal", Value::String(s)) => {
            (s.trim().parse::<f64>().is_err()).then(|| bad("a number"))
        }
        ("Double" | "Single" | "Decimal", Value::Number(_)) => None,
        ("Double" | "Single", Value::String(s)) => {
            (!matches!(s.as_str(), "NaN" | "INF" | "-INF")).then(|| bad("a number"))
        }
        ("DateTimeOffset", Value::String(s)) => (!f::is_date_time(s)).then(|| bad("a date-time")),
        ("Date", Value::String(s)) => (!f::is_date(s)).then(|| bad("a date (YYYY-MM-DD)")),
        ("TimeOfDay", Value::String(s)) => (!f::is_time(s)).then(|| bad("a time of day")),
        ("Duration", Value::String(s)) => (!f::is_duration(s)).then(|| bad("an ISO 8601 duration")),
        ("Guid", Value::String(s)) => (!f::is_guid(s)).then(|| bad("a GUID")),
        // `"MIIDYDCCAki..."`: a long value shortened for the page.
        ("Binary", Value::String(s)) => {
            let shown = s.trim_end_matches("...").trim_end_matches('…');
            (!f::is_base64(shown)).then(|| bad("base64"))
        }
        (_, v) => Some(wrong_kind(path, &expected, v)),
    }
}
