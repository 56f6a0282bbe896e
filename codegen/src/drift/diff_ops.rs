//! `diff` over operations: one method page's call in two doc versions
//! (matched by page). Breaking for a caller: the call or one of its paths
//! removed, its method changed, a parameter removed, added as required,
//! made required or retyped, the response type changed, a permission made
//! stricter (see `diff_permissions`).

use super::diff::Change;
use crate::ir::{Ir, Operation};
use crate::resolve::paths::{segments, shape};
use std::collections::BTreeSet;

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

    /// How sure it is that two calls are one call in two versions: the
    /// paths they share, then the page, then the parameters; 0 for none.
    fn likeness(&self, other: &Call) -> usize {
        if self.op.method != other.op.method && self.page != other.page {
            return 0;
        }
        let shared = self.shapes.intersection(&other.shapes).count();
        let same_page = self.page == other.page && self.bound_to() == other.bound_to();
        if shared == 0 && !same_page {
            return 0;
        }
        let params = self
            .op
            .parameters
            .iter()
            .filter(|p| other.op.parameters.iter().any(|q| q.name == p.name))
            .count();
        shared * 100 + usize::from(same_page) * 50 + params
    }
}

/// Each old call with the new call most like it (each used once): a call
/// is matched by what a client calls, wherever its page lives.
fn pairs<'a>(
    old: &'a Ir,
    new: &'a Ir,
) -> (
    Vec<(&'a Operation, Option<&'a Operation>)>,
    Vec<&'a Operation>,
) {
    let olds: Vec<Call> = old.operations.iter().map(Call::new).collect();
    let mut news: Vec<Option<Call>> = new.operations.iter().map(|o| Some(Call::new(o))).collect();
    let mut out = Vec::new();
    for o in &olds {
        let best = news
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.as_ref().map(|n| (i, o.likeness(n))))
            .filter(|(_, score)| *score > 0)
            .max_by_key(|(i, score)| (*score, std::cmp::Reverse(*i)));
        let matched = best.and_then(|(i, _)| news[i].take()).map(|n| n.op);
        out.push((o.op, matched));
    }
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
    let mut changes = Vec::new();
    for (o, n) in matched {
        match n {
            None => changes.push(removed(o, &elsewhere)),
            Some(n) => compare(o, n, &elsewhere, &mut changes),
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

/// Paths by shape, placeholders aside: `{user-id}` renamed
/// `{user-id | user-principal-name}` is the same path. A path gone where a
/// path of one segment more or less, or one other segment, came is a
/// corrected path: changed, with both.
fn compare_paths(o: &Operation, n: &Operation, elsewhere: &Elsewhere, out: &mut Vec<Change>) {
    let shape_of = |p: &str| shape(&segments(p));
    let old: Vec<String> = o.paths.iter().map(|p| shape_of(p)).collect();
    let new: Vec<String> = n.paths.iter().map(|p| shape_of(p)).collect();
    let mut added: Vec<usize> = (0..n.paths.len())
        .filter(|&i| !old.contains(&new[i]))
        .collect();
    for (i, p) in o.paths.iter().enumerate() {
        if new.contains(&old[i]) {
            continue;
        }
        // `{group-id/drive`: a brace forgotten, a character or two.
        let how = |j: usize| {
            corrected(&old[i], &new[j]).or_else(|| {
                (strsim::levenshtein(p, &n.paths[j]) <= 2).then_some(Correction::Respelled)
            })
        };
        match added.iter().position(|&j| how(j).is_some()) {
            Some(k) => {
                let j = added.remove(k);
                let to = &n.paths[j];
                // Written in full (`/workbook/...` → `/me/drive/items/{id}/workbook/...`):
                // the same call; a segment respelled: another one.
                let same_call = how(j) == Some(Correction::Completed);
                let message = if same_call {
                    format!("path `{p}` is now written in full: `{to}` (the same call)")
                } else {
                    format!("path `{p}` is now `{to}`")
                };
                out.push(change(codes::PATH_CHANGED, !same_call, n, Some(p), message));
            }
            None => out.push(match elsewhere.page(&o.method, p) {
                // The same call, documented on another page now.
                Some(page) => change(
                    codes::PATH_MOVED,
                    false,
                    n,
                    Some(p),
                    format!("path `{p}` is now documented on {page}"),
                ),
                // A removal is cited at the old page, where it was.
                None => change(
                    codes::PATH_REMOVED,
                    true,
                    o,
                    Some(p),
                    format!("path `{p}` removed from `{}`", o.name),
                ),
            }),
        }
    }
    for j in added {
        let p = &n.paths[j];
        out.push(change(
            codes::PATH_ADDED,
            false,
            n,
            Some(p),
            format!("path `{p}` added"),
        ));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Correction {
    /// A prefix added or dropped: the path written in full or in part.
    Completed,
    /// One segment spelled otherwise.
    Respelled,
}

/// How `new` corrects `old`, if it does.
fn corrected(old: &str, new: &str) -> Option<Correction> {
    let a: Vec<&str> = old.split('/').filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = new.split('/').filter(|s| !s.is_empty()).collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if short.is_empty() {
        return None;
    }
    if long.len() > short.len() && long.ends_with(short) {
        return Some(Correction::Completed);
    }
    (a.len() == b.len() && a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1)
        .then_some(Correction::Respelled)
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

fn compare(o: &Operation, n: &Operation, elsewhere: &Elsewhere, out: &mut Vec<Change>) {
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
    compare_response(o, n, out);
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
                if (&p.type_name, p.collection) != (&q.type_name, q.collection) {
                    out.push(change(
                        codes::PARAMETER_TYPE_CHANGED,
                        true,
                        n,
                        Some(&p.name),
                        format!(
                            "parameter `{}` changed from {} to {}",
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

fn compare_response(o: &Operation, n: &Operation, out: &mut Vec<Change>) {
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
    if returns(o) != returns(n) && !same_answer {
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
}
