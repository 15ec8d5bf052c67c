//! Headers: writing them, and reading single values, lists and prefixed maps of them.

use std::collections::BTreeMap;

use http::HeaderMap;
use http::header::{HeaderName, HeaderValue};

use crate::support::error::FieldError;

/// The headers of a request or response being built.
#[derive(Debug, Clone, Default)]
pub struct Headers(pub(super) HeaderMap);

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
