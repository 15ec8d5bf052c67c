//! CBOR (RFC 8949) bodies, as the rpcv2Cbor protocol writes them: a [`CborWriter`] and a
//! [`CborReader`], and the traits the generated shapes implement on them ([`ToCbor`],
//! [`FromCbor`]).
//!
//! The reader takes hostile input: it reads in place, without building a tree of the whole
//! document; a declared length is checked against the bytes that remain before anything is
//! read or reserved by it; items nest at most [`CBOR_MAX_DEPTH`] deep; definite and indefinite
//! lengths are both read (text and byte strings in chunks, lists and maps up to their break); every
//! error names the member path it was found at.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::support::Timestamp;

use crate::support::Blob;
use crate::support::error::FieldError;

/// How deep items may nest (lists, maps and tags) before the reader gives up.
pub const CBOR_MAX_DEPTH: usize = 100;

/// The major types of CBOR, by number.
const UNSIGNED: u8 = 0;
const NEGATIVE: u8 = 1;
const BYTES: u8 = 2;
const TEXT: u8 = 3;
const ARRAY: u8 = 4;
const MAP: u8 = 5;
const TAG: u8 = 6;
const SIMPLE: u8 = 7;

/// The initial bytes of items without content, and of the break that ends an indefinite one.
const FALSE: u8 = 0xf4;
const TRUE: u8 = 0xf5;
const NULL: u8 = 0xf6;
const UNDEFINED: u8 = 0xf7;
const BREAK: u8 = 0xff;

/// Tag 1: a point in time, as seconds since the epoch.
const EPOCH_TAG: u64 = 1;

/// A value that has a CBOR form.
pub trait ToCbor {
    /// Writes the value as one CBOR item.
    fn write_cbor(&self, writer: &mut CborWriter);
}

/// A value read from a CBOR item.
pub trait FromCbor: Sized {
    /// Reads one item; `path` names the member in errors.
    fn read_cbor(reader: &mut CborReader<'_>, path: &str) -> Result<Self, FieldError>;
}

/// Writes CBOR items into a buffer, with the shortest heads and definite lengths.
#[derive(Debug, Default)]
pub struct CborWriter {
    bytes: Vec<u8>,
}

impl CborWriter {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// The bytes written.
    pub fn finish(self) -> Vec<u8> {
        self.bytes
    }

    fn head(&mut self, major: u8, argument: u64) {
        let major = major << 5;
        match argument {
            0..24 => self.bytes.push(major | argument as u8),
            24..0x100 => self.bytes.extend([major | 24, argument as u8]),
            0x100..0x1_0000 => {
                self.bytes.push(major | 25);
                self.bytes.extend((argument as u16).to_be_bytes());
            }
            0x1_0000..0x1_0000_0000 => {
                self.bytes.push(major | 26);
                self.bytes.extend((argument as u32).to_be_bytes());
            }
            _ => {
                self.bytes.push(major | 27);
                self.bytes.extend(argument.to_be_bytes());
            }
        }
    }

    /// The head of a map of `len` entries, each a key and a value written next.
    pub fn map(&mut self, len: usize) {
        self.head(MAP, len as u64);
    }

    /// The head of a list of `len` items, written next.
    pub fn list(&mut self, len: usize) {
        self.head(ARRAY, len as u64);
    }

    /// A text string.
    pub fn text(&mut self, text: &str) {
        self.head(TEXT, text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
    }

    /// A byte string.
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.head(BYTES, bytes.len() as u64);
        self.bytes.extend_from_slice(bytes);
    }

    /// An integer.
    pub fn integer(&mut self, value: i64) {
        match u64::try_from(value) {
            Ok(value) => self.head(UNSIGNED, value),
            // -1 - value, which is not negative.
            Err(_) => self.head(NEGATIVE, !(value as u64)),
        }
    }

    /// A boolean.
    pub fn boolean(&mut self, value: bool) {
        self.bytes.push(if value { TRUE } else { FALSE });
    }

    /// `null`.
    pub fn null(&mut self) {
        self.bytes.push(NULL);
    }

    /// A single-precision float (NaN and the infinities included).
    pub fn float(&mut self, value: f32) {
        self.bytes.push(SIMPLE << 5 | 26);
        self.bytes.extend(value.to_bits().to_be_bytes());
    }

