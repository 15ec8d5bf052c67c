//! The generated crate's files: `Cargo.toml`, `src/lib.rs`, one module per service, a copy of
//! the runtime ([`runtime`]), and the examples beside the model files.

use std::path::PathBuf;

use quote::quote;

use crate::emit::{self, Ctx};
use crate::ir::{Ir, Service};
use crate::manifest::{self, CrateIdentity, Example};
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

/// Every file of the crate named by `identity`, in a fixed order: the generated ones, a copy of
/// the runtime ([`runtime`]), and the model directory's `examples`.
pub fn crate_files(
    ir: &Ir,
    identity: &CrateIdentity,
    examples: &[Example],
) -> Result<Vec<GeneratedFile>, String> {
    let mut files = vec![
        GeneratedFile {
            path: PathBuf::from("Cargo.toml"),
            text: cargo_toml(ir, identity, examples, &runtime::manifest()?),
        },
        GeneratedFile {
            path: PathBuf::from("src/lib.rs"),
            text: render::render(lib_rs(ir)),
        },
    ];
    for service in &ir.services {
        files.push(GeneratedFile {
            path: PathBuf::from(format!("src/{}.rs", service.module)),
            text: crate_service_file(service),
        });
    }
    let lib_name = identity.lib_name();
    files.extend(runtime::FILES.iter().map(|file| GeneratedFile {
        path: PathBuf::from(file.path),
        text: runtime::copied_text(file, &lib_name),
    }));
    files.extend(examples.iter().map(|example| {
        let path = format!("{}/{}.rs", manifest::EXAMPLES_DIR, example.name);
        // The model directory is `model/` in the header, as in every generated file's.
        let source = format!("model/{path}");
        GeneratedFile {
            text: format!("{}\n\n{}", runtime::copied_header(&source), example.text),
            path: PathBuf::from(path),
        }
    }));
    Ok(files)
}

/// The module file of one service in the generated crate: the service, and its client glue behind
/// the crate's `client` feature. (`service_file` leaves the glue out: code compiled outside the
/// crate has no such feature.)
fn crate_service_file(service: &Service) -> String {
    service_file_under(HEADER, service)
}

/// A service's module with its client glue, as a generated crate has it, under `header`: each
/// item rendered as it is emitted.
fn service_file_under(header: &str, service: &Service) -> String {
    let ctx = Ctx::in_crate(service);
    let mut file = render::Renderer::new(header);
    emit::service_into(&ctx, &mut file);
    emit::client_module_into(&ctx, emit::Glue::Crate, &mut file);
    file.finish()
}

/// The directory, relative to `codegen/runtime/`, of the modules of the services the client
/// calls for its own credentials (STS, SSO, SSO OIDC).
pub const RUNTIME_SERVICES_DIR: &str = "src/client/credentials/services";

/// The runtime's modules of the services in `ir` (the models of `codegen/runtime/models/`): each
/// as a generated crate's service module, with its client glue, at
/// [`RUNTIME_SERVICES_DIR`]`/<module>.rs` under [`render::RUNTIME_HEADER`]. They name the
/// runtime's items at `crate`, as a generated crate's modules do, so that they compile in the
/// runtime and in every copy of it.
pub fn runtime_service_files(ir: &Ir) -> Vec<GeneratedFile> {
    ir.services
        .iter()
        .map(|service| GeneratedFile {
            path: PathBuf::from(format!("{RUNTIME_SERVICES_DIR}/{}.rs", service.module)),
            text: service_file_under(render::RUNTIME_HEADER, service),
        })
        .collect()
}

/// The module file of one service, with support items at `support`.
pub fn service_file(service: &Service, support: proc_macro2::TokenStream) -> String {
    let mut file = render::Renderer::new(HEADER);
    emit::service_into(&Ctx::new(service, support), &mut file);
    file.finish()
}

/// The module file of one service with its client glue (the operations' service and paginators,
/// [`emit::Glue::Outside`]), support items at `support`, whose `client` module the glue uses:
/// code compiled outside the generated crate, as `service_file`.
pub fn service_file_with_client(service: &Service, support: proc_macro2::TokenStream) -> String {
    let ctx = Ctx::new(service, support);
    let mut file = render::Renderer::new(HEADER);
    emit::service_into(&ctx, &mut file);
    emit::client_module_into(&ctx, emit::Glue::Outside, &mut file);
    file.finish()
}

