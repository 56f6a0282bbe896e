//! The pipeline: pages on disk or in memory → declarations → resolved IR.
//! Below [`crate::config`] and the CLI, which call it; above the stages.

use crate::diag::Diagnostic;
use crate::ir;
use crate::{extract, load, page, resolve};
use std::path::PathBuf;

/// Reads pages already in memory (path relative to the input root, text).
/// Pages are read in parallel; the result does not depend on it.
pub fn ir_from_sources<'a>(sources: impl IntoIterator<Item = (&'a str, &'a str)>) -> ir::Ir {
    use rayon::prelude::*;
    let sources: Vec<(&str, &str)> = sources.into_iter().collect();
    let per_page: Vec<(extract::PageDecls, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|(path, text)| {
            let mut diags = Vec::new();
            let decls = extract::extract_page(&page::parse_page(path, text), &mut diags);
            (decls, diags)
        })
        .collect();
    let (decls, diags) = join_pages(per_page, Vec::new());
    let ir = resolve::resolve(&decls, diags);
    drop_in_parallel(decls);
    ir
}

/// Many small strings make dropping the pages' declarations a cost of its
/// own (a tenth of reading the v1.0 folder): shared out between threads.
fn drop_in_parallel<T: Send>(items: Vec<T>) {
    use rayon::prelude::*;
    items.into_par_iter().for_each(drop);
}

/// Reads every page under the inputs (folders or files) into the IR.
pub fn ir_from_paths(inputs: &[PathBuf]) -> ir::Ir {
    let (decls, diags) = read_pages(inputs);
    let ir = resolve::resolve(&decls, diags);
    drop_in_parallel(decls);
    ir
}

/// Reads every page under the inputs into its declarations, unresolved
/// (what `lint` checks besides the IR).
pub fn read_pages(inputs: &[PathBuf]) -> (Vec<extract::PageDecls>, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let mut diags: Vec<Diagnostic> = Vec::new();
    let files = load::collect_files(inputs, &mut diags);
    let per_page: Vec<(extract::PageDecls, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|file| {
            let mut diags = Vec::new();
            let decls = match load::parse_file(file, &mut diags) {
                Some(page) => extract::extract_page(&page, &mut diags),
                None => extract::PageDecls::default(),
            };
            (decls, diags)
        })
        .collect();
    join_pages(per_page, diags)
}

/// Joins the pages' results in input order, so output is deterministic.
fn join_pages(
    per_page: Vec<(extract::PageDecls, Vec<Diagnostic>)>,
    mut diags: Vec<Diagnostic>,
) -> (Vec<extract::PageDecls>, Vec<Diagnostic>) {
    let mut decls = Vec::with_capacity(per_page.len());
    for (d, page_diags) in per_page {
        decls.push(d);
        diags.extend(page_diags);
    }
    (decls, diags)
}
