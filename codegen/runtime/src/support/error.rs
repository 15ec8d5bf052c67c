//! What can go wrong on the wire: a request that cannot be built or read back, a response that is
//! not what the model says, and an error the service answered with.

use std::fmt;

use http::HeaderMap;

/// A value that is not what the model says it is, at a member path (`channel.tags`, `header
/// x-amz-meta`): what a malformed request or response is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    path: String,
    message: String,
}

impl FieldError {
    /// The error at `path` (a member path, or a part of the message such as `body`).
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }

    /// Where the problem is: a member path such as `stage.name`, or `body`, `method`, `path`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.path, self.message)
    }
}

impl std::error::Error for FieldError {}

/// Why an HTTP request could not be built from an input (a URI label with no value, a header
/// value that HTTP cannot carry), or read back into one (`parse_request`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError(FieldError);

impl RequestError {
    /// The member path, or the part of the request, that is wrong.
    pub fn path(&self) -> &str {
        self.0.path()
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        self.0.message()
    }
}

impl From<FieldError> for RequestError {
    fn from(error: FieldError) -> Self {
        Self(error)
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request: {}", self.0)
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Why a response gave no output: the service answered with an error, or the response is not
/// what the model says.
///
/// `E` is the operation's error type: [`ServiceError`] for operations whose model lists no
/// errors, otherwise the operation's own error enum (which still gives the [`ServiceError`]
/// through [`OperationError::service_error`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ResponseError<E = ServiceError> {
    /// The service answered with an error status.
    Service(E),
    /// A success status, but a body or header that does not match the model.
    Malformed(MalformedResponse),
}

impl<E: OperationError> ResponseError<E> {
    /// The service's error, when the service answered with one.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            ResponseError::Service(error) => Some(error.service_error()),
            ResponseError::Malformed(_) => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for ResponseError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Service(error) => error.fmt(f),
            ResponseError::Malformed(error) => error.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for ResponseError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ResponseError::Service(error) => Some(error),
            ResponseError::Malformed(error) => Some(error),
        }
    }
}

/// A success response whose body or headers do not match the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedResponse {
    status: u16,
    error: FieldError,
}

impl MalformedResponse {
    /// The problem in a response of HTTP status `status`.
    pub fn new(status: u16, error: FieldError) -> Self {
        Self { status, error }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The member path, or the part of the response, that is wrong.
    pub fn path(&self) -> &str {
        self.error.path()
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        self.error.message()
    }
}

impl fmt::Display for MalformedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "malformed response (HTTP {}): {}",
            self.status, self.error
        )
    }
}

impl std::error::Error for MalformedResponse {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// An error the service answered with: its HTTP status, its code (`ResourceNotFoundException`),
/// its message and the request id, read the way the AWS SDKs read restJson1 errors, with the
/// body and headers an exception's members are read from.
///
/// Two errors are equal when their status, code, message, request id and body are: the headers
/// of the response an error was read from are not compared.
#[derive(Clone)]
pub struct ServiceError {
    status: u16,
    code: String,
    message: Option<String>,
    request_id: Option<String>,
    body: Vec<u8>,
    headers: HeaderMap,
}

impl PartialEq for ServiceError {
    fn eq(&self, other: &Self) -> bool {
        (
            self.status,
            &self.code,
            &self.message,
            &self.request_id,
            &self.body,
        ) == (
            other.status,
            &other.code,
            &other.message,
            &other.request_id,
            &other.body,
        )
    }
}

impl Eq for ServiceError {}

impl ServiceError {
    /// An error of HTTP status `status` and code `code` (e.g. for a server or a test double).
    pub fn new(status: u16, code: impl Into<String>) -> Self {
        Self {
            status,
            code: code.into(),
            message: None,
            request_id: None,
            body: Vec::new(),
            headers: HeaderMap::new(),
        }
    }

    /// With a message.
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// With a request id.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// With the response headers it was read from (typed errors may read members from them).
    #[must_use]
    pub fn with_headers(mut self, headers: HeaderMap) -> Self {
        self.headers = headers;
        self
    }

