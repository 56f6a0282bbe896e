//! Reading a type as the pages spell it: a table's Type cell, a JSON
//! representation value, or an annotation's type name.

use crate::page::{Inline, Span};

/// A type as written, before it is resolved against the other pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// A primitive, already qualified (`Edm.String`).
    Primitive(&'static str),
    /// A link to the page (and maybe anchor) that defines the type.
    Link { dest: String, text: String },
    /// A bare type name (`contactRelationship`, `microsoft.graph.user`).
    Name(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeSpec {
    pub target: TypeRef,
    pub collection: bool,
}

/// Maps the spellings of primitives the pages use to the Edm type. `None`
/// means the word is not a primitive (it may still name a model type).
pub fn primitive(word: &str) -> Option<&'static str> {
    let lower = word.trim().trim_matches('`').to_ascii_lowercase();
    let lower = lower.strip_prefix("edm.").unwrap_or(&lower);
    Some(match lower {
        "string" | "str" | "url" | "uri" | "text" | "char" => "Edm.String",
        "int32" | "int" | "integer" => "Edm.Int32",
        "int64" | "long" | "bigint" => "Edm.Int64",
        "int16" | "short" => "Edm.Int16",
        "byte" | "sbyte" => "Edm.Byte",
        "boolean" | "bool" => "Edm.Boolean",
        "double" | "float" | "number" => "Edm.Double",
        "single" => "Edm.Single",
        "decimal" => "Edm.Decimal",
        "datetimeoffset" | "datetime" | "timestamp" => "Edm.DateTimeOffset",
        "date" => "Edm.Date",
        "timeofday" | "time" => "Edm.TimeOfDay",
        "duration" | "timespan" => "Edm.Duration",
        "guid" | "uuid" => "Edm.Guid",
        "binary" | "base64" | "base64binary" | "bytes" => "Edm.Binary",
        "stream" => "Edm.Stream",
        "json" | "object" | "untyped" | "any" => "Edm.Untyped",
        _ => return None,
    })
}

/// The Edm names themselves (`Int32`, `Edm.Guid`), as opposed to the looser
/// spellings (`int`, `Json`) that a page may also use as the name of a type
/// it declares (a `Json` complex type exists): those are tried as type names
/// first and as primitives after.
pub fn canonical_primitive(word: &str) -> Option<&'static str> {
    let word = word.trim().trim_matches('`');
    let bare = word.strip_prefix("Edm.").unwrap_or(word);
    let prim = primitive(bare)?;
    (word.starts_with("Edm.") || prim[4..].eq_ignore_ascii_case(bare)).then_some(prim)
}

fn is_external(dest: &str) -> bool {
    let lower = dest.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
}

/// Strips `Collection(...)`, a `collection` word and `[]`, reporting whether
/// any was there.
fn strip_collection(text: &str) -> (String, bool) {
    let trimmed = text.trim();
    // Most cells name no collection: say so without allocating.
    let mentions = |word: &[u8]| {
        trimmed
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    if !mentions(b"collection") && !mentions(b"array") && !trimmed.ends_with("[]") {
        return (trimmed.to_string(), false);
    }
    let lower = trimmed.to_ascii_lowercase();
    if lower.starts_with("collection(") {
        let inner = trimmed["collection(".len()..].trim_end();
        let inner = inner.strip_suffix(')').unwrap_or(inner);
        return (inner.trim().to_string(), true);
    }
    if let Some(inner) = trimmed.strip_suffix("[]") {
        return (inner.trim().to_string(), true);
    }
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    let is_coll = |w: &&str| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase();
        w == "collection" || w == "array"
    };
    if words.iter().any(is_coll) {
        let kept: Vec<&str> = words
            .into_iter()
            .filter(|w| !is_coll(w) && !w.eq_ignore_ascii_case("of"))
            .collect();
        return (kept.join(" "), true);
    }
    (trimmed.to_string(), false)
}

/// Drops a parenthesised remark (`String (url)` → `String`) and markup.
fn core_word(text: &str) -> String {
    let no_paren = match text.find('(') {
        Some(i) => &text[..i],
        None => text,
    };
    no_paren
        .trim()
        .trim_matches(|c: char| c == '`' || c == '*' || c == '_' || c == '.' || c == ',')
        .trim()
        .to_string()
}

fn is_type_name(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}

