//! `graphgen lint DIR`: in-page consistency, the checks a doc writer wants.
//! The reading stages already report most of them (table vs JSON block,
//! links naming no page, duplicate rows, missing tables); lint adds the
//! checks across a page's three spellings of enum values and the
//! annotation's `@odata.type` against the heading, and applies a
//! suppression file keyed by path and code.

use crate::diag::{codes, Diagnostic, Severity};
use crate::extract::PageDecls;
use crate::ir::{Ir, Kind, TypeDef};
use crate::jsonrepr::JsonValue;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// `path code` pairs to leave out; `*` as the path matches every page.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    pairs: BTreeSet<(String, String)>,
}

impl Suppressions {
    /// One `path code` pair a line; `#` starts a comment. Message text is
    /// never a key: a reworded message must not revive a finding.
    pub fn parse(text: &str) -> Result<Suppressions, String> {
        let mut pairs = BTreeSet::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut words = line.split_whitespace();
            match (words.next(), words.next(), words.next()) {
                (Some(path), Some(code), None) => {
                    pairs.insert((path.to_string(), code.to_string()));
                }
                _ => {
                    return Err(format!(
                        "line {}: expected `PATH CODE`, found `{line}`",
                        i + 1
                    ))
                }
            }
        }
        Ok(Suppressions { pairs })
    }

    pub fn suppresses(&self, d: &Diagnostic) -> bool {
        self.pairs.contains(&(d.path.clone(), d.code.clone()))
            || self.pairs.contains(&("*".to_string(), d.code.clone()))
    }
}

/// What lint found, after suppressions.
#[derive(Debug, Clone, Default)]
pub struct LintReport {
    pub findings: Vec<Diagnostic>,
    pub suppressed: usize,
    /// The findings the suppressions left out (reported as suppressed in SARIF).
    pub suppressed_findings: Vec<Diagnostic>,
}

impl LintReport {
    pub fn counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for d in &self.findings {
            *counts.entry(d.code.clone()).or_insert(0) += 1;
        }
        counts
    }

    /// Findings that should fail a doc build: errors and warnings.
    pub fn failing(&self) -> usize {
        self.findings
            .iter()
            .filter(|d| d.severity != Severity::Note)
            .count()
    }
}

/// Codes of the reading stages that say nothing about a page's consistency.
const NOT_LINT: &[&str] = &[codes::NO_TYPE_DEFINED];

fn without_sentinel(values: &[String]) -> BTreeSet<&str> {
    values
        .iter()
        .map(String::as_str)
        .filter(|v| *v != crate::ir::EVOLVABLE_ENUM_SENTINEL)
        .collect()
}

fn show(set: &BTreeSet<&str>) -> String {
    set.iter().copied().collect::<Vec<_>>().join(", ")
}

/// What `lint` is told besides the pages.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    pub suppressions: Suppressions,
    /// The folder the pages' paths are relative to: links are checked on
    /// disk there (not without it).
    pub root: Option<std::path::PathBuf>,
    /// The sections pages should have (`--outline FILE`).
    pub outline: super::page_checks::Outline,
}

/// Lints pages already read and resolved (no link checks: see [`lint_with`]).
pub fn lint(decls: &[PageDecls], ir: &Ir, suppressions: &Suppressions) -> LintReport {
    lint_with(
        decls,
        ir,
        &LintOptions {
            suppressions: suppressions.clone(),
            ..LintOptions::default()
        },
    )
}

