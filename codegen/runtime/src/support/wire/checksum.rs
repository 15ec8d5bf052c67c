//! Checksums of bodies, as the SDKs send and check them: `Content-MD5` where an operation
//! requires a checksum (`httpChecksumRequired`, feature `md5`), and the flexible checksum header
//! (`x-amz-checksum-crc32`, or the algorithm the request names: CRC32C, CRC64NVME, SHA1, SHA256
//! and SHA512 with feature `checksums`) where it supports one (`httpChecksum`), checked in responses
//! too.

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

/// A flexible checksum's algorithm (`ChecksumAlgorithm`), in the order the SDKs prefer when a
/// response carries several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChecksumAlgorithm {
    /// CRC64/NVME.
    Crc64Nvme,
    /// CRC32C (Castagnoli).
    Crc32c,
    /// CRC32 (IEEE), the default.
    Crc32,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-512.
    Sha512,
}

impl ChecksumAlgorithm {
    /// Every algorithm, in the order the SDKs check a response's checksums.
    pub const ALL: [Self; 6] = [
        Self::Crc64Nvme,
        Self::Crc32c,
        Self::Crc32,
        Self::Sha1,
        Self::Sha256,
        Self::Sha512,
    ];

    /// The algorithm a request names (`CRC32`, `crc32c`, `SHA256`, `CRC64NVME`, ...), in any case.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|algorithm| algorithm.name().eq_ignore_ascii_case(name))
    }

    /// Its name as the models spell it, e.g. `CRC32C`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Crc64Nvme => "CRC64NVME",
            Self::Crc32c => "CRC32C",
            Self::Crc32 => "CRC32",
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
            Self::Sha512 => "SHA512",
        }
    }

    /// The header that carries it, e.g. `x-amz-checksum-crc32c`.
    pub fn header(self) -> &'static str {
        match self {
            Self::Crc64Nvme => "x-amz-checksum-crc64nvme",
            Self::Crc32c => "x-amz-checksum-crc32c",
            Self::Crc32 => "x-amz-checksum-crc32",
            Self::Sha1 => "x-amz-checksum-sha1",
            Self::Sha256 => "x-amz-checksum-sha256",
            Self::Sha512 => "x-amz-checksum-sha512",
        }
    }

    /// The checksum of `bytes`, base64 as the header carries it; `None` for an algorithm this
    /// build does not compute (all but CRC32 need the crate's `checksums` feature, which the
    /// services with flexible checksums turn on).
    pub fn checksum(self, bytes: &[u8]) -> Option<String> {
        let digest: Vec<u8> = match self {
            Self::Crc32 => crc32fast::hash(bytes).to_be_bytes().to_vec(),
            #[cfg(feature = "checksums")]
            Self::Crc32c => crc::Crc::<u32>::new(&crc::CRC_32_ISCSI)
                .checksum(bytes)
                .to_be_bytes()
                .to_vec(),
            #[cfg(feature = "checksums")]
            Self::Crc64Nvme => crc::Crc::<u64>::new(&crc::CRC_64_NVME)
                .checksum(bytes)
                .to_be_bytes()
                .to_vec(),
            #[cfg(feature = "checksums")]
            Self::Sha1 => sha(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, bytes),
            #[cfg(feature = "checksums")]
            Self::Sha256 => sha(&ring::digest::SHA256, bytes),
            #[cfg(feature = "checksums")]
            Self::Sha512 => sha(&ring::digest::SHA512, bytes),
            #[cfg(not(feature = "checksums"))]
            _ => return None,
        };
        Some(STANDARD.encode(digest))
    }
}

/// The `algorithm` digest of `bytes`.
#[cfg(feature = "checksums")]
fn sha(algorithm: &'static ring::digest::Algorithm, bytes: &[u8]) -> Vec<u8> {
    ring::digest::digest(algorithm, bytes).as_ref().to_vec()
}

/// Sets `x-amz-checksum-<algorithm>` to the checksum of `body`, `algorithm` being what the
/// request names (its algorithm member), else CRC32, which is then named in the algorithm
/// member's header (`algorithm_header`, S3's `x-amz-sdk-checksum-algorithm`) as the SDKs name
/// it; unless the caller set a checksum header already (a member bound to `x-amz-checksum-*`).
/// An algorithm the SDKs do not know, or one this build does not compute, is an error that says
/// so.
pub fn flexible_checksum(
    headers: &mut Headers,
    body: &Body,
    algorithm: Option<&str>,
    algorithm_header: Option<&str>,
) -> Result<(), FieldError> {
    if headers
        .0
        .keys()
        .any(|name| name.as_str().starts_with("x-amz-checksum-"))
    {
        return Ok(());
    }
    if let (None, Some(header)) = (algorithm, algorithm_header) {
        headers.insert("ChecksumAlgorithm", header, DEFAULT_CHECKSUM_ALGORITHM)?;
    }
    let name = algorithm.unwrap_or(DEFAULT_CHECKSUM_ALGORITHM);
    let chosen = ChecksumAlgorithm::from_name(name).ok_or_else(|| {
        FieldError::new(
            "ChecksumAlgorithm",
            format!(
                "`{name}` is not a checksum algorithm this crate computes (as botocore, it \
                 computes CRC32, CRC32C, CRC64NVME, SHA1, SHA256 and SHA512): choose one of \
                 those, or set the checksum's member yourself"
            ),
        )
    })?;
    let checksum = chosen.checksum(body.bytes()).ok_or_else(|| {
        FieldError::new(
            "ChecksumAlgorithm",
            format!(
                "the {name} checksum needs the crate's `checksums` feature: turn it on, choose \
                 CRC32, or set the checksum's member yourself"
            ),
        )
    })?;
    headers.insert("ChecksumAlgorithm", chosen.header(), &checksum)
}

