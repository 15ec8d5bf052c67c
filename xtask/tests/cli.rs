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
        stdout(&output).contains("6 written, 0 unchanged"),
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

/// A crate written with `--out` outside this workspace builds on its own (runtime included), with
/// warnings denied, even for services named like the crate's own modules (`support`, `http`).
#[test]
fn codegen_out_writes_a_crate_that_builds_alone() {
    let scratch = std::env::temp_dir().join(format!("xtask-standalone-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let out = scratch.display().to_string();
    let output = xtask(&["codegen", "--model", &fixture("crate"), "--out", &out]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("has no crate.toml: the crate is `crate-models` 0.1.0"),
        "{}",
        stderr(&output)
    );
    let lib = std::fs::read_to_string(scratch.join("src/lib.rs")).expect("written");
    assert!(lib.contains("pub mod support_service;"), "{lib}");
    assert!(lib.contains("pub mod http_service;"), "{lib}");

    // The workspace's lock file, so that `--offline` finds every dependency in the cache.
    std::fs::copy(root().join("Cargo.lock"), scratch.join("Cargo.lock")).expect("copied");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let check = Command::new(cargo)
        .args(["check", "--offline", "--quiet", "--manifest-path"])
        .arg(scratch.join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("standalone-target"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn codegen_names_the_crate_from_crate_toml_or_flags() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-identity");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("model")).expect("scratch");
    std::fs::copy(
        fixture("emit/operations.json"),
        scratch.join("model/demo.json"),
    )
    .expect("copied");
    std::fs::write(
        scratch.join("model/crate.toml"),
        "[package]\nname = \"demo-api\"\nversion = \"2.1.0\"\ndescription = \"The \\\"demo\\\" API.\"\n",
    )
    .expect("written");
    let (model, out) = (
        scratch.join("model").display().to_string(),
        scratch.join("out").display().to_string(),
    );
    let manifest = || std::fs::read_to_string(scratch.join("out/Cargo.toml")).expect("written");

    let output = xtask(&["codegen", "--model", &model, "--out", &out]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("note:"), "{}", stderr(&output));
    let text = manifest();
    for line in [
        "name = \"demo-api\"\n",
        "version = \"2.1.0\"\n",
        "description = \"The \\\"demo\\\" API.\"\n",
        "[lib]\nname = \"demo_api\"\n",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }

    let output = xtask(&[
        "codegen",
        "--model",
        &model,
        "--out",
        &out,
        "--name",
        "other",
        "--crate-version",
        "3.0.0",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = manifest();
    assert!(
        text.contains("name = \"other\"\nversion = \"3.0.0\"\n"),
        "{text}"
    );

    let output = xtask(&[
        "codegen", "--model", &model, "--out", &out, "--name", "no way",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("error: `no way` is not a package name"),
        "{}",
        stderr(&output)
    );

    std::fs::write(
        scratch.join("model/crate.toml"),
        "[package]\nname = \"x\"\nverison = \"1\"\n",
    )
    .expect("written");
    let output = xtask(&["codegen", "--model", &model, "--out", &out]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("crate.toml` does not read")
            && stderr(&output).contains("unknown field `verison`"),
        "{}",
        stderr(&output)
    );
}

/// A botocore-like `data/` directory: `<service>/<version>/service-2.json(.gz)`.
fn corpus_dir(name: &str, services: &[(&str, &str, &str)]) -> PathBuf {
    use std::io::Write as _;
    let data = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&data);
    for (service, version, model) in services {
        let dir = data.join(service).join(version);
        std::fs::create_dir_all(&dir).expect("scratch");
        let text = std::fs::read(fixture(model)).expect("fixture");
        if service.starts_with('s') {
            let file = std::fs::File::create(dir.join("service-2.json.gz")).expect("created");
            let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
            gz.write_all(&text).expect("written");
            gz.finish().expect("written");
        } else {
            std::fs::write(dir.join("service-2.json"), text).expect("written");
        }
    }
    data
}

#[test]
fn corpus_generates_the_newest_model_of_each_service_and_checks_them() {
    let data = corpus_dir(
        "corpus-data",
        &[
            // An older version that does not load: the newest is read.
            ("support", "2012-01-01", "errors/missing_shape.json"),
            ("support", "2013-04-15", "crate/support.json"),
            ("http", "2024-01-01", "crate/http.json"),
            ("keywords", "2024-01-01", "emit/keywords.json"),
        ],
    );
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus-work");
    let (data, work) = (data.display().to_string(), work.display().to_string());

    let output = xtask(&["corpus", &data]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("service ") && lines[0].ends_with("lines      ms  result"),
        "{text}"
    );
    let support = lines
        .iter()
        .find(|l| l.starts_with("support "))
        .expect("a row for support");
    let columns: Vec<&str> = support.split_whitespace().collect();
    assert_eq!(
        columns[..4],
        ["support", "rest-json", "1", "8"],
        "{support}"
    );
    assert_eq!(columns.last(), Some(&"ok"), "{support}");
    assert!(
        lines[4].starts_with("3 of 3 services generated in "),
        "{text}"
    );

    let output = xtask(&[
        "corpus",
        &data,
        "--only",
        "support,http",
        "--check-all",
        "--work",
        &work,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(text.matches("ok, checked in").count(), 2, "{text}");
    assert!(text.contains("2 of 2 checked with no warning"), "{text}");

    let output = xtask(&["corpus", &data, "--only", "nothing"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no service-2 model for `nothing`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn corpus_reports_a_model_that_does_not_generate_and_exits_1() {
    let data = corpus_dir(
        "corpus-bad",
        &[
            ("broken", "2020-01-01", "errors/missing_shape.json"),
            ("http", "2024-01-01", "crate/http.json"),
        ],
    );
    let output = xtask(&["corpus", &data.display().to_string()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("error: could not load the model due to 1 previous error"),
        "{text}"
    );
    assert!(text.contains("1 of 2 services generated"), "{text}");
    assert!(
        stderr(&output).contains("error: broken: could not load the model due to 1 previous error"),
        "{}",
        stderr(&output)
    );
}
