//! Hostile input to the generated `ivs-models` types: decoding returns `Ok` or `Err` and never
//! panics, and input that breaks the rules is an `Err`.
//!
//! Every check runs over every operation of the models, decoding each operation's `Input` and
//! `Output` with both `serde_json::from_slice` and `serde_json::from_str` (which must agree). The
//! inputs are the wire fixtures, edited member by member: wrong JSON types, out-of-range and
//! non-integer numbers, 100 000 levels of nesting, broken string escapes and invalid UTF-8, invalid
//! timestamps; whole documents that are no JSON object or repeat a member; every prefix of every
//! fixture; and about 8 000 random byte mutations from a fixed-seed xorshift generator. Whatever
//! decodes must also write out and read back as the same value. Each test prints how many inputs
//! decoded and how many were errors (`--nocapture`), and asserts that it checked enough of both.

#[macro_use]
mod common;

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::fs;
use std::io::ErrorKind;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use common::{MODEL_OPERATIONS, SERVICES};
use ivs_models::{Operation, Timestamp};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Helpers.
// ---------------------------------------------------------------------------------------------

/// What the generated input and output types are.
trait Wire: Serialize + DeserializeOwned + Debug + PartialEq {}
impl<T: Serialize + DeserializeOwned + Debug + PartialEq> Wire for T {}

/// The text of `fixtures/wire/<service_dir>/<file_name>`, or `None` when there is no such file.
fn read_fixture(service_dir: &str, file_name: &str) -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/wire")
        .join(service_dir)
        .join(file_name);
    match fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) if error.kind() == ErrorKind::NotFound => None,
        Err(error) => panic!("cannot read {}: {error}", path.display()),
    }
}

/// A wire fixture's text, labelled `<service>/<file>`.
struct Fixture {
    label: String,
    text: String,
}

impl Fixture {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{}: {e}", self.label))
    }
}

/// An operation's request fixture and, when it has one, its response fixture, with labels.
fn fixtures<O: Operation>(service_dir: &str) -> (Fixture, Option<Fixture>) {
    let load = |kind: &str| {
        let file = format!("{}.{kind}.json", O::NAME);
        read_fixture(service_dir, &file).map(|text| Fixture {
            label: format!("{service_dir}/{file}"),
            text,
        })
    };
    let request = load("request").unwrap_or_else(|| panic!("{} has no request", O::NAME));
    (request, load("response"))
}

/// At most 200 characters of `bytes`, for failure messages.
fn preview(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    match text.char_indices().nth(200) {
        Some((end, _)) => format!("{}… ({} bytes)", &text[..end], bytes.len()),
        None => text.into_owned(),
    }
}

/// Decodes `bytes` as `T` with `from_slice` and, when they are UTF-8, with `from_str`: the two
/// must agree. What decodes must write out and read back as the same value. A panic anywhere
/// fails the test with the input that caused it.
fn decode<T: Wire>(label: &str, bytes: &[u8]) -> Result<T, String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let from_slice = serde_json::from_slice::<T>(bytes);
        if let Ok(text) = std::str::from_utf8(bytes) {
            let from_str = serde_json::from_str::<T>(text);
            match (&from_slice, &from_str) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "from_slice and from_str disagree"),
                (Err(_), Err(_)) => {}
                _ => panic!("from_slice gives {from_slice:?} but from_str {from_str:?}"),
            }
        }
        if let Ok(value) = &from_slice {
            let written = serde_json::to_vec(value).expect("a decoded value serializes");
            let reread: T = serde_json::from_slice(&written).unwrap_or_else(|e| {
                panic!(
                    "what was written does not read back: {e}: {}",
                    preview(&written)
                )
            });
            assert_eq!(&reread, value, "what was written reads back differently");
        }
        from_slice.map_err(|e| e.to_string())
    }));
    outcome.unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        panic!(
            "{label}: decoding as {} panicked: {message}\ninput: {}",
            std::any::type_name::<T>(),
            preview(bytes)
        )
    })
}

/// What a hostile document must decode to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Ok,
    Err,
    /// Either, as long as nothing panics.
    NoPanic,
}

/// Tally of the checks a test made, so that it can prove it checked something.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    ok: usize,
    err: usize,
}

impl Tally {
    fn total(self) -> usize {
        self.ok + self.err
    }

    fn add(self, other: Tally) -> Tally {
        Tally {
            ok: self.ok + other.ok,
            err: self.err + other.err,
        }
    }

