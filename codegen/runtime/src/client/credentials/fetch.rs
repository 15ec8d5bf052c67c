//! The plain HTTP requests of the metadata providers ([`super::imds`], [`super::container`]):
//! short timeouts and a couple of attempts, and their JSON credentials document.

use std::sync::Arc;
use std::time::Duration;

use super::{Answer, Credentials, CredentialsError, Env};
use crate::client::transport::{HyperTransport, Transport, TransportError, TransportErrorKind};

/// The most a metadata answer may be: a credentials document is a few kilobytes.
const MAX_BODY: usize = 64 * 1024;

/// One request's parts.
pub(crate) struct Request<'a> {
    pub method: http::Method,
    pub url: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
}

/// Where a provider's requests go, and how long each may take.
pub(crate) struct Http {
    transport: Arc<dyn Transport>,
    /// The time an attempt is given, for a transport of its own timeouts (a client's).
    bound: Option<Duration>,
}

/// The client's transport when it gave one (`env`), each attempt given `timeout` to connect and
/// again to answer; else the default transport with those timeouts.
pub(crate) fn transport(
    env: &Env,
    source: &str,
    timeout: Duration,
) -> Result<Http, CredentialsError> {
    if let Some(transport) = env.transport() {
        return Ok(Http {
            transport: Arc::clone(transport),
            bound: Some(timeout.saturating_mul(2)),
        });
    }
    let transport = HyperTransport::new(timeout, timeout)
        .map_err(|error| CredentialsError::new(source, error.to_string()))?;
    Ok(Http {
        transport: Arc::new(transport),
        bound: None,
    })
}

impl Http {
    /// `request` sent, within the bound if there is one.
    async fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let Some(bound) = self.bound else {
            return self.transport.send(request).await;
        };
        let target = format!("{} {}", request.method(), request.uri());
        tokio::time::timeout(bound, self.transport.send(request))
            .await
            .unwrap_or_else(|_| {
                Err(TransportError::new(
                    TransportErrorKind::Timeout,
                    format!("{target}: no answer within {bound:?}"),
                ))
            })
    }
}

/// Why a request got no body to use.
pub(crate) struct Failed {
    /// The status it was answered with, if it was.
    pub status: Option<http::StatusCode>,
    /// Whether the endpoint was reached but did not answer in time.
    pub timed_out: bool,
    /// The error, naming the endpoint and what happened.
    pub error: CredentialsError,
}

/// Sends `request` up to `attempts` times while it fails to connect, times out or gets a 5xx;
/// the body of a 200, or an error naming `source` (the endpoint) and what happened. A failure
/// to reach the endpoint is "not configured" (the chain goes on), any other failure is not.
pub(crate) async fn send(
    transport: &Http,
    source: &str,
    request: &Request<'_>,
    attempts: u32,
) -> Result<Vec<u8>, CredentialsError> {
    try_send(transport, source, request, attempts)
        .await
        .map_err(|failed| failed.error)
}

/// [`send`], with the status or the timeout that ended the last attempt.
pub(crate) async fn try_send(
    transport: &Http,
    source: &str,
    request: &Request<'_>,
    attempts: u32,
) -> Result<Vec<u8>, Failed> {
    let failed = |error| Failed {
        status: None,
        timed_out: false,
        error,
    };
    let mut attempt = 1;
    loop {
        let mut builder = http::Request::builder()
            .method(request.method.clone())
            .uri(request.url);
        for (name, value) in request.headers {
            builder = builder.header(*name, *value);
        }
        let built = builder.body(Vec::new()).map_err(|error| {
            failed(CredentialsError::new(
                source,
                format!("cannot make the request: {error}"),
            ))
        })?;
        let (retry, failure) = match transport.send(built).await {
            Ok(response) if response.status() == http::StatusCode::OK => {
                let body = response.into_body();
                if body.len() > MAX_BODY {
                    return Err(failed(CredentialsError::new(
                        source,
                        format!("the answer is over {MAX_BODY} bytes"),
                    )));
                }
                return Ok(body);
            }
            Ok(response) => {
                let status = response.status();
                let error = CredentialsError::new(
                    source,
                    format!(
                        "{} {} answered HTTP {}",
                        request.method,
                        request.url,
                        status.as_u16()
                    ),
                );
                let failure = Failed {
                    status: Some(status),
                    ..failed(error)
                };
                (status.is_server_error(), failure)
            }
            Err(error) => {
                let timed_out = error.kind() == TransportErrorKind::Timeout;
                let unreachable = timed_out || error.kind() == TransportErrorKind::Connect;
                let error = if unreachable {
                    CredentialsError::not_configured(source, error.to_string())
                } else {
                    CredentialsError::new(source, error.to_string())
                };
                let failure = Failed {
                    timed_out,
                    ..failed(error)
                };
                (true, failure)
            }
        };
        if !retry || attempt >= attempts {
            return Err(failure);
        }
        attempt += 1;
    }
}

/// The credentials of a metadata document, or an error naming `source` and what is wrong (never
/// a value).
pub(crate) fn document(source: &str, body: &[u8]) -> Result<Credentials, CredentialsError> {
    let invalid = |what: &str| CredentialsError::new(source, what.to_owned());
    let document: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(body)
        .map_err(|error| {
            invalid(&format!(
                "the answer is not a credentials document: line {}, column {}",
                error.line(),
                error.column()
            ))
        })?;
    let text = |key: &str| document.get(key).and_then(|v| v.as_str());
    if let Some(code) = text("Code").filter(|c| *c != "Success") {
        let message = text("Message").unwrap_or("no message");
        return Err(invalid(&format!(
            "the answer's Code is `{code}`: {message}"
        )));
    }
    Answer {
        access_key_id: text("AccessKeyId").map(str::to_owned),
        secret_access_key: text("SecretAccessKey").map(str::to_owned),
        session_token: text("Token").map(str::to_owned),
        expiration: text("Expiration").map(str::to_owned),
    }
    .credentials(source, "the answer")
}
