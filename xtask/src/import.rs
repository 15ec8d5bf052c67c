//! `cargo xtask import PAGE...`: the pages into `model/`, then each page's Changes blocks against
//! the diff of what the import changed.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::diff::Side;
use codegen::import::{self, ImportError, Names, Outcome, Report};

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
    let mut out = render(&report);
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

/// What each page changed, and how its Changes blocks compare with that change's diff.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for page in &report.pages {
        let _ = writeln!(out, "{} ({}) into {}", page.file, page.date, page.stem);
        if page.notes.is_empty() {
            out.push_str("  no change\n");
        }
        for note in &page.notes {
            let _ = writeln!(out, "  {note}");
        }
        if !page.review.is_empty() {
            let _ = writeln!(
                out,
                "  review: {} new; the page does not show routes, errors or secrets",
                page.review.join(", ")
            );
        }
        if page.findings.is_empty() {
            continue;
        }
        out.push_str("Changes blocks against the diff of this import:\n");
        for finding in &page.findings {
            let side = match finding.side {
                Side::Request => "request",
                Side::Response => "response",
            };
            let _ = write!(out, "  {} {side}: ", finding.operation);
            match &finding.outcome {
                Outcome::Reproduced { also } => {
                    out.push_str("reproduced\n");
                    list(
                        &mut out,
                        "the diff also has (a release the page does not list)",
                        also,
                    );
                }
                Outcome::Differs { missing, also } => {
                    out.push_str("NOT reproduced\n");
                    list(&mut out, "in the block, not in the diff", missing);
                    list(&mut out, "in the diff, not in the block", also);
                }
                Outcome::NewOperation => {
                    out.push_str(
                        "not compared: the import adds the operation, the page updates it\n",
                    );
                }
            }
        }
    }
    out
}

fn list(out: &mut String, title: &str, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "    {title}:");
    for line in lines {
        let _ = writeln!(out, "      {line}");
    }
}
