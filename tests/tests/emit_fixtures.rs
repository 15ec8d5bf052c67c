//! The emitted code for one tiny model per concern (`tests/fixtures/emit/`), as insta snapshots a
//! reviewer reads as Rust. The build script compiles every one of them into the `wire_bindings`
//! test, warnings denied and clippy run over them, against `ivs-models`.

use std::path::{Path, PathBuf};

use codegen::SourceFile;
use quote::quote;

const FIXTURES: &[&str] = &[
    "blobs",
    "collections",
    "documents",
    "enums",
    "html_docs",
    "http_errors",
    "http_headers",
    "http_labels",
    "http_payload",
    "http_query",
    "json_protocol",
    "keywords",
    "operations",
    "prelude",
    "recursion",
    "sensitive",
    "streaming",
    "structures",
    "timestamps",
    "unions",
    "xml_protocol",
];

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/emit")
}

/// The fixture's service module as the generator renders it, with the support items taken from
/// the `ivs_models` crate.
fn emitted(name: &str) -> String {
    let path = fixture_dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).expect("the fixture is readable");
    let file = SourceFile {
        name: format!("tests/fixtures/emit/{name}.json"),
        text,
    };
    let loaded = match codegen::load_files(vec![file]) {
        Ok(loaded) => loaded,
        Err(error) => panic!("{}", error.render(false)),
    };
    let service = &loaded.ir.services[0];
    codegen::generate::service_file(service, quote!(::ivs_models)).expect("valid Rust")
}

#[test]
fn emitted_code_matches_the_snapshots() {
    for name in FIXTURES {
        insta::assert_snapshot!(*name, emitted(name));
    }
}

#[test]
fn every_fixture_is_listed() {
    let mut found: Vec<String> = std::fs::read_dir(fixture_dir())
        .expect("fixtures/emit is readable")
        .map(|e| e.expect("an entry").path())
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .collect();
    found.sort();
    assert_eq!(found, FIXTURES, "list every fixture in FIXTURES");
}
