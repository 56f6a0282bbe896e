//! The reqwest client's safety over real HTTP on 127.0.0.1: the token
//! reaches only the service root's host (a second local server, another
//! port, stands for any other host), redirects drop it on the way to
//! another host, https never becomes http, Retry-After as an HTTP date is
//! waited for, a streamed body is never sent twice, and every request
//! carries a client-request-id that errors report with the service's
//! request-id.

use futures_util::StreamExt;
use graphgen_models::calls::Graph;
use graphgen_runtime::client::{reqwest, Client, StaticToken};
use graphgen_runtime::hosts::ForeignHosts;
use graphgen_runtime::{Call, Error};
use graphgen_tests::stub_server::{Reply, StubServer};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

const TOKEN: &str = "Bearer t0ken";

fn client(server: &StubServer) -> Client {
    Client::new(&server.url(), Arc::new(StaticToken("t0ken".into())))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A server whose every answer is a one-book page.
fn other_host() -> StubServer {
    StubServer::start(|_| Reply::json(200, r#"{"value": [{"id": "elsewhere"}]}"#))
}

#[test]
fn a_next_link_to_another_host_gets_no_token() {
    let other = other_host();
    let link = format!("{}/books?$skiptoken=2", other.url());
    let graph = StubServer::start(move |_| {
        Reply::json(
            200,
            &format!(r#"{{"value": [{{"id": "b1"}}], "@odata.nextLink": "{link}"}}"#),
        )
    });
    let client = client(&graph);
    let rt = runtime();
    let pages: Vec<_> = rt.block_on(
        client
            .pages(Graph::new().books().list())
            .collect::<Vec<_>>(),
    );
    assert_eq!(pages.len(), 2);
    assert!(pages.iter().all(Result::is_ok));
    assert_eq!(graph.requests()[0].header("authorization"), Some(TOKEN));
    let reached = other.requests();
    assert_eq!(reached.len(), 1);
    assert_eq!(
        reached[0].header("authorization"),
        None,
        "the token left for another host"
    );
    assert!(reached[0].header("client-request-id").is_some());

    // Refused by configuration: the other host sees nothing more.
    let strict = client.with_foreign_hosts(ForeignHosts::Refuse);
    let pages: Vec<_> = rt.block_on(
        strict
            .pages(Graph::new().books().list())
            .collect::<Vec<_>>(),
    );
    assert!(pages[0].is_ok());
    assert!(
        matches!(&pages[1], Err(Error::LinkRefused { .. })),
        "{:?}",
        pages[1]
    );
    assert_eq!(other.requests().len(), 1);
}

#[test]
fn a_redirect_keeps_the_token_on_its_host_and_drops_it_for_another() {
    let other = other_host();
    let elsewhere = format!("{}/cdn/file", other.url());
    let graph = StubServer::start(move |r| match r.target.as_str() {
        "/books" => Reply::empty(307).with_header("Location", "/books/moved"),
        "/books/moved" => Reply::empty(302).with_header("Location", &elsewhere),
        _ => Reply::json(404, "{}"),
    });
    let client = client(&graph);
    let page = runtime()
        .block_on(client.send(&Graph::new().books().list()))
        .unwrap();
    assert_eq!(page.value.len(), 1);
    let seen = graph.requests();
    assert_eq!(seen.len(), 2);
    assert!(seen
        .iter()
        .all(|r| r.header("authorization") == Some(TOKEN)));
    let reached = other.requests();
    assert_eq!(
        (reached.len(), reached[0].target.as_str()),
        (1, "/cdn/file")
    );
    assert_eq!(
        reached[0].header("authorization"),
        None,
        "the redirect carried the token"
    );
    // One request, one id, across its redirects.
    let id = seen[0].header("client-request-id");
    assert!(id.is_some() && reached[0].header("client-request-id") == id);
}

#[test]
fn an_https_root_never_follows_a_link_to_http() {
    let local = other_host();
    // No request leaves the machine: the link is refused before sending.
    let client = Client::new(
        "https://graph.microsoft.com/v1.0",
        Arc::new(StaticToken("t".into())),
    );
    let link = format!("{}/books?$skiptoken=2", local.url());
    let call = Graph::new().books().list().follow(&link);
    let err = runtime().block_on(client.send(&call)).unwrap_err();
    assert!(matches!(err, Error::LinkRefused { .. }), "{err:?}");
    assert!(local.requests().is_empty());
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    let asked = Arc::new(std::sync::Mutex::new(None));
    let seen = asked.clone();
    let tries = AtomicUsize::new(0);
    let server = StubServer::start(move |_| {
        if tries.fetch_add(1, Ordering::SeqCst) == 0 {
            // Two seconds on, in whole seconds as HTTP dates are.
            let at = SystemTime::now() + Duration::from_secs(2);
            let date = httpdate::fmt_http_date(at);
            *seen.lock().unwrap() = httpdate::parse_http_date(&date).ok();
            Reply::json(503, "{}").with_header("Retry-After", &date)
        } else {
            Reply::json(200, r#"{"id": "b1"}"#)
        }
    });
    let book = runtime()
        .block_on(client(&server).send(&Graph::new().books().by_id("b1").get()))
        .unwrap();
    assert_eq!(book.id.as_ref().map(String::as_str), Some("b1"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let date = asked.lock().unwrap().expect("a date was sent");
    assert!(
        requests[1].received.unwrap() >= date,
        "retried before the date asked"
    );
}

#[test]
fn a_streamed_body_is_not_retried_and_bytes_are() {
    let server = StubServer::start(|_| Reply::json(503, "{}").with_header("Retry-After", "0"));
    let client = client(&server).with_max_retries(2);
    let call = Graph::new()
        .books()
        .by_id("b1")
        .scan()
        .value()
        .replace(b"%PDF".to_vec(), "application/pdf");
    let rt = runtime();
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(b"%PDF".to_vec())];
    let body = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let err = rt.block_on(client.send_streamed(&call, body)).unwrap_err();
    assert!(
        matches!(&err, Error::Graph(e) if e.status == 503),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 1, "a streamed body was sent twice");
    assert_eq!(server.requests()[0].body, b"%PDF");

    rt.block_on(client.send(&call)).unwrap_err();
    assert_eq!(server.requests().len(), 1 + 3, "bytes are retried");
}

#[test]
fn errors_report_the_client_request_id_and_the_services_request_id() {
    let tries = AtomicUsize::new(0);
    let server = StubServer::start(move |r| {
        let n = tries.fetch_add(1, Ordering::SeqCst);
        let reply = if n == 0 {
            Reply::json(429, "{}").with_header("Retry-After", "0")
        } else {
            Reply::json(
                404,
                r#"{"error": {"code": "itemNotFound", "message": "No such book."}}"#,
            )
        };
        let id = r
            .header("client-request-id")
            .unwrap_or_default()
            .to_string();
        reply
            .with_header("request-id", &format!("srv-{n}"))
            .with_header("client-request-id", &id)
    });
    let client = client(&server);
    let rt = runtime();
    let call: Call<_> = Graph::new().books().by_id("nope").get();
    let err = rt.block_on(client.send(&call)).unwrap_err();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let sent = requests[0].header("client-request-id").unwrap();
    assert!(uuid_like(sent), "{sent}");
    assert_eq!(
        requests[1].header("client-request-id"),
        Some(sent),
        "a retry keeps its id"
    );
    assert_eq!(err.client_request_id(), Some(sent));
    assert_eq!(err.request_id(), Some("srv-1"));
    assert!(
        err.to_string().contains(sent) && err.to_string().contains("srv-1"),
        "{err}"
    );

    // Another call, another id.
    rt.block_on(client.send(&call)).unwrap_err();
    assert_ne!(server.requests()[2].header("client-request-id"), Some(sent));
}

#[test]
fn a_transport_error_reports_the_client_request_id() {
    let server = StubServer::start_with(
        graphgen_tests::stub_server::Options {
            cut: Some(Arc::new(|_| Some(0))),
            forget_bodies: false,
        },
        |_| Reply::empty(204),
    );
    let err = runtime()
        .block_on(client(&server).send(&Graph::new().books().by_id("b1").delete()))
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let sent = server.requests()[0]
        .header("client-request-id")
        .map(str::to_string);
    assert_eq!(err.client_request_id(), sent.as_deref());
}

fn uuid_like(text: &str) -> bool {
    graphgen_runtime::uuid::Uuid::parse_str(text).is_ok_and(|u| u.get_version_num() == 4)
}
