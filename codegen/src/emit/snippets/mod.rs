//! A Rust snippet for each request example of the method pages: the call
//! the example makes, through the generated request builders, as a person
//! writes it: `use` lines, the path's keys as variables, the body built
//! with the setters, formatted by prettyplease. The examples are matched to
//! calls as the example rebuilder matches them (`calls::rebuild`), so a
//! snippet exists for every example the rebuilder reads.

mod body;
mod imports;

use super::calls::matching::{find_call, signatures_by_op, Matched, Value};
use super::calls::rebuild::{lit, query_chain};
use super::calls::{Arg, ArgType, CallsEmitter, Signature, Step};
use super::names::{self, Scope};
use super::Emitter;
use crate::ir::ExampleKind;
use body::BodyWriter;
use std::fmt::Write as _;

/// One request example's snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The method page and the example's line.
    pub page: String,
    pub line: usize,
    /// The operation (index in the IR's operations) and which of its paths.
    pub operation: usize,
    pub path: usize,
    /// The example's request, for comparing what the snippet builds.
    pub method: String,
    pub url: String,
    pub body: Option<String>,
    /// Statements ending with `let call = ...;` (a `graphgen_runtime::Call`).
    pub code: String,
}

/// What the snippets of an IR came to.
#[derive(Debug, Clone, Default)]
pub struct Snippets {
    pub snippets: Vec<Snippet>,
    /// Request examples whose URL matches a call but that have no snippet
    /// (a placeholder in the URL, a body that is not JSON), with why.
    pub without: Vec<(String, usize, String)>,
}

/// The statements of one snippet, written with full paths.
struct Writer<'a> {
    body: BodyWriter<'a>,
    calls: &'a CallsEmitter<'a>,
    vars: Scope,
    lets: String,
}

pub(crate) fn snippets_of(
    emitter: &Emitter<'_>,
    calls: &CallsEmitter<'_>,
    krate: &str,
) -> Snippets {
    let by_op = signatures_by_op(calls);
    let mut out = Snippets::default();
    for (op_index, op) in calls.ops.iter().enumerate() {
        for example in &op.examples {
            let (ExampleKind::Request, Some(url)) = (example.kind, example.url.as_deref()) else {
                continue;
            };
            let Some((node, sig, matched)) = find_call(calls, &by_op, op_index, url) else {
                continue;
            };
            let mut writer = Writer {
                body: BodyWriter { emitter, krate },
                calls,
                vars: Scope::with_reserved(&["call"]),
                lets: String::new(),
            };
            let code = writer
                .call(
                    node,
                    sig,
                    &matched,
                    example.body.as_deref(),
                    &example.headers,
                )
                .and_then(|chain| format_snippet(&writer.lets, &chain, krate));
            match code {
                Ok(code) => out.snippets.push(Snippet {
                    page: example.source_path.clone(),
                    line: example.line,
                    operation: op_index,
                    path: sig.at.path,
                    method: example.method.clone().unwrap_or_default(),
                    url: url.to_string(),
                    body: example.body.clone(),
                    code,
                }),
                Err(why) => out
                    .without
                    .push((example.source_path.clone(), example.line, why)),
            }
        }
    }
    out
}

/// `users` → `user`: a key's variable is named after its collection.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("ss") {
        word.to_string()
    } else {
        word.strip_suffix('s').unwrap_or(word).to_string()
    }
}

