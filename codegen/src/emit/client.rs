//! The client glue of a service (feature `client` of the generated crate): the service trait
//! implemented for the hand-written `client::Client`, one `send` per operation; each operation's
//! service; and a paginator for every operation the IR gives one.
//! Everything else a client does is the crate's hand-written `client` module.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, Prelude, ident};
use crate::ir::{Member, Operation, ShapeId, ShapeKind, StaticParam};

/// The `client` child module of a service module, compiled with the generated crate's `client`
/// feature only.
pub fn client(ctx: &Ctx<'_>) -> TokenStream {
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
    let operations = service.operations.iter().map(|op| {
        let name = ident(&op.rust_name);
        let params = endpoint_params(ctx, op);
        quote! {
            impl #runtime::ServiceOperation for super::operation::#name {
                const SERVICE: #runtime::ServiceInfo = SERVICE;
                #params
            }
        }
    });
    let paginators = service
        .operations
        .iter()
        .filter_map(|op| paginator(ctx, op));
    let doc = format!(
        " [`{}`] for the crate's client (feature `client`): every method a \
         [`Client::send`](crate::client::Client::send), and a paginator for every operation \
         whose input and output have `nextToken`.",
        service.trait_name,
    );
    quote! {
        #[doc = #doc]
        #[cfg(feature = "client")]
        pub mod client {
            /// The service's identity, as the client needs it: endpoint prefix, signing name and
            /// endpoint rules.
            pub const SERVICE: #runtime::ServiceInfo = #runtime::ServiceInfo {
                service_id: #service_id,
                endpoint_prefix: #endpoint_prefix,
                signing_name: #signing_name,
                endpoint_rules: #endpoint_rules,
            };

            impl super::#trait_name for #runtime::Client {
                type Error = #runtime::Error;
                #(#methods)*
            }

            #(#operations)*

            #(#paginators)*
        }
    }
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

/// `Paginated` (and `PaginatedItems` when the output has one list or map member) for an
/// operation the IR gives a paginator.
fn paginator(ctx: &Ctx<'_>, op: &Operation) -> Option<TokenStream> {
    let Prelude { option, string, .. } = &ctx.prelude;
    let runtime = ctx.client();
    let paginator = op.paginator.as_ref()?;
    let input = members(ctx, op.input.as_ref()?)?;
    let output = members(ctx, op.output.as_ref()?)?;
    let token_in = member(input, &paginator.input_token)?;
    let token_out = member(output, &paginator.output_token)?;
    let name = ident(&op.rust_name);
    let input_type = ctx.io_type(op.input.as_ref(), &quote!(super::));
    let output_type = ctx.io_type(op.output.as_ref(), &quote!(super::));
    let (field_in, field_out) = (ident(&token_in.rust_name), ident(&token_out.rust_name));
    let items = paginator
        .items
        .as_deref()
        .and_then(|items| member(output, items))
        .map(|items| items_impl(ctx, op, items, &output_type));
    Some(quote! {
        impl #runtime::Paginated for super::operation::#name {
            fn next_token(output: &#output_type) -> #option<&str> {
                output.#field_out.as_deref()
            }

            fn set_next_token(input: &mut #input_type, token: #option<#string>) {
                input.#field_in = token;
            }
        }

        #items
    })
}

/// `PaginatedItems`: the entries of the output's list or map member.
fn items_impl(
    ctx: &Ctx<'_>,
    op: &Operation,
    member: &Member,
    output_type: &TokenStream,
) -> TokenStream {
    let Prelude { vec, .. } = &ctx.prelude;
    let runtime = ctx.client();
    let item = match ctx.kind(&member.target) {
        Some(ShapeKind::List { member }) => ctx.rust_type(member, &quote!(super::)),
        Some(ShapeKind::Map { key, value }) => {
            let key = ctx.rust_type(key, &quote!(super::));
            let value = ctx.rust_type(value, &quote!(super::));
            quote!((#key, #value))
        }
        _ => return TokenStream::new(),
    };
    let name = ident(&op.rust_name);
    let field = ident(&member.rust_name);
    let entries = if member.required {
        quote!(output.#field)
    } else {
        quote!(output.#field.unwrap_or_default())
    };
    quote! {
        impl #runtime::PaginatedItems for super::operation::#name {
            type Item = #item;

            fn into_items(output: #output_type) -> #vec<Self::Item> {
                ::std::iter::IntoIterator::into_iter(#entries).collect()
            }
        }
    }
}

fn members<'a>(ctx: &Ctx<'a>, id: &ShapeId) -> Option<&'a [Member]> {
    match &ctx.shape(id)?.kind {
        ShapeKind::Structure(structure) => Some(&structure.members),
        _ => None,
    }
}

/// The member of this wire name.
fn member<'a>(members: &'a [Member], wire_name: &str) -> Option<&'a Member> {
    members.iter().find(|m| m.wire_name == wire_name)
}
