//! The method pages' request examples rebuilt through the generated calls:
//! for each example whose URL matches one of its page's paths, Rust code
//! that takes the placeholder values from the URL, reads the body into the
//! call's body type, and builds the call with the same builders and
//! signatures the emitter printed. Tests compile and run it (the corpus
//! test, over every v1.0 example).

use super::matching::{find_call, signatures_by_op, Matched, Value};
use super::signature::{Arg, ArgType, Signature};
use super::tree::Step;
use super::CallsEmitter;
use crate::emit::RustPath;
use crate::ir::ExampleKind;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A Rust string literal.
pub(crate) fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// The generated code's path to a type (its polymorphic form if it has one).
fn type_path(krate: &str, paths: &BTreeMap<String, RustPath>, type_name: &str) -> String {
    match paths
        .iter()
        .find(|(q, _)| q.eq_ignore_ascii_case(type_name))
    {
        Some((_, p)) => format!("{krate}::{}", p.poly.as_ref().unwrap_or(&p.plain)),
        None => "::graphgen_runtime::serde_json::Value".to_string(),
    }
}

/// A function argument from its literal in the URL, as the method's type.
fn arg_expr(
    krate: &str,
    paths: &BTreeMap<String, RustPath>,
    ty: &ArgType,
    literal: &str,
) -> String {
    // `microsoft.graph.timeZoneStandard'Iana'`: an enum literal with its type.
    let literal = match literal.find('\'') {
        Some(q) if q > 0 && literal[..q].contains('.') && literal.ends_with('\'') => &literal[q..],
        _ => literal,
    };
    // `<row>`, `{column}`, `period-value`: the page left a placeholder.
    let bare = literal.trim_matches('\'');
    let placeholder = (bare.starts_with('<') && bare.ends_with('>'))
        || (bare.starts_with('{') && bare.ends_with('}'))
        || bare.to_ascii_lowercase().ends_with("-value");
    if placeholder {
        return format!(
            "return Err({}.to_string())",
            lit(&format!("placeholder: `{literal}` in the example's URL"))
        );
    }
    let unquoted = literal
        .strip_prefix('\'')
        .and_then(|l| l.strip_suffix('\''))
        .map(|l| l.replace("''", "'"));
    let parse = |rust: &str, what: &str| {
        // OData writes these without quotes; a quoted one is a string.
        if unquoted.is_some() {
            return format!(
                "return Err({}.to_string())",
                lit(&format!("type: `{literal}` is a quoted string, not {what}"))
            );
        }
        format!(
            "{rust}::parse({}).ok_or_else(|| \"type: `{}` is not {what}\".to_string())?",
            lit(literal),
            literal.replace('"', "'")
        )
    };
    match ty {
        ArgType::Literal => format!("::graphgen_runtime::RawLiteral({}.to_string())", lit(literal)),
        ArgType::Str => match &unquoted {
            Some(text) => lit(text),
            None => format!("return Err({}.to_string())", lit(&format!("type: string parameter written without quotes: {literal}"))),
        },
        ArgType::Enum(t) => format!(
            "&<{} as ::graphgen_runtime::WireEnum>::from_wire({})",
            type_path(krate, paths, t),
            lit(unquoted.as_deref().unwrap_or(literal))
        ),
        ArgType::Edm(edm) => match edm.as_str() {
            "Edm.Boolean" | "Edm.Int32" | "Edm.Int16" | "Edm.Byte" | "Edm.SByte" | "Edm.Single" => {
                let rust = match edm.as_str() {
                    "Edm.Boolean" => "bool",
                    "Edm.Int16" => "i16",
                    "Edm.Byte" => "u8",
                    "Edm.SByte" => "i8",
                    "Edm.Single" => "f32",
                    _ => "i32",
                };
                format!("{}.parse::<{rust}>().map_err(|e| format!(\"type: {{e}}\"))?", lit(literal))
            }
            "Edm.Int64" => format!("::graphgen_runtime::Int64({}.parse::<i64>().map_err(|e| format!(\"type: {{e}}\"))?)", lit(literal)),
            "Edm.Double" => format!("::graphgen_runtime::Double({}.parse::<f64>().map_err(|e| format!(\"type: {{e}}\"))?)", lit(literal)),
            "Edm.Guid" => format!("{}.parse::<::graphgen_runtime::uuid::Uuid>().map_err(|e| format!(\"type: {{e}}\"))?", lit(unquoted.as_deref().unwrap_or(literal))),
            "Edm.DateTimeOffset" => parse("::graphgen_runtime::DateTimeOffset", "a date-time"),
            "Edm.Date" => parse("::graphgen_runtime::Date", "a date"),
            "Edm.TimeOfDay" => parse("::graphgen_runtime::TimeOfDay", "a time of day"),
            "Edm.Duration" => parse("::graphgen_runtime::Duration", "a duration"),
            "Edm.Decimal" => parse("::graphgen_runtime::Decimal", "a decimal"),
            _ => format!("::graphgen_runtime::RawLiteral({}.to_string())", lit(literal)),
        },
    }
}

