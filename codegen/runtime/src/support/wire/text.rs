//! The text form of values in paths, query strings and headers: timestamps in each format,
//! numbers, booleans, blobs and JSON values; and the small helpers that name a member in an error.

use std::borrow::Cow;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::support::error::FieldError;
use crate::support::timestamp::Civil;
use crate::support::{Blob, Timestamp};

/// How a timestamp is written: a member's or shape's `timestampFormat`, or the default of where
/// it travels (ISO 8601 in a query string, an HTTP date in a header, epoch seconds in a JSON
/// body).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// `iso8601`: RFC 3339 in UTC, `2024-10-15T17:30:00Z`.
    DateTime,
    /// `rfc822`: an IMF-fixdate, `Tue, 15 Oct 2024 17:30:00 GMT`.
    HttpDate,
    /// `unixTimestamp`: seconds since the epoch, with milliseconds when there are any.
    EpochSeconds,
}

/// `timestamp` in `format`.
pub fn format_timestamp(timestamp: &Timestamp, format: TimestampFormat) -> String {
    match format {
        TimestampFormat::DateTime => timestamp.to_string(),
        TimestampFormat::HttpDate => timestamp.to_http_date(),
        TimestampFormat::EpochSeconds => {
            let millis = timestamp.as_millisecond();
            let sign = if millis < 0 { "-" } else { "" };
            let abs = millis.unsigned_abs();
            let (seconds, fraction) = (abs / 1000, abs % 1000);
            if fraction == 0 {
                format!("{sign}{seconds}")
            } else {
                let digits = format!("{fraction:03}");
                format!("{sign}{seconds}.{}", digits.trim_end_matches('0'))
            }
        }
    }
}

