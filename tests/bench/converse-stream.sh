#!/usr/bin/env bash
# Reading a stream of events through the client, without network: Bedrock Runtime's
# ConverseStream answering 1,000 text deltas (`contentBlockDelta` events, with messageStart,
# contentBlockStop, messageStop and metadata around them: 1,004 events, one response body), the
# call built, signed, "sent" to a transport that answers the canned stream at once, and every
# event read; on a crate generated from botocore's own bedrock-runtime model (with `client`,
# `send_events`) and on aws-sdk-bedrockruntime (its test-util infallible HTTP client replaying
# the same bytes, `stream.recv()`), alternately, in release builds. Prints nanoseconds per
# event (a call's time over its events) for each and the ratio generated/SDK, per round.
#
#   tests/bench/converse-stream.sh [RUNS]
#
# CONVERSE_STREAM_WORK=DIR keeps the programs and their builds in DIR (a temporary directory
# otherwise, removed at the end), so that a second run builds nothing again.
# Needs botocore's models (`tests/corpus/fetch.sh`) and the registry once (cargo fetch); the
# SDK's release build takes several minutes.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-2}
if [ -n "${CONVERSE_STREAM_WORK:-}" ]; then
  work=$CONVERSE_STREAM_WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
data=$(bash "$repo/tests/corpus/fetch.sh")
mkdir -p "$work/model" "$work/ours/src" "$work/sdk/src"
version=$(ls "$data/bedrock-runtime" | sort | tail -n1)
gunzip -c "$data/bedrock-runtime/$version/service-2.json.gz" > "$work/model/bedrock-runtime.json"
(cd "$repo" && cargo xtask codegen --model "$work/model" --out "$work/crate" --name converse-bench-models >/dev/null 2>&1)

# The stream, framed here (zlib's CRC32) rather than by either side's encoder.
python3 - "$work" <<'PY'
import json, struct, sys, zlib
work = sys.argv[1]

def header(name, value):
    name, value = name.encode(), value.encode()
    return bytes([len(name)]) + name + b"\x07" + struct.pack(">H", len(value)) + value

def frame(event_type, body):
    headers = (header(":event-type", event_type) + header(":content-type", "application/json")
               + header(":message-type", "event"))
    payload = json.dumps(body, separators=(",", ":")).encode()
    total = 12 + len(headers) + len(payload) + 4
    prelude = struct.pack(">II", total, len(headers))
    prelude += struct.pack(">I", zlib.crc32(prelude))
    message = prelude + headers + payload
    return message + struct.pack(">I", zlib.crc32(message))

words = ["The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", "."]
stream = frame("messageStart", {"role": "assistant"})
for i in range(1000):
    stream += frame("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": words[i % 10]}})
stream += frame("contentBlockStop", {"contentBlockIndex": 0})
stream += frame("messageStop", {"stopReason": "end_turn"})
stream += frame("metadata", {"usage": {"inputTokens": 12, "outputTokens": 1000, "totalTokens": 1012},
                             "metrics": {"latencyMs": 412}})
open(f"{work}/stream.bin", "wb").write(stream)
PY

cat > "$work/ours/Cargo.toml" <<TOML
[package]
name = "converse-ours"
version = "0.0.0"
edition = "2024"
[dependencies]
converse-bench-models = { path = "$work/crate", features = ["client"] }
http = "1"
tokio = { version = "1", features = ["macros", "rt"] }
[workspace]
TOML
cat > "$work/ours/src/main.rs" <<'RUST'
use std::time::Instant;

use converse_bench_models::bedrock_runtime::operation::ConverseStream;
use converse_bench_models::bedrock_runtime::{
    ContentBlock, ContentBlockDelta, ConversationRole, ConverseStreamOutput, ConverseStreamRequest,
    Message,
};
use converse_bench_models::client::transport::BoxFuture;
use converse_bench_models::client::{Client, Config, Credentials, Transport, TransportError};

const STREAM: &[u8] = include_bytes!("../../stream.bin");

struct Canned;

