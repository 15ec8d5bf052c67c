//! Signed event streams against other SDKs' vectors: aws-sdk-go-v2's chained chunk signatures
//! (`aws/signer/v4/stream_test.go`, byte-equal signatures of four frames, the last the end
//! frame) and smithy-rs's string to sign of a framed message (`aws-sigv4`
//! `event_stream::tests::string_to_sign`). Then the server half reads what the client half
//! writes, and refuses every frame that is unsigned, wrongly signed, out of the chain, cut short
//! or changed in any one byte.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use codegen_runtime::Timestamp;
use codegen_runtime::client::Credentials;
use codegen_runtime::client::event_signing::{
    self, EventSignatureError, EventSigner, EventVerifier,
};
use codegen_runtime::client::sigv4::{self, Scope};
use codegen_runtime::event_stream::{self, Header, HeaderValue, Message};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn date_time(seconds: i64) -> String {
    Timestamp::from_second(seconds).unwrap().to_basic_iso8601()
}

#[test]
fn aws_sdk_go_v2_chained_signatures() {
    // NewStreamSigner(AKID/SECRET, "transcribestreaming", "us-east-1", seed "foobarbazqux").
    let scope = Scope {
        region: "us-east-1",
        service: "transcribestreaming",
    };
    let cases: [(&[u8], i64, &str); 4] = [
        (
            b"foo",
            10,
            "e3a136405ec1152f62136742efd41f8639cd647a1cf21fab12aedb22cccd8999",
        ),
        (
            b"bar",
            20,
            "92a6ad677e839d3003672cb2cefc71ef80d42e8cb300fefce0807e8398c74068",
        ),
        (
            b"baz",
            30,
            "46d6660bd40f2ff5d6246a347895cabe7f4e89d9e1f4c6dad6dabdc801923be1",
        ),
        (
            b"",
            30,
            "492bcb3e21de447c85f8a9bef6c0eb833e992e405b9b3584be84edaccc5aad18",
        ),
    ];
    let mut previous = b"foobarbazqux".to_vec();
    for (bytes, seconds, expected) in cases {
        // The vector's headers and payload are both the same bytes.
        let signature = event_signing::chunk_signature(
            "SECRET",
            &date_time(seconds),
            &scope,
            &previous,
            bytes,
            bytes,
        );
        assert_eq!(hex(&signature), expected, "the frame of {bytes:?}");
        previous = signature;
    }
}

#[test]
fn smithy_rs_string_to_sign() {
    let message = Message::new(b"test payload".to_vec())
        .header("some-header", HeaderValue::String("value".into()));
    let payload = event_stream::encode(&message).unwrap();
    // 123456789 s after the epoch (its 1234 ns truncated), as a `:date` header.
    let date = Header {
        name: ":date".into(),
        value: HeaderValue::Timestamp(123_456_789_000),
    };
    let headers = event_stream::encode_headers(&[date]).unwrap();
    let previous = sigv4_hash(b"last message sts");
    let scope = Scope {
        region: "us-east-1",
        service: "testservice",
    };
    let expected = "AWS4-HMAC-SHA256-PAYLOAD\n\
        19731129T213309Z\n\
        19731129/us-east-1/testservice/aws4_request\n\
        be1f8c7d79ef8e1abc5254a2c70e4da3bfaf4f07328f527444e1fc6ea67273e2\n\
        0c0e3b3bf66b59b976181bd7d401927bbd624107303c713fd1e5f3d3c8dd1b1e\n\
        f2eba0f2e95967ee9fbc6db5e678d2fd599229c0d04b11e4fc8e0f2a02a806c6";
    assert_eq!(
        event_signing::string_to_sign(
            &date_time(123_456_789),
            &scope,
            &previous,
            &headers,
            &payload
        ),
        expected
    );
}

/// The bytes of a SHA-256, from its hex.
fn sigv4_hash(bytes: &[u8]) -> Vec<u8> {
    let hex = sigv4::payload_hash(bytes);
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

const SCOPE: Scope<'static> = Scope {
    region: "us-east-1",
    service: "bedrock",
};

