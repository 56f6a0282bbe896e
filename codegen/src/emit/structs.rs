//! Entity and complex types → serde structs: a root type holds its
//! properties and the unknown ones; a derived type holds its base as `base`
//! and its own properties beside it (see `struct_impls`).

use super::code::{default_primitive, free_json, TypeCode};
use super::docs::{doc_attrs, markdown};
use super::names::{self, ident, Scope};
use super::struct_impls::{struct_impls, struct_item, Layout, StructParts};
use super::Emitter;
use crate::diag::{codes, Diagnostic};
use crate::ir::{Kind, Property};
use proc_macro2::TokenStream;
use quote::quote;

/// Field names the generator itself uses in every struct.
pub(super) const RESERVED_FIELDS: &[&str] =
    &["odata_type", "additional_properties", "misfits", "base"];

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
        let own: std::collections::BTreeSet<&str> = self
            .model
            .own_properties(index)
            .into_iter()
            .map(|p| p.name.as_str())
            .collect();
        // A wire name read once: `@odata.type` is the root's own, and a
        // name listed twice keeps its first field. Inherited names are
        // claimed too (their collisions reported at the base), so that an
        // own field never shadows an inherited one.
        let mut wires: std::collections::BTreeSet<&str> = ["@odata.type"].into_iter().collect();
        for p in self.model.flattened_properties(index) {
            if !wires.insert(p.name.as_str()) {
                continue;
            }
            let wanted = names::field_name(&p.name);
            if !own.contains(p.name.as_str()) {
                scope.claim(&wanted);
                continue;
            }
            let what = format!("property `{}` of `{}`", p.name, def.name);
            let field = scope.claim_reported(&wanted, &what, &p.source.path, p.source.line, diags);
            self.push_field(&mut parts, index, p, &ident(&field), diags);
        }
        for (again, kept) in self.model.retyped_properties(index) {
            let shown = |p: &Property| match p.collection {
                true => format!("Collection({})", p.type_name),
                false => p.type_name.clone(),
            };
            diags.push(Diagnostic::warning(
                codes::INHERITED_PROPERTY_RETYPED,
                &again.source.path,
                again.source.line,
                format!(
                    "`{}` lists `{}` again as `{}`, which its base types `{}`; the base's type is kept",
                    def.name,
                    again.name,
                    shown(again),
                    shown(kept)
                ),
            ));
        }
        let layout = match info.base {
            Some(b) => Layout::Derived {
                base: self.model.path_from(&info.home, b, false),
                base_name: self.model.types[b].def.qualified_name(),
                depth: self.model.depth(index),
            },
            None => Layout::Root,
        };
        let docs = doc_attrs(&self.struct_paragraphs(index));
        let expecting = format!("a {} object", def.qualified_name());
        let item = struct_item(&name, &docs, &layout, &parts);
        let impls = struct_impls(&name, &expecting, &layout, &parts);
        quote! {
            #item
            #impls
        }
    }

    fn struct_paragraphs(&self, index: usize) -> Vec<String> {
        let info = &self.model.types[index];
        let def = info.def;
        let mut paragraphs = vec![markdown(
            &def.description,
            &def.links,
            &self.model,
            &info.home,
        )];
        if let Some(b) = info.base {
            paragraphs.push(format!(
                "The properties it inherits are in `base` (a `{}`), read as its own through `Deref`.",
                self.model.types[b].rust_name
            ));
        }
        if let Some(poly) = &info.poly_name {
            paragraphs.push(format!(
                "A value of this type or of a derived one is a [`{poly}`], whose `base()` reads this type's properties from any of them."
            ));
        }
        if let Some(key) = &def.key_property {
            paragraphs.push(format!("Key: `{key}`."));
        }
        paragraphs.push(format!(
            "Page: `{}`, line {}.",
            def.source.path, def.source.line
        ));
        paragraphs
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
