//! Each check of the verifier, failed on purpose: the error names the check and where.
//!
//! v1 requests come from the crate's signer; v3 requests from the `spec-3-2` and
//! `sts-get` golden vectors (`tests/vectors_v3/`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fs;
use std::path::Path;

use mts_codec::Timestamp;
use mts_codec::signing::{
    Credentials, CredentialsError, Method, Params, RpcSigner, TimestampError,
};
use mts_codec::verify::{Malformed, Part, Payload, RpcRequest, V3Request, Verifier, VerifyError};

const ID: &str = "testid";
const SECRET: &str = "testsecret";
const NONCE: &str = "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f";
const TIME: &str = "2024-01-01T00:00:00Z";

fn time() -> Timestamp {
    Timestamp::parse(TIME).unwrap()
}

fn lookup(id: &str) -> Option<&'static str> {
    (id == ID).then_some(SECRET)
}

/// A query the signer produced: `QuerySnapshotJobList`, one job id, GET.
fn signed_query() -> String {
    let creds = Credentials::new(ID, SECRET).unwrap();
    let mut params = Params::<2>::new();
    params
        .insert("SnapshotJobIds", "72dfa5e679ab4be9a3ed9974c7360001")
        .unwrap();
    let signer = RpcSigner::new("QuerySnapshotJobList", "2014-06-18").method(Method::Get);
    let signed = signer.sign(&params, &creds, time(), NONCE).unwrap();
    let mut query = String::new();
    signed.write_query(&mut query).unwrap();
    query
}

/// `query` with parameter `name` removed.
fn without(query: &str, name: &str) -> String {
    let prefix = format!("{name}=");
    query
        .split('&')
        .filter(|s| !s.starts_with(&prefix))
        .collect::<Vec<_>>()
        .join("&")
}

