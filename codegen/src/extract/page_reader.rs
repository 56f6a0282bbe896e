//! Walks one page's blocks and collects the types it declares.

use super::*;

/// A `### x values` section being read.
struct ValuesSection {
    name: String,
    anchor: String,
    line: usize,
}

fn paragraph_text<'b, 'a>(block: &'b Block<'a>) -> Option<&'b Inline<'a>> {
    match block {
        Block::Paragraph {
            text,
            quoted: false,
            ..
        } => Some(text),
        _ => None,
    }
}

/// An identifier as the service spells names: ASCII letters, digits and
/// `_`, not starting with a digit.
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `microsoft.graph.callRecords`: identifiers joined by dots.
fn is_dotted_name(name: &str) -> bool {
    name.split('.').all(is_identifier)
}

fn split_qualified(name: &str) -> (Option<String>, String) {
    let name = name.trim().trim_start_matches('#');
    match name.rsplit_once('.') {
        Some((ns, short)) if !ns.is_empty() => (Some(ns.to_string()), short.to_string()),
        _ => (None, name.to_string()),
    }
}

pub fn extract_page(page: &Page, diags: &mut Vec<Diagnostic>) -> PageDecls {
    let blocks = &page.blocks;
    let path = page.path.as_str();
    let namespace_line = blocks.iter().find_map(|b| {
        let Block::Paragraph { text: t, line, quoted: false } = b else {
            return None;
        };
        // Most paragraphs are prose: look at the first words before reading one whole.
        match t.spans.first() {
            Some(crate::page::Span::Text(first)) if first.trim_start().starts_with("Namespace") => {
            }
            _ => return None,
        }
        let plain = t.plain();
        let rest = plain.strip_prefix("Namespace:")?.trim();
        let ns = rest.split_whitespace().next()?.to_string();
        if is_dotted_name(&ns) {
            return Some(ns);
        }
        diags.push(Diagnostic::warning(
            codes::INVALID_NAMESPACE,
            path,
            *line,
            format!("`{ns}` is not a namespace (dotted identifiers); the page is read in the default namespace"),
        ));
        None
    });
    let h1 = blocks.iter().enumerate().find_map(|(i, b)| match b {
        Block::Heading {
            level: 1,
            text,
            line,
        } => Some((i, text.plain(), *line)),
        _ => None,
    });
    let mut annotation_at = None;
    for (i, block) in blocks.iter().enumerate() {
        if let Block::Comment { text, line } = block {
            if let Some(a) = parse_annotation(text, path, *line, diags) {
                if annotation_at.is_none() {
                    annotation_at = Some((i, a));
                }
            }
        }
    }
    let heading = h1.as_ref().and_then(|(_, title, _)| heading_type(title));
    let page_namespace = namespace_line
        .clone()
        .unwrap_or_else(|| crate::ir::DEFAULT_NAMESPACE.to_string());
    let start = h1.as_ref().map_or(0, |(i, _, _)| *i + 1);

    // The part before the first `##`: description and "Inherits from".
    let preamble_end = blocks[start..]
        .iter()
        .position(|b| matches!(b, Block::Heading { level, .. } if *level >= 2))
        .map_or(blocks.len(), |p| start + p);
    let preamble: Vec<&Inline> = blocks[start..preamble_end]
        .iter()
        .filter_map(paragraph_text)
        .collect();
    // The paragraphs that open the Properties section, where some pages say
    // what the type derives from.
    let properties_opening = blocks[preamble_end..]
        .iter()
        .position(|b| matches!(b, Block::Heading { level: 2, text, .. } if text.plain().trim().eq_ignore_ascii_case("properties")))
        .map(|p| preamble_end + p + 1)
        .map_or(&[][..], |from| {
            let to = blocks[from..]
                .iter()
                .position(|b| !matches!(b, Block::Paragraph { .. }))
                .map_or(blocks.len(), |p| from + p);
            &blocks[from..to]
        });
    let base_prose = || blocks[start..preamble_end].iter().chain(properties_opening);
    let base_paragraphs: Vec<&Inline> = preamble
        .iter()
        .copied()
        .chain(properties_opening.iter().filter_map(paragraph_text))
        .collect();
    // Where the prose says what the type inherits from.
    let inherits_line = base_prose().find_map(|b| match b {
        Block::Paragraph { text, line, .. }
            if {
                let l = text.plain().to_ascii_lowercase();
                l.contains("inherits from")
                    || l.contains("derived from")
                    || l.contains("subclass of")
                    || l.contains("subclass from")
                    || l.contains("derives from")
                    || super::kind_of(text).is_some()
            } =>
        {
            Some(*line)
        }
        _ => None,
    });
    let description_inline = preamble
        .iter()
        .find(|t| {
            let p = t.plain();
            // `[!INCLUDE ...]` and `[!NOTE]` are DocFX directives, not prose.
            !p.starts_with("Namespace:") && !p.starts_with("[!") && !p.is_empty()
        })
        .copied();
    let description = description_inline.map(Inline::plain).unwrap_or_default();
    let description_links = description_inline.map(inline_links).unwrap_or_default();

    let listed = listed_collections(&blocks[start..]);
    let mut tables = Vec::new();
    let mut enums = Vec::new();
    let mut h2 = String::new();
    // A sub-heading such as "Properties of a policy definition" or an
    // example describes something other than the page's type.
    let mut foreign_section = false;
    let mut values: Option<ValuesSection> = None;
    let mut has_table = false;
    // "## Properties" followed by "None.": the type has no properties.
    let mut says_none = false;
    // A table under `## Properties` headed otherwise (`Method | Return
    // Type`): where a writer fixes a page with no Properties table.
    let mut misheaded: Option<(usize, String)> = None;
    for block in &blocks[start..] {
        match block {
            // "None.", "None. This facet ... contains no properties.", "x
            // inherits all the properties from [y](y.md)": nothing to list.
            Block::Paragraph { text, .. } if h2.starts_with("properties") => {
                let t = text.plain().to_ascii_lowercase();
                let first = t.split(['.', ' ']).next().unwrap_or("");
                // An open type whose Properties section says why it lists
                // none ("property names ... can change, hence this is an
                // open type").
                says_none |= first == "none"
                    || t.contains("open type")
                    || t.contains("no properties")
                    || t.contains("inherits all the properties")
                    || t.contains("inherits all properties");
            }
            Block::Heading { level, text, line } => {
                let title = text.plain();
                let lower = title.to_ascii_lowercase();
                if *level <= 2 {
                    h2 = lower.clone();
                    foreign_section = false;
                } else {
                    foreign_section =
                        lower.starts_with("properties of") || lower.contains("example");
                }
                let trimmed = title.trim();
                values = trimmed
                    .strip_suffix(" values")
                    .or_else(|| trimmed.strip_suffix(" Values"))
                    .map(|n| n.trim().trim_matches('`'))
                    .filter(|n| !n.is_empty() && !n.contains(' ') && *level >= 2)
                    .map(|n| ValuesSection {
                        name: n.to_string(),
                        anchor: slug(trimmed),
                        line: *line,
                    });
            }
            Block::Table { header, rows, line } => {
                if header.len() < 2
                    && !is_enum_table(header)
                    && header
                        .first()
                        .is_some_and(|h| h.plain().to_ascii_lowercase().contains("property"))
                {
                    diags.push(Diagnostic::warning(
                        codes::MALFORMED_TABLE,
                        path,
                        *line,
                        "property table has fewer than two columns",
                    ));
                    continue;
                }
                if let Some(section) = values.take() {
                    if is_enum_table(header) {
                        enums.push((section, (header, rows), *line));
                        continue;
                    }
                    values = Some(section);
                }
                if let Some(cols) = property_columns(header).filter(|_| !foreign_section) {
                    has_table = true;
                    // The section says which it is; a header word only
                    // where the section does not (`| Relationship |` heading
                    // a table under `## Properties` is a slip).
                    let header_says = header.first().is_some_and(|h| {
                        h.plain().to_ascii_lowercase().starts_with("relationship")
                    });
                    let nav =
                        h2.contains("relationship") || (header_says && !h2.contains("propert"));
                    tables.push((cols, rows, nav, *line));
                } else if h2.starts_with("properties")
                    && misheaded.is_none()
                    && !is_enum_table(header)
                {
                    let cells: Vec<String> = header.iter().map(|h| h.plain()).collect();
                    misheaded = Some((*line, cells.join(" | ")));
                } else if is_enum_table(header)
                    && (h2.contains("member") || heading.as_ref().is_some_and(|h| h.1))
                {
                    enums.push((
                        ValuesSection {
                            name: String::new(),
                            anchor: String::new(),
                            line: *line,
                        },
                        (header, rows),
                        *line,
                    ));
                }
            }
            _ => {}
        }
    }

    let mut decls = PageDecls {
        path: path.to_string(),
        area: page_area(page),
        types: Vec::new(),
        operations: Vec::new(),
        method_rows: method_rows(&blocks[start..]),
        origins: page.origins.clone(),
        headings: Vec::new(),
        links: Vec::new(),
        shown: Vec::new(),
        doc_type: page
            .front_matter
            .get("doc_type")
            .map(|t| t.trim().trim_end_matches('_').to_ascii_lowercase()),
    };
    (decls.headings, decls.links, decls.shown) = super::outline::outline(page);
    unparsed_tables(page, diags);
    // A method page declares a call, not a type; its `### x values`
    // sections (an action's enum parameter) are still types.
    let method_page = super::is_method_page(page);
    if method_page {
        decls.operations.push(super::method_page::extract_operation(
            page,
            h1.clone(),
            description.clone(),
            &page_namespace,
            diags,
        ));
    }
    let annotation = annotation_at.as_ref().map(|(_, a)| a.clone());
    let (odata_ns, odata_name) = match annotation.as_ref().and_then(|a| a.odata_type.as_deref()) {
        Some(t) => {
            let (ns, n) = split_qualified(t);
            let valid = is_identifier(&n) && ns.as_deref().is_none_or(is_dotted_name);
            if !valid {
                diags.push(Diagnostic::warning(
                    codes::INVALID_TYPE_NAME,
                    path,
                    annotation.as_ref().map_or(1, |a| a.line),
                    format!(
                        "`@odata.type` `{t}` is not a qualified name; the heading names the type"
                    ),
                ));
            }
            if valid {
                (ns, Some(n))
            } else {
                (None, None)
            }
        }
        None => (None, None),
    };
    let heading_name = heading.as_ref().map(|h| h.0.clone());
    let primary_name = odata_name.or_else(|| match heading_name {
        Some(n) if !is_identifier(&n) => {
            diags.push(Diagnostic::warning(
                codes::INVALID_TYPE_NAME,
                path,
                h1.as_ref().map_or(1, |h| h.2),
                format!("`{n}` in the heading is not a type name (an identifier); no type is read"),
            ));
            None
        }
        other => other,
    });
    let is_enum_page = annotation.is_none() && heading.as_ref().is_some_and(|h| h.1);
    let key = annotation.as_ref().and_then(|a| a.key_property.clone());

    let primary_name = primary_name.filter(|_| !method_page);
    if let Some(name) = primary_name.filter(|_| annotation.is_some() || heading.is_some()) {
        let line = h1.as_ref().map_or(1, |h| h.2);
        let namespace = odata_ns.unwrap_or_else(|| page_namespace.clone());
        if is_enum_page {
            let (members, defined_at) = enums
                .iter()
                .position(|(s, _, _)| s.name.is_empty())
                .map(|i| {
                    let (_, (header, rows), table_line) = enums.remove(i);
                    (read_members(header, rows, page, diags), table_line)
                })
                .unwrap_or((Vec::new(), line));
            let mut t = enum_type(name, namespace, true, None, description, line, members);
            t.defined_at = defined_at;
            decls.types.push(t);
        } else {
            let json = find_json_block(blocks, annotation_at.as_ref().map(|(i, _)| *i));
            // An overview page with a heading but no table, no annotation and
            // no JSON defines nothing.
            if has_table || annotation.is_some() || json.is_some() {
                let mut properties = Vec::new();
                for (cols, rows, nav, _) in &tables {
                    for row in rows.iter() {
                        if let Some(mut p) =
                            read_property(row, cols, *nav, key.as_deref(), page, diags)
                        {
                            // A relationship whose "List x" method returns a
                            // collection is a collection, though its Type cell
                            // may forget to say so.
                            if p.navigation && listed.contains(&p.name.to_ascii_lowercase()) {
                                if let Some(spec) = &mut p.spec {
                                    spec.collection = true;
                                }
                            }
                            properties.push(p);
                        }
                    }
                }
                let base = annotation
                    .as_ref()
                    .and_then(|a| a.base_type.clone())
                    .map(TypeRef::Name)
                    .or_else(|| {
                        base_paragraphs.iter().find_map(|t| {
                            let plain = t.plain();
                            type_after(t, &plain, "inherits from")
                                .or_else(|| type_after(t, &plain, "derived from"))
                                .or_else(|| type_after(t, &plain, "subclass of"))
                                .or_else(|| type_after(t, &plain, "subclass from"))
                                .or_else(|| type_after(t, &plain, "derives from"))
                                .or_else(|| super::kind_of(t))
                        })
                    });
                // `{}`: the page shows no property to list either.
                let shows_none = json.as_ref().is_some_and(|j| j.entries.is_empty());
                let open = annotation.as_ref().is_some_and(|a| a.open_type);
                if !has_table && !says_none && !shows_none && !open {
                    let (at, message) = match &misheaded {
                        Some((at, cells)) => (*at, format!("`{name}` has no Properties table: the table under `## Properties` is headed `{cells}`, not `Property | Type | Description`; its properties come from the JSON representation")),
                        None => (line, format!("`{name}` has no Properties table; its properties come from the JSON representation")),
                    };
                    diags.push(Diagnostic::warning(
                        codes::MISSING_PROPERTIES_TABLE,
                        path,
                        at,
                        message,
                    ));
                }
                decls.types.push(RawType {
                    kind: if key.is_some() {
                        Kind::Entity
                    } else {
                        Kind::Complex
                    },
                    heading_name: heading.as_ref().map(|h| h.0.clone()),
                    name,
                    namespace,
                    primary: true,
                    anchor: None,
                    base_is_guess: annotation.as_ref().is_none_or(|a| a.base_type.is_none())
                        && matches!(base, Some(TypeRef::Name(_))),
                    base_line: match annotation.as_ref() {
                        Some(a) if a.base_type.is_some() => a.line,
                        _ => inherits_line.unwrap_or(line),
                    },
                    base,
                    annotation,
                    description,
                    links: description_links.clone(),
                    line,
                    defined_at: tables.first().map_or(line, |t| t.3),
                    properties,
                    members: Vec::new(),
                    open_in_prose: base_paragraphs
                        .iter()
                        .any(|t| t.plain().to_ascii_lowercase().contains("open type")),
                    derived: preamble
                        .iter()
                        .flat_map(|t| super::derived_types(t))
                        .collect(),
                    has_table,
                    json,
                });
            }
        }
    }
    for (section, (header, rows), table_line) in enums {
        if section.name.is_empty() || names_string_property(&decls.types, &section.name) {
            continue;
        }
        let members = read_members(header, rows, page, diags);
        let (ns, name) = split_qualified(&section.name);
        if !is_identifier(&name) || !ns.as_deref().is_none_or(is_dotted_name) {
            diags.push(Diagnostic::warning(
                codes::INVALID_TYPE_NAME,
                path,
                section.line,
                format!(
                    "`{}` is not an enum name; its values table is skipped",
                    section.name
                ),
            ));
            continue;
        }
        let mut t = enum_type(
            name,
            ns.unwrap_or_else(|| page_namespace.clone()),
            false,
            Some(section.anchor),
            String::new(),
            section.line,
            members,
        );
        t.defined_at = table_line;
        decls.types.push(t);
    }
    if decls.types.is_empty() && !method_page {
        diags.push(Diagnostic::note(
            codes::NO_TYPE_DEFINED,
            path,
            h1.as_ref().map_or(1, |h| h.2),
            "page defines no type; skipped",
        ));
    }
    decls
}

