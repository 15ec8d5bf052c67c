//! restJson1 (`rest-json`): members bound to the URI, the query string, headers and a JSON body.

use super::{EmptyBody, Location, Protocol, Side, TimestampFormat, json_timestamp_format};

/// restJson1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestJson;

impl Protocol for RestJson {
    fn summary(&self) -> String {
        "restJson1".to_owned()
    }

    fn documentation(&self) -> String {
        "On the wire: restJson1. Each operation's `Operation::request` \
         and `Operation::response` build and read its HTTP messages."
            .to_owned()
    }

    fn default_timestamp_format(&self, location: &Location) -> TimestampFormat {
        json_timestamp_format(location)
    }

    fn location_name_is_json_key(&self) -> bool {
        true
    }

    /// A request sends a body only when its input has members bound to the body (botocore's and
    /// the SDKs' rule); a response always carries a JSON object.
    fn empty_body(&self, side: Side) -> EmptyBody {
        match side {
            Side::Request => EmptyBody::Nothing,
            Side::Response => EmptyBody::EmptyObject,
        }
    }

    fn no_output_body(&self) -> EmptyBody {
        EmptyBody::Nothing
    }
}
