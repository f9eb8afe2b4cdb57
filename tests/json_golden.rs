//! Golden JSON bodies: each `tests/data/json/NAME.json` decodes to exactly
//! `NAME.expected.json` (the conformance shape that `mts decode` prints).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use mts_codec::{Format, Response, decode_response};

#[test]
fn every_golden_json_body_decodes_to_its_expected_rendering() {
    let cases = common::golden_cases(&common::data_dir("json"), "json");
    assert!(
        cases.len() >= 14,
        "golden cases missing: found {}",
        cases.len()
    );
    for (name, body, expected) in cases {
        let decoded = decode_response(common::status_for(&name), Format::Json, &body)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let rendered = serde_json::to_value(&decoded).unwrap();
        assert_eq!(rendered, expected, "{name}");
    }
}

fn decode_ok(name: &str) -> (Vec<u8>, fn(&Response<'_>)) {
    (
        std::fs::read(common::data_dir("json").join(name)).unwrap(),
        |_| {},
    )
}

#[test]
fn seed_example_decodes_to_the_values_on_the_seed_page() {
    let (body, _) = decode_ok("seed.json");
    let Response::Success(r) = decode_response(200, Format::Json, &body).unwrap() else {
        panic!("not a success body")
    };
    assert_eq!(
        r.request_id.unwrap(),
        "25818875-5F78-4A13-BEF6-D7393642CA58"
    );
    assert!(r.non_exist_snapshot_job_ids.is_none());
    let [job] = r.jobs() else {
        panic!("expected one job")
    };
    assert_eq!(
        job.id.unwrap().as_str(),
        Some("88c6ca184c0e47098a5b665e2a126797")
    );
    assert_eq!(
        job.state,
        Some(mts_codec::query_snapshot_job_list::JobState::Success)
    );
    assert!(job.is_terminal());
    // Present but empty is not absent.
    assert!(job.code.is_some_and(|c| c.is_empty()));
    assert!(job.message.is_some_and(|m| m.is_empty()));
    assert!(job.count.is_none());
    let config = job.snapshot_config.as_ref().unwrap();
    assert_eq!(config.time.unwrap().get(), Ok(5));
    let out = config.output_file.as_ref().unwrap();
    assert_eq!(out.bucket.unwrap(), "example-001");
    assert_eq!(out.location.unwrap(), "oss-cn-hangzhou");
    // JSON text is not trimmed: the seed's trailing space is data.
    assert_eq!(out.object.unwrap(), "example.png ");
    assert_eq!(job.pipeline_id.unwrap(), "88c6ca184c0e47098a5b665e2a126797");
    assert_eq!(job.user_data.unwrap(), "testid-001");
    let created = job.creation_timestamp().unwrap().unwrap();
    assert_eq!(created.to_string(), "2014-01-10T12:00:00Z");
}

#[test]
fn escaped_texts_borrow_and_decode_on_demand() {
    let body = std::fs::read(common::data_dir("json").join("escapes.json")).unwrap();
    let Response::Success(r) = decode_response(200, Format::Json, &body).unwrap() else {
        panic!()
    };
    let job = &r.jobs()[0];
    let message = job.message.unwrap();
    assert!(message.is_escaped());
    assert_eq!(message.as_str(), None);
    // The raw slice points into the caller's buffer.
    let raw = message.raw().as_ptr() as usize;
    let range = body.as_ptr() as usize..body.as_ptr() as usize + body.len();
    assert!(range.contains(&raw));
    assert_eq!(message, "back\\slash / solidus \u{8}\u{c}\r\n 中文 😀 é");
    let mut small = heapless::String::<64>::new();
    use core::fmt::Write as _;
    write!(small, "{}", job.input.as_ref().unwrap().object.unwrap()).unwrap();
    assert_eq!(small.as_str(), "example.png");
    assert_eq!(
        message.to_cow(),
        "back\\slash / solidus \u{8}\u{c}\r\n 中文 😀 é"
    );
    // An escaped state still maps to the known variant; an escaped time still parses.
    assert_eq!(
        job.state,
        Some(mts_codec::query_snapshot_job_list::JobState::Success)
    );
    assert_eq!(
        job.creation_timestamp().unwrap().unwrap().to_string(),
        "2014-01-10T12:00:00Z"
    );
    assert_eq!(job.id.unwrap().decoded_len(), 32);
}

#[test]
fn numbers_sent_as_numbers_keep_their_digits_and_parse() {
    let body = std::fs::read(common::data_dir("json").join("numbers.json")).unwrap();
    let Response::Success(r) = decode_response(200, Format::Json, &body).unwrap() else {
        panic!()
    };
    let job = &r.jobs()[0];
    assert_eq!(job.count.unwrap().get(), Ok(3));
    let config = job.snapshot_config.as_ref().unwrap();
    assert_eq!(config.width.unwrap().get(), Ok(640));
    assert_eq!(config.num.unwrap().get(), Ok(10));
    assert_eq!(
        config.height.unwrap().get(),
        Err(mts_codec::text::NumericError::NotADigit { at: 0 })
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
    let read = |n: &str| std::fs::read(common::data_dir("json").join(n)).unwrap();
    let error = |n: &str, status: u16| -> mts_codec::api_error::ApiError<'static> {
        let body: &'static [u8] = Box::leak(read(n).into_boxed_slice());
        match decode_response(status, Format::Json, body).unwrap() {
            Response::ApiError(e) => e,
            Response::Success(_) => panic!("{n} decoded as success"),
        }
    };
    let throttled = error("api_error_throttling_user.json", 400);
    assert!(throttled.is_throttling() && throttled.is_retryable() && !throttled.is_clock_skew());
    let expired = error("api_error_timestamp_expired.json", 400);
    assert!(expired.is_clock_skew() && !expired.is_retryable());
    let nonce = error("api_error_nonce_used.json", 400);
    assert!(nonce.is_nonce_reused() && !nonce.is_retryable());
    let internal = error("api_error_internal.json", 500);
    assert!(internal.is_retryable() && !internal.is_throttling());
    let ram = error("api_error_forbidden_ram.json", 403);
    assert!(ram.code_is("Forbidden.RAM") && !ram.is_retryable());
    assert!(ram.server_string_to_sign().is_none());

    let mismatch = error("api_error_signature_mismatch.json", 400);
    assert!(mismatch.is_signature_mismatch());
    let server = mismatch.server_string_to_sign().unwrap();
    assert!(
        server
            .as_str()
            .unwrap()
            .starts_with("POST&%2F&AccessKeyId%3Dtestid%26Action")
    );
    assert!(
        server
            .as_str()
            .unwrap()
            .ends_with("%26Version%3D2014-06-18")
    );
    use mts_codec::api_error::SignatureDiagnosis;
    let same = server.as_str().unwrap();
    assert_eq!(
        mismatch.diagnose_signature(same),
        Some(SignatureDiagnosis::WrongSecret)
    );
    let other = same.replace("Format%3Djson", "Format%3DJSON");
    let at = same.find("Format%3Djson").unwrap() + "Format%3D".len();
    assert_eq!(
        mismatch.diagnose_signature(&other),
        Some(SignatureDiagnosis::StringToSignDiffers { at })
    );
    assert_eq!(
        mismatch.to_string().split(':').next(),
        Some("SignatureDoesNotMatch")
    );
}