/// Rows of pipes the markdown did not read as a table (a delimiter row with
/// more or fewer cells than the header: GitHub does not render it either)
/// are lost to every check: said, not dropped in silence.
fn unparsed_tables(page: &Page, diags: &mut Vec<Diagnostic>) {
    for block in &page.blocks {
        if let Block::Paragraph { text, line, .. } = block {
            let plain = text.plain();
            if plain.starts_with('|') && plain.matches('|').count() >= 4 && plain.contains("--") {
                diags.push(Diagnostic::warning(
                    codes::UNPARSED_TABLE,
                    &page.path,
                    *line,
                    "these rows are not a table to markdown (the delimiter row `|---|` must have as many cells as the header); nothing in them is read",
                ));
            }
        }
    }
}

/// `### mediaSizes values` under a type whose `mediaSizes` is a String
/// (collection): the strings the property takes, not an enum type.
fn names_string_property(types: &[RawType], name: &str) -> bool {
    types.iter().filter(|t| t.primary).any(|t| {
        t.properties.iter().any(|p| {
            p.name.eq_ignore_ascii_case(name)
                && matches!(&p.spec, Some(s) if s.target == TypeRef::Primitive("Edm.String"))
        })
    })
}

/// The rows of a page's Methods tables (first column headed "Method").
fn methods_table_rows<'b, 'a>(blocks: &'b [Block<'a>]) -> impl Iterator<Item = &'b Row<'a>> {
    blocks
        .iter()
        .filter_map(|block| match block {
            Block::Table { header, rows, .. }
                if header
                    .first()
                    .is_some_and(|h| h.plain().eq_ignore_ascii_case("method")) =>
            {
                Some(rows)
            }
            _ => None,
        })
        .flatten()
}

