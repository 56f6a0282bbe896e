//! The URL structure of every documented path as a tree of request
//! builders: from the root, one node per distinct path shape, one step per
//! segment; each operation hangs on the node its path ends at (a bound
//! action or function on the node before its own segment).

use crate::ir::{BindingKind, Operation};
use std::collections::BTreeMap;

/// One step from a node to a child.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// A segment the service names (`users`, `$value`).
    Segment(String),
    /// A key: `{id}`, or a literal the page wrote in its place.
    Key,
    /// Drive-item path addressing: `:/{item-path}:`.
    Address,
    /// A cast: `microsoft.graph.group`.
    Cast(String),
    /// A function call inside a path: `range(address='A1')`, with the
    /// names of its arguments.
    Call(String, Vec<String>),
}

impl Step {
    /// The part of a node's shape this step adds.
    pub fn shape(&self) -> String {
        match self {
            Step::Segment(s) | Step::Cast(s) => s.to_ascii_lowercase(),
            Step::Key => "{}".into(),
            Step::Address => ":{}:".into(),
            Step::Call(name, _) => format!("{}()", name.to_ascii_lowercase()),
        }
    }
}

/// A path split into steps, and what its last segment calls if the
/// operation is bound (`playPrompt`, `reminderView(...)`).
pub struct Parsed {
    pub steps: Vec<Step>,
    /// The template's arguments of a bound function (`a=a-value`), by name.
    pub call_args: Vec<String>,
}

