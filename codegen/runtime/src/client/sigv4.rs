//! AWS Signature Version 4, as the official SDKs and botocore compute it for services other than
//! S3: the path encoded once more (each `%` of an already encoded path becomes `%25`), dot
//! segments and repeated slashes removed, the query sorted, every header signed but the
//! hop-by-hop and tracing ones botocore leaves out (and `Authorization`), and the payload hashed.
//!
//! [`sign`] signs an [`http::Request`] in place; the steps it takes are public too
//! ([`canonical_request`], [`string_to_sign`], [`signature`]) so that a request written by other
//! means can be checked against them.

use std::fmt::Write as _;

use http::header::{AUTHORIZATION, HOST, HeaderName, HeaderValue};
use ring::{digest, hmac};

use super::credentials::Credentials;
use crate::Timestamp;

/// The algorithm's name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Headers never signed, as botocore's `SIGNED_HEADERS_BLACKLIST`: proxies, tracers and the
/// transport may add or change them.
pub const UNSIGNED_HEADERS: &[&str] = &[
    "authorization",
    "baggage",
    "connection",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "traceparent",
    "tracestate",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

/// What a signature is for: the region and the service's signing name (`metadata.signingName`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope<'a> {
    /// The region, e.g. `us-west-2`.
    pub region: &'a str,
    /// The signing name, e.g. `example` (several services may sign with one name).
    pub service: &'a str,
}

/// Why a request could not be signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningError(String);

impl SigningError {
    /// An error described by `reason`.
    pub fn new(reason: impl Into<String>) -> Self {
        Self(reason.into())
    }
}

impl std::fmt::Display for SigningError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot sign the request: {}", self.0)
    }
}

impl std::error::Error for SigningError {}

/// Signs `request` in place: adds `Host` (from the URI's authority) when it is missing,
/// `X-Amz-Date`, `X-Amz-Security-Token` when the credentials have a session token, for S3
/// `X-Amz-Content-Sha256`, and `Authorization`.
pub fn sign(
    request: &mut http::Request<Vec<u8>>,
    credentials: &Credentials,
    scope: &Scope<'_>,
    time: Timestamp,
) -> Result<(), SigningError> {
    let hash = payload_hash(request.body());
    sign_with_hash(request, credentials, scope, time, &hash, false).map(|_| ())
}

/// The payload hash of a request whose body is a stream of signed events: each event is signed
/// apart (`client::event_signing`, with the `events` feature), the request with this in place of its
/// payload's hash, also sent as `X-Amz-Content-Sha256`.
pub const STREAMING_EVENTS: &str = "STREAMING-AWS4-HMAC-SHA256-EVENTS";

/// Signs in place, as [`sign`] does, a request whose body is a stream of signed events (the body
/// of `request` is not sent, and not hashed): its payload hash is [`STREAMING_EVENTS`], sent as
/// `X-Amz-Content-Sha256`. Returns the signature's bytes, the seed of the events' chain.
pub fn sign_event_stream<B>(
    request: &mut http::Request<B>,
    credentials: &Credentials,
    scope: &Scope<'_>,
    time: Timestamp,
) -> Result<Vec<u8>, SigningError> {
    let signature = sign_with_hash(request, credentials, scope, time, STREAMING_EVENTS, true)?;
    hex_decode(&signature).ok_or_else(|| SigningError("a signature that is not hex".to_owned()))
}

