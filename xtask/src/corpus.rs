//! `cargo xtask corpus DIR`: every service-2 model of a botocore `data/` directory generated in
//! this one process, a table of what each gave, and optionally each crate written and
//! `cargo check`ed with warnings denied, without and with the `client` and `server` features.

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use codegen::SourceFile;
use codegen::generate::GeneratedFile;
use codegen::manifest::CrateIdentity;
use codegen::select::Selection;

/// Exit status when a model does not generate or a crate does not check.
const CORPUS_FAILED: u8 = 1;

/// What to run over the corpus.
pub struct Options<'a> {
    /// The botocore `data/` directory.
    pub dir: &'a Path,
    /// Only these services (directory names), if given.
    pub only: Option<&'a [String]>,
    /// How many services to `cargo check`: the first ones of the table (those that generated).
    pub check: usize,
    /// Where the checked (or written) crates and their target directories (one per core) go.
    pub work: &'a Path,
    /// Whether every crate that generates is written under `work` (unchecked, unless among the
    /// `check` first), as it is generated, so that two versions of the generator can be
    /// compared with `diff -r`.
    pub write: bool,
    /// The workspace's lock file, so that every crate builds with the versions this repository
    /// is tested with.
    pub lock: &'a Path,
    /// Each model cut to the operations that have a paginator or a waiter, and checked with the
    /// client only (where paginators and waiters are): every one of them compiles, in a fraction
    /// of the time of whole crates.
    pub paginated: bool,
}

/// One service's row.
struct Row {
    service: String,
    protocol: String,
    operations: usize,
    /// Operations with a paginator.
    paginators: usize,
    /// Waiters.
    waiters: usize,
    shapes: usize,
    lines: usize,
    elapsed: Duration,
    result: Result<Generated, String>,
    check: Option<(Duration, Result<(), String>)>,
}

/// A crate generated in memory.
struct Generated {
    identity: CrateIdentity,
    files: Vec<GeneratedFile>,
    /// Whether it has something to check: not so for a service without paginators or waiters,
    /// when the corpus is cut to them.
    checkable: bool,
}

/// Runs the corpus: prints the table and a summary; fails if a model does not generate or a
/// checked crate has an error or a warning.
pub fn run(options: &Options<'_>) -> ExitCode {
    let models = match models(options.dir, options.only) {
        Ok(models) => models,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(CORPUS_FAILED);
        }
    };
    let started = Instant::now();
    let write = options.write.then_some(options.work);
    let mut rows = generate_all(&models, options.check, options.paginated, write);
    let generation = started.elapsed();

    let checked: Vec<usize> = rows
        .iter()
        .enumerate()
        .take(options.check)
        .filter(|(_, row)| row.result.as_ref().is_ok_and(|g| g.checkable))
        .map(|(index, _)| index)
        .collect();
    if !checked.is_empty()
        && let Err(error) = check(&mut rows, &checked, options)
    {
        eprintln!("error: {error}");
        return ExitCode::from(CORPUS_FAILED);
    }

    print!("{}", table(&rows));
    let generated = rows.iter().filter(|r| r.result.is_ok()).count();
    let checks: Vec<&(Duration, Result<(), String>)> =
        rows.iter().filter_map(|r| r.check.as_ref()).collect();
    let clean = checks.iter().filter(|(_, r)| r.is_ok()).count();
    let paginators: usize = rows.iter().map(|r| r.paginators).sum();
    let waiters: usize = rows.iter().map(|r| r.waiters).sum();
    let mut summary = format!(
        "{generated} of {} services generated ({paginators} paginators, {waiters} waiters) in {} ms in one process ({} threads)",
        rows.len(),
        generation.as_millis(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    if !checks.is_empty() {
        let slowest = rows
            .iter()
            .filter_map(|r| r.check.as_ref().map(|(t, _)| (t, &r.service)))
            .max();
        let _ = write!(
            summary,
            "; {clean} of {} checked with no warning",
            checks.len()
        );
        if let Some((time, service)) = slowest {
            let _ = write!(
                summary,
                " (slowest: {service}, {:.1} s)",
                time.as_secs_f64()
            );
        }
    }
    println!("{summary}");
    for row in &rows {
        if let Err(error) = &row.result {
            eprintln!("error: {}: {error}", row.service);
        }
        if let Some((_, Err(error))) = &row.check {
            eprintln!("error: {} does not check:\n{error}", row.service);
        }
    }
    if generated == rows.len() && clean == checks.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(CORPUS_FAILED)
    }
}

