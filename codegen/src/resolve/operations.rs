//! Method pages' calls → IR operations. Types named on a method page resolve
//! through the resource pages as property types do; whether a call is an
//! OData action or function, and what it is bound to, comes from the heading
//! (`call: playPrompt`) and from what the path before its last segment
//! addresses (see `paths`).

use super::index::{Context, Index};
use super::paths::{segments, Addressed, PathTypes, Segment};
use super::split;
use crate::diag::{codes, Diagnostic};
use crate::extract::{BodyKind, PageDecls, RawOperation, RawParam};
use crate::ir::{
    Binding, BindingKind, Example, ExampleKind, Operation, Parameter, RequestBody, Response,
    Source, TypeDef, TypeLookup,
};
use crate::typeref::{TypeRef, TypeSpec};
use std::borrow::Cow;
use std::collections::HashSet;

/// A raw operation with what resolving it needs beside. A page's call
/// split into several (`split`) is owned; the others are borrowed.
struct Pending<'d> {
    path: &'d str,
    raw: Cow<'d, RawOperation>,
    response: Option<Response>,
    /// The Response prose named the type (not only the example).
    response_named: bool,
}

pub fn resolve_operations(
    decls: &[PageDecls],
    index: &Index,
    types: &[TypeDef],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Operation> {
    let lookup = TypeLookup::new(types);
    // Pages that declare no type: links to them are not type links.
    let pages: HashSet<String> = decls
        .iter()
        .filter(|d| d.types.is_empty())
        .map(|d| crate::page::page_stem(&d.path))
        .collect();
    let pending: Vec<Pending> = decls
        .iter()
        .flat_map(|p| p.operations.iter().map(move |o| (p.path.as_str(), o)))
        .filter(|(_, o)| !o.requests.is_empty())
        .flat_map(|(path, raw)| {
            let (response, response_named) = response(index, &lookup, &pages, path, raw, diags);
            let calls: Vec<Cow<RawOperation>> = match split::calls(raw) {
                Some(calls) => calls.into_iter().map(Cow::Owned).collect(),
                None => vec![Cow::Borrowed(raw)],
            };
            calls.into_iter().map(move |raw| Pending {
                path,
                raw,
                response: response.clone(),
                response_named,
            })
        })
        .collect();
    let mut paths = PathTypes::new(TypeLookup::new(types));
    learn_paths(&pending, &mut paths);
    paths.reconcile();
    // Bound calls return types a later path may walk through
    // (`range(address=...)/format`): bind once, learn those, bind again.
    let mut quiet = Vec::new();
    for p in &pending {
        if let (Some(b), Some(r)) = (binding(index, &paths, p, &mut quiet), &p.response) {
            if let (Some(bound), Some(t)) = (&b.bound_to, &r.type_name) {
                paths.learn_bound(bound, &b.name, (t.clone(), r.collection));
            }
        }
    }
    let pending: Vec<Pending> = pending
        .into_iter()
        .flat_map(|p| split_bindings(index, &paths, p))
        .collect();
    pending
        .iter()
        .map(|p| {
            let binding = binding(index, &paths, p, diags);
            assemble(index, &paths, p, binding, diags)
        })
        .collect()
}

/// One call per binding, where a page's paths address types that bind
/// the call differently (see `split::by_binding`).
fn split_bindings<'d>(index: &Index, paths: &PathTypes, p: Pending<'d>) -> Vec<Pending<'d>> {
    let mut quiet = Vec::new();
    let Some(name) = binding(index, paths, &p, &mut quiet).map(|b| b.name) else {
        return vec![p];
    };
    let address = |path: &str| {
        let segs = segments(path);
        let (_, before) = segs.split_last()?;
        paths.address(before).map(|(t, _)| t)
    };
    let is_a = |t: &str, base: &str| paths.types.is_a(t, base);
    let bind = |raw: &RawOperation| {
        let sub = Pending {
            path: p.path,
            raw: Cow::Borrowed(raw),
            response: p.response.clone(),
            response_named: p.response_named,
        };
        let b = binding(index, paths, &sub, &mut Vec::new())?;
        Some((b.bound_to?, b.collection))
    };
    match split::by_binding(&p.raw, &name, address, is_a, bind) {
        Some(calls) => calls
            .into_iter()
            .map(|raw| Pending {
                path: p.path,
                raw: Cow::Owned(raw),
                response: p.response.clone(),
                response_named: p.response_named,
            })
            .collect(),
        None => vec![p],
    }
}

