//! The framing of `application/vnd.amazon.eventstream`, the binary encoding of event streams, with
//! no I/O: [`encode`] writes a [`Message`] as bytes, [`decode`] reads one whole message, and a
//! [`Decoder`] reads messages from bytes that arrive in chunks split anywhere, in place as
//! [`Frame`]s borrowed from those bytes or as owned [`Message`]s.
//!
//! A message on the wire, every integer big-endian:
//!
//! ```text
//! total length (u32) | headers length (u32) | prelude CRC32 (u32)   the 12-byte prelude
//! headers            (headers length bytes)
//! payload            (total length - headers length - 16 bytes)
//! message CRC32 (u32), of every byte before it
//! ```
//!
//! A header is a name (a `u8` length, then UTF-8), a value type (`u8`) and the value
//! ([`HeaderValue`]). The limits are those of the AWS implementations: a message of at most
//! [`MAX_MESSAGE_LEN`] bytes (16 MiB, `AWS_EVENT_STREAM_MAX_MESSAGE_SIZE` of aws-c-event-stream),
//! headers of at most [`MAX_HEADERS_LEN`] bytes (128 KiB, its `AWS_EVENT_STREAM_MAX_HEADERS_SIZE`
//! and aws-sdk-go's `maxHeadersLen`), a header name of at most [`MAX_HEADER_NAME_LEN`] bytes
//! (255, what its length byte holds: smithy-rs's and aws-sdk-go's limit; aws-c-event-stream
//! writes at most 127). Both checksums are checked
//! before anything else in the message is read, and a message's length is checked against the
//! limit before any of it is buffered, so that hostile input costs at most one message's worth
//! of memory.
//!
//! ```
//! use codegen_runtime::event_stream::{Decoder, HeaderValue, Message, encode};
//!
//! let message = Message::new(b"{}".to_vec())
//!     .header(":event-type", HeaderValue::String("Records".into()))
//!     .header(":message-type", HeaderValue::String("event".into()));
//! let bytes = encode(&message).unwrap();
//!
//! let mut decoder = Decoder::new();
//! let (first, second) = bytes.split_at(5);
//! assert!(decoder.push(first).unwrap().is_empty());
//! assert_eq!(decoder.push(second).unwrap(), [message]);
//! decoder.finish().unwrap();
//! ```

use std::fmt;

/// The longest message, prelude and checksums included: 16 MiB.
pub const MAX_MESSAGE_LEN: usize = 16 * 1024 * 1024;

/// The longest headers section of a message: 128 KiB.
pub const MAX_HEADERS_LEN: usize = 128 * 1024;

/// The longest header name, in bytes of UTF-8.
pub const MAX_HEADER_NAME_LEN: usize = u8::MAX as usize;

/// The prelude: total length, headers length and the prelude's CRC32.
const PRELUDE_LEN: usize = 12;

/// The message CRC32 at the end.
const CRC_LEN: usize = 4;

/// The shortest message: a prelude and a checksum, with no headers and no payload.
const MIN_MESSAGE_LEN: usize = PRELUDE_LEN + CRC_LEN;

const TYPE_TRUE: u8 = 0;
const TYPE_FALSE: u8 = 1;
const TYPE_BYTE: u8 = 2;
const TYPE_SHORT: u8 = 3;
const TYPE_INT: u8 = 4;
const TYPE_LONG: u8 = 5;
const TYPE_BYTE_ARRAY: u8 = 6;
const TYPE_STRING: u8 = 7;
const TYPE_TIMESTAMP: u8 = 8;
const TYPE_UUID: u8 = 9;

/// One message of an event stream: its headers, in wire order, and its payload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    /// The headers, in the order they are on the wire (names may repeat).
    pub headers: Vec<Header>,
    /// The payload, as bytes.
    pub payload: Vec<u8>,
}

impl Message {
    /// A message with `payload` and no headers.
    pub fn new(payload: Vec<u8>) -> Self {
        Self {
            headers: Vec::new(),
            payload,
        }
    }

    /// The message with a header added after the others.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: HeaderValue) -> Self {
        self.headers.push(Header {
            name: name.into(),
            value,
        });
        self
    }

    /// The value of the first header named `name`, if any.
    pub fn header_value(&self, name: &str) -> Option<&HeaderValue> {
        self.headers
            .iter()
            .find(|header| header.name == name)
            .map(|header| &header.value)
    }
}

/// One header of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The name, at most [`MAX_HEADER_NAME_LEN`] bytes of UTF-8.
    pub name: String,
    /// The value, with its type.
    pub value: HeaderValue,
}

