//! The project's tasks: `cargo xtask codegen` regenerates the `ivs-models` crate from `model/`;
//! `cargo xtask diff` reports what changed in the API and whether it breaks the crate's users;
//! `cargo xtask import` brings dated API reference pages into `model/`; `cargo xtask corpus`
//! generates every model of a botocore `data/` directory.

mod corpus;
mod import;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codegen::SourceFile;
use codegen::select::Selection;

/// The project's tasks.
#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate the crate from every `*.json` model (reporting every model problem at once),
    /// with the operations `crate.toml` chooses. Without `--model` and `--out`, also the
    /// runtime's STS, SSO and SSO OIDC modules from `codegen/runtime/models/`.
    Codegen {
        /// The directory of service-2 model files.
        #[arg(long, value_name = "DIR")]
        model: Option<PathBuf>,
        /// The generated crate's directory.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Write nothing; fail if the generated crate is not up to date.
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        identity: IdentityArgs,
        #[command(flatten)]
        operations: OperationArgs,
    },
    /// Report what changed between two versions of the models, and whether each change breaks
    /// code written against the old generated crate. Exits with 3 when something is breaking.
    ///
    /// Each side is a model file, a directory of model files, or a git revision (whose `model/`
    /// is read), cut to the operations its `crate.toml` chooses, as the crate generated from it
    /// is. Without arguments: `HEAD` against the working tree's `model/`.
    Diff {
        /// The old side (default: `HEAD`).
        old: Option<String>,
        /// The new side (default: the working tree's `model/`).
        new: Option<String>,
        /// `text` (release notes and verdicts) or `json` (one row per change and operation).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Compare only these operations of a service on both sides, over what each side's
        /// `crate.toml` chooses.
        #[command(flatten)]
        operations: OperationArgs,
    },
    /// Bring dated API reference pages into the model files (oldest first), then compare the
    /// change, as `cargo xtask diff` renders it, with each page's Changes blocks.
    Import {
        /// The pages, in any order.
        #[arg(required = true, value_name = "PAGE")]
        pages: Vec<PathBuf>,
        /// The directory of service-2 model files.
        #[arg(long, value_name = "DIR")]
        model: Option<PathBuf>,
        /// Names for new shapes whose member's name is taken: one
        /// `Operation.request|response.member.path = ShapeName` per line.
        #[arg(long, value_name = "FILE")]
        names: Option<PathBuf>,
        /// Print the same, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Generate every service-2 model of a botocore `data/` directory (the newest version of each
    /// service, `.json` or `.json.gz`) in this one process, and print a table: service, protocol,
    /// operations, shapes, lines, milliseconds, result. Exits with 1 if a model does not generate
    /// or a checked crate has an error or warning.
    Corpus {
        /// botocore's `data/` directory (`tests/corpus/fetch.sh` downloads the pinned one).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// `cargo check` the first N services of the table (those that generate), with warnings denied,
        /// without and with `--features client,server`.
        #[arg(long, value_name = "N", conflicts_with = "check_all")]
        check: Option<usize>,
        /// `cargo check` every generated service, with warnings denied, without and with
        /// `--features client,server`.
        #[arg(long)]
        check_all: bool,
        /// Only these services (directory names under DIR).
        #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
        only: Option<Vec<String>>,
        /// Where the checked (or written) crates and their target directory go.
        #[arg(long, value_name = "DIR")]
        work: Option<PathBuf>,
        /// Cut each model to the operations that have a paginator or a waiter, and check (with
        /// `--check`/`--check-all`) with `--features client` only: every paginator and waiter
        /// compiles, without the rest of each crate.
        #[arg(long)]
        paginated: bool,
        /// Write every crate that generates under the work directory (checking none but those
        /// `--check` names), to compare two versions of the generator with `diff -r`.
        #[arg(long)]
        write: bool,
    },
}

/// The generated crate's identity, over what the model directory's `crate.toml` says.
#[derive(clap::Args)]
struct IdentityArgs {
    /// The package name (default: `crate.toml`'s, else `<service>-models`).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// The package version (default: `crate.toml`'s, else 0.1.0).
    #[arg(long = "crate-version", value_name = "VERSION")]
    version: Option<String>,
    /// The package description (default: `crate.toml`'s, else one naming the services).
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
}

/// The operations to generate, over what the model directory's `crate.toml` chooses.
#[derive(clap::Args)]
struct OperationArgs {
    /// Only these operations of a service (by its model's file stem) and the shapes they reach,
    /// in place of its `[services.<stem>]` table in `crate.toml`; repeat for more services.
    #[arg(long = "operations", value_name = "SERVICE=OP,OP")]
    choices: Vec<String>,
}

