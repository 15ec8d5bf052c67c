//! The client against a real restXml endpoint: moto's server (PyPI `moto[server]`, pinned in
//! `tests/python/requirements.txt`) on 127.0.0.1, answering S3 as generated from botocore's own
//! model: a bucket made and its region read back, binary objects written and read back, a listing page by page, objects
//! deleted in a batch, and `NoSuchKey` read as the operation's error; and S3 Select's event stream
//! (its records, stats and end events) read from moto's answer. Then the same client against a
//! tiny S3 of this crate's own, in process: a scripted server whose every answer is the server
//! half of the generated operations (`parse_request`, `write_response`, `write_error`).

mod client_support;

#[allow(dead_code, missing_docs, clippy::all)]
mod botocore {
    include!(concat!(env!("OUT_DIR"), "/botocore_s3.rs"));
}

use botocore::s3;
use botocore::s3::operation::{
    CreateBucket, DeleteObjects, GetBucketLocation, GetObject, GetObjectError, ListObjectsV2,
    PutObject, SelectObjectContent,
};
use ivs_models::client::{Error, ServiceInfo, ServiceOperation};
use ivs_models::{Blob, Operation};

use client_support::{Moto, REGION, client, credentials};

/// S3 as the generated client glue describes it.
const S3: ServiceInfo = ServiceInfo {
    service_id: s3::SERVICE_ID,
    endpoint_prefix: s3::ENDPOINT_PREFIX,
    signing_name: s3::SIGNING_NAME,
    endpoint_rules: None,
};

macro_rules! s3_operations {
    ($($operation:ty),*) => {
        $(impl ServiceOperation for $operation {
            const SERVICE: ServiceInfo = S3;
        })*
    };
}

s3_operations!(
    CreateBucket,
    GetBucketLocation,
    PutObject,
    GetObject,
    ListObjectsV2,
    DeleteObjects
);

/// The base64 of the big-endian CRC32 (IEEE) of `bytes`, computed apart from the crate's.
fn crc32(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(ivs_tests::crc32(bytes).to_be_bytes())
}

