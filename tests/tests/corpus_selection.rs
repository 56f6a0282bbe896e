//! Over the v1.0 corpus: a selected type's crate (`--type
//! microsoft.graph.user`, navigation left out) checks with no warning and
//! reads the corpus examples of its types; every product-area feature
//! compiles alone; emission is the same on one thread as on several.

use graphgen::emit::{emit, EmitOptions};
use graphgen::select::{select, Selection};
use graphgen_tests::corpus::examples;
use graphgen_tests::roundtrip::{check_problems, round_trip, write_manifest};
use graphgen_tests::{first_difference, shared_dir, workspace};
use std::collections::BTreeMap;

#[test]
fn the_user_selection_compiles_cleanly_and_reads_its_examples() {
    let Some(shared) = shared_dir("the_user_selection_compiles_cleanly_and_reads_its_examples")
    else {
        return;
    };
    let resources = shared.join("graph-docs/v1.0/resources");
    let dir = workspace().join("target/corpus-user-selection");
    write_manifest(&dir, "corpus-user");
    graphgen::Config::new()
        .input(&resources)
        .out_dir(dir.join("src"))
        .include_file("lib.rs")
        .r#type("microsoft.graph.user")
        .allow_page_errors(true)
        .rerun_if_changed(false)
        .generate()
        .expect("generation");
    let problems = check_problems(&dir, &[]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let ir = graphgen::ir_from_paths(&[resources]);
    let selection = Selection {
        types: vec!["microsoft.graph.user".into()],
        ..Selection::default()
    };
    let selected = select(&ir, &selection, &mut Vec::new()).ir;
    let count = selected.types.len();
    assert!(
        (20..200).contains(&count),
        "user without navigation is a few dozen types, not {count}"
    );
    let paths: BTreeMap<String, graphgen::emit::RustPath> = graphgen::emit::rust_paths(&selected)
        .into_iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect();
    let found = examples(&shared.join("graph-docs/v1.0/api"), |t| {
        paths.contains_key(&t.to_ascii_lowercase())
    });
    let results = round_trip(&dir, "corpus_user", &found.typed, &paths);
    let mut read = 0;
    for (example, result) in found.typed.iter().zip(&results) {
        let back = result.get("back").unwrap_or_else(|| {
            panic!(
                "{} ({}) does not read: {result}",
                example.page, example.odata_type
            )
        });
        read += 1;
        // Navigation properties left out are raw JSON: still written back.
        if let Some(diff) = first_difference(&example.json, back, "$") {
            panic!("{} ({}): {diff}", example.page, example.odata_type);
        }
    }
    eprintln!("--type microsoft.graph.user: {count} types; {read} corpus examples read and written back equal");
    assert!(read >= 20, "only {read} examples of the selection's types");
}

#[test]
fn every_area_feature_compiles_alone() {
    let Some(shared) = shared_dir("every_area_feature_compiles_alone") else {
        return;
    };
    let dir = workspace().join("target/corpus-area-features");
    write_manifest(&dir, "corpus-areas");
    // Resource and method pages: the models and the calls, each call
    // compiled when every type it uses is.
    let generated = graphgen::Config::new()
        .input(shared.join("graph-docs/v1.0"))
        .out_dir(dir.join("src"))
        .include_file("lib.rs")
        .cargo_toml(dir.join("Cargo.toml"))
        .allow_page_errors(true)
        .rerun_if_changed(false)
        .generate()
        .expect("generation");
    assert!(generated
        .files
        .written
        .iter()
        .chain(&generated.files.unchanged)
        .any(|f| f.ends_with("Cargo.toml")));
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let features: Vec<String> = manifest
        .split("[features]")
        .nth(1)
        .unwrap_or("")
        .lines()
        .filter_map(|l| l.split_once(" = []"))
        .map(|(name, _)| name.trim().to_string())
        .collect();
    assert!(features.len() > 20, "{manifest}");
    assert!(features.iter().any(|f| f == "users") && features.iter().any(|f| f == "outlook"));
    let mut sets: Vec<String> = features.clone();
    sets.push("users,outlook".into());
    for set in &sets {
        let problems = check_problems(&dir, &["--no-default-features", "--features", set]);
        assert!(
            problems.is_empty(),
            "feature `{set}` alone:\n{}",
            problems.join("\n")
        );
    }
    eprintln!(
        "{} area features each compile alone, and users+outlook together",
        features.len()
    );
}

#[test]
fn corpus_emission_is_the_same_on_one_thread_and_several() {
    let Some(shared) = shared_dir("corpus_emission_is_the_same_on_one_thread_and_several") else {
        return;
    };
    let ir = graphgen::ir_from_paths(&[shared.join("graph-docs/v1.0")]);
    let mut options = EmitOptions::new();
    options.area_features = true;
    let with = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| emit(&ir, &options).0)
    };
    let one = with(1);
    let several = with(3);
    assert_eq!(one.len(), several.len());
    for (a, b) in one.iter().zip(&several) {
        assert!(a == b, "{} differs between 1 and 3 threads", a.name);
    }
}
