//! The query protocols: `POST /` with a form-encoded body that names the operation (`Action`) and
//! the API version (`Version`) and holds every member under its query name, and XML responses.
//!
//! - awsQuery (`query`): a member's key is its `locationName`, else its name; lists are wrapped
//!   (`Key.member.N`) unless flattened; the output is inside `<OperationResult>`; errors in
//!   `<ErrorResponse><Error>`.
//! - ec2 (`ec2`): a member's key is its `queryName`, else its `locationName` or its name,
//!   capitalised; lists are never wrapped (`Key.N`, nothing for an empty list); the output is
//!   the XML root; errors in `<Response><Errors><Error>`.

use super::{BodyCodec, EmptyBody, Location, Protocol, Side, TimestampFormat, XmlErrorForm};

/// A query protocol: awsQuery or ec2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// `apiVersion`, sent as `Version`.
    pub version: String,
    /// Which of the two.
    pub dialect: QueryDialect,
    /// The model's `xmlNamespace`, which the service's answers declare on their root element.
    pub namespace: Option<String>,
}

/// The two query protocols, which differ in how they name a request's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryDialect {
    /// awsQuery (`query`).
    AwsQuery,
    /// ec2 (`ec2`).
    Ec2,
}

impl Protocol for Query {
    fn summary(&self) -> String {
        match self.dialect {
            QueryDialect::AwsQuery => "awsQuery",
            QueryDialect::Ec2 => "ec2",
        }
        .to_owned()
    }

    fn documentation(&self) -> String {
        format!(
            "On the wire: {} (`POST /`, a form-encoded body naming the operation in `Action`, \
             XML responses). Each operation's `Operation::request` and `Operation::response` \
             build and read its HTTP messages, and `parse_request`, `write_response` and \
             `write_error` are the server's half.",
            self.summary()
        )
    }

    /// Every member travels in the body: the protocols bind nothing to the URI or headers.
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

    /// awsQuery: `locationName`, else the member's name. ec2: `queryName`, else `locationName`
    /// or the member's name with its first letter in upper case, as the ec2 protocol tests say
    /// (botocore capitalises only `locationName`; EC2's own member names are capitalised
    /// already).
    fn form_key(
        &self,
        wire_name: &str,
        location_name: Option<&str>,
        query_name: Option<&str>,
    ) -> String {
        let name = location_name.unwrap_or(wire_name);
        match (self.dialect, query_name) {
            (QueryDialect::AwsQuery, _) => name.to_owned(),
            (QueryDialect::Ec2, Some(query_name)) => query_name.to_owned(),
            (QueryDialect::Ec2, None) => {
                let mut chars = name.chars();
                chars
                    .next()
                    .map(|first| first.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
        }
    }

    fn form_lists_flattened(&self) -> bool {
        self.dialect == QueryDialect::Ec2
    }

    fn xml_error_form(&self) -> XmlErrorForm {
        match self.dialect {
            QueryDialect::AwsQuery => XmlErrorForm::ErrorResponse,
            QueryDialect::Ec2 => XmlErrorForm::Ec2,
        }
    }

    fn xml_namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    fn runtime_features(&self) -> &'static [&'static str] {
        &["xml"]
    }
}