/// Where a service's newest model is: read by the thread that generates it, so that reading and
/// unzipping are spread over the cores and each model's text is held only while it is generated.
struct Model {
    service: String,
    /// `service-2.json(.gz)`.
    model: PathBuf,
    /// `endpoint-rule-set-1.json(.gz)` beside it, if there is one.
    rules: Option<PathBuf>,
    /// The model file's size on disk, which orders the work (largest first).
    size: u64,
}

impl Model {
    /// The model, its rule set and the paginators and waiters beside it, as `codegen` names them.
    fn files(&self) -> Result<Vec<SourceFile>, String> {
        let service = &self.service;
        let mut files = vec![read_model(&self.model, &format!("{service}.json"))?];
        if let Some(rules) = &self.rules {
            let name = format!("{service}{}", codegen::ENDPOINT_RULES_SUFFIX);
            files.push(read_model(rules, &name)?);
        }
        if let Some(version) = self.model.parent() {
            files.extend(codegen::botocore_siblings(version, service)?);
        }
        Ok(files)
    }
}

/// Every service's newest model under `dir` (`<service>/<version>/service-2.json`, or `.json.gz`
/// as botocore's wheels ship them), by service name, with the endpoint rule set beside it
/// (`endpoint-rule-set-1.json(.gz)`) when there is one, and its paginators and waiters
/// (`paginators-1.json` and `waiters-2.json` beside it) where it has them.
fn models(dir: &Path, only: Option<&[String]>) -> Result<Vec<Model>, String> {
    let listing = |dir: &Path| -> Result<Vec<PathBuf>, String> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.is_dir())
            .collect();
        paths.sort();
        Ok(paths)
    };
    let mut models = Vec::new();
    for service_dir in listing(dir)? {
        let Some(service) = service_dir.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if only.is_some_and(|only| !only.iter().any(|o| o == service)) {
            continue;
        }
        let versions = listing(&service_dir)?;
        let file = |version: &Path, name: &str| {
            [name.to_owned(), format!("{name}.gz")]
                .iter()
                .map(|name| version.join(name))
                .find(|path| path.is_file())
        };
        // Version directories are dates: the last that has a model is the newest.
        let newest = versions.iter().rev().find_map(|version| {
            Some((
                file(version, "service-2.json")?,
                file(version, "endpoint-rule-set-1.json"),
            ))
        });
        let Some((model, rules)) = newest else {
            continue;
        };
        let size = std::fs::metadata(&model)
            .map_err(|e| format!("cannot read `{}`: {e}", model.display()))?
            .len();
        models.push(Model {
            service: service.to_owned(),
            model,
            rules,
            size,
        });
    }
    if let Some(only) = only
        && let Some(missing) = only
            .iter()
            .find(|o| !models.iter().any(|m| m.service == **o))
    {
        return Err(format!(
            "no service-2 model for `{missing}` under `{}`",
            dir.display()
        ));
    }
    if models.is_empty() {
        return Err(format!(
            "no `<service>/<version>/service-2.json(.gz)` under `{}`: give botocore's data/ directory",
            dir.display()
        ));
    }
    Ok(models)
}

/// A model file (or its rule set), gunzipped if its name ends in `.gz`, named `<service>.json`
/// (`<service>.endpoint-rule-set.json`) so that the service's module and feature are the
/// service's directory name.
fn read_model(path: &Path, name: &str) -> Result<SourceFile, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let text = if path.extension().is_some_and(|e| e == "gz") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot gunzip `{}`: {e}", path.display()))?;
        text
    } else {
        String::from_utf8(bytes).map_err(|_| format!("`{}` is not UTF-8", path.display()))?
    };
    Ok(SourceFile {
        name: name.to_owned(),
        text,
    })
}

/// Generates every model, largest first, on every core; the rows come back in the models'
/// order. Only the first `keep` keep their files (the ones to be checked); the others keep their
/// figures. With `paginated`, each model is cut to the operations that have a paginator or a
/// waiter; with `write`, each crate is written under that directory as it is generated.
fn generate_all(models: &[Model], keep: usize, paginated: bool, write: Option<&Path>) -> Vec<Row> {
    let mut order: Vec<usize> = (0..models.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(models[index].size));
    let mut rows = on_every_core(&order, |_, index| {
        let model = &models[index];
        let write = write.map(|work| work.join(&model.service));
        generate(model, index < keep, paginated, write.as_deref())
    });
    rows.sort_by_key(|(index, _)| *index);
    rows.into_iter().map(|(_, row)| row).collect()
}

