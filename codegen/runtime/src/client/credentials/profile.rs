//! The second of the chain: the profile of the shared files (`AWS_PROFILE`, else `default`).
//! Its credentials come from, first that applies:
//!
//! - `role_arn`: STS `AssumeRole` (`role_session_name`, `external_id`, `duration_seconds`) with
//!   the credentials of `source_profile` (itself possibly a role: chains are followed, a loop is
//!   an error), or of `credential_source` (`Environment`, `Ec2InstanceMetadata`,
//!   `EcsContainer`); or with `web_identity_token_file`, STS `AssumeRoleWithWebIdentity`;
//! - `sso_session` or `sso_start_url`: SSO ([`super::sso`]);
//! - `credential_process` ([`super::process`]);
//! - static keys (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`).
//!
//! A profile used as another's `source_profile` that has static keys gives those, as
//! aws-sdk-rust does, even when it has a `role_arn` too. The whole chain is worked out from the
//! files before any call, so that a broken one fails at once, naming the profile and key.

use std::sync::Arc;

use super::services::sts;
use super::web_identity::{self, WebIdentity};
use super::{Credentials, CredentialsError, Env, Profile};

/// What a chain of roles starts from.
enum Base {
    Static(Credentials),
    Process { profile: String, command: String },
    Sso(Profile),
    WebIdentity(WebIdentity),
    Environment,
    InstanceMetadata,
    Container,
}

/// A role to assume with the credentials before it.
struct Role {
    profile: String,
    role_arn: String,
    session_name: Option<String>,
    external_id: Option<String>,
    duration_seconds: Option<i32>,
}

/// The selected profile's credentials, or why there are none.
pub(crate) async fn credentials(env: &Env) -> Result<Credentials, CredentialsError> {
    let (base, roles) = plan(env)?;
    let mut credentials = match base {
        Base::Static(credentials) => credentials,
        Base::Process { profile, command } => {
            super::process::credentials(&profile, &command).await?
        }
        Base::Sso(profile) => super::sso::credentials(env, &profile).await?,
        Base::WebIdentity(identity) => web_identity::assume(env, &identity).await?,
        Base::Environment => configured(super::environment::credentials(env))?,
        Base::InstanceMetadata => configured(super::imds::credentials(env).await)?,
        Base::Container => configured(super::container::credentials(env).await)?,
    };
    for role in roles.iter().rev() {
        credentials = assume_role(env, credentials, role).await?;
    }
    Ok(credentials)
}

/// A source a profile names is configured: its "not configured" is a failure too.
fn configured(
    result: Result<Credentials, CredentialsError>,
) -> Result<Credentials, CredentialsError> {
    result.map_err(|e| CredentialsError::new(e.source_name(), e.message()))
}

