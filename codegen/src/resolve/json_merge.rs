//! The JSON representation block beside the tables: fills in properties the
//! tables leave out and reports where the two disagree.

use super::index::{Context, Index};
use crate::diag::{codes, Diagnostic};
use crate::extract::{json_value_spec, RawProperty, RawType};
use crate::ir::{Property, Source, TypeDef};
use crate::typeref::TypeRef;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

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

/// The indices of a type's base types, nearest first; stops at a base no
/// page declares and at a cycle.
fn bases<'t>(
    types: &'t [TypeDef],
    by_name: &'t HashMap<String, usize>,
    of: usize,
) -> impl Iterator<Item = usize> + 't {
    let mut seen = HashSet::default();
    let mut current = of;
    std::iter::from_fn(move || {
        let base = types[current].base_type.as_deref()?;
        let next = *by_name.get(&base.to_ascii_lowercase())?;
        seen.insert(current);
        current = next;
        (!seen.contains(&next)).then_some(next)
    })
}

/// Every property name a type has through its base types.
fn inherited_names<'t>(
    types: &'t [TypeDef],
    by_name: &'t HashMap<String, usize>,
    of: usize,
) -> HashSet<&'t str> {
    bases(types, by_name, of)
        .flat_map(|b| types[b].properties.iter().map(|p| p.name.as_str()))
        .collect()
}

/// Why the JSON block's declared type should replace the table's, if it
/// should: only where the JSON says more than the table, never where the two
/// simply conflict (then the table, the reference, is kept).
fn json_is_more_precise(
    types: &[TypeDef],
    by_name: &HashMap<String, usize>,
    enums: &HashSet<String>,
    table: &Property,
    row: Option<&RawProperty>,
    json_type: &str,
) -> Option<&'static str> {
    let json_lower = json_type.to_ascii_lowercase();
    if table.type_name == "Edm.Untyped" {
        return Some("the table only says free JSON");
    }
    if table.type_name == "Edm.String" && enums.contains(&json_lower) {
        return Some("the table only says string and the JSON names the enum");
    }
    if wire_of(&table.type_name, enums) != Wire::Model || enums.contains(&json_lower) {
        return None;
    }
    let is_base = by_name
        .get(&table.type_name.to_ascii_lowercase())
        .is_some_and(|&t| {
            bases(types, by_name, t)
                .any(|b| types[b].qualified_name().eq_ignore_ascii_case(json_type))
        });
    if is_base {
        return Some("it is a base type of the table's, so it holds every form");
    }
    let row = row?;
    if row.several_types {
        return Some("the table offers several types");
    }
    // `[invitationParticipantInfo](participantinfo.md)`: the link's text and
    // the JSON agree against the page the link points to.
    let short = json_type.rsplit('.').next().unwrap_or(json_type);
    match &row.spec.as_ref()?.target {
        TypeRef::Link { text, .. } if text.eq_ignore_ascii_case(short) => {
            Some("the link's text names it too")
        }
        _ => None,
    }
}

/// What is read from one type's JSON block, applied to the types afterwards.
#[derive(Default)]
struct BlockReading {
    type_index: usize,
    diags: Vec<Diagnostic>,
    /// (property index, the JSON's type that replaces the table's).
    refined: Vec<(usize, String)>,
    /// A property only the JSON block shows, with its warning.
    pending: Vec<(Option<Diagnostic>, Property)>,
}

struct Shared<'s> {
    types: &'s [TypeDef],
    by_name: &'s HashMap<String, usize>,
    enums: &'s HashSet<String>,
    index: &'s Index,
}

