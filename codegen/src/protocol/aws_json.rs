//! awsJson 1.0 and 1.1 (`json`): `POST /`, the operation named in `X-Amz-Target`, every member in
//! the JSON body.

use super::{EmptyBody, Location, Protocol, Side, TimestampFormat, json_timestamp_format};

/// awsJson, of one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsJson {
    /// `jsonVersion`, e.g. `1.1`.
    pub version: String,
    /// `targetPrefix`, e.g. `DynamoDB_20120810`.
    pub target_prefix: String,
    /// `awsQueryCompatible`: requests say `x-amzn-query-mode: true`, and errors are sent with the
    /// codes of the service's awsQuery days (an exception's `error.code`, in
    /// `x-amzn-query-error`).
    pub query_compatible: bool,
}

impl Protocol for AwsJson {
    fn summary(&self) -> String {
        format!("awsJson {}", self.version)
    }

    fn documentation(&self) -> String {
        format!(
            "On the wire: awsJson {} (`POST /`, the operation named in `X-Amz-Target`). \
             Each operation's `Operation::request` and `Operation::response` build and read \
             its HTTP messages.",
            self.version
        )
    }

    /// Every member travels in the body, whatever the model binds.
    fn location(&self, _modeled: Location) -> Location {
        Location::Body
    }

    fn default_timestamp_format(&self, location: &Location) -> TimestampFormat {
        json_timestamp_format(location)
    }

    fn location_name_is_json_key(&self) -> bool {
        true
    }

    fn operation_header(&self, operation: &str) -> Option<(&'static str, String)> {
        Some((
            "X-Amz-Target",
            format!("{}.{operation}", self.target_prefix),
        ))
    }

    fn fixed_request_headers(&self) -> &'static [(&'static str, &'static str)] {
        if self.query_compatible {
            &[("x-amzn-query-mode", "true")]
        } else {
            &[]
        }
    }

    fn declared_error_codes(&self) -> bool {
        self.query_compatible
    }

    fn media_type(&self) -> Option<String> {
        Some(format!("application/x-amz-json-{}", self.version))
    }

    /// Every message carries a JSON object, `{}` at least.
    fn empty_body(&self, _side: Side) -> EmptyBody {
        EmptyBody::EmptyObject
    }

    fn no_output_body(&self) -> EmptyBody {
        EmptyBody::EmptyObject
    }
}
