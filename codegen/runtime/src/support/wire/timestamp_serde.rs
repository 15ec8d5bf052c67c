//! The serde form of timestamps in JSON documents, for members whose format is not ISO 8601:
//! [`EpochSeconds`] and [`HttpDate`] wrap a member (a timestamp, a list of them, or an option of
//! either) to write or read it, and the modules below are the same rules for
//! `#[serde(with = "...")]`.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::serde_form::Wrapper;
use super::{TimestampAs, TimestampFormat, timestamp_from_json};
use crate::support::Timestamp;

/// A member that holds timestamps: a timestamp, a list of them, or an option of either.
pub trait Timestamps: Sized {
    /// Writes the value, each timestamp in `format`.
    fn write<S: Serializer>(
        &self,
        format: TimestampFormat,
        serializer: S,
    ) -> Result<S::Ok, S::Error>;

    /// Reads the value, each timestamp in `format`.
    fn read<'de, D: Deserializer<'de>>(
        format: TimestampFormat,
        deserializer: D,
    ) -> Result<Self, D::Error>;
}

impl Timestamps for Timestamp {
    fn write<S: Serializer>(
        &self,
        format: TimestampFormat,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        TimestampAs(self, format).serialize(serializer)
    }

    fn read<'de, D: Deserializer<'de>>(
        format: TimestampFormat,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        timestamp_from_json(&value, format).map_err(D::Error::custom)
    }
}

impl Timestamps for Option<Timestamp> {
    fn write<S: Serializer>(
        &self,
        format: TimestampFormat,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.write(format, serializer),
            None => serializer.serialize_none(),
        }
    }

    fn read<'de, D: Deserializer<'de>>(
        format: TimestampFormat,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(value) => timestamp_from_json(&value, format)
                .map(Some)
                .map_err(D::Error::custom),
        }
    }
}

impl Timestamps for Vec<Timestamp> {
    fn write<S: Serializer>(
        &self,
        format: TimestampFormat,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(|value| TimestampAs(value, format)))
    }

    fn read<'de, D: Deserializer<'de>>(
        format: TimestampFormat,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        read_list(Vec::deserialize(deserializer)?, format).map_err(D::Error::custom)
    }
}

impl Timestamps for Option<Vec<Timestamp>> {
    fn write<S: Serializer>(
        &self,
        format: TimestampFormat,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match self {
            Some(values) => values.write(format, serializer),
            None => serializer.serialize_none(),
        }
    }

    fn read<'de, D: Deserializer<'de>>(
        format: TimestampFormat,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        match Option::<Vec<serde_json::Value>>::deserialize(deserializer)? {
            None => Ok(None),
            Some(values) => read_list(values, format)
                .map(Some)
                .map_err(D::Error::custom),
        }
    }
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

macro_rules! format_wrapper {
    ($name:ident, $format:expr, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct $name<T>(pub T);

        impl<T: Timestamps> Serialize for $name<&T> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.0.write($format, serializer)
            }
        }

        impl<'de, T: Timestamps> Deserialize<'de> for $name<T> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                T::read($format, deserializer).map($name)
            }
        }

        impl<T> Wrapper for $name<T> {
            type Value = T;

            fn into_value(self) -> T {
                self.0
            }
        }
    };
}

format_wrapper!(
    EpochSeconds,
    TimestampFormat::EpochSeconds,
    " A member's timestamps as seconds since the epoch, JSON numbers: `EpochSeconds(&value)` to\n write it, `EpochSeconds<T>` to read it."
);
format_wrapper!(
    HttpDate,
    TimestampFormat::HttpDate,
    " A member's timestamps as HTTP dates, JSON strings: `HttpDate(&value)` to write it,\n `HttpDate<T>` to read it."
);

macro_rules! format_module {
    ($name:ident, $type:ty, $format:expr, $doc:literal) => {
        #[doc = $doc]
        pub mod $name {
            use super::*;

            /// Writes the value.
            pub fn serialize<S: Serializer>(
                value: &$type,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                value.write($format, serializer)
            }

            /// Reads the value.
            pub fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<$type, D::Error> {
                <$type>::read($format, deserializer)
            }
        }
    };
}

format_module!(
    epoch_seconds,
    Timestamp,
    TimestampFormat::EpochSeconds,
    "Seconds since the epoch, as a JSON number."
);
format_module!(
    epoch_seconds_option,
    Option<Timestamp>,
    TimestampFormat::EpochSeconds,
    "Seconds since the epoch, as a JSON number, for an optional member."
);
format_module!(
    epoch_seconds_list,
    Vec<Timestamp>,
    TimestampFormat::EpochSeconds,
    "Seconds since the epoch, as JSON numbers, for a list."
);
format_module!(
    epoch_seconds_list_option,
    Option<Vec<Timestamp>>,
    TimestampFormat::EpochSeconds,
    "Seconds since the epoch, as JSON numbers, for an optional list."
);
format_module!(
    http_date,
    Timestamp,
    TimestampFormat::HttpDate,
    "An HTTP date, as a JSON string."
);
format_module!(
    http_date_option,
    Option<Timestamp>,
    TimestampFormat::HttpDate,
    "An HTTP date, as a JSON string, for an optional member."
);
format_module!(
    http_date_list,
    Vec<Timestamp>,
    TimestampFormat::HttpDate,
    "HTTP dates, as JSON strings, for a list."
);
format_module!(
    http_date_list_option,
    Option<Vec<Timestamp>>,
    TimestampFormat::HttpDate,
    "HTTP dates, as JSON strings, for an optional list."
);
