//! The intermediate representation: a validated model with every reference resolved and every
//! item carrying both its wire name and its Rust name. Emitters read only this.

use std::collections::BTreeMap;

pub use crate::protocol::{Label, Location, Side, TimestampFormat, WireProtocol};

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
    /// The endpoint rule set (botocore's `endpoint-rule-set-1.json`), as compact JSON, when the
    /// model has one; without it the client's endpoint is `https://{endpointPrefix}.{region}.amazonaws.com`.
    pub endpoint_rules: Option<String>,
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
    /// The name of the operation's error enum (`CreateChannelError`), when it lists errors;
    /// otherwise its error is the runtime's `ServiceError`.
    pub error_enum: Option<String>,
    /// How the operation's results are paged, if they are.
    pub paginator: Option<Paginator>,
    /// The waiters that poll this operation, in the waiters file's order.
    pub waiters: Vec<Waiter>,
    /// The checksum of its body the request carries.
    pub request_checksum: RequestChecksum,
    /// Whether a response may carry a checksum of its body (`responseAlgorithms`), which is
    /// then checked.
    pub response_checksum: bool,
    /// The encodings its request body may be compressed with (`requestcompression`), in the
    /// model's order of preference.
    pub request_compression: Vec<String>,
    /// Members its response gives URL-encoded when the request asks for it (S3's listings with
    /// `EncodingType=url`), which the request then asks for and the response decodes, as
    /// botocore does.
    pub url_encoded: Option<UrlEncoded>,
    /// How the operation's messages stream, if they do.
    pub streaming: Streaming,
    /// The input structure, if any.
    pub input: Option<ShapeId>,
    /// The output structure, if any.
    pub output: Option<ShapeId>,
    /// The element the output is wrapped in (`resultWrapper`, the query protocol's
    /// `<OperationResult>`).
    pub result_wrapper: Option<String>,
    /// The root element of an XML request body that holds the input's members: the input
    /// reference's `locationName`, else the input shape's, else its name; with the namespace the
    /// reference or the shape declares.
    pub input_xml: Option<XmlElementName>,
    /// The root element of an XML response body a server writes the output's members in, named
    /// as [`input_xml`](Self::input_xml) is, from the output (botocore's parser reads any root).
    pub output_xml: Option<XmlElementName>,
    /// The endpoint parameters the operation sets for itself (`staticContextParams`), by name,
    /// in the model's order; its input's members set others (`Member::context_param`).
    pub static_endpoint_params: Vec<(String, StaticParam)>,
    /// The endpoint parameters paths into the input give (`operationContextParams`), by name,
    /// each with its path (`keys(RequestItems)`), which the client evaluates.
    pub path_endpoint_params: Vec<(String, String)>,
    /// The documentation.
    pub docs: String,
}

/// The value of a static context parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum StaticParam {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
}
/// How an operation's results come in pages, as the service's paginators file says (botocore's
/// `paginators-1.json`): the input members that ask for a page, the output values that name the
/// next, and where a page's results are.
#[derive(Debug, Clone, PartialEq)]
pub struct Paginator {
    /// The input members that take the tokens (`input_token`), in order; each is optional.
    pub input_tokens: Vec<Member>,
    /// Where the output gives each token (`output_token`), in the input tokens' order: each a
    /// path, or several joined by `||` of which the first present one is the token.
    pub output_tokens: Vec<Vec<MemberPath>>,
    /// The output's boolean that says whether there are more pages (`more_results`).
    pub more_results: Option<MemberPath>,
    /// The input member that caps the size of a page (`limit_key`).
    pub limit_key: Option<Member>,
    /// Where a page's results are (`result_key`), in order.
    pub result_keys: Vec<MemberPath>,
}

/// A path from an operation's input or output to a value in it, resolved from the subset of
/// JMESPath that paginators are written in ([`crate::jmespath`]).
#[derive(Debug, Clone, PartialEq)]
pub struct MemberPath {
    /// The expression as the paginators file writes it, e.g. `Contents[-1].Key`.
    pub text: String,
    /// The steps from the input or output structure.
    pub steps: Vec<PathStep>,
    /// The shape of the values it ends at.
    pub target: ShapeId,
}

/// One step of a [`MemberPath`].
#[derive(Debug, Clone, PartialEq)]
pub enum PathStep {
    /// A structure's member.
    Field(Box<Member>),
    /// Every element of a list (`[]`).
    Flatten,
    /// One element of a list (`[n]`, from the end when negative).
    Index(i64),
}

