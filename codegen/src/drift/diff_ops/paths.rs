//! Paths of one call in two doc versions: by shape, placeholders aside;
//! a path corrected or changed is one change naming both.

use super::super::diff::Change;
use super::{change, codes, Elsewhere};
use crate::ir::Operation;
use crate::resolve::paths::{segments, shape};

/// A call as a client writes it: `GET /me/events`.
pub(super) fn call(method: &str, path: &str) -> String {
    format!("{method} {path}")
}

/// Paths by shape, placeholders aside: `{user-id}` renamed
/// `{user-id | user-principal-name}` is the same path. A path gone where a
/// path of one segment more or less, or one other segment, came is a
/// corrected path; any other path gone while the call gained one is that
/// path changed: `path-changed`, with both.
pub(super) fn compare_paths(
    o: &Operation,
    n: &Operation,
    elsewhere: &Elsewhere,
    out: &mut Vec<Change>,
) {
    let shape_of = |p: &str| shape(&segments(p));
    let old: Vec<String> = o.paths.iter().map(|p| shape_of(p)).collect();
    let new: Vec<String> = n.paths.iter().map(|p| shape_of(p)).collect();
    let mut added: Vec<usize> = (0..n.paths.len())
        .filter(|&i| !old.contains(&new[i]))
        .collect();
    let mut gone = Vec::new();
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
                let (from, to) = (call(&o.method, p), call(&n.method, &n.paths[j]));
                // Written in full (`/workbook/...` → `/me/drive/items/{id}/workbook/...`):
                // the same call; a segment respelled: another one.
                let same_call = how(j) == Some(Correction::Completed) && o.method == n.method;
                let message = if same_call {
                    format!("`{from}` is now written in full: `{to}` (the same call)")
                } else {
                    format!("`{from}` is now `{to}`")
                };
                out.push(change(codes::PATH_CHANGED, !same_call, n, Some(p), message));
            }
            None => match elsewhere.page(&o.method, p) {
                // The same call, documented on another page now.
                Some(page) => out.push(change(
                    codes::PATH_MOVED,
                    false,
                    n,
                    Some(p),
                    format!("path `{p}` is now documented on {page}"),
                )),
                None => gone.push(i),
            },
        }
    }
    unmatched_paths(o, n, (&old, &new), (gone, added), out);
}

/// The paths left once respellings and moves are told: a path gone while
/// the call gained another is that path changed (each gone path with the
/// new one most like it); the rest are removed (cited at the old page,
/// where they were) or added.
fn unmatched_paths(
    o: &Operation,
    n: &Operation,
    (old, new): (&[String], &[String]),
    (mut gone, mut added): (Vec<usize>, Vec<usize>),
    out: &mut Vec<Change>,
) {
    for (i, j) in pair_up(old, new, &gone, &added) {
        let (from, to) = (call(&o.method, &o.paths[i]), call(&n.method, &n.paths[j]));
        out.push(change(
            codes::PATH_CHANGED,
            true,
            n,
            Some(&o.paths[i]),
            format!("`{from}` is now `{to}`"),
        ));
        gone.retain(|&x| x != i);
        added.retain(|&x| x != j);
    }
    for i in gone {
        let p = &o.paths[i];
        out.push(change(
            codes::PATH_REMOVED,
            true,
            o,
            Some(p),
            format!("path `{p}` removed from `{}`", o.name),
        ));
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

/// Paths gone (indices into `old`) paired with paths gained (into `new`),
/// most alike first: the segments the two shapes share, in order (a name
/// counting more than a key), then in page order.
fn pair_up(old: &[String], new: &[String], gone: &[usize], added: &[usize]) -> Vec<(usize, usize)> {
    let split = |s: &str| -> Vec<String> {
        s.split('/')
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    };
    // A path that ends in a key addresses one item, one that ends in a
    // name a collection or a member: a list is not now a get.
    let keyed = |s: &str| s.trim_end_matches('/').ends_with('}') || s.ends_with(')');
    let mut candidates: Vec<(usize, usize, usize)> = gone
        .iter()
        .flat_map(|&i| added.iter().map(move |&j| (i, j)))
        .filter(|&(i, j)| keyed(&old[i]) == keyed(&new[j]))
        .map(|(i, j)| (common_segments(&split(&old[i]), &split(&new[j])), i, j))
        .collect();
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (_, i, j) in candidates {
        if !pairs.iter().any(|&(x, y)| x == i || y == j) {
            pairs.push((i, j));
        }
    }
    pairs.sort();
    pairs
}

/// The weight of the heaviest common subsequence of two segment lists: a
/// name 2, a key or an argument list 1.
fn common_segments(a: &[String], b: &[String]) -> usize {
    let weight = |s: &str| if s == "{}" || s == "()" { 1 } else { 2 };
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (k, y) in b.iter().enumerate() {
            let above = row[k + 1];
            row[k + 1] = if x == y {
                (diagonal + weight(x)).max(row[k + 1]).max(row[k])
            } else {
                row[k + 1].max(row[k])
            };
            diagonal = above;
        }
    }
    row[b.len()]
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
