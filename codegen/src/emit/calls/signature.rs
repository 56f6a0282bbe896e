//! The Rust names and signatures of the request builders, decided once:
//! the emitter prints them, and the example rebuilder (`rebuild`) calls
//! them, so the two cannot disagree.

use super::tree::{self, op_method, OpAt, Step, Tree};
use crate::diag::Diagnostic;
use crate::emit::names::{self, Scope};
use crate::ir::Operation;
use std::collections::BTreeMap;

/// A function parameter's Rust type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgType {
    /// `&str`, quoted in the URL.
    Str,
    /// A Rust primitive or runtime wire type for an Edm type (`Edm.Int32`).
    Edm(String),
    /// A generated enum (qualified name), quoted.
    Enum(String),
    /// Any literal (`impl ODataLiteral`): the type is unknown or overridden.
    Literal,
}

/// One argument of an operation's method, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A function parameter written into the URL.
    Function {
        wire: String,
        ident: String,
        ty: ArgType,
    },
    /// An action's parameters struct (its Rust name).
    Parameters(String),
    /// A create or update body of a model type (qualified), maybe a slice.
    Body { type_name: String, collection: bool },
    /// Binary content and its content type.
    Stream,
}

/// How the operation's own segment is written after its node's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// The node's path itself.
    Node,
    /// `/name` (an action, or a function the page writes without parentheses).
    Named(String),
    /// `/name(a=..,b=..)` from the `Function` args.
    Called(String),
}

#[derive(Debug, Clone)]
pub struct Signature {
    pub at: OpAt,
    pub method: String,
    pub segment: Segment,
    pub args: Vec<Arg>,
}

/// Names of every node, child method and operation method.
pub struct Names {
    pub nodes: Vec<String>,
    /// Per node: the method that takes each step to a child.
    pub children: Vec<BTreeMap<Step, String>>,
    /// Per node: its operations' signatures, in the node's order.
    pub ops: Vec<Vec<Signature>>,
    /// Action parameter structs, by operation index.
    pub parameter_structs: BTreeMap<usize, String>,
}

/// Whether a type is a generated enum (for function arguments).
pub type IsEnum<'a> = &'a dyn Fn(&str) -> bool;

impl Names {
    pub fn decide(
        tree: &Tree,
        ops: &[Operation],
        is_enum: IsEnum<'_>,
        overridden: &dyn Fn(&str) -> bool,
        diags: &mut Vec<Diagnostic>,
    ) -> Names {
        let mut types = Scope::default();
        let nodes = tree
            .nodes
            .iter()
            .map(|n| types.claim(&node_name(&n.steps)).0)
            .collect();
        let mut parameter_structs = BTreeMap::new();
        for (i, op) in ops.iter().enumerate() {
            let Some(b) = op
                .binding
                .as_ref()
                .filter(|_| tree::is_action(op) && !op.parameters.is_empty())
            else {
                continue;
            };
            let bound = b
                .bound_to
                .as_deref()
                .and_then(|t| t.rsplit('.').next())
                .unwrap_or("");
            let wanted = names::type_name(&format!("{bound}_{}_parameters", b.name));
            let what = format!("parameters of `{}`", op.name);
            let name = types.claim_reported(&wanted, &what, &op.source.path, op.source.line, diags);
            parameter_structs.insert(i, name);
        }
        let mut children = Vec::new();
        let mut op_sigs = Vec::new();
        for node in &tree.nodes {
            let mut methods = Scope::with_reserved(&["new"]);
            children.push(
                node.children
                    .keys()
                    .map(|step| (step.clone(), methods.claim(&step_method(step)).0))
                    .collect(),
            );
            let sigs = node
                .ops
                .iter()
                .map(|at| {
                    let op = &ops[at.op];
                    let what = format!("call `{}` at `{}`", op.name, op.paths[at.path]);
                    let wanted = names::field_name(&op_method(op));
                    let method = methods.claim_reported(
                        &wanted,
                        &what,
                        &op.source.path,
                        op.source.line,
                        diags,
                    );
                    signature(op, at, method, &parameter_structs, is_enum, overridden)
                })
                .collect();
            op_sigs.push(sigs);
        }
        Names {
            nodes,
            children,
            ops: op_sigs,
            parameter_structs,
        }
    }
}

