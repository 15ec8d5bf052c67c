//! The paths of `operationContextParams`: the part of JMESPath that botocore's models use to
//! pick an endpoint parameter out of an operation's input (`TableCreationParameters.TableName`,
//! `keys(RequestItems)`, `TransactItems[*].Get.TableName`,
//! `TransactItems[*].[Put.TableName, Delete.TableName][]`), evaluated on the input's serde form.

use serde_json::Value;

/// A parsed path, e.g. `TransactItems[*].Get.TableName`.
#[derive(Debug, Clone, PartialEq)]
pub struct Path(Vec<Step>);

#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// A member of an object.
    Field(String),
    /// `[*]`: the rest of the path on each element of a list, the results that are set kept.
    Each,
    /// `[a.b, c]`: a list of the values of these paths.
    List(Vec<Path>),
    /// `[]`: one level of lists flattened.
    Flatten,
    /// `keys(path)`: the names of an object's members.
    Keys(Box<Path>),
}

impl Path {
    /// Parses a path, or says what in it is not supported.
    pub fn parse(path: &str) -> Result<Self, String> {
        let mut rest = path.trim();
        let steps = parse_steps(&mut rest)?;
        if rest.is_empty() {
            Ok(Self(steps))
        } else {
            Err(format!("path `{path}`: unexpected `{rest}`"))
        }
    }

    /// The value the path picks out of `value`, if any.
    pub fn select(&self, value: &Value) -> Option<Value> {
        select(&self.0, value)
    }
}

fn parse_steps(rest: &mut &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    loop {
        *rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("keys(") {
            *rest = after;
            let inner = parse_steps(rest)?;
            *rest = rest
                .trim_start()
                .strip_prefix(')')
                .ok_or("`keys(` without `)`")?;
            steps.push(Step::Keys(Box::new(Path(inner))));
        } else if let Some(after) = rest.strip_prefix("[*]") {
            *rest = after;
            steps.push(Step::Each);
        } else if let Some(after) = rest.strip_prefix("[]") {
            *rest = after;
            steps.push(Step::Flatten);
        } else if let Some(after) = rest.strip_prefix('[') {
            *rest = after;
            let mut paths = Vec::new();
            loop {
                paths.push(Path(parse_steps(rest)?));
                *rest = rest.trim_start();
                if let Some(after) = rest.strip_prefix(',') {
                    *rest = after;
                } else if let Some(after) = rest.strip_prefix(']') {
                    *rest = after;
                    break;
                } else {
                    return Err(format!("expected `,` or `]` at `{rest}`"));
                }
            }
            steps.push(Step::List(paths));
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if end == 0 || rest.starts_with(|c: char| c.is_ascii_digit()) {
                return Err(format!("expected a name at `{rest}`"));
            }
            steps.push(Step::Field(rest[..end].to_owned()));
            *rest = &rest[end..];
        }
        // A step is followed by `.`, by a bracket, or ends the path (or a list's item).
        if let Some(after) = rest.strip_prefix('.') {
            *rest = after;
        } else if !rest.starts_with('[') {
            return Ok(steps);
        }
    }
}

fn select(steps: &[Step], value: &Value) -> Option<Value> {
    let Some((step, rest)) = steps.split_first() else {
        return (!value.is_null()).then(|| value.clone());
    };
    match step {
        Step::Field(name) => select(rest, value.get(name)?),
        Step::Keys(path) => {
            let keys = path.select(value)?;
            let keys = keys.as_object()?.keys().cloned().map(Value::String);
            select(rest, &Value::Array(keys.collect()))
        }
        // A projection runs to the end of the path, or to a `[]`, which flattens its results.
        Step::Each => {
            let end = rest
                .iter()
                .position(|s| *s == Step::Flatten)
                .unwrap_or(rest.len());
            let (each, after) = rest.split_at(end);
            let results = value
                .as_array()?
                .iter()
                .filter_map(|item| select(each, item))
                .collect();
            select(after, &Value::Array(results))
        }
        Step::List(paths) => {
            let items = paths
                .iter()
                .map(|path| path.select(value).unwrap_or(Value::Null))
                .collect();
            select(rest, &Value::Array(items))
        }
        Step::Flatten => {
            let mut flat = Vec::new();
            for item in value.as_array()? {
                match item {
                    Value::Array(inner) => {
                        flat.extend(inner.iter().filter(|v| !v.is_null()).cloned())
                    }
                    Value::Null => {}
                    other => flat.push(other.clone()),
                }
            }
            select(rest, &Value::Array(flat))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn select(path: &str, value: &Value) -> Option<Value> {
        Path::parse(path).ok()?.select(value)
    }

    #[test]
    fn botocores_paths_pick_their_values() {
        let input = json!({
            "RequestItems": {"a": [], "b": []},
            "TableCreationParameters": {"TableName": "t"},
            "TransactItems": [
                {"Get": {"TableName": "g1"}},
                {"Put": {"TableName": "p"}},
                {"Delete": {"TableName": "d"}},
                {"Get": {"TableName": "g2"}}
            ]
        });
        assert_eq!(
            select("keys(RequestItems)", &input),
            Some(json!(["a", "b"]))
        );
        assert_eq!(
            select("TableCreationParameters.TableName", &input),
            Some(json!("t"))
        );
        assert_eq!(
            select("TransactItems[*].Get.TableName", &input),
            Some(json!(["g1", "g2"]))
        );
        assert_eq!(
            select(
                "TransactItems[*].[ConditionCheck.TableName, Put.TableName, Delete.TableName, Update.TableName][]",
                &input
            ),
            Some(json!(["p", "d"]))
        );
        assert_eq!(select("Missing.TableName", &input), None);
    }

    #[test]
    fn other_paths_are_errors() {
        for path in ["a[0]", "a || b", "keys(a", "[a, b", "", "a.`b`"] {
            assert!(Path::parse(path).is_err(), "{path}");
        }
    }
}