    /// A double-precision float (NaN and the infinities included).
    pub fn double(&mut self, value: f64) {
        self.bytes.push(SIMPLE << 5 | 27);
        self.bytes.extend(value.to_bits().to_be_bytes());
    }

    /// A point in time: tag 1 and the seconds since the epoch, an integer when whole, else a
    /// double with the milliseconds.
    pub fn timestamp(&mut self, value: &Timestamp) {
        self.head(TAG, EPOCH_TAG);
        let millis = value.as_millisecond();
        if millis % 1000 == 0 {
            self.integer(millis / 1000);
        } else {
            self.double(millis as f64 / 1000.0);
        }
    }
}

/// The head of an item: its major type, and its argument (`None` for an indefinite length).
#[derive(Debug, Clone, Copy)]
struct Head {
    major: u8,
    info: u8,
    argument: Option<u64>,
}

/// Reads CBOR items from a body in place, one at a time.
#[derive(Debug)]
pub struct CborReader<'b> {
    bytes: &'b [u8],
    position: usize,
    depth: usize,
}

/// What an item of major type `major` is, for errors.
fn kind(major: u8, info: u8) -> &'static str {
    match (major, info) {
        (UNSIGNED | NEGATIVE, _) => "an integer",
        (BYTES, _) => "a byte string",
        (TEXT, _) => "a text string",
        (ARRAY, _) => "a list",
        (MAP, _) => "a map",
        (TAG, _) => "a tagged item",
        (_, 20 | 21) => "a boolean",
        (_, 22) => "null",
        (_, 23) => "undefined",
        (_, 25..=27) => "a float",
        (_, 31) => "a break",
        _ => "a simple value",
    }
}

impl<'b> CborReader<'b> {
    /// A reader of `bytes`.
    pub fn new(bytes: &'b [u8]) -> Self {
        Self {
            bytes,
            position: 0,
            depth: 0,
        }
    }

    /// The bytes not read yet.
    fn remaining(&self) -> usize {
        self.bytes.len() - self.position
    }

