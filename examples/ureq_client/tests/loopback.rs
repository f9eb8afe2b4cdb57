//! End to end over real HTTP: the `ureq_client` example's code (this package's library)
//! signs with the crate, sends over a socket with `ureq` to the loopback MTS stand-in
//! (`tests/stand_in/`), and decodes the answers with the crate: jobs in JSON and XML,
//! signature v1 and v3 over GET and POST, the four provoked errors with their codes and
//! statuses, a form POST, and malformed HTTP (`loopback_workflow.rs` runs the crate's
//! `JobTracker` and `Pager` against it).
//!
//! The stand-in checks every signature with the crate's own verifier
//! (`mts_codec::verify`, through `stand_in/verify.rs`) against its clock, so the
//! signer and the verifier are tested against each other over a real socket.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod stand_in;

use std::io::{Read as _, Write as _};

use mts_codec::Timestamp;
use mts_codec::api_error::SignatureDiagnosis;
use mts_codec::query_snapshot_job_list::{JobState, Numbering, QuerySnapshotJobList};
use mts_codec::signing::{self, Credentials, Method};
use mts_codec::{Format, Response};
use mts_ureq_client::{MtsClient, Reply, SignatureScheme};
use stand_in::verify::{KEY_ID, SECRET, verify_with_codec};
use stand_in::{Script, ScriptedJob, StandIn};

/// Three jobs that finish after two polls, one that fails, one that stays running.
fn script() -> Script {
    let job = |n: u32, states: Vec<&'static str>| ScriptedJob {
        id: format!("c0ffee00000000000000000000000{n:03}"),
        states,
        count: 3,
        object: format!("snapshots%2Fjob{n}%2F%7BCount%7D.jpg"),
    };
    Script {
        jobs: vec![
            job(1, vec!["Submitted", "Snapshoting", "Success"]),
            job(2, vec!["Success"]),
            job(3, vec!["Snapshoting", "Fail"]),
            job(4, vec!["Snapshoting"]),
        ],
        throttle_every: None,
        seconds_per_state: None,
    }
}

fn start(script: Script) -> StandIn {
    StandIn::start(script, verify_with_codec)
}

fn credentials() -> Credentials<'static> {
    Credentials::new(KEY_ID, SECRET).unwrap()
}

fn id(n: u32) -> String {
    format!("c0ffee00000000000000000000000{n:03}")
}

#[test]
fn jobs_come_back_in_json_and_xml_with_their_snapshot_urls() {
    let server = start(script());
    for format in [Format::Json, Format::Xml] {
        let client = MtsClient::new(Some(&server.endpoint()), "cn-hangzhou", format).unwrap();
        let (two, unknown) = (id(2), "ffffffffffffffffffffffffffffffff");
        let reply = client.query(&credentials(), &[&two, unknown]).unwrap();
        assert_eq!(reply.status, 200);
        let expected_type = match format {
            Format::Json => "application/json;charset=utf-8",
            Format::Xml => "text/xml;charset=utf-8",
        };
        assert_eq!(reply.content_type.as_deref(), Some(expected_type));
        let Response::Success(response) = reply.decode().unwrap() else {
            panic!("{format:?}: {}", String::from_utf8_lossy(&reply.body))
        };
        let jobs = response.jobs();
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].state, Some(JobState::Success));
        let urls: Vec<String> = jobs[0]
            .snapshot_objects(Numbering::DOCUMENTED)
            .unwrap()
            .map(|o| o.url().to_string())
            .collect();
        assert_eq!(
            urls,
            [1, 2, 3].map(|n| format!(
                "https://media-out.oss-cn-hangzhou.aliyuncs.com/snapshots/job2/0000{n}.jpg"
            ))
        );
        let unknown_ids: Vec<String> = response
            .non_existent_ids()
            .iter()
            .map(|t| t.to_string())
            .collect();
        assert_eq!(unknown_ids, [unknown]);
    }
    assert!(server.log().errors.is_empty(), "{:?}", server.log().errors);
}

/// The decoded API error of a reply: (status, code).
fn api_error(reply: &Reply) -> (u16, String) {
    match reply.decode().unwrap() {
        Response::ApiError(e) => (reply.status, e.code.unwrap().to_string()),
        Response::Success(_) => panic!("expected an API error"),
    }
}

