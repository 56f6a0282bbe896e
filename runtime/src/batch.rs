//! Typed JSON batching (sans-IO). Calls are added to a [`Batch`], each
//! giving a typed [`Step`] handle; the batch runs as a [`BatchRun`], a state
//! machine that hands out `$batch` requests of at most 20 steps and reads
//! their answers; [`BatchResults::get`] then reads a step's answer through
//! the same [`ResponseKind`] the call alone would use, so a step gives
//! exactly the typed result or typed error its call gives alone.
//!
//! Order and dependencies: a step may depend on steps added before it.
//! Steps go out in the order they were added; a step is sent in the same
//! request as the steps it depends on (its `dependsOn` names them) or in a
//! later one, once they have succeeded. A step whose dependency failed is
//! answered `424 Failed Dependency` without being sent, as the service
//! does within one request. Steps answered 429 (or 503, 504) are sent
//! again, together, once the longest `Retry-After` asked of them is
//! over; the others' answers are kept.

use crate::call::Call;
use crate::response::{Error, ResponseKind};
use crate::retry::{Attempt, RetryPolicy};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::time::{Duration, SystemTime};

/// The service's limit of steps in one `$batch` request.
pub const MAX_STEPS: usize = 20;

/// The identity of a step in its batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StepId(usize);

impl StepId {
    /// The id the step has on the wire (`"1"` for the first step).
    pub fn wire(self) -> String {
        (self.0 + 1).to_string()
    }
}

/// A typed handle to a step: [`BatchResults::get`] reads its answer as `R`.
#[derive(Debug)]
pub struct Step<R> {
    id: StepId,
    kind: PhantomData<fn() -> R>,
}

impl<R> Clone for Step<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R> Copy for Step<R> {}

impl<R> Step<R> {
    pub fn id(&self) -> StepId {
        self.id
    }
}

/// One call as a step: what the request body names.
#[derive(Debug, Clone)]
struct Entry {
    method: http::Method,
    /// The call's URL against an empty root: its path and query, or the
    /// absolute link it was given.
    url: String,
    absolute: bool,
    headers: Vec<(String, String)>,
    body: Option<Result<Vec<u8>, String>>,
    depends_on: Vec<StepId>,
}

/// Calls to send together.
#[derive(Debug, Default)]
pub struct Batch {
    entries: Vec<Entry>,
}

impl Batch {
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Adds a call; the handle reads its answer as the call's result type.
    pub fn add<R: ResponseKind>(&mut self, call: Call<R>) -> Step<R> {
        let id = StepId(self.entries.len());
        self.entries.push(Entry {
            method: call.method().clone(),
            url: call.url(""),
            absolute: call.absolute_url().is_some(),
            headers: call.headers().to_vec(),
            body: call
                .body()
                .map(|b| b.map(<[u8]>::to_vec).map_err(str::to_string)),
            depends_on: Vec::new(),
        });
        Step {
            id,
            kind: PhantomData,
        }
    }

    /// Adds a call that runs only after `after` have succeeded.
    pub fn add_after<R: ResponseKind>(
        &mut self,
        call: Call<R>,
        after: &[StepId],
    ) -> Result<Step<R>, Error> {
        let step = self.add(call);
        for &on in after {
            self.depends_on(step.id, on)?;
        }
        Ok(step)
    }

