//! The Python literals of a page: the request syntax `client.method(name=value, ...)`, the
//! response syntax `{...}`, and the notation of a Changes block.
//!
//! Positions are byte offsets into the page, so that every error can name its line.

use std::collections::{BTreeMap, BTreeSet};

/// What the request or response syntax says a value is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// `{'name': value, ...}`: members in page order.
    Structure(Vec<(String, Node)>),
    /// `[ value, ]`.
    List(Box<Node>),
    /// `{'string': value}`.
    Map(Box<Node>),
    /// `'string'`.
    String,
    /// `'A'|'B'`, or a single literal other than `'string'`.
    Enum(Vec<String>),
    /// `123`.
    Integer,
    /// `123.0`.
    Float,
    /// `True|False`.
    Boolean,
    /// `datetime(2015, 1, 1)`.
    Timestamp,
    /// `b'bytes'`.
    Blob,
}

impl Node {
    /// The word the parameter documentation uses for this kind: `string`, `dict`, ...
    pub fn doc_type(&self) -> &'static str {
        match self {
            Node::Structure(_) | Node::Map(_) => "dict",
            Node::List(_) => "list",
            Node::String | Node::Enum(_) => "string",
            Node::Integer => "integer",
            Node::Float => "float",
            Node::Boolean => "boolean",
            Node::Timestamp => "datetime",
            Node::Blob => "bytes",
        }
    }

    /// The members of this value's structure, looking through lists and maps.
    pub fn members(&self) -> &[(String, Node)] {
        match self {
            Node::Structure(members) => members,
            Node::List(inner) | Node::Map(inner) => inner.members(),
            _ => &[],
        }
    }
}

/// A Changes block's notation: `{'member': ...}`, `{'VALUE'}`, `['A | B']`, `'string'`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Members by name.
    Members(BTreeMap<String, Note>),
    /// A set of added enum values.
    Values(BTreeSet<String>),
    /// A list of something.
    List(Box<Note>),
    /// A type or enum written as text (adjacent strings joined): `'INTERVAL | DISABLED'`.
    Text(String),
}

/// A literal that does not parse: where, what was found, and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralError {
    /// Byte offset into the page.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What would have been right.
    pub expected: String,
    /// The innermost bracket still open, and its offset.
    pub open: Option<(char, usize)>,
}

/// How deep brackets may nest: far deeper than any page, shallow enough for the stack.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Str(String),
    Bytes,
    Num { float: bool },
    Ident(String),
    Punct(char),
    End,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Str(s) => format!("the string '{s}'"),
            Tok::Bytes => "a bytes literal".to_owned(),
            Tok::Num { .. } => "a number".to_owned(),
            Tok::Ident(i) => format!("`{i}`"),
            Tok::Punct(c) => format!("`{c}`"),
            Tok::End => "the end of the block".to_owned(),
        }
    }
}

/// A parser over `text[pos..end]`, where `text` is the whole page.
pub struct Parser<'a> {
    text: &'a str,
    pos: usize,
    end: usize,
    peeked: Option<(Tok, usize, usize)>,
    /// Open brackets: the character and its offset.
    open: Vec<(char, usize)>,
}

impl<'a> Parser<'a> {
    /// A parser of the literal in `text[start..end]`.
    pub fn new(text: &'a str, start: usize, end: usize) -> Self {
        Self {
            text,
            pos: start,
            end,
            peeked: None,
            open: Vec::new(),
        }
    }

    /// The offset just after what has been read.
    pub fn offset(&self) -> usize {
        self.peeked
            .as_ref()
            .map_or(self.pos, |(_, start, _)| *start)
    }

