//! Smithy's rpcv2Cbor (`smithy-rpc-v2-cbor`): `POST /service/{service}/operation/{operation}`,
//! `smithy-protocol: rpc-v2-cbor`, every member in a CBOR body (a map of member names), errors
//! named by `__type` in the body.

use super::{
    BodyCodec, EmptyBody, Location, Protocol, Side, TimestampFormat, json_timestamp_format,
};

/// rpcv2Cbor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcV2Cbor {
    /// The service's name in request paths: `targetPrefix`, as botocore takes it.
    pub service_name: String,
    /// `awsQueryCompatible`: requests say `x-amzn-query-mode: true`, and errors are sent with the
    /// codes of the service's awsQuery days (in `x-amzn-query-error`).
    pub query_compatible: bool,
}

impl Protocol for RpcV2Cbor {
    fn summary(&self) -> String {
        "rpcv2Cbor".to_owned()
    }

    fn documentation(&self) -> String {
        "On the wire: rpcv2Cbor (`POST /service/{service}/operation/{operation}`, CBOR bodies). \
         Each operation's `Operation::request` and `Operation::response` build and read its \
         HTTP messages, and `parse_request`, `write_response` and `write_error` are the server's \
         half."
            .to_owned()
    }

    /// Every member travels in the body, whatever the model binds.
    fn location(&self, _modeled: Location) -> Location {
        Location::Body
    }

    /// The CBOR body writes every timestamp as tag 1 and epoch seconds; this is the serde
    /// (document) form's default, as in the JSON protocols.
    fn default_timestamp_format(&self, location: &Location) -> TimestampFormat {
        json_timestamp_format(location)
    }

    /// `locationName` names a member's key in the CBOR body, not in the serde form.
    fn location_name_is_json_key(&self) -> bool {
        false
    }

    fn route(&self, operation: &str) -> Option<(&'static str, String)> {
        Some((
            "POST",
            format!("/service/{}/operation/{operation}", self.service_name),
        ))
    }

    fn fixed_request_headers(&self) -> &'static [(&'static str, &'static str)] {
        if self.query_compatible {
            &[
                ("smithy-protocol", "rpc-v2-cbor"),
                ("Accept", "application/cbor"),
                ("x-amzn-query-mode", "true"),
            ]
        } else {
            &[
                ("smithy-protocol", "rpc-v2-cbor"),
                ("Accept", "application/cbor"),
            ]
        }
    }

    /// Not asked by the CBOR glue (`emit/cbor.rs`), which writes an input without members as
    /// an empty map, and no body for an operation without input.
    fn empty_body(&self, _side: Side) -> EmptyBody {
        EmptyBody::Nothing
    }

    fn no_output_body(&self) -> EmptyBody {
        EmptyBody::Nothing
    }

    fn body_codec(&self) -> BodyCodec {
        BodyCodec::Cbor
    }

    fn declared_error_codes(&self) -> bool {
        self.query_compatible
    }

    fn runtime_features(&self) -> &'static [&'static str] {
        &["cbor"]
    }
}
