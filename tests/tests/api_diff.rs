//! `cargo xtask diff`: the seed pages' Changes blocks are reproduced from old/new model pairs, and
//! every kind of change gets its verdict, snapshot-tested in both output forms.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::SourceFile;
use codegen::diff::{Change, diff, render_json, render_notes, render_verdicts};
use seed_pairs::{Key, expected, rows};

mod seed_pairs;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff")
}

fn load(files: Vec<SourceFile>) -> codegen::Loaded {
    match codegen::load_files(files) {
        Ok(loaded) => loaded,
        Err(error) => panic!("{}", error.render(false)),
    }
}

fn load_dir(dir: &Path) -> codegen::Loaded {
    load(codegen::read_dir(dir).expect("the fixture directory is readable"))
}

/// A one-file model, named `demo.json` whatever its fixture file is, so both sides are one service.
fn demo(name: &str) -> codegen::Loaded {
    let path = fixtures().join(format!("kinds/{name}.json"));
    let text = std::fs::read_to_string(&path).expect("the fixture is readable");
    load(vec![SourceFile {
        name: "demo.json".to_owned(),
        text,
    }])
}

fn seed_pair_rows() -> BTreeSet<Key> {
    let mut all = BTreeSet::new();
    for pair in ["realtime-2024-12-10", "ivs-2024-10-15"] {
        let dir = fixtures().join("seeds").join(pair);
        let changes = diff(
            &load_dir(&dir.join("old")).ir,
            &load_dir(&dir.join("new")).ir,
        );
        all.extend(rows(&render_json(&changes).expect("JSON")));
    }
    all
}

#[test]
fn seed_pairs_report_every_change_in_the_changes_blocks() {
    let reported = seed_pair_rows();
    let missing: Vec<_> = expected(true).difference(&reported).cloned().collect();
    assert!(
        missing.is_empty(),
        "not reported: {missing:#?}\nreported: {reported:#?}"
    );
}

#[test]
fn seed_pairs_report_nothing_that_did_not_change() {
    let reported = seed_pair_rows();
    let extra: Vec<_> = reported.difference(&expected(false)).cloned().collect();
    assert!(
        extra.is_empty(),
        "reported but not a difference of the pair: {extra:#?}"
    );
}

/// The release-notes form of the 2024-12-10 pair matches the page's Changes block: the page
/// prints the same nested dict (its long strings split by pprint).
#[test]
fn seed_pair_notes_read_like_the_page() {
    let dir = fixtures().join("seeds/realtime-2024-12-10");
    let (old, new) = (load_dir(&dir.join("old")), load_dir(&dir.join("new")));
    let notes = render_notes(&diff(&old.ir, &new.ir), &new.ir);
    let page_request = "{'autoParticipantRecordingConfiguration': {'mediaTypes': {'NONE'}, \
        'thumbnailConfiguration': {'recordingMode': 'INTERVAL | DISABLED', 'storage': \
        ['SEQUENTIAL | LATEST'], 'targetIntervalSeconds': 'integer'}}}";
    assert!(
        notes.contains(&format!(
            "CreateStage (updated)\nChanges (request, response)\nRequest\n{page_request}\n"
        )),
        "{notes}"
    );
    insta::assert_snapshot!("seed_realtime_2024_12_10", notes);
}

const KINDS: &[&str] = &[
    "documentation_only",
    "enum_value_added",
    "enum_value_removed",
    "member_now_optional",
    "member_now_required",
    "member_removed",
    "member_type_changed",
    "operation_added",
    "operation_removed",
    "optional_member_added",
    "required_member_added",
    "route_changed",
    "sensitivity_changed",
];

fn kind_changes(name: &str) -> (Vec<Change>, codegen::Loaded) {
    let new = demo(name);
    (diff(&demo("base").ir, &new.ir), new)
}

