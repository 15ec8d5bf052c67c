//! botocore's own protocol test suites (`tests/unit/protocols/{input,output}/*.json` of its
//! source distribution, fetched by `protocols/fetch.sh`), run through
//! `Operation::request` and `Operation::response` of code generated from each suite (the build
//! script writes one module per suite and one test per case).
//!
//! Cases are compared as botocore's `tests/unit/test_protocols.py` compares them: an input case's
//! method, path, the headers it lists (a subset), `forbidHeaders`, `requireHeaders`, the host
//! prefix, and the body as JSON where both sides are JSON, as decoded items where it is CBOR,
//! else as bytes; an output case's output
//! in botocore's member-name form (timestamps as epoch seconds, blobs as text, non-finite floats
//! as `"NaN"`, `"Infinity"`, `"-Infinity"`), and an error
//! case's code, message and members. Query parameters are compared in any order of keys, the
//! values of a repeated key in order (botocore compares the whole query string, in the order its
//! own serializer writes the keys, which is not the order of this crate's).
//!
//! The cases of every suite go on through the server half:
//! `parse_request` of the request must give back the input, and what `write_response` and
//! `write_error` write of the output or error read must read back as the same.
//!
//! A case that fails must be listed, with the reason, in `fixtures/protocol_suite_skips.txt`; a
//! listed case that passes fails too, so that the list stays true.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::OnceLock;

use base64::Engine as _;
use codegen::ir::{Member, Service, ShapeId, ShapeKind, TimestampFormat};
use ivs_models::wire::{self, HostPrefix};
use ivs_models::{Operation, OperationError, ResponseError, Timestamp, http};
use serde::Deserialize as _;
use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{IntoDeserializer, Visitor};
use serde_json::{Map, Value};

include!(concat!(env!("OUT_DIR"), "/protocol_suite.rs"));

#[path = "protocol_suite/cbor.rs"]
mod cbor;

/// The checked-in list of the cases that fail, with why.
const SKIPS_FILE: &str = "fixtures/protocol_suite_skips.txt";

/// Runs case `case` of suite `suite` of `<direction>/<file>.json` through operation `O`, generated
/// from `model`, and checks the outcome against the skip list.
fn run_case<O: Operation>(model: &str, file: &str, direction: &str, suite: usize, case: usize) {
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let service = load(model)?;
        let suite_value = &suites()[&(direction.to_owned(), file.to_owned())][suite];
        let case_value = &suite_value["cases"][case];
        match direction {
            "input" => check_input::<O>(&service, suite_value, case_value),
            _ => check_output::<O>(&service, suite_value, case_value),
        }
    }))
    .unwrap_or_else(|panic| {
        let text = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        Err(format!("it panics: {text}"))
    });
    judge(file, direction, suite, case, outcome);
}

/// A case whose model does not load or generate: a failure of that case. (Unused while every
/// suite generates.)
#[allow(dead_code)]
fn model_fails(file: &str, direction: &str, suite: usize, case: usize, error: &str) {
    let outcome = Err(format!("the model does not generate:\n{error}"));
    judge(file, direction, suite, case, outcome);
}

/// Fails when an unlisted case fails, or a listed one passes.
fn judge(file: &str, direction: &str, suite: usize, case: usize, outcome: Result<(), String>) {
    let name = format!("{file} {direction} {suite}.{case}");
    match (outcome, skips().get(&name)) {
        (Ok(()), Some(reason)) => panic!(
            "{name} passes, but {SKIPS_FILE} lists it as failing ({reason}): remove its line"
        ),
        (Err(error), None) => panic!(
            "{name} fails (list it in {SKIPS_FILE} with the reason if that is expected):\n{error}"
        ),
        (Ok(()), None) | (Err(_), Some(_)) => {}
    }
}

/// The suites of every file run, by `(direction, file stem)`.
fn suites() -> &'static BTreeMap<(String, String), Vec<Value>> {
    static SUITES: OnceLock<BTreeMap<(String, String), Vec<Value>>> = OnceLock::new();
    SUITES.get_or_init(|| {
        let mut suites = BTreeMap::new();
        for name in CASES {
            let mut words = name.split(' ');
            let (file, direction) = (words.next().unwrap(), words.next().unwrap());
            let key = (direction.to_owned(), file.to_owned());
            if suites.contains_key(&key) {
                continue;
            }
            let path = format!("{SUITES_DIR}/{direction}/{file}.json");
            let text = std::fs::read_to_string(&path).expect("the build script read it");
            suites.insert(key, serde_json::from_str(&text).expect("a list of suites"));
        }
        suites
    })
}

