//! CloudWatch over rpcv2Cbor, botocore's model cut to PutMetricData and ListMetrics, through the
//! client against an in-process server built on the generated server half (moto does not speak
//! CBOR): metric data sent gzipped arrives and reads back as the input that was sent, a listing
//! is written and read as CBOR, and a modeled error is the operation's error. botocore picks awsJson
//! for CloudWatch; `tests/build.rs` generates it in rpcv2Cbor, the protocol its model lists first.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod client_support;

#[allow(dead_code, missing_docs, clippy::all)]
mod botocore {
    include!(concat!(env!("OUT_DIR"), "/botocore_cloudwatch.rs"));
}

use std::sync::{Arc, Mutex};

use botocore::cloudwatch::operation::{ListMetrics, ListMetricsError, PutMetricData};
use botocore::cloudwatch::{
    self, Dimension, InvalidParameterValueException, ListMetricsInput, ListMetricsOutput, Metric,
    MetricDatum, PutMetricDataInput,
};
use client_support::{Reply, ScriptedServer, config};
use ivs_models::client::{Client, Error};
use ivs_models::{Operation, http, wire};

service!(cloudwatch: PutMetricData, ListMetrics);

/// The metric data the in-process CloudWatch received, in order.
type Received = Arc<Mutex<Vec<PutMetricDataInput>>>;

/// The in-process CloudWatch's answer to `request`: PutMetricData keeps its input (its body
/// gunzipped first, as a server reads a compressed request); ListMetrics lists the metrics of
/// the namespace asked for, or answers `InvalidParameterValue` for an empty one.
fn answer(received: &Received, request: &http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    let plain = wire::decompress_request(copy, 1 << 24).expect("a request that reads");
    if let Ok(input) = PutMetricData::parse_request(&plain) {
        received.lock().expect("lock").push(input);
        return PutMetricData::write_response(&Default::default());
    }
    let input = ListMetrics::parse_request(&plain).expect("a request the server reads");
    let namespace = input.namespace.unwrap_or_default();
    if namespace.is_empty() {
        return ListMetrics::write_error(&ListMetricsError::InvalidParameterValueException(
            InvalidParameterValueException::new().message("Namespace must not be empty"),
            ivs_models::ServiceError::new(400, "InvalidParameterValue"),
        ));
    }
    let metrics: Vec<Metric> = received
        .lock()
        .expect("lock")
        .iter()
        .filter(|put| put.namespace == namespace)
        .flat_map(|put| put.metric_data.clone().unwrap_or_default())
        .map(|datum| {
            Metric::new()
                .namespace(namespace.clone())
                .metric_name(datum.metric_name)
                .dimensions(datum.dimensions.unwrap_or_default())
        })
        .collect();
    ListMetrics::write_response(&ListMetricsOutput::new().metrics(metrics))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cloudwatch_over_cbor_against_the_server_half() {
    let received: Received = Arc::default();
    let store = received.clone();
    let server = ScriptedServer::start(vec![Reply::Handler(Arc::new(move |request| {
        answer(&store, request)
    }))])
    .await;
    let client = Client::new(config(&server.endpoint)).expect("a client");

    // Enough data points to be sent gzipped; values CBOR carries exactly, and a timestamp.
    let put = PutMetricDataInput::new("Shop/Checkout").metric_data(
        (0..300)
            .map(|i| {
                MetricDatum::new(format!("latency-{i}"))
                    .value(f64::from(i) * 0.25)
                    .dimensions(vec![Dimension::new("Region", "eu-west-1")])
                    .timestamp(
                        "2026-11-30T12:00:00Z"
                            .parse::<ivs_models::Timestamp>()
                            .expect("a time"),
                    )
            })
            .collect::<Vec<_>>(),
    );
    client
        .send::<PutMetricData>(put.clone())
        .await
        .expect("PutMetricData");
    let requests = server.requests();
    assert_eq!(requests[0].headers()["content-encoding"], "gzip");
    assert_eq!(
        requests[0]
            .headers()
            .get("smithy-protocol")
            .map(|v| v.as_bytes()),
        Some(&b"rpc-v2-cbor"[..]),
        "{:?}",
        requests[0].headers()
    );
    assert_eq!(
        requests[0].uri().path(),
        "/service/GraniteServiceVersion20100801/operation/PutMetricData"
    );
    assert_eq!(received.lock().expect("lock").as_slice(), [put]);

    let listed = client
        .send::<ListMetrics>(ListMetricsInput::new().namespace("Shop/Checkout"))
        .await
        .expect("ListMetrics");
    let metrics = listed.metrics.unwrap_or_default();
    assert_eq!(metrics.len(), 300);
    assert_eq!(metrics[7].metric_name.as_deref(), Some("latency-7"));

    let error = client
        .send::<ListMetrics>(ListMetricsInput::new().namespace(""))
        .await
        .expect_err("an empty namespace");
    match error {
        Error::Service(ListMetricsError::InvalidParameterValueException(e, service)) => {
            assert_eq!(e.message.as_deref(), Some("Namespace must not be empty"));
            assert_eq!(service.status(), 400);
        }
        other => panic!("not the modeled error: {other:?}"),
    }
}
