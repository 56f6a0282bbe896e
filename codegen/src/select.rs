//! Selection: which types and operations of a resolved IR to emit. The
//! named types and operations, and everything they need: property types,
//! base types, the derived types a polymorphic property can hold, and the
//! types an operation takes or returns. Navigation properties are followed
//! only on request (they are returned on `$expand` alone, and following them
//! turns `user` into half of Graph); a property left out is emitted as raw
//! JSON, so nothing read is lost.

use crate::diag::{codes, Diagnostic};
use crate::ir::{Ir, Operation, TypeDef};
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Qualified type names (`microsoft.graph.user`), any case.
    pub types: Vec<String>,
    /// Operations by name (`user: assignLicense`, any case) or by path
    /// prefix (`/users`, `/me/messages`).
    pub operations: Vec<String>,
    /// Follow navigation properties into the closure.
    pub navigation: bool,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.types.is_empty() && self.operations.is_empty()
    }
}

/// What a selection keeps of an IR.
#[derive(Debug, Clone)]
pub struct Selected {
    pub ir: Ir,
    /// Qualified names (lower case) of the IR's types left out.
    pub left_out: BTreeSet<String>,
}

/// Applies a selection. A name that matches nothing is an error diagnostic
/// naming the closest names; the rest of the selection still applies.
pub fn select(ir: &Ir, selection: &Selection, diags: &mut Vec<Diagnostic>) -> Selected {
    let by_name: HashMap<String, usize> = ir
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.qualified_name().to_ascii_lowercase(), i))
        .collect();
    let mut roots: Vec<usize> = Vec::new();
    for name in &selection.types {
        match by_name.get(&name.to_ascii_lowercase()) {
            Some(&i) => roots.push(i),
            None => diags.push(unknown(
                name,
                "type",
                ir.types.iter().map(|t| t.qualified_name()),
            )),
        }
    }
    let mut chosen: BTreeSet<usize> = BTreeSet::new();
    for wanted in &selection.operations {
        let matching: Vec<usize> = (0..ir.operations.len())
            .filter(|&i| operation_matches(&ir.operations[i], wanted))
            .collect();
        if matching.is_empty() {
            let names = ir.operations.iter().map(|o| o.name.clone());
            diags.push(unknown(wanted, "operation", names));
        }
        chosen.extend(matching);
    }
    // In IR order, which is already sorted by page.
    let operations: Vec<&Operation> = chosen.iter().map(|&i| &ir.operations[i]).collect();
    for o in &operations {
        roots.extend(operation_types(o).filter_map(|t| by_name.get(&t.to_ascii_lowercase())));
    }
    let keep = closure(ir, &by_name, roots, selection.navigation);
    let kept_ops: Vec<Operation> = operations.into_iter().cloned().collect();
    Selected {
        ir: Ir {
            types: keep.iter().map(|&i| ir.types[i].clone()).collect(),
            operations: kept_ops,
            ..ir.clone()
        },
        left_out: (0..ir.types.len())
            .filter(|i| !keep.contains(i))
            .map(|i| ir.types[i].qualified_name().to_ascii_lowercase())
            .collect(),
    }
}

fn operation_matches(op: &Operation, wanted: &str) -> bool {
    if wanted.starts_with('/') {
        let prefix = wanted.trim_end_matches('/').to_ascii_lowercase();
        op.paths.iter().any(|p| {
            let p = p.to_ascii_lowercase();
            p == prefix
                || p.starts_with(&format!("{prefix}/"))
                || p.starts_with(&format!("{prefix}("))
        })
    } else {
        op.name.eq_ignore_ascii_case(wanted.trim())
    }
}

/// The model types an operation takes or returns.
pub fn operation_types(op: &Operation) -> impl Iterator<Item = &str> {
    let responses = op.responses.iter().filter_map(|r| r.type_name.as_deref());
    let body = op.request_body.iter().map(|b| b.type_name.as_str());
    let params = op.parameters.iter().map(|p| p.type_name.as_str());
    let bound = op.binding.iter().filter_map(|b| b.bound_to.as_deref());
    responses.chain(body).chain(params).chain(bound)
}

/// The indices of the types the roots need, in IR order.
fn closure(
    ir: &Ir,
    by_name: &HashMap<String, usize>,
    roots: Vec<usize>,
    navigation: bool,
) -> BTreeSet<usize> {
    let get = |name: &str| by_name.get(&name.to_ascii_lowercase()).copied();
    let mut derived: Vec<Vec<usize>> = vec![Vec::new(); ir.types.len()];
    for (i, t) in ir.types.iter().enumerate() {
        if let Some(b) = t.base_type.as_deref().and_then(get) {
            derived[b].push(i);
        }
    }
    let mut keep = BTreeSet::new();
    let mut stack = roots;
    while let Some(i) = stack.pop() {
        if !keep.insert(i) {
            continue;
        }
        let t: &TypeDef = &ir.types[i];
        stack.extend(t.base_type.as_deref().and_then(get));
        for p in t.properties.iter().filter(|p| navigation || !p.navigation) {
            if let Some(target) = get(&p.type_name) {
                stack.push(target);
                stack.extend(descendants(&derived, target));
            }
        }
    }
    keep
}

fn descendants(derived: &[Vec<usize>], start: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack = derived[start].clone();
    while let Some(d) = stack.pop() {
        if !out.contains(&d) {
            out.push(d);
            stack.extend(derived[d].iter().copied());
        }
    }
    out
}

/// `selection-not-found`, with the closest names (by edit distance).
fn unknown(name: &str, what: &str, known: impl Iterator<Item = String>) -> Diagnostic {
    let wanted = name.to_ascii_lowercase();
    let mut scored: Vec<(f64, String)> = known
        .map(|k| (strsim::jaro_winkler(&wanted, &k.to_ascii_lowercase()), k))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    let closest: Vec<String> = scored
        .iter()
        .take(3)
        .map(|(_, k)| format!("`{k}`"))
        .collect();
    let hint = if closest.is_empty() {
        String::new()
    } else {
        format!("; the closest: {}", closest.join(", "))
    };
    Diagnostic::error(
        codes::SELECTION_NOT_FOUND,
        "",
        0,
        format!("no {what} `{name}` in the pages{hint}"),
    )
}