/// The skip list: case name → reason.
fn skips() -> &'static BTreeMap<String, String> {
    static SKIPS: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    SKIPS.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/protocol_suite_skips.txt"
        );
        let text = std::fs::read_to_string(path).expect("the skip list");
        let mut skips = BTreeMap::new();
        for line in text.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let words: Vec<&str> = line.splitn(4, ' ').collect();
            assert!(
                words.len() == 4 && !words[3].trim().is_empty(),
                "{SKIPS_FILE}: `{line}` is not `<file> <direction> <suite>.<case>  <reason>`"
            );
            let name = words[..3].join(" ");
            let previous = skips.insert(name.clone(), words[3].trim().to_owned());
            assert!(previous.is_none(), "{SKIPS_FILE} lists {name} twice");
        }
        skips
    })
}

#[test]
fn the_skip_list_names_only_cases_that_exist() {
    let unknown: Vec<&String> = skips()
        .keys()
        .filter(|name| !CASES.contains(&name.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "{SKIPS_FILE} lists cases the suites do not have: {unknown:?}"
    );
}

fn load(model: &str) -> Result<Service, String> {
    let file = codegen::SourceFile {
        name: "suite.json".to_owned(),
        text: model.to_owned(),
    };
    let loaded = codegen::load_files(vec![file]).map_err(|e| e.render(false))?;
    Ok(loaded.ir.services.into_iter().next().expect("one service"))
}

// Input cases.

/// A copy of `request` (an `http::Request` is not `Clone`).
fn copy(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}

fn check_input<O: Operation>(service: &Service, suite: &Value, case: &Value) -> Result<(), String> {
    let operation = &service.operations[0];
    let params = &case["params"];
    let serde_form = match &operation.input {
        Some(id) => convert(service, id, params, None, Form::ToSerde)?,
        None => Value::Object(Map::new()),
    };
    let input = O::Input::deserialize(Param::from_json(serde_form.clone())).map_err(|e| {
        format!("the params do not read as the input: {e}\nserde form: {serde_form}")
    })?;
    let mut request = O::request(&input).map_err(|e| format!("`request` fails: {e}"))?;
    // The client compresses after `request` where the operation allows it, by default bodies of
    // 10 KiB or more, as botocore does; the body read back must be the one `request` wrote.
    let written = copy(&request);
    if wire::compress_request(&mut request, O::REQUEST_COMPRESSION, 10_240) {
        let read = wire::decompress_request(copy(&request), 1 << 20)
            .map_err(|e| format!("the gzipped body does not read back: {e}"))?;
        expect_eq(
            "the gzipped body read back",
            read.body().as_slice(),
            written.body().as_slice(),
        )?;
    }
    let expected = &case["serialized"];
    let protocol = suite["metadata"]["protocol"].as_str().unwrap_or_default();
    let show = |e: String| {
        format!(
            "{e}\nrequest: {} {}\n{:?}\n{}",
            request.method(),
            request.uri(),
            request.headers(),
            String::from_utf8_lossy(request.body())
        )
    };
    compare_request(&request, expected, protocol, suite).map_err(show)?;
    // The server half reads the request back as the input it was written from (a gzipped one
    // once a server undid that, `wire::decompress_request`).
    let plain = wire::decompress_request(copy(&request), 1 << 20)
        .map_err(|e| show(format!("the request does not read back: {e}")))?;
    let parsed =
        O::parse_request(&plain).map_err(|e| show(format!("`parse_request` fails: {e}")))?;
    same_serde_form(&parsed, &input)
        .map_err(|e| show(format!("`parse_request` reads another input: {e}")))
}

/// Whether two values have the same serde form, as [`Capture`] writes it (so that a NaN equals
/// a NaN).
fn same_serde_form<T: serde::Serialize>(actual: &T, expected: &T) -> Result<(), String> {
    let form = |value: &T| {
        serde::Serialize::serialize(value, Capture)
            .map_err(|e| format!("the value does not serialize: {e}"))
    };
    let (actual, expected) = (form(actual)?, form(expected)?);
    if same(&actual, &expected) {
        Ok(())
    } else {
        Err(format!("{actual} != expected {expected}"))
    }
}

fn compare_request(
    request: &http::Request<Vec<u8>>,
    expected: &Value,
    protocol: &str,
    suite: &Value,
) -> Result<(), String> {
    if let Some(method) = expected["method"].as_str() {
        expect_eq("method", request.method().as_str(), method)?;
    }
    let uri = expected["uri"].as_str().unwrap_or_default();
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    expect_eq("path", request.uri().path(), path)?;
    expect_eq(
        "query parameters",
        &query_pairs(request.uri().query().unwrap_or_default()),
        &query_pairs(query),
    )?;
    let headers = request.headers();
    if let Some(expected_headers) = expected["headers"].as_object() {
        for (name, value) in expected_headers {
            let mut value = value.as_str().unwrap_or_default().to_owned();
            // botocore sends `; charset=utf-8` with query and ec2 bodies, which the suites leave
            // out: its runner adds it to the expected value.
            if matches!(protocol, "query" | "ec2")
                && name.eq_ignore_ascii_case("content-type")
                && !value.contains("charset=utf-8")
            {
                value.push_str("; charset=utf-8");
            }
            let value = value.as_str();
            // botocore does not compare a rest-json Content-Type other than application/json.
            if protocol == "rest-json"
                && name.eq_ignore_ascii_case("content-type")
                && value != "application/json"
            {
                continue;
            }
            let actual: Vec<&str> = headers
                .get_all(name.as_str())
                .iter()
                .map(|v| v.to_str().unwrap_or("<not text>"))
                .collect();
            if actual.is_empty() {
                return Err(format!("header {name} is missing (expected {value:?})"));
            }
            expect_eq(&format!("header {name}"), actual.join(", ").as_str(), value)?;
        }
    }
    for name in expected["forbidHeaders"].as_array().into_iter().flatten() {
        let name = name.as_str().unwrap_or_default();
        if headers.contains_key(name) {
            return Err(format!("header {name} is sent, and must not be"));
        }
    }
    for name in expected["requireHeaders"].as_array().into_iter().flatten() {
        let name = name.as_str().unwrap_or_default();
        if !headers.contains_key(name) {
            return Err(format!("header {name} is missing"));
        }
    }
    if let Some(body) = expected["body"].as_str() {
        compare_body(request.body(), body, protocol)?;
    }
    if let Some(host) = expected["host"].as_str() {
        let endpoint = suite["clientEndpoint"].as_str().unwrap_or_default();
        let endpoint = endpoint
            .split_once("://")
            .map_or(endpoint, |(_, rest)| rest);
        let prefix = request
            .extensions()
            .get::<HostPrefix>()
            .map_or("", |prefix| prefix.0.as_str());
        expect_eq("host", format!("{prefix}{endpoint}").as_str(), host)?;
    }
    Ok(())
}

/// The pairs of a query string in key order, the values of a repeated key in the order given: the
/// order of keys does not matter, the order of a list's values does.
fn query_pairs(query: &str) -> Vec<&str> {
    let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    pairs.sort_by_key(|pair| pair.split_once('=').map_or(*pair, |(key, _)| key));
    pairs
}

/// As botocore: JSON bodies compared as JSON values (an awsJson body must be JSON; a restJson1
/// body that is not is compared as bytes), others as bytes.
fn compare_body(actual: &[u8], expected: &str, protocol: &str) -> Result<(), String> {
    // CBOR as botocore compares it: the decoded items, when the request has a body.
    if protocol == "smithy-rpc-v2-cbor" && !actual.is_empty() {
        let expected = base64::engine::general_purpose::STANDARD
            .decode(expected)
            .map_err(|e| format!("the case's body is not base64: {e}"))?;
        let (actual, expected) = (cbor::decode(actual)?, cbor::decode(&expected)?);
        return if same(&actual, &expected) {
            Ok(())
        } else {
            Err(format!("body: {actual} != expected {expected}"))
        };
    }
    let parsed = (
        serde_json::from_slice::<Value>(actual),
        serde_json::from_str::<Value>(expected),
    );
    match parsed {
        (Ok(actual), Ok(expected)) => {
            if same(&actual, &expected) {
                Ok(())
            } else {
                Err(format!("body: {actual} != expected {expected}"))
            }
        }
        (Err(e), _) | (_, Err(e)) if protocol == "json" => Err(format!(
            "body is not JSON ({e}): {:?} (expected {expected:?})",
            String::from_utf8_lossy(actual)
        )),
        // XML as botocore compares it, canonical forms with the text around elements stripped,
        // but with the children of an element in name order (those of one name in the order
        // given): the generated code writes members in the model's order, botocore in the order
        // of the caller's parameters.
        _ if protocol == "rest-xml" && expected.trim_start().starts_with('<') => expect_eq(
            "body",
            &canonical_xml(&String::from_utf8_lossy(actual))?,
            &canonical_xml(expected)?,
        ),
        // A form body's pairs are compared in key order: the generated code writes members in
        // the model's order, botocore in the order of the caller's parameters.
        _ if matches!(protocol, "query" | "ec2") => expect_eq(
            "body",
            &query_pairs(&String::from_utf8_lossy(actual)),
            &query_pairs(expected),
        ),
        _ => expect_eq("body", String::from_utf8_lossy(actual).as_ref(), expected),
    }
}

/// An XML document's canonical form, as `xml.etree.ElementTree.canonicalize(strip_text=True)`
/// gives it (text stripped, a namespace declaration that repeats one in scope left out), one line
/// per start tag with its attributes in order, text and end tag; with the children of each
/// element in name order, those of one name in document order.
fn canonical_xml(text: &str) -> Result<Vec<String>, String> {
    use quick_xml::events::Event;

    /// An element: its start tag's line, its text and its children.
    #[derive(Default)]
    struct Node {
        name: String,
        start: String,
        text: String,
        children: Vec<Node>,
    }

    fn lines(node: &mut Node, out: &mut Vec<String>) {
        out.push(node.start.clone());
        if !node.text.trim().is_empty() {
            out.push(node.text.trim().to_owned());
        }
        node.children.sort_by(|a, b| a.name.cmp(&b.name));
        for child in &mut node.children {
            lines(child, out);
        }
        out.push(format!("</{}>", node.name));
    }

    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<(Node, Vec<(String, String)>)> = Vec::new();
    let mut root: Option<Node> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("the body is not XML: {e}: {text:?}"))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(start) | Event::Empty(start) => {
                let in_scope: Vec<(String, String)> = stack
                    .last()
                    .map(|(_, scope)| scope.clone())
                    .unwrap_or_default();
                let mut scope = in_scope.clone();
                let mut attributes = Vec::new();
                for attribute in start.attributes() {
                    let attribute =
                        attribute.map_err(|e| format!("an attribute is not XML: {e}"))?;
                    let key = attribute.key.as_ref().to_owned();
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| format!("an attribute is not XML: {e}"))?
                        .into_owned();
                    if key == "xmlns" || key.starts_with("xmlns:") {
                        if in_scope.contains(&(key.clone(), value.clone())) {
                            continue;
                        }
                        scope.retain(|(k, _)| *k != key);
                        scope.push((key.clone(), value.clone()));
                    }
                    attributes.push(format!("{key}={value:?}"));
                }
                attributes.sort();
                let name = start.name().as_ref().to_owned();
                let node = Node {
                    start: format!("<{name} {}>", attributes.join(" ")),
                    name,
                    ..Node::default()
                };
                stack.push((node, scope));
                if empty {
                    let (node, _) = stack.pop().expect("pushed");
                    match stack.last_mut() {
                        Some((parent, _)) => parent.children.push(node),
                        None => root = Some(node),
                    }
                }
            }
            Event::End(_) => {
                let (node, _) = stack.pop().ok_or("a closing tag without an opening one")?;
                match stack.last_mut() {
                    Some((parent, _)) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(text) => {
                if let Some((node, _)) = stack.last_mut() {
                    node.text.push_str(&text.xml10_content());
                }
            }
            Event::CData(data) => {
                if let Some((node, _)) = stack.last_mut() {
                    node.text.push_str(&data.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                if let Some((node, _)) = stack.last_mut() {
                    let text = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => match reference.xml10_content().as_ref() {
                            "lt" => "<".to_owned(),
                            "gt" => ">".to_owned(),
                            "amp" => "&".to_owned(),
                            "apos" => "'".to_owned(),
                            "quot" => "\"".to_owned(),
                            other => format!("&{other};"),
                        },
                    };
                    node.text.push_str(&text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = root.ok_or_else(|| format!("no root element: {text:?}"))?;
    let mut out = Vec::new();
    lines(&mut root, &mut out);
    Ok(out)
}

fn expect_eq<T: PartialEq + std::fmt::Debug + ?Sized>(
    what: &str,
    actual: &T,
    expected: &T,
) -> Result<(), String> {
    if actual == expected {
        Ok(())
    } else {
        Err(format!("{what}: {actual:?} != expected {expected:?}"))
    }
}

/// JSON equality as Python compares the decoded values: numbers by value (`1 == 1.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Which way [`convert`] goes between botocore's member-name form and the generated serde form.
#[derive(Clone, Copy, PartialEq)]
enum Form {
    /// botocore's params to the serde form: each member under its JSON name, timestamps in the
    /// member's body format, blobs in base64, non-finite floats marked for [`Param`].
    ToSerde,
    /// The serde form to botocore's result: members by name, unset ones left out, timestamps as
    /// epoch seconds, blobs as text.
    FromSerde,
}

/// `value`, of shape `id` (held by `member`), in the other form.
fn convert(
    service: &Service,
    id: &ShapeId,
    value: &Value,
    member: Option<&Member>,
    to: Form,
) -> Result<Value, String> {
    let shape = service
        .shape(id)
        .ok_or_else(|| format!("no shape {}", id.0))?;
    Ok(match (&shape.kind, value) {
        (ShapeKind::Structure(structure), Value::Object(fields)) => {
            let mut out = Map::new();
            if to == Form::ToSerde {
                for (name, field) in fields {
                    let member = structure
                        .members
                        .iter()
                        .find(|m| m.wire_name == *name)
                        .ok_or_else(|| format!("{} has no member {name}", shape.wire_name))?;
                    let field = convert(service, &member.target, field, Some(member), to)?;
                    out.insert(member.json_name.clone(), field);
                }
            } else {
                for member in &structure.members {
                    if let Some(field) = fields.get(&member.json_name).filter(|f| !f.is_null()) {
                        let field = convert(service, &member.target, field, Some(member), to)?;
                        out.insert(member.wire_name.clone(), field);
                    }
                }
            }
            Value::Object(out)
        }
        (ShapeKind::List { member: element }, Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|item| convert(service, element, item, member, to))
                .collect::<Result<_, _>>()?,
        ),
        (ShapeKind::Map { value: target, .. }, Value::Object(entries)) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| Ok((k.clone(), convert(service, target, v, member, to)?)))
                .collect::<Result<_, String>>()?,
        ),
        (ShapeKind::Timestamp { format }, Value::Number(_) | Value::String(_)) => {
            let format = body_format(member, *format);
            match to {
                Form::ToSerde => {
                    let timestamp = timestamp_param(value)?;
                    serde_json::to_value(wire::TimestampAs(&timestamp, format)).expect("serializes")
                }
                Form::FromSerde => {
                    let millis = wire::timestamp_from_json(value, format)?.as_millisecond();
                    if millis % 1000 == 0 {
                        Value::from(millis / 1000)
                    } else {
                        Value::from(millis as f64 / 1000.0)
                    }
                }
            }
        }
        (ShapeKind::Blob, Value::String(text)) => Value::String(match to {
            Form::ToSerde => base64::engine::general_purpose::STANDARD.encode(text.as_bytes()),
            Form::FromSerde => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .map_err(|e| format!("a blob is not base64 in the serde form: {e}"))?;
                String::from_utf8_lossy(&bytes).into_owned()
            }
        }),
        (ShapeKind::Float | ShapeKind::Double, Value::String(text))
            if to == Form::ToSerde && ["NaN", "Infinity", "-Infinity"].contains(&text.as_str()) =>
        {
            Value::String(format!("{NON_FINITE}{text}"))
        }
        // A float member holds an `f32`: compared as the shortest text that reads back as it,
        // as botocore's Python float of the same text.
        (ShapeKind::Float, Value::Number(number)) if to == Form::FromSerde => {
            let float = number.as_f64().unwrap_or_default() as f32;
            float
                .to_string()
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or_else(|| value.clone(), Value::Number)
        }
        _ => value.clone(),
    })
}

/// The mark [`convert`] puts before a float JSON cannot hold (`NaN`, `Infinity`, `-Infinity`),
/// which [`Param`] reads as the float.
const NON_FINITE: &str = "\u{0}non-finite:";

/// The serde form of a case's params as serde deserializes it: serde_json's `Value`, but with
/// the floats JSON cannot hold, which botocore's params write as strings.
enum Param {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(String),
    Seq(Vec<Param>),
    Map(Vec<(String, Param)>),
}

impl Param {
    fn from_json(value: Value) -> Param {
        match value {
            Value::Null => Param::Null,
            Value::Bool(b) => Param::Bool(b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(n), _) => Param::U64(n),
                (None, Some(n)) => Param::I64(n),
                (None, None) => Param::F64(n.as_f64().unwrap_or_default()),
            },
            Value::String(text) => match text.strip_prefix(NON_FINITE) {
                // Rust reads `NaN`, `Infinity` and `-Infinity` as those floats.
                Some(float) => Param::F64(float.parse().unwrap_or(f64::NAN)),
                None => Param::Str(text),
            },
            Value::Array(items) => Param::Seq(items.into_iter().map(Param::from_json).collect()),
            Value::Object(entries) => Param::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, Param::from_json(v)))
                    .collect(),
            ),
        }
    }
}

