//! Request compression through the client: CloudWatch's `PutMetricData` (botocore's model, which
//! asks for gzip) sent to a scripted server. A body of 10 KiB or more arrives gzipped with
//! `Content-Encoding: gzip` and signed as sent; a smaller one, or any with compression turned off,
//! arrives as `request` wrote it. The settings read from the environment as the SDKs read them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod client_support;

#[allow(dead_code, missing_docs, clippy::all)]
mod botocore {
    include!(concat!(env!("OUT_DIR"), "/botocore_cloudwatch.rs"));
}

use botocore::cloudwatch::{self, MetricDatum, PutMetricDataInput, operation::PutMetricData};
use client_support::{Reply, ScriptedServer, assert_signed, config};
use ivs_models::client::{Client, Config, ConfigError};
use ivs_models::{Operation, http, wire};

service!(cloudwatch: PutMetricData);

/// An input of `count` data points.
fn metrics(count: usize) -> PutMetricDataInput {
    PutMetricDataInput::new("Shop/Checkout").metric_data(
        (0..count)
            .map(|i| MetricDatum::new(format!("latency-{i}")).value(i as f64 * 0.5))
            .collect::<Vec<_>>(),
    )
}

/// A server that answers every call with the empty rpcv2Cbor success `PutMetricData` gets.
async fn server() -> ScriptedServer {
    ScriptedServer::start(vec![Reply::Handler(std::sync::Arc::new(|_| {
        http::Response::builder()
            .status(200)
            .header("smithy-protocol", "rpc-v2-cbor")
            .header("content-type", "application/cbor")
            .body(vec![0xa0])
            .expect("a response")
    }))])
    .await
}

/// The body a request carries once decoded, and whether it came gzipped.
fn received(request: &http::Request<Vec<u8>>) -> (Vec<u8>, bool) {
    let gzipped = request
        .headers()
        .get("content-encoding")
        .is_some_and(|v| v == "gzip");
    let mut copy = http::Request::new(request.body().clone());
    *copy.headers_mut() = request.headers().clone();
    let read = wire::decompress_request(copy, 1 << 24).expect("a request that reads");
    (read.body().clone(), gzipped)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_bodies_go_gzipped_and_small_ones_as_written() {
    assert_eq!(PutMetricData::REQUEST_COMPRESSION, &["gzip"]);
    let server = server().await;
    let client = Client::new(config(&server.endpoint)).expect("a client");
    let large = metrics(400);
    let small = metrics(2);
    client
        .send::<PutMetricData>(large.clone())
        .await
        .expect("PutMetricData");
    client
        .send::<PutMetricData>(small.clone())
        .await
        .expect("PutMetricData");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);

    let written = PutMetricData::request(&large).expect("a request");
    assert!(written.body().len() >= 10_240, "{}", written.body().len());
    let (body, gzipped) = received(&requests[0]);
    assert!(gzipped, "{:?}", requests[0].headers());
    assert!(requests[0].body().starts_with(&[0x1f, 0x8b]));
    assert!(requests[0].body().len() < written.body().len() / 4);
    assert_eq!(
        body,
        *written.body(),
        "the body read back is the one written"
    );
    assert_eq!(
        requests[0].headers()["content-length"],
        requests[0].body().len().to_string().as_str()
    );
    assert_signed(&requests[0], "monitoring");

    let (body, gzipped) = received(&requests[1]);
    assert!(!gzipped, "{:?}", requests[1].headers());
    assert_eq!(
        body,
        *PutMetricData::request(&small).expect("a request").body()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compression_follows_the_configuration() {
    let server = server().await;
    let off =
        Client::new(config(&server.endpoint).disable_request_compression(true)).expect("a client");
    off.send::<PutMetricData>(metrics(400))
        .await
        .expect("PutMetricData");
    let always = Client::new(config(&server.endpoint).request_min_compression_size_bytes(0))
        .expect("a client");
    always
        .send::<PutMetricData>(metrics(1))
        .await
        .expect("PutMetricData");
    let requests = server.requests();
    assert!(!received(&requests[0]).1, "compression is off");
    assert!(received(&requests[1]).1, "any size is compressed");
}

#[test]
fn the_environment_sets_compression_as_the_sdks_read_it() {
    let from = |pairs: &[(&str, &str)]| {
        Config::from_vars(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .chain([("HOME".to_owned(), "/nonexistent".to_owned())]),
        )
    };
    let debug = format!(
        "{:?}",
        from(&[
            ("AWS_DISABLE_REQUEST_COMPRESSION", "TRUE"),
            ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "0"),
        ])
        .expect("a config")
    );
    assert!(
        debug.contains("disable_request_compression: true"),
        "{debug}"
    );
    assert!(debug.contains("min_compression_size: 0"), "{debug}");
    let error = from(&[("AWS_DISABLE_REQUEST_COMPRESSION", "yes")]).expect_err("not a boolean");
    assert!(matches!(error, ConfigError::InvalidSetting { .. }));
    assert_eq!(
        error.to_string(),
        "invalid AWS_DISABLE_REQUEST_COMPRESSION `yes`: expected `true` or `false`"
    );
    let error =
        from(&[("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "10485761")]).expect_err("too large");
    assert_eq!(
        error.to_string(),
        "invalid AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES `10485761`: expected a number of bytes \
         from 0 to 10485760"
    );
}
