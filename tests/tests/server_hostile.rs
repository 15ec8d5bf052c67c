//! Hostile requests to the server half of each protocol whose body is not JSON: `parse_request`
//! of S3's DeleteObjects (restXml), IAM's TagUser (awsQuery), EC2's RunInstances (ec2), all cut
//! from botocore's models, and of the `cbor_protocol` fixture's PutItem (rpcv2Cbor). Each takes
//! a request the client half writes, then every prefix of its body, a member of the wrong type,
//! 100,000 levels of nesting, an entity declaration and a 16 MiB body: each is read or refused
//! with an error (naming the member where one is wrong), and none panics.

#[allow(unused_macros)]
mod common;

#[allow(dead_code, missing_docs, clippy::all)]
mod botocore {
    pub mod s3_models {
        include!(concat!(env!("OUT_DIR"), "/botocore_s3.rs"));
    }
    pub mod iam_models {
        include!(concat!(env!("OUT_DIR"), "/botocore_iam.rs"));
    }
    pub mod ec2_models {
        include!(concat!(env!("OUT_DIR"), "/botocore_ec2.rs"));
    }
}

/// The code the generator emits for every emit fixture, compiled here.
#[allow(dead_code)]
mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/emit_fixtures.rs"));
}

use std::panic::{AssertUnwindSafe, catch_unwind};

use botocore::ec2_models::ec2::operation::RunInstances;
use botocore::iam_models::iam::operation::TagUser;
use botocore::s3_models::s3::operation::DeleteObjects;
use fixtures::cbor_protocol::operation::PutItem;
use ivs_models::{Operation, RequestError, http};
use serde_json::json;

/// 16 MiB.
const HUGE: usize = 16 << 20;

/// The input `params` (its serde form) as operation `O`'s request, and that request read back
/// (the params set what `request` would fill: an idempotency token, a checksum algorithm).
fn valid<O: Operation>(params: serde_json::Value) -> http::Request<Vec<u8>> {
    let input: O::Input = serde_json::from_value(params).expect("the params are an input");
    let request = O::request(&input).expect("the client half writes it");
    let parsed = O::parse_request(&request).expect("the server half reads it");
    assert_eq!(parsed, input, "parse_request(request(input)) == input");
    request
}

/// `request` with its body replaced by `body`.
fn with_body(request: &http::Request<Vec<u8>>, body: Vec<u8>) -> http::Request<Vec<u8>> {
    let mut changed = http::Request::new(body);
    *changed.method_mut() = request.method().clone();
    *changed.uri_mut() = request.uri().clone();
    *changed.headers_mut() = request.headers().clone();
    changed
}

/// What `parse_request` makes of `body` in `request`; a panic fails the test, naming `what`.
fn parse<O: Operation>(
    request: &http::Request<Vec<u8>>,
    body: Vec<u8>,
    what: &str,
) -> Result<O::Input, RequestError> {
    let request = with_body(request, body);
    catch_unwind(AssertUnwindSafe(|| O::parse_request(&request)))
        .unwrap_or_else(|_| panic!("{}: parse_request panics on {what}", O::NAME))
}

/// `parse_request` of `body` is an error whose member path contains `member`.
fn refused<O: Operation>(
    request: &http::Request<Vec<u8>>,
    body: Vec<u8>,
    what: &str,
    member: &str,
) {
    match parse::<O>(request, body, what) {
        Ok(input) => panic!("{}: {what} is read as {input:?}", O::NAME),
        Err(error) => assert!(
            error.path().contains(member),
            "{}: the error for {what} names `{}`, not `{member}`: {error}",
            O::NAME,
            error.path()
        ),
    }
}

/// Every prefix of the body of `request` is read or refused, and none panics; some are refused.
fn prefixes<O: Operation>(request: &http::Request<Vec<u8>>) -> usize {
    let body = request.body();
    let refused = (0..body.len())
        .filter(|end| parse::<O>(request, body[..*end].to_vec(), "a prefix of the body").is_err())
        .count();
    assert!(refused > 0, "{}: no prefix of the body is refused", O::NAME);
    refused
}

