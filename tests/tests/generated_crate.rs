//! The checked-in crate in `generated/` is what the model produces, and its public API surface
//! per service is a snapshot: a model change shows up here as a short diff to review.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn load() -> codegen::Loaded {
    match codegen::load_dir(&root().join("model")) {
        Ok(loaded) => loaded,
        Err(error) => panic!("{}", error.render(false)),
    }
}

/// The same check as `cargo xtask codegen --check`, so a stale crate cannot land.
#[test]
fn generated_crate_is_up_to_date() {
    let loaded = load();
    let report =
        codegen::sync_crate(&loaded.ir, &root().join("generated"), true).expect("the check runs");
    let diffs: Vec<&str> = report.stale.iter().map(|(_, diff)| diff.as_str()).collect();
    assert!(
        diffs.is_empty() && report.obsolete.is_empty(),
        "generated/ does not match the model; run `cargo xtask codegen` and commit.\n{}\nobsolete: {:?}",
        diffs.join("\n"),
        report.obsolete
    );
}

#[test]
fn api_surface() {
    for service in &load().ir.services {
        insta::assert_snapshot!(
            format!("surface_{}", service.module),
            codegen::surface::surface(service)
        );
    }
}

/// Generating twice gives the same bytes, and nothing is rewritten when nothing changed.
#[test]
fn generation_is_deterministic() {
    let first = codegen::generate::crate_files(&load().ir).expect("valid Rust");
    let second = codegen::generate::crate_files(&load().ir).expect("valid Rust");
    assert_eq!(first, second);
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("determinism");
    let _ = std::fs::remove_dir_all(&scratch);
    let written = codegen::sync_crate(&load().ir, &scratch, false).expect("written");
    assert_eq!(written.written.len(), first.len());
    let again = codegen::sync_crate(&load().ir, &scratch, false).expect("written");
    assert!(again.written.is_empty(), "rewrote {:?}", again.written);
    assert_eq!(again.unchanged.len(), first.len());
}

/// A stale or obsolete generated file is reported by the check with a diff, and fixed by a run.
#[test]
fn check_reports_stale_and_obsolete_files() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("stale");
    let _ = std::fs::remove_dir_all(&scratch);
    let ir = load().ir;
    codegen::sync_crate(&ir, &scratch, false).expect("written");
    let module = scratch.join("src/ivs.rs");
    let text = std::fs::read_to_string(&module).expect("written");
    std::fs::write(
        &module,
        text.replacen("pub struct Channel {", "pub struct Chanel {", 1),
    )
    .expect("edited");
    let obsolete = scratch.join("src/old_service.rs");
    std::fs::write(&obsolete, format!("{}\n", codegen::render::HEADER)).expect("written");
    let hand_written = scratch.join("src/support.rs");
    std::fs::write(&hand_written, "// mine\n").expect("written");

    let report = codegen::sync_crate(&ir, &scratch, true).expect("checked");
    assert_eq!(report.stale.len(), 1);
    assert!(
        report.stale[0]
            .1
            .contains("-pub struct Chanel {\n+pub struct Channel {"),
        "{}",
        report.stale[0].1
    );
    assert_eq!(report.obsolete, vec![obsolete.clone()]);

    let fixed = codegen::sync_crate(&ir, &scratch, false).expect("written");
    assert_eq!(fixed.written, vec![module]);
    assert!(!obsolete.exists());
    assert_eq!(
        std::fs::read_to_string(hand_written).expect("kept"),
        "// mine\n"
    );
}