/// Signs `request` with `hash` as its payload's hash (also sent as `X-Amz-Content-Sha256` when
/// `hash_header`, as S3 always wants it), and returns the signature in hex.
fn sign_with_hash<B>(
    request: &mut http::Request<B>,
    credentials: &Credentials,
    scope: &Scope<'_>,
    time: Timestamp,
    hash: &str,
    hash_header: bool,
) -> Result<String, SigningError> {
    let date_time = time.to_basic_iso8601();
    let uri = request.uri().clone();
    if !request.headers().contains_key(HOST) {
        let authority = uri
            .authority()
            .ok_or_else(|| SigningError("the URI has no host".to_owned()))?;
        let host = canonical_host(uri.scheme_str(), authority);
        let value = HeaderValue::from_str(&host)
            .map_err(|_| SigningError(format!("invalid host `{host}`")))?;
        request.headers_mut().insert(HOST, value);
    }
    let headers = request.headers_mut();
    headers.remove(AUTHORIZATION);
    headers.insert(
        HeaderName::from_static("x-amz-date"),
        HeaderValue::from_str(&date_time).map_err(|_| SigningError("invalid date".to_owned()))?,
    );
    if let Some(token) = credentials.session_token() {
        let mut value = HeaderValue::from_str(token).map_err(|_| {
            SigningError("the session token is not a valid header value".to_owned())
        })?;
        value.set_sensitive(true);
        headers.insert(HeaderName::from_static("x-amz-security-token"), value);
    }
    let s3 = S3_SIGNING_NAMES.contains(&scope.service);
    if s3 || hash_header {
        // S3 wants the payload's hash in a header of its own.
        request.headers_mut().insert(
            HeaderName::from_static("x-amz-content-sha256"),
            HeaderValue::from_str(hash).map_err(|_| SigningError("invalid hash".to_owned()))?,
        );
    }
    // S3 signs its path as written.
    let rules = if s3 {
        PathRules::S3
    } else {
        PathRules::SERVICES
    };
    let pairs = header_pairs(request.headers());
    let canonical = canonical_request(
        request.method().as_str(),
        uri.path(),
        uri.query().unwrap_or(""),
        &pairs,
        hash,
        rules,
    );
    let to_sign = string_to_sign(&date_time, scope, &canonical.text);
    let signature = signature(credentials.secret_access_key(), &date_time, scope, &to_sign);
    let authorization = format!(
        "{ALGORITHM} Credential={}/{}, SignedHeaders={}, Signature={signature}",
        credentials.access_key_id(),
        credential_scope(&date_time, scope),
        canonical.signed_headers,
    );
    let mut value = HeaderValue::from_str(&authorization)
        .map_err(|_| SigningError("the access key id is not a valid header value".to_owned()))?;
    value.set_sensitive(true);
    request.headers_mut().insert(AUTHORIZATION, value);
    Ok(signature)
}

/// The `Host` header for a URI: the authority without the scheme's default port.
pub fn canonical_host(scheme: Option<&str>, authority: &http::uri::Authority) -> String {
    let default_port = match scheme {
        Some("https") => Some(443),
        Some("http") => Some(80),
        _ => None,
    };
    match authority.port_u16() {
        Some(port) if Some(port) != default_port => format!("{}:{port}", authority.host()),
        _ => authority.host().to_owned(),
    }
}

/// How the path goes into the canonical request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathRules {
    /// Remove dot segments and repeated slashes.
    pub normalize: bool,
    /// Encode the path's `%` again (`%3A` → `%253A`), as every service but S3 expects of a
    /// path that is already percent-encoded; otherwise only the characters that are neither
    /// unreserved, `/` nor `%` are encoded.
    pub encode_again: bool,
}

impl PathRules {
    /// The rules of every service but S3: normalized, encoded again.
    pub const SERVICES: Self = Self {
        normalize: true,
        encode_again: true,
    };

    /// S3's rules: the path as it is written (a key may hold `//` or `..`), encoded once.
    pub const S3: Self = Self {
        normalize: false,
        encode_again: false,
    };
}

/// The signing names that sign with [`PathRules::S3`] and send the payload's hash in
/// `x-amz-content-sha256`, as the SDKs sign S3 and its variants.
pub const S3_SIGNING_NAMES: &[&str] = &["s3", "s3-object-lambda", "s3-outposts", "s3express"];

