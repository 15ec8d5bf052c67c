//! A reader of the part of Smithy IDL 2.0 that Smithy's event-stream protocol tests are written
//! in (`fixtures/smithy/event-stream.smithy`): the `$version`, `namespace` and `use` statements,
//! `structure`, `union` and `operation` shapes (an operation's `input :=` and `output :=` inline
//! structures and its `errors`), traits on shapes and members, and node values (objects with bare
//! or quoted keys, arrays, strings and text blocks with their escapes, numbers, booleans, `null`,
//! shape ids as bare words; commas are whitespace, `//` starts a comment). Anything else is an
//! error naming its line and column: a construct this reader does not know is never skipped.

use std::collections::BTreeMap;

/// A node value, with object keys in the order written.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    /// A shape id or other bare word used as a value (`restJson1`, `ErrorEvent`).
    Word(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    /// The text of a string or a bare word.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) | Node::Word(s) => Some(s),
            _ => None,
        }
    }
}

/// A trait applied to a shape or member: its name (as written, without `@`) and value (`Null`
/// when it has none).
#[derive(Debug, Clone)]
pub struct Trait {
    pub name: String,
    pub value: Node,
    /// `line:col` of the `@`.
    pub at: String,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    pub target: String,
    pub traits: Vec<Trait>,
}

#[derive(Debug, Clone)]
pub enum ShapeBody {
    Structure(Vec<Member>),
    Union(Vec<Member>),
    Operation {
        input: Option<Vec<Member>>,
        output: Option<Vec<Member>>,
        errors: Vec<String>,
    },
}

#[derive(Debug, Clone)]
pub struct Shape {
    pub name: String,
    pub traits: Vec<Trait>,
    pub body: ShapeBody,
    pub at: String,
}

/// A model file: the shape ids it `use`s, and its shapes in the order written.
#[derive(Debug, Clone)]
pub struct Model {
    pub uses: Vec<String>,
    pub shapes: Vec<Shape>,
}

/// Reads `text`; an error says where (`line:col`) and what is wrong.
pub fn parse(text: &str) -> Result<Model, String> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        pos: 0,
    };
    parser.model()
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

/// The shape statements this reader knows; any other (`timestamp`, `list`, `service`,
/// `resource`, `apply`, ...) is an error.
const SHAPE_KINDS: &[&str] = &["structure", "union", "operation"];

impl Parser {
    fn at(&self) -> String {
        let before = &self.chars[..self.pos.min(self.chars.len())];
        let line = before.iter().filter(|c| **c == '\n').count() + 1;
        let col = before.iter().rev().take_while(|c| **c != '\n').count() + 1;
        format!("{line}:{col}")
    }

