//! Structures: a `#[non_exhaustive]` struct with its serde impls, a constructor taking the required members and a
//! chainable setter per optional member, and a redacting `Debug` where members are secret.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, Prelude, docs_or, fragment, ident};
use crate::ir::{Member, Shape, ShapeKind, Structure, TimestampFormat};

/// The struct of one structure shape, with its `impl` block (and `Debug` impl if it redacts).
pub(super) fn structure(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let name = ident(&shape.rust_name);
    let doc = docs_or(
        ctx,
        &shape.docs,
        &format!("The `{}` structure.", shape.wire_name),
    );
    let redacts = shape.sensitive || structure.members.iter().any(|m| m.secret);
    let has_required = structure.members.iter().any(|m| m.required);
    let mut derives = vec![quote!(Clone), quote!(PartialEq)];
    if !redacts {
        derives.insert(0, quote!(Debug));
    }
    if !has_required {
        derives.push(quote!(Default));
    }
    let fields = structure.members.iter().map(|m| field(ctx, m));
    let constructor = constructor(ctx, shape, structure);
    let setters = structure
        .members
        .iter()
        .filter(|m| !m.required)
        .map(|m| setter(ctx, m));
    let serialize = serialize_impl(ctx, shape, structure);
    let deserialize = deserialize_impl(ctx, shape, structure);
    let debug = redacts.then(|| debug_impl(ctx, shape, structure));
    let exception = structure
        .exception
        .then(|| super::error::exception_impls(ctx, shape, structure));
    fragment(quote! {
        #doc
        #[derive(#(#derives),*)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #constructor
            #(#setters)*
        }

        #serialize
        #deserialize
        #debug
        #exception
    })
}

/// The field's full type: `Option` for optional members, `Box` where the structure recurses.
fn field_type(ctx: &Ctx<'_>, member: &Member) -> TokenStream {
    ctx.tokens(&ctx.service.field_type(member), &TokenStream::new())
}

