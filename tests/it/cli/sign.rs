//! `mts sign` end to end, through the built binary: the `--jsonl` conformance mode of
//! both signature versions against the golden vectors (`tests/vectors/`,
//! `tests/vectors_v3/`) with bad lines among them, and for v3 the defaults of that mode
//! and the curl line of the normal mode run through a POSIX shell.

use std::path::Path;
use std::process::Command;

use mts_codec::Timestamp;
use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
use mts_codec::signing::{BodyHash, Credentials, Method, V3Signer};
use serde_json::{Value, json};

use super::run;

/// A signature version, as `--scheme` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scheme {
    V1,
    V3,
}

const SCHEMES: [Scheme; 2] = [Scheme::V1, Scheme::V3];

impl Scheme {
    fn arg(self) -> &'static str {
        match self {
            Scheme::V1 => "v1",
            Scheme::V3 => "v3",
        }
    }

    /// The folder of the golden vectors.
    fn vectors(self) -> &'static str {
        match self {
            Scheme::V1 => "tests/vectors",
            Scheme::V3 => "tests/vectors_v3",
        }
    }

    /// A line whose `method` is `PUT`: it cannot be signed.
    fn bad_line(self) -> &'static str {
        match self {
            Scheme::V1 => {
                r#"{"access_key_id": "id", "access_key_secret": "s", "method": "PUT", "format": "JSON", "timestamp": "2024-01-01T00:00:00Z", "nonce": "n", "job_ids": []}"#
            }
            Scheme::V3 => {
                r#"{"access_key_id": "id", "access_key_secret": "s", "method": "PUT", "timestamp": "2024-01-01T00:00:00Z", "nonce": "n", "job_ids": []}"#
            }
        }
    }

    /// The request line of a case, and the output object it must produce.
    fn line_and_expected(self, case: &Path) -> (String, Value) {
        let read = |file: &str| std::fs::read_to_string(case.join(file)).unwrap();
        let line = read("request.json").trim().to_owned();
        let expected = match self {
            Scheme::V1 => {
                let input: Value = serde_json::from_str(&line).unwrap();
                let signed_query = read("signed-query.txt");
                let (query, body) = match input["method"].as_str().unwrap() {
                    "GET" => (signed_query, String::new()),
                    _ => (String::new(), signed_query),
                };
                json!({
                    "string_to_sign": read("string-to-sign.txt"),
                    "signature": read("signature.txt"),
                    "query": query,
                    "body": body,
                })
            }
            Scheme::V3 => json!({
                "canonical_request": read("canonical-request.txt"),
                "string_to_sign": read("string-to-sign.txt"),
                "signature": read("signature.txt"),
                "authorization": read("authorization.txt"),
            }),
        };
        (line, expected)
    }

    /// Every golden case of this version: each folder with a `request.json`.
    fn cases(self) -> Vec<std::path::PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(self.vectors());
        let mut cases: Vec<_> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("request.json").is_file())
            .collect();
        cases.sort();
        cases
    }
}

