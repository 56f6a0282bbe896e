//! `graphgen diff OLD NEW`: a semantic changelog of the models, each change
//! classified as breaking or not for code that uses the generated Rust.
//!
//! Breaking: a type, property or enum member removed; a property's type or
//! collection flag changed; a base type removed or changed; a type that
//! changes kind. Not breaking: additions (enums are forward-compatible, so a
//! new member is not breaking either), nullability (every generated field
//! is `Nullable` already), read-only flags and descriptions.

use crate::ir::{Ir, Kind, TypeDef};
use serde::Serialize;
use std::collections::BTreeMap;

pub mod codes {
    pub const TYPE_ADDED: &str = "type-added";
    pub const TYPE_REMOVED: &str = "type-removed";
    pub const KIND_CHANGED: &str = "kind-changed";
    pub const BASE_TYPE_ADDED: &str = "base-type-added";
    pub const BASE_TYPE_REMOVED: &str = "base-type-removed";
    pub const BASE_TYPE_CHANGED: &str = "base-type-changed";
    pub const PROPERTY_ADDED: &str = "property-added";
    pub const PROPERTY_REMOVED: &str = "property-removed";
    pub const PROPERTY_TYPE_CHANGED: &str = "property-type-changed";
    pub const COLLECTION_CHANGED: &str = "collection-changed";
    pub const NULLABILITY_CHANGED: &str = "nullability-changed";
    pub const READ_ONLY_CHANGED: &str = "read-only-changed";
    pub const MEMBER_ADDED: &str = "enum-member-added";
    pub const MEMBER_REMOVED: &str = "enum-member-removed";
    pub const DESCRIPTION_CHANGED: &str = "description-changed";
    pub use crate::drift::diff_ops::codes::*;
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub code: &'static str,
    pub breaking: bool,
    /// Qualified type name.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The property or member, if the change is about one.
    pub member: Option<String>,
    pub message: String,
    /// Where to look: in the new pages, or the old ones for a removal.
    pub path: String,
    pub line: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Changelog {
    pub changes: Vec<Change>,
}

impl Changelog {
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }
}

fn index(ir: &Ir) -> BTreeMap<String, &TypeDef> {
    ir.types
        .iter()
        .map(|t| (t.qualified_name().to_ascii_lowercase(), t))
        .collect()
}

fn show_type(name: &str, collection: bool) -> String {
    if collection {
        format!("{name} collection")
    } else {
        name.to_string()
    }
}

