//! Entity and complex types → serde structs holding their own and inherited
//! properties, with unknown properties kept.

use super::code::{default_primitive, free_json, TypeCode};
use super::docs::{doc_attrs, markdown};
use super::names::{self, ident, Scope};
use super::Emitter;
use crate::diag::{codes, Diagnostic};
use crate::ir::{Kind, Property};
use proc_macro2::TokenStream;
use quote::quote;

/// Field names the generator itself uses in every struct.
pub(super) const RESERVED_FIELDS: &[&str] = &["odata_type", "additional_properties", "misfits"];

impl Emitter<'_> {
    /// The Rust type of a property's field.
    pub(super) fn field_type(
        &self,
        owner: usize,
        p: &Property,
        diags: &mut Vec<Diagnostic>,
    ) -> TypeCode {
        let module = &self.model.types[owner].home;
        let base = if let Some(over) = self.options.type_overrides.get(&p.type_name) {
            TypeCode::Plain(super::code::override_type(over))
        } else if let Some(prim) = default_primitive(&p.type_name) {
            TypeCode::Plain(prim)
        } else if let Some(t) = self.model.get(&p.type_name) {
            let info = &self.model.types[t];
            let path = self.model.path_from(module, t, info.poly_name.is_some());
            if info.def.kind == Kind::Enum && info.def.flags {
                TypeCode::Flags(path)
            } else {
                TypeCode::Plain(path)
            }
        } else {
            let left_out = self.left_out.contains(&p.type_name.to_ascii_lowercase());
            let (code, why) = if left_out {
                (codes::TYPE_NOT_EMITTED, "is left out by the selection")
            } else {
                (codes::UNKNOWN_TYPE, "is not a type of the model")
            };
            // Leaving navigation out was asked for: no warning for each.
            let selection = &self.options.selection;
            let asked = left_out && p.navigation && !selection.is_empty() && !selection.navigation;
            if asked {
                return TypeCode::Nullable(Box::new(TypeCode::Plain(free_json())));
            }
            diags.push(Diagnostic::warning(
                code,
                &p.source.path,
                p.source.line,
                format!(
                    "`{}` {why}; `{}` is emitted as free JSON",
                    p.type_name, p.name
                ),
            ));
            TypeCode::Plain(free_json())
        };
        let inner = if p.collection {
            TypeCode::Vec(Box::new(base))
        } else if self.model.holds_struct(p) {
            TypeCode::Boxed(Box::new(base))
        } else {
            base
        };
        TypeCode::Nullable(Box::new(inner))
    }

    /// A type with no shape: a transparent wrapper over any JSON value.
    pub(super) fn emit_free_json(&self, index: usize) -> TokenStream {
        let info = &self.model.types[index];
        let def = info.def;
        let name = ident(&info.rust_name);
        let docs = doc_attrs(&[
            markdown(&def.description, &def.links, &self.model, &info.home),
            "Its page lists no properties, so it holds any JSON value.".to_string(),
            format!("Page: `{}`, line {}.", def.source.path, def.source.line),
        ]);
        quote! {
            #docs
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::core::default::Default, ::graphgen_runtime::serde::Serialize, ::graphgen_runtime::serde::Deserialize)]
            #[serde(crate = "::graphgen_runtime::serde", transparent)]
            pub struct #name(pub ::graphgen_runtime::serde_json::Value);

            impl ::graphgen_runtime::lenient::LenientRead for #name {
                fn read<'de, __D>(deserializer: __D) -> ::core::result::Result<::graphgen_runtime::lenient::Read<Self>, __D::Error>
                where
                    __D: ::graphgen_runtime::serde::Deserializer<'de>,
                {
                    ::core::result::Result::Ok(match <::graphgen_runtime::serde_json::Value as ::graphgen_runtime::serde::Deserialize<'de>>::deserialize(deserializer)? {
                        ::graphgen_runtime::serde_json::Value::Null => ::graphgen_runtime::lenient::Read::Null,
                        value => ::graphgen_runtime::lenient::Read::Fit(#name(value)),
                    })
                }
            }
        }
    }

    pub(super) fn emit_struct(&self, index: usize, diags: &mut Vec<Diagnostic>) -> TokenStream {
        let info = &self.model.types[index];
        let def = info.def;
        let name = ident(&info.rust_name);
        let mut scope = Scope::with_reserved(RESERVED_FIELDS);
        let mut parts = StructParts::default();
        // A wire name read once: `@odata.type` is the struct's own, and a
        // name listed twice keeps its first field.
        let mut wires: std::collections::BTreeSet<&str> = ["@odata.type"].into_iter().collect();
        for p in self.model.flattened_properties(index) {
            if !wires.insert(p.name.as_str()) {
                continue;
            }
            let what = format!("property `{}` of `{}`", p.name, def.name);
            let field = scope.claim_reported(
                &names::field_name(&p.name),
                &what,
                &p.source.path,
                p.source.line,
                diags,
            );
            self.push_field(&mut parts, index, p, &ident(&field), diags);
        }
        let mut paragraphs = vec![markdown(
            &def.description,
            &def.links,
            &self.model,
            &info.home,
        )];
        if let Some(poly) = &info.poly_name {
            paragraphs.push(format!(
                "Derived types read through this type keep their fields in [`{poly}`]."
            ));
        }
        if let Some(key) = &def.key_property {
            paragraphs.push(format!("Key: `{key}`."));
        }
        paragraphs.push(format!(
            "Page: `{}`, line {}.",
            def.source.path, def.source.line
        ));
        let docs = doc_attrs(&paragraphs);
        let fields = &parts.fields;
        let impls = struct_impls(&name, &format!("a {} object", def.qualified_name()), &parts);
        quote! {
            #docs
            #[derive(::core::fmt::Debug, ::core::default::Default)]
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

            #impls
        }
    }

    /// One property's field and its share of each impl.
    fn push_field(
        &self,
        parts: &mut StructParts,
        index: usize,
        p: &Property,
        field: &proc_macro2::Ident,
        diags: &mut Vec<Diagnostic>,
    ) {
        let info = &self.model.types[index];
        let ty = self.field_type(index, p, diags);
        let wire = &p.name;
        // A navigation property to a type no enabled feature compiles is
        // left out; its value lands in `additional_properties`.
        let gate = match self.model.get(&p.type_name) {
            Some(target) if p.navigation => self.gates.cfg_within(index, target),
            _ => TokenStream::new(),
        };
        let mut paragraphs = vec![markdown(&p.description, &p.links, &self.model, &info.home)];
        if p.navigation {
            paragraphs
                .push("Navigation property: present when expanded with `$expand`.".to_string());
        }
        if let Some(from) = &p.inherited_from {
            paragraphs.push(format!("Inherited from `{from}`."));
        }
        let docs = doc_attrs(&paragraphs);
        parts.fields.push(quote! {
            #docs
            #gate
            pub #field: #ty,
        });
        parts
            .writes
            .push(quote!(#gate out.field(#wire, &self.#field);));
        // Lenient: a value that does not fit is kept as a misfit. An
        // overridden type is the user's own and is read as it is.
        let overridden = self.options.type_overrides.contains_key(&p.type_name);
        // Nested objects keep their own misfits: walked for `all_misfits`.
        let nested = self.model.get(&p.type_name).is_some_and(|t| {
            self.model.types[t].def.kind != crate::ir::Kind::Enum && !self.model.is_free_json(t)
        });
        // A boxed struct field has helpers of its own: `Box` implements
        // neither trait, so every struct shares the runtime's one impl.
        let boxed = self.model.holds_struct(p);
        if nested && !overridden {
            parts.walks.push(if boxed {
                quote!(#gate ::graphgen_runtime::lenient::nested_boxed_misfits(&self.#field, path, #wire, out);)
            } else {
                quote!(#gate ::graphgen_runtime::lenient::nested_misfits(&self.#field, path, #wire, out);)
            });
        }
        parts.arms.push(if overridden || self.options.strict_reads {
            quote!(#gate #wire => read.strict(&mut self.#field),)
        } else if boxed {
            quote!(#gate #wire => read.boxed(&mut self.#field),)
        } else {
            quote!(#gate #wire => read.field(&mut self.#field),)
        });
        parts
            .clones
            .push(quote!(#gate #field: self.#field.clone(),));
        if gate.is_empty() {
            parts.equals.push(quote!(&& self.#field == other.#field));
        } else {
            parts
                .gated_equals
                .push(quote!(#gate if self.#field != other.#field { return false; }));
        }
    }
}

/// A struct's fields and each impl's share of them, collected field by field.
#[derive(Default)]
struct StructParts {
    fields: Vec<TokenStream>,
    arms: Vec<TokenStream>,
    walks: Vec<TokenStream>,
    writes: Vec<TokenStream>,
    clones: Vec<TokenStream>,
    equals: Vec<TokenStream>,
    gated_equals: Vec<TokenStream>,
}

/// A struct's impls: Clone, PartialEq, Serialize, ReadFields, Deserialize.
fn struct_impls(name: &proc_macro2::Ident, expecting: &str, parts: &StructParts) -> TokenStream {
    let StructParts {
        arms,
        walks,
        writes,
        clones,
        equals,
        gated_equals,
        ..
    } = parts;
    quote! {
        // Clone and PartialEq by hand: derived, each field's clone and
        // comparison goes through longer paths, and PartialEq brings a
        // `StructuralPartialEq` impl too; both cost check time per type.
        impl ::core::clone::Clone for #name {
            fn clone(&self) -> Self {
                Self {
                    odata_type: self.odata_type.clone(),
                    #(#clones)*
                    additional_properties: self.additional_properties.clone(),
                    misfits: self.misfits.clone(),
                }
            }
        }

        impl ::core::cmp::PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                #(#gated_equals)*
                self.odata_type == other.odata_type
                    #(#equals)*
                    && self.additional_properties == other.additional_properties
                    && self.misfits == other.misfits
            }
        }

        impl ::graphgen_runtime::serde::Serialize for #name {
            fn serialize<__S>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
            where
                __S: ::graphgen_runtime::serde::Serializer,
            {
                let mut out = ::graphgen_runtime::ser::object(serializer)?;
                out.annotation("@odata.type", &self.odata_type);
                #(#writes)*
                out.end(&self.additional_properties)
            }
        }

        impl ::graphgen_runtime::de::ReadFields for #name {
            const EXPECTING: &'static str = #expecting;
            fn read_field<'de, __A>(&mut self, key: ::graphgen_runtime::de::Key<'de>, map: &mut __A) -> ::core::result::Result<(), __A::Error>
            where
                __A: ::graphgen_runtime::serde::de::MapAccess<'de>,
            {
                let read = ::graphgen_runtime::de::FieldReader::new(key.as_str(), map, &mut self.additional_properties, &mut self.misfits);
                match key.as_str() {
                    "@odata.type" => read.strict(&mut self.odata_type),
                    #(#arms)*
                    _ => ::graphgen_runtime::de::unknown(map, key, &mut self.additional_properties),
                }
            }
            fn walk_misfits(&self, path: &str, out: &mut ::std::vec::Vec<(::std::string::String, ::graphgen_runtime::Misfit)>) {
                ::graphgen_runtime::lenient::own_misfits(&self.misfits, path, out);
                #(#walks)*
            }
        }

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