impl OperationArgs {
    /// The choice of a model directory's manifest (`None` for one that is no directory, or has
    /// none), with these flags over it.
    fn over(&self, manifest: Selection) -> Result<Selection, String> {
        if self.choices.is_empty() {
            return Ok(manifest);
        }
        Ok(manifest.overridden_by(Selection::from_args("--operations", &self.choices)?))
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Exit status when a change breaks users of the generated crate.
const BREAKING: u8 = 3;

/// mimalloc: generation allocates and frees millions of small token trees, and with it the whole
/// botocore corpus generates in about four fifths of the time the system allocator takes.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit status for a model with problems (usage errors exit with 2, through clap).
const MODEL_ERROR: u8 = 1;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.task {
        Task::Codegen {
            model,
            out,
            check,
            identity,
            operations,
        } => {
            // The repository's own crate: the runtime's service modules are synced too.
            let repository = model.is_none() && out.is_none();
            let model = model.unwrap_or_else(|| workspace_root().join("model"));
            let out = out.unwrap_or_else(|| workspace_root().join("generated"));
            codegen_task(&model, &out, check, repository, &identity, &operations)
        }
        Task::Diff {
            old,
            new,
            format,
            operations,
        } => {
            let root = workspace_root();
            let old = old.unwrap_or_else(|| "HEAD".to_owned());
            let new = new.unwrap_or_else(|| root.join("model").display().to_string());
            diff_task(&old, &new, format, &operations)
        }
        Task::Corpus {
            dir,
            check,
            check_all,
            only,
            work,
            paginated,
            write,
        } => {
            let root = workspace_root();
            let work = work.unwrap_or_else(|| root.join("target/corpus"));
            corpus::run(&corpus::Options {
                dir: &dir,
                only: only.as_deref(),
                check: if check_all {
                    usize::MAX
                } else {
                    check.unwrap_or(0)
                },
                work: &work,
                write,
                lock: &root.join("Cargo.lock"),
                paginated,
            })
        }
        Task::Import {
            pages,
            model,
            names,
            dry_run,
        } => {
            let model = model.unwrap_or_else(|| workspace_root().join("model"));
            import::run(&pages, &model, names.as_deref(), dry_run, color())
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn codegen_task(
    model: &Path,
    out: &Path,
    check: bool,
    repository: bool,
    flags: &IdentityArgs,
    operations: &OperationArgs,
) -> ExitCode {
    let selection = match codegen::manifest::selection(model).and_then(|s| operations.over(s)) {
        Ok(selection) => selection,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(MODEL_ERROR);
        }
    };
    let loaded = match codegen::read_dir(model)
        .and_then(|files| codegen::load_selected(files, &selection))
    {
        Ok(loaded) => loaded,
        Err(error) => {
            eprint!("{}", error.render(color()));
            return ExitCode::from(MODEL_ERROR);
        }
    };
    let identity = codegen::manifest::for_dir(model, &loaded.ir).and_then(|identity| {
        identity.with_overrides(
            flags.name.as_deref(),
            flags.version.as_deref(),
            flags.description.as_deref(),
        )
    });
    let identity = match identity {
        Ok(identity) => identity,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(MODEL_ERROR);
        }
    };
    if identity.origin == codegen::manifest::Origin::Derived {
        eprintln!(
            "note: {} has no {}: the crate is `{}` {} (write one, or pass --name, to choose)",
            model.display(),
            codegen::manifest::FILE_NAME,
            identity.package,
            identity.version
        );
    }
    let examples = match codegen::manifest::examples(model) {
        Ok(examples) => examples,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(MODEL_ERROR);
        }
    };
    let mut report = match codegen::sync_crate(&loaded.ir, &identity, &examples, out, check) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    if repository {
        match runtime_services(check) {
            Ok(services) => {
                report.written.extend(services.written);
                report.unchanged.extend(services.unchanged);
                report.stale.extend(services.stale);
                report.obsolete.extend(services.obsolete);
            }
            Err(code) => return code,
        }
    }
    let root = workspace_root();
    let show = |path: &Path| {
        path.strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    for path in &report.written {
        println!("wrote {}", show(path));
    }
    for path in &report.obsolete {
        let verb = if check { "obsolete" } else { "removed" };
        println!("{verb} {}", show(path));
    }
    for (_, diff) in &report.stale {
        print!("{diff}");
    }
    let services: Vec<String> = loaded
        .ir
        .services
        .iter()
        .map(|s| {
            format!(
                "{} ({} operations, {})",
                s.stem,
                s.operations.len(),
                codegen::protocol::of(&s.wire).summary()
            )
        })
        .collect();
    if check {
        if report.stale.is_empty() && report.obsolete.is_empty() {
            println!(
                "{} is up to date with the model: {}",
                show(out),
                services.join(", ")
            );
            ExitCode::SUCCESS
        } else {
            eprintln!(
                "error: {} does not match the model ({} stale, {} obsolete); run `cargo xtask codegen` and commit",
                show(out),
                report.stale.len(),
                report.obsolete.len()
            );
            ExitCode::FAILURE
        }
    } else {
        println!(
            "{}: {} written, {} unchanged, {} removed; {}",
            show(out),
            report.written.len(),
            report.unchanged.len(),
            report.obsolete.len(),
            services.join(", ")
        );
        ExitCode::SUCCESS
    }
}

/// The runtime's own service modules (STS, SSO, SSO OIDC, which its credential providers call)
/// from `codegen/runtime/models/`, synced with `codegen/runtime/src/`. A crate generated now
/// copies the runtime as this binary embedded it: after a change here, run the task again.
fn runtime_services(check: bool) -> Result<codegen::SyncReport, ExitCode> {
    let runtime = workspace_root().join("codegen/runtime");
    let loaded = codegen::load_dir(&runtime.join("models")).map_err(|error| {
        eprint!("{}", error.render(color()));
        ExitCode::from(MODEL_ERROR)
    })?;
    codegen::sync_runtime_services(&loaded.ir, &runtime, check).map_err(|error| {
        eprintln!("error: {error}");
        ExitCode::FAILURE
    })
}

fn diff_task(old: &str, new: &str, format: Format, operations: &OperationArgs) -> ExitCode {
    let load = |spec: &str| -> Result<codegen::Loaded, ExitCode> {
        let (files, selection) = sources(spec)
            .and_then(|(files, manifest)| Ok((files, operations.over(manifest)?)))
            .map_err(|error| {
                eprintln!("error: {error}");
                ExitCode::from(MODEL_ERROR)
            })?;
        codegen::load_selected(files, &selection).map_err(|error| {
            eprint!("{}", error.render(color()));
            ExitCode::from(MODEL_ERROR)
        })
    };
    let (old, mut new) = match (load(old), load(new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    // Two single files are two versions of one service, whatever their names.
    if let ([before], [after]) = (old.ir.services.as_slice(), new.ir.services.as_mut_slice()) {
        after.stem.clone_from(&before.stem);
    }
    let changes = codegen::diff::diff(&old.ir, &new.ir);
    match format {
        Format::Text => {
            print!("{}", codegen::diff::render_notes(&changes, &new.ir));
            print!("{}", codegen::diff::render_verdicts(&changes));
        }
        Format::Json => match codegen::diff::render_json(&changes) {
            Ok(json) => print!("{json}"),
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::FAILURE;
            }
        },
    }
    if changes.iter().any(codegen::diff::Change::breaking) {
        ExitCode::from(BREAKING)
    } else {
        ExitCode::SUCCESS
    }
}

/// The model files of one side of a diff (a file, a directory, or a git revision's `model/`) and
/// the operations its `crate.toml` chooses (every operation of a single file).
fn sources(spec: &str) -> Result<(Vec<SourceFile>, Selection), String> {
    let path = Path::new(spec);
    if path.is_dir() {
        let files = codegen::read_dir(path).map_err(|e| {
            e.render(false)
                .trim_end()
                .trim_start_matches("error: ")
                .to_owned()
        })?;
        return Ok((files, codegen::manifest::selection(path)?));
    }
    if path.is_file() {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read `{spec}`: {e}"))?;
        let file = SourceFile {
            name: spec.to_owned(),
            text,
        };
        return Ok((vec![file], Selection::all()));
    }
    let root = workspace_root();
    let git = |args: &[&str]| -> Result<String, String> {
        let output = std::process::Command::new("git")
            .arg("-C")
            .arg(&root)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if output.status.success() {
            String::from_utf8(output.stdout)
                .map_err(|_| format!("git {} printed invalid UTF-8", args.join(" ")))
        } else {
            Err(format!(
                "`{spec}` is neither a model file, a directory nor a git revision: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    };
    let listing = git(&["ls-tree", "--name-only", &format!("{spec}:model")])?;
    let mut files = Vec::new();
    for name in listing.lines().filter(|n| n.ends_with(".json")) {
        let object = format!("{spec}:model/{name}");
        files.push(SourceFile {
            text: git(&["show", &object])?,
            name: object,
        });
    }
    let manifest = codegen::manifest::FILE_NAME;
    let selection = if listing.lines().any(|name| name == manifest) {
        let object = format!("{spec}:model/{manifest}");
        codegen::manifest::selection_of(&git(&["show", &object])?, Path::new(&object))?
    } else {
        Selection::all()
    };
    Ok((files, selection))
}
