//! This package holds the workspace's integration tests, in `tests/`. Its library is the
//! repository's README, so that the README's Rust examples run as doctests.
#![doc = include_str!("../README.md")]
