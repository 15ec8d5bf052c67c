//! Signed event streams, the body of a request whose input is a stream of events: each event's
//! message is wrapped in a frame of its own whose headers are `:date` (a timestamp) and
//! `:chunk-signature` (32 bytes), whose payload is the event's encoded message, and whose
//! signature chains from the previous frame's (the first from the request's own, its seed).
//! The stream ends with a signed frame whose payload is empty.
//!
//! A frame's string to sign, as the SDKs write it (aws-sdk-go's `StreamSigner`, smithy-rs's
//! `aws-sigv4` `event_stream`):
//!
//! ```text
//! AWS4-HMAC-SHA256-PAYLOAD
//! <date and time of :date, 20190127T223754Z>
//! <credential scope, 20190127/us-east-1/bedrock/aws4_request>
//! <the previous signature, hex>
//! <SHA-256 of the frame's headers but :chunk-signature, as encoded, hex>
//! <SHA-256 of the payload, hex>
//! ```
//!
//! [`EventSigner`] writes the frames (the client half), [`EventVerifier`] reads them back and
//! checks every signature against the chain (the server half).

use std::time::Duration;

use super::credentials::Credentials;
use super::sigv4::{self, Scope};
use crate::Timestamp;
use crate::support::event_stream::{self, Decoder, FrameError, Header, HeaderValue, Message};

/// The first line of a frame's string to sign.
pub const PAYLOAD_ALGORITHM: &str = "AWS4-HMAC-SHA256-PAYLOAD";

/// The header that carries a frame's signature.
pub const SIGNATURE_HEADER: &str = ":chunk-signature";

/// The header that carries a frame's time.
pub const DATE_HEADER: &str = ":date";

/// The string to sign of a frame signed at `date_time` (`20190127T223754Z`), after the frame
/// whose signature is `previous`, with `headers` (encoded, all but `:chunk-signature`) and
/// `payload`.
pub fn string_to_sign(
    date_time: &str,
    scope: &Scope<'_>,
    previous: &[u8],
    headers: &[u8],
    payload: &[u8],
) -> String {
    format!(
        "{PAYLOAD_ALGORITHM}\n{date_time}\n{}\n{}\n{}\n{}",
        sigv4::credential_scope(date_time, scope),
        sigv4::hex(previous),
        sigv4::payload_hash(headers),
        sigv4::payload_hash(payload),
    )
}

/// The signature of a frame ([`string_to_sign`]'s arguments), as bytes.
pub fn chunk_signature(
    secret_access_key: &str,
    date_time: &str,
    scope: &Scope<'_>,
    previous: &[u8],
    headers: &[u8],
    payload: &[u8],
) -> Vec<u8> {
    let to_sign = string_to_sign(date_time, scope, previous, headers, payload);
    sigv4::signature_bytes(secret_access_key, date_time, scope, &to_sign)
        .as_ref()
        .to_vec()
}

/// The date and time (`20190127T223754Z`) a frame whose `:date` is `millis` signs with: to the
/// second, as the SDKs write it; `None` out of the range of a timestamp.
fn date_time_of(millis: i64) -> Option<String> {
    let time = Timestamp::from_second(millis.div_euclid(1000)).ok()?;
    Some(time.to_basic_iso8601())
}

/// Who signs, and for what: the secret key and the scope, owned.
#[derive(Clone)]
struct Signing {
    secret_access_key: String,
    region: String,
    service: String,
}

impl Signing {
    fn new(credentials: &Credentials, scope: &Scope<'_>) -> Self {
        Self {
            secret_access_key: credentials.secret_access_key().to_owned(),
            region: scope.region.to_owned(),
            service: scope.service.to_owned(),
        }
    }

    fn signature(
        &self,
        date_time: &str,
        previous: &[u8],
        headers: &[u8],
        payload: &[u8],
    ) -> Vec<u8> {
        let scope = Scope {
            region: &self.region,
            service: &self.service,
        };
        chunk_signature(
            &self.secret_access_key,
            date_time,
            &scope,
            previous,
            headers,
            payload,
        )
    }
}

impl std::fmt::Debug for Signing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signing")
            .field("region", &self.region)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

/// Wraps each event's message in a signed frame, chaining the signatures from the request's.
#[derive(Debug)]
pub struct EventSigner {
    signing: Signing,
    previous: Vec<u8>,
}

impl EventSigner {
    /// A signer whose first frame follows the request signed with `seed_signature` (its bytes,
    /// as [`sigv4::sign_event_stream`] gives them).
    pub fn new(credentials: &Credentials, scope: &Scope<'_>, seed_signature: &[u8]) -> Self {
        Self {
            signing: Signing::new(credentials, scope),
            previous: seed_signature.to_vec(),
        }
    }