/// What `GET` of a path returns, and what a create `POST` adds to.
fn learn_paths(pending: &[Pending], paths: &mut PathTypes) {
    for p in pending {
        let Some(Response {
            type_name: Some(t),
            collection,
            ..
        }) = &p.response
        else {
            continue;
        };
        for r in &p.raw.requests {
            let segs = segments(&r.path);
            let is_call = matches!(segs.last(), Some(Segment::Name { name, args })
                if args.is_some() || p.raw.heading_op.as_deref().is_some_and(|h| h.eq_ignore_ascii_case(name)));
            if r.method == "GET" && !is_call && !r.has_query && !t.starts_with("Edm.") {
                // A path that ends in a key addresses one entity.
                let keyed = matches!(segs.last(), Some(Segment::Key));
                paths.learn(&r.path, (t.clone(), *collection && !keyed));
            }
        }
    }
    for p in pending {
        let Some(Response {
            status: 201,
            type_name: Some(t),
            collection: false,
        }) = &p.response
        else {
            continue;
        };
        for r in p.raw.requests.iter().filter(|r| r.method == "POST") {
            paths.learn(&r.path, (t.clone(), true));
        }
    }
}

fn context<'c>(p: &'c Pending) -> Context<'c> {
    Context {
        path: p.path,
        namespace: &p.raw.namespace,
    }
}

/// The response: status and type from the Response section, checked
/// against the response example's annotation.
fn response(
    index: &Index,
    lookup: &TypeLookup,
    pages: &HashSet<String>,
    path: &str,
    raw: &RawOperation,
    diags: &mut Vec<Diagnostic>,
) -> (Option<Response>, bool) {
    let ctx = Context {
        path,
        namespace: &raw.namespace,
    };
    let example = raw
        .examples
        .iter()
        .find(|e| e.kind == ExampleKind::Response);
    let prose = raw.response.as_ref();
    let status = prose
        .and_then(|r| r.status)
        .or_else(|| example.and_then(|e| e.status))
        .unwrap_or(if prose.is_some_and(|r| r.no_content) {
            204
        } else {
            200
        });
    let mut from_prose = None;
    if let Some(r) = prose {
        for spec in &r.types {
            match index.resolve_quiet(&spec.target, &ctx) {
                Some(t) => {
                    from_prose = Some((t, spec.collection));
                    break;
                }
                None => {
                    if let TypeRef::Link { dest, .. } = &spec.target {
                        // A link to a page of the input that declares no
                        // type (error codes, an overview) is prose.
                        let prose_page = pages.contains(&crate::page::page_stem(dest));
                        if dest.to_ascii_lowercase().contains("resources/") && !prose_page {
                            diags.push(Diagnostic::warning(
                                codes::UNRESOLVED_RESPONSE_TYPE,
                                path,
                                r.line,
                                format!("response type link `{dest}` names no type of the input"),
                            ));
                        }
                    }
                }
            }
        }
    }
    let from_prose_named = from_prose.is_some();
    let from_example = example.and_then(|e| example_type(index, &ctx, e));
    let no_body = status == 204 || prose.is_some_and(|r| r.no_content && r.types.is_empty());
    let chosen = if no_body {
        None
    } else {
        // An example of a type derived from the documented one shows one
        // form of it: no contradiction.
        let derived = |p: &Addressed, e: &Addressed| p.1 == e.1 && lookup.is_a(&e.0, &p.0);
        match (from_prose, from_example) {
            (Some(p), Some(e)) if !same_type(&p, &e) && !derived(&p, &e) => {
                // The example's payload is the better witness of whether a
                // collection comes back (a `value` array); the section's
                // link, of the type.
                let collection = example
                    .and_then(|e| e.body.as_deref())
                    .and_then(|b| crate::extract::parse_example_body(b).ok())
                    .map_or(p.1, |v| v.get("value").is_some_and(|v| v.is_array()));
                let line = example.map_or(raw.line, |e| e.line);
                diags.push(Diagnostic::warning(
                    codes::RESPONSE_EXAMPLE_MISMATCH,
                    path,
                    line,
                    format!(
                        "the Response section says {} but the response example says {}; {} is kept",
                        show(&p),
                        show(&e),
                        show(&(p.0.clone(), collection))
                    ),
                ));
                Some((p.0, collection))
            }
            (Some(p), _) => Some(p),
            (p, e) => p.or(e),
        }
    };
    let named = from_prose_named;
    (
        Some(Response {
            status,
            collection: chosen.as_ref().is_some_and(|c| c.1),
            type_name: chosen.map(|c| c.0),
        }),
        named,
    )
}