    /// Fails unless every byte was read.
    pub fn finish(&self, path: &str) -> Result<(), FieldError> {
        match self.remaining() {
            0 => Ok(()),
            n => Err(FieldError::new(
                path,
                format!("{n} bytes follow the CBOR item"),
            )),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    fn take(&mut self, len: u64, path: &str) -> Result<&'b [u8], FieldError> {
        let remaining = self.remaining();
        match usize::try_from(len) {
            Ok(len) if len <= remaining => {
                let bytes = &self.bytes[self.position..self.position + len];
                self.position += len;
                Ok(bytes)
            }
            _ => Err(FieldError::new(
                path,
                format!("the CBOR item declares {len} bytes, and {remaining} remain"),
            )),
        }
    }

    fn head(&mut self, path: &str) -> Result<Head, FieldError> {
        let Some(initial) = self.peek() else {
            return Err(FieldError::new(path, "the CBOR body ends early"));
        };
        self.position += 1;
        let (major, info) = (initial >> 5, initial & 0x1f);
        let argument = match info {
            0..24 => Some(u64::from(info)),
            24..=27 => {
                let bytes = self.take(1 << (info - 24), path)?;
                Some(bytes.iter().fold(0, |n, b| n << 8 | u64::from(*b)))
            }
            31 if major != UNSIGNED && major != NEGATIVE && major != TAG => None,
            _ => {
                return Err(FieldError::new(
                    path,
                    format!("malformed CBOR: initial byte {initial:#04x}"),
                ));
            }
        };
        Ok(Head {
            major,
            info,
            argument,
        })
    }

    fn expected(path: &str, what: &str, head: Head) -> FieldError {
        FieldError::new(
            path,
            format!("expected {what}, found {}", kind(head.major, head.info)),
        )
    }

    /// One level deeper, or an error past [`CBOR_MAX_DEPTH`].
    fn enter(&mut self, path: &str) -> Result<(), FieldError> {
        if self.depth >= CBOR_MAX_DEPTH {
            return Err(FieldError::new(
                path,
                format!("CBOR items nested over {CBOR_MAX_DEPTH} deep"),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// Whether the next byte is the break ending an indefinite item, which it then consumes.
    fn at_break(&mut self, path: &str) -> Result<bool, FieldError> {
        match self.peek() {
            Some(BREAK) => {
                self.position += 1;
                Ok(true)
            }
            Some(_) => Ok(false),
            None => Err(FieldError::new(path, "the CBOR body ends inside an item")),
        }
    }

    /// Whether another item of a list or map follows, `left` of them (`None`: up to a break).
    fn another(&mut self, left: &mut Option<u64>, path: &str) -> Result<bool, FieldError> {
        match left {
            Some(0) => Ok(false),
            Some(n) => {
                *n -= 1;
                Ok(true)
            }
            None => self.at_break(path).map(|at_break| !at_break),
        }
    }

    /// Whether the next item is `null` or `undefined`, which it then consumes: an unset member.
    pub fn null(&mut self) -> bool {
        let null = matches!(self.peek(), Some(NULL | UNDEFINED));
        if null {
            self.position += 1;
        }
        null
    }

    /// The content of a string of major type `major` (text or bytes), its chunks joined when it
    /// has an indefinite length.
    fn string(&mut self, major: u8, path: &str, what: &str) -> Result<Cow<'b, [u8]>, FieldError> {
        let head = self.head(path)?;
        if head.major != major {
            return Err(Self::expected(path, what, head));
        }
        let Some(len) = head.argument else {
            let mut joined = Vec::new();
            while !self.at_break(path)? {
                let chunk = self.head(path)?;
                match (chunk.major == major, chunk.argument) {
                    (true, Some(len)) => joined.extend_from_slice(self.take(len, path)?),
                    _ => {
                        return Err(FieldError::new(
                            path,
                            format!("a chunk of {what} is {}", kind(chunk.major, chunk.info)),
                        ));
                    }
                }
            }
            return Ok(Cow::Owned(joined));
        };
        self.take(len, path).map(Cow::Borrowed)
    }

    /// A text string.
    pub fn text(&mut self, path: &str) -> Result<Cow<'b, str>, FieldError> {
        let invalid = || FieldError::new(path, "a text string that is not UTF-8");
        Ok(match self.string(TEXT, path, "a text string")? {
            Cow::Borrowed(bytes) => {
                Cow::Borrowed(std::str::from_utf8(bytes).map_err(|_| invalid())?)
            }
            Cow::Owned(bytes) => Cow::Owned(String::from_utf8(bytes).map_err(|_| invalid())?),
        })
    }

    /// A byte string.
    pub fn bytes(&mut self, path: &str) -> Result<Cow<'b, [u8]>, FieldError> {
        self.string(BYTES, path, "a byte string")
    }

    /// An integer that fits in an `i64`.
    pub fn integer(&mut self, path: &str) -> Result<i64, FieldError> {
        let head = self.head(path)?;
        let too_large = || FieldError::new(path, "an integer out of range");
        match (head.major, head.argument) {
            (UNSIGNED, Some(n)) => i64::try_from(n).map_err(|_| too_large()),
            // -1 - n
            (NEGATIVE, Some(n)) => i64::try_from(n).map(|n| -1 - n).map_err(|_| too_large()),
            _ => Err(Self::expected(path, "an integer", head)),
        }
    }

    /// A float of any precision (half precision included), or an integer as a float.
    pub fn double(&mut self, path: &str) -> Result<f64, FieldError> {
        let start = self.position;
        let head = self.head(path)?;
        match (head.major, head.info, head.argument) {
            (SIMPLE, 25, Some(bits)) => Ok(half_to_double(bits as u16)),
            (SIMPLE, 26, Some(bits)) => Ok(f64::from(f32::from_bits(bits as u32))),
            (SIMPLE, 27, Some(bits)) => Ok(f64::from_bits(bits)),
            (UNSIGNED | NEGATIVE, _, _) => {
                self.position = start;
                Ok(self.integer(path)? as f64)
            }
            _ => Err(Self::expected(path, "a float", head)),
        }
    }

    /// A boolean.
    pub fn boolean(&mut self, path: &str) -> Result<bool, FieldError> {
        match self.peek() {
            Some(FALSE | TRUE) => {
                let value = self.peek() == Some(TRUE);
                self.position += 1;
                Ok(value)
            }
            _ => Err(Self::expected(path, "a boolean", self.head(path)?)),
        }
    }

    /// A point in time: seconds since the epoch (an integer or a float), tagged 1 or not; kept
    /// to the millisecond.
    pub fn timestamp(&mut self, path: &str) -> Result<Timestamp, FieldError> {
        let start = self.position;
        let head = self.head(path)?;
        match (head.major, head.argument) {
            (TAG, Some(EPOCH_TAG)) => {}
            (TAG, Some(tag)) => {
                return Err(FieldError::new(
                    path,
                    format!("expected a timestamp (tag 1), found tag {tag}"),
                ));
            }
            _ => self.position = start,
        }
        let seconds = self.double(path)?;
        let millis = (seconds * 1000.0).round();
        if !millis.is_finite() || millis.abs() > i64::MAX as f64 {
            return Err(FieldError::new(path, "a timestamp out of range"));
        }
        Timestamp::from_millisecond(millis as i64)
            .map_err(|_| FieldError::new(path, "a timestamp out of range"))
    }

    /// Reads the entries of a map, each key with `key` and then its value with `entry`; entries
    /// whose value is `null` are skipped, as an unset member.
    fn entries<K>(
        &mut self,
        path: &str,
        mut key: impl FnMut(&mut Self) -> Result<K, FieldError>,
        mut entry: impl FnMut(&mut Self, K) -> Result<(), FieldError>,
    ) -> Result<(), FieldError> {
        let head = self.head(path)?;
        if head.major != MAP {
            return Err(Self::expected(path, "a map", head));
        }
        self.enter(path)?;
        let mut left = head.argument;
        while self.another(&mut left, path)? {
            let key = key(self)?;
            if !self.null() {
                entry(self, key)?;
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Reads the entries of a map, each value with `entry`; entries whose value is `null` are
    /// skipped.
    pub fn map<K: FromCbor>(
        &mut self,
        path: &str,
        entry: impl FnMut(&mut Self, K) -> Result<(), FieldError>,
    ) -> Result<(), FieldError> {
        self.entries(path, |reader| K::read_cbor(reader, path), entry)
    }

    /// Reads the members of a structure, each value with `member` by its name; members whose
    /// value is `null` are skipped, as unset.
    pub fn members(
        &mut self,
        path: &str,
        member: impl FnMut(&mut Self, Cow<'b, str>) -> Result<(), FieldError>,
    ) -> Result<(), FieldError> {
        self.entries(path, |reader| reader.text(path), member)
    }

    /// Reads the items of a list with `item`.
    pub fn list<T>(
        &mut self,
        path: &str,
        mut item: impl FnMut(&mut Self) -> Result<T, FieldError>,
    ) -> Result<Vec<T>, FieldError> {
        let head = self.head(path)?;
        if head.major != ARRAY {
            return Err(Self::expected(path, "a list", head));
        }
        self.enter(path)?;
        // Each item takes a byte at least; what is reserved up front is bounded besides.
        let mut items = Vec::with_capacity(
            head.argument
                .map_or(0, |n| n.min(self.remaining() as u64).min(1024) as usize),
        );
        let mut left = head.argument;
        while self.another(&mut left, path)? {
            items.push(item(self)?);
        }
        self.depth -= 1;
        Ok(items)
    }

    /// Skips one item, whatever it holds (a member this crate does not know).
    pub fn skip(&mut self, path: &str) -> Result<(), FieldError> {
        let start = self.position;
        let head = self.head(path)?;
        match (head.major, head.argument) {
            (UNSIGNED | NEGATIVE | SIMPLE, _) => {
                if head.major == SIMPLE && head.argument.is_none() {
                    return Err(FieldError::new(path, "a break outside an indefinite item"));
                }
                Ok(())
            }
            (BYTES | TEXT, _) => {
                self.position = start;
                self.string(head.major, path, kind(head.major, head.info))
                    .map(drop)
            }
            (ARRAY, _) => {
                self.position = start;
                self.list(path, |reader| reader.skip(path)).map(drop)
            }
            (MAP, _) => {
                self.position = start;
                self.entries(
                    path,
                    |reader| reader.skip(path),
                    |reader, ()| reader.skip(path),
                )
            }
            (TAG, _) => {
                self.enter(path)?;
                self.skip(path)?;
                self.depth -= 1;
                Ok(())
            }
            _ => Err(FieldError::new(path, "malformed CBOR")),
        }
    }

    /// Any item as a document: maps with text keys as objects, byte strings as base64 text,
    /// tagged items as their content, `undefined` and non-finite floats as `null`.
    pub fn document(&mut self, path: &str) -> Result<serde_json::Value, FieldError> {
        use serde_json::Value;
        let start = self.position;
        let head = self.head(path)?;
        self.position = start;
        Ok(match (head.major, head.info) {
            (UNSIGNED, _) => Value::from(self.head(path)?.argument.unwrap_or_default()),
            (NEGATIVE, _) => Value::from(self.integer(path)?),
            (BYTES, _) => {
                use base64::Engine as _;
                Value::from(base64::engine::general_purpose::STANDARD.encode(self.bytes(path)?))
            }
            (TEXT, _) => Value::from(self.text(path)?.into_owned()),
            (ARRAY, _) => Value::Array(self.list(path, |reader| reader.document(path))?),
            (MAP, _) => {
                let mut object = serde_json::Map::new();
                self.members(path, |reader, key| {
                    object.insert(key.into_owned(), reader.document(path)?);
                    Ok(())
                })?;
                Value::Object(object)
            }
            (TAG, _) => {
                self.head(path)?;
                self.enter(path)?;
                let value = self.document(path)?;
                self.depth -= 1;
                value
            }
            (SIMPLE, 20 | 21) => Value::Bool(self.boolean(path)?),
            (SIMPLE, 25..=27) => {
                serde_json::Number::from_f64(self.double(path)?).map_or(Value::Null, Value::Number)
            }
            (SIMPLE, 22 | 23) => {
                self.position += 1;
                Value::Null
            }
            _ => return Err(Self::expected(path, "a document", head)),
        })
    }
}

/// A half-precision float's bits as a double.
fn half_to_double(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from(bits >> 10 & 0x1f);
    let fraction = f64::from(bits & 0x3ff);
    sign * match exponent {
        0 => fraction * 2f64.powi(-24),
        31 if fraction == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + fraction / 1024.0) * 2f64.powi(exponent - 15),
    }
}

/// `ToCbor` and `FromCbor` of scalars, each by a method of the writer and of the reader.
macro_rules! scalars {
    ($(
        $ty:ty: |$value:ident, $writer:ident| $write:expr,
        |$reader:ident, $path:ident| $read:expr;
    )*) => {
        $(
            impl ToCbor for $ty {
                fn write_cbor(&self, $writer: &mut CborWriter) {
                    let $value = self;
                    $write;
                }
            }

            impl FromCbor for $ty {
                fn read_cbor(
                    $reader: &mut CborReader<'_>,
                    $path: &str,
                ) -> Result<Self, FieldError> {
                    $read
                }
            }
        )*
    };
}

scalars! {
    String: |value, writer| writer.text(value),
        |reader, path| reader.text(path).map(Cow::into_owned);
    bool: |value, writer| writer.boolean(*value), |reader, path| reader.boolean(path);
    i32: |value, writer| writer.integer(i64::from(*value)), |reader, path| {
        i32::try_from(reader.integer(path)?)
            .map_err(|_| FieldError::new(path, "an integer out of range"))
    };
    i64: |value, writer| writer.integer(*value), |reader, path| reader.integer(path);
    f32: |value, writer| writer.float(*value),
        |reader, path| reader.double(path).map(|value| value as f32);
    f64: |value, writer| writer.double(*value), |reader, path| reader.double(path);
    Blob: |value, writer| writer.bytes(value.as_bytes()), |reader, path| {
        reader.bytes(path).map(|bytes| Blob::new(bytes.into_owned()))
    };
    Timestamp: |value, writer| writer.timestamp(value), |reader, path| reader.timestamp(path);
}

impl ToCbor for serde_json::Value {
    fn write_cbor(&self, writer: &mut CborWriter) {
        use serde_json::Value;
        match self {
            Value::Null => writer.null(),
            Value::Bool(value) => writer.boolean(*value),
            Value::Number(number) => match (number.as_i64(), number.as_u64()) {
                (Some(value), _) => writer.integer(value),
                (None, Some(value)) => writer.head(UNSIGNED, value),
                (None, None) => writer.double(number.as_f64().unwrap_or_default()),
            },
            Value::String(text) => writer.text(text),
            Value::Array(items) => items.write_cbor(writer),
            Value::Object(object) => {
                writer.map(object.len());
                for (key, value) in object {
                    writer.text(key);
                    value.write_cbor(writer);
                }
            }
        }
    }
}

impl FromCbor for serde_json::Value {
    fn read_cbor(reader: &mut CborReader<'_>, path: &str) -> Result<Self, FieldError> {
        reader.document(path)
    }
}

impl<T: ToCbor + ?Sized> ToCbor for Box<T> {
    fn write_cbor(&self, writer: &mut CborWriter) {
        (**self).write_cbor(writer);
    }
}

impl<T: FromCbor> FromCbor for Box<T> {
    fn read_cbor(reader: &mut CborReader<'_>, path: &str) -> Result<Self, FieldError> {
        T::read_cbor(reader, path).map(Box::new)
    }
}

impl<T: ToCbor> ToCbor for [T] {
    fn write_cbor(&self, writer: &mut CborWriter) {
        writer.list(self.len());
        for item in self {
            item.write_cbor(writer);
        }
    }
}

impl<T: ToCbor> ToCbor for Vec<T> {
    fn write_cbor(&self, writer: &mut CborWriter) {
        self.as_slice().write_cbor(writer);
    }
}

impl<T: FromCbor> FromCbor for Vec<T> {
    fn read_cbor(reader: &mut CborReader<'_>, path: &str) -> Result<Self, FieldError> {
        reader.list(path, |reader| T::read_cbor(reader, path))
    }
}

impl<K: ToCbor, V: ToCbor> ToCbor for BTreeMap<K, V> {
    fn write_cbor(&self, writer: &mut CborWriter) {
        writer.map(self.len());
        for (key, value) in self {
            key.write_cbor(writer);
            value.write_cbor(writer);
        }
    }
}

/// A map's entries whose value is `null` are skipped (a map of this crate holds none).
impl<K: FromCbor + Ord, V: FromCbor> FromCbor for BTreeMap<K, V> {
    fn read_cbor(reader: &mut CborReader<'_>, path: &str) -> Result<Self, FieldError> {
        let mut map = BTreeMap::new();
        reader.map(path, |reader, key: K| {
            map.insert(key, V::read_cbor(reader, path)?);
            Ok(())
        })?;
        Ok(map)
    }
}

impl ToCbor for super::body::NoException {
    fn write_cbor(&self, writer: &mut CborWriter) {
        writer.map(0);
    }
}

/// `value`'s CBOR bytes.
pub fn cbor_bytes<T: ToCbor + ?Sized>(value: &T) -> Vec<u8> {
    let mut writer = CborWriter::new();
    value.write_cbor(&mut writer);
    writer.finish()
}

/// The CBOR bytes of `value`, a structure written as a definite map, with one more entry first:
/// `key` and the text `text` (an error's `__type`). Anything else is written as it is.
pub fn cbor_map_with<T: ToCbor + ?Sized>(value: &T, key: &str, text: &str) -> Vec<u8> {
    let bytes = cbor_bytes(value);
    let Some(&first) = bytes.first() else {
        return bytes;
    };
    let (major, info) = (first >> 5, first & 0x1f);
    let size = match info {
        0..24 => 0,
        24 => 1,
        25 => 2,
        26 => 4,
        27 => 8,
        _ => return bytes,
    };
    let Some(argument) = bytes.get(1..1 + size) else {
        return bytes;
    };
    if major != MAP {
        return bytes;
    }
    let len = if size == 0 {
        u64::from(info)
    } else {
        argument
            .iter()
            .fold(0u64, |len, byte| len << 8 | u64::from(*byte))
    };
    let mut writer = CborWriter::new();
    writer.head(MAP, len.saturating_add(1));
    writer.text(key);
    writer.text(text);
    writer.bytes.extend_from_slice(&bytes[1 + size..]);
    writer.finish()
}

/// A value of type `T` read from the whole of `bytes`, which must hold one item and nothing
/// after it.
pub fn from_cbor<T: FromCbor>(bytes: &[u8], path: &str) -> Result<T, FieldError> {
    let mut reader = CborReader::new(bytes);
    let value = T::read_cbor(&mut reader, path)?;
    reader.finish(path)?;
    Ok(value)
}
