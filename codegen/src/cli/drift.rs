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
use std::path::Path;
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
                codes::MEMBER_REMOVED,
                codes::PATH_REMOVED,
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

/// `lint`'s files besides the pages.
pub struct LintArgs<'a> {
    pub suppressions: Option<&'a Path>,
    pub baseline: Option<&'a Path>,
    pub outline: Option<&'a Path>,
}

fn read_with<T>(
    path: Option<&Path>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    let Some(path) = path else { return Ok(None) };
    std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|t| parse(&t))
        .map(Some)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Lints one folder of pages.
fn lint_folder(dir: &Path, options: &lint::LintOptions, output: &Output) -> lint::LintReport {
    let inputs = [dir.to_path_buf()];
    let (decls, diags) = graphgen::read_pages_in(&inputs, output.include_root());
    let ir = graphgen::resolve::resolve(&decls, diags);
    let options = lint::LintOptions {
        root: Some(if dir.is_dir() {
            dir.to_path_buf()
        } else {
            dir.parent().map(Path::to_path_buf).unwrap_or_default()
        }),
        ..options.clone()
    };
    lint::lint_with(&decls, &ir, &options)
}

pub fn lint(dir: &Path, args: &LintArgs, output: &Output) -> ExitCode {
    if !dir.exists() {
        return usage_error(&format!("`{}` does not exist", dir.display()));
    }
    let mut options = lint::LintOptions::default();
    match read_with(args.suppressions, lint::Suppressions::parse) {
        Ok(s) => options.suppressions = s.unwrap_or_default(),
        Err(e) => return usage_error(&e),
    }
    match read_with(args.outline, graphgen::drift::page_checks::Outline::parse) {
        Ok(o) => options.outline = o.unwrap_or_default(),
        Err(e) => return usage_error(&e),
    }
    let baseline = match args.baseline {
        None => None,
        Some(old) if graphgen::drift::baseline::Baseline::is_sarif_file(old) => {
            match read_with(Some(old), graphgen::drift::baseline::Baseline::from_sarif) {
                Ok(b) => b,
                Err(e) => return usage_error(&e),
            }
        }
        Some(old) if old.exists() => Some(graphgen::drift::baseline::Baseline::from_findings(
            &lint_folder(old, &options, output).findings,
        )),
        Some(old) => return usage_error(&format!("`{}` does not exist", old.display())),
    };
    let report = lint_folder(dir, &options, output);
    let new_in_head = baseline.as_ref().map(|b| b.new_in_head(&report.findings));
    print_lint(
        dir,
        &report,
        new_in_head.as_deref(),
        args.suppressions,
        output,
    );
    let failing = report
        .findings
        .iter()
        .enumerate()
        .filter(|(i, d)| {
            d.severity != graphgen::diag::Severity::Note
                && new_in_head.as_ref().is_none_or(|n| n[*i])
        })
        .count();
    ExitCode::from(u8::from(failing > 0))
}

/// Prints a lint report; against a baseline, the new findings only (a
/// SARIF log keeps them all, each with its `baselineState`).
fn print_lint(
    dir: &Path,
    report: &lint::LintReport,
    new_in_head: Option<&[bool]>,
    suppressions_path: Option<&Path>,
    output: &Output,
) {
    let inputs = [dir.to_path_buf()];
    let is_new = |i: usize| new_in_head.is_none_or(|n| n[i]);
    let shown: Vec<graphgen::diag::Diagnostic> = report
        .findings
        .iter()
        .enumerate()
        .filter(|(i, _)| is_new(*i))
        .map(|(_, d)| d.clone())
        .collect();
    let mut counts = std::collections::BTreeMap::new();
    for d in &shown {
        *counts.entry(d.code.clone()).or_insert(0usize) += 1;
    }
    let already = report.findings.len() - shown.len();
    match output.format {
        Format::Sarif | Format::Github => {
            let mut found = graphgen::report::findings(&report.findings, &inputs);
            for (i, f) in found.iter_mut().enumerate() {
                f.new_in_head = new_in_head.map(|n| n[i]);
            }
            if output.format == Format::Github {
                found.retain(|f| f.new_in_head != Some(false));
            }
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
        Format::Json => print_json(&json!({
            "findings": shown, "counts": counts, "suppressed": report.suppressed,
            "inBaseline": already,
        })),
        Format::Human | Format::Markdown => {
            if !output.quiet {
                print_grouped(&shown);
            }
            print_totals("findings", &counts);
            if new_in_head.is_some() {
                println!("{already} more already in the baseline");
            }
            if report.suppressed > 0 {
                println!("{} suppressed", report.suppressed);
            }
        }
    }
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
