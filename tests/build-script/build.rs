//! Generates three operations of the repository's IVS model into `$OUT_DIR/aws/`, as a program
//! that keeps its own model files would.

fn main() -> std::process::ExitCode {
    let generated = codegen::Builder::new()
        .models("../../model")
        .services(["ivs"])
        .operations("ivs", ["CreateChannel", "GetChannel", "ListChannels"])
        .module("crate::aws")
        .generate();
    match generated {
        Ok(_) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            std::process::ExitCode::FAILURE
        }
    }
}
