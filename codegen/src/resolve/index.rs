//! Where each type is declared: by page, by heading anchor and by name.

use crate::diag::{codes, Diagnostic};
use crate::extract::RawType;
use crate::page::page_stem;
use crate::typeref::TypeRef;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// The page being resolved, for relative links and namespace preference.
pub struct Context<'a> {
    pub path: &'a str,
    pub namespace: &'a str,
}

pub struct Index {
    /// Qualified names, by raw type id.
    qualified: Vec<String>,
    /// One id per distinct qualified name, in page order.
    winners: Vec<usize>,
    /// Lead declaration → the other declarations of the same name.
    merged: HashMap<usize, Vec<usize>>,
    /// Lower-case page stem → id of the type the page declares.
    by_file: HashMap<String, usize>,
    /// (page stem, anchor) → id.
    by_anchor: HashMap<(String, String), usize>,
    /// Lower-case qualified name → id.
    by_qualified: HashMap<String, usize>,
    /// Lower-case short name → ids, in page order.
    by_short: BTreeMap<String, Vec<usize>>,
}

/// A link's file part, page stem (the linking page's own for `#anchor`
/// links) and lower-case anchor.
fn link_parts<'d>(dest: &'d str, ctx: &Context<'_>) -> (&'d str, String, String) {
    let (file, anchor) = dest.split_once('#').unwrap_or((dest, ""));
    let stem = if file.is_empty() {
        page_stem(ctx.path)
    } else {
        page_stem(file)
    };
    (file, stem, anchor.to_ascii_lowercase())
}

/// A type name that resolves to nothing still goes into the IR (with an
/// error beside it), qualified so later stages read it the same way.
pub fn unresolved_name(target: &TypeRef, namespace: &str) -> String {
    let text = match target {
        TypeRef::Primitive(p) => return p.to_string(),
        TypeRef::Link { text, dest } if text.is_empty() => page_stem(dest),
        TypeRef::Link { text, .. } => text.clone(),
        TypeRef::Name(n) => n.clone(),
    };
    if text.contains('.') {
        text
    } else {
        format!("{namespace}.{text}")
    }
}

impl Index {
    pub fn build(raw: &[(&str, &RawType)], diags: &mut Vec<Diagnostic>) -> Index {
        let qualified: Vec<String> = raw
            .iter()
            .map(|(_, t)| format!("{}.{}", t.namespace, t.name))
            .collect();
        // Group the declarations of each name, in page order.
        let mut groups: HashMap<String, Vec<usize>> = HashMap::default();
        for (id, name) in qualified.iter().enumerate() {
            groups
                .entry(name.to_ascii_lowercase())
                .or_default()
                .push(id);
        }
        // The fullest declaration leads: a page of its own beats a `### x
        // values` section, then more properties or members win, then the
        // first page. The others are merged into it.
        let weight = |id: usize| {
            let t = raw[id].1;
            (t.primary, t.properties.len() + t.members.len())
        };
        let mut chosen: HashMap<String, usize> = HashMap::default();
        let mut merged: HashMap<usize, Vec<usize>> = HashMap::default();
        for (key, ids) in groups {
            let mut lead = ids[0];
            for &id in &ids[1..] {
                if weight(id) > weight(lead) {
                    lead = id;
                }
            }
            let others: Vec<usize> = ids.iter().copied().filter(|&id| id != lead).collect();
            for &other in &others {
                let (path, t) = raw[other];
                // Pages that each document a part of a type (the Intune
                // pages of `deviceManagement`), or repeat it faithfully,
                // merge into one type: only a contradiction is a defect.
                let Some(why) = contradiction(raw[lead].1, t) else {
                    continue;
                };
                diags.push(Diagnostic::warning(
                    codes::DUPLICATE_TYPE,
                    path,
                    t.line,
                    format!(
                        "`{}` is also declared in {}, and the two disagree: {why}; the declarations are merged",
                        qualified[other], raw[lead].0
                    ),
                ));
            }
            chosen.insert(key, lead);
            merged.insert(lead, others);
        }
        let mut winners: Vec<usize> = chosen.values().copied().collect();
        // In the IR's order (namespace, then name), so the resolved types
        // come out sorted and nothing large is moved to sort them.
        winners.sort_by(|&a, &b| {
            let (ta, tb) = (raw[a].1, raw[b].1);
            (&ta.namespace, &ta.name, a).cmp(&(&tb.namespace, &tb.name, b))
        });
        let mut index = Index {
            qualified,
            winners,
            merged,
            by_file: HashMap::default(),
            by_anchor: HashMap::default(),
            by_qualified: HashMap::default(),
            by_short: BTreeMap::new(),
        };
        for (id, (path, t)) in raw.iter().enumerate() {
            let key = index.qualified[id].to_ascii_lowercase();
            let Some(&winner) = chosen.get(&key) else {
                continue;
            };
            let stem = page_stem(path);
            if t.primary {
                index.by_file.entry(stem.clone()).or_insert(winner);
            }
            if let Some(anchor) = &t.anchor {
                index.by_anchor.insert((stem, anchor.clone()), winner);
            }
        }
        for &id in &index.winners {
            index
                .by_qualified
                .insert(index.qualified[id].to_ascii_lowercase(), id);
            index
                .by_short
                .entry(raw[id].1.name.to_ascii_lowercase())
                .or_default()
                .push(id);
        }
        index
    }

