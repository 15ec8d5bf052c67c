//! The JMESPath of botocore's waiters: paths with projections (`[]`, `.*`) and filters
//! (`[?...]`), `length()`, comparisons with literals (`'text'`, `` `0` ``), `&&`, `||`, `!` and
//! parentheses. [`parse`] reads an expression; [`compile`] types it against the shapes, from an
//! operation's output, into an [`ir::Expr`] that the emitter writes as plain Rust.

use std::collections::BTreeMap;

use crate::ir::{self, Comparator, Expr, Literal, Shape, ShapeId, ShapeKind, Ty};

/// An expression as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `@`, or where a path starts: the current value.
    Current,
    /// `a.b`: a member of a structure.
    Field(Box<Node>, String),
    /// `a[]`: a list's elements (a projection).
    Flatten(Box<Node>),
    /// `a.*`: a map's values (a projection).
    Values(Box<Node>),
    /// `a[?condition]`: the elements for which the condition holds.
    Filter(Box<Node>, Box<Node>),
    /// `length(a)`.
    Length(Box<Node>),
    /// `a == b` and the other comparisons.
    Compare(Box<Node>, Comparator, Box<Node>),
    /// `a && b`.
    And(Box<Node>, Box<Node>),
    /// `a || b`.
    Or(Box<Node>, Box<Node>),
    /// `!a`.
    Not(Box<Node>),
    /// `'text'` or `` `json` ``.
    Literal(Literal),
}

/// Parses an expression, or says where it leaves the subset.
pub fn parse(text: &str) -> Result<Node, String> {
    let mut parser = Parser {
        text,
        chars: text.char_indices().collect(),
        at: 0,
    };
    let node = parser.or()?;
    parser.skip_space();
    match parser.peek() {
        None => Ok(node),
        Some(c) => Err(format!("unexpected `{c}` at {}", parser.offset())),
    }
}

struct Parser<'t> {
    text: &'t str,
    chars: Vec<(usize, char)>,
    at: usize,
}

