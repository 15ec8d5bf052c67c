//! The generator's library: load a directory of botocore service-2 models, validate them with
//! located diagnostics, lower them into an IR, and emit Rust.
//!
//! Data flows one way, one module per stage:
//! [`load`] → [`select`] → [`validate`] → [`lower`] → [`emit`] → [`render`] → [`write`](mod@write).

pub mod builder;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod generate;
pub mod import;
pub mod ir;
pub mod jmespath;
pub mod load;
pub mod lower;
pub mod manifest;
pub mod naming;
pub mod protocol;
pub mod raw;
pub mod render;
pub mod runtime;
pub mod select;
pub mod surface;
pub mod validate;
pub mod write;

use std::path::Path;

pub use builder::{Builder, Generated};
pub use diagnostic::{Diagnostic, SourceFile};

/// A model directory that loaded and validated: its files and the lowered IR.
#[derive(Debug)]
pub struct Loaded {
    /// The model files (and the files beside them), in name order.
    pub files: Vec<SourceFile>,
    /// The lowered IR.
    pub ir: ir::Ir,
}

/// Why a model directory could not be used.
#[derive(Debug)]
pub enum LoadError {
    /// The directory or a file in it could not be read.
    Io {
        /// The path that failed.
        path: String,
        /// The error.
        error: std::io::Error,
    },
    /// The model directory's `crate.toml` does not read.
    Manifest(String),
    /// The models have problems; every one found is here.
    Model {
        /// The model files, for rendering.
        files: Vec<SourceFile>,
        /// The problems.
        diagnostics: Vec<Diagnostic>,
    },
}

impl LoadError {
    /// The error as a user reads it: rustc-style diagnostics for model problems.
    pub fn render(&self, color: bool) -> String {
        match self {
            LoadError::Io { path, error } => format!("error: cannot read `{path}`: {error}\n"),
            LoadError::Manifest(error) => format!("error: {error}\n"),
            LoadError::Model { files, diagnostics } => {
                let count = diagnostics.len();
                let noun = if count == 1 { "error" } else { "errors" };
                format!(
                    "{}error: could not load the model due to {count} previous {noun}\n",
                    diagnostic::render(diagnostics, files, color)
                )
            }
        }
    }
}

/// Reads every `*.json` file of `dir`, in name order: the services' models and the files beside
/// them ([`Sibling`]: endpoint rule sets, paginators, waiters).
pub fn read_dir(dir: &Path) -> Result<Vec<SourceFile>, LoadError> {
    let io = |error| LoadError::Io {
        path: dir.display().to_string(),
        error,
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    paths.retain(|p| p.extension().is_some_and(|e| e == "json"));
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).map_err(|error| LoadError::Io {
                path: path.display().to_string(),
                error,
            })?;
            Ok(SourceFile {
                name: path.display().to_string(),
                text,
            })
        })
        .collect()
}

/// The end of the name of the file that holds a model's endpoint rule set, beside the model:
/// `ivs.json`'s is `ivs.endpoint-rule-set.json` (botocore's `endpoint-rule-set-1.json`).
pub const ENDPOINT_RULES_SUFFIX: &str = ".endpoint-rule-set.json";

/// The suffix of a paginators file: `ivs.paginators.json` holds the paginators of the service
/// of `ivs.json` (botocore's `paginators-1.json`).
pub const PAGINATORS_SUFFIX: &str = ".paginators.json";

/// The suffix of a waiters file: `ivs.waiters.json` holds the waiters of the service of
/// `ivs.json` (botocore's `waiters-2.json`).
pub const WAITERS_SUFFIX: &str = ".waiters.json";

/// What a file beside a model holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sibling {
    /// Its endpoint rule set.
    EndpointRules,
    /// Its paginators.
    Paginators,
    /// Its waiters.
    Waiters,
}

impl Sibling {
    /// The suffix of its name in a model directory: `.paginators.json`, `.waiters.json`.
    pub fn suffix(self) -> &'static str {
        match self {
            Sibling::EndpointRules => ENDPOINT_RULES_SUFFIX,
            Sibling::Paginators => PAGINATORS_SUFFIX,
            Sibling::Waiters => WAITERS_SUFFIX,
        }
    }

    /// Its name beside a model in botocore's `data/`: `paginators-1.json`, `waiters-2.json`.
    pub fn botocore_name(self) -> &'static str {
        match self {
            Sibling::EndpointRules => "endpoint-rule-set-1.json",
            Sibling::Paginators => "paginators-1.json",
            Sibling::Waiters => "waiters-2.json",
        }
    }
}

