//! The generated crate's files: `Cargo.toml`, `src/lib.rs`, one module per service, and the
//! hand-written runtime ([`runtime`]) as it is.

use std::path::PathBuf;

use quote::quote;

use crate::emit::{self, Ctx};
use crate::ir::{Ir, Service};
use crate::manifest::CrateIdentity;
use crate::render::{self, HEADER};
use crate::runtime;

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path relative to the crate's directory.
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
}

/// Every file of the crate named by `identity`, in a fixed order: the generated ones, then the
/// runtime.
pub fn crate_files(ir: &Ir, identity: &CrateIdentity) -> Result<Vec<GeneratedFile>, syn::Error> {
    let mut files = vec![
        GeneratedFile {
            path: PathBuf::from("Cargo.toml"),
            text: cargo_toml(ir, identity),
        },
        GeneratedFile {
            path: PathBuf::from("src/lib.rs"),
            text: render::render(lib_rs(ir))?,
        },
    ];
    for service in &ir.services {
        files.push(GeneratedFile {
            path: PathBuf::from(format!("src/{}.rs", service.module)),
            text: service_file(service, quote!(crate))?,
        });
    }
    files.extend(runtime::FILES.iter().map(|file| GeneratedFile {
        path: PathBuf::from(file.path),
        text: file.text.to_owned(),
    }));
    Ok(files)
}

/// The module file of one service, with support items at `support`.
pub fn service_file(
    service: &Service,
    support: proc_macro2::TokenStream,
) -> Result<String, syn::Error> {
    render::render(emit::service(&Ctx::new(service, support)))
}

/// `text` as a TOML basic string, quotes included.
fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

fn cargo_toml(ir: &Ir, identity: &CrateIdentity) -> String {
    let features: Vec<String> = ir
        .services
        .iter()
        .map(|s| format!("\"{}\"", s.stem))
        .collect();
    let mut text = format!(
        "{}\n\n[package]\nname = {}\nversion = {}\n\
         description = {}\n\
         edition = \"2024\"\nrust-version = \"1.95\"\nlicense = \"MIT OR Apache-2.0\"\npublish = false\n\n\
         [lib]\nname = {}\n\n\
         [dependencies]\n\
         base64 = \"0.23\"\n\
         http = \"1\"\n\
         jiff = {{ version = \"0.2\", default-features = false, features = [\"std\", \"serde\"] }}\n\
         percent-encoding = \"2\"\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n\
         uuid = {{ version = \"1\", default-features = false, features = [\"std\", \"v4\"] }}\n\n\
         [features]\ndefault = [{}]\n",
        HEADER.replacen("//", "#", 1),
        toml_string(&identity.package),
        toml_string(&identity.version),
        toml_string(&identity.description),
        toml_string(&identity.lib_name()),
        features.join(", ")
    );
    for service in &ir.services {
        text.push_str(&format!("{} = []\n", service.stem));
    }
    text
}

fn lib_rs(ir: &Ir) -> proc_macro2::TokenStream {
    let mut doc = vec![
        " Typed models of the services below: serde structures with constructors that take the"
            .to_owned(),
        " required members, enums that keep values they do not know, and an [`Operation`] type"
            .to_owned(),
        " per operation. Each service is a module behind a cargo feature of the same name."
            .to_owned(),
        String::new(),
    ];
    for service in &ir.services {
        doc.push(format!(
            " - [`{}`]: {} (feature `{}`)",
            service.module, service.full_name, service.stem
        ));
    }
    let modules = ir.services.iter().map(|s| {
        let module = emit::ident(&s.module);
        let feature = &s.stem;
        // rustfmt would reformat prettyplease's output; the generator owns this file's layout.
        quote! {
            #[cfg(feature = #feature)]
            #[rustfmt::skip]
            pub mod #module;
        }
    });
    quote! {
        #(#![doc = #doc])*
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]

        mod support;

        pub use support::*;

        #(#modules)*
    }
}
