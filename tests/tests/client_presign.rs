//! Presigned requests (`Client::presign`): byte-equal to botocore's `generate_presigned_url`
//! (`tests/python/botocore_presign.py`, SigV4) at a fixed time for S3's GetObject and PutObject
//! (a session token, a version id, a signed `Content-Type`, a key that needs encoding) and STS's
//! GetCallerIdentity (its form moved into the query, for POST and GET); a presigned PUT and GET
//! against moto's S3 with a plain HTTP client; expiries out of range refused.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod client_support;

#[allow(dead_code, missing_docs, clippy::all)]
mod botocore {
    include!(concat!(env!("OUT_DIR"), "/botocore_s3.rs"));
    include!(concat!(env!("OUT_DIR"), "/botocore_sts.rs"));
}

use std::time::Duration;

use botocore::s3::operation::{CreateBucket, GetObject, PutObject};
use botocore::sts::operation::GetCallerIdentity;
use botocore::{s3, sts};
use client_support::{Moto, REGION, botocore_script};
use ivs_models::client::{Client, Config, Credentials, Presigning};
use ivs_models::{Timestamp, http};
use serde_json::{Value, json};

service!(s3: CreateBucket, GetObject, PutObject);
service!(sts: GetCallerIdentity);

const ACCESS_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TIME: &str = "20130524T000000Z";

/// What botocore makes of `requests` at [`TIME`].
fn botocore_urls(requests: Vec<Value>) -> Vec<String> {
    let job = json!({
        "access_key_id": ACCESS_KEY_ID,
        "secret_access_key": SECRET,
        "time": TIME,
        "requests": requests,
    });
    let answer = botocore_script("botocore_presign.py", &job);
    answer["urls"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|url| url.as_str().expect("text").to_owned())
        .collect()
}

fn client(region: &str, endpoint: &str, credentials: Credentials) -> Client {
    Client::new(
        Config::new()
            .region(region)
            .credentials(credentials)
            .endpoint_url(endpoint),
    )
    .expect("a client")
}

