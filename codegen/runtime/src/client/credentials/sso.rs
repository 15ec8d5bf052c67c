//! IAM Identity Center (SSO) credentials of a profile: the access token `aws sso login` left in
//! `~/.aws/sso/cache/<SHA-1 of the session name or start URL, in hex>.json`, exchanged for the
//! role's credentials by SSO `GetRoleCredentials`. A token that has expired is refreshed by SSO
//! OIDC `CreateToken` with its refresh token when the cache has one (an `sso-session` login),
//! and the cache file rewritten; else the error says to log in again.
//!
//! The profile names an `[sso-session NAME]` section (`sso_session`, with `sso_start_url` and
//! `sso_region` there), or has the legacy `sso_start_url` and `sso_region` itself; and
//! `sso_account_id` and `sso_role_name`.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Map, Value};

use super::services::{sso, sso_oidc};
use super::{Credentials, CredentialsError, Env, Profile, home, parse_expiry};
use crate::Timestamp;

/// The profile's SSO credentials.
pub(crate) async fn credentials(
    env: &Env,
    profile: &Profile,
) -> Result<Credentials, CredentialsError> {
    let source = format!("the SSO settings of profile `{}`", profile.name());
    let error = |message: String| CredentialsError::new(&source, message);
    let (session, settings) = match profile.get("sso_session") {
        Some(name) => {
            let session = env.files().sso_session(name).ok_or_else(|| {
                error(format!(
                    "`sso_session` names `{name}`, which has no [sso-session {name}] section"
                ))
            })?;
            (Some(name), session)
        }
        None => (None, profile),
    };
    let key = |key: &str, from: &Profile| {
        from.get(key)
            .map(str::to_owned)
            .ok_or_else(|| error(format!("`{key}` is not set")))
    };
    let start_url = key("sso_start_url", settings)?;
    let region = key("sso_region", settings)?;
    let account_id = key("sso_account_id", profile)?;
    let role_name = key("sso_role_name", profile)?;
    let cache_key = session.unwrap_or(&start_url);
    let home = home(&|name| env.var(name)).ok_or_else(|| {
        error("no home directory (HOME) to find the SSO token cache in".to_owned())
    })?;
    let path = cache_path(&home, cache_key);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        error(format!(
            "cannot read the SSO token {}: {e} (log in with `aws sso login`)",
            path.display()
        ))
    })?;
    let mut cached: Map<String, Value> = serde_json::from_str(&text).map_err(|e| {
        error(format!(
            "the SSO token {} is not JSON (line {}, column {})",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let text_of = |cached: &Map<String, Value>, name: &str| {
        cached.get(name).and_then(Value::as_str).map(str::to_owned)
    };
    let expires_at = text_of(&cached, "expiresAt")
        .and_then(|t| parse_expiry(&t))
        .ok_or_else(|| {
            error(format!(
                "the SSO token {} has no `expiresAt` time",
                path.display()
            ))
        })?;
    let now = Timestamp::now();
    let refresh = (
        text_of(&cached, "refreshToken"),
        text_of(&cached, "clientId"),
        text_of(&cached, "clientSecret"),
    );
    // Refreshed within five minutes of its expiry when it can be; used until then when not.
    if expires_at <= now.saturating_add(Duration::from_secs(5 * 60)) {
        let (Some(refresh_token), Some(client_id), Some(client_secret)) = refresh else {
            if expires_at > now {
                return role_credentials(env, &source, &region, &cached, &account_id, &role_name)
                    .await;
            }
            return Err(error(format!(
                "the SSO token {} has expired (log in again with `aws sso login`)",
                path.display()
            )));
        };
        let client = env.client(Some(&region), None)?;
        let mut request =
            sso_oidc::CreateTokenRequest::new(client_id, client_secret, "refresh_token");
        request.refresh_token = Some(refresh_token);
        let token = client
            .send::<sso_oidc::operation::CreateToken>(request)
            .await
            .map_err(|e| error(format!("SSO OIDC CreateToken (refreshing the token): {e}")))?;
        let access_token = token
            .access_token
            .ok_or_else(|| error("SSO OIDC CreateToken gave no access token".to_owned()))?;
        let expires_in = token.expires_in.unwrap_or(0);
        let expires_at = Timestamp::now()
            .saturating_add(Duration::from_secs(u64::try_from(expires_in).unwrap_or(0)));
        cached.insert("accessToken".to_owned(), Value::String(access_token));
        cached.insert(
            "expiresAt".to_owned(),
            Value::String(expires_at.to_string()),
        );
        if let Some(refresh_token) = token.refresh_token {
            cached.insert("refreshToken".to_owned(), Value::String(refresh_token));
        }
        // The refreshed token is written back as the SDKs do; failing to is no error.
        if let Ok(text) = serde_json::to_string(&cached) {
            let _ = std::fs::write(&path, text);
        }
    }
    role_credentials(env, &source, &region, &cached, &account_id, &role_name).await
}

/// SSO `GetRoleCredentials` of the role with the cached token.
async fn role_credentials(
    env: &Env,
    source: &str,
    region: &str,
    cached: &Map<String, Value>,
    account_id: &str,
    role_name: &str,
) -> Result<Credentials, CredentialsError> {
    let error = |message: String| CredentialsError::new(source, message);
    let access_token = cached
        .get("accessToken")
        .and_then(Value::as_str)
        .ok_or_else(|| error("the SSO token has no `accessToken`".to_owned()))?;
    let client = env.client(Some(region), None)?;
    let output = client
        .send::<sso::operation::GetRoleCredentials>(sso::GetRoleCredentialsRequest::new(
            access_token,
            account_id,
            role_name,
        ))
        .await
        .map_err(|e| {
            error(format!(
                "SSO GetRoleCredentials of role `{role_name}` in account {account_id}: {e}"
            ))
        })?;
    let role = output
        .role_credentials
        .ok_or_else(|| error("SSO GetRoleCredentials gave no credentials".to_owned()))?;
    let (Some(access_key_id), Some(secret_access_key)) =
        (role.access_key_id, role.secret_access_key)
    else {
        return Err(error(
            "SSO GetRoleCredentials gave no access key".to_owned(),
        ));
    };
    let mut credentials = Credentials::new(access_key_id, secret_access_key);
    if let Some(token) = role.session_token {
        credentials = credentials.with_session_token(token);
    }
    if let Some(expiry) = role
        .expiration
        .and_then(|millis| Timestamp::from_millisecond(millis).ok())
    {
        credentials = credentials.with_expiry(expiry);
    }
    Ok(credentials)
}

/// `~/.aws/sso/cache/<SHA-1 of key, in hex>.json`.
pub fn cache_path(home: &std::path::Path, key: &str) -> PathBuf {
    let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, key.as_bytes());
    let hex = crate::client::sigv4::hex(digest.as_ref());
    home.join(".aws")
        .join("sso")
        .join("cache")
        .join(format!("{hex}.json"))
}
