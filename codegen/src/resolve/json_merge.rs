//! The JSON representation block beside the tables: fills in properties the
//! tables leave out and reports where the two disagree.

use super::index::{Context, Index};
use crate::diag::{codes, Diagnostic};
use crate::extract::{json_value_spec, RawType};
use crate::ir::{Property, Source, TypeDef};
use std::collections::{HashMap, HashSet};

/// What a value looks like on the wire, for comparing table and JSON.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Wire {
    Text,
    Number,
    Bool,
    Model,
    Free,
}

fn wire_of(type_name: &str, enums: &HashSet<String>) -> Wire {
    match type_name {
        "Edm.Int32" | "Edm.Int64" | "Edm.Int16" | "Edm.Byte" | "Edm.Double" | "Edm.Single"
        | "Edm.Decimal" => Wire::Number,
        "Edm.Boolean" => Wire::Bool,
        "Edm.Untyped" => Wire::Free,
        t if t.starts_with("Edm.") => Wire::Text,
        t if enums.contains(&t.to_ascii_lowercase()) => Wire::Text,
        _ => Wire::Model,
    }
}

/// Every property name a type has through its base types.
fn inherited_names<'t>(
    types: &'t [TypeDef],
    by_name: &HashMap<String, usize>,
    t: &TypeDef,
) -> HashSet<&'t str> {
    let mut names = HashSet::new();
    let mut seen = HashSet::new();
    let mut base = t.base_type.clone();
    while let Some(b) = base {
        let Some(&i) = by_name.get(&b.to_ascii_lowercase()) else {
            break;
        };
        if !seen.insert(i) {
            break;
        }
        names.extend(types[i].properties.iter().map(|p| p.name.as_str()));
        base = types[i].base_type.clone();
    }
    names
}

pub fn merge_json(
    types: &mut [TypeDef],
    raw: &[(&str, &RawType)],
    index: &Index,
    diags: &mut Vec<Diagnostic>,
) {
    let by_name: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.qualified_name().to_ascii_lowercase(), i))
        .collect();
    let enums: HashSet<String> = types
        .iter()
        .filter(|t| t.kind == crate::ir::Kind::Enum)
        .map(|t| t.qualified_name().to_ascii_lowercase())
        .collect();
    let winners = index.winners().to_vec();
    // (type, its warning, a property only its JSON block shows).
    let mut pending: Vec<(usize, Option<Diagnostic>, Property)> = Vec::new();
    for (ti, &id) in winners.iter().enumerate() {
        let (path, rt) = raw[id];
        let Some(json) = &rt.json else { continue };
        let inherited = inherited_names(types, &by_name, &types[ti]);
        let ctx = Context {
            path,
            namespace: &rt.namespace,
        };
        for entry in &json.entries {
            if entry.key.starts_with('@') || entry.key.contains('@') {
                continue;
            }
            let line = json.line + 1 + entry.line_offset;
            let spec = json_value_spec(&entry.value);
            let resolved = spec.as_ref().map(|s| {
                let name = index
                    .resolve_quiet(&s.target, &ctx)
                    .unwrap_or_else(|| "Edm.String".to_string());
                (name, s.collection)
            });
            let own = types[ti].properties.iter().find(|p| p.name == entry.key);
            match (own, &resolved) {
                (Some(p), Some((json_type, json_coll))) => {
                    let table = wire_of(&p.type_name, &enums);
                    let shown = wire_of(json_type, &enums);
                    let differs = (table != shown && table != Wire::Free && shown != Wire::Free)
                        || (table == Wire::Model
                            && shown == Wire::Model
                            && !p.type_name.eq_ignore_ascii_case(json_type))
                        || p.collection != *json_coll;
                    if differs {
                        diags.push(Diagnostic::warning(
                            codes::TABLE_JSON_MISMATCH,
                            path,
                            line,
                            format!(
                                "`{}` is {}{} in the table but {}{} in the JSON representation",
                                p.name,
                                p.type_name,
                                if p.collection { " collection" } else { "" },
                                json_type,
                                if *json_coll { " collection" } else { "" }
                            ),
                        ));
                    }
                }
                (Some(_), None) => {}
                (None, _) if inherited.contains(entry.key.as_str()) => {}
                (None, Some((json_type, collection))) => {
                    let note = rt.has_table.then(|| {
                        Diagnostic::warning(
                            codes::PROPERTY_ONLY_IN_JSON,
                            path,
                            line,
                            format!("`{}` is in the JSON representation but in no table; read from the JSON", entry.key),
                        )
                    });
                    pending.push((
                        ti,
                        note,
                        Property {
                            name: entry.key.clone(),
                            type_name: json_type.clone(),
                            collection: *collection,
                            nullable: true,
                            read_only: false,
                            navigation: false,
                            inherited_from: None,
                            description: String::new(),
                            source: Source {
                                path: path.to_string(),
                                line,
                            },
                            links: Vec::new(),
                        },
                    ));
                }
                (None, None) => {
                    diags.push(Diagnostic::warning(
                        codes::PROPERTY_ONLY_IN_JSON,
                        path,
                        line,
                        format!("`{}` is in the JSON representation only, and its value tells no type; skipped", entry.key),
                    ));
                }
            }
        }
        if rt.has_table {
            let shown: HashSet<&str> = json.entries.iter().map(|e| e.key.as_str()).collect();
            for p in &types[ti].properties {
                if !p.navigation && !shown.contains(p.name.as_str()) {
                    diags.push(Diagnostic::note(
                        codes::PROPERTY_NOT_IN_JSON,
                        path,
                        p.source.line,
                        format!(
                            "`{}` is in the table but not in the JSON representation",
                            p.name
                        ),
                    ));
                }
            }
        }
    }
    // Added only now, and checked against what every base type gets from its
    // own JSON block too, so the result does not depend on the order in
    // which types were visited.
    let mut from_json: HashMap<usize, HashSet<String>> = HashMap::new();
    for (ti, _, p) in &pending {
        from_json.entry(*ti).or_default().insert(p.name.clone());
    }
    for (ti, note, p) in pending {
        let mut seen = HashSet::new();
        let mut base = types[ti]
            .base_type
            .as_ref()
            .and_then(|b| by_name.get(&b.to_ascii_lowercase()).copied());
        let mut inherited = false;
        while let Some(b) = base.filter(|b| seen.insert(*b)) {
            inherited |= from_json
                .get(&b)
                .is_some_and(|names| names.contains(&p.name));
            base = types[b]
                .base_type
                .as_ref()
                .and_then(|n| by_name.get(&n.to_ascii_lowercase()).copied());
        }
        if inherited || types[ti].properties.iter().any(|q| q.name == p.name) {
            continue;
        }
        diags.extend(note);
        types[ti].properties.push(p);
    }
}
