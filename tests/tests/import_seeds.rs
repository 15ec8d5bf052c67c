//! `cargo xtask import` on the dated API reference pages the models were transcribed from. The
//! pages are not part of this repository: these tests read them from `../shared/seeds/` beside
//! it, so they are ignored in a plain `cargo test` and `.ci/run` runs them with `--ignored`.
//!
//! - Importing the 2020-07-15 page into a model holding only the metadata, then the other IVS
//!   pages in date order, gives `model/ivs.json`'s operations, members, enum values and
//!   `[REQUIRED]` markers exactly; the same for IVS RealTime (2024-06-20, then 2024-12-10).
//!   What differs only by what a page cannot know is listed below, each with its reason.
//! - The diff of importing a page reproduces its Changes blocks, for the pairs the diff tests use
//!   (`tests/fixtures/diff/seeds/`): IVS 2023-07-17 → 2024-10-15, RealTime 2024-06-20 → 2024-12-10.
//! - The latest page of each service, imported into `model/`, changes no byte of it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::diff::{diff, render_json};
use codegen::import::json::Json;
use codegen::import::{Names, Outcome, Report, import};
use codegen::ir::Side;
use codegen::ir::{Location, Service, ShapeId, ShapeKind};
use seed_pairs::{Key, expected, rows};

mod seed_pairs;

const IGNORED: &str = "reads ../shared/seeds/ (run by .ci/run)";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The page of `../shared/seeds/` whose name starts with `prefix` (`001`).
fn seed(prefix: &str) -> (String, Vec<u8>) {
    let dir = root().join("../shared/seeds");
    let path = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{IGNORED}: cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{prefix}_")))
        })
        .unwrap_or_else(|| panic!("no page {prefix}_* in {}", dir.display()));
    let bytes = std::fs::read(&path).expect("the page is readable");
    (
        format!(
            "../shared/seeds/{}",
            path.file_name().expect("a name").to_string_lossy()
        ),
        bytes,
    )
}

fn names() -> Names {
    let text = std::fs::read_to_string(root().join("tests/fixtures/import/seeds.names"))
        .expect("the names file is readable");
    Names::parse("seeds.names", &text).expect("the names file reads")
}

/// A fresh directory with, for each service, a model holding only what `model/` says beyond any
/// page: its version, metadata and documentation.
fn skeletons(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ivs-import-seeds-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    for stem in ["ivs", "ivs-realtime"] {
        let text =
            std::fs::read_to_string(root().join(format!("model/{stem}.json"))).expect("readable");
        let model = Json::parse(&text).expect("parses");
        let mut skeleton = Json::Object(Vec::new());
        for key in ["version", "metadata", "documentation"] {
            skeleton.set(key, model.get(key).cloned().expect("the model has it"), &[]);
        }
        skeleton.set("operations", Json::Object(Vec::new()), &[]);
        skeleton.set("shapes", Json::Object(Vec::new()), &[]);
        let text = skeleton.write().expect("writes");
        std::fs::write(dir.join(format!("{stem}.json")), text).expect("writable");
    }
    dir
}

/// Imports `pages` into `dir` and writes the result there.
fn import_into(dir: &Path, pages: &[&str]) -> Report {
    let pages: Vec<_> = pages.iter().map(|p| seed(p)).collect();
    let report = import(&pages, dir, &names()).unwrap_or_else(|e| panic!("{}", e.render(false)));
    codegen::import::write(&report).unwrap_or_else(|e| panic!("{}", e.render(false)));
    report
}

fn load(dir: &Path) -> codegen::Loaded {
    codegen::load_dir(dir).unwrap_or_else(|e| panic!("{}", e.render(false)))
}

/// (service, operation, side, path, kind, enum values, required) of every value an operation
/// reaches; lists and maps are looked through (`[]`, `{}`), as the pages show them.
type Row = (String, String, Side, String, String, Vec<String>, bool);

fn values(service: &Service) -> BTreeSet<Row> {
    let mut out = BTreeSet::new();
    for op in &service.operations {
        for (side, root) in [(Side::Request, &op.input), (Side::Response, &op.output)] {
            let Some(root) = root else { continue };
            let mut walk = Walk {
                service,
                operation: &op.wire_name,
                side,
                out: &mut out,
                stack: Vec::new(),
            };
            walk.shape(root, String::new(), false);
        }
    }
    out
}

struct Walk<'a> {
    service: &'a Service,
    operation: &'a str,
    side: Side,
    out: &'a mut BTreeSet<Row>,
    stack: Vec<ShapeId>,
}

