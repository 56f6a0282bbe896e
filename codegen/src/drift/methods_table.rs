//! A resource page's Methods table against the method pages it links: a
//! link to a method page that is not in the input, and a Return type cell
//! that contradicts what the method page says comes back.

use crate::diag::Diagnostic;
use crate::extract::PageDecls;
use crate::ir::{Ir, Operation, TypeLookup};
use crate::page::page_stem;
use crate::typeref::TypeRef;
use std::collections::HashMap;

pub mod codes {
    pub const BROKEN_METHOD_LINK: &str = "methods-table-broken-link";
    pub const RETURN_MISMATCH: &str = "methods-table-return-mismatch";
}

pub fn check_methods_tables(decls: &[PageDecls], ir: &Ir) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if ir.operations.is_empty() {
        return out; // no method pages were read: every link would look broken
    }
    let by_stem: HashMap<String, &Operation> = ir
        .operations
        .iter()
        .map(|o| (page_stem(&o.source.path), o))
        .collect();
    let types = TypeLookup::new(&ir.types);
    let pages: std::collections::HashSet<String> =
        decls.iter().map(|d| page_stem(&d.path)).collect();
    for page in decls {
        for row in &page.method_rows {
            let dest = row.dest.to_ascii_lowercase();
            if !dest.contains("api/") || dest.contains("://") {
                continue;
            }
            let Some(op) = by_stem.get(&page_stem(&row.dest)) else {
                let why = if pages.contains(&page_stem(&row.dest)) {
                    "a page with no HTTP request section"
                } else {
                    "no page of the input"
                };
                out.push(Diagnostic::warning(
                    codes::BROKEN_METHOD_LINK,
                    &page.path,
                    row.line,
                    format!("`{}` links {why}, not a method page", row.dest),
                ));
                continue;
            };
            let (Some(said), Some(response)) = (&row.returns, op.responses.first()) else {
                continue;
            };
            let Some(returned) = &response.type_name else {
                continue;
            };
            // Compare through pages: the cell's link against the page that
            // declares the returned type (names where there is no link).
            let short = returned.rsplit('.').next().unwrap_or(returned);
            let same_type = match &said.target {
                TypeRef::Link { dest, text } => {
                    text.eq_ignore_ascii_case(short)
                        || page_stem(dest).eq_ignore_ascii_case(short)
                        || types
                            .get(returned)
                            .is_none_or(|t| page_stem(&t.source.path) == page_stem(dest))
                }
                TypeRef::Primitive(p) => p.eq_ignore_ascii_case(returned),
                // "None", "No content": the cell names no type.
                TypeRef::Name(n) if n.eq_ignore_ascii_case("none") => continue,
                TypeRef::Name(n) => short.eq_ignore_ascii_case(n),
            };
            if !same_type || said.collection != response.collection {
                let show = |collection: bool| if collection { " collection" } else { "" };
                out.push(Diagnostic::warning(
                    codes::RETURN_MISMATCH,
                    &page.path,
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
                ));
            }
        }
    }
    out
}

fn describe(t: &TypeRef) -> String {
    match t {
        TypeRef::Link { text, .. } => text.clone(),
        TypeRef::Primitive(p) => p.to_string(),
        TypeRef::Name(n) => n.clone(),
    }
}
