//! JMESPath, compiled: the expressions of paginators and waiters files become field accesses
//! the emitter writes as plain Rust, with no JMESPath at run time.
//!
//! This module is the subset that botocore's paginators write their tokens and result keys in,
//! parsed once and resolved against a service's shapes, so that validation reports what does
//! not resolve and lowering turns the rest into [`ir::MemberPath`]s: member names joined by
//! `.`, a list's elements flattened by `[]` or one element taken by `[n]` (`[-1]` is the last),
//! and alternatives joined by `||` (the first that is present), e.g.
//! `NextMarker || Contents[-1].Key`, `DistributionList.NextMarker`,
//! `Reservations[].Instances[]`. Every expression of botocore's `paginators-1.json` files is in
//! it. [`expression`] is the richer subset of waiters.

pub mod expression;

use std::collections::BTreeMap;

use crate::ir::{self, PathStep, Shape, ShapeId, ShapeKind};

/// A parsed expression: one path, or several joined by `||`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr {
    /// The alternatives, in order; never empty.
    pub alternatives: Vec<Path>,
}

/// One path: member names, flattenings and indexes, in order; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path(pub Vec<Step>);

/// One step of a [`Path`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A structure's member, by wire name.
    Field(String),
    /// `[]`: every element of a list.
    Flatten,
    /// `[n]`: one element of a list, counted from the end when negative.
    Index(i64),
}

/// Parses an expression of the subset, or says what in it is not.
pub fn parse(text: &str) -> Result<Expr, String> {
    let alternatives = text
        .split("||")
        .map(|alternative| parse_path(alternative.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Expr { alternatives })
}

fn parse_path(text: &str) -> Result<Path, String> {
    if text.is_empty() {
        return Err("an empty path".to_owned());
    }
    let mut steps = Vec::new();
    for segment in text.split('.') {
        let name_end = segment.find('[').unwrap_or(segment.len());
        let (name, mut rest) = segment.split_at(name_end);
        if !is_identifier(name) {
            return Err(format!(
                "`{segment}` does not start with a member name (letters, digits, `_`)"
            ));
        }
        steps.push(Step::Field(name.to_owned()));
        while !rest.is_empty() {
            let Some(close) = rest.find(']') else {
                return Err(format!("`{segment}` has a `[` without `]`"));
            };
            let inside = &rest[1..close];
            steps.push(if inside.is_empty() {
                Step::Flatten
            } else {
                Step::Index(inside.parse().map_err(|_| {
                    format!("`[{inside}]` in `{segment}` is neither `[]` nor an index like `[-1]`")
                })?)
            });
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(format!("`{segment}` has `{rest}` after `]`"));
            }
        }
    }
    Ok(Path(steps))
}

fn is_identifier(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A path resolved against the shapes: its steps, each member with its Rust name, and the shape
/// it ends at.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The steps, members resolved.
    pub steps: Vec<PathStep>,
    /// The shape of the values the path ends at.
    pub target: ShapeId,
    /// Whether the path may give several values (it flattens a list).
    pub many: bool,
}

/// Resolves `path` from a value of shape `start`, or says which step does not resolve.
pub fn resolve(
    shapes: &BTreeMap<ShapeId, Shape>,
    start: &ShapeId,
    path: &Path,
) -> Result<Resolved, String> {
    let mut target = start.clone();
    let mut steps = Vec::new();
    let mut many = false;
    for step in &path.0 {
        let Some(shape) = shapes.get(&target) else {
            return Err(format!("no shape named `{}`", target.0));
        };
        match (step, &shape.kind) {
            (Step::Field(name), _) => {
                let member = member(shape, name)?;
                target = member.target.clone();
                steps.push(PathStep::Field(Box::new(member.clone())));
            }
            (Step::Flatten | Step::Index(_), ShapeKind::List { member }) => {
                target = member.clone();
                if *step == Step::Flatten {
                    many = true;
                }
                steps.push(match step {
                    Step::Index(index) => PathStep::Index(*index),
                    _ => PathStep::Flatten,
                });
            }
            (Step::Flatten | Step::Index(_), _) => {
                return Err(format!(
                    "`{}` is no list: `[]` and `[n]` take a list's elements",
                    shape.wire_name
                ));
            }
        }
    }
    Ok(Resolved {
        steps,
        target,
        many,
    })
}

/// The member `name` of structure `shape`, or why there is none (with the names it has that
/// are close).
pub fn member<'s>(shape: &'s Shape, name: &str) -> Result<&'s ir::Member, String> {
    let ShapeKind::Structure(structure) = &shape.kind else {
        return Err(format!(
            "`{}` is no structure: it has no member `{name}`",
            shape.wire_name
        ));
    };
    structure
        .members
        .iter()
        .find(|m| m.wire_name == name)
        .ok_or_else(|| {
            let names = structure.members.iter().map(|m| m.wire_name.as_str());
            let hint = crate::diagnostic::did_you_mean(&crate::diagnostic::closest(name, names, 3))
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            format!("`{}` has no member `{name}`{hint}", shape.wire_name)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str) -> Step {
        Step::Field(name.to_owned())
    }

    #[test]
    fn paths_of_botocore_paginators_parse() {
        assert_eq!(
            parse("NextMarker || Contents[-1].Key"),
            Ok(Expr {
                alternatives: vec![
                    Path(vec![field("NextMarker")]),
                    Path(vec![field("Contents"), Step::Index(-1), field("Key")]),
                ]
            })
        );
        assert_eq!(
            parse("Reservations[].Instances[]"),
            Ok(Expr {
                alternatives: vec![Path(vec![
                    field("Reservations"),
                    Step::Flatten,
                    field("Instances"),
                    Step::Flatten,
                ])]
            })
        );
        assert_eq!(
            parse("a.b"),
            Ok(Expr {
                alternatives: vec![Path(vec![field("a"), field("b")])]
            })
        );
    }

    #[test]
    fn what_is_not_in_the_subset_is_an_error() {
        for text in [
            "",
            "a.",
            "a[",
            "a[x]",
            "a[0]b",
            "length(a)",
            "a || ",
            "a[?b]",
        ] {
            assert!(parse(text).is_err(), "{text:?} parsed");
        }
    }
}
