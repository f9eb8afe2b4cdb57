//! What `decode_response` makes of status and body together: an API error body is an
//! API error at any status (never a success with no jobs), and a body that is not in the
//! format at all (empty, an HTML page, the other format, a byte-order mark) fails naming
//! the HTTP status and what came.

use crate::support;

use mts_codec::{DecodeError, DecodeErrorKind, Format, Response, decode_response};

const INTERNAL_ERROR_JSON: &[u8] = br#"{"RequestId":"99999999-8888-4777-8666-555555555555","Code":"InternalError","Message":"The request processing has failed due to some unknown error, exception or failure."}"#;

fn api_error_samples(format: Format) -> Vec<(String, Vec<u8>)> {
    let (dir, ext) = match format {
        Format::Json => ("json", "json"),
        Format::Xml => ("xml", "xml"),
    };
    let samples: Vec<_> = support::golden_cases(&support::data_dir(dir), ext)
        .into_iter()
        .filter(|(name, _, _)| name.starts_with("api_error"))
        .map(|(name, body, _)| (name, body))
        .collect();
    assert_eq!(samples.len(), 6, "{format} API error samples");
    samples
}

fn error_of(status: u16, format: Format, body: &[u8]) -> DecodeError {
    match decode_response(status, format, body) {
        Err(e) => e,
        Ok(r) => panic!("HTTP {status} {format}: decoded {r:?}"),
    }
}

#[test]
fn the_issue_s_json_error_body_at_200_is_an_api_error() {
    let Response::ApiError(error) =
        decode_response(200, Format::Json, INTERNAL_ERROR_JSON).unwrap()
    else {
        panic!("an error body decoded as a success")
    };
    assert!(error.code_is("InternalError"));
    assert!(error.is_retryable());
}

#[test]
fn every_api_error_sample_is_the_same_api_error_at_any_status() {
    for format in [Format::Json, Format::Xml] {
        for (name, body) in api_error_samples(format) {
            let expected = match decode_response(support::status_for(&name), format, &body) {
                Ok(Response::ApiError(e)) => e,
                other => panic!("{name}: {other:?}"),
            };
            assert!(expected.code.is_some(), "{name}");
            for status in [200, 201, 204, 299, 302, 400, 403, 404, 429, 500, 503] {
                match decode_response(status, format, &body) {
                    Ok(Response::ApiError(e)) => assert_eq!(e, expected, "{name} at {status}"),
                    other => panic!("{name} ({format}) at HTTP {status}: {other:?}"),
                }
            }
        }
    }
}

#[test]
fn xml_error_root_at_2xx_is_an_api_error_with_prolog_and_attributes() {
    let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<!-- gateway -->
<Error xmlns="http://example.com/">
  <Code>Throttling.User</Code><Message>Request was denied due to user flow control.</Message>
</Error>"#;
    let Response::ApiError(e) = decode_response(200, Format::Xml, body).unwrap() else {
        panic!("an <Error> body decoded as a success")
    };
    assert!(e.is_throttling());
    // A root merely starting with "Error" is not one.
    let e = error_of(200, Format::Xml, b"<ErrorList><Code>X</Code></ErrorList>");
    assert_eq!(e.kind(), DecodeErrorKind::Schema, "{e}");
}

#[test]
fn success_bodies_stay_successes() {
    // No `Code`: no jobs is still a success (absent list, empty list, unknown members).
    for body in [
        &br#"{"RequestId":"R"}"#[..],
        br#"{"RequestId":"R","SnapshotJobList":{"SnapshotJob":[]}}"#,
        br#"{"RequestId":"R","Code":null,"Message":"m"}"#,
        // A list present wins over a `Code` beside it.
        br#"{"RequestId":"R","Code":"X","SnapshotJobList":{"SnapshotJob":[{"Id":"j"}]}}"#,
    ] {
        let decoded = decode_response(200, Format::Json, body).unwrap();
        assert!(
            matches!(decoded, Response::Success(_)),
            "{}: {decoded:?}",
            String::from_utf8_lossy(body)
        );
    }
    let seed = std::fs::read(support::data_dir("xml").join("seed.xml")).unwrap();
    assert!(matches!(
        decode_response(200, Format::Xml, &seed).unwrap(),
        Response::Success(_)
    ));
}

