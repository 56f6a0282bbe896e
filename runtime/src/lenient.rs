//! Lenient reads: a value that does not fit its documented type (another
//! JSON kind, a date-time that does not parse, an object where a string is
//! documented) does not fail the response. The generated `Deserialize` keeps
//! it as it came in `additional_properties` (so it is written back
//! unchanged), leaves the field absent, and records a [`Misfit`].
//!
//! Generated with `Config::strict_reads` (`generate --strict-reads`), a
//! misfit is an error instead.
//!
//! One pass over the input: scalars are read as a `serde_json::Value` (a
//! string is allocated once either way, and moved into the field), objects
//! go straight to the generated visitor, and only a misfit is kept as a
//! `Value`.

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use std::marker::PhantomData;

/// A property whose value did not fit its documented type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    /// The property's wire name.
    pub property: String,
    /// What the pages document (`"a date-time"`, `"a collection"`).
    pub expected: String,
}

/// The misfits of one object (nested objects keep their own).
pub type Misfits = Vec<Misfit>;

/// Every misfit kept in a value and the values inside it, with the JSON
/// path of each (`$.options[0].name`): what a caller logs as drift.
pub trait CollectMisfits {
    fn collect_misfits(&self, path: &str, out: &mut Vec<(String, Misfit)>);

    fn all_misfits(&self) -> Vec<(String, Misfit)> {
        let mut out = Vec::new();
        self.collect_misfits("$", &mut out);
        out
    }
}

impl<T: CollectMisfits> CollectMisfits for crate::Nullable<T> {
    fn collect_misfits(&self, path: &str, out: &mut Vec<(String, Misfit)>) {
        if let Some(v) = self.as_ref() {
            v.collect_misfits(path, out);
        }
    }
}

/// A generated struct's misfits: its own, then its nested objects' (one
/// impl for every struct rather than one a struct, which keeps the
/// generated code small; boxed fields go through [`nested_boxed_misfits`]).
impl<T: crate::de::ObjectFields> CollectMisfits for T {
    fn collect_misfits(&self, path: &str, out: &mut Vec<(String, Misfit)>) {
        self.walk_misfits(path, out);
    }
}

impl<T: CollectMisfits> CollectMisfits for Vec<T> {
    fn collect_misfits(&self, path: &str, out: &mut Vec<(String, Misfit)>) {
        for (i, item) in self.iter().enumerate() {
            item.collect_misfits(&format!("{path}[{i}]"), out);
        }
    }
}

impl<T: CollectMisfits> CollectMisfits for crate::CollectionPage<T> {
    fn collect_misfits(&self, path: &str, out: &mut Vec<(String, Misfit)>) {
        self.value.collect_misfits(&format!("{path}.value"), out);
    }
}

/// The misfits of one object, at `path`.
pub fn own_misfits(misfits: &Misfits, path: &str, out: &mut Vec<(String, Misfit)>) {
    for m in misfits {
        out.push((format!("{path}.{}", m.property), m.clone()));
    }
}

/// The misfits inside a nested property `property` of the object at `path`.
pub fn nested_misfits<T: CollectMisfits + ?Sized>(
    value: &T,
    path: &str,
    property: &str,
    out: &mut Vec<(String, Misfit)>,
) {
    value.collect_misfits(&format!("{path}.{property}"), out);
}