/// Compares two IRs. Changes come sorted by type, then in page order.
pub fn diff(old: &Ir, new: &Ir) -> Changelog {
    let (a, b) = (index(old), index(new));
    let mut changes = Vec::new();
    let mut push = |code: &'static str,
                    breaking: bool,
                    t: &TypeDef,
                    member: Option<&str>,
                    message: String,
                    line: usize| {
        changes.push(Change {
            code,
            breaking,
            type_name: t.qualified_name(),
            member: member.map(str::to_string),
            message,
            path: t.source.path.clone(),
            line,
        });
    };
    for (key, old_t) in &a {
        let Some(new_t) = b.get(key) else {
            push(
                codes::TYPE_REMOVED,
                true,
                old_t,
                None,
                format!("type `{}` removed", old_t.qualified_name()),
                old_t.source.line,
            );
            continue;
        };
        let line = new_t.source.line;
        if old_t.kind != new_t.kind {
            push(
                codes::KIND_CHANGED,
                true,
                new_t,
                None,
                format!(
                    "`{}` changed from {:?} to {:?}",
                    new_t.name, old_t.kind, new_t.kind
                )
                .to_lowercase(),
                line,
            );
        }
        match (&old_t.base_type, &new_t.base_type) {
            (None, Some(nb)) => push(
                codes::BASE_TYPE_ADDED,
                false,
                new_t,
                None,
                format!("`{}` now inherits from `{nb}`", new_t.name),
                line,
            ),
            (Some(ob), None) => push(
                codes::BASE_TYPE_REMOVED,
                true,
                new_t,
                None,
                format!("`{}` no longer inherits from `{ob}`", new_t.name),
                line,
            ),
            (Some(ob), Some(nb)) if !ob.eq_ignore_ascii_case(nb) => push(
                codes::BASE_TYPE_CHANGED,
                true,
                new_t,
                None,
                format!("`{}` now inherits from `{nb}`, not `{ob}`", new_t.name),
                line,
            ),
            _ => {}
        }
        if old_t.description != new_t.description {
            push(
                codes::DESCRIPTION_CHANGED,
                false,
                new_t,
                None,
                format!("description of `{}` changed", new_t.name),
                line,
            );
        }
        if new_t.kind == Kind::Enum || old_t.kind == Kind::Enum {
            for m in &old_t.members {
                if !new_t.members.iter().any(|n| n.name == m.name) {
                    push(
                        codes::MEMBER_REMOVED,
                        true,
                        new_t,
                        Some(&m.name),
                        format!("member `{}` of `{}` removed", m.name, new_t.name),
                        line,
                    );
                }
            }
            for m in &new_t.members {
                if !old_t.members.iter().any(|o| o.name == m.name) {
                    push(
                        codes::MEMBER_ADDED,
                        false,
                        new_t,
                        Some(&m.name),
                        format!("member `{}` added to `{}`", m.name, new_t.name),
                        line,
                    );
                }
            }
            continue;
        }
        for op in &old_t.properties {
            let Some(np) = new_t.properties.iter().find(|p| p.name == op.name) else {
                push(
                    codes::PROPERTY_REMOVED,
                    true,
                    old_t,
                    Some(&op.name),
                    format!("property `{}.{}` removed", old_t.name, op.name),
                    op.source.line,
                );
                continue;
            };
            let at = np.source.line;
            let name = Some(op.name.as_str());
            if !op.type_name.eq_ignore_ascii_case(&np.type_name) {
                let msg = format!(
                    "`{}.{}` changed type from {} to {}",
                    new_t.name,
                    op.name,
                    show_type(&op.type_name, op.collection),
                    show_type(&np.type_name, np.collection)
                );
                push(codes::PROPERTY_TYPE_CHANGED, true, new_t, name, msg, at);
            } else if op.collection != np.collection {
                let msg = format!(
                    "`{}.{}` changed from {} to {}",
                    new_t.name,
                    op.name,
                    show_type(&op.type_name, op.collection),
                    show_type(&np.type_name, np.collection)
                );
                push(codes::COLLECTION_CHANGED, true, new_t, name, msg, at);
            }
            if op.nullable != np.nullable {
                let now = if np.nullable {
                    "nullable"
                } else {
                    "not nullable"
                };
                push(
                    codes::NULLABILITY_CHANGED,
                    false,
                    new_t,
                    name,
                    format!("`{}.{}` is now {now}", new_t.name, op.name),
                    at,
                );
            }
            if op.read_only != np.read_only {
                let now = if np.read_only {
                    "read-only"
                } else {
                    "writable"
                };
                push(
                    codes::READ_ONLY_CHANGED,
                    false,
                    new_t,
                    name,
                    format!("`{}.{}` is now {now}", new_t.name, op.name),
                    at,
                );
            }
            if op.description != np.description {
                push(
                    codes::DESCRIPTION_CHANGED,
                    false,
                    new_t,
                    name,
                    format!("description of `{}.{}` changed", new_t.name, op.name),
                    at,
                );
            }
        }
        for np in &new_t.properties {
            if !old_t.properties.iter().any(|p| p.name == np.name) {
                let msg = format!(
                    "property `{}.{}` added ({})",
                    new_t.name,
                    np.name,
                    show_type(&np.type_name, np.collection)
                );
                push(
                    codes::PROPERTY_ADDED,
                    false,
                    new_t,
                    Some(&np.name),
                    msg,
                    np.source.line,
                );
            }
        }
    }
    for (key, new_t) in &b {
        if !a.contains_key(key) {
            push(
                codes::TYPE_ADDED,
                false,
                new_t,
                None,
                format!("type `{}` added", new_t.qualified_name()),
                new_t.source.line,
            );
        }
    }
    changes.sort_by(|x, y| {
        (x.type_name.to_ascii_lowercase(), &x.path, x.line, x.code).cmp(&(
            y.type_name.to_ascii_lowercase(),
            &y.path,
            y.line,
            y.code,
        ))
    });
    changes.extend(super::diff_ops::diff_operations(old, new));
    Changelog { changes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::ir_from_sources;

    fn page(rows: &str, members: &str) -> String {
        format!(
            "# thing resource type\n\nA thing.\n\n| Property | Type | Description |\n|--|--|--|\n{rows}\n\n### color values\n\n|Member|\n|--|\n{members}\n"
        )
    }

    #[test]
    fn classifies_changes() {
        let old = ir_from_sources([("thing.md", page("| a | String | A. |\n| b | Int32 | B. |\n| c | String | C. |\n| d | [color](#color-values) | |", "|red|\n|blue|").as_str())]);
        let new = ir_from_sources([("thing.md", page("| a | String | A, reworded. |\n| b | Int64 | B. |\n| c | String collection | Not nullable. |\n| d | [color](#color-values) | |\n| e | Boolean | E. |", "|red|\n|green|").as_str())]);
        let log = diff(&old, &new);
        let got: Vec<(&str, bool, Option<&str>)> = log
            .changes
            .iter()
            .map(|c| (c.code, c.breaking, c.member.as_deref()))
            .collect();
        assert!(
            got.contains(&(codes::DESCRIPTION_CHANGED, false, Some("a"))),
            "{got:?}"
        );
        assert!(got.contains(&(codes::PROPERTY_TYPE_CHANGED, true, Some("b"))));
        assert!(got.contains(&(codes::COLLECTION_CHANGED, true, Some("c"))));
        assert!(got.contains(&(codes::NULLABILITY_CHANGED, false, Some("c"))));
        assert!(got.contains(&(codes::PROPERTY_ADDED, false, Some("e"))));
        assert!(got.contains(&(codes::MEMBER_REMOVED, true, Some("blue"))));
        assert!(got.contains(&(codes::MEMBER_ADDED, false, Some("green"))));
        assert_eq!(log.breaking(), 3);
        let gone = diff(&new, &ir_from_sources([("other.md", "# other resource type\n\n| Property | Type | Description |\n|--|--|--|\n| x | String | |\n")]));
        assert!(gone
            .changes
            .iter()
            .any(|c| c.code == codes::TYPE_REMOVED && c.breaking));
        assert!(gone
            .changes
            .iter()
            .any(|c| c.code == codes::TYPE_ADDED && !c.breaking));
    }
}
