//! Every kind of model mistake, each from a tiny fixture in `tests/fixtures/errors/`, rendered as
//! the user reads it. The snapshots are the messages: review them as prose.

mod common;

use std::path::Path;

use codegen::{LoadError, SourceFile};

fn fixture(name: &str) -> SourceFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/errors/{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    SourceFile {
        name: format!("tests/fixtures/errors/{name}.json"),
        text,
    }
}

/// A file of `tests/`, named as the user names it.
fn read(path: &str) -> SourceFile {
    SourceFile {
        name: format!("tests/{path}"),
        text: std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
            .unwrap_or_else(|e| panic!("cannot read {path}: {e}")),
    }
}

/// Loads the files and returns the rendered diagnostics; fails if the files load cleanly.
fn errors(files: Vec<SourceFile>) -> String {
    match codegen::load_files(files) {
        Ok(_) => panic!("the model loaded, but it has a mistake"),
        Err(error @ LoadError::Model { .. }) => error.render(false),
        Err(other) => panic!("not a model error: {other:?}"),
    }
}

macro_rules! mistake {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(errors(vec![fixture(stringify!($name))]));
        }
    )*};
}

// `for_each_error_fixture!`, over the names of `fixtures/errors/*.json`, written by
// `tests/build.rs`: every fixture has its test, named after it.
include!(concat!(env!("OUT_DIR"), "/fixture_lists.rs"));

for_each_error_fixture!(mistake);

/// The fixtures' snapshots are all there is: no snapshot is left of a removed or renamed fixture.
#[test]
fn every_snapshot_has_its_fixture() {
    // The paginators' and waiters' mistakes are a model and a file beside it,
    // `fixtures/paginate/`.
    let snapshots = [
        ERROR_FIXTURES,
        &[
            "paginators_that_do_not_fit_their_model",
            "waiters_that_do_not_fit_their_model",
        ],
    ]
    .concat();
    let orphans = common::snapshots_of_no_fixture("model_errors", &snapshots);
    assert!(
        orphans.is_empty(),
        "snapshots of no fixture in fixtures/errors: {orphans:?}"
    );
}

#[test]
fn problems_in_several_files_are_reported_together() {
    let rendered = errors(vec![
        fixture("unknown_key"),
        fixture("missing_shape"),
        fixture("invalid_json"),
    ]);
    for needle in [
        "unknown_key.json:8:7",
        "missing_shape.json:9:27",
        "invalid_json.json:6:31",
        "due to 4 previous errors",
    ] {
        assert!(
            rendered.contains(needle),
            "`{needle}` missing from:\n{rendered}"
        );
    }
}

/// A paginators file whose paginators do not fit the model (`fixtures/paginate/paged.json`):
/// an operation it lacks, members it lacks, an expression outside the subset, types that do not
/// fit, tokens that do not pair up.
#[test]
fn paginators_that_do_not_fit_their_model() {
    insta::assert_snapshot!(errors(vec![
        read("fixtures/paginate/paged.json"),
        read("fixtures/paginate/mistakes/paged.paginators.json"),
    ]));
}

/// A waiters file whose waiters do not fit the model (`fixtures/paginate/paged.json`): an
/// operation it lacks, a member it lacks, expressions outside the subset or of the wrong kind
/// for their matcher, matchers, states and values that do not exist.
#[test]
fn waiters_that_do_not_fit_their_model() {
    insta::assert_snapshot!(errors(vec![
        read("fixtures/paginate/paged.json"),
        read("fixtures/paginate/mistakes/paged.waiters.json"),
    ]));
}

#[test]
fn paginators_of_no_model() {
    let rendered = errors(vec![SourceFile {
        name: "model/ivs.paginators.json".to_owned(),
        text: r#"{"pagination": {}}"#.to_owned(),
    }]);
    assert!(
        rendered.contains("paginators of `ivs`, which has no model"),
        "{rendered}"
    );
}

#[test]
fn the_real_models_load_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../model");
    match codegen::load_dir(&dir) {
        Ok(loaded) => {
            // A service per model file, with every operation of the file, and its endpoint rule
            // set when one is beside it.
            let files: Vec<String> = std::fs::read_dir(&dir)
                .expect("model/ is readable")
                .map(|e| {
                    e.expect("an entry")
                        .file_name()
                        .to_string_lossy()
                        .into_owned()
                })
                .filter(|name| name.ends_with(".json"))
                .collect();
            let rule_sets: Vec<&String> = files
                .iter()
                .filter(|name| name.ends_with(codegen::ENDPOINT_RULES_SUFFIX))
                .collect();
            let models: Vec<&String> = files
                .iter()
                .filter(|name| codegen::sibling_of(name).is_none())
                .collect();
            assert_eq!(loaded.ir.services.len(), models.len());
            for service in &loaded.ir.services {
                let rules = format!("{}{}", service.stem, codegen::ENDPOINT_RULES_SUFFIX);
                assert_eq!(
                    service.endpoint_rules.is_some(),
                    rule_sets.contains(&&rules),
                    "{rules}"
                );
                let path = dir.join(format!("{}.json", service.stem));
                let text = std::fs::read_to_string(&path).expect("the model is readable");
                let model: serde_json::Value = serde_json::from_str(&text).expect("JSON");
                let mut in_file: Vec<&str> = model["operations"]
                    .as_object()
                    .expect("`operations` is an object")
                    .keys()
                    .map(String::as_str)
                    .collect();
                let mut lowered: Vec<&str> = service
                    .operations
                    .iter()
                    .map(|o| o.wire_name.as_str())
                    .collect();
                in_file.sort_unstable();
                lowered.sort_unstable();
                assert_eq!(lowered, in_file, "{}", path.display());
            }
        }
        Err(error) => panic!("{}", error.render(false)),
    }
}

