//! ec2 (`ec2`): awsQuery with EC2's naming: a member's key is its `queryName`, else its
//! `locationName` or its name, capitalised; lists are never wrapped (`Key.N`, nothing for an
//! empty list); responses are not wrapped in a result element; errors in
//! `<Response><Errors><Error>`.

use super::{BodyCodec, EmptyBody, Location, Protocol, Side, TimestampFormat};

/// ec2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ec2 {
    /// `apiVersion`, sent as `Version`.
    pub version: String,
}

impl Protocol for Ec2 {
    fn summary(&self) -> String {
        "ec2".to_owned()
    }

    fn documentation(&self) -> String {
        "On the wire: ec2 (`POST /`, a form-encoded body naming the operation in `Action`, XML \
         responses). Each operation's `Operation::request` and `Operation::response` build and \
         read its HTTP messages; the server half (`parse_request`, `write_response`) is not \
         written for this protocol and returns an error that says so."
            .to_owned()
    }

    /// Every member travels in the body.
    fn location(&self, _modeled: Location) -> Location {
        Location::Body
    }

    /// ISO 8601, in requests and responses alike.
    fn default_timestamp_format(&self, _location: &Location) -> TimestampFormat {
        TimestampFormat::DateTime
    }

    fn location_name_is_json_key(&self) -> bool {
        false
    }

    fn empty_body(&self, _side: Side) -> EmptyBody {
        EmptyBody::Nothing
    }

    fn no_output_body(&self) -> EmptyBody {
        EmptyBody::Nothing
    }

    fn body_codec(&self) -> BodyCodec {
        BodyCodec::Query
    }

    fn declared_error_codes(&self) -> bool {
        true
    }

    /// `queryName`, else `locationName` or the member's name with its first letter in upper
    /// case, as the ec2 protocol tests say (botocore capitalises only `locationName`; EC2's own
    /// member names are capitalised already).
    fn form_key(
        &self,
        wire_name: &str,
        location_name: Option<&str>,
        query_name: Option<&str>,
    ) -> String {
        if let Some(name) = query_name {
            return name.to_owned();
        }
        let mut chars = location_name.unwrap_or(wire_name).chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }

    fn form_lists_flattened(&self) -> bool {
        true
    }

    fn runtime_features(&self) -> &'static [&'static str] {
        &["xml"]
    }
}