impl<'de> serde::Deserializer<'de> for Param {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Param::Null => visitor.visit_unit(),
            Param::Bool(b) => visitor.visit_bool(b),
            Param::I64(n) => visitor.visit_i64(n),
            Param::U64(n) => visitor.visit_u64(n),
            Param::F64(n) => visitor.visit_f64(n),
            Param::Str(text) => visitor.visit_string(text),
            Param::Seq(items) => visitor.visit_seq(SeqDeserializer::new(items.into_iter())),
            Param::Map(entries) => visitor.visit_map(MapDeserializer::new(entries.into_iter())),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Param::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

impl IntoDeserializer<'_, serde::de::value::Error> for Param {
    type Deserializer = Param;

    fn into_deserializer(self) -> Param {
        self
    }
}

/// A timestamp of botocore's params: epoch seconds (a number), or ISO 8601 text.
fn timestamp_param(value: &Value) -> Result<Timestamp, String> {
    match value {
        Value::Number(number) => {
            let seconds = number.as_f64().unwrap_or_default();
            Timestamp::from_millisecond((seconds * 1000.0).round() as i64)
                .map_err(|e| e.to_string())
        }
        Value::String(text) => text
            .parse::<Timestamp>()
            .or_else(|_| wire::parse_timestamp(text, wire::TimestampFormat::EpochSeconds))
            .map_err(|e| format!("{text:?} is no timestamp: {e}")),
        other => Err(format!("{other} is no timestamp")),
    }
}

