//! `mts decode` end to end: the CLI's stdout for every golden body equals the golden
//! rendering, API errors exit 0, malformed input prints an error object and exits 1.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::example_binary::example_binary;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The `mts` example binary.
fn mts() -> PathBuf {
    example_binary("mts")
}

fn decode(args: &[&str], body: &[u8]) -> (serde_json::Value, i32) {
    let mut child = Command::new(mts())
        .arg("decode")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The CLI does not read stdin when its arguments are wrong, so the pipe may close
    // before the body is written: a broken pipe here is not a failure.
    if let Err(e) = child.stdin.take().unwrap().write_all(body) {
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe,
            "writing the body: {e}"
        );
    }
    let out = child.wait_with_output().unwrap();
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
fn golden_json_bodies_print_their_expected_rendering() {
    for (name, body, expected) in common::golden_cases(&common::data_dir("json"), "json") {
        let status = common::status_for(&name).to_string();
        for format in ["json", "auto"] {
            let (printed, code) = decode(&["--format", format, "--status", &status], &body);
            assert_eq!(printed, expected, "{name} --format {format}");
            assert_eq!(code, 0, "{name}");
        }
    }
}

#[test]
#[cfg_attr(
    target_os = "wasi",
    ignore = "spawns a process (cargo, the mts binary): WASI has none"
)]
fn golden_xml_bodies_print_their_expected_rendering() {
    for (name, body, expected) in common::golden_cases(&common::data_dir("xml"), "xml") {
        let status = common::status_for(&name).to_string();
        for format in ["xml", "auto"] {
            let (printed, code) = decode(&["--format", format, "--status", &status], &body);
            assert_eq!(printed, expected, "{name} --format {format}");
            assert_eq!(code, 0, "{name}");
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
