//! A view of the IR for emission: Rust names, module paths, inheritance
//! flattened, derived types, and which fields hold a struct (boxed).

use super::names::{self, Scope};
use crate::diag::Diagnostic;
use crate::ir::{Ir, Kind, Property, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub struct TypeInfo<'a> {
    pub def: &'a TypeDef,
    /// Module path of the type's namespace (`["microsoft_graph", "call_records"]`):
    /// where the type is named from elsewhere.
    pub module: Vec<String>,
    /// The module its code is in: the namespace's, or the namespace's
    /// module of the type's product area (re-exported by the namespace).
    pub home: Vec<String>,
    pub rust_name: String,
    /// The polymorphic form's name, for a type with derived types.
    pub poly_name: Option<String>,
    /// The selector enum of the struct's properties' wire names, for an
    /// entity type with properties (`MessageField`).
    pub field_enum_name: Option<String>,
    /// The base type the struct holds as its `base` field: a struct of the
    /// model, never the type itself through a cycle.
    pub base: Option<usize>,
    /// Every type that derives from this one, directly or not, by qualified name.
    pub descendants: Vec<usize>,
}

pub struct Model<'a> {
    pub types: Vec<TypeInfo<'a>>,
    by_name: HashMap<String, usize>,
    /// Namespace → module path, for every namespace with types.
    pub modules: BTreeMap<String, Vec<String>>,
    /// Namespace → area → the area's module name within the namespace.
    pub area_modules: BTreeMap<String, BTreeMap<String, String>>,
}

/// A namespace as one module name: its parts in snake case, joined.
fn flat_module(namespace: &str) -> String {
    let parts: Vec<String> = namespace.split('.').map(names::module_name).collect();
    names::module_name(&parts.join("_"))
}

/// Module paths: a namespace nests under the longest other namespace it
/// extends (`a.b.c` under `a.b`), so the tree follows the service's names.
fn module_paths(namespaces: &BTreeSet<String>) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for ns in namespaces {
        let parent = namespaces
            .iter()
            .filter(|other| {
                ns.len() > other.len()
                    && ns.starts_with(other.as_str())
                    && ns.as_bytes()[other.len()] == b'.'
            })
            .max_by_key(|other| other.len());
        let path = match parent {
            Some(p) => {
                let mut path = out.get(p).cloned().unwrap_or_else(|| vec![flat_module(p)]);
                path.extend(ns[p.len() + 1..].split('.').map(names::module_name));
                path
            }
            None => vec![flat_module(ns)],
        };
        out.insert(ns.clone(), path);
    }
    // Two namespaces may come to one module path (`a.b` and `a_b`, `x.y`
    // under no `x`): the later gets a numeric suffix, so no module, and no
    // file, holds two namespaces.
    let mut taken: BTreeSet<Vec<String>> = BTreeSet::new();
    for path in out.values_mut() {
        let Some(last) = path.last().cloned() else {
            continue;
        };
        let mut n = 2;
        while taken.contains(path.as_slice()) {
            if let Some(slot) = path.last_mut() {
                *slot = format!("{last}_{n}");
            }
            n += 1;
        }
        taken.insert(path.clone());
    }
    out
}

/// Each namespace's area modules: `area_` and the area in snake case,
/// avoiding the names of the namespace's child modules.
fn area_modules(
    ir: &Ir,
    modules: &BTreeMap<String, Vec<String>>,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for t in &ir.types {
        if let Some(area) = &t.area {
            out.entry(t.namespace.clone())
                .or_default()
                .entry(area.clone())
                .or_default();
        }
    }
    for (namespace, areas) in out.iter_mut() {
        let Some(path) = modules.get(namespace) else {
            continue;
        };
        let mut taken: BTreeSet<String> = modules
            .values()
            .filter(|p| p.len() == path.len() + 1 && p.starts_with(path))
            .filter_map(|p| p.last().cloned())
            .collect();
        for (area, slot) in areas.iter_mut() {
            let wanted = names::module_name(&format!("area_{area}"));
            let mut name = wanted.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{wanted}_{n}");
                n += 1;
            }
            *slot = name;
        }
    }
    out
}

