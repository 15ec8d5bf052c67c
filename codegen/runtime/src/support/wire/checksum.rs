//! Checksums of request bodies, as the SDKs send them: `Content-MD5` where an operation requires
//! a checksum (`httpChecksumRequired`, feature `md5`), and the flexible checksum header
//! (`x-amz-checksum-crc32`) where it supports one (`httpChecksum`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::body::Body;
use super::headers::Headers;
use crate::support::error::FieldError;

/// The algorithm of a flexible checksum when the request names none, as the SDKs choose it.
pub const DEFAULT_CHECKSUM_ALGORITHM: &str = "CRC32";

/// Sets `Content-MD5` to the base64 MD5 digest of `body`, unless the caller set it.
#[cfg(feature = "md5")]
pub fn content_md5(headers: &mut Headers, body: &Body) -> Result<(), FieldError> {
    use md5::Digest as _;
    if headers.0.contains_key("content-md5") {
        return Ok(());
    }
    let digest = md5::Md5::digest(body.bytes());
    headers.insert("Content-MD5", "Content-MD5", &STANDARD.encode(digest))
}

/// Sets `x-amz-checksum-<algorithm>` to the checksum of `body`, `algorithm` being what the
/// request names (its algorithm member), else CRC32; unless the caller set a checksum header
/// already (a member bound to `x-amz-checksum-*`). CRC32 is the one algorithm computed here:
/// another named is an error that says so.
pub fn flexible_checksum(
    headers: &mut Headers,
    body: &Body,
    algorithm: Option<&str>,
) -> Result<(), FieldError> {
    if headers
        .0
        .keys()
        .any(|name| name.as_str().starts_with("x-amz-checksum-"))
    {
        return Ok(());
    }
    let algorithm = algorithm.unwrap_or(DEFAULT_CHECKSUM_ALGORITHM);
    if !algorithm.eq_ignore_ascii_case("CRC32") {
        return Err(FieldError::new(
            "ChecksumAlgorithm",
            format!(
                "the {algorithm} checksum is not computed by this crate: choose CRC32, or set \
                 the checksum's member yourself"
            ),
        ));
    }
    let checksum = crc32fast::hash(body.bytes()).to_be_bytes();
    headers.insert(
        "ChecksumAlgorithm",
        "x-amz-checksum-crc32",
        &STANDARD.encode(checksum),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_of_a_body() {
        let body = Body::Text("Hello world".to_owned());
        let mut headers = Headers::new();
        flexible_checksum(&mut headers, &body, None).unwrap_or_default();
        // CRC32 of "Hello world" is 0x8bd69e52.
        assert_eq!(
            headers.0.get("x-amz-checksum-crc32").map(|v| v.as_bytes()),
            Some(&b"i9aeUg=="[..])
        );
        #[cfg(feature = "md5")]
        {
            content_md5(&mut headers, &body).unwrap_or_default();
            // RFC 1321's digest of "Hello world": 3e25960a79dbc69b674cd4ec67a72c62.
            assert_eq!(
                headers.0.get("content-md5").map(|v| v.as_bytes()),
                Some(&b"PiWWCnnbxptnTNTsZ6csYg=="[..])
            );
        }
        let refused = flexible_checksum(&mut Headers::new(), &body, Some("SHA256"));
        assert!(refused.is_err());
    }
}
