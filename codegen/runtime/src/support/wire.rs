//! The restJson1 binding rules that every operation's `request`, `response`, `parse_request` and
//! `write_response` are written with: percent-encoding of labels and query strings, the text form
//! of values in paths, query strings and headers, timestamp formats, JSON bodies with errors that
//! name the member path, and the assembly of complete `http` requests and responses.
//!
//! The generated operations call these functions; they are public so that code written by hand
//! (a router, a test double) can follow the same rules.

use std::borrow::Cow;
use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue};
use http::{HeaderMap, Method};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{FieldError, MalformedResponse, OperationError, ResponseError, ServiceError};
use super::{Blob, Timestamp};

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is percent-encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A greedy label (`{Key+}`) keeps its `/`.
const UNRESERVED_AND_SLASH: &AsciiSet = &UNRESERVED.remove(b'/');

/// The media type of a JSON body.
pub const JSON: &str = "application/json";

// ---------------------------------------------------------------------------------------------
// Text forms of values.
// ---------------------------------------------------------------------------------------------

/// How a timestamp is written: a member's or shape's `timestampFormat`, or the default of where
/// it travels (ISO 8601 in a query string, an HTTP date in a header, epoch seconds in a JSON
/// body).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// `iso8601`: RFC 3339 in UTC, `2024-10-15T17:30:00Z`.
    DateTime,
    /// `rfc822`: an IMF-fixdate, `Tue, 15 Oct 2024 17:30:00 GMT`.
    HttpDate,
    /// `unixTimestamp`: seconds since the epoch, with milliseconds when there are any.
    EpochSeconds,
}

/// `timestamp` in `format`.
pub fn format_timestamp(timestamp: &Timestamp, format: TimestampFormat) -> String {
    match format {
        TimestampFormat::DateTime => timestamp.to_string(),
        TimestampFormat::HttpDate => jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(timestamp)
            .unwrap_or_else(|_| timestamp.to_string()),
        TimestampFormat::EpochSeconds => {
            let millis = timestamp.as_millisecond();
            let sign = if millis < 0 { "-" } else { "" };
            let abs = millis.unsigned_abs();
            let (seconds, fraction) = (abs / 1000, abs % 1000);
            if fraction == 0 {
                format!("{sign}{seconds}")
            } else {
                let digits = format!("{fraction:03}");
                format!("{sign}{seconds}.{}", digits.trim_end_matches('0'))
            }
        }
    }
}

/// Reads a timestamp written in `format`.
pub fn parse_timestamp(text: &str, format: TimestampFormat) -> Result<Timestamp, String> {
    match format {
        TimestampFormat::DateTime => text
            .parse::<Timestamp>()
            .map_err(|e| format!("expected an ISO 8601 timestamp: {e}")),
        TimestampFormat::HttpDate => jiff::fmt::rfc2822::DateTimeParser::new()
            .parse_timestamp(text)
            .map_err(|e| format!("expected an HTTP date: {e}")),
        TimestampFormat::EpochSeconds => parse_epoch_seconds(text),
    }
}

fn parse_epoch_seconds(text: &str) -> Result<Timestamp, String> {
    let bad = || format!("expected seconds since the epoch, found `{text}`");
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || fraction.len() > 9
    {
        return Err(bad());
    }
    let seconds: i64 = whole.parse().map_err(|_| bad())?;
    let nanos: i32 = format!("{fraction:0<9}").parse().map_err(|_| bad())?;
    let (seconds, nanos) = if negative {
        (-seconds, -nanos)
    } else {
        (seconds, nanos)
    };
    Timestamp::new(seconds, nanos).map_err(|e| format!("{}: {e}", bad()))
}

/// A value's text form in a URI, a query string or a header: strings as they are, numbers in
/// decimal (`NaN`, `Infinity`, `-Infinity` for floats), booleans as `true`/`false`, blobs in
/// base64. Enums use their `as_str` and `From<&str>`; timestamps [`format_timestamp`].
pub trait Text: Sized {
    /// The text form.
    fn to_text(&self) -> Cow<'_, str>;
    /// Reads the text form.
    fn from_text(text: &str) -> Result<Self, String>;
}

impl Text for String {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }

    fn from_text(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

impl Text for bool {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }

    fn from_text(text: &str) -> Result<Self, String> {
        match text {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(format!("expected `true` or `false`, found `{other}`")),
        }
    }
}

