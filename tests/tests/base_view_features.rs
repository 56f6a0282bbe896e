//! The base view of a polymorphic value whatever area features are on: a
//! program against the committed models crate built without the `library`
//! feature reads a list of entities of several derived types, one of which
//! (`book`) then has no variant, and reads their `id` through `base()` and
//! through `Deref`; the list is written back unchanged. With `library` on,
//! the same program compiles unchanged and the book has its variant.

use graphgen_tests::{cargo_offline, workspace};
use serde_json::{json, Value};

const PROGRAM: &str = r###"use graphgen_models::microsoft_graph::EntityKind;
use graphgen_runtime::serde_json::{self, json, Value};

fn main() {
    let text = r##"[
        {"@odata.type": "#microsoft.graph.driveItem", "id": "d1", "name": "a.txt"},
        {"@odata.type": "#microsoft.graph.book", "id": "b1", "title": "Dune", "pageCount": 412},
        {"id": "e1"}
    ]"##;
    let items: Vec<EntityKind> = serde_json::from_str(text).expect("read");
    let ids: Vec<Option<String>> = items.iter().map(|i| i.base().id.as_ref().cloned()).collect();
    let through_deref: Vec<Option<String>> = items.iter().map(|i| i.id.as_ref().cloned()).collect();
    let kinds: Vec<&str> = items
        .iter()
        .map(|i| match i {
            EntityKind::Entity(_) => "entity",
            EntityKind::DriveItem(_) => "driveItem",
            _ => "other",
        })
        .collect();
    let input: Value = serde_json::from_str(text).expect("json");
    let back = serde_json::to_value(&items).expect("write");
    let kept = items[1].additional_properties.get("pageCount");
    println!("{}", json!({"ids": ids, "deref": through_deref, "kinds": kinds, "same": back == input, "kept": kept}));
}
"###;

fn run(dir: &std::path::Path, features: &[&str]) -> Value {
    let mut args = vec!["run", "--quiet"];
    args.extend_from_slice(features);
    let out = cargo_offline(dir, &args);
    assert!(
        out.status.success(),
        "the program does not build or run with {features:?}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("warning"), "{stderr}");
    serde_json::from_slice(&out.stdout).expect("the program's JSON")
}

#[test]
fn the_base_view_holds_whatever_features_are_on() {
    let dir = workspace().join("target/base-view-features");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let path = |p: &str| workspace().join(p).canonicalize().unwrap();
    let manifest = format!(
        "[package]\nname = \"base-view-features\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\ngraphgen-models = {{ path = {:?}, default-features = false, features = [\"general\", \"files\"] }}\ngraphgen-runtime = {{ path = {:?} }}\n\n[workspace]\n",
        path("generated").display().to_string(),
        path("runtime").display().to_string(),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("src/main.rs"), PROGRAM).unwrap();

    let ids = json!(["d1", "b1", "e1"]);
    // Without `library`: the book reads as an entity, its own properties kept.
    let without = run(&dir, &[]);
    assert_eq!(without["kinds"], json!(["driveItem", "entity", "entity"]));
    assert_eq!(without["ids"], ids);
    assert_eq!(without["deref"], ids);
    assert_eq!(without["kept"], json!(412));
    assert_eq!(without["same"], json!(true));
    // With it: the book has its variant; the same reads hold.
    let with = run(&dir, &["--features", "graphgen-models/library"]);
    assert_eq!(with["kinds"], json!(["driveItem", "other", "entity"]));
    assert_eq!(with["ids"], ids);
    assert_eq!(with["deref"], ids);
    assert_eq!(with["kept"], Value::Null);
    assert_eq!(with["same"], json!(true));
}
