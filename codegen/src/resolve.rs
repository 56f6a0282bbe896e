//! Stage 2b: the declarations of every page → the resolved IR. Type links
//! are resolved through the page they point to; inheritance and kinds are
//! settled once all types are known.

use crate::diag::{codes, Diagnostic};
use crate::extract::{PageDecls, RawType};
use crate::include::Origins;
use crate::ir::{DocLink, Ir, Kind, Property, Source, TypeDef, IR_VERSION};
use crate::typeref::TypeRef;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

mod index;
mod json_merge;
mod operations;
pub mod paths;
mod split;

use index::Index;

/// Resolves every page's declarations into the IR.
pub fn resolve(decls: &[PageDecls], mut diagnostics: Vec<Diagnostic>) -> Ir {
    let raw: Vec<(&str, &RawType)> = decls
        .iter()
        .flat_map(|p| p.types.iter().map(move |t| (p.path.as_str(), t)))
        .collect();
    let index = Index::build(&raw, &mut diagnostics);
    // Types resolve independently against the read-only index: in parallel,
    // collected in order.
    use rayon::prelude::*;
    let resolved: Vec<(TypeDef, Vec<Diagnostic>)> = index
        .winners()
        .par_iter()
        .map(|&id| {
            let mut diags = Vec::new();
            let (path, rt) = raw[id];
            let mut t = resolve_type(&index, path, rt, &mut diags);
            for &other in index.merged_into(id) {
                let (other_path, other_rt) = raw[other];
                let extra = resolve_type(&index, other_path, other_rt, &mut diags);
                t.base_type = t.base_type.or(extra.base_type);
                if t.kind == Kind::Enum {
                    continue;
                }
                for p in extra.properties {
                    if !t.properties.iter().any(|q| q.name == p.name) {
                        t.properties.push(p);
                    }
                }
            }
            (t, diags)
        })
        .collect();
    let mut types = Vec::with_capacity(resolved.len());
    for (t, diags) in resolved {
        types.push(t);
        diagnostics.extend(diags);
    }
    bases_from_derived_lists(&raw, &index, &mut types);
    settle_kinds(&mut types, &mut diagnostics);
    for t in &mut types {
        t.flags = is_flags_enum(t);
    }
    json_merge::merge_json(&mut types, &raw, &index, &mut diagnostics);
    let mut operations = operations::resolve_operations(decls, &index, &types, &mut diagnostics);
    assign_areas(decls, &mut types, &mut operations);
    let mut ir = Ir {
        ir_version: IR_VERSION,
        types,
        operations,
        diagnostics,
    };
    relocate_ir(&mut ir, decls);
    ir.normalize();
    ir
}

/// The pages that include something, by path.
fn origins_by_page(decls: &[PageDecls]) -> HashMap<&str, &Origins> {
    decls
        .iter()
        .filter(|d| !d.origins.is_empty())
        .map(|d| (d.path.as_str(), &d.origins))
        .collect()
}

/// Moves diagnostics on included text to the included file and its line,
/// naming the including page. A place already moved stays where it is.
pub fn relocate(diags: &mut [Diagnostic], decls: &[PageDecls]) {
    let maps = origins_by_page(decls);
    if maps.is_empty() {
        return;
    }
    for d in diags {
        if let Some(origins) = maps.get(d.path.as_str()) {
            if let Some(page) = origins.relocate(&mut d.path, &mut d.line) {
                d.included_from = Some(page);
            }
        }
    }
}

/// Moves every place of the IR (sources, examples, diagnostics) on
/// included text to the included file.
pub fn relocate_ir(ir: &mut Ir, decls: &[PageDecls]) {
    let maps = origins_by_page(decls);
    if maps.is_empty() {
        return;
    }
    let place = |s: &mut crate::ir::Source| {
        if let Some(origins) = maps.get(s.path.as_str()) {
            origins.relocate(&mut s.path, &mut s.line);
        }
    };
    for t in &mut ir.types {
        place(&mut t.source);
        t.properties.iter_mut().for_each(|p| place(&mut p.source));
    }
    for op in &mut ir.operations {
        let page = op.source.path.clone();
        op.parameters.iter_mut().for_each(|p| place(&mut p.source));
        op.permissions.iter_mut().for_each(|p| place(&mut p.source));
        if let Some(origins) = maps.get(page.as_str()) {
            for e in &mut op.examples {
                let (mut path, mut body_line) = (e.source_path.clone(), e.body_line);
                origins.relocate(&mut e.source_path, &mut e.line);
                origins.relocate(&mut path, &mut body_line);
                e.body_line = body_line;
            }
        }
        place(&mut op.source);
    }
    let mut diags = std::mem::take(&mut ir.diagnostics);
    relocate(&mut diags, decls);
    ir.diagnostics = diags;
}