/// No input makes the loader panic: every prefix of a real model, and assorted hostile texts.
#[test]
fn hostile_input_gives_errors_not_panics() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/ivs-realtime.json");
    let real = std::fs::read_to_string(path).expect("the model is readable");
    let mut texts: Vec<String> = (0..real.len())
        .step_by(509)
        .filter(|&cut| real.is_char_boundary(cut))
        .map(|cut| real[..cut].to_owned())
        .collect();
    texts.extend(
        [
            "", " ", "null", "[]", "\"shapes\"", "{}", "{\"shapes\": []}", "{\"shapes\": {\"A\": 1}}",
            "{\"operations\": {\"X\": {\"http\": {\"requestUri\": \"/{\"}}}}",
            "{\"shapes\": {\"A\": {\"type\": \"structure\", \"members\": {\"a\": {\"shape\": \"A\"}}}}}",
            "{\"a\": \"\\ud800\"}", "{\"a\": 1e999999}", "\u{feff}{}", "{\"\u{0}\": 0}",
        ]
        .map(str::to_owned),
    );
    texts.push("[".repeat(100_000));
    texts.push(format!(
        "{}{}",
        "{\"a\":".repeat(10_000),
        "}".repeat(10_000)
    ));
    for text in texts {
        let file = SourceFile {
            name: "hostile.json".to_owned(),
            text,
        };
        let result = codegen::load_files(vec![file]);
        if let Err(error) = result {
            let _ = error.render(false);
        }
    }
}

/// An endpoint rule set beside a model (`<stem>.endpoint-rule-set.json`) is checked for its
/// form, and one without its model is an error.
#[test]
fn bad_endpoint_rule_sets_are_located() {
    let named = |name: &str, text: &str| SourceFile {
        name: format!("tests/fixtures/{name}"),
        text: text.to_owned(),
    };
    // A model with no mistake of its own.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/emit/blobs.json");
    let model =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let suffix = codegen::ENDPOINT_RULES_SUFFIX;
    let rendered = errors(vec![
        named("emit/blobs.json", &model),
        named(
            &format!("emit/blobs{suffix}"),
            "{\"version\": \"1.0\",\n \"rules\": {}}\n",
        ),
        named(
            &format!("emit/nothing{suffix}"),
            "{\"version\": \"1.0\", \"parameters\": {}, \"rules\": []}\n",
        ),
    ]);
    insta::assert_snapshot!(rendered, @r#"
    error: the endpoint rule set has no `parameters`
     --> tests/fixtures/emit/blobs.endpoint-rule-set.json:1:1
      |
    1 | {"version": "1.0",
      | ^ this object
      |
    note: at JSON path `(document root)`

    error: expected an array, found an object
     --> tests/fixtures/emit/blobs.endpoint-rule-set.json:2:11
      |
    2 |  "rules": {}}
      |           ^^ this is an object
      |
    note: at JSON path `rules`
    help: write a JSON array: ["...", "..."]

    error: an endpoint rule set without its model: no `nothing.json` beside it
     --> tests/fixtures/emit/nothing.endpoint-rule-set.json:1:1
      |
    1 | {"version": "1.0", "parameters": {}, "rules": []}
      | ^ the rule set of no model
      |
    note: at JSON path `(document root)`
    help: name it after its model's file: `<model>.endpoint-rule-set.json`

    error: could not load the model due to 3 previous errors
    "#);
    let syntax = errors(vec![
        named("emit/blobs.json", &model),
        named(&format!("emit/blobs{suffix}"), "{\"version\": }"),
    ]);
    insta::assert_snapshot!(syntax, @r#"
    error: invalid JSON: unexpected close brace
     --> tests/fixtures/emit/blobs.endpoint-rule-set.json:1:13
      |
    1 | {"version": }
      |             ^ the JSON parser stopped here
      |
    note: at JSON path `(document root)`
    help: an endpoint rule set is strict JSON: no comments, no trailing commas

    error: could not load the model due to 1 previous error
    "#);
}