/// `text` with its only occurrence of `from` replaced by `to`, as bytes.
fn edit(text: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(text);
    assert_eq!(text.matches(from).count(), 1, "`{from}` once in {text}");
    text.replace(from, to).into_bytes()
}

#[test]
fn rest_xml_requests() {
    let request = valid::<DeleteObjects>(json!({
        "Bucket": "bucket",
        "ChecksumAlgorithm": "CRC32",
        "Delete": {"Objects": [{"Key": "a"}, {"Key": "b"}], "Quiet": true},
    }));
    let body = request.body().clone();
    prefixes::<DeleteObjects>(&request);
    refused::<DeleteObjects>(
        &request,
        edit(&body, "<Quiet>true</Quiet>", "<Quiet>yes</Quiet>"),
        "a boolean that is not one",
        "Quiet",
    );
    let deep = format!(
        "<Delete>{}{}</Delete>",
        "<Object>".repeat(100_000),
        "</Object>".repeat(100_000)
    );
    refused::<DeleteObjects>(&request, deep.into_bytes(), "100,000 nested elements", "");
    let entity = r#"<?xml version="1.0"?><!DOCTYPE Delete [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Delete><Object><Key>&b;</Key></Object></Delete>"#;
    refused::<DeleteObjects>(&request, entity.into(), "an entity declaration", "");
    let huge = format!(
        "<Delete><Object><Key>{}</Key></Object></Delete>",
        "k".repeat(HUGE)
    );
    let input = parse::<DeleteObjects>(&request, huge.into_bytes(), "a 16 MiB key")
        .expect("a long key is a key");
    let key = input
        .delete
        .objects
        .first()
        .map_or(0, |object| object.key.len());
    assert_eq!(key, HUGE);
}

#[test]
fn query_requests() {
    let request = valid::<TagUser>(json!({
        "UserName": "user",
        "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}],
    }));
    let body = request.body().clone();
    prefixes::<TagUser>(&request);
    refused::<TagUser>(
        &request,
        edit(&body, "Action=TagUser", "Action=GetUser"),
        "another operation",
        "Action",
    );
    refused::<TagUser>(
        &request,
        edit(&body, "Tags.member.2.Key=b", "Tags.member.1.Key=b"),
        "a key given twice",
        "Tags.member.1.Key",
    );
    refused::<TagUser>(
        &request,
        b"Action=TagUser&Version=2010-05-08&UserName=%ff".to_vec(),
        "text that is not UTF-8",
        "UserName",
    );
    // Keys no member reads are passed over, however deep.
    let deep = format!(
        "{}&Tags{}=x",
        String::from_utf8_lossy(&body),
        ".member.1".repeat(100_000)
    );
    parse::<TagUser>(&request, deep.into_bytes(), "a key 100,000 parts deep").expect("read");
    // A form's text is text: an entity declaration is a value like any other.
    let entity = "<!DOCTYPE a [<!ENTITY b \"c\">]>&b;";
    let form = format!(
        "{}&Tags.member.3.Key=e&Tags.member.3.Value={}",
        String::from_utf8_lossy(&body),
        entity.replace('&', "%26").replace(' ', "%20")
    );
    let input =
        parse::<TagUser>(&request, form.into_bytes(), "an entity declaration").expect("read");
    assert_eq!(
        input.tags.last().map(|tag| tag.value.as_str()),
        Some(entity)
    );
    // 16 MiB of tags: read as a list of a few hundred thousand.
    let mut huge = String::from("Action=TagUser&Version=2010-05-08&UserName=u");
    let mut count = 0;
    while huge.len() < HUGE {
        count += 1;
        huge.push_str(&format!(
            "&Tags.member.{count}.Key=k&Tags.member.{count}.Value=v"
        ));
    }
    let input = parse::<TagUser>(&request, huge.into_bytes(), "a 16 MiB form").expect("read");
    assert_eq!(input.tags.len(), count);
    // 16 MiB of short pairs: more than a form may hold.
    let mut many = String::with_capacity(HUGE + 16);
    let mut index = 0;
    while many.len() < HUGE {
        index += 1;
        many.push_str(&format!("k{index}=&"));
    }
    assert!(index > 1_000_000);
    refused::<TagUser>(&request, many.into_bytes(), "2 million pairs", "body");
}

