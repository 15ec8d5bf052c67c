//! Retries as the SDKs' standard mode: a bounded number of attempts, exponential backoff with
//! full jitter, only for errors that a later attempt can cure (throttling, transient server
//! errors, connection failures), and a retry quota shared by the client's calls so that an
//! outage does not turn every call into three.

use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

/// Error codes that say "slow down", from the SDKs' standard retry mode.
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of transient failures, from the SDKs' standard retry mode.
pub const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
];

/// HTTP statuses retried whatever the code: 500, 502, 503, 504.
pub const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// How a failed attempt is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// The service asked to slow down.
    Throttling,
    /// A server error or a failed connection that a later attempt may not meet.
    Transient,
    /// A read timed out: transient, but it costs more of the retry quota.
    Timeout,
    /// Retrying cannot help (a validation error, a missing resource, bad credentials, ...).
    Never,
}

impl RetryKind {
    /// The kind of a service error with this code and status.
    pub fn of_service_error(code: &str, status: u16) -> Self {
        if THROTTLING_CODES.contains(&code) {
            Self::Throttling
        } else if TRANSIENT_CODES.contains(&code) || TRANSIENT_STATUSES.contains(&status) {
            Self::Transient
        } else {
            Self::Never
        }
    }
}

/// The retry policy: attempts, backoff and quota. [`RetryPolicy::standard`] is the SDKs'
/// standard mode.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    quota: u32,
    jitter: fn() -> f64,
}

impl RetryPolicy {
    /// Up to 3 attempts, backoff up to 1 s × 2^(attempt − 1) (at most 20 s) with full jitter, a
    /// quota of 500 (5 per retry, 10 per retry after a timeout, given back on success).
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            quota: 500,
            jitter: super::random::unit,
        }
    }

    /// One attempt, no retries.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Sets the number of attempts, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the backoff's base: the longest wait before the second attempt.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Sets the longest wait between two attempts.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Sets where the jitter comes from: a function returning a number in `[0, 1)` that scales
    /// each wait (by default drawn from the operating system's generator). A test can fix it.
    pub fn jitter(mut self, jitter: fn() -> f64) -> Self {
        self.jitter = jitter;
        self
    }

    /// The wait before attempt `attempt + 1`, with a fresh jitter.
    pub(crate) fn next_backoff(&self, attempt: u32) -> Duration {
        self.backoff(attempt, (self.jitter)())
    }

    /// The number of attempts, the first included.
    pub fn get_max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before attempt `attempt + 1` (after `attempt` failed, 1-based), for a random
    /// `unit` in `[0, 1)`: full jitter over `min(initial × 2^(attempt − 1), max)`.
    pub fn backoff(&self, attempt: u32, unit: f64) -> Duration {
        let exponent = attempt.saturating_sub(1).min(30);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        ceiling.mul_f64(unit.clamp(0.0, 1.0))
    }

    pub(crate) fn new_quota(&self) -> RetryQuota {
        RetryQuota {
            capacity: self.quota,
            available: Mutex::new(self.quota),
        }
    }
}

/// The retry quota of one client (a token bucket): each retry takes from it, each success gives
/// back, and when it is empty calls fail without retrying.
pub(crate) struct RetryQuota {
    capacity: u32,
    available: Mutex<u32>,
}

impl fmt::Debug for RetryQuota {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryQuota")
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;
const NO_RETRY_INCREMENT: u32 = 1;

impl RetryQuota {
    /// Takes the cost of a retry after an error of `kind`; `None` when the quota is exhausted.
    pub(crate) fn acquire(&self, kind: RetryKind) -> Option<u32> {
        let cost = if kind == RetryKind::Timeout {
            TIMEOUT_RETRY_COST
        } else {
            RETRY_COST
        };
        let mut available = self.available.lock().unwrap_or_else(|e| e.into_inner());
        if *available < cost {
            return None;
        }
        *available -= cost;
        Some(cost)
    }

    /// Gives back after a success: the cost of the retry that succeeded, or a little after a
    /// first attempt that did.
    pub(crate) fn release(&self, retry_cost: Option<u32>) {
        let mut available = self.available.lock().unwrap_or_else(|e| e.into_inner());
        *available = (*available + retry_cost.unwrap_or(NO_RETRY_INCREMENT)).min(self.capacity);
    }
}
