//! A method page (one with an `## HTTP request` section) → its operation,
//! unresolved: type cells and links stay as written, like a resource
//! page's properties.

use super::*;
use crate::ir::{Example, Header, Permissions};

mod permissions;

/// One request line of the HTTP request block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    pub method: String,
    /// Without host, version prefix or query string.
    pub path: String,
    /// The line had a query string (`?$expand=...`): the path alone does
    /// not say what comes back.
    pub has_query: bool,
    pub line: usize,
}

/// A row of a parameter (or request body property) table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawParam {
    pub name: String,
    pub spec: Option<TypeSpec>,
    pub type_text: String,
    pub required: bool,
    pub description: String,
    pub line: usize,
}

/// What the Request body section says is sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum BodyKind {
    /// The section says nothing we can read (or is missing).
    #[default]
    Unknown,
    /// "Do not supply a request body".
    Nothing,
    /// Binary content.
    Stream,
    /// "a JSON representation of [x](x.md)": a resource.
    Resource(Option<TypeSpec>),
    /// "a JSON object with the following parameters".
    Json,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawBody {
    pub kind: BodyKind,
    /// The section's table rows: an action's parameters, or the properties
    /// a create or update sends.
    pub rows: Vec<RawParam>,
    /// The table's first column is headed "Parameter".
    pub rows_are_parameters: bool,
    /// A JSON object the section shows instead of a table (its keys are
    /// the parameters), and its first line.
    pub json: Option<(String, usize)>,
    /// "provide an optional `passwordCredential` object with the following
    /// properties": the one parameter the table's properties belong to,
    /// and the line that says so.
    pub wrapper: Option<(String, usize)>,
    /// The type a `blockType: resource` JSON block of the section shows
    /// (what the wrapper holds), not the body itself.
    pub wrapped_type: Option<String>,
    pub line: usize,
}

/// A type the Response section names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    pub status: Option<u16>,
    /// Type links and primitive words of the section, in order.
    pub types: Vec<TypeSpec>,
    /// The section says no body comes back (`204 No Content`).
    pub no_content: bool,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawOperation {
    /// The `#` heading as written.
    pub name: String,
    /// `x: y` headings: the bound type's word and the operation's.
    pub heading_type: Option<String>,
    pub heading_op: Option<String>,
    pub description: String,
    pub namespace: String,
    pub line: usize,
    pub requests: Vec<RequestLine>,
    /// Function, path and query parameter tables, in page order.
    pub url_params: Vec<RawParam>,
    pub body: RawBody,
    pub query_options: Vec<String>,
    pub headers: Vec<Header>,
    pub response: Option<RawResponse>,
    pub permissions: Vec<Permissions>,
    pub examples: Vec<Example>,
}

/// The section a heading opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Other,
    Request,
    Permissions,
    QueryOptions,
    UrlParameters,
    Headers,
    Body,
    Response,
    Examples,
}

fn section_of(title: &str) -> Section {
    let t = title.trim().to_ascii_lowercase();
    if t.starts_with("http request") {
        Section::Request
    } else if t.starts_with("permission") || t == "prerequisites" {
        Section::Permissions
    } else if t.contains("example") {
        Section::Examples
    } else if t.contains("query parameters") && t.contains("optional") || t.contains("odata") {
        Section::QueryOptions
    } else if t.ends_with("parameters") {
        Section::UrlParameters
    } else if t.contains("request header") || t == "headers" {
        Section::Headers
    } else if t.starts_with("request body") {
        Section::Body
    } else if t == "response" || t == "responses" || t.starts_with("response body") {
        Section::Response
    } else {
        Section::Other
    }
}

/// Whether a page documents a call: it has an `HTTP request` heading.
pub fn is_method_page(page: &Page) -> bool {
    page.blocks.iter().any(|b| {
        matches!(b, Block::Heading { level: 2..=4, text, .. }
            if text.plain().trim_start().to_ascii_lowercase().starts_with("http request"))
    })
}

