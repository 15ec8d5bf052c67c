//! `cargo xtask import`: brings dated API reference pages into the model files, then proves the
//! change against each page's own Changes blocks.
//!
//! One concern per module: [`page`] cuts a page into operations, reading its literals with
//! [`literal`] and lining up its documentation with [`docs`]; [`merge`] changes the model
//! document ([`json`]) with shape names from [`names`]; [`proof`] compares the diff of the change
//! with the Changes blocks. Nothing is written unless every page reads and every result
//! validates.

pub mod docs;
pub mod error;
pub mod json;
pub mod lines;
pub mod literal;
pub mod merge;
pub mod names;
pub mod page;
pub mod proof;
pub mod report;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use error::{ImportError, PageError};
pub use names::Names;
pub use page::Page;
pub use proof::{Finding, Outcome};

use json::Json;

use crate::SourceFile;

/// One model file of the model directory, as the import changes it.
#[derive(Debug, Clone)]
pub struct ModelFile {
    /// Its path.
    pub path: PathBuf,
    /// Its stem: the service's module, e.g. `ivs-realtime`.
    pub stem: String,
    /// The text it had.
    pub before: String,
    /// The text after the import.
    pub after: String,
}

/// What importing one page did.
#[derive(Debug, Clone)]
pub struct PageReport {
    /// The page's path.
    pub file: String,
    /// Its date.
    pub date: String,
    /// The model file's stem it went into.
    pub stem: String,
    /// One line per change made.
    pub notes: Vec<String>,
    /// New operations, to review (route, errors, secrets).
    pub review: Vec<String>,
    /// The change as `cargo xtask diff` renders it.
    pub diff: String,
    /// Each Changes block against that diff.
    pub findings: Vec<Finding>,
}

/// What an import did: per page in date order, and the model files.
#[derive(Debug, Clone)]
pub struct Report {
    /// The pages, oldest first.
    pub pages: Vec<PageReport>,
    /// Every model file, with its text before and after.
    pub models: Vec<ModelFile>,
}

/// Imports `pages` (each a path and its bytes) into the model files of `model_dir`, in the order
/// of the pages' dates. Writes nothing; see [`write()`].
pub fn import(
    pages: &[(String, Vec<u8>)],
    model_dir: &Path,
    names: &Names,
) -> Result<Report, ImportError> {
    let mut read = Vec::new();
    for (file, bytes) in pages {
        read.push(page::read(file, bytes)?);
    }
    read.sort_by(|a, b| a.date.cmp(&b.date));
    let mut models = model_files(model_dir)?;
    let mut documents = Vec::new();
    for model in &models {
        let document = Json::parse(&model.before).map_err(|message| ImportError::Model {
            path: model.path.display().to_string(),
            message,
        })?;
        documents.push(document);
    }
    let mut reports = Vec::new();
    let mut unnamed = Vec::new();
    for page in &read {
        let index = service_of(page, &documents, &models)?;
        let document = &mut documents[index];
        let model = &mut models[index];
        let before_text = document.write().map_err(|message| ImportError::Model {
            path: model.path.display().to_string(),
            message,
        })?;
        let existed: BTreeSet<String> = document
            .get("shapes")
            .map_or(&[][..], Json::entries)
            .iter()
            .map(|(name, _)| name.clone())
            .collect();
        let reached_before = merge::reached(document);
        let mut report = PageReport {
            file: page.file.clone(),
            date: page.date.clone(),
            stem: model.stem.clone(),
            notes: Vec::new(),
            review: Vec::new(),
            diff: String::new(),
            findings: Vec::new(),
        };
        for operation in &page.operations {
            let merged = merge::merge_operation(document, operation, names);
            report.notes.extend(merged.notes);
            report.review.extend(merged.review);
            unnamed.extend(merged.unnamed);
        }
        merge::remove_unreached(document, &reached_before, &existed, &mut report.notes);
        let after_text = document.write().map_err(|message| ImportError::Model {
            path: model.path.display().to_string(),
            message,
        })?;
        model.after.clone_from(&after_text);
        if unnamed.is_empty() {
            let name = model.path.display().to_string();
            let old = load(&name, before_text)?;
            let new = load(&name, after_text)?;
            let changes = crate::diff::diff(&old.ir, &new.ir);
            report.diff = crate::diff::render_notes(&changes, &new.ir);
            report.findings = proof::prove(&page.operations, &report.diff);
        }
        reports.push(report);
    }
    if !unnamed.is_empty() {
        return Err(ImportError::Names(unnamed));
    }
    Ok(Report {
        pages: reports,
        models,
    })
}

/// Writes the model files the import changed; returns their paths.
pub fn write(report: &Report) -> Result<Vec<PathBuf>, ImportError> {
    let mut written = Vec::new();
    for model in report.models.iter().filter(|m| m.after != m.before) {
        std::fs::write(&model.path, &model.after).map_err(|e| ImportError::Io {
            path: model.path.display().to_string(),
            error: e.to_string(),
        })?;
        written.push(model.path.clone());
    }
    Ok(written)
}

fn load(name: &str, text: String) -> Result<crate::Loaded, ImportError> {
    crate::load_files(vec![SourceFile {
        name: name.to_owned(),
        text,
    }])
    .map_err(|error| ImportError::Model {
        path: name.to_owned(),
        message: format!("the import would make it invalid:\n{}", error.render(false)),
    })
}

/// The model files of `dir`, in name order (not its paginators files, which pages do not touch).
fn model_files(dir: &Path) -> Result<Vec<ModelFile>, ImportError> {
    let files = crate::read_dir(dir).map_err(|error| ImportError::Io {
        path: dir.display().to_string(),
        error: error
            .render(false)
            .trim_end()
            .trim_start_matches("error: ")
            .to_owned(),
    })?;
    Ok(files
        .into_iter()
        .filter(|file| crate::sibling_of(&file.name).is_none())
        .map(|file| {
            let path = PathBuf::from(&file.name);
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            ModelFile {
                path,
                stem,
                after: file.text.clone(),
                before: file.text,
            }
        })
        .collect())
}

/// The model whose `metadata.serviceFullName` is the service the page's header names.
fn service_of(page: &Page, documents: &[Json], models: &[ModelFile]) -> Result<usize, ImportError> {
    let full_name = |d: &Json| {
        d.get("metadata")
            .and_then(|m| m.get("serviceFullName"))
            .and_then(Json::as_str)
            .map(str::to_owned)
    };
    if let Some(index) = documents
        .iter()
        .position(|d| full_name(d).as_deref() == Some(page.service.as_str()))
    {
        return Ok(index);
    }
    let known: Vec<String> = documents
        .iter()
        .zip(models)
        .filter_map(|(d, m)| full_name(d).map(|n| format!("`{n}` ({}.json)", m.stem)))
        .collect();
    let known = if known.is_empty() {
        "none".to_owned()
    } else {
        known.join(", ")
    };
    let offset = page.header_offset
        + page.text[page.header_offset..]
            .find(" - ")
            .map_or(0, |i| i + 3);
    Err(PageError::new(
        &page.file,
        &page.text,
        offset,
        format!("unknown service `{}`", page.service),
        format!(
            "expected a service of the model directory: {known}; a new service starts from a \
             model file holding its metadata (serviceFullName `{}`)",
            page.service
        ),
    )
    .into())
}