/// Every byte value, so that a body that is not passed through as bytes shows.
fn binary() -> Vec<u8> {
    (0..=255u8).cycle().take(1000).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_against_moto() {
    let moto = Moto::start();
    let client = client(&moto.endpoint);
    let bucket = "generated-crate-bucket";

    // Outside us-east-1 the bucket names its region: a payload structure, in S3's namespace.
    let create = s3::CreateBucketRequest::new(bucket).create_bucket_configuration(
        s3::CreateBucketConfiguration::new()
            .location_constraint(s3::BucketLocationConstraint::from(REGION)),
    );
    let request = CreateBucket::request(&create).expect("a request");
    assert_eq!(
        String::from_utf8_lossy(request.body()),
        "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
         <LocationConstraint>us-west-2</LocationConstraint></CreateBucketConfiguration>"
    );
    client
        .send::<CreateBucket>(create)
        .await
        .expect("CreateBucket");
    // The answer is a bare `<LocationConstraint>`, not an element holding it.
    let location = client
        .send::<GetBucketLocation>(s3::GetBucketLocationRequest::new(bucket))
        .await
        .expect("GetBucketLocation");
    assert_eq!(
        location.location_constraint.as_ref().map(|l| l.as_str()),
        Some(REGION)
    );

    // Binary bytes go up and come back as they were, under keys that need encoding.
    // A control character XML 1.0 cannot carry is listed URL-encoded, as the listing asks.
    let keys = ["a/b c.bin", "a/ü+x.bin", "b.bin", "c.bin", "d\u{1}.bin"];
    for key in keys {
        let put = client
            .send::<PutObject>(s3::PutObjectRequest::new(bucket, key).body(Blob::from(binary())))
            .await
            .expect("PutObject");
        assert!(put.e_tag.is_some(), "{put:?}");
    }
    let object = client
        .send::<GetObject>(s3::GetObjectRequest::new(bucket, "a/ü+x.bin"))
        .await
        .expect("GetObject");
    assert_eq!(
        object.body.as_ref().map(Blob::as_bytes),
        Some(binary().as_slice())
    );
    assert_eq!(object.content_length, Some(1000));
    // Asked for, the object's CRC32 (sent with PutObject) comes back and is checked.
    let checked = client
        .send::<GetObject>(
            s3::GetObjectRequest::new(bucket, "b.bin").checksum_mode(s3::ChecksumMode::Enabled),
        )
        .await
        .expect("GetObject with its checksum");
    assert_eq!(
        checked.checksum_crc32.as_deref(),
        Some(crc32(&binary()).as_str())
    );
    // Another algorithm named by the request is computed, stored and checked the same way: the
    // SHA-256 of the bytes, as Python's hashlib computes it.
    let sha256 = "qK8Jm/LoeGCVWNv2nY+I9KMQQKjPhLVJoM+pEvEv/D8=";
    client
        .send::<PutObject>(
            s3::PutObjectRequest::new(bucket, "sha.bin")
                .body(Blob::from(binary()))
                .checksum_algorithm(s3::ChecksumAlgorithm::Sha256),
        )
        .await
        .expect("PutObject with SHA-256");
    let checked = client
        .send::<GetObject>(
            s3::GetObjectRequest::new(bucket, "sha.bin").checksum_mode(s3::ChecksumMode::Enabled),
        )
        .await
        .expect("GetObject with its SHA-256");
    assert_eq!(checked.checksum_sha256.as_deref(), Some(sha256));
    let corrupt = ivs_models::http::Response::builder()
        .status(200)
        .header("x-amz-checksum-sha256", sha256)
        .body(b"not the object".to_vec())
        .expect("a response");
    let error = GetObject::response(&corrupt).expect_err("a corrupt body");
    assert!(error.to_string().contains("SHA256"), "{error}");
    // A body that does not match its checksum is an error, not data.
    let corrupt = ivs_models::http::Response::builder()
        .status(200)
        .header("x-amz-checksum-crc32", crc32(&binary()))
        .body(b"not the object".to_vec())
        .expect("a response");
    let error = GetObject::response(&corrupt).expect_err("a corrupt body");
    assert!(error.to_string().contains("corrupt"), "{error}");

    // A listing asks for URL-encoded keys unless the caller chose (botocore asks the same), and
    // reads them decoded.
    let uri = |request: s3::ListObjectsV2Request| {
        ListObjectsV2::request(&request)
            .expect("a request")
            .uri()
            .to_string()
    };
    assert!(uri(s3::ListObjectsV2Request::new(bucket)).contains("encoding-type=url"));
    let chosen = s3::ListObjectsV2Request::new(bucket).encoding_type(s3::EncodingType::Url);
    assert_eq!(uri(chosen).matches("encoding-type=url").count(), 1);
    // A listing of two keys a page follows the continuation token to the end.
    let mut listed = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        let mut request = s3::ListObjectsV2Request::new(bucket).max_keys(2);
        if let Some(token) = token.take() {
            request = request.continuation_token(token);
        }
        let page = client
            .send::<ListObjectsV2>(request)
            .await
            .expect("ListObjectsV2");
        pages += 1;
        listed.extend(
            page.contents
                .unwrap_or_default()
                .into_iter()
                .filter_map(|object| object.key),
        );
        match page.next_continuation_token {
            Some(next) if page.is_truncated == Some(true) => token = Some(next),
            _ => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(listed, [&keys[..], &["sha.bin"]].concat());

    // A batch delete, which S3 requires a checksum of (CRC32 by default, as the SDKs send it),
    // then the key is gone: `NoSuchKey` is the operation's modeled error.
    let delete = s3::DeleteObjectsRequest::new(
        bucket,
        s3::Delete::new([
            s3::ObjectIdentifier::new("a/ü+x.bin"),
            s3::ObjectIdentifier::new("b.bin"),
        ]),
    );
    let request = DeleteObjects::request(&delete).expect("a request");
    let crc = request
        .headers()
        .get("x-amz-checksum-crc32")
        .expect("a CRC32 checksum");
    let expected = crc32(request.body());
    assert_eq!(crc.to_str().ok(), Some(expected.as_str()));
    let error = delete_then_read(&client, bucket, delete, 2).await;
    assert_eq!((error.status(), error.code()), (404, "NoSuchKey"));
    assert!(error.request_id().is_some(), "{error:?}");
}

/// `delete` sent, `deleted` objects deleted, then `b.bin` read: the `NoSuchKey` it is.
async fn delete_then_read(
    client: &ivs_models::client::Client,
    bucket: &str,
    delete: s3::DeleteObjectsRequest,
    deleted: usize,
) -> ivs_models::ServiceError {
    let answer = client
        .send::<DeleteObjects>(delete)
        .await
        .expect("DeleteObjects");
    assert_eq!(answer.deleted.map(|d| d.len()), Some(deleted));
    let missing = client
        .send::<GetObject>(s3::GetObjectRequest::new(bucket, "b.bin"))
        .await
        .expect_err("b.bin is deleted");
    let Error::Service(GetObjectError::NoSuchKey(_, error)) = missing else {
        panic!("NoSuchKey, not {missing:?}");
    };
    error
}

/// A bucket's objects, by key, as the in-process S3 keeps them.
type Objects = std::sync::Arc<std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>>;

/// The in-process S3's answer to `request`: whichever of the operations reads it, answered by
/// its server half.
fn own_s3(
    objects: &Objects,
    request: &ivs_models::http::Request<Vec<u8>>,
) -> ivs_models::http::Response<Vec<u8>> {
    let mut objects = objects.lock().expect("not poisoned");
    if let Ok(put) = PutObject::parse_request(request) {
        let body = put
            .body
            .map(|body| body.as_bytes().to_vec())
            .unwrap_or_default();
        let e_tag = format!("\"{}\"", body.len());
        objects.insert(put.key, body);
        return PutObject::write_response(&s3::PutObjectOutput {
            e_tag: Some(e_tag),
            ..Default::default()
        });
    }
    if let Ok(get) = GetObject::parse_request(request) {
        return match objects.get(&get.key) {
            Some(body) => GetObject::write_response(&s3::GetObjectOutput {
                body: Some(Blob::from(body.clone())),
                content_length: Some(body.len() as i64),
                ..Default::default()
            }),
            None => GetObject::write_error(&GetObjectError::NoSuchKey(
                s3::NoSuchKey {},
                ivs_models::ServiceError::new(404, "NoSuchKey")
                    .with_message("The specified key does not exist.")
                    .with_request_id("own-1"),
            )),
        };
    }
    if let Ok(list) = ListObjectsV2::parse_request(request) {
        let contents: Vec<s3::Object> = objects
            .keys()
            .filter(|key| key.starts_with(list.prefix.as_deref().unwrap_or_default()))
            .map(|key| s3::Object {
                key: Some(key.clone()),
                ..Default::default()
            })
            .collect();
        return ListObjectsV2::write_response(&s3::ListObjectsV2Output {
            name: Some(list.bucket),
            key_count: Some(contents.len() as i32),
            contents: Some(contents),
            is_truncated: Some(false),
            ..Default::default()
        });
    }
    if let Ok(delete) = DeleteObjects::parse_request(request) {
        let deleted = delete
            .delete
            .objects
            .into_iter()
            .filter(|object| objects.remove(&object.key).is_some())
            .map(|object| s3::DeletedObject {
                key: Some(object.key),
                ..Default::default()
            })
            .collect();
        return DeleteObjects::write_response(&s3::DeleteObjectsOutput {
            deleted: Some(deleted),
            ..Default::default()
        });
    }
    let error =
        ivs_models::ServiceError::new(400, "InvalidRequest").with_message("no such operation");
    <ivs_models::ServiceError as ivs_models::OperationError>::to_response(&error)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_against_its_own_server_half() {
    use client_support::{Handler, Reply, ScriptedServer};
    let objects = Objects::default();
    let state = objects.clone();
    let handler: Handler = std::sync::Arc::new(move |request| own_s3(&state, request));
    let server = ScriptedServer::start(vec![Reply::Handler(handler)]).await;
    let client = client(&server.endpoint);
    let bucket = "own";

    let keys = ["a/b c.bin", "a/ü+x.bin", "b.bin"];
    for key in keys {
        let put = client
            .send::<PutObject>(s3::PutObjectRequest::new(bucket, key).body(Blob::from(binary())))
            .await
            .expect("PutObject");
        assert_eq!(put.e_tag.as_deref(), Some("\"1000\""));
    }
    let stored: Vec<String> = objects
        .lock()
        .expect("not poisoned")
        .keys()
        .cloned()
        .collect();
    assert_eq!(stored, keys);
    let object = client
        .send::<GetObject>(s3::GetObjectRequest::new(bucket, "a/ü+x.bin"))
        .await
        .expect("GetObject");
    assert_eq!(
        object.body.as_ref().map(Blob::as_bytes),
        Some(binary().as_slice())
    );
    assert_eq!(object.content_length, Some(1000));
    let listed = client
        .send::<ListObjectsV2>(s3::ListObjectsV2Request::new(bucket).prefix("a/"))
        .await
        .expect("ListObjectsV2");
    let listed: Vec<String> = listed
        .contents
        .unwrap_or_default()
        .into_iter()
        .filter_map(|object| object.key)
        .collect();
    assert_eq!(listed, keys[..2]);
    let delete = s3::DeleteObjectsRequest::new(
        bucket,
        s3::Delete::new([
            s3::ObjectIdentifier::new("b.bin"),
            s3::ObjectIdentifier::new("z"),
        ]),
    );
    let error = delete_then_read(&client, bucket, delete, 1).await;
    assert_eq!(
        (
            error.status(),
            error.code(),
            error.message(),
            error.request_id()
        ),
        (
            404,
            "NoSuchKey",
            Some("The specified key does not exist."),
            Some("own-1")
        )
    );
}

/// A ListObjectsV2 answer of `keys` objects, as S3 writes it.
fn listing(keys: usize) -> String {
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult \
         xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>bucket</Name><Prefix></Prefix>\
         <KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>\
         <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>",
    );
    for index in 0..keys {
        body.push_str(&format!(
            "<Contents><Key>photos/2026/{index:06}.jpg</Key>\
             <LastModified>2026-11-30T12:00:00.000Z</LastModified>\
             <ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag><Size>434234</Size>\
             <StorageClass>STANDARD</StorageClass></Contents>"
        ));
    }
    body.push_str("</ListBucketResult>");
    body
}

/// What `ListObjectsV2::response` makes of a 200 response with `body` (an error as its text); a
/// panic fails the test with the body's label.
fn read_listing(label: &str, body: &[u8]) -> Result<s3::ListObjectsV2Output, String> {
    let response = ivs_models::http::Response::builder()
        .status(200)
        .body(body.to_vec())
        .expect("a response");
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        ListObjectsV2::response(&response).map_err(|error| error.to_string())
    }))
    .unwrap_or_else(|_| panic!("{label}: reading the response panicked"))
}