/// The format of a timestamp in the serde form: the member's document format, else the shape's,
/// else epoch seconds.
fn body_format(member: Option<&Member>, shape: Option<TimestampFormat>) -> wire::TimestampFormat {
    let format = member
        .and_then(|m| m.timestamps)
        .map(|t| t.document)
        .or(shape)
        .unwrap_or(TimestampFormat::EpochSeconds);
    match format {
        TimestampFormat::DateTime => wire::TimestampFormat::DateTime,
        TimestampFormat::HttpDate => wire::TimestampFormat::HttpDate,
        TimestampFormat::EpochSeconds => wire::TimestampFormat::EpochSeconds,
    }
}

// Output cases.

fn check_output<O: Operation>(
    service: &Service,
    suite: &Value,
    case: &Value,
) -> Result<(), String> {
    let operation = &service.operations[0];
    let response = &case["response"];
    let mut builder =
        http::Response::builder().status(response["status_code"].as_u64().unwrap_or(200) as u16);
    for (name, value) in response["headers"].as_object().into_iter().flatten() {
        builder = builder.header(name.as_str(), value.as_str().unwrap_or_default());
    }
    let body = response["body"].as_str().unwrap_or_default();
    // A CBOR suite's bodies are base64, as botocore's runner decodes them.
    let body = if suite["metadata"]["protocol"] == "smithy-rpc-v2-cbor" {
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .map_err(|e| format!("the case's body is not base64: {e}"))?
    } else {
        body.as_bytes().to_vec()
    };
    let response = builder
        .body(body)
        .map_err(|e| format!("the case's response is no HTTP response: {e}"))?;
    let read = O::response(&response);
    if case.get("error").is_some() {
        let error = match read {
            Ok(output) => {
                return Err(format!(
                    "expected error {}, read an output: {output:?}",
                    case["errorCode"]
                ));
            }
            Err(ResponseError::Malformed(e)) => return Err(format!("a malformed response: {e}")),
            Err(ResponseError::Service(e)) => e,
            Err(e) => return Err(format!("`response` fails: {e}")),
        };
        let (service_error, exception) = error.parts();
        let code = case["errorCode"].as_str().unwrap_or_default();
        expect_eq("error code", service_error.code(), code)?;
        // A case that gives no message (ec2's complex error) checks none.
        if let Some(message) = case["errorMessage"].as_str() {
            expect_eq(
                "error message",
                service_error.message().unwrap_or_default(),
                message,
            )?;
        }
        let members = exception_members(service, operation, code, exception)?;
        if !same(&members, &case["error"]) {
            return Err(format!(
                "error members: {members} != expected {}",
                case["error"]
            ));
        }
        // The server half writes the error back as a response that reads as the same error.
        let written = O::write_error(&error);
        let again = match O::response(&written) {
            Err(ResponseError::Service(again)) => again,
            other => {
                return Err(format!(
                    "`write_error` writes a response that reads as {other:?}{}",
                    shown("write_error", &written)
                ));
            }
        };
        let (again_error, again_exception) = again.parts();
        let show = || shown("write_error", &written);
        expect_eq("error code written back", again_error.code(), code).map_err(|e| e + &show())?;
        expect_eq(
            "error message written back",
            &again_error.message(),
            &service_error.message(),
        )
        .map_err(|e| e + &show())?;
        expect_eq(
            "error status written back",
            &again_error.status(),
            &service_error.status(),
        )
        .map_err(|e| e + &show())?;
        let again_members = exception_members(service, operation, code, again_exception)?;
        if !same(&again_members, &members) {
            return Err(format!(
                "error members written back: {again_members} != {members}{}",
                show()
            ));
        }
        return Ok(());
    }
    let output = read.map_err(|e| format!("`response` fails: {e}"))?;
    let serde_form = serde::Serialize::serialize(&output, Capture)
        .map_err(|e| format!("the output does not serialize: {e}"))?;
    let result = match &operation.output {
        Some(id) => convert(service, id, &serde_form, None, Form::FromSerde)?,
        None => Value::Object(Map::new()),
    };
    if !same(&result, &case["result"]) {
        return Err(format!(
            "output: {result} != expected {}\nserde form: {serde_form}",
            case["result"]
        ));
    }
    // The server half writes the output back as a response that reads as the same output.
    let written = O::write_response(&output);
    let show = || shown("write_response", &written);
    let again = O::response(&written).map_err(|e| {
        format!(
            "the response `write_response` writes does not read: {e}{}",
            show()
        )
    })?;
    same_serde_form(&again, &output)
        .map_err(|e| format!("`write_response` writes another output: {e}{}", show()))
}

