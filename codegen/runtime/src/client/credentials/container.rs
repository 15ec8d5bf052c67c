//! ECS and EKS container credentials: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (a path on
//! the ECS agent, `http://169.254.170.2`), else `AWS_CONTAINER_CREDENTIALS_FULL_URI`, which
//! must be `https`, or `http` to a loopback address, the ECS agent or the EKS pod identity
//! agent (`169.254.170.23`, `[fd00:ec2::23]`), as the SDKs restrict it; a host name other than
//! `localhost` is not resolved to check it. The `Authorization` header is the contents of
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, else `AWS_CONTAINER_AUTHORIZATION_TOKEN`.

use std::net::IpAddr;
use std::time::Duration;

use super::fetch::{self, Request};
use super::{Credentials, CredentialsError, Env};

/// The ECS agent, which relative URIs are on.
pub const ECS_ENDPOINT: &str = "http://169.254.170.2";
/// The time allowed to connect, and again to answer.
pub const TIMEOUT: Duration = Duration::from_secs(2);
/// How many times the request is tried.
pub const ATTEMPTS: u32 = 2;

/// The container's credentials, or why there are none.
pub(crate) async fn credentials(env: &Env) -> Result<Credentials, CredentialsError> {
    let (variable, url) = if let Some(relative) = env.var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
    {
        let path = if relative.starts_with('/') {
            relative
        } else {
            format!("/{relative}")
        };
        (
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            format!("{ECS_ENDPOINT}{path}"),
        )
    } else if let Some(full) = env.var("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full)
    } else {
        return Err(CredentialsError::not_configured(
            "the container endpoint",
            "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor \
             AWS_CONTAINER_CREDENTIALS_FULL_URI is set",
        ));
    };
    let uri: http::Uri = url
        .parse()
        .map_err(|_| CredentialsError::new(variable, format!("`{url}` is not a URL")))?;
    if !allowed(&uri) {
        return Err(CredentialsError::new(
            variable,
            format!(
                "`{url}` is neither https nor http to a loopback address, the ECS agent \
                 (169.254.170.2) or the EKS pod identity agent (169.254.170.23, fd00:ec2::23)"
            ),
        ));
    }
    let source = format!("the container endpoint {url}");
    let token = match env.var("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
        Some(path) => Some(std::fs::read_to_string(&path).map_err(|error| {
            CredentialsError::new(
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                format!("cannot read {path}: {error}"),
            )
        })?),
        None => env.var("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
    };
    let token = token.map(|t| t.trim().to_owned());
    if token
        .as_deref()
        .is_some_and(|t| t.bytes().any(|b| b.is_ascii_control()))
    {
        return Err(CredentialsError::new(
            &source,
            "the authorization token has a control character",
        ));
    }
    let headers: Vec<(&str, &str)> = token
        .as_deref()
        .map(|t| ("authorization", t))
        .into_iter()
        .collect();
    let transport = fetch::transport(env, &source, TIMEOUT)?;
    let body = fetch::send(
        &transport,
        &source,
        &Request {
            method: http::Method::GET,
            url: &url,
            headers: &headers,
        },
        ATTEMPTS,
    )
    .await
    // Configured, so a failure to reach it ends the chain too.
    .map_err(|e| CredentialsError::new(e.source_name(), e.message()))?;
    fetch::document(&source, &body)
}

/// Whether a full URI may be asked for credentials.
fn allowed(uri: &http::Uri) -> bool {
    let Some(host) = uri.host() else {
        return false;
    };
    match uri.scheme_str() {
        Some("https") => true,
        Some("http") => {
            let host = host.trim_start_matches('[').trim_end_matches(']');
            if host.eq_ignore_ascii_case("localhost") {
                return true;
            }
            match host.parse::<IpAddr>() {
                Ok(ip) => {
                    ip.is_loopback()
                        || ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"]
                            .iter()
                            .any(|agent| agent.parse::<IpAddr>().is_ok_and(|a| a == ip))
                }
                Err(_) => false,
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_uris_are_restricted_as_the_sdks_restrict_them() {
        let allowed_of = |url: &str| allowed(&url.parse().expect("a URI"));
        for ok in [
            "https://example.com/creds",
            "http://127.0.0.1:8080/creds",
            "http://127.1.2.3/creds",
            "http://localhost/creds",
            "http://[::1]:80/creds",
            "http://169.254.170.2/creds",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
        ] {
            assert!(allowed_of(ok), "{ok}");
        }
        for bad in [
            "http://example.com/creds",
            "http://169.254.169.254/creds",
            "http://10.0.0.1/creds",
            "ftp://127.0.0.1/creds",
        ] {
            assert!(!allowed_of(bad), "{bad}");
        }
    }
}