fn one_word(s: &str) -> Option<String> {
    let s = s.trim().trim_matches('`');
    (!s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.'))
    .then(|| s.to_string())
}

/// `call: playPrompt` → (`call`, `playPrompt`); either side one word.
fn split_heading(title: &str) -> Option<(String, String)> {
    let (ty, op) = title.split_once(':')?;
    Some((one_word(ty)?, one_word(op)?))
}

/// `assign action`, `getEffectivePermissions function` → the call's name.
fn named_call(title: &str) -> Option<String> {
    let lower = title.trim().to_ascii_lowercase();
    let stem = lower
        .strip_suffix(" action")
        .or_else(|| lower.strip_suffix(" function"))?;
    one_word(&title.trim()[..stem.len()])
}

pub fn extract_operation(
    page: &Page,
    h1: Option<(usize, String, usize)>,
    description: String,
    namespace: &str,
    diags: &mut Vec<Diagnostic>,
) -> RawOperation {
    let (start, title, line) = h1.unwrap_or((0, String::new(), 1));
    let (heading_type, heading_op) = match split_heading(&title) {
        Some((ty, op)) => (Some(ty), Some(op)),
        None => (None, named_call(&title)),
    };
    let mut op = RawOperation {
        name: title,
        heading_type,
        heading_op,
        description,
        namespace: namespace.to_string(),
        line,
        ..RawOperation::default()
    };
    let blocks = &page.blocks[(start + 1).min(page.blocks.len())..];
    let mut section = Section::Other;
    let mut section_level = 2;
    let mut request_heading = None;
    // The Permissions section: its heading's line and its blocks.
    let mut permissions: Option<(usize, Vec<&Block>)> = None;
    let mut skip_next_code = false;
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading { level, text, line } if (2..=4).contains(level) => {
                let next = section_of(&text.plain());
                // Inside the examples, `### Request` and `### Response`
                // headings belong to an example, not the page; a
                // sub-heading that names no section stays in its parent's.
                let nested = *level > section_level && next == Section::Other;
                let in_examples =
                    section == Section::Examples && !(*level == 2 && next != Section::Other);
                if !nested && !in_examples {
                    section = next;
                    section_level = *level;
                }
                if section == Section::Request {
                    request_heading.get_or_insert(*line);
                }
                if section == Section::Permissions {
                    match &mut permissions {
                        None => permissions = Some((*line, Vec::new())),
                        Some((_, blocks)) => blocks.push(block),
                    }
                }
            }
            Block::Comment { text, line } => {
                if let Some(example) = http::example(text, *line, blocks.get(i + 1), page, diags) {
                    op.examples.push(example);
                }
                // A type's JSON shown in the Request body section (what a
                // parameter holds) is not the body: its block is skipped.
                if section == Section::Body {
                    if let Some(t) = resource_annotation_type(text) {
                        op.body.wrapped_type = Some(t);
                        skip_next_code = true;
                    }
                }
            }
            Block::Code { .. } if skip_next_code => skip_next_code = false,
            _ if section == Section::Permissions => {
                if let Some((_, blocks)) = &mut permissions {
                    blocks.push(block);
                }
            }
            _ => read_block(&mut op, section, block, page, diags),
        }
    }
    if let Some((line, blocks)) = permissions {
        op.permissions = permissions::read_section(&blocks, line, page, diags);
    }
    if op.requests.is_empty() {
        diags.push(Diagnostic::error(
            codes::NO_HTTP_REQUEST,
            &page.path,
            request_heading.unwrap_or(line),
            "method page has no request line in its HTTP request section; no operation read",
        ));
    }
    op
}

fn read_block(
    op: &mut RawOperation,
    section: Section,
    block: &Block,
    page: &Page,
    diags: &mut Vec<Diagnostic>,
) {
    match (section, block) {
        (Section::Request, Block::Code { text, line, .. }) => {
            op.requests
                .extend(http::request_lines(text, *line, &page.path, diags));
        }
        (Section::QueryOptions, Block::Paragraph { text, .. }) => {
            for option in query_options(text) {
                if !op.query_options.contains(&option) {
                    op.query_options.push(option);
                }
            }
            op.query_options.sort();
        }
        (Section::UrlParameters, Block::Table { header, rows, .. }) => {
            let (params, _) = read_params(header, rows, page, diags);
            op.url_params.extend(params);
        }
        (Section::Headers, Block::Table { header, rows, .. }) => {
            read_headers(&mut op.headers, header, rows)
        }
        (Section::Body, Block::Table { header, rows, line }) => {
            let (params, are_parameters) = read_params(header, rows, page, diags);
            if op.body.rows.is_empty() {
                op.body.rows_are_parameters = are_parameters;
                op.body.line = *line;
            }
            op.body.rows.extend(params);
        }
        (Section::Body, Block::Code { text, line, .. }) if op.body.json.is_none() => {
            op.body.json = Some((text.clone(), *line + 1));
        }
        (Section::Body, Block::Paragraph { text, line, .. }) => {
            read_body_prose(&mut op.body, text, *line)
        }
        (Section::Response, Block::Paragraph { text, line, .. }) => read_response_prose(
            op.response.get_or_insert_with(|| RawResponse {
                status: None,
                types: Vec::new(),
                no_content: false,
                line: *line,
            }),
            text,
        ),
        _ => {}
    }
}

