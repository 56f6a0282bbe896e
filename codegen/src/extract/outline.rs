//! What the page checks of `lint` read beyond declarations: the page's
//! headings (its outline and its anchors) and its relative links.

use super::*;

/// A heading of a page (SDK tab headings `# [C#](#tab/csharp)` aside).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: usize,
}

/// A link to another file of the docs (or to an anchor), as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    pub line: usize,
}

/// What an example shows, at its line: an HTTP request or response (its
/// code block), or the heading that starts another example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Request(usize),
    /// A request to another address than the API's (a notification sent
    /// to an app, an upload to the URL an upload session gave), or one
    /// marked `"blockType": "ignored"`: a response after it is its answer,
    /// but it needs none.
    OtherRequest(usize),
    /// A `Response` heading in the examples: the response may be told in
    /// prose beneath it rather than shown.
    ResponseHeading(usize),
    /// `redirect`: a `3xx`, which the answer of its address may follow.
    Response {
        line: usize,
        redirect: bool,
    },
    /// A heading that starts an example, and its level.
    ExampleHeading(usize, u8),
    /// Another heading in the examples (`### Workbook functions`), but for
    /// `Request` and `Response`: at the example's level or above, it ends
    /// the example.
    OtherHeading(usize, u8),
}

/// Headings, relative links of paragraphs, headings and tables, and the
/// HTTP requests and responses the examples show (annotated or not).
pub fn outline(page: &Page) -> (Vec<Heading>, Vec<LinkRef>, Vec<Shown>) {
    let blocks = &page.blocks;
    // A link through a definition is checked once, at the definition.
    let defined: std::collections::HashSet<&str> = page
        .link_definitions
        .iter()
        .map(|(dest, _)| dest.as_str())
        .collect();
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut requests = Vec::new();
    let mut in_examples = false;
    let mut push = |inline: &Inline, _block_line: usize| {
        for (dest, line) in inline.links_with_lines() {
            if is_relative(dest) && !defined.contains(dest) {
                links.push(LinkRef {
                    dest: dest.to_string(),
                    line,
                });
            }
        }
    };
    // `<!-- { "blockType": "ignored" } -->`: the writer keeps the next
    // block from the doc tests (an illustration in an overview, a `$count`).
    let mut ignored = false;
    for block in blocks {
        let marked_ignored = std::mem::take(&mut ignored);
        match block {
            Block::Comment { text, .. } => {
                let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                ignored = compact.contains("\"blockType\":\"ignored\"");
            }
            Block::Heading { level, text, line } => {
                // SDK tab headings (`# [C#](#tab/csharp)`) are no sections.
                let tab = text.links().any(|(d, _)| d.starts_with("#tab/"));
                let example = text.plain().to_ascii_lowercase().contains("example");
                // A `## Response` after the examples still answers them.
                let response = text.plain().to_ascii_lowercase().starts_with("response");
                if *level == 2 && !tab {
                    in_examples = example || (in_examples && response);
                } else if *level > 2 && example {
                    in_examples = true;
                }
                let request = text.plain().to_ascii_lowercase().starts_with("request");
                if example && !tab {
                    requests.push(Shown::ExampleHeading(*line, *level));
                } else if response && in_examples && !tab {
                    requests.push(Shown::ResponseHeading(*line));
                } else if in_examples && !tab && !request {
                    requests.push(Shown::OtherHeading(*line, *level));
                }
                if !tab {
                    headings.push(Heading {
                        level: *level,
                        text: text.plain(),
                        line: *line,
                    });
                }
                push(text, *line);
            }
            Block::Paragraph { text, line, .. } => push(text, *line),
            Block::Table { header, rows, line } => {
                header.iter().for_each(|h| push(h, *line));
                for row in rows {
                    row.cells.iter().for_each(|c| push(c, row.line));
                }
            }
            Block::Code { text, line, .. } if in_examples => match http_kind(text) {
                // An ignored request may illustrate without an answer.
                Some((true, true)) if marked_ignored => requests.push(Shown::OtherRequest(*line)),
                Some((true, true)) => requests.push(Shown::Request(*line)),
                Some((true, false)) => requests.push(Shown::OtherRequest(*line)),
                Some((false, redirect)) => requests.push(Shown::Response {
                    line: *line,
                    redirect,
                }),
                None => {}
            },
            _ => {}
        }
    }
    links.extend(
        page.link_definitions
            .iter()
            .filter(|(dest, _)| is_relative(dest))
            .map(|(dest, line)| LinkRef {
                dest: dest.clone(),
                line: *line,
            }),
    );
    links.sort_by_key(|l| l.line);
    (headings, links, requests)
}

/// A code block that shows an HTTP request (`GET /me`) or a response
/// (`HTTP/1.1 200 OK`, `HTTP 201 Created`): (is a request, and for a
/// request whether it goes to the API; for a response whether it is a
/// redirect).
fn http_kind(text: &str) -> Option<(bool, bool)> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let mut words = first.split_whitespace();
    let (head, second) = (words.next()?, words.next());
    if head.starts_with("HTTP/") || head == "HTTP" {
        let status = second.unwrap_or("");
        return Some((false, status.starts_with('3')));
    }
    // A request to the service: a path, or an address whose path starts
    // with the API's version.
    let to_service = |url: &str| {
        url.starts_with('/')
            || url.split("://").nth(1).is_some_and(|rest| {
                let path = rest.find('/').map_or("", |i| &rest[i..]);
                path.starts_with("/v1.0") || path.starts_with("/beta")
            })
    };
    match (head, second) {
        ("GET" | "POST" | "PATCH" | "PUT" | "DELETE", Some(url)) => Some((true, to_service(url))),
        // An address with no method before it is still a request shown.
        (url, _) if url.starts_with("https://") || url.starts_with("http://") => {
            Some((true, false))
        }
        _ => None,
    }
}

/// A link within the docs: no scheme, not site-absolute (`/graph/...`),
/// not mail; SDK tab links (`#tab/http`) are not anchors of the page.
fn is_relative(dest: &str) -> bool {
    let d = dest.trim();
    let file = d.split(['#', '?']).next().unwrap_or("");
    // A file (`x.md`, `../images/a.png`) or an anchor; a bare word is a
    // reference link with no definition (`[identitySet][]`) or a DocFX
    // alert (`[!NOTE]`), not a link to check.
    let names_a_file = file
        .rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.'));
    (names_a_file || (file.is_empty() && d.starts_with('#')))
        && !d.contains("://")
        && !d.starts_with('/')
        && !d.starts_with('!')
        && !d.starts_with("mailto:")
        && !d.starts_with("#tab/")
        && !d.starts_with("xref:")
}
