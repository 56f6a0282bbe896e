//! `diff` over operations: one method page's call in two doc versions
//! (matched by what a client calls). Breaking for a caller: the call or one
//! of its paths removed or changed, its method changed, a parameter
//! removed, added as required, made required or narrowed, the response
//! type changed, a permission made stricter (see `diff_permissions`).

use super::diff::Change;
use crate::ir::{Example, ExampleKind, Ir, Operation, TypeLookup};
use crate::resolve::paths::{segments, shape, PathTypes, Segment};
use std::collections::BTreeSet;

mod paths;
use paths::{call, compare_paths};

pub mod codes {
    pub const OPERATION_ADDED: &str = "operation-added";
    pub const OPERATION_REMOVED: &str = "operation-removed";
    pub const METHOD_CHANGED: &str = "method-changed";
    pub const PATH_ADDED: &str = "path-added";
    pub const PATH_REMOVED: &str = "path-removed";
    pub const PATH_CHANGED: &str = "path-changed";
    pub const PATH_MOVED: &str = "path-moved";
    pub const OPERATION_MOVED: &str = "operation-moved";
    pub const PARAMETER_ADDED: &str = "parameter-added";
    pub const PARAMETER_REMOVED: &str = "parameter-removed";
    pub const PARAMETER_MADE_REQUIRED: &str = "parameter-made-required";
    pub const PARAMETER_TYPE_CHANGED: &str = "parameter-type-changed";
    pub const RESPONSE_CHANGED: &str = "response-changed";
    pub const PERMISSION_STRICTER: &str = "permission-stricter";
    pub const PERMISSION_RELAXED: &str = "permission-relaxed";
}

/// What a client calls: the method and the shapes of the paths
/// (placeholders aside), and where the page is.
struct Call<'o> {
    op: &'o Operation,
    shapes: BTreeSet<String>,
    page: String,
}

impl<'o> Call<'o> {
    fn new(op: &'o Operation) -> Self {
        Call {
            op,
            shapes: op.paths.iter().map(|p| shape(&segments(p))).collect(),
            page: op.source.path.to_ascii_lowercase(),
        }
    }

    fn bound_to(&self) -> Option<String> {
        self.op
            .binding
            .as_ref()
            .and_then(|b| b.bound_to.as_ref())
            .map(|t| t.to_ascii_lowercase())
    }

    /// The action or function a client calls, with what it is bound to.
    fn call_name(&self) -> Option<(String, Option<String>)> {
        let b = self.op.binding.as_ref()?;
        Some((b.name.to_ascii_lowercase(), self.bound_to()))
    }

    /// How sure it is that two calls are one call in two versions: the
    /// paths they share, then the page, then the action or function
    /// called, then the parameters; 0 for none.
    fn likeness(&self, other: &Call) -> usize {
        if self.op.method != other.op.method && self.page != other.page {
            return 0;
        }
        let shared = self.shapes.intersection(&other.shapes).count();
        let same_page = self.page == other.page && self.bound_to() == other.bound_to();
        // `team: archive` on another page with other paths: the same call.
        let same_call = self.op.method == other.op.method
            && self.call_name().is_some()
            && self.call_name() == other.call_name();
        if shared == 0 && !same_page && !same_call {
            return 0;
        }
        let params = self
            .op
            .parameters
            .iter()
            .filter(|p| other.op.parameters.iter().any(|q| q.name == p.name))
            .count();
        shared * 100 + usize::from(same_page) * 50 + usize::from(same_call) * 40 + params
    }
}

/// Every (likeness, old index, new index) of two calls alike at all: calls
/// that share a path shape, a page or the action or function called.
fn alike(olds: &[Call], news: &[Option<Call>]) -> Vec<(usize, usize, usize)> {
    use std::collections::HashMap;
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, n) in news.iter().enumerate() {
        let Some(n) = n else { continue };
        let call = n.call_name().map(|c| format!("call {c:?}"));
        let keys = n.shapes.iter().map(|s| format!("shape {s}"));
        for key in keys.chain([format!("page {}", n.page)]).chain(call) {
            by_key.entry(key).or_default().push(j);
        }
    }
    let mut out = Vec::new();
    for (i, o) in olds.iter().enumerate() {
        let call = o.call_name().map(|c| format!("call {c:?}"));
        let keys = o.shapes.iter().map(|s| format!("shape {s}"));
        let mut candidates: Vec<usize> = keys
            .chain([format!("page {}", o.page)])
            .chain(call)
            .flat_map(|k| by_key.get(&k).into_iter().flatten().copied())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        for j in candidates {
            let score = news[j].as_ref().map_or(0, |n| o.likeness(n));
            if score > 0 {
                out.push((score, i, j));
            }
        }
    }
    out
}

