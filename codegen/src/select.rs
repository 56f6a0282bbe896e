//! Selection: which types and operations of a resolved IR to emit. The
//! named types and operations, and everything they need: property types,
//! base types, the derived types a polymorphic property can hold, and the
//! types an operation takes or returns. Navigation properties are followed
//! only on request (they are returned on `$expand` alone, and following them
//! turns `user` into half of Graph); a property left out is emitted as raw
//! JSON, so nothing read is lost.

use crate::diag::{codes, Diagnostic};
use crate::ir::{Ir, Operation, TypeDef, TypeLookup};
use std::collections::BTreeSet;

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
    let lookup = TypeLookup::new(&ir.types);
    let mut roots: Vec<&TypeDef> = Vec::new();
    for name in &selection.types {
        match lookup.get(name) {
            Some(t) => roots.push(t),
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
    let operations: Vec<Operation> = chosen.iter().map(|&i| ir.operations[i].clone()).collect();
    for o in &operations {
        roots.extend(operation_types(o).filter_map(|t| lookup.get(t)));
    }
    let keep = closure(&lookup, roots, selection.navigation);
    let (kept, left): (Vec<&TypeDef>, Vec<&TypeDef>) = ir
        .types
        .iter()
        .partition(|t| keep.contains(&t.qualified_name().to_ascii_lowercase()));
    Selected {
        ir: Ir {
            ir_version: ir.ir_version,
            types: kept.into_iter().cloned().collect(),
            operations,
            diagnostics: ir.diagnostics.clone(),
        },
        left_out: left
            .iter()
            .map(|t| t.qualified_name().to_ascii_lowercase())
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

/// The qualified names (lower case) of the types the roots need.
fn closure(lookup: &TypeLookup<'_>, roots: Vec<&TypeDef>, navigation: bool) -> BTreeSet<String> {
    let mut keep = BTreeSet::new();
    let mut stack = roots;
    while let Some(t) = stack.pop() {
        if !keep.insert(t.qualified_name().to_ascii_lowercase()) {
            continue;
        }
        stack.extend(t.base_type.as_deref().and_then(|b| lookup.get(b)));
        for p in t.properties.iter().filter(|p| navigation || !p.navigation) {
            if let Some(target) = lookup.get(&p.type_name) {
                stack.push(target);
                stack.extend(lookup.descendants(&p.type_name));
            }
        }
    }
    keep
}

/// `selection-not-found`, with the closest names.
fn unknown(name: &str, what: &str, known: impl Iterator<Item = String>) -> Diagnostic {
    let closest: Vec<String> = closest(name, known)
        .iter()
        .map(|k| format!("`{k}`"))
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

/// The three names closest to `wanted` (Jaro-Winkler, any case), closest
/// first: what a "did you mean" hint names.
pub fn closest(wanted: &str, known: impl Iterator<Item = String>) -> Vec<String> {
    let wanted = wanted.to_ascii_lowercase();
    let mut scored: Vec<(f64, String)> = known
        .map(|k| (strsim::jaro_winkler(&wanted, &k.to_ascii_lowercase()), k))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}
