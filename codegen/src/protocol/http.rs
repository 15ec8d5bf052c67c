//! The vocabulary of the HTTP binding that every protocol shares: the two messages, where a
//! member travels in one, the labels of a URI template, and the timestamp formats.

/// One message of an operation: its request (the input) or its response (the output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The request: the operation's input.
    Request,
    /// The response: the operation's output.
    Response,
}

impl Side {
    /// `request` or `response`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Request => "request",
            Side::Response => "response",
        }
    }
}

/// One label of a URI or host template: `{resourceArn}`, or greedy `{Key+}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The label's name.
    pub name: String,
    /// Whether the label takes the rest of the path, `/` included.
    pub greedy: bool,
}

/// Where a member travels in an HTTP message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// In the JSON body, under the member's JSON name.
    Body,
    /// The whole body: the structure's `payload` member.
    Payload,
    /// In the URI path, as the label of that name.
    Uri(String),
    /// In the query string, under that name.
    Query(String),
    /// A map in the query string: each key a parameter (`querystring` on a map).
    QueryMap,
    /// In an HTTP header of that name.
    Header(String),
    /// A map of the headers whose names start with this prefix (`headers`).
    Headers(String),
    /// The response's HTTP status (`statusCode`).
    StatusCode,
}

/// How a timestamp is written on the wire (`timestampFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimestampFormat {
    /// `iso8601`: RFC 3339.
    DateTime,
    /// `rfc822`: an IMF-fixdate.
    HttpDate,
    /// `unixTimestamp`: seconds since the epoch.
    EpochSeconds,
}
