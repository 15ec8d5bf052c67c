//! Stage 4: the IR as Rust tokens. One emitter per shape kind, each `fn(&Ctx, &ir::Thing) ->
//! TokenStream`; this module holds what they share: the context, types and doc comments.

mod cbor;
mod client;
mod enumeration;
mod error;
mod events;
mod markdown;
mod operation;
mod paginator;
mod query;
mod service;
mod sink;
mod structure;
mod union;
mod waiter;
mod wire;
mod xml;

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::quote;

use crate::ir::{
    Half, Member, RustType, Service, Shape, ShapeId, ShapeKind, Structure, TimestampFormat,
};
use crate::protocol::{self, Protocol};

pub use client::{Glue, client, client_module, client_module_into};
pub use service::{service, service_into};
pub use sink::{Collect, Sink};

/// What every emitter may need: the service being emitted and where the hand-written support
/// items (`Operation`, `Timestamp`, `Blob`, ...) live.
pub struct Ctx<'a> {
    /// The service being emitted.
    pub service: &'a Service,
    /// The path of the support items: `crate` inside the generated crate, `::ivs_models` for code
    /// compiled outside it.
    pub support: TokenStream,
    /// `#support::wire` and `#support::client`, each one token ([`fragment`]) made once per
    /// service: an emitter names them at almost every member and operation.
    wire: TokenStream,
    client: TokenStream,
    /// How the standard library's prelude items are named in this service's module.
    pub prelude: Prelude,
    /// The service's protocol: what the wire glue asks of it.
    protocol: &'a dyn Protocol,
    /// The attribute of the items only a server uses, `#[cfg(feature = "server")]`, in the
    /// generated crate; none in code compiled outside it, which has no such feature (the crate
    /// it names must have it on).
    server_gate: Option<TokenStream>,
    /// The doc attributes of each model text rendered so far (a fifth of botocore's texts repeat
    /// within their service); `None` for a text that shows nothing.
    docs: RefCell<HashMap<String, Option<TokenStream>>>,
}

/// How the generated code names the prelude items it uses: by their short name (`Option`), as
/// hand-written Rust does, unless the service defines an item of that name; that one is then
/// named by its full path (`::std::option::Option`) throughout the service. Shapes never take a
/// prelude name (`naming` makes glue's `Option` `OptionValue`), but an operation's marker type or
/// error enum could.
pub struct Prelude {
    pub option: TokenStream,
    pub some: TokenStream,
    pub none: TokenStream,
    pub result: TokenStream,
    pub ok: TokenStream,
    pub err: TokenStream,
    pub string: TokenStream,
    pub vec: TokenStream,
    pub boxed: TokenStream,
    pub into: TokenStream,
    pub from: TokenStream,
    pub default: TokenStream,
    pub future: TokenStream,
    pub send: TokenStream,
}

