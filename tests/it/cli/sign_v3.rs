//! `mts sign --scheme v3` end to end: the `--jsonl` conformance mode against the
//! golden cases of `tests/vectors_v3/` (the spec §3.2 vector and an STS case) with a
//! bad line among them, and the curl line of the normal mode run through a POSIX
//! shell.
// It spawns processes (cargo, the built example, `sh`), which WASI cannot; the rest of
// the suite is meant to run there.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use mts_codec::Timestamp;
use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
use mts_codec::signing::{BodyHash, Credentials, Method, V3Signer};
use serde_json::{Value, json};

#[allow(dead_code)]
#[path = "../../../examples/mts/sign.rs"]
mod sign;

use crate::support::example_binary;
use example_binary::example_binary;

/// The `mts` example binary.
fn mts() -> PathBuf {
    example_binary("mts")
}

/// Runs `mts` with `args` and `env`, feeding `stdin`. The CLI does not read stdin
/// when its arguments are wrong, so the pipe may close before everything is written:
/// a broken pipe is not a failure.
fn run(args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut child = Command::new(mts())
        .args(args)
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_ID")
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
        .env_remove("ALIBABA_CLOUD_SECURITY_TOKEN")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe,
            "writing stdin: {e}"
        );
    }
    child.wait_with_output().unwrap()
}

fn read(case: &str, file: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors_v3")
        .join(case)
        .join(file);
    std::fs::read_to_string(p).unwrap()
}

/// The request line of a case, and the output object it must produce.
fn line_and_expected(case: &str) -> (String, Value) {
    let expected = json!({
        "canonical_request": read(case, "canonical-request.txt"),
        "string_to_sign": read(case, "string-to-sign.txt"),
        "signature": read(case, "signature.txt"),
        "authorization": read(case, "authorization.txt"),
    });
    (read(case, "request.json").trim().to_owned(), expected)
}

/// `method` is `PUT`: it cannot be signed.
const BAD_LINE: &str = r#"{"access_key_id": "id", "access_key_secret": "s", "method": "PUT", "timestamp": "2024-01-01T00:00:00Z", "nonce": "n", "job_ids": []}"#;

