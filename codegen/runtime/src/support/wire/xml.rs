//! XML bodies (feature `xml`): a response read into a tree of elements, with the limits hostile
//! input needs, and the errors of the XML protocols.
//!
//! The input is untrusted: a document type declaration is an error (so no entity is ever
//! declared, let alone expanded), only the five predefined entities and character references are
//! resolved, elements nest at most [`MAX_DEPTH`] deep, and a document holds at most
//! [`MAX_ELEMENTS`] elements. Names are local names: a namespace prefix is dropped, as botocore
//! drops it.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::text::{TimestampFormat, parse_timestamp};
use crate::support::Timestamp;
use crate::support::error::{FieldError, ServiceError};

/// How deep elements may nest.
pub const MAX_DEPTH: usize = 100;

/// How many elements a document may hold.
pub const MAX_ELEMENTS: usize = 1_000_000;

/// One element: its local name, attributes, child elements and text (the concatenation of its
/// text and CDATA, entities resolved). Its name and text borrow from the document where they can.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XmlElement<'a> {
    /// The local name (`Error` of `<aws:Error>`).
    pub name: Cow<'a, str>,
    /// The attributes, by local name, in document order.
    pub attributes: Vec<(String, String)>,
    /// The child elements, in document order.
    pub children: Vec<XmlElement<'a>>,
    /// The text directly inside the element.
    pub text: Cow<'a, str>,
}

impl<'a> XmlElement<'a> {
    /// The root element of a document, or what is wrong with it.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, FieldError> {
        let text = std::str::from_utf8(bytes)
            .map_err(|e| FieldError::new("body", format!("the XML is not UTF-8: {e}")))?;
        let mut reader = Reader::from_str(text);
        // The open elements, innermost last, each with where its children begin in `done`.
        let mut open: Vec<(XmlElement<'a>, usize)> = Vec::new();
        // The elements closed whose parent is still open, in document order: the children of
        // each open element are a run at the end, moved into it when it closes.
        let mut done: Vec<XmlElement<'a>> = Vec::new();
        let mut count = 0usize;
        let error = |reader: &Reader<&[u8]>, message: String| {
            FieldError::new(
                "body",
                format!(
                    "malformed XML at byte {}: {message}",
                    reader.buffer_position()
                ),
            )
        };
        loop {
            let event = reader
                .read_event()
                .map_err(|e| error(&reader, e.to_string()))?;
            match event {
                Event::Start(start) | Event::Empty(start) if open.len() >= MAX_DEPTH => {
                    let _ = start;
                    return Err(error(
                        &reader,
                        format!("elements nest more than {MAX_DEPTH} deep"),
                    ));
                }
                Event::Start(start) => {
                    count += 1;
                    if count > MAX_ELEMENTS {
                        return Err(error(&reader, format!("more than {MAX_ELEMENTS} elements")));
                    }
                    let tag = tag(text, &reader, &start, 1);
                    let element = element(tag, &start).map_err(|e| error(&reader, e))?;
                    open.push((element, done.len()));
                }
                Event::Empty(start) => {
                    count += 1;
                    if count > MAX_ELEMENTS {
                        return Err(error(&reader, format!("more than {MAX_ELEMENTS} elements")));
                    }
                    let tag = tag(text, &reader, &start, 2);
                    let empty = element(tag, &start).map_err(|e| error(&reader, e))?;
                    if open.is_empty() {
                        return finish(&mut reader, empty);
                    }
                    done.push(empty);
                }
                Event::End(_) => {
                    let Some((mut closed, first_child)) = open.pop() else {
                        return Err(error(
                            &reader,
                            "a closing tag without an opening one".into(),
                        ));
                    };
                    closed.children = done.split_off(first_child);
                    if open.is_empty() {
                        return finish(&mut reader, closed);
                    }
                    done.push(closed);
                }
                Event::Text(text) => {
                    if let Some((current, _)) = open.last_mut() {
                        append(&mut current.text, text.xml10_content());
                    } else if !text.xml10_content().trim().is_empty() {
                        return Err(error(&reader, "text outside the root element".into()));
                    }
                }
                Event::CData(data) => match open.last_mut() {
                    Some((current, _)) => append(&mut current.text, data.xml10_content()),
                    None => return Err(error(&reader, "CDATA outside the root element".into())),
                },
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        Ok(None) => predefined(&reference.xml10_content()).ok_or_else(|| {
                            error(
                                &reader,
                                format!(
                                    "the entity `&{};` is not one of XML's five",
                                    reference.xml10_content()
                                ),
                            )
                        })?,
                        Err(e) => return Err(error(&reader, e.to_string())),
                    };
                    match open.last_mut() {
                        Some((current, _)) => current.text.to_mut().push(resolved),
                        None => return Err(error(&reader, "text outside the root element".into())),
                    }
                }
                Event::DocType(_) => {
                    return Err(error(
                        &reader,
                        "a document type declaration, which this reader refuses".into(),
                    ));
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::Eof => {
                    return Err(error(
                        &reader,
                        if open.is_empty() {
                            "no root element".into()
                        } else {
                            "the document ends inside an element".into()
                        },
                    ));
                }
            }
        }
    }

    /// The root element of a response body, or an element with no name and nothing in it when
    /// the body is empty (a response whose output has no member set).
    pub fn parse_body(bytes: &'a [u8]) -> Result<Self, FieldError> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            Ok(Self::default())
        } else {
            Self::parse(bytes)
        }
    }

    /// The first child element named `name`.
    pub fn child(&self, name: &str) -> Option<&XmlElement<'a>> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child element named `name`, in document order.
    pub fn children_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s XmlElement<'a>> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The attribute of local name `name`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// `more` added to the text `text` holds so far: borrowed while it is the only piece.