#[test]
fn every_kind_of_change_in_both_forms() {
    for name in KINDS {
        let (changes, new) = kind_changes(name);
        let text = format!(
            "{}{}",
            render_notes(&changes, &new.ir),
            render_verdicts(&changes)
        );
        insta::assert_snapshot!(format!("kind_{name}_text"), text);
        insta::assert_snapshot!(
            format!("kind_{name}_json"),
            render_json(&changes).expect("JSON")
        );
    }
}

#[test]
fn verdicts() {
    let verdict = |name: &str| {
        let (changes, _) = kind_changes(name);
        assert!(
            !changes.is_empty() || name == "documentation_only",
            "{name}: nothing reported"
        );
        changes.iter().any(Change::breaking)
    };
    for name in [
        "optional_member_added",
        "enum_value_added",
        "sensitivity_changed",
        "documentation_only",
        "operation_added",
    ] {
        assert!(!verdict(name), "{name} should be compatible");
    }
    for name in [
        "required_member_added",
        "member_removed",
        "member_type_changed",
        "member_now_required",
        "member_now_optional",
        "enum_value_removed",
        "operation_removed",
        "route_changed",
    ] {
        assert!(verdict(name), "{name} should be breaking");
    }
}

#[test]
fn every_kind_fixture_is_listed() {
    let mut found: Vec<String> = std::fs::read_dir(fixtures().join("kinds"))
        .expect("readable")
        .map(|e| e.expect("entry").path())
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .filter(|stem| stem != "base")
        .collect();
    found.sort();
    assert_eq!(found, KINDS);
}

#[test]
fn identical_models_have_no_changes() {
    let real = load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../model"));
    assert_eq!(diff(&real.ir, &real.ir), Vec::new());
}

/// `tests/fixtures/paginate/`'s model with its paginators and waiters files, each edited by
/// `edit` (its JSON), as one service.
fn paged(edit: impl Fn(&str, &mut serde_json::Value)) -> codegen::Loaded {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/paginate");
    let files = ["paged.json", "paged.paginators.json", "paged.waiters.json"]
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(name)).expect("the fixture is readable");
            let mut json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            edit(name, &mut json);
            SourceFile {
                name: name.to_owned(),
                text: json.to_string(),
            }
        })
        .collect();
    load(files)
}

#[test]
fn paginators_and_waiters_changes() {
    let old = paged(|_, _| {});
    let new = paged(|name, json| match name {
        "paged.paginators.json" => {
            let pagination = json["pagination"].as_object_mut().expect("an object");
            pagination.remove("ListLabels");
            pagination["ListVersions"]["result_key"] = serde_json::json!("versions");
        }
        "paged.waiters.json" => {
            let waiters = json["waiters"].as_object_mut().expect("an object");
            waiters.remove("JobGone");
            let renamed = waiters.remove("TasksSettled").expect("a waiter");
            waiters.insert("TasksDone".to_owned(), renamed);
        }
        _ => {}
    });
    let changes = diff(&old.ir, &new.ir);
    let text = format!(
        "{}{}",
        render_notes(&changes, &new.ir),
        render_verdicts(&changes)
    );
    insta::assert_snapshot!("paginators_and_waiters_text", text);
    insta::assert_snapshot!(
        "paginators_and_waiters_json",
        render_json(&changes).expect("JSON")
    );
    let breaking: Vec<bool> = changes.iter().map(Change::breaking).collect();
    // Removed, results moved, a waiter gone or renamed: breaking; a new waiter name alone is not.
    assert_eq!(changes.len(), 5, "{text}");
    assert_eq!(breaking.iter().filter(|b| !**b).count(), 1, "{text}");
    // And back: a paginator and a waiter added are compatible.
    let back = render_verdicts(&diff(&new.ir, &old.ir));
    let added: Vec<&str> = back.lines().filter(|l| l.contains(" added")).collect();
    assert_eq!(added.len(), 3, "{back}");
    assert!(added.iter().all(|l| l.starts_with("compatible")), "{back}");
}