impl Writer<'_> {
    fn var(&mut self, wanted: &str, value: &str) -> String {
        let name = self.vars.claim(&names::field_name(wanted)).0;
        let _ = writeln!(self.lets, "let {name} = {value};");
        name
    }

    /// The builder chain: `Graph::new().users().by_id(user_id)...`.
    fn call(
        &mut self,
        node: usize,
        sig: &Signature,
        matched: &Matched,
        body: Option<&str>,
        headers: &[(String, String)],
    ) -> Result<String, String> {
        let calls = self.calls;
        let mut chain = format!("{}::calls::Graph::new()", self.body.krate);
        let mut current = 0;
        let mut previous = String::from("item");
        for (step, value) in calls.tree.nodes[node].steps.iter().zip(&matched.values) {
            let (step, &child) = calls.tree.nodes[current]
                .children
                .iter()
                .find(|(s, _)| s.shape() == step.shape())
                .ok_or("no builder step for the path")?;
            let method = &calls.names.children[current][step];
            let args = match (step, value) {
                (Step::Key, Value::Key(k)) => {
                    self.var(&format!("{}_id", singular(&previous)), &lit(k))
                }
                (Step::Address, Value::Address(a)) => self.var("item_path", &lit(a)),
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
            if let Step::Segment(s) | Step::Cast(s) = step {
                previous = s.rsplit('.').next().unwrap_or(s).to_string();
            }
            let _ = write!(chain, ".{method}({args})");
            current = child;
        }
        let mut args = Vec::new();
        for arg in &sig.args {
            args.push(self.argument(arg, sig, matched, body, headers)?);
        }
        let _ = write!(chain, ".{}({})", sig.method, args.join(", "));
        chain.push_str(&query_chain(&matched.query));
        Ok(chain)
    }

    /// One argument of the operation's method, with a `let` before the
    /// call where it is a body.
    fn argument(
        &mut self,
        arg: &Arg,
        sig: &Signature,
        matched: &Matched,
        body: Option<&str>,
        headers: &[(String, String)],
    ) -> Result<String, String> {
        let json = || -> Result<serde_json::Value, String> {
            let text = body.ok_or("the example sends no body")?;
            serde_json::from_str(text.trim()).map_err(|e| format!("the body is not JSON: {e}"))
        };
        match arg {
            Arg::Function { wire, ty, .. } => {
                let literal = matched
                    .bound_args
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(wire))
                    .map(|(_, l)| l.as_str())
                    .ok_or_else(|| format!("the example gives no value for `{wire}`"))?;
                self.function_arg(ty, literal)
            }
            Arg::Parameters(_) => {
                let json = json()?;
                let object = json.as_object().ok_or("the parameters are not an object")?;
                let code = self.parameters(sig.at.op, object)?;
                Ok(format!("&{}", self.var("parameters", &code)))
            }
            Arg::Body {
                type_name,
                collection,
            } => {
                let json = json()?;
                let (name, code, convert) = self.body_value(&json, type_name, *collection)?;
                let var = self.var(&name, &code);
                Ok(if convert {
                    format!("&{var}.into()")
                } else {
                    format!("&{var}")
                })
            }
            Arg::Stream => {
                let content_type = headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                    .map_or("application/octet-stream", |(_, v)| v.as_str());
                let content = self.var(
                    "content",
                    &format!("{}.as_bytes().to_vec()", lit(body.unwrap_or(""))),
                );
                Ok(format!("{content}, {}", lit(content_type)))
            }
        }
    }

    /// A body: its variable's name, its code, and whether it converts into
    /// the polymorphic form the method takes.
    fn body_value(
        &self,
        json: &serde_json::Value,
        type_name: &str,
        collection: bool,
    ) -> Result<(String, String, bool), String> {
        let model = &self.body.emitter.model;
        let Some(t) = model.get(type_name) else {
            return Ok(("body".into(), self.body.json(json), false));
        };
        let poly = model.types[t].poly_name.is_some();
        if collection {
            let items = json.as_array().ok_or("the body is not an array")?;
            let rendered: Option<Vec<String>> = items
                .iter()
                .map(|v| {
                    let code = self.body.object(v.as_object()?, t, poly)?;
                    Some(match poly {
                        true => format!("{}::from({code})", self.body.type_path(t, true)),
                        false => code,
                    })
                })
                .collect();
            let rendered = rendered.ok_or("an item of the body is not an object")?;
            return Ok(("body".into(), format!("[{}]", rendered.join(", ")), false));
        }
        let object = json.as_object().ok_or("the body is not an object")?;
        let chosen = self.body.chosen_type(object, t, poly);
        let code = self
            .body
            .object(object, t, poly)
            .ok_or("the body is not an object")?;
        let name = heck::ToSnakeCase::to_snake_case(model.types[chosen].rust_name.as_str());
        Ok((name, code, poly))
    }

    /// An action's parameters struct with a setter per parameter.
    fn parameters(
        &self,
        op: usize,
        object: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<String, String> {
        let name = self
            .calls
            .names
            .parameter_structs
            .get(&op)
            .ok_or("the action has no parameters struct")?;
        let fields = self.calls.parameter_fields(op);
        let mut out = format!("{}::calls::{name}::default()", self.body.krate);
        for (key, value) in object {
            let field = fields.iter().find(|f| f.wire == key);
            match field.and_then(|f| Some((f, self.body.field_value(value, f)?))) {
                Some((f, code)) => {
                    let _ = write!(out, ".{}({code})", f.setter);
                }
                None => {
                    let _ = write!(
                        out,
                        ".additional_property({}, {})",
                        lit(key),
                        self.body.json(value)
                    );
                }
            }
        }
        Ok(out)
    }

    /// A function argument from its literal in the URL.
    fn function_arg(&self, ty: &ArgType, literal: &str) -> Result<String, String> {
        // `microsoft.graph.timeZoneStandard'Iana'`: an enum literal with its type.
        let literal = match literal.find('\'') {
            Some(q) if q > 0 && literal[..q].contains('.') && literal.ends_with('\'') => {
                &literal[q..]
            }
            _ => literal,
        };
        let bare = literal.trim_matches('\'');
        let placeholder = (bare.starts_with('<') && bare.ends_with('>'))
            || (bare.starts_with('{') && bare.ends_with('}'))
            || bare.to_ascii_lowercase().ends_with("-value");
        if placeholder {
            return Err(format!("placeholder `{literal}` in the example's URL"));
        }
        let quoted = literal.len() >= 2 && literal.starts_with('\'') && literal.ends_with('\'');
        let text = bare.replace("''", "'");
        let value = serde_json::Value::String(text.clone());
        let typed = |edm: &str| match edm {
            "Edm.Boolean" | "Edm.Int32" | "Edm.Int16" | "Edm.Byte" | "Edm.SByte" | "Edm.Int64"
            | "Edm.Single" | "Edm.Double" => {
                let number: serde_json::Value = serde_json::from_str(literal).ok()?;
                let code = self.body.field_value_of(&number, edm)?;
                Some(match edm {
                    "Edm.Int64" => format!("::graphgen_runtime::Int64({code})"),
                    "Edm.Double" => format!("::graphgen_runtime::Double({code})"),
                    _ => code,
                })
            }
            _ if quoted => None,
            _ => self.body.field_value_of(&value, edm),
        };
        let code = match ty {
            ArgType::Literal => Some(format!(
                "::graphgen_runtime::RawLiteral({}.to_string())",
                lit(literal)
            )),
            ArgType::Str => quoted.then(|| lit(&text)),
            ArgType::Enum(t) => {
                let t = self
                    .body
                    .emitter
                    .model
                    .get(t)
                    .ok_or("an enum the model does not have")?;
                self.body
                    .field_value_of_model(&value, t)
                    .map(|c| format!("&{c}"))
            }
            ArgType::Edm(edm) => typed(edm),
        };
        code.ok_or_else(|| format!("`{literal}` is not a value of the parameter's type"))
    }
}

/// The statements formatted by prettyplease, with `use` lines first.
fn format_snippet(lets: &str, chain: &str, krate: &str) -> Result<String, String> {
    let statements = format!("{lets}let call = {chain};\n");
    let root = format!("{krate}::");
    let (short, uses) = imports::shorten(&statements, &["::graphgen_runtime::", &root]);
    let source = format!("fn snippet() {{\n{}\n{short}}}\n", uses.join("\n"));
    let file: syn::File =
        syn::parse_str(&source).map_err(|e| format!("the snippet does not parse: {e}"))?;
    let printed = prettyplease::unparse(&file);
    let mut lines: Vec<&str> = printed.lines().collect();
    // Drop `fn snippet() {` and `}`, and the body's indent.
    if lines.len() < 2 {
        return Err("the snippet is empty".into());
    }
    lines.remove(0);
    lines.pop();
    let mut out = String::new();
    let mut in_uses = true;
    for line in lines {
        let line = line.strip_prefix("    ").unwrap_or(line);
        if in_uses
            && !line.starts_with("use ")
            && !line.starts_with("    ")
            && !line.starts_with('}')
        {
            if !out.is_empty() {
                out.push('\n');
            }
            in_uses = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}
