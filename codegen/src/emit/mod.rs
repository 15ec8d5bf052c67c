//! Stage 4: the IR as Rust tokens. One emitter per shape kind, each `fn(&Ctx, &ir::Thing) ->
//! TokenStream`; this module holds what they share: the context, types and doc comments.

mod enumeration;
mod operation;
mod service;
mod structure;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Service, Shape, ShapeId, ShapeKind};

pub use service::service;

/// What every emitter may need: the service being emitted and where the hand-written support
/// items (`Operation`, `Timestamp`, `Blob`, ...) live.
pub struct Ctx<'a> {
    /// The service being emitted.
    pub service: &'a Service,
    /// The path of the support items: `crate` inside the generated crate, `::ivs_models` for code
    /// compiled outside it.
    pub support: TokenStream,
}

impl<'a> Ctx<'a> {
    /// A context for `service`, with the support items at `support` (e.g. `crate`).
    pub fn new(service: &'a Service, support: TokenStream) -> Self {
        Self { service, support }
    }

    fn shape(&self, id: &ShapeId) -> Option<&'a Shape> {
        self.service.shape(id)
    }

    /// The Rust type of a value of shape `id`, with type names behind `prefix` (`super::` from a
    /// child module, nothing from the service module itself).
    fn rust_type(&self, id: &ShapeId, prefix: &TokenStream) -> TokenStream {
        let support = &self.support;
        let Some(shape) = self.shape(id) else {
            return quote!(());
        };
        match &shape.kind {
            ShapeKind::Structure(_) | ShapeKind::Enum(_) => {
                let name = ident(&shape.rust_name);
                quote!(#prefix #name)
            }
            ShapeKind::List { member } => {
                let member = self.rust_type(member, prefix);
                quote!(::std::vec::Vec<#member>)
            }
            ShapeKind::Map { key, value } => {
                let key = self.rust_type(key, prefix);
                let value = self.rust_type(value, prefix);
                quote!(::std::collections::BTreeMap<#key, #value>)
            }
            ShapeKind::String => quote!(::std::string::String),
            ShapeKind::Integer => quote!(i32),
            ShapeKind::Long => quote!(i64),
            ShapeKind::Float => quote!(f32),
            ShapeKind::Double => quote!(f64),
            ShapeKind::Boolean => quote!(bool),
            ShapeKind::Timestamp { .. } => quote!(#support::Timestamp),
            ShapeKind::Blob => quote!(#support::Blob),
        }
    }
}

/// An identifier from a name the naming module made (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// `#[doc = ...]` attributes for model documentation: one per paragraph, Markdown link and HTML
/// brackets escaped so that rustdoc reads the text as written.
pub(crate) fn docs(text: &str) -> TokenStream {
    let text = text.trim();
    if text.is_empty() {
        return TokenStream::new();
    }
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let mut escaped = String::with_capacity(line.len() + 1);
            escaped.push(' ');
            for c in line.trim_end().chars() {
                if matches!(c, '[' | ']' | '<' | '>' | '`' | '*' | '#' | '\\') {
                    escaped.push('\\');
                }
                escaped.push(c);
            }
            escaped
        })
        .collect();
    quote!(#(#[doc = #lines])*)
}

/// Doc attributes of the model's text, or of `fallback` (the generator's own Markdown, not
/// escaped) when the model has none.
pub(crate) fn docs_or(text: &str, fallback: &str) -> TokenStream {
    if text.trim().is_empty() {
        let fallback = format!(" {fallback}");
        quote!(#[doc = #fallback])
    } else {
        docs(text)
    }
}
