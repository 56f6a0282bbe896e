//! A page of a Graph collection response: `value` and the paging
//! annotations (`@odata.nextLink` and friends).

use crate::de::Key;
use crate::AdditionalProperties;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// `{"@odata.nextLink": ..., "value": [...]}` as Graph returns lists.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CollectionPage<T> {
    #[serde(rename = "@odata.context", skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(rename = "@odata.count", skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(rename = "@odata.nextLink", skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
    #[serde(rename = "@odata.deltaLink", skip_serializing_if = "Option::is_none")]
    pub delta_link: Option<String>,
    pub value: Vec<T>,
    /// Other annotations and properties, kept to be written back.
    #[serde(flatten)]
    pub additional_properties: AdditionalProperties,
}

/// Reads a JSON array whose length is not known ahead (serde_json gives no
/// size hint) in fixed-size chunks, then moves them into one vector of the
/// exact length. Growing one vector by doubling instead copies large model
/// structs again and again and, past the allocator's mmap threshold, maps
/// fresh pages on every page read: for 10,000 users that took twice as long.
struct ChunkedVec<T>(PhantomData<T>);

const CHUNK: usize = 1024;

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for ChunkedVec<T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ChunkedVec<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut chunks: Vec<Vec<T>> = Vec::new();
        let mut current: Vec<T> = Vec::with_capacity(seq.size_hint().unwrap_or(CHUNK).min(CHUNK));
        while let Some(item) = seq.next_element()? {
            if current.len() == current.capacity() {
                chunks.push(std::mem::replace(&mut current, Vec::with_capacity(CHUNK)));
            }
            current.push(item);
        }
        if chunks.is_empty() {
            return Ok(current);
        }
        let total = chunks.iter().map(Vec::len).sum::<usize>() + current.len();
        let mut all = Vec::with_capacity(total);
        for chunk in chunks {
            all.extend(chunk);
        }
        all.extend(current);
        Ok(all)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for CollectionPage<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PageVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for PageVisitor<T> {
            type Value = CollectionPage<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a collection page")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<CollectionPage<T>, A::Error> {
                let mut page = CollectionPage {
                    context: None,
                    count: None,
                    next_link: None,
                    delta_link: None,
                    value: Vec::new(),
                    additional_properties: AdditionalProperties::new(),
                };
                // A page without `value` is not a collection response.
                let mut has_value = false;
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "value" => {
                            page.value = map.next_value_seed(ChunkedVec(PhantomData))?;
                            has_value = true;
                        }
                        "@odata.context" => page.context = map.next_value()?,
                        "@odata.count" => {
                            page.count = map.next_value::<Option<crate::Int64>>()?.map(|n| n.0)
                        }
                        "@odata.nextLink" => page.next_link = map.next_value()?,
                        "@odata.deltaLink" => page.delta_link = map.next_value()?,
                        _ => {
                            let value = map.next_value()?;
                            page.additional_properties.insert(key.into_string(), value);
                        }
                    }
                }
                if !has_value {
                    return Err(serde::de::Error::missing_field("value"));
                }
                Ok(page)
            }
        }
        deserializer.deserialize_map(PageVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_a_page() {
        let text = r#"{"@odata.context":"https://x/$metadata#users","@odata.nextLink":"https://x/users?$skiptoken=1","value":[1,2,3],"@odata.count":"3","other":true}"#;
        let page: CollectionPage<i32> = serde_json::from_str(text).unwrap();
        assert_eq!(page.value, [1, 2, 3]);
        assert_eq!(page.count, Some(3));
        assert_eq!(
            page.next_link.as_deref(),
            Some("https://x/users?$skiptoken=1")
        );
        assert_eq!(
            page.additional_properties.get("other"),
            Some(&serde_json::json!(true))
        );
        let back = serde_json::to_value(&page).unwrap();
        assert_eq!(back["value"], serde_json::json!([1, 2, 3]));
        assert_eq!(back["@odata.count"], serde_json::json!(3));
    }

    #[test]
    fn long_arrays_keep_their_order() {
        let items: Vec<u32> = (0..(CHUNK as u32 * 3 + 7)).collect();
        let text = serde_json::json!({ "value": items }).to_string();
        let page: CollectionPage<u32> = serde_json::from_str(&text).unwrap();
        assert_eq!(page.value, items);
        let empty: CollectionPage<u32> = serde_json::from_str(r#"{"value":[]}"#).unwrap();
        assert!(empty.value.is_empty());
        assert!(serde_json::from_str::<CollectionPage<u32>>(r#"{"id":"1"}"#).is_err());
    }
}