/// The members of an operation that S3 gives URL-encoded (`EncodingType=url`): top-level
/// strings of the output, and a string member of each element of an output list.
#[derive(Debug, Clone, PartialEq)]
pub struct UrlEncoded {
    /// The input's `EncodingType` member, bound to the query string.
    pub request: Member,
    /// The output's `EncodingType` member, which says whether the values are encoded.
    pub response: Member,
    /// The output's string members given encoded.
    pub fields: Vec<Member>,
    /// Each output list, and the string member of its elements given encoded.
    pub nested: Vec<(Member, Member)>,
}

/// A waiter (botocore's `waiters-2.json`): an operation called until one of its acceptors
/// matches the outcome with a success or failure state.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// The waiter's name, e.g. `TableExists`.
    pub wire_name: String,
    /// Its Rust type's name.
    pub rust_name: String,
    /// Its `description`, if any.
    pub docs: String,
    /// Seconds between attempts (`delay`): the least delay of the backoff.
    pub delay: u64,
    /// The most attempts (`maxAttempts`).
    pub max_attempts: u32,
    /// The acceptors, in order: the first that matches decides.
    pub acceptors: Vec<Acceptor>,
}

/// One acceptor of a waiter.
#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    /// What the acceptor's match means.
    pub state: AcceptorState,
    /// What it matches.
    pub matcher: Matcher,
}

/// What an acceptor's match means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// The wait is over: what was waited for happened.
    Success,
    /// The wait is over: it cannot happen.
    Failure,
    /// Call again.
    Retry,
}

/// What an acceptor matches.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    /// `path`: the expression's value on the output equals `expected`.
    Path {
        /// The expression, compiled.
        argument: Expr,
        /// The expression as written.
        text: String,
        /// The value it must equal.
        expected: Literal,
    },
    /// `pathAll`: every value of the expression (a projection) equals `expected`, and there is at
    /// least one.
    PathAll {
        /// The expression, compiled.
        argument: Expr,
        /// The expression as written.
        text: String,
        /// The value each must equal.
        expected: Literal,
    },
    /// `pathAny`: some value of the expression equals `expected`.
    PathAny {
        /// The expression, compiled.
        argument: Expr,
        /// The expression as written.
        text: String,
        /// The value one must equal.
        expected: Literal,
    },
    /// `status`: the HTTP status of the response.
    Status(u16),
    /// `error`: the service's error code.
    ErrorCode(String),
    /// `error` with `true`: any error; with `false`: no error.
    AnyError(bool),
}

/// A JMESPath expression typed against the shapes ([`crate::jmespath::expression`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// The current value: the output itself (`root`), or a filter's element.
    Current {
        /// Its type.
        ty: Ty,
        /// Whether it is the output.
        root: bool,
    },
    /// A member of a structure, or of each structure of a projection.
    Field {
        /// The structure (or structures).
        of: Box<Expr>,
        /// The member.
        member: Box<Member>,
        /// The value's type.
        ty: Ty,
    },
    /// `[]`: the elements of a list, or of each list of a projection.
    Flatten {
        /// The list.
        of: Box<Expr>,
        /// The value's type.
        ty: Ty,
    },
    /// `.*`: the values of a map.
    Values {
        /// The map.
        of: Box<Expr>,
        /// The value's type.
        ty: Ty,
    },
    /// `[?condition]`: the elements of a list for which `condition` holds.
    Filter {
        /// The list.
        of: Box<Expr>,
        /// The condition, with an element as the current value.
        condition: Box<Expr>,
        /// The value's type.
        ty: Ty,
    },
    /// `length()` of a list, map or string, or the number of values of a projection.
    Length(Box<Expr>),
    /// A comparison.
    Compare {
        /// The left side.
        left: Box<Expr>,
        /// How the sides are compared.
        comparator: Comparator,
        /// The right side.
        right: Box<Expr>,
    },
    /// `&&`.
    And(Box<Expr>, Box<Expr>),
    /// `||`.
    Or(Box<Expr>, Box<Expr>),
    /// `!`.
    Not(Box<Expr>),
    /// A literal.
    Literal(Literal),
}

/// The type of an [`Expr`]'s value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// One value of a shape, or none.
    Value(ShapeId),
    /// The values of a projection, each of a shape.
    Many(ShapeId),
    /// A boolean of a comparison.
    Bool,
    /// A number of `length()`.
    Number,
    /// A literal's.
    Literal,
}

/// A comparison's operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

/// A literal of an expression, or an acceptor's `expected` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// A string.
    String(String),
    /// An integer.
    Integer(i64),
    /// A boolean.
    Bool(bool),
    /// `null`.
    Null,
}

