//! The query protocol's request bodies: `Action=Op&Version=V&Key.member.1=value`, form-encoded.
//! The generated code names each key (the member naming rules of the protocol are the
//! generator's); this writes them, and for servers reads them back ([`QueryForm`]).

#[cfg(feature = "server")]
use std::borrow::Cow;
#[cfg(feature = "server")]
use std::collections::BTreeMap;

#[cfg(feature = "server")]
use percent_encoding::percent_decode_str;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::body::Body;
#[cfg(feature = "server")]
use crate::support::error::{FieldError, RequestError};

/// How many pairs a form may hold before the reader gives up (as an XML body holds at most a
/// million elements).
pub const QUERY_MAX_PAIRS: usize = 1_000_000;

/// How many parts (`A.member.1.B` has four) a key of a form may have before the reader gives up:
/// a recursive structure is read no deeper.
pub const QUERY_MAX_DEPTH: usize = 100;

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

/// A form-encoded request body read for a server: its pairs by decoded key.
#[cfg(feature = "server")]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryForm {
    pairs: BTreeMap<String, String>,
}

#[cfg(feature = "server")]
impl QueryForm {
    /// Reads `body`: `key=value` pairs joined by `&`, percent-encoded (`+` is a space). A key
    /// given twice, or text that is not UTF-8 once decoded, is an error naming the key; more
    /// than [`QUERY_MAX_PAIRS`] pairs are an error.
    pub fn parse(body: &[u8]) -> Result<Self, FieldError> {
        let text = std::str::from_utf8(body)
            .map_err(|_| FieldError::new("body", "a form body that is not UTF-8"))?;
        let mut pairs = BTreeMap::new();
        for (count, pair) in text.split('&').filter(|pair| !pair.is_empty()).enumerate() {
            if count >= QUERY_MAX_PAIRS {
                let message = format!("a form of more than {QUERY_MAX_PAIRS} pairs");
                return Err(FieldError::new("body", message));
            }
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = form_decode(key, "body")?;
            let value = form_decode(value, &key)?;
            if let Some(key) = pairs.insert(key, value).map(|_| pair) {
                let key = key.split('=').next().unwrap_or_default();
                return Err(FieldError::new(key, "a form key given twice"));
            }
        }
        Ok(Self { pairs })
    }

    /// The value of `key`, if given.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.get(key).map(String::as_str)
    }

    /// The value of `key`, or the empty text when only keys below it are given.
    pub fn value(&self, key: &str) -> &str {
        self.get(key).unwrap_or_default()
    }

    /// Whether `key` is given, or any key below it (`key.…`).
    pub fn present(&self, key: &str) -> bool {
        if self.pairs.contains_key(key) {
            return true;
        }
        let below = format!("{key}.");
        self.pairs
            .range::<str, _>((
                std::ops::Bound::Included(below.as_str()),
                std::ops::Bound::Unbounded,
            ))
            .next()
            .is_some_and(|(k, _)| k.starts_with(&below))
    }

    /// The items of a list under `key`: `key.member.N` (`key.N` when `item` is empty), from
    /// `N = 1` up to the first that is not given, each read by `read` from its key.
    pub fn list<T>(
        &self,
        key: &str,
        item: &str,
        mut read: impl FnMut(&Self, &str) -> Result<T, FieldError>,
    ) -> Result<Vec<T>, FieldError> {
        let mut items = Vec::new();
        for index in 1.. {
            let item_key = if item.is_empty() {
                format!("{key}.{index}")
            } else {
                format!("{key}.{item}.{index}")
            };
            if !self.present(&item_key) {
                break;
            }
            items.push(read(self, &item_key)?);
        }
        Ok(items)
    }

    /// The entries of a map under `key`: `key.entry.N` (`key.N` when `flattened`), each of a
    /// `.{key_name}` and a `.{value_name}`, read by `read_key` and `read_value`.
    pub fn map<K: Ord, V>(
        &self,
        key: &str,
        flattened: bool,
        (key_name, value_name): (&str, &str),
        mut read_key: impl FnMut(&Self, &str) -> Result<K, FieldError>,
        mut read_value: impl FnMut(&Self, &str) -> Result<V, FieldError>,
    ) -> Result<BTreeMap<K, V>, FieldError> {
        let entries = self.list(key, if flattened { "" } else { "entry" }, |form, entry| {
            let (entry_key, entry_value) =
                (query_key(entry, key_name), query_key(entry, value_name));
            if !form.present(&entry_key) || !form.present(&entry_value) {
                return Err(FieldError::new(
                    entry,
                    format!("a map entry without its `{key_name}` or its `{value_name}`"),
                ));
            }
            Ok((read_key(form, &entry_key)?, read_value(form, &entry_value)?))
        })?;
        Ok(entries.into_iter().collect())
    }
}

