//! Sending a request and reading its response: the [`Transport`] trait, so that a program can
//! bring its own HTTP stack (or a test its own server), and [`HyperTransport`], the default, on
//! hyper with rustls (ring, the Mozilla root certificates), HTTP/1.1 and a connection pool, and
//! with the `http2` feature HTTP/2 for the requests whose body is a stream of events sent while
//! the response arrives (the services that have such operations turn the feature on).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use http_body_util::{BodyExt, Full};
use hyper::body::Body as _;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// A boxed future that can move between threads.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A response body as it arrives, chunk by chunk: dropping it releases the connection.
pub type BodyChunks = Pin<Box<dyn Stream<Item = Result<Vec<u8>, TransportError>> + Send>>;

/// A request body produced as it is sent (a stream of signed events): dropping it ends the
/// request.
pub type BodyStream = Pin<Box<dyn Stream<Item = Result<Vec<u8>, TransportError>> + Send>>;

/// Sends one HTTP request (absolute URI, signed) and returns the whole response.
pub trait Transport: Send + Sync {
    /// Sends `request` and reads the response's head and body.
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>>;

    /// Sends `request` and gives the response's head once it arrives, with its body as it
    /// arrives (a stream of events). By default the body is read whole by
    /// [`send`](Self::send) and given as one chunk.
    fn send_streaming(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<BodyChunks>, TransportError>> {
        Box::pin(async move {
            let response = self.send(request).await?;
            Ok(response.map(|body| Box::pin(OneChunk(Some(body))) as BodyChunks))
        })
    }

    /// Sends `request`, whose body is sent as it is produced, and gives the response's head once
    /// it arrives with its body as it arrives, while the request's body is still being sent
    /// (over HTTP/2, as the services whose input is a stream of events want it). By default a
    /// transport cannot, and says so.
    fn send_duplex(
        &self,
        request: http::Request<BodyStream>,
    ) -> BoxFuture<'_, Result<http::Response<BodyChunks>, TransportError>> {
        let target = format!("{} {}", request.method(), request.uri());
        Box::pin(async move {
            Err(TransportError::new(
                TransportErrorKind::Other,
                format!(
                    "{target}: this transport cannot stream a request body (the default one \
                     can when the crate has its `http2` feature)"
                ),
            ))
        })
    }
}

impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        (**self).send(request)
    }

    fn send_streaming(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<BodyChunks>, TransportError>> {
        (**self).send_streaming(request)
    }

    fn send_duplex(
        &self,
        request: http::Request<BodyStream>,
    ) -> BoxFuture<'_, Result<http::Response<BodyChunks>, TransportError>> {
        (**self).send_duplex(request)
    }
}

/// A whole body as a stream of one chunk.
struct OneChunk(Option<Vec<u8>>);

impl Stream for OneChunk {
    type Item = Result<Vec<u8>, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.take().map(Ok))
    }
}

/// A hyper body as a stream of its data chunks (trailers are passed over).
struct HyperChunks {
    body: hyper::body::Incoming,
    target: String,
}

impl Stream for HyperChunks {
    type Item = Result<Vec<u8>, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            let frame = match Pin::new(&mut self.body).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => {
                    return Poll::Ready(Some(Err(TransportError::new(
                        TransportErrorKind::Io,
                        format!(
                            "{}: the response body was cut short: {}",
                            self.target,
                            error_chain(&error)
                        ),
                    ))));
                }
                Poll::Ready(Some(Ok(frame))) => frame,
            };
            if let Ok(data) = frame.into_data() {
                return Poll::Ready(Some(Ok(data.to_vec())));
            }
        }
    }
}

/// A [`BodyStream`] as a hyper body: each chunk a data frame.
#[cfg(feature = "http2")]
struct StreamedBody(BodyStream);

#[cfg(feature = "http2")]
impl hyper::body::Body for StreamedBody {
    type Data = Bytes;
    type Error = TransportError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<hyper::body::Frame<Bytes>, TransportError>>> {
        self.0.as_mut().poll_next(cx).map(|chunk| {
            chunk.map(|chunk| chunk.map(|bytes| hyper::body::Frame::data(bytes.into())))
        })
    }
}

/// What went wrong before a whole response arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (refused, unreachable, DNS, TLS handshake, connect timeout).
    Connect,
    /// The response's head or body did not come within the read timeout.
    Timeout,
    /// The connection failed after the request was sent, e.g. a body cut short.
    Io,
    /// The request could not be sent as built (e.g. a URI the transport cannot reach).
    Other,
}

/// Why no response was read. Its message names the method and URL, never a header or the body.
#[derive(Debug, Clone)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
}

impl TransportError {
    /// An error of `kind`, described by `message`.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The description.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TransportError {}

/// The default transport: hyper's pooled HTTP/1.1 client, `https` through rustls with ring and
/// the webpki root certificates, `http` as well (for local servers). Needs a tokio runtime.
#[derive(Clone)]
pub struct HyperTransport {
    client: HyperClient<HttpsConnector<HttpConnector>, Full<Bytes>>,
    /// HTTP/2 only (`h2` by ALPN over TLS, by prior knowledge over `http`), for requests whose
    /// body streams while the response arrives.
    #[cfg(feature = "http2")]
    duplex: HyperClient<HttpsConnector<HttpConnector>, StreamedBody>,
    connect_timeout: Duration,
    read_timeout: Duration,
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .finish_non_exhaustive()
    }
}

