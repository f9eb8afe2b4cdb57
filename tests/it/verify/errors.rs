//! Each check of the verifier, failed on purpose: the error names the check and where.
//! The checks v1 and v3 share run over a request of each version; the checks of one
//! version's shape (v1's common parameters and form body, v3's headers and
//! `Authorization`) are named for it. The v1 request comes from the crate's signer, the
//! v3 ones are the `spec-3-2` and `sts-get` golden vectors (`tests/vectors_v3/`), read
//! from their files; each is then altered.

use std::fs;
use std::path::Path;

use mts_codec::Timestamp;
use mts_codec::percent::Encoded;
use mts_codec::signing::{
    Credentials, CredentialsError, EMPTY_BODY_SHA256, Method, Params, RpcSigner, TimestampError,
};
use mts_codec::verify::{
    HeaderName, Malformed, Part, Payload, RpcRequest, V3Request, Verifier, VerifyError,
};

use crate::support::fixtures::borrowed;

const ID: &str = "testid";
const SECRET: &str = "testsecret";
const NONCE: &str = "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f";
const TIME: &str = "2024-01-01T00:00:00Z";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Version {
    V1,
    V3,
}

/// A signed request of either version, to alter and verify.
#[derive(Clone, Debug)]
struct Case {
    version: Version,
    method: String,
    /// v1: every parameter; v3: the API's parameters.
    query: String,
    /// v3: the received headers, `Authorization` last; v1: none.
    headers: Vec<(String, String)>,
    now: Timestamp,
    key_id: String,
    secret: String,
}

/// The same check, in a request of each version: [`Case::v1`] and `spec-3-2`, both
/// signed by `testid` with `testsecret`.
fn both() -> [Case; 2] {
    [Case::v1(), Case::v3("spec-3-2")]
}

impl Case {
    /// A query the signer produced: `QuerySnapshotJobList`, one job id, GET.
    fn v1() -> Self {
        let time = Timestamp::parse(TIME).unwrap();
        let creds = Credentials::new(ID, SECRET).unwrap();
        let mut params = Params::<2>::new();
        params
            .insert("SnapshotJobIds", "72dfa5e679ab4be9a3ed9974c7360001")
            .unwrap();
        let signer = RpcSigner::new("QuerySnapshotJobList", "2014-06-18").method(Method::Get);
        let signed = signer.sign(&params, &creds, time, NONCE).unwrap();
        let mut query = String::new();
        signed.write_query(&mut query).unwrap();
        Case {
            version: Version::V1,
            method: "GET".to_owned(),
            query,
            headers: Vec::new(),
            now: time,
            key_id: ID.to_owned(),
            secret: SECRET.to_owned(),
        }
    }

    /// The v3 golden vector `name`, as received.
    fn v3(name: &str) -> Self {
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
        let text = |key: &str| json[key].as_str().unwrap().to_owned();
        Case {
            version: Version::V3,
            method: lines[0].to_owned(),
            query: lines[2].to_owned(),
            headers,
            now: Timestamp::parse(&text("timestamp")).unwrap(),
            key_id: text("access_key_id"),
            secret: text("access_key_secret"),
        }
    }

    fn verify(&self) -> Result<(), VerifyError> {
        self.verify_at(Verifier::new(), self.now)
    }

    /// Verifies with `verifier` at `now`, the secret looked up for the case's key.
    fn verify_at<const P: usize, const B: usize>(
        &self,
        verifier: Verifier<P, B>,
        now: Timestamp,
    ) -> Result<(), VerifyError> {
        let lookup = |id: &str| (id == self.key_id).then_some(self.secret.as_str());
        self.verify_looking_up(verifier, now, lookup)
    }

    fn verify_looking_up<const P: usize, const B: usize, S: AsRef<str>>(
        &self,
        verifier: Verifier<P, B>,
        now: Timestamp,
        lookup: impl FnMut(&str) -> Option<S>,
    ) -> Result<(), VerifyError> {
        match self.version {
            Version::V1 => verifier
                .verify_rpc(&self.rpc_request(), now, lookup)
                .map(|_| ()),
            Version::V3 => {
                let headers = borrowed(&self.headers);
                let request = self.v3_request("/", &headers, Payload::Bytes(b""));
                verifier.verify_v3(&request, now, lookup).map(|_| ())
            }
        }
    }

