//! This package holds the workspace's integration tests, in `tests/`. Its library is the
//! repository's README, so that the README's Rust examples run as doctests, and what the tests
//! share that needs no generated code.
#![doc = include_str!("../README.md")]

/// The CRC32 (IEEE) of `bytes`, computed bit by bit: a reference apart from the crates' table-driven
/// ones, which the tests check against it.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
