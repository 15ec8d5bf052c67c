//! The generated `ivs-models` types against the wire: the fixtures in
//! `fixtures/wire/<service>/<Operation>.{request,response}.json` and hand-made variants of them.
//!
//! Each fixture holds every member of its structure, recursively. A fixture that deserializes
//! into the operation's type and serializes back to the same JSON value therefore proves that
//! every member has the right wire name and type: a member the type did not know would be
//! dropped, one of the wrong type would not deserialize. Besides the round trips (one test per
//! operation) this file proves that fixtures, operations and tests match one to one; that enum
//! values the crate does not know are kept and sent back unchanged while known ones get their
//! variant; that timestamps are read with offsets and fractions and written in UTC; that unknown
//! fields are dropped; that a missing required member is an error naming it; that absent optional
//! members are not written; that only StartComposition has an idempotency token; and that `Debug`
//! never prints a sensitive member.

#[macro_use]
mod common;

use std::any::TypeId;
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use common::{MODEL_OPERATIONS, SERVICES};
use ivs_models::ivs::{
    ChannelLatencyMode, ChannelType, RecordingConfigurationState, RenditionConfigurationRendition,
    StreamHealth, StreamState, ThumbnailConfigurationStorage, TranscodePreset,
};
use ivs_models::ivs_realtime::{
    CompositionState, DestinationState, ParticipantRecordingMediaType, ParticipantState,
    ParticipantTokenCapability, PipBehavior, PipPosition, VideoAspectRatio, VideoFillMode,
};
use ivs_models::{Empty, Operation, OperationInfo, Timestamp, ivs, ivs_realtime};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Helpers.
// ---------------------------------------------------------------------------------------------

/// What `Debug` prints in place of a secret.
const REDACTED: &str = "*** Sensitive Data Redacted ***";

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn wire_dir() -> PathBuf {
    crate_dir().join("fixtures").join("wire")
}

/// The text of `fixtures/wire/<service_dir>/<file_name>`, or `None` when there is no such file.
fn read_fixture(service_dir: &str, file_name: &str) -> Option<String> {
    let path = wire_dir().join(service_dir).join(file_name);
    match fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) if error.kind() == ErrorKind::NotFound => None,
        Err(error) => panic!("cannot read {}: {error}", path.display()),
    }
}

/// A fixture that must exist, as a JSON value.
fn fixture_value(service_dir: &str, file_name: &str) -> Value {
    let text = read_fixture(service_dir, file_name)
        .unwrap_or_else(|| panic!("no fixture {service_dir}/{file_name}"));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{service_dir}/{file_name} is not JSON: {e}"))
}

/// A botocore model from `model/`, e.g. `ivs.json`.
fn model(file_name: &str) -> Value {
    let path = crate_dir().join("..").join("model").join(file_name);
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The fixture directories, one per service module, named after the model files.
fn service_dirs() -> impl Iterator<Item = &'static str> {
    SERVICES.iter().map(|(dir, _)| *dir)
}

/// The model file of a fixture directory.
fn model_file(service_dir: &str) -> String {
    format!("{service_dir}.json")
}

/// The `OPERATIONS` list of the service module of a fixture directory.
fn operations(service_dir: &str) -> &'static [OperationInfo] {
    SERVICES
        .iter()
        .find(|(dir, _)| *dir == service_dir)
        .map(|(_, operations)| *operations)
        .unwrap_or_else(|| panic!("no service directory {service_dir}"))
}

/// Replaces the value at a JSON pointer, which must exist.
fn set(json: &mut Value, pointer: &str, new: Value) {
    *json
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("nothing at {pointer}")) = new;
}

/// Removes the member at a JSON pointer, which must exist.
fn remove(json: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer with a member");
    let object = json
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {parent}"));
    assert!(object.remove(key).is_some(), "nothing at {pointer}");
}

/// Inserts a member into the object at a JSON pointer (`""` for the top level).
fn insert(json: &mut Value, object_pointer: &str, key: &str, new: Value) {
    json.pointer_mut(object_pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {object_pointer:?}"))
        .insert(key.to_owned(), new);
}

fn to_value(value: &impl Serialize) -> Value {
    serde_json::to_value(value).expect("the generated types always serialize")
}

fn from_value<T: DeserializeOwned>(json: Value) -> T {
    serde_json::from_value(json).unwrap_or_else(|e| panic!("does not deserialize: {e}"))
}

/// One line per place where `expected` and `actual` differ, named by its JSON pointer.
fn differences(expected: &Value, actual: &Value) -> Vec<String> {
    fn walk(pointer: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
        match (expected, actual) {
            (Value::Object(left), Value::Object(right)) => {
                for (key, value) in left {
                    let at = format!("{pointer}/{key}");
                    match right.get(key) {
                        Some(other) => walk(&at, value, other, out),
                        None => out.push(format!("{at}: dropped (was {value})")),
                    }
                }
                for (key, value) in right {
                    if !left.contains_key(key) {
                        out.push(format!("{pointer}/{key}: added ({value})"));
                    }
                }
            }
            (Value::Array(left), Value::Array(right)) if left.len() == right.len() => {
                for (index, (value, other)) in left.iter().zip(right).enumerate() {
                    walk(&format!("{pointer}/{index}"), value, other, out);
                }
            }
            _ if expected == actual => {}
            _ => out.push(format!("{pointer}: {expected} became {actual}")),
        }
    }
    let mut out = Vec::new();
    walk("", expected, actual, &mut out);
    out
}

/// Deserializes `text` as `T`, serializes it back and asserts the JSON value is unchanged, then
/// that a second round trip gives the same `T`. Returns the typed value.
fn assert_round_trip<T>(label: &str, text: &str) -> T
where
    T: Serialize + DeserializeOwned + Debug + PartialEq,
{
    let original: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{label} is not JSON: {e}"));
    let typed: T =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{label} does not deserialize: {e}"));
    let written = to_value(&typed);
    let changes = differences(&original, &written);
    assert!(
        changes.is_empty(),
        "{label}: the round trip changed the JSON:\n{}",
        changes.join("\n")
    );
    let again: T = serde_json::from_value(written)
        .unwrap_or_else(|e| panic!("{label}: what the type wrote does not read back: {e}"));
    assert_eq!(
        again, typed,
        "{label}: a second round trip changed the value"
    );
    typed
}

/// The wire names of the members the models mark sensitive (the member or its target shape).
fn sensitive_member_names() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for service_dir in service_dirs() {
        let model = model(&model_file(service_dir));
        let shapes = model["shapes"].as_object().expect("`shapes` is an object");
        for shape in shapes.values() {
            let Some(members) = shape.get("members").and_then(Value::as_object) else {
                continue;
            };
            for (name, member) in members {
                let target = member["shape"].as_str().unwrap_or_default();
                let sensitive = member.get("sensitive") == Some(&Value::Bool(true))
                    || shapes.get(target).and_then(|s| s.get("sensitive"))
                        == Some(&Value::Bool(true));
                if sensitive {
                    let wire = member.get("locationName").and_then(Value::as_str);
                    names.insert(wire.unwrap_or(name).to_owned());
                }
            }
        }
    }
    names
}

