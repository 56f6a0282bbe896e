//! The page checks of Microsoft's doc checker that the reading stages do
//! not make: links (a file that does not exist, an anchor that is no
//! heading of its page, a file name whose case differs from the file on
//! disk), request and response examples in pairs, and each page's outline
//! (the sections a method or resource page has, in the usual order).

use crate::diag::Diagnostic;
use crate::extract::{slug, PageDecls, Shown};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub mod codes {
    pub const BROKEN_LINK: &str = "broken-link";
    pub const LINK_CASE_MISMATCH: &str = "link-case-mismatch";
    pub const BROKEN_ANCHOR: &str = "broken-anchor";
    pub const REQUEST_WITHOUT_RESPONSE: &str = "request-without-response";
    pub const RESPONSE_WITHOUT_REQUEST: &str = "response-without-request";
    pub const MISSING_SECTION: &str = "missing-section";
    pub const SECTION_OUT_OF_ORDER: &str = "section-out-of-order";
}

mod outline;
pub use outline::Outline;

/// Runs every page check. `root` is the input folder the pages' paths are
/// relative to (links are checked on disk there); without it, links are
/// not checked.
pub fn check_pages(
    decls: &[PageDecls],
    root: Option<&Path>,
    expected: &Outline,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(root) = root {
        Links::new(decls, root).check(&mut out);
    }
    pairs(decls, &mut out);
    for page in decls {
        outline::check(page, expected, &mut out);
    }
    out
}

/// The pages by path, their anchors, and a cache of folder listings.
struct Links<'d> {
    decls: &'d [PageDecls],
    root: &'d Path,
    anchors: HashMap<&'d str, BTreeSet<String>>,
    /// Outside a docs repository (`.git`, `docfx.json`), the input may be a
    /// copy of part of the docs: links into folders that hold none of its
    /// pages are not judged.
    partial_copy: bool,
    page_folders: BTreeSet<&'d str>,
    listings: std::cell::RefCell<HashMap<PathBuf, Option<Vec<String>>>>,
}

impl<'d> Links<'d> {
    fn new(decls: &'d [PageDecls], root: &'d Path) -> Self {
        let anchors = decls
            .iter()
            .map(|d| (d.path.as_str(), anchors_of(d)))
            .collect();
        let partial_copy = root.canonicalize().map_or(true, |real| {
            crate::include::docs_repository(&real).is_none()
        });
        let page_folders = decls
            .iter()
            .map(|d| d.path.rsplit_once('/').map_or("", |(dir, _)| dir))
            .collect();
        Links {
            decls,
            root,
            anchors,
            partial_copy,
            page_folders,
            listings: Default::default(),
        }
    }

    /// The names in a folder, once per folder; `None` where it does not
    /// exist (the input holds part of the docs: not judged).
    fn listing(&self, dir: &Path) -> Option<Vec<String>> {
        self.listings
            .borrow_mut()
            .entry(dir.to_path_buf())
            .or_insert_with(|| {
                let entries = std::fs::read_dir(dir).ok()?;
                Some(
                    entries
                        .flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect(),
                )
            })
            .clone()
    }

    fn check(&self, out: &mut Vec<Diagnostic>) {
        for page in self.decls {
            for link in &page.links {
                if let Some(d) = self.check_link(page, &link.dest, link.line) {
                    out.push(d);
                }
            }
        }
    }

    fn check_link(&self, page: &PageDecls, dest: &str, line: usize) -> Option<Diagnostic> {
        let (file, anchor) = match dest.split_once('#') {
            Some((f, a)) => (f, Some(a)),
            None => (dest, None),
        };
        let file = file.split('?').next().unwrap_or("");
        if file.is_empty() {
            let anchor = anchor?;
            return self.check_anchor(&page.path, &page.path, anchor, dest, line);
        }
        let target = crate::include::join(&page.path, &percent_decode(file));
        if target.starts_with("..") {
            return None; // outside the input: not judged
        }
        let (folder, name) = target.rsplit_once('/').unwrap_or(("", &target));
        let dir = self.root.join(folder);
        let name = name.to_string();
        let names = self.listing(&dir)?;
        if self.partial_copy && !self.page_folders.contains(folder) && !names.contains(&name) {
            return Some(Diagnostic::note(
                crate::diag::codes::NOT_CHECKED,
                &page.path,
                line,
                format!("`{dest}` links `{target}`, in a folder that holds none of the pages read, and no docs repository (`.git`, `docfx.json`) is above the input; not checked"),
            ));
        }
        if names.contains(&name) {
            let anchor = anchor?;
            return self.check_anchor(&page.path, &target, anchor, dest, line);
        }
        if let Some(real) = names.iter().find(|n| n.eq_ignore_ascii_case(&name)) {
            return Some(Diagnostic::warning(
                codes::LINK_CASE_MISMATCH,
                &page.path,
                line,
                format!(
                    "`{dest}`: the file is `{real}` (a case-sensitive host serves no `{name}`)"
                ),
            ));
        }
        Some(Diagnostic::warning(
            codes::BROKEN_LINK,
            &page.path,
            line,
            format!("`{dest}` links `{target}`, which does not exist"),
        ))
    }