    pub fn winners(&self) -> &[usize] {
        &self.winners
    }

    /// The other declarations merged into a lead one.
    pub fn merged_into(&self, lead: usize) -> &[usize] {
        self.merged.get(&lead).map_or(&[], Vec::as_slice)
    }

    /// The qualified name of a type the pages declare, by any spelling.
    pub fn lookup_name(&self, name: &str, prefer_namespace: &str) -> Option<String> {
        let lower = name.trim().trim_start_matches('#').to_ascii_lowercase();
        if let Some(&id) = self.by_qualified.get(&lower) {
            return Some(self.qualified[id].clone());
        }
        let short = lower.rsplit('.').next().unwrap_or(&lower);
        let ids = self.by_short.get(short)?;
        let preferred = ids.iter().find(|&&id| {
            self.qualified[id]
                .rsplit_once('.')
                .is_some_and(|(ns, _)| ns.eq_ignore_ascii_case(prefer_namespace))
        });
        preferred
            .or(ids.first())
            .map(|&id| self.qualified[id].clone())
    }

    /// Qualified names of the types whose name ends with `word` and is
    /// longer (`range` → `workbookRange`), in name order.
    pub fn names_ending_with(&self, word: &str) -> Vec<String> {
        let word = word.to_ascii_lowercase();
        self.by_short
            .iter()
            .filter(|(short, _)| short.len() > word.len() && short.ends_with(&word))
            .flat_map(|(_, ids)| ids.iter().map(|&id| self.qualified[id].clone()))
            .collect()
    }

    /// The type a link names through the page (and anchor) it points to,
    /// without falling back to the link's text.
    pub fn resolve_page_link(&self, dest: &str, ctx: &Context<'_>) -> Option<String> {
        let (file, stem, anchor) = link_parts(dest, ctx);
        if !anchor.is_empty() {
            if let Some(&id) = self.by_anchor.get(&(stem.clone(), anchor.clone())) {
                return Some(self.qualified[id].clone());
            }
        }
        if anchor.is_empty() || file.ends_with(".md") {
            if let Some(&id) = self.by_file.get(&stem) {
                return Some(self.qualified[id].clone());
            }
        }
        None
    }

    /// Resolves without reporting anything (for `Inherited from` remarks).
    pub fn resolve_quiet(&self, target: &TypeRef, ctx: &Context<'_>) -> Option<String> {
        self.resolve(target, ctx, 0, &mut Vec::new())
    }