/// The rows of a Methods table (`| [Get x](../api/x-get.md) | [x](x.md) | ... |`).
fn method_rows(blocks: &[Block]) -> Vec<MethodRow> {
    methods_table_rows(blocks)
        .filter_map(|row| {
            let (dest, _) = row.cells.first()?.links().next()?;
            let returns = row
                .cells
                .get(1)
                .and_then(|c| parse_type_cell(c, &c.plain()));
            Some(MethodRow {
                dest: dest.to_string(),
                returns,
                line: row.line,
            })
        })
        .collect()
}

/// Names `x` of the Methods table's "List x" rows that return a collection.
fn listed_collections(blocks: &[Block]) -> std::collections::HashSet<String> {
    let mut names = std::collections::HashSet::new();
    for row in methods_table_rows(blocks) {
        let (Some(method), Some(returns)) = (row.cells.first(), row.cells.get(1)) else {
            continue;
        };
        if !contains_word(&returns.plain().to_ascii_lowercase(), "collection") {
            continue;
        }
        // "List x", or a method page named `<type>-list-<x>.md` (the
        // docs' name for listing a relationship: "List replies to message").
        let text = method.plain();
        if let Some(name) = text
            .strip_prefix("List ")
            .or_else(|| text.strip_prefix("list "))
        {
            if name.split_whitespace().count() == 1 {
                names.insert(name.trim().to_ascii_lowercase());
            }
        }
        for (dest, _) in method.links() {
            let stem = crate::page::page_stem(dest);
            if let Some((_, listed)) = stem.rsplit_once("-list-") {
                names.insert(listed.to_string());
            }
        }
    }
    names
}