fn same_type(a: &Addressed, b: &Addressed) -> bool {
    a.0.eq_ignore_ascii_case(&b.0) && a.1 == b.1
}

fn show((t, collection): &Addressed) -> String {
    if *collection {
        format!("a collection of {t}")
    } else {
        t.clone()
    }
}

/// The type a response example's annotation names.
fn example_type(index: &Index, ctx: &Context, e: &Example) -> Option<Addressed> {
    let name = e.odata_type.as_deref()?.trim();
    if name.is_empty() || name.eq_ignore_ascii_case("none") {
        return None;
    }
    // `Collection(microsoft.graph.x)` says collection as `isCollection` does.
    let spec = crate::typeref::parse_type_text(name)?;
    let t = index.resolve_quiet(&spec.target, ctx)?;
    Some((t, e.is_collection || spec.collection))
}

/// Whether the call is an action or a function, and what it is bound to.
fn binding(
    index: &Index,
    paths: &PathTypes,
    p: &Pending,
    diags: &mut Vec<Diagnostic>,
) -> Option<Binding> {
    let raw: &RawOperation = &p.raw;
    let first = raw.requests.first()?;
    let segs = segments(&first.path);
    let Some(Segment::Name { name, args }) = segs.last() else {
        return None;
    };
    if name.starts_with('$') || segs.len() < 2 && args.is_none() {
        return None;
    }
    // Parentheses with arguments call a function, whatever method the
    // page shows; otherwise GET calls a function and POST an action.
    let called = args.is_some_and(|a| a.is_empty() || a.contains('='));
    let kind = match first.method.as_str() {
        _ if called => BindingKind::Function,
        "GET" => BindingKind::Function,
        "POST" => BindingKind::Action,
        _ => return None,
    };
    let (namespace, short) = match name.rsplit_once('.') {
        Some(_) if args.is_none() && paths.types.get(name).is_some() => return None,
        Some((ns, short)) => (ns.to_string(), short),
        None => (raw.namespace.clone(), *name),
    };
    // What the path before the last segment addresses, by any of the paths
    // that end in the same name.
    let prefix = raw.requests.iter().find_map(|r| {
        let segs = segments(&r.path);
        let (last, before) = segs.split_last()?;
        let same = matches!(last, Segment::Name { name: n, .. } if n.eq_ignore_ascii_case(name));
        same.then(|| paths.address(before)).flatten()
    });
    let is_property = prefix
        .as_ref()
        .is_some_and(|(t, coll)| !coll && paths.types.property(t, short).is_some());
    let named_by_heading = raw
        .heading_op
        .as_deref()
        .is_some_and(|h| h.eq_ignore_ascii_case(short));
    // Without parentheses or the heading's word, a POST to a name the
    // addressed type does not have is an action unless the page describes
    // a create (201 and a resource body); a GET needs one of those two.
    let creates = match &raw.body.kind {
        BodyKind::Resource(_) | BodyKind::Stream => true,
        BodyKind::Json => false,
        BodyKind::Nothing | BodyKind::Unknown => {
            p.response.as_ref().is_some_and(|r| r.status == 201)
        }
    };
    let unlisted_post = kind == BindingKind::Action && !creates && prefix.is_some();
    // A collection has no properties: a name after one (not a cast) calls
    // something bound to the collection (`/identityProviders/availableProviderTypes`).
    // A property of the element type after a collection is a key the page
    // forgot, not a call.
    let after_collection = prefix
        .as_ref()
        .is_some_and(|(t, coll)| *coll && paths.types.property(t, short).is_none())
        && !creates;
    let is_call =
        called || (!is_property && (named_by_heading || unlisted_post || after_collection));
    if !is_call {
        return None;
    }
    let bound_to = match raw.heading_type.as_deref() {
        Some(word) => heading_type(index, paths, p, word, prefix.as_ref(), diags),
        None => stem_type(index, paths, p, prefix.as_ref()),
    }
    .or_else(|| prefix.as_ref().map(|a| a.0.clone()));
    Some(Binding {
        kind,
        name: short.to_string(),
        namespace,
        collection: bound_to.is_some() && prefix.as_ref().is_some_and(|a| a.1),
        bound_to,
    })
}

