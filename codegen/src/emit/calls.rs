//! The method pages' operations → a typed client: request builders that
//! follow the URL from `Graph` (one struct per path shape, one method per
//! step), each operation a method on the node its path ends at that
//! returns a sans-IO `graphgen_runtime::Call`, and a parameters struct for
//! each action. Emitted into the `calls` module beside the models.

pub(crate) mod matching;
mod permissions;
pub(crate) mod rebuild;
mod signature;
mod tree;

use super::areas::Gates;
use super::code::{default_primitive, free_json, TypeCode};
use super::docs::{doc_attrs, markdown};
use super::model::Model;
use super::names::{self, ident, Scope};
use super::setters::SetterField;
use crate::diag::{codes, Diagnostic};
use crate::ir::{Kind, Operation};
use proc_macro2::TokenStream;
use quote::quote;
pub use rebuild::{example_cases, ExampleCases};
pub use signature::{Arg, ArgType, Names, Segment, Signature};
use std::collections::BTreeMap;
pub use tree::{Step, Tree};

/// The module the calls are emitted into, beside the namespace modules.
pub const MODULE: &str = "calls";

pub struct CallsEmitter<'a> {
    pub model: &'a Model<'a>,
    gates: &'a Gates,
    /// The user's Edm → Rust overrides, as for the models.
    overrides: &'a BTreeMap<String, String>,
    pub ops: &'a [Operation],
    pub tree: Tree,
    pub names: Names,
    /// The snippets of each call, by operation and path: a line that
    /// names the example, and the code.
    pub examples: BTreeMap<(usize, usize), Vec<(String, String)>>,
}

fn here() -> Vec<String> {
    vec![MODULE.to_string()]
}

impl<'a> CallsEmitter<'a> {
    pub fn new(
        model: &'a Model<'a>,
        gates: &'a Gates,
        overrides: &'a BTreeMap<String, String>,
        ops: &'a [Operation],
        diags: &mut Vec<Diagnostic>,
    ) -> Self {
        let tree = Tree::build(ops);
        for &(op, path) in &tree.unspellable {
            let o = &ops[op];
            diags.push(Diagnostic::note(
                codes::PATH_NOT_EMITTED,
                &o.source.path,
                o.source.line,
                format!("path `{}` has a segment the request builders cannot spell; no call is emitted for it", o.paths[path]),
            ));
        }
        let is_enum = |t: &str| {
            model
                .get(t)
                .is_some_and(|i| model.types[i].def.kind == Kind::Enum)
        };
        let overridden = |t: &str| overrides.contains_key(t);
        let names = Names::decide(&tree, ops, &is_enum, &overridden, diags);
        CallsEmitter {
            model,
            gates,
            overrides,
            ops,
            tree,
            names,
            examples: BTreeMap::new(),
        }
    }

    /// The Rust type of a model or Edm type seen from the calls module.
    fn rust_type(&self, type_name: &str) -> TokenStream {
        if let Some(over) = self.overrides.get(type_name) {
            return super::code::override_type(over);
        }
        if let Some(prim) = default_primitive(type_name) {
            return prim;
        }
        match self.model.get(type_name) {
            Some(t) => {
                let info = &self.model.types[t];
                self.model.path_from(&here(), t, info.poly_name.is_some())
            }
            None => free_json(),
        }
    }

    /// The calls module's source: each builder and parameters struct built
    /// and printed on its own, in parallel, joined in order.
    pub fn emit_printed(&self) -> (String, Vec<Diagnostic>) {
        use rayon::prelude::*;
        let params: Vec<(&usize, &String)> = self.names.parameter_structs.iter().collect();
        let nodes = (0..self.tree.nodes.len())
            .into_par_iter()
            .map(|n| super::print(self.emit_node(n)));
        let params = params.into_par_iter().map(|(&i, name)| {
            let op = &self.ops[i];
            super::print_gated(self.emit_parameters(i, name), self.op_gate(op))
        });
        let printed: Vec<Result<String, syn::Error>> = nodes.chain(params).collect();
        let mut diags = Vec::new();
        let mut out = String::new();
        for text in printed {
            match text {
                Ok(text) => {
                    if !out.is_empty() {
                        out.push('\n');
                    }
                    out.push_str(&text);
                }
                Err(err) => diags.push(Diagnostic::error(
                    codes::EMIT_FAILED,
                    "",
                    0,
                    format!("generated calls do not parse ({err}); this is a graphgen bug"),
                )),
            }
        }
        (out, diags)
    }

