//! Keeps a local index of a drive folder up to date with delta sync, and
//! uploads a large file into the drive through an upload session.
//!
//! State between runs lives in one JSON file: the delta cursor and the
//! index (item id → name and size). Each run goes on from the cursor, so
//! it reads only what changed since the last run; a run stopped half-way
//! reads the page it stopped in again, and applying a change twice is
//! harmless.

use futures_util::StreamExt;
use graphgen_models::calls::{DriveItemCreateUploadSessionParameters, Graph};
use graphgen_models::microsoft_graph::{DriveItem, DriveItemUploadableProperties};
use graphgen_runtime::client::{Client, UploadControl, UploadOptions, UploadOutcome};
use graphgen_runtime::delta::DeltaSync;
use graphgen_runtime::upload::UploadSession;
use graphgen_runtime::{Change, DeltaCursor, Error, Int64, Nullable};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// What the program keeps between runs.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct State {
    pub cursor: Option<DeltaCursor>,
    /// Item id → (name, size).
    pub index: BTreeMap<String, (String, u64)>,
}

impl State {
    pub fn load(path: &Path) -> Result<State, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    pub fn save(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// What one sync saw.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub upserted: usize,
    pub removed: usize,
}

/// Applies the folder's changes since the state's cursor to its index.
pub async fn sync_folder(
    client: &Client,
    drive: &str,
    folder: &str,
    state: &mut State,
) -> Result<SyncReport, Error> {
    let call = Graph::new()
        .drives()
        .by_id(drive)
        .items()
        .by_id(folder)
        .delta();
    // On an error the state keeps its old cursor: the changes applied so
    // far come again next run, and applying them twice is harmless.
    let mut sync = match state.cursor.clone() {
        Some(cursor) => DeltaSync::resume(call, cursor),
        None => DeltaSync::new(call),
    };
    let mut report = SyncReport::default();
    {
        let mut changes = std::pin::pin!(client.delta_changes(&mut sync));
        while let Some(change) = changes.next().await {
            match change? {
                Change::Upserted(item) => {
                    apply(&mut state.index, item);
                    report.upserted += 1;
                }
                Change::Removed(removed) => {
                    state.index.remove(&removed.id);
                    report.removed += 1;
                }
            }
        }
    }
    state.cursor = sync.cursor().cloned();
    Ok(report)
}

fn apply(index: &mut BTreeMap<String, (String, u64)>, item: DriveItem) {
    // `id` is inherited (from entity): moved out through `base`.
    let Some(id) = item.base.id.into_option() else {
        return;
    };
    // A file the service reports deleted (the `deleted` facet) leaves too.
    if item.deleted.as_ref().is_some() {
        index.remove(&id);
        return;
    }
    let name = item.name.into_option().unwrap_or_default();
    let size = item.size.into_option().map_or(0, |s| s.0.max(0) as u64);
    index.insert(id, (name, size));
}

/// Uploads a file to `folder_path/name` in the drive; `progress` hears
/// of each slice the service took.
pub async fn upload_file(
    client: &Client,
    drive: &str,
    folder_path: &str,
    file: &Path,
    mut progress: impl FnMut(u64, u64) + Send,
) -> Result<DriveItem, Error> {
    let invalid = |e: std::io::Error| Error::InvalidRequest(format!("{}: {e}", file.display()));
    let mut source = std::fs::File::open(file).map_err(invalid)?;
    let size = source.metadata().map_err(invalid)?.len();
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parameters = DriveItemCreateUploadSessionParameters {
        item: Nullable::Value(DriveItemUploadableProperties {
            name: Nullable::Value(name.clone()),
            file_size: Nullable::Value(Int64(size as i64)),
            ..Default::default()
        }),
        ..Default::default()
    };
    let path = format!("{}/{name}", folder_path.trim_matches('/'));
    let call = Graph::new()
        .drives()
        .by_id(drive)
        .root()
        .item_path(&path)
        .create_upload_session(&parameters);
    let session = UploadSession::from_model(&client.send(&call).await?)?;
    let options = UploadOptions::new().on_progress(move |p| {
        progress(p.uploaded, p.total);
        UploadControl::Continue
    });
    match client
        .upload::<DriveItem>(session, &mut source, options)
        .await?
    {
        UploadOutcome::Done(item) => Ok(item),
        other => Err(Error::InvalidRequest(format!(
            "the upload stopped: {other:?}"
        ))),
    }
}
