//! Helpers the generated `Serialize` impls call. A struct is written as a
//! JSON object field by field with no `?` after each write: the first error
//! is kept and the writes after it are skipped. One early return per struct
//! instead of one per field keeps the generated code small, which is most
//! of what `cargo check` spends on a models crate.

use crate::{AdditionalProperties, Nullable};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// Writes a generated struct as one flat JSON object: its properties (its
/// bases' first), then the unknown ones it kept.
pub fn write_object<S: Serializer, T: crate::de::ObjectFields>(
    value: &T,
    additional: &AdditionalProperties,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut out = object(serializer)?;
    value.write_fields(&mut out);
    out.end(additional)
}

/// An object being written.
pub struct ObjectWriter<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

/// Starts writing an object.
pub fn object<S: Serializer>(serializer: S) -> Result<ObjectWriter<S::SerializeMap>, S::Error> {
    Ok(ObjectWriter {
        map: serializer.serialize_map(None)?,
        error: None,
    })
}

impl<M: SerializeMap> ObjectWriter<M> {
    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.error.is_none() {
            if let Err(e) = self.map.serialize_entry(key, value) {
                self.error = Some(e);
            }
        }
    }

    /// An annotation such as `@odata.type`, written when present.
    pub fn annotation(&mut self, key: &str, value: &Option<String>) {
        if let Some(value) = value {
            self.entry(key, value);
        }
    }

    /// A property, written unless absent (`null` is written).
    pub fn field<T: Serialize>(&mut self, key: &str, value: &Nullable<T>) {
        if !value.is_absent() {
            self.entry(key, value);
        }
    }

    /// The properties the model does not know, then the end of the object.
    pub fn end(mut self, additional: &AdditionalProperties) -> Result<M::Ok, M::Error> {
        for (key, value) in additional {
            self.entry(key, value);
        }
        match self.error {
            Some(e) => Err(e),
            None => self.map.end(),
        }
    }
}
