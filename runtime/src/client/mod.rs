//! A real client on reqwest (feature `client`): it drives the runtime's
//! sans-IO pieces. Each request carries a `client-request-id`; the bearer
//! token goes only where the [`HostPolicy`] allows; redirects are followed
//! here (reqwest's own are off) so the token never follows one to another
//! host; throttled answers are retried as the [`RetryPolicy`] says, and
//! only when the body can be sent again. On top: paging
//! (`@odata.nextLink`), typed batches, large-file uploads and delta sync.

mod batch;
mod delta;
mod send;
mod upload;

use crate::call::Call;
use crate::hosts::{Cloud, ForeignHosts, HostPolicy};
use crate::response::{Error, Page, ResponseKind};
use crate::retry::RetryPolicy;
use crate::CollectionPage;
use futures_util::Stream;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

pub use reqwest;
pub use send::ClientRequestId;
pub use upload::{UploadControl, UploadOptions, UploadOutcome, UploadProgressReport};

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
    /// Built with reqwest's redirects off (this client follows them); why
    /// it could not be built, if it could not.
    http: Result<reqwest::Client, String>,
    base: String,
    tokens: Arc<dyn TokenProvider>,
    hosts: HostPolicy,
    retry: RetryPolicy,
    max_redirects: u32,
}

impl Client {
    /// A client for a service root (`https://graph.microsoft.com/v1.0`).
    /// The token goes to the root's host alone until more are allowed; a
    /// root that is not a URL allows none (every call then fails).
    pub fn new(base: &str, tokens: Arc<dyn TokenProvider>) -> Client {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string());
        Client {
            http,
            base: base.trim_end_matches('/').to_string(),
            tokens,
            hosts: HostPolicy::for_root(base).unwrap_or_else(|_| HostPolicy::deny_all()),
            retry: RetryPolicy::default(),
            max_redirects: 5,
        }
    }

    /// A client for a national cloud's Graph (`version`: `v1.0`, `beta`).
    pub fn for_cloud(cloud: Cloud, version: &str, tokens: Arc<dyn TokenProvider>) -> Client {
        Client::new(&cloud.service_root(version), tokens)
    }

    /// The service root calls are sent to.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// How many times a throttled call is tried again (3 by default).
    pub fn with_max_retries(mut self, retries: u32) -> Client {
        self.retry.max_retries = retries;
        self
    }

    /// The longest wait between tries, whatever `Retry-After` says.
    pub fn with_max_wait(mut self, wait: Duration) -> Client {
        self.retry.max_wait = wait;
        self
    }

    /// Every retry setting at once (waits, deadline, backoff).
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Client {
        self.retry = retry;
        self
    }

    /// Which hosts get the token, and what happens to links to others.
    pub fn with_host_policy(mut self, hosts: HostPolicy) -> Client {
        self.hosts = hosts;
        self
    }

    /// Links to hosts off the allowed list: sent without the token (the
    /// default) or refused.
    pub fn with_foreign_hosts(mut self, foreign: ForeignHosts) -> Client {
        self.hosts = self.hosts.with_foreign_hosts(foreign);
        self
    }

    /// Redirects followed for one request (5 by default; 0 returns them).
    pub fn with_max_redirects(mut self, redirects: u32) -> Client {
        self.max_redirects = redirects;
        self
    }

    pub fn host_policy(&self) -> &HostPolicy {
        &self.hosts
    }

    /// Sends the call and reads its typed result.
    pub async fn send<R: ResponseKind>(&self, call: &Call<R>) -> Result<R::Output, Error> {
        let response = self.send_raw(call).await?;
        call.parse_response(&response)
            .map_err(|e| send::stamp(e, &response))
    }

    /// Sends the call, trying throttled answers again, and returns the
    /// response as it came (its `client-request-id` in its extensions).
    pub async fn send_raw<R>(&self, call: &Call<R>) -> Result<http::Response<Vec<u8>>, Error> {
        let request = call.clone().into_request(&self.base)?;
        self.execute(send::Outgoing::replayable(request), send::Auth::ByPolicy)
            .await
    }

    /// Sends the call with a body that is read once, as it is sent (a
    /// stream): it is never retried, and redirects are not followed,
    /// since the body cannot be sent again.
    pub async fn send_streamed<R: ResponseKind>(
        &self,
        call: &Call<R>,
        body: reqwest::Body,
    ) -> Result<R::Output, Error> {
        let request = call.clone().into_request(&self.base)?;
        let outgoing = send::Outgoing::streamed(request, body);
        let response = self.execute(outgoing, send::Auth::ByPolicy).await?;
        call.parse_response(&response)
            .map_err(|e| send::stamp(e, &response))
    }

    /// Every page of a collection, following `@odata.nextLink` (a link to
    /// another host goes without the token, or is refused, as the host
    /// policy says).
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
