//! A request example's JSON body as the Rust that builds it with the
//! generated setters: `Message::default().subject("Hi")`, a derived type
//! where `@odata.type` names one, enum variants by name, arrays for
//! collections. What a setter cannot take as written (`null`, a value that
//! does not fit its type, a property the model does not know) goes through
//! `additional_property`, which writes the same JSON.

use crate::drift::wire_format;
use crate::emit::calls::rebuild::lit;
use crate::emit::code::TypeCode;
use crate::emit::names::{self, Scope};
use crate::emit::setters::SetterField;
use crate::emit::Emitter;
use crate::ir::Kind;
use serde_json::{Map, Value};

pub(super) struct BodyWriter<'a> {
    pub emitter: &'a Emitter<'a>,
    pub krate: &'a str,
}

/// JSON as the `json!` macro's input (Rust string literals).
fn json_source(v: &Value) -> String {
    match v {
        Value::String(s) => lit(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(json_source).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let pairs: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", lit(k), json_source(v)))
                .collect();
            format!("{{{}}}", pairs.join(", "))
        }
        other => other.to_string(),
    }
}

/// A float literal (`5` as `5.0`).
fn float(n: &serde_json::Number) -> Option<String> {
    let f = n.as_f64()?;
    let text = format!("{f:?}");
    Some(if text.contains(['.', 'e', 'E']) || !f.is_finite() {
        text
    } else {
        format!("{text}.0")
    })
}

/// Whether the runtime's `Binary::from_base64` reads `text`: one alphabet
/// (standard or URL-safe), padding only to a multiple of four, and no
/// stray bits in the last character (the decoder rejects them).
fn decodes_as_base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    let padded = body.len() != text.len();
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    };
    let standard = body.bytes().any(|c| c == b'+' || c == b'/');
    let url_safe = body.bytes().any(|c| c == b'-' || c == b'_');
    let Some(last) = body.bytes().last().and_then(value) else {
        return body.is_empty() && !padded;
    };
    let stray = match body.len() % 4 {
        1 => return false,
        2 => last & 0b1111,
        3 => last & 0b11,
        _ => 0,
    };
    wire_format::is_base64(text)
        && !(standard && url_safe)
        && (!padded || text.len().is_multiple_of(4))
        && body.bytes().all(|c| value(c).is_some())
        && stray == 0
}

/// `-12.50`: digits with an optional sign and point.
fn is_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit())
}

