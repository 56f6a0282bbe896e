//! A struct's item and impls from its fields. A root struct holds
//! `@odata.type`, its properties, unknown properties and misfits; a derived
//! type holds its base struct as `base` (reached through `Deref`, as
//! web-sys and windows-rs model inheritance) and only the properties the
//! base does not have. On the wire both are one flat object: a derived
//! type reads its own keys and hands the others to its base, and writes
//! its base's properties before its own.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// A struct's fields and each impl's share of them, collected field by field.
#[derive(Default)]
pub(super) struct StructParts {
    pub fields: Vec<TokenStream>,
    pub arms: Vec<TokenStream>,
    pub walks: Vec<TokenStream>,
    pub writes: Vec<TokenStream>,
    pub clones: Vec<TokenStream>,
    pub equals: Vec<TokenStream>,
    pub gated_equals: Vec<TokenStream>,
}

/// Where a struct's inherited properties live.
pub(super) enum Layout {
    /// No base: the struct holds the annotations and unknown properties.
    Root,
    /// A base struct in field `base`, `depth` such fields above the root.
    Derived {
        base: TokenStream,
        base_name: String,
        depth: usize,
    },
}

/// The struct itself, with its fields.
pub(super) fn struct_item(
    name: &Ident,
    docs: &TokenStream,
    layout: &Layout,
    parts: &StructParts,
) -> TokenStream {
    let fields = &parts.fields;
    let derive = quote!(#[derive(::core::fmt::Debug, ::core::default::Default)]);
    match layout {
        Layout::Root => quote! {
            #docs
            #derive
            pub struct #name {
                #[doc = " The `@odata.type` annotation, as read."]
                pub odata_type: ::core::option::Option<::std::string::String>,
                #(#fields)*
                #[doc = " Properties this version of the model does not know, kept to be written back."]
                #[doc = " Values that do not fit their documented type are kept here too."]
                pub additional_properties: ::graphgen_runtime::AdditionalProperties,
                #[doc = " The properties whose values did not fit their documented type (kept in"]
                #[doc = " `additional_properties`): drift between the pages and the service."]
                pub misfits: ::graphgen_runtime::Misfits,
            }
        },
        Layout::Derived {
            base, base_name, ..
        } => {
            let doc = super::docs::clean(&format!(
                " The properties inherited from `{base_name}`, with `@odata.type`, unknown properties and misfits; `Deref` reads them as this struct's own."
            ));
            quote! {
                #docs
                #derive
                pub struct #name {
                    #[doc = #doc]
                    pub base: #base,
                    #(#fields)*
                }

                impl ::core::ops::Deref for #name {
                    type Target = #base;
                    fn deref(&self) -> &#base {
                        &self.base
                    }
                }

                impl ::core::ops::DerefMut for #name {
                    fn deref_mut(&mut self) -> &mut #base {
                        &mut self.base
                    }
                }
            }
        }
    }
}

/// A struct's impls: Clone, PartialEq, Serialize, ObjectFields, Deserialize.
pub(super) fn struct_impls(
    name: &Ident,
    expecting: &str,
    layout: &Layout,
    parts: &StructParts,
) -> TokenStream {
    let clone_eq = clone_and_eq(name, layout, parts);
    let fields = object_fields(name, expecting, layout, parts);
    quote! {
        #clone_eq

        impl ::graphgen_runtime::serde::Serialize for #name {
            fn serialize<__S>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
            where
                __S: ::graphgen_runtime::serde::Serializer,
            {
                ::graphgen_runtime::ser::write_object(self, &self.additional_properties, serializer)
            }
        }

        #fields

        impl<'de> ::graphgen_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: ::graphgen_runtime::serde::Deserializer<'de>,
            {
                ::graphgen_runtime::de::read_fields(deserializer)
            }
        }
    }
}