fn append<'a>(text: &mut Cow<'a, str>, more: Cow<'a, str>) {
    if text.is_empty() {
        *text = more;
    } else {
        text.to_mut().push_str(&more);
    }
}

/// The root is done: only comments, processing instructions and white space may follow.
fn finish<'a>(
    reader: &mut Reader<&[u8]>,
    root: XmlElement<'a>,
) -> Result<XmlElement<'a>, FieldError> {
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return Ok(root),
            Ok(Event::Comment(_) | Event::PI(_)) => {}
            Ok(Event::Text(text)) if text.xml10_content().trim().is_empty() => {}
            Ok(_) => {
                return Err(FieldError::new(
                    "body",
                    format!(
                        "malformed XML at byte {}: content after the root element",
                        reader.buffer_position()
                    ),
                ));
            }
            Err(e) => {
                return Err(FieldError::new(
                    "body",
                    format!("malformed XML at byte {}: {e}", reader.buffer_position()),
                ));
            }
        }
    }
}

/// The text of start tag `start` (name and attributes) as a slice of `document`, the reader
/// having just read it and `closing` bytes after it (`>`, or `/>` of an empty element); `None`
/// where the reader's position does not lead back to it.
fn tag<'a>(
    document: &'a str,
    reader: &Reader<&[u8]>,
    start: &BytesStart<'_>,
    closing: usize,
) -> Option<&'a str> {
    let end = usize::try_from(reader.buffer_position())
        .ok()?
        .checked_sub(closing)?;
    let from = end.checked_sub(start.len())?;
    // The same bytes, not a copy of them: the reader lends its events from the document.
    document
        .get(from..end)
        .filter(|tag| std::ptr::eq(tag.as_ptr(), start.as_ptr()))
}

/// An element from its start tag: its local name (borrowed from `tag`, the start tag's text in
/// the document, where it is known) and attributes.
fn element<'a>(tag: Option<&'a str>, start: &BytesStart<'_>) -> Result<XmlElement<'a>, String> {
    let name_len = start.name().as_ref().len();
    let name = match tag.and_then(|tag| tag.get(..name_len)) {
        // The local name follows the first `:` (a byte search: names are short).
        Some(name) => Cow::Borrowed(
            name.bytes()
                .position(|b| b == b':')
                .and_then(|colon| name.get(colon + 1..))
                .unwrap_or(name),
        ),
        None => Cow::Owned(start.local_name().as_ref().to_owned()),
    };
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let key = attribute.key.local_name().as_ref().to_owned();
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        attributes.push((key, value.into_owned()));
    }
    Ok(XmlElement {
        name,
        attributes,
        ..XmlElement::default()
    })
}

