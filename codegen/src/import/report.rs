//! How an import reads to a user: per page, what changed, what to review, and how each Changes
//! block compares with the diff of the change.

use std::fmt::Write;

use super::{Outcome, Report};
use crate::ir::Side;

impl Report {
    /// The report as `cargo xtask import` prints it.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for page in &self.pages {
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
                        list(&mut out, "the diff also has (not in the block)", also);
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