macro_rules! integer_text {
    ($($t:ty),*) => {$(
        impl Text for $t {
            fn to_text(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }

            fn from_text(text: &str) -> Result<Self, String> {
                text.parse().map_err(|_| {
                    format!("expected an integer of type {}, found `{text}`", stringify!($t))
                })
            }
        }
    )*};
}
integer_text!(i32, i64);

macro_rules! float_text {
    ($($t:ty),*) => {$(
        impl Text for $t {
            fn to_text(&self) -> Cow<'_, str> {
                Cow::Owned(if self.is_nan() {
                    "NaN".to_owned()
                } else if self.is_infinite() {
                    if *self > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
                } else {
                    self.to_string()
                })
            }

            fn from_text(text: &str) -> Result<Self, String> {
                match text {
                    "NaN" => Ok(<$t>::NAN),
                    "Infinity" => Ok(<$t>::INFINITY),
                    "-Infinity" => Ok(<$t>::NEG_INFINITY),
                    _ if text.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) => {
                        text.parse().map_err(|_| format!("expected a number, found `{text}`"))
                    }
                    _ => Err(format!("expected a number, found `{text}`")),
                }
            }
        }
    )*};
}
float_text!(f32, f64);

impl Text for Blob {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(STANDARD.encode(self.as_bytes()))
    }

    fn from_text(text: &str) -> Result<Self, String> {
        STANDARD
            .decode(text.as_bytes())
            .map(Blob::from)
            .map_err(|e| format!("expected base64: {e}"))
    }
}

/// A `jsonvalue` member's header form: the base64 of its JSON text.
pub fn encode_json_value(json: &str) -> String {
    STANDARD.encode(json.as_bytes())
}

/// Reads a `jsonvalue` header: base64 of JSON text.
pub fn decode_json_value(text: &str) -> Result<String, String> {
    let bytes = STANDARD
        .decode(text.as_bytes())
        .map_err(|e| format!("expected base64 of JSON: {e}"))?;
    let json = String::from_utf8(bytes).map_err(|_| "expected base64 of UTF-8 JSON".to_owned())?;
    serde_json::from_str::<serde::de::IgnoredAny>(&json)
        .map_err(|e| format!("expected base64 of JSON: {e}"))?;
    Ok(json)
}

/// `result` with its error placed at member path `path`.
pub fn at<T>(path: &str, result: Result<T, String>) -> Result<T, FieldError> {
    result.map_err(|message| FieldError::new(path, message))
}

/// A required value, or an error naming the missing member.
pub fn required<T>(path: &str, value: Option<T>) -> Result<T, FieldError> {
    value.ok_or_else(|| FieldError::new(path, "required member is missing"))
}

/// A fresh idempotency token: a random UUID version 4.
pub fn idempotency_token() -> String {
    uuid::Uuid::new_v4().to_string()
}

// ---------------------------------------------------------------------------------------------
// The URI.
// ---------------------------------------------------------------------------------------------

/// A request's path and query string, built from the operation's URI template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uri {
    text: String,
    has_query: bool,
}

impl Uri {
    /// The template's path with each `{label}` (or greedy `{label+}`) replaced by its
    /// percent-encoded value from `labels`, then the template's own query (`?x-id=Op`). A label
    /// with no value, or an empty one, is an error: the URI would point elsewhere.
    pub fn expand(template: &str, labels: &[(&str, &str)]) -> Result<Self, FieldError> {
        let (path, query) = template.split_once('?').unwrap_or((template, ""));
        let mut text = fill_labels(path, labels, |name, value, greedy| {
            if value.is_empty() {
                return Err(FieldError::new(name, "a URI label needs a non-empty value"));
            }
            let set = if greedy {
                UNRESERVED_AND_SLASH
            } else {
                UNRESERVED
            };
            Ok(utf8_percent_encode(value, set).to_string())
        })?;
        let has_query = !query.is_empty();
        if has_query {
            text.push('?');
            text.push_str(query);
        }
        Ok(Self { text, has_query })
    }

    /// Adds `name=value` to the query string, both percent-encoded.
    pub fn query(&mut self, name: &str, value: &str) {
        self.text.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        self.text.extend(utf8_percent_encode(name, UNRESERVED));
        self.text.push('=');
        self.text.extend(utf8_percent_encode(value, UNRESERVED));
    }

