//! The `bymidter` binary: parse the command line, run it, exit non-zero on failure.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    match bymidter::cli::run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bymidter: {err:#}");
            ExitCode::FAILURE
        }
    }
}
