//! `graphgen snippets`: the Rust of each request example, to stdout, to
//! one file, or to one file per method page in a folder.

use super::{render, usage_error, Output};
use graphgen::emit::snippets::Snippet;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One snippet under a comment that names its example.
fn section(s: &Snippet) -> String {
    format!(
        "// {}:{}: {} {}\n{}",
        s.page,
        s.line,
        s.method,
        s.url.trim(),
        s.code
    )
}

pub fn run(dir: &Path, out: Option<&Path>, krate: &str, output: &Output) -> ExitCode {
    if !dir.exists() {
        return usage_error(&format!("`{}` does not exist", dir.display()));
    }
    let ir = graphgen::ir_from_paths_in(&[dir.to_path_buf()], output.include_root());
    let made = graphgen::emit::snippets(&ir, krate);
    render::print(
        &ir.diagnostics,
        &[dir.to_path_buf()],
        output.format,
        output.quiet,
    );
    let written = match out {
        None => {
            let all: Vec<String> = made.snippets.iter().map(section).collect();
            print!("{}", all.join("\n"));
            Ok(())
        }
        Some(folder) if folder.is_dir() || folder.extension().is_none() => {
            per_page(folder, &made.snippets)
        }
        Some(file) => {
            let all: Vec<String> = made.snippets.iter().map(section).collect();
            std::fs::write(file, all.join("\n")).map_err(|e| format!("{}: {e}", file.display()))
        }
    };
    if let Err(e) = written {
        return usage_error(&e);
    }
    if !output.quiet {
        eprintln!(
            "graphgen: {} request examples with a snippet; {} matched a call but have none",
            made.snippets.len(),
            made.without.len()
        );
        for (page, line, why) in &made.without {
            eprintln!("   no snippet: {page}:{line}: {why}");
        }
    }
    ExitCode::SUCCESS
}

/// One `.rs` file per method page, at the page's path with `.rs`.
fn per_page(folder: &Path, snippets: &[Snippet]) -> Result<(), String> {
    let mut pages: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    for s in snippets {
        let file = folder.join(Path::new(&s.page).with_extension("rs"));
        pages.entry(file).or_default().push(section(s));
    }
    for (file, sections) in pages {
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&file, sections.join("\n"))
            .map_err(|e| format!("{}: {e}", file.display()))?;
    }
    Ok(())
}
