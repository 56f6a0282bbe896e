//! Every input a fuzz target crashed on, run on stable through the same
//! stages as the target (`fuzz/fuzz_targets/pages.rs`): none may panic.

#[path = "support/arbitrary_ir.rs"]
mod arbitrary_ir;

use std::path::Path;

/// The `pages` target's stages: pages split at form feeds, read, resolved, linted.
fn read_pages(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let pages: Vec<(String, &str)> = text
        .split('\u{c}')
        .take(6)
        .enumerate()
        .map(|(i, page)| {
            (
                if i % 2 == 0 {
                    format!("p{i}.md")
                } else {
                    format!("api/p{i}.md")
                },
                page,
            )
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

#[test]
fn pages_inputs_that_crashed_the_fuzzer() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions/pages");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        read_pages(&std::fs::read(entry.path()).unwrap());
        seen += 1;
    }
    assert!(seen > 0, "no regression inputs found");
}

#[test]
fn emit_inputs_that_crashed_the_fuzzer() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions/emit");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let data = std::fs::read(entry.path()).unwrap();
        let mut u = arbitrary::Unstructured::new(&data);
        if let Ok(mut ir) = arbitrary_ir::ir(&mut u) {
            ir.normalize();
            arbitrary_ir::check_emit(&ir);
        }
        seen += 1;
    }
    assert!(seen > 0, "no regression inputs found");
}