/// A value read leniently.
#[derive(Debug)]
pub enum Read<T> {
    Fit(T),
    Null,
    /// The value as it came, and what was expected.
    Misfit(Value, &'static str),
}

/// A type the generated code reads leniently.
pub trait LenientRead: Sized {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error>;
}

/// The seed a generated `visit_map` passes to `next_value_seed`.
pub struct Seed<T>(PhantomData<T>);

impl<T> Default for Seed<T> {
    fn default() -> Self {
        Seed(PhantomData)
    }
}

impl<'de, T: LenientRead> DeserializeSeed<'de> for Seed<T> {
    type Value = Read<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Read<T>, D::Error> {
        T::read(deserializer)
    }
}

/// Reads one field of a generated struct, a `T` into a slot of `U` (the
/// value itself, or boxed): a value that fits goes into its slot, `null`
/// makes it null, a misfit is kept by [`keep`].
pub(crate) fn field_as<'de, A: MapAccess<'de>, T: LenientRead, U>(
    map: &mut A,
    slot: &mut crate::Nullable<U>,
    additional: &mut crate::AdditionalProperties,
    misfits: &mut Misfits,
    property: &str,
    wrap: impl FnOnce(T) -> U,
) -> Result<(), A::Error> {
    match map.next_value_seed(Seed::<T>::default())? {
        Read::Fit(v) => *slot = crate::Nullable::Value(wrap(v)),
        Read::Null => *slot = crate::Nullable::Null,
        Read::Misfit(raw, expected) => keep(additional, misfits, property, raw, expected),
    }
    Ok(())
}

/// The misfits inside a boxed nested property.
pub fn nested_boxed_misfits<T: CollectMisfits>(
    value: &crate::Nullable<Box<T>>,
    path: &str,
    property: &str,
    out: &mut Vec<(String, Misfit)>,
) {
    if let Some(v) = value.as_ref() {
        nested_misfits(v.as_ref(), path, property, out);
    }
}

/// Keeps a misfit: the raw value under its key (written back unchanged) and
/// a record of it.
pub fn keep(
    additional: &mut crate::AdditionalProperties,
    misfits: &mut Misfits,
    property: &str,
    raw: Value,
    expected: &'static str,
) {
    additional.insert(property.to_string(), raw);
    misfits.push(Misfit {
        property: property.to_string(),
        expected: expected.to_string(),
    });
}

fn via_value<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    expected: &'static str,
    convert: impl FnOnce(Value) -> Result<T, Value>,
) -> Result<Read<T>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    if value.is_null() {
        return Ok(Read::Null);
    }
    Ok(match convert(value) {
        Ok(t) => Read::Fit(t),
        Err(v) => Read::Misfit(v, expected),
    })
}

/// Text-valued types (dates, GUIDs, enum members, strings): read from the
/// text as it is borrowed from the input, without building a `Value`;
/// anything else is a misfit.
fn read_text<'de, D: Deserializer<'de>, T, P: FnOnce(TextIn<'_>) -> Option<T>>(
    d: D,
    expected: &'static str,
    parse: P,
) -> Result<Read<T>, D::Error> {
    d.deserialize_any(TextVisitor { expected, parse })
}

/// The text a [`TextVisitor`] was given: borrowed, or owned (moved on).
pub enum TextIn<'a> {
    Borrowed(&'a str),
    Owned(String),
}

impl TextIn<'_> {
    fn as_str(&self) -> &str {
        match self {
            TextIn::Borrowed(s) => s,
            TextIn::Owned(s) => s,
        }
    }
}

struct TextVisitor<P> {
    expected: &'static str,
    parse: P,
}

