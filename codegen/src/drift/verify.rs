//! `graphgen verify --metadata CSDL DIR`: the pages against the service's
//! CSDL metadata (read with roxmltree). This is the only part of graphgen
//! that reads metadata. Findings are reported once, at the type that
//! declares what differs.

use crate::diag::{Diagnostic, Severity};
use crate::ir::{Ir, Kind, TypeDef, TypeLookup};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub mod codes {
    pub const TYPE_NOT_IN_METADATA: &str = "type-not-in-metadata";
    pub const TYPE_WITHOUT_PAGE: &str = "type-without-page";
    pub const PROPERTY_NOT_IN_METADATA: &str = "property-not-in-metadata";
    pub const PROPERTY_MISSING_FROM_PAGE: &str = "property-missing-from-page";
    pub const PROPERTY_NAME_CASE: &str = crate::diag::codes::PROPERTY_NAME_CASE;
    pub const PROPERTY_TYPE_MISMATCH: &str = "property-type-mismatch";
    pub const ENUM_DOCUMENTED_AS_STRING: &str = "enum-documented-as-string";
    pub const COLLECTION_MISMATCH: &str = "collection-mismatch";
    pub const NAVIGATION_MISMATCH: &str = "navigation-mismatch";
    pub const BASE_TYPE_MISMATCH: &str = "base-type-mismatch";
    pub const KIND_MISMATCH: &str = "kind-mismatch";
    pub const ENUM_MEMBERS_DIFFER: &str = "enum-members-differ";
}

#[derive(Debug, Clone)]
pub struct CsdlProperty {
    pub name: String,
    pub type_name: String,
    pub collection: bool,
    pub navigation: bool,
}

#[derive(Debug, Clone)]
pub struct CsdlType {
    pub kind: Kind,
    pub qualified: String,
    pub base: Option<String>,
    pub properties: Vec<CsdlProperty>,
    pub members: Vec<String>,
    pub line: usize,
    /// `OpenType="true"`: properties beyond the declared ones are allowed.
    pub open: bool,
}

/// `Collection(graph.x)` → (`microsoft.graph.x`, true), resolving aliases.
pub(crate) fn qualify(raw: &str, aliases: &HashMap<String, String>) -> (String, bool) {
    let (inner, collection) = match raw
        .strip_prefix("Collection(")
        .and_then(|r| r.strip_suffix(')'))
    {
        Some(inner) => (inner, true),
        None => (raw, false),
    };
    let name = match inner.rsplit_once('.') {
        Some((ns, short)) => format!("{}.{short}", aliases.get(ns).map_or(ns, String::as_str)),
        None => inner.to_string(),
    };
    (name, collection)
}

/// The `Schema` elements of a CSDL document and its namespace aliases
/// (`graph` → `microsoft.graph`).
pub(crate) fn schemas<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
) -> (Vec<roxmltree::Node<'a, 'i>>, HashMap<String, String>) {
    let schemas: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("Schema"))
        .collect();
    let aliases = schemas
        .iter()
        .filter_map(|s| {
            Some((
                s.attribute("Alias")?.to_string(),
                s.attribute("Namespace")?.to_string(),
            ))
        })
        .collect();
    (schemas, aliases)
}

/// Reads the entity, complex and enum types of a CSDL document.
pub fn read_csdl(text: &str) -> Result<Vec<CsdlType>, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
    let (schemas, aliases) = schemas(&doc);
    let mut types = Vec::new();
    for schema in &schemas {
        let Some(namespace) = schema.attribute("Namespace") else {
            continue;
        };
        for el in schema.children().filter(|n| n.is_element()) {
            let kind = match el.tag_name().name() {
                "EntityType" => Kind::Entity,
                "ComplexType" => Kind::Complex,
                "EnumType" => Kind::Enum,
                _ => continue,
            };
            let Some(name) = el.attribute("Name") else {
                continue;
            };
            let mut t = CsdlType {
                kind,
                qualified: format!("{namespace}.{name}"),
                base: el.attribute("BaseType").map(|b| qualify(b, &aliases).0),
                properties: Vec::new(),
                members: Vec::new(),
                line: doc.text_pos_at(el.range().start).row as usize,
                open: el.attribute("OpenType") == Some("true"),
            };
            for child in el.children().filter(|n| n.is_element()) {
                let tag = child.tag_name().name();
                match (tag, child.attribute("Name"), child.attribute("Type")) {
                    ("Property" | "NavigationProperty", Some(n), Some(ty)) => {
                        let (type_name, collection) = qualify(ty, &aliases);
                        t.properties.push(CsdlProperty {
                            name: n.to_string(),
                            type_name,
                            collection,
                            navigation: tag == "NavigationProperty",
                        });
                    }
                    ("Member", Some(n), _) => t.members.push(n.to_string()),
                    _ => {}
                }
            }
            types.push(t);
        }
    }
    Ok(types)
}

