//! Structures: a `#[non_exhaustive]` serde struct, a constructor taking the required members and a
//! chainable setter per optional member, and a redacting `Debug` where members are secret.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, Prelude, docs_or, ident};
use crate::ir::{Member, Shape, ShapeKind, Structure, TimestampFormat};

/// The struct of one structure shape, with its `impl` block (and `Debug` impl if it redacts).
pub(super) fn structure(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let name = ident(&shape.rust_name);
    let doc = docs_or(
        ctx,
        &shape.docs,
        &format!("The `{}` structure.", shape.wire_name),
    );
    let redacts = shape.sensitive || structure.members.iter().any(|m| m.secret);
    let has_required = structure.members.iter().any(|m| m.required);
    let mut derives = vec![quote!(Clone), quote!(PartialEq)];
    if !redacts {
        derives.insert(0, quote!(Debug));
    }
    if !has_required {
        derives.push(quote!(Default));
    }
    let rule = rename_rule(structure);
    let fields = structure.members.iter().map(|m| field(ctx, m, rule));
    let rename_all = rule.map(|rule| quote!(#[serde(rename_all = #rule)]));
    let constructor = constructor(ctx, shape, structure);
    let setters = structure
        .members
        .iter()
        .filter(|m| !m.required)
        .map(|m| setter(ctx, m));
    let debug = redacts.then(|| debug_impl(ctx, shape, structure));
    let exception = structure
        .exception
        .then(|| super::error::exception_impls(ctx, shape, structure));
    quote! {
        #doc
        #[derive(#(#derives,)* ::serde::Serialize, ::serde::Deserialize)]
        #rename_all
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #constructor
            #(#setters)*
        }

        #debug
        #exception
    }
}

/// The field's full type: `Option` for optional members, `Box` where the structure recurses.
fn field_type(ctx: &Ctx<'_>, member: &Member) -> TokenStream {
    ctx.tokens(&ctx.service.field_type(member), &TokenStream::new())
}

fn field(ctx: &Ctx<'_>, member: &Member, rule: Option<&str>) -> TokenStream {
    let is_none = &ctx.prelude.is_none;
    let name = ident(&member.rust_name);
    let ty = field_type(ctx, member);
    let wire = &member.wire_name;

    let mut notes = Vec::new();
    if member.required {
        notes.push("Required.".to_owned());
    }
    if member.rust_name != *wire {
        notes.push(format!("Wire name: `{wire}`."));
    }
    if member.idempotency_token {
        notes.push(
            "An idempotency token: a client fills it with a fresh UUID when it is `None`."
                .to_owned(),
        );
    }
    let doc = docs_or(ctx, &member.docs, &format!("The `{wire}` member."));
    let notes = if notes.is_empty() {
        TokenStream::new()
    } else {
        let text = format!(" {}", notes.join(" "));
        quote!(#[doc = ""] #[doc = #text])
    };
    let json = &member.json_name;
    let mut serde = Vec::new();
    if apply_rename_rule(rule, unraw(&member.rust_name)) != *json {
        serde.push(quote!(rename = #json));
    }
    if !member.required {
        serde.push(quote!(skip_serializing_if = #is_none));
    }
    serde.extend(timestamp_with(ctx, member));
    serde.extend(json_rule_with(ctx, member));
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #doc
        #notes
        #serde
        pub #name: #ty,
    }
}

/// A field's name as serde sees it (without `r#`).
fn unraw(name: &str) -> &str {
    name.trim_start_matches("r#")
}

/// The `rename_all` rule of serde that gives the most members' JSON names from their field names
/// (`None`: serde's default, the field name itself); the other members are renamed one by one.
fn rename_rule(structure: &Structure) -> Option<&'static str> {
    let renamed = |rule: Option<&str>| {
        structure
            .members
            .iter()
            .filter(|m| apply_rename_rule(rule, unraw(&m.rust_name)) != m.json_name)
            .count()
    };
    [None, Some("camelCase"), Some("PascalCase")]
        .into_iter()
        .min_by_key(|rule| renamed(*rule))
        .flatten()
}

/// What serde's `rename_all = rule` makes of a snake_case field name, as serde_derive's
/// `RenameRule::apply_to_field` does it.
fn apply_rename_rule(rule: Option<&str>, field: &str) -> String {
    let pascal = || {
        let mut pascal = String::with_capacity(field.len());
        let mut capitalize = true;
        for ch in field.chars() {
            if ch == '_' {
                capitalize = true;
            } else if capitalize {
                pascal.push(ch.to_ascii_uppercase());
                capitalize = false;
            } else {
                pascal.push(ch);
            }
        }
        pascal
    };
    match rule {
        Some("PascalCase") => pascal(),
        Some("camelCase") => {
            let pascal = pascal();
            let mut chars = pascal.chars();
            match chars.next() {
                Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                None => pascal,
            }
        }
        _ => field.to_owned(),
    }
}

/// `with = "..."` for a timestamp member (or list of timestamps) whose JSON form is not ISO 8601
/// (restJson1 and awsJson write epoch seconds unless the model says otherwise).
fn timestamp_with(ctx: &Ctx<'_>, member: &Member) -> Option<TokenStream> {
    let list = match ctx.kind(&member.target) {
        Some(ShapeKind::Timestamp { .. }) => "",
        Some(ShapeKind::List { member: element })
            if matches!(ctx.kind(element), Some(ShapeKind::Timestamp { .. })) =>
        {
            "_list"
        }
        _ => return None,
    };
    if member.boxed {
        return None;
    }
    let module = match member.timestamps?.document {
        TimestampFormat::DateTime => return None,
        TimestampFormat::EpochSeconds => "epoch_seconds",
        TimestampFormat::HttpDate => "http_date",
    };
    let suffix = if member.required { "" } else { "_option" };
    let path = format!("{}::timestamp_serde::{module}{list}{suffix}", ctx.wire());
    let path = path.replace(' ', "");
    let default = (!member.required).then(|| quote!(, default));
    Some(quote!(with = #path #default))
}

/// `with = "..."` for a member that holds floats, whose non-finite values JSON writes as strings,
/// or for a map of lists, whose `null` entries are skipped.
fn json_rule_with(ctx: &Ctx<'_>, member: &Member) -> Option<TokenStream> {
    let module = if member.floats {
        "float_serde"
    } else if member.null_entries_skipped {
        "map_serde"
    } else {
        return None;
    };
    let path = format!("{}::{module}", ctx.wire()).replace(' ', "");
    let default = (!member.required).then(|| quote!(, default));
    Some(quote!(with = #path #default))
}

fn constructor(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let Prelude { none, .. } = &ctx.prelude;
    let required: Vec<&Member> = structure.members.iter().filter(|m| m.required).collect();
    let params = required.iter().map(|m| {
        let name = ident(&m.rust_name);
        let ty = param_type(ctx, m);
        quote!(#name: #ty)
    });
    let inits = structure.members.iter().map(|m| {
        let name = ident(&m.rust_name);
        if m.required {
            let value = convert(ctx, m, &quote!(#name));
            quote!(#name: #value)
        } else {
            quote!(#name: #none)
        }
    });
    let optional = structure.members.len() > required.len();
    let names: Vec<String> = required
        .iter()
        .map(|m| format!("`{}`", m.rust_name.trim_start_matches("r#")))
        .collect();
    let doc = match (names.is_empty(), optional) {
        (true, true) => format!(" A new `{}` with every member `None`.", shape.rust_name),
        (true, false) => format!(" A new `{}`.", shape.rust_name),
        (false, true) => format!(
            " A new `{}` from its required members ({}); the optional ones are `None`.",
            shape.rust_name,
            names.join(", ")
        ),
        (false, false) => format!(
            " A new `{}` from its members ({}).",
            shape.rust_name,
            names.join(", ")
        ),
    };
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // With no required member the structure derives `Default`, which is what `new` makes.
    let body = if required.is_empty() && optional {
        let Prelude { default, .. } = &ctx.prelude;
        quote!(<Self as #default>::default())
    } else {
        quote!(Self { #(#inits,)* })
    };
    quote! {
        #[doc = #doc]
        #allow
        pub fn new(#(#params),*) -> Self {
            #body
        }
    }
}

/// What a constructor or setter takes for a member: any iterator of convertible elements for a
/// list (so `["a", "b"]` works), anything convertible for the rest.
fn param_type(ctx: &Ctx<'_>, member: &Member) -> TokenStream {
    let Prelude { into, .. } = &ctx.prelude;
    match ctx.shape(&member.target).map(|s| &s.kind) {
        Some(ShapeKind::List { member: element }) => {
            let element = ctx.rust_type(element, &TokenStream::new());
            quote!(impl ::std::iter::IntoIterator<Item = impl #into<#element>>)
        }
        _ => {
            let ty = ctx.rust_type(&member.target, &TokenStream::new());
            quote!(impl #into<#ty>)
        }
    }
}

/// The field's value from a parameter of [`param_type`].
fn convert(ctx: &Ctx<'_>, member: &Member, value: &TokenStream) -> TokenStream {
    let Prelude { boxed, into, .. } = &ctx.prelude;
    let converted = match ctx.shape(&member.target).map(|s| &s.kind) {
        Some(ShapeKind::List { .. }) => {
            quote!(#value.into_iter().map(#into::into).collect())
        }
        _ => quote!(#value.into()),
    };
    if member.boxed {
        quote!(#boxed::new(#converted))
    } else {
        converted
    }
}

fn setter(ctx: &Ctx<'_>, member: &Member) -> TokenStream {
    let Prelude { some, .. } = &ctx.prelude;
    let field = ident(&member.rust_name);
    let setter = ident(&member.setter);
    let ty = param_type(ctx, member);
    let value = convert(ctx, member, &quote!(value));
    let doc = format!(
        " Sets the `{}` field.",
        member.rust_name.trim_start_matches("r#")
    );
    // A setter named like a predicate or a conversion (`is_default`) takes `self` by value, as
    // every setter does.
    let allow = ["is_", "as_", "to_", "into_", "from_"]
        .iter()
        .any(|prefix| member.setter.starts_with(prefix))
        .then(|| quote!(#[allow(clippy::wrong_self_convention)]));
    quote! {
        #[doc = #doc]
        #[must_use]
        #allow
        pub fn #setter(mut self, value: #ty) -> Self {
            self.#field = #some(#value);
            self
        }
    }
}

/// `Debug` that prints secret members (and every member of a secret structure) as redacted.
fn debug_impl(ctx: &Ctx<'_>, shape: &Shape, structure: &Structure) -> TokenStream {
    let name = ident(&shape.rust_name);
    let support = &ctx.support;
    let label = &shape.rust_name;
    let fields = structure.members.iter().map(|m| {
        let field = ident(&m.rust_name);
        let label = &m.rust_name.trim_start_matches("r#");
        let value = match (m.secret, m.required) {
            (false, _) => quote!(&self.#field),
            (true, true) => quote!(&#support::Redacted),
            (true, false) => quote!(&self.#field.as_ref().map(|_| #support::Redacted)),
        };
        quote!(.field(#label, #value))
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label)
                    #(#fields)*
                    .finish()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::apply_rename_rule;

    /// The names serde itself gives fields under each rule.
    #[test]
    fn rename_rules_are_serdes() {
        #[derive(serde::Serialize, Default)]
        #[serde(rename_all = "camelCase")]
        struct Camel {
            ip_v6_address: u8,
            r#type: u8,
            a_b_c: u8,
            x1_y: u8,
            already: u8,
        }
        #[derive(serde::Serialize, Default)]
        #[serde(rename_all = "PascalCase")]
        struct Pascal {
            ip_v6_address: u8,
            r#type: u8,
            a_b_c: u8,
            x1_y: u8,
            already: u8,
        }
        let fields = ["ip_v6_address", "type", "a_b_c", "x1_y", "already"];
        for (rule, json) in [
            ("camelCase", serde_json::to_value(Camel::default())),
            ("PascalCase", serde_json::to_value(Pascal::default())),
        ] {
            let json = json.unwrap_or_default();
            let keys: Vec<&str> = json
                .as_object()
                .map(|o| o.keys().map(String::as_str).collect())
                .unwrap_or_default();
            for field in fields {
                let name = apply_rename_rule(Some(rule), field);
                assert!(
                    keys.contains(&name.as_str()),
                    "{rule}: {field} -> {name}, serde: {keys:?}"
                );
            }
        }
        assert_eq!(apply_rename_rule(None, "ip_v6"), "ip_v6");
    }
}
