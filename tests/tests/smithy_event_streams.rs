//! Smithy's restJson1 event-stream protocol tests (`fixtures/smithy/event-stream.smithy`, its
//! `@eventStreamTests`), run through the service module generated from the model the build
//! script converts the fixture into (`protocols/smithy_events.rs`).
//!
//! Each case runs once per half it applies to (`appliesTo`, both when it says none):
//! - the client writes the request events (`EventUnion::write_event` of the params, built
//!   through the generated types' serde form) and reads the response events (`wire::read_events`
//!   of the frame: the case's `bytes`, or one built from its headers and body);
//! - the server reads the request events and writes the response events;
//! - the initial messages go through the operation: the client's `request` and `response`, the
//!   server's `parse_request` and `write_response`.
//!
//! A written event is compared header by header (name, type and value, in any order), by its
//! payload (as JSON values when the media type is JSON, as bytes otherwise) and, where the case
//! gives them, byte for byte with the frame's `bytes`. A read event is compared with the params
//! in serde form. A case that expects a failure passes when one of its steps is refused by the
//! protocol (with the `errorId` it names, if it names one); the crate reads a modeled exception
//! of the stream as the union's variant, so an event read as the exception the case names is
//! that failure (its members compared with the params). An operation refusing a call it has no
//! wire form for is never the failure a case expects.
//!
//! Cases the crate does not pass are listed in `fixtures/smithy_event_stream_skips.txt`, with
//! why; a listed case that passes fails the test.

use std::collections::BTreeSet;
use std::fmt::Debug;

use base64::Engine as _;
use ivs_models::Operation;
use ivs_models::event_stream::{self, HeaderValue, Message};
use ivs_models::wire::{self, EventError, EventUnion};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

#[allow(dead_code, clippy::all)]
mod suite {
    include!(concat!(env!("OUT_DIR"), "/smithy_event_streams.rs"));
}

