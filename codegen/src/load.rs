//! Reading input files: folders are walked for `*.md` (sorted, so output
//! does not depend on the file system's order), files are taken as given.

use crate::diag::{codes, Diagnostic};
use crate::page::{parse_page, Page};
use std::path::{Path, PathBuf};

/// One markdown file: its path relative to the input root and its bytes.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub rel_path: String,
    pub bytes: Vec<u8>,
}

/// Pages larger than this are not documentation pages (the largest v1.0
/// page is under 200 KB): reported and skipped rather than read whole.
pub const MAX_PAGE_BYTES: u64 = 8 * 1024 * 1024;

/// Walks a folder for `*.md`, following links only inside `root` and
/// entering each real folder once (a link back up cannot loop).
fn walk(
    dir: &Path,
    root: &Path,
    seen: &mut std::collections::BTreeSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
) {
    let Ok(real) = dir.canonicalize() else {
        return;
    };
    if !seen.insert(real) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(err) => {
            diags.push(Diagnostic::error(
                codes::READ_FAILED,
                &dir.display().to_string(),
                0,
                format!("cannot read folder: {err}"),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let outside = path
            .canonicalize()
            .map_or(true, |real| !real.starts_with(root));
        if outside {
            diags.push(Diagnostic::warning(
                codes::OUTSIDE_INPUT,
                &path.display().to_string(),
                0,
                "a link out of the input folder; not followed",
            ));
            continue;
        }
        if path.is_dir() {
            walk(&path, root, seen, out, diags);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        {
            out.push(path);
        }
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Collects the markdown files under each input (a folder or a file).
pub fn collect_files(inputs: &[PathBuf], diags: &mut Vec<Diagnostic>) -> Vec<SourceFile> {
    let mut files = Vec::new();
    for input in inputs {
        let mut found = Vec::new();
        let root = if input.is_dir() {
            let real_root = input.canonicalize().unwrap_or_else(|_| input.clone());
            walk(
                input,
                &real_root,
                &mut Default::default(),
                &mut found,
                diags,
            );
            input.clone()
        } else {
            found.push(input.clone());
            input.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        found.sort();
        for path in found {
            let rel_path = relative(&root, &path);
            let size = std::fs::metadata(&path).map_or(0, |m| m.len());
            if size > MAX_PAGE_BYTES {
                diags.push(Diagnostic::warning(
                    codes::FILE_TOO_LARGE,
                    &rel_path,
                    0,
                    format!("{size} bytes is more than a page holds ({MAX_PAGE_BYTES} at most); skipped"),
                ));
                continue;
            }
            match std::fs::read(&path) {
                Ok(bytes) => files.push(SourceFile { rel_path, bytes }),
                Err(err) => diags.push(Diagnostic::error(
                    codes::READ_FAILED,
                    &rel_path,
                    0,
                    format!("cannot read file: {err}"),
                )),
            }
        }
    }
    files
}

/// Decodes and parses one file; an empty or non-UTF-8 file is a diagnostic.
pub fn parse_file<'a>(file: &'a SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Page<'a>> {
    decode(file, diags).map(|text| parse_page(&file.rel_path, text))
}

/// A file's text without its byte-order mark; an empty or non-UTF-8 file
/// is a diagnostic.
pub fn decode<'a>(file: &'a SourceFile, diags: &mut Vec<Diagnostic>) -> Option<&'a str> {
    let text = match std::str::from_utf8(&file.bytes) {
        Ok(t) => t,
        Err(err) => {
            let line = file.bytes[..err.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            diags.push(Diagnostic::error(
                codes::NOT_UTF8,
                &file.rel_path,
                line,
                format!("file is not UTF-8 (byte {})", err.valid_up_to()),
            ));
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        diags.push(Diagnostic::warning(
            codes::EMPTY_FILE,
            &file.rel_path,
            1,
            "file is empty",
        ));
        return None;
    }
    Some(text)
}
