//! The generated crate's hand-written runtime (`src/support.rs` and `src/support/`), embedded so
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

/// Every file of the runtime, by path.
pub const FILES: &[RuntimeFile] = &[
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