/// The `$options` a sentence says the method supports; none from a
/// sentence that says it does not.
fn query_options(text: &Inline) -> Vec<String> {
    let plain = text.plain();
    let mut out = Vec::new();
    for sentence in plain.split(". ") {
        let lower = sentence.to_ascii_lowercase();
        let denies = [
            "not support",
            "n't support",
            "cannot use",
            "can't use",
            "not use",
        ];
        if denies.iter().any(|d| lower.contains(d)) {
            continue;
        }
        for (i, _) in lower.match_indices('$') {
            let word: String = lower[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            if word.len() >= 3 {
                let option = format!("${word}");
                if !out.contains(&option) {
                    out.push(option);
                }
            }
        }
    }
    out
}

/// A headers table: `Name | Description`, `Header | Value`, or with a
/// Type column between (`Name | Type | Description`).
fn read_headers(into: &mut Vec<Header>, header: &[Inline], rows: &[Row]) {
    let lower: Vec<String> = header
        .iter()
        .map(|h| h.plain().to_ascii_lowercase())
        .collect();
    let is_header_table = lower
        .first()
        .is_some_and(|t| t.contains("name") || t.contains("header"));
    if !is_header_table {
        return;
    }
    let described = lower
        .iter()
        .position(|h| h.contains("description"))
        .or_else(|| lower.iter().position(|h| h.contains("value")))
        .unwrap_or(1);
    for row in rows {
        let Some(name) = row.cells.first().map(Inline::plain) else {
            continue;
        };
        let name = name.trim_matches(|c: char| c == '`' || c == '*').trim();
        // `Prefer: outlook.timezone`: the header with the value it takes.
        let name = name.split(':').next().unwrap_or("").trim();
        if name.is_empty() || name.contains(' ') {
            continue;
        }
        let description = row
            .cells
            .get(described)
            .map(Inline::plain)
            .unwrap_or_default();
        let lower = description.to_ascii_lowercase();
        into.push(Header {
            name: name.to_string(),
            required: contains_word(&lower, "required") && !lower.contains("optional"),
            description,
        });
    }
}

/// A parameter or property table: (rows, whether the first column is
/// headed "Parameter"). Tables of other shapes give nothing.
fn read_params(
    header: &[Inline],
    rows: &[Row],
    page: &Page,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<RawParam>, bool) {
    let lower: Vec<String> = header
        .iter()
        .map(|h| h.plain().to_ascii_lowercase())
        .collect();
    let Some(first) = lower.first() else {
        return (Vec::new(), false);
    };
    let named = [
        "parameter",
        "name",
        "property",
        "parameter name",
        "property name",
    ];
    if !named.contains(&first.trim()) {
        return (Vec::new(), false);
    }
    // `Name | Value | Description` tables give the type under "Value".
    let Some(ty) = lower
        .iter()
        .position(|h| h.contains("type"))
        .or_else(|| lower.iter().position(|h| h.trim() == "value"))
    else {
        return (Vec::new(), false);
    };
    let required_col = lower.iter().position(|h| h.contains("required"));
    let description_col = lower.iter().position(|h| h.contains("description"));
    let mut params = Vec::new();
    for row in rows {
        let Some(name) = row.cells.first().and_then(cell_identifier) else {
            continue;
        };
        let Some(type_cell) = row.cells.get(ty) else {
            diags.push(Diagnostic::warning(
                codes::SHORT_ROW,
                &page.path,
                row.line,
                format!("row `{name}` has no Type cell; row skipped"),
            ));
            continue;
        };
        let type_text = type_cell.plain();
        let description = description_col
            .and_then(|i| row.cells.get(i))
            .map(Inline::plain)
            .unwrap_or_default();
        let required = match required_col.and_then(|i| row.cells.get(i)) {
            Some(cell) => {
                let t = cell.plain().to_ascii_lowercase();
                t.starts_with("yes") || t.starts_with("true") || t.starts_with("required")
            }
            None => {
                let d = description.to_ascii_lowercase();
                contains_word(&d, "required") && !d.contains("optional")
            }
        };
        params.push(RawParam {
            spec: parse_type_cell(type_cell, &type_text),
            type_text,
            required,
            description,
            line: row.line,
            name,
        });
    }
    (params, first.starts_with("parameter"))
}

/// The `@odata.type` of a `blockType: resource` annotation.
fn resource_annotation_type(comment: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(comment.trim()).ok()?;
    (value.get("blockType")?.as_str()? == "resource")
        .then(|| value.get("@odata.type")?.as_str().map(str::to_string))
        .flatten()
}

/// "an optional `passwordCredential` object with the following
/// properties", "the `item` property allows setting the following
/// parameters": the name in code that the list belongs to.
fn wrapper_name(text: &Inline, lower: &str) -> Option<String> {
    if !lower.contains("following propert") && !lower.contains("following parameter") {
        return None;
    }
    text.spans.windows(2).find_map(|pair| match pair {
        [crate::page::Span::Code(name), crate::page::Span::Text(after)] => {
            let next = after.trim_start().to_ascii_lowercase();
            let wraps = next.starts_with("object") || next.starts_with("property");
            let is_name =
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            (wraps && is_name).then(|| name.to_string())
        }
        _ => None,
    })
}

fn read_body_prose(body: &mut RawBody, text: &Inline, line: usize) {
    let lower = text.plain().to_ascii_lowercase();
    if body.line == 0 {
        body.line = line;
    }
    if body.wrapper.is_none() {
        body.wrapper = wrapper_name(text, &lower).map(|n| (n, line));
    }
    if lower.contains("do not supply")
        || lower.contains("don't supply")
        || lower.contains("not require a request body")
        || lower.contains("no request body")
        || lower.contains("request body is empty")
    {
        body.kind = BodyKind::Nothing;
    } else if lower.contains("binary") || lower.contains("stream") {
        if body.kind == BodyKind::Unknown {
            body.kind = BodyKind::Stream;
        }
    } else if let Some(link) = resource_links(text)
        .next()
        .filter(|_| lower.contains("object") || lower.contains("representation"))
    {
        if matches!(
            body.kind,
            BodyKind::Unknown | BodyKind::Json | BodyKind::Resource(None)
        ) {
            body.kind = BodyKind::Resource(Some(link));
        }
    } else if lower.contains("representation") {
        if matches!(
            body.kind,
            BodyKind::Unknown | BodyKind::Json | BodyKind::Resource(None)
        ) {
            body.kind = BodyKind::Resource(None);
        }
    } else if (lower.contains("json") || lower.contains("object")) && body.kind == BodyKind::Unknown
    {
        body.kind = BodyKind::Json;
    }
}

/// The links of a paragraph that may name a type (relative `.md` pages
/// or anchors), each with whether its sentence says "collection".
fn resource_links<'t>(text: &'t Inline<'t>) -> impl Iterator<Item = TypeSpec> + 't {
    links_in_sentences(text)
        .into_iter()
        .map(|(spec, _, _)| spec)
}

/// The type links of a paragraph, each with the words of its sentence
/// before it (lower case) and after it.
fn links_in_sentences(text: &Inline) -> Vec<(TypeSpec, String, String)> {
    let mut before = String::new();
    let mut specs = Vec::new();
    for (i, span) in text.spans.iter().enumerate() {
        match span {
            crate::page::Span::Link {
                dest,
                text: link_text,
                ..
            } => {
                let d = dest.to_ascii_lowercase();
                let relative =
                    !d.contains("://") && !d.starts_with('/') && !d.starts_with("mailto:");
                if relative && (d.contains(".md") || d.starts_with('#') || !d.contains('.')) {
                    let after: String = text.spans[i + 1..]
                        .iter()
                        .take(2)
                        .map(|s| match s {
                            crate::page::Span::Text(t) | crate::page::Span::Code(t) => t.as_ref(),
                            crate::page::Span::Link { text, .. } => text.as_str(),
                        })
                        .collect();
                    let tail = before
                        .rsplit(['.', ','])
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    let after = after.to_ascii_lowercase();
                    let near = format!("{tail} {after}");
                    let near = near.split(". ").next().unwrap_or("");
                    // "the resource expanded with the matching [x](x.md)
                    // object": x is not what comes back.
                    if tail.contains("expanded with") || tail.contains("expanded to include") {
                        before.push_str(link_text);
                        continue;
                    }
                    // "[openShift](openshift.md) objects": several of them.
                    let plural = after
                        .split_whitespace()
                        .next()
                        .is_some_and(|w| w.trim_end_matches(['.', ',']) == "objects");
                    let sentence = before
                        .rsplit(". ")
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    let rest: String = text.spans[i + 1..]
                        .iter()
                        .map(|s| match s {
                            crate::page::Span::Text(t) | crate::page::Span::Code(t) => t.as_ref(),
                            crate::page::Span::Link { text, .. } => text.as_str(),
                        })
                        .collect();
                    let rest = rest.split(". ").next().unwrap_or("").to_ascii_lowercase();
                    specs.push((
                        TypeSpec {
                            target: TypeRef::Link {
                                dest: dest.to_string(),
                                text: crate::page::collapse_whitespace(link_text),
                            },
                            collection: near.contains("collection")
                                || near.contains("array")
                                || near.contains("list of")
                                || plural,
                        },
                        sentence,
                        rest,
                    ));
                }
                before.push_str(link_text);
            }
            crate::page::Span::Text(t) | crate::page::Span::Code(t) => before.push_str(t),
        }
    }
    specs
}

fn read_response_prose(response: &mut RawResponse, text: &Inline) {
    let plain = text.plain();
    if response.status.is_none() {
        response.status = status_code(&plain);
    }
    let lower = plain.to_ascii_lowercase();
    if lower.contains("no content") || lower.contains("does not return anything") {
        response.no_content = true;
    }
    // A type link names what comes back only after the sentence says so
    // ("returns ... a [user](user.md) object"); "in a new [post](post.md)"
    // before "the response includes" names something else.
    let says_returned = |before: &str| {
        [
            "return", "response", "include", "contain", "get", "provide", "send",
        ]
        .iter()
        .any(|w| before.contains(w))
    };
    // "a link to the [x](x.md) in the `Location` header": no body.
    response.types.extend(
        links_in_sentences(text)
            .into_iter()
            .filter(|(_, before, after)| {
                says_returned(before) && !after.contains("header") && !before.contains("header")
            })
            .map(|(spec, _, _)| spec),
    );
    if response.types.is_empty() {
        response.types.extend(primitive_named(text, &lower));
    }
}

/// "returns ... a String collection", "an Int32 in the response body",
/// "a `true` value": a primitive the Response prose names without a link.
fn primitive_named(text: &Inline, lower: &str) -> Option<TypeSpec> {
    let spec = |p: &'static str, collection: bool| TypeSpec {
        target: TypeRef::Primitive(p),
        collection,
    };
    // `true` in code or **true** in bold: the same word to a reader.
    let booleans = text.spans.iter().any(|s| match s {
        crate::page::Span::Code(c) | crate::page::Span::Text(c) => c.split_whitespace().any(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_ascii_alphabetic()),
                "true" | "false"
            )
        }),
        _ => false,
    });
    if booleans && lower.contains("response body") {
        return Some(spec("Edm.Boolean", false));
    }
    let plain = text.plain();
    let words: Vec<&str> = plain
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
        .collect();
    words.iter().enumerate().find_map(|(i, w)| {
        let prim = crate::typeref::canonical_primitive(w)?;
        let before = i.checked_sub(1).map(|j| words[j].to_ascii_lowercase());
        let after = words.get(i + 1).map(|w| w.to_ascii_lowercase());
        let article = matches!(before.as_deref(), Some("a" | "an" | "of"));
        let noun = matches!(
            after.as_deref(),
            Some("collection" | "value" | "values" | "object" | "array" | "in")
        );
        let collection = matches!(after.as_deref(), Some("collection" | "array" | "values"))
            || before.as_deref() == Some("of");
        (article && noun).then(|| spec(prim, collection))
    })
}