/// The checksum of its body a request carries, as the SDKs send it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RequestChecksum {
    /// None.
    #[default]
    None,
    /// `Content-MD5` (`httpChecksumRequired`).
    Md5,
    /// A flexible checksum (`httpChecksum`): `x-amz-checksum-<algorithm>`, CRC32 unless the
    /// input's algorithm member names another.
    Flexible {
        /// The input's field that names the algorithm (`requestAlgorithmMember`), by Rust name.
        algorithm_member: Option<String>,
    },
}

/// Where a member of an event travels in its event-stream message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventBinding {
    /// In the payload's body, with the event's other such members.
    #[default]
    Body,
    /// In a header of the message named as the member (`eventheader`).
    Header,
    /// The whole payload (`eventpayload`).
    Payload,
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
    /// For a list or map, how XML and query bodies name its elements or entries.
    pub xml: XmlNames,
    /// Which messages hold values of this shape.
    pub reached: Reached,
}

impl Shape {
    /// The structure this shape is, if it is one.
    pub fn structure(&self) -> Option<&Structure> {
        match &self.kind {
            ShapeKind::Structure(structure) => Some(structure),
            _ => None,
        }
    }
}

/// Which messages of a service's operations hold values of a shape: its wire code is written
/// for those only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reached {
    /// An operation's input holds it.
    pub request: bool,
    /// An operation's output or error holds it.
    pub response: bool,
}

/// The half of a generated crate that uses a piece of wire code: the client's (always compiled:
/// requests written, responses read) or the server's only (feature `server`: requests read,
/// responses and errors written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Half {
    /// A client uses it, and so it is always compiled.
    Client,
    /// Only a server uses it.
    Server,
}

impl Reached {
    /// Who uses the code that writes a value of the shape in a body codec that carries the
    /// messages of `sides` (both for restXml and CBOR; the request for the query protocols' form,
    /// the response for their XML): a client writes requests, a server responses. `None` when
    /// no message of those sides holds the shape.
    pub fn writer(self, sides: &[Side]) -> Option<Half> {
        self.half(sides, Side::Request)
    }

    /// Who uses the code that reads a value of the shape in a body codec that carries the
    /// messages of `sides`: a client reads responses, a server requests.
    pub fn reader(self, sides: &[Side]) -> Option<Half> {
        self.half(sides, Side::Response)
    }

    /// [`Half::Client`] when a message on `client_side` holds the shape, else [`Half::Server`]
    /// when one on the other side does.
    fn half(self, sides: &[Side], client_side: Side) -> Option<Half> {
        let holds = |side: Side| {
            sides.contains(&side)
                && match side {
                    Side::Request => self.request,
                    Side::Response => self.response,
                }
        };
        let server_side = match client_side {
            Side::Request => Side::Response,
            Side::Response => Side::Request,
        };
        if holds(client_side) {
            Some(Half::Client)
        } else if holds(server_side) {
            Some(Half::Server)
        } else {
            None
        }
    }
}

/// An XML element's name and the namespace it declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlElementName {
    /// The element's name.
    pub name: String,
    /// The namespace declared on it.
    pub namespace: Option<XmlNamespace>,
}

/// A namespace an XML element declares (`xmlNamespace`): `xmlns="uri"` or
/// `xmlns:prefix="uri"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlNamespace {
    /// The attribute that declares it: `xmlns` or `xmlns:prefix`.
    pub attribute: String,
    /// The namespace's URI.
    pub uri: String,
}