/// Runs `mts sign --scheme S --jsonl` on `lines`: one object per output line.
fn jsonl(scheme: Scheme, lines: &[String]) -> Vec<Value> {
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let out = run(
        &["sign", "--scheme", scheme.arg(), "--jsonl"],
        &[],
        input.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
#[cfg_attr(
    target_os = "wasi",
    ignore = "spawns a process (cargo, the mts binary): WASI has none"
)]
fn jsonl_signs_every_golden_vector_and_survives_bad_lines() {
    for scheme in SCHEMES {
        let cases = scheme.cases();
        assert!(cases.len() >= 2, "{scheme:?}: vectors missing");
        // `None`: the output must be the case's; `Some(word)`: an error naming it.
        let mut lines: Vec<(String, Result<Value, &str>)> = Vec::new();
        for case in &cases {
            let (line, want) = scheme.line_and_expected(case);
            lines.push((line, Ok(want)));
        }
        let first = lines[0].0.clone();
        let bad_time = scheme
            .bad_line()
            .replace("PUT", "GET")
            .replace("2024-01-01T00:00:00Z", "2024-01-01 00:00:00");
        let reserved = first.replace(r#""job_ids""#, r#""extra": {"Action": "Other"}, "job_ids""#);
        for (at, bad) in [
            (1, (scheme.bad_line().to_owned(), Err("PUT"))),
            (2, ("not json".to_owned(), Err("JSON"))),
            (3, ("[]".to_owned(), Err("object"))),
            (3, (r#"{"access_key_id": "id"}"#.to_owned(), Err("missing"))),
            (4, (bad_time, Err("timestamp"))),
            (5, (reserved, Err("`Action`"))),
        ] {
            lines.insert(at.min(lines.len()), bad);
        }
        let input: Vec<String> = lines.iter().map(|(l, _)| l.clone()).collect();
        // A blank line is skipped: one object per non-blank line.
        let mut with_blank = input.clone();
        with_blank.insert(2, String::new());
        let got = jsonl(scheme, &with_blank);
        assert_eq!(got.len(), lines.len(), "{scheme:?}: {got:?}");
        for ((line, want), got) in lines.iter().zip(&got) {
            match want {
                Ok(want) => assert_eq!(got, want, "{scheme:?}: {line}"),
                Err(word) => {
                    let error = got["error"]
                        .as_str()
                        .unwrap_or_else(|| panic!("{line} -> {got}"));
                    assert!(error.contains(word), "{scheme:?}: {line} -> {error}");
                }
            }
        }
    }
    // The v3 STS case also carries a number in `extra` and a key the CLI ignores.
    let sts = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors_v3/sts-get/request.json"),
    )
    .unwrap();
    assert!(sts.contains(r#""MaximumPageSize": 20"#) && sts.contains("unknown_key"));
}

#[test]
#[cfg_attr(
    target_os = "wasi",
    ignore = "spawns a process (cargo, the mts binary): WASI has none"
)]
fn jsonl_v3_defaults_and_overrides() {
    let base = json!({
        "access_key_id": "testid", "access_key_secret": "testsecret", "method": "POST",
        "timestamp": "2024-01-01T00:00:00Z", "nonce": "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f",
        "job_ids": [],
    });
    let mut other = base.clone();
    other["action"] = json!("DescribeRegions");
    other["version"] = json!("2014-05-26");
    other["host"] = json!("ecs.aliyuncs.com");
    let mut bad_host = base.clone();
    bad_host["host"] = json!("evil\nx-acs-date:2030-01-01T00:00:00Z");
    let out = jsonl(
        Scheme::V3,
        &[base.to_string(), other.to_string(), bad_host.to_string()],
    );

    let cr = out[0]["canonical_request"].as_str().unwrap();
    // No ids: an empty query; the default host, action and version.
    assert!(
        cr.starts_with("POST\n/\n\nhost:mts.cn-hangzhou.aliyuncs.com\n"),
        "{cr}"
    );
    assert!(cr.contains("\nx-acs-action:QuerySnapshotJobList\n"));
    assert!(cr.contains("\nx-acs-version:2014-06-18\n"));
    let cr = out[1]["canonical_request"].as_str().unwrap();
    assert!(
        cr.contains("\nhost:ecs.aliyuncs.com\nx-acs-action:DescribeRegions\n"),
        "{cr}"
    );
    assert!(cr.contains("\nx-acs-version:2014-05-26\n"));
    assert!(
        out[2]["error"].is_string(),
        "a line break in a header value must not be signed"
    );
}

#[test]
#[cfg_attr(
    target_os = "wasi",
    ignore = "spawns a process (cargo, the mts binary): WASI has none"
)]
fn bad_arguments_exit_2_without_reading_stdin() {
    let lots = "x".repeat(1 << 20);
    for args in [
        &["sign", "--scheme", "v9", "--jsonl"][..],
        &["sign", "--scheme"],
        &["sign", "--scheme", "v3", "--format", "xml", "--id", "a"],
        &["sign", "--scheme", "v3"],
    ] {
        let out = run(args, &[], lots.as_bytes());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = run(&["sign", "--scheme", "v3", "--id", "a"], &[], b"");
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
#[cfg_attr(
    target_os = "wasi",
    ignore = "spawns a process (cargo, the mts binary): WASI has none"
)]
fn v3_curl_line_survives_a_shell_and_is_signed() {
    let ids = [
        "72dfa5e679ab4be9a3ed9974c7360001",
        "72dfa5e679ab4be9a3ed9974c7360002",
    ];
    // The tokens hold what a shell would read as syntax; the one header that carries
    // a token must reach curl as it was.
    let tokens = [
        Some("tok'en with $pace"),
        None,
        Some("it's"),
        Some("''"),
        Some("$HOME `id` $(id) \\ \" ; & | < > * ? [ ] { } ~ # !"),
        Some("ünïcode"),
    ];
    for (i, token) in tokens.into_iter().enumerate() {
        let method = if i % 2 == 0 { "post" } else { "get" };
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
        let out = run(&args, &env, b"");
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
