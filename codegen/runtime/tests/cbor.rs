//! The CBOR writer and reader: RFC 8949's examples (Appendix A), values written and read back,
//! and hostile input (cut short, wrong types, deep nesting, huge declared lengths, stray bytes)
//! read as errors that name the member, never a panic.

use std::borrow::Cow;
use std::collections::BTreeMap;

use codegen_runtime::wire::{
    CBOR_MAX_DEPTH, CborReader, CborWriter, FromCbor, ToCbor, cbor_bytes, from_cbor,
};
use codegen_runtime::{Blob, FieldError, Timestamp};

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap_or_default())
        .collect()
}

/// A structure as the generator writes one: `name` (required), `count`, `items`.
#[derive(Debug, PartialEq)]
struct Thing {
    name: String,
    count: Option<i32>,
    items: Option<Vec<Thing>>,
}

impl FromCbor for Thing {
    fn read_cbor(reader: &mut CborReader<'_>, path: &str) -> Result<Self, FieldError> {
        let (mut name, mut count, mut items) = (None, None, None);
        reader.members(path, |reader, key| {
            match &*key {
                "name" => name = Some(FromCbor::read_cbor(reader, &format!("{path}.name"))?),
                "count" => count = Some(FromCbor::read_cbor(reader, &format!("{path}.count"))?),
                "items" => items = Some(FromCbor::read_cbor(reader, &format!("{path}.items"))?),
                _ => reader.skip(path)?,
            }
            Ok(())
        })?;
        let name = name.ok_or_else(|| FieldError::new(format!("{path}.name"), "missing"))?;
        Ok(Self { name, count, items })
    }
}

impl ToCbor for Thing {
    fn write_cbor(&self, writer: &mut CborWriter) {
        writer.map(1 + usize::from(self.count.is_some()) + usize::from(self.items.is_some()));
        writer.text("name");
        self.name.write_cbor(writer);
        if let Some(count) = &self.count {
            writer.text("count");
            count.write_cbor(writer);
        }
        if let Some(items) = &self.items {
            writer.text("items");
            items.write_cbor(writer);
        }
    }
}

fn read<T: FromCbor>(bytes: &[u8]) -> Result<T, FieldError> {
    from_cbor(bytes, "Thing")
}

#[test]
fn rfc_8949_examples_read() {
    let integers: &[(&str, i64)] = &[
        ("00", 0),
        ("17", 23),
        ("1818", 24),
        ("1864", 100),
        ("1903e8", 1000),
        ("1a000f4240", 1_000_000),
        ("1b000000e8d4a51000", 1_000_000_000_000),
        ("20", -1),
        ("3863", -100),
        ("3903e7", -1000),
    ];
    for (bytes, value) in integers {
        assert_eq!(read::<i64>(&hex(bytes)), Ok(*value), "{bytes}");
        assert_eq!(cbor_bytes(value), hex(bytes), "{value}");
    }
    let floats: &[(&str, f64)] = &[
        ("f90000", 0.0),
        ("f93c00", 1.0),
        ("f93e00", 1.5),
        ("f97bff", 65504.0),
        ("f90001", 5.960464477539063e-8),
        ("f90400", 0.00006103515625),
        ("f9c400", -4.0),
        ("fa47c35000", 100000.0),
        ("fb3ff199999999999a", 1.1),
        ("f97c00", f64::INFINITY),
        ("f9fc00", f64::NEG_INFINITY),
    ];
    for (bytes, value) in floats {
        assert_eq!(read::<f64>(&hex(bytes)), Ok(*value), "{bytes}");
    }
    assert!(read::<f64>(&hex("f97e00")).is_ok_and(f64::is_nan));
    assert!(read::<f64>(&hex("fa7fc00000")).is_ok_and(f64::is_nan));
    assert_eq!(read::<bool>(&hex("f5")), Ok(true));
    assert_eq!(read::<String>(&hex("6449455446")), Ok("IETF".to_owned()));
    assert_eq!(read::<String>(&hex("62c3bc")), Ok("\u{fc}".to_owned()));
    assert_eq!(
        read::<String>(&hex("7f657374726561646d696e67ff")),
        Ok("streaming".to_owned())
    );
    assert_eq!(
        read::<Blob>(&hex("5f42010243030405ff")),
        Ok(Blob::new(vec![1, 2, 3, 4, 5]))
    );
    assert_eq!(
        read::<Vec<Vec<i32>>>(&hex("9f81018202039f0405ffff")),
        Ok(vec![vec![1], vec![2, 3], vec![4, 5]])
    );
    assert_eq!(
        read::<Vec<i32>>(&hex("83018202039f0405ff")).map_err(|e| e.to_string()),
        Err("`Thing`: expected an integer, found a list".to_owned())
    );
    assert_eq!(
        read::<BTreeMap<String, String>>(&hex("bf61610161629f0203ffff"))
            .map_err(|e| e.message().to_owned()),
        Err("expected a text string, found an integer".to_owned())
    );
    assert_eq!(
        read::<BTreeMap<String, i32>>(&hex("a26161016162f6")),
        Ok(BTreeMap::from([("a".to_owned(), 1)])),
        "a null value is an unset entry"
    );
    // Tag 1, an integer or a float.
    assert_eq!(
        read::<Timestamp>(&hex("c11a514b67b0")),
        Ok(Timestamp::from_second(1_363_896_240).expect("in range"))
    );
    assert_eq!(
        read::<Timestamp>(&hex("c1fb41d452d9ec200000")),
        Ok(Timestamp::from_millisecond(1_363_896_240_500).expect("in range"))
    );
}

