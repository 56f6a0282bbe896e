//! Large-file upload through an upload session (sans-IO). A
//! `createUploadSession` call gives an [`UploadSession`] (`uploadUrl`,
//! `expirationDateTime`, `nextExpectedRanges`); a [`LargeUpload`] then
//! hands out one `PUT` a slice, each with its `Content-Range`, and reads
//! the answers: `202` with the ranges the service still expects, and at
//! last the created item, read as `T`. After a failure, a `GET` of the
//! upload URL says which ranges are still expected, and the upload
//! resumes there; after a crash, from its saved [`UploadState`].
//!
//! The upload URL is pre-authenticated: these requests carry no
//! `Authorization` header, and drivers must not add one.

use crate::response::{Error, Json, ResponseKind};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::marker::PhantomData;
use std::ops::Range;

/// Slices must be a multiple of this many bytes (320 KiB).
pub const SLICE_UNIT: usize = 320 * 1024;
/// The default slice: 16 units, 5 MiB.
pub const DEFAULT_SLICE: usize = 16 * SLICE_UNIT;
/// The largest slice the service takes in one request: 192 units, 60 MiB.
pub const MAX_SLICE: usize = 192 * SLICE_UNIT;

/// An upload session as the service describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadSession {
    pub upload_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date_time: Option<String>,
    /// `"start-end"` or `"start-"` byte ranges, in order.
    #[serde(default)]
    pub next_expected_ranges: Vec<String>,
}

impl UploadSession {
    /// From a generated `uploadSession` model (or anything that writes
    /// the same JSON).
    pub fn from_model<M: Serialize>(model: &M) -> Result<UploadSession, Error> {
        let value = serde_json::to_value(model).map_err(|e| Error::Encode(e.to_string()))?;
        serde_json::from_value(value).map_err(|e| Error::Decode {
            status: 200,
            message: format!("not an upload session: {e}"),
        })
    }
}

/// What to save to resume an upload after a crash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadState {
    pub session: UploadSession,
    /// The file's size in bytes.
    pub total: u64,
    pub slice_size: usize,
}

/// What an answer meant.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadProgress<T> {
    /// The slice was taken; more are expected.
    Continue,
    /// The service has the whole file: the created item.
    Done(T),
    /// The service did not take the slice as sent (a range it already
    /// has, say): ask it where it stands ([`LargeUpload::status_request`]).
    CheckStatus,
}

/// An upload in progress; `T` is the created item's type.
#[derive(Debug, Clone)]
pub struct LargeUpload<T> {
    state: UploadState,
    kind: PhantomData<fn() -> T>,
}

/// Parses `"start-end"` or `"start-"` (open to the end of the file).
fn parse_range(text: &str, total: u64) -> Option<Range<u64>> {
    let (start, end) = text.trim().split_once('-')?;
    let start: u64 = start.trim().parse().ok()?;
    let end = match end.trim() {
        "" => total,
        end => end.parse::<u64>().ok()?.checked_add(1)?.min(total),
    };
    (start < end).then_some(start..end)
}

impl<T: DeserializeOwned> LargeUpload<T> {
    /// A new upload of `total` bytes; a session that names no range
    /// expects the whole file.
    pub fn new(mut session: UploadSession, total: u64) -> LargeUpload<T> {
        if session.next_expected_ranges.is_empty() {
            session.next_expected_ranges = vec!["0-".into()];
        }
        LargeUpload {
            state: UploadState {
                session,
                total,
                slice_size: DEFAULT_SLICE,
            },
            kind: PhantomData,
        }
    }

    /// An upload saved before (its ranges are checked with the service
    /// before the next slice: ask [`LargeUpload::status_request`] first).
    pub fn resume(state: UploadState) -> LargeUpload<T> {
        LargeUpload {
            state,
            kind: PhantomData,
        }
    }

    /// The slice size, rounded down to a multiple of 320 KiB, within
    /// 320 KiB and 60 MiB.
    pub fn with_slice_size(mut self, bytes: usize) -> LargeUpload<T> {
        self.state.slice_size = (bytes / SLICE_UNIT * SLICE_UNIT).clamp(SLICE_UNIT, MAX_SLICE);
        self
    }

    pub fn state(&self) -> &UploadState {
        &self.state
    }

