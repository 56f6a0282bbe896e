//! Drives a [`DeltaSync`] over HTTP: a stream of one round's changes.

use super::Client;
use crate::delta::{Change, DeltaPage, DeltaSync, RoundStatus};
use crate::response::Error;
use futures_util::Stream;
use serde::de::DeserializeOwned;
use std::collections::VecDeque;

/// The stream's state between items.
struct Round<'a, T> {
    client: &'a Client,
    sync: &'a mut DeltaSync<T>,
    /// Changes of the current page not yet handed out.
    buffered: VecDeque<Change<T>>,
    /// The current page's links, taken into the cursor once every change
    /// of it has been handed out.
    page: Option<DeltaPage<T>>,
    finished: bool,
}

impl Client {
    /// One round of changes: from where `sync` stands, following
    /// `@odata.nextLink` to the `@odata.deltaLink`. The cursor moves past
    /// a page when the stream is polled after the page's last change, so a
    /// stream dropped half-way resumes at the page it was in (its changes
    /// come again: apply them idempotently). Links to other hosts obey
    /// the host policy.
    pub fn delta_changes<'a, T: DeserializeOwned + 'a>(
        &'a self,
        sync: &'a mut DeltaSync<T>,
    ) -> impl Stream<Item = Result<Change<T>, Error>> + 'a {
        let round = Round {
            client: self,
            sync,
            buffered: VecDeque::new(),
            page: None,
            finished: false,
        };
        futures_util::stream::unfold(round, |mut round| async move {
            let item = round.next().await?;
            Some((item, round))
        })
    }
}

impl<T: DeserializeOwned> Round<'_, T> {
    async fn next(&mut self) -> Option<Result<Change<T>, Error>> {
        loop {
            if let Some(change) = self.buffered.pop_front() {
                return Some(Ok(change));
            }
            if let Some(page) = self.page.take() {
                match self.sync.receive(&page) {
                    Ok(RoundStatus::More) => {}
                    Ok(RoundStatus::CaughtUp) => self.finished = true,
                    Err(e) => {
                        self.finished = true;
                        return Some(Err(e));
                    }
                }
            }
            if self.finished {
                return None;
            }
            match self.client.send(&self.sync.next_call()).await {
                Ok(mut page) => {
                    self.buffered = std::mem::take(&mut page.value).into();
                    self.page = Some(page);
                }
                Err(e) => {
                    self.finished = true;
                    return Some(Err(e));
                }
            }
        }
    }
}