/// The paginators and waiters files beside a botocore model in `dir` (a version directory of
/// botocore's `data/`), named as a model directory names them (`<service>.paginators.json`,
/// `<service>.waiters.json`); those that are absent are left out.
pub fn botocore_siblings(dir: &Path, service: &str) -> Result<Vec<SourceFile>, String> {
    let mut files = Vec::new();
    for sibling in [Sibling::Paginators, Sibling::Waiters] {
        let path = dir.join(sibling.botocore_name());
        if path.is_file() {
            files.push(SourceFile {
                name: format!("{service}{}", sibling.suffix()),
                text: std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?,
            });
        }
    }
    Ok(files)
}

/// The service stem a file of this name belongs to and what it holds, if it is a file beside a
/// model (an endpoint rule set, paginators or waiters).
pub fn sibling_of(name: &str) -> Option<(&str, Sibling)> {
    let base = Path::new(name).file_name()?.to_str()?;
    [
        Sibling::EndpointRules,
        Sibling::Paginators,
        Sibling::Waiters,
    ]
    .into_iter()
    .find_map(|sibling| {
        base.strip_suffix(sibling.suffix())
            .map(|stem| (stem, sibling))
    })
}

/// Loads, validates and lowers model files: each `<stem>.json` a service, each
/// `<stem>.endpoint-rule-set.json`, `<stem>.paginators.json` and `<stem>.waiters.json` that
/// service's endpoint rule set, paginators and waiters. Every problem in every file is reported
/// at once.
pub fn load_files(files: Vec<SourceFile>) -> Result<Loaded, LoadError> {
    load_selected(files, &select::Selection::all())
}