#[test]
fn a_wrong_secret_is_signature_does_not_match_and_diagnosed() {
    let server = start(script());
    for format in [Format::Json, Format::Xml] {
        let client = MtsClient::new(Some(&server.endpoint()), "cn-hangzhou", format).unwrap();
        let wrong = Credentials::new(KEY_ID, "not-the-secret").unwrap();
        let time = Timestamp::now().unwrap();
        let nonce = format!("{:032x}", 0xabc0 + format as u32);
        let one = id(1);
        let reply = client
            .query_signed_at(&wrong, &[&one], time, &nonce)
            .unwrap();
        assert_eq!(api_error(&reply), (400, "SignatureDoesNotMatch".to_owned()));
        let Response::ApiError(error) = reply.decode().unwrap() else {
            unreachable!()
        };
        assert!(error.is_signature_mismatch());
        // Same parameters, other secret: the server signed the same string.
        let signed_request = QuerySnapshotJobList::new()
            .job_ids(&[&one])
            .unwrap()
            .region_id("cn-hangzhou")
            .unwrap()
            .format(match format {
                Format::Json => signing::Format::Json,
                Format::Xml => signing::Format::Xml,
            });
        let signed = signed_request.sign(&wrong, time, &nonce).unwrap();
        let mut ours = String::new();
        signed.write_string_to_sign(&mut ours).unwrap();
        // The verifier's string-to-sign, quoted by the stand-in, is the signer's.
        assert_eq!(error.server_string_to_sign().unwrap().to_string(), ours);
        assert_eq!(
            error.diagnose_signature(&ours),
            Some(SignatureDiagnosis::WrongSecret)
        );
    }
}

/// Every scheme and method the example offers, through the stand-in's verifier.
const SCHEMES_AND_METHODS: [(SignatureScheme, Method); 4] = [
    (SignatureScheme::V1, Method::Get),
    (SignatureScheme::V1, Method::Post),
    (SignatureScheme::V3, Method::Get),
    (SignatureScheme::V3, Method::Post),
];

#[test]
fn v1_and_v3_over_get_and_post_are_verified_and_answered() {
    let server = start(script());
    let two = id(2);
    for (scheme, method) in SCHEMES_AND_METHODS {
        let client = MtsClient::new(Some(&server.endpoint()), "cn-hangzhou", Format::Xml)
            .unwrap()
            .with_method(method)
            .with_scheme(scheme);
        let reply = client.query(&credentials(), &[&two]).unwrap();
        let body = String::from_utf8_lossy(&reply.body);
        assert_eq!(reply.status, 200, "{scheme:?} {method:?}: {body}");
        // v3 has no Format: it asks for JSON, and the client decodes JSON.
        let expected_type = match scheme {
            SignatureScheme::V1 => "text/xml;charset=utf-8",
            SignatureScheme::V3 => "application/json;charset=utf-8",
        };
        assert_eq!(reply.content_type.as_deref(), Some(expected_type));
        let Response::Success(response) = reply.decode().unwrap() else {
            panic!("{scheme:?} {method:?}: {body}")
        };
        assert_eq!(response.jobs()[0].id.unwrap(), two.as_str());
        assert_eq!(response.jobs()[0].state, Some(JobState::Success));
        // The string-to-sign kept for diagnosis is the one of the scheme used.
        let algorithm = match scheme {
            SignatureScheme::V1 => format!("{}&%2F&AccessKeyId%3D", method.as_str()),
            SignatureScheme::V3 => "ACS3-HMAC-SHA256\n".to_owned(),
        };
        assert!(
            reply.string_to_sign.starts_with(&algorithm),
            "{}",
            reply.string_to_sign
        );
    }
    let log = server.log();
    assert_eq!(log.methods, ["GET", "POST", "GET", "POST"]);
    assert_eq!(log.signatures, ["v1", "v1", "v3", "v3"]);
    assert!(log.errors.is_empty(), "{:?}", log.errors);
}

