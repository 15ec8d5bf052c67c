//! XML bodies written (feature `xml`): requests, and a server's responses and errors. The
//! generated code names each element and attribute (the protocol's naming rules are the
//! generator's); this writes them, escaped.

use super::body::Body;
#[cfg(feature = "server")]
use super::headers::Headers;
#[cfg(feature = "server")]
use super::message::response;
#[cfg(feature = "server")]
use crate::support::error::ServiceError;

/// A namespace an element declares: the attribute (`xmlns` or `xmlns:prefix`) and the URI.
pub type XmlNamespace = (&'static str, &'static str);

/// An XML document written element by element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XmlWriter {
    out: String,
    /// Whether the last start tag is still open for attributes.
    in_start_tag: bool,
}

impl XmlWriter {
    /// An empty document.
    pub fn new() -> Self {
        Self {
            out: String::with_capacity(256),
            in_start_tag: false,
        }
    }

    /// Opens element `name`, declaring `namespace`; attributes may follow until its content.
    pub fn start(&mut self, name: &str, namespace: Option<XmlNamespace>) {
        self.close_start_tag();
        self.out.push('<');
        self.out.push_str(name);
        self.in_start_tag = true;
        if let Some((attribute, uri)) = namespace {
            self.attribute(attribute, uri);
        }
    }

    /// Adds attribute `name="value"` to the element just opened. Nothing is written once the
    /// element has content: an attribute belongs in its start tag.
    pub fn attribute(&mut self, name: &str, value: &str) {
        if !self.in_start_tag {
            return;
        }
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape(&mut self.out, value, true);
        self.out.push('"');
    }

    /// Closes element `name`.
    pub fn end(&mut self, name: &str) {
        self.close_start_tag();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// A whole element holding `text`.
    pub fn element(&mut self, name: &str, namespace: Option<XmlNamespace>, text: &str) {
        self.start(name, namespace);
        self.close_start_tag();
        escape(&mut self.out, text, false);
        self.end(name);
    }

    /// The document as a body (`application/xml`).
    pub fn finish(mut self) -> Body {
        self.close_start_tag();
        Body::Xml(self.out.into_bytes())
    }

    fn close_start_tag(&mut self) {
        if self.in_start_tag {
            self.out.push('>');
            self.in_start_tag = false;
        }
    }
}

/// Appends `text` to `out` with `&`, `<` and `>` escaped, and in an attribute (`attribute`) also
/// `"` and the white space an attribute's value would otherwise lose.
fn escape(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
}

/// A structure (or union) the generated code writes into an XML body.
pub trait XmlStructure {
    /// Writes the attributes and child elements of the element just opened for `self`.
    fn write_xml_content(&self, writer: &mut XmlWriter);

    /// Writes `self` as element `name`, declaring `namespace`.
    fn write_xml(&self, writer: &mut XmlWriter, name: &str, namespace: Option<XmlNamespace>) {
        writer.start(name, namespace);
        self.write_xml_content(writer);
        writer.end(name);
    }
}

/// The response a query (or ec2) server answers `output` of operation `action` with:
/// `<{action}Response>` holding the output (inside `<{wrapper}>` when the protocol wraps it) and
/// a fresh request id (`<ResponseMetadata><RequestId>`, or ec2's `<requestId>`); the root declares
/// the service's `namespace` as AWS's answers do.
#[cfg(feature = "server")]
pub fn query_response<T: XmlStructure + ?Sized>(
    action: &str,
    wrapper: Option<&str>,
    ec2: bool,
    namespace: Option<XmlNamespace>,
    output: Option<&T>,
) -> http::Response<Vec<u8>> {
    let root = format!("{action}Response");
    let mut writer = XmlWriter::new();
    writer.start(&root, namespace);
    if let Some(output) = output {
        match wrapper {
            Some(wrapper) => output.write_xml(&mut writer, wrapper, None),
            None => output.write_xml_content(&mut writer),
        }
    }
    let id = super::idempotency_token();
    if ec2 {
        writer.element("requestId", None, &id);
    } else {
        writer.start("ResponseMetadata", None);
        writer.element("RequestId", None, &id);
        writer.end("ResponseMetadata");
    }
    writer.end(&root);
    response(200, Headers::new(), writer.finish())
}

impl XmlStructure for super::body::NoException {
    fn write_xml_content(&self, _writer: &mut XmlWriter) {}
}

/// `value` as an XML body whose root element is `name`.
pub fn xml_body<T: XmlStructure + ?Sized>(
    value: &T,
    name: &str,
    namespace: Option<XmlNamespace>,
) -> Body {
    let mut writer = XmlWriter::new();
    value.write_xml(&mut writer, name, namespace);
    writer.finish()
}

/// How a protocol frames an error in an XML body.
#[cfg(feature = "server")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlErrorForm {
    /// `<ErrorResponse><Error>..</Error><RequestId/></ErrorResponse>` (awsQuery, restXml).
    ErrorResponse,
    /// A bare `<Error>..<RequestId/></Error>` (S3).
    Bare,
    /// `<Response><Errors><Error>..</Error></Errors><RequestID/></Response>` (ec2).
    Ec2,
}

