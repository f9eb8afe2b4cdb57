//! Signing a 10-id `QuerySnapshotJobList` GET, next to the HMAC floor and a naive
//! allocating signer; then the same request with signature v3, next to its hashing
//! floor. The cases (and what each floor includes) are in `sign_cases/mod.rs`, shared
//! with `sign_count.rs`, which counts their instructions under callgrind.
//!
//! `cargo bench --manifest-path benches/Cargo.toml --bench sign -- --warm-up-time 2 --measurement-time 5`
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

mod sign_cases;
use sign_cases::{V1, V3};

fn bench(c: &mut Criterion) {
    let case = V1::new();
    let mut group = c.benchmark_group("sign 10-id GET");
    group.bench_function("floor: pre-keyed HMAC-SHA1 over the string-to-sign", |b| {
        b.iter(|| black_box(case.floor()))
    });
    group.bench_function(
        "mts-codec: sign + signed query into heapless::String",
        |b| {
            let mut out = heapless::String::<2048>::new();
            b.iter(|| black_box(case.sign_and_query(&mut out)))
        },
    );
    group.bench_function("mts-codec: sign only", |b| {
        b.iter(|| black_box(case.sign_only()))
    });
    group.bench_function("mts-codec: build the request from the ids + sign", |b| {
        b.iter(|| black_box(case.build_and_sign()))
    });
    group.bench_function(
        "bound: this request's text written by hand + the floor's HMAC",
        |b| b.iter(|| black_box(case.hand_written())),
    );
    group.bench_function("baseline: String/format!/Vec-sort signer", |b| {
        b.iter(|| black_box(case.baseline()))
    });
    group.finish();
}

fn bench_v3(c: &mut Criterion) {
    let case = V3::new();
    let mut group = c.benchmark_group("sign 10-id GET, v3");
    group.bench_function(
        "floor: SHA-256 of empty body + of canonical request, pre-keyed HMAC-SHA256",
        |b| b.iter(|| black_box(case.floor())),
    );
    group.bench_function("mts-codec: v3 sign only (V3Credentials, pre-keyed)", |b| {
        b.iter(|| black_box(case.sign().signature().len()))
    });
    group.bench_function(
        "mts-codec: v3 sign only (Credentials, keys HMAC-SHA256 per call)",
        |b| b.iter(|| black_box(case.sign_keying().signature().len())),
    );
    group.bench_function(
        "bound: this request's canonical request written by hand + the floor's hashing",
        |b| b.iter(|| black_box(case.hand_written())),
    );
    group.bench_function(
        "mts-codec: v3 sign + query + authorization into heapless::String",
        |b| {
            let mut out = heapless::String::<2048>::new();
            b.iter(|| black_box(case.sign_and_write(&mut out)))
        },
    );
    group.finish();
}

criterion_group!(benches, bench, bench_v3);
criterion_main!(benches);