#[test]
fn a_wrong_secret_is_diagnosed_in_every_scheme_and_method() {
    let server = start(script());
    let wrong = Credentials::new(KEY_ID, "not-the-secret").unwrap();
    let one = id(1);
    for (scheme, method) in SCHEMES_AND_METHODS {
        let client = MtsClient::new(Some(&server.endpoint()), "cn-hangzhou", Format::Json)
            .unwrap()
            .with_method(method)
            .with_scheme(scheme);
        let reply = client.query(&wrong, &[&one]).unwrap();
        assert_eq!(api_error(&reply), (400, "SignatureDoesNotMatch".to_owned()));
        let Response::ApiError(error) = reply.decode().unwrap() else {
            unreachable!()
        };
        assert_eq!(
            error.server_string_to_sign().unwrap().to_string(),
            reply.string_to_sign,
            "{scheme:?} {method:?}"
        );
        assert_eq!(
            error.diagnose_signature(&reply.string_to_sign),
            Some(SignatureDiagnosis::WrongSecret),
            "{scheme:?} {method:?}"
        );
    }
}

#[test]
fn https_is_spoken_by_default() {
    // The stand-in speaks plain HTTP: a TLS client hello gets a plain `400` back, which
    // rustls (the default `tls` feature) reports as a corrupt TLS record. Without TLS the
    // client would refuse `https://` before sending anything.
    let server = start(script());
    let endpoint = server.endpoint().replacen("http://", "https://", 1);
    let client = MtsClient::new(Some(&endpoint), "cn-hangzhou", Format::Json).unwrap();
    let error = client.query(&credentials(), &[&id(2)]).unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with(&endpoint) && message.contains("received corrupt message"),
        "{message}"
    );
    assert_eq!(server.log().verified, 0);
}

#[test]
fn a_stale_timestamp_is_invalid_timestamp_expired() {
    let server = start(script());
    let client = MtsClient::new(Some(&server.endpoint()), "cn-hangzhou", Format::Json).unwrap();
    let now = Timestamp::now().unwrap().unix_seconds();
    let stale = Timestamp::from_unix_seconds(now - 20 * 60).unwrap();
    let one = id(1);
    let reply = client
        .query_signed_at(
            &credentials(),
            &[&one],
            stale,
            "0123456789abcdef0123456789abcdef",
        )
        .unwrap();
    assert_eq!(
        api_error(&reply),
        (400, "InvalidTimeStamp.Expired".to_owned())
    );
    let Response::ApiError(error) = reply.decode().unwrap() else {
        unreachable!()
    };
    assert!(error.is_clock_skew());
}

#[test]
fn a_reused_nonce_is_signature_nonce_used() {
    let server = start(script());
    let client = MtsClient::new(Some(&server.endpoint()), "cn-hangzhou", Format::Xml).unwrap();
    let nonce = "5eed5eed5eed5eed5eed5eed5eed5eed";
    let one = id(1);
    let first = client
        .query_signed_at(&credentials(), &[&one], Timestamp::now().unwrap(), nonce)
        .unwrap();
    assert_eq!(first.status, 200);
    let again = client
        .query_signed_at(&credentials(), &[&one], Timestamp::now().unwrap(), nonce)
        .unwrap();
    assert_eq!(api_error(&again), (400, "SignatureNonceUsed".to_owned()));
    let Response::ApiError(error) = again.decode().unwrap() else {
        unreachable!()
    };
    assert!(error.is_nonce_reused());
    // A fresh nonce (what `query` does on every attempt) goes through.
    assert_eq!(client.query(&credentials(), &[&one]).unwrap().status, 200);
}

#[test]
fn throttling_when_provoked_then_service_again() {
    let server = start(script());
    let client = MtsClient::new(Some(&server.endpoint()), "cn-hangzhou", Format::Json).unwrap();
    let one = id(1);
    server.throttle_next(2);
    for _ in 0..2 {
        let reply = client.query(&credentials(), &[&one]).unwrap();
        assert_eq!(api_error(&reply), (400, "Throttling".to_owned()));
        let Response::ApiError(error) = reply.decode().unwrap() else {
            unreachable!()
        };
        assert!(error.is_throttling());
    }
    assert_eq!(client.query(&credentials(), &[&one]).unwrap().status, 200);
    assert_eq!(
        server.log().errors,
        [
            (400, "Throttling".to_owned()),
            (400, "Throttling".to_owned())
        ]
    );
}

