//! An operation's paginator as client glue: `Paginated` (the tokens from each output into the
//! next input), `PageSized` where it has a `limit_key`, and, when a page's results are lists or
//! maps, `PaginatedItems`. The paths of
//! the paginators file ([`ir::MemberPath`]) become field accesses here: `Option` chains over
//! borrowed fields for the tokens, and moves out of the output for the items.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, Prelude, ident};
use crate::ir::{self, Member, MemberPath, Operation, PathStep, ShapeKind};

/// `Paginated`, and `PaginatedItems` where it applies, for an operation the IR gives a
/// paginator.
pub(super) fn paginator(ctx: &Ctx<'_>, op: &Operation) -> Option<TokenStream> {
    let Prelude { option, some, .. } = &ctx.prelude;
    let runtime = ctx.client();
    let paginator = op.paginator.as_ref()?;
    let name = ident(&op.rust_name);
    let input_type = ctx.io_type(op.input.as_ref(), &quote!(super::));
    let output_type = ctx.io_type(op.output.as_ref(), &quote!(super::));
    let tokens: Vec<TokenStream> = paginator
        .output_tokens
        .iter()
        .map(|alternatives| present_token(ctx, alternatives))
        .collect();
    let types: Vec<TokenStream> = paginator
        .input_tokens
        .iter()
        .map(|m| ctx.rust_type(&m.target, &quote!(super::)))
        .collect();
    let fields: Vec<_> = paginator
        .input_tokens
        .iter()
        .map(|m| ident(&m.rust_name))
        .collect();
    let more = paginator.more_results.as_ref().map(|path| {
        let more = match borrowed_parts(path) {
            (value, true) => quote!(matches!(#value, #some(true))),
            (value, false) => value,
        };
        quote! {
            if !#more {
                return #option::None;
            }
        }
    });
    let (token_type, next, set) = match (tokens.as_slice(), types.as_slice(), fields.as_slice()) {
        ([token], [ty], [field]) => (
            quote!(#ty),
            quote!(#token.cloned()),
            quote!(input.#field = #some(token);),
        ),
        _ => {
            let indexes = (0..tokens.len()).map(syn::Index::from);
            let indexes_again = indexes.clone();
            (
                quote!((#(#option<#types>,)*)),
                quote! {
                    let token = (#(#tokens.cloned(),)*);
                    (#(token.#indexes.is_some())||*).then_some(token)
                },
                quote!(#(input.#fields = token.#indexes_again;)*),
            )
        }
    };
    let doc = doc(paginator);
    let items = items(ctx, op, paginator, &output_type);
    let page_size = paginator.limit_key.as_ref().map(|limit| {
        let field = ident(&limit.rust_name);
        let size = match ctx.kind(&limit.target) {
            Some(ShapeKind::Integer) => quote!(i32::try_from(size).unwrap_or(i32::MAX)),
            Some(ShapeKind::Long) => quote!(i64::from(size)),
            _ => quote!(size.to_string()),
        };
        // A few operations require the page size (Cognito's `ListUserPools`).
        let size = if limit.required {
            size
        } else {
            quote!(#some(#size))
        };
        quote! {
            impl #runtime::PageSized for super::operation::#name {
                fn set_page_size(input: &mut #input_type, size: u32) {
                    input.#field = #size;
                }
            }
        }
    });
    Some(quote! {
        #[doc = #doc]
        impl #runtime::Paginated for super::operation::#name {
            type Token = #token_type;

            fn next_token(output: &#output_type) -> #option<Self::Token> {
                #more
                #next
            }

            fn set_next_token(input: &mut #input_type, token: Self::Token) {
                #set
            }
        }

        #page_size

        #items
    })
}

/// The token an output token's alternatives give, as an `Option` of a reference: the first that
/// is present.
fn present_token(ctx: &Ctx<'_>, alternatives: &[MemberPath]) -> TokenStream {
    let runtime = ctx.client();
    let mut found = alternatives.iter().map(|path| {
        let value = borrowed(ctx, path);
        // An enum's value is always a token: it is never empty.
        if matches!(ctx.kind(&path.target), Some(ShapeKind::Enum(_))) {
            value
        } else {
            quote!(#runtime::present(#value))
        }
    });
    let first = found.next().unwrap_or_default();
    found.fold(first, |chain, next| quote!(#chain.or_else(|| #next)))
}

/// What the paginator says, for the doc comment of its `Paginated` impl.
fn doc(paginator: &ir::Paginator) -> String {
    let list = |names: Vec<String>| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut doc = format!(
        " Pages: the output's {} into the input's {}",
        list(
            paginator
                .output_tokens
                .iter()
                .map(|alternatives| alternatives
                    .first()
                    .map(|p| p.text.clone())
                    .unwrap_or_default())
                .collect()
        ),
        list(
            paginator
                .input_tokens
                .iter()
                .map(|m| m.wire_name.clone())
                .collect()
        ),
    );
    if let Some(more) = &paginator.more_results {
        doc.push_str(&format!(", while `{}` is true", more.text));
    }
    doc.push('.');
    if let Some(limit) = &paginator.limit_key {
        doc.push_str(&format!(" `{}` caps the size of a page.", limit.wire_name));
    }
    if !paginator.result_keys.is_empty() {
        let keys = list(
            paginator
                .result_keys
                .iter()
                .map(|p| p.text.clone())
                .collect(),
        );
        doc.push_str(&format!(" A page's results: {keys}."));
    }
    doc
}

/// A path read from `output`, a reference: `Option<&T>` of the value it ends at.
fn borrowed(ctx: &Ctx<'_>, path: &MemberPath) -> TokenStream {
    let some = &ctx.prelude.some;
    match borrowed_parts(path) {
        (value, true) => value,
        (value, false) => quote!(#some(&#value)),
    }
}

/// A path read from `output`: an expression of `Option<&T>` and `true`, or where every member
/// on the way is required, the place `output.a.b` (of type `T`) and `false`.
fn borrowed_parts(path: &MemberPath) -> (TokenStream, bool) {
    let (mut value, mut maybe) = (quote!(output), false);
    for step in &path.steps {
        let next = match step {
            PathStep::Field(member) => {
                let field = ident(&member.rust_name);
                match (maybe, member.required, member.boxed) {
                    (false, false, false) => quote!(#value.#field.as_ref()),
                    (false, false, true) => quote!(#value.#field.as_deref()),
                    // A field of a `Box` is read through it.
                    (false, true, _) => quote!(#value.#field),
                    (true, false, false) => quote!(#value.and_then(|v| v.#field.as_ref())),
                    (true, false, true) => quote!(#value.and_then(|v| v.#field.as_deref())),
                    (true, true, false) => quote!(#value.map(|v| &v.#field)),
                    (true, true, true) => quote!(#value.map(|v| &*v.#field)),
                }
            }
            PathStep::Index(index) => {
                let pick = borrowed_index(*index);
                if maybe {
                    quote!(#value.and_then(|v| v #pick))
                } else {
                    quote!(#value #pick)
                }
            }
            // Validation keeps `[]` out of tokens.
            PathStep::Flatten => continue,
        };
        maybe = !matches!(step, PathStep::Field(member) if member.required) || maybe;
        value = next;
    }
    (value, maybe)
}

fn borrowed_index(index: i64) -> TokenStream {
    match index {
        -1 => quote!(.last()),
        i if i < 0 => {
            let n = (i.unsigned_abs() - 1) as usize;
            quote!(.iter().rev().nth(#n))
        }
        i => {
            let n = i as usize;
            quote!(.get(#n))
        }
    }
}

/// What a path gives when read by moving out of the output.
enum Owned {
    /// One value, there.
    One(TokenStream),
    /// An `Option` of one value.
    Maybe(TokenStream),
    /// An iterator of values.
    Many(TokenStream),
}

/// A path read by moving out of `output`.
fn owned(path: &MemberPath) -> Owned {
    path.steps
        .iter()
        .fold(Owned::One(quote!(output)), |value, step| match step {
            PathStep::Field(member) => owned_field(value, member),
            PathStep::Flatten => Owned::Many(match value {
                Owned::One(e) => quote!(#e.into_iter()),
                Owned::Maybe(e) => quote!(#e.into_iter().flatten()),
                Owned::Many(e) => quote!(#e.flatten()),
            }),
            PathStep::Index(index) => {
                let pick = match *index {
                    -1 => quote!(.into_iter().last()),
                    i if i < 0 => {
                        let n = (i.unsigned_abs() - 1) as usize;
                        quote!(.into_iter().rev().nth(#n))
                    }
                    i => {
                        let n = i as usize;
                        quote!(.into_iter().nth(#n))
                    }
                };
                match value {
                    Owned::One(e) => Owned::Maybe(quote!(#e #pick)),
                    Owned::Maybe(e) => Owned::Maybe(quote!(#e.and_then(|v| v #pick))),
                    Owned::Many(e) => Owned::Many(quote!(#e.filter_map(|v| v #pick))),
                }
            }
        })
}

fn owned_field(value: Owned, member: &Member) -> Owned {
    let field = ident(&member.rust_name);
    let unbox = member.boxed.then(|| quote!(.map(|b| *b)));
    match (value, member.required) {
        (Owned::One(e), false) => Owned::Maybe(quote!(#e.#field #unbox)),
        (Owned::One(e), true) if member.boxed => Owned::One(quote!(*#e.#field)),
        (Owned::One(e), true) => Owned::One(quote!(#e.#field)),
        (Owned::Maybe(e), false) => Owned::Maybe(quote!(#e.and_then(|v| v.#field) #unbox)),
        (Owned::Maybe(e), true) if member.boxed => Owned::Maybe(quote!(#e.map(|v| *v.#field))),
        (Owned::Maybe(e), true) => Owned::Maybe(quote!(#e.map(|v| v.#field))),
        (Owned::Many(e), false) => Owned::Many(quote!(#e.filter_map(|v| v.#field) #unbox)),
        (Owned::Many(e), true) if member.boxed => Owned::Many(quote!(#e.map(|v| *v.#field))),
        (Owned::Many(e), true) => Owned::Many(quote!(#e.map(|v| v.#field))),
    }
}

/// `PaginatedItems`, when a page's results are collections: each page's elements, or
/// `(key, value)` entries, of its one list or map (or path ending in `[]`); of several, an enum
/// with a variant per result key, each page's in the order the paginators file lists them.
/// Result keys that are single values are totals (DynamoDB's `Count` beside its `Items`), not
/// items. Several collections are read from one output only when each is a member of the
/// output itself (two paths through the same member would both move it).
fn items(
    ctx: &Ctx<'_>,
    op: &Operation,
    paginator: &ir::Paginator,
    output_type: &TokenStream,
) -> Option<TokenStream> {
    let Prelude { vec, .. } = &ctx.prelude;
    let runtime = ctx.client();
    let name = ident(&op.rust_name);
    let mut collections = Vec::new();
    for path in &paginator.result_keys {
        if let Some(collection) = collection(ctx, path)? {
            collections.push((path, collection));
        }
    }
    let (item, entries, item_enum) = match collections.as_slice() {
        [] => return None,
        [(_, (item, entries))] => (item.clone(), entries.clone(), None),
        several => {
            if several.iter().any(|(path, _)| path.steps.len() != 1) {
                return None;
            }
            let enum_name = ident(&format!("{}Item", op.rust_name));
            let variants: Vec<_> = several
                .iter()
                .map(|(path, _)| ident(&crate::naming::type_name(&path.text)))
                .collect();
            let types = several.iter().map(|(_, (item, _))| item);
            let docs = several
                .iter()
                .map(|(path, _)| format!(" An element of a page's `{}`.", path.text));
            let enum_doc = format!(
                " One result of a page of [`{0}`](super::operation::{0}): {1}.",
                op.rust_name,
                several
                    .iter()
                    .map(|(path, _)| format!("`{}`", path.text))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let extend = several
                .iter()
                .zip(&variants)
                .map(|((_, (_, entries)), variant)| {
                    quote! {
                        let page: #vec<_> = #entries;
                        items.extend(page.into_iter().map(#enum_name::#variant));
                    }
                });
            (
                quote!(#enum_name),
                quote! {
                    let mut items = #vec::new();
                    #(#extend)*
                    items
                },
                Some(quote! {
                    #[doc = #enum_doc]
                    #[derive(Debug, Clone, PartialEq)]
                    pub enum #enum_name {
                        #(#[doc = #docs] #variants(#types),)*
                    }
                }),
            )
        }
    };
    Some(quote! {
        #item_enum

        impl #runtime::PaginatedItems for super::operation::#name {
            type Item = #item;

            fn into_items(output: #output_type) -> #vec<Self::Item> {
                #entries
            }
        }
    })
}

/// A result key's item type and the expression that moves its elements out of `output` (a
/// `Vec`): `Some(None)` for a single value (a total), `None` for a path this cannot read.
#[allow(clippy::option_option)]
fn collection(ctx: &Ctx<'_>, path: &MemberPath) -> Option<Option<(TokenStream, TokenStream)>> {
    let flattened = matches!(path.steps.last(), Some(PathStep::Flatten));
    let value = owned(path);
    Some(Some(match (flattened, ctx.kind(&path.target)) {
        (true, _) => {
            let Owned::Many(e) = value else { return None };
            (
                ctx.rust_type(&path.target, &quote!(super::)),
                quote!(#e.collect()),
            )
        }
        (false, Some(ShapeKind::List { member })) => (
            ctx.rust_type(member, &quote!(super::)),
            match value {
                Owned::One(e) => e,
                Owned::Maybe(e) => quote!(#e.unwrap_or_default()),
                Owned::Many(e) => quote!(#e.flatten().collect()),
            },
        ),
        (false, Some(ShapeKind::Map { key, value: v })) => {
            let key = ctx.rust_type(key, &quote!(super::));
            let v = ctx.rust_type(v, &quote!(super::));
            let entries = match value {
                Owned::One(e) => quote!(::std::iter::IntoIterator::into_iter(#e).collect()),
                Owned::Maybe(e) => quote!(#e.into_iter().flatten().collect()),
                Owned::Many(e) => quote!(#e.flatten().collect()),
            };
            (quote!((#key, #v)), entries)
        }
        _ => return Some(None),
    }))
}
