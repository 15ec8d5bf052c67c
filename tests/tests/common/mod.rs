//! What the integration tests share.

/// Calls a generic function once per operation of both services, with its fixture directory
/// (`fixtures/wire/<dir>`), and returns the results in `OPERATIONS` order. Tests that every
/// operation is listed here live in `wire_roundtrip`.
macro_rules! all_operations {
    ($f:ident) => {
        [
            $f::<::ivs_models::ivs::operation::BatchGetChannel>("ivs"),
            $f::<::ivs_models::ivs::operation::BatchGetStreamKey>("ivs"),
            $f::<::ivs_models::ivs::operation::CreateChannel>("ivs"),
            $f::<::ivs_models::ivs::operation::CreateRecordingConfiguration>("ivs"),
            $f::<::ivs_models::ivs::operation::CreateStreamKey>("ivs"),
            $f::<::ivs_models::ivs::operation::DeleteChannel>("ivs"),
            $f::<::ivs_models::ivs::operation::DeleteStreamKey>("ivs"),
            $f::<::ivs_models::ivs::operation::GetChannel>("ivs"),
            $f::<::ivs_models::ivs::operation::GetRecordingConfiguration>("ivs"),
            $f::<::ivs_models::ivs::operation::GetStream>("ivs"),
            $f::<::ivs_models::ivs::operation::GetStreamKey>("ivs"),
            $f::<::ivs_models::ivs::operation::GetStreamSession>("ivs"),
            $f::<::ivs_models::ivs::operation::ListChannels>("ivs"),
            $f::<::ivs_models::ivs::operation::ListStreamKeys>("ivs"),
            $f::<::ivs_models::ivs::operation::ListStreams>("ivs"),
            $f::<::ivs_models::ivs::operation::ListTagsForResource>("ivs"),
            $f::<::ivs_models::ivs::operation::PutMetadata>("ivs"),
            $f::<::ivs_models::ivs::operation::StopStream>("ivs"),
            $f::<::ivs_models::ivs::operation::TagResource>("ivs"),
            $f::<::ivs_models::ivs::operation::UntagResource>("ivs"),
            $f::<::ivs_models::ivs::operation::UpdateChannel>("ivs"),
            $f::<::ivs_models::ivs_realtime::operation::CreateStage>("ivs-realtime"),
            $f::<::ivs_models::ivs_realtime::operation::GetComposition>("ivs-realtime"),
            $f::<::ivs_models::ivs_realtime::operation::GetParticipant>("ivs-realtime"),
            $f::<::ivs_models::ivs_realtime::operation::GetStage>("ivs-realtime"),
            $f::<::ivs_models::ivs_realtime::operation::ListParticipants>("ivs-realtime"),
            $f::<::ivs_models::ivs_realtime::operation::StartComposition>("ivs-realtime"),
            $f::<::ivs_models::ivs_realtime::operation::UpdateStage>("ivs-realtime"),
        ]
    };
}

/// A request as a person reads it: the request line, the headers by name, a blank line and the
/// body (text, or its length and bytes in hex when it is not UTF-8).
#[allow(dead_code)]
pub fn show_request(request: &ivs_models::http::Request<Vec<u8>>) -> String {
    let mut text = format!("{} {}\n", request.method(), request.uri());
    if let Some(prefix) = request.extensions().get::<ivs_models::HostPrefix>() {
        text.push_str(&format!("(host prefix: {})\n", prefix.0));
    }
    text + &show_message(request.headers(), request.body())
}

/// A response as a person reads it: the status, the headers by name, a blank line and the body.
#[allow(dead_code)]
pub fn show_response(response: &ivs_models::http::Response<Vec<u8>>) -> String {
    format!("HTTP {}\n", response.status().as_u16())
        + &show_message(response.headers(), response.body())
}

fn show_message(headers: &ivs_models::http::HeaderMap, body: &[u8]) -> String {
    let mut lines: Vec<String> = headers
        .iter()
        .map(|(name, value)| format!("{name}: {}", String::from_utf8_lossy(value.as_bytes())))
        .collect();
    lines.sort();
    let mut text = lines.join("\n");
    text.push_str("\n\n");
    match std::str::from_utf8(body) {
        Ok(body) => text.push_str(body),
        Err(_) => {
            let hex: String = body.iter().map(|b| format!("{b:02x}")).collect();
            text.push_str(&format!("<{} bytes: {hex}>", body.len()));
        }
    }
    text
}

/// A response with `status`, `headers` and `body`, as a server would send it.
#[allow(dead_code)]
pub fn response(
    status: u16,
    headers: &[(&str, &[u8])],
    body: impl Into<Vec<u8>>,
) -> ivs_models::http::Response<Vec<u8>> {
    let mut response = ivs_models::http::Response::new(body.into());
    *response.status_mut() = ivs_models::http::StatusCode::from_u16(status).expect("a status");
    for (name, value) in headers {
        response.headers_mut().append(
            ivs_models::http::HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
            ivs_models::http::HeaderValue::from_bytes(value).expect("a header value"),
        );
    }
    response
}