/// The five entities XML predefines.
fn predefined(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

/// Where a value read from XML sits, for its errors: the wire names of the members leading to it,
/// joined with `.` (`Contents.Size`) only when an error is made, so that reading allocates
/// nothing for it.
#[derive(Debug, Clone, Copy)]
pub struct XmlPath<'p> {
    parent: Option<&'p XmlPath<'p>>,
    name: &'p str,
}

impl<'p> XmlPath<'p> {
    /// The path of the body itself: empty.
    pub const ROOT: XmlPath<'static> = XmlPath::new("");

    /// A path of one name.
    pub const fn new(name: &'p str) -> Self {
        Self { parent: None, name }
    }

    /// The path of member `name` of the value at `self`.
    pub fn join(&'p self, name: &'p str) -> Self {
        Self {
            parent: Some(self),
            name,
        }
    }

    fn is_empty(&self) -> bool {
        self.name.is_empty() && self.parent.is_none_or(XmlPath::is_empty)
    }
}

impl std::fmt::Display for XmlPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(parent) = self.parent.filter(|parent| !parent.is_empty()) {
            write!(f, "{parent}.")?;
        }
        f.write_str(self.name)
    }
}

/// A type the generated code reads from an XML element: structures, and their unions and enums.
pub trait FromXml: Sized {
    /// The value `element` holds; `path` names it in errors.
    fn from_xml(element: &XmlElement<'_>, path: XmlPath<'_>) -> Result<Self, FieldError>;
}

/// A scalar from an element's text, through its text form ([`Text`](super::Text)).
pub fn xml_text<T: super::Text>(
    element: &XmlElement<'_>,
    path: XmlPath<'_>,
) -> Result<T, FieldError> {
    T::from_text(&element.text).map_err(|message| FieldError::new(path.to_string(), message))
}

/// A scalar from the attribute of local name `name`, if the element has it.
pub fn xml_attribute<T: super::Text>(
    element: &XmlElement<'_>,
    name: &str,
    path: XmlPath<'_>,
) -> Result<Option<T>, FieldError> {
    element
        .attribute(name)
        .map(|text| {
            T::from_text(text).map_err(|message| FieldError::new(path.to_string(), message))
        })
        .transpose()
}

/// A timestamp from an element's text, in `format`.
pub fn xml_timestamp(
    element: &XmlElement<'_>,
    path: XmlPath<'_>,
    format: TimestampFormat,
) -> Result<Timestamp, FieldError> {
    parse_timestamp(element.text.trim(), format)
        .map_err(|message| FieldError::new(path.to_string(), message))
}

/// A required member's value, or an error naming the member, missing.
pub fn xml_required<T>(path: XmlPath<'_>, value: Option<T>) -> Result<T, FieldError> {
    value.ok_or_else(|| FieldError::new(path.to_string(), "required member is missing"))
}

/// The element an XML body holds an operation's output in: the root, or its child named
/// `wrapper` (the query protocol's `<OperationResult>`).
pub fn xml_output<'e, 'a>(
    root: &'e XmlElement<'a>,
    wrapper: Option<&str>,
) -> Result<&'e XmlElement<'a>, FieldError> {
    match wrapper {
        // An empty body holds an empty output.
        _ if root.name.is_empty() => Ok(root),
        None => Ok(root),
        Some(wrapper) => root.child(wrapper).ok_or_else(|| {
            FieldError::new(
                "body",
                format!("the response has no `{wrapper}` element in `{}`", root.name),
            )
        }),
    }
}

/// The element an output of one body member is read from: `root`, or, when `root` is that
/// member's own element rather than one holding it (S3's GetBucketLocation answers a bare
/// `<LocationConstraint>`), an element holding `root`.
pub fn xml_sole_member<'a>(root: XmlElement<'a>, member: &str) -> XmlElement<'a> {
    if root.name == member && root.child(member).is_none() {
        XmlElement {
            children: vec![root],
            ..XmlElement::default()
        }
    } else {
        root
    }
}