    fn sum(tallies: impl IntoIterator<Item = Tally>) -> Tally {
        tallies.into_iter().fold(Tally::default(), Tally::add)
    }
}

/// Decodes `bytes` as `T` and checks the outcome against `expect`.
fn check<T: Wire>(label: &str, bytes: &[u8], expect: Expect, tally: &mut Tally) {
    let result = decode::<T>(label, bytes);
    match (&result, expect) {
        (Ok(value), Expect::Err) => panic!(
            "{label}: decoded as {}, but must be an error:\ninput: {}\nvalue: {value:?}",
            std::any::type_name::<T>(),
            preview(bytes)
        ),
        (Err(error), Expect::Ok) => panic!(
            "{label}: must decode as {}, but: {error}\ninput: {}",
            std::any::type_name::<T>(),
            preview(bytes)
        ),
        _ => {}
    }
    match result {
        Ok(_) => tally.ok += 1,
        Err(_) => tally.err += 1,
    }
}

/// Every node below the top level of `json`: its JSON pointer and value.
fn member_nodes(json: &Value) -> Vec<(String, Value)> {
    fn walk(pointer: &str, json: &Value, out: &mut Vec<(String, Value)>) {
        let children: Vec<(String, &Value)> = match json {
            Value::Object(members) => members
                .iter()
                .map(|(key, value)| (key.replace('~', "~0").replace('/', "~1"), value))
                .collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            _ => return,
        };
        for (step, child) in children {
            let at = format!("{pointer}/{step}");
            out.push((at.clone(), child.clone()));
            walk(&at, child, out);
        }
    }
    let mut out = Vec::new();
    walk("", json, &mut out);
    out
}

/// Stands for the hostile text in a document until it is spliced in.
const MARKER: &str = "@@HOSTILE@@";

/// `json` with the node at `pointer` replaced by the raw text `raw`, which need not be JSON.
fn splice(json: &Value, pointer: &str, raw: &[u8]) -> Vec<u8> {
    let mut edited = json.clone();
    *edited.pointer_mut(pointer).expect("the node exists") = Value::String(MARKER.to_owned());
    let text = serde_json::to_string(&edited).expect("a Value serializes");
    let quoted = format!("\"{MARKER}\"");
    let at = text.find(&quoted).expect("the marker is in the text");
    assert_eq!(text.matches(&quoted).count(), 1, "the marker occurs once");
    let mut bytes = Vec::with_capacity(text.len() + raw.len());
    bytes.extend_from_slice(&text.as_bytes()[..at]);
    bytes.extend_from_slice(raw);
    bytes.extend_from_slice(&text.as_bytes()[at + quoted.len()..]);
    bytes
}

/// What kind of member a fixture node is, judged by its value in the fixture.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Timestamp,
    String,
    Integer,
    Boolean,
    List,
    Object,
}

fn kind_of(value: &Value) -> Kind {
    match value {
        Value::String(text) if text.parse::<Timestamp>().is_ok() => Kind::Timestamp,
        Value::String(_) => Kind::String,
        Value::Number(number) if number.is_i64() => Kind::Integer,
        Value::Bool(_) => Kind::Boolean,
        Value::Array(_) => Kind::List,
        Value::Object(_) => Kind::Object,
        other => panic!("the fixtures hold no {other}"),
    }
}

/// For every member node of `fixture` and every `(raw text, expectation)` that `cases` gives for
/// the node's kind, decodes the fixture with the node replaced, as `T`.
fn replace_members<T: Wire>(
    fixture: &Fixture,
    cases: &dyn Fn(Kind) -> Vec<(Vec<u8>, Expect)>,
) -> Tally {
    let json = fixture.json();
    let mut tally = Tally::default();
    for (pointer, value) in member_nodes(&json) {
        for (raw, expect) in cases(kind_of(&value)) {
            let label = format!("{} at {pointer} = {}", fixture.label, preview(&raw));
            check::<T>(&label, &splice(&json, &pointer, &raw), expect, &mut tally);
        }
    }
    tally
}

/// Runs `replace_members` on an operation's request (as `Input`) and response (as `Output`).
fn replace_members_of<O: Operation>(
    service_dir: &str,
    cases: &dyn Fn(Kind) -> Vec<(Vec<u8>, Expect)>,
) -> Tally {
    let (request, response) = fixtures::<O>(service_dir);
    let mut tally = replace_members::<O::Input>(&request, cases);
    if let Some(response) = response {
        tally = tally.add(replace_members::<O::Output>(&response, cases));
    }
    tally
}

