//! Over the whole v1.0 corpus: the generated models crate compiles with no
//! error and no warning, and the API pages' response examples read into
//! their types and write back equal (up to spellings of the same value).

use graphgen_tests::corpus::{examples, placeholder, value_at};
use graphgen_tests::roundtrip::{check_problems, round_trip, write_manifest};
use graphgen_tests::{first_difference, shared_dir, workspace};
use serde_json::json;
use std::collections::BTreeMap;
use std::process::Command;

#[test]
fn whole_v1_corpus_compiles_and_round_trips_the_api_examples() {
    let Some(shared) = shared_dir("whole_v1_corpus_compiles_and_round_trips_the_api_examples")
    else {
        return;
    };
    let resources = shared.join("graph-docs/v1.0/resources");
    let dir = workspace().join("target/corpus-models");
    write_manifest(&dir, "corpus-models");

    // 1. Generate and check: zero errors, zero warnings.
    let generated = graphgen::Config::new()
        .input(&resources)
        .out_dir(dir.join("src"))
        .include_file("lib.rs")
        .allow_page_errors(true)
        .rerun_if_changed(false)
        .generate()
        .expect("generation");
    eprintln!(
        "generated {} files ({} written)",
        generated.files.written.len() + generated.files.unchanged.len(),
        generated.files.written.len()
    );
    let problems = check_problems(&dir, &[]);
    assert!(
        problems.is_empty(),
        "the v1.0 models crate does not check cleanly:\n{}",
        problems.join("\n")
    );
    // The doc comments are valid rustdoc: intra-doc links resolve, no bare URLs.
    let doc = Command::new(env!("CARGO"))
        .args(["doc", "--offline", "--no-deps", "--lib"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        doc.status.success(),
        "rustdoc rejects the generated docs:\n{}",
        String::from_utf8_lossy(&doc.stderr)
    );

    // 2. Round-trip every typed response example.
    let ir = graphgen::ir_from_paths(&[resources]);
    let paths: BTreeMap<String, graphgen::emit::RustPath> = graphgen::emit::rust_paths(&ir)
        .into_iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect();
    let found = examples(&shared.join("graph-docs/v1.0/api"), |t| {
        paths.contains_key(&t.to_ascii_lowercase())
    });
    let results = round_trip(&dir, "corpus_models", &found.typed, &paths);
    let mut read = 0;
    let mut not_equal = Vec::new();
    let mut misfits = Vec::new();
    let mut failures: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (example, result) in found.typed.iter().zip(&results) {
        if let Some(back) = result.get("back") {
            read += 1;
            for m in result["misfits"].as_array().into_iter().flatten() {
                misfits.push(format!(
                    "{} ({}) at {}: not {}",
                    example.page,
                    example.odata_type,
                    m["path"].as_str().unwrap_or(""),
                    m["expected"].as_str().unwrap_or("")
                ));
            }
            if let Some(diff) = first_difference(&example.json, back, "$") {
                not_equal.push(format!("{} ({}): {diff}", example.page, example.odata_type));
            }
            continue;
        }
        let path = result["path"].as_str().unwrap_or("");
        let reason = result["error"].as_str().unwrap_or("");
        // Inside a polymorphic form the path stops at the object; the
        // runtime's messages quote the value that failed.
        let quoted = reason.split('`').nth(1).map(|v| json!(v));
        let value = match value_at(&example.json, path) {
            Some(v) if !v.is_object() => v.clone(),
            other => quoted.or(other.cloned()).unwrap_or(json!(null)),
        };
        let kind = if placeholder(&value) {
            "placeholder in the page"
        } else {
            "value not of the documented type"
        };
        failures.entry(kind).or_default().push(format!(
            "{} ({}) at {path}: {reason} [value {value}]",
            example.page, example.odata_type
        ));
    }
    let total = found.typed.len();
    eprintln!(
        "API examples: {} invalid JSON skipped, {} of types with no model, {total} typed; {read} deserialized ({:.1}%), {} came back equal",
        found.invalid_json,
        found.untyped,
        100.0 * read as f64 / total.max(1) as f64,
        read - not_equal.len()
    );
    for (kind, list) in &failures {
        eprintln!("-- {} failures: {kind}", list.len());
        for line in list {
            eprintln!("   {line}");
        }
    }
    // The values that did not fit, kept and written back: the drift that
    // lint reports as example-versus-type findings.
    eprintln!("-- {} misfits kept (page, type, JSON path)", misfits.len());
    for line in &misfits {
        eprintln!("   {line}");
    }
    assert!(
        not_equal.is_empty(),
        "examples that deserialize must come back equal:\n{}",
        not_equal.join("\n")
    );
    assert!(total > 1000, "only {total} typed examples found");
    // Lenient reads: every example whose JSON is valid reads.
    assert_eq!(read, total, "examples that do not read:\n{failures:#?}");
    assert!(
        !misfits.is_empty(),
        "the corpus has known misfits; none were kept"
    );
}
