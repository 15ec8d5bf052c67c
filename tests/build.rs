//! Generates into `$OUT_DIR` what the integration tests take from the model and the fixture
//! directories, so that no test keeps a hand list of them:
//!
//! - `emit_fixtures.rs`: the service module of every emit fixture (`fixtures/emit/*.json`), one
//!   `pub mod` each, so that the integration tests compile the emitted code and call it
//!   (`wire_bindings` sends and reads messages through it);
//! - `fixture_lists.rs`: the names of `fixtures/emit/*.json` and `fixtures/errors/*.json`, as
//!   lists (`EMIT_FIXTURES`, `ERROR_FIXTURES`) and as macros that call a macro with them
//!   (`for_each_emit_fixture!`, `for_each_error_fixture!`), for one test per fixture;
//! - `model_operations.rs` (for `tests/common`): every service and operation of `../model/` as
//!   lists, and the macro `all_operations!` that calls a generic function once per operation;
//! - `round_trips.rs`: one round-trip test per operation of `../model/` (`wire_roundtrip`);
//! - `known_values.rs`: one known-value check per enum of `../model/` (`wire_roundtrip`);
//! - `protocol_suite.rs`: botocore's protocol test suites of the JSON protocols
//!   (`protocol_suite`): per suite a module generated from the suite's shapes and operation, and
//!   one test per case that runs it, or that fails with the loader's error when the model does not
//!   load. The suites are fetched by `protocols/fetch.sh` when `../target/botocore-protocols` does
//!   not hold them;
//! - `smithy_event_streams.rs`: Smithy's restJson1 event-stream protocol tests
//!   (`fixtures/smithy/event-stream.smithy`) converted into a model, its service module and its
//!   cases as JSON (`smithy_event_streams`);
//! - `botocore_<service>.rs`: a service module generated from botocore's own model cut down to
//!   the operations a test uses, for the client tests that call it on moto (`client_query`: STS,
//!   IAM, SNS, EC2; `client_rest_xml`: S3) and the event-stream tests (`event_streams`: Bedrock
//!   Runtime, Lambda, Kinesis), from the pinned botocore `corpus/fetch.sh` installs; one file per
//!   service, so that each test compiles only the services it calls.
//! - `botocore_dynamodb.rs`: DynamoDB's whole model with its client glue, paginators and
//!   waiters, which `client_wait` calls on moto;
//! - `paginate_fixture.rs`: the service of `fixtures/paginate/` with its client glue
//!   (`client_paginate`, `client_wait`).
//!
//! It also sets `BOTOCORE_DATA` and `BOTOCORE_SUITES` for the tests (`endpoint_rules`): the
//! directories those two scripts unpack botocore's models and its test suites into.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use codegen::ir::{Service, ShapeKind};
use serde_json::Value;

#[path = "protocols/generate.rs"]
mod protocol_suites;
#[path = "protocols/smithy_events.rs"]
mod smithy_events;
#[path = "protocols/smithy_idl.rs"]
mod smithy_idl;

