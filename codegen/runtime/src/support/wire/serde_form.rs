//! The serde form of the generated structures and enums, which implement `Serialize` and
//! `Deserialize` by hand through the helpers here (so that a generated crate builds without a
//! derive macro). The form is the one `#[derive(Serialize, Deserialize)]` gives: a structure is
//! `serialize_struct` of its members in order, an optional member that is `None` skipped
//! (`skip_field`); it reads from a map (`deserialize_struct`) whose unknown keys are ignored, where
//! a missing optional member, or `null`, is `None`, a missing required member is
//! `missing_field` and a repeated member `duplicate_field`. An enum is its wire string.
//!
//! A generated `Deserialize` impl is [`deserialize_struct`], and its [`MapStruct`] impl reads the
//! members: [`MemberKey`] reads a key for it to match, and [`next_member`] (or
//! [`next_member_as`] for a member written by a rule of its own: [`Floats`](super::Floats),
//! [`Dense`](super::Dense), [`EpochSeconds`](super::EpochSeconds), [`HttpDate`](super::HttpDate))
//! reads its value.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize};

/// A structure read from a map of its members.
pub trait MapStruct: Sized {
    /// The structure's name, as `deserialize_struct` and error messages give it.
    const NAME: &'static str;
    /// Its members' names in the map, in order.
    const FIELDS: &'static [&'static str];

    /// Reads the members from `map`.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Reads a structure: `deserialize_struct` with its name and members.
pub fn deserialize_struct<'de, T: MapStruct, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: MapStruct> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// Reads a map's key as a derived `Deserialize` reads a field's name: from a string, UTF-8 bytes,
/// or a member's index in the fields given. Nothing is allocated: a key the input lends is
/// borrowed, and one it does not (an escaped string of a reader) is looked up among the fields.
#[derive(Debug, Clone, Copy)]
pub struct MemberKey(pub &'static [&'static str]);

/// A key of a structure's map, as [`MemberKey`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key<'de>(KeyText<'de>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum KeyText<'de> {
    Borrowed(&'de str),
    Field(&'static str),
    Owned(String),
    /// Bytes that are not UTF-8, or an index past the fields: no member's.
    Other,
}

impl Key<'_> {
    /// The key's text: the empty string, which names no member, for a key that is not text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            KeyText::Borrowed(text) => text,
            KeyText::Field(text) => text,
            KeyText::Owned(text) => text,
            KeyText::Other => "",
        }
    }
}

impl<'de> DeserializeSeed<'de> for MemberKey {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl MemberKey {
    fn field(self, text: &str) -> Key<'static> {
        Key(match self.0.iter().find(|field| **field == text) {
            Some(field) => KeyText::Field(field),
            None => KeyText::Other,
        })
    }
}

impl<'de> Visitor<'de> for MemberKey {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Key<'de>, E> {
        let field = usize::try_from(value)
            .ok()
            .and_then(|index| self.0.get(index));
        Ok(Key(
            field.map_or(KeyText::Other, |field| KeyText::Field(field))
        ))
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(KeyText::Borrowed(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(self.field(value))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key(KeyText::Owned(value)))
    }

    fn visit_borrowed_bytes<E: de::Error>(self, value: &'de [u8]) -> Result<Key<'de>, E> {
        Ok(match std::str::from_utf8(value) {
            Ok(text) => Key(KeyText::Borrowed(text)),
            Err(_) => Key(KeyText::Other),
        })
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Key<'de>, E> {
        Ok(match std::str::from_utf8(value) {
            Ok(text) => self.field(text),
            Err(_) => Key(KeyText::Other),
        })
    }

    fn visit_byte_buf<E: de::Error>(self, value: Vec<u8>) -> Result<Key<'de>, E> {
        Ok(match String::from_utf8(value) {
            Ok(text) => Key(KeyText::Owned(text)),
            Err(_) => Key(KeyText::Other),
        })
    }
}

