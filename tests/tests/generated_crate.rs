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

/// The identity `model/crate.toml` gives the crate.
fn identity(ir: &codegen::ir::Ir) -> codegen::manifest::CrateIdentity {
    codegen::manifest::for_dir(&root().join("model"), ir).expect("model/crate.toml reads")
}

/// The examples beside the model files.
fn examples() -> Vec<codegen::manifest::Example> {
    codegen::manifest::examples(&root().join("model")).expect("model/examples reads")
}

/// The same check as `cargo xtask codegen --check`, so a stale crate cannot land.
#[test]
fn generated_crate_is_up_to_date() {
    let loaded = load();
    let identity = identity(&loaded.ir);
    assert_eq!(identity.package, "ivs-models");
    let report = codegen::sync_crate(
        &loaded.ir,
        &identity,
        &examples(),
        &root().join("generated"),
        true,
    )
    .expect("the check runs");
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
    let ir = load().ir;
    let identity = identity(&ir);
    let first = codegen::generate::crate_files(&ir, &identity, &examples()).expect("valid Rust");
    let second =
        codegen::generate::crate_files(&load().ir, &identity, &examples()).expect("valid Rust");
    assert_eq!(first, second);
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("determinism");
    let _ = std::fs::remove_dir_all(&scratch);
    let written =
        codegen::sync_crate(&ir, &identity, &examples(), &scratch, false).expect("written");
    assert_eq!(written.written.len(), first.len());
    let again =
        codegen::sync_crate(&load().ir, &identity, &examples(), &scratch, false).expect("written");
    assert!(again.written.is_empty(), "rewrote {:?}", again.written);
    assert_eq!(again.unchanged.len(), first.len());
}

/// A stale or obsolete generated file is reported by the check with a diff, and fixed by a run;
/// an edited runtime file is put back; a file of someone else's is left alone.
#[test]
fn check_reports_stale_and_obsolete_files() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("stale");
    let _ = std::fs::remove_dir_all(&scratch);
    let ir = load().ir;
    let identity = identity(&ir);
    codegen::sync_crate(&ir, &identity, &examples(), &scratch, false).expect("written");
    let module = scratch.join("src/ivs.rs");
    let text = std::fs::read_to_string(&module).expect("written");
    std::fs::write(
        &module,
        text.replacen("pub struct Channel {", "pub struct Chanel {", 1),
    )
    .expect("edited");
    let obsolete = scratch.join("src/old_service.rs");
    std::fs::write(&obsolete, format!("{}\n", codegen::render::HEADER)).expect("written");
    let old_copy = scratch.join("src/client/old.rs");
    let old_example = scratch.join("examples/old.rs");
    for (path, source) in [
        (&old_copy, "codegen/runtime/src/client/old.rs"),
        (&old_example, "examples/old.rs"),
    ] {
        let header = codegen::runtime::copied_header(source);
        std::fs::write(path, format!("{header}\n")).expect("written");
    }
    let runtime = scratch.join("src/support/error.rs");
    std::fs::write(&runtime, "// edited\n").expect("written");
    let hand_written = scratch.join("src/mine.rs");
    std::fs::write(&hand_written, "// mine\n").expect("written");

    let report = codegen::sync_crate(&ir, &identity, &examples(), &scratch, true).expect("checked");
    let stale: Vec<&Path> = report.stale.iter().map(|(p, _)| p.as_path()).collect();
    assert_eq!(stale, [module.as_path(), runtime.as_path()]);
    assert!(
        report.stale[0]
            .1
            .contains("-pub struct Chanel {\n+pub struct Channel {"),
        "{}",
        report.stale[0].1
    );
    assert_eq!(
        report.obsolete,
        vec![old_example.clone(), old_copy.clone(), obsolete.clone()]
    );

    let fixed = codegen::sync_crate(&ir, &identity, &examples(), &scratch, false).expect("written");
    assert_eq!(fixed.written, vec![module, runtime.clone()]);
    assert!(!obsolete.exists() && !old_copy.exists() && !old_example.exists());
    assert_eq!(
        std::fs::read_to_string(&runtime).expect("written"),
        std::fs::read_to_string(root().join("generated/src/support/error.rs")).expect("read")
    );
    assert_eq!(
        std::fs::read_to_string(hand_written).expect("kept"),
        "// mine\n"
    );
}

/// Every file under `generated/` is written by the generator and says so in its first line; every
/// file of the runtime's `src/` but its own `lib.rs` is copied into the crates it writes.
#[test]
fn generated_holds_generated_files_only() {
    fn walk(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(&path, found);
            } else {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&root().join("generated"), &mut found);
    let hand_written: Vec<_> = found
        .iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).expect("readable");
            let first = text.lines().next().unwrap_or_default();
            !(codegen::render::is_generated(first) || first.starts_with("# @generated by "))
        })
        .collect();
    assert!(hand_written.is_empty(), "not generated: {hand_written:?}");

    let runtime = root().join("codegen/runtime");
    let mut found = Vec::new();
    walk(&runtime.join("src"), &mut found);
    let mut copied: Vec<String> = found
        .iter()
        .map(|path| {
            let relative = path.strip_prefix(&runtime).expect("inside the runtime");
            relative.to_string_lossy().replace('\\', "/")
        })
        .filter(|path| path != "src/lib.rs")
        .collect();
    copied.sort();
    let embedded: Vec<&str> = codegen::runtime::FILES.iter().map(|f| f.path).collect();
    assert_eq!(
        copied, embedded,
        "list every file of codegen/runtime/src but lib.rs in codegen/src/runtime.rs"
    );
}
