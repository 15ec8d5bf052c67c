//! Between load and validate: the operations a user chose to generate, and each raw model cut
//! down to them and the shapes they reach, so that every later stage sees a smaller model and
//! nothing else.
//!
//! A choice names a service by its model's file stem and lists operations by their wire names.
//! It comes from the `[services]` tables of a model directory's `crate.toml`
//! ([`crate::manifest::selection`]), from arguments such as `s3=GetObject,PutObject`
//! ([`Selection::from_args`]), or from a program ([`Selection::operations`]). Services it does not
//! name keep every operation. A name the models do not have is a located error with the closest
//! names as suggestions.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, JsonPath, SourceFile, closest, did_you_mean};
use crate::raw::{self, Spanned};

/// The operations to generate, per service; services it does not name keep every operation.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// The texts the names were read from, for located errors.
    sources: Vec<SourceFile>,
    /// The services chosen, each once.
    services: Vec<Chosen>,
}

/// One service's operations, as written.
#[derive(Debug, Clone)]
struct Chosen {
    /// Index of its source in [`Selection::sources`].
    source: usize,
    /// The service's model file stem.
    stem: Spanned<String>,
    /// Where the stem is in its source (a TOML key in a manifest), for notes.
    path: JsonPath,
    /// The operations' wire names, with where each is.
    operations: Vec<Spanned<String>>,
}

impl Selection {
    /// Every operation of every service.
    pub fn all() -> Self {
        Self::default()
    }

    /// Whether it keeps every operation of every service.
    pub fn is_all(&self) -> bool {
        self.services.is_empty()
    }

    /// Only `operations` of the service whose model is `<stem>.json`, as a program chooses them;
    /// errors name `source` (e.g. `build.rs`) as where the names came from.
    pub fn operations<S: AsRef<str>>(
        self,
        source: &str,
        stem: &str,
        operations: impl IntoIterator<Item = S>,
    ) -> Self {
        let mut text = format!("{stem}=");
        let mut spans = Vec::new();
        for (i, operation) in operations.into_iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            let start = text.len();
            text.push_str(operation.as_ref());
            spans.push(Spanned {
                value: operation.as_ref().to_owned(),
                span: start..text.len(),
            });
        }
        let chosen = Chosen {
            source: 0,
            stem: Spanned {
                value: stem.to_owned(),
                span: 0..stem.len(),
            },
            path: JsonPath::root(),
            operations: spans,
        };
        self.overridden_by(Selection {
            sources: vec![SourceFile {
                name: source.to_owned(),
                text,
            }],
            services: vec![chosen],
        })
    }

    /// The choice that arguments of the form `<stem>=<Operation>,<Operation>` make (one service
    /// each; a service given twice gets the operations of both), read as one text named
    /// `source` (e.g. `--operations`), one argument a line, so that errors point into it.
    pub fn from_args<S: AsRef<str>>(
        source: &str,
        args: impl IntoIterator<Item = S>,
    ) -> Result<Self, String> {
        let mut text = String::new();
        let mut services: Vec<Chosen> = Vec::new();
        for arg in args {
            let arg = arg.as_ref();
            let start = text.len();
            text.push_str(arg);
            text.push('\n');
            let Some((stem, list)) = arg.split_once('=') else {
                return Err(format!(
                    "`{source} {arg}`: write a service's model file stem, `=` and its operations, e.g. `s3=GetObject,PutObject`"
                ));
            };
            if stem.is_empty() {
                return Err(format!(
                    "`{source} {arg}`: no service before `=`; write its model file stem, e.g. `s3`"
                ));
            }
            let mut operations = Vec::new();
            let mut offset = start + stem.len() + 1;
            for name in list.split(',') {
                if !name.trim().is_empty() {
                    let lead = name.len() - name.trim_start().len();
                    let begin = offset + lead;
                    operations.push(Spanned {
                        value: name.trim().to_owned(),
                        span: begin..begin + name.trim().len(),
                    });
                }
                offset += name.len() + 1;
            }
            match services.iter_mut().find(|c| c.stem.value == stem) {
                Some(chosen) => chosen.operations.extend(operations),
                None => services.push(Chosen {
                    source: 0,
                    stem: Spanned {
                        value: stem.to_owned(),
                        span: start..start + stem.len(),
                    },
                    path: JsonPath::root(),
                    operations,
                }),
            }
        }
        Ok(Selection {
            sources: vec![SourceFile {
                name: source.to_owned(),
                text,
            }],
            services,
        })
    }

    /// The choice a manifest's `[services.<stem>]` tables make: `services` holds each stem's
    /// operations as the TOML parser read them, with byte spans into `file`.
    pub(crate) fn from_manifest(
        file: SourceFile,
        services: Vec<(Spanned<String>, Vec<Spanned<String>>)>,
    ) -> Self {
        let services = services
            .into_iter()
            .map(|(stem, operations)| Chosen {
                source: 0,
                path: JsonPath::root().key("services").key(&stem.value),
                stem,
                operations,
            })
            .collect();
        Selection {
            sources: vec![file],
            services,
        }
    }

    /// This choice, with `other`'s choice in place of this one's for each service `other`
    /// names (the flags of a run over a manifest's tables).
    pub fn overridden_by(mut self, other: Selection) -> Self {
        self.services.retain(|mine| {
            !other
                .services
                .iter()
                .any(|o| o.stem.value == mine.stem.value)
        });
        let shift = self.sources.len();
        self.sources.extend(other.sources);
        self.services
            .extend(other.services.into_iter().map(|chosen| Chosen {
                source: chosen.source + shift,
                ..chosen
            }));
        self
    }

    /// The texts the names came from, to render the diagnostics of [`cut`] with: the first is
    /// file `first` of the diagnostics, where `first` is the number of model files.
    pub fn sources(&self) -> &[SourceFile] {
        &self.sources
    }

    /// The operations chosen of the service `stem`, or `None` when it keeps every operation.
    pub fn of(&self, stem: &str) -> Option<Vec<&str>> {
        self.services
            .iter()
            .find(|chosen| chosen.stem.value == stem)
            .map(|chosen| chosen.operations.iter().map(|o| o.value.as_str()).collect())
    }
}

