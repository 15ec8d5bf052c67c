//! A dated API reference page, cut into its operations: for each, the Changes blocks, the
//! description, the request syntax with its parameter documentation, and the response syntax
//! with its structure documentation.
//!
//! Two forms are read. The full form has a heading per operation (`GetStage (updated) Link ¶`),
//! labelled Changes blocks, and `type NAME:`/`param NAME:` lines. The compact form has none of
//! these: an operation starts at its Changes block or description, the blocks are unlabelled
//! (`{...}Response` then `{...}`), and parameters are documented by order, each starting with a
//! bare type line (`string`, `dict`, ...). In the compact form the documentation of an
//! operation's last response member is taken to be one line; the lines after it, up to the next
//! operation's request syntax, are that operation's Changes block and description.

use super::docs::{self, Docs, Form};
use super::error::{ImportError, PageError};
use super::lines::Lines;
use super::literal::{Node, Note, Parser};
use crate::ir::Side;

/// A page, read.
#[derive(Debug, Clone)]
pub struct Page {
    /// The path as the user gave it.
    pub file: String,
    /// The date in its header, `YYYY-MM-DD`.
    pub date: String,
    /// The service its header names, e.g. `Amazon Interactive Video Service`.
    pub service: String,
    /// The byte offset of the header line.
    pub header_offset: usize,
    /// The text, for locating errors later.
    pub text: String,
    /// The operations, in page order.
    pub operations: Vec<PageOperation>,
}

/// Whether the page introduces an operation or updates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `(new)`.
    New,
    /// `(updated)`.
    Updated,
}

/// One operation as a page documents it.
#[derive(Debug, Clone)]
pub struct PageOperation {
    /// The operation's name, from the request syntax's method: `get_stage` is `GetStage`.
    pub name: String,
    /// New or updated, from its heading or the page header.
    pub status: Status,
    /// The byte offset of its request syntax.
    pub offset: usize,
    /// The description, paragraphs joined by spaces.
    pub documentation: String,
    /// The request's members.
    pub request: Vec<(String, Node)>,
    /// The parameter documentation.
    pub request_docs: Docs,
    /// The response's members and their documentation; `None` when it returns `None`.
    pub response: Option<(Vec<(String, Node)>, Docs)>,
    /// The Changes blocks.
    pub changes: Vec<ChangesBlock>,
}

/// One side of an operation's Changes block.
#[derive(Debug, Clone)]
pub struct ChangesBlock {
    /// Request or response.
    pub side: Side,
    /// What the block says changed.
    pub note: Note,
    /// The byte offset of the block.
    pub offset: usize,
}

/// Reads a page: `bytes` of the file at `file`.
pub fn read(file: &str, bytes: &[u8]) -> Result<Page, ImportError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.valid_up_to();
            let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
            return Err(ImportError::NotText {
                file: file.to_owned(),
                offset,
                line,
            });
        }
    };
    if let Some(nul) = text.find('\0') {
        let line = text[..nul].matches('\n').count() + 1;
        return Err(ImportError::NotText {
            file: file.to_owned(),
            offset: nul,
            line,
        });
    }
    let lines = Lines::new(file, text);
    let header = header(&lines)?;
    let operations = operations(&lines, &header)?;
    Ok(Page {
        file: file.to_owned(),
        date: header.date,
        service: header.service,
        header_offset: lines.offset(header.line),
        text: text.to_owned(),
        operations,
    })
}

struct Header {
    line: usize,
    date: String,
    service: String,
    new: usize,
    updated: usize,
}

const HEADER_FORM: &str =
    "the header line `YYYY/MM/DD - <service> - N new|updated api methods` near the top";

/// The dated header: `2024/12/10 - Amazon Interactive Video Service RealTime - 5 updated api
/// methods` (the full form puts the service's name on a line above it).
fn header(lines: &Lines<'_>) -> Result<Header, PageError> {
    let mut i = lines.next_nonblank(0);
    for _ in 0..3 {
        if let Some(header) = parse_header(lines.trimmed(i)) {
            return Ok(Header { line: i, ..header });
        }
        i = lines.next_nonblank(i + 1);
    }
    let first = lines.next_nonblank(0);
    Err(lines.error(
        first,
        "the page has no dated header",
        format!("expected {HEADER_FORM}, found {}", lines.found(first)),
    ))
}