/// `work(worker, index)` for every index of `order`, on as many threads as the machine has cores,
/// each taking the next index not yet taken (so that, in an order that puts the large ones first,
/// no thread is left with a large one at the end); each result with its index, in no set order.
fn on_every_core<R: Send>(
    order: &[usize],
    work: impl Fn(usize, usize) -> R + Sync,
) -> Vec<(usize, R)> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                let (work, next) = (&work, &next);
                scope.spawn(move || {
                    let mut results = Vec::new();
                    while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                        results.push((index, work(worker, index)));
                    }
                    results
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| match worker.join() {
                Ok(results) => results,
                Err(payload) => std::panic::resume_unwind(payload),
            })
            .collect()
    })
}

/// Writes a crate's files under `dir`.
fn write_crate(dir: &Path, files: &[GeneratedFile]) -> Result<(), String> {
    for file in files {
        let path = dir.join(&file.path);
        codegen::write::ensure_file_contents(&path, &file.text, false)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    }
    Ok(())
}

/// Loads the model files of `service` as [`codegen::load_files`] does, then again cut to the
/// operations that have a paginator or a waiter, if it has any.
fn load_paginated(
    service: &str,
    files: Vec<SourceFile>,
) -> Result<codegen::Loaded, codegen::LoadError> {
    let loaded = codegen::load_files(files.clone())?;
    let Some(ir) = loaded.ir.services.first() else {
        return Ok(loaded);
    };
    let listed = ir
        .operations
        .iter()
        .filter(|o| o.paginator.is_some() || !o.waiters.is_empty())
        .map(|o| o.wire_name.as_str())
        .collect::<Vec<_>>();
    if listed.is_empty() {
        return Ok(loaded);
    }
    let selection = Selection::all().operations("--paginated", service, listed);
    codegen::load_selected(files, &selection)
}

/// Loads, validates, lowers, emits and renders one model (if `paginated`, cut to the operations
/// that have a paginator or a waiter), timed, and writes its crate under `write` if given; the
/// files are dropped unless `keep`.
fn generate(model: &Model, keep: bool, paginated: bool, write: Option<&Path>) -> Row {
    let started = Instant::now();
    let service = model.service.as_str();
    let mut row = Row {
        service: service.to_owned(),
        protocol: String::new(),
        operations: 0,
        paginators: 0,
        waiters: 0,
        shapes: 0,
        lines: 0,
        elapsed: Duration::ZERO,
        result: Err(String::new()),
        check: None,
    };
    let files = match model.files() {
        Ok(files) => files,
        Err(error) => {
            row.elapsed = started.elapsed();
            row.result = Err(error);
            return row;
        }
    };
    let loaded = if paginated {
        load_paginated(service, files)
    } else {
        codegen::load_files(files)
    };
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(error) => {
            row.elapsed = started.elapsed();
            let text = error.render(false);
            let last = text.lines().last().unwrap_or_default();
            row.result = Err(last.trim_start_matches("error: ").to_owned());
            return row;
        }
    };
    let identity = codegen::manifest::derived(Path::new(service), &loaded.ir);
    let files = codegen::generate::crate_files(&loaded.ir, &identity, &[]);
    row.elapsed = started.elapsed();
    if let Some(ir) = loaded.ir.services.first() {
        row.protocol.clone_from(&ir.protocol);
        row.operations = ir.operations.len();
        row.paginators = ir
            .operations
            .iter()
            .filter(|o| o.paginator.is_some())
            .count();
        row.waiters = ir.operations.iter().map(|o| o.waiters.len()).sum();
        row.shapes = ir.shapes.len();
        let module = format!("src/{}.rs", ir.module);
        row.lines = files
            .as_ref()
            .ok()
            .and_then(|files| files.iter().find(|f| f.path == Path::new(&module)))
            // Rendered text ends every line, the last too, with `\n`.
            .map_or(0, |f| f.text.bytes().filter(|&b| b == b'\n').count());
    }
    let checkable = !paginated || row.paginators + row.waiters > 0;
    let files = files.and_then(|files| match write {
        Some(dir) => write_crate(dir, &files).map(|()| files),
        None => Ok(files),
    });
    row.result = files.map(|files| Generated {
        identity,
        files: if keep && checkable { files } else { Vec::new() },
        checkable,
    });
    row
}

