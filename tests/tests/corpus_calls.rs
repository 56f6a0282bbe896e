//! Over the whole v1.0 corpus (resource and method pages): the generated
//! crate with calls compiles with no error and no warning; every request
//! example whose URL matches one of its page's paths is rebuilt through the
//! generated API and compared with the example; every response example is
//! read as its call's result and written back; and the calls are sent with
//! the runtime's reqwest client to a stub server on 127.0.0.1 that answers
//! each documented request with its documented response.

use graphgen_tests::{first_difference, percent_decode, shared_dir, workspace};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

#[path = "corpus_calls/snippet_checks.rs"]
mod snippet_checks;
use snippet_checks::{snippet_module, snippets_report};

fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    graphgen_tests::cargo_offline(dir, args)
}

const MANIFEST: &str = r#"[package]
name = "corpus-calls"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
name = "v1"

[dependencies]
graphgen-runtime = { path = "RUNTIME", features = ["client"] }
tokio = { version = "1", features = ["rt", "time"] }

[workspace]
"#;

/// The harness: runs each case, writes what it built and read as JSON.
const HARNESS: &str = r#"
mod stub_server;
mod cases;
mod snippets;
use graphgen_runtime::client::{Client, StaticToken};
use graphgen_runtime::serde_json::{self, json, Value};
use graphgen_runtime::{http, Call, ResponseKind};
use std::collections::HashMap;
use std::sync::Arc;

pub struct Case {
    pub page: &'static str,
    pub line: usize,
    pub method: &'static str,
    pub url: &'static str,
    pub headers: &'static [(&'static str, &'static str)],
    pub body: Option<&'static str>,
    pub response: Option<(u16, &'static str)>,
    pub build: fn(&str) -> Result<Built, String>,
}

/// A snippet of `graphgen snippets`, wrapped in a function that builds its call.
pub struct SnippetCase {
    pub page: &'static str,
    pub line: usize,
    pub method: &'static str,
    pub url: &'static str,
    pub body: Option<&'static str>,
    pub build: fn(&str) -> Built,
}

/// What each snippet's call sends, as JSON rows like the cases'.
fn snippet_rows(base: &str) -> Vec<Value> {
    std::panic::set_hook(Box::new(|_| {}));
    let rows = snippets::snippets()
        .into_iter()
        .map(|s| {
            let mut row = json!({"page": s.page, "line": s.line, "url": s.url, "method": s.method, "body": s.body});
            match std::panic::catch_unwind(|| (s.build)(base)) {
                Ok(Built { request: Ok(r), .. }) => {
                    row["built_method"] = json!(r.method().as_str());
                    row["built_url"] = json!(r.uri().to_string());
                    row["built_body"] = json!(String::from_utf8_lossy(r.body()));
                }
                Ok(Built { request: Err(e), .. }) => row["error"] = json!(format!("request: {e}")),
                Err(_) => row["error"] = json!("the snippet panicked (a value its type does not parse)"),
            }
            row
        })
        .collect();
    let _ = std::panic::take_hook();
    rows
}

pub struct ReadCase {
    pub page: &'static str,
    pub line: usize,
    pub status: u16,
    pub body: &'static str,
    pub read: fn(u16, &str) -> Result<Value, String>,
}

/// Reads a documented response as a call's result kind.
pub fn read<R: ResponseKind>(status: u16, body: &str) -> Result<Value, String>
where
    R::Output: graphgen_runtime::serde::Serialize,
{
    R::parse(&response(status, body)).map_err(|e| e.to_string()).and_then(written)
}

type Read = Box<dyn Fn(&http::Response<Vec<u8>>) -> Result<Value, String>>;
type Send = Box<dyn Fn(&Client, &tokio::runtime::Runtime, usize) -> Result<Value, String>>;

pub struct Built {
    request: Result<http::Request<Vec<u8>>, String>,
    read: Read,
    send: Send,
}

fn written<T: graphgen_runtime::serde::Serialize>(v: T) -> Result<Value, String> {
    serde_json::to_value(&v).map_err(|e| e.to_string())
}

pub fn built<R: ResponseKind + 'static>(call: Call<R>, base: &str) -> Built
where
    R::Output: graphgen_runtime::serde::Serialize,
{
    let request = call.clone().into_request(base).map_err(|e| e.to_string());
    let reader = call.clone();
    Built {
        request,
        read: Box::new(move |r| reader.parse_response(r).map_err(|e| e.to_string()).and_then(written)),
        // The case's number rides in a header, so the stub answers each
        // case with its own documented response.
        send: Box::new(move |client, rt, case| {
            let call = call.clone().header("X-Case", &case.to_string());
            rt.block_on(client.send(&call)).map_err(|e| e.to_string()).and_then(written)
        }),
    }
}

/// Percent-decodes a request target (`%27` → `'`).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|&b| hex(b)), bytes.get(i + 2).and_then(|&b| hex(b))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn response(status: u16, body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder().status(status).body(body.as_bytes().to_vec()).unwrap_or_default()
}