fn at(expires: u64) -> Presigning {
    Presigning::expires_in(Duration::from_secs(expires))
        .expect("an expiry")
        .start_time(TIME.parse::<Timestamp>().expect("a time"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presigned_urls_are_botocores() {
    let keys = || Credentials::new(ACCESS_KEY_ID, SECRET);
    let s3 = client("us-east-1", "https://s3.amazonaws.com", keys());
    let s3_token = client(
        "eu-west-1",
        "https://s3.eu-west-1.amazonaws.com",
        keys().with_session_token("TOKEN/+="),
    );
    let sts = client("us-east-1", "https://sts.us-east-1.amazonaws.com", keys());
    let ours = [
        s3.presign::<GetObject>(
            s3::GetObjectRequest::new("examplebucket", "test.txt"),
            at(86400),
        )
        .await
        .expect("presigned"),
        s3.presign::<PutObject>(
            s3::PutObjectRequest::new("examplebucket", "a b/ü+.txt").content_type("text/plain"),
            at(600),
        )
        .await
        .expect("presigned"),
        s3_token
            .presign::<GetObject>(
                s3::GetObjectRequest::new("examplebucket", "test.txt").version_id("v1"),
                at(86400),
            )
            .await
            .expect("presigned"),
        sts.presign::<GetCallerIdentity>(sts::GetCallerIdentityRequest::new(), at(60))
            .await
            .expect("presigned"),
        sts.presign::<GetCallerIdentity>(
            sts::GetCallerIdentityRequest::new(),
            at(60).method(http::Method::GET),
        )
        .await
        .expect("presigned"),
    ];
    let theirs = botocore_urls(vec![
        json!({"service": "s3", "region": "us-east-1", "method": "get_object",
               "params": {"Bucket": "examplebucket", "Key": "test.txt"}, "expires": 86400}),
        json!({"service": "s3", "region": "us-east-1", "method": "put_object",
               "params": {"Bucket": "examplebucket", "Key": "a b/ü+.txt", "ContentType": "text/plain"},
               "expires": 600}),
        json!({"service": "s3", "region": "eu-west-1", "method": "get_object",
               "endpoint_url": "https://s3.eu-west-1.amazonaws.com", "session_token": "TOKEN/+=",
               "params": {"Bucket": "examplebucket", "Key": "test.txt", "VersionId": "v1"},
               "expires": 86400}),
        json!({"service": "sts", "region": "us-east-1", "method": "get_caller_identity",
               "params": {}, "expires": 60}),
        json!({"service": "sts", "region": "us-east-1", "method": "get_caller_identity",
               "params": {}, "expires": 60, "http_method": "GET"}),
    ]);
    for (ours, theirs) in ours.iter().zip(&theirs) {
        assert_eq!(ours.uri().to_string(), *theirs);
        assert!(ours.body().is_empty(), "{ours:?}");
    }
    // The method botocore signs with (the model's, else the one asked for) is the request's.
    assert_eq!(ours[1].method(), http::Method::PUT);
    assert_eq!(ours[3].method(), http::Method::POST);
    assert_eq!(ours[4].method(), http::Method::GET);
    // A signed header goes with the request; what the sender's body decides does not.
    assert_eq!(ours[1].headers()["content-type"], "text/plain");
    for name in [
        "content-length",
        "x-amz-checksum-crc32",
        "authorization",
        "host",
    ] {
        assert!(!ours[1].headers().contains_key(name), "{name}");
    }
}

#[test]
fn expiries_out_of_range_are_refused() {
    for seconds in [0, 604_801] {
        let error = Presigning::expires_in(Duration::from_secs(seconds)).expect_err("refused");
        assert!(error.to_string().contains("7 days"), "{error}");
    }
    assert!(Presigning::expires_in(Presigning::MAX_EXPIRES_IN).is_ok());
}

/// Sends `request` with `body` over a plain HTTP/1.1 connection, as a program without the
/// credentials would: its status and body.
async fn plain_http(request: &http::Request<Vec<u8>>, body: &[u8]) -> (u16, Vec<u8>) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let uri = request.uri();
    let authority = uri.authority().expect("a host").as_str();
    let mut socket = tokio::net::TcpStream::connect(authority)
        .await
        .expect("connects");
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: {authority}\r\nContent-Length: {}\r\nConnection: close\r\n",
        request.method(),
        uri.path_and_query().expect("a path"),
        body.len()
    );
    for (name, value) in request.headers() {
        head.push_str(&format!("{name}: {}\r\n", value.to_str().expect("text")));
    }
    head.push_str("\r\n");
    socket.write_all(head.as_bytes()).await.expect("written");
    socket.write_all(body).await.expect("written");
    let mut answer = Vec::new();
    socket.read_to_end(&mut answer).await.expect("read");
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let status = std::str::from_utf8(&answer[9..12]).expect("a status");
    (
        status.parse().expect("a number"),
        answer[end + 4..].to_vec(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presigned_put_and_get_work_against_moto() {
    let moto = Moto::start();
    let client = client_support::client(&moto.endpoint);
    client
        .send::<CreateBucket>(
            s3::CreateBucketRequest::new("presigned").create_bucket_configuration(
                s3::CreateBucketConfiguration::new()
                    .location_constraint(s3::BucketLocationConstraint::from(REGION)),
            ),
        )
        .await
        .expect("CreateBucket");
    let put = client
        .presign::<PutObject>(
            s3::PutObjectRequest::new("presigned", "docs/a b.txt").content_type("text/plain"),
            Presigning::expires_in(Duration::from_secs(300)).expect("an expiry"),
        )
        .await
        .expect("presigned");
    let (status, answer) = plain_http(&put, b"shared without keys").await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
    let get = client
        .presign::<GetObject>(
            s3::GetObjectRequest::new("presigned", "docs/a b.txt"),
            Presigning::expires_in(Duration::from_secs(300)).expect("an expiry"),
        )
        .await
        .expect("presigned");
    assert!(
        get.uri()
            .query()
            .expect("a query")
            .contains("X-Amz-Signature=")
    );
    let (status, body) = plain_http(&get, b"").await;
    assert_eq!(status, 200);
    assert_eq!(body, b"shared without keys");
}
