//! The raw model: a faithful mirror of a botocore service-2 JSON file, every value with the byte
//! range it came from. Only the keys the generator uses are kept; the loader has checked that every
//! other key belongs to the format.

use std::ops::Range;

pub use crate::ir::StaticParam;

/// A value and the byte range of the JSON text it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is in the file.
    pub span: Range<usize>,
}

/// A map read from a JSON object, keys in file order.
pub type Entries<T> = Vec<(Spanned<String>, T)>;

/// One model file.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Index of the file this model was read from.
    pub file: usize,
    /// The file stem, e.g. `ivs-realtime` for `ivs-realtime.json`.
    pub stem: String,
    /// The whole document's span.
    pub span: Range<usize>,
    /// `metadata`, when present and an object.
    pub metadata: Option<Metadata>,
    /// `documentation` of the service.
    pub documentation: Option<Spanned<String>>,
    /// `operations`, in file order.
    pub operations: Entries<Operation>,
    /// `shapes`, in file order.
    pub shapes: Entries<Shape>,
    /// The endpoint rule set from the file beside the model (`<stem>.endpoint-rule-set.json`),
    /// as compact JSON, when there is one.
    pub endpoint_rules: Option<String>,
    /// The service's paginators file (`<stem>.paginators.json`), when there is one.
    pub paginators: Option<Paginators>,
    /// The service's waiters file (`<stem>.waiters.json`), when there is one.
    pub waiters: Option<Waiters>,
}

/// A waiters file: botocore's `waiters-2.json` beside a model, named `<stem>.waiters.json` in a
/// model directory.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Waiters {
    /// Index of the file it was read from.
    pub file: usize,
    /// `waiters`, keyed by the waiter's name, in file order.
    pub waiters: Entries<Waiter>,
}

/// One waiter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Waiter {
    /// The span of the waiter's object.
    pub span: Range<usize>,
    /// `operation`: the operation it calls.
    pub operation: Option<Spanned<String>>,
    /// `description`.
    pub description: Option<Spanned<String>>,
    /// `delay`, in seconds.
    pub delay: Option<Spanned<f64>>,
    /// `maxAttempts`.
    pub max_attempts: Option<Spanned<f64>>,
    /// `acceptors`, in order.
    pub acceptors: Vec<Acceptor>,
}

/// One acceptor of a waiter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Acceptor {
    /// The span of the acceptor's object.
    pub span: Range<usize>,
    /// Its JSON path.
    pub path: crate::diagnostic::JsonPath,
    /// `matcher`: `path`, `pathAll`, `pathAny`, `status` or `error`.
    pub matcher: Option<Spanned<String>>,
    /// `state`: `success`, `failure` or `retry`.
    pub state: Option<Spanned<String>>,
    /// `argument`: the expression of a path matcher.
    pub argument: Option<Expression>,
    /// `expected`: a string, a number or a boolean.
    pub expected: Option<Spanned<crate::ir::Literal>>,
}

/// A paginators file: botocore's `paginators-1.json` beside a model, named
/// `<stem>.paginators.json` in a model directory.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paginators {
    /// Index of the file it was read from.
    pub file: usize,
    /// `pagination`: one paginator per operation, keyed by the operation's name, in file order.
    pub pagination: Entries<Paginator>,
}

/// One operation's paginator.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paginator {
    /// The span of the paginator's object.
    pub span: Range<usize>,
    /// `input_token`: one input member's name, or a list of several.
    pub input_token: Vec<Expression>,
    /// `output_token`: where the output gives each token, in the input tokens' order.
    pub output_token: Vec<Expression>,
    /// `more_results`: the output's boolean that says whether more pages follow.
    pub more_results: Option<Expression>,
    /// `limit_key`: the input member that caps a page's size.
    pub limit_key: Option<Expression>,
    /// `result_key`: where a page's results are, one or several.
    pub result_key: Vec<Expression>,
}

/// An expression of a paginator (JMESPath, a member name at its simplest) and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    /// The text and its span.
    pub text: Spanned<String>,
    /// Its JSON path in the paginators file.
    pub path: crate::diagnostic::JsonPath,
}

