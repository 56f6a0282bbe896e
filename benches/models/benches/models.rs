//! Reading a 10,000-item `value` page of `user` into the generated type,
//! beside reading the same bytes into `serde_json::Value`, for the docs'
//! example user (11 properties) and for a user with every documented
//! property set; and the time
//! `cargo check` takes on the whole v1.0 models crate, with its calls, with
//! the `users` area feature alone, and for `--type microsoft.graph.user`.
//! Run: `cargo bench -p graphgen-bench`; `-- read_10k_users` for the sparse
//! reads alone. The sparse figures depend on what ran before them in the
//! process: once the large "full user" pages are freed, glibc raises its
//! mmap threshold and later large buffers come from the heap, which helps
//! the `Value` read most (fresh process: typed 12.5 ms, `Value` 17.8 ms;
//! after the full-user benches: 14.0 ms and 13.4 ms).

use graphgen_runtime::serde_json::{self, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A user as the API pages show one (the longest `user` response example),
/// repeated 10,000 times in a `value` page.
fn page() -> &'static [u8] {
    static PAGE: OnceLock<Vec<u8>> = OnceLock::new();
    PAGE.get_or_init(|| {
        let api = workspace().join("../shared/graph-docs/v1.0/api/user-get.md");
        let text = std::fs::read_to_string(api).unwrap_or_default();
        let user = text
            .split("```")
            .filter_map(|block| block.find('{').map(|i| &block[i..]))
            .filter_map(|json| serde_json::from_str::<Value>(json).ok())
            .filter(|v| v.get("displayName").is_some())
            .max_by_key(|v| v.to_string().len())
            .unwrap_or_else(|| serde_json::json!({"id": "1", "displayName": "Adele Vance", "businessPhones": ["+1 425 555 0109"]}));
        let items: Vec<Value> = (0..10_000)
            .map(|i| {
                let mut u = user.clone();
                u["id"] = Value::String(format!("user-{i}"));
                u
            })
            .collect();
        serde_json::to_vec(&serde_json::json!({ "value": items })).unwrap_or_default()
    })
}

/// A user with every documented property set (what `$select` of all of them
/// returns), values made from the property types of the v1.0 pages.
fn full_page() -> &'static [u8] {
    static PAGE: OnceLock<Vec<u8>> = OnceLock::new();
    PAGE.get_or_init(|| {
        let ir =
            graphgen::ir_from_paths(&[workspace().join("../shared/graph-docs/v1.0/resources")]);
        let mut user = serde_json::Map::new();
        let mut next = ir.find("microsoft.graph.user");
        let mut hops = 0;
        while let (Some(t), true) = (next, hops < 16) {
            for p in t.properties.iter().filter(|p| !p.navigation) {
                let one = match p.type_name.as_str() {
                    "Edm.String" => serde_json::json!("value"),
                    "Edm.Boolean" => serde_json::json!(true),
                    "Edm.Int32" | "Edm.Int64" | "Edm.Int16" | "Edm.Byte" => serde_json::json!(1),
                    "Edm.Double" | "Edm.Single" | "Edm.Decimal" => serde_json::json!(1.5),
                    "Edm.DateTimeOffset" => serde_json::json!("2021-07-16T09:30:00Z"),
                    "Edm.Date" => serde_json::json!("2021-07-16"),
                    "Edm.TimeOfDay" => serde_json::json!("09:30:00"),
                    "Edm.Duration" => serde_json::json!("PT1H"),
                    "Edm.Guid" => serde_json::json!("0f8fad5b-d9cb-469f-a165-70867728950e"),
                    "Edm.Binary" => serde_json::json!("aGVsbG8="),
                    other => match ir.find(other) {
                        Some(e) if !e.members.is_empty() => serde_json::json!(e.members[0].name),
                        Some(_) => serde_json::json!({}),
                        None => continue,
                    },
                };
                let value = if p.collection {
                    serde_json::json!([one])
                } else {
                    one
                };
                user.entry(p.name.clone()).or_insert(value);
            }
            next = t.base_type.as_deref().and_then(|b| ir.find(b));
            hops += 1;
        }
        let items: Vec<Value> = (0..10_000).map(|_| Value::Object(user.clone())).collect();
        serde_json::to_vec(&serde_json::json!({ "value": items })).unwrap_or_default()
    })
}