/// Each type's base as a struct of the model: an enum, a missing type or
/// the type itself is no base, and a cycle (the resolver cuts those in
/// pages; any IR may hold one) is cut where the walk up from the first of
/// its types in IR order comes back.
fn struct_bases(ir: &Ir, by_name: &HashMap<String, usize>) -> Vec<Option<usize>> {
    let mut bases: Vec<Option<usize>> = ir
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let b = *by_name.get(&t.base_type.as_ref()?.to_ascii_lowercase())?;
            let structs = t.kind != Kind::Enum && ir.types[b].kind != Kind::Enum;
            (b != i && structs).then_some(b)
        })
        .collect();
    for start in 0..bases.len() {
        let mut seen = BTreeSet::from([start]);
        let mut current = start;
        while let Some(b) = bases[current] {
            if !seen.insert(b) {
                // `b` is on a cycle: cut it where it starts again.
                bases[current] = None;
                break;
            }
            current = b;
        }
    }
    bases
}

impl<'a> Model<'a> {
    pub fn new(ir: &'a Ir, diags: &mut Vec<Diagnostic>) -> Model<'a> {
        let namespaces: BTreeSet<String> = ir.types.iter().map(|t| t.namespace.clone()).collect();
        let modules = module_paths(&namespaces);
        let by_name: HashMap<String, usize> = ir
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.qualified_name().to_ascii_lowercase(), i))
            .collect();