#[test]
fn get_and_form_post_are_both_routed() {
    let server = start(script());
    let client = MtsClient::new(Some(&server.endpoint()), "cn-hangzhou", Format::Json)
        .unwrap()
        .with_method(Method::Get);
    let two = id(2);
    assert_eq!(client.query(&credentials(), &[&two]).unwrap().status, 200);

    // A form POST: no query string, the signed parameters in the body.
    let request = QuerySnapshotJobList::new().job_ids(&[&two]).unwrap();
    let creds = credentials();
    let signed = request
        .sign(
            &creds,
            Timestamp::now().unwrap(),
            "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0",
        )
        .unwrap();
    let mut form = String::new();
    signed.write_form_body(&mut form).unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .post(format!("{}/", server.endpoint()))
        .header("content-type", signing::FORM_CONTENT_TYPE)
        .send(form.as_bytes())
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body = response.body_mut().read_to_vec().unwrap();
    let Response::Success(r) = mts_codec::decode_response(200, Format::Json, &body).unwrap() else {
        panic!()
    };
    assert_eq!(r.jobs()[0].id.unwrap(), two.as_str());
    assert_eq!(server.log().methods, ["GET", "POST"]);
}

#[test]
fn malformed_http_gets_a_400_and_the_stand_in_keeps_serving() {
    let server = start(script());
    let addr = server.endpoint().trim_start_matches("http://").to_owned();
    for garbage in [
        &b"NONSENSE\r\n\r\n"[..],
        b"GET / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n",
        b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
        b"GET /?a=%zz HTTP/1.1\r\n\r\n",
    ] {
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        stream.write_all(garbage).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    }
    let client = MtsClient::new(Some(&server.endpoint()), "cn-hangzhou", Format::Json).unwrap();
    assert_eq!(client.query(&credentials(), &[&id(2)]).unwrap().status, 200);
}

#[test]
fn an_unknown_access_key_is_not_found_and_nothing_is_served() {
    let server = start(script());
    let client = MtsClient::new(Some(&server.endpoint()), "cn-hangzhou", Format::Json).unwrap();
    let stranger = Credentials::new("LTAI-someone-else", SECRET).unwrap();
    let reply = client.query(&stranger, &[&id(2)]).unwrap();
    assert_eq!(
        api_error(&reply),
        (404, "InvalidAccessKeyId.NotFound".to_owned())
    );
    let log = server.log();
    assert_eq!((log.requests, log.verified, log.max_ids), (1, 0, 0));
}

/// Runs the `ureq_client` example against `server` with `args`, the test key id and
/// `secret` in its environment (no STS token).
fn run_example(server: &StandIn, secret: &str, args: &[String]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ureq_client"))
        .args(["--endpoint", &server.endpoint()])
        .args(args)
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret)
        .env_remove("ALIBABA_CLOUD_SECURITY_TOKEN")
        .output()
        .unwrap()
}

#[test]
fn the_example_binary_prints_jobs_and_snapshot_urls() {
    let server = start(script());
    let run = |secret: &str, format: &str| {
        let args = [
            "--format".to_owned(),
            format.to_owned(),
            id(2),
            id(4),
            "ffffffffffffffffffffffffffffffff".to_owned(),
        ];
        run_example(&server, secret, &args)
    };
    for format in ["json", "xml"] {
        let out = run(SECRET, format);
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let expected = [
            format!("job {} Success", id(2)),
            "  https://media-out.oss-cn-hangzhou.aliyuncs.com/snapshots/job2/00001.jpg".to_owned(),
            "  https://media-out.oss-cn-hangzhou.aliyuncs.com/snapshots/job2/00002.jpg".to_owned(),
            "  https://media-out.oss-cn-hangzhou.aliyuncs.com/snapshots/job2/00003.jpg".to_owned(),
            format!("job {} Snapshoting", id(4)),
            "job ffffffffffffffffffffffffffffffff unknown".to_owned(),
        ];
        assert_eq!(stdout.lines().collect::<Vec<_>>(), expected, "{format}");
    }
    let refused = run("wrong-secret", "json");
    let stdout = String::from_utf8(refused.stdout).unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stdout.starts_with("HTTP 400 API error: SignatureDoesNotMatch"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  server string to sign: POST&%2F&AccessKeyId%3D"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "  diagnosis: the server signed the same string as this client, \
             so the AccessKeySecret is wrong"
        ),
        "{stdout}"
    );
}

