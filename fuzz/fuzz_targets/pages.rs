//! Bytes → pages → page structure → declarations → resolved IR → lint,
//! several pages at once (split at form feeds) so that links, duplicate
//! types and inheritance cycles between pages are exercised. Never a panic,
//! never a hang: every problem is a diagnostic.
#![no_main]

#[path = "../../codegen/tests/support/fuzz_pages.rs"]
mod fuzz_pages;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_pages::read_pages(data));
