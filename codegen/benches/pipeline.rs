//! The whole `ir` pipeline over the v1.0 folder (resource and method pages
//! together, as `graphgen ir graph-docs/v1.0` reads them), beside
//! pulldown-cmark merely iterating the events of the same files (the
//! floor, one thread). The pipeline runs as the binary does (pages read in
//! parallel) and on one thread, for a like-for-like ratio. Files are read
//! into memory once. Run: `cargo bench -p graphgen --bench pipeline`.

use pulldown_cmark::{Options, Parser};

// The allocator the `graphgen` binary uses, so the figures are its figures.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::sync::OnceLock;

fn main() {
    if pages().is_empty() {
        eprintln!("!!! ../shared/graph-docs/v1.0 is missing: nothing to benchmark !!!");
        return;
    }
    divan::main();
}

fn pages() -> &'static [(String, String)] {
    static PAGES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/graph-docs/v1.0");
        let mut pages = Vec::new();
        for folder in ["resources", "api"] {
            let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .collect();
            files.sort();
            pages.extend(files.into_iter().filter_map(|p| {
                let text = std::fs::read_to_string(&p).ok()?;
                Some((
                    format!("{folder}/{}", p.file_name()?.to_string_lossy()),
                    text,
                ))
            }));
        }
        pages
    })
}

#[divan::bench(sample_count = 20)]
fn pulldown_cmark_events_only() -> usize {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH;
    pages()
        .iter()
        .map(|(_, text)| Parser::new_ext(text, options).into_offset_iter().count())
        .sum()
}

#[divan::bench(sample_count = 20)]
fn ir_pipeline() -> usize {
    let ir = graphgen::ir_from_sources(pages().iter().map(|(p, t)| (p.as_str(), t.as_str())));
    ir.types.len() + ir.operations.len()
}

#[divan::bench(sample_count = 10)]
fn ir_pipeline_single_thread() -> usize {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    let pool = POOL.get_or_init(|| rayon::ThreadPoolBuilder::new().num_threads(1).build().ok());
    let run = || {
        let ir = graphgen::ir_from_sources(pages().iter().map(|(p, t)| (p.as_str(), t.as_str())));
        ir.types.len() + ir.operations.len()
    };
    match pool {
        Some(pool) => pool.install(run),
        None => run(),
    }
}

#[divan::bench(sample_count = 10)]
fn stage_page_structure() -> usize {
    pages()
        .iter()
        .map(|(p, t)| graphgen::page::parse_page(p, t).blocks.len())
        .sum()
}

#[divan::bench(sample_count = 10)]
fn stage_extract() -> usize {
    let mut diags = Vec::new();
    pages()
        .iter()
        .map(|(p, t)| {
            graphgen::extract::extract_page(&graphgen::page::parse_page(p, t), &mut diags)
                .types
                .len()
        })
        .sum()
}

#[divan::bench(sample_count = 10)]
fn stage_resolve(bencher: divan::Bencher) {
    let mut diags = Vec::new();
    let decls: Vec<_> = pages()
        .iter()
        .map(|(p, t)| {
            graphgen::extract::extract_page(&graphgen::page::parse_page(p, t), &mut diags)
        })
        .collect();
    bencher.bench(|| graphgen::resolve::resolve(&decls, Vec::new()).types.len());
}