/// A header's value: one variant per value type of the wire format (the type byte in brackets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderValue {
    /// A boolean, carried by the type alone: true (0) or false (1).
    Bool(bool),
    /// A signed byte (2).
    Byte(i8),
    /// A 16-bit integer (3).
    Short(i16),
    /// A 32-bit integer (4).
    Int(i32),
    /// A 64-bit integer (5).
    Long(i64),
    /// Bytes (6), at most 65535 of them.
    ByteArray(Vec<u8>),
    /// UTF-8 text (7), at most 65535 bytes of it.
    String(String),
    /// A point in time (8), in milliseconds since 1970-01-01T00:00:00Z, as the wire has it.
    Timestamp(i64),
    /// A UUID (9), its 16 bytes.
    Uuid([u8; 16]),
}

impl HeaderValue {
    /// The type byte that introduces the value on the wire.
    pub fn type_byte(&self) -> u8 {
        HeaderValueRef::from(self).type_byte()
    }

    /// The text of a string value, or `None` for another type.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }
}

/// Why bytes are not a message, or a message cannot be written: each case names what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FrameError {
    /// The prelude's CRC32 is not that of its first 8 bytes.
    PreludeChecksum {
        /// The checksum of the bytes received.
        computed: u32,
        /// The checksum the prelude carries.
        received: u32,
    },
    /// The message's CRC32 is not that of the bytes before it.
    MessageChecksum {
        /// The checksum of the bytes received.
        computed: u32,
        /// The checksum the message carries.
        received: u32,
    },
    /// A total length shorter than a prelude and a checksum (16 bytes).
    MessageTooShort {
        /// The total length the prelude gives.
        len: u32,
    },
    /// A message longer than [`MAX_MESSAGE_LEN`]: as the prelude gives it, or as it would be
    /// written.
    MessageTooLong {
        /// The length, in bytes.
        len: u64,
    },
    /// Headers longer than [`MAX_HEADERS_LEN`]: as the prelude gives them, or as they would be
    /// written.
    HeadersTooLong {
        /// The length, in bytes.
        len: u64,
    },
    /// A headers length that does not fit in the message's total length.
    HeadersLength {
        /// The headers length the prelude gives.
        headers_len: u32,
        /// The total length the prelude gives.
        total_len: u32,
    },
    /// A header that runs past the end of the headers.
    HeaderOverrun {
        /// Where the header starts, in bytes from the start of the headers.
        offset: usize,
        /// The headers length.
        headers_len: usize,
    },
    /// A header value type that is not one of the ten the format has.
    UnknownHeaderType {
        /// The header's name.
        name: String,
        /// The type byte.
        type_byte: u8,
    },
    /// A header name, or the value of a string header, that is not UTF-8.
    InvalidUtf8 {
        /// The header's name when its value is the problem; `None` when its name is.
        header: Option<String>,
    },
    /// A header name longer than [`MAX_HEADER_NAME_LEN`], to be written.
    HeaderNameTooLong {
        /// The name's length, in bytes.
        len: usize,
    },
    /// A byte-array or string value longer than 65535 bytes, to be written.
    HeaderValueTooLong {
        /// The header's name.
        name: String,
        /// The value's length, in bytes.
        len: usize,
    },
    /// The stream ended inside a message.
    Truncated {
        /// The bytes of the message that were received.
        received: usize,
        /// The message's total length, when its prelude was received.
        total_len: Option<usize>,
    },
    /// Bytes after the end of the one message [`decode`] reads.
    TrailingBytes {
        /// How many.
        len: usize,
    },
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PreludeChecksum { computed, received } => write!(
                f,
                "prelude checksum mismatch: the prelude carries {received:#010x}, its bytes sum \
                 to {computed:#010x}"
            ),
            Self::MessageChecksum { computed, received } => write!(
                f,
                "message checksum mismatch: the message carries {received:#010x}, its bytes sum \
                 to {computed:#010x}"
            ),
            Self::MessageTooShort { len } => write!(
                f,
                "a message length of {len} bytes is shorter than the {MIN_MESSAGE_LEN} bytes of \
                 a prelude and a checksum"
            ),
            Self::MessageTooLong { len } => write!(
                f,
                "a message of {len} bytes is longer than the limit of {MAX_MESSAGE_LEN}"
            ),
            Self::HeadersTooLong { len } => write!(
                f,
                "headers of {len} bytes are longer than the limit of {MAX_HEADERS_LEN}"
            ),
            Self::HeadersLength {
                headers_len,
                total_len,
            } => write!(
                f,
                "a headers length of {headers_len} bytes does not fit in a message of \
                 {total_len} bytes"
            ),
            Self::HeaderOverrun {
                offset,
                headers_len,
            } => write!(
                f,
                "the header at byte {offset} of the headers runs past their end \
                 ({headers_len} bytes)"
            ),
            Self::UnknownHeaderType { name, type_byte } => {
                write!(f, "header `{name}` has an unknown value type {type_byte}")
            }
            Self::InvalidUtf8 { header: None } => f.write_str("a header name is not UTF-8"),
            Self::InvalidUtf8 { header: Some(name) } => {
                write!(f, "the string value of header `{name}` is not UTF-8")
            }
            Self::HeaderNameTooLong { len } => write!(
                f,
                "a header name of {len} bytes is longer than the limit of {MAX_HEADER_NAME_LEN}"
            ),
            Self::HeaderValueTooLong { name, len } => write!(
                f,
                "the value of header `{name}` is {len} bytes, longer than the limit of {}",
                u16::MAX
            ),
            Self::Truncated {
                received,
                total_len: None,
            } => write!(
                f,
                "the stream ended inside a message: {received} of its {PRELUDE_LEN}-byte \
                 prelude received"
            ),
            Self::Truncated {
                received,
                total_len: Some(total),
            } => write!(
                f,
                "the stream ended inside a message: {received} of its {total} bytes received"
            ),
            Self::TrailingBytes { len } => {
                write!(f, "{len} bytes after the end of the message")
            }
        }
    }
}