/// Each old call with the new call most like it (each used once), the
/// likest pairs first: a call is matched by what a client calls, wherever
/// its page lives.
fn pairs<'a>(
    old: &'a Ir,
    new: &'a Ir,
) -> (
    Vec<(&'a Operation, Option<&'a Operation>)>,
    Vec<&'a Operation>,
) {
    let olds: Vec<Call> = old.operations.iter().map(Call::new).collect();
    let mut news: Vec<Option<Call>> = new.operations.iter().map(|o| Some(Call::new(o))).collect();
    let mut candidates = alike(&olds, &news);
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let mut matched: Vec<Option<&Operation>> = vec![None; olds.len()];
    for (_, i, j) in candidates {
        if matched[i].is_none() {
            if let Some(n) = news[j].take() {
                matched[i] = Some(n.op);
            }
        }
    }
    let mut out: Vec<(&Operation, Option<&Operation>)> =
        olds.iter().map(|o| o.op).zip(matched).collect();
    // A call no other call is like, where its page still documents the
    // same method: that call, changed (a typo in every path corrected).
    for (o, matched) in out.iter_mut().filter(|(_, m)| m.is_none()) {
        let page = o.source.path.to_ascii_lowercase();
        let on_page =
            |calls: &[Option<Call>]| calls.iter().flatten().filter(|n| n.page == page).count();
        let one_each = on_page(&news) == 1
            && old
                .operations
                .iter()
                .filter(|x| x.source.path.to_ascii_lowercase() == page)
                .count()
                == 1;
        let same = news.iter().position(|n| {
            n.as_ref()
                .is_some_and(|n| n.page == page && (n.op.method == o.method || one_each))
        });
        *matched = same.and_then(|i| news[i].take()).map(|n| n.op);
    }
    let added = news.into_iter().flatten().map(|n| n.op).collect();
    (out, added)
}

fn show(t: &str, collection: bool) -> String {
    if collection {
        format!("{t} collection")
    } else {
        t.to_string()
    }
}

pub fn diff_operations(old: &Ir, new: &Ir) -> Vec<Change> {
    let (matched, added) = pairs(old, new);
    let elsewhere = Elsewhere::of(new);
    let examples = [PageExamples::of(old), PageExamples::of(new)];
    let mut changes = Vec::new();
    for (o, n) in matched {
        match n {
            None => changes.push(removed(o, &elsewhere)),
            Some(n) => compare(o, n, (&elsewhere, &examples), &mut changes),
        }
    }
    for n in added {
        changes.push(change(
            codes::OPERATION_ADDED,
            false,
            n,
            None,
            format!("`{}` added", n.name),
        ));
    }
    changes
}

/// Every call of the new pages by method and path shape, with its page: a
/// path that left one page may be documented on another.
struct Elsewhere<'n> {
    calls: std::collections::HashMap<(String, String), &'n str>,
}

impl<'n> Elsewhere<'n> {
    fn of(ir: &'n Ir) -> Self {
        let mut calls = std::collections::HashMap::new();
        for op in &ir.operations {
            for p in &op.paths {
                calls
                    .entry((op.method.clone(), shape(&segments(p))))
                    .or_insert(op.source.path.as_str());
            }
        }
        Elsewhere { calls }
    }

    fn page(&self, method: &str, path: &str) -> Option<&'n str> {
        self.calls
            .get(&(method.to_string(), shape(&segments(path))))
            .copied()
    }
}

/// A call no new call is like: removed, or moved to other pages (every
/// path still documented somewhere, with the same method).
fn removed(o: &Operation, elsewhere: &Elsewhere) -> Change {
    let pages: BTreeSet<&str> = o
        .paths
        .iter()
        .filter_map(|p| elsewhere.page(&o.method, p))
        .collect();
    let all_there = o
        .paths
        .iter()
        .all(|p| elsewhere.page(&o.method, p).is_some());
    if all_there && !o.paths.is_empty() {
        let pages: Vec<&str> = pages.into_iter().collect();
        return change(
            codes::OPERATION_MOVED,
            false,
            o,
            None,
            format!("`{}` is now documented on {}", o.name, pages.join(", ")),
        );
    }
    change(
        codes::OPERATION_REMOVED,
        true,
        o,
        None,
        format!("`{}` removed", o.name),
    )
}

pub(super) fn change(
    code: &'static str,
    breaking: bool,
    op: &Operation,
    member: Option<&str>,
    message: String,
) -> Change {
    Change {
        code,
        breaking,
        type_name: op.name.clone(),
        member: member.map(str::to_string),
        message,
        path: op.source.path.clone(),
        line: op.source.line,
    }
}

