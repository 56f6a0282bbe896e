//! Enum types → forward-compatible Rust enums: an unknown wire value is kept
//! in a catch-all variant and written back unchanged.

use super::docs::{doc_attrs, markdown};
use super::names::{self, ident, Scope};
use super::Emitter;
use crate::diag::Diagnostic;
use proc_macro2::TokenStream;
use quote::quote;

impl Emitter<'_> {
    pub(super) fn emit_enum(&self, index: usize, diags: &mut Vec<Diagnostic>) -> TokenStream {
        let info = &self.model.types[index];
        let def = info.def;
        let name = ident(&info.rust_name);
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        let mut from_arms = Vec::new();
        let mut to_arms = Vec::new();
        // A member listed twice keeps its first variant.
        let mut wires = std::collections::BTreeSet::new();
        for m in def.members.iter().filter(|m| wires.insert(m.name.as_str())) {
            let what = format!("member `{}` of `{}`", m.name, def.name);
            let variant = scope.claim_reported(
                &names::variant_name(&m.name),
                &what,
                &def.source.path,
                def.source.line,
                diags,
            );
            let variant = ident(&variant);
            let wire = &m.name;
            let mut paragraphs = vec![markdown(&m.description, &[], &self.model, &info.home)];
            if let Some(v) = m.value {
                paragraphs.push(format!("Value: {v}."));
            }
            let docs = doc_attrs(&paragraphs);
            variants.push(quote!(#docs #variant,));
            from_arms.push(quote!(#wire => Self::#variant,));
            to_arms.push(quote!(Self::#variant => #wire,));
        }
        let catch_all = ["Unrecognized", "UnrecognizedValue", "UnrecognizedWireValue"]
            .into_iter()
            .find(|c| !scope.contains(c))
            .map_or_else(|| scope.claim("Unrecognized").0, str::to_string);
        let catch_all = ident(&catch_all);
        let mut paragraphs = vec![markdown(
            &def.description,
            &def.links,
            &self.model,
            &info.home,
        )];
        if def.flags {
            paragraphs.push(
                "A flags enum: fields of this type hold several members (`a,b` on the wire)."
                    .to_string(),
            );
        }
        paragraphs.push(format!(
            "Page: `{}`, line {}.",
            def.source.path, def.source.line
        ));
        let docs = doc_attrs(&paragraphs);
        quote! {
            #docs
            #[derive(::core::fmt::Debug, ::core::clone::Clone)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                #[doc = " A value this version of the model does not know; written back unchanged."]
                #catch_all(::std::string::String),
            }

            impl ::graphgen_runtime::lenient::LenientRead for #name {
                fn read<'de, __D>(deserializer: __D) -> ::core::result::Result<::graphgen_runtime::lenient::Read<Self>, __D::Error>
                where
                    __D: ::graphgen_runtime::serde::Deserializer<'de>,
                {
                    ::graphgen_runtime::lenient::read_enum(deserializer)
                }
            }

            impl ::graphgen_runtime::WireEnum for #name {
                fn from_wire(name: &str) -> Self {
                    match name {
                        #(#from_arms)*
                        other => Self::#catch_all(::std::string::String::from(other)),
                    }
                }
                fn wire_name(&self) -> &str {
                    match self {
                        #(#to_arms)*
                        Self::#catch_all(other) => other,
                    }
                }
            }

            // Compared, hashed and ordered by wire value: a value read as
            // the catch-all equals the member of the same name, and each
            // impl is one line (derived, they cost check time per variant).
            impl ::core::cmp::PartialEq for #name {
                fn eq(&self, other: &Self) -> bool {
                    ::graphgen_runtime::WireEnum::wire_name(self) == ::graphgen_runtime::WireEnum::wire_name(other)
                }
            }

            impl ::core::cmp::Eq for #name {}

            impl ::core::hash::Hash for #name {
                fn hash<__H: ::core::hash::Hasher>(&self, state: &mut __H) {
                    ::core::hash::Hash::hash(::graphgen_runtime::WireEnum::wire_name(self), state)
                }
            }

            impl ::core::cmp::PartialOrd for #name {
                fn partial_cmp(&self, other: &Self) -> ::core::option::Option<::core::cmp::Ordering> {
                    ::core::option::Option::Some(::core::cmp::Ord::cmp(self, other))
                }
            }

            impl ::core::cmp::Ord for #name {
                fn cmp(&self, other: &Self) -> ::core::cmp::Ordering {
                    ::core::cmp::Ord::cmp(::graphgen_runtime::WireEnum::wire_name(self), ::graphgen_runtime::WireEnum::wire_name(other))
                }
            }

            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(::graphgen_runtime::WireEnum::wire_name(self))
                }
            }

            impl ::core::str::FromStr for #name {
                type Err = ::core::convert::Infallible;
                fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                    ::core::result::Result::Ok(::graphgen_runtime::WireEnum::from_wire(s))
                }
            }

            impl ::graphgen_runtime::serde::Serialize for #name {
                fn serialize<__S>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
                where
                    __S: ::graphgen_runtime::serde::Serializer,
                {
                    serializer.serialize_str(::graphgen_runtime::WireEnum::wire_name(self))
                }
            }

            impl<'de> ::graphgen_runtime::serde::Deserialize<'de> for #name {
                fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
                where
                    __D: ::graphgen_runtime::serde::Deserializer<'de>,
                {
                    let key = <::graphgen_runtime::de::Key<'de> as ::graphgen_runtime::serde::Deserialize<'de>>::deserialize(deserializer)?;
                    ::core::result::Result::Ok(::graphgen_runtime::WireEnum::from_wire(key.as_str()))
                }
            }
        }
    }
}
