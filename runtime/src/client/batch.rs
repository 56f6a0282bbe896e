//! Drives a [`Batch`] over HTTP: each `$batch` request the run hands out
//! is sent (the whole request retried like any other when throttled),
//! throttled steps are waited for and sent again.

use super::send::{stamp, Auth, Outgoing};
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
                        Ok(response) if response.status().is_success() => {
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
