//! Stage 6: put generated text on disk, or check that it is there. Unchanged files are not
//! rewritten, so their modification times (and cargo's rebuilds) stay put.

use std::io;
use std::path::Path;

use similar::TextDiff;

/// What [`ensure_file_contents`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The file already had the contents.
    Unchanged,
    /// The file was written (it was missing or different).
    Written,
    /// Check mode: the file differs; a unified diff from what is on disk to what it should be.
    Stale(String),
}

/// Makes `path` hold `contents`, or in check mode reports how it differs.
pub fn ensure_file_contents(path: &Path, contents: &str, check: bool) -> io::Result<Outcome> {
    let current = match std::fs::read_to_string(path) {
        Ok(current) => Some(current),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(error),
    };
    if current.as_deref() == Some(contents) {
        return Ok(Outcome::Unchanged);
    }
    if check {
        let name = path.display().to_string();
        let old = current.unwrap_or_default();
        let diff = TextDiff::from_lines(old.as_str(), contents)
            .unified_diff()
            .context_radius(2)
            .header(
                &format!("{name} (on disk)"),
                &format!("{name} (from the model)"),
            )
            .to_string();
        return Ok(Outcome::Stale(diff));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, contents)?;
    Ok(Outcome::Written)
}
