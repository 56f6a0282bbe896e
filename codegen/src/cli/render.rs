//! Diagnostics for people (rustc-style, with the markdown line and a caret,
//! via codespan-reporting) or for programs (`--format json`).

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use graphgen::diag::{Diagnostic, Severity};
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style, on stderr.
    Human,
    /// JSON, on stderr (`diff`, `lint`, `verify`: their report on stdout).
    Json,
    /// A SARIF 2.1.0 log on stdout, for code scanning.
    Sarif,
    /// GitHub workflow commands on stdout: annotations on a pull request.
    Github,
    /// `diff` only: a markdown changelog on stdout (others print as human).
    Markdown,
}

impl Format {
    /// SARIF and GitHub commands: findings on stdout, in place of the
    /// command's usual output.
    pub fn is_ci(self) -> bool {
        matches!(self, Format::Sarif | Format::Github)
    }
}

/// Prints findings as SARIF or GitHub commands on stdout.
pub fn print_ci(findings: &[graphgen::report::Finding], format: Format) {
    use std::io::Write;
    let text = match format {
        Format::Sarif => graphgen::report::sarif_json(findings),
        Format::Github => graphgen::report::workflow_commands(findings),
        _ => return,
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn severity(s: Severity) -> ReportSeverity {
    match s {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
        Severity::Note => ReportSeverity::Note,
    }
}

/// Renders diagnostics rustc-style. Files are read once each.
pub fn human(diags: &[Diagnostic], inputs: &[PathBuf]) -> String {
    let mut files = SimpleFiles::new();
    let mut ids: HashMap<String, Option<usize>> = HashMap::new();
    let config = term::Config::default();
    let mut out = String::new();
    for d in diags {
        let id = *ids.entry(d.path.clone()).or_insert_with(|| {
            let path = graphgen::report::locate(inputs, &d.path)?;
            let text = std::fs::read_to_string(path).ok()?;
            Some(files.add(d.path.clone(), text))
        });
        let mut report = Report::new(severity(d.severity))
            .with_code(d.code.clone())
            .with_message(d.message.clone());
        let span = id.and_then(|id| {
            let file = files.get(id).ok()?;
            let source = file.source();
            let start: usize = source
                .split_inclusive('\n')
                .take(d.line.saturating_sub(1))
                .map(str::len)
                .sum();
            let line = source[start..].lines().next().unwrap_or("");
            let indent = line.len() - line.trim_start().len();
            Some((
                id,
                start + indent..start + line.trim_end().len().max(indent),
            ))
        });
        match span {
            Some((id, range)) if d.line > 0 => {
                report = report.with_labels(vec![Label::primary(id, range)])
            }
            _ => {
                let place = if d.line > 0 {
                    format!("{}:{}", d.path, d.line)
                } else {
                    d.path.clone()
                };
                report = report.with_notes(vec![format!("at {place}")]);
            }
        }
        if let Some(page) = &d.included_from {
            let mut notes = report.notes.clone();
            notes.push(format!("included by {}:{}", page.path, page.line));
            report = report.with_notes(notes);
        }
        match term::emit_into_string(&config, &files, &report) {
            Ok(text) => out.push_str(&text),
            Err(_) => out.push_str(&format!("{d}\n")),
        }
    }
    out
}

pub fn json(diags: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diags).unwrap_or_default()
}

/// Prints diagnostics to stderr in the chosen format (nothing under `--quiet`).
pub fn print(diags: &[Diagnostic], inputs: &[PathBuf], format: Format, quiet: bool) {
    if format.is_ci() {
        // Machine output: written even under `--quiet`, even when empty.
        print_ci(&graphgen::report::findings(diags, inputs), format);
        return;
    }
    if quiet || diags.is_empty() {
        return;
    }
    match format {
        Format::Json => eprintln!("{}", json(diags)),
        _ => eprint!("{}", human(diags, inputs)),
    }
}

/// A one-line count: `3 errors, 12 warnings, 70 notes`.
pub fn summary(diags: &[Diagnostic]) -> String {
    let count = |s| diags.iter().filter(|d| d.severity == s).count();
    format!(
        "{} errors, {} warnings, {} notes",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note)
    )
}
