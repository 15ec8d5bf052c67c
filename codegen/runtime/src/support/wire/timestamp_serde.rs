//! The serde form of timestamps in JSON documents, for members whose format is not ISO 8601
//! (`#[serde(with = "...")]`).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{TimestampAs, TimestampFormat, timestamp_from_json};
use crate::support::Timestamp;

fn write<S: Serializer>(
    value: &Timestamp,
    format: TimestampFormat,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    TimestampAs(value, format).serialize(serializer)
}

fn read<'de, D: Deserializer<'de>>(
    format: TimestampFormat,
    deserializer: D,
) -> Result<Timestamp, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    timestamp_from_json(&value, format).map_err(D::Error::custom)
}

fn write_list<S: Serializer>(
    values: &[Timestamp],
    format: TimestampFormat,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(values.iter().map(|value| TimestampAs(value, format)))
}

fn read_list(
    values: Vec<serde_json::Value>,
    format: TimestampFormat,
) -> Result<Vec<Timestamp>, String> {
    values
        .iter()
        .map(|value| timestamp_from_json(value, format))
        .collect()
}

macro_rules! format_module {
    ($name:ident, $option:ident, $list:ident, $list_option:ident, $format:expr, $doc:literal) => {
        #[doc = $doc]
        pub mod $name {
            use super::*;

            /// Writes the timestamp.
            pub fn serialize<S: Serializer>(
                value: &Timestamp,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                write(value, $format, serializer)
            }

            /// Reads the timestamp.
            pub fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Timestamp, D::Error> {
                read($format, deserializer)
            }
        }

        #[doc = $doc]
        /// For an optional member.
        pub mod $option {
            use super::*;

            /// Writes the timestamp, if any.
            pub fn serialize<S: Serializer>(
                value: &Option<Timestamp>,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                match value {
                    Some(value) => write(value, $format, serializer),
                    None => serializer.serialize_none(),
                }
            }

            /// Reads the timestamp, if any.
            pub fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Option<Timestamp>, D::Error> {
                match Option::<serde_json::Value>::deserialize(deserializer)? {
                    None | Some(serde_json::Value::Null) => Ok(None),
                    Some(value) => timestamp_from_json(&value, $format)
                        .map(Some)
                        .map_err(D::Error::custom),
                }
            }
        }

        #[doc = $doc]
        /// For a list.
        pub mod $list {
            use super::*;

            /// Writes the timestamps.
            pub fn serialize<S: Serializer>(
                values: &[Timestamp],
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                write_list(values, $format, serializer)
            }

            /// Reads the timestamps.
            pub fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Vec<Timestamp>, D::Error> {
                read_list(Vec::deserialize(deserializer)?, $format).map_err(D::Error::custom)
            }
        }

        #[doc = $doc]
        /// For an optional list.
        pub mod $list_option {
            use super::*;

            /// Writes the timestamps, if any.
            pub fn serialize<S: Serializer>(
                values: &Option<Vec<Timestamp>>,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                match values {
                    Some(values) => write_list(values, $format, serializer),
                    None => serializer.serialize_none(),
                }
            }

            /// Reads the timestamps, if any.
            pub fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Option<Vec<Timestamp>>, D::Error> {
                match Option::<Vec<serde_json::Value>>::deserialize(deserializer)? {
                    None => Ok(None),
                    Some(values) => read_list(values, $format)
                        .map(Some)
                        .map_err(D::Error::custom),
                }
            }
        }
    };
}

format_module!(
    epoch_seconds,
    epoch_seconds_option,
    epoch_seconds_list,
    epoch_seconds_list_option,
    TimestampFormat::EpochSeconds,
    "Seconds since the epoch, as a JSON number."
);
format_module!(
    http_date,
    http_date_option,
    http_date_list,
    http_date_list_option,
    TimestampFormat::HttpDate,
    "An HTTP date, as a JSON string."
);
