//! restXml (`rest-xml`): members bound to the URI, the query string and headers as in restJson1,
//! and XML bodies: the input's body members inside an element named by the input's
//! `locationName`, or a payload member as the whole body; errors in
//! `<ErrorResponse><Error>`, or S3's bare `<Error>`.

use super::{BodyCodec, EmptyBody, Location, Protocol, Side, TimestampFormat, XmlErrorForm};

/// restXml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestXml {
    /// Whether errors are a bare `<Error>` (S3), rather than in `<ErrorResponse>`.
    pub bare_errors: bool,
}

impl Protocol for RestXml {
    fn summary(&self) -> String {
        "restXml".to_owned()
    }

    fn documentation(&self) -> String {
        "On the wire: restXml (HTTP bindings, XML bodies). Each operation's `Operation::request` \
         and `Operation::response` build and read its HTTP messages, and `parse_request`, \
         `write_response` and `write_error` are the server's half."
            .to_owned()
    }

    /// ISO 8601 in URIs, query strings and bodies; HTTP dates in headers.
    fn default_timestamp_format(&self, location: &Location) -> TimestampFormat {
        match location {
            Location::Header(_) | Location::Headers(_) => TimestampFormat::HttpDate,
            _ => TimestampFormat::DateTime,
        }
    }

    /// `locationName` names XML elements; the serde form keeps member names.
    fn location_name_is_json_key(&self) -> bool {
        false
    }

    /// A message whose body members are all unset has no body.
    fn empty_body(&self, _side: Side) -> EmptyBody {
        EmptyBody::Nothing
    }

    fn no_output_body(&self) -> EmptyBody {
        EmptyBody::Nothing
    }

    fn body_codec(&self) -> BodyCodec {
        BodyCodec::Xml
    }

    fn declared_error_codes(&self) -> bool {
        true
    }

    fn xml_error_form(&self) -> XmlErrorForm {
        if self.bare_errors {
            XmlErrorForm::Bare
        } else {
            XmlErrorForm::ErrorResponse
        }
    }

    fn runtime_features(&self) -> &'static [&'static str] {
        &["xml"]
    }
}
