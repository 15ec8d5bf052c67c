//! The project's tasks. `cargo xtask codegen` loads and validates every model in `model/`.

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
    /// Load and validate every `*.json` model, reporting every problem at once.
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
        Task::Codegen {
            model,
            out: _,
            check: _,
        } => {
            let model = model.unwrap_or_else(|| workspace_root().join("model"));
            codegen_task(&model)
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

fn codegen_task(model: &Path) -> ExitCode {
    match codegen::load_dir(model) {
        Ok(loaded) => {
            for service in &loaded.ir.services {
                let shapes = service.shapes.len();
                let operations = service.operations.len();
                println!(
                    "loaded {} ({}): {operations} operations, {shapes} shapes",
                    service.stem, service.full_name
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprint!("{}", error.render(color()));
            ExitCode::from(MODEL_ERROR)
        }
    }
}
