//! A fake drive service on the stub server, for the upload and delta
//! tests and the drive-sync example: items in folders with a change log
//! that `delta` pages through (two items a page, `@removed` for what left),
//! and upload sessions that keep the bytes they got, even from a slice
//! whose connection was dropped part-way, and tell which range they expect
//! next. Upload URLs are on the same host as the service, so a token sent
//! to one would be seen: each is recorded.

use crate::stub_server::{Options, Recorded, Reply, StubServer};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Items a delta page holds at most.
pub const PAGE_SIZE: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub size: u64,
    pub folder: String,
    pub version: u32,
}

#[derive(Debug, Default)]
struct Session {
    name: String,
    folder: String,
    total: u64,
    bytes: Vec<u8>,
}

/// The service's state, shared with the test.
#[derive(Debug, Default)]
pub struct Drive {
    pub items: BTreeMap<String, Item>,
    /// Change sequence: (sequence number, item id).
    log: Vec<(u64, String)>,
    sessions: BTreeMap<String, Session>,
    next_id: u64,
    /// The files uploaded through sessions, by item id.
    pub uploaded: BTreeMap<String, Vec<u8>>,
    /// Requests to an upload URL that carried an Authorization header.
    pub upload_requests_with_token: usize,
    pub upload_requests: usize,
    /// Sessions deleted (cancelled).
    pub cancelled: usize,
}

impl Drive {
    fn touch(&mut self, id: &str) {
        let seq = self.log.last().map_or(1, |(s, _)| s + 1);
        self.log.push((seq, id.to_string()));
    }

    fn sequence(&self) -> u64 {
        self.log.last().map_or(0, |(s, _)| *s)
    }

    /// Adds an item to a folder; returns its id.
    pub fn add(&mut self, folder: &str, name: &str, size: u64) -> String {
        self.next_id += 1;
        let id = format!("item-{}", self.next_id);
        let item = Item {
            name: name.into(),
            size,
            folder: folder.into(),
            version: 1,
        };
        self.items.insert(id.clone(), item);
        self.touch(&id);
        id
    }

    pub fn rename(&mut self, id: &str, name: &str) {
        if let Some(item) = self.items.get_mut(id) {
            item.name = name.into();
            item.version += 1;
        }
        self.touch(id);
    }

    pub fn remove(&mut self, id: &str) {
        self.items.remove(id);
        self.touch(id);
    }

    /// Ids and names of a folder's items, as the service holds them.
    pub fn folder(&self, folder: &str) -> BTreeMap<String, (String, u64)> {
        self.items
            .iter()
            .filter(|(_, i)| i.folder == folder)
            .map(|(id, i)| (id.clone(), (i.name.clone(), i.size)))
            .collect()
    }

    fn item_json(id: &str, item: &Item) -> Value {
        json!({"id": id, "name": item.name, "size": item.size, "eTag": format!("\"{id},{}\"", item.version), "file": {"mimeType": "application/octet-stream"}})
    }
}

/// The service and its state.
pub struct FakeDrive {
    pub server: StubServer,
    pub drive: Arc<Mutex<Drive>>,
}

/// Drops the connection of a slice part-way: the given upload PUTs (by
/// their order, 0 first) lose it after `at` bytes of their body.
#[derive(Debug, Clone, Default)]
pub struct Drops {
    pub puts: Vec<usize>,
    pub at: usize,
}

impl FakeDrive {
    pub fn start(drops: Drops) -> FakeDrive {
        let drive = Arc::new(Mutex::new(Drive::default()));
        let puts = Arc::new(Mutex::new(0usize));
        let cut = move |r: &Recorded| {
            if r.method != "PUT" || !r.target.starts_with("/upload/") {
                return None;
            }
            let mut n = puts.lock().ok()?;
            *n += 1;
            drops.puts.contains(&(*n - 1)).then_some(drops.at)
        };
        let options = Options {
            cut: Some(Arc::new(cut)),
            forget_bodies: true,
        };
        let state = drive.clone();
        let server = StubServer::start_with(options, move |r| {
            let base = format!("http://{}", r.header("host").unwrap_or_default());
            match state.lock() {
                Ok(mut d) => route(&mut d, r, &base),
                Err(_) => Reply::json(500, "{}"),
            }
        });
        FakeDrive { server, drive }
    }
}

fn route(d: &mut Drive, r: &Recorded, base: &str) -> Reply {
    let (path, query) = r.target.split_once('?').unwrap_or((&r.target, ""));
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    if parts.first() == Some(&"upload") {
        d.upload_requests += 1;
        d.upload_requests_with_token += usize::from(r.header("authorization").is_some());
    }
    match (r.method.as_str(), parts.as_slice()) {
        ("GET", ["drives", _, "items", folder, "delta"]) => delta(d, folder, query, base, path),
        ("POST", _) if path.ends_with(":/createUploadSession") => {
            create_session(d, path, &r.body, base)
        }
        ("PUT", ["upload", sid]) => put_slice(d, sid, r),
        ("GET", ["upload", sid]) => match d.sessions.get(*sid) {
            Some(s) => Reply::json(200, &status(s).to_string()),
            None => not_found(),
        },
        ("DELETE", ["upload", sid]) => match d.sessions.remove(*sid) {
            Some(_) => {
                d.cancelled += 1;
                Reply::empty(204)
            }
            None => not_found(),
        },
        _ => Reply::json(
            400,
            r#"{"error": {"code": "badRequest", "message": "no such route"}}"#,
        ),
    }
}

