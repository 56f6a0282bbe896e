//! Upload throughput over loopback: 25 MiB through an upload session (5
//! slices of 5 MiB, each its own request, read from memory), beside one
//! plain reqwest PUT of the same bytes, to the same stub server on
//! 127.0.0.1, and beside plain PUTs of the same five slices (what slicing
//! itself costs). Runs interleaved, medians printed with their ratios.
//! Run: `cargo bench -p graphgen-tests --bench upload_throughput`.

use graphgen_runtime::client::{reqwest, Client, StaticToken, UploadOptions, UploadOutcome};
use graphgen_runtime::upload::UploadSession;
use graphgen_tests::stub_server::{Options, Recorded, Reply, StubServer};
use std::sync::Arc;
use std::time::{Duration, Instant};

const SIZE: usize = 25 * 1024 * 1024;
const ROUNDS: usize = 21;

/// Takes any PUT: `202` with the next range for a slice, `201` at the end.
fn answer(r: &Recorded) -> Reply {
    let Some((range, total)) = r
        .header("content-range")
        .and_then(|v| v.trim_start_matches("bytes ").split_once('/'))
    else {
        return Reply::json(201, r#"{"id": "plain"}"#);
    };
    let end: u64 = range
        .split('-')
        .nth(1)
        .and_then(|e| e.parse().ok())
        .unwrap_or(0);
    if end + 1 >= total.parse().unwrap_or(0) {
        Reply::json(201, r#"{"id": "session"}"#)
    } else {
        Reply::json(
            202,
            &format!(r#"{{"nextExpectedRanges": ["{}-"]}}"#, end + 1),
        )
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn mib_per_s(d: Duration) -> f64 {
    SIZE as f64 / (1024.0 * 1024.0) / d.as_secs_f64()
}

fn main() {
    let options = Options {
        cut: None,
        forget_bodies: true,
    };
    let server = StubServer::start_with(options, answer);
    let bytes: Vec<u8> = (0..SIZE).map(|i| (i % 251) as u8).collect();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = Client::new(&server.url(), Arc::new(StaticToken("t".into())));
    let plain = reqwest::Client::new();
    let url = format!("{}/upload/plain", server.url());
    let (mut session_times, mut plain_times, mut sliced_times) =
        (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let session = UploadSession {
            upload_url: format!("{}/upload/s1", server.url()),
            expiration_date_time: None,
            next_expected_ranges: Vec::new(),
        };
        let started = Instant::now();
        let outcome = rt.block_on(client.upload::<serde_json::Value>(
            session,
            &mut &bytes[..],
            UploadOptions::new(),
        ));
        assert!(matches!(outcome, Ok(UploadOutcome::Done(_))), "{outcome:?}");
        session_times.push(started.elapsed());

        let started = Instant::now();
        let response = rt
            .block_on(plain.put(&url).body(bytes.clone()).send())
            .unwrap();
        assert_eq!(response.status().as_u16(), 201);
        plain_times.push(started.elapsed());

        // The floor for slicing: plain PUTs of the same slices, no session,
        // each slice copied out of the buffer as the session's reads are.
        let started = Instant::now();
        let slices = bytes.chunks(5 * 1024 * 1024).map(<[u8]>::to_vec);
        let mut start = 0;
        for slice in slices {
            let range = format!("bytes {start}-{}/{SIZE}", start + slice.len() - 1);
            start += slice.len();
            let put = plain.put(&url).header("Content-Range", range).body(slice);
            assert!(rt.block_on(put.send()).unwrap().status().is_success());
        }
        sliced_times.push(started.elapsed());
    }
    let (session, plain, sliced) = (
        median(session_times),
        median(plain_times),
        median(sliced_times),
    );
    println!(
        "upload session, 25 MiB in 5 MiB slices: {session:.1?} median ({:.0} MiB/s)",
        mib_per_s(session)
    );
    println!(
        "plain reqwest PUT, 25 MiB at once:      {plain:.1?} median ({:.0} MiB/s)",
        mib_per_s(plain)
    );
    println!(
        "plain reqwest, the same 5 slices:       {sliced:.1?} median ({:.0} MiB/s)",
        mib_per_s(sliced)
    );
    println!(
        "session throughput / plain PUT throughput: {:.2}",
        plain.as_secs_f64() / session.as_secs_f64()
    );
    println!(
        "session throughput / plain sliced PUTs:    {:.2}",
        sliced.as_secs_f64() / session.as_secs_f64()
    );
}
