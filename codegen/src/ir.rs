//! The intermediate representation: a validated model with every reference resolved and every
//! item carrying both its wire name and its Rust name. Emitters read only this.

use std::collections::BTreeMap;

/// All services of a model directory, ordered by module name.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// The services.
    pub services: Vec<Service>,
}

/// One service: one model file.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The model file's stem, e.g. `ivs-realtime`.
    pub stem: String,
    /// The Rust module, e.g. `ivs_realtime`.
    pub module: String,
    /// The service trait's name, e.g. `IvsRealtime`.
    pub trait_name: String,
    /// `metadata.serviceId`.
    pub service_id: String,
    /// `metadata.serviceFullName`.
    pub full_name: String,
    /// `metadata.apiVersion`.
    pub api_version: String,
    /// `metadata.endpointPrefix`.
    pub endpoint_prefix: String,
    /// `metadata.signingName`, or the endpoint prefix.
    pub signing_name: String,
    /// `metadata.protocol`.
    pub protocol: String,
    /// The protocol whose wire form the generated code speaks, chosen from `protocol` and
    /// `protocols`.
    pub wire: WireProtocol,
    /// The service's documentation.
    pub docs: String,
    /// The operations, ordered by wire name.
    pub operations: Vec<Operation>,
    /// The shapes, keyed and ordered by wire name.
    pub shapes: BTreeMap<ShapeId, Shape>,
}

/// The wire form the generated operations speak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireProtocol {
    /// restJson1 (`rest-json`): members bound to the URI, query string, headers and body.
    RestJson,
    /// awsJson 1.0 or 1.1 (`json`): `POST /`, the operation in `X-Amz-Target`, every member in
    /// the JSON body.
    AwsJson {
        /// `jsonVersion`, e.g. `1.1`.
        version: String,
        /// `targetPrefix`, e.g. `DynamoDB_20120810`.
        target_prefix: String,
    },
    /// A protocol this generator writes no wire form for (`rest-xml`, `query`, `ec2`,
    /// `smithy-rpc-v2-cbor`): the types only.
    Unsupported(String),
}

/// A shape's wire name, which is its key in [`Service::shapes`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId(pub String);

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The wire name, e.g. `CreateChannel`.
    pub wire_name: String,
    /// The unit type implementing the operation trait, e.g. `CreateChannel`.
    pub rust_name: String,
    /// The service trait's method, e.g. `create_channel`.
    pub method: String,
    /// The HTTP method, e.g. `POST`.
    pub http_method: String,
    /// The request URI, e.g. `/tags/{resourceArn}`.
    pub http_uri: String,
    /// The labels of the request URI's path, in order.
    pub uri_labels: Vec<Label>,
    /// The HTTP status of a successful response (`responseCode`, 200 when the model gives none).
    pub success_status: u16,
    /// `endpoint.hostPrefix`, e.g. `{AccountId}.data.`.
    pub host_prefix: Option<String>,
    /// The exception shapes the operation may answer with, in model order.
    pub errors: Vec<ShapeId>,
    /// How the operation's messages stream, if they do.
    pub streaming: Streaming,
    /// The input structure, if any.
    pub input: Option<ShapeId>,
    /// The output structure, if any.
    pub output: Option<ShapeId>,
    /// The documentation.
    pub docs: String,
}

/// One message of an operation: its request (the input) or its response (the output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The request: the operation's input.
    Request,
    /// The response: the operation's output.
    Response,
}

impl Side {
    /// `request` or `response`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Request => "request",
            Side::Response => "response",
        }
    }
}

/// One label of a URI or host template: `{resourceArn}`, or greedy `{Key+}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The label's name.
    pub name: String,
    /// Whether the label takes the rest of the path, `/` included.
    pub greedy: bool,
}

/// How an operation's messages stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Streaming {
    /// Neither message streams.
    #[default]
    None,
    /// The request's payload is a streaming blob.
    InputPayload,
    /// The response's payload is a streaming blob.
    OutputPayload,
    /// The request is a stream of events.
    InputEvents,
    /// The response is a stream of events.
    OutputEvents,
}

/// One shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The wire name (the key in `shapes`).
    pub wire_name: String,
    /// The Rust type name, for shapes that become types.
    pub rust_name: String,
    /// The documentation.
    pub docs: String,
    /// Whether values of this shape are secret.
    pub sensitive: bool,
    /// What the shape is.
    pub kind: ShapeKind,
}

/// What a shape is.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// A structure.
    Structure(Structure),
    /// A string with a closed list of known values.
    Enum(Enum),
    /// A list.
    List {
        /// The element shape.
        member: ShapeId,
    },
    /// A map.
    Map {
        /// The key shape.
        key: ShapeId,
        /// The value shape.
        value: ShapeId,
    },
    /// A string.
    String,
    /// A 32-bit integer.
    Integer,
    /// A 64-bit integer.
    Long,
    /// A 32-bit float.
    Float,
    /// A 64-bit float.
    Double,
    /// A boolean.
    Boolean,
    /// A point in time.
    Timestamp {
        /// `timestampFormat`, if the model gives one.
        format: Option<TimestampFormat>,
    },
    /// Bytes.
    Blob,
    /// An untyped JSON value (`document`).
    Document,
}

