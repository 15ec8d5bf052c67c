//! Events of an event stream as the generated unions: a message read as the event, modeled
//! exception or error it carries (`:message-type`), and an event written as its message, by the
//! rules of the JSON protocols (a structure's members in a JSON payload, `eventheader` members in
//! headers, an `eventpayload` member as the whole payload).
//!
//! [`EventReader`] takes a response body in chunks, however they are split, and gives the events
//! they complete; the framing is [`event_stream`](crate::support::event_stream)'s. Each message
//! is read in place (a [`Frame`]), so that reading an event allocates only what its value holds.

use std::marker::PhantomData;

use crate::support::Blob;
use crate::support::Timestamp;
use crate::support::error::FieldError;
use crate::support::event_stream::{
    Decoder, Frame, FrameError, HeaderValue, HeaderValueRef, Message,
};

/// A union of the events (and modeled exceptions) of an event stream, as the generated code
/// reads and writes it.
pub trait EventUnion: Sized {
    /// The event `message` carries as its `:event-type` `event_type`; a type the model does not
    /// know is the union's `Unknown`, kept with its payload.
    fn read_event(event_type: &str, message: &Frame<'_>) -> Result<Self, FieldError>;

    /// The modeled exception `message` carries as its `:exception-type` `exception_type`, if the
    /// union has it.
    fn read_exception(
        exception_type: &str,
        message: &Frame<'_>,
    ) -> Option<Result<Self, FieldError>>;

    /// The message that carries `self`.
    fn write_event(&self) -> Result<Message, FieldError>;
}

/// Why a stream gives no event where one was due.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventError {
    /// The bytes are not a stream of messages (a bad checksum, a length out of bounds, a stream
    /// that stops inside a message).
    Frame(FrameError),
    /// A message whose headers or payload do not read as the event they name.
    Malformed(FieldError),
    /// The connection failed while the stream was arriving (the client's event streams).
    Transport(String),
    /// An error the service sent in place of an event (`:message-type` `error`, or an
    /// exception the model does not list for the stream).
    Service {
        /// `:error-code` (or `:exception-type`).
        code: String,
        /// `:error-message`, or the exception's payload as text.
        message: Option<String>,
    },
}

impl std::fmt::Display for EventError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Frame(error) => write!(f, "event stream: {error}"),
            Self::Malformed(error) => write!(f, "event stream: a malformed event: {error}"),
            Self::Transport(error) => write!(f, "event stream: {error}"),
            Self::Service { code, message } => {
                write!(f, "event stream: the service sent error `{code}`")?;
                match message {
                    Some(message) => write!(f, ": {message}"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl std::error::Error for EventError {}

/// The text of header `name` of `message`, if it is a string.
pub fn message_header<'m>(message: &Frame<'m>, name: &str) -> Option<&'m str> {
    message.header(name).and_then(|value| value.as_str())
}

/// The text of header `name`, whose value `value` is, which the message must have as a string.
fn type_header<'m>(value: Option<HeaderValueRef<'m>>, name: &str) -> Result<&'m str, FieldError> {
    match value {
        Some(value) => value.as_str().ok_or_else(|| {
            FieldError::new(
                name,
                format!("a header of type {}, not a string", value.type_byte()),
            )
        }),
        None => Err(FieldError::new(
            name,
            format!("the message has no `{name}` header"),
        )),
    }
}

/// What `message` carries: an event or a modeled exception of `E`, an error, or nothing for a
/// message that is not an event (the `initial-response` of the JSON protocols, whose members the
/// response's other parts carry). A message without its `:message-type`, or without the
/// `:event-type` or `:exception-type` that names what it carries, or with one that is not a
/// string, is malformed.
pub fn read_message<E: EventUnion>(message: &Frame<'_>) -> Option<Result<E, EventError>> {
    let header = |name: &str| message_header(message, name);
    let malformed = |error| Some(Err(EventError::Malformed(error)));
    // The headers every message is read by, in one pass.
    let [kind, event_type, exception_type] =
        message.header_values([":message-type", ":event-type", ":exception-type"]);
    let kind = match type_header(kind, ":message-type") {
        Ok(kind) => kind,
        Err(error) => return malformed(error),
    };
    match kind {
        "event" => {
            let event_type = match type_header(event_type, ":event-type") {
                Ok(event_type) => event_type,
                Err(error) => return malformed(error),
            };
            if event_type == "initial-response" {
                return None;
            }
            Some(E::read_event(event_type, message).map_err(EventError::Malformed))
        }
        "exception" => {
            let exception_type = match type_header(exception_type, ":exception-type") {
                Ok(exception_type) => exception_type,
                Err(error) => return malformed(error),
            };
            Some(match E::read_exception(exception_type, message) {
                Some(read) => read.map_err(EventError::Malformed),
                None => Err(EventError::Service {
                    code: exception_type.to_owned(),
                    message: Some(String::from_utf8_lossy(message.payload()).into_owned()),
                }),
            })
        }
        "error" => Some(Err(EventError::Service {
            code: header(":error-code").unwrap_or_default().to_owned(),
            message: header(":error-message").map(str::to_owned),
        })),
        other => malformed(FieldError::new(
            ":message-type",
            format!("`{other}` is not event, exception or error"),
        )),
    }
}

/// Reads the events of a stream from its bytes, chunk by chunk.
#[derive(Debug)]
pub struct EventReader<E> {
    decoder: Decoder,
    events: PhantomData<fn() -> E>,
}

impl<E> Default for EventReader<E> {
    fn default() -> Self {
        Self {
            decoder: Decoder::new(),
            events: PhantomData,
        }
    }
}