/// A case, as the build script writes it.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Case {
    id: String,
    pub operation: String,
    halves: Vec<String>,
    events: Vec<Event>,
    failure: Option<Failure>,
    initial_request_params: Option<Value>,
    initial_request: Option<InitialRequest>,
    initial_response_params: Option<Value>,
    initial_response: Option<InitialResponse>,
    /// Whether the operation's input has members beside its event stream.
    input_head: bool,
    /// Whether its output has.
    output_head: bool,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Event {
    r#type: String,
    params: Option<Value>,
    headers: Option<Vec<CaseHeader>>,
    body: Option<String>,
    body_media_type: Option<String>,
    bytes: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
struct CaseHeader {
    name: String,
    r#type: String,
    value: Value,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Failure {
    error_id: Option<String>,
    /// The stream's union members that are the exception `error_id`.
    members: Vec<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct InitialRequest {
    method: String,
    uri: String,
    #[serde(default)]
    headers: serde_json::Map<String, Value>,
    body: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct InitialResponse {
    code: u16,
    #[serde(default)]
    headers: serde_json::Map<String, Value>,
    body: Option<String>,
}

/// Which side of the stream a run plays.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Half {
    Client,
    Server,
}

/// The union of an operation without an event stream on that side: a case never reaches it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub enum NoEvents {}

impl EventUnion for NoEvents {
    fn read_event(
        event_type: &str,
        _: &event_stream::Frame<'_>,
    ) -> Result<Self, ivs_models::FieldError> {
        Err(ivs_models::FieldError::new(event_type, "no event stream"))
    }
    fn read_exception(
        _: &str,
        _: &event_stream::Frame<'_>,
    ) -> Option<Result<Self, ivs_models::FieldError>> {
        None
    }
    fn write_event(&self) -> Result<Message, ivs_models::FieldError> {
        match *self {}
    }
}

/// How a step of a case ends when it does not end well.
enum Step {
    /// The protocol refused the message: an error, with the error's id when it has one. The
    /// failure a case may expect.
    Refused(Option<String>, String),
    /// What was written or read is not what the case says, or the operation refused a call it
    /// has no wire form for: the case fails.
    Mismatch(String),
}

type Outcome = Result<(), Step>;

/// Whether `error` is an operation's refusal of a call it writes no wire form for.
fn no_wire_form(error: &str) -> bool {
    error.contains("the response is an event stream")
        || error.contains("the request's body is a stream of signed events")
}

fn refused(id: Option<String>, error: impl std::fmt::Display) -> Step {
    let error = error.to_string();
    if no_wire_form(&error) {
        Step::Mismatch(format!("the operation has no wire form for it: {error}"))
    } else {
        Step::Refused(id, error)
    }
}

fn mismatch(what: impl std::fmt::Display) -> Step {
    Step::Mismatch(what.to_string())
}

/// Runs `case` as `half`, through operation `O` whose input streams `I` and output `R`: `Ok`
/// when it passes, else why not.
pub fn run<O, I, R>(case: &Case, half: Half) -> Result<(), String>
where
    O: Operation,
    I: EventUnion + Serialize + DeserializeOwned + Debug,
    R: EventUnion + Serialize + DeserializeOwned + Debug,
{
    let outcome = steps::<O, I, R>(case, half);
    match (&case.failure, outcome) {
        (None, Ok(())) => Ok(()),
        (None, Err(Step::Refused(_, error))) => Err(format!("refused: {error}")),
        (_, Err(Step::Mismatch(why))) => Err(why),
        (Some(_), Ok(())) => Err("a failure was expected; every step succeeded".into()),
        (Some(failure), Err(Step::Refused(id, error))) => match (&failure.error_id, id) {
            (None, _) => Ok(()),
            (Some(expected), Some(id)) if *expected == id => Ok(()),
            (Some(expected), id) => Err(format!(
                "expected error {expected}, the error is {id:?}: {error}"
            )),
        },
    }
}

fn steps<O, I, R>(case: &Case, half: Half) -> Outcome
where
    O: Operation,
    I: EventUnion + Serialize + DeserializeOwned + Debug,
    R: EventUnion + Serialize + DeserializeOwned + Debug,
{
    match half {
        Half::Client => {
            if case.initial_request_params.is_some() || case.initial_request.is_some() {
                write_request::<O>(case)?;
            }
            if case.initial_response.is_some()
                || (case.output_head && case.events.iter().any(|e| e.r#type == "response"))
            {
                read_response::<O>(case)?;
            }
        }
        Half::Server => {
            if case.initial_request.is_some()
                || case.initial_request_params.is_some()
                || (case.input_head && case.events.iter().any(|e| e.r#type == "request"))
            {
                read_request::<O>(case)?;
            }
            if case.initial_response_params.is_some() {
                write_response::<O>(case)?;
            }
        }
    }
    for (i, event) in case.events.iter().enumerate() {
        let writes = (event.r#type == "request") == (half == Half::Client);
        let step = match (event.r#type.as_str(), writes) {
            ("request", true) => write_event::<I>(event),
            ("request", false) => read_event::<I>(case, event),
            ("response", true) => write_event::<R>(event),
            _ => read_event::<R>(case, event),
        };
        step.map_err(|step| match step {
            Step::Mismatch(why) => Step::Mismatch(format!("event {i}: {why}")),
            refused => refused,
        })?;
    }
    Ok(())
}

/// The client's initial request: the input of `initialRequestParams` through `request`.
fn write_request<O: Operation>(case: &Case) -> Outcome {
    let input: O::Input = from_params(case.initial_request_params.as_ref(), "input")?;
    let request = O::request(&input).map_err(|e| refused(None, e))?;
    let Some(expected) = &case.initial_request else {
        return Ok(());
    };
    if request.method().as_str() != expected.method {
        return Err(mismatch(format!(
            "method {} instead of {}",
            request.method(),
            expected.method
        )));
    }
    if request.uri().to_string() != expected.uri {
        return Err(mismatch(format!(
            "URI {} instead of {}",
            request.uri(),
            expected.uri
        )));
    }
    same_headers(request.headers(), &expected.headers)?;
    if let Some(body) = &expected.body
        && request.body() != body.as_bytes()
    {
        return Err(mismatch(format!(
            "body {:?} instead of {body:?}",
            String::from_utf8_lossy(request.body())
        )));
    }
    Ok(())
}

/// The client's initial response, `initialResponse` (or a bare success when the case gives
/// none) through `response`, compared with `initialResponseParams`.
fn read_response<O: Operation>(case: &Case) -> Outcome {
    let mut builder = ivs_models::http::Response::builder();
    let (status, body) = match &case.initial_response {
        Some(response) => {
            for (name, value) in &response.headers {
                builder = builder.header(name, value.as_str().unwrap_or_default());
            }
            (response.code, response.body.clone().unwrap_or_default())
        }
        None => (O::SUCCESS_STATUS, String::new()),
    };
    let response = builder
        .status(status)
        .body(body.into_bytes())
        .map_err(|e| mismatch(format!("the case's response: {e}")))?;
    let output = O::response(&response).map_err(|error| {
        let id = error.service_error().map(|e| e.code().to_owned());
        refused(id, error)
    })?;
    match &case.initial_response_params {
        Some(params) => same_value("the output", &serde_value(&output)?, params),
        None => Ok(()),
    }
}

/// The server's initial request: `initialRequest` (or the operation's bare request) through
/// `parse_request`, compared with `initialRequestParams`.
fn read_request<O: Operation>(case: &Case) -> Outcome {
    let mut builder = ivs_models::http::Request::builder();
    let (method, uri, body) = match &case.initial_request {
        Some(request) => {
            for (name, value) in &request.headers {
                builder = builder.header(name, value.as_str().unwrap_or_default());
            }
            (
                request.method.clone(),
                request.uri.clone(),
                request.body.clone().unwrap_or_default(),
            )
        }
        None => (
            O::HTTP_METHOD.to_owned(),
            O::HTTP_URI.to_owned(),
            String::new(),
        ),
    };
    let request = builder
        .method(method.as_str())
        .uri(uri)
        .body(body.into_bytes())
        .map_err(|e| mismatch(format!("the case's request: {e}")))?;
    let input = O::parse_request(&request).map_err(|e| refused(None, e))?;
    match &case.initial_request_params {
        Some(params) => same_value("the input", &serde_value(&input)?, params),
        None => Ok(()),
    }
}

/// The server's initial response: the output of `initialResponseParams` through
/// `write_response`, compared with `initialResponse`.
fn write_response<O: Operation>(case: &Case) -> Outcome {
    let output: O::Output = from_params(case.initial_response_params.as_ref(), "output")?;
    let response = O::write_response(&output);
    let Some(expected) = &case.initial_response else {
        return Ok(());
    };
    if response.status().as_u16() != expected.code {
        return Err(mismatch(format!(
            "status {} instead of {}: {}",
            response.status(),
            expected.code,
            String::from_utf8_lossy(response.body())
        )));
    }
    same_headers(response.headers(), &expected.headers)?;
    Ok(())
}

/// Writes the event of `params` and compares its message with the case's headers and body,
/// and its frame with the case's bytes.
fn write_event<E: EventUnion + DeserializeOwned>(event: &Event) -> Outcome {
    let Some(params) = &event.params else {
        return Err(mismatch("the case gives no params to write"));
    };
    let value: E = serde_json::from_value(params.clone())
        .map_err(|e| mismatch(format!("the params {params} are no event: {e}")))?;
    let message = value.write_event().map_err(|e| refused(None, e))?;
    if let Some(headers) = &event.headers {
        let expected: BTreeSet<(String, String)> = headers
            .iter()
            .map(|h| header_value(h).map(|v| (h.name.clone(), format!("{v:?}"))))
            .collect::<Result<_, _>>()?;
        let written: BTreeSet<(String, String)> = message
            .headers
            .iter()
            .map(|h| (h.name.clone(), format!("{:?}", h.value)))
            .collect();
        if written != expected {
            return Err(mismatch(format!(
                "headers {written:?} instead of {expected:?}"
            )));
        }
    }
    same_payload(&message.payload, event)?;
    if let Some(bytes) = &event.bytes {
        let expected = base64_decode(bytes)?;
        let framed = event_stream::encode(&message)
            .map_err(|e| mismatch(format!("the message is not framed: {e}")))?;
        if framed != expected {
            return Err(mismatch(format!(
                "the frame differs from the case's bytes: {} instead of {bytes}",
                base64::engine::general_purpose::STANDARD.encode(&framed)
            )));
        }
    }
    Ok(())
}

/// Reads the event of the case's frame and compares it with the params.
fn read_event<E: EventUnion + Serialize + Debug>(case: &Case, event: &Event) -> Outcome {
    let frame = match &event.bytes {
        Some(bytes) => base64_decode(bytes)?,
        None => {
            let mut message = Message::new(event.body.clone().unwrap_or_default().into_bytes());
            for header in event.headers.iter().flatten() {
                message = message.header(header.name.clone(), header_value(header)?);
            }
            event_stream::encode(&message)
                .map_err(|e| mismatch(format!("the case's message is not framed: {e}")))?
        }
    };
    let mut read = wire::read_events::<E>(&frame);
    if read.len() != 1 {
        return Err(mismatch(format!(
            "{} events read from one frame: {read:?}",
            read.len()
        )));
    }
    let value = match read.remove(0) {
        Ok(value) => value,
        Err(EventError::Service { code, message }) => {
            return Err(Step::Refused(
                Some(code.clone()),
                format!("{code}: {message:?}"),
            ));
        }
        Err(error) => return Err(Step::Refused(None, error.to_string())),
    };
    let json = serde_value(&value)?;
    if let Some(params) = &event.params {
        same_value("the event", &json, params)?;
    } else {
        return Err(mismatch(format!(
            "read {json}, and the case gives no params"
        )));
    }
    // A modeled exception of the stream is its union's variant: the failure the case names.
    let exception = case.failure.as_ref().and_then(|failure| {
        let member = json.as_object()?.keys().next()?;
        failure
            .members
            .contains(member)
            .then(|| (failure.error_id.clone(), member.clone()))
    });
    match exception {
        Some((id, member)) => Err(Step::Refused(
            id,
            format!("read as the exception `{member}`"),
        )),
        None => Ok(()),
    }
}

/// The value a case's header names, of its type.
fn header_value(header: &CaseHeader) -> Result<HeaderValue, Step> {
    let bad = || {
        mismatch(format!(
            "header {}: {} is no {}",
            header.name, header.value, header.r#type
        ))
    };
    let int = || header.value.as_i64().ok_or_else(bad);
    Ok(match header.r#type.as_str() {
        "boolean" => HeaderValue::Bool(header.value.as_bool().ok_or_else(bad)?),
        "byte" => HeaderValue::Byte(i8::try_from(int()?).map_err(|_| bad())?),
        "short" => HeaderValue::Short(i16::try_from(int()?).map_err(|_| bad())?),
        "integer" => HeaderValue::Int(i32::try_from(int()?).map_err(|_| bad())?),
        "long" => HeaderValue::Long(int()?),
        "blob" => HeaderValue::ByteArray(base64_decode(header.value.as_str().ok_or_else(bad)?)?),
        "string" => HeaderValue::String(header.value.as_str().ok_or_else(bad)?.to_owned()),
        "timestamp" => {
            let text = header.value.as_str().ok_or_else(bad)?;
            let time =
                wire::parse_timestamp(text, wire::TimestampFormat::DateTime).map_err(|_| bad())?;
            HeaderValue::Timestamp(time.as_millisecond())
        }
        _ => return Err(bad()),
    })
}

/// Compares a written payload with the case's body: as JSON values when its media type is
/// JSON, else as bytes.
fn same_payload(payload: &[u8], event: &Event) -> Outcome {
    let body = event.body.clone().unwrap_or_default();
    let json = event
        .body_media_type
        .as_deref()
        .is_some_and(|media| media == "application/json" || media.ends_with("+json"));
    if json {
        let written: Value = serde_json::from_slice(payload).map_err(|e| {
            mismatch(format!(
                "the payload {:?} is not JSON: {e}",
                String::from_utf8_lossy(payload)
            ))
        })?;
        let expected: Value = serde_json::from_str(&body)
            .map_err(|e| mismatch(format!("the case's body is not JSON: {e}")))?;
        return same_value("the payload", &written, &expected);
    }
    if payload != body.as_bytes() {
        return Err(mismatch(format!(
            "the payload {:?} instead of {body:?}",
            String::from_utf8_lossy(payload)
        )));
    }
    Ok(())
}

/// Whether `headers` holds each of `expected` with its value.
fn same_headers(
    headers: &ivs_models::http::HeaderMap,
    expected: &serde_json::Map<String, Value>,
) -> Outcome {
    for (name, value) in expected {
        let found = headers.get(name).and_then(|v| v.to_str().ok());
        if found != value.as_str() {
            return Err(mismatch(format!(
                "header {name}: {found:?} instead of {value}"
            )));
        }
    }
    Ok(())
}

/// The value of `params` (none: no member set), a `what` of the operation.
fn from_params<T: DeserializeOwned>(params: Option<&Value>, what: &str) -> Result<T, Step> {
    let params = params
        .cloned()
        .unwrap_or_else(|| Value::Object(Default::default()));
    serde_json::from_value(params.clone())
        .map_err(|e| mismatch(format!("the params {params} are no {what}: {e}")))
}

fn same_value(what: &str, found: &Value, expected: &Value) -> Outcome {
    if found == expected {
        Ok(())
    } else {
        Err(mismatch(format!(
            "{what} is {found}, the case says {expected}"
        )))
    }
}

fn serde_value<T: Serialize>(value: &T) -> Result<Value, Step> {
    serde_json::to_value(value).map_err(|e| mismatch(format!("no serde form: {e}")))
}

fn base64_decode(text: &str) -> Result<Vec<u8>, Step> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| mismatch(format!("{text} is not base64: {e}")))
}

/// `(case, half)` → why it fails, from the skip list.
fn skips() -> std::collections::BTreeMap<(String, String), String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/smithy_event_stream_skips.txt"
    );
    let text = std::fs::read_to_string(path).expect("the skip list");
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let mut words = line.splitn(3, ' ');
            let id = words.next().unwrap_or_default().to_owned();
            let half = words.next().unwrap_or_default().to_owned();
            let reason = words.next().unwrap_or_default().trim().to_owned();
            assert!(
                half == "client" || half == "server",
                "{path}: `{line}`: `<case id> <client|server>  <reason>`"
            );
            assert!(!reason.is_empty(), "{path}: `{line}` gives no reason");
            ((id, half), reason)
        })
        .collect()
}

#[test]
fn every_case_runs_or_is_listed_with_why() {
    let cases: Vec<Case> = serde_json::from_str(suite::CASES).expect("the cases");
    let mut skips = skips();
    let mut problems = Vec::new();
    let (mut ran, mut passed, mut skipped) = ([0usize; 2], [0usize; 2], [0usize; 2]);
    for case in &cases {
        for half_name in &case.halves {
            let (half, slot) = match half_name.as_str() {
                "client" => (Half::Client, 0),
                _ => (Half::Server, 1),
            };
            ran[slot] += 1;
            let result = suite::run_case(case, half);
            let listed = skips.remove(&(case.id.clone(), half_name.clone()));
            match (result, listed) {
                (Ok(()), None) => passed[slot] += 1,
                (Ok(()), Some(_)) => problems.push(format!(
                    "{} {half_name}: passes; remove it from the skip list",
                    case.id
                )),
                (Err(why), None) => problems.push(format!("{} {half_name}: {why}", case.id)),
                (Err(_), Some(_)) => skipped[slot] += 1,
            }
        }
    }
    for (id, half) in skips.keys() {
        problems.push(format!("{id} {half}: listed, but no such case runs"));
    }
    eprintln!(
        "{} cases; client half: {} run, {} passed, {} skipped; server half: {} run, {} passed, {} skipped",
        cases.len(),
        ran[0],
        passed[0],
        skipped[0],
        ran[1],
        passed[1],
        skipped[1]
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_converted_model_is_restjson1_with_its_event_streams() {
    let model: Value = serde_json::from_str(suite::MODEL).expect("JSON");
    assert_eq!(model["metadata"]["protocol"], "rest-json");
    assert_eq!(model["shapes"]["EventStream"]["eventstream"], true);
    assert_eq!(
        model["shapes"]["HeadersEvent"]["members"]["timestampHeader"]["eventheader"],
        true
    );
    assert_eq!(
        model["shapes"]["ServiceUnavailableError"]["error"]["httpStatusCode"],
        500
    );
}

/// The cases' `bytes` are their headers (in order) and body, as the runtime's decoder reads
/// them: the reader sees in a case's frame what its headers and body say.
#[test]
fn every_frame_holds_its_case_headers_and_body() {
    let cases: Vec<Case> = serde_json::from_str(suite::CASES).expect("the cases");
    let mut frames = 0;
    for case in &cases {
        for event in &case.events {
            let (Some(bytes), Some(headers)) = (&event.bytes, &event.headers) else {
                continue;
            };
            let Ok(bytes) = base64_decode(bytes) else {
                panic!("{}: the bytes are not base64", case.id);
            };
            let message = event_stream::decode(&bytes)
                .unwrap_or_else(|e| panic!("{}: the frame does not decode: {e}", case.id));
            let expected: Vec<(String, HeaderValue)> = headers
                .iter()
                .map(|h| match header_value(h) {
                    Ok(value) => (h.name.clone(), value),
                    Err(_) => panic!("{}: header {} has no value of its type", case.id, h.name),
                })
                .collect();
            let read: Vec<(String, HeaderValue)> = message
                .headers
                .iter()
                .map(|h| (h.name.clone(), h.value.clone()))
                .collect();
            assert_eq!(read, expected, "{}", case.id);
            let body = event.body.clone().unwrap_or_default();
            assert_eq!(message.payload, body.as_bytes(), "{}", case.id);
            frames += 1;
        }
    }
    assert!(frames > 0, "no case has a frame");
}