/// The type a heading's first word names: a type name, the page of one, or
/// a name the pages spell with a prefix (`Range` for `workbookRange`).
fn heading_type(
    index: &Index,
    paths: &PathTypes,
    p: &Pending,
    word: &str,
    prefix: Option<&Addressed>,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let ctx = context(p);
    let mut candidates: Vec<String> = index
        .lookup_name(word, &p.raw.namespace)
        .into_iter()
        .chain(index.resolve_page_link(&format!("{word}.md"), &ctx))
        .collect();
    let named = !candidates.is_empty();
    let spelled = index.names_ending_with(word);
    let unique_spelling = spelled.len() == 1;
    candidates.extend(spelled);
    // Where the path says what it addresses, the word names that type or a
    // base of it; a word that names some other type is overruled by the path.
    let found = match prefix {
        Some((t, _)) => candidates
            .iter()
            .find(|c| paths.types.is_a(t, c))
            .cloned()
            .or_else(|| Some(t.clone())),
        None => candidates
            .first()
            .filter(|_| named || unique_spelling)
            .cloned(),
    };
    if found.is_some() {
        return found;
    }
    // As for a property type no page declares: the name as written,
    // qualified, with a warning beside it.
    let kept = super::index::unresolved_name(&TypeRef::Name(word.to_string()), &p.raw.namespace);
    diags.push(Diagnostic::warning(
        codes::UNKNOWN_BOUND_TYPE,
        p.path,
        p.raw.line,
        format!("`{word}` in the heading names no type of the input and the path does not say; `{kept}` is kept as written"),
    ));
    Some(kept)
}

/// Method pages are named `<type>-<call>.md`; where the heading names no
/// type, a word of the page's name that names the addressed type or one
/// derived from it says what the call is bound to
/// (`...-targetedmanagedappprotection-assign.md` on a path to a policy).
fn stem_type(
    index: &Index,
    paths: &PathTypes,
    p: &Pending,
    prefix: Option<&Addressed>,
) -> Option<String> {
    let (addressed, _) = prefix?;
    let stem = crate::page::page_stem(p.path);
    let words: Vec<&str> = stem.split('-').collect();
    let (_, before) = words.split_last()?;
    before.iter().rev().find_map(|w| {
        let t = index.lookup_name(w, &p.raw.namespace)?;
        // Exact spelling only: a page-name word is lower case.
        let exact = t.rsplit('.').next()?.eq_ignore_ascii_case(w);
        (exact && paths.types.is_a(&t, addressed)).then_some(t)
    })
}

