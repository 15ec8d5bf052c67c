//! Presigned requests: any operation's request signed in its query string (SigV4's query form),
//! so that a program without the credentials (a browser, `curl`) can send it until it expires,
//! as botocore's `generate_presigned_url` (with `signature_version='s3v4'`) and the SDKs'
//! presigners make them.
//!
//! The request is the one [`Client::send`] would send, at the endpoint it would send it to, with
//! `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`
//! (and `X-Amz-Security-Token` with temporary credentials) after its own query parameters, then
//! `X-Amz-Signature`. For S3 the payload is `UNSIGNED-PAYLOAD`: the body is the sender's, and no
//! checksum of it is signed. A form body (the query protocols) moves into the query string, as
//! botocore moves it. Any other body is signed and given with the request.

use std::time::Duration;

use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HOST, HeaderValue};

use super::error::Error;
use super::sigv4::{self, ALGORITHM, PathRules, S3_SIGNING_NAMES, Scope, SigningError};
use super::{Client, ServiceOperation};
use crate::Timestamp;

/// The payload hash of a presigned S3 request: the body is not signed.
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// How long a presigned request is valid, from when, and with which method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presigning {
    expires_in: Duration,
    start_time: Option<Timestamp>,
    method: Option<http::Method>,
}

impl Presigning {
    /// The longest validity SigV4 allows: seven days.
    pub const MAX_EXPIRES_IN: Duration = Duration::from_secs(7 * 24 * 3600);

    /// A request valid for `expires_in` (whole seconds, at least one, at most
    /// [`MAX_EXPIRES_IN`](Self::MAX_EXPIRES_IN)) from now.
    pub fn expires_in(expires_in: Duration) -> Result<Self, SigningError> {
        if expires_in < Duration::from_secs(1) || expires_in > Self::MAX_EXPIRES_IN {
            return Err(SigningError::new(format!(
                "a presigned request expires after 1 s to 7 days (604800 s), not {} s",
                expires_in.as_secs_f64()
            )));
        }
        Ok(Self {
            expires_in,
            start_time: None,
            method: None,
        })
    }

    /// Signs as of `time` instead of now: the request is valid from then on.
    pub fn start_time(mut self, time: Timestamp) -> Self {
        self.start_time = Some(time);
        self
    }

    /// Signs for `method` instead of the operation's (botocore's `HttpMethod`: a `GET` link to
    /// STS's `GetCallerIdentity`, whose model says `POST`).
    pub fn method(mut self, method: http::Method) -> Self {
        self.method = Some(method);
        self
    }
}

impl Client {
    /// Operation `O`'s request for `input`, signed in its query string: its URI is a link that
    /// works without credentials until it expires. Send its headers with it (those it signs,
    /// e.g. S3's `Content-Type`); for S3 send any body, for other services the body it holds.
    pub async fn presign<O: ServiceOperation>(
        &self,
        input: O::Input,
        presigning: Presigning,
    ) -> Result<http::Request<Vec<u8>>, Error<O::Error>> {
        let prepared = self.prepare::<O>(input)?;
        let Some(provider) = &self.inner.credentials else {
            return Err(Error::Signing(SigningError::new(
                "the client sends its requests unsigned: it has no credentials to presign with",
            )));
        };
        let credentials = provider.credentials().await.map_err(Error::Credentials)?;
        let scope = Scope {
            region: &prepared.signing_region,
            service: &prepared.signing_name,
        };
        let time = presigning.start_time.unwrap_or_else(Timestamp::now);
        presign(
            prepared.parts,
            prepared.body,
            &credentials,
            &scope,
            time,
            &presigning,
        )
        .map_err(Error::Signing)
    }
}

