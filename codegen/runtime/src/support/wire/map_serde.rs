//! The serde form of maps of lists in JSON documents (`#[serde(with = "...::map_serde")]`): written
//! as serde writes a map; a `null` entry, which a dense map cannot hold, is skipped when read, as
//! the SDKs skip it.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::serde_form::Wrapper;

/// A map whose `null` entries are skipped when read, or an option of one.
pub trait DenseMap: Sized {
    /// Writes the value.
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;

    /// Reads the value, without its `null` entries.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Writes `value` (the `with` form of a field).
pub fn serialize<T: DenseMap, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.write(serializer)
}

/// Reads a value (the `with` form of a field).
pub fn deserialize<'de, T: DenseMap, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::read(deserializer)
}

/// A map written and read by the rule of this module: `Dense(&value)` to write one, `Dense<T>` to
/// read one.
#[derive(Debug, Clone, PartialEq)]
pub struct Dense<T>(pub T);

impl<T: DenseMap> Serialize for Dense<&T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

impl<'de, T: DenseMap> Deserialize<'de> for Dense<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Dense)
    }
}

impl<T> Wrapper for Dense<T> {
    type Value = T;

    fn into_value(self) -> T {
        self.0
    }
}

impl<K, V> DenseMap for BTreeMap<K, V>
where
    K: Serialize + DeserializeOwned + Ord,
    V: Serialize + DeserializeOwned,
{
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize(serializer)
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::<K, Option<V>>::deserialize(deserializer).map(without_nulls)
    }
}

/// A map read with its `null` entries, without them.
pub(super) fn without_nulls<K: Ord, V>(map: BTreeMap<K, Option<V>>) -> BTreeMap<K, V> {
    map.into_iter()
        .filter_map(|(key, value)| Some((key, value?)))
        .collect()
}

impl<T: DenseMap> DenseMap for Option<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.write(serializer),
            None => serializer.serialize_none(),
        }
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<Dense<T>>::deserialize(deserializer).map(|value| value.map(|value| value.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Sample {
        #[serde(with = "super", default, skip_serializing_if = "Option::is_none")]
        sets: Option<BTreeMap<String, Vec<String>>>,
    }

    #[test]
    fn null_entries_are_skipped_and_the_rest_written_as_serde_writes_them() {
        let read: Sample =
            serde_json::from_str(r#"{"sets": {"x": [], "y": ["a"], "z": null}}"#).unwrap();
        let sets = BTreeMap::from([
            ("x".to_owned(), vec![]),
            ("y".to_owned(), vec!["a".to_owned()]),
        ]);
        assert_eq!(read, Sample { sets: Some(sets) });
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            r#"{"sets":{"x":[],"y":["a"]}}"#
        );
        let absent: Sample = serde_json::from_str(r#"{"sets": null}"#).unwrap();
        assert_eq!(absent, Sample { sets: None });
        assert!(serde_json::from_str::<Sample>(r#"{"sets": {"x": [1]}}"#).is_err());
    }
}
