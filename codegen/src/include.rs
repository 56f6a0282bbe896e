//! Stage 0: DocFX includes. `[!INCLUDE [label](path.md)]` is replaced by
//! the included file, without its front matter, where it stands, as the
//! docs' build does: on a line of its own the file's blocks take the
//! line's place; inside a line (a table cell, a paragraph) its text is
//! joined onto that line. Includes nest. SDK snippet includes
//! (`includes/snippets/...`) are dropped unread.
//!
//! Lines of included text are numbered in a range of their own, so that
//! every later stage keeps one `usize` line per place and the page's own
//! lines keep their numbers: the `k`-th include expanded on a page has its
//! line `n` at `k * FILE_STRIDE + n`. [`Origins::place`] turns such a line
//! back into the included file and its line; the pipeline does so once,
//! before anything leaves it (IR sources, diagnostics). Written by hand:
//! no crate implements DocFX's include syntax.

use crate::diag::{codes, Diagnostic};
use crate::ir::Source;

/// The stride between the line ranges of included files. Pages are at
/// most 8 MiB, so a page's lines stay below it; usize is 64 bits on the
/// hosts graphgen runs on (this does not compile on 32-bit ones).
pub const FILE_STRIDE: usize = 1 << 32;

/// A page's expansion stops after this many includes (a file included
/// over and over by nested includes would otherwise grow without bound).
const MAX_INCLUDES: usize = 1000;

/// One included file, as expanded on one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Included {
    /// Relative to the input root, `/`-separated (`../includes/x.md`
    /// where it lies beside the input folder).
    pub path: String,
    /// The page that included it (through other includes, perhaps) and the
    /// line of the page's include directive.
    pub page: Source,
}

/// Where a page's included text came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    files: Vec<Included>,
}

impl Origins {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The included file a line of the expanded page is in (`None`: the
    /// page's own line) and the line in that file.
    pub fn place(&self, line: usize) -> (Option<&Included>, usize) {
        match line / FILE_STRIDE {
            0 => (None, line),
            k => (self.files.get(k - 1), line % FILE_STRIDE),
        }
    }

    /// Moves a place of the expanded page to the file it is in; `Some`
    /// (the including page) where that is an included file.
    pub fn relocate(&self, path: &mut String, line: &mut usize) -> Option<Source> {
        if let (Some(file), real) = self.place(*line) {
            *path = file.path.clone();
            *line = real;
            return Some(file.page.clone());
        }
        None
    }
}

/// Why an included file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncludeError {
    NotFound,
    /// Its folder is not there, and the input is not a docs repository: a
    /// copy of part of the docs, whose includes live elsewhere.
    FolderNotHeld,
    /// It leads out of the include root.
    OutsideRoot,
    Unreadable(String),
}

/// Reads included files by their path relative to the input root.
pub trait IncludeReader: Sync {
    fn read(&self, path: &str) -> Result<String, IncludeError>;
}

/// Includes read from pages in memory (`ir_from_sources`): only those.
pub struct InMemory<'a>(pub &'a [(&'a str, &'a str)]);

impl IncludeReader for InMemory<'_> {
    fn read(&self, path: &str) -> Result<String, IncludeError> {
        self.0
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, text)| text.to_string())
            .ok_or(IncludeError::NotFound)
    }
}

/// Includes read from disk, inside an include root.
pub struct OnDisk {
    /// The input folder that page paths are relative to.
    pub input_root: std::path::PathBuf,
    /// Canonical; nothing outside it is read.
    pub include_root: std::path::PathBuf,
    /// The include root is the docs repository (found by its `.git` or
    /// `docfx.json`, or given): a missing include is a defect there.
    pub marked: bool,
}

impl OnDisk {
    /// The include root of an input folder: the nearest ancestor holding
    /// `.git` or `docfx.json` (the docs repository), else the folder's
    /// grandparent (`api-reference/` from `api-reference/v1.0/`).
    pub fn default_root(input_root: &std::path::Path) -> std::path::PathBuf {
        let real = input_root
            .canonicalize()
            .unwrap_or_else(|_| input_root.to_path_buf());
        match docs_repository(&real) {
            Some(dir) => dir.to_path_buf(),
            None => real
                .parent()
                .and_then(std::path::Path::parent)
                .unwrap_or(&real)
                .to_path_buf(),
        }
    }
}

