//! The `pressroom` binary: parses the arguments, sets up logging, applies the config file, sizes
//! the thread pool, runs the command and maps the result to an exit code (see `pressroom --help`
//! and the README).

use std::process::ExitCode;

use pressroom::cli::{self, exit};
use pressroom::report::{ConfigLoaded, Fatal};
use pressroom::{config, log};

fn main() -> ExitCode {
    let (mut cli, matches) = cli::parse_args();
    log::init(cli.log_config());
    match config::apply(&mut cli, &matches) {
        Ok(Some(path)) => log::emit(&ConfigLoaded { path: &path }),
        Ok(None) => {}
        Err(err) => {
            log::emit(&Fatal::from_error(&err));
            return ExitCode::from(exit::USAGE);
        }
    }
    let jobs = cli.jobs();
    if jobs > 0
        && let Err(err) = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global()
    {
        log::emit(&Fatal::threads(jobs, &err));
        return ExitCode::from(exit::FATAL);
    }
    match cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            log::emit(&Fatal::from_error(&err));
            ExitCode::from(match err {
                pressroom::Error::Usage(_) => exit::USAGE,
                pressroom::Error::Locked { .. } => exit::LOCKED,
                _ => exit::FATAL,
            })
        }
    }
}
