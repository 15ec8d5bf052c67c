//! The event-stream glue: per event-stream union, how a message is read as one of its events or
//! modeled exceptions and how each is written as a message (`wire::EventUnion`). An event's
//! members travel as the model binds them: `eventheader` members in headers of the message named
//! as the member, an `eventpayload` member as the whole payload (a blob as bytes, a string as
//! text, a structure in the protocol's body form: JSON, or XML under restXml), the others in a
//! payload of that form.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, Prelude, ident};
use crate::ir::{EventBinding, Member, Shape, ShapeKind, Structure};
use crate::protocol::BodyCodec;

/// `impl wire::EventUnion` for the event-stream union `shape`.
pub(super) fn event_union(ctx: &Ctx<'_>, shape: &Shape, union: &Structure) -> TokenStream {
    let Prelude {
        result,
        ok,
        some,
        none,
        option,
        boxed,
        ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let name = ident(&shape.rust_name);
    let is_exception =
        |m: &Member| matches!(ctx.kind(&m.target), Some(ShapeKind::Structure(s)) if s.exception);
    let arm = |m: &Member| {
        let variant = ident(&m.variant);
        let wire_name = &m.wire_name;
        // An event without members is its name alone.
        let read = match ctx.kind(&m.target) {
            Some(ShapeKind::Structure(event)) if event.members.is_empty() => {
                let ty = ctx.rust_type(&m.target, &TokenStream::new());
                quote!(#ty {})
            }
            _ => {
                let read = read_structure(ctx, m);
                quote!(#read?)
            }
        };
        let value = if m.boxed {
            quote!(#boxed::new(#read))
        } else {
            read
        };
        quote!(#wire_name => #ok(Self::#variant(#value)),)
    };
    let events = union.members.iter().filter(|m| !is_exception(m)).map(arm);
    let read_exception = if !union.members.iter().any(&is_exception) {
        quote! {
            let _ = (exception_type, message);
            #none
        }
    } else {
        let arms = union.members.iter().filter(|m| is_exception(m)).map(|m| {
            let variant = ident(&m.variant);
            let wire_name = &m.wire_name;
            let read = read_structure(ctx, m);
            let value = if m.boxed {
                quote!(#read.map(#boxed::new))
            } else {
                read
            };
            quote!(#wire_name => #some(#value.map(Self::#variant)),)
        });
        quote! {
            match exception_type {
                #(#arms)*
                _ => #none,
            }
        }
    };
    let writes = union.members.iter().map(|m| {
        let variant = ident(&m.variant);
        let kind = if is_exception(m) {
            "exception"
        } else {
            "event"
        };
        let value = if m.boxed {
            quote!(&**value)
        } else {
            quote!(value)
        };
        let write = write_structure(ctx, m, kind, &value);
        // Events without members, and those not written, leave `value` unused.
        quote!(Self::#variant(value) => { let _ = &value; #write })
    });
    quote! {
        impl #wire::EventUnion for #name {
            fn read_event(event_type: &str, message: &#support::event_stream::Frame<'_>) -> #result<Self, #support::FieldError> {
                match event_type {
                    #(#events)*
                    other => #ok(Self::Unknown(#wire::unknown_event(other, message.payload()))),
                }
            }

            fn read_exception(
                exception_type: &str,
                message: &#support::event_stream::Frame<'_>,
            ) -> #option<#result<Self, #support::FieldError>> {
                #read_exception
            }

            fn write_event(&self) -> #result<#support::event_stream::Message, #support::FieldError> {
                #ok(match self {
                    #(#writes)*
                    Self::Unknown(member) => #wire::event_message(
                        "event",
                        member.name(),
                        #some("application/json"),
                        #wire::json_bytes(member.value()),
                    ),
                })
            }
        }
    }
}

/// An expression of type `Result<T, FieldError>`: the structure member `m` of the union targets,
/// read from `message`.
fn read_structure(ctx: &Ctx<'_>, m: &Member) -> TokenStream {
    let Prelude {
        ok, some, result, ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let ty = ctx.rust_type(&m.target, &TokenStream::new());
    let Some(ShapeKind::Structure(event)) = ctx.kind(&m.target) else {
        return quote!(#wire::read_json::<#ty>(message.payload()));
    };
    let bound_elsewhere = event
        .members
        .iter()
        .any(|member| member.event_binding != EventBinding::Body);
    let xml = ctx.protocol.body_codec() == BodyCodec::Xml;
    if event.members.is_empty() {
        return quote!(#ok::<_, #support::FieldError>(#ty {}));
    }
    if !bound_elsewhere && xml {
        return quote!(<#ty as #wire::FromXml>::from_xml(&#wire::XmlElement::parse_body(message.payload())?, #wire::XmlPath::ROOT));
    }
    if !bound_elsewhere {
        // The payload is the structure's JSON form; an empty one holds no member.
        return quote!(#wire::read_json::<#ty>(#wire::json_payload(message.payload())));
    }
    let has_body = event
        .members
        .iter()
        .any(|member| member.event_binding == EventBinding::Body);
    let parse = match (has_body, xml) {
        (false, _) => None,
        (true, true) => Some(quote! {
            let element = &#wire::XmlElement::parse_body(message.payload())?;
            let path = #wire::XmlPath::ROOT;
        }),
        (true, false) => Some(
            quote!(let mut object = #wire::JsonMembers::parse(#wire::json_payload(message.payload()))?;),
        ),
    };
    let fields = event.members.iter().map(|member| {
        let field = ident(&member.rust_name);
        let name = &member.wire_name;
        let ty = ctx.field_base_type(member, &TokenStream::new());
        let optional = match member.event_binding {
            EventBinding::Header => quote!(#wire::event_header::<#ty>(message, #name)?),
            EventBinding::Payload => match ctx.kind(&member.target) {
                Some(ShapeKind::Blob) => quote!(#some(<#ty>::from(message.payload().to_vec()))),
                Some(ShapeKind::String) => quote!(#some(#wire::at(#name, #wire::text_payload(message.payload()))?.unwrap_or_default())),
                _ if xml => quote!(#some(<#ty as #wire::FromXml>::from_xml(&#wire::XmlElement::parse(message.payload())?, #wire::XmlPath::new(#name))?)),
                _ => quote!(#some(#wire::read_json::<#ty>(message.payload())?)),
            },
            EventBinding::Body if xml => super::query::read_member(ctx, member, &TokenStream::new()),
            EventBinding::Body => {
                let json = &member.json_name;
                quote!(object.take::<#ty>(#json)?)
            }
        };
        if member.required {
            quote!(#field: #wire::required(#name, #optional)?)
        } else {
            quote!(#field: #optional)
        }
    });
    quote! {
        (|| -> #result<#ty, #support::FieldError> {
            #parse
            #ok(#ty { #(#fields,)* })
        })()
    }
}

/// Statements that end in the message carrying `value` (a reference to the structure member `m`
/// of the union targets) as a message of `kind`.
fn write_structure(ctx: &Ctx<'_>, m: &Member, kind: &str, value: &TokenStream) -> TokenStream {
    let Prelude { some, .. } = &ctx.prelude;
    let wire = ctx.wire();
    let name = &m.wire_name;
    let json = quote!(#some("application/json"));
    let Some(ShapeKind::Structure(event)) = ctx.kind(&m.target) else {
        return quote!(#wire::event_message(#kind, #name, #json, #wire::json_bytes(#value)));
    };
    let payload_member = event
        .members
        .iter()
        .find(|member| member.event_binding == EventBinding::Payload);
    if ctx.protocol.body_codec() == BodyCodec::Xml {
        let in_xml = event
            .members
            .iter()
            .any(|member| match member.event_binding {
                EventBinding::Body => true,
                EventBinding::Payload => !matches!(
                    ctx.kind(&member.target),
                    Some(ShapeKind::Blob | ShapeKind::String)
                ),
                EventBinding::Header => false,
            });
        if in_xml {
            let Prelude { err, .. } = &ctx.prelude;
            let support = &ctx.support;
            return quote! {
                return #err(#support::FieldError::new(
                    #name,
                    "an event with an XML payload is not written by this crate",
                ));
            };
        }
        if event.members.is_empty() {
            return quote!(#wire::event_message(#kind, #name, ::std::option::Option::None, ::std::vec::Vec::new()));
        }
    }
    let (content_type, payload) = match payload_member {
        Some(member) => {
            let field = ident(&member.rust_name);
            match ctx.kind(&member.target) {
                Some(ShapeKind::Blob) => (
                    quote!(#some("application/octet-stream")),
                    if member.required {
                        quote!(#value.#field.as_bytes().to_vec())
                    } else {
                        quote!(#value.#field.as_ref().map(|blob| blob.as_bytes().to_vec()).unwrap_or_default())
                    },
                ),
                Some(ShapeKind::String) => (
                    quote!(#some("text/plain")),
                    if member.required {
                        quote!(#value.#field.clone().into_bytes())
                    } else {
                        quote!(#value.#field.clone().unwrap_or_default().into_bytes())
                    },
                ),
                _ => (
                    json.clone(),
                    if member.required {
                        quote!(#wire::json_bytes(&#value.#field))
                    } else {
                        quote!(#value.#field.as_ref().map(#wire::json_bytes).unwrap_or_default())
                    },
                ),
            }
        }
        // Only header members: the message has no payload, and so no content type.
        None if event
            .members
            .iter()
            .all(|member| member.event_binding == EventBinding::Header)
            && !event.members.is_empty() =>
        {
            let Prelude { none, vec, .. } = &ctx.prelude;
            (quote!(#none), quote!(#vec::new()))
        }
        None if event
            .members
            .iter()
            .any(|member| member.event_binding == EventBinding::Header) =>
        {
            // The body members only: the header members leave the JSON.
            let writes = event
                .members
                .iter()
                .filter(|member| member.event_binding == EventBinding::Body)
                .map(|member| {
                    let field = ident(&member.rust_name);
                    let key = &member.json_name;
                    if member.required {
                        quote!(object.member(#key, &#value.#field)?;)
                    } else {
                        quote!(if let #some(v) = &#value.#field { object.member(#key, v)?; })
                    }
                });
            (
                json.clone(),
                quote!({
                    let mut object = #wire::JsonObject::new();
                    #(#writes)*
                    object.finish().bytes().to_vec()
                }),
            )
        }
        None => (json.clone(), quote!(#wire::json_bytes(#value))),
    };
    let headers = event
        .members
        .iter()
        .filter(|member| member.event_binding == EventBinding::Header)
        .map(|member| {
            let field = ident(&member.rust_name);
            let header = &member.wire_name;
            if member.required {
                quote!(message = message.header(#header, #wire::EventHeader::to_header(&#value.#field));)
            } else {
                quote! {
                    if let #some(v) = &#value.#field {
                        message = message.header(#header, #wire::EventHeader::to_header(v));
                    }
                }
            }
        });
    quote! {
        #[allow(unused_mut)]
        let mut message = #wire::event_message(#kind, #name, #content_type, #payload);
        #(#headers)*
        message
    }
}
