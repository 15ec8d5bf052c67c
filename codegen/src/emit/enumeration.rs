//! Enums: one variant per known value and `Unknown`, which keeps any other value as received, so
//! a response from a newer API reads and writes back unchanged. The serde form is the wire string.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, Prelude, docs_or, fragment, ident};
use crate::ir::{Enum, Shape};
use crate::naming::UNKNOWN_VARIANT;

/// The enum of one string shape with `enum`, with its conversions.
pub(super) fn enumeration(ctx: &Ctx<'_>, shape: &Shape, values: &Enum) -> TokenStream {
    let Prelude {
        result,
        ok,
        string,
        from,
        ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let name = ident(&shape.rust_name);
    let doc = docs_or(
        ctx,
        &shape.docs,
        &format!("The `{}` values.", shape.wire_name),
    );
    let unknown = ident(UNKNOWN_VARIANT);
    let variants: Vec<_> = values.values.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<&str> = values.values.iter().map(|v| v.wire_name.as_str()).collect();
    let variant_docs = wires.iter().map(|w| format!(" `{w}`"));
    // With no known value, every value is unknown: a `match` of one wildcard arm would be noise.
    let from_str = if variants.is_empty() {
        quote!(Self::#unknown(#support::UnknownValue::from_unknown(value)))
    } else {
        quote! {
            match value {
                #(#wires => Self::#variants,)*
                other => Self::#unknown(#support::UnknownValue::from_unknown(other)),
            }
        }
    };
    fragment(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #variants,
            )*
            /// A value this version of the crate does not know, kept exactly as received.
            #unknown(#support::UnknownValue),
        }

        impl #name {
            /// The known values, as they are on the wire.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value as it is on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        impl #from<&str> for #name {
            fn from(value: &str) -> Self {
                #from_str
            }
        }

        impl #from<#string> for #name {
            fn from(value: #string) -> Self {
                Self::from(value.as_str())
            }
        }

        impl #from<#name> for #string {
            fn from(value: #name) -> Self {
                value.as_str().to_owned()
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> #result<Self, Self::Err> {
                #ok(Self::from(value))
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                #wire::deserialize_enum(deserializer)
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    })
}
