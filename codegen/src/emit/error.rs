//! Errors: each exception shape is an error type (`Display`, `std::error::Error`), and each
//! operation whose model lists errors gets an enum of them, read from a `ServiceError` by its
//! code, with `Unhandled` for every other code.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Ctx, Prelude, fragment, ident};
use crate::ir::{Operation, Shape, ShapeKind, Structure};
use crate::protocol::BodyCodec;

/// The name of an operation's error enum, when its model lists errors.
pub(super) fn error_enum_name(operation: &Operation) -> Option<Ident> {
    operation.error_enum.as_deref().map(ident)
}

/// The error enum of one operation, for the `operation` module; nothing when the model lists no
/// errors (the operation's error is then `ServiceError`).
pub(super) fn operation_error(ctx: &Ctx<'_>, operation: &Operation) -> TokenStream {
    let Prelude {
        option,
        some,
        none,
        from,
        ..
    } = &ctx.prelude;
    let Some(name) = error_enum_name(operation) else {
        return TokenStream::new();
    };
    let support = &ctx.support;
    let wire = ctx.wire();
    let exceptions: Vec<&Shape> = operation
        .errors
        .iter()
        .filter_map(|id| ctx.shape(id))
        .filter(|shape| matches!(shape.kind, ShapeKind::Structure(_)))
        .collect();
    let variants: Vec<Ident> = exceptions.iter().map(|s| ident(&s.rust_name)).collect();
    let codes: Vec<&str> = exceptions
        .iter()
        .map(|s| match &s.kind {
            ShapeKind::Structure(structure) => structure.error_code.as_str(),
            _ => s.wire_name.as_str(),
        })
        .collect();
    // An exception with members bound to headers is read from the error's headers and body; the
    // others from the body alone, in the protocol's codec.
    let header_reads: Vec<Option<TokenStream>> = exceptions
        .iter()
        .map(|shape| match &shape.kind {
            ShapeKind::Structure(structure) => super::wire::read_exception(ctx, shape, structure),
            _ => None,
        })
        .collect();
    let reads = header_reads
        .iter()
        .zip(&variants)
        .map(|(read, variant)| match read {
            Some(read) => {
                quote!(#wire::exception_with(error, #read, Self::#variant, Self::Unhandled))
            }
            None => match ctx.protocol.body_codec() {
                BodyCodec::Json => quote!(#wire::exception(error, Self::#variant, Self::Unhandled)),
                BodyCodec::Query | BodyCodec::Xml => {
                    quote!(#wire::xml_exception(error, Self::#variant, Self::Unhandled))
                }
                BodyCodec::Cbor => {
                    quote!(#wire::cbor_exception(error, Self::#variant, Self::Unhandled))
                }
            },
        });
    let variant_docs = exceptions.iter().zip(&header_reads).map(|(s, read)| {
        let from = if read.is_some() {
            "headers and body"
        } else {
            "body"
        };
        format!(" `{}`: read from the error's {from}.", s.wire_name)
    });
    let doc = format!(
        " The errors the model lists for `{}`, each with the service's error it was read from.",
        operation.wire_name
    );
    fragment(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #variants(super::#variants, #support::ServiceError),
            )*
            /// An error the model does not list for this operation.
            Unhandled(#support::ServiceError),
        }

        impl #from<#support::ServiceError> for #name {
            #[inline]
            fn from(error: #support::ServiceError) -> Self {
                match error.code() {
                    #(#codes => #reads,)*
                    _ => Self::Unhandled(error),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(#support::OperationError::service_error(self), f)
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> #option<&(dyn ::std::error::Error + 'static)> {
                #support::OperationError::exception_source(self)
            }
        }

        impl #support::OperationError for #name {
            fn parts(&self) -> (&#support::ServiceError, #option<&dyn #support::Exception>) {
                match self {
                    #(Self::#variants(exception, error) => (error, #some(exception)),)*
                    Self::Unhandled(error) => (error, #none),
                }
            }
        }
    })
}

/// `Display` and `std::error::Error` for an exception shape: its name, then its message.
pub(super) fn exception_impls(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let Prelude { some, ok, .. } = &ctx.prelude;
    let name = ident(&shape.rust_name);
    let wire_name = &shape.wire_name;
    let message = structure
        .members
        .iter()
        .find(|m| m.wire_name.eq_ignore_ascii_case("message") && ctx.is_string(m) && !m.boxed)
        .map(|m| {
            let field = ident(&m.rust_name);
            if m.required {
                quote!(::std::write!(f, ": {}", self.#field)?;)
            } else {
                quote! {
                    if let #some(message) = &self.#field {
                        ::std::write!(f, ": {message}")?;
                    }
                }
            }
        });
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#wire_name)?;
                #message
                #ok(())
            }
        }

        impl ::std::error::Error for #name {}
    }
}
