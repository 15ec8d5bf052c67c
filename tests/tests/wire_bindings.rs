//! Every restJson1 binding kind, through code generated from the `http_*` fixture models
//! (`fixtures/emit/`, compiled by the build script): each request as a person reads it, and each
//! response read back, as insta snapshots; then the server half reads what the client half wrote.

#![deny(warnings)]

#[allow(unused_macros)]
mod common;

/// The code the generator emits for every emit fixture, compiled here.
#[allow(dead_code)]
mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/emit_fixtures.rs"));
}

use common::{response, show_request, show_response};
use ivs_models::{Operation, OperationError, ResponseError, ServiceError, Timestamp};

fn time(text: &str) -> Timestamp {
    text.parse().expect("a timestamp")
}

/// `request(input)`, shown, and read back by `parse_request` into the same input.
fn round_trip<O: Operation>(input: &O::Input) -> String {
    let request = O::request(input).expect("the request is built");
    let parsed = O::parse_request(&request).expect("the server reads it");
    assert_eq!(&parsed, input, "parse_request(request(x)) == x");
    show_request(&request)
}

/// `write_response(output)`, shown, and read back by `response` into the same output.
fn response_round_trip<O: Operation>(output: &O::Output) -> String
where
    O::Error: std::fmt::Debug,
{
    let written = O::write_response(output);
    let read = O::response(&written).expect("the client reads it");
    assert_eq!(&read, output, "response(write_response(y)) == y");
    show_response(&written)
}

mod labels {
    use super::*;
    use fixtures::http_labels::operation::{GetObject, PutIntegration, UntagResource};
    use fixtures::http_labels::{
        GetObjectRequest, GetObjectResponse, PutIntegrationRequest, UntagResourceRequest,
        UntagResourceResponse,
    };