fn enum_type(
    name: String,
    namespace: String,
    primary: bool,
    anchor: Option<String>,
    description: String,
    line: usize,
    members: Vec<Member>,
) -> RawType {
    RawType {
        kind: Kind::Enum,
        name,
        namespace,
        primary,
        anchor,
        base: None,
        base_is_guess: false,
        base_line: line,
        annotation: None,
        heading_name: None,
        description,
        links: Vec::new(),
        line,
        defined_at: line,
        properties: Vec::new(),
        members,
        open_in_prose: false,
        derived: Vec::new(),
        has_table: true,
        json: None,
    }
}

/// The JSON representation: the code block right after the annotation, or
/// else the first JSON block under a "JSON representation" heading.
fn find_json_block(blocks: &[Block], annotation_at: Option<usize>) -> Option<JsonBlock> {
    fn code<'b>(b: &'b Block) -> Option<(&'b str, usize)> {
        match b {
            Block::Code { text, line, .. } => Some((text.as_str(), *line)),
            _ => None,
        }
    }
    let found = match annotation_at {
        Some(i) => blocks.get(i + 1).and_then(code),
        None => {
            let heading = blocks.iter().position(|b| {
                matches!(b, Block::Heading { text, .. } if text.plain().to_ascii_lowercase().contains("json representation"))
            })?;
            blocks[heading..].iter().find_map(code)
        }
    };
    let (text, line) = found?;
    let entries = scan_block(text)?;
    Some(JsonBlock {
        strict: crate::jsonrepr::is_strict_json(text),
        entries,
        line,
    })
}