/// Walks a chain of base types (stopping at a cycle), nearest first.
fn chain<'a, T>(start: &'a T, base_of: impl Fn(&'a T) -> Option<&'a T>) -> Vec<&'a T> {
    let mut out = vec![start];
    while let Some(next) = out.last().and_then(|t| base_of(t)) {
        if out.iter().any(|seen| std::ptr::eq(*seen, next)) {
            break;
        }
        out.push(next);
    }
    out
}

pub fn verify(ir: &Ir, csdl: &[CsdlType], csdl_path: &str) -> Vec<Diagnostic> {
    let v = Verifier::new(ir, csdl);
    let mut out = Vec::new();
    // A page named for the type (`identityuserflow.md`) whose heading or
    // annotation names it otherwise is its page, misnamed: reported there
    // (`type-not-in-metadata`), not here.
    let stems: BTreeSet<String> = ir
        .types
        .iter()
        .map(|t| crate::page::page_stem(&t.source.path))
        .collect();
    for c in csdl {
        let short = c
            .qualified
            .rsplit('.')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if !v.by_ir.contains_key(&c.qualified.to_ascii_lowercase()) && !stems.contains(&short) {
            out.push(Diagnostic::note(
                codes::TYPE_WITHOUT_PAGE,
                csdl_path,
                c.line,
                format!("`{}` has no page", c.qualified),
            ));
        }
    }
    for t in &ir.types {
        v.verify_type(t, &mut out);
    }
    out.sort_by(|a, b| {
        (&a.path, a.line, &a.code, &a.message).cmp(&(&b.path, b.line, &b.code, &b.message))
    });
    out
}

/// The two sides, indexed.
struct Verifier<'a> {
    by_csdl: HashMap<String, &'a CsdlType>,
    by_ir: HashMap<String, &'a TypeDef>,
    csdl_enums: BTreeSet<String>,
    types: TypeLookup<'a>,
    /// (page, property) pairs the page contradicts itself on (lint's
    /// `table-json-mismatch`): the defect is reported there, once.
    self_contradicted: BTreeSet<(String, String)>,
}

impl<'a> Verifier<'a> {
    fn new(ir: &'a Ir, csdl: &'a [CsdlType]) -> Self {
        let self_contradicted = ir
            .diagnostics
            .iter()
            .filter(|d| d.code == crate::diag::codes::TABLE_JSON_MISMATCH)
            .filter_map(|d| {
                let name = d.message.strip_prefix('`')?.split('`').next()?;
                Some((d.path.clone(), name.to_string()))
            })
            .collect();
        Verifier {
            by_csdl: csdl
                .iter()
                .map(|t| (t.qualified.to_ascii_lowercase(), t))
                .collect(),
            by_ir: ir
                .types
                .iter()
                .map(|t| (t.qualified_name().to_ascii_lowercase(), t))
                .collect(),
            csdl_enums: csdl
                .iter()
                .filter(|t| t.kind == Kind::Enum)
                .map(|t| t.qualified.to_ascii_lowercase())
                .collect(),
            types: TypeLookup::new(&ir.types),
            self_contradicted,
        }
    }

