//! The plain HTTP requests of the metadata providers ([`super::imds`], [`super::container`]):
//! short timeouts and a couple of attempts, and their JSON credentials document.

use std::time::Duration;

use serde::de::MapAccess;
use serde::{Deserialize, Deserializer};

use super::{Answer, Credentials, CredentialsError};
use crate::client::transport::{HyperTransport, Transport, TransportErrorKind};
use crate::wire::{MapStruct, MemberKey, deserialize_struct, next_member, skip_value};

/// The most a metadata answer may be: a credentials document is a few kilobytes.
const MAX_BODY: usize = 64 * 1024;

/// One request's parts.
pub(crate) struct Request<'a> {
    pub method: http::Method,
    pub url: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
}

/// A transport with `timeout` to connect and again to answer.
pub(crate) fn transport(
    source: &str,
    timeout: Duration,
) -> Result<HyperTransport, CredentialsError> {
    HyperTransport::new(timeout, timeout)
        .map_err(|error| CredentialsError::new(source, error.to_string()))
}

/// Sends `request` up to `attempts` times while it fails to connect, times out or gets a 5xx;
/// the body of a 200, or an error naming `source` (the endpoint) and what happened. A failure
/// to reach the endpoint is "not configured" (the chain goes on), any other failure is not.
pub(crate) async fn send(
    transport: &HyperTransport,
    source: &str,
    request: &Request<'_>,
    attempts: u32,
) -> Result<Vec<u8>, CredentialsError> {
    let mut attempt = 1;
    loop {
        let mut builder = http::Request::builder()
            .method(request.method.clone())
            .uri(request.url);
        for (name, value) in request.headers {
            builder = builder.header(*name, *value);
        }
        let built = builder.body(Vec::new()).map_err(|error| {
            CredentialsError::new(source, format!("cannot make the request: {error}"))
        })?;
        let (retry, error) = match transport.send(built).await {
            Ok(response) if response.status() == http::StatusCode::OK => {
                let body = response.into_body();
                if body.len() > MAX_BODY {
                    return Err(CredentialsError::new(
                        source,
                        format!("the answer is over {MAX_BODY} bytes"),
                    ));
                }
                return Ok(body);
            }
            Ok(response) => {
                let status = response.status();
                (
                    status.is_server_error(),
                    CredentialsError::new(
                        source,
                        format!(
                            "{} {} answered HTTP {}",
                            request.method,
                            request.url,
                            status.as_u16()
                        ),
                    ),
                )
            }
            Err(error) => {
                let unreachable = matches!(
                    error.kind(),
                    TransportErrorKind::Connect | TransportErrorKind::Timeout
                );
                let error = if unreachable {
                    CredentialsError::not_configured(source, error.to_string())
                } else {
                    CredentialsError::new(source, error.to_string())
                };
                (true, error)
            }
        };
        if !retry || attempt >= attempts {
            return Err(error);
        }
        attempt += 1;
    }
}

/// The credentials document of the instance metadata and container endpoints.
struct Document {
    code: Option<String>,
    message: Option<String>,
    access_key_id: Option<String>,
    secret_access_key: Option<String>,
    token: Option<String>,
    expiration: Option<String>,
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_struct(deserializer)
    }
}

impl MapStruct for Document {
    const NAME: &'static str = "Document";
    const FIELDS: &'static [&'static str] = &[
        "Code",
        "Message",
        "AccessKeyId",
        "SecretAccessKey",
        "Token",
        "Expiration",
    ];

    fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (
            mut code,
            mut message,
            mut access_key_id,
            mut secret_access_key,
            mut token,
            mut expiration,
        ) = (None, None, None, None, None, None);
        while let Some(key) = map.next_key_seed(MemberKey(Self::FIELDS))? {
            match key.as_str() {
                "Code" => next_member(&mut map, &mut code, "Code"),
                "Message" => next_member(&mut map, &mut message, "Message"),
                "AccessKeyId" => next_member(&mut map, &mut access_key_id, "AccessKeyId"),
                "SecretAccessKey" => {
                    next_member(&mut map, &mut secret_access_key, "SecretAccessKey")
                }
                "Token" => next_member(&mut map, &mut token, "Token"),
                "Expiration" => next_member(&mut map, &mut expiration, "Expiration"),
                _ => skip_value(&mut map),
            }?;
        }
        Ok(Self {
            code: code.flatten(),
            message: message.flatten(),
            access_key_id: access_key_id.flatten(),
            secret_access_key: secret_access_key.flatten(),
            token: token.flatten(),
            expiration: expiration.flatten(),
        })
    }
}

/// The credentials of a metadata document, or an error naming `source` and what is wrong (never
/// a value).
pub(crate) fn document(source: &str, body: &[u8]) -> Result<Credentials, CredentialsError> {
    let invalid = |what: &str| CredentialsError::new(source, what.to_owned());
    let document: Document = serde_json::from_slice(body).map_err(|error| {
        invalid(&format!(
            "the answer is not a credentials document: line {}, column {}",
            error.line(),
            error.column()
        ))
    })?;
    if let Some(code) = document.code.as_deref().filter(|c| *c != "Success") {
        let message = document.message.as_deref().unwrap_or("no message");
        return Err(invalid(&format!(
            "the answer's Code is `{code}`: {message}"
        )));
    }
    Answer {
        access_key_id: document.access_key_id,
        secret_access_key: document.secret_access_key,
        session_token: document.token,
        expiration: document.expiration,
    }
    .credentials(source, "the answer")
}
