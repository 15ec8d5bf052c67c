//! The protocols, one module each behind one interface ([`Protocol`]), and the HTTP facts of a
//! model they share, parsed once: URI templates, the binding and timestamp-format vocabularies.
//! Validation, lowering and the wire emitter all read them from here; the shape emitters never
//! name a protocol.

mod aws_json;
mod http;
mod query;
mod rest_json;
mod rest_xml;
mod rpc_v2_cbor;
mod types_only;

pub use http::{Label, Location, Side, TimestampFormat};

pub use aws_json::AwsJson;
pub use query::{Query, QueryDialect};
pub use rest_json::RestJson;
pub use rest_xml::RestXml;
pub use rpc_v2_cbor::RpcV2Cbor;
pub use types_only::TypesOnly;

/// What a protocol decides about a service's messages. Lowering asks it where members travel
/// and how their timestamps are written; the wire emitter asks it the rest.
pub trait Protocol {
    /// A short name for reports: `restJson1`, `awsJson 1.1`, or `rest-xml: types only, no wire
    /// form`.
    fn summary(&self) -> String;

    /// A sentence for the service module's documentation.
    fn documentation(&self) -> String;

    /// Why the generated code has no wire form for this protocol, if it has none.
    fn no_wire_form(&self) -> Option<String> {
        None
    }

    /// Where a member the model binds to `modeled` travels in this protocol's messages.
    fn location(&self, modeled: Location) -> Location {
        modeled
    }

    /// How a timestamp is written at `location` when neither the member nor its shape says.
    fn default_timestamp_format(&self, location: &Location) -> TimestampFormat;

    /// Whether a member's `locationName` is its key in the serde (document) form, as it is in a
    /// JSON body; otherwise the serde form keeps the member's name.
    fn location_name_is_json_key(&self) -> bool;

    /// The header that names the operation in a request (`X-Amz-Target`), with its value for
    /// `operation`: written by a client, checked by a server.
    fn operation_header(&self, operation: &str) -> Option<(&'static str, String)> {
        let _ = operation;
        None
    }

    /// The method and path of every request of `operation`, when the protocol sets them rather
    /// than the model's `http` (rpcv2Cbor: `POST /service/{service}/operation/{operation}`).
    fn route(&self, operation: &str) -> Option<(&'static str, String)> {
        let _ = operation;
        None
    }

    /// Headers with fixed values every request carries (awsQuery-compatible JSON services'
    /// `x-amzn-query-mode: true`).
    fn fixed_request_headers(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }

    /// The media type of the body when the protocol sets it on every message, rather than per
    /// body (`application/x-amz-json-1.1`).
    fn media_type(&self) -> Option<String> {
        None
    }

    /// The body of a message on `side` that carries no member: nothing, or an empty object.
    fn empty_body(&self, side: Side) -> EmptyBody;

    /// The body of a response of an operation that has no output structure.
    fn no_output_body(&self) -> EmptyBody;

    /// How bodies are written and read, and errors found in them.
    fn body_codec(&self) -> BodyCodec {
        BodyCodec::Json
    }

    /// Whether an exception is sent with the code its shape's `error.code` declares (the query
    /// protocols), rather than with its shape's name.
    fn declared_error_codes(&self) -> bool {
        false
    }

    /// A member's key in a form-encoded request: its `locationName`, else its name.
    fn form_key(
        &self,
        wire_name: &str,
        location_name: Option<&str>,
        query_name: Option<&str>,
    ) -> String {
        let _ = query_name;
        location_name.unwrap_or(wire_name).to_owned()
    }

    /// Whether every list of a form-encoded request is written flattened (`Key.N`, nothing for an
    /// empty list), as ec2 writes them, rather than as its model says.
    fn form_lists_flattened(&self) -> bool {
        false
    }

    /// How an XML error response frames the error, for the protocols whose errors are XML:
    /// `<ErrorResponse><Error>`, unless the protocol says otherwise.
    fn xml_error_form(&self) -> XmlErrorForm {
        XmlErrorForm::ErrorResponse
    }

    /// The namespace a server's XML answers declare on their root element (`xmlns`), when the
    /// model names one for the whole service.
    fn xml_namespace(&self) -> Option<&str> {
        None
    }

    /// The runtime's cargo features a service of this protocol enables (`xml`).
    fn runtime_features(&self) -> &'static [&'static str] {
        &[]
    }
}

/// How a protocol's bodies are written and read, and its errors found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyCodec {
    /// JSON documents: the serde form of the body's members; errors named by
    /// `X-Amzn-ErrorType` or `__type`.
    Json,
    /// Form-encoded requests (`Action`, `Version` and the members under their query names) and
    /// XML responses; errors in `<ErrorResponse><Error>` (ec2: `<Response><Errors><Error>`).
    Query,
    /// XML bodies beside the HTTP bindings: the body members inside one element, or a payload
    /// member as the whole body; errors in `<ErrorResponse><Error>` or a bare `<Error>`.
    Xml,
    /// CBOR bodies: a map of member names, read and written by each shape's generated
    /// `wire::ToCbor`/`wire::FromCbor`; errors named by `__type` in the body.
    Cbor,
}