    fn verify_type(&self, t: &TypeDef, out: &mut Vec<Diagnostic>) {
        let (path, line) = (t.source.path.as_str(), t.source.line);
        let Some(c) = self.by_csdl.get(&t.qualified_name().to_ascii_lowercase()) else {
            out.push(Diagnostic::warning(
                codes::TYPE_NOT_IN_METADATA,
                path,
                line,
                format!("`{}` is not in the metadata", t.qualified_name()),
            ));
            return;
        };
        if (t.kind == Kind::Enum) != (c.kind == Kind::Enum) {
            out.push(Diagnostic::warning(
                codes::KIND_MISMATCH,
                path,
                line,
                format!(
                    "`{}` is {:?} on its page but {:?} in the metadata",
                    t.name, t.kind, c.kind
                )
                .to_lowercase(),
            ));
            return;
        }
        if t.kind == Kind::Enum {
            enum_members(t, c, out);
            return;
        }
        self.base_type(t, c, out);
        self.properties(t, c, out);
    }

    /// Properties of a type, with those inherited through base types.
    fn page_properties(&self, t: &'a TypeDef) -> Vec<&'a crate::ir::Property> {
        chain(t, |x: &TypeDef| {
            x.base_type
                .as_ref()
                .and_then(|b| self.by_ir.get(&b.to_ascii_lowercase()).copied())
        })
        .into_iter()
        .flat_map(|x| x.properties.iter())
        .collect()
    }

    fn meta_properties(&self, c: &'a CsdlType) -> HashMap<&'a str, &'a CsdlProperty> {
        let mut out = HashMap::new();
        let meta_chain = chain(c, |x: &CsdlType| {
            x.base
                .as_ref()
                .and_then(|b| self.by_csdl.get(&b.to_ascii_lowercase()).copied())
        });
        for x in meta_chain {
            for p in &x.properties {
                out.entry(p.name.as_str()).or_insert(p);
            }
        }
        out
    }

    /// A page that names no base but lists every property of the
    /// metadata's base itself (`id` for `entity`) describes the same wire
    /// shape: a note. Any other difference is a warning.
    fn base_type(&self, t: &TypeDef, c: &CsdlType, out: &mut Vec<Diagnostic>) {
        let base_ir = t.base_type.as_deref().map(str::to_ascii_lowercase);
        let base_csdl = c.base.as_deref().map(str::to_ascii_lowercase);
        if base_ir == base_csdl {
            return;
        }
        let meta_base = c
            .base
            .as_deref()
            .and_then(|b| self.by_csdl.get(&b.to_ascii_lowercase()).copied());
        let own: BTreeSet<&str> = t.properties.iter().map(|p| p.name.as_str()).collect();
        let listed_itself = t.base_type.is_none()
            && meta_base.is_some_and(|b| {
                self.meta_properties(b)
                    .keys()
                    .all(|name| own.contains(name))
            });
        let message = format!(
            "`{}` inherits from {} on its page but from {} in the metadata",
            t.name,
            t.base_type.as_deref().unwrap_or("nothing"),
            c.base.as_deref().unwrap_or("nothing")
        );
        // Where the page says (or would say) what the type inherits from.
        let (path, line) = (t.source.path.as_str(), t.base_line.max(1));
        out.push(if listed_itself {
            Diagnostic::note(
                codes::BASE_TYPE_MISMATCH,
                path,
                line,
                format!("{message}; the page lists the base's properties itself"),
            )
        } else {
            Diagnostic::warning(codes::BASE_TYPE_MISMATCH, path, line, message)
        });
    }

    fn properties(&self, t: &TypeDef, c: &CsdlType, out: &mut Vec<Diagnostic>) {
        // Names compared without case: a name spelt with another case is
        // one finding, `property-name-case`, below.
        let page_all: BTreeSet<String> = self
            .page_properties(t)
            .iter()
            .map(|p| p.name.to_ascii_lowercase())
            .collect();
        for p in &c.properties {
            if !page_all.contains(&p.name.to_ascii_lowercase()) {
                out.push(Diagnostic::warning(
                    codes::PROPERTY_MISSING_FROM_PAGE,
                    &t.source.path,
                    t.source.line,
                    format!(
                        "`{}.{}` ({}) is in the metadata but not on the page",
                        t.name, p.name, p.type_name
                    ),
                ));
            }
        }
        let meta_props = self.meta_properties(c);
        for p in &t.properties {
            let exact = meta_props.get(p.name.as_str());
            let other_case = meta_props
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(&p.name));
            match (exact, other_case) {
                (None, Some((name, m))) => {
                    out.push(Diagnostic::warning(
                        codes::PROPERTY_NAME_CASE,
                        &p.source.path,
                        p.source.line,
                        format!(
                            "`{}.{}` is `{name}` in the metadata: the names differ in case",
                            t.name, p.name
                        ),
                    ));
                    self.property(t, c, p, m, out);
                }
                // An open type takes properties its metadata does not list.
                (None, None) if c.open || t.open_type => {}
                (None, None) => out.push(Diagnostic::warning(
                    codes::PROPERTY_NOT_IN_METADATA,
                    &p.source.path,
                    p.source.line,
                    format!("`{}.{}` is not in the metadata", t.name, p.name),
                )),
                (Some(m), _) => self.property(t, c, p, m, out),
            }
        }
    }