/// Raw cases: each text with the same expectation.
fn all(expect: Expect, texts: &[&str]) -> Vec<(Vec<u8>, Expect)> {
    texts
        .iter()
        .map(|t| (t.as_bytes().to_vec(), expect))
        .collect()
}

/// `depth` nested arrays, e.g. `[[[]]]`.
fn nested_arrays(depth: usize) -> Vec<u8> {
    let mut bytes = vec![b'['; depth];
    bytes.extend(std::iter::repeat_n(b']', depth));
    bytes
}

/// `depth` nested objects, e.g. `{"a":{"a":{}}}`.
fn nested_objects(depth: usize) -> Vec<u8> {
    let mut bytes = b"{\"a\":".repeat(depth);
    bytes.extend_from_slice(b"{}");
    bytes.extend(std::iter::repeat_n(b'}', depth));
    bytes
}

/// A small, fixed-seed xorshift64 generator, so that a failing mutation can be reproduced.
struct XorShift(u64);

impl XorShift {
    fn new(seed: &str) -> Self {
        // FNV-1a of the seed text; never zero.
        let hash = seed.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        XorShift(hash | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number below `bound`, which must not be zero.
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

/// Bytes that matter to a JSON parser or to UTF-8.
const INTERESTING: &[u8] =
    b"{}[]\":,0123456789-+.eE\\/ntfrubx \t\n\x00\x7f\x80\xbf\xc0\xed\xf4\xff";

/// Applies one to four random edits to `bytes`: flip a bit, overwrite, insert or delete a byte,
/// duplicate or drop a run of bytes.
fn mutate(bytes: &[u8], rng: &mut XorShift) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..=rng.below(4) {
        if out.is_empty() {
            out.push(INTERESTING[rng.below(INTERESTING.len())]);
            continue;
        }
        let at = rng.below(out.len());
        match rng.below(6) {
            0 => out[at] ^= 1 << rng.below(8),
            1 => out[at] = INTERESTING[rng.below(INTERESTING.len())],
            2 => out.insert(at, INTERESTING[rng.below(INTERESTING.len())]),
            3 => {
                out.remove(at);
            }
            4 => {
                let end = (at + 1 + rng.below(16)).min(out.len());
                let run = out[at..end].to_vec();
                out.splice(at..at, run);
            }
            _ => {
                let end = (at + 1 + rng.below(16)).min(out.len());
                out.drain(at..end);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The list of operations.
// ---------------------------------------------------------------------------------------------

fn operation_key<O: Operation>(service_dir: &str) -> (String, String) {
    (service_dir.to_owned(), O::NAME.to_owned())
}

#[test]
fn the_checks_run_over_every_operation() {
    let covered: BTreeSet<(String, String)> = all_operations!(operation_key).into_iter().collect();
    let listed: BTreeSet<(String, String)> = SERVICES
        .iter()
        .flat_map(|(dir, operations)| {
            operations
                .iter()
                .map(|o| (dir.to_string(), o.name.to_owned()))
        })
        .collect();
    assert_eq!(
        covered, listed,
        "all_operations! (left) and OPERATIONS (right) differ"
    );
    let in_model: BTreeSet<(String, String)> = MODEL_OPERATIONS
        .iter()
        .map(|(dir, name, _)| (dir.to_string(), name.to_string()))
        .collect();
    assert_eq!(
        covered, in_model,
        "all_operations! (left) and the model's operations (right) differ"
    );
}

/// The number of wire fixtures the model implies: a request per operation and a response per
/// operation with an output structure (`wire_roundtrip` checks the files match them).
fn fixture_count() -> usize {
    let responses = MODEL_OPERATIONS
        .iter()
        .filter(|(_, _, has_output)| *has_output)
        .count();
    MODEL_OPERATIONS.len() + responses
}

// ---------------------------------------------------------------------------------------------
// Whole documents that are no structure.
// ---------------------------------------------------------------------------------------------

/// Documents that are no JSON object, or no single one: errors for every `Input` and `Output`.
fn no_objects() -> Vec<Vec<u8>> {
    [
        &b""[..],
        b" ",
        b"null",
        b"true",
        b"0",
        b"-1",
        b"1e400",
        b"\"{}\"",
        b"{",
        b"}",
        b"[",
        b"{\"a\":}",
        b"{,}",
        b"{\"a\":1,}",
        b"{} {}",
        b"{}x",
        b"{}]",
        b"\xef\xbb\xbf{}",
        b"{}\x00",
        b"NaN",
        b"Infinity",
        b"{/* comment */}",
        b"{'a':1}",
        b"{a:1}",
        b"\xff\xfe{\x00}\x00",
    ]
    .iter()
    .map(|b| b.to_vec())
    .chain([
        nested_arrays(100_000),
        vec![b'['; 100_000],
        // Objects nest as unknown members, which are skipped (slowly in a debug build), so
        // 10 000 deep; `deeply_nested_unknown_members_are_skipped` goes to 100 000.
        b"{\"a\":".repeat(10_000),
    ])
    .collect()
}

fn whole_documents<O: Operation>(service_dir: &str) -> Tally {
    let errors = no_objects();
    // `{}` is fine where nothing is required; nested objects are one unknown member.
    let either = [
        b"{}".to_vec(),
        b"[]".to_vec(),
        b"[null]".to_vec(),
        b" {} \n".to_vec(),
        nested_objects(10_000),
    ];

    let mut tally = Tally::default();
    let label = format!("{service_dir} {}", O::NAME);
    for bytes in &errors {
        check::<O::Input>(&label, bytes, Expect::Err, &mut tally);
        check::<O::Output>(&label, bytes, Expect::Err, &mut tally);
    }
    for bytes in &either {
        check::<O::Input>(&label, bytes, Expect::NoPanic, &mut tally);
        check::<O::Output>(&label, bytes, Expect::NoPanic, &mut tally);
    }
    tally
}

#[test]
fn documents_that_are_no_json_object_are_errors() {
    let tally = Tally::sum(all_operations!(whole_documents));
    println!("{tally:?}");
    let checks = no_objects().len() * 2 * MODEL_OPERATIONS.len();
    assert!(tally.err >= checks, "{tally:?}");
}

/// Each top-level member of each fixture, written twice.
fn duplicate_members<O: Operation>(service_dir: &str) -> Tally {
    fn duplicate<T: Wire>(fixture: &Fixture, tally: &mut Tally) {
        let json = fixture.json();
        for (key, value) in json.as_object().expect("a fixture is an object") {
            let mut edited = json.clone();
            edited.as_object_mut().expect("an object").remove(key);
            let rest = serde_json::to_string(&edited).expect("serializes");
            let member = format!("{}:{value}", Value::String(key.clone()));
            let text = if rest == "{}" {
                format!("{{{member},{member}}}")
            } else {
                format!("{{{member},{}", &rest[1..rest.len() - 1]) + &format!(",{member}}}")
            };
            let label = format!("{} with {key} twice", fixture.label);
            check::<T>(&label, text.as_bytes(), Expect::Err, tally);
        }
    }
    let (request, response) = fixtures::<O>(service_dir);
    let mut tally = Tally::default();
    duplicate::<O::Input>(&request, &mut tally);
    if let Some(response) = response {
        duplicate::<O::Output>(&response, &mut tally);
    }
    tally
}

#[test]
fn a_member_given_twice_is_an_error() {
    let tally = Tally::sum(all_operations!(duplicate_members));
    println!("{tally:?}");
    assert!(tally.err > 50, "{tally:?}");
}

// ---------------------------------------------------------------------------------------------
// Members of the wrong JSON type.
// ---------------------------------------------------------------------------------------------

/// For each kind of member, values of other JSON types: all errors. `null` and `{}` may be
/// accepted (an optional member, a structure without required members), but must not panic.
fn wrong_types(kind: Kind) -> Vec<(Vec<u8>, Expect)> {
    let mut cases = match kind {
        Kind::String | Kind::Timestamp => all(
            Expect::Err,
            &[
                "5",
                "-1",
                "0.5",
                "true",
                "false",
                "[]",
                "[\"x\"]",
                "{}",
                "{\"a\":\"x\"}",
            ],
        ),
        Kind::Integer => all(
            Expect::Err,
            &["\"12\"", "\"\"", "true", "[]", "[1]", "{}", "{\"a\":1}"],
        ),
        Kind::Boolean => all(Expect::Err, &["\"true\"", "1", "0", "[]", "{}", "\"\""]),
        Kind::List => all(Expect::Err, &["{}", "{\"0\":\"x\"}", "\"x\"", "1", "true"]),
        Kind::Object => all(Expect::Err, &["[]", "\"{}\"", "1", "true", "\"\""]),
    };
    cases.extend(all(
        Expect::NoPanic,
        &["null", "{}", "[null]", "[[]]", "[{}]"],
    ));
    cases
}

fn wrong_types_of<O: Operation>(service_dir: &str) -> Tally {
    replace_members_of::<O>(service_dir, &wrong_types)
}

#[test]
fn members_of_the_wrong_json_type_are_errors() {
    let tally = Tally::sum(all_operations!(wrong_types_of));
    println!("{tally:?}");
    assert!(tally.err > 2_000, "{tally:?}");
}

// ---------------------------------------------------------------------------------------------
// Numbers.
// ---------------------------------------------------------------------------------------------

/// Integer members are 32-bit: anything outside that range, with a fraction or an exponent, or
/// unparseable as a float, is an error; the extremes of the range are fine.
fn numbers(kind: Kind) -> Vec<(Vec<u8>, Expect)> {
    match kind {
        Kind::Integer => {
            let mut cases = all(
                Expect::Err,
                &[
                    "1e400",
                    "-1e400",
                    "99999999999999999999",
                    "-99999999999999999999",
                    "18446744073709551616",
                    "9223372036854775807",
                    "-9223372036854775808",
                    "2147483648",
                    "-2147483649",
                    "4294967295",
                    "1.5",
                    "1.0",
                    "1e2",
                    "-0.0",
                    "1E+2",
                    "0x10",
                    "01",
                    "+1",
                    "-",
                    "1.",
                    ".5",
                    "1e",
                    "--1",
                    // serde_json reads `-0` as the float -0.0.
                    "-0",
                ],
            );
            cases.extend(all(Expect::Ok, &["2147483647", "-2147483648", "0", "-1"]));
            let long = format!("1{}", "0".repeat(10_000));
            cases.push((long.into_bytes(), Expect::Err));
            cases
        }
        Kind::String | Kind::Timestamp => {
            all(Expect::Err, &["1e400", "99999999999999999999", "-0"])
        }
        _ => Vec::new(),
    }
}

fn numbers_of<O: Operation>(service_dir: &str) -> Tally {
    replace_members_of::<O>(service_dir, &numbers)
}

#[test]
fn huge_negative_and_fractional_numbers_are_errors() {
    let tally = Tally::sum(all_operations!(numbers_of));
    println!("{tally:?}");
    assert!(tally.err > 500 && tally.ok > 100, "{tally:?}");
}

// ---------------------------------------------------------------------------------------------
// Deep nesting.
// ---------------------------------------------------------------------------------------------

/// 100 000 nested arrays are no member's value: serde_json's recursion limit (128) or a type
/// mismatch stops decoding. So are 100 000 nested objects, for every member that is no object.
/// In an object member they may be an unknown field, which serde_json skips without recursion
/// (and without a limit, see `deeply_nested_unknown_members_are_skipped`): skipping is slow in a
/// debug build, so object members get 1 000 levels of objects here.
fn deep_nesting(kind: Kind) -> Vec<(Vec<u8>, Expect)> {
    let (object_depth, closed_objects) = match kind {
        Kind::Object => (1_000, Expect::NoPanic),
        _ => (100_000, Expect::Err),
    };
    vec![
        (nested_arrays(100_000), Expect::Err),
        (vec![b'['; 100_000], Expect::Err),
        (nested_arrays(129), Expect::Err),
        (nested_objects(object_depth), closed_objects),
        (b"{\"a\":".repeat(object_depth), Expect::Err),
    ]
}

fn deep_nesting_of<O: Operation>(service_dir: &str) -> Tally {
    replace_members_of::<O>(service_dir, &deep_nesting)
}

#[test]
fn deeply_nested_member_values_are_errors() {
    let tally = Tally::sum(all_operations!(deep_nesting_of));
    println!("{tally:?}");
    assert!(tally.err > 2_000, "{tally:?}");
}

/// An unknown member is skipped, whatever its depth: no recursion, so no stack overflow.
fn deep_unknown_members<O: Operation>(service_dir: &str) -> Tally {
    let (request, response) = fixtures::<O>(service_dir);
    let mut tally = Tally::default();
    let mut run = |fixture: &Fixture, decode_as: &dyn Fn(&str, &[u8], &mut Tally)| {
        let json = fixture.json();
        for nesting in [nested_arrays(100_000), nested_objects(100_000)] {
            let mut edited = json.clone();
            edited
                .as_object_mut()
                .expect("an object")
                .insert("zzUnknown".to_owned(), Value::String(MARKER.to_owned()));
            let text = splice(&edited, "/zzUnknown", &nesting);
            decode_as(&fixture.label, &text, &mut tally);
        }
    };
    run(&request, &|label, bytes, tally| {
        check::<O::Input>(label, bytes, Expect::Ok, tally)
    });
    if let Some(response) = response {
        run(&response, &|label, bytes, tally| {
            check::<O::Output>(label, bytes, Expect::Ok, tally)
        });
    }
    tally
}

#[test]
fn deeply_nested_unknown_members_are_skipped() {
    let tally = Tally::sum(all_operations!(deep_unknown_members));
    println!("{tally:?}");
    assert_eq!(tally.ok, 2 * fixture_count(), "{tally:?}");
}

// ---------------------------------------------------------------------------------------------
// Strings.
// ---------------------------------------------------------------------------------------------

/// Broken escapes and invalid UTF-8 are errors in every string member; unusual but valid strings
/// are fine in every string member that is no timestamp.
fn strings(kind: Kind) -> Vec<(Vec<u8>, Expect)> {
    if !matches!(kind, Kind::String | Kind::Timestamp) {
        return Vec::new();
    }
    let mut cases = all(
        Expect::Err,
        &[
            r#""\ud800""#,
            r#""\udc00""#,
            r#""\ud800\u0041""#,
            r#""\ud800\ud800""#,
            r#""\udbff""#,
            r#""x\ud83d""#,
            r#""\uZZZZ""#,
            r#""\u12""#,
            r#""\x41""#,
            r#""\'""#,
            r#""\""#,
            r#""abc"#,
            "\"a\u{1}b\"",
            "\"a\nb\"",
            "\"\t\"",
            "'single'",
        ],
    );
    for invalid_utf8 in [
        &b"\"\xff\""[..],
        b"\"\xc0\x80\"",
        b"\"\xed\xa0\x80\"",
        b"\"\xf4\x90\x80\x80\"",
        b"\"\xe2\x82\"",
        b"\"\x80\"",
    ] {
        cases.push((invalid_utf8.to_vec(), Expect::Err));
    }
    if kind == Kind::String {
        let long = format!("\"{}\"", "x".repeat(1 << 16));
        let escaped = format!("\"{}\"", r"\u00e9\n\\".repeat(1_000));
        cases.extend(all(
            Expect::Ok,
            &[
                r#""""#,
                r#""\ud83d\ude00""#,
                r#""\u0000""#,
                r#""\/\b\f\n\r\t\"\\""#,
                "\"🎥 ünïcödé \u{10ffff}\"",
                "\"\u{7f}\"",
                &long,
                &escaped,
            ],
        ));
    }
    cases
}

fn strings_of<O: Operation>(service_dir: &str) -> Tally {
    replace_members_of::<O>(service_dir, &strings)
}

#[test]
fn broken_escapes_and_invalid_utf8_are_errors() {
    let tally = Tally::sum(all_operations!(strings_of));
    println!("{tally:?}");
    assert!(tally.err > 5_000 && tally.ok > 1_000, "{tally:?}");
}

// ---------------------------------------------------------------------------------------------
// Timestamps.
// ---------------------------------------------------------------------------------------------

/// Timestamps must be RFC 3339 date-times with an offset.
fn timestamps(kind: Kind) -> Vec<(Vec<u8>, Expect)> {
    if kind != Kind::Timestamp {
        return Vec::new();
    }
    let mut cases = all(
        Expect::Err,
        &[
            r#""yesterday""#,
            r#""""#,
            r#"" ""#,
            r#""2024-13-45T00:00:00Z""#,
            r#""2024-10-15T17:30:00""#,
            r#""2024-10-15T17:30:00.123""#,
            r#""2024-10-15""#,
            r#""17:30:00Z""#,
            r#""2024-02-30T00:00:00Z""#,
            r#""2023-02-29T00:00:00Z""#,
            r#""2024-10-15T24:00:01Z""#,
            r#""2024-10-15T25:00:00Z""#,
            r#""2024-10-15T17:61:00Z""#,
            r#""2024-10-15T17:30:00+99:00""#,
            r#""2024-10-15T17:30:00Zjunk""#,
            r#""2024-10-15T17:30:00Z ""#,
            r#""10/15/2024 17:30""#,
            r#""Tue, 15 Oct 2024 17:30:00 GMT""#,
            r#""1729013400""#,
            r#""99999-01-01T00:00:00Z""#,
            r#""2024-10-15T17:30:00.1234567891Z""#,
            r#""\u0000""#,
            "1729013400",
            "1729013400.5",
        ],
    );
    cases.extend(all(
        Expect::Ok,
        &[
            r#""2024-10-15T17:30:00Z""#,
            r#""2024-10-15T19:30:00+02:00""#,
            r#""2024-10-15T17:30:00.123Z""#,
            r#""2024-10-15T12:30:00.5-05:00""#,
            r#""1970-01-01T00:00:00Z""#,
            r#""2024-02-29T23:59:59.999999999Z""#,
        ],
    ));
    cases
}

fn timestamps_of<O: Operation>(service_dir: &str) -> Tally {
    replace_members_of::<O>(service_dir, &timestamps)
}

#[test]
fn invalid_timestamps_are_errors() {
    let tally = Tally::sum(all_operations!(timestamps_of));
    println!("{tally:?}");
    // 20 timestamp members in the fixtures.
    assert!(tally.err >= 20 * 24 && tally.ok >= 20 * 6, "{tally:?}");
}

// ---------------------------------------------------------------------------------------------
// Truncation.
// ---------------------------------------------------------------------------------------------

/// Every proper prefix of the fixture (trailing whitespace removed) is an error; the whole text
/// decodes.
fn every_prefix<T: Wire>(fixture: &Fixture, tally: &mut Tally) {
    let text = fixture.text.trim_end().as_bytes();
    for end in 0..text.len() {
        let label = format!("{} cut after {end} bytes", fixture.label);
        check::<T>(&label, &text[..end], Expect::Err, tally);
    }
    check::<T>(&fixture.label, text, Expect::Ok, tally);
    // Compact too, so that a cut can fall anywhere but in whitespace.
    let compact = serde_json::to_string(&fixture.json()).expect("serializes");
    for end in 0..compact.len() {
        let label = format!("{} compact, cut after {end} bytes", fixture.label);
        check::<T>(&label, &compact.as_bytes()[..end], Expect::Err, tally);
    }
}

fn truncations<O: Operation>(service_dir: &str) -> Tally {
    let (request, response) = fixtures::<O>(service_dir);
    let mut tally = Tally::default();
    every_prefix::<O::Input>(&request, &mut tally);
    if let Some(response) = response {
        every_prefix::<O::Output>(&response, &mut tally);
    }
    tally
}

#[test]
fn every_truncated_fixture_is_an_error() {
    let tally = Tally::sum(all_operations!(truncations));
    println!("{tally:?}");
    assert_eq!(tally.ok, fixture_count(), "{tally:?}");
    assert!(tally.err > 40_000, "{tally:?}");
}

// ---------------------------------------------------------------------------------------------
// Random mutations.
// ---------------------------------------------------------------------------------------------

/// Mutations per fixture, each decoded as `Input` and `Output` (about 8 000 in all for the IVS
/// models).
const MUTATIONS_PER_FIXTURE: usize = 150;

fn mutations<O: Operation>(service_dir: &str) -> Tally {
    let (request, response) = fixtures::<O>(service_dir);
    let mut tally = Tally::default();
    for fixture in std::iter::once(&request).chain(response.as_ref()) {
        let mut rng = XorShift::new(&fixture.label);
        for round in 0..MUTATIONS_PER_FIXTURE {
            let bytes = mutate(fixture.text.as_bytes(), &mut rng);
            let label = format!("{} mutation {round}", fixture.label);
            check::<O::Input>(&label, &bytes, Expect::NoPanic, &mut tally);
            check::<O::Output>(&label, &bytes, Expect::NoPanic, &mut tally);
        }
    }
    tally
}

#[test]
fn random_byte_mutations_never_panic() {
    let tally = Tally::sum(all_operations!(mutations));
    println!("{tally:?}");
    assert_eq!(tally.total(), 2 * MUTATIONS_PER_FIXTURE * fixture_count());
    // The mutations are neither all harmless nor all fatal.
    assert!(tally.ok > 500 && tally.err > 5_000, "{tally:?}");
}