/// A response `function` wrote, for failure messages.
fn shown(function: &str, written: &http::Response<Vec<u8>>) -> String {
    format!(
        "\n`{function}` wrote: {} {:?} {}",
        written.status(),
        written.headers(),
        String::from_utf8_lossy(written.body())
    )
}

/// The members of the exception an error was read as, in botocore's member-name form; none when
/// it was read as none.
fn exception_members(
    service: &Service,
    operation: &codegen::ir::Operation,
    code: &str,
    exception: Option<&dyn ivs_models::Exception>,
) -> Result<Value, String> {
    Ok(match exception {
        Some(exception) => {
            let json: Value = serde_json::from_slice(&exception.to_json())
                .map_err(|e| format!("the exception's JSON does not read: {e}"))?;
            let shape = operation
                .errors
                .iter()
                .find(|id| {
                    service.shape(id).is_some_and(|s| match &s.kind {
                        ShapeKind::Structure(structure) => structure.error_code == code,
                        _ => s.wire_name == code,
                    })
                })
                .ok_or_else(|| format!("read as an exception, but none is named {code}"))?;
            convert(service, shape, &json, None, Form::FromSerde)?
        }
        None => Value::Object(Map::new()),
    })
}

/// A serializer to serde_json's `Value` that writes the floats JSON cannot hold as botocore's
/// results do, as the strings `"NaN"`, `"Infinity"` and `"-Infinity"` (serde_json writes them
/// as `null`).
struct Capture;