fn compare(
    o: &Operation,
    n: &Operation,
    (elsewhere, examples): (&Elsewhere, &[PageExamples; 2]),
    out: &mut Vec<Change>,
) {
    if o.method != n.method {
        out.push(change(
            codes::METHOD_CHANGED,
            true,
            n,
            None,
            format!("`{}` changed from {} to {}", n.name, o.method, n.method),
        ));
    }
    compare_paths(o, n, elsewhere, out);
    compare_parameters(o, n, out);
    compare_response(o, n, examples, out);
    super::diff_permissions::compare(o, n, out);
}

fn compare_parameters(o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    for p in &o.parameters {
        match n.parameters.iter().find(|q| q.name == p.name) {
            None => out.push(change(
                codes::PARAMETER_REMOVED,
                true,
                n,
                Some(&p.name),
                format!("parameter `{}` removed", p.name),
            )),
            Some(q) => {
                let retyped = !p.type_name.eq_ignore_ascii_case(&q.type_name);
                if retyped || p.collection != q.collection {
                    // A value the old type accepted is accepted still.
                    let widened =
                        p.collection == q.collection && widens(&p.type_name, &q.type_name);
                    let why = if widened {
                        " (widened: every value accepted before still is)"
                    } else {
                        ""
                    };
                    out.push(change(
                        codes::PARAMETER_TYPE_CHANGED,
                        !widened,
                        n,
                        Some(&p.name),
                        format!(
                            "parameter `{}` changed from {} to {}{why}",
                            p.name,
                            show(&p.type_name, p.collection),
                            show(&q.type_name, q.collection)
                        ),
                    ));
                }
                if p.nullable && !q.nullable {
                    out.push(change(
                        codes::PARAMETER_MADE_REQUIRED,
                        true,
                        n,
                        Some(&p.name),
                        format!("parameter `{}` is now required", p.name),
                    ));
                }
            }
        }
    }
    for q in n
        .parameters
        .iter()
        .filter(|q| !o.parameters.iter().any(|p| p.name == q.name))
    {
        let required = if q.nullable { "optional" } else { "required" };
        out.push(change(
            codes::PARAMETER_ADDED,
            !q.nullable,
            n,
            Some(&q.name),
            format!("{required} parameter `{}` added", q.name),
        ));
    }
}

/// Whether every value of the primitive type `from` is a value of `to`:
/// a GUID is a string, a smaller integer fits a larger one. The reverse
/// (a String parameter now a GUID) rejects values it took.
fn widens(from: &str, to: &str) -> bool {
    const INTEGERS: [&str; 4] = ["edm.byte", "edm.int16", "edm.int32", "edm.int64"];
    let (from, to) = (from.to_ascii_lowercase(), to.to_ascii_lowercase());
    let rank = |t: &str| INTEGERS.iter().position(|x| *x == t);
    match (from.as_str(), to.as_str()) {
        ("edm.guid", "edm.string") | ("edm.single", "edm.double") => true,
        ("edm.sbyte", t) => rank(t).is_some_and(|r| r >= 1),
        (f, t) => matches!((rank(f), rank(t)), (Some(a), Some(b)) if a < b),
    }
}

fn compare_response(
    o: &Operation,
    n: &Operation,
    examples: &[PageExamples; 2],
    out: &mut Vec<Change>,
) {
    // A redirect to the content (`302 Found`) is the content to a client
    // that follows it; names compare as the service does, ignoring case.
    let returns = |op: &Operation| {
        op.responses.first().map(|r| {
            let t = match &r.type_name {
                None if (300..400).contains(&r.status) => Some("Edm.Stream".to_string()),
                other => other.clone(),
            };
            (t.map(|t| t.to_ascii_lowercase()), r.collection)
        })
    };
    // `202 Accepted` or a redirect answers with headers: a type named or
    // not (a hidden annotation's `@odata.type`) is nothing a client reads.
    let headers_only = |op: &Operation| {
        op.responses
            .first()
            .is_some_and(|r| r.status == 202 || (300..400).contains(&r.status))
    };
    let status = |op: &Operation| op.responses.first().map(|r| r.status);
    let one_side_untyped =
        returns(o).is_some_and(|r| r.0.is_none()) || returns(n).is_some_and(|r| r.0.is_none());
    let same_answer = headers_only(o) && status(o) == status(n) && one_side_untyped;
    if returns(o) == returns(n) || same_answer || only_annotation_differs(o, n, examples) {
        return;
    }
    let words = |op: &Operation| match op.responses.first() {
        Some(r) => match &r.type_name {
            Some(t) => show(t, r.collection),
            None => "nothing".to_string(),
        },
        None => "nothing".to_string(),
    };
    out.push(change(
        codes::RESPONSE_CHANGED,
        true,
        n,
        None,
        format!("`{}` now returns {} (was {})", n.name, words(n), words(o)),
    ));
}

