//! A CBOR reader of its own for comparing request bodies as botocore's runner does (decoded,
//! with its `RpcV2CBORParser`), apart from the runtime's reader under test: maps as objects
//! without their `null` entries, tag 1 (a timestamp) as its number of seconds, byte strings as
//! `bytes:<hex>`, non-finite floats as `"NaN"`, `"Infinity"` and `"-Infinity"`.

use serde_json::{Map, Value};

/// The one item of `bytes`.
pub fn decode(bytes: &[u8]) -> Result<Value, String> {
    let mut input = Input { bytes, at: 0 };
    let value = input.item()?.ok_or("a break outside an indefinite item")?;
    if input.at != bytes.len() {
        return Err(format!("{} bytes follow the item", bytes.len() - input.at));
    }
    Ok(value)
}

struct Input<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Input<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let slice = self
            .bytes
            .get(self.at..self.at + n)
            .ok_or("the body ends early")?;
        self.at += n;
        Ok(slice)
    }

    /// The argument of additional information `info`; `None` for an indefinite length.
    fn argument(&mut self, info: u8) -> Result<Option<u64>, String> {
        Ok(match info {
            0..24 => Some(u64::from(info)),
            24..=27 => Some(
                self.take(1 << (info - 24))?
                    .iter()
                    .fold(0, |n, b| n << 8 | u64::from(*b)),
            ),
            31 => None,
            _ => return Err(format!("additional information {info}")),
        })
    }

    /// The next item, or `None` at a break.
    fn item(&mut self) -> Result<Option<Value>, String> {
        let initial = self.take(1)?[0];
        if initial == 0xff {
            return Ok(None);
        }
        let (major, info) = (initial >> 5, initial & 0x1f);
        let argument = self.argument(info)?;
        let length = || argument.ok_or("an indefinite length where none may be");
        Ok(Some(match major {
            0 => Value::from(length()?),
            1 => Value::from(-1 - length()? as i64),
            2 | 3 => {
                let bytes = match argument {
                    Some(n) => self.take(n as usize)?.to_vec(),
                    None => {
                        let mut joined = Vec::new();
                        while self.bytes.get(self.at) != Some(&0xff) {
                            let chunk = self.take(1)?[0];
                            let n = self.argument(chunk & 0x1f)?.ok_or("a nested chunk")?;
                            joined.extend_from_slice(self.take(n as usize)?);
                        }
                        self.at += 1;
                        joined
                    }
                };
                if major == 3 {
                    Value::from(String::from_utf8(bytes).map_err(|e| e.to_string())?)
                } else {
                    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                    Value::from(format!("bytes:{hex}"))
                }
            }
            4 => {
                let mut items = Vec::new();
                while argument.is_none_or(|n| (items.len() as u64) < n) {
                    match self.item()? {
                        Some(item) => items.push(item),
                        None if argument.is_none() => break,
                        None => return Err("a break inside a list".to_owned()),
                    }
                }
                Value::Array(items)
            }
            5 => {
                let mut object = Map::new();
                let mut read = 0;
                while argument.is_none_or(|n| read < n) {
                    let key = match self.item()? {
                        Some(Value::String(key)) => key,
                        Some(other) => other.to_string(),
                        None if argument.is_none() => break,
                        None => return Err("a break inside a map".to_owned()),
                    };
                    let value = self.item()?.ok_or("a map without a value")?;
                    if !value.is_null() {
                        object.insert(key, value);
                    }
                    read += 1;
                }
                Value::Object(object)
            }
            6 => {
                let value = self.item()?.ok_or("a tag without an item")?;
                match (length()?, &value) {
                    (1, Value::Number(_)) => value,
                    (tag, _) => return Err(format!("tag {tag} of {value}")),
                }
            }
            _ => match info {
                20 => Value::Bool(false),
                21 => Value::Bool(true),
                22 | 23 => Value::Null,
                25..=27 => {
                    let bits = length()?;
                    let float = match info {
                        25 => half(bits as u16),
                        26 => f64::from(f32::from_bits(bits as u32)),
                        _ => f64::from_bits(bits),
                    };
                    match serde_json::Number::from_f64(float) {
                        Some(number) => Value::Number(number),
                        None if float.is_nan() => Value::from("NaN"),
                        None if float > 0.0 => Value::from("Infinity"),
                        None => Value::from("-Infinity"),
                    }
                }
                _ => return Err(format!("simple value {info}")),
            },
        }))
    }
}

/// A half-precision float.
fn half(bits: u16) -> f64 {
    let sign = if bits >> 15 == 1 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f64::from(bits & 0x3ff) / 1024.0;
    sign * match exponent {
        0 => fraction * 2f64.powi(-14),
        31 if fraction == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + fraction) * 2f64.powi(exponent - 15),
    }
}