#[test]
fn url_encoded_listings_read_decoded() {
    let encoded = listing(1)
        .replace("<Prefix></Prefix>", "<Prefix>photos%2F2026+%2B</Prefix>")
        .replace(
            "<Key>photos/2026/000000.jpg</Key>",
            "<Key>photos/2026+%2B/%01%C3%BC.jpg</Key>",
        )
        .replace(
            "</ListBucketResult>",
            "<EncodingType>url</EncodingType></ListBucketResult>",
        );
    let read = read_listing("encoded", encoded.as_bytes()).expect("an encoded listing reads");
    assert_eq!(read.prefix.as_deref(), Some("photos/2026 +"));
    let keys: Vec<_> = read
        .contents
        .into_iter()
        .flatten()
        .filter_map(|c| c.key)
        .collect();
    assert_eq!(keys, ["photos/2026 +/\u{1}ü.jpg"]);
    // Not said to be encoded, a value is read as it is.
    let plain = listing(1).replace("<Prefix></Prefix>", "<Prefix>a+b%2B</Prefix>");
    let read = read_listing("plain", plain.as_bytes()).expect("a listing reads");
    assert_eq!(read.prefix.as_deref(), Some("a+b%2B"));
    // Encoded bytes that are not UTF-8 are an error naming the member.
    let bad = encoded.replace("%C3%BC", "%FF");
    let error = read_listing("bad", bad.as_bytes()).expect_err("not UTF-8");
    assert!(error.contains("Contents.Key"), "{error}");
}

