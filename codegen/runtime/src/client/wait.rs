//! Waiters: an operation called until one of its acceptors (botocore's `waiters-2.json`) says the
//! wait is over. Between calls the delay grows as Smithy's waiter specification says: from the
//! waiter's delay, doubling up to a most, each drawn at random between the least and that, and
//! never past the total time the caller allows.

use std::fmt;
use std::time::{Duration, Instant};

use super::{Client, Error, ServiceOperation};
use crate::{Operation, ServiceError};

/// What an acceptor's match means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// The wait is over: what was waited for happened.
    Success,
    /// The wait is over: it cannot happen.
    Failure,
    /// Call again.
    Retry,
}

/// What one call gave, as the acceptors read it.
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'a, O> {
    /// The operation's output.
    Output(&'a O),
    /// The service's error.
    Error(&'a ServiceError),
}

/// A waiter of a waiters file. The generated code implements it for each, on a unit type named
/// after the waiter.
pub trait Waiter {
    /// The operation it calls.
    type Operation: ServiceOperation;
    /// The waiter's name, e.g. `TableExists`.
    const NAME: &'static str;
    /// The least delay between calls (the waiter's `delay`).
    const MIN_DELAY: Duration;
    /// The most calls (the waiter's `maxAttempts`).
    const MAX_ATTEMPTS: u32;

    /// The state of the first acceptor that matches `outcome`, if one does.
    fn state(outcome: Outcome<'_, <Self::Operation as Operation>::Output>) -> Option<State>;
}

/// How long and how often to wait: the total time (Smithy's `maxWaitTime`, which the caller
/// chooses), and the least and most delay between calls (by default the waiter's `delay` and
/// 120 s, as the SDKs have them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitOptions {
    max_wait: Duration,
    min_delay: Option<Duration>,
    max_delay: Duration,
}

impl WaitOptions {
    /// Waits at most `max_wait` in all.
    pub fn new(max_wait: Duration) -> Self {
        Self {
            max_wait,
            min_delay: None,
            max_delay: Duration::from_secs(120),
        }
    }

    /// The least delay between calls, in place of the waiter's own.
    #[must_use]
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = Some(delay);
        self
    }

    /// The most delay between calls.
    #[must_use]
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The delay before call `attempt` + 1 (the first is 1), with `remaining` time left, or
    /// `None` when no call fits: Smithy's waiter backoff, `unit` a random number in `[0, 1)`.
    fn delay(
        &self,
        min: Duration,
        attempt: u32,
        remaining: Duration,
        unit: f64,
    ) -> Option<Duration> {
        let max = self.max_delay.max(min);
        let ceiling = min
            .checked_mul(
                1u32.checked_shl(attempt.saturating_sub(1))
                    .unwrap_or(u32::MAX),
            )
            .unwrap_or(max)
            .min(max);
        let drawn = min + (ceiling - min).mul_f64(unit.clamp(0.0, 1.0));
        if remaining <= min {
            return None;
        }
        // The last call comes no later than `min` before the end.
        Some(drawn.min(remaining - min))
    }
}

/// Whether `items` has at least one item and `matches` holds for each: a `pathAll` acceptor.
pub fn every<I: IntoIterator>(items: I, mut matches: impl FnMut(I::Item) -> bool) -> bool {
    let mut any = false;
    for item in items {
        if !matches(item) {
            return false;
        }
        any = true;
    }
    any
}

/// Why a wait ended without success.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<O, E> {
    /// An acceptor said the wait cannot succeed; the call that it read.
    Failure {
        /// The waiter.
        waiter: &'static str,
        /// What the call gave.
        last: Box<Result<O, Error<E>>>,
    },
    /// No acceptor said success in the time or the calls allowed.
    TimedOut {
        /// The waiter.
        waiter: &'static str,
        /// How many calls were made.
        attempts: u32,
        /// How long the wait took.
        elapsed: Duration,
    },
    /// A call failed in a way no acceptor reads (the SDKs stop there too).
    Call {
        /// The waiter.
        waiter: &'static str,
        /// The error.
        error: Error<E>,
    },
}

