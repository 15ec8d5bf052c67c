//! What the integration tests share.

// `SERVICES`, `MODEL_OPERATIONS` and `all_operations!`, which calls a generic function once per
// operation of `model/` with its fixture directory (`fixtures/wire/<dir>`), all written by
// `tests/build.rs` from the model.
include!(concat!(env!("OUT_DIR"), "/model_operations.rs"));

/// The snapshots `tests/snapshots/<test>__<name>.snap` whose `<name>` is none of `fixtures`: the
/// leftovers of a fixture removed or renamed, for tests that take one snapshot per fixture.
#[allow(dead_code)]
pub fn snapshots_of_no_fixture(test: &str, fixtures: &[&str]) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let prefix = format!("{test}__");
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/snapshots is readable") {
        let file = entry.expect("an entry").file_name();
        let file = file.to_string_lossy();
        if let Some(name) = file
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".snap"))
            && !fixtures.contains(&name)
        {
            orphans.push(file.into_owned());
        }
    }
    orphans.sort();
    orphans
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