#[test]
fn hostile_responses_are_errors_that_name_what_is_wrong() {
    let valid = listing(2);
    let read = read_listing("valid", valid.as_bytes()).expect("a valid listing reads");
    assert_eq!(read.contents.map(|c| c.len()), Some(2));
    assert_eq!(read.max_keys, Some(1000));

    // Wrong types: the error names the member.
    for (from, to, member) in [
        ("<MaxKeys>1000<", "<MaxKeys>many<", "MaxKeys"),
        ("<IsTruncated>true<", "<IsTruncated>maybe<", "IsTruncated"),
        ("<Size>434234<", "<Size>-<", "Size"),
        ("<MaxKeys>1000<", "<MaxKeys>99999999999<", "MaxKeys"),
        (
            "<LastModified>2026-11-30T12:00:00.000Z<",
            "<LastModified>yesterday<",
            "LastModified",
        ),
    ] {
        let body = valid.replacen(from, to, 1);
        let error = read_listing(to, body.as_bytes()).expect_err(to);
        assert!(error.contains(member), "{to}: {error}");
    }

    // Documents that are no XML, or that XML's rules refuse: errors.
    let deep = "<a>".repeat(100_000) + &"</a>".repeat(100_000);
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">\
                  <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\
                  <ListBucketResult><Name>&lol2;</Name></ListBucketResult>";
    let external = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\
                    <ListBucketResult><Name>&x;</Name></ListBucketResult>";
    let undeclared = "<ListBucketResult><Name>&x;</Name></ListBucketResult>";
    for (label, body) in [
        ("100,000 levels", deep.as_str()),
        ("entity expansion", laughs),
        ("an external entity", external),
        ("an undeclared entity", undeclared),
        ("two roots", "<a></a><b></b>"),
        ("not XML", "{\"Name\": \"bucket\"}"),
    ] {
        let error = read_listing(label, body.as_bytes()).expect_err(label);
        assert!(error.contains("XML"), "{label}: {error}");
    }

    // Every prefix of a listing either reads or is an error; none panics.
    let (mut read, mut refused) = (0, 0);
    for end in 0..valid.len() {
        match read_listing("a prefix", &valid.as_bytes()[..end]) {
            Ok(_) => read += 1,
            Err(_) => refused += 1,
        }
    }
    // Only the empty body (an empty output) and white space read.
    assert!(
        refused > valid.len() - 100,
        "{read} read, {refused} refused"
    );

    // Every single-byte change: an output or an error, never a panic.
    for index in 0..valid.len() {
        for byte in [b'<', b'>', b'&', b'/', b'"', 0xff, b'x', b'0'] {
            let mut body = valid.clone().into_bytes();
            body[index] = byte;
            let _ = read_listing("a changed byte", &body);
        }
    }

    // A 16 MiB answer of some 80,000 objects reads whole, into memory of its order.
    let big = listing(80_000);
    assert!(big.len() > 16 << 20, "{} bytes", big.len());
    let read = read_listing("16 MiB", big.as_bytes()).expect("a 16 MiB listing reads");
    assert_eq!(read.contents.map(|c| c.len()), Some(80_000));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_select_events_against_moto() {
    use ivs_models::Timestamp;
    use ivs_models::client::Transport as _;
    use ivs_models::client::sigv4::{self, Scope};
    use ivs_models::client::transport::HyperTransport;
    use ivs_models::wire;

    let moto = Moto::start();
    let client = client(&moto.endpoint);
    let bucket = "select-bucket";
    let create = s3::CreateBucketRequest::new(bucket).create_bucket_configuration(
        s3::CreateBucketConfiguration::new()
            .location_constraint(s3::BucketLocationConstraint::from(REGION)),
    );
    client
        .send::<CreateBucket>(create)
        .await
        .expect("CreateBucket");
    let csv = "name,minutes\nalice,30\nbob,41\ncarol,52\n";
    client
        .send::<PutObject>(
            s3::PutObjectRequest::new(bucket, "watch.csv")
                .body(Blob::from(csv.as_bytes().to_vec())),
        )
        .await
        .expect("PutObject");

    // The request is an ordinary restXml one; its answer's body is the event stream, read by
    // `wire::read_events`, not by `response`.
    let select = s3::SelectObjectContentRequest::new(
        bucket,
        "watch.csv",
        "SELECT * FROM S3Object",
        s3::ExpressionType::Sql,
        s3::InputSerialization::new()
            .csv(s3::CsvInput::new().file_header_info(s3::FileHeaderInfo::Use)),
        s3::OutputSerialization::new().csv(s3::CsvOutput::new()),
    );
    let request = SelectObjectContent::request(&select).expect("a request");
    assert!(
        String::from_utf8_lossy(request.body())
            .contains("<Expression>SELECT * FROM S3Object</Expression>"),
        "{}",
        String::from_utf8_lossy(request.body())
    );
    let (mut parts, body) = request.into_parts();
    parts.uri = format!("{}{}", moto.endpoint.trim_end_matches('/'), parts.uri)
        .parse()
        .expect("a URI");
    let mut request = ivs_models::http::Request::from_parts(parts, body);
    sigv4::sign(
        &mut request,
        &credentials(),
        &Scope {
            region: REGION,
            service: s3::SIGNING_NAME,
        },
        Timestamp::now(),
    )
    .expect("signed");
    let transport = HyperTransport::new(
        std::time::Duration::from_secs(2),
        std::time::Duration::from_secs(10),
    )
    .expect("a transport");
    let response = transport.send(request).await.expect("an answer");
    assert_eq!(response.status(), 200);
    let error = SelectObjectContent::response(&response).expect_err("events are read apart");
    assert!(error.to_string().contains("EventReader"), "{error}");

    let events: Vec<s3::SelectObjectContentEventStream> = wire::read_events(response.body())
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("every event reads");
    let mut records = Vec::new();
    let mut stats = None;
    for event in &events {
        match event {
            s3::SelectObjectContentEventStream::Records(r) => {
                records
                    .extend_from_slice(r.payload.as_ref().map(Blob::as_bytes).unwrap_or_default());
            }
            s3::SelectObjectContentEventStream::Stats(s) => stats = s.details.clone(),
            _ => {}
        }
    }
    let records = String::from_utf8(records).expect("CSV text");
    assert!(
        ["alice,30", "bob,41", "carol,52"]
            .iter()
            .all(|row| records.contains(row)),
        "{records:?}"
    );
    let stats = stats.expect("a Stats event");
    assert!(stats.bytes_scanned.is_some_and(|n| n > 0), "{stats:?}");
    assert!(
        matches!(
            events.last(),
            Some(s3::SelectObjectContentEventStream::End(_))
        ),
        "{events:?}"
    );
}

/// S3 generated with its client glue: endpoint rules, context parameters and botocore's
/// paginators.
#[allow(dead_code, missing_docs, clippy::all)]
mod glued {
    include!(concat!(env!("OUT_DIR"), "/botocore_s3_client.rs"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_objects_v2_through_botocore_s_paginator_against_moto() {
    use glued::s3;
    use glued::s3::client::ListObjectsV2Item;
    use glued::s3::operation::{CreateBucket, ListObjectsV2, PutObject};

    let moto = Moto::start();
    // Through S3's endpoint rules: an IP endpoint gives path-style URLs.
    let client = client(&moto.endpoint);
    let bucket = "paged";
    let create = s3::CreateBucketRequest::new(bucket).create_bucket_configuration(
        s3::CreateBucketConfiguration::new()
            .location_constraint(s3::BucketLocationConstraint::from(REGION)),
    );
    client
        .send::<CreateBucket>(create)
        .await
        .expect("CreateBucket");
    let keys = [
        "a.txt", "b.txt", "c.txt", "d/1.txt", "d/2.txt", "e/1.txt", "f.txt",
    ];
    for key in keys {
        client
            .send::<PutObject>(
                s3::PutObjectRequest::new(bucket, key).body(Blob::from(b"x".to_vec())),
            )
            .await
            .expect("PutObject");
    }

    // Page by page, botocore's tokens (`ContinuationToken` from `NextContinuationToken` while
    // `IsTruncated`), two keys a page through its `limit_key`.
    let mut pages = client
        .pages::<ListObjectsV2>(s3::ListObjectsV2Request::new(bucket))
        .page_size(2);
    let mut listed = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        let page = page.expect("a page");
        count += 1;
        assert_eq!(page.max_keys, Some(2));
        listed.extend(page.contents.into_iter().flatten().filter_map(|o| o.key));
    }
    assert_eq!(listed, keys);
    assert_eq!(count, 4);

    // Items of both result keys, `Contents` and `CommonPrefixes`, page by page.
    let mut items = client
        .pages::<ListObjectsV2>(s3::ListObjectsV2Request::new(bucket).delimiter("/"))
        .page_size(2)
        .items();
    let mut seen = Vec::new();
    while let Some(item) = items.next().await {
        seen.push(match item.expect("an item") {
            ListObjectsV2Item::Contents(object) => object.key.unwrap_or_default(),
            ListObjectsV2Item::CommonPrefixes(prefix) => prefix.prefix.unwrap_or_default(),
        });
    }
    seen.sort();
    assert_eq!(seen, ["a.txt", "b.txt", "c.txt", "d/", "e/", "f.txt"]);
}