/// Each page's first response example: what the IR reads a response
/// type from for every call of the page (a page's `PATCH` and `PUT` share
/// the example written for one of them).
struct PageExamples<'a> {
    first: std::collections::HashMap<&'a str, &'a Example>,
}

impl<'a> PageExamples<'a> {
    fn of(ir: &'a Ir) -> Self {
        let mut first = std::collections::HashMap::new();
        for op in &ir.operations {
            if let Some(e) = op.examples.iter().find(|e| e.kind == ExampleKind::Response) {
                first.entry(op.source.path.as_str()).or_insert(e);
            }
        }
        PageExamples { first }
    }

    /// The call's response example, else its page's.
    fn response(&self, op: &'a Operation) -> Option<&'a Example> {
        op.examples
            .iter()
            .find(|e| e.kind == ExampleKind::Response)
            .or_else(|| self.first.get(op.source.path.as_str()).copied())
    }
}

/// What a reader of the page sees of the response, hidden annotations
/// aside: the status, the type the Response section names (none where
/// only the example's annotation names one), and whether the example
/// shows a body. `None` where the page has no response example.
fn shown_response(
    op: &Operation,
    e: Option<&Example>,
) -> Option<(Option<u16>, Option<String>, bool)> {
    let e = e?;
    let r = op.responses.first();
    let named = r
        .filter(|_| op.response_named)
        .and_then(|r| r.type_name.as_ref())
        .map(|t| show(&t.to_ascii_lowercase(), r.is_some_and(|r| r.collection)));
    let body = e.body.as_deref().is_some_and(|b| !b.trim().is_empty());
    Some((r.map(|r| r.status), named, body))
}

/// The response types differ only because one side's example annotation
/// names a type (`"@odata.type": "microsoft.graph.profilePhoto"`) the other
/// side's annotation leaves out, the page showing the same otherwise: the
/// type read as the IR reads it where the annotation says none (from the
/// Response section), on both sides.
fn only_annotation_differs(o: &Operation, n: &Operation, examples: &[PageExamples; 2]) -> bool {
    let (eo, en) = (examples[0].response(o), examples[1].response(n));
    let annotated = |e: Option<&Example>| e.is_some_and(|e| e.odata_type.is_some());
    let shown = shown_response(o, eo);
    annotated(eo) != annotated(en) && shown.is_some() && shown == shown_response(n, en)
}

/// What the new pages' paths address, to tell whether a call still goes
/// through a property a resource page no longer lists.
pub(super) struct Reach<'n> {
    paths: PathTypes<'n>,
    operations: &'n [Operation],
}

impl<'n> Reach<'n> {
    /// Learns, as the IR does, what `GET` of each path returns.
    pub(super) fn of(ir: &'n Ir) -> Self {
        let mut paths = PathTypes::new(TypeLookup::new(&ir.types));
        for op in ir.operations.iter().filter(|o| o.method == "GET") {
            let Some(r) = op.responses.first() else {
                continue;
            };
            let Some(t) = r.type_name.as_ref().filter(|t| !t.starts_with("Edm.")) else {
                continue;
            };
            for p in &op.paths {
                let segs = segments(p);
                let is_call = matches!(segs.last(), Some(Segment::Name { args: Some(_), .. }));
                if op.binding.is_none() && !is_call {
                    let keyed = matches!(segs.last(), Some(Segment::Key));
                    paths.learn(p, (t.clone(), r.collection && !keyed));
                }
            }
        }
        paths.reconcile();
        Reach {
            paths,
            operations: &ir.operations,
        }
    }

    /// A documented call whose path goes through property `name` of an
    /// instance of `type_name` (or of a type derived from it), as written.
    pub(super) fn call_through(&self, type_name: &str, name: &str) -> Option<String> {
        self.operations.iter().find_map(|op| {
            op.paths.iter().find_map(|p| {
                let segs = segments(p);
                let through = (1..segs.len()).any(|k| {
                    matches!(segs[k], Segment::Name { name: s, .. } if s.eq_ignore_ascii_case(name))
                        && self
                            .paths
                            .address(&segs[..k])
                            .is_some_and(|(t, many)| !many && self.paths.types.is_a(&t, type_name))
                });
                through.then(|| call(&op.method, p))
            })
        })
    }
}