/// The docs repository a folder is in: its nearest ancestor holding `.git`
/// or `docfx.json`.
pub fn docs_repository(dir: &std::path::Path) -> Option<&std::path::Path> {
    dir.ancestors()
        .find(|d| d.join(".git").exists() || d.join("docfx.json").exists())
}

impl IncludeReader for OnDisk {
    fn read(&self, path: &str) -> Result<String, IncludeError> {
        let full = self.input_root.join(path);
        let folder_held = full.parent().is_none_or(std::path::Path::is_dir);
        let real = full
            .canonicalize()
            .map_err(|_| match folder_held || self.marked {
                true => IncludeError::NotFound,
                false => IncludeError::FolderNotHeld,
            })?;
        if !real.starts_with(&self.include_root) {
            return Err(IncludeError::OutsideRoot);
        }
        let size = std::fs::metadata(&real).map_or(0, |m| m.len());
        if size > crate::load::MAX_PAGE_BYTES {
            return Err(IncludeError::Unreadable(format!("{size} bytes")));
        }
        let bytes = std::fs::read(&real).map_err(|e| IncludeError::Unreadable(e.to_string()))?;
        String::from_utf8(bytes).map_err(|_| IncludeError::Unreadable("not UTF-8".to_string()))
    }
}

/// Where a run of the expanded text starts, and the (encoded) line of its
/// first line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub first_line: usize,
}

/// A page with its includes in place.
#[derive(Debug, Clone, Default)]
pub struct Expanded {
    pub text: String,
    pub segments: Vec<Segment>,
    pub origins: Origins,
}

/// Whether a file is an include rather than a page: DocFX's `ms.topic:
/// include`, or a place under an `includes` folder. Such files are read
/// only where a page includes them.
pub fn is_include_file(rel_path: &str, text: &str) -> bool {
    if rel_path.split('/').any(|part| part == "includes") {
        return true;
    }
    let Some(front) = text.strip_prefix("---") else {
        return false;
    };
    let front = front.split("\n---").next().unwrap_or("");
    front.lines().any(|l| {
        l.split_once(':').is_some_and(|(k, v)| {
            k.trim() == "ms.topic" && v.trim().trim_matches('"').eq_ignore_ascii_case("include")
        })
    })
}

/// Whether the text holds an include directive at all (most pages: none,
/// and they are parsed as they are).
pub fn has_include(text: &str) -> bool {
    text.as_bytes()
        .windows(9)
        .any(|w| w.eq_ignore_ascii_case(b"[!include"))
}

/// Expands every include of a page. `None` where it has none.
pub fn expand(
    page_path: &str,
    text: &str,
    reader: &dyn IncludeReader,
    diags: &mut Vec<Diagnostic>,
) -> Option<Expanded> {
    if !has_include(text) {
        return None;
    }
    let mut ex = Expander {
        page: page_path,
        reader,
        out: Expanded::default(),
        stack: vec![page_path.to_string()],
        diags,
        budget_reported: false,
    };
    ex.file(text, 0, 1, None);
    Some(ex.out)
}

struct Expander<'r, 'd> {
    page: &'r str,
    reader: &'r dyn IncludeReader,
    out: Expanded,
    /// The files being expanded, outermost first (for loops).
    stack: Vec<String>,
    diags: &'d mut Vec<Diagnostic>,
    budget_reported: bool,
}

/// A directive: its byte range in the line and the target as written.
struct Directive {
    start: usize,
    end: usize,
    dest: String,
}

impl Expander<'_, '_> {
    fn begin_segment(&mut self, file: usize, line: usize) {
        let segment = Segment {
            start: self.out.text.len(),
            first_line: file * FILE_STRIDE + line,
        };
        match self.out.segments.last_mut() {
            Some(last) if last.start == segment.start => *last = segment,
            _ => self.out.segments.push(segment),
        }
    }