pub fn lint_with(decls: &[PageDecls], ir: &Ir, options: &LintOptions) -> LintReport {
    let mut all: Vec<Diagnostic> = ir
        .diagnostics
        .iter()
        .filter(|d| !NOT_LINT.contains(&d.code.as_str()))
        .cloned()
        .collect();
    all = one_per_missing_include(all);
    // Looked up once per property: an index, not a scan of the IR.
    let by_name: HashMap<String, &TypeDef> = ir
        .types
        .iter()
        .map(|t| (t.qualified_name().to_ascii_lowercase(), t))
        .collect();
    for page in decls {
        for t in &page.types {
            type_checks(page, t, &by_name, &mut all);
        }
    }
    all.extend(super::examples::check_examples(ir));
    all.extend(super::methods_table::check_methods_tables(decls, ir));
    all.extend(super::page_checks::check_pages(
        decls,
        options.root.as_deref(),
        &options.outline,
    ));
    // Places on included text, in the file they are in.
    crate::resolve::relocate(&mut all, decls);
    all = one_note_for_what_was_not_checked(all);
    all.sort_by(|a, b| {
        (&a.path, a.line, &a.code, &a.message).cmp(&(&b.path, b.line, &b.code, &b.message))
    });
    all.dedup();
    let (suppressed_findings, findings): (Vec<Diagnostic>, Vec<Diagnostic>) = all
        .into_iter()
        .partition(|d| options.suppressions.suppresses(d));
    LintReport {
        findings,
        suppressed: suppressed_findings.len(),
        suppressed_findings,
    }
}

/// Links and includes into folders a partial copy of the docs does not
/// hold are one note for the run: how many, and the first.
fn one_note_for_what_was_not_checked(all: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let (unchecked, mut out): (Vec<Diagnostic>, Vec<Diagnostic>) =
        all.into_iter().partition(|d| d.code == codes::NOT_CHECKED);
    let pages: BTreeSet<&str> = unchecked.iter().map(|d| d.path.as_str()).collect();
    let first = unchecked
        .iter()
        .min_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    if let Some(first) = first {
        let mut note = first.clone();
        note.message = format!(
            "{} links and includes on {} pages lead into folders this input does not hold, and no docs repository (`.git`, `docfx.json`) is above it: a partial copy of the docs; they were not checked (run in the docs repository, or give --include-root). The first: {}",
            unchecked.len(),
            pages.len(),
            first.message
        );
        out.push(note);
    }
    out
}

/// A missing include file is one defect, however many pages include it:
/// one finding, at the first page, counting the others.
fn one_per_missing_include(all: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out = Vec::with_capacity(all.len());
    let mut seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for d in all {
        if d.code != codes::INCLUDE_NOT_FOUND {
            out.push(d);
            continue;
        }
        // The message names the resolved path in parentheses.
        let target = d
            .message
            .split_once(" (")
            .and_then(|(_, rest)| rest.split_once(')'))
            .map_or_else(|| d.message.clone(), |(t, _)| t.to_string());
        match seen.get_mut(&target) {
            Some((_, count)) => *count += 1,
            None => {
                seen.insert(target, (out.len(), 1));
                out.push(d);
            }
        }
    }
    for (at, count) in seen.into_values() {
        if count > 1 {
            let d = &mut out[at];
            d.message = format!("{} (included by {} pages in all)", d.message, count);
        }
    }
    out
}

/// The annotation against the heading, the JSON block's validity, and
/// each property's enum values as the page spells them three ways.
fn type_checks(
    page: &PageDecls,
    t: &crate::extract::RawType,
    by_name: &HashMap<String, &TypeDef>,
    all: &mut Vec<Diagnostic>,
) {
    if let (Some(heading), Some(annotation)) = (&t.heading_name, &t.annotation) {
        if annotation.odata_type.is_some() && !heading.eq_ignore_ascii_case(&t.name) {
            all.push(Diagnostic::warning(
                codes::ODATA_TYPE_HEADING_MISMATCH,
                &page.path,
                annotation.line,
                format!(
                    "annotation names `{}` but the heading names `{heading}`",
                    t.name
                ),
            ));
        }
    }
    if let Some(json) = t.json.as_ref().filter(|j| !j.strict) {
        all.push(Diagnostic::note(
            codes::INVALID_JSON_BLOCK,
            &page.path,
            json.line,
            "the JSON representation is not valid JSON (read tolerantly)",
        ));
    }
    let find = |name: &str| by_name.get(&name.to_ascii_lowercase()).copied();
    let Some(resolved) = find(&format!("{}.{}", t.namespace, t.name)) else {
        return;
    };
    for p in &t.properties {
        if let Some(d) = enum_values(page, t, resolved, p, &find) {
            all.push(d);
        }
    }
}

