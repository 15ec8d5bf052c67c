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
            index,
            bedrock::ContentBlockDelta::Text(text.to_owned()),
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
            bedrock::ConverseStreamMetrics::new(412),
            bedrock::TokenUsage::new(12, 5, 17),
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
        Blob::from(b"reading 42".to_vec()),
        "partition-1",
        "49590338271490256608559692538361571095921575989136588898",
    );
    let events = vec![Event::SubscribeToShardEvent(
        kinesis::SubscribeToShardEvent::new(
            "49590338271490256608559692538361571095921575989136588898",
            0,
            [record],
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
            [bedrock::ContentBlock::Text("Hi".into())],
            bedrock::ConversationRole::User,
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
            [bedrock::ContentBlock::Text("Hi".into())],
            bedrock::ConversationRole::User,
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
