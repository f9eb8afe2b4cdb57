//! `Next` and `ErrorClass`: what a workflow tells its caller after each response.

use std::time::Duration;

use mts_codec::Format;
use mts_codec::Timestamp;
use mts_codec::api_error::ApiError;
use mts_codec::workflow::{ErrorClass, Next};

fn class(code: &str) -> ErrorClass {
    let body = format!(r#"{{"Code":"{code}","Message":"m"}}"#);
    ErrorClass::of(&ApiError::decode(Format::Json, body.as_bytes()).unwrap())
}

#[test]
fn classes() {
    for code in ["Throttling", "Throttling.User", "Throttling.Api"] {
        assert_eq!(class(code), ErrorClass::Throttled, "{code}");
    }
    for code in [
        "InternalError",
        "ServiceUnavailable",
        "UnknownError",
        "SignatureNonceUsed",
    ] {
        assert_eq!(class(code), ErrorClass::Transient, "{code}");
    }
    for code in [
        "SignatureDoesNotMatch",
        "IncompleteSignature",
        "InvalidAccessKeyId.NotFound",
        "InvalidTimeStamp.Expired",
        "Forbidden.RAM",
        "InvalidParameter",
        "ThrottlingX",
        "",
    ] {
        assert_eq!(class(code), ErrorClass::Fatal, "{code}");
    }
    let no_code = ApiError::decode(Format::Json, b"{}").unwrap();
    assert_eq!(ErrorClass::of(&no_code), ErrorClass::Fatal);
}

#[test]
fn poll_at_rounds_up() {
    let now = Timestamp::from_unix_seconds(100).unwrap();
    let at = |d| Next::After(d).poll_at(now).map(Timestamp::unix_seconds);
    assert_eq!(at(Duration::ZERO), Some(100));
    assert_eq!(at(Duration::from_millis(1)), Some(101));
    assert_eq!(at(Duration::from_secs(5)), Some(105));
    assert_eq!(at(Duration::MAX), None);
    assert_eq!(Next::Done.poll_at(now), None);
}