fn read_block(
    shared: &Shared<'_>,
    path: &str,
    rt: &RawType,
    json: &crate::extract::JsonBlock,
    out: &mut BlockReading,
) {
    let Shared {
        types,
        by_name,
        enums,
        index,
    } = *shared;
    let ti = out.type_index;
    let inherited = inherited_names(types, by_name, ti);
    let ctx = Context {
        path,
        namespace: &rt.namespace,
    };
    for entry in &json.entries {
        // Annotations, and a placeholder key of an open type's dynamic
        // properties (`"String-value": true`), are no properties.
        let placeholder_key = entry.key.to_ascii_lowercase().ends_with("-value");
        if entry.key.starts_with('@') || entry.key.contains('@') || placeholder_key {
            continue;
        }
        let line = json.line + 1 + entry.line_offset;
        let spec = json_value_spec(&entry.value);
        // `declared`: the JSON names a type some page declares (an
        // undeclared name is only compared as a string).
        let resolved = spec.as_ref().map(|s| {
            let found = index.resolve_quiet(&s.target, &ctx);
            let declared = found.as_ref().is_some_and(|n| !n.starts_with("Edm."));
            (
                found.unwrap_or_else(|| "Edm.String".to_string()),
                s.collection,
                declared,
            )
        });
        let own = types[ti]
            .properties
            .iter()
            .position(|p| p.name == entry.key);
        // `subunit` in the JSON, `subUnit` in the table: one property whose
        // spellings differ, the table's kept.
        let same_but_case = || {
            types[ti]
                .properties
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(&entry.key))
        };
        if let (None, Some(p)) = (own, same_but_case()) {
            out.diags.push(Diagnostic::warning(
                codes::PROPERTY_NAME_CASE,
                path,
                line,
                format!(
                    "`{}` in the JSON representation is `{}` in the table (line {}): the names differ in case",
                    entry.key, p.name, p.source.line
                ),
            ));
            continue;
        }
        match (own, &resolved) {
            (Some(pi), Some((json_type, json_coll, declared))) => {
                let p = &types[ti].properties[pi];
                // For a String the table documents, `"oneNote"` is a value
                // unless spelled exactly as the type `onenote` is.
                let named_exactly = matches!(&entry.value,
                    crate::jsonrepr::JsonValue::Str(v) if v.rsplit('.').next() == json_type.rsplit('.').next());
                let is_text = matches!(&entry.value, crate::jsonrepr::JsonValue::Str(_));
                if p.type_name == "Edm.String" && *declared && is_text && !named_exactly {
                    continue;
                }
                let table = wire_of(&p.type_name, enums);
                let shown = wire_of(json_type, enums);
                let differs = (table != shown && table != Wire::Free && shown != Wire::Free)
                    || (table == Wire::Model
                        && shown == Wire::Model
                        && !p.type_name.eq_ignore_ascii_case(json_type))
                    || (table == Wire::Free && *declared)
                    || (p.type_name == "Edm.String" && *declared)
                    || p.collection != *json_coll;
                if !differs {
                    continue;
                }
                let row = rt.properties.iter().find(|r| r.name == p.name);
                let wins = (*declared && p.collection == *json_coll)
                    .then(|| json_is_more_precise(types, by_name, enums, p, row, json_type))
                    .flatten();
                let shape = |t: &str, c: bool| format!("{t}{}", if c { " collection" } else { "" });
                let (table_shape, json_shape) = (
                    shape(&p.type_name, p.collection),
                    shape(json_type, *json_coll),
                );
                let name = p.name.clone();
                // A derived type shown where the table names its base: an
                // instance of the declared type, not a contradiction.
                let derived = p.collection == *json_coll
                    && by_name
                        .get(&json_type.to_ascii_lowercase())
                        .is_some_and(|&t| {
                            bases(types, by_name, t).any(|b| {
                                types[b].qualified_name().eq_ignore_ascii_case(&p.type_name)
                            })
                        });
                if derived {
                    continue;
                }
                // Free JSON in the table, a type of no properties (the
                // docs' name for free JSON) in the block: the same thing.
                let same_free_json = p.type_name == "Edm.Untyped"
                    && by_name
                        .get(&json_type.to_ascii_lowercase())
                        .is_some_and(|&t| types[t].properties.is_empty());
                // Free JSON against a type of no properties, or a table that
                // offers several types against their common base: the JSON
                // says what the table does, in one name.
                let several = row.is_some_and(|r| r.several_types);
                if wins.is_some() && (same_free_json || several) {
                    out.refined.push((pi, json_type.clone()));
                } else if let Some(reason) = wins {
                    out.refined.push((pi, json_type.clone()));
                    // At the table's row: the cell a writer would make precise.
                    out.diags.push(Diagnostic::note(
                        codes::TYPE_FROM_JSON,
                        path,
                        p.source.line,
                        format!("`{name}` is {table_shape} in the table but {json_shape} in the JSON representation (line {line}); {json_type} is kept, since {reason}"),
                    ));
                } else {
                    out.diags.push(Diagnostic::warning(
                        codes::TABLE_JSON_MISMATCH,
                        path,
                        line,
                        format!("`{name}` is {table_shape} in the table but {json_shape} in the JSON representation"),
                    ));
                }
            }
            (Some(_), None) => {}
            (None, _) if inherited.contains(entry.key.as_str()) => {}
            // An open type's JSON shows sample dynamic properties (a user
            // id as a key): no properties of the type.
            (None, _)
                if rt.annotation.as_ref().is_some_and(|a| a.open_type)
                    && !crate::extract::is_identifier(&entry.key) => {}
            (None, Some((json_type, collection, _))) => {
                let note = rt.has_table.then(|| {
                    Diagnostic::warning(
                        codes::PROPERTY_ONLY_IN_JSON,
                        path,
                        line,
                        format!("`{}` is in the JSON representation but in no table; read from the JSON", entry.key),
                    )
                });
                out.pending.push((
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
                out.diags.push(Diagnostic::warning(
                    codes::PROPERTY_ONLY_IN_JSON,
                    path,
                    line,
                    format!("`{}` is in the JSON representation only, and its value tells no type; skipped", entry.key),
                ));
            }
        }
    }
    if rt.has_table {
        let shown: HashSet<String> = json
            .entries
            .iter()
            .map(|e| e.key.to_ascii_lowercase())
            .collect();
        // Only this page's rows: another page may document the rest of a
        // type split over several pages, with its own JSON.
        let own_rows = types[ti]
            .properties
            .iter()
            .filter(|p| p.source.path == path);
        for p in own_rows {
            if !p.navigation && !shown.contains(&p.name.to_ascii_lowercase()) {
                out.diags.push(Diagnostic::note(
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
    // Each type's block is read against the types as the tables give them,
    // independently of the others: in parallel, applied after in order.
    use rayon::prelude::*;
    let readings: Vec<BlockReading> = index
        .winners()
        .par_iter()
        .enumerate()
        .filter_map(|(ti, &id)| {
            let (path, rt) = raw[id];
            let json = rt.json.as_ref()?;
            let mut reading = BlockReading {
                type_index: ti,
                ..BlockReading::default()
            };
            read_block(
                &Shared {
                    types,
                    by_name: &by_name,
                    enums: &enums,
                    index,
                },
                path,
                rt,
                json,
                &mut reading,
            );
            Some(reading)
        })
        .collect();
    let mut pending: Vec<(usize, Option<Diagnostic>, Property)> = Vec::new();
    for reading in readings {
        diags.extend(reading.diags);
        let ti = reading.type_index;
        for (pi, json_type) in reading.refined {
            types[ti].properties[pi].type_name = json_type;
        }
        pending.extend(reading.pending.into_iter().map(|(note, p)| (ti, note, p)));
    }
    // Added only now, and checked against what every base type gets from its
    // own JSON block too, so the result does not depend on the order in
    // which types were visited.
    let mut from_json: HashMap<usize, HashSet<String>> = HashMap::default();
    for (ti, _, p) in &pending {
        from_json.entry(*ti).or_default().insert(p.name.clone());
    }
    for (ti, note, p) in pending {
        let inherited = bases(types, &by_name, ti).any(|b| {
            from_json
                .get(&b)
                .is_some_and(|names| names.contains(&p.name))
        });
        if inherited || types[ti].properties.iter().any(|q| q.name == p.name) {
            continue;
        }
        diags.extend(note);
        types[ti].properties.push(p);
    }
}
