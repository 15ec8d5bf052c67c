#!/usr/bin/env bash
# Per-call overhead without network: build a CreateChannel request, sign it, "send" it to a
# transport that answers a canned response at once, and read that response, on ivs-models with
# `client` and on aws-sdk-ivs (its test-util infallible HTTP client), alternately, in release
# builds. Prints microseconds per call for each, three rounds of 20,000 calls after a warm-up.
#
#   tests/bench/per-call.sh [RUNS]
#
# Needs the registry once (cargo fetch); the SDK's release build takes a few minutes.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ours/src" "$work/sdk/src"

cat > "$work/body.json" <<'JSON'
{"channel": {"arn": "arn:aws:ivs:us-west-2:123456789012:channel/X5AoyjjccIKS", "authorized": false, "ingestEndpoint": "ingest.example.com", "insecureIngest": false, "latencyMode": "LOW", "name": "studio-a", "playbackUrl": "https://playback.example.com/us-west-2.123456789012.X5AoyjjccIKS.m3u8", "preset": "", "recordingConfigurationArn": "", "tags": {}, "type": "STANDARD"}, "streamKey": {"arn": "arn:aws:ivs:us-west-2:123456789012:stream-key/9S78GBJXzG3h", "channelArn": "arn:aws:ivs:us-west-2:123456789012:channel/X5AoyjjccIKS", "tags": {}, "value": "sk_us-west-2_mN9Oey5rWQiV87u1yZjTVSvS-4AZC_d5d1xcgZNkfno"}}
JSON

cat > "$work/ours/Cargo.toml" <<TOML
[package]
name = "percall-ours"
version = "0.0.0"
edition = "2024"
[dependencies]
ivs-models = { path = "$repo/generated", features = ["client"] }
http = "1"
tokio = { version = "1", features = ["macros", "rt"] }
[workspace]
TOML
cat > "$work/ours/src/main.rs" <<'RUST'
use std::time::Instant;

use ivs_models::client::transport::BoxFuture;
use ivs_models::client::{Client, Config, Credentials, Transport, TransportError};
use ivs_models::ivs::{ChannelLatencyMode, CreateChannelRequest, Ivs as _};

const BODY: &[u8] = include_bytes!("../../body.json");

struct Canned;

impl Transport for Canned {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        assert!(request.headers().contains_key("authorization"));
        Box::pin(async move {
            Ok(http::Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .header("x-amzn-requestid", "b0a8f5c2-0000-4000-8000-000000000000")
                .body(BODY.to_vec())
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
    let call = || client.create_channel(CreateChannelRequest::new().name("studio-a").latency_mode(ChannelLatencyMode::Low));
    for _ in 0..2000 {
        call().await.unwrap();
    }
    let n = 20000;
    for round in 0..3 {
        let started = Instant::now();
        for _ in 0..n {
            let out = call().await.unwrap();
            assert!(out.channel.is_some());
        }
        println!("ours round {round}: {:.2} us/call", started.elapsed().as_secs_f64() * 1e6 / n as f64);
    }
}
RUST

cat > "$work/sdk/Cargo.toml" <<'TOML'
[package]
name = "percall-sdk"
version = "0.0.0"
edition = "2024"
[dependencies]
aws-sdk-ivs = { version = "1", features = ["behavior-version-latest"] }
aws-smithy-http-client = { version = "1", features = ["test-util"] }
aws-smithy-types = "1"
http = "1"
tokio = { version = "1", features = ["macros", "rt"] }
[workspace]
TOML
cat > "$work/sdk/src/main.rs" <<'RUST'
use std::time::Instant;

use aws_sdk_ivs::config::{Credentials, Region};
use aws_sdk_ivs::types::ChannelLatencyMode;
use aws_sdk_ivs::{Client, Config};
use aws_smithy_http_client::test_util::infallible_client_fn;
use aws_smithy_types::body::SdkBody;

const BODY: &[u8] = include_bytes!("../../body.json");

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let http_client = infallible_client_fn(|request: http::Request<SdkBody>| {
        assert!(request.headers().contains_key("authorization"));
        http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .header("x-amzn-requestid", "b0a8f5c2-0000-4000-8000-000000000000")
            .body(SdkBody::from(BODY))
            .unwrap()
    });
    let config = Config::builder()
        .region(Region::new("us-west-2"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "bench",
        ))
        .http_client(http_client)
        .build();
    let client = Client::from_conf(config);
    let call = || {
        client
            .create_channel()
            .name("studio-a")
            .latency_mode(ChannelLatencyMode::LowLatency)
            .send()
    };
    for _ in 0..2000 {
        call().await.unwrap();
    }
    let n = 20000;
    for round in 0..3 {
        let started = Instant::now();
        for _ in 0..n {
            let out = call().await.unwrap();
            assert!(out.channel.is_some());
        }
        println!("sdk round {round}: {:.2} us/call", started.elapsed().as_secs_f64() * 1e6 / n as f64);
    }
}
RUST

(cd "$work/ours" && cargo build -q --release) && (cd "$work/sdk" && cargo build -q --release)
for _ in $(seq "$runs"); do
  "$work/ours/target/release/percall-ours"
  "$work/sdk/target/release/percall-sdk"
done