fn signature(
    op: &Operation,
    at: &OpAt,
    method: String,
    parameter_structs: &BTreeMap<usize, String>,
    is_enum: IsEnum<'_>,
    overridden: &dyn Fn(&str) -> bool,
) -> Signature {
    let mut args = Vec::new();
    let mut segment = Segment::Node;
    if let Some(b) = &op.binding {
        let action = tree::is_action(op);
        // A function's arguments: its documented parameters, else the names
        // in its template's parentheses.
        let params: Vec<(String, Option<&crate::ir::Parameter>)> =
            if op.parameters.is_empty() || action {
                at.call_args.iter().map(|a| (a.clone(), None)).collect()
            } else {
                op.parameters
                    .iter()
                    .map(|p| (p.name.clone(), Some(p)))
                    .collect()
            };
        let written_bare = params.is_empty() && !op.paths[at.path].trim_end().ends_with(')');
        if action || written_bare {
            segment = Segment::Named(b.name.clone());
        } else {
            segment = Segment::Called(b.name.clone());
            let mut scope = Scope::with_reserved(&["self"]);
            for (wire, p) in params {
                let ty = match p.filter(|p| !p.collection) {
                    None => ArgType::Literal,
                    Some(p) if overridden(&p.type_name) => ArgType::Literal,
                    Some(p) if is_enum(&p.type_name) => ArgType::Enum(p.type_name.clone()),
                    Some(p) if p.type_name == "Edm.String" => ArgType::Str,
                    Some(p)
                        if matches!(
                            p.type_name.as_str(),
                            "Edm.Untyped" | "Edm.Stream" | "Edm.Binary"
                        ) =>
                    {
                        ArgType::Literal
                    }
                    Some(p) if p.type_name.starts_with("Edm.") => ArgType::Edm(p.type_name.clone()),
                    Some(_) => ArgType::Literal,
                };
                let ident = scope.claim(&names::field_name(&wire)).0;
                args.push(Arg::Function { wire, ident, ty });
            }
        }
    }
    if let Some(name) = parameter_structs.get(&at.op) {
        args.push(Arg::Parameters(name.clone()));
    } else if let Some(body) = op.request_body.as_ref().filter(|_| op.binding.is_none()) {
        if body.type_name == "Edm.Stream" {
            args.push(Arg::Stream);
        } else {
            args.push(Arg::Body {
                type_name: body.type_name.clone(),
                collection: body.collection,
            });
        }
    }
    Signature {
        at: at.clone(),
        method,
        segment,
        args,
    }
}

/// The struct name of a node: its steps in upper camel case (`UsersItemMessages`).
pub fn node_name(steps: &[Step]) -> String {
    use heck::ToUpperCamelCase;
    if steps.is_empty() {
        return "Graph".into();
    }
    let mut name = String::new();
    for step in steps {
        let part = match step {
            Step::Segment(s) => s.trim_start_matches('$').to_upper_camel_case(),
            Step::Key => "Item".into(),
            Step::Address => "Path".into(),
            Step::Cast(t) => format!(
                "As{}",
                t.rsplit('.').next().unwrap_or(t).to_upper_camel_case()
            ),
            Step::Call(n, _) => n.to_upper_camel_case(),
        };
        name.push_str(&part);
    }
    names::type_name(&name)
}

/// The method that takes a step from a node to its child.
pub fn step_method(step: &Step) -> String {
    match step {
        Step::Segment(s) => match s.as_str() {
            "$value" => "value".into(),
            "$count" => "count".into(),
            "$ref" => "reference".into(),
            _ => names::field_name(s),
        },
        Step::Key => "by_id".into(),
        Step::Address => "item_path".into(),
        Step::Cast(t) => format!(
            "as_{}",
            names::field_name(t.rsplit('.').next().unwrap_or(t))
        ),
        Step::Call(n, _) => names::field_name(n),
    }
}