    /// Copies one file's text (`file` 0 is the page), its first line being
    /// `first_line` of that file; `page_line` is the page's directive line
    /// that brought it in.
    fn file(&mut self, text: &str, file: usize, first_line: usize, page_line: Option<usize>) {
        self.begin_segment(file, first_line);
        let mut fence: Option<(char, usize)> = None;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let n = first_line + i;
            let body = line.trim_end_matches(['\n', '\r']);
            if let Some(f) = fence {
                if closes_fence(body, f) {
                    fence = None;
                }
                self.push_line(body);
                continue;
            }
            if let Some(f) = opens_fence(body) {
                fence = Some(f);
                self.push_line(body);
                continue;
            }
            let directives = directives(body);
            if directives.is_empty() {
                self.push_line(body);
                continue;
            }
            let whole_line = directives.len() == 1
                && body[..directives[0].start].trim().is_empty()
                && body[directives[0].end..].trim().is_empty();
            let at_page = page_line.unwrap_or(n);
            if whole_line {
                self.block_include(&directives[0].dest, file, n, at_page);
            } else {
                let joined = self.inline_includes(body, &directives, file, n, at_page);
                self.push_line(&joined);
            }
        }
    }

    fn push_line(&mut self, line: &str) {
        self.out.text.push_str(line);
        self.out.text.push('\n');
    }

    /// An include on a line of its own: the file's blocks in the line's place.
    fn block_include(&mut self, dest: &str, file: usize, line: usize, page_line: usize) {
        self.push_line("");
        if let Some((path, body, body_line)) = self.read(dest, file, line) {
            let k = self.out.origins.files.len() + 1;
            self.out.origins.files.push(Included {
                path: path.clone(),
                page: Source {
                    path: self.page.to_string(),
                    line: page_line,
                },
            });
            self.stack.push(path);
            self.file(&body, k, body_line, Some(page_line));
            self.stack.pop();
            self.push_line("");
        }
        self.begin_segment(file, line + 1);
    }

    /// Includes inside a line: their text joined onto the line.
    fn inline_includes(
        &mut self,
        body: &str,
        directives: &[Directive],
        file: usize,
        line: usize,
        page_line: usize,
    ) -> String {
        let mut joined = String::new();
        let mut at = 0;
        for d in directives {
            joined.push_str(&body[at..d.start]);
            if let Some((path, text, _)) = self.read(&d.dest, file, line) {
                // Nested includes inside inline text are expanded in turn.
                let inner = self.inline_text(&path, &text, page_line);
                joined.push_str(&inner);
            }
            at = d.end;
        }
        joined.push_str(&body[at..]);
        joined
    }

    /// An included file's text as one line, its own includes expanded.
    fn inline_text(&mut self, path: &str, text: &str, page_line: usize) -> String {
        let mut words = Vec::new();
        self.stack.push(path.to_string());
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let found = directives(line);
            if found.is_empty() {
                words.push(line.trim().to_string());
                continue;
            }
            let joined = self.inline_includes(line, &found, 0, page_line, page_line);
            words.push(joined.trim().to_string());
        }
        self.stack.pop();
        words.join(" ")
    }

    /// Reads an include: (its path, its text without front matter, the
    /// line that text starts on). Problems are diagnostics at the directive.
    fn read(&mut self, dest: &str, file: usize, line: usize) -> Option<(String, String, usize)> {
        let from = self.stack.last().cloned().unwrap_or_default();
        let at = file * FILE_STRIDE + line;
        let path = join(&from, dest);
        if is_snippet(&path) {
            return None;
        }
        if self.out.origins.files.len() >= MAX_INCLUDES {
            if !self.budget_reported {
                self.budget_reported = true;
                self.diag(
                    codes::INCLUDE_LOOP,
                    at,
                    format!("more than {MAX_INCLUDES} includes on one page; the rest are left out"),
                );
            }
            return None;
        }
        if self.stack.contains(&path) {
            let chain = self.stack.join(" → ");
            self.diag(
                codes::INCLUDE_LOOP,
                at,
                format!("`{dest}` includes itself ({chain} → {path}); not expanded again"),
            );
            return None;
        }
        match self.reader.read(&path) {
            Ok(text) => {
                let (body, first_line) = strip_front_matter(&text);
                Some((path, body.to_string(), first_line))
            }
            Err(IncludeError::NotFound) => {
                self.diag(
                    codes::INCLUDE_NOT_FOUND,
                    at,
                    format!("included file `{dest}` ({path}) does not exist; left out"),
                );
                None
            }
            Err(IncludeError::FolderNotHeld) => {
                self.diags.push(Diagnostic::note(
                    codes::NOT_CHECKED,
                    self.page,
                    at,
                    format!("included file `{dest}` ({path}) is in a folder this input does not hold, and no docs repository (`.git`, `docfx.json`) is above it; not read (give --include-root)"),
                ));
                None
            }
            Err(IncludeError::OutsideRoot) => {
                self.diag(
                    codes::INCLUDE_OUTSIDE_ROOT,
                    at,
                    format!("included file `{dest}` lies outside the include root; not read (see --include-root)"),
                );
                None
            }
            Err(IncludeError::Unreadable(why)) => {
                self.diag(
                    codes::INCLUDE_NOT_FOUND,
                    at,
                    format!("included file `{dest}` cannot be read ({why}); left out"),
                );
                None
            }
        }
    }

    fn diag(&mut self, code: &str, line: usize, message: String) {
        self.diags
            .push(Diagnostic::warning(code, self.page, line, message));
    }
}

