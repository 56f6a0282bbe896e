//! The `models_json` fuzz target's check, shared by path with `fuzz/` and
//! run on stable by the regression test: arbitrary JSON into the generated
//! models of docs-input never panics, and what reads writes back and reads
//! again to the same text.

use graphgen_models::microsoft_graph::{Book, Folder, LibraryItemKind, PlayPromptOperation};
use graphgen_runtime::serde::de::DeserializeOwned;
use graphgen_runtime::serde::Serialize;
use graphgen_runtime::serde_json;
use graphgen_runtime::CollectionPage;

/// Compared as written text: a `NaN` read is kept, and is not equal to itself.
fn round_trip<T: DeserializeOwned + Serialize>(text: &str) {
    let Ok(first) = serde_json::from_str::<T>(text) else {
        return;
    };
    let written = serde_json::to_string(&first).expect("a read value writes");
    let second: T = serde_json::from_str(&written).expect("what was written reads again");
    let again = serde_json::to_string(&second).expect("it writes again");
    assert_eq!(written, again);
}

pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    round_trip::<Book>(text);
    round_trip::<LibraryItemKind>(text);
    round_trip::<Folder>(text);
    round_trip::<PlayPromptOperation>(text);
    round_trip::<CollectionPage<LibraryItemKind>>(text);
}
