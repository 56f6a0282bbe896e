//! A resource page's Methods table against the method pages it links: a
//! Return type cell that contradicts what the method page says comes back.

use crate::diag::Diagnostic;
use crate::extract::PageDecls;
use crate::ir::{ExampleKind, Ir, Operation, TypeLookup};
use crate::page::page_stem;
use crate::typeref::TypeRef;
use std::collections::HashMap;

pub mod codes {
    pub const RETURN_MISMATCH: &str = "methods-table-return-mismatch";
}

pub fn check_methods_tables(decls: &[PageDecls], ir: &Ir) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if ir.operations.is_empty() {
        return out; // no method pages were read: nothing to compare with
    }
    let by_stem: HashMap<String, &Operation> = ir
        .operations
        .iter()
        .map(|o| (page_stem(&o.source.path), o))
        .collect();
    let types = TypeLookup::new(&ir.types);
    for page in decls {
        for row in &page.method_rows {
            let dest = row.dest.to_ascii_lowercase();
            if !dest.contains("api/") || dest.contains("://") {
                continue;
            }
            // A link to no method page is a link check's (`broken-link`)
            // or an outline check's (the target has no HTTP request).
            let Some(op) = by_stem.get(&page_stem(&row.dest)) else {
                continue;
            };
            if let Some(d) = check_row(&page.path, row, op, &types) {
                out.push(d);
            }
        }
    }
    out
}

/// One row's Return type cell against the method page it links.
fn check_row(
    path: &str,
    row: &crate::extract::MethodRow,
    op: &Operation,
    types: &TypeLookup,
) -> Option<Diagnostic> {
    // A type the method page's examples alone show is one scenario of it:
    // nothing to hold the table to.
    let (said, response) = (row.returns.as_ref()?, op.responses.first()?);
    if !op.response_named {
        return None;
    }
    let returned = response.type_name.as_ref()?;
    // Compare through pages: the cell's link against the page that
    // declares the returned type (names where there is no link).
    let short = returned.rsplit('.').next().unwrap_or(returned);
    let related = |named: &str| {
        types.get(returned).is_some_and(|_| {
            types
                .chain(returned)
                .iter()
                .chain(types.descendants(returned).iter())
                .any(|t| t.name.eq_ignore_ascii_case(named))
        })
    };
    let same_type = match &said.target {
        TypeRef::Link { dest, text } => {
            related(text)
                || related(&page_stem(dest))
                || text.eq_ignore_ascii_case(short)
                || page_stem(dest).eq_ignore_ascii_case(short)
                || types
                    .get(returned)
                    .is_none_or(|t| page_stem(&t.source.path) == page_stem(dest))
        }
        TypeRef::Primitive(p) => p.eq_ignore_ascii_case(returned),
        // "None", "No content": the cell names no type.
        TypeRef::Name(n) if n.eq_ignore_ascii_case("none") => return None,
        TypeRef::Name(n) => short.eq_ignore_ascii_case(n),
    };
    // A page of several scenarios answers with several types: any its
    // response examples show is what the table may say.
    let shown = examples_show(op, &said.target, said.collection);
    if (same_type && said.collection == response.collection) || shown {
        return None;
    }
    let show = |collection: bool| if collection { " collection" } else { "" };
    Some(Diagnostic::warning(
        codes::RETURN_MISMATCH,
        path,
        row.line,
        format!(
            "the Methods table says `{}` returns {}{}, but {} says {}{}",
            op.name,
            describe(&said.target),
            show(said.collection),
            op.source.path,
            returned,
            show(response.collection)
        ),
    ))
}

/// Whether a response example of the call shows the type (its
/// annotation's `@odata.type`) and the collection (a `value` array) the
/// Methods table says.
fn examples_show(op: &Operation, said: &TypeRef, collection: bool) -> bool {
    let said_name = match said {
        TypeRef::Link { text, dest } => vec![text.to_ascii_lowercase(), page_stem(dest)],
        TypeRef::Name(n) => vec![n.to_ascii_lowercase()],
        TypeRef::Primitive(_) => return false,
    };
    op.examples
        .iter()
        .filter(|e| e.kind == ExampleKind::Response)
        .any(|e| {
            let Some(t) = e.odata_type.as_deref() else {
                return false;
            };
            let lower = t.to_ascii_lowercase();
            let inner = lower
                .strip_prefix("collection(")
                .and_then(|x| x.strip_suffix(')'))
                .unwrap_or(&lower);
            let short = inner.rsplit('.').next().unwrap_or(inner).to_string();
            let is_collection = e.is_collection
                || inner.len() != lower.len()
                || e.body.as_deref().is_some_and(|b| {
                    crate::extract::parse_example_body(b)
                        .is_ok_and(|v| v.get("value").is_some_and(|v| v.is_array()))
                });
            said_name.contains(&short) && is_collection == collection
        })
}

fn describe(t: &TypeRef) -> String {
    match t {
        TypeRef::Link { text, .. } => text.clone(),
        TypeRef::Primitive(p) => p.to_string(),
        TypeRef::Name(n) => n.clone(),
    }
}
