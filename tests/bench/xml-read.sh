#!/usr/bin/env bash
# Reading XML answers through the client, without network: S3 ListObjectsV2 of 1,000 keys
# (restXml) and IAM ListUsers of 100 users (awsQuery), each call built, signed, "sent" to a
# transport that answers a canned response at once, and read; on crates generated from botocore's
# own S3 and IAM models (with `client`) and on aws-sdk-s3 / aws-sdk-iam (their test-util
# infallible HTTP client replaying the same bytes), alternately, in release builds. Prints
# microseconds per call for each and the ratio generated/SDK, per round.
#
#   tests/bench/xml-read.sh [RUNS]
#
# XML_READ_WORK=DIR keeps the programs and their builds in DIR (a temporary directory otherwise,
# removed at the end), so that a second run builds nothing again.
# Needs botocore's models (`tests/corpus/fetch.sh`) and the registry once (cargo fetch); the
# SDKs' release builds take several minutes.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-2}
if [ -n "${XML_READ_WORK:-}" ]; then
  work=$XML_READ_WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
data=$(bash "$repo/tests/corpus/fetch.sh")
mkdir -p "$work/model" "$work/ours/src" "$work/sdk/src"
for service in s3 iam; do
  version=$(ls "$data/$service" | sort | tail -n1)
  gunzip -c "$data/$service/$version/service-2.json.gz" > "$work/model/$service.json"
done
(cd "$repo" && cargo xtask codegen --model "$work/model" --out "$work/crate" --name xml-bench-models >/dev/null 2>&1)

python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
keys = "".join(
    f"<Contents><Key>photos/2026/{i:06}.jpg</Key><LastModified>2026-11-30T12:00:00.000Z</LastModified>"
    f"<ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag><Size>434234</Size>"
    f"<StorageClass>STANDARD</StorageClass></Contents>"
    for i in range(1000)
)
open(f"{work}/list.xml", "w").write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
    "<Name>bucket</Name><Prefix></Prefix><KeyCount>1000</KeyCount><MaxKeys>1000</MaxKeys>"
    "<IsTruncated>false</IsTruncated>" + keys + "</ListBucketResult>"
)
users = "".join(
    f"<member><Path>/</Path><UserName>user-{i:03}</UserName><UserId>AIDA{i:017}</UserId>"
    f"<Arn>arn:aws:iam::123456789012:user/user-{i:03}</Arn><CreateDate>2026-11-30T12:00:00Z</CreateDate></member>"
    for i in range(100)
)
open(f"{work}/users.xml", "w").write(
    '<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult>'
    "<IsTruncated>false</IsTruncated><Users>" + users + "</Users></ListUsersResult>"
    "<ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata>"
    "</ListUsersResponse>"
)
PY

cat > "$work/ours/Cargo.toml" <<TOML
[package]
name = "xmlread-ours"
version = "0.0.0"
edition = "2024"
[dependencies]
xml-bench-models = { path = "$work/crate", features = ["client"] }
http = "1"
tokio = { version = "1", features = ["macros", "rt"] }
[workspace]
TOML
cat > "$work/ours/src/main.rs" <<'RUST'
use std::time::Instant;

use xml_bench_models::client::transport::BoxFuture;
use xml_bench_models::client::{Client, Config, Credentials, Transport, TransportError};
use xml_bench_models::iam::{Iam as _, ListUsersRequest};
use xml_bench_models::s3::{ListObjectsV2Request, S3 as _};

const LIST: &[u8] = include_bytes!("../../list.xml");
const USERS: &[u8] = include_bytes!("../../users.xml");

struct Canned;