fn field(ctx: &Ctx<'_>, member: &Member) -> TokenStream {
    let name = ident(&member.rust_name);
    let ty = field_type(ctx, member);
    let wire = &member.wire_name;

    let mut notes = Vec::new();
    if member.required {
        notes.push("Required.".to_owned());
    }
    if member.rust_name != *wire {
        notes.push(format!("Wire name: `{wire}`."));
    }
    if member.idempotency_token {
        notes.push(
            "An idempotency token: a client fills it with a fresh UUID when it is `None`."
                .to_owned(),
        );
    }
    let doc = docs_or(ctx, &member.docs, &format!("The `{wire}` member."));
    let notes = if notes.is_empty() {
        TokenStream::new()
    } else {
        let text = format!(" {}", notes.join(" "));
        quote!(#[doc = ""] #[doc = #text])
    };
    fragment(quote! {
        #doc
        #notes
        pub #name: #ty,
    })
}

/// The wrapper through which a member is written and read when its JSON form is not serde's
/// form of its type: a timestamp (or list of timestamps) that is not ISO 8601 (restJson1 and awsJson
/// write epoch seconds unless the model says otherwise), a member that holds floats (non-finite
/// values are strings), or a map of lists (whose `null` entries are skipped).
fn member_wrapper(ctx: &Ctx<'_>, member: &Member) -> Option<TokenStream> {
    let wire = ctx.wire();
    let timestamps = match ctx.kind(&member.target) {
        Some(ShapeKind::Timestamp { .. }) => true,
        Some(ShapeKind::List { member: element }) => {
            matches!(ctx.kind(element), Some(ShapeKind::Timestamp { .. }))
        }
        _ => false,
    };
    if timestamps && !member.boxed {
        match member.timestamps.map(|t| t.document) {
            Some(TimestampFormat::EpochSeconds) => return Some(quote!(#wire::EpochSeconds)),
            Some(TimestampFormat::HttpDate) => return Some(quote!(#wire::HttpDate)),
            Some(TimestampFormat::DateTime) | None => {}
        }
    }
    if member.floats {
        Some(quote!(#wire::Floats))
    } else if member.null_entries_skipped {
        Some(quote!(#wire::Dense))
    } else {
        None
    }
}

/// `Serialize`, as serde's derive writes it: `serialize_struct` with the structure's name and
/// the number of members written, each member under its JSON name, and an optional member that is
/// `None` skipped.
fn serialize_impl(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let Prelude { result, .. } = &ctx.prelude;
    let wire = ctx.wire();
    let name = ident(&shape.rust_name);
    let label = unraw(&shape.rust_name);
    let members = &structure.members;
    let required = members.iter().filter(|m| m.required).count();
    let optional = members.iter().filter(|m| !m.required).map(|m| {
        let field = ident(&m.rust_name);
        quote!(self.#field.is_some() as usize)
    });
    let len = if required > 0 || members.is_empty() {
        let required = proc_macro2::Literal::usize_unsuffixed(required);
        quote!(#required #(+ #optional)*)
    } else {
        quote!(#(#optional)+*)
    };
    let writes = members.iter().map(|m| {
        let field = ident(&m.rust_name);
        let key = &m.json_name;
        fragment(match (member_wrapper(ctx, m), m.required) {
            (None, true) => quote!(state.serialize_field(#key, &self.#field)?;),
            (Some(wrapper), true) => quote!(state.serialize_field(#key, &#wrapper(&self.#field))?;),
            (None, false) => quote!(#wire::optional_member(&mut state, #key, &self.#field)?;),
            (Some(wrapper), false) => quote! {
                #wire::member_if(&mut state, #key, self.#field.is_some(), &#wrapper(&self.#field))?;
            },
        })
    });
    let state = if members.is_empty() {
        quote!(let state)
    } else {
        quote!(let mut state)
    };
    fragment(quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct as _;
                #state = serializer.serialize_struct(#label, #len)?;
                #(#writes)*
                state.end()
            }
        }
    })
}

/// `Deserialize`, as serde's derive reads it: from a map whose keys are the members' JSON names
/// (others are ignored), a missing optional member or `null` being `None`, a missing required one
/// or a repeated one an error.
fn deserialize_impl(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let Prelude {
        result,
        some,
        ok,
        none,
        ..
    } = &ctx.prelude;
    let wire = ctx.wire();
    let name = ident(&shape.rust_name);
    let label = unraw(&shape.rust_name);
    let members = &structure.members;
    let keys = members.iter().map(|m| &m.json_name);
    let fields: Vec<_> = members.iter().map(|m| ident(&m.rust_name)).collect();
    let slots: Vec<_> = members
        .iter()
        // A field named after a leading digit (`_3d_mode`) is the only one with a leading `_`.
        .map(|m| format_ident!("m_{}", unraw(&m.rust_name).trim_start_matches('_')))
        .collect();
    let reads = members.iter().zip(&slots).map(|(m, slot)| {
        let key = &m.json_name;
        fragment(match member_wrapper(ctx, m) {
            Some(wrapper) => quote! {
                #key => #wire::next_member_as::<#wrapper<_>, _>(&mut map, &mut #slot, #key),
            },
            None => quote!(#key => #wire::next_member(&mut map, &mut #slot, #key),),
        })
    });
    let values = members.iter().zip(&slots).map(|(m, slot)| {
        let key = &m.json_name;
        fragment(if m.required {
            quote!(#wire::required_member::<A, _>(#slot, #key)?)
        } else {
            quote!(#slot.flatten())
        })
    });
    let map = if members.is_empty() {
        quote!(map)
    } else {
        quote!(mut map)
    };
    let body = fragment(if members.is_empty() {
        quote! {
            #wire::skip_members(map)?;
            #ok(Self {})
        }
    } else {
        quote! {
            #(let mut #slots = #none;)*
            while let #some(key) = map.next_key_seed(#wire::MemberKey(Self::FIELDS))? {
                match key.as_str() {
                    #(#reads)*
                    _ => #wire::skip_value(&mut map),
                }?;
            }
            #ok(Self { #(#fields: #values,)* })
        }
    });
    fragment(quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                #wire::deserialize_struct(deserializer)
            }
        }

        impl #wire::MapStruct for #name {
            const NAME: &'static str = #label;
            const FIELDS: &'static [&'static str] = &[#(#keys),*];

            fn from_map<'de, A: ::serde::de::MapAccess<'de>>(#map: A) -> #result<Self, A::Error> {
                #body
            }
        }
    })
}

/// A name without `r#`.
fn unraw(name: &str) -> &str {
    name.trim_start_matches("r#")
}

fn constructor(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let Prelude { none, .. } = &ctx.prelude;
    let required: Vec<&Member> = structure.members.iter().filter(|m| m.required).collect();
    let params = required.iter().map(|m| {
        let name = ident(&m.rust_name);
        let ty = param_type(ctx, m);
        fragment(quote!(#name: #ty))
    });
    let inits = structure.members.iter().map(|m| {
        let name = ident(&m.rust_name);
        if m.required {
            let value = convert(ctx, m, &quote!(#name));
            fragment(quote!(#name: #value))
        } else {
            quote!(#name: #none)
        }
    });
    let optional = structure.members.len() > required.len();
    let names: Vec<String> = required
        .iter()
        .map(|m| format!("`{}`", m.rust_name.trim_start_matches("r#")))
        .collect();
    let doc = match (names.is_empty(), optional) {
        (true, true) => format!(" A new `{}` with every member `None`.", shape.rust_name),
        (true, false) => format!(" A new `{}`.", shape.rust_name),
        (false, true) => format!(
            " A new `{}` from its required members ({}); the optional ones are `None`.",
            shape.rust_name,
            names.join(", ")
        ),
        (false, false) => format!(
            " A new `{}` from its members ({}).",
            shape.rust_name,
            names.join(", ")
        ),
    };
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // With no required member the structure derives `Default`, which is what `new` makes.
    let body = if required.is_empty() && optional {
        let Prelude { default, .. } = &ctx.prelude;
        quote!(<Self as #default>::default())
    } else {
        quote!(Self { #(#inits,)* })
    };
    fragment(quote! {
        #[doc = #doc]
        #allow
        pub fn new(#(#params),*) -> Self {
            #body
        }
    })
}

/// What a constructor or setter takes for a member: any iterator of convertible elements for a
/// list (so `["a", "b"]` works), anything convertible for the rest.
fn param_type(ctx: &Ctx<'_>, member: &Member) -> TokenStream {
    let Prelude { into, .. } = &ctx.prelude;
    match ctx.shape(&member.target).map(|s| &s.kind) {
        Some(ShapeKind::List { member: element }) => {
            let element = ctx.rust_type(element, &TokenStream::new());
            quote!(impl ::std::iter::IntoIterator<Item = impl #into<#element>>)
        }
        _ => {
            let ty = ctx.rust_type(&member.target, &TokenStream::new());
            quote!(impl #into<#ty>)
        }
    }
}

/// The field's value from a parameter of [`param_type`].
fn convert(ctx: &Ctx<'_>, member: &Member, value: &TokenStream) -> TokenStream {
    let Prelude { boxed, into, .. } = &ctx.prelude;
    let converted = match ctx.shape(&member.target).map(|s| &s.kind) {
        Some(ShapeKind::List { .. }) => {
            quote!(#value.into_iter().map(#into::into).collect())
        }
        _ => quote!(#value.into()),
    };
    if member.boxed {
        quote!(#boxed::new(#converted))
    } else {
        converted
    }
}

fn setter(ctx: &Ctx<'_>, member: &Member) -> TokenStream {
    let Prelude { some, .. } = &ctx.prelude;
    let field = ident(&member.rust_name);
    let setter = ident(&member.setter);
    let ty = param_type(ctx, member);
    let value = convert(ctx, member, &quote!(value));
    let doc = format!(
        " Sets the `{}` field.",
        member.rust_name.trim_start_matches("r#")
    );
    // A setter named like a predicate or a conversion (`is_default`) takes `self` by value, as
    // every setter does.
    let allow = ["is_", "as_", "to_", "into_", "from_"]
        .iter()
        .any(|prefix| member.setter.starts_with(prefix))
        .then(|| quote!(#[allow(clippy::wrong_self_convention)]));
    fragment(quote! {
        #[doc = #doc]
        #[must_use]
        #allow
        pub fn #setter(mut self, value: #ty) -> Self {
            self.#field = #some(#value);
            self
        }
    })
}

/// `Debug` that prints secret members (and every member of a secret structure) as redacted.
fn debug_impl(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let name = ident(&shape.rust_name);
    let support = &ctx.support;
    let label = &shape.rust_name;
    let fields = structure.members.iter().map(|m| {
        let field = ident(&m.rust_name);
        let label = &m.rust_name.trim_start_matches("r#");
        let value = match (m.secret, m.required) {
            (false, _) => quote!(&self.#field),
            (true, true) => quote!(&#support::Redacted),
            (true, false) => quote!(&self.#field.as_ref().map(|_| #support::Redacted)),
        };
        fragment(quote!(.field(#label, #value)))
    });
    fragment(quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label)
                    #(#fields)*
                    .finish()
            }
        }
    })
}