/// How an XML error response frames the error (the runtime's `wire::XmlErrorForm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlErrorForm {
    /// `<ErrorResponse><Error>..</Error><RequestId/></ErrorResponse>`.
    ErrorResponse,
    /// A bare `<Error>..<RequestId/></Error>`, as S3 answers.
    Bare,
    /// `<Response><Errors><Error>..</Error></Errors><RequestID/></Response>` (ec2).
    Ec2,
}

/// The protocol a service's generated operations speak; [`of`] gives its interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireProtocol {
    /// restJson1 (`rest-json`).
    RestJson(RestJson),
    /// restXml (`rest-xml`).
    RestXml(RestXml),
    /// awsJson 1.0 or 1.1 (`json`).
    AwsJson(AwsJson),
    /// awsQuery (`query`) or ec2 (`ec2`).
    Query(Query),
    /// rpcv2Cbor (`smithy-rpc-v2-cbor`).
    RpcV2Cbor(RpcV2Cbor),
    /// A protocol this generator writes no wire form for: the types only.
    TypesOnly(TypesOnly),
}

/// What a message without members carries as its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyBody {
    /// No body at all.
    Nothing,
    /// An empty JSON object, `{}`.
    EmptyObject,
}

/// The protocol a service's wire form speaks.
pub fn of(wire: &WireProtocol) -> &dyn Protocol {
    match wire {
        WireProtocol::RestJson(protocol) => protocol,
        WireProtocol::RestXml(protocol) => protocol,
        WireProtocol::AwsJson(protocol) => protocol,
        WireProtocol::Query(protocol) => protocol,
        WireProtocol::RpcV2Cbor(protocol) => protocol,
        WireProtocol::TypesOnly(protocol) => protocol,
    }
}

/// The protocols whose wire form the generated crate speaks, in the order botocore prefers them
/// when a model lists several (`PRIORITY_ORDERED_SUPPORTED_PROTOCOLS`).
pub const SUPPORTED_PROTOCOLS: &[&str] = &[
    "json",
    "rest-json",
    "rest-xml",
    "smithy-rpc-v2-cbor",
    "query",
    "ec2",
];

/// The wire form of a service: of the protocols its model lists (`protocols`, else `protocol`),
/// the one botocore prefers among those the generator speaks, or none.
pub fn wire_protocol(metadata: &ProtocolMetadata<'_>) -> WireProtocol {
    let listed: Vec<&str> = if metadata.protocols.is_empty() {
        vec![metadata.protocol]
    } else {
        metadata.protocols.to_vec()
    };
    let chosen = SUPPORTED_PROTOCOLS
        .iter()
        .find(|p| listed.contains(p) || metadata.protocol == **p);
    match chosen.copied() {
        Some("rest-json") => WireProtocol::RestJson(RestJson),
        Some("rest-xml") => WireProtocol::RestXml(RestXml {
            bare_errors: metadata.endpoint_prefix == "s3",
        }),
        Some("query") => WireProtocol::Query(Query {
            version: metadata.api_version.to_owned(),
            dialect: QueryDialect::AwsQuery,
            namespace: metadata.xml_namespace.map(str::to_owned),
        }),
        Some("ec2") => WireProtocol::Query(Query {
            version: metadata.api_version.to_owned(),
            dialect: QueryDialect::Ec2,
            namespace: metadata.xml_namespace.map(str::to_owned),
        }),
        Some("smithy-rpc-v2-cbor") => WireProtocol::RpcV2Cbor(RpcV2Cbor {
            service_name: metadata.target_prefix.unwrap_or_default().to_owned(),
            query_compatible: metadata.query_compatible,
        }),
        Some(_) => WireProtocol::AwsJson(AwsJson {
            version: metadata.json_version.unwrap_or("1.0").to_owned(),
            target_prefix: metadata.target_prefix.unwrap_or_default().to_owned(),
            query_compatible: metadata.query_compatible,
        }),
        None => WireProtocol::TypesOnly(TypesOnly {
            protocol: metadata.protocol.to_owned(),
        }),
    }
}

/// What of a model's metadata chooses and configures its protocol.
#[derive(Debug, Clone, Copy)]
pub struct ProtocolMetadata<'m> {
    /// `protocol`.
    pub protocol: &'m str,
    /// `protocols`, which newer models list in the service's order of preference.
    pub protocols: &'m [&'m str],
    /// `apiVersion`.
    pub api_version: &'m str,
    /// `jsonVersion`.
    pub json_version: Option<&'m str>,
    /// `targetPrefix`.
    pub target_prefix: Option<&'m str>,
    /// `awsQueryCompatible`.
    pub query_compatible: bool,
    /// `endpointPrefix`: S3's (`s3`) answers its errors in a bare `<Error>`.
    pub endpoint_prefix: &'m str,
    /// `xmlNamespace`: the namespace of a query service's answers.
    pub xml_namespace: Option<&'m str>,
}

