//! The program, run as a process against the fake drive service on
//! 127.0.0.1: a first sync, a large upload, and a second sync that picks
//! up the uploaded file, a rename and a removal from the saved cursor.

use graphgen_drive_sync::State;
use graphgen_tests::fake_drive::{Drops, FakeDrive};
use std::process::Command;

fn run(drive: &FakeDrive, state: &std::path::Path, upload: Option<&std::path::Path>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_graphgen-drive-sync"));
    command
        .args([&drive.server.url(), "d1", "Reports", "Reports"])
        .arg(state)
        .env("GRAPH_TOKEN", "t0ken");
    if let Some(file) = upload {
        command.arg(file);
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn syncs_a_folder_and_uploads_a_large_file() {
    // The upload's second slice loses its connection half-way.
    let drive = FakeDrive::start(Drops {
        puts: vec![1],
        at: 1_000_000,
    });
    let ids: Vec<String> = {
        let mut d = drive.drive.lock().unwrap();
        (0..3)
            .map(|i| d.add("Reports", &format!("r{i}.pdf"), 10 + i))
            .collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let file = dir.path().join("big.bin");
    let bytes: Vec<u8> = (0..12 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&file, &bytes).unwrap();

    let out = run(&drive, &state, Some(&file));
    assert!(
        out.contains("synced: 3 upserted, 0 removed, 3 items"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "uploaded {} of {} bytes",
            bytes.len(),
            bytes.len()
        )),
        "{out}"
    );
    let uploaded_id = out
        .lines()
        .last()
        .unwrap()
        .trim_start_matches("uploaded: ")
        .to_string();
    {
        let d = drive.drive.lock().unwrap();
        assert!(d.uploaded[&uploaded_id] == bytes);
        assert_eq!(d.upload_requests_with_token, 0);
    }

    {
        let mut d = drive.drive.lock().unwrap();
        d.rename(&ids[0], "r0-final.pdf");
        d.remove(&ids[1]);
    }
    let out = run(&drive, &state, None);
    assert!(
        out.contains("synced: 2 upserted, 1 removed, 3 items"),
        "{out}"
    );
    let saved = State::load(&state).unwrap();
    assert_eq!(saved.index, drive.drive.lock().unwrap().folder("Reports"));
    assert!(saved.cursor.is_some_and(|c| c.caught_up));
}
