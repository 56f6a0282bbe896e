//! Stage 2a: page structure → the declarations a page makes, unresolved.
//! Type cells stay as written here; `resolve` turns them into names once
//! every page has been read.

use crate::diag::{codes, Diagnostic};
use crate::ir::{Kind, Member};
use crate::jsonrepr::{scan_block, JsonEntry};
use crate::page::{Block, Inline, Page, Row};
use crate::typeref::{parse_type_cell, parse_type_text, TypeRef, TypeSpec};

/// The parsed `<!-- { "blockType": "resource", ... } -->` annotation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotation {
    pub odata_type: Option<String>,
    pub base_type: Option<String>,
    pub key_property: Option<String>,
    pub open_type: bool,
    pub is_abstract: bool,
    pub optional_properties: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawProperty {
    pub name: String,
    pub spec: Option<TypeSpec>,
    /// The Type cell as written, for messages.
    pub type_text: String,
    /// The Type cell links to more than one type (`[a](a.md) or [b](b.md)`):
    /// the table leaves the declared type open.
    pub several_types: bool,
    pub navigation: bool,
    pub read_only: bool,
    pub nullable: bool,
    pub inherited_from: Option<TypeRef>,
    pub description: String,
    /// Links of the description: (text, destination).
    pub links: Vec<(String, String)>,
    /// Values the description lists in code spans after "Possible values".
    pub listed_values: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawType {
    pub kind: Kind,
    pub name: String,
    pub namespace: String,
    /// The page's own type (what a link to the page means), not a section enum.
    pub primary: bool,
    /// The heading's anchor, for `[x](#x-values)` links.
    pub anchor: Option<String>,
    pub base: Option<TypeRef>,
    /// The base is a bare word of prose ("inherits from base policy type"),
    /// not a link or the annotation: a guess, so failing to resolve it is
    /// a warning rather than an error.
    pub base_is_guess: bool,
    /// Where the page says what the type inherits from (the annotation's
    /// or the prose's line), else its heading: where a writer edits it.
    pub base_line: usize,
    pub annotation: Option<Annotation>,
    pub heading_name: Option<String>,
    pub description: String,
    pub links: Vec<(String, String)>,
    /// The heading's line, where diagnostics about the type point.
    pub line: usize,
    /// The line of the table that defines the type (its first Properties
    /// table, its members table), or the heading's without one: the IR's
    /// `source.line`.
    pub defined_at: usize,
    pub properties: Vec<RawProperty>,
    pub members: Vec<Member>,
    /// The prose calls the type an open type (its annotation may not).
    pub open_in_prose: bool,
    /// The types the prose says derive from this one ("the derived types
    /// are [a](a.md) and [b](b.md)").
    pub derived: Vec<TypeRef>,
    /// Whether any Properties or Relationships table was found.
    pub has_table: bool,
    pub json: Option<JsonBlock>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonBlock {
    pub entries: Vec<JsonEntry>,
    /// The line of the block's opening fence.
    pub line: usize,
    pub strict: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageDecls {
    pub path: String,
    /// The product area the page belongs to (front matter `ms.prod`,
    /// lower case), `None` where the page leaves it empty.
    pub area: Option<String>,
    pub types: Vec<RawType>,
    /// A method page's call (at most one a page; the calls it documents are
    /// told apart in `resolve`).
    pub operations: Vec<RawOperation>,
    /// A resource page's Methods table: which method pages it links, and
    /// what it says they return.
    pub method_rows: Vec<MethodRow>,
    /// Where the page's included lines came from (see [`crate::include`]).
    pub origins: crate::include::Origins,
    /// The page's headings below its title, for outline and anchor checks.
    pub headings: Vec<Heading>,
    /// The page's relative links, for link checks.
    pub links: Vec<LinkRef>,
    /// The HTTP requests and responses the examples show, annotated as
    /// examples or not (`blockType: ignored`).
    pub shown: Vec<Shown>,
    /// What the page says it is (front matter `doc_type`: `apiPageType`,
    /// `resourcePageType`, ...), lower case.
    pub doc_type: Option<String>,
}

/// One row of a resource page's Methods table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodRow {
    /// The link to the method page, as written.
    pub dest: String,
    /// The Return type cell, if it names a type.
    pub returns: Option<TypeSpec>,
    pub line: usize,
}

/// Words that may follow the type name in a page's `#` heading.
const HEADING_KINDS: &[&str] = &[
    "resource type",
    "complex type",
    "entity type",
    "enum type",
    "enumeration type",
    "resource",
    "facet",
    "object",
    "type",
    "enum",
];

/// Splits `# x resource type` into (`x`, is_enum).
fn heading_type(title: &str) -> Option<(String, bool)> {
    let lower = title.to_ascii_lowercase();
    for kind in HEADING_KINDS {
        if let Some(stem) = lower.strip_suffix(kind) {
            let name = title[..stem.len()].trim().trim_matches('`');
            if !name.is_empty() && !name.contains(' ') {
                return Some((name.to_string(), kind.starts_with("enum")));
            }
        }
    }
    None
}

/// GitHub's heading anchor: lower case, spaces to dashes, punctuation dropped.
pub fn slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn parse_annotation(
    text: &str,
    path: &str,
    line: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Annotation> {
    if !text.contains("blockType") {
        return None;
    }
    let value: serde_json::Value = match serde_json::from_str(text.trim()) {
        Ok(v) => v,
        Err(err) => {
            if text.contains("\"resource\"") {
                diags.push(Diagnostic::warning(
                    codes::INVALID_ANNOTATION_JSON,
                    path,
                    line,
                    format!("resource annotation is not valid JSON ({err}); reading its fields one by one"),
                ));
                return Some(loose_annotation(text, line));
            }
            return None;
        }
    };
    if value.get("blockType").and_then(|v| v.as_str()) != Some("resource") {
        return None;
    }
    let text_field = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let flag = |key: &str| match value.get(key) {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    };
    Some(Annotation {
        odata_type: text_field("@odata.type").or_else(|| text_field("@type")),
        base_type: text_field("baseType"),
        key_property: text_field("keyProperty"),
        open_type: flag("openType"),
        is_abstract: flag("abstract"),
        optional_properties: value
            .get("optionalProperties")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        line,
    })
}

/// Reads what it can of an annotation that is not valid JSON.
fn loose_annotation(text: &str, line: usize) -> Annotation {
    let entries = scan_block(&format!(
        "{{{}}}",
        text.trim().trim_start_matches('{').trim_end_matches('}')
    ))
    .unwrap_or_default();
    let get = |key: &str| {
        entries
            .iter()
            .find(|e| e.key == key)
            .and_then(|e| match &e.value {
                crate::jsonrepr::JsonValue::Str(s) => Some(s.clone()),
                _ => None,
            })
    };
    Annotation {
        odata_type: get("@odata.type").or_else(|| get("@type")),
        base_type: get("baseType"),
        key_property: get("keyProperty"),
        open_type: text.contains("\"openType\": true"),
        is_abstract: text.contains("\"abstract\": true"),
        optional_properties: Vec::new(),
        line,
    }
}

fn header_is(cell: &Inline, names: &[&str]) -> bool {
    let text = cell.text();
    names.iter().any(|n| text.eq_ignore_ascii_case(n))
}

/// Which columns of a table hold the name, type and description.
struct PropertyColumns {
    ty: usize,
    description: Option<usize>,
}

fn property_columns(header: &[Inline]) -> Option<PropertyColumns> {
    let first = header.first()?;
    if !header_is(
        first,
        &[
            "property",
            "name",
            "property name",
            "relationship",
            "relationship name",
            "field",
        ],
    ) {
        return None;
    }
    let lower: Vec<String> = header
        .iter()
        .map(|h| h.plain().to_ascii_lowercase())
        .collect();
    let ty = lower.iter().position(|h| h.contains("type"))?;
    let description = lower.iter().position(|h| h.contains("description"));
    Some(PropertyColumns { ty, description })
}

fn is_enum_table(header: &[Inline]) -> bool {
    header
        .first()
        .is_some_and(|h| header_is(h, &["member", "members", "value", "name", "enum value"]))
        && property_columns(header).is_none()
}

/// Whether `word` stands in `haystack` as a whole word (ASCII letters and
/// digits around it do not count as a boundary).
fn contains_word(haystack: &str, word: &str) -> bool {
    let bytes = haystack.as_bytes();
    let mut from = 0;
    while let Some(at) = haystack[from..].find(word) {
        let start = from + at;
        let end = start + word.len();
        let boundary = |i: Option<&u8>| i.is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'-');
        if boundary(start.checked_sub(1).and_then(|i| bytes.get(i))) && boundary(bytes.get(end)) {
            return true;
        }
        from = end;
    }
    false
}

/// A Value cell: decimal, or hexadecimal as flag values are often written.
fn member_value(text: &str) -> Option<i64> {
    let text = text.trim();
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => i64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

/// The first identifier in a name cell (`**id**`, `id (key)`, `` `id` ``).
fn cell_identifier(cell: &Inline) -> Option<String> {
    let plain = cell.text();
    let word = plain
        .split(|c: char| c.is_whitespace() || c == '(' || c == ',')
        .find(|w| !w.is_empty())?
        .trim_matches(|c: char| c == '`' || c == '*' || c == '.' || c == ':' || c == '\\');
    let mut chars = word.chars();
    let ok = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then(|| word.to_string())
}

/// An enum member cell: one identifier, perhaps with a note in
/// parentheses after it; `North America Letter` is no member name.
fn member_name(cell: &Inline) -> Option<String> {
    let name = cell_identifier(cell)?;
    let plain = cell.plain();
    let rest = plain
        .trim()
        .trim_matches(|c: char| c == '`' || c == '*')
        .get(name.len()..)
        .unwrap_or("")
        .trim_start_matches(['`', '*'])
        .trim();
    (rest.is_empty() || rest.starts_with('(') || rest.starts_with('-')).then_some(name)
}

/// The type named after `phrase` (`Inherited from [x](x.md)`): the link
/// that follows it, else the next word.
/// `This is a base class; the derived types are [a](a.md) and [b](b.md).`:
/// the linked types after the phrase derive from the page's type.
fn derived_types(text: &Inline) -> Vec<TypeRef> {
    use crate::page::Span;
    let mut after = false;
    let mut out = Vec::new();
    for span in &text.spans {
        match span {
            Span::Text(t) if t.to_ascii_lowercase().contains("derived types are") => after = true,
            Span::Text(t) if after && t.contains('.') => break,
            Span::Link { dest, text, .. } if after && dest.ends_with(".md") => {
                out.push(TypeRef::Link {
                    dest: dest.to_string(),
                    text: text.clone(),
                })
            }
            _ => {}
        }
    }
    out
}

/// `An [educationOutcome](educationoutcome.md) that gives a numerical
/// grade.`: a paragraph that opens by calling the type a kind of another,
/// linked type names its base.
fn kind_of(text: &Inline) -> Option<TypeRef> {
    use crate::page::Span;
    let [Span::Text(article), Span::Link { dest, text, .. }, Span::Text(rest), ..] =
        text.spans.as_slice()
    else {
        return None;
    };
    let article = article.trim().to_ascii_lowercase();
    let rest = rest.trim_start().to_ascii_lowercase();
    let is_name = !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
    let opens = (article == "a" || article == "an")
        && (rest.starts_with("that ") || rest.starts_with("which "));
    (opens && is_name && dest.ends_with(".md")).then(|| TypeRef::Link {
        dest: dest.to_string(),
        text: text.clone(),
    })
}

fn type_after(cell: &Inline, plain: &str, phrase: &str) -> Option<TypeRef> {
    let at = plain.to_ascii_lowercase().find(phrase)?;
    let mut seen = 0;
    for span in &cell.spans {
        match span {
            crate::page::Span::Link { dest, text, .. } if seen >= at => {
                return Some(TypeRef::Link {
                    dest: dest.to_string(),
                    text: text.clone(),
                })
            }
            crate::page::Span::Link { text, .. } => seen += text.len(),
            crate::page::Span::Text(t) | crate::page::Span::Code(t) => seen += t.len(),
        }
    }
    let mut words = plain[at + phrase.len()..].split_whitespace();
    let first = words.next()?;
    let word = first.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '.');
    // `inherits from base policy type`: a phrase of prose, not a name; a
    // name stands alone or before a word that says what it is.
    let ends_here = first.ends_with([',', '.', ';', ')']);
    let next = words.next().map(|w| {
        w.trim_matches(|c: char| !c.is_ascii_alphanumeric())
            .to_ascii_lowercase()
    });
    let names_a_type = ends_here
        || next.as_deref().is_none_or(|n| {
            [
                "type",
                "resource",
                "resources",
                "entity",
                "object",
                "class",
                "and",
                "which",
                "but",
                "with",
                "so",
                "that",
                "to",
                "in",
                "",
            ]
            .contains(&n)
        });
    (!word.is_empty() && names_a_type).then(|| TypeRef::Name(word.to_string()))
}

/// `Possible values are: `a`, `b`.` → `["a", "b"]`: the code spans after
/// the phrase, up to the end of that sentence's list.
fn listed_values(cell: &Inline, lower: &str) -> Vec<String> {
    let phrases = [
        "possible values",
        "supported values",
        "allowed values",
        "valid values",
    ];
    if !lower.contains("values") || !phrases.iter().any(|p| lower.contains(p)) {
        return Vec::new();
    }
    let mut seen_phrase = false;
    let mut values = Vec::new();
    for span in &cell.spans {
        match span {
            crate::page::Span::Text(t) => {
                let l = t.to_ascii_lowercase();
                if phrases.iter().any(|p| l.contains(p)) {
                    seen_phrase = true;
                    values.clear();
                } else if seen_phrase && !values.is_empty() && t.contains(". ") {
                    break;
                }
            }
            crate::page::Span::Code(c) if seen_phrase => {
                let v = c.trim();
                // `null` says the property may be empty, not a member.
                let is_member = !v.is_empty()
                    && v != "null"
                    && v.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
                if is_member {
                    values.push(v.to_string());
                }
            }
            _ => {}
        }
    }
    values
}

pub(crate) fn inline_links(inline: &Inline) -> Vec<(String, String)> {
    inline
        .links()
        .map(|(dest, text)| (crate::page::collapse_whitespace(text), dest.to_string()))
        .filter(|(text, _)| !text.is_empty())
        .collect()
}

fn read_property(
    row: &Row,
    cols: &PropertyColumns,
    navigation: bool,
    key: Option<&str>,
    page: &Page,
    diags: &mut Vec<Diagnostic>,
) -> Option<RawProperty> {
    let Some(name_cell) = row.cells.first() else {
        diags.push(Diagnostic::warning(
            codes::SHORT_ROW,
            &page.path,
            row.line,
            "table row has no cells",
        ));
        return None;
    };
    let type_cell = row
        .cells
        .get(cols.ty)
        .map(|c| (c, c.plain()))
        .filter(|(_, text)| !text.is_empty());
    // `[List transitive memberOf](../api/x.md)`: a method's link in a
    // table of properties names no property; `[filesFolder](../api/x.md)`
    // names the property and links the call that gets it.
    let method_link = name_cell.links().any(|(_, text)| text.trim().contains(' '));
    let name = match cell_identifier(name_cell).filter(|_| !method_link) {
        Some(n) => n,
        None => {
            let text = name_cell.plain();
            // Sub-heading rows (`**Inherited**`) and blank rows carry no type.
            if !text.is_empty() && type_cell.is_some() && !text.starts_with('@') {
                diags.push(Diagnostic::warning(
                    codes::BAD_PROPERTY_NAME,
                    &page.path,
                    row.line,
                    format!("`{text}` is not a property name; row skipped"),
                ));
            }
            return None;
        }
    };
    let Some((type_cell, type_text)) = type_cell else {
        diags.push(Diagnostic::warning(
            codes::SHORT_ROW,
            &page.path,
            row.line,
            format!("row `{name}` has no Type cell; row skipped"),
        ));
        return None;
    };
    let no_description = Inline::default();
    let description_cell = cols
        .description
        .and_then(|i| row.cells.get(i))
        .unwrap_or(&no_description);
    let description = description_cell.plain();
    let lower = description.to_ascii_lowercase();
    let is_key = key == Some(name.as_str());
    Some(RawProperty {
        spec: parse_type_cell(type_cell, &type_text),
        several_types: type_cell
            .links()
            .filter(|(dest, _)| !dest.contains("://"))
            .nth(1)
            .is_some(),
        type_text,
        navigation,
        // Most descriptions mention neither: one search rules each group out.
        read_only: lower.contains("read")
            && (lower.contains("read-only")
                || lower.contains("readonly")
                || lower.contains("read only")),
        nullable: !(is_key
            || (lower.contains("null")
                && (lower.contains("not nullable")
                    || lower.contains("non-nullable")
                    || lower.contains("cannot be null")))
            || contains_word(&lower, "required")),
        inherited_from: if lower.contains("inherited from") {
            type_after(description_cell, &description, "inherited from")
        } else {
            None
        },
        links: inline_links(description_cell),
        listed_values: listed_values(description_cell, &lower),
        description,
        line: row.line,
        name,
    })
}

fn read_members(
    header: &[Inline],
    rows: &[Row],
    page: &Page,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Member> {
    let lower: Vec<String> = header
        .iter()
        .map(|h| h.plain().to_ascii_lowercase())
        .collect();
    let value_col = lower
        .iter()
        .skip(1)
        .position(|h| h.contains("value"))
        .map(|i| i + 1);
    let description_col = lower.iter().position(|h| h.contains("description"));
    let mut members: Vec<Member> = Vec::new();
    for row in rows {
        let Some(name) = row.cells.first().and_then(member_name) else {
            if row.cells.first().is_some_and(|c| !c.text().is_empty()) {
                diags.push(Diagnostic::warning(
                    codes::BAD_PROPERTY_NAME,
                    &page.path,
                    row.line,
                    "enum member is not an identifier; row skipped",
                ));
            }
            continue;
        };
        if members.iter().any(|m| m.name == name) {
            diags.push(Diagnostic::warning(
                codes::DUPLICATE_MEMBER,
                &page.path,
                row.line,
                format!("member `{name}` is listed twice"),
            ));
            continue;
        }
        members.push(Member {
            value: value_col
                .and_then(|i| row.cells.get(i))
                .and_then(|c| member_value(&c.text())),
            description: description_col
                .and_then(|i| row.cells.get(i))
                .map(Inline::plain)
                .unwrap_or_default(),
            name,
        });
    }
    members
}

mod method_page;
mod outline;
mod page_reader;
pub use method_page::{
    is_method_page, normalize_path, parse_example_body, BodyKind, RawBody, RawOperation, RawParam,
    RawResponse, RequestLine,
};
pub use outline::{Heading, LinkRef, Shown};
pub(crate) use page_reader::is_identifier;
pub use page_reader::{extract_page, json_value_spec};
