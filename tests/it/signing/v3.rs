//! Signature v3 (ACS3-HMAC-SHA256): the spec §3.2 vector with every intermediate text
//! from `tests/vectors_v3/<case>/` (written by `generate.py`, Python hashlib/hmac),
//! and the rules one by one.

use std::path::Path;

use mts_codec::Timestamp;
use mts_codec::signing::{
    BodyHash, Credentials, Method, Params, SignedV3, SortedParams, V3Credentials, V3Signer,
};

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

/// Asserts every text of `signed` against the files of `tests/vectors_v3/<case>/`.
fn assert_case<P: SortedParams + ?Sized>(case: &str, signed: &SignedV3<'_, P>) {
    let mut s = String::new();
    signed.write_canonical_request(&mut s).unwrap();
    assert_eq!(s, read(case, "canonical-request.txt"), "{case}");
    assert_eq!(s.len(), signed.canonical_request_len());
    s.clear();
    signed.write_string_to_sign(&mut s).unwrap();
    assert_eq!(s, read(case, "string-to-sign.txt"), "{case}");
    assert_eq!(s.len(), signed.string_to_sign_len());
    assert_eq!(signed.signature(), read(case, "signature.txt"), "{case}");
    s.clear();
    signed.write_authorization(&mut s).unwrap();
    assert_eq!(s, read(case, "authorization.txt"), "{case}");
    assert_eq!(s.len(), signed.authorization_len());
}

/// Every text a signed request writes, for comparing two of them byte for byte.
fn texts<P: SortedParams + ?Sized>(signed: &SignedV3<'_, P>) -> Vec<String> {
    let mut out = vec![String::new(); 5];
    signed.write_query(&mut out[0]).unwrap();
    signed.write_canonical_request(&mut out[1]).unwrap();
    signed.write_string_to_sign(&mut out[2]).unwrap();
    signed.write_authorization(&mut out[3]).unwrap();
    for (name, value) in signed.headers() {
        out[4].push_str(&format!("{name}: {value}\n"));
    }
    out
}

#[test]
fn spec_vector_every_intermediate() {
    let creds = Credentials::new("testid", "testsecret").unwrap();
    let mut params = Params::<1>::new();
    params.insert("SnapshotJobIds", IDS).unwrap();
    let signed = signer()
        .sign(&params, &[], BodyHash::Empty, &creds, time(), NONCE)
        .unwrap();
    assert_case("spec-3-2", &signed);
    // Pre-keyed credentials give the same bytes, even once `creds` is gone.
    let v3 = V3Credentials::new(&creds);
    let per_call = texts(&signed);
    drop(signed);
    drop(creds);
    let pre_keyed = signer()
        .sign(&params, &[], BodyHash::Empty, &v3, time(), NONCE)
        .unwrap();
    assert_case("spec-3-2", &pre_keyed);
    assert_eq!(texts(&pre_keyed), per_call);
    // GET signs differently (the method is the first line).
    let get = signer()
        .method(Method::Get)
        .sign(&params, &[], BodyHash::Empty, &v3, time(), NONCE)
        .unwrap();
    assert_ne!(get.signature(), pre_keyed.signature());
}

#[test]
fn pre_keyed_and_per_call_credentials_sign_alike() {
    // Short and long secrets (over 64 bytes, hashed into the key), with and without a
    // token, with extra headers and a caller's body hash.
    let long = "k".repeat(100);
    let body = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    for secret in ["testsecret", &"s".repeat(64), &long] {
        for token in [None, Some("CAIS-tok/+=")] {
            let mut creds = Credentials::new("testid", secret).unwrap();
            if let Some(token) = token {
                creds = creds.with_security_token(token).unwrap();
            }
            let v3 = V3Credentials::from(&creds);
            assert_eq!(v3.access_key_id(), "testid");
            assert_eq!(v3.security_token(), token);
            let mut params = Params::<2>::new();
            params.insert("SnapshotJobIds", IDS).unwrap();
            params.insert("PipelineId", "a b").unwrap();
            let extra = [("X-Custom", " v "), ("accept", "application/json")];
            for body in [BodyHash::Empty, BodyHash::Hex(body)] {
                let a = signer()
                    .sign(&params, &extra, body, &creds, time(), NONCE)
                    .unwrap();
                let b = signer()
                    .sign(&params, &extra, body, &v3, time(), NONCE)
                    .unwrap();
                assert_eq!(
                    texts(&a),
                    texts(&b),
                    "secret {} token {token:?}",
                    secret.len()
                );
                assert_eq!(a.signature(), b.signature());
            }
        }
    }
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
        let mut m = <Hmac<sha2::Sha256> as hmac::digest::KeyInit>::new_from_slice(key).unwrap();
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
        .with_security_token("tok")
        .unwrap();
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
fn sts_vector_signs_the_token_header() {
    let creds = Credentials::new("STS.demo-key-id", "stsSecretNotReal")
        .unwrap()
        .with_security_token("CAIS-demo-token/+=")
        .unwrap();
    let mut params = Params::<2>::new();
    params
        .insert("SnapshotJobIds", "72dfa5e679ab4be9a3ed9974c7360001")
        .unwrap();
    params.insert("MaximumPageSize", "20").unwrap();
    let signer = V3Signer::new(
        "QuerySnapshotJobList",
        "2014-06-18",
        "mts.cn-hangzhou.aliyuncs.com",
    )
    .method(Method::Get);
    let time = Timestamp::parse("2024-05-06T07:08:09Z").unwrap();
    let nonce = "0123456789abcdef0123456789abcdef";
    let signed = signer
        .sign(&params, &[], BodyHash::Empty, &creds, time, nonce)
        .unwrap();
    assert_case("sts-get", &signed);
    // Pre-keyed, the token travels along and the bytes are the same.
    let v3 = V3Credentials::new(&creds);
    let pre_keyed = signer
        .sign(&params, &[], BodyHash::Empty, &v3, time, nonce)
        .unwrap();
    assert_case("sts-get", &pre_keyed);
    assert_eq!(texts(&pre_keyed), texts(&signed));
}

/// A source that yields whatever it is given, sorted or not.
struct Raw<'a>(&'a [(&'a str, &'a str)]);