/// Clone and PartialEq by hand: derived, each field's clone and comparison
/// goes through longer paths, and PartialEq brings a `StructuralPartialEq`
/// impl too; both cost check time per type.
fn clone_and_eq(name: &Ident, layout: &Layout, parts: &StructParts) -> TokenStream {
    let StructParts {
        clones,
        equals,
        gated_equals,
        ..
    } = parts;
    let (clone, eq) = match layout {
        Layout::Root => (
            quote! {
                Self {
                    odata_type: self.odata_type.clone(),
                    #(#clones)*
                    additional_properties: self.additional_properties.clone(),
                    misfits: self.misfits.clone(),
                }
            },
            quote! {
                #(#gated_equals)*
                self.odata_type == other.odata_type
                    #(#equals)*
                    && self.additional_properties == other.additional_properties
                    && self.misfits == other.misfits
            },
        ),
        Layout::Derived { .. } => (
            quote! {
                Self {
                    base: self.base.clone(),
                    #(#clones)*
                }
            },
            quote! {
                #(#gated_equals)*
                self.base == other.base #(#equals)*
            },
        ),
    };
    quote! {
        impl ::core::clone::Clone for #name {
            fn clone(&self) -> Self {
                #clone
            }
        }

        impl ::core::cmp::PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                #eq
            }
        }
    }
}

/// `ObjectFields`: a derived type reads its own keys and hands the others
/// to its base; its fields' misfits and unknown values go to the root's.
fn object_fields(
    name: &Ident,
    expecting: &str,
    layout: &Layout,
    parts: &StructParts,
) -> TokenStream {
    let StructParts {
        arms,
        walks,
        writes,
        ..
    } = parts;
    let (read, first_write, first_walk) = match layout {
        Layout::Root => (
            quote! {
                let read = ::graphgen_runtime::de::FieldReader::new(key.as_str(), map, &mut self.additional_properties, &mut self.misfits);
                match key.as_str() {
                    "@odata.type" => read.strict(&mut self.odata_type),
                    #(#arms)*
                    _ => ::graphgen_runtime::de::unknown(map, key, &mut self.additional_properties),
                }
            },
            quote!(out.annotation("@odata.type", &self.odata_type);),
            quote!(::graphgen_runtime::lenient::own_misfits(&self.misfits, path, out);),
        ),
        Layout::Derived { depth, .. } => {
            // The root's fields by their path, not through `DerefMut`: two
            // `deref_mut` calls could not lend both at once.
            let root = std::iter::repeat_n(quote!(base), *depth);
            let root = quote!(self.#(#root).*);
            let to_base = quote!(::graphgen_runtime::de::ObjectFields::read_field(
                &mut self.base,
                key,
                map
            ));
            let read = if arms.is_empty() {
                to_base
            } else {
                quote! {
                    let read = ::graphgen_runtime::de::FieldReader::new(key.as_str(), map, &mut #root.additional_properties, &mut #root.misfits);
                    match key.as_str() {
                        #(#arms)*
                        _ => #to_base,
                    }
                }
            };
            (
                read,
                quote!(::graphgen_runtime::de::ObjectFields::write_fields(&self.base, out);),
                quote!(::graphgen_runtime::de::ObjectFields::walk_misfits(&self.base, path, out);),
            )
        }
    };
    quote! {
        impl ::graphgen_runtime::de::ObjectFields for #name {
            const EXPECTING: &'static str = #expecting;
            fn read_field<'de, __A>(&mut self, key: ::graphgen_runtime::de::Key<'de>, map: &mut __A) -> ::core::result::Result<(), __A::Error>
            where
                __A: ::graphgen_runtime::serde::de::MapAccess<'de>,
            {
                #read
            }
            fn write_fields<__M>(&self, out: &mut ::graphgen_runtime::ser::ObjectWriter<__M>)
            where
                __M: ::graphgen_runtime::serde::ser::SerializeMap,
            {
                #first_write
                #(#writes)*
            }
            fn walk_misfits(&self, path: &str, out: &mut ::std::vec::Vec<(::std::string::String, ::graphgen_runtime::Misfit)>) {
                #first_walk
                #(#walks)*
            }
        }
    }
}