fn float(value: f64) -> Value {
    match serde_json::Number::from_f64(value) {
        Some(number) => Value::Number(number),
        None if value.is_nan() => Value::from("NaN"),
        None if value > 0.0 => Value::from("Infinity"),
        None => Value::from("-Infinity"),
    }
}

/// A sequence being captured.
struct CaptureSeq(Vec<Value>);

/// A map or structure being captured, and the key of the entry whose value comes next.
struct CaptureMap(Map<String, Value>, Option<String>);

type CaptureResult = Result<Value, serde_json::Error>;

/// The error for a serde shape that no generated type has.
fn unsupported(what: &str) -> serde_json::Error {
    serde::ser::Error::custom(format!("{what}: no generated type serializes as one"))
}

/// `serialize_<integer>` for each integer type: the number.
macro_rules! capture_integers {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> CaptureResult {
            Ok(Value::from(v))
        })*
    };
}

impl serde::Serializer for Capture {
    type Ok = Value;
    type Error = serde_json::Error;
    type SerializeSeq = CaptureSeq;
    type SerializeTuple = serde::ser::Impossible<Value, serde_json::Error>;
    type SerializeTupleStruct = serde::ser::Impossible<Value, serde_json::Error>;
    type SerializeTupleVariant = serde::ser::Impossible<Value, serde_json::Error>;
    type SerializeMap = CaptureMap;
    type SerializeStruct = CaptureMap;
    type SerializeStructVariant = serde::ser::Impossible<Value, serde_json::Error>;