    fn error<T>(&self, what: impl std::fmt::Display) -> Result<T, String> {
        Err(format!("{}: {what}", self.at()))
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.chars.get(self.pos + i) == Some(&c))
    }

    /// Skips whitespace, commas and `//` comments. A documentation comment (`///`) documents the
    /// next shape or member, which this reader does not carry: an error.
    fn skip(&mut self) -> Result<(), String> {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() || c == ',' => self.pos += 1,
                Some('/') if self.starts_with("///") => {
                    return self.error("a documentation comment (`///`) is not read here");
                }
                Some('/') if self.starts_with("//") => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.pos += 1;
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn expect(&mut self, token: &str) -> Result<(), String> {
        self.skip()?;
        if self.starts_with(token) {
            self.pos += token.chars().count();
            Ok(())
        } else {
            let found: String = self.chars[self.pos..].iter().take(20).collect();
            self.error(format!("expected `{token}`, found `{found}`"))
        }
    }

    fn eat(&mut self, token: &str) -> Result<bool, String> {
        self.skip()?;
        if self.starts_with(token) {
            self.pos += token.chars().count();
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// A bare word: an identifier or a shape id (`aws.protocols#restJson1`, `smithy.api#String`).
    fn word(&mut self) -> Result<String, String> {
        self.skip()?;
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '#' | '$'))
        {
            self.pos += 1;
        }
        if start == self.pos {
            let found: String = self.chars[self.pos..].iter().take(20).collect();
            return self.error(format!("expected a name, found `{found}`"));
        }
        Ok(self.chars[start..self.pos].iter().collect())
    }

    fn model(&mut self) -> Result<Model, String> {
        self.expect("$version")?;
        self.expect(":")?;
        let version = self.value()?;
        if version.as_str() != Some("2.0") && version.as_str() != Some("2") {
            return self.error(format!("IDL version {version:?}: only 2.0 is read"));
        }
        self.skip()?;
        if self.peek() == Some('$') {
            return self.error("a control statement other than `$version`");
        }
        if self.starts_with("metadata") {
            return self.error("a `metadata` statement is not read here");
        }
        self.expect("namespace")?;
        self.word()?;
        let mut uses = Vec::new();
        let mut shapes = Vec::new();
        loop {
            self.skip()?;
            if self.peek().is_none() {
                break;
            }
            if self.starts_with("use ") {
                self.expect("use")?;
                uses.push(self.word()?);
                continue;
            }
            shapes.push(self.shape()?);
        }
        Ok(Model { uses, shapes })
    }

    fn traits(&mut self) -> Result<Vec<Trait>, String> {
        let mut traits = Vec::new();
        loop {
            self.skip()?;
            if self.peek() != Some('@') {
                return Ok(traits);
            }
            let at = self.at();
            self.pos += 1;
            let name = self.word()?;
            // `@name(...)` takes the parenthesis only when it follows the name directly.
            let value = if self.peek() == Some('(') {
                self.pos += 1;
                self.trait_value()?
            } else {
                Node::Null
            };
            traits.push(Trait { name, value, at });
        }
    }

    /// What is between a trait's parentheses: nothing, one node value, or `key: value` pairs.
    fn trait_value(&mut self) -> Result<Node, String> {
        if self.eat(")")? {
            return Ok(Node::Null);
        }
        let save = self.pos;
        // `key: value ...` (a key is a bare word or a quoted string followed by `:`).
        let key = match self.peek() {
            Some('"') if !self.starts_with("\"\"\"") => self.string().ok(),
            Some(c) if c.is_ascii_alphabetic() || c == '_' => self.word().ok(),
            _ => None,
        };
        if key.is_some() && self.eat(":")? {
            self.pos = save;
            let members = self.members_until(')')?;
            return Ok(Node::Object(members));
        }
        self.pos = save;
        let value = self.value()?;
        self.expect(")")?;
        Ok(value)
    }

    fn shape(&mut self) -> Result<Shape, String> {
        let traits = self.traits()?;
        self.skip()?;
        let at = self.at();
        let kind = self.word()?;
        if !SHAPE_KINDS.contains(&kind.as_str()) {
            self.pos -= kind.chars().count();
            return self.error(format!(
                "`{kind}`: a shape statement this reader does not know (it reads {SHAPE_KINDS:?})"
            ));
        }
        let name = self.word()?;
        self.skip()?;
        if self.starts_with("with") || self.starts_with("for") {
            return self.error("mixins (`with`) and resource bindings (`for`) are not read here");
        }
        let body = match kind.as_str() {
            "structure" => ShapeBody::Structure(self.members()?),
            "union" => ShapeBody::Union(self.members()?),
            _ => self.operation()?,
        };
        Ok(Shape {
            name,
            traits,
            body,
            at,
        })
    }

    /// `{ member* }`, each member its traits then `name: Target`.
    fn members(&mut self) -> Result<Vec<Member>, String> {
        self.expect("{")?;
        let mut members = Vec::new();
        loop {
            if self.eat("}")? {
                return Ok(members);
            }
            let traits = self.traits()?;
            self.skip()?;
            if self.peek() == Some('$') {
                return self.error("an elided member target (`$member`) is not read here");
            }
            let name = self.word()?;
            self.expect(":")?;
            self.skip()?;
            let target = self.word()?;
            self.skip()?;
            if self.peek() == Some('=') {
                return self.error("a default value (`= ...`) is not read here");
            }
            members.push(Member {
                name,
                target,
                traits,
            });
        }
    }

    /// An operation's body: `input := {...}`, `output := {...}`, `errors: [...]`.
    fn operation(&mut self) -> Result<ShapeBody, String> {
        self.expect("{")?;
        let (mut input, mut output, mut errors) = (None, None, Vec::new());
        loop {
            if self.eat("}")? {
                return Ok(ShapeBody::Operation {
                    input,
                    output,
                    errors,
                });
            }
            let key = self.word()?;
            match key.as_str() {
                "input" | "output" => {
                    self.skip()?;
                    if !self.starts_with(":=") {
                        return self.error(format!(
                            "`{key}` names a shape: only an inline structure (`{key} := {{...}}`) is read here"
                        ));
                    }
                    self.pos += 2;
                    self.skip()?;
                    if matches!(self.peek(), Some('@')) || self.starts_with("with") {
                        return self.error(format!(
                            "traits or mixins on the inline `{key}` are not read here"
                        ));
                    }
                    let members = Some(self.members()?);
                    if key == "input" {
                        input = members;
                    } else {
                        output = members;
                    }
                }
                "errors" => {
                    self.expect(":")?;
                    match self.value()? {
                        Node::Array(items) => {
                            for item in items {
                                match item {
                                    Node::Word(id) => errors.push(id),
                                    other => {
                                        return self.error(format!(
                                            "an error is a shape id, not {other:?}"
                                        ));
                                    }
                                }
                            }
                        }
                        other => return self.error(format!("`errors` is a list, not {other:?}")),
                    }
                }
                other => {
                    return self.error(format!(
                        "operation property `{other}`: only `input :=`, `output :=` and `errors` are read here"
                    ));
                }
            }
        }
    }

    /// `key: value` pairs up to `close` (consumed).
    fn members_until(&mut self, close: char) -> Result<Vec<(String, Node)>, String> {
        let mut members: Vec<(String, Node)> = Vec::new();
        loop {
            self.skip()?;
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok(members);
            }
            let key = match self.peek() {
                Some('"') => self.string()?,
                Some(c) if c.is_ascii_alphabetic() || c == '_' => self.word()?,
                _ => return self.error(format!("expected a key or `{close}`")),
            };
            self.expect(":")?;
            let value = self.value()?;
            if members.iter().any(|(k, _)| *k == key) {
                return self.error(format!("key `{key}` twice in one object"));
            }
            members.push((key, value));
        }
    }

    fn value(&mut self) -> Result<Node, String> {
        self.skip()?;
        match self.peek() {
            Some('{') => {
                self.pos += 1;
                Ok(Node::Object(self.members_until('}')?))
            }
            Some('[') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    if self.eat("]")? {
                        return Ok(Node::Array(items));
                    }
                    items.push(self.value()?);
                }
            }
            Some('"') => Ok(Node::String(self.string()?)),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let word = self.word()?;
                Ok(match word.as_str() {
                    "true" => Node::Bool(true),
                    "false" => Node::Bool(false),
                    "null" => Node::Null,
                    _ => Node::Word(word),
                })
            }
            Some(c) => self.error(format!("`{c}` begins no value")),
            None => self.error("the file ends where a value was due"),
        }
    }

    fn number(&mut self) -> Result<Node, String> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
        {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        match serde_json::from_str::<serde_json::Number>(&text) {
            Ok(number) => Ok(Node::Number(number)),
            Err(_) => {
                self.pos = start;
                self.error(format!("`{text}` is not a number"))
            }
        }
    }

    /// A quoted string or a text block (`"""`), its escapes resolved.
    fn string(&mut self) -> Result<String, String> {
        self.skip()?;
        if self.starts_with("\"\"\"") {
            return self.text_block();
        }
        self.expect("\"")?;
        let mut raw = String::new();
        loop {
            match self.peek() {
                None => return self.error("a string that does not end"),
                Some('"') => {
                    self.pos += 1;
                    break;
                }
                Some('\\') => {
                    raw.push('\\');
                    self.pos += 1;
                    match self.peek() {
                        Some(c) => raw.push(c),
                        None => return self.error("a string that does not end"),
                    }
                    self.pos += 1;
                }
                Some(c) => {
                    raw.push(c);
                    self.pos += 1;
                }
            }
        }
        self.unescape(&raw)
    }

    /// A text block: the lines after `"""` and a line break, up to the closing `"""`, with the
    /// indentation they share removed and trailing spaces trimmed, then unescaped.
    fn text_block(&mut self) -> Result<String, String> {
        self.pos += 3;
        while self.peek().is_some_and(|c| c == ' ' || c == '\t') {
            self.pos += 1;
        }
        if !self.eat_char('\n') {
            return self.error("a text block's `\"\"\"` must end its line");
        }
        let start = self.pos;
        loop {
            if self.peek().is_none() {
                return self.error("a text block that does not end");
            }
            if self.peek() == Some('\\') {
                self.pos += 2;
                continue;
            }
            if self.starts_with("\"\"\"") {
                break;
            }
            self.pos += 1;
        }
        let raw: String = self.chars[start..self.pos].iter().collect();
        self.pos += 3;
        let lines: Vec<&str> = raw.split('\n').collect();
        let last = lines.len() - 1;
        let indent = lines
            .iter()
            .enumerate()
            .filter(|(i, line)| *i == last || !line.trim().is_empty())
            .map(|(_, line)| line.chars().take_while(|c| *c == ' ').count())
            .min()
            .unwrap_or(0);
        let text: Vec<String> = lines
            .iter()
            .map(|line| {
                line.chars()
                    .skip(indent)
                    .collect::<String>()
                    .trim_end()
                    .to_owned()
            })
            .collect();
        self.unescape(&text.join("\n"))
    }

    fn eat_char(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn unescape(&self, raw: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('/') => out.push('/'),
                Some('b') => out.push('\u{8}'),
                Some('f') => out.push('\u{c}'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('\'') => out.push('\''),
                Some('\n') => {}
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(c) if hex.len() == 4 => out.push(c),
                        _ => return self.error(format!("`\\u{hex}` is no escape of a character")),
                    }
                }
                other => return self.error(format!("`\\{}` is no escape", other.unwrap_or(' '))),
            }
        }
        Ok(out)
    }
}

/// The members of a node object as a map, for the keys a caller knows, with an error naming any
/// other key.
pub fn object<'n>(
    node: &'n Node,
    what: &str,
    known: &[&str],
) -> Result<BTreeMap<&'n str, &'n Node>, String> {
    let Node::Object(members) = node else {
        return Err(format!("{what} is an object, not {node:?}"));
    };
    let mut out = BTreeMap::new();
    for (key, value) in members {
        if !known.contains(&key.as_str()) {
            return Err(format!(
                "{what}: key `{key}` is not read here (known: {known:?})"
            ));
        }
        out.insert(key.as_str(), value);
    }
    Ok(out)
}
