//! The method pages' operations → a typed client: request builders that
//! follow the URL from `Graph` (one struct per path shape, one method per
//! step), each operation a method on the node its path ends at that
//! returns a sans-IO `graphgen_runtime::Call`, and a parameters struct for
//! each action. Emitted into the `calls` module beside the models.

mod tree;

use super::code::{default_primitive, free_json};
use super::docs::{doc_attrs, markdown};
use super::model::Model;
use super::names::{self, ident, Scope};
use crate::diag::{codes, Diagnostic};
use crate::ir::{Kind, Operation, Parameter};
use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;
pub use tree::{op_method, Step, Tree};

/// The module the calls are emitted into, beside the namespace modules.
pub const MODULE: &str = "calls";

pub struct CallsEmitter<'a> {
    pub model: &'a Model<'a>,
    /// The user's Edm → Rust overrides, as for the models.
    overrides: &'a BTreeMap<String, TokenStream>,
    pub ops: &'a [Operation],
    /// Rust names of the node structs, by node index.
    node_names: Vec<String>,
    /// Rust names of the actions' parameter structs, by operation index.
    param_structs: BTreeMap<usize, String>,
    tree: Tree,
}

fn here() -> Vec<String> {
    vec![MODULE.to_string()]
}

/// The struct name of a node: its steps in upper camel case (`UsersItemMessages`).
fn node_name(steps: &[Step]) -> String {
    if steps.is_empty() {
        return "Graph".into();
    }
    let mut name = String::new();
    for step in steps {
        let part = match step {
            Step::Segment(s) => s.trim_start_matches('$').to_upper_camel_case(),
            Step::Key => "Item".into(),
            Step::Address => "Path".into(),
            Step::Cast(t) => format!(
                "As{}",
                t.rsplit('.').next().unwrap_or(t).to_upper_camel_case()
            ),
            Step::Call(n, _) => n.to_upper_camel_case(),
        };
        name.push_str(&part);
    }
    names::type_name(&name)
}

/// The method that takes a step from a node to its child.
fn step_method(step: &Step) -> String {
    match step {
        Step::Segment(s) => match s.as_str() {
            "$value" => "value".into(),
            "$count" => "count".into(),
            "$ref" => "reference".into(),
            _ => names::field_name(s),
        },
        Step::Key => "by_id".into(),
        Step::Address => "item_path".into(),
        Step::Cast(t) => format!(
            "as_{}",
            names::field_name(t.rsplit('.').next().unwrap_or(t))
        ),
        Step::Call(n, _) => names::field_name(n),
    }
}

impl<'a> CallsEmitter<'a> {
    pub fn new(
        model: &'a Model<'a>,
        overrides: &'a BTreeMap<String, TokenStream>,
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
        let mut types = Scope::default();
        let node_names = tree
            .nodes
            .iter()
            .map(|n| types.claim(&node_name(&n.steps)).0)
            .collect();
        let mut param_structs = BTreeMap::new();
        for (i, op) in ops.iter().enumerate() {
            let Some(b) = op
                .binding
                .as_ref()
                .filter(|_| tree::is_action(op) && !op.parameters.is_empty())
            else {
                continue;
            };
            let bound = b
                .bound_to
                .as_deref()
                .and_then(|t| t.rsplit('.').next())
                .unwrap_or("");
            let wanted = names::type_name(&format!("{bound}_{}_parameters", b.name));
            param_structs.insert(
                i,
                types.claim_reported(
                    &wanted,
                    &format!("parameters of `{}`", op.name),
                    &op.source.path,
                    op.source.line,
                    diags,
                ),
            );
        }
        CallsEmitter {
            model,
            overrides,
            ops,
            node_names,
            param_structs,
            tree,
        }
    }

