//! The event-stream framing against aws-sdk-go's test vectors (`tests/fixtures/event_stream/` of
//! the runtime crate): every valid message reads to its decoded form and writes back to the same
//! bytes, whole and split across chunks anywhere; every corrupted one is the error aws-sdk-go
//! names. Then hostile input: lengths out of bounds, cut-short streams, flipped bits, garbage,
//! malformed headers, and messages too large to write.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use codegen_runtime::event_stream::{
    Decoder, FrameError, Header, HeaderValue, MAX_HEADER_NAME_LEN, MAX_HEADERS_LEN,
    MAX_MESSAGE_LEN, Message, decode, encode,
};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/event_stream")
}

/// Each case of `class` (`positive` or `negative`): its name, its encoded bytes and its decoded
/// file, which must exist for every encoded one and the other way round.
fn cases(class: &str) -> Vec<(String, Vec<u8>, Vec<u8>)> {
    let names = |side: &str| {
        let mut names: Vec<String> = fs::read_dir(fixtures().join(side).join(class))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    };
    let encoded = names("encoded");
    assert!(!encoded.is_empty(), "no {class} cases");
    assert_eq!(
        encoded,
        names("decoded"),
        "{class}: encoded and decoded differ"
    );
    encoded
        .into_iter()
        .map(|name| {
            let read =
                |side: &str| fs::read(fixtures().join(side).join(class).join(&name)).unwrap();
            let (encoded, decoded) = (read("encoded"), read("decoded"));
            (name, encoded, decoded)
        })
        .collect()
}

/// A decoded file as a message, after checking the lengths and checksums it gives against the
/// encoded bytes.
fn expected(name: &str, decoded: &[u8], encoded: &[u8]) -> Message {
    let json: serde_json::Value = serde_json::from_slice(decoded).unwrap();
    let number = |key: &str| {
        json[key]
            .as_i64()
            .unwrap_or_else(|| panic!("{name}: {key}"))
    };
    let be = |at: usize| u32::from_be_bytes(encoded[at..at + 4].try_into().unwrap());
    assert_eq!(i64::from(be(0)), number("total_length"), "{name}");
    assert_eq!(encoded.len() as i64, number("total_length"), "{name}");
    assert_eq!(i64::from(be(4)), number("headers_length"), "{name}");
    // The checksums are written as signed 32-bit integers.
    assert_eq!(be(8) as i32, number("prelude_crc") as i32, "{name}");
    assert_eq!(
        be(encoded.len() - 4) as i32,
        number("message_crc") as i32,
        "{name}"
    );

    let base64 = |value: &serde_json::Value| STANDARD.decode(value.as_str().unwrap()).unwrap();
    let headers = json["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|header| {
            let value = &header["value"];
            let int = || value.as_i64().unwrap();
            let value = match header["type"].as_u64().unwrap() {
                0 | 1 => HeaderValue::Bool(value.as_bool().unwrap()),
                2 => HeaderValue::Byte(int().try_into().unwrap()),
                3 => HeaderValue::Short(int().try_into().unwrap()),
                4 => HeaderValue::Int(int().try_into().unwrap()),
                5 => HeaderValue::Long(int()),
                6 => HeaderValue::ByteArray(base64(value)),
                7 => HeaderValue::String(String::from_utf8(base64(value)).unwrap()),
                8 => HeaderValue::Timestamp(int()),
                9 => HeaderValue::Uuid(base64(value).try_into().unwrap()),
                other => panic!("{name}: header type {other}"),
            };
            Header {
                name: header["name"].as_str().unwrap().to_owned(),
                value,
            }
        })
        .collect();
    Message {
        headers,
        payload: base64(&json["payload"]),
    }
}

/// Every valid message with what it holds.
fn positive() -> Vec<(String, Vec<u8>, Message)> {
    cases("positive")
        .into_iter()
        .map(|(name, encoded, decoded)| {
            let message = expected(&name, &decoded, &encoded);
            (name, encoded, message)
        })
        .collect()
}

