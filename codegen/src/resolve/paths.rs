//! What a request path addresses, learned from the pages: the method pages
//! say what a `GET` of a path returns (`GET /users` → a collection of
//! user), and the resource pages say what each property holds, so a path
//! is typed by its longest prefix some page returns, then walked property by
//! property.

use crate::ir::TypeLookup;
use rustc_hash::FxHashMap as HashMap;

/// One segment of a request path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'p> {
    /// `{id}`, `{user-id}`: a key.
    Key,
    /// A name, with its parenthesised arguments if any (`reminderView(...)`).
    Name {
        name: &'p str,
        args: Option<&'p str>,
    },
}

/// Splits a path on `/` outside `{}` and `()`, dropping drive-item
/// addressing spans (`root:/{item-path}:` addresses an item, as `root` does).
pub fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut in_address = false;
    let bytes = path.as_bytes();
    let mut push = |from: usize, to: usize, in_address: bool| {
        let raw = path[from..to].trim();
        if raw.is_empty() {
            return;
        }
        if !in_address {
            out.push(segment(raw));
        }
    };
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' | b'(' => depth += 1,
            b'}' | b')' => depth -= 1,
            b':' if depth <= 0 => {
                // `root:` opens an address span, the next `:` closes it.
                push(start, i, in_address);
                start = i + 1;
                in_address = !in_address;
            }
            b'/' if depth <= 0 && !in_address => {
                push(start, i, false);
                start = i + 1;
            }
            _ => {}
        }
    }
    push(start, path.len(), in_address);
    out
}

fn segment(raw: &str) -> Segment<'_> {
    // `{user-id} | user-principal-name`: a placeholder, however written.
    if raw.starts_with('{') || is_literal_key(raw) {
        return Segment::Key;
    }
    match raw.find('(') {
        Some(open) if raw.ends_with(')') => Segment::Name {
            name: &raw[..open],
            args: Some(&raw[open + 1..raw.len() - 1]),
        },
        _ => Segment::Name {
            name: raw,
            args: None,
        },
    }
}

/// A key written as a value where a placeholder belongs: a GUID, a number,
/// an address (`8b01c1d0-aafc-...`, `42`, `adele@contoso.com`).
pub fn is_literal_key(raw: &str) -> bool {
    crate::drift::wire_format::is_guid(raw)
        || (!raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()))
        || raw.contains('@')
}

/// The shape of a path prefix: names lower-cased, keys as `{}`, arguments
/// dropped. Two spellings of one path (`{id}`, `{user-id}`) share a shape.
pub fn shape(segs: &[Segment<'_>]) -> String {
    let mut out = String::new();
    for s in segs {
        out.push('/');
        match s {
            Segment::Key => out.push_str("{}"),
            Segment::Name { name, args } => {
                out.push_str(&name.to_ascii_lowercase());
                if args.is_some() {
                    out.push_str("()");
                }
            }
        }
    }
    out
}

/// A type and whether the path addresses a collection of it.
pub type Addressed = (String, bool);

/// The shapes the pages type, and the types to walk the rest with.
pub struct PathTypes<'a> {
    known: HashMap<String, Addressed>,
    /// Operations bound to a type, by (lower-case type, name): what a
    /// segment that calls one returns.
    bound_returns: HashMap<(String, String), Addressed>,
    pub types: TypeLookup<'a>,
}

impl<'a> PathTypes<'a> {
    pub fn new(types: TypeLookup<'a>) -> Self {
        PathTypes {
            known: HashMap::default(),
            bound_returns: HashMap::default(),
            types,
        }
    }

    /// Records what a path addresses. Where pages disagree (a derived
    /// type's page showing its base's path), the base type wins: it holds
    /// what every page says comes back.
    pub fn learn(&mut self, path: &str, addressed: Addressed) {
        let key = shape(&segments(path));
        match self.known.get(&key) {
            Some((known, _)) if !self.types.is_a(known, &addressed.0) => {}
            _ => {
                self.known.insert(key, addressed);
            }
        }
    }

    /// Where the resource pages' properties type a learned path too and
    /// name an unrelated type, the properties win: a Response section that
    /// names the wrong type must not mistype every path below it.
    pub fn reconcile(&mut self) {
        let mut shapes: Vec<(usize, String)> = self
            .known
            .keys()
            .map(|k| (k.matches('/').count(), k.clone()))
            .collect();
        shapes.sort();
        for (_, key) in shapes {
            let Some((parent, last)) = key.rsplit_once('/') else {
                continue;
            };
            let Some(from) = self.known.get(parent).cloned() else {
                continue;
            };
            let seg = if last == "{}" {
                Segment::Key
            } else {
                Segment::Name {
                    name: last.trim_end_matches("()"),
                    args: last.ends_with("()").then_some(""),
                }
            };
            let (Some(walked), Some(learned)) = (self.step(&from, &seg), self.known.get(&key))
            else {
                continue;
            };
            let related =
                self.types.is_a(&walked.0, &learned.0) || self.types.is_a(&learned.0, &walked.0);
            if !related {
                self.known.insert(key, walked);
            }
        }
    }

    pub fn learn_bound(&mut self, bound_to: &str, name: &str, returns: Addressed) {
        self.bound_returns
            .entry((bound_to.to_ascii_lowercase(), name.to_ascii_lowercase()))
            .or_insert(returns);
    }

    /// What a path addresses: its longest prefix a page returns, then one
    /// step per segment through keys, properties, casts and bound calls.
    pub fn address(&self, segs: &[Segment<'_>]) -> Option<Addressed> {
        let (start, mut current) = (1..=segs.len())
            .rev()
            .find_map(|k| self.known.get(&shape(&segs[..k])).map(|a| (k, a.clone())))?;
        for seg in &segs[start..] {
            current = self.step(&current, seg)?;
        }
        Some(current)
    }

    /// One step of the walk; `None` where the pages do not say.
    pub fn step(&self, (ty, collection): &Addressed, seg: &Segment<'_>) -> Option<Addressed> {
        match seg {
            Segment::Key => collection.then(|| (ty.clone(), false)),
            Segment::Name { name, args } => {
                if name.starts_with('$') {
                    return None;
                }
                if !collection {
                    if let Some(p) = self.types.property(ty, name) {
                        // `items('x')`: a key on a collection property.
                        let keyed = args.is_some_and(|a| !a.contains('='));
                        return Some((p.type_name.clone(), p.collection && !keyed));
                    }
                }
                if let Some(r) = self
                    .bound_returns
                    .get(&(ty.to_ascii_lowercase(), name.to_ascii_lowercase()))
                {
                    return Some(r.clone());
                }
                // A cast: `microsoft.graph.group` after a collection of
                // directory objects.
                let cast = self.types.get(name)?;
                Some((cast.qualified_name(), *collection))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_keys_calls_and_addresses() {
        let segs = segments(
            "/me/drive/root:/{item-path}:/workbook/worksheets/{id|name}/range(address='A1:B2')",
        );
        assert_eq!(
            shape(&segs),
            "/me/drive/root/workbook/worksheets/{}/range()"
        );
        assert_eq!(
            segments("/users/{id | userPrincipalName}/reminderView(startDateTime=a,endDateTime=b)")
                .last(),
            Some(&Segment::Name {
                name: "reminderView",
                args: Some("startDateTime=a,endDateTime=b")
            })
        );
        assert_eq!(
            shape(&segments("/drives/{id}/root:/a/b.txt:/content")),
            "/drives/{}/root/content"
        );
    }
}
