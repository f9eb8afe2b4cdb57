//! Golden XML bodies: each `tests/data/xml/NAME.xml` decodes to exactly
//! `NAME.expected.json`, and where `tests/data/json/NAME.json` exists (the same response
//! rendered to JSON) both decode to equal values.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use mts_codec::query_snapshot_job_list::JobState;
use mts_codec::{Format, Response, decode_response};

#[test]
fn every_golden_xml_body_decodes_to_its_expected_rendering() {
    let cases = common::golden_cases(&common::data_dir("xml"), "xml");
    assert!(
        cases.len() >= 17,
        "golden cases missing: found {}",
        cases.len()
    );
    for (name, body, expected) in cases {
        let status = common::status_for(&name);
        let decoded =
            decode_response(status, Format::Xml, &body).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(serde_json::to_value(&decoded).unwrap(), expected, "{name}");
        assert_eq!(Format::sniff(&body), Some(Format::Xml), "{name}");

        // The seed page's two samples are different responses (Time 4 vs 5, a trailing
        // space in the JSON object name), so only the bodies rendered from one another
        // are twins.
        let json_twin = common::data_dir("json").join(format!("{name}.json"));
        if let (false, Ok(json)) = (name == "seed", std::fs::read(&json_twin)) {
            let from_json = decode_response(status, Format::Json, &json).unwrap();
            assert_eq!(decoded, from_json, "{name}: XML and JSON decodes differ");
        }
    }
}

#[test]
fn seed_example_decodes_to_the_values_on_the_seed_page() {
    let body = std::fs::read(common::data_dir("xml").join("seed.xml")).unwrap();
    let Response::Success(r) = decode_response(200, Format::Xml, &body).unwrap() else {
        panic!()
    };
    // The seed pads RequestId with newlines and indentation: trimmed, and still borrowed.
    let request_id = r.request_id.unwrap();
    assert_eq!(
        request_id.as_str(),
        Some("25818875-5F78-4A13-BEF6-D7393642CA58")
    );
    let [job] = r.jobs() else { panic!("one job") };
    assert_eq!(job.state, Some(JobState::Success));
    // `<Code> </Code>` means empty, not absent.
    assert!(job.code.is_some_and(|c| c.is_empty()));
    assert_eq!(
        job.snapshot_config.as_ref().unwrap().time.unwrap().get(),
        Ok(4)
    );
    let out = job
        .snapshot_config
        .as_ref()
        .unwrap()
        .output_file
        .as_ref()
        .unwrap();
    assert_eq!(out.bucket.unwrap(), "example-001");
    assert_eq!(out.object.unwrap(), "example.png");
    assert_eq!(
        job.creation_timestamp().unwrap().unwrap().to_string(),
        "2014-01-10T12:00:00Z"
    );
}

#[test]
fn entity_texts_borrow_the_body_and_decode_on_demand() {
    let body = std::fs::read(common::data_dir("xml").join("entities_and_char_refs.xml")).unwrap();
    let Response::Success(r) = decode_response(200, Format::Xml, &body).unwrap() else {
        panic!()
    };
    let user_data = r.jobs()[0].user_data.unwrap();
    assert!(user_data.is_escaped());
    let range = body.as_ptr() as usize..body.as_ptr() as usize + body.len();
    assert!(range.contains(&(user_data.raw().as_ptr() as usize)));
    assert_eq!(
        user_data.raw(),
        "{&quot;a&quot;:&quot;&lt;b&gt; &amp; &apos;c&apos;&quot;}"
    );
    assert_eq!(user_data, r#"{"a":"<b> & 'c'"}"#);
    assert_eq!(user_data.to_cow(), r#"{"a":"<b> & 'c'"}"#);
    assert_eq!(r.jobs()[0].state, Some(JobState::Success));
}