    /// The Rust type of a model or Edm type seen from the calls module.
    fn rust_type(&self, type_name: &str) -> TokenStream {
        if let Some(over) = self.overrides.get(type_name) {
            return over.clone();
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

    fn is_enum(&self, type_name: &str) -> bool {
        self.model
            .get(type_name)
            .is_some_and(|t| self.model.types[t].def.kind == Kind::Enum)
    }

    pub fn emit(&self, diags: &mut Vec<Diagnostic>) -> TokenStream {
        let nodes = (0..self.tree.nodes.len()).map(|n| self.emit_node(n, diags));
        let params = self
            .param_structs
            .iter()
            .map(|(&i, name)| self.emit_parameters(i, name));
        quote!(#(#nodes)* #(#params)*)
    }

    fn emit_node(&self, n: usize, diags: &mut Vec<Diagnostic>) -> TokenStream {
        let node = &self.tree.nodes[n];
        let name = ident(&self.node_names[n]);
        let mut methods = Scope::with_reserved(&["new"]);
        let children = node.children.iter().map(|(step, &child)| {
            let method = ident(&methods.claim(&step_method(step)).0);
            let child_name = ident(&self.node_names[child]);
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
            let doc = format!(" `{}`", child_path_doc(&self.tree.nodes[child].steps));
            quote! {
                #[doc = #doc]
                pub fn #method(&self, #args) -> #child_name {
                    #child_name { path: #path }
                }
            }
        }).collect::<Vec<_>>();
        let ops = node
            .ops
            .iter()
            .map(|at| self.emit_op(at, &mut methods, diags))
            .collect::<Vec<_>>();
        let doc = if n == 0 {
            " The root of Microsoft Graph: every documented path starts here.".to_string()
        } else {
            format!(" Calls at `{}`.", child_path_doc(&node.steps))
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
        quote! {
            #[doc = #doc]
            #[derive(::core::fmt::Debug, ::core::clone::Clone)]
            pub struct #name {
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
    fn emit_op(
        &self,
        at: &tree::OpAt,
        methods: &mut Scope,
        diags: &mut Vec<Diagnostic>,
    ) -> TokenStream {
        let op = &self.ops[at.op];
        let wanted = names::field_name(&op_method(op));
        let method = ident(&methods.claim_reported(
            &wanted,
            &format!("call `{}` at `{}`", op.name, op.paths[at.path]),
            &op.source.path,
            op.source.line,
            diags,
        ));
        let kind = self.response_kind(op, at);
        let http_method = ident(&op.method);
        let mut args = Vec::new();
        let mut path = quote!(self.path);
        if let Some(b) = &op.binding {
            let wire = &b.name;
            let params: Vec<(String, Option<&Parameter>)> =
                if op.parameters.is_empty() || tree::is_action(op) {
                    at.call_args.iter().map(|a| (a.clone(), None)).collect()
                } else {
                    op.parameters
                        .iter()
                        .map(|p| (p.name.clone(), Some(p)))
                        .collect()
                };
            if tree::is_action(op)
                || (params.is_empty() && !op.paths[at.path].trim_end().ends_with(')'))
            {
                path = quote!(self.path.segment(#wire));
            } else {
                let pieces = params
                    .iter()
                    .map(|(name, p)| {
                        let id = ident(&names::field_name(name));
                        let (ty, literal) = self.literal_arg(*p, &id);
                        args.push(quote!(#id: #ty));
                        quote!((#name, #literal))
                    })
                    .collect::<Vec<_>>();
                path = quote!(self.path.call(#wire, &[#(#pieces),*]));
            }
        }
        let mut build = quote!(::graphgen_runtime::Call::new(::graphgen_runtime::http::Method::#http_method, &#path));
        if let Some(name) = self.param_structs.get(&at.op) {
            let ty = ident(name);
            args.push(quote!(parameters: &#ty));
            build = quote!(#build.with_json(parameters));
        } else if let Some(body) = op.request_body.as_ref().filter(|_| op.binding.is_none()) {
            if body.type_name == "Edm.Stream" {
                args.push(quote!(content: ::std::vec::Vec<u8>, content_type: &str));
                build = quote!(#build.with_bytes(content, content_type));
            } else {
                let ty = self.rust_type(&body.type_name);
                let ty = if body.collection { quote!([#ty]) } else { ty };
                args.push(quote!(body: &#ty));
                build = quote!(#build.with_json(body));
            }
        }
        if op
            .headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case("ConsistencyLevel"))
        {
            build = quote!(#build.with_eventual_consistency());
        }
        let docs = self.op_docs(op, at);
        quote! {
            #docs
            pub fn #method(&self, #(#args),*) -> ::graphgen_runtime::Call<#kind> {
                #build
            }
        }
    }

    /// A function argument's Rust type and how it is written in the URL.
    fn literal_arg(
        &self,
        p: Option<&Parameter>,
        id: &proc_macro2::Ident,
    ) -> (TokenStream, TokenStream) {
        let Some(p) = p.filter(|p| !p.collection) else {
            return (
                quote!(impl ::graphgen_runtime::ODataLiteral),
                quote!(::graphgen_runtime::ODataLiteral::odata_literal(&#id)),
            );
        };
        if self.is_enum(&p.type_name) {
            let ty = self.rust_type(&p.type_name);
            return (quote!(&#ty), quote!(::graphgen_runtime::enum_literal(#id)));
        }
        let ty = match p.type_name.as_str() {
            // An overridden type's literal form is not known: any literal.
            t if self.overrides.contains_key(t) => quote!(impl ::graphgen_runtime::ODataLiteral),
            "Edm.String" => quote!(&str),
            "Edm.Untyped" | "Edm.Stream" | "Edm.Binary" => {
                quote!(impl ::graphgen_runtime::ODataLiteral)
            }
            t => match default_primitive(t) {
                Some(prim) => prim,
                None => quote!(impl ::graphgen_runtime::ODataLiteral),
            },
        };
        (
            ty,
            quote!(::graphgen_runtime::ODataLiteral::odata_literal(&#id)),
        )
    }

    /// What the response holds: `Page<T>`, `Json<T>`, `Value<T>`, bytes or nothing.
    fn response_kind(&self, op: &Operation, at: &tree::OpAt) -> TokenStream {
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
        let perms = [
            (
                "Delegated (work or school account)",
                &op.permissions.delegated_work,
            ),
            (
                "Delegated (personal Microsoft account)",
                &op.permissions.delegated_personal,
            ),
            ("Application", &op.permissions.application),
        ];
        let lines: Vec<String> = perms
            .iter()
            .map(|(kind, list)| {
                let list = if list.is_empty() {
                    "not supported".to_string()
                } else {
                    list.iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                format!("{kind}: {list}")
            })
            .collect();
        parts.push(format!(
            "Permissions, least privileged first. {}.",
            lines.join("; ")
        ));
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
        doc_attrs(&parts)
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
        let doc = format!(" The parameters of `{}` (`{}`).", op.name, op.source.path);
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
        }
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
