//! Over the whole v1.0 corpus: the generated models crate compiles with no
//! error and no warning, and the API pages' response examples read into
//! their types and write back equal (up to spellings of the same value).

use graphgen_tests::corpus::{examples, placeholder, value_at};
use graphgen_tests::{first_difference, shared_dir, workspace};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    graphgen_tests::cargo_offline(dir, args)
}

const MANIFEST: &str = r#"[package]
name = "corpus-models"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
graphgen-runtime = { path = "RUNTIME" }
serde_path_to_error = "0.1"

[workspace]
"#;

/// The round-trip program: reads (type, JSON) cases, writes back for each
/// either the re-serialized value or the error with its JSON path.
fn roundtrip_program(arms: &str) -> String {
    format!(
        r#"use graphgen_runtime::serde_json::{{self, json, Value}};
fn run<T: graphgen_runtime::serde::de::DeserializeOwned + graphgen_runtime::serde::Serialize + graphgen_runtime::CollectMisfits>(text: &str) -> Value {{
    let de = &mut serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, T>(de) {{
        Ok(v) => match serde_json::to_value(&v) {{
            Ok(back) => {{
                let misfits: Vec<Value> = v.all_misfits().into_iter().map(|(path, m)| json!({{"path": path, "expected": m.expected}})).collect();
                json!({{"back": back, "misfits": misfits}})
            }}
            Err(e) => json!({{"error": e.to_string(), "path": ""}}),
        }},
        Err(e) => json!({{"error": e.inner().to_string(), "path": e.path().to_string()}}),
    }}
}}
fn dispatch(odata_type: &str, text: &str) -> Value {{
    match odata_type {{
{arms}        _ => json!({{"error": "no such type", "path": ""}}),
    }}
}}
fn main() {{
    let args: Vec<String> = std::env::args().collect();
    let input = std::fs::read_to_string(&args[1]).expect("cases");
    let cases: Vec<(String, String)> = serde_json::from_str(&input).expect("cases json");
    let out: Vec<Value> = cases.iter().map(|(t, j)| dispatch(t, j)).collect();
    std::fs::write(&args[2], serde_json::to_string(&out).expect("json")).expect("write");
}}
"#
    )
}

#[test]
fn whole_v1_corpus_compiles_and_round_trips_the_api_examples() {
    let Some(shared) = shared_dir("whole_v1_corpus_compiles_and_round_trips_the_api_examples")
    else {
        return;
    };
    let resources = shared.join("graph-docs/v1.0/resources");
    let dir = workspace().join("target/corpus-models");
    std::fs::create_dir_all(dir.join("src/bin")).unwrap();
    let runtime = workspace().join("runtime").canonicalize().unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        MANIFEST.replace("RUNTIME", &runtime.display().to_string()),
    )
    .unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();

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
    let check = cargo(&dir, &["check", "--lib", "--message-format", "short"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            l.starts_with("warning")
                || l.starts_with("error")
                || l.contains(": warning")
                || l.contains(": error")
        })
        .collect();
    assert!(
        check.status.success() && problems.is_empty(),
        "the v1.0 models crate does not check cleanly:\n{stderr}"
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
    let used: std::collections::BTreeSet<String> = found
        .typed
        .iter()
        .map(|e| e.odata_type.to_ascii_lowercase())
        .collect();
    let arms: String = used
        .iter()
        .map(|t| {
            let p = &paths[t];
            format!(
                "        {t:?} => run::<corpus_models::{}>(text),\n",
                p.poly.as_ref().unwrap_or(&p.plain)
            )
        })
        .collect();
    std::fs::write(dir.join("src/bin/roundtrip.rs"), roundtrip_program(&arms)).unwrap();
    let cases: Vec<(String, String)> = found
        .typed
        .iter()
        .map(|e| (e.odata_type.to_ascii_lowercase(), e.json.to_string()))
        .collect();
    std::fs::write(
        dir.join("cases.json"),
        serde_json::to_string(&cases).unwrap(),
    )
    .unwrap();
    let build = cargo(&dir, &["build", "--bin", "roundtrip"]);
    assert!(
        build.status.success(),
        "round-trip program does not build:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let exe = dir.join("target/debug/roundtrip");
    let run = Command::new(&exe)
        .arg(dir.join("cases.json"))
        .arg(dir.join("results.json"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let results: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("results.json")).unwrap()).unwrap();

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
