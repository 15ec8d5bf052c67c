//! The restXml body glue: per structure (or union) a request holds, the code that writes it into
//! an XML element (`wire::XmlStructure`), following botocore's rest-xml serializer: a member as
//! an element under its `locationName` (or as an attribute of its structure's element with
//! `xmlAttribute`); a list's elements under a wrapper as `member` (or the list member's name),
//! repeated in place when flattened; a map's entries as `entry` elements of `key` and `value`;
//! each element declaring the namespace its member or shape names; and the error responses a
//! server writes. The reading side is the query protocols' `wire::FromXml`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, Prelude, ident};
use crate::ir::{
    Location, Member, Operation, Shape, ShapeId, ShapeKind, Side, Structure, XmlNamespace,
};
use crate::protocol::{self, XmlErrorForm};

/// The XML impls of one structure (or union) a message holds: `XmlStructure` and `FromXml`, each
/// where a client uses it, or behind the `server` feature where only a server does.
pub(super) fn shape_impls(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let sides = [Side::Request, Side::Response];
    let mut tokens = TokenStream::new();
    if let Some(half) = shape.reached.writer(&sides) {
        let gate = ctx.gate(half);
        let write = write_impl(ctx, shape, structure);
        tokens.extend(quote!(#gate #write));
    }
    if let Some(half) = shape.reached.reader(&sides) {
        let gate = ctx.gate(half);
        let read = super::query::read_impl(ctx, shape, structure);
        tokens.extend(quote!(#gate #read));
    }
    tokens
}

/// The `write_error` function of an operation whose errors are XML, framed as `form` says.
pub(super) fn write_error(ctx: &Ctx<'_>, op: &Operation, form: XmlErrorForm) -> TokenStream {
    let wire = ctx.wire();
    let namespace = root_namespace(ctx);
    let form = match form {
        XmlErrorForm::ErrorResponse => quote!(#wire::XmlErrorForm::ErrorResponse),
        XmlErrorForm::Bare => quote!(#wire::XmlErrorForm::Bare),
        XmlErrorForm::Ec2 => quote!(#wire::XmlErrorForm::Ec2),
    };
    super::wire::write_error_fn(ctx, op, |error, exception, shape| {
        // The exception's own `Message` member is the error's message.
        let structure = shape.and_then(Shape::structure);
        let has_message = structure.is_some_and(|structure| {
            body_members(structure, Side::Response)
                .any(|m| !m.xml_attribute && m.xml_name == "Message")
        });
        match structure.and_then(|structure| super::wire::exception_headers(ctx, structure)) {
            Some(headers) => quote! {
                match #headers {
                    ::std::result::Result::Ok(headers) => #wire::xml_error_response(headers, #error, #exception, #has_message, #form, #namespace),
                    ::std::result::Result::Err(problem) => #wire::unwritable(&problem),
                }
            },
            None => {
                quote!(#wire::xml_error_response(#wire::Headers::new(), #error, #exception, #has_message, #form, #namespace))
            }
        }
    })
}

/// The namespace the root element of a server's answer declares (the service's `xmlNamespace`),
/// as an `Option<wire::XmlNamespace>` expression.
pub(super) fn root_namespace(ctx: &Ctx<'_>) -> TokenStream {
    let namespace = ctx.protocol.xml_namespace().map(|uri| XmlNamespace {
        attribute: "xmlns".to_owned(),
        uri: uri.to_owned(),
    });
    self::namespace(namespace.as_ref())
}

/// `Some(("xmlns", "uri"))` or `None`, as an `Option<wire::XmlNamespace>` expression.
pub(super) fn namespace(namespace: Option<&XmlNamespace>) -> TokenStream {
    match namespace {
        Some(XmlNamespace { attribute, uri }) => {
            quote!(::std::option::Option::Some((#attribute, #uri)))
        }
        None => quote!(::std::option::Option::None),
    }
}

/// The members of `structure` that travel in the body on `side`: the others are bound to the URI,
/// the query string or headers, and written there (a URI or query binding means nothing in a
/// response, whose body holds such members).
pub(super) fn body_members(structure: &Structure, side: Side) -> impl Iterator<Item = &Member> {
    structure.members.iter().filter(move |m| {
        matches!(
            protocol::effective_location(&m.location, side),
            Location::Body | Location::Payload
        )
    })
}

/// The body members of `structure` its element holds: an event stream is no element, its events
/// are written by `wire::EventUnion::write_event`.
fn written_members<'s>(
    ctx: &'s Ctx<'_>,
    structure: &'s Structure,
    side: Side,
) -> impl Iterator<Item = &'s Member> {
    body_members(structure, side)
        .filter(|m| !matches!(ctx.kind(&m.target), Some(ShapeKind::Structure(s)) if s.event_stream))
}

pub(super) fn write_impl(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let Prelude { some, .. } = &ctx.prelude;
    // A structure a request holds is written as the request's; one only responses hold, as a
    // response's.
    let side = if shape.reached.request {
        Side::Request
    } else {
        Side::Response
    };
    let wire = ctx.wire();
    let name = ident(&shape.rust_name);
    let value_of = |m: &Member| {
        if m.boxed {
            quote!(&**value)
        } else {
            quote!(value)
        }
    };
    let body = if structure.union {
        let arms = structure.members.iter().map(|m| {
            let variant = ident(&m.variant);
            let write = write_member(ctx, m, &value_of(m));
            quote!(Self::#variant(value) => { #write })
        });
        quote! {
            match self {
                #(#arms)*
                Self::Unknown(_) => {}
            }
        }
    } else {
        // Attributes first: they belong in the start tag, before any child element.
        let (attributes, elements): (Vec<&Member>, Vec<&Member>) =
            written_members(ctx, structure, side).partition(|m| m.xml_attribute);
        let writes = attributes.into_iter().chain(elements).map(|m| {
            let field = ident(&m.rust_name);
            let write = write_member(ctx, m, &value_of(m));
            if m.required {
                quote!({ let value = &self.#field; #write })
            } else {
                quote!(if let #some(value) = &self.#field { #write })
            }
        });
        quote!(#(#writes)*)
    };
    let unused = (structure.members.is_empty()
        || (!structure.union && written_members(ctx, structure, side).next().is_none()))
    .then(|| quote!(let _ = writer;));
    quote! {
        impl #wire::XmlStructure for #name {
            fn write_xml_content(&self, writer: &mut #wire::XmlWriter) {
                #unused
                #body
            }
        }
    }
}

/// Statements that write member `m` of value `value` (a reference) into the element open in
/// `writer`: an attribute, or an element of its name.
fn write_member(ctx: &Ctx<'_>, m: &Member, value: &TokenStream) -> TokenStream {
    let name = &m.xml_name;
    if m.xml_attribute {
        let text = text(ctx, &m.target, m, value);
        return quote!(writer.attribute(#name, #text););
    }
    let namespace = namespace(m.xml_namespace.as_ref());
    write_value(
        ctx,
        &m.target,
        m,
        value,
        &quote!(#name),
        &namespace,
        m.flattened,
        0,
    )
}

/// The text of scalar `value` (a reference to a value of shape `id`), as a `&str` expression.
fn text(ctx: &Ctx<'_>, id: &ShapeId, member: &Member, value: &TokenStream) -> TokenStream {
    let wire = ctx.wire();
    let Some(shape) = ctx.shape(id) else {
        return quote!(&#wire::Text::to_text(#value));
    };
    match &shape.kind {
        ShapeKind::String | ShapeKind::Enum(_) => quote!(#value.as_str()),
        ShapeKind::Timestamp { .. } => {
            let format = ctx.timestamp_format(super::query::timestamp_format(shape, member));
            quote!(&#wire::format_timestamp(#value, #format))
        }
        _ => quote!(&#wire::Text::to_text(#value)),
    }
}

/// Statements that write `value` (a reference to a value of shape `id`) as element `name` (a
/// `&str` expression) declaring `namespace`; `member` gives timestamps their format, `flattened`
/// a list's or map's form; `depth` keeps nested loops' names apart.
#[allow(clippy::too_many_arguments)]
fn write_value(
    ctx: &Ctx<'_>,
    id: &ShapeId,
    member: &Member,
    value: &TokenStream,
    name: &TokenStream,
    namespace: &TokenStream,
    flattened: bool,
    depth: usize,
) -> TokenStream {
    let wire = ctx.wire();
    let Some(shape) = ctx.shape(id) else {
        return TokenStream::new();
    };
    match &shape.kind {
        ShapeKind::Structure(_) => {
            quote!(#wire::XmlStructure::write_xml(#value, writer, #name, #namespace);)
        }
        ShapeKind::List { member: element } => {
            let item = format_ident!("item{}", depth);
            let element_namespace = self::namespace(
                shape
                    .xml
                    .member_namespace
                    .as_ref()
                    .or_else(|| ctx.shape(element).and_then(|e| e.xml.namespace.as_ref())),
            );
            if flattened {
                let inner = write_value(
                    ctx,
                    element,
                    member,
                    &quote!(#item),
                    name,
                    &element_namespace,
                    false,
                    depth + 1,
                );
                quote!(for #item in #value.iter() { #inner })
            } else {
                let element_name = shape.xml.member.as_deref().unwrap_or("member");
                let inner = write_value(
                    ctx,
                    element,
                    member,
                    &quote!(#item),
                    &quote!(#element_name),
                    &element_namespace,
                    false,
                    depth + 1,
                );
                quote! {
                    writer.start(#name, #namespace);
                    for #item in #value.iter() { #inner }
                    writer.end(#name);
                }
            }
        }
        ShapeKind::Map {
            key: key_shape,
            value: value_shape,
        } => {
            let (entry_key, entry_value) = (
                format_ident!("entry_key{}", depth),
                format_ident!("entry_value{}", depth),
            );
            let part_namespace = |own: Option<&XmlNamespace>, part: &ShapeId| {
                self::namespace(
                    own.or_else(|| ctx.shape(part).and_then(|p| p.xml.namespace.as_ref())),
                )
            };
            let key_name = shape.xml.key.as_deref().unwrap_or("key");
            let value_name = shape.xml.value.as_deref().unwrap_or("value");
            let write_key = write_value(
                ctx,
                key_shape,
                member,
                &quote!(#entry_key),
                &quote!(#key_name),
                &part_namespace(shape.xml.key_namespace.as_ref(), key_shape),
                false,
                depth + 1,
            );
            let write_val = write_value(
                ctx,
                value_shape,
                member,
                &quote!(#entry_value),
                &quote!(#value_name),
                &part_namespace(shape.xml.value_namespace.as_ref(), value_shape),
                false,
                depth + 1,
            );
            let entries = |entry: TokenStream, entry_namespace: TokenStream| {
                quote! {
                    for (#entry_key, #entry_value) in #value.iter() {
                        writer.start(#entry, #entry_namespace);
                        #write_key
                        #write_val
                        writer.end(#entry);
                    }
                }
            };
            if flattened {
                entries(name.clone(), namespace.clone())
            } else {
                let entries = entries(quote!("entry"), quote!(::std::option::Option::None));
                quote! {
                    writer.start(#name, #namespace);
                    #entries
                    writer.end(#name);
                }
            }
        }
        ShapeKind::Document => TokenStream::new(),
        _ => {
            let text = text(ctx, id, member, value);
            quote!(writer.element(#name, #namespace, #text);)
        }
    }
}
