//! Drives a [`Batch`] over HTTP: each `$batch` request the run hands out
//! is sent (the whole request retried like any other when throttled),
//! throttled steps are waited for and sent again.

use super::send::{stamp, Auth, ClientRequestId, Outgoing};
use super::Client;
use crate::batch::{Batch, BatchResults, Next};
use crate::response::{Error, GraphError};
use std::time::SystemTime;

impl Client {
    /// Sends the batch in requests of at most 20 steps and returns every
    /// step's answer; [`BatchResults::get`] reads one as its call's result.
    pub async fn send_batch(&self, batch: Batch) -> BatchResults {
        let mut run = batch.start(&self.base, self.retry.clone(), SystemTime::now());
        loop {
            match run.next(SystemTime::now()) {
                Next::Send(request) => {
                    let sent = self.execute(Outgoing::replayable(*request), Auth::ByPolicy);
                    match sent.await {
                        Ok(mut response) if response.status().is_success() => {
                            echo_request_id(&mut response);
                            // A body that does not read fails its steps, kept in the run.
                            let _ = run.receive(&response, SystemTime::now(), fastrand::f64());
                        }
                        Ok(response) => {
                            let error =
                                Error::Graph(Box::new(GraphError::from_response(&response)));
                            run.fail_in_flight(stamp(error, &response));
                        }
                        Err(error) => run.fail_in_flight(error),
                    }
                }
                Next::Wait(wait) => tokio::time::sleep(wait).await,
                Next::Done => return run.finish(),
            }
        }
    }
}

/// The `client-request-id` the `$batch` request carried, as a header of its
/// answer where the service did not echo it, so each step's error has it.
fn echo_request_id(response: &mut http::Response<Vec<u8>>) {
    let sent = response.extensions().get::<ClientRequestId>().cloned();
    if let (false, Some(ClientRequestId(id))) =
        (response.headers().contains_key("client-request-id"), sent)
    {
        if let Ok(value) = http::HeaderValue::from_str(&id) {
            response.headers_mut().insert("client-request-id", value);
        }
    }
}
