//! The runtime of graphgen's generated Microsoft Graph models.
//!
//! Generated code names everything through `::graphgen_runtime`, so a crate
//! that includes generated models depends on this crate alone: serde,
//! serde_json, time and uuid are re-exported from here.
//!
//! - [`Nullable`]: a property that may be absent, `null`, or a value.
//! - Wire types for Edm primitives whose JSON form needs care: [`Int64`],
//!   [`Double`], [`Decimal`], [`Binary`], [`DateTimeOffset`], [`Date`],
//!   [`TimeOfDay`], [`Duration`].
//! - [`WireEnum`] and [`Flags`] for forward-compatible enums.
//! - [`CollectionPage`]: a page of a collection response (`value`, `@odata.nextLink`).
//! - [`de`] and [`ser`]: helpers the generated `Deserialize` and `Serialize` impls call.
//! - [`lenient`]: a value that does not fit its documented type is kept as
//!   it came (and written back), with a [`Misfit`] saying so; feature
//!   `strict` makes it an error instead.
//! - [`Call`]: a sans-IO call built by the generated request builders (its
//!   `select`, `expand` and `orderby` take names or the generated field
//!   selectors, [`desc`] orders one descending); it
//!   becomes an `http::Request` and reads an `http::Response` into its
//!   typed result ([`Json`], [`Page`], [`Value`], [`NoContent`], [`Bytes`])
//!   or a typed [`GraphError`].
//! - Sans-IO state machines any HTTP client can drive: [`batch`] (typed
//!   `$batch`), [`upload`] (large files through an upload session),
//!   [`delta`] (change tracking with a resumable cursor), [`retry`] (when
//!   to send again) and [`hosts`] (which hosts get the bearer token).
//! - [`client`] (feature `client`): drives them all with reqwest: retries,
//!   paging, batches, uploads, delta sync, tokens only where allowed.
//! - [`auth`] (feature `azure`): tokens from Microsoft's Azure identity
//!   crate, with the scope of the cloud called.

pub use http;
pub use serde;
pub use serde_json;
pub use time;
pub use uuid;

#[cfg(feature = "azure")]
pub mod auth;
pub mod batch;
mod call;
#[cfg(feature = "client")]
pub mod client;
mod collection;
pub mod de;
pub mod delta;
mod duration;
mod enums;
pub mod hosts;
pub mod lenient;
mod nullable;
mod numbers;
mod response;
pub mod retry;
pub mod ser;
mod temporal;
pub mod upload;

pub use batch::{Batch, BatchResults, Step};
pub use call::{desc, enum_literal, quoted, Call, ODataLiteral, PathBuilder, RawLiteral};
pub use collection::CollectionPage;
pub use delta::{Change, Delta, DeltaCursor, DeltaPage};
pub use duration::Duration;
pub use enums::{Flags, WireEnum};
pub use hosts::Cloud;
pub use lenient::{CollectMisfits, Misfit, Misfits};
pub use nullable::Nullable;
pub use numbers::{Binary, Decimal, Double, Int64};
pub use response::{
    Bytes, Error, GraphError, InnerError, Json, NoContent, Page, ResponseKind, Value,
};
pub use temporal::{Date, DateTimeOffset, TimeOfDay};

/// Unknown properties of an object, kept so they are written back unchanged.
pub type AdditionalProperties = std::collections::BTreeMap<String, serde_json::Value>;
