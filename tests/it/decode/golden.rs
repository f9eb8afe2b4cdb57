//! Golden bodies: each `tests/data/<ext>/NAME.<ext>` (JSON and XML) decodes to exactly
//! `NAME.expected.json` (the conformance shape that `mts decode` prints), and where the
//! same response exists in both formats, both decode to equal values.

use mts_codec::api_error::{ApiError, SignatureDiagnosis};
use mts_codec::query_snapshot_job_list::{JobState, QuerySnapshotJobListResponse};
use mts_codec::text::{NumericError, Text};
use mts_codec::{Format, Response, decode_response};

use crate::support::{self, FORMATS, ext, golden_body};

/// The fewest golden bodies each format has.
fn at_least(format: Format) -> usize {
    match format {
        Format::Json => 14,
        Format::Xml => 17,
    }
}

#[test]
fn every_golden_body_decodes_to_its_expected_rendering() {
    for format in FORMATS {
        let cases = support::golden_cases(&support::data_dir(ext(format)), ext(format));
        assert!(
            cases.len() >= at_least(format),
            "{format}: golden cases missing: found {}",
            cases.len()
        );
        for (name, body, expected) in cases {
            let status = support::status_for(&name);
            let decoded = decode_response(status, format, &body)
                .unwrap_or_else(|e| panic!("{format} {name}: {e}"));
            let rendered = serde_json::to_value(&decoded).unwrap();
            assert_eq!(rendered, expected, "{format} {name}");
            assert_eq!(Format::sniff(&body), Some(format), "{format} {name}");
        }
    }
}

#[test]
fn json_and_xml_twins_decode_alike() {
    let mut twins = 0;
    for (name, xml, _) in support::golden_cases(&support::data_dir("xml"), "xml") {
        // The seed page's two samples are different responses (Time 4 vs 5, a trailing
        // space in the JSON object name), so only the bodies rendered from one another
        // are twins.
        let json_twin = support::data_dir("json").join(format!("{name}.json"));
        let (false, Ok(json)) = (name == "seed", std::fs::read(&json_twin)) else {
            continue;
        };
        let status = support::status_for(&name);
        let from_xml = decode_response(status, Format::Xml, &xml).unwrap();
        let from_json = decode_response(status, Format::Json, &json).unwrap();
        assert_eq!(from_xml, from_json, "{name}: XML and JSON decodes differ");
        twins += 1;
    }
    assert!(twins >= 12, "only {twins} twins compared");
}

/// The success response of a body.
fn success(format: Format, body: &[u8]) -> QuerySnapshotJobListResponse<'_> {
    match decode_response(200, format, body).unwrap() {
        Response::Success(r) => r,
        Response::ApiError(e) => panic!("{format}: not a success body: {e}"),
    }
}

#[test]
fn seed_example_decodes_to_the_values_on_the_seed_page() {
    // The two samples of the seed page differ: the XML one has `Time` 4, the JSON one
    // 5 and a trailing space in the object name, which JSON keeps (its text is not
    // trimmed) and XML would trim.
    for (format, time, object) in [
        (Format::Json, 5, "example.png "),
        (Format::Xml, 4, "example.png"),
    ] {
        let body = golden_body(format, "seed");
        let r = success(format, &body);
        // The XML seed pads RequestId with newlines and indentation: trimmed, and still
        // borrowed.
        assert_eq!(
            r.request_id.unwrap().as_str(),
            Some("25818875-5F78-4A13-BEF6-D7393642CA58"),
            "{format}"
        );
        assert!(r.non_exist_snapshot_job_ids.is_none(), "{format}");
        let [job] = r.jobs() else {
            panic!("{format}: expected one job")
        };
        assert_eq!(
            job.id.unwrap().as_str(),
            Some("88c6ca184c0e47098a5b665e2a126797"),
            "{format}"
        );
        assert_eq!(job.state, Some(JobState::Success), "{format}");
        assert!(job.is_terminal(), "{format}");
        // Present but empty (`<Code> </Code>` in XML) is not absent.
        assert!(job.code.is_some_and(|c| c.is_empty()), "{format}");
        assert!(job.message.is_some_and(|m| m.is_empty()), "{format}");
        assert!(job.count.is_none(), "{format}");
        let config = job.snapshot_config.as_ref().unwrap();
        assert_eq!(config.time.unwrap().get(), Ok(time), "{format}");
        let out = config.output_file.as_ref().unwrap();
        assert_eq!(out.bucket.unwrap(), "example-001", "{format}");
        assert_eq!(out.location.unwrap(), "oss-cn-hangzhou", "{format}");
        assert_eq!(out.object.unwrap(), object, "{format}");
        assert_eq!(
            job.pipeline_id.unwrap(),
            "88c6ca184c0e47098a5b665e2a126797",
            "{format}"
        );
        assert_eq!(job.user_data.unwrap(), "testid-001", "{format}");
        let created = job.creation_timestamp().unwrap().unwrap();
        assert_eq!(created.to_string(), "2014-01-10T12:00:00Z", "{format}");
    }
}

/// `text` is escaped, its raw slice points into `body`, and it decodes to `decoded`
/// each way the API offers.
fn assert_borrowed_and_escaped(body: &[u8], text: Text<'_>, decoded: &str) {
    assert!(text.is_escaped(), "{text:?}");
    assert_eq!(text.as_str(), None);
    let range = body.as_ptr() as usize..body.as_ptr() as usize + body.len();
    assert!(range.contains(&(text.raw().as_ptr() as usize)));
    assert_eq!(text, decoded);
    assert_eq!(text.to_cow(), decoded);
}

