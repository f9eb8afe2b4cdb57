//! The 10-job bodies and the baselines of `benches/decode.rs`, shared with the
//! callgrind driver `decode_profile.rs` (both declare it as their module), so
//! that instruction counts and criterion figures measure the same code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs,
    dead_code
)]

use std::borrow::Cow;

pub const TEN_JOBS_JSON: &str = include_str!("../../tests/data/json/ten_jobs.json");
pub const TEN_JOBS_XML: &str = include_str!("../../tests/data/xml/ten_jobs.xml");

/// The baselines: mirror structs generic over the string type `S`, so that one
/// definition serves owned `String`s, borrowing `Cow`s and plain `Cow`s.
pub mod mirror {
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
pub type Owned = mirror::Response<String>;
/// Baseline 2: every text a `Cow` that borrows where serde can.
pub type Cowed<'a> = mirror::Response<mirror::BorrowedCow<'a>>;
/// For reference: a plain `Cow<str>`, which never borrows.
pub type PlainCow<'a> = mirror::Response<Cow<'a, str>>;

/// `ten_jobs.json` with the first character of every string value written as a `\u`
/// escape: the case a borrowed `Cow` has to copy and this crate does not.
pub fn every_text_escaped(json: &str) -> String {
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