impl Parser<'_> {
    fn offset(&self) -> usize {
        self.chars.get(self.at).map_or(self.text.len(), |(i, _)| *i)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).map(|(_, c)| *c)
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    /// Consumes `token` (after spaces) if it is next.
    fn eat(&mut self, token: &str) -> bool {
        self.skip_space();
        let rest = &self.text[self.offset()..];
        if rest.starts_with(token) {
            self.at += token.chars().count();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, token: &str) -> Result<(), String> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(format!("expected `{token}` at {}", self.offset()))
        }
    }

    fn or(&mut self) -> Result<Node, String> {
        let mut left = self.and()?;
        while self.eat("||") {
            left = Node::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Node, String> {
        let mut left = self.not()?;
        while self.eat("&&") {
            left = Node::And(Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Node, String> {
        self.skip_space();
        if self.peek() == Some('!') && !self.text[self.offset()..].starts_with("!=") {
            self.at += 1;
            return Ok(Node::Not(Box::new(self.not()?)));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Node, String> {
        let left = self.postfix()?;
        const COMPARATORS: &[(&str, Comparator)] = &[
            ("==", Comparator::Eq),
            ("!=", Comparator::Ne),
            ("<=", Comparator::Le),
            (">=", Comparator::Ge),
            ("<", Comparator::Lt),
            (">", Comparator::Gt),
        ];
        for (token, comparator) in COMPARATORS {
            if self.eat(token) {
                let right = self.postfix()?;
                return Ok(Node::Compare(Box::new(left), *comparator, Box::new(right)));
            }
        }
        Ok(left)
    }

    fn postfix(&mut self) -> Result<Node, String> {
        let mut node = self.primary()?;
        loop {
            if self.eat("[]") {
                node = Node::Flatten(Box::new(node));
            } else if self.eat("[?") {
                let condition = self.or()?;
                self.expect("]")?;
                node = Node::Filter(Box::new(node), Box::new(condition));
            } else if self.eat(".*") {
                node = Node::Values(Box::new(node));
            } else if self.eat(".") {
                node = Node::Field(Box::new(node), self.identifier()?);
            } else {
                return Ok(node);
            }
        }
    }

    fn identifier(&mut self) -> Result<String, String> {
        self.skip_space();
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.at += 1;
        }
        let name: String = self.chars[start..self.at].iter().map(|(_, c)| c).collect();
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(format!("expected a member name at {}", self.offset()));
        }
        Ok(name)
    }

    fn primary(&mut self) -> Result<Node, String> {
        self.skip_space();
        match self.peek() {
            Some('(') => {
                self.at += 1;
                let node = self.or()?;
                self.expect(")")?;
                Ok(node)
            }
            Some('@') => {
                self.at += 1;
                Ok(Node::Current)
            }
            Some('\'') => self
                .delimited('\'')
                .map(|s| Node::Literal(Literal::String(s))),
            Some('`') => {
                let text = self.delimited('`')?;
                literal(text.trim()).map(Node::Literal)
            }
            Some(_) => {
                let name = self.identifier()?;
                if self.eat("(") {
                    if name != "length" {
                        return Err(format!(
                            "`{name}()` is not a function the generator compiles (only `length()` is)"
                        ));
                    }
                    let argument = self.or()?;
                    self.expect(")")?;
                    return Ok(Node::Length(Box::new(argument)));
                }
                Ok(Node::Field(Box::new(Node::Current), name))
            }
            None => Err("the expression ends early".to_owned()),
        }
    }

    /// The text up to the closing `end` (no escapes: botocore's waiters use none).
    fn delimited(&mut self, end: char) -> Result<String, String> {
        self.at += 1;
        let start = self.at;
        while self.peek().is_some_and(|c| c != end) {
            self.at += 1;
        }
        if self.peek().is_none() {
            return Err(format!("no closing `{end}`"));
        }
        let text = self.chars[start..self.at].iter().map(|(_, c)| c).collect();
        self.at += 1;
        Ok(text)
    }
}

/// A JSON literal between backticks: a number, `true`, `false`, `null` or a string.
fn literal(text: &str) -> Result<Literal, String> {
    match text {
        "true" => Ok(Literal::Bool(true)),
        "false" => Ok(Literal::Bool(false)),
        "null" => Ok(Literal::Null),
        _ => {
            if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
                return Ok(Literal::String(inner.to_owned()));
            }
            text.parse::<i64>()
                .map(Literal::Integer)
                .map_err(|_| format!("`{text}` is not a literal the generator compiles"))
        }
    }
}

/// Types `node` from a value of shape `start` (an operation's output).
pub fn compile(
    shapes: &BTreeMap<ShapeId, Shape>,
    start: &ShapeId,
    node: &Node,
) -> Result<Expr, String> {
    Compiler { shapes }.compile(node, &Ty::Value(start.clone()), true)
}

struct Compiler<'s> {
    shapes: &'s BTreeMap<ShapeId, Shape>,
}

impl Compiler<'_> {
    fn shape(&self, id: &ShapeId) -> Result<&Shape, String> {
        self.shapes
            .get(id)
            .ok_or_else(|| format!("no shape named `{}`", id.0))
    }

    fn kind(&self, ty: &Ty) -> Option<&ShapeKind> {
        match ty {
            Ty::Value(id) | Ty::Many(id) => self.shapes.get(id).map(|s| &s.kind),
            _ => None,
        }
    }

    /// `current` is the type of `@`; `root` whether `@` is the output itself.
    fn compile(&self, node: &Node, current: &Ty, root: bool) -> Result<Expr, String> {
        Ok(match node {
            Node::Current => Expr::Current {
                ty: current.clone(),
                root,
            },
            Node::Field(of, name) => {
                let of = self.compile(of, current, root)?;
                let (Ty::Value(id) | Ty::Many(id)) = of.ty() else {
                    return Err(format!("`{name}` of a value that has no members"));
                };
                let member = super::member(self.shape(&id)?, name)?;
                let ty = match of.ty() {
                    Ty::Many(_) => Ty::Many(member.target.clone()),
                    _ => Ty::Value(member.target.clone()),
                };
                Expr::Field {
                    of: Box::new(of),
                    member: Box::new(member.clone()),
                    ty,
                }
            }
            Node::Flatten(of) => {
                let of = self.compile(of, current, root)?;
                let ty = match (self.kind(&of.ty()), of.ty()) {
                    (Some(ShapeKind::List { member }), _) => Ty::Many(member.clone()),
                    (_, Ty::Many(id)) => Ty::Many(id),
                    _ => return Err("`[]` of a value that is no list".to_owned()),
                };
                Expr::Flatten {
                    of: Box::new(of),
                    ty,
                }
            }
            Node::Values(of) => {
                let of = self.compile(of, current, root)?;
                let ty = match (self.kind(&of.ty()), of.ty()) {
                    (Some(ShapeKind::Map { value, .. }), Ty::Value(_)) => Ty::Many(value.clone()),
                    _ => return Err("`.*` of a value that is no map".to_owned()),
                };
                Expr::Values {
                    of: Box::new(of),
                    ty,
                }
            }
            Node::Filter(of, condition) => {
                let of = self.compile(of, current, root)?;
                let element = match (self.kind(&of.ty()), of.ty()) {
                    (Some(ShapeKind::List { member }), Ty::Value(_)) => member.clone(),
                    _ => return Err("`[?...]` of a value that is no list".to_owned()),
                };
                let condition = self.compile(condition, &Ty::Value(element.clone()), false)?;
                if condition.ty() != Ty::Bool {
                    return Err("a filter whose condition is no comparison".to_owned());
                }
                Expr::Filter {
                    of: Box::new(of),
                    condition: Box::new(condition),
                    ty: Ty::Many(element),
                }
            }
            Node::Length(of) => {
                let of = self.compile(of, current, root)?;
                match (of.ty(), self.kind(&of.ty())) {
                    (Ty::Many(_), _)
                    | (
                        Ty::Value(_),
                        Some(ShapeKind::List { .. } | ShapeKind::Map { .. } | ShapeKind::String),
                    ) => {}
                    _ => {
                        return Err(
                            "`length()` of a value that is no list, map or string".to_owned()
                        );
                    }
                }
                Expr::Length(Box::new(of))
            }
            Node::Compare(left, comparator, right) => {
                let left = self.compile(left, current, root)?;
                let right = self.compile(right, current, root)?;
                for side in [&left, &right] {
                    if self.scalar(side).is_none() {
                        return Err(
                            "a comparison of a value that is no string, number or boolean"
                                .to_owned(),
                        );
                    }
                }
                let ordered = !matches!(comparator, Comparator::Eq | Comparator::Ne);
                if ordered
                    && [&left, &right]
                        .iter()
                        .any(|side| self.scalar(side) != Some(Scalar::Number))
                {
                    return Err("`<`, `<=`, `>` and `>=` compare numbers only".to_owned());
                }
                Expr::Compare {
                    left: Box::new(left),
                    comparator: *comparator,
                    right: Box::new(right),
                }
            }
            Node::And(left, right) | Node::Or(left, right) => {
                let left = self.compile(left, current, root)?;
                let right = self.compile(right, current, root)?;
                if left.ty() != Ty::Bool || right.ty() != Ty::Bool {
                    return Err("`&&` and `||` of values that are no comparisons".to_owned());
                }
                let (left, right) = (Box::new(left), Box::new(right));
                match node {
                    Node::And(..) => Expr::And(left, right),
                    _ => Expr::Or(left, right),
                }
            }
            Node::Not(of) => {
                let of = self.compile(of, current, root)?;
                if of.ty() != Ty::Bool {
                    return Err("`!` of a value that is no comparison".to_owned());
                }
                Expr::Not(Box::new(of))
            }
            Node::Literal(literal) => Expr::Literal(literal.clone()),
        })
    }

    /// What a comparison sees of a value: one string, number or boolean.
    fn scalar(&self, expr: &Expr) -> Option<Scalar> {
        match expr {
            Expr::Literal(Literal::String(_)) => Some(Scalar::String),
            Expr::Literal(Literal::Integer(_)) | Expr::Length(_) => Some(Scalar::Number),
            Expr::Literal(Literal::Bool(_)) => Some(Scalar::Bool),
            Expr::Literal(Literal::Null) => Some(Scalar::Null),
            _ => match (expr.ty(), self.kind(&expr.ty())) {
                (Ty::Bool, _) => Some(Scalar::Bool),
                (Ty::Value(_), Some(ShapeKind::String | ShapeKind::Enum(_))) => {
                    Some(Scalar::String)
                }
                (Ty::Value(_), Some(ShapeKind::Integer | ShapeKind::Long)) => Some(Scalar::Number),
                (Ty::Value(_), Some(ShapeKind::Boolean)) => Some(Scalar::Bool),
                _ => None,
            },
        }
    }
}

/// What a comparison compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scalar {
    String,
    Number,
    Bool,
    Null,
}