/// The first HTTP status code the text gives (`200 OK`, `204 No Content`).
fn status_code(text: &str) -> Option<u16> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(2)).find_map(|i| {
        let digits = &bytes[i..i + 3];
        let boundary_before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let boundary_after = bytes.get(i + 3).is_none_or(|b| !b.is_ascii_alphanumeric());
        (boundary_before
            && boundary_after
            && digits.iter().all(u8::is_ascii_digit)
            && (b'1'..=b'5').contains(&digits[0]))
        .then(|| text[i..i + 3].parse().ok())
        .flatten()
    })
}

mod http;
pub use http::{normalize_path, parse_example_body};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_in_prose() {
        assert_eq!(status_code("returns a `200 OK` response code"), Some(200));
        assert_eq!(status_code("returns `204 No Content`."), Some(204));
        assert_eq!(status_code("up to 4000 characters, then 201"), Some(201));
        assert_eq!(status_code("no code"), None);
    }

    #[test]
    fn headings_split_into_type_and_operation() {
        assert_eq!(
            split_heading("call: playPrompt"),
            Some(("call".into(), "playPrompt".into()))
        );
        assert_eq!(split_heading("List users"), None);
        assert_eq!(split_heading("Update user: a note"), None);
        assert_eq!(named_call("assign action").as_deref(), Some("assign"));
        assert_eq!(named_call("Get user"), None);
    }
}
