//! Event streams through the generated unions of botocore's own models: Bedrock Runtime's
//! ConverseStream (restJson1), Lambda's InvokeWithResponseStream (an `eventpayload` blob) and
//! Kinesis' SubscribeToShard (awsJson). Events are written as the server half writes them, framed,
//! and read back by `wire::EventReader` from chunks split at every byte; a modeled exception, an
//! error message, an event type the model does not know and hostile bytes are read as the
//! protocol says.

#[allow(dead_code, missing_docs, clippy::all)]
mod botocore {
    include!(concat!(env!("OUT_DIR"), "/botocore_bedrock-runtime.rs"));
    include!(concat!(env!("OUT_DIR"), "/botocore_lambda.rs"));
    include!(concat!(env!("OUT_DIR"), "/botocore_kinesis.rs"));
}

use botocore::{bedrock_runtime as bedrock, kinesis, lambda};
use ivs_models::event_stream::{self, HeaderValue, Message};
use ivs_models::wire::{self, EventError, EventReader, EventUnion};
use ivs_models::{Blob, Operation};

/// The stream's bytes: each event written as its message, framed.
fn frames<E: EventUnion>(events: &[E]) -> Vec<u8> {
    events
        .iter()
        .flat_map(|event| {
            let message = event.write_event().expect("the event is written");
            event_stream::encode(&message).expect("the message is framed")
        })
        .collect()
}

/// The events of `bytes` read by one reader from two chunks split at `at`.
fn read_split<E: EventUnion>(bytes: &[u8], at: usize) -> Vec<Result<E, EventError>> {
    let mut reader = EventReader::new();
    let mut events = reader.push(&bytes[..at]);
    events.extend(reader.push(&bytes[at..]));
    if let Err(error) = reader.finish() {
        events.push(Err(error));
    }
    events
}

/// `events` written and read back whole, from every split into two chunks and byte by byte.
fn round_trip<E: EventUnion + PartialEq + std::fmt::Debug>(events: &[E]) {
    let bytes = frames(events);
    let whole: Vec<E> = wire::read_events(&bytes)
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("every event reads");
    assert_eq!(whole, events);
    for at in 0..=bytes.len() {
        let split: Vec<E> = read_split(&bytes, at)
            .into_iter()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("split at {at}: {e}"));
        assert_eq!(split, events, "split at {at}");
    }
    let mut reader = EventReader::<E>::new();
    let mut one_by_one = Vec::new();
    for byte in &bytes {
        one_by_one.extend(reader.push(std::slice::from_ref(byte)));
    }
    reader.finish().expect("the stream ends between messages");
    let one_by_one: Vec<E> = one_by_one
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("reads");
    assert_eq!(one_by_one, events);
}

fn conversation() -> Vec<bedrock::ConverseStreamOutput> {
    use bedrock::ConverseStreamOutput as Event;
    let delta = |index: i32, text: &str| {
        Event::ContentBlockDelta(bedrock::ContentBlockDeltaEvent::new(
            bedrock::ContentBlockDelta::Text(text.to_owned()),
            index,
        ))
    };
    vec![
        Event::MessageStart(bedrock::MessageStartEvent::new(
            bedrock::ConversationRole::Assistant,
        )),
        delta(0, "Hello"),
        delta(0, ", wörld "),
        delta(0, "✓"),
        Event::ContentBlockStop(bedrock::ContentBlockStopEvent::new(0)),
        Event::MessageStop(bedrock::MessageStopEvent::new(bedrock::StopReason::EndTurn)),
        Event::Metadata(bedrock::ConverseStreamMetadataEvent::new(
            bedrock::TokenUsage::new(12, 5, 17),
            bedrock::ConverseStreamMetrics::new(412),
        )),
    ]
}

#[test]
fn converse_stream_events_round_trip() {
    round_trip(&conversation());
}

