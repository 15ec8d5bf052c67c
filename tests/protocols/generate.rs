//! The build-script half of the protocol suite test (`tests/protocol_suite.rs`): fetches
//! botocore's protocol test suites when they are missing, and writes one module per suite of
//! [`FILES`] (the suite's metadata and shapes plus its operation, generated as any model is)
//! and one `#[test]` per case.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

/// The suite files this test runs, as botocore names them (`input/<file>` and `output/<file>`).
pub const FILES: &[&str] = &[
    "rest-json.json",
    "rest-xml.json",
    "json.json",
    "json_1_0.json",
    "json_1_0-query-compatible.json",
    "query.json",
    "ec2.json",
    "smithy-rpc-v2-cbor.json",
    "smithy-rpc-v2-cbor-non-query-compatible.json",
    "smithy-rpc-v2-cbor-query-compatible.json",
];

/// The directions of a suite file: requests written, responses read.
const DIRECTIONS: &[&str] = &["input", "output"];

/// The directory holding botocore's `tests/unit/protocols`, fetched by `protocols/fetch.sh` when
/// it does not hold the pinned version yet.
pub fn fetch() -> PathBuf {
    println!("cargo::rerun-if-changed=protocols/generate.rs");
    let dest = crate::install("protocols/fetch.sh", "botocore's protocol test suites");
    for direction in DIRECTIONS {
        for file in FILES {
            println!(
                "cargo::rerun-if-changed={}",
                dest.join(direction).join(file).display()
            );
        }
    }
    dest
}

/// The Rust identifier of a suite file and direction: `rest-json.json`, `input` →
/// `rest_json_input`.
fn ident(file: &str, direction: &str) -> String {
    let stem = file.trim_end_matches(".json").replace(['-', '.'], "_");
    format!("{stem}_{direction}")
}

/// The modules and tests of every case of [`FILES`], and `SUITES_DIR` and `CASES`, the name of
/// each case (`rest-json input 12.3`) as the skip list names it.
pub fn generate(dir: &Path) -> String {
    let mut out = format!(
        "/// Where botocore's protocol test suites are.\n\
         const SUITES_DIR: &str = {:?};\n\n",
        dir.display().to_string()
    );
    let mut cases = String::from(
        "/// Every case of the suites run, as `<file> <direction> <suite>.<case>`.\n\
         const CASES: &[&str] = &[\n",
    );
    for direction in DIRECTIONS {
        for file in FILES {
            let path = dir.join(direction).join(file);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let suites: Vec<Value> = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not a list of suites: {e}", path.display()));
            let name = file.trim_end_matches(".json");
            for (i, suite) in suites.iter().enumerate() {
                let module = format!("{}_{i}", ident(file, direction));
                let count = suite["cases"].as_array().map_or(0, Vec::len);
                suite_module(&mut out, &module, name, direction, i, suite);
                for j in 0..count {
                    let _ = writeln!(cases, "    \"{name} {direction} {i}.{j}\",");
                }
            }
        }
    }
    cases.push_str("];\n");
    out + &cases
}

/// The module of suite `i` and a test per case. The cases of a suite share one operation
/// (`given`); a case whose `given` differs from the first's gets a module of its own.
fn suite_module(
    out: &mut String,
    module: &str,
    file: &str,
    direction: &str,
    i: usize,
    suite: &Value,
) {
    let Some(cases) = suite["cases"].as_array() else {
        return;
    };
    let mut givens: Vec<&Value> = Vec::new();
    for (j, case) in cases.iter().enumerate() {
        let given = &case["given"];
        let g = match givens.iter().position(|seen| *seen == given) {
            Some(g) => g,
            None => {
                givens.push(given);
                let module = format!("{module}_{}", givens.len() - 1);
                model_module(out, &module, suite, given);
                givens.len() - 1
            }
        };
        let module = format!("{module}_{g}");
        let test = format!("{}_{i}_{j}", ident(&format!("{file}.json"), direction));
        let _ = writeln!(
            out,
            "#[test]\nfn {test}() {{\n    {module}::run({file:?}, {direction:?}, {i}, {j});\n}}\n"
        );
    }
}

/// A module holding the model of `suite` with operation `given` (`MODEL`), the service module
/// generated from it, and `run`, which runs a case through the operation; or, when the model does
/// not load or generate, a `run` that fails with why.
fn model_module(out: &mut String, module: &str, suite: &Value, given: &Value) {
    let text = model(suite, given);
    let file = codegen::SourceFile {
        name: format!("{module}.json"),
        text: text.clone(),
    };
    let generated = codegen::load_files(vec![file])
        .map_err(|e| e.render(false))
        .and_then(|loaded| {
            let service = &loaded.ir.services[0];
            let operation = service
                .operations
                .first()
                .ok_or("the model has no operation")?
                .rust_name
                .clone();
            let code = codegen::generate::service_file(service, quote::quote!(::ivs_models));
            Ok((operation, code))
        });
    let body = match generated {
        Ok((operation, code)) => format!(
            "    pub fn run(file: &str, direction: &str, suite: usize, case: usize) {{\n        \
             crate::run_case::<operation::{operation}>(MODEL, file, direction, suite, case);\n    \
             }}\n\n    mod service {{\n{code}\n    }}\n    pub use service::*;\n"
        ),
        Err(error) => format!(
            "    pub fn run(file: &str, direction: &str, suite: usize, case: usize) {{\n        \
             crate::model_fails(file, direction, suite, case, {error:?});\n    }}\n"
        ),
    };
    let _ = writeln!(
        out,
        "// The suites name members `foo` and `baz`.\n\
         #[allow(dead_code, unused_imports, clippy::disallowed_names)]\nmod {module} {{\n    \
         /// The model: the suite's metadata and shapes, and the case's operation.\n    \
         pub const MODEL: &str = {text:?};\n\n{body}}}\n"
    );
}

/// The service-2 model of a suite with one operation: the suite's metadata and shapes, with the
/// metadata the loader requires and the suites leave out.
fn model(suite: &Value, given: &Value) -> String {
    let mut metadata = suite["metadata"].as_object().cloned().unwrap_or_default();
    let defaults = [
        ("apiVersion", "2020-01-01"),
        ("endpointPrefix", "protocolsuite"),
        ("serviceFullName", "Protocol Suite"),
        ("serviceId", "Protocol Suite"),
        ("signatureVersion", "v4"),
        ("signingName", "protocolsuite"),
        ("uid", "protocolsuite-2020-01-01"),
    ];
    for (key, value) in defaults {
        metadata
            .entry(key)
            .or_insert_with(|| Value::String(value.to_owned()));
    }
    let name = given["name"].as_str().unwrap_or("OperationName").to_owned();
    let mut given = given.clone();
    // botocore's runner wraps a query output that has members in `<OperationResult>`, as the
    // real models say with `resultWrapper`.
    let output_has_members = given["output"]["shape"]
        .as_str()
        .and_then(|shape| suite["shapes"][shape]["members"].as_object())
        .is_some_and(|members| !members.is_empty());
    if metadata.get("protocol").and_then(Value::as_str) == Some("query") && output_has_members {
        given["output"]["resultWrapper"] = Value::String(format!("{name}Result"));
    }
    let mut operations = Map::new();
    operations.insert(name, given);
    let model = json!({
        "version": "2.0",
        "metadata": metadata,
        "operations": operations,
        "shapes": suite["shapes"],
    });
    serde_json::to_string_pretty(&model).expect("a JSON value prints")
}