    fn lex(&mut self) -> Result<(Tok, usize, usize), LiteralError> {
        let rest = &self.text[self.pos..self.end];
        let trimmed = rest.trim_start();
        let start = self.pos + (rest.len() - trimmed.len());
        let mut chars = trimmed.char_indices();
        let Some((_, first)) = chars.next() else {
            self.pos = self.end;
            return Ok((Tok::End, self.end, self.end));
        };
        let (tok, len) = if first == '\'' || (first == 'b' && trimmed[1..].starts_with('\'')) {
            let quote_at = usize::from(first == 'b');
            let mut value = String::new();
            let mut escaped = false;
            let mut close = None;
            for (i, c) in trimmed[quote_at + 1..].char_indices() {
                if escaped {
                    value.push(c);
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '\'' {
                    close = Some(quote_at + 1 + i + 1);
                    break;
                } else if c == '\n' {
                    break;
                } else {
                    value.push(c);
                }
            }
            let Some(len) = close else {
                return Err(LiteralError {
                    offset: start,
                    message: "a string is not closed on its line".to_owned(),
                    expected: "a closing `'`".to_owned(),
                    open: None,
                });
            };
            let tok = if quote_at == 1 {
                Tok::Bytes
            } else {
                Tok::Str(value)
            };
            (tok, len)
        } else if first.is_ascii_digit() || first == '-' {
            let len = trimmed
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
                .unwrap_or(trimmed.len());
            (
                Tok::Num {
                    float: trimmed[..len].contains('.'),
                },
                len,
            )
        } else if first.is_ascii_alphabetic() || first == '_' {
            let len = trimmed
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .unwrap_or(trimmed.len());
            (Tok::Ident(trimmed[..len].to_owned()), len)
        } else if "{}[](),=:|".contains(first) {
            (Tok::Punct(first), first.len_utf8())
        } else {
            return Err(LiteralError {
                offset: start,
                message: format!("unexpected character {first:?} in a literal"),
                expected: "a string, a number, `True`, `datetime(...)` or a bracket".to_owned(),
                open: None,
            });
        };
        self.pos = start + len;
        Ok((tok, start, start + len))
    }

    fn peek(&mut self) -> Result<&Tok, LiteralError> {
        if self.peeked.is_none() {
            self.peeked = Some(self.lex()?);
        }
        Ok(self.peeked.as_ref().map_or(&Tok::End, |(tok, _, _)| tok))
    }

    fn next(&mut self) -> Result<(Tok, usize), LiteralError> {
        let (tok, start, _) = match self.peeked.take() {
            Some(peeked) => peeked,
            None => self.lex()?,
        };
        Ok((tok, start))
    }

    fn at(&mut self, c: char) -> Result<bool, LiteralError> {
        Ok(*self.peek()? == Tok::Punct(c))
    }

    fn error(&self, offset: usize, found: &Tok, expected: impl Into<String>) -> LiteralError {
        let message = match (found, self.open.last()) {
            (Tok::End, Some((open, _))) => {
                format!("the literal ends before its `{open}` is closed")
            }
            (Tok::Punct(c @ ('}' | ']' | ')')), Some((open, _))) => {
                format!("unbalanced brackets: `{c}` where the `{open}` is still open")
            }
            _ => format!("unexpected {}", found.describe()),
        };
        LiteralError {
            offset,
            message,
            expected: expected.into(),
            open: self.open.last().copied(),
        }
    }

    fn expect(&mut self, c: char, expected: &str) -> Result<(), LiteralError> {
        let (tok, at) = self.next()?;
        if tok == Tok::Punct(c) {
            Ok(())
        } else {
            Err(self.error(at, &tok, expected))
        }
    }

    fn open(&mut self, c: char) -> Result<(), LiteralError> {
        let at = self.offset();
        self.expect(c, &format!("`{c}`"))?;
        if self.open.len() >= MAX_DEPTH {
            return Err(LiteralError {
                offset: at,
                message: format!("brackets nested more than {MAX_DEPTH} deep"),
                expected: "a literal an API reference page shows".to_owned(),
                open: None,
            });
        }
        self.open.push((c, at));
        Ok(())
    }

    fn close(&mut self, c: char) -> Result<(), LiteralError> {
        self.expect(c, &format!("`{c}`"))?;
        self.open.pop();
        Ok(())
    }

    /// Skips one `,` if it is next.
    fn comma(&mut self) -> Result<(), LiteralError> {
        if self.at(',')? {
            self.next()?;
        }
        Ok(())
    }

    /// `client.method( name=value, ... )`: the method and the request's members.
    pub fn call(&mut self) -> Result<(String, Vec<(String, Node)>), LiteralError> {
        let (tok, at) = self.next()?;
        let method = match tok {
            Tok::Ident(ident) if ident.starts_with("client.") => {
                ident["client.".len()..].to_owned()
            }
            other => return Err(self.error(at, &other, "`client.<method>(`")),
        };
        self.open('(')?;
        let mut members = Vec::new();
        while !self.at(')')? {
            let (tok, at) = self.next()?;
            let Tok::Ident(name) = tok else {
                return Err(self.error(at, &tok, "a parameter name or `)`"));
            };
            self.expect('=', &format!("`=` after the parameter name `{name}`"))?;
            members.push((name, self.value()?));
            if !self.at(')')? {
                self.expect(',', "`,` or `)`")?;
            }
        }
        self.close(')')?;
        Ok((method, members))
    }

    /// A value of the request or response syntax.
    pub fn value(&mut self) -> Result<Node, LiteralError> {
        if self.at('{')? {
            return self.dict();
        }
        if self.at('[')? {
            self.open('[')?;
            let element = self.value()?;
            self.comma()?;
            self.close(']')?;
            return Ok(Node::List(Box::new(element)));
        }
        let first = self.scalar()?;
        let mut alternatives = vec![first];
        while self.at('|')? {
            self.next()?;
            alternatives.push(self.scalar()?);
        }
        match alternatives.as_slice() {
            [one] => Ok(one.clone()),
            all if all.iter().all(|a| *a == Node::Boolean) => Ok(Node::Boolean),
            all => {
                let mut values = Vec::new();
                for alternative in all {
                    let Node::Enum(one) = alternative else {
                        let at = self.offset();
                        return Err(LiteralError {
                            offset: at,
                            message: "`|` joins values of different kinds".to_owned(),
                            expected: "`'A'|'B'` or `True|False`".to_owned(),
                            open: None,
                        });
                    };
                    values.extend(one.iter().cloned());
                }
                Ok(Node::Enum(values))
            }
        }
    }

    fn scalar(&mut self) -> Result<Node, LiteralError> {
        let (tok, at) = self.next()?;
        match tok {
            Tok::Str(s) if s == "string" => Ok(Node::String),
            Tok::Str(s) => Ok(Node::Enum(vec![s])),
            Tok::Bytes => Ok(Node::Blob),
            Tok::Num { float: true } => Ok(Node::Float),
            Tok::Num { float: false } => Ok(Node::Integer),
            Tok::Ident(i) if i == "True" || i == "False" => Ok(Node::Boolean),
            Tok::Ident(i) if i == "datetime" => {
                self.open('(')?;
                while !self.at(')')? {
                    let (tok, at) = self.next()?;
                    if !matches!(tok, Tok::Num { .. } | Tok::Punct(',')) {
                        return Err(self.error(at, &tok, "the numbers of `datetime(...)`"));
                    }
                }
                self.close(')')?;
                Ok(Node::Timestamp)
            }
            other => Err(self.error(
                at,
                &other,
                "a value: `'string'`, `'A'|'B'`, `123`, `True|False`, `datetime(...)`, `{` or `[`",
            )),
        }
    }

    /// `{'name': value, ...}`: a structure, or a map when its only key is `'string'`.
    pub fn dict(&mut self) -> Result<Node, LiteralError> {
        self.open('{')?;
        let mut members: Vec<(String, Node)> = Vec::new();
        while !self.at('}')? {
            let (tok, at) = self.next()?;
            let Tok::Str(name) = tok else {
                return Err(self.error(at, &tok, "a quoted member name or `}`"));
            };
            self.expect(':', &format!("`:` after '{name}'"))?;
            if members.iter().any(|(n, _)| *n == name) {
                return Err(LiteralError {
                    offset: at,
                    message: format!("member '{name}' appears twice"),
                    expected: "each member once".to_owned(),
                    open: None,
                });
            }
            members.push((name, self.value()?));
            if !self.at('}')? {
                self.expect(',', "`,` or `}`")?;
            }
        }
        self.close('}')?;
        match members.as_slice() {
            [(key, value)] if key == "string" => Ok(Node::Map(Box::new(value.clone()))),
            _ => Ok(Node::Structure(members)),
        }
    }

    /// A value of a Changes block: `{'member': ...}`, `{'VALUE', ...}`, `[...]` or strings
    /// (adjacent strings are one, as pprint splits them).
    pub fn note(&mut self) -> Result<Note, LiteralError> {
        if self.at('[')? {
            self.open('[')?;
            let element = self.note()?;
            self.comma()?;
            self.close(']')?;
            return Ok(Note::List(Box::new(element)));
        }
        if self.at('{')? {
            self.open('{')?;
            let mut members = BTreeMap::new();
            let mut values = BTreeSet::new();
            while !self.at('}')? {
                let (tok, at) = self.next()?;
                let Tok::Str(key) = tok else {
                    return Err(self.error(at, &tok, "a quoted name or `}`"));
                };
                let key = self.adjacent(key)?;
                if self.at(':')? {
                    self.next()?;
                    members.insert(key, self.note()?);
                } else {
                    values.insert(key);
                }
                if !self.at('}')? {
                    self.expect(',', "`,` or `}`")?;
                }
            }
            self.close('}')?;
            return match (members.is_empty(), values.is_empty()) {
                (false, true) | (true, true) => Ok(Note::Members(members)),
                (true, false) => Ok(Note::Values(values)),
                (false, false) => Err(LiteralError {
                    offset: self.offset(),
                    message: "a Changes block mixes members and values in one `{}`".to_owned(),
                    expected: "`{'name': ...}` or `{'VALUE'}`".to_owned(),
                    open: None,
                }),
            };
        }
        let (tok, at) = self.next()?;
        let Tok::Str(text) = tok else {
            return Err(self.error(at, &tok, "a quoted type, `{` or `[`"));
        };
        Ok(Note::Text(self.adjacent(text)?))
    }

    /// `first` and the strings right after it, joined: pprint splits long strings so.
    fn adjacent(&mut self, mut first: String) -> Result<String, LiteralError> {
        while let Tok::Str(more) = self.peek()? {
            first.push_str(more);
            self.next()?;
        }
        Ok(first)
    }
}