impl std::error::Error for FrameError {}

/// The message as bytes, with both checksums.
///
/// # Errors
///
/// A header name longer than [`MAX_HEADER_NAME_LEN`], a byte-array or string value longer than
/// 65535 bytes, headers longer than [`MAX_HEADERS_LEN`], or a message longer than
/// [`MAX_MESSAGE_LEN`].
pub fn encode(message: &Message) -> Result<Vec<u8>, FrameError> {
    let headers = encode_headers(&message.headers)?;
    if headers.len() > MAX_HEADERS_LEN {
        return Err(FrameError::HeadersTooLong {
            len: widen(headers.len()),
        });
    }
    let total = MIN_MESSAGE_LEN
        .saturating_add(headers.len())
        .saturating_add(message.payload.len());
    if total > MAX_MESSAGE_LEN {
        return Err(FrameError::MessageTooLong { len: widen(total) });
    }
    // Both lengths are within the limits checked above, which fit in a `u32`.
    let total_u32 =
        u32::try_from(total).map_err(|_| FrameError::MessageTooLong { len: widen(total) })?;
    let headers_u32 = u32::try_from(headers.len()).map_err(|_| FrameError::HeadersTooLong {
        len: widen(headers.len()),
    })?;

    let mut bytes = Vec::with_capacity(total);
    bytes.extend_from_slice(&total_u32.to_be_bytes());
    bytes.extend_from_slice(&headers_u32.to_be_bytes());
    let prelude_crc = crc32fast::hash(&bytes);
    bytes.extend_from_slice(&prelude_crc.to_be_bytes());
    bytes.extend_from_slice(&headers);
    bytes.extend_from_slice(&message.payload);
    let message_crc = crc32fast::hash(&bytes);
    bytes.extend_from_slice(&message_crc.to_be_bytes());
    Ok(bytes)
}

/// The headers section that `headers` are written as in a message (what an event stream's
/// signature hashes of its frame).
///
/// # Errors
///
/// A header name longer than [`MAX_HEADER_NAME_LEN`], or a byte-array or string value longer
/// than 65535 bytes.
pub fn encode_headers(headers: &[Header]) -> Result<Vec<u8>, FrameError> {
    let mut out = Vec::new();
    for header in headers {
        write_header(header, &mut out)?;
    }
    Ok(out)
}

fn write_header(header: &Header, out: &mut Vec<u8>) -> Result<(), FrameError> {
    let name = header.name.as_bytes();
    let name_len =
        u8::try_from(name.len()).map_err(|_| FrameError::HeaderNameTooLong { len: name.len() })?;
    out.push(name_len);
    out.extend_from_slice(name);
    out.push(header.value.type_byte());
    match &header.value {
        HeaderValue::Bool(_) => {}
        HeaderValue::Byte(value) => out.extend_from_slice(&value.to_be_bytes()),
        HeaderValue::Short(value) => out.extend_from_slice(&value.to_be_bytes()),
        HeaderValue::Int(value) => out.extend_from_slice(&value.to_be_bytes()),
        HeaderValue::Long(value) | HeaderValue::Timestamp(value) => {
            out.extend_from_slice(&value.to_be_bytes());
        }
        HeaderValue::ByteArray(bytes) => write_sized(&header.name, bytes, out)?,
        HeaderValue::String(text) => write_sized(&header.name, text.as_bytes(), out)?,
        HeaderValue::Uuid(uuid) => out.extend_from_slice(uuid),
    }
    Ok(())
}

