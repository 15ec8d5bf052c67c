//! Every operation of both services through the client, against an in-process server written on
//! the operations' server half (`parse_request`, `write_response`): the request that arrives
//! parses back to the input sent and carries a SigV4 signature the server verifies; the response
//! reads back to the output written. Inputs and outputs are the wire fixtures
//! (`fixtures/wire/<service>/<Operation>.{request,response}.json`), which fill every member.

#[macro_use]
mod common;
mod client_support;

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;

use ivs_models::Operation;
use ivs_models::client::{Client, ServiceOperation};
use serde::de::DeserializeOwned;

use client_support::{Reply, ScriptedServer, assert_signed, config};

type Check = Box<dyn FnOnce() -> Pin<Box<dyn Future<Output = String>>>>;

fn fixture<T: DeserializeOwned>(dir: &str, file: &str) -> Option<T> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/wire")
        .join(dir)
        .join(file);
    let text = std::fs::read_to_string(path).ok()?;
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{dir}/{file}: {e}")))
}

fn check<O>(dir: &'static str) -> Check
where
    O: ServiceOperation + 'static,
{
    Box::new(move || {
        Box::pin(async move {
            let input: O::Input = fixture(dir, &format!("{}.request.json", O::NAME))
                .unwrap_or_else(|| serde_json::from_str("{}").expect("an empty input"));
            let output: O::Output = fixture(dir, &format!("{}.response.json", O::NAME))
                .unwrap_or_else(|| serde_json::from_str("{}").expect("an empty output"));
            let written = output.clone();
            let server = ScriptedServer::start(vec![Reply::Handler(Arc::new(move |request| {
                match O::parse_request(request) {
                    Ok(_) => O::write_response(&written),
                    Err(error) => http::Response::builder()
                        .status(400)
                        .body(error.to_string().into_bytes())
                        .expect("a response"),
                }
            }))])
            .await;
            let client = Client::new(config(&server.endpoint)).expect("a client");
            let received = client
                .send::<O>(input.clone())
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", O::NAME));
            assert_eq!(received, output, "{}: the output read back", O::NAME);

            let requests = server.requests();
            assert_eq!(requests.len(), 1, "{}", O::NAME);
            let request = &requests[0];
            assert_eq!(request.method().as_str(), O::HTTP_METHOD, "{}", O::NAME);
            assert_signed(request, O::SERVICE.signing_name);
            let mut parsed = O::parse_request(request).expect("parses");
            let mut expected = input.clone();
            // A token the fixture leaves unset is the client's: a fresh one, sent as is.
            if let Some(token) = O::idempotency_token(&mut expected)
                && token.is_none()
            {
                let sent = O::idempotency_token(&mut parsed).and_then(|t| t.clone());
                assert!(sent.is_some(), "{}: the client fills the token", O::NAME);
                *token = sent;
            }
            assert_eq!(
                parsed,
                expected,
                "{}: the request parses back to the input",
                O::NAME
            );
            O::NAME.to_owned()
        })
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_round_trips_through_the_client() {
    let checks: Vec<Check> = all_operations!(check).into_iter().collect();
    let mut names = Vec::new();
    for check in checks {
        names.push(check().await);
    }
    let listed: Vec<&str> = ivs_models::ivs::OPERATIONS
        .iter()
        .chain(ivs_models::ivs_realtime::OPERATIONS)
        .map(|o| o.name)
        .collect();
    assert_eq!(names, listed);
}

/// The service's error comes back with its status, code, message and request id.
#[tokio::test]
async fn a_service_error_reads_back() {
    use ivs_models::ServiceError;
    use ivs_models::ivs::operation::GetStream;
    let error = ServiceError::new(404, "ChannelNotBroadcasting")
        .with_message("The channel is not broadcasting.")
        .with_request_id("req-7");
    let written = error.clone();
    let server = ScriptedServer::start(vec![Reply::Handler(Arc::new(move |_| {
        GetStream::write_error(&written)
    }))])
    .await;
    let client = Client::new(config(&server.endpoint)).expect("a client");
    let input = fixture("ivs", "GetStream.request.json").expect("a fixture");
    let failed = client.send::<GetStream>(input).await.expect_err("an error");
    let service = failed.service_error().expect("the service's error");
    assert_eq!(service.status(), 404);
    assert_eq!(service.code(), "ChannelNotBroadcasting");
    assert_eq!(service.message(), Some("The channel is not broadcasting."));
    assert_eq!(service.request_id(), Some("req-7"));
}
