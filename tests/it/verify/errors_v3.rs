//! Each check of the v3 verifier, failed on purpose: the error names the check and
//! where. The requests are the `spec-3-2` and `sts-get` golden vectors
//! (`tests/vectors_v3/`), read from their files and then altered.

use std::fs;
use std::path::Path;

use mts_codec::Timestamp;
use mts_codec::signing::{CredentialsError, TimestampError};
use mts_codec::verify::{HeaderName, Payload, V3Request, Verifier, VerifyError};

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
        let error = c.verify().unwrap_err();
        assert!(
            matches!(error, VerifyError::SignedHeaderMissing { name: n, .. } if n == name),
            "{name}: {error:?}"
        );
        assert!(error.to_string().contains(&format!("`{name}`")), "{error}");
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
    // A signed header that is not sent: named, with its offset.
    let mut c = v3_case("spec-3-2");
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
    let mut c = v3_case("spec-3-2");
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
    let error = c.verify().unwrap_err();
    assert_eq!(
        error,
        VerifyError::MalformedHeader {
            name: HeaderName::new("host"),
            index
        }
    );
    assert!(error.to_string().starts_with("header `host` "), "{error}");
    let mut c = v3_case("spec-3-2");
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
