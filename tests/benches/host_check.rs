//! The allowed-host check every request goes through: parsing nothing,
//! it compares the request's origin with the allowed list. Beside it,
//! building the request it guards (`Call::into_request`), for scale.
//! Run: `cargo bench -p graphgen-tests --bench host_check`.

use graphgen_models::calls::Graph;
use graphgen_runtime::hosts::{Cloud, HostPolicy};
use graphgen_runtime::http::Uri;

fn main() {
    divan::main();
}

fn policy() -> HostPolicy {
    HostPolicy::for_root("https://graph.microsoft.com/v1.0")
        .unwrap()
        .allow_cloud(Cloud::UsGov)
        .allow_cloud(Cloud::China)
}

#[divan::bench]
fn allowed_host(bencher: divan::Bencher) {
    let policy = policy();
    let uri: Uri = "https://graph.microsoft.com/v1.0/me/drive/root/delta?token=abc"
        .parse()
        .unwrap();
    bencher.bench_local(|| policy.decide(divan::black_box(&uri)).is_ok());
}

#[divan::bench]
fn other_host(bencher: divan::Bencher) {
    let policy = policy();
    let uri: Uri = "https://proxy.example.net/v1.0/me/drive/root/delta?token=abc"
        .parse()
        .unwrap();
    bencher.bench_local(|| policy.decide(divan::black_box(&uri)).is_ok());
}

#[divan::bench]
fn build_the_request_it_guards(bencher: divan::Bencher) {
    let call = Graph::new().books().by_id("b1").get().select(&["title"]);
    bencher.bench_local(|| {
        divan::black_box(call.clone())
            .into_request("https://graph.microsoft.com/v1.0")
            .is_ok()
    });
}