fn credentials() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
}

fn events() -> Vec<Message> {
    (0..3)
        .map(|i| {
            Message::new(format!("{{\"bytes\":\"{i}\"}}").into_bytes())
                .header(":message-type", HeaderValue::String("event".into()))
                .header(":event-type", HeaderValue::String("chunk".into()))
        })
        .collect()
}

/// The signed stream of [`events`], each frame its own `Vec`, the end frame last.
fn signed_frames(seed: &[u8]) -> Vec<Vec<u8>> {
    let mut signer = EventSigner::new(&credentials(), &SCOPE, seed);
    let mut frames: Vec<Vec<u8>> = events()
        .iter()
        .enumerate()
        .map(|(i, event)| {
            let time = Timestamp::from_millisecond(1_700_000_000_000 + 1234 * i as i64).unwrap();
            signer.sign(event, time).unwrap()
        })
        .collect();
    let end = Timestamp::from_second(1_700_000_010).unwrap();
    frames.push(signer.finish(end).unwrap());
    frames
}

/// A verifier of the stream [`signed_frames`] writes, at the time it was signed.
fn verifier(seed: &[u8]) -> EventVerifier {
    EventVerifier::new(&credentials(), &SCOPE, seed).as_of(signed_at())
}

/// A time in the middle of the frames' dates.
fn signed_at() -> Timestamp {
    Timestamp::from_second(1_700_000_005).unwrap()
}

/// What a verifier makes of the whole stream `bytes`, pushed at once.
fn verify(bytes: &[u8], seed: &[u8]) -> Result<Vec<Message>, EventSignatureError> {
    let mut verifier = verifier(seed);
    let events = verifier.push(bytes)?;
    verifier.finish()?;
    Ok(events)
}

#[test]
fn the_server_half_reads_what_the_client_half_signs() {
    let seed = b"seed signature of the request...";
    let frames = signed_frames(seed);
    let bytes = frames.concat();
    assert_eq!(verify(&bytes, seed).unwrap(), events());
    // Split anywhere.
    for at in 0..=bytes.len() {
        let mut verifier = verifier(seed);
        let mut read = verifier.push(&bytes[..at]).unwrap();
        read.extend(verifier.push(&bytes[at..]).unwrap());
        verifier.finish().unwrap();
        assert_eq!(read, events(), "split at {at}");
    }
    // Each frame carries `:date`, whole seconds, and 32 bytes of signature.
    let first = event_stream::decode(&frames[0]).unwrap();
    assert_eq!(
        first.header_value(":date"),
        Some(&HeaderValue::Timestamp(1_700_000_000_000))
    );
    assert!(matches!(
        first.header_value(":chunk-signature"),
        Some(HeaderValue::ByteArray(bytes)) if bytes.len() == 32
    ));
    assert_eq!(event_stream::decode(&first.payload).unwrap(), events()[0]);
}

#[test]
fn a_frame_dated_too_far_from_the_clock_is_refused() {
    let seed = b"seed signature of the request...";
    let bytes = signed_frames(seed).concat();
    // Five minutes either way, by default; the frames are dated from 1_700_000_000 to
    // 1_700_000_010 (the end frame).
    for (now, accepted) in [
        (1_700_000_010 - 300, true),
        (1_700_000_010 - 301, false),
        (1_700_000_000 + 300, true),
        (1_700_000_000 + 301, false),
    ] {
        let now = Timestamp::from_second(now).unwrap();
        let mut verifier = EventVerifier::new(&credentials(), &SCOPE, seed).as_of(now);
        let read = verifier.push(&bytes);
        assert_eq!(read.is_ok(), accepted, "{now}: {read:?}");
        if let Err(error) = read {
            let EventSignatureError::Skewed { now: seen, .. } = &error else {
                panic!("{error}");
            };
            assert_eq!(*seen, now);
            assert!(
                error
                    .to_string()
                    .contains("is too far from the verifier's clock"),
                "{error}"
            );
        }
    }
    // Against the system clock, frames signed in 2023 are refused at the first; with no limit
    // they are read.
    let mut verifier = EventVerifier::new(&credentials(), &SCOPE, seed);
    assert!(matches!(
        verifier.push(&bytes),
        Err(EventSignatureError::Skewed { frame: 1, .. })
    ));
    let mut verifier = EventVerifier::new(&credentials(), &SCOPE, seed).max_skew(None);
    assert_eq!(verifier.push(&bytes).unwrap(), events());
    verifier.finish().unwrap();
    // A narrower limit.
    let mut verifier = EventVerifier::new(&credentials(), &SCOPE, seed)
        .as_of(Timestamp::from_second(1_700_000_000).unwrap())
        .max_skew(Some(std::time::Duration::from_secs(5)));
    assert!(matches!(
        verifier.push(&bytes),
        Err(EventSignatureError::Skewed { frame: 4, .. })
    ));
}

