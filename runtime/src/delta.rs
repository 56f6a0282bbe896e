//! Change tracking (sans-IO). A generated `delta` function's call reads as
//! a [`DeltaPage`]: its entries are [`Change`]s, an upserted item of the
//! call's type or a typed removal (`@removed`), never a misfit. A
//! [`DeltaSync`] follows `@odata.nextLink` to the `@odata.deltaLink` and
//! keeps where it is as a [`DeltaCursor`], which serializes, so the next
//! run resumes from it: a round stopped half-way goes on from its last
//! `nextLink`, a finished round starts the next from its `deltaLink`.

use crate::call::Call;
use crate::response::{Error, ResponseKind};
use crate::AdditionalProperties;
use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;
use std::marker::PhantomData;

/// The result kind of a `delta` function: a page of changes to `T`.
pub struct Delta<T>(PhantomData<T>);

impl<T: DeserializeOwned> ResponseKind for Delta<T> {
    type Output = DeltaPage<T>;
    fn parse(response: &http::Response<Vec<u8>>) -> Result<DeltaPage<T>, Error> {
        if !response.status().is_success() {
            let error = crate::GraphError::from_response(response);
            return Err(Error::Graph(Box::new(error)));
        }
        DeltaPage::from_json(response.body()).map_err(|message| Error::Decode {
            status: response.status().as_u16(),
            message,
        })
    }
}

/// One entry of a delta response.
#[derive(Debug, Clone, PartialEq)]
pub enum Change<T> {
    /// The item was created or changed: its current state (the properties
    /// the service sends; a change may carry only those that changed).
    Upserted(T),
    /// The item left the tracked set.
    Removed(Removed),
}

/// An `@removed` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub id: String,
    pub reason: RemovalReason,
    /// The entry's other properties (`@odata.type`, ...), kept to be
    /// written back.
    pub additional_properties: AdditionalProperties,
}

/// Why an item was removed (`@removed.reason`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemovalReason {
    /// Deleted; it may be restored.
    Changed,
    /// Deleted for good.
    Deleted,
    /// A reason this runtime does not know, as sent.
    Other(String),
}

impl RemovalReason {
    fn from_wire(text: &str) -> RemovalReason {
        match text {
            "changed" => RemovalReason::Changed,
            "deleted" => RemovalReason::Deleted,
            other => RemovalReason::Other(other.to_string()),
        }
    }
    pub fn wire_name(&self) -> &str {
        match self {
            RemovalReason::Changed => "changed",
            RemovalReason::Deleted => "deleted",
            RemovalReason::Other(text) => text,
        }
    }
}

/// A page of a delta response.
#[derive(Debug, Clone, PartialEq)]
pub struct DeltaPage<T> {
    pub value: Vec<Change<T>>,
    /// More changes of this round.
    pub next_link: Option<String>,
    /// The round is over; the next one starts here.
    pub delta_link: Option<String>,
    /// `@odata.context` and any other annotation, kept to be written back.
    pub additional_properties: AdditionalProperties,
}

/// The page with each entry's text borrowed, unread. (A visitor of its
/// own: serde's `flatten` buffers values and cannot hand out raw text.)
struct WirePage<'a> {
    value: Vec<&'a RawValue>,
    next_link: Option<String>,
    delta_link: Option<String>,
    additional_properties: AdditionalProperties,
}