/// The runtime features a service needs: its protocol's body formats, and `checksums`, `events`,
/// `gzip`, `http2` and `md5` when an operation has flexible checksums, a stream of events (input
/// or output), compressed requests, an input event stream or `Content-MD5`.
pub fn service_features(service: &Service) -> Vec<&'static str> {
    let any = |test: &dyn Fn(&crate::ir::Operation) -> bool| service.operations.iter().any(test);
    let checksums = any(&|op| {
        op.response_checksum
            || matches!(
                op.request_checksum,
                crate::ir::RequestChecksum::Flexible { .. }
            )
    });
    let events = any(&|op| {
        matches!(
            op.streaming,
            crate::ir::Streaming::InputEvents | crate::ir::Streaming::OutputEvents
        )
    });
    let gzip = any(&|op| !op.request_compression.is_empty());
    let http2 = any(&|op| op.streaming == crate::ir::Streaming::InputEvents);
    let md5 = any(&|op| op.request_checksum == crate::ir::RequestChecksum::Md5);
    crate::protocol::of(&service.wire)
        .runtime_features()
        .iter()
        .copied()
        .chain(checksums.then_some("checksums"))
        .chain(events.then_some("events"))
        .chain(gzip.then_some("gzip"))
        .chain(http2.then_some("http2"))
        .chain(md5.then_some("md5"))
        .collect()
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

/// The crate's `Cargo.toml`: its identity, the runtime's dependencies and `client` feature
/// (from the runtime's own `Cargo.toml`), a feature per service, and the examples.
fn cargo_toml(
    ir: &Ir,
    identity: &CrateIdentity,
    examples: &[Example],
    runtime: &runtime::Manifest,
) -> String {
    let features: Vec<String> = ir
        .services
        .iter()
        .map(|s| format!("\"{}\"", s.stem))
        .collect();
    let lines = |entries: &[String]| entries.iter().map(|e| format!("{e}\n")).collect::<String>();
    let mut text = format!(
        "{}\n\n[package]\nname = {}\nversion = {}\n\
         description = {}\n\
         edition = \"2024\"\nrust-version = \"1.95\"\nlicense = \"MIT OR Apache-2.0\"\npublish = false\n\n\
         [lib]\nname = {}\n\n\
         [dependencies]\n{}\n\
         [dev-dependencies]\n{}\n\
         [features]\ndefault = [{}]\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n",
        HEADER.replacen("//", "#", 1),
        toml_string(&identity.package),
        toml_string(&identity.version),
        toml_string(&identity.description),
        toml_string(&identity.lib_name()),
        lines(&runtime.dependencies),
        lines(&runtime.dev_dependencies),
        features.join(", "),
        runtime.client_feature,
        runtime.server_feature,
        runtime.xml_feature,
        runtime.cbor_feature,
        runtime.checksums_feature,
        runtime.events_feature,
        runtime.gzip_feature,
        runtime.http2_feature,
        runtime.jiff_feature,
        runtime.md5_feature,
    );
    for service in &ir.services {
        let needs: Vec<String> = service_features(service)
            .iter()
            .map(|feature| format!("\"{feature}\""))
            .collect();
        text.push_str(&format!("{} = [{}]\n", service.stem, needs.join(", ")));
    }
    for example in examples {
        text.push_str(&format!(
            "\n[[example]]\nname = {}\nrequired-features = [\"client\"]\n",
            toml_string(&example.name)
        ));
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
    doc.push(String::new());
    doc.push(
        " With feature `client` (off by default), module `client` has a client of every service: \
         SigV4, retries, timeouts and pagination over the operations' wire form."
            .to_owned(),
    );
    doc.push(String::new());
    doc.push(
        " With feature `server` (off by default), each operation also reads its request and writes \
         its response and errors, as a fake or an in-process server does."
            .to_owned(),
    );
    let modules = ir.services.iter().map(|s| {
        let module = emit::ident(&s.module);
        let feature = &s.stem;
        // rustfmt would reformat the rendered layout; the generator owns this file's layout.
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
