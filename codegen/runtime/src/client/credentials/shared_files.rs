//! The syntax of the shared `config` and `credentials` files, as the AWS SDKs read it (their
//! common test suite runs on it: `tests/profile_parser.rs` of the runtime).
//!
//! A file is sections, each a header `[NAME]` and properties `key = value`. A line that starts
//! with `#` or `;` is a comment, and so is the rest of a header after either, or of a property
//! line after either when whitespace comes before it (`value#1` keeps its `#`). An indented line
//! continues the property before it: the value gets a line feed and the line, trimmed. When the
//! property's value is empty (`s3 =`), its indented lines are sub-properties, each `key = value`
//! (`s3 =\n  addressing_style = path` is the value `"\naddressing_style = path"`). Keys are
//! compared without case (written in lower case). Whitespace is spaces and tabs; a byte order
//! mark at the start is skipped.
//!
//! What a header names, in which file, is [`Section::name`]'s; [`super::ProfileFiles`] merges
//! the sections.

/// The whitespace of the format: spaces and tabs only.
const WHITESPACE: [char; 2] = [' ', '\t'];

/// What starts a comment.
const COMMENT: [char; 2] = ['#', ';'];

/// A section as written: what its header holds between the brackets, trimmed (e.g.
/// `profile dev`), and its properties in the order written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section<'a> {
    pub(crate) header: &'a str,
    /// Each key in lower case, and its value with its continuation lines.
    pub(crate) properties: Vec<(String, String)>,
}

/// Which of the two files a text is: they name their profiles differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// `[profile NAME]` (and `[default]`), `[sso-session NAME]` and `[services NAME]`.
    Config,
    /// `[NAME]`, and nothing else.
    Credentials,
}

/// What a section's header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SectionName<'a> {
    /// A profile; `prefixed` for `[profile NAME]` of the config file, whose `[profile default]`
    /// wins over its `[default]`.
    Profile { name: &'a str, prefixed: bool },
    /// `[sso-session NAME]` of the config file.
    SsoSession(&'a str),
    /// `[services NAME]` of the config file: settings per service, as sub-properties.
    Services(&'a str),
    /// A section the SDKs skip: an invalid name, a kind of section they do not know, or one that
    /// does not belong in this file (`[NAME]` in the config file, `[profile NAME]` in the
    /// credentials file).
    Ignored,
}

impl<'a> Section<'a> {
    /// What the header names in a file of this kind.
    pub(crate) fn name(&self, file: FileKind) -> SectionName<'a> {
        let (prefix, name) = match self.header.split_once(WHITESPACE) {
            Some((prefix, name)) => (Some(prefix), name.trim_matches(WHITESPACE)),
            None => (None, self.header),
        };
        if !is_identifier(name) {
            return SectionName::Ignored;
        }
        match (file, prefix) {
            (FileKind::Config, Some("profile")) => SectionName::Profile {
                name,
                prefixed: true,
            },
            (FileKind::Config, Some("sso-session")) => SectionName::SsoSession(name),
            (FileKind::Config, Some("services")) => SectionName::Services(name),
            (FileKind::Config, None) if name == "default" => SectionName::Profile {
                name,
                prefixed: false,
            },
            (FileKind::Credentials, None) => SectionName::Profile {
                name,
                prefixed: false,
            },
            _ => SectionName::Ignored,
        }
    }
}

/// Whether a section's or property's name is one the SDKs accept: ASCII letters, digits and
/// `_ - / . % @ : +`. Sections and properties with other names are skipped.
pub(crate) fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-/.%@:+".contains(&b))
}

/// Why a file could not be read: its line (from 1) and what is wrong there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) line: usize,
    pub(crate) message: &'static str,
}

/// What an indented line continues.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Continues {
    /// Nothing: no property since the header (or no header yet).
    Nothing,
    /// The value of the last property.
    Value,
    /// The sub-properties of the last property, whose value on its own line was empty.
    SubProperties,
}

/// The sections of a file, in the order written (a header written twice gives two).
pub(crate) fn parse(text: &str) -> Result<Vec<Section<'_>>, SyntaxError> {
    let mut sections: Vec<Section<'_>> = Vec::new();
    let mut continues = Continues::Nothing;
    // A byte order mark, which some Windows editors write, is not part of the first line.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, line) in text.lines().enumerate() {
        let error = |message| SyntaxError {
            line: index + 1,
            message,
        };
        if line.trim_matches(WHITESPACE).is_empty() || line.starts_with(COMMENT) {
            continue;
        }
        if line.starts_with('[') {
            let header = without_comment(line, false)
                .strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
                .ok_or(error("profile definition must end with ']'"))?;
            sections.push(Section {
                header: header.trim_matches(WHITESPACE),
                properties: Vec::new(),
            });
            continues = Continues::Nothing;
            continue;
        }
        let Some(section) = sections.last_mut() else {
            return Err(error(
                "expected a profile definition (`[NAME]`) before the first property",
            ));
        };
        if line.starts_with(WHITESPACE) {
            let last = section.properties.last_mut();
            let Some((_, value)) = last.filter(|_| continues != Continues::Nothing) else {
                return Err(error(
                    "expected a property definition, found continuation (an indented line)",
                ));
            };
            if continues == Continues::SubProperties {
                property(line).map_err(|problem| error(problem.of_sub_property()))?;
            }
            value.push('\n');
            value.push_str(line.trim_matches(WHITESPACE));
        } else {
            let (key, value) = property(line).map_err(|problem| error(problem.of_property()))?;
            continues = if value.is_empty() {
                Continues::SubProperties
            } else {
                Continues::Value
            };
            section
                .properties
                .push((key.to_ascii_lowercase(), value.to_owned()));
        }
    }
    Ok(sections)
}

/// What is wrong with a property line.
enum Malformed {
    NoEquals,
    NoName,
}

impl Malformed {
    fn of_property(self) -> &'static str {
        match self {
            Self::NoEquals => "expected an '=' sign defining a property",
            Self::NoName => "property did not have a name (nothing before '=')",
        }
    }

    fn of_sub_property(self) -> &'static str {
        match self {
            Self::NoEquals => "expected an '=' sign defining a sub-property",
            Self::NoName => "sub-property did not have a name (nothing before '=')",
        }
    }
}

/// A property line's key and value, trimmed and without a comment; the value may be empty.
fn property(line: &str) -> Result<(&str, &str), Malformed> {
    let (key, value) = without_comment(line, true)
        .split_once('=')
        .ok_or(Malformed::NoEquals)?;
    let key = key.trim_matches(WHITESPACE);
    if key.is_empty() {
        return Err(Malformed::NoName);
    }
    Ok((key, value.trim_matches(WHITESPACE)))
}

/// The line trimmed, up to its first comment: the first `#` or `;`, or with
/// `after_whitespace` the first that follows a space or tab.
fn without_comment(line: &str, after_whitespace: bool) -> &str {
    let line = line.trim_matches(WHITESPACE);
    let comment = line.match_indices(COMMENT).map(|(at, _)| at).find(|&at| {
        !after_whitespace
            || line
                .get(..at)
                .is_some_and(|before| before.ends_with(WHITESPACE))
    });
    match comment.and_then(|at| line.get(..at)) {
        Some(before) => before.trim_matches(WHITESPACE),
        None => line,
    }
}
