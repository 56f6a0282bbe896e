//! The method pages of the real v1.0 corpus: `graphgen ir` over
//! `graph-docs/v1.0` (resources and api together) scored against the
//! service's CSDL with the shared scorer (`../shared/tools/score_ops.py`),
//! the resource half unchanged by reading the method pages beside it, the
//! output byte-identical from run to run, and lint's example checks.

use graphgen_tests::shared_dir;
use std::process::Command;

/// The figures the reader reaches, held as floors. method_pages,
/// param_type_lenient, return_exact and paths_resolve meet the figures
/// asked for; the binding and parameter figures stop short where the pages
/// document calls, parameters or bindings the metadata does not have (or
/// omit ones it has): the closing note lists them page by page.
const FLOORS: &[(&str, f64)] = &[
    ("method_pages", 0.99),
    ("binding_recall", 0.90),
    ("binding_precision", 0.94),
    ("param_recall", 0.934),
    ("param_precision", 0.97),
    ("param_type_lenient", 0.98),
    ("return_exact", 0.947),
    ("paths_resolve", 0.95),
];

fn score(
    shared: &std::path::Path,
    ir_json: &str,
    tool: &str,
    extra: &[&std::ffi::OsStr],
) -> Option<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ir.json");
    std::fs::write(&path, ir_json).unwrap();
    let output = match Command::new("python3")
        .arg(shared.join("tools").join(tool))
        .arg(&path)
        .arg(shared.join("metadata/v1.0.csdl.xml"))
        .args(extra)
        .arg("--json")
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("\n!!! SKIPPED: python3 is needed to run the shared scorer ({e}) !!!\n");
            return None;
        }
    };
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

#[test]
fn v1_operations_score_against_the_metadata() {
    let Some(shared) = shared_dir("v1_operations_score_against_the_metadata") else {
        return;
    };
    let v1 = shared.join("graph-docs/v1.0");
    let ir = graphgen::ir_from_paths(std::slice::from_ref(&v1));
    let json = ir.to_json();
    // Byte-identical from run to run (pages are read in parallel).
    assert_eq!(
        graphgen::ir_from_paths(std::slice::from_ref(&v1)).to_json(),
        json
    );
    let pages = shared.join("graph-docs/v1.0/api");
    let Some(scores) = score(
        &shared,
        &json,
        "score_ops.py",
        &["--pages".as_ref(), pages.as_os_str()],
    ) else {
        return;
    };
    eprintln!("score_ops: {scores}");
    for (figure, floor) in FLOORS {
        let got = scores[figure].as_f64().unwrap_or(0.0);
        assert!(got >= *floor, "{figure} is {got}, below {floor}");
    }
    // The resource half is what the resource pages alone give.
    let alone = graphgen::ir_from_paths(&[shared.join("graph-docs/v1.0/resources")]);
    let (Some(with_api), Some(without)) = (
        score(&shared, &json, "score_ir.py", &[]),
        score(&shared, &alone.to_json(), "score_ir.py", &[]),
    ) else {
        return;
    };
    for figure in [
        "structured_coverage",
        "enum_coverage",
        "props_recall",
        "props_precision",
        "type_strict",
        "type_lenient",
        "enum_members_exact",
    ] {
        assert_eq!(
            with_api[figure], without[figure],
            "{figure} moved when method pages were read"
        );
    }
}

#[test]
fn v1_examples_are_checked_against_the_types() {
    let Some(shared) = shared_dir("v1_examples_are_checked_against_the_types") else {
        return;
    };
    let inputs = [shared.join("graph-docs/v1.0")];
    let (decls, diags) = graphgen::read_pages(&inputs);
    let ir = graphgen::resolve::resolve(&decls, diags);
    let report = graphgen::drift::lint::lint(&decls, &ir, &Default::default());
    let counts = report.counts();
    eprintln!("lint: {counts:?}");
    for code in [
        "example-unknown-property",
        "example-wrong-kind",
        "example-unknown-enum-member",
        "example-bad-value",
    ] {
        assert!(
            counts.get(code).copied().unwrap_or(0) > 0,
            "no {code} finding over v1.0"
        );
    }
    // A finding about one value names its JSON path; one that groups the
    // values a single cause explains (a type page that lists fewer
    // properties than its examples show, a placeholder example) names the
    // paths or the example lines it explains.
    for finding in report
        .findings
        .iter()
        .filter(|f| f.code.starts_with("example-") && f.code != "example-calls-another")
    {
        let names_place = finding.message.starts_with('$')
            || finding.message.contains("$.")
            || finding.message.contains(".md:");
        assert!(names_place, "{}: {}", finding.code, finding.message);
    }
}