fn assemble(
    index: &Index,
    paths: &PathTypes,
    p: &Pending,
    binding: Option<Binding>,
    diags: &mut Vec<Diagnostic>,
) -> Operation {
    let raw: &RawOperation = &p.raw;
    let ctx = context(p);
    // An action's parameters are its body table; a function's, its URL
    // tables (some pages put those under Request body too).
    let rows: &[RawParam] = match binding.as_ref().map(|b| b.kind) {
        Some(BindingKind::Action) => &raw.body.rows,
        Some(BindingKind::Function) if raw.url_params.is_empty() => &raw.body.rows,
        _ => &raw.url_params,
    };
    let mut parameters: Vec<Parameter> = rows
        .iter()
        .map(|r| parameter(index, &ctx, r, diags))
        .collect();
    match binding.as_ref().map(|b| b.kind) {
        Some(BindingKind::Function) if parameters.is_empty() => parameters = url_arguments(p),
        Some(BindingKind::Function) => quoted_strings(p, rows, &mut parameters),
        Some(BindingKind::Action)
            if raw.body.wrapper.is_some() && !raw.body.rows_are_parameters =>
        {
            parameters = wrapped_arguments(index, p, diags)
        }
        Some(BindingKind::Action) if parameters.is_empty() => parameters = json_arguments(p),
        _ => {}
    }
    let request_body = match &binding {
        Some(_) => None,
        None => request_body(index, paths, p, diags),
    };
    Operation {
        name: raw.name.clone(),
        description: raw.description.clone(),
        source: Source {
            path: p.path.to_string(),
            line: raw.line,
        },
        area: None,
        method: raw.requests[0].method.clone(),
        paths: raw.requests.iter().map(|r| r.path.clone()).collect(),
        binding,
        parameters,
        query_options: raw.query_options.clone(),
        headers: raw.headers.clone(),
        request_body,
        responses: p.response.iter().cloned().collect(),
        permissions: raw.permissions.clone(),
        examples: raw.examples.clone(),
        response_named: p.response_named,
    }
}

fn parameter(index: &Index, ctx: &Context, r: &RawParam, diags: &mut Vec<Diagnostic>) -> Parameter {
    let type_name = match &r.spec {
        Some(spec) => index.resolve(&spec.target, ctx, r.line, diags),
        None => None,
    };
    let type_name = type_name.unwrap_or_else(|| {
        diags.push(Diagnostic::warning(
            codes::UNKNOWN_TYPE,
            ctx.path,
            r.line,
            format!(
                "type `{}` of parameter `{}` names no type of the input",
                r.type_text, r.name
            ),
        ));
        match &r.spec {
            Some(spec) => super::index::unresolved_name(&spec.target, ctx.namespace),
            None => "Edm.String".to_string(),
        }
    });
    Parameter {
        name: r.name.clone(),
        type_name,
        collection: r.spec.as_ref().is_some_and(|s| s.collection),
        nullable: !r.required,
        description: r.description.clone(),
        source: Source {
            path: ctx.path.to_string(),
            line: r.line,
        },
        type_guessed: false,
    }
}

/// `string (timestamp)` names a string whose text is a timestamp; where the
/// request line writes the argument in quotes (`startDateTime='...'`), as
/// OData writes strings, the parameter is the string the cell says.
fn quoted_strings(p: &Pending, rows: &[RawParam], parameters: &mut [Parameter]) {
    for (param, row) in parameters.iter_mut().zip(rows) {
        let says_string = row
            .type_text
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("string");
        let quoted = p.raw.requests.iter().any(|r| {
            r.path
                .replace(' ', "")
                .to_ascii_lowercase()
                .contains(&format!("{}='", row.name.to_ascii_lowercase()))
        });
        if says_string && quoted && param.type_name != "Edm.String" {
            param.type_name = "Edm.String".to_string();
        }
    }
}