impl Transport for Canned {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        assert!(request.headers().contains_key("authorization"));
        let body = if request.uri().path().starts_with("/bucket") { LIST } else { USERS };
        Box::pin(async move {
            Ok(http::Response::builder()
                .status(200)
                .header("content-type", "text/xml")
                .header("x-amz-request-id", "4442587FB7D0A2F9")
                .body(body.to_vec())
                .unwrap())
        })
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let config = Config::new()
        .region("us-west-2")
        .credentials(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
    let client = Client::with_transport(config, Canned).unwrap();
    let list = || client.list_objects_v2(ListObjectsV2Request::new("bucket"));
    let users = || client.list_users(ListUsersRequest::new());
    for _ in 0..100 {
        assert_eq!(list().await.unwrap().contents.map(|c| c.len()), Some(1000));
        assert_eq!(users().await.unwrap().users.len(), 100);
    }
    for round in 0..3 {
        let n = 1000;
        let started = Instant::now();
        for _ in 0..n {
            let out = list().await.unwrap();
            assert!(out.contents.is_some());
        }
        let s3 = started.elapsed().as_secs_f64() * 1e6 / n as f64;
        let n = 5000;
        let started = Instant::now();
        for _ in 0..n {
            let out = users().await.unwrap();
            assert!(!out.users.is_empty());
        }
        let iam = started.elapsed().as_secs_f64() * 1e6 / n as f64;
        println!("ours round {round}: ListObjectsV2 {s3:.1} us/call, ListUsers {iam:.1} us/call");
    }
}
RUST

cat > "$work/sdk/Cargo.toml" <<'TOML'
[package]
name = "xmlread-sdk"
version = "0.0.0"
edition = "2024"
[dependencies]
aws-sdk-iam = { version = "1", features = ["behavior-version-latest"] }
aws-sdk-s3 = { version = "1", features = ["behavior-version-latest"] }
aws-smithy-http-client = { version = "1", features = ["test-util"] }
aws-smithy-types = "1"
http = "1"
tokio = { version = "1", features = ["macros", "rt"] }
[workspace]
TOML
cat > "$work/sdk/src/main.rs" <<'RUST'
use std::time::Instant;

use aws_smithy_http_client::test_util::infallible_client_fn;
use aws_smithy_types::body::SdkBody;

const LIST: &[u8] = include_bytes!("../../list.xml");
const USERS: &[u8] = include_bytes!("../../users.xml");

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let http_client = infallible_client_fn(|request: http::Request<SdkBody>| {
        assert!(request.headers().contains_key("authorization"));
        let body = if request.uri().to_string().contains("iam") { USERS } else { LIST };
        http::Response::builder()
            .status(200)
            .header("content-type", "text/xml")
            .header("x-amz-request-id", "4442587FB7D0A2F9")
            .body(SdkBody::from(body))
            .unwrap()
    });
    let credentials = aws_sdk_s3::config::Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "bench",
    );
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::Config::builder()
            .region(aws_sdk_s3::config::Region::new("us-west-2"))
            .credentials_provider(credentials.clone())
            .http_client(http_client.clone())
            .build(),
    );
    let iam = aws_sdk_iam::Client::from_conf(
        aws_sdk_iam::Config::builder()
            .region(aws_sdk_iam::config::Region::new("us-east-1"))
            .credentials_provider(credentials)
            .http_client(http_client)
            .build(),
    );
    let list = || s3.list_objects_v2().bucket("bucket").send();
    let users = || iam.list_users().send();
    for _ in 0..100 {
        assert_eq!(list().await.unwrap().contents().len(), 1000);
        assert_eq!(users().await.unwrap().users().len(), 100);
    }
    for round in 0..3 {
        let n = 1000;
        let started = Instant::now();
        for _ in 0..n {
            let out = list().await.unwrap();
            assert!(!out.contents().is_empty());
        }
        let s3 = started.elapsed().as_secs_f64() * 1e6 / n as f64;
        let n = 5000;
        let started = Instant::now();
        for _ in 0..n {
            let out = users().await.unwrap();
            assert!(!out.users().is_empty());
        }
        let iam = started.elapsed().as_secs_f64() * 1e6 / n as f64;
        println!("sdk round {round}: ListObjectsV2 {s3:.1} us/call, ListUsers {iam:.1} us/call");
    }
}
RUST

(cd "$work/ours" && cargo build -q --release) && (cd "$work/sdk" && cargo build -q --release)
for _ in $(seq "$runs"); do
  ours=$("$work/ours/target/release/xmlread-ours")
  sdk=$("$work/sdk/target/release/xmlread-sdk")
  echo "$ours"
  echo "$sdk"
  paste <(echo "$ours") <(echo "$sdk") | awk '{
    printf "round %s: ListObjectsV2 ratio %.2f, ListUsers ratio %.2f (generated/SDK)\n",
      $3, $5 / $14, $8 / $17 }'
done
