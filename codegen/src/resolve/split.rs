//! A method page that documents several calls → one raw call each:
//!
//! - overloads: request lines that call the same function with different
//!   argument names (`getX(period='{p}')`, `getX(date={d})`), each with the
//!   parameters its arguments name;
//! - bindings: request lines (and request examples) that call the same
//!   action or function on paths addressing different types, where those
//!   types give different bindings (`getActivitiesByInterval` on a drive
//!   item, a list item and a site).
//!
//! Each call keeps the page's other sections and the examples that show
//! it (a response example goes with the request example before it).

use super::paths::{segments, shape, Segment};
use crate::extract::{normalize_path, RawOperation, RequestLine};
use crate::ir::{Example, ExampleKind};

/// A function call's name and argument names (lower case, sorted).
fn call_args(path: &str) -> Option<(String, Vec<String>)> {
    let segs = segments(path);
    let Some(Segment::Name {
        name,
        args: Some(args),
    }) = segs.last()
    else {
        return None;
    };
    let mut names: Vec<String> = args
        .split(',')
        .filter_map(|a| a.split_once('='))
        .map(|(n, _)| n.trim().to_ascii_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names.dedup();
    Some((name.to_ascii_lowercase(), names))
}

/// The calls a page's request lines make before bindings are known: one
/// per HTTP method (`PATCH` and `PUT` of a photo are two calls), then one
/// per overload; a line written twice counts once. `None`: the call as it is.
pub fn calls(raw: &RawOperation) -> Option<Vec<RawOperation>> {
    let mut lines: Vec<RequestLine> = Vec::new();
    for r in &raw.requests {
        if !lines
            .iter()
            .any(|l| l.method == r.method && l.path == r.path)
        {
            lines.push(r.clone());
        }
    }
    let mut methods: Vec<&str> = Vec::new();
    for l in &lines {
        if !methods.contains(&l.method.as_str()) {
            methods.push(&l.method);
        }
    }
    if methods.len() < 2 && lines.len() == raw.requests.len() {
        return overloads(raw);
    }
    let examples = assign_examples(&raw.examples, methods.len(), |e| {
        let m = e.method.as_deref()?;
        methods.iter().position(|x| x.eq_ignore_ascii_case(m))
    });
    let by_method: Vec<RawOperation> = methods
        .iter()
        .zip(examples)
        .map(|(m, examples)| {
            let mut call = raw.clone();
            call.requests = lines.iter().filter(|l| l.method == *m).cloned().collect();
            call.examples = examples;
            call
        })
        .collect();
    let mut out = Vec::new();
    for call in by_method {
        match overloads(&call) {
            Some(split) => out.extend(split),
            None => out.push(call),
        }
    }
    Some(out)
}

/// The overloads of a page's function; `None` where it has none.
fn overloads(raw: &RawOperation) -> Option<Vec<RawOperation>> {
    let calls: Vec<(String, Vec<String>)> = raw
        .requests
        .iter()
        .map(|r| call_args(&r.path))
        .collect::<Option<_>>()?;
    let same_name = calls.windows(2).all(|w| w[0].0 == w[1].0);
    let mut sets: Vec<&Vec<String>> = Vec::new();
    for (_, args) in &calls {
        if !sets.contains(&args) {
            sets.push(args);
        }
    }
    if !same_name || sets.len() < 2 {
        return None;
    }
    let all: Vec<&String> = sets.iter().flat_map(|s| s.iter()).collect();
    let example_group = |e: &Example| {
        let url = e.url.as_deref().and_then(normalize_path)?;
        let (_, args) = call_args(&url)?;
        sets.iter().position(|s| **s == args)
    };
    let groups = assign_examples(&raw.examples, sets.len(), example_group);
    sets.iter()
        .zip(groups)
        .map(|(set, examples)| {
            // A parameter no overload names stays with every one.
            let keep = |name: &str| {
                let n = name.to_ascii_lowercase();
                set.contains(&n) || !all.contains(&&n)
            };
            let mut call = raw.clone();
            call.requests = raw
                .requests
                .iter()
                .zip(&calls)
                .filter(|(_, (_, args))| args == *set)
                .map(|(r, _)| r.clone())
                .collect();
            call.url_params.retain(|p| keep(&p.name));
            call.body.rows.retain(|p| keep(&p.name));
            // An overload's own arguments are what tells it apart: needed.
            for p in call.url_params.iter_mut().chain(call.body.rows.iter_mut()) {
                if set.contains(&p.name.to_ascii_lowercase()) {
                    p.required = true;
                }
            }
            call.examples = examples;
            call
        })
        .collect::<Vec<_>>()
        .into()
}

/// Examples dealt out to `n` calls: a request example to the call
/// `group_of` names (the first where none), a response example with the
/// request before it.
pub fn assign_examples(
    examples: &[Example],
    n: usize,
    group_of: impl Fn(&Example) -> Option<usize>,
) -> Vec<Vec<Example>> {
    let mut out = vec![Vec::new(); n.max(1)];
    let mut current = 0;
    for e in examples {
        if e.kind == ExampleKind::Request {
            current = group_of(e).filter(|g| *g < out.len()).unwrap_or(0);
        }
        out[current].push(e.clone());
    }
    out
}

/// A request line, and whether a request example showed it (not the
/// HTTP request block).
type Line = (RequestLine, bool);

/// The calls of a page's action or function by binding: its request
/// lines (and request examples that call it on other paths) grouped by the
/// type their path addresses before the call (`address`), groups whose
/// binding (`bind`: bound type and collection) is the same joined again.
/// `None` where all give one binding.
pub fn by_binding(
    raw: &RawOperation,
    name: &str,
    address: impl Fn(&str) -> Option<String>,
    is_a: impl Fn(&str, &str) -> bool,
    bind: impl Fn(&RawOperation) -> Option<(String, bool)>,
) -> Option<Vec<RawOperation>> {
    let mut lines: Vec<Line> = raw.requests.iter().map(|r| (r.clone(), false)).collect();
    for e in &raw.examples {
        if let Some(l) = example_line(e, name).map(|l| templated(l, &raw.requests)) {
            let s = shape(&segments(&l.path));
            if !lines.iter().any(|(x, _)| shape(&segments(&x.path)) == s) {
                lines.push((l, true));
            }
        }
    }
    // By addressed type, a derived type with its base (a call bound to
    // the base is called on both); lines that address nothing known join
    // the first group.
    let mut groups: Vec<(Option<String>, Vec<Line>)> = Vec::new();
    for (line, from_example) in lines {
        let t = address(&line.path);
        let related = |g: &Option<String>| match (g, &t) {
            (Some(g), Some(t)) => is_a(t, g) || is_a(g, t),
            _ => true,
        };
        match groups.iter_mut().find(|(g, _)| related(g)) {
            Some((g, members)) => {
                if let (Some(base), Some(t)) = (g.as_ref(), t.as_ref()) {
                    if is_a(base, t) {
                        *g = Some(t.clone());
                    }
                }
                members.push((line, from_example));
            }
            None => groups.push((t, vec![(line, from_example)])),
        }
    }
    // A base type met late may relate groups made apart.
    let mut i = 0;
    while i < groups.len() {
        let base = groups[i].0.clone();
        let joins = |t: &Option<String>| match (&base, t) {
            (Some(b), Some(t)) => is_a(t, b),
            _ => false,
        };
        match (0..groups.len()).find(|&j| j != i && joins(&groups[j].0)) {
            Some(j) => {
                let (_, members) = groups.remove(j);
                let i = if j < i { i - 1 } else { i };
                groups[i].1.extend(members);
            }
            None => i += 1,
        }
    }
    if groups.iter().filter(|(t, _)| t.is_some()).count() < 2 {
        return None;
    }
    let with = |members: &[Line]| {
        let mut call = raw.clone();
        call.requests = members.iter().map(|(l, _)| l.clone()).collect();
        call
    };
    let mut calls: Vec<((String, bool), Vec<Line>)> = Vec::new();
    for (_, members) in groups {
        let key = bind(&with(&members)).map(|(t, c)| (t.to_ascii_lowercase(), c));
        let key = key.or_else(|| calls.first().map(|c| c.0.clone()));
        let Some(key) = key else { continue };
        match calls.iter_mut().find(|(k, _)| *k == key) {
            Some((_, all)) => all.extend(members),
            None => calls.push((key, members)),
        }
    }
    // A path shown only by an example is needed only for a call of its own.
    for (_, members) in &mut calls {
        if members.iter().any(|(_, from_example)| !from_example) {
            members.retain(|(_, from_example)| !from_example);
        }
    }
    if calls.len() < 2 {
        return None;
    }
    let shapes: Vec<Vec<String>> = calls
        .iter()
        .map(|(_, m)| m.iter().map(|(l, _)| shape(&segments(&l.path))).collect())
        .collect();
    let example_group = |e: &Example| {
        let path = normalize_path(e.url.as_deref()?)?;
        let s = shape(&segments(&path));
        shapes.iter().position(|g| g.contains(&s)).or_else(|| {
            let t = address(&path)?;
            calls
                .iter()
                .position(|(_, m)| m.iter().any(|(l, _)| address(&l.path).as_ref() == Some(&t)))
        })
    };
    let examples = assign_examples(&raw.examples, calls.len(), example_group);
    Some(
        calls
            .iter()
            .zip(examples)
            .map(|((_, members), examples)| {
                let mut call = with(members);
                call.examples = examples;
                call
            })
            .collect(),
    )
}

/// A request line for a request example that calls `name` on a path the
/// page's request lines do not show.
pub fn example_line(e: &Example, name: &str) -> Option<RequestLine> {
    if e.kind != ExampleKind::Request {
        return None;
    }
    let path = normalize_path(e.url.as_deref()?)?;
    let calls = matches!(segments(&path).last(),
        Some(Segment::Name { name: n, .. }) if n.eq_ignore_ascii_case(name));
    calls.then(|| RequestLine {
        method: e.method.clone().unwrap_or_default(),
        has_query: e.url.as_deref().is_some_and(|u| u.contains('?')),
        path,
        line: e.line,
    })
}

/// An example's path with the arguments of its call written as the page's
/// request lines write them (`search(q='Contoso')` → `search(q='{search-text}')`).
pub fn templated(line: RequestLine, page_lines: &[RequestLine]) -> RequestLine {
    let Some(open) = line.path.rfind('(') else {
        return line;
    };
    let name = line.path[..open].rsplit('/').next().unwrap_or("");
    let template = page_lines.iter().find_map(|l| {
        let at = l.path.rfind('(')?;
        let n = l.path[..at].rsplit('/').next()?;
        n.eq_ignore_ascii_case(name).then(|| &l.path[at..])
    });
    match template {
        Some(args) => RequestLine {
            path: format!("{}{args}", &line.path[..open]),
            ..line
        },
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::RawParam;

    fn line(path: &str) -> RequestLine {
        RequestLine {
            method: "GET".into(),
            path: path.into(),
            has_query: false,
            line: 1,
        }
    }

    fn param(name: &str) -> RawParam {
        RawParam {
            name: name.into(),
            spec: None,
            type_text: "String".into(),
            required: false,
            description: String::new(),
            line: 1,
        }
    }

    #[test]
    fn overloads_take_their_own_parameters() {
        let raw = RawOperation {
            requests: vec![
                line("/reports/getX(period='{period_value}')"),
                line("/reports/getX(date={date_value})"),
            ],
            url_params: vec![param("period"), param("date"), param("other")],
            ..RawOperation::default()
        };
        let calls = calls(&raw).unwrap();
        assert_eq!(calls.len(), 2);
        let names = |c: &RawOperation| {
            c.url_params
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&calls[0]), ["period", "other"]);
        assert_eq!(names(&calls[1]), ["date", "other"]);
        assert_eq!(
            calls[1].requests[0].path,
            "/reports/getX(date={date_value})"
        );
    }

    #[test]
    fn one_argument_set_is_one_call() {
        let raw = RawOperation {
            requests: vec![
                line("/drives/{id}/items/{id}/f(a='x',b='y')"),
                line("/sites/{id}/f(a='1',b='2')"),
            ],
            ..RawOperation::default()
        };
        assert_eq!(calls(&raw), None);
    }
}