    fn property(
        &self,
        t: &TypeDef,
        c: &CsdlType,
        p: &crate::ir::Property,
        m: &CsdlProperty,
        out: &mut Vec<Diagnostic>,
    ) {
        let mut differs = |severity, code: &str, page: &str, meta: &str| {
            let message = format!(
                "`{}.{}` is {page} on the page but {meta} in the metadata",
                t.name, p.name
            );
            out.push(Diagnostic::new(
                severity,
                code,
                &p.source.path,
                p.source.line,
                message,
            ));
        };
        let contradicts_itself = self
            .self_contradicted
            .contains(&(p.source.path.clone(), p.name.clone()));
        // A derived type where the metadata names its base narrows it.
        let same_type = p.type_name.eq_ignore_ascii_case(&m.type_name)
            || self.types.is_a(&p.type_name, &m.type_name);
        if !same_type && !contradicts_itself {
            let (severity, code) = if p.type_name == "Edm.String"
                && self.csdl_enums.contains(&m.type_name.to_ascii_lowercase())
            {
                (Severity::Note, codes::ENUM_DOCUMENTED_AS_STRING)
            } else {
                (Severity::Warning, codes::PROPERTY_TYPE_MISMATCH)
            };
            differs(severity, code, &p.type_name, &m.type_name);
        } else if p.collection != m.collection && !contradicts_itself {
            let says = |c: bool| if c { "a collection" } else { "a single value" };
            differs(
                Severity::Warning,
                codes::COLLECTION_MISMATCH,
                says(p.collection),
                says(m.collection),
            );
        }
        // A complex type's navigation properties are listed as properties
        // by the docs' convention.
        if p.navigation != m.navigation && c.kind == Kind::Entity {
            let says = |n: bool| if n { "a relationship" } else { "a property" };
            differs(
                Severity::Note,
                codes::NAVIGATION_MISMATCH,
                says(p.navigation),
                says(m.navigation),
            );
        }
    }
}

fn enum_members(t: &TypeDef, c: &CsdlType, out: &mut Vec<Diagnostic>) {
    let page: BTreeSet<&str> = t
        .members
        .iter()
        .map(|m| m.name.as_str())
        .filter(|m| *m != crate::ir::EVOLVABLE_ENUM_SENTINEL)
        .collect();
    let meta: BTreeSet<&str> = c
        .members
        .iter()
        .map(String::as_str)
        .filter(|m| *m != crate::ir::EVOLVABLE_ENUM_SENTINEL)
        .collect();
    if page != meta {
        let missing: Vec<&str> = meta.difference(&page).copied().collect();
        let extra: Vec<&str> = page.difference(&meta).copied().collect();
        out.push(Diagnostic::warning(
            codes::ENUM_MEMBERS_DIFFER,
            &t.source.path,
            t.source.line,
            format!(
                "members of `{}`: missing from the page [{}], not in the metadata [{}]",
                t.name,
                missing.join(", "),
                extra.join(", ")
            ),
        ));
    }
}

