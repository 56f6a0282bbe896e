//! What the page checks of `lint` read beyond declarations: the page's
//! headings (its outline and its anchors) and its relative links.

use super::*;

/// A heading of a page (level 2 and below; level 1 is the title, and SDK
/// tab headings `# [C#](#tab/csharp)` are level 1 too).
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

/// Headings, and relative links of paragraphs, headings and tables.
pub fn outline(blocks: &[Block]) -> (Vec<Heading>, Vec<LinkRef>) {
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut push = |inline: &Inline, line: usize| {
        for (dest, _) in inline.links() {
            if is_relative(dest) {
                links.push(LinkRef {
                    dest: dest.to_string(),
                    line,
                });
            }
        }
    };
    for block in blocks {
        match block {
            Block::Heading { level, text, line } => {
                if *level >= 2 {
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
            _ => {}
        }
    }
    (headings, links)
}

/// A link within the docs: no scheme, not site-absolute (`/graph/...`),
/// not mail; SDK tab links (`#tab/http`) are not anchors of the page.
fn is_relative(dest: &str) -> bool {
    let d = dest.trim();
    !d.is_empty()
        && !d.contains("://")
        && !d.starts_with('/')
        && !d.starts_with("mailto:")
        && !d.starts_with("#tab/")
        && !d.starts_with("xref:")
}