    /// Bytes the service has, by the ranges it still expects.
    pub fn uploaded(&self) -> u64 {
        let missing: u64 = self
            .state
            .session
            .next_expected_ranges
            .iter()
            .filter_map(|r| parse_range(r, self.state.total))
            .map(|r| r.end - r.start)
            .sum();
        self.state.total.saturating_sub(missing)
    }

    /// The bytes to send next: the start of the first expected range, at
    /// most one slice long. `None` when the service expects nothing more.
    pub fn next_slice(&self) -> Option<Range<u64>> {
        let total = self.state.total;
        let first = self
            .state
            .session
            .next_expected_ranges
            .iter()
            .find_map(|r| parse_range(r, total))?;
        let end = first.end.min(first.start + self.state.slice_size as u64);
        Some(first.start..end)
    }

    /// The `PUT` of one slice (its bytes are `range` of the file).
    pub fn slice_request<B>(
        &self,
        range: &Range<u64>,
        bytes: B,
    ) -> Result<http::Request<B>, Error> {
        let last = range.end.checked_sub(1).filter(|_| range.start < range.end);
        let Some(last) = last.filter(|&l| l < self.state.total) else {
            return Err(Error::InvalidRequest(format!(
                "slice {range:?} is not within the file's {} bytes",
                self.state.total
            )));
        };
        http::Request::put(self.state.session.upload_url.as_str())
            .header(http::header::CONTENT_LENGTH, range.end - range.start)
            .header(
                http::header::CONTENT_RANGE,
                format!("bytes {}-{last}/{}", range.start, self.state.total),
            )
            .body(bytes)
            .map_err(|e| Error::InvalidRequest(e.to_string()))
    }

    /// A `GET` of the upload URL: which ranges the service still expects.
    pub fn status_request(&self) -> Result<http::Request<Vec<u8>>, Error> {
        self.plain_request(http::Method::GET)
    }

    /// A `DELETE` of the upload URL: the session and its bytes are dropped.
    pub fn cancel_request(&self) -> Result<http::Request<Vec<u8>>, Error> {
        self.plain_request(http::Method::DELETE)
    }

    fn plain_request(&self, method: http::Method) -> Result<http::Request<Vec<u8>>, Error> {
        http::Request::builder()
            .method(method)
            .uri(self.state.session.upload_url.as_str())
            .body(Vec::new())
            .map_err(|e| Error::InvalidRequest(e.to_string()))
    }

    /// Reads the answer to a slice's `PUT`.
    pub fn receive(
        &mut self,
        response: &http::Response<Vec<u8>>,
    ) -> Result<UploadProgress<T>, Error> {
        match response.status().as_u16() {
            202 => {
                self.take_ranges(response)?;
                Ok(UploadProgress::Continue)
            }
            200 | 201 => Json::<T>::parse(response).map(UploadProgress::Done),
            // A range the service already has, or a conflict over what it
            // holds: where it stands decides.
            409 | 416 => Ok(UploadProgress::CheckStatus),
            _ => Err(Error::Graph(Box::new(crate::GraphError::from_response(
                response,
            )))),
        }
    }

    /// Reads the answer to [`LargeUpload::status_request`].
    pub fn receive_status(&mut self, response: &http::Response<Vec<u8>>) -> Result<(), Error> {
        if !response.status().is_success() {
            return Err(Error::Graph(Box::new(crate::GraphError::from_response(
                response,
            ))));
        }
        self.take_ranges(response)
    }

    fn take_ranges(&mut self, response: &http::Response<Vec<u8>>) -> Result<(), Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Status {
            expiration_date_time: Option<String>,
            #[serde(default)]
            next_expected_ranges: Vec<String>,
        }
        let status: Status = Json::<Status>::parse(response)?;
        let session = &mut self.state.session;
        if status.expiration_date_time.is_some() {
            session.expiration_date_time = status.expiration_date_time;
        }
        session.next_expected_ranges = status.next_expected_ranges;
        Ok(())
    }
}

/// Where a driver reads slices from: a file, or bytes in memory. The
/// reads are plain blocking reads: a slice read from a local disk is short
/// beside its upload, so no thread pool is asked for it.
pub trait SliceSource {
    /// The file's size in bytes.
    fn size(&mut self) -> std::io::Result<u64>;
    fn read_slice(&mut self, range: Range<u64>) -> std::io::Result<Vec<u8>>;
}

