//! `mts decode` end to end: the CLI's stdout for every golden body equals the golden
//! rendering, API errors exit 0, malformed input prints an error object and exits 1.

use super::run;
use crate::support::{self, FORMATS, ext};

/// Runs `mts decode ARGS` on `body`: the one JSON object it prints, and its exit code.
fn decode(args: &[&str], body: &[u8]) -> (serde_json::Value, i32) {
    let args: Vec<&str> = std::iter::once("decode")
        .chain(args.iter().copied())
        .collect();
    let out = run(&args, &[], body);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().count(),
        1,
        "one JSON object per run: {stdout}"
    );
    (
        serde_json::from_str(&stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
#[cfg_attr(
    target_os = "wasi",
    ignore = "spawns a process (cargo, the mts binary): WASI has none"
)]
fn golden_bodies_print_their_expected_rendering() {
    for format in FORMATS {
        let ext = ext(format);
        for (name, body, expected) in support::golden_cases(&support::data_dir(ext), ext) {
            let status = support::status_for(&name).to_string();
            for flag in [ext, "auto"] {
                let (printed, code) = decode(&["--format", flag, "--status", &status], &body);
                assert_eq!(printed, expected, "{name} --format {flag}");
                assert_eq!(code, 0, "{name}");
            }
        }
    }
}

#[test]
#[cfg_attr(
    target_os = "wasi",
    ignore = "spawns a process (cargo, the mts binary): WASI has none"
)]
fn malformed_input_prints_an_error_object_and_exits_1() {
    let cases: [(&[&str], &[u8]); 8] = [
        (&[], b"{\"RequestId\":"),
        (&[], b"<QuerySnapshotJobListResponse><RequestId>a</Request"),
        (
            &["--format", "xml"],
            b"<!DOCTYPE x><QuerySnapshotJobListResponse/>",
        ),
        (&[], b"plain text"),
        (&[], b"\xff\xfe"),
        (&["--format", "json"], b"[1,2]"),
        (&["--status", "abc"], b"{}"),
        (&["--bogus"], b"{}"),
    ];
    for (args, body) in cases {
        let (printed, code) = decode(args, body);
        assert_eq!(printed["outcome"], "error", "{args:?}");
        assert!(!printed["message"].as_str().unwrap().is_empty());
        assert_eq!(code, 1, "{args:?}");
    }
    let (printed, _) = decode(
        &[],
        b"{\"SnapshotJobList\":{\"SnapshotJob\":[{\"Count\":{}}]}}",
    );
    let message = printed["message"].as_str().unwrap();
    assert!(
        message.contains("SnapshotJobList.SnapshotJob[0].Count"),
        "{message}"
    );
    assert!(message.contains("at byte "), "{message}");
}

/// What `curl -si` prints for `body` at `status` with `content_type`.
fn curl_si(status: u16, content_type: &str, body: &[u8]) -> Vec<u8> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        500 => "Internal Server Error",
        _ => "",
    };
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\nDate: Mon, 07 Dec 2026 20:00:00 GMT\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\nConnection: keep-alive\r\n\
         x-acs-request-id: 25818875-5F78-4A13-BEF6-D7393642CA58\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

#[test]
#[cfg_attr(
    target_os = "wasi",
    ignore = "spawns a process (cargo, the mts binary): WASI has none"
)]
fn curl_si_output_takes_status_and_format_from_the_head() {
    let formats = [
        ("json", "application/json;charset=utf-8"),
        ("xml", "text/xml;charset=utf-8"),
    ];
    for (ext, content_type) in formats {
        for (name, body, expected) in support::golden_cases(&support::data_dir(ext), ext) {
            let input = curl_si(support::status_for(&name), content_type, &body);
            let (printed, code) = decode(&[], &input);
            assert_eq!(printed, expected, "{name} as curl -si output");
            assert_eq!(code, 0, "{name}");
            if name.starts_with("api_error") {
                assert_eq!(printed["outcome"], "api_error", "{name}");
            }
        }
    }
}

#[test]
#[cfg_attr(
    target_os = "wasi",
    ignore = "spawns a process (cargo, the mts binary): WASI has none"
)]
fn curl_si_heads_in_every_shape_curl_prints() {
    let error = br#"{"RequestId":"r","HostId":"mts.cn-hangzhou.aliyuncs.com","Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#;
    let ok = br#"{"RequestId":"r","SnapshotJobList":{"SnapshotJob":[]}}"#;
    let xml_ok =
        b"<QuerySnapshotJobListResponse><RequestId>r</RequestId></QuerySnapshotJobListResponse>";
    let with_body = |head: &str, body: &[u8]| [head.as_bytes(), body].concat();
    let cases: [(&str, Vec<u8>, &str); 6] = [
        (
            "HTTP/2 with a trailing space",
            with_body(
                "HTTP/2 400 \r\ncontent-type: application/json\r\n\r\n",
                error,
            ),
            "api_error",
        ),
        (
            "100 Continue before the final head",
            with_body(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n\r\n",
                error,
            ),
            "api_error",
        ),
        (
            "a proxy's CONNECT answer before the final head",
            with_body(
                "HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n",
                ok,
            ),
            "ok",
        ),
        (
            "LF line ends",
            with_body(
                "HTTP/1.1 400 Bad Request\nContent-Type: application/json\n\n",
                error,
            ),
            "api_error",
        ),
        (
            "XML by Content-Type, no --format",
            with_body(
                "HTTP/1.1 200 OK\r\nCONTENT-TYPE: application/xml; charset=UTF-8\r\n\r\n",
                xml_ok,
            ),
            "ok",
        ),
        (
            "no Content-Type: the body's first byte",
            with_body("HTTP/1.1 200 OK\r\nServer: Tengine\r\n\r\n", xml_ok),
            "ok",
        ),
    ];
    for (what, input, outcome) in cases {
        let (printed, code) = decode(&[], &input);
        assert_eq!(printed["outcome"], outcome, "{what}: {printed}");
        assert_eq!(code, 0, "{what}");
    }
}

