//! Bodies: JSON documents with errors that name the member path, timestamps in JSON, text
//! payloads and modeled exceptions.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::float_serde::JsonFloats;
use super::text::{TimestampFormat, at, format_timestamp, parse_timestamp};
use crate::support::Timestamp;
use crate::support::error::{FieldError, ServiceError};

/// The media type of a JSON body.
pub const JSON: &str = "application/json";

/// What a message's body holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Nothing: no `Content-Type`.
    Empty,
    /// A JSON document: `application/json`.
    Json(Vec<u8>),
    /// A raw blob payload: `application/octet-stream`.
    Blob(Vec<u8>),
    /// A string or enum payload: `text/plain` (restJson1 names no charset; the text is UTF-8).
    Text(String),
    /// A form-encoded query body: `application/x-www-form-urlencoded; charset=utf-8`.
    Form(Vec<u8>),
    /// An XML document: `application/xml`.
    Xml(Vec<u8>),
    /// A stream of events, sent after the request's head as they come (`application/vnd.amazon.eventstream`):
    /// no bytes here, and no `Content-Length`.
    Events,
}

impl Body {
    /// The bytes the body sends.
    pub fn bytes(&self) -> &[u8] {
        match self {
            Body::Empty | Body::Events => &[],
            Body::Json(bytes) | Body::Blob(bytes) | Body::Form(bytes) | Body::Xml(bytes) => bytes,
            Body::Text(text) => text.as_bytes(),
        }
    }

    pub(super) fn into_parts(self) -> (Option<&'static str>, Vec<u8>) {
        match self {
            Body::Empty => (None, Vec::new()),
            Body::Json(bytes) => (Some(JSON), bytes),
            Body::Blob(bytes) => (Some("application/octet-stream"), bytes),
            Body::Text(text) => (Some("text/plain"), text.into_bytes()),
            Body::Form(bytes) => (Some(super::query::FORM_URLENCODED), bytes),
            Body::Xml(bytes) => (Some("application/xml"), bytes),
            Body::Events => (Some(EVENT_STREAM), Vec::new()),
        }
    }
}

/// The media type of a stream of events.
pub const EVENT_STREAM: &str = "application/vnd.amazon.eventstream";

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
        self.take_with(name, T::deserialize)
    }

    /// Takes member `name`, if present and not `null`, read by `read`.
    fn take_with<T>(
        &mut self,
        name: &str,
        read: impl FnOnce(serde_json::Value) -> Result<T, serde_json::Error>,
    ) -> Result<Option<T>, FieldError> {
        match self.0.remove(name) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(value) => read(value)
                .map(Some)
                .map_err(|error| FieldError::new(name, json_message(&error))),
        }
    }
}

impl JsonMembers {
    /// Takes member `name`, which holds floats (a float, or a list or map of them): a
    /// non-finite float is one of the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    pub fn take_floats<T: JsonFloats>(&mut self, name: &str) -> Result<Option<T>, FieldError> {
        self.take_with(name, T::read)
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

/// An error enum's variant for `error`: `found` with the exception of type `T` read from its
/// body, or `unhandled` when the body is not one.
#[inline]
pub fn exception<T: DeserializeOwned, E>(
    error: ServiceError,
    found: fn(T, ServiceError) -> E,
    unhandled: fn(ServiceError) -> E,
) -> E {
    exception_with(
        error,
        |error| read_json::<T>(error.body()),
        found,
        unhandled,
    )
}

/// As [`exception`], with the exception read by `read` (for an exception with members bound to
/// the error's headers).
#[inline]
pub fn exception_with<T, E>(
    error: ServiceError,
    read: impl FnOnce(&ServiceError) -> Result<T, FieldError>,
    found: fn(T, ServiceError) -> E,
    unhandled: fn(ServiceError) -> E,
) -> E {
    match read(&error) {
        Ok(exception) => found(exception, error),
        Err(_) => unhandled(error),
    }
}

/// The JSON document of `value`; empty when it cannot be written (which the generated types
/// cannot cause).
pub fn json_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// The JSON object of an exception without its members `keys` (those a message carries
/// elsewhere, in headers); empty when there is none or it cannot be written.
#[cfg(feature = "server")]
pub fn json_bytes_without<T: Serialize + ?Sized>(exception: Option<&T>, keys: &[&str]) -> Vec<u8> {
    let Some(exception) = exception else {
        return Vec::new();
    };
    match serde_json::to_value(exception) {
        Ok(serde_json::Value::Object(mut object)) => {
            for key in keys {
                object.remove(*key);
            }
            serde_json::to_vec(&object).unwrap_or_default()
        }
        Ok(other) => serde_json::to_vec(&other).unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

/// The exception of an error read as none the model lists: `write_error`'s `None::<&NoException>`,
/// written as nothing in every codec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoException;
