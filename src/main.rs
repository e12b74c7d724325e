//! The `pressroom` binary: parses the arguments, sizes the thread pool, runs the command and maps
//! the result to an exit code (see `pressroom --help` and the README).

use std::process::ExitCode;

use clap::Parser;
use pressroom::cli::{self, Cli, exit};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let jobs = cli.jobs();
    if jobs > 0
        && let Err(err) = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global()
    {
        eprintln!("pressroom: cannot start {jobs} worker threads: {err}");
        return ExitCode::from(exit::FATAL);
    }
    match cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let mut message = format!("pressroom: {err}");
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            eprintln!("{message}");
            ExitCode::from(match err {
                pressroom::Error::Usage(_) => exit::USAGE,
                _ => exit::FATAL,
            })
        }
    }
}
