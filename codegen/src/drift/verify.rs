//! `graphgen verify --metadata CSDL DIR`: the pages against the service's
//! CSDL metadata (read with roxmltree). This is the only part of graphgen
//! that reads metadata. Findings are reported once, at the type that
//! declares what differs.

use crate::diag::{Diagnostic, Severity};
use crate::ir::{Ir, Kind, TypeDef};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub mod codes {
    pub const TYPE_NOT_IN_METADATA: &str = "type-not-in-metadata";
    pub const TYPE_WITHOUT_PAGE: &str = "type-without-page";
    pub const PROPERTY_NOT_IN_METADATA: &str = "property-not-in-metadata";
    pub const PROPERTY_MISSING_FROM_PAGE: &str = "property-missing-from-page";
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
    let mut out = Vec::new();
    let by_csdl: HashMap<String, &CsdlType> = csdl
        .iter()
        .map(|t| (t.qualified.to_ascii_lowercase(), t))
        .collect();
    let by_ir: HashMap<String, &TypeDef> = ir
        .types
        .iter()
        .map(|t| (t.qualified_name().to_ascii_lowercase(), t))
        .collect();
    let csdl_enums: BTreeSet<String> = csdl
        .iter()
        .filter(|t| t.kind == Kind::Enum)
        .map(|t| t.qualified.to_ascii_lowercase())
        .collect();
    let mut finding = |severity, code: &str, path: &str, line: usize, message: String| {
        out.push(Diagnostic::new(severity, code, path, line, message));
    };
    for c in csdl {
        if !by_ir.contains_key(&c.qualified.to_ascii_lowercase()) {
            finding(
                Severity::Note,
                codes::TYPE_WITHOUT_PAGE,
                csdl_path,
                c.line,
                format!("`{}` has no page", c.qualified),
            );
        }
    }
    for t in &ir.types {
        let (path, line) = (t.source.path.as_str(), t.source.line);
        let Some(c) = by_csdl.get(&t.qualified_name().to_ascii_lowercase()) else {
            finding(
                Severity::Warning,
                codes::TYPE_NOT_IN_METADATA,
                path,
                line,
                format!("`{}` is not in the metadata", t.qualified_name()),
            );
            continue;
        };
        if (t.kind == Kind::Enum) != (c.kind == Kind::Enum) {
            finding(
                Severity::Warning,
                codes::KIND_MISMATCH,
                path,
                line,
                format!(
                    "`{}` is {:?} on its page but {:?} in the metadata",
                    t.name, t.kind, c.kind
                )
                .to_lowercase(),
            );
            continue;
        }
        if t.kind == Kind::Enum {
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
                finding(
                    Severity::Warning,
                    codes::ENUM_MEMBERS_DIFFER,
                    path,
                    line,
                    format!(
                        "members of `{}`: missing from the page [{}], not in the metadata [{}]",
                        t.name,
                        missing.join(", "),
                        extra.join(", ")
                    ),
                );
            }
            continue;
        }
        let base_ir = t.base_type.as_deref().map(str::to_ascii_lowercase);
        let base_csdl = c.base.as_deref().map(str::to_ascii_lowercase);
        if base_ir != base_csdl {
            finding(
                Severity::Warning,
                codes::BASE_TYPE_MISMATCH,
                path,
                line,
                format!(
                    "`{}` inherits from {} on its page but from {} in the metadata",
                    t.name,
                    t.base_type.as_deref().unwrap_or("nothing"),
                    c.base.as_deref().unwrap_or("nothing")
                ),
            );
        }
        // Both sides' properties, with those inherited through base types.
        let page_chain = chain(t, |x: &TypeDef| {
            x.base_type
                .as_ref()
                .and_then(|b| by_ir.get(&b.to_ascii_lowercase()).copied())
        });
        let page_all: BTreeSet<&str> = page_chain
            .iter()
            .flat_map(|x| x.properties.iter().map(|p| p.name.as_str()))
            .collect();
        let meta_chain = chain(*c, |x: &CsdlType| {
            x.base
                .as_ref()
                .and_then(|b| by_csdl.get(&b.to_ascii_lowercase()).copied())
        });
        let mut meta_props: HashMap<&str, &CsdlProperty> = HashMap::new();
        for x in &meta_chain {
            for p in &x.properties {
                meta_props.entry(p.name.as_str()).or_insert(p);
            }
        }
        for p in &c.properties {
            if !page_all.contains(p.name.as_str()) {
                finding(
                    Severity::Warning,
                    codes::PROPERTY_MISSING_FROM_PAGE,
                    path,
                    line,
                    format!(
                        "`{}.{}` ({}) is in the metadata but not on the page",
                        t.name, p.name, p.type_name
                    ),
                );
            }
        }
        for p in &t.properties {
            let at = p.source.line;
            let path = p.source.path.as_str();
            let mut differs = |severity, code: &str, page: &str, meta: &str| {
                let message = format!(
                    "`{}.{}` is {page} on the page but {meta} in the metadata",
                    t.name, p.name
                );
                finding(severity, code, path, at, message);
            };
            let Some(m) = meta_props.get(p.name.as_str()) else {
                finding(
                    Severity::Warning,
                    codes::PROPERTY_NOT_IN_METADATA,
                    path,
                    at,
                    format!("`{}.{}` is not in the metadata", t.name, p.name),
                );
                continue;
            };
            if !p.type_name.eq_ignore_ascii_case(&m.type_name) {
                let (severity, code) = if p.type_name == "Edm.String"
                    && csdl_enums.contains(&m.type_name.to_ascii_lowercase())
                {
                    (Severity::Note, codes::ENUM_DOCUMENTED_AS_STRING)
                } else {
                    (Severity::Warning, codes::PROPERTY_TYPE_MISMATCH)
                };
                differs(severity, code, &p.type_name, &m.type_name);
            } else if p.collection != m.collection {
                let says = |c: bool| if c { "a collection" } else { "a single value" };
                differs(
                    Severity::Warning,
                    codes::COLLECTION_MISMATCH,
                    says(p.collection),
                    says(m.collection),
                );
            }
            if p.navigation != m.navigation {
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
    out.sort_by(|a, b| {
        (&a.path, a.line, &a.code, &a.message).cmp(&(&b.path, b.line, &b.code, &b.message))
    });
    out
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
