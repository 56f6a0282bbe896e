//! One request on the wire: the `client-request-id`, the token where the
//! host policy allows it, redirects followed by hand (so the token never
//! follows one to another host, and https never becomes http), and
//! retries of throttled answers when the body can be sent again.

use super::Client;
use crate::hosts::TokenUse;
use crate::response::Error;
use crate::retry::{new_client_request_id, Attempt};
use std::time::{Instant, SystemTime};

/// The `client-request-id` a response answered, in its extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRequestId(pub String);

const CLIENT_REQUEST_ID: &str = "client-request-id";

/// Whether a request may carry the token at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth {
    /// As the host policy says.
    ByPolicy,
    /// Never: a pre-authenticated URL (an upload session's).
    Never,
}

/// A request ready to go, with a body that can or cannot be sent again.
pub(crate) struct Outgoing {
    head: http::request::Parts,
    body: Body,
}

enum Body {
    Bytes(bytes::Bytes),
    /// Taken by the first try.
    Stream(Option<reqwest::Body>),
}

impl Outgoing {
    pub(crate) fn replayable<B: Into<bytes::Bytes>>(request: http::Request<B>) -> Outgoing {
        let (head, body) = request.into_parts();
        Outgoing {
            head,
            body: Body::Bytes(body.into()),
        }
        .with_request_id()
    }

    pub(crate) fn streamed(request: http::Request<Vec<u8>>, body: reqwest::Body) -> Outgoing {
        let (head, _) = request.into_parts();
        Outgoing {
            head,
            body: Body::Stream(Some(body)),
        }
        .with_request_id()
    }

    /// Adds a `client-request-id` unless the caller set one; retries and
    /// redirects keep it.
    fn with_request_id(mut self) -> Outgoing {
        if !self.head.headers.contains_key(CLIENT_REQUEST_ID) {
            if let Ok(id) = http::HeaderValue::from_str(&new_client_request_id()) {
                self.head.headers.insert(CLIENT_REQUEST_ID, id);
            }
        }
        self
    }

    fn request_id(&self) -> Option<&str> {
        self.head
            .headers
            .get(CLIENT_REQUEST_ID)
            .and_then(|v| v.to_str().ok())
    }

    fn replayable_body(&self) -> bool {
        matches!(self.body, Body::Bytes(_))
    }

    fn take_body(&mut self) -> reqwest::Body {
        match &mut self.body {
            Body::Bytes(b) => reqwest::Body::from(b.clone()),
            Body::Stream(s) => s.take().unwrap_or_else(|| reqwest::Body::from(Vec::new())),
        }
    }
}

/// Puts the request's `client-request-id` on an error that has none.
pub(crate) fn stamp(error: Error, response: &http::Response<Vec<u8>>) -> Error {
    let Some(ClientRequestId(id)) = response.extensions().get::<ClientRequestId>() else {
        return error;
    };
    match error {
        Error::Graph(mut e) if e.client_request_id.is_none() => {
            e.client_request_id = Some(id.clone());
            Error::Graph(e)
        }
        other => other,
    }
}

fn is_redirect(status: http::StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

impl Client {
    /// Sends a request, retrying throttled answers while the retry policy
    /// allows and the body can be sent again.
    pub(crate) async fn execute(
        &self,
        mut request: Outgoing,
        auth: Auth,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let started = Instant::now();
        let mut retries = 0;
        loop {
            let response = self.exchange(&mut request, auth).await?;
            let attempt = Attempt {
                retries,
                status: response.status().as_u16(),
                headers: response.headers(),
                replayable: request.replayable_body(),
                elapsed: started.elapsed(),
                now: SystemTime::now(),
                jitter: fastrand::f64(),
            };
            let Some(wait) = self.retry.next_wait(&attempt) else {
                return Ok(response);
            };
            tokio::time::sleep(wait).await;
            retries += 1;
        }
    }

    /// One try: the request and the redirects it leads to.
    async fn exchange(
        &self,
        request: &mut Outgoing,
        auth: Auth,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let request_id = request.request_id().map(str::to_string);
        let transport = |e: &dyn std::fmt::Display| Error::transport(e, request_id.as_deref());
        let mut method = request.head.method.clone();
        let mut uri = request.head.uri.clone();
        let mut token_use = match auth {
            Auth::ByPolicy => self.hosts.decide(&uri)?,
            Auth::Never => TokenUse::Omit,
        };
        let http = self.http.as_ref().map_err(|e| transport(e))?;
        let mut body = Some(request.take_body());
        let mut hops = 0;
        loop {
            let token = match token_use {
                TokenUse::Attach => Some(self.tokens.token().await.map_err(Error::Token)?),
                TokenUse::Omit => None,
            };
            let mut builder = http.request(method.clone(), uri.to_string());
            for (name, value) in &request.head.headers {
                // A caller's own Authorization header obeys the policy too.
                if token_use == TokenUse::Omit && name == http::header::AUTHORIZATION {
                    continue;
                }
                builder = builder.header(name, value);
            }
            if let Some(token) = token {
                builder = builder.bearer_auth(token);
            }
            if let Some(b) = body.take() {
                builder = builder.body(b);
            }
            let response = builder.send().await.map_err(|e| transport(&e))?;
            let status = response.status();
            let location = response
                .headers()
                .get(http::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .map(str::to_string);
            let follow = is_redirect(status) && hops < self.max_redirects;
            let next = match (follow, location) {
                (true, Some(location)) => resolve(&uri, &location),
                _ => None,
            };
            // A 307 or 308 repeats the body, which a stream no longer has.
            let keeps_body = matches!(status.as_u16(), 307 | 308);
            let Some(next) = next.filter(|_| !keeps_body || request.replayable_body()) else {
                return read(response, request_id.as_deref()).await;
            };
            token_use = match auth {
                Auth::ByPolicy => self.hosts.decide_redirect(&uri, &next)?,
                Auth::Never => self
                    .hosts
                    .decide_redirect(&uri, &next)
                    .map(|_| TokenUse::Omit)?,
            };
            if keeps_body {
                body = Some(request.take_body());
            } else if method != http::Method::HEAD {
                // 301, 302 and 303 turn into a GET without a body, as browsers do.
                method = http::Method::GET;
            }
            uri = next;
            hops += 1;
        }
    }
}

/// A `Location` resolved against the URL it answered.
fn resolve(base: &http::Uri, location: &str) -> Option<http::Uri> {
    let base = url::Url::parse(&base.to_string()).ok()?;
    base.join(location).ok()?.as_str().parse().ok()
}

/// The reqwest response as an `http::Response`, its request id attached.
async fn read(
    response: reqwest::Response,
    request_id: Option<&str>,
) -> Result<http::Response<Vec<u8>>, Error> {
    let mut out = http::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        out = out.header(name, value);
    }
    if let Some(id) = request_id {
        out = out.extension(ClientRequestId(id.to_string()));
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|e| Error::transport(e, request_id))?;
    out.body(bytes.to_vec())
        .map_err(|e| Error::transport(e, request_id))
}