    /// The path and query string.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// The host prefix of an operation (`{AccountId}.data.`), labels filled in, carried in the
/// request's extensions for the client that adds the host.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HostPrefix(pub String);

/// Fills the labels of a host prefix template; a value that is not a valid host label is an
/// error.
pub fn host_prefix(template: &str, labels: &[(&str, &str)]) -> Result<HostPrefix, FieldError> {
    fill_labels(template, labels, |name, value, _| {
        let valid = !value.is_empty()
            && value.len() <= 63
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !value.starts_with('-');
        if valid {
            Ok(value.to_owned())
        } else {
            Err(FieldError::new(
                name,
                format!("`{value}` is not a valid host label"),
            ))
        }
    })
    .map(HostPrefix)
}

/// `template` with each `{name}` or `{name+}` replaced by `fill(name, value, greedy)`, the value
/// taken from `labels` (empty when absent).
fn fill_labels(
    template: &str,
    labels: &[(&str, &str)],
    fill: impl Fn(&str, &str, bool) -> Result<String, FieldError>,
) -> Result<String, FieldError> {
    let mut text = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| FieldError::new("uri", "unclosed label in the template"))?;
        let label = &after[..close];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        let value = labels
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .unwrap_or_default();
        text.push_str(&fill(name, value, greedy)?);
        rest = &after[close + 1..];
    }
    text.push_str(rest);
    Ok(text)
}

// ---------------------------------------------------------------------------------------------
// Headers.
// ---------------------------------------------------------------------------------------------

/// The headers of a request or response being built.
#[derive(Debug, Clone, Default)]
pub struct Headers(HeaderMap);

impl Headers {
    /// No headers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets header `name` to `value`; `path` names the member for the error when HTTP cannot carry
    /// the name or value.
    pub fn insert(&mut self, path: &str, name: &str, value: &str) -> Result<(), FieldError> {
        let name = HeaderName::try_from(name)
            .map_err(|_| FieldError::new(path, format!("`{name}` is not a valid header name")))?;
        let value = HeaderValue::try_from(value)
            .map_err(|_| FieldError::new(path, "the value cannot be sent in an HTTP header"))?;
        self.0.insert(name, value);
        Ok(())
    }

    /// Sets header `name` to a list: values joined with `, `, each quoted (with `"` and `\`
    /// escaped) when it holds a comma or a double quote. HTTP dates are not quoted.
    pub fn insert_list(
        &mut self,
        path: &str,
        name: &str,
        values: impl IntoIterator<Item = impl AsRef<str>>,
        quote: bool,
    ) -> Result<(), FieldError> {
        let mut joined = String::new();
        for (index, value) in values.into_iter().enumerate() {
            let value = value.as_ref();
            if index > 0 {
                joined.push_str(", ");
            }
            if quote && (value.contains(',') || value.contains('"')) {
                joined.push('"');
                for c in value.chars() {
                    if matches!(c, '"' | '\\') {
                        joined.push('\\');
                    }
                    joined.push(c);
                }
                joined.push('"');
            } else {
                joined.push_str(value);
            }
        }
        self.insert(path, name, &joined)
    }
}

/// The text of header `name`, if present; an error when it is not text or is given more than
/// once.
pub fn header<'h>(
    headers: &'h HeaderMap,
    path: &str,
    name: &str,
) -> Result<Option<&'h str>, FieldError> {
    let mut values = headers.get_all(name).iter();
    let Some(first) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(FieldError::new(
            path,
            format!("header `{name}` is given more than once"),
        ));
    }
    first
        .to_str()
        .map(Some)
        .map_err(|_| FieldError::new(path, format!("header `{name}` is not text")))
}

/// The items of a list header, over every line it is given on: split at commas outside
/// quotes, quoted items unescaped. With `http_dates`, items are HTTP dates, which hold a comma
/// of their own and are not quoted.
pub fn header_list(
    headers: &HeaderMap,
    path: &str,
    name: &str,
    http_dates: bool,
) -> Result<Option<Vec<String>>, FieldError> {
    let mut items = Vec::new();
    let mut seen = false;
    for value in headers.get_all(name) {
        seen = true;
        let text = value
            .to_str()
            .map_err(|_| FieldError::new(path, format!("header `{name}` is not text")))?;
        if http_dates {
            let parts: Vec<&str> = text.split(',').map(str::trim).collect();
            if !parts.len().is_multiple_of(2) {
                return Err(FieldError::new(
                    path,
                    format!("header `{name}` is not a list of HTTP dates"),
                ));
            }
            for pair in parts.chunks(2) {
                items.push(format!("{}, {}", pair[0], pair[1]));
            }
        } else {
            split_list(text, &mut items).map_err(|m| FieldError::new(path, m))?;
        }
    }
    Ok(seen.then_some(items))
}

