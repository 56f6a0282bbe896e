//! `drive-sync SERVICE_ROOT DRIVE_ID FOLDER_ID FOLDER_PATH STATE_FILE [UPLOAD_FILE]`
//!
//! Syncs the folder's changes into the index in STATE_FILE, then uploads
//! UPLOAD_FILE into FOLDER_PATH if given. The bearer token comes from the
//! `GRAPH_TOKEN` environment variable (in production, use the runtime's
//! `azure` feature: `graphgen_runtime::auth::AzureTokens`).

use graphgen_drive_sync::{sync_folder, upload_file, State};
use graphgen_runtime::client::{Client, StaticToken};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, drive, folder, folder_path, state_file, rest @ ..] = args.as_slice() else {
        eprintln!("usage: drive-sync SERVICE_ROOT DRIVE_ID FOLDER_ID FOLDER_PATH STATE_FILE [UPLOAD_FILE]");
        return ExitCode::from(2);
    };
    let token = std::env::var("GRAPH_TOKEN").unwrap_or_default();
    let client = Client::new(root, Arc::new(StaticToken(token)));
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("drive-sync: {e}");
            return ExitCode::FAILURE;
        }
    };
    let state_file = PathBuf::from(state_file);
    let upload = rest.first().map(PathBuf::from);
    let run = async {
        let mut state = State::load(&state_file)?;
        let report = sync_folder(&client, drive, folder, &mut state)
            .await
            .map_err(|e| e.to_string())?;
        // Saved before the upload, so a failed upload loses no sync.
        state.save(&state_file)?;
        println!(
            "synced: {} upserted, {} removed, {} items",
            report.upserted,
            report.removed,
            state.index.len()
        );
        if let Some(file) = upload {
            let item = upload_file(&client, drive, folder_path, &file, |done, total| {
                println!("uploaded {done} of {total} bytes");
            })
            .await
            .map_err(|e| e.to_string())?;
            let id = item.base.id.into_option().unwrap_or_default();
            println!("uploaded: {id}");
        }
        Ok::<(), String>(())
    };
    match runtime.block_on(run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("drive-sync: {e}");
            ExitCode::FAILURE
        }
    }
}