/// Cuts each of `models` that `selection` names down to the operations chosen, the shapes they
/// reach (through their input, output and errors, and every member, list member, map key and
/// value of those shapes) and the paginators and waiters of those operations. Returns a
/// diagnostic for each service that has no model and each operation its model does not have,
/// in file `first + i` for the selection's source `i`; a wrong name is left out, the rest is
/// still cut.
pub fn cut(models: &mut [raw::Model], selection: &Selection, first: usize) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for chosen in &selection.services {
        let file = first + chosen.source;
        let Some(model) = models.iter_mut().find(|m| m.stem == chosen.stem.value) else {
            let stems: Vec<String> = models.iter().map(|m| m.stem.clone()).collect();
            diagnostics.push(no_model(file, chosen, &stems));
            continue;
        };
        if chosen.operations.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    file,
                    chosen.stem.span.clone(),
                    chosen.path.clone(),
                    format!("no operation of `{}` is chosen", chosen.stem.value),
                )
                .with_label("this service")
                .with_help("list the operations to generate, or leave the service out to generate all of them"),
            );
            continue;
        }
        let mut keep: BTreeSet<&str> = BTreeSet::new();
        for (index, operation) in chosen.operations.iter().enumerate() {
            if model
                .operations
                .iter()
                .any(|(name, _)| name.value == operation.value)
            {
                keep.insert(&operation.value);
                continue;
            }
            let names = model.operations.iter().map(|(name, _)| name.value.as_str());
            let path = if chosen.path == JsonPath::root() {
                JsonPath::root()
            } else {
                chosen.path.key("operations").index(index)
            };
            let mut diagnostic = Diagnostic::new(
                file,
                operation.span.clone(),
                path,
                format!(
                    "`{}` is not an operation of `{}.json`",
                    operation.value, model.stem
                ),
            )
            .with_label("no such operation");
            if let Some(help) = did_you_mean(&closest(&operation.value, names, 3)) {
                diagnostic = diagnostic.with_help(help);
            }
            diagnostics.push(diagnostic);
        }
        cut_model(model, &keep);
    }
    diagnostics
}

