//! Large-file upload over HTTP on 127.0.0.1, through the fake drive
//! service: a 25 MiB file whose connection the service drops twice in the
//! middle of a slice is resumed from the ranges it says it still expects;
//! its bytes arrive whole; no request to the upload URL carries a token.
//! An upload paused and saved resumes in another client; one cancelled
//! deletes its session.

use graphgen_models::calls::{DriveItemCreateUploadSessionParameters, Graph};
use graphgen_models::microsoft_graph::{DriveItem, DriveItemUploadableProperties};
use graphgen_runtime::client::{Client, StaticToken, UploadControl, UploadOptions, UploadOutcome};
use graphgen_runtime::upload::{UploadSession, UploadState, SLICE_UNIT};
use graphgen_runtime::{Int64, Nullable};
use graphgen_tests::fake_drive::{Drops, FakeDrive};
use std::io::Write;
use std::sync::{Arc, Mutex};

const MIB: usize = 1024 * 1024;

/// Bytes that differ from slice to slice (a xorshift stream).
fn file_bytes(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn client(drive: &FakeDrive) -> Client {
    Client::new(&drive.server.url(), Arc::new(StaticToken("t0ken".into())))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The generated createUploadSession call, sent with the token.
fn new_session(
    client: &Client,
    rt: &tokio::runtime::Runtime,
    name: &str,
    size: usize,
) -> UploadSession {
    let parameters = DriveItemCreateUploadSessionParameters {
        item: Nullable::Value(DriveItemUploadableProperties {
            name: Nullable::Value(name.into()),
            file_size: Nullable::Value(Int64(size as i64)),
            ..Default::default()
        }),
        ..Default::default()
    };
    let call = Graph::new()
        .drives()
        .by_id("d1")
        .root()
        .item_path(&format!("Reports/{name}"))
        .create_upload_session(&parameters);
    let model = rt.block_on(client.send(&call)).unwrap();
    UploadSession::from_model(&model).unwrap()
}

#[test]
fn a_25_mib_upload_survives_two_dropped_connections() {
    // The 2nd and 4th slices lose their connection 1 MiB and a bit in.
    let drops = Drops {
        puts: vec![1, 3],
        at: MIB + 12_345,
    };
    let drive = FakeDrive::start(drops);
    let client = client(&drive);
    let rt = runtime();
    let bytes = file_bytes(25 * MIB);
    let mut file = tempfile::tempfile().unwrap();
    file.write_all(&bytes).unwrap();
    let session = new_session(&client, &rt, "big.bin", bytes.len());
    assert!(
        session.upload_url.starts_with(&drive.server.url()),
        "same host as the service"
    );

    let reports = Arc::new(Mutex::new(Vec::new()));
    let seen = reports.clone();
    let options = UploadOptions::new().on_progress(move |p| {
        seen.lock().unwrap().push(p);
        UploadControl::Continue
    });
    let outcome = rt
        .block_on(client.upload::<DriveItem>(session, &mut file, options))
        .unwrap();
    let UploadOutcome::Done(item) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(item.size, Nullable::Value(Int64(bytes.len() as i64)));
    assert_eq!(item.name, Nullable::Value("big.bin".to_string()));

    let state = drive.drive.lock().unwrap();
    let id = item.base.id.into_option().unwrap();
    assert!(
        state.uploaded[&id] == bytes,
        "the bytes on the server are not the file"
    );
    assert_eq!(
        state.upload_requests_with_token, 0,
        "a token reached the upload URL"
    );
    drop(state);

    let requests = drive.server.requests();
    assert_eq!(
        requests[0].header("authorization"),
        Some("Bearer t0ken"),
        "createUploadSession has the token"
    );
    let puts: Vec<_> = requests.iter().filter(|r| r.method == "PUT").collect();
    assert_eq!(puts.iter().filter(|r| r.cut).count(), 2);
    assert!(puts.iter().all(|r| r.header("authorization").is_none()));
    // Each cut slice is followed by a status GET, and the next slice starts
    // where the service said: the bytes it kept of the cut slice.
    let after_cut: Vec<_> = requests.windows(3).filter(|w| w[0].cut).collect();
    assert_eq!(after_cut.len(), 2);
    for w in &after_cut {
        assert_eq!((w[1].method.as_str(), w[2].method.as_str()), ("GET", "PUT"));
        let start = |r: &graphgen_tests::stub_server::Recorded| {
            let range = r
                .header("content-range")
                .unwrap()
                .trim_start_matches("bytes ");
            range.split('-').next().unwrap().parse::<usize>().unwrap()
        };
        assert_eq!(start(&w[2]), start(&w[0]) + MIB + 12_345);
    }
    // Slices are whole multiples of 320 KiB, 5 MiB by default, but the last.
    for r in puts.iter().filter(|r| !r.cut) {
        let range = r
            .header("content-range")
            .unwrap()
            .trim_start_matches("bytes ");
        let (a, rest) = range.split_once('-').unwrap();
        let b: usize = rest.split('/').next().unwrap().parse().unwrap();
        let len = b + 1 - a.parse::<usize>().unwrap();
        assert!(
            len == 16 * SLICE_UNIT || b + 1 == bytes.len(),
            "slice of {len} bytes"
        );
    }
    let reports = reports.lock().unwrap();
    assert!(reports.windows(2).all(|w| w[0].uploaded <= w[1].uploaded));
    assert!(reports.iter().all(|r| r.total == bytes.len() as u64));
}

#[test]
fn a_paused_upload_resumes_from_its_saved_state_in_another_client() {
    let drive = FakeDrive::start(Drops::default());
    let rt = runtime();
    let bytes = file_bytes(3 * MIB + 7);
    let session = new_session(&client(&drive), &rt, "resume.bin", bytes.len());
    let options = UploadOptions::new()
        .slice_size(SLICE_UNIT)
        .on_progress(|p| {
            if p.uploaded >= 2 * SLICE_UNIT as u64 {
                UploadControl::Pause
            } else {
                UploadControl::Continue
            }
        });
    let outcome = rt
        .block_on(client(&drive).upload::<DriveItem>(session, &mut &bytes[..], options))
        .unwrap();
    let UploadOutcome::Paused(state) = outcome else {
        panic!("{outcome:?}")
    };
    let saved = serde_json::to_string(&state).unwrap();

    // A new process: another client, the state read back.
    let state: UploadState = serde_json::from_str(&saved).unwrap();
    let outcome = rt
        .block_on(client(&drive).resume_upload::<DriveItem>(
            state,
            &mut &bytes[..],
            UploadOptions::new(),
        ))
        .unwrap();
    let UploadOutcome::Done(item) = outcome else {
        panic!("{outcome:?}")
    };
    let d = drive.drive.lock().unwrap();
    assert!(d.uploaded[&item.base.id.into_option().unwrap()] == bytes);
    assert_eq!(d.upload_requests_with_token, 0);
    let requests = drive.server.requests();
    let first_put_after_resume = requests
        .iter()
        .skip_while(|r| r.method != "GET")
        .find(|r| r.method == "PUT")
        .unwrap();
    assert!(first_put_after_resume
        .header("content-range")
        .unwrap()
        .starts_with(&format!("bytes {}-", 2 * SLICE_UNIT)));
}

#[test]
fn a_cancelled_upload_deletes_its_session() {
    let drive = FakeDrive::start(Drops::default());
    let rt = runtime();
    let bytes = file_bytes(MIB);
    let session = new_session(&client(&drive), &rt, "cancel.bin", bytes.len());
    let options = UploadOptions::new()
        .slice_size(SLICE_UNIT)
        .on_progress(|_| UploadControl::Cancel);
    let outcome = rt
        .block_on(client(&drive).upload::<DriveItem>(session.clone(), &mut &bytes[..], options))
        .unwrap();
    assert_eq!(outcome, UploadOutcome::Cancelled);
    let d = drive.drive.lock().unwrap();
    assert_eq!(
        (d.cancelled, d.uploaded.len(), d.upload_requests_with_token),
        (1, 0, 0)
    );
    drop(d);
    let last = drive.server.requests().pop().unwrap();
    assert_eq!(last.method, "DELETE");
    // The session is gone: going on fails with the service's typed error.
    let err = rt
        .block_on(client(&drive).cancel_upload(&session))
        .unwrap_err();
    assert!(matches!(err, graphgen_runtime::Error::Graph(e) if e.status == 404));
}
