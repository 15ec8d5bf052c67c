//! Paginated operations as streams: [`Pages`] yields each response, [`Items`] the entries of
//! each response's list. A stream ends when the response has no `nextToken`, an empty one, or one
//! it has already seen (a server that repeats a token cannot make it loop).

use std::collections::{HashSet, VecDeque};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::transport::BoxFuture;
use super::{Client, Error, ServiceOperation};

/// An operation whose input and output both have `nextToken`. The generated code implements it
/// for every such operation.
pub trait Paginated: ServiceOperation {
    /// The output's `nextToken`.
    fn next_token(output: &Self::Output) -> Option<&str>;

    /// Sets the input's `nextToken`.
    fn set_next_token(input: &mut Self::Input, token: Option<String>);
}

/// A paginated operation whose output has one list (or map) member: the entries a page holds.
pub trait PaginatedItems: Paginated {
    /// One entry of a page: an element of the list, or a `(key, value)` pair of the map.
    type Item;

    /// The page's entries, in order.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}

type PageFuture<O> = BoxFuture<
    'static,
    Result<<O as crate::Operation>::Output, Error<<O as crate::Operation>::Error>>,
>;

/// The pages of a paginated call, one response each, as a [`Stream`]. Made by
/// [`Client::pages`].
#[must_use = "streams do nothing unless polled"]
pub struct Pages<O: Paginated> {
    client: Client,
    next: Option<O::Input>,
    in_flight: Option<PageFuture<O>>,
    seen: HashSet<String>,
}

// No field is ever pinned in place: the in-flight future is boxed.
impl<O: Paginated> Unpin for Pages<O> {}

impl<O: Paginated> Pages<O> {
    pub(crate) fn new(client: Client, input: O::Input) -> Self {
        Self {
            client,
            next: Some(input),
            in_flight: None,
            seen: HashSet::new(),
        }
    }

    /// The entries of every page, one at a time.
    pub fn items(self) -> Items<O>
    where
        O: PaginatedItems,
    {
        Items {
            pages: self,
            buffered: VecDeque::new(),
        }
    }
}

impl<O> Pages<O>
where
    O: Paginated + 'static,
    O::Input: Send + 'static,
{
    /// The next page, or `None` after the last (`while let Some(page) = pages.next().await`),
    /// without a stream extension trait.
    pub async fn next(&mut self) -> Option<Result<O::Output, Error<O::Error>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<O> Stream for Pages<O>
where
    O: Paginated + 'static,
    O::Input: Send + 'static,
{
    type Item = Result<O::Output, Error<O::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.in_flight.is_none() {
            let Some(input) = this.next.clone() else {
                return Poll::Ready(None);
            };
            let client = this.client.clone();
            this.in_flight = Some(Box::pin(async move { client.send::<O>(input).await }));
        }
        let Some(in_flight) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = match in_flight.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        this.in_flight = None;
        match &result {
            Ok(output) => {
                let token = O::next_token(output).filter(|t| !t.is_empty());
                match (token, this.next.as_mut()) {
                    (Some(token), Some(input)) if this.seen.insert(token.to_owned()) => {
                        O::set_next_token(input, Some(token.to_owned()));
                    }
                    _ => this.next = None,
                }
            }
            Err(_) => this.next = None,
        }
        Poll::Ready(Some(result))
    }
}

/// The entries of every page of a paginated call, as a [`Stream`]. Made by [`Client::items`] or
/// [`Pages::items`].
#[must_use = "streams do nothing unless polled"]
pub struct Items<O: PaginatedItems> {
    pages: Pages<O>,
    buffered: VecDeque<O::Item>,
}

impl<O: PaginatedItems> Unpin for Items<O> {}

impl<O> Items<O>
where
    O: PaginatedItems + 'static,
    O::Input: Send + 'static,
{
    /// The next entry, or `None` after the last, without a stream extension trait.
    pub async fn next(&mut self) -> Option<Result<O::Item, Error<O::Error>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<O> Stream for Items<O>
where
    O: PaginatedItems + 'static,
    O::Input: Send + 'static,
{
    type Item = Result<O::Item, Error<O::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => this.buffered.extend(O::into_items(page)),
            }
        }
    }
}
