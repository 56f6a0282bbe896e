//! Bytes → pages → page structure → declarations → resolved IR, with
//! several pages at once (split at form feeds) so that links, duplicate
//! types and inheritance cycles between pages are exercised. Never a panic,
//! never a hang: every problem is a diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let pages: Vec<(String, &str)> = text
        .split('\u{c}')
        .take(6)
        .enumerate()
        .map(|(i, page)| {
            // Pages in a folder of their own and at the root, as the corpus has.
            let path = if i % 2 == 0 { format!("p{i}.md") } else { format!("api/p{i}.md") };
            (path, page)
        })
        .collect();
    // The stages one by one, on this thread (the pipeline's parallel join
    // adds nothing to find here and costs executions).
    let mut diags = Vec::new();
    let parsed: Vec<_> = pages.iter().map(|(p, t)| graphgen::page::parse_page(p, t)).collect();
    let decls: Vec<_> = parsed.iter().map(|page| graphgen::extract::extract_page(page, &mut diags)).collect();
    let ir = graphgen::resolve::resolve(&decls, diags);
    let _ = ir.to_json();
    let _ = graphgen::drift::lint::lint(&decls, &ir, &Default::default());
});
