//! Located problems in a model, rendered the way rustc renders its own errors.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// One model file's name and text, kept so that every problem can show its source line.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (or as it was found in the model directory).
    pub name: String,
    /// The whole text of the file.
    pub text: String,
}

impl SourceFile {
    /// The 1-based line and column (counted in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A path into a JSON document, written as `shapes.Channel.members.type.shape`. Each path
/// shares its parent's segments: reading a model makes one for every value it reads, and a
/// longer one costs one segment more, not a copy of the path.
#[derive(Clone, Default)]
pub struct JsonPath(Option<Arc<Segment>>);

/// The last segment of a path, and the path before it.
struct Segment {
    parent: JsonPath,
    /// An object key, or an array index as `[index]`.
    text: String,
}

impl JsonPath {
    /// The document root.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path with an object key appended.
    pub fn key(&self, key: &str) -> Self {
        self.with(key.to_owned())
    }

    /// This path with an array index appended.
    pub fn index(&self, index: usize) -> Self {
        self.with(format!("[{index}]"))
    }

    fn with(&self, text: String) -> Self {
        Self(Some(Arc::new(Segment {
            parent: self.clone(),
            text,
        })))
    }

    /// The segments, from the root.
    fn segments(&self) -> Vec<&str> {
        let mut segments = Vec::new();
        let mut at = self;
        while let Some(segment) = &at.0 {
            segments.push(segment.text.as_str());
            at = &segment.parent;
        }
        segments.reverse();
        segments
    }
}

impl PartialEq for JsonPath {
    fn eq(&self, other: &Self) -> bool {
        self.segments() == other.segments()
    }
}

impl Eq for JsonPath {}

impl fmt::Debug for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("JsonPath").field(&self.segments()).finish()
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let segments = self.segments();
        if segments.is_empty() {
            return f.write_str("(document root)");
        }
        for (i, segment) in segments.into_iter().enumerate() {
            let plain = !segment.is_empty()
                && segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if segment.starts_with('[') {
                f.write_str(segment)?;
            } else if plain {
                if i > 0 {
                    f.write_str(".")?;
                }
                f.write_str(segment)?;
            } else {
                write!(f, "[{segment:?}]")?;
            }
        }
        Ok(())
    }
}

/// One problem found in a model: where it is, what is wrong, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Index of the file in the [`SourceFile`] list the diagnostic is rendered with.
    pub file: usize,
    /// The byte range the problem points at.
    pub span: Range<usize>,
    /// Where in the JSON document the problem is.
    pub path: JsonPath,
    /// What is wrong, in one line.
    pub message: String,
    /// A short label under the offending text.
    pub label: String,
    /// Suggestions, each rendered as a `help:` line.
    pub help: Vec<String>,
}

impl Diagnostic {
    /// A problem at `span` of `file`, at JSON path `path`.
    pub fn new(
        file: usize,
        span: Range<usize>,
        path: JsonPath,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file,
            span,
            path,
            message: message.into(),
            label: String::new(),
            help: Vec::new(),
        }
    }

    /// Sets the label shown under the offending text.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Adds a `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }
}

/// Renders diagnostics like rustc: a title, the source line with the offending text underlined,
/// the JSON path as a note and each hint as a help line. Plain text unless `color` is set.
pub fn render(diagnostics: &[Diagnostic], files: &[SourceFile], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        let Some(file) = files.get(diagnostic.file) else {
            out.push_str(&format!("error: {}\n", diagnostic.message));
            continue;
        };
        let path_note = path_note(file, &diagnostic.path);
        let mut groups = vec![
            Level::ERROR.primary_title(&diagnostic.message).element(
                Snippet::source(&file.text).path(&file.name).annotation(
                    AnnotationKind::Primary
                        .span(clamp_span(&diagnostic.span, &file.text))
                        .label(&diagnostic.label),
                ),
            ),
        ];
        if let Some(note) = &path_note {
            groups.push(Group::with_title(Level::NOTE.secondary_title(note)));
        }
        for help in &diagnostic.help {
            groups.push(Group::with_title(Level::HELP.secondary_title(help)));
        }
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
    }
    out
}

/// Where in its document a problem is: a TOML key in a `.toml` file (a manifest), a JSON path in
/// a model; none at the root of a text that is neither (the arguments of a run).
fn path_note(file: &SourceFile, path: &JsonPath) -> Option<String> {
    match std::path::Path::new(&file.name)
        .extension()
        .and_then(|e| e.to_str())
    {
        Some("toml") => Some(format!("at TOML key `{path}`")),
        Some("json") => Some(format!("at JSON path `{path}`")),
        _ if *path == JsonPath::root() => None,
        _ => Some(format!("at JSON path `{path}`")),
    }
}

fn clamp_span(span: &Range<usize>, text: &str) -> Range<usize> {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.min(text.len())).max(start);
    start..end
}

/// Up to `most` of `candidates` that are close to `name`, closest first: the "did you mean" list.
pub fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    most: usize,
) -> Vec<&'a str> {
    let lower = name.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|candidate| {
            let score = strsim::jaro_winkler(&lower, &candidate.to_lowercase());
            (score, candidate)
        })
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(most).map(|(_, c)| c).collect()
}

/// `did you mean `a`, `b` or `c`?`, or `None` when nothing is close.
pub fn did_you_mean(suggestions: &[&str]) -> Option<String> {
    let quoted: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}