#[test]
fn the_messages_are_the_ones_the_protocol_names() {
    let event = &conversation()[1];
    let message = event.write_event().expect("written");
    let header = |name: &str| message.header_value(name).and_then(HeaderValue::as_str);
    assert_eq!(header(":message-type"), Some("event"));
    assert_eq!(header(":event-type"), Some("contentBlockDelta"));
    assert_eq!(header(":content-type"), Some("application/json"));
    let payload: serde_json::Value = serde_json::from_slice(&message.payload).expect("JSON");
    assert_eq!(
        payload,
        serde_json::json!({"delta": {"text": "Hello"}, "contentBlockIndex": 0})
    );
}

#[test]
fn a_modeled_exception_mid_stream_is_its_variant_and_an_error_is_an_error() {
    use bedrock::ConverseStreamOutput as Event;
    let mut events = conversation();
    events.truncate(3);
    let exception = Event::ModelStreamErrorException(
        bedrock::ModelStreamErrorException::new()
            .message("the model stopped")
            .original_status_code(500),
    );
    events.push(exception.clone());
    round_trip(&events);
    let message = exception.write_event().expect("written");
    assert_eq!(
        message
            .header_value(":message-type")
            .and_then(HeaderValue::as_str),
        Some("exception")
    );
    assert_eq!(
        message
            .header_value(":exception-type")
            .and_then(HeaderValue::as_str),
        Some("modelStreamErrorException")
    );

    // `:message-type: error` is an error with its code and message; the stream goes on.
    let error = Message::new(Vec::new())
        .header(":message-type", HeaderValue::String("error".into()))
        .header(":error-code", HeaderValue::String("InternalFailure".into()))
        .header(":error-message", HeaderValue::String("try again".into()));
    let mut bytes = event_stream::encode(&error).expect("framed");
    bytes.extend(frames(&conversation()[..1]));
    let read = wire::read_events::<Event>(&bytes);
    assert_eq!(
        read[0],
        Err(EventError::Service {
            code: "InternalFailure".into(),
            message: Some("try again".into())
        })
    );
    assert_eq!(read[1], Ok(conversation()[0].clone()));
}

#[test]
fn an_event_type_the_model_does_not_know_is_kept() {
    let message = wire::event_message(
        "event",
        "reasoningSummary",
        Some("application/json"),
        br#"{"text": "thinking"}"#.to_vec(),
    );
    let bytes = event_stream::encode(&message).expect("framed");
    let read = wire::read_events::<bedrock::ConverseStreamOutput>(&bytes);
    let Ok(bedrock::ConverseStreamOutput::Unknown(member)) = &read[0] else {
        panic!("an unknown event, not {read:?}");
    };
    assert_eq!(member.name(), "reasoningSummary");
    assert_eq!(member.value(), &serde_json::json!({"text": "thinking"}));
}

#[test]
fn a_stream_that_stops_mid_frame_is_an_error_and_hostile_bytes_never_panic() {
    let events = conversation();
    let bytes = frames(&events);
    let mut boundaries = vec![0];
    for event in &events {
        let end = boundaries[boundaries.len() - 1] + frames(std::slice::from_ref(event)).len();
        boundaries.push(end);
    }
    // Every prefix: the whole events it holds, then an error unless it ends between messages.
    for end in 0..bytes.len() {
        let read = wire::read_events::<bedrock::ConverseStreamOutput>(&bytes[..end]);
        let whole = boundaries.iter().filter(|b| **b <= end).count() - 1;
        let (complete, rest) = read.split_at(whole.min(read.len()));
        assert_eq!(complete.len(), whole, "prefix {end}");
        assert!(
            complete
                .iter()
                .zip(&events)
                .all(|(r, e)| r.as_ref() == Ok(e))
        );
        if boundaries.contains(&end) {
            assert!(rest.is_empty(), "prefix {end}: {rest:?}");
        } else {
            assert!(
                matches!(rest, [Err(EventError::Frame(_))]),
                "prefix {end}: {rest:?}"
            );
        }
    }
    // Every single-byte change: events or errors, never a panic.
    for index in 0..bytes.len() {
        for value in [0x00, 0xff, bytes[index] ^ 0x01] {
            let mut changed = bytes.clone();
            changed[index] = value;
            let _ = wire::read_events::<bedrock::ConverseStreamOutput>(&changed);
        }
    }
    // A prelude that announces 4 GiB is refused before anything of it is held.
    let mut huge = 0xffff_ffffu32.to_be_bytes().to_vec();
    huge.extend(0u32.to_be_bytes());
    huge.extend(ivs_tests::crc32(&huge).to_be_bytes());
    let read = wire::read_events::<bedrock::ConverseStreamOutput>(&huge);
    assert!(
        matches!(read.as_slice(), [Err(EventError::Frame(_))]),
        "{read:?}"
    );
}