/// Reads the value of member `name` into `slot`: an error if the map has had it already.
#[inline]
pub fn next_member<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    fill(slot, name, || map.next_value())
}

/// [`next_member`] for a member read by the rule of wrapper `W`.
#[inline]
pub fn next_member_as<'de, W: Deserialize<'de> + Wrapper, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<W::Value>,
    name: &'static str,
) -> Result<(), A::Error> {
    fill(slot, name, || {
        map.next_value::<W>().map(Wrapper::into_value)
    })
}

/// Fills `slot` with `value()`: an error if member `name` has been read already.
#[inline]
fn fill<T, E: de::Error>(
    slot: &mut Option<T>,
    name: &'static str,
    value: impl FnOnce() -> Result<T, E>,
) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value()?);
    Ok(())
}

/// Skips the value of a key that names no member.
#[inline]
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// Reads a map of no member (the whole of a structure that has none): every value is skipped.
pub fn skip_members<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_key_seed(MemberKey(&[]))?.is_some() {
        skip_value(&mut map)?;
    }
    Ok(())
}

/// The value of required member `name`, or `missing_field` when the map had none.
#[inline]
pub fn required_member<'de, A: MapAccess<'de>, T>(
    slot: Option<T>,
    name: &'static str,
) -> Result<T, A::Error> {
    slot.ok_or_else(|| de::Error::missing_field(name))
}

/// A type that reads (and writes) a value by a rule of its own, and gives the value up.
pub trait Wrapper {
    /// The value read.
    type Value;

    /// The value read.
    fn into_value(self) -> Self::Value;
}

/// Writes optional member `key` when it is set (as `Some`), and skips it otherwise.
#[inline]
pub fn optional_member<S: SerializeStruct, T: Serialize>(
    state: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    member_if(state, key, value.is_some(), value)
}

/// Writes member `key`'s `value` when the member is `present`, and skips it otherwise (an
/// optional member written through a wrapper).
#[inline]
pub fn member_if<S: SerializeStruct, T: Serialize + ?Sized>(
    state: &mut S,
    key: &'static str,
    present: bool,
    value: &T,
) -> Result<(), S::Error> {
    if present {
        state.serialize_field(key, value)
    } else {
        state.skip_field(key)
    }
}

/// Reads an enum from its wire string (or UTF-8 bytes), as `String` reads: a known value
/// allocates nothing.
pub fn deserialize_enum<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: for<'a> From<&'a str> + From<String>,
    D: Deserializer<'de>,
{
    deserializer.deserialize_string(EnumVisitor(PhantomData))
}

struct EnumVisitor<T>(PhantomData<T>);

