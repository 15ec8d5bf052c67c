//! A service module: identity constants, the list of operations, the async service trait, every
//! structure and enum, and the `operation` child module.

use proc_macro2::TokenStream;
use quote::quote;

use super::enumeration::enumeration;
use super::operation::operation;
use super::structure::structure;
use super::union::union;
use super::{Collect, Ctx, Prelude, Sink, doc_lines, docs_or, fragment, ident};
use crate::ir::{Operation, Shape, ShapeKind};
use crate::protocol::BodyCodec;

/// The whole module of one service, as the items of a file (inner docs first).
pub fn service(ctx: &Ctx<'_>) -> TokenStream {
    let mut tokens = Collect::default();
    service_into(ctx, &mut tokens);
    tokens.finish()
}

/// The whole module of one service, as [`service`] gives it, item by item into `sink`.
pub fn service_into(ctx: &Ctx<'_>, sink: &mut impl Sink) {
    let Prelude { from, .. } = &ctx.prelude;
    let service = ctx.service;
    let support = &ctx.support;
    let module_doc = module_docs(ctx);
    let trait_name = ident(&service.trait_name);
    let (service_id, full_name, api_version, endpoint_prefix, signing_name) = (
        &service.service_id,
        &service.full_name,
        &service.api_version,
        &service.endpoint_prefix,
        &service.signing_name,
    );
    let endpoint_rules = service.endpoint_rules.as_ref().map(|rules| {
        quote! {
            /// The endpoint rule set (botocore's `endpoint-rule-set-1.json`) as JSON, which the
            /// client resolves endpoints with.
            pub const ENDPOINT_RULES: &str = #rules;
        }
    });
    let infos = service.operations.iter().map(|op| {
        let (name, method, uri) = (&op.wire_name, &op.http_method, &op.http_uri);
        quote!(#support::OperationInfo { name: #name, http_method: #method, http_uri: #uri })
    });
    let methods = service.operations.iter().map(|op| trait_method(ctx, op));
    let codec = ctx.protocol.body_codec();
    let items = |shape: &Shape| match &shape.kind {
        ShapeKind::Structure(s) => {
            let mut tokens = if s.union {
                union(ctx, shape, s)
            } else {
                structure(ctx, shape, s)
            };
            match codec {
                BodyCodec::Query => tokens.extend(super::query::shape_impls(ctx, shape, s)),
                BodyCodec::Xml if s.event_stream => {
                    tokens.extend(super::events::event_union(ctx, shape, s));
                }
                BodyCodec::Xml => tokens.extend(super::xml::shape_impls(ctx, shape, s)),
                BodyCodec::Json if s.event_stream && ctx.protocol.no_wire_form().is_none() => {
                    tokens.extend(super::events::event_union(ctx, shape, s));
                }
                BodyCodec::Cbor => tokens.extend(super::cbor::shape_impls(ctx, shape, s)),
                BodyCodec::Json => {}
            }
            tokens
        }
        ShapeKind::Enum(e) if codec == BodyCodec::Cbor => {
            let mut tokens = enumeration(ctx, shape, e);
            tokens.extend(super::cbor::enum_impls(ctx, shape));
            tokens
        }
        ShapeKind::Enum(e) => enumeration(ctx, shape, e),
        _ => TokenStream::new(),
    };
    let trait_doc = format!(
        " The operations of {full_name}, one async method each: implement it for a client, a \
         server or a test double. Methods take `&self` and return `Send` futures, so a double \
         that records calls keeps its state behind a `Mutex` or atomics."
    );
    let error_doc = format!(
        " The error every operation returns; a method that is not implemented returns it made \
         from [`NotImplemented`]({}).",
        ctx.support_link("NotImplemented")
    );
    sink.items(quote! {
        #module_doc

        /// `metadata.serviceId`.
        pub const SERVICE_ID: &str = #service_id;
        /// `metadata.serviceFullName`.
        pub const SERVICE_FULL_NAME: &str = #full_name;
        /// `metadata.apiVersion`.
        pub const API_VERSION: &str = #api_version;
        /// `metadata.endpointPrefix`: the host name's first label.
        pub const ENDPOINT_PREFIX: &str = #endpoint_prefix;
        /// `metadata.signingName`: the service name in a SigV4 signature.
        pub const SIGNING_NAME: &str = #signing_name;
        #endpoint_rules

        /// Every operation of the service, by name.
        pub const OPERATIONS: &[#support::OperationInfo] = &[#(#infos),*];

        #[doc = #trait_doc]
        pub trait #trait_name {
            #[doc = #error_doc]
            type Error: #from<#support::NotImplemented>;
            #(#methods)*
        }
    });
    for shape in service.shapes.values() {
        sink.items(items(shape));
    }
    let operations = quote! {
        /// One unit type per operation, implementing the crate's `Operation` trait.
        pub mod operation
    };
    sink.module(operations, |sink| {
        for op in &service.operations {
            sink.items(operation(ctx, op));
        }
    });
}

fn module_docs(ctx: &Ctx<'_>) -> TokenStream {
    let service = ctx.service;
    let title = format!(
        " {} (`{}`, API version {}).",
        service.full_name, service.service_id, service.api_version
    );
    let lines = doc_lines(&service.docs);
    let body_doc = if lines.is_empty() {
        TokenStream::new()
    } else {
        quote!(#![doc = ""] #(#![doc = #lines])*)
    };
    let wire = format!(" {}", crate::protocol::of(&service.wire).documentation());
    quote!(#![doc = #title] #![doc = ""] #![doc = #wire] #body_doc)
}

fn trait_method(ctx: &Ctx<'_>, op: &Operation) -> TokenStream {
    let Prelude {
        result,
        err,
        future,
        send,
        ..
    } = &ctx.prelude;
    let method = ident(&op.method);
    let doc = docs_or(ctx, &op.docs, &format!("The `{}` operation.", op.wire_name));
    let support = &ctx.support;
    let route = format!(
        " `{} {}`. Unless implemented, returns [`NotImplemented`]({}).",
        op.http_method,
        op.http_uri,
        ctx.support_link("NotImplemented")
    );
    let wire_name = &op.wire_name;
    let input = ctx.io_type(op.input.as_ref(), &TokenStream::new());
    let output = ctx.io_type(op.output.as_ref(), &TokenStream::new());
    fragment(quote! {
        #doc
        #[doc = ""]
        #[doc = #route]
        fn #method(
            &self,
            input: #input,
        ) -> impl #future<Output = #result<#output, Self::Error>> + #send {
            let _ = input;
            async { #err(Self::Error::from(#support::NotImplemented::new(#wire_name))) }
        }
    })
}
