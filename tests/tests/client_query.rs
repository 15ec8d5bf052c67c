//! The client against a real awsQuery endpoint: moto's server (PyPI `moto[server]`, pinned in
//! `tests/python/requirements.txt`) on 127.0.0.1, answering STS as generated from botocore's own
//! model: GetCallerIdentity, AssumeRole, and an error read from `<ErrorResponse>`.

mod client_support;

#[allow(dead_code, missing_docs, clippy::all)]
mod botocore {
    include!(concat!(env!("OUT_DIR"), "/botocore_sts.rs"));
}

use botocore::sts;
use botocore::sts::operation::{AssumeRole, GetCallerIdentity};
use ivs_models::Operation;
use ivs_models::client::Error;

use client_support::{Moto, client};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sts_against_moto() {
    let moto = Moto::start();
    let client = client(&moto.endpoint);

    // The request is the form botocore writes.
    let request =
        GetCallerIdentity::request(&sts::GetCallerIdentityRequest::new()).expect("a request");
    assert_eq!(
        request.body().as_slice(),
        b"Action=GetCallerIdentity&Version=2011-06-15"
    );

    let identity = client
        .send::<GetCallerIdentity>(sts::GetCallerIdentityRequest::new())
        .await
        .expect("GetCallerIdentity");
    assert_eq!(identity.account.as_deref(), Some("123456789012"));
    assert!(
        identity
            .arn
            .as_deref()
            .is_some_and(|arn| arn.starts_with("arn:aws:")),
        "{identity:?}"
    );

    let role = "arn:aws:iam::123456789012:role/deploy";
    let assumed = client
        .send::<AssumeRole>(sts::AssumeRoleRequest::new(role, "build-42").duration_seconds(900))
        .await
        .expect("AssumeRole");
    let credentials = assumed.credentials.expect("credentials");
    assert!(
        credentials.access_key_id.starts_with("ASIA"),
        "a temporary key: {}",
        credentials.access_key_id
    );
    assert!(!credentials.secret_access_key.is_empty());
    assert!(!credentials.session_token.is_empty());
    let user = assumed.assumed_role_user.expect("the assumed role's user");
    assert!(
        user.arn.contains("assumed-role/deploy/build-42"),
        "{}",
        user.arn
    );
    // The secret is never printed.
    assert!(!format!("{credentials:?}").contains(&credentials.secret_access_key));

    // A role session name over 64 characters is refused: an error read from `<ErrorResponse>`.
    let refused = client
        .send::<AssumeRole>(sts::AssumeRoleRequest::new(role, "s".repeat(65)))
        .await
        .expect_err("a session name of 65 characters is too long");
    let Error::Service(error) = &refused else {
        panic!("a service error, not {refused:?}");
    };
    let error = ivs_models::OperationError::service_error(error);
    assert_eq!(error.status(), 400);
    assert_eq!(error.code(), "ValidationError");
    assert!(
        error
            .message()
            .is_some_and(|m| m.contains("roleSessionName")),
        "{error:?}"
    );
}
