//! Whole messages: complete `http` requests and responses, and an incoming request taken apart
//! by its operation's method and URI template.

#[cfg(feature = "server")]
use std::borrow::Cow;
#[cfg(feature = "server")]
use std::collections::BTreeMap;

use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use http::{HeaderMap, Method};
#[cfg(feature = "server")]
use percent_encoding::percent_decode_str;

use super::body::Body;
use super::headers::Headers;
use super::uri::{HostPrefix, Uri};
use crate::support::error::{
    FieldError, MalformedResponse, OperationError, ResponseError, ServiceError,
};

/// A complete request: method, relative URI, headers, body with its `Content-Type` and
/// `Content-Length`, and the host prefix in the extensions when the operation has one.
pub fn request(
    method: &str,
    uri: Uri,
    headers: Headers,
    body: Body,
    host_prefix: Option<HostPrefix>,
) -> Result<http::Request<Vec<u8>>, FieldError> {
    let method = Method::from_bytes(method.as_bytes())
        .map_err(|_| FieldError::new("method", format!("`{method}` is not an HTTP method")))?;
    // A stream of events has no length: it is sent as it comes.
    let has_payload_semantics = matches!(method, Method::POST | Method::PUT | Method::PATCH)
        && !matches!(body, Body::Events);
    let (content_type, bytes) = body.into_parts();
    let mut headers = headers.0;
    set_content_headers(
        &mut headers,
        content_type,
        bytes.len(),
        has_payload_semantics,
    );
    // Parts are set in place: the URI takes the text it was built in without copying it.
    let mut request = http::Request::new(bytes);
    *request.method_mut() = method;
    *request.uri_mut() =
        http::Uri::try_from(uri.text).map_err(|e| FieldError::new("uri", e.to_string()))?;
    *request.headers_mut() = headers;
    if let Some(prefix) = host_prefix {
        request.extensions_mut().insert(prefix);
    }
    Ok(request)
}

fn set_content_headers(
    headers: &mut HeaderMap,
    content_type: Option<&'static str>,
    length: usize,
    always_length: bool,
) {
    headers.reserve(2);
    if let Some(content_type) = content_type
        && !headers.contains_key(CONTENT_TYPE)
    {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    if length > 0 || always_length {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    }
}

/// A complete response of status `status`.
#[cfg(feature = "server")]
pub fn response(status: u16, headers: Headers, body: Body) -> http::Response<Vec<u8>> {
    let (content_type, bytes) = body.into_parts();
    let mut headers = headers.0;
    set_content_headers(&mut headers, content_type, bytes.len(), true);
    let mut response = http::Response::new(bytes);
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    *response.headers_mut() = headers;
    response
}

/// The response for an output that could not be written (which the generated types cannot
/// cause): a 500 naming the problem, so a server built on `write_response` never panics.
#[cfg(feature = "server")]
pub fn unwritable(error: &FieldError) -> http::Response<Vec<u8>> {
    error_response(
        &ServiceError::new(500, "InternalFailure").with_message(error.to_string()),
        Vec::new(),
    )
}

/// An error response: status, `X-Amzn-ErrorType`, `x-amzn-RequestId`, and `body` as JSON.
#[cfg(feature = "server")]
pub fn error_response(error: &ServiceError, body: Vec<u8>) -> http::Response<Vec<u8>> {
    error_response_with(Headers::new(), error, body)
}

/// [`error_response`] with `headers` too: those an exception's members are bound to.
#[cfg(feature = "server")]
pub fn error_response_with(
    mut headers: Headers,
    error: &ServiceError,
    body: Vec<u8>,
) -> http::Response<Vec<u8>> {
    if !error.code().is_empty() {
        let _ = headers.insert("code", "x-amzn-errortype", error.code());
    }
    if let Some(id) = error.request_id() {
        let _ = headers.insert("request_id", "x-amzn-requestid", id);
    }
    let body = if body.is_empty() {
        let message = error.message().map(|m| serde_json::json!({ "message": m }));
        serde_json::to_vec(&message.unwrap_or_else(|| serde_json::json!({}))).unwrap_or_default()
    } else {
        body
    };
    response(error.status(), headers, Body::Json(body))
}

/// The output of a response: on a 2xx status, what `read` makes of it (its error becomes
/// [`ResponseError::Malformed`]); otherwise the service's error, typed as `E`.
pub fn read_response<E: OperationError, T>(
    response: &http::Response<Vec<u8>>,
    read: impl FnOnce(&http::Response<Vec<u8>>) -> Result<T, FieldError>,
) -> Result<T, ResponseError<E>> {
    read_response_with(response, ServiceError::from_response, read)
}

/// As [`read_response`], with the service's error read by `error`.
pub fn read_response_with<E: OperationError, T>(
    response: &http::Response<Vec<u8>>,
    error: impl FnOnce(&http::Response<Vec<u8>>) -> ServiceError,
    read: impl FnOnce(&http::Response<Vec<u8>>) -> Result<T, FieldError>,
) -> Result<T, ResponseError<E>> {
    let status = response.status();
    if !status.is_success() {
        return Err(ResponseError::Service(E::from(error(response))));
    }
    read(response)
        .map_err(|error| ResponseError::Malformed(MalformedResponse::new(status.as_u16(), error)))
}

/// A request taken apart by its operation's URI template: the labels and query parameters
/// percent-decoded, with the headers and the body.
#[cfg(feature = "server")]
#[derive(Debug)]
pub struct IncomingRequest<'r> {
    labels: Vec<(String, String)>,
    query: Vec<(String, String)>,
    /// The request's headers.
    pub headers: &'r HeaderMap,
    /// The request's body.
    pub body: &'r [u8],
}

