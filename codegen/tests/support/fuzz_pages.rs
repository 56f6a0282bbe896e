//! The `pages` fuzz target's stages, shared by path with `fuzz/` and run
//! on stable by the regression test: bytes split into pages at form feeds,
//! read, resolved and linted, on this thread.

pub fn read_pages(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let pages: Vec<(String, &str)> = text
        .split('\u{c}')
        .take(6)
        .enumerate()
        .map(|(i, page)| {
            // Pages at the root and in a folder of their own, as the corpus has.
            let path = if i % 2 == 0 {
                format!("p{i}.md")
            } else {
                format!("api/p{i}.md")
            };
            (path, page)
        })
        .collect();
    let mut diags = Vec::new();
    let parsed: Vec<_> = pages
        .iter()
        .map(|(p, t)| graphgen::page::parse_page(p, t))
        .collect();
    let decls: Vec<_> = parsed
        .iter()
        .map(|page| graphgen::extract::extract_page(page, &mut diags))
        .collect();
    let ir = graphgen::resolve::resolve(&decls, diags);
    let _ = ir.to_json();
    let _ = graphgen::drift::lint::lint(&decls, &ir, &Default::default());
}