        // Derived types, transitively.
        let bases = struct_bases(ir, &by_name);
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); ir.types.len()];
        for (i, b) in bases.iter().enumerate() {
            if let Some(b) = *b {
                children[b].push(i);
            }
        }
        let descendants_of = |start: usize| {
            let mut seen = BTreeSet::new();
            let mut stack = children[start].clone();
            while let Some(c) = stack.pop() {
                if c != start && seen.insert(c) {
                    stack.extend(children[c].iter().copied());
                }
            }
            let mut list: Vec<usize> = seen.into_iter().collect();
            list.sort_by_key(|&i| ir.types[i].qualified_name());
            list
        };

        // Names, one scope per module; types first (in IR order), then the
        // polymorphic forms, so adding a derived type never renames a struct.
        let area_modules = area_modules(ir, &modules);
        let mut scopes: BTreeMap<String, Scope> = BTreeMap::new();
        let mut types: Vec<TypeInfo<'a>> = Vec::with_capacity(ir.types.len());
        for (i, t) in ir.types.iter().enumerate() {
            let scope = scopes.entry(t.namespace.clone()).or_default();
            let what = format!("`{}`", t.qualified_name());
            let rust_name = scope.claim_reported(
                &names::type_name(&t.name),
                &what,
                &t.source.path,
                t.source.line,
                diags,
            );
            let module = modules.get(&t.namespace).cloned().unwrap_or_default();
            let mut home = module.clone();
            home.extend(
                t.area
                    .as_ref()
                    .and_then(|a| area_modules.get(&t.namespace)?.get(a).cloned()),
            );
            types.push(TypeInfo {
                def: t,
                module,
                home,
                rust_name,
                poly_name: None,
                field_enum_name: None,
                base: bases[i],
                descendants: Vec::new(),
            });
        }
        for (i, info) in types.iter_mut().enumerate() {
            let desc = descendants_of(i);
            if info.def.kind != Kind::Enum && !desc.is_empty() {
                let scope = scopes.entry(info.def.namespace.clone()).or_default();
                let wanted = names::type_name(&format!("{}Kind", info.def.name));
                info.poly_name = Some(scope.claim(&wanted).0);
                info.descendants = desc;
            }
        }
        // Then the selector enums, so that adding one renames no type.
        let mut model = Model {
            types,
            by_name,
            modules,
            area_modules,
        };
        for i in 0..model.types.len() {
            let info = &model.types[i];
            // Query options name an entity's properties; a selector enum
            // for every complex type too would cost `cargo check` of v1.0
            // about 8% more for names no call's `$select` takes.
            if info.def.kind != Kind::Entity || model.is_free_json(i) {
                continue;
            }
            if model.flattened_properties(i).is_empty() {
                continue;
            }
            let scope = scopes.entry(info.def.namespace.clone()).or_default();
            let wanted = names::type_name(&format!("{}Field", info.def.name));
            model.types[i].field_enum_name = Some(scope.claim(&wanted).0);
        }
        model
    }

    pub fn get(&self, qualified: &str) -> Option<usize> {
        self.by_name.get(&qualified.to_ascii_lowercase()).copied()
    }

    /// A struct's properties with its inherited ones, the root's first. A
    /// property a derived type lists again keeps the base's place and
    /// definition (its field stays in the base, see
    /// [`Model::own_properties`]).
    pub fn flattened_properties(&self, index: usize) -> Vec<&'a Property> {
        let mut chain = vec![index];
        let mut current = index;
        while let Some(b) = self.types[current].base {
            chain.push(b);
            current = b;
        }
        let mut out: Vec<&'a Property> = Vec::new();
        for &t in chain.iter().rev() {
            for p in &self.types[t].def.properties {
                if !out.iter().any(|q| q.name == p.name) {
                    out.push(p);
                }
            }
        }
        out
    }

    /// The properties a struct holds in fields of its own: those its base
    /// (and the base's bases) do not hold. A property a derived type lists
    /// again stays in the base, so that the base view reads it.
    pub fn own_properties(&self, index: usize) -> Vec<&'a Property> {
        let inherited: std::collections::HashSet<&str> = match self.types[index].base {
            Some(b) => self
                .flattened_properties(b)
                .into_iter()
                .map(|p| p.name.as_str())
                .collect(),
            None => Default::default(),
        };
        self.flattened_properties(index)
            .into_iter()
            .filter(|p| !inherited.contains(p.name.as_str()))
            .collect()
    }

    /// The properties a struct's page lists again with another type (or
    /// collection-ness) than its base gives them, each with the base's:
    /// the base's is kept.
    pub fn retyped_properties(&self, index: usize) -> Vec<(&'a Property, &'a Property)> {
        let Some(b) = self.types[index].base else {
            return Vec::new();
        };
        let inherited = self.flattened_properties(b);
        self.types[index]
            .def
            .properties
            .iter()
            .filter_map(|p| {
                let q = inherited.iter().find(|q| q.name == p.name)?;
                let same =
                    q.type_name.eq_ignore_ascii_case(&p.type_name) && q.collection == p.collection;
                (!same).then_some((p, *q))
            })
            .collect()
    }

    /// How many `base` fields lead from a struct to its root, the struct
    /// that holds `@odata.type`, unknown properties and misfits.
    pub fn depth(&self, index: usize) -> usize {
        let mut depth = 0;
        let mut current = index;
        while let Some(b) = self.types[current].base {
            depth += 1;
            current = b;
        }
        depth
    }

    /// A structured type whose pages give it no shape at all (no property,
    /// no base, no derived type, like a `Json` type) holds any JSON.
    pub fn is_free_json(&self, index: usize) -> bool {
        let t = &self.types[index];
        t.def.kind != Kind::Enum
            && t.def.properties.is_empty()
            && t.def.base_type.is_none()
            && t.poly_name.is_none()
    }

    /// Whether a field holds a struct by itself (not in a Vec, not through
    /// a polymorphic form, whose variants are boxed). Such fields are boxed:
    /// that breaks every cycle of types containing themselves, and keeps
    /// structs small (Graph types nest deeply; unboxed, `user` took 4.6 KB
    /// and reading 10,000 of them spent its time moving memory).
    pub fn holds_struct(&self, p: &Property) -> bool {
        if p.collection {
            return false;
        }
        self.get(&p.type_name).is_some_and(|t| {
            let info = &self.types[t];
            info.def.kind != Kind::Enum && info.poly_name.is_none() && !self.is_free_json(t)
        })
    }

    /// The path to a type from inside module `from`: `super::` up to the
    /// root of the generated tree, then down, so it holds wherever the
    /// generated code is included.
    pub fn path_from(&self, from: &[String], target: usize, poly: bool) -> TokenStream {
        let info = &self.types[target];
        let name = if poly {
            info.poly_name.as_deref().unwrap_or(&info.rust_name)
        } else {
            &info.rust_name
        };
        let supers = from.iter().map(|_| quote!(super));
        let segments = info.module.iter().map(|m| names::ident(m));
        let name = names::ident(name);
        quote!(#(#supers::)* #(#segments::)* #name)
    }
}
