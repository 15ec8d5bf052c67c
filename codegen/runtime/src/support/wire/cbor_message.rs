//! The messages of the rpcv2Cbor protocol: a request's CBOR body with its `Content-Type`, a
//! response's output, and errors, named by `__type` in the body; for servers, a request checked
//! and read, and responses and errors written.

use super::body::{Body, exception_with};
use super::cbor::{CborReader, FromCbor, ToCbor, cbor_bytes, from_cbor};
#[cfg(feature = "server")]
use super::cbor::{CborWriter, cbor_map_with};
use super::headers::Headers;
use super::message::read_response_with;
#[cfg(feature = "server")]
use super::message::response;
#[cfg(feature = "server")]
use crate::support::error::RequestError;
use crate::support::error::{
    FieldError, OperationError, ResponseError, ServiceError, header_text, query_error_code,
    sanitize_code,
};

/// The media type of a CBOR body.
pub const CBOR: &str = "application/cbor";

/// The CBOR body of `input`, its `Content-Type` set in `headers`.
pub fn cbor_body<T: ToCbor + ?Sized>(headers: &mut Headers, input: &T) -> Result<Body, FieldError> {
    headers.insert("Content-Type", "Content-Type", CBOR)?;
    Ok(Body::Blob(cbor_bytes(input)))
}

/// The input or output of type `T` read from a message body; an empty body is one with no member
/// set.
pub fn cbor_output<T: FromCbor>(body: &[u8]) -> Result<T, FieldError> {
    // An empty map.
    const EMPTY: &[u8] = &[0xa0];
    from_cbor(if body.is_empty() { EMPTY } else { body }, "")
}

/// The output of a CBOR response: on a 2xx status, what `read` makes of its body (its error
/// becomes [`ResponseError::Malformed`]); otherwise the service's error.
pub fn read_cbor_response<E: OperationError, T>(
    response: &http::Response<Vec<u8>>,
    read: impl FnOnce(&[u8]) -> Result<T, FieldError>,
) -> Result<T, ResponseError<E>> {
    read_response_with(response, ServiceError::from_cbor_response, |response| {
        read(response.body())
    })
}

/// The input a request of an operation whose path is `path` carries: the request checked (`POST`,
/// the path, `smithy-protocol: rpc-v2-cbor`), then what `read` makes of its body.
#[cfg(feature = "server")]
pub fn read_cbor_request<T>(
    request: &http::Request<Vec<u8>>,
    path: &str,
    read: impl FnOnce(&[u8]) -> Result<T, FieldError>,
) -> Result<T, RequestError> {
    if request.method() != http::Method::POST {
        let message = format!("expected POST, found {}", request.method());
        return Err(FieldError::new("method", message).into());
    }
    if request.uri().path() != path {
        let message = format!("`{}` is not `{path}`", request.uri().path());
        return Err(FieldError::new("path", message).into());
    }
    match header_text(request.headers(), "smithy-protocol") {
        Some(protocol) if protocol == "rpc-v2-cbor" => {}
        other => {
            let message = format!("expected `rpc-v2-cbor`, found {other:?}");
            return Err(FieldError::new("smithy-protocol", message).into());
        }
    }
    Ok(read(request.body())?)
}

/// The headers of every rpcv2Cbor response.
#[cfg(feature = "server")]
fn cbor_headers(body: bool) -> Headers {
    let mut headers = Headers::new();
    let _ = headers.insert("smithy-protocol", "smithy-protocol", "rpc-v2-cbor");
    if body {
        let _ = headers.insert("Content-Type", "Content-Type", CBOR);
    }
    headers
}

/// A response of status `status` carrying `output` as its CBOR body, or no body.
#[cfg(feature = "server")]
pub fn cbor_response<T: ToCbor + ?Sized>(
    status: u16,
    output: Option<&T>,
) -> http::Response<Vec<u8>> {
    let body = match output {
        Some(output) => Body::Blob(cbor_bytes(output)),
        None => Body::Empty,
    };
    response(status, cbor_headers(output.is_some()), body)
}

/// The response that carries `error`: its status, `x-amzn-RequestId`, and a CBOR body naming its
/// code in `__type`, with the members of `exception` (the modeled error it was read as), else
/// its message.
#[cfg(feature = "server")]
pub fn cbor_error_response<T: ToCbor + ?Sized>(
    error: &ServiceError,
    exception: Option<&T>,
) -> http::Response<Vec<u8>> {
    let body = match exception {
        Some(exception) => cbor_map_with(exception, "__type", error.code()),
        None => {
            let mut writer = CborWriter::new();
            writer.map(1 + usize::from(error.message().is_some()));
            writer.text("__type");
            writer.text(error.code());
            if let Some(message) = error.message() {
                writer.text("message");
                writer.text(message);
            }
            writer.finish()
        }
    };
    let mut headers = cbor_headers(true);
    if let Some(id) = error.request_id() {
        let _ = headers.insert("request_id", "x-amzn-requestid", id);
    }
    response(error.status(), headers, Body::Blob(body))
}

/// An error enum's variant for `error`: `found` with the exception of type `T` read from its
/// CBOR body, or `unhandled` when the body does not read as one.
pub fn cbor_exception<T: FromCbor, E>(
    error: ServiceError,
    found: fn(T, ServiceError) -> E,
    unhandled: fn(ServiceError) -> E,
) -> E {
    exception_with(error, |error| from_cbor(error.body(), ""), found, unhandled)
}

impl ServiceError {
    /// Reads an rpcv2Cbor error response: the code from the `x-amzn-query-error` header of an
    /// awsQuery-compatible service (`Code;Sender`), else from `__type` in the CBOR body, without
    /// a namespace (`smithy.example#InvalidGreeting`) or anything after `:`, else the status;
    /// the message from `message` or `Message`; the request id from `x-amzn-RequestId`.
    pub fn from_cbor_response(response: &http::Response<Vec<u8>>) -> Self {
        let headers = response.headers();
        let (mut kind, mut message) = (None, None);
        let mut reader = CborReader::new(response.body());
        // A body that is not a map of text names no code or message.
        let _ = reader.members("", |reader, key| {
            match key.as_ref() {
                "__type" => kind = Some(String::read_cbor(reader, "__type")?),
                "message" | "Message" => message = Some(String::read_cbor(reader, "message")?),
                _ => reader.skip("")?,
            }
            Ok(())
        });
        let status = response.status().as_u16();
        let code = query_error_code(headers)
            .or_else(|| kind.map(|code| sanitize_code(&code).to_owned()))
            .unwrap_or_else(|| status.to_string());
        let mut error = ServiceError::new(status, code)
            .with_headers(headers.clone())
            .with_body(response.body().clone());
        if let Some(message) = message {
            error = error.with_message(message);
        }
        if let Some(id) = header_text(headers, "x-amzn-requestid") {
            error = error.with_request_id(id);
        }
        error
    }
}