/// How XML and query bodies name a shape's values, a list's elements or a map's entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XmlNames {
    /// The shape's own element name (`locationName` on the shape), used where nothing else
    /// names its element (an HTTP payload).
    pub name: Option<String>,
    /// The namespace the shape's elements declare.
    pub namespace: Option<XmlNamespace>,
    /// The namespace a list's elements declare.
    pub member_namespace: Option<XmlNamespace>,
    /// The namespace a map's key elements declare.
    pub key_namespace: Option<XmlNamespace>,
    /// The namespace a map's value elements declare.
    pub value_namespace: Option<XmlNamespace>,
    /// The elements (entries) repeat in place of a wrapper (`flattened`).
    pub flattened: bool,
    /// A list element's name (its `locationName`; `member` when `None`).
    pub member: Option<String>,
    /// A map key's name (`key` when `None`).
    pub key: Option<String>,
    /// A map value's name (`value` when `None`).
    pub value: Option<String>,
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
    /// The code an error of this shape is sent with: the shape's name, or where the protocol
    /// reads them, the model's `error.code`.
    pub error_code: String,
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
    /// The variant's name where the structure is a union, e.g. `Type`.
    pub variant: String,
    /// The target shape.
    pub target: ShapeId,
    /// Whether the member is in the structure's `required` list.
    pub required: bool,
    /// Whether the member's value must not be printed: its structure is sensitive, or its target
    /// holds sensitive values (itself, as list elements, or as map keys or values).
    pub secret: bool,
    /// Whether the field must be boxed because the target contains this structure again.
    pub boxed: bool,
    /// Where the member travels in an HTTP message.
    pub location: Location,
    /// The member's key in a JSON body (`locationName`, or the wire name).
    pub json_name: String,
    /// The member's element name in XML bodies and its key in query and CBOR bodies:
    /// `locationName`, or the wire name (a flattened list's elements take it too, as the Smithy protocol tests
    /// that botocore's suites hold say).
    pub xml_name: String,
    /// The member's key in a form-encoded request, as the protocol names it (awsQuery:
    /// `locationName`, else the wire name; ec2: `queryName`, else the capitalised
    /// `locationName`, else the wire name).
    pub query_name: String,
    /// Whether the member is a flattened list or map (the member or its target says so).
    pub flattened: bool,
    /// Where an event's member travels in its message: a header (`eventheader`), the whole
    /// payload (`eventpayload`), or, for neither, the payload's body with the other members.
    pub event_binding: EventBinding,
    /// Whether the member is an attribute of its structure's XML element (`xmlAttribute`), named
    /// by [`xml_name`](Self::xml_name).
    pub xml_attribute: bool,
    /// The namespace the member's XML element declares: the member's `xmlNamespace`, else its
    /// target shape's.
    pub xml_namespace: Option<XmlNamespace>,
    /// How the member's timestamps are written, when it holds them (itself, or as list
    /// elements).
    pub timestamps: Option<Timestamps>,
    /// Whether the member holds floats (itself, or as the elements of lists and the values of
    /// maps, at any depth), which JSON writes as numbers but for NaN and the infinities, written
    /// as the strings `"NaN"`, `"Infinity"` and `"-Infinity"`: its serde form and a JSON body's
    /// member go through the runtime's `float_serde`.
    pub floats: bool,
    /// Whether the member is a map of lists, whose `null` entries (a map holds none) a JSON
    /// reader skips rather than failing on: its serde form and a JSON body's member go through
    /// the runtime's `map_serde` (a map of floats skips them through `float_serde`).
    pub null_entries_skipped: bool,
    /// Whether the member is a string of JSON text (`jsonvalue`), base64 in a header.
    pub jsonvalue: bool,
    /// Whether the member fills a label of the operation's host prefix (`hostLabel`).
    pub host_label: bool,
    /// Whether the member is an idempotency token filled in when the caller gives none: an
    /// optional string with `idempotencyToken`.
    pub idempotency_token: bool,
    /// The endpoint parameter an input member's value sets (`contextParam`), e.g. `Bucket`.
    pub context_param: Option<String>,
    /// The documentation.
    pub docs: String,
}

/// How a member's timestamps are written where they travel: the member's own
/// `timestampFormat`, else its target's (for a list, its element's), else the protocol's default
/// for the location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamps {
    /// In the serde (document) form of the member's structure: the JSON protocols' rule, whatever
    /// the service's protocol.
    pub document: TimestampFormat,
    /// In a body.
    pub body: TimestampFormat,
    /// Where the member is bound outside the body (a URI label, the query string, a header).
    pub bound: TimestampFormat,
}

impl Timestamps {
    /// The format where the member travels: `location` as it is on the message's side.
    pub fn at(&self, location: &Location) -> TimestampFormat {
        match location {
            Location::Body | Location::Payload | Location::StatusCode => self.body,
            Location::Uri(_)
            | Location::Query(_)
            | Location::QueryMap
            | Location::Header(_)
            | Location::Headers(_) => self.bound,
        }
    }
}

impl Service {
    /// The shape with this id.
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// The Rust type of a value of shape `id`: the one table from shapes to types, which emit
    /// turns into tokens and surface and diff print.
    pub fn rust_type(&self, id: &ShapeId) -> RustType {
        let Some(shape) = self.shape(id) else {
            return RustType::Missing(id.0.clone());
        };
        match &shape.kind {
            ShapeKind::Structure(_) | ShapeKind::Enum(_) => {
                RustType::Named(shape.rust_name.clone())
            }
            ShapeKind::List { member } => RustType::Vec(Box::new(self.rust_type(member))),
            ShapeKind::Map { key, value } => RustType::Map(
                Box::new(self.rust_type(key)),
                Box::new(self.rust_type(value)),
            ),
            ShapeKind::String => RustType::String,
            ShapeKind::Integer => RustType::I32,
            ShapeKind::Long => RustType::I64,
            ShapeKind::Float => RustType::F32,
            ShapeKind::Double => RustType::F64,
            ShapeKind::Boolean => RustType::Bool,
            ShapeKind::Timestamp { .. } => RustType::Timestamp,
            ShapeKind::Blob => RustType::Blob,
            ShapeKind::Document => RustType::Document,
        }
    }

