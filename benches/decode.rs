//! Decoding a 10-job `QuerySnapshotJobList` body.
//!
//! JSON: this crate's borrowed model next to serde_json into owned-`String` mirror
//! structs and into `Cow` mirror structs (the baselines of issue 3).
//! XML: the same ten jobs through this crate's reader, next to serde-xml-rs (owned
//! mirror) and quick-xml's serde support (`Cow` mirror), on the same bytes (issue 4).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::borrow::Cow;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mts_codec::decode::{Format, Response, decode_response};

const TEN_JOBS_JSON: &str = include_str!("../tests/data/json/ten_jobs.json");
const TEN_JOBS_XML: &str = include_str!("../tests/data/xml/ten_jobs.xml");

/// The baselines: mirror structs generic over the string type `S`, so that one
/// definition serves owned `String`s, borrowing `Cow`s and plain `Cow`s.
mod mirror {
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase", bound(deserialize = "S: Deserialize<'de>"))]
    #[allow(dead_code)]
    pub struct Response<S> {
        pub request_id: Option<S>,
        pub next_page_token: Option<S>,
        pub non_exist_snapshot_job_ids: Option<Ids<S>>,
        pub snapshot_job_list: Option<Jobs<S>>,
    }
    #[derive(Deserialize)]
    #[serde(bound(deserialize = "S: Deserialize<'de>"))]
    #[allow(dead_code)]
    pub struct Ids<S> {
        #[serde(rename = "String", default = "Vec::new")]
        pub items: Vec<S>,
    }
    #[derive(Deserialize)]
    #[serde(bound(deserialize = "S: Deserialize<'de>"))]
    #[allow(dead_code)]
    pub struct Jobs<S> {
        #[serde(rename = "SnapshotJob", default = "Vec::new")]
        pub items: Vec<Job<S>>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase", bound(deserialize = "S: Deserialize<'de>"))]
    #[allow(dead_code)]
    pub struct Job<S> {
        pub id: Option<S>,
        pub user_data: Option<S>,
        pub pipeline_id: Option<S>,
        pub state: Option<S>,
        pub code: Option<S>,
        pub message: Option<S>,
        pub count: Option<S>,
        pub tile_count: Option<S>,
        pub creation_time: Option<S>,
        pub input: Option<Oss<S>>,
        pub snapshot_config: Option<Config<S>>,
        #[serde(rename = "MNSMessageResult")]
        pub mns_message_result: Option<Mns<S>>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase", bound(deserialize = "S: Deserialize<'de>"))]
    #[allow(dead_code)]
    pub struct Oss<S> {
        pub bucket: Option<S>,
        pub location: Option<S>,
        pub object: Option<S>,
        pub role_arn: Option<S>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase", bound(deserialize = "S: Deserialize<'de>"))]
    #[allow(dead_code)]
    pub struct Config<S> {
        pub time: Option<S>,
        pub interval: Option<S>,
        pub num: Option<S>,
        pub width: Option<S>,
        pub height: Option<S>,
        pub frame_type: Option<S>,
        pub output_file: Option<Oss<S>>,
        pub tile_output_file: Option<Oss<S>>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase", bound(deserialize = "S: Deserialize<'de>"))]
    #[allow(dead_code)]
    pub struct Mns<S> {
        pub message_id: Option<S>,
        pub error_code: Option<S>,
        pub error_message: Option<S>,
    }

    /// A `Cow` that borrows when the text has no escapes. A plain `Option<Cow<str>>`
    /// field never borrows (serde#2016); this newtype is the documented workaround.
    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct BorrowedCow<'a>(#[serde(borrow)] pub std::borrow::Cow<'a, str>);
}

/// Baseline 1: every text an owned `String`.
type Owned = mirror::Response<String>;
/// Baseline 2: every text a `Cow` that borrows where serde can.
type Cowed<'a> = mirror::Response<mirror::BorrowedCow<'a>>;
/// For reference: a plain `Cow<str>`, which never borrows.
type PlainCow<'a> = mirror::Response<Cow<'a, str>>;

/// `ten_jobs.json` with the first character of every string value written as a `\u`
/// escape: the case a borrowed `Cow` has to copy and this crate does not.
fn every_text_escaped(json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    fn walk(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::String(s) => {
                let mut chars = s.chars();
                out.push('"');
                if let Some(c) = chars.next() {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                }
                out.push_str(&serde_json::to_string(chars.as_str()).unwrap()[1..]);
            }
            serde_json::Value::Object(m) => {
                out.push('{');
                for (i, (k, x)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push(':');
                    walk(x, out);
                }
                out.push('}');
            }
            serde_json::Value::Array(items) => {
                out.push('[');
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    walk(x, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    walk(&value, &mut out);
    out
}

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
