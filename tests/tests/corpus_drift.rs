//! The drift toolkit over the real corpus: the seed page's doc change, six
//! months of v1.0 drift, lint counts and metadata verification.

use graphgen::drift::{diff, lint, verify};
use graphgen_tests::shared_dir;
use std::collections::BTreeMap;

fn counts<'a>(codes: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for c in codes {
        *out.entry(c.to_string()).or_insert(0) += 1;
    }
    out
}

#[test]
fn seed_page_change_removes_two_timestamps() {
    let Some(shared) = shared_dir("seed_page_change_removes_two_timestamps") else {
        return;
    };
    let drift = shared.join("graph-docs/drift");
    let old = graphgen::ir_from_paths(&[drift.join("playPromptOperation.before.md")]);
    let new = graphgen::ir_from_paths(&[drift.join("playPromptOperation.after.md")]);
    let log = diff::diff(&old, &new);
    let breaking: Vec<(&str, Option<&str>)> = log
        .changes
        .iter()
        .filter(|c| c.breaking)
        .map(|c| (c.code, c.member.as_deref()))
        .collect();
    assert_eq!(
        breaking,
        [
            (diff::codes::PROPERTY_REMOVED, Some("createdDateTime")),
            (diff::codes::PROPERTY_REMOVED, Some("lastActionDateTime"))
        ]
    );
    let others: Vec<(&str, Option<&str>)> = log
        .changes
        .iter()
        .filter(|c| !c.breaking)
        .map(|c| (c.code, c.member.as_deref()))
        .collect();
    assert_eq!(
        others,
        [
            (diff::codes::DESCRIPTION_CHANGED, Some("clientContext")),
            (diff::codes::DESCRIPTION_CHANGED, Some("resultInfo"))
        ]
    );
}

#[test]
fn six_months_of_v1_drift() {
    let Some(shared) = shared_dir("six_months_of_v1_drift") else {
        return;
    };
    let old = graphgen::ir_from_paths(&[shared.join("graph-docs/v1.0-2021-01/resources")]);
    let new = graphgen::ir_from_paths(&[shared.join("graph-docs/v1.0/resources")]);
    let log = diff::diff(&old, &new);
    let totals = counts(log.changes.iter().map(|c| c.code));
    eprintln!(
        "diff totals: {totals:?}; {} breaking of {}",
        log.breaking(),
        log.changes.len()
    );
    let expected: BTreeMap<String, usize> = [
        ("base-type-added", 13),
        ("base-type-changed", 1),
        ("base-type-removed", 4),
        ("description-changed", 578),
        ("enum-member-added", 9),
        ("enum-member-removed", 1),
        ("kind-changed", 2),
        ("nullability-changed", 13),
        ("property-added", 76),
        ("property-removed", 8),
        ("property-renamed", 2),
        ("property-type-changed", 33),
        ("read-only-changed", 50),
        ("type-added", 271),
        ("type-removed", 6),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(totals, expected);
    // What a client reads decides (see `diff`): a String documented as an
    // enum, a base named or not with every property in place, a property
    // only the JSON representation showed, are not; a property renamed in
    // place is one change.
    assert_eq!(log.breaking(), 16);
    // Every addition is not breaking; every removal is, but for what the
    // documented contract never had or still has.
    assert!(log
        .changes
        .iter()
        .filter(|c| c.code.ends_with("-added"))
        .all(|c| !c.breaking));
    assert!(log
        .changes
        .iter()
        .filter(|c| c.code.ends_with("-removed"))
        .all(|c| c.breaking
            || c.message.contains("still there")
            || c.message.contains("same JSON")
            || c.message.contains("no table listed it")
            || c.message.contains("is still documented")));
}

#[test]
fn lint_and_verify_over_v1() {
    let Some(shared) = shared_dir("lint_and_verify_over_v1") else {
        return;
    };
    let inputs = [shared.join("graph-docs/v1.0/resources")];
    let (decls, diags) = graphgen::read_pages(&inputs);
    let ir = graphgen::resolve::resolve(&decls, diags);
    let report = lint::lint(&decls, &ir, &lint::Suppressions::default());
    let lint_counts = report.counts();
    eprintln!("lint: {lint_counts:?}");
    for code in [
        "table-json-mismatch",
        "enum-values-disagree",
        "odata-type-heading-mismatch",
        "missing-properties-table",
        "duplicate-property",
    ] {
        assert!(
            lint_counts.get(code).is_some_and(|n| *n > 0),
            "no {code} in the corpus"
        );
    }
    let csdl =
        verify::read_csdl(&std::fs::read_to_string(shared.join("metadata/v1.0.csdl.xml")).unwrap())
            .unwrap();
    let findings = verify::verify(&ir, &csdl, "v1.0.csdl.xml");
    let totals = verify::totals(&findings);
    eprintln!("verify: {totals:?}");
    // The scorer's figures bound these: 66 page types are not in the
    // metadata (values tables of String properties are no types), 17
    // matched enums differ.
    assert_eq!(totals.get("type-not-in-metadata"), Some(&66));
    assert_eq!(totals.get("enum-members-differ"), Some(&17));
}

/// The example-versus-type defects an earlier audit confirmed by hand, each
/// still found (one finding may now stand for the same defect in several
/// examples, naming them): precision is not bought with recall.
#[test]
fn the_confirmed_example_defects_are_still_found() {
    let Some(shared) = shared_dir("the_confirmed_example_defects_are_still_found") else {
        return;
    };
    let inputs = [shared.join("graph-docs/v1.0")];
    let (decls, diags) = graphgen::read_pages(&inputs);
    let ir = graphgen::resolve::resolve(&decls, diags);
    let report = lint::lint(&decls, &ir, &lint::Suppressions::default());
    let confirmed = [
        ("api/user-assignlicense.md", "skuId"),
        ("api/post-get.md", "receivedDateTime"),
        ("api/openshift-post.md", "endDateTime"),
        ("api/educationclass-post.md", "externalSource"),
        ("api/contract-get.md", "customerId"),
        ("api/orgcontact-get.md", "phones[0].type"),
        ("api/user-sendmail.md", "saveToSentItems"),
        ("api/channel-get-filesfolder.md", "driveItem"),
        ("api/chatmessage-post-replies.md", "deleted"),
        ("api/notebook-get.md", "userRole"),
    ];
    for (page, what) in confirmed {
        let found = report.findings.iter().any(|d| {
            d.message.contains(what) && (d.path == page || d.message.contains(&format!("{page}:")))
        });
        assert!(found, "{page}: nothing about `{what}`");
    }
}
