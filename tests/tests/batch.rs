//! Typed batches over HTTP on 127.0.0.1: 45 generated calls of every
//! result kind (JSON, page, value, no content, error), with dependencies,
//! go out as three `$batch` requests; the stub service answers some steps
//! 429 with Retry-After, and those alone go out again. Every step's typed
//! result is what the call sent alone returns.

use graphgen_models::calls::{BookCheckOutParameters, Graph};
use graphgen_runtime::batch::{Batch, BatchResults, Step};
use graphgen_runtime::client::{Client, StaticToken};
use graphgen_runtime::{Call, Error, ResponseKind};
use graphgen_tests::stub_server::{Recorded, Reply, StubServer};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

/// The steps (by wire id) the service throttles the first time it sees them.
const THROTTLED: [&str; 3] = ["7", "27", "43"];

/// The fake service's answer to one request: status and JSON body.
fn answer(method: &str, url: &str) -> (u16, Option<Value>) {
    let path = url.split('?').next().unwrap_or("");
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, parts.as_slice()) {
        ("GET", ["books"]) => (
            200,
            Some(
                json!({"value": [{"id": "b1"}, {"id": "b2"}], "@odata.nextLink": "https://graph.example/books?$skiptoken=2"}),
            ),
        ),
        ("GET", ["books", "missing"]) => (
            404,
            Some(json!({"error": {"code": "itemNotFound", "message": "No such book."}})),
        ),
        ("GET", ["books", id]) => (
            200,
            Some(json!({"id": id, "title": format!("Title of {id}")})),
        ),
        ("GET", ["books", id, "isAvailable()"]) => (200, Some(json!({"value": id.len() % 2 == 0}))),
        ("DELETE", ["books", _]) => (204, None),
        ("POST", ["books", id, "checkOut"]) => (
            200,
            Some(json!({"code": 200, "subcode": 0, "message": format!("{id} checked out")})),
        ),
        _ => (
            400,
            Some(json!({"error": {"code": "badRequest", "message": url}})),
        ),
    }
}

fn reply(status: u16, body: Option<Value>) -> Reply {
    match body {
        Some(body) => Reply::json(status, &body.to_string()),
        None => Reply::empty(status),
    }
}

/// `$batch`: each step answered as alone, 424 where a step it depends on
/// failed in this request, 429 the first time a throttled step comes.
fn batch_answer(request: &Recorded, seen: &Mutex<HashSet<String>>) -> Reply {
    let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
    let mut statuses: BTreeMap<String, u16> = BTreeMap::new();
    let mut responses = Vec::new();
    for step in body["requests"].as_array().into_iter().flatten() {
        let id = step["id"].as_str().unwrap_or_default().to_string();
        let first_time = seen.lock().unwrap().insert(id.clone());
        let failed_dependency = step["dependsOn"].as_array().into_iter().flatten().any(|d| {
            statuses
                .get(d.as_str().unwrap_or_default())
                .is_none_or(|s| *s >= 400)
        });
        let (status, headers, body) = if first_time && THROTTLED.contains(&id.as_str()) {
            let error = json!({"error": {"code": "TooManyRequests", "message": "Slow down."}});
            (
                429,
                json!({"Retry-After": "1", "Content-Type": "application/json"}),
                Some(error),
            )
        } else if failed_dependency {
            (
                424,
                json!({}),
                Some(json!({"error": {"code": "FailedDependency", "message": "no"}})),
            )
        } else {
            let (status, body) = answer(
                step["method"].as_str().unwrap_or_default(),
                step["url"].as_str().unwrap_or_default(),
            );
            (status, json!({"Content-Type": "application/json"}), body)
        };
        statuses.insert(id.clone(), status);
        responses.push(json!({"id": id, "status": status, "headers": headers, "body": body}));
    }
    Reply::json(200, &json!({ "responses": responses }).to_string())
}

/// A step's handle and the call it was made from.
type Pair<R> = (Step<R>, Call<R>);
type Book = graphgen_models::microsoft_graph::Book;
type ResultInfo = graphgen_models::microsoft_graph::ResultInfo;

/// Each step's handle and call, by result kind.
#[derive(Default)]
struct Steps {
    books: Vec<Pair<graphgen_runtime::Json<Book>>>,
    pages: Vec<Pair<graphgen_runtime::Page<Book>>>,
    values: Vec<Pair<graphgen_runtime::Value<bool>>>,
    deletes: Vec<Pair<graphgen_runtime::NoContent>>,
    results: Vec<Pair<graphgen_runtime::Json<ResultInfo>>>,
}