/// The `<Error>` element of an XML error response: `<ErrorResponse><Error>` (query),
/// `<Response><Errors><Error>` (ec2), or a bare `<Error>` (S3).
pub fn xml_error_element<'e, 'a>(root: &'e XmlElement<'a>) -> Option<&'e XmlElement<'a>> {
    if root.name == "Error" {
        return Some(root);
    }
    root.child("Error").or_else(|| {
        root.child("Errors")
            .and_then(|errors| errors.child("Error"))
    })
}

impl ServiceError {
    /// Reads an XML error response: the code and message from its `<Error>` element, the
    /// request id from `RequestId` (or ec2's `RequestID`) beside it, else the `x-amzn-RequestId`
    /// or `x-amz-request-id` header. A response without an XML body (the answer to a `HEAD`)
    /// has its status as the code and the status's reason as the message, as botocore reads it.
    pub fn from_xml_response(response: &http::Response<Vec<u8>>) -> Self {
        let status = response.status();
        let mut error = ServiceError::new(status.as_u16(), "");
        match XmlElement::parse(response.body()) {
            Ok(root) => {
                if let Some(element) = xml_error_element(&root) {
                    if let Some(code) = element.child("Code") {
                        error = ServiceError::new(status.as_u16(), code.text.trim());
                    }
                    if let Some(message) = element.child("Message") {
                        error = error.with_message(&*message.text);
                    }
                }
                let id = root
                    .child("RequestId")
                    .or_else(|| root.child("RequestID"))
                    .map(|id| id.text.trim().to_owned());
                if let Some(id) = id {
                    error = error.with_request_id(id);
                }
            }
            Err(_) => {
                error = ServiceError::new(status.as_u16(), status.as_str())
                    .with_message(status.canonical_reason().unwrap_or_default());
            }
        }
        if error.request_id().is_none()
            && let Some(id) = ["x-amzn-requestid", "x-amz-request-id"]
                .iter()
                .find_map(|name| response.headers().get(*name)?.to_str().ok())
        {
            error = error.with_request_id(id);
        }
        error
            .with_headers(response.headers().clone())
            .with_body(response.body().clone())
    }
}

/// An error enum's variant for `error`: `found` with the exception of type `T` read from the
/// `<Error>` element of its XML body, or `unhandled` when the body holds none.
#[inline]
pub fn xml_exception<T: FromXml, E>(
    error: ServiceError,
    found: fn(T, ServiceError) -> E,
    unhandled: fn(ServiceError) -> E,
) -> E {
    let exception = XmlElement::parse(error.body()).ok().and_then(|root| {
        let element = xml_error_element(&root)?;
        T::from_xml(element, XmlPath::new("Error")).ok()
    });
    match exception {
        Some(exception) => found(exception, error),
        None => unhandled(error),
    }
}

/// The output of an XML response: on a 2xx status, what `read` makes of its body (its error
/// becomes [`ResponseError::Malformed`](crate::support::ResponseError::Malformed)); otherwise
/// the service's error, read from its XML body.
pub fn read_xml_response<E: crate::support::OperationError, T>(
    response: &http::Response<Vec<u8>>,
    read: impl FnOnce(&[u8]) -> Result<T, FieldError>,
) -> Result<T, crate::support::ResponseError<E>> {
    use crate::support::error::{MalformedResponse, ResponseError};
    let status = response.status();
    if !status.is_success() {
        return Err(ResponseError::Service(E::from(
            ServiceError::from_xml_response(response),
        )));
    }
    read(response.body())
        .map_err(|error| ResponseError::Malformed(MalformedResponse::new(status.as_u16(), error)))
}

/// The output of a restXml response: on a 2xx status, what `read` makes of it (its error becomes
/// [`ResponseError::Malformed`](crate::support::ResponseError::Malformed)); otherwise the
/// service's error, read from its XML body. Where `ok_may_be_error`, a 2xx response whose body is
/// an `<Error>` element is an error too: S3 answers a copy that failed after it began so
/// (CopyObject, UploadPartCopy, CompleteMultipartUpload), as the SDKs read it.
pub fn read_rest_xml_response<E: crate::support::OperationError, T>(
    response: &http::Response<Vec<u8>>,
    ok_may_be_error: bool,
    read: impl FnOnce(&http::Response<Vec<u8>>) -> Result<T, FieldError>,
) -> Result<T, crate::support::ResponseError<E>> {
    use crate::support::error::{MalformedResponse, ResponseError};
    let status = response.status();
    if !status.is_success() || (ok_may_be_error && is_error_document(response.body())) {
        return Err(ResponseError::Service(E::from(
            ServiceError::from_xml_response(response),
        )));
    }
    read(response)
        .map_err(|error| ResponseError::Malformed(MalformedResponse::new(status.as_u16(), error)))
}

