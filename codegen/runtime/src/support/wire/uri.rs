//! The request URI: labels and query strings percent-encoded, host prefixes.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::support::error::FieldError;

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is percent-encoded.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A greedy label (`{Key+}`) keeps its `/`.
pub(super) const UNRESERVED_AND_SLASH: &AsciiSet = &UNRESERVED.remove(b'/');

/// A request's path and query string, built from the operation's URI template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uri {
    pub(super) text: String,
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
/// A value S3 gave URL-encoded (`EncodingType=url`: `+` for a space, `%XX` for other bytes),
/// decoded in place. A value that is not UTF-8 once decoded is an error naming `path`.
pub fn url_decode(value: &mut impl UrlEncoded, path: &str) -> Result<(), FieldError> {
    value.decode(path)
}

/// What [`url_decode`] decodes: a string, or an optional one.
pub trait UrlEncoded {
    /// Decodes the value in place.
    fn decode(&mut self, path: &str) -> Result<(), FieldError>;
}

impl UrlEncoded for String {
    fn decode(&mut self, path: &str) -> Result<(), FieldError> {
        if !self.contains(['+', '%']) {
            return Ok(());
        }
        let spaced = self.replace('+', " ");
        let decoded = percent_encoding::percent_decode_str(&spaced)
            .decode_utf8()
            .map_err(|_| {
                FieldError::new(path, "the URL-encoded value is not UTF-8 once decoded")
            })?;
        *self = decoded.into_owned();
        Ok(())
    }
}

impl UrlEncoded for Option<String> {
    fn decode(&mut self, path: &str) -> Result<(), FieldError> {
        match self {
            Some(value) => value.decode(path),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoded_values_decode_as_s3_encodes_them() {
        // S3 encodes a space as `+`, a `+` as `%2B`, and control characters XML cannot carry.
        let mut key = "photos/2024+summer%2Bwinter/%01%C3%BC.jpg".to_owned();
        assert!(url_decode(&mut key, "Contents.Key").is_ok());
        assert_eq!(key, "photos/2024 summer+winter/\u{1}ü.jpg");
        let mut none: Option<String> = None;
        assert!(url_decode(&mut none, "Prefix").is_ok());
        let mut bad = Some("%FF".to_owned());
        let error = url_decode(&mut bad, "Prefix").map_err(|e| e.path().to_owned());
        assert_eq!(error, Err("Prefix".to_owned()));
    }
}
