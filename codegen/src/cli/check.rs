//! `graphgen check`: a unified diff of each stale file and a one-line
//! summary of which types changed; exit 1 when stale.

use super::{render, usage_error, GenerateArgs, Output};
use std::collections::BTreeMap;
use std::process::ExitCode;

/// Top-level items of a Rust file by name, as token text, for telling which
/// types a change touches.
fn items(source: &str) -> BTreeMap<String, String> {
    let Ok(file) = syn::parse_file(source) else {
        return BTreeMap::new();
    };
    file.items
        .iter()
        .filter_map(|item| {
            let name = match item {
                syn::Item::Struct(s) => s.ident.to_string(),
                syn::Item::Enum(e) => e.ident.to_string(),
                _ => return None,
            };
            Some((name, quote::ToTokens::to_token_stream(item).to_string()))
        })
        .collect()
}

pub fn changed_types(old: &str, new: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let (a, b) = (items(old), items(new));
    let added = b.keys().filter(|k| !a.contains_key(*k)).cloned().collect();
    let removed = a.keys().filter(|k| !b.contains_key(*k)).cloned().collect();
    let changed = a
        .iter()
        .filter(|(k, v)| b.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k.clone())
        .collect();
    (added, removed, changed)
}

pub fn run(args: &GenerateArgs, output: &Output) -> ExitCode {
    let mut config = match args.config() {
        Ok(c) => c,
        Err(e) => return usage_error(&e),
    };
    if let Some(root) = output.include_root() {
        config.include_root(root);
    }
    let (staleness, diags) = match config.check() {
        Ok(r) => r,
        Err(e) => return usage_error(&e.to_string()),
    };
    if output.format.is_ci() {
        return report_ci(args, &staleness, &diags, output);
    }
    render::print(&diags, &args.inputs, output.format, output.quiet);
    if staleness.is_fresh() {
        if !output.quiet {
            eprintln!(
                "graphgen check: {} is up to date with the pages",
                args.out().display()
            );
        }
        return ExitCode::SUCCESS;
    }
    let (mut added, mut removed, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    for file in &staleness.stale {
        let old = file.old.as_deref().unwrap_or("");
        let new = file.new.as_deref().unwrap_or("");
        // Output files are named within the folder; the manifest by its path.
        let name = if file.name.ends_with(".toml") {
            file.name.clone()
        } else {
            format!("{}/{}", args.out().display(), file.name)
        };
        let diff = similar::TextDiff::from_lines(old, new);
        print!(
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(&format!("a/{name}"), &format!("b/{name}"))
        );
        let (a, r, c) = changed_types(old, new);
        added.extend(a);
        removed.extend(r);
        changed.extend(c);
    }
    let list = |v: &[String]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };
    println!(
        "graphgen check: {} stale file(s) in {}; types added: {}; removed: {}; changed: {}. Run `graphgen generate` to update.",
        staleness.stale.len(),
        args.out().display(),
        list(&added),
        list(&removed),
        list(&changed)
    );
    ExitCode::from(1)
}

/// `check --format sarif|github`: the pages' diagnostics and one
/// `stale-output` error a stale file, on stdout.
fn report_ci(
    args: &GenerateArgs,
    staleness: &graphgen::output::Staleness,
    diags: &[graphgen::diag::Diagnostic],
    output: &Output,
) -> ExitCode {
    use graphgen::diag::{codes, Diagnostic};
    let mut findings = graphgen::report::findings(diags, &args.inputs);
    let out = args.out();
    for file in &staleness.stale {
        let (root, name) = if file.name.ends_with(".toml") {
            (std::path::PathBuf::from(&file.name), String::new())
        } else {
            (out.clone(), file.name.clone())
        };
        let what = match (&file.old, &file.new) {
            (None, _) => "is missing",
            (_, None) => "is left over from an earlier generation",
            _ => "differs from what the pages generate",
        };
        let d = Diagnostic::error(
            codes::STALE_OUTPUT,
            &name,
            1,
            format!("`{}` {what}; run `graphgen generate`", file.name),
        );
        findings.extend(graphgen::report::findings(&[d], &[root]));
    }
    render::print_ci(&findings, output.format);
    ExitCode::from(u8::from(!staleness.is_fresh()))
}
