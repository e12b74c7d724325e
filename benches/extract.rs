//! Extractor throughput over a few hundred generated, already parsed releases, one benchmark
//! per extractor (programs, partners, people, outcomes), plus the sentence splitter, the number
//! recognizer and `extract_all` (which shares one analysis between programs, partners and
//! people). Throughput is in bytes of the release files, so the figures compare with the
//! parser's and the end-to-end run's. Run with `cargo bench --bench extract`.

mod common;

use std::hint::black_box;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use pressroom::extract::{extract_all, numbers, outcomes, partners, people, programs, sentences};

/// Releases extracted per iteration.
const RELEASES: u64 = 300;

fn extract(c: &mut Criterion) {
    let files = common::files(RELEASES);
    let releases = common::releases(&files);
    let lexicon = common::lexicon();
    // Outcomes read the release's programs: found once, outside the measurement.
    let found: Vec<_> = releases
        .iter()
        .map(|r| programs::extract(r, &lexicon))
        .collect();

    let mut group = c.benchmark_group("extract");
    // An iteration takes a good part of a second: ten of them per sample would take minutes.
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Bytes(common::total_bytes(&files)));
    group.bench_function("sentences", |b| {
        b.iter(|| {
            releases
                .iter()
                .for_each(|r| drop(black_box(sentences::split(r))))
        });
    });
    group.bench_function("numbers", |b| {
        b.iter(|| {
            releases
                .iter()
                .for_each(|r| drop(black_box(numbers::recognize(&r.body))));
        });
    });
    group.bench_function("programs", |b| {
        b.iter(|| {
            releases
                .iter()
                .for_each(|r| drop(black_box(programs::extract(r, &lexicon))));
        });
    });
    group.bench_function("partners", |b| {
        b.iter(|| {
            releases
                .iter()
                .for_each(|r| drop(black_box(partners::extract(r, &lexicon))));
        });
    });
    group.bench_function("people", |b| {
        b.iter(|| {
            releases
                .iter()
                .for_each(|r| drop(black_box(people::extract(r, &lexicon))));
        });
    });
    group.bench_function("outcomes", |b| {
        b.iter(|| {
            for (r, p) in releases.iter().zip(&found) {
                drop(black_box(outcomes::extract(r, &lexicon, p)));
            }
        });
    });
    group.bench_function("extract_all", |b| {
        b.iter(|| {
            releases
                .iter()
                .for_each(|r| drop(black_box(extract_all(r, &lexicon))));
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = extract
}
criterion_main!(benches);
