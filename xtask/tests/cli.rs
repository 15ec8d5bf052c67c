//! The commands as a user runs them: output and exit status (0 fine, 1 model errors, 2 usage,
//! 3 breaking changes).

// A test fails by panicking.
#![allow(clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("xtask runs")
}

fn fixture(path: &str) -> String {
    root()
        .join("tests/fixtures")
        .join(path)
        .display()
        .to_string()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn no_arguments_prints_help() {
    let output = xtask(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("Usage: cargo xtask <COMMAND>"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn diff_of_a_compatible_change_exits_0() {
    let output = xtask(&[
        "diff",
        &fixture("diff/kinds/base.json"),
        &fixture("diff/kinds/optional_member_added.json"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("compatible  base Stage.region: member added"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn diff_of_a_breaking_change_exits_3() {
    let output = xtask(&[
        "diff",
        &fixture("diff/kinds/base.json"),
        &fixture("diff/kinds/member_removed.json"),
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("breaking    base Stage.name: member removed"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn diff_json_is_an_array() {
    let output = xtask(&[
        "diff",
        "--format",
        "json",
        &fixture("diff/seeds/ivs-2024-10-15/old"),
        &fixture("diff/seeds/ivs-2024-10-15/new"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with('[') && text.contains("\"path\": \"streamSession.truncatedEvents.code\""),
        "{text}"
    );
}

#[test]
fn diff_of_a_bad_model_exits_1_with_located_errors() {
    let output = xtask(&[
        "diff",
        &fixture("diff/kinds/base.json"),
        &fixture("errors/missing_shape.json"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("missing_shape.json:9:27"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn diff_usage_errors_exit_2() {
    let output = xtask(&["diff", "--format", "yaml"]);
    assert_eq!(output.status.code(), Some(2));
    let output = xtask(&["diff", "no-such-revision-or-file"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("neither a model file, a directory nor a git revision"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn codegen_on_a_bad_model_exits_1_and_writes_nothing() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-bad-model");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("model")).expect("scratch");
    std::fs::copy(
        fixture("errors/many_problems.json"),
        scratch.join("model/demo.json"),
    )
    .expect("copied");
    let model = scratch.join("model").display().to_string();
    let out = scratch.join("out").display().to_string();
    let output = xtask(&["codegen", "--model", &model, "--out", &out]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("could not load the model due to 6 previous errors"),
        "{}",
        stderr(&output)
    );
    assert!(!scratch.join("out").exists());
}

#[test]
fn codegen_writes_then_check_passes_then_fails_when_stale() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-codegen");
    let _ = std::fs::remove_dir_all(&scratch);
    let model = fixture("emit/operations.json");
    std::fs::create_dir_all(scratch.join("model")).expect("scratch");
    std::fs::copy(model, scratch.join("model/demo.json")).expect("copied");
    let (model, out) = (
        scratch.join("model").display().to_string(),
        scratch.join("out").display().to_string(),
    );

    let output = xtask(&["codegen", "--model", &model, "--out", &out]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("3 written, 0 unchanged"),
        "{}",
        stdout(&output)
    );

    let output = xtask(&["codegen", "--model", &model, "--out", &out, "--check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    std::fs::write(scratch.join("out/src/demo.rs"), "// @generated by hand\n").expect("edited");
    let output = xtask(&["codegen", "--model", &model, "--out", &out, "--check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("run `cargo xtask codegen` and commit"),
        "{}",
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("+pub trait Demo {"),
        "{}",
        stdout(&output)
    );
}