impl<T: for<'a> From<&'a str> + From<String>> Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<T, E> {
        match std::str::from_utf8(value) {
            Ok(text) => Ok(T::from(text)),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(value), &self)),
        }
    }

    fn visit_byte_buf<E: de::Error>(self, value: Vec<u8>) -> Result<T, E> {
        match String::from_utf8(value) {
            Ok(text) => Ok(T::from(text)),
            Err(error) => Err(E::invalid_value(
                de::Unexpected::Bytes(&error.into_bytes()),
                &self,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::de::MapAccess;
    use serde::ser::SerializeStruct as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::*;
    use crate::support::Timestamp;
    use crate::wire::{EpochSeconds, Floats};

    /// A structure written as the generator writes one.
    #[derive(Debug, PartialEq)]
    struct Written {
        name: String,
        count: Option<u32>,
        at: Option<Timestamp>,
        ratio: f64,
    }

    /// The same structure as serde's derive gives it.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Derived {
        #[serde(rename = "Name")]
        name: String,
        #[serde(rename = "Count", skip_serializing_if = "Option::is_none")]
        count: Option<u32>,
        #[serde(
            rename = "At",
            skip_serializing_if = "Option::is_none",
            with = "crate::wire::timestamp_serde::epoch_seconds_option",
            default
        )]
        at: Option<Timestamp>,
        #[serde(rename = "Ratio", with = "crate::wire::float_serde")]
        ratio: f64,
    }

    impl Serialize for Written {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let len = 2 + self.count.is_some() as usize + self.at.is_some() as usize;
            let mut state = serializer.serialize_struct("Written", len)?;
            state.serialize_field("Name", &self.name)?;
            optional_member(&mut state, "Count", &self.count)?;
            member_if(&mut state, "At", self.at.is_some(), &EpochSeconds(&self.at))?;
            state.serialize_field("Ratio", &Floats(&self.ratio))?;
            state.end()
        }
    }

    impl<'de> Deserialize<'de> for Written {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_struct(deserializer)
        }
    }

    impl MapStruct for Written {
        const NAME: &'static str = "Written";
        const FIELDS: &'static [&'static str] = &["Name", "Count", "At", "Ratio"];

        fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let (mut name, mut count, mut at, mut ratio) = (None, None, None, None);
            while let Some(key) = map.next_key_seed(MemberKey(Self::FIELDS))? {
                match key.as_str() {
                    "Name" => next_member(&mut map, &mut name, "Name"),
                    "Count" => next_member(&mut map, &mut count, "Count"),
                    "At" => next_member_as::<EpochSeconds<_>, _>(&mut map, &mut at, "At"),
                    "Ratio" => next_member_as::<Floats<_>, _>(&mut map, &mut ratio, "Ratio"),
                    _ => skip_value(&mut map),
                }?;
            }
            Ok(Self {
                name: required_member::<A, _>(name, "Name")?,
                count: count.flatten(),
                at: at.flatten(),
                ratio: required_member::<A, _>(ratio, "Ratio")?,
            })
        }
    }

    impl From<Derived> for Written {
        fn from(value: Derived) -> Self {
            let Derived {
                name,
                count,
                at,
                ratio,
            } = value;
            Self {
                name,
                count,
                at,
                ratio,
            }
        }
    }

    /// Both read `json` alike: the same value, or errors with the same message. The structure's
    /// name in an error is replaced, the one thing that differs.
    fn read_alike(json: &str) {
        let written = serde_json::from_str::<Written>(json).map_err(|e| e.to_string());
        let derived = serde_json::from_str::<Derived>(json)
            .map(Written::from)
            .map_err(|e| e.to_string().replace("Derived", "Written"));
        assert_eq!(written, derived, "{json}");
        let value = serde_json::from_str::<serde_json::Value>(json).unwrap();
        let written = serde_json::from_value::<Written>(value.clone()).map_err(|e| e.to_string());
        let derived = serde_json::from_value::<Derived>(value)
            .map(Written::from)
            .map_err(|e| e.to_string().replace("Derived", "Written"));
        assert_eq!(written, derived, "{json} as a value");
    }

    #[test]
    fn structures_read_as_derived_ones_do() {
        for json in [
            r#"{"Name":"a","Ratio":1.5}"#,
            r#"{"Name":"a","Ratio":"-Infinity","Count":null,"At":null}"#,
            r#"{"Name":"a","Ratio":2,"Count":7,"At":1700000000.5,"Other":[1,{"x":2}]}"#,
            r#"{"Na\u006de":"escaped","Ratio":-1}"#,
            r#"{"Ratio":1}"#,
            r#"{"Name":"a"}"#,
            r#"{"Name":"a","Name":"b","Ratio":1}"#,
            r#"{"Name":"a","Ratio":1,"Count":1,"Count":null}"#,
            r#"{"Name":"a","Ratio":1,"At":null,"At":null}"#,
            r#"{"Name":"a","Ratio":1,"Count":"x"}"#,
            r#"{"Name":"a","Ratio":1,"At":true}"#,
            r#"{"Name":null,"Ratio":1}"#,
            r#"{}"#,
            r#""text""#,
            r#"null"#,
        ] {
            read_alike(json);
        }
    }

    /// Unlike a derived one, a structure is read from a map only: a JSON array is not one.
    #[test]
    fn structures_are_not_read_from_sequences() {
        let json = r#"["a", 1, null, 1.5]"#;
        assert!(serde_json::from_str::<Derived>(json).is_ok());
        let error = serde_json::from_str::<Written>(json).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid type: sequence, expected struct Written"),
            "{error}"
        );
    }

    #[test]
    fn structures_write_as_derived_ones_do() {
        let at = Timestamp::from_millisecond(1_700_000_000_500).ok();
        for (count, at, ratio) in [(None, None, 1.0), (Some(3), at, f64::INFINITY)] {
            let derived = Derived {
                name: "n".to_owned(),
                count,
                at,
                ratio,
            };
            let json = serde_json::to_string(&derived).unwrap();
            assert_eq!(
                serde_json::to_string(&Written::from(derived)).unwrap(),
                json
            );
        }
    }

    #[test]
    fn keys_are_read_from_strings_bytes_and_indexes() {
        use serde::de::IntoDeserializer as _;
        use serde::de::value::{BytesDeserializer, Error, StringDeserializer, U64Deserializer};
        let fields = MemberKey(&["a", "b"]);
        let text = |key: Result<Key<'_>, Error>| key.map(|key| key.as_str().to_owned());
        let str: serde::de::value::StrDeserializer<'_, Error> = "b".into_deserializer();
        assert_eq!(text(fields.deserialize(str)), Ok("b".to_owned()));
        let string: StringDeserializer<Error> = "new".to_owned().into_deserializer();
        assert_eq!(text(fields.deserialize(string)), Ok("new".to_owned()));
        let bytes: BytesDeserializer<'_, Error> = BytesDeserializer::new(b"a");
        assert_eq!(text(fields.deserialize(bytes)), Ok("a".to_owned()));
        let bytes: BytesDeserializer<'_, Error> = BytesDeserializer::new(b"unknown");
        assert_eq!(text(fields.deserialize(bytes)), Ok(String::new()));
        let bytes: BytesDeserializer<'_, Error> = BytesDeserializer::new(&[0xff]);
        assert_eq!(text(fields.deserialize(bytes)), Ok(String::new()));
        let number: U64Deserializer<Error> = 1u64.into_deserializer();
        assert_eq!(text(fields.deserialize(number)), Ok("b".to_owned()));
        let number: U64Deserializer<Error> = 9u64.into_deserializer();
        assert_eq!(text(fields.deserialize(number)), Ok(String::new()));
    }

    /// A key a reader cannot lend (an escaped one) is read all the same.
    #[test]
    fn keys_of_readers_are_read() {
        let json = r#"{"N\u0061me":"a","Ratio":1,"Other":2}"#;
        let read: Written = serde_json::from_reader(json.as_bytes()).unwrap();
        assert_eq!(read.name, "a");
        read_alike(json);
    }

    #[derive(Debug, PartialEq)]
    struct Value(String);

    impl From<&str> for Value {
        fn from(value: &str) -> Self {
            Self(value.to_owned())
        }
    }

    impl From<String> for Value {
        fn from(value: String) -> Self {
            Self(value)
        }
    }

    #[test]
    fn enums_read_as_strings_do() {
        let read = |json: &str| {
            let mut deserializer = serde_json::Deserializer::from_str(json);
            deserialize_enum::<Value, _>(&mut deserializer).map_err(|e| e.to_string())
        };
        assert_eq!(read(r#""A\u0042""#), Ok(Value("AB".to_owned())));
        assert_eq!(read(r#""plain""#), Ok(Value("plain".to_owned())));
        assert_eq!(
            read("1"),
            serde_json::from_str::<String>("1")
                .map(Value)
                .map_err(|e| e.to_string())
        );
    }
}