/// The messages a decoder reads from `chunks`, checking that the stream ends cleanly: as owned
/// messages (`push`), which must be those read in place (`next_frame`) through their accessors.
fn decode_chunks<'a>(chunks: impl IntoIterator<Item = &'a [u8]> + Clone) -> Vec<Message> {
    let mut decoder = Decoder::new();
    let mut messages = Vec::new();
    for chunk in chunks.clone() {
        messages.extend(decoder.push(chunk).unwrap());
    }
    decoder.finish().unwrap();

    let mut decoder = Decoder::new();
    let mut in_place = Vec::new();
    for chunk in chunks {
        let mut input = chunk;
        while let Some(frame) = decoder.next_frame(&mut input).unwrap() {
            let mut message = Message::new(frame.payload().to_vec());
            for (name, value) in frame.headers() {
                let first = frame.header(name).unwrap();
                let found = message.header_value(name).cloned();
                assert_eq!(
                    first.to_value(),
                    found.unwrap_or(value.to_value()),
                    "{name}"
                );
                assert_eq!(value.type_byte(), value.to_value().type_byte());
                message = message.header(name, value.to_value());
            }
            in_place.push(message);
        }
        assert!(input.is_empty(), "a chunk is read to its end");
    }
    decoder.finish().unwrap();
    assert_eq!(in_place, messages, "read in place and owned");
    messages
}

#[test]
fn valid_messages_read_to_their_decoded_form_and_write_back_byte_for_byte() {
    let cases = positive();
    for (name, encoded, message) in &cases {
        assert_eq!(&decode(encoded).unwrap(), message, "{name}: decode");
        assert_eq!(&encode(message).unwrap(), encoded, "{name}: encode");
        assert_eq!(
            decode_chunks([&encoded[..]]),
            std::slice::from_ref(message),
            "{name}"
        );
    }
    // Every header type is among them.
    let types: std::collections::BTreeSet<u8> = cases
        .iter()
        .flat_map(|(_, _, message)| message.headers.iter().map(|h| h.value.type_byte()))
        .collect();
    assert_eq!(types, (0..=9).collect());
}

#[test]
fn corrupted_messages_are_the_errors_aws_sdk_go_names() {
    for (name, encoded, decoded) in cases("negative") {
        let expected = String::from_utf8(decoded).unwrap().trim().to_lowercase();
        let error = decode(&encoded).expect_err(&name);
        assert!(
            error.to_string().to_lowercase().contains(&expected),
            "{name}: `{error}` does not say `{expected}`"
        );
        let mut decoder = Decoder::new();
        assert_eq!(decoder.push(&encoded), Err(error.clone()), "{name}");
        // The stream stays stopped.
        assert_eq!(decoder.push(b""), Err(error.clone()), "{name}");
        assert_eq!(decoder.finish(), Err(error), "{name}");
    }
}

#[test]
fn a_message_split_at_any_byte_reads_the_same() {
    for (name, encoded, message) in positive() {
        for at in 0..=encoded.len() {
            let (a, b) = encoded.split_at(at);
            assert_eq!(
                decode_chunks([a, b]),
                std::slice::from_ref(&message),
                "{name} split at {at}"
            );
        }
        assert_eq!(
            decode_chunks(encoded.chunks(1)),
            std::slice::from_ref(&message),
            "{name} byte by byte"
        );
    }
}

#[test]
fn a_stream_of_every_message_reads_the_same_in_chunks_of_any_size() {
    let cases = positive();
    let stream: Vec<u8> = cases.iter().flat_map(|(_, e, _)| e.clone()).collect();
    let messages: Vec<Message> = cases.into_iter().map(|(_, _, m)| m).collect();
    for size in 1..=stream.len() {
        assert_eq!(
            decode_chunks(stream.chunks(size)),
            messages,
            "chunks of {size}"
        );
    }
    for at in 0..=stream.len() {
        let (a, b) = stream.split_at(at);
        assert_eq!(decode_chunks([a, b]), messages, "split at {at}");
    }
}

