//! The emitted code for one tiny model per concern (`tests/fixtures/emit/`), as insta snapshots a
//! reviewer reads as Rust. The build script compiles every one of them into the `wire_bindings`
//! test, warnings denied and clippy run over them, against `ivs-models`.

mod common;

use std::path::{Path, PathBuf};

use codegen::SourceFile;
use quote::quote;

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
    codegen::generate::service_file(service, quote!(::ivs_models))
}

/// One test per fixture, named after it, whose snapshot is `emit_fixtures__<fixture>.snap`.
macro_rules! snapshot_tests {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), emitted(stringify!($name)));
        }
    )*};
}

// `for_each_emit_fixture!`, over the names of `fixtures/emit/*.json`, written by `tests/build.rs`.
include!(concat!(env!("OUT_DIR"), "/fixture_lists.rs"));

for_each_emit_fixture!(snapshot_tests);

/// The fixtures' snapshots are all there is: no snapshot is left of a removed or renamed fixture.
#[test]
fn every_snapshot_has_its_fixture() {
    let orphans = common::snapshots_of_no_fixture("emit_fixtures", EMIT_FIXTURES);
    assert!(
        orphans.is_empty(),
        "snapshots of no fixture in fixtures/emit: {orphans:?}"
    );
}