impl Walk<'_> {
    fn shape(&mut self, id: &ShapeId, path: String, required: bool) {
        let shape = self.service.shape(id).expect("a lowered model resolves");
        let (kind, values) = match &shape.kind {
            ShapeKind::Structure(_) => ("structure", Vec::new()),
            ShapeKind::Enum(e) => {
                let mut values: Vec<String> =
                    e.values.iter().map(|v| v.wire_name.clone()).collect();
                // The order of enum values is not compared: pages list them in different orders.
                values.sort();
                ("enum", values)
            }
            ShapeKind::List { .. } => ("list", Vec::new()),
            ShapeKind::Map { .. } => ("map", Vec::new()),
            ShapeKind::String => ("string", Vec::new()),
            ShapeKind::Integer | ShapeKind::Long => ("integer", Vec::new()),
            ShapeKind::Float | ShapeKind::Double => ("float", Vec::new()),
            ShapeKind::Boolean => ("boolean", Vec::new()),
            ShapeKind::Timestamp { .. } => ("timestamp", Vec::new()),
            ShapeKind::Blob => ("blob", Vec::new()),
            ShapeKind::Document => ("document", Vec::new()),
        };
        if !path.is_empty() {
            self.out.insert((
                self.service.stem.clone(),
                self.operation.to_owned(),
                self.side,
                path.clone(),
                kind.to_owned(),
                values,
                required,
            ));
        }
        if self.stack.contains(id) {
            return;
        }
        self.stack.push(id.clone());
        match &shape.kind {
            ShapeKind::Structure(s) => {
                for m in &s.members {
                    let at = if path.is_empty() {
                        m.wire_name.clone()
                    } else {
                        format!("{path}.{}", m.wire_name)
                    };
                    // `[REQUIRED]` is a request-side marker: pages do not show it in responses.
                    self.shape(&m.target, at, m.required && self.side == Side::Request);
                }
            }
            ShapeKind::List { member } => self.shape(member, format!("{path}[]"), false),
            ShapeKind::Map { value, .. } => self.shape(value, format!("{path}{{}}"), false),
            _ => {}
        }
        self.stack.pop();
    }
}

/// What a page cannot know, in one service: (what, where) of every route, binding, secret and
/// idempotency token.
fn unknowable(service: &Service) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for op in &service.operations {
        out.insert((
            "route".to_owned(),
            format!("{} {} {}", op.wire_name, op.http_method, op.http_uri),
        ));
    }
    for shape in service.shapes.values() {
        if shape.sensitive {
            out.insert(("sensitive".to_owned(), shape.wire_name.clone()));
        }
        let ShapeKind::Structure(s) = &shape.kind else {
            continue;
        };
        for m in &s.members {
            let at = format!("{}.{}", shape.wire_name, m.wire_name);
            if m.location != Location::Body {
                out.insert(("location".to_owned(), format!("{at} {:?}", m.location)));
            }
            if m.idempotency_token {
                out.insert(("idempotencyToken".to_owned(), at));
            }
        }
    }
    out
}

