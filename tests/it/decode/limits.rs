//! Adversarial sizes, measured by outcome (never by time): each body either decodes
//! correctly or fails with the right error, without stack overflow or unbounded memory.
//! Nesting and a million entities are covered in `decode::malformed`.

use crate::support::UNLIMITED;

use mts_codec::{Format, Response, decode_response_with};

fn success(
    format: Format,
    body: &str,
) -> mts_codec::query_snapshot_job_list::QuerySnapshotJobListResponse<'_> {
    match decode_response_with(200, format, body.as_bytes(), UNLIMITED) {
        Ok(Response::Success(r)) => r,
        other => panic!("{format}: {other:?}"),
    }
}

#[test]
fn a_10_mb_text_field_decodes_borrowed() {
    let big = "x".repeat(10 * 1024 * 1024);
    let json = format!(r#"{{"RequestId":"{big}"}}"#);
    let xml = format!(
        "<QuerySnapshotJobListResponse><RequestId>{big}</RequestId></QuerySnapshotJobListResponse>"
    );
    for (format, body) in [(Format::Json, &json), (Format::Xml, &xml)] {
        let id = success(format, body).request_id.unwrap();
        assert_eq!(id.as_str().map(str::len), Some(big.len()), "{format}");
    }
    // Escaped, it stays borrowed and decodes on demand.
    let escaped = "\\u0041".repeat(1024 * 1024);
    let json = format!(r#"{{"RequestId":"{escaped}"}}"#);
    let id = success(Format::Json, &json).request_id.unwrap();
    assert!(id.is_escaped());
    assert_eq!(id.decoded_len(), 1024 * 1024);
}

#[test]
fn one_hundred_thousand_unknown_members_are_skipped() {
    let mut json = String::from("{");
    let mut xml = String::from("<QuerySnapshotJobListResponse>");
    for i in 0..100_000 {
        json.push_str(&format!(r#""Unknown{i}":{{"a":[{i}]}},"#));
        xml.push_str(&format!("<Unknown{i}><a>{i}</a></Unknown{i}>"));
    }
    json.push_str(r#""RequestId":"r"}"#);
    xml.push_str("<RequestId>r</RequestId></QuerySnapshotJobListResponse>");
    for (format, body) in [(Format::Json, &json), (Format::Xml, &xml)] {
        assert_eq!(success(format, body).request_id.unwrap(), "r", "{format}");
    }
}

#[test]
fn a_page_of_ten_thousand_jobs_decodes() {
    let n = 10_000;
    let json_jobs: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"Id":"{i:032x}","State":"Success","Count":"{i}"}}"#))
        .collect();
    let json = format!(
        r#"{{"SnapshotJobList":{{"SnapshotJob":[{}]}}}}"#,
        json_jobs.join(",")
    );
    let xml_jobs: String = (0..n)
        .map(|i| format!("<SnapshotJob><Id>{i:032x}</Id><State>Success</State><Count>{i}</Count></SnapshotJob>"))
        .collect();
    let xml = format!(
        "<QuerySnapshotJobListResponse><SnapshotJobList>{xml_jobs}</SnapshotJobList></QuerySnapshotJobListResponse>"
    );
    for (format, body) in [(Format::Json, &json), (Format::Xml, &xml)] {
        let r = success(format, body);
        assert_eq!(r.jobs().len(), n, "{format}");
        let last = &r.jobs()[n - 1];
        assert_eq!(last.id.unwrap(), format!("{:032x}", n - 1).as_str());
        assert_eq!(last.count.unwrap().get(), Ok((n - 1) as u64));
        assert!(r.jobs().iter().all(|j| j.is_terminal()));
    }
}

/// A body over the default byte limit, or with a list over the default item limit, is
/// refused in both formats with an error that names the limit; at the limit, decoded.
#[test]
fn the_default_limits_refuse_by_name_what_exceeds_them() {
    use mts_codec::{DecodeErrorKind, Limits, decode_response};
    let max = Limits::DEFAULT.max_body_bytes();
    let padded = |format: Format, len: usize| -> Vec<u8> {
        let (open, close) = match format {
            Format::Json => (r#"{"RequestId":""#, r#""}"#),
            Format::Xml => (
                "<QuerySnapshotJobListResponse><RequestId>",
                "</RequestId></QuerySnapshotJobListResponse>",
            ),
        };
        let fill = "x".repeat(len - open.len() - close.len());
        format!("{open}{fill}{close}").into_bytes()
    };
    let jobs = |format: Format, n: usize| -> Vec<u8> {
        match format {
            Format::Json => format!(
                r#"{{"SnapshotJobList":{{"SnapshotJob":[{}]}}}}"#,
                vec!["{}"; n].join(",")
            ),
            Format::Xml => format!(
                "<QuerySnapshotJobListResponse><SnapshotJobList>{}</SnapshotJobList>\
                 </QuerySnapshotJobListResponse>",
                "<SnapshotJob/>".repeat(n)
            ),
        }
        .into_bytes()
    };
    for format in crate::support::FORMATS {
        assert!(decode_response(200, format, &padded(format, max)).is_ok());
        let e = decode_response(200, format, &padded(format, max + 1)).unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::LimitExceeded, "{e}");
        assert_eq!(e.status(), Some(200));
        assert_eq!(
            e.to_string(),
            format!(
                "HTTP 200: cannot decode {format} body: the body is {} bytes, more than \
                 {max} (Limits::max_body_bytes)",
                max + 1
            )
        );

        let thousand = jobs(format, 1000);
        let Ok(Response::Success(r)) = decode_response(200, format, &thousand) else {
            panic!("{format}: 1000 jobs")
        };
        assert_eq!(r.jobs().len(), 1000);
        let e = decode_response(200, format, &jobs(format, 1001)).unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::LimitExceeded, "{e}");
        assert_eq!(
            e.message(),
            "a list holds more than 1000 items (Limits::max_list_items)",
            "{format}"
        );
        assert!(e.path().starts_with("SnapshotJobList"), "{e}");
        // The caller's limits, lower or higher.
        let ten = Limits::DEFAULT.with_max_list_items(10);
        let e = decode_response_with(200, format, &jobs(format, 11), ten).unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::LimitExceeded, "{e}");
        assert!(decode_response_with(200, format, &jobs(format, 1001), UNLIMITED).is_ok());
    }
    // The other lists: unknown ids and time points.
    let ids = format!(
        r#"{{"NonExistSnapshotJobIds":{{"String":[{}]}}}}"#,
        vec![r#""a""#; 1001].join(",")
    );
    let points = format!(
        r#"{{"SnapshotJobList":{{"SnapshotJob":[{{"SnapshotConfig":{{"TimeArray":
        {{"TimePointList":[{}]}}}}}}]}}}}"#,
        vec!["1"; 1001].join(",")
    );
    for body in [ids, points] {
        let e = decode_response(200, Format::Json, body.as_bytes()).unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::LimitExceeded, "{e}");
    }
}

