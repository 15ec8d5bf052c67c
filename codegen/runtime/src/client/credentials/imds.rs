//! The last of the chain: the EC2 instance metadata service, IMDSv2. A session token first
//! (`PUT /latest/api/token` with its time to live), then with it the role's name
//! (`GET /latest/meta-data/iam/security-credentials/`) and the role's credentials. Each request
//! has a second to connect and a second to answer, and is tried twice.
//!
//! As botocore and the Java and Go SDKs do, a service that refuses the token request (HTTP 403,
//! 404 or 405) or does not answer it in time (a container behind one hop too many) is asked
//! without a token, IMDSv1, unless `AWS_EC2_METADATA_V1_DISABLED=true` (else
//! `ec2_metadata_v1_disabled` of the profile) says not to.
//!
//! `AWS_EC2_METADATA_DISABLED=true` turns it off; `AWS_EC2_METADATA_SERVICE_ENDPOINT` (else
//! `ec2_metadata_service_endpoint` of the profile) moves it, and
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6` picks its IPv6 address.

use std::time::Duration;

use super::fetch::{self, Request};
use super::{Credentials, CredentialsError, Env};

/// The service's IPv4 address.
pub const ENDPOINT_IPV4: &str = "http://169.254.169.254";
/// The service's IPv6 address.
pub const ENDPOINT_IPV6: &str = "http://[fd00:ec2::254]";
/// The time allowed to connect, and again to answer.
pub const TIMEOUT: Duration = Duration::from_secs(1);
/// How many times each request is tried.
pub const ATTEMPTS: u32 = 2;
/// The session token's time to live, in seconds (six hours, as the SDKs ask).
const TOKEN_TTL: &str = "21600";

/// The instance's role credentials, or why there are none.
pub(crate) async fn credentials(env: &Env) -> Result<Credentials, CredentialsError> {
    if env
        .var("AWS_EC2_METADATA_DISABLED")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return Err(CredentialsError::not_configured(
            "the instance metadata service",
            "AWS_EC2_METADATA_DISABLED is true",
        ));
    }
    let profile = env.files().selected_profile();
    let endpoint = match env.var("AWS_EC2_METADATA_SERVICE_ENDPOINT").or_else(|| {
        profile
            .get("ec2_metadata_service_endpoint")
            .map(str::to_owned)
    }) {
        Some(endpoint) => endpoint,
        None => {
            let mode = env
                .var("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")
                .or_else(|| {
                    profile
                        .get("ec2_metadata_service_endpoint_mode")
                        .map(str::to_owned)
                });
            match mode.as_deref() {
                Some(mode) if mode.eq_ignore_ascii_case("ipv6") => ENDPOINT_IPV6.to_owned(),
                _ => ENDPOINT_IPV4.to_owned(),
            }
        }
    };
    let endpoint = endpoint.trim_end_matches('/');
    let source = format!("the instance metadata endpoint {endpoint}");
    let transport = fetch::transport(env, &source, TIMEOUT)?;
    let token_url = format!("{endpoint}/latest/api/token");
    let asked = fetch::try_send(
        &transport,
        &source,
        &Request {
            method: http::Method::PUT,
            url: &token_url,
            headers: &[("x-aws-ec2-metadata-token-ttl-seconds", TOKEN_TTL)],
        },
        ATTEMPTS,
    )
    .await;
    let token = match asked {
        Ok(token) => Some(
            String::from_utf8(token)
                .map_err(|_| CredentialsError::new(&source, "the session token is not UTF-8"))?,
        ),
        Err(failed) if failed.timed_out || failed.status.is_some_and(refuses_v2) => {
            if v1_disabled(env) {
                return Err(CredentialsError::new(
                    &source,
                    format!(
                        "no session token ({}), and the IMDSv1 fallback is off \
                         (AWS_EC2_METADATA_V1_DISABLED or ec2_metadata_v1_disabled)",
                        failed.error.message()
                    ),
                ));
            }
            None
        }
        Err(failed) => return Err(failed.error),
    };
    let with_token;
    let headers: &[(&str, &str)] = match &token {
        Some(token) => {
            with_token = [("x-aws-ec2-metadata-token", token.trim())];
            &with_token
        }
        None => &[],
    };
    let get = |url: String| {
        let (transport, source) = (&transport, &source);
        async move {
            let request = Request {
                method: http::Method::GET,
                url: &url,
                headers,
            };
            fetch::send(transport, source, &request, ATTEMPTS).await
        }
    };
    let roles_url = format!("{endpoint}/latest/meta-data/iam/security-credentials/");
    let roles = get(roles_url.clone()).await?;
    let roles = String::from_utf8_lossy(&roles);
    let role = roles
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .ok_or_else(|| CredentialsError::new(&source, "the instance has no role"))?;
    if !role
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
    {
        return Err(CredentialsError::new(
            &source,
            "the role's name is not an IAM role name",
        ));
    }
    let document = get(format!("{roles_url}{role}")).await?;
    fetch::document(&format!("{source} (role `{role}`)"), &document)
}

/// Whether the token request's status says the service has no IMDSv2 for this caller, as
/// botocore reads it.
fn refuses_v2(status: http::StatusCode) -> bool {
    matches!(status.as_u16(), 403..=405)
}

/// Whether the fallback to IMDSv1 is turned off.
fn v1_disabled(env: &Env) -> bool {
    env.var("AWS_EC2_METADATA_V1_DISABLED")
        .or_else(|| {
            env.files()
                .selected_profile()
                .get("ec2_metadata_v1_disabled")
                .map(str::to_owned)
        })
        .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
}