fn parse_header(line: &str) -> Option<Header> {
    let mut parts = line.splitn(3, " - ");
    let (date, service, counts) = (parts.next()?, parts.next()?, parts.next()?);
    let digits: Vec<&str> = date.split('/').collect();
    let valid = matches!(digits.as_slice(), [y, m, d]
        if y.len() == 4 && m.len() == 2 && d.len() == 2
            && digits.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())));
    let counts = counts.strip_suffix("api methods")?;
    if !valid || service.trim().is_empty() {
        return None;
    }
    let (mut new, mut updated) = (0, 0);
    let words: Vec<&str> = counts.split_whitespace().collect();
    for pair in words.chunks(2) {
        let [count, kind] = pair else { return None };
        let count: usize = count.parse().ok()?;
        match *kind {
            "new" => new += count,
            "updated" => updated += count,
            _ => return None,
        }
    }
    Some(Header {
        line: 0,
        date: digits.join("-"),
        service: service.trim().to_owned(),
        new,
        updated,
    })
}

/// `GetStage (updated) Link ¶`: the name and status of a full-form heading (its spaces may be
/// no-break spaces).
fn heading(line: &str) -> Option<(&str, Status)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let [name, status, "Link", "¶"] = words.as_slice() else {
        return None;
    };
    let status = match *status {
        "(new)" => Status::New,
        "(updated)" => Status::Updated,
        _ => return None,
    };
    name.chars()
        .all(|c| c.is_ascii_alphanumeric())
        .then_some((*name, status))
}