    /// `step` runs only after `on` has succeeded; `on` must have been
    /// added before `step` (so dependencies never form a cycle).
    pub fn depends_on(&mut self, step: StepId, on: StepId) -> Result<(), Error> {
        if on >= step || step.0 >= self.entries.len() {
            return Err(Error::InvalidRequest(format!(
                "step {} cannot depend on step {}: a step depends only on steps added before it",
                step.wire(),
                on.wire()
            )));
        }
        let deps = &mut self.entries[step.0].depends_on;
        if !deps.contains(&on) {
            deps.push(on);
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The run against a service root (`https://graph.microsoft.com/v1.0`).
    pub fn start(self, service_root: &str, policy: RetryPolicy, now: SystemTime) -> BatchRun {
        let root = service_root.trim_end_matches('/').to_string();
        let urls = self
            .entries
            .iter()
            .map(|e| match e.absolute {
                false => Ok(e.url.clone()),
                true => crate::call::under_root(&e.url, &root),
            })
            .collect();
        let states = self
            .entries
            .iter()
            .map(|_| State::Pending { not_before: None })
            .collect();
        BatchRun {
            retries: vec![0; self.entries.len()],
            entries: self.entries,
            urls,
            states,
            in_flight: Vec::new(),
            root,
            policy,
            started: now,
            requests_sent: 0,
        }
    }
}

#[derive(Debug)]
enum State {
    Pending { not_before: Option<SystemTime> },
    InFlight,
    Done(Result<http::Response<Vec<u8>>, Error>),
}

impl State {
    fn succeeded(&self) -> bool {
        matches!(self, State::Done(Ok(r)) if r.status().is_success())
    }
    fn failed(&self) -> bool {
        matches!(self, State::Done(_)) && !self.succeeded()
    }
}

/// What the driver does next.
#[derive(Debug)]
pub enum Next {
    /// Send this `$batch` request and hand its answer to [`BatchRun::receive`].
    Send(Box<http::Request<Vec<u8>>>),
    /// Nothing can go before this wait (throttled steps).
    Wait(Duration),
    /// Every step has its answer: [`BatchRun::finish`].
    Done,
}

/// A batch being sent.
#[derive(Debug)]
pub struct BatchRun {
    entries: Vec<Entry>,
    /// Each step's URL relative to the root, or why it has none (a link
    /// to another host cannot be batched).
    urls: Vec<Result<String, Error>>,
    states: Vec<State>,
    retries: Vec<u32>,
    in_flight: Vec<usize>,
    root: String,
    policy: RetryPolicy,
    started: SystemTime,
    requests_sent: usize,
}

#[derive(Serialize)]
struct WireRequest<'a> {
    id: String,
    method: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    headers: BTreeMap<&'a str, &'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<Box<RawValue>>,
    #[serde(rename = "dependsOn", skip_serializing_if = "Vec::is_empty")]
    depends_on: Vec<String>,
}

#[derive(Deserialize)]
struct WireResponses {
    responses: Vec<WireResponse>,
}

#[derive(Deserialize)]
struct WireResponse {
    id: String,
    status: u16,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<serde_json::Value>,
}

impl BatchRun {
    /// How many `$batch` requests have gone out so far.
    pub fn requests_sent(&self) -> usize {
        self.requests_sent
    }

    /// The next request to send, a wait, or the end.
    pub fn next(&mut self, now: SystemTime) -> Next {
        let chosen = self.choose(now);
        if chosen.is_empty() {
            return match self.throttled_until().or(self.any_pending().then_some(now)) {
                Some(at) => Next::Wait(at.duration_since(now).unwrap_or(Duration::ZERO)),
                None => Next::Done,
            };
        }
        match self.request(&chosen) {
            Ok(request) => {
                for &i in &chosen {
                    self.states[i] = State::InFlight;
                }
                self.in_flight = chosen;
                self.requests_sent += 1;
                Next::Send(Box::new(request))
            }
            Err(e) => {
                for &i in &chosen {
                    self.states[i] = State::Done(Err(e.clone()));
                }
                self.next(now)
            }
        }
    }

    /// Up to 20 steps that may go now, in order: due, and each dependency
    /// succeeded or going in the same request. Steps that cannot be sent
    /// (a dependency failed, no URL) get their answer here.
    fn choose(&mut self, now: SystemTime) -> Vec<usize> {
        // Throttled steps go again together, once the longest wait asked
        // of them is over (one request rather than one each).
        let throttled_due = self.throttled_until().is_none_or(|t| t <= now);
        let mut chosen: Vec<usize> = Vec::new();
        for i in 0..self.entries.len() {
            if chosen.len() == MAX_STEPS {
                break;
            }
            let State::Pending { not_before } = self.states[i] else {
                continue;
            };
            if let Err(e) = &self.urls[i] {
                self.states[i] = State::Done(Err(e.clone()));
                continue;
            }
            let deps = &self.entries[i].depends_on;
            if let Some(failed) = deps.iter().find(|d| self.states[d.0].failed()) {
                self.states[i] = State::Done(Ok(failed_dependency(*failed)));
                continue;
            }
            let due = not_before.is_none() || throttled_due;
            let ready = deps
                .iter()
                .all(|d| self.states[d.0].succeeded() || chosen.contains(&d.0));
            if due && ready {
                chosen.push(i);
            }
        }
        chosen
    }