impl HyperTransport {
    /// A transport with these timeouts: `connect_timeout` for the TCP connection, `read_timeout`
    /// for the response's head once connected (TLS included), and again for its body.
    pub fn new(connect_timeout: Duration, read_timeout: Duration) -> Result<Self, TransportError> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(connect_timeout));
        let tls = || {
            hyper_rustls::HttpsConnectorBuilder::new()
                .with_provider_and_webpki_roots(Arc::new(rustls::crypto::ring::default_provider()))
                .map_err(|error| {
                    TransportError::new(
                        TransportErrorKind::Other,
                        format!("cannot set up TLS: {error}"),
                    )
                })
                .map(|builder| builder.https_or_http())
        };
        let https = tls()?.enable_http1().wrap_connector(http.clone());
        let client = HyperClient::builder(TokioExecutor::new()).build(https);
        #[cfg(feature = "http2")]
        let duplex = HyperClient::builder(TokioExecutor::new())
            .http2_only(true)
            .build(tls()?.enable_http2().wrap_connector(http));
        Ok(Self {
            client,
            #[cfg(feature = "http2")]
            duplex,
            connect_timeout,
            read_timeout,
        })
    }

    /// Sends `request` and waits for the response's head, within the timeouts; gives the
    /// request's method and URI for messages too.
    async fn head(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<(http::Response<hyper::body::Incoming>, String), TransportError> {
        let target = format!("{} {}", request.method(), request.uri());
        let request = request.map(|body| Full::new(Bytes::from(body)));
        let response = self
            .within_timeouts(&target, self.client.request(request))
            .await?;
        Ok((response, target))
    }

    /// The response `sent` gives, within the timeouts, its errors described for `target`.
    async fn within_timeouts(
        &self,
        target: &str,
        sent: hyper_util::client::legacy::ResponseFuture,
    ) -> Result<http::Response<hyper::body::Incoming>, TransportError> {
        let head_timeout = self.connect_timeout + self.read_timeout;
        let response = match tokio::time::timeout(head_timeout, sent).await {
            Err(_) => {
                return Err(TransportError::new(
                    TransportErrorKind::Timeout,
                    format!(
                        "{target}: no response within {:?} (read timeout)",
                        self.read_timeout
                    ),
                ));
            }
            Ok(Err(error)) => {
                let kind = if error.is_connect() {
                    TransportErrorKind::Connect
                } else {
                    TransportErrorKind::Io
                };
                let what = if kind == TransportErrorKind::Connect {
                    "cannot connect"
                } else {
                    "the connection failed"
                };
                return Err(TransportError::new(
                    kind,
                    format!("{target}: {what}: {}", error_chain(&error)),
                ));
            }
            Ok(Ok(response)) => response,
        };
        Ok(response)
    }
}

impl Transport for HyperTransport {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        Box::pin(async move {
            let (response, target) = self.head(request).await?;
            let (parts, body) = response.into_parts();
            let body = match tokio::time::timeout(self.read_timeout, body.collect()).await {
                Err(_) => {
                    return Err(TransportError::new(
                        TransportErrorKind::Timeout,
                        format!(
                            "{target}: the response body did not arrive within {:?} (read timeout)",
                            self.read_timeout
                        ),
                    ));
                }
                Ok(Err(error)) => {
                    return Err(TransportError::new(
                        TransportErrorKind::Io,
                        format!(
                            "{target}: the response body was cut short (HTTP {}): {}",
                            parts.status.as_u16(),
                            error_chain(&error)
                        ),
                    ));
                }
                Ok(Ok(collected)) => collected.to_bytes(),
            };
            Ok(http::Response::from_parts(parts, body.to_vec()))
        })
    }

    /// The head within the timeouts; the body's chunks as they come, with no read timeout
    /// between them (a stream of events may be quiet for as long as its service takes).
    fn send_streaming(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<BodyChunks>, TransportError>> {
        Box::pin(async move {
            let (response, target) = self.head(request).await?;
            Ok(response.map(|body| Box::pin(HyperChunks { body, target }) as BodyChunks))
        })
    }

    /// Over HTTP/2: the head within the timeouts, while the request's body goes on being sent;
    /// the response's chunks as they come.
    #[cfg(feature = "http2")]
    fn send_duplex(
        &self,
        request: http::Request<BodyStream>,
    ) -> BoxFuture<'_, Result<http::Response<BodyChunks>, TransportError>> {
        Box::pin(async move {
            let target = format!("{} {}", request.method(), request.uri());
            let request = request.map(StreamedBody);
            let response = self
                .within_timeouts(&target, self.duplex.request(request))
                .await?;
            Ok(response.map(|body| Box::pin(HyperChunks { body, target }) as BodyChunks))
        })
    }
}

/// An error and its sources, joined with `: `.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let next = inner.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = inner.source();
    }
    text
}
