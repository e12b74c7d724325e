//! The `pressroom` binary: parses the arguments, sets up logging, applies the config file, sizes
//! the thread pool, runs the command and maps the result to an exit code (see `pressroom --help`
//! and the README).

use std::process::ExitCode;

use pressroom::cli::{self, exit};
use pressroom::report::{ConfigLoaded, Fatal};
use pressroom::{config, log};

/// On Linux the heap is jemalloc's. A run makes many small, short-lived allocations (tokens,
/// names, rows) on every worker thread, and the writers make large short-lived ones (Arrow
/// arrays, compressed pages). Against glibc's allocator on the generated corpus, jemalloc cut a
/// run's CPU time by about a sixth, and its resident memory stays bounded without the mmap
/// threshold glibc needed to keep the large buffers from fragmenting its heap (figures in
/// benches/RESULTS.md). Other platforms keep their system allocator.
#[cfg(target_os = "linux")]
#[global_allocator]
static HEAP: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read when it starts; `_RJEM_MALLOC_CONF` in the environment is read
/// after them and overrides them. Freed pages go back to the system after 200 ms instead of
/// ten seconds, so resident memory follows what the chunks in flight need, and all threads
/// share one arena instead of four per CPU, so freed pages are not kept apart per arena. On
/// 100,000 generated releases that held 70-73 MiB instead of 77-78, for under 1 % more wall
/// time (benches/RESULTS.md, "Allocator"); without any decay the run was a third slower.
#[cfg(target_os = "linux")]
#[unsafe(export_name = "_rjem_malloc_conf")]
static HEAP_OPTIONS: Option<&'static std::ffi::c_char> = {
    let conf = c"dirty_decay_ms:200,muzzy_decay_ms:0,narenas:1";
    // SAFETY: the pointer is that of a static, NUL-terminated string.
    Some(unsafe { &*conf.as_ptr() })
};

/// The C code linked in (zstd, for the Parquet pages and the incremental cache) allocates from
/// glibc's heap, not jemalloc's. parquet opens zstd contexts for every column chunk and frees them
/// when the row group closes: blocks of 33 KB and up, among them a 96 KB decompression context
/// (made although a writer never decompresses) and compression workspaces sized by the page. Left
/// in glibc's arenas, their churn kept freed pages resident and the peak crept up over a run. A
/// fixed threshold of 32 KiB maps every one of them on its own: pages a context never touches never
/// become resident, and a freed block goes back to the system at once. With glibc's sliding
/// threshold the arenas held about 23 MiB more at 100,000 releases; a fixed 128 KiB still left the
/// smaller blocks there, 4 to 7 MiB of the rise from 10,000 to 100,000 (benches/RESULTS.md, "C
/// heap" and "Small zstd blocks mapped too"). Elsewhere this does nothing.
fn set_c_heap_options() {
    // SAFETY: mallopt only sets a parameter of glibc's allocator; it is called first in main,
    // before any other thread exists. It returns 0 if glibc refuses the value, and the run then
    // goes on with glibc's defaults.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 * 1024);
    }
}

fn main() -> ExitCode {
    set_c_heap_options();
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