/// Whether an expression's value, compared with `==`, can equal a waiter's `expected` value.
pub fn comparable(shapes: &BTreeMap<ShapeId, Shape>, expr: &Expr) -> bool {
    Compiler { shapes }.scalar(expr).is_some()
}

impl ir::Expr {
    /// The type of the expression's value.
    pub fn ty(&self) -> Ty {
        match self {
            Expr::Current { ty, .. }
            | Expr::Field { ty, .. }
            | Expr::Flatten { ty, .. }
            | Expr::Values { ty, .. }
            | Expr::Filter { ty, .. } => ty.clone(),
            Expr::Length(_) => Ty::Number,
            Expr::Compare { .. } | Expr::And(..) | Expr::Or(..) | Expr::Not(_) => Ty::Bool,
            Expr::Literal(_) => Ty::Literal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiter_expressions_parse() {
        for text in [
            "Table.TableStatus",
            "Reservations[].Instances[].State.Name",
            "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`",
            "VerificationAttributes.*.VerificationStatus",
            "status != 'CANCELLING' && status != 'CANCELLED'",
            "length(KinesisDataStreamDestinations) > `0`  && length(KinesisDataStreamDestinations[?DestinationStatus == 'DISABLED' || DestinationStatus == 'ENABLE_FAILED']) ==  length(KinesisDataStreamDestinations)",
        ] {
            assert!(parse(text).is_ok(), "{text}: {:?}", parse(text));
        }
        assert_eq!(
            parse("a.b == 'x'"),
            Ok(Node::Compare(
                Box::new(Node::Field(
                    Box::new(Node::Field(Box::new(Node::Current), "a".to_owned())),
                    "b".to_owned()
                )),
                Comparator::Eq,
                Box::new(Node::Literal(Literal::String("x".to_owned())))
            ))
        );
    }

    #[test]
    fn what_is_not_in_the_subset_is_an_error() {
        for text in ["", "a.", "sort(a)", "a[0]", "a | b", "'open", "a == "] {
            assert!(parse(text).is_err(), "{text:?} parsed");
        }
    }
}
