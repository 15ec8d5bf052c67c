//! The included modules do what a generated crate's do: requests written and responses read
//! with the sans-IO wire layer, the server half too, and only the operations chosen.

// A test fails by panicking.
#![allow(clippy::expect_used)]

use build_script_example::aws::{Operation, ivs};
use ivs::operation::{CreateChannel, GetChannel, ListChannels};

const ARN: &str = "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh";

fn response(status: u16, body: &str) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(body.as_bytes().to_vec());
    *response.status_mut() = http::StatusCode::from_u16(status).expect("a status");
    response
}

#[test]
fn a_request_is_written_and_its_response_read() {
    let request = GetChannel::request(&ivs::GetChannelRequest::new(ARN)).expect("a request");
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri(), "/GetChannel");
    let body: serde_json::Value = serde_json::from_slice(request.body()).expect("JSON");
    assert_eq!(body, serde_json::json!({ "arn": ARN }));

    let output = GetChannel::response(&response(
        200,
        r#"{"channel": {"arn": "ARN", "name": "lobby", "latencyMode": "LOW", "type": "STANDARD"}}"#
            .replace("ARN", ARN)
            .as_str(),
    ))
    .expect("an output");
    let channel = output.channel.expect("a channel");
    assert_eq!(channel.name.as_deref(), Some("lobby"));
    assert_eq!(channel.latency_mode, Some(ivs::ChannelLatencyMode::Low));
}

#[test]
fn an_error_is_read_by_its_code() {
    let error = GetChannel::response(&response(
        404,
        r#"{"__type": "ResourceNotFoundException", "exceptionMessage": "no such channel"}"#,
    ))
    .expect_err("an error");
    let service = error.service_error().expect("the service's error");
    assert_eq!(service.status(), 404);
    assert_eq!(service.code(), "ResourceNotFoundException");
}

#[test]
fn the_server_half_reads_what_the_client_half_writes() {
    let input = ivs::CreateChannelRequest::new().name("lobby");
    let request = CreateChannel::request(&input).expect("a request");
    assert_eq!(CreateChannel::parse_request(&request).expect("read"), input);
    let output =
        ivs::ListChannelsResponse::new().channels([ivs::ChannelSummary::new().name("lobby")]);
    let written = ListChannels::write_response(&output);
    assert_eq!(ListChannels::response(&written).expect("read"), output);
}

#[test]
fn only_the_operations_chosen_are_generated() {
    let names: Vec<&str> = ivs::OPERATIONS.iter().map(|o| o.name).collect();
    assert_eq!(names, ["CreateChannel", "GetChannel", "ListChannels"]);
}
