//! graphgen: Microsoft Graph reference pages → resolved IR → Rust models.
//!
//! The stages, each its own module, data flowing one way:
//! [`page`] (markdown → page structure), [`extract`] (page → declarations),
//! [`resolve`] (declarations → [`ir::Ir`]), then the outputs.

pub mod config;
pub mod diag;
pub mod emit;
pub mod extract;
pub mod ir;
pub mod jsonrepr;
pub mod load;
pub mod output;
pub mod page;
pub mod resolve;
pub mod typeref;

pub use config::{Config, Error, Generated};
use diag::Diagnostic;
use std::path::PathBuf;

/// Reads pages already in memory (path relative to the input root, text).
pub fn ir_from_sources<'a>(sources: impl IntoIterator<Item = (&'a str, &'a str)>) -> ir::Ir {
    let mut diags = Vec::new();
    let decls: Vec<_> = sources
        .into_iter()
        .map(|(path, text)| extract::extract_page(&page::parse_page(path, text), &mut diags))
        .collect();
    resolve::resolve(&decls, diags)
}

/// Reads every page under the inputs (folders or files) into the IR.
pub fn ir_from_paths(inputs: &[PathBuf]) -> ir::Ir {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let files = load::collect_files(inputs, &mut diags);
    let mut decls = Vec::with_capacity(files.len());
    for file in &files {
        if let Some(page) = load::parse_file(file, &mut diags) {
            decls.push(extract::extract_page(&page, &mut diags));
        }
    }
    resolve::resolve(&decls, diags)
}