impl<'de> Deserialize<'de> for WirePage<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PageVisitor;
        impl<'de> serde::de::Visitor<'de> for PageVisitor {
            type Value = WirePage<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a delta page")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<WirePage<'de>, A::Error> {
                let mut page = WirePage {
                    value: Vec::new(),
                    next_link: None,
                    delta_link: None,
                    additional_properties: AdditionalProperties::new(),
                };
                let mut has_value = false;
                while let Some(key) = map.next_key::<crate::de::Key<'de>>()? {
                    match key.as_str() {
                        "value" => {
                            page.value = map.next_value()?;
                            has_value = true;
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
        deserializer.deserialize_map(PageVisitor)
    }
}

/// Whether an entry is a removal: a first, cheap pass over its text that
/// skips every other property.
#[derive(Deserialize)]
struct Probe {
    #[serde(rename = "@removed")]
    removed: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct WireRemoved {
    #[serde(default)]
    id: String,
    #[serde(rename = "@removed")]
    removed: RemovedInfo,
    #[serde(flatten)]
    additional_properties: AdditionalProperties,
}

#[derive(Deserialize)]
struct RemovedInfo {
    #[serde(default)]
    reason: String,
}

impl<T: DeserializeOwned> DeltaPage<T> {
    /// Reads a delta response body. Each entry's text is looked at twice:
    /// once for `@removed`, then read as `T` or as the removal, so `T`
    /// reads from text exactly as the call alone would.
    pub fn from_json(body: &[u8]) -> Result<DeltaPage<T>, String> {
        let wire: WirePage<'_> = serde_json::from_slice(body).map_err(|e| e.to_string())?;
        let mut value = Vec::with_capacity(wire.value.len());
        for (i, raw) in wire.value.iter().enumerate() {
            let at = |e: serde_json::Error| format!("value[{i}]: {e}");
            let probe: Probe = serde_json::from_str(raw.get()).map_err(at)?;
            value.push(match probe.removed {
                Some(_) => {
                    let r: WireRemoved = serde_json::from_str(raw.get()).map_err(at)?;
                    Change::Removed(Removed {
                        id: r.id,
                        reason: RemovalReason::from_wire(&r.removed.reason),
                        additional_properties: r.additional_properties,
                    })
                }
                None => Change::Upserted(serde_json::from_str(raw.get()).map_err(at)?),
            });
        }
        Ok(DeltaPage {
            value,
            next_link: wire.next_link,
            delta_link: wire.delta_link,
            additional_properties: wire.additional_properties,
        })
    }
}

impl<T: Serialize> Serialize for Change<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Change::Upserted(item) => item.serialize(serializer),
            Change::Removed(r) => {
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry("id", &r.id)?;
                for (k, v) in &r.additional_properties {
                    map.serialize_entry(k, v)?;
                }
                let reason = serde_json::json!({ "reason": r.reason.wire_name() });
                map.serialize_entry("@removed", &reason)?;
                map.end()
            }
        }
    }
}

impl<T: Serialize> Serialize for DeltaPage<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (k, v) in &self.additional_properties {
            map.serialize_entry(k, v)?;
        }
        if let Some(link) = &self.next_link {
            map.serialize_entry("@odata.nextLink", link)?;
        }
        if let Some(link) = &self.delta_link {
            map.serialize_entry("@odata.deltaLink", link)?;
        }
        map.serialize_entry("value", &self.value)?;
        map.end()
    }
}

/// Where a sync stands, to save between runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeltaCursor {
    /// The link to call next: a round's `nextLink`, or the `deltaLink`
    /// that starts the next round.
    pub link: String,
    /// Whether `link` is a `deltaLink` (the last round finished).
    pub caught_up: bool,
}

/// What a page meant for the sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundStatus {
    /// More pages in this round (`nextLink`).
    More,
    /// The round is over (`deltaLink`): the cursor is ready for the next.
    CaughtUp,
}

/// A sync over one delta function, round after round.
pub struct DeltaSync<T> {
    first: Call<Delta<T>>,
    cursor: Option<DeltaCursor>,
}

impl<T> std::fmt::Debug for DeltaSync<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeltaSync")
            .field("path", &self.first.path())
            .field("cursor", &self.cursor)
            .finish()
    }
}

impl<T> Clone for DeltaSync<T> {
    fn clone(&self) -> Self {
        DeltaSync {
            first: self.first.clone(),
            cursor: self.cursor.clone(),
        }
    }
}

impl<T> DeltaSync<T> {
    /// A first sync: the call lists everything, then tracks changes.
    pub fn new(call: Call<Delta<T>>) -> DeltaSync<T> {
        DeltaSync {
            first: call,
            cursor: None,
        }
    }

    /// A sync that goes on from a saved cursor; `call` gives the headers
    /// the links are called with.
    pub fn resume(call: Call<Delta<T>>, cursor: DeltaCursor) -> DeltaSync<T> {
        DeltaSync {
            first: call,
            cursor: Some(cursor),
        }
    }