fn not_found() -> Reply {
    Reply::json(
        404,
        r#"{"error": {"code": "itemNotFound", "message": "No such session."}}"#,
    )
}

fn query_number(query: &str, name: &str) -> Option<u64> {
    query
        .split('&')
        .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
        .and_then(|v| v.parse().ok())
}

/// Changes after `token` up to `upto`, a page at a time: the latest state
/// of each changed item, `@removed` for one that is gone or left.
fn delta(d: &Drive, folder: &str, query: &str, base: &str, path: &str) -> Reply {
    let from = query_number(query, "token").unwrap_or(0);
    let upto = query_number(query, "upto").unwrap_or(d.sequence());
    let skip = query_number(query, "skip").unwrap_or(0) as usize;
    let mut changed: Vec<&String> = Vec::new();
    for (seq, id) in &d.log {
        if *seq > from && *seq <= upto && !changed.contains(&id) {
            changed.push(id);
        }
    }
    let entries: Vec<Value> = changed
        .iter()
        .filter_map(|id| match d.items.get(*id) {
            Some(item) if item.folder == folder => Some(Drive::item_json(id, item)),
            // Never seen by a first sync: nothing to remove.
            _ if from == 0 => None,
            _ => Some(json!({"id": id, "@removed": {"reason": "deleted"}})),
        })
        .collect();
    let page: Vec<&Value> = entries.iter().skip(skip).take(PAGE_SIZE).collect();
    let mut body = json!({ "value": page });
    if skip + PAGE_SIZE < entries.len() {
        let next = format!(
            "{base}{path}?token={from}&upto={upto}&skip={}",
            skip + PAGE_SIZE
        );
        body["@odata.nextLink"] = json!(next);
    } else {
        body["@odata.deltaLink"] = json!(format!("{base}{path}?token={upto}"));
    }
    Reply::json(200, &body.to_string())
}

fn create_session(d: &mut Drive, path: &str, body: &[u8], base: &str) -> Reply {
    // `/drives/{id}/root:/Folder/name.bin:/createUploadSession`
    let item_path = path.split_once("root:/").map_or("", |(_, rest)| {
        rest.trim_end_matches(":/createUploadSession")
    });
    let (folder, name) = item_path.rsplit_once('/').unwrap_or(("root", item_path));
    let request: Value = serde_json::from_slice(body).unwrap_or_default();
    let total = request["item"]["fileSize"].as_u64().unwrap_or(0);
    d.next_id += 1;
    let sid = format!("s{}", d.next_id);
    let session = Session {
        name: name.to_string(),
        folder: folder.to_string(),
        total,
        bytes: Vec::new(),
    };
    let mut answer = status(&session);
    answer["uploadUrl"] = json!(format!("{base}/upload/{sid}?sig=pre-authenticated"));
    d.sessions.insert(sid, session);
    Reply::json(200, &answer.to_string())
}

fn status(s: &Session) -> Value {
    json!({"expirationDateTime": "2030-01-01T00:00:00Z", "nextExpectedRanges": [format!("{}-", s.bytes.len())]})
}

/// `bytes a-b/total`
fn content_range(r: &Recorded) -> Option<(u64, u64, u64)> {
    let text = r.header("content-range")?.strip_prefix("bytes ")?;
    let (range, total) = text.split_once('/')?;
    let (a, b) = range.split_once('-')?;
    Some((a.parse().ok()?, b.parse().ok()?, total.parse().ok()?))
}

/// A slice: taken where it starts at the first byte still expected; the
/// bytes of a dropped connection are kept, as far as they came.
fn put_slice(d: &mut Drive, sid: &str, r: &Recorded) -> Reply {
    let Some(session) = d.sessions.get_mut(sid) else {
        return not_found();
    };
    let Some((start, end, total)) = content_range(r) else {
        return Reply::json(
            400,
            r#"{"error": {"code": "invalidRange", "message": "no Content-Range"}}"#,
        );
    };
    let whole = (end + 1 - start) as usize == r.body.len() || r.cut;
    if start != session.bytes.len() as u64 || total != session.total || !whole {
        return Reply::json(
            416,
            r#"{"error": {"code": "invalidRange", "message": "not the range expected"}}"#,
        );
    }
    session.bytes.extend_from_slice(&r.body);
    if (session.bytes.len() as u64) < session.total {
        return Reply::json(202, &status(session).to_string());
    }
    let Some(session) = d.sessions.remove(sid) else {
        return not_found();
    };
    let id = d.add(&session.folder, &session.name, session.total);
    d.uploaded.insert(id.clone(), session.bytes);
    let item = d
        .items
        .get(&id)
        .map(|i| Drive::item_json(&id, i))
        .unwrap_or_default();
    Reply::json(201, &item.to_string())
}
