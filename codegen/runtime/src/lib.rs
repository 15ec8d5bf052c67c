//! The runtime of the crates `cargo xtask codegen` writes: the items every generated service
//! module uses (the [`Operation`] trait, errors, timestamps, the wire rules in [`wire`]) and, with
//! feature `client`, the client in [`client`].
//!
//! The generator copies every file under `src/` but this one into each crate it writes, where
//! the generated `lib.rs` declares the same modules this file does; this crate is where those
//! files are compiled, linted, documented and tested by themselves. It names no service.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod support;

pub use support::*;

#[cfg(feature = "client")]
pub mod client;
