//! Every input a fuzz target crashed on, run on stable through the same
//! stages as the target (`fuzz/fuzz_targets/pages.rs`): none may panic.

#[path = "support/arbitrary_ir.rs"]
mod arbitrary_ir;
#[path = "support/fuzz_pages.rs"]
mod fuzz_pages;

use std::path::Path;

#[test]
fn pages_inputs_that_crashed_the_fuzzer() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions/pages");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        fuzz_pages::read_pages(&std::fs::read(entry.path()).unwrap());
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
