//! Helpers for generated `Deserialize` impls.

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// An object key, borrowed from the input where it can be.
pub struct Key<'de>(pub Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Serde for a type that travels as text: written through its `Display`,
/// read through its `parse` (`fn(&str) -> Option<Self>`); a failure names
/// the value and what it should have been (`"an RFC 3339 date-time"`).
macro_rules! text_wire {
    ($ty:ty, $what:literal) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text =
                    <$crate::de::Key<'de> as serde::Deserialize<'de>>::deserialize(deserializer)?;
                <$ty>::parse(text.as_str()).ok_or_else(|| {
                    <D::Error as serde::de::Error>::custom(format!(
                        concat!("`{}` is not ", $what),
                        text.as_str()
                    ))
                })
            }
        }
    };
}
pub(crate) use text_wire;

/// The `@odata.type` of a JSON object (without the leading `#`), read
/// without building the rest of the object.
pub fn odata_type_of(json: &str) -> Option<String> {
    struct Probe(Option<String>);
    impl<'de> Deserialize<'de> for Probe {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct ProbeVisitor;
            impl<'de> Visitor<'de> for ProbeVisitor {
                type Value = Probe;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
                    let mut found = None;
                    while let Some(key) = map.next_key::<Key<'de>>()? {
                        if key.as_str() == "@odata.type" && found.is_none() {
                            found = map.next_value::<Option<String>>()?;
                        } else {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                    Ok(Probe(found))
                }
            }
            deserializer.deserialize_map(ProbeVisitor)
        }
    }
    let probe: Probe = serde_json::from_str(json).ok()?;
    probe.0.map(|t| t.trim_start_matches('#').to_string())
}

/// [`odata_type_of`] in lower case, for matching type names as the service
/// compares them.
pub fn odata_type_lowercase(json: &str) -> Option<String> {
    odata_type_of(json).map(|t| t.to_ascii_lowercase())
}

/// Reads a boxed value from JSON text, reporting failure as `E`.
pub fn from_json<T, E>(json: &str) -> Result<Box<T>, E>
where
    T: serde::de::DeserializeOwned,
    E: de::Error,
{
    serde_json::from_str(json).map(Box::new).map_err(E::custom)
}

/// Keeps a property the model does not know, to be written back.
pub fn unknown<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    key: Key<'de>,
    additional: &mut crate::AdditionalProperties,
) -> Result<(), A::Error> {
    let value = map.next_value()?;
    additional.insert(key.into_string(), value);
    Ok(())
}

/// One property's value being read into a generated struct: it holds what
/// every field's read needs (the key, the map, where misfits go), so that a
/// generated `read_field` arm is only `"name" => read.field(&mut self.name)`.
/// Fewer tokens per field make the models crate cheaper to check.
pub struct FieldReader<'k, 'a, A> {
    key: &'k str,
    map: &'a mut A,
    additional: &'a mut crate::AdditionalProperties,
    misfits: &'a mut crate::Misfits,
}

impl<'k, 'a, 'de, A: MapAccess<'de>> FieldReader<'k, 'a, A> {
    /// The reader of `key`'s value from `map`, into a struct whose unknown
    /// properties and misfits are `additional` and `misfits`.
    pub fn new(
        key: &'k str,
        map: &'a mut A,
        additional: &'a mut crate::AdditionalProperties,
        misfits: &'a mut crate::Misfits,
    ) -> Self {
        Self {
            key,
            map,
            additional,
            misfits,
        }
    }

    /// Reads the value leniently: one that does not fit is kept as a misfit.
    pub fn field<T: crate::lenient::LenientRead>(
        self,
        slot: &mut crate::Nullable<T>,
    ) -> Result<(), A::Error> {
        crate::lenient::field_as(
            self.map,
            slot,
            self.additional,
            self.misfits,
            self.key,
            |v| v,
        )
    }

    /// [`FieldReader::field`] for a boxed struct field (`Box` gets no
    /// `LenientRead` of its own, so that every generated struct shares one).
    pub fn boxed<T: crate::lenient::LenientRead>(
        self,
        slot: &mut crate::Nullable<Box<T>>,
    ) -> Result<(), A::Error> {
        crate::lenient::field_as(
            self.map,
            slot,
            self.additional,
            self.misfits,
            self.key,
            Box::new,
        )
    }

    /// Reads the value as its type (strict reads, overridden types).
    pub fn strict<T: Deserialize<'de>>(self, slot: &mut T) -> Result<(), A::Error> {
        *slot = self.map.next_value()?;
        Ok(())
    }
}

/// A generated struct's properties as a JSON object's: read one by one,
/// written in order, their misfits walked. The visitor and the writer are
/// written once here rather than once a struct, which keeps the generated
/// code small. A derived type holds its base as a field and hands it the
/// properties it does not hold itself, so the object stays flat on the wire.
pub trait ObjectFields: Default {
    /// What the struct is, for error messages (`a microsoft.graph.user object`).
    const EXPECTING: &'static str;
    /// Reads the value of one property (`key`) into the struct.
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: Key<'de>,
        map: &mut A,
    ) -> Result<(), A::Error>;
    /// Writes the struct's properties (its base's first), not its unknown
    /// ones: [`crate::ser::ObjectWriter::end`] writes those once, at the end.
    fn write_fields<M: serde::ser::SerializeMap>(&self, out: &mut crate::ser::ObjectWriter<M>);
    /// The misfits kept in the struct and in its nested objects, at `path`
    /// (what `CollectMisfits` reports for every generated struct).
    fn walk_misfits(&self, path: &str, out: &mut Vec<(String, crate::Misfit)>);
}

/// Reads a JSON object into a generated struct.
pub fn read_fields<'de, D: Deserializer<'de>, T: ObjectFields>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct FieldsVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: ObjectFields> Visitor<'de> for FieldsVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut out = T::default();
            while let Some(key) = map.next_key::<Key<'de>>()? {
                out.read_field(key, &mut map)?;
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(FieldsVisitor(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    #[test]
    fn probes_odata_type() {
        assert_eq!(
            super::odata_type_of(
                r##"{"a":[1,{"@odata.type":"x"}],"@odata.type":"#microsoft.graph.user"}"##
            )
            .as_deref(),
            Some("microsoft.graph.user")
        );
        assert_eq!(super::odata_type_of(r#"{"a":1}"#), None);
    }
}
