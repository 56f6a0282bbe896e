//! The permissions paragraph of a call's rustdoc: what the page says,
//! least privileged first where the page marks them, conjunctions written
//! out, and "not supported" only where the page says so.

use crate::ir::{Grant, Permissions};

/// A markdown list: one item per kind, under one per entry where the page
/// has several.
pub fn permissions_doc(entries: &[Permissions]) -> String {
    if entries.is_empty() {
        return "Permissions: the page has no Permissions section.".to_string();
    }
    let mut out = String::from("Permissions:");
    for entry in entries {
        let indent = match &entry.applies_to {
            Some(what) => {
                out.push_str(&format!("\n- {}:", what.replace('`', "'")));
                "  "
            }
            None => "",
        };
        for (kind, grant) in [
            ("Delegated (work or school account)", &entry.delegated_work),
            (
                "Delegated (personal Microsoft account)",
                &entry.delegated_personal,
            ),
            ("Application", &entry.application),
        ] {
            out.push_str(&format!(
                "\n{indent}- {kind}: {}",
                grant_doc(grant.as_ref())
            ));
        }
    }
    out
}

fn grant_doc(grant: Option<&Grant>) -> String {
    let Some(g) = grant else {
        return "not readable on the page".to_string();
    };
    if !g.supported {
        return "not supported".to_string();
    }
    if g.alternatives.is_empty() {
        return "no permission needed".to_string();
    }
    let scope = |s: &String| {
        let mark = if g.marked.contains(s) { "\\*" } else { "" };
        format!("`{s}`{mark}")
    };
    let alternative = |a: &Vec<String>| match a.as_slice() {
        [one] => scope(one),
        all => format!(
            "{} together",
            all.iter().map(scope).collect::<Vec<_>>().join(" and ")
        ),
    };
    let least: Vec<String> = g.alternatives[..g.least_privileged.min(g.alternatives.len())]
        .iter()
        .map(alternative)
        .collect();
    let rest: Vec<String> = g.alternatives[least.len()..]
        .iter()
        .map(alternative)
        .collect();
    let any_of = |items: &[String]| match items {
        [one] => one.clone(),
        many => format!("one of {}", many.join(", ")),
    };
    match (least.is_empty(), rest.is_empty()) {
        (true, _) => any_of(&rest),
        (false, true) => format!("{} (least privileged)", least.join(", or ")),
        (false, false) => format!(
            "{} (least privileged); or {}",
            least.join(", or "),
            any_of(&rest)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_first_conjunctions_and_unread_kinds() {
        let entry = Permissions {
            delegated_work: Some(Grant {
                supported: true,
                alternatives: vec![
                    vec!["AuditLog.Read.All".into(), "Directory.Read.All".into()],
                    vec!["Directory.ReadWrite.All".into()],
                ],
                least_privileged: 1,
                marked: Vec::new(),
                line: 0,
            }),
            delegated_personal: Some(Grant::unsupported()),
            application: None,
            ..Permissions::default()
        };
        let doc = permissions_doc(&[entry]);
        assert_eq!(
            doc,
            "Permissions:\n- Delegated (work or school account): `AuditLog.Read.All` and `Directory.Read.All` together (least privileged); or `Directory.ReadWrite.All`\n- Delegated (personal Microsoft account): not supported\n- Application: not readable on the page"
        );
    }
}
