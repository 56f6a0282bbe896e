//! Chained setters on every generated struct (own and inherited fields) and
//! on every action's parameters struct, so a body reads
//! `Message::default().subject("Hi")` instead of a struct literal with
//! `.to_string().into()` and `..Default::default()` at each level.
//!
//! Each setter is an assignment (`self.field = ...; self`), not a struct
//! literal, so it keeps compiling wherever the field lives (in the struct
//! itself or behind `DerefMut`). Arguments take plain values: `impl Into<T>`
//! wrapped in `Nullable` (and `Box`) inside, collections any iterator of
//! values that convert, scalars their Rust primitive.

use super::code::TypeCode;
use super::names::{self, ident, Scope};
use super::Emitter;
use proc_macro2::TokenStream;
use quote::quote;

/// Method names a setter must not take: the generated struct's own
/// methods (`odata_type`, `additional_property`) and those of the traits
/// every struct implements, which a same-named inherent method would hide
/// (`Message::default()` must stay `Default::default`).
const TAKEN_METHODS: &[&str] = &[
    "additional_property",
    "odata_type",
    "default",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "serialize",
    "deserialize",
    "deserialize_in_place",
    "read_field",
    "walk_misfits",
    "collect_misfits",
    "from",
    "into",
    "try_from",
    "try_into",
    "to_owned",
    "clone_into",
    "borrow",
    "borrow_mut",
    "type_id",
    "base",
    "base_mut",
];

/// One field as its setter sees it.
pub(crate) struct SetterField<'a> {
    /// The wire name (`toRecipients`).
    pub wire: &'a str,
    /// The struct's field (`to_recipients`).
    pub field: String,
    /// The setter's name: the field's, or `with_field` where that is taken.
    pub setter: String,
    pub ty: TypeCode,
    /// The property's type as the pages name it (`Edm.Int64`, `microsoft.graph.recipient`).
    pub type_name: &'a str,
    /// The `#[cfg]` the field is under (empty when always compiled).
    pub gate: TokenStream,
}

/// The setter's name for a field.
pub(crate) fn setter_name(field: &str) -> String {
    if TAKEN_METHODS.contains(&field.trim_end_matches('_')) {
        format!("with_{}", field.trim_end_matches('_'))
    } else {
        field.to_string()
    }
}

/// A Rust primitive an `Edm` scalar's setter takes as it is (a literal
/// infers to it), and how the field's type is made from it.
fn scalar(type_name: &str) -> Option<(TokenStream, Option<TokenStream>)> {
    Some(match type_name {
        "Edm.Boolean" => (quote!(bool), None),
        "Edm.Int32" => (quote!(i32), None),
        "Edm.Int16" => (quote!(i16), None),
        "Edm.Byte" => (quote!(u8), None),
        "Edm.SByte" => (quote!(i8), None),
        "Edm.Single" => (quote!(f32), None),
        "Edm.Int64" => (quote!(i64), Some(quote!(::graphgen_runtime::Int64))),
        "Edm.Double" => (quote!(f64), Some(quote!(::graphgen_runtime::Double))),
        _ => return None,
    })
}

