//! The pipeline: pages on disk or in memory → includes expanded →
//! declarations → resolved IR. Below [`crate::config`] and the CLI, which
//! call it; above the stages.
//!
//! Inside the pipeline a line of included text is numbered in its page's
//! expanded range (see [`crate::include`]); `resolve` moves every place of
//! the IR to the file it is in.

use crate::diag::Diagnostic;
use crate::extract::PageDecls;
use crate::include::{self, IncludeReader};
use crate::ir;
use crate::{extract, load, page, resolve};
use std::path::{Path, PathBuf};

/// Reads pages already in memory (path relative to the input root, text).
/// Includes are read from the same set. Pages are read in parallel; the
/// result does not depend on it.
pub fn ir_from_sources<'a>(sources: impl IntoIterator<Item = (&'a str, &'a str)>) -> ir::Ir {
    use rayon::prelude::*;
    let sources: Vec<(&str, &str)> = sources.into_iter().collect();
    let reader = include::InMemory(&sources);
    let per_page: Vec<(PageDecls, Vec<Diagnostic>)> = sources
        .par_iter()
        .filter(|(path, text)| !include::is_include_file(path, text))
        .map(|(path, text)| {
            let mut diags = Vec::new();
            let decls = read_page(path, text, &reader, &mut diags);
            (decls, diags)
        })
        .collect();
    let (decls, diags) = join_pages(per_page, Vec::new());
    resolve_and_relocate(decls, diags)
}

/// One page's text → its declarations, includes expanded.
fn read_page(
    path: &str,
    text: &str,
    reader: &dyn IncludeReader,
    diags: &mut Vec<Diagnostic>,
) -> PageDecls {
    let expanded = include::expand(path, text, reader, diags);
    let text = expanded.as_ref().map_or(text, |e| e.text.as_str());
    let repaired = page::repair_delimiter_rows(text);
    let text = repaired.as_deref().unwrap_or(text);
    let mut page = match &expanded {
        Some(e) => page::parse_page_with(path, text, &e.segments),
        None => page::parse_page(path, text),
    };
    if let Some(e) = expanded.as_ref() {
        page.origins = e.origins.clone();
    }
    extract::extract_page(&page, diags)
}

fn resolve_and_relocate(decls: Vec<PageDecls>, diags: Vec<Diagnostic>) -> ir::Ir {
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
    ir_from_paths_in(inputs, None)
}

/// As [`ir_from_paths`], includes read inside `include_root` (default:
/// see [`include::OnDisk::default_root`]).
pub fn ir_from_paths_in(inputs: &[PathBuf], include_root: Option<&Path>) -> ir::Ir {
    let (decls, diags) = read_pages_raw(inputs, include_root);
    resolve_and_relocate(decls, diags)
}

/// Reads every page under the inputs into its declarations, unresolved
/// (what `lint` checks besides the IR). The diagnostics are placed in the
/// files they are about; the declarations keep expanded lines (see
/// [`resolve::relocate`]).
pub fn read_pages(inputs: &[PathBuf]) -> (Vec<PageDecls>, Vec<Diagnostic>) {
    read_pages_in(inputs, None)
}

/// As [`read_pages`], includes read inside `include_root`.
pub fn read_pages_in(
    inputs: &[PathBuf],
    include_root: Option<&Path>,
) -> (Vec<PageDecls>, Vec<Diagnostic>) {
    let (decls, mut diags) = read_pages_raw(inputs, include_root);
    resolve::relocate(&mut diags, &decls);
    (decls, diags)
}

fn read_pages_raw(
    inputs: &[PathBuf],
    include_root: Option<&Path>,
) -> (Vec<PageDecls>, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut per_page: Vec<(PageDecls, Vec<Diagnostic>)> = Vec::new();
    for input in inputs {
        let files = load::collect_files(std::slice::from_ref(input), &mut diags);
        let input_root = if input.is_dir() {
            input.clone()
        } else {
            input.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let given = include_root.and_then(|r| r.canonicalize().ok());
        let marked = given.is_some()
            || input_root
                .canonicalize()
                .is_ok_and(|real| include::docs_repository(&real).is_some());
        let reader = include::OnDisk {
            include_root: given.unwrap_or_else(|| include::OnDisk::default_root(&input_root)),
            input_root,
            marked,
        };
        per_page.par_extend(files.par_iter().map(|file| {
            let mut diags = Vec::new();
            let decls = match load::decode(file, &mut diags) {
                Some(text) if !include::is_include_file(&file.rel_path, text) => {
                    read_page(&file.rel_path, text, &reader, &mut diags)
                }
                _ => PageDecls::default(),
            };
            (decls, diags)
        }));
    }
    join_pages(per_page, diags)
}

/// Joins the pages' results in input order, so output is deterministic.
fn join_pages(
    per_page: Vec<(PageDecls, Vec<Diagnostic>)>,
    mut diags: Vec<Diagnostic>,
) -> (Vec<PageDecls>, Vec<Diagnostic>) {
    let mut decls = Vec::with_capacity(per_page.len());
    for (d, page_diags) in per_page {
        decls.push(d);
        diags.extend(page_diags);
    }
    (decls, diags)
}
