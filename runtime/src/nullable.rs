//! A property that may be absent, explicitly `null`, or a value.
//!
//! Graph returns subsets of properties under `$select`, and a PATCH body
//! clears a property by sending `null`: the three states must stay apart
//! through deserialize and serialize, which `Option<T>` cannot do.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// Not in the payload; not written back.
    #[default]
    Absent,
    /// `null` in the payload; written back as `null`.
    Null,
    Value(T),
}

impl<T> Nullable<T> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }
    /// The value, if there is one.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }
    pub fn as_mut(&mut self) -> Option<&mut T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }
    /// The value, if there is one; absent and `null` both give `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes `null` (the caller said something), not absent.
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl From<&str> for Nullable<String> {
    /// `"Hi".into()` for a text property, without `.to_string()`.
    fn from(value: &str) -> Self {
        Nullable::Value(value.to_string())
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => v.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Default, Debug, PartialEq)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        name: Nullable<String>,
    }

    #[test]
    fn absent_null_and_value_stay_apart() {
        for (json, want) in [
            ("{}", Nullable::Absent),
            (r#"{"name":null}"#, Nullable::Null),
            (r#"{"name":"x"}"#, Nullable::Value("x".to_string())),
        ] {
            let got: Patch = serde_json::from_str(json).unwrap();
            assert_eq!(got.name, want);
            assert_eq!(serde_json::to_string(&got).unwrap(), json);
        }
    }
}
