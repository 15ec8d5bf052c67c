//! The client glue of a service (feature `client` of the generated crate): the service trait
//! implemented for the hand-written `client::Client`, one `send` per operation; each operation's
//! service; and a paginator for every operation the IR gives one ([`super::paginator`]).
//! Everything else a client does is the crate's hand-written `client` module.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, Prelude, ident};
use crate::ir::Operation;

/// Where client glue is compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Glue {
    /// In the generated crate, behind its `client` feature, the service trait implemented for
    /// its `Client`.
    Crate,
    /// Outside the crate whose client it uses (which has no `client` feature of its own): the
    /// operations' service and their paginators, without the service trait, whose methods call
    /// the crate's private `Client::call`.
    Outside,
}

/// The `client` child module of a service module, compiled with the generated crate's `client`
/// feature only.
pub fn client(ctx: &Ctx<'_>) -> TokenStream {
    client_module(ctx, Glue::Crate)
}

/// The `client` child module of a service module, compiled where `glue` says.
pub fn client_module(ctx: &Ctx<'_>, glue: Glue) -> TokenStream {
    let service = ctx.service;
    let runtime = ctx.client();
    let trait_name = ident(&service.trait_name);
    let (service_id, endpoint_prefix, signing_name) = (
        &service.service_id,
        &service.endpoint_prefix,
        &service.signing_name,
    );
    let methods = service.operations.iter().map(|op| method(ctx, op));
    let service_trait = (glue == Glue::Crate).then(|| {
        quote! {
            impl super::#trait_name for #runtime::Client {
                type Error = #runtime::Error;
                #(#methods)*
            }
        }
    });
    let operations = service.operations.iter().map(|op| {
        let name = ident(&op.rust_name);
        quote! {
            impl #runtime::ServiceOperation for super::operation::#name {
                const SERVICE: #runtime::ServiceInfo = SERVICE;
            }
        }
    });
    let paginators = service
        .operations
        .iter()
        .filter_map(|op| super::paginator::paginator(ctx, op));
    let doc = format!(
        " [`{}`] for the crate's client (feature `client`): every method a \
         [`Client::send`](crate::client::Client::send), and a paginator for every operation \
         the service's paginators file lists.",
        service.trait_name,
    );
    let gate = (glue == Glue::Crate).then(|| quote!(#[cfg(feature = "client")]));
    let waiters = super::waiter::waiters(ctx);
    let waiters = (!waiters.is_empty()).then(|| {
        quote! {
            /// The service's waiters (its waiters file), for
            /// [`Client::wait`](crate::client::Client::wait).
            pub mod waiters {
                #waiters
            }
        }
    });
    quote! {
        #[doc = #doc]
        #gate
        pub mod client {
            /// The service's identity, as the client needs it: endpoint prefix and signing name.
            pub const SERVICE: #runtime::ServiceInfo = #runtime::ServiceInfo {
                service_id: #service_id,
                endpoint_prefix: #endpoint_prefix,
                signing_name: #signing_name,
            };

            #service_trait

            #(#operations)*

            #(#paginators)*

            #waiters
        }
    }
}

fn method(ctx: &Ctx<'_>, op: &Operation) -> TokenStream {
    let Prelude {
        result,
        future,
        send,
        ..
    } = &ctx.prelude;
    let method = ident(&op.method);
    let name = ident(&op.rust_name);
    let input = ctx.io_type(op.input.as_ref(), &quote!(super::));
    let output = ctx.io_type(op.output.as_ref(), &quote!(super::));
    quote! {
        fn #method(
            &self,
            input: #input,
        ) -> impl #future<Output = #result<#output, Self::Error>> + #send {
            self.call::<super::operation::#name>(input)
        }
    }
}