/// A property's values as its description lists them, as its JSON
/// representation shows them (`a | b`), and as its enum type's table has
/// them: all that are given must agree.
fn enum_values<'t>(
    page: &PageDecls,
    t: &crate::extract::RawType,
    resolved: &TypeDef,
    p: &crate::extract::RawProperty,
    find: &impl Fn(&str) -> Option<&'t TypeDef>,
) -> Option<Diagnostic> {
    let json_values: Vec<String> = t
        .json
        .as_ref()
        .and_then(|j| j.entries.iter().find(|e| e.key == p.name))
        .and_then(|e| match &e.value {
            JsonValue::Str(s) if s.contains('|') => {
                Some(s.split('|').map(|v| v.trim().to_string()).collect())
            }
            _ => None,
        })
        .unwrap_or_default();
    let table: Vec<String> = resolved
        .properties
        .iter()
        .find(|q| q.name == p.name)
        .and_then(|q| find(&q.type_name))
        .filter(|e| e.kind == Kind::Enum)
        .map(|e| e.members.iter().map(|m| m.name.clone()).collect())
        .unwrap_or_default();
    let spellings = [
        ("the description", &p.listed_values),
        ("the JSON representation", &json_values),
        ("the values table", &table),
    ];
    // A description that names every value of the others, though some
    // after its list ("The value `x` indicates ..."), agrees with them.
    let described_fully = [&json_values, &table].iter().any(|v| {
        !v.is_empty()
            && v.iter()
                .all(|value| super::examples::description_names(&p.description, value))
            && p.listed_values.iter().all(|listed| v.contains(listed))
    });
    let present: Vec<(&str, BTreeSet<&str>)> = spellings
        .iter()
        .filter(|(where_, v)| {
            let covered = described_fully && *where_ == "the description";
            !v.is_empty() && !covered
        })
        .map(|(where_, v)| (*where_, without_sentinel(v)))
        .collect();
    let (first, rest) = present.split_first()?;
    let (other, set) = rest.iter().find(|(_, set)| *set != first.1)?;
    Some(Diagnostic::warning(
        codes::ENUM_VALUES_DISAGREE,
        &page.path,
        p.line,
        format!(
            "values of `{}` in {} ({}) differ from {other} ({})",
            p.name,
            first.0,
            show(&first.1),
            show(set)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract_page;
    use crate::page::parse_page;

    fn run(pages: &[(&str, &str)], suppress: &str) -> LintReport {
        let mut diags = Vec::new();
        let decls: Vec<PageDecls> = pages
            .iter()
            .map(|(p, t)| extract_page(&parse_page(p, t), &mut diags))
            .collect();
        let ir = crate::resolve::resolve(&decls, diags);
        lint(
            &decls,
            &ir,
            &Suppressions::parse(suppress).unwrap_or_default(),
        )
    }

    fn page(rows: &str, json: &str, odata: &str) -> String {
        format!(
            "# thing resource type\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n{rows}\n\n### mode values\n\n|Member|\n|--|\n|on|\n|off|\n## JSON representation\n<!-- {{\n\"blockType\": \"resource\",\n\"@odata.type\": \"microsoft.graph.{odata}\"\n}} -->\n```json\n{json}\n```\n"
        )
    }

    fn has(r: &LintReport, code: &str, line: usize) -> bool {
        r.findings.iter().any(|d| d.code == code && d.line == line)
    }

    #[test]
    fn table_and_json_block_disagree() {
        let p = page(
            "| a | Int32 | |\n| b | String | |",
            "{\n  \"a\": \"String\",\n  \"c\": true\n}",
            "thing",
        );
        let r = run(&[("thing.md", &p)], "");
        assert!(has(&r, codes::TABLE_JSON_MISMATCH, 23), "{:?}", r.findings);
        assert!(
            has(&r, codes::PROPERTY_ONLY_IN_JSON, 24),
            "{:?}",
            r.findings
        );
        assert!(has(&r, codes::PROPERTY_NOT_IN_JSON, 8), "{:?}", r.findings);
    }

    #[test]
    fn enum_values_in_three_places_disagree() {
        let rows = "| m | [mode](#mode-values) | Possible values are: `on`, `off`, `standby`. |\n| s | String | Possible values are: `x`, `y`. |";
        let p = page(
            rows,
            "{\n  \"m\": \"on | off\",\n  \"s\": \"x | z\"\n}",
            "thing",
        );
        let r = run(&[("thing.md", &p)], "");
        let found: Vec<usize> = r
            .findings
            .iter()
            .filter(|d| d.code == codes::ENUM_VALUES_DISAGREE)
            .map(|d| d.line)
            .collect();
        assert_eq!(found, [7, 8], "{:?}", r.findings);
    }

    #[test]
    fn json_block_that_is_not_json_is_a_note() {
        let p = page("| a | String | |", "{\n  \"a\": \"String\",\n}", "thing");
        let r = run(&[("thing.md", &p)], "");
        let d = r
            .findings
            .iter()
            .find(|d| d.code == codes::INVALID_JSON_BLOCK)
            .expect("finding");
        assert_eq!((d.severity, d.line), (Severity::Note, 20));
        assert_eq!(r.failing(), 0);
    }

    #[test]
    fn heading_and_annotation_disagree() {
        let p = page("| a | String | |", "{\n  \"a\": \"String\"\n}", "other");
        let r = run(&[("thing.md", &p)], "");
        assert!(
            r.findings
                .iter()
                .any(|d| d.code == codes::ODATA_TYPE_HEADING_MISMATCH),
            "{:?}",
            r.findings
        );
    }

    #[test]
    fn broken_links_duplicates_and_missing_tables() {
        let p = page(
            "| a | [gone](gone.md) | |\n| a | String | |",
            "{\n  \"a\": \"String\"\n}",
            "thing",
        );
        let bare = "# bare resource type\n\n<!-- { \"blockType\": \"resource\", \"baseType\": \"microsoft.graph.nothing\", \"@odata.type\": \"microsoft.graph.bare\" } -->\n```json\n{\"x\": 1}\n```\n";
        let r = run(&[("thing.md", &p), ("bare.md", bare)], "");
        assert!(has(&r, codes::UNKNOWN_TYPE, 7), "{:?}", r.findings);
        assert!(has(&r, codes::DUPLICATE_PROPERTY, 8), "{:?}", r.findings);
        assert!(r
            .findings
            .iter()
            .any(|d| d.code == codes::MISSING_PROPERTIES_TABLE && d.path == "bare.md"));
        assert!(r
            .findings
            .iter()
            .any(|d| d.code == codes::UNRESOLVED_BASE_TYPE && d.path == "bare.md"));
    }

    #[test]
    fn suppressions_are_keyed_by_path_and_code() {
        let p = page("| a | Int32 | |", "{\n  \"a\": \"String\"\n}", "thing");
        let all = run(&[("thing.md", &p)], "");
        assert!(all.counts().contains_key(codes::TABLE_JSON_MISMATCH));
        let r = run(
            &[("thing.md", &p)],
            "# known drift\nthing.md table-json-mismatch\n",
        );
        assert!(!r.counts().contains_key(codes::TABLE_JSON_MISMATCH));
        assert_eq!(r.suppressed, 1);
        let r = run(&[("thing.md", &p)], "* table-json-mismatch");
        assert!(!r.counts().contains_key(codes::TABLE_JSON_MISMATCH));
        assert!(Suppressions::parse("just-one-word").is_err());
    }
}
