//! Signature v3 (ACS3-HMAC-SHA256): the spec §3.2 vector with every intermediate text
//! from `tests/vectors_v3/<case>/` (written by `generate.py`, Python hashlib/hmac),
//! and the rules one by one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;

use mts_codec::Timestamp;
use mts_codec::signing::{BodyHash, Credentials, Method, Params, V3Signer};

#[path = "common/counting_alloc.rs"]
mod counting_alloc;

const IDS: &str = "72dfa5e679ab4be9a3ed9974c7360001,72dfa5e679ab4be9a3ed9974c7360002";
const NONCE: &str = "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f";

fn read(case: &str, file: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors_v3")
        .join(case)
        .join(file);
    std::fs::read_to_string(p).unwrap()
}

fn signer() -> V3Signer<'static> {
    V3Signer::new(
        "QuerySnapshotJobList",
        "2014-06-18",
        "mts.cn-shanghai.aliyuncs.com",
    )
    .method(Method::Post)
}

fn time() -> Timestamp {
    Timestamp::parse("2024-01-01T00:00:00Z").unwrap()
}

#[test]
fn spec_vector_every_intermediate() {
    let creds = Credentials::new("testid", "testsecret").unwrap();
    let mut params = Params::<1>::new();
    params.insert("SnapshotJobIds", IDS).unwrap();
    let signed = signer()
        .sign(&params, &[], BodyHash::Empty, &creds, time(), NONCE)
        .unwrap();
    let mut s = String::new();
    signed.write_canonical_request(&mut s).unwrap();
    assert_eq!(s, read("spec-3-2", "canonical-request.txt"));
    assert_eq!(s.len(), signed.canonical_request_len());
    s.clear();
    signed.write_string_to_sign(&mut s).unwrap();
    assert_eq!(s, read("spec-3-2", "string-to-sign.txt"));
    assert_eq!(s.len(), signed.string_to_sign_len());
    assert_eq!(signed.signature(), read("spec-3-2", "signature.txt"));
    s.clear();
    signed.write_authorization(&mut s).unwrap();
    assert_eq!(s, read("spec-3-2", "authorization.txt"));
    assert_eq!(s.len(), signed.authorization_len());
    // GET signs differently (the method is the first line).
    let get = signer()
        .method(Method::Get)
        .sign(&params, &[], BodyHash::Empty, &creds, time(), NONCE)
        .unwrap();
    assert_ne!(get.signature(), signed.signature());
}

#[test]
fn hmac_key_is_the_secret_alone() {
    use hmac::{Hmac, Mac};
    let creds = Credentials::new("testid", "testsecret").unwrap();
    let params = Params::<0>::new();
    let signed = signer()
        .sign(&params, &[], BodyHash::Empty, &creds, time(), NONCE)
        .unwrap();
    let mut sts = String::new();
    signed.write_string_to_sign(&mut sts).unwrap();
    let mac = |key: &[u8]| {
        let mut m = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
        m.update(sts.as_bytes());
        m.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(signed.signature(), mac(b"testsecret"));
    assert_ne!(signed.signature(), mac(b"testsecret&"));
}

#[test]
fn space_is_percent_20_names_lowered_values_trimmed_list_sorted() {
    let creds = Credentials::new("testid", "testsecret")
        .unwrap()
        .with_security_token("tok");
    let mut params = Params::<1>::new();
    params.insert("PipelineId", "a b").unwrap();
    let extra = [("X-Custom-B", "  two  "), ("Accept", " application/json ")];
    let signed = signer()
        .sign(&params, &extra, BodyHash::Empty, &creds, time(), NONCE)
        .unwrap();
    let mut cr = String::new();
    signed.write_canonical_request(&mut cr).unwrap();
    assert_eq!(cr.len(), signed.canonical_request_len());
    let lines: Vec<&str> = cr.split('\n').collect();
    assert_eq!(lines[2], "PipelineId=a%20b");
    assert_eq!(lines[3], "accept:application/json");
    assert!(cr.contains("\nx-custom-b:two\n"));
    assert!(cr.contains("\nx-acs-security-token:tok\n"));
    let mut list = String::new();
    signed.write_signed_headers(&mut list).unwrap();
    let names: Vec<&str> = list.split(';').collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(names[0], "accept");
    assert!(names.contains(&"x-acs-security-token"));
    assert!(
        signed
            .headers()
            .any(|(n, v)| n == "X-Custom-B" && v == "two")
    );
}

#[test]
fn v3_signing_does_not_allocate() {
    let mut out = heapless::String::<1024>::new();
    let (_, n) = counting_alloc::count(|| {
        let creds = Credentials::new("testid", "testsecret").unwrap();
        let mut params = Params::<1>::new();
        params.insert("SnapshotJobIds", IDS).unwrap();
        let signed = signer()
            .sign(&params, &[], BodyHash::Empty, &creds, time(), NONCE)
            .unwrap();
        signed.write_query(&mut out).unwrap();
        signed.write_canonical_request(&mut out).unwrap();
        signed.write_authorization(&mut out).unwrap();
    });
    assert_eq!(n, 0, "v3 signing allocated {n} times");
    assert!(out.starts_with("SnapshotJobIds="));
}