/// The include directives of a line, in order.
fn directives(line: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    let lower = line.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("[!include") {
        let start = from + at;
        // `[!INCLUDE [label](dest)]`: the label, then the destination.
        let rest = &line[start + 9..];
        let parsed = rest
            .find("](")
            .and_then(|open| {
                let after = &rest[open + 2..];
                let close = after.find(')')?;
                let tail = &after[close + 1..];
                let end = tail.find(']')?;
                tail[..end].trim().is_empty().then(|| {
                    (
                        after[..close].trim().to_string(),
                        open + 2 + close + 1 + end + 1,
                    )
                })
            })
            .filter(|(dest, _)| !dest.is_empty());
        match parsed {
            Some((dest, len)) => {
                let dest = dest
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_matches(['<', '>'])
                    .to_string();
                out.push(Directive {
                    start,
                    end: start + 9 + len,
                    dest,
                });
                from = start + 9 + len;
            }
            None => from = start + 9,
        }
    }
    out
}

/// `dest` relative to the file `from` (both relative to the input root):
/// `.` and `..` resolved, `..` kept where it climbs above the root.
pub fn join(from: &str, dest: &str) -> String {
    let dest = dest
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .replace('\\', "/");
    let mut parts: Vec<&str> = if dest.starts_with('/') {
        Vec::new()
    } else {
        let mut p: Vec<&str> = from.split('/').collect();
        p.pop();
        p
    };
    for part in dest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

fn is_snippet(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.starts_with("includes/snippets/") || lower.contains("/includes/snippets/")
}

/// The text after a leading `---` front matter block, and its first line.
fn strip_front_matter(text: &str) -> (&str, usize) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next().filter(|l| l.trim_end() == "---") else {
        return (text, 1);
    };
    let mut offset = first.len();
    for (i, line) in lines.enumerate() {
        offset += line.len();
        if line.trim_end() == "---" {
            return (&text[offset..], i + 3);
        }
    }
    (text, 1)
}