    /// With the response body it was read from (typed errors are read from it).
    #[must_use]
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Reads an error response: the code from the `x-amzn-query-error` header of an
    /// awsQuery-compatible service (`Code;Sender`), else from `X-Amzn-ErrorType`, else from
    /// `__type` or `code` in a JSON body, without a namespace (`aws.example#ValidationException`) or anything
    /// after `:`; the message from `message`, `Message` or `errorMessage`; the request id from
    /// `x-amzn-RequestId`. The code is empty when the response names none (a proxy's HTML page).
    pub fn from_response(response: &http::Response<Vec<u8>>) -> Self {
        let headers = response.headers();
        let body: Option<serde_json::Map<String, serde_json::Value>> =
            serde_json::from_slice(response.body()).ok();
        let field = |names: &[&str]| -> Option<String> {
            let body = body.as_ref()?;
            names
                .iter()
                .find_map(|name| body.get(*name).and_then(|v| v.as_str()))
                .map(str::to_owned)
        };
        let code = query_error_code(headers)
            .or_else(|| {
                header_text(headers, "x-amzn-errortype")
                    .or_else(|| field(&["__type", "code", "Code"]))
                    .map(|code| sanitize_code(&code).to_owned())
            })
            .unwrap_or_default();
        Self {
            status: response.status().as_u16(),
            code,
            message: field(&["message", "Message", "errorMessage"]),
            request_id: header_text(headers, "x-amzn-requestid"),
            body: response.body().clone(),
            headers: headers.clone(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The error code, e.g. `ResourceNotFoundException`; empty when the response named none.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The message, if the service gave one.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id (`x-amzn-RequestId`), if the service gave one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The body of the error response.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The headers of the response the error was read from (none for one made with
    /// [`new`](Self::new)), where an exception's header-bound members are.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The error as a restJson1 response: the status, `X-Amzn-ErrorType`, `x-amzn-RequestId` and
    /// the body it was read from, or `{"message": ...}` when it has none.
    #[cfg(feature = "server")]
    pub fn to_response(&self) -> http::Response<Vec<u8>> {
        let body = if self.body.is_empty() {
            let mut object = serde_json::Map::new();
            if let Some(message) = &self.message {
                object.insert("message".to_owned(), message.clone().into());
            }
            serde_json::Value::Object(object).to_string().into_bytes()
        } else {
            self.body.clone()
        };
        crate::wire::error_response(self, body)
    }
}

/// The code an awsQuery-compatible service names first, its former awsQuery code, in
/// `x-amzn-query-error` (`Code;Sender`).
pub(crate) fn query_error_code(headers: &HeaderMap) -> Option<String> {
    header_text(headers, "x-amzn-query-error").and_then(|value| {
        let code = value.split(';').next().unwrap_or_default().trim();
        (!code.is_empty()).then(|| code.to_owned())
    })
}

/// The text of header `name`, when it is there once and is text; the part before `:`.
pub(crate) fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `aws.protocoltests#FooError:http://...` → `FooError`.
pub(crate) fn sanitize_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or_default();
    code.rsplit('#').next().unwrap_or_default().trim()
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = if self.code.is_empty() {
            "service error"
        } else {
            &self.code
        };
        write!(f, "{code} (HTTP {})", self.status)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

/// An operation's error type: [`ServiceError`] itself, or an enum of the errors the model lists
/// for the operation, read from a [`ServiceError`] by its code.
pub trait OperationError:
    std::error::Error + From<ServiceError> + Clone + PartialEq + Send + Sync + 'static
{
    /// The status, code, message and request id of the error, and the exception the model
    /// lists that it was read as, if it is one.
    fn parts(&self) -> (&ServiceError, Option<&dyn Exception>);

    /// The status, code, message and request id of the error.
    fn service_error(&self) -> &ServiceError {
        self.parts().0
    }

    /// The exception the model lists that the error was read as, as the error's
    /// [`source`](std::error::Error::source).
    fn exception_source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.parts()
            .1
            .map(|exception| exception as &(dyn std::error::Error + 'static))
    }

    /// The error as a restJson1 response, for servers and test doubles (feature `server`).
    #[cfg(feature = "server")]
    fn to_response(&self) -> http::Response<Vec<u8>> {
        match self.parts() {
            (error, Some(exception)) => crate::wire::error_response(error, exception.to_json()),
            (error, None) => error.to_response(),
        }
    }
}

impl OperationError for ServiceError {
    fn parts(&self) -> (&ServiceError, Option<&dyn Exception>) {
        (self, None)
    }
}

/// An exception shape of a model: an error type whose JSON form is an error response's body.
pub trait Exception: std::error::Error + Send + Sync + 'static {
    /// The exception as an error response's JSON body.
    fn to_json(&self) -> Vec<u8>;
}

impl<T: std::error::Error + serde::Serialize + Send + Sync + 'static> Exception for T {
    fn to_json(&self) -> Vec<u8> {
        crate::wire::json_bytes(self)
    }
}

/// What a service trait's method returns when its implementation does not provide it: a test
/// double implements only the operations it uses, and an operation added to the API breaks no
/// implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NotImplemented {
    operation: &'static str,
}

impl NotImplemented {
    /// Operation `operation` (its wire name) is not implemented.
    pub fn new(operation: &'static str) -> Self {
        Self { operation }
    }

    /// The operation's name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }
}

impl fmt::Display for NotImplemented {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "operation `{}` is not implemented", self.operation)
    }
}

impl std::error::Error for NotImplemented {}
