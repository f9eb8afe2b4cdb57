//! A driver for instruction-count profiling of decoding (callgrind), not a benchmark:
//! decodes the 10-job test body N times in one format.
//!
//! ```text
//! cargo build --profile profiling --example decode_profile
//! valgrind --tool=callgrind target/profiling/examples/decode_profile json 1000
//! ```
//!
//! Modes: `json` and `xml` (this crate), `json_escaped` (this crate, the JSON body with
//! the first character of every string value written as a `\u` escape, as the bench's
//! `decode_json_10_jobs_every_text_escaped`), and the baselines of `benches/decode.rs`:
//! on the JSON body `owned` (serde_json, `String` mirror structs), `cow` (borrowing `Cow`
//! mirror structs) and `plain_cow` (`Cow<str>`, which never borrows); on the XML body
//! `quick_xml` (borrowing `Cow` mirror) and `serde_xml_rs` (`String` mirror), so that
//! instruction ratios can be compared.
//! Subtracting a run of N=0 from a run of N gives the instructions of N decodes.

use std::hint::black_box;

use mts_codec::decode::{Format, decode_response};

const TEN_JOBS_JSON: &str = include_str!("../tests/data/json/ten_jobs.json");
const TEN_JOBS_XML: &str = include_str!("../tests/data/xml/ten_jobs.xml");

/// The bench's baselines, repeated (a bench file cannot be shared with an example).
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

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct BorrowedCow<'a>(#[serde(borrow)] pub std::borrow::Cow<'a, str>);
}

fn jobs_of<S>(r: mirror::Response<S>) -> usize {
    r.snapshot_job_list.map_or(0, |l| l.items.len())
}

/// `ten_jobs.json` with the first character of every string value written as a `\u`
/// escape (the bench's function of the same name, repeated).
fn every_text_escaped(json: &str) -> String {
    fn walk(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::String(s) => {
                let mut chars = s.chars();
                out.push('"');
                if let Some(c) = chars.next() {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                }
                let rest = serde_json::to_string(chars.as_str()).unwrap_or_default();
                out.push_str(rest.get(1..).unwrap_or_default());
            }
            serde_json::Value::Object(m) => {
                out.push('{');
                for (i, (k, x)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).unwrap_or_default());
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
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let mut out = String::new();
    walk(&value, &mut out);
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let format = args.next().unwrap_or_else(|| "json".into());
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let escaped;
    let (format, body) = match format.as_str() {
        "json" => (Format::Json, TEN_JOBS_JSON.as_bytes()),
        "json_escaped" => {
            escaped = every_text_escaped(TEN_JOBS_JSON);
            (Format::Json, escaped.as_bytes())
        }
        "xml" => (Format::Xml, TEN_JOBS_XML.as_bytes()),
        baseline => {
            type Owned = mirror::Response<String>;
            type Cowed<'a> = mirror::Response<mirror::BorrowedCow<'a>>;
            type PlainCow<'a> = mirror::Response<std::borrow::Cow<'a, str>>;
            let json = TEN_JOBS_JSON.as_bytes();
            let decode = || -> Result<usize, String> {
                let e = |e: &dyn std::fmt::Display| e.to_string();
                match baseline {
                    "owned" => serde_json::from_slice::<Owned>(black_box(json))
                        .map_err(|x| e(&x))
                        .map(jobs_of),
                    "cow" => serde_json::from_slice::<Cowed<'_>>(black_box(json))
                        .map_err(|x| e(&x))
                        .map(jobs_of),
                    "plain_cow" => serde_json::from_slice::<PlainCow<'_>>(black_box(json))
                        .map_err(|x| e(&x))
                        .map(jobs_of),
                    "quick_xml" => quick_xml::de::from_str::<Cowed<'_>>(black_box(TEN_JOBS_XML))
                        .map_err(|x| e(&x))
                        .map(jobs_of),
                    "serde_xml_rs" => serde_xml_rs::from_str::<Owned>(black_box(TEN_JOBS_XML))
                        .map_err(|x| e(&x))
                        .map(jobs_of),
                    other => Err(format!(
                        "unknown mode {other:?}: json, xml, owned, cow, plain_cow, quick_xml or serde_xml_rs"
                    )),
                }
            };
            let mut jobs = 0;
            for _ in 0..n {
                jobs += decode().unwrap_or_else(|e| {
                    eprintln!("{e}");
                    std::process::exit(1)
                });
            }
            println!("{jobs} jobs decoded");
            return;
        }
    };
    let mut jobs = 0;
    for _ in 0..n {
        match decode_response(200, format, black_box(body)) {
            Ok(mts_codec::decode::Response::Success(r)) => jobs += r.jobs().len(),
            other => {
                eprintln!("{other:?}");
                std::process::exit(1);
            }
        }
    }
    println!("{jobs} jobs decoded");
}
