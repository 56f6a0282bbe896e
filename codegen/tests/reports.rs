//! Where reviewers look: SARIF (code scanning), GitHub annotations, and the
//! markdown changelog of `diff`, from the binary as CI runs it.

use serde_sarif::sarif::Sarif;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn graphgen(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_graphgen"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `../shared/graph-docs`, or `None` after saying loudly that it is skipped.
fn graph_docs(test: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/graph-docs");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("\n!!! SKIPPED {test}: ../shared/graph-docs is not beside the workspace !!!\n");
        None
    }
}

fn sarif(out: &Output) -> Sarif {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not a SARIF log ({e}):\n{}\n{}",
            stdout(out),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Checks a log: one rule per code used, each result with its file, line,
/// column, level and a unique fingerprint. Returns the number of results.
fn check_log(log: &Sarif) -> usize {
    assert_eq!(log.version, serde_json::json!("2.1.0"));
    let run = &log.runs[0];
    let rules: Vec<&str> = run
        .tool
        .driver
        .rules
        .iter()
        .flatten()
        .map(|r| r.id.as_str())
        .collect();
    let results = run.results.as_deref().unwrap_or_default();
    let used: BTreeSet<&str> = results
        .iter()
        .filter_map(|r| r.rule_id.as_deref())
        .collect();
    assert_eq!(rules.iter().copied().collect::<BTreeSet<_>>(), used);
    assert_eq!(rules.len(), used.len(), "one rule per code");
    for rule in run.tool.driver.rules.iter().flatten() {
        let help = rule.help.as_ref().map(|h| h.text.as_str()).unwrap_or("");
        assert!(
            help.contains("Fix:"),
            "rule {} has no help: {help}",
            rule.id
        );
    }
    let mut fingerprints = BTreeSet::new();
    for r in results {
        let location = &r.locations.as_ref().unwrap()[0];
        let physical = location.physical_location.as_ref().unwrap();
        let uri = physical
            .artifact_location
            .as_ref()
            .unwrap()
            .uri
            .as_deref()
            .unwrap();
        assert!(!uri.starts_with('/') && !uri.contains('\\'), "{uri}");
        let region = physical.region.as_ref().unwrap();
        assert!(region.start_line.unwrap_or(0) >= 1 && region.start_column.unwrap_or(0) >= 1);
        assert!(r.level.is_some());
        let fp = &r.partial_fingerprints.as_ref().unwrap()[graphgen::report::FINGERPRINT_KEY];
        assert!(fingerprints.insert(fp.clone()), "fingerprint {fp} twice");
    }
    results.len()
}

#[test]
fn lint_and_verify_over_v1_give_sarif_logs_with_a_rule_per_code_and_unique_fingerprints() {
    let Some(docs) = graph_docs("lint_and_verify_over_v1_give_sarif_logs") else {
        return;
    };
    let lint = graphgen(&docs, &["lint", "v1.0", "--format", "sarif"]);
    let n = check_log(&sarif(&lint));
    assert!(n > 1000, "{n} lint results");
    let metadata = docs.join("../metadata/v1.0.csdl.xml");
    let verify = graphgen(
        &docs,
        &[
            "verify",
            "--metadata",
            metadata.to_str().unwrap(),
            "v1.0",
            "--format",
            "sarif",
        ],
    );
    let m = check_log(&sarif(&verify));
    assert!(m > 500, "{m} verify results");
    // Paths are relative to where it runs (the repository root in CI).
    let log = sarif(&lint);
    let first = &log.runs[0].results.as_ref().unwrap()[0];
    let uri = first.locations.as_ref().unwrap()[0]
        .physical_location
        .as_ref()
        .unwrap()
        .artifact_location
        .as_ref()
        .unwrap()
        .uri
        .clone()
        .unwrap();
    assert!(uri.starts_with("v1.0/"), "{uri}");
    eprintln!("SARIF: lint {n} results, verify {m} results");
}

fn fingerprints(log: &Sarif) -> BTreeMap<(String, String), String> {
    log.runs[0]
        .results
        .iter()
        .flatten()
        .map(|r| {
            (
                (
                    r.rule_id.clone().unwrap_or_default(),
                    r.message.text.clone().unwrap_or_default(),
                ),
                r.partial_fingerprints.as_ref().unwrap()[graphgen::report::FINGERPRINT_KEY].clone(),
            )
        })
        .collect()
}

fn line_of(log: &Sarif, code: &str) -> i64 {
    log.runs[0]
        .results
        .iter()
        .flatten()
        .find(|r| r.rule_id.as_deref() == Some(code))
        .and_then(|r| {
            r.locations.as_ref()?[0]
                .physical_location
                .as_ref()?
                .region
                .as_ref()?
                .start_line
        })
        .unwrap()
}

const PAGE: &str = "# thing resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n| count | Int32 | How many. |\n| count | Int32 | Twice. |\n| shape | shapeKind | Unknown. |\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.thing\" } -->\n```json\n{ \"id\": \"String\", \"count\": \"String\" }\n```\n";

#[test]
fn a_blank_line_above_a_finding_moves_it_but_keeps_its_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::write(pages.join("thing.md"), PAGE).unwrap();
    let before = sarif(&graphgen(
        dir.path(),
        &["lint", "pages", "--format", "sarif"],
    ));
    assert!(check_log(&before) >= 3);
    let moved = PAGE.replacen("## Properties", "\n## Properties", 1);
    std::fs::write(pages.join("thing.md"), moved).unwrap();
    let after = sarif(&graphgen(
        dir.path(),
        &["lint", "pages", "--format", "sarif"],
    ));
    assert_eq!(
        line_of(&after, "duplicate-property"),
        line_of(&before, "duplicate-property") + 1
    );
    assert_eq!(fingerprints(&before), fingerprints(&after));
    // Another finding is another fingerprint.
    let changed = PAGE.replace("shapeKind", "otherKind");
    std::fs::write(pages.join("thing.md"), changed).unwrap();
    let other = sarif(&graphgen(
        dir.path(),
        &["lint", "pages", "--format", "sarif"],
    ));
    assert_ne!(fingerprints(&before), fingerprints(&other));
}

