//! `verify` over operations: the method pages' actions and functions
//! against the metadata's. Reported at the method page (or, for a call the
//! metadata binds to a documented type but no page documents, at that
//! type's page).

use super::verify::CsdlType;
use crate::diag::{Diagnostic, Severity};
use crate::ir::{BindingKind, Ir, Operation, TypeLookup};
use std::collections::{BTreeSet, HashMap};

pub mod codes {
    pub const OPERATION_NOT_IN_METADATA: &str = "operation-not-in-metadata";
    pub const OPERATION_UNDOCUMENTED: &str = "operation-undocumented";
    pub const OPERATION_KIND_MISMATCH: &str = "operation-kind-mismatch";
    pub const PARAMETER_MISSING_FROM_PAGE: &str = "parameter-missing-from-page";
    pub const PARAMETER_NOT_IN_METADATA: &str = "parameter-not-in-metadata";
    pub const PARAMETER_TYPE_MISMATCH: &str = "parameter-type-mismatch";
    pub const RETURN_TYPE_MISMATCH: &str = "return-type-mismatch";
}

#[derive(Debug, Clone)]
pub struct CsdlParameter {
    pub name: String,
    pub type_name: String,
    pub collection: bool,
}

#[derive(Debug, Clone)]
pub struct CsdlOperation {
    pub kind: BindingKind,
    pub qualified: String,
    pub bound_to: Option<String>,
    pub bound_collection: bool,
    pub parameters: Vec<CsdlParameter>,
    pub returns: Option<(String, bool)>,
}

/// Reads the bound and unbound actions and functions of a CSDL document.
pub fn read_csdl_operations(text: &str) -> Result<Vec<CsdlOperation>, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
    let (schemas, aliases) = super::verify::schemas(&doc);
    let mut out = Vec::new();
    for schema in &schemas {
        let Some(namespace) = schema.attribute("Namespace") else {
            continue;
        };
        for el in schema.children().filter(|n| n.is_element()) {
            let kind = match el.tag_name().name() {
                "Action" => BindingKind::Action,
                "Function" => BindingKind::Function,
                _ => continue,
            };
            let Some(name) = el.attribute("Name") else {
                continue;
            };
            let mut parameters: Vec<CsdlParameter> = el
                .children()
                .filter(|c| c.has_tag_name("Parameter"))
                .filter_map(|c| {
                    let (type_name, collection) =
                        super::verify::qualify(c.attribute("Type")?, &aliases);
                    Some(CsdlParameter {
                        name: c.attribute("Name")?.to_string(),
                        type_name,
                        collection,
                    })
                })
                .collect();
            let bound = el.attribute("IsBound") == Some("true") && !parameters.is_empty();
            let binding = bound.then(|| parameters.remove(0));
            let returns = el
                .children()
                .find(|c| c.has_tag_name("ReturnType"))
                .and_then(|r| r.attribute("Type"))
                .map(|t| super::verify::qualify(t, &aliases));
            out.push(CsdlOperation {
                kind,
                qualified: format!("{namespace}.{name}"),
                bound_collection: binding.as_ref().is_some_and(|b| b.collection),
                bound_to: binding.map(|b| b.type_name),
                parameters,
                returns,
            });
        }
    }
    Ok(out)
}

fn show(t: &str, collection: bool) -> String {
    if collection {
        format!("{t} collection")
    } else {
        t.to_string()
    }
}

