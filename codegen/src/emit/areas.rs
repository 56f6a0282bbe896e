//! Product areas as cargo features. Each page names its area (front matter
//! `ms.prod`); pages that leave it empty form the area [`NO_AREA`]. An area's
//! feature compiles the area's types, the types its operations take or
//! return, and everything those need, type by type rather than area by
//! area: on v1.0, `users` needs one type of `outlook` (`mailboxSettings`) and
//! not the other 46, and areas refer to each other in cycles, so whole-area
//! dependencies would make every feature compile most of Graph. A
//! navigation property (returned only on `$expand`) to a type no enabled
//! feature compiles is left out of its struct; its value, when sent, is kept
//! in `additional_properties`. Features only ever add types, fields and
//! variants, so they stay additive.

use super::model::Model;
use crate::ir::{Kind, Operation};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The area of pages whose front matter names none.
pub const NO_AREA: &str = "general";

/// The feature that enables everything.
pub const FULL: &str = "full";

/// An area as a cargo feature name (letters, digits, `-` and `_`).
pub fn feature_name(area: Option<&str>) -> String {
    let area = area.unwrap_or(NO_AREA);
    let name: String = area
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    match name.as_str() {
        // Reserved by cargo, or by this scheme.
        "" | "default" | FULL => format!("area-{name}"),
        _ => name,
    }
}

/// Which features compile each type; empty sets when features are off.
pub struct Gates {
    on: bool,
    per_type: Vec<BTreeSet<String>>,
}

impl Gates {
    pub fn off(count: usize) -> Gates {
        Gates {
            on: false,
            per_type: vec![BTreeSet::new(); count],
        }
    }

    /// Computes, for every area, the closure of the types it needs.
    pub fn compute(model: &Model<'_>, ops: &[Operation]) -> Gates {
        let count = model.types.len();
        let needs: Vec<Vec<usize>> = (0..count).map(|i| structural_needs(model, i)).collect();
        let mut roots: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, t) in model.types.iter().enumerate() {
            roots
                .entry(feature_name(t.def.area.as_deref()))
                .or_default()
                .push(i);
        }
        for op in ops {
            let types = crate::select::operation_types(op).filter_map(|t| model.get(t));
            roots
                .entry(feature_name(op.area.as_deref()))
                .or_default()
                .extend(types);
        }
        let mut per_type = vec![BTreeSet::new(); count];
        for (feature, start) in roots {
            let mut seen = vec![false; count];
            let mut stack = start;
            while let Some(i) = stack.pop() {
                if std::mem::replace(&mut seen[i], true) {
                    continue;
                }
                per_type[i].insert(feature.clone());
                stack.extend(needs[i].iter().copied());
            }
        }
        Gates { on: true, per_type }
    }

    pub fn enabled(&self) -> bool {
        self.on
    }

    /// Every area feature.
    pub fn features(&self) -> BTreeSet<&str> {
        self.per_type.iter().flatten().map(String::as_str).collect()
    }

    /// `#[cfg(...)]` for a type's own items.
    pub fn cfg(&self, t: usize) -> TokenStream {
        self.cfg_any(self.per_type[t].iter())
    }

    /// `#[cfg(...)]` for a field or variant of `owner` that names `target`:
    /// nothing when every feature that compiles the owner compiles the target.
    pub fn cfg_within(&self, owner: usize, target: usize) -> TokenStream {
        if self.per_type[owner].is_subset(&self.per_type[target]) {
            TokenStream::new()
        } else {
            self.cfg(target)
        }
    }

    /// `#[cfg(...)]` for an item that needs all these types.
    pub fn cfg_all(&self, types: impl IntoIterator<Item = usize>) -> TokenStream {
        if !self.on {
            return TokenStream::new();
        }
        let sets: BTreeSet<&BTreeSet<String>> =
            types.into_iter().map(|t| &self.per_type[t]).collect();
        let conditions: Vec<TokenStream> = sets.iter().map(|s| any(s.iter())).collect();
        match conditions.as_slice() {
            [] => TokenStream::new(),
            [one] => quote!(#[cfg(#one)]),
            many => quote!(#[cfg(all(#(#many),*))]),
        }
    }

    /// `#[cfg(...)]` for a module holding these types: any feature of any.
    pub fn cfg_union(&self, types: impl IntoIterator<Item = usize>) -> TokenStream {
        let all: BTreeSet<&String> = types.into_iter().flat_map(|t| &self.per_type[t]).collect();
        self.cfg_any(all.into_iter())
    }

    fn cfg_any<'s>(&self, features: impl Iterator<Item = &'s String>) -> TokenStream {
        if !self.on {
            return TokenStream::new();
        }
        let condition = any(features);
        quote!(#[cfg(#condition)])
    }

    /// The generated crate's `[features]`: one per area (each compiles what
    /// it needs by itself, so none lists another), `full` with all of them,
    /// and `full` by default.
    pub fn cargo_features(&self) -> BTreeMap<String, Vec<String>> {
        let areas: Vec<String> = self.features().into_iter().map(str::to_string).collect();
        let mut out: BTreeMap<String, Vec<String>> =
            areas.iter().map(|a| (a.clone(), Vec::new())).collect();
        out.insert(FULL.to_string(), areas);
        out.insert("default".to_string(), vec![FULL.to_string()]);
        out
    }
}

fn any<'s>(features: impl Iterator<Item = &'s String>) -> TokenStream {
    let features: Vec<&String> = features.collect();
    match features.as_slice() {
        [one] => quote!(feature = #one),
        many => quote!(any(#(feature = #many),*)),
    }
}

/// The types a type's own code names whatever features are on: its base
/// (held as a field) and the types of its fields other than navigation
/// properties (inherited ones included). Derived types and navigation
/// targets are gated one by one.
fn structural_needs(model: &Model<'_>, i: usize) -> Vec<usize> {
    if model.types[i].def.kind == Kind::Enum {
        return Vec::new();
    }
    let mut out: Vec<usize> = model
        .flattened_properties(i)
        .into_iter()
        .filter(|p| !p.navigation)
        .filter_map(|p| model.get(&p.type_name))
        .chain(model.types[i].base)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}