#[test]
#[cfg_attr(
    target_os = "wasi",
    ignore = "spawns a process (cargo, the mts binary): WASI has none"
)]
fn flags_override_the_head() {
    let ok = br#"{"RequestId":"r","SnapshotJobList":{"SnapshotJob":[]}}"#;
    // The head says XML and 500; the flags say JSON and 200.
    let input = curl_si(500, "text/xml", ok);
    let (printed, code) = decode(&["--format", "json", "--status", "200"], &input);
    assert_eq!(
        (printed["outcome"].as_str(), code),
        (Some("ok"), 0),
        "{printed}"
    );
    // Only --format: the head's 500 stands, and a 5xx is read as an error body.
    let (printed, code) = decode(&["--format", "json"], &input);
    assert_eq!(
        (printed["outcome"].as_str(), code),
        (Some("api_error"), 0),
        "{printed}"
    );
}

#[test]
#[cfg_attr(
    target_os = "wasi",
    ignore = "spawns a process (cargo, the mts binary): WASI has none"
)]
fn broken_heads_are_named() {
    let cases: [(&[u8], &str); 4] = [
        (b"HTTP/1.1 abc\r\n\r\n{}", "not an HTTP status line"),
        (b"HTTP/1.1 999 Nine\r\n\r\n{}", "not an HTTP status line"),
        (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json",
            "no blank line",
        ),
        (
            b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n{}",
            "without a colon",
        ),
    ];
    for (input, says) in cases {
        let (printed, code) = decode(&[], input);
        let message = printed["message"].as_str().unwrap();
        assert!(message.contains(says), "{message:?} should say {says:?}");
        assert_eq!(code, 1, "{message}");
    }
    let (printed, code) = decode(&["--status", "600"], b"{}");
    assert!(printed["message"].as_str().unwrap().contains("--status"));
    assert_eq!(code, 1);
}

#[test]
#[cfg_attr(
    target_os = "wasi",
    ignore = "spawns a process (cargo, the mts binary): WASI has none"
)]
fn help_goes_to_stdout_and_exits_0() {
    let cases: [(&[&str], &[&str]); 5] = [
        (&["--help"], &["mts sign", "mts decode"]),
        (&["-h"], &["mts sign", "mts decode"]),
        (&["decode", "--help"], &["--status", "--format", "curl -si"]),
        (&["decode", "-h"], &["--status", "--format"]),
        (
            &["sign", "--help"],
            &[
                "--id", "--region", "--format", "--method", "--scheme", "--jsonl",
            ],
        ),
    ];
    for (args, mentions) in cases {
        let out = run(args, &[], b"");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(out.stderr.is_empty(), "{args:?}");
        assert!(stdout.starts_with("usage: "), "{args:?}: {stdout}");
        for flag in mentions {
            assert!(stdout.contains(flag), "{args:?} should mention {flag}");
        }
    }
    // No subcommand at all is a usage error: usage on stderr, exit 2.
    let out = run(&[], &[], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("usage: "));
}

#[test]
#[cfg_attr(
    target_os = "wasi",
    ignore = "spawns a process (cargo, the mts binary): WASI has none"
)]
fn bare_api_error_bodies_are_api_errors_without_a_status() {
    // `curl -s URL | mts decode`: no status line, so the status defaults to 200; the
    // error samples must still come out as API errors, never as `"outcome":"ok"`.
    for ext in ["json", "xml"] {
        let cases = support::golden_cases(&support::data_dir(ext), ext);
        let errors: Vec<_> = cases
            .iter()
            .filter(|(name, _, _)| name.starts_with("api_error"))
            .collect();
        assert_eq!(errors.len(), 6, "{ext}: the six API error samples");
        for (name, body, expected) in errors {
            let (printed, code) = decode(&[], body);
            assert_eq!(printed["outcome"], "api_error", "{ext} {name}");
            assert_eq!(printed["error"], expected["error"], "{ext} {name}");
            assert_eq!(code, 0, "{ext} {name}");
        }
    }
}
