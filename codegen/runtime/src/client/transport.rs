//! Sending a request and reading its response: the [`Transport`] trait, so that a program can
//! bring its own HTTP stack (or a test its own server), and [`HyperTransport`], the default, on
//! hyper with rustls (ring, the Mozilla root certificates), HTTP/1.1 and a connection pool, and
//! with the `http2` feature HTTP/2 for the requests whose body is a stream of events sent while
//! the response arrives (the services that have such operations turn the feature on).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_core::Stream;
use http_body_util::{BodyExt, Full};
use hyper::body::Body as _;
use hyper::client::conn::http1;
#[cfg(feature = "http2")]
use hyper_util::rt::TokioExecutor;
use hyper_util::rt::TokioIo;

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

/// The default transport: HTTP/1.1 on hyper's connections, kept alive in a pool, `https`
/// through rustls with ring and the webpki root certificates, `http` as well (for local
/// servers); with the `http2` feature, HTTP/2 for the requests whose body streams. Needs a tokio
/// runtime. Clones share the pool.
#[derive(Clone)]
pub struct HyperTransport {
    shared: Arc<Shared>,
}

struct Shared {
    /// TLS offering HTTP/1.1 by ALPN.
    tls: tokio_rustls::TlsConnector,
    /// TLS offering HTTP/2 by ALPN.
    #[cfg(feature = "http2")]
    tls_h2: tokio_rustls::TlsConnector,
    /// Connections whose last response was read whole, newest last.
    idle: Mutex<Vec<Idle>>,
    connect_timeout: Duration,
    read_timeout: Duration,
}

/// A kept-alive HTTP/1.1 connection, ready for its next request.
struct Idle {
    origin: Origin,
    sender: http1::SendRequest<Full<Bytes>>,
    since: Instant,
}

/// How long an idle connection is kept (hyper's pooled client keeps them as long). One the
/// server closed meanwhile is dropped when its closing is seen, or when it refuses the request.
const IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// The most idle connections kept, all origins together; the oldest goes first.
const MAX_IDLE: usize = 32;

/// Where a connection goes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Origin {
    https: bool,
    host: String,
    port: u16,
}

impl Origin {
    /// The origin of an absolute `http` or `https` URI.
    fn of(uri: &http::Uri, target: &str) -> Result<Self, TransportError> {
        let https = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => {
                return Err(TransportError::new(
                    TransportErrorKind::Other,
                    format!("{target}: not an http or https URL"),
                ));
            }
        };
        let host = uri.host().unwrap_or_default();
        if host.is_empty() {
            return Err(TransportError::new(
                TransportErrorKind::Other,
                format!("{target}: the URL has no host"),
            ));
        }
        Ok(Self {
            https,
            // An IPv6 address is bracketed in a URI, not for the resolver.
            host: host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_owned(),
            port: uri.port_u16().unwrap_or(if https { 443 } else { 80 }),
        })
    }
}

/// A connection's byte stream: TCP, or TLS over it.
trait Io: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin {}

impl<T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin> Io for T {}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("connect_timeout", &self.shared.connect_timeout)
            .field("read_timeout", &self.shared.read_timeout)
            .finish_non_exhaustive()
    }
}

impl HyperTransport {
    /// A transport with these timeouts: `connect_timeout` for the TCP connection, `read_timeout`
    /// for the response's head once connected (TLS included), and again for its body.
    pub fn new(connect_timeout: Duration, read_timeout: Duration) -> Result<Self, TransportError> {
        let tls = |alpn: &[u8]| {
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let roots = rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            let mut config = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map_err(|error| {
                    TransportError::new(
                        TransportErrorKind::Other,
                        format!("cannot set up TLS: {error}"),
                    )
                })?
                .with_root_certificates(roots)
                .with_no_client_auth();
            config.alpn_protocols = vec![alpn.to_vec()];
            Ok::<_, TransportError>(tokio_rustls::TlsConnector::from(Arc::new(config)))
        };
        Ok(Self {
            shared: Arc::new(Shared {
                tls: tls(b"http/1.1")?,
                #[cfg(feature = "http2")]
                tls_h2: tls(b"h2")?,
                idle: Mutex::new(Vec::new()),
                connect_timeout,
                read_timeout,
            }),
        })
    }