#[cfg(feature = "server")]
impl<'r> IncomingRequest<'r> {
    /// Matches `request` against the operation's method and URI template.
    pub fn parse(
        request: &'r http::Request<Vec<u8>>,
        method: &str,
        template: &str,
    ) -> Result<Self, FieldError> {
        if request.method().as_str() != method {
            return Err(FieldError::new(
                "method",
                format!("expected {method}, found {}", request.method()),
            ));
        }
        let (template_path, template_query) = template.split_once('?').unwrap_or((template, ""));
        let path = request.uri().path();
        let labels = match_path(template_path, path).ok_or_else(|| {
            FieldError::new("path", format!("`{path}` does not match `{template_path}`"))
        })??;
        let mut query = Vec::new();
        for pair in request.uri().query().unwrap_or_default().split('&') {
            if pair.is_empty() {
                continue;
            }
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            query.push((decode("query", name)?, decode("query", value)?));
        }
        for fixed in template_query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = fixed.split_once('=').unwrap_or((fixed, ""));
            if !query.iter().any(|(n, v)| n == name && v == value) {
                return Err(FieldError::new(
                    "query",
                    format!("the query string lacks `{fixed}`"),
                ));
            }
        }
        Ok(Self {
            labels,
            query,
            headers: request.headers(),
            body: request.body(),
        })
    }

    /// The decoded value of label `name`.
    pub fn label(&self, name: &str) -> Result<&str, FieldError> {
        self.labels
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| FieldError::new(name, "the URI has no such label"))
    }

    /// The value of query parameter `name`, if given; an error when given more than once.
    pub fn query(&self, path: &str, name: &str) -> Result<Option<&str>, FieldError> {
        let mut values = self.query.iter().filter(|(n, _)| n == name);
        let first = values.next().map(|(_, v)| v.as_str());
        if values.next().is_some() {
            return Err(FieldError::new(
                path,
                format!("query parameter `{name}` is given more than once"),
            ));
        }
        Ok(first)
    }

    /// Every value of query parameter `name`, in order; `None` when there is none.
    pub fn query_all(&self, name: &str) -> Option<Vec<&str>> {
        let values: Vec<&str> = self
            .query
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then_some(values)
    }

    /// The query parameters not fixed by the template, for a member that takes them as a map:
    /// each name with its values. Those bound to another member are in it too, as Smithy's
    /// servers read them (`RestJsonServersPutAllQueryParamsInMap`).
    pub fn query_rest(&self, template: &str) -> Option<BTreeMap<String, Vec<String>>> {
        let fixed: Vec<&str> = template
            .split_once('?')
            .map(|(_, q)| {
                q.split('&')
                    .map(|p| p.split('=').next().unwrap_or(p))
                    .collect()
            })
            .unwrap_or_default();
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, value) in &self.query {
            if !fixed.contains(&name.as_str()) {
                map.entry(name.clone()).or_default().push(value.clone());
            }
        }
        (!map.is_empty()).then_some(map)
    }
}

#[cfg(feature = "server")]
fn decode(path: &str, text: &str) -> Result<String, FieldError> {
    percent_decode_str(text)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| FieldError::new(path, "percent-decodes to invalid UTF-8"))
}

/// The labels of `path` under `template`, or `None` when the literal parts do not match.
#[cfg(feature = "server")]
fn match_path(template: &str, path: &str) -> Option<Result<Vec<(String, String)>, FieldError>> {
    let mut labels = Vec::new();
    let mut template = template;
    let mut path = path;
    loop {
        let Some(open) = template.find('{') else {
            return (template == path).then_some(Ok(labels));
        };
        path = path.strip_prefix(&template[..open])?;
        let after = &template[open + 1..];
        let close = after.find('}')?;
        let label = &after[..close];
        template = &after[close + 1..];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        let next_literal = template.split('{').next().unwrap_or_default();
        let end = if greedy {
            if next_literal.is_empty() {
                path.len()
            } else {
                path.rfind(next_literal)?
            }
        } else {
            let segment_end = path.find('/').unwrap_or(path.len());
            if next_literal.is_empty() || next_literal.starts_with('/') {
                segment_end
            } else {
                path[..segment_end].find(next_literal)?
            }
        };
        let raw = &path[..end];
        if raw.is_empty() {
            return None;
        }
        match decode(name, raw) {
            Ok(value) => labels.push((name.to_owned(), value)),
            Err(error) => return Some(Err(error)),
        }
        path = &path[end..];
    }
}

/// The input a request carries: `read` makes it from the request taken apart by the operation's
/// method and URI template; any problem is a [`RequestError`](crate::support::RequestError).
#[cfg(feature = "server")]
pub fn read_request<T>(
    request: &http::Request<Vec<u8>>,
    method: &str,
    template: &str,
    read: impl FnOnce(&IncomingRequest<'_>) -> Result<T, FieldError>,
) -> Result<T, crate::support::RequestError> {
    let request = IncomingRequest::parse(request, method, template)?;
    Ok(read(&request)?)
}
