//! Streams of events: [`Client::send_events`] sends an operation whose output is an event stream
//! and gives the response's head at once, with its events as they arrive ([`Events`], a
//! `futures_core::Stream`), read by the stream's generated union through `wire::EventReader`.
//! [`Client::send_event_stream`] sends an operation whose input is an event stream: the
//! request's head, then each event of the caller's stream as a signed frame
//! ([`event_signing`](super::event_signing)) while the response's events are read, over
//! HTTP/2. Dropping the response's stream releases the connection.

use std::future::Future as _;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use tokio::sync::oneshot;

use super::event_signing::EventSigner;
use super::transport::{BodyChunks, BodyStream, TransportError, TransportErrorKind};
use super::{Client, Error, Failure, ServiceOperation};
use crate::wire::{EventError, EventReader, EventUnion};
use crate::{ResponseError, Timestamp};

/// The answer of an operation whose output is a stream of events: the response's head (status
/// and headers, where the output's other members travel) and its events.
pub struct EventResponse<E> {
    /// The response's status and headers.
    pub head: http::response::Parts,
    /// The events, as they arrive.
    pub events: Events<E>,
}

impl<E> std::fmt::Debug for EventResponse<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventResponse")
            .field("status", &self.head.status)
            .finish_non_exhaustive()
    }
}

/// The events of a response, read from its body as it arrives: each item an event (or a
/// modeled exception, as its variant) or an [`EventError`]; a body that stops inside a message,
/// or a connection that fails, ends the stream with an error. Each event is read from the body's
/// chunk when it is asked for.
pub struct Events<E> {
    body: Option<BodyChunks>,
    reader: Option<EventReader<E>>,
    /// The chunk being read, and how many of its bytes have been.
    chunk: Vec<u8>,
    read: usize,
    /// The error that ends the stream once the chunk is read: the connection's, or a body that
    /// stopped inside a message.
    ended: Option<EventError>,
    /// Held while the events are read: dropped with them, it stops the request's own stream of
    /// events, if it has one.
    _request_events: Option<oneshot::Sender<()>>,
}

impl<E: EventUnion> Events<E> {
    fn new(body: BodyChunks, request_events: Option<oneshot::Sender<()>>) -> Self {
        Self {
            body: Some(body),
            reader: Some(EventReader::new()),
            chunk: Vec::new(),
            read: 0,
            ended: None,
            _request_events: request_events,
        }
    }

    /// The next event, or `None` at the end of the stream.
    pub async fn next(&mut self) -> Option<Result<E, EventError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

// Nothing in `Events` is pinned in place: the body is boxed.
impl<E> Unpin for Events<E> {}

impl<E: EventUnion> Stream for Events<E> {
    type Item = Result<E, EventError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(reader) = this.reader.as_mut() {
                let mut input = this.chunk.get(this.read..).unwrap_or_default();
                let event = reader.next_event(&mut input);
                this.read = this.chunk.len() - input.len();
                if let Some(event) = event {
                    if matches!(event, Err(EventError::Frame(_))) {
                        // The framing is lost: nothing after it can be read.
                        this.body = None;
                        this.reader = None;
                    }
                    return Poll::Ready(Some(event));
                }
            }
            if let Some(error) = this.ended.take() {
                return Poll::Ready(Some(Err(error)));
            }
            let Some(body) = this.body.as_mut() else {
                return Poll::Ready(None);
            };
            match body.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    this.chunk = chunk;
                    this.read = 0;
                }
                Poll::Ready(Some(Err(error))) => {
                    this.body = None;
                    this.reader = None;
                    this.ended = Some(EventError::Transport(error.to_string()));
                }
                Poll::Ready(None) => {
                    this.body = None;
                    if let Some(reader) = this.reader.take()
                        && let Err(error) = reader.finish()
                    {
                        this.ended = Some(error);
                    }
                }
            }
        }
    }
}

/// The caller's events as the request's body: each written by its union and signed in the
/// chain, then the end frame once the caller's stream ends.
struct SignedEvents<S> {
    events: S,
    signer: EventSigner,
    /// Closed when the response's events are dropped: the request's stream stops then too.
    response: oneshot::Receiver<()>,
    /// How many events were sent, to name one that cannot be written.
    sent: usize,
    ended: bool,
}

impl<S> SignedEvents<S> {
    fn frame<I: EventUnion>(&mut self, event: &I) -> Result<Vec<u8>, TransportError> {
        self.sent += 1;
        let unwritable = |error: String| {
            TransportError::new(
                TransportErrorKind::Other,
                format!("input event {} cannot be written: {error}", self.sent),
            )
        };
        let message = event
            .write_event()
            .map_err(|error| unwritable(error.to_string()))?;
        self.signer
            .sign(&message, Timestamp::now())
            .map_err(|error| unwritable(error.to_string()))
    }
}

