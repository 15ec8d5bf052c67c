//! The wire glue of one operation: `request` and `response` for clients, `parse_request` and
//! `write_response` for servers, written from the bindings resolved in the IR and what the
//! service's protocol ([`crate::protocol::Protocol`]) decides: its headers and empty bodies. A
//! structure whose members all travel in the JSON body is its own body (its serde form is the
//! body form); the others are taken apart member by member.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, Prelude, ident};
use crate::ir::{
    Half, Location, Member, Operation, RequestChecksum, Shape, ShapeKind, Side, Streaming,
    Structure, TimestampFormat, UrlEncoded,
};
use crate::protocol::{self, BodyCodec, EmptyBody};

/// The `Operation` items that carry the wire form: the four functions.
///
/// They are `#[inline]`: a crate that depends on the generated one compiles the wire code of the
/// operations it calls, not of all of them.
pub(super) fn operation_wire(ctx: &Ctx<'_>, op: &Operation) -> TokenStream {
    if let Some(message) = ctx.protocol.no_wire_form() {
        return unsupported(ctx, &message);
    }
    match ctx.protocol.body_codec() {
        BodyCodec::Query => return super::query::operation_wire(ctx, op),
        BodyCodec::Cbor
            if !matches!(
                op.streaming,
                Streaming::InputEvents | Streaming::OutputEvents
            ) =>
        {
            return super::cbor::operation_wire(ctx, op);
        }
        _ => {}
    }
    let input = ctx.structure(op.input.as_ref());
    let output = ctx.structure(op.output.as_ref());
    match op.streaming {
        // The request's head is an ordinary one, its body the signed events the client sends;
        // the output may be a stream of events too.
        Streaming::InputEvents
            if ctx.protocol.body_codec() == BodyCodec::Json
                && input.is_some_and(|input| payload_events(ctx, input)) =>
        {
            let request = request(ctx, op, input);
            let parse_request = refusing(
                ctx,
                Refused {
                    request: false,
                    response: false,
                    parse_request: true,
                    write_response: false,
                },
                INPUT_EVENTS,
            );
            let response = if output
                .is_some_and(|output| output.members.iter().any(|m| ctx.is_event_stream(m)))
            {
                unsupported_response(ctx, OUTPUT_EVENTS)
            } else {
                let response = response(ctx, op, output);
                let write_response = write_response(ctx, op, output);
                quote!(#response #write_response)
            };
            return quote! {
                #request
                #parse_request
                #response
            };
        }
        Streaming::InputEvents => {
            return unsupported(ctx, "an input event stream has no wire form in this crate");
        }
        // The request is an ordinary one; the response's events are read by
        // `wire::EventReader` of the stream's union, which the operation's output cannot hold.
        Streaming::OutputEvents if ctx.protocol.body_codec() == BodyCodec::Json => {
            let request = request(ctx, op, input);
            let parse_request = parse_request(ctx, op, input);
            let response = unsupported_response(ctx, OUTPUT_EVENTS);
            return quote! {
                #request
                #parse_request
                #response
            };
        }
        Streaming::OutputEvents if ctx.protocol.body_codec() == BodyCodec::Xml => {
            let request = request(ctx, op, input);
            let parse_request = parse_request(ctx, op, input);
            let rest = unsupported_response(ctx, OUTPUT_EVENTS);
            return quote! {
                #request
                #parse_request
                #rest
            };
        }
        Streaming::OutputEvents => {
            return unsupported(ctx, "an event stream has no wire form in this crate");
        }
        _ => {}
    }
    let request = request(ctx, op, input);
    let response = response(ctx, op, output);
    let parse_request = parse_request(ctx, op, input);
    let write_response = write_response(ctx, op, output);
    // JSON errors are written by `Operation::write_error` as it is, unless an exception has
    // members bound to headers.
    let write_error = match ctx.protocol.body_codec() {
        BodyCodec::Xml => Some(super::xml::write_error(
            ctx,
            op,
            ctx.protocol.xml_error_form(),
        )),
        BodyCodec::Json => json_write_error(ctx, op),
        _ => None,
    };
    quote! {
        #request
        #response
        #parse_request
        #write_response
        #write_error
    }
}

/// What `response` and `write_response` of an operation whose output is an event stream say.
const OUTPUT_EVENTS: &str = "the response is an event stream: read its events from the body with \
     `wire::EventReader` (or `wire::read_events`) of the stream's union, and write them with \
     `wire::EventUnion::write_event`";

/// What `parse_request` of an operation whose input is an event stream says.
const INPUT_EVENTS: &str = "the request's body is a stream of signed events: check and read them \
     with `client::event_signing::EventVerifier`, then `wire::EventUnion::read_event` of the \
     stream's union";

/// Whether `input`'s payload is a stream of events (restJson1's way of sending one).
fn payload_events(ctx: &Ctx<'_>, input: &Structure) -> bool {
    input
        .members
        .iter()
        .any(|m| m.location == Location::Payload && ctx.is_event_stream(m))
}

/// How the members of one side bind: each member with its location on that side.
struct Bound<'a> {
    structure: &'a Structure,
    side: Side,
}

impl<'a> Bound<'a> {
    fn location(&self, member: &Member) -> Location {
        protocol::effective_location(&member.location, self.side)
    }

    fn members(&self, pick: impl Fn(&Location) -> bool) -> Vec<&'a Member> {
        self.structure
            .members
            .iter()
            .filter(|m| pick(&self.location(m)))
            .collect()
    }

    /// The query parameters bound to members one by one (which a query map leaves alone).
    fn query_names(&self) -> Vec<String> {
        self.structure
            .members
            .iter()
            .filter_map(|m| match self.location(m) {
                Location::Query(name) => Some(name),
                _ => None,
            })
            .collect()
    }

    /// Whether every member travels in the JSON body, so that the structure's serde form is the
    /// body.
    fn all_body(&self) -> bool {
        self.structure
            .members
            .iter()
            .all(|m| self.location(m) == Location::Body)
    }
}

