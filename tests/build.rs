//! Generates the service module of every emit fixture (`fixtures/emit/*.json`) into
//! `$OUT_DIR/emit_fixtures.rs`, one `pub mod` each, so that the integration tests compile the
//! emitted code and call it (`wire_bindings` sends and reads messages through it).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("fixtures/emit");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut out = String::new();
    for path in paths {
        println!("cargo::rerun-if-changed={}", path.display());
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_else(|| panic!("{} has no UTF-8 name", path.display()));
        let file = codegen::SourceFile {
            name: path.display().to_string(),
            text: std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())),
        };
        let loaded =
            codegen::load_files(vec![file]).unwrap_or_else(|e| panic!("{}", e.render(false)));
        let service = &loaded.ir.services[0];
        let code = codegen::generate::service_file(service, quote::quote!(::ivs_models))
            .unwrap_or_else(|e| panic!("{name}: the generator emitted invalid Rust: {e}"));
        let _ = writeln!(out, "pub mod {name} {{\n{code}\n}}\n");
    }
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("emit_fixtures.rs");
    std::fs::write(&target, out)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
}
