//! The awsQuery glue: each operation's request written as a form and its response read from XML
//! (and for servers, the request read from its form and the response and errors written as XML),
//! and per structure the code that writes it into a form and reads it back
//! (`wire::QueryStructure`, `wire::FromQuery`, for the shapes a request holds), or reads it from
//! an XML element and writes it as one (`wire::FromXml`, `wire::XmlStructure`, for the shapes a
//! response or an error holds). Keys and element names follow botocore's query serializer and XML parser:
//! a member under its `locationName`; a list's elements as `Key.member.N` (or the list member's
//! name), `Key.N` when flattened; a map's entries as `Key.entry.N.key` and `.value`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Ctx, Prelude, ident};
use crate::ir::{
    Half, Member, Operation, Shape, ShapeId, ShapeKind, Side, Structure, TimestampFormat,
};
use crate::protocol::XmlErrorForm;

/// The `Operation` items that carry the wire form of one awsQuery operation.
pub(super) fn operation_wire(ctx: &Ctx<'_>, op: &Operation) -> TokenStream {
    let Prelude {
        result,
        ok,
        vec,
        default,
        ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let input = ctx.structure(op.input.as_ref());
    let (input_name, tokens, write, host) = match input {
        Some(structure) => (
            quote!(input),
            super::wire::fill_tokens(ctx, structure),
            quote!(#wire::QueryStructure::write_query(input, &mut writer, "");),
            super::wire::host_prefix(ctx, op, &structure.members),
        ),
        None => {
            let host = super::wire::host_prefix(ctx, op, &[]);
            (quote!(_input), TokenStream::new(), TokenStream::new(), host)
        }
    };
    let writer_mut = input.is_some().then(|| quote!(mut));
    let server = server_half(ctx, op);
    let read = match ctx.structure(op.output.as_ref()) {
        Some(_) => {
            let output = ctx.io_type(op.output.as_ref(), &quote!(super::));
            let wrapper = match &op.result_wrapper {
                Some(wrapper) => quote!(::std::option::Option::Some(#wrapper)),
                None => quote!(::std::option::Option::None),
            };
            quote! {
                |body| {
                    let root = #wire::XmlElement::parse_body(body)?;
                    let element = #wire::xml_output(&root, #wrapper)?;
                    <#output as #wire::FromXml>::from_xml(element, #wire::XmlPath::ROOT)
                }
            }
        }
        None => quote!(|_| #ok(#default::default())),
    };
    quote! {
        #[inline]
        fn request(#input_name: &Self::Input) -> #result<#support::http::Request<#vec<u8>>, #support::RequestError> {
            #tokens
            let #writer_mut writer = #wire::QueryWriter::new(Self::NAME, super::API_VERSION);
            #write
            let uri = #wire::Uri::expand(Self::HTTP_URI, &[])?;
            #ok(#wire::request(Self::HTTP_METHOD, uri, #wire::Headers::new(), writer.finish(), #host)?)
        }
        #[inline]
        fn response(
            response: &#support::http::Response<#vec<u8>>,
        ) -> #result<Self::Output, #support::ResponseError<Self::Error>> {
            #wire::read_xml_response(response, #read)
        }
        #server
    }
}

/// `parse_request`, `write_response` and `write_error` of one query (or ec2) operation.
fn server_half(ctx: &Ctx<'_>, op: &Operation) -> TokenStream {
    let Prelude { ok, default, .. } = &ctx.prelude;
    let wire = ctx.wire();
    let read = match ctx.structure(op.input.as_ref()) {
        Some(_) => {
            let input = ctx.io_type(op.input.as_ref(), &quote!(super::));
            quote!(|form| <#input as #wire::FromQuery>::read_query(form, ""))
        }
        None => quote!(|_| #ok(#default::default())),
    };
    let form = ctx.protocol.xml_error_form();
    let ec2 = form == XmlErrorForm::Ec2;
    let wrapper = match (&op.result_wrapper, ec2) {
        (Some(wrapper), false) => quote!(::std::option::Option::Some(#wrapper)),
        _ => quote!(::std::option::Option::None),
    };
    let namespace = super::xml::root_namespace(ctx);
    let write_error = super::xml::write_error(ctx, op, form);
    let server = super::wire::server_fns(
        ctx,
        op,
        &quote!(#wire::read_query_request(request, Self::NAME, super::API_VERSION, #read)),
        |output| quote!(#wire::query_response(Self::NAME, #wrapper, #ec2, #namespace, #output)),
    );
    quote! {
        #server
        #write_error
    }
}

/// The query and XML impls of one structure (or union): `QueryStructure` and `FromQuery` where a
/// request holds it, `FromXml` and `XmlStructure` where a response or an error does; those only
/// a server uses (`FromQuery`, `XmlStructure`) behind the `server` feature.
pub(super) fn shape_impls(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let (form, xml) = ([Side::Request], [Side::Response]);
    let gated = |half: Option<Half>, impl_of: fn(&Ctx<'_>, &Shape, &Structure) -> TokenStream| {
        half.map(|half| {
            let gate = ctx.gate(half);
            let tokens = impl_of(ctx, shape, structure);
            quote!(#gate #tokens)
        })
    };
    let mut tokens = TokenStream::new();
    tokens.extend(gated(shape.reached.writer(&form), write_impl));
    tokens.extend(gated(shape.reached.reader(&form), read_form_impl));
    tokens.extend(gated(shape.reached.reader(&xml), read_impl));
    tokens.extend(gated(shape.reached.writer(&xml), super::xml::write_impl));
    tokens
}

/// `FromQuery`: the structure read from a form, the inverse of [`write_impl`].
fn read_form_impl(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let Prelude {
        result,
        ok,
        err,
        some,
        none,
        boxed,
        ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let name = ident(&shape.rust_name);
    let read = |m: &Member| {
        let key_name = m.query_name.clone();
        let value = read_form_value(ctx, &m.target, m, m.flattened, 0, &quote!(&key));
        let value = if m.boxed {
            quote!(#boxed::new(#value?))
        } else {
            quote!(#value?)
        };
        (key_name, value)
    };
    let body = if structure.union {
        let arms = structure.members.iter().map(|m| {
            let variant = ident(&m.variant);
            let (key_name, value) = read(m);
            quote! {
                let key = #wire::query_key(prefix, #key_name);
                if form.present(&key) {
                    return #ok(Self::#variant(#value));
                }
            }
        });
        let message = format!("a `{}` with one of its members set", shape.wire_name);
        quote! {
            #(#arms)*
            #err(#support::FieldError::new(prefix, #message))
        }
    } else {
        let fields = structure.members.iter().map(|m| {
            let field = ident(&m.rust_name);
            let (key_name, value) = read(m);
            let optional = quote! {{
                let key = #wire::query_key(prefix, #key_name);
                if form.present(&key) { #some(#value) } else { #none }
            }};
            if m.required {
                let wire_name = &m.wire_name;
                quote!(#field: #wire::required(&#wire::query_key(prefix, #wire_name), #optional)?)
            } else {
                quote!(#field: #optional)
            }
        });
        quote!(#ok(Self { #(#fields,)* }))
    };
    let unused = structure
        .members
        .is_empty()
        .then(|| quote!(let _ = (form, prefix);));
    quote! {
        impl #wire::FromQuery for #name {
            fn read_query(form: &#wire::QueryForm, prefix: &str) -> #result<Self, #support::FieldError> {
                #unused
                #body
            }
        }
    }
}

/// An expression of type `Result<T, FieldError>`: a value of shape `id` read from the form
/// (`form`) under `key` (a `&str` expression), the inverse of [`write_value`].
fn read_form_value(
    ctx: &Ctx<'_>,
    id: &ShapeId,
    member: &Member,
    flattened: bool,
    depth: usize,
    key: &TokenStream,
) -> TokenStream {
    let Prelude { ok, err, .. } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let Some(shape) = ctx.shape(id) else {
        return quote!(#err(#support::FieldError::new(::std::string::ToString::to_string(#key), "no such shape")));
    };
    let ty = ctx.rust_type(id, &TokenStream::new());
    let inner = |id: &ShapeId| {
        let item_key = format_ident!("key{}", depth);
        let read = read_form_value(ctx, id, member, false, depth + 1, &quote!(#item_key));
        quote!(|form: &#wire::QueryForm, #item_key: &str| #read)
    };
    match &shape.kind {
        ShapeKind::Structure(_) => quote!(#wire::read_query_structure::<#ty>(form, #key)),
        ShapeKind::List { member: element } => {
            let item = if flattened || ctx.protocol.form_lists_flattened() {
                ""
            } else {
                shape.xml.member.as_deref().unwrap_or("member")
            };
            let read = inner(element);
            quote!(form.list(#key, #item, #read))
        }
        ShapeKind::Map {
            key: key_shape,
            value,
        } => {
            let names = (
                shape.xml.key.as_deref().unwrap_or("key"),
                shape.xml.value.as_deref().unwrap_or("value"),
            );
            let (key_name, value_name) = names;
            let (read_key, read_value) = (inner(key_shape), inner(value));
            quote!(form.map(#key, #flattened, (#key_name, #value_name), #read_key, #read_value))
        }
        ShapeKind::String => quote!(#ok(::std::borrow::ToOwned::to_owned(form.value(#key)))),
        ShapeKind::Enum(_) => quote!(#ok(<#ty>::from(form.value(#key)))),
        ShapeKind::Timestamp { .. } => {
            let format = ctx.timestamp_format(timestamp_format(shape, member));
            quote!(#wire::at(#key, #wire::parse_timestamp(form.value(#key), #format)))
        }
        ShapeKind::Document => {
            quote!(#err(#support::FieldError::new(::std::string::ToString::to_string(#key), "a document has no form")))
        }
        _ => quote!(#wire::at(#key, #wire::Text::from_text(form.value(#key)))),
    }
}

fn write_impl(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let Prelude { some, .. } = &ctx.prelude;
    let wire = ctx.wire();
    let name = ident(&shape.rust_name);
    let body = if structure.union {
        let arms = structure.members.iter().map(|m| {
            let variant = ident(&m.variant);
            let key_name = &m.query_name;
            let value = if m.boxed {
                quote!(&**value)
            } else {
                quote!(value)
            };
            let write = write_value(ctx, &m.target, m, &value, &quote!(key), m.flattened, 0);
            quote! {
                Self::#variant(value) => {
                    let key = #wire::query_key(prefix, #key_name);
                    #write
                }
            }
        });
        quote! {
            match self {
                #(#arms)*
                Self::Unknown(_) => {}
            }
        }
    } else {
        let writes = structure.members.iter().map(|m| {
            let field = ident(&m.rust_name);
            let key_name = &m.query_name;
            let value = if m.boxed {
                quote!(&**value)
            } else {
                quote!(value)
            };
            let write = write_value(ctx, &m.target, m, &value, &quote!(key), m.flattened, 0);
            if m.required {
                quote! {
                    {
                        let value = &self.#field;
                        let key = #wire::query_key(prefix, #key_name);
                        #write
                    }
                }
            } else {
                quote! {
                    if let #some(value) = &self.#field {
                        let key = #wire::query_key(prefix, #key_name);
                        #write
                    }
                }
            }
        });
        quote!(#(#writes)*)
    };
    let unused = structure
        .members
        .is_empty()
        .then(|| quote!(let _ = (writer, prefix);));
    quote! {
        impl #wire::QueryStructure for #name {
            fn write_query(&self, writer: &mut #wire::QueryWriter, prefix: &str) {
                #unused
                #body
            }
        }
    }
}

/// Statements that write `value` (a reference to a value of shape `id`) under `key` (a `String`
/// or `&str` expression); `member` gives timestamps their format, `flattened` the list's or map's
/// form; `depth` keeps nested loops' names apart.
fn write_value(
    ctx: &Ctx<'_>,
    id: &ShapeId,
    member: &Member,
    value: &TokenStream,
    key: &TokenStream,
    flattened: bool,
    depth: usize,
) -> TokenStream {
    let wire = ctx.wire();
    let Some(shape) = ctx.shape(id) else {
        return TokenStream::new();
    };
    match &shape.kind {
        ShapeKind::Structure(_) => {
            quote!(#wire::QueryStructure::write_query(#value, writer, &#key);)
        }
        ShapeKind::List { member: element } => {
            let (item, item_key) = (
                format_ident!("item{}", depth),
                format_ident!("key{}", depth),
            );
            let flattened = flattened || ctx.protocol.form_lists_flattened();
            let format = if flattened {
                quote!(::std::format!("{}.{}", #key, index + 1))
            } else {
                let name = shape.xml.member.as_deref().unwrap_or("member");
                quote!(::std::format!("{}.{}.{}", #key, #name, index + 1))
            };
            let inner = write_value(
                ctx,
                element,
                member,
                &quote!(#item),
                &quote!(#item_key),
                false,
                depth + 1,
            );
            let each = quote! {
                for (index, #item) in #value.iter().enumerate() {
                    let #item_key = #format;
                    #inner
                }
            };
            // awsQuery sends an empty list as an empty value; ec2 sends nothing of it.
            if ctx.protocol.form_lists_flattened() {
                each
            } else {
                quote! {
                    if #value.is_empty() {
                        writer.pair(&#key, "");
                    } else {
                        #each
                    }
                }
            }
        }
        ShapeKind::Map {
            key: key_shape,
            value: value_shape,
        } => {
            let (entry, entry_key, entry_value) = (
                format_ident!("entry{}", depth),
                format_ident!("entry_key{}", depth),
                format_ident!("entry_value{}", depth),
            );
            let (key_key, value_key) = (
                format_ident!("key_key{}", depth),
                format_ident!("value_key{}", depth),
            );
            let format = if flattened {
                quote!(::std::format!("{}.{}", #key, index + 1))
            } else {
                quote!(::std::format!("{}.entry.{}", #key, index + 1))
            };
            let key_name = shape.xml.key.as_deref().unwrap_or("key");
            let value_name = shape.xml.value.as_deref().unwrap_or("value");
            let write_key = write_value(
                ctx,
                key_shape,
                member,
                &quote!(#entry_key),
                &quote!(#key_key),
                false,
                depth + 1,
            );
            let write_val = write_value(
                ctx,
                value_shape,
                member,
                &quote!(#entry_value),
                &quote!(#value_key),
                false,
                depth + 1,
            );
            quote! {
                for (index, (#entry_key, #entry_value)) in #value.iter().enumerate() {
                    let #entry = #format;
                    let #key_key = ::std::format!("{}.{}", #entry, #key_name);
                    let #value_key = ::std::format!("{}.{}", #entry, #value_name);
                    #write_key
                    #write_val
                }
            }
        }
        ShapeKind::String => quote!(writer.pair(&#key, #value);),
        ShapeKind::Enum(_) => quote!(writer.pair(&#key, #value.as_str());),
        ShapeKind::Timestamp { .. } => {
            let format = ctx.timestamp_format(timestamp_format(shape, member));
            quote!(writer.pair(&#key, &#wire::format_timestamp(#value, #format));)
        }
        ShapeKind::Document => TokenStream::new(),
        _ => quote!(writer.pair(&#key, &#wire::Text::to_text(#value));),
    }
}

/// How a timestamp of shape `shape` reached through `member` is written in a query or XML body:
/// the member's format where it holds the timestamps, else the shape's own, else ISO 8601.
pub(super) fn timestamp_format(shape: &Shape, member: &Member) -> TimestampFormat {
    match (&shape.kind, member.timestamps) {
        (_, Some(timestamps)) => timestamps.body,
        (
            ShapeKind::Timestamp {
                format: Some(format),
            },
            None,
        ) => *format,
        _ => TimestampFormat::DateTime,
    }
}

pub(super) fn read_impl(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let Prelude {
        result, ok, err, ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let name = ident(&shape.rust_name);
    let body = if structure.union {
        let arms = structure.members.iter().map(|m| {
            let variant = ident(&m.variant);
            let read = read_member(ctx, m, &TokenStream::new());
            let boxed = &ctx.prelude.boxed;
            let value = if m.boxed {
                quote!(#boxed::new(value))
            } else {
                quote!(value)
            };
            quote! {
                if let ::std::option::Option::Some(value) = #read {
                    return #ok(Self::#variant(#value));
                }
            }
        });
        let message = format!(
            "a `{}` element with one of its members set",
            shape.wire_name
        );
        quote! {
            #(#arms)*
            #err(#support::FieldError::new(path.to_string(), #message))
        }
    } else {
        let fields = structure.members.iter().map(|m| {
            let field = ident(&m.rust_name);
            let read = read_member(ctx, m, &TokenStream::new());
            let read = if m.boxed {
                let boxed = &ctx.prelude.boxed;
                quote!(#read.map(#boxed::new))
            } else {
                read
            };
            if m.required {
                let wire_name = &m.wire_name;
                quote!(#field: #wire::xml_required(path.join(#wire_name), #read)?)
            } else {
                quote!(#field: #read)
            }
        });
        quote!(#ok(Self { #(#fields,)* }))
    };
    let is_events = |m: &Member| ctx.is_event_stream(m);
    let uses_path = structure.union
        || structure
            .members
            .iter()
            .any(|m| !is_events(m) && read_uses_path(ctx, m));
    let unused = if structure.members.iter().all(is_events) {
        quote!(let _ = (element, path);)
    } else if !uses_path {
        quote!(let _ = path;)
    } else {
        TokenStream::new()
    };
    quote! {
        impl #wire::FromXml for #name {
            fn from_xml(element: &#wire::XmlElement<'_>, path: #wire::XmlPath<'_>) -> #result<Self, #support::FieldError> {
                #unused
                #body
            }
        }
    }
}

/// Whether reading member `m` ([`read_member`]) names its path: a required member's absence,
/// or a value that can fail to read.
pub(super) fn read_uses_path(ctx: &Ctx<'_>, m: &Member) -> bool {
    m.required || reads_use_path(ctx, &m.target)
}

/// Whether reading a value of shape `id` can fail, and so names its path: strings and enums
/// (and lists of them) cannot.
pub(super) fn reads_use_path(ctx: &Ctx<'_>, id: &ShapeId) -> bool {
    match ctx.kind(id) {
        Some(ShapeKind::String | ShapeKind::Enum(_)) => false,
        Some(ShapeKind::List { member }) => reads_use_path(ctx, member),
        _ => true,
    }
}

/// An expression of type `Option<T>` (after `?`): member `m` read from `element`.
pub(super) fn read_member(ctx: &Ctx<'_>, m: &Member, prefix: &TokenStream) -> TokenStream {
    let Prelude { vec, .. } = &ctx.prelude;
    let wire = ctx.wire();
    let name = &m.xml_name;
    let wire_name = &m.wire_name;
    let path = quote!(path.join(#wire_name));
    let target = ctx.shape(&m.target);
    // An event stream is no element: its events are read by `wire::EventReader`.
    if matches!(target.map(|t| &t.kind), Some(ShapeKind::Structure(s)) if s.event_stream) {
        return quote!(::std::option::Option::None);
    }
    if m.xml_attribute {
        // An attribute's name may carry a prefix (`xsi:type`); the reader keeps local names.
        let local = name.rsplit(':').next().unwrap_or(name);
        let ty = ctx.rust_type(&m.target, prefix);
        return match target.map(|t| &t.kind) {
            Some(ShapeKind::String) => {
                quote!(element.attribute(#local).map(::std::borrow::ToOwned::to_owned))
            }
            Some(ShapeKind::Enum(_)) => quote!(element.attribute(#local).map(<#ty>::from)),
            _ => quote!(#wire::xml_attribute::<#ty>(element, #local, #path)?),
        };
    }
    match target.map(|t| &t.kind) {
        Some(ShapeKind::List { member: element }) if m.flattened => {
            let read = read_value(ctx, prefix, element, m, &quote!(child), &path, 0);
            quote! {{
                let items = element
                    .children_named(#name)
                    .map(|child| #read)
                    .collect::<::std::result::Result<#vec<_>, _>>()?;
                (!items.is_empty()).then_some(items)
            }}
        }
        Some(ShapeKind::Map { key, value }) if m.flattened => {
            let (key_name, value_name) = target.map_or(("key", "value"), |t| {
                (
                    t.xml.key.as_deref().unwrap_or("key"),
                    t.xml.value.as_deref().unwrap_or("value"),
                )
            });
            let entry = read_entry(
                ctx,
                prefix,
                (key, value),
                (key_name, value_name),
                m,
                &path,
                0,
            );
            quote! {{
                let entries = element
                    .children_named(#name)
                    .map(|entry0| #entry)
                    .collect::<::std::result::Result<::std::collections::BTreeMap<_, _>, _>>()?;
                (!entries.is_empty()).then_some(entries)
            }}
        }
        _ => {
            let read = read_value(ctx, prefix, &m.target, m, &quote!(child), &path, 0);
            quote!(element.child(#name).map(|child| #read).transpose()?)
        }
    }
}

/// An expression of type `Result<T, FieldError>`: a value of shape `id` read from `element` (an
/// `&XmlElement` expression); `path` names it in errors.
fn read_value(
    ctx: &Ctx<'_>,
    prefix: &TokenStream,
    id: &ShapeId,
    member: &Member,
    element: &TokenStream,
    path: &TokenStream,
    depth: usize,
) -> TokenStream {
    let Prelude { ok, err, vec, .. } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let Some(shape) = ctx.shape(id) else {
        return quote!(#err(#support::FieldError::new(#path.to_string(), "no such shape")));
    };
    let ty = ctx.rust_type(id, prefix);
    match &shape.kind {
        ShapeKind::Structure(_) => quote!(<#ty as #wire::FromXml>::from_xml(#element, #path)),
        ShapeKind::List { member: item_shape } => {
            let item = format_ident!("item{}", depth);
            let read = read_value(
                ctx,
                prefix,
                item_shape,
                member,
                &quote!(#item),
                path,
                depth + 1,
            );
            quote! {
                #element
                    .children
                    .iter()
                    .map(|#item| #read)
                    .collect::<::std::result::Result<#vec<_>, _>>()
            }
        }
        ShapeKind::Map { key, value } => {
            let names = (
                shape.xml.key.as_deref().unwrap_or("key"),
                shape.xml.value.as_deref().unwrap_or("value"),
            );
            let entry = format_ident!("entry{}", depth);
            let read = read_entry(ctx, prefix, (key, value), names, member, path, depth);
            quote! {
                #element
                    .children_named("entry")
                    .map(|#entry| #read)
                    .collect::<::std::result::Result<::std::collections::BTreeMap<_, _>, _>>()
            }
        }
        ShapeKind::String => quote!(#ok(#element.text.to_string())),
        ShapeKind::Enum(_) => quote!(#ok(<#ty>::from(&*#element.text))),
        ShapeKind::Timestamp { .. } => {
            let format = ctx.timestamp_format(timestamp_format(shape, member));
            quote!(#wire::xml_timestamp(#element, #path, #format))
        }
        ShapeKind::Document => {
            quote!(#err(#support::FieldError::new(#path.to_string(), "a document has no XML form")))
        }
        _ => quote!(#wire::xml_text::<#ty>(#element, #path)),
    }
}

/// An expression of type `Result<(K, V), FieldError>`: one map entry read from `entry{depth}`.
fn read_entry(
    ctx: &Ctx<'_>,
    prefix: &TokenStream,
    (key, value): (&ShapeId, &ShapeId),
    (key_name, value_name): (&str, &str),
    member: &Member,
    path: &TokenStream,
    depth: usize,
) -> TokenStream {
    let Prelude { ok, .. } = &ctx.prelude;
    let support = &ctx.support;
    let entry: Ident = format_ident!("entry{}", depth);
    let (key_element, value_element) = (
        format_ident!("key_element{}", depth),
        format_ident!("value_element{}", depth),
    );
    let read_key = read_value(
        ctx,
        prefix,
        key,
        member,
        &quote!(#key_element),
        path,
        depth + 1,
    );
    let read_value = read_value(
        ctx,
        prefix,
        value,
        member,
        &quote!(#value_element),
        path,
        depth + 1,
    );
    let missing = |name: &str| format!("a map entry without its `{name}` element");
    let (missing_key, missing_value) = (missing(key_name), missing(value_name));
    quote! {{
        let #key_element = #entry
            .child(#key_name)
            .ok_or_else(|| #support::FieldError::new(#path.to_string(), #missing_key))?;
        let #value_element = #entry
            .child(#value_name)
            .ok_or_else(|| #support::FieldError::new(#path.to_string(), #missing_value))?;
        #ok((#read_key?, #read_value?))
    }}
}