/// Whether `body` is an XML document whose root is an `<Error>` with a `<Code>`.
fn is_error_document(body: &[u8]) -> bool {
    let text = body.trim_ascii_start();
    let text = match text.strip_prefix(b"<?xml") {
        Some(rest) => rest
            .iter()
            .position(|b| *b == b'>')
            .map_or(rest, |end| rest[end + 1..].trim_ascii_start()),
        None => text,
    };
    text.starts_with(b"<Error>")
        && XmlElement::parse(body)
            .is_ok_and(|root| root.name == "Error" && root.child("Code").is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_attributes_text_and_entities() {
        let root = XmlElement::parse(
            br#"<?xml version="1.0"?><a:Root xmlns:a="urn:x" id="1"><B>x &amp; &#x41;</B><C/><![CDATA[<raw>]]></a:Root>"#,
        )
        .unwrap_or_default();
        assert_eq!(root.name, "Root");
        assert_eq!(root.attribute("id"), Some("1"));
        assert_eq!(root.child("B").map(|b| &*b.text), Some("x & A"));
        assert!(root.child("C").is_some());
        assert_eq!(root.text, "<raw>");
    }

    #[test]
    fn reads_names_from_start_and_empty_tags_alike() {
        let root =
            XmlElement::parse(b"<R>\r\n<x:E a='1'/><E\tb=\"2\"></E><E/><F>one&lt;two</F></R>")
                .unwrap_or_default();
        let names: Vec<&str> = root.children.iter().map(|c| &*c.name).collect();
        assert_eq!(names, ["E", "E", "E", "F"]);
        // Every name is the document's own bytes, start tag or empty one.
        assert!(
            root.children
                .iter()
                .all(|c| matches!(c.name, Cow::Borrowed(_)))
        );
        assert_eq!(root.children_named("E").count(), 3);
        assert_eq!(root.children[0].attribute("a"), Some("1"));
        assert_eq!(root.children[1].attribute("b"), Some("2"));
        assert_eq!(root.child("F").map(|f| &*f.text), Some("one<two"));
        assert_eq!(root.text, "\n");
    }

    #[test]
    fn paths_are_written_only_when_asked() {
        let root = XmlPath::ROOT;
        let users = root.join("Users");
        assert_eq!(users.join("CreateDate").to_string(), "Users.CreateDate");
        assert_eq!(XmlPath::new("Error").join("Code").to_string(), "Error.Code");
        assert_eq!(root.to_string(), "");
    }

    #[test]
    fn refuses_what_hostile_documents_hold() {
        for bad in [
            &br#"<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>"#[..],
            b"<a>&x;</a>",
            b"<a><b></a>",
            b"<a></a><b></b>",
            b"",
            b"<a>",
            b"\xff",
        ] {
            assert!(
                XmlElement::parse(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        let deep = "<a>".repeat(100_000) + &"</a>".repeat(100_000);
        let error = XmlElement::parse(deep.as_bytes())
            .err()
            .unwrap_or_else(|| FieldError::new("", ""));
        assert!(error.message().contains("nest"), "{error}");
    }

    #[test]
    fn finds_errors_of_each_form() {
        for body in [
            &b"<ErrorResponse><Error><Type>Sender</Type><Code>Bad</Code><Message>no</Message></Error><RequestId>r1</RequestId></ErrorResponse>"[..],
            b"<Response><Errors><Error><Code>Bad</Code><Message>no</Message></Error></Errors><RequestID>r1</RequestID></Response>",
        ] {
            let response = http::Response::builder()
                .status(400)
                .body(body.to_vec())
                .unwrap_or_default();
            let error = ServiceError::from_xml_response(&response);
            assert_eq!(
                (error.code(), error.message(), error.request_id()),
                ("Bad", Some("no"), Some("r1"))
            );
        }
    }
}
