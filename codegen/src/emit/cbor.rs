//! The rpcv2Cbor glue: each operation's request written as a CBOR body and its response read
//! from one (and for servers, the request read and the response and errors written), and per
//! structure, union and enum the code that writes it as a CBOR item (`wire::ToCbor`) and reads it
//! from one (`wire::FromCbor`): a client writes what a server reads, and the other way round. A structure is a map of its set members under their
//! names (`locationName`, else the member's name), as botocore writes it; a union a map of its
//! one member; an enum its text. Lists, maps and scalars are the runtime's own impls.

use proc_macro2::TokenStream;
use quote::{ToTokens as _, format_ident, quote};

use super::{Ctx, Prelude, ident};
use crate::ir::{Operation, Shape, Side, Structure};

/// The `Operation` items that carry the wire form of one rpcv2Cbor operation.
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
    let headers = ctx
        .protocol
        .fixed_request_headers()
        .iter()
        .map(|(name, value)| quote!(headers.insert(#name, #name, #value)?;));
    // An input, even one without members, is a map; an operation without one sends no body.
    let (input_name, tokens, body, host) = match ctx.structure(op.input.as_ref()) {
        Some(structure) => (
            quote!(input),
            super::wire::fill_tokens(ctx, structure),
            quote!(#wire::cbor_body(&mut headers, input)?),
            super::wire::host_prefix(ctx, op, &structure.members),
        ),
        None => (
            quote!(_input),
            TokenStream::new(),
            quote!(#wire::Body::Empty),
            super::wire::host_prefix(ctx, op, &[]),
        ),
    };
    let read = match ctx.structure(op.output.as_ref()) {
        Some(_) => quote!(#wire::cbor_output),
        None => quote!(|_| #ok(#default::default())),
    };
    let response =
        super::wire::response_fn(ctx, &quote!(#wire::read_cbor_response(response, #read)));
    let read_input = match ctx.structure(op.input.as_ref()) {
        Some(_) => quote!(#wire::cbor_output),
        None => quote!(|_| #ok(#default::default())),
    };
    let server = super::wire::server_fns(
        ctx,
        op,
        &quote!(#wire::read_cbor_request(request, Self::HTTP_URI, #read_input)),
        |output| quote!(#wire::cbor_response(Self::SUCCESS_STATUS, #output)),
    );
    let write_error = super::wire::write_error_fn(
        ctx,
        op,
        |error, exception, _| quote!(#wire::cbor_error_response(#error, #exception)),
    );
    quote! {
        #[inline]
        fn request(#input_name: &Self::Input) -> #result<#support::http::Request<#vec<u8>>, #support::RequestError> {
            #tokens
            let uri = #wire::Uri::expand(Self::HTTP_URI, &[])?;
            let mut headers = #wire::Headers::new();
            #(#headers)*
            let body = #body;
            #ok(#wire::request(Self::HTTP_METHOD, uri, headers, body, #host)?)
        }
        #response
        #server
        #write_error
    }
}

/// The CBOR impls of one structure (or union) a message holds: `ToCbor` and `FromCbor`, each
/// where a client uses it, or behind the `server` feature where only a server does.
pub(super) fn shape_impls(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let sides = [Side::Request, Side::Response];
    let mut tokens = TokenStream::new();
    if let Some(half) = shape.reached.writer(&sides) {
        let gate = ctx.gate(half);
        let write = if structure.union {
            write_union(ctx, shape, structure)
        } else {
            write_structure(ctx, shape, structure)
        };
        tokens.extend(quote!(#gate #write));
    }
    if let Some(half) = shape.reached.reader(&sides) {
        let gate = ctx.gate(half);
        let read = if structure.union {
            read_union(ctx, shape, structure)
        } else {
            read_structure(ctx, shape, structure)
        };
        tokens.extend(quote!(#gate #read));
    }
    tokens
}

/// The CBOR impls of an enum: its text.
pub(super) fn enum_impls(ctx: &Ctx<'_>, shape: &Shape) -> TokenStream {
    let Prelude { result, ok, .. } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let name = ident(&shape.rust_name);
    quote! {
        impl #wire::ToCbor for #name {
            fn write_cbor(&self, writer: &mut #wire::CborWriter) {
                writer.text(self.as_str());
            }
        }

        impl #wire::FromCbor for #name {
            fn read_cbor(reader: &mut #wire::CborReader<'_>, path: &str) -> #result<Self, #support::FieldError> {
                #ok(Self::from(reader.text(path)?.as_ref()))
            }
        }
    }
}

fn write_structure(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let Prelude { some, .. } = &ctx.prelude;
    let wire = ctx.wire();
    let name = ident(&shape.rust_name);
    // The number of entries: the required members, and each optional one that is set.
    let required = structure.members.iter().filter(|m| m.required).count();
    let mut terms: Vec<TokenStream> = structure
        .members
        .iter()
        .filter(|m| !m.required)
        .map(|m| {
            let field = ident(&m.rust_name);
            quote!(usize::from(self.#field.is_some()))
        })
        .collect();
    if required > 0 || terms.is_empty() {
        terms.insert(
            0,
            proc_macro2::Literal::usize_unsuffixed(required).into_token_stream(),
        );
    }
    let writes = structure.members.iter().map(|m| {
        let field = ident(&m.rust_name);
        let key = &m.xml_name;
        if m.required {
            quote! {
                writer.text(#key);
                #wire::ToCbor::write_cbor(&self.#field, writer);
            }
        } else {
            quote! {
                if let #some(value) = &self.#field {
                    writer.text(#key);
                    #wire::ToCbor::write_cbor(value, writer);
                }
            }
        }
    });
    quote! {
        impl #wire::ToCbor for #name {
            fn write_cbor(&self, writer: &mut #wire::CborWriter) {
                writer.map(#(#terms)+*);
                #(#writes)*
            }
        }
    }
}

fn write_union(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let wire = ctx.wire();
    let name = ident(&shape.rust_name);
    let arms = structure.members.iter().map(|m| {
        let variant = ident(&m.variant);
        let key = &m.xml_name;
        quote! {
            Self::#variant(value) => {
                writer.text(#key);
                #wire::ToCbor::write_cbor(value, writer);
            }
        }
    });
    quote! {
        impl #wire::ToCbor for #name {
            fn write_cbor(&self, writer: &mut #wire::CborWriter) {
                writer.map(1);
                match self {
                    #(#arms)*
                    Self::Unknown(member) => {
                        writer.text(member.name());
                        #wire::ToCbor::write_cbor(member.value(), writer);
                    }
                }
            }
        }
    }
}

fn read_structure(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let Prelude {
        result,
        ok,
        some,
        none,
        ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let name = ident(&shape.rust_name);
    // Each member's value is held in a local of its own number, which no field name, parameter
    // or closure argument of the code around it can take.
    let locals: Vec<_> = (0..structure.members.len())
        .map(|i| format_ident!("member{}", i))
        .collect();
    let arms = structure.members.iter().zip(&locals).map(|(m, field)| {
        let key = &m.xml_name;
        let wire_name = &m.wire_name;
        quote! {
            #key => #field = #some(#wire::FromCbor::read_cbor(reader, &#wire::query_key(path, #wire_name))?),
        }
    });
    let values = structure.members.iter().zip(&locals).map(|(m, local)| {
        let field = ident(&m.rust_name);
        let wire_name = &m.wire_name;
        if m.required {
            quote!(#field: #wire::required(&#wire::query_key(path, #wire_name), #local)?)
        } else {
            quote!(#field: #local)
        }
    });
    if structure.members.is_empty() {
        return quote! {
            impl #wire::FromCbor for #name {
                fn read_cbor(reader: &mut #wire::CborReader<'_>, path: &str) -> #result<Self, #support::FieldError> {
                    reader.members(path, |reader, _| reader.skip(path))?;
                    #ok(Self {})
                }
            }
        };
    }
    quote! {
        impl #wire::FromCbor for #name {
            fn read_cbor(reader: &mut #wire::CborReader<'_>, path: &str) -> #result<Self, #support::FieldError> {
                #(let mut #locals = #none;)*
                reader.members(path, |reader, key| {
                    match &*key {
                        #(#arms)*
                        _ => reader.skip(path)?,
                    }
                    #ok(())
                })?;
                #ok(Self { #(#values,)* })
            }
        }
    }
}

fn read_union(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let Prelude {
        result,
        ok,
        err,
        none,
        ..
    } = &ctx.prelude;
    let support = &ctx.support;
    let wire = ctx.wire();
    let name = ident(&shape.rust_name);
    let arms = structure.members.iter().map(|m| {
        let variant = ident(&m.variant);
        let key = &m.xml_name;
        let wire_name = &m.wire_name;
        quote! {
            #key => Self::#variant(#wire::FromCbor::read_cbor(reader, &#wire::query_key(path, #wire_name))?),
        }
    });
    let (none_set, two_set) = (
        format!("a `{}` with none of its members set", shape.wire_name),
        format!("a `{}` with more than one member set", shape.wire_name),
    );
    quote! {
        impl #wire::FromCbor for #name {
            fn read_cbor(reader: &mut #wire::CborReader<'_>, path: &str) -> #result<Self, #support::FieldError> {
                let mut found = #none;
                reader.members(path, |reader, key| {
                    // `__type` names the union's type, and is no member.
                    if key == "__type" {
                        return reader.skip(path);
                    }
                    let value = match &*key {
                        #(#arms)*
                        _ => Self::Unknown(#support::UnknownMember::new(
                            key.into_owned(),
                            reader.document(path)?,
                        )),
                    };
                    match found.replace(value) {
                        #none => #ok(()),
                        _ => #err(#support::FieldError::new(path, #two_set)),
                    }
                })?;
                found.ok_or_else(|| #support::FieldError::new(path, #none_set))
            }
        }
    }
}