impl<E: EventUnion> EventReader<E> {
    /// A reader at the start of a stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// The events the stream's next bytes, `chunk`, complete, in order. After a framing error
    /// the reader gives that error again and nothing more.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<Result<E, EventError>> {
        let mut events = Vec::new();
        self.push_each(chunk, |event| events.push(event));
        events
    }

    /// [`push`](Self::push) without the `Vec`: each event `chunk` completes, in order, given to
    /// `each` as it is read. After a framing error the reader gives that error again and
    /// nothing more.
    pub fn push_each(&mut self, chunk: &[u8], mut each: impl FnMut(Result<E, EventError>)) {
        let mut input = chunk;
        while let Some(event) = self.next_event(&mut input) {
            let framing = matches!(event, Err(EventError::Frame(_)));
            each(event);
            if framing {
                return;
            }
        }
    }

    /// The next event of `input`, the stream's bytes not yet read, advancing `input` past the
    /// messages read; `None` once `input` is exhausted without completing one (the bytes of a
    /// message it began are kept for the next chunk). After a framing error, that error again.
    pub fn next_event(&mut self, input: &mut &[u8]) -> Option<Result<E, EventError>> {
        loop {
            match self.decoder.next_frame(input) {
                Ok(Some(frame)) => {
                    if let Some(event) = read_message(&frame) {
                        return Some(event);
                    }
                }
                Ok(None) => return None,
                Err(error) => return Some(Err(EventError::Frame(error))),
            }
        }
    }

    /// Ends the stream: an error when it stopped inside a message.
    pub fn finish(self) -> Result<(), EventError> {
        self.decoder.finish().map_err(EventError::Frame)
    }
}

/// Every event of a whole stream, `bytes`, in order; a stream that stops inside a message ends
/// with that error.
pub fn read_events<E: EventUnion>(bytes: &[u8]) -> Vec<Result<E, EventError>> {
    let mut reader = EventReader::new();
    let mut events = reader.push(bytes);
    let framing_failed = events
        .iter()
        .any(|event| matches!(event, Err(EventError::Frame(_))));
    if let (Err(error), false) = (reader.finish(), framing_failed) {
        events.push(Err(error));
    }
    events
}

/// A message of `:message-type` `kind` (`event` or `exception`), named `name` in `:event-type`
/// or `:exception-type`, with `payload` of `content_type`.
pub fn event_message(
    kind: &str,
    name: &str,
    content_type: Option<&str>,
    payload: Vec<u8>,
) -> Message {
    let type_header = if kind == "exception" {
        ":exception-type"
    } else {
        ":event-type"
    };
    let message = Message::new(payload)
        .header(":message-type", HeaderValue::String(kind.to_owned()))
        .header(type_header, HeaderValue::String(name.to_owned()));
    match content_type {
        Some(content_type) => message.header(
            ":content-type",
            HeaderValue::String(content_type.to_owned()),
        ),
        None => message,
    }
}

/// A value an event's member carries in a header of its message (`eventheader`).
pub trait EventHeader: Sized {
    /// The value, or what is wrong with `value`.
    fn from_header(value: HeaderValueRef<'_>) -> Result<Self, String>;
    /// The header value that carries `self`.
    fn to_header(&self) -> HeaderValue;
}

macro_rules! event_header {
    ($($t:ty => $variant:ident),* $(,)?) => {
        $(impl EventHeader for $t {
            fn from_header(value: HeaderValueRef<'_>) -> Result<Self, String> {
                match value {
                    HeaderValueRef::$variant(v) => Ok(v.into()),
                    other => Err(format!(
                        "expected a {} header, found type {}",
                        stringify!($variant),
                        other.type_byte()
                    )),
                }
            }
            fn to_header(&self) -> HeaderValue {
                HeaderValue::$variant(self.clone())
            }
        })*
    };
}

event_header!(bool => Bool, i8 => Byte, i16 => Short, i32 => Int, i64 => Long, String => String);

impl EventHeader for Blob {
    fn from_header(value: HeaderValueRef<'_>) -> Result<Self, String> {
        match value {
            HeaderValueRef::ByteArray(bytes) => Ok(Blob::from(bytes.to_vec())),
            other => Err(format!(
                "expected a bytes header, found type {}",
                other.type_byte()
            )),
        }
    }
    fn to_header(&self) -> HeaderValue {
        HeaderValue::ByteArray(self.as_bytes().to_vec())
    }
}

impl EventHeader for Timestamp {
    fn from_header(value: HeaderValueRef<'_>) -> Result<Self, String> {
        match value {
            HeaderValueRef::Timestamp(millis) => {
                Timestamp::from_millisecond(millis).map_err(|e| e.to_string())
            }
            other => Err(format!(
                "expected a timestamp header, found type {}",
                other.type_byte()
            )),
        }
    }
    fn to_header(&self) -> HeaderValue {
        HeaderValue::Timestamp(self.as_millisecond())
    }
}

/// An event's JSON payload: an empty one holds no member, and reads as `{}`.
pub fn json_payload(payload: &[u8]) -> &[u8] {
    if payload.is_empty() { b"{}" } else { payload }
}

/// An event of a type the model does not know, kept as the union's `Unknown` with its payload:
/// its JSON, or its text where it is not JSON.
pub fn unknown_event(event_type: &str, payload: &[u8]) -> crate::support::UnknownMember {
    let value = serde_json::from_slice(payload).unwrap_or_else(|_| {
        crate::support::Document::String(String::from_utf8_lossy(payload).into_owned())
    });
    crate::support::UnknownMember::new(event_type.to_owned(), value)
}

/// Member `name`'s value from its header, if the message has it.
pub fn event_header<T: EventHeader>(
    message: &Frame<'_>,
    name: &str,
) -> Result<Option<T>, FieldError> {
    message
        .header(name)
        .map(|value| T::from_header(value).map_err(|e| FieldError::new(name, e)))
        .transpose()
}
