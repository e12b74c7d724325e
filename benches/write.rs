//! Writer throughput: `write_dataset` with one format at a time (CSV, JSON Lines, Parquet) over
//! the tables of 1,000 generated releases, into a temporary folder. Throughput is in bytes of the
//! release files the rows came from, so the figures compare with the end-to-end MB/s. Run with
//! `cargo bench --bench write`.

mod common;

use std::hint::black_box;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use pressroom::dataset::Dataset;
use pressroom::extract::extract_all;
use pressroom::write::{Format, WriteOptions, write_dataset};

/// Releases whose rows are written per iteration.
const RELEASES: u64 = 1_000;

/// The rows of every table of the benchmark corpus, in input order.
fn dataset(files: &[common::File]) -> Dataset {
    let lexicon = common::lexicon();
    let mut data = Dataset::default();
    for release in common::releases(files) {
        let x = extract_all(&release, &lexicon);
        data.programs.extend(x.programs);
        data.partners.extend(x.partners);
        data.outcomes.extend(x.outcomes);
        data.people.extend(x.people);
        data.releases.push(release);
    }
    data
}

fn write(c: &mut Criterion) {
    let files = common::files(RELEASES);
    let data = dataset(&files);
    let out = tempfile::tempdir().expect("a temporary folder");
    let options = WriteOptions::default();

    let mut group = c.benchmark_group("write");
    // An iteration takes a good part of a second: ten of them per sample would take minutes.
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Bytes(common::total_bytes(&files)));
    for format in [Format::Csv, Format::Jsonl, Format::Parquet] {
        group.bench_function(format.ext(), |b| {
            b.iter(|| {
                let written = write_dataset(black_box(&data), out.path(), &[format], &options);
                black_box(written.expect("the tables are written"));
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = write
}
criterion_main!(benches);