/// Loads, validates and lowers model files as [`load_files`] does, with only the operations
/// `selection` chooses and the shapes they reach ([`select::cut`]). A service or operation it
/// names that the models do not have is an error located in the selection's source (the
/// manifest, or the arguments).
pub fn load_selected(
    mut files: Vec<SourceFile>,
    selection: &select::Selection,
) -> Result<Loaded, LoadError> {
    let mut diagnostics = Vec::new();
    let mut models = Vec::new();
    let mut siblings = Vec::new();
    for (index, file) in files.iter().enumerate() {
        if let Some((stem, sibling)) = sibling_of(&file.name) {
            siblings.push((stem.to_owned(), sibling, index));
            continue;
        }
        let stem = Path::new(&file.name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(model) = load::load(index, &stem, &file.text, &mut diagnostics) {
            models.push(model);
        }
    }
    for (stem, sibling, index) in siblings {
        let Some(model) = models.iter_mut().find(|m| m.stem == stem) else {
            let suffix = sibling.suffix();
            if sibling == Sibling::EndpointRules {
                diagnostics.push(
                    Diagnostic::new(
                        index,
                        0..1,
                        diagnostic::JsonPath::root(),
                        format!(
                            "an endpoint rule set without its model: no `{stem}.json` beside it"
                        ),
                    )
                    .with_label("the rule set of no model")
                    .with_help(format!("name it after its model's file: `<model>{suffix}`")),
                );
                continue;
            }
            diagnostics.push(
                Diagnostic::new(
                    index,
                    0..0,
                    diagnostic::JsonPath::root(),
                    format!(
                        "{} of `{stem}`, which has no model",
                        match sibling {
                            Sibling::EndpointRules => "the endpoint rule set",
                            Sibling::Paginators => "paginators",
                            Sibling::Waiters => "waiters",
                        }
                    ),
                )
                .with_label("this file")
                .with_help(format!(
                    "a file beside a model is named after it: `{stem}.json` beside `{stem}{suffix}`"
                )),
            );
            continue;
        };
        let text = &files[index].text;
        match sibling {
            Sibling::EndpointRules => {
                model.endpoint_rules = load::endpoint_rules(index, text, &mut diagnostics);
            }
            Sibling::Paginators => {
                model.paginators = load::load_paginators(index, text, &mut diagnostics);
            }
            Sibling::Waiters => model.waiters = load::load_waiters(index, text, &mut diagnostics),
        }
    }
    diagnostics.extend(select::cut(&mut models, selection, files.len()));
    diagnostics.extend(validate::validate(&models));
    // Lowering skips what validation rejects, so the names it gives are checked whatever else
    // is wrong, and every problem is reported at once.
    let ir = lower::lower(&models);
    diagnostics.extend(validate::names(&models, &ir));
    diagnostics.extend(validate::paginators(&models, &ir));
    diagnostics.extend(validate::waiters(&models, &ir));
    diagnostics.sort_by_key(|d| (d.file, d.span.start));
    if diagnostics.is_empty() {
        Ok(Loaded { files, ir })
    } else {
        files.extend(selection.sources().iter().cloned());
        Err(LoadError::Model { files, diagnostics })
    }
}

/// Loads, validates and lowers every `*.json` model in `dir`, with the operations its
/// `crate.toml` chooses ([`manifest::selection`]).
pub fn load_dir(dir: &Path) -> Result<Loaded, LoadError> {
    let selection = manifest::selection(dir).map_err(LoadError::Manifest)?;
    load_selected(read_dir(dir)?, &selection)
}

/// What [`sync_crate`] did or found, file by file.
#[derive(Debug, Default)]
pub struct SyncReport {
    /// Files written (created or changed).
    pub written: Vec<std::path::PathBuf>,
    /// Files that already had the generated contents.
    pub unchanged: Vec<std::path::PathBuf>,
    /// Check mode: files that differ, with a unified diff each.
    pub stale: Vec<(std::path::PathBuf, String)>,
    /// Generated files (by their header) that no model produces any more: removed, or in check
    /// mode reported.
    pub obsolete: Vec<std::path::PathBuf>,
}

/// Makes the crate in `out` match `ir` (a crate named by `identity`, its runtime and `examples`
/// included), or with `check` reports how it differs. Only files that start with the
/// `@generated` header (a generated file's, or a copied one's) are ever removed, in `src/`,
/// `examples/` and the directories under them.
pub fn sync_crate(
    ir: &ir::Ir,
    identity: &manifest::CrateIdentity,
    examples: &[manifest::Example],
    out: &Path,
    check: bool,
) -> Result<SyncReport, String> {
    let files = generate::crate_files(ir, identity, examples)?;
    sync_files(&files, out, &["src", manifest::EXAMPLES_DIR], check)
}

/// Makes the runtime's modules of the services its client calls for its own credentials match
/// `ir` (the models of `codegen/runtime/models/`), in `runtime` (`codegen/runtime/`), or with
/// `check` reports how they differ; as [`sync_crate`] does, within
/// [`generate::RUNTIME_SERVICES_DIR`].
pub fn sync_runtime_services(
    ir: &ir::Ir,
    runtime: &Path,
    check: bool,
) -> Result<SyncReport, String> {
    let files = generate::runtime_service_files(ir);
    sync_files(&files, runtime, &[generate::RUNTIME_SERVICES_DIR], check)
}

/// Writes (or checks) `files` under `out`, and removes (or reports) the generated files under
/// `dirs` of `out` that are not among them.
fn sync_files(
    files: &[generate::GeneratedFile],
    out: &Path,
    dirs: &[&str],
    check: bool,
) -> Result<SyncReport, String> {
    let mut report = SyncReport::default();
    for file in files {
        let path = out.join(&file.path);
        match write::ensure_file_contents(&path, &file.text, check)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?
        {
            write::Outcome::Unchanged => report.unchanged.push(path),
            write::Outcome::Written => report.written.push(path),
            write::Outcome::Stale(diff) => report.stale.push((path, diff)),
        }
    }
    let mut entries = Vec::new();
    for dir in dirs {
        files_under(&out.join(dir), &mut entries);
    }
    for path in entries {
        let known = files.iter().any(|f| out.join(&f.path) == path);
        let generated = std::fs::read_to_string(&path).is_ok_and(|t| render::is_generated(&t));
        if !known && generated {
            if !check {
                std::fs::remove_file(&path)
                    .map_err(|e| format!("cannot remove `{}`: {e}", path.display()))?;
            }
            report.obsolete.push(path);
        }
    }
    report.obsolete.sort();
    Ok(report)
}

/// Every file under `dir`, at any depth (none if it cannot be read).
fn files_under(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}