fn main() {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let emit = fixtures(Path::new("fixtures/emit"));
    let errors = fixtures(Path::new("fixtures/errors"));
    write(&out_dir.join("emit_fixtures.rs"), &emit_fixtures(&emit));
    let lists = fixture_list("emit", "fixtures/emit", &emit)
        + &fixture_list("error", "fixtures/errors", &errors);
    write(&out_dir.join("fixture_lists.rs"), &lists);

    let model = Path::new("../model");
    for path in json_files(model) {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    let loaded = codegen::load_dir(model).unwrap_or_else(|e| panic!("{}", e.render(false)));
    // In module order, which puts `ivs` before `ivs_realtime` as the crate's `OPERATIONS` tests
    // expect (file-name order would not: `ivs-realtime.json` sorts before `ivs.json`).
    let mut services: Vec<&Service> = loaded.ir.services.iter().collect();
    services.sort_by(|a, b| a.module.cmp(&b.module));
    write(
        &out_dir.join("model_operations.rs"),
        &model_operations(&services),
    );
    write(&out_dir.join("round_trips.rs"), &round_trips(&services));
    write(&out_dir.join("known_values.rs"), &known_values(&services));

    let suites = protocol_suites::fetch();
    println!("cargo::rustc-env=BOTOCORE_SUITES={}", suites.display());
    write(
        &out_dir.join("protocol_suite.rs"),
        &protocol_suites::generate(&suites),
    );

    write(
        &out_dir.join("smithy_event_streams.rs"),
        &smithy_events::generate(),
    );

    for (name, code) in botocore_services() {
        write(&out_dir.join(format!("botocore_{name}.rs")), &code);
    }
    write(
        &out_dir.join("botocore_dynamodb.rs"),
        &botocore_with_client("dynamodb", None),
    );
    write(
        &out_dir.join("botocore_ec2_waiters.rs"),
        &botocore_with_client(
            "ec2",
            Some(&["RunInstances", "DescribeInstances", "TerminateInstances"]),
        ),
    );
    write(
        &out_dir.join("botocore_s3_client.rs"),
        &botocore_with_client("s3", Some(&["CreateBucket", "ListObjectsV2", "PutObject"])),
    );
    write(&out_dir.join("paginate_fixture.rs"), &paginate_fixture());
}

/// The service of `fixtures/paginate/` (a model and its paginators file) with its client glue,
/// for `client_paginate`: several tokens, `||`, nested paths, maps.
fn paginate_fixture() -> String {
    let dir = Path::new("fixtures/paginate");
    json_files(dir)
        .iter()
        .for_each(|path| println!("cargo::rerun-if-changed={}", path.display()));
    let loaded = codegen::load_dir(dir).unwrap_or_else(|e| panic!("{}", e.render(false)));
    loaded
        .ir
        .services
        .iter()
        .map(|service| {
            let code =
                codegen::generate::service_file_with_client(service, quote::quote!(::ivs_models));
            format!("pub mod {} {{\n{code}\n}}\n", service.module)
        })
        .collect()
}

/// The services of botocore's models that the client tests call on moto (`client_query`,
/// `client_rest_xml`) or that the event-stream tests write and read events of (`event_streams`), from the pinned botocore that `corpus/fetch.sh` unpacks into
/// `../target/botocore`: each with the operations the tests call, the model cut down to them and
/// the shapes they reach (the whole of each model is generated and checked by the corpus).
const BOTOCORE_SERVICES: &[(&str, &[&str])] = &[
    ("sts", &["AssumeRole", "GetCallerIdentity"]),
    ("iam", &["CreateUser", "GetUser", "ListUsers", "TagUser"]),
    (
        "sns",
        &["CreateTopic", "ListTopics", "Publish", "Subscribe"],
    ),
    (
        "ec2",
        &["RunInstances", "DescribeInstances", "TerminateInstances"],
    ),
    ("cloudwatch", &["ListMetrics", "PutMetricData"]),
    (
        "bedrock-runtime",
        &[
            "Converse",
            "ConverseStream",
            "InvokeModelWithBidirectionalStream",
        ],
    ),
    ("lambda", &["InvokeWithResponseStream"]),
    ("kinesis", &["SubscribeToShard"]),
    (
        "s3",
        &[
            "CreateBucket",
            "DeleteObjects",
            "GetBucketLocation",
            "GetObject",
            "ListObjectsV2",
            "PutObject",
            "SelectObjectContent",
        ],
    ),
];

/// Runs one of the scripts that install a pinned part of botocore from PyPI (`script`, relative
/// to this package; it does nothing when the part is installed) and gives the directory it
/// prints. A failure stops the build with the script's message: no test skips silently.
fn install(script: &str, what: &str) -> PathBuf {
    println!("cargo::rerun-if-changed={script}");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let output = std::process::Command::new("bash")
        .arg(manifest.join(script))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {script}: {e}"));
    if !output.status.success() {
        panic!(
            "{script} could not install {what} (it needs python3 with pip and access to \
             PyPI):\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    PathBuf::from(String::from_utf8_lossy(&output.stdout).trim())
}

/// Each of [`BOTOCORE_SERVICES`] with its service module (`pub mod <name>`).
fn botocore_services() -> Vec<(&'static str, String)> {
    let data = install("corpus/fetch.sh", "botocore's models");
    // `botocore_corpus` reads every model, paginators and waiters file there.
    println!("cargo::rustc-env=BOTOCORE_DATA={}", data.display());
    let mut out = Vec::new();
    for (name, operations) in BOTOCORE_SERVICES {
        let (path, text) = newest_model(&data, name);
        // CloudWatch lists rpcv2Cbor first, then awsJson and awsQuery: botocore's order (the
        // generator's) picks awsJson, the SDKs that speak CBOR pick CBOR. The tests call it in
        // CBOR, which moto does not speak, against the server half (`client_cbor`).
        let text = if *name == "cloudwatch" {
            let mut model: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
            model["metadata"]["protocols"] = serde_json::json!(["smithy-rpc-v2-cbor"]);
            serde_json::to_string(&model).expect("JSON prints")
        } else {
            text
        };
        let file = codegen::SourceFile {
            name: format!("{name}.json"),
            text,
        };
        let loaded = codegen::load_selected(vec![file], &selection(name, operations))
            .unwrap_or_else(|e| panic!("{}", e.render(false)));
        let code =
            codegen::generate::service_file(&loaded.ir.services[0], quote::quote!(::ivs_models));
        let module = name.replace('-', "_");
        out.push((*name, format!("pub mod {module} {{\n{code}\n}}\n")));
    }
    out
}

/// Only `operations` of the service `name` (and the shapes, paginators and waiters they reach).
fn selection(name: &str, operations: &[&str]) -> codegen::select::Selection {
    codegen::select::Selection::all().operations("tests/build.rs", name, operations)
}

/// The newest model of botocore's service `name` under `data`: its path and text.
fn newest_model(data: &Path, name: &str) -> (PathBuf, String) {
    let dir = data.join(name);
    let mut versions: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("service-2.json.gz").is_file())
        .collect();
    versions.sort();
    let path = versions
        .last()
        .unwrap_or_else(|| panic!("no version of {name} in {}", dir.display()))
        .join("service-2.json.gz");
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(
            std::fs::File::open(&path)
                .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display())),
        ),
        &mut text,
    )
    .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    (path, text)
}

