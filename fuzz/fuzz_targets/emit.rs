//! An arbitrary IR (see `codegen/tests/support/arbitrary_ir.rs`) → emitted
//! Rust that syn parses, byte-identical when emitted twice.
#![no_main]

#[path = "../../codegen/tests/support/arbitrary_ir.rs"]
mod arbitrary_ir;

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(mut ir) = arbitrary_ir::ir(&mut u) else { return };
    ir.normalize();
    arbitrary_ir::check_emit(&ir);
});
