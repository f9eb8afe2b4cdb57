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
use serde::Deserialize;

const TEN_JOBS_JSON: &str = include_str!("../tests/data/json/ten_jobs.json");
const TEN_JOBS_XML: &str = include_str!("../tests/data/xml/ten_jobs.xml");

/// Baseline 1: every text an owned `String`.
mod owned {
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct Response {
        pub request_id: Option<String>,
        pub next_page_token: Option<String>,
        pub non_exist_snapshot_job_ids: Option<Ids>,
        pub snapshot_job_list: Option<Jobs>,
    }
    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Ids {
        #[serde(rename = "String", default)]
        pub items: Vec<String>,
    }
    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Jobs {
        #[serde(rename = "SnapshotJob", default)]
        pub items: Vec<Job>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct Job {
        pub id: Option<String>,
        pub user_data: Option<String>,
        pub pipeline_id: Option<String>,
        pub state: Option<String>,
        pub code: Option<String>,
        pub message: Option<String>,
        pub count: Option<String>,
        pub tile_count: Option<String>,
        pub creation_time: Option<String>,
        pub input: Option<Oss>,
        pub snapshot_config: Option<Config>,
        #[serde(rename = "MNSMessageResult")]
        pub mns_message_result: Option<Mns>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct Oss {
        pub bucket: Option<String>,
        pub location: Option<String>,
        pub object: Option<String>,
        pub role_arn: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct Config {
        pub time: Option<String>,
        pub interval: Option<String>,
        pub num: Option<String>,
        pub width: Option<String>,
        pub height: Option<String>,
        pub frame_type: Option<String>,
        pub output_file: Option<Oss>,
        pub tile_output_file: Option<Oss>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct Mns {
        pub message_id: Option<String>,
        pub error_code: Option<String>,
        pub error_message: Option<String>,
    }
}

/// Baseline 2: every text a `Cow<str>`, borrowed where serde_json can. `Option<Cow>`
/// does not borrow (serde#2016), hence the newtype.
mod cow {
    use super::*;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Str<'a>(#[serde(borrow)] pub Cow<'a, str>);

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct Response<'a> {
        #[serde(borrow)]
        pub request_id: Option<Str<'a>>,
        #[serde(borrow)]
        pub next_page_token: Option<Str<'a>>,
        #[serde(borrow)]
        pub non_exist_snapshot_job_ids: Option<Ids<'a>>,
        #[serde(borrow)]
        pub snapshot_job_list: Option<Jobs<'a>>,
    }
    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Ids<'a> {
        #[serde(rename = "String", default, borrow)]
        pub items: Vec<Str<'a>>,
    }
    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Jobs<'a> {
        #[serde(rename = "SnapshotJob", default, borrow)]
        pub items: Vec<Job<'a>>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct Job<'a> {
        #[serde(borrow)]
        pub id: Option<Str<'a>>,
        #[serde(borrow)]
        pub user_data: Option<Str<'a>>,
        #[serde(borrow)]
        pub pipeline_id: Option<Str<'a>>,
        #[serde(borrow)]
        pub state: Option<Str<'a>>,
        #[serde(borrow)]
        pub code: Option<Str<'a>>,
        #[serde(borrow)]
        pub message: Option<Str<'a>>,
        #[serde(borrow)]
        pub count: Option<Str<'a>>,
        #[serde(borrow)]
        pub tile_count: Option<Str<'a>>,
        #[serde(borrow)]
        pub creation_time: Option<Str<'a>>,
        #[serde(borrow)]
        pub input: Option<Oss<'a>>,
        #[serde(borrow)]
        pub snapshot_config: Option<Config<'a>>,
        #[serde(rename = "MNSMessageResult", borrow)]
        pub mns_message_result: Option<Mns<'a>>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct Oss<'a> {
        #[serde(borrow)]
        pub bucket: Option<Str<'a>>,
        #[serde(borrow)]
        pub location: Option<Str<'a>>,
        #[serde(borrow)]
        pub object: Option<Str<'a>>,
        #[serde(borrow)]
        pub role_arn: Option<Str<'a>>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct Config<'a> {
        #[serde(borrow)]
        pub time: Option<Str<'a>>,
        #[serde(borrow)]
        pub interval: Option<Str<'a>>,
        #[serde(borrow)]
        pub num: Option<Str<'a>>,
        #[serde(borrow)]
        pub width: Option<Str<'a>>,
        #[serde(borrow)]
        pub height: Option<Str<'a>>,
        #[serde(borrow)]
        pub frame_type: Option<Str<'a>>,
        #[serde(borrow)]
        pub output_file: Option<Oss<'a>>,
        #[serde(borrow)]
        pub tile_output_file: Option<Oss<'a>>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct Mns<'a> {
        #[serde(borrow)]
        pub message_id: Option<Str<'a>>,
        #[serde(borrow)]
        pub error_code: Option<Str<'a>>,
        #[serde(borrow)]
        pub error_message: Option<Str<'a>>,
    }
}

fn json(c: &mut Criterion) {
    let body = TEN_JOBS_JSON.as_bytes();
    // All three read the same ten jobs.
    let Ok(Response::Success(ours)) = decode_response(200, Format::Json, body) else {
        panic!()
    };
    assert_eq!(ours.jobs().len(), 10);
    let owned: owned::Response = serde_json::from_slice(body).unwrap();
    assert_eq!(owned.snapshot_job_list.unwrap().items.len(), 10);
    let cowed: cow::Response<'_> = serde_json::from_slice(body).unwrap();
    assert_eq!(cowed.snapshot_job_list.unwrap().items.len(), 10);

    let mut group = c.benchmark_group("decode_json_10_jobs");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("mts_codec_borrowed", |b| {
        b.iter(|| decode_response(200, Format::Json, black_box(body)).unwrap())
    });
    group.bench_function("serde_json_owned_strings", |b| {
        b.iter(|| serde_json::from_slice::<owned::Response>(black_box(body)).unwrap())
    });
    group.bench_function("serde_json_cow", |b| {
        b.iter(|| serde_json::from_slice::<cow::Response<'_>>(black_box(body)).unwrap())
    });
    group.finish();
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
    let owned: owned::Response = serde_xml_rs::from_str(TEN_JOBS_XML).unwrap();
    assert_eq!(owned.snapshot_job_list.unwrap().items.len(), 10);
    let cowed: cow::Response<'_> = quick_xml::de::from_str(TEN_JOBS_XML).unwrap();
    assert_eq!(cowed.snapshot_job_list.unwrap().items.len(), 10);

    let mut group = c.benchmark_group("decode_xml_10_jobs");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("mts_codec_borrowed", |b| {
        b.iter(|| decode_response(200, Format::Xml, black_box(body)).unwrap())
    });
    group.bench_function("quick_xml_serde_cow", |b| {
        b.iter(|| quick_xml::de::from_str::<cow::Response<'_>>(black_box(TEN_JOBS_XML)).unwrap())
    });
    group.bench_function("serde_xml_rs_owned", |b| {
        b.iter(|| serde_xml_rs::from_str::<owned::Response>(black_box(TEN_JOBS_XML)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, json, xml);
criterion_main!(benches);