fn forty_five_calls() -> (Batch, Steps) {
    let graph = Graph::new();
    let mut batch = Batch::new();
    let mut steps = Steps::default();
    let mut gets = BTreeMap::new();
    let parameters = BookCheckOutParameters {
        due_date_time: graphgen_runtime::DateTimeOffset::parse("2021-08-01T12:00:00Z").unwrap(),
        ..Default::default()
    };
    for i in 0..45 {
        let id = format!("b{i}");
        match i % 5 {
            0 => {
                let key = if i == 10 || i == 35 { "missing" } else { &id };
                let call = graph.books().by_id(key).get();
                let step = batch.add(call.clone());
                gets.insert(i, step.id());
                steps.books.push((step, call));
            }
            1 => {
                let call = graph.books().list().top(2);
                steps.pages.push((batch.add(call.clone()), call));
            }
            2 => {
                let call = graph.books().by_id(&id).is_available();
                // Step 23 waits for step 3, sent in the request before.
                let after = if i == 22 {
                    vec![steps.values[0].0.id()]
                } else {
                    Vec::new()
                };
                steps
                    .values
                    .push((batch.add_after(call.clone(), &after).unwrap(), call));
            }
            3 => {
                let call = graph.books().by_id(&id).delete();
                steps.deletes.push((batch.add(call.clone()), call));
            }
            _ => {
                // A check-out runs after the get of its group, unless that
                // get fails (then it would fail too: that is another test).
                let call = graph
                    .books()
                    .by_id(&format!("b{}", i - 4))
                    .check_out(&parameters);
                let after: Vec<_> = gets
                    .get(&(i - 4))
                    .filter(|_| i != 14 && i != 39)
                    .copied()
                    .into_iter()
                    .collect();
                steps
                    .results
                    .push((batch.add_after(call.clone(), &after).unwrap(), call));
            }
        }
    }
    (batch, steps)
}

/// The ids of the request that carried a result are not the result.
fn without_ids<T>(result: Result<T, Error>) -> Result<T, Error> {
    result.map_err(|e| match e {
        Error::Graph(mut g) => {
            g.request_id = None;
            g.client_request_id = None;
            Error::Graph(g)
        }
        other => other,
    })
}

fn same_as_alone<R: ResponseKind>(
    steps: &[(Step<R>, Call<R>)],
    results: &BatchResults,
    client: &Client,
    rt: &tokio::runtime::Runtime,
) -> (usize, usize)
where
    R::Output: PartialEq + Debug,
{
    let mut errors = 0;
    for (step, call) in steps {
        let batched = without_ids(results.get(step));
        let alone = without_ids(rt.block_on(client.send(call)));
        assert_eq!(batched, alone, "step {}", step.id().wire());
        errors += usize::from(batched.is_err());
    }
    (steps.len(), errors)
}

fn step_ids(request: &Recorded) -> Vec<(String, Vec<String>)> {
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    body["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let deps = s["dependsOn"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|d| d.as_str().unwrap().to_string())
                .collect();
            (s["id"].as_str().unwrap().to_string(), deps)
        })
        .collect()
}

#[test]
fn forty_five_calls_in_three_requests_with_throttled_steps_sent_again() {
    let seen = Mutex::new(HashSet::new());
    let server = StubServer::start(move |r| {
        let target = r.target.as_str();
        match (r.method.as_str(), target) {
            ("POST", "/$batch") => batch_answer(r, &seen),
            (method, _) => {
                let (status, body) = answer(method, target);
                reply(status, body)
            }
        }
    });
    let client = Client::new(&server.url(), Arc::new(StaticToken("t0ken".into())));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (batch, steps) = forty_five_calls();
    assert_eq!(batch.len(), 45);
    let results = rt.block_on(client.send_batch(batch));

    let sent = server.requests();
    assert!(sent
        .iter()
        .all(|r| r.target == "/$batch" && r.header("authorization") == Some("Bearer t0ken")));
    let requests: Vec<_> = sent.iter().map(step_ids).collect();
    let sizes: Vec<usize> = requests.iter().map(Vec::len).collect();
    assert_eq!(
        sizes,
        [20, 20, 5, 3],
        "three requests, then the throttled steps alone"
    );
    let again: Vec<&str> = requests[3].iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(again, THROTTLED);
    assert_eq!(results.requests_sent(), 4);
    // In-request dependencies are named; one on an earlier request is met by order.
    let deps = |r: usize, id: &str| {
        requests[r]
            .iter()
            .find(|(s, _)| s == id)
            .map(|(_, d)| d.clone())
            .unwrap()
    };
    assert_eq!(deps(0, "5"), ["1"]);
    assert_eq!(deps(1, "23"), Vec::<String>::new());
    assert!(requests.iter().flatten().all(|(id, ds)| ds
        .iter()
        .all(|d| d.parse::<u32>().unwrap() < id.parse::<u32>().unwrap())));

    let counts = [
        same_as_alone(&steps.books, &results, &client, &rt),
        same_as_alone(&steps.pages, &results, &client, &rt),
        same_as_alone(&steps.values, &results, &client, &rt),
        same_as_alone(&steps.deletes, &results, &client, &rt),
        same_as_alone(&steps.results, &results, &client, &rt),
    ];
    assert_eq!(counts.iter().map(|c| c.0).sum::<usize>(), 45);
    assert_eq!(counts[0].1, 2, "two gets fail alone and in the batch");
    eprintln!(
        "batching: 45 calls in {} requests (3 throttled steps sent again), {} requests saved",
        results.requests_sent(),
        45 + THROTTLED.len() - results.requests_sent()
    );
}