/// `query` with parameter `name` set to `value` (raw).
fn with(query: &str, name: &str, value: &str) -> String {
    let prefix = format!("{name}=");
    query
        .split('&')
        .map(|s| {
            if s.starts_with(&prefix) {
                format!("{prefix}{value}")
            } else {
                s.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn v1(query: &str) -> Result<(), VerifyError> {
    v1_with(Verifier::new(), RpcRequest::get(query), time())
}

fn v1_with<const P: usize, const B: usize>(
    verifier: Verifier<P, B>,
    request: RpcRequest<'_>,
    now: Timestamp,
) -> Result<(), VerifyError> {
    verifier.verify_rpc(&request, now, lookup).map(|_| ())
}

#[test]
fn the_base_request_verifies() {
    assert_eq!(v1(&signed_query()), Ok(()));
}

#[test]
fn method() {
    let q = signed_query();
    for method in ["PUT", "get", "", "GET "] {
        let request = RpcRequest {
            method,
            ..RpcRequest::get(&q)
        };
        assert_eq!(
            v1_with(Verifier::new(), request, time()),
            Err(VerifyError::UnsupportedMethod)
        );
    }
}

#[test]
fn malformed_query_and_body_name_the_part_and_byte() {
    let q = signed_query();
    let broken = format!("{q}&x=%zz");
    assert_eq!(
        v1(&broken),
        Err(VerifyError::Malformed {
            part: Part::Query,
            at: q.len() + 3,
            kind: Malformed::BadEscape
        })
    );
    let request = RpcRequest {
        method: "POST",
        query: b"",
        form_body: Some(b"a=1&&b=2"),
    };
    assert_eq!(
        v1_with(Verifier::new(), request, time()),
        Err(VerifyError::Malformed {
            part: Part::FormBody,
            at: 4,
            kind: Malformed::EmptySegment
        })
    );
    assert_eq!(
        v1(&format!("{q}&Note=%C3%28")),
        Err(VerifyError::NotUtf8 {
            part: Part::Query,
            at: q.len() + 6
        })
    );
}

#[test]
fn a_parameter_in_both_query_and_body_is_a_duplicate() {
    let q = signed_query();
    let request = RpcRequest {
        method: "GET",
        query: q.as_bytes(),
        form_body: Some(b"Action=QuerySnapshotJobList"),
    };
    assert_eq!(
        v1_with(Verifier::new(), request, time()),
        Err(VerifyError::DuplicateParameter {
            part: Part::FormBody,
            at: 0
        })
    );
}

#[test]
fn capacities() {
    let q = signed_query();
    // 8 common parameters (no RegionId, no SecurityToken), SnapshotJobIds and
    // Signature: 10.
    assert_eq!(
        v1_with(
            Verifier::<9, 4096>::with_capacity(),
            RpcRequest::get(&q),
            time()
        ),
        Err(VerifyError::TooManyParameters { capacity: 9 })
    );
    assert_eq!(
        v1_with(
            Verifier::<10, 4096>::with_capacity(),
            RpcRequest::get(&q),
            time()
        ),
        Ok(())
    );
    assert_eq!(
        v1_with(
            Verifier::<10, 128>::with_capacity(),
            RpcRequest::get(&q),
            time()
        ),
        Err(VerifyError::TooLarge { capacity: 128 })
    );
}

#[test]
fn every_required_parameter_is_required_and_non_empty() {
    let q = signed_query();
    for name in [
        "AccessKeyId",
        "Action",
        "Version",
        "SignatureMethod",
        "SignatureVersion",
        "SignatureNonce",
        "Timestamp",
        "Signature",
    ] {
        assert_eq!(
            v1(&without(&q, name)),
            Err(VerifyError::MissingParameter { name }),
            "{name}"
        );
        assert_eq!(
            v1(&with(&q, name, "")),
            Err(VerifyError::Empty { name }),
            "{name}"
        );
    }
}

#[test]
fn signature_method_version_and_type() {
    let q = signed_query();
    assert_eq!(
        v1(&with(&q, "SignatureMethod", "HMAC-SHA256")),
        Err(VerifyError::UnsupportedSignatureMethod)
    );
    assert_eq!(
        v1(&with(&q, "SignatureVersion", "2.0")),
        Err(VerifyError::UnsupportedSignatureVersion)
    );
    assert_eq!(
        v1(&format!("{q}&SignatureType=BEARERTOKEN")),
        Err(VerifyError::UnsupportedSignatureType)
    );
    // Empty, as the classic SDKs send it, passes this check (and is then signed).
    assert_eq!(
        v1(&format!("{q}&SignatureType=")),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn timestamp_syntax_and_window() {
    let q = signed_query();
    assert_eq!(
        v1(&with(&q, "Timestamp", "2024-01-01T00%3A00%3A00.000Z")),
        Err(VerifyError::BadTimestamp {
            error: TimestampError::Syntax { at: 19 }
        })
    );
    let at = |offset: i64| Timestamp::from_unix_seconds(time().unix_seconds() + offset).unwrap();
    let verifier = Verifier::new();
    for ok in [-900, -1, 0, 1, 900] {
        assert_eq!(
            v1_with(verifier, RpcRequest::get(&q), at(ok)),
            Ok(()),
            "{ok}"
        );
    }
    // Now is 901 s after the request: the request is 901 s in the past.
    assert_eq!(
        v1_with(verifier, RpcRequest::get(&q), at(901)),
        Err(VerifyError::TimestampOutsideWindow {
            skew_seconds: -901,
            allowed_seconds: 900
        })
    );
    assert_eq!(
        v1_with(verifier, RpcRequest::get(&q), at(-3600)),
        Err(VerifyError::TimestampOutsideWindow {
            skew_seconds: 3600,
            allowed_seconds: 900
        })
    );
    let tight = Verifier::new().max_skew_seconds(60);
    assert_eq!(tight.allowed_skew_seconds(), 60);
    assert_eq!(
        v1_with(tight, RpcRequest::get(&q), at(61)),
        Err(VerifyError::TimestampOutsideWindow {
            skew_seconds: -61,
            allowed_seconds: 60
        })
    );
    assert_eq!(v1_with(tight, RpcRequest::get(&q), at(60)), Ok(()));
}

#[test]
fn lookup_and_secret() {
    let q = signed_query();
    let verifier = Verifier::new();
    let request = RpcRequest::get(&q);
    assert_eq!(
        verifier
            .verify_rpc(&request, time(), |_: &str| None::<&str>)
            .unwrap_err(),
        VerifyError::UnknownAccessKey
    );
    assert_eq!(
        verifier
            .verify_rpc(&request, time(), |_: &str| Some(""))
            .unwrap_err(),
        VerifyError::BadSecret {
            error: CredentialsError::EmptySecret
        }
    );
    assert_eq!(
        verifier
            .verify_rpc(&request, time(), |_: &str| Some("x".repeat(129)))
            .unwrap_err(),
        VerifyError::BadSecret {
            error: CredentialsError::SecretTooLong { len: 129 }
        }
    );
    assert_eq!(
        verifier
            .verify_rpc(&request, time(), |_: &str| Some("testsecreT"))
            .unwrap_err(),
        VerifyError::SignatureMismatch
    );
    // The lookup sees the decoded AccessKeyId, once.
    let mut seen = Vec::new();
    verifier
        .verify_rpc(&request, time(), |id: &str| {
            seen.push(id.to_owned());
            lookup(id)
        })
        .unwrap();
    assert_eq!(seen, [ID]);
}

#[test]
fn a_changed_value_or_signature_does_not_verify() {
    let q = signed_query();
    assert_eq!(
        v1(&with(
            &q,
            "SnapshotJobIds",
            "72dfa5e679ab4be9a3ed9974c7360002"
        )),
        Err(VerifyError::SignatureMismatch)
    );
    assert_eq!(
        v1(&format!("{q}&Extra=1")),
        Err(VerifyError::SignatureMismatch)
    );
    assert_eq!(
        v1(&with(&q, "Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA%3D")),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn write_errors_are_reported() {
    let q = signed_query();
    let mut small = heapless::String::<16>::new();
    assert_eq!(
        Verifier::new().write_rpc_string_to_sign(&RpcRequest::get(&q), &mut small),
        Err(VerifyError::Write)
    );
}

// ---- v3 -------------------------------------------------------------------------

struct V3Case {
    method: String,
    query: String,
    headers: Vec<(String, String)>,
    now: Timestamp,
    secret: String,
}

fn v3_case(name: &str) -> V3Case {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors_v3")
        .join(name);
    let read = |f: &str| fs::read_to_string(dir.join(f)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&read("request.json")).unwrap();
    let canonical = read("canonical-request.txt");
    let lines: Vec<&str> = canonical.lines().collect();
    let mut headers: Vec<(String, String)> = lines[3..]
        .iter()
        .take_while(|l| !l.is_empty())
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.to_owned(), v.to_owned())
        })
        .collect();
    headers.push(("Authorization".to_owned(), read("authorization.txt")));
    V3Case {
        method: lines[0].to_owned(),
        query: lines[2].to_owned(),
        headers,
        now: Timestamp::parse(json["timestamp"].as_str().unwrap()).unwrap(),
        secret: json["access_key_secret"].as_str().unwrap().to_owned(),
    }
}

impl V3Case {
    fn verify_with(&self, path: &str, body: Payload<'_>) -> Result<(), VerifyError> {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let request = V3Request {
            method: &self.method,
            path,
            query: self.query.as_bytes(),
            headers: &headers,
            body,
        };
        Verifier::new()
            .verify_v3(&request, self.now, |_: &str| Some(self.secret.as_str()))
            .map(|_| ())
    }

    fn verify(&self) -> Result<(), VerifyError> {
        self.verify_with("/", Payload::Bytes(b""))
    }

    fn header(&mut self, name: &str) -> &mut String {
        &mut self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .unwrap()
            .1
    }

    fn remove(&mut self, name: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// Rewrites the `Authorization` value.
    fn authorization(&mut self, edit: impl FnOnce(&str) -> String) {
        let value = edit(self.header("authorization"));
        *self.header("authorization") = value;
    }
}

#[test]
fn v3_base_cases_verify_and_tolerate_case_and_whitespace() {
    let mut c = v3_case("spec-3-2");
    assert_eq!(c.verify(), Ok(()));
    // Header names in any case, values padded: both as the signer normalizes them.
    for (name, value) in &mut c.headers {
        *name = name.to_ascii_uppercase();
        if name != "AUTHORIZATION" {
            *value = format!("  {value}\t");
        }
    }
    assert_eq!(c.verify(), Ok(()));
    assert_eq!(v3_case("sts-get").verify(), Ok(()));
}

#[test]
fn v3_method_and_path() {
    let mut c = v3_case("spec-3-2");
    assert_eq!(
        c.verify_with("/x", Payload::Bytes(b"")),
        Err(VerifyError::UnsupportedPath)
    );
    c.method = "DELETE".to_owned();
    assert_eq!(c.verify(), Err(VerifyError::UnsupportedMethod));
    c.method = "GET".to_owned(); // signed as POST
    assert_eq!(c.verify(), Err(VerifyError::SignatureMismatch));
}

#[test]
fn v3_authorization_header() {
    let mut c = v3_case("spec-3-2");
    c.remove("authorization");
    assert_eq!(
        c.verify(),
        Err(VerifyError::MissingHeader {
            name: "authorization"
        })
    );

    let c = v3_case("spec-3-2");
    let mut twice = v3_case("spec-3-2");
    twice.headers.push(c.headers.last().unwrap().clone());
    assert_eq!(
        twice.verify(),
        Err(VerifyError::DuplicateHeader {
            index: c.headers.len()
        })
    );

    let mut c = v3_case("spec-3-2");
    c.authorization(|a| a.replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3"));
    assert_eq!(c.verify(), Err(VerifyError::UnsupportedAlgorithm));

    // Each malformation names its byte in the Authorization value.
    let malformed = |edit: &dyn Fn(&str) -> String| {
        let mut c = v3_case("spec-3-2");
        c.authorization(|a| edit(a));
        c.verify()
    };
    let at = |at| Err(VerifyError::MalformedAuthorization { at });
    assert_eq!(
        malformed(&|a| a.replace("Credential=", "Credentials=")),
        at(17)
    );
    assert_eq!(malformed(&|a| a.replace("=testid,", "=,")), at(28));
    assert_eq!(
        malformed(&|a| a.replace(",SignedHeaders=", ",Signedheaders=")),
        at(34)
    );
    // "host;x-acs-action" reversed: the second name is out of order.
    assert_eq!(
        malformed(&|a| a.replace("host;x-acs-action;", "x-acs-action;host;")),
        at(49 + "x-acs-action;".len())
    );
    assert_eq!(malformed(&|a| a.replace("host;", "Host;")), at(49));
    assert_eq!(malformed(&|a| a.replace("host;", "host;;")), at(54));
    let len = v3_case("spec-3-2").header("authorization").len();
    assert_eq!(malformed(&|a| a[..a.len() - 1].to_owned()), at(len - 1));
    assert_eq!(
        malformed(&|a| format!("{}A", &a[..a.len() - 1])),
        at(len - 1)
    );
    assert_eq!(malformed(&|a| format!("{a}0")), at(len));
}

#[test]
fn v3_always_signed_headers_must_be_signed_and_sent() {
    for name in [
        "host",
        "x-acs-action",
        "x-acs-content-sha256",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-version",
    ] {
        let mut c = v3_case("spec-3-2");
        c.authorization(|a| {
            a.replace(&format!("{name};"), "")
                .replace(&format!(";{name},"), ",")
        });
        assert_eq!(
            c.verify(),
            Err(VerifyError::UnsignedHeader { name }),
            "{name}"
        );
        let mut c = v3_case("spec-3-2");
        c.remove(name);
        assert!(
            matches!(c.verify(), Err(VerifyError::SignedHeaderMissing { .. })),
            "{name}"
        );
    }
    // A token that is sent must be signed.
    let mut c = v3_case("spec-3-2");
    c.headers
        .push(("x-acs-security-token".to_owned(), "tok".to_owned()));
    assert_eq!(
        c.verify(),
        Err(VerifyError::UnsignedHeader {
            name: "x-acs-security-token"
        })
    );
    // A signed header that is not sent: named by its offset.
    let mut c = v3_case("spec-3-2");
    c.authorization(|a| a.replace(",Signature=", ";zz-extra,Signature="));
    let names = c.header("authorization").find("SignedHeaders=").unwrap() + 14;
    let offset = names + c.header("authorization")[names..].find("zz-extra").unwrap();
    assert_eq!(
        c.verify(),
        Err(VerifyError::SignedHeaderMissing { at: offset })
    );
}

#[test]
fn v3_header_values() {
    let mut c = v3_case("spec-3-2");
    *c.header("x-acs-signature-nonce") = " ".to_owned();
    assert_eq!(
        c.verify(),
        Err(VerifyError::Empty {
            name: "x-acs-signature-nonce"
        })
    );
    let mut c = v3_case("spec-3-2");
    let index = c.headers.iter().position(|(n, _)| n == "host").unwrap();
    c.header("host").push_str("\nx-evil:1");
    assert_eq!(c.verify(), Err(VerifyError::MalformedHeader { index }));
    let mut c = v3_case("spec-3-2");
    let again = ("X-Acs-Date".to_owned(), c.header("x-acs-date").clone());
    c.headers.push(again);
    assert_eq!(
        c.verify(),
        Err(VerifyError::DuplicateHeader {
            index: c.headers.len() - 1
        })
    );
    // An unsigned header may repeat and holds anything.
    let mut c = v3_case("spec-3-2");
    c.headers.push(("accept".to_owned(), "a".to_owned()));
    c.headers.push(("accept".to_owned(), "b".to_owned()));
    assert_eq!(c.verify(), Ok(()));
    let mut c = v3_case("spec-3-2");
    *c.header("host") = "mts.cn-hangzhou.aliyuncs.com".to_owned();
    assert_eq!(c.verify(), Err(VerifyError::SignatureMismatch));
}

#[test]
fn v3_body_hash() {
    let c = v3_case("spec-3-2");
    assert_eq!(
        c.verify_with("/", Payload::Bytes(b"x")),
        Err(VerifyError::ContentHashMismatch)
    );
    assert_eq!(
        c.verify_with("/", Payload::Sha256Hex("e3b0")),
        Err(VerifyError::ContentHashMismatch)
    );
    let upper = mts_codec::signing::EMPTY_BODY_SHA256.to_ascii_uppercase();
    assert_eq!(c.verify_with("/", Payload::Sha256Hex(&upper)), Ok(()));
}

#[test]
fn v3_query_and_date() {
    let mut c = v3_case("spec-3-2");
    c.query.push_str("&action=X");
    assert_eq!(
        c.verify(),
        Err(VerifyError::ReservedParameter { name: "Action" })
    );
    let mut c = v3_case("spec-3-2");
    c.query.push_str("&Extra=1");
    assert_eq!(c.verify(), Err(VerifyError::SignatureMismatch));
    let mut c = v3_case("spec-3-2");
    *c.header("x-acs-date") = "2024-01-01 00:00:00Z".to_owned();
    assert_eq!(
        c.verify(),
        Err(VerifyError::BadTimestamp {
            error: TimestampError::Syntax { at: 10 }
        })
    );
    let mut c = v3_case("spec-3-2");
    c.now = Timestamp::from_unix_seconds(c.now.unix_seconds() + 901).unwrap();
    assert_eq!(
        c.verify(),
        Err(VerifyError::TimestampOutsideWindow {
            skew_seconds: -901,
            allowed_seconds: 900
        })
    );
}

#[test]
fn v3_lookup() {
    let c = v3_case("spec-3-2");
    let headers: Vec<(&str, &str)> = c
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let request = V3Request {
        method: &c.method,
        path: "/",
        query: c.query.as_bytes(),
        headers: &headers,
        body: Payload::Bytes(b""),
    };
    let verifier = Verifier::new();
    assert_eq!(
        verifier
            .verify_v3(&request, c.now, |_: &str| None::<&str>)
            .unwrap_err(),
        VerifyError::UnknownAccessKey
    );
    assert_eq!(
        verifier
            .verify_v3(&request, c.now, |_: &str| Some(""))
            .unwrap_err(),
        VerifyError::BadSecret {
            error: CredentialsError::EmptySecret
        }
    );
    let mut seen = Vec::new();
    verifier
        .verify_v3(&request, c.now, |id: &str| {
            seen.push(id.to_owned());
            Some(c.secret.clone())
        })
        .unwrap();
    assert_eq!(seen, ["testid"]);
}

#[test]
fn every_error_displays_what_failed() {
    let errors = [
        VerifyError::UnsupportedMethod,
        VerifyError::Malformed {
            part: Part::FormBody,
            at: 7,
            kind: Malformed::BadEscape,
        },
        VerifyError::DuplicateParameter {
            part: Part::Query,
            at: 12,
        },
        VerifyError::TimestampOutsideWindow {
            skew_seconds: -901,
            allowed_seconds: 900,
        },
        VerifyError::MalformedAuthorization { at: 3 },
        VerifyError::MissingParameter { name: "Timestamp" },
    ];
    let texts: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        texts,
        [
            "HTTP method is not GET or POST",
            "form body byte 7: `%` not followed by two hex digits",
            "query byte 12: parameter repeated",
            "request time is 901 s before now, more than the 900 s allowed",
            "Authorization byte 3: malformed",
            "parameter `Timestamp` is missing",
        ]
    );
    let boxed: Box<dyn std::error::Error> = Box::new(VerifyError::SignatureMismatch);
    assert_eq!(boxed.to_string(), "signature does not match");
}