fn opens_fence(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start();
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

fn closes_fence(line: &str, (c, n): (char, usize)) -> bool {
    let t = line.trim();
    t.chars().take_while(|x| *x == c).count() >= n && t.chars().all(|x| x == c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_in(files: &[(&str, &str)], page: &str) -> (Expanded, Vec<Diagnostic>) {
        let text = files.iter().find(|(p, _)| *p == page).unwrap().1;
        let mut diags = Vec::new();
        let ex = expand(page, text, &InMemory(files), &mut diags).unwrap();
        (ex, diags)
    }

    #[test]
    fn paths_join_relative_to_the_including_file() {
        assert_eq!(join("api/x.md", "../includes/p/y.md"), "includes/p/y.md");
        assert_eq!(
            join("api/x.md", "../../includes/all.md"),
            "../includes/all.md"
        );
        assert_eq!(join("includes/p/y.md", "./z.md"), "includes/p/z.md");
    }

    #[test]
    fn front_matter_is_dropped_and_lines_kept() {
        let (body, line) = strip_front_matter("---\na: b\n---\n\n|x|y|\n");
        assert_eq!((body, line), ("\n|x|y|\n", 4));
        assert_eq!(strip_front_matter("|x|\n"), ("|x|\n", 1));
    }

    #[test]
    fn block_includes_take_the_lines_place_and_keep_their_lines() {
        let files = [
            ("api/a.md", "# a\n\n[!INCLUDE [t](../inc/t.md)]\nafter\n"),
            (
                "inc/t.md",
                "---\nms.topic: include\n---\n|x|y|\n|-|-|\n|1|2|\n",
            ),
        ];
        let (ex, diags) = expand_in(&files, "api/a.md");
        assert!(diags.is_empty(), "{diags:?}");
        assert!(ex.text.contains("\n|x|y|\n|-|-|\n|1|2|\n"), "{}", ex.text);
        let page = crate::page::parse_page_with("api/a.md", &ex.text, &ex.segments);
        let lines: Vec<usize> = page
            .blocks
            .iter()
            .map(|b| match b {
                crate::page::Block::Heading { line, .. }
                | crate::page::Block::Table { line, .. }
                | crate::page::Block::Paragraph { line, .. } => *line,
                _ => 0,
            })
            .collect();
        assert_eq!(lines, vec![1, FILE_STRIDE + 4, 4]);
        let (file, line) = ex.origins.place(FILE_STRIDE + 4);
        assert_eq!((file.map(|f| f.path.as_str()), line), (Some("inc/t.md"), 4));
        assert_eq!(file.map(|f| f.page.line), Some(3));
    }

    #[test]
    fn inline_includes_join_the_line() {
        let files = [
            ("a.md", "| k | [!include[v](v.md)] |\n|-|-|\n"),
            ("v.md", "---\nx: y\n---\nUser.Read\n"),
        ];
        let (ex, _) = expand_in(&files, "a.md");
        assert_eq!(ex.text, "| k | User.Read |\n|-|-|\n");
    }

    #[test]
    fn loops_missing_files_and_snippets() {
        let files = [
            ("a.md", "[!INCLUDE [b](b.md)]\n[!INCLUDE [s](includes/snippets/cs/x.md)]\n[!INCLUDE [m](missing.md)]\n"),
            ("b.md", "b\n[!INCLUDE [a](a.md)]\n"),
        ];
        let (ex, diags) = expand_in(&files, "a.md");
        let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, vec![codes::INCLUDE_LOOP, codes::INCLUDE_NOT_FOUND]);
        // The loop is reported in b.md, at its line 2; the missing file at the page's line 3.
        assert_eq!(ex.origins.place(diags[0].line).1, 2);
        assert_eq!(diags[1].line, 3);
        assert!(ex.text.contains("b\n"));
    }

    #[test]
    fn includes_in_code_blocks_stay_text() {
        let files = [("a.md", "```md\n[!INCLUDE [b](b.md)]\n```\n")];
        let (ex, diags) = expand_in(&files, "a.md");
        assert!(diags.is_empty());
        assert_eq!(ex.text, files[0].1);
    }

    #[test]
    fn include_files_are_not_pages() {
        assert!(is_include_file("includes/permissions/x.md", ""));
        assert!(is_include_file("x.md", "---\nms.topic: include\n---\n"));
        assert!(!is_include_file(
            "api/x.md",
            "---\nms.topic: reference\n---\n"
        ));
    }
}
