//! `cargo xtask import` on pages of a made-up service (`tests/fixtures/import/`): the parser, the
//! merge rules, the comparison with Changes blocks, byte-stable model files, and located errors
//! for malformed pages. The snapshots are what a user reads: review them as prose.

use std::path::{Path, PathBuf};

use codegen::import::json::Json;
use codegen::import::page::{self, Status};
use codegen::import::{ImportError, Names, Outcome, Report, import};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import")
}

/// A page read from the fixtures, named as the repository names it (stable in snapshots).
fn page(relative: &str) -> (String, Vec<u8>) {
    let bytes = std::fs::read(fixtures().join(relative)).expect("the fixture page is readable");
    (format!("tests/fixtures/import/{relative}"), bytes)
}

const FIRST: &str = "pages/gadgets_2021-03-01.txt";
const SECOND: &str = "pages/gadgets_2022-05-01.txt";

fn names() -> Names {
    let text = std::fs::read_to_string(fixtures().join("gadgets.names")).expect("readable");
    Names::parse("gadgets.names", &text).expect("the names file reads")
}

fn imported(pages: &[&str], model: &Path, names: &Names) -> Report {
    let pages: Vec<_> = pages.iter().map(|p| page(p)).collect();
    import(&pages, model, names).unwrap_or_else(|e| panic!("{}", e.render(false)))
}

fn skeleton() -> PathBuf {
    fixtures().join("model")
}

/// A fresh directory holding `text` as `gadgets.json`.
fn model_dir(test: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ivs-import-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    std::fs::write(dir.join("gadgets.json"), text).expect("writable");
    dir
}

#[test]
fn the_compact_and_the_full_form_are_read() {
    let (file, bytes) = page(FIRST);
    let first = page::read(&file, &bytes).expect("the compact page reads");
    let (file, bytes) = page(SECOND);
    let second = page::read(&file, &bytes).expect("the full page reads");
    let summary = |p: &page::Page| -> Vec<(String, Status, usize, bool, usize)> {
        p.operations
            .iter()
            .map(|o| {
                (
                    o.name.clone(),
                    o.status,
                    o.request_docs.len(),
                    o.response.is_some(),
                    o.changes.len(),
                )
            })
            .collect()
    };
    assert_eq!(
        (first.date.as_str(), first.service.as_str()),
        ("2021-03-01", "Example Gadget Service")
    );
    assert_eq!(
        summary(&first),
        [
            ("CreateGadget".to_owned(), Status::New, 8, true, 0),
            ("DeleteGadget".to_owned(), Status::New, 1, false, 0),
        ]
    );
    assert_eq!(
        summary(&second),
        [
            ("CreateGadget".to_owned(), Status::Updated, 9, true, 2),
            ("GetGadget".to_owned(), Status::New, 1, true, 0),
            ("ListGadgets".to_owned(), Status::New, 2, true, 0),
        ]
    );
    // `[REQUIRED]` at every depth, by order (compact) and by name (full).
    let required = |p: &page::Page| -> Vec<String> {
        p.operations[0]
            .request_docs
            .iter()
            .filter(|(_, d)| d.required)
            .map(|(path, _)| path.clone())
            .collect()
    };
    assert_eq!(required(&first), ["name", "settings.colour"]);
    assert_eq!(
        required(&second),
        ["name", "settings.colour", "settings.finish.coating"]
    );
}

#[test]
fn the_first_page_builds_the_model() {
    let report = imported(&[FIRST], &skeleton(), &Names::default());
    insta::assert_snapshot!("first_page_report", report.render());
    insta::assert_snapshot!("first_page_model", report.models[0].after);
}

#[test]
fn the_second_page_updates_it_and_reproduces_its_changes_block() {
    // Given newest first: pages are imported oldest first.
    let report = imported(&[SECOND, FIRST], &skeleton(), &names());
    let second = &report.pages[1];
    assert_eq!(second.date, "2022-05-01");
    assert!(!second.findings.is_empty());
    for finding in &second.findings {
        assert!(
            matches!(finding.outcome, Outcome::Reproduced { .. }),
            "{finding:?}"
        );
    }
    insta::assert_snapshot!("second_page_report", second_report(&report));
    insta::assert_snapshot!("second_page_model", report.models[0].after);
}

