//! The Permissions section of a method page → its permission entries
//! (`shared/IR.md`, Permissions), in every layout the pages use:
//!
//! - a row per permission kind (`Delegated (work or school account) |
//!   User.Read, User.ReadWrite`), in two columns (ordered as the header
//!   says: least to most privileged, or most to least) or three (*Least
//!   privileged permissions*, *Higher privileged permissions*), with or
//!   without a header row;
//! - a row per resource and a column per kind (`calendar-get.md`);
//! - several tables, each under a heading or a line that names what it is
//!   for (`### Permissions for channel`, `For applications:`);
//! - cells that label parts (`In teams: A<br/>In channels: B`).
//!
//! A cell reads as alternatives (`,`, `;`, `or`) of scopes that are all
//! needed (`and`, `plus`). What is not such a list is a diagnostic, never
//! dropped in silence.

use crate::diag::{codes, Diagnostic};
use crate::ir::{Grant, Permissions, Source};
use crate::page::{Block, Inline, Page, Row};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    DelegatedWork,
    DelegatedPersonal,
    Application,
}

impl Kind {
    fn of(text: &str) -> Option<Kind> {
        let t = text.to_ascii_lowercase();
        if t.contains("application") {
            Some(Kind::Application)
        } else if t.contains("personal") {
            Some(Kind::DelegatedPersonal)
        } else if t.contains("delegated") || t.contains("work or school") {
            Some(Kind::DelegatedWork)
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::DelegatedWork => "Delegated (work or school account)",
            Kind::DelegatedPersonal => "Delegated (personal Microsoft account)",
            Kind::Application => "Application",
        }
    }
}

/// How a two-column table orders its lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    LeastFirst,
    MostFirst,
    Unstated,
}

impl Order {
    fn of(text: &str) -> Order {
        let t = text.to_ascii_lowercase();
        if t.contains("most to least") {
            Order::MostFirst
        } else if t.contains("least to most") || t.contains("least privileged") {
            Order::LeastFirst
        } else {
            Order::Unstated
        }
    }
}

/// How a permissions table is laid out.
enum Layout {
    /// A row per kind; the list in `list`, or in `list` and `higher` (the
    /// three-column form). The header row may itself be a data row.
    KindRows {
        header_is_row: bool,
        list: usize,
        higher: Option<usize>,
        order: Order,
    },
    /// A column per kind; a row per resource where `label` is set.
    KindColumns {
        kinds: Vec<(usize, Kind)>,
        label: Option<usize>,
        order: Order,
    },
}

fn layout(header: &[Inline], prose: Order) -> Option<Layout> {
    let texts: Vec<String> = header.iter().map(Inline::plain).collect();
    let kinds: Vec<(usize, Kind)> = texts
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Kind::of(t).map(|k| (i, k)))
        .collect();
    let first = texts.first()?.to_ascii_lowercase();
    if kinds.len() >= 2 {
        let label = (kinds[0].0 != 0).then_some(0);
        return Some(Layout::KindColumns {
            kinds,
            label,
            order: prose,
        });
    }
    if kinds.first().is_some_and(|(i, _)| *i == 0) && texts.len() >= 2 {
        return Some(Layout::KindRows {
            header_is_row: true,
            list: 1,
            higher: None,
            order: prose,
        });
    }
    if !first.contains("permission") || texts.len() < 2 {
        return None;
    }
    let second = texts[1].to_ascii_lowercase();
    let three = texts.len() >= 3 && second.contains("least");
    Some(Layout::KindRows {
        header_is_row: false,
        list: 1,
        higher: three.then_some(2),
        order: if three {
            Order::LeastFirst
        } else {
            match Order::of(&second) {
                Order::Unstated => prose,
                stated => stated,
            }
        },
    })
}

/// A kind's grant for one labelled part of its cell (`None`: unread).
type LabelledGrant = (Option<String>, Option<Grant>);

/// What one cell (or one labelled part of it) says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Cell {
    Unsupported,
    /// Alternatives of scopes, and the scopes marked with `*`.
    Scopes {
        alternatives: Vec<Vec<String>>,
        marked: Vec<String>,
        /// `A, B and C`: a list of three, or A or (B and C)?
        ambiguous: bool,
    },
    /// Not a list of permissions: the words that are not.
    Unreadable(String),
}