/// `metadata`: the service's identity.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metadata {
    /// The span of the `metadata` object.
    pub span: Range<usize>,
    /// `apiVersion`.
    pub api_version: Option<Spanned<String>>,
    /// `endpointPrefix`.
    pub endpoint_prefix: Option<Spanned<String>>,
    /// `protocol`.
    pub protocol: Option<Spanned<String>>,
    /// `serviceFullName`.
    pub service_full_name: Option<Spanned<String>>,
    /// `serviceId`.
    pub service_id: Option<Spanned<String>>,
    /// `signingName`.
    pub signing_name: Option<Spanned<String>>,
    /// `uid`.
    pub uid: Option<Spanned<String>>,
    /// `protocols`: every protocol the service speaks, preferred first.
    pub protocols: Option<Spanned<Vec<Spanned<String>>>>,
    /// `jsonVersion` of the `json` protocol, e.g. `1.1`.
    pub json_version: Option<Spanned<String>>,
    /// `targetPrefix` of the `json` protocol's `X-Amz-Target`.
    pub target_prefix: Option<Spanned<String>>,
    /// `awsQueryCompatible`: a JSON service that answers with its former awsQuery error codes.
    pub aws_query_compatible: bool,
    /// `xmlNamespace`: the namespace a query service's XML answers declare on their root.
    pub xml_namespace: Option<Spanned<String>>,
}

/// One operation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Operation {
    /// The span of the operation's object.
    pub span: Range<usize>,
    /// `name`.
    pub name: Option<Spanned<String>>,
    /// `http`.
    pub http: Option<Http>,
    /// `input`.
    pub input: Option<ShapeRef>,
    /// `output`.
    pub output: Option<ShapeRef>,
    /// `errors`: references to the exception shapes the operation may answer with.
    pub errors: Vec<ShapeRef>,
    /// `endpoint.hostPrefix`, e.g. `{AccountId}.data.`.
    pub host_prefix: Option<Spanned<String>>,
    /// `httpChecksumRequired`: the request carries `Content-MD5`.
    pub http_checksum_required: Option<Spanned<bool>>,
    /// `httpChecksum`: the request may carry a flexible checksum.
    pub http_checksum: Option<HttpChecksum>,
    /// `requestcompression.encodings`: the encodings the request body may be compressed with,
    /// in the model's order of preference (`gzip`).
    pub request_compression: Vec<Spanned<String>>,
    /// `staticContextParams`: the endpoint parameters the operation sets, by name, each to a
    /// string or a boolean (`{"OperationType": {"value": "control"}}`).
    pub static_context_params: Vec<(Spanned<String>, Spanned<StaticParam>)>,
    /// `operationContextParams`: the endpoint parameters paths into the input give, by name
    /// (`{"ResourceArnList": {"path": "keys(RequestItems)"}}`).
    pub operation_context_params: Vec<(Spanned<String>, Spanned<String>)>,
    /// `documentation`.
    pub documentation: Option<Spanned<String>>,
}

/// An operation's `httpChecksum`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpChecksum {
    /// `requestAlgorithmMember`: the input member that names the checksum's algorithm.
    pub request_algorithm_member: Option<Spanned<String>>,
    /// `requestChecksumRequired`: the request must carry a checksum.
    pub request_checksum_required: Option<Spanned<bool>>,
    /// `responseAlgorithms` is not empty: the response may carry a checksum of its body.
    pub response_checksums: bool,
}

/// An operation's HTTP binding.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Http {
    /// The span of the `http` object.
    pub span: Range<usize>,
    /// `method`, e.g. `POST`.
    pub method: Option<Spanned<String>>,
    /// `requestUri`, e.g. `/tags/{resourceArn}`.
    pub request_uri: Option<Spanned<String>>,
    /// `responseCode`.
    pub response_code: Option<Spanned<f64>>,
}

/// A reference to a shape: `{"shape": "Name", ...}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShapeRef {
    /// The span of the reference's object.
    pub span: Range<usize>,
    /// `shape`.
    pub shape: Option<Spanned<String>>,
    /// `documentation`.
    pub documentation: Option<Spanned<String>>,
    /// `locationName`: a list element's or a map key's or value's name in XML and query bodies.
    pub location_name: Option<Spanned<String>>,
    /// `resultWrapper`: the element an operation's output is wrapped in (query).
    pub result_wrapper: Option<Spanned<String>>,
    /// `xmlNamespace`: the namespace an XML element of this reference declares.
    pub xml_namespace: Option<XmlNamespace>,
}

