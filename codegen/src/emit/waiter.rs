//! An operation's waiters as client glue: a unit type per waiter implementing `Waiter`, whose
//! `state` reads a call's outcome through the acceptors in order. The acceptors' expressions
//! ([`ir::Expr`]) become plain Rust over borrowed fields: a value is an `Option<&T>`, a
//! projection a `Vec<&T>`, a comparison a `bool`.

use proc_macro2::{Literal as Number, TokenStream};
use quote::quote;

use super::{Ctx, Prelude, ident};
use crate::ir::{
    AcceptorState, Comparator, Expr, Literal, Matcher, Member, Operation, ShapeKind, Ty, Waiter,
};

/// The waiters of every operation of the service, each a unit type implementing `Waiter`.
pub(super) fn waiters(ctx: &Ctx<'_>) -> TokenStream {
    ctx.service
        .operations
        .iter()
        .flat_map(|op| op.waiters.iter().map(move |w| waiter(ctx, op, w)))
        .collect()
}

fn waiter(ctx: &Ctx<'_>, op: &Operation, waiter: &Waiter) -> TokenStream {
    let Prelude { option, .. } = &ctx.prelude;
    let runtime = ctx.client();
    let name = ident(&waiter.rust_name);
    let operation = ident(&op.rust_name);
    let output_type = ctx.io_type(op.output.as_ref(), &quote!(super::super::));
    let wire_name = &waiter.wire_name;
    let (delay, attempts) = (waiter.delay, waiter.max_attempts);
    let on_output = acceptors(ctx, waiter, |matcher| match matcher {
        Matcher::Path {
            argument, expected, ..
        } => Some(Some(compare(
            ctx,
            argument,
            Comparator::Eq,
            &Expr::Literal(expected.clone()),
        ))),
        Matcher::PathAll {
            argument, expected, ..
        }
        | Matcher::PathAny {
            argument, expected, ..
        } => {
            let values = value(ctx, argument);
            let each = compare(
                ctx,
                &item(argument),
                Comparator::Eq,
                &Expr::Literal(expected.clone()),
            );
            Some(Some(if matches!(matcher, Matcher::PathAll { .. }) {
                quote!(#runtime::every(#values, |item| #each))
            } else {
                quote!(#values.any(|item| #each))
            }))
        }
        Matcher::Status(status) if *status == op.success_status => Some(None),
        Matcher::AnyError(false) => Some(None),
        _ => None,
    });
    let on_error = acceptors(ctx, waiter, |matcher| match matcher {
        Matcher::ErrorCode(code) => Some(Some(quote!(error.code() == #code))),
        Matcher::AnyError(true) => Some(None),
        Matcher::Status(status) => Some(Some(quote!(error.status() == #status))),
        _ => None,
    });
    let docs = super::docs_or(ctx, &waiter.docs, &format!("Waits on `{}`.", op.wire_name));
    let how = format!(
        " Calls [`{}`](super::super::operation::{}) every {delay} s or more (doubling up to the \
         most the options allow, with jitter), at most {attempts} times.",
        op.wire_name, op.rust_name
    );
    quote! {
        #docs
        #[doc = ""]
        #[doc = #how]
        #[derive(Debug, Clone, Copy)]
        pub struct #name;

        impl #runtime::Waiter for #name {
            type Operation = super::super::operation::#operation;
            const NAME: &'static str = #wire_name;
            const MIN_DELAY: ::std::time::Duration = ::std::time::Duration::from_secs(#delay);
            const MAX_ATTEMPTS: u32 = #attempts;

            #[allow(unused_variables)]
            fn state(outcome: #runtime::Outcome<'_, #output_type>) -> #option<#runtime::State> {
                match outcome {
                    #runtime::Outcome::Output(output) => {
                        #on_output
                    }
                    #runtime::Outcome::Error(error) => {
                        #on_error
                    }
                }
            }
        }
    }
}

/// The acceptors that `applies` reads (`Some` of a condition, or of `None` when the acceptor
/// always matches), in order, each returning its state when it matches, then `None`; an
/// acceptor that always matches ends the list.
fn acceptors(
    ctx: &Ctx<'_>,
    waiter: &Waiter,
    applies: impl Fn(&Matcher) -> Option<Option<TokenStream>>,
) -> TokenStream {
    let Prelude { some, none, .. } = &ctx.prelude;
    let runtime = ctx.client();
    let mut tokens = TokenStream::new();
    for acceptor in &waiter.acceptors {
        let state = match acceptor.state {
            AcceptorState::Success => quote!(Success),
            AcceptorState::Failure => quote!(Failure),
            AcceptorState::Retry => quote!(Retry),
        };
        match applies(&acceptor.matcher) {
            None => {}
            Some(Some(condition)) => tokens.extend(quote! {
                if #condition {
                    return #some(#runtime::State::#state);
                }
            }),
            Some(None) => {
                tokens.extend(quote!(#some(#runtime::State::#state)));
                return tokens;
            }
        }
    }
    tokens.extend(quote!(#none));
    tokens
}

/// One value of a projection, as the current value of the closure that reads it (`item`).
fn item(projection: &Expr) -> Expr {
    let ty = match projection.ty() {
        Ty::Many(id) => Ty::Value(id),
        other => other,
    };
    Expr::Current { ty, root: false }
}

/// An expression's value: `Option<&T>` of one value, an iterator of `&T` of a projection, a
/// `bool` of a comparison, `Option<i64>` of `length()`.
fn value(ctx: &Ctx<'_>, expr: &Expr) -> TokenStream {
    let Prelude { some, .. } = &ctx.prelude;
    if let Some((place, reference)) = present(expr) {
        return if reference {
            quote!(#some(#place))
        } else {
            quote!(#some(&#place))
        };
    }
    match expr {
        Expr::Current { .. } => quote!(#some(item)),
        Expr::Field { of, member, .. } => field(ctx, of, member, &quote!(as_ref)),
        Expr::Flatten { of, .. } => {
            let inner = value(ctx, of);
            match (of.ty(), ctx.kind(&ty_shape(&of.ty()))) {
                (Ty::Value(_), _) => quote!(#inner.into_iter().flatten()),
                (Ty::Many(_), Some(ShapeKind::List { .. })) => quote!(#inner.flatten()),
                _ => inner,
            }
        }
        Expr::Values { of, .. } => {
            let of = value(ctx, of);
            quote!(#of.into_iter().flat_map(|m| m.values()))
        }
        Expr::Filter { of, condition, .. } => {
            let of = value(ctx, of);
            let condition = value(ctx, condition);
            quote!(#of.into_iter().flatten().filter(|item| { let item = *item; #condition }))
        }
        Expr::Length(of) => {
            let inner = value(ctx, of);
            let count = match ctx.kind(&ty_shape(&of.ty())) {
                Some(ShapeKind::String) => quote!(v.chars().count()),
                _ => quote!(v.len()),
            };
            match of.ty() {
                Ty::Many(_) => quote!(#some(i64::try_from(#inner.count()).unwrap_or(i64::MAX))),
                _ => quote!(#inner.map(|v| i64::try_from(#count).unwrap_or(i64::MAX))),
            }
        }
        Expr::Compare {
            left,
            comparator,
            right,
        } => compare(ctx, left, *comparator, right),
        Expr::And(left, right) => {
            // `||` binds less than `&&`: an operand that is one keeps its parentheses.
            let operand = |e: &Expr| match e {
                Expr::Or(..) => {
                    let e = value(ctx, e);
                    quote!((#e))
                }
                _ => value(ctx, e),
            };
            let (left, right) = (operand(left), operand(right));
            quote!(#left && #right)
        }
        Expr::Or(left, right) => {
            let (left, right) = (value(ctx, left), value(ctx, right));
            quote!(#left || #right)
        }
        Expr::Not(of) => {
            let of = value(ctx, of);
            quote!(!(#of))
        }
        // A literal alone is no condition; compared, it is written by `scalar`.
        Expr::Literal(_) => quote!(false),
    }
}

/// A member of `of`: `Option<&T>` by `access` (`as_ref`, or `as_deref` for `Option<&str>` of a
/// string), or an iterator of them when `of` is a projection.
fn field(ctx: &Ctx<'_>, of: &Expr, member: &Member, access: &TokenStream) -> TokenStream {
    let Prelude { some, .. } = &ctx.prelude;
    let name = ident(&member.rust_name);
    let access = if member.boxed {
        &quote!(as_deref)
    } else {
        access
    };
    let read = |v: TokenStream| {
        if member.required {
            quote!(#some(&#v.#name))
        } else {
            quote!(#v.#name.#access())
        }
    };
    match (present(of), of.ty()) {
        (Some((place, _)), _) => read(place),
        (None, Ty::Many(_)) => {
            let (of, read) = (value(ctx, of), read(quote!(v)));
            quote!(#of.filter_map(|v| #read))
        }
        (None, _) => {
            let (of, read) = (value(ctx, of), read(quote!(v)));
            quote!(#of.and_then(|v| #read))
        }
    }
}

/// A value that is certainly there, as a place (`output.table`) and whether the place holds a
/// reference (`item`, a projection's element) rather than the value: the current value, and a
/// required member of one.
fn present(expr: &Expr) -> Option<(TokenStream, bool)> {
    match expr {
        Expr::Current { root: true, .. } => Some((quote!(output), true)),
        Expr::Current { root: false, .. } => Some((quote!(item), true)),
        Expr::Field { of, member, .. } if member.required && !member.boxed => {
            let (place, _) = present(of)?;
            let field = ident(&member.rust_name);
            Some((quote!(#place.#field), false))
        }
        _ => None,
    }
}

fn ty_shape(ty: &Ty) -> crate::ir::ShapeId {
    match ty {
        Ty::Value(id) | Ty::Many(id) => id.clone(),
        _ => crate::ir::ShapeId(String::new()),
    }
}

/// What a comparison compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Number,
    Bool,
    Null,
}

/// A value as a comparison sees it: `Option<&str>`, `Option<i64>` or `Option<bool>`.
fn scalar(ctx: &Ctx<'_>, expr: &Expr) -> (Kind, TokenStream) {
    let Prelude { some, .. } = &ctx.prelude;
    if let Some((place, reference)) = present(expr) {
        let copied = if reference {
            quote!(*#place)
        } else {
            place.clone()
        };
        return match ctx.kind(&ty_shape(&expr.ty())) {
            Some(ShapeKind::Integer) => (Kind::Number, quote!(#some(i64::from(#copied)))),
            Some(ShapeKind::Long) => (Kind::Number, quote!(#some(#copied))),
            Some(ShapeKind::Boolean) => (Kind::Bool, quote!(#some(#copied))),
            _ => (Kind::String, quote!(#some(#place.as_str()))),
        };
    }
    match expr {
        Expr::Literal(Literal::String(text)) => (Kind::String, quote!(#some(#text))),
        Expr::Literal(Literal::Integer(n)) => {
            let n = Number::i64_suffixed(*n);
            (Kind::Number, quote!(#some(#n)))
        }
        Expr::Literal(Literal::Bool(b)) => (Kind::Bool, quote!(#some(#b))),
        Expr::Literal(Literal::Null) => (Kind::Null, quote!(())),
        Expr::Length(_) => (Kind::Number, value(ctx, expr)),
        _ if expr.ty() == Ty::Bool => {
            let value = value(ctx, expr);
            (Kind::Bool, quote!(#some(#value)))
        }
        Expr::Field { of, member, .. }
            if !member.required && matches!(ctx.kind(&member.target), Some(ShapeKind::String)) =>
        {
            (Kind::String, field(ctx, of, member, &quote!(as_deref)))
        }
        _ => {
            let value = value(ctx, expr);
            match ctx.kind(&ty_shape(&expr.ty())) {
                Some(ShapeKind::Integer) => (Kind::Number, quote!(#value.map(|v| i64::from(*v)))),
                Some(ShapeKind::Long) => (Kind::Number, quote!(#value.copied())),
                Some(ShapeKind::Boolean) => (Kind::Bool, quote!(#value.copied())),
                _ => (Kind::String, quote!(#value.map(|v| v.as_str()))),
            }
        }
    }
}

/// A comparison as JMESPath makes it: values of different kinds are unequal, an ordering of
/// an absent value is false.
fn compare(ctx: &Ctx<'_>, left: &Expr, comparator: Comparator, right: &Expr) -> TokenStream {
    // A condition compared with `true` or `false` is itself, or its negation.
    if let (Expr::Literal(Literal::Bool(b)), condition)
    | (condition, Expr::Literal(Literal::Bool(b))) = (left, right)
        && condition.ty() == Ty::Bool
        && matches!(comparator, Comparator::Eq | Comparator::Ne)
    {
        let condition = value(ctx, condition);
        return if *b == matches!(comparator, Comparator::Eq) {
            condition
        } else {
            quote!(!(#condition))
        };
    }
    let ((left_kind, l), (right_kind, r)) = (scalar(ctx, left), scalar(ctx, right));
    let op = match comparator {
        Comparator::Eq => quote!(==),
        Comparator::Ne => quote!(!=),
        Comparator::Lt => quote!(<),
        Comparator::Le => quote!(<=),
        Comparator::Gt => quote!(>),
        Comparator::Ge => quote!(>=),
    };
    let equality = matches!(comparator, Comparator::Eq | Comparator::Ne);
    match (left_kind, right_kind) {
        (Kind::Null, Kind::Null) => {
            let equal = matches!(comparator, Comparator::Eq);
            quote!(#equal)
        }
        (Kind::Null, _) | (_, Kind::Null) if equality => {
            let value = if left_kind == Kind::Null { r } else { l };
            match comparator {
                Comparator::Eq => quote!(#value.is_none()),
                _ => quote!(#value.is_some()),
            }
        }
        (a, b) if a == b && equality => quote!(#l #op #r),
        (a, b) if a == b => {
            let some = &ctx.prelude.some;
            quote!(matches!((#l, #r), (#some(l), #some(r)) if l #op r))
        }
        _ if equality => {
            let unequal = matches!(comparator, Comparator::Ne);
            quote!(#unequal)
        }
        _ => quote!(false),
    }
}
