//! Typed errors say which parameter, id or byte is wrong; secrets never print.

use mts_codec::Timestamp;
use mts_codec::endpoint::{Endpoint, EndpointError};
use mts_codec::query_snapshot_job_list::{QuerySnapshotJobList, RequestError};
use mts_codec::signing::{
    Credentials, CredentialsError, MAX_SECRET_LEN, Params, ParamsErrorKind, RpcSigner, SignError,
    SortedParams,
};

fn time() -> Timestamp {
    Timestamp::parse("2024-01-01T00:00:00Z").unwrap()
}

#[test]
fn region_errors_name_the_byte() {
    let e = Endpoint::for_region("cn-hang\u{7f}zhou").unwrap_err();
    assert_eq!(e, EndpointError::InvalidRegionByte { byte: 0x7f, at: 7 });
    let e = QuerySnapshotJobList::new()
        .region_id("cn.hangzhou")
        .unwrap_err();
    assert_eq!(
        e,
        RequestError::Region(EndpointError::InvalidRegionByte { byte: b'.', at: 2 })
    );
    assert_eq!(
        e.to_string(),
        "RegionId: region id byte 2 is '.', outside [A-Za-z0-9_-]"
    );
    assert!(std::error::Error::source(&e).is_some());
}

#[test]
fn capacity_overflow_hands_the_pair_back() {
    let mut p = Params::<2>::new();
    p.insert("A", "1").unwrap();
    p.insert("B", "2").unwrap();
    let e = p.insert("C", "3").unwrap_err();
    assert_eq!(e.kind, ParamsErrorKind::CapacityExceeded { capacity: 2 });
    assert_eq!((e.key, e.value), ("C", "3"));
    assert_eq!(
        e.to_string(),
        "parameter `C` does not fit: the set holds at most 2 parameters"
    );
    assert_eq!(
        p.insert("A", "9").unwrap_err().kind,
        ParamsErrorKind::DuplicateKey
    );
}

#[test]
fn params_keep_byte_order_and_refuse_empty_keys() {
    let mut p = Params::<8>::new();
    for k in ["Tag.2.Key", "Tag", "Tag.10.Key", "Tag.1", "a", "Z"] {
        p.insert(k, "v").unwrap();
    }
    let keys: Vec<&str> = p.sorted_params().map(|(k, _)| k).collect();
    assert_eq!(keys, ["Tag", "Tag.1", "Tag.10.Key", "Tag.2.Key", "Z", "a"]);
    assert_eq!(
        p.insert("", "x").unwrap_err().kind,
        ParamsErrorKind::EmptyKey
    );
    assert_eq!(
        (p.len(), p.get("Z"), p.remove("Z")),
        (6, Some("v"), Some("v"))
    );
    assert_eq!(p.get("Z"), None);
}

#[test]
fn secret_too_long() {
    let secret = "s".repeat(MAX_SECRET_LEN + 1);
    let e = Credentials::new("id", &secret).unwrap_err();
    assert_eq!(
        e,
        CredentialsError::SecretTooLong {
            len: MAX_SECRET_LEN + 1
        }
    );
    assert!(!e.to_string().contains(&secret));
    assert!(Credentials::new("id", &secret[1..]).is_ok());
    let empty = |r: Result<Credentials<'_>, _>| r.unwrap_err();
    assert_eq!(
        empty(Credentials::new("id", "")),
        CredentialsError::EmptySecret
    );
    assert_eq!(
        empty(Credentials::new("", "s")),
        CredentialsError::EmptyAccessKeyId
    );
    let token = Credentials::new("id", "s").unwrap().with_security_token("");
    assert_eq!(empty(token), CredentialsError::EmptySecurityToken);
}

#[test]
fn signer_refuses_reserved_names_and_empty_nonce() {
    let creds = Credentials::new("id", "secret").unwrap();
    let signer = RpcSigner::new("A", "1");
    let mut p = Params::<2>::new();
    p.insert("Timestamp", "x").unwrap();
    assert_eq!(
        signer.sign(&p, &creds, time(), "n").unwrap_err(),
        SignError::ReservedParameter { name: "Timestamp" }
    );
    let mut p = Params::<2>::new();
    p.insert("Signature", "x").unwrap();
    assert_eq!(
        signer.sign(&p, &creds, time(), "n").unwrap_err(),
        SignError::ReservedParameter { name: "Signature" }
    );
    let empty = Params::<0>::new();
    assert_eq!(
        signer.sign(&empty, &creds, time(), "").unwrap_err(),
        SignError::EmptyNonce
    );
    assert_eq!(
        RpcSigner::new("", "1")
            .sign(&empty, &creds, time(), "n")
            .unwrap_err(),
        SignError::EmptyAction
    );
}