    /// A new connection to `origin`: TCP within the connect timeout, then TLS for `https`.
    async fn connect(
        &self,
        origin: &Origin,
        tls: &tokio_rustls::TlsConnector,
        target: &str,
    ) -> Result<Box<dyn Io>, TransportError> {
        let failed = |what: &str, error: &dyn std::error::Error| {
            TransportError::new(
                TransportErrorKind::Connect,
                format!("{target}: cannot connect: {what}: {}", error_chain(error)),
            )
        };
        let address = (origin.host.as_str(), origin.port);
        let tcp = match tokio::time::timeout(
            self.shared.connect_timeout,
            tokio::net::TcpStream::connect(address),
        )
        .await
        {
            Err(_) => {
                return Err(TransportError::new(
                    TransportErrorKind::Connect,
                    format!(
                        "{target}: cannot connect: no connection within {:?} (connect timeout)",
                        self.shared.connect_timeout
                    ),
                ));
            }
            Ok(Err(error)) => return Err(failed("tcp connect error", &error)),
            Ok(Ok(tcp)) => tcp,
        };
        tcp.set_nodelay(true)
            .map_err(|error| failed("tcp connect error", &error))?;
        if !origin.https {
            return Ok(Box::new(tcp));
        }
        let name = rustls::pki_types::ServerName::try_from(origin.host.clone())
            .map_err(|error| failed("not a TLS server name", &error))?;
        let stream = tls
            .connect(name, tcp)
            .await
            .map_err(|error| failed("TLS handshake", &error))?;
        Ok(Box::new(stream))
    }

    /// An idle connection to `origin` that is still open, else a new one.
    async fn checkout(
        &self,
        origin: &Origin,
        target: &str,
    ) -> Result<(http1::SendRequest<Full<Bytes>>, bool), TransportError> {
        loop {
            let kept = {
                let mut idle = self
                    .shared
                    .idle
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                idle.retain(|kept| !kept.sender.is_closed() && kept.since.elapsed() < IDLE_TIMEOUT);
                idle.iter()
                    .rposition(|kept| kept.origin == *origin)
                    .map(|index| idle.remove(index))
            };
            let Some(mut kept) = kept else { break };
            if kept.sender.ready().await.is_ok() {
                return Ok((kept.sender, true));
            }
        }
        let io = self.connect(origin, &self.shared.tls, target).await?;
        let (sender, connection) = http1::handshake(TokioIo::new(io)).await.map_err(|error| {
            TransportError::new(
                TransportErrorKind::Connect,
                format!("{target}: cannot connect: {}", error_chain(&error)),
            )
        })?;
        // The connection is driven on its own task until both sides are done with it.
        tokio::spawn(connection);
        Ok((sender, false))
    }

    /// Keeps `sender`'s connection for the next request to `origin`.
    fn checkin(&self, origin: Origin, sender: http1::SendRequest<Full<Bytes>>) {
        if sender.is_closed() {
            return;
        }
        let mut idle = self
            .shared
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if idle.len() >= MAX_IDLE {
            idle.remove(0);
        }
        idle.push(Idle {
            origin,
            sender,
            since: Instant::now(),
        });
    }

