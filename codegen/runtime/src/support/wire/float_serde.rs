//! The serde form of float members in JSON documents (`#[serde(with = "...::float_serde")]`): a
//! finite value is the JSON number serde writes for it; NaN and the infinities, which JSON has no
//! number for, are the strings `"NaN"`, `"Infinity"` and `"-Infinity"`, as restJson1 and awsJson
//! write them. Both forms are read back. Lists and maps of floats (at any depth) follow the same
//! rule through [`JsonFloats`]; a map's `null` entries are skipped when read.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::map_serde::without_nulls;
use super::serde_form::Wrapper;
use super::text::{non_finite_from_text, non_finite_text};

/// A value that holds floats: `f32`, `f64`, and options, lists and maps of them.
pub trait JsonFloats: Sized {
    /// Writes the value, a non-finite float as its string.
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;

    /// Reads the value, a float from a number or one of the strings.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Writes `value` (the `with` form of a field).
pub fn serialize<T: JsonFloats, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.write(serializer)
}

/// Reads a value (the `with` form of a field).
pub fn deserialize<'de, T: JsonFloats, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::read(deserializer)
}

/// A value that holds floats, serialized and deserialized by the rule of this module:
/// `Floats(&value)` to write one, `Floats<T>` to read one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Floats<T>(pub T);

impl<T: JsonFloats> Serialize for Floats<&T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

impl<'de, T: JsonFloats> Deserialize<'de> for Floats<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Floats)
    }
}

impl<T> Wrapper for Floats<T> {
    type Value = T;

    fn into_value(self) -> T {
        self.0
    }
}

/// Reads a float of type `F` from a JSON number or one of the strings.
struct FloatVisitor<F>(PhantomData<F>);

trait Float: Copy {
    fn from_f64(value: f64) -> Self;
}

impl Float for f64 {
    fn from_f64(value: f64) -> Self {
        value
    }
}

impl Float for f32 {
    fn from_f64(value: f64) -> Self {
        value as f32
    }
}

impl<F: Float> Visitor<'_> for FloatVisitor<F> {
    type Value = F;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a number, or "NaN", "Infinity" or "-Infinity""#)
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<F, E> {
        Ok(F::from_f64(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<F, E> {
        Ok(F::from_f64(value as f64))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<F, E> {
        Ok(F::from_f64(value as f64))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<F, E> {
        match non_finite_from_text(value) {
            Some(float) => Ok(F::from_f64(float)),
            None => Err(E::invalid_value(serde::de::Unexpected::Str(value), &self)),
        }
    }
}

impl JsonFloats for f64 {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite_text(*self) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f64(*self),
        }
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FloatVisitor(PhantomData))
    }
}

impl JsonFloats for f32 {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite_text(f64::from(*self)) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f32(*self),
        }
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FloatVisitor(PhantomData))
    }
}

impl<T: JsonFloats> JsonFloats for Option<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.write(serializer),
            None => serializer.serialize_none(),
        }
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<Floats<T>>::deserialize(deserializer).map(|value| value.map(|value| value.0))
    }
}

impl<T: JsonFloats> JsonFloats for Vec<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Floats))
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Floats<T>>::deserialize(deserializer)
            .map(|values| values.into_iter().map(|value| value.0).collect())
    }
}

impl<K: Serialize + DeserializeOwned + Ord, T: JsonFloats> JsonFloats for BTreeMap<K, T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, Floats(value))))
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A `null` entry, which a dense map cannot hold, is skipped.
        let map = BTreeMap::<K, Option<Floats<T>>>::deserialize(deserializer)?;
        Ok(without_nulls(map)
            .into_iter()
            .map(|(key, value)| (key, value.0))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Sample {
        #[serde(with = "super", default, skip_serializing_if = "Option::is_none")]
        single: Option<f32>,
        #[serde(with = "super")]
        double: f64,
        #[serde(with = "super", default, skip_serializing_if = "Option::is_none")]
        list: Option<Vec<f64>>,
        #[serde(with = "super", default, skip_serializing_if = "Option::is_none")]
        map: Option<BTreeMap<String, f32>>,
    }

    #[test]
    fn finite_values_are_the_numbers_serde_writes() {
        let sample = Sample {
            single: Some(1.1),
            double: 2.0,
            list: Some(vec![0.5, -3.25]),
            map: Some(BTreeMap::from([("a".to_owned(), 1e-7)])),
        };
        let text = serde_json::to_string(&sample).unwrap();
        assert_eq!(
            text,
            r#"{"single":1.1,"double":2.0,"list":[0.5,-3.25],"map":{"a":1e-7}}"#
        );
        assert_eq!(serde_json::from_str::<Sample>(&text).unwrap(), sample);
        let integers: Sample = serde_json::from_str(r#"{"double":2,"single":-3}"#).unwrap();
        assert_eq!((integers.double, integers.single), (2.0, Some(-3.0)));
    }

    #[test]
    fn non_finite_values_are_strings_both_ways() {
        let sample = Sample {
            single: Some(f32::INFINITY),
            double: f64::NEG_INFINITY,
            list: Some(vec![f64::NAN]),
            map: Some(BTreeMap::from([("a".to_owned(), f32::NEG_INFINITY)])),
        };
        let text = serde_json::to_string(&sample).unwrap();
        assert_eq!(
            text,
            r#"{"single":"Infinity","double":"-Infinity","list":["NaN"],"map":{"a":"-Infinity"}}"#
        );
        let read: Sample = serde_json::from_str(&text).unwrap();
        assert_eq!(read.single, Some(f32::INFINITY));
        assert_eq!(read.double, f64::NEG_INFINITY);
        assert!(read.list.unwrap()[0].is_nan());
    }

    #[test]
    fn absent_and_null_are_none_and_other_strings_are_errors() {
        let read: Sample = serde_json::from_str(r#"{"double":1,"single":null}"#).unwrap();
        assert_eq!((read.single, read.list, read.map), (None, None, None));
        let read: Sample = serde_json::from_str(r#"{"double":1,"map":{"a":null}}"#).unwrap();
        assert_eq!(read.map, Some(BTreeMap::new()));
        let error = serde_json::from_str::<Sample>(r#"{"double":"nan"}"#).unwrap_err();
        assert!(
            error.to_string().contains(r#"expected a number, or "NaN""#),
            "{error}"
        );
        assert!(serde_json::from_str::<Sample>(r#"{"double":true}"#).is_err());
    }
}