/// A function whose page has no parameter table: the names in its
/// request line's parentheses (`reminderView(startDateTime=...)`).
fn url_arguments(p: &Pending) -> Vec<Parameter> {
    let first = &p.raw.requests[0];
    let segs = segments(&first.path);
    let Some(Segment::Name {
        args: Some(args), ..
    }) = segs.last()
    else {
        return Vec::new();
    };
    args.split(',')
        .filter_map(|a| a.split_once('=').map(|(name, _)| name.trim()))
        .filter(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .map(|name| Parameter {
            name: name.to_string(),
            type_name: "Edm.String".to_string(),
            collection: false,
            nullable: false,
            description: String::new(),
            source: Source {
                path: p.path.to_string(),
                line: first.line,
            },
            type_guessed: true,
        })
        .collect()
}

/// An action whose body is one object the page describes property by
/// property ("provide an optional `passwordCredential` object with the
/// following properties"): that object is the parameter, typed by the
/// type the section shows or its name; other keys of the section's JSON
/// example are parameters beside it.
fn wrapped_arguments(index: &Index, p: &Pending, diags: &mut Vec<Diagnostic>) -> Vec<Parameter> {
    let Some((name, line)) = &p.raw.body.wrapper else {
        return Vec::new();
    };
    let ctx = context(p);
    let named = p.raw.body.wrapped_type.as_deref().unwrap_or(name);
    let type_name = index
        .resolve_quiet(&TypeRef::Name(named.to_string()), &ctx)
        .unwrap_or_else(|| {
            let kept = super::index::unresolved_name(&TypeRef::Name(named.to_string()), ctx.namespace);
            diags.push(Diagnostic::warning(
                codes::UNKNOWN_TYPE,
                p.path,
                *line,
                format!("`{named}`, the object the request body describes, names no type of the input; `{kept}` is kept as written"),
            ));
            kept
        });
    let mut out = vec![Parameter {
        name: name.clone(),
        type_name,
        collection: false,
        nullable: true,
        description: String::new(),
        source: Source {
            path: p.path.to_string(),
            line: *line,
        },
        type_guessed: false,
    }];
    out.extend(
        json_arguments(p)
            .into_iter()
            .filter(|j| !j.name.eq_ignore_ascii_case(name)),
    );
    out
}

/// An action whose page shows its body as JSON rather than a table: the
/// object's keys, typed by their values.
fn json_arguments(p: &Pending) -> Vec<Parameter> {
    let Some((text, line)) = &p.raw.body.json else {
        return Vec::new();
    };
    let Some(entries) = crate::jsonrepr::scan_block(text) else {
        return Vec::new();
    };
    entries
        .iter()
        .filter(|e| !e.key.starts_with('@'))
        .map(|e| {
            let spec = crate::extract::json_value_spec(&e.value);
            let type_name = match spec.as_ref().map(|s| &s.target) {
                Some(TypeRef::Primitive(prim)) => prim.to_string(),
                _ => "Edm.Untyped".to_string(),
            };
            Parameter {
                name: e.key.clone(),
                type_name,
                collection: spec.is_some_and(|s| s.collection),
                nullable: true,
                description: String::new(),
                source: Source {
                    path: p.path.to_string(),
                    line: line + e.line_offset,
                },
                type_guessed: true,
            }
        })
        .collect()
}

/// What a create, update or upload sends.
fn request_body(
    index: &Index,
    paths: &PathTypes,
    p: &Pending,
    diags: &mut Vec<Diagnostic>,
) -> Option<RequestBody> {
    let raw: &RawOperation = &p.raw;
    if !matches!(raw.requests[0].method.as_str(), "POST" | "PATCH" | "PUT") {
        return None;
    }
    let properties: Vec<String> = raw.body.rows.iter().map(|r| r.name.clone()).collect();
    let (type_name, collection) = match &raw.body.kind {
        BodyKind::Nothing => return None,
        BodyKind::Stream => ("Edm.Stream".to_string(), false),
        BodyKind::Resource(Some(spec)) => resolved(index, p, spec, raw.body.line, diags)?,
        BodyKind::Resource(None) | BodyKind::Json | BodyKind::Unknown => {
            // Unnamed: what the call returns, else what its path addresses.
            let returned = p
                .response
                .as_ref()
                .and_then(|r| r.type_name.clone().map(|t| (t, false)));
            let addressed = || {
                let segs = segments(&raw.requests[0].path);
                paths.address(&segs).map(|(t, _)| (t, false))
            };
            match returned.or_else(addressed) {
                Some(found) => found,
                None if properties.is_empty() => return None,
                None => ("Edm.Untyped".to_string(), false),
            }
        }
    };
    Some(RequestBody {
        type_name,
        collection,
        properties,
    })
}

fn resolved(
    index: &Index,
    p: &Pending,
    spec: &TypeSpec,
    line: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<(String, bool)> {
    let t = index.resolve(&spec.target, &context(p), line, diags)?;
    Some((t, spec.collection))
}