fn split_list(text: &str, items: &mut Vec<String>) -> Result<(), String> {
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        let mut item = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('\\') => match chars.next() {
                        Some(c) => item.push(c),
                        None => return Err("unterminated quoted item in a list header".to_owned()),
                    },
                    Some('"') => break,
                    Some(c) => item.push(c),
                    None => return Err("unterminated quoted item in a list header".to_owned()),
                }
            }
            while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                chars.next();
            }
            match chars.next() {
                None => {
                    items.push(item);
                    return Ok(());
                }
                Some(',') => items.push(item),
                Some(c) => return Err(format!("unexpected `{c}` after a quoted item")),
            }
        } else {
            for c in chars.by_ref() {
                if c == ',' {
                    break;
                }
                item.push(c);
            }
            items.push(item.trim_end().to_owned());
            if chars.peek().is_none() {
                return Ok(());
            }
        }
    }
}

/// The headers whose names start with `prefix` (case-insensitively), keyed by the rest of the
/// name (lower case, as HTTP/2 and the `http` crate give header names).
pub fn prefixed_headers(
    headers: &HeaderMap,
    path: &str,
    prefix: &str,
) -> Result<Option<BTreeMap<String, String>>, FieldError> {
    let prefix = prefix.to_ascii_lowercase();
    let mut map = BTreeMap::new();
    for (name, value) in headers {
        if let Some(key) = name.as_str().strip_prefix(&prefix) {
            let value = value
                .to_str()
                .map_err(|_| FieldError::new(path, format!("header `{name}` is not text")))?;
            map.insert(key.to_owned(), value.to_owned());
        }
    }
    Ok((!map.is_empty()).then_some(map))
}

// ---------------------------------------------------------------------------------------------
// Bodies.
// ---------------------------------------------------------------------------------------------

/// What a message's body holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Nothing: no `Content-Type`.
    Empty,
    /// A JSON document: `application/json`.
    Json(Vec<u8>),
    /// A raw blob payload: `application/octet-stream`.
    Blob(Vec<u8>),
    /// A string payload: `text/plain; charset=utf-8`.
    Text(String),
}

impl Body {
    fn into_parts(self) -> (Option<&'static str>, Vec<u8>) {
        match self {
            Body::Empty => (None, Vec::new()),
            Body::Json(bytes) => (Some(JSON), bytes),
            Body::Blob(bytes) => (Some("application/octet-stream"), bytes),
            Body::Text(text) => (Some("text/plain; charset=utf-8"), text.into_bytes()),
        }
    }
}

/// `value` as a JSON body.
pub fn json_body<T: Serialize + ?Sized>(value: &T) -> Result<Body, FieldError> {
    serde_json::to_vec(value)
        .map(Body::Json)
        .map_err(|e| FieldError::new("body", e.to_string()))
}

/// A JSON object written member by member, for bodies that hold only some of a structure's
/// members (the others travel in the URI or headers).
#[derive(Debug, Default)]
pub struct JsonObject {
    bytes: Vec<u8>,
}

impl JsonObject {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes member `name`.
    pub fn member<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), FieldError> {
        self.bytes
            .push(if self.bytes.is_empty() { b'{' } else { b',' });
        let write = |bytes: &mut Vec<u8>| -> Result<(), serde_json::Error> {
            serde_json::to_writer(&mut *bytes, name)?;
            bytes.push(b':');
            serde_json::to_writer(&mut *bytes, value)
        };
        write(&mut self.bytes).map_err(|e| FieldError::new(name, e.to_string()))
    }

    /// The object as a body.
    pub fn finish(mut self) -> Body {
        if self.bytes.is_empty() {
            self.bytes.extend_from_slice(b"{}");
        } else {
            self.bytes.push(b'}');
        }
        Body::Json(self.bytes)
    }
}