#[test]
#[ignore = "reads ../shared/seeds/ (run by .ci/run)"]
fn importing_the_pages_in_date_order_reproduces_the_models() {
    let dir = skeletons("models");
    import_into(&dir, &["001"]);
    // The rest in any order: the import sorts them by date.
    import_into(&dir, &["002", "000", "004", "003"]);
    let (imported, model) = (load(&dir), load(&root().join("model")));
    for (ours, theirs) in imported.ir.services.iter().zip(&model.ir.services) {
        assert_eq!(ours.stem, theirs.stem);
        let (ours_rows, theirs_rows) = (values(ours), values(theirs));
        let missing: Vec<_> = theirs_rows.difference(&ours_rows).collect();
        let extra: Vec<_> = ours_rows.difference(&theirs_rows).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: in model/ only: {missing:#?}\nin the import only: {extra:#?}",
            ours.stem
        );
        let operations = |s: &Service| {
            s.operations
                .iter()
                .map(|o| o.wire_name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(operations(ours), operations(theirs));
        eprintln!(
            "{}: {} operations, {} values reached, {} required",
            ours.stem,
            ours.operations.len(),
            ours_rows.len(),
            ours_rows.iter().filter(|r| r.6).count()
        );

        // What differs, each only by what a page cannot know.
        let differs: BTreeSet<_> = unknowable(theirs)
            .symmetric_difference(&unknowable(ours))
            .cloned()
            .collect();
        let expected: BTreeSet<(String, String)> = match ours.stem.as_str() {
            "ivs" => [
                // The pages show no HTTP binding: the import gives every new operation
                // `POST /<Operation>`, as every IVS operation but the three tagging ones.
                ("route", "ListTagsForResource GET /tags/{resourceArn}"),
                ("route", "ListTagsForResource POST /ListTagsForResource"),
                ("route", "TagResource POST /tags/{resourceArn}"),
                ("route", "TagResource POST /TagResource"),
                ("route", "UntagResource DELETE /tags/{resourceArn}"),
                ("route", "UntagResource POST /UntagResource"),
                // Nor where a member travels: in the URI and the query string of those three.
                (
                    "location",
                    "ListTagsForResourceRequest.maxResults Query(\"maxResults\")",
                ),
                (
                    "location",
                    "ListTagsForResourceRequest.nextToken Query(\"nextToken\")",
                ),
                (
                    "location",
                    "ListTagsForResourceRequest.resourceArn Uri(\"resourceArn\")",
                ),
                (
                    "location",
                    "TagResourceRequest.resourceArn Uri(\"resourceArn\")",
                ),
                (
                    "location",
                    "UntagResourceRequest.resourceArn Uri(\"resourceArn\")",
                ),
                (
                    "location",
                    "UntagResourceRequest.tagKeys Query(\"tagKeys\")",
                ),
                // Nor which values are secret: a stream key's value, an SRT passphrase, the
                // metadata of PutMetadata (marked by hand in model/).
                ("sensitive", "SrtPassphrase"),
                ("sensitive", "StreamKeyValue"),
                ("sensitive", "StreamMetadata"),
            ]
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect(),
            _ => [
                // A participant token's token is secret.
                ("sensitive", "ParticipantTokenValue"),
                // The page says "This field is autopopulated if not provided." only in prose.
                (
                    "idempotencyToken",
                    "StartCompositionRequest.idempotencyToken",
                ),
            ]
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect(),
        };
        assert_eq!(differs, expected, "{}", ours.stem);
        // Not compared at all: shape names (model/ chose them by hand; the import names a new
        // shape after its member), documentation wording, and the order of enum values.
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// The operations of the seed pairs (`tests/fixtures/diff/seeds/`).
const PAIR_OPERATIONS: &[&str] = &["CreateStage", "GetStage", "UpdateStage", "GetStreamSession"];

fn of_the_pairs(keys: BTreeSet<Key>) -> BTreeSet<Key> {
    keys.into_iter()
        .filter(|key| PAIR_OPERATIONS.contains(&key.1.as_str()))
        .collect()
}

#[test]
#[ignore = "reads ../shared/seeds/ (run by .ci/run)"]
fn the_diff_of_each_import_reproduces_the_pages_changes_blocks() {
    let dir = skeletons("changes");
    import_into(&dir, &["001", "003", "004"]);
    let report = import_into(&dir, &["000", "002"]);
    let mut reported = BTreeSet::new();
    for page in &report.pages {
        let model = report
            .models
            .iter()
            .find(|m| m.stem == page.stem)
            .expect("its model");
        let name = model.path.display().to_string();
        let side = |text: &str| {
            codegen::load_files(vec![codegen::SourceFile {
                name: name.clone(),
                text: text.to_owned(),
            }])
            .unwrap_or_else(|e| panic!("{}", e.render(false)))
        };
        let (before, after) = (side(&model.before), side(&model.after));
        let changes = diff(&before.ir, &after.ir);
        reported.extend(of_the_pairs(rows(&render_json(&changes).expect("JSON"))));
        // Every Changes block of the pair's operations is reproduced; the operations the older
        // page did not have are new to the import, which the report says.
        for finding in &page.findings {
            match finding.operation.as_str() {
                "GetComposition" | "StartComposition" => {
                    assert_eq!(finding.outcome, Outcome::NewOperation, "{finding:?}");
                }
                _ => assert!(
                    matches!(finding.outcome, Outcome::Reproduced { .. }),
                    "{finding:?}\n{}",
                    report.render()
                ),
            }
        }
        eprintln!("{}", report.render());
    }
    let missing: Vec<_> = of_the_pairs(expected(true))
        .difference(&reported)
        .cloned()
        .collect();
    assert!(missing.is_empty(), "not in the import's diff: {missing:#?}");
    let extra: Vec<_> = reported
        .difference(&of_the_pairs(expected(false)))
        .cloned()
        .collect();
    assert!(
        extra.is_empty(),
        "in the import's diff, not a difference of the pair: {extra:#?}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
#[ignore = "reads ../shared/seeds/ (run by .ci/run)"]
fn the_latest_pages_change_no_byte_of_the_models() {
    let pages = [seed("000"), seed("002")];
    let report = import(&pages, &root().join("model"), &names())
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    for model in &report.models {
        assert!(
            model.after == model.before,
            "{} would change:\n{}",
            model.path.display(),
            report.render()
        );
    }
    assert!(
        report.pages.iter().all(|p| p.notes.is_empty()),
        "{}",
        report.render()
    );
}

/// Every page cut after any line, or with any one line dropped, reads or gives an error: never
/// a panic. The cuts of the shortest page are imported too.
#[test]
#[ignore = "reads ../shared/seeds/ (run by .ci/run)"]
fn no_cut_of_a_seed_page_panics() {
    let model = root().join("model");
    let names = names();
    for prefix in ["000", "001", "002", "003", "004"] {
        let (file, bytes) = seed(prefix);
        let text = String::from_utf8(bytes).expect("UTF-8");
        let lines: Vec<&str> = text.split('\n').collect();
        for at in 0..lines.len() {
            let cut = lines[..at].join("\n");
            let mut dropped = lines.clone();
            dropped.remove(at);
            for variant in [cut, dropped.join("\n")] {
                let _ = codegen::import::page::read(&file, variant.as_bytes());
                if prefix == "000" {
                    let _ = import(&[(file.clone(), variant.into_bytes())], &model, &names);
                }
            }
        }
    }
}