    /// When every throttled step may go again (the latest of their waits).
    fn throttled_until(&self) -> Option<SystemTime> {
        self.states
            .iter()
            .filter_map(|s| match s {
                State::Pending { not_before } => *not_before,
                _ => None,
            })
            .max()
    }

    fn any_pending(&self) -> bool {
        self.states
            .iter()
            .any(|s| matches!(s, State::Pending { .. }))
    }

    fn request(&self, chosen: &[usize]) -> Result<http::Request<Vec<u8>>, Error> {
        let mut requests = Vec::with_capacity(chosen.len());
        for &i in chosen {
            let entry = &self.entries[i];
            let body = match &entry.body {
                None => None,
                Some(Ok(bytes)) => Some(step_body(bytes)?),
                Some(Err(e)) => return Err(Error::Encode(e.clone())),
            };
            requests.push(WireRequest {
                id: StepId(i).wire(),
                method: entry.method.as_str(),
                url: self.urls[i].as_deref().unwrap_or_default(),
                headers: entry
                    .headers
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect(),
                body,
                depends_on: entry
                    .depends_on
                    .iter()
                    .filter(|d| chosen.contains(&d.0))
                    .map(|d| d.wire())
                    .collect(),
            });
        }
        let body = serde_json::to_vec(&serde_json::json!({ "requests": requests }))
            .map_err(|e| Error::Encode(e.to_string()))?;
        http::Request::post(format!("{}/$batch", self.root))
            .header(http::header::CONTENT_TYPE, "application/json")
            .header(http::header::ACCEPT, "application/json")
            .body(body)
            .map_err(|e| Error::InvalidRequest(e.to_string()))
    }

    /// Reads the answer to the request [`BatchRun::next`] gave. A step
    /// answered 429, 503 or 504 goes back to waiting (for its
    /// `Retry-After`) while the retry policy allows; with it, any step of
    /// the same request answered 424 because of it.
    pub fn receive(
        &mut self,
        response: &http::Response<Vec<u8>>,
        now: SystemTime,
        jitter: f64,
    ) -> Result<(), Error> {
        let in_flight = std::mem::take(&mut self.in_flight);
        let parsed = crate::response::Json::<WireResponses>::parse(response);
        let mut answers: BTreeMap<String, WireResponse> = match parsed {
            Ok(w) => w.responses.into_iter().map(|r| (r.id.clone(), r)).collect(),
            Err(e) => {
                for &i in &in_flight {
                    self.states[i] = State::Done(Err(e.clone()));
                }
                return Err(e);
            }
        };
        for &i in &in_flight {
            self.states[i] = match answers.remove(&StepId(i).wire()) {
                Some(mut answer) => {
                    inherit_ids(&mut answer, response.headers());
                    self.settle(i, answer, now, jitter)
                }
                None => State::Done(Err(Error::Decode {
                    status: response.status().as_u16(),
                    message: format!(
                        "the batch response has no answer for step {}",
                        StepId(i).wire()
                    ),
                })),
            };
        }
        // A 424 caused by a step that is being retried is retried with it.
        for &i in &in_flight {
            let failed_on_retried = matches!(&self.states[i], State::Done(Ok(r)) if r.status() == 424)
                && self.entries[i]
                    .depends_on
                    .iter()
                    .any(|d| matches!(self.states[d.0], State::Pending { .. }));
            if failed_on_retried {
                self.states[i] = State::Pending { not_before: None };
            }
        }
        Ok(())
    }

    fn settle(&mut self, i: usize, answer: WireResponse, now: SystemTime, jitter: f64) -> State {
        let response = match step_response(answer) {
            Ok(r) => r,
            Err(e) => return State::Done(Err(e)),
        };
        let attempt = Attempt {
            retries: self.retries[i],
            status: response.status().as_u16(),
            headers: response.headers(),
            replayable: true,
            elapsed: now.duration_since(self.started).unwrap_or(Duration::ZERO),
            now,
            jitter,
        };
        match self.policy.next_wait(&attempt) {
            Some(wait) => {
                self.retries[i] += 1;
                State::Pending {
                    not_before: Some(now + wait),
                }
            }
            None => State::Done(Ok(response)),
        }
    }