/// Reads a JSON document into `T`; an empty body reads as `{}`. An error names the member path
/// where reading stopped (`channel.tags.team`).
pub fn read_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, FieldError> {
    let bytes = if bytes.is_empty() { b"{}" } else { bytes };
    serde_json::from_slice(bytes).map_err(|error| {
        let path = if error.line() == 0 {
            "body".to_owned()
        } else {
            json_path_at(bytes, error.line(), error.column())
        };
        FieldError::new(path, json_message(&error))
    })
}

/// The member path (`channel.tags.team`, `items[2]`) at a position of a JSON document (where a
/// parser stopped: 1-based line, and column in bytes), by scanning the document up to there;
/// `body` at the top. At the `}` that ends an object (where a missing member is noticed), the
/// path of that object.
fn json_path_at(bytes: &[u8], line: usize, column: usize) -> String {
    enum Frame {
        Object {
            key: Option<String>,
            expecting_key: bool,
        },
        Array {
            index: usize,
        },
    }
    fn render(stack: &[Frame]) -> String {
        let mut path = String::new();
        for frame in stack {
            match frame {
                Frame::Object { key: Some(key), .. } => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Frame::Object { key: None, .. } => {}
                Frame::Array { index } => path.push_str(&format!("[{index}]")),
            }
        }
        path
    }
    let line_start: usize = bytes
        .split(|b| *b == b'\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum();
    let end = (line_start + column).min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut closed = String::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                closed = render(&stack);
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object {
                    key,
                    expecting_key: true,
                }) = stack.last_mut()
                {
                    *key = Some(
                        String::from_utf8_lossy(&bytes[start..i.min(bytes.len())]).into_owned(),
                    );
                }
            }
            _ => {}
        }
        i += 1;
    }
    let ended_object = end > 0 && bytes[end - 1] == b'}';
    let path = if ended_object { closed } else { render(&stack) };
    if path.is_empty() {
        "body".to_owned()
    } else {
        path
    }
}

/// A JSON error's message without its position, which the member path replaces.
fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match text.strip_suffix(&position) {
        Some(message) if error.line() > 0 => message.to_owned(),
        _ => text,
    }
}

/// A JSON object read member by member, for bodies that hold only some of a structure's
/// members.
#[derive(Debug)]
pub struct JsonMembers(serde_json::Map<String, serde_json::Value>);

impl JsonMembers {
    /// Reads a body that must be a JSON object (empty reads as `{}`).
    pub fn parse(bytes: &[u8]) -> Result<Self, FieldError> {
        read_json(bytes).map(Self)
    }

    /// Takes member `name`, if present and not `null`.
    pub fn take<T: DeserializeOwned>(&mut self, name: &str) -> Result<Option<T>, FieldError> {
        match self.0.remove(name) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(value) => T::deserialize(value)
                .map(Some)
                .map_err(|error| FieldError::new(name, json_message(&error))),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Whole messages.
// ---------------------------------------------------------------------------------------------

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
    let has_payload_semantics = matches!(method, Method::POST | Method::PUT | Method::PATCH);
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
pub fn unwritable(error: &FieldError) -> http::Response<Vec<u8>> {
    error_response(
        &ServiceError::new(500, "InternalFailure").with_message(error.to_string()),
        Vec::new(),
    )
}

/// An error response: status, `X-Amzn-ErrorType`, `x-amzn-RequestId`, and `body` as JSON.
pub fn error_response(error: &ServiceError, body: Vec<u8>) -> http::Response<Vec<u8>> {
    let mut headers = Headers::new();
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
    let status = response.status();
    if !status.is_success() {
        return Err(ResponseError::Service(E::from(
            ServiceError::from_response(response),
        )));
    }
    read(response)
        .map_err(|error| ResponseError::Malformed(MalformedResponse::new(status.as_u16(), error)))
}

/// A request taken apart by its operation's URI template: the labels and query parameters
/// percent-decoded, with the headers and the body.
#[derive(Debug)]
pub struct IncomingRequest<'r> {
    labels: Vec<(String, String)>,
    query: Vec<(String, String)>,
    /// The request's headers.
    pub headers: &'r HeaderMap,
    /// The request's body.
    pub body: &'r [u8],
}

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

