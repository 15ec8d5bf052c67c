//! Why an import did not happen. Every problem in a page is located (page file, line, what was
//! expected there); the model is never written when there is one.

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use super::literal::LiteralError;

/// A problem at one place of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    /// The page's path as the user gave it.
    pub file: String,
    /// The page's text (to show the line).
    pub text: String,
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What was expected there.
    pub expected: String,
}

/// Why pages could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// A file could not be read or written.
    Io {
        /// The path.
        path: String,
        /// The error.
        error: String,
    },
    /// A page is not UTF-8 text.
    NotText {
        /// The page's path.
        file: String,
        /// The first byte that is not UTF-8.
        offset: usize,
        /// Its 1-based line.
        line: usize,
    },
    /// A page that does not read as expected.
    Page(Box<PageError>),
    /// A model file that is not a service-2 model, or that the import would make invalid.
    Model {
        /// The model file.
        path: String,
        /// What is wrong (rendered diagnostics for an invalid result).
        message: String,
    },
    /// New structures whose names collide or are ambiguous: one line each, with the line that
    /// would name them in a names file.
    Names(Vec<String>),
}

impl PageError {
    /// A problem at `offset` of a page.
    pub fn new(
        file: &str,
        text: &str,
        offset: usize,
        message: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        Self {
            file: file.to_owned(),
            text: text.to_owned(),
            offset,
            message: message.into(),
            expected: expected.into(),
        }
    }

    /// A literal's problem, located in its page.
    pub fn literal(file: &str, text: &str, error: LiteralError) -> Self {
        let mut expected = format!("expected {}", error.expected);
        if let Some((open, at)) = error.open {
            let (line, col) = line_col(text, at);
            expected.push_str(&format!(" to close the `{open}` at {line}:{col}"));
        }
        let mut this = Self::new(file, text, error.offset, error.message, "");
        this.expected = expected;
        this
    }
}

impl From<PageError> for ImportError {
    fn from(error: PageError) -> Self {
        ImportError::Page(Box::new(error))
    }
}

impl ImportError {
    /// The error as a user reads it, rustc-style for a page problem.
    pub fn render(&self, color: bool) -> String {
        match self {
            ImportError::Io { path, error } => format!("error: `{path}`: {error}\n"),
            ImportError::NotText { file, offset, line } => format!(
                "error: `{file}` is not a text page: byte {offset} (line {line}) is not UTF-8\n"
            ),
            ImportError::Model { path, message } => {
                format!("error: model `{path}`: {message}\n")
            }
            ImportError::Names(lines) => {
                let mut out = String::from(
                    "error: new shapes need a name (the one the member suggests is taken or \
                     ambiguous); add these lines to a names file and pass it with `--names FILE`:\n",
                );
                for line in lines {
                    out.push_str(&format!("  {line}\n"));
                }
                out
            }
            ImportError::Page(error) => {
                let renderer = if color {
                    Renderer::styled()
                } else {
                    Renderer::plain()
                };
                let mut start = error.offset.min(error.text.len());
                while !error.text.is_char_boundary(start) {
                    start -= 1;
                }
                let end = error.text[start..]
                    .chars()
                    .next()
                    .filter(|c| *c != '\n')
                    .map_or(start, |c| start + c.len_utf8());
                let group = Level::ERROR.primary_title(&error.message).element(
                    Snippet::source(&error.text).path(&error.file).annotation(
                        AnnotationKind::Primary
                            .span(start..end)
                            .label(&error.expected),
                    ),
                );
                format!("{}\n", renderer.render(&[group]))
            }
        }
    }
}

/// The 1-based line and column (in characters) of a byte offset of `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    crate::SourceFile {
        name: String::new(),
        text: text.to_owned(),
    }
    .line_col(offset)
}