impl SliceSource for std::fs::File {
    fn size(&mut self) -> std::io::Result<u64> {
        Ok(self.metadata()?.len())
    }
    fn read_slice(&mut self, range: Range<u64>) -> std::io::Result<Vec<u8>> {
        use std::io::{Read, Seek, SeekFrom};
        let length = usize::try_from(range.end.saturating_sub(range.start))
            .map_err(std::io::Error::other)?;
        self.seek(SeekFrom::Start(range.start))?;
        let mut bytes = vec![0; length];
        self.read_exact(&mut bytes)?;
        Ok(bytes)
    }
}

impl SliceSource for &[u8] {
    fn size(&mut self) -> std::io::Result<u64> {
        Ok(self.len() as u64)
    }
    fn read_slice(&mut self, range: Range<u64>) -> std::io::Result<Vec<u8>> {
        let start = usize::try_from(range.start).map_err(std::io::Error::other)?;
        let end = usize::try_from(range.end).map_err(std::io::Error::other)?;
        self.get(start..end)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "past the end"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> UploadSession {
        UploadSession {
            upload_url: "https://up.example/s/1?sig=x".into(),
            expiration_date_time: None,
            next_expected_ranges: Vec::new(),
        }
    }

    fn answer(status: u16, body: &str) -> http::Response<Vec<u8>> {
        http::Response::builder()
            .status(status)
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    #[test]
    fn slices_follow_the_expected_ranges() {
        let total = 3 * SLICE_UNIT as u64 + 10;
        let mut up =
            LargeUpload::<serde_json::Value>::new(session(), total).with_slice_size(SLICE_UNIT + 5);
        assert_eq!(up.state().slice_size, SLICE_UNIT);
        let first = up.next_slice().unwrap();
        assert_eq!(first, 0..SLICE_UNIT as u64);
        let put = up.slice_request(&first, ()).unwrap();
        assert_eq!(put.method(), http::Method::PUT);
        assert_eq!(
            put.headers()["content-range"],
            format!("bytes 0-{}/{total}", SLICE_UNIT - 1)
        );
        assert!(put.headers().get("authorization").is_none());
        // The service kept part of a slice: resume where it says.
        let ranges =
            r#"{"expirationDateTime":"2030-01-01T00:00:00Z","nextExpectedRanges":["400000-"]}"#;
        assert_eq!(
            up.receive(&answer(202, ranges)).unwrap(),
            UploadProgress::Continue
        );
        assert_eq!(
            up.next_slice().unwrap(),
            400_000..400_000 + SLICE_UNIT as u64
        );
        assert_eq!(up.uploaded(), 400_000);
        up.receive_status(&answer(
            200,
            &format!(
                r#"{{"nextExpectedRanges":["{}-{}"]}}"#,
                total - 10,
                total - 1
            ),
        ))
        .unwrap();
        assert_eq!(up.next_slice().unwrap(), total - 10..total);
        let done = up.receive(&answer(201, r#"{"id":"item-1"}"#)).unwrap();
        assert_eq!(
            done,
            UploadProgress::Done(serde_json::json!({"id": "item-1"}))
        );
        assert_eq!(
            up.receive(&answer(416, "")).unwrap(),
            UploadProgress::CheckStatus
        );
        assert!(up.receive(&answer(404, "")).is_err());
    }

    #[test]
    fn the_state_saves_and_resumes() {
        let up = LargeUpload::<serde_json::Value>::new(session(), 10);
        let saved = serde_json::to_string(up.state()).unwrap();
        let back: UploadState = serde_json::from_str(&saved).unwrap();
        let resumed = LargeUpload::<serde_json::Value>::resume(back);
        assert_eq!(resumed.next_slice(), Some(0..10));
        assert_eq!(
            resumed.cancel_request().unwrap().method(),
            http::Method::DELETE
        );
        assert!(resumed.slice_request(&(5..11), ()).is_err());
        assert_eq!(parse_range("0-4", 10), Some(0..5));
        assert_eq!(parse_range("x-", 10), None);
    }
}
