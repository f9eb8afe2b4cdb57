//! `percent`: the RFC 3986 encoder of the signers, the wire writers, the verifier and
//! the OSS URLs.

use mts_codec::percent::{encode, encode_bytes, encoded_len, is_unreserved};
use proptest::prelude::*;

use crate::support::oracles::strict_percent::strict_decode;
use crate::support::proptest_config;

fn enc(s: &str) -> String {
    let mut out = String::new();
    encode(s, &mut out).unwrap();
    out
}

#[test]
fn unreserved_set_is_exactly_rfc3986() {
    const SET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
    for b in 0..=255u8 {
        assert_eq!(is_unreserved(b), SET.contains(&b), "byte {b:#04x}");
        let mut out = String::new();
        encode_bytes(&[b], &mut out).unwrap();
        assert_eq!(out.len(), encoded_len(&[b]), "byte {b:#04x}");
    }
}

#[test]
fn known_encodings() {
    assert_eq!(enc("a b"), "a%20b");
    assert_eq!(enc("~-_."), "~-_.");
    assert_eq!(enc("*'()!+/=&,:"), "%2A%27%28%29%21%2B%2F%3D%26%2C%3A");
    assert_eq!(enc("é"), "%C3%A9");
    assert_eq!(enc("%"), "%25");
    assert_eq!(enc(""), "");
}

proptest! {
    #![proptest_config(proptest_config(512))]

    #[test]
    fn encoded_bytes_are_unreserved_or_escapes_and_decode_back(input in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut out = String::new();
        encode_bytes(&input, &mut out).unwrap();
        prop_assert_eq!(out.len(), encoded_len(&input));
        prop_assert_eq!(strict_decode(&out), Some(input));
    }

    #[test]
    fn encoded_text_is_unreserved_or_escapes_and_decodes_back(input in any::<String>()) {
        let mut out = String::new();
        encode(&input, &mut out).unwrap();
        prop_assert_eq!(out.len(), encoded_len(input.as_bytes()));
        prop_assert_eq!(strict_decode(&out), Some(input.clone().into_bytes()));
        let mut bytes_out = String::new();
        encode_bytes(input.as_bytes(), &mut bytes_out).unwrap();
        prop_assert_eq!(out, bytes_out);
    }
}