/// A byte-array or string value: a `u16` length, then the bytes.
fn write_sized(name: &str, bytes: &[u8], out: &mut Vec<u8>) -> Result<(), FrameError> {
    let len = u16::try_from(bytes.len()).map_err(|_| FrameError::HeaderValueTooLong {
        name: name.to_owned(),
        len: bytes.len(),
    })?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(bytes);
    Ok(())
}

/// Reads `bytes` as exactly one message.
///
/// # Errors
///
/// Any [`FrameError`] of reading: a checksum that does not match, a length out of bounds, a
/// malformed header, fewer bytes than the message's length ([`FrameError::Truncated`]) or more
/// ([`FrameError::TrailingBytes`]).
pub fn decode(bytes: &[u8]) -> Result<Message, FrameError> {
    let Some(prelude) = bytes.first_chunk::<PRELUDE_LEN>() else {
        return Err(FrameError::Truncated {
            received: bytes.len(),
            total_len: None,
        });
    };
    let total = read_prelude(prelude)?;
    match bytes.get(..total) {
        Some(frame) if bytes.len() == total => Ok(read_frame(frame)?.to_message()),
        Some(_) => Err(FrameError::TrailingBytes {
            len: bytes.len() - total,
        }),
        None => Err(FrameError::Truncated {
            received: bytes.len(),
            total_len: Some(total),
        }),
    }
}

/// One message of an event stream read in place: its headers and payload borrowed from the
/// bytes it was read from, both checksums and every header already checked.
///
/// ```
/// use codegen_runtime::event_stream::{Decoder, HeaderValue, HeaderValueRef, Message, encode};
///
/// let message = Message::new(b"{}".to_vec())
///     .header(":event-type", HeaderValue::String("Records".into()));
/// let bytes = encode(&message).unwrap();
///
/// let mut decoder = Decoder::new();
/// let mut input = bytes.as_slice();
/// let frame = decoder.next_frame(&mut input).unwrap().unwrap();
/// assert_eq!(frame.header(":event-type"), Some(HeaderValueRef::String("Records")));
/// assert_eq!(frame.payload(), b"{}");
/// assert_eq!(frame.to_message(), message);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'a> {
    /// The headers section, every header of which reads.
    headers: &'a [u8],
    payload: &'a [u8],
}

impl<'a> Frame<'a> {
    /// The headers, in the order they are on the wire (names may repeat).
    pub fn headers(&self) -> Headers<'a> {
        Headers {
            reader: Reader {
                bytes: self.headers,
                at: 0,
            },
        }
    }

    /// The value of the first header named `name`, if any.
    pub fn header(&self, name: &str) -> Option<HeaderValueRef<'a>> {
        let [value] = self.header_values([name]);
        value
    }

    /// The values of the first headers named `names`, in their order, read in one pass over the
    /// headers (names compared as bytes: only the headers found are decoded).
    pub fn header_values<const N: usize>(
        &self,
        names: [&str; N],
    ) -> [Option<HeaderValueRef<'a>>; N] {
        let mut values = [None; N];
        let mut left = N;
        let mut reader = self.headers().reader;
        while left > 0
            && let Ok(Some(header)) = take_header(&mut reader)
        {
            for (name, value) in names.iter().zip(values.iter_mut()) {
                if value.is_none() && header.name == name.as_bytes() {
                    *value = header.value(name).ok();
                    left -= 1;
                    break;
                }
            }
        }
        values
    }

    /// The payload.
    pub fn payload(&self) -> &'a [u8] {
        self.payload
    }

    /// The message as an owned [`Message`].
    pub fn to_message(&self) -> Message {
        Message {
            headers: self
                .headers()
                .map(|(name, value)| Header {
                    name: name.to_owned(),
                    value: value.to_value(),
                })
                .collect(),
            payload: self.payload.to_vec(),
        }
    }
}

/// The headers of a [`Frame`], as name and value, in wire order.
#[derive(Debug, Clone)]
pub struct Headers<'a> {
    reader: Reader<'a>,
}

