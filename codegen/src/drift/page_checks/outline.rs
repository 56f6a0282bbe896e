//! The outline a page should have: which `##` sections a method page and
//! a resource page need, and their usual order. A small default that a
//! docs team can replace with a file (`lint --outline FILE`):
//!
//! ```text
//! [method]
//! required = HTTP request, Response, Example|Examples
//! order = Permissions, HTTP request, Optional query parameters, Request headers|Optional request headers, Request body, Response, Example|Examples
//! [resource]
//! required = Properties, JSON representation
//! order = Methods, Properties, Relationships, JSON representation
//! ```
//!
//! A section matches a heading that starts with one of its `|` spellings,
//! in any case.

use super::codes;
use crate::diag::Diagnostic;
use crate::extract::PageDecls;

/// The sections of one kind of page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sections {
    /// Each a list of spellings.
    pub required: Vec<Vec<String>>,
    pub order: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub method: Sections,
    pub resource: Sections,
}

const DEFAULT: &str = "[method]
required = HTTP request, Response, Example|Examples
order = Permissions|Prerequisites, HTTP request, Optional query parameters|Query parameters, Request headers|Optional request headers, Request body, Response, Example|Examples
[resource]
required = Properties, JSON representation
order = Methods, Properties, Relationships, JSON representation
";

impl Default for Outline {
    fn default() -> Self {
        // The default text is this module's own: it always parses.
        Outline::parse(DEFAULT).unwrap_or(Outline {
            method: Sections::default(),
            resource: Sections::default(),
        })
    }
}

impl Outline {
    /// Reads an outline file; a line it cannot read is an error naming it.
    pub fn parse(text: &str) -> Result<Outline, String> {
        let mut outline = Outline {
            method: Sections::default(),
            resource: Sections::default(),
        };
        let mut current: Option<&mut Sections> = None;
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            match line {
                "[method]" => current = Some(&mut outline.method),
                "[resource]" => current = Some(&mut outline.resource),
                _ => {
                    let (key, value) = line.split_once('=').ok_or_else(|| {
                        format!("line {}: expected `key = sections`, found `{line}`", i + 1)
                    })?;
                    let sections = current.as_deref_mut().ok_or_else(|| {
                        format!("line {}: `{line}` before `[method]` or `[resource]`", i + 1)
                    })?;
                    let list: Vec<Vec<String>> = value
                        .split(',')
                        .map(|s| s.split('|').map(|x| x.trim().to_string()).collect())
                        .collect();
                    match key.trim() {
                        "required" => sections.required = list,
                        "order" => sections.order = list,
                        other => return Err(format!("line {}: unknown key `{other}`", i + 1)),
                    }
                }
            }
        }
        Ok(outline)
    }
}

fn matches(heading: &str, spellings: &[String]) -> bool {
    let h = heading.trim().to_ascii_lowercase();
    spellings
        .iter()
        .any(|s| h.starts_with(s.to_ascii_lowercase().as_str()))
}

/// `## operationError Properties`: the section, the page's type named
/// first.
fn named_for_type(page: &PageDecls, heading: &str, spellings: &[String]) -> bool {
    let Some((first, rest)) = heading.trim().split_once(' ') else {
        return false;
    };
    page.types
        .iter()
        .any(|t| t.name.eq_ignore_ascii_case(first))
        && matches(rest, spellings)
}

/// What kind of page this is: by what it declares (a call, a type), else
/// by its `doc_type`; `None` for overviews and enum pages.
fn kind<'o>(page: &PageDecls, outline: &'o Outline) -> Option<&'o Sections> {
    if !page.operations.is_empty() {
        return Some(&outline.method);
    }
    let primary = page.types.iter().find(|t| t.primary);
    match (primary.map(|t| t.kind), page.doc_type.as_deref()) {
        (Some(crate::ir::Kind::Enum), _) => None,
        (Some(_), _) => Some(&outline.resource),
        (None, Some("apipagetype")) => Some(&outline.method),
        _ => None,
    }
}

pub fn check(page: &PageDecls, outline: &Outline, out: &mut Vec<Diagnostic>) {
    let Some(expected) = kind(page, outline) else {
        return;
    };
    let title_line = page
        .headings
        .iter()
        .find(|h| h.level == 1)
        .map_or(1, |h| h.line);
    let sections: Vec<_> = page.headings.iter().filter(|h| h.level == 2).collect();
    for required in &expected.required {
        let found = |h: &&&crate::extract::Heading| {
            matches(&h.text, required) || named_for_type(page, &h.text, required)
        };
        if sections.iter().any(|h| found(&h)) {
            continue;
        }
        let (line, message) = match nested(page, expected, required) {
            Nested::InScenario => continue,
            Nested::WrongLevel(h) => (
                h.line,
                format!(
                    "`{} {}` is a level-{} heading; the page's `## {}` section is missing",
                    "#".repeat(usize::from(h.level)),
                    h.text.trim(),
                    h.level,
                    display(required)
                ),
            ),
            Nested::Absent => (
                title_line,
                format!("the page has no `## {}` section", display(required)),
            ),
        };
        out.push(Diagnostic::warning(
            codes::MISSING_SECTION,
            &page.path,
            line,
            message,
        ));
    }
    let mut last: Option<(usize, &str)> = None;
    for h in &sections {
        let Some(at) = expected.order.iter().position(|s| matches(&h.text, s)) else {
            continue;
        };
        if let Some((before, name)) = last {
            if at < before {
                out.push(Diagnostic::note(
                    codes::SECTION_OUT_OF_ORDER,
                    &page.path,
                    h.line,
                    format!("`## {}` usually comes before `## {name}`", h.text.trim()),
                ));
                continue;
            }
        }
        last = Some((at, h.text.trim()));
    }
}

/// Where a required section that is no `##` heading is.
enum Nested<'p> {
    /// Under a `##` heading the outline does not know (`## Get a user's
    /// OneDrive` / `### HTTP request`): a page laid out by scenario has it.
    InScenario,
    /// Under one of the outline's own sections, or under none (`### Response`
    /// inside `## Request body`): a heading at the wrong level.
    WrongLevel(&'p crate::extract::Heading),
    Absent,
}

fn nested<'p>(page: &'p PageDecls, expected: &Sections, required: &[String]) -> Nested<'p> {
    let known = |text: &str| {
        expected
            .order
            .iter()
            .chain(&expected.required)
            .any(|s| matches(text, s))
    };
    let mut parent: Option<&str> = None;
    for h in &page.headings {
        if h.level == 2 {
            // The examples' own `#### Response` headings are theirs.
            if h.text.trim().to_ascii_lowercase().starts_with("example") {
                break;
            }
            parent = Some(h.text.as_str());
        } else if h.level > 2 && matches(&h.text, required) {
            return match parent {
                Some(p) if !known(p) => Nested::InScenario,
                _ => Nested::WrongLevel(h),
            };
        }
    }
    Nested::Absent
}

fn display(spellings: &[String]) -> String {
    spellings.first().cloned().unwrap_or_default()
}