impl<S: Stream + Unpin> Stream for SignedEvents<S>
where
    S::Item: EventUnion,
{
    type Item = Result<Vec<u8>, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        if Pin::new(&mut self.response).poll(cx).is_ready() {
            // The response's events were dropped: the request stops, with an error so that the
            // transport resets it rather than ending it as complete.
            self.ended = true;
            return Poll::Ready(Some(Err(TransportError::new(
                TransportErrorKind::Other,
                "the response's events were dropped: the input events stop",
            ))));
        }
        match Pin::new(&mut self.events).poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(event)) => {
                let frame = self.frame(&event);
                if frame.is_err() {
                    // No frame can follow one that is missing from the chain.
                    self.ended = true;
                }
                Poll::Ready(Some(frame))
            }
            Poll::Ready(None) => {
                self.ended = true;
                let end = self.signer.finish(Timestamp::now()).map_err(|error| {
                    TransportError::new(
                        TransportErrorKind::Other,
                        format!("the end of the input events cannot be written: {error}"),
                    )
                });
                Poll::Ready(Some(end))
            }
        }
    }
}

impl Client {
    /// Calls operation `O`, whose output is a stream of events of union `E`: signs and sends
    /// the request once (a stream is not retried), and on a success status gives the response's
    /// head at once with its events as they arrive. Another status is read whole as the
    /// operation's error.
    pub async fn send_events<O: ServiceOperation, E: EventUnion>(
        &self,
        input: O::Input,
    ) -> Result<EventResponse<E>, Error<O::Error>> {
        let prepared = self.prepare::<O>(input)?;
        let signed = self.signed(&prepared).await.map_err(Failure::into_error)?;
        let response = self.inner.transport.send_streaming(signed).await;
        event_response::<O, E>(response, None).await
    }

    /// Calls operation `O`, whose input is a stream of events: its request carries `input`'s
    /// other members (the event-stream member's value is not sent), signed with the payload
    /// hash of a stream of events; then each event of `events`, written by its union `I` and
    /// signed in a chain from the request's signature, and a signed end frame when `events`
    /// ends. The response's head comes at once with its events (of union `E`) as they arrive,
    /// while the input's are still being sent (the transport's `send_duplex`, HTTP/2). Not
    /// retried. An event that cannot be written ends the request's body there.
    pub async fn send_event_stream<O, I, E, S>(
        &self,
        input: O::Input,
        events: S,
    ) -> Result<EventResponse<E>, Error<O::Error>>
    where
        O: ServiceOperation,
        I: EventUnion,
        E: EventUnion,
        S: Stream<Item = I> + Send + Unpin + 'static,
    {
        let prepared = self.prepare::<O>(input)?;
        let (head, seed, credentials) = self
            .signed_event_stream(&prepared)
            .await
            .map_err(Failure::into_error)?;
        let scope = super::sigv4::Scope {
            region: &prepared.signing_region,
            service: &prepared.signing_name,
        };
        let (dropped, response) = oneshot::channel();
        let body = SignedEvents {
            events,
            signer: EventSigner::new(&credentials, &scope, &seed),
            response,
            sent: 0,
            ended: false,
        };
        let request = head.map(|()| Box::pin(body) as BodyStream);
        let response = self.inner.transport.send_duplex(request).await;
        event_response::<O, E>(response, Some(dropped)).await
    }
}

/// The answer of a call whose output is a stream of events: on a success status the head and
/// the events as they arrive; another status read whole as the operation's error.
/// `request_events`, when the request streams events too, is dropped with the response's.
async fn event_response<O: ServiceOperation, E: EventUnion>(
    response: Result<http::Response<BodyChunks>, TransportError>,
    request_events: Option<oneshot::Sender<()>>,
) -> Result<EventResponse<E>, Error<O::Error>> {
    let (head, mut chunks) = response.map_err(Error::Transport)?.into_parts();
    if head.status.is_success() {
        return Ok(EventResponse {
            head,
            events: Events::new(chunks, request_events),
        });
    }
    let mut whole = Vec::new();
    while let Some(chunk) = std::future::poll_fn(|cx| chunks.as_mut().poll_next(cx)).await {
        whole.extend(chunk.map_err(Error::Transport)?);
    }
    let response = http::Response::from_parts(head, whole);
    match O::response(&response) {
        Err(ResponseError::Service(error)) => Err(Error::Service(error)),
        Err(ResponseError::Malformed(error)) => Err(Error::Malformed(error)),
        Ok(_) => Err(Error::Malformed(crate::MalformedResponse::new(
            response.status().as_u16(),
            crate::FieldError::new("status", "an error status read as an output"),
        ))),
    }
}
