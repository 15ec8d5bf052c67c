//! Names for the shapes an import creates: taken from the member (`thumbnailConfiguration` is
//! `ThumbnailConfiguration`, a list `channels` holds `Channel`s in a `ChannelList`), or from a
//! names file when that name is taken or ambiguous.
//!
//! A names file has one line per new shape, `Operation.request|response.member.path = Name`
//! (lists and maps are looked through, as in the Changes notation); `#` starts a comment.

use std::collections::BTreeMap;

use super::error::PageError;

/// Shape names chosen by the user, by where the new shape is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names(BTreeMap<String, String>);

impl Names {
    /// Reads a names file.
    pub fn parse(file: &str, text: &str) -> Result<Names, PageError> {
        let mut names = BTreeMap::new();
        let mut offset = 0;
        for line in text.split('\n') {
            let content = line.split('#').next().unwrap_or_default().trim();
            if !content.is_empty() {
                let parsed = content.split_once('=').and_then(|(path, name)| {
                    let (path, name) = (path.trim(), name.trim());
                    let parts: Vec<&str> = path.split('.').collect();
                    let valid = parts.len() >= 3
                        && matches!(parts[1], "request" | "response")
                        && parts.iter().all(|p| is_identifier(p))
                        && is_identifier(name);
                    valid.then(|| (path.to_owned(), name.to_owned()))
                });
                let Some((path, name)) = parsed else {
                    return Err(PageError::new(
                        file,
                        text,
                        offset + (line.len() - line.trim_start().len()),
                        "a names-file line that does not read",
                        "expected `Operation.request|response.member.path = ShapeName`",
                    ));
                };
                names.insert(path, name);
            }
            offset += line.len() + 1;
        }
        Ok(Names(names))
    }

    /// The name chosen for the new shape at `path` (`Operation.side.member...`).
    pub fn get(&self, path: &str) -> Option<&str> {
        self.0.get(path).map(String::as_str)
    }
}

fn is_identifier(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `thumbnailConfiguration` is `ThumbnailConfiguration`.
pub fn pascal(member: &str) -> String {
    let mut chars = member.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The name of one element of a list member: `channels` is `channel`, `capabilities` is
/// `capability`; a name that is not plural is kept.
pub fn singular(member: &str) -> String {
    if let Some(stem) = member.strip_suffix("ies") {
        format!("{stem}y")
    } else if member.ends_with("ss") || member.ends_with("us") {
        member.to_owned()
    } else if let Some(stem) = member.strip_suffix('s') {
        stem.to_owned()
    } else {
        member.to_owned()
    }
}

/// A structure's name without its operation suffix: `CreateChannelRequest` is `CreateChannel`.
pub fn owner(structure: &str) -> &str {
    structure
        .strip_suffix("Request")
        .or_else(|| structure.strip_suffix("Response"))
        .unwrap_or(structure)
}