/// Signs the request of `parts` and `body` in its query string.
fn presign(
    mut parts: http::request::Parts,
    body: Vec<u8>,
    credentials: &super::Credentials,
    scope: &Scope<'_>,
    time: Timestamp,
    presigning: &Presigning,
) -> Result<http::Request<Vec<u8>>, SigningError> {
    let s3 = S3_SIGNING_NAMES.contains(&scope.service);
    if let Some(method) = &presigning.method {
        parts.method = method.clone();
    }
    let form = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let mut query = parts.uri.query().unwrap_or("").to_owned();
    // What the signature does not cover: the length and checksums of a body the sender chooses
    // (S3), or of a body that moves into the query string (a form).
    let (body, payload_hash) = if s3 || form {
        if form && !body.is_empty() {
            let text = std::str::from_utf8(&body)
                .map_err(|_| SigningError::new("the form body is not UTF-8"))?;
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(text);
        }
        let headers = &mut parts.headers;
        headers.remove(CONTENT_LENGTH);
        if form {
            headers.remove(CONTENT_TYPE);
        }
        headers.remove("content-md5");
        headers.remove("x-amz-sdk-checksum-algorithm");
        let checksums: Vec<_> = headers
            .keys()
            .filter(|name| name.as_str().starts_with("x-amz-checksum-"))
            .cloned()
            .collect();
        for name in checksums {
            headers.remove(name);
        }
        let hash = if s3 {
            UNSIGNED_PAYLOAD.to_owned()
        } else {
            sigv4::payload_hash(b"")
        };
        (Vec::new(), hash)
    } else {
        let hash = sigv4::payload_hash(&body);
        (body, hash)
    };
    let authority = parts
        .uri
        .authority()
        .ok_or_else(|| SigningError::new("the URI has no host"))?;
    let host = sigv4::canonical_host(parts.uri.scheme_str(), authority);
    parts.headers.insert(
        HOST,
        HeaderValue::from_str(&host)
            .map_err(|_| SigningError::new(format!("invalid host `{host}`")))?,
    );
    let headers = sigv4::header_pairs(&parts.headers);
    let rules = if s3 {
        PathRules::S3
    } else {
        PathRules::SERVICES
    };
    let path = parts.uri.path();
    let method = parts.method.as_str();
    // The signed headers' list is in the query it signs: ask for it first.
    let signed_headers =
        sigv4::canonical_request(method, path, "", &headers, "", rules).signed_headers;
    let date_time = time.to_basic_iso8601();
    let date = date_time.get(..8).unwrap_or(&date_time);
    let credential = format!(
        "{}/{date}/{}/{}/aws4_request",
        credentials.access_key_id(),
        scope.region,
        scope.service
    );
    let mut auth = vec![
        ("X-Amz-Algorithm", ALGORITHM.to_owned()),
        ("X-Amz-Credential", credential),
        ("X-Amz-Date", date_time.clone()),
        ("X-Amz-Expires", presigning.expires_in.as_secs().to_string()),
        ("X-Amz-SignedHeaders", signed_headers),
    ];
    if let Some(token) = credentials.session_token() {
        auth.push(("X-Amz-Security-Token", token.to_owned()));
    }
    for (name, value) in &auth {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(name);
        query.push('=');
        query.extend(percent_encoding::utf8_percent_encode(value, UNRESERVED));
    }
    let canonical = sigv4::canonical_request(method, path, &query, &headers, &payload_hash, rules);
    let to_sign = sigv4::string_to_sign(&date_time, scope, &canonical.text);
    let signature = sigv4::signature(credentials.secret_access_key(), &date_time, scope, &to_sign);
    query.push_str("&X-Amz-Signature=");
    query.push_str(&signature);
    let mut uri = http::Uri::builder().path_and_query(format!("{path}?{query}"));
    if let Some(scheme) = parts.uri.scheme() {
        uri = uri.scheme(scheme.clone());
    }
    if let Some(authority) = parts.uri.authority() {
        uri = uri.authority(authority.clone());
    }
    parts.uri = uri
        .build()
        .map_err(|e| SigningError::new(format!("the presigned URI is not a URI: {e}")))?;
    // `Host` goes with the URI; a program's HTTP client sets it.
    parts.headers.remove(HOST);
    Ok(http::Request::from_parts(parts, body))
}

/// What stays unencoded in a query value: RFC 3986's unreserved characters, as SigV4 encodes.
const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