/// `xmlNamespace`: `{"uri": ..., "prefix": ...}`, or the URI alone as a string.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct XmlNamespace {
    /// `uri`.
    pub uri: String,
    /// `prefix`: declared as `xmlns:prefix` rather than `xmlns`.
    pub prefix: Option<String>,
}

/// One shape.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shape {
    /// The span of the shape's object.
    pub span: Range<usize>,
    /// `type`.
    pub kind: Option<Spanned<String>>,
    /// `documentation`.
    pub documentation: Option<Spanned<String>>,
    /// `members` of a structure, in file order, with the span of the `members` object.
    pub members: Option<Spanned<Entries<Member>>>,
    /// `required` member names.
    pub required: Option<Spanned<Vec<Spanned<String>>>>,
    /// `member` of a list.
    pub member: Option<ShapeRef>,
    /// `key` of a map.
    pub key: Option<ShapeRef>,
    /// `value` of a map.
    pub value: Option<ShapeRef>,
    /// `enum` values of a string.
    pub enum_values: Option<Spanned<Vec<Spanned<String>>>>,
    /// `min`.
    pub min: Option<Spanned<f64>>,
    /// `max`.
    pub max: Option<Spanned<f64>>,
    /// `pattern`.
    pub pattern: Option<Spanned<String>>,
    /// `sensitive`.
    pub sensitive: Option<Spanned<bool>>,
    /// `timestampFormat`.
    pub timestamp_format: Option<Spanned<String>>,
    /// `exception`: the shape is an error.
    pub exception: Option<Spanned<bool>>,
    /// `payload`: the member that is the whole HTTP body.
    pub payload: Option<Spanned<String>>,
    /// `union`: exactly one member is set.
    pub union: Option<Spanned<bool>>,
    /// `document`: an untyped JSON value.
    pub document: Option<Spanned<bool>>,
    /// `eventstream`: a stream of events, one member each.
    pub event_stream: Option<Spanned<bool>>,
    /// `streaming`: a blob sent or received as a stream.
    pub streaming: Option<Spanned<bool>>,
    /// `flattened`: a list's elements (a map's entries) repeat in place of a wrapper, in XML and
    /// query bodies.
    pub flattened: Option<Spanned<bool>>,
    /// `error.code`: the code an exception is sent with, where it is not the shape's name.
    pub error_code: Option<Spanned<String>>,
    /// `locationName`: the element a value of the shape is written as in an XML body, where no
    /// member names it.
    pub location_name: Option<Spanned<String>>,
    /// `xmlNamespace`: the namespace the shape's XML elements declare.
    pub xml_namespace: Option<XmlNamespace>,
}

/// One member of a structure.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Member {
    /// The span of the member's object.
    pub span: Range<usize>,
    /// `shape`.
    pub shape: Option<Spanned<String>>,
    /// `documentation`.
    pub documentation: Option<Spanned<String>>,
    /// `location`: `uri`, `querystring`, `header`, `headers`, `statusCode`.
    pub location: Option<Spanned<String>>,
    /// `locationName`.
    pub location_name: Option<Spanned<String>>,
    /// `idempotencyToken`.
    pub idempotency_token: Option<Spanned<bool>>,
    /// `timestampFormat`, overriding the target shape's.
    pub timestamp_format: Option<Spanned<String>>,
    /// `jsonvalue`: a string holding JSON text, sent as base64 in a header.
    pub jsonvalue: Option<Spanned<bool>>,
    /// `hostLabel`: the member fills a label of the operation's host prefix.
    pub host_label: Option<Spanned<bool>>,
    /// `flattened`, as on the target shape.
    pub flattened: Option<Spanned<bool>>,
    /// `queryName`: the member's key in an ec2 request.
    pub query_name: Option<Spanned<String>>,
    /// `xmlAttribute`: the member is an attribute of its structure's XML element.
    pub xml_attribute: Option<Spanned<bool>>,
    /// `eventheader`: an event's member carried in a header of its message.
    pub event_header: Option<Spanned<bool>>,
    /// `eventpayload`: an event's member that is the whole payload of its message.
    pub event_payload: Option<Spanned<bool>>,
    /// `xmlNamespace`: the namespace the member's XML element declares.
    pub xml_namespace: Option<XmlNamespace>,
    /// `contextParam.name`: the endpoint parameter an input member sets.
    pub context_param: Option<Spanned<String>>,
}