/// The error for a chosen service whose model is not among `stems`.
fn no_model(file: usize, chosen: &Chosen, stems: &[String]) -> Diagnostic {
    let stem = &chosen.stem.value;
    let diagnostic = Diagnostic::new(
        file,
        chosen.stem.span.clone(),
        chosen.path.clone(),
        format!("no service `{stem}`: there is no `{stem}.json` among the models"),
    )
    .with_label("no such service");
    let near = closest(stem, stems.iter().map(String::as_str), 3);
    match did_you_mean(&near) {
        Some(help) => diagnostic.with_help(help),
        None if stems.is_empty() => diagnostic.with_help("there is no model"),
        None => diagnostic.with_help(format!(
            "a service is named by its model's file stem: {}",
            stems
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// `model` with only the operations in `keep`, the shapes they reach, and the paginators and
/// waiters of those operations (and those of no operation of the model, which validation
/// reports).
fn cut_model(model: &mut raw::Model, keep: &BTreeSet<&str>) {
    let cut: BTreeSet<String> = model
        .operations
        .iter()
        .map(|(name, _)| name.value.clone())
        .filter(|name| !keep.contains(name.as_str()))
        .collect();
    model
        .operations
        .retain(|(name, _)| keep.contains(name.value.as_str()));
    let reached = reached(model);
    model
        .shapes
        .retain(|(name, _)| reached.contains(name.value.as_str()));
    if let Some(paginators) = &mut model.paginators {
        paginators
            .pagination
            .retain(|(operation, _)| !cut.contains(&operation.value));
    }
    if let Some(waiters) = &mut model.waiters {
        waiters.waiters.retain(|(_, waiter)| {
            waiter
                .operation
                .as_ref()
                .is_none_or(|operation| !cut.contains(&operation.value))
        });
    }
}

/// The names of the shapes `model`'s operations reach.
fn reached(model: &raw::Model) -> BTreeSet<String> {
    let shapes: BTreeMap<&str, &raw::Shape> = model
        .shapes
        .iter()
        .map(|(name, shape)| (name.value.as_str(), shape))
        .collect();
    let name = |reference: Option<&raw::ShapeRef>| {
        reference
            .and_then(|r| r.shape.as_ref())
            .map(|s| s.value.clone())
    };
    let mut pending: Vec<String> = model
        .operations
        .iter()
        .flat_map(|(_, operation)| {
            [
                name(operation.input.as_ref()),
                name(operation.output.as_ref()),
            ]
            .into_iter()
            .chain(operation.errors.iter().map(|e| name(Some(e))))
        })
        .flatten()
        .collect();
    let mut reached = BTreeSet::new();
    while let Some(next) = pending.pop() {
        let Some(shape) = shapes.get(next.as_str()) else {
            continue;
        };
        if !reached.insert(next) {
            continue;
        }
        let members = shape.members.iter().flat_map(|m| &m.value);
        pending.extend(
            members
                .filter_map(|(_, member)| member.shape.as_ref().map(|s| s.value.clone()))
                .chain(
                    [&shape.member, &shape.key, &shape.value]
                        .into_iter()
                        .filter_map(|r| name(r.as_ref())),
                ),
        );
    }
    reached
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_read_with_their_spans() {
        let selection = Selection::from_args(
            "--operations",
            ["s3=GetObject, PutObject", "ivs=GetChannel", "s3=HeadObject"],
        )
        .expect("reads");
        assert_eq!(
            selection.of("s3"),
            Some(vec!["GetObject", "PutObject", "HeadObject"])
        );
        assert_eq!(selection.of("ivs"), Some(vec!["GetChannel"]));
        assert_eq!(selection.of("sqs"), None);
        let text = &selection.sources()[0].text;
        for chosen in &selection.services {
            assert_eq!(&text[chosen.stem.span.clone()], chosen.stem.value);
            for operation in &chosen.operations {
                assert_eq!(&text[operation.span.clone()], operation.value);
            }
        }
        for bad in ["s3", "=GetObject"] {
            let error = Selection::from_args("--operations", [bad]).expect_err("refused");
            assert!(error.contains(bad), "{error}");
        }
    }

    #[test]
    fn a_later_choice_replaces_an_earlier_one_per_service() {
        let base = Selection::all()
            .operations("crate.toml", "s3", ["GetObject"])
            .operations("crate.toml", "ivs", ["GetChannel"]);
        let flags = Selection::from_args("--operations", ["s3=PutObject"]).expect("reads");
        let both = base.overridden_by(flags);
        assert_eq!(both.of("s3"), Some(vec!["PutObject"]));
        assert_eq!(both.of("ivs"), Some(vec!["GetChannel"]));
        assert!(!both.is_all());
        assert!(Selection::all().is_all());
    }
}
