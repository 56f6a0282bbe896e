//! `graphgen diff OLD NEW`: a semantic changelog of the models, each change
//! classified as breaking or not for code that uses the generated Rust.
//!
//! What a client reads decides: a type, property or enum member removed,
//! a property's JSON changed (a number where a string was), a collection
//! flag changed, a base or kind changed so that properties are lost, are
//! breaking. A type's page moving, a property moving to a base type, a
//! String documented as an enum or a GUID (the same JSON), a base named or
//! unnamed with every property still there, additions (enums are
//! forward-compatible), nullability, read-only flags and descriptions are
//! not. Nor is a property gone that only the JSON representation showed
//! (no table listed it), or a relationship row gone whose path the method
//! pages still document. A property renamed in place is one change.

use super::diff_ops::Reach;
use crate::diag::codes::PROPERTY_ONLY_IN_JSON;
use crate::ir::{Ir, Kind, Property, TypeDef, TypeLookup};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

pub mod codes {
    pub const TYPE_ADDED: &str = "type-added";
    pub const TYPE_REMOVED: &str = "type-removed";
    pub const KIND_CHANGED: &str = "kind-changed";
    pub const BASE_TYPE_ADDED: &str = "base-type-added";
    pub const BASE_TYPE_REMOVED: &str = "base-type-removed";
    pub const BASE_TYPE_CHANGED: &str = "base-type-changed";
    pub const PROPERTY_ADDED: &str = "property-added";
    pub const PROPERTY_REMOVED: &str = "property-removed";
    pub const PROPERTY_RENAMED: &str = "property-renamed";
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

/// Where the pages list properties only in the JSON representation
/// (`property-only-in-json`: the page has a table that leaves them out).
fn json_only(ir: &Ir) -> HashSet<(&str, usize)> {
    ir.diagnostics
        .iter()
        .filter(|d| d.code == PROPERTY_ONLY_IN_JSON)
        .map(|d| (d.path.as_str(), d.line))
        .collect()
}

/// Compares two IRs. Changes come sorted by type, then in page order; a
/// change said twice (two calls of one page changed alike) is said once.
pub fn diff(old: &Ir, new: &Ir) -> Changelog {
    let (a, b) = (index(old), index(new));
    let sides = Sides {
        old: TypeLookup::new(&old.types),
        new: TypeLookup::new(&new.types),
        old_json_only: json_only(old),
        new_json_only: json_only(new),
        reach: Reach::of(new),
    };
    let mut changes = Vec::new();
    for (key, old_t) in &a {
        match b.get(key) {
            None => changes.push(sides.removed_type(old, old_t)),
            Some(new_t) => sides.compare_type(old_t, new_t, &mut changes),
        }
    }
    for (key, new_t) in &b {
        if !a.contains_key(key) {
            changes.push(type_change(
                codes::TYPE_ADDED,
                false,
                new_t,
                None,
                format!("type `{}` added", new_t.qualified_name()),
                new_t.source.line,
            ));
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
    let mut seen = HashSet::new();
    changes.retain(|c| {
        seen.insert((
            c.code,
            c.type_name.clone(),
            c.member.clone(),
            c.message.clone(),
            c.path.clone(),
        ))
    });
    Changelog { changes }
}

fn type_change(
    code: &'static str,
    breaking: bool,
    t: &TypeDef,
    member: Option<&str>,
    message: String,
    line: usize,
) -> Change {
    Change {
        code,
        breaking,
        type_name: t.qualified_name(),
        member: member.map(str::to_string),
        message,
        path: t.source.path.clone(),
        line,
    }
}

/// Both versions' types, for inheritance; what each lists only in JSON;
/// what the new pages' paths reach.
struct Sides<'a> {
    old: TypeLookup<'a>,
    new: TypeLookup<'a>,
    old_json_only: HashSet<(&'a str, usize)>,
    new_json_only: HashSet<(&'a str, usize)>,
    reach: Reach<'a>,
}

/// How a value of a type is written in JSON: what a client reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wire {
    Text,
    Number,
    Boolean,
    Object,
    Other,
}

impl Sides<'_> {
    fn wire(&self, types: &TypeLookup, t: &str) -> Wire {
        match t {
            "Edm.String" | "Edm.Guid" | "Edm.Date" | "Edm.DateTimeOffset" | "Edm.Duration"
            | "Edm.TimeOfDay" | "Edm.Binary" => Wire::Text,
            "Edm.Int16" | "Edm.Int32" | "Edm.Int64" | "Edm.Double" | "Edm.Single"
            | "Edm.Decimal" | "Edm.Byte" | "Edm.SByte" => Wire::Number,
            "Edm.Boolean" => Wire::Boolean,
            _ => match types.get(t).map(|d| d.kind) {
                Some(Kind::Enum) => Wire::Text,
                Some(_) => Wire::Object,
                None => Wire::Other,
            },
        }
    }

    /// Every property a type has, its own and inherited (lower case).
    fn all_properties(types: &TypeLookup, t: &str) -> BTreeSet<String> {
        types
            .chain(t)
            .iter()
            .flat_map(|x| x.properties.iter().map(|p| p.name.to_ascii_lowercase()))
            .collect()
    }

    /// A change of base or kind that leaves every property it brought in
    /// place (an annotation's `baseType` or `keyProperty` edited, the key
    /// still listed) changes nothing a client reads; properties removed
    /// besides are reported as such.
    fn same_shape(&self, old_t: &TypeDef, new_t: &TypeDef) -> bool {
        let own: BTreeSet<String> = old_t
            .properties
            .iter()
            .map(|p| p.name.to_ascii_lowercase())
            .collect();
        let before = Self::all_properties(&self.old, &old_t.qualified_name());
        let after = Self::all_properties(&self.new, &new_t.qualified_name());
        before.difference(&own).all(|p| after.contains(p))
    }

    /// A type gone. An enum whose every use now reads as text (its
    /// values documented for a String) leaves the JSON as it was.
    fn removed_type(&self, old: &Ir, old_t: &TypeDef) -> Change {
        let name = old_t.qualified_name();
        let uses: Vec<(&TypeDef, &Property)> = old
            .types
            .iter()
            .flat_map(|t| t.properties.iter().map(move |p| (t, p)))
            .filter(|(_, p)| p.type_name.eq_ignore_ascii_case(&name))
            .collect();
        let now_text = old_t.kind == Kind::Enum
            && !uses.is_empty()
            && uses.iter().all(|(t, p)| {
                self.new
                    .property(&t.qualified_name(), &p.name)
                    .is_some_and(|np| self.wire(&self.new, &np.type_name) == Wire::Text)
            });
        let message = if now_text {
            format!("type `{name}` removed; the properties it typed are documented as text (the same JSON)")
        } else {
            format!("type `{name}` removed")
        };
        type_change(
            codes::TYPE_REMOVED,
            !now_text,
            old_t,
            None,
            message,
            old_t.source.line,
        )
    }

    fn compare_type(&self, old_t: &TypeDef, new_t: &TypeDef, out: &mut Vec<Change>) {
        let line = new_t.source.line;
        let same_shape = self.same_shape(old_t, new_t);
        if old_t.kind != new_t.kind {
            let enum_now = (old_t.kind == Kind::Enum) != (new_t.kind == Kind::Enum);
            let message = format!(
                "`{}` changed from {:?} to {:?}",
                new_t.name, old_t.kind, new_t.kind
            )
            .to_lowercase();
            out.push(type_change(
                codes::KIND_CHANGED,
                enum_now || !same_shape,
                new_t,
                None,
                message,
                line,
            ));
        }
        self.base_type(old_t, new_t, same_shape, out);
        if old_t.description != new_t.description {
            out.push(type_change(
                codes::DESCRIPTION_CHANGED,
                false,
                new_t,
                None,
                format!("description of `{}` changed", new_t.name),
                line,
            ));
        }
        if new_t.kind == Kind::Enum || old_t.kind == Kind::Enum {
            members(old_t, new_t, out);
        } else {
            self.properties(old_t, new_t, out);
        }
    }

    fn base_type(&self, old_t: &TypeDef, new_t: &TypeDef, same_shape: bool, out: &mut Vec<Change>) {
        let line = new_t.source.line;
        let (code, message) = match (&old_t.base_type, &new_t.base_type) {
            (None, Some(nb)) => (
                codes::BASE_TYPE_ADDED,
                format!("`{}` now inherits from `{nb}`", new_t.name),
            ),
            (Some(ob), None) => (
                codes::BASE_TYPE_REMOVED,
                format!("`{}` no longer inherits from `{ob}`", new_t.name),
            ),
            (Some(ob), Some(nb)) if !ob.eq_ignore_ascii_case(nb) => (
                codes::BASE_TYPE_CHANGED,
                format!("`{}` now inherits from `{nb}`, not `{ob}`", new_t.name),
            ),
            _ => return,
        };
        let breaking = code != codes::BASE_TYPE_ADDED && !same_shape;
        let message = if code != codes::BASE_TYPE_ADDED && same_shape {
            format!("{message}; every property is still there")
        } else {
            message
        };
        out.push(type_change(code, breaking, new_t, None, message, line));
    }

    fn properties(&self, old_t: &TypeDef, new_t: &TypeDef, out: &mut Vec<Change>) {
        let inherited_now = Self::all_properties(&self.new, &new_t.qualified_name());
        let mut gone = Vec::new();
        for op in &old_t.properties {
            // A name respelled only in case is the same property.
            let found = new_t
                .properties
                .iter()
                .find(|p| p.name == op.name)
                .or_else(|| {
                    new_t
                        .properties
                        .iter()
                        .find(|p| p.name.eq_ignore_ascii_case(&op.name))
                });
            match found {
                Some(np) => self.property(new_t, op, np, out),
                // Moved to a base type: still there for a client.
                None if inherited_now.contains(&op.name.to_ascii_lowercase()) => {}
                None => gone.push(op),
            }
        }
        let inherited_before = Self::all_properties(&self.old, &old_t.qualified_name());
        let mut added: Vec<&Property> = new_t
            .properties
            .iter()
            .filter(|np| !inherited_before.contains(&np.name.to_ascii_lowercase()))
            .collect();
        for (op, np, why) in self.renames(old_t, new_t, &gone, &added) {
            gone.retain(|p| !std::ptr::eq(*p, op));
            added.retain(|p| !std::ptr::eq(*p, np));
            let message = format!(
                "property `{}.{}` renamed `{}` ({why})",
                new_t.name, op.name, np.name
            );
            out.push(type_change(
                codes::PROPERTY_RENAMED,
                true,
                new_t,
                Some(&op.name),
                message,
                np.source.line,
            ));
        }
        for op in gone {
            out.push(self.removed_property(old_t, op));
        }
        for np in added {
            let msg = format!(
                "property `{}.{}` added ({})",
                new_t.name,
                np.name,
                show_type(&np.type_name, np.collection)
            );
            out.push(type_change(
                codes::PROPERTY_ADDED,
                false,
                new_t,
                Some(&np.name),
                msg,
                np.source.line,
            ));
        }
    }

    /// A property gone, at the old page that listed it (a type may span
    /// pages). Not breaking where no table ever listed it (only the JSON
    /// representation showed it), or where it is a relationship a path of
    /// the new method pages still goes through.
    fn removed_property(&self, old_t: &TypeDef, op: &Property) -> Change {
        let name = format!("{}.{}", old_t.name, op.name);
        let json_only = self
            .old_json_only
            .contains(&(op.source.path.as_str(), op.source.line));
        let still_called = || {
            op.navigation
                .then(|| self.reach.call_through(&old_t.qualified_name(), &op.name))
                .flatten()
        };
        let (breaking, message) = if json_only {
            (
                false,
                format!(
                    "property `{name}` removed from the JSON representation; no table listed it"
                ),
            )
        } else if let Some(call) = still_called() {
            (
                false,
                format!("relationship `{name}` removed from the Relationships table, but `{call}` is still documented"),
            )
        } else {
            (true, format!("property `{name}` removed"))
        };
        Change {
            path: op.source.path.clone(),
            ..type_change(
                codes::PROPERTY_REMOVED,
                breaking,
                old_t,
                Some(&op.name),
                message,
                op.source.line,
            )
        }
    }

    /// Properties gone paired with properties added that are the same
    /// property renamed: the same type, and the same description or the
    /// same place in the same table. Each with why it is taken so.
    fn renames<'p>(
        &self,
        old_t: &'p TypeDef,
        new_t: &'p TypeDef,
        gone: &[&'p Property],
        added: &[&'p Property],
    ) -> Vec<(&'p Property, &'p Property, &'static str)> {
        let listed = |json_only: &HashSet<(&str, usize)>, p: &Property| {
            !json_only.contains(&(p.source.path.as_str(), p.source.line))
        };
        let mut out: Vec<(&Property, &Property, &'static str)> = Vec::new();
        for &op in gone.iter().filter(|p| listed(&self.old_json_only, p)) {
            let candidates = added.iter().filter(|np| {
                listed(&self.new_json_only, np)
                    && np.type_name.eq_ignore_ascii_case(&op.type_name)
                    && np.collection == op.collection
                    && np.navigation == op.navigation
                    && !out.iter().any(|(_, taken, _)| std::ptr::eq(*taken, **np))
            });
            let described = |np: &&&Property| {
                !op.description.trim().is_empty() && np.description.trim() == op.description.trim()
            };
            let same_row = |np: &&&Property| {
                row(old_t, op, &self.old_json_only) == row(new_t, np, &self.new_json_only)
            };
            let found = candidates
                .clone()
                .find(described)
                .map(|np| (*np, "the same type and description"))
                .or_else(|| {
                    candidates
                        .clone()
                        .find(same_row)
                        .map(|np| (*np, "the same type, at the same row"))
                });
            if let Some((np, why)) = found {
                out.push((op, np, why));
            }
        }
        out
    }

    fn property(&self, new_t: &TypeDef, op: &Property, np: &Property, out: &mut Vec<Change>) {
        let at = np.source.line;
        let name = Some(op.name.as_str());
        let mut push = |code, breaking, message| {
            out.push(type_change(code, breaking, new_t, name, message, at))
        };
        if let Some((code, breaking, message)) = self.type_or_collection(new_t, op, np) {
            push(code, breaking, message);
        }
        if op.name != np.name {
            push(
                codes::DESCRIPTION_CHANGED,
                false,
                format!("`{}.{}` is now spelled `{}`", new_t.name, op.name, np.name),
            );
        }
        let flags = [
            (
                op.nullable != np.nullable,
                codes::NULLABILITY_CHANGED,
                if np.nullable {
                    "nullable"
                } else {
                    "not nullable"
                },
            ),
            (
                op.read_only != np.read_only,
                codes::READ_ONLY_CHANGED,
                if np.read_only {
                    "read-only"
                } else {
                    "writable"
                },
            ),
        ];
        for (changed, code, now) in flags {
            if changed {
                push(
                    code,
                    false,
                    format!("`{}.{}` is now {now}", new_t.name, op.name),
                );
            }
        }
        if op.description != np.description {
            push(
                codes::DESCRIPTION_CHANGED,
                false,
                format!("description of `{}.{}` changed", new_t.name, op.name),
            );
        }
    }

    /// A property's type or collection flag changed: (code, breaking, message).
    fn type_or_collection(
        &self,
        new_t: &TypeDef,
        op: &Property,
        np: &Property,
    ) -> Option<(&'static str, bool, String)> {
        let shown = |t: &Property| show_type(&t.type_name, t.collection);
        if op.type_name.eq_ignore_ascii_case(&np.type_name) {
            return (op.collection != np.collection).then(|| {
                let message = format!(
                    "`{}.{}` changed from {} to {}",
                    new_t.name,
                    op.name,
                    shown(op),
                    shown(np)
                );
                (codes::COLLECTION_CHANGED, true, message)
            });
        }
        // A name no page declares on either side is a reading the pages
        // leave open; String to an enum or a GUID, a type to one derived
        // from it (or back): the page says more or less of the same JSON.
        let declared =
            |types: &TypeLookup, t: &str| t.starts_with("Edm.") || types.get(t).is_some();
        let undeclared = !declared(&self.old, &op.type_name) || !declared(&self.new, &np.type_name);
        let same_json = op.collection == np.collection
            && (self.wire(&self.old, &op.type_name) == Wire::Text
                && self.wire(&self.new, &np.type_name) == Wire::Text
                || self.new.is_a(&np.type_name, &op.type_name)
                || self.new.is_a(&op.type_name, &np.type_name));
        let refined = undeclared || same_json;
        let note = if refined { " (the same JSON)" } else { "" };
        let message = format!(
            "`{}.{}` changed type from {} to {}{note}",
            new_t.name,
            op.name,
            shown(op),
            shown(np)
        );
        Some((codes::PROPERTY_TYPE_CHANGED, !refined, message))
    }
}

/// Where a property stands in its table (properties or relationships):
/// its rank among the rows of its page's table; `None` for a property only
/// the JSON representation shows.
fn row(t: &TypeDef, p: &Property, json_only: &HashSet<(&str, usize)>) -> Option<(bool, usize)> {
    let rank = t
        .properties
        .iter()
        .filter(|q| q.source.path == p.source.path && q.navigation == p.navigation)
        .filter(|q| !json_only.contains(&(q.source.path.as_str(), q.source.line)))
        .position(|q| std::ptr::eq(q, p))?;
    Some((p.navigation, rank))
}

fn members(old_t: &TypeDef, new_t: &TypeDef, out: &mut Vec<Change>) {
    let line = new_t.source.line;
    for m in &old_t.members {
        if !new_t.members.iter().any(|n| n.name == m.name) {
            // A removal is cited at the old page that listed it (a page
            // deleted, the type still declared on another).
            out.push(type_change(
                codes::MEMBER_REMOVED,
                true,
                old_t,
                Some(&m.name),
                format!("member `{}` of `{}` removed", m.name, new_t.name),
                old_t.source.line,
            ));
        }
    }
    for m in &new_t.members {
        if !old_t.members.iter().any(|o| o.name == m.name) {
            out.push(type_change(
                codes::MEMBER_ADDED,
                false,
                new_t,
                Some(&m.name),
                format!("member `{}` added to `{}`", m.name, new_t.name),
                line,
            ));
        }
    }
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
