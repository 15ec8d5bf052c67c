//! The first of the chain: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
//! `AWS_SESSION_TOKEN`.

use super::{Credentials, CredentialsError, Env};

/// Where this provider's errors say the credentials were looked for.
const SOURCE: &str = "the environment";

/// The environment's credentials, or why there are none (not configured).
pub(crate) fn credentials(env: &Env) -> Result<Credentials, CredentialsError> {
    Credentials::from_vars(&|name| env.var(name)).ok_or_else(|| {
        CredentialsError::not_configured(
            SOURCE,
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set",
        )
    })
}
