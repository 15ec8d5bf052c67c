//! The HTTP facts of a model, parsed once: URI templates, member locations and timestamp formats,
//! with the defaults of the restJson1 protocol. Validation and lowering both read them from here.

use crate::ir::{Label, Location, Side, TimestampFormat, WireProtocol};

/// The protocols whose wire form the generated crate speaks.
pub const SUPPORTED_PROTOCOLS: &[&str] = &["rest-json", "json"];

/// The wire form of a service: its `protocol`, or else the first of its `protocols` that the
/// generator speaks (as botocore picks), or none.
pub fn wire_protocol(
    protocol: &str,
    protocols: &[&str],
    json_version: Option<&str>,
    target_prefix: Option<&str>,
) -> WireProtocol {
    let chosen = std::iter::once(protocol)
        .chain(protocols.iter().copied())
        .find(|p| SUPPORTED_PROTOCOLS.contains(p));
    match chosen {
        Some("rest-json") => WireProtocol::RestJson,
        Some(_) => WireProtocol::AwsJson {
            version: json_version.unwrap_or("1.0").to_owned(),
            target_prefix: target_prefix.unwrap_or_default().to_owned(),
        },
        None => WireProtocol::Unsupported(protocol.to_owned()),
    }
}

impl WireProtocol {
    /// A short name, for reports: `restJson1`, `awsJson 1.1`, or `rest-xml: types only, no wire
    /// form`.
    pub fn summary(&self) -> String {
        match self {
            WireProtocol::RestJson => "restJson1".to_owned(),
            WireProtocol::AwsJson { version, .. } => format!("awsJson {version}"),
            WireProtocol::Unsupported(protocol) => {
                format!("{protocol}: types only, no wire form")
            }
        }
    }

    /// A sentence for the service module's documentation.
    pub fn documentation(&self) -> String {
        match self {
            WireProtocol::RestJson => {
                "On the wire: restJson1. Each operation's `Operation::request` \
                 and `Operation::response` build and read its HTTP messages."
                    .to_owned()
            }
            WireProtocol::AwsJson { version, .. } => format!(
                "On the wire: awsJson {version} (`POST /`, the operation named in `X-Amz-Target`). \
                 Each operation's `Operation::request` and `Operation::response` build and read \
                 its HTTP messages."
            ),
            WireProtocol::Unsupported(protocol) => format!(
                "No wire form is provided: this crate does not speak the `{protocol}` protocol, and \
                 each operation's `Operation::request` and `Operation::response` return an error \
                 that says so. The types and their serde form are complete."
            ),
        }
    }
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

/// How a timestamp is written where it travels, when neither the member nor its shape says:
/// restJson1 writes ISO 8601 in URIs and query strings, HTTP dates in headers and epoch seconds
/// in JSON.
pub fn default_timestamp_format(location: &Location) -> TimestampFormat {
    match location {
        Location::Uri(_) | Location::Query(_) | Location::QueryMap => TimestampFormat::DateTime,
        Location::Header(_) | Location::Headers(_) => TimestampFormat::HttpDate,
        Location::Body | Location::Payload | Location::StatusCode => TimestampFormat::EpochSeconds,
    }
}

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