/// Every string in `json` under a member named in `names`.
fn secrets_in(json: &Value, names: &BTreeSet<String>) -> Vec<String> {
    fn walk(json: &Value, names: &BTreeSet<String>, out: &mut Vec<String>) {
        match json {
            Value::Object(members) => {
                for (key, value) in members {
                    match value {
                        Value::String(secret) if names.contains(key) => out.push(secret.clone()),
                        _ => walk(value, names, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, names, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(json, names, &mut out);
    out
}

/// Asserts that `Debug` (plain and pretty) shows none of `secrets`, neither as is nor escaped,
/// and says that it redacted something. Does nothing when there are no secrets.
fn assert_debug_hides(label: &str, typed: &impl Debug, secrets: &[String]) {
    if secrets.is_empty() {
        return;
    }
    for debug in [format!("{typed:?}"), format!("{typed:#?}")] {
        for secret in secrets {
            let quoted = format!("{secret:?}");
            let escaped = &quoted[1..quoted.len() - 1];
            assert!(
                !debug.contains(secret.as_str()) && !debug.contains(escaped),
                "{label}: Debug shows the secret {secret:?}:\n{debug}"
            );
        }
        assert!(
            debug.contains(REDACTED),
            "{label}: Debug redacts nothing:\n{debug}"
        );
    }
}

/// The round trip of one operation: its request fixture through `O::Input`; its response fixture
/// through `O::Output`, or, when there is none, `{}` through `O::Output`, which must be `Empty`.
/// Also checks the operation's route against `OPERATIONS` and that `Debug` hides the fixtures'
/// sensitive members.
fn round_trip<O: Operation>(service_dir: &str)
where
    O::Output: 'static,
{
    let info = operations(service_dir)
        .iter()
        .find(|info| info.name == O::NAME)
        .unwrap_or_else(|| panic!("{} is not in the OPERATIONS of {service_dir}", O::NAME));
    assert_eq!(
        (info.http_method, info.http_uri),
        (O::HTTP_METHOD, O::HTTP_URI),
        "{}: the operation type and OPERATIONS disagree on the route",
        O::NAME
    );
    let sensitive = sensitive_member_names();

    let request_file = format!("{}.request.json", O::NAME);
    let label = format!("{service_dir}/{request_file}");
    let text =
        read_fixture(service_dir, &request_file).unwrap_or_else(|| panic!("no fixture {label}"));
    let input: O::Input = assert_round_trip(&label, &text);
    let secrets = secrets_in(&fixture_value(service_dir, &request_file), &sensitive);
    assert_debug_hides(&label, &input, &secrets);

    let response_file = format!("{}.response.json", O::NAME);
    let label = format!("{service_dir}/{response_file}");
    let output_is_empty = TypeId::of::<O::Output>() == TypeId::of::<Empty>();
    match read_fixture(service_dir, &response_file) {
        Some(text) => {
            assert!(
                !output_is_empty,
                "{label} exists, but the operation has no output (`Empty`)"
            );
            let output: O::Output = assert_round_trip(&label, &text);
            let secrets = secrets_in(&fixture_value(service_dir, &response_file), &sensitive);
            assert_debug_hides(&label, &output, &secrets);
        }
        None => {
            assert!(
                output_is_empty,
                "{} has no response fixture, so its output must be `Empty`, not `{}`",
                O::NAME,
                std::any::type_name::<O::Output>()
            );
            assert_round_trip::<O::Output>(&format!("{} output", O::NAME), "{}");
        }
    }
}

/// `(fixture directory, operation name)` of every entry of both `OPERATIONS` lists.
fn listed_operations() -> BTreeSet<(String, String)> {
    service_dirs()
        .flat_map(|dir| {
            operations(dir)
                .iter()
                .map(|info| (dir.to_string(), info.name.to_owned()))
        })
        .collect()
}

/// The pairs of a generated list as a set; `duplicate` says what it means when one is listed twice.
fn distinct(list: &[(&str, &str)], duplicate: &str) -> BTreeSet<(String, String)> {
    let set: BTreeSet<(String, String)> = list
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(set.len(), list.len(), "{duplicate}");
    set
}

/// Asserts that `value` is the `Unknown` variant of `$enum` holding `$wire`, and that `as_str`
/// and `Display` give `$wire` back.
macro_rules! assert_unknown {
    ($value:expr, $enum:ident, $wire:expr) => {{
        let value: Option<&$enum> = $value;
        match value {
            Some($enum::Unknown(unknown)) => assert_eq!(unknown.as_str(), $wire),
            other => panic!(
                "expected {}::Unknown({:?}), got {other:?}",
                stringify!($enum),
                $wire
            ),
        }
        let value = value.expect("checked above");
        assert_eq!(value.as_str(), $wire);
        assert_eq!(value.to_string(), $wire);
    }};
}

/// The `enum` list of a string shape in a model.
fn model_enum(model_file: &str, shape: &str) -> Vec<String> {
    let model = model(model_file);
    model["shapes"][shape]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{model_file}: {shape} is not an enum"))
        .iter()
        .map(|value| value.as_str().expect("enum values are strings").to_owned())
        .collect()
}

/// For an enum type: `VALUES` is the model's `enum` list in order; every value maps to a known,
/// distinct variant through `From<&str>`, `FromStr` and serde, and back through `as_str`,
/// `Display`, `String::from` and serde; a value outside the list is `Unknown` and kept.
macro_rules! check_known_values {
    ($model_file:expr, $shape:expr, $enum:ident) => {{
        let values: Vec<&str> = $enum::VALUES.to_vec();
        assert_eq!(
            values,
            model_enum($model_file, $shape),
            "{}::VALUES is not the model's enum list",
            stringify!($enum)
        );
        let mut variants = Vec::new();
        for &wire in $enum::VALUES {
            let variant = $enum::from(wire);
            assert!(
                !matches!(variant, $enum::Unknown(_)),
                "{}: {wire} is known but maps to Unknown",
                stringify!($enum)
            );
            assert_eq!(variant.as_str(), wire);
            assert_eq!(variant.to_string(), wire);
            assert_eq!(String::from(variant.clone()), wire);
            assert_eq!(
                wire.parse::<$enum>().expect("FromStr is infallible"),
                variant
            );
            assert_eq!($enum::from(wire.to_owned()), variant);
            assert_eq!(to_value(&variant), json!(wire));
            assert_eq!(from_value::<$enum>(json!(wire)), variant);
            assert!(
                !variants.contains(&variant),
                "{}: two values map to {variant:?}",
                stringify!($enum)
            );
            variants.push(variant);
        }
        let unknown = $enum::from("NOT_A_VALUE_OF_THIS_ENUM");
        assert_unknown!(Some(&unknown), $enum, "NOT_A_VALUE_OF_THIS_ENUM");
        assert_eq!(to_value(&unknown), json!("NOT_A_VALUE_OF_THIS_ENUM"));
    }};
}

// ---------------------------------------------------------------------------------------------
// Round trips: one test per operation.
// ---------------------------------------------------------------------------------------------

// `fn <module>_<operation>()`, e.g. `ivs_create_channel`, each calling `round_trip`, and
// `ROUND_TRIPS`, written by `tests/build.rs` from `model/`.
include!(concat!(env!("OUT_DIR"), "/round_trips.rs"));

/// The round-trip check can fail: a member the type does not know is dropped, and reported.
#[test]
#[should_panic(expected = "/channel/nickname: dropped")]
fn the_round_trip_check_reports_a_member_the_type_does_not_know() {
    let mut json = fixture_value("ivs", "GetChannel.response.json");
    insert(&mut json, "/channel", "nickname", json!("x"));
    assert_round_trip::<ivs::GetChannelResponse>("edited GetChannel response", &json.to_string());
}

/// The redaction check can fail: a secret that `Debug` shows is reported.
#[test]
#[should_panic(expected = "Debug shows the secret")]
fn the_redaction_check_reports_a_visible_secret() {
    let key = ivs::StreamKeySummary::new().arn("sk_visible");
    assert_debug_hides("a stream key summary", &key, &["sk_visible".to_owned()]);
}

// ---------------------------------------------------------------------------------------------
// Fixtures, operations and tests match one to one.
// ---------------------------------------------------------------------------------------------

#[test]
fn fixtures_operations_and_tests_match_one_to_one() {
    let listed = listed_operations();
    let mut in_models = BTreeSet::new();
    for service_dir in service_dirs() {
        let model = model(&model_file(service_dir));
        for name in model["operations"].as_object().expect("operations").keys() {
            in_models.insert((service_dir.to_owned(), name.clone()));
        }
    }
    assert_eq!(
        listed, in_models,
        "OPERATIONS (left) and the models' operations (right) differ"
    );

    let tested = distinct(ROUND_TRIPS, "an operation has two round-trip tests");
    assert_eq!(
        tested, listed,
        "round-trip tests (left) and OPERATIONS (right) differ"
    );

    let generic: BTreeSet<(String, String)> = all_operations!(operation_key).into_iter().collect();
    assert_eq!(
        generic, listed,
        "all_operations! (left) and OPERATIONS (right) differ"
    );

    let dirs: BTreeSet<String> = fs::read_dir(wire_dir())
        .expect("fixtures/wire is readable")
        .map(|entry| {
            entry
                .expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(dirs, service_dirs().map(str::to_owned).collect());

    let mut requests = BTreeSet::new();
    let mut responses = BTreeSet::new();
    for dir in service_dirs() {
        for entry in fs::read_dir(wire_dir().join(dir)).expect("a fixture directory") {
            let file = entry
                .expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            if let Some(name) = file.strip_suffix(".request.json") {
                requests.insert((dir.to_owned(), name.to_owned()));
            } else if let Some(name) = file.strip_suffix(".response.json") {
                responses.insert((dir.to_owned(), name.to_owned()));
            } else {
                panic!("fixtures/wire/{dir}/{file} is neither a request nor a response");
            }
        }
    }
    assert_eq!(
        requests, listed,
        "request fixtures (left) and OPERATIONS (right) differ"
    );
    let orphans: Vec<_> = responses.difference(&listed).collect();
    assert!(
        orphans.is_empty(),
        "response fixtures of no operation: {orphans:?}"
    );
    // A response fixture for each operation with an output structure, and for no other.
    let with_output: BTreeSet<(String, String)> = MODEL_OPERATIONS
        .iter()
        .filter(|(_, _, has_output)| *has_output)
        .map(|(dir, name, _)| (dir.to_string(), name.to_string()))
        .collect();
    assert_eq!(
        responses, with_output,
        "response fixtures (left) and operations with an output structure (right) differ"
    );
}

fn operation_key<O: Operation>(service_dir: &str) -> (String, String) {
    (service_dir.to_owned(), O::NAME.to_owned())
}

// ---------------------------------------------------------------------------------------------
// Enums.
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_channel_enum_values_are_kept_and_sent_back() {
    let mut json = fixture_value("ivs", "GetChannel.response.json");
    set(&mut json, "/channel/type", json!("ULTRA_HD"));
    set(&mut json, "/channel/latencyMode", json!("TURBO"));
    set(
        &mut json,
        "/channel/preset",
        json!("QUANTUM_BANDWIDTH_DELIVERY"),
    );

    let response: ivs::GetChannelResponse = from_value(json.clone());
    let channel = response.channel.as_ref().expect("a channel");
    assert_unknown!(channel.r#type.as_ref(), ChannelType, "ULTRA_HD");
    assert_unknown!(channel.latency_mode.as_ref(), ChannelLatencyMode, "TURBO");
    assert_unknown!(
        channel.preset.as_ref(),
        TranscodePreset,
        "QUANTUM_BANDWIDTH_DELIVERY"
    );
    assert_eq!(to_value(&response), json);
}

#[test]
fn unknown_values_in_lists_and_summaries_are_kept_and_sent_back() {
    let mut json = fixture_value("ivs", "ListChannels.response.json");
    set(&mut json, "/channels/1/latencyMode", json!("TURBO"));
    let response: ivs::ListChannelsResponse = from_value(json.clone());
    let channels = response.channels.as_ref().expect("channels");
    assert_eq!(channels[0].latency_mode, Some(ChannelLatencyMode::Low));
    assert_unknown!(
        channels[1].latency_mode.as_ref(),
        ChannelLatencyMode,
        "TURBO"
    );
    assert_eq!(to_value(&response), json);

    let mut json = fixture_value("ivs", "GetRecordingConfiguration.response.json");
    set(
        &mut json,
        "/recordingConfiguration/state",
        json!("MIGRATING"),
    );
    set(
        &mut json,
        "/recordingConfiguration/renditionConfiguration/renditions",
        json!(["HD", "EIGHT_K", "FULL_HD"]),
    );
    set(
        &mut json,
        "/recordingConfiguration/thumbnailConfiguration/storage",
        json!(["LATEST", "ARCHIVE"]),
    );
    let response: ivs::GetRecordingConfigurationResponse = from_value(json.clone());
    let configuration = response
        .recording_configuration
        .as_ref()
        .expect("a configuration");
    assert_unknown!(
        configuration.state.as_ref(),
        RecordingConfigurationState,
        "MIGRATING"
    );
    let renditions = configuration
        .rendition_configuration
        .as_ref()
        .and_then(|r| r.renditions.as_ref())
        .expect("renditions");
    assert_eq!(renditions[0], RenditionConfigurationRendition::Hd);
    assert_unknown!(
        Some(&renditions[1]),
        RenditionConfigurationRendition,
        "EIGHT_K"
    );
    assert_eq!(renditions[2], RenditionConfigurationRendition::FullHd);
    let storage = configuration
        .thumbnail_configuration
        .as_ref()
        .and_then(|t| t.storage.as_ref())
        .expect("storage");
    assert_eq!(storage[0], ThumbnailConfigurationStorage::Latest);
    assert_unknown!(Some(&storage[1]), ThumbnailConfigurationStorage, "ARCHIVE");
    assert_eq!(to_value(&response), json);
}

#[test]
fn unknown_stream_health_and_state_are_kept_and_sent_back() {
    let mut json = fixture_value("ivs", "GetStream.response.json");
    set(&mut json, "/stream/health", json!("WOBBLY"));
    set(&mut json, "/stream/state", json!("PAUSED"));
    let response: ivs::GetStreamResponse = from_value(json.clone());
    let stream = response.stream.as_ref().expect("a stream");
    assert_unknown!(stream.health.as_ref(), StreamHealth, "WOBBLY");
    assert_ne!(stream.health, Some(StreamHealth::UnknownValue));
    assert_unknown!(stream.state.as_ref(), StreamState, "PAUSED");
    assert_eq!(to_value(&response), json);
}

#[test]
fn unknown_participant_token_capabilities_are_kept_and_sent_back() {
    let mut json = fixture_value("ivs-realtime", "CreateStage.response.json");
    set(
        &mut json,
        "/participantTokens/0/capabilities",
        json!(["PUBLISH", "TELEPORT", "SUBSCRIBE", "MODERATE"]),
    );
    set(
        &mut json,
        "/participantTokens/1/capabilities",
        json!(["LURK"]),
    );
    set(
        &mut json,
        "/stage/autoParticipantRecordingConfiguration/mediaTypes",
        json!(["HOLOGRAM"]),
    );
    let response: ivs_realtime::CreateStageResponse = from_value(json.clone());
    let tokens = response
        .participant_tokens
        .as_ref()
        .expect("participant tokens");

    let first = tokens[0].capabilities.as_ref().expect("capabilities");
    assert_eq!(first.len(), 4);
    assert_eq!(first[0], ParticipantTokenCapability::Publish);
    assert_unknown!(Some(&first[1]), ParticipantTokenCapability, "TELEPORT");
    assert_eq!(first[2], ParticipantTokenCapability::Subscribe);
    assert_unknown!(Some(&first[3]), ParticipantTokenCapability, "MODERATE");
    let second = tokens[1].capabilities.as_ref().expect("capabilities");
    assert_unknown!(second.first(), ParticipantTokenCapability, "LURK");

    let media_types = response
        .stage
        .as_ref()
        .and_then(|s| s.auto_participant_recording_configuration.as_ref())
        .and_then(|a| a.media_types.as_ref())
        .expect("media types");
    assert_unknown!(
        media_types.first(),
        ParticipantRecordingMediaType,
        "HOLOGRAM"
    );
    assert_eq!(to_value(&response), json);
}

#[test]
fn unknown_realtime_enum_values_are_kept_and_sent_back() {
    let mut json = fixture_value("ivs-realtime", "GetComposition.response.json");
    set(&mut json, "/composition/state", json!("PAUSING"));
    set(
        &mut json,
        "/composition/destinations/0/state",
        json!("BUFFERING"),
    );
    set(
        &mut json,
        "/composition/layout/pip/pipPosition",
        json!("CENTER"),
    );
    set(
        &mut json,
        "/composition/layout/pip/pipBehavior",
        json!("FLOATING"),
    );
    set(
        &mut json,
        "/composition/layout/grid/videoFillMode",
        json!("STRETCH"),
    );
    set(
        &mut json,
        "/composition/layout/grid/videoAspectRatio",
        json!("CINEMASCOPE"),
    );
    let response: ivs_realtime::GetCompositionResponse = from_value(json.clone());
    let composition = response.composition.as_ref().expect("a composition");
    assert_unknown!(composition.state.as_ref(), CompositionState, "PAUSING");
    let destinations = composition.destinations.as_ref().expect("destinations");
    assert_unknown!(
        destinations[0].state.as_ref(),
        DestinationState,
        "BUFFERING"
    );
    let layout = composition.layout.as_ref().expect("a layout");
    let pip = layout.pip.as_ref().expect("pip");
    assert_unknown!(pip.pip_position.as_ref(), PipPosition, "CENTER");
    assert_unknown!(pip.pip_behavior.as_ref(), PipBehavior, "FLOATING");
    let grid = layout.grid.as_ref().expect("grid");
    assert_unknown!(grid.video_fill_mode.as_ref(), VideoFillMode, "STRETCH");
    assert_unknown!(
        grid.video_aspect_ratio.as_ref(),
        VideoAspectRatio,
        "CINEMASCOPE"
    );
    assert_eq!(to_value(&response), json);

    // In a request too: a client may send a value newer than the crate.
    let mut json = fixture_value("ivs-realtime", "ListParticipants.request.json");
    set(&mut json, "/filterByState", json!("RECONNECTING"));
    let request: ivs_realtime::ListParticipantsRequest = from_value(json.clone());
    assert_unknown!(
        request.filter_by_state.as_ref(),
        ParticipantState,
        "RECONNECTING"
    );
    assert_eq!(to_value(&request), json);
}

#[test]
fn unknown_values_are_kept_exactly_even_when_close_to_known_ones() {
    for wire in [
        "",
        "standard",
        "STANDARD ",
        " STANDARD",
        "Standard",
        "ÜLTRA_HD",
        "HD\u{0}",
        "🎥",
    ] {
        let mut json = fixture_value("ivs", "GetChannel.response.json");
        set(&mut json, "/channel/type", json!(wire));
        let response: ivs::GetChannelResponse = from_value(json.clone());
        let channel = response.channel.as_ref().expect("a channel");
        assert_unknown!(channel.r#type.as_ref(), ChannelType, wire);
        assert_eq!(
            to_value(&response),
            json,
            "{wire:?} was not sent back unchanged"
        );
    }
}

#[test]
fn known_channel_types_map_to_their_variants() {
    assert_eq!(ChannelType::from("STANDARD"), ChannelType::Standard);
    assert_eq!(ChannelType::from("BASIC"), ChannelType::Basic);
    assert_eq!(ChannelType::from("ADVANCED_SD"), ChannelType::AdvancedSd);
    assert_eq!(ChannelType::from("ADVANCED_HD"), ChannelType::AdvancedHd);
    assert_eq!(
        "ADVANCED_HD".parse::<ChannelType>(),
        Ok(ChannelType::AdvancedHd)
    );
    assert_eq!(ChannelType::Standard.as_str(), "STANDARD");
    assert_eq!(ChannelType::AdvancedSd.to_string(), "ADVANCED_SD");
    assert_eq!(format!("{}", ChannelType::Basic), "BASIC");
    assert_eq!(
        ChannelType::VALUES,
        ["BASIC", "STANDARD", "ADVANCED_SD", "ADVANCED_HD"]
    );
    assert_eq!(to_value(&ChannelType::AdvancedHd), json!("ADVANCED_HD"));
    assert_eq!(ChannelLatencyMode::from("LOW"), ChannelLatencyMode::Low);
    assert_eq!(ChannelLatencyMode::VALUES, ["NORMAL", "LOW"]);

    let response: ivs::GetChannelResponse =
        from_value(fixture_value("ivs", "GetChannel.response.json"));
    let channel = response.channel.expect("a channel");
    assert_eq!(channel.r#type, Some(ChannelType::Standard));
    assert_eq!(channel.latency_mode, Some(ChannelLatencyMode::Low));
    assert_eq!(
        channel.preset,
        Some(TranscodePreset::ConstrainedBandwidthDelivery)
    );
}

#[test]
fn stream_health_unknown_is_a_known_value_not_the_fallback() {
    // The model's value `UNKNOWN` is the variant `UnknownValue`…
    assert!(StreamHealth::VALUES.contains(&"UNKNOWN"));
    assert_eq!(StreamHealth::from("UNKNOWN"), StreamHealth::UnknownValue);
    assert!(!matches!(
        StreamHealth::from("UNKNOWN"),
        StreamHealth::Unknown(_)
    ));
    assert_eq!(
        "UNKNOWN".parse::<StreamHealth>(),
        Ok(StreamHealth::UnknownValue)
    );
    assert_eq!(StreamHealth::UnknownValue.as_str(), "UNKNOWN");
    assert_eq!(StreamHealth::UnknownValue.to_string(), "UNKNOWN");
    assert_eq!(
        from_value::<StreamHealth>(json!("UNKNOWN")),
        StreamHealth::UnknownValue
    );
    assert_eq!(to_value(&StreamHealth::UnknownValue), json!("UNKNOWN"));

    // …on the wire in both directions…
    let mut json = fixture_value("ivs", "GetStream.response.json");
    set(&mut json, "/stream/health", json!("UNKNOWN"));
    let response: ivs::GetStreamResponse = from_value(json.clone());
    assert_eq!(
        response.stream.as_ref().and_then(|s| s.health.clone()),
        Some(StreamHealth::UnknownValue)
    );
    assert_eq!(to_value(&response), json);
    let written = to_value(&ivs::Stream::new().health(StreamHealth::UnknownValue));
    assert_eq!(written, json!({"health": "UNKNOWN"}));

    // …while a value the crate does not know is the fallback `Unknown(..)`.
    let wobbly = StreamHealth::from("WOBBLY");
    assert_unknown!(Some(&wobbly), StreamHealth, "WOBBLY");
    assert_ne!(wobbly, StreamHealth::UnknownValue);
    assert_eq!(StreamHealth::from("unknown").as_str(), "unknown");
    assert!(matches!(
        StreamHealth::from("unknown"),
        StreamHealth::Unknown(_)
    ));
}

// `fn <module>_<enum>_known_values()`, e.g. `ivs_channel_type_known_values`, each calling
// `check_known_values!`, and `KNOWN_VALUE_CHECKS`, written by `tests/build.rs` from `model/`.
include!(concat!(env!("OUT_DIR"), "/known_values.rs"));

#[test]
fn every_enum_of_the_models_is_checked() {
    let checked = distinct(KNOWN_VALUE_CHECKS, "an enum has two known-value checks");
    let mut enums = BTreeSet::new();
    for service_dir in service_dirs() {
        let file = model_file(service_dir);
        let model = model(&file);
        for (name, shape) in model["shapes"].as_object().expect("shapes") {
            if shape.get("enum").is_some() {
                enums.insert((file.clone(), name.clone()));
            }
        }
    }
    assert_eq!(
        checked, enums,
        "known-value checks (left) and the models' enums (right) differ"
    );
}

// ---------------------------------------------------------------------------------------------
// Timestamps.
// ---------------------------------------------------------------------------------------------

/// `2024-10-15T17:30:00Z`.
fn half_past_five() -> Timestamp {
    Timestamp::from_second(1_729_013_400).expect("in range")
}

#[test]
fn timestamps_with_an_offset_are_read_as_the_same_instant_and_written_in_utc() {
    for (wire, written) in [
        ("2024-10-15T19:30:00+02:00", "2024-10-15T17:30:00Z"),
        ("2024-10-15T12:30:00-05:00", "2024-10-15T17:30:00Z"),
        ("2024-10-15T17:30:00+00:00", "2024-10-15T17:30:00Z"),
        ("2024-10-16T03:00:00+09:30", "2024-10-15T17:30:00Z"),
    ] {
        let mut json = fixture_value("ivs", "GetStream.response.json");
        set(&mut json, "/stream/startTime", json!(wire));
        let response: ivs::GetStreamResponse = from_value(json);
        let start = response.stream.as_ref().and_then(|s| s.start_time);
        assert_eq!(start, Some(half_past_five()), "{wire}");
        assert_eq!(
            to_value(&response)["stream"]["startTime"],
            json!(written),
            "{wire}"
        );
    }
}

#[test]
fn timestamps_with_fractional_seconds_keep_them() {
    for (wire, millis, nanos, written) in [
        (
            "2024-10-15T17:30:00.123Z",
            123,
            123_000_000,
            "2024-10-15T17:30:00.123Z",
        ),
        (
            "2024-10-15T17:30:00.5Z",
            500,
            500_000_000,
            "2024-10-15T17:30:00.5Z",
        ),
        (
            "2024-10-15T17:30:00.123456789Z",
            123,
            123_456_789,
            "2024-10-15T17:30:00.123456789Z",
        ),
        (
            "2024-10-15T19:30:00.25+02:00",
            250,
            250_000_000,
            "2024-10-15T17:30:00.25Z",
        ),
    ] {
        let mut json = fixture_value("ivs", "GetStream.response.json");
        set(&mut json, "/stream/startTime", json!(wire));
        let response: ivs::GetStreamResponse = from_value(json);
        let start = response
            .stream
            .as_ref()
            .and_then(|s| s.start_time)
            .expect("a start time");
        assert_eq!(
            start.as_millisecond(),
            half_past_five().as_millisecond() + millis,
            "{wire}"
        );
        assert_eq!(start.subsec_nanosecond(), nanos, "{wire}");
        assert_eq!(
            to_value(&response)["stream"]["startTime"],
            json!(written),
            "{wire}"
        );
    }
}

#[test]
fn timestamps_in_nested_lists_are_normalized_too() {
    let mut json = fixture_value("ivs-realtime", "CreateStage.response.json");
    set(
        &mut json,
        "/participantTokens/1/expirationTime",
        json!("2024-10-15T22:30:00.750+02:00"),
    );
    let response: ivs_realtime::CreateStageResponse = from_value(json.clone());
    let tokens = response
        .participant_tokens
        .as_ref()
        .expect("participant tokens");
    let expected: Timestamp = "2024-10-15T20:30:00.75Z".parse().expect("a timestamp");
    assert_eq!(tokens[1].expiration_time, Some(expected));
    set(
        &mut json,
        "/participantTokens/1/expirationTime",
        json!("2024-10-15T20:30:00.75Z"),
    );
    assert_eq!(to_value(&response), json);

    let mut json = fixture_value("ivs", "GetStreamSession.response.json");
    set(
        &mut json,
        "/streamSession/truncatedEvents/0/eventTime",
        json!("2024-10-15T21:12:08+02:00"),
    );
    let response: ivs::GetStreamSessionResponse = from_value(json);
    assert_eq!(
        to_value(&response)["streamSession"]["truncatedEvents"][0]["eventTime"],
        json!("2024-10-15T19:12:08Z")
    );
}

// ---------------------------------------------------------------------------------------------
// Unknown fields, required and optional members.
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_fields_are_ignored_and_dropped() {
    let clean = fixture_value("ivs", "CreateChannel.response.json");
    let mut json = clean.clone();
    insert(
        &mut json,
        "",
        "requestId",
        json!("6d3c1a3e-0b59-4a6e-9f3e-2f2a1f0b7c11"),
    );
    insert(
        &mut json,
        "",
        "futureTopLevel",
        json!({"nested": [1, 2.5, {"x": null}], "flag": true}),
    );
    insert(&mut json, "/channel", "futureChannelField", json!(42));
    insert(&mut json, "/channel/srt", "cipher", json!("AES-256"));
    insert(
        &mut json,
        "/streamKey",
        "rotation",
        json!({"due": "2025-01-01T00:00:00Z"}),
    );
    let response: ivs::CreateChannelResponse = from_value(json);
    assert_eq!(
        response,
        from_value::<ivs::CreateChannelResponse>(clean.clone())
    );
    assert_eq!(to_value(&response), clean);

    // Inside list elements too, in both services.
    let clean = fixture_value("ivs-realtime", "CreateStage.response.json");
    let mut json = clean.clone();
    insert(&mut json, "/participantTokens/1", "revoked", json!(false));
    insert(&mut json, "/stage/endpoints", "srt", json!("srt://example"));
    let response: ivs_realtime::CreateStageResponse = from_value(json);
    assert_eq!(to_value(&response), clean);

    // And in a response whose structure has no members.
    let response: ivs::StopStreamResponse = from_value(json!({"requestId": "abc", "n": [1]}));
    assert_eq!(to_value(&response), json!({}));
    let response: Empty = from_value(json!({"requestId": "abc"}));
    assert_eq!(to_value(&response), json!({}));
}

/// The error of deserializing `json` as `T`, which must fail.
fn error_of<T: DeserializeOwned + Debug>(json: Value) -> String {
    match serde_json::from_value::<T>(json.clone()) {
        Ok(value) => panic!("{json} deserialized as {value:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn a_missing_required_member_is_an_error_naming_it() {
    let error = error_of::<ivs::GetChannelRequest>(json!({}));
    assert!(error.contains("`arn`"), "{error}");

    let mut json = fixture_value("ivs-realtime", "StartComposition.request.json");
    remove(&mut json, "/destinations");
    let error = error_of::<ivs_realtime::StartCompositionRequest>(json);
    assert!(error.contains("`destinations`"), "{error}");

    let mut json = fixture_value("ivs-realtime", "StartComposition.request.json");
    remove(&mut json, "/destinations/0/channel/channelArn");
    let error = error_of::<ivs_realtime::StartCompositionRequest>(json);
    assert!(error.contains("`channelArn`"), "{error}");

    let mut json = fixture_value("ivs", "CreateRecordingConfiguration.request.json");
    remove(&mut json, "/destinationConfiguration/s3/bucketName");
    let error = error_of::<ivs::CreateRecordingConfigurationRequest>(json);
    assert!(error.contains("`bucketName`"), "{error}");

    let mut json = fixture_value("ivs", "UntagResource.request.json");
    remove(&mut json, "/tagKeys");
    let error = error_of::<ivs::UntagResourceRequest>(json);
    assert!(error.contains("`tagKeys`"), "{error}");

    // A required member of a structure inside a response is required there too.
    let mut json = fixture_value("ivs-realtime", "GetStage.response.json");
    remove(
        &mut json,
        "/stage/autoParticipantRecordingConfiguration/storageConfigurationArn",
    );
    let error = error_of::<ivs_realtime::GetStageResponse>(json);
    assert!(error.contains("`storageConfigurationArn`"), "{error}");

    // `null` is no value for a required member.
    error_of::<ivs::GetChannelRequest>(json!({"arn": null}));
    error_of::<ivs::BatchGetChannelRequest>(json!({"arns": null}));
}

#[test]
fn absent_optional_members_are_not_written() {
    let request = ivs::CreateChannelRequest::new().name("x");
    assert_eq!(
        serde_json::to_string(&request).expect("serializes"),
        r#"{"name":"x"}"#
    );
    assert_eq!(
        serde_json::to_string(&ivs::CreateChannelRequest::new()).expect("serializes"),
        "{}"
    );
    assert_eq!(
        serde_json::to_string(&ivs::Channel::new()).expect("serializes"),
        "{}"
    );
    assert_eq!(
        serde_json::to_string(&ivs::GetChannelRequest::new("arn:x")).expect("serializes"),
        r#"{"arn":"arn:x"}"#
    );
    assert_eq!(
        to_value(&ivs::Srt::new().endpoint("e")),
        json!({"endpoint": "e"})
    );

    let destination = ivs_realtime::DestinationConfiguration::new().channel(
        ivs_realtime::ChannelDestinationConfiguration::new("arn:channel"),
    );
    let request = ivs_realtime::StartCompositionRequest::new("arn:stage", vec![destination]);
    assert_eq!(
        to_value(&request),
        json!({"stageArn": "arn:stage", "destinations": [{"channel": {"channelArn": "arn:channel"}}]})
    );

    // `null` for an optional member reads as absent, and is then not written.
    let request: ivs::CreateChannelRequest =
        from_value(json!({"name": "x", "type": null, "tags": null}));
    assert_eq!(request, ivs::CreateChannelRequest::new().name("x"));
    assert_eq!(to_value(&request), json!({"name": "x"}));
}

// ---------------------------------------------------------------------------------------------
// Idempotency tokens.
// ---------------------------------------------------------------------------------------------

/// Whether the operation has an idempotency token, asked of its request fixture.
fn has_idempotency_token<O: Operation>(service_dir: &str) -> (String, bool) {
    let json = fixture_value(service_dir, &format!("{}.request.json", O::NAME));
    let mut input: O::Input = from_value(json);
    (
        O::NAME.to_owned(),
        O::idempotency_token(&mut input).is_some(),
    )
}

#[test]
fn start_composition_has_an_idempotency_token_slot() {
    use ivs_realtime::operation::StartComposition;

    let mut input = ivs_realtime::StartCompositionRequest::new(
        "arn:stage",
        Vec::<ivs_realtime::DestinationConfiguration>::new(),
    );
    let slot = <StartComposition as Operation>::idempotency_token(&mut input)
        .expect("StartComposition has an idempotency token");
    assert_eq!(*slot, None);
    *slot = Some("4a1f7c2e-0000-4e8a-a6f5-2c0d9e7b1a34".to_owned());
    assert_eq!(
        input.idempotency_token.as_deref(),
        Some("4a1f7c2e-0000-4e8a-a6f5-2c0d9e7b1a34")
    );
    assert_eq!(
        to_value(&input)["idempotencyToken"],
        json!("4a1f7c2e-0000-4e8a-a6f5-2c0d9e7b1a34")
    );

    // A token the caller set is in the slot, so that a client keeps it.
    let mut input: ivs_realtime::StartCompositionRequest = from_value(fixture_value(
        "ivs-realtime",
        "StartComposition.request.json",
    ));
    let slot = <StartComposition as Operation>::idempotency_token(&mut input).expect("a slot");
    assert_eq!(
        slot.as_deref(),
        Some("4a1f7c2e-9b3d-4e8a-a6f5-2c0d9e7b1a34")
    );
}

#[test]
fn only_operations_with_an_idempotency_token_member_have_a_slot() {
    let with_slot: BTreeSet<String> = all_operations!(has_idempotency_token)
        .into_iter()
        .filter(|(_, has)| *has)
        .map(|(name, _)| name)
        .collect();
    assert_eq!(with_slot, BTreeSet::from(["StartComposition".to_owned()]));

    // The same operations as in the models.
    let mut in_models = BTreeSet::new();
    for service_dir in service_dirs() {
        let model = model(&model_file(service_dir));
        let shapes = &model["shapes"];
        for (name, operation) in model["operations"].as_object().expect("operations") {
            let Some(input) = operation["input"]["shape"].as_str() else {
                continue;
            };
            let members = shapes[input]["members"].as_object().expect("input members");
            if members
                .values()
                .any(|m| m.get("idempotencyToken") == Some(&Value::Bool(true)))
            {
                in_models.insert(name.clone());
            }
        }
    }
    assert_eq!(with_slot, in_models);
}

// ---------------------------------------------------------------------------------------------
// Debug redaction.
// ---------------------------------------------------------------------------------------------

const STREAM_KEY: &str = "sk_us-west-2_abcdABCDefgh567890abcdef";
const SRT_PASSPHRASE: &str = "AB1C2defGHijkLMNo3PqQRstUvwxyzaBCDEFg4hiJ";

/// Asserts `Debug` of `value` shows none of `secrets` but does show `visible`.
fn assert_redacted(value: &impl Debug, secrets: &[&str], visible: &str) {
    let secrets: Vec<String> = secrets.iter().map(|s| s.to_string()).collect();
    assert_debug_hides(std::any::type_name_of_val(value), value, &secrets);
    let debug = format!("{value:?}");
    assert!(
        debug.contains(visible),
        "Debug hides {visible:?}, which is no secret:\n{debug}"
    );
}

#[test]
fn debug_redacts_stream_keys() {
    let response: ivs::GetStreamKeyResponse =
        from_value(fixture_value("ivs", "GetStreamKey.response.json"));
    let key = response.stream_key.as_ref().expect("a stream key");
    assert_eq!(key.value.as_deref(), Some(STREAM_KEY));
    assert_redacted(key, &[STREAM_KEY], "stream-key/g1H2I3J4k5L6");
    assert_redacted(&response, &[STREAM_KEY], "stream-key/g1H2I3J4k5L6");

    let response: ivs::BatchGetStreamKeyResponse =
        from_value(fixture_value("ivs", "BatchGetStreamKey.response.json"));
    assert_redacted(&response, &[STREAM_KEY], "stream-key/g1H2I3J4k5L6");
}

#[test]
fn debug_redacts_create_channel_responses() {
    let response: ivs::CreateChannelResponse =
        from_value(fixture_value("ivs", "CreateChannel.response.json"));
    assert_redacted(&response, &[STREAM_KEY, SRT_PASSPHRASE], "my-live-channel");
}

#[test]
fn debug_redacts_participant_tokens() {
    let json = fixture_value("ivs-realtime", "CreateStage.response.json");
    let tokens: Vec<String> = ["/participantTokens/0/token", "/participantTokens/1/token"]
        .iter()
        .map(|p| {
            json.pointer(p)
                .and_then(Value::as_str)
                .expect("a token")
                .to_owned()
        })
        .collect();
    let token_refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let response: ivs_realtime::CreateStageResponse = from_value(json);
    assert_redacted(&response, &token_refs, "host-alice");
    for token in response.participant_tokens.as_ref().expect("tokens") {
        assert_redacted(token, &token_refs, "participant_id");
    }
}

#[test]
fn debug_redacts_put_metadata() {
    let json = fixture_value("ivs", "PutMetadata.request.json");
    let metadata = json["metadata"].as_str().expect("metadata").to_owned();
    let request: ivs::PutMetadataRequest = from_value(json);
    assert_redacted(
        &request,
        &[&metadata, "Which team will win?"],
        "channel/abcdABCDefgh",
    );
}

#[test]
fn debug_redacts_srt_passphrases() {
    let response: ivs::GetChannelResponse =
        from_value(fixture_value("ivs", "GetChannel.response.json"));
    let srt = response
        .channel
        .as_ref()
        .and_then(|c| c.srt.as_ref())
        .expect("srt");
    assert_eq!(srt.passphrase.as_deref(), Some(SRT_PASSPHRASE));
    assert_redacted(srt, &[SRT_PASSPHRASE], "srt.live-video.net");

    // An absent secret shows as absent, not as redacted.
    let debug = format!("{:?}", ivs::Srt::new().endpoint("e"));
    assert!(
        debug.contains("passphrase: None") && !debug.contains(REDACTED),
        "{debug}"
    );
}
