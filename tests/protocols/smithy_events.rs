//! The build-script half of the Smithy event-stream test (`tests/smithy_event_streams.rs`):
//! converts Smithy's restJson1 event-stream protocol tests, `fixtures/smithy/event-stream.smithy`
//! (read by [`smithy_idl`](super::smithy_idl)), into a botocore service-2 model, generates its
//! service module as any model is, and writes every case of its `@eventStreamTests` traits as
//! JSON, their `params` in the serde form of the generated types (blobs in base64, timestamps in
//! the member's format), so that the test builds them with `serde_json`.
//!
//! The conversion:
//! - the protocol is restJson1 (`rest-json`), the one these tests are written for;
//! - a `@streaming` union is a structure with `"eventstream": true`, each member an event, or an
//!   exception when it targets an `@error` structure; any other union has `"union": true`;
//! - `@eventHeader` and `@eventPayload` are the members' `eventheader` and `eventpayload`,
//!   `@httpHeader("x")` is `"location": "header", "locationName": "x"`, `@httpPayload` the
//!   structure's `payload`, `@required` its `required`;
//! - `@error` is `"exception": true` with `error.httpStatusCode` (`@httpError`, else 400 for
//!   `"client"`, 500 for `"server"`), `@http` the operation's `http`;
//! - an operation's `input :=` and `output :=` are the structures `<Operation>Input` and
//!   `<Operation>Output`, as Smithy names them;
//! - Smithy's `Byte` and `Short` are `integer`: botocore's model format has no narrower integer
//!   (their cases' headers are written as `int`; the skip list says so).
//!
//! A trait, shape or key outside this subset fails the build naming it and where it is.

use std::fmt::Write as _;
use std::path::Path;

use base64::Engine as _;
use serde_json::{Map, Value, json};

use super::smithy_idl::{self, Member, Model, Node, ShapeBody, Trait};

/// The fixture, relative to this package.
pub const FIXTURE: &str = "fixtures/smithy/event-stream.smithy";

