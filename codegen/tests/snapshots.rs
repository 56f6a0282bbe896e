//! Snapshots of the emitted source for small IRs (reviewable diffs with
//! `cargo insta review`), and a compile test of the same source.

use graphgen::emit::{emit, EmitOptions, GeneratedFile};
use graphgen::ir_from_sources;
use std::process::Command;

const SEED: &str = include_str!("../../docs-input/playPromptOperation.md");
const RESULT_INFO: &str = include_str!("../../docs-input/resultInfo.md");

fn page(name: &str, base: Option<&str>, rows: &str, extra: &str) -> String {
    let base = base
        .map(|b| format!("  \"baseType\": \"microsoft.graph.{b}\",\n"))
        .unwrap_or_default();
    format!(
        "# {name} resource type\n\nA {name}.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n{extra}\n<!-- {{\n  \"blockType\": \"resource\",\n{base}  \"keyProperty\": \"id\",\n  \"@odata.type\": \"microsoft.graph.{name}\"\n}} -->\n```json\n{{}}\n```\n"
    )
}

fn render(files: &[GeneratedFile]) -> String {
    files
        .iter()
        .map(|f| format!("==> {} <==\n{}", f.name, f.contents))
        .collect::<Vec<_>>()
        .join("\n")
}

fn cases() -> Vec<(&'static str, Vec<GeneratedFile>)> {
    let options = EmitOptions::new();
    let seed = ir_from_sources([
        ("playPromptOperation.md", SEED),
        ("resultInfo.md", RESULT_INFO),
    ]);
    let enums_page = "# mood enum type\n\nMoods; these are flags.\n\n## Members\n\n| Member | Value | Description |\n|--|--|--|\n| none | 0 | No flags. |\n| happy | 1 | Happy. |\n| sad | 2 | Sad. |\n";
    let holder = page(
        "holder",
        None,
        "| id | String | Key. |\n| mood | [mood](mood.md) | |\n| state | [state](#state-values) | |\n| self | String | A keyword. |\n| type | String | Another. |",
        "### state values\n\n| Member |\n|--|\n| on |\n| off |\n| unknown |\n",
    );
    let enums = ir_from_sources([("mood.md", enums_page), ("holder.md", holder.as_str())]);
    let base = page("node", None, "| id | String | |\n| next | [node](node.md) | A recursive link. |\n| parent | [branch](branch.md) | |", "");
    let branch = page(
        "branch",
        Some("node"),
        "| children | [node](node.md) collection | Polymorphic. |",
        "",
    );
    let option = "# option resource type\n\n| Property | Type | Description |\n|--|--|--|\n| value | Int64 | |\n";
    let tree = ir_from_sources([
        ("node.md", base.as_str()),
        ("branch.md", branch.as_str()),
        ("option.md", option),
    ]);
    [
        ("seed", seed),
        ("enums", enums),
        ("tree", tree),
        ("hostile", hostile_names()),
    ]
    .into_iter()
    .map(|(name, ir)| (name, emit(&ir, &options).0))
    .collect()
}

/// Names that Rust, or the paths the generated code itself uses, could trip
/// over: keywords, std and runtime type names, the forward-compatible
/// variant's name, members that differ only by case or start with a digit,
/// and a namespace nested below another that has a type of the same name.
fn hostile_names() -> graphgen::ir::Ir {
    let page = |name: &str, ns: &str, rows: &str, extra: &str| {
        format!("# {name} resource type\n\nNamespace: {ns}\n\nA {name}.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n{extra}\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"{ns}.{name}\" }} -->\n```json\n{{}}\n```\n")
    };
    let g = "microsoft.graph";
    let pages = [
        ("self.md", page("self", g, "| type | String | |\n| self | String | |\n| Self | String | |\n| super | Int32 | |\n| crate | [self](self.md) | |\n| _x | Boolean | |\n| riskEventTypes_v2 | String | |", "")),
        ("string.md", page("string", g, "| option | [Option](option.md) | |\n| box | [Box](box.md) | |", "")),
        ("option.md", page("Option", g, "| some | [string](string.md) | |", "")),
        ("box.md", page("Box", g, "| inner | [Nullable](nullable.md) | |", "")),
        ("nullable.md", page("Nullable", g, "| a | [Unrecognized](unrecognized.md) | |", "")),
        ("unrecognized.md", page("Unrecognized", g, "| a | [serde](serde.md) | |", "")),
        ("serde.md", page("serde", g, "| a | [core](core.md) | |", "")),
        ("core.md", page("core", g, "| a | [std](std.md) | |", "")),
        ("std.md", page("std", g, "| a | String | |", "")),
        ("partners.md", page("partners", g, "| billing | [operation](operation.md) | |\n| kind | [weirdEnum](#weirdenum-values) | |", "### weirdEnum values\n\n|Member|Value|Description|\n|:--|:--|:--|\n|true|0||\n|1080p|1||\n|Unrecognized|2||\n|Focused|3||\n|focused|4||\n|self|5||\n|unknownFutureValue|6||\n")),
        ("operation.md", page("operation", "microsoft.graph.partners.billing", "| parent | [partners](partners.md) | |", "")),
    ];
    ir_from_sources(pages.iter().map(|(p, t)| (*p, t.as_str())))
}

#[test]
fn emitted_source_snapshots() {
    for (name, files) in cases() {
        insta::assert_snapshot!(name, render(&files));
    }
}

#[test]
fn emitted_source_is_deterministic() {
    let first: Vec<String> = cases().into_iter().map(|(_, f)| render(&f)).collect();
    let second: Vec<String> = cases().into_iter().map(|(_, f)| render(&f)).collect();
    assert_eq!(first, second);
}

#[test]
fn emitted_source_compiles_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let runtime = root.join("runtime").canonicalize().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!("[package]\nname = \"snapshots\"\nversion = \"0.0.0\"\nedition = \"2021\"\n[dependencies]\ngraphgen-runtime = {{ path = {:?} }}\n[workspace]\n", runtime.display().to_string()),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    let mut lib = String::new();
    for (name, files) in cases() {
        let sub = dir.path().join("src").join(name);
        std::fs::create_dir_all(&sub).unwrap();
        for f in files {
            std::fs::write(sub.join(&f.name), f.contents).unwrap();
        }
        lib.push_str(&format!(
            "pub mod {name} {{ include!(\"{name}/lib.rs\"); }}\n"
        ));
    }
    std::fs::write(dir.path().join("src/lib.rs"), lib).unwrap();
    let out = Command::new(env!("CARGO"))
        .args([
            "clippy",
            "--offline",
            "--message-format",
            "short",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", root.join("target/snapshot-check"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !stderr
            .lines()
            .any(|l| l.contains(": warning") || l.starts_with("warning")),
        "{stderr}"
    );
}
