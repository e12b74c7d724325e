//! What the benchmarks share: generated releases (see `pressroom::corpus`) and a lean
//! criterion configuration, so `cargo bench` finishes in a few minutes on two cores.

#![allow(dead_code)] // Each bench uses its own part of this module.

use std::time::Duration;

use criterion::Criterion;
use pressroom::corpus;
use pressroom::extract::Lexicon;
use pressroom::parse::{ParseConfig, parse_release};
use pressroom::release::Release;

/// Seed of every benchmark corpus.
pub const SEED: u64 = 42;

/// One generated release file: its path relative to the corpus root and its bytes.
pub struct File {
    /// `0000/0000012.txt`.
    pub source_file: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Releases `0..count` of [`SEED`], as files.
pub fn files(count: u64) -> Vec<File> {
    (0..count)
        .map(|i| File {
            source_file: corpus::release_path(i, count)
                .to_string_lossy()
                .replace('\\', "/"),
            bytes: corpus::release_bytes(SEED, i),
        })
        .collect()
}

/// Total bytes of `files`.
pub fn total_bytes(files: &[File]) -> u64 {
    files.iter().map(|f| f.bytes.len() as u64).sum()
}

/// The files parsed (every generated release parses).
pub fn releases(files: &[File]) -> Vec<Release> {
    let config = ParseConfig::default();
    files
        .iter()
        .map(|f| {
            parse_release(&f.bytes, &f.source_file, &config).expect("generated releases parse")
        })
        .collect()
}

/// The lexicon of the benchmark corpus: its publishers' names.
pub fn lexicon() -> Lexicon {
    Lexicon {
        publisher_names: corpus::publisher_names(SEED),
    }
}

/// Few samples and short measurements: these benches compare versions of the same code on one
/// machine, they do not need criterion's default precision.
pub fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
}
