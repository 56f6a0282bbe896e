//! Forward-compatible enums: generated enums keep a value they do not know
//! (in an `Unrecognized` variant) and write it back unchanged.

use serde::de::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};

/// A generated enum: converts to and from its wire name.
pub trait WireEnum: Sized {
    /// Never fails: an unknown name becomes the enum's catch-all variant.
    fn from_wire(name: &str) -> Self;
    fn wire_name(&self) -> &str;
}

/// A flags enum's value: members joined by commas on the wire (`a,b`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Flags<E>(pub Vec<E>);

impl<E: WireEnum + PartialEq> Flags<E> {
    pub fn contains(&self, member: &E) -> bool {
        self.0.contains(member)
    }
}

impl<E: WireEnum> Serialize for Flags<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let names: Vec<&str> = self.0.iter().map(WireEnum::wire_name).collect();
        serializer.serialize_str(&names.join(","))
    }
}

impl<'de, E: WireEnum> Deserialize<'de> for Flags<E> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = crate::de::Key::deserialize(deserializer)?;
        Ok(Flags(
            text.as_str()
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(E::from_wire)
                .collect(),
        ))
    }
}
