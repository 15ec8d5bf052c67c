//! Operations: a unit type per operation implementing the crate's `Operation` trait.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, Prelude, docs_or, fragment, ident};
use crate::ir::{Operation, ShapeKind, Streaming};

/// The unit type of one operation and its `Operation` impl, for the `operation` child module.
pub(super) fn operation(ctx: &Ctx<'_>, operation: &Operation) -> TokenStream {
    let Prelude { option, some, .. } = &ctx.prelude;
    let support = &ctx.support;
    let name = ident(&operation.rust_name);
    let doc = docs_or(
        ctx,
        &operation.docs,
        &format!("The `{}` operation.", operation.wire_name),
    );
    let streaming_note = match operation.streaming {
        Streaming::None => None,
        Streaming::InputPayload => Some(" Streaming: the request's payload is a streaming blob, which `request` sends whole, from memory."),
        Streaming::OutputPayload => Some(" Streaming: the response's payload is a streaming blob, which `response` reads whole, into memory."),
        Streaming::InputEvents => Some(" Streaming: the request is a stream of events. Where the stream is the request's payload (restJson1), `request` writes the request's head and the client's `send_event_stream` sends it with the events, signed; elsewhere `request` returns an error."),
        Streaming::OutputEvents => Some(" Streaming: the response is a stream of events, which has no wire form in this crate; `response` returns an error."),
    }
    .map(|note| quote!(#[doc = ""] #[doc = #note]));
    let wire = &operation.wire_name;
    let method = &operation.http_method;
    let uri = &operation.http_uri;
    let input = ctx.io_type(operation.input.as_ref(), &quote!(super::));
    let output = ctx.io_type(operation.output.as_ref(), &quote!(super::));
    let token = idempotency_token(ctx, operation);
    let status = proc_macro2::Literal::u16_unsuffixed(operation.success_status);
    let host_prefix = operation
        .host_prefix
        .as_ref()
        .map(|prefix| quote!(const HOST_PREFIX: #option<&'static str> = #some(#prefix);));
    let error = match super::error::error_enum_name(operation) {
        Some(name) => quote!(#name),
        None => quote!(#support::ServiceError),
    };
    let error_enum = super::error::operation_error(ctx, operation);
    let wire_fns = fragment(super::wire::operation_wire(ctx, operation));
    let streaming = streaming_const(ctx, operation);
    let compression = (!operation.request_compression.is_empty()).then(|| {
        let encodings = &operation.request_compression;
        quote!(const REQUEST_COMPRESSION: &'static [&'static str] = &[#(#encodings),*];)
    });
    fragment(quote! {
        #doc
        #streaming_note
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct #name;

        impl #support::Operation for #name {
            const NAME: &'static str = #wire;
            const HTTP_METHOD: &'static str = #method;
            const HTTP_URI: &'static str = #uri;
            const SUCCESS_STATUS: u16 = #status;
            #host_prefix
            type Input = #input;
            type Output = #output;
            type Error = #error;
            #streaming
            #compression
            #token
            #wire_fns
        }

        #error_enum
    })
}

/// The `idempotency_token` override for an input with an idempotency-token string member.
fn idempotency_token(ctx: &Ctx<'_>, operation: &Operation) -> Option<TokenStream> {
    let Prelude {
        option,
        some,
        string,
        ..
    } = &ctx.prelude;
    let input = ctx.shape(operation.input.as_ref()?)?;
    let ShapeKind::Structure(structure) = &input.kind else {
        return None;
    };
    let member = structure.members.iter().find(|m| m.idempotency_token)?;
    let field = ident(&member.rust_name);
    Some(quote! {
        fn idempotency_token(
            input: &mut Self::Input,
        ) -> #option<&mut #option<#string>> {
            #some(&mut input.#field)
        }
    })
}

/// `const STREAMING` for an operation whose messages stream.
fn streaming_const(ctx: &Ctx<'_>, operation: &Operation) -> Option<TokenStream> {
    let support = &ctx.support;
    let variant = match operation.streaming {
        Streaming::None => return None,
        Streaming::InputPayload => quote!(InputPayload),
        Streaming::OutputPayload => quote!(OutputPayload),
        Streaming::InputEvents => quote!(InputEvents),
        Streaming::OutputEvents => quote!(OutputEvents),
    };
    Some(quote!(const STREAMING: #support::Streaming = #support::Streaming::#variant;))
}