/// A source that breaks the sorted contract.
struct Unsorted;

impl SortedParams for Unsorted {
    fn sorted_params(&self) -> impl Iterator<Item = (&str, &str)> {
        [("B", "1"), ("A", "2")].into_iter()
    }
}

#[test]
fn signer_refuses_unsorted_source() {
    let creds = Credentials::new("id", "secret").unwrap();
    assert_eq!(
        RpcSigner::new("A", "1")
            .sign(&Unsorted, &creds, time(), "n")
            .unwrap_err(),
        SignError::UnsortedParams { after: 1 }
    );
}

#[test]
fn debug_redacts_secret_and_token() {
    let creds = Credentials::new("LTAI-visible-id", "the-secret-value")
        .unwrap()
        .with_security_token("the-token-value")
        .unwrap();
    let req = QuerySnapshotJobList::new().job_ids(&["x"]).unwrap();
    let signed = req.sign(&creds, time(), "n").unwrap();
    for text in [
        format!("{creds:?}"),
        format!("{creds:#?}"),
        format!("{signed:?}"),
    ] {
        assert!(text.contains("LTAI-visible-id"), "{text}");
        assert!(!text.contains("the-secret-value"), "{text}");
        assert!(!text.contains("the-token-value"), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
    }
    // The credentials print both the secret and the token as redacted.
    for text in [format!("{creds:?}"), format!("{creds:#?}")] {
        assert_eq!(text.matches("<redacted>").count(), 2, "{text}");
    }
}

/// An STS token of the size the service issues (about 1,200 bytes of base64).
fn sts_token() -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut token = String::from("CAIS");
    token.extend((0..1_196).map(|i| char::from(B64[(i * 7 + i / 64) % 64])));
    token.push_str("==");
    token
}

/// A writer that holds at most `cap` bytes, as a fixed buffer does.
struct Fixed {
    text: String,
    cap: usize,
}

impl std::fmt::Write for Fixed {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.text.len() + s.len() > self.cap {
            return Err(std::fmt::Error);
        }
        self.text.push_str(s);
        Ok(())
    }
}

/// A writer of a signed request: its name in `WriteError`, its `*_len`, and the call.
type Writer<'w> = (
    &'static str,
    usize,
    Box<dyn Fn(&mut Fixed) -> Result<(), mts_codec::signing::WriteError> + 'w>,
);