    /// `#[cfg]` of an operation: every type it takes or returns compiled.
    fn op_gate(&self, op: &Operation) -> TokenStream {
        let types: Vec<usize> = crate::select::operation_types(op)
            .filter_map(|t| self.model.get(t))
            .collect();
        self.gates.cfg_all(types)
    }

    fn emit_node(&self, n: usize) -> TokenStream {
        let node = &self.tree.nodes[n];
        let name = ident(&self.names.nodes[n]);
        let children = self.names.children[n].iter().map(|(step, method)| {
            let child = node.children[step];
            let method = ident(method);
            let child_name = ident(&self.names.nodes[child]);
            let (args, path) = match step {
                Step::Segment(s) | Step::Cast(s) => (quote!(), quote!(self.path.segment(#s))),
                Step::Key => (quote!(id: &str), quote!(self.path.key(id))),
                Step::Address => (quote!(item_path: &str), quote!(self.path.address(item_path))),
                Step::Call(f, args) => {
                    let idents: Vec<_> = args.iter().map(|a| ident(&names::field_name(a))).collect();
                    (
                        quote!(#(#idents: impl ::graphgen_runtime::ODataLiteral),*),
                        quote!(self.path.call(#f, &[#((#args, ::graphgen_runtime::ODataLiteral::odata_literal(&#idents))),*])),
                    )
                }
            };
            let doc = super::docs::clean(&format!(" `{}`", child_path_doc(&self.tree.nodes[child].steps)));
            quote! {
                #[doc = #doc]
                pub fn #method(&self, #args) -> #child_name {
                    #child_name { path: #path }
                }
            }
        });
        let ops = self.names.ops[n].iter().map(|sig| self.emit_op(sig));
        let doc = if n == 0 {
            " The root of Microsoft Graph: every documented path starts here.".to_string()
        } else {
            super::docs::clean(&format!(" Calls at `{}`.", child_path_doc(&node.steps)))
        };
        let root = (n == 0).then(|| {
            quote! {
                impl #name {
                    pub fn new() -> Self {
                        #name { path: ::graphgen_runtime::PathBuilder::root() }
                    }
                }
                impl ::core::default::Default for #name {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            }
        });
        // With area features, every call at a node may be gated out; the
        // node stays (a path to its children) without reading its path.
        let unused_path = self.gates.enabled().then(|| quote!(#[allow(dead_code)]));
        quote! {
            #[doc = #doc]
            #[derive(::core::fmt::Debug, ::core::clone::Clone)]
            pub struct #name {
                #unused_path
                path: ::graphgen_runtime::PathBuilder,
            }
            #root
            impl #name {
                #(#children)*
                #(#ops)*
            }
        }
    }

    /// One operation as a method of its node.
    fn emit_op(&self, sig: &Signature) -> TokenStream {
        let op = &self.ops[sig.at.op];
        let method = ident(&sig.method);
        let kind = self.response_kind(op, &sig.at);
        let http_method = ident(&op.method);
        let mut params = Vec::new();
        let mut literals = Vec::new();
        let mut then = Vec::new();
        for arg in &sig.args {
            match arg {
                Arg::Function {
                    wire,
                    ident: name,
                    ty,
                } => {
                    let id = ident(name);
                    let (ty, literal) = self.literal_arg(ty, &id);
                    params.push(quote!(#id: #ty));
                    literals.push(quote!((#wire, #literal)));
                }
                Arg::Parameters(name) => {
                    let ty = ident(name);
                    params.push(quote!(parameters: &#ty));
                    then.push(quote!(.with_json(parameters)));
                }
                Arg::Body {
                    type_name,
                    collection,
                } => {
                    let ty = self.rust_type(type_name);
                    let ty = if *collection { quote!([#ty]) } else { ty };
                    params.push(quote!(body: &#ty));
                    then.push(quote!(.with_json(body)));
                }
                Arg::Stream => {
                    params.push(quote!(content: ::std::vec::Vec<u8>, content_type: &str));
                    then.push(quote!(.with_bytes(content, content_type)));
                }
            }
        }
        let path = match &sig.segment {
            Segment::Node => quote!(self.path),
            Segment::Named(wire) => quote!(self.path.segment(#wire)),
            Segment::Called(wire) => quote!(self.path.call(#wire, &[#(#literals),*])),
        };
        if op
            .headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case("ConsistencyLevel"))
        {
            then.push(quote!(.with_eventual_consistency()));
        }
        let docs = self.op_docs(op, &sig.at);
        let gate = self.op_gate(op);
        quote! {
            #docs
            #gate
            pub fn #method(&self, #(#params),*) -> ::graphgen_runtime::Call<#kind> {
                ::graphgen_runtime::Call::new(::graphgen_runtime::http::Method::#http_method, &#path) #(#then)*
            }
        }
    }

    /// A function argument's Rust type and how it is written in the URL.
    fn literal_arg(&self, ty: &ArgType, id: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
        match ty {
            ArgType::Enum(t) => {
                let ty = self.rust_type(t);
                (quote!(&#ty), quote!(::graphgen_runtime::enum_literal(#id)))
            }
            ArgType::Str => (
                quote!(&str),
                quote!(::graphgen_runtime::ODataLiteral::odata_literal(&#id)),
            ),
            ArgType::Edm(t) => {
                let ty = default_primitive(t).unwrap_or_else(|| quote!(::std::string::String));
                (
                    ty,
                    quote!(::graphgen_runtime::ODataLiteral::odata_literal(&#id)),
                )
            }
            ArgType::Literal => (
                quote!(impl ::graphgen_runtime::ODataLiteral),
                quote!(::graphgen_runtime::ODataLiteral::odata_literal(&#id)),
            ),
        }
    }

    /// What the response holds: `Page<T>` (`Delta<T>` for change
    /// tracking), `Json<T>`, `Value<T>`, bytes or nothing.
    pub(crate) fn response_kind(&self, op: &Operation, at: &tree::OpAt) -> TokenStream {
        let path = &op.paths[at.path];
        if path.ends_with("$value") || path.ends_with("$count") {
            return quote!(::graphgen_runtime::Bytes);
        }
        let Some(r) = op.responses.first() else {
            return quote!(::graphgen_runtime::NoContent);
        };
        let Some(t) = r.type_name.as_deref().filter(|_| r.status != 204) else {
            return quote!(::graphgen_runtime::NoContent);
        };
        if t == "Edm.Stream" {
            return quote!(::graphgen_runtime::Bytes);
        }
        let ty = self.rust_type(t);
        let structured = self
            .model
            .get(t)
            .is_some_and(|i| self.model.types[i].def.kind != Kind::Enum);
        match (r.collection, structured) {
            (true, _) if is_delta(op, path) => quote!(::graphgen_runtime::Delta<#ty>),
            (true, _) => quote!(::graphgen_runtime::Page<#ty>),
            (false, true) => quote!(::graphgen_runtime::Json<#ty>),
            (false, false) => quote!(::graphgen_runtime::Value<#ty>),
        }
    }

    fn op_docs(&self, op: &Operation, at: &tree::OpAt) -> TokenStream {
        let here = here();
        let mut parts = vec![markdown(&op.description, &[], self.model, &here)];
        parts.push(format!(
            "`{} {}`",
            op.method,
            op.paths[at.path].replace('`', "'")
        ));
        parts.push(permissions::permissions_doc(&op.permissions));
        if let Some(t) = op
            .responses
            .first()
            .and_then(|r| r.type_name.as_deref())
            .and_then(|t| self.model.get(t))
        {
            let info = &self.model.types[t];
            let path = self
                .model
                .path_from(&here, t, false)
                .to_string()
                .replace(' ', "");
            parts.push(format!("Returns [`{}`]({path}).", info.rust_name));
        }
        parts.push(format!(
            "Page: `{}`, line {}.",
            op.source.path, op.source.line
        ));
        let mut docs = doc_attrs(&parts);
        docs.extend(self.examples_doc(at));
        docs
    }

    /// `# Examples`: the call's snippets, each a `no_run` doctest (compiled
    /// by `cargo test --doc`, never sent).
    fn examples_doc(&self, at: &tree::OpAt) -> TokenStream {
        let Some(examples) = self.examples.get(&(at.op, at.path)) else {
            return TokenStream::new();
        };
        let mut lines = vec![String::new(), " # Examples".to_string()];
        for (title, code) in examples {
            lines.push(String::new());
            lines.push(format!(" {title}"));
            lines.push(String::new());
            lines.push(" ```rust,no_run".to_string());
            lines.extend(code.lines().map(|l| match l {
                "" => String::new(),
                l => format!(" {l}"),
            }));
            lines.push(" ```".to_string());
        }
        let attrs = lines.iter().map(|l| quote!(#[doc = #l]));
        quote!(#(#attrs)*)
    }

    /// An action's parameters: required ones plain, optional ones `Nullable`.
    fn emit_parameters(&self, i: usize, name: &str) -> TokenStream {
        let op = &self.ops[i];
        let name = ident(name);
        let mut scope = Scope::with_reserved(&["additional_properties"]);
        let fields = op.parameters.iter().map(|p| {
            let field = ident(&scope.claim(&names::field_name(&p.name)).0);
            let wire = &p.name;
            let base = self.rust_type(&p.type_name);
            let base = if p.collection { quote!(::std::vec::Vec<#base>) } else { base };
            let doc = doc_attrs(&[markdown(&p.description, &[], self.model, &here())]);
            if p.nullable {
                quote! {
                    #doc
                    #[serde(rename = #wire, default, skip_serializing_if = "::graphgen_runtime::Nullable::is_absent")]
                    pub #field: ::graphgen_runtime::Nullable<#base>,
                }
            } else {
                quote! {
                    #doc
                    #[serde(rename = #wire)]
                    pub #field: #base,
                }
            }
        });
        let overridden = |t: &str| self.overrides.contains_key(t);
        let setters = super::setters::setter_methods(&self.parameter_fields(i), &overridden);
        let additional = super::setters::additional_property_method();
        let doc = super::docs::clean(&format!(
            " The parameters of `{}` (`{}`).",
            op.name, op.source.path
        ));
        quote! {
            #[doc = #doc]
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::core::default::Default, ::graphgen_runtime::serde::Serialize, ::graphgen_runtime::serde::Deserialize)]
            #[serde(crate = "::graphgen_runtime::serde")]
            pub struct #name {
                #(#fields)*
                /// Parameters this version does not know, kept to be written back.
                #[serde(flatten)]
                pub additional_properties: ::graphgen_runtime::AdditionalProperties,
            }

            impl #name {
                #additional
                #setters
            }
        }
    }

    /// An action's parameters as their setters see them, named as
    /// `emit_parameters` names the fields.
    pub(crate) fn parameter_fields(&self, i: usize) -> Vec<SetterField<'a>> {
        let mut scope = Scope::with_reserved(&["additional_properties"]);
        let mut methods = Scope::with_reserved(&["additional_property"]);
        self.ops[i]
            .parameters
            .iter()
            .map(|p| {
                let field = scope.claim(&names::field_name(&p.name)).0;
                let base = TypeCode::Plain(self.rust_type(&p.type_name));
                let base = if p.collection {
                    TypeCode::Vec(Box::new(base))
                } else {
                    base
                };
                let ty = if p.nullable {
                    TypeCode::Nullable(Box::new(base))
                } else {
                    base
                };
                SetterField {
                    wire: &p.name,
                    setter: methods.claim(&super::setters::setter_name(&field)).0,
                    field,
                    ty,
                    type_name: &p.type_name,
                    gate: TokenStream::new(),
                }
            })
            .collect()
    }
}

/// A node's path for docs: `/users/{id}/messages`.
fn child_path_doc(steps: &[Step]) -> String {
    let mut out = String::new();
    for s in steps {
        match s {
            Step::Segment(x) | Step::Cast(x) => {
                out.push('/');
                out.push_str(x);
            }
            Step::Key => out.push_str("/{id}"),
            Step::Address => out.push_str(":/{item-path}:"),
            Step::Call(n, args) => out.push_str(&format!("/{n}({})", args.join(","))),
        }
    }
    if out.is_empty() {
        "/".into()
    } else {
        out
    }
}

/// Whether an operation is OData change tracking: a `GET` of the function
/// its page names `delta` (bound, or the path's last segment, with or
/// without parentheses). Its pages of changes carry `@removed` entries and
/// end at an `@odata.deltaLink`, so they read as `Delta<T>`.
fn is_delta(op: &Operation, path: &str) -> bool {
    let named = op.binding.as_ref().is_some_and(|b| b.name == "delta");
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let segment = last.split('(').next().unwrap_or("");
    op.method.eq_ignore_ascii_case("GET") && (named || segment == "delta")
}
