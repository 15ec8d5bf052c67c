//! The lines of a page with their byte offsets: what the page reader and the documentation
//! reader both walk.

use super::error::PageError;

/// The lines of a page, each with its byte offset.
pub struct Lines<'a> {
    /// The page's path.
    pub file: &'a str,
    /// The whole text.
    pub text: &'a str,
    /// (offset, line without its newline).
    pub lines: Vec<(usize, &'a str)>,
}

impl<'a> Lines<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        let mut lines = Vec::new();
        let mut offset = 0;
        for line in text.split('\n') {
            lines.push((offset, line.strip_suffix('\r').unwrap_or(line)));
            offset += line.len() + 1;
        }
        Self { file, text, lines }
    }

    /// Line `i`, trimmed; empty past the end.
    pub fn trimmed(&self, i: usize) -> &'a str {
        self.lines.get(i).map_or("", |(_, l)| l.trim())
    }

    /// The byte offset of line `i` (the end of the text past the last line).
    pub fn offset(&self, i: usize) -> usize {
        self.lines.get(i).map_or(self.text.len(), |(o, _)| *o)
    }

    /// The offset of the first non-blank character of line `i`.
    pub fn text_offset(&self, i: usize) -> usize {
        self.lines.get(i).map_or(self.text.len(), |(o, l)| {
            o + (l.len() - l.trim_start().len())
        })
    }

    /// The first non-blank line at or after `i`.
    pub fn next_nonblank(&self, mut i: usize) -> usize {
        while i < self.lines.len() && self.trimmed(i).is_empty() {
            i += 1;
        }
        i
    }

    /// An error at the start of line `i`'s text.
    pub fn error(
        &self,
        i: usize,
        message: impl Into<String>,
        expected: impl Into<String>,
    ) -> PageError {
        PageError::new(self.file, self.text, self.text_offset(i), message, expected)
    }

    /// What line `i` holds, for an error message.
    pub fn found(&self, i: usize) -> String {
        if i >= self.lines.len() {
            "the end of the page".to_owned()
        } else if self.trimmed(i).is_empty() {
            "an empty line".to_owned()
        } else {
            format!("`{}`", self.trimmed(i))
        }
    }

    /// The end (exclusive line index) of the literal starting on line `i`: it goes on over the
    /// lines that start with a space or a closing bracket.
    pub fn literal_end(&self, i: usize) -> usize {
        let mut end = i + 1;
        while let Some((_, line)) = self.lines.get(end) {
            let continues = line.starts_with([' ', '\t', ')', '}', ']']) && !line.trim().is_empty();
            if !continues {
                break;
            }
            end += 1;
        }
        end
    }
}
