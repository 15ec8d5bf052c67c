//! The parameter and response-structure documentation of an operation, lined up with its syntax:
//! each member's text and `[REQUIRED]` marker, its documented type checked against the syntax.

use std::collections::BTreeMap;

use super::error::PageError;
use super::lines::Lines;
use super::literal::Node;

/// Which of the two page forms (see [`super::page`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Headings, labelled Changes blocks, `type NAME:`/`param NAME:` lines.
    Full,
    /// Parameters documented by order, each from a bare type line.
    Compact,
}

/// What the documentation says of one member.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberDoc {
    /// The text, paragraphs joined by spaces.
    pub text: String,
    /// Marked `[REQUIRED]`.
    pub required: bool,
}

/// Documentation by member path (`a.b.c`; lists and maps are looked through).
pub type Docs = BTreeMap<String, MemberDoc>;

const TYPE_WORDS: &[&str] = &[
    "string", "integer", "float", "boolean", "datetime", "bytes", "list", "dict",
];

const REQUIRED: &str = "[REQUIRED]";

/// One line of documentation, classified.
#[derive(Debug, PartialEq, Eq)]
enum Line<'a> {
    /// `name (type) --`, maybe followed by `[REQUIRED]`.
    Member {
        name: &'a str,
        kind: &'a str,
        required: bool,
    },
    /// `(type) --`: a list element, map key or value, or the response itself.
    Placeholder,
    /// `[REQUIRED]` alone.
    Required,
    /// Full form: `type NAME:`.
    TypeOf(&'a str),
    /// Full form: `param NAME:`.
    Param(&'a str),
    /// Compact form: a bare type word starting a parameter.
    Word(&'a str),
    /// Anything else: text.
    Text(&'a str),
}

fn classify(line: &str, form: Form) -> Line<'_> {
    let line = line.trim();
    let line = line.strip_prefix('•').map_or(line, str::trim_start);
    if line == REQUIRED {
        return Line::Required;
    }
    if let Some((head, rest)) = line.split_once(") --") {
        let rest = rest.trim();
        let required = rest == REQUIRED;
        if rest.is_empty() || required {
            if let Some(kind) = head.strip_prefix('(') {
                if is_word(kind) {
                    return Line::Placeholder;
                }
            } else if let Some((name, kind)) = head.split_once(" (")
                && is_name(name)
                && is_word(kind)
            {
                return Line::Member {
                    name,
                    kind,
                    required,
                };
            }
        }
    }
    if form == Form::Full {
        if let Some(name) = line.strip_prefix("type ").and_then(|r| r.strip_suffix(':'))
            && is_name(name)
        {
            return Line::TypeOf(name);
        }
        if let Some(name) = line
            .strip_prefix("param ")
            .and_then(|r| r.strip_suffix(':'))
            && is_name(name)
        {
            return Line::Param(name);
        }
    } else if TYPE_WORDS.contains(&line) {
        return Line::Word(line);
    }
    Line::Text(line)
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_word(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Every member below `node` in page order (depth first), with its path under `prefix`.
pub fn nested<'n>(prefix: &str, node: &'n Node, out: &mut Vec<(String, &'n Node)>) {
    for (name, child) in node.members() {
        let path = format!("{prefix}.{name}");
        out.push((path.clone(), child));
        nested(&path, child, out);
    }
}

struct Reader<'l, 'a> {
    lines: &'l Lines<'a>,
    form: Form,
    i: usize,
    end: usize,
}

impl Reader<'_, '_> {
    fn line(&self, i: usize) -> Line<'_> {
        classify(self.lines.trimmed(i), self.form)
    }

    fn stray_required(&self, i: usize) -> PageError {
        self.lines.error(
            i,
            "`[REQUIRED]` that follows no parameter",
            "expected `[REQUIRED]` right after a parameter's `param NAME:` or type line, or at \
             the end of a `name (type) --` line",
        )
    }

    /// The text lines from `self.i` up to the next structural line (at most `most` of them),
    /// joined.
    fn text(&mut self, most: usize) -> Result<String, PageError> {
        let mut parts = Vec::new();
        while self.i < self.end && parts.len() < most {
            match self.line(self.i) {
                Line::Text(text) => {
                    if !text.is_empty() {
                        parts.push(text.to_owned());
                    }
                }
                Line::Required => return Err(self.stray_required(self.i)),
                _ => break,
            }
            self.i += 1;
        }
        Ok(parts.join(" "))
    }

    /// Finds the documentation line of the nested member at `path`, skipping text and
    /// placeholders; checks its name and type.
    fn member(&mut self, path: &str, node: &Node) -> Result<bool, PageError> {
        let name = path.rsplit('.').next().unwrap_or(path);
        let expected = format!(
            "`{name} ({}) --`, the documentation of `{path}`",
            node.doc_type()
        );
        while self.i < self.end {
            match self.line(self.i) {
                Line::Text(_) | Line::Placeholder => self.i += 1,
                Line::Required => return Err(self.stray_required(self.i)),
                Line::Member {
                    name: found,
                    kind,
                    required,
                } => {
                    if found != name {
                        return Err(self.lines.error(
                            self.i,
                            "the documentation does not line up with the syntax",
                            format!("expected {expected}, found {}", self.lines.found(self.i)),
                        ));
                    }
                    if kind != node.doc_type() {
                        return Err(self.lines.error(
                            self.i,
                            format!(
                                "`{path}` is documented as {kind}, the syntax says {}",
                                node.doc_type()
                            ),
                            format!("expected {expected}"),
                        ));
                    }
                    self.i += 1;
                    return Ok(required);
                }
                _ => break,
            }
        }
        Err(self.lines.error(
            self.i.min(self.end),
            format!("no documentation for `{path}`"),
            format!("expected {expected}, found {}", self.lines.found(self.i)),
        ))
    }

    /// Nothing documented may be left over.
    fn finish(&self, what: &str) -> Result<(), PageError> {
        for i in self.i..self.end {
            match self.line(i) {
                Line::Member { name, .. } | Line::TypeOf(name) | Line::Param(name) => {
                    return Err(self.lines.error(
                        i,
                        format!("`{name}` is documented but not in the {what} syntax"),
                        format!("expected only members of the {what} syntax"),
                    ));
                }
                Line::Required => return Err(self.stray_required(i)),
                _ => {}
            }
        }
        Ok(())
    }
}

/// The parameter documentation in lines `start..end`, lined up with the request's members.
pub fn parameters(
    lines: &Lines<'_>,
    form: Form,
    request: &[(String, Node)],
    start: usize,
    end: usize,
) -> Result<Docs, PageError> {
    let mut r = Reader {
        lines,
        form,
        i: start,
        end,
    };
    let mut docs = Docs::new();
    for (name, node) in request {
        parameter_header(&mut r, name, node)?;
        let j = lines.next_nonblank(r.i);
        let required = j < end && r.line(j) == Line::Required;
        if required {
            r.i = j + 1;
        }
        let text = r.text(usize::MAX)?;
        docs.insert(name.clone(), MemberDoc { text, required });
        let mut below = Vec::new();
        nested(name, node, &mut below);
        for (path, child) in below {
            let required = r.member(&path, child)?;
            let text = r.text(usize::MAX)?;
            docs.insert(path, MemberDoc { text, required });
        }
    }
    r.finish("request")?;
    Ok(docs)
}

/// Finds the start of parameter `name`'s documentation: `type NAME:` + type + `param NAME:`
/// (full form) or a bare type line (compact form).
fn parameter_header(r: &mut Reader<'_, '_>, name: &str, node: &Node) -> Result<(), PageError> {
    let kind = node.doc_type();
    let expected = match r.form {
        Form::Full => format!("`type {name}:`, the documentation of parameter `{name}`"),
        Form::Compact => format!("a `{kind}` line, the documentation of parameter `{name}`"),
    };
    while r.i < r.end {
        match r.line(r.i) {
            Line::Text(_) | Line::Placeholder => r.i += 1,
            Line::Required => return Err(r.stray_required(r.i)),
            Line::TypeOf(found) if found == name => {
                let word = r.lines.next_nonblank(r.i + 1);
                if r.lines.trimmed(word) != kind {
                    return Err(r.lines.error(
                        word,
                        format!("parameter `{name}` is a {kind} in the syntax"),
                        format!("expected `{kind}`, found {}", r.lines.found(word)),
                    ));
                }
                let param = r.lines.next_nonblank(word + 1);
                if r.line(param) != Line::Param(name) {
                    return Err(r.lines.error(
                        param,
                        format!("parameter `{name}` has no `param` line"),
                        format!("expected `param {name}:`, found {}", r.lines.found(param)),
                    ));
                }
                r.i = param + 1;
                return Ok(());
            }
            Line::Word(found) => {
                if found != kind {
                    return Err(r.lines.error(
                        r.i,
                        format!(
                            "parameter `{name}` is a {kind} in the syntax, documented as {found}"
                        ),
                        format!("expected {expected}"),
                    ));
                }
                r.i += 1;
                return Ok(());
            }
            _ => {
                return Err(r.lines.error(
                    r.i,
                    "the documentation does not line up with the syntax",
                    format!("expected {expected}, found {}", r.lines.found(r.i)),
                ));
            }
        }
    }
    Err(r.lines.error(
        r.i.min(r.end),
        format!("no documentation for parameter `{name}`"),
        format!("expected {expected}, found {}", r.lines.found(r.i)),
    ))
}

/// The response-structure documentation from line `start` (at most up to `end`), lined up with
/// the response's members; and the first line after it.
pub fn response(
    lines: &Lines<'_>,
    form: Form,
    response: &[(String, Node)],
    start: usize,
    end: usize,
) -> Result<(Docs, usize), PageError> {
    let root = lines.next_nonblank(start);
    if classify(lines.trimmed(root), form) != Line::Placeholder {
        return Err(lines.error(
            root,
            "the response structure does not start with the response",
            format!("expected `(dict) --`, found {}", lines.found(root)),
        ));
    }
    let mut r = Reader {
        lines,
        form,
        i: root + 1,
        end,
    };
    let mut all = Vec::new();
    for (name, node) in response {
        all.push((name.clone(), node));
        nested(name, node, &mut all);
    }
    let mut docs = Docs::new();
    let count = all.len();
    for (k, (path, node)) in all.into_iter().enumerate() {
        r.member(&path, node)?;
        // Compact form: nothing marks where the last member's text ends and the next
        // operation's begins; the last member keeps one line.
        let most = if form == Form::Compact && k + 1 == count {
            1
        } else {
            usize::MAX
        };
        let text = r.text(most)?;
        docs.insert(
            path,
            MemberDoc {
                text,
                required: false,
            },
        );
    }
    match form {
        Form::Full => {
            r.finish("response")?;
            Ok((docs, end))
        }
        Form::Compact => {
            while r.i < end && r.line(r.i) == Line::Placeholder {
                r.i += 1;
            }
            Ok((docs, r.i))
        }
    }
}
