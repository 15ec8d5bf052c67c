//! Request compression (`requestcompression`, feature `gzip`): a request body of at least the
//! configured size is sent gzip-compressed, with `gzip` appended to its `Content-Encoding`, as
//! the SDKs send CloudWatch's `PutMetricData`. The client does it after
//! [`Operation::request`](crate::Operation::request), unless configured not to; a server undoes
//! it with [`decompress_request`] before `parse_request`.

#[cfg(feature = "server")]
use std::io::Read as _;
use std::io::Write as _;

use flate2::Compression;
#[cfg(feature = "server")]
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, HeaderValue};

#[cfg(feature = "server")]
use crate::support::error::FieldError;

/// Compresses the body of `request` with the first of `encodings` (the operation's, in the
/// model's order) that this crate writes, when the body has at least `min_size` bytes (the SDKs' default: 10 KiB): the body
/// is replaced, the encoding appended to `Content-Encoding` (after any the caller set) and
/// `Content-Length` updated. Returns whether it compressed.
pub fn compress_request(
    request: &mut http::Request<Vec<u8>>,
    encodings: &[&str],
    min_size: usize,
) -> bool {
    if request.body().len() < min_size || !encodings.contains(&"gzip") {
        return false;
    }
    let mut encoder = GzEncoder::new(
        Vec::with_capacity(request.body().len() / 4),
        Compression::default(),
    );
    // Writing into a `Vec` does not fail; if it ever did, the body is sent as it is.
    let Ok(compressed) = encoder
        .write_all(request.body())
        .and_then(|()| encoder.finish())
    else {
        return false;
    };
    let encoding = match request.headers().get(CONTENT_ENCODING) {
        Some(existing) => {
            let mut value = existing.as_bytes().to_vec();
            value.extend_from_slice(b", gzip");
            HeaderValue::from_bytes(&value).unwrap_or(HeaderValue::from_static("gzip"))
        }
        None => HeaderValue::from_static("gzip"),
    };
    let headers = request.headers_mut();
    headers.insert(CONTENT_ENCODING, encoding);
    headers.insert(CONTENT_LENGTH, HeaderValue::from(compressed.len()));
    *request.body_mut() = compressed;
    true
}

/// `request` as its sender wrote it before compressing it: when `gzip` is the last of its
/// `Content-Encoding`s, its body gunzipped, `gzip` taken off `Content-Encoding` (the header
/// removed when nothing is left) and `Content-Length` set again; else `request` as it is. A body
/// that inflates past `limit` bytes, or is not gzip, is an error.
#[cfg(feature = "server")]
pub fn decompress_request(
    mut request: http::Request<Vec<u8>>,
    limit: usize,
) -> Result<http::Request<Vec<u8>>, FieldError> {
    let mut encodings: Vec<String> = request
        .headers()
        .get_all(CONTENT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|encoding| encoding.trim().to_owned())
        .filter(|encoding| !encoding.is_empty())
        .collect();
    if !encodings
        .last()
        .is_some_and(|encoding| encoding.eq_ignore_ascii_case("gzip"))
    {
        return Ok(request);
    }
    encodings.pop();
    let mut body = Vec::new();
    let read = GzDecoder::new(request.body().as_slice())
        .take(limit as u64 + 1)
        .read_to_end(&mut body);
    match read {
        Err(error) => {
            return Err(FieldError::new(
                "Content-Encoding",
                format!("the body is not gzip: {error}"),
            ));
        }
        Ok(length) if length > limit => {
            return Err(FieldError::new(
                "Content-Encoding",
                format!("the gzipped body inflates past {limit} bytes"),
            ));
        }
        Ok(_) => {}
    }
    let headers = request.headers_mut();
    headers.remove(CONTENT_ENCODING);
    if !encodings.is_empty() {
        let value = HeaderValue::from_str(&encodings.join(", ")).map_err(|_| {
            FieldError::new(
                "Content-Encoding",
                "the other encodings are not a header value",
            )
        })?;
        headers.insert(CONTENT_ENCODING, value);
    }
    headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
    *request.body_mut() = body;
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &[u8], encoding: Option<&'static str>) -> http::Request<Vec<u8>> {
        let mut request = http::Request::new(body.to_vec());
        if let Some(encoding) = encoding {
            request
                .headers_mut()
                .insert(CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        request
    }

    #[test]
    fn a_large_body_is_gzipped_and_reads_back() {
        let body = b"Namespace=Example&MetricData.member.1.Value=1".repeat(400);
        let mut compressed = request(&body, Some("custom"));
        assert!(compress_request(&mut compressed, &["gzip"], 10_240));
        assert_eq!(compressed.headers()[CONTENT_ENCODING], "custom, gzip");
        assert!(compressed.body().starts_with(&[0x1f, 0x8b]));
        assert_eq!(
            compressed.headers()[CONTENT_LENGTH],
            compressed.body().len().to_string().as_str()
        );
        #[cfg(feature = "server")]
        {
            let copy = |request: &http::Request<Vec<u8>>| {
                let mut copy = http::Request::new(request.body().clone());
                *copy.headers_mut() = request.headers().clone();
                copy
            };
            assert!(decompress_request(copy(&compressed), 100).is_err());
            let read = decompress_request(compressed, 1 << 20).expect("gunzipped");
            assert_eq!(read.body(), &body);
            assert_eq!(read.headers()[CONTENT_ENCODING], "custom");
            assert_eq!(
                read.headers()[CONTENT_LENGTH],
                body.len().to_string().as_str()
            );
        }
    }

    #[test]
    fn small_bodies_and_other_encodings_stay() {
        let mut small = request(b"x=1", None);
        assert!(!compress_request(&mut small, &["gzip"], 10_240));
        assert_eq!(small.body(), b"x=1");
        assert!(small.headers().get(CONTENT_ENCODING).is_none());
        let mut other = request(b"x=1", None);
        assert!(!compress_request(&mut other, &["br"], 0));
        #[cfg(feature = "server")]
        {
            let junk = request(b"not gzip at all", Some("gzip"));
            assert!(decompress_request(junk, 100).is_err());
            let plain = decompress_request(request(b"x=1", Some("custom")), 100).expect("as it is");
            assert_eq!(plain.body(), b"x=1");
        }
    }
}
