//! `mts sign --jsonl` against the golden vectors: once through the conformance function
//! itself (compiled in from the example) and once through the real binary.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

#[allow(dead_code)]
#[path = "../../../examples/mts/sign.rs"]
mod sign;

use crate::support::example_binary;
use example_binary::example_binary;

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

fn read(case: &Path, file: &str) -> String {
    std::fs::read_to_string(case.join(file)).unwrap()
}

/// The request line of a case, and the output object it must produce.
fn line_and_expected(case: &Path) -> (String, Value) {
    let line = read(case, "request.json").trim().to_owned();
    let input: Value = serde_json::from_str(&line).unwrap();
    let signed_query = read(case, "signed-query.txt");
    let (query, body) = match input["method"].as_str().unwrap() {
        "GET" => (signed_query, String::new()),
        _ => (String::new(), signed_query),
    };
    let expected = serde_json::json!({
        "string_to_sign": read(case, "string-to-sign.txt"),
        "signature": read(case, "signature.txt"),
        "query": query,
        "body": body,
    });
    (line, expected)
}

const BAD_LINE: &str = r#"{"access_key_id": "id", "access_key_secret": "s", "method": "PUT", "format": "JSON", "timestamp": "2024-01-01T00:00:00Z", "nonce": "n", "job_ids": []}"#;

#[test]
fn conformance_function_matches_the_vectors() {
    for case in cases() {
        let (line, expected) = line_and_expected(&case);
        assert_eq!(sign::sign_json_line(&line), expected, "{}", case.display());
    }
    for bad in [BAD_LINE, "not json", "[]", r#"{"access_key_id": "id"}"#] {
        let out = sign::sign_json_line(bad);
        assert!(out["error"].is_string(), "{bad} -> {out}");
    }
    let bad_time = BAD_LINE
        .replace("PUT", "GET")
        .replace("2024-01-01T00:00:00Z", "2024-01-01 00:00:00");
    assert!(
        sign::sign_json_line(&bad_time)["error"]
            .as_str()
            .unwrap()
            .contains("timestamp")
    );
}

#[test]
#[cfg_attr(
    target_os = "wasi",
    ignore = "spawns a process (cargo, the mts binary): WASI has none"
)]
fn binary_signs_jsonl_and_survives_a_bad_line() {
    let cases = cases();
    let mut input = String::new();
    let mut expected = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let (line, want) = line_and_expected(case);
        input.push_str(&line);
        input.push('\n');
        expected.push(want);
        if i == 0 {
            input.push_str(BAD_LINE);
            input.push('\n');
            expected.push(Value::Null); // an error object
        }
    }
    let mut child = Command::new(example_binary("mts"))
        .args(["sign", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), expected.len(), "{stdout}");
    for (got, want) in lines.iter().zip(&expected) {
        if want.is_null() {
            assert!(got["error"].as_str().unwrap().contains("PUT"), "{got}");
        } else {
            assert_eq!(got, want);
        }
    }
}