/// The chain of the selected profile: its base, and the roles to assume from it, last first.
fn plan(env: &Env) -> Result<(Base, Vec<Role>), CredentialsError> {
    let files = env.files();
    let selected = files.selected();
    let mut name = selected.to_owned();
    let mut visited: Vec<String> = Vec::new();
    let mut roles: Vec<Role> = Vec::new();
    loop {
        let profile_source = format!("profile `{name}`");
        let error = |message: String| CredentialsError::new(&profile_source, message);
        let Some(profile) = files.profile(&name) else {
            return Err(match visited.last() {
                Some(previous) => CredentialsError::new(
                    format!("profile `{previous}`"),
                    format!(
                        "`source_profile` names profile `{name}`, which the shared files do not have"
                    ),
                ),
                None if env.var("AWS_PROFILE").is_some() => {
                    error("AWS_PROFILE names it, but the shared files do not have it".to_owned())
                }
                None => CredentialsError::not_configured(
                    &profile_source,
                    "the shared files do not have it",
                ),
            });
        };
        if visited.contains(&name) {
            visited.push(name.clone());
            return Err(CredentialsError::new(
                format!("profile `{selected}`"),
                format!(
                    "`source_profile` goes round in a loop: {}",
                    visited.join(" -> ")
                ),
            ));
        }
        visited.push(name.clone());
        let is_source = visited.len() > 1;
        if is_source && let Some(credentials) = profile.credentials() {
            return Ok((Base::Static(credentials), roles));
        }
        let Some(role_arn) = profile.get("role_arn") else {
            let base =
                if profile.get("sso_session").is_some() || profile.get("sso_start_url").is_some() {
                    Base::Sso(profile.clone())
                } else if let Some(command) = profile.get("credential_process") {
                    Base::Process {
                        profile: name.clone(),
                        command: command.to_owned(),
                    }
                } else if let Some(credentials) = profile.credentials() {
                    Base::Static(credentials)
                } else if is_source {
                    return Err(error(format!(
                        "it is the `source_profile` of profile `{}` but has no credentials",
                        visited[visited.len() - 2]
                    )));
                } else {
                    return Err(CredentialsError::not_configured(
                        &profile_source,
                        "it has no credentials",
                    ));
                };
            return Ok((base, roles));
        };
        let session_name = profile.get("role_session_name").map(str::to_owned);
        if let Some(token_file) = profile.get("web_identity_token_file") {
            let identity = WebIdentity {
                source: profile_source.clone(),
                token_file: token_file.to_owned(),
                role_arn: role_arn.to_owned(),
                session_name,
            };
            return Ok((Base::WebIdentity(identity), roles));
        }
        let duration_seconds = match profile.get("duration_seconds") {
            Some(text) => Some(text.parse::<i32>().map_err(|_| {
                error(format!(
                    "`duration_seconds` is `{text}`, not a number of seconds"
                ))
            })?),
            None => None,
        };
        roles.push(Role {
            profile: name.clone(),
            role_arn: role_arn.to_owned(),
            session_name,
            external_id: profile.get("external_id").map(str::to_owned),
            duration_seconds,
        });
        if let Some(source) = profile.get("source_profile") {
            if source == name {
                // A profile may be its own source: its static keys assume its role.
                let credentials = profile.credentials().ok_or_else(|| {
                    error("`source_profile` names itself, but it has no static keys".to_owned())
                })?;
                return Ok((Base::Static(credentials), roles));
            }
            name = source.to_owned();
            continue;
        }
        let base = match profile.get("credential_source") {
            Some("Environment") => Base::Environment,
            Some("Ec2InstanceMetadata") => Base::InstanceMetadata,
            Some("EcsContainer") => Base::Container,
            Some(other) => {
                return Err(error(format!(
                    "`credential_source` is `{other}`, not `Environment`, \
                     `Ec2InstanceMetadata` or `EcsContainer`"
                )));
            }
            None => {
                return Err(error(
                    "it has `role_arn` but neither `source_profile`, `credential_source` nor \
                     `web_identity_token_file`"
                        .to_owned(),
                ));
            }
        };
        return Ok((base, roles));
    }
}

/// STS `AssumeRole` of `role`, signed with `credentials`.
async fn assume_role(
    env: &Env,
    credentials: Credentials,
    role: &Role,
) -> Result<Credentials, CredentialsError> {
    let source = format!("profile `{}`", role.profile);
    let client = env.client(None, Some(Arc::new(credentials)))?;
    let mut request = sts::AssumeRoleRequest::new(
        &role.role_arn,
        role.session_name
            .clone()
            .unwrap_or_else(web_identity::default_session_name),
    );
    request.external_id.clone_from(&role.external_id);
    request.duration_seconds = role.duration_seconds;
    let output = client
        .send::<sts::operation::AssumeRole>(request)
        .await
        .map_err(|e| {
            CredentialsError::new(&source, format!("STS AssumeRole of {}: {e}", role.role_arn))
        })?;
    web_identity::from_sts(&source, output.credentials)
}
