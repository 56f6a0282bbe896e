//! A type with derived types also gets a polymorphic form: an enum over the
//! type and everything derived from it, chosen by `@odata.type`, falling
//! back to the type itself for an `@odata.type` it does not know.

use super::names::{ident, Scope};
use super::Emitter;
use proc_macro2::TokenStream;
use quote::quote;

impl Emitter<'_> {
    pub(super) fn emit_poly(&self, index: usize) -> TokenStream {
        let info = &self.model.types[index];
        let Some(poly) = &info.poly_name else {
            return TokenStream::new();
        };
        let poly = ident(poly);
        let mut scope = Scope::default();
        let members = std::iter::once(index).chain(info.descendants.iter().copied());
        let mut variants = Vec::new();
        let mut ser_arms = Vec::new();
        let mut walk_arms = Vec::new();
        let mut base_arms = Vec::new();
        let mut seen_wires = std::collections::BTreeSet::new();
        seen_wires.insert(info.def.qualified_name().to_ascii_lowercase());
        let mut de_arms = Vec::new();
        let mut froms = Vec::new();
        let base_variant = ident(&scope.claim(&info.rust_name).0);
        for t in members {
            let target = &self.model.types[t];
            let variant = if t == index {
                base_variant.clone()
            } else {
                // A derived type of another namespace may share a name.
                let wanted = if scope.contains(&target.rust_name) {
                    format!(
                        "{}{}",
                        heck::ToUpperCamelCase::to_upper_camel_case(
                            target.module.join("_").as_str()
                        ),
                        target.rust_name
                    )
                } else {
                    target.rust_name.clone()
                };
                ident(&scope.claim(&wanted).0)
            };
            let path = self.model.path_from(&info.home, t, false);
            // A derived type no enabled feature compiles has no variant: it
            // reads as the base type, its own fields kept as unknown ones.
            let gate = self.gates.cfg_within(index, t);
            let doc = super::docs::clean(&format!(" `{}`.", target.def.qualified_name()));
            variants.push(quote!(#[doc = #doc] #gate #variant(::std::boxed::Box<#path>),));
            ser_arms.push(quote!(#gate Self::#variant(value) => ::graphgen_runtime::serde::Serialize::serialize(value.as_ref(), serializer),));
            walk_arms.push(quote!(#gate Self::#variant(value) => ::graphgen_runtime::CollectMisfits::collect_misfits(value.as_ref(), path, out),));
            // Each derived type derefs to its base, up to this type.
            base_arms.push(quote!(#gate Self::#variant(value) => value,));
            let wire = target.def.qualified_name().to_ascii_lowercase();
            // Two types whose names differ only in case read the same
            // `@odata.type`: the first one gets it.
            if t != index && seen_wires.insert(wire.clone()) {
                de_arms.push(quote!(#gate ::core::option::Option::Some(#wire) => ::graphgen_runtime::de::from_json(json).map(Self::#variant),));
            }
            // A derived value in a field of its base type is told apart by
            // its `@odata.type`: the service needs it written.
            let tag = if t == index {
                TokenStream::new()
            } else {
                let annotation = format!("#{}", target.def.qualified_name());
                quote! {
                    let mut value = value;
                    if value.odata_type.is_none() {
                        value.odata_type = ::core::option::Option::Some(#annotation.to_string());
                    }
                }
            };
            froms.push(quote! {
                #gate
                impl ::core::convert::From<#path> for #poly {
                    fn from(value: #path) -> Self {
                        #tag
                        Self::#variant(::std::boxed::Box::new(value))
                    }
                }
            });
        }
        let doc = super::docs::clean(&format!(
            " `{}` or any type derived from it, read by its `@odata.type`; an `@odata.type` this version does not know reads as `{}`.",
            info.def.qualified_name(),
            info.rust_name
        ));
        let base_view = self.base_view(index, &poly, &base_arms);
        quote! {
            #[doc = #doc]
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
            #[non_exhaustive]
            pub enum #poly {
                #(#variants)*
            }

            impl ::core::default::Default for #poly {
                fn default() -> Self {
                    Self::#base_variant(::std::boxed::Box::default())
                }
            }

            #(#froms)*

            #base_view

            impl ::graphgen_runtime::serde::Serialize for #poly {
                fn serialize<__S>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
                where
                    __S: ::graphgen_runtime::serde::Serializer,
                {
                    match self {
                        #(#ser_arms)*
                    }
                }
            }

            impl ::graphgen_runtime::CollectMisfits for #poly {
                fn collect_misfits(&self, path: &str, out: &mut ::std::vec::Vec<(::std::string::String, ::graphgen_runtime::Misfit)>) {
                    match self {
                        #(#walk_arms)*
                    }
                }
            }

            impl ::graphgen_runtime::lenient::LenientRead for #poly {
                fn read<'de, __D>(deserializer: __D) -> ::core::result::Result<::graphgen_runtime::lenient::Read<Self>, __D::Error>
                where
                    __D: ::graphgen_runtime::serde::Deserializer<'de>,
                {
                    ::graphgen_runtime::lenient::read_poly(deserializer)
                }
            }

            impl<'de> ::graphgen_runtime::serde::Deserialize<'de> for #poly {
                fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
                where
                    __D: ::graphgen_runtime::serde::Deserializer<'de>,
                {
                    let raw = <::std::boxed::Box<::graphgen_runtime::serde_json::value::RawValue> as ::graphgen_runtime::serde::Deserialize<'de>>::deserialize(deserializer)?;
                    let json = raw.get();
                    match ::graphgen_runtime::de::odata_type_lowercase(json).as_deref() {
                        #(#de_arms)*
                        _ => ::graphgen_runtime::de::from_json(json).map(Self::#base_variant),
                    }
                }
            }
        }
    }
    /// `base()`, `base_mut()` and `Deref` to the base type: each variant's
    /// value derefs to its base, up to this type, so one arm a variant.
    fn base_view(
        &self,
        index: usize,
        poly: &proc_macro2::Ident,
        arms: &[TokenStream],
    ) -> TokenStream {
        let info = &self.model.types[index];
        let base = self.model.path_from(&info.home, index, false);
        let doc = super::docs::clean(&format!(
            " The `{}` properties of the value, whichever type it is, with no `match` (`Deref` reads them too).",
            info.def.qualified_name()
        ));
        quote! {
            impl #poly {
                #[doc = #doc]
                pub fn base(&self) -> &#base {
                    match self {
                        #(#arms)*
                    }
                }
                #[doc = " The same, to change them."]
                pub fn base_mut(&mut self) -> &mut #base {
                    match self {
                        #(#arms)*
                    }
                }
            }

            impl ::core::ops::Deref for #poly {
                type Target = #base;
                fn deref(&self) -> &#base {
                    self.base()
                }
            }

            impl ::core::ops::DerefMut for #poly {
                fn deref_mut(&mut self) -> &mut #base {
                    self.base_mut()
                }
            }
        }
    }
}
