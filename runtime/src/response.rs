//! What a call's response holds, read from an `http::Response`: a typed
//! body, a page of a collection, nothing (`204`), bytes, or Graph's typed
//! error.

use crate::CollectionPage;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// How a response is read into a call's result.
pub trait ResponseKind {
    type Output;
    fn parse(response: &http::Response<Vec<u8>>) -> Result<Self::Output, Error>;
}

/// A JSON body of type `T` (a resource, or an action's result).
pub struct Json<T>(PhantomData<T>);
/// A page of a collection of `T` (`value` and `@odata.nextLink`).
pub struct Page<T>(PhantomData<T>);
/// A primitive or enum result, which OData wraps as `{"value": ...}`.
pub struct Value<T>(PhantomData<T>);
/// No body (`204 No Content`, `202 Accepted`).
pub struct NoContent;
/// Binary content (`$value`, downloads).
pub struct Bytes;

fn success(response: &http::Response<Vec<u8>>) -> Result<&[u8], Error> {
    if response.status().is_success() {
        Ok(response.body())
    } else {
        Err(Error::Graph(Box::new(GraphError::from_response(response))))
    }
}

fn decode<T: DeserializeOwned>(
    response: &http::Response<Vec<u8>>,
    body: &[u8],
) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|e| Error::Decode {
        status: response.status().as_u16(),
        message: e.to_string(),
    })
}

impl<T: DeserializeOwned> ResponseKind for Json<T> {
    type Output = T;
    fn parse(response: &http::Response<Vec<u8>>) -> Result<T, Error> {
        let body = success(response)?;
        decode(response, body)
    }
}

impl<T: DeserializeOwned> ResponseKind for Page<T> {
    type Output = CollectionPage<T>;
    fn parse(response: &http::Response<Vec<u8>>) -> Result<CollectionPage<T>, Error> {
        let body = success(response)?;
        decode(response, body)
    }
}

impl<T: DeserializeOwned> ResponseKind for Value<T> {
    type Output = T;
    fn parse(response: &http::Response<Vec<u8>>) -> Result<T, Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wrapped<T> {
            Wrapped { value: T },
            Bare(T),
        }
        let body = success(response)?;
        match decode(response, body)? {
            Wrapped::Wrapped { value } | Wrapped::Bare(value) => Ok(value),
        }
    }
}

impl ResponseKind for NoContent {
    type Output = ();
    fn parse(response: &http::Response<Vec<u8>>) -> Result<(), Error> {
        success(response).map(|_| ())
    }
}

impl ResponseKind for Bytes {
    type Output = Vec<u8>;
    fn parse(response: &http::Response<Vec<u8>>) -> Result<Vec<u8>, Error> {
        success(response).map(<[u8]>::to_vec)
    }
}

/// Graph's error body (`{"error": {"code", "message", "innerError"}}`),
/// with the status and any `Retry-After`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GraphError {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub inner_error: Option<InnerError>,
    /// `Retry-After`, in seconds, where the service sent one (an HTTP
    /// date is read as the seconds from now until then).
    pub retry_after: Option<u64>,
    /// The service's `request-id` (its header, else the inner error's).
    pub request_id: Option<String>,
    /// The `client-request-id` the request carried, as the service echoed
    /// it (the client fills it in from the request where it did not).
    pub client_request_id: Option<String>,
    /// The body as it came (an error that is not JSON is kept here).
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct InnerError {
    #[serde(rename = "request-id", alias = "requestId")]
    pub request_id: Option<String>,
    #[serde(rename = "client-request-id", alias = "clientRequestId")]
    pub client_request_id: Option<String>,
    pub date: Option<String>,
    /// Anything else the service put there.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
    #[serde(rename = "innerError", alias = "innererror")]
    inner_error: Option<InnerError>,
}

impl GraphError {
    pub fn from_response(response: &http::Response<Vec<u8>>) -> GraphError {
        let retry_after =
            crate::retry::retry_after(response.headers(), std::time::SystemTime::now())
                .map(|wait| wait.as_secs() + u64::from(wait.subsec_nanos() > 0));
        let parsed: Option<ErrorBody> = serde_json::from_slice(response.body()).ok();
        let (code, message, inner_error) = match parsed {
            Some(b) => (b.error.code, b.error.message, b.error.inner_error),
            None => (String::new(), String::new(), None),
        };
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let inner = inner_error.as_ref();
        GraphError {
            status: response.status().as_u16(),
            code,
            message,
            request_id: header("request-id").or_else(|| inner?.request_id.clone()),
            client_request_id: header("client-request-id")
                .or_else(|| inner?.client_request_id.clone()),
            inner_error,
            retry_after,
            body: response.body().clone(),
        }
    }
}

