//! SARIF 2.1.0 (the `serde-sarif` crate's types): one rule per code used,
//! with the `graphgen explain` text as its help; each result with its file
//! relative to the repository root, line and column, level, and a
//! fingerprint that does not move with the line.

use super::{without_line_numbers, Finding};
use crate::diag::Severity;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Suppression, Tool, ToolComponent,
};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// The key of graphgen's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "graphgenFinding/v1";

/// The key of the fingerprint over the page's path in its input folder
/// (`lint --baseline` reads it back from a SARIF log).
pub const PAGE_FINGERPRINT_KEY: &str = "graphgenPage/v1";

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Note => ResultLevel::Note,
    }
}

/// A stable fingerprint: the code, the file and what the message is about
/// (line numbers taken out), and which occurrence of the same it is in line
/// order, so that findings are unique and a moved line keeps its fingerprint.
fn fingerprints(findings: &[Finding]) -> Vec<String> {
    let parts: Vec<(&str, &str, &str, usize)> = findings
        .iter()
        .map(|f| (f.code.as_str(), f.uri.as_str(), f.message.as_str(), f.line))
        .collect();
    keys(&parts)
}

/// The same, over the file's path relative to the input folder: what
/// `lint --baseline` matches, wherever each version is checked out.
pub fn page_keys(diags: &[crate::diag::Diagnostic]) -> Vec<String> {
    let parts: Vec<(&str, &str, &str, usize)> = diags
        .iter()
        .map(|d| (d.code.as_str(), d.path.as_str(), d.message.as_str(), d.line))
        .collect();
    keys(&parts)
}

/// (code, file, message, line) → fingerprints, in the same order.
fn keys(parts: &[(&str, &str, &str, usize)]) -> Vec<String> {
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| (parts[i].1, parts[i].3, i));
    let mut seen: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut out = vec![String::new(); parts.len()];
    for i in order {
        let (code, file, message, _) = parts[i];
        let key = (
            code.to_string(),
            file.to_string(),
            without_line_numbers(message),
        );
        let n = seen.entry(key.clone()).or_insert(0);
        let mut hash = Sha256::new();
        for part in [&key.0, &key.1, &key.2, &n.to_string()] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        *n += 1;
        out[i] = hash
            .finalize()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect();
    }
    out
}

fn rule(code: &str, catalog: &[crate::explain::Entry]) -> ReportingDescriptor {
    let entry = catalog.iter().find(|e| e.code == code);
    let summary = entry.map_or_else(|| code.to_string(), |e| e.summary.to_string());
    let help = entry.map_or_else(
        || format!("Run `graphgen explain {code}`."),
        crate::explain::render,
    );
    let default_level = match entry.map(|e| e.severity) {
        Some("error") => "error",
        Some("note") => "note",
        _ => "warning",
    };
    ReportingDescriptor::builder()
        .id(code)
        .name(code)
        .short_description(
            MultiformatMessageString::builder()
                .text(summary.clone())
                .build(),
        )
        .full_description(MultiformatMessageString::builder().text(summary).build())
        .help(
            MultiformatMessageString::builder()
                .text(help.clone())
                .markdown(help)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::json!(default_level))
                .build(),
        )
        .build()
}

fn result(f: &Finding, fingerprint: String, rule_index: usize) -> SarifResult {
    let mut region = Region::builder().build();
    if f.line > 0 {
        region.start_line = Some(f.line as i64);
        region.start_column = Some(f.column as i64);
    }
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(ArtifactLocation::builder().uri(f.uri.clone()).build())
                .region(region)
                .build(),
        )
        .build();
    let mut result = SarifResult::builder()
        .rule_id(f.code.clone())
        .rule_index(rule_index as i64)
        .level(level(f.severity))
        .message(Message::builder().text(f.message.clone()).build())
        .locations(vec![location])
        .partial_fingerprints(BTreeMap::from([
            (FINGERPRINT_KEY.to_string(), fingerprint),
            (PAGE_FINGERPRINT_KEY.to_string(), f.page_key.clone()),
        ]))
        .build();
    if let Some(new) = f.new_in_head {
        result.baseline_state = Some(serde_json::json!(if new { "new" } else { "unchanged" }));
    }
    if let Some(why) = &f.suppressed {
        result.suppressions = Some(vec![Suppression::builder()
            .kind(serde_json::json!("external"))
            .justification(why.clone())
            .build()]);
    }
    result
}

/// The SARIF log of one run of graphgen over `findings`.
pub fn sarif(findings: &[Finding]) -> Sarif {
    let codes: BTreeSet<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    let index: BTreeMap<&str, usize> = codes.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    // The catalog is parsed once for all the rules.
    let catalog = crate::explain::entries();
    let rules: Vec<ReportingDescriptor> = codes.iter().map(|c| rule(c, &catalog)).collect();
    let results: Vec<SarifResult> = findings
        .iter()
        .zip(fingerprints(findings))
        .map(|(f, fp)| result(f, fp, index[f.code.as_str()]))
        .collect();
    let driver = ToolComponent::builder()
        .name("graphgen")
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri("https://github.com/microsoftgraph/microsoft-graph-docs")
        .rules(rules)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .build();
    Sarif::builder()
        .schema(serde_sarif::sarif::SCHEMA_URL)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build()
}

/// The log as pretty JSON.
pub fn sarif_json(findings: &[Finding]) -> String {
    serde_json::to_string_pretty(&sarif(findings)).unwrap_or_default() + "\n"
}