fn request(ctx: &Ctx<'_>, op: &Operation, input: Option<&Structure>) -> TokenStream {
    let Prelude {
        result, ok, vec, ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let Some(structure) = input else {
        let headers = protocol_headers(ctx, op, Side::Request);
        let headers_mut = (!headers.is_empty()).then(|| quote!(mut));
        let body = empty_body(ctx, Side::Request);
        let host = host_prefix(ctx, op, &[]);
        return quote! {
            #[inline]
            fn request(_input: &Self::Input) -> #result<#support::http::Request<#vec<u8>>, #support::RequestError> {
                let uri = #wire::Uri::expand(Self::HTTP_URI, &[])?;
                let #headers_mut headers = #wire::Headers::new();
                #headers
                #ok(#wire::request(Self::HTTP_METHOD, uri, headers, #body, #host)?)
            }
        };
    };
    let bound = Bound {
        structure,
        side: Side::Request,
    };
    let tokens = fill_tokens(ctx, structure);
    let labels = bound.members(|l| matches!(l, Location::Uri(_)));
    let label_pairs = labels.iter().map(|m| {
        let Location::Uri(name) = bound.location(m) else {
            return TokenStream::new();
        };
        let text = member_text(ctx, m, &bound.location(m), "input");
        quote!((#name, #text))
    });
    let queries = bound
        .members(|l| matches!(l, Location::Query(_) | Location::QueryMap))
        .into_iter()
        .map(|m| write_query(ctx, &bound, m));
    let uri_mut = if queries.len() > 0 {
        quote!(mut)
    } else {
        TokenStream::new()
    };
    // S3's listings ask for URL-encoded keys unless the caller chose, as botocore asks.
    let url_encoding = op.url_encoded.as_ref().and_then(|encoded| {
        let Location::Query(name) = &encoded.request.location else {
            return None;
        };
        let field = ident(&encoded.request.rust_name);
        Some(quote!(if input.#field.is_none() { uri.query(#name, "url"); }))
    });
    let headers = write_headers(ctx, &bound, "input", protocol_headers(ctx, op, bound.side));
    let body = write_body(ctx, op, &bound, "input");
    let checksum = request_checksum(ctx, op, structure);
    let host = host_prefix(ctx, op, &structure.members);
    // An input without members sends nothing of it where the protocol sends no empty body
    // (restJson1; awsJson sends `{}` from it); nor does one whose only member is the stream of
    // events it sends as its payload, after the request's head.
    let only_events = structure.members.len() == 1 && payload_events(ctx, structure);
    let input = if only_events
        || structure.members.is_empty()
            && ctx.protocol.empty_body(Side::Request) == EmptyBody::Nothing
    {
        quote!(_input)
    } else {
        quote!(input)
    };
    quote! {
        #[inline]
        fn request(#input: &Self::Input) -> #result<#support::http::Request<#vec<u8>>, #support::RequestError> {
            #tokens
            let #uri_mut uri = #wire::Uri::expand(Self::HTTP_URI, &[#(#label_pairs),*])?;
            #(#queries)*
            #url_encoding
            #headers
            let body = #body;
            #checksum
            #ok(#wire::request(Self::HTTP_METHOD, uri, headers, body, #host)?)
        }
    }
}

/// Statements that add the checksum of `body` the operation's request carries to `headers`.
fn request_checksum(ctx: &Ctx<'_>, op: &Operation, input: &Structure) -> TokenStream {
    let wire = ctx.wire();
    match &op.request_checksum {
        RequestChecksum::None => TokenStream::new(),
        RequestChecksum::Md5 => quote! {
            let mut headers = headers;
            #wire::content_md5(&mut headers, &body)?;
        },
        RequestChecksum::Flexible { algorithm_member } => {
            let member = algorithm_member
                .as_ref()
                .and_then(|name| input.members.iter().find(|m| m.rust_name == *name));
            // The algorithm chosen is named in the member's header too, as the SDKs send it.
            let algorithm_header = match member.map(|m| &m.location) {
                Some(Location::Header(name)) => quote!(::std::option::Option::Some(#name)),
                _ => quote!(::std::option::Option::None),
            };
            let algorithm = match member {
                Some(m) => {
                    let field = ident(&m.rust_name);
                    // An enum and a string both give their text by `as_str`.
                    let text = quote!(value.as_str());
                    if m.required {
                        quote!(::std::option::Option::Some({ let value = &input.#field; #text }))
                    } else {
                        quote!(input.#field.as_ref().map(|value| #text))
                    }
                }
                None => quote!(::std::option::Option::None),
            };
            quote! {
                let mut headers = headers;
                #wire::flexible_checksum(&mut headers, &body, #algorithm, #algorithm_header)?;
            }
        }
    }
}

/// Statements that give `input` a fresh idempotency token in every unset token member.
pub(super) fn fill_tokens(ctx: &Ctx<'_>, structure: &Structure) -> TokenStream {
    let Prelude {
        option, some, none, ..
    } = &ctx.prelude;
    let wire = ctx.wire();
    let fills: Vec<TokenStream> = structure
        .members
        .iter()
        .filter(|m| m.idempotency_token)
        .map(|m| {
            let field = ident(&m.rust_name);
            quote! {
                if input.#field.is_none() {
                    filled.get_or_insert_with(|| input.clone()).#field =
                        #some(#wire::idempotency_token());
                }
            }
        })
        .collect();
    if fills.is_empty() {
        return TokenStream::new();
    }
    quote! {
        let mut filled: #option<Self::Input> = #none;
        #(#fills)*
        let input = filled.as_ref().unwrap_or(input);
    }
}

/// `Some(host prefix)` with its labels filled from the input's `members`, or `None`.
pub(super) fn host_prefix(ctx: &Ctx<'_>, op: &Operation, members: &[Member]) -> TokenStream {
    let Prelude { some, none, .. } = &ctx.prelude;
    let wire = ctx.wire();
    let Some(prefix) = &op.host_prefix else {
        return quote!(#none);
    };
    let labels = members.iter().filter(|m| m.host_label).map(|m| {
        let name = &m.wire_name;
        let text = member_text(ctx, m, &Location::Uri(name.clone()), "input");
        quote!((#name, #text))
    });
    quote!(#some(#wire::host_prefix(#prefix, &[#(#labels),*])?))
}

/// The text of a required or optional scalar member of `owner`, as a `&str` argument (empty
/// when unset, which a label rejects).
fn member_text(ctx: &Ctx<'_>, member: &Member, location: &Location, owner: &str) -> TokenStream {
    let owner = format_ident!("{}", owner);
    let field = ident(&member.rust_name);
    if member.required {
        text_arg(ctx, member, location, &quote!(&#owner.#field))
    } else {
        let text = text_value(ctx, member, location, &quote!(value));
        quote!(&#owner.#field.as_ref().map(|value| ::std::string::ToString::to_string(&#text)).unwrap_or_default())
    }
}

/// The text form of `value` (a reference to a member's value or list element), as a value that
/// borrows at most `value`: a `&str`, a `String` or a `Cow<str>`.
fn text_value(
    ctx: &Ctx<'_>,
    member: &Member,
    location: &Location,
    value: &TokenStream,
) -> TokenStream {
    let wire = ctx.wire();
    match ctx.scalar_kind(member) {
        Some(ShapeKind::Enum(_)) => quote!(#value.as_str()),
        Some(ShapeKind::Timestamp { .. }) => {
            let format = ctx.timestamp_format(timestamp_format(member, location));
            quote!(#wire::format_timestamp(#value, #format))
        }
        Some(ShapeKind::String) if member.jsonvalue && matches!(location, Location::Header(_)) => {
            quote!(#wire::encode_json_value(#value))
        }
        _ => quote!(#wire::Text::to_text(#value)),
    }
}

/// The text form of `value` as a `&str` argument.
fn text_arg(
    ctx: &Ctx<'_>,
    member: &Member,
    location: &Location,
    value: &TokenStream,
) -> TokenStream {
    let text = text_value(ctx, member, location, value);
    match ctx.scalar_kind(member) {
        Some(ShapeKind::Enum(_)) => text,
        _ => quote!(&#text),
    }
}

/// A value from its text `text` (a `&str`), as `Result<T, FieldError>`.
fn value_from_text(
    ctx: &Ctx<'_>,
    member: &Member,
    location: &Location,
    text: &TokenStream,
) -> TokenStream {
    let Prelude { result, .. } = &ctx.prelude;
    let wire = ctx.wire();
    let path = &member.wire_name;
    match ctx.scalar_kind(member) {
        Some(ShapeKind::Enum(_)) => {
            let ty = ctx.scalar_type(member);
            let support = &ctx.support;
            let field_error = quote!(#support::FieldError);
            quote!(#result::<#ty, #field_error>::Ok(<#ty>::from(#text)))
        }
        Some(ShapeKind::Timestamp { .. }) => {
            let format = ctx.timestamp_format(timestamp_format(member, location));
            quote!(#wire::at(#path, #wire::parse_timestamp(#text, #format)))
        }
        Some(ShapeKind::String) if member.jsonvalue && matches!(location, Location::Header(_)) => {
            quote!(#wire::at(#path, #wire::decode_json_value(#text)))
        }
        _ => quote!(#wire::at(#path, #wire::Text::from_text(#text))),
    }
}

/// The format of a timestamp member's values where they travel (every member whose values are
/// timestamps has [`Member::timestamps`]).
fn timestamp_format(member: &Member, location: &Location) -> TimestampFormat {
    member
        .timestamps
        .map_or(TimestampFormat::DateTime, |timestamps| {
            timestamps.at(location)
        })
}

/// `body(value)` where `value` is a reference to the member's value: run directly for a required
/// member, and only when it is set for an optional one.
fn with_value(
    ctx: &Ctx<'_>,
    member: &Member,
    owner: &TokenStream,
    body: impl FnOnce(TokenStream) -> TokenStream,
) -> TokenStream {
    let Prelude { some, .. } = &ctx.prelude;
    let field = ident(&member.rust_name);
    if member.required {
        body(quote!(&#owner.#field))
    } else {
        let body = body(quote!(value));
        quote!(if let #some(value) = &#owner.#field { #body })
    }
}

/// The statement that adds a query member of the input to `uri`.
fn write_query(ctx: &Ctx<'_>, bound: &Bound<'_>, member: &Member) -> TokenStream {
    let wire = ctx.wire();
    let owner = quote!(input);
    let location = bound.location(member);
    match &location {
        Location::QueryMap => {
            let taken = bound.query_names();
            with_value(ctx, member, &owner, |map| {
                quote! {
                    for (key, values) in #map {
                        if ![#(#taken),*].contains(&key.as_str()) {
                            for text in #wire::QueryValues::query_values(values) {
                                uri.query(key, &text);
                            }
                        }
                    }
                }
            })
        }
        Location::Query(name) if ctx.element(member).is_some() => {
            let text = text_arg(ctx, member, &location, &quote!(item));
            with_value(
                ctx,
                member,
                &owner,
                |list| quote!(for item in #list { uri.query(#name, #text); }),
            )
        }
        Location::Query(name) => with_value(ctx, member, &owner, |value| {
            let text = text_arg(ctx, member, &location, &value);
            quote!(uri.query(#name, #text);)
        }),
        _ => TokenStream::new(),
    }
}

/// `let headers = ...;` with the protocol's own headers (`extra`) and every header member of
/// `owner` inserted.
fn write_headers(ctx: &Ctx<'_>, bound: &Bound<'_>, owner: &str, extra: TokenStream) -> TokenStream {
    let wire = ctx.wire();
    let owner = format_ident!("{}", owner);
    let owner = quote!(#owner);
    let inserts: Vec<TokenStream> = bound
        .members(|l| matches!(l, Location::Header(_) | Location::Headers(_)))
        .into_iter()
        .map(|member| {
            let path = &member.wire_name;
            let location = bound.location(member);
            match &location {
                Location::Headers(prefix) => with_value(ctx, member, &owner, |map| {
                    quote! {
                        for (key, text) in #map {
                            headers.insert(#path, &::std::format!("{}{}", #prefix, key), text)?;
                        }
                    }
                }),
                Location::Header(name) if ctx.element(member).is_some() => {
                    let text = text_value(ctx, member, &location, &quote!(item));
                    let quote_items = !is_http_date_list(ctx, member, &location);
                    with_value(ctx, member, &owner, |list| {
                        // `&input.tags.iter()` would borrow the iterator, not the list.
                        let list = if member.required { quote!((#list)) } else { list };
                        quote! {
                            headers.insert_list(#path, #name, #list.iter().map(|item| #text), #quote_items)?;
                        }
                    })
                }
                Location::Header(name) => {
                    with_value(ctx, member, &owner, |value| {
                        let text = text_arg(ctx, member, &location, &value);
                        quote!(headers.insert(#path, #name, #text)?;)
                    })
                }
                _ => TokenStream::new(),
            }
        })
        .collect();
    if inserts.is_empty() && extra.is_empty() {
        quote!(let headers = #wire::Headers::new();)
    } else {
        quote! {
            let mut headers = #wire::Headers::new();
            #extra
            #(#inserts)*
        }
    }
}

/// The headers the protocol adds to the operation's messages: its media type, and on requests
/// the header that names the operation.
fn protocol_headers(ctx: &Ctx<'_>, op: &Operation, side: Side) -> TokenStream {
    let media_type = ctx
        .protocol
        .media_type()
        .map(|media_type| quote!(headers.insert("Content-Type", "Content-Type", #media_type)?;));
    let target = ctx
        .protocol
        .operation_header(&op.wire_name)
        .filter(|_| side == Side::Request)
        .map(|(name, value)| quote!(headers.insert(#name, #name, #value)?;));
    let fixed = match side {
        Side::Request => ctx.protocol.fixed_request_headers(),
        Side::Response => &[],
    }
    .iter()
    .map(|(name, value)| quote!(headers.insert(#name, #name, #value)?;));
    quote! {
        #media_type
        #target
        #(#fixed)*
    }
}

/// A body the protocol gives a message without members.
fn body_of(ctx: &Ctx<'_>, empty: EmptyBody) -> TokenStream {
    let wire = ctx.wire();
    match empty {
        EmptyBody::Nothing => quote!(#wire::Body::Empty),
        EmptyBody::EmptyObject => quote!(#wire::Body::Json(b"{}".to_vec())),
    }
}

/// The body of a message whose structure has no member in it.
fn empty_body(ctx: &Ctx<'_>, side: Side) -> TokenStream {
    body_of(ctx, ctx.protocol.empty_body(side))
}

fn is_http_date_list(ctx: &Ctx<'_>, member: &Member, location: &Location) -> bool {
    matches!(ctx.scalar_kind(member), Some(ShapeKind::Timestamp { .. }))
        && timestamp_format(member, location) == TimestampFormat::HttpDate
}

/// An XML body holding `members` of `owner` inside the message's root element, when one of them
/// is set (botocore's rule); no body otherwise: the input's (`input_xml`) or the output's
/// (`output_xml`).
fn xml_members_body(
    ctx: &Ctx<'_>,
    op: &Operation,
    side: Side,
    members: &[&Member],
    owner: &TokenStream,
) -> TokenStream {
    let wire = ctx.wire();
    let root = match side {
        Side::Request => &op.input_xml,
        Side::Response => &op.output_xml,
    };
    let (Some(root), false) = (root, members.is_empty()) else {
        return quote!(#wire::Body::Empty);
    };
    let name = &root.name;
    let namespace = super::xml::namespace(root.namespace.as_ref());
    let body = quote!(#wire::xml_body(#owner, #name, #namespace));
    if members.iter().any(|m| m.required) {
        return body;
    }
    let set = members.iter().map(|m| {
        let field = ident(&m.rust_name);
        quote!(#owner.#field.is_some())
    });
    quote! {
        if #(#set)||* { #body } else { #wire::Body::Empty }
    }
}

/// The body of `owner` (an expression of type `wire::Body`, which may use `?`).
fn write_body(ctx: &Ctx<'_>, op: &Operation, bound: &Bound<'_>, owner: &str) -> TokenStream {
    let Prelude { some, none, .. } = &ctx.prelude;
    let wire = ctx.wire();
    let owner = format_ident!("{}", owner);
    let owner = quote!(#owner);
    if let Some(payload) = bound.members(|l| *l == Location::Payload).first() {
        // A stream of events is sent after the request's head, by the client.
        if ctx.is_event_stream(payload) {
            return quote!(#wire::Body::Events);
        }
        let field = ident(&payload.rust_name);
        let (when_set, when_unset) = match ctx.kind(&payload.target) {
            Some(ShapeKind::Blob) => (
                quote!(#wire::Body::Blob(value.as_bytes().to_vec())),
                quote!(#wire::Body::Empty),
            ),
            Some(ShapeKind::String) => (
                quote!(#wire::Body::Text(value.clone())),
                quote!(#wire::Body::Empty),
            ),
            Some(ShapeKind::Enum(_)) => (
                quote!(#wire::Body::Text(value.as_str().to_owned())),
                quote!(#wire::Body::Empty),
            ),
            // An XML payload is an element named by the member, else by its shape; unset, no
            // body at all.
            Some(ShapeKind::Structure(_)) if ctx.protocol.body_codec() == BodyCodec::Xml => {
                let shape = ctx.shape(&payload.target);
                let name = if payload.xml_name != payload.wire_name {
                    payload.xml_name.clone()
                } else {
                    shape
                        .and_then(|s| s.xml.name.clone())
                        .unwrap_or_else(|| payload.target.0.clone())
                };
                let namespace = super::xml::namespace(payload.xml_namespace.as_ref());
                (
                    quote!(#wire::xml_body(value, #name, #namespace)),
                    quote!(#wire::Body::Empty),
                )
            }
            // An unset union is no body at all, an unset structure an empty object.
            Some(ShapeKind::Structure(structure)) if structure.union => {
                (quote!(#wire::json_body(value)?), quote!(#wire::Body::Empty))
            }
            _ => (
                quote!(#wire::json_body(value)?),
                quote!(#wire::Body::Json(b"{}".to_vec())),
            ),
        };
        return if payload.required {
            quote!({ let value = &#owner.#field; #when_set })
        } else {
            quote! {
                match &#owner.#field {
                    #some(value) => #when_set,
                    #none => #when_unset,
                }
            }
        };
    }
    // A message whose protocol gives an empty one an empty object always carries a JSON object;
    // otherwise one only when its structure has members bound to the body (botocore's and the
    // SDKs' rule for restJson1 requests), `{}` when they are all unset.
    let body_members = bound.members(|l| *l == Location::Body);
    if ctx.protocol.body_codec() == BodyCodec::Xml {
        return xml_members_body(ctx, op, bound.side, &body_members, &owner);
    }
    let always_json = ctx.protocol.empty_body(bound.side) == EmptyBody::EmptyObject;
    if bound.all_body() && (always_json || !body_members.is_empty()) {
        return quote!(#wire::json_body(#owner)?);
    }
    if body_members.is_empty() {
        return empty_body(ctx, bound.side);
    }
    let writes = body_members.iter().map(|member| {
        let name = &member.json_name;
        with_value(ctx, member, &owner, |value| {
            let value = match ctx.kind(&member.target) {
                Some(ShapeKind::Timestamp { .. }) => {
                    let format = ctx.timestamp_format(timestamp_format(member, &Location::Body));
                    quote!(&#wire::TimestampAs(#value, #format))
                }
                _ if member.floats => quote!(&#wire::Floats(#value)),
                _ => value,
            };
            quote!(object.member(#name, #value)?;)
        })
    });
    quote!({
        let mut object = #wire::JsonObject::new();
        #(#writes)*
        object.finish()
    })
}

fn response(ctx: &Ctx<'_>, op: &Operation, output: Option<&Structure>) -> TokenStream {
    let Prelude {
        ok,
        default,
        result,
        vec,
        ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let read = match output {
        None => quote!(|_| #ok(#default::default())),
        Some(structure) => {
            let bound = Bound {
                structure,
                side: Side::Response,
            };
            if bound.all_body() && ctx.protocol.body_codec() == BodyCodec::Json {
                quote!(|response| #wire::read_json(response.body()))
            } else {
                let source = Source {
                    headers: quote!(response.headers()),
                    body: quote!(response.body().as_slice()),
                    status: quote!(response.status().as_u16()),
                    error: false,
                };
                let construct = read_members(ctx, op, &bound, &source);
                if structure.members.is_empty() {
                    quote!(|_| { #construct })
                } else {
                    quote!(|response| { #construct })
                }
            }
        }
    };
    let read = match &op.url_encoded {
        Some(encoded) => url_decoded(ctx, encoded, &read),
        None => read,
    };
    // A response that carries a checksum of its body is read only when the body matches it.
    let read = if op.response_checksum {
        quote!(|response: &#support::http::Response<#vec<u8>>| {
            #wire::verify_checksum(response)?;
            let read: fn(&#support::http::Response<#vec<u8>>) -> #result<Self::Output, #support::FieldError> = #read;
            read(response)
        })
    } else {
        read
    };
    let read_response = if ctx.protocol.body_codec() == BodyCodec::Xml {
        // A body of members may be S3's `<Error>` in a 200 response; a payload may not.
        let ok_may_be_error = output.is_some_and(|structure| {
            structure.payload.is_none()
                && structure
                    .members
                    .iter()
                    .any(|m| m.location == Location::Body)
        });
        quote!(#wire::read_rest_xml_response(response, #ok_may_be_error, #read))
    } else {
        quote!(#wire::read_response(response, #read))
    };
    response_fn(ctx, &read_response)
}

/// `read`, then the members S3 gave URL-encoded decoded when the output says they are
/// (`EncodingType` `url`).
fn url_decoded(ctx: &Ctx<'_>, encoded: &UrlEncoded, read: &TokenStream) -> TokenStream {
    let Prelude {
        result, vec, ok, ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let encoding = ident(&encoded.response.rust_name);
    let fields = encoded.fields.iter().map(|member| {
        let field = ident(&member.rust_name);
        let path = &member.wire_name;
        quote!(#wire::url_decode(&mut output.#field, #path)?;)
    });
    let nested = encoded.nested.iter().map(|(list, member)| {
        let list_field = ident(&list.rust_name);
        let field = ident(&member.rust_name);
        let path = format!("{}.{}", list.wire_name, member.wire_name);
        let items = if list.required {
            quote!(output.#list_field.iter_mut())
        } else {
            quote!(output.#list_field.iter_mut().flatten())
        };
        quote!(for item in #items { #wire::url_decode(&mut item.#field, #path)?; })
    });
    let is_url = if encoded.response.required {
        quote!(output.#encoding.as_str() == "url")
    } else {
        quote!(output.#encoding.as_ref().is_some_and(|encoding| encoding.as_str() == "url"))
    };
    quote!(|response: &#support::http::Response<#vec<u8>>| {
        let read: fn(&#support::http::Response<#vec<u8>>) -> #result<Self::Output, #support::FieldError> = #read;
        let mut output = read(response)?;
        if #is_url {
            #(#fields)*
            #(#nested)*
        }
        #ok(output)
    })
}

/// The `response` function of an operation, whose body is `read_response`.
pub(super) fn response_fn(ctx: &Ctx<'_>, read_response: &TokenStream) -> TokenStream {
    let Prelude { result, vec, .. } = &ctx.prelude;
    let support = &ctx.support;
    quote! {
        #[inline]
        fn response(
            response: &#support::http::Response<#vec<u8>>,
        ) -> #result<Self::Output, #support::ResponseError<Self::Error>> {
            #read_response
        }
    }
}

fn parse_request(ctx: &Ctx<'_>, op: &Operation, input: Option<&Structure>) -> TokenStream {
    let gate = ctx.gate(Half::Server);
    let Prelude {
        result,
        ok,
        vec,
        default,
        ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let check = target_check(ctx, op);
    let read = match input {
        None if check.is_empty() => quote! {
            #wire::read_request(request, Self::HTTP_METHOD, Self::HTTP_URI, |_| {
                #ok(#default::default())
            })
        },
        None => quote! {
            #wire::read_request(request, Self::HTTP_METHOD, Self::HTTP_URI, |request| {
                #check
                #ok(#default::default())
            })
        },
        Some(structure) => {
            let bound = Bound {
                structure,
                side: Side::Request,
            };
            if bound.all_body() && ctx.protocol.body_codec() == BodyCodec::Json {
                quote! {
                    #wire::read_request(request, Self::HTTP_METHOD, Self::HTTP_URI, |request| {
                        #check
                        #wire::read_json(request.body)
                    })
                }
            } else {
                let source = Source {
                    headers: quote!(request.headers),
                    body: quote!(request.body),
                    status: quote!(0u16),
                    error: false,
                };
                let construct = read_members(ctx, op, &bound, &source);
                // An input without members reads nothing of the request.
                let request = if structure.members.is_empty() {
                    quote!(_)
                } else {
                    quote!(request)
                };
                quote! {
                    #wire::read_request(request, Self::HTTP_METHOD, Self::HTTP_URI, |#request| { #construct })
                }
            }
        }
    };
    quote! {
        #gate
        #[inline]
        fn parse_request(
            request: &#support::http::Request<#vec<u8>>,
        ) -> #result<Self::Input, #support::RequestError> {
            #read
        }
    }
}

/// The statement that rejects a request for another operation, where the protocol names the
/// operation in a header (awsJson's `X-Amz-Target`).
fn target_check(ctx: &Ctx<'_>, op: &Operation) -> TokenStream {
    let wire = ctx.wire();
    match ctx.protocol.operation_header(&op.wire_name) {
        Some((name, value)) => quote!(#wire::expect_header(request.headers, #name, #value)?;),
        None => TokenStream::new(),
    }
}

/// Which of an operation's four wire functions [`refusing`] writes.
#[derive(Clone, Copy)]
struct Refused {
    request: bool,
    response: bool,
    parse_request: bool,
    write_response: bool,
}

/// Those of the four functions `refused` names, each returning an error that says why it is not
/// written (`message`).
fn refusing(ctx: &Ctx<'_>, refused: Refused, message: &str) -> TokenStream {
    let gate = ctx.gate(Half::Server);
    let Prelude {
        result, err, vec, ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let error = quote!(#support::FieldError::new("protocol", #message));
    let request = refused.request.then(|| {
        quote! {
            #[inline]
            fn request(_input: &Self::Input) -> #result<#support::http::Request<#vec<u8>>, #support::RequestError> {
                #err(#error.into())
            }
        }
    });
    // An error answer is still read as the protocol writes errors.
    let read = match ctx.protocol.body_codec() {
        BodyCodec::Json => quote!(#wire::read_response(response, |_| #err(#error))),
        BodyCodec::Xml => quote!(#wire::read_rest_xml_response(response, false, |_| #err(#error))),
        BodyCodec::Query => quote!(#wire::read_xml_response(response, |_| #err(#error))),
        BodyCodec::Cbor => quote!(#wire::read_cbor_response(response, |_| #err(#error))),
    };
    let response = refused.response.then(|| {
        quote! {
            #[inline]
            fn response(response: &#support::http::Response<#vec<u8>>) -> #result<Self::Output, #support::ResponseError<Self::Error>> {
                #read
            }
        }
    });
    let parse_request = refused.parse_request.then(|| {
        quote! {
            #gate
            #[inline]
            fn parse_request(_request: &#support::http::Request<#vec<u8>>) -> #result<Self::Input, #support::RequestError> {
                #err(#error.into())
            }
        }
    });
    let write_response = refused.write_response.then(|| {
        quote! {
            #gate
            #[inline]
            fn write_response(_output: &Self::Output) -> #support::http::Response<#vec<u8>> {
                #wire::unwritable(&#error)
            }
        }
    });
    quote!(#request #response #parse_request #write_response)
}

/// The four functions of an operation that has no wire form here: each says so (`message`).
fn unsupported(ctx: &Ctx<'_>, message: &str) -> TokenStream {
    let all = Refused {
        request: true,
        response: true,
        parse_request: true,
        write_response: true,
    };
    refusing(ctx, all, message)
}

/// `response` and `write_response` that say why they are not written (`message`).
fn unsupported_response(ctx: &Ctx<'_>, message: &str) -> TokenStream {
    let response = Refused {
        request: false,
        response: true,
        parse_request: false,
        write_response: true,
    };
    refusing(ctx, response, message)
}

/// `parse_request`, whose body is `parse`, and `write_response`, whose body is what `write`
/// makes of an `Option<&Output>` expression (`None` of `wire::NoException` for an operation
/// without output), for the protocols whose bodies are all of one codec.
pub(super) fn server_fns(
    ctx: &Ctx<'_>,
    op: &Operation,
    parse: &TokenStream,
    write: impl FnOnce(&TokenStream) -> TokenStream,
) -> TokenStream {
    let gate = ctx.gate(Half::Server);
    let Prelude {
        result, vec, some, ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let (output_name, output) = match ctx.structure(op.output.as_ref()) {
        Some(_) => (quote!(output), quote!(#some(output))),
        None => (
            quote!(_output),
            quote!(::std::option::Option::None::<&#wire::NoException>),
        ),
    };
    let write = write(&output);
    quote! {
        #gate
        #[inline]
        fn parse_request(
            request: &#support::http::Request<#vec<u8>>,
        ) -> #result<Self::Input, #support::RequestError> {
            #parse
        }
        #gate
        #[inline]
        fn write_response(#output_name: &Self::Output) -> #support::http::Response<#vec<u8>> {
            #write
        }
    }
}

/// The `write_error` function of an operation whose protocol writes errors in its own codec:
/// `respond(error, exception, shape)` gives the response of a `&ServiceError` and an
/// `Option<&E>` of the exception it was read as (`None::<&wire::NoException>` when none), whose shape is
/// `shape`.
pub(super) fn write_error_fn(
    ctx: &Ctx<'_>,
    op: &Operation,
    respond: impl Fn(&TokenStream, &TokenStream, Option<&Shape>) -> TokenStream,
) -> TokenStream {
    let gate = ctx.gate(Half::Server);
    let Prelude { some, vec, .. } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let none = quote!(::std::option::Option::None::<&#wire::NoException>);
    let body = match super::error::error_enum_name(op) {
        Some(name) => {
            let arms = op
                .errors
                .iter()
                .filter_map(|id| ctx.shape(id))
                .filter(|shape| matches!(shape.kind, ShapeKind::Structure(_)))
                .map(|shape| {
                    let variant = ident(&shape.rust_name);
                    let respond = respond(&quote!(error), &quote!(#some(exception)), Some(shape));
                    quote!(#name::#variant(exception, error) => #respond,)
                });
            let unhandled = respond(&quote!(error), &none, None);
            quote! {
                match error {
                    #(#arms)*
                    #name::Unhandled(error) => #unhandled,
                }
            }
        }
        None => respond(&quote!(error), &none, None),
    };
    quote! {
        #gate
        #[inline]
        fn write_error(error: &Self::Error) -> #support::http::Response<#vec<u8>> {
            #body
        }
    }
}

fn write_response(ctx: &Ctx<'_>, op: &Operation, output: Option<&Structure>) -> TokenStream {
    let gate = ctx.gate(Half::Server);
    let Prelude {
        result, ok, vec, ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let Some(structure) = output else {
        // No output: restJson1 answers with no body, awsJson with an empty object.
        let headers = protocol_headers(ctx, op, Side::Response);
        let body = body_of(ctx, ctx.protocol.no_output_body());
        let headers_mut = (!headers.is_empty()).then(|| quote!(mut));
        return quote! {
            #gate
            #[inline]
            fn write_response(_output: &Self::Output) -> #support::http::Response<#vec<u8>> {
                let write = || -> #result<#support::http::Response<#vec<u8>>, #support::FieldError> {
                    let #headers_mut headers = #wire::Headers::new();
                    #headers
                    #ok(#wire::response(Self::SUCCESS_STATUS, headers, #body))
                };
                write().unwrap_or_else(|error| #wire::unwritable(&error))
            }
        };
    };
    let bound = Bound {
        structure,
        side: Side::Response,
    };
    let field_error = quote!(#support::FieldError);
    let headers = write_headers(ctx, &bound, "output", protocol_headers(ctx, op, bound.side));
    let body = write_body(ctx, op, &bound, "output");
    // An output without members writes nothing of it where the protocol sends no empty body.
    let output = if structure.members.is_empty()
        && ctx.protocol.empty_body(Side::Response) == EmptyBody::Nothing
    {
        quote!(_output)
    } else {
        quote!(output)
    };
    let status = match bound.members(|l| *l == Location::StatusCode).first() {
        Some(member) => {
            let field = ident(&member.rust_name);
            if member.required {
                quote!(u16::try_from(output.#field).unwrap_or(Self::SUCCESS_STATUS))
            } else {
                quote!(output.#field.and_then(|status| u16::try_from(status).ok()).unwrap_or(Self::SUCCESS_STATUS))
            }
        }
        None => quote!(Self::SUCCESS_STATUS),
    };
    quote! {
        #gate
        #[inline]
        fn write_response(#output: &Self::Output) -> #support::http::Response<#vec<u8>> {
            let write = || -> #result<#support::http::Response<#vec<u8>>, #field_error> {
                #headers
                let body = #body;
                #ok(#wire::response(#status, headers, body))
            };
            write().unwrap_or_else(|error| #wire::unwritable(&error))
        }
    }
}

/// Where a message's parts are read from.
struct Source {
    headers: TokenStream,
    body: TokenStream,
    status: TokenStream,
    /// Whether the message is an error, whose XML body holds its members in an `<Error>`.
    error: bool,
}

/// A closure that reads exception `shape` from a `ServiceError`, its members bound to headers from
/// the error's headers and the rest from its JSON body; `None` when no member is bound to a header
/// (the body is the whole exception, read by `wire::exception`).
pub(super) fn read_exception(
    ctx: &Ctx<'_>,
    shape: &Shape,
    structure: &Structure,
) -> Option<TokenStream> {
    let Prelude { result, .. } = &ctx.prelude;
    let support = &ctx.support;
    let bound = Bound {
        structure,
        side: Side::Response,
    };
    let in_headers = bound.members(|l| matches!(l, Location::Header(_) | Location::Headers(_)));
    if in_headers.is_empty() {
        return None;
    }
    let source = Source {
        headers: quote!(error.headers()),
        body: quote!(error.body()),
        status: quote!(error.status()),
        error: true,
    };
    let name = ident(&shape.rust_name);
    let construct = read_members_into(ctx, &quote!(super::#name), &bound, &source);
    Some(quote! {
        |error: &#support::ServiceError| -> #result<super::#name, #support::FieldError> { #construct }
    })
}

/// An expression of type `Result<wire::Headers, FieldError>`: the headers the members of an
/// exception (`exception`, a reference) bound to headers are written in; `None` when it has no
/// such member.
pub(super) fn exception_headers(ctx: &Ctx<'_>, structure: &Structure) -> Option<TokenStream> {
    let Prelude { ok, result, .. } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let bound = Bound {
        structure,
        side: Side::Response,
    };
    if bound
        .members(|l| matches!(l, Location::Header(_) | Location::Headers(_)))
        .is_empty()
    {
        return None;
    }
    let headers = write_headers(ctx, &bound, "exception", TokenStream::new());
    Some(quote! {
        (|| -> #result<#wire::Headers, #support::FieldError> {
            #headers
            #ok(headers)
        })()
    })
}

/// The `write_error` function of a JSON operation one of whose exceptions has members bound to
/// headers: those in headers, the others in the body; `None` when no exception has such members
/// (the trait's `write_error` writes the exception's JSON as the body).
fn json_write_error(ctx: &Ctx<'_>, op: &Operation) -> Option<TokenStream> {
    op.errors
        .iter()
        .filter_map(|id| ctx.shape(id).and_then(Shape::structure))
        .find_map(|structure| exception_headers(ctx, structure))?;
    let wire = ctx.wire();
    Some(write_error_fn(ctx, op, |error, exception, shape| {
        let structure = shape.and_then(Shape::structure);
        match structure.and_then(|structure| Some((structure, exception_headers(ctx, structure)?)))
        {
            Some((structure, headers)) => {
                let elsewhere = structure
                    .members
                    .iter()
                    .filter(|m| {
                        !matches!(
                            protocol::effective_location(&m.location, Side::Response),
                            Location::Body | Location::Payload
                        )
                    })
                    .map(|m| &m.json_name);
                quote! {
                    match #headers {
                        ::std::result::Result::Ok(headers) => #wire::error_response_with(
                            headers,
                            #error,
                            #wire::json_bytes_without(#exception, &[#(#elsewhere),*]),
                        ),
                        ::std::result::Result::Err(problem) => #wire::unwritable(&problem),
                    }
                }
            }
            None if shape.is_some() => quote! {
                #wire::error_response(#error, #wire::json_bytes_without(#exception, &[]))
            },
            None => quote!(#error.to_response()),
        }
    }))
}

/// Statements that read every member of `bound` and end in `Ok(Structure { .. })`, of type
/// `Result<_, FieldError>`.
fn read_members(ctx: &Ctx<'_>, op: &Operation, bound: &Bound<'_>, source: &Source) -> TokenStream {
    let id = match bound.side {
        Side::Request => op.input.as_ref(),
        Side::Response => op.output.as_ref(),
    };
    let ty = ctx.io_type(id, &quote!(super::));
    read_members_into(ctx, &ty, bound, source)
}

/// Statements that read every member of `bound` and end in `Ok(#ty { .. })`.
fn read_members_into(
    ctx: &Ctx<'_>,
    ty: &TokenStream,
    bound: &Bound<'_>,
    source: &Source,
) -> TokenStream {
    let Prelude {
        some,
        none,
        result,
        ok,
        vec,
        from,
        ..
    } = &ctx.prelude;
    let wire = ctx.wire();
    let Source {
        headers,
        body,
        status,
        error,
    } = source;
    let xml = ctx.protocol.body_codec() == BodyCodec::Xml;
    let body_members = bound.members(|l| *l == Location::Body);
    let parse_body = match (body_members.is_empty(), xml, error) {
        (true, _, _) => None,
        (false, false, _) => Some(quote!(let mut object = #wire::JsonMembers::parse(#body)?;)),
        (false, true, false) => {
            let path = body_members
                .iter()
                .any(|m| super::query::reads_use_path(ctx, &m.target))
                .then(|| quote!(let path = #wire::XmlPath::ROOT;));
            // An output of one scalar member may be that member's element itself.
            let sole = match body_members.as_slice() {
                [member]
                    if bound.side == Side::Response
                        && !member.xml_attribute
                        && matches!(
                            ctx.kind(&member.target),
                            Some(ShapeKind::String | ShapeKind::Enum(_))
                        ) =>
                {
                    Some(&member.xml_name)
                }
                _ => None,
            };
            let root = quote!(#wire::XmlElement::parse_body(#body)?);
            let root = match sole {
                Some(name) => quote!(#wire::xml_sole_member(#root, #name)),
                None => root,
            };
            Some(quote! {
                let element = &#root;
                #path
            })
        }
        (false, true, true) => Some(quote! {
            let root = #wire::XmlElement::parse_body(#body)?;
            let element = #wire::xml_error_element(&root).unwrap_or(&root);
            let path = #wire::XmlPath::new("Error");
        }),
    };
    let reads = bound.structure.members.iter().map(|member| {
        let field = ident(&member.rust_name);
        let path = &member.wire_name;
        let location = bound.location(member);
        let parse = |text: TokenStream| value_from_text(ctx, member, &location, &text);
        let optional = match &location {
            Location::Body if xml => super::query::read_member(ctx, member, &quote!(super::)),
            Location::Payload if xml && matches!(ctx.kind(&member.target), Some(ShapeKind::Structure(_))) => {
                let ty = ctx.field_base_type(member, &quote!(super::));
                quote! {
                    if #body.is_empty() {
                        #none
                    } else {
                        #some(<#ty as #wire::FromXml>::from_xml(&#wire::XmlElement::parse(#body)?, #wire::XmlPath::new(#path))?)
                    }
                }
            }
            Location::Body => {
                let ty = ctx.field_base_type(member, &quote!(super::));
                let json = &member.json_name;
                match ctx.kind(&member.target) {
                    Some(ShapeKind::Timestamp { .. }) => {
                        let format = ctx.timestamp_format(timestamp_format(member, &Location::Body));
                        quote!(object.take_timestamp(#json, #format)?)
                    }
                    _ if member.floats => quote!(object.take_floats::<#ty>(#json)?),
                    _ if member.null_entries_skipped => {
                        quote!(object.take::<#wire::Dense<#ty>>(#json)?.map(|map| map.0))
                    }
                    _ => quote!(object.take::<#ty>(#json)?),
                }
            }
            Location::Payload => {
                let ty = ctx.field_base_type(member, &quote!(super::));
                match ctx.kind(&member.target) {
                    Some(ShapeKind::Blob) => {
                        let blob = ctx.rust_type(&member.target, &quote!(super::));
                        quote!((!#body.is_empty()).then(|| <#blob>::from(#body)))
                    }
                    Some(ShapeKind::String) => quote!(#wire::at(#path, #wire::text_payload(#body))?),
                    Some(ShapeKind::Enum(_)) => {
                        quote!(#wire::at(#path, #wire::text_payload(#body))?.map(<#ty>::from))
                    }
                    _ => quote!(if #body.is_empty() { #none } else { #some(#wire::read_json::<#ty>(#body)?) }),
                }
            }
            Location::Uri(name) => {
                let value = parse(quote!(request.label(#name)?));
                if member.required {
                    return quote!(#field: #value?);
                }
                quote!(#some(#value?))
            }
            Location::Query(name) if ctx.element(member).is_some() => {
                let value = parse(quote!(text));
                quote!(request.query_all(#name).map(|texts| texts.into_iter().map(|text| #value).collect::<#result<#vec<_>, _>>()).transpose()?)
            }
            Location::Query(name) => {
                let value = parse(quote!(text));
                quote!(request.query(#path, #name)?.map(|text| #value).transpose()?)
            }
            Location::QueryMap => {
                let single = matches!(ctx.map_value_kind(member), Some(ShapeKind::String));
                let convert = if single {
                    quote!(.map(|map| map.into_iter().map(|(key, values)| (key, values.into_iter().next().unwrap_or_default())).collect()))
                } else {
                    TokenStream::new()
                };
                quote!(request.query_rest(Self::HTTP_URI) #convert)
            }
            Location::Header(name) if ctx.element(member).is_some() => {
                let value = parse(quote!(text.as_str()));
                let dates = is_http_date_list(ctx, member, &location);
                quote!(#wire::header_list(#headers, #path, #name, #dates)?.map(|texts| texts.iter().map(|text| #value).collect::<#result<#vec<_>, _>>()).transpose()?)
            }
            Location::Header(name) => {
                let value = parse(quote!(text));
                quote!(#wire::header(#headers, #path, #name)?.map(|text| #value).transpose()?)
            }
            Location::Headers(prefix) => quote!(#wire::prefixed_headers(#headers, #path, #prefix)?),
            Location::StatusCode => quote!(#some(#from::from(#status))),
        };
        let is_list_in_query_or_header = ctx.element(member).is_some()
            && matches!(location, Location::Query(_) | Location::Header(_));
        let value = if !member.required {
            optional
        } else if is_list_in_query_or_header {
            quote!(#optional.unwrap_or_default())
        } else {
            quote!(#wire::required(#path, #optional)?)
        };
        quote!(#field: #value)
    });
    // Each member is read where its field is set: no local takes a member's name, so a member
    // named `response` or `object` shadows nothing the other reads use.
    quote! {
        #parse_body
        #ok(#ty { #(#reads),* })
    }
}
