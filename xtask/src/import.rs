//! `cargo xtask import PAGE...`: the pages into `model/`, then each page's Changes blocks against
//! the diff of what the import changed.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::import::{self, ImportError, Names};

/// Exit status when a page, a names file or a model cannot be used.
const IMPORT_ERROR: u8 = 1;

/// Runs the import; prints what it did, or the error.
pub fn run(
    pages: &[PathBuf],
    model: &Path,
    names: Option<&Path>,
    dry_run: bool,
    color: bool,
) -> ExitCode {
    match import(pages, model, names, dry_run) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprint!("{}", error.render(color));
            ExitCode::from(IMPORT_ERROR)
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, ImportError> {
    std::fs::read(path).map_err(|e| ImportError::Io {
        path: path.display().to_string(),
        error: e.to_string(),
    })
}

fn import(
    pages: &[PathBuf],
    model: &Path,
    names: Option<&Path>,
    dry_run: bool,
) -> Result<String, ImportError> {
    let names = match names {
        Some(path) => {
            let bytes = read(path)?;
            let text = String::from_utf8_lossy(&bytes);
            Names::parse(&path.display().to_string(), &text)?
        }
        None => Names::default(),
    };
    let mut read_pages = Vec::new();
    for page in pages {
        read_pages.push((page.display().to_string(), read(page)?));
    }
    let report = import::import(&read_pages, model, &names)?;
    let mut out = report.render();
    if dry_run {
        out.push_str("dry run: nothing written\n");
    } else {
        let written = import::write(&report)?;
        if written.is_empty() {
            out.push_str("the model already says all this: nothing written\n");
        }
        for path in written {
            let _ = writeln!(out, "wrote {}", path.display());
        }
    }
    Ok(out)
}
