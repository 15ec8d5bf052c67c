//! A client for the services of this crate (feature `client`): [`Client`] implements every
//! service trait, each method a call of one generic [`Client::send`], which adds to the
//! operations' own wire form ([`Operation::request`], [`Operation::response`]) only what a client
//! adds: the endpoint, a SigV4 signature, the transport, timeouts and retries.
//!
//! ```no_run
//! use codegen_runtime::client::{Client, Error, ServiceOperation};
//!
//! // Any operation of the crate's services; each service trait's methods call `send` too.
//! async fn call<O: ServiceOperation>(input: O::Input) -> Result<O::Output, Box<dyn std::error::Error>>
//! where
//!     Error<O::Error>: std::error::Error + 'static,
//! {
//!     // AWS_REGION, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the profile, AWS_ENDPOINT_URL, ...
//!     let client = Client::from_env()?;
//!     Ok(client.send::<O>(input).await?)
//! }
//! ```
//!
//! Each concern has its own module: [`config`] (region, endpoints, timeouts, the environment),
//! [`endpoint`] (the rule sets), [`credentials`], [`sigv4`], [`transport`], [`retry`],
//! [`paginate`], `events` (streams of events, with the `events` feature) and [`error`].

pub mod config;
pub mod credentials;
pub mod endpoint;
pub mod error;
#[cfg(feature = "events")]
pub mod event_signing;
#[cfg(feature = "events")]
pub mod events;
pub mod paginate;
pub mod presign;
mod random;
pub mod retry;
pub mod sigv4;
pub mod transport;
pub mod wait;

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use http::HeaderValue;
use http::header::USER_AGENT;

pub use config::{Config, ConfigError, Endpoint, ServiceInfo};
pub use credentials::{
    CachedProvider, Credentials, CredentialsError, DefaultChain, Profile, ProvideCredentials,
};
pub use endpoint::EndpointError;
pub use error::Error;
pub use paginate::{Items, PageSized, PageToken, Pages, Paginated, PaginatedItems, present};
pub use presign::Presigning;
pub use retry::RetryPolicy;
pub use transport::{HyperTransport, Transport, TransportError, TransportErrorKind};
pub use wait::{Outcome, State, WaitError, WaitOptions, Waited, Waiter, every};

use crate::{HostPrefix, Operation, OperationError as _, ResponseError, Timestamp};
use retry::{RetryKind, RetryQuota};

/// An operation and the service it belongs to: what [`Client::send`] needs to find the
/// endpoint and sign. The generated code implements it for every operation.
pub trait ServiceOperation: Operation {
    /// The operation's service.
    const SERVICE: ServiceInfo;

    /// Whether [`endpoint_params`](Self::endpoint_params) sets any: then each call resolves
    /// its endpoint, else a client resolves a service's once.
    const ENDPOINT_PARAMS: bool = false;

    /// Sets the endpoint parameters the operation gives for itself (`staticContextParams`),
    /// those its input's members give (`contextParam`, e.g. S3's `Bucket`), and those paths into
    /// its input pick (`operationContextParams`, e.g. DynamoDB's `ResourceArnList`).
    fn endpoint_params(
        input: &Self::Input,
        params: &mut endpoint::Params,
    ) -> Result<(), EndpointError> {
        let _ = (input, params);
        Ok(())
    }
}

/// The `User-Agent` the client sends: the name and version of the crate this file is compiled in
/// (in a generated crate, that crate's own).
const USER_AGENT_VALUE: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A client of every service of this crate. Cheap to clone: clones share the configuration,
/// the connection pool and the retry quota.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// A request ready to be signed for each attempt, and the scope its endpoint signs it in.
struct Prepared {
    parts: http::request::Parts,
    body: Vec<u8>,
    signing_region: String,
    signing_name: String,
}