    fn check_anchor(
        &self,
        from: &str,
        target: &str,
        anchor: &str,
        dest: &str,
        line: usize,
    ) -> Option<Diagnostic> {
        // Only pages read here have known headings.
        let known = self.anchors.get(target)?;
        let wanted = anchor.to_ascii_lowercase();
        let base = wanted
            .rsplit_once('-')
            .filter(|(_, n)| n.chars().all(|c| c.is_ascii_digit()))
            .map(|(b, _)| b.to_string());
        if known.contains(&wanted) || base.is_some_and(|b| known.contains(&b)) {
            return None;
        }
        let whose = if target == from { "this page" } else { target };
        Some(Diagnostic::warning(
            codes::BROKEN_ANCHOR,
            from,
            line,
            format!("`{dest}`: `#{anchor}` is no heading of {whose}"),
        ))
    }
}

/// The anchors a page's headings make (GitHub's and the docs' slugs).
fn anchors_of(page: &PageDecls) -> BTreeSet<String> {
    page.headings.iter().map(|h| slug(&h.text)).collect()
}

/// `%20` and friends in a link's file part.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Each request an example shows answered by a response before the next
/// request, and each response after a request (annotated or not).
fn pairs(decls: &[PageDecls], out: &mut Vec<Diagnostic>) {
    for page in decls {
        let mut exchange = Exchange::default();
        for shown in &page.shown {
            exchange.see(shown, &page.path, out);
        }
        exchange.close(&page.path, out);
    }
}

/// One exchange of an example: its requests (two ways to ask may share an
/// answer) and its responses (a redirect's answer, an error, may follow the
/// first).
#[derive(Default)]
struct Exchange {
    /// Requests to the API, and whether any request (to any address) was seen.
    requests: Vec<usize>,
    any_request: bool,
    responses: Vec<usize>,
    /// A `Response` heading answered the requests in prose.
    told: bool,
    /// A heading within the example came after unanswered requests: a
    /// response next still answers them, a request next starts another
    /// exchange.
    split: bool,
    /// The level of the heading that started the example.
    example_level: Option<u8>,
}

impl Exchange {
    fn see(&mut self, shown: &Shown, path: &str, out: &mut Vec<Diagnostic>) {
        match *shown {
            // A heading within the example (`##### Resources examples`
            // under `## Example`) between a request and its response.
            Shown::ExampleHeading(_, level)
                if self.any_request
                    && !self.answered()
                    && self.example_level.is_some_and(|at| level > at) =>
            {
                self.split = true;
            }
            Shown::ExampleHeading(_, level) => {
                self.close(path, out);
                self.example_level = Some(level);
            }
            Shown::OtherHeading(_, level) => {
                if self.example_level.is_some_and(|at| level <= at) {
                    self.close(path, out);
                }
            }
            Shown::Request(_) | Shown::OtherRequest(_) if self.answered() || self.split => {
                self.close(path, out);
                self.request(shown);
            }
            Shown::Request(_) | Shown::OtherRequest(_) => self.request(shown),
            Shown::ResponseHeading(_) => self.told = self.any_request,
            Shown::Response { line, .. } => {
                self.responses.push(line);
                self.split = false;
            }
        }
    }

    fn request(&mut self, shown: &Shown) {
        if let Shown::Request(line) = *shown {
            self.requests.push(line);
        }
        self.any_request = true;
    }

    fn answered(&self) -> bool {
        !self.responses.is_empty() || self.told
    }

    fn close(&mut self, path: &str, out: &mut Vec<Diagnostic>) {
        match (self.requests.first(), self.responses.first()) {
            (Some(&at), None) if !self.told => out.push(unanswered(path, at)),
            (None, Some(&at)) if !self.any_request => out.push(Diagnostic::warning(
                codes::RESPONSE_WITHOUT_REQUEST,
                path,
                at,
                "a response example with no request example before it",
            )),
            _ => {}
        }
        *self = Exchange::default();
    }
}

fn unanswered(path: &str, line: usize) -> Diagnostic {
    Diagnostic::warning(
        codes::REQUEST_WITHOUT_RESPONSE,
        path,
        line,
        "a request example with no response example after it",
    )
}