impl mts_codec::signing::SortedParams for Raw<'_> {
    fn sorted_params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().copied()
    }
}

#[test]
fn query_names_of_v1_common_parameters_are_refused() {
    use mts_codec::signing::{SignError, V3_RESERVED_PARAMETERS};
    let creds = Credentials::new("testid", "testsecret").unwrap();
    let sign = |pairs: &[(&str, &str)]| {
        signer()
            .sign(&Raw(pairs), &[], BodyHash::Empty, &creds, time(), NONCE)
            .map(|s| s.signature().to_owned())
    };
    for name in V3_RESERVED_PARAMETERS {
        assert_eq!(
            sign(&[(name, "x")]),
            Err(SignError::ReservedParameter { name }),
            "{name}"
        );
        // Any case: a gateway that folds case would see the same clash.
        let lower = name.to_ascii_lowercase();
        assert_eq!(
            sign(&[("A", "1"), (&lower, "x")]),
            Err(SignError::ReservedParameter { name }),
            "{lower}"
        );
    }
    // The error text names the parameter.
    let err = sign(&[("Action", "DeleteEverything")]).unwrap_err();
    assert!(err.to_string().contains("`Action`"), "{err}");
    // RegionId is an ordinary API parameter in v3, and near-misses are fine.
    for ok in [
        "RegionId",
        "Actions",
        "ActionId",
        "Versions",
        "SignatureNonceX",
    ] {
        assert!(sign(&[(ok, "x")]).is_ok(), "{ok}");
    }
    // Order is still checked, in the same pass.
    assert_eq!(
        sign(&[("B", "1"), ("A", "2")]),
        Err(SignError::UnsortedParams { after: 1 })
    );
    assert_eq!(
        sign(&[("A", "1"), ("A", "2")]),
        Err(SignError::UnsortedParams { after: 1 })
    );
}

#[test]
fn headers_that_could_blur_the_canonical_request_are_refused() {
    use mts_codec::signing::{MAX_EXTRA_HEADERS, SignError};
    let creds = Credentials::new("testid", "testsecret").unwrap();
    let params = Params::<0>::new();
    let sign = |extra: &[(&str, &str)], nonce: &str| {
        signer()
            .sign(&params, extra, BodyHash::Empty, &creds, time(), nonce)
            .map(|s| s.signature().to_owned())
    };
    let bad_names = [
        "",
        "a:b",
        "a;b",
        "a b",
        "a\nb",
        "ä",
        "Authorization",
        "authorization",
        "HOST",
        "X-Acs-Date",
    ];
    for name in bad_names {
        assert_eq!(
            sign(&[(name, "v")], NONCE),
            Err(SignError::BadHeader),
            "{name:?}"
        );
    }
    for value in [
        "a\nx-acs-date:2030-01-01T00:00:00Z",
        "a\rb",
        "a\0b",
        "a\x7fb",
    ] {
        assert_eq!(
            sign(&[("x-custom", value)], NONCE),
            Err(SignError::BadHeader),
            "{value:?}"
        );
        // The signer's own header values are checked the same way.
        assert_eq!(
            sign(&[], value),
            Err(SignError::BadHeader),
            "nonce {value:?}"
        );
    }
    // Tabs inside a value, and surrounding whitespace (trimmed), are fine.
    assert!(sign(&[("x-custom", " a\tb \r\n")], NONCE).is_ok());
    let many: Vec<(String, &str)> = (0..=MAX_EXTRA_HEADERS)
        .map(|i| (format!("x-extra-{i}"), "v"))
        .collect();
    let many: Vec<(&str, &str)> = many.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    assert!(sign(&many[..MAX_EXTRA_HEADERS], NONCE).is_ok());
    assert_eq!(sign(&many, NONCE), Err(SignError::BadHeader));
}

// Compile-time: pre-keyed credentials can be shared across threads.
const _: fn() = || {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<V3Credentials<'static>>();
};

#[test]
fn pre_keyed_debug_shows_the_key_id_only() {
    let creds = Credentials::new("AKID-visible", "secret-never-shown")
        .unwrap()
        .with_security_token("token-never-shown")
        .unwrap();
    let v3 = V3Credentials::new(&creds);
    for text in [format!("{v3:?}"), format!("{v3:#?}")] {
        assert!(text.contains("AKID-visible"), "{text}");
        assert!(!text.contains("never-shown"), "{text}");
        assert_eq!(text.matches("<redacted>").count(), 2, "{text}");
    }
}