/// The memory bound `Limits` documents: 10 MiB under the defaults, whatever the body.
/// The worst bodies: the most jobs, and the most time points per body byte (lists of
/// 513 items, whose capacity has just doubled to 1,024).
#[test]
fn under_the_default_limits_a_decode_takes_at_most_10_mib() {
    use crate::support::counting_alloc::peak_bytes;
    use mts_codec::{Limits, decode_response};
    const BOUND: usize = 10 << 20;
    let max = Limits::DEFAULT.max_body_bytes();
    let jobs_of = |job: &str| {
        let (open, close) = (r#"{"SnapshotJobList":{"SnapshotJob":["#, "]}}");
        let n = ((max - open.len() - close.len()) / (job.len() + 1)).min(1000);
        format!("{open}{}{close}", vec![job; n].join(","))
    };
    let points = format!(
        r#"{{"SnapshotConfig":{{"TimeArray":{{"TimePointList":[{}]}}}}}}"#,
        vec!["1"; 513].join(",")
    );
    let xml_jobs = format!(
        "<QuerySnapshotJobListResponse><SnapshotJobList>{}</SnapshotJobList>\
         </QuerySnapshotJobListResponse>",
        "<SnapshotJob/>".repeat(1000)
    );
    for (name, format, body) in [
        ("empty jobs", Format::Json, jobs_of("{}")),
        ("time points", Format::Json, jobs_of(&points)),
        ("empty jobs", Format::Xml, xml_jobs),
    ] {
        assert!(body.len() <= max, "{name}: {} bytes", body.len());
        let (result, peak) = peak_bytes(|| decode_response(200, format, body.as_bytes()));
        assert!(result.is_ok(), "{name}: {result:?}");
        println!(
            "{format} {name}: {} body bytes, peak heap {peak} bytes",
            body.len()
        );
        assert!(peak <= BOUND, "{format} {name}: {peak} bytes");
    }
}

/// What a realistic page costs: 10,000 jobs like those of `ten_jobs.json` (no tiling,
/// so no `TileOut` or `TileOutputFile`) take at most 3.5 times the body at the peak,
/// counting a growing list's old and new blocks as held at once (4.96 times before the
/// rarely present parts were boxed).
#[test]
fn ten_thousand_realistic_jobs_take_at_most_3_5_times_their_body() {
    use crate::support::counting_alloc::peak_bytes;
    let ten: serde_json::Value =
        serde_json::from_slice(&crate::support::golden_body(Format::Json, "ten_jobs")).unwrap();
    let jobs = ten["SnapshotJobList"]["SnapshotJob"].as_array().unwrap();
    let mut body = ten.clone();
    body["SnapshotJobList"]["SnapshotJob"] =
        serde_json::Value::Array(jobs.iter().cycle().take(10_000).cloned().collect());
    let body = serde_json::to_string(&body).unwrap();
    let (result, peak) =
        peak_bytes(|| decode_response_with(200, Format::Json, body.as_bytes(), UNLIMITED));
    let Ok(Response::Success(r)) = result else {
        panic!("{result:?}")
    };
    assert_eq!(r.jobs().len(), 10_000);
    let ratio = peak as f64 / body.len() as f64;
    println!(
        "{} body bytes, peak heap {peak} bytes: {ratio:.2} times",
        body.len()
    );
    assert!(ratio <= 3.5, "{ratio:.2} times the body");
}