/// Compares the IR's bound operations with the metadata's.
pub fn verify_operations(ir: &Ir, csdl: &[CsdlType], ops: &[CsdlOperation]) -> Vec<Diagnostic> {
    let types = TypeLookup::new(&ir.types);
    let bases: HashMap<String, String> = csdl
        .iter()
        .filter_map(|t| {
            Some((
                t.qualified.to_ascii_lowercase(),
                t.base.clone()?.to_ascii_lowercase(),
            ))
        })
        .collect();
    let mut by_key: HashMap<(String, String), Vec<&CsdlOperation>> = HashMap::new();
    for op in ops {
        let bound = op.bound_to.as_deref().unwrap_or("").to_ascii_lowercase();
        by_key
            .entry((op.qualified.to_ascii_lowercase(), bound))
            .or_default()
            .push(op);
    }
    let mut out = Vec::new();
    let mut documented: BTreeSet<(String, String)> = BTreeSet::new();
    for op in &ir.operations {
        let Some(b) = &op.binding else {
            documented_by_examples(op, &mut documented);
            continue;
        };
        // A page whose examples call another name than its HTTP request
        // block contradicts itself: lint reports it; the name its examples
        // call counts as documented.
        if let Some((called, _)) = super::examples::examples_call_another(op) {
            let bound = b.bound_to.as_deref().unwrap_or("").to_ascii_lowercase();
            for t in std::iter::once(bound.clone()).chain(bases.get(&bound).cloned()) {
                documented.insert((format!("{}.{called}", b.namespace).to_ascii_lowercase(), t));
            }
            continue;
        }
        let name = format!("{}.{}", b.namespace, b.name).to_ascii_lowercase();
        // Documented on a derived type is right: walk up the bound type.
        let mut bound = b.bound_to.as_deref().unwrap_or("").to_ascii_lowercase();
        let mut seen = BTreeSet::new();
        let found = loop {
            if let Some(c) = by_key.get(&(name.clone(), bound.clone())) {
                break Some(c);
            }
            match bases.get(&bound) {
                Some(base) if seen.insert(bound.clone()) => bound = base.clone(),
                _ => break None,
            }
        };
        let Some(candidates) = found else {
            out.push(finding(
                op,
                codes::OPERATION_NOT_IN_METADATA,
                format!(
                    "{:?} `{}` bound to `{}` is not in the metadata",
                    b.kind,
                    b.name,
                    b.bound_to.as_deref().unwrap_or("nothing")
                )
                .to_lowercase(),
            ));
            continue;
        };
        documented.insert((name.clone(), bound));
        // Overloads: compare with the one sharing most parameter names.
        let names: BTreeSet<String> = op
            .parameters
            .iter()
            .map(|p| p.name.to_ascii_lowercase())
            .collect();
        let Some(best) = candidates.iter().max_by_key(|c| {
            c.parameters
                .iter()
                .filter(|p| names.contains(&p.name.to_ascii_lowercase()))
                .count()
        }) else {
            continue;
        };
        let derived = Derived {
            pages: &types,
            metadata: &bases,
        };
        compare(op, best, &derived, &mut out);
    }
    undocumented(ir, ops, &documented, &mut out);
    out
}

/// A page whose HTTP request block names no bound call but whose request
/// examples all call one on the collection it returns (`POST
/// .../worksheets/` above, `POST .../worksheets/add` in the examples): lint
/// reports the page's contradiction; the call counts as documented.
fn documented_by_examples(op: &Operation, documented: &mut BTreeSet<(String, String)>) {
    let Some((called, _)) = super::examples::examples_call_another(op) else {
        return;
    };
    let Some(returned) = op.responses.first().and_then(|r| r.type_name.as_deref()) else {
        return;
    };
    let namespace = returned.rsplit_once('.').map_or("", |(ns, _)| ns);
    documented.insert((
        format!("{namespace}.{called}").to_ascii_lowercase(),
        returned.to_ascii_lowercase(),
    ));
}

fn finding(op: &Operation, code: &str, message: String) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        code,
        &op.source.path,
        op.source.line,
        message,
    )
}

/// What derives from what, as the pages say and as the metadata says: a
/// page may name a type the metadata derives from the one it names, though
/// no page says so (`mediaPrompt` for the abstract `prompt`).
struct Derived<'a> {
    pages: &'a TypeLookup<'a>,
    metadata: &'a HashMap<String, String>,
}

impl Derived<'_> {
    fn is_a(&self, derived: &str, base: &str) -> bool {
        if self.pages.is_a(derived, base) {
            return true;
        }
        let wanted = base.to_ascii_lowercase();
        let mut at = derived.to_ascii_lowercase();
        for _ in 0..64 {
            if at == wanted {
                return true;
            }
            match self.metadata.get(&at) {
                Some(next) => at = next.clone(),
                None => return false,
            }
        }
        false
    }
}

