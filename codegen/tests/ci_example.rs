//! `examples/ci/gate.sh`, the shell steps of the ready workflow, run
//! locally over two folders of pages as the workflow runs them.

use serde_sarif::sarif::Sarif;
use std::path::Path;
use std::process::Command;

const SEED_BEFORE: &str = include_str!("../../docs-input/playPromptOperation.md");
const RESULT_INFO: &str = include_str!("../../docs-input/resultInfo.md");

fn gate(dir: &Path) -> (Option<i32>, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/ci/gate.sh");
    let out = Command::new("bash")
        .arg(script)
        .args(["base/pages", "head/pages", "out"])
        .env("GRAPHGEN", env!("CARGO_BIN_EXE_graphgen"))
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

#[test]
fn the_gate_annotates_changed_pages_writes_sarif_and_a_changelog_and_fails_on_breaking() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for side in ["base", "head"] {
        write(d, &format!("{side}/pages/resultInfo.md"), RESULT_INFO);
    }
    write(d, "base/pages/playPromptOperation.md", SEED_BEFORE);
    // The pull request removes a property and adds a page with a problem.
    let after: String = SEED_BEFORE
        .lines()
        .filter(|l| !l.contains("createdDateTime"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(
        after, SEED_BEFORE,
        "the seed page changed: update this test"
    );
    write(d, "head/pages/playPromptOperation.md", &after);
    write(
        d,
        "head/pages/thing.md",
        "# thing resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n| id | String | Twice. |\n",
    );

    let (status, log) = gate(d);
    assert_eq!(status, Some(1), "a breaking change fails the gate:\n{log}");
    assert_eq!(
        read(d, "out/changed.txt"),
        "playPromptOperation.md\nthing.md\n"
    );
    let annotations = read(d, "out/annotations.txt");
    assert!(
        annotations.contains(
            "::warning file=head/pages/thing.md,line=10,col=1,title=duplicate-property::"
        ),
        "{annotations}"
    );
    assert!(!annotations.contains("resultInfo.md"), "{annotations}");
    for sarif in ["out/lint.sarif", "out/diff.sarif"] {
        let log: Sarif = serde_json::from_str(&read(d, sarif)).unwrap();
        assert!(
            !log.runs[0]
                .results
                .as_deref()
                .unwrap_or_default()
                .is_empty(),
            "{sarif}"
        );
    }
    let changelog = read(d, "out/changelog.md");
    assert!(
        changelog.contains("### Breaking changes (1)"),
        "{changelog}"
    );
    assert!(changelog.contains("`property-removed`"), "{changelog}");

    // A page with findings it had before and one it did not: only the new
    // one is annotated, wherever lines moved; the SARIF log keeps both.
    let old_page = "# thing resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n| id | String | Twice. |\n";
    write(d, "base/pages/thing.md", old_page);
    write(d, "head/pages/playPromptOperation.md", SEED_BEFORE);
    let new_page = old_page
        .replace("## Properties\n", "A thing, described.\n\n## Properties\n")
        .replace(
            "| Twice. |\n",
            "| Twice. |\n| size | Int32 | Size. |\n| size | Int32 | Again. |\n",
        );
    write(d, "head/pages/thing.md", &new_page);
    let (_, log) = gate(d);
    let annotations = read(d, "out/annotations.txt");
    assert_eq!(annotations.lines().count(), 1, "{annotations}\n{log}");
    assert!(
        annotations.contains("title=duplicate-property::property `size`"),
        "{annotations}"
    );
    let sarif: serde_json::Value = serde_json::from_str(&read(d, "out/lint.sarif")).unwrap();
    let states: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "duplicate-property")
        .map(|r| r["baselineState"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(states.len(), 2, "{states:?}");
    assert!(
        states.contains(&"new") && states.contains(&"unchanged"),
        "{states:?}"
    );
    std::fs::remove_file(d.join("base/pages/thing.md")).unwrap();

    // No change: the gate passes.
    write(d, "head/pages/playPromptOperation.md", SEED_BEFORE);
    std::fs::remove_file(d.join("head/pages/thing.md")).unwrap();
    let (status, log) = gate(d);
    assert_eq!(status, Some(0), "{log}");
    assert_eq!(read(d, "out/changed.txt"), "");
    assert!(read(d, "out/changelog.md").contains("no changes"));
}
