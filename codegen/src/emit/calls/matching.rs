//! Matching a request example's URL to one of its operation's paths: the
//! path's steps, what the URL gives each (keys, item paths, function
//! arguments), and its query. The rebuilder and the snippets both start here.

use super::signature::Signature;
use super::tree::{self, Step};
use super::CallsEmitter;
use std::collections::BTreeMap;

/// What the URL gave for each step, in order.
#[derive(Debug)]
pub(crate) enum Value {
    None,
    Key(String),
    Address(String),
    Args(Vec<(String, String)>),
}

pub(crate) struct Matched {
    pub values: Vec<Value>,
    pub bound_args: Vec<(String, String)>,
    pub query: Vec<(String, String)>,
}

/// An example URL's path segments (split on `/` outside brackets and
/// quotes) and its query pairs, percent-decoded.
fn split_url(url: &str) -> (Vec<String>, Vec<(String, String)>) {
    let url = url.trim();
    let path_start = match url.find("://") {
        Some(i) => url[i + 3..].find('/').map_or(url.len(), |j| i + 3 + j),
        None => 0,
    };
    let rest = &url[path_start..];
    let (mut depth, mut quoted, mut cut) = (0i32, false, rest.len());
    for (i, c) in rest.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            '?' if depth <= 0 && !quoted => {
                cut = i;
                break;
            }
            _ => {}
        }
    }
    let (path, query) = (&rest[..cut], rest.get(cut + 1..).unwrap_or(""));
    let mut segs = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    for (i, c) in path.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' | '{' if !quoted => depth += 1,
            ')' | '}' if !quoted => depth -= 1,
            '/' if depth <= 0 && !quoted => {
                segs.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    segs.push(&path[start..]);
    let mut segs: Vec<String> = segs
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(decode)
        .collect();
    if segs
        .first()
        .is_some_and(|s| s.eq_ignore_ascii_case("v1.0") || s.eq_ignore_ascii_case("beta"))
    {
        segs.remove(0);
    }
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((n, v)) => (decode(n), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect();
    (segs, query)
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// `a='x',b=5` → pairs, splitting on commas outside quotes and brackets.
fn call_args(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    let mut push = |piece: &str| {
        if let Some((n, v)) = piece.split_once('=') {
            out.push((n.trim().to_string(), v.trim().to_string()));
        }
    };
    for (i, c) in text.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' | '[' | '{' if !quoted => depth += 1,
            ')' | ']' | '}' if !quoted => depth -= 1,
            ',' if depth <= 0 && !quoted => {
                push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    push(&text[start..]);
    out
}

/// `name(args)` → (`name`, Some(args)).
fn head_args(seg: &str) -> (&str, Option<&str>) {
    match seg.find('(') {
        Some(i) if seg.ends_with(')') => (&seg[..i], Some(&seg[i + 1..seg.len() - 1])),
        _ => (seg, None),
    }
}

/// Matches an example URL against a path's steps.
fn match_url(steps: &[Step], bound: Option<&str>, url: &str) -> Option<Matched> {
    let (segs, query) = split_url(url);
    let mut values = Vec::new();
    let mut i = 0;
    for (k, step) in steps.iter().enumerate() {
        let address_next = matches!(steps.get(k + 1), Some(Step::Address));
        if let Step::Address = step {
            // The item path: every segment up to one that ends with `:`.
            let mut parts = Vec::new();
            loop {
                let seg = segs.get(i)?;
                i += 1;
                match seg.strip_suffix(':') {
                    Some(last) => {
                        parts.push(last.trim_start_matches(':').to_string());
                        break;
                    }
                    None => parts.push(seg.trim_start_matches(':').to_string()),
                }
            }
            values.push(Value::Address(parts.join("/")));
            continue;
        }
        let raw = segs.get(i)?;
        i += 1;
        let seg = if address_next {
            raw.strip_suffix(':').unwrap_or(raw)
        } else {
            raw.as_str()
        };
        let value = match step {
            Step::Segment(s) | Step::Cast(s) => {
                let (head, args) = head_args(seg);
                let same = head.eq_ignore_ascii_case(s) && args.is_none_or(|a| a.trim().is_empty());
                if !same {
                    return None;
                }
                Value::None
            }
            Step::Key => Value::Key(seg.to_string()),
            Step::Address => Value::None,
            Step::Call(name, _) => {
                let (head, args) = head_args(seg);
                if !head.eq_ignore_ascii_case(name) {
                    return None;
                }
                Value::Args(call_args(args.unwrap_or("")))
            }
        };
        values.push(value);
    }
    let mut bound_args = Vec::new();
    if let Some(name) = bound {
        let seg = segs.get(i)?;
        i += 1;
        let (head, args) = head_args(seg);
        let head = head.rsplit('.').next().unwrap_or(head);
        if !head.eq_ignore_ascii_case(name) {
            return None;
        }
        bound_args = call_args(args.unwrap_or(""));
    }
    (i == segs.len()).then_some(Matched {
        values,
        bound_args,
        query,
    })
}

/// Each operation's signatures, with the node each hangs on.
pub(crate) fn signatures_by_op<'e>(
    emitter: &'e CallsEmitter<'_>,
) -> BTreeMap<usize, Vec<(usize, &'e Signature)>> {
    let mut by_op: BTreeMap<usize, Vec<(usize, &Signature)>> = BTreeMap::new();
    for (n, sigs) in emitter.names.ops.iter().enumerate() {
        for sig in sigs {
            by_op.entry(sig.at.op).or_default().push((n, sig));
        }
    }
    by_op
}

/// The call an example URL makes: the node, the signature of one of its
/// operation's paths that the URL matches, and what the URL gave.
pub(crate) fn find_call<'e>(
    emitter: &CallsEmitter<'_>,
    by_op: &BTreeMap<usize, Vec<(usize, &'e Signature)>>,
    op_index: usize,
    url: &str,
) -> Option<(usize, &'e Signature, Matched)> {
    let op = &emitter.ops[op_index];
    by_op
        .get(&op_index)
        .into_iter()
        .flatten()
        .find_map(|(n, sig)| {
            let bound = op.binding.as_ref().map(|b| b.name.as_str());
            let parsed = tree::parse(&op.paths[sig.at.path], bound)?;
            Some((*n, *sig, match_url(&parsed.steps, bound, url)?))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_match_templates() {
        let steps = tree::parse(
            "/users/{id}/reminderView(startDateTime=a,endDateTime=b)",
            Some("reminderView"),
        )
        .unwrap()
        .steps;
        let m = match_url(
            &steps,
            Some("reminderView"),
            "https://graph.microsoft.com/v1.0/me/reminderView(startDateTime='x')",
        );
        assert!(m.is_none(), "`me` is not `users`");
        let m = match_url(&steps, Some("reminderView"), "https://graph.microsoft.com/v1.0/users/a%40b/reminderView(startDateTime='2017-06-05T10:00:00',endDateTime='y')?$top=2").unwrap();
        assert!(matches!(&m.values[1], Value::Key(k) if k == "a@b"));
        assert_eq!(
            m.bound_args[0],
            (
                "startDateTime".to_string(),
                "'2017-06-05T10:00:00'".to_string()
            )
        );
        assert_eq!(m.query, [("$top".to_string(), "2".to_string())]);
        let steps = tree::parse("/me/drive/root:/{item-path}:/content", None)
            .unwrap()
            .steps;
        let m = match_url(&steps, None, "/me/drive/root:/FolderA/FileB.txt:/content").unwrap();
        assert!(matches!(&m.values[3], Value::Address(a) if a == "FolderA/FileB.txt"));
    }
}