#[test]
fn jsonl_signs_the_golden_cases_and_survives_a_bad_line() {
    let (spec, spec_want) = line_and_expected("spec-3-2");
    let (sts, sts_want) = line_and_expected("sts-get");
    // The STS case also carries a number in `extra` and a key the CLI ignores.
    assert!(sts.contains(r#""MaximumPageSize": 20"#) && sts.contains("unknown_key"));
    let reserved = spec.replace(r#""job_ids""#, r#""extra": {"Action": "Other"}, "job_ids""#);
    let input = format!("{spec}\n{BAD_LINE}\n\nnot json\n{reserved}\n{sts}\n");
    let out = run(&["sign", "--scheme", "v3", "--jsonl"], &[], &input);
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
    assert_eq!(lines.len(), 5, "one object per non-blank line: {stdout}");
    assert_eq!(lines[0], spec_want);
    assert!(
        lines[1]["error"].as_str().unwrap().contains("PUT"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2]["error"].as_str().unwrap().contains("JSON"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3]["error"].as_str().unwrap().contains("`Action`"),
        "{}",
        lines[3]
    );
    assert_eq!(lines[4], sts_want);
    // The same through the function the binary calls.
    assert_eq!(sign::sign_v3_json_line(&spec), spec_want);
    assert_eq!(sign::sign_v3_json_line(&sts), sts_want);
}

#[test]
fn jsonl_defaults_and_overrides() {
    let base = json!({
        "access_key_id": "testid", "access_key_secret": "testsecret", "method": "POST",
        "timestamp": "2024-01-01T00:00:00Z", "nonce": "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f",
        "job_ids": [],
    });
    let out = sign::sign_v3_json_line(&base.to_string());
    let cr = out["canonical_request"].as_str().unwrap();
    // No ids: an empty query; the default host, action and version.
    assert!(
        cr.starts_with("POST\n/\n\nhost:mts.cn-hangzhou.aliyuncs.com\n"),
        "{cr}"
    );
    assert!(cr.contains("\nx-acs-action:QuerySnapshotJobList\n"));
    assert!(cr.contains("\nx-acs-version:2014-06-18\n"));
    let mut other = base.clone();
    other["action"] = json!("DescribeRegions");
    other["version"] = json!("2014-05-26");
    other["host"] = json!("ecs.aliyuncs.com");
    let out = sign::sign_v3_json_line(&other.to_string());
    let cr = out["canonical_request"].as_str().unwrap();
    assert!(
        cr.contains("\nhost:ecs.aliyuncs.com\nx-acs-action:DescribeRegions\n"),
        "{cr}"
    );
    assert!(cr.contains("\nx-acs-version:2014-05-26\n"));
    let mut bad_host = base;
    bad_host["host"] = json!("evil\nx-acs-date:2030-01-01T00:00:00Z");
    assert!(
        sign::sign_v3_json_line(&bad_host.to_string())["error"].is_string(),
        "a line break in a header value must not be signed"
    );
}

#[test]
fn bad_arguments_exit_2_without_reading_stdin() {
    let lots = "x".repeat(1 << 20);
    for args in [
        &["sign", "--scheme", "v9", "--jsonl"][..],
        &["sign", "--scheme"],
        &["sign", "--scheme", "v3", "--format", "xml", "--id", "a"],
        &["sign", "--scheme", "v3"],
    ] {
        let out = run(args, &[], &lots);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = run(&["sign", "--scheme", "v3", "--id", "a"], &[], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ALIBABA_CLOUD_ACCESS_KEY_ID"));
}

/// The words a POSIX shell makes of `line` when `curl` is a function printing them.
fn shell_words(line: &str) -> Vec<String> {
    let out = Command::new("sh")
        .args([
            "-c",
            r#"curl() { printf '%s\0' "$@"; }; eval "$1""#,
            "sh",
            line,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.split_terminator('\0').map(str::to_owned).collect()
}

#[test]
fn sh_quote_survives_a_shell() {
    let tricky = [
        "plain",
        "",
        "it's",
        "''",
        "a b",
        "$HOME `id` $(id) \\ \" ; & | < > * ? [ ] { } ~ # !",
        "line\nbreak",
        "ünïcode",
    ];
    let line = std::iter::once("curl".to_owned())
        .chain(tricky.iter().map(|w| sign::sh_quote(w)))
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(shell_words(&line), tricky);
}

#[test]
fn curl_line_is_runnable_and_signed() {
    let ids = [
        "72dfa5e679ab4be9a3ed9974c7360001",
        "72dfa5e679ab4be9a3ed9974c7360002",
    ];
    for (method, token) in [("post", Some("tok'en with $pace")), ("get", None)] {
        let mut env = vec![
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-demo"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "demo-secret"),
        ];
        if let Some(token) = token {
            env.push(("ALIBABA_CLOUD_SECURITY_TOKEN", token));
        }
        let args = [
            "sign",
            "--scheme",
            "v3",
            "--id",
            ids[0],
            "--id",
            ids[1],
            "--region",
            "cn-shanghai",
            "--method",
            method,
        ];
        let out = run(&args, &env, "");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(stdout.lines().count(), 1, "one command line: {stdout}");
        let words = shell_words(stdout.trim_end());
        let method = method.to_ascii_uppercase();
        // `-si`: the status line and headers go to `mts decode` with the body.
        assert_eq!(words[..3], ["-si", "-X", method.as_str()]);
        assert_eq!(
            words[3],
            format!(
                "https://mts.cn-shanghai.aliyuncs.com/?SnapshotJobIds={}%2C{}",
                ids[0], ids[1]
            )
        );
        let headers: Vec<(String, String)> = words[4..]
            .chunks(2)
            .map(|pair| {
                assert_eq!(pair[0], "-H");
                let (name, value) = pair[1].split_once(": ").unwrap();
                (name.to_owned(), value.to_owned())
            })
            .collect();
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .unwrap_or_else(|| panic!("no {name} in {headers:?}"))
        };
        assert_eq!(header("host"), "mts.cn-shanghai.aliyuncs.com");
        assert_eq!(header("x-acs-action"), "QuerySnapshotJobList");
        assert_eq!(header("x-acs-version"), "2014-06-18");
        assert_eq!(header("x-acs-signature-nonce").len(), 32);
        assert_eq!(
            headers.iter().any(|(n, _)| n == "x-acs-security-token"),
            token.is_some()
        );
        // Sign again from what the shell saw: the same Authorization.
        let mut creds = Credentials::new("LTAI-demo", "demo-secret").unwrap();
        if let Some(token) = token {
            assert_eq!(header("x-acs-security-token"), token);
            creds = creds.with_security_token(token).unwrap();
        }
        let request = QuerySnapshotJobList::new().job_ids(&ids).unwrap();
        let time = Timestamp::parse(header("x-acs-date")).unwrap();
        let signed = V3Signer::new(
            "QuerySnapshotJobList",
            "2014-06-18",
            "mts.cn-shanghai.aliyuncs.com",
        )
        .method(if method == "GET" {
            Method::Get
        } else {
            Method::Post
        })
        .sign(
            &request,
            &[],
            BodyHash::Empty,
            &creds,
            time,
            header("x-acs-signature-nonce"),
        )
        .unwrap();
        let mut auth = String::new();
        signed.write_authorization(&mut auth).unwrap();
        assert_eq!(header("Authorization"), auth);
        assert_eq!(headers.last().unwrap().0, "Authorization");
    }
}
