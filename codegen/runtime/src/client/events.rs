//! Responses that are streams of events: [`Client::send_events`] sends an operation whose output
//! is an event stream and gives the response's head at once, with its events as they arrive
//! ([`Events`], a `futures_core::Stream`), read by the stream's generated union through
//! `wire::EventReader`. Dropping the stream releases the connection.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::transport::BodyChunks;
use super::{Client, Error, ServiceOperation};
use crate::ResponseError;
use crate::wire::{EventError, EventReader, EventUnion};

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
/// or a connection that fails, ends the stream with an error.
pub struct Events<E> {
    body: Option<BodyChunks>,
    reader: Option<EventReader<E>>,
    ready: VecDeque<Result<E, EventError>>,
}

impl<E: EventUnion> Events<E> {
    fn new(body: BodyChunks) -> Self {
        Self {
            body: Some(body),
            reader: Some(EventReader::new()),
            ready: VecDeque::new(),
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
        loop {
            if let Some(event) = self.ready.pop_front() {
                return Poll::Ready(Some(event));
            }
            let Some(body) = self.body.as_mut() else {
                return Poll::Ready(None);
            };
            match body.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    let events = match self.reader.as_mut() {
                        Some(reader) => reader.push(&chunk),
                        None => Vec::new(),
                    };
                    let failed = events
                        .iter()
                        .any(|e| matches!(e, Err(EventError::Frame(_))));
                    self.ready.extend(events);
                    if failed {
                        // The framing is lost: nothing after it can be read.
                        self.body = None;
                        self.reader = None;
                    }
                }
                Poll::Ready(Some(Err(error))) => {
                    self.body = None;
                    self.reader = None;
                    self.ready
                        .push_back(Err(EventError::Transport(error.to_string())));
                }
                Poll::Ready(None) => {
                    self.body = None;
                    if let Some(reader) = self.reader.take()
                        && let Err(error) = reader.finish()
                    {
                        self.ready.push_back(Err(error));
                    }
                }
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
        let signed = self.signed(&prepared).await?;
        let response = self
            .inner
            .transport
            .send_streaming(signed)
            .await
            .map_err(Error::Transport)?;
        let (head, mut chunks) = response.into_parts();
        if head.status.is_success() {
            return Ok(EventResponse {
                head,
                events: Events::new(chunks),
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
}
