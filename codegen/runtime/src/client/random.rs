//! Randomness from the operating system (through `ring`, which the TLS stack already brings):
//! the backoff's jitter.

use ring::rand::{SecureRandom, SystemRandom};

fn bytes<const N: usize>() -> Option<[u8; N]> {
    let mut out = [0u8; N];
    SystemRandom::new().fill(&mut out).ok()?;
    Some(out)
}

/// A uniform number in `[0, 1)`; 1 (the longest backoff) if the system has no randomness.
pub(crate) fn unit() -> f64 {
    match bytes::<8>() {
        Some(b) => (u64::from_le_bytes(b) >> 11) as f64 / (1u64 << 53) as f64,
        None => 1.0,
    }
}
