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
            text: crate_service_file(service)?,
        });
    }
    let examples = if has_ivs(ir) {
        runtime::IVS_EXAMPLES
    } else {
        &[]
    };
    files.extend(
        runtime::FILES
            .iter()
            .chain(examples)
            .map(|file| GeneratedFile {
                path: PathBuf::from(file.path),
                text: file.text.to_owned(),
            }),
    );
    Ok(files)
}

/// The module file of one service in the generated crate: the service, and its client glue behind
/// the crate's `client` feature. (`service_file` leaves the glue out: code compiled outside the
/// crate has no such feature.)
fn crate_service_file(service: &Service) -> Result<String, syn::Error> {
    let ctx = Ctx::new(service, quote!(crate));
    // Extended in place: interpolating both into a third stream would copy their tokens.
    let mut tokens = emit::service(&ctx);
    tokens.extend(emit::client(&ctx));
    render::render(tokens)
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
         uuid = {{ version = \"1\", default-features = false, features = [\"std\", \"v4\"] }}\n\
         {CLIENT_DEPENDENCIES}\n\
         [dev-dependencies]\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n\
         [features]\ndefault = [{}]\n{CLIENT_FEATURE}",
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
    if has_ivs(ir) {
        text.push_str(CLIENT_EXAMPLES);
    }
    text
}

/// Whether the crate has the IVS service, which its example (creating channels) calls.
fn has_ivs(ir: &Ir) -> bool {
    ir.services.iter().any(|s| s.stem == "ivs")
}

/// The optional dependencies of the `client` feature (the hand-written `src/client/`): hyper's
/// HTTP/1.1 client with rustls on ring and the webpki roots; ring also signs (SigV4) and draws
/// the jitter; rust-ini reads the shared config files; futures-core is the `Stream` trait.
const CLIENT_DEPENDENCIES: &str = "\
bytes = { version = \"1\", optional = true }
futures-core = { version = \"0.3\", optional = true }
http-body-util = { version = \"0.1\", optional = true }
hyper = { version = \"1\", default-features = false, features = [\"client\", \"http1\"], optional = true }
hyper-rustls = { version = \"0.27\", default-features = false, features = [\"http1\", \"ring\", \"tls12\", \"webpki-roots\"], optional = true }
hyper-util = { version = \"0.1\", default-features = false, features = [\"client-legacy\", \"http1\", \"tokio\"], optional = true }
ring = { version = \"0.17\", optional = true }
rust-ini = { version = \"0.21\", optional = true }
rustls = { version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\"], optional = true }
tokio = { version = \"1\", default-features = false, features = [\"rt\", \"time\"], optional = true }
";

/// The `client` feature, off by default.
const CLIENT_FEATURE: &str = "\
client = [\"dep:bytes\", \"dep:futures-core\", \"dep:http-body-util\", \"dep:hyper\", \"dep:hyper-rustls\", \"dep:hyper-util\", \"dep:ring\", \"dep:rust-ini\", \"dep:rustls\", \"dep:tokio\"]
";

/// The examples (of a crate with the IVS service), which need the client.
const CLIENT_EXAMPLES: &str = "
[[example]]
name = \"channels\"
required-features = [\"client\"]
";

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
    doc.push(String::new());
    doc.push(
        " With feature `client` (off by default), module `client` has a client of every service: \
         SigV4, retries, timeouts and pagination over the operations' wire form."
            .to_owned(),
    );
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

        #[cfg(feature = "client")]
        pub mod client;
    }
}
