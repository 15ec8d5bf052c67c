//! What a call through the client can end with, other than its output.

use std::fmt;

use super::config::ConfigError;
use super::credentials::CredentialsError;
use super::sigv4::SigningError;
use super::transport::{TransportError, TransportErrorKind};
use crate::{MalformedResponse, NotImplemented, OperationError, RequestError, ServiceError};

/// Why a call gave no output. `E` is the operation's error type: [`ServiceError`], or the
/// operation's error enum where the model lists its errors.
///
/// No variant carries a credential: messages name the operation, the URL and what failed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Error<E = ServiceError> {
    /// The service answered with an error (after any retries): status, code, message and
    /// request id are in it.
    Service(E),
    /// A success status, but a response that does not match the model.
    Malformed(MalformedResponse),
    /// The input could not be made into a request.
    Request(RequestError),
    /// No whole response arrived (after any retries): connection refused, timeout, a body cut
    /// short.
    Transport(TransportError),
    /// The configuration is unusable: no region, no credentials, a bad endpoint URL.
    Config(ConfigError),
    /// No credentials to sign with: what each place they were looked for said.
    Credentials(CredentialsError),
    /// The request could not be signed.
    Signing(SigningError),
    /// The operation is not implemented by this client.
    NotImplemented(NotImplemented),
}

impl<E: OperationError> Error<E> {
    /// The service's error, when the service answered with one.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            Self::Service(error) => Some(error.service_error()),
            _ => None,
        }
    }

    /// The same error with the operation's error type replaced by the [`ServiceError`] it holds.
    pub fn into_service_error(self) -> Error<ServiceError> {
        match self {
            Self::Service(error) => Error::Service(error.service_error().clone()),
            Self::Malformed(error) => Error::Malformed(error),
            Self::Request(error) => Error::Request(error),
            Self::Transport(error) => Error::Transport(error),
            Self::Config(error) => Error::Config(error),
            Self::Credentials(error) => Error::Credentials(error),
            Self::Signing(error) => Error::Signing(error),
            Self::NotImplemented(error) => Error::NotImplemented(error),
        }
    }

    /// Whether no response arrived because of a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Transport(error) if error.kind() == TransportErrorKind::Timeout)
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Service(error) => write!(f, "the service answered with an error: {error}"),
            Self::Malformed(error) => error.fmt(f),
            Self::Request(error) => error.fmt(f),
            Self::Transport(error) => error.fmt(f),
            Self::Config(error) => error.fmt(f),
            Self::Credentials(error) => write!(f, "no credentials: {error}"),
            Self::Signing(error) => error.fmt(f),
            Self::NotImplemented(error) => error.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Service(error) => Some(error),
            Self::Malformed(error) => Some(error),
            Self::Request(error) => Some(error),
            Self::Transport(error) => Some(error),
            Self::Config(error) => Some(error),
            Self::Credentials(error) => Some(error),
            Self::Signing(error) => Some(error),
            Self::NotImplemented(error) => Some(error),
        }
    }
}

impl<E> From<NotImplemented> for Error<E> {
    fn from(error: NotImplemented) -> Self {
        Self::NotImplemented(error)
    }
}

impl<E> From<ConfigError> for Error<E> {
    fn from(error: ConfigError) -> Self {
        Self::Config(error)
    }
}