    /// The query parameters not bound to another member (`bound`) and not fixed by the
    /// template, for a member that takes the rest as a map: each name with its values.
    pub fn query_rest(
        &self,
        bound: &[&str],
        template: &str,
    ) -> Option<BTreeMap<String, Vec<String>>> {
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
            if !bound.contains(&name.as_str()) && !fixed.contains(&name.as_str()) {
                map.entry(name.clone()).or_default().push(value.clone());
            }
        }
        (!map.is_empty()).then_some(map)
    }
}

fn decode(path: &str, text: &str) -> Result<String, FieldError> {
    percent_decode_str(text)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| FieldError::new(path, "percent-decodes to invalid UTF-8"))
}

/// The labels of `path` under `template`, or `None` when the literal parts do not match.
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

/// The maps a `querystring` map member spreads: a value of text or of a list of texts.
pub trait QueryValues {
    /// The query values of one key.
    fn query_values(&self) -> Vec<Cow<'_, str>>;
}

impl QueryValues for String {
    fn query_values(&self) -> Vec<Cow<'_, str>> {
        vec![Cow::Borrowed(self)]
    }
}

impl QueryValues for Vec<String> {
    fn query_values(&self) -> Vec<Cow<'_, str>> {
        self.iter().map(|v| Cow::Borrowed(v.as_str())).collect()
    }
}

/// A string payload's body as text.
pub fn text_payload(body: &[u8]) -> Result<Option<String>, String> {
    if body.is_empty() {
        return Ok(None);
    }
    String::from_utf8(body.to_vec())
        .map(Some)
        .map_err(|_| "the body is not UTF-8 text".to_owned())
}

/// A timestamp written in a JSON body in a given format: epoch seconds as a number, the others as
/// strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimestampAs<'a>(pub &'a Timestamp, pub TimestampFormat);

impl Serialize for TimestampAs<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.1 {
            TimestampFormat::EpochSeconds => {
                let millis = self.0.as_millisecond();
                if millis % 1000 == 0 {
                    serializer.serialize_i64(millis / 1000)
                } else {
                    serializer.serialize_f64(millis as f64 / 1000.0)
                }
            }
            format => serializer.serialize_str(&format_timestamp(self.0, format)),
        }
    }
}

/// Reads a timestamp from a JSON value in `format`: epoch seconds may be a number or a string.
pub fn timestamp_from_json(
    value: &serde_json::Value,
    format: TimestampFormat,
) -> Result<Timestamp, String> {
    match (value, format) {
        (serde_json::Value::Number(number), TimestampFormat::EpochSeconds) => {
            parse_timestamp(&number.to_string(), format)
        }
        (serde_json::Value::String(text), _) => parse_timestamp(text, format),
        (other, _) => Err(format!("expected a timestamp, found {other}")),
    }
}

impl JsonMembers {
    /// Takes timestamp member `name`, written in `format`.
    pub fn take_timestamp(
        &mut self,
        name: &str,
        format: TimestampFormat,
    ) -> Result<Option<Timestamp>, FieldError> {
        match self.0.remove(name) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(value) => at(name, timestamp_from_json(&value, format)).map(Some),
        }
    }
}

/// The serde form of timestamps in JSON documents, for members whose format is not ISO 8601
/// (`#[serde(with = "...")]`).
pub mod timestamp_serde {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{Timestamp, TimestampAs, TimestampFormat, timestamp_from_json};

    fn write<S: Serializer>(
        value: &Timestamp,
        format: TimestampFormat,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        TimestampAs(value, format).serialize(serializer)
    }