    /// The bytes of the frame that carries `message`, signed at `time` (to the second).
    ///
    /// # Errors
    ///
    /// A message that cannot be framed, or whose frame would be too long.
    pub fn sign(&mut self, message: &Message, time: Timestamp) -> Result<Vec<u8>, FrameError> {
        let payload = event_stream::encode(message)?;
        self.frame(payload, time)
    }

    /// The bytes of the frame that ends the stream: signed, with an empty payload.
    ///
    /// # Errors
    ///
    /// None in practice: the frame is short and its headers are fixed.
    pub fn finish(&mut self, time: Timestamp) -> Result<Vec<u8>, FrameError> {
        self.frame(Vec::new(), time)
    }

    fn frame(&mut self, payload: Vec<u8>, time: Timestamp) -> Result<Vec<u8>, FrameError> {
        // The header carries milliseconds, the string to sign seconds: the frame's time is
        // whole seconds so that both say the same.
        let date = Header {
            name: DATE_HEADER.to_owned(),
            value: HeaderValue::Timestamp(time.as_millisecond().div_euclid(1000) * 1000),
        };
        let date_time = time.to_basic_iso8601();
        let headers = event_stream::encode_headers(std::slice::from_ref(&date))?;
        let signature = self
            .signing
            .signature(&date_time, &self.previous, &headers, &payload);
        let frame = Message {
            headers: vec![
                date,
                Header {
                    name: SIGNATURE_HEADER.to_owned(),
                    value: HeaderValue::ByteArray(signature.clone()),
                },
            ],
            payload,
        };
        let bytes = event_stream::encode(&frame)?;
        self.previous = signature;
        Ok(bytes)
    }
}

/// Why a signed event stream is refused; each case names the frame, counted from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventSignatureError {
    /// The bytes are not a frame.
    Frame {
        /// The frame.
        frame: usize,
        /// What is wrong with its bytes.
        error: FrameError,
    },
    /// A frame without a header of its signature (`:chunk-signature`, 32 bytes) or of its time
    /// (`:date`, a timestamp).
    Unsigned {
        /// The frame.
        frame: usize,
        /// The header missing, or of the wrong type.
        header: &'static str,
    },
    /// A frame whose signature is not the one its place in the chain, its time and its bytes
    /// give.
    Mismatch {
        /// The frame.
        frame: usize,
    },
    /// A signed frame whose payload is not an event's message.
    Event {
        /// The frame.
        frame: usize,
        /// What is wrong with the payload.
        error: FrameError,
    },
    /// A signed frame whose `:date` is further from the verifier's clock than it allows
    /// ([`EventVerifier::max_skew`]): a stream recorded and replayed, or a signer's clock that
    /// is wrong.
    Skewed {
        /// The frame.
        frame: usize,
        /// Its `:date`.
        date: Timestamp,
        /// The verifier's time when it read the frame.
        now: Timestamp,
    },
    /// A frame after the one that ended the stream.
    AfterEnd {
        /// The frame.
        frame: usize,
    },
    /// The stream stopped before the frame that ends it.
    NotEnded {
        /// How many whole frames came.
        frames: usize,
    },
}

impl std::fmt::Display for EventSignatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Frame { frame, error } => {
                write!(f, "signed event stream, frame {frame}: {error}")
            }
            Self::Unsigned { frame, header } => write!(
                f,
                "signed event stream, frame {frame}: no `{header}` header of the right type"
            ),
            Self::Mismatch { frame } => write!(
                f,
                "signed event stream, frame {frame}: the signature does not match"
            ),
            Self::Event { frame, error } => write!(
                f,
                "signed event stream, frame {frame}: the payload is not an event: {error}"
            ),
            Self::Skewed { frame, date, now } => write!(
                f,
                "signed event stream, frame {frame}: its `:date` {date} is too far from the \
                 verifier's clock, {now}"
            ),
            Self::AfterEnd { frame } => write!(
                f,
                "signed event stream, frame {frame}: a frame after the end of the stream"
            ),
            Self::NotEnded { frames } => write!(
                f,
                "signed event stream: it stopped after {frames} frames, before its end frame"
            ),
        }
    }
}

impl std::error::Error for EventSignatureError {}

/// Reads a signed event stream from its bytes, in chunks split anywhere, checks each frame's
/// signature against the chain, and gives the events' messages. After an error the stream
/// cannot be read further: every later call returns the same error.
#[derive(Debug)]
pub struct EventVerifier {
    signing: Signing,
    previous: Vec<u8>,
    decoder: Decoder,
    frames: usize,
    ended: bool,
    failed: Option<EventSignatureError>,
    max_skew: Option<Duration>,
    /// The time frames are checked against, if not the system clock's at each frame.
    as_of: Option<Timestamp>,
}

/// How far a frame's `:date` may be from the verifier's clock by default: the five minutes a
/// SigV4 request's date may be off.
pub const DEFAULT_MAX_SKEW: Duration = Duration::from_secs(5 * 60);