/// The labels of a template's path part (`/tags/{resourceArn}?x-id=Op` → `resourceArn`), or what
/// is wrong with it.
pub fn template_labels(template: &str) -> Result<Vec<Label>, String> {
    let path = template.split('?').next().unwrap_or_default();
    let mut labels = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("`}` without an opening `{`".to_owned());
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| "`{` without a closing `}`".to_owned())?;
        let text = &after[..close];
        let (name, greedy) = match text.strip_suffix('+') {
            Some(name) => (name, true),
            None => (text, false),
        };
        if name.is_empty() || name.contains(['{', '/', '+']) {
            return Err(format!("`{{{text}}}` is not a label"));
        }
        if labels.iter().any(|l: &Label| l.name == name) {
            return Err(format!("the label `{{{name}}}` appears twice"));
        }
        labels.push(Label {
            name: name.to_owned(),
            greedy,
        });
        rest = &after[close + 1..];
    }
    Ok(labels)
}

/// The `timestampFormat` values and the formats they name.
pub const TIMESTAMP_FORMATS: &[(&str, TimestampFormat)] = &[
    ("iso8601", TimestampFormat::DateTime),
    ("rfc822", TimestampFormat::HttpDate),
    ("unixTimestamp", TimestampFormat::EpochSeconds),
];

/// A `timestampFormat` value as the format it names.
pub fn timestamp_format(name: &str) -> Option<TimestampFormat> {
    TIMESTAMP_FORMATS
        .iter()
        .find(|(value, _)| *value == name)
        .map(|(_, format)| *format)
}

/// Where the HTTP binding puts a member: the model's `location` values. A member without one
/// travels in the body (or is the body, as the structure's `payload`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// `uri`: a label of the request URI's path.
    Uri,
    /// `querystring`: a query parameter, or with a map, several.
    Query,
    /// `header`: one HTTP header.
    Header,
    /// `headers`: a map of the headers that share a prefix.
    Headers,
    /// `statusCode`: the response's HTTP status.
    StatusCode,
}

/// The `location` values and the bindings they name.
pub const BINDINGS: &[(&str, Binding)] = &[
    ("uri", Binding::Uri),
    ("querystring", Binding::Query),
    ("header", Binding::Header),
    ("headers", Binding::Headers),
    ("statusCode", Binding::StatusCode),
];

/// A `location` value as the binding it names.
pub fn binding(name: &str) -> Option<Binding> {
    BINDINGS
        .iter()
        .find(|(value, _)| *value == name)
        .map(|(_, binding)| *binding)
}

/// How a timestamp is written where it travels, when neither the member nor its shape says, in
/// the JSON protocols: ISO 8601 in URIs and query strings, HTTP dates in headers and epoch
/// seconds in JSON.
fn json_timestamp_format(location: &Location) -> TimestampFormat {
    match location {
        Location::Uri(_) | Location::Query(_) | Location::QueryMap => TimestampFormat::DateTime,
        Location::Header(_) | Location::Headers(_) => TimestampFormat::HttpDate,
        Location::Body | Location::Payload | Location::StatusCode => DOCUMENT_TIMESTAMP_FORMAT,
    }
}

/// How the serde (document) form of every type writes a timestamp when neither the member nor
/// its shape says: epoch seconds, as in a JSON body, whatever the service's protocol.
pub const DOCUMENT_TIMESTAMP_FORMAT: TimestampFormat = TimestampFormat::EpochSeconds;

/// Where a member travels on `side`: a URI label or query parameter means nothing in a response,
/// and a status code nothing in a request; such members travel in the body, as the AWS SDKs
/// treat them.
pub fn effective_location(location: &Location, side: Side) -> Location {
    match (location, side) {
        (Location::Uri(_) | Location::Query(_) | Location::QueryMap, Side::Response)
        | (Location::StatusCode, Side::Request) => Location::Body,
        (location, _) => location.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_templates() {
        let labels = template_labels("/buckets/{Bucket}/{Key+}?x-id=GetObject").unwrap_or_default();
        assert_eq!(
            labels,
            vec![
                Label {
                    name: "Bucket".into(),
                    greedy: false
                },
                Label {
                    name: "Key".into(),
                    greedy: true
                },
            ]
        );
        assert!(template_labels("/a/{b").is_err());
        assert!(template_labels("/a/b}").is_err());
        assert!(template_labels("/a/{}").is_err());
        assert!(template_labels("/{a}/{a}").is_err());
        assert_eq!(template_labels("/CreateChannel"), Ok(Vec::new()));
    }
}
