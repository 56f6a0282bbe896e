//! `graphgen explain`: every code the source can emit has an entry, every
//! entry's example page triggers its code when run as the entry says, and
//! the README's table of codes is the catalog's.

use graphgen::explain::{codes_table, entries, Entry};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every string constant inside a `pub mod codes { ... }` of the source:
/// the codes the tool can emit.
fn codes_in_source() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![source_dir()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let Some(at) = text.find("pub mod codes {") else {
                continue;
            };
            for line in text[at..].lines().skip(1) {
                if line.starts_with('}') {
                    break;
                }
                if let Some((_, value)) = line.split_once("&str = \"") {
                    out.insert(value.trim_end_matches("\";").to_string());
                }
            }
        }
    }
    out
}

#[test]
fn every_code_has_an_entry_and_every_entry_is_a_code() {
    let source = codes_in_source();
    assert!(source.len() > 90, "{source:?}");
    let catalog: BTreeSet<String> = entries().iter().map(|e| e.code.to_string()).collect();
    let missing: Vec<&String> = source.difference(&catalog).collect();
    assert!(missing.is_empty(), "codes with no explanation: {missing:?}");
    let stray: Vec<&String> = catalog.difference(&source).collect();
    assert!(stray.is_empty(), "explanations of no code: {stray:?}");
}

#[test]
fn every_entry_says_what_it_means_how_to_trigger_it_and_how_to_fix_it() {
    for e in entries() {
        assert!(
            ["error", "warning", "note"].contains(&e.severity),
            "{}: level `{}`",
            e.code,
            e.severity
        );
        assert!(!e.commands.is_empty() && !e.summary.is_empty(), "{e:?}");
        assert!(!e.fix.is_empty(), "{}: no Fix", e.code);
        assert!(
            e.run.is_some() != e.no_page.is_some(),
            "{}: needs a Run line or a `No page triggers it` line",
            e.code
        );
        assert!(
            e.run.is_none() || !e.files.is_empty(),
            "{}: Run without pages",
            e.code
        );
    }
}

/// Writes the entry's files and runs its command with `--format json`:
/// stdout and stderr together.
fn run(entry: &Entry, dir: &Path) -> String {
    let folder = |role: &str| dir.join(role);
    for f in &entry.files {
        let path = match f.role {
            "csdl" => dir.join("metadata.xml"),
            role => folder(role).join(f.name),
        };
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &f.text).unwrap();
    }
    for role in ["page", "old", "new"] {
        std::fs::create_dir_all(folder(role)).unwrap();
    }
    let line = entry.run.unwrap();
    let args: Vec<String> = line
        .split_whitespace()
        .skip(1) // `graphgen`
        .map(|a| {
            a.replace("{pages}", &folder("page").display().to_string())
                .replace("{old}", &folder("old").display().to_string())
                .replace("{new}", &folder("new").display().to_string())
                .replace("{csdl}", &dir.join("metadata.xml").display().to_string())
                .replace("{out}", &dir.join("out").display().to_string())
        })
        .collect();
    let out = Command::new(env!("CARGO_BIN_EXE_graphgen"))
        .args(&args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The severities of the JSON objects of the output that carry the code.
fn severities(output: &str, code: &str) -> BTreeSet<String> {
    fn walk(v: &serde_json::Value, code: &str, out: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::Object(o) => {
                if o.get("code").and_then(|c| c.as_str()) == Some(code) {
                    if let Some(s) = o.get("severity").and_then(|s| s.as_str()) {
                        out.insert(s.to_string());
                    }
                }
                o.values().for_each(|x| walk(x, code, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, code, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for chunk in output.split("\n\n") {
        let values = serde_json::Deserializer::from_str(chunk).into_iter::<serde_json::Value>();
        for v in values.map_while(Result::ok) {
            walk(&v, code, &mut out);
        }
    }
    out
}

#[test]
fn every_example_triggers_its_code() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for e in entries().iter().filter(|e| e.run.is_some()) {
        let dir = tempfile::tempdir().unwrap();
        let output = run(e, dir.path());
        ran += 1;
        if !output.contains(&format!("\"code\": \"{}\"", e.code)) {
            failures.push(format!("{}:\n{output}", e.code));
        }
        // The level the catalog gives is one the finding has.
        let levels = severities(&output, e.code);
        if !levels.is_empty() && !levels.contains(e.severity) {
            failures.push(format!("{}: at {levels:?}, not {}", e.code, e.severity));
        }
    }
    assert!(ran > 80, "only {ran} examples run");
    assert!(
        failures.is_empty(),
        "{} examples do not trigger their code:\n{}",
        failures.len(),
        failures.join("\n---\n")
    );
}

#[test]
fn the_readme_table_of_codes_is_the_catalogs() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .unwrap();
    let begin = "<!-- codes:begin (graphgen explain --table) -->\n";
    let end = "<!-- codes:end -->";
    let from = readme.find(begin).expect("README has the table's markers") + begin.len();
    let to = readme[from..].find(end).expect("end marker") + from;
    assert_eq!(
        &readme[from..to],
        codes_table(),
        "README's table of codes is stale: paste `graphgen explain --table` between the markers"
    );
}