struct Inner {
    config: Config,
    region: String,
    /// The credentials' cache, whose providers send through `transport`; none for a client
    /// that sends its requests unsigned.
    credentials: Option<CachedProvider>,
    transport: Arc<dyn Transport>,
    quota: RetryQuota,
    /// The endpoint of each service called so far by operations that set no endpoint parameter:
    /// the configuration does not change.
    endpoints: Mutex<Vec<(ServiceInfo, Endpoint)>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client configured by the environment and the shared files ([`Config::from_env`]), on
    /// the default transport.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::new(Config::from_env()?)
    }

    /// A client with this configuration, on the default transport ([`HyperTransport`]) with the
    /// configuration's timeouts.
    pub fn new(config: Config) -> Result<Self, ConfigError> {
        let transport =
            HyperTransport::new(config.get_connect_timeout(), config.get_read_timeout())
                .map_err(ConfigError::Transport)?;
        Self::with_transport(config, transport)
    }

    /// A client with this configuration, sending through `transport` (which then applies its own
    /// timeouts). Fails when the configuration has no region or no credentials (a provider, as
    /// [`Config::from_env`] sets, counts: it is asked at the first call).
    pub fn with_transport(
        config: Config,
        transport: impl Transport + 'static,
    ) -> Result<Self, ConfigError> {
        Self::with_shared_transport(config, Arc::new(transport))
    }

    /// [`Client::with_transport`] with a transport already shared (another client's, for the
    /// credential providers' own calls), not wrapped again.
    pub(crate) fn with_shared_transport(
        config: Config,
        transport: Arc<dyn Transport>,
    ) -> Result<Self, ConfigError> {
        let region = config.checked_region()?.to_owned();
        let credentials = config.credentials_provider_of()?.map(CachedProvider::new);
        let quota = config.get_retry().new_quota();
        Ok(Self {
            inner: Arc::new(Inner {
                config,
                region,
                credentials,
                transport,
                quota,
                endpoints: Mutex::new(Vec::new()),
            }),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The endpoint of `service`, resolved on its first call.
    fn endpoint(&self, service: &ServiceInfo) -> Result<Endpoint, ConfigError> {
        let cached = |endpoints: &[(ServiceInfo, Endpoint)]| {
            endpoints
                .iter()
                .find(|(known, _)| known.same_as(service))
                .map(|(_, endpoint)| endpoint.clone())
        };
        let lock = || {
            self.inner
                .endpoints
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if let Some(endpoint) = cached(&lock()) {
            return Ok(endpoint);
        }
        let endpoint = self.inner.config.endpoint(service)?;
        let mut endpoints = lock();
        if cached(&endpoints).is_none() {
            endpoints.push((*service, endpoint.clone()));
        }
        Ok(endpoint)
    }

    /// Operation `O`'s request for `input` (its idempotency token filled once), with the
    /// endpoint's absolute URI and headers and the `User-Agent`, ready to be signed for each
    /// attempt in the scope the endpoint gives. Only what depends on `O` is here; the rest is
    /// [`Client::prepare_request`], compiled once for every operation.
    fn prepare<O: ServiceOperation>(
        &self,
        mut input: O::Input,
    ) -> Result<Prepared, Error<O::Error>> {
        if let Some(token) = O::idempotency_token(&mut input)
            && token.is_none()
        {
            *token = Some(crate::wire::idempotency_token());
        }
        let request = O::request(&input).map_err(Error::Request)?;
        #[cfg(feature = "gzip")]
        let request = {
            let mut request = request;
            if let Some(min_size) = self.inner.config.compression_threshold() {
                crate::wire::compress_request(&mut request, O::REQUEST_COMPRESSION, min_size);
            }
            request
        };
        let endpoint = if O::ENDPOINT_PARAMS {
            let mut params = endpoint::Params::new();
            O::endpoint_params(&input, &mut params).map_err(ConfigError::Endpoint)?;
            self.inner.config.endpoint_with(&O::SERVICE, &params)?
        } else {
            self.endpoint(&O::SERVICE)?
        };
        Ok(self.prepare_request(request, &endpoint, O::NAME, &O::SERVICE)?)
    }

    /// `request` (of operation `operation` of `service`) sent to `endpoint`: its absolute URI,
    /// the endpoint's headers and the `User-Agent`, and the scope to sign it in.
    fn prepare_request(
        &self,
        request: http::Request<Vec<u8>>,
        endpoint: &Endpoint,
        operation: &str,
        service: &ServiceInfo,
    ) -> Result<Prepared, ConfigError> {
        let host_prefix = match request.extensions().get::<HostPrefix>() {
            Some(prefix) if !self.inner.config.host_prefix_disabled() => Some(prefix.0.as_str()),
            _ => None,
        };
        let uri = endpoint.join(request.uri(), host_prefix).ok_or_else(|| {
            ConfigError::InvalidEndpoint {
                source: format!("the endpoint of {operation} with its host prefix"),
                url: endpoint.url(),
            }
        })?;
        let (mut parts, body) = request.into_parts();
        parts.uri = uri;
        parts
            .headers
            .insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        for (name, value) in endpoint.headers() {
            let invalid = || {
                ConfigError::Endpoint(EndpointError::RuleSet(format!(
                    "the endpoint's header `{name}: {value}` is not an HTTP header"
                )))
            };
            let name = http::HeaderName::try_from(name.as_str()).map_err(|_| invalid())?;
            let value = HeaderValue::try_from(value.as_str()).map_err(|_| invalid())?;
            parts.headers.append(name, value);
        }
        Ok(Prepared {
            parts,
            body,
            signing_region: endpoint
                .signing_region()
                .unwrap_or(&self.inner.region)
                .to_owned(),
            signing_name: endpoint
                .signing_name()
                .unwrap_or(service.signing_name)
                .to_owned(),
        })
    }

    /// The prepared request signed now, with the provider's current credentials (or unsigned,
    /// for a client configured [`Config::unsigned`]).
    async fn signed(&self, prepared: &Prepared) -> Result<http::Request<Vec<u8>>, Failure> {
        let mut signed = http::Request::new(prepared.body.clone());
        *signed.method_mut() = prepared.parts.method.clone();
        *signed.uri_mut() = prepared.parts.uri.clone();
        *signed.headers_mut() = prepared.parts.headers.clone();
        let Some(provider) = &self.inner.credentials else {
            return Ok(signed);
        };
        let credentials = provider
            .credentials_over(&self.inner.transport)
            .await
            .map_err(Failure::Credentials)?;
        let scope = sigv4::Scope {
            region: &prepared.signing_region,
            service: &prepared.signing_name,
        };
        sigv4::sign(&mut signed, &credentials, &scope, Timestamp::now())
            .map_err(Failure::Signing)?;
        Ok(signed)
    }

    /// The head of the prepared request whose body is a stream of events, signed now, and the
    /// seed of the events' signatures.
    #[cfg(feature = "events")]
    async fn signed_event_stream(
        &self,
        prepared: &Prepared,
    ) -> Result<(http::Request<()>, Vec<u8>, Credentials), Failure> {
        let mut signed = http::Request::new(());
        *signed.method_mut() = prepared.parts.method.clone();
        *signed.uri_mut() = prepared.parts.uri.clone();
        *signed.headers_mut() = prepared.parts.headers.clone();
        let Some(provider) = &self.inner.credentials else {
            return Err(Failure::Signing(sigv4::SigningError::new(
                "a stream of events is signed event by event: the client has no credentials",
            )));
        };
        let credentials = provider
            .credentials_over(&self.inner.transport)
            .await
            .map_err(Failure::Credentials)?;
        let scope = sigv4::Scope {
            region: &prepared.signing_region,
            service: &prepared.signing_name,
        };
        let seed = sigv4::sign_event_stream(&mut signed, &credentials, &scope, Timestamp::now())
            .map_err(Failure::Signing)?;
        Ok((signed, seed, credentials))
    }

    /// Calls operation `O`: fills its idempotency token once, builds the request, then for each
    /// attempt signs it and sends it, retrying as the retry policy says.
    pub async fn send<O: ServiceOperation>(
        &self,
        input: O::Input,
    ) -> Result<O::Output, Error<O::Error>> {
        let prepared = self.prepare::<O>(input)?;
        // The answer read from the last response; `exchange` says what it came to.
        let mut answer = None;
        let mut read = |response: &http::Response<Vec<u8>>| {
            let (read, result) = match O::response(response) {
                Ok(output) => (Read::Output, Ok(output)),
                Err(ResponseError::Service(error)) => {
                    let service = error.service_error();
                    let kind = RetryKind::of_service_error(service.code(), service.status());
                    (Read::ServiceError(kind), Err(Error::Service(error)))
                }
                Err(ResponseError::Malformed(error)) => (Read::Final, Err(Error::Malformed(error))),
            };
            answer = Some(result);
            read
        };
        let failure = self.exchange(&prepared, &mut read).await;
        match (failure, answer) {
            (None, Some(answer)) => answer,
            (Some(failure), _) => Err(failure.into_error()),
            (None, None) => Err(Failure::Unread.into_error()),
        }
    }

    /// The attempts of a call, whatever its operation: each signs the prepared request, sends
    /// it and gives the response to `read`, until `read` keeps it or says it is final, or the
    /// retry policy or the quota stop it. The failure that ended the call, if it was not the
    /// answer `read` read last.
    async fn exchange(
        &self,
        prepared: &Prepared,
        read: &mut (dyn FnMut(&http::Response<Vec<u8>>) -> Read + Send),
    ) -> Option<Failure> {
        let policy = self.inner.config.get_retry();
        let mut attempt = 1;
        let mut retry_cost = None;
        loop {
            let signed = match self.signed(prepared).await {
                Ok(signed) => signed,
                Err(failure) => return Some(failure),
            };
            let (kind, failure) = match self.inner.transport.send(signed).await {
                Ok(response) => match read(&response) {
                    Read::Output => {
                        self.inner.quota.release(retry_cost);
                        return None;
                    }
                    Read::Final => return None,
                    Read::ServiceError(kind) => (kind, None),
                },
                Err(error) => {
                    let kind = match error.kind() {
                        TransportErrorKind::Timeout => RetryKind::Timeout,
                        TransportErrorKind::Connect | TransportErrorKind::Io => {
                            RetryKind::Transient
                        }
                        _ => RetryKind::Never,
                    };
                    (kind, Some(Failure::Transport(error)))
                }
            };
            if kind == RetryKind::Never || attempt >= policy.get_max_attempts() {
                return failure;
            }
            match self.inner.quota.acquire(kind) {
                Some(cost) => retry_cost = Some(cost),
                None => return failure,
            }
            tokio::time::sleep(policy.next_backoff(attempt)).await;
            attempt += 1;
        }
    }

    /// [`Client::send`] with the error of every operation of the service traits: the
    /// [`ServiceError`](crate::ServiceError) for the service's answers.
    #[allow(
        dead_code,
        reason = "the generated service modules call it; the runtime crate alone has none"
    )]
    pub(crate) async fn call<O: ServiceOperation>(
        &self,
        input: O::Input,
    ) -> Result<O::Output, Error> {
        self.send::<O>(input)
            .await
            .map_err(Error::into_service_error)
    }

    /// The pages of a paginated call, starting from `input` (whose tokens are usually unset).
    pub fn pages<O: Paginated>(&self, input: O::Input) -> Pages<O> {
        Pages::new(self.clone(), input)
    }

    /// The entries of every page of a paginated call.
    pub fn items<O: PaginatedItems>(&self, input: O::Input) -> Items<O> {
        self.pages::<O>(input).items()
    }
}

/// What [`Client::send`]'s reader made of a response.
enum Read {
    /// The operation's output: the call succeeded.
    Output,
    /// An answer no retry changes (a malformed response).
    Final,
    /// The service's error, retried or not as its kind says.
    ServiceError(RetryKind),
}

/// What ended a call before an answer the operation reads, whatever the operation.
enum Failure {
    Credentials(CredentialsError),
    Signing(sigv4::SigningError),
    Transport(TransportError),
    /// No response was read: a reader that kept none.
    Unread,
}

impl Failure {
    /// The failure as operation `E`'s call error.
    fn into_error<E>(self) -> Error<E> {
        match self {
            Self::Credentials(error) => Error::Credentials(error),
            Self::Signing(error) => Error::Signing(error),
            Self::Transport(error) => Error::Transport(error),
            Self::Unread => Error::Transport(TransportError::new(
                TransportErrorKind::Io,
                "the call ended with no response read",
            )),
        }
    }
}
