//! The items every generated service module uses. This file and `support/` are written by hand;
//! `cargo xtask codegen` writes the other files of this crate from the model, and copies these
//! as they are into a crate it writes elsewhere (`--out`).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod error;
#[cfg(feature = "events")]
pub mod event_stream;
mod timestamp;
pub mod wire;

pub use timestamp::{Timestamp, TimestampError};

pub use error::{
    Exception, FieldError, MalformedResponse, NotImplemented, OperationError, RequestError,
    ResponseError, ServiceError,
};
pub use http;
pub use wire::HostPrefix;

/// One operation of a service: its name, its HTTP route, its input, output and error types, and
/// its wire form under the service's protocol.
///
/// Each service module has a unit type per operation in its `operation` module implementing this
/// trait, so that code generic over operations (a client, a router, a test double) can be written
/// once. The client half ([`request`](Self::request), [`response`](Self::response)) and the
/// server half (`parse_request`, `write_response` and `write_error`, with feature `server`)
/// follow the same binding rules, and do no I/O.
pub trait Operation {
    /// The operation's name, e.g. `CreateChannel`.
    const NAME: &'static str;
    /// The HTTP method, e.g. `POST`.
    const HTTP_METHOD: &'static str;
    /// The request URI, with labels in braces, e.g. `/tags/{resourceArn}`.
    const HTTP_URI: &'static str;
    /// The HTTP status of a successful response, e.g. `200`.
    const SUCCESS_STATUS: u16;
    /// The host prefix the model gives the operation (`{AccountId}.data.`), if any: a client puts
    /// it before the service's host name. [`request`](Self::request) gives it with its labels
    /// filled as a [`HostPrefix`] in the request's extensions.
    const HOST_PREFIX: Option<&'static str> = None;
    /// The request.
    type Input: Serialize + DeserializeOwned + fmt::Debug + Clone + PartialEq + Send + Sync;
    /// The response.
    type Output: Serialize + DeserializeOwned + fmt::Debug + Clone + PartialEq + Send + Sync;
    /// The error: [`ServiceError`], or an enum of the errors the model lists for the operation.
    type Error: OperationError;
    /// Whether the operation's request or response streams (a streaming blob payload, or a
    /// stream of events). `request` and `response` handle a streaming payload whole, in memory;
    /// an event stream has no wire form in this crate.
    const STREAMING: Streaming = Streaming::None;
    /// The encodings the request body may be compressed with (`requestcompression`, e.g.
    /// `["gzip"]`), in the model's order of preference. [`request`](Self::request) leaves the body
    /// as it is: compressing it is a client's choice (`wire::compress_request`, feature `gzip`).
    const REQUEST_COMPRESSION: &'static [&'static str] = &[];

    /// The input's idempotency token, for operations that have one. [`request`](Self::request)
    /// sends a fresh UUID when it is `None`; a client that retries fills it once, before the first
    /// attempt, so that every attempt carries the same token.
    fn idempotency_token(input: &mut Self::Input) -> Option<&mut Option<String>> {
        let _ = input;
        None
    }

    /// The HTTP request for `input`: method, relative URI (path with its labels filled in, then
    /// the query string), headers and body, with `Content-Type` and `Content-Length`. Scheme and
    /// host are the client's.
    fn request(input: &Self::Input) -> Result<http::Request<Vec<u8>>, RequestError>;

    /// The output of a response: on a success status, read from its body, headers and status;
    /// otherwise the service's error.
    fn response(
        response: &http::Response<Vec<u8>>,
    ) -> Result<Self::Output, ResponseError<Self::Error>>;

    /// The input a request carries, as a server reads it.
    #[cfg(feature = "server")]
    fn parse_request(request: &http::Request<Vec<u8>>) -> Result<Self::Input, RequestError>;

    /// The response that carries `output`, as a server writes it.
    #[cfg(feature = "server")]
    fn write_response(output: &Self::Output) -> http::Response<Vec<u8>>;

    /// The response that carries `error`, as a server writes it.
    #[cfg(feature = "server")]
    fn write_error(error: &Self::Error) -> http::Response<Vec<u8>> {
        error.to_response()
    }
}

/// How an operation's messages stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Streaming {
    /// Neither message streams.
    #[default]
    None,
    /// The request's payload is a streaming blob.
    InputPayload,
    /// The response's payload is a streaming blob.
    OutputPayload,
    /// The request is a stream of events.
    InputEvents,
    /// The response is a stream of events.
    OutputEvents,
}

/// An untyped JSON value (a `document` shape): numbers, strings, booleans, nulls, lists and
/// objects, nested, kept as read (integers exact to 64 bits, other numbers as `f64`).
pub type Document = serde_json::Value;

/// A member of a union that this version of the crate does not know, kept with its name and raw
/// value so that it can be sent back unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownMember {
    name: String,
    value: Document,
}

impl UnknownMember {
    /// Used by the generated unions for members they do not know.
    #[doc(hidden)]
    pub fn new(name: String, value: Document) -> Self {
        Self { name, value }
    }

    /// The member's name on the wire.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The member's value, as received.
    pub fn value(&self) -> &Document {
        &self.value
    }
}

/// An operation's name and HTTP route, as listed in a service module's `OPERATIONS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OperationInfo {
    /// The operation's name, e.g. `CreateChannel`.
    pub name: &'static str,
    /// The HTTP method, e.g. `POST`.
    pub http_method: &'static str,
    /// The request URI, e.g. `/CreateChannel`.
    pub http_uri: &'static str,
}

/// The input or output of an operation that the model gives none: `{}` on the wire.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Empty {}

impl Serialize for Empty {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        serializer.serialize_struct("Empty", 0)?.end()
    }
}

impl<'de> Deserialize<'de> for Empty {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        wire::deserialize_struct(deserializer)
    }
}

impl wire::MapStruct for Empty {
    const NAME: &'static str = "Empty";
    const FIELDS: &'static [&'static str] = &[];

    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        wire::skip_members(map)?;
        Ok(Self {})
    }
}

/// An enum value that this version of the crate does not know, kept exactly as received so that
/// it can be sent back unchanged.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The value as it is on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Used by the generated enums' `From<&str>`, for values that are no known variant. Build an
    /// enum value with `From<&str>` instead, so that known values get their variant.
    #[doc(hidden)]
    pub fn from_unknown(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What `Debug` prints in place of a secret value.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*** Sensitive Data Redacted ***")
    }
}

/// Bytes, written as standard base64 (with padding) on the wire.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, owned.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Blob({} bytes)", self.0.len())
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD
            .decode(text.as_bytes())
            .map(Self)
            .map_err(|error| serde::de::Error::custom(format_args!("invalid base64 blob: {error}")))
    }
}