/// The second page's part of the report, and its diff as `cargo xtask diff` prints it.
fn second_report(report: &Report) -> String {
    let rendered = report.render();
    let at = rendered
        .find("tests/fixtures/import/pages/gadgets_2022-05-01.txt")
        .expect("the second page is reported");
    format!("{}\n{}", &rendered[at..], report.pages[1].diff)
}

#[test]
fn importing_what_the_model_says_changes_no_byte() {
    let report = imported(&[FIRST, SECOND], &skeleton(), &names());
    let dir = model_dir("again", &report.models[0].after);
    // The latest page again: nothing to say, not a byte changed.
    let again = imported(&[SECOND], &dir, &names());
    assert!(again.models[0].after == again.models[0].before);
    assert!(again.pages[0].notes.is_empty(), "{}", again.render());
    assert!(again.render().contains("  no change\n"));
    // Both pages again: the older one takes the model back, the newer one forward, to the byte.
    let again = imported(&[FIRST, SECOND], &dir, &names());
    assert!(again.models[0].after == again.models[0].before);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_taken_name_needs_the_names_file() {
    let pages = [page(FIRST), page(SECOND)];
    match import(&pages, &skeleton(), &Names::default()) {
        Err(error @ ImportError::Names(_)) => {
            insta::assert_snapshot!("taken_name", error.render(false));
        }
        other => panic!("expected a names error, got {other:?}"),
    }
}

#[test]
fn a_names_file_that_does_not_read_is_a_located_error() {
    let error = Names::parse(
        "bad.names",
        "# a comment\nListGadgets.gadgets GadgetSummary\n",
    )
    .expect_err("the line has no `=` and no side");
    insta::assert_snapshot!("bad_names_file", ImportError::from(error).render(false));
}

#[test]
fn malformed_pages_give_located_errors() {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("malformed"))
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "binary_junk.txt",
            "required_without_parameter.txt",
            "truncated_syntax.txt",
            "unbalanced_brace.txt",
            "unknown_service.txt",
        ]
    );
    for name in names {
        let pages = [page(&format!("malformed/{name}"))];
        let error = match import(&pages, &skeleton(), &Names::default()) {
            Ok(report) => panic!("{name} imported:\n{}", report.render()),
            Err(error) => error.render(false),
        };
        let stem = name.trim_end_matches(".txt");
        insta::assert_snapshot!(format!("malformed_{stem}"), error);
    }
}

#[test]
fn model_files_are_written_back_byte_for_byte() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for path in [
        root.join("model/ivs.json"),
        root.join("model/ivs-realtime.json"),
        skeleton().join("gadgets.json"),
    ] {
        let text = std::fs::read_to_string(&path).expect("readable");
        let json = Json::parse(&text).expect("parses");
        assert!(
            json.write().expect("writes") == text,
            "{} changed",
            path.display()
        );
    }
}

/// Every prefix of a page, and the page with any one line dropped, gives a report or an error:
/// never a panic.
#[test]
fn no_cut_of_a_page_panics() {
    for relative in [FIRST, SECOND] {
        let (file, bytes) = page(relative);
        let text = String::from_utf8(bytes).expect("UTF-8");
        let mut cuts: Vec<String> = (0..=text.len())
            .filter(|i| text.is_char_boundary(*i))
            .map(|i| text[..i].to_owned())
            .collect();
        let lines: Vec<&str> = text.split('\n').collect();
        for drop in 0..lines.len() {
            let mut kept = lines.clone();
            kept.remove(drop);
            cuts.push(kept.join("\n"));
        }
        for cut in cuts {
            let _ = import(&[(file.clone(), cut.into_bytes())], &skeleton(), &names());
        }
    }
}

#[test]
fn brackets_nested_too_deep_are_an_error() {
    let deep = format!(
        "2021/03/01 - Example Gadget Service - 1 new api methods\nRequest Syntax\nclient.get_gadget( arn={}'string'{} )\n",
        "[ ".repeat(100_000),
        " ]".repeat(100_000)
    );
    let error = import(
        &[("deep.txt".to_owned(), deep.into_bytes())],
        &skeleton(),
        &names(),
    )
    .expect_err("too deep");
    assert!(
        error.render(false).contains("nested more than 64 deep"),
        "{}",
        error.render(false)
    );
}
