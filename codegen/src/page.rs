//! Stage 1: markdown → page structure. pulldown-cmark does the parsing (tables,
//! escaped pipes, reference links, HTML comments, front matter); this module
//! only records what later stages need, each piece with its 1-based line.

use crate::include::Segment;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One piece of inline content: text, inline code, or a link. Text is
/// borrowed from the page where the markdown allows (most of it), so
/// reading a page allocates little.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span<'a> {
    Text(Cow<'a, str>),
    Code(Cow<'a, str>),
    /// A link, and the line it starts on (a paragraph may span lines).
    Link {
        dest: Cow<'a, str>,
        text: String,
        line: usize,
    },
}

/// Inline content of a paragraph, heading or table cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline<'a> {
    pub spans: Vec<Span<'a>>,
}

fn cow(s: CowStr<'_>) -> Cow<'_, str> {
    match s {
        CowStr::Borrowed(b) => Cow::Borrowed(b),
        other => Cow::Owned(other.to_string()),
    }
}

impl<'a> Inline<'a> {
    /// The text a reader sees: links reduced to their text, code to its
    /// content, runs of white space to one space. One pass, one allocation.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        let mut pending_space = false;
        for span in &self.spans {
            let text = match span {
                Span::Text(t) | Span::Code(t) => t.as_ref(),
                Span::Link { text, .. } => text.as_str(),
            };
            if out.capacity() == 0 {
                out.reserve(text.len());
            }
            push_collapsed(&mut out, text, &mut pending_space);
        }
        out
    }

    /// As [`Inline::plain`], borrowing when the content is one span with
    /// nothing to fold (most table cells: `id`, `String`).
    pub fn text(&self) -> Cow<'_, str> {
        if let [Span::Text(t) | Span::Code(t)] = self.spans.as_slice() {
            let b = t.as_bytes();
            let nothing_to_fold = b.first().is_some_and(|&c| c != b' ')
                && b.last().is_some_and(|&c| c != b' ')
                && t.is_ascii()
                && !b.iter().any(|&c| c.is_ascii_whitespace() && c != b' ')
                && !t.contains("  ");
            if nothing_to_fold {
                return Cow::Borrowed(t.as_ref());
            }
        }
        Cow::Owned(self.plain())
    }

    /// Each link with the line it starts on.
    pub fn links_with_lines(&self) -> impl Iterator<Item = (&str, usize)> {
        self.spans.iter().filter_map(|s| match s {
            Span::Link { dest, line, .. } => Some((dest.as_ref(), *line)),
            _ => None,
        })
    }

    pub fn links(&self) -> impl Iterator<Item = (&str, &str)> {
        self.spans.iter().filter_map(|s| match s {
            Span::Link { dest, text, .. } => Some((dest.as_ref(), text.as_str())),
            _ => None,
        })
    }

    fn push_text(&mut self, text: Cow<'a, str>) {
        self.spans.push(Span::Text(text));
    }
}

/// Appends `text` with runs of white space folded to one space, none at
/// the start or the end of `out`.
fn push_collapsed(out: &mut String, text: &str, pending_space: &mut bool) {
    if !text.is_ascii() {
        // Unicode white space (a no-break space, say) folds too.
        for (i, word) in text.split(char::is_whitespace).enumerate() {
            if i > 0 {
                *pending_space = true;
            }
            if !word.is_empty() {
                if *pending_space && !out.is_empty() {
                    out.push(' ');
                }
                *pending_space = false;
                out.push_str(word);
            }
        }
        return;
    }
    // The common case, by runs of bytes: this is the hot loop of reading.
    let bytes = text.as_bytes();
    // Commonest of all: single spaces between words, nothing to fold.
    let plain_spaced = !bytes.is_empty()
        && bytes[0] != b' '
        && bytes[bytes.len() - 1] != b' '
        && !bytes.iter().any(|&b| b.is_ascii_whitespace() && b != b' ')
        && !text.contains("  ");
    if plain_spaced {
        if *pending_space && !out.is_empty() {
            out.push(' ');
        }
        *pending_space = false;
        out.push_str(text);
        return;
    }
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            *pending_space = true;
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if *pending_space && !out.is_empty() {
            out.push(' ');
        }
        *pending_space = false;
        out.push_str(&text[start..i]);
    }
}

pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_collapsed(&mut out, s, &mut false);
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    pub cells: Vec<Inline<'a>>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block<'a> {
    Heading {
        level: u8,
        text: Inline<'a>,
        line: usize,
    },
    Paragraph {
        text: Inline<'a>,
        line: usize,
        /// Inside a blockquote (notes and warnings, not descriptions).
        quoted: bool,
    },
    Table {
        header: Vec<Inline<'a>>,
        rows: Vec<Row<'a>>,
        line: usize,
    },
    /// An HTML comment, without `<!--` and `-->`.
    Comment { text: String, line: usize },
    Code {
        lang: String,
        text: String,
        line: usize,
    },
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page<'a> {
    /// Relative to the input root, with `/` separators.
    pub path: String,
    pub front_matter: BTreeMap<String, String>,
    pub blocks: Vec<Block<'a>>,
    /// Where lines of included text came from (empty: none included).
    pub origins: crate::include::Origins,
    /// Reference link definitions (`[label]: dest`): destination and line.
    pub link_definitions: Vec<(String, usize)>,
}

/// Maps byte offsets to 1-based line numbers. Events come in document
/// order, so each lookup counts newlines from the previous one: one pass
/// over the text in all (an earlier offset starts over, rarely). A page
/// with its includes expanded is made of segments, each numbered from its
/// own first line (see [`crate::include`]).
struct LineCounter<'a> {
    text: &'a [u8],
    segments: &'a [Segment],
    offset: std::cell::Cell<usize>,
    line: std::cell::Cell<usize>,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str, segments: &'a [Segment]) -> Self {
        LineCounter {
            text: text.as_bytes(),
            segments,
            offset: std::cell::Cell::new(0),
            line: std::cell::Cell::new(1),
        }
    }

    fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        // The segment the offset is in: where counting starts from.
        let (seg_start, seg_line) = match self.segments.partition_point(|s| s.start <= offset) {
            0 => (0, 1),
            i => (self.segments[i - 1].start, self.segments[i - 1].first_line),
        };
        let cached = self.offset.get();
        let (from, mut line) = if offset >= cached && cached >= seg_start {
            (cached, self.line.get())
        } else {
            (seg_start, seg_line)
        };
        line += self.text[from..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset.set(offset);
        self.line.set(line);
        line
    }
}

/// What is being collected while inside a block-level element.
enum Open<'a> {
    Heading(u8, Inline<'a>, usize),
    Paragraph(Inline<'a>, usize),
    Table {
        header: Vec<Inline<'a>>,
        rows: Vec<Row<'a>>,
        line: usize,
        row: Option<Row<'a>>,
        cell: Option<Inline<'a>>,
        in_head: bool,
    },
    Code(String, String, usize),
    Html(String, usize),
    MetadataBlock(String),
}

/// Parses one page. Never fails: markdown has no syntax errors, and what the
/// page means is judged by the later stages.
pub fn parse_page<'a>(path: &str, source: &'a str) -> Page<'a> {
    parse_page_with(path, source, &[])
}

/// Parses a page whose includes are expanded: `segments` number its lines.
pub fn parse_page_with<'a>(path: &str, source: &'a str, segments: &'a [Segment]) -> Page<'a> {
    let lines = LineCounter::new(source, segments);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH;
    // A reference link whose definition is missing (`[identitySet][]`) still
    // names a type: keep it as a link whose destination is its label.
    let mut callback =
        |broken: pulldown_cmark::BrokenLink<'a>| Some((broken.reference, CowStr::from("")));
    let parser = Parser::new_with_broken_link_callback(source, options, Some(&mut callback));
    // `[label]: dest` definitions, where a link check points (the link
    // that uses one may be far away).
    let mut definitions: Vec<(String, usize)> = parser
        .reference_definitions()
        .iter()
        .map(|(_, def)| (def.dest.to_string(), def.span.start))
        .collect();
    definitions.sort_by_key(|(_, at)| *at);
    let link_definitions = definitions
        .into_iter()
        .map(|(dest, at)| (dest, lines.line(at)))
        .collect();
    let mut builder = Builder {
        page: Page {
            path: path.to_string(),
            link_definitions,
            ..Page::default()
        },
        open: None,
        quote_depth: 0,
        link: None,
    };
    for (event, range) in parser.into_offset_iter() {
        // Only the events that start something need their line.
        let line = || lines.line(range.start);
        match event {
            Event::Start(tag) => builder.start(tag, &line),
            Event::End(tag) => builder.end(tag),
            Event::Text(text) => builder.text(text),
            Event::Code(code) => builder.code(code),
            Event::SoftBreak | Event::HardBreak => builder.space(),
            Event::Html(html) => match &mut builder.open {
                Some(Open::Html(text, _)) => text.push_str(&html),
                _ => push_comments(&mut builder.page.blocks, &html, line()),
            },
            Event::InlineHtml(html) => {
                if html.trim_start().starts_with("<!--") {
                    push_comments(&mut builder.page.blocks, &html, line());
                } else {
                    // `<br>` and friends separate words; their markup is not text.
                    builder.space();
                }
            }
            _ => {}
        }
    }
    builder.page
}

