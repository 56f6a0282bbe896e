//! A crate of generated models and a program that reads JSON examples into
//! their types and writes them back: what the corpus tests compile and run.

use crate::corpus::Example;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

pub const MANIFEST: &str = r#"[package]
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
pub fn roundtrip_program(arms: &str) -> String {
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

/// Writes a crate's manifest (the runtime by path) and the workspace's lock.
pub fn write_manifest(dir: &Path, name: &str) {
    std::fs::create_dir_all(dir.join("src/bin")).expect("crate folder");
    let runtime = crate::workspace()
        .join("runtime")
        .canonicalize()
        .expect("runtime");
    let manifest = MANIFEST
        .replace("RUNTIME", &runtime.display().to_string())
        .replace("corpus-models", name);
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    std::fs::copy(
        crate::workspace().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .expect("lock");
}

/// `cargo check` of the crate's library with these arguments: its warnings
/// and errors (empty when clean), or the whole output when it failed.
pub fn check_problems(dir: &Path, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["check", "--lib", "--message-format", "short"];
    args.extend_from_slice(extra);
    let check = crate::cargo_offline(dir, &args);
    let stderr = String::from_utf8_lossy(&check.stderr).into_owned();
    let problems: Vec<String> = stderr
        .lines()
        .filter(|l| {
            l.starts_with("warning")
                || l.starts_with("error")
                || l.contains(": warning")
                || l.contains(": error")
        })
        .map(str::to_string)
        .collect();
    match (check.status.success(), problems.is_empty()) {
        (true, true) => Vec::new(),
        (true, false) => problems,
        (false, _) => vec![stderr],
    }
}

/// Reads each example as its type through the crate (named `krate` in Rust)
/// and returns, for each, `{"back", "misfits"}` or `{"error", "path"}`.
pub fn round_trip(
    dir: &Path,
    krate: &str,
    examples: &[Example],
    paths: &BTreeMap<String, graphgen::emit::RustPath>,
) -> Vec<Value> {
    let used: std::collections::BTreeSet<String> = examples
        .iter()
        .map(|e| e.odata_type.to_ascii_lowercase())
        .collect();
    let arms: String = used
        .iter()
        .filter_map(|t| Some((t, paths.get(t)?)))
        .map(|(t, p)| {
            format!(
                "        {t:?} => run::<{krate}::{}>(text),\n",
                p.poly.as_ref().unwrap_or(&p.plain)
            )
        })
        .collect();
    std::fs::write(dir.join("src/bin/roundtrip.rs"), roundtrip_program(&arms)).expect("program");
    let cases: Vec<(String, String)> = examples
        .iter()
        .map(|e| (e.odata_type.to_ascii_lowercase(), e.json.to_string()))
        .collect();
    std::fs::write(
        dir.join("cases.json"),
        serde_json::to_string(&cases).unwrap_or_default(),
    )
    .expect("cases");
    let build = crate::cargo_offline(dir, &["build", "--bin", "roundtrip"]);
    assert!(
        build.status.success(),
        "round-trip program does not build:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let run = Command::new(dir.join("target/debug/roundtrip"))
        .arg(dir.join("cases.json"))
        .arg(dir.join("results.json"))
        .output()
        .expect("round-trip program runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(dir.join("results.json")).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_default()
}