/// The response that carries `error` in an XML body of `form`: its `Code`, its `Message` unless
/// the members of `exception` (the modeled error it was read as) hold one (`has_message`), those
/// members, and the request id; with the error's status and `headers` (the exception's members
/// bound to headers). The root (`<ErrorResponse>`, `<Response>`, `<Error>`) declares `namespace`.
#[cfg(feature = "server")]
pub fn xml_error_response<T: XmlStructure + ?Sized>(
    headers: Headers,
    error: &ServiceError,
    exception: Option<&T>,
    has_message: bool,
    form: XmlErrorForm,
    namespace: Option<XmlNamespace>,
) -> http::Response<Vec<u8>> {
    let mut writer = XmlWriter::new();
    match form {
        XmlErrorForm::ErrorResponse => writer.start("ErrorResponse", namespace),
        XmlErrorForm::Ec2 => {
            writer.start("Response", namespace);
            writer.start("Errors", None);
        }
        XmlErrorForm::Bare => {}
    }
    let bare = form == XmlErrorForm::Bare;
    writer.start("Error", if bare { namespace } else { None });
    if form == XmlErrorForm::ErrorResponse {
        writer.element("Type", None, "Sender");
    }
    writer.element("Code", None, error.code());
    if let Some(message) = error.message().filter(|_| !has_message) {
        writer.element("Message", None, message);
    }
    if let Some(exception) = exception {
        exception.write_xml_content(&mut writer);
    }
    let id = error.request_id().unwrap_or_default();
    match form {
        XmlErrorForm::ErrorResponse => {
            writer.end("Error");
            writer.element("RequestId", None, id);
            writer.end("ErrorResponse");
        }
        XmlErrorForm::Ec2 => {
            writer.end("Error");
            writer.end("Errors");
            writer.element("RequestID", None, id);
            writer.end("Response");
        }
        XmlErrorForm::Bare => {
            writer.element("RequestId", None, id);
            writer.end("Error");
        }
    }
    response(error.status(), headers, writer.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_attributes_and_escapes() {
        let mut writer = XmlWriter::new();
        writer.start("Root", Some(("xmlns", "http://x")));
        writer.attribute("test", "<a&\"b\">");
        writer.element("a", None, "1 < 2 & 3 > 2");
        writer.attribute("late", "ignored");
        writer.start("empty", Some(("xmlns:p", "http://p")));
        writer.end("empty");
        writer.end("Root");
        assert_eq!(
            writer.finish(),
            Body::Xml(
                b"<Root xmlns=\"http://x\" test=\"&lt;a&amp;&quot;b&quot;&gt;\"><a>1 &lt; 2 &amp; 3 &gt; 2</a><empty xmlns:p=\"http://p\"></empty></Root>"
                    .to_vec()
            )
        );
    }
}