#[derive(graphgen_runtime::serde::Deserialize)]
#[serde(crate = "graphgen_runtime::serde")]
#[allow(dead_code)]
struct Users<T> {
    value: Vec<T>,
}

type Page = graphgen_runtime::CollectionPage<graphgen_bench::microsoft_graph::User>;

/// What a user reads a list response into: the runtime's page type.
#[cfg(corpus)]
#[divan::bench(sample_count = 20)]
fn read_10k_users_typed() -> usize {
    let users: Page = serde_json::from_slice(divan::black_box(page())).unwrap_or_default();
    assert_eq!(users.value.len(), 10_000);
    users.value.len()
}

/// The same with the strict models (no misfit is kept: an error instead).
#[cfg(corpus)]
#[divan::bench(sample_count = 20)]
fn read_10k_users_typed_strict() -> usize {
    let users: graphgen_runtime::CollectionPage<graphgen_bench::strict::microsoft_graph::User> =
        serde_json::from_slice(divan::black_box(page())).unwrap_or_default();
    assert_eq!(users.value.len(), 10_000);
    users.value.len()
}

#[cfg(corpus)]
#[divan::bench(sample_count = 20)]
fn read_10k_full_users_typed_strict() -> usize {
    let users: Users<graphgen_bench::strict::microsoft_graph::User> =
        serde_json::from_slice(divan::black_box(full_page()))
            .unwrap_or(Users { value: Vec::new() });
    assert_eq!(users.value.len(), 10_000);
    users.value.len()
}

/// The same into a plain `Vec` (serde's doubling growth).
#[cfg(corpus)]
#[divan::bench(sample_count = 20)]
fn read_10k_users_typed_plain_vec() -> usize {
    let users: Users<graphgen_bench::microsoft_graph::User> =
        serde_json::from_slice(divan::black_box(page())).unwrap_or(Users { value: Vec::new() });
    users.value.len()
}

#[cfg(corpus)]
#[divan::bench(sample_count = 20)]
fn read_10k_full_users_typed() -> usize {
    let users: Users<graphgen_bench::microsoft_graph::User> =
        serde_json::from_slice(divan::black_box(full_page()))
            .unwrap_or(Users { value: Vec::new() });
    assert_eq!(users.value.len(), 10_000);
    users.value.len()
}

#[cfg(corpus)]
#[divan::bench(sample_count = 20)]
fn read_10k_full_users_as_value() -> usize {
    let users: Value = serde_json::from_slice(divan::black_box(full_page())).unwrap_or(Value::Null);
    users["value"].as_array().map_or(0, Vec::len)
}

#[divan::bench(sample_count = 20)]
fn read_10k_users_as_value() -> usize {
    let users: Value = serde_json::from_slice(divan::black_box(page())).unwrap_or(Value::Null);
    users["value"].as_array().map_or(0, Vec::len)
}

/// A crate of the whole v1.0 models (`resources`), or models and calls
/// (`v1.0`: resource and method pages), its dependencies built once;
/// `configure` adds a selection or area features.
fn check_crate(
    folder: &str,
    name: &str,
    configure: impl Fn(&mut graphgen::Config, &Path),
) -> Option<PathBuf> {
    let corpus = workspace().join("../shared/graph-docs").join(folder);
    if !corpus.is_dir() {
        return None;
    }
    let dir = workspace().join("target").join(name);
    let runtime = workspace().join("runtime").canonicalize().ok()?;
    std::fs::create_dir_all(dir.join("src")).ok()?;
    let manifest = format!("[package]\nname = \"check-models\"\nversion = \"0.0.0\"\nedition = \"2021\"\n[dependencies]\ngraphgen-runtime = {{ path = {:?} }}\n[workspace]\n", runtime.display().to_string());
    std::fs::write(dir.join("Cargo.toml"), manifest).ok()?;
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).ok()?;
    let mut config = graphgen::Config::new();
    config
        .input(&corpus)
        .out_dir(dir.join("src"))
        .include_file("lib.rs")
        .allow_page_errors(true)
        .rerun_if_changed(false);
    configure(&mut config, &dir);
    config.generate().ok()?;
    Some(dir)
}