#[test]
fn a_stream_that_ends_inside_a_message_is_truncated() {
    for (name, encoded, _) in positive() {
        for len in 1..encoded.len() {
            let mut decoder = Decoder::new();
            assert_eq!(decoder.push(&encoded[..len]), Ok(Vec::new()), "{name}");
            assert_eq!(decoder.buffered(), len);
            let total_len = (len >= 12).then_some(encoded.len());
            let truncated = FrameError::Truncated {
                received: len,
                total_len,
            };
            assert_eq!(decoder.finish(), Err(truncated.clone()), "{name} at {len}");
            assert_eq!(decode(&encoded[..len]), Err(truncated), "{name} at {len}");
        }
    }
    assert_eq!(
        FrameError::Truncated {
            received: 7,
            total_len: None
        }
        .to_string(),
        "the stream ended inside a message: 7 of its 12-byte prelude received"
    );
    assert_eq!(
        FrameError::Truncated {
            received: 30,
            total_len: Some(45)
        }
        .to_string(),
        "the stream ended inside a message: 30 of its 45 bytes received"
    );
}

#[test]
fn bytes_after_the_one_message_are_an_error() {
    let (_, mut encoded, _) = positive().remove(0);
    encoded.extend_from_slice(b"xyz");
    assert_eq!(decode(&encoded), Err(FrameError::TrailingBytes { len: 3 }));
}

#[test]
fn every_flipped_bit_is_an_error() {
    for (name, encoded, _) in positive() {
        for bit in 0..encoded.len() * 8 {
            let mut corrupted = encoded.clone();
            corrupted[bit / 8] ^= 1 << (bit % 8);
            assert!(decode(&corrupted).is_err(), "{name}: bit {bit}");
            let mut decoder = Decoder::new();
            let read = decoder.push(&corrupted).and_then(|_| decoder.finish());
            assert!(read.is_err(), "{name}: bit {bit}");
        }
    }
}

/// A prelude giving `total_len` and `headers_len`, with its right checksum.
fn prelude(total_len: u32, headers_len: u32) -> Vec<u8> {
    let mut bytes = total_len.to_be_bytes().to_vec();
    bytes.extend_from_slice(&headers_len.to_be_bytes());
    let crc = crc32fast::hash(&bytes);
    bytes.extend_from_slice(&crc.to_be_bytes());
    bytes
}

/// A whole message with raw `headers` bytes, both checksums right.
fn frame(headers: &[u8], payload: &[u8]) -> Vec<u8> {
    let total = 16 + headers.len() + payload.len();
    let mut bytes = prelude(total as u32, headers.len() as u32);
    bytes.extend_from_slice(headers);
    bytes.extend_from_slice(payload);
    let crc = crc32fast::hash(&bytes);
    bytes.extend_from_slice(&crc.to_be_bytes());
    bytes
}

#[test]
fn a_prelude_claiming_4_gib_is_refused_before_anything_is_buffered() {
    let mut decoder = Decoder::new();
    let error = decoder.push(&prelude(u32::MAX, 0)).unwrap_err();
    assert_eq!(error, FrameError::MessageTooLong { len: 4294967295 });
    assert_eq!(
        error.to_string(),
        "a message of 4294967295 bytes is longer than the limit of 16777216"
    );
    assert_eq!(decoder.buffered(), 0);
    // The same claim with a checksum that does not match is a checksum error.
    let mut bytes = prelude(u32::MAX, 0);
    bytes[11] ^= 1;
    assert!(matches!(
        decode(&bytes),
        Err(FrameError::PreludeChecksum { .. })
    ));
}

