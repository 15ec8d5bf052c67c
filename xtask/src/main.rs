//! The project's tasks. `cargo xtask codegen` regenerates the `ivs-models` crate from `model/`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// Regenerate the crate from every `*.json` model (reporting every model problem at once).
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
    },
}

/// Exit status for a model with problems (usage errors exit with 2, through clap).
const MODEL_ERROR: u8 = 1;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.task {
        Task::Codegen { model, out, check } => {
            let model = model.unwrap_or_else(|| workspace_root().join("model"));
            let out = out.unwrap_or_else(|| workspace_root().join("generated"));
            codegen_task(&model, &out, check)
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

fn codegen_task(model: &Path, out: &Path, check: bool) -> ExitCode {
    let loaded = match codegen::load_dir(model) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprint!("{}", error.render(color()));
            return ExitCode::from(MODEL_ERROR);
        }
    };
    let report = match codegen::sync_crate(&loaded.ir, out, check) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
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
        .map(|s| format!("{} ({} operations)", s.stem, s.operations.len()))
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