/// The entries of a Permissions section; `blocks` are the section's,
/// `line` its heading's.
pub fn read_section(
    blocks: &[&Block],
    line: usize,
    page: &Page,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Permissions> {
    let before = diags.len();
    let entries = read_tables(blocks, page, diags);
    // Cells already reported one by one are the defect: not the section too.
    let cells_reported = diags[before..]
        .iter()
        .any(|d| d.code == codes::UNREADABLE_PERMISSION_CELL);
    let read = entries.iter().any(|p| {
        p.delegated_work.is_some() || p.delegated_personal.is_some() || p.application.is_some()
    });
    let headed_permissions = page.blocks.iter().any(|b| {
        matches!(b, Block::Heading { line: l, text, .. }
            if *l == line && text.plain().to_ascii_lowercase().starts_with("permission"))
    });
    // A Prerequisites section may rightly name no permission.
    if !read && headed_permissions && !cells_reported {
        diags.push(Diagnostic::warning(
            codes::UNREADABLE_PERMISSIONS,
            &page.path,
            line,
            "no permission could be read from this Permissions section (no table of permission kinds, or no cell that lists permissions)",
        ));
    }
    entries
}

fn read_tables(blocks: &[&Block], page: &Page, diags: &mut Vec<Diagnostic>) -> Vec<Permissions> {
    let prose = blocks
        .iter()
        .find_map(|b| match b {
            Block::Paragraph { text, .. } => {
                let order = Order::of(&text.plain());
                (order != Order::Unstated).then_some(order)
            }
            _ => None,
        })
        .unwrap_or(Order::Unstated);
    // Each permissions table with what names it: the last heading or
    // `...:` line since the previous table.
    let mut tables = Vec::new();
    let mut label: Option<String> = None;
    for block in blocks {
        match block {
            Block::Heading { text, level, .. } if *level > 2 => label = Some(text.plain()),
            Block::Paragraph { text, .. } => {
                let t = text.plain();
                if t.ends_with(':') && t.len() <= 80 {
                    label = Some(t.trim_end_matches(':').trim().to_string());
                }
            }
            Block::Table { header, rows, line } => {
                if let Some(l) = layout(header, prose) {
                    tables.push((l, header, rows, *line, label.take()));
                }
            }
            _ => {}
        }
    }
    let several = tables.len() > 1;
    let mut out = Vec::new();
    for (layout, header, rows, table_line, label) in tables {
        let label = label.filter(|_| several);
        let table = Table {
            header,
            rows,
            line: table_line,
            label,
            page,
        };
        out.extend(table.entries(&layout, diags));
    }
    out
}

struct Table<'t, 'a> {
    header: &'t [Inline<'a>],
    rows: &'t [Row<'a>],
    line: usize,
    label: Option<String>,
    page: &'t Page<'a>,
}

/// One kind's cell of a row: its text, and the higher-privileged cell of
/// a three-column table.
struct KindCell<'t, 'a> {
    kind: Kind,
    list: &'t Inline<'a>,
    higher: Option<&'t Inline<'a>>,
    line: usize,
}

impl Table<'_, '_> {
    fn entries(&self, layout: &Layout, diags: &mut Vec<Diagnostic>) -> Vec<Permissions> {
        match layout {
            Layout::KindRows {
                header_is_row,
                list,
                higher,
                order,
            } => {
                let header_row = Row {
                    cells: self.header.to_vec(),
                    line: self.line,
                };
                let rows = header_is_row
                    .then_some(&header_row)
                    .into_iter()
                    .chain(self.rows.iter());
                let cells: Vec<KindCell> = rows
                    .filter_map(|row| {
                        let kind = Kind::of(&row.cells.first()?.plain())?;
                        Some(KindCell {
                            kind,
                            list: row.cells.get(*list)?,
                            higher: higher.and_then(|h| row.cells.get(h)),
                            line: row.line,
                        })
                    })
                    .collect();
                self.entry_of(&cells, *order, self.label.clone(), self.line, diags)
            }
            Layout::KindColumns {
                kinds,
                label,
                order,
            } => {
                let mut out = Vec::new();
                for row in self.rows {
                    let cells: Vec<KindCell> = kinds
                        .iter()
                        .filter_map(|(i, kind)| {
                            Some(KindCell {
                                kind: *kind,
                                list: row.cells.get(*i)?,
                                higher: None,
                                line: row.line,
                            })
                        })
                        .collect();
                    let row_label = label
                        .and_then(|i| row.cells.get(i))
                        .map(Inline::plain)
                        .filter(|l| !l.is_empty());
                    let applies = match (&self.label, row_label) {
                        (Some(t), Some(r)) => Some(format!("{t}: {r}")),
                        (t, r) => r.or_else(|| t.clone()),
                    };
                    out.extend(self.entry_of(&cells, *order, applies, row.line, diags));
                }
                out
            }
        }
    }