impl Prelude {
    /// The names for `service`'s module and its `operation` and `client` modules: every type the
    /// generator defines there (shapes, operations, their error enums, the service trait).
    fn new(service: &Service) -> Self {
        let taken: BTreeSet<String> = service
            .shapes
            .values()
            .map(|shape| shape.rust_name.clone())
            .chain(
                service
                    .operations
                    .iter()
                    .flat_map(|op| [Some(&op.rust_name), op.error_enum.as_ref()])
                    .flatten()
                    .cloned(),
            )
            .chain([service.trait_name.clone()])
            .collect();
        let name = |short: &str, path: TokenStream| {
            if taken.contains(short) {
                path
            } else {
                let short = Ident::new(short, Span::call_site());
                quote!(#short)
            }
        };
        let option = name("Option", quote!(::std::option::Option));
        let string = name("String", quote!(::std::string::String));
        Self {
            option,
            some: name("Some", quote!(::std::option::Option::Some)),
            none: name("None", quote!(::std::option::Option::None)),
            result: name("Result", quote!(::std::result::Result)),
            ok: name("Ok", quote!(::std::result::Result::Ok)),
            err: name("Err", quote!(::std::result::Result::Err)),
            string,
            vec: name("Vec", quote!(::std::vec::Vec)),
            boxed: name("Box", quote!(::std::boxed::Box)),
            into: name("Into", quote!(::std::convert::Into)),
            from: name("From", quote!(::std::convert::From)),
            default: name("Default", quote!(::std::default::Default)),
            future: name("Future", quote!(::std::future::Future)),
            send: name("Send", quote!(::std::marker::Send)),
        }
    }
}

/// A path's tokens as written in a string (`::std::option::Option`).
fn path(tokens: &TokenStream) -> String {
    tokens.to_string().replace(' ', "")
}

impl<'a> Ctx<'a> {
    /// A context for `service` in code compiled outside the generated crate, with the support
    /// items at `support` (e.g. `::ivs_models`): the server half is written ungated.
    pub fn new(service: &'a Service, support: TokenStream) -> Self {
        Self {
            service,
            wire: fragment(quote!(#support::wire)),
            client: fragment(quote!(#support::client)),
            support,
            prelude: Prelude::new(service),
            protocol: protocol::of(&service.wire),
            server_gate: None,
            docs: RefCell::default(),
        }
    }

    /// A context for `service` in the generated crate (or the runtime): support items at
    /// `crate`, and the server half behind the crate's `server` feature.
    pub fn in_crate(service: &'a Service) -> Self {
        Self {
            server_gate: Some(quote!(#[cfg(feature = "server")])),
            ..Self::new(service, quote!(crate))
        }
    }

    /// The attribute of an item that `half` uses: the `server` feature's gate for the server's.
    fn gate(&self, half: Half) -> Option<&TokenStream> {
        match half {
            Half::Client => None,
            Half::Server => self.server_gate.as_ref(),
        }
    }

    /// The doc attributes of a model text, rendered once per service.
    fn docs(&self, text: &str) -> Option<TokenStream> {
        if let Some(docs) = self.docs.borrow().get(text) {
            return docs.clone();
        }
        let lines = doc_lines(text);
        let docs = (!lines.is_empty()).then(|| fragment(quote!(#(#[doc = #lines])*)));
        self.docs.borrow_mut().insert(text.to_owned(), docs.clone());
        docs
    }

    fn shape(&self, id: &ShapeId) -> Option<&'a Shape> {
        self.service.shape(id)
    }

    /// The path of the runtime's wire module: every emitter names runtime items through here.
    fn wire(&self) -> TokenStream {
        self.wire.clone()
    }

    /// The path of a support item as a doc link writes it (`crate::NotImplemented`,
    /// `::ivs_models::NotImplemented`).
    fn support_link(&self, item: &str) -> String {
        format!("{}::{item}", path(&self.support))
    }

    /// The path of the runtime's client module (feature `client`).
    fn client(&self) -> TokenStream {
        self.client.clone()
    }

    /// A timestamp format as the runtime's `TimestampFormat`.
    fn timestamp_format(&self, format: TimestampFormat) -> TokenStream {
        let wire = self.wire();
        match format {
            TimestampFormat::DateTime => quote!(#wire::TimestampFormat::DateTime),
            TimestampFormat::HttpDate => quote!(#wire::TimestampFormat::HttpDate),
            TimestampFormat::EpochSeconds => quote!(#wire::TimestampFormat::EpochSeconds),
        }
    }

    /// What shape `id` is.
    fn kind(&self, id: &ShapeId) -> Option<&'a ShapeKind> {
        self.shape(id).map(|s| &s.kind)
    }

    /// Whether `member` is a stream of events (its target an `eventstream` union).
    fn is_event_stream(&self, member: &Member) -> bool {
        matches!(self.kind(&member.target), Some(ShapeKind::Structure(s)) if s.event_stream)
    }

    /// The structure an operation's input or output names.
    fn structure(&self, id: Option<&ShapeId>) -> Option<&'a Structure> {
        self.shape(id?)?.structure()
    }

    /// The element shape of a list member.
    fn element(&self, member: &Member) -> Option<&'a ShapeId> {
        match self.kind(&member.target) {
            Some(ShapeKind::List { member }) => Some(member),
            _ => None,
        }
    }

    /// The shape of a member's scalar values: its target's, or its list element's.
    fn scalar_kind(&self, member: &Member) -> Option<&'a ShapeKind> {
        self.kind(self.element(member).unwrap_or(&member.target))
    }

    /// The Rust type of a member's scalar values (its target, or its list element), from the
    /// `operation` module.
    fn scalar_type(&self, member: &Member) -> TokenStream {
        self.rust_type(
            self.element(member).unwrap_or(&member.target),
            &quote!(super::),
        )
    }

    /// The kind of a map member's values.
    fn map_value_kind(&self, member: &Member) -> Option<&'a ShapeKind> {
        match self.kind(&member.target) {
            Some(ShapeKind::Map { value, .. }) => self.kind(value),
            _ => None,
        }
    }

    /// Whether a member targets a plain string.
    fn is_string(&self, member: &Member) -> bool {
        matches!(self.kind(&member.target), Some(ShapeKind::String))
    }

    /// The type a member's value is held in (boxed where the structure recurses, never in an
    /// `Option`), with type names behind `prefix` (`super::` from the `operation` module).
    fn field_base_type(&self, member: &Member, prefix: &TokenStream) -> TokenStream {
        self.tokens(&self.service.value_type(member), prefix)
    }

    /// The Rust type of a value of shape `id`, with type names behind `prefix` (`super::` from a
    /// child module, nothing from the service module itself).
    fn rust_type(&self, id: &ShapeId, prefix: &TokenStream) -> TokenStream {
        self.tokens(&self.service.rust_type(id), prefix)
    }

    /// An operation's input or output type (`Empty` when the model has none), with type names
    /// behind `prefix`.
    fn io_type(&self, id: Option<&ShapeId>, prefix: &TokenStream) -> TokenStream {
        self.tokens(&self.service.io_type(id), prefix)
    }

    /// A type as tokens, with the generated types' names behind `prefix`.
    fn tokens(&self, ty: &RustType, prefix: &TokenStream) -> TokenStream {
        let support = &self.support;
        let Prelude {
            vec,
            string,
            boxed,
            option,
            ..
        } = &self.prelude;
        match ty {
            RustType::Named(name) => {
                let name = ident(name);
                quote!(#prefix #name)
            }
            RustType::Vec(element) => {
                let element = self.tokens(element, prefix);
                quote!(#vec<#element>)
            }
            RustType::Map(key, value) => {
                let key = self.tokens(key, prefix);
                let value = self.tokens(value, prefix);
                quote!(::std::collections::BTreeMap<#key, #value>)
            }
            RustType::String => quote!(#string),
            RustType::I32 => quote!(i32),
            RustType::I64 => quote!(i64),
            RustType::F32 => quote!(f32),
            RustType::F64 => quote!(f64),
            RustType::Bool => quote!(bool),
            RustType::Timestamp => quote!(#support::Timestamp),
            RustType::Blob => quote!(#support::Blob),
            RustType::Document => quote!(#support::Document),
            RustType::Empty => quote!(#support::Empty),
            RustType::Boxed(inner) => {
                let inner = self.tokens(inner, prefix);
                quote!(#boxed<#inner>)
            }
            RustType::Option(inner) => {
                let inner = self.tokens(inner, prefix);
                quote!(#option<#inner>)
            }
            RustType::Missing(_) => quote!(()),
        }
    }
}

/// Tokens as one token: a group without delimiters, which the renderer prints as its contents.
/// `quote!` copies each outermost token of a stream it interpolates, and an item's tokens pass
/// through several `quote!`s on their way into a file; the emitters of items and of their
/// larger parts return them as one, so that each is copied once. Not for tokens a caller tests
/// for emptiness: a fragment is never empty.
pub(crate) fn fragment(tokens: TokenStream) -> TokenStream {
    TokenTree::Group(Group::new(Delimiter::None, tokens)).into()
}

/// An identifier from a name the naming module made (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The rustdoc lines of model documentation (HTML, rendered as Markdown by [`markdown`]), each
/// with the leading space a `///` comment has. Empty when the text shows nothing.
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    markdown::lines(text)
        .into_iter()
        .map(|line| {
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Doc attributes of the model's text, or of `fallback` (the generator's own Markdown, not
/// escaped) when the model's text shows nothing.
pub(crate) fn docs_or(ctx: &Ctx<'_>, text: &str, fallback: &str) -> TokenStream {
    match ctx.docs(text) {
        Some(docs) => docs,
        None => {
            let fallback = format!(" {fallback}");
            quote!(#[doc = #fallback])
        }
    }
}