#[test]
fn a_message_at_the_limit_is_buffered_only_as_it_arrives() {
    let mut decoder = Decoder::new();
    let limit = MAX_MESSAGE_LEN as u32;
    assert_eq!(decoder.push(&prelude(limit, 0)), Ok(Vec::new()));
    assert_eq!(decoder.push(&[0; 100]), Ok(Vec::new()));
    assert_eq!(decoder.buffered(), 112);
    assert_eq!(
        decoder.finish(),
        Err(FrameError::Truncated {
            received: 112,
            total_len: Some(MAX_MESSAGE_LEN)
        })
    );
    assert_eq!(
        decode(&prelude(limit + 1, 0)),
        Err(FrameError::MessageTooLong {
            len: u64::from(limit) + 1
        })
    );
}

#[test]
fn lengths_out_of_bounds_are_errors_naming_them() {
    let cases = [
        (
            prelude(15, 0),
            "a message length of 15 bytes is shorter than the 16 bytes of a prelude and a checksum",
        ),
        (
            prelude(0, 0),
            "a message length of 0 bytes is shorter than the 16 bytes of a prelude and a checksum",
        ),
        (
            prelude(200_000, 131_073),
            "headers of 131073 bytes are longer than the limit of 131072",
        ),
        (
            prelude(20, 5),
            "a headers length of 5 bytes does not fit in a message of 20 bytes",
        ),
        (
            prelude(16, u32::MAX),
            "headers of 4294967295 bytes are longer than the limit of 131072",
        ),
    ];
    for (bytes, message) in cases {
        let error = decode(&bytes).unwrap_err();
        assert_eq!(error.to_string(), message);
        assert_eq!(Decoder::new().push(&bytes), Err(error));
    }
}

#[test]
fn malformed_headers_are_errors_naming_them() {
    let cases: [(&[u8], FrameError, &str); 7] = [
        (
            b"\x04name\x0a",
            FrameError::UnknownHeaderType {
                name: "name".into(),
                type_byte: 10,
            },
            "header `name` has an unknown value type 10",
        ),
        (
            b"\x02\xff\xfe\x00",
            FrameError::InvalidUtf8 { header: None },
            "a header name is not UTF-8",
        ),
        (
            b"\x01s\x07\x00\x02\xc3\x28",
            FrameError::InvalidUtf8 {
                header: Some("s".into()),
            },
            "the string value of header `s` is not UTF-8",
        ),
        (
            b"\x01s\x07\x00\x09abc",
            FrameError::HeaderOverrun {
                offset: 0,
                headers_len: 8,
            },
            "the header at byte 0 of the headers runs past their end (8 bytes)",
        ),
        (
            b"\x01t\x00\x09long",
            FrameError::HeaderOverrun {
                offset: 3,
                headers_len: 8,
            },
            "the header at byte 3 of the headers runs past their end (8 bytes)",
        ),
        (
            b"\x01i\x04\x00\x00",
            FrameError::HeaderOverrun {
                offset: 0,
                headers_len: 5,
            },
            "the header at byte 0 of the headers runs past their end (5 bytes)",
        ),
        (
            b"\x05",
            FrameError::HeaderOverrun {
                offset: 0,
                headers_len: 1,
            },
            "the header at byte 0 of the headers runs past their end (1 bytes)",
        ),
    ];
    for (headers, error, message) in cases {
        let bytes = frame(headers, b"payload");
        assert_eq!(decode(&bytes), Err(error.clone()), "{message}");
        assert_eq!(error.to_string(), message);
        let mut decoder = Decoder::new();
        let read: Result<Vec<_>, _> = bytes.chunks(3).map(|c| decoder.push(c)).collect();
        assert_eq!(read, Err(error), "{message}");
    }
}

