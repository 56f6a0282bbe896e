//! `diff` over operations: one method page's call in two doc versions
//! (matched by page). Breaking for a caller: the call or one of its paths
//! removed, its method changed, a parameter removed, added as required,
//! made required or retyped, the response type changed, a permission made
//! stricter (the least privileged one dropped, or a kind of permission no
//! longer supported).

use super::diff::Change;
use crate::ir::{Ir, Operation, Permissions};
use std::collections::BTreeMap;

pub mod codes {
    pub const OPERATION_ADDED: &str = "operation-added";
    pub const OPERATION_REMOVED: &str = "operation-removed";
    pub const METHOD_CHANGED: &str = "method-changed";
    pub const PATH_ADDED: &str = "path-added";
    pub const PATH_REMOVED: &str = "path-removed";
    pub const PARAMETER_ADDED: &str = "parameter-added";
    pub const PARAMETER_REMOVED: &str = "parameter-removed";
    pub const PARAMETER_MADE_REQUIRED: &str = "parameter-made-required";
    pub const PARAMETER_TYPE_CHANGED: &str = "parameter-type-changed";
    pub const RESPONSE_CHANGED: &str = "response-changed";
    pub const PERMISSION_STRICTER: &str = "permission-stricter";
    pub const PERMISSION_RELAXED: &str = "permission-relaxed";
}

fn by_page(ir: &Ir) -> BTreeMap<String, &Operation> {
    ir.operations
        .iter()
        .map(|o| (o.source.path.to_ascii_lowercase(), o))
        .collect()
}

fn show(t: &str, collection: bool) -> String {
    if collection {
        format!("{t} collection")
    } else {
        t.to_string()
    }
}

pub fn diff_operations(old: &Ir, new: &Ir) -> Vec<Change> {
    let (a, b) = (by_page(old), by_page(new));
    let mut changes = Vec::new();
    for (key, o) in &a {
        match b.get(key) {
            None => changes.push(change(
                codes::OPERATION_REMOVED,
                true,
                o,
                None,
                format!("`{}` removed", o.name),
            )),
            Some(n) => compare(o, n, &mut changes),
        }
    }
    for (key, n) in &b {
        if !a.contains_key(key) {
            changes.push(change(
                codes::OPERATION_ADDED,
                false,
                n,
                None,
                format!("`{}` added", n.name),
            ));
        }
    }
    changes
}

fn change(
    code: &'static str,
    breaking: bool,
    op: &Operation,
    member: Option<&str>,
    message: String,
) -> Change {
    Change {
        code,
        breaking,
        type_name: op.name.clone(),
        member: member.map(str::to_string),
        message,
        path: op.source.path.clone(),
        line: op.source.line,
    }
}

fn compare(o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    if o.method != n.method {
        out.push(change(
            codes::METHOD_CHANGED,
            true,
            n,
            None,
            format!("`{}` changed from {} to {}", n.name, o.method, n.method),
        ));
    }
    for p in o.paths.iter().filter(|p| !n.paths.contains(p)) {
        out.push(change(
            codes::PATH_REMOVED,
            true,
            n,
            Some(p),
            format!("path `{p}` removed"),
        ));
    }
    for p in n.paths.iter().filter(|p| !o.paths.contains(p)) {
        out.push(change(
            codes::PATH_ADDED,
            false,
            n,
            Some(p),
            format!("path `{p}` added"),
        ));
    }
    for p in &o.parameters {
        match n.parameters.iter().find(|q| q.name == p.name) {
            None => out.push(change(
                codes::PARAMETER_REMOVED,
                true,
                n,
                Some(&p.name),
                format!("parameter `{}` removed", p.name),
            )),
            Some(q) => {
                if (&p.type_name, p.collection) != (&q.type_name, q.collection) {
                    out.push(change(
                        codes::PARAMETER_TYPE_CHANGED,
                        true,
                        n,
                        Some(&p.name),
                        format!(
                            "parameter `{}` changed from {} to {}",
                            p.name,
                            show(&p.type_name, p.collection),
                            show(&q.type_name, q.collection)
                        ),
                    ));
                }
                if p.nullable && !q.nullable {
                    out.push(change(
                        codes::PARAMETER_MADE_REQUIRED,
                        true,
                        n,
                        Some(&p.name),
                        format!("parameter `{}` is now required", p.name),
                    ));
                }
            }
        }
    }
    for q in n
        .parameters
        .iter()
        .filter(|q| !o.parameters.iter().any(|p| p.name == q.name))
    {
        let required = if q.nullable { "optional" } else { "required" };
        out.push(change(
            codes::PARAMETER_ADDED,
            !q.nullable,
            n,
            Some(&q.name),
            format!("{required} parameter `{}` added", q.name),
        ));
    }
    let returns = |op: &Operation| {
        op.responses
            .first()
            .map(|r| (r.type_name.clone(), r.collection))
    };
    if returns(o) != returns(n) {
        let words = |r: Option<(Option<String>, bool)>| match r {
            Some((Some(t), c)) => show(&t, c),
            _ => "nothing".to_string(),
        };
        out.push(change(
            codes::RESPONSE_CHANGED,
            true,
            n,
            None,
            format!(
                "`{}` now returns {} (was {})",
                n.name,
                words(returns(n)),
                words(returns(o))
            ),
        ));
    }
    permissions(o, n, out);
}

fn permissions(o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    let kinds = |p: &Permissions| {
        [
            (
                "delegated (work or school account)",
                p.delegated_work.clone(),
            ),
            (
                "delegated (personal Microsoft account)",
                p.delegated_personal.clone(),
            ),
            ("application", p.application.clone()),
        ]
    };
    for ((kind, before), (_, after)) in kinds(&o.permissions).into_iter().zip(kinds(&n.permissions))
    {
        if before == after {
            continue;
        }
        // Stricter: what used to be enough (the least privileged) no
        // longer is, or the kind is no longer supported at all.
        let stricter = before.first().is_some_and(|least| !after.contains(least));
        let (code, word) = if stricter {
            (codes::PERMISSION_STRICTER, "stricter")
        } else {
            (codes::PERMISSION_RELAXED, "changed")
        };
        out.push(change(
            code,
            stricter,
            n,
            Some(kind),
            format!(
                "{kind} permissions {word}: [{}] → [{}]",
                before.join(", "),
                after.join(", ")
            ),
        ));
    }
}
