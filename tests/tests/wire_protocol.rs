//! The operations of the IVS and IVS RealTime models on the HTTP wire: the request each builds
//! from its fixture (`fixtures/wire/<service>/<Operation>.request.json`) as a snapshot a person
//! reads; `parse_request(request(x)) == x` and `response(write_response(y)) == y` over values
//! generated from the fixtures (unicode, empty strings, `/` and `%` in labels, unknown enum
//! values, members left out); and hostile responses and requests, which are errors, never panics.

#[macro_use]
mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use common::{MODEL_OPERATIONS, response, show_request};
use ivs_models::{Operation, ResponseError};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use serde_json::Value;

fn fixture(service_dir: &str, operation: &str, kind: &str) -> Option<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/wire")
        .join(service_dir)
        .join(format!("{operation}.{kind}.json"));
    let text = std::fs::read_to_string(path).ok()?;
    Some(serde_json::from_str(&text).expect("a fixture is JSON"))
}

fn input<O: Operation>(service_dir: &str) -> O::Input {
    let json =
        fixture(service_dir, O::NAME, "request").expect("every operation has a request fixture");
    serde_json::from_value(json).expect("the fixture is an input")
}

// ---------------------------------------------------------------------------------------------
// The request of every operation, as a person reads it.
// ---------------------------------------------------------------------------------------------

fn request_snapshot<O: Operation>(service_dir: &str) -> String {
    let request = O::request(&input::<O>(service_dir)).expect("the fixture's request is built");
    format!("{service_dir} {}\n{}\n", O::NAME, show_request(&request))
}

#[test]
fn every_operation_builds_its_request() {
    let requests = all_operations!(request_snapshot);
    assert_eq!(requests.len(), MODEL_OPERATIONS.len());
    insta::assert_snapshot!("requests", requests.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Round trips over generated values.
// ---------------------------------------------------------------------------------------------

/// Values shaped like `template`: every string may become unicode, empty, `/`, `%` or an unknown
/// enum value (timestamps stay timestamps), numbers and booleans any of their kind, lists one to
/// three elements like the first, and each object member may be left out.
fn like(template: &Value) -> BoxedStrategy<Value> {
    match template {
        Value::Object(members) => {
            let members: Vec<BoxedStrategy<Option<(String, Value)>>> = members
                .iter()
                .map(|(key, value)| {
                    let key = key.clone();
                    proptest::option::weighted(0.85, like(value))
                        .prop_map(move |v| v.map(|v| (key.clone(), v)))
                        .boxed()
                })
                .collect();
            members
                .prop_map(|members| Value::Object(members.into_iter().flatten().collect()))
                .boxed()
        }
        Value::Array(items) => match items.first() {
            Some(first) => proptest::collection::vec(like(first), 1..=3)
                .prop_map(Value::Array)
                .boxed(),
            None => Just(Value::Array(Vec::new())).boxed(),
        },
        Value::String(text) if text.parse::<ivs_models::Timestamp>().is_ok() => {
            (-2_000_000_000i64..4_000_000_000, 0i32..1_000_000_000)
                .prop_map(|(seconds, nanos)| {
                    let time = ivs_models::Timestamp::new(seconds, nanos).expect("in range");
                    Value::String(time.to_string())
                })
                .boxed()
        }
        Value::String(text) => prop_oneof![
            Just(Value::String(text.clone())),
            Just(Value::String(String::new())),
            Just(Value::String("/".to_owned())),
            Just(Value::String("100%/a%2Fb?c=d&e#f".to_owned())),
            Just(Value::String("NOT_A_KNOWN_VALUE".to_owned())),
            "\\PC{0,12}".prop_map(Value::String),
            any::<String>().prop_map(Value::String),
        ]
        .boxed(),
        Value::Number(number) if number.is_f64() => {
            (-1e12f64..1e12).prop_map(|n| serde_json::json!(n)).boxed()
        }
        Value::Number(_) => any::<i32>().prop_map(|n| serde_json::json!(n)).boxed(),
        Value::Bool(_) => any::<bool>().prop_map(Value::Bool).boxed(),
        Value::Null => Just(Value::Null).boxed(),
    }
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: 48,
        max_global_rejects: 4096,
        failure_persistence: None,
        ..Config::default()
    })
}

fn report(operation: &str, result: Result<(), TestError<Value>>) {
    if let Err(error) = result {
        panic!("{operation}: {error}");
    }
}