/// Counts of findings by code.
pub fn totals(findings: &[Diagnostic]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for d in findings {
        *counts.entry(d.code.clone()).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::ir_from_sources;

    const CSDL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="mode"><Member Name="on" Value="0"/><Member Name="off" Value="1"/><Member Name="standby" Value="2"/></EnumType>
      <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
      <EntityType Name="thing" BaseType="graph.entity">
        <Property Name="count" Type="Edm.Int64"/>
        <Property Name="tags" Type="Collection(Edm.String)"/>
        <Property Name="state" Type="graph.mode"/>
        <Property Name="onlyHere" Type="Edm.Boolean"/>
        <NavigationProperty Name="owner" Type="graph.entity"/>
      </EntityType>
      <ComplexType Name="unpaged"><Property Name="x" Type="Edm.String"/></ComplexType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

    fn pages() -> Ir {
        let entity = "# entity resource type\n\n| Property | Type | Description |\n|--|--|--|\n| id | String | |\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.entity\" } -->\n```json\n{}\n```\n";
        let thing = "# thing resource type\n\nInherits from [entity](entity.md).\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n| count | Int32 | |\n| tags | String | |\n| state | String | |\n| onlyOnPage | String | |\n| owner | [entity](entity.md) | |\n";
        let mode = "# mode enum type\n\n## Members\n\n| Member | Value | Description |\n|--|--|--|\n| on | 0 | |\n| off | 1 | |\n";
        let extra = "# pageOnly resource type\n\n| Property | Type | Description |\n|--|--|--|\n| y | String | |\n";
        ir_from_sources([
            ("entity.md", entity),
            ("thing.md", thing),
            ("mode.md", mode),
            ("pageonly.md", extra),
        ])
    }

    #[test]
    fn each_kind_of_disagreement() {
        let csdl = read_csdl(CSDL).unwrap();
        let found = verify(&pages(), &csdl, "meta.xml");
        let has = |code: &str, path: &str| found.iter().any(|d| d.code == code && d.path == path);
        assert!(has(codes::TYPE_WITHOUT_PAGE, "meta.xml"), "{found:#?}");
        assert!(has(codes::TYPE_NOT_IN_METADATA, "pageonly.md"));
        assert!(has(codes::PROPERTY_TYPE_MISMATCH, "thing.md"));
        assert!(has(codes::COLLECTION_MISMATCH, "thing.md"));
        assert!(has(codes::ENUM_DOCUMENTED_AS_STRING, "thing.md"));
        assert!(has(codes::PROPERTY_NOT_IN_METADATA, "thing.md"));
        assert!(has(codes::PROPERTY_MISSING_FROM_PAGE, "thing.md"));
        assert!(has(codes::NAVIGATION_MISMATCH, "thing.md"));
        assert!(has(codes::ENUM_MEMBERS_DIFFER, "mode.md"));
        assert!(
            !found.iter().any(|d| d.code == codes::BASE_TYPE_MISMATCH),
            "{found:#?}"
        );
        let unpaged = found
            .iter()
            .find(|d| d.code == codes::TYPE_WITHOUT_PAGE)
            .unwrap();
        assert_eq!(unpaged.line, 14);
        let totals = totals(&found);
        assert_eq!(totals[codes::PROPERTY_MISSING_FROM_PAGE], 1);
    }

    #[test]
    fn base_type_mismatch_and_bad_xml() {
        let csdl = read_csdl(&CSDL.replace(" BaseType=\"graph.entity\"", "")).unwrap();
        let found = verify(&pages(), &csdl, "meta.xml");
        assert!(found
            .iter()
            .any(|d| d.code == codes::BASE_TYPE_MISMATCH && d.path == "thing.md"));
        assert!(read_csdl("<not xml").is_err());
    }

    #[test]
    fn kind_mismatch() {
        let csdl = read_csdl(&CSDL.replace(
            r#"<EnumType Name="mode"><Member Name="on" Value="0"/><Member Name="off" Value="1"/><Member Name="standby" Value="2"/></EnumType>"#,
            r#"<ComplexType Name="mode"><Property Name="on" Type="Edm.Boolean"/></ComplexType>"#,
        ))
        .unwrap();
        let found = verify(&pages(), &csdl, "meta.xml");
        assert!(
            found
                .iter()
                .any(|d| d.code == codes::KIND_MISMATCH && d.path == "mode.md"),
            "{found:#?}"
        );
    }
}