/// Reads a timestamp written in `format`.
pub fn parse_timestamp(text: &str, format: TimestampFormat) -> Result<Timestamp, String> {
    match format {
        TimestampFormat::DateTime => match parse_utc_date_time(text) {
            Some(timestamp) => Ok(timestamp),
            None => text
                .parse::<Timestamp>()
                .map_err(|e| format!("expected an ISO 8601 timestamp: {e}")),
        },
        TimestampFormat::HttpDate => {
            Timestamp::from_http_date(text).map_err(|e| format!("expected an HTTP date: {e}"))
        }
        TimestampFormat::EpochSeconds => parse_epoch_seconds(text),
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, the form AWS writes its timestamps in, read without the
/// general parser; `None` for any other text, and for a date or time out of range, which the
/// general parser reads or explains.
fn parse_utc_date_time(text: &str) -> Option<Timestamp> {
    let (date_time, rest) = text.as_bytes().split_at_checked(19)?;
    let fraction = match rest.strip_suffix(b"Z")? {
        [] => &[][..],
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => digits,
        _ => return None,
    };
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0i32, |value, digit| {
            digit
                .is_ascii_digit()
                .then(|| value * 10 + i32::from(digit - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators
        .iter()
        .any(|(at, separator)| date_time.get(*at) != Some(separator))
    {
        return None;
    }
    let field = |at: std::ops::Range<usize>| date_time.get(at).and_then(number);
    let part = |at| field(at).and_then(|value| u8::try_from(value).ok());
    let nanos = number(fraction)? * 10i32.pow(9 - fraction.len() as u32);
    let civil = Civil {
        year: i64::from(field(0..4)?),
        month: part(5..7)?,
        day: part(8..10)?,
        hour: part(11..13)?,
        minute: part(14..16)?,
        second: part(17..19)?,
        nanosecond: u32::try_from(nanos).ok()?,
    };
    Timestamp::from_civil(civil, 0).ok()
}

fn parse_epoch_seconds(text: &str) -> Result<Timestamp, String> {
    let bad = || format!("expected seconds since the epoch, found `{text}`");
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || fraction.len() > 9
    {
        return Err(bad());
    }
    let seconds: i64 = whole.parse().map_err(|_| bad())?;
    let nanos: i32 = format!("{fraction:0<9}").parse().map_err(|_| bad())?;
    let (seconds, nanos) = if negative {
        (-seconds, -nanos)
    } else {
        (seconds, nanos)
    };
    Timestamp::new(seconds, nanos).map_err(|e| format!("{}: {e}", bad()))
}

/// A value's text form in a URI, a query string or a header: strings as they are, numbers in
/// decimal (`NaN`, `Infinity`, `-Infinity` for floats), booleans as `true`/`false`, blobs in
/// base64. Enums use their `as_str` and `From<&str>`; timestamps [`format_timestamp`].
pub trait Text: Sized {
    /// The text form.
    fn to_text(&self) -> Cow<'_, str>;
    /// Reads the text form.
    fn from_text(text: &str) -> Result<Self, String>;
}

impl Text for String {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }

    fn from_text(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

impl Text for bool {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }

    fn from_text(text: &str) -> Result<Self, String> {
        match text {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(format!("expected `true` or `false`, found `{other}`")),
        }
    }
}

macro_rules! integer_text {
    ($($t:ty),*) => {$(
        impl Text for $t {
            fn to_text(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }

            fn from_text(text: &str) -> Result<Self, String> {
                text.parse().map_err(|_| {
                    format!("expected an integer of type {}, found `{text}`", stringify!($t))
                })
            }
        }
    )*};
}
integer_text!(i32, i64);

/// The text of a float that is not finite (`NaN`, `Infinity`, `-Infinity`), which the text forms
/// and JSON bodies write in place of a number; `None` for a finite one.
pub(super) fn non_finite_text(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value.is_infinite() {
        Some(if value > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        None
    }
}

/// The float that is not finite which `text` names, if it names one.
pub(super) fn non_finite_from_text(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

macro_rules! float_text {
    ($($t:ty),*) => {$(
        impl Text for $t {
            fn to_text(&self) -> Cow<'_, str> {
                match non_finite_text(f64::from(*self)) {
                    Some(text) => Cow::Borrowed(text),
                    None => Cow::Owned(self.to_string()),
                }
            }

            fn from_text(text: &str) -> Result<Self, String> {
                match non_finite_from_text(text) {
                    // A non-finite `f64` is the same value as an `f32`.
                    Some(value) => Ok(value as $t),
                    _ if text.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) => {
                        text.parse().map_err(|_| format!("expected a number, found `{text}`"))
                    }
                    _ => Err(format!("expected a number, found `{text}`")),
                }
            }
        }
    )*};
}
float_text!(f32, f64);

impl Text for Blob {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(STANDARD.encode(self.as_bytes()))
    }

    fn from_text(text: &str) -> Result<Self, String> {
        STANDARD
            .decode(text.as_bytes())
            .map(Blob::from)
            .map_err(|e| format!("expected base64: {e}"))
    }
}

/// A `jsonvalue` member's header form: the base64 of its JSON text.
pub fn encode_json_value(json: &str) -> String {
    STANDARD.encode(json.as_bytes())
}

/// Reads a `jsonvalue` header: base64 of JSON text.
pub fn decode_json_value(text: &str) -> Result<String, String> {
    let bytes = STANDARD
        .decode(text.as_bytes())
        .map_err(|e| format!("expected base64 of JSON: {e}"))?;
    let json = String::from_utf8(bytes).map_err(|_| "expected base64 of UTF-8 JSON".to_owned())?;
    serde_json::from_str::<serde::de::IgnoredAny>(&json)
        .map_err(|e| format!("expected base64 of JSON: {e}"))?;
    Ok(json)
}

/// `result` with its error placed at member path `path`.
pub fn at<T>(path: &str, result: Result<T, String>) -> Result<T, FieldError> {
    result.map_err(|message| FieldError::new(path, message))
}

/// A required value, or an error naming the missing member.
pub fn required<T>(path: &str, value: Option<T>) -> Result<T, FieldError> {
    value.ok_or_else(|| FieldError::new(path, "required member is missing"))
}

/// A fresh idempotency token: a random UUID version 4, lower-case, as the SDKs send it.
///
/// Its random bits are SipHash values under keys the standard library draws from the operating
/// system (`RandomState`, fresh keys for each one), of a count that grows with every token: a
/// token is unique and cannot be foreseen, which is all a service asks of one, and no build pays
/// for a random-number crate and the C library bindings under it.
pub fn idempotency_token() -> String {
    use std::hash::{BuildHasher as _, Hasher as _};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let mut bytes = [0u8; 16];
    for half in bytes.chunks_exact_mut(8) {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(COUNT.fetch_add(1, Ordering::Relaxed));
        half.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    // RFC 9562: version 4 in the high nibble of byte 6, variant `10` in the top bits of byte 8.
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut token = String::with_capacity(36);
    for (i, byte) in bytes.into_iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            token.push('-');
        }
        token.push(char::from(HEX[usize::from(byte >> 4)]));
        token.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    token
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_tokens_are_distinct_version_4_uuids() {
        let per_thread = |n: usize| (0..n).map(|_| idempotency_token()).collect::<Vec<_>>();
        let mut tokens = per_thread(10_000);
        let threads: Vec<_> = (0..4)
            .map(|_| std::thread::spawn(move || per_thread(2_500)))
            .collect();
        for thread in threads {
            tokens.extend(thread.join().unwrap_or_default());
        }
        assert_eq!(tokens.len(), 20_000);
        for token in &tokens {
            let bytes = token.as_bytes();
            assert_eq!(bytes.len(), 36, "{token}");
            for (i, &byte) in bytes.iter().enumerate() {
                if matches!(i, 8 | 13 | 18 | 23) {
                    assert_eq!(byte, b'-', "{token}");
                } else {
                    assert!(matches!(byte, b'0'..=b'9' | b'a'..=b'f'), "{token}");
                }
            }
            assert_eq!(bytes[14], b'4', "version: {token}");
            assert!(
                matches!(bytes[19], b'8' | b'9' | b'a' | b'b'),
                "variant: {token}"
            );
        }
        let distinct: std::collections::BTreeSet<&String> = tokens.iter().collect();
        assert_eq!(distinct.len(), tokens.len());
        // Each of the 122 random bits is set in some token and clear in another.
        let bits = |token: &str| u128::from_str_radix(&token.replace('-', ""), 16).unwrap_or(0);
        let (ones, zeros) = tokens.iter().fold((0u128, 0u128), |(ones, zeros), token| {
            (ones | bits(token), zeros | !bits(token))
        });
        let fixed = (0xf_u128 << 76) | (0x3_u128 << 62);
        assert_eq!(ones & zeros | fixed, u128::MAX);
    }

    #[test]
    fn reads_aws_date_times_as_the_general_parser_does() {
        for text in [
            "2026-11-30T12:00:00Z",
            "2026-11-30T12:00:00.000Z",
            "2024-02-29T23:59:59.5Z",
            "1970-01-01T00:00:00.123456789Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            // A leap second is read as the second before it, by both.
            "2026-12-31T23:59:60Z",
        ] {
            assert_eq!(
                parse_utc_date_time(text),
                text.parse::<Timestamp>().ok(),
                "{text}"
            );
            assert!(parse_utc_date_time(text).is_some(), "{text}");
        }
        // Other forms, and dates out of range, are left to the general parser.
        for text in [
            "2026-11-30T12:00:00+01:00",
            "2026-11-30t12:00:00Z",
            "2026-11-30T12:00:00.Z",
            "2026-11-30T12:00:00.1234567890Z",
            "2026-11-30T12:00:00",
            "2023-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-1a-30T12:00:00Z",
            "+2026-11-30T12:00:00Z",
            "",
        ] {
            assert_eq!(parse_utc_date_time(text), None, "{text}");
        }
        assert_eq!(
            parse_timestamp("2026-11-30T12:00:00+01:00", TimestampFormat::DateTime).ok(),
            "2026-11-30T11:00:00Z".parse::<Timestamp>().ok()
        );
        assert!(parse_timestamp("2023-02-29T00:00:00Z", TimestampFormat::DateTime).is_err());
    }
}
