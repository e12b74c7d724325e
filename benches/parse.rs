//! Parser throughput: `parse_release` over a few hundred generated releases (bytes of input per
//! second). Run with `cargo bench --bench parse`.

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pressroom::parse::{ParseConfig, parse_release};

/// Releases parsed per iteration.
const RELEASES: u64 = 300;

fn parse(c: &mut Criterion) {
    let files = common::files(RELEASES);
    let config = ParseConfig::default();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(common::total_bytes(&files)));
    group.bench_function("parse_release", |b| {
        b.iter(|| {
            for f in &files {
                let release = parse_release(black_box(&f.bytes), &f.source_file, &config);
                black_box(release.expect("generated releases parse"));
            }
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = parse
}
criterion_main!(benches);
