//! Delta sync over HTTP on 127.0.0.1, through the fake drive service:
//! three rounds (adds, then adds and updates, then updates and removals),
//! each run by a new client from the cursor the last one saved as JSON,
//! the first also stopped half-way and resumed. The local copy ends equal
//! to the service's folder.

use futures_util::StreamExt;
use graphgen_models::calls::Graph;
use graphgen_models::microsoft_graph::DriveItem;
use graphgen_runtime::client::{Client, StaticToken};
use graphgen_runtime::delta::{DeltaSync, RemovalReason};
use graphgen_runtime::{Change, DeltaCursor};
use graphgen_tests::fake_drive::{Drops, FakeDrive};
use std::collections::BTreeMap;
use std::sync::Arc;

type Local = BTreeMap<String, (String, u64)>;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Applies one change; returns the id of a removal.
fn apply(local: &mut Local, change: Change<DriveItem>) -> Option<String> {
    match change {
        Change::Upserted(item) => {
            let id = item.base.id.into_option().unwrap();
            let name = item.name.into_option().unwrap_or_default();
            let size = item.size.into_option().map_or(0, |s| s.0 as u64);
            local.insert(id, (name, size));
            None
        }
        Change::Removed(r) => {
            assert_eq!(r.reason, RemovalReason::Deleted);
            local.remove(&r.id);
            Some(r.id)
        }
    }
}

/// One run of the program: a new client, the cursor read from JSON, up
/// to `stop_after` changes applied, the cursor written back as JSON.
fn run(
    drive: &FakeDrive,
    saved: Option<&str>,
    local: &mut Local,
    stop_after: usize,
) -> (String, Vec<String>) {
    let client = Client::new(&drive.server.url(), Arc::new(StaticToken("t0ken".into())));
    let call = Graph::new()
        .drives()
        .by_id("d1")
        .items()
        .by_id("f1")
        .delta();
    let mut sync = match saved {
        None => DeltaSync::new(call),
        Some(json) => DeltaSync::resume(call, serde_json::from_str::<DeltaCursor>(json).unwrap()),
    };
    let mut removed = Vec::new();
    runtime().block_on(async {
        let mut changes = std::pin::pin!(client.delta_changes(&mut sync).take(stop_after));
        while let Some(change) = changes.next().await {
            removed.extend(apply(local, change.unwrap()));
        }
    });
    let cursor = sync.cursor().expect("a page was read");
    (serde_json::to_string(cursor).unwrap(), removed)
}

#[test]
fn three_rounds_resumed_from_the_saved_cursor_end_equal_to_the_service() {
    let drive = FakeDrive::start(Drops::default());
    let (ids, elsewhere) = {
        let mut d = drive.drive.lock().unwrap();
        let ids: Vec<String> = (0..5)
            .map(|i| d.add("f1", &format!("doc{i}.txt"), 100 + i))
            .collect();
        (ids, d.add("other-folder", "not-mine.txt", 1))
    };
    let mut local = Local::new();

    // Round 1 (5 items, three pages), stopped after 3 changes: the cursor
    // points at the page being read, whose changes come again.
    let (cursor, _) = run(&drive, None, &mut local, 3);
    let parsed: DeltaCursor = serde_json::from_str(&cursor).unwrap();
    assert!(
        !parsed.caught_up && parsed.link.contains("skip=2"),
        "{cursor}"
    );
    let (cursor, _) = run(&drive, Some(&cursor), &mut local, usize::MAX);
    assert!(
        serde_json::from_str::<DeltaCursor>(&cursor)
            .unwrap()
            .caught_up
    );
    assert_eq!(local, drive.drive.lock().unwrap().folder("f1"));
    assert!(!local.contains_key(&elsewhere));

    // Round 2: adds and an update.
    {
        let mut d = drive.drive.lock().unwrap();
        d.add("f1", "new-a.txt", 7);
        d.add("f1", "new-b.txt", 8);
        d.rename(&ids[1], "doc1-renamed.txt");
    }
    let (cursor, removed) = run(&drive, Some(&cursor), &mut local, usize::MAX);
    assert!(removed.is_empty());
    assert_eq!(local, drive.drive.lock().unwrap().folder("f1"));

    // Round 3: an update and two removals.
    {
        let mut d = drive.drive.lock().unwrap();
        d.rename(&ids[2], "doc2-final.txt");
        d.remove(&ids[0]);
        d.remove(&ids[4]);
    }
    let (cursor, removed) = run(&drive, Some(&cursor), &mut local, usize::MAX);
    assert_eq!(removed, [ids[0].clone(), ids[4].clone()]);
    let server = drive.drive.lock().unwrap().folder("f1");
    assert_eq!(local, server);
    assert_eq!(local.len(), 5);
    assert_eq!(local[&ids[1]].0, "doc1-renamed.txt");

    // Nothing changed: an empty round keeps the cursor caught up.
    let (again, removed) = run(&drive, Some(&cursor), &mut local, usize::MAX);
    assert!(removed.is_empty());
    assert_eq!(again, cursor);
    let requests = drive.server.requests();
    assert!(requests
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer t0ken")));
}
