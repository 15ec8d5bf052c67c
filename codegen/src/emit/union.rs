//! Unions (and event streams, whose messages are each one event): an enum with one variant per
//! member and `Unknown`, which keeps a member this crate does not know with its name and raw
//! value. On the wire a union is a JSON object with exactly one member set; none, or more than
//! one, is an error. A `__type` key beside the member is ignored.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, Prelude, docs_or, fragment, ident};
use crate::ir::{Member, Shape, ShapeKind, Structure, TimestampFormat};

/// The enum of one union shape, with its accessors and serde impls.
pub(super) fn union(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let Prelude {
        option,
        some,
        none,
        result,
        err,
        string,
        ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let name = ident(&shape.rust_name);
    let what = if structure.event_stream {
        "event stream: each message is one of these events"
    } else {
        "union: exactly one member is set"
    };
    let doc = docs_or(
        ctx,
        &shape.docs,
        &format!("The `{}` {what}.", shape.wire_name),
    );
    let members = &structure.members;
    let variants: Vec<_> = members.iter().map(|m| ident(&m.variant)).collect();
    let types: Vec<TokenStream> = members
        .iter()
        .map(|m| ctx.field_base_type(m, &TokenStream::new()))
        .collect();
    // A variant's docs are the member's, rendered as a structure field's are.
    let variant_docs = members.iter().map(|m| {
        let doc = docs_or(ctx, &m.docs, &format!("The `{}` member.", m.wire_name));
        let note = (m.variant != m.wire_name).then(|| {
            let note = format!(" Wire name: `{}`.", m.wire_name);
            quote!(#[doc = ""] #[doc = #note])
        });
        quote!(#doc #note)
    });
    let accessors = members
        .iter()
        .zip(&variants)
        .zip(&types)
        .map(|((m, variant), ty)| {
            let field = m.rust_name.trim_start_matches("r#");
            let as_fn = format_ident!("as_{}", field);
            let is_fn = format_ident!("is_{}", field);
            let as_doc = format!(" The `{}` member, if it is the one set.", m.wire_name);
            let is_doc = format!(" Whether the `{}` member is the one set.", m.wire_name);
            // A boxed (recursive) member is lent as what the box holds.
            let (ty, value) = if m.boxed {
                (
                    ctx.rust_type(&m.target, &TokenStream::new()),
                    quote!(&**value),
                )
            } else {
                (ty.clone(), quote!(value))
            };
            quote! {
                #[doc = #as_doc]
                pub fn #as_fn(&self) -> #option<&#ty> {
                    match self {
                        Self::#variant(value) => #some(#value),
                        _ => #none,
                    }
                }

                #[doc = #is_doc]
                pub fn #is_fn(&self) -> bool {
                    ::std::matches!(self, Self::#variant(_))
                }
            }
        });
    let redacts = shape.sensitive || members.iter().any(|m| m.secret);
    let debug = if redacts {
        let arms = members.iter().zip(&variants).map(|(m, variant)| {
            let label = variant.to_string();
            if m.secret {
                quote!(Self::#variant(_) => f.debug_tuple(#label).field(&#support::Redacted).finish(),)
            } else {
                quote!(Self::#variant(value) => f.debug_tuple(#label).field(value).finish(),)
            }
        });
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        Self::Unknown(member) => f.debug_tuple("Unknown").field(&member.name()).finish(),
                    }
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let derive_debug = (!redacts).then(|| quote!(Debug,));
    let serialize_arms = members.iter().zip(&variants).map(|(m, variant)| {
        let key = &m.json_name;
        let value = match timestamp_format(ctx, m) {
            Some(format) => {
                let wire = ctx.wire();
                let format = ctx.timestamp_format(format);
                quote!(&#wire::TimestampAs(value, #format))
            }
            None if m.floats => {
                let wire = ctx.wire();
                quote!(&#wire::Floats(value))
            }
            None => quote!(value),
        };
        quote!(Self::#variant(value) => map.serialize_entry(#key, #value)?,)
    });
    let read_arms = members.iter().zip(&variants).zip(&types).map(|((m, variant), ty)| {
        let key = &m.json_name;
        match timestamp_format(ctx, m) {
            Some(format) => {
                let wire = ctx.wire();
                let format = ctx.timestamp_format(format);
                quote! {
                    #key => match map.next_value::<#option<#support::Document>>()? {
                        #some(value) => #some(#name::#variant(
                            #wire::timestamp_from_json(&value, #format).map_err(::serde::de::Error::custom)?,
                        )),
                        #none => #none,
                    },
                }
            }
            None if m.floats => {
                let wire = ctx.wire();
                quote! {
                    #key => map.next_value::<#option<#wire::Floats<#ty>>>()?.map(|value| #name::#variant(value.0)),
                }
            }
            None if m.null_entries_skipped => {
                let wire = ctx.wire();
                quote! {
                    #key => map.next_value::<#option<#wire::Dense<#ty>>>()?.map(|value| #name::#variant(value.0)),
                }
            }
            None => quote! {
                #key => map.next_value::<#option<#ty>>()?.map(#name::#variant),
            },
        }
    });
    // A JSON protocol may name the union's type in `__type` beside its member: that key is not a
    // member (unless the union has one of that name).
    let type_key = (!members.iter().any(|m| m.json_name == TYPE_KEY)).then(|| {
        quote! {
            #TYPE_KEY => {
                map.next_value::<::serde::de::IgnoredAny>()?;
                #none
            }
        }
    });
    let expecting = format!("a `{}` object with exactly one member set", shape.wire_name);
    let visitor = format_ident!("{}Visitor", shape.rust_name);
    fragment(quote! {
        #doc
        #[derive(#derive_debug Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #variant_docs
                #variants(#types),
            )*
            /// A member this version of the crate does not know, kept with its name and raw value
            /// so that it is written back unchanged.
            Unknown(#support::UnknownMember),
        }

        impl #name {
            #(#accessors)*
        }

        #debug

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(#some(1))?;
                match self {
                    #(#serialize_arms)*
                    Self::Unknown(member) => map.serialize_entry(member.name(), member.value())?,
                }
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                struct #visitor;

                impl<'de> ::serde::de::Visitor<'de> for #visitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> #result<#name, A::Error> {
                        let mut found: #option<#name> = #none;
                        while let #some(key) = map.next_key::<#string>()? {
                            // A member given as `null` is not set.
                            let value = match key.as_str() {
                                #(#read_arms)*
                                #type_key
                                _ => map
                                    .next_value::<#option<#support::Document>>()?
                                    .map(|value| #name::Unknown(#support::UnknownMember::new(key, value))),
                            };
                            if value.is_some() {
                                if found.is_some() {
                                    return #err(::serde::de::Error::custom(
                                        "a union has exactly one member set, and this one has more",
                                    ));
                                }
                                found = value;
                            }
                        }
                        found.ok_or_else(|| ::serde::de::Error::custom("a union needs one member set, and this one has none"))
                    }
                }

                deserializer.deserialize_map(#visitor)
            }
        }
    })
}

/// The key that names a JSON object's type (`__type`), which a union ignores.
const TYPE_KEY: &str = "__type";

/// The JSON format of a timestamp member whose format is not ISO 8601.
fn timestamp_format(ctx: &Ctx<'_>, member: &Member) -> Option<TimestampFormat> {
    if !matches!(ctx.kind(&member.target), Some(ShapeKind::Timestamp { .. })) {
        return None;
    }
    let format = member.timestamps?.document;
    (format != TimestampFormat::DateTime).then_some(format)
}
