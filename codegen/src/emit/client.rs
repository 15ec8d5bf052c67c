//! The client glue of a service (feature `client` of the generated crate): the service trait
//! implemented for the hand-written `client::Client`, one `send` per operation; each operation's
//! service; and a paginator for every operation the IR gives one ([`super::paginator`]).
//! Everything else a client does is the crate's hand-written `client` module.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Collect, Ctx, Prelude, Sink, ident};
use crate::ir::{Member, Operation, ShapeId, ShapeKind, StaticParam};

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
    let mut tokens = Collect::default();
    client_module_into(ctx, glue, &mut tokens);
    tokens.finish()
}

/// The `client` child module of a service module, as [`client_module`] gives it, item by item
/// into `sink`.
pub fn client_module_into(ctx: &Ctx<'_>, glue: Glue, sink: &mut impl Sink) {
    let service = ctx.service;
    let runtime = ctx.client();
    let trait_name = ident(&service.trait_name);
    let (service_id, endpoint_prefix, signing_name) = (
        &service.service_id,
        &service.endpoint_prefix,
        &service.signing_name,
    );
    let Prelude { some, none, .. } = &ctx.prelude;
    let endpoint_rules = match service.endpoint_rules {
        Some(_) => quote!(#some(super::ENDPOINT_RULES)),
        None => quote!(#none),
    };
    let methods = service.operations.iter().map(|op| method(ctx, op));
    let service_trait = (glue == Glue::Crate).then(|| {
        quote! {
            impl super::#trait_name for #runtime::Client {
                type Error = #runtime::Error;
                #(#methods)*
            }
        }
    });
    let operation = |op: &Operation| {
        let name = ident(&op.rust_name);
        let params = endpoint_params(ctx, op);
        quote! {
            impl #runtime::ServiceOperation for super::operation::#name {
                const SERVICE: #runtime::ServiceInfo = SERVICE;
                #params
            }
        }
    };
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
    let head = quote! {
        #[doc = #doc]
        #gate
        pub mod client
    };
    sink.module(head, |sink| {
        sink.items(quote! {
            /// The service's identity, as the client needs it: endpoint prefix, signing name and
            /// endpoint rules.
            pub const SERVICE: #runtime::ServiceInfo = #runtime::ServiceInfo {
                service_id: #service_id,
                endpoint_prefix: #endpoint_prefix,
                signing_name: #signing_name,
                endpoint_rules: #endpoint_rules,
            };

            #service_trait
        });
        for op in &service.operations {
            sink.items(operation(op));
        }
        let paginators = service.operations.iter();
        for paginator in paginators.filter_map(|op| super::paginator::paginator(ctx, op)) {
            sink.items(paginator);
        }
        if let Some(waiters) = waiters {
            sink.items(waiters);
        }
    });
}

/// `ServiceOperation::endpoint_params` of an operation that sets endpoint parameters of a
/// service with endpoint rules: its static ones, those of its input's members with a
/// `contextParam` that are strings, enums or booleans, and those of its paths into the input.
fn endpoint_params(ctx: &Ctx<'_>, op: &Operation) -> Option<TokenStream> {
    ctx.service.endpoint_rules.as_ref()?;
    let Prelude {
        some, result, ok, ..
    } = &ctx.prelude;
    let runtime = ctx.client();
    let value = quote!(::serde_json::Value);
    let statics = op.static_endpoint_params.iter().map(|(name, param)| {
        let param = match param {
            StaticParam::String(text) => quote!(#value::from(#text)),
            StaticParam::Bool(flag) => quote!(#value::Bool(#flag)),
        };
        quote!(params.set(#name, #param);)
    });
    let members = op
        .input
        .as_ref()
        .and_then(|input| members(ctx, input))
        .unwrap_or_default()
        .iter()
        .filter(|member| !member.secret)
        .filter_map(|member| {
            let name = member.context_param.as_ref()?;
            let param = match ctx.kind(&member.target)? {
                ShapeKind::String | ShapeKind::Enum(_) => quote!(#value::from(value.as_str())),
                ShapeKind::Boolean => quote!(#value::Bool(*value)),
                _ => return None,
            };
            let field = ident(&member.rust_name);
            let access = if member.required {
                quote!(#some(&input.#field))
            } else {
                quote!(input.#field.as_ref())
            };
            Some(quote! {
                if let #some(value) = #access {
                    params.set(#name, #param);
                }
            })
        })
        .collect::<Vec<_>>();
    let paths = op
        .path_endpoint_params
        .iter()
        .map(|(name, path)| quote!(params.select(#name, input, #path)?;));
    if op.static_endpoint_params.is_empty()
        && members.is_empty()
        && op.path_endpoint_params.is_empty()
    {
        return None;
    }
    let input = ctx.io_type(op.input.as_ref(), &quote!(super::));
    let unused =
        (members.is_empty() && op.path_endpoint_params.is_empty()).then(|| quote!(let _ = input;));
    Some(quote! {
        const ENDPOINT_PARAMS: bool = true;

        fn endpoint_params(
            input: &#input,
            params: &mut #runtime::endpoint::Params,
        ) -> #result<(), #runtime::EndpointError> {
            #unused
            #(#statics)*
            #(#members)*
            #(#paths)*
            #ok(())
        }
    })
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

/// The members of structure `id`.
fn members<'a>(ctx: &Ctx<'a>, id: &ShapeId) -> Option<&'a [Member]> {
    match &ctx.shape(id)?.kind {
        ShapeKind::Structure(structure) => Some(&structure.members),
        _ => None,
    }
}