#[test]
fn suppressed_findings_are_sarif_suppressions_and_github_commands_annotate_lines() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::write(pages.join("thing.md"), PAGE).unwrap();
    std::fs::write(
        dir.path().join("suppress.txt"),
        "thing.md duplicate-property\n",
    )
    .unwrap();
    let log = sarif(&graphgen(
        dir.path(),
        &[
            "lint",
            "pages",
            "--suppressions",
            "suppress.txt",
            "--format",
            "sarif",
        ],
    ));
    let results = log.runs[0].results.as_ref().unwrap();
    let suppressed: Vec<_> = results
        .iter()
        .filter(|r| r.suppressions.is_some())
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0].rule_id.as_deref(), Some("duplicate-property"));
    assert!(results.len() > 1);

    let out = graphgen(dir.path(), &["lint", "pages", "--format", "github"]);
    let text = stdout(&out);
    assert!(
        text.lines().any(|l| l
            .starts_with("::warning file=pages/thing.md,line=11,col=1,title=duplicate-property::")),
        "{text}"
    );
    assert!(text.lines().all(|l| l.starts_with("::")), "{text}");
}

#[test]
fn check_reports_stale_files_as_sarif_results() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::write(pages.join("thing.md"), PAGE).unwrap();
    let args = ["--input", "pages", "--out", "out", "--format", "sarif"];
    let out = graphgen(dir.path(), &[&["check"][..], &args].concat());
    assert_eq!(out.status.code(), Some(1));
    let log = sarif(&out);
    let stale: Vec<_> = log.runs[0]
        .results
        .iter()
        .flatten()
        .filter(|r| r.rule_id.as_deref() == Some("stale-output"))
        .collect();
    assert!(!stale.is_empty());
    graphgen(dir.path(), &[&["generate"][..], &args].concat());
    let fresh = graphgen(dir.path(), &[&["check"][..], &args].concat());
    assert_eq!(fresh.status.code(), Some(0));
    assert!(!stdout(&fresh).contains("stale-output"));
}

#[test]
fn diff_markdown_of_the_seed_page() {
    let Some(docs) = graph_docs("diff_markdown_of_the_seed_page") else {
        return;
    };
    let out = graphgen(
        &docs,
        &[
            "diff",
            "drift/playPromptOperation.before.md",
            "drift/playPromptOperation.after.md",
            "--format",
            "markdown",
        ],
    );
    insta::assert_snapshot!("diff_markdown_seed", stdout(&out));
}

#[test]
fn diff_markdown_of_v1_from_january_to_july() {
    let Some(docs) = graph_docs("diff_markdown_of_v1_from_january_to_july") else {
        return;
    };
    let out = graphgen(
        &docs,
        &[
            "diff",
            "v1.0-2021-01/resources",
            "v1.0/resources",
            "--format",
            "markdown",
        ],
    );
    let text = stdout(&out);
    assert!(
        text.len() < 60_000,
        "fits a pull-request comment: {} bytes",
        text.len()
    );
    insta::assert_snapshot!("diff_markdown_v1_2021_01_to_07", text);
}

#[test]
fn only_descriptions_changed_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    for (folder, text) in [("old", "The key."), ("new", "The thing's key.")] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        std::fs::write(
            dir.path().join(folder).join("thing.md"),
            PAGE.replace("The key.", text),
        )
        .unwrap();
    }
    let out = graphgen(dir.path(), &["diff", "old", "new", "--format", "markdown"]);
    assert_eq!(
        stdout(&out),
        "**graphgen diff `old` → `new`**: only descriptions changed (1 in 1 type).\n"
    );
}

#[test]
fn ir_gives_sarif_and_the_changelog_lists_operations_apart() {
    let dir = tempfile::tempdir().unwrap();
    let op = |method: &str| {
        format!("# Delete thing\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n```http\n{method} /things/{{id}}\n```\n")
    };
    for (folder, method) in [("old", "DELETE"), ("new", "POST")] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        std::fs::write(dir.path().join(folder).join("thing.md"), PAGE).unwrap();
        std::fs::write(dir.path().join(folder).join("thing-delete.md"), op(method)).unwrap();
    }
    let log = sarif(&graphgen(dir.path(), &["ir", "new", "--format", "sarif"]));
    assert!(check_log(&log) >= 1);
    let out = graphgen(dir.path(), &["diff", "old", "new", "--format", "markdown"]);
    let text = stdout(&out);
    assert!(text.contains("#### Operations: 1 in 1 operation"), "{text}");
    assert!(
        text.contains("- **`Delete thing`** ([thing-delete.md](new/thing-delete.md))"),
        "{text}"
    );
}