#[test]
fn a_step_whose_dependency_failed_is_not_sent() {
    let server = StubServer::start(|r| {
        let body: Value = serde_json::from_slice(&r.body).unwrap_or_default();
        let steps = body["requests"].as_array().cloned().unwrap_or_default();
        let responses: Vec<Value> = steps
            .iter()
            .map(|s| {
                let (status, body) = answer(
                    s["method"].as_str().unwrap_or_default(),
                    s["url"].as_str().unwrap_or_default(),
                );
                json!({"id": s["id"], "status": status, "body": body})
            })
            .collect();
        Reply::json(200, &json!({ "responses": responses }).to_string())
            .with_header("request-id", "outer-1")
    });
    let client = Client::new(&server.url(), Arc::new(StaticToken("t".into())));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let graph = Graph::new();
    let mut batch = Batch::new();
    let missing = batch.add(graph.books().by_id("missing").get());
    // 21 steps: the dependent lands in the second request, after its
    // dependency failed in the first, and is answered 424 without being sent.
    for i in 0..19 {
        batch.add(graph.books().by_id(&format!("b{i}")).delete());
    }
    let dependent = batch
        .add_after(graph.books().by_id("b1").delete(), &[missing.id()])
        .unwrap();
    let results = rt.block_on(client.send_batch(batch));
    let Err(Error::Graph(e)) = results.get(&missing) else {
        panic!("the get should fail")
    };
    assert_eq!((e.status, e.request_id.as_deref()), (404, Some("outer-1")));
    assert!(e.client_request_id.is_some(), "the $batch request's id");
    let Err(Error::Graph(e)) = results.get(&dependent) else {
        panic!("the dependent should fail")
    };
    assert_eq!(e.status, 424);
    assert_eq!(
        server.requests().len(),
        1,
        "nothing left to send after the first request"
    );
}

/// The run without any HTTP: requests handed out, answers fed back, the
/// clock given. A throttled step waits for its Retry-After (read from the
/// clock, not slept), and a 424 caused by it goes again with it.
#[test]
fn the_run_is_a_state_machine_any_client_can_drive() {
    use graphgen_runtime::batch::Next;
    use graphgen_runtime::retry::RetryPolicy;
    use std::time::{Duration, SystemTime};
    let graph = Graph::new();
    let mut batch = Batch::new();
    let get = batch.add(graph.books().by_id("b1").get());
    let after = batch
        .add_after(graph.books().by_id("b1").delete(), &[get.id()])
        .unwrap();
    let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let mut run = batch.start(
        "https://graph.microsoft.com/v1.0",
        RetryPolicy::default(),
        t0,
    );
    let Next::Send(request) = run.next(t0) else {
        panic!("a request first")
    };
    assert_eq!(request.uri(), "https://graph.microsoft.com/v1.0/$batch");
    let body: Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(body["requests"][1]["dependsOn"], json!(["1"]));
    assert_eq!(body["requests"][0]["url"], "/books/b1");
    let answer = |responses: Value| {
        graphgen_runtime::http::Response::builder()
            .status(200)
            .body(json!({ "responses": responses }).to_string().into_bytes())
            .unwrap()
    };
    let throttled = answer(json!([
        {"id": "1", "status": 429, "headers": {"Retry-After": "30"}, "body": {"error": {"code": "TooManyRequests"}}},
        {"id": "2", "status": 424, "body": {"error": {"code": "FailedDependency"}}},
    ]));
    run.receive(&throttled, t0, 0.5).unwrap();
    let Next::Wait(wait) = run.next(t0 + Duration::from_secs(10)) else {
        panic!("a wait")
    };
    assert_eq!(wait, Duration::from_secs(20));
    let later = t0 + Duration::from_secs(30);
    let Next::Send(again) = run.next(later) else {
        panic!("the same two steps again")
    };
    let body: Value = serde_json::from_slice(again.body()).unwrap();
    assert_eq!(body["requests"].as_array().unwrap().len(), 2);
    let ok = answer(json!([
        {"id": "1", "status": 200, "headers": {"Content-Type": "application/json"}, "body": {"id": "b1", "title": "Walden"}},
        {"id": "2", "status": 204},
    ]));
    run.receive(&ok, later, 0.5).unwrap();
    assert!(matches!(run.next(later), Next::Done));
    let results = run.finish();
    assert_eq!(
        results.get(&get).unwrap().title,
        graphgen_runtime::Nullable::Value("Walden".to_string())
    );
    results.get(&after).unwrap();
    assert_eq!(results.requests_sent(), 2);
}