/// `get_stream_session` is `GetStreamSession`.
fn operation_name(method: &str) -> String {
    method
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

fn operations(lines: &Lines<'_>, header: &Header) -> Result<Vec<PageOperation>, PageError> {
    let syntax: Vec<usize> = (0..lines.lines.len())
        .filter(|i| lines.trimmed(*i) == "Request Syntax")
        .collect();
    let headings: Vec<usize> = (0..lines.lines.len())
        .filter(|i| heading(lines.trimmed(*i)).is_some())
        .collect();
    let form = if headings.is_empty() {
        Form::Compact
    } else {
        Form::Full
    };
    if syntax.is_empty() {
        return Err(lines.error(
            header.line,
            "the page documents no operation",
            "expected a `Request Syntax` section per operation",
        ));
    }
    if form == Form::Full && headings.len() != syntax.len() {
        return Err(lines.error(
            headings.first().copied().unwrap_or(header.line),
            format!(
                "{} operation headings but {} `Request Syntax` sections",
                headings.len(),
                syntax.len()
            ),
            "expected one `Name (new|updated) Link ¶` heading per request syntax",
        ));
    }
    let announced = header.new + header.updated;
    if announced != syntax.len() {
        return Err(lines.error(
            header.line,
            format!(
                "the header announces {announced} api methods, the page documents {}",
                syntax.len()
            ),
            format!("expected {} `Request Syntax` sections", announced),
        ));
    }
    let default_status = if header.updated == 0 {
        Status::New
    } else {
        Status::Updated
    };
    let mut operations = Vec::new();
    let mut start = header.line + 1;
    for (k, &request_line) in syntax.iter().enumerate() {
        let region_end = match form {
            Form::Full => headings.get(k + 1).copied().unwrap_or(lines.lines.len()),
            Form::Compact => syntax.get(k + 1).copied().unwrap_or(lines.lines.len()),
        };
        let preamble = preamble(lines, form, start, request_line, k == 0)?;
        let body = body(lines, form, request_line, region_end)?;
        let status = preamble.status.unwrap_or(default_status);
        if let Some((name, at)) = &preamble.heading
            && *name != body.name
        {
            return Err(lines.error(
                *at,
                format!(
                    "the heading names `{name}` but the request syntax calls `{}`",
                    body.name
                ),
                format!("expected the heading `{} (...) Link ¶`", body.name),
            ));
        }
        let changes = sides(lines, &preamble.blocks, &body)?;
        operations.push(PageOperation {
            name: body.name,
            status,
            offset: lines.text_offset(request_line),
            documentation: preamble.documentation,
            request: body.request,
            request_docs: body.request_docs,
            response: body.response,
            changes,
        });
        start = body.end;
    }
    Ok(operations)
}

struct Preamble {
    heading: Option<(String, usize)>,
    status: Option<Status>,
    /// Changes blocks: the side when labelled, the note, the offset.
    blocks: Vec<(Option<Side>, Note, usize)>,
    documentation: String,
}

/// What comes before an operation's request syntax: its heading and Changes blocks (full form),
/// or its unlabelled Changes blocks (compact form), then its description.
fn preamble(
    lines: &Lines<'_>,
    form: Form,
    start: usize,
    end: usize,
    first: bool,
) -> Result<Preamble, PageError> {
    let mut i = lines.next_nonblank(start);
    let mut result = Preamble {
        heading: None,
        status: None,
        blocks: Vec::new(),
        documentation: String::new(),
    };
    if first {
        // The page's own summary: `Changes  <summary>` (and, in the full form, anything else
        // before the first heading).
        match form {
            Form::Full => {
                while i < end && heading(lines.trimmed(i)).is_none() {
                    i = lines.next_nonblank(i + 1);
                }
            }
            Form::Compact => {
                if lines.trimmed(i).starts_with("Changes ") {
                    i = lines.next_nonblank(i + 1);
                }
            }
        }
    }
    if form == Form::Full {
        let Some((name, status)) = heading(lines.trimmed(i)) else {
            return Err(lines.error(
                i,
                "an operation without its heading",
                format!(
                    "expected `Name (new|updated) Link ¶`, found {}",
                    lines.found(i)
                ),
            ));
        };
        result.heading = Some((name.to_owned(), i));
        result.status = Some(status);
        i = lines.next_nonblank(i + 1);
        if lines.trimmed(i).starts_with("Changes (") {
            let listed = lines.trimmed(i);
            i = lines.next_nonblank(i + 1);
            let mut label = None;
            while i < end {
                match lines.trimmed(i) {
                    "Request" => label = Some(Side::Request),
                    "Response" => label = Some(Side::Response),
                    text if text.starts_with('{') => {
                        let side = label.or(match listed {
                            "Changes (request)" => Some(Side::Request),
                            "Changes (response)" => Some(Side::Response),
                            _ => None,
                        });
                        let (note, next, _) = block(lines, i)?;
                        result.blocks.push((side, note, lines.text_offset(i)));
                        i = next;
                        label = None;
                        continue;
                    }
                    _ => break,
                }
                i = lines.next_nonblank(i + 1);
            }
        }
    } else {
        let mut side = None;
        while lines.trimmed(i).starts_with('{') && i < end {
            let (note, next, response_follows) = block(lines, i)?;
            result.blocks.push((side, note, lines.text_offset(i)));
            side = None;
            i = next;
            if response_follows {
                if let Some(last) = result.blocks.last_mut() {
                    last.0 = Some(Side::Request);
                }
                side = Some(Side::Response);
            }
        }
    }
    let mut paragraphs = Vec::new();
    while i < end && !lines.trimmed(i).starts_with("See also:") {
        if !lines.trimmed(i).is_empty() {
            paragraphs.push(lines.trimmed(i));
        }
        i += 1;
    }
    result.documentation = paragraphs.join(" ");
    Ok(result)
}

/// A Changes block starting on line `i`: its note, the next line, and whether `Response` is glued
/// to its end (the compact form's request block).
fn block(lines: &Lines<'_>, i: usize) -> Result<(Note, usize, bool), PageError> {
    let end = lines.literal_end(i);
    let start = lines.text_offset(i);
    let stop = lines.offset(end).min(lines.text.len());
    let mut parser = Parser::new(lines.text, start, stop);
    let note = parser
        .note()
        .map_err(|e| PageError::literal(lines.file, lines.text, e))?;
    let rest = lines.text[parser.offset()..stop].trim();
    match rest {
        "" => Ok((note, lines.next_nonblank(end), false)),
        "Response" => Ok((note, lines.next_nonblank(end), true)),
        _ => Err(PageError::new(
            lines.file,
            lines.text,
            parser.offset(),
            "unexpected text after a Changes block",
            "expected the end of the line or `Response`",
        )),
    }
}

struct Body {
    name: String,
    request: Vec<(String, Node)>,
    request_docs: Docs,
    response: Option<(Vec<(String, Node)>, Docs)>,
    /// The first line after the operation.
    end: usize,
}

/// The request syntax and everything after it: parameter docs, return type, response syntax and
/// structure.
fn body(
    lines: &Lines<'_>,
    form: Form,
    request_line: usize,
    region_end: usize,
) -> Result<Body, PageError> {
    let call_line = lines.next_nonblank(request_line + 1);
    if !lines.trimmed(call_line).starts_with("client.") {
        return Err(lines.error(
            call_line,
            "a request syntax without its call",
            format!(
                "expected `client.<method>(...)`, found {}",
                lines.found(call_line)
            ),
        ));
    }
    let literal_end = lines.literal_end(call_line);
    let stop = lines.offset(literal_end).min(lines.text.len());
    let mut parser = Parser::new(lines.text, lines.text_offset(call_line), stop);
    let (method, request) = parser
        .call()
        .map_err(|e| PageError::literal(lines.file, lines.text, e))?;
    if !lines.text[parser.offset()..stop].trim().is_empty() {
        return Err(PageError::new(
            lines.file,
            lines.text,
            parser.offset(),
            "unexpected text after the request syntax",
            "expected the end of the request syntax",
        ));
    }
    let name = operation_name(&method);
    let docs_start = literal_end;
    // Where the parameter documentation ends, and what the operation returns.
    let (docs_end, returns) = match form {
        Form::Full => {
            let Some(rtype) = (docs_start..region_end).find(|i| lines.trimmed(*i) == "rtype:")
            else {
                return Err(lines.error(
                    region_end.min(lines.lines.len().saturating_sub(1)),
                    format!("the documentation of `{name}` has no return type"),
                    "expected `rtype:` after the parameter documentation",
                ));
            };
            let word = lines.next_nonblank(rtype + 1);
            (rtype, word)
        }
        Form::Compact => {
            let found = (docs_start..region_end)
                .find(|i| matches!(lines.trimmed(*i), "None" | "Response Syntax"));
            match found {
                Some(i) if lines.trimmed(i) == "None" => (i, i),
                Some(i) => (i - 1, i - 1),
                None => {
                    return Err(lines.error(
                        region_end.min(lines.lines.len().saturating_sub(1)),
                        format!("the documentation of `{name}` has no return type"),
                        "expected `None`, or `dict` then `Response Syntax`, after the parameters",
                    ));
                }
            }
        }
    };
    let request_docs = docs::parameters(lines, form, &request, docs_start, docs_end)?;
    match lines.trimmed(returns) {
        "None" => {
            return Ok(Body {
                name,
                request,
                request_docs,
                response: None,
                end: returns + 1,
            });
        }
        "dict" => {}
        _ => {
            return Err(lines.error(
                returns,
                format!("`{name}` returns something other than `dict` or `None`"),
                format!("expected `dict` or `None`, found {}", lines.found(returns)),
            ));
        }
    }
    let Some(syntax) = (returns..region_end).find(|i| lines.trimmed(*i) == "Response Syntax")
    else {
        return Err(lines.error(
            returns,
            format!("`{name}` returns a dict but shows no response syntax"),
            "expected `Response Syntax`",
        ));
    };
    let dict_line = lines.next_nonblank(syntax + 1);
    let literal_end = lines.literal_end(dict_line);
    let stop = lines.offset(literal_end).min(lines.text.len());
    let mut parser = Parser::new(lines.text, lines.text_offset(dict_line), stop);
    let response = parser
        .dict()
        .map_err(|e| PageError::literal(lines.file, lines.text, e))?;
    let Node::Structure(response) = response else {
        return Err(lines.error(
            dict_line,
            "the response syntax is a map",
            "expected a structure `{'member': ...}`",
        ));
    };
    let structure = lines.next_nonblank(literal_end);
    if lines.trimmed(structure) != "Response Structure" {
        return Err(lines.error(
            structure,
            "the response syntax is not followed by its documentation",
            format!(
                "expected `Response Structure`, found {}",
                lines.found(structure)
            ),
        ));
    }
    let (response_docs, end) = docs::response(lines, form, &response, structure + 1, region_end)?;
    Ok(Body {
        name,
        request,
        request_docs,
        response: Some((response, response_docs)),
        end,
    })
}

/// Gives every Changes block its side: labelled, or (compact form, one block) the side whose
/// members its top-level names are.
fn sides(
    lines: &Lines<'_>,
    blocks: &[(Option<Side>, Note, usize)],
    body: &Body,
) -> Result<Vec<ChangesBlock>, PageError> {
    let mut out = Vec::new();
    for (side, note, offset) in blocks {
        let side = match side {
            Some(side) => *side,
            None => {
                let Note::Members(names) = note else {
                    return Err(PageError::new(
                        lines.file,
                        lines.text,
                        *offset,
                        "a Changes block that is not a dict of members",
                        "expected `{'member': ...}`",
                    ));
                };
                let within = |members: &[(String, Node)]| {
                    names.keys().all(|n| members.iter().any(|(m, _)| m == n))
                };
                let response: &[(String, Node)] =
                    body.response.as_ref().map_or(&[], |(members, _)| members);
                match (within(&body.request), within(response)) {
                    (true, false) => Side::Request,
                    (false, true) => Side::Response,
                    _ => {
                        return Err(PageError::new(
                            lines.file,
                            lines.text,
                            *offset,
                            "cannot tell whether this Changes block is about the request or the response",
                            "expected its top-level names to be members of exactly one side",
                        ));
                    }
                }
            }
        };
        out.push(ChangesBlock {
            side,
            note: note.clone(),
            offset: *offset,
        });
    }
    Ok(out)
}