/// Splits on `/` outside `{}`, `()` and `<>`.
fn raw_segments(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in path.char_indices() {
        match c {
            '{' | '(' | '<' => depth += 1,
            '}' | ')' | '>' => depth -= 1,
            '/' if depth <= 0 => {
                out.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&path[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn arg_names(args: &str) -> Vec<String> {
    args.split(',')
        .filter_map(|a| a.split_once('=').map(|(n, _)| n.trim().to_string()))
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect()
}

/// The steps of a path; `None` for a path the builders cannot spell (a
/// segment that is neither a name, a key, a cast nor a call).
pub fn parse(path: &str, bound: Option<&str>) -> Option<Parsed> {
    let mut raw = raw_segments(path);
    let mut call_args = Vec::new();
    if let Some(name) = bound {
        let last = raw.pop()?;
        let (head, args) = match last.split_once('(') {
            Some((head, rest)) => (head, rest.strip_suffix(')')),
            None => (last, None),
        };
        if !head.eq_ignore_ascii_case(name) && !head.ends_with(&format!(".{name}")) {
            return None;
        }
        call_args = args.map(arg_names).unwrap_or_default();
    }
    let mut steps = Vec::new();
    let mut in_address = false;
    for seg in raw {
        if in_address {
            // The item path inside `:...:` is one address, whatever it holds.
            if seg.ends_with(':') {
                in_address = false;
            }
            continue;
        }
        let (seg, opens) = match seg.strip_suffix(':') {
            Some(s) => (s, true),
            None => (seg, false),
        };
        // `root:/x:` opens in its segment; `{id}:` too; `root:/x:` may also
        // close in the same raw segment when it holds no slash.
        let (seg, closes_here) = match seg.split_once(":/") {
            Some((head, _)) => (head, true),
            None => (seg, false),
        };
        steps.push(step(seg)?);
        if opens || closes_here {
            steps.push(Step::Address);
            in_address = opens && !closes_here;
        }
    }
    Some(Parsed { steps, call_args })
}

fn step(seg: &str) -> Option<Step> {
    if seg.starts_with('{') && seg.ends_with('}') || crate::resolve::paths::is_literal_key(seg) {
        return Some(Step::Key);
    }
    if let Some((name, rest)) = seg.split_once('(') {
        let args = rest.strip_suffix(')')?;
        let names = arg_names(args);
        if names.is_empty() && !args.trim().is_empty() {
            return None; // `items('id')`: a key in parentheses
        }
        return Some(Step::Call(name.to_string(), names));
    }
    let plain = seg
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '$');
    if !plain {
        return None;
    }
    if seg.contains('.') {
        return Some(Step::Cast(seg.to_string()));
    }
    Some(Step::Segment(seg.to_string()))
}

/// A call on a node: which operation, by which of its paths.
#[derive(Debug, Clone)]
pub struct OpAt {
    pub op: usize,
    pub path: usize,
    /// The bound function's template arguments.
    pub call_args: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Node {
    pub steps: Vec<Step>,
    pub children: BTreeMap<Step, usize>,
    pub ops: Vec<OpAt>,
}

pub struct Tree {
    /// Node 0 is the root.
    pub nodes: Vec<Node>,
    /// Paths the builders cannot spell: (operation, path index).
    pub unspellable: Vec<(usize, usize)>,
}

impl Tree {
    pub fn build(ops: &[Operation]) -> Tree {
        let mut tree = Tree {
            nodes: vec![Node::default()],
            unspellable: Vec::new(),
        };
        let mut by_shape: BTreeMap<String, usize> = BTreeMap::new();
        for (i, op) in ops.iter().enumerate() {
            let bound = op.binding.as_ref().map(|b| b.name.as_str());
            for (j, path) in op.paths.iter().enumerate() {
                let Some(parsed) = parse(path, bound) else {
                    tree.unspellable.push((i, j));
                    continue;
                };
                let node = tree.node_for(&parsed.steps, &mut by_shape);
                tree.nodes[node].ops.push(OpAt {
                    op: i,
                    path: j,
                    call_args: parsed.call_args,
                });
            }
        }
        tree
    }

    fn node_for(&mut self, steps: &[Step], by_shape: &mut BTreeMap<String, usize>) -> usize {
        let mut current = 0;
        let mut shape = String::new();
        for (k, step) in steps.iter().enumerate() {
            shape.push('/');
            shape.push_str(&step.shape());
            current = match by_shape.get(&shape) {
                Some(&n) => n,
                None => {
                    let n = self.nodes.len();
                    self.nodes.push(Node {
                        steps: steps[..=k].to_vec(),
                        ..Node::default()
                    });
                    by_shape.insert(shape.clone(), n);
                    self.nodes[current].children.insert(step.clone(), n);
                    n
                }
            };
        }
        current
    }
}

/// The method name an operation gets on its node: the call's own name, or
/// `get`, `list`, `create`, `update`, `replace`, `delete` by HTTP method.
pub fn op_method(op: &Operation) -> String {
    if let Some(b) = &op.binding {
        return b.name.clone();
    }
    let collection = op.responses.first().is_some_and(|r| r.collection);
    match op.method.as_str() {
        "GET" if collection => "list",
        "GET" => "get",
        "POST" => "create",
        "PATCH" => "update",
        "PUT" => "replace",
        "DELETE" => "delete",
        _ => "call",
    }
    .to_string()
}

/// Whether an action (POST) or a function (GET) is called.
pub fn is_action(op: &Operation) -> bool {
    op.binding
        .as_ref()
        .is_some_and(|b| b.kind == BindingKind::Action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_of_the_path_forms() {
        let p = parse("/me/drive/root:/{item-path}:/content", None).unwrap();
        assert_eq!(
            p.steps,
            [
                Step::Segment("me".into()),
                Step::Segment("drive".into()),
                Step::Segment("root".into()),
                Step::Address,
                Step::Segment("content".into())
            ]
        );
        let p = parse(
            "/users/{id | userPrincipalName}/reminderView(startDateTime=s,endDateTime=e)",
            Some("reminderView"),
        )
        .unwrap();
        assert_eq!(p.steps, [Step::Segment("users".into()), Step::Key]);
        assert_eq!(p.call_args, ["startDateTime", "endDateTime"]);
        let p = parse(
            "/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='<address>')/format",
            None,
        )
        .unwrap();
        assert_eq!(
            p.steps[7],
            Step::Call("range".into(), vec!["address".into()])
        );
        let p = parse("/groups/{id}/members/microsoft.graph.user/$count", None).unwrap();
        assert_eq!(p.steps[3], Step::Cast("microsoft.graph.user".into()));
        assert_eq!(p.steps[4], Step::Segment("$count".into()));
        let p = parse(
            "/drives/{drive-id}/items/{parent-id}:/{filename}:/content",
            None,
        )
        .unwrap();
        assert_eq!(
            p.steps[3..],
            [Step::Key, Step::Address, Step::Segment("content".into())]
        );
    }
}