/// The shapes the fixture `use`s from other Smithy files, and what they are here.
/// `aws.protocoltests.shared#DateTime` is `@timestampFormat("date-time") timestamp DateTime` in
/// `smithy-aws-protocol-tests/model/shared-types.smithy` of the same commit.
const IMPORTS: &[(&str, Import)] = &[
    ("aws.protocols#restJson1", Import::Protocol),
    (
        "aws.protocoltests.shared#DateTime",
        Import::Shape(r#"{"type": "timestamp", "timestampFormat": "iso8601"}"#),
    ),
    ("smithy.test#InitialHttpRequest", Import::TestShape),
    ("smithy.test#InitialHttpResponse", Import::TestShape),
    ("smithy.test#eventStreamTests", Import::TestTrait),
];

#[derive(Clone, Copy)]
enum Import {
    /// The protocol trait the cases name.
    Protocol,
    /// A shape, as its botocore JSON.
    Shape(&'static str),
    /// A shape of the test traits' vocabulary (`initialRequestShape`).
    TestShape,
    /// The `@eventStreamTests` trait.
    TestTrait,
}

/// The prelude shapes the fixture's members may target, as botocore shapes.
const PRELUDE: &[(&str, &str)] = &[
    ("String", "string"),
    ("Boolean", "boolean"),
    ("Byte", "integer"),
    ("Short", "integer"),
    ("Integer", "integer"),
    ("Long", "long"),
    ("Blob", "blob"),
    ("Timestamp", "timestamp"),
];

/// The keys of a case of `@eventStreamTests`, an event, and the initial messages.
const CASE_KEYS: &[&str] = &[
    "id",
    "protocol",
    "documentation",
    "events",
    "expectation",
    "appliesTo",
    "initialRequestParams",
    "initialRequest",
    "initialRequestShape",
    "initialResponseParams",
    "initialResponse",
    "initialResponseShape",
];
const EVENT_KEYS: &[&str] = &[
    "type",
    "params",
    "headers",
    "body",
    "bodyMediaType",
    "bytes",
];
const REQUEST_KEYS: &[&str] = &["method", "uri", "headers", "body", "bodyMediaType"];
const RESPONSE_KEYS: &[&str] = &["code", "headers", "body", "bodyMediaType"];
/// The types of an event header value, as the cases name them.
const HEADER_TYPES: &[&str] = &[
    "boolean",
    "byte",
    "short",
    "integer",
    "long",
    "blob",
    "string",
    "timestamp",
];

/// The Rust text `tests/smithy_event_streams.rs` includes: `MODEL` (the converted model),
/// `CASES` (the cases as JSON), the generated service module, and `run_case`, which runs a case
/// through its operation.
pub fn generate() -> String {
    println!("cargo::rerun-if-changed={FIXTURE}");
    println!("cargo::rerun-if-changed=protocols/smithy_events.rs");
    println!("cargo::rerun-if-changed=protocols/smithy_idl.rs");
    let text = std::fs::read_to_string(Path::new(FIXTURE))
        .unwrap_or_else(|e| panic!("cannot read {FIXTURE}: {e}"));
    let model = smithy_idl::parse(&text).unwrap_or_else(|e| panic!("{FIXTURE}:{e}"));
    let converted = Converter::new(&model).unwrap_or_else(|e| panic!("{FIXTURE}: {e}"));
    let botocore = converted
        .botocore()
        .unwrap_or_else(|e| panic!("{FIXTURE}: {e}"));
    let cases = converted
        .cases()
        .unwrap_or_else(|e| panic!("{FIXTURE}: {e}"));
    let model_text = botocore;
    let file = codegen::SourceFile {
        name: "rest-json-event-streams.json".to_owned(),
        text: model_text.clone(),
    };
    let loaded = codegen::load_files(vec![file]).unwrap_or_else(|e| {
        panic!(
            "{FIXTURE}: the converted model does not load:\n{}",
            e.render(false)
        )
    });
    let service = &loaded.ir.services[0];
    let code = codegen::generate::service_file(service, quote::quote!(::ivs_models));
    let mut arms = String::new();
    for operation in &service.operations {
        let streams = converted.streams(&operation.wire_name);
        let union = |stream: &Option<String>| match stream {
            Some(shape) => service
                .shapes
                .values()
                .find(|s| s.wire_name == *shape)
                .map(|s| format!("service::{}", s.rust_name))
                .unwrap_or_else(|| panic!("{FIXTURE}: no generated type for {shape}")),
            None => "crate::NoEvents".to_owned(),
        };
        let _ = writeln!(
            arms,
            "        {:?} => crate::run::<service::operation::{}, {}, {}>(case, half),",
            operation.wire_name,
            operation.rust_name,
            union(&streams.0),
            union(&streams.1)
        );
    }
    format!(
        "/// The model converted from the fixture.\n\
         pub const MODEL: &str = {model_text:?};\n\n\
         /// Every case of the fixture's `@eventStreamTests`, as JSON.\n\
         pub const CASES: &str = {:?};\n\n\
         /// Runs `case` (its JSON) as the `half` says, through the case's operation.\n\
         pub fn run_case(case: &crate::Case, half: crate::Half) -> ::std::result::Result<(), ::std::string::String> {{\n    \
         match case.operation.as_str() {{\n{arms}        \
         other => ::std::result::Result::Err(::std::format!(\"no operation {{other}}\")),\n    }}\n}}\n\n\
         #[allow(dead_code, missing_docs, clippy::all)]\nmod service {{\n{code}\n}}\n",
        serde_json::to_string_pretty(&cases).expect("JSON prints")
    )
}

/// What the fixture's shapes are, by name (its own and the inline inputs and outputs).
struct Converter<'m> {
    model: &'m Model,
    /// Name → (kind, members, traits) of every structure and union, inline ones included.
    shapes: Vec<(String, Kind, &'m [Member], &'m [Trait])>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Structure,
    Union,
}

impl<'m> Converter<'m> {
    fn new(model: &'m Model) -> Result<Self, String> {
        for used in &model.uses {
            if !IMPORTS.iter().any(|(id, _)| id == used) {
                return Err(format!(
                    "`use {used}`: a shape this converter does not know (it knows {:?})",
                    IMPORTS.iter().map(|(id, _)| *id).collect::<Vec<_>>()
                ));
            }
        }
        let mut shapes = Vec::new();
        for shape in &model.shapes {
            match &shape.body {
                ShapeBody::Structure(members) => shapes.push((
                    shape.name.clone(),
                    Kind::Structure,
                    &members[..],
                    &shape.traits[..],
                )),
                ShapeBody::Union(members) => shapes.push((
                    shape.name.clone(),
                    Kind::Union,
                    &members[..],
                    &shape.traits[..],
                )),
                ShapeBody::Operation { input, output, .. } => {
                    for (suffix, members) in [("Input", input), ("Output", output)] {
                        if let Some(members) = members {
                            shapes.push((
                                format!("{}{suffix}", shape.name),
                                Kind::Structure,
                                &members[..],
                                &[][..],
                            ));
                        }
                    }
                }
            }
        }
        Ok(Self { model, shapes })
    }

    fn find(&self, name: &str) -> Option<&(String, Kind, &'m [Member], &'m [Trait])> {
        self.shapes.iter().find(|(n, ..)| n == name)
    }

    /// The shape id `name` as written in the fixture, resolved: a shape of the file, an import
    /// (its local name) or a prelude shape.
    fn resolve(&self, name: &str) -> Result<Target, String> {
        if self.find(name).is_some() {
            return Ok(Target::Local(name.to_owned()));
        }
        let local = name.rsplit('#').next().unwrap_or(name);
        if let Some((_, import)) = IMPORTS.iter().find(|(id, _)| {
            id.rsplit('#').next() == Some(local) && self.model.uses.iter().any(|u| u == id)
        }) {
            return match import {
                Import::Shape(json) => Ok(Target::Imported(local.to_owned(), json)),
                _ => Err(format!("`{name}` is no shape a member can target")),
            };
        }
        let prelude = name.strip_prefix("smithy.api#").unwrap_or(name);
        match PRELUDE.iter().find(|(n, _)| *n == prelude) {
            Some((n, kind)) => Ok(Target::Prelude(n, kind)),
            None => Err(format!(
                "`{name}`: no such shape in the file, its imports or the prelude this converter knows"
            )),
        }
    }

    fn has_streaming(traits: &[Trait]) -> bool {
        traits.iter().any(|t| t.name == "streaming")
    }

    /// The service-2 model, as JSON text: its members in the order the fixture has them (a
    /// `serde_json::Map` would sort them, and the generator keeps the model's order).
    fn botocore(&self) -> Result<String, String> {
        let mut shapes: Vec<(String, String)> = Vec::new();
        let mut add = |name: String, text: String| {
            if !shapes.iter().any(|(n, _)| *n == name) {
                shapes.push((name, text));
            }
        };
        let mut operations = Vec::new();
        // The shapes events target carry `event`, as botocore's do.
        let mut events: Vec<String> = Vec::new();
        for (name, kind, members, traits) in &self.shapes {
            if *kind == Kind::Union && Self::has_streaming(traits) {
                events.extend(members.iter().map(|m| m.target.clone()));
            }
            let _ = name;
        }
        for (name, kind, members, traits) in &self.shapes {
            let mut shape = Map::new();
            shape.insert("type".into(), json!("structure"));
            let mut out_members = Vec::new();
            let mut required = Vec::new();
            for member in members.iter() {
                let mut m = Map::new();
                let target = self.resolve(&member.target)?;
                m.insert("shape".into(), json!(target.name()));
                match target {
                    Target::Imported(local, json) => {
                        add(local, (*json).to_owned());
                    }
                    Target::Prelude(n, kind) => {
                        add(n.to_owned(), json!({ "type": kind }).to_string());
                    }
                    Target::Local(_) => {}
                }
                for t in &member.traits {
                    match (t.name.as_str(), &t.value) {
                        ("eventHeader", Node::Null) => {
                            m.insert("eventheader".into(), json!(true));
                        }
                        ("eventPayload", Node::Null) => {
                            m.insert("eventpayload".into(), json!(true));
                        }
                        ("httpHeader", Node::String(header)) => {
                            m.insert("location".into(), json!("header"));
                            m.insert("locationName".into(), json!(header));
                        }
                        ("httpPayload", Node::Null) => {
                            shape.insert("payload".into(), json!(member.name));
                        }
                        ("required", Node::Null) => required.push(json!(member.name)),
                        _ => {
                            return Err(format!(
                                "{}: member trait @{} {:?} is not converted",
                                t.at, t.name, t.value
                            ));
                        }
                    }
                }
                out_members.push((member.name.clone(), Value::Object(m).to_string()));
            }
            if !required.is_empty() {
                shape.insert("required".into(), Value::Array(required));
            }
            let mut status = None;
            for t in traits.iter() {
                match (t.name.as_str(), &t.value, kind) {
                    ("streaming", Node::Null, Kind::Union) => {
                        shape.insert("eventstream".into(), json!(true));
                    }
                    ("error", Node::String(side), Kind::Structure)
                        if side == "client" || side == "server" =>
                    {
                        shape.insert("exception".into(), json!(true));
                        status.get_or_insert(if side == "client" { 400 } else { 500 });
                        if side == "server" {
                            shape.insert("fault".into(), json!(true));
                        }
                    }
                    ("httpError", Node::Number(code), Kind::Structure) => {
                        status = code.as_u64();
                        if status.is_none() {
                            return Err(format!("{}: @httpError({code})", t.at));
                        }
                    }
                    _ => {
                        return Err(format!(
                            "{}: trait @{} {:?} on {name} is not converted",
                            t.at, t.name, t.value
                        ));
                    }
                }
            }
            if let Some(status) = status {
                if shape.get("exception").is_none() {
                    return Err(format!("{name}: @httpError without @error"));
                }
                shape.insert("error".into(), json!({ "httpStatusCode": status }));
            }
            if *kind == Kind::Union && !Self::has_streaming(traits) {
                shape.insert("union".into(), json!(true));
            }
            if events.contains(name) && shape.get("exception").is_none() {
                shape.insert("event".into(), json!(true));
            }
            let mut entries = vec![("members".to_owned(), ordered(&out_members))];
            entries.extend(shape.into_iter().map(|(k, v)| (k, v.to_string())));
            add(name.clone(), ordered(&entries));
        }
        for shape in &self.model.shapes {
            let ShapeBody::Operation {
                input,
                output,
                errors,
            } = &shape.body
            else {
                continue;
            };
            let mut operation = Map::new();
            operation.insert("name".into(), json!(shape.name));
            for t in &shape.traits {
                match (t.name.as_str(), &t.value) {
                    ("http", value) => {
                        let http = smithy_idl::object(
                            value,
                            &format!("{}: @http", t.at),
                            &["method", "uri", "code"],
                        )?;
                        let text = |key: &str| {
                            http.get(key)
                                .and_then(|v| v.as_str())
                                .ok_or_else(|| format!("{}: @http has no {key}", t.at))
                        };
                        let mut out =
                            json!({ "method": text("method")?, "requestUri": text("uri")? });
                        if let Some(code) = http.get("code") {
                            match code {
                                Node::Number(code) => out["responseCode"] = json!(code),
                                other => return Err(format!("{}: @http code {other:?}", t.at)),
                            }
                        }
                        operation.insert("http".into(), out);
                    }
                    ("eventStreamTests", _) => {}
                    _ => {
                        return Err(format!(
                            "{}: trait @{} on operation {} is not converted",
                            t.at, t.name, shape.name
                        ));
                    }
                }
            }
            if !operation.contains_key("http") {
                return Err(format!(
                    "{}: operation {} has no @http",
                    shape.at, shape.name
                ));
            }
            if input.is_some() {
                operation.insert(
                    "input".into(),
                    json!({ "shape": format!("{}Input", shape.name) }),
                );
            }
            if output.is_some() {
                operation.insert(
                    "output".into(),
                    json!({ "shape": format!("{}Output", shape.name) }),
                );
            }
            let errors: Vec<Value> = errors
                .iter()
                .map(|e| match self.resolve(e)? {
                    Target::Local(name) => Ok(json!({ "shape": name })),
                    _ => Err(format!(
                        "operation {}: error {e} is no shape of the file",
                        shape.name
                    )),
                })
                .collect::<Result<_, String>>()?;
            if !errors.is_empty() {
                operation.insert("errors".into(), Value::Array(errors));
            }
            operations.push((shape.name.clone(), Value::Object(operation).to_string()));
        }
        let metadata = json!({
            "apiVersion": "2020-01-01",
            "endpointPrefix": "eventstreams",
            "jsonVersion": "1.1",
            "protocol": "rest-json",
            "protocols": ["rest-json"],
            "serviceFullName": "Smithy Event Stream Protocol Tests",
            "serviceId": "Event Stream Tests",
            "signatureVersion": "v4",
            "signingName": "eventstreams",
            "uid": "eventstreams-2020-01-01",
        });
        Ok(ordered(&[
            ("version".to_owned(), json!("2.0").to_string()),
            ("metadata".to_owned(), metadata.to_string()),
            ("operations".to_owned(), ordered(&operations)),
            ("shapes".to_owned(), ordered(&shapes)),
        ]))
    }

    /// The event-stream unions of operation `name`'s input and output, if they have one.
    fn streams(&self, name: &str) -> (Option<String>, Option<String>) {
        let stream = |structure: String| {
            let (_, _, members, _) = self.find(&structure)?;
            members.iter().find_map(|m| {
                let (_, kind, _, traits) = self.find(&m.target)?;
                (*kind == Kind::Union && Self::has_streaming(traits)).then(|| m.target.clone())
            })
        };
        (
            stream(format!("{name}Input")),
            stream(format!("{name}Output")),
        )
    }

    /// Every case of every operation's `@eventStreamTests`, in the file's order.
    fn cases(&self) -> Result<Vec<Value>, String> {
        let mut out = Vec::new();
        for shape in &self.model.shapes {
            let Some(tests) = shape.traits.iter().find(|t| t.name == "eventStreamTests") else {
                continue;
            };
            let Node::Array(cases) = &tests.value else {
                return Err(format!("{}: @eventStreamTests takes a list", tests.at));
            };
            let (input_stream, output_stream) = self.streams(&shape.name);
            for case in cases {
                let where_ = format!("{}: a case of {}", tests.at, shape.name);
                out.push(
                    self.case(&shape.name, case, &input_stream, &output_stream)
                        .map_err(|e| format!("{where_}: {e}"))?,
                );
            }
        }
        Ok(out)
    }

    fn case(
        &self,
        operation: &str,
        case: &Node,
        input_stream: &Option<String>,
        output_stream: &Option<String>,
    ) -> Result<Value, String> {
        let keys = smithy_idl::object(case, "a case", CASE_KEYS)?;
        let text = |key: &str| keys.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        let id = text("id").ok_or("a case without an id")?;
        let fail = |e: String| format!("{id}: {e}");
        if text("protocol").as_deref() != Some("restJson1") {
            return Err(fail("the case is not for restJson1".into()));
        }
        let halves = match text("appliesTo").as_deref() {
            None => json!(["client", "server"]),
            Some(half @ ("client" | "server")) => json!([half]),
            Some(other) => return Err(fail(format!("appliesTo `{other}`"))),
        };
        let mut events = Vec::new();
        if let Some(list) = keys.get("events") {
            let Node::Array(list) = list else {
                return Err(fail("events is a list".into()));
            };
            for event in list {
                events.push(
                    self.event(event, input_stream, output_stream)
                        .map_err(fail)?,
                );
            }
        }
        let failure = match keys.get("expectation") {
            None => Value::Null,
            Some(expectation) => {
                let expectation =
                    smithy_idl::object(expectation, "expectation", &["success", "failure"])?;
                match (expectation.get("success"), expectation.get("failure")) {
                    (Some(_), None) => Value::Null,
                    (None, Some(failure)) => {
                        let failure = smithy_idl::object(failure, "failure", &["errorId"])?;
                        match failure.get("errorId").map(|v| v.as_str()) {
                            None => json!({ "errorId": null, "members": [] }),
                            Some(Some(error)) => {
                                let error = error.rsplit('#').next().unwrap_or(error).to_owned();
                                let members = [input_stream, output_stream]
                                    .into_iter()
                                    .flatten()
                                    .flat_map(|stream| self.members_targeting(stream, &error))
                                    .collect::<Vec<_>>();
                                json!({ "errorId": error, "members": members })
                            }
                            Some(None) => return Err(fail("errorId is a shape id".into())),
                        }
                    }
                    _ => return Err(fail("an expectation is success or failure".into())),
                }
            }
        };
        let params = |key: &str, structure: String| -> Result<Value, String> {
            match keys.get(key) {
                None => Ok(Value::Null),
                Some(node) => self
                    .serde_form(&structure, node)
                    .map_err(|e| format!("{key}: {e}")),
            }
        };
        let message = |key: &str, known: &[&str]| -> Result<Value, String> {
            let Some(node) = keys.get(key) else {
                return Ok(Value::Null);
            };
            let fields = smithy_idl::object(node, key, known)?;
            let mut out = Map::new();
            for (field, value) in fields {
                out.insert(field.to_owned(), plain(value));
            }
            Ok(Value::Object(out))
        };
        for (key, shape) in [
            ("initialRequestShape", "InitialHttpRequest"),
            ("initialResponseShape", "InitialHttpResponse"),
        ] {
            if let Some(value) = text(key)
                && value.rsplit('#').next() != Some(shape)
            {
                return Err(fail(format!("{key} `{value}`: only {shape} is read")));
            }
        }
        Ok(json!({
            "id": id,
            "operation": operation,
            "halves": halves,
            "documentation": text("documentation"),
            "events": events,
            "failure": failure,
            "initialRequestParams": params("initialRequestParams", format!("{operation}Input")).map_err(fail)?,
            "initialRequest": message("initialRequest", REQUEST_KEYS).map_err(fail)?,
            "initialResponseParams": params("initialResponseParams", format!("{operation}Output")).map_err(fail)?,
            "initialResponse": message("initialResponse", RESPONSE_KEYS).map_err(fail)?,
            "inputHead": self.head_members(&format!("{operation}Input")),
            "outputHead": self.head_members(&format!("{operation}Output")),
        }))
    }

    /// Whether structure `name` has members beside its event stream (they travel in the
    /// initial request or response).
    fn head_members(&self, name: &str) -> bool {
        self.find(name).is_some_and(|(_, _, members, _)| {
            members.iter().any(|m| {
                !self.find(&m.target).is_some_and(|(_, kind, _, traits)| {
                    *kind == Kind::Union && Self::has_streaming(traits)
                })
            })
        })
    }

    /// The members of union `stream` that target `error`.
    fn members_targeting(&self, stream: &str, error: &str) -> Vec<String> {
        self.find(stream)
            .map(|(_, _, members, _)| {
                members
                    .iter()
                    .filter(|m| m.target == error)
                    .map(|m| m.name.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn event(
        &self,
        event: &Node,
        input_stream: &Option<String>,
        output_stream: &Option<String>,
    ) -> Result<Value, String> {
        let keys = smithy_idl::object(event, "an event", EVENT_KEYS)?;
        let kind = keys
            .get("type")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let stream = match kind {
            "request" => input_stream,
            "response" => output_stream,
            other => return Err(format!("event type `{other}`: request or response")),
        };
        let Some(stream) = stream else {
            return Err(format!(
                "a {kind} event of an operation whose {kind} has no event stream"
            ));
        };
        let params = match keys.get("params") {
            Some(node) => self.serde_form(stream, node)?,
            None => Value::Null,
        };
        let headers = match keys.get("headers") {
            None => Value::Null,
            Some(Node::Object(headers)) => {
                let mut out = Vec::new();
                for (name, value) in headers {
                    let typed = smithy_idl::object(value, &format!("header {name}"), HEADER_TYPES)?;
                    let [(kind, value)] = typed.into_iter().collect::<Vec<_>>()[..] else {
                        return Err(format!("header {name}: one type and value"));
                    };
                    out.push(json!({ "name": name, "type": kind, "value": plain(value) }));
                }
                Value::Array(out)
            }
            Some(other) => return Err(format!("headers is an object, not {other:?}")),
        };
        let text = |key: &str| keys.get(key).and_then(|v| v.as_str());
        Ok(json!({
            "type": kind,
            "params": params,
            "headers": headers,
            "body": text("body"),
            "bodyMediaType": text("bodyMediaType"),
            "bytes": text("bytes"),
        }))
    }

    /// `node`, a value of shape `name`, in the serde form of the generated type.
    fn serde_form(&self, name: &str, node: &Node) -> Result<Value, String> {
        match self.resolve(name)? {
            Target::Local(name) => {
                let (_, kind, members, _) = self.find(&name).expect("resolved");
                let Node::Object(fields) = node else {
                    return Err(format!("a value of {name} is an object, not {node:?}"));
                };
                if *kind == Kind::Union && fields.len() != 1 {
                    return Err(format!("a value of union {name} has one member"));
                }
                let mut out = Map::new();
                for (field, value) in fields {
                    let member = members
                        .iter()
                        .find(|m| m.name == *field)
                        .ok_or_else(|| format!("{name} has no member {field}"))?;
                    out.insert(field.clone(), self.serde_form(&member.target, value)?);
                }
                Ok(Value::Object(out))
            }
            Target::Prelude(_, "blob") => match node {
                Node::String(text) => Ok(json!(
                    base64::engine::general_purpose::STANDARD.encode(text)
                )),
                other => Err(format!("a blob is a string, not {other:?}")),
            },
            // ISO 8601, the serde form of a timestamp: as written.
            Target::Imported(..) | Target::Prelude(_, "timestamp") => match node {
                Node::String(text) => Ok(json!(text)),
                other => Err(format!(
                    "a timestamp here is an ISO 8601 string, not {other:?}"
                )),
            },
            Target::Prelude(..) => match node {
                Node::Object(_) | Node::Array(_) | Node::Word(_) => {
                    Err(format!("{node:?} is no value of {name}"))
                }
                other => Ok(plain(other)),
            },
        }
    }
}

enum Target {
    Local(String),
    Imported(String, &'static str),
    Prelude(&'static str, &'static str),
}

impl Target {
    fn name(&self) -> &str {
        match self {
            Target::Local(name) | Target::Imported(name, _) => name,
            Target::Prelude(name, _) => name,
        }
    }
}

/// A JSON object of `entries` (keys, and values as JSON text), in their order.
fn ordered(entries: &[(String, String)]) -> String {
    let entries: Vec<String> = entries
        .iter()
        .map(|(key, value)| format!("{}: {value}", Value::String(key.clone())))
        .collect();
    format!("{{{}}}", entries.join(", "))
}

/// A node as JSON, with bare words as strings.
fn plain(node: &Node) -> Value {
    match node {
        Node::Null => Value::Null,
        Node::Bool(b) => json!(b),
        Node::Number(n) => Value::Number(n.clone()),
        Node::String(s) | Node::Word(s) => json!(s),
        Node::Array(items) => Value::Array(items.iter().map(plain).collect()),
        Node::Object(members) => {
            Value::Object(members.iter().map(|(k, v)| (k.clone(), plain(v))).collect())
        }
    }
}