/// A canonical request and the list of headers it signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    /// The canonical request's text.
    pub text: String,
    /// The signed headers' names, lower case, sorted and joined with `;`.
    pub signed_headers: String,
}

/// The name and value of each of `headers`, as [`canonical_request`] takes them.
pub(crate) fn header_pairs(headers: &http::HeaderMap) -> Vec<(&str, &[u8])> {
    let mut pairs = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        pairs.push((name.as_str(), value.as_bytes()));
    }
    pairs
}

/// The canonical request of SigV4 from the request's parts as they go on the wire: `path` and
/// `query` as written in the request line (already percent-encoded; the path is encoded once
/// more under [`PathRules::SERVICES`]), `headers` in order (values of a repeated name are joined
/// with `,` in that order), `payload_hash` the hex SHA-256 of the body.
pub fn canonical_request(
    method: &str,
    path: &str,
    query: &str,
    headers: &[(&str, &[u8])],
    payload_hash: &str,
    rules: PathRules,
) -> CanonicalRequest {
    let mut text = String::with_capacity(256);
    text.push_str(method);
    text.push('\n');
    let path = if rules.normalize {
        remove_dot_segments(path)
    } else {
        path.to_owned()
    };
    if path.is_empty() {
        text.push('/');
    } else {
        encode_path_into(&mut text, path.as_bytes(), rules.encode_again);
    }
    text.push('\n');
    text.push_str(&canonical_query(query));
    text.push('\n');

    let mut signed: Vec<(String, String)> = Vec::new();
    for (name, value) in headers {
        let name = name.trim().to_ascii_lowercase();
        if UNSIGNED_HEADERS.contains(&name.as_str()) {
            continue;
        }
        let value = trim_value(value);
        match signed.iter_mut().find(|(n, _)| *n == name) {
            Some((_, joined)) => {
                joined.push(',');
                joined.push_str(&value);
            }
            None => signed.push((name, value)),
        }
    }
    // Each name is there once, so sorting the pairs sorts the names (and shares the sort the
    // query's pairs use).
    signed.sort();
    for (name, value) in &signed {
        text.push_str(name);
        text.push(':');
        text.push_str(value);
        text.push('\n');
    }
    text.push('\n');
    let names: Vec<&str> = signed.iter().map(|(name, _)| name.as_str()).collect();
    let signed_headers = names.join(";");
    text.push_str(&signed_headers);
    text.push('\n');
    text.push_str(payload_hash);
    CanonicalRequest {
        text,
        signed_headers,
    }
}

/// The string to sign: the algorithm, the time (`20150830T123600Z`), the credential scope and
/// the canonical request's hash.
pub fn string_to_sign(date_time: &str, scope: &Scope<'_>, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{date_time}\n{}\n{}",
        credential_scope(date_time, scope),
        hex(digest::digest(&digest::SHA256, canonical_request.as_bytes()).as_ref())
    )
}

/// The signature of `string_to_sign`, in hex: HMAC-SHA256 with the key derived from the secret
/// access key, the date, the region and the service.
pub fn signature(
    secret_access_key: &str,
    date_time: &str,
    scope: &Scope<'_>,
    string_to_sign: &str,
) -> String {
    hex(signature_bytes(secret_access_key, date_time, scope, string_to_sign).as_ref())
}

/// [`signature`] as bytes.
pub(super) fn signature_bytes(
    secret_access_key: &str,
    date_time: &str,
    scope: &Scope<'_>,
    string_to_sign: &str,
) -> hmac::Tag {
    let date = date_time.get(..8).unwrap_or(date_time);
    let mut key = hmac_sha256(
        format!("AWS4{secret_access_key}").as_bytes(),
        date.as_bytes(),
    );
    for part in [scope.region, scope.service, "aws4_request"] {
        key = hmac_sha256(key.as_ref(), part.as_bytes());
    }
    hmac_sha256(key.as_ref(), string_to_sign.as_bytes())
}