    /// Resolves a type as written to a qualified name; `None` when nothing in
    /// the input declares it (the caller reports that).
    pub fn resolve(
        &self,
        target: &TypeRef,
        ctx: &Context<'_>,
        line: usize,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        match target {
            TypeRef::Primitive(p) => Some(p.to_string()),
            TypeRef::Name(name) => {
                if let Some(p) = crate::typeref::canonical_primitive(name) {
                    return Some(p.to_string());
                }
                match crate::typeref::primitive(name) {
                    // A loose spelling (`Json`, `Timestamp`) names a declared
                    // type only when it is spelled exactly as that type.
                    Some(prim) => Some(
                        self.lookup_name(name, ctx.namespace)
                            .filter(|q| q.rsplit('.').next() == Some(name.as_str()))
                            .unwrap_or_else(|| prim.to_string()),
                    ),
                    None => self.lookup_name(name, ctx.namespace),
                }
            }
            TypeRef::Link { dest, text } => {
                if let Some(found) = self.resolve_page_link(dest, ctx) {
                    return Some(found);
                }
                let (file, stem, anchor) = link_parts(dest, ctx);
                // The page is not in the input (or declares no type): fall back
                // to the name the link shows, and say so. An anchor of this
                // page that heads nothing names no type of the page's own.
                let by_text = anchor
                    .strip_suffix("-values")
                    .and_then(|a| self.lookup_name(a, ctx.namespace))
                    .or_else(|| self.lookup_name(text, ctx.namespace))
                    .or_else(|| {
                        (!file.is_empty())
                            .then(|| self.lookup_name(&stem, ctx.namespace))
                            .flatten()
                    });
                if let Some(found) = &by_text {
                    diags.push(Diagnostic::warning(
                        codes::UNRESOLVED_TYPE_LINK,
                        ctx.path,
                        line,
                        format!("link `{dest}` names no page that declares a type; resolved by its name to `{found}`"),
                    ));
                }
                by_text
            }
        }
    }
}

/// How two declarations of one type disagree: their kind, a property both
/// list with different types, or their enum members.
fn contradiction(lead: &RawType, other: &RawType) -> Option<String> {
    // Entity or complex only tells whether a page names a key: not a
    // statement two pages can contradict.
    let is_enum = |t: &RawType| t.kind == crate::ir::Kind::Enum;
    if is_enum(lead) != is_enum(other) {
        return Some(format!(
            "one is {:?}, the other {:?}",
            lead.kind, other.kind
        ));
    }
    for p in &other.properties {
        let same = lead
            .properties
            .iter()
            .find(|q| q.name.eq_ignore_ascii_case(&p.name));
        if let Some(q) = same.filter(|q| type_words(&q.type_text) != type_words(&p.type_text)) {
            return Some(format!(
                "`{}` is {} here and {} there",
                p.name,
                p.type_text.trim(),
                q.type_text.trim()
            ));
        }
    }
    let names = |t: &RawType| -> std::collections::BTreeSet<String> {
        t.members
            .iter()
            .map(|m| m.name.to_ascii_lowercase())
            .collect()
    };
    let (ours, theirs) = (names(other), names(lead));
    if !ours.is_empty() && !theirs.is_empty() && ours != theirs {
        let only_here: Vec<&str> = ours.difference(&theirs).map(String::as_str).collect();
        let only_there: Vec<&str> = theirs.difference(&ours).map(String::as_str).collect();
        return Some(format!(
            "members only here: {}; only there: {}",
            list_or_none(&only_here),
            list_or_none(&only_there)
        ));
    }
    None
}

fn list_or_none(names: &[&str]) -> String {
    match names.is_empty() {
        true => "none".to_string(),
        false => names.join(", "),
    }
}

/// A Type cell's words, without link targets, case or spacing:
/// `[channel](channel.md)` and `[channel](../resources/channel.md)` agree.
fn type_words(cell: &str) -> String {
    let mut out = String::new();
    let mut in_target = false;
    let mut previous = ' ';
    for c in cell.chars() {
        match c {
            '(' if previous == ']' => in_target = true,
            ')' if in_target => in_target = false,
            _ if in_target || c.is_whitespace() || matches!(c, '[' | ']' | '`' | '*') => {}
            _ => out.extend(c.to_lowercase()),
        }
        previous = c;
    }
    out
}
