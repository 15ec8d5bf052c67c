//! The binding rules that every operation's `request`, `response`, `parse_request` and
//! `write_response` are written with: percent-encoding of labels and query strings, the text form
//! of values in paths, query strings and headers, timestamp formats, JSON, form and XML bodies
//! with errors that name the member path, and the assembly of complete `http` requests and
//! responses.
//!
//! The generated operations call these functions; they are public so that code written by hand
//! (a router, a test double) can follow the same rules.
//!
//! One concern per file of `wire/`: `text` (the text forms of values), `uri`, `headers`,
//! `body` (JSON documents), `checksum` (checksums of request bodies), `compress` (gzip request bodies, with feature `gzip`), `events` (event-stream
//! messages as events), `query` (the query protocol's form bodies), `xml` (XML bodies read, and
//! errors) and `xml_write` (XML bodies written), both with feature `xml`, `cbor` (CBOR items
//! written and read) and `cbor_message` (rpcv2Cbor bodies and errors), both with feature `cbor`,
//! `message` (whole requests and responses), `serde_form` (the serde impls of the generated
//! structures and enums), [`timestamp_serde`], [`float_serde`] (non-finite
//! floats as strings) and [`map_serde`] (maps of lists without their `null` entries); every item
//! is re-exported here, at the path the generated code names (`wire::X`).

mod body;
#[cfg(feature = "cbor")]
mod cbor;
#[cfg(feature = "cbor")]
mod cbor_message;
mod checksum;
#[cfg(feature = "gzip")]
mod compress;
#[cfg(feature = "events")]
mod events;
pub mod float_serde;
mod headers;
pub mod map_serde;
mod message;
mod query;
mod serde_form;
mod text;
pub mod timestamp_serde;
mod uri;
#[cfg(feature = "xml")]
mod xml;
#[cfg(feature = "xml")]
mod xml_write;

pub use body::*;
#[cfg(feature = "cbor")]
pub use cbor::*;
#[cfg(feature = "cbor")]
pub use cbor_message::*;
pub use checksum::*;
#[cfg(feature = "gzip")]
pub use compress::*;
#[cfg(feature = "events")]
pub use events::*;
pub use float_serde::{Floats, JsonFloats};
pub use headers::*;
pub use map_serde::{Dense, DenseMap};
pub use message::*;
pub use query::*;
pub use serde_form::*;
pub use text::*;
pub use timestamp_serde::{EpochSeconds, HttpDate, Timestamps};
pub use uri::*;
#[cfg(feature = "xml")]
pub use xml::*;
#[cfg(feature = "xml")]
pub use xml_write::*;
