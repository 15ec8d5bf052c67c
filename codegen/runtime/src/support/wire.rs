//! The restJson1 binding rules that every operation's `request`, `response`, `parse_request` and
//! `write_response` are written with: percent-encoding of labels and query strings, the text form
//! of values in paths, query strings and headers, timestamp formats, JSON bodies with errors that
//! name the member path, and the assembly of complete `http` requests and responses.
//!
//! The generated operations call these functions; they are public so that code written by hand
//! (a router, a test double) can follow the same rules.
//!
//! One concern per file of `wire/`: `text` (the text forms of values), `uri`, `headers`,
//! `body` (JSON documents), `query` (the query protocol's form bodies), `xml` (XML bodies and
//! errors, with feature `xml`), `message` (whole requests and responses) and
//! [`timestamp_serde`];
//! every item is re-exported here, at the path the generated code names (`wire::X`).

mod body;
mod headers;
mod message;
mod query;
mod text;
pub mod timestamp_serde;
mod uri;
#[cfg(feature = "xml")]
mod xml;

pub use body::*;
pub use headers::*;
pub use message::*;
pub use query::*;
pub use text::*;
pub use uri::*;
#[cfg(feature = "xml")]
pub use xml::*;