/// botocore's model of service `name` (whole, or cut down to `operations`) with the paginators
/// and waiters files beside it (those of the operations kept), as a `pub mod` with its client
/// glue.
fn botocore_with_client(name: &str, operations: Option<&[&str]>) -> String {
    let data = install("corpus/fetch.sh", "botocore's models");
    let (path, text) = newest_model(&data, name);
    let mut files = vec![codegen::SourceFile {
        name: format!("{name}.json"),
        text,
    }];
    if let Some(version) = path.parent() {
        files.extend(codegen::botocore_siblings(version, name).unwrap_or_else(|e| panic!("{e}")));
    }
    let selection = match operations {
        Some(operations) => selection(name, operations),
        None => codegen::select::Selection::all(),
    };
    let loaded =
        codegen::load_selected(files, &selection).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let code = codegen::generate::service_file_with_client(
        &loaded.ir.services[0],
        quote::quote!(::ivs_models),
    );
    format!("pub mod {name} {{\n{code}\n}}\n")
}

/// The `*.json` files of `dir`, in name order; cargo reruns the script when the directory or
/// one of them changes.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
}

/// The fixtures of `dir`: its `*.json` files, which must be all it holds, since each fixture has
/// its test.
fn fixtures(dir: &Path) -> Vec<PathBuf> {
    let paths = json_files(dir);
    for entry in std::fs::read_dir(dir).expect("read above") {
        let path = entry.expect("a directory entry").path();
        assert!(
            paths.contains(&path),
            "{} is no `.json` fixture: each file of {} is one",
            path.display(),
            dir.display()
        );
    }
    paths
}

fn write(target: &Path, text: &str) {
    std::fs::write(target, text)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
}

/// The file stem of a fixture, which names its test, so it must be a Rust identifier.
fn stem(path: &Path) -> &str {
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_else(|| panic!("{} has no UTF-8 name", path.display()));
    let identifier = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    assert!(
        identifier,
        "{}: name fixtures in snake_case, they name tests",
        path.display()
    );
    name
}

fn emit_fixtures(paths: &[PathBuf]) -> String {
    let mut out = String::new();
    for path in paths {
        println!("cargo::rerun-if-changed={}", path.display());
        let name = stem(path);
        let file = codegen::SourceFile {
            name: path.display().to_string(),
            text: std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())),
        };
        let loaded =
            codegen::load_files(vec![file]).unwrap_or_else(|e| panic!("{}", e.render(false)));
        let service = &loaded.ir.services[0];
        let code = codegen::generate::service_file(service, quote::quote!(::ivs_models));
        let _ = writeln!(out, "pub mod {name} {{\n{code}\n}}\n");
    }
    out
}

/// `const <KIND>_FIXTURES: &[&str]` of the fixtures' stems, and `macro_rules!
/// for_each_<kind>_fixture { ($m:ident) => { $m! { a, b, ... } } }` over them. The test file
/// invokes `for_each_<kind>_fixture!(its_macro)`, so that insta, which names snapshots after the
/// file of the outermost macro call, puts them beside the test file and not in `$OUT_DIR`.
fn fixture_list(kind: &str, dir: &str, paths: &[PathBuf]) -> String {
    let list = format!("{}_FIXTURES", kind.to_ascii_uppercase());
    let name = format!("for_each_{kind}_fixture");
    let stems: Vec<&str> = paths.iter().map(|p| stem(p)).collect();
    format!(
        "/// The name of every fixture of `{dir}/`, in name order.\n\
         #[allow(dead_code)]\n\
         const {list}: &[&str] = &{stems:?};\n\n\
         /// Calls `$m!` with the name of every fixture of `{dir}/`, in name order.\n\
         #[allow(unused_macros)]\n\
         macro_rules! {name} {{\n    ($m:ident) => {{\n        $m! {{ {} }}\n    }};\n}}\n\n",
        stems.join(", ")
    )
}