/// Reads a free-text type (`String collection`, `Collection(Edm.Int32)`,
/// `microsoft.graph.user`, `String (url)`).
pub fn parse_type_text(text: &str) -> Option<TypeSpec> {
    let (rest, collection) = strip_collection(text);
    let rest = rest.trim_start_matches('#');
    let word = core_word(rest);
    if primitive(&word).is_some() && canonical_primitive(&word).is_none() && !rest.contains('(') {
        return Some(TypeSpec {
            target: TypeRef::Name(word),
            collection,
        });
    }
    if let Some(prim) = primitive(&word) {
        // `String (timestamp)`: a remark may name a more precise primitive.
        let remark = rest
            .split_once('(')
            .and_then(|(_, r)| primitive(r.trim_end_matches(')')));
        let target = match remark {
            Some(
                r @ ("Edm.DateTimeOffset" | "Edm.Date" | "Edm.TimeOfDay" | "Edm.Duration"
                | "Edm.Guid"),
            ) if prim == "Edm.String" => r,
            _ => prim,
        };
        return Some(TypeSpec {
            target: TypeRef::Primitive(target),
            collection,
        });
    }
    // `Untyped JSON object`: a primitive named by the first word.
    if let Some(prim) = word.split_whitespace().next().and_then(canonical_primitive) {
        return Some(TypeSpec {
            target: TypeRef::Primitive(prim),
            collection,
        });
    }
    if is_type_name(&word) {
        return Some(TypeSpec {
            target: TypeRef::Name(word.strip_prefix("Edm.").unwrap_or(&word).to_string()),
            collection,
        });
    }
    None
}

/// Reads a table's Type cell (`plain` is its text). A link wins over the
/// text around it, since it names the page that defines the type.
pub fn parse_type_cell(cell: &Inline, plain: &str) -> Option<TypeSpec> {
    let (_, collection) = strip_collection(plain);
    let link = cell.spans.iter().find_map(|s| match s {
        Span::Link { dest, text, .. } if !is_external(dest) => Some((dest, text)),
        _ => None,
    });
    if let Some((dest, text)) = link {
        // `[DateTimeOffset](timestamp.md)`: a link whose text is an Edm name
        // points at docs about the primitive; the text says what the value is.
        let target = match canonical_primitive(&core_word(text)) {
            Some(prim) => TypeRef::Primitive(prim),
            _ => TypeRef::Link {
                dest: dest.to_string(),
                text: core_word(text),
            },
        };
        return Some(TypeSpec { target, collection });
    }
    parse_type_text(plain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::parse_page;

    fn spec(md: &str) -> Option<TypeSpec> {
        let source = format!("|a|b|\n|-|-|\n|x|{md}|\n");
        let page = parse_page("t.md", &source);
        match &page.blocks[0] {
            crate::page::Block::Table { rows, .. } => {
                parse_type_cell(&rows[0].cells[1], &rows[0].cells[1].plain())
            }
            other => panic!("{other:?}"),
        }
    }

    fn prim(p: &'static str, collection: bool) -> Option<TypeSpec> {
        Some(TypeSpec {
            target: TypeRef::Primitive(p),
            collection,
        })
    }

    #[test]
    fn primitives_in_every_spelling() {
        assert_eq!(spec("String"), prim("Edm.String", false));
        assert_eq!(spec("`Edm.Int32`"), prim("Edm.Int32", false));
        let named = |n: &str| {
            Some(TypeSpec {
                target: TypeRef::Name(n.into()),
                collection: false,
            })
        };
        // Loose spellings may name a declared type; resolve tries that first.
        assert_eq!(spec("int"), named("int"));
        assert_eq!(spec("DateTime"), named("DateTime"));
        assert_eq!(spec("String (url)"), prim("Edm.String", false));
        assert_eq!(spec("Json"), named("Json"));
        assert_eq!(spec("string collection"), prim("Edm.String", true));
        assert_eq!(spec("Collection(Edm.Guid)"), prim("Edm.Guid", true));
        assert_eq!(spec("boolean"), prim("Edm.Boolean", false));
    }

    #[test]
    fn links_and_names() {
        let link = |dest: &str, text: &str, collection| {
            Some(TypeSpec {
                target: TypeRef::Link {
                    dest: dest.into(),
                    text: text.into(),
                },
                collection,
            })
        };
        assert_eq!(spec("[user](user.md)"), link("user.md", "user", false));
        assert_eq!(
            spec("[recipient](../resources/recipient.md) collection"),
            link("../resources/recipient.md", "recipient", true)
        );
        assert_eq!(
            spec("[identitySet][]"),
            link("identitySet", "identitySet", false)
        );
        assert_eq!(spec("[x](#x-values)"), link("#x-values", "x", false));
        assert_eq!(
            spec("`contactRelationship`"),
            Some(TypeSpec {
                target: TypeRef::Name("contactRelationship".into()),
                collection: false
            })
        );
        assert_eq!(spec(""), None);
    }

    #[test]
    fn json_value_spellings() {
        assert_eq!(
            parse_type_text("String (timestamp)"),
            prim("Edm.DateTimeOffset", false)
        );
        assert_eq!(
            parse_type_text("string (identifier)"),
            prim("Edm.String", false)
        );
        assert_eq!(
            parse_type_text("Collection(microsoft.graph.user)").map(|s| s.target),
            Some(TypeRef::Name("microsoft.graph.user".into()))
        );
    }
}