impl<'a> Iterator for Headers<'a> {
    type Item = (&'a str, HeaderValueRef<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        // The frame's headers were all read once when it was checked: none fails here.
        read_header(&mut self.reader).ok().flatten()
    }
}

/// A header's value borrowed from the frame it is read from: [`HeaderValue`] without the
/// copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderValueRef<'a> {
    /// A boolean, carried by the type alone: true (0) or false (1).
    Bool(bool),
    /// A signed byte (2).
    Byte(i8),
    /// A 16-bit integer (3).
    Short(i16),
    /// A 32-bit integer (4).
    Int(i32),
    /// A 64-bit integer (5).
    Long(i64),
    /// Bytes (6).
    ByteArray(&'a [u8]),
    /// UTF-8 text (7).
    String(&'a str),
    /// A point in time (8), in milliseconds since 1970-01-01T00:00:00Z.
    Timestamp(i64),
    /// A UUID (9), its 16 bytes.
    Uuid([u8; 16]),
}

impl<'a> HeaderValueRef<'a> {
    /// The type byte that introduces the value on the wire.
    pub fn type_byte(&self) -> u8 {
        match self {
            Self::Bool(true) => TYPE_TRUE,
            Self::Bool(false) => TYPE_FALSE,
            Self::Byte(_) => TYPE_BYTE,
            Self::Short(_) => TYPE_SHORT,
            Self::Int(_) => TYPE_INT,
            Self::Long(_) => TYPE_LONG,
            Self::ByteArray(_) => TYPE_BYTE_ARRAY,
            Self::String(_) => TYPE_STRING,
            Self::Timestamp(_) => TYPE_TIMESTAMP,
            Self::Uuid(_) => TYPE_UUID,
        }
    }

    /// The text of a string value, or `None` for another type.
    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    /// The value as an owned [`HeaderValue`].
    pub fn to_value(&self) -> HeaderValue {
        match *self {
            Self::Bool(value) => HeaderValue::Bool(value),
            Self::Byte(value) => HeaderValue::Byte(value),
            Self::Short(value) => HeaderValue::Short(value),
            Self::Int(value) => HeaderValue::Int(value),
            Self::Long(value) => HeaderValue::Long(value),
            Self::ByteArray(bytes) => HeaderValue::ByteArray(bytes.to_vec()),
            Self::String(text) => HeaderValue::String(text.to_owned()),
            Self::Timestamp(value) => HeaderValue::Timestamp(value),
            Self::Uuid(value) => HeaderValue::Uuid(value),
        }
    }
}

impl<'a> From<&'a HeaderValue> for HeaderValueRef<'a> {
    fn from(value: &'a HeaderValue) -> Self {
        match value {
            HeaderValue::Bool(value) => Self::Bool(*value),
            HeaderValue::Byte(value) => Self::Byte(*value),
            HeaderValue::Short(value) => Self::Short(*value),
            HeaderValue::Int(value) => Self::Int(*value),
            HeaderValue::Long(value) => Self::Long(*value),
            HeaderValue::ByteArray(bytes) => Self::ByteArray(bytes),
            HeaderValue::String(text) => Self::String(text),
            HeaderValue::Timestamp(value) => Self::Timestamp(*value),
            HeaderValue::Uuid(value) => Self::Uuid(*value),
        }
    }
}

/// Reads messages from bytes that arrive in chunks, split anywhere.
///
/// [`next_frame`](Self::next_frame) reads the next message of a chunk in place, as a [`Frame`]
/// borrowed from the chunk (or, for a message split across chunks, from the decoder's buffer,
/// which is reused): reading a stream allocates nothing per message. [`push`](Self::push) gives
/// a chunk's messages as owned [`Message`]s. [`finish`](Self::finish) when the stream ends.
///
/// It holds the bytes of at most one incomplete message, and checks a message's prelude (its
/// checksum, then its lengths against the limits) before it holds more than those 12 bytes. After
/// an error the stream cannot be read further: every later call returns the same error.
///
/// ```
/// use codegen_runtime::event_stream::{Decoder, HeaderValue, Message, encode};
///
/// let message = Message::new(b"{}".to_vec())
///     .header(":message-type", HeaderValue::String("event".into()));
/// let bytes = [encode(&message).unwrap(), encode(&message).unwrap()].concat();
///
/// let mut decoder = Decoder::new();
/// let mut payloads = 0;
/// for chunk in bytes.chunks(7) {
///     let mut input = chunk;
///     while let Some(frame) = decoder.next_frame(&mut input).unwrap() {
///         assert_eq!(frame.payload(), b"{}");
///         payloads += 1;
///     }
/// }
/// decoder.finish().unwrap();
/// assert_eq!(payloads, 2);
/// ```
#[derive(Debug, Default)]
pub struct Decoder {
    /// The bytes received of a message split across chunks.
    frame: Vec<u8>,
    /// Its total length, once its prelude has been read and checked.
    total: Option<usize>,
    /// `frame` is a whole message, already given out: it is cleared on the next call.
    given: bool,
    /// The error that stopped the stream.
    failed: Option<FrameError>,
}