/// A structure (or union) the generated code reads from a form, its members' keys below a
/// prefix.
#[cfg(feature = "server")]
pub trait FromQuery: Sized {
    /// Reads the members of `Self` under `prefix` (empty at the top).
    fn read_query(form: &QueryForm, prefix: &str) -> Result<Self, FieldError>;
}

/// A structure of type `T` read from the keys below `key`, no deeper than
/// [`QUERY_MAX_DEPTH`].
#[cfg(feature = "server")]
pub fn read_query_structure<T: FromQuery>(form: &QueryForm, key: &str) -> Result<T, FieldError> {
    if key.split('.').count() > QUERY_MAX_DEPTH {
        return Err(FieldError::new(
            key,
            format!("keys nested more than {QUERY_MAX_DEPTH} deep"),
        ));
    }
    T::read_query(form, key)
}

/// The input a query request carries: `POST /` with a form body that names operation `action`
/// and API version `version`, read by `read`.
#[cfg(feature = "server")]
pub fn read_query_request<T>(
    request: &http::Request<Vec<u8>>,
    action: &str,
    version: &str,
    read: impl FnOnce(&QueryForm) -> Result<T, FieldError>,
) -> Result<T, RequestError> {
    if request.method() != http::Method::POST {
        let message = format!("expected POST, found {}", request.method());
        return Err(FieldError::new("method", message).into());
    }
    let form = QueryForm::parse(request.body())?;
    for (key, expected) in [("Action", action), ("Version", version)] {
        let found = form.get(key);
        if found != Some(expected) {
            let message = format!("expected `{expected}`, found {found:?}");
            return Err(FieldError::new(key, message).into());
        }
    }
    Ok(read(&form)?)
}

/// `text` percent-decoded, with `+` as a space.
#[cfg(feature = "server")]
fn form_decode(text: &str, path: &str) -> Result<String, FieldError> {
    let text: Cow<'_, str> = if text.contains('+') {
        Cow::Owned(text.replace('+', " "))
    } else {
        Cow::Borrowed(text)
    };
    percent_decode_str(&text)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| FieldError::new(path, "percent-decodes to text that is not UTF-8"))
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

    #[cfg(feature = "server")]
    #[test]
    fn forms_read_back() -> Result<(), FieldError> {
        let form = QueryForm::parse(
            b"Action=Op&Version=1&A.member.1=x%20y&A.member.2=z+w&M.entry.1.key=k&M.entry.1.value=v&S.B=1",
        )?;
        let list = form.list("A", "member", |form, key| Ok(form.value(key).to_owned()))?;
        assert_eq!(list, ["x y", "z w"]);
        let map = form.map(
            "M",
            false,
            ("key", "value"),
            |form, key| Ok(form.value(key).to_owned()),
            |form, key| Ok(form.value(key).to_owned()),
        )?;
        assert_eq!(map.get("k").map(String::as_str), Some("v"));
        assert!(form.present("S") && !form.present("S.C") && !form.present("A.member.3"));
        assert!(QueryForm::parse(b"A=1&A=2").is_err());
        assert!(QueryForm::parse(b"A=%ff").is_err());
        Ok(())
    }
}