    /// The call to make now.
    pub fn next_call(&self) -> Call<Delta<T>> {
        match &self.cursor {
            None => self.first.clone(),
            Some(c) => self.first.follow(&c.link),
        }
    }

    /// Takes in a page the last call read; the cursor moves past it.
    pub fn receive(&mut self, page: &DeltaPage<T>) -> Result<RoundStatus, Error> {
        let (link, caught_up) = match (&page.next_link, &page.delta_link) {
            (Some(next), _) => (next, false),
            (None, Some(delta)) => (delta, true),
            (None, None) => {
                return Err(Error::Decode {
                    status: 200,
                    message: "a delta page with neither @odata.nextLink nor @odata.deltaLink"
                        .into(),
                })
            }
        };
        self.cursor = Some(DeltaCursor {
            link: link.clone(),
            caught_up,
        });
        Ok(if caught_up {
            RoundStatus::CaughtUp
        } else {
            RoundStatus::More
        })
    }

    /// Where the sync stands: `None` before its first page.
    pub fn cursor(&self) -> Option<&DeltaCursor> {
        self.cursor.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Item {
        id: String,
        name: Option<String>,
    }

    fn ok(body: &str) -> http::Response<Vec<u8>> {
        http::Response::new(body.as_bytes().to_vec())
    }

    #[test]
    fn removals_are_typed_and_pages_write_back_as_read() {
        let text = r##"{"@odata.context":"ctx","value":[{"id":"1","name":"a"},{"@odata.type":"#x","id":"2","@removed":{"reason":"deleted"}},{"id":"3","@removed":{"reason":"changed"}}],"@odata.nextLink":"https://h/next"}"##;
        let page = Delta::<Item>::parse(&ok(text)).unwrap();
        assert_eq!(
            page.value[0],
            Change::Upserted(Item {
                id: "1".into(),
                name: Some("a".into())
            })
        );
        let Change::Removed(r) = &page.value[1] else {
            panic!("{:?}", page.value[1])
        };
        assert_eq!((r.id.as_str(), &r.reason), ("2", &RemovalReason::Deleted));
        assert!(matches!(&page.value[2], Change::Removed(r) if r.reason == RemovalReason::Changed));
        let back = serde_json::to_value(&page).unwrap();
        let want: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(back, want);
        assert!(Delta::<Item>::parse(&ok(r#"{"value":[{"id":5}]}"#)).is_err());
    }

    #[test]
    fn the_cursor_follows_next_links_to_the_delta_link() {
        let first: Call<Delta<Item>> = Call::new(
            http::Method::GET,
            &crate::PathBuilder::root().segment("items").segment("delta"),
        )
        .header("Prefer", "odata.maxpagesize=2");
        let mut sync = DeltaSync::new(first);
        assert_eq!(sync.next_call().url("https://h"), "https://h/items/delta");
        let page = |next: Option<&str>, delta: Option<&str>| DeltaPage::<Item> {
            value: Vec::new(),
            next_link: next.map(str::to_string),
            delta_link: delta.map(str::to_string),
            additional_properties: Default::default(),
        };
        assert_eq!(
            sync.receive(&page(Some("https://h/p2"), None)).unwrap(),
            RoundStatus::More
        );
        let saved = serde_json::to_string(sync.cursor().unwrap()).unwrap();
        assert_eq!(saved, r#"{"link":"https://h/p2","caughtUp":false}"#);
        let template = sync.next_call();
        let mut resumed =
            DeltaSync::resume(template.clone(), serde_json::from_str(&saved).unwrap());
        let next = resumed.next_call();
        assert_eq!(next.url("https://ignored"), "https://h/p2");
        assert!(next.headers().iter().any(|(n, _)| n == "Prefer"));
        let status = resumed.receive(&page(None, Some("https://h/d1"))).unwrap();
        assert_eq!(status, RoundStatus::CaughtUp);
        assert_eq!(resumed.next_call().url("https://ignored"), "https://h/d1");
        assert!(resumed.receive(&page(None, None)).is_err());
    }
}
