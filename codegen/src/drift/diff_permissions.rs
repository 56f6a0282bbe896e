//! `diff` of a call's permissions. An entry is matched by what it applies
//! to; within it, each kind's alternatives. Stricter (breaking): the kind
//! is no longer supported, or none of the old alternatives is still enough
//! (no new alternative needs only scopes an old one had). Anything else
//! that changes says what was added, removed or replaced.

use super::diff::Change;
use super::diff_ops::{change, codes};
use crate::ir::{Grant, Operation, Permissions};

pub fn compare(o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    for new in &n.permissions {
        let old = o
            .permissions
            .iter()
            .find(|p| same_entry(p, new))
            .or_else(|| {
                (o.permissions.len() == 1 && n.permissions.len() == 1).then(|| &o.permissions[0])
            });
        let Some(old) = old else {
            continue;
        };
        for (kind, before, after) in kinds(old, new) {
            if before == after {
                continue;
            }
            let what = match &new.applies_to {
                Some(a) => format!("{kind} permissions for {a}"),
                None => format!("{kind} permissions"),
            };
            if let Some((stricter, message)) = grant_change(&what, before, after) {
                let code = if stricter {
                    codes::PERMISSION_STRICTER
                } else {
                    codes::PERMISSION_RELAXED
                };
                let mut c = change(code, stricter, n, Some(kind), message);
                c.path = new.source.path.clone();
                // At the kind's row where the page says (the table otherwise).
                c.line = after.map_or(new.source.line, |g| g.line.max(1).max(new.source.line));
                out.push(c);
            }
        }
    }
}

fn same_entry(a: &Permissions, b: &Permissions) -> bool {
    match (&a.applies_to, &b.applies_to) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        (None, None) => true,
        _ => false,
    }
}