fn compare(op: &Operation, c: &CsdlOperation, types: &Derived, out: &mut Vec<Diagnostic>) {
    if let Some(b) = &op.binding {
        if b.kind != c.kind {
            out.push(finding(
                op,
                codes::OPERATION_KIND_MISMATCH,
                format!(
                    "`{}` is documented as {:?} but the metadata has {:?}",
                    b.name, b.kind, c.kind
                )
                .to_lowercase(),
            ));
        }
    }
    compare_parameters(op, c, types, out);
    compare_return(op, c, out);
}

fn compare_parameters(
    op: &Operation,
    c: &CsdlOperation,
    types: &Derived,
    out: &mut Vec<Diagnostic>,
) {
    for p in &c.parameters {
        match op
            .parameters
            .iter()
            .find(|q| q.name.eq_ignore_ascii_case(&p.name))
        {
            None => out.push(finding(
                op,
                codes::PARAMETER_MISSING_FROM_PAGE,
                format!(
                    "parameter `{}` ({}) is in the metadata but not on the page",
                    p.name,
                    show(&p.type_name, p.collection)
                ),
            )),
            // A type read from an example value is no documented type; a
            // derived type where the metadata names its base narrows it.
            Some(q)
                if !q.type_guessed
                    && (!types.is_a(&q.type_name, &p.type_name)
                        || q.collection != p.collection) =>
            {
                out.push(Diagnostic::new(
                    Severity::Warning,
                    codes::PARAMETER_TYPE_MISMATCH,
                    &q.source.path,
                    q.source.line,
                    format!(
                        "parameter `{}` is {} on the page but {} in the metadata",
                        q.name,
                        show(&q.type_name, q.collection),
                        show(&p.type_name, p.collection)
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    for q in &op.parameters {
        if !c
            .parameters
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(&q.name))
        {
            out.push(Diagnostic::new(
                Severity::Warning,
                codes::PARAMETER_NOT_IN_METADATA,
                &q.source.path,
                q.source.line,
                format!("parameter `{}` is not in the metadata", q.name),
            ));
        }
    }
}

fn compare_return(op: &Operation, c: &CsdlOperation, out: &mut Vec<Diagnostic>) {
    let page = op
        .responses
        .first()
        .and_then(|r| Some((r.type_name.clone()?, r.collection)));
    let same = match (&page, &c.returns) {
        (None, None) => true,
        (Some((a, ac)), Some((b, bc))) => a.eq_ignore_ascii_case(b) && ac == bc,
        _ => false,
    };
    if !same {
        let words = |r: &Option<(String, bool)>| {
            r.as_ref()
                .map_or("nothing".to_string(), |(t, c)| show(t, *c))
        };
        out.push(finding(
            op,
            codes::RETURN_TYPE_MISMATCH,
            format!(
                "returns {} on the page but {} in the metadata",
                words(&page),
                words(&c.returns)
            ),
        ));
    }
}

/// Calls the metadata binds to a type the pages document, that no method
/// page documents (reported at the type's page).
fn undocumented(
    ir: &Ir,
    ops: &[CsdlOperation],
    documented: &BTreeSet<(String, String)>,
    out: &mut Vec<Diagnostic>,
) {
    if ir.operations.is_empty() {
        return; // no method pages were read: nothing to compare
    }
    let types: HashMap<String, &crate::ir::TypeDef> = ir
        .types
        .iter()
        .map(|t| (t.qualified_name().to_ascii_lowercase(), t))
        .collect();
    for op in ops {
        let Some(bound) = &op.bound_to else { continue };
        let Some(t) = types.get(&bound.to_ascii_lowercase()) else {
            continue;
        };
        let key = (
            op.qualified.to_ascii_lowercase(),
            bound.to_ascii_lowercase(),
        );
        if !documented.contains(&key) {
            out.push(Diagnostic::new(
                Severity::Warning,
                codes::OPERATION_UNDOCUMENTED,
                &t.source.path,
                t.source.line,
                format!(
                    "the metadata has {:?} `{}` bound to {}, which no method page documents",
                    op.kind,
                    op.qualified,
                    show(bound, op.bound_collection)
                )
                .replace("Action", "action")
                .replace("Function", "function"),
            ));
        }
    }
}