    fn serialize_bool(self, v: bool) -> CaptureResult {
        Ok(Value::from(v))
    }
    capture_integers!(
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64
    );
    fn serialize_f32(self, v: f32) -> CaptureResult {
        Ok(float(f64::from(v)))
    }
    fn serialize_f64(self, v: f64) -> CaptureResult {
        Ok(float(v))
    }
    fn serialize_char(self, v: char) -> CaptureResult {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> CaptureResult {
        Ok(Value::from(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> CaptureResult {
        Ok(Value::from(v.to_vec()))
    }
    fn serialize_none(self) -> CaptureResult {
        Ok(Value::Null)
    }
    fn serialize_some<T: serde::Serialize + ?Sized>(self, value: &T) -> CaptureResult {
        value.serialize(self)
    }
    fn serialize_unit(self) -> CaptureResult {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> CaptureResult {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> CaptureResult {
        Ok(Value::from(variant))
    }
    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> CaptureResult {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> CaptureResult {
        let mut map = Map::new();
        map.insert(variant.to_owned(), value.serialize(Capture)?);
        Ok(Value::Object(map))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<CaptureSeq, serde_json::Error> {
        Ok(CaptureSeq(Vec::with_capacity(len.unwrap_or_default())))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, serde_json::Error> {
        Err(unsupported("a tuple"))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, serde_json::Error> {
        Err(unsupported("a tuple struct"))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, serde_json::Error> {
        Err(unsupported("a tuple variant"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<CaptureMap, serde_json::Error> {
        Ok(CaptureMap(Map::new(), None))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<CaptureMap, serde_json::Error> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, serde_json::Error> {
        Err(unsupported("a struct variant"))
    }
}

impl serde::ser::SerializeSeq for CaptureSeq {
    type Ok = Value;
    type Error = serde_json::Error;

    fn serialize_element<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.0.push(value.serialize(Capture)?);
        Ok(())
    }
    fn end(self) -> CaptureResult {
        Ok(Value::Array(self.0))
    }
}

impl serde::ser::SerializeMap for CaptureMap {
    type Ok = Value;
    type Error = serde_json::Error;

    fn serialize_key<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &T,
    ) -> Result<(), serde_json::Error> {
        self.1 = Some(match key.serialize(Capture)? {
            Value::String(key) => key,
            other => other.to_string(),
        });
        Ok(())
    }
    fn serialize_value<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let key = self.1.take().expect("serde gives a key before its value");
        self.0.insert(key, value.serialize(Capture)?);
        Ok(())
    }
    fn end(self) -> CaptureResult {
        Ok(Value::Object(self.0))
    }
}

impl serde::ser::SerializeStruct for CaptureMap {
    type Ok = Value;
    type Error = serde_json::Error;

    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.0.insert(key.to_owned(), value.serialize(Capture)?);
        Ok(())
    }
    fn end(self) -> CaptureResult {
        Ok(Value::Object(self.0))
    }
}