/// The query options of the example, through the typed methods where one fits.
pub(crate) fn query_chain(query: &[(String, String)]) -> String {
    let list = |v: &str| {
        let items: Vec<String> = call_args_list(v).iter().map(|s| lit(s)).collect();
        format!("&[{}]", items.join(", "))
    };
    let mut out = String::new();
    for (name, value) in query {
        let call = match name.to_ascii_lowercase().as_str() {
            "$select" => format!(".select({})", list(value)),
            "$expand" => format!(".expand({})", list(value)),
            "$orderby" => format!(".orderby({})", list(value)),
            "$filter" => format!(".filter({})", lit(value)),
            "$search" => format!(".search({})", lit(value)),
            "$top" | "$skip"
                if value.parse::<u32>().is_ok()
                    && name.starts_with('$')
                    && name[1..].chars().all(|c| c.is_ascii_lowercase()) =>
            {
                format!(".{}({value})", &name[1..])
            }
            "$count" if value == "true" || value == "false" => format!(".count({value})"),
            _ => format!(".query({}, {})", lit(name), lit(value)),
        };
        out.push_str(&call);
    }
    out
}

/// Splits a `$select`-like list on commas outside brackets.
fn call_args_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth <= 0 => {
                out.push(text[start..i].to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(text[start..].to_string());
    out
}

/// The source of a module of cases: `pub fn cases() -> Vec<Case>`, where
/// `Case`, `Built` and `built` come from the module that includes it.
pub struct ExampleCases {
    pub source: String,
    pub cases: usize,
    /// Request examples with a URL that matches none of their page's paths.
    pub unmatched: usize,
    /// Response examples, each read as its call's result.
    pub reads: usize,
}

/// Every response example of an operation that has a call, read as that
/// call's result type (`Json<T>`, `Page<T>`, ...), whatever its request
/// example gave.
fn read_cases(
    emitter: &CallsEmitter<'_>,
    by_op: &BTreeMap<usize, Vec<(usize, &Signature)>>,
    krate: &str,
) -> (String, String, usize) {
    let (mut table, mut fns, mut n) = (String::new(), String::new(), 0);
    for (&op_index, sigs) in by_op {
        let Some((_, sig)) = sigs.first() else {
            continue;
        };
        let op = &emitter.ops[op_index];
        let kind = emitter
            .response_kind(op, &sig.at)
            .to_string()
            .replace(' ', "")
            .replace("::graphgen_runtime", "graphgen_runtime")
            .replace("super::", &format!("{krate}::"));
        let kind = kind.replace("graphgen_runtime", "::graphgen_runtime");
        for example in op
            .examples
            .iter()
            .filter(|e| e.kind == ExampleKind::Response)
        {
            let _ = writeln!(fns, "fn read_{n}(status: u16, body: &str) -> Result<::graphgen_runtime::serde_json::Value, String> {{\n    super::read::<{kind}>(status, body)\n}}");
            let _ = writeln!(
                table,
                "        super::ReadCase {{ page: {}, line: {}, status: {}, body: {}, read: read_{n} }},",
                lit(&example.source_path),
                example.line,
                example.status.unwrap_or(200),
                lit(example.body.as_deref().unwrap_or(""))
            );
            n += 1;
        }
    }
    (table, fns, n)
}

pub fn example_cases(
    emitter: &CallsEmitter<'_>,
    paths: &BTreeMap<String, RustPath>,
    krate: &str,
) -> ExampleCases {
    let by_op = signatures_by_op(emitter);
    let mut fns = String::new();
    let mut table = String::new();
    let (mut cases, mut unmatched) = (0, 0);
    for (op_index, op) in emitter.ops.iter().enumerate() {
        let examples = &op.examples;
        for (e, example) in examples.iter().enumerate() {
            let (ExampleKind::Request, Some(url)) = (example.kind, example.url.as_deref()) else {
                continue;
            };
            let found = find_call(emitter, &by_op, op_index, url);
            let Some((node, sig, matched)) = found else {
                unmatched += 1;
                continue;
            };
            let response = examples[e + 1..]
                .iter()
                .take_while(|r| r.kind == ExampleKind::Response)
                .find(|r| r.kind == ExampleKind::Response);
            let expr = call_expr(
                emitter,
                paths,
                krate,
                node,
                sig,
                &matched,
                example.body.as_deref(),
            );
            let _ = writeln!(
                fns,
                "fn case_{cases}(base: &str) -> Result<super::Built, String> {{\n    {expr}\n}}"
            );
            let response = match response {
                Some(r) => format!(
                    "Some(({}, {}))",
                    r.status.unwrap_or(200),
                    lit(r.body.as_deref().unwrap_or(""))
                ),
                None => "None".into(),
            };
            let headers: Vec<String> = example
                .headers
                .iter()
                .map(|(n, v)| format!("({}, {})", lit(n), lit(v)))
                .collect();
            let _ = writeln!(
                table,
                "        super::Case {{ page: {}, line: {}, method: {}, url: {}, headers: &[{}], body: {}, response: {response}, build: case_{cases} }},",
                lit(&example.source_path),
                example.line,
                lit(example.method.as_deref().unwrap_or("")),
                lit(url),
                headers.join(", "),
                example.body.as_deref().map_or("None".into(), |b| format!("Some({})", lit(b))),
            );
            cases += 1;
        }
    }
    let (reads_table, read_fns, reads) = read_cases(emitter, &by_op, krate);
    let source = format!("// @generated by graphgen: the docs' request examples rebuilt through the calls.\n#![allow(clippy::all, unused_mut, unreachable_code, unused_variables)]\n\npub fn cases() -> Vec<super::Case> {{\n    vec![\n{table}    ]\n}}\n\n{fns}\npub fn reads() -> Vec<super::ReadCase> {{\n    vec![\n{reads_table}    ]\n}}\n\n{read_fns}");
    ExampleCases {
        source,
        cases,
        unmatched,
        reads,
    }
}

fn call_expr(
    emitter: &CallsEmitter<'_>,
    paths: &BTreeMap<String, RustPath>,
    krate: &str,
    node: usize,
    sig: &Signature,
    matched: &Matched,
    body: Option<&str>,
) -> String {
    let mut prelude = String::new();
    let mut chain = format!("{krate}::calls::Graph::new()");
    let steps = &emitter.tree.nodes[node].steps;
    let mut current = 0;
    for (step, value) in steps.iter().zip(&matched.values) {
        // The child as the tree spelled it first (another page may write
        // `Users` for `users`, or other argument names).
        let Some((step, &child)) = emitter.tree.nodes[current]
            .children
            .iter()
            .find(|(s, _)| s.shape() == step.shape())
        else {
            return format!(
                "Err({}.to_string())",
                lit("generator: no builder step for the path")
            );
        };
        let method = &emitter.names.children[current][step];
        let args = match (step, value) {
            (Step::Key, Value::Key(k)) => lit(k),
            (Step::Address, Value::Address(a)) => lit(a),
            (Step::Call(_, names), Value::Args(given)) => names
                .iter()
                .map(|n| {
                    let v = given
                        .iter()
                        .find(|(g, _)| g.eq_ignore_ascii_case(n))
                        .map_or("", |(_, v)| v.as_str());
                    format!("::graphgen_runtime::RawLiteral({}.to_string())", lit(v))
                })
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        };
        let _ = write!(chain, ".{method}({args})");
        current = child;
    }
    let mut args = Vec::new();
    for arg in &sig.args {
        match arg {
            Arg::Function { wire, ty, .. } => match matched
                .bound_args
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(wire))
            {
                Some((_, literal)) => args.push(arg_expr(krate, paths, ty, literal)),
                None => {
                    return format!(
                        "Err({}.to_string())",
                        lit(&format!(
                            "placeholder: the example gives no value for `{wire}`"
                        ))
                    )
                }
            },
            Arg::Parameters(name) => {
                let Some(b) = body else {
                    return format!(
                        "Err({}.to_string())",
                        lit("type: the action's example sends no body")
                    );
                };
                let _ = write!(prelude, "let parameters: {krate}::calls::{name} = ::graphgen_runtime::serde_json::from_str({}).map_err(|e| format!(\"type: {{e}}\"))?;\n    ", lit(b));
                args.push("&parameters".into());
            }
            Arg::Body {
                type_name,
                collection,
            } => {
                let Some(b) = body else {
                    return format!(
                        "Err({}.to_string())",
                        lit("type: the example sends no body")
                    );
                };
                let t = type_path(krate, paths, type_name);
                let t = if *collection { format!("Vec<{t}>") } else { t };
                let _ = write!(prelude, "let body: {t} = ::graphgen_runtime::serde_json::from_str({}).map_err(|e| format!(\"type: {{e}}\"))?;\n    ", lit(b));
                args.push("&body".into());
            }
            Arg::Stream => {
                args.push(format!("{}.as_bytes().to_vec()", lit(body.unwrap_or(""))));
                args.push(lit("application/octet-stream"));
            }
        }
    }
    let _ = write!(chain, ".{}({})", sig.method, args.join(", "));
    chain.push_str(&query_chain(&matched.query));
    format!("{prelude}let call = {chain};\n    Ok(super::built(call, base))")
}
