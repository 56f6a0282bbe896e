//! How an example's misfits are told: a placeholder example as one
//! finding, unknown properties as one finding per cause.

use super::placeholders::is_fill_in;
use super::{codes, line_of, Misfit, DESCRIBED_VALUE};
use crate::diag::{Diagnostic, Severity};
use crate::ir::{Example, ExampleKind, Kind, TypeLookup};

/// Where an example shows an unknown property: page, line, JSON path.
type Sighting = (String, usize, String);

/// Unknown properties by (type, key), where examples show them.
pub(super) type Sightings = std::collections::BTreeMap<(String, String), Vec<Sighting>>;

/// One example's misfits: placeholders as one finding for the example;
/// unknown properties kept for [`unknown_properties`]; the rest one each.
pub(super) fn report_example(
    example: &Example,
    body: &str,
    misfits: Vec<Misfit>,
    placeholders: Vec<(String, String)>,
    out: &mut Vec<Diagnostic>,
    unknown: &mut Sightings,
) {
    let (described, misfits): (Vec<Misfit>, Vec<Misfit>) =
        misfits.into_iter().partition(|m| m.code == DESCRIBED_VALUE);
    let mut placeholders = placeholders;
    placeholders.retain(|(path, _)| !described.iter().any(|m| &m.json_path == path));
    // Under a property the type does not list, nothing tells a value from a
    // placeholder; the unknown property is the finding.
    placeholders.retain(|(path, _)| {
        !misfits.iter().any(|m| {
            m.missing.is_some()
                && path.strip_prefix(m.json_path.as_str()).is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
                })
        })
    });
    placeholders.sort_by_cached_key(|(path, _)| line_of(body, path));
    // A misfit whose value is a placeholder is counted with the others.
    let misfits: Vec<Misfit> = misfits
        .into_iter()
        .filter(|m| !placeholders.iter().any(|(path, _)| path == &m.json_path))
        .filter(|m| {
            let request = example.kind == ExampleKind::Request;
            !(request && m.shown.as_deref().is_some_and(is_fill_in))
        })
        .collect();
    if !placeholders.is_empty() {
        let shown: Vec<String> = placeholders
            .iter()
            .take(12)
            .map(|(path, text)| format!("{path} `{text}`"))
            .collect();
        let more = placeholders.len().saturating_sub(12);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        // At the first placeholder: where a writer starts writing values.
        let first = example.body_line + line_of(body, &placeholders[0].0);
        out.push(Diagnostic::new(
            Severity::Warning,
            codes::PLACEHOLDERS,
            &example.source_path,
            first,
            format!(
                "the example shows {} placeholder{} where values belong: {}{more}",
                placeholders.len(),
                if placeholders.len() == 1 { "" } else { "s" },
                shown.join(", ")
            ),
        ));
    }
    for m in misfits {
        let line = example.body_line + line_of(body, &m.json_path);
        if let Some(key) = m.missing.clone() {
            unknown.entry(key).or_default().push((
                example.source_path.clone(),
                line,
                m.json_path.clone(),
            ));
            continue;
        }
        out.push(Diagnostic::new(
            Severity::Warning,
            m.code,
            &example.source_path,
            line,
            format!("{}: {}", m.json_path, m.message),
        ));
    }
}

/// Unknown properties, one finding per cause: a property of a type with
/// no base type that examples show is most likely inherited from a base
/// the page leaves out, reported once at the type's page for all of them;
/// otherwise one finding per type and property, at its first example,
/// counting the others.
pub(super) fn unknown_properties(types: &TypeLookup, unknown: Sightings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut no_base: std::collections::BTreeMap<String, Vec<(String, Vec<Sighting>)>> =
        std::collections::BTreeMap::new();
    for ((owner, key), seen) in unknown {
        let def = types.get(&owner);
        if def.is_some_and(|d| d.base_type.is_none() && d.kind == Kind::Entity) {
            no_base.entry(owner).or_default().push((key, seen));
            continue;
        }
        let short = owner.rsplit('.').next().unwrap_or(&owner);
        let (path, line, json_path) = &seen[0];
        let places: Vec<String> = seen[1..]
            .iter()
            .take(8)
            .map(|(p, l, _)| format!("{p}:{l}"))
            .collect();
        let others = match seen.len() {
            1 => String::new(),
            n => format!(
                " (and in {} more example{}: {}{})",
                n - 1,
                if n == 2 { "" } else { "s" },
                places.join(", "),
                if n > 9 { ", ..." } else { "" }
            ),
        };
        out.push(Diagnostic::new(
            Severity::Warning,
            codes::UNKNOWN_PROPERTY,
            path,
            *line,
            format!("{json_path}: `{key}` is not a property of `{short}`{others}"),
        ));
    }
    for (owner, keys) in no_base {
        let Some(def) = types.get(&owner) else {
            continue;
        };
        let listed: Vec<String> = keys
            .iter()
            .take(5)
            .map(|(k, seen)| format!("`{k}` ({}:{})", seen[0].0, seen[0].1))
            .collect();
        let more = keys.len().saturating_sub(5);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        let examples: usize = keys.iter().map(|(_, s)| s.len()).sum();
        out.push(Diagnostic::new(
            Severity::Warning,
            codes::UNKNOWN_PROPERTY,
            &def.source.path,
            def.source.line,
            format!(
                "examples show {} propert{} that `{}` does not list, {examples} time{} in all: {}{more}; the page names no base type: if `{}` inherits them, say from which type",
                keys.len(),
                if keys.len() == 1 { "y" } else { "ies" },
                def.name,
                if examples == 1 { "" } else { "s" },
                listed.join(", "),
                def.name
            ),
        ));
    }
    out
}
