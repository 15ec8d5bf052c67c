//! awsQuery (`query`): `POST /` with a form-encoded body that names the operation (`Action`) and
//! the API version (`Version`) and holds every member under its query name; XML responses, the
//! output inside `<OperationResult>`; errors in `<ErrorResponse><Error>`.

use super::{BodyCodec, EmptyBody, Location, Protocol, Side, TimestampFormat};

/// awsQuery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// `apiVersion`, sent as `Version`.
    pub version: String,
}

impl Protocol for Query {
    fn summary(&self) -> String {
        "awsQuery".to_owned()
    }

    fn documentation(&self) -> String {
        "On the wire: awsQuery (`POST /`, a form-encoded body naming the operation in `Action`, \
         XML responses). Each operation's `Operation::request` and `Operation::response` build \
         and read its HTTP messages; the server half (`parse_request`, `write_response`) is not \
         written for this protocol and returns an error that says so."
            .to_owned()
    }

    /// Every member travels in the body: the protocol binds nothing to the URI or headers.
    fn location(&self, _modeled: Location) -> Location {
        Location::Body
    }

    /// ISO 8601, in requests and responses alike.
    fn default_timestamp_format(&self, _location: &Location) -> TimestampFormat {
        TimestampFormat::DateTime
    }

    /// `locationName` names query keys and XML elements; the serde form keeps member names.
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

    fn runtime_features(&self) -> &'static [&'static str] {
        &["xml"]
    }
}
