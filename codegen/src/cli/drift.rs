//! `diff`, `lint` and `verify`: human output grouped by type or page with
//! `path:line`, or JSON with `--format json`.

use super::render::{self, Format};
use super::{usage_error, Output};
use graphgen::diag::Diagnostic;
use graphgen::diag::Severity;
use graphgen::drift::{self, diff::Changelog, lint, verify};
use graphgen::report::Finding;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Breaking,
    Any,
    Never,
}

fn print_json(value: &serde_json::Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

/// Findings grouped by page, each with its place.
fn print_grouped(findings: &[Diagnostic]) {
    let mut by_path: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in findings {
        by_path.entry(d.path.as_str()).or_default().push(d);
    }
    for (path, list) in by_path {
        println!("{path}");
        for d in list {
            println!(
                "  {}:{}: {}[{}]: {}",
                d.path, d.line, d.severity, d.code, d.message
            );
        }
    }
}

fn print_totals(label: &str, counts: &BTreeMap<String, usize>) {
    let total: usize = counts.values().sum();
    let parts: Vec<String> = counts
        .iter()
        .map(|(code, n)| format!("{code}: {n}"))
        .collect();
    println!("{label}: {total} ({})", parts.join(", "));
}

/// Each change as a finding: breaking ones are errors, the rest notes;
/// a removal points into the old pages, everything else into the new.
fn change_findings(log: &Changelog, old: &Path, new: &Path) -> Vec<Finding> {
    use graphgen::drift::diff::codes;
    let mut locator = graphgen::report::Locator::default();
    log.changes
        .iter()
        .map(|c| {
            let removal = [
                codes::TYPE_REMOVED,
                codes::PROPERTY_REMOVED,
                codes::OPERATION_REMOVED,
            ]
            .contains(&c.code);
            let roots = if removal {
                [old.to_path_buf(), new.to_path_buf()]
            } else {
                [new.to_path_buf(), old.to_path_buf()]
            };
            let severity = if c.breaking {
                Severity::Error
            } else {
                Severity::Note
            };
            let d = Diagnostic::new(severity, c.code, &c.path, c.line, c.message.clone());
            locator.finding(&d, &roots)
        })
        .collect()
}

pub fn diff(old: &Path, new: &Path, fail_on: FailOn, link_base: &str, output: &Output) -> ExitCode {
    let (a, b) = match (
        drift::load_ir(old, output.include_root()),
        drift::load_ir(new, output.include_root()),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return usage_error(&e),
    };
    let log: Changelog = drift::diff::diff(&a, &b);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for c in &log.changes {
        *counts.entry(c.code.to_string()).or_insert(0) += 1;
    }
    match output.format {
        Format::Sarif | Format::Github => {
            render::print_ci(&change_findings(&log, old, new), output.format)
        }
        Format::Markdown => {
            let options = graphgen::report::ChangelogOptions {
                old_label: old.display().to_string(),
                new_label: new.display().to_string(),
                link_base: link_base.to_string(),
            };
            let places = change_findings(&log, old, new);
            print!(
                "{}",
                graphgen::report::changelog_markdown(&log.changes, &places, &options)
            );
        }
        Format::Json => print_json(&json!({
            "changes": log.changes,
            "totals": counts,
            "breaking": log.breaking(),
            "notBreaking": log.changes.len() - log.breaking(),
        })),
        Format::Human => {
            let mut by_type: BTreeMap<&str, Vec<_>> = BTreeMap::new();
            for c in &log.changes {
                by_type.entry(c.type_name.as_str()).or_default().push(c);
            }
            if !output.quiet {
                for (t, list) in by_type {
                    println!("{t}");
                    for c in list {
                        let mark = if c.breaking { "breaking" } else { "ok      " };
                        println!("  {mark} {}:{}: [{}] {}", c.path, c.line, c.code, c.message);
                    }
                }
            }
            print_totals("changes", &counts);
            println!(
                "{} breaking, {} not breaking",
                log.breaking(),
                log.changes.len() - log.breaking()
            );
        }
    }
    let fail = match fail_on {
        FailOn::Breaking => log.breaking() > 0,
        FailOn::Any => !log.changes.is_empty(),
        FailOn::Never => false,
    };
    ExitCode::from(u8::from(fail))
}

pub fn lint(dir: &Path, suppressions: Option<&PathBuf>, output: &Output) -> ExitCode {
    let suppressions_path = suppressions;
    if !dir.exists() {
        return usage_error(&format!("`{}` does not exist", dir.display()));
    }
    let suppressions = match suppressions {
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| lint::Suppressions::parse(&t))
        {
            Ok(s) => s,
            Err(e) => return usage_error(&format!("{}: {e}", path.display())),
        },
        None => lint::Suppressions::default(),
    };
    let inputs = [dir.to_path_buf()];
    let (decls, diags) = graphgen::read_pages_in(&inputs, output.include_root());
    let ir = graphgen::resolve::resolve(&decls, diags);
    let report = lint::lint(&decls, &ir, &suppressions);
    let counts = report.counts();
    match output.format {
        Format::Sarif | Format::Github => {
            let mut found = graphgen::report::findings(&report.findings, &inputs);
            let why = format!(
                "suppressed by {}",
                suppressions_path.map_or_else(String::new, |p| p.display().to_string())
            );
            for mut f in graphgen::report::findings(&report.suppressed_findings, &inputs) {
                f.suppressed = Some(why.clone());
                found.push(f);
            }
            render::print_ci(&found, output.format);
        }
        Format::Json => print_json(
            &json!({"findings": report.findings, "counts": counts, "suppressed": report.suppressed}),
        ),
        Format::Human | Format::Markdown => {
            if !output.quiet {
                print_grouped(&report.findings);
            }
            print_totals("findings", &counts);
            if report.suppressed > 0 {
                println!("{} suppressed", report.suppressed);
            }
        }
    }
    ExitCode::from(u8::from(report.failing() > 0))
}

