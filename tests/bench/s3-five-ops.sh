#!/usr/bin/env bash
# Clean debug build of a program that calls five S3 operations (PutObject, GetObject, HeadObject,
# ListObjectsV2, DeleteObject) through the client, on a crate generated with only those from
# botocore's pinned S3 model, against the same program on aws-sdk-s3 with aws-config, alternated.
# Where `compare-sdk-build.sh CRATE N client` builds an empty program, this one calls the
# operations, so that each side also compiles what its calls instantiate in the program.
#
#   tests/bench/s3-five-ops.sh [RUNS]
#
# Needs the registry once (cargo fetch); afterwards it builds offline.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

data=$(bash "$repo/tests/corpus/fetch.sh")
mkdir -p "$work/model" "$work/gen/src" "$work/sdk/src"
gunzip -c "$data/s3/2006-03-01/service-2.json.gz" > "$work/model/s3.json"
gunzip -c "$data/s3/2006-03-01/endpoint-rule-set-1.json.gz" > "$work/model/s3.endpoint-rule-set.json"
(cd "$repo" && cargo xtask codegen --model "$work/model" --out "$work/crate" \
    --operations s3=GetObject,PutObject,ListObjectsV2,DeleteObject,HeadObject | tail -n1)

cat > "$work/gen/Cargo.toml" <<TOML
[package]
name = "five-gen"
version = "0.0.0"
edition = "2024"
[dependencies]
s3-models = { path = "$work/crate", features = ["client"] }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
[workspace]
TOML
cat > "$work/gen/src/main.rs" <<'RUST'
use s3_models::client::Client;
use s3_models::s3::{
    DeleteObjectRequest, GetObjectRequest, HeadObjectRequest, ListObjectsV2Request,
    PutObjectRequest, S3 as _,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    client
        .put_object(PutObjectRequest::new("bucket", "key").body(b"hello".to_vec()))
        .await?;
    let object = client.get_object(GetObjectRequest::new("bucket", "key")).await?;
    println!("{}", object.body.map_or(0, |body| body.as_bytes().len()));
    let head = client.head_object(HeadObjectRequest::new("bucket", "key")).await?;
    println!("{:?}", head.content_length);
    let list = client.list_objects_v2(ListObjectsV2Request::new("bucket")).await?;
    for object in list.contents.unwrap_or_default() {
        println!("{:?}", object.key);
    }
    client.delete_object(DeleteObjectRequest::new("bucket", "key")).await?;
    Ok(())
}
RUST

cat > "$work/sdk/Cargo.toml" <<'TOML'
[package]
name = "five-sdk"
version = "0.0.0"
edition = "2024"
[dependencies]
aws-config = "1"
aws-sdk-s3 = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
[workspace]
TOML
cat > "$work/sdk/src/main.rs" <<'RUST'
use aws_sdk_s3::primitives::ByteStream;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_s3::Client::new(&config);
    client
        .put_object()
        .bucket("bucket")
        .key("key")
        .body(ByteStream::from_static(b"hello"))
        .send()
        .await?;
    let object = client.get_object().bucket("bucket").key("key").send().await?;
    println!("{}", object.body.collect().await?.into_bytes().len());
    let head = client.head_object().bucket("bucket").key("key").send().await?;
    println!("{:?}", head.content_length());
    let list = client.list_objects_v2().bucket("bucket").send().await?;
    for object in list.contents() {
        println!("{:?}", object.key());
    }
    client.delete_object().bucket("bucket").key("key").send().await?;
    Ok(())
}
RUST
(cd "$work/gen" && cargo fetch -q) && (cd "$work/sdk" && cargo fetch -q)

measure() { # dir -> wall seconds of a clean debug build
  rm -rf "$1/target"
  local s e
  s=$(date +%s.%N); (cd "$1" && cargo build -q --offline); e=$(date +%s.%N)
  echo "$e - $s" | bc
}
crates() { (cd "$1" && cargo tree -e normal --prefix none 2>/dev/null | sed 's/ (\*)//' | sort -u | wc -l); }

echo "run  generated_s  sdk_s  ratio"
ratios=()
for i in $(seq "$runs"); do
  g=$(measure "$work/gen"); s=$(measure "$work/sdk")
  r=$(echo "scale=3; $g / $s" | bc)
  ratios+=("$r")
  printf '%3d  %11.1f  %5.1f  %5s\n' "$i" "$g" "$s" "$r"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "crates built: generated $(crates "$work/gen"), sdk $(crates "$work/sdk")"
echo "median ratio generated/sdk (clean debug build of a program calling five operations, wall): $median"