    /// The whole request failed (transport, or an error status for the
    /// batch itself): its steps get that error.
    pub fn fail_in_flight(&mut self, error: Error) {
        for i in std::mem::take(&mut self.in_flight) {
            self.states[i] = State::Done(Err(error.clone()));
        }
    }

    /// The answers. A step never answered (the run was stopped) reads as
    /// an error saying so.
    pub fn finish(self) -> BatchResults {
        let answers = self
            .states
            .into_iter()
            .map(|s| match s {
                State::Done(answer) => answer,
                _ => Err(Error::InvalidRequest("the step was not sent".into())),
            })
            .collect();
        BatchResults {
            answers,
            requests: self.requests_sent,
        }
    }
}

/// The `$batch` request's `request-id` and `client-request-id` on a step
/// answer that has none of its own, so a step's error names the request
/// the service can look up.
fn inherit_ids(answer: &mut WireResponse, outer: &http::HeaderMap) {
    for name in ["request-id", "client-request-id"] {
        let has = answer.headers.keys().any(|k| k.eq_ignore_ascii_case(name));
        if let (false, Some(value)) = (has, outer.get(name).and_then(|v| v.to_str().ok())) {
            answer.headers.insert(name.to_string(), value.to_string());
        }
    }
}

/// A step's body: JSON as JSON, anything else base64 (the service's form
/// for binary content in a batch).
fn step_body(bytes: &[u8]) -> Result<Box<RawValue>, Error> {
    use base64::Engine;
    if let Ok(raw) = serde_json::from_slice::<Box<RawValue>>(bytes) {
        return Ok(raw);
    }
    let text = base64::engine::general_purpose::STANDARD.encode(bytes);
    serde_json::value::to_raw_value(&text).map_err(|e| Error::Encode(e.to_string()))
}

/// A step's answer as the `http::Response` the call alone would have got.
fn step_response(answer: WireResponse) -> Result<http::Response<Vec<u8>>, Error> {
    use base64::Engine;
    let json_type = answer
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .is_none_or(|(_, v)| v.contains("json"));
    let body = match answer.body {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(serde_json::Value::String(text)) if !json_type => {
            base64::engine::general_purpose::STANDARD
                .decode(&text)
                .unwrap_or_else(|_| text.into_bytes())
        }
        Some(value) => serde_json::to_vec(&value).map_err(|e| Error::Decode {
            status: answer.status,
            message: e.to_string(),
        })?,
    };
    let mut builder = http::Response::builder().status(answer.status);
    for (name, value) in &answer.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder.body(body).map_err(|e| Error::Decode {
        status: answer.status,
        message: format!("step {}: {e}", answer.id),
    })
}

/// The answer the service gives a step whose dependency failed.
fn failed_dependency(on: StepId) -> http::Response<Vec<u8>> {
    let body = serde_json::json!({"error": {
        "code": "FailedDependency",
        "message": format!("step {} failed, so this step was not run", on.wire()),
    }});
    let mut response = http::Response::new(body.to_string().into_bytes());
    *response.status_mut() = http::StatusCode::FAILED_DEPENDENCY;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}

/// Every step's answer.
#[derive(Debug)]
pub struct BatchResults {
    answers: Vec<Result<http::Response<Vec<u8>>, Error>>,
    requests: usize,
}

impl BatchResults {
    /// The step's typed result, or typed error, as its call alone gives.
    pub fn get<R: ResponseKind>(&self, step: &Step<R>) -> Result<R::Output, Error> {
        match self.answers.get(step.id.0) {
            Some(Ok(response)) => R::parse(response),
            Some(Err(e)) => Err(e.clone()),
            None => Err(Error::InvalidRequest("no such step in this batch".into())),
        }
    }

    /// How many `$batch` requests the run sent (retries of throttled
    /// steps included).
    pub fn requests_sent(&self) -> usize {
        self.requests
    }

    /// The step's answer as an `http::Response`.
    pub fn response(&self, step: StepId) -> Option<&Result<http::Response<Vec<u8>>, Error>> {
        self.answers.get(step.0)
    }
}
