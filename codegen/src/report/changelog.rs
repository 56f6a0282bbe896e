//! `diff --format markdown`: a changelog a reviewer reads in a pull-request
//! comment. Breaking changes first, each with its type or operation and a
//! link to the page and line; then the rest, grouped and counted; and only
//! a one-line summary when nothing but descriptions changed.

use super::Finding;
use crate::drift::diff::{codes, Change};
use std::collections::BTreeMap;

/// How the changelog names the versions and links the pages.
#[derive(Debug, Clone, Default)]
pub struct ChangelogOptions {
    /// What the old and the new pages are (`base`, `head`, folder names).
    pub old_label: String,
    pub new_label: String,
    /// Put before each page's path in links (`https://github.com/o/r/blob/SHA/`);
    /// empty for links relative to the repository root.
    pub link_base: String,
}

const OPERATION_CODES: &[&str] = &[
    codes::OPERATION_ADDED,
    codes::OPERATION_REMOVED,
    codes::METHOD_CHANGED,
    codes::PATH_ADDED,
    codes::PATH_REMOVED,
    codes::PATH_CHANGED,
    codes::PATH_MOVED,
    codes::OPERATION_MOVED,
    codes::PARAMETER_ADDED,
    codes::PARAMETER_REMOVED,
    codes::PARAMETER_MADE_REQUIRED,
    codes::PARAMETER_TYPE_CHANGED,
    codes::RESPONSE_CHANGED,
    codes::PERMISSION_STRICTER,
    codes::PERMISSION_RELAXED,
];

/// The changes (with their places, `places[i]` for `changes[i]`) as markdown.
pub fn changelog_markdown(
    changes: &[Change],
    places: &[Finding],
    options: &ChangelogOptions,
) -> String {
    let title = format!(
        "graphgen diff `{}` → `{}`",
        options.old_label, options.new_label
    );
    if changes.is_empty() {
        return format!("**{title}**: no changes.\n");
    }
    let descriptions = changes
        .iter()
        .filter(|c| c.code == codes::DESCRIPTION_CHANGED)
        .count();
    let described_types = count_groups(
        changes
            .iter()
            .filter(|c| c.code == codes::DESCRIPTION_CHANGED),
    );
    if descriptions == changes.len() {
        return format!(
            "**{title}**: only descriptions changed ({descriptions} in {described_types} {}).\n",
            plural(described_types, "type", "types")
        );
    }
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let mut out = format!(
        "## {title}\n\n**{breaking} breaking**, {} not breaking.\n\n",
        changes.len() - breaking
    );
    out.push_str(&counts_table(changes));
    let page = |i: usize| {
        let f = &places[i];
        let name = f.uri.rsplit('/').next().unwrap_or(&f.uri);
        format!("[{name}]({}{})", options.link_base, f.uri)
    };
    let line = |i: usize| {
        let f = &places[i];
        match f.line {
            0 => String::new(),
            n => format!(", [line {n}]({}{}#L{n})", options.link_base, f.uri),
        }
    };
    let indexed: Vec<(usize, &Change)> = changes.iter().enumerate().collect();
    let (broken, rest): (Vec<_>, Vec<_>) = indexed.into_iter().partition(|(_, c)| c.breaking);
    if !broken.is_empty() {
        out.push_str(&format!("\n### Breaking changes ({})\n", broken.len()));
        out.push_str(&grouped_lists(&broken, &page, &line));
    }
    let others: Vec<&Change> = rest
        .into_iter()
        .map(|(_, c)| c)
        .filter(|c| c.code != codes::DESCRIPTION_CHANGED)
        .collect();
    if !others.is_empty() {
        out.push_str(&format!(
            "\n### Other changes ({})\n\n<details><summary>By kind of change, with the types and operations they touch</summary>\n\n",
            others.len()
        ));
        out.push_str(&by_code(&others));
        out.push_str("\n</details>\n");
    }
    if descriptions > 0 {
        out.push_str(&format!(
            "\nDescriptions changed: {descriptions} in {described_types} {}.\n",
            plural(described_types, "type", "types")
        ));
    }
    out
}

/// Not-breaking changes by code: how many, and on what (with counts).
fn by_code(changes: &[&Change]) -> String {
    let mut groups: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for c in changes {
        *groups
            .entry(c.code)
            .or_default()
            .entry(c.type_name.as_str())
            .or_insert(0) += 1;
    }
    let mut out = String::new();
    for (code, on) in groups {
        let total: usize = on.values().sum();
        let names: Vec<String> = on
            .iter()
            .map(|(name, n)| match n {
                1 => format!("`{name}`"),
                n => format!("`{name}` ({n})"),
            })
            .collect();
        out.push_str(&format!("- `{code}` ({total}): {}\n", names.join(", ")));
    }
    out
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn count_groups<'a>(changes: impl Iterator<Item = &'a Change>) -> usize {
    changes
        .map(|c| c.type_name.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len()
}

fn is_operation(c: &Change) -> bool {
    OPERATION_CODES.contains(&c.code)
}

/// Breaking and not breaking, by code, types and operations apart.
fn counts_table(changes: &[Change]) -> String {
    let mut counts: BTreeMap<(bool, &str), (usize, usize)> = BTreeMap::new();
    for c in changes {
        let slot = counts.entry((!c.breaking, c.code)).or_default();
        if is_operation(c) {
            slot.1 += 1;
        } else {
            slot.0 += 1;
        }
    }
    let mut out = String::from("| change | breaking | types | operations |\n|---|---|---|---|\n");
    for ((not_breaking, code), (types, ops)) in counts {
        let mark = if not_breaking { "no" } else { "**yes**" };
        out.push_str(&format!("| `{code}` | {mark} | {types} | {ops} |\n"));
    }
    out
}

/// One list for types and one for operations, a bullet per type or
/// operation with a link to its page, a sub-bullet per change with its line.
fn grouped_lists(
    changes: &[(usize, &Change)],
    page: &dyn Fn(usize) -> String,
    line: &dyn Fn(usize) -> String,
) -> String {
    let mut out = String::new();
    for (heading, operations) in [("Types", false), ("Operations", true)] {
        let mut groups: BTreeMap<&str, Vec<(usize, &Change)>> = BTreeMap::new();
        for &(i, c) in changes
            .iter()
            .filter(|(_, c)| is_operation(c) == operations)
        {
            groups.entry(c.type_name.as_str()).or_default().push((i, c));
        }
        if groups.is_empty() {
            continue;
        }
        let total: usize = groups.values().map(Vec::len).sum();
        out.push_str(&format!(
            "\n#### {heading}: {total} in {} {}\n\n",
            groups.len(),
            if operations {
                plural(groups.len(), "operation", "operations")
            } else {
                plural(groups.len(), "type", "types")
            }
        ));
        for (name, list) in groups {
            out.push_str(&format!("- **`{name}`** ({})\n", page(list[0].0)));
            for (i, c) in list {
                out.push_str(&format!(
                    "  - {}: `{}`{}\n",
                    c.message.replace('\n', " "),
                    c.code,
                    line(i)
                ));
            }
        }
    }
    out
}
