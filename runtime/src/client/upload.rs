//! Drives a [`LargeUpload`] over HTTP. Slices go to the pre-authenticated
//! upload URL with no token; a slice that fails (the connection dropped,
//! the service unavailable) is followed by a `GET` of the upload URL, and
//! the upload resumes from the ranges the service still expects.

use super::send::{Auth, Outgoing};
use super::Client;
use crate::response::{Error, ResponseKind};
use crate::upload::{
    LargeUpload, SliceSource, UploadProgress, UploadSession, UploadState, DEFAULT_SLICE,
};
use serde::de::DeserializeOwned;

/// Bytes the service has, of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadProgressReport {
    pub uploaded: u64,
    pub total: u64,
}

/// What the progress callback wants next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadControl {
    Continue,
    /// Stop here and hand back the state to resume from later.
    Pause,
    /// Stop and drop the session (a `DELETE` of the upload URL).
    Cancel,
}

/// How an upload ended.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadOutcome<T> {
    /// The created item.
    Done(T),
    Paused(UploadState),
    Cancelled,
}

type Progress<'a> = Box<dyn FnMut(UploadProgressReport) -> UploadControl + Send + 'a>;

/// Slice size, failures tolerated, progress callback.
pub struct UploadOptions<'a> {
    slice_size: usize,
    max_failures: u32,
    on_progress: Option<Progress<'a>>,
}

impl Default for UploadOptions<'_> {
    fn default() -> Self {
        UploadOptions {
            slice_size: DEFAULT_SLICE,
            max_failures: 5,
            on_progress: None,
        }
    }
}

impl<'a> UploadOptions<'a> {
    pub fn new() -> Self {
        UploadOptions::default()
    }
    /// Rounded down to a multiple of 320 KiB (5 MiB by default).
    pub fn slice_size(mut self, bytes: usize) -> Self {
        self.slice_size = bytes;
        self
    }
    /// Failed slices in a row before the upload gives up (5).
    pub fn max_failures(mut self, failures: u32) -> Self {
        self.max_failures = failures;
        self
    }
    /// Called after each slice the service took (the last one too, with
    /// every byte uploaded; its answer is then ignored).
    pub fn on_progress(
        mut self,
        f: impl FnMut(UploadProgressReport) -> UploadControl + Send + 'a,
    ) -> Self {
        self.on_progress = Some(Box::new(f));
        self
    }
}

impl Client {
    /// Uploads `source` through a new upload session; the final answer is
    /// read as `T`, the created item's type.
    pub async fn upload<T: DeserializeOwned>(
        &self,
        session: UploadSession,
        source: &mut dyn SliceSource,
        options: UploadOptions<'_>,
    ) -> Result<UploadOutcome<T>, Error> {
        let total = source.size().map_err(read_error)?;
        let upload = LargeUpload::new(session, total).with_slice_size(options.slice_size);
        self.run_upload(upload, source, options).await
    }

    /// Goes on with a saved upload: asks the service which ranges it
    /// still expects, then sends them.
    pub async fn resume_upload<T: DeserializeOwned>(
        &self,
        state: UploadState,
        source: &mut dyn SliceSource,
        options: UploadOptions<'_>,
    ) -> Result<UploadOutcome<T>, Error> {
        let mut upload = LargeUpload::resume(state).with_slice_size(options.slice_size);
        self.refresh(&mut upload).await?;
        self.run_upload(upload, source, options).await
    }

    /// Drops an upload session and the bytes it holds.
    pub async fn cancel_upload(&self, session: &UploadSession) -> Result<(), Error> {
        let upload = LargeUpload::<serde_json::Value>::new(session.clone(), 0);
        self.cancel(&upload).await
    }

    async fn cancel<T: DeserializeOwned>(&self, upload: &LargeUpload<T>) -> Result<(), Error> {
        let request = Outgoing::replayable(upload.cancel_request()?);
        let response = self.execute(request, Auth::Never).await?;
        crate::NoContent::parse(&response)
    }

    async fn refresh<T: DeserializeOwned>(&self, upload: &mut LargeUpload<T>) -> Result<(), Error> {
        let request = Outgoing::replayable(upload.status_request()?);
        let response = self.execute(request, Auth::Never).await?;
        upload.receive_status(&response)
    }

    async fn run_upload<T: DeserializeOwned>(
        &self,
        mut upload: LargeUpload<T>,
        source: &mut dyn SliceSource,
        mut options: UploadOptions<'_>,
    ) -> Result<UploadOutcome<T>, Error> {
        let mut failures = 0;
        loop {
            let Some(range) = upload.next_slice() else {
                return Err(Error::Decode {
                    status: 202,
                    message: "the service expects no more bytes but has not created the item"
                        .into(),
                });
            };
            let bytes = source.read_slice(range.clone()).map_err(read_error)?;
            let request = Outgoing::replayable(upload.slice_request(&range, bytes)?);
            let answer = match self.execute(request, Auth::Never).await {
                Ok(response) => upload.receive(&response),
                Err(e) => Err(e),
            };
            let took = match answer {
                Ok(UploadProgress::Done(item)) => {
                    let total = upload.state().total;
                    if let Some(f) = options.on_progress.as_mut() {
                        f(UploadProgressReport {
                            uploaded: total,
                            total,
                        });
                    }
                    return Ok(UploadOutcome::Done(item));
                }
                Ok(UploadProgress::Continue) => true,
                Ok(UploadProgress::CheckStatus) => false,
                Err(e) if resumable(&e) && failures < options.max_failures => false,
                Err(e) => return Err(e),
            };
            if took {
                failures = 0;
            } else {
                failures += 1;
                self.refresh_within(&mut upload, &mut failures, options.max_failures)
                    .await?;
            }
            let report = UploadProgressReport {
                uploaded: upload.uploaded(),
                total: upload.state().total,
            };
            match options.on_progress.as_mut().map(|f| f(report)) {
                Some(UploadControl::Pause) => {
                    return Ok(UploadOutcome::Paused(upload.state().clone()))
                }
                Some(UploadControl::Cancel) => {
                    self.cancel(&upload).await?;
                    return Ok(UploadOutcome::Cancelled);
                }
                Some(UploadControl::Continue) | None => {}
            }
        }
    }

    /// Asks where the upload stands, tolerating failures of the question
    /// itself within the same budget.
    async fn refresh_within<T: DeserializeOwned>(
        &self,
        upload: &mut LargeUpload<T>,
        failures: &mut u32,
        max_failures: u32,
    ) -> Result<(), Error> {
        loop {
            match self.refresh(upload).await {
                Ok(()) => return Ok(()),
                Err(e) if resumable(&e) && *failures < max_failures => *failures += 1,
                Err(e) => return Err(e),
            }
        }
    }
}

/// A failure after which asking the service where it stands can help.
fn resumable(error: &Error) -> bool {
    match error {
        Error::Transport { .. } => true,
        Error::Graph(e) => e.status >= 500,
        _ => false,
    }
}

fn read_error(e: std::io::Error) -> Error {
    Error::InvalidRequest(format!("reading the file: {e}"))
}
