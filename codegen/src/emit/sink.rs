//! Where a file's items go as they are emitted: the renderer (`render::Renderer`), which lays out
//! and prints each as it comes so that no file's tokens are ever held whole, or one token stream
//! ([`Collect`]) for a caller that wants the tokens.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};

/// Takes a file's items in order, a module's between its head and its end.
pub trait Sink {
    /// Items of the body now open: the file's, or the module's that [`Sink::open`] began.
    fn items(&mut self, tokens: TokenStream);

    /// Begins an item whose body is items (`pub mod operation`): `head` is its attributes and
    /// all before its `{`; the items given until the matching [`Sink::close`] are its body.
    fn open(&mut self, head: TokenStream);

    /// Ends the item the last [`Sink::open`] began.
    fn close(&mut self);

    /// An item whose body is the items `body` gives: [`Sink::open`], `body`, [`Sink::close`].
    fn module(&mut self, head: TokenStream, body: impl FnOnce(&mut Self))
    where
        Self: Sized,
    {
        self.open(head);
        body(self);
        self.close();
    }
}

/// The items as one token stream, a module's body a `{...}` group after its head.
#[derive(Default)]
pub struct Collect {
    tokens: TokenStream,
    /// The head of each module open, with the tokens before it.
    open: Vec<(TokenStream, TokenStream)>,
}

impl Collect {
    /// The tokens of every item given, with the modules still open closed.
    pub fn finish(mut self) -> TokenStream {
        while !self.open.is_empty() {
            self.close();
        }
        self.tokens
    }
}

impl Sink for Collect {
    fn items(&mut self, tokens: TokenStream) {
        self.tokens.extend(tokens);
    }

    fn open(&mut self, head: TokenStream) {
        let before = std::mem::take(&mut self.tokens);
        self.open.push((head, before));
    }

    fn close(&mut self) {
        let Some((head, before)) = self.open.pop() else {
            return;
        };
        let body = std::mem::replace(&mut self.tokens, before);
        self.tokens.extend(head);
        self.tokens
            .extend([TokenTree::Group(Group::new(Delimiter::Brace, body))]);
    }
}
