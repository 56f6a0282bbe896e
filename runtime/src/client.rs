//! A real client on reqwest (feature `client`): sends a [`Call`] with a
//! bearer token, retries 429, 503 and 504 a bounded number of times after
//! the `Retry-After` the service asks for, and pages through
//! `@odata.nextLink` as a stream. The sans-IO [`Call`] stays the core; this
//! is one way to run it.

use crate::call::Call;
use crate::response::{Error, GraphError, Page, ResponseKind};
use crate::CollectionPage;
use futures_util::Stream;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, String>> + Send + 'a>>;

/// Gives the bearer token for each request (refreshing it as it sees fit).
pub trait TokenProvider: Send + Sync {
    fn token(&self) -> TokenFuture<'_>;
}

/// A token that does not change (tests, short scripts).
pub struct StaticToken(pub String);

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    tokens: Arc<dyn TokenProvider>,
    max_retries: u32,
    max_wait: Duration,
}

const RETRIED: [u16; 3] = [429, 503, 504];

impl Client {
    /// A client for a service root (`https://graph.microsoft.com/v1.0`).
    pub fn new(base: &str, tokens: Arc<dyn TokenProvider>) -> Client {
        Client {
            http: reqwest::Client::new(),
            base: base.trim_end_matches('/').to_string(),
            tokens,
            max_retries: 3,
            max_wait: Duration::from_secs(60),
        }
    }

    /// How many times a throttled call is tried again (3 by default).
    pub fn with_max_retries(mut self, retries: u32) -> Client {
        self.max_retries = retries;
        self
    }

    /// The longest wait between tries, whatever `Retry-After` says.
    pub fn with_max_wait(mut self, wait: Duration) -> Client {
        self.max_wait = wait;
        self
    }

    /// Sends the call and reads its typed result.
    pub async fn send<R: ResponseKind>(&self, call: &Call<R>) -> Result<R::Output, Error> {
        let response = self.send_raw(call).await?;
        call.parse_response(&response)
    }

    /// Sends the call, trying throttled answers again, and returns the
    /// response as it came.
    pub async fn send_raw<R>(&self, call: &Call<R>) -> Result<http::Response<Vec<u8>>, Error> {
        let mut tries = 0;
        loop {
            let response = self.send_once(call).await?;
            let status = response.status().as_u16();
            if !RETRIED.contains(&status) || tries >= self.max_retries {
                return Ok(response);
            }
            tries += 1;
            let asked = GraphError::from_response(&response).retry_after;
            let wait = asked
                .map(Duration::from_secs)
                .unwrap_or_else(|| Duration::from_millis(500 << tries.min(6)))
                .min(self.max_wait);
            tokio::time::sleep(wait).await;
        }
    }

    async fn send_once<R>(&self, call: &Call<R>) -> Result<http::Response<Vec<u8>>, Error> {
        let token = self.tokens.token().await.map_err(Error::Transport)?;
        let request = call.clone().into_request(&self.base)?;
        let (parts, body) = request.into_parts();
        let url = parts.uri.to_string();
        let mut builder = self
            .http
            .request(parts.method, url)
            .bearer_auth(token)
            .body(body);
        for (name, value) in &parts.headers {
            builder = builder.header(name, value);
        }
        let response = builder
            .send()
            .await
            .map_err(|e| Error::Transport(e.to_string()))?;
        let mut out = http::Response::builder().status(response.status());
        for (name, value) in response.headers() {
            out = out.header(name, value);
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| Error::Transport(e.to_string()))?;
        out.body(bytes.to_vec())
            .map_err(|e| Error::Transport(e.to_string()))
    }

    /// Every page of a collection, following `@odata.nextLink`.
    pub fn pages<T: DeserializeOwned + 'static>(
        &self,
        call: Call<Page<T>>,
    ) -> impl Stream<Item = Result<CollectionPage<T>, Error>> + '_ {
        futures_util::stream::unfold(Some(call), move |next| async move {
            let call = next?;
            match self.send(&call).await {
                Ok(page) => {
                    let after = call.next_page(&page);
                    Some((Ok(page), after))
                }
                Err(e) => Some((Err(e), None)),
            }
        })
    }
}
