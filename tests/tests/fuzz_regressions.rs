//! Every input the `models_json` fuzz target failed on, run on stable.

#[path = "support/models_json.rs"]
mod models_json;

#[test]
fn models_json_inputs_that_failed_the_fuzzer() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz-regressions/models_json");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        models_json::check(&std::fs::read(entry.path()).unwrap());
        seen += 1;
    }
    assert!(seen > 0, "no regression inputs found");
}