/// The lists of services and operations and the `all_operations!` macro, for `tests/common`.
fn model_operations(services: &[&Service]) -> String {
    let mut out = String::from(
        "/// `(fixture directory, the module's OPERATIONS)` of every service of `model/`, in \
         module order.\n\
         #[allow(dead_code)]\n\
         pub static SERVICES: &[(&str, &[::ivs_models::OperationInfo])] = &[\n",
    );
    for service in services {
        let _ = writeln!(
            out,
            "    ({:?}, ::ivs_models::{}::OPERATIONS),",
            service.stem, service.module
        );
    }
    out.push_str(
        "];\n\n\
         /// `(fixture directory, operation, whether it has an output structure)` of every \
         operation of `model/`, in `SERVICES` and then model order.\n\
         #[allow(dead_code)]\n\
         pub static MODEL_OPERATIONS: &[(&str, &str, bool)] = &[\n",
    );
    for service in services {
        for operation in &service.operations {
            let _ = writeln!(
                out,
                "    ({:?}, {:?}, {}),",
                service.stem,
                operation.wire_name,
                operation.output.is_some()
            );
        }
    }
    out.push_str(
        "];\n\n\
         /// Calls a generic function once per operation of `model/`, with its fixture directory \
         (`fixtures/wire/<dir>`), and returns the results in `MODEL_OPERATIONS` order.\n\
         #[allow(unused_macros)]\n\
         macro_rules! all_operations {\n    ($f:ident) => {\n        [\n",
    );
    for service in services {
        for operation in &service.operations {
            let _ = writeln!(
                out,
                "            $f::<::ivs_models::{}::operation::{}>({:?}),",
                service.module, operation.rust_name, service.stem
            );
        }
    }
    out.push_str("        ]\n    };\n}\n");
    out
}

/// One `#[test]` per operation, `<module>_<method>`, calling `round_trip::<Operation>(dir)`, and
/// `ROUND_TRIPS`, the `(fixture directory, operation)` of each.
fn round_trips(services: &[&Service]) -> String {
    let mut tests = String::new();
    let mut list = String::from(
        "/// `(fixture directory, operation)` of every generated round-trip test.\n\
         const ROUND_TRIPS: &[(&str, &str)] = &[\n",
    );
    for service in services {
        for operation in &service.operations {
            let (module, dir) = (&service.module, &service.stem);
            let _ = writeln!(
                tests,
                "#[test]\nfn {module}_{}() {{\n    \
                 round_trip::<::ivs_models::{module}::operation::{}>({dir:?});\n}}\n",
                operation.method, operation.rust_name
            );
            let _ = writeln!(list, "    ({:?}, {:?}),", service.stem, operation.wire_name);
        }
    }
    list.push_str("];\n");
    tests + &list
}

/// One `#[test]` per enum shape, `<module>_<shape>_known_values`, calling `check_known_values!`,
/// and `KNOWN_VALUE_CHECKS`, the `(model file, shape)` of each.
///
/// Every enum of the model is checked: each becomes a type of its service module. None is left
/// out.
fn known_values(services: &[&Service]) -> String {
    let mut tests = String::new();
    let mut list = String::from(
        "/// `(model file, enum shape)` of every generated known-value check.\n\
         const KNOWN_VALUE_CHECKS: &[(&str, &str)] = &[\n",
    );
    for service in services {
        let model_file = format!("{}.json", service.stem);
        for shape in service.shapes.values() {
            if !matches!(shape.kind, ShapeKind::Enum(_)) {
                continue;
            }
            let _ = writeln!(
                tests,
                "#[test]\nfn {}_{}_known_values() {{\n    use ::ivs_models::{}::{};\n    \
                 check_known_values!({model_file:?}, {:?}, {});\n}}\n",
                service.module,
                snake_case(&shape.rust_name),
                service.module,
                shape.rust_name,
                shape.wire_name,
                shape.rust_name
            );
            let _ = writeln!(list, "    ({model_file:?}, {:?}),", shape.wire_name);
        }
    }
    list.push_str("];\n");
    tests + &list
}

/// `ChannelLatencyMode` → `channel_latency_mode`, `RenditionConfigurationHDR` → `…_hdr`.
fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let after_lower = !chars[i - 1].is_ascii_uppercase();
            let before_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if after_lower || (chars[i - 1].is_ascii_uppercase() && before_lower) {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}
