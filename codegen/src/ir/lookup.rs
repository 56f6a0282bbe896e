//! Looking types up by name in a resolved IR, with their inherited
//! properties: what the path walk, lint and verify share.

use super::{Property, TypeDef};
use rustc_hash::FxHashMap as HashMap;

pub struct TypeLookup<'a> {
    by_name: HashMap<String, &'a TypeDef>,
    /// Lower-case qualified name → the types whose base it is.
    derived: HashMap<String, Vec<&'a TypeDef>>,
}

impl<'a> TypeLookup<'a> {
    pub fn new(types: &'a [TypeDef]) -> Self {
        let mut by_name = HashMap::default();
        let mut derived: HashMap<String, Vec<&TypeDef>> = HashMap::default();
        for t in types {
            by_name.insert(t.qualified_name().to_ascii_lowercase(), t);
            if let Some(base) = &t.base_type {
                derived
                    .entry(base.to_ascii_lowercase())
                    .or_default()
                    .push(t);
            }
        }
        TypeLookup { by_name, derived }
    }

    pub fn get(&self, qualified: &str) -> Option<&'a TypeDef> {
        self.by_name.get(&qualified.to_ascii_lowercase()).copied()
    }

    /// The type and its base types, nearest first (stops at a cycle or at
    /// a base no page declares).
    pub fn chain(&self, qualified: &str) -> Vec<&'a TypeDef> {
        let mut out: Vec<&TypeDef> = Vec::new();
        let mut next = self.get(qualified);
        while let Some(t) = next {
            if out.iter().any(|seen| std::ptr::eq(*seen, t)) {
                break;
            }
            out.push(t);
            next = t.base_type.as_deref().and_then(|b| self.get(b));
        }
        out
    }

    /// A property of the type or of a base type, by name (case-insensitive:
    /// URLs are read so by the service).
    pub fn property(&self, qualified: &str, name: &str) -> Option<&'a Property> {
        self.chain(qualified).into_iter().find_map(|t| {
            t.properties
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(name))
        })
    }

    /// Whether `ancestor` is the type itself or one of its base types.
    pub fn is_a(&self, qualified: &str, ancestor: &str) -> bool {
        qualified.eq_ignore_ascii_case(ancestor)
            || self
                .chain(qualified)
                .iter()
                .any(|t| t.qualified_name().eq_ignore_ascii_case(ancestor))
    }

    /// The types derived from this one, directly or not.
    pub fn descendants(&self, qualified: &str) -> Vec<&'a TypeDef> {
        let mut out: Vec<&TypeDef> = Vec::new();
        let mut todo = vec![qualified.to_ascii_lowercase()];
        while let Some(name) = todo.pop() {
            for &d in self.derived.get(&name).into_iter().flatten() {
                if !out.iter().any(|seen| std::ptr::eq(*seen, d)) {
                    out.push(d);
                    todo.push(d.qualified_name().to_ascii_lowercase());
                }
            }
        }
        out
    }
}
