//! The resolved model IR, public as JSON (`shared/IR.md`, irVersion 2).

use crate::diag::Diagnostic;
use serde::{Deserialize, Serialize};

pub const IR_VERSION: u32 = 2;

/// The namespace of a page that names none (the IR contract's default).
pub const DEFAULT_NAMESPACE: &str = "microsoft.graph";

/// The member Graph's evolvable enums end with. Pages list it in some
/// places and leave it out in others, so comparisons of member lists
/// (lint, verify) set it aside, as the shared scorer does.
pub const EVOLVABLE_ENUM_SENTINEL: &str = "unknownFutureValue";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ir {
    pub ir_version: u32,
    pub types: Vec<TypeDef>,
    /// The calls the method pages document (empty without method pages).
    #[serde(default)]
    pub operations: Vec<Operation>,
    #[serde(default)]
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Entity,
    Complex,
    Enum,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Source {
    pub path: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeDef {
    pub kind: Kind,
    pub name: String,
    pub namespace: String,
    pub base_type: Option<String>,
    #[serde(rename = "abstract")]
    pub is_abstract: bool,
    pub open_type: bool,
    pub key_property: Option<String>,
    #[serde(default)]
    pub flags: bool,
    pub description: String,
    pub source: Source,
    /// The product area of the type's page (front matter `ms.prod`, lower
    /// case): an addition to irVersion 1, absent where the page has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// Links in the description: to model types (qualified) or web pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<DocLink>,
    #[serde(default)]
    pub properties: Vec<Property>,
    #[serde(default)]
    pub members: Vec<Member>,
    /// Where the page says what the type inherits from (or its heading):
    /// where a finding about its base points.
    #[serde(skip)]
    pub base_line: usize,
}

impl TypeDef {
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Property {
    pub name: String,
    #[serde(rename = "type")]
    pub type_name: String,
    pub collection: bool,
    pub nullable: bool,
    pub read_only: bool,
    pub navigation: bool,
    pub inherited_from: Option<String>,
    pub description: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<DocLink>,
}

/// A link in a description (an addition to irVersion 1: readers may ignore it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocLink {
    /// The link's text as it stands in the plain description.
    pub text: String,
    /// A qualified model type name, or an absolute `http(s)` address.
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    pub value: Option<i64>,
    pub description: String,
}

mod operation;
pub use operation::*;

impl Ir {
    /// Sorts types by namespace then name, and diagnostics by place, so two
    /// runs over the same input print the same bytes.
    pub fn normalize(&mut self) {
        self.types
            .sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        // A page's calls share its source: then by binding, then paths.
        self.operations.sort_by(|a, b| {
            let binding = |o: &Operation| {
                o.binding
                    .as_ref()
                    .map(|b| (b.bound_to.clone(), b.collection, b.name.clone()))
            };
            (&a.source.path, a.source.line, binding(a), &a.paths).cmp(&(
                &b.source.path,
                b.source.line,
                binding(b),
                &b.paths,
            ))
        });
        self.diagnostics.sort_by(|a, b| {
            (&a.path, a.line, &a.code, &a.message).cmp(&(&b.path, b.line, &b.code, &b.message))
        });
        self.diagnostics.dedup();
    }

    pub fn to_json(&self) -> String {
        // Serializing plain owned data to a String cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    pub fn find(&self, qualified: &str) -> Option<&TypeDef> {
        self.types
            .iter()
            .find(|t| t.qualified_name().eq_ignore_ascii_case(qualified))
    }
}

mod lookup;
pub use lookup::TypeLookup;
