//! Findings where reviewers look: SARIF 2.1.0 for code scanning, GitHub
//! workflow commands for pull-request annotations, and a markdown
//! changelog of `diff` for a pull-request comment. Every command's
//! diagnostics, `diff`'s changes and `check`'s stale files become
//! [`Finding`]s first.

mod changelog;
mod github;
mod sarif;

pub use changelog::{changelog_markdown, ChangelogOptions};
pub use github::workflow_commands;
pub use sarif::{page_keys, sarif, sarif_json, FINGERPRINT_KEY, PAGE_FINGERPRINT_KEY};

use crate::diag::{Diagnostic, Severity};
use std::path::{Path, PathBuf};

/// One thing to report, its place relative to the repository root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    /// The file, relative to the repository root (the working folder), `/`-separated.
    pub uri: String,
    /// 1-based; 0 when the finding is about a whole file.
    pub line: usize,
    /// 1-based: where the line's text starts.
    pub column: usize,
    /// Why it is suppressed, when a suppressions file leaves it out.
    pub suppressed: Option<String>,
    /// The fingerprint over the page's path in its input folder.
    pub page_key: String,
    /// Against a baseline (`lint --baseline`): whether the head brings it.
    pub new_in_head: Option<bool>,
}

/// Findings from diagnostics whose paths are relative to one of `roots`
/// (the inputs: folders, or files whose folder is the root).
pub fn findings(diags: &[Diagnostic], roots: &[PathBuf]) -> Vec<Finding> {
    let mut locator = Locator::default();
    diags
        .iter()
        .zip(page_keys(diags))
        .map(|(d, key)| Finding {
            page_key: key,
            ..locator.finding(d, roots)
        })
        .collect()
}

/// Places diagnostics in their files, reading each file once.
#[derive(Default)]
pub struct Locator {
    lines: LineCache,
}

impl Locator {
    /// The finding of one diagnostic whose path is relative to one of `roots`.
    pub fn finding(&mut self, d: &Diagnostic, roots: &[PathBuf]) -> Finding {
        let file = locate(roots, &d.path);
        let column = file
            .as_deref()
            .map_or(1, |f| self.lines.first_column(f, d.line));
        Finding {
            code: d.code.clone(),
            severity: d.severity,
            message: d.message.clone(),
            uri: repo_relative(file.as_deref(), roots, &d.path),
            line: d.line,
            column,
            suppressed: None,
            page_key: String::new(),
            new_in_head: None,
        }
    }
}

/// The file a path relative to one of the roots names, if it exists.
pub fn locate(roots: &[PathBuf], rel: &str) -> Option<PathBuf> {
    if rel.is_empty() {
        return None;
    }
    roots.iter().find_map(|root| {
        let base: &Path = if root.is_file() {
            root.parent().unwrap_or(Path::new(""))
        } else {
            root
        };
        let candidate = base.join(rel);
        candidate.is_file().then_some(candidate)
    })
}

/// A path relative to the working folder (the repository root in CI),
/// `/`-separated, without `./`.
fn repo_relative(file: Option<&Path>, roots: &[PathBuf], rel: &str) -> String {
    let path = match file {
        Some(f) => f.to_path_buf(),
        None => roots
            .first()
            .map(|r| {
                let base = if r.is_file() {
                    r.parent().unwrap_or(Path::new("")).to_path_buf()
                } else {
                    r.clone()
                };
                base.join(rel)
            })
            .unwrap_or_else(|| PathBuf::from(rel)),
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let relative = relative_to(&path, &cwd);
    let text: Vec<String> = relative
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    text.join("/").replace("//", "/")
}

/// `path` relative to `base`, with `..` where it lies outside (both made
/// absolute and free of symbolic links first, where they exist).
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
    if path.is_relative() {
        return path;
    }
    let (a, b): (Vec<_>, Vec<_>) = (path.components().collect(), base.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &a[common..] {
        out.push(c.as_os_str());
    }
    out
}

/// Lines of files read once each, for the column where a line's text starts.
#[derive(Default)]
struct LineCache {
    files: std::collections::HashMap<PathBuf, Vec<String>>,
}

impl LineCache {
    fn first_column(&mut self, file: &Path, line: usize) -> usize {
        let lines = self.files.entry(file.to_path_buf()).or_insert_with(|| {
            std::fs::read_to_string(file)
                .map(|t| t.lines().map(str::to_string).collect())
                .unwrap_or_default()
        });
        line.checked_sub(1)
            .and_then(|i| lines.get(i))
            .map_or(1, |l| {
                1 + l.chars().take_while(|c| c.is_whitespace()).count()
            })
    }
}

/// A finding's message with line numbers taken out (`line 12`, `x.md:12`):
/// what it is about, which does not move when lines do.
pub(crate) fn without_line_numbers(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        let after_marker = c == ':' || out.ends_with("line ");
        if after_marker && chars.peek().is_some_and(char::is_ascii_digit) {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
            out.push('#');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_are_left_out_of_what_a_finding_is_about() {
        assert_eq!(
            without_line_numbers("`a` at x.md:12 and line 7, not 3"),
            "`a` at x.md:# and line #, not 3"
        );
    }
}