/// The page being built from pulldown-cmark's events.
struct Builder<'a> {
    page: Page<'a>,
    /// The block being read.
    open: Option<Open<'a>>,
    quote_depth: usize,
    /// Link being read: destination, text so far, and its line.
    link: Option<(Cow<'a, str>, String, usize)>,
}

impl<'a> Builder<'a> {
    fn push(&mut self, block: Block<'a>) {
        self.page.blocks.push(block);
    }

    fn start(&mut self, tag: Tag<'a>, line: &dyn Fn() -> usize) {
        match tag {
            Tag::BlockQuote(_) => self.quote_depth += 1,
            Tag::MetadataBlock(_) => self.open = Some(Open::MetadataBlock(String::new())),
            Tag::Heading { level, .. } => {
                self.open = Some(Open::Heading(
                    heading_level(level),
                    Inline::default(),
                    line(),
                ))
            }
            // A list item's text is a paragraph of its own (a tight list's
            // items hold their text without a paragraph around it).
            Tag::List(_) => {
                flush_item_text(&mut self.open, &mut self.page.blocks, self.quote_depth)
            }
            Tag::Item => {
                flush_item_text(&mut self.open, &mut self.page.blocks, self.quote_depth);
                self.open = Some(Open::Paragraph(Inline::default(), line()));
            }
            Tag::Paragraph if !matches!(self.open, Some(Open::Table { .. })) => {
                self.open = Some(Open::Paragraph(Inline::default(), line()));
            }
            Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => {
                self.table_start(tag, line)
            }
            Tag::CodeBlock(kind) => {
                flush_item_text(&mut self.open, &mut self.page.blocks, self.quote_depth);
                let (lang, text) = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) => fence_info(&info),
                    pulldown_cmark::CodeBlockKind::Indented => (String::new(), String::new()),
                };
                self.open = Some(Open::Code(lang, text, line()));
            }
            Tag::HtmlBlock => self.open = Some(Open::Html(String::new(), line())),
            Tag::Link { dest_url, .. } => self.link = Some((cow(dest_url), String::new(), line())),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::BlockQuote(_) => self.quote_depth = self.quote_depth.saturating_sub(1),
            TagEnd::MetadataBlock(_) => {
                if let Some(Open::MetadataBlock(text)) = self.open.take() {
                    self.page.front_matter = parse_front_matter(&text);
                }
            }
            TagEnd::Heading(_) => {
                if let Some(Open::Heading(level, text, line)) = self.open.take() {
                    self.push(Block::Heading { level, text, line });
                }
            }
            TagEnd::Item => {
                flush_item_text(&mut self.open, &mut self.page.blocks, self.quote_depth)
            }
            TagEnd::Paragraph => {
                if let Some(Open::Paragraph(text, line)) = self.open.take() {
                    let quoted = self.quote_depth > 0;
                    self.push(Block::Paragraph { text, line, quoted });
                }
            }
            TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell => {
                self.table_end(tag)
            }
            TagEnd::CodeBlock => {
                if let Some(Open::Code(lang, text, line)) = self.open.take() {
                    self.push(Block::Code { lang, text, line });
                }
            }
            TagEnd::HtmlBlock => {
                if let Some(Open::Html(text, line)) = self.open.take() {
                    push_comments(&mut self.page.blocks, &text, line);
                }
            }
            TagEnd::Link => {
                if let Some((dest, text, line)) = self.link.take() {
                    if let Some(inline) = current_inline(&mut self.open) {
                        inline.spans.push(Span::Link { dest, text, line });
                    }
                }
            }
            _ => {}
        }
    }

    fn table_start(&mut self, tag: Tag<'a>, line: &dyn Fn() -> usize) {
        if let Tag::Table(_) = tag {
            self.open = Some(Open::Table {
                header: Vec::new(),
                rows: Vec::new(),
                line: line(),
                row: None,
                cell: None,
                in_head: false,
            });
            return;
        }
        let Some(Open::Table {
            row, cell, in_head, ..
        }) = &mut self.open
        else {
            return;
        };
        match tag {
            Tag::TableHead => *in_head = true,
            Tag::TableRow => {
                *row = Some(Row {
                    cells: Vec::new(),
                    line: line(),
                })
            }
            Tag::TableCell => *cell = Some(Inline::default()),
            _ => {}
        }
    }

    fn table_end(&mut self, tag: TagEnd) {
        if let TagEnd::Table = tag {
            if let Some(Open::Table {
                header, rows, line, ..
            }) = self.open.take()
            {
                self.push(Block::Table { header, rows, line });
            }
            return;
        }
        let Some(Open::Table {
            header,
            rows,
            row,
            cell,
            in_head,
            ..
        }) = &mut self.open
        else {
            return;
        };
        match tag {
            TagEnd::TableHead => *in_head = false,
            TagEnd::TableRow => rows.extend(row.take()),
            TagEnd::TableCell => {
                let done = cell.take().unwrap_or_default();
                if *in_head {
                    header.push(done);
                } else if let Some(r) = row {
                    r.cells.push(done);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: CowStr<'a>) {
        match (&mut self.open, &mut self.link) {
            (Some(Open::Code(_, body, _)), _) | (Some(Open::MetadataBlock(body)), _) => {
                body.push_str(&text)
            }
            (_, Some((_, link_text, _))) => link_text.push_str(&text),
            (open, None) => {
                if let Some(inline) = current_inline(open) {
                    inline.push_text(cow(text));
                }
            }
        }
    }

    fn code(&mut self, code: CowStr<'a>) {
        match &mut self.link {
            Some((_, link_text, _)) => link_text.push_str(&code),
            None => {
                if let Some(inline) = current_inline(&mut self.open) {
                    inline.spans.push(Span::Code(cow(code)));
                }
            }
        }
    }

    fn space(&mut self) {
        if let Some(inline) = current_inline(&mut self.open) {
            inline.push_text(Cow::Borrowed(" "));
        }
    }
}

/// A list item's text read so far, as a paragraph (before a nested list,
/// a code block, or at the item's end).
fn flush_item_text<'a>(
    open: &mut Option<Open<'a>>,
    blocks: &mut Vec<Block<'a>>,
    quote_depth: usize,
) {
    if let Some(Open::Paragraph(text, line)) = open.take_if(|o| matches!(o, Open::Paragraph(..))) {
        if !text.spans.is_empty() {
            blocks.push(Block::Paragraph {
                text,
                line,
                quoted: quote_depth > 0,
            });
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn current_inline<'o, 'a>(open: &'o mut Option<Open<'a>>) -> Option<&'o mut Inline<'a>> {
    match open {
        Some(Open::Heading(_, inline, _)) | Some(Open::Paragraph(inline, _)) => Some(inline),
        Some(Open::Table { cell, .. }) => cell.as_mut(),
        _ => None,
    }
}

/// Splits an HTML block into its comments; each keeps the line it starts on.
fn push_comments(blocks: &mut Vec<Block<'_>>, html: &str, first_line: usize) {
    let mut rest = html;
    let mut consumed_lines = 0;
    while let Some(start) = rest.find("<!--") {
        consumed_lines += rest[..start].matches('\n').count();
        let after = &rest[start + 4..];
        let (body, next) = match after.find("-->") {
            Some(end) => (&after[..end], &after[end + 3..]),
            None => (after, ""),
        };
        blocks.push(Block::Comment {
            text: body.to_string(),
            line: first_line + consumed_lines,
        });
        consumed_lines += rest[start..rest.len() - next.len()].matches('\n').count();
        rest = next;
    }
}

/// A fence's language, lower case, and the text its line already holds:
/// ```` ```http GET /education/schools ```` writes the request on the
/// fence's line, where the info string would be.
fn fence_info(info: &str) -> (String, String) {
    let info = info.trim();
    const METHODS: [&str; 5] = ["GET", "POST", "PATCH", "PUT", "DELETE"];
    match info.split_once(char::is_whitespace) {
        Some((lang, rest))
            if rest
                .split_whitespace()
                .next()
                .is_some_and(|m| METHODS.contains(&m))
                && rest.trim_start().contains(" /") =>
        {
            (lang.to_lowercase(), format!("{}\n", rest.trim()))
        }
        _ => (info.to_lowercase(), String::new()),
    }
}

/// Front matter is flat `key: value` YAML in these pages; values may be quoted.
/// A YAML crate would accept more, but nothing here needs nested values and
/// a malformed line must not lose the rest, so each line is read on its own.
fn parse_front_matter(text: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in text.lines() {
        if let Some((key, value)) = line.split_once(':') {
            let key = key.trim();
            if key.is_empty() || key.contains(' ') {
                continue;
            }
            let value = value
                .trim()
                .trim_matches('"')
                .trim_matches('\'')
                .to_string();
            map.insert(key.to_string(), value);
        }
    }
    map
}

/// Tabs in a table's delimiter row (`| --- \t|---|`): GitHub reads the row
/// as a delimiter row, pulldown-cmark does not and loses the table. Such
/// tabs become spaces; lengths and lines are unchanged. `None` where the
/// page has none.
pub fn repair_delimiter_rows(text: &str) -> Option<String> {
    let is_delimiter_row = |line: &str| {
        line.contains('\t')
            && line.contains('-')
            && line.contains('|')
            && line
                .chars()
                .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t' | '\r'))
    };
    if !text.lines().any(is_delimiter_row) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if is_delimiter_row(line.trim_end_matches('\n')) {
            out.push_str(&line.replace('\t', " "));
        } else {
            out.push_str(line);
        }
    }
    Some(out)
}

/// The stem of a page path or link (`../resources/User.md#x` → `user`).
pub fn page_stem(dest: &str) -> String {
    let no_query = dest.split(['?', '#']).next().unwrap_or("");
    let last = no_query.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = last.strip_suffix(".md").unwrap_or(last);
    stem.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_blocks_with_lines() {
        let src = "---\ntitle: \"x resource type\"\n---\n\n# x resource type\n\nNamespace: microsoft.graph\n\n| Property | Type | Description |\n|:--|:--|:--|\n| a | [b](b.md) collection | Read-only. a \\| b |\n| c | `String` | Not nullable. |\n\n<!-- {\n  \"blockType\": \"resource\"\n} -->\n```json\n{ \"a\": 1 }\n```\n";
        let page = parse_page("x.md", src);
        assert_eq!(
            page.front_matter.get("title").map(String::as_str),
            Some("x resource type")
        );
        let Block::Heading { level, text, line } = &page.blocks[0] else {
            panic!("{:?}", page.blocks)
        };
        assert_eq!(
            (*level, text.plain().as_str(), *line),
            (1, "x resource type", 5)
        );
        let Block::Table { header, rows, line } = &page.blocks[2] else {
            panic!()
        };
        assert_eq!(*line, 9);
        assert_eq!(header[1].plain(), "Type");
        assert_eq!(rows[0].line, 11);
        assert_eq!(
            rows[0].cells[1].links().collect::<Vec<_>>(),
            vec![("b.md", "b")]
        );
        assert_eq!(rows[0].cells[2].plain(), "Read-only. a | b");
        assert_eq!(
            rows[1].cells[1].spans,
            vec![Span::Code(Cow::Borrowed("String"))]
        );
        let Block::Comment { text, line } = &page.blocks[3] else {
            panic!("{:?}", page.blocks[3])
        };
        assert!(text.contains("blockType"));
        assert_eq!(*line, 14);
        let Block::Code { lang, line, .. } = &page.blocks[4] else {
            panic!()
        };
        assert_eq!((lang.as_str(), *line), ("json", 17));
    }

    #[test]
    fn reference_links_with_and_without_definitions() {
        let src = "| a | [identitySet][] |\n|--|--|\n| x | [identitySet][] |\n| y | [set][s] |\n\n[s]: identityset.md\n";
        let page = parse_page("x.md", src);
        let Block::Table { rows, .. } = &page.blocks[0] else {
            panic!()
        };
        assert_eq!(
            rows[0].cells[1].links().next(),
            Some(("identitySet", "identitySet"))
        );
        assert_eq!(
            rows[1].cells[1].links().next(),
            Some(("identityset.md", "set"))
        );
    }
}