/// A setter's parameter type and the expression that makes the field's
/// value from `value`.
fn argument(ty: &TypeCode, type_name: &str, overridden: bool) -> (TokenStream, TokenStream) {
    match ty {
        TypeCode::Nullable(inner) => {
            let (param, value) = argument(inner, type_name, overridden);
            (param, quote!(::graphgen_runtime::Nullable::Value(#value)))
        }
        TypeCode::Vec(item) => (
            quote!(impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<#item>>),
            quote!(value.into_iter().map(::core::convert::Into::into).collect()),
        ),
        TypeCode::Boxed(inner) => (
            quote!(impl ::core::convert::Into<#inner>),
            quote!(::std::boxed::Box::new(value.into())),
        ),
        TypeCode::Plain(plain) => match scalar(type_name).filter(|_| !overridden) {
            Some((rust, None)) => (rust, quote!(value)),
            Some((rust, Some(wrapper))) => (rust, quote!(#wrapper(value))),
            None => (
                quote!(impl ::core::convert::Into<#plain>),
                quote!(value.into()),
            ),
        },
        TypeCode::Flags(_) => (
            quote!(impl ::core::convert::Into<#ty>),
            quote!(value.into()),
        ),
    }
}

/// The setter methods of `fields` (no `impl` block around them).
pub(crate) fn setter_methods(
    fields: &[SetterField<'_>],
    overridden: &dyn Fn(&str) -> bool,
) -> TokenStream {
    let methods = fields.iter().map(|f| {
        let (param, value) = argument(&f.ty, f.type_name, overridden(f.type_name));
        let field = ident(&f.field);
        let setter = ident(&f.setter);
        let gate = &f.gate;
        let doc = super::docs::clean(&format!(" Sets `{}`.", f.wire));
        quote! {
            #[doc = #doc]
            #gate
            #[must_use]
            pub fn #setter(mut self, value: #param) -> Self {
                self.#field = #value;
                self
            }
        }
    });
    quote!(#(#methods)*)
}

/// `additional_property(name, value)`: a property (or an annotation,
/// `members@odata.bind`) the model does not know, kept in
/// `additional_properties`.
pub(crate) fn additional_property_method() -> TokenStream {
    quote! {
        /// Sets a property this version of the model does not know (or an annotation: `members@odata.bind`).
        #[must_use]
        pub fn additional_property(mut self, name: impl ::core::convert::Into<::std::string::String>, value: impl ::core::convert::Into<::graphgen_runtime::serde_json::Value>) -> Self {
            self.additional_properties.insert(name.into(), value.into());
            self
        }
    }
}

impl Emitter<'_> {
    /// A struct's fields in the order and with the names `emit_struct`
    /// gives them.
    pub(crate) fn setter_fields(&self, index: usize) -> Vec<SetterField<'_>> {
        let mut scope = Scope::with_reserved(super::structs::RESERVED_FIELDS);
        let mut methods = Scope::with_reserved(TAKEN_METHODS);
        let mut wires: std::collections::BTreeSet<&str> = ["@odata.type"].into_iter().collect();
        let mut out = Vec::new();
        for p in self.model.flattened_properties(index) {
            if !wires.insert(p.name.as_str()) {
                continue;
            }
            let field = scope.claim(&names::field_name(&p.name)).0;
            let gate = match self.model.get(&p.type_name) {
                Some(target) if p.navigation => self.gates.cfg_within(index, target),
                _ => TokenStream::new(),
            };
            out.push(SetterField {
                wire: &p.name,
                setter: methods.claim(&setter_name(&field)).0,
                field,
                ty: self.field_type(index, p, &mut Vec::new()),
                type_name: &p.type_name,
                gate,
            });
        }
        out
    }

    /// A struct's setters, with one for `@odata.type` and one for a
    /// property this version of the model does not know.
    pub(super) fn emit_setters(&self, index: usize) -> TokenStream {
        let info = &self.model.types[index];
        let name = ident(&info.rust_name);
        let overrides = &self.options.type_overrides;
        let methods = setter_methods(&self.setter_fields(index), &|t| overrides.contains_key(t));
        let additional = additional_property_method();
        // The type's own name, as the service writes it: what a derived
        // value held in a field of its base type needs.
        let doc = super::docs::clean(&format!(
            " Sets the `@odata.type` annotation (`#{}` for this type).",
            info.def.qualified_name()
        ));
        quote! {
            impl #name {
                #[doc = #doc]
                #[must_use]
                pub fn odata_type(mut self, value: impl ::core::convert::Into<::std::string::String>) -> Self {
                    self.odata_type = ::core::option::Option::Some(value.into());
                    self
                }
                #additional
                #methods
            }
        }
    }
}
