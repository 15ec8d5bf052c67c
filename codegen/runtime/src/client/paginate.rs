//! Paginated operations as streams: [`Pages`] yields each response, [`Items`] the entries of
//! each response's list. A stream ends, as the SDKs' paginators end, when the response's
//! `more_results` flag is false or its tokens are all absent or empty; and also when it gives
//! a token the stream has already sent (a server that repeats a token cannot make it loop).

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::transport::BoxFuture;
use super::{Client, Error, ServiceOperation};

/// An operation that pages, as its service's paginators file says (botocore's
/// `paginators-1.json`). The generated code implements it for every paginator listed there.
pub trait Paginated: ServiceOperation {
    /// What an output hands the next request: the value of the one token, or a tuple of every
    /// token (each optional) where the paginator has several.
    type Token: Clone + serde::Serialize + Send + 'static;

    /// The token that asks for the page after `output`, or `None` after the last page: its
    /// `more_results` flag is false, or its tokens are all absent or empty.
    fn next_token(output: &Self::Output) -> Option<Self::Token>;

    /// Sets the input's token members (a token absent from a tuple clears its member).
    fn set_next_token(input: &mut Self::Input, token: Self::Token);
}

/// A token's value as botocore reads it: present unless empty (a string, list or map) or zero
/// (an integer).
pub trait PageToken {
    /// Whether the value counts as a token.
    fn is_present(&self) -> bool;
}

impl PageToken for String {
    fn is_present(&self) -> bool {
        !self.is_empty()
    }
}

impl PageToken for i32 {
    fn is_present(&self) -> bool {
        *self != 0
    }
}

impl PageToken for i64 {
    fn is_present(&self) -> bool {
        *self != 0
    }
}

impl<T> PageToken for Vec<T> {
    fn is_present(&self) -> bool {
        !self.is_empty()
    }
}

impl<K, V> PageToken for BTreeMap<K, V> {
    fn is_present(&self) -> bool {
        !self.is_empty()
    }
}

/// `value` if it is a token ([`PageToken`]); the generated `next_token`s read each token
/// through it.
pub fn present<T: PageToken + ?Sized>(value: Option<&T>) -> Option<&T> {
    value.filter(|v| v.is_present())
}

/// A paginated operation whose input caps the size of a page (the paginator's `limit_key`, as
/// botocore's `PageSize` sets it).
pub trait PageSized: Paginated {
    /// Sets the input's page-size member.
    fn set_page_size(input: &mut Self::Input, size: u32);
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
    /// The tokens sent so far, in their JSON form (a token need not be `Hash`).
    seen: HashSet<Vec<u8>>,
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

    /// Asks for pages of at most `size` entries (the service may send fewer), through the
    /// paginator's `limit_key`.
    pub fn page_size(mut self, size: u32) -> Self
    where
        O: PageSized,
    {
        if let Some(input) = self.next.as_mut() {
            O::set_page_size(input, size);
        }
        self
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
            Ok(output) => match (O::next_token(output), this.next.as_mut()) {
                // A token that does not serialize (none of the generated ones) counts as the
                // empty key: the second such token ends the pages.
                (Some(token), Some(input))
                    if this
                        .seen
                        .insert(serde_json::to_vec(&token).unwrap_or_default()) =>
                {
                    O::set_next_token(input, token);
                }
                _ => this.next = None,
            },
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