/// Reads a JSON representation value as a type.
pub fn json_value_spec(value: &crate::jsonrepr::JsonValue) -> Option<TypeSpec> {
    use crate::jsonrepr::JsonValue;
    let scalar = |p| {
        Some(TypeSpec {
            target: TypeRef::Primitive(p),
            collection: false,
        })
    };
    match value {
        JsonValue::Str(s) if s.contains('|') => scalar("Edm.String"),
        JsonValue::Str(s) => parse_type_text(s).or_else(|| scalar("Edm.String")),
        JsonValue::Number(n) if n.contains(['.', 'e', 'E']) => scalar("Edm.Double"),
        JsonValue::Number(_) => scalar("Edm.Int32"),
        JsonValue::Bool => scalar("Edm.Boolean"),
        // `{"@odata.type": "collection(microsoft.graph.x)"}`: a collection.
        JsonValue::Object(Some(t)) => {
            let t = t.trim_start_matches('#');
            parse_type_text(t)
                .filter(|spec| spec.collection)
                .or(Some(TypeSpec {
                    target: TypeRef::Name(t.to_string()),
                    collection: false,
                }))
        }
        JsonValue::Array(Some(inner)) => json_value_spec(inner).map(|s| TypeSpec {
            collection: true,
            ..s
        }),
        JsonValue::Bare(w) => parse_type_text(w),
        JsonValue::Null | JsonValue::Object(None) | JsonValue::Array(None) => None,
    }
}

/// The page's product area: front matter `ms.prod` in lower case (pages
/// write `"Outlook"` and `outlook`), `None` when missing or empty.
fn page_area(page: &Page) -> Option<String> {
    let area = page
        .front_matter
        .get("ms.prod")?
        .trim()
        .to_ascii_lowercase();
    (!area.is_empty()).then_some(area)
}
