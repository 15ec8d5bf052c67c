//! What the CLI tests share: running `cargo xtask` as a user does.

use std::process::{Command, Output};

/// Runs the xtask binary with `args`, colour off.
pub fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("xtask runs")
}