impl EventVerifier {
    /// A verifier of the stream that follows the request signed with `seed_signature` (its
    /// bytes) by `credentials` in `scope`; each frame's `:date` must be within
    /// [`DEFAULT_MAX_SKEW`] of the system clock.
    pub fn new(credentials: &Credentials, scope: &Scope<'_>, seed_signature: &[u8]) -> Self {
        Self {
            signing: Signing::new(credentials, scope),
            previous: seed_signature.to_vec(),
            decoder: Decoder::new(),
            frames: 0,
            ended: false,
            failed: None,
            max_skew: Some(DEFAULT_MAX_SKEW),
            as_of: None,
        }
    }

    /// How far a frame's `:date` may be from the clock, either way; `None` checks no date.
    pub fn max_skew(mut self, skew: Option<Duration>) -> Self {
        self.max_skew = skew;
        self
    }

    /// Checks the frames' dates against `now` rather than the system clock (a recorded stream
    /// replayed, a test at a fixed time).
    pub fn as_of(mut self, now: Timestamp) -> Self {
        self.as_of = Some(now);
        self
    }

    /// The messages of the events that `chunk`, the stream's next bytes, complete.
    ///
    /// # Errors
    ///
    /// The first [`EventSignatureError`] of the stream, and after it always the same one.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<Message>, EventSignatureError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        let read = self.read(chunk);
        if let Err(error) = &read {
            self.failed = Some(error.clone());
        }
        read
    }

    fn read(&mut self, chunk: &[u8]) -> Result<Vec<Message>, EventSignatureError> {
        let frames = self
            .decoder
            .push(chunk)
            .map_err(|error| EventSignatureError::Frame {
                frame: self.frames + 1,
                error,
            })?;
        let mut events = Vec::new();
        for frame in frames {
            self.frames += 1;
            if let Some(event) = self.verify(&frame)? {
                events.push(event);
            }
        }
        Ok(events)
    }

    /// Checks the frame just read: its event's message, or `None` for the end frame.
    fn verify(&mut self, frame: &Message) -> Result<Option<Message>, EventSignatureError> {
        let index = self.frames;
        if self.ended {
            return Err(EventSignatureError::AfterEnd { frame: index });
        }
        let unsigned = |header| EventSignatureError::Unsigned {
            frame: index,
            header,
        };
        let signature = match frame.header_value(SIGNATURE_HEADER) {
            Some(HeaderValue::ByteArray(bytes)) if bytes.len() == 32 => bytes,
            _ => return Err(unsigned(SIGNATURE_HEADER)),
        };
        let millis = match frame.header_value(DATE_HEADER) {
            Some(HeaderValue::Timestamp(millis)) => *millis,
            _ => return Err(unsigned(DATE_HEADER)),
        };
        let date = Timestamp::from_millisecond(millis).map_err(|_| unsigned(DATE_HEADER))?;
        if let Some(skew) = self.max_skew {
            let now = self.as_of.unwrap_or_else(Timestamp::now);
            let off = date
                .duration_since(now)
                .or_else(|| now.duration_since(date));
            if off.is_none_or(|off| off > skew) {
                return Err(EventSignatureError::Skewed {
                    frame: index,
                    date,
                    now,
                });
            }
        }
        let date_time = date_time_of(millis).ok_or_else(|| unsigned(DATE_HEADER))?;
        let signed: Vec<Header> = frame
            .headers
            .iter()
            .filter(|header| header.name != SIGNATURE_HEADER)
            .cloned()
            .collect();
        // The headers were read from the frame, so they write again.
        let headers =
            event_stream::encode_headers(&signed).map_err(|error| EventSignatureError::Frame {
                frame: index,
                error,
            })?;
        let expected = self
            .signing
            .signature(&date_time, &self.previous, &headers, &frame.payload);
        if !same_bytes(&expected, signature) {
            return Err(EventSignatureError::Mismatch { frame: index });
        }
        self.previous = expected;
        if frame.payload.is_empty() {
            self.ended = true;
            return Ok(None);
        }
        event_stream::decode(&frame.payload)
            .map(Some)
            .map_err(|error| EventSignatureError::Event {
                frame: index,
                error,
            })
    }

    /// Whether the frame that ends the stream has come.
    pub fn is_ended(&self) -> bool {
        self.ended
    }

    /// Ends the stream: an error unless it ended with its end frame, between frames.
    ///
    /// # Errors
    ///
    /// The error that stopped the stream, a stream cut inside a frame, or one with no end frame.
    pub fn finish(self) -> Result<(), EventSignatureError> {
        if let Some(error) = self.failed {
            return Err(error);
        }
        self.decoder
            .finish()
            .map_err(|error| EventSignatureError::Frame {
                frame: self.frames + 1,
                error,
            })?;
        if self.ended {
            Ok(())
        } else {
            Err(EventSignatureError::NotEnded {
                frames: self.frames,
            })
        }
    }
}

/// Whether two signatures are equal, in time that depends on their length alone.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |diff, (x, y)| diff | (x ^ y)) == 0
}