    fn read<'de, D: Deserializer<'de>>(
        format: TimestampFormat,
        deserializer: D,
    ) -> Result<Timestamp, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        timestamp_from_json(&value, format).map_err(D::Error::custom)
    }

    fn write_list<S: Serializer>(
        values: &[Timestamp],
        format: TimestampFormat,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(values.iter().map(|value| TimestampAs(value, format)))
    }

    fn read_list(
        values: Vec<serde_json::Value>,
        format: TimestampFormat,
    ) -> Result<Vec<Timestamp>, String> {
        values
            .iter()
            .map(|value| timestamp_from_json(value, format))
            .collect()
    }

    macro_rules! format_module {
        ($name:ident, $option:ident, $list:ident, $list_option:ident, $format:expr, $doc:literal) => {
            #[doc = $doc]
            pub mod $name {
                use super::*;

                /// Writes the timestamp.
                pub fn serialize<S: Serializer>(
                    value: &Timestamp,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    write(value, $format, serializer)
                }

                /// Reads the timestamp.
                pub fn deserialize<'de, D: Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Timestamp, D::Error> {
                    read($format, deserializer)
                }
            }

            #[doc = $doc]
            /// For an optional member.
            pub mod $option {
                use super::*;

                /// Writes the timestamp, if any.
                pub fn serialize<S: Serializer>(
                    value: &Option<Timestamp>,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    match value {
                        Some(value) => write(value, $format, serializer),
                        None => serializer.serialize_none(),
                    }
                }

                /// Reads the timestamp, if any.
                pub fn deserialize<'de, D: Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Option<Timestamp>, D::Error> {
                    match Option::<serde_json::Value>::deserialize(deserializer)? {
                        None | Some(serde_json::Value::Null) => Ok(None),
                        Some(value) => timestamp_from_json(&value, $format)
                            .map(Some)
                            .map_err(D::Error::custom),
                    }
                }
            }

            #[doc = $doc]
            /// For a list.
            pub mod $list {
                use super::*;

                /// Writes the timestamps.
                pub fn serialize<S: Serializer>(
                    values: &[Timestamp],
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    write_list(values, $format, serializer)
                }

                /// Reads the timestamps.
                pub fn deserialize<'de, D: Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Vec<Timestamp>, D::Error> {
                    read_list(Vec::deserialize(deserializer)?, $format).map_err(D::Error::custom)
                }
            }

            #[doc = $doc]
            /// For an optional list.
            pub mod $list_option {
                use super::*;

                /// Writes the timestamps, if any.
                pub fn serialize<S: Serializer>(
                    values: &Option<Vec<Timestamp>>,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    match values {
                        Some(values) => write_list(values, $format, serializer),
                        None => serializer.serialize_none(),
                    }
                }

                /// Reads the timestamps, if any.
                pub fn deserialize<'de, D: Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Option<Vec<Timestamp>>, D::Error> {
                    match Option::<Vec<serde_json::Value>>::deserialize(deserializer)? {
                        None => Ok(None),
                        Some(values) => read_list(values, $format)
                            .map(Some)
                            .map_err(D::Error::custom),
                    }
                }
            }
        };
    }

    format_module!(
        epoch_seconds,
        epoch_seconds_option,
        epoch_seconds_list,
        epoch_seconds_list_option,
        TimestampFormat::EpochSeconds,
        "Seconds since the epoch, as a JSON number."
    );
    format_module!(
        http_date,
        http_date_option,
        http_date_list,
        http_date_list_option,
        TimestampFormat::HttpDate,
        "An HTTP date, as a JSON string."
    );
}

/// An error enum's variant for `error`: `found` with the exception of type `T` read from its
/// body, or `unhandled` when the body is not one.
#[inline]
pub fn exception<T: DeserializeOwned, E>(
    error: ServiceError,
    found: fn(T, ServiceError) -> E,
    unhandled: fn(ServiceError) -> E,
) -> E {
    match read_json::<T>(error.body()) {
        Ok(exception) => found(exception, error),
        Err(_) => unhandled(error),
    }
}

/// The JSON document of `value`; empty when it cannot be written (which the generated types
/// cannot cause).
pub fn json_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// The input a request carries: `read` makes it from the request taken apart by the operation's
/// method and URI template; any problem is a [`RequestError`](super::RequestError).
pub fn read_request<T>(
    request: &http::Request<Vec<u8>>,
    method: &str,
    template: &str,
    read: impl FnOnce(&IncomingRequest<'_>) -> Result<T, FieldError>,
) -> Result<T, super::RequestError> {
    let request = IncomingRequest::parse(request, method, template)?;
    Ok(read(&request)?)
}

/// Checks that header `name` is given once with `expected` (awsJson's `X-Amz-Target`, which names
/// the operation a request is for).
pub fn expect_header(headers: &HeaderMap, name: &str, expected: &str) -> Result<(), FieldError> {
    match header(headers, name, name)? {
        Some(value) if value == expected => Ok(()),
        Some(value) => Err(FieldError::new(
            name,
            format!("expected `{expected}`, found `{value}`"),
        )),
        None => Err(FieldError::new(
            name,
            format!("expected `{expected}`, found none"),
        )),
    }
}