/// Where [`Decoder::locate`] found the next message.
enum Located<'c> {
    /// The input ends before the next message does.
    Nothing,
    /// Whole in the input.
    InPlace(Frame<'c>),
    /// In the decoder's buffer, its headers ending at this offset.
    Buffered { headers_end: usize },
}

/// The buffer kept for the next message split across chunks: one of up to this many bytes is
/// reused, a longer one released.
const KEPT_BUFFER: usize = 64 * 1024;

impl Decoder {
    /// A decoder at the start of a stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the next message from `input`, the stream's bytes not yet read, and advances
    /// `input` past what it took: a message whole in `input` is read in place, one that is not
    /// is gathered into the decoder until a later chunk completes it. `None` when `input` is
    /// exhausted without completing one; call again with the next chunk then.
    ///
    /// # Errors
    ///
    /// The first [`FrameError`] of the stream, and after it always the same one.
    pub fn next_frame<'a, 'c: 'a>(
        &'a mut self,
        input: &mut &'c [u8],
    ) -> Result<Option<Frame<'a>>, FrameError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        match self.locate(input) {
            Ok(Located::Nothing) => Ok(None),
            Ok(Located::InPlace(frame)) => Ok(Some(frame)),
            Ok(Located::Buffered { headers_end }) => {
                let body = self
                    .frame
                    .get(..self.frame.len().saturating_sub(CRC_LEN))
                    .unwrap_or_default();
                let (headers, payload) = body.split_at(headers_end.min(body.len()));
                Ok(Some(Frame {
                    headers: headers.get(PRELUDE_LEN..).unwrap_or_default(),
                    payload,
                }))
            }
            Err(error) => {
                self.failed = Some(error.clone());
                self.frame = Vec::new();
                self.total = None;
                self.given = false;
                Err(error)
            }
        }
    }

    /// Finds the next message: in place when it is whole in `input` and nothing is buffered,
    /// otherwise by taking bytes of `input` into the buffer, the prelude first.
    fn locate<'c>(&mut self, input: &mut &'c [u8]) -> Result<Located<'c>, FrameError> {
        if self.given {
            self.given = false;
            self.total = None;
            if self.frame.capacity() > KEPT_BUFFER {
                self.frame = Vec::new();
            } else {
                self.frame.clear();
            }
        }
        if self.frame.is_empty()
            && let Some(prelude) = input.first_chunk::<PRELUDE_LEN>()
        {
            let total = read_prelude(prelude)?;
            if let (Some(bytes), Some(rest)) = (input.get(..total), input.get(total..)) {
                let frame = read_frame(bytes)?;
                *input = rest;
                return Ok(Located::InPlace(frame));
            }
        }
        while !input.is_empty() {
            let wanted = self.total.unwrap_or(PRELUDE_LEN) - self.frame.len();
            let (taken, rest) = input.split_at(wanted.min(input.len()));
            self.frame.extend_from_slice(taken);
            *input = rest;
            match self.total {
                None => {
                    if let Some(prelude) = self.frame.first_chunk::<PRELUDE_LEN>()
                        && self.frame.len() == PRELUDE_LEN
                    {
                        let total = read_prelude(prelude)?;
                        self.frame.reserve_exact(total - PRELUDE_LEN);
                        self.total = Some(total);
                    }
                }
                Some(total) if self.frame.len() == total => {
                    let headers_end = PRELUDE_LEN + read_frame(&self.frame)?.headers.len();
                    self.given = true;
                    return Ok(Located::Buffered { headers_end });
                }
                Some(_) => {}
            }
        }
        Ok(Located::Nothing)
    }

    /// Reads the next chunk of the stream, and returns the messages it completes, in order
    /// (often none or one), as owned [`Message`]s.
    ///
    /// # Errors
    ///
    /// The first [`FrameError`] of the stream, and after it always the same one. Messages that
    /// the chunk completed before the error are not returned.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<Message>, FrameError> {
        let mut messages = Vec::new();
        let mut input = chunk;
        while let Some(frame) = self.next_frame(&mut input)? {
            messages.push(frame.to_message());
        }
        Ok(messages)
    }

    /// How many bytes of an incomplete message the decoder holds.
    pub fn buffered(&self) -> usize {
        if self.given { 0 } else { self.frame.len() }
    }

    /// Ends the stream.
    ///
    /// # Errors
    ///
    /// [`FrameError::Truncated`] when the stream ended inside a message, or the error that
    /// stopped the stream earlier.
    pub fn finish(self) -> Result<(), FrameError> {
        if let Some(error) = self.failed {
            return Err(error);
        }
        match self.buffered() {
            0 => Ok(()),
            received => Err(FrameError::Truncated {
                received,
                total_len: self.total,
            }),
        }
    }
}