/// Each writer, into each capacity `caps(len)` below its length, fails naming itself, its
/// length and the bytes the sink took; at its exact length it fits.
fn assert_writers_name_their_sizes(writers: &[Writer<'_>], caps: impl Fn(usize) -> Vec<usize>) {
    for (name, len, write) in writers {
        for cap in caps(*len) {
            let mut w = Fixed {
                text: String::new(),
                cap,
            };
            let e = write(&mut w).unwrap_err();
            assert_eq!(
                (e.output(), e.needed(), e.accepted()),
                (*name, *len, cap),
                "{name} into {cap}"
            );
            assert_eq!(w.text.len(), cap, "{name} into {cap}");
        }
        let mut w = Fixed {
            text: String::new(),
            cap: *len,
        };
        write(&mut w).unwrap();
        assert_eq!(w.text.len(), *len, "{name}");
    }
}

#[test]
fn a_url_with_a_real_sts_token_into_1024_bytes_names_the_bytes_needed_and_taken() {
    let token = sts_token();
    assert!(token.len() >= 1_200);
    let creds = Credentials::new("STS.NUgYrLnoC37mZZCNnAbez2nwnH", "demo-secret-not-real")
        .unwrap()
        .with_security_token(&token)
        .unwrap();
    let request = QuerySnapshotJobList::new()
        .job_ids(&["88c6ca184c0e47098a5b665e2a126797"])
        .unwrap()
        .region_id("cn-shanghai")
        .unwrap();
    let signed = request.sign(&creds, time(), "nonce-1").unwrap();
    let endpoint = Endpoint::for_region("cn-shanghai").unwrap();
    let scheme = mts_codec::signing::Scheme::Https;
    let needed = signed.url_len(scheme, &endpoint);
    assert!(needed > 1024);

    // What the README used to do: a bare `Error: Error` before.
    let mut url = heapless::String::<1024>::new();
    let e = signed.write_url(scheme, &endpoint, &mut url).unwrap_err();
    assert_eq!(
        (e.output(), e.needed(), e.accepted()),
        ("URL", needed, 1024)
    );
    assert_eq!(
        e.to_string(),
        format!(
            "cannot write the URL: it needs {needed} bytes and the writer refused it after 1024; size the buffer from url_len()"
        )
    );
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert!(boxed.to_string().contains("url_len()"));

    // Sized from `url_len`, it fits; the refused buffer held a prefix of the same text.
    let mut full = String::with_capacity(needed);
    signed.write_url(scheme, &endpoint, &mut full).unwrap();
    assert_eq!(full.len(), needed);
    assert!(full.starts_with(url.as_str()));

    // Every writer, at capacities around its chunk boundaries and its exact length.
    let writers: [Writer<'_>; 6] = [
        (
            "URL",
            needed,
            Box::new(|w: &mut Fixed| signed.write_url(scheme, &endpoint, w)),
        ),
        (
            "form body",
            signed.form_body_len(),
            Box::new(|w: &mut Fixed| signed.write_form_body(w)),
        ),
        (
            "query",
            signed.query_len(),
            Box::new(|w: &mut Fixed| signed.write_query(w)),
        ),
        (
            "path and query",
            signed.path_and_query_len(),
            Box::new(|w: &mut Fixed| signed.write_path_and_query(w)),
        ),
        (
            "canonical query",
            signed.canonical_query_len(),
            Box::new(|w: &mut Fixed| signed.write_canonical_query(w)),
        ),
        (
            "string-to-sign",
            signed.string_to_sign_len(),
            Box::new(|w: &mut Fixed| signed.write_string_to_sign(w)),
        ),
    ];
    assert_writers_name_their_sizes(&writers, |len| vec![0, 1, 511, 512, 513, 1024, len - 1]);
}

#[test]
fn v3_writers_name_the_bytes_needed_and_taken() {
    use mts_codec::signing::{BodyHash, Method, V3Signer};
    let token = sts_token();
    let creds = Credentials::new("STS.NUgYrLnoC37mZZCNnAbez2nwnH", "demo-secret-not-real")
        .unwrap()
        .with_security_token(&token)
        .unwrap();
    let mut params = Params::<1>::new();
    params
        .insert("SnapshotJobIds", "88c6ca184c0e47098a5b665e2a126797")
        .unwrap();
    let signed = V3Signer::new(
        "QuerySnapshotJobList",
        "2014-06-18",
        "mts.cn-shanghai.aliyuncs.com",
    )
    .method(Method::Post)
    .sign(&params, &[], BodyHash::Empty, &creds, time(), "nonce-1")
    .unwrap();
    let len = signed.canonical_request_len();
    assert!(len > 1024);
    let mut out = heapless::String::<1024>::new();
    let e = signed.write_canonical_request(&mut out).unwrap_err();
    assert_eq!(
        (e.output(), e.needed(), e.accepted()),
        ("canonical request", len, 1024)
    );
    assert!(
        e.to_string()
            .ends_with("size the buffer from canonical_request_len()"),
        "{e}"
    );

    let writers: [Writer<'_>; 5] = [
        (
            "canonical request",
            len,
            Box::new(|w: &mut Fixed| signed.write_canonical_request(w)),
        ),
        (
            "query",
            signed.query_len(),
            Box::new(|w: &mut Fixed| signed.write_query(w)),
        ),
        (
            "signed headers",
            signed.signed_headers_len(),
            Box::new(|w: &mut Fixed| signed.write_signed_headers(w)),
        ),
        (
            "string-to-sign",
            signed.string_to_sign_len(),
            Box::new(|w: &mut Fixed| signed.write_string_to_sign(w)),
        ),
        (
            "Authorization value",
            signed.authorization_len(),
            Box::new(|w: &mut Fixed| signed.write_authorization(w)),
        ),
    ];
    assert_writers_name_their_sizes(&writers, |len| vec![0, 1, len / 2, len - 1]);
}
