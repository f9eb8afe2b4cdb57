//! A request with more parameters than the signer's merged array holds (32) takes the
//! streamed path; both paths must agree with an independent, allocating reference.

use mts_codec::Timestamp;
use mts_codec::signing::{Credentials, Method, Params, RpcSigner};

use crate::support::oracles::reference_v1;

/// The textbook algorithm, with `String`s and a sorted `Vec`.
fn reference(api: &[(String, String)]) -> (String, String) {
    let mut all: Vec<(String, String)> = api.to_vec();
    for (k, v) in [
        ("AccessKeyId", "testid"),
        ("Action", "QuerySnapshotJobList"),
        ("Format", "JSON"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "nonce"),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2024-01-01T00:00:00Z"),
        ("Version", "2014-06-18"),
    ] {
        all.push((k.into(), v.into()));
    }
    reference_v1::sign(all, "GET", "testsecret")
}

#[test]
fn both_merge_paths_agree_with_the_reference() {
    let creds = Credentials::new("testid", "testsecret").unwrap();
    let time = Timestamp::parse("2024-01-01T00:00:00Z").unwrap();
    let signer = RpcSigner::new("QuerySnapshotJobList", "2014-06-18").method(Method::Get);
    // 8 common parameters plus 0..=40 API ones: both sides of the 32 limit.
    for count in [0, 1, 10, 23, 24, 25, 30, 40] {
        let api: Vec<(String, String)> = (0..count)
            .map(|i| (format!("P{i:02}"), format!("v {i}, é/{}", "x".repeat(i))))
            .collect();
        let mut params = Params::<64>::new();
        for (k, v) in &api {
            params.insert(k, v).unwrap();
        }
        let signed = signer.sign(&params, &creds, time, "nonce").unwrap();
        let (sts, sig) = reference(&api);
        let mut got = String::new();
        signed.write_string_to_sign(&mut got).unwrap();
        assert_eq!(got, sts, "{count} parameters");
        assert_eq!(got.len(), signed.string_to_sign_len());
        assert_eq!(signed.signature(), sig, "{count} parameters");
    }
}