fn resolve_type(index: &Index, path: &str, rt: &RawType, diags: &mut Vec<Diagnostic>) -> TypeDef {
    let ctx = index::Context {
        path,
        namespace: &rt.namespace,
    };
    let base_type = rt.base.as_ref().and_then(|b| {
        let resolved = index.resolve(b, &ctx, rt.line, diags);
        if resolved.is_none() {
            let severity = if rt.base_is_guess {
                Diagnostic::warning
            } else {
                Diagnostic::error
            };
            diags.push(severity(
                codes::UNRESOLVED_BASE_TYPE,
                path,
                rt.line,
                format!(
                    "base type of `{}` ({}) names no type of the input",
                    rt.name,
                    describe(b)
                ),
            ));
        }
        resolved.filter(|b| !b.starts_with("Edm."))
    });
    let mut properties: Vec<Property> = Vec::new();
    for p in &rt.properties {
        if properties.iter().any(|q| q.name == p.name) {
            diags.push(Diagnostic::warning(
                codes::DUPLICATE_PROPERTY,
                path,
                p.line,
                format!(
                    "property `{}` of `{}` is listed twice; the first row is kept",
                    p.name, rt.name
                ),
            ));
            continue;
        }
        let type_name = match &p.spec {
            Some(spec) => index
                .resolve(&spec.target, &ctx, p.line, diags)
                .unwrap_or_else(|| {
                    diags.push(Diagnostic::error(
                        codes::UNKNOWN_TYPE,
                        path,
                        p.line,
                        format!(
                            "type `{}` of property `{}` names no type of the input",
                            p.type_text, p.name
                        ),
                    ));
                    index::unresolved_name(&spec.target, &rt.namespace)
                }),
            None => {
                diags.push(Diagnostic::error(
                    codes::UNKNOWN_TYPE,
                    path,
                    p.line,
                    format!(
                        "`{}` (type of property `{}`) is not a type",
                        p.type_text, p.name
                    ),
                ));
                index::unresolved_name(&TypeRef::Name(p.type_text.clone()), &rt.namespace)
            }
        };
        let inherited_from = p
            .inherited_from
            .as_ref()
            .and_then(|r| index.resolve_quiet(r, &ctx));
        properties.push(Property {
            name: p.name.clone(),
            type_name,
            collection: p.spec.as_ref().is_some_and(|s| s.collection),
            nullable: p.nullable,
            read_only: p.read_only,
            navigation: p.navigation,
            inherited_from,
            description: p.description.clone(),
            source: Source {
                path: path.to_string(),
                line: p.line,
            },
            links: doc_links(index, &ctx, &p.links),
        });
    }
    let annotation = rt.annotation.as_ref();
    TypeDef {
        kind: rt.kind,
        name: rt.name.clone(),
        namespace: rt.namespace.clone(),
        base_type,
        is_abstract: annotation.is_some_and(|a| a.is_abstract),
        open_type: annotation.is_some_and(|a| a.open_type) || rt.open_in_prose,
        key_property: annotation.and_then(|a| a.key_property.clone()),
        flags: false,
        description: rt.description.clone(),
        source: Source {
            path: path.to_string(),
            line: rt.defined_at,
        },
        area: None,
        links: doc_links(index, &ctx, &rt.links),
        properties,
        members: rt.members.clone(),
        base_line: rt.base_line,
    }
}

/// Each type and operation takes the area of the page that defines it.
fn assign_areas(
    decls: &[PageDecls],
    types: &mut [TypeDef],
    operations: &mut [crate::ir::Operation],
) {
    let areas: HashMap<&str, &str> = decls
        .iter()
        .filter_map(|p| Some((p.path.as_str(), p.area.as_deref()?)))
        .collect();
    let area_of = |path: &str| areas.get(path).map(|a| a.to_string());
    for t in types.iter_mut() {
        t.area = area_of(&t.source.path);
    }
    for o in operations.iter_mut() {
        o.area = area_of(&o.source.path);
    }
}

