//! Whether the change an import made, as `cargo xtask diff` renders it (the release-notes form
//! of [`crate::diff::render_notes`]), is what the page's Changes blocks say.

use std::collections::{BTreeMap, BTreeSet};

use super::literal::{Note, Parser};
use super::page::PageOperation;
use crate::ir::Side;

/// The outcome for one side of one operation's Changes block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The operation.
    pub operation: String,
    /// Its request or response.
    pub side: Side,
    /// What the comparison found.
    pub outcome: Outcome,
}

/// How a Changes block compares with the diff of the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every change the block lists is in the diff; `also` is what the diff has besides (changes
    /// from releases between the model and the page, which the block does not list).
    Reproduced {
        /// Changes in the diff only.
        also: Vec<String>,
    },
    /// The block lists changes the diff does not have.
    Differs {
        /// Changes in the block only.
        missing: Vec<String>,
        /// Changes in the diff only.
        also: Vec<String>,
    },
    /// The import added the operation, so the diff shows it whole rather than what changed.
    NewOperation,
}

/// One operation's section of the release notes: its status and its notes per side.
type Sections = BTreeMap<String, (String, BTreeMap<Side, Note>)>;

/// Compares each Changes block of `operations` with `notes`, the release notes of the import's
/// diff for the page's service.
pub fn prove(operations: &[PageOperation], notes: &str) -> Vec<Finding> {
    let sections = sections(notes);
    let mut findings = Vec::new();
    for op in operations {
        for block in &op.changes {
            let section = sections.get(&op.name);
            let outcome = match section {
                Some((status, _)) if status == "new" => Outcome::NewOperation,
                _ => {
                    let diffed = section.and_then(|(_, sides)| sides.get(&block.side));
                    compare(&block.note, diffed)
                }
            };
            findings.push(Finding {
                operation: op.name.clone(),
                side: block.side,
                outcome,
            });
        }
    }
    findings
}

fn compare(page: &Note, diffed: Option<&Note>) -> Outcome {
    let mut listed = BTreeSet::new();
    leaves(page, "", &mut listed);
    let mut made = BTreeSet::new();
    if let Some(diffed) = diffed {
        leaves(diffed, "", &mut made);
    }
    let missing: Vec<String> = listed.difference(&made).cloned().collect();
    let also: Vec<String> = made.difference(&listed).cloned().collect();
    if missing.is_empty() {
        Outcome::Reproduced { also }
    } else {
        Outcome::Differs { missing, also }
    }
}

/// One line per change a note holds: `a.b: 'string'`, `a.c: value NONE`.
fn leaves(note: &Note, path: &str, out: &mut BTreeSet<String>) {
    match note {
        Note::Members(members) => {
            for (name, child) in members {
                let path = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                leaves(child, &path, out);
            }
        }
        Note::Values(values) => {
            for value in values {
                out.insert(format!("{path}: value {value} added"));
            }
        }
        Note::List(element) => leaves(element, &format!("{path}[]"), out),
        Note::Text(text) => {
            // Enum values compare as a set: pages and models list them in different orders.
            let mut values: Vec<&str> = text.split('|').map(str::trim).collect();
            values.sort_unstable();
            out.insert(format!("{path}: '{}'", values.join(" | ")));
        }
    }
}

/// The operations of `render_notes` output: `Name (status)`, then `Request`/`Response` lines
/// each followed by its note.
fn sections(notes: &str) -> Sections {
    let mut sections = Sections::new();
    let mut current: Option<String> = None;
    let mut side = None;
    for line in notes.lines() {
        if let Some(side) = side.take() {
            let mut parser = Parser::new(line, 0, line.len());
            if let (Some(name), Ok(note)) = (&current, parser.note())
                && let Some(section) = sections.get_mut(name)
            {
                section.1.insert(side, note);
            }
            continue;
        }
        match line {
            "Request" => side = Some(Side::Request),
            "Response" => side = Some(Side::Response),
            _ => {
                if let Some((name, status)) =
                    line.strip_suffix(')').and_then(|l| l.split_once(" ("))
                    && !name.contains(' ')
                    && name != "Changes"
                {
                    sections.insert(name.to_owned(), (status.to_owned(), BTreeMap::new()));
                    current = Some(name.to_owned());
                }
            }
        }
    }
    sections
}