/// A structure's members.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// The members, in file order.
    pub members: Vec<Member>,
    /// Whether the structure is an error shape.
    pub exception: bool,
    /// The member that is the whole HTTP body (`payload`), by wire name.
    pub payload: Option<String>,
    /// Whether exactly one member is set (`union`, or an event stream's events).
    pub union: bool,
    /// Whether the structure is a stream of events (`eventstream`), one member each.
    pub event_stream: bool,
}

/// One member of a structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The wire name (the key in `members`).
    pub wire_name: String,
    /// The Rust field name, e.g. `r#type`.
    pub rust_name: String,
    /// The chainable setter's name.
    pub setter: String,
    /// The target shape.
    pub target: ShapeId,
    /// Whether the member is in the structure's `required` list.
    pub required: bool,
    /// Whether the field must be boxed because the target contains this structure again.
    pub boxed: bool,
    /// Where the member travels in an HTTP message.
    pub location: Location,
    /// The member's key in a JSON body (`locationName`, or the wire name).
    pub json_name: String,
    /// The member's own `timestampFormat`, else its target's (for a list, its element's).
    pub timestamp_format: Option<TimestampFormat>,
    /// Whether the member is a string of JSON text (`jsonvalue`), base64 in a header.
    pub jsonvalue: bool,
    /// Whether the member fills a label of the operation's host prefix (`hostLabel`).
    pub host_label: bool,
    /// Whether the member is an idempotency token filled in when the caller gives none.
    pub idempotency_token: bool,
    /// The documentation.
    pub docs: String,
}

/// Where a member travels in an HTTP message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// In the JSON body, under [`Member::json_name`].
    Body,
    /// The whole body: the structure's `payload` member.
    Payload,
    /// In the URI path, as the label of that name.
    Uri(String),
    /// In the query string, under that name.
    Query(String),
    /// A map in the query string: each key a parameter (`querystring` on a map).
    QueryMap,
    /// In an HTTP header of that name.
    Header(String),
    /// A map of the headers whose names start with this prefix (`headers`).
    Headers(String),
    /// The response's HTTP status (`statusCode`).
    StatusCode,
}

/// How a timestamp is written on the wire (`timestampFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimestampFormat {
    /// `iso8601`: RFC 3339.
    DateTime,
    /// `rfc822`: an IMF-fixdate.
    HttpDate,
    /// `unixTimestamp`: seconds since the epoch.
    EpochSeconds,
}

impl Service {
    /// The shape with this id.
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// The Rust type of a value of shape `id` as a user reads it, without paths:
    /// `Vec<ChannelSummary>`, `BTreeMap<String, String>`, `Timestamp`.
    pub fn type_display(&self, id: &ShapeId) -> String {
        let Some(shape) = self.shape(id) else {
            return format!("?{}", id.0);
        };
        match &shape.kind {
            ShapeKind::Structure(_) | ShapeKind::Enum(_) => shape.rust_name.clone(),
            ShapeKind::List { member } => format!("Vec<{}>", self.type_display(member)),
            ShapeKind::Map { key, value } => {
                format!(
                    "BTreeMap<{}, {}>",
                    self.type_display(key),
                    self.type_display(value)
                )
            }
            ShapeKind::String => "String".to_owned(),
            ShapeKind::Integer => "i32".to_owned(),
            ShapeKind::Long => "i64".to_owned(),
            ShapeKind::Float => "f32".to_owned(),
            ShapeKind::Double => "f64".to_owned(),
            ShapeKind::Boolean => "bool".to_owned(),
            ShapeKind::Timestamp { .. } => "Timestamp".to_owned(),
            ShapeKind::Blob => "Blob".to_owned(),
            ShapeKind::Document => "Document".to_owned(),
        }
    }

    /// Whether values of shape `id` must not be printed: the shape is sensitive, or holds
    /// sensitive values as list elements or map keys or values.
    pub fn is_secret(&self, id: &ShapeId) -> bool {
        self.shape(id).is_some_and(|shape| {
            shape.sensitive
                || match &shape.kind {
                    ShapeKind::List { member } => self.is_secret(member),
                    ShapeKind::Map { key, value } => self.is_secret(key) || self.is_secret(value),
                    _ => false,
                }
        })
    }
}

/// A string enum's known values.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The values, in file order.
    pub values: Vec<EnumValue>,
}

/// One known value of an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The value on the wire, e.g. `FULL_HD`.
    pub wire_name: String,
    /// The variant, e.g. `FullHd`.
    pub rust_name: String,
}
