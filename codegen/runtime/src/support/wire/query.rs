//! The query protocol's request bodies: `Action=Op&Version=V&Key.member.1=value`, form-encoded.
//! The generated code names each key (the member naming rules of the protocol are the
//! generator's); this writes them.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::body::Body;

/// What a form key or value keeps unencoded: letters, digits and `-_.~`, as botocore's
/// `percent_encode_sequence` does.
const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The media type of a query request.
pub const FORM_URLENCODED: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// A query request's body, written pair by pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWriter {
    body: String,
}

impl QueryWriter {
    /// A body that names the operation (`Action`) and the API version (`Version`).
    pub fn new(action: &str, version: &str) -> Self {
        let mut writer = Self {
            body: String::with_capacity(64),
        };
        writer.pair("Action", action);
        writer.pair("Version", version);
        writer
    }

    /// Adds `key=value`, each percent-encoded.
    pub fn pair(&mut self, key: &str, value: &str) {
        if !self.body.is_empty() {
            self.body.push('&');
        }
        self.body.extend(utf8_percent_encode(key, FORM));
        self.body.push('=');
        self.body.extend(utf8_percent_encode(value, FORM));
    }

    /// The body.
    pub fn finish(self) -> Body {
        Body::Form(self.body.into_bytes())
    }
}

/// A key below `prefix`: `prefix.name`, or `name` at the top.
pub fn query_key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// A structure the generated code writes into a query body, its members' keys below a prefix.
pub trait QueryStructure {
    /// Writes every set member of `self` under `prefix` (empty at the top).
    fn write_query(&self, writer: &mut QueryWriter, prefix: &str);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_form_encoded() {
        let mut writer = QueryWriter::new("Op", "2020-01-08");
        writer.pair(&query_key("A", "b"), "x y&z=é~");
        writer.pair(&query_key("", "Empty"), "");
        assert_eq!(
            writer.finish(),
            Body::Form(b"Action=Op&Version=2020-01-08&A.b=x%20y%26z%3D%C3%A9~&Empty=".to_vec())
        );
    }
}