#[test]
fn garbage_is_an_error_and_never_a_panic() {
    // xorshift64: the same bytes on every run.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..200 {
        let len = (next() % 4096) as usize;
        let garbage: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        let mut decoder = Decoder::new();
        let mut result = Ok(());
        for chunk in garbage.chunks(1 + (next() % 64) as usize) {
            if let Err(error) = decoder.push(chunk) {
                result = Err(error);
                break;
            }
            assert!(decoder.buffered() <= 12, "garbage passed a prelude check");
        }
        if result.is_ok() {
            result = decoder.finish();
        }
        assert_eq!(result.is_err(), !garbage.is_empty());
        let _ = decode(&garbage);
    }
}

#[test]
fn every_value_type_writes_and_reads_back_at_its_extremes() {
    let values = [
        HeaderValue::Bool(true),
        HeaderValue::Bool(false),
        HeaderValue::Byte(i8::MIN),
        HeaderValue::Byte(i8::MAX),
        HeaderValue::Short(i16::MIN),
        HeaderValue::Int(i32::MIN),
        HeaderValue::Long(i64::MAX),
        HeaderValue::ByteArray(Vec::new()),
        HeaderValue::ByteArray(vec![0xff; usize::from(u16::MAX)]),
        HeaderValue::String(String::new()),
        HeaderValue::String("é".repeat(100)),
        HeaderValue::Timestamp(i64::MIN),
        HeaderValue::Uuid([0xab; 16]),
    ];
    let mut message = Message::new(b"payload".to_vec());
    for (i, value) in values.into_iter().enumerate() {
        message = message.header(format!("h{i}"), value);
    }
    message = message.header("n".repeat(MAX_HEADER_NAME_LEN), HeaderValue::Bool(true));
    let bytes = encode(&message).unwrap();
    assert_eq!(decode(&bytes).unwrap(), message);
    assert_eq!(decode_chunks(bytes.chunks(1000)), [message.clone()]);
    assert_eq!(message.header_value("h0"), Some(&HeaderValue::Bool(true)));
    assert_eq!(
        message
            .header_value("h10")
            .and_then(HeaderValue::as_str)
            .map(str::len),
        Some(200)
    );
    assert_eq!(message.header_value("missing"), None);
    // No headers and no payload: the shortest message.
    assert_eq!(encode(&Message::default()).unwrap().len(), 16);
}

#[test]
fn messages_beyond_the_limits_are_not_written() {
    let too_long_name =
        Message::default().header("n".repeat(MAX_HEADER_NAME_LEN + 1), HeaderValue::Bool(true));
    let error = encode(&too_long_name).unwrap_err();
    assert_eq!(error, FrameError::HeaderNameTooLong { len: 256 });
    assert_eq!(
        error.to_string(),
        "a header name of 256 bytes is longer than the limit of 255"
    );

    let too_long_value = Message::default().header(
        "blob",
        HeaderValue::ByteArray(vec![0; usize::from(u16::MAX) + 1]),
    );
    assert_eq!(
        encode(&too_long_value).unwrap_err().to_string(),
        "the value of header `blob` is 65536 bytes, longer than the limit of 65535"
    );

    let mut too_many_headers = Message::default();
    for i in 0..3 {
        too_many_headers =
            too_many_headers.header(format!("h{i}"), HeaderValue::String("x".repeat(50_000)));
    }
    let len = 3 * (1 + 2 + 1 + 2 + 50_000);
    assert!(len > MAX_HEADERS_LEN);
    assert_eq!(
        encode(&too_many_headers),
        Err(FrameError::HeadersTooLong { len: len as u64 })
    );

    let too_long_payload = Message::new(vec![0; MAX_MESSAGE_LEN - 15]);
    assert_eq!(
        encode(&too_long_payload),
        Err(FrameError::MessageTooLong {
            len: MAX_MESSAGE_LEN as u64 + 1
        })
    );
    let at_the_limit = Message::new(vec![7; MAX_MESSAGE_LEN - 16]);
    let bytes = encode(&at_the_limit).unwrap();
    assert_eq!(bytes.len(), MAX_MESSAGE_LEN);
    assert_eq!(decode(&bytes).unwrap(), at_the_limit);
}
