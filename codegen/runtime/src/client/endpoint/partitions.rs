//! `aws.partition`: which partition a region belongs to, and that partition's facts (DNS
//! suffixes, FIPS and dual-stack support), from botocore's `partitions.json`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value;

use super::partitions_data::PARTITIONS_JSON;

/// One partition: its region pattern, its outputs, and its named regions, each with its own
/// outputs when it overrides some of the partition's.
#[derive(Debug)]
pub(super) struct Partition {
    id: String,
    pattern: RegionPattern,
    regions: BTreeMap<String, Option<Value>>,
    outputs: Value,
}

/// The partitions of `text` (botocore's `partitions.json` form), in the file's order.
pub(super) fn parse(text: &str) -> Result<Vec<Partition>, String> {
    let document: Value =
        serde_json::from_str(text).map_err(|e| format!("partitions are not JSON: {e}"))?;
    let list = document
        .get("partitions")
        .and_then(Value::as_array)
        .ok_or("partitions: no `partitions` array")?;
    list.iter()
        .map(|partition| {
            let field = |name: &str| {
                partition
                    .get(name)
                    .ok_or_else(|| format!("partitions: a partition without `{name}`"))
            };
            let id = field("id")?
                .as_str()
                .ok_or("partitions: `id` is not a string")?
                .to_owned();
            let object = |name: &str| {
                field(name)?
                    .as_object()
                    .cloned()
                    .ok_or_else(|| format!("partition `{id}`: `{name}` is not an object"))
            };
            let pattern = field("regionRegex")?
                .as_str()
                .ok_or_else(|| format!("partition `{id}`: `regionRegex` is not a string"))?;
            let outputs = object("outputs")?;
            // A region's own outputs: the partition's, with the region's values over them.
            let regions = object("regions")?
                .into_iter()
                .map(|(region, values)| {
                    let overrides: Vec<(&String, &Value)> = values
                        .as_object()
                        .into_iter()
                        .flatten()
                        .filter(|(key, _)| *key != "description")
                        .collect();
                    let own = (!overrides.is_empty()).then(|| {
                        let mut own = outputs.clone();
                        for (key, value) in overrides {
                            own.insert(key.clone(), value.clone());
                        }
                        Value::Object(own)
                    });
                    (region, own)
                })
                .collect();
            Ok(Partition {
                pattern: RegionPattern::parse(pattern)
                    .map_err(|e| format!("partition `{id}`: `regionRegex` {pattern:?}: {e}"))?,
                regions,
                outputs: Value::Object(outputs),
                id,
            })
        })
        .collect()
}

/// The embedded partitions, read once.
fn embedded() -> Result<&'static [Partition], String> {
    static PARTITIONS: OnceLock<Result<Vec<Partition>, String>> = OnceLock::new();
    PARTITIONS
        .get_or_init(|| parse(PARTITIONS_JSON))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// `aws.partition(region)`: the outputs of the partition that lists the region, else of the
/// first whose pattern matches it, else of `aws`; a listed region's own values win over its
/// partition's. Errors only when the embedded table does not read.
pub(super) fn partition(region: &str) -> Result<Option<&'static Value>, String> {
    Ok(lookup(embedded()?, region))
}

/// [`partition`] over a given table.
fn lookup<'a>(partitions: &'a [Partition], region: &str) -> Option<&'a Value> {
    let listed = partitions
        .iter()
        .find_map(|p| Some(p.regions.get(region)?.as_ref().unwrap_or(&p.outputs)));
    listed.or_else(|| {
        partitions
            .iter()
            .find(|p| p.pattern.matches(region))
            .or_else(|| partitions.iter().find(|p| p.id == "aws"))
            .map(|p| &p.outputs)
    })
}

/// The regular expressions `partitions.json` writes its region patterns in:
/// `^(us|eu)\-\w+\-\d+$`: literal characters (escaped or not), groups of alternative words,
/// and `\w+`, `\d+`, anchored at both ends. Anything else does not parse, so that a new kind of
/// pattern is an error rather than a wrong match.
#[derive(Debug)]
struct RegionPattern(Vec<Piece>);

#[derive(Debug)]
enum Piece {
    Literal(char),
    OneOf(Vec<String>),
    /// One or more characters of the class: `\w` or `\d`.
    Many(fn(char) -> bool),
}

