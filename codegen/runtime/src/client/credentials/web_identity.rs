//! A web identity token exchanged for a role's credentials: STS `AssumeRoleWithWebIdentity`
//! (unsigned), with the token read from a file at each refresh (Kubernetes rotates it). From
//! the environment (`AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME`) as
//! the chain's third provider, or from a profile's `web_identity_token_file` and `role_arn`.

use super::services::sts;
use super::{Credentials, CredentialsError, Env, read_at_most};

/// The most of a token file that is read.
const MAX_TOKEN: usize = 64 * 1024;

/// What to assume, and with which token.
pub(crate) struct WebIdentity {
    /// Where the settings came from, for errors (e.g. ``profile `ci` ``).
    pub source: String,
    pub token_file: String,
    pub role_arn: String,
    pub session_name: Option<String>,
}

/// The chain's provider: the environment's settings, or "not configured" without them.
pub(crate) async fn from_environment(env: &Env) -> Result<Credentials, CredentialsError> {
    let source = "the web identity token of the environment";
    let Some(token_file) = env.var("AWS_WEB_IDENTITY_TOKEN_FILE") else {
        return Err(CredentialsError::not_configured(
            source,
            "AWS_WEB_IDENTITY_TOKEN_FILE is not set",
        ));
    };
    let role_arn = env.var("AWS_ROLE_ARN").ok_or_else(|| {
        CredentialsError::new(
            source,
            "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not",
        )
    })?;
    let identity = WebIdentity {
        source: source.to_owned(),
        token_file,
        role_arn,
        session_name: env.var("AWS_ROLE_SESSION_NAME"),
    };
    assume(env, &identity).await
}

/// Reads the token and assumes the role.
pub(crate) async fn assume(
    env: &Env,
    identity: &WebIdentity,
) -> Result<Credentials, CredentialsError> {
    let error = |message: String| CredentialsError::new(&identity.source, message);
    let token = std::fs::File::open(&identity.token_file)
        .and_then(|file| {
            let mut token = Vec::new();
            read_at_most(file, MAX_TOKEN, &mut token)?;
            String::from_utf8(token).map_err(|_| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "stream did not contain valid UTF-8",
                )
            })
        })
        .map_err(|e| {
            error(format!(
                "cannot read the token file {}: {e}",
                identity.token_file
            ))
        })?;
    let token = token.trim();
    if token.is_empty() {
        return Err(error(format!(
            "the token file {} is empty",
            identity.token_file
        )));
    }
    let session_name = identity
        .session_name
        .clone()
        .unwrap_or_else(default_session_name);
    let client = env.client(None, None)?;
    let output = client
        .send::<sts::operation::AssumeRoleWithWebIdentity>(
            sts::AssumeRoleWithWebIdentityRequest::new(&identity.role_arn, session_name, token),
        )
        .await
        .map_err(|e| {
            error(format!(
                "STS AssumeRoleWithWebIdentity of {}: {e}",
                identity.role_arn
            ))
        })?;
    from_sts(&identity.source, output.credentials)
}

/// A session name for a role assumed without one: the crate's name and the time.
pub(crate) fn default_session_name() -> String {
    format!(
        "{}-{}",
        env!("CARGO_PKG_NAME"),
        crate::Timestamp::now().as_millisecond()
    )
}

/// STS's credentials as the client's.
pub(crate) fn from_sts(
    source: &str,
    credentials: Option<sts::Credentials>,
) -> Result<Credentials, CredentialsError> {
    let credentials = credentials
        .ok_or_else(|| CredentialsError::new(source, "STS answered with no credentials"))?;
    Ok(
        Credentials::new(credentials.access_key_id, credentials.secret_access_key)
            .with_session_token(credentials.session_token)
            .with_expiry(credentials.expiration),
    )
}
