//! Arbitrary JSON into the generated models of docs-input (see
//! `tests/tests/support/models_json.rs`).
#![no_main]

#[path = "../../tests/tests/support/models_json.rs"]
mod models_json;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| models_json::check(data));
