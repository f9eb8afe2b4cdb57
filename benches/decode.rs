//! Decoding a 10-job `QuerySnapshotJobList` body.
//!
//! JSON: this crate's borrowed model next to serde_json into owned-`String` mirror
//! structs and into `Cow` mirror structs (the baselines of issue 3).
//! XML: the same ten jobs through this crate's reader, next to serde-xml-rs (owned
//! mirror) and quick-xml's serde support (`Cow` mirror), on the same bytes (issue 4).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mts_codec::{Format, Response, decode_response};

mod decode_cases;

use decode_cases::{Cowed, Owned, PlainCow, TEN_JOBS_JSON, TEN_JOBS_XML, every_text_escaped};

fn json(c: &mut Criterion) {
    let escaped = every_text_escaped(TEN_JOBS_JSON);
    for (label, body) in [
        ("decode_json_10_jobs", TEN_JOBS_JSON.as_bytes()),
        ("decode_json_10_jobs_every_text_escaped", escaped.as_bytes()),
    ] {
        // All read the same ten jobs.
        let Ok(Response::Success(ours)) = decode_response(200, Format::Json, body) else {
            panic!()
        };
        assert_eq!(ours.jobs().len(), 10);
        assert_eq!(
            serde_json::from_slice::<Owned>(body)
                .unwrap()
                .snapshot_job_list
                .unwrap()
                .items
                .len(),
            10
        );
        assert_eq!(
            serde_json::from_slice::<Cowed<'_>>(body)
                .unwrap()
                .snapshot_job_list
                .unwrap()
                .items
                .len(),
            10
        );

        let mut group = c.benchmark_group(label);
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function("mts_codec_borrowed", |b| {
            b.iter(|| decode_response(200, Format::Json, black_box(body)).unwrap())
        });
        group.bench_function("serde_json_owned_strings", |b| {
            b.iter(|| serde_json::from_slice::<Owned>(black_box(body)).unwrap())
        });
        group.bench_function("serde_json_cow", |b| {
            b.iter(|| serde_json::from_slice::<Cowed<'_>>(black_box(body)).unwrap())
        });
        group.bench_function("serde_json_plain_cow_never_borrows", |b| {
            b.iter(|| serde_json::from_slice::<PlainCow<'_>>(black_box(body)).unwrap())
        });
        group.finish();
    }
}

fn xml(c: &mut Criterion) {
    let body = TEN_JOBS_XML.as_bytes();
    // All four read the same ten jobs.
    let Ok(Response::Success(ours)) = decode_response(200, Format::Xml, body) else {
        panic!()
    };
    assert_eq!(ours.jobs().len(), 10);
    let Ok(Response::Success(from_json)) =
        decode_response(200, Format::Json, TEN_JOBS_JSON.as_bytes())
    else {
        panic!()
    };
    assert_eq!(
        ours, from_json,
        "the XML and JSON bodies hold the same response"
    );
    let owned: Owned = serde_xml_rs::from_str(TEN_JOBS_XML).unwrap();
    assert_eq!(owned.snapshot_job_list.unwrap().items.len(), 10);
    let cowed: Cowed<'_> = quick_xml::de::from_str(TEN_JOBS_XML).unwrap();
    assert_eq!(cowed.snapshot_job_list.unwrap().items.len(), 10);

    let mut group = c.benchmark_group("decode_xml_10_jobs");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("mts_codec_borrowed", |b| {
        b.iter(|| decode_response(200, Format::Xml, black_box(body)).unwrap())
    });
    group.bench_function("quick_xml_serde_cow", |b| {
        b.iter(|| quick_xml::de::from_str::<Cowed<'_>>(black_box(TEN_JOBS_XML)).unwrap())
    });
    group.bench_function("serde_xml_rs_owned", |b| {
        b.iter(|| serde_xml_rs::from_str::<Owned>(black_box(TEN_JOBS_XML)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, json, xml);
criterion_main!(benches);