/// Checks the body of `response` against the first checksum of it that its headers give, in the
/// SDKs' order (CRC64NVME, CRC32C, CRC32, SHA1, SHA256, SHA512), as the SDKs check it. A checksum of
/// parts (`…-N`) cannot be checked against the whole body and is left alone, as is one of an
/// algorithm this build does not compute.
pub fn verify_checksum(response: &http::Response<Vec<u8>>) -> Result<(), FieldError> {
    let Some((algorithm, expected)) = ChecksumAlgorithm::ALL
        .into_iter()
        .find_map(|algorithm| Some((algorithm, response.headers().get(algorithm.header())?)))
    else {
        return Ok(());
    };
    let header = algorithm.header();
    let expected = expected
        .to_str()
        .map_err(|_| FieldError::new(header, "the checksum is not text"))?;
    if expected.contains('-') {
        return Ok(());
    }
    let Some(actual) = algorithm.checksum(response.body()) else {
        return Ok(());
    };
    if actual == expected {
        Ok(())
    } else {
        Err(FieldError::new(
            header,
            format!(
                "the body's {} is {actual}, the response says {expected}: the body is corrupt",
                algorithm.name()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_of_a_body() {
        let body = Body::Text("Hello world".to_owned());
        let mut headers = Headers::new();
        flexible_checksum(&mut headers, &body, None, None).unwrap_or_default();
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
        let refused = flexible_checksum(&mut Headers::new(), &body, Some("MD4"), None);
        assert!(refused.is_err());
    }

    /// The checksum vectors the AWS SDKs share (aws-sdk-js-v3's, aws-c-checksums', the Kotlin
    /// and Ruby SDKs' tests): "", "abc" and "Hello world" under each algorithm.
    #[cfg(feature = "checksums")]
    #[test]
    fn the_sdks_vectors() {
        use ChecksumAlgorithm::*;
        let vectors = [
            (Crc32, ["AAAAAA==", "NSRBwg==", "i9aeUg=="]),
            (Crc32c, ["AAAAAA==", "Nks/tw==", "crUfeA=="]),
            (Crc64Nvme, ["AAAAAAAAAAA=", "BeXKuz/B+us=", "OOJZ0D8xKts="]),
            (
                Sha1,
                [
                    "2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
                    "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=",
                    "e1AsOh9IyGCa4hLN+2Od7jlnP14=",
                ],
            ),
            (
                Sha256,
                [
                    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
                    "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
                    "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw=",
                ],
            ),
            // SHA-512's, as Python's hashlib computes them.
            (
                Sha512,
                [
                    "z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==",
                    "3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==",
                    "t/eDuu2Cl/DbkXRiGE/08I5pwtXl95qUJgD5cl9Yzh8pwYE5v4CwbA//K900c4RS7PQMSIwip+PYDN9vnBwNRw==",
                ],
            ),
        ];
        for (algorithm, expected) in vectors {
            for (input, expected) in ["", "abc", "Hello world"].into_iter().zip(expected) {
                assert_eq!(
                    algorithm.checksum(input.as_bytes()).as_deref(),
                    Some(expected),
                    "{algorithm:?} of {input:?}"
                );
            }
            let mut headers = Headers::new();
            let body = Body::Text("Hello world".to_owned());
            let name = algorithm.name().to_ascii_lowercase();
            assert!(flexible_checksum(&mut headers, &body, Some(&name), None).is_ok());
            let response = {
                let mut response = http::Response::new(b"Hello world".to_vec());
                *response.headers_mut() = headers.0.clone();
                response
            };
            assert!(verify_checksum(&response).is_ok(), "{algorithm:?}");
            let mut corrupt = response;
            corrupt.body_mut()[0] = b'J';
            let error = verify_checksum(&corrupt).map(|()| String::new());
            assert!(
                error.is_err_and(|e| e.path() == algorithm.header()),
                "{algorithm:?}"
            );
        }
    }

    #[test]
    fn a_response_is_checked_by_the_first_algorithm_in_the_sdks_order() {
        let mut response = http::Response::new(b"Hello world".to_vec());
        let headers = response.headers_mut();
        // A wrong SHA256 is not looked at: CRC32 comes first.
        headers.insert(
            "x-amz-checksum-sha256",
            http::HeaderValue::from_static("AAAA"),
        );
        headers.insert(
            "x-amz-checksum-crc32",
            http::HeaderValue::from_static("i9aeUg=="),
        );
        assert!(verify_checksum(&response).is_ok());
        response.headers_mut().insert(
            "x-amz-checksum-crc32",
            http::HeaderValue::from_static("AAAAAA=="),
        );
        assert!(verify_checksum(&response).is_err());
        // A checksum of parts is not one of the whole body.
        response.headers_mut().insert(
            "x-amz-checksum-crc32",
            http::HeaderValue::from_static("AAAAAA==-3"),
        );
        assert!(verify_checksum(&response).is_ok());
    }
}