    /// The type of an operation's input or output: its structure, or `Empty` when the model
    /// gives none.
    pub fn io_type(&self, id: Option<&ShapeId>) -> RustType {
        id.map_or(RustType::Empty, |id| self.rust_type(id))
    }

    /// The type a member's value is held in: its target's, boxed where the structure recurses
    /// (a union's variant holds this).
    pub fn value_type(&self, member: &Member) -> RustType {
        let ty = self.rust_type(&member.target);
        if member.boxed {
            RustType::Boxed(Box::new(ty))
        } else {
            ty
        }
    }

    /// A structure field's type: [`value_type`](Self::value_type), in an `Option` unless the
    /// member is required.
    pub fn field_type(&self, member: &Member) -> RustType {
        let ty = self.value_type(member);
        if member.required {
            ty
        } else {
            RustType::Option(Box::new(ty))
        }
    }
}

/// A Rust type of the generated code, decided once from the shapes ([`Service::rust_type`]):
/// emit turns it into tokens, surface and diff print it ([`Display`](std::fmt::Display):
/// `Vec<ChannelSummary>`, `BTreeMap<String, String>`, `Option<Box<Shape>>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// A generated structure, union or enum, by its Rust name.
    Named(String),
    /// `Vec` of a list's elements.
    Vec(Box<RustType>),
    /// `BTreeMap` of a map's keys and values.
    Map(Box<RustType>, Box<RustType>),
    /// `String`.
    String,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// The runtime's `Timestamp`.
    Timestamp,
    /// The runtime's `Blob`.
    Blob,
    /// The runtime's `Document`.
    Document,
    /// The runtime's `Empty`: an operation without input or output.
    Empty,
    /// A `Box`, where a structure contains itself.
    Boxed(Box<RustType>),
    /// An `Option`, for a member that is not required.
    Option(Box<RustType>),
    /// A shape the model does not define (never in a model that validated).
    Missing(String),
}

impl std::fmt::Display for RustType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RustType::Named(name) => f.write_str(name),
            RustType::Vec(element) => write!(f, "Vec<{element}>"),
            RustType::Map(key, value) => write!(f, "BTreeMap<{key}, {value}>"),
            RustType::String => f.write_str("String"),
            RustType::I32 => f.write_str("i32"),
            RustType::I64 => f.write_str("i64"),
            RustType::F32 => f.write_str("f32"),
            RustType::F64 => f.write_str("f64"),
            RustType::Bool => f.write_str("bool"),
            RustType::Timestamp => f.write_str("Timestamp"),
            RustType::Blob => f.write_str("Blob"),
            RustType::Document => f.write_str("Document"),
            RustType::Empty => f.write_str("Empty"),
            RustType::Boxed(inner) => write!(f, "Box<{inner}>"),
            RustType::Option(inner) => write!(f, "Option<{inner}>"),
            RustType::Missing(name) => write!(f, "?{name}"),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_codec_direction_belongs_to_the_half_that_uses_it() {
        let both = [Side::Request, Side::Response];
        let (form, xml) = ([Side::Request], [Side::Response]);
        let reached = |request, response| Reached { request, response };
        // restXml and CBOR: one codec for both messages.
        let input_only = reached(true, false);
        assert_eq!(input_only.writer(&both), Some(Half::Client));
        assert_eq!(input_only.reader(&both), Some(Half::Server));
        let output_only = reached(false, true);
        assert_eq!(output_only.writer(&both), Some(Half::Server));
        assert_eq!(output_only.reader(&both), Some(Half::Client));
        let shared = reached(true, true);
        assert_eq!(shared.writer(&both), Some(Half::Client));
        assert_eq!(shared.reader(&both), Some(Half::Client));
        // The query protocols: a form for requests, XML for responses, so a shape both hold
        // still has a form reader and an XML writer that only a server uses.
        assert_eq!(shared.reader(&form), Some(Half::Server));
        assert_eq!(shared.writer(&xml), Some(Half::Server));
        assert_eq!(output_only.writer(&form), None);
        assert_eq!(input_only.reader(&xml), None);
        assert_eq!(reached(false, false).writer(&both), None);
    }
}