#[test]
fn a_frame_out_of_the_chain_is_refused_naming_it() {
    let seed = b"seed signature of the request...";
    let frames = signed_frames(seed);
    // Another seed: the first frame does not follow it.
    assert_eq!(
        verify(&frames.concat(), b"another seed"),
        Err(EventSignatureError::Mismatch { frame: 1 })
    );
    // Frames swapped, or one left out: the chain breaks there.
    let swapped = [&frames[0], &frames[2], &frames[1], &frames[3]].map(|f| f.as_slice());
    assert_eq!(
        verify(&swapped.concat(), seed),
        Err(EventSignatureError::Mismatch { frame: 2 })
    );
    let dropped = [&frames[0], &frames[1], &frames[3]].map(|f| f.as_slice());
    assert_eq!(
        verify(&dropped.concat(), seed),
        Err(EventSignatureError::Mismatch { frame: 3 })
    );
    // No end frame; a frame after it.
    assert_eq!(
        verify(&frames[..3].concat(), seed),
        Err(EventSignatureError::NotEnded { frames: 3 })
    );
    let mut after = frames.concat();
    after.extend_from_slice(&frames[0]);
    assert_eq!(
        verify(&after, seed),
        Err(EventSignatureError::AfterEnd { frame: 5 })
    );
    // An event sent as is, unsigned; a signature of the wrong type; a frame re-signed with its
    // checksums right but its payload changed.
    let unsigned = event_stream::encode(&events()[0]).unwrap();
    let error = verify(&unsigned, seed).unwrap_err();
    assert_eq!(
        error,
        EventSignatureError::Unsigned {
            frame: 1,
            header: ":chunk-signature"
        }
    );
    assert_eq!(
        error.to_string(),
        "signed event stream, frame 1: no `:chunk-signature` header of the right type"
    );
    let mut second = event_stream::decode(&frames[1]).unwrap();
    let tampered = |message: &Message| {
        let mut bytes = frames[0].clone();
        bytes.extend(event_stream::encode(message).unwrap());
        verify(&bytes, seed)
    };
    second.payload = event_stream::encode(&events()[2]).unwrap();
    assert_eq!(
        tampered(&second),
        Err(EventSignatureError::Mismatch { frame: 2 })
    );
    for header in &mut second.headers {
        if header.name == ":chunk-signature" {
            header.value = HeaderValue::String("0".repeat(32));
        }
    }
    assert!(matches!(
        tampered(&second),
        Err(EventSignatureError::Unsigned { frame: 2, .. })
    ));
}

#[test]
fn every_prefix_and_every_changed_byte_is_an_error_or_events() {
    let seed = b"seed signature of the request...";
    let bytes = signed_frames(seed).concat();
    for len in 0..bytes.len() {
        let read = verify(&bytes[..len], seed);
        assert!(read.is_err(), "the prefix of {len} bytes is refused");
    }
    // A CRC32 sees every change of one byte, and a signature every change that keeps it right:
    // no changed stream is read.
    for at in 0..bytes.len() {
        for flip in [0x01, 0x80, 0xff] {
            let mut changed = bytes.clone();
            changed[at] ^= flip;
            assert!(
                verify(&changed, seed).is_err(),
                "byte {at} changed by {flip:#04x}"
            );
        }
    }
}