#[test]
fn escaped_json_texts_borrow_and_decode_on_demand() {
    let body = golden_body(Format::Json, "escapes");
    let r = success(Format::Json, &body);
    let job = &r.jobs()[0];
    assert_borrowed_and_escaped(
        &body,
        job.message.unwrap(),
        "back\\slash / solidus \u{8}\u{c}\r\n 中文 😀 é",
    );
    let mut small = heapless::String::<64>::new();
    use core::fmt::Write as _;
    write!(small, "{}", job.input.as_ref().unwrap().object.unwrap()).unwrap();
    assert_eq!(small.as_str(), "example.png");
    // An escaped state still maps to the known variant; an escaped time still parses.
    assert_eq!(job.state, Some(JobState::Success));
    assert_eq!(
        job.creation_timestamp().unwrap().unwrap().to_string(),
        "2014-01-10T12:00:00Z"
    );
    assert_eq!(job.id.unwrap().decoded_len(), 32);
}

#[test]
fn xml_entity_texts_borrow_the_body_and_decode_on_demand() {
    let body = golden_body(Format::Xml, "entities_and_char_refs");
    let r = success(Format::Xml, &body);
    let user_data = r.jobs()[0].user_data.unwrap();
    assert_eq!(
        user_data.raw(),
        "{&quot;a&quot;:&quot;&lt;b&gt; &amp; &apos;c&apos;&quot;}"
    );
    assert_borrowed_and_escaped(&body, user_data, r#"{"a":"<b> & 'c'"}"#);
    assert_eq!(r.jobs()[0].state, Some(JobState::Success));
}

#[test]
fn json_numbers_sent_as_numbers_keep_their_digits_and_parse() {
    let body = golden_body(Format::Json, "numbers");
    let r = success(Format::Json, &body);
    let job = &r.jobs()[0];
    assert_eq!(job.count.unwrap().get(), Ok(3));
    let config = job.snapshot_config.as_ref().unwrap();
    assert_eq!(config.width.unwrap().get(), Ok(640));
    assert_eq!(config.num.unwrap().get(), Ok(10));
    assert_eq!(
        config.height.unwrap().get(),
        Err(NumericError::NotADigit { at: 0 })
    );
    let tile = config.tile_out.as_ref().unwrap();
    assert_eq!(tile.is_keep_cell_pic.unwrap().get(), Ok(true));
    assert!(tile.cell_width.unwrap().get().is_err());
    assert_eq!(
        config.time_array.as_ref().unwrap().time_point_list,
        [1000, 5000, -20, i64::MAX]
    );
}

#[test]
fn api_errors_decode_with_their_helpers() {
    for format in FORMATS {
        let error = |name: &str, status: u16| -> ApiError<'static> {
            let body: &'static [u8] = Box::leak(golden_body(format, name).into_boxed_slice());
            match decode_response(status, format, body).unwrap() {
                Response::ApiError(e) => e,
                Response::Success(_) => panic!("{format} {name} decoded as success"),
            }
        };
        let throttled = error("api_error_throttling_user", 400);
        assert!(
            throttled.is_throttling() && throttled.is_retryable() && !throttled.is_clock_skew(),
            "{format}"
        );
        let expired = error("api_error_timestamp_expired", 400);
        assert!(
            expired.is_clock_skew() && !expired.is_retryable(),
            "{format}"
        );
        let nonce = error("api_error_nonce_used", 400);
        assert!(nonce.is_nonce_reused() && !nonce.is_retryable(), "{format}");
        let internal = error("api_error_internal", 500);
        assert!(
            internal.is_retryable() && !internal.is_throttling(),
            "{format}"
        );
        let ram = error("api_error_forbidden_ram", 403);
        assert!(
            ram.code_is("Forbidden.RAM") && !ram.is_retryable(),
            "{format}"
        );
        assert!(ram.server_string_to_sign().is_none(), "{format}");

        let mismatch = error("api_error_signature_mismatch", 400);
        assert!(mismatch.is_signature_mismatch(), "{format}");
        let server = mismatch.server_string_to_sign().unwrap();
        if format == Format::Json {
            // No escapes in it: borrowed as it is.
            assert!(server.as_str().is_some());
        }
        let server = server.to_cow();
        assert!(
            server.starts_with("POST&%2F&AccessKeyId%3Dtestid%26Action"),
            "{format}: {server}"
        );
        assert!(server.ends_with("%26Version%3D2014-06-18"), "{format}");
        assert_eq!(
            mismatch.diagnose_signature(&server),
            Some(SignatureDiagnosis::WrongSecret),
            "{format}"
        );
        let other = server.replace("Format%3Djson", "Format%3DJSON");
        let at = server.find("Format%3Djson").unwrap() + "Format%3D".len();
        assert_eq!(
            mismatch.diagnose_signature(&other),
            Some(SignatureDiagnosis::StringToSignDiffers { at }),
            "{format}"
        );
        assert_eq!(
            mismatch.to_string().split(':').next(),
            Some("SignatureDoesNotMatch"),
            "{format}"
        );
    }
}
