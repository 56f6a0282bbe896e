//! Field selectors: for each struct, an enum of its properties' wire names
//! (inherited ones too), so that the names a call's `select`, `expand` and
//! `orderby` take are checked by the compiler (`MessageField::Subject` is
//! `subject`); strings stay accepted.

use super::names::{self, ident, Scope};
use super::Emitter;
use proc_macro2::TokenStream;
use quote::quote;

impl Emitter<'_> {
    pub(super) fn emit_selectors(&self, index: usize) -> TokenStream {
        let info = &self.model.types[index];
        let Some(name) = &info.field_enum_name else {
            return TokenStream::new();
        };
        let name = ident(name);
        let mut scope = Scope::default();
        let mut wires = std::collections::BTreeSet::new();
        let mut variants = Vec::new();
        let mut arms = Vec::new();
        for p in self.model.flattened_properties(index) {
            if !wires.insert(p.name.as_str()) {
                continue;
            }
            // Two wire names with one Rust name are already reported for
            // the struct's fields: not again here.
            let variant = ident(&scope.claim(&names::variant_name(&p.name)).0);
            let wire = &p.name;
            variants.push(quote!(#variant,));
            arms.push(quote!(Self::#variant => #wire,));
        }
        let doc = super::docs::clean(&format!(
            " The wire names of [`{}`]'s properties, inherited ones too, checked by the compiler: for a call's `select`, `expand` and `orderby` (`graphgen_runtime::desc(..)` orders descending).",
            info.rust_name
        ));
        // Lean on purpose: one enum and one impl a struct. Each derive or
        // method more costs `cargo check` time on every struct of the crate.
        quote! {
            #[doc = #doc]
            #[derive(::core::clone::Clone, ::core::marker::Copy)]
            #[non_exhaustive]
            // Property names are free text: one that is no word (`ÿ`) or
            // a keyword met twice (`Self_2`) is no camel-case name.
            #[allow(non_camel_case_types)]
            pub enum #name {
                #(#variants)*
            }

            impl ::core::convert::AsRef<str> for #name {
                fn as_ref(&self) -> &str {
                    match self {
                        #(#arms)*
                    }
                }
            }
        }
    }
}