#[test]
fn ec2_requests() {
    let request = valid::<RunInstances>(json!({
        "ImageId": "ami-1",
        "ClientToken": "token",
        "MinCount": 1,
        "MaxCount": 2,
        "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "k", "Value": "v"}]}],
    }));
    let body = request.body().clone();
    prefixes::<RunInstances>(&request);
    refused::<RunInstances>(
        &request,
        edit(&body, "MaxCount=2", "MaxCount=two"),
        "an integer that is not one",
        "MaxCount",
    );
    refused::<RunInstances>(
        &request,
        edit(&body, "MinCount=1", "MinCount=99999999999"),
        "an integer out of range",
        "MinCount",
    );
    refused::<RunInstances>(
        &request,
        edit(&body, "Version=", "Version=1999-01-01&Old="),
        "another API version",
        "Version",
    );
    let deep = format!(
        "{}&TagSpecification{}=x",
        String::from_utf8_lossy(&body),
        ".1.Tag".repeat(100_000)
    );
    parse::<RunInstances>(&request, deep.into_bytes(), "a key 100,000 parts deep").expect("read");
    let huge = format!(
        "{}&ImageId2={}",
        String::from_utf8_lossy(&body),
        "a".repeat(HUGE)
    );
    parse::<RunInstances>(&request, huge.into_bytes(), "a 16 MiB form").expect("read");
}

/// The CBOR head of major type `major` with a short argument `argument` (< 24).
fn head(major: u8, argument: u8) -> u8 {
    major << 5 | argument
}

/// A CBOR text string of fewer than 24 bytes.
fn text(text: &str) -> Vec<u8> {
    let mut bytes = vec![head(3, text.len() as u8)];
    bytes.extend(text.as_bytes());
    bytes
}

#[test]
fn rpc_v2_cbor_requests() {
    let request = valid::<PutItem>(json!({
        "Name": "item",
        "Size": 3,
        "Labels": ["a", "b"],
        "Limits": {"red": 0.5},
    }));
    prefixes::<PutItem>(&request);
    // {"Name": "item", "size": "three"}
    let mut wrong = vec![head(5, 2)];
    wrong.extend(text("Name"));
    wrong.extend(text("item"));
    wrong.extend(text("size"));
    wrong.extend(text("three"));
    refused::<PutItem>(&request, wrong, "text for an integer", "Size");
    // {"Name": "item", "Labels": [[[...]]]}, 100,000 lists deep.
    let mut deep = vec![head(5, 2)];
    deep.extend(text("Name"));
    deep.extend(text("item"));
    deep.extend(text("Labels"));
    deep.extend(std::iter::repeat_n(head(4, 1), 100_000));
    deep.extend(text("x"));
    refused::<PutItem>(&request, deep, "100,000 nested lists", "Labels");
    // A text of 16 MiB declared, and none of it there.
    let mut cut = vec![head(5, 1)];
    cut.extend(text("Name"));
    cut.extend([head(3, 26), 0x01, 0x00, 0x00, 0x00]);
    refused::<PutItem>(&request, cut, "a length past the end of the body", "Name");
    // A 16 MiB name, all there.
    let mut huge = vec![head(5, 1)];
    huge.extend(text("Name"));
    huge.push(head(3, 26));
    huge.extend(u32::try_from(HUGE).expect("fits").to_be_bytes());
    huge.extend(std::iter::repeat_n(b'n', HUGE));
    let input = parse::<PutItem>(&request, huge, "a 16 MiB name").expect("read");
    assert_eq!(input.name.len(), HUGE);
    // The protocol's header and path are checked.
    let mut other = with_body(&request, request.body().clone());
    other.headers_mut().remove("smithy-protocol");
    let error = PutItem::parse_request(&other).expect_err("no smithy-protocol");
    assert_eq!(error.path(), "smithy-protocol");
    let mut other = with_body(&request, request.body().clone());
    *other.uri_mut() = http::Uri::from_static("/service/Other/operation/PutItem");
    let error = PutItem::parse_request(&other).expect_err("another service");
    assert_eq!(error.path(), "path");
}