fn main() {
    let base = "https://graph.microsoft.com/v1.0";
    let mut out = Vec::new();
    let mut served: HashMap<usize, (String, u16, String)> = HashMap::new();
    let mut to_send = Vec::new();
    for (i, case) in cases::cases().into_iter().enumerate() {
        let mut row = json!({"page": case.page, "line": case.line, "url": case.url, "method": case.method, "body": case.body, "response": case.response.map(|r| r.1)});
        match (case.build)(base) {
            Err(e) => row["error"] = json!(e),
            Ok(b) => {
                match &b.request {
                    Ok(r) => {
                        row["built_method"] = json!(r.method().as_str());
                        row["built_url"] = json!(r.uri().to_string());
                        row["built_body"] = json!(String::from_utf8_lossy(r.body()));
                        if let Some((status, body)) = case.response {
                            let target = r.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
                            // The stub is the service root: no `/v1.0`.
                            let target = target.strip_prefix("/v1.0").unwrap_or(&target).to_string();
                            served.insert(i, (format!("{} {}", r.method(), decode(&target)), status, body.to_string()));
                            to_send.push(i);
                        }
                    }
                    Err(e) => row["error"] = json!(format!("request: {e}")),
                }
                if let Some((status, body)) = case.response {
                    row["read"] = match (b.read)(&response(status, body)) {
                        Ok(v) => json!({"value": v}),
                        Err(e) => json!({"error": e}),
                    };
                }
                out.push((row, Some(b)));
                continue;
            }
        }
        out.push((row, None));
    }
    // Over real HTTP: a stub server answers each documented request.
    let server = stub_server::StubServer::start(move |r| {
        let case: Option<usize> = r.header("x-case").and_then(|c| c.parse().ok());
        match case.and_then(|c| served.get(&c)) {
            // The request must arrive as it was built.
            Some((want, status, body)) if *want == format!("{} {}", r.method, decode(&r.target)) => stub_server::Reply {
                status: *status,
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: body.clone().into_bytes(),
            },
            Some((want, ..)) => stub_server::Reply::json(598, &json!({"error": {"code": "unexpectedRequest", "message": format!("expected {want}, got {} {}", r.method, r.target)}}).to_string()),
            None => stub_server::Reply::json(599, "{}"),
        }
    });
    let client = Client::new(&server.url(), Arc::new(StaticToken("t".into()))).with_max_retries(0);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    for i in to_send {
        if let (row, Some(b)) = &mut out[i] {
            row["sent"] = match (b.send)(&client, &rt, i) {
                Ok(v) => json!({"value": v}),
                Err(e) => json!({"error": e}),
            };
        }
    }
    let rows: Vec<Value> = out.into_iter().map(|(r, _)| r).collect();
    let reads: Vec<Value> = cases::reads()
        .into_iter()
        .map(|c| {
            let read = match (c.read)(c.status, c.body) {
                Ok(v) => json!({"value": v}),
                Err(e) => json!({"error": e}),
            };
            json!({"page": c.page, "line": c.line, "response": c.body, "read": read})
        })
        .collect();
    let path = std::env::args().nth(1).expect("output path");
    let all = json!({"cases": rows, "reads": reads, "snippets": snippet_rows(base)});
    std::fs::write(path, serde_json::to_string(&all).expect("json")).expect("write");
}
"#;