#[test]
fn lambda_payload_chunks_are_the_message_payload() {
    use lambda::InvokeWithResponseStreamResponseEvent as Event;
    let events = vec![
        Event::PayloadChunk(
            lambda::InvokeResponseStreamUpdate::new()
                .payload(Blob::from(b"{\"partial\":".to_vec())),
        ),
        Event::PayloadChunk(
            lambda::InvokeResponseStreamUpdate::new().payload(Blob::from(vec![0, 1, 2, 255])),
        ),
        Event::InvokeComplete(
            lambda::InvokeWithResponseStreamCompleteEvent::new().log_result("U1RBUlQ="),
        ),
    ];
    round_trip(&events);
    let message = events[1].write_event().expect("written");
    assert_eq!(message.payload, [0, 1, 2, 255]);
    assert_eq!(
        message
            .header_value(":content-type")
            .and_then(HeaderValue::as_str),
        Some("application/octet-stream")
    );
}

#[test]
fn kinesis_records_and_the_initial_response() {
    use kinesis::SubscribeToShardEventStream as Event;
    let record = kinesis::Record::new(
        "49590338271490256608559692538361571095921575989136588898",
        Blob::from(b"reading 42".to_vec()),
        "partition-1",
    );
    let events = vec![Event::SubscribeToShardEvent(
        kinesis::SubscribeToShardEvent::new(
            [record],
            "49590338271490256608559692538361571095921575989136588898",
            0,
        ),
    )];
    round_trip(&events);
    // awsJson's `initial-response` carries the output's other members: no event.
    let initial = wire::event_message(
        "event",
        "initial-response",
        Some("application/json"),
        b"{}".to_vec(),
    );
    let mut bytes = event_stream::encode(&initial).expect("framed");
    bytes.extend(frames(&events));
    let read: Vec<Event> = wire::read_events(&bytes)
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("reads");
    assert_eq!(read, events);
}

#[test]
fn the_request_is_written_and_the_response_says_where_its_events_are() {
    use bedrock::operation::ConverseStream;
    let input = bedrock::ConverseStreamRequest::new("anthropic.claude-3-haiku").messages([
        bedrock::Message::new(
            bedrock::ConversationRole::User,
            [bedrock::ContentBlock::Text("Hi".into())],
        ),
    ]);
    let request = ConverseStream::request(&input).expect("a request");
    assert_eq!(
        request.uri().path(),
        "/model/anthropic.claude-3-haiku/converse-stream"
    );
    let response = ivs_models::http::Response::builder()
        .status(200)
        .body(frames(&conversation()))
        .expect("a response");
    let error = ConverseStream::response(&response).expect_err("read by EventReader");
    assert!(error.to_string().contains("EventReader"), "{error}");
}

mod client_support;

impl ivs_models::client::ServiceOperation for bedrock::operation::ConverseStream {
    const SERVICE: ivs_models::client::ServiceInfo = ivs_models::client::ServiceInfo {
        service_id: bedrock::SERVICE_ID,
        endpoint_prefix: bedrock::ENDPOINT_PREFIX,
        signing_name: bedrock::SIGNING_NAME,
        endpoint_rules: None,
    };
}