impl<O, E: fmt::Display> fmt::Display for WaitError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Failure { waiter, .. } => {
                write!(f, "waiter {waiter}: a response says it cannot succeed")
            }
            Self::TimedOut {
                waiter,
                attempts,
                elapsed,
            } => write!(
                f,
                "waiter {waiter}: no success after {attempts} calls in {:.1} s",
                elapsed.as_secs_f64()
            ),
            Self::Call { waiter, error } => write!(f, "waiter {waiter}: {error}"),
        }
    }
}

impl<O: fmt::Debug, E: std::error::Error + 'static> std::error::Error for WaitError<O, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Call { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// What the call that ended a wait with success gave: its output, or the error an acceptor reads
/// as success (`TableNotExists` succeeds on `ResourceNotFoundException`).
pub type Waited<O> = Result<
    <<O as Waiter>::Operation as Operation>::Output,
    Error<<<O as Waiter>::Operation as Operation>::Error>,
>;

type Failed<W> = WaitError<
    <<W as Waiter>::Operation as Operation>::Output,
    <<W as Waiter>::Operation as Operation>::Error,
>;

impl Client {
    /// Calls waiter `W`'s operation with `input` until an acceptor says success (the call's
    /// outcome) or failure, or until `options` allow no more.
    pub async fn wait<W: Waiter>(
        &self,
        input: <W::Operation as Operation>::Input,
        options: WaitOptions,
    ) -> Result<Waited<W>, Failed<W>> {
        let started = Instant::now();
        let min = options.min_delay.unwrap_or(W::MIN_DELAY);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self.send::<W::Operation>(input.clone()).await;
            let state = match &result {
                Ok(output) => W::state(Outcome::Output(output)),
                Err(error) => error
                    .service_error()
                    .and_then(|e| W::state(Outcome::Error(e))),
            };
            match (state, result) {
                (Some(State::Success), result) => return Ok(result),
                (Some(State::Failure), last) => {
                    return Err(WaitError::Failure {
                        waiter: W::NAME,
                        last: Box::new(last),
                    });
                }
                (None, Err(error)) => {
                    return Err(WaitError::Call {
                        waiter: W::NAME,
                        error,
                    });
                }
                (Some(State::Retry) | None, Ok(_)) | (Some(State::Retry), Err(_)) => {}
            }
            let elapsed = started.elapsed();
            let delay = options.delay(
                min,
                attempt,
                options.max_wait.saturating_sub(elapsed),
                super::random::unit(),
            );
            match delay {
                Some(delay) if attempt < W::MAX_ATTEMPTS => tokio::time::sleep(delay).await,
                _ => {
                    return Err(WaitError::TimedOut {
                        waiter: W::NAME,
                        attempts: attempt,
                        elapsed,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_doubles_from_the_least_to_the_most_and_stops_before_the_end() {
        let options = WaitOptions::new(Duration::from_secs(600)).max_delay(Duration::from_secs(40));
        let min = Duration::from_secs(5);
        let long = Duration::from_secs(500);
        // With the largest draw: 5, 10, 20, 40, 40 s.
        let ceilings: Vec<u64> = (1..=5)
            .map(|attempt| {
                options
                    .delay(min, attempt, long, 1.0)
                    .map_or(0, |d| d.as_secs())
            })
            .collect();
        assert_eq!(ceilings, [5, 10, 20, 40, 40]);
        // With the smallest, the least delay.
        assert_eq!(options.delay(min, 4, long, 0.0), Some(min));
        // Near the end: the last call `min` before it; then none.
        assert_eq!(
            options.delay(min, 4, Duration::from_secs(12), 1.0),
            Some(Duration::from_secs(7))
        );
        assert_eq!(options.delay(min, 4, Duration::from_secs(5), 1.0), None);
        // A huge attempt number does not overflow.
        assert_eq!(
            options.delay(min, 400, long, 1.0),
            Some(Duration::from_secs(40))
        );
    }
}
