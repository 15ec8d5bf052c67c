//! `cargo xtask import` as a user runs it: a malformed page exits with 1 and leaves the model
//! untouched; `--dry-run` writes nothing; a second import of the same page writes nothing.

// A test fails by panicking.
#![allow(clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

use common::xtask;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/import")
}

fn fixture(path: &str) -> String {
    fixtures().join(path).display().to_string()
}

/// A fresh model directory holding the made-up service's skeleton.
fn model_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-import-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    std::fs::copy(
        fixtures().join("model/gadgets.json"),
        dir.join("gadgets.json"),
    )
    .expect("the skeleton copies");
    dir
}

fn model(dir: &Path) -> Vec<u8> {
    std::fs::read(dir.join("gadgets.json")).expect("readable")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_malformed_page_exits_1_and_leaves_the_model_untouched() {
    let dir = model_dir("malformed");
    let before = model(&dir);
    let good = fixture("pages/gadgets_2021-03-01.txt");
    for entry in std::fs::read_dir(fixtures().join("malformed")).expect("readable") {
        let bad = entry.expect("entry").path().display().to_string();
        // With a good page too: nothing is written unless every page reads.
        let output = xtask(&["import", "--model", &dir.display().to_string(), &good, &bad]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{bad}: {}",
            text(&output.stdout)
        );
        assert!(
            text(&output.stderr).starts_with("error: "),
            "{}",
            text(&output.stderr)
        );
        assert!(model(&dir) == before, "{bad} changed the model");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn dry_run_writes_nothing_and_a_second_import_changes_nothing() {
    let dir = model_dir("dry-run");
    let model_arg = dir.display().to_string();
    let page = fixture("pages/gadgets_2021-03-01.txt");
    let before = model(&dir);
    let dry = xtask(&["import", "--dry-run", "--model", &model_arg, &page]);
    assert_eq!(dry.status.code(), Some(0), "{}", text(&dry.stderr));
    assert!(text(&dry.stdout).ends_with("dry run: nothing written\n"));
    assert!(model(&dir) == before);

    let real = xtask(&["import", "--model", &model_arg, &page]);
    assert_eq!(real.status.code(), Some(0), "{}", text(&real.stderr));
    assert!(model(&dir) != before);
    // The dry run printed what the import then did.
    let report = |o: &Output| {
        text(&o.stdout)
            .lines()
            .filter(|l| l.starts_with("  "))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(report(&dry), report(&real));

    let written = model(&dir);
    let again = xtask(&["import", "--model", &model_arg, &page]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert!(
        text(&again.stdout).contains("  no change\n"),
        "{}",
        text(&again.stdout)
    );
    assert!(text(&again.stdout).ends_with("nothing written\n"));
    assert!(model(&dir) == written);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_taken_name_exits_1_until_the_names_file_names_it() {
    let dir = model_dir("names");
    let model_arg = dir.display().to_string();
    let pages = [
        fixture("pages/gadgets_2021-03-01.txt"),
        fixture("pages/gadgets_2022-05-01.txt"),
    ];
    let before = model(&dir);
    let output = xtask(&["import", "--model", &model_arg, &pages[0], &pages[1]]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("ListGadgets.response.gadgets = ?"));
    assert!(model(&dir) == before);
    let names = fixture("gadgets.names");
    let output = xtask(&[
        "import", "--model", &model_arg, "--names", &names, &pages[0], &pages[1],
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("  CreateGadget request: reproduced\n"));
    let _ = std::fs::remove_dir_all(dir);
}
