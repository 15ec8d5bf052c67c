//! The generated crate's hand-written runtime (`src/support.rs` and `src/support/`, and the
//! client in `src/client.rs` and `src/client/`), embedded so
//! that a crate written anywhere with `--out` stands on its own. The files are those of
//! `generated/`, where they are written by hand: writing them there changes nothing.

/// One file of the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimeFile {
    /// The path relative to the crate's directory.
    pub path: &'static str,
    /// The whole text.
    pub text: &'static str,
}

/// Every file of the runtime, by path, in path order.
pub const FILES: &[RuntimeFile] = &[
    RuntimeFile {
        path: "src/client.rs",
        text: include_str!("../../generated/src/client.rs"),
    },
    RuntimeFile {
        path: "src/client/config.rs",
        text: include_str!("../../generated/src/client/config.rs"),
    },
    RuntimeFile {
        path: "src/client/credentials.rs",
        text: include_str!("../../generated/src/client/credentials.rs"),
    },
    RuntimeFile {
        path: "src/client/error.rs",
        text: include_str!("../../generated/src/client/error.rs"),
    },
    RuntimeFile {
        path: "src/client/paginate.rs",
        text: include_str!("../../generated/src/client/paginate.rs"),
    },
    RuntimeFile {
        path: "src/client/random.rs",
        text: include_str!("../../generated/src/client/random.rs"),
    },
    RuntimeFile {
        path: "src/client/retry.rs",
        text: include_str!("../../generated/src/client/retry.rs"),
    },
    RuntimeFile {
        path: "src/client/sigv4.rs",
        text: include_str!("../../generated/src/client/sigv4.rs"),
    },
    RuntimeFile {
        path: "src/client/transport.rs",
        text: include_str!("../../generated/src/client/transport.rs"),
    },
    RuntimeFile {
        path: "src/support.rs",
        text: include_str!("../../generated/src/support.rs"),
    },
    RuntimeFile {
        path: "src/support/error.rs",
        text: include_str!("../../generated/src/support/error.rs"),
    },
    RuntimeFile {
        path: "src/support/wire.rs",
        text: include_str!("../../generated/src/support/wire.rs"),
    },
];

/// The example of the IVS crate (`cargo run --example channels --features client`), written with
/// a crate that has the `ivs` service.
pub const IVS_EXAMPLES: &[RuntimeFile] = &[RuntimeFile {
    path: "examples/channels.rs",
    text: include_str!("../../generated/examples/channels.rs"),
}];
