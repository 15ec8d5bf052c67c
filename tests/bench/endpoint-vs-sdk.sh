#!/usr/bin/env bash
# Resolving an endpoint, per call, without network: botocore's endpoint rule sets interpreted by
# the client's resolver (`client::endpoint::RuleSet`, the rules parsed once, the parameters made
# for each call as the client makes them) against the resolvers aws-sdk-ivs and aws-sdk-s3
# compiled from the same rule sets (`config::endpoint::DefaultResolver`, their `Params` built for
# each call), on the same inputs, each giving its endpoint (URL, headers, properties), in release
# builds, alternately: IVS in us-west-2 (a plain service), S3 with a region only, S3 with a bucket
# (a virtual-hosted URL), and S3 with another of 1,000 buckets each call. The client's rule sets
# keep their last 100 resolutions, as botocore's resolver does: the first three are what a
# program calling one region or bucket pays per call, the last is the rules evaluated each time.
# Prints nanoseconds per resolution for each and the ratio generated/SDK, per round.
#
#   tests/bench/endpoint-vs-sdk.sh [RUNS]
#
# ENDPOINT_WORK=DIR keeps the programs and their builds in DIR (a temporary directory otherwise,
# removed at the end), so that a second run builds nothing again.
# Needs botocore's models (`tests/corpus/fetch.sh`) and the registry once (cargo fetch).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-2}
if [ -n "${ENDPOINT_WORK:-}" ]; then
  work=$ENDPOINT_WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
data=$(bash "$repo/tests/corpus/fetch.sh")
mkdir -p "$work/ours/src" "$work/sdk/src"
version=$(ls "$data/s3" | sort | tail -n1)
gunzip -c "$data/s3/$version/endpoint-rule-set-1.json.gz" > "$work/s3-rules.json"

cat > "$work/ours/Cargo.toml" <<TOML
[package]
name = "endpoint-ours"
version = "0.0.0"
edition = "2024"
[dependencies]
ivs-models = { path = "$repo/generated", features = ["client"] }
[workspace]
TOML
cat > "$work/ours/src/main.rs" <<'RUST'
use std::hint::black_box;
use std::time::Instant;

use ivs_models::client::endpoint::{Params, RuleSet};

const S3_RULES: &str = include_str!("../../s3-rules.json");
const N: u32 = 200_000;

fn time<T>(mut resolve: impl FnMut(usize) -> T) -> f64 {
    let started = Instant::now();
    for i in 0..N {
        black_box(resolve(i as usize));
    }
    started.elapsed().as_secs_f64() * 1e9 / f64::from(N)
}

fn main() {
    let ivs = RuleSet::parse(ivs_models::ivs::ENDPOINT_RULES).unwrap();
    let s3 = RuleSet::parse(S3_RULES).unwrap();
    let region = black_box("us-west-2");
    let bucket = black_box("my-bucket");
    let buckets: Vec<String> = (0..1000).map(|i| format!("bucket-{i}")).collect();
    let ivs_plain = |_| {
        let params = Params::new().string("Region", region);
        ivs.resolve(&params).unwrap()
    };
    let s3_region = |_| {
        let params = Params::new().string("Region", region);
        s3.resolve(&params).unwrap()
    };
    let s3_bucket = |_| {
        let params = Params::new().string("Region", region).string("Bucket", bucket);
        s3.resolve(&params).unwrap()
    };
    let s3_buckets = |i: usize| {
        let params = Params::new()
            .string("Region", region)
            .string("Bucket", buckets[i % 1000].as_str());
        s3.resolve(&params).unwrap()
    };
    assert_eq!(ivs_plain(0).url, "https://ivs.us-west-2.amazonaws.com");
    assert_eq!(s3_region(0).url, "https://s3.us-west-2.amazonaws.com");
    assert_eq!(s3_bucket(0).url, "https://my-bucket.s3.us-west-2.amazonaws.com");
    assert_eq!(s3_buckets(7).url, "https://bucket-7.s3.us-west-2.amazonaws.com");
    for round in 0..3 {
        println!(
            "ours round {round}: ivs {:.0} ns, s3 region {:.0} ns, s3 bucket {:.0} ns, s3 buckets {:.0} ns",
            time(ivs_plain),
            time(s3_region),
            time(s3_bucket),
            time(s3_buckets)
        );
    }
}
RUST