/// Description links worth keeping in generated docs: those that name a
/// model type (resolved through their page) and absolute web addresses.
fn doc_links(index: &Index, ctx: &index::Context<'_>, links: &[(String, String)]) -> Vec<DocLink> {
    links
        .iter()
        .filter_map(|(text, dest)| {
            let lower = dest.to_ascii_lowercase();
            let target = if lower.starts_with("http://") || lower.starts_with("https://") {
                dest.clone()
            } else if lower.contains(".md") || lower.starts_with('#') {
                index.resolve_page_link(dest, ctx)?
            } else {
                return None;
            };
            Some(DocLink {
                text: text.clone(),
                target,
            })
        })
        .collect()
}

/// An enum whose members combine: every member has a value, the non-zero
/// values are distinct single bits, and the page speaks of flags.
fn is_flags_enum(t: &TypeDef) -> bool {
    if t.kind != Kind::Enum || t.members.is_empty() {
        return false;
    }
    let Some(values) = t
        .members
        .iter()
        .map(|m| m.value)
        .collect::<Option<Vec<i64>>>()
    else {
        return false;
    };
    let bits: Vec<i64> = values.into_iter().filter(|&v| v != 0).collect();
    let distinct: std::collections::BTreeSet<i64> = bits.iter().copied().collect();
    let single_bits = bits.len() >= 2
        && distinct.len() == bits.len()
        && bits.iter().all(|&v| v > 0 && v & (v - 1) == 0);
    let speaks_of_flags = std::iter::once(&t.description)
        .chain(t.members.iter().map(|m| &m.description))
        .any(|d| {
            d.split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| w.eq_ignore_ascii_case("flag") || w.eq_ignore_ascii_case("flags"))
        });
    single_bits && speaks_of_flags
}

fn describe(r: &TypeRef) -> String {
    match r {
        TypeRef::Primitive(p) => p.to_string(),
        TypeRef::Link { dest, text } => format!("[{text}]({dest})"),
        TypeRef::Name(n) => format!("`{n}`"),
    }
}

/// An entity is a type with a key, or one that inherits a key. Breaks
/// inheritance cycles (with an error) so later stages can walk bases freely.
fn settle_kinds(types: &mut [TypeDef], diags: &mut Vec<Diagnostic>) {
    let by_name: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.qualified_name().to_ascii_lowercase(), i))
        .collect();
    let mut keyed: BTreeMap<usize, bool> = BTreeMap::new();
    for start in 0..types.len() {
        if keyed.contains_key(&start) {
            continue;
        }
        // Walk up to a root, a type already settled, or a cycle; then settle
        // the chain from the top down.
        let mut chain = vec![start];
        let mut inherited = false;
        while let Some(&current) = chain.last() {
            let next = types[current]
                .base_type
                .as_ref()
                .and_then(|b| by_name.get(&b.to_ascii_lowercase()).copied());
            match next {
                None => break,
                Some(n) if keyed.contains_key(&n) => {
                    inherited = keyed.get(&n).copied().unwrap_or(false);
                    break;
                }
                Some(n) if chain.contains(&n) => {
                    let t = &types[current];
                    diags.push(Diagnostic::error(
                        codes::INHERITANCE_CYCLE,
                        &t.source.path,
                        t.source.line,
                        format!(
                            "`{}` inherits from itself through its base types; base type dropped",
                            t.name
                        ),
                    ));
                    types[current].base_type = None;
                    break;
                }
                Some(n) => chain.push(n),
            }
        }
        for &i in chain.iter().rev() {
            inherited |= types[i].key_property.is_some();
            keyed.insert(i, inherited);
        }
    }
    for (i, t) in types.iter_mut().enumerate() {
        if t.kind != Kind::Enum && keyed.get(&i).copied().unwrap_or(false) {
            t.kind = Kind::Entity;
        }
    }
}

/// A type whose page names no base, listed among "the derived types" of
/// another page's type, derives from it.
fn bases_from_derived_lists(raw: &[(&str, &RawType)], index: &Index, types: &mut [TypeDef]) {
    let mut base_of: std::collections::HashMap<String, String> = Default::default();
    for (path, rt) in raw {
        let ctx = index::Context {
            path,
            namespace: &rt.namespace,
        };
        let base = format!("{}.{}", rt.namespace, rt.name);
        for d in &rt.derived {
            if let Some(name) = index.resolve_quiet(d, &ctx) {
                base_of
                    .entry(name.to_ascii_lowercase())
                    .or_insert(base.clone());
            }
        }
    }
    for t in types.iter_mut().filter(|t| t.base_type.is_none()) {
        if let Some(base) = base_of.get(&t.qualified_name().to_ascii_lowercase()) {
            if !base.eq_ignore_ascii_case(&t.qualified_name()) {
                t.base_type = Some(base.clone());
            }
        }
    }
}