fn requests_round_trip<O: Operation>(service_dir: &str) -> usize {
    let template = fixture(service_dir, O::NAME, "request").expect("a request fixture");
    let checked = std::cell::Cell::new(0usize);
    let result = runner().run(&like(&template), |json| {
        let Ok(input) = serde_json::from_value::<O::Input>(json) else {
            return Err(TestCaseError::reject("a required member was left out"));
        };
        match O::request(&input) {
            Ok(request) => {
                let mut parsed = O::parse_request(&request)
                    .map_err(|e| TestCaseError::fail(format!("{e}\n{}", show_request(&request))))?;
                // An unset idempotency token is sent as a fresh UUID.
                let mut expected = input.clone();
                if O::idempotency_token(&mut expected).is_some_and(|t| t.is_none()) {
                    let sent = O::idempotency_token(&mut parsed).and_then(|t| t.take());
                    prop_assert!(sent.as_ref().is_some_and(|t| t.len() == 36), "{sent:?}");
                } else {
                    prop_assert_eq!(&parsed, &input, "{}", show_request(&request));
                }
            }
            // An empty label would address another resource: the only reason to refuse.
            Err(error) => prop_assert!(
                error.message() == "a URI label needs a non-empty value",
                "{error}"
            ),
        }
        checked.set(checked.get() + 1);
        Ok(())
    });
    report(O::NAME, result);
    checked.get()
}

fn responses_round_trip<O: Operation>(service_dir: &str) -> usize {
    let template =
        fixture(service_dir, O::NAME, "response").unwrap_or_else(|| serde_json::json!({}));
    let checked = std::cell::Cell::new(0usize);
    let result = runner().run(&like(&template), |json| {
        let Ok(output) = serde_json::from_value::<O::Output>(json) else {
            return Err(TestCaseError::reject("a required member was left out"));
        };
        let written = O::write_response(&output);
        prop_assert_eq!(written.status().as_u16(), O::SUCCESS_STATUS);
        let read = O::response(&written).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&read, &output);
        checked.set(checked.get() + 1);
        Ok(())
    });
    report(O::NAME, result);
    checked.get()
}

#[test]
fn parse_request_reads_back_every_request() {
    let counts = all_operations!(requests_round_trip);
    assert!(counts.iter().all(|&n| n >= 48), "{counts:?}");
}

#[test]
fn response_reads_back_every_written_response() {
    let counts = all_operations!(responses_round_trip);
    assert!(counts.iter().all(|&n| n >= 48), "{counts:?}");
}