/// Checks a prelude: its checksum first, then the lengths it gives. Returns the total length.
fn read_prelude(prelude: &[u8; PRELUDE_LEN]) -> Result<usize, FrameError> {
    let [t0, t1, t2, t3, h0, h1, h2, h3, c0, c1, c2, c3] = *prelude;
    let computed = crc32fast::hash(&prelude[..8]);
    let received = u32::from_be_bytes([c0, c1, c2, c3]);
    if computed != received {
        return Err(FrameError::PreludeChecksum { computed, received });
    }
    let total_len = u32::from_be_bytes([t0, t1, t2, t3]);
    let headers_len = u32::from_be_bytes([h0, h1, h2, h3]);
    let total = usize::try_from(total_len).unwrap_or(usize::MAX);
    let headers = usize::try_from(headers_len).unwrap_or(usize::MAX);
    if total < MIN_MESSAGE_LEN {
        return Err(FrameError::MessageTooShort { len: total_len });
    }
    if total > MAX_MESSAGE_LEN {
        return Err(FrameError::MessageTooLong {
            len: u64::from(total_len),
        });
    }
    if headers > MAX_HEADERS_LEN {
        return Err(FrameError::HeadersTooLong {
            len: u64::from(headers_len),
        });
    }
    if headers > total - MIN_MESSAGE_LEN {
        return Err(FrameError::HeadersLength {
            headers_len,
            total_len,
        });
    }
    Ok(total)
}

/// Reads a whole message whose prelude [`read_prelude`] has checked: its checksum first, then
/// every header, in place.
fn read_frame(frame: &[u8]) -> Result<Frame<'_>, FrameError> {
    let body_end = frame.len().saturating_sub(CRC_LEN);
    let (body, crc) = frame.split_at(body_end);
    let computed = crc32fast::hash(body);
    let received = match *crc {
        [c0, c1, c2, c3] => u32::from_be_bytes([c0, c1, c2, c3]),
        _ => {
            return Err(FrameError::Truncated {
                received: frame.len(),
                total_len: None,
            });
        }
    };
    if computed != received {
        return Err(FrameError::MessageChecksum { computed, received });
    }
    let headers_len = body
        .get(4..8)
        .and_then(|bytes| bytes.first_chunk::<4>())
        .map_or(0, |bytes| u32::from_be_bytes(*bytes));
    let headers_end = PRELUDE_LEN.saturating_add(usize::try_from(headers_len).unwrap_or(0));
    let (headers, payload) = match (body.get(PRELUDE_LEN..headers_end), body.get(headers_end..)) {
        (Some(headers), Some(payload)) => (headers, payload),
        _ => {
            return Err(FrameError::HeadersLength {
                headers_len,
                total_len: u32::try_from(frame.len()).unwrap_or(u32::MAX),
            });
        }
    };
    let mut reader = Reader {
        bytes: headers,
        at: 0,
    };
    while let Some(header) = take_header(&mut reader)? {
        header.check()?;
    }
    Ok(Frame { headers, payload })
}

/// A header as its bytes: its name, type and value, their lengths checked but not their text.
#[derive(Debug, Clone, Copy)]
struct RawHeader<'a> {
    name: &'a [u8],
    type_byte: u8,
    value: &'a [u8],
}

impl<'a> RawHeader<'a> {
    /// The header's name and value, their text checked as UTF-8.
    fn decode(self) -> Result<(&'a str, HeaderValueRef<'a>), FrameError> {
        let name =
            std::str::from_utf8(self.name).map_err(|_| FrameError::InvalidUtf8 { header: None })?;
        Ok((name, self.value(name)?))
    }