/// Writes the crates of `indices` into one workspace under `options.work` and checks each with
/// warnings denied, as many at once as the machine has cores.
fn check(rows: &mut [Row], indices: &[usize], options: &Options<'_>) -> Result<(), String> {
    let work = options.work;
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |e: std::io::Error| format!("cannot write `{path}`: {e}")
    };
    let mut members = Vec::new();
    for &index in indices {
        let Ok(generated) = &rows[index].result else {
            continue;
        };
        write_crate(&work.join(&rows[index].service), &generated.files)?;
        members.push(format!("{:?}", rows[index].service));
    }
    let manifest = work.join("Cargo.toml");
    let text = format!(
        "# Written by `cargo xtask corpus`: the crates it checks, sharing one lock file.\n\
         [workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    codegen::write::ensure_file_contents(&manifest, &text, false).map_err(io(&manifest))?;
    let lock = work.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(options.lock, &lock).map_err(io(&lock))?;
    }
    // One cargo per core, each with its own target directory (cargo locks the one it builds in),
    // largest crate first.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut order: Vec<usize> = indices
        .iter()
        .copied()
        .filter(|&index| rows[index].result.is_ok())
        .collect();
    order.sort_by_key(|&index| std::cmp::Reverse(rows[index].lines));
    let shared: &[Row] = rows;
    let results = on_every_core(&order, |worker, index| {
        let row = &shared[index];
        let package = row
            .result
            .as_ref()
            .map_or("", |g| g.identity.package.as_str());
        eprintln!("checking {} ...", row.service);
        let started = Instant::now();
        let target = work.join(format!("target-{worker}"));
        let features = if options.paginated {
            PAGINATED_FEATURE_SETS
        } else {
            FEATURE_SETS
        };
        let result = cargo_check(&cargo, &manifest, &target, package, features);
        (started.elapsed(), result)
    });
    for (index, check) in results {
        rows[index].check = Some(check);
    }
    Ok(())
}

/// The features each crate is checked with, one `cargo check` each: the default ones (the
/// services), as its users compile it, then with the client and the server half too, so that
/// every part compiles (in two passes, not four: the server half adds to either alone).
const FEATURE_SETS: &[&[&str]] = &[&[], &["client", "server"]];

/// The features a crate cut to its paginated and waited-on operations is checked with: the
/// client's, where paginators and waiters are.
const PAGINATED_FEATURE_SETS: &[&[&str]] = &[&["client"]];

/// `cargo check` of one package of the corpus workspace with warnings denied, once per entry of
/// `feature_sets`: the features and the first lines of the diagnostics of the first that fails.
fn cargo_check(
    cargo: &std::ffi::OsStr,
    manifest: &Path,
    target: &Path,
    package: &str,
    feature_sets: &[&[&str]],
) -> Result<(), String> {
    for features in feature_sets {
        let mut command = Command::new(cargo);
        command
            .args(["check", "--quiet", "--message-format", "short", "--package"])
            .arg(package)
            .arg("--manifest-path")
            .arg(manifest)
            .env("CARGO_TARGET_DIR", target)
            .env("RUSTFLAGS", "-D warnings");
        if !features.is_empty() {
            command.arg("--features").arg(features.join(","));
        }
        let output = command
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let lines: Vec<&str> = stderr.lines().take(20).collect();
            let shown = if features.is_empty() {
                "default features".to_owned()
            } else {
                format!("--features {}", features.join(","))
            };
            return Err(format!("with {shown}:\n{}", lines.join("\n")));
        }
    }
    Ok(())
}

/// The table: one row per service, then nothing else (the summary follows it).
fn table(rows: &[Row]) -> String {
    let widest = |column: fn(&Row) -> usize, title: &str| {
        rows.iter().map(column).max().unwrap_or(0).max(title.len())
    };
    let width = widest(|r| r.service.len(), "service");
    let protocol = widest(|r| r.protocol.len(), "protocol");
    let mut out = format!(
        "{:<width$}  {:<protocol$}  {:>10}  {:>10}  {:>7}  {:>6}  {:>7}  {:>6}  result\n",
        "service", "protocol", "operations", "paginators", "waiters", "shapes", "lines", "ms"
    );
    for row in rows {
        let result = match (&row.result, &row.check) {
            (Err(error), _) => format!("error: {error}"),
            (Ok(generated), None) if !generated.checkable => {
                "ok, no paginator or waiter".to_owned()
            }
            (Ok(_), None) => "ok".to_owned(),
            (Ok(_), Some((time, Ok(())))) => {
                format!("ok, checked in {:.1} s", time.as_secs_f64())
            }
            (Ok(_), Some((_, Err(_)))) => "check failed".to_owned(),
        };
        let _ = writeln!(
            out,
            "{:<width$}  {:<protocol$}  {:>10}  {:>10}  {:>7}  {:>6}  {:>7}  {:>6}  {result}",
            row.service,
            row.protocol,
            row.operations,
            row.paginators,
            row.waiters,
            row.shapes,
            row.lines,
            row.elapsed.as_millis()
        );
    }
    out
}