/// Path segments and query pairs of a URL, decoded, for comparison: the
/// host and version dropped, names compared case-insensitively, `name()`
/// the same as `name`.
fn url_parts(url: &str) -> (Vec<String>, Vec<(String, String)>) {
    let no_host = match url.find("://") {
        Some(i) => url[i + 3..].find('/').map_or("", |j| &url[i + 3 + j..]),
        None => url,
    };
    let (path, query) = no_host.split_once('?').unwrap_or((no_host, ""));
    let mut segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            call_segment(
                &percent_decode(s)
                    .trim_end_matches("()")
                    .to_ascii_lowercase(),
            )
        })
        .collect();
    if segs.first().is_some_and(|s| s == "v1.0" || s == "beta") {
        segs.remove(0);
    }
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(n).to_ascii_lowercase(), percent_decode(v))
        })
        .collect();
    pairs.sort();
    (segs, pairs)
}

/// A function call segment with its arguments in name order, and an enum
/// literal's `namespace.type'member'` form as `'member'` (OData reads both).
fn call_segment(seg: &str) -> String {
    let Some((name, rest)) = seg.split_once('(') else {
        return seg.to_string();
    };
    let args = rest.strip_suffix(')').unwrap_or(rest);
    let mut pairs: Vec<String> = args
        .split(',')
        .map(|a| match a.split_once('=') {
            Some((n, v)) => {
                let v = match v.find('\'') {
                    Some(q) if q > 0 && v[..q].contains('.') => &v[q..],
                    _ => v,
                };
                format!("{}={v}", n.trim())
            }
            None => a.to_string(),
        })
        .collect();
    pairs.sort();
    format!("{name}({})", pairs.join(","))
}

/// Why a built request differs from the example, if it does.
fn request_difference(row: &Value) -> Option<String> {
    let s = |k: &str| row[k].as_str().unwrap_or("");
    if !s("method").eq_ignore_ascii_case(s("built_method")) {
        return Some(format!("method {} vs {}", s("method"), s("built_method")));
    }
    let (want, got) = (url_parts(s("url")), url_parts(s("built_url")));
    if want.0 != got.0 {
        return Some(format!("path {:?} vs {:?}", want.0, got.0));
    }
    if want.1 != got.1 {
        return Some(format!("query {:?} vs {:?}", want.1, got.1));
    }
    let (Some(body), Ok(built)) = (
        row["body"].as_str(),
        serde_json::from_str::<Value>(s("built_body")),
    ) else {
        return None;
    };
    let Ok(example) = serde_json::from_str::<Value>(body.trim()) else {
        return None;
    };
    first_difference(&example, &built, "$").map(|d| format!("body: {d}"))
}