fn cargo_check(dir: &Path, args: &[&str]) -> bool {
    Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .status()
        .is_ok_and(|s| s.success())
}

/// The whole v1.0 models crate (re-checked: the source rewritten unchanged).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn cargo_check_v1_models(bencher: divan::Bencher) {
    bench_check(
        bencher,
        "v1.0/resources",
        "bench-check-models",
        |_, _| {},
        &[],
    );
}

/// The instructions of one incremental re-check of the whole v1.0 models
/// crate, counted by callgrind: unlike wall time on a shared machine, the
/// count repeats to 0.01%, so it tells a small change in the generated code
/// from noise. Runs with `GRAPHGEN_CALLGRIND=1` and valgrind installed
/// (about a minute); the figure is printed, the bench times nothing else.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn callgrind_check_v1_models() {
    if std::env::var_os("GRAPHGEN_CALLGRIND").is_none() {
        eprintln!("callgrind_check_v1_models: set GRAPHGEN_CALLGRIND=1 (needs valgrind) to count");
        return;
    }
    let Some(dir) = check_crate("v1.0/resources", "bench-check-models", |_, _| {}) else {
        eprintln!("!!! ../shared is missing: no callgrind figure !!!");
        return;
    };
    match recheck_instructions(&dir) {
        Some(count) => eprintln!("callgrind_check_v1_models: {count} instructions"),
        None => eprintln!("callgrind_check_v1_models: valgrind or the rustc line was not found"),
    }
}

/// Checks the crate once (verbose, to learn cargo's `rustc` line), then runs
/// that line again under callgrind: an incremental re-check.
fn recheck_instructions(dir: &Path) -> Option<u64> {
    rewrite_lib(dir);
    let out = Command::new(env!("CARGO"))
        .args(["check", "--offline", "-v"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .ok()?;
    let log = String::from_utf8_lossy(&out.stderr);
    let line = log
        .lines()
        .find(|l| l.contains("Running `") && l.contains("--crate-name check_models"))?;
    let rustc = line
        .split_once("Running `")?
        .1
        .trim_end()
        .strip_suffix('`')?;
    let run = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "valgrind --tool=callgrind --callgrind-out-file=/dev/null {rustc}"
        ))
        .current_dir(dir)
        .output()
        .ok()?;
    let report = String::from_utf8_lossy(&run.stderr);
    let collected = report.lines().find_map(|l| l.split_once("Collected : "))?.1;
    collected.trim().parse().ok()
}

/// The same with the calls of the 2,102 method pages beside the models.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn cargo_check_v1_models_and_calls(bencher: divan::Bencher) {
    bench_check(bencher, "v1.0", "bench-check-calls", |_, _| {}, &[]);
}

/// The v1.0 models with area features, only `users` enabled.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn cargo_check_v1_users_feature(bencher: divan::Bencher) {
    let args = ["--no-default-features", "--features", "users"];
    bench_check(
        bencher,
        "v1.0/resources",
        "bench-check-areas",
        |c, dir| {
            // Area features need the manifest's [features]: graphgen writes them.
            c.cargo_toml(dir.join("Cargo.toml"));
        },
        &args,
    );
}

/// `--type microsoft.graph.user`, navigation left out.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn cargo_check_v1_user_type(bencher: divan::Bencher) {
    bench_check(
        bencher,
        "v1.0/resources",
        "bench-check-user",
        |c, _| {
            c.r#type("microsoft.graph.user");
        },
        &[],
    );
}

fn bench_check(
    bencher: divan::Bencher,
    folder: &str,
    name: &str,
    configure: impl Fn(&mut graphgen::Config, &Path),
    args: &[&str],
) {
    let Some(dir) = check_crate(folder, name, configure) else {
        eprintln!("!!! ../shared is missing: no cargo check benchmark !!!");
        return;
    };
    assert!(cargo_check(&dir, args));
    bencher.bench(|| {
        rewrite_lib(&dir);
        assert!(cargo_check(&dir, args));
    });
}

/// Rewrites the crate root unchanged: a changed source file makes cargo
/// check the models crate again.
fn rewrite_lib(dir: &Path) {
    let lib = dir.join("src/lib.rs");
    if let Ok(text) = std::fs::read_to_string(&lib) {
        std::fs::write(&lib, text).ok();
    }
}