impl BodyWriter<'_> {
    /// Free JSON as `json!(...)`; `from_str` for a large value, whose
    /// `json!` would pass the macro recursion limit.
    pub fn json(&self, v: &Value) -> String {
        let source = json_source(v);
        if source.len() <= 400 {
            format!("::graphgen_runtime::serde_json::json!({source})")
        } else {
            format!(
                "::graphgen_runtime::serde_json::from_str::<::graphgen_runtime::serde_json::Value>({}).expect(\"valid JSON\")",
                lit(&v.to_string())
            )
        }
    }

    /// The path of a model type (its polymorphic form if `poly`).
    pub fn type_path(&self, index: usize, poly: bool) -> String {
        let t = &self.emitter.model.types[index];
        let name = match (&t.poly_name, poly) {
            (Some(p), true) => p,
            _ => &t.rust_name,
        };
        let mut path = vec![self.krate.to_string()];
        path.extend(t.module.iter().cloned());
        path.push(name.clone());
        path.join("::")
    }

    /// The type an object is built as: the one its `@odata.type` names
    /// among `index` and (when the field is polymorphic) its derived types.
    pub fn chosen_type(&self, obj: &Map<String, Value>, index: usize, poly: bool) -> usize {
        let model = &self.emitter.model;
        let Some(named) = obj.get("@odata.type").and_then(Value::as_str) else {
            return index;
        };
        let named = named.trim_start_matches('#');
        let candidates = std::iter::once(index).chain(
            model.types[index]
                .descendants
                .iter()
                .copied()
                .filter(|_| poly),
        );
        candidates
            .into_iter()
            .find(|&t| {
                model.types[t]
                    .def
                    .qualified_name()
                    .eq_ignore_ascii_case(named)
            })
            .unwrap_or(index)
    }

    /// An object as `Type::default()` and a setter per property.
    pub fn object(&self, obj: &Map<String, Value>, index: usize, poly: bool) -> Option<String> {
        let model = &self.emitter.model;
        let t = self.chosen_type(obj, index, poly);
        if model.is_free_json(t) {
            return Some(format!(
                "{}({})",
                self.type_path(t, false),
                self.json(&Value::Object(obj.clone()))
            ));
        }
        let fields = self.emitter.setter_fields(t);
        let mut out = format!("{}::default()", self.type_path(t, false));
        for (key, value) in obj {
            if key == "@odata.type" {
                if let Value::String(s) = value {
                    out.push_str(&format!(".odata_type({})", lit(s)));
                    continue;
                }
            }
            let field = fields.iter().find(|f| f.wire == key && f.gate.is_empty());
            match field.and_then(|f| Some((f, self.field_value(value, f)?))) {
                Some((f, code)) => out.push_str(&format!(".{}({code})", f.setter)),
                None => out.push_str(&format!(
                    ".additional_property({}, {})",
                    lit(key),
                    self.json(value)
                )),
            }
        }
        Some(out)
    }

    /// A property's value as its setter takes it; `None` for `null`.
    pub fn field_value(&self, v: &Value, f: &SetterField<'_>) -> Option<String> {
        let overridden = self
            .emitter
            .options
            .type_overrides
            .contains_key(f.type_name);
        (!overridden).then_some(())?;
        self.value(v, &f.ty, f.type_name, false)
    }

    /// A value of an Edm type as a literal of that type's parameter.
    pub fn field_value_of(&self, v: &Value, edm: &str) -> Option<String> {
        self.primitive(v, edm, false)
    }

    /// A value of a model type (an enum's variant, a struct).
    pub fn field_value_of_model(&self, v: &Value, t: usize) -> Option<String> {
        self.model_value(v, t)
    }

    fn value(&self, v: &Value, ty: &TypeCode, type_name: &str, in_vec: bool) -> Option<String> {
        match ty {
            TypeCode::Nullable(inner) | TypeCode::Boxed(inner) => {
                self.value(v, inner, type_name, in_vec)
            }
            TypeCode::Vec(item) => self.collection(v.as_array()?, item, type_name),
            TypeCode::Flags(_) => self.flags(v.as_str()?, self.emitter.model.get(type_name)?),
            TypeCode::Plain(_) => match self.emitter.model.get(type_name) {
                Some(t) => self.model_value(v, t),
                None => self.primitive(v, type_name, in_vec),
            },
        }
    }

    /// `[a, b]`; items of several derived types each converted to the
    /// polymorphic form.
    fn collection(&self, items: &[Value], item: &TypeCode, type_name: &str) -> Option<String> {
        if items.is_empty() {
            return None;
        }
        let rendered: Option<Vec<String>> = items
            .iter()
            .map(|v| self.value(v, item, type_name, true))
            .collect();
        let mut rendered = rendered?;
        let model = &self.emitter.model;
        if let Some(t) = model
            .get(type_name)
            .filter(|&t| model.types[t].poly_name.is_some())
        {
            let chosen: std::collections::BTreeSet<usize> = items
                .iter()
                .filter_map(Value::as_object)
                .map(|o| self.chosen_type(o, t, true))
                .collect();
            if chosen.len() > 1 {
                let kind = self.type_path(t, true);
                for r in &mut rendered {
                    *r = format!("{kind}::from({r})");
                }
            }
        }
        // An array, not `vec![]`: setters take any iterable, and
        // prettyplease formats inside no macro.
        Some(format!("[{}]", rendered.join(", ")))
    }

    /// A flags value (`a,b`) as `Flags(vec![E::A, E::B])`.
    fn flags(&self, text: &str, t: usize) -> Option<String> {
        let path = self.type_path(t, false);
        let members: Option<Vec<String>> = text
            .split(',')
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(|m| Some(format!("{path}::{}", self.enum_variant(t, m)?)))
            .collect();
        Some(format!(
            "::graphgen_runtime::Flags(vec![{}])",
            members?.join(", ")
        ))
    }

    fn model_value(&self, v: &Value, t: usize) -> Option<String> {
        let info = &self.emitter.model.types[t];
        match info.def.kind {
            Kind::Enum if !info.def.flags => {
                let variant = self.enum_variant(t, v.as_str()?)?;
                Some(format!("{}::{variant}", self.type_path(t, false)))
            }
            Kind::Enum => None,
            Kind::Entity | Kind::Complex => {
                self.object(v.as_object()?, t, info.poly_name.is_some())
            }
        }
    }

    /// The variant of an enum for a wire name, named as `emit_enum` names it.
    fn enum_variant(&self, t: usize, wire: &str) -> Option<String> {
        let def = self.emitter.model.types[t].def;
        let mut scope = Scope::default();
        let mut wires = std::collections::BTreeSet::new();
        for m in def.members.iter().filter(|m| wires.insert(m.name.as_str())) {
            let variant = scope.claim(&names::variant_name(&m.name)).0;
            if m.name == wire {
                return Some(variant);
            }
        }
        None
    }

    /// An Edm value as a literal of the setter's parameter (in a
    /// collection, of the item type itself).
    fn primitive(&self, v: &Value, edm: &str, in_vec: bool) -> Option<String> {
        let int = |min: i64, max: i64, suffix: &str| {
            let n = v.as_i64().filter(|n| (min..=max).contains(n))?;
            Some(if in_vec {
                format!("{n}{suffix}")
            } else {
                n.to_string()
            })
        };
        // A text that does not parse as its type is no value of the setter:
        // it goes through `additional_property`, as a lenient read keeps it.
        let parsed = |rust: &str, what: &str, fits: fn(&str) -> bool| {
            let text = v.as_str().filter(|t| fits(t.trim()))?;
            Some(format!(
                "::graphgen_runtime::{rust}::parse({}).expect(\"{what}\")",
                lit(text)
            ))
        };
        match edm {
            "Edm.String" => v.as_str().map(lit),
            "Edm.Boolean" => v.as_bool().map(|b| b.to_string()),
            "Edm.Int32" => int(i32::MIN.into(), i32::MAX.into(), ""),
            "Edm.Int16" => int(i16::MIN.into(), i16::MAX.into(), "i16"),
            "Edm.Byte" => int(0, u8::MAX.into(), "u8"),
            "Edm.SByte" => int(i8::MIN.into(), i8::MAX.into(), "i8"),
            "Edm.Int64" => {
                let n = v.as_i64()?;
                Some(if in_vec {
                    format!("::graphgen_runtime::Int64({n})")
                } else {
                    n.to_string()
                })
            }
            "Edm.Single" => {
                let f = float(v.as_number()?)?;
                Some(if in_vec { format!("{f}f32") } else { f })
            }
            "Edm.Double" => {
                let f = float(v.as_number()?)?;
                Some(if in_vec {
                    format!("::graphgen_runtime::Double({f})")
                } else {
                    f
                })
            }
            "Edm.DateTimeOffset" => {
                parsed("DateTimeOffset", "a date-time", wire_format::is_date_time)
            }
            "Edm.Date" => parsed("Date", "a date", wire_format::is_date),
            "Edm.TimeOfDay" => parsed("TimeOfDay", "a time of day", wire_format::is_time),
            "Edm.Duration" => parsed("Duration", "a duration", wire_format::is_duration),
            "Edm.Decimal" => parsed("Decimal", "a decimal", is_decimal),
            "Edm.Guid" => Some(format!(
                "::graphgen_runtime::uuid::Uuid::parse_str({}).expect(\"a GUID\")",
                lit(v.as_str().filter(|t| wire_format::is_guid(t))?)
            )),
            "Edm.Binary" => parsed("Binary", "base64", decodes_as_base64)
                .map(|c| c.replace("::parse(", "::from_base64(")),
            // Free JSON: `Edm.Untyped`, or a type the model does not have.
            _ if !v.is_null() => Some(self.json(v)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::decodes_as_base64;

    #[test]
    fn base64_as_the_runtime_decodes_it() {
        for good in ["SGVsbG8=", "SGVsbG8", "SGVsbG8gd29ybGQ=", "a-_b", ""] {
            assert!(decodes_as_base64(good), "{good}");
        }
        for bad in [
            "Binary",
            "base64Y3YxN2E1MWFlYw==",
            "base64-contentBytes-value",
            "R0lGODdhEAYEAA7",
            "a+_b",
            "SGVsbG8===",
        ] {
            assert!(!decodes_as_base64(bad), "{bad}");
        }
    }
}