fn kinds<'p>(
    a: &'p Permissions,
    b: &'p Permissions,
) -> [(&'static str, Option<&'p Grant>, Option<&'p Grant>); 3] {
    [
        (
            "delegated (work or school account)",
            a.delegated_work.as_ref(),
            b.delegated_work.as_ref(),
        ),
        (
            "delegated (personal Microsoft account)",
            a.delegated_personal.as_ref(),
            b.delegated_personal.as_ref(),
        ),
        (
            "application",
            a.application.as_ref(),
            b.application.as_ref(),
        ),
    ]
}

/// `A and B, C`.
pub fn show(g: &Grant) -> String {
    if !g.supported {
        return "not supported".to_string();
    }
    if g.alternatives.is_empty() {
        return "none needed".to_string();
    }
    g.alternatives
        .iter()
        .map(|a| a.join(" and "))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether an alternative is enough where `held` was: it needs no scope
/// `held` lacks.
fn covered_by(alternative: &[String], held: &[String]) -> bool {
    alternative
        .iter()
        .all(|s| held.iter().any(|h| h.eq_ignore_ascii_case(s)))
}

/// Whether two scopes are one spelt otherwise: the same resource (before
/// the first `.`), the rest at most two letters apart
/// (`DeviceManagementManagedDevices.PrivilegedOperations.All`,
/// `DeviceManagementManagedDevices.PriviligedOperation.All`). Scopes of
/// one resource that differ in meaning differ more (`Mail.Read`,
/// `Mail.Send`; `User.Read`, `User.Read.All`).
fn respelled(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    match (a.split_once('.'), b.split_once('.')) {
        (Some((ra, x)), Some((rb, y))) => {
            a != b && ra == rb && x.len().min(y.len()) >= 6 && strsim::levenshtein(x, y) <= 2
        }
        _ => false,
    }
}

/// `covered_by`, a misspelt scope taken for the scope it misspells.
fn covered_by_spelling(alternative: &[String], held: &[String]) -> bool {
    alternative.iter().all(|s| {
        held.iter()
            .any(|h| h.eq_ignore_ascii_case(s) || respelled(h, s))
    })
}

/// (stricter, message) for a kind whose grant changed; `None` where the
/// change is one of reading (a cell read in one version only).
fn grant_change(
    what: &str,
    before: Option<&Grant>,
    after: Option<&Grant>,
) -> Option<(bool, String)> {
    let (Some(before), Some(after)) = (before, after) else {
        return None;
    };
    if before.supported && !after.supported {
        return Some((
            true,
            format!("{what} no longer supported (was {})", show(before)),
        ));
    }
    if !before.supported {
        return Some((false, format!("{what} now supported: {}", show(after))));
    }
    let still_enough = before
        .alternatives
        .iter()
        .any(|held| after.alternatives.iter().any(|a| covered_by(a, held)))
        || after.alternatives.is_empty();
    let removed: Vec<String> = listed_only_in(before, after);
    let added: Vec<String> = listed_only_in(after, before);
    let detail = match (removed.is_empty(), added.is_empty()) {
        (false, false) => format!("{} replaced by {}", removed.join(", "), added.join(", ")),
        (false, true) => format!("{} removed", removed.join(", ")),
        (true, false) => format!("{} added", added.join(", ")),
        (true, true) => "reordered".to_string(),
    };
    let misspelt = !still_enough
        && before.alternatives.iter().any(|held| {
            after
                .alternatives
                .iter()
                .any(|a| covered_by_spelling(a, held))
        });
    if misspelt {
        return Some((
            false,
            format!("{what} changed: {detail}; the same scope spelt otherwise (a misspelling?), not stricter"),
        ));
    }
    if !still_enough && !before.alternatives.is_empty() {
        return Some((
            true,
            format!(
                "{what} stricter, no old alternative is enough: {detail} (now {})",
                show(after)
            ),
        ));
    }
    if removed.is_empty() && added.is_empty() && before.least_privileged == after.least_privileged {
        // The same alternatives in another order: no change to a caller.
        return None;
    }
    Some((false, format!("{what} changed: {detail}")))
}

/// The alternatives of `a` that `b` does not list, written out.
fn listed_only_in(a: &Grant, b: &Grant) -> Vec<String> {
    a.alternatives
        .iter()
        .filter(|x| {
            !b.alternatives
                .iter()
                .any(|y| y.len() == x.len() && covered_by(y, x))
        })
        .map(|x| format!("`{}`", x.join(" and ")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(alts: &[&[&str]]) -> Grant {
        Grant {
            supported: true,
            alternatives: alts
                .iter()
                .map(|a| a.iter().map(|s| s.to_string()).collect())
                .collect(),
            least_privileged: 1,
            marked: Vec::new(),
            line: 0,
        }
    }

    #[test]
    fn stricter_only_where_no_old_alternative_is_enough() {
        let before = grant(&[&["User.Read"], &["User.ReadWrite"]]);
        let replaced = grant(&[&["User.ReadBasic.All"], &["User.ReadWrite"]]);
        let (stricter, message) = grant_change("x", Some(&before), Some(&replaced)).unwrap();
        assert!(!stricter, "{message}");
        assert!(
            message.contains("`User.Read` replaced by `User.ReadBasic.All`"),
            "{message}"
        );
        let gone = grant(&[&["Directory.Read.All"]]);
        assert!(grant_change("x", Some(&before), Some(&gone)).unwrap().0);
        let both = grant(&[&["User.Read", "Directory.Read.All"]]);
        assert!(grant_change("x", Some(&before), Some(&both)).unwrap().0);
        assert!(
            grant_change("x", Some(&before), Some(&Grant::unsupported()))
                .unwrap()
                .0
        );
        assert_eq!(grant_change("x", Some(&before), None), None);
    }

    #[test]
    fn a_scope_misspelt_is_not_stricter() {
        let before = grant(&[&["DeviceManagementManagedDevices.PrivilegedOperations.All"]]);
        let misspelt = grant(&[&["DeviceManagementManagedDevices.PriviligedOperation.All"]]);
        let (stricter, message) = grant_change("x", Some(&before), Some(&misspelt)).unwrap();
        assert!(!stricter, "{message}");
        assert!(message.contains("misspelling"), "{message}");
        // Another scope of the same resource is another permission.
        let read = grant(&[&["Mail.Read"]]);
        assert!(
            grant_change("x", Some(&read), Some(&grant(&[&["Mail.Send"]])))
                .unwrap()
                .0
        );
        let sites = grant(&[&["Sites.ReadWrite.All"]]);
        assert!(
            grant_change("x", Some(&sites), Some(&grant(&[&["Sites.Manage.All"]])))
                .unwrap()
                .0
        );
    }
}