impl Transport for Canned {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        assert!(request.headers().contains_key("authorization"));
        Box::pin(async move {
            Ok(http::Response::builder()
                .status(200)
                .header("content-type", "application/vnd.amazon.eventstream")
                .header("x-amzn-requestid", "4442587f-b7d0-a2f9-0000-000000000000")
                .body(STREAM.to_vec())
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
    let request = || {
        ConverseStreamRequest::new("anthropic.claude-3-haiku").messages([Message::new(
            ConversationRole::User,
            [ContentBlock::Text("Tell me about foxes.".into())],
        )])
    };
    // Every event read; the deltas' text counted so that none is optimized away.
    let call = || async {
        let mut response = client
            .send_events::<ConverseStream, ConverseStreamOutput>(request())
            .await
            .unwrap();
        let (mut events, mut text) = (0, 0);
        while let Some(event) = response.events.next().await {
            if let ConverseStreamOutput::ContentBlockDelta(delta) = event.unwrap() {
                if let ContentBlockDelta::Text(delta) = &delta.delta {
                    text += delta.len();
                }
            }
            events += 1;
        }
        (events, text)
    };
    for _ in 0..100 {
        assert_eq!(call().await, (1004, 4400));
    }
    for round in 0..3 {
        let n = 1000;
        let started = Instant::now();
        let mut events = 0;
        for _ in 0..n {
            events += call().await.0;
        }
        let ns = started.elapsed().as_secs_f64() * 1e9 / events as f64;
        println!("ours round {round}: ConverseStream {ns:.1} ns/event");
    }
}
RUST

cat > "$work/sdk/Cargo.toml" <<'TOML'
[package]
name = "converse-sdk"
version = "0.0.0"
edition = "2024"
[dependencies]
aws-sdk-bedrockruntime = { version = "1", default-features = false, features = ["behavior-version-latest", "rt-tokio"] }
aws-smithy-http-client = { version = "1", features = ["test-util"] }
aws-smithy-types = "1"
http = "1"
tokio = { version = "1", features = ["macros", "rt"] }
[workspace]
TOML
cat > "$work/sdk/src/main.rs" <<'RUST'
use std::time::Instant;

use aws_sdk_bedrockruntime::types::{
    ContentBlock, ContentBlockDelta, ConversationRole, ConverseStreamOutput, Message,
};
use aws_smithy_http_client::test_util::infallible_client_fn;
use aws_smithy_types::body::SdkBody;

const STREAM: &[u8] = include_bytes!("../../stream.bin");

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let http_client = infallible_client_fn(|request: http::Request<SdkBody>| {
        assert!(request.headers().contains_key("authorization"));
        http::Response::builder()
            .status(200)
            .header("content-type", "application/vnd.amazon.eventstream")
            .header("x-amzn-requestid", "4442587f-b7d0-a2f9-0000-000000000000")
            .body(SdkBody::from(STREAM))
            .unwrap()
    });
    let credentials = aws_sdk_bedrockruntime::config::Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "bench",
    );
    let client = aws_sdk_bedrockruntime::Client::from_conf(
        aws_sdk_bedrockruntime::Config::builder()
            .region(aws_sdk_bedrockruntime::config::Region::new("us-west-2"))
            .credentials_provider(credentials)
            .http_client(http_client)
            .build(),
    );
    let message = Message::builder()
        .role(ConversationRole::User)
        .content(ContentBlock::Text("Tell me about foxes.".into()))
        .build()
        .unwrap();
    // Every event read; the deltas' text counted so that none is optimized away.
    let call = || async {
        let mut output = client
            .converse_stream()
            .model_id("anthropic.claude-3-haiku")
            .messages(message.clone())
            .send()
            .await
            .unwrap();
        let (mut events, mut text) = (0, 0);
        while let Some(event) = output.stream.recv().await.unwrap() {
            if let ConverseStreamOutput::ContentBlockDelta(delta) = &event {
                if let Some(ContentBlockDelta::Text(delta)) = delta.delta() {
                    text += delta.len();
                }
            }
            events += 1;
        }
        (events, text)
    };
    for _ in 0..100 {
        assert_eq!(call().await, (1004, 4400));
    }
    for round in 0..3 {
        let n = 1000;
        let started = Instant::now();
        let mut events = 0;
        for _ in 0..n {
            events += call().await.0;
        }
        let ns = started.elapsed().as_secs_f64() * 1e9 / events as f64;
        println!("sdk round {round}: ConverseStream {ns:.1} ns/event");
    }
}
RUST

(cd "$work/ours" && cargo build -q --release)
(cd "$work/sdk" && cargo build -q --release)
for _ in $(seq "$runs"); do
  ours=$("$work/ours/target/release/converse-ours")
  sdk=$("$work/sdk/target/release/converse-sdk")
  echo "$ours"
  echo "$sdk"
  paste <(echo "$ours") <(echo "$sdk") | awk '{
    printf "round %s ConverseStream ratio %.2f (generated/SDK)\n", $3, $5 / $11 }'
done