#[test]
fn other_statuses_without_an_api_error_body_are_refused_naming_the_status() {
    let e = error_of(302, Format::Json, br#"{"RequestId":"R"}"#);
    assert_eq!(e.kind(), DecodeErrorKind::UnexpectedStatus);
    assert_eq!(e.status(), Some(302));
    assert_eq!(
        e.to_string(),
        "HTTP 302: the status is neither success (2xx) nor an API error (4xx/5xx)"
    );
}

const NGINX_502: &[u8] = b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

#[test]
fn an_html_error_page_says_it_is_html_with_its_status() {
    let e = error_of(502, Format::Json, NGINX_502);
    assert_eq!(e.kind(), DecodeErrorKind::WrongContent);
    assert_eq!(e.status(), Some(502));
    assert_eq!(
        e.to_string(),
        r#"HTTP 502: the body is HTML, not JSON (title "502 Bad Gateway")"#
    );
    let e = error_of(502, Format::Xml, NGINX_502);
    assert_eq!(
        e.to_string(),
        r#"HTTP 502: the body is HTML, not XML (title "502 Bad Gateway")"#
    );
    // A doctype, a comment first, no title; at a 2xx too.
    let page = b"<!-- lb -->\n<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><HTML><BODY>Oops</BODY></HTML>";
    for format in [Format::Json, Format::Xml] {
        let e = error_of(200, format, page);
        assert_eq!(e.kind(), DecodeErrorKind::WrongContent, "{e}");
        assert_eq!(
            e.to_string(),
            format!("HTTP 200: the body is HTML, not {format}")
        );
    }
}

#[test]
fn an_empty_body_says_so_with_its_status() {
    for format in [Format::Json, Format::Xml] {
        let e = error_of(503, format, b"");
        assert_eq!(e.kind(), DecodeErrorKind::EmptyBody);
        assert_eq!(e.to_string(), "HTTP 503: empty body");
        let e = error_of(200, format, b" \r\n");
        assert_eq!(e.kind(), DecodeErrorKind::EmptyBody);
        assert_eq!(e.to_string(), "HTTP 200: empty body (whitespace only)");
    }
}

#[test]
fn a_utf8_byte_order_mark_is_skipped_in_both_formats() {
    // XML allows one; RFC 8259 (§8.1) lets a JSON parser skip one too.
    let bom = |body: &[u8]| [b"\xEF\xBB\xBF".as_slice(), body].concat();
    let xml = std::fs::read(support::data_dir("xml").join("api_error_internal.xml")).unwrap();
    for (format, body) in [(Format::Json, INTERNAL_ERROR_JSON), (Format::Xml, &xml[..])] {
        for status in [200, 500] {
            assert_eq!(
                decode_response(status, format, &bom(body)).unwrap(),
                decode_response(status, format, body).unwrap(),
                "{format} {status}"
            );
        }
    }
    // Offsets, lines and columns still count it.
    let e = error_of(200, Format::Json, &bom(br#"{"RequestId":}"#));
    assert_eq!(
        (e.offset(), e.line_column()),
        (Some(16), Some((1, 17))),
        "{e}"
    );
    let e = error_of(200, Format::Json, &bom(b"{\n\"RequestId\":}"));
    assert_eq!(
        (e.offset(), e.line_column()),
        (Some(17), Some((2, 13))),
        "{e}"
    );
    let e = error_of(200, Format::Json, b"\xFF\xFE{\x00}\x00");
    assert_eq!(e.kind(), DecodeErrorKind::WrongContent);
    assert_eq!(
        e.to_string(),
        "HTTP 200: the body is UTF-16 (byte-order mark), not UTF-8 JSON"
    );
}

#[test]
fn the_other_format_and_plain_text_are_named() {
    let xml_error = std::fs::read(support::data_dir("xml").join("api_error_internal.xml")).unwrap();
    let e = error_of(500, Format::Json, &xml_error);
    assert_eq!(e.kind(), DecodeErrorKind::WrongContent);
    assert_eq!(
        e.to_string(),
        "HTTP 500: the body is XML, not JSON (decode it as Format::Xml)"
    );
    let e = error_of(500, Format::Xml, INTERNAL_ERROR_JSON);
    assert_eq!(
        e.to_string(),
        "HTTP 500: the body is JSON, not XML (decode it as Format::Json)"
    );
    for format in [Format::Json, Format::Xml] {
        let e = error_of(
            503,
            format,
            b"upstream connect error or disconnect/reset before headers\n",
        );
        assert_eq!(e.kind(), DecodeErrorKind::WrongContent);
        assert_eq!(
            e.to_string(),
            format!(
                "HTTP 503: the body is not {format}; it starts with \"upstream connect error or disconnect/res\"…"
            )
        );
        let e = error_of(429, format, b"Too Many Requests");
        assert_eq!(
            e.to_string(),
            format!("HTTP 429: the body is not {format}; it starts with \"Too Many Requests\"")
        );
    }
    // JSON of the wrong type keeps its schema error.
    let e = error_of(200, Format::Json, b"[1,2]");
    assert_eq!(e.kind(), DecodeErrorKind::Schema, "{e}");
    assert!(
        e.to_string()
            .starts_with("HTTP 200: cannot decode JSON body: invalid type"),
        "{e}"
    );
}

#[test]
fn parse_errors_inside_a_body_carry_the_status_too() {
    let e = error_of(500, Format::Json, br#"{"Code":"X","Message":}"#);
    assert_eq!(e.kind(), DecodeErrorKind::Syntax);
    assert_eq!(e.status(), Some(500));
    assert!(
        e.to_string()
            .starts_with("HTTP 500: cannot decode JSON body: expected value at byte 22"),
        "{e}"
    );
    let e = error_of(
        200,
        Format::Xml,
        b"<QuerySnapshotJobListResponse><RequestId>x</Request>",
    );
    assert_eq!(e.status(), Some(200));
    assert!(
        e.to_string()
            .starts_with("HTTP 200: cannot decode XML body: "),
        "{e}"
    );
    // Without a status (the model's own `decode`), none is shown.
    let e = mts_codec::api_error::ApiError::decode(Format::Json, b"").unwrap_err();
    assert_eq!((e.kind(), e.status()), (DecodeErrorKind::EmptyBody, None));
    assert_eq!(e.to_string(), "empty body");
}

#[test]
#[cfg_attr(
    target_os = "wasi",
    ignore = "spawns a process (cargo, the quickstart binary): WASI has none"
)]
fn the_quickstart_prints_the_seed_job_s_snapshot_url_and_a_diagnosed_api_error() {
    let out = std::process::Command::new(support::example_binary::example_binary("quickstart"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().map(str::trim).collect();
    for expected in [
        "snapshot URL:    https://example-001.oss-cn-hangzhou.aliyuncs.com/example.png",
        "snapshot URL:    https://example-001.oss-cn-hangzhou.aliyuncs.com/example.png%20",
        "error code:      SignatureDoesNotMatch",
        "diagnosis:       both sides signed the same string: the AccessKeySecret is wrong",
    ] {
        assert!(
            lines.contains(&expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    // Every line of the decoded part says what it is: `label: value`.
    let decoded = stdout.split("sample XML response").nth(1).unwrap();
    for line in decoded.lines().filter(|l| l.starts_with("  ")) {
        let (label, value) = line.trim().split_once(':').unwrap_or(("", ""));
        assert!(
            !label.is_empty() && !value.trim().is_empty(),
            "unlabelled line {line:?}"
        );
    }
}
