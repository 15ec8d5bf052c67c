//! A protocol this generator writes no wire form for (one it does not know): the types and
//! their serde form only.

use super::{EmptyBody, Location, Protocol, Side, TimestampFormat, json_timestamp_format};

/// The types of a service whose protocol has no wire form here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypesOnly {
    /// `metadata.protocol`, e.g. `rest-xml`.
    pub protocol: String,
}

impl Protocol for TypesOnly {
    fn summary(&self) -> String {
        format!("{}: types only, no wire form", self.protocol)
    }

    fn documentation(&self) -> String {
        format!(
            "No wire form is provided: this crate does not speak the `{}` protocol, and \
             each operation's `Operation::request` and `Operation::response` return an error \
             that says so. The types and their serde form are complete.",
            self.protocol
        )
    }

    fn no_wire_form(&self) -> Option<String> {
        Some(format!(
            "the `{}` protocol has no wire form in this crate",
            self.protocol
        ))
    }

    /// The serde form writes timestamps as the JSON protocols do.
    fn default_timestamp_format(&self, location: &Location) -> TimestampFormat {
        json_timestamp_format(location)
    }

    /// `locationName` names XML elements and query keys, not the serde form's keys.
    fn location_name_is_json_key(&self) -> bool {
        false
    }

    fn empty_body(&self, _side: Side) -> EmptyBody {
        EmptyBody::Nothing
    }

    fn no_output_body(&self) -> EmptyBody {
        EmptyBody::Nothing
    }
}
