//! The calls generated from docs-input's method pages: each page's request
//! example rebuilt through the typed API, its response example read as the
//! call's result, and the reqwest client over real HTTP to a stub server on
//! 127.0.0.1 (paging, a throttled retry, a Graph error, awkward key values).

use futures_util::StreamExt;
use graphgen_models::calls::{BookCheckOutParameters, Graph};
use graphgen_models::microsoft_graph::{Book, BookField, BookFormat, ResultInfo};
use graphgen_runtime::client::{Client, StaticToken};
use graphgen_runtime::{desc, Call, Error, Nullable, ResponseKind};
use graphgen_tests::stub_server::{Reply, StubServer};
use graphgen_tests::{first_difference, percent_decode};

fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    first_difference(b, a, "$").is_none()
}
use std::sync::Arc;

const BASE: &str = "https://graph.microsoft.com/v1.0";

fn url<R>(call: &Call<R>) -> String {
    percent_decode(&call.url(BASE))
}

fn body<R>(call: &Call<R>) -> serde_json::Value {
    let bytes = call.body().expect("a body").expect("written");
    serde_json::from_slice(bytes).expect("JSON")
}

#[test]
fn field_selectors_name_properties_for_query_options() {
    let call = Graph::new()
        .books()
        .list()
        .select([BookField::Title, BookField::PageCount, BookField::Id])
        .expand([BookField::Parent])
        .orderby([desc(BookField::Title), desc("pageCount")]);
    assert_eq!(
        url(&call),
        format!("{BASE}/books?$select=title,pageCount,id&$expand=parent&$orderby=title desc,pageCount desc")
    );
    // Keywords and names that are not identifiers still map to their wire name.
    assert_eq!(BookField::Self_.as_ref(), "self");
    assert_eq!(BookField::Ref.as_ref(), "ref");
    assert_eq!(BookField::Match.as_ref(), "match");
    // Inherited properties are there too.
    assert_eq!(BookField::CreatedDateTime.as_ref(), "createdDateTime");
    // Strings stay accepted, borrowed or owned.
    let fields = vec!["title".to_string()];
    let strings = Graph::new()
        .books()
        .list()
        .select(&fields)
        .orderby(&["title desc"]);
    assert_eq!(
        url(&strings),
        format!("{BASE}/books?$select=title&$orderby=title desc")
    );
}