cat > "$work/sdk/Cargo.toml" <<'TOML'
[package]
name = "endpoint-sdk"
version = "0.0.0"
edition = "2024"
[dependencies]
aws-sdk-ivs = { version = "1", default-features = false }
aws-sdk-s3 = { version = "1", default-features = false }
[workspace]
TOML
cat > "$work/sdk/src/main.rs" <<'RUST'
use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use aws_sdk_ivs::config::endpoint::ResolveEndpoint as _;
use aws_sdk_s3::config::endpoint::ResolveEndpoint as _;

const N: u32 = 200_000;

/// The resolvers answer at once: their future is ready when first polled.
fn now<T>(future: impl Future<Output = T>) -> T {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("an endpoint resolver that waits"),
    }
}

fn time<T>(mut resolve: impl FnMut(usize) -> T) -> f64 {
    let started = Instant::now();
    for i in 0..N {
        black_box(resolve(i as usize));
    }
    started.elapsed().as_secs_f64() * 1e9 / f64::from(N)
}

fn main() {
    let ivs = aws_sdk_ivs::config::endpoint::DefaultResolver::new();
    let s3 = aws_sdk_s3::config::endpoint::DefaultResolver::new();
    let region = black_box("us-west-2");
    let bucket = black_box("my-bucket");
    let buckets: Vec<String> = (0..1000).map(|i| format!("bucket-{i}")).collect();
    let ivs_plain = |_| {
        let params = aws_sdk_ivs::config::endpoint::Params::builder()
            .region(region)
            .build()
            .unwrap();
        now(ivs.resolve_endpoint(&params)).unwrap()
    };
    let s3_region = |_| {
        let params = aws_sdk_s3::config::endpoint::Params::builder()
            .region(region)
            .build()
            .unwrap();
        now(s3.resolve_endpoint(&params)).unwrap()
    };
    let s3_bucket = |_| {
        let params = aws_sdk_s3::config::endpoint::Params::builder()
            .region(region)
            .bucket(bucket)
            .build()
            .unwrap();
        now(s3.resolve_endpoint(&params)).unwrap()
    };
    let s3_buckets = |i: usize| {
        let params = aws_sdk_s3::config::endpoint::Params::builder()
            .region(region)
            .bucket(buckets[i % 1000].as_str())
            .build()
            .unwrap();
        now(s3.resolve_endpoint(&params)).unwrap()
    };
    assert_eq!(ivs_plain(0).url(), "https://ivs.us-west-2.amazonaws.com");
    assert_eq!(s3_region(0).url(), "https://s3.us-west-2.amazonaws.com");
    assert_eq!(s3_bucket(0).url(), "https://my-bucket.s3.us-west-2.amazonaws.com");
    assert_eq!(s3_buckets(7).url(), "https://bucket-7.s3.us-west-2.amazonaws.com");
    for round in 0..3 {
        println!(
            "sdk round {round}: ivs {:.0} ns, s3 region {:.0} ns, s3 bucket {:.0} ns, s3 buckets {:.0} ns",
            time(ivs_plain),
            time(s3_region),
            time(s3_bucket),
            time(s3_buckets)
        );
    }
}
RUST

(cd "$work/ours" && cargo build -q --release) && (cd "$work/sdk" && cargo build -q --release)
for _ in $(seq "$runs"); do
  ours=$("$work/ours/target/release/endpoint-ours")
  sdk=$("$work/sdk/target/release/endpoint-sdk")
  echo "$ours"
  echo "$sdk"
  paste <(echo "$ours") <(echo "$sdk") | tr -d ',:' | awk '{
    printf "round %s ratio generated/SDK: ivs %.2f, s3 region %.2f, s3 bucket %.2f, s3 buckets %.2f\n",
      $3, $5 / $23, $9 / $27, $13 / $31, $17 / $35 }'
done
