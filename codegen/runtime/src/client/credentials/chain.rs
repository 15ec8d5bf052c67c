//! The official SDKs' default credential chain, in their order: the environment, the profile,
//! the environment's web identity token, the container endpoint, the instance metadata service.
//! The first that is set up gives the credentials; one that is set up but fails ends the search
//! with its error (as the SDKs do); when none is set up, the error says what each found.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use super::{
    Credentials, CredentialsError, Env, ProfileError, ProfileFiles, ProvideCredentials, container,
    environment, imds, profile, web_identity,
};
use crate::client::transport::{BoxFuture, Transport};

/// The default chain, reading the environment and the shared files as they were when it was
/// made. It finds credentials when asked (at a client's first call), not when made.
#[derive(Clone)]
pub struct DefaultChain {
    env: Env,
}

impl fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultChain")
            .field("env", &self.env)
            .finish()
    }
}

impl DefaultChain {
    /// The chain over these variables and shared files.
    pub fn new(vars: BTreeMap<String, String>, files: ProfileFiles) -> Self {
        Self {
            env: Env::new(vars, files),
        }
    }

    /// The chain over the process's environment and the shared files it names.
    pub fn from_env() -> Result<Self, ProfileError> {
        Ok(Self {
            env: Env::from_process()?,
        })
    }

    /// The credentials of the first provider set up to give them.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        first_of(&self.env).await
    }

    /// [`credentials`](Self::credentials), with the providers' HTTP requests sent through
    /// `transport`.
    pub async fn credentials_over(
        &self,
        transport: &Arc<dyn Transport>,
    ) -> Result<Credentials, CredentialsError> {
        first_of(&self.env.over(transport)).await
    }
}

/// The credentials of the first provider set up to give them in `env`.
async fn first_of(env: &Env) -> Result<Credentials, CredentialsError> {
    // In the SDKs' order; a future does nothing until it is awaited.
    let providers: [BoxFuture<'_, Result<Credentials, CredentialsError>>; 5] = [
        Box::pin(async move { environment::credentials(env) }),
        Box::pin(profile::credentials(env)),
        Box::pin(web_identity::from_environment(env)),
        Box::pin(container::credentials(env)),
        Box::pin(imds::credentials(env)),
    ];
    let mut not_set_up = Vec::new();
    for provider in providers {
        match provider.await {
            Ok(credentials) => return Ok(credentials),
            Err(error) if error.is_configured() => return Err(error),
            Err(error) => not_set_up.push(error.to_string()),
        }
    }
    Err(CredentialsError::new(
        "the default credential chain",
        format!("no provider gave credentials ({})", not_set_up.join("; ")),
    ))
}

impl ProvideCredentials for DefaultChain {
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
