//! The signing golden vectors, seen from the server: every signed request under
//! `tests/vectors/` (v1) and `tests/vectors_v3/` (v3) verifies, and the verifier's
//! string-to-sign (and, for v3, canonical request) equals the expected file byte for
//! byte. The inputs are read from the files, never restated here.

use std::fs;
use std::path::{Path, PathBuf};

use mts_codec::Timestamp;
use mts_codec::verify::{Payload, RpcRequest, SignatureVersion, V3Request, Verifier, VerifyError};
use serde_json::Value;

fn cases(dir: &str, at_least: usize) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut cases: Vec<PathBuf> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= at_least, "golden cases missing in {dir}");
    cases
}

fn file(case: &Path, name: &str) -> String {
    fs::read_to_string(case.join(name)).unwrap_or_else(|e| panic!("{}/{name}: {e}", case.display()))
}

fn json(case: &Path) -> Value {
    serde_json::from_str(&file(case, "request.json")).unwrap()
}

fn str_of<'j>(json: &'j Value, key: &str) -> &'j str {
    json[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing"))
}

/// A lookup that knows only the case's key.
fn lookup_for(json: &Value) -> impl FnMut(&str) -> Option<String> + '_ {
    move |id| {
        (id == str_of(json, "access_key_id")).then(|| str_of(json, "access_key_secret").to_owned())
    }
}

#[test]
fn every_v1_vector_verifies() {
    for case in cases("tests/vectors", 5) {
        let json = json(&case);
        let query = file(&case, "signed-query.txt");
        let now = Timestamp::parse(str_of(&json, "timestamp")).unwrap();
        let method = str_of(&json, "method");
        let request = RpcRequest {
            method,
            query: query.as_bytes(),
            form_body: None,
        };
        let verifier = Verifier::new();
        let verified = verifier
            .verify_rpc(&request, now, lookup_for(&json))
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        assert_eq!(verified.signature_version(), SignatureVersion::V1);
        assert_eq!(verified.access_key_id(), str_of(&json, "access_key_id"));
        assert_eq!(verified.nonce(), str_of(&json, "nonce"));
        assert_eq!(verified.timestamp(), now);
        assert_eq!(
            verified.security_token(),
            json.get("security_token").and_then(Value::as_str)
        );
        if let Some(action) = json.get("action").and_then(Value::as_str) {
            assert_eq!(verified.action(), action);
        } else {
            assert_eq!(verified.action(), "QuerySnapshotJobList");
        }
        let ids = json["job_ids"].as_array().unwrap();
        if !ids.is_empty() {
            let joined: Vec<&str> = ids.iter().map(|v| v.as_str().unwrap()).collect();
            assert_eq!(
                verified.get("SnapshotJobIds"),
                Some(joined.join(",").as_str())
            );
        }
        assert_eq!(verified.get("Signature"), None);
        let debug = format!("{verified:?}");
        assert!(debug.contains(str_of(&json, "access_key_id")), "{debug}");
        if let Some(token) = json.get("security_token").and_then(Value::as_str) {
            assert!(
                !debug.contains(token) && debug.contains("<redacted>"),
                "{debug}"
            );
        }
        assert_eq!(verified.get("Format"), Some(str_of(&json, "format")));

        let mut sts = String::new();
        verifier
            .write_rpc_string_to_sign(&request, &mut sts)
            .unwrap();
        assert_eq!(sts, file(&case, "string-to-sign.txt"), "{}", case.display());

        // The same text as a form body (POST), and the wrong method.
        if method == "POST" {
            let form = RpcRequest::post_form("", query.as_bytes());
            verifier.verify_rpc(&form, now, lookup_for(&json)).unwrap();
        }
        let other = if method == "GET" { "POST" } else { "GET" };
        let wrong = RpcRequest {
            method: other,
            ..request
        };
        assert_eq!(
            verifier
                .verify_rpc(&wrong, now, lookup_for(&json))
                .unwrap_err(),
            VerifyError::SignatureMismatch,
            "{}",
            case.display()
        );
    }
}

/// The received headers of a v3 vector: the header lines of its canonical request
/// (names are lower-case there, as sent by the signer) plus `Authorization`.
fn v3_headers(case: &Path) -> Vec<(String, String)> {
    let canonical = file(case, "canonical-request.txt");
    let mut headers: Vec<(String, String)> = canonical
        .lines()
        .skip(3)
        .take_while(|l| !l.is_empty())
        .map(|l| {
            let (name, value) = l.split_once(':').unwrap();
            (name.to_owned(), value.to_owned())
        })
        .collect();
    headers.push(("Authorization".to_owned(), file(case, "authorization.txt")));
    headers
}

#[test]
fn every_v3_vector_verifies() {
    for case in cases("tests/vectors_v3", 2) {
        let json = json(&case);
        let canonical = file(&case, "canonical-request.txt");
        let lines: Vec<&str> = canonical.lines().collect();
        let owned = v3_headers(&case);
        let headers: Vec<(&str, &str)> = owned
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let request = V3Request {
            method: str_of(&json, "method"),
            path: lines[1],
            query: lines[2].as_bytes(),
            headers: &headers,
            body: Payload::Bytes(b""),
        };
        let now = Timestamp::parse(str_of(&json, "timestamp")).unwrap();
        let verifier = Verifier::new();
        let verified = verifier
            .verify_v3(&request, now, lookup_for(&json))
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        assert_eq!(verified.signature_version(), SignatureVersion::V3);
        assert_eq!(verified.access_key_id(), str_of(&json, "access_key_id"));
        assert_eq!(verified.nonce(), str_of(&json, "nonce"));
        assert_eq!(verified.action(), "QuerySnapshotJobList");
        assert_eq!(verified.api_version(), "2014-06-18");
        assert_eq!(
            verified.security_token(),
            json.get("security_token").and_then(Value::as_str)
        );
        let ids: Vec<&str> = json["job_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(verified.get("SnapshotJobIds"), Some(ids.join(",").as_str()));

        let mut text = String::new();
        verifier
            .write_v3_canonical_request(&request, &mut text)
            .unwrap();
        assert_eq!(text, canonical, "{}", case.display());
        text.clear();
        verifier
            .write_v3_string_to_sign(&request, &mut text)
            .unwrap();
        assert_eq!(
            text,
            file(&case, "string-to-sign.txt"),
            "{}",
            case.display()
        );

        // The body hash is a caller-computed one just as well; a wrong secret is not.
        let hashed = V3Request {
            body: Payload::Sha256Hex(mts_codec::signing::EMPTY_BODY_SHA256),
            ..request
        };
        verifier.verify_v3(&hashed, now, lookup_for(&json)).unwrap();
        assert_eq!(
            verifier
                .verify_v3(&request, now, |_: &str| Some("not-the-secret"))
                .unwrap_err(),
            VerifyError::SignatureMismatch
        );
    }
}
