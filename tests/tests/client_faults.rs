//! The client when the network or the server misbehaves, against scripted servers on 127.0.0.1:
//! what is retried (5xx, throttling, connection failures, timeouts), what is not (a validation
//! error), and the clear errors it ends with. Nothing panics.

mod client_support;

use std::time::{Duration, Instant};

use ivs_models::Operation as _;
use ivs_models::client::{Client, Error, RetryPolicy, TransportErrorKind};
use ivs_models::ivs::{GetChannelRequest, Ivs as _};
use ivs_models::ivs_realtime::operation::StartComposition;
use ivs_models::ivs_realtime::{IvsRealtime as _, StartCompositionRequest};

use client_support::{Reply, ScriptedServer, assert_signed, config, json_reply, truncated_reply};

const CHANNEL: &str = r#"{"channel": {"arn": "arn:aws:ivs:us-west-2:123456789012:channel/abcd", "name": "studio-a"}}"#;

fn get_channel() -> GetChannelRequest {
    GetChannelRequest::new("arn:aws:ivs:us-west-2:123456789012:channel/abcd")
}

fn client(server: &ScriptedServer) -> Client {
    Client::new(config(&server.endpoint)).expect("a client")
}

#[tokio::test]
async fn a_503_then_a_200_is_retried_and_succeeds() {
    let server = ScriptedServer::start(vec![
        json_reply(
            503,
            &[("X-Amzn-ErrorType", "ServiceUnavailableException")],
            r#"{"message": "busy"}"#,
        ),
        json_reply(200, &[], CHANNEL),
    ])
    .await;
    let channel = client(&server)
        .get_channel(get_channel())
        .await
        .expect("the second attempt succeeds")
        .channel
        .expect("a channel");
    assert_eq!(channel.name.as_deref(), Some("studio-a"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_signed(request, "ivs");
    }
}

#[tokio::test]
async fn every_transient_status_is_retried() {
    for status in [500, 502, 503, 504] {
        let server = ScriptedServer::start(vec![
            json_reply(status, &[], "{}"),
            json_reply(200, &[], CHANNEL),
        ])
        .await;
        client(&server)
            .get_channel(get_channel())
            .await
            .unwrap_or_else(|e| panic!("HTTP {status} then 200: {e}"));
        assert_eq!(server.requests().len(), 2, "HTTP {status}");
    }
}

#[tokio::test]
async fn throttling_is_retried_with_backoff_up_to_three_attempts() {
    let throttled = json_reply(
        429,
        &[("X-Amzn-ErrorType", "ThrottlingException")],
        r#"{"message": "Rate exceeded"}"#,
    );
    // Two throttled answers, then success.
    let server = ScriptedServer::start(vec![
        throttled.clone(),
        throttled.clone(),
        json_reply(200, &[], CHANNEL),
    ])
    .await;
    client(&server)
        .get_channel(get_channel())
        .await
        .expect("the third attempt succeeds");
    assert_eq!(server.requests().len(), 3);

    // Always throttled: three attempts, then the service's error.
    let server = ScriptedServer::start(vec![throttled]).await;
    let error = client(&server)
        .get_channel(get_channel())
        .await
        .expect_err("throttled");
    assert_eq!(server.requests().len(), 3);
    let service = error.service_error().expect("the service's error");
    assert_eq!(
        (service.status(), service.code()),
        (429, "ThrottlingException")
    );
    assert_eq!(service.message(), Some("Rate exceeded"));

    // The waits between attempts are drawn from [0, base × 2^(attempt-1)), at most 20 s.
    let policy = RetryPolicy::standard();
    assert_eq!(policy.backoff(1, 0.5), Duration::from_millis(500));
    assert_eq!(policy.backoff(2, 0.5), Duration::from_secs(1));
    assert_eq!(
        policy.backoff(3, 0.999),
        Duration::from_secs(4).mul_f64(0.999)
    );
    assert_eq!(policy.backoff(9, 1.0), Duration::from_secs(20));
    assert_eq!(policy.backoff(1, 0.0), Duration::ZERO);
}

#[tokio::test]
async fn the_backoff_is_waited() {
    // The jitter fixed at its top: the waits are exactly 200 ms, then 400 ms.
    let throttled = json_reply(400, &[("X-Amzn-ErrorType", "ThrottlingException")], "{}");
    let server = ScriptedServer::start(vec![throttled]).await;
    let policy = RetryPolicy::standard()
        .initial_backoff(Duration::from_millis(200))
        .jitter(|| 1.0);
    let client = Client::new(config(&server.endpoint).retry(policy)).expect("a client");
    let started = Instant::now();
    client
        .get_channel(get_channel())
        .await
        .expect_err("throttled");
    let elapsed = started.elapsed();
    assert_eq!(
        server.requests().len(),
        3,
        "a 400 with a throttling code is retried"
    );
    assert!(elapsed >= Duration::from_millis(600), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[tokio::test]
async fn a_validation_error_is_returned_at_once() {
    let server = ScriptedServer::start(vec![json_reply(
        400,
        &[
            ("X-Amzn-ErrorType", "ValidationException"),
            ("x-amzn-RequestId", "req-1"),
        ],
        r#"{"message": "1 validation error detected"}"#,
    )])
    .await;
    let error = client(&server)
        .get_channel(get_channel())
        .await
        .expect_err("invalid");
    assert_eq!(server.requests().len(), 1, "never retried");
    let Error::Service(service) = &error else {
        panic!("{error}");
    };
    assert_eq!(service.status(), 400);
    assert_eq!(service.code(), "ValidationException");
    assert_eq!(service.message(), Some("1 validation error detected"));
    assert_eq!(service.request_id(), Some("req-1"));
    assert_eq!(
        error.to_string(),
        "the service answered with an error: ValidationException (HTTP 400): 1 validation error detected (request id req-1)"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_clear_error() {
    // A port that was just free: nothing listens on it.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let client = Client::new(config(&format!("http://127.0.0.1:{port}"))).expect("a client");
    let error = client
        .get_channel(get_channel())
        .await
        .expect_err("refused");
    let Error::Transport(transport) = &error else {
        panic!("{error}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Connect);
    let shown = error.to_string();
    assert!(
        shown.starts_with(&format!(
            "POST http://127.0.0.1:{port}/GetChannel: cannot connect"
        )),
        "{shown}"
    );
    assert!(shown.to_lowercase().contains("refused"), "{shown}");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = ScriptedServer::start(vec![Reply::Silence]).await;
    let client = Client::new(
        config(&server.endpoint)
            .read_timeout(Duration::from_millis(300))
            .retry(RetryPolicy::standard().initial_backoff(Duration::from_millis(10))),
    )
    .expect("a client");
    let started = Instant::now();
    let error = client
        .get_channel(get_channel())
        .await
        .expect_err("no answer");
    assert!(error.is_timeout(), "{error}");
    assert_eq!(server.requests().len(), 3, "a timeout is retried");
    assert!(started.elapsed() < Duration::from_secs(15));
    let shown = error.to_string();
    assert!(
        shown.contains("/GetChannel: no response within 300ms (read timeout)"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_truncated_body_is_a_clear_error() {
    let server =
        ScriptedServer::start(vec![truncated_reply(200, 500, r#"{"channel": {"arn": "#)]).await;
    let client =
        Client::new(config(&server.endpoint).retry(RetryPolicy::disabled())).expect("a client");
    let error = client
        .get_channel(get_channel())
        .await
        .expect_err("cut short");
    let Error::Transport(transport) = &error else {
        panic!("{error}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Io);
    let shown = error.to_string();
    assert!(
        shown.contains("/GetChannel: the response body was cut short (HTTP 200)"),
        "{shown}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_malformed_success_body_names_the_member() {
    let server =
        ScriptedServer::start(vec![json_reply(200, &[], r#"{"channel": {"name": 7}}"#)]).await;
    let error = client(&server)
        .get_channel(get_channel())
        .await
        .expect_err("malformed");
    let Error::Malformed(malformed) = &error else {
        panic!("{error}");
    };
    assert_eq!(malformed.status(), 200);
    assert!(error.to_string().contains("malformed response"), "{error}");
    assert_eq!(
        server.requests().len(),
        1,
        "a malformed body is not retried"
    );
}

#[tokio::test]
async fn the_idempotency_token_is_filled_once_for_every_attempt() {
    let output = r#"{"composition": {"arn": "arn:aws:ivs:us-west-2:123456789012:composition/abcd", "stageArn": "arn:aws:ivs:us-west-2:123456789012:stage/abcd", "state": "STARTING", "layout": {}, "destinations": []}}"#;
    let server = ScriptedServer::start(vec![
        json_reply(503, &[], "{}"),
        json_reply(200, &[], output),
    ])
    .await;
    let input: StartCompositionRequest = serde_json::from_str(
        r#"{"stageArn": "arn:aws:ivs:us-west-2:123456789012:stage/abcd", "destinations": []}"#,
    )
    .expect("an input");
    let result = client(&server).start_composition(input).await;
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{result:?}");
    let tokens: Vec<Option<String>> = requests
        .iter()
        .map(|r| {
            let mut parsed = StartComposition::parse_request(r).expect("parses");
            StartComposition::idempotency_token(&mut parsed).and_then(|t| t.clone())
        })
        .collect();
    let token = tokens[0].clone().expect("a token");
    assert_eq!(
        tokens[1].as_deref(),
        Some(token.as_str()),
        "the same token on every attempt"
    );
    // A version 4 UUID.
    let bytes = token.as_bytes();
    assert_eq!(token.len(), 36);
    assert_eq!(
        (bytes[8], bytes[13], bytes[14], bytes[18], bytes[23]),
        (b'-', b'-', b'4', b'-', b'-')
    );
    assert!(matches!(bytes[19], b'8' | b'9' | b'a' | b'b'), "{token}");
}