    /// The entries of one set of kind cells: one, or one per label where
    /// cells label their parts.
    fn entry_of(
        &self,
        cells: &[KindCell],
        order: Order,
        applies_to: Option<String>,
        line: usize,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<Permissions> {
        let read: Vec<(Kind, Vec<LabelledGrant>)> = cells
            .iter()
            .map(|c| (c.kind, self.grants(c, order, diags)))
            .collect();
        let mut labels: Vec<Option<String>> = Vec::new();
        for (_, parts) in &read {
            for (label, _) in parts {
                if label.is_some() && !labels.contains(label) {
                    labels.push(label.clone());
                }
            }
        }
        if labels.is_empty() {
            labels.push(None);
        }
        labels
            .into_iter()
            .map(|label| {
                let mut entry = Permissions {
                    applies_to: match (&applies_to, &label) {
                        (Some(a), Some(l)) => Some(format!("{a}: {l}")),
                        (a, l) => l.clone().or_else(|| a.clone()),
                    },
                    source: Source {
                        path: self.page.path.clone(),
                        line,
                    },
                    ..Permissions::default()
                };
                for (kind, parts) in &read {
                    let grant = parts
                        .iter()
                        .find(|(l, _)| *l == label)
                        .or_else(|| parts.iter().find(|(l, _)| l.is_none()))
                        .and_then(|(_, g)| g.clone());
                    let slot = match kind {
                        Kind::DelegatedWork => &mut entry.delegated_work,
                        Kind::DelegatedPersonal => &mut entry.delegated_personal,
                        Kind::Application => &mut entry.application,
                    };
                    if slot.is_none() {
                        *slot = grant;
                    }
                }
                entry
            })
            .collect()
    }

    /// A kind's grant (per label where the cell labels its parts).
    fn grants(
        &self,
        cell: &KindCell,
        order: Order,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<LabelledGrant> {
        let least = labelled_cells(&cell.list.plain());
        let higher = cell
            .higher
            .map(|h| labelled_cells(&h.plain()))
            .unwrap_or_default();
        let mut out = Vec::new();
        for (label, read) in least {
            let more = higher
                .iter()
                .find(|(l, _)| *l == label)
                .map(|(_, c)| c.clone());
            let grant = self.grant(cell, read, more, order, diags);
            out.push((label, grant));
        }
        out
    }

    fn grant(
        &self,
        cell: &KindCell,
        least: Cell,
        higher: Option<Cell>,
        order: Order,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Grant> {
        let three_columns = cell.higher.is_some();
        let mut grant = Grant {
            line: cell.line,
            ..Grant::unsupported()
        };
        for (i, part) in std::iter::once(least).chain(higher).enumerate() {
            match part {
                Cell::Unsupported => {}
                Cell::Unreadable(words) => {
                    diags.push(Diagnostic::warning(
                        codes::UNREADABLE_PERMISSION_CELL,
                        &self.page.path,
                        cell.line,
                        format!(
                            "the {} cell is not a list of permissions (`{words}`); that kind is left unread",
                            cell.kind.name()
                        ),
                    ));
                    return None;
                }
                Cell::Scopes {
                    alternatives,
                    marked,
                    ambiguous,
                } => {
                    if ambiguous {
                        diags.push(Diagnostic::note(
                            codes::AMBIGUOUS_PERMISSIONS,
                            &self.page.path,
                            cell.line,
                            format!(
                                "the {} cell lists `A, B and C`: read as A, or B and C together (a comma separates alternatives, `and` joins scopes that are all needed)",
                                cell.kind.name()
                            ),
                        ));
                    }
                    grant.supported = true;
                    if i == 0 && (three_columns || order != Order::Unstated) {
                        grant.least_privileged = if three_columns {
                            alternatives.len()
                        } else {
                            alternatives.len().min(1)
                        };
                    }
                    let mut alternatives = alternatives;
                    if order == Order::MostFirst {
                        alternatives.reverse();
                    }
                    grant.alternatives.extend(alternatives);
                    grant.marked.extend(marked);
                }
            }
        }
        Some(grant)
    }
}

/// A cell's parts: `In teams: A In channels: B` → (`In teams`, A), (`In
/// channels`, B); a cell without labels is one part labelled `None`.
fn labelled_cells(text: &str) -> Vec<(Option<String>, Cell)> {
    let tokens = tokenize(text);
    let mut parts: Vec<(Option<String>, Vec<String>)> = vec![(None, Vec::new())];
    let mut since_scope: Vec<String> = Vec::new();
    for token in tokens {
        if token.ends_with(':') && token.len() > 1 {
            // The words since the last scope name the part that follows.
            let mut label = std::mem::take(&mut since_scope);
            label.push(token.trim_end_matches(':').to_string());
            if let Some((_, current)) = parts.last_mut() {
                current.truncate(current.len().saturating_sub(label.len() - 1));
            }
            let label = label
                .join(" ")
                .trim_matches(|c: char| c == ',' || c == ';')
                .trim()
                .to_string();
            parts.push((Some(label), Vec::new()));
            continue;
        }
        // A label starts after the last scope, or after the sentence
        // before it (`Not supported.`).
        let ends_part = scope(&token).is_some()
            || token.ends_with('.')
            || ["supported", "applicable"].contains(&token.to_ascii_lowercase().as_str());
        if ends_part {
            since_scope.clear();
        } else {
            since_scope.push(token.clone());
        }
        if let Some(last) = parts.last_mut() {
            last.1.push(token);
        }
    }
    parts
        .into_iter()
        .filter(|(label, tokens)| label.is_some() || !tokens.is_empty())
        .map(|(label, tokens)| (label, read_cell(&tokens)))
        .collect()
}

/// Words, with `,` and `;` as tokens of their own and parenthesised notes
/// without scopes (`(see below)`) left out.
fn tokenize(text: &str) -> Vec<String> {
    let mut without_notes = String::new();
    let mut depth = 0usize;
    let mut note = String::new();
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                note.push(c);
            }
            ')' if depth > 0 => {
                depth -= 1;
                note.push(c);
                if depth == 0 {
                    // A note that names a scope is part of what is said.
                    if note.split_whitespace().any(|w| scope(w).is_some()) {
                        without_notes.push_str(&note);
                    }
                    note.clear();
                }
            }
            _ if depth > 0 => note.push(c),
            ',' | ';' => {
                without_notes.push(' ');
                without_notes.push(c);
                without_notes.push(' ');
            }
            _ => without_notes.push(c),
        }
    }
    without_notes.push_str(&note);
    without_notes
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// A permission scope: dotted identifiers (`User.Read.All`), perhaps with
/// a trailing `*` footnote mark and sentence stop. (name, marked)
fn scope(token: &str) -> Option<(String, bool)> {
    let t = token.trim_end_matches(['.', ',', ';']);
    let (name, marked) = match t.strip_suffix('*') {
        Some(n) => (n.trim_end_matches('.'), true),
        None => (t, false),
    };
    let parts: Vec<&str> = name.split('.').collect();
    let ok = parts.len() >= 2
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
    ok.then(|| (name.to_string(), marked))
}

/// Words that join scopes or lists and say nothing else.
const FILLERS: [&str; 4] = ["either", "one", "from", "of"];

/// One cell's (or part's) tokens → what it says.
fn read_cell(tokens: &[String]) -> Cell {
    let text = tokens.join(" ");
    let lower = text.to_ascii_lowercase();
    let plain = lower.trim().trim_end_matches('.').trim();
    if plain.starts_with("not supported") || plain.starts_with("not applicable") || plain == "n/a" {
        return Cell::Unsupported;
    }
    if plain == "none" {
        return Cell::Scopes {
            alternatives: Vec::new(),
            marked: Vec::new(),
            ambiguous: false,
        };
    }
    // sides (`plus`) → alternatives (`,` `;` `or`) → scopes (`and`).
    let mut sides: Vec<Vec<Vec<String>>> = vec![vec![Vec::new()]];
    let mut marked = Vec::new();
    let mut prose = Vec::new();
    for token in tokens {
        let word = token.to_ascii_lowercase();
        let Some(side) = sides.last_mut() else {
            break;
        };
        match word.as_str() {
            "," | ";" | "or" => side.push(Vec::new()),
            "and" | "&" => {}
            "plus" => sides.push(vec![Vec::new()]),
            w if FILLERS.contains(&w) => {}
            _ => match scope(token) {
                Some((name, is_marked)) => {
                    if is_marked {
                        marked.push(name.clone());
                    }
                    if let Some(alternative) = side.last_mut() {
                        alternative.push(name);
                    }
                }
                None => prose.push(token.clone()),
            },
        }
    }
    let sides: Vec<Vec<Vec<String>>> = sides
        .into_iter()
        .map(|s| s.into_iter().filter(|a| !a.is_empty()).collect())
        .collect();
    if !prose.is_empty() || sides.iter().any(Vec::is_empty) {
        return Cell::Unreadable(text);
    }
    let ambiguous = sides.iter().any(|s| is_ambiguous_list(s));
    // `A, B plus C or D`: each alternative of one side with each of the next.
    let alternatives = sides
        .into_iter()
        .reduce(|acc, side| {
            acc.iter()
                .flat_map(|a| {
                    side.iter().map(move |b| {
                        let mut both = a.clone();
                        both.extend(b.iter().cloned());
                        both
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Cell::Scopes {
        alternatives,
        marked,
        ambiguous,
    }
}

/// `A, B and C`: a list whose only conjunction joins its last two items.
fn is_ambiguous_list(side: &[Vec<String>]) -> bool {
    side.len() >= 2
        && side.last().is_some_and(|last| last.len() == 2)
        && side[..side.len() - 1].iter().all(|a| a.len() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alts(cell: &str) -> Vec<Vec<String>> {
        match read_cell(&tokenize(cell)) {
            Cell::Scopes { alternatives, .. } => alternatives,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lists_conjunctions_and_pluses() {
        assert_eq!(
            alts("User.Read, User.ReadWrite"),
            [["User.Read"], ["User.ReadWrite"]]
        );
        assert_eq!(
            alts("AuditLog.Read.All and Directory.Read.All"),
            [["AuditLog.Read.All", "Directory.Read.All"]]
        );
        assert_eq!(
            alts("OrgContact.Read.All and Group.Read.All, Directory.Read.All"),
            vec![
                vec!["OrgContact.Read.All", "Group.Read.All"],
                vec!["Directory.Read.All"]
            ]
        );
        assert_eq!(
            alts("Group.ReadWrite.All or Directory.ReadWrite.All").len(),
            2
        );
        assert_eq!(
            alts("One from EduRoster.ReadBasic, EduRoster.Read plus either Directory.Read.All or User.Read"),
            vec![
                vec!["EduRoster.ReadBasic", "Directory.Read.All"],
                vec!["EduRoster.ReadBasic", "User.Read"],
                vec!["EduRoster.Read", "Directory.Read.All"],
                vec!["EduRoster.Read", "User.Read"],
            ]
        );
    }

    #[test]
    fn marks_notes_and_words() {
        match read_cell(&tokenize(
            "ChannelMessage.Read.Group*, ChannelMessage.Read.All",
        )) {
            Cell::Scopes {
                alternatives,
                marked,
                ..
            } => {
                assert_eq!(
                    alternatives,
                    [["ChannelMessage.Read.Group"], ["ChannelMessage.Read.All"]]
                );
                assert_eq!(marked, ["ChannelMessage.Read.Group"]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(alts("Sites.Read.All (see note)"), [["Sites.Read.All"]]);
        assert_eq!(read_cell(&tokenize("Not supported.")), Cell::Unsupported);
        assert_eq!(read_cell(&tokenize("Not applicable")), Cell::Unsupported);
        assert!(alts("None.").is_empty());
        assert!(matches!(
            read_cell(&tokenize("Role required to create subscription or Subscription.Read.All")),
            Cell::Unreadable(w) if w.starts_with("Role required to create subscription or")
        ));
    }

    #[test]
    fn labelled_parts() {
        let parts = labelled_cells(
            "In teams: TeamMember.ReadWrite.All In channels: ChannelMember.ReadWrite.All",
        );
        let labels: Vec<Option<&str>> = parts.iter().map(|(l, _)| l.as_deref()).collect();
        assert_eq!(labels, [Some("In teams"), Some("In channels")]);
        assert!(
            matches!(&parts[1].1, Cell::Scopes { alternatives, .. } if alternatives == &[["ChannelMember.ReadWrite.All"]])
        );
        let parts = labelled_cells("For user or chat resource: Not supported. For channel resource: TeamMember.Read.Group*");
        assert_eq!(
            parts[0],
            (
                Some("For user or chat resource".to_string()),
                Cell::Unsupported
            )
        );
        assert_eq!(parts[1].0.as_deref(), Some("For channel resource"));
    }

    #[test]
    fn ambiguous_lists_are_told() {
        assert!(matches!(
            read_cell(&tokenize(
                "Policy.Read.All, Policy.ReadWrite.ConditionalAccess and Application.Read.All"
            )),
            Cell::Scopes {
                ambiguous: true,
                ..
            }
        ));
        assert!(matches!(
            read_cell(&tokenize(
                "Application.ReadWrite.All and Directory.Read.All, Directory.AccessAsUser.All"
            )),
            Cell::Scopes {
                ambiguous: false,
                ..
            }
        ));
    }
}