#[test]
fn v1_calls_rebuild_and_send_the_docs_examples() {
    let Some(shared) = shared_dir("v1_calls_rebuild_and_send_the_docs_examples") else {
        return;
    };
    let dir = workspace().join("target/corpus-calls");
    std::fs::create_dir_all(dir.join("src/bin/harness")).unwrap();
    let runtime = workspace().join("runtime").canonicalize().unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        MANIFEST.replace("RUNTIME", &runtime.display().to_string()),
    )
    .unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let v1 = shared.join("graph-docs/v1.0");
    graphgen::Config::new()
        .input(&v1)
        .out_dir(dir.join("src"))
        .include_file("lib.rs")
        .allow_page_errors(true)
        .rerun_if_changed(false)
        .generate()
        .expect("generation");
    let ir = graphgen::ir_from_paths(&[v1]);
    let cases = graphgen::emit::example_cases(&ir, "v1");
    std::fs::write(dir.join("src/bin/harness/cases.rs"), &cases.source).unwrap();
    std::fs::write(dir.join("src/bin/harness/main.rs"), HARNESS).unwrap();
    let snippets = graphgen::emit::snippets(&ir, "v1");
    std::fs::write(
        dir.join("src/bin/harness/snippets.rs"),
        snippet_module(&snippets.snippets),
    )
    .unwrap();
    std::fs::copy(
        workspace().join("tests/src/stub_server.rs"),
        dir.join("src/bin/harness/stub_server.rs"),
    )
    .unwrap();

    // The crate (models and calls) checks with no error and no warning.
    let check = cargo(&dir, &["check", "--lib", "--message-format", "short"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    let problems = stderr
        .lines()
        .filter(|l| l.contains("warning") || l.contains("error"))
        .count();
    assert!(
        check.status.success() && problems == 0,
        "the v1.0 crate with calls does not check cleanly:\n{stderr}"
    );

    // Clippy-clean and rustdoc-clean (intra-doc links to the result types).
    let clippy = cargo(&dir, &["clippy", "--lib", "--", "-D", "warnings"]);
    assert!(
        clippy.status.success(),
        "clippy rejects the v1.0 calls:\n{}",
        String::from_utf8_lossy(&clippy.stderr)
    );
    let doc = Command::new(env!("CARGO"))
        .args(["doc", "--offline", "--no-deps", "--lib"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        doc.status.success(),
        "rustdoc rejects the v1.0 calls:\n{}",
        String::from_utf8_lossy(&doc.stderr)
    );

    let build = cargo(
        &dir,
        &["build", "--bin", "harness", "--message-format", "short"],
    );
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "harness does not build:\n{stderr}");
    // Every snippet compiles in the harness, with no warning.
    let snippet_warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("snippets.rs") && l.contains("warning"))
        .collect();
    assert!(
        snippet_warnings.is_empty(),
        "snippets compile with warnings:\n{}",
        snippet_warnings.join("\n")
    );
    let results = dir.join("results.json");
    let run = Command::new(dir.join("target/debug/harness"))
        .arg(&results)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let all: Value = serde_json::from_str(&std::fs::read_to_string(&results).unwrap()).unwrap();
    let (Some(rows), Some(reads)) = (all["cases"].as_array(), all["reads"].as_array()) else {
        panic!("harness output has no cases");
    };
    report(rows, cases.unmatched);
    responses(reads);
    over_http(rows);
    let snippet_rows = all["snippets"].as_array().map_or(&[][..], Vec::as_slice);
    snippets_report(snippet_rows, &snippets.without);
}

fn report(rows: &[Value], unmatched: usize) {
    let mut failures: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let (mut equal, mut valid_json) = (0, 0);
    for row in rows {
        let place = format!("{}:{}", row["page"].as_str().unwrap_or(""), row["line"]);
        let body_is_json = row["body"]
            .as_str()
            .is_none_or(|b| serde_json::from_str::<Value>(b.trim()).is_ok());
        valid_json += usize::from(body_is_json);
        if let Some(e) = row["error"].as_str() {
            let kind = if !body_is_json {
                "an example that is not JSON"
            } else if e.starts_with("placeholder") {
                "a placeholder in the page"
            } else if e.starts_with("type") {
                "an example that contradicts the documented types"
            } else {
                "the generator's fault"
            };
            failures
                .entry(kind)
                .or_default()
                .push(format!("{place}: {e}"));
            continue;
        }
        match request_difference(row) {
            None => equal += 1,
            // The page's own HTTP request block names another method.
            Some(d) if d.starts_with("method") => failures
                .entry("an example that contradicts its page's request")
                .or_default()
                .push(format!("{place}: {d}")),
            Some(d) if !body_is_json => failures
                .entry("an example that is not JSON")
                .or_default()
                .push(format!("{place}: {d}")),
            Some(d) => failures
                .entry("the generator's fault")
                .or_default()
                .push(format!("{place}: {d}")),
        }
    }
    eprintln!("request examples: {} matched a path of their page ({unmatched} matched none); {valid_json} with valid JSON; {equal} rebuilt equal", rows.len());
    for (kind, list) in &failures {
        eprintln!("-- {} failures: {kind}", list.len());
        for line in list.iter().take(400) {
            eprintln!("   {line}");
        }
    }
    let ours = failures.get("the generator's fault").map_or(0, Vec::len);
    assert!(
        equal as f64 >= 0.9 * valid_json as f64,
        "only {equal} of {valid_json} examples rebuilt equal"
    );
    assert_eq!(ours, 0, "requests the generator built wrong");
}