    #[test]
    fn a_label_keeps_its_own_name_when_a_body_member_takes_it_on_the_wire() {
        let input = PutIntegrationRequest::new("GET").integration_http_method("POST");
        insta::assert_snapshot!(round_trip::<PutIntegration>(&input), @r#"
        PUT /integrations/GET
        content-length: 21
        content-type: application/json

        {"httpMethod":"POST"}
        "#);
        // The serde form names each member once: the label by its binding's name.
        let json = serde_json::to_string(&input).expect("serde");
        assert_eq!(json, r#"{"http_method":"GET","httpMethod":"POST"}"#);
        let back: PutIntegrationRequest = serde_json::from_str(&json).expect("serde");
        assert_eq!(back, input);
    }

    #[test]
    fn labels_are_percent_encoded_and_greedy_labels_keep_slashes() {
        let input =
            GetObjectRequest::new("my bucket", "photos/2024/a b%+é.jpg").version_id("v1/=&");
        insta::assert_snapshot!(round_trip::<GetObject>(&input), @"GET /buckets/my%20bucket/objects/photos/2024/a%20b%25%2B%C3%A9.jpg?x-id=GetObject&versionId=v1%2F%3D%26");
    }

    #[test]
    fn a_list_in_the_query_repeats_its_key_and_delete_has_no_body() {
        let input = UntagResourceRequest::new(
            "arn:aws:ivs:us-west-2:123456789012:channel/abcd",
            ["a", "b c"],
        );
        insta::assert_snapshot!(round_trip::<UntagResource>(&input), @"DELETE /tags/arn%3Aaws%3Aivs%3Aus-west-2%3A123456789012%3Achannel%2Fabcd?tagKeys=a&tagKeys=b%20c");
    }

    #[test]
    fn an_empty_label_is_an_error_naming_the_member() {
        let error = GetObject::request(&GetObjectRequest::new("", "key")).expect_err("no bucket");
        assert_eq!(error.path(), "Bucket");
        assert_eq!(
            error.to_string(),
            "invalid request: `Bucket`: a URI label needs a non-empty value"
        );
    }

    #[test]
    fn the_success_status_of_the_model_is_written_and_any_2xx_is_read() {
        let written = UntagResource::write_response(&UntagResourceResponse::new());
        insta::assert_snapshot!(show_response(&written), @r"
        HTTP 204
        content-length: 2
        content-type: application/json

        {}
        ");
        // An empty body reads as `{}`.
        let read = UntagResource::response(&response(204, &[], "")).expect("read");
        assert_eq!(read, UntagResourceResponse::new());
        let read = GetObject::response(&response(200, &[], r#"{"size": 12}"#)).expect("read");
        assert_eq!(read, GetObjectResponse::new().size(12));
    }

    #[test]
    fn a_request_for_another_route_is_not_parsed() {
        let request =
            UntagResource::request(&UntagResourceRequest::new("arn", ["a"])).expect("built");
        let error = GetObject::parse_request(&request).expect_err("not a GetObject");
        assert_eq!(
            error.to_string(),
            "invalid request: `method`: expected GET, found DELETE"
        );
        let mut request = GetObject::request(&GetObjectRequest::new("b", "k")).expect("built");
        *request.uri_mut() = "/buckets/b/objects/k".parse().expect("a URI");
        let error = GetObject::parse_request(&request).expect_err("no x-id");
        assert_eq!(error.path(), "query");
        *request.uri_mut() = "/buckets/b?x-id=GetObject".parse().expect("a URI");
        assert_eq!(
            GetObject::parse_request(&request)
                .expect_err("no key")
                .path(),
            "path"
        );
        *request.uri_mut() = "/buckets/%FF/objects/k?x-id=GetObject"
            .parse()
            .expect("a URI");
        let error = GetObject::parse_request(&request).expect_err("not UTF-8");
        assert_eq!(
            error.to_string(),
            "invalid request: `Bucket`: percent-decodes to invalid UTF-8"
        );
    }
}

mod query {
    use super::*;
    use fixtures::http_query::operation::{Search, SearchTags};
    use fixtures::http_query::{Kind, SearchRequest, SearchResponse, SearchTagsRequest};
    use std::collections::BTreeMap;

    #[test]
    fn every_kind_of_value_in_the_query_string() {
        let input = SearchRequest::new()
            .query("red & blue/?")
            .limit(-3)
            .ratio(0.25)
            .enabled(false)
            .since(time("2024-10-15T17:30:00.25Z"))
            .until(time("2024-10-15T17:30:00.5Z"))
            .kinds([Kind::Basic, Kind::from("PREMIUM")])
            .filters(BTreeMap::from([("color".to_owned(), "ré d".to_owned())]));
        let request = Search::request(&input).expect("the request is built");
        insta::assert_snapshot!(show_request(&request), @"GET /search?q=red%20%26%20blue%2F%3F&limit=-3&ratio=0.25&enabled=false&since=2024-10-15T17%3A30%3A00.25Z&until=1729013400.5&kind=BASIC&kind=PREMIUM&color=r%C3%A9%20d");
        // A server puts every parameter in the map, those the named members take too (Smithy's
        // `RestJsonServersPutAllQueryParamsInMap`); a map of strings takes a repeated one's first.
        let every = [
            ("q", "red & blue/?"),
            ("limit", "-3"),
            ("ratio", "0.25"),
            ("enabled", "false"),
            ("since", "2024-10-15T17:30:00.25Z"),
            ("until", "1729013400.5"),
            ("kind", "BASIC"),
            ("color", "ré d"),
        ]
        .map(|(key, value)| (key.to_owned(), value.to_owned()));
        let parsed = Search::parse_request(&request).expect("the server reads it");
        assert_eq!(parsed, input.filters(BTreeMap::from(every)));
    }

    #[test]
    fn a_map_of_lists_repeats_each_key_beside_the_static_query() {
        let input = SearchTagsRequest::new("red").multi(BTreeMap::from([
            ("size".to_owned(), vec!["1".to_owned(), "2".to_owned()]),
            ("a b".to_owned(), vec!["&".to_owned()]),
        ]));
        insta::assert_snapshot!(round_trip::<SearchTags>(&input), @"GET /tags/red/search?mode=all&a%20b=%26&size=1&size=2");
    }

    #[test]
    fn a_map_key_never_overrides_a_bound_parameter() {
        let input = SearchRequest::new()
            .query("mine")
            .filters(BTreeMap::from([("q".to_owned(), "theirs".to_owned())]));
        let request = Search::request(&input).expect("built");
        assert_eq!(request.uri(), "/search?q=mine");
    }

    #[test]
    fn values_that_are_not_what_the_model_says_are_errors() {
        let mut request = Search::request(&SearchRequest::new()).expect("built");
        for (query, path) in [
            ("limit=ten", "limit"),
            ("enabled=yes", "enabled"),
            ("since=yesterday", "since"),
            ("until=12abc", "until"),
            ("q=a&q=b", "query"),
            ("ratio=1x", "ratio"),
        ] {
            *request.uri_mut() = format!("/search?{query}").parse().expect("a URI");
            let error = Search::parse_request(&request).expect_err(query);
            assert_eq!(error.path(), path, "{query}: {error}");
        }
    }

    #[test]
    fn the_response_body_writes_timestamps_as_epoch_seconds() {
        let output = SearchResponse::new()
            .hits(2)
            .at(time("2024-10-15T17:30:00Z"));
        insta::assert_snapshot!(response_round_trip::<Search>(&output), @r#"
        HTTP 200
        content-length: 26
        content-type: application/json

        {"hits":2,"at":1729013400}
        "#);
        let read =
            Search::response(&response(200, &[], r#"{"at": 1729013400.123}"#)).expect("read");
        assert_eq!(read.at, Some(time("2024-10-15T17:30:00.123Z")));
        // A list of timestamps too.
        let output = SearchResponse::new()
            .seen([time("2024-10-15T17:30:00Z"), time("1970-01-01T00:00:01.5Z")]);
        assert_eq!(
            serde_json::to_string(&output).expect("written"),
            r#"{"seen":[1729013400,1.5]}"#
        );
        assert_eq!(
            Search::response(&Search::write_response(&output)).expect("read"),
            output
        );
    }
}

mod headers {
    use super::*;
    use fixtures::http_headers::operation::PutThing;
    use fixtures::http_headers::{Kind, PutThingRequest, PutThingResponse};
    use std::collections::BTreeMap;

    fn full_request() -> PutThingRequest {
        PutThingRequest::new("thing/1")
            .count(3)
            .flag(true)
            .when(time("1994-11-06T08:49:37Z"))
            .epoch(time("2024-10-15T17:30:00Z"))
            .tags(["plain", "with, comma", "with \"quote\""])
            .dates([time("1994-11-06T08:49:37Z"), time("2024-10-15T17:30:00Z")])
            .settings(r#"{"a":[1,2]}"#)
            .kind(Kind::Standard)
            .meta(BTreeMap::from([("team".to_owned(), "video".to_owned())]))
            .client_token("token-1")
            .note("hello")
            .created(time("2024-10-15T17:30:00Z"))
    }

    #[test]
    fn every_kind_of_header_and_json_names_in_the_body() {
        insta::assert_snapshot!(round_trip::<PutThing>(&full_request()), @r#"
        PUT /things/thing%2F1
        content-length: 37
        content-type: application/json
        x-client-token: token-1
        x-count: 3
        x-dates: Sun, 06 Nov 1994 08:49:37 GMT, Tue, 15 Oct 2024 17:30:00 GMT
        x-epoch: 1729013400
        x-flag: true
        x-kind: STANDARD
        x-meta-team: video
        x-settings: eyJhIjpbMSwyXX0=
        x-tags: plain, "with, comma", "with \"quote\""
        x-when: Sun, 06 Nov 1994 08:49:37 GMT

        {"Note":"hello","created":1729013400}
        "#);
    }

    #[test]
    fn an_unset_idempotency_token_is_a_fresh_uuid_in_its_header() {
        let input = PutThingRequest::new("a");
        let tokens: Vec<String> = (0..2)
            .map(|_| {
                let request = PutThing::request(&input).expect("built");
                let token = request.headers()["x-client-token"]
                    .to_str()
                    .expect("text")
                    .to_owned();
                let parsed = PutThing::parse_request(&request).expect("read");
                assert_eq!(parsed.client_token.as_deref(), Some(token.as_str()));
                token
            })
            .collect();
        for token in &tokens {
            let bytes = token.as_bytes();
            assert_eq!(bytes.len(), 36, "{token}");
            assert_eq!(bytes[14], b'4', "version 4: {token}");
            assert!(
                matches!(bytes[19], b'8' | b'9' | b'a' | b'b'),
                "RFC 4122 variant: {token}"
            );
        }
        assert_ne!(tokens[0], tokens[1]);
        assert_eq!(
            input.client_token, None,
            "the caller's input is not changed"
        );
    }

    #[test]
    fn the_response_reads_headers_status_and_prefixed_headers() {
        let output = PutThingResponse::new()
            .status(202)
            .etag("\"abc\"")
            .modified(time("2024-10-15T17:30:00Z"))
            .meta(BTreeMap::from([("team".to_owned(), "video".to_owned())]))
            .note("saved")
            .created(time("2024-10-15T17:30:00Z"));
        insta::assert_snapshot!(response_round_trip::<PutThing>(&output), @r#"
        HTTP 202
        content-length: 37
        content-type: application/json
        etag: "abc"
        last-modified: Tue, 15 Oct 2024 17:30:00 GMT
        x-meta-team: video

        {"Note":"saved","created":1729013400}
        "#);
    }

    #[test]
    fn list_headers_split_over_lines_and_quotes() {
        let mut request =
            PutThing::request(&PutThingRequest::new("a").client_token("t")).expect("built");
        let headers = request.headers_mut();
        headers.append("x-tags", "a, \"b,c\"".parse().expect("a value"));
        headers.append("x-tags", "\"d \\\"e\\\"\"".parse().expect("a value"));
        let parsed = PutThing::parse_request(&request).expect("read");
        assert_eq!(
            parsed.tags,
            Some(vec!["a".to_owned(), "b,c".to_owned(), "d \"e\"".to_owned()])
        );
    }

    #[test]
    fn malformed_headers_are_errors_naming_the_member() {
        let request =
            PutThing::request(&PutThingRequest::new("a").client_token("t")).expect("built");
        for (name, value, path) in [
            ("x-count", &b"three"[..], "count"),
            ("x-flag", b"TRUE", "flag"),
            ("x-when", b"2024-10-15", "when"),
            ("x-settings", b"not base64!", "settings"),
            ("x-settings", b"bm90IGpzb24=", "settings"),
            ("x-tags", b"\"unterminated", "tags"),
            ("x-dates", b"Sun, 06 Nov 1994 08:49:37 GMT, Tue", "dates"),
            ("x-kind", b"\xff", "kind"),
        ] {
            let mut request = request.clone();
            request.headers_mut().insert(
                name,
                ivs_models::http::HeaderValue::from_bytes(value).expect("a value"),
            );
            let error = PutThing::parse_request(&request).expect_err(name);
            assert_eq!(error.path(), path, "{name}: {error}");
        }
        let mut twice = request.clone();
        twice
            .headers_mut()
            .append("x-count", "3".parse().expect("a value"));
        twice
            .headers_mut()
            .append("x-count", "4".parse().expect("a value"));
        let error = PutThing::parse_request(&twice).expect_err("given twice");
        assert_eq!(
            error.to_string(),
            "invalid request: `count`: header `X-Count` is given more than once"
        );
    }

    #[test]
    fn a_value_http_cannot_carry_is_an_error_not_a_panic() {
        let error = PutThing::request(&PutThingRequest::new("a").tags(["line\nbreak"]))
            .expect_err("newline");
        assert_eq!(error.path(), "tags");
    }

    #[test]
    fn a_malformed_success_response_names_the_member() {
        let error = PutThing::response(&response(201, &[("last-modified", b"yesterday")], "{}"))
            .expect_err("bad date");
        let ResponseError::Malformed(error) = error else {
            panic!("malformed, not {error:?}")
        };
        assert_eq!((error.status(), error.path()), (201, "modified"));
        let error =
            PutThing::response(&response(201, &[], r#"{"Note": 5}"#)).expect_err("bad body");
        assert_eq!(
            error.to_string(),
            "malformed response (HTTP 201): `Note`: invalid type: integer `5`, expected a string"
        );
    }
}

mod payload {
    use super::*;
    use fixtures::http_payload::operation::{InvokeRuntime, PutBlob, PutConfig, PutMode, PutText};
    use fixtures::http_payload::{
        Config, GetBlobResponse, InvokeRuntimeResponse, Mode, ModePayload, PutBlobRequest,
        PutConfigRequest, PutConfigResponse, PutTextRequest, PutTextResponse,
    };
    use ivs_models::Blob;

    #[test]
    fn a_payload_named_response_is_read_beside_the_status() {
        let read =
            InvokeRuntime::response(&response(202, &[("content-type", b"text/plain")], "ok"))
                .expect("read");
        assert_eq!(
            read,
            InvokeRuntimeResponse::new()
                .content_type("text/plain")
                .response(Blob::new(b"ok".to_vec()))
                .status_code(202)
        );
    }

    #[test]
    fn a_blob_payload_is_the_raw_body_with_its_own_media_type() {
        let input = PutBlobRequest::new("a.png")
            .content_type("image/png")
            .data(Blob::new(vec![0x89, 0x50, 0x4e, 0x47, 0xff]));
        insta::assert_snapshot!(round_trip::<PutBlob>(&input), @r"
        PUT /blobs/a.png
        content-length: 5
        content-type: image/png

        <5 bytes: 89504e47ff>
        ");
        // Without a media type of its own, a blob is `application/octet-stream`, which is then
        // what a server reads as the `Content-Type` member.
        let input = PutBlobRequest::new("b").data(Blob::new(b"raw".to_vec()));
        let request = PutBlob::request(&input).expect("built");
        insta::assert_snapshot!(show_request(&request), @r"
        PUT /blobs/b
        content-length: 3
        content-type: application/octet-stream

        raw
        ");
        let parsed = PutBlob::parse_request(&request).expect("read");
        assert_eq!(parsed, input.content_type("application/octet-stream"));
        let output = GetBlobResponse::new()
            .content_type("text/csv")
            .data(Blob::new(b"a,b".to_vec()));
        insta::assert_snapshot!(response_round_trip::<PutBlob>(&output), @r"
        HTTP 200
        content-length: 3
        content-type: text/csv

        a,b
        ");
    }

    #[test]
    fn a_string_payload_is_text() {
        let input = PutTextRequest::new("n").text("héllo {not json}");
        insta::assert_snapshot!(round_trip::<PutText>(&input), @r"
        PUT /texts/n
        content-length: 17
        content-type: text/plain

        héllo {not json}
        ");
        let read = PutText::response(&response(200, &[], "plain")).expect("read");
        assert_eq!(read, PutTextResponse::new().text("plain"));
        let error =
            PutText::response(&response(200, &[], vec![0xff, 0xfe])).expect_err("not UTF-8");
        assert_eq!(
            error.to_string(),
            "malformed response (HTTP 200): `text`: the body is not UTF-8 text"
        );
    }

    #[test]
    fn an_enum_payload_is_its_text() {
        let input = ModePayload::new().mode(Mode::Slow);
        insta::assert_snapshot!(round_trip::<PutMode>(&input), @r"
        PUT /mode
        content-length: 4
        content-type: text/plain

        slow
        ");
        let read = PutMode::response(&response(200, &[], "turbo")).expect("read");
        assert_eq!(read, ModePayload::new().mode(Mode::from("turbo")));
        let empty = PutMode::response(&response(200, &[], "")).expect("read");
        assert_eq!(empty, ModePayload::new());
    }

    #[test]
    fn a_structure_payload_is_the_whole_json_body() {
        let input = PutConfigRequest::new()
            .version("7")
            .config(Config::new().name("c").size(2));
        insta::assert_snapshot!(round_trip::<PutConfig>(&input), @r#"
        POST /configs
        content-length: 21
        content-type: application/json
        x-version: 7

        {"name":"c","size":2}
        "#);
        // Unset, it is an empty object, as the SDKs send.
        let request = PutConfig::request(&PutConfigRequest::new()).expect("built");
        assert_eq!(request.body(), b"{}");
        let output = PutConfigResponse::new().config(Config::new().size(1));
        insta::assert_snapshot!(response_round_trip::<PutConfig>(&output), @r#"
        HTTP 200
        content-length: 10
        content-type: application/json

        {"size":1}
        "#);
        let error =
            PutConfig::response(&response(200, &[], r#"{"size": "big"}"#)).expect_err("bad");
        assert_eq!(
            error.to_string(),
            "malformed response (HTTP 200): `size`: invalid type: string \"big\", expected i32"
        );
    }
}

mod errors {
    use super::*;
    use fixtures::http_errors::operation::{GetThing, GetThingError, SendData};
    use fixtures::http_errors::{
        GetThingRequest, ResourceNotFoundException, SendDataRequest, ThrottlingException,
    };

    fn error_of(status: u16, headers: &[(&str, &[u8])], body: &str) -> GetThingError {
        match GetThing::response(&response(status, headers, body)) {
            Err(ResponseError::Service(error)) => error,
            other => panic!("expected a service error, got {other:?}"),
        }
    }

    #[test]
    fn the_code_comes_from_the_header_then_the_body_without_namespace_or_suffix() {
        type Headers<'a> = &'a [(&'a str, &'a [u8])];
        let cases: [(Headers<'_>, &str, &str); 6] = [
            (
                &[(
                    "x-amzn-errortype",
                    b"ThrottlingException:http://internal.amazon.com/",
                )],
                r#"{"message":"slow down"}"#,
                "ThrottlingException",
            ),
            (
                &[],
                r#"{"__type":"aws.ivs#ResourceNotFoundException","message":"gone"}"#,
                "ResourceNotFoundException",
            ),
            (
                &[],
                r#"{"code":"ValidationException","Message":"bad"}"#,
                "ValidationException",
            ),
            (
                &[("x-amzn-errortype", b"AccessDeniedException")],
                r#"{"__type":"Other"}"#,
                "AccessDeniedException",
            ),
            (&[], r#"{"errorMessage":"no code"}"#, ""),
            (&[], "<html>502 Bad Gateway</html>", ""),
        ];
        for (headers, body, code) in cases {
            let error = error_of(400, headers, body);
            assert_eq!(error.service_error().code(), code, "{body}");
        }
        let error = error_of(
            400,
            &[],
            r#"{"code":"ValidationException","Message":"bad"}"#,
        );
        assert_eq!(error.service_error().message(), Some("bad"));
        let error = error_of(400, &[], r#"{"errorMessage":"no code"}"#);
        assert_eq!(error.service_error().message(), Some("no code"));
    }

    #[test]
    fn a_listed_error_is_typed_and_keeps_status_message_and_request_id() {
        let error = error_of(
            404,
            &[("x-amzn-requestid", b"req-1")],
            r#"{"__type":"ResourceNotFoundException","message":"no such thing","resourceId":"t-1"}"#,
        );
        let GetThingError::ResourceNotFoundException(exception, meta) = &error else {
            panic!("typed, not {error:?}")
        };
        assert_eq!(
            exception,
            &ResourceNotFoundException::new()
                .message("no such thing")
                .resource_id("t-1")
        );
        assert_eq!(
            (
                meta.status(),
                meta.code(),
                meta.message(),
                meta.request_id()
            ),
            (
                404,
                "ResourceNotFoundException",
                Some("no such thing"),
                Some("req-1")
            )
        );
        assert_eq!(
            error.to_string(),
            "ResourceNotFoundException (HTTP 404): no such thing (request id req-1)"
        );
        assert_eq!(
            exception.to_string(),
            "ResourceNotFoundException: no such thing"
        );
        let source = std::error::Error::source(&error).expect("the exception is the source");
        assert_eq!(
            source.to_string(),
            "ResourceNotFoundException: no such thing"
        );
    }

    #[test]
    fn an_exception_member_bound_to_a_header_is_read_from_the_headers() {
        let error = error_of(
            429,
            &[
                ("x-amzn-errortype", b"ThrottlingException"),
                ("retry-after", b"5"),
            ],
            r#"{"message":"slow down"}"#,
        );
        let GetThingError::ThrottlingException(exception, _) = &error else {
            panic!("typed, not {error:?}")
        };
        assert_eq!(
            exception,
            &ThrottlingException::new("slow down").retry_after_seconds(5)
        );
        // A header that is not what the model says leaves the error unhandled, as a body does.
        let error = error_of(
            429,
            &[
                ("x-amzn-errortype", b"ThrottlingException"),
                ("retry-after", b"soon"),
            ],
            r#"{"message":"slow down"}"#,
        );
        assert!(matches!(error, GetThingError::Unhandled(_)), "{error:?}");
    }

    #[test]
    fn an_unlisted_code_or_an_unreadable_body_is_unhandled() {
        let error = error_of(500, &[], r#"{"__type":"InternalServerException"}"#);
        assert!(matches!(error, GetThingError::Unhandled(_)), "{error:?}");
        // ThrottlingException requires `message`: a body without it cannot be the typed error.
        let error = error_of(429, &[], r#"{"__type":"ThrottlingException"}"#);
        assert!(matches!(error, GetThingError::Unhandled(_)), "{error:?}");
        assert_eq!(error.service_error().status(), 429);
    }

    #[test]
    fn write_error_is_read_back_as_the_same_error() {
        let error = GetThingError::from(
            ServiceError::new(404, "ResourceNotFoundException")
                .with_message("gone")
                .with_request_id("req-2")
                .with_body(r#"{"message":"gone","resourceId":"x"}"#),
        );
        let written = GetThing::write_error(&error);
        insta::assert_snapshot!(show_response(&written), @r#"
        HTTP 404
        content-length: 35
        content-type: application/json
        x-amzn-errortype: ResourceNotFoundException
        x-amzn-requestid: req-2

        {"message":"gone","resourceId":"x"}
        "#);
        match GetThing::response(&written) {
            Err(ResponseError::Service(read)) => assert_eq!(read, error),
            other => panic!("{other:?}"),
        }
        let plain = ServiceError::new(503, "ServiceUnavailable").with_message("later");
        let read = match GetThing::response(&plain.to_response()) {
            Err(ResponseError::Service(read)) => read,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            (read.service_error().code(), read.service_error().message()),
            ("ServiceUnavailable", Some("later"))
        );
    }

    #[test]
    fn the_host_prefix_is_filled_and_checked() {
        let request =
            SendData::request(&SendDataRequest::new("123456789012").data("x")).expect("built");
        insta::assert_snapshot!(show_request(&request), @r#"
        POST /data
        (host prefix: 123456789012.data.)
        content-length: 39
        content-type: application/json

        {"accountId":"123456789012","data":"x"}
        "#);
        assert_eq!(SendData::HOST_PREFIX, Some("{accountId}.data."));
        let error = SendData::request(&SendDataRequest::new("evil.com/")).expect_err("not a label");
        assert_eq!(error.path(), "accountId");
        assert!(
            GetThing::request(&GetThingRequest::new("a"))
                .expect("built")
                .extensions()
                .get::<ivs_models::HostPrefix>()
                .is_none()
        );
    }
}

mod aws_json {
    use super::*;
    use fixtures::json_protocol::operation::{GetItem, GetItemError, ListTables};
    use fixtures::json_protocol::{GetItemInput, GetItemOutput, ListTablesOutput};

    #[test]
    fn every_member_travels_in_the_body_of_a_post_to_the_root() {
        let input = GetItemInput::new("users")
            .key("k/1")
            .since(time("2024-10-15T17:30:00Z"));
        insta::assert_snapshot!(round_trip::<GetItem>(&input), @r#"
        POST /
        content-length: 52
        content-type: application/x-amz-json-1.1
        x-amz-target: Demo_20240101.GetItem

        {"TableName":"users","Key":"k/1","Since":1729013400}
        "#);
    }

    #[test]
    fn no_input_is_an_empty_object() {
        let request = ListTables::request(&ivs_models::Empty::default()).expect("built");
        insta::assert_snapshot!(show_request(&request), @r"
        POST /
        content-length: 2
        content-type: application/x-amz-json-1.1
        x-amz-target: Demo_20240101.ListTables

        {}
        ");
        assert!(ListTables::parse_request(&request).is_ok());
        let output = ListTablesOutput::new().table_names(["a", "b"]);
        insta::assert_snapshot!(response_round_trip::<ListTables>(&output), @r#"
        HTTP 200
        content-length: 24
        content-type: application/x-amz-json-1.1

        {"TableNames":["a","b"]}
        "#);
    }

    #[test]
    fn a_request_for_another_target_is_not_parsed() {
        let request = ListTables::request(&ivs_models::Empty::default()).expect("built");
        let error = GetItem::parse_request(&request).expect_err("another operation");
        assert_eq!(
            error.to_string(),
            "invalid request: `X-Amz-Target`: expected `Demo_20240101.GetItem`, found `Demo_20240101.ListTables`"
        );
    }

    #[test]
    fn errors_are_read_from_the_type_with_its_namespace() {
        let body =
            r#"{"__type":"com.amazonaws.demo#ResourceNotFoundException","message":"no table"}"#;
        let error = match GetItem::response(&response(400, &[], body)) {
            Err(ResponseError::Service(error)) => error,
            other => panic!("{other:?}"),
        };
        let GetItemError::ResourceNotFoundException(exception, meta) = &error else {
            panic!("typed, not {error:?}")
        };
        assert_eq!(exception.message.as_deref(), Some("no table"));
        assert_eq!(meta.code(), "ResourceNotFoundException");
        let read = GetItem::response(&response(200, &[], r#"{"Item":"x"}"#)).expect("read");
        assert_eq!(read, GetItemOutput::new().item("x"));
    }
}

mod rest_xml {
    use super::*;
    use fixtures::xml_protocol::operation::GetThing;
    use fixtures::xml_protocol::{GetThingRequest, GetThingResponse};

    #[test]
    fn the_client_half_binds_the_uri_and_reads_xml() {
        let request = GetThing::request(&GetThingRequest::new("a b")).expect("a request");
        assert_eq!(request.uri(), "/things/a%20b");
        assert!(request.body().is_empty());
        let body = "<GetThingResponse><name>n &amp; m</name></GetThingResponse>";
        let read = GetThing::response(&response(200, &[], body)).expect("read");
        assert_eq!(read, GetThingResponse::new().name("n & m"));
        // Errors from S3's bare `<Error>` and from `<ErrorResponse><Error>`.
        for body in [
            "<Error><Code>NoSuchThing</Code><Message>gone</Message><RequestId>r1</RequestId></Error>",
            "<ErrorResponse><Error><Code>NoSuchThing</Code><Message>gone</Message></Error><RequestId>r1</RequestId></ErrorResponse>",
        ] {
            let Err(ResponseError::Service(error)) = GetThing::response(&response(404, &[], body))
            else {
                panic!("a service error");
            };
            assert_eq!(
                (error.code(), error.message(), error.request_id()),
                ("NoSuchThing", Some("gone"), Some("r1"))
            );
        }
        // A body that is no XML is an error naming it.
        let error = GetThing::response(&response(200, &[], "{\"name\": 1}")).expect_err("no XML");
        assert!(error.to_string().contains("XML"), "{error}");
    }

    #[test]
    fn the_server_half_reads_what_the_client_half_writes() {
        round_trip::<GetThing>(&GetThingRequest::new("a/b c"));
        let shown = response_round_trip::<GetThing>(&GetThingResponse::new().name("n & m"));
        assert!(
            shown.contains("<GetThingResponse><name>n &amp; m</name></GetThingResponse>"),
            "{shown}"
        );
        let error = ServiceError::new(404, "NoSuchThing")
            .with_message("gone")
            .with_request_id("r1");
        let written = GetThing::write_error(&error);
        let Err(ResponseError::Service(read)) = GetThing::response(&written) else {
            panic!("a service error");
        };
        assert_eq!(
            (
                read.status(),
                read.code(),
                read.message(),
                read.request_id()
            ),
            (404, "NoSuchThing", Some("gone"), Some("r1"))
        );
        // A request for another path is refused, naming it.
        let mut other = GetThing::request(&GetThingRequest::new("a")).expect("a request");
        *other.uri_mut() = ivs_models::http::Uri::from_static("/other/a");
        let error = GetThing::parse_request(&other).expect_err("another path");
        assert_eq!(error.path(), "path");
    }
}

mod unsupported_protocol {
    use super::*;
    use fixtures::unknown_protocol::GetThingRequest;
    use fixtures::unknown_protocol::operation::GetThing;

    #[test]
    fn every_wire_function_says_there_is_no_wire_form() {
        let error = GetThing::request(&GetThingRequest::new("a")).expect_err("no wire form");
        assert_eq!(
            error.to_string(),
            "invalid request: `protocol`: the `rest-yaml` protocol has no wire form in this crate"
        );
        let error = GetThing::response(&response(200, &[], "<xml/>")).expect_err("no wire form");
        assert!(
            error
                .to_string()
                .ends_with("the `rest-yaml` protocol has no wire form in this crate"),
            "{error}"
        );
        // An error status is still read as the service's error.
        assert!(matches!(
            GetThing::response(&response(500, &[], "")),
            Err(ResponseError::Service(_))
        ));
        let written = GetThing::write_response(&Default::default());
        assert_eq!(written.status(), 500);
        // The types are complete, with their serde form.
        let thing: fixtures::unknown_protocol::GetThingResponse =
            serde_json::from_str(r#"{"name":"n"}"#).expect("serde");
        assert_eq!(thing.name.as_deref(), Some("n"));
    }
}

mod unions {
    use super::*;
    use fixtures::unions::operation::PutRule;
    use fixtures::unions::{PutRuleRequest, Range, Rule};

    fn read(json: &str) -> Result<Rule, String> {
        serde_json::from_str::<Rule>(json).map_err(|e| e.to_string())
    }

    #[test]
    fn exactly_one_member_is_set_on_the_wire() {
        let input = PutRuleRequest::new(Rule::Not(Box::new(Rule::Range(Range::new().low(1)))))
            .fallback(Rule::After(time("2024-10-15T17:30:00Z")));
        insta::assert_snapshot!(round_trip::<PutRule>(&input), @r#"
        POST /rules
        content-length: 68
        content-type: application/json

        {"rule":{"not":{"range":{"low":1}}},"fallback":{"after":1729013400}}
        "#);
        assert_eq!(read(r#"{"text": "a"}"#), Ok(Rule::Text("a".to_owned())));
        assert_eq!(
            read(r#"{"unknown": "u"}"#),
            Ok(Rule::UnknownValue("u".to_owned()))
        );
        // A member given as null is not set.
        assert_eq!(
            read(r#"{"text": null, "range": {}}"#),
            Ok(Rule::Range(Range::new()))
        );
        // A `__type` key names the union's type, not a member.
        assert_eq!(
            read(r#"{"__type": "demo#Rule", "text": "a"}"#),
            Ok(Rule::Text("a".to_owned()))
        );
        assert!(read(r#"{"text": "a"}"#).expect("read").is_text());
        assert_eq!(read(r#"{"text": "a"}"#).expect("read").as_range(), None);
    }

    #[test]
    fn none_or_two_members_are_errors() {
        assert_eq!(
            read("{}"),
            Err(
                "a union needs one member set, and this one has none at line 1 column 2".to_owned()
            )
        );
        assert_eq!(
            read(r#"{"text": "a", "range": {}}"#),
            Err(
                "a union has exactly one member set, and this one has more at line 1 column 26"
                    .to_owned()
            )
        );
        assert!(read(r#"{"text": 5}"#).is_err());
        assert!(read(r#""text""#).is_err());
        let error =
            PutRule::response(&response(200, &[], r#"{"rule": {}}"#)).expect_err("no member");
        assert_eq!(
            error.to_string(),
            "malformed response (HTTP 200): `rule`: a union needs one member set, and this one has none"
        );
    }

    #[test]
    fn an_unknown_member_is_kept_and_written_back() {
        let rule = read(r#"{"regex": {"pattern": "a+", "flags": [1, null]}}"#).expect("read");
        let Rule::Unknown(member) = &rule else {
            panic!("unknown, not {rule:?}")
        };
        assert_eq!(member.name(), "regex");
        // Written back as received (a JSON object's members in name order).
        assert_eq!(
            serde_json::to_value(&rule).expect("written"),
            serde_json::json!({"regex": {"pattern": "a+", "flags": [1, null]}})
        );
    }

    #[test]
    fn a_member_of_floats_writes_non_finite_ones_as_strings() {
        let rule = Rule::Weights(vec![0.5, f64::INFINITY, f64::NEG_INFINITY]);
        let json = r#"{"weights":[0.5,"Infinity","-Infinity"]}"#;
        assert_eq!(serde_json::to_string(&rule).expect("written"), json);
        assert_eq!(read(json), Ok(rule));
        let Ok(Rule::Weights(weights)) = read(r#"{"weights": ["NaN", 2]}"#) else {
            panic!("weights")
        };
        assert!(weights[0].is_nan());
        assert_eq!(weights[1], 2.0);
    }

    #[test]
    fn a_secret_member_is_not_printed() {
        let debug = format!("{:?}", Rule::Password("hunter2".to_owned()));
        assert_eq!(debug, "Password(*** Sensitive Data Redacted ***)");
        assert_eq!(format!("{:?}", Rule::Text("a".to_owned())), r#"Text("a")"#);
    }
}

mod documents {
    use super::*;
    use fixtures::documents::Settings;
    use fixtures::documents::operation::PutSettings;

    #[test]
    fn a_document_loses_nothing() {
        let json = r#"{"value":{"a":[1,-2,18446744073709551615,1.5,null,true,"x",{"b":{}}]},"history":[null,[],"s"]}"#;
        let settings: Settings = serde_json::from_str(json).expect("read");
        assert_eq!(serde_json::to_string(&settings).expect("written"), json);
        let request = PutSettings::request(&settings).expect("built");
        assert_eq!(request.body(), json.as_bytes());
        assert_eq!(
            PutSettings::parse_request(&request).expect("read"),
            settings
        );
    }
}

mod streaming {
    use super::*;
    use fixtures::streaming::operation::{GetMedia, Subscribe};
    use fixtures::streaming::{EventStream, GetMediaResponse, MessageEvent, SubscribeRequest};
    use ivs_models::{Blob, Streaming};

    #[test]
    fn operations_say_how_they_stream() {
        assert_eq!(GetMedia::STREAMING, Streaming::OutputPayload);
        assert_eq!(Subscribe::STREAMING, Streaming::OutputEvents);
        assert_eq!(
            fixtures::http_labels::operation::GetObject::STREAMING,
            Streaming::None
        );
    }

    #[test]
    fn a_streaming_payload_is_read_whole() {
        let output = GetMediaResponse::new()
            .content_type("video/mp4")
            .payload(Blob::new(vec![0xff, 0, 1]));
        insta::assert_snapshot!(response_round_trip::<GetMedia>(&output), @r"
        HTTP 200
        content-length: 3
        content-type: video/mp4

        <3 bytes: ff0001>
        ");
    }

    #[test]
    fn an_event_streams_request_is_written_and_its_events_read_apart() {
        let request = Subscribe::request(&SubscribeRequest::new().topic("t")).expect("a request");
        assert_eq!(request.body(), br#"{"topic":"t"}"#);
        let event = EventStream::Message(MessageEvent::new().text("hi"));
        let frame = ivs_models::event_stream::encode(
            &ivs_models::wire::EventUnion::write_event(&event).expect("written"),
        )
        .expect("framed");
        let error = Subscribe::response(&response(200, &[], "")).expect_err("read apart");
        assert!(error.to_string().contains("EventReader"), "{error}");
        let read = ivs_models::wire::read_events::<EventStream>(&frame);
        assert_eq!(read, [Ok(event.clone())]);
        assert_eq!(
            serde_json::to_string(&event).expect("written"),
            r#"{"Message":{"text":"hi"}}"#
        );
    }
}

/// The CBOR decoder the protocol suite compares bodies with, apart from the runtime's reader.
#[path = "protocol_suite/cbor.rs"]
mod cbor_oracle;

mod rpc_v2_cbor {
    use super::*;
    use fixtures::cbor_protocol::operation::{ListItems, Ping, PutItem, PutItemError};
    use fixtures::cbor_protocol::{Choice, Color, PingInput, PutItemInput, PutItemOutput};
    use ivs_models::wire::CborWriter;

    /// A request's method, path and headers as a person reads them, and its body decoded.
    fn show(request: &ivs_models::http::Request<Vec<u8>>) -> String {
        let head = show_request(&request.clone().map(|_| Vec::new()));
        let body = if request.body().is_empty() {
            "(no body)".to_owned()
        } else {
            cbor_oracle::decode(request.body())
                .expect("CBOR")
                .to_string()
        };
        format!("{head}{body}")
    }

    /// A member bound to a header travels in the map too, under its `locationName`, as
    /// botocore's serializer writes it.
    #[test]
    fn every_member_travels_in_a_cbor_map_under_its_name() {
        let input = PutItemInput::new("a")
            .tag("t")
            .size(3)
            .since(time("2024-10-15T17:30:00.5Z"))
            .data(vec![1, 2])
            .ratio(f64::NAN)
            .labels(["x", "y"])
            .limits([(Color::Red, 0.5)])
            .color(Color::Green)
            .choice(Choice::Words(vec!["w".to_owned()]))
            .extra(serde_json::json!({"k": [1, "two", null]}));
        let request = PutItem::request(&input).expect("built");
        insta::assert_snapshot!(show(&request), @r#"
        POST /service/Demo_20240101/operation/PutItem
        accept: application/cbor
        content-length: 139
        content-type: application/cbor
        smithy-protocol: rpc-v2-cbor

        {"Choice":{"Words":["w"]},"Color":"green","Data":"bytes:0102","Extra":{"k":[1,"two",null]},"Labels":["x","y"],"Limits":{"red":0.5},"Name":"a","Ratio":"NaN","Since":1729013400.5,"X-Tag":"t","size":3}
        "#);
    }

    #[test]
    fn an_input_without_members_is_an_empty_map_and_no_input_no_body() {
        insta::assert_snapshot!(show(&Ping::request(&PingInput::new()).expect("built")), @r#"
        POST /service/Demo_20240101/operation/Ping
        accept: application/cbor
        content-length: 1
        content-type: application/cbor
        smithy-protocol: rpc-v2-cbor

        {}
        "#);
        insta::assert_snapshot!(show(&ListItems::request(&Default::default()).expect("built")), @r#"
        POST /service/Demo_20240101/operation/ListItems
        accept: application/cbor
        content-length: 0
        smithy-protocol: rpc-v2-cbor

        (no body)
        "#);
    }

    /// An entry of a map: its key, and what writes its value.
    type Entry<'a> = (&'a str, &'a dyn Fn(&mut CborWriter));

    /// A body of `entries`, each a key and a value written by `write`.
    fn body(entries: &[Entry<'_>]) -> Vec<u8> {
        let mut writer = CborWriter::new();
        writer.map(entries.len());
        for (key, write) in entries {
            writer.text(key);
            write(&mut writer);
        }
        writer.finish()
    }

    #[test]
    fn an_output_is_read_from_its_map_skipping_what_it_does_not_know() {
        let bytes = body(&[
            ("Name", &|w| w.text("a")),
            ("Since", &|w| w.timestamp(&time("2024-10-15T17:30:00.5Z"))),
            ("Unknown", &|w| {
                w.list(2);
                w.bytes(b"x");
                w.null();
            }),
            ("Choice", &|w| {
                w.map(2);
                w.text("__type");
                w.text("demo#Choice");
                w.text("Number");
                w.integer(-4);
            }),
            ("Limits", &|w| {
                w.map(2);
                w.text("green");
                w.double(1.5);
                w.text("blue");
                w.null();
            }),
            ("Extra", &|w| w.null()),
        ]);
        let read = PutItem::response(&response(200, &[], bytes)).expect("read");
        assert_eq!(
            read,
            PutItemOutput::new("a")
                .since(time("2024-10-15T17:30:00.5Z"))
                .choice(Choice::Number(-4))
                .limits([(Color::Green, 1.5)])
        );
    }

    #[test]
    fn an_error_is_named_by_its_type_and_read_as_the_exception() {
        let bytes = body(&[
            ("__type", &|w| {
                w.text("demo.example#ResourceNotFoundException")
            }),
            ("message", &|w| w.text("no item")),
        ]);
        let read = PutItem::response(&response(404, &[("x-amzn-requestid", b"req-1")], bytes));
        let Err(ResponseError::Service(error)) = read else {
            panic!("{read:?}")
        };
        let PutItemError::ResourceNotFoundException(exception, meta) = &error else {
            panic!("typed, not {error:?}")
        };
        assert_eq!(exception.message.as_deref(), Some("no item"));
        assert_eq!(meta.code(), "ResourceNotFoundException");
        assert_eq!(
            (meta.message(), meta.request_id()),
            (Some("no item"), Some("req-1"))
        );
        // No `__type`: the status is the code.
        let read = PutItem::response(&response(503, &[], Vec::new()));
        let Err(ResponseError::Service(error)) = read else {
            panic!("{read:?}")
        };
        assert_eq!(error.service_error().code(), "503");
    }

    #[test]
    fn a_malformed_output_names_the_member() {
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (body(&[]), "`Name`: required member is missing"),
            (
                body(&[("Name", &|w| w.text("a")), ("Limits", &|w| w.list(0))]),
                "`Limits`: expected a map, found a list",
            ),
            (
                body(&[("Name", &|w| w.text("a")), ("Choice", &|w| w.map(0))]),
                "`Choice`: a `Choice` with none of its members set",
            ),
            (
                body(&[
                    ("Name", &|w| w.text("a")),
                    ("Choice", &|w| {
                        w.map(2);
                        w.text("Number");
                        w.integer(1);
                        w.text("Words");
                        w.list(0);
                    }),
                ]),
                "`Choice`: a `Choice` with more than one member set",
            ),
            (
                body(&[
                    ("Name", &|w| w.text("a")),
                    ("Extra", &|w| {
                        for _ in 0..100_000 {
                            w.list(1);
                        }
                        w.integer(0);
                    }),
                ]),
                "`Extra`: CBOR items nested over 100 deep",
            ),
            (
                vec![0xa1, 0x64, b'N', b'a', b'm'],
                "``: the CBOR item declares 4 bytes, and 3 remain",
            ),
        ];
        for (bytes, expected) in cases {
            match PutItem::response(&response(200, &[], bytes)) {
                Err(ResponseError::Malformed(error)) => {
                    assert!(
                        error.to_string().ends_with(expected),
                        "{error} ({expected})"
                    );
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
