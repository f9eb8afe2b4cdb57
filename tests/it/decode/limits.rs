//! Adversarial sizes, measured by outcome (never by time): each body either decodes
//! correctly or fails with the right error, without stack overflow or unbounded memory.
//! Nesting and a million entities are covered in `decode::malformed`.

use mts_codec::{Format, Response, decode_response};

fn success(
    format: Format,
    body: &str,
) -> mts_codec::query_snapshot_job_list::QuerySnapshotJobListResponse<'_> {
    match decode_response(200, format, body.as_bytes()) {
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