#[test]
fn the_example_binary_signs_v3_and_v1_over_get_and_post() {
    let server = start(script());
    for (scheme, method) in [("v3", "get"), ("v3", "post"), ("v1", "get"), ("v1", "post")] {
        let args = ["--scheme", scheme, "--method", method].map(str::to_owned);
        let args = args.into_iter().chain([id(2)]).collect::<Vec<_>>();
        let out = run_example(&server, SECRET, &args);
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{scheme} {method}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            stdout.lines().next(),
            Some(&*format!("job {} Success", id(2)))
        );
    }
    let log = server.log();
    assert_eq!(log.signatures, ["v3", "v3", "v1", "v1"]);
    assert_eq!(log.methods, ["GET", "POST", "GET", "POST"]);

    // A wrong secret under v3: the server's string-to-sign (the canonical request's
    // hash) is the client's, so the secret is to blame.
    let args = ["--scheme", "v3", "--method", "get"].map(str::to_owned);
    let args = args.into_iter().chain([id(2)]).collect::<Vec<_>>();
    let out = run_example(&server, "wrong-secret", &args);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.starts_with("HTTP 400 API error: SignatureDoesNotMatch"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  server string to sign: ACS3-HMAC-SHA256\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("so the AccessKeySecret is wrong"),
        "{stdout}"
    );
}

#[test]
fn the_example_binary_refuses_what_it_cannot_send() {
    let server = start(script());
    for (args, expected) in [
        (
            &["--scheme", "v3", "--format", "xml"][..],
            "--format xml is for --scheme v1",
        ),
        (
            &["--method", "put"],
            "--method: \"put\" is neither get nor post",
        ),
        (&["--scheme", "v2"], "--scheme: \"v2\" is neither v1 nor v3"),
    ] {
        let args = args.iter().map(|a| (*a).to_owned()).chain([id(2)]);
        let out = run_example(&server, SECRET, &args.collect::<Vec<_>>());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
    }
    // Asked for, the usage is an answer, not an error.
    let help = run_example(&server, SECRET, &["--help".to_owned()]);
    let stdout = String::from_utf8(help.stdout).unwrap();
    assert_eq!(help.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with("usage: ureq_client ") && stdout.contains("--scheme v1|v3"),
        "{stdout}"
    );
    assert_eq!(server.log().requests, 0);
}

#[test]
fn the_example_binary_sends_ten_ids_per_request() {
    let server = start(script());
    let mut ids: Vec<String> = (1..=4).map(id).collect();
    ids.extend((0..8).map(|n| format!("ffffffffffffffffffffffffffff{n:04}")));
    let out = run_example(&server, SECRET, &ids);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    // Every id is answered: 4 jobs and 8 unknown ids, over two requests (10 + 2).
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("job ")).count(),
        12,
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().filter(|l| l.ends_with(" unknown")).count(),
        8,
        "{stdout}"
    );
    let log = server.log();
    assert_eq!((log.requests, log.max_ids), (2, 10));
    assert!(log.errors.is_empty());
}

#[test]
fn the_example_binary_waits_with_the_tracker_until_every_job_ended() {
    let server = start(script());
    let unknown = "ffffffffffffffffffffffffffffffff";
    let args = ["--format", "xml", "--wait", "--interval", "0.01"]
        .map(str::to_owned)
        .into_iter()
        .chain([id(1), id(2), id(3), unknown.to_owned()])
        .collect::<Vec<_>>();
    let out = run_example(&server, SECRET, &args);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Each job printed once, when it ended: job 2 and the unknown id on the first
    // poll, job 3 (Fail) on the second, job 1 on the third.
    let url = |job: u32, n: u32| {
        format!("  https://media-out.oss-cn-hangzhou.aliyuncs.com/snapshots/job{job}/0000{n}.jpg")
    };
    let expected = [
        format!("job {} Success", id(2)),
        url(2, 1),
        url(2, 2),
        url(2, 3),
        format!("job {unknown} unknown"),
        format!("job {} Fail", id(3)),
        "  failed: InvalidParameter.ResourceNotFound: The resource operated \"InputFile\" cannot be found.".to_owned(),
        format!("job {} Success", id(1)),
        url(1, 1),
        url(1, 2),
        url(1, 3),
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
    let log = server.log();
    assert_eq!((log.requests, log.verified, log.max_ids), (3, 3, 4));
    assert!(log.errors.is_empty());
}