/// The hex SHA-256 of a payload.
pub fn payload_hash(body: &[u8]) -> String {
    hex(digest::digest(&digest::SHA256, body).as_ref())
}

pub(super) fn credential_scope(date_time: &str, scope: &Scope<'_>) -> String {
    let date = date_time.get(..8).unwrap_or(date_time);
    format!("{date}/{}/{}/aws4_request", scope.region, scope.service)
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> hmac::Tag {
    hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), data)
}

/// The bytes that `text`, lower- or upper-case hex, stands for; `None` for anything else.
pub(super) fn hex_decode(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    // A loop rather than an iterator chain collected into an `Option`, which compiles a
    // dozen adapters for this one use.
    let mut bytes = Vec::with_capacity(digits.len() / 2);
    for pair in digits.chunks_exact(2) {
        let high = char::from(pair[0]).to_digit(16)?;
        let low = char::from(pair[1]).to_digit(16)?;
        bytes.push(u8::try_from(high * 16 + low).ok()?);
    }
    Some(bytes)
}

pub(super) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// RFC 3986 section 5.2.4, and repeated slashes merged, as botocore's `remove_dot_segments`.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            _ => out.push(segment),
        }
    }
    let first = if path.starts_with('/') { "/" } else { "" };
    let last = if path.ends_with('/') && !out.is_empty() {
        "/"
    } else {
        ""
    };
    format!("{first}{}{last}", out.join("/"))
}

/// The query's pairs, each key and value percent-decoded and encoded again with only the
/// unreserved characters kept (so `%e1` and `%E1` and a raw byte all read the same), sorted by
/// key then value; a key without `=` gets an empty value.
fn canonical_query(query: &str) -> String {
    if query.is_empty() {
        return String::new();
    }
    // Plain loops: each adapter of an iterator chain is compiled for its closures.
    let mut pairs: Vec<(String, String)> = Vec::new();
    for pair in query.split('&') {
        if pair.is_empty() {
            continue;
        }
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let mut k = String::new();
        let mut v = String::new();
        encode_into(&mut k, &percent_decode(key), false);
        encode_into(&mut v, &percent_decode(value), false);
        pairs.push((k, v));
    }
    pairs.sort();
    let mut joined = String::with_capacity(query.len());
    for (k, v) in &pairs {
        if !joined.is_empty() {
            joined.push('&');
        }
        joined.push_str(k);
        joined.push('=');
        joined.push_str(v);
    }
    joined
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hi = (bytes[i + 1] as char).to_digit(16);
            let lo = (bytes[i + 2] as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hi, lo) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Percent-encodes every byte but the RFC 3986 unreserved ones (and `/` when `keep_slash`),
/// with upper-case hex.
fn encode_into(out: &mut String, bytes: &[u8], keep_slash: bool) {
    for &byte in bytes {
        if byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'_' | b'.' | b'~')
            || (keep_slash && byte == b'/')
        {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

/// Percent-encodes a path: every byte but the unreserved ones and `/`, and `%` too when
/// `encode_again`.
fn encode_path_into(out: &mut String, bytes: &[u8], encode_again: bool) {
    if encode_again {
        encode_into(out, bytes, true);
        return;
    }
    for chunk in bytes.split_inclusive(|&b| b == b'%') {
        match chunk.split_last() {
            Some((b'%', rest)) => {
                encode_into(out, rest, true);
                out.push('%');
            }
            _ => encode_into(out, chunk, true),
        }
    }
}

/// A header value with leading and trailing whitespace removed and runs of whitespace made one
/// space; bytes that are not UTF-8 are kept as Latin-1 characters.
fn trim_value(value: &[u8]) -> String {
    let text: String = match std::str::from_utf8(value) {
        Ok(text) => text.to_owned(),
        Err(_) => value.iter().map(|&b| b as char).collect(),
    };
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