#[test]
fn values_read_back_as_written() {
    for value in [
        0,
        23,
        24,
        255,
        256,
        65535,
        65536,
        i64::from(u32::MAX),
        i64::MAX,
        -1,
        -24,
        -25,
        i64::MIN,
    ] {
        assert_eq!(read::<i64>(&cbor_bytes(&value)), Ok(value));
    }
    for value in [0.0f32, -2.5, f32::MAX, f32::INFINITY, f32::MIN_POSITIVE] {
        assert_eq!(read::<f32>(&cbor_bytes(&value)), Ok(value));
    }
    let text = "x".repeat(70_000);
    assert_eq!(read::<String>(&cbor_bytes(&text)), Ok(text));
    let timestamp = Timestamp::from_millisecond(-1_234_567).expect("in range");
    assert_eq!(read::<Timestamp>(&cbor_bytes(&timestamp)), Ok(timestamp));
    let document: serde_json::Value =
        serde_json::json!({"a": [1, -2, 2.5, "x", null, true, {"b": 18446744073709551615u64}]});
    assert_eq!(
        read::<serde_json::Value>(&cbor_bytes(&document)),
        Ok(document)
    );
    let thing = Thing {
        name: "outer".to_owned(),
        count: Some(-7),
        items: Some(vec![Thing {
            name: "inner".to_owned(),
            count: None,
            items: None,
        }]),
    };
    assert_eq!(read::<Thing>(&cbor_bytes(&thing)), Ok(thing));
}

/// A valid document of every kind of item, unknown members included.
fn sample() -> Vec<u8> {
    let mut writer = CborWriter::new();
    writer.map(5);
    writer.text("name");
    writer.text("outer");
    writer.text("unknown");
    serde_json::json!({"a": [1, -2, 2.5, "x", null, true]}).write_cbor(&mut writer);
    writer.text("blob");
    writer.bytes(b"bytes");
    writer.text("when");
    writer.timestamp(&Timestamp::from_millisecond(1_500).unwrap_or_default());
    writer.text("items");
    writer.list(1);
    writer.map(2);
    writer.text("name");
    writer.text("inner");
    writer.text("count");
    writer.integer(3);
    writer.finish()
}

#[test]
fn every_cut_short_body_is_an_error() {
    let bytes = sample();
    assert!(read::<Thing>(&bytes).is_ok());
    for len in 0..bytes.len() {
        let error = read::<Thing>(&bytes[..len]).expect_err("cut short");
        assert!(error.path().starts_with("Thing"), "{error}");
    }
}

#[test]
fn every_changed_byte_reads_or_fails_without_a_panic() {
    let bytes = sample();
    for at in 0..bytes.len() {
        for value in [
            0x00, 0x1b, 0x3b, 0x5b, 0x7b, 0x9b, 0xbb, 0xc1, 0xf9, 0xfb, 0xff, 0x5f,
        ] {
            let mut changed = bytes.clone();
            changed[at] = value;
            let _ = read::<Thing>(&changed);
            let _ = read::<serde_json::Value>(&changed);
        }
    }
}