#[test]
fn request_examples_rebuilt_through_the_api() {
    let graph = Graph::new();
    let list = graph.books().list().select(&["title", "pageCount"]).top(2);
    assert_eq!(
        url(&list),
        format!("{BASE}/books?$select=title,pageCount&$top=2")
    );
    assert_eq!(list.method(), "GET");

    assert_eq!(
        url(&graph.books().by_id("b1").get()),
        format!("{BASE}/books/b1")
    );

    let new_book: Book = serde_json::from_str(
        r##"{"@odata.type": "#microsoft.graph.book", "title": "Walden", "pageCount": 352}"##,
    )
    .unwrap();
    let create = graph.folders().by_id("f1").children().create(&new_book);
    assert_eq!(
        (create.method().as_str(), url(&create)),
        ("POST", format!("{BASE}/folders/f1/children"))
    );
    assert!(same_json(
        &body(&create),
        &serde_json::json!({"@odata.type": "#microsoft.graph.book", "title": "Walden", "pageCount": 352})
    ));

    let change: Book =
        serde_json::from_str(r#"{"title": "Moby-Dick; or, The Whale", "rating": 4.5}"#).unwrap();
    let update = graph.books().by_id("b1").update(&change);
    assert_eq!(update.method(), "PATCH");
    assert!(
        same_json(
            &body(&update),
            &serde_json::json!({"title": "Moby-Dick; or, The Whale", "rating": 4.5})
        ),
        "{}",
        body(&update)
    );

    assert_eq!(graph.books().by_id("b1").delete().method(), "DELETE");

    let parameters = BookCheckOutParameters {
        due_date_time: graphgen_runtime::DateTimeOffset::parse("2021-08-01T12:00:00Z").unwrap(),
        formats: Nullable::Value(vec![BookFormat::Hardcover]),
        note: Nullable::Value("Mind the cover.".into()),
        ..Default::default()
    };
    let check_out = graph.books().by_id("b1").check_out(&parameters);
    assert_eq!(url(&check_out), format!("{BASE}/books/b1/checkOut"));
    assert!(same_json(
        &body(&check_out),
        &serde_json::json!({"dueDateTime": "2021-08-01T12:00:00Z", "formats": ["hardcover"], "note": "Mind the cover."})
    ));

    // Function parameters: strings quoted with their quotes doubled.
    let search = graph.folders().by_id("f1").search("Moby's", 5);
    assert_eq!(
        url(&search),
        format!("{BASE}/folders/f1/search(title='Moby''s',maxResults=5)")
    );

    let upload = graph
        .books()
        .by_id("b1")
        .scan()
        .value()
        .replace(b"%PDF-1.4 ...".to_vec(), "application/pdf");
    assert_eq!(
        (upload.method().as_str(), url(&upload)),
        ("PUT", format!("{BASE}/books/b1/scan/$value"))
    );
    assert_eq!(upload.body().unwrap().unwrap(), b"%PDF-1.4 ...");
    let request = upload.into_request(BASE).unwrap();
    assert_eq!(request.headers()["content-type"], "application/pdf");
}

#[test]
fn search_and_count_ask_for_eventual_consistency() {
    let call = Graph::new()
        .books()
        .list()
        .search("\"title:moby\"")
        .count(true);
    let levels: Vec<_> = call
        .headers()
        .iter()
        .filter(|(n, _)| n == "ConsistencyLevel")
        .collect();
    assert_eq!(levels.len(), 1);
    // A call whose page does not ask for it adds nothing.
    let plain = Graph::new().books().by_id("b1").get().count(true);
    assert!(plain.headers().iter().all(|(n, _)| n != "ConsistencyLevel"));
}

fn response(status: u16, body: &str) -> graphgen_runtime::http::Response<Vec<u8>> {
    graphgen_runtime::http::Response::builder()
        .status(status)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

#[test]
fn response_examples_read_as_the_calls_result() {
    let graph = Graph::new();
    let page = graph.books().list().parse_response(&response(200, r#"{"value": [{"id": "b1", "title": "Moby-Dick", "pageCount": 635}, {"id": "b2", "title": "Middlemarch", "pageCount": 880}], "@odata.nextLink": "https://graph.microsoft.com/v1.0/books?$skiptoken=b2"}"#)).unwrap();
    assert_eq!(page.value.len(), 2);
    let next = graph.books().list().next_page(&page).expect("a next page");
    assert_eq!(
        url(&next),
        "https://graph.microsoft.com/v1.0/books?$skiptoken=b2"
    );
    let result: ResultInfo = graph
        .books()
        .by_id("b1")
        .check_out(&Default::default())
        .parse_response(&response(
            200,
            r#"{"code": 200, "subcode": 0, "message": "Checked out."}"#,
        ))
        .unwrap();
    assert_eq!(result.code, Nullable::Value(200));
    graph
        .books()
        .by_id("b1")
        .delete()
        .parse_response(&response(204, ""))
        .unwrap();
}

type Handler = dyn Fn(&graphgen_tests::stub_server::Recorded) -> Reply + Send + Sync;

fn client(server: &StubServer) -> Client {
    Client::new(&server.url(), Arc::new(StaticToken("t0ken".into())))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .enable_io()
        .build()
        .unwrap()
}

#[test]
fn paging_over_three_pages_with_the_client() {
    let handler: Box<Handler> = Box::new(|r| {
        let n = r
            .target
            .rsplit('=')
            .next()
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0);
        let next = if n < 2 {
            format!(r#", "@odata.nextLink": "NEXT/books?$skiptoken={}""#, n + 1)
        } else {
            String::new()
        };
        Reply::json(200, &format!(r#"{{"value": [{{"id": "b{n}"}}]{next}}}"#))
    });
    let server = StubServer::start(move |r| {
        let mut reply = handler(r);
        let base = format!("http://{}", r.header("host").unwrap_or_default());
        reply.body = String::from_utf8_lossy(&reply.body)
            .replace("NEXT", &base)
            .into_bytes();
        reply
    });
    let client = client(&server);
    let pages: Vec<_> = runtime().block_on(
        client
            .pages(Graph::new().books().list())
            .collect::<Vec<_>>(),
    );
    let ids: Vec<String> = pages
        .into_iter()
        .flat_map(|p| p.unwrap().value)
        .map(|b| b.id.clone().into_option().unwrap_or_default())
        .collect();
    assert_eq!(ids, ["b0", "b1", "b2"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer t0ken")));
}

#[test]
fn a_throttled_call_is_retried_after_the_wait_asked() {
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let server = StubServer::start(move |_| {
        if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            let mut r = Reply::json(
                429,
                r#"{"error": {"code": "TooManyRequests", "message": "Slow down"}}"#,
            );
            r.headers.push(("Retry-After".into(), "1".into()));
            r
        } else {
            Reply::json(200, r#"{"id": "b1", "title": "Moby-Dick"}"#)
        }
    });
    let client = client(&server);
    let started = std::time::Instant::now();
    let book = runtime()
        .block_on(client.send(&Graph::new().books().by_id("b1").get()))
        .unwrap();
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "retried before the wait"
    );
    assert_eq!(book.title, Nullable::Value("Moby-Dick".to_string()));
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn a_graph_error_is_typed() {
    let server = StubServer::start(|_| {
        Reply::json(
            404,
            r#"{"error": {"code": "itemNotFound", "message": "No such book.", "innerError": {"request-id": "req-1", "date": "2021-07-16T00:00:00"}}}"#,
        )
    });
    let client = client(&server);
    let err = runtime()
        .block_on(client.send(&Graph::new().books().by_id("nope").get()))
        .unwrap_err();
    let Error::Graph(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (e.status, e.code.as_str(), e.message.as_str()),
        (404, "itemNotFound", "No such book.")
    );
    let inner = e.inner_error.unwrap();
    assert_eq!(
        (inner.request_id.as_deref(), inner.date.as_deref()),
        (Some("req-1"), Some("2021-07-16T00:00:00"))
    );
}

#[test]
fn awkward_key_values_arrive_intact() {
    let server = StubServer::start(|_| Reply::json(204, ""));
    let client = client(&server);
    let key = "a/b'c#d é?";
    runtime()
        .block_on(client.send(&Graph::new().books().by_id(key).delete()))
        .unwrap();
    let target = &server.requests()[0].target;
    let segment = target.trim_start_matches("/books/");
    assert!(!segment.contains('/') && !segment.contains('#'), "{target}");
    assert_eq!(percent_decode(segment), key);
}

#[test]
fn generic_kinds_parse_without_a_call() {
    assert!(graphgen_runtime::Value::<bool>::parse(&response(200, r#"{"value": true}"#)).unwrap());
}
