//! Decoding allocates nothing for strings, escapes included, and exactly one block per
//! non-empty list: measured with a counting global allocator.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
#[path = "common/counting_alloc.rs"]
mod counting_alloc;

use std::fmt::Write as _;

use counting_alloc::count;
use mts_codec::{Format, Response, decode_response};

/// Rewrites the first character of every string in `v` (keys excepted) as a `\uXXXX`
/// escape, so that every text field of the body needs decoding.
fn escape_every_string(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut chars = json.chars().peekable();
    let mut in_string = false;
    let mut is_key = false;
    let mut first = false;
    let mut last_structural = ' ';
    while let Some(c) = chars.next() {
        if in_string {
            if first && c != '"' && !is_key {
                write!(out, "\\u{:04x}", c as u32).unwrap();
                first = false;
                continue;
            }
            first = false;
            out.push(c);
            if c == '\\' {
                out.push(chars.next().unwrap());
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        out.push(c);
        if c == '"' {
            in_string = true;
            first = true;
            // A string right after `{` or `,` inside an object is a key.
            is_key = matches!(last_structural, '{' | ',');
        } else if !c.is_whitespace() {
            last_structural = c;
        }
        if c == ':' || c == '[' {
            last_structural = c;
        }
    }
    out
}

#[test]
fn ten_escaped_jobs_cost_one_allocation_per_non_empty_list() {
    let template = std::fs::read_to_string(common::data_dir("json").join("ten_jobs.json")).unwrap();
    let mut body: serde_json::Value = serde_json::from_str(&template).unwrap();
    for job in body["SnapshotJobList"]["SnapshotJob"]
        .as_array_mut()
        .unwrap()
    {
        job["SnapshotConfig"]["TimeArray"] = serde_json::json!({"TimePointList": [1000, 2000]});
    }
    body["NonExistSnapshotJobIds"] =
        serde_json::json!({"String": ["ffffffffffffffffffffffffffffffff"]});
    let body = escape_every_string(&serde_json::to_string(&body).unwrap());
    assert!(
        body.matches("\\u").count() > 120,
        "escapes were not injected: {}",
        &body[..300]
    );
    let non_empty_lists = 1 + 10 + 1;

    let (decoded, allocations) = count(|| decode_response(200, Format::Json, body.as_bytes()));
    let Ok(Response::Success(response)) = decoded else {
        panic!("{decoded:?}")
    };
    assert_eq!(response.jobs().len(), 10);
    assert_eq!(allocations, non_empty_lists, "allocations while decoding");

    // Every text field is escaped, and reading them into fixed buffers allocates nothing.
    let (texts, allocations) = count(|| {
        let mut seen = 0;
        let mut buf = heapless::String::<256>::new();
        for job in response.jobs() {
            let config = job.snapshot_config.as_ref().unwrap();
            let input = job.input.as_ref().unwrap();
            let output = config.output_file.as_ref().unwrap();
            let texts = [
                job.id,
                job.user_data,
                job.pipeline_id,
                job.creation_time,
                input.bucket,
                input.object,
                output.object,
                config.time.map(|t| t.text()),
            ];
            for text in texts.into_iter().flatten() {
                assert!(text.is_escaped(), "{text:?}");
                buf.clear();
                write!(buf, "{text}").unwrap();
                assert_eq!(text, buf.as_str());
                seen += 1;
            }
        }
        seen
    });
    assert_eq!(texts, 80);
    assert_eq!(allocations, 0, "allocations while reading decoded texts");
}

#[test]
fn ten_xml_jobs_with_entities_cost_one_allocation_per_non_empty_list() {
    // The same ten jobs as XML, every text leaf starting with a character reference
    // and the free texts carrying entities, plus CDATA and comments.
    let template = std::fs::read_to_string(common::data_dir("json").join("ten_jobs.json")).unwrap();
    let mut body: serde_json::Value = serde_json::from_str(&template).unwrap();
    for job in body["SnapshotJobList"]["SnapshotJob"]
        .as_array_mut()
        .unwrap()
    {
        job["SnapshotConfig"]["TimeArray"] = serde_json::json!({"TimePointList": [1000, 2000]});
        job["UserData"] = serde_json::json!("<a href=\"x\">&amp;</a>");
    }
    body["NonExistSnapshotJobIds"] =
        serde_json::json!({"String": ["ffffffffffffffffffffffffffffffff"]});
    // Seed 1: every character has a 2-in-5 chance of becoming a character reference,
    // and the text of every leaf begins with one.
    let xml = common::render::to_xml(&body, "QuerySnapshotJobListResponse", 1);
    let xml = xml
        .replace("<Id>", "<Id>&#x37;")
        .replace("<State>", "<State>&#83;")
        .replace("<State>&#83;S", "<State>&#83;");
    assert!(
        xml.matches("&#").count() > 300,
        "references were not injected"
    );
    let non_empty_lists = 1 + 10 + 1;

    let (decoded, allocations) = count(|| decode_response(200, Format::Xml, xml.as_bytes()));
    let Ok(Response::Success(response)) = decoded else {
        panic!("{decoded:?}\n{xml}")
    };
    assert_eq!(response.jobs().len(), 10);
    assert_eq!(allocations, non_empty_lists, "allocations while decoding");

    let (texts, allocations) = count(|| {
        let mut buf = heapless::String::<256>::new();
        let mut escaped = 0;
        for job in response.jobs() {
            for text in [job.id, job.user_data, job.pipeline_id, job.creation_time]
                .into_iter()
                .flatten()
            {
                escaped += usize::from(text.is_escaped());
                buf.clear();
                write!(buf, "{text}").unwrap();
                assert_eq!(text, buf.as_str());
            }
            assert_eq!(job.user_data.unwrap(), "<a href=\"x\">&amp;</a>");
        }
        escaped
    });
    assert!(texts >= 30, "only {texts} texts needed decoding");
    assert_eq!(allocations, 0, "allocations while reading decoded texts");
}

#[test]
fn the_counter_sees_allocations() {
    let (_, allocations) = count(|| Box::new(7u64));
    assert_eq!(allocations, 1);
}