pub fn verify(metadata: &Path, dir: &Path, output: &Output) -> ExitCode {
    let text = match std::fs::read_to_string(metadata) {
        Ok(t) => t,
        Err(e) => return usage_error(&format!("{}: {e}", metadata.display())),
    };
    let csdl = match verify::read_csdl(&text) {
        Ok(c) => c,
        Err(e) => return usage_error(&format!("{}: not CSDL metadata: {e}", metadata.display())),
    };
    let ir = match drift::load_ir(dir, output.include_root()) {
        Ok(ir) => ir,
        Err(e) => return usage_error(&e),
    };
    let name = metadata
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut findings = verify::verify(&ir, &csdl, &name);
    match graphgen::drift::verify_ops::read_csdl_operations(&text) {
        Ok(ops) => findings.extend(graphgen::drift::verify_ops::verify_operations(
            &ir, &csdl, &ops,
        )),
        Err(e) => return usage_error(&format!("{}: not CSDL metadata: {e}", metadata.display())),
    }
    findings.sort_by(|a, b| {
        (&a.path, a.line, &a.code, &a.message).cmp(&(&b.path, b.line, &b.code, &b.message))
    });
    let counts = verify::totals(&findings);
    match output.format {
        Format::Sarif | Format::Github => {
            let roots = [dir.to_path_buf(), metadata.to_path_buf()];
            render::print_ci(
                &graphgen::report::findings(&findings, &roots),
                output.format,
            );
        }
        Format::Json => print_json(&json!({"findings": findings, "totals": counts})),
        Format::Human | Format::Markdown => {
            if !output.quiet {
                print_grouped(&findings);
            }
            print_totals("findings", &counts);
        }
    }
    ExitCode::from(u8::from(
        findings
            .iter()
            .any(|d| d.severity != graphgen::diag::Severity::Note),
    ))
}