/// Every response example read as its call's result, written back equal
/// (a primitive result unwrapped from its `{"value": ...}`, bytes compared
/// as the example's text).
fn responses(reads: &[Value]) {
    let (mut read, mut objects) = (0, 0);
    let (mut differ, mut errors, mut no_body) = (Vec::new(), Vec::new(), Vec::new());
    for row in reads {
        let place = format!("{}:{}", row["page"].as_str().unwrap_or(""), row["line"]);
        let Some(Ok(example)) = row["response"]
            .as_str()
            .map(|b| serde_json::from_str::<Value>(b.trim()))
        else {
            continue;
        };
        match (row["read"].get("value"), row["read"].get("error")) {
            // A body where the page documents none (`204 No Content`).
            (Some(Value::Null), _) if !example.is_null() => no_body.push(place.clone()),
            (Some(v), _) => {
                read += 1;
                objects += v.get("value").and_then(Value::as_array).map_or(1, Vec::len);
                let bytes: Option<Vec<u8>> = v.as_array().and_then(|a| {
                    a.iter()
                        .map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
                        .collect()
                });
                let from_bytes = bytes.and_then(|b| serde_json::from_slice::<Value>(&b).ok());
                let v = from_bytes.as_ref().unwrap_or(v);
                let single = example
                    .as_object()
                    .is_some_and(|o| o.keys().filter(|k| !k.starts_with('@')).count() == 1);
                let unwrapped = example
                    .get("value")
                    .filter(|_| single && v.get("value").is_none());
                let same = first_difference(&example, v, "$").is_none()
                    || unwrapped.is_some_and(|u| first_difference(u, v, "$").is_none());
                if !same {
                    differ.push(format!(
                        "{place}: {}",
                        first_difference(&example, v, "$").unwrap_or_default()
                    ));
                }
            }
            (None, Some(e)) => errors.push(format!("{place}: {e}")),
            _ => {}
        }
    }
    eprintln!("response examples (valid JSON) read as their call's result: {read} ({objects} objects), {} written back equal; {} not of the documented type; {} with a body where the page documents none", read - differ.len(), errors.len(), no_body.len());
    for (title, list) in [
        ("not equal", &differ),
        ("not read", &errors),
        ("a body where none is documented", &no_body),
    ] {
        for line in list.iter().take(80) {
            eprintln!("   {title}: {line}");
        }
    }
    assert!(
        differ.is_empty(),
        "response examples that read must come back equal"
    );
    assert!(
        objects >= 954,
        "only {objects} objects of response examples read as their call's result"
    );
}

/// The rebuilt calls sent with the reqwest client to the stub server, each
/// answered with its documented response and read as the typed result.
fn over_http(rows: &[Value]) {
    let (mut sent, mut equal, mut failed) = (0, 0, Vec::new());
    for row in rows {
        let place = format!("{}:{}", row["page"].as_str().unwrap_or(""), row["line"]);
        match (row["sent"].get("value"), row["sent"].get("error")) {
            (Some(v), _) => {
                sent += 1;
                equal += usize::from(row["read"].get("value") == Some(v));
            }
            // A body that does not read locally does not read over HTTP either.
            (None, Some(_)) if row["read"].get("value").is_none() => {}
            (None, Some(e)) => failed.push(format!("{place}: {e}")),
            _ => {}
        }
    }
    eprintln!("over HTTP to the stub server: {sent} calls sent and their typed results read, {equal} equal to the local read, {} failed", failed.len());
    for line in failed.iter().take(40) {
        eprintln!("   failed: {line}");
    }
    assert!(
        sent >= 300 && equal == sent && failed.is_empty(),
        "over HTTP: {sent} sent, {equal} equal"
    );
}