    /// Sends `request` over HTTP/1.1 and waits for the response's head, within the timeouts
    /// (a request that a kept-alive connection could not take, closed meanwhile, goes again on a
    /// new one); gives the request's method and URI for messages, and the connection to keep
    /// once the body is read.
    async fn head(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<
        (
            http::Response<hyper::body::Incoming>,
            String,
            (Origin, http1::SendRequest<Full<Bytes>>),
        ),
        TransportError,
    > {
        let target = format!("{} {}", request.method(), request.uri());
        let origin = Origin::of(request.uri(), &target)?;
        let mut request = origin_form(request, &target)?.map(|body| Full::new(Bytes::from(body)));
        let exchange = async {
            loop {
                let (mut sender, reused) = self.checkout(&origin, &target).await?;
                match sender.try_send_request(request).await {
                    Ok(response) => return Ok((response, sender)),
                    Err(mut error) => match error.take_message() {
                        Some(unsent) if reused => request = unsent,
                        _ => return Err(failed(&target, &error.into_error())),
                    },
                }
            }
        };
        let (response, sender) = self.within_timeouts(&target, exchange).await?;
        Ok((response, target, (origin, sender)))
    }

    /// `exchange` within the time to connect and read a response's head.
    async fn within_timeouts<T>(
        &self,
        target: &str,
        exchange: impl Future<Output = Result<T, TransportError>>,
    ) -> Result<T, TransportError> {
        let head_timeout = self.shared.connect_timeout + self.shared.read_timeout;
        tokio::time::timeout(head_timeout, exchange)
            .await
            .unwrap_or_else(|_| {
                Err(TransportError::new(
                    TransportErrorKind::Timeout,
                    format!(
                        "{target}: no response within {:?} (read timeout)",
                        self.shared.read_timeout
                    ),
                ))
            })
    }
}

/// A request failed after its connection was made.
fn failed(target: &str, error: &hyper::Error) -> TransportError {
    TransportError::new(
        TransportErrorKind::Io,
        format!("{target}: the connection failed: {}", error_chain(error)),
    )
}

/// `request` as HTTP/1.1 sends it: its URI's path and query, with a `Host` header when it has
/// none.
fn origin_form<B>(
    request: http::Request<B>,
    target: &str,
) -> Result<http::Request<B>, TransportError> {
    let (mut parts, body) = request.into_parts();
    if !parts.headers.contains_key(http::header::HOST)
        && let Some(authority) = parts.uri.authority()
    {
        let host = super::sigv4::canonical_host(parts.uri.scheme_str(), authority);
        let host = http::HeaderValue::try_from(host).map_err(|_| {
            TransportError::new(TransportErrorKind::Other, format!("{target}: invalid host"))
        })?;
        parts.headers.insert(http::header::HOST, host);
    }
    let path = parts
        .uri
        .path_and_query()
        .map_or("/", http::uri::PathAndQuery::as_str);
    parts.uri = http::Uri::try_from(path).map_err(|_| {
        TransportError::new(TransportErrorKind::Other, format!("{target}: invalid path"))
    })?;
    Ok(http::Request::from_parts(parts, body))
}

impl Transport for HyperTransport {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        Box::pin(async move {
            let (response, target, connection) = self.head(request).await?;
            let (parts, body) = response.into_parts();
            let read_timeout = self.shared.read_timeout;
            let body = match tokio::time::timeout(read_timeout, body.collect()).await {
                Err(_) => {
                    return Err(TransportError::new(
                        TransportErrorKind::Timeout,
                        format!(
                            "{target}: the response body did not arrive within {read_timeout:?} (read timeout)"
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
            let (origin, sender) = connection;
            self.checkin(origin, sender);
            Ok(http::Response::from_parts(parts, body.to_vec()))
        })
    }

    /// The head within the timeouts; the body's chunks as they come, with no read timeout
    /// between them (a stream of events may be quiet for as long as its service takes). The
    /// connection closes when the body is done or dropped.
    fn send_streaming(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<BodyChunks>, TransportError>> {
        Box::pin(async move {
            let (response, target, _) = self.head(request).await?;
            Ok(response.map(|body| Box::pin(HyperChunks { body, target }) as BodyChunks))
        })
    }

    /// Over a new HTTP/2 connection (`h2` by ALPN over TLS, by prior knowledge over `http`):
    /// the head within the timeouts, while the request's body goes on being sent; the
    /// response's chunks as they come.
    #[cfg(feature = "http2")]
    fn send_duplex(
        &self,
        request: http::Request<BodyStream>,
    ) -> BoxFuture<'_, Result<http::Response<BodyChunks>, TransportError>> {
        Box::pin(async move {
            let target = format!("{} {}", request.method(), request.uri());
            let origin = Origin::of(request.uri(), &target)?;
            let request = request.map(StreamedBody);
            let exchange = async {
                let io = self.connect(&origin, &self.shared.tls_h2, &target).await?;
                let (mut sender, connection) =
                    hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(io))
                        .await
                        .map_err(|error| {
                            TransportError::new(
                                TransportErrorKind::Connect,
                                format!("{target}: cannot connect: {}", error_chain(&error)),
                            )
                        })?;
                tokio::spawn(connection);
                sender
                    .send_request(request)
                    .await
                    .map_err(|error| failed(&target, &error))
            };
            let response = self.within_timeouts(&target, exchange).await?;
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