    /// Checks that the header decodes ([`decode`](Self::decode)) without decoding it: its name,
    /// and its value if text, are UTF-8.
    fn check(self) -> Result<(), FrameError> {
        let utf8 = |bytes: &[u8]| bytes.is_ascii() || std::str::from_utf8(bytes).is_ok();
        if !utf8(self.name) {
            return Err(FrameError::InvalidUtf8 { header: None });
        }
        if self.type_byte == TYPE_STRING && !utf8(self.value) {
            return Err(FrameError::InvalidUtf8 {
                header: Some(String::from_utf8_lossy(self.name).into_owned()),
            });
        }
        Ok(())
    }

    /// The header's value, its text checked as UTF-8; `name` is the header's, for the error.
    fn value(self, name: &str) -> Result<HeaderValueRef<'a>, FrameError> {
        let fixed = |bytes: &[u8]| -> [u8; 16] {
            let mut out = [0; 16];
            out.iter_mut()
                .zip(bytes)
                .for_each(|(out, byte)| *out = *byte);
            out
        };
        let [b0, b1, b2, b3, b4, b5, b6, b7, ..] = fixed(self.value);
        let value = match self.type_byte {
            TYPE_TRUE => HeaderValueRef::Bool(true),
            TYPE_FALSE => HeaderValueRef::Bool(false),
            TYPE_BYTE => HeaderValueRef::Byte(i8::from_be_bytes([b0])),
            TYPE_SHORT => HeaderValueRef::Short(i16::from_be_bytes([b0, b1])),
            TYPE_INT => HeaderValueRef::Int(i32::from_be_bytes([b0, b1, b2, b3])),
            TYPE_LONG => HeaderValueRef::Long(i64::from_be_bytes([b0, b1, b2, b3, b4, b5, b6, b7])),
            TYPE_TIMESTAMP => {
                HeaderValueRef::Timestamp(i64::from_be_bytes([b0, b1, b2, b3, b4, b5, b6, b7]))
            }
            TYPE_UUID => HeaderValueRef::Uuid(fixed(self.value)),
            TYPE_BYTE_ARRAY => HeaderValueRef::ByteArray(self.value),
            // `TYPE_STRING`, the one type left: `take_header` refuses those it does not know.
            _ => HeaderValueRef::String(std::str::from_utf8(self.value).map_err(|_| {
                FrameError::InvalidUtf8 {
                    header: Some(name.to_owned()),
                }
            })?),
        };
        Ok(value)
    }
}

/// Reads the header at the reader's position, or `None` at the end of the headers: its lengths
/// and its type, not its text ([`RawHeader::decode`]).
fn take_header<'a>(reader: &mut Reader<'a>) -> Result<Option<RawHeader<'a>>, FrameError> {
    let bytes = reader.bytes;
    let start = reader.at;
    if start >= bytes.len() {
        return Ok(None);
    }
    let overrun = || FrameError::HeaderOverrun {
        offset: start,
        headers_len: bytes.len(),
    };
    let name_len = reader.take::<1>().ok_or_else(overrun)?[0];
    let name = reader
        .take_slice(usize::from(name_len))
        .ok_or_else(overrun)?;
    let type_byte = reader.take::<1>().ok_or_else(overrun)?[0];
    let value_len = match type_byte {
        TYPE_TRUE | TYPE_FALSE => 0,
        TYPE_BYTE => 1,
        TYPE_SHORT => 2,
        TYPE_INT => 4,
        TYPE_LONG | TYPE_TIMESTAMP => 8,
        TYPE_UUID => 16,
        TYPE_BYTE_ARRAY | TYPE_STRING => {
            usize::from(u16::from_be_bytes(reader.take::<2>().ok_or_else(overrun)?))
        }
        type_byte => {
            let name =
                std::str::from_utf8(name).map_err(|_| FrameError::InvalidUtf8 { header: None })?;
            return Err(FrameError::UnknownHeaderType {
                name: name.to_owned(),
                type_byte,
            });
        }
    };
    let value = reader.take_slice(value_len).ok_or_else(overrun)?;
    Ok(Some(RawHeader {
        name,
        type_byte,
        value,
    }))
}

/// Reads and decodes the header at the reader's position, or `None` at the end of the headers.
fn read_header<'a>(
    reader: &mut Reader<'a>,
) -> Result<Option<(&'a str, HeaderValueRef<'a>)>, FrameError> {
    take_header(reader)?.map(RawHeader::decode).transpose()
}

/// A cursor over the headers section; each read is `None` past its end.
#[derive(Debug, Clone)]
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take_slice(&mut self, len: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(slice)
    }

    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take_slice(N)?.first_chunk::<N>().copied()
    }
}

/// A length as the errors give it.
fn widen(len: usize) -> u64 {
    u64::try_from(len).unwrap_or(u64::MAX)
}