/// What can go wrong with a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The service answered with an error status.
    Graph(Box<GraphError>),
    /// A success whose body is not what the pages document.
    Decode { status: u16, message: String },
    /// The request body could not be written.
    Encode(String),
    /// The request could not be built (a header value, say).
    InvalidRequest(String),
    /// The HTTP client failed (connection, timeout); from the `client`
    /// feature, with the `client-request-id` the request carried.
    Transport {
        message: String,
        client_request_id: Option<String>,
    },
    /// A link or redirect the host policy does not follow (another host
    /// under [`crate::hosts::ForeignHosts::Refuse`], or https to http).
    LinkRefused { url: String, reason: String },
    /// The token provider gave no token.
    Token(String),
}

impl Error {
    /// A transport failure of the request with this `client-request-id`.
    pub fn transport(message: impl fmt::Display, client_request_id: Option<&str>) -> Error {
        Error::Transport {
            message: message.to_string(),
            client_request_id: client_request_id.map(str::to_string),
        }
    }

    /// The `client-request-id` of the request that failed, where known.
    pub fn client_request_id(&self) -> Option<&str> {
        match self {
            Error::Graph(e) => e.client_request_id.as_deref(),
            Error::Transport {
                client_request_id, ..
            } => client_request_id.as_deref(),
            _ => None,
        }
    }

    /// The service's `request-id` for a failed call, where it sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Graph(e) => e.request_id.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Graph(e) => {
                write!(f, "Graph error {} {}: {}", e.status, e.code, e.message)?;
                ids(f, e.request_id.as_deref(), e.client_request_id.as_deref())
            }
            Error::Decode { status, message } => {
                write!(
                    f,
                    "response ({status}) is not the documented type: {message}"
                )
            }
            Error::Encode(m) => write!(f, "request body could not be written: {m}"),
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
            Error::Transport {
                message,
                client_request_id,
            } => {
                write!(f, "transport: {message}")?;
                ids(f, None, client_request_id.as_deref())
            }
            Error::LinkRefused { url, reason } => write!(f, "not following `{url}`: {reason}"),
            Error::Token(m) => write!(f, "no token: {m}"),
        }
    }
}

/// ` (request-id R, client-request-id C)`, for what is known.
fn ids(f: &mut fmt::Formatter<'_>, request: Option<&str>, client: Option<&str>) -> fmt::Result {
    match (request, client) {
        (Some(r), Some(c)) => write!(f, " (request-id {r}, client-request-id {c})"),
        (Some(r), None) => write!(f, " (request-id {r})"),
        (None, Some(c)) => write!(f, " (client-request-id {c})"),
        (None, None) => Ok(()),
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> http::Response<Vec<u8>> {
        http::Response::builder()
            .status(status)
            .header("Retry-After", "3")
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    #[test]
    fn typed_results_and_errors() {
        let page = Page::<serde_json::Value>::parse(&response(
            200,
            r#"{"value":[1,2],"@odata.nextLink":"https://x/next"}"#,
        ))
        .unwrap();
        assert_eq!(
            (page.value.len(), page.next_link.as_deref()),
            (2, Some("https://x/next"))
        );
        assert!(Value::<bool>::parse(&response(200, r#"{"value":true}"#)).unwrap());
        NoContent::parse(&response(204, "")).unwrap();
        let err = Json::<serde_json::Value>::parse(&response(
            429,
            r#"{"error":{"code":"TooManyRequests","message":"Slow down","innerError":{"request-id":"r1","date":"2021-07-16T00:00:00"}}}"#,
        ))
        .unwrap_err();
        let Error::Graph(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(
            (e.status, e.code.as_str(), e.retry_after),
            (429, "TooManyRequests", Some(3))
        );
        assert_eq!(
            e.inner_error.and_then(|i| i.request_id).as_deref(),
            Some("r1")
        );
    }
}