#[test]
fn labels_keep_slashes_percent_signs_and_unicode() {
    use ivs_models::ivs::ListTagsForResourceRequest;
    use ivs_models::ivs::operation::ListTagsForResource;
    for arn in [
        "a/b",
        "100%",
        "%2F",
        "é/ü?#&=+",
        " ",
        "..",
        "arn:aws:ivs:us-west-2:1:channel/x",
    ] {
        let input = ListTagsForResourceRequest::new(arn);
        let request = ListTagsForResource::request(&input).expect("built");
        let path = request.uri().path();
        assert!(
            path.starts_with("/tags/") && !path[6..].contains('/'),
            "{path}"
        );
        assert_eq!(
            ListTagsForResource::parse_request(&request).expect("read"),
            input
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile responses and requests.
// ---------------------------------------------------------------------------------------------

/// Runs `f`, failing the test with `what` if it panics.
fn no_panic<T>(what: &str, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| panic!("{what}: panicked"))
}

/// Success responses whose bodies are no output: wrong JSON types, truncated documents, junk,
/// many megabytes, deep nesting.
fn hostile_bodies(fixture: &Value) -> Vec<Vec<u8>> {
    let text = serde_json::to_vec(fixture).expect("JSON");
    let mut bodies: Vec<Vec<u8>> = vec![
        b"null".to_vec(),
        b"[]".to_vec(),
        b"\"{}\"".to_vec(),
        b"42".to_vec(),
        b"{\"a\":}".to_vec(),
        b"\xff\xfe\x00{".to_vec(),
        b"<html>502 Bad Gateway</html>".to_vec(),
        "[".repeat(100_000).into_bytes(),
        "{\"a\":".repeat(100_000).into_bytes(),
        format!("{{\"x\": \"{}", "a".repeat(16 << 20)).into_bytes(),
    ];
    // Every member given a value of each wrong kind.
    if let Value::Object(members) = fixture {
        for (key, value) in members {
            for wrong in [
                serde_json::json!(17),
                serde_json::json!("text"),
                serde_json::json!([]),
                serde_json::json!({"k": 1}),
                serde_json::json!(true),
            ] {
                let same_kind = std::mem::discriminant(value) == std::mem::discriminant(&wrong);
                if !same_kind && !value.is_null() {
                    let mut copy = members.clone();
                    copy.insert(key.clone(), wrong);
                    bodies.push(serde_json::to_vec(&copy).expect("JSON"));
                }
            }
        }
    }
    // Every truncation of the document that leaves it unfinished.
    for end in (1..text.len()).step_by(7) {
        bodies.push(text[..end].to_vec());
    }
    bodies
}

fn hostile_success_responses<O: Operation>(service_dir: &str) -> usize {
    let Some(fixture) = fixture(service_dir, O::NAME, "response") else {
        return 0;
    };
    let mut errors = 0;
    for body in hostile_bodies(&fixture) {
        let what = format!("{} response of {} bytes", O::NAME, body.len());
        let result = no_panic(&what, || O::response(&response(200, &[], body.clone())));
        match result {
            Err(ResponseError::Malformed(error)) => {
                assert!(!error.path().is_empty(), "{what}: {error}");
                errors += 1;
            }
            // A document whose wrong member is an optional one the output ignores is no error:
            // only report that it did not panic.
            Ok(_) => {}
            Err(other) => panic!("{what}: {other:?}"),
        }
    }
    errors
}

/// A status, headers and body.
type Case = (u16, Vec<(&'static str, &'static [u8])>, Vec<u8>);

/// Error responses with broken headers or bodies, which every operation reads as service errors.
fn error_responses() -> Vec<Case> {
    vec![
        (400, vec![("x-amzn-errortype", b"\xff\xfe")], b"{}".to_vec()),
        (
            400,
            vec![("x-amzn-errortype", b"A"), ("x-amzn-errortype", b"B")],
            b"{}".to_vec(),
        ),
        (
            400,
            vec![("x-amzn-requestid", b"\x80")],
            b"{\"__type\": 5}".to_vec(),
        ),
        (404, vec![], b"{\"message\": [1, 2]}".to_vec()),
        (500, vec![], vec![0xff; 1 << 20]),
        (503, vec![], "[".repeat(100_000).into_bytes()),
        (502, vec![], b"<html>Bad Gateway</html>".to_vec()),
        (429, vec![], b"{\"__type\": \"#:\"}".to_vec()),
    ]
}

fn hostile_error_responses<O: Operation>(_service_dir: &str) -> usize {
    let mut count = 0;
    for (status, headers, body) in error_responses() {
        let what = format!("{} error {status}", O::NAME);
        let result = no_panic(&what, || {
            O::response(&response(status, &headers, body.clone()))
        });
        let Err(ResponseError::Service(error)) = result else {
            panic!("{what}: expected a service error, got {result:?}")
        };
        let error = ivs_models::OperationError::service_error(&error);
        assert_eq!(error.status(), status, "{what}");
        count += 1;
    }
    count
}

fn hostile_requests<O: Operation>(service_dir: &str) -> usize {
    let request = O::request(&input::<O>(service_dir)).expect("built");
    let mut count = 0;
    let mut variants = Vec::new();
    for body in [
        b"{".to_vec(),
        b"[]".to_vec(),
        vec![0xff; 64],
        "[".repeat(100_000).into_bytes(),
    ] {
        let mut hostile = request.clone();
        *hostile.body_mut() = body;
        variants.push(hostile);
    }
    let mut wrong_method = request.clone();
    *wrong_method.method_mut() = ivs_models::http::Method::PATCH;
    variants.push(wrong_method);
    let mut wrong_path = request.clone();
    *wrong_path.uri_mut() = "/elsewhere?%ff=%fe".parse().expect("a URI");
    variants.push(wrong_path);
    for hostile in variants {
        let what = format!("{} hostile request", O::NAME);
        let result = no_panic(&what, || O::parse_request(&hostile));
        // An operation whose input travels in the body reads none of these; one whose input is
        // all in the URI ignores the body, but not a wrong method or path.
        let body_ignored = request.body().is_empty()
            && hostile.uri() == request.uri()
            && hostile.method() == request.method();
        if !body_ignored {
            assert!(result.is_err(), "{what}: read {result:?}");
        }
        count += usize::from(result.is_err());
    }
    count
}

#[test]
fn hostile_success_responses_are_errors_naming_the_member() {
    let errors: usize = all_operations!(hostile_success_responses).iter().sum();
    assert!(errors > 1000, "{errors}");
}

#[test]
fn hostile_error_responses_are_service_errors() {
    let count: usize = all_operations!(hostile_error_responses).iter().sum();
    assert_eq!(count, MODEL_OPERATIONS.len() * error_responses().len());
}

#[test]
fn hostile_requests_are_errors() {
    let count: usize = all_operations!(hostile_requests).iter().sum();
    assert!(count >= MODEL_OPERATIONS.len() * 4, "{count}");
}