impl<P> TextVisitor<P> {
    fn text<T, E>(self, text: TextIn<'_>) -> Result<Read<T>, E>
    where
        P: FnOnce(TextIn<'_>) -> Option<T>,
    {
        let kept = Value::String(text.as_str().to_string());
        Ok(match (self.parse)(text) {
            Some(t) => Read::Fit(t),
            None => Read::Misfit(kept, self.expected),
        })
    }
}

impl<'de, T, P: FnOnce(TextIn<'_>) -> Option<T>> Visitor<'de> for TextVisitor<P> {
    type Value = Read<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Read<T>, E> {
        let parse = self.parse;
        match parse(TextIn::Borrowed(v)) {
            Some(t) => Ok(Read::Fit(t)),
            None => Ok(Read::Misfit(Value::String(v.to_string()), self.expected)),
        }
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Read<T>, E> {
        let parse = self.parse;
        match parse(TextIn::Borrowed(v)) {
            Some(t) => Ok(Read::Fit(t)),
            None => Ok(Read::Misfit(Value::String(v.to_string()), self.expected)),
        }
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Read<T>, E> {
        self.text(TextIn::Owned(v))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Read<T>, E> {
        Ok(Read::Null)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Read<T>, E> {
        Ok(Read::Null)
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Read<T>, E> {
        Ok(Read::Misfit(Value::Bool(v), self.expected))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Read<T>, E> {
        Ok(Read::Misfit(Value::from(v), self.expected))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Read<T>, E> {
        Ok(Read::Misfit(Value::from(v), self.expected))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Read<T>, E> {
        Ok(Read::Misfit(Value::from(v), self.expected))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Read<T>, A::Error> {
        Ok(Read::Misfit(
            Value::deserialize(MapAccessDeserializer::new(map))?,
            self.expected,
        ))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Read<T>, A::Error> {
        Ok(Read::Misfit(
            Value::deserialize(SeqAccessDeserializer::new(seq))?,
            self.expected,
        ))
    }
}

macro_rules! lenient_text {
    ($ty:ty, $what:literal, $parse:expr) => {
        impl LenientRead for $ty {
            fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
                read_text(d, $what, |t| ($parse)(t.as_str()))
            }
        }
    };
}

macro_rules! lenient_scalar {
    ($ty:ty, $what:literal, |$v:ident| $convert:expr) => {
        impl LenientRead for $ty {
            fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
                via_value(d, $what, |$v: Value| $convert)
            }
        }
    };
}

fn integer<T: TryFrom<i64>>(v: Value) -> Result<T, Value> {
    match v.as_i64().and_then(|n| T::try_from(n).ok()) {
        Some(n) => Ok(n),
        None => Err(v),
    }
}

impl LenientRead for String {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        read_text(d, "a string", |t| {
            Some(match t {
                TextIn::Borrowed(s) => s.to_string(),
                TextIn::Owned(s) => s,
            })
        })
    }
}
lenient_scalar!(bool, "a boolean", |v| v.as_bool().ok_or(v));
lenient_scalar!(i8, "an integer", |v| integer(v));
lenient_scalar!(u8, "an integer", |v| integer(v));
lenient_scalar!(i16, "an integer", |v| integer(v));
lenient_scalar!(i32, "an integer", |v| integer(v));
lenient_scalar!(i64, "an integer", |v| integer(v));
lenient_scalar!(f32, "a number", |v| match v.as_f64() {
    Some(n) => Ok(n as f32),
    None => Err(v),
});
lenient_scalar!(f64, "a number", |v| v.as_f64().ok_or(v));
lenient_scalar!(Value, "JSON", |v| Ok::<Value, Value>(v));
lenient_scalar!(crate::Int64, "an integer", |v| match &v {
    Value::String(s) => s.trim().parse().map(crate::Int64).map_err(|_| v),
    _ => integer(v).map(crate::Int64),
});
lenient_scalar!(crate::Double, "a number", |v| match &v {
    Value::String(s) => match s.as_str() {
        "NaN" => Ok(crate::Double(f64::NAN)),
        "INF" => Ok(crate::Double(f64::INFINITY)),
        "-INF" => Ok(crate::Double(f64::NEG_INFINITY)),
        _ => Err(v),
    },
    _ => v.as_f64().map(crate::Double).ok_or(v),
});
// A decimal keeps every digit: read from the JSON text, not through an f64.
impl LenientRead for crate::Decimal {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        let raw = <Box<serde_json::value::RawValue>>::deserialize(d)?;
        if let Ok(decimal) = serde_json::from_str::<crate::Decimal>(raw.get()) {
            return Ok(Read::Fit(decimal));
        }
        let value: Value = serde_json::from_str(raw.get()).map_err(D::Error::custom)?;
        Ok(if value.is_null() {
            Read::Null
        } else {
            Read::Misfit(value, "a decimal")
        })
    }
}
lenient_text!(
    crate::DateTimeOffset,
    "a date-time",
    crate::DateTimeOffset::parse
);
lenient_text!(crate::Date, "a date", crate::Date::parse);
lenient_text!(crate::TimeOfDay, "a time of day", crate::TimeOfDay::parse);
lenient_text!(crate::Duration, "a duration", crate::Duration::parse);
lenient_text!(uuid::Uuid, "a GUID", |s: &str| s.parse().ok());
lenient_scalar!(
    crate::Binary,
    "base64",
    |v| match serde_json::from_value::<crate::Binary>(v.clone()) {
        Ok(b) => Ok(b),
        Err(_) => Err(v),
    }
);

impl<E: crate::WireEnum> LenientRead for crate::Flags<E> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        via_value(d, "enum members", |v| match &v {
            Value::String(s) => Ok(crate::Flags(
                s.split(',')
                    .map(str::trim)
                    .filter(|m| !m.is_empty())
                    .map(E::from_wire)
                    .collect(),
            )),
            _ => Err(v),
        })
    }
}

/// A generated enum: any string is a member (an unknown one is kept).
pub fn read_enum<'de, D: Deserializer<'de>, E: crate::WireEnum>(d: D) -> Result<Read<E>, D::Error> {
    via_value(d, "an enum member", |v| match &v {
        Value::String(s) => Ok(E::from_wire(s)),
        _ => Err(v),
    })
}

/// A generated struct: an object goes to its own visitor (one impl for every
/// struct; boxed fields are read by [`crate::de::FieldReader::boxed`]).
impl<T: crate::de::ObjectFields + serde::de::DeserializeOwned> LenientRead for T {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        read_object(d)
    }
}

/// A generated struct: an object goes to its own (lenient) visitor, any
/// other value is a misfit.
pub fn read_object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Read<T>, D::Error> {
    d.deserialize_any(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

const OBJECT: &str = "an object";

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = Read<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Read<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Read::Fit)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Read<T>, A::Error> {
        Ok(Read::Misfit(
            Value::deserialize(SeqAccessDeserializer::new(seq))?,
            OBJECT,
        ))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Read<T>, E> {
        Ok(Read::Null)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Read<T>, E> {
        Ok(Read::Null)
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Read<T>, E> {
        Ok(Read::Misfit(Value::Bool(v), OBJECT))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Read<T>, E> {
        Ok(Read::Misfit(Value::from(v), OBJECT))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Read<T>, E> {
        Ok(Read::Misfit(Value::from(v), OBJECT))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Read<T>, E> {
        Ok(Read::Misfit(Value::from(v), OBJECT))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Read<T>, E> {
        Ok(Read::Misfit(Value::String(v.to_string()), OBJECT))
    }
}

/// A polymorphic form: an object is read by its `@odata.type`; any other
/// value is a misfit.
pub fn read_poly<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    d: D,
) -> Result<Read<T>, D::Error> {
    let raw = <Box<serde_json::value::RawValue>>::deserialize(d)?;
    let json = raw.get().trim_start();
    if json.starts_with('{') {
        return serde_json::from_str(json)
            .map(Read::Fit)
            .map_err(D::Error::custom);
    }
    let value: Value = serde_json::from_str(json).map_err(D::Error::custom)?;
    Ok(if value.is_null() {
        Read::Null
    } else {
        Read::Misfit(value, OBJECT)
    })
}

/// A collection: each element read leniently; one that does not fit makes
/// the whole collection a misfit, kept as it came (its fitting elements
/// written back as read).
impl<T: LenientRead + serde::Serialize> LenientRead for Vec<T> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        d.deserialize_any(SeqVisitor(PhantomData))
    }
}

struct SeqVisitor<T>(PhantomData<T>);

const COLLECTION: &str = "a collection";

impl<'de, T: LenientRead + serde::Serialize> Visitor<'de> for SeqVisitor<T> {
    type Value = Read<Vec<T>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items: Vec<T> = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256));
        let mut raw: Option<Vec<Value>> = None;
        while let Some(item) = seq.next_element_seed(Seed::<T>::default())? {
            match (item, &mut raw) {
                (Read::Fit(t), None) => items.push(t),
                (Read::Fit(t), Some(r)) => {
                    r.push(serde_json::to_value(&t).map_err(A::Error::custom)?)
                }
                (Read::Null, Some(r)) => r.push(Value::Null),
                (Read::Misfit(v, _), Some(r)) => r.push(v),
                (other, None) => {
                    let mut r: Vec<Value> = items
                        .iter()
                        .map(serde_json::to_value)
                        .collect::<Result<_, _>>()
                        .map_err(A::Error::custom)?;
                    r.push(match other {
                        Read::Misfit(v, _) => v,
                        _ => Value::Null,
                    });
                    raw = Some(r);
                }
            }
        }
        Ok(match raw {
            None => Read::Fit(items),
            Some(r) => Read::Misfit(Value::Array(r), COLLECTION),
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Ok(Read::Misfit(
            Value::deserialize(MapAccessDeserializer::new(map))?,
            COLLECTION,
        ))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Read::Null)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Read::Null)
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Read::Misfit(Value::Bool(v), COLLECTION))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Read::Misfit(Value::from(v), COLLECTION))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Read::Misfit(Value::from(v), COLLECTION))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Read::Misfit(Value::from(v), COLLECTION))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Read::Misfit(Value::String(v.to_string()), COLLECTION))
    }
}