    /// The server's string-to-sign, into `out`.
    fn write_string_to_sign(&self, out: &mut impl std::fmt::Write) -> Result<(), VerifyError> {
        let verifier = Verifier::new();
        match self.version {
            Version::V1 => verifier.write_rpc_string_to_sign(&self.rpc_request(), out),
            Version::V3 => {
                let headers = borrowed(&self.headers);
                let request = self.v3_request("/", &headers, Payload::Bytes(b""));
                verifier.write_v3_string_to_sign(&request, out)
            }
        }
    }

    fn rpc_request(&self) -> RpcRequest<'_> {
        RpcRequest {
            method: &self.method,
            query: self.query.as_bytes(),
            form_body: None,
        }
    }

    fn v3_request<'a>(
        &'a self,
        path: &'a str,
        headers: &'a [(&'a str, &'a str)],
        body: Payload<'a>,
    ) -> V3Request<'a> {
        V3Request {
            method: &self.method,
            path,
            query: self.query.as_bytes(),
            headers,
            body,
        }
    }

    /// v3: verifies the request sent to `path` with `body`.
    fn verify_v3_with(&self, path: &str, body: Payload<'_>) -> Result<(), VerifyError> {
        let headers = borrowed(&self.headers);
        Verifier::new()
            .verify_v3(
                &self.v3_request(path, &headers, body),
                self.now,
                |_: &str| Some(self.secret.as_str()),
            )
            .map(|_| ())
    }

    /// Sets query parameter `name` to `value` (raw).
    fn set_param(&mut self, name: &str, value: &str) {
        let prefix = format!("{name}=");
        self.query = self
            .query
            .split('&')
            .map(|s| {
                if s.starts_with(&prefix) {
                    format!("{prefix}{value}")
                } else {
                    s.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("&");
    }

    /// Removes query parameter `name`.
    fn remove_param(&mut self, name: &str) {
        let prefix = format!("{name}=");
        self.query = self
            .query
            .split('&')
            .filter(|s| !s.starts_with(&prefix))
            .collect::<Vec<_>>()
            .join("&");
    }

    /// Appends `pair` (raw) to the query.
    fn add_param(&mut self, pair: &str) {
        self.query.push('&');
        self.query.push_str(pair);
    }

    /// Sets the signed time: v1's `Timestamp` parameter, v3's `x-acs-date` header.
    fn set_time(&mut self, text: &str) {
        match self.version {
            Version::V1 => self.set_param("Timestamp", &Encoded(text).to_string()),
            Version::V3 => *self.header("x-acs-date") = text.to_owned(),
        }
    }

    /// v3: the value of header `name`.
    fn header(&mut self, name: &str) -> &mut String {
        &mut self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .unwrap()
            .1
    }

    /// v3: removes header `name`.
    fn remove(&mut self, name: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// v3: rewrites the `Authorization` value.
    fn authorization(&mut self, edit: impl FnOnce(&str) -> String) {
        let value = edit(self.header("authorization"));
        *self.header("authorization") = value;
    }
}

#[test]
fn the_base_requests_verify() {
    assert_eq!(Case::v1().verify(), Ok(()));
    assert_eq!(Case::v3("spec-3-2").verify(), Ok(()));
    assert_eq!(Case::v3("sts-get").verify(), Ok(()));
}

#[test]
fn method() {
    for c in both() {
        for method in ["PUT", "DELETE", "get", "", "GET "] {
            let c = Case {
                method: method.to_owned(),
                ..c.clone()
            };
            assert_eq!(
                c.verify(),
                Err(VerifyError::UnsupportedMethod),
                "{:?} {method:?}",
                c.version
            );
        }
        // Signed for one method, sent with the other.
        let other = if c.method == "GET" { "POST" } else { "GET" };
        let c = Case {
            method: other.to_owned(),
            ..c
        };
        assert_eq!(
            c.verify(),
            Err(VerifyError::SignatureMismatch),
            "{:?}",
            c.version
        );
    }
}

#[test]
fn timestamp_syntax_and_window() {
    for c in both() {
        let v = c.version;
        let mut bad = c.clone();
        bad.set_time("2024-01-01T00:00:00.000Z");
        assert_eq!(
            bad.verify(),
            Err(VerifyError::BadTimestamp {
                error: TimestampError::FractionalSeconds { at: 19 }
            }),
            "{v:?}"
        );
        bad.set_time("2024-01-01 00:00:00Z");
        assert_eq!(
            bad.verify(),
            Err(VerifyError::BadTimestamp {
                error: TimestampError::Syntax { at: 10 }
            }),
            "{v:?}"
        );

        let at = |offset: i64| Timestamp::from_unix_seconds(c.now.unix_seconds() + offset).unwrap();
        let verifier = Verifier::new();
        for ok in [-900, -1, 0, 1, 900] {
            assert_eq!(c.verify_at(verifier, at(ok)), Ok(()), "{v:?} {ok}");
        }
        // Now is 901 s after the request: the request is 901 s in the past.
        assert_eq!(
            c.verify_at(verifier, at(901)),
            Err(VerifyError::TimestampOutsideWindow {
                skew_seconds: -901,
                allowed_seconds: 900
            }),
            "{v:?}"
        );
        assert_eq!(
            c.verify_at(verifier, at(-3600)),
            Err(VerifyError::TimestampOutsideWindow {
                skew_seconds: 3600,
                allowed_seconds: 900
            }),
            "{v:?}"
        );
        let tight = Verifier::new().max_skew_seconds(60);
        assert_eq!(tight.allowed_skew_seconds(), 60);
        assert_eq!(
            c.verify_at(tight, at(61)),
            Err(VerifyError::TimestampOutsideWindow {
                skew_seconds: -61,
                allowed_seconds: 60
            }),
            "{v:?}"
        );
        assert_eq!(c.verify_at(tight, at(60)), Ok(()), "{v:?}");
    }
}

#[test]
fn lookup_and_secret() {
    for c in both() {
        let v = c.version;
        let verify = |lookup: &dyn Fn(&str) -> Option<String>| {
            c.verify_looking_up(Verifier::new(), c.now, lookup)
        };
        assert_eq!(
            verify(&|_| None),
            Err(VerifyError::UnknownAccessKey),
            "{v:?}"
        );
        assert_eq!(
            verify(&|_| Some(String::new())),
            Err(VerifyError::BadSecret {
                error: CredentialsError::EmptySecret
            }),
            "{v:?}"
        );
        assert_eq!(
            verify(&|_| Some("x".repeat(129))),
            Err(VerifyError::BadSecret {
                error: CredentialsError::SecretTooLong { len: 129 }
            }),
            "{v:?}"
        );
        assert_eq!(
            verify(&|_| Some("testsecreT".to_owned())),
            Err(VerifyError::SignatureMismatch),
            "{v:?}"
        );
        // The lookup sees the decoded AccessKeyId, once.
        let mut seen = Vec::new();
        c.verify_looking_up(Verifier::new(), c.now, |id: &str| {
            seen.push(id.to_owned());
            Some(SECRET)
        })
        .unwrap();
        assert_eq!(seen, [ID], "{v:?}");
    }
}

#[test]
fn a_changed_or_added_parameter_does_not_verify() {
    for c in both() {
        let mut changed = c.clone();
        changed.set_param("SnapshotJobIds", "72dfa5e679ab4be9a3ed9974c7360002");
        assert_eq!(
            changed.verify(),
            Err(VerifyError::SignatureMismatch),
            "{:?}",
            c.version
        );
        let mut added = c.clone();
        added.add_param("Extra=1");
        assert_eq!(
            added.verify(),
            Err(VerifyError::SignatureMismatch),
            "{:?}",
            c.version
        );
    }
}

#[test]
fn write_errors_are_reported() {
    for c in both() {
        let mut small = heapless::String::<16>::new();
        assert_eq!(
            c.write_string_to_sign(&mut small),
            Err(VerifyError::Write),
            "{:?}",
            c.version
        );
    }
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

#[test]
fn header_name_keeps_short_names_and_cuts_long_ones_on_a_char_boundary() {
    let short = HeaderName::new("x-acs-date");
    assert_eq!(short.as_str(), "x-acs-date");
    assert!(!short.is_truncated());
    assert_eq!(short, "x-acs-date");

    // 47 ASCII bytes, then a two-byte character across the 48-byte limit.
    let kept = "a".repeat(47);
    let name = format!("{kept}éz");
    assert_eq!(kept.len(), HeaderName::CAPACITY - 1);
    let cut = HeaderName::new(&name);
    assert!(cut.is_truncated());
    assert_eq!(cut.as_str(), kept);
    assert_ne!(cut, name.as_str());
    let debug = format!("{cut:?}");
    assert!(debug.starts_with("HeaderName(\"aaaa"), "{debug}");
    assert!(debug.ends_with("a…\")"), "{debug}");
}

/// Each malformed query or form body, received in place of a signed request's query,
/// is refused naming the byte, in either version: both decode with the same rules.
#[test]
fn each_malformation_is_named_with_its_offset() {
    let malformed = |at, kind| VerifyError::Malformed {
        part: Part::Query,
        at,
        kind,
    };
    let cases = [
        ("a=1&&b=2", malformed(4, Malformed::EmptySegment)),
        ("&a=1", malformed(0, Malformed::EmptySegment)),
        ("a=1&", malformed(4, Malformed::EmptySegment)),
        ("a=1&b", malformed(4, Malformed::MissingEquals)),
        ("a=1&=2", malformed(4, Malformed::EmptyName)),
        ("?a=1", malformed(0, Malformed::LeadingQuestionMark)),
        ("a=1&b=%2", malformed(6, Malformed::BadEscape)),
        ("a=%G0", malformed(2, Malformed::BadEscape)),
        ("a=x y", malformed(3, Malformed::ForbiddenByte)),
        ("a=\x7f", malformed(2, Malformed::ForbiddenByte)),
        (
            "a=1&b=%FF",
            VerifyError::NotUtf8 {
                part: Part::Query,
                at: 6,
            },
        ),
        (
            "a=1&%FF=1",
            VerifyError::NotUtf8 {
                part: Part::Query,
                at: 4,
            },
        ),
        (
            "a=1&b=2&a=3",
            VerifyError::DuplicateParameter {
                part: Part::Query,
                at: 8,
            },
        ),
        // `%61` is `a`: a duplicate once decoded.
        (
            "a=1&%61=3",
            VerifyError::DuplicateParameter {
                part: Part::Query,
                at: 4,
            },
        ),
    ];
    for c in both() {
        for (query, error) in &cases {
            let c = Case {
                query: (*query).to_owned(),
                ..c.clone()
            };
            assert_eq!(c.verify().as_ref(), Err(error), "{:?} {query:?}", c.version);
        }
    }
}

/// Past the parameter count or the decoded bytes a verifier holds, the request is
/// refused, in either version.
#[test]
fn capacities_are_errors_not_panics() {
    for c in both() {
        let v = c.version;
        let with_query = |query: &str| Case {
            query: query.to_owned(),
            ..c.clone()
        };
        let small = Verifier::<8, 64>::with_capacity();
        assert_eq!(
            with_query("a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9").verify_at(small, c.now),
            Err(VerifyError::TooManyParameters { capacity: 8 }),
            "{v:?}"
        );
        // `a` plus 63 value bytes fill the 64 bytes exactly; one more does not fit.
        let fits = format!("a={}", "v".repeat(63));
        let past_decoding = match v {
            Version::V1 => VerifyError::MissingParameter {
                name: "AccessKeyId",
            },
            Version::V3 => VerifyError::SignatureMismatch,
        };
        assert_eq!(
            with_query(&fits).verify_at(small, c.now),
            Err(past_decoding),
            "{v:?}"
        );
        assert_eq!(
            with_query(&format!("{fits}v")).verify_at(small, c.now),
            Err(VerifyError::TooLarge { capacity: 64 }),
            "{v:?}"
        );
    }
}

// v1: the common parameters, the form body and the parameter capacities.

/// The verifier's lookup for [`Case::v1`].
fn lookup(id: &str) -> Option<&'static str> {
    (id == ID).then_some(SECRET)
}

fn v1_form(query: &str, body: &[u8]) -> Result<(), VerifyError> {
    let request = RpcRequest {
        method: "GET",
        query: query.as_bytes(),
        form_body: Some(body),
    };
    let now = Timestamp::parse(TIME).unwrap();
    Verifier::new()
        .verify_rpc(&request, now, lookup)
        .map(|_| ())
}

#[test]
fn v1_malformed_query_and_body_name_the_part_and_byte() {
    let c = Case::v1();
    let q = c.query.clone();
    let mut broken = c.clone();
    broken.add_param("x=%zz");
    assert_eq!(
        broken.verify(),
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
        Verifier::new()
            .verify_rpc(&request, c.now, lookup)
            .map(|_| ()),
        Err(VerifyError::Malformed {
            part: Part::FormBody,
            at: 4,
            kind: Malformed::EmptySegment
        })
    );
    let mut not_utf8 = c;
    not_utf8.add_param("Note=%C3%28");
    assert_eq!(
        not_utf8.verify(),
        Err(VerifyError::NotUtf8 {
            part: Part::Query,
            at: q.len() + 6
        })
    );
}

#[test]
fn v1_a_parameter_in_both_query_and_body_is_a_duplicate() {
    let q = Case::v1().query;
    assert_eq!(
        v1_form(&q, b"Action=QuerySnapshotJobList"),
        Err(VerifyError::DuplicateParameter {
            part: Part::FormBody,
            at: 0
        })
    );
}

#[test]
fn v1_capacities() {
    let c = Case::v1();
    // 8 common parameters (no RegionId, no SecurityToken), SnapshotJobIds and
    // Signature: 10.
    assert_eq!(
        c.verify_at(Verifier::<9, 4096>::with_capacity(), c.now),
        Err(VerifyError::TooManyParameters { capacity: 9 })
    );
    assert_eq!(
        c.verify_at(Verifier::<10, 4096>::with_capacity(), c.now),
        Ok(())
    );
    assert_eq!(
        c.verify_at(Verifier::<10, 128>::with_capacity(), c.now),
        Err(VerifyError::TooLarge { capacity: 128 })
    );
}

#[test]
fn v1_every_required_parameter_is_required_and_non_empty() {
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
        let mut c = Case::v1();
        c.remove_param(name);
        assert_eq!(
            c.verify(),
            Err(VerifyError::MissingParameter { name }),
            "{name}"
        );
        let mut c = Case::v1();
        c.set_param(name, "");
        assert_eq!(c.verify(), Err(VerifyError::Empty { name }), "{name}");
    }
}

#[test]
fn v1_signature_method_version_and_type() {
    let mut c = Case::v1();
    c.set_param("SignatureMethod", "HMAC-SHA256");
    assert_eq!(c.verify(), Err(VerifyError::UnsupportedSignatureMethod));
    let mut c = Case::v1();
    c.set_param("SignatureVersion", "2.0");
    assert_eq!(c.verify(), Err(VerifyError::UnsupportedSignatureVersion));
    let mut c = Case::v1();
    c.add_param("SignatureType=BEARERTOKEN");
    assert_eq!(c.verify(), Err(VerifyError::UnsupportedSignatureType));
    // Empty, as the classic SDKs send it, passes this check (and is then signed).
    let mut c = Case::v1();
    c.add_param("SignatureType=");
    assert_eq!(c.verify(), Err(VerifyError::SignatureMismatch));
}

#[test]
fn v1_a_changed_signature_does_not_verify() {
    let mut c = Case::v1();
    c.set_param("Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA%3D");
    assert_eq!(c.verify(), Err(VerifyError::SignatureMismatch));
}

#[test]
fn v1_only_the_canonical_base64_of_the_signature_verifies() {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    let mut c = Case::v1();
    let signature = c
        .query
        .split('&')
        .find_map(|s| s.strip_prefix("Signature="))
        .unwrap()
        .replace("%2B", "+")
        .replace("%2F", "/")
        .replace("%3D", "=");
    // The MAC, 20 bytes: 27 characters and one `=`, the last character's low 2 bits zero.
    assert_eq!(STANDARD.decode(&signature).unwrap().len(), 20);
    let (digits, last) = (&signature[..26], signature.as_bytes()[26]);
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let stray_bits = alphabet[alphabet.iter().position(|&b| b == last).unwrap() ^ 1];
    let unpadded = &signature[..27];
    for (variant, label) in [
        (format!("{digits}{}=", char::from(stray_bits)), "stray bits"),
        (unpadded.to_owned(), "no padding"),
        (format!("{signature}="), "padding twice"),
        (format!("{signature}AAAA"), "four more characters"),
        (format!("{unpadded}A"), "one more character"),
        (format!("{signature} "), "a space"),
        (signature.replace('+', "-").replace('/', "_"), "URL-safe"),
    ] {
        if variant == signature {
            continue; // The URL-safe variant of a signature without `+` or `/`.
        }
        c.set_param("Signature", &Encoded(&variant).to_string());
        assert_eq!(c.verify(), Err(VerifyError::SignatureMismatch), "{label}");
    }
    c.set_param("Signature", &Encoded(&signature).to_string());
    assert_eq!(c.verify(), Ok(()));
}

// v3: the path, the headers, `Authorization` and the body hash.

#[test]
fn v3_header_names_in_any_case_and_padded_values_verify() {
    let mut c = Case::v3("spec-3-2");
    // Header names in any case, values padded: both as the signer normalizes them.
    for (name, value) in &mut c.headers {
        *name = name.to_ascii_uppercase();
        if name != "AUTHORIZATION" {
            *value = format!("  {value}\t");
        }
    }
    assert_eq!(c.verify(), Ok(()));
}

#[test]
fn v3_path() {
    let c = Case::v3("spec-3-2");
    assert_eq!(
        c.verify_v3_with("/x", Payload::Bytes(b"")),
        Err(VerifyError::UnsupportedPath)
    );
}

#[test]
fn v3_authorization_header() {
    let mut c = Case::v3("spec-3-2");
    c.remove("authorization");
    assert_eq!(
        c.verify(),
        Err(VerifyError::MissingHeader {
            name: "authorization"
        })
    );

    let c = Case::v3("spec-3-2");
    let mut twice = Case::v3("spec-3-2");
    twice.headers.push(c.headers.last().unwrap().clone());
    let error = twice.verify().unwrap_err();
    assert_eq!(
        error,
        VerifyError::DuplicateHeader {
            name: HeaderName::new("authorization"),
            index: c.headers.len()
        }
    );
    assert_eq!(
        error.to_string(),
        format!(
            "header `authorization` is repeated (again at index {} of the received headers)",
            c.headers.len()
        )
    );

    let mut c = Case::v3("spec-3-2");
    c.authorization(|a| a.replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3"));
    assert_eq!(c.verify(), Err(VerifyError::UnsupportedAlgorithm));

    // Each malformation names its byte in the Authorization value.
    let malformed = |edit: &dyn Fn(&str) -> String| {
        let mut c = Case::v3("spec-3-2");
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
    let len = Case::v3("spec-3-2").header("authorization").len();
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
        let mut c = Case::v3("spec-3-2");
        c.authorization(|a| {
            a.replace(&format!("{name};"), "")
                .replace(&format!(";{name},"), ",")
        });
        assert_eq!(
            c.verify(),
            Err(VerifyError::UnsignedHeader { name }),
            "{name}"
        );
        let mut c = Case::v3("spec-3-2");
        c.remove(name);
        let error = c.verify().unwrap_err();
        assert!(
            matches!(error, VerifyError::SignedHeaderMissing { name: n, .. } if n == name),
            "{name}: {error:?}"
        );
        assert!(error.to_string().contains(&format!("`{name}`")), "{error}");
    }
    // A token that is sent must be signed.
    let mut c = Case::v3("spec-3-2");
    c.headers
        .push(("x-acs-security-token".to_owned(), "tok".to_owned()));
    assert_eq!(
        c.verify(),
        Err(VerifyError::UnsignedHeader {
            name: "x-acs-security-token"
        })
    );
    // A signed header that is not sent: named, with its offset.
    let mut c = Case::v3("spec-3-2");
    c.authorization(|a| a.replace(",Signature=", ";zz-extra,Signature="));
    let names = c.header("authorization").find("SignedHeaders=").unwrap() + 14;
    let offset = names + c.header("authorization")[names..].find("zz-extra").unwrap();
    let error = c.verify().unwrap_err();
    assert_eq!(
        error,
        VerifyError::SignedHeaderMissing {
            name: HeaderName::new("zz-extra"),
            at: offset
        }
    );
    assert_eq!(
        error.to_string(),
        format!("signed header `zz-extra` (Authorization byte {offset}) is not in the request")
    );
    // A name longer than the error holds is cut, and says so.
    let long = format!("zz-{}", "x".repeat(HeaderName::CAPACITY));
    let mut c = Case::v3("spec-3-2");
    c.authorization(|a| a.replace(",Signature=", &format!(";{long},Signature=")));
    let Err(VerifyError::SignedHeaderMissing { name, .. }) = c.verify() else {
        panic!("expected SignedHeaderMissing");
    };
    assert!(name.is_truncated());
    assert_eq!(name.as_str(), &long[..HeaderName::CAPACITY]);
    assert_eq!(
        name.to_string(),
        format!("{}…", &long[..HeaderName::CAPACITY])
    );
    assert_ne!(name, long.as_str());
}

#[test]
fn v3_header_values() {
    let mut c = Case::v3("spec-3-2");
    *c.header("x-acs-signature-nonce") = " ".to_owned();
    assert_eq!(
        c.verify(),
        Err(VerifyError::Empty {
            name: "x-acs-signature-nonce"
        })
    );
    let mut c = Case::v3("spec-3-2");
    let index = c.headers.iter().position(|(n, _)| n == "host").unwrap();
    c.header("host").push_str("\nx-evil:1");
    let error = c.verify().unwrap_err();
    assert_eq!(
        error,
        VerifyError::MalformedHeader {
            name: HeaderName::new("host"),
            index
        }
    );
    assert!(error.to_string().starts_with("header `host` "), "{error}");
    let mut c = Case::v3("spec-3-2");
    let again = ("X-Acs-Date".to_owned(), c.header("x-acs-date").clone());
    c.headers.push(again);
    let error = c.verify().unwrap_err();
    assert_eq!(
        error,
        VerifyError::DuplicateHeader {
            name: HeaderName::new("x-acs-date"),
            index: c.headers.len() - 1
        }
    );
    assert!(
        error
            .to_string()
            .contains("header `x-acs-date` is repeated"),
        "{error}"
    );
    // Several faulty signed headers: the first in `SignedHeaders` order is named,
    // wherever it was received.
    let mut c = Case::v3("spec-3-2");
    c.headers
        .insert(0, ("x-acs-version".to_owned(), "2014-06-18".to_owned()));
    c.header("host").push('\u{7f}');
    let index = c.headers.iter().position(|(n, _)| n == "host").unwrap();
    assert_eq!(
        c.verify(),
        Err(VerifyError::MalformedHeader {
            name: HeaderName::new("host"),
            index
        })
    );
    let mut c = Case::v3("spec-3-2");
    c.remove("x-acs-signature-nonce");
    c.headers.push(("x-acs-date".to_owned(), TIME.to_owned()));
    assert_eq!(
        c.verify(),
        Err(VerifyError::DuplicateHeader {
            name: HeaderName::new("x-acs-date"),
            index: c.headers.len() - 1
        })
    );
    // An unsigned header may repeat and holds anything.
    let mut c = Case::v3("spec-3-2");
    c.headers.push(("accept".to_owned(), "a".to_owned()));
    c.headers.push(("accept".to_owned(), "b".to_owned()));
    assert_eq!(c.verify(), Ok(()));
    let mut c = Case::v3("spec-3-2");
    *c.header("host") = "mts.cn-hangzhou.aliyuncs.com".to_owned();
    assert_eq!(c.verify(), Err(VerifyError::SignatureMismatch));
}

#[test]
fn v3_body_hash() {
    let c = Case::v3("spec-3-2");
    assert_eq!(
        c.verify_v3_with("/", Payload::Bytes(b"x")),
        Err(VerifyError::ContentHashMismatch)
    );
    assert_eq!(
        c.verify_v3_with("/", Payload::Sha256Hex("e3b0")),
        Err(VerifyError::ContentHashMismatch)
    );
    let upper = EMPTY_BODY_SHA256.to_ascii_uppercase();
    assert_eq!(c.verify_v3_with("/", Payload::Sha256Hex(&upper)), Ok(()));
}

#[test]
fn v3_a_header_name_in_the_query_is_reserved() {
    let mut c = Case::v3("spec-3-2");
    c.add_param("action=X");
    assert_eq!(
        c.verify(),
        Err(VerifyError::ReservedParameter { name: "Action" })
    );
}