/// An HTTP/1.1 response of `status` whose body is `body`, as a server writes it before closing:
/// with `Content-Length: declared` when given, else up to the end of the connection.
fn raw_response(status: u16, content_type: &str, body: &[u8], declared: Option<usize>) -> Vec<u8> {
    let length = declared.map_or(String::new(), |n| format!("Content-Length: {n}\r\n"));
    let mut bytes = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\n{length}Connection: close\r\n\r\n"
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn converse_input() -> bedrock::ConverseStreamRequest {
    bedrock::ConverseStreamRequest::new("anthropic.claude-3-haiku").messages([
        bedrock::Message::new(
            bedrock::ConversationRole::User,
            [bedrock::ContentBlock::Text("Hi".into())],
        ),
    ])
}

type Converse = ivs_models::client::Error<bedrock::operation::ConverseStreamError>;

/// What the client's `send_events` of ConverseStream reads from a server answering `reply`: the
/// response's status and every item of its stream.
async fn stream_from(
    reply: client_support::Reply,
) -> Result<(u16, Vec<Result<bedrock::ConverseStreamOutput, EventError>>), Converse> {
    use bedrock::operation::ConverseStream;
    let server = client_support::ScriptedServer::start(vec![reply]).await;
    let mut response = client_support::client(&server.endpoint)
        .send_events::<ConverseStream, bedrock::ConverseStreamOutput>(converse_input())
        .await?;
    let mut read = Vec::new();
    while let Some(event) = response.events.next().await {
        read.push(event);
    }
    Ok((response.head.status.as_u16(), read))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_gives_the_events_as_they_arrive() {
    use bedrock::operation::ConverseStream;
    use client_support::Reply;
    // The server half reads the request the client signed, and answers with the events.
    let handler: client_support::Handler = std::sync::Arc::new(|request| {
        let input = ConverseStream::parse_request(request).expect("the request reads");
        assert_eq!(input, converse_input());
        assert!(request.headers().contains_key("authorization"));
        ivs_models::http::Response::builder()
            .status(200)
            .header("content-type", "application/vnd.amazon.eventstream")
            .body(frames(&conversation()))
            .expect("a response")
    });
    let (status, read) = stream_from(Reply::Handler(handler))
        .await
        .expect("the stream starts");
    assert_eq!(status, 200);
    let events: Vec<_> = read.into_iter().collect::<Result<_, _>>().expect("events");
    assert_eq!(events, conversation());

    // A stream that stops inside a message ends with an error, not silently.
    let bytes = frames(&conversation());
    let media = "application/vnd.amazon.eventstream";
    let cut = raw_response(200, media, &bytes[..bytes.len() - 7], None);
    let (_, read) = stream_from(Reply::Bytes(cut))
        .await
        .expect("the stream starts");
    assert_eq!(read.len(), conversation().len());
    assert!(
        matches!(read.last(), Some(Err(EventError::Frame(_)))),
        "{read:?}"
    );

    // A body cut short of its Content-Length: a transport error ends the stream.
    let short = raw_response(200, media, &bytes[..40], Some(bytes.len()));
    let (_, read) = stream_from(Reply::Bytes(short))
        .await
        .expect("the stream starts");
    assert!(
        matches!(read.last(), Some(Err(EventError::Transport(_)))),
        "{read:?}"
    );

    // An error status is the operation's error, read as its protocol writes errors.
    let mut refused = raw_response(
        400,
        "application/json",
        br#"{"message": "the model is not available"}"#,
        Some(41),
    );
    let at = refused
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    refused.splice(at..at, *b"\r\nx-amzn-ErrorType: ValidationException");
    let error = stream_from(Reply::Bytes(refused))
        .await
        .expect_err("refused");
    let service = error.service_error().expect("a service error");
    assert_eq!(
        (service.status(), service.code()),
        (400, "ValidationException")
    );
}

/// Bedrock Runtime's InvokeModelWithBidirectionalStream through the client's
/// `send_event_stream`, against an in-process HTTP/2 server built on the server half
/// (`event_signing::EventVerifier`): the input events signed and checked frame by frame, the
/// output events written while the input is still flowing.
mod bidirectional {
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use std::time::Duration;

    use bytes::Bytes;
    use http_body_util::BodyExt as _;
    use hyper::body::{Frame, Incoming};
    use ivs_models::Blob;
    use ivs_models::client::event_signing::EventVerifier;
    use ivs_models::client::sigv4::{self, Scope};
    use ivs_models::client::transport::{BodyChunks, BodyStream, BoxFuture};
    use ivs_models::client::{Client, Credentials, TransportError};
    use ivs_models::event_stream::{self, HeaderValue, Message};
    use ivs_models::wire::EventUnion as _;
    use ivs_models::wire::{self, EventError};
    use tokio::sync::mpsc;

    use super::bedrock::operation::InvokeModelWithBidirectionalStream as Invoke;
    use super::bedrock::{
        self, InvokeModelWithBidirectionalStreamInput as Input,
        InvokeModelWithBidirectionalStreamOutput as Output,
    };
    use super::client_support::{self, ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY};

    impl ivs_models::client::ServiceOperation for Invoke {
        const SERVICE: ivs_models::client::ServiceInfo = ivs_models::client::ServiceInfo {
            service_id: bedrock::SERVICE_ID,
            endpoint_prefix: bedrock::ENDPOINT_PREFIX,
            signing_name: bedrock::SIGNING_NAME,
            endpoint_rules: None,
        };
    }

    /// The items sent on a channel, as a stream.
    struct Channel<T>(mpsc::UnboundedReceiver<T>);

    impl<T> futures_core::Stream for Channel<T> {
        type Item = T;
        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
            self.0.poll_recv(cx)
        }
    }

    /// A response body of the frames sent on a channel, ended when it closes.
    struct Replies(mpsc::UnboundedReceiver<Vec<u8>>);

    impl hyper::body::Body for Replies {
        type Data = Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            self.0
                .poll_recv(cx)
                .map(|bytes| bytes.map(|bytes| Ok(Frame::data(Bytes::from(bytes)))))
        }
    }

    /// What the server read of one request's stream: its events, and how the stream ended.
    #[derive(Debug)]
    struct Seen {
        events: Vec<Input>,
        outcome: Result<(), String>,
    }

    struct Server {
        endpoint: String,
        seen: mpsc::UnboundedReceiver<Seen>,
    }

    /// An HTTP/2 server (prior knowledge, no TLS) on an ephemeral port of 127.0.0.1.
    async fn start() -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let endpoint = format!("http://{}", listener.local_addr().expect("an address"));
        let (seen_tx, seen) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let seen = seen_tx.clone();
                let service = hyper::service::service_fn(move |request| {
                    let seen = seen.clone();
                    async move { Ok::<_, std::convert::Infallible>(answer(request, seen)) }
                });
                tokio::spawn(
                    hyper::server::conn::http2::Builder::new(hyper_util::rt::TokioExecutor::new())
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service),
                );
            }
        });
        Server { endpoint, seen }
    }

    fn header<'h>(head: &'h http::request::Parts, name: &str) -> &'h str {
        head.headers
            .get(name)
            .unwrap_or_else(|| panic!("no {name} header"))
            .to_str()
            .expect("text")
    }

    /// The server half: checks the request's head, then reads its signed frames as they come
    /// and answers each event at once: a chunk with its bytes upper-cased, `fail` with the
    /// modeled ModelStreamErrorException; a frame that fails its check with an `error` message
    /// naming it, and the end of the response.
    fn answer(
        request: http::Request<Incoming>,
        seen: mpsc::UnboundedSender<Seen>,
    ) -> http::Response<Replies> {
        let (head, mut body) = request.into_parts();
        assert_eq!(head.version, http::Version::HTTP_2);
        assert_eq!(
            head.uri.path(),
            "/model/amazon.nova-sonic-v1%3A0/invoke-with-bidirectional-stream"
        );
        assert_eq!(
            header(&head, "x-amz-content-sha256"),
            "STREAMING-AWS4-HMAC-SHA256-EVENTS"
        );
        assert_eq!(
            header(&head, "content-type"),
            "application/vnd.amazon.eventstream"
        );
        assert!(head.headers.get("content-length").is_none());
        let signature = header(&head, "authorization")
            .rsplit("Signature=")
            .next()
            .expect("a signature");
        if signature != request_signature(&head) {
            // Refused as the services refuse a request signed with another key.
            let (refusal, rx) = mpsc::unbounded_channel();
            let _ = refusal.send(br#"{"message": "the signature does not match"}"#.to_vec());
            return http::Response::builder()
                .status(403)
                .header("content-type", "application/json")
                .header("x-amzn-errortype", "InvalidSignatureException")
                .body(Replies(rx))
                .expect("a response");
        }
        let seed: Vec<u8> = (0..signature.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&signature[i..i + 2], 16).expect("hex"))
            .collect();
        let (replies, rx) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let scope = Scope {
                region: REGION,
                service: bedrock::SIGNING_NAME,
            };
            let credentials = Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY);
            let mut verifier = EventVerifier::new(&credentials, &scope, &seed);
            let mut events = Vec::new();
            let outcome = loop {
                let data = match body.frame().await {
                    None => break verifier.finish().map_err(|e| e.to_string()),
                    Some(Err(error)) => break Err(format!("the request's body failed: {error}")),
                    Some(Ok(frame)) => match frame.into_data() {
                        Ok(data) => data,
                        Err(_) => continue,
                    },
                };
                let messages = match verifier.push(&data) {
                    Ok(messages) => messages,
                    Err(error) => {
                        let refusal = Message::new(Vec::new())
                            .header(":message-type", HeaderValue::String("error".into()))
                            .header(
                                ":error-code",
                                HeaderValue::String("InvalidSignatureException".into()),
                            )
                            .header(":error-message", HeaderValue::String(error.to_string()));
                        let _ = replies.send(event_stream::encode(&refusal).expect("framed"));
                        break Err(error.to_string());
                    }
                };
                for message in messages {
                    let framed = event_stream::encode(&message).expect("framed");
                    let event = wire::read_message::<Input>(
                        &event_stream::Decoder::new()
                            .next_frame(&mut framed.as_slice())
                            .expect("a frame")
                            .expect("a whole frame"),
                    )
                    .expect("an event")
                    .expect("the event reads");
                    let reply = match &event {
                        Input::Chunk(part) if part.bytes == Some(Blob::from(b"fail".to_vec())) => {
                            let mut error = bedrock::ModelStreamErrorException::new();
                            error.message = Some("the model stream failed".into());
                            Output::ModelStreamErrorException(error)
                        }
                        Input::Chunk(part) => {
                            let bytes = part.bytes.as_ref().expect("bytes").as_bytes();
                            Output::Chunk(
                                bedrock::BidirectionalOutputPayloadPart::new()
                                    .bytes(bytes.to_ascii_uppercase()),
                            )
                        }
                        other => panic!("an unexpected event {other:?}"),
                    };
                    let _ = replies.send(super::frames(&[reply]));
                    events.push(event);
                }
            };
            drop(replies);
            let _ = seen.send(Seen { events, outcome });
        });
        http::Response::builder()
            .status(200)
            .header("content-type", "application/vnd.amazon.eventstream")
            .body(Replies(rx))
            .expect("a response")
    }

    /// The SigV4 signature of the request's head, as the server computes it: its headers as
    /// they arrived (over HTTP/2 the host is the URI's authority) and the streaming-events
    /// payload hash in place of the body's.
    fn request_signature(head: &http::request::Parts) -> String {
        let authority = head
            .uri
            .authority()
            .expect("an authority")
            .as_str()
            .to_owned();
        let mut pairs: Vec<(&str, &[u8])> = head
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes()))
            .collect();
        if !head.headers.contains_key("host") {
            pairs.push(("host", authority.as_bytes()));
        }
        let signed = header(head, "authorization")
            .split("SignedHeaders=")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .expect("signed headers");
        let canonical = sigv4::canonical_request(
            head.method.as_str(),
            head.uri.path(),
            head.uri.query().unwrap_or(""),
            &pairs,
            sigv4::STREAMING_EVENTS,
            sigv4::PathRules::SERVICES,
        );
        assert_eq!(canonical.signed_headers, signed);
        let date_time = header(head, "x-amz-date");
        let scope = Scope {
            region: REGION,
            service: bedrock::SIGNING_NAME,
        };
        let to_sign = sigv4::string_to_sign(date_time, &scope, &canonical.text);
        sigv4::signature(SECRET_ACCESS_KEY, date_time, &scope, &to_sign)
    }

    fn chunk(bytes: &[u8]) -> Input {
        Input::Chunk(bedrock::BidirectionalInputPayloadPart::new().bytes(bytes.to_vec()))
    }

    fn echoed(bytes: &[u8]) -> Output {
        Output::Chunk(bedrock::BidirectionalOutputPayloadPart::new().bytes(bytes.to_vec()))
    }

    fn input() -> bedrock::InvokeModelWithBidirectionalStreamRequest {
        // The constructor asks for no event: the stream is given beside the input.
        bedrock::InvokeModelWithBidirectionalStreamRequest::new("amazon.nova-sonic-v1:0")
    }

    type Started = (
        ivs_models::client::events::EventResponse<Output>,
        mpsc::UnboundedSender<Input>,
    );

    /// Starts the call on `client`, with `first` sent as soon as the request is.
    async fn call(client: &Client, first: Input) -> Started {
        let (events, rx) = mpsc::unbounded_channel();
        events.send(first).expect("sent");
        let response = client
            .send_event_stream::<Invoke, Input, Output, _>(input(), Channel(rx))
            .await
            .expect("the stream starts");
        assert_eq!(response.head.status, 200);
        (response, events)
    }

    async fn seen(server: &mut Server) -> Seen {
        tokio::time::timeout(Duration::from_secs(10), server.seen.recv())
            .await
            .expect("the server ends the stream in time")
            .expect("the server reports")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_events_flow_both_ways_at_once() {
        let mut server = start().await;
        let client = client_support::client(&server.endpoint);
        let (mut response, events) = call(&client, chunk(b"hello")).await;
        // Each answer arrives before the next event is sent: the request is still open.
        assert_eq!(response.events.next().await, Some(Ok(echoed(b"HELLO"))));
        events.send(chunk(b"again")).expect("sent");
        assert_eq!(response.events.next().await, Some(Ok(echoed(b"AGAIN"))));
        // A modeled exception mid-stream, as its variant; the stream goes on.
        events.send(chunk(b"fail")).expect("sent");
        assert!(matches!(
            response.events.next().await,
            Some(Ok(Output::ModelStreamErrorException(error)))
                if error.message.as_deref() == Some("the model stream failed")
        ));
        events.send(chunk(b"last")).expect("sent");
        assert_eq!(response.events.next().await, Some(Ok(echoed(b"LAST"))));
        // The input ends with its signed end frame; the server ends the response then.
        drop(events);
        assert_eq!(response.events.next().await, None);
        let seen = seen(&mut server).await;
        assert_eq!(seen.outcome, Ok(()), "every frame's signature checks");
        let sent: Vec<Input> = [&b"hello"[..], b"again", b"fail", b"last"]
            .iter()
            .map(|bytes| chunk(bytes))
            .collect();
        assert_eq!(seen.events, sent);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_request_signed_with_another_key_is_refused() {
        let server = start().await;
        let wrong = Credentials::new(ACCESS_KEY_ID, "not the secret the server knows");
        let client = Client::new(client_support::config(&server.endpoint).credentials(wrong))
            .expect("a client");
        let (_events, rx) = mpsc::unbounded_channel::<Input>();
        let error = client
            .send_event_stream::<Invoke, Input, Output, _>(input(), Channel(rx))
            .await
            .expect_err("refused");
        let service = error.service_error().expect("a service error");
        assert_eq!(
            (service.status(), service.code()),
            (403, "InvalidSignatureException")
        );
    }

    /// The default transport, with the payload of the first event's frame changed on its way
    /// (its checksums written again): the frame is whole, its signature no longer its own.
    struct Tampering(ivs_models::client::HyperTransport);

    impl ivs_models::client::Transport for Tampering {
        fn send(
            &self,
            request: http::Request<Vec<u8>>,
        ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
            self.0.send(request)
        }

        fn send_duplex(
            &self,
            request: http::Request<BodyStream>,
        ) -> BoxFuture<'_, Result<http::Response<BodyChunks>, TransportError>> {
            self.0
                .send_duplex(request.map(|body| Box::pin(TamperFirst(body, false)) as BodyStream))
        }
    }

    struct TamperFirst(BodyStream, bool);

    impl futures_core::Stream for TamperFirst {
        type Item = Result<Vec<u8>, TransportError>;
        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let polled = self.0.as_mut().poll_next(cx);
            let Poll::Ready(Some(Ok(bytes))) = polled else {
                return polled;
            };
            if self.1 {
                return Poll::Ready(Some(Ok(bytes)));
            }
            self.1 = true;
            let mut frame = event_stream::decode(&bytes).expect("a signed frame");
            let forged = chunk(b"forged").write_event().expect("written");
            frame.payload = event_stream::encode(&forged).expect("framed");
            Poll::Ready(Some(Ok(event_stream::encode(&frame).expect("framed"))))
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_tampered_frame_is_refused_naming_it() {
        let mut server = start().await;
        let transport = ivs_models::client::HyperTransport::new(
            Duration::from_secs(2),
            Duration::from_secs(10),
        )
        .expect("a transport");
        let client = Client::with_transport(
            client_support::config(&server.endpoint),
            Tampering(transport),
        )
        .expect("a client");
        let (mut response, _events) = call(&client, chunk(b"hello")).await;
        let refused = "signed event stream, frame 1: the signature does not match";
        assert_eq!(
            response.events.next().await,
            Some(Err(EventError::Service {
                code: "InvalidSignatureException".into(),
                message: Some(refused.into()),
            }))
        );
        assert_eq!(response.events.next().await, None);
        let seen = seen(&mut server).await;
        assert_eq!(seen.outcome, Err(refused.to_owned()));
        assert!(seen.events.is_empty(), "the forged event is not read");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn dropping_the_events_ends_the_request() {
        let mut server = start().await;
        let client = client_support::client(&server.endpoint);
        let (mut response, events) = call(&client, chunk(b"hello")).await;
        assert_eq!(response.events.next().await, Some(Ok(echoed(b"HELLO"))));
        // The caller still holds its input stream open, but drops the response's.
        drop(response);
        let seen = seen(&mut server).await;
        assert_eq!(seen.events, [chunk(b"hello")]);
        let outcome = seen
            .outcome
            .expect_err("the stream did not end with its end frame");
        assert!(
            outcome.starts_with("the request's body failed"),
            "{outcome}"
        );
        drop(events);
        // The client goes on: a new call on a new stream.
        let (mut response, _events) = call(&client, chunk(b"next")).await;
        assert_eq!(response.events.next().await, Some(Ok(echoed(b"NEXT"))));
    }
}