#[test]
fn wrong_types_name_the_member() {
    let cases: &[(&str, &str, &str)] = &[
        // {"name": 1}
        (
            "a1646e616d6501",
            "Thing.name",
            "expected a text string, found an integer",
        ),
        // {"name": "a", "count": "x"}
        (
            "a2646e616d65616165636f756e746178",
            "Thing.count",
            "expected an integer, found a text string",
        ),
        // {"name": "a", "count": 2147483648}
        (
            "a2646e616d65616165636f756e741a80000000",
            "Thing.count",
            "an integer out of range",
        ),
        // {"name": "a", "items": {}}
        (
            "a2646e616d656161656974656d73a0",
            "Thing.items",
            "expected a list, found a map",
        ),
        // {"name": "a", "items": [{}]}
        (
            "a2646e616d656161656974656d7381a0",
            "Thing.items.name",
            "missing",
        ),
        // ["name"]
        ("81646e616d65", "Thing", "expected a map, found a list"),
        // {1: 2}
        (
            "a10102",
            "Thing",
            "expected a text string, found an integer",
        ),
        // {"name": "\xff"}
        (
            "a1646e616d6561ff",
            "Thing.name",
            "a text string that is not UTF-8",
        ),
        // {"name": "a"} and a stray byte
        (
            "a1646e616d65616100",
            "Thing",
            "1 bytes follow the CBOR item",
        ),
        // {"name": (_ "a", 1)}
        (
            "a1646e616d657f616101ff",
            "Thing.name",
            "a chunk of a text string is an integer",
        ),
        // {"name": "a", "count": -1 - 2^63}
        (
            "a2646e616d65616165636f756e743b8000000000000000",
            "Thing.count",
            "an integer out of range",
        ),
        // a reserved additional information
        ("bc", "Thing", "malformed CBOR: initial byte 0xbc"),
        // a break where an item belongs
        (
            "a1646e616d65ff",
            "Thing.name",
            "expected a text string, found a break",
        ),
    ];
    for (bytes, path, message) in cases {
        let bytes = hex(bytes);
        match read::<Thing>(&bytes) {
            Err(error) => assert_eq!(
                (error.path(), error.message()),
                (*path, *message),
                "{bytes:02x?}"
            ),
            Ok(thing) => panic!("{bytes:02x?} read as {thing:?}"),
        }
    }
}

#[test]
fn deep_nesting_is_an_error() {
    for opener in [0x81u8, 0x9f, 0xa1, 0xc1] {
        let mut bytes = Vec::new();
        bytes.extend(hex("a2646e616d65616167756e6b6e6f776e"));
        for _ in 0..100_000 {
            bytes.push(opener);
            if opener == 0xa1 {
                bytes.extend(hex("6161"));
            }
        }
        bytes.push(0x00);
        let error = read::<Thing>(&bytes).expect_err("too deep");
        assert!(error.message().contains("nested over"), "{error}");
        let error = read::<serde_json::Value>(&bytes[16..]).expect_err("too deep");
        assert!(error.message().contains("nested over"), "{error}");
    }
    // Just deep enough.
    let mut bytes = vec![0x81; CBOR_MAX_DEPTH];
    bytes.push(0x00);
    assert!(read::<serde_json::Value>(&bytes).is_ok());
}

#[test]
fn huge_declared_lengths_are_errors_before_anything_is_reserved() {
    for head in [
        "5bffffffffffffffff",
        "7bffffffffffffffff",
        "5a01000000",
        "7a01000000",
    ] {
        let error = read::<serde_json::Value>(&hex(head)).expect_err("too long");
        assert!(
            error.message().starts_with("the CBOR item declares"),
            "{error}"
        );
    }
    // Lists and maps that claim 2^64 - 1 items hold what is there, then end early.
    let mut bytes = hex("9bffffffffffffffff");
    bytes.extend([0x00; 64]);
    let error = read::<serde_json::Value>(&bytes).expect_err("ends early");
    assert_eq!(error.message(), "the CBOR body ends early");
    let error = read::<Vec<i64>>(&bytes).expect_err("ends early");
    assert_eq!(error.message(), "the CBOR body ends early");
    let mut bytes = hex("bbffffffffffffffff");
    bytes.extend(hex("616100").repeat(64));
    let error = read::<BTreeMap<String, i64>>(&bytes).expect_err("ends early");
    assert_eq!(error.message(), "the CBOR body ends early");
    // A 16 MiB byte string that is cut short by one byte.
    let mut bytes = hex("5a01000000");
    bytes.resize(bytes.len() + (16 << 20) - 1, 0);
    assert!(read::<Blob>(&bytes).is_err());
    bytes.push(0);
    assert_eq!(
        read::<Blob>(&bytes).map(|blob| blob.as_bytes().len()),
        Ok(16 << 20)
    );
}

#[test]
fn text_is_read_in_place_when_it_can_be() {
    let bytes = hex("6449455446");
    let mut reader = CborReader::new(&bytes);
    assert!(matches!(reader.text(""), Ok(Cow::Borrowed("IETF"))));
}
