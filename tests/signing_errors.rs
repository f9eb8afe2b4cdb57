//! Typed errors say which parameter, id or byte is wrong; secrets never print.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

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
fn job_id_errors() {
    let q = QuerySnapshotJobList::new;
    let e = q().job_ids(&["a"; 11]).unwrap_err();
    assert_eq!(e, RequestError::TooManyJobIds { count: 11 });
    assert_eq!(e.to_string(), "SnapshotJobIds: 11 ids, at most 10 allowed");
    let e = q().job_ids(&["a", "b", ""]).unwrap_err();
    assert_eq!(e, RequestError::EmptyJobId { index: 2 });
    assert_eq!(e.to_string(), "SnapshotJobIds: id 2 is empty");
    let e = q().job_ids(&["a,b"]).unwrap_err();
    assert_eq!(e, RequestError::JobIdContainsComma { index: 0 });
    assert!(e.to_string().contains("id 0 contains `,`"));
    assert_eq!(q().job_ids(&[]).unwrap_err(), RequestError::NoJobIds);
}

#[test]
fn page_size_errors() {
    for bad in [0, 301, u16::MAX] {
        let e = QuerySnapshotJobList::new()
            .maximum_page_size(bad)
            .unwrap_err();
        assert_eq!(e, RequestError::PageSizeOutOfRange { value: bad });
        assert!(e.to_string().starts_with("MaximumPageSize: "));
    }
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
}
