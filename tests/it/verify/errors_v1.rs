//! Each check of the v1 verifier, failed on purpose: the error names the check and
//! where. The requests come from the crate's signer. (v3: `verify_errors_v3.rs`.)

use mts_codec::Timestamp;
use mts_codec::signing::{
    Credentials, CredentialsError, Method, Params, RpcSigner, TimestampError,
};
use mts_codec::verify::{Malformed, Part, RpcRequest, Verifier, VerifyError};

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
            error: TimestampError::FractionalSeconds { at: 19 }
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