impl RegionPattern {
    fn parse(pattern: &str) -> Result<Self, String> {
        let inner = pattern
            .strip_prefix('^')
            .and_then(|p| p.strip_suffix('$'))
            .ok_or("not anchored with `^` and `$`")?;
        let mut pieces = Vec::new();
        let mut chars = inner.chars().peekable();
        while let Some(c) = chars.next() {
            let piece = match c {
                '\\' => {
                    let escaped = chars.next().ok_or("ends with `\\`")?;
                    let class: fn(char) -> bool = match escaped {
                        'w' => |c| c.is_ascii_alphanumeric() || c == '_',
                        'd' => |c| c.is_ascii_digit(),
                        c if c.is_ascii_punctuation() => {
                            pieces.push(Piece::Literal(c));
                            continue;
                        }
                        c => return Err(format!("unsupported escape `\\{c}`")),
                    };
                    if chars.next_if_eq(&'+').is_none() {
                        return Err(format!("`\\{escaped}` without `+`"));
                    }
                    Piece::Many(class)
                }
                '(' => {
                    let mut group = String::new();
                    loop {
                        match chars.next().ok_or("an unclosed group")? {
                            ')' => break,
                            c if c.is_ascii_alphanumeric() || c == '|' || c == '-' => group.push(c),
                            c => return Err(format!("unsupported `{c}` in a group")),
                        }
                    }
                    Piece::OneOf(group.split('|').map(str::to_owned).collect())
                }
                c if c.is_ascii_alphanumeric() || c == '-' => Piece::Literal(c),
                c => return Err(format!("unsupported `{c}`")),
            };
            pieces.push(piece);
        }
        Ok(Self(pieces))
    }

    fn matches(&self, text: &str) -> bool {
        matches_from(&self.0, text)
    }
}

/// Whether `pieces` match all of `text`, trying every split (the patterns are short).
fn matches_from(pieces: &[Piece], text: &str) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    match first {
        Piece::Literal(c) => text
            .strip_prefix(*c)
            .is_some_and(|tail| matches_from(rest, tail)),
        Piece::OneOf(words) => words.iter().any(|word| {
            text.strip_prefix(word.as_str())
                .is_some_and(|tail| matches_from(rest, tail))
        }),
        Piece::Many(class) => {
            let run = text.find(|c| !class(c)).unwrap_or(text.len());
            (1..=run).rev().any(|end| matches_from(rest, &text[end..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_partitions_read() {
        let partitions = embedded().map_err(|e| e.to_string());
        assert!(partitions.is_ok_and(|p| p.iter().any(|p| p.id == "aws-us-gov")));
    }

    #[test]
    fn regions_find_their_partition() {
        let name = |region: &str| {
            partition(region)
                .ok()
                .flatten()
                .and_then(|v| Some(v.get("name")?.as_str()?.to_owned()))
        };
        assert_eq!(name("us-west-2").as_deref(), Some("aws"));
        assert_eq!(name("cn-north-1").as_deref(), Some("aws-cn"));
        assert_eq!(name("us-gov-west-1").as_deref(), Some("aws-us-gov"));
        assert_eq!(name("us-isob-east-9").as_deref(), Some("aws-iso-b"));
        assert_eq!(name("aws-iso-global").as_deref(), Some("aws-iso"));
        // Unknown regions fall back to `aws`.
        assert_eq!(name("mars-east-1").as_deref(), Some("aws"));
    }

    #[test]
    fn patterns_match_as_regular_expressions_do() {
        let pattern = RegionPattern::parse(r"^(us|eu)\-\w+\-\d+$").map_err(|e| e.to_string());
        let Ok(pattern) = pattern else {
            return assert!(pattern.is_ok());
        };
        assert!(pattern.matches("us-west-2"));
        assert!(pattern.matches("eu-central-10"));
        assert!(!pattern.matches("us-gov-west-1"));
        assert!(!pattern.matches("us-west-"));
        assert!(!pattern.matches("ap-south-1"));
        assert!(RegionPattern::parse(r"^us.*$").is_err());
        assert!(RegionPattern::parse(r"us\-\w+").is_err());
    }
}
