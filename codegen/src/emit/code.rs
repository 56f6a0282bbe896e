//! Typed pieces of code between the IR and tokens (in the manner of
//! autorust): a field's Rust type is built as a `TypeCode`, then printed.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

#[derive(Debug, Clone)]
pub enum TypeCode {
    /// A primitive's Rust type, a model type's path, or a user override.
    Plain(TokenStream),
    /// A flags enum: members joined by commas on the wire.
    Flags(TokenStream),
    Vec(Box<TypeCode>),
    Boxed(Box<TypeCode>),
    /// Absent, `null` or a value.
    Nullable(Box<TypeCode>),
}

impl ToTokens for TypeCode {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let t = match self {
            TypeCode::Plain(t) => t.clone(),
            TypeCode::Flags(e) => quote!(::graphgen_runtime::Flags<#e>),
            TypeCode::Vec(inner) => quote!(::std::vec::Vec<#inner>),
            TypeCode::Boxed(inner) => quote!(::std::boxed::Box<#inner>),
            TypeCode::Nullable(inner) => quote!(::graphgen_runtime::Nullable<#inner>),
        };
        tokens.extend(t);
    }
}

/// The default Rust type of each Edm primitive. `None` for a name that is
/// not an Edm primitive.
pub fn default_primitive(edm: &str) -> Option<TokenStream> {
    Some(match edm {
        "Edm.String" => quote!(::std::string::String),
        "Edm.Boolean" => quote!(bool),
        "Edm.Int32" => quote!(i32),
        "Edm.Int16" => quote!(i16),
        "Edm.Byte" => quote!(u8),
        "Edm.SByte" => quote!(i8),
        "Edm.Single" => quote!(f32),
        "Edm.Int64" => quote!(::graphgen_runtime::Int64),
        "Edm.Double" => quote!(::graphgen_runtime::Double),
        "Edm.Decimal" => quote!(::graphgen_runtime::Decimal),
        "Edm.DateTimeOffset" => quote!(::graphgen_runtime::DateTimeOffset),
        "Edm.Date" => quote!(::graphgen_runtime::Date),
        "Edm.TimeOfDay" => quote!(::graphgen_runtime::TimeOfDay),
        "Edm.Duration" => quote!(::graphgen_runtime::Duration),
        "Edm.Guid" => quote!(::graphgen_runtime::uuid::Uuid),
        "Edm.Binary" => quote!(::graphgen_runtime::Binary),
        "Edm.Stream" | "Edm.Untyped" => quote!(::graphgen_runtime::serde_json::Value),
        _ => return None,
    })
}

/// The Rust type for free JSON, also used for a type the IR does not define.
pub fn free_json() -> TokenStream {
    quote!(::graphgen_runtime::serde_json::Value)
}

/// A user's override type (Rust source, checked by `Config`): one that does
/// not parse falls back to free JSON rather than failing emission.
pub fn override_type(source: &str) -> TokenStream {
    source
        .parse::<TokenStream>()
        .unwrap_or_else(|_| free_json())
}
