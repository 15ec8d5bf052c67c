//! Credentials kept until shortly before they expire: [`CachedProvider`] asks its source once,
//! then again only when the credentials it holds expire within [`CachedProvider::REFRESH_EARLY`].
//! Callers that arrive during a refresh wait for it and share its outcome rather than start
//! their own, so that a hundred concurrent calls make one request of the source, and one
//! failure (an unreachable endpoint's timeout) is not waited out once per caller.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use super::{Credentials, CredentialsError, ProvideCredentials, SharedProvider};
use crate::Timestamp;
use crate::client::transport::{BoxFuture, Transport};

/// A provider's credentials, cached until they are about to expire.
pub struct CachedProvider {
    source: SharedProvider,
    state: Mutex<State>,
}

/// The last answer of the source.
#[derive(Default)]
struct State {
    credentials: Option<Credentials>,
    /// The last failure, and when it ended.
    failure: Option<(Instant, CredentialsError)>,
}

impl fmt::Debug for CachedProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedProvider")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl CachedProvider {
    /// How long before their expiry credentials are refreshed: five minutes, as the SDKs'
    /// refresh ahead of expiry by minutes (botocore's mandatory refresh is ten minutes ahead,
    /// the AWS SDK for Go's default expiry window five).
    pub const REFRESH_EARLY: Duration = Duration::from_secs(5 * 60);

    /// A cache in front of `source`.
    pub fn new(source: SharedProvider) -> Self {
        Self {
            source,
            state: Mutex::new(State::default()),
        }
    }

    /// The cached credentials while they are fresh, else new ones from the source (which
    /// replace them). One caller at a time asks the source; the others wait for its answer,
    /// and take its error too when it failed while they waited.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.fresh_or_from_source(None).await
    }

    /// [`credentials`](Self::credentials), with the source's HTTP requests (if it makes any)
    /// sent through `transport` ([`ProvideCredentials::provide_credentials_over`]).
    pub async fn credentials_over(
        &self,
        transport: &Arc<dyn Transport>,
    ) -> Result<Credentials, CredentialsError> {
        self.fresh_or_from_source(Some(transport)).await
    }

    async fn fresh_or_from_source(
        &self,
        transport: Option<&Arc<dyn Transport>>,
    ) -> Result<Credentials, CredentialsError> {
        let arrived = Instant::now();
        let mut state = self.state.lock().await;
        if let Some(credentials) = state.credentials.as_ref()
            && fresh(credentials, Timestamp::now())
        {
            return Ok(credentials.clone());
        }
        if let Some((failed_at, error)) = &state.failure
            && *failed_at >= arrived
        {
            return Err(error.clone());
        }
        let asked = match transport {
            Some(transport) => self.source.provide_credentials_over(transport).await,
            None => self.source.provide_credentials().await,
        };
        match asked {
            Ok(credentials) => {
                state.credentials = Some(credentials.clone());
                state.failure = None;
                Ok(credentials)
            }
            Err(error) => {
                state.failure = Some((Instant::now(), error.clone()));
                Err(error)
            }
        }
    }
}

impl ProvideCredentials for CachedProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }

    fn provide_credentials_over<'a>(
        &'a self,
        transport: &'a Arc<dyn Transport>,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials_over(transport))
    }
}

/// Whether `credentials` may still be used at `now`: they do not expire, or not within
/// [`CachedProvider::REFRESH_EARLY`].
fn fresh(credentials: &Credentials, now: Timestamp) -> bool {
    match credentials.expiry() {
        None => true,
        Some(expiry) => expiry
            .checked_sub(CachedProvider::REFRESH_EARLY)
            .is_some_and(|refresh_at| now < refresh_at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_refreshed_minutes_before_they_expire() {
        let now: Timestamp = "2026-01-01T00:00:00Z".parse().expect("a time");
        let at = |minutes: i64| {
            let expiry = Timestamp::new(now.as_second() + minutes * 60, 0).expect("in range");
            Credentials::new("AKID", "secret").with_expiry(expiry)
        };
        assert!(fresh(&Credentials::new("AKID", "secret"), now));
        assert!(fresh(&at(60), now));
        assert!(fresh(&at(6), now));
        assert!(!fresh(&at(4), now));
        assert!(!fresh(&at(-1), now));
    }
}
